"""
The ``ain-ref`` command line: spec coverage, vectors, the reference adapter, conformance.

Each sub-command is a short function that calls the module doing the work.

Layer: tooling.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from rich.console import Console
from rich.table import Table

from ain_ref import SPEC_VERSION, version_text
from ain_ref.conformance.fuzz import DEFAULT_FUZZ_EXAMPLES
from ain_ref.conformance.runner import DIFFERENTIAL_EXAMPLES
from ain_ref.consensus import commands as consensus_commands
from ain_ref.jobs import commands as jobs_commands
from ain_ref.repository import protocol_schemas_root, repository_root, vectors_root

REFERENCE_ADAPTER = f"{sys.executable} -m ain_ref.conformance.adapter"


def command_spec_coverage(arguments: argparse.Namespace) -> int:
    """Print the clause coverage table; exit 1 when a MUST clause is not covered."""
    from ain_ref.clauses import build_coverage

    require_checkout("spec coverage")
    report = build_coverage(repository_root())
    if arguments.json:
        rows = [
            {
                "clause": row.clause.clause_id,
                "level": row.clause.level,
                "source": row.clause.source,
                "implemented_by": list(row.implemented_by),
                "tested_by": list(row.tested_by),
                "vectors": len(row.vectors),
                "complete": row.is_complete(),
            }
            for row in report.rows
        ]
        print(json.dumps({"rows": rows, "problems": list(report.problems)}, indent=2))
        return 0 if report.is_complete() else 1
    console = Console(width=None if sys.stdout.isatty() else 140)
    table = Table(title=f"Clause coverage (spec {SPEC_VERSION})", show_edge=False)
    for column in ("clause", "level", "implemented by", "tests", "vectors", "status"):
        table.add_column(column, justify="right" if column in ("tests", "vectors") else "left")
    for row in report.rows:
        first = row.implemented_by[0].removeprefix("ain_ref.") if row.implemented_by else "-"
        more = f" (+{len(row.implemented_by) - 1})" if len(row.implemented_by) > 1 else ""
        status = "[green]ok[/]" if row.is_complete() else "[red]MISSING[/]"
        table.add_row(
            row.clause.clause_id,
            row.clause.level,
            first + more,
            str(len(row.tested_by)),
            str(len(row.vectors)),
            status,
        )
    console.print(table)
    for problem in report.problems:
        console.print(f"[red]problem:[/] {problem}")
    incomplete = [row.clause.clause_id for row in report.rows if not row.is_complete()]
    for clause_id in incomplete:
        console.print(f"[red]MUST clause not covered:[/] {clause_id}")
    total = len(report.rows)
    console.print(f"{total - len(incomplete)} of {total} clauses covered")
    return 0 if report.is_complete() else 1


def command_vectors_generate(arguments: argparse.Namespace) -> int:
    """Regenerate the committed vector tree from the fillers, swapping it in whole."""
    from ain_ref.vectors.generate import (
        TreeSwapError,
        fresh_generation,
        is_vector_tree,
        recover_tree,
        replace_tree,
    )

    require_checkout("vectors generate")
    root = Path(arguments.out) if arguments.out else vectors_root()
    recover_tree(root)
    if root.is_file() or (root.is_dir() and any(root.iterdir()) and not is_vector_tree(root)):
        raise UsageError(f"--out {root} is not empty and not a vector tree: refusing to replace it")
    with fresh_generation(repository_root()) as fresh:
        try:
            replace_tree(fresh, root)
        except TreeSwapError as error:
            raise UsageError(str(error)) from None
    count = json.loads((root / "MANIFEST.json").read_text())["count"]
    print(f"wrote {count} vectors to {root}")
    return 0


def command_vectors_manifest(arguments: argparse.Namespace) -> int:
    """Write MANIFEST.json for a tree a user assembled (fuzz regressions, own vectors)."""
    from ain_ref.vectors.manifest import write_manifest

    root = Path(arguments.directory)
    if not root.is_dir():
        raise UsageError(f"{root} is not a folder")
    try:
        count = write_manifest(root)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"wrote {root / 'MANIFEST.json'}: {count} vectors")
    return 0


def command_vectors_pack(arguments: argparse.Namespace) -> int:
    """Write the vectors, schemas and manifest as one byte-reproducible tar."""
    from ain_ref.vectors.pack import pack

    root = Path(arguments.vectors) if arguments.vectors else vectors_root()
    out = Path(arguments.out)
    check_output_path(out, "--out")
    try:
        count = pack(root, protocol_schemas_root(), out)
    except ValueError as error:
        print(f"ain-ref: error: {root}: {error}", file=sys.stderr)
        return 1
    print(f"wrote {out}: {count} members")
    return 0


def print_tree_diff(diff: object) -> None:
    """Print which vectors moved and which clauses they cite."""
    from ain_ref.vectors.generate import TreeDiff

    assert isinstance(diff, TreeDiff)
    for change in diff.vector_changes:
        sections = f" ({', '.join(change.sections)})" if change.sections else ""
        print(f"{change.kind:8} {change.vector_id}{sections}  [{', '.join(change.clauses)}]")
    for relative in diff.other_files:
        print(f"differs  {relative}")
    moved_clauses = sorted({c for change in diff.vector_changes for c in change.clauses})
    if moved_clauses:
        print(f"clauses whose vectors moved: {', '.join(moved_clauses)}")


def command_vectors_check(arguments: argparse.Namespace) -> int:
    """Exit 1 when the committed tree differs from a fresh generation."""
    from ain_ref.vectors.generate import compare_trees, fresh_generation

    require_checkout("vectors check")
    with fresh_generation(repository_root()) as fresh:
        diff = compare_trees(vectors_root(), fresh)
    if diff.is_empty():
        print("vectors check: the committed vectors are exactly what the generator produces")
        return 0
    print("vectors check: the committed vectors differ from a fresh generation:")
    print_tree_diff(diff)
    print("run `ain-ref vectors generate` and commit the result")
    return 1


def command_vectors_diff(arguments: argparse.Namespace) -> int:
    """Show which vectors a change to the spec moves (fresh generation against a tree)."""
    from ain_ref.vectors.generate import compare_trees, fresh_generation

    require_checkout("vectors diff")
    against = Path(arguments.against) if arguments.against else vectors_root()
    with fresh_generation(repository_root()) as fresh:
        diff = compare_trees(against, fresh)
    if diff.is_empty():
        print("no vector moved")
        return 0
    print_tree_diff(diff)
    return 0


def command_adapter(arguments: argparse.Namespace) -> int:
    """Serve the reference adapter on stdin and stdout."""
    from ain_ref.conformance.adapter import main

    main()
    return 0


def command_conformance_run(arguments: argparse.Namespace) -> int:
    """Run the suite against an implementation and report per vector, handler and clause."""
    from rich.progress import Progress

    from ain_ref.conformance.report import (
        print_summary,
        write_json_lines,
        write_junit,
        write_markdown,
    )
    from ain_ref.conformance.runner import Selection, run_suite

    for option in ("report", "junit", "markdown"):
        if getattr(arguments, option):
            check_output_path(Path(getattr(arguments, option)), f"--{option}")
    check_implementation(arguments.impl)
    keep_hypothesis_out_of_cwd()
    console = Console(highlight=False)
    root = Path(arguments.vectors) if arguments.vectors else vectors_root()
    selection = Selection(
        areas=tuple(arguments.area or ()),
        handlers=tuple(arguments.handler or ()),
        excluded=tuple(arguments.exclude or ()),
    )
    if selection.problems():
        raise UsageError("; ".join(selection.problems()))
    with Progress(console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task("running vectors", total=None)
        report = run_suite(
            arguments.impl,
            root,
            areas=selection.areas or None,
            selection=selection,
            timeout_seconds=arguments.timeout,
            validate_protocol=arguments.validate_protocol,
            differential_examples=arguments.differential_examples,
            order_seed=arguments.order_seed,
            on_result=lambda _: progress.advance(task),
        )
    if arguments.report:
        write_json_lines(report, Path(arguments.report))
    if arguments.junit:
        write_junit(report, Path(arguments.junit))
    if arguments.markdown:
        write_markdown(report, Path(arguments.markdown))
    print_summary(report, console, show_clauses=not arguments.brief)
    return 0 if report.is_success() else 1


def command_conformance_fuzz(arguments: argparse.Namespace) -> int:
    """Differential fuzzing of an implementation against the reference."""
    from ain_ref.conformance.fuzz import fuzz_area
    from ain_ref.conformance.process import ExchangeError

    check_implementation(arguments.impl)
    keep_hypothesis_out_of_cwd()
    out = Path(arguments.out) if arguments.out else Path.cwd() / "fuzz-regressions"
    try:
        findings = fuzz_area(
            arguments.impl,
            arguments.area,
            handlers=tuple(arguments.handler) if arguments.handler else None,
            examples=arguments.examples,
            seed=arguments.seed,
            output_root=out,
            timeout_seconds=arguments.timeout,
        )
    except ValueError as error:
        raise UsageError(str(error)) from None
    except ExchangeError as error:
        print(f"ain-ref: error: the implementation did not start: {error}", file=sys.stderr)
        return 1
    for finding in findings:
        print(f"DIVERGENCE {finding.vector_id}: {finding.summary}\n  wrote {finding.path}")
    if not findings:
        print(f"no divergence in {arguments.examples} examples per handler (seed {arguments.seed})")
    return 1 if findings else 0


def command_conformance_campaign(arguments: argparse.Namespace) -> int:
    """A fuzzing campaign: the fuzz targets under pytest, many workers, one Redis database."""
    import subprocess

    from ain_ref.conformance.fuzz import fuzz_targets

    check_implementation(arguments.impl)
    try:
        fuzz_targets(arguments.area, tuple(arguments.handler) if arguments.handler else None)
    except ValueError as error:
        raise UsageError(str(error)) from None
    environment = dict(
        os.environ,
        AIN_FUZZ_IMPL=arguments.impl,
        AIN_FUZZ_AREA=arguments.area,
        AIN_FUZZ_SECONDS=str(arguments.seconds),
        AIN_FUZZ_OUT=str(Path(arguments.out).resolve()),
        AIN_FUZZ_TIMEOUT=str(arguments.timeout),
    )
    if arguments.handler:
        environment["AIN_FUZZ_HANDLERS"] = ",".join(arguments.handler)
    if arguments.redis:
        environment["AIN_FUZZ_REDIS"] = arguments.redis
    command = [
        sys.executable,
        "-m",
        "pytest",
        "--pyargs",
        "ain_ref.conformance.fuzz_targets",
        "-p",
        "no:cacheprovider",
        "-q",
        "-n",
        str(arguments.workers),
    ]
    return subprocess.run(command, env=environment, check=False).returncode


def command_conformance_mutants(arguments: argparse.Namespace) -> int:
    """Plant each known bug in a copy of the reference and count those the vectors catch."""
    from ain_ref.conformance.mutation import MutantResult, mutation_score

    def show(result: MutantResult) -> None:
        caught = result.caught_by[0].vector_id if result.caught_by else "-"
        status = "killed  " if result.killed else "SURVIVED"
        print(f"{status} {result.mutant.area:9} {result.mutant.name:42} {caught}")

    results = mutation_score(vectors_root(), on_result=show)
    killed = sum(result.killed for result in results)
    print(f"mutation score: {killed} of {len(results)} mutants killed")
    return 0 if killed == len(results) else 1


class UsageError(Exception):
    """A bad argument: reported on one line, exit status 2."""


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        """Report a bad argument on one line."""
        self.exit(2, f"{self.prog}: error: {message}\n")


def require_checkout(command: str) -> None:
    """Refuse a development command when running from an installed wheel."""
    from ain_ref.repository import is_checkout

    if not is_checkout():
        raise UsageError(f"`ain-ref {command}` needs a source checkout (or AIN_REF_ROOT)")


def check_output_path(path: Path, option: str) -> None:
    """A report path must be writable before the run starts."""
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UsageError(f"{option} {path} is a folder")
    if not parent.is_dir():
        raise UsageError(f"{option} {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"{option} {path} is not writable")


def keep_hypothesis_out_of_cwd() -> None:
    """
    Point Hypothesis's own storage at a temporary folder for this process.

    The suite's fuzzing uses no example database unless one is configured (``--redis``), and
    a client's working directory gets nothing but the reports and regressions it asked for.
    """
    import atexit
    import shutil
    import tempfile

    from hypothesis.configuration import set_hypothesis_home_dir

    home = tempfile.mkdtemp(prefix="ain-ref-hypothesis-")
    atexit.register(shutil.rmtree, home, True)
    set_hypothesis_home_dir(home)


def check_implementation(command: str) -> None:
    """An ``--impl`` command must split and name a program that exists."""
    from ain_ref.conformance.process import CommandError, resolve_command

    try:
        resolve_command(command)
    except CommandError as error:
        raise UsageError(str(error)) from None


def positive_seconds(text: str) -> float:
    """A timeout: a finite number of seconds above zero."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"a timeout is finite and above zero, not {text!r}")
    return value


def positive_count(text: str) -> int:
    """A count of examples: an integer of at least one."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"at least 1, not {text!r}")
    return value


def count_or_zero(text: str) -> int:
    """A count that may be zero."""
    return 0 if text.strip() == "0" else positive_count(text)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command."""
    parser = OneLineParser(
        prog="ain-ref",
        description="AI Network protocol: executable spec, vectors and conformance suite.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=version_text(),
    )
    commands: argparse._SubParsersAction[argparse.ArgumentParser] = parser.add_subparsers(
        dest="command", required=True, parser_class=OneLineParser
    )

    spec = commands.add_parser("spec", help="the normative spec").add_subparsers(
        dest="spec_command", required=True
    )
    coverage = spec.add_parser("coverage", help="clauses, their implementations and tests")
    coverage.add_argument("--json", action="store_true", help="print JSON instead of a table")
    coverage.set_defaults(run_command=command_spec_coverage)

    vectors = commands.add_parser("vectors", help="generated test vectors").add_subparsers(
        dest="vectors_command", required=True
    )
    generate = vectors.add_parser("generate", help="regenerate vectors/ from the fillers")
    generate.add_argument("--out", help="write here instead of vectors/ (empty or a vector tree)")
    generate.set_defaults(run_command=command_vectors_generate)
    check = vectors.add_parser("check", help="fail if vectors/ differs from a fresh generation")
    check.set_defaults(run_command=command_vectors_check)
    diff = vectors.add_parser("diff", help="which vectors a change moves, with their clauses")
    diff.add_argument("--against", help="compare with this tree instead of vectors/")
    diff.set_defaults(run_command=command_vectors_diff)
    manifest = vectors.add_parser("manifest", help="write MANIFEST.json for a vector tree")
    manifest.add_argument("directory", help="the tree (e.g. fuzz regressions, your own vectors)")
    manifest.set_defaults(run_command=command_vectors_manifest)
    pack = vectors.add_parser("pack", help="vectors, schemas and manifest as a reproducible tar")
    pack.add_argument("--out", default="ain-vectors.tar", help="archive path (ain-vectors.tar)")
    pack.add_argument("--vectors", help="vector tree (default: the shipped one)")
    pack.set_defaults(run_command=command_vectors_pack)

    adapter = commands.add_parser("adapter", help="serve the reference adapter on stdio")
    adapter.set_defaults(run_command=command_adapter)

    conformance = commands.add_parser("conformance", help="the conformance suite")
    suite = conformance.add_subparsers(dest="conformance_command", required=True)
    run = suite.add_parser("run", help="run the vectors against an implementation")
    run.add_argument("--impl", default=REFERENCE_ADAPTER, help="adapter command (default: ain-ref)")
    run.add_argument("--area", action="append", help="only this area (repeatable)")
    run.add_argument("--handler", action="append", help="only this AREA/HANDLER (repeatable)")
    run.add_argument("--exclude", action="append", help="leave out AREA or AREA/HANDLER")
    run.add_argument("--report", help="write the JSON Lines report here")
    run.add_argument("--junit", help="write JUnit XML here")
    run.add_argument("--markdown", help="write a Markdown summary here")
    run.add_argument("--vectors", help="vector tree (default: the shipped one)")
    run.add_argument("--timeout", type=positive_seconds, default=10.0, help="seconds per vector")
    run.add_argument("--validate-protocol", action="store_true", help="check every message")
    run.add_argument("--brief", action="store_true", help="omit the per-clause table")
    run.add_argument(
        "--differential-examples",
        type=count_or_zero,
        default=DIFFERENTIAL_EXAMPLES,
        help=f"fresh inputs per handler checked against the reference ({DIFFERENTIAL_EXAMPLES})",
    )
    run.add_argument("--order-seed", type=int, help="replay a run's vector order")
    run.set_defaults(run_command=command_conformance_run)
    mutants = suite.add_parser("mutants", help="the vectors' mutation score")
    mutants.set_defaults(run_command=command_conformance_mutants)
    fuzz = suite.add_parser("fuzz", help="differential fuzzing against the reference")
    fuzz.add_argument(
        "--impl", default=REFERENCE_ADAPTER, help="adapter command (default: ain-ref)"
    )
    fuzz.add_argument("--area", required=True, help="area to fuzz")
    fuzz.add_argument("--handler", action="append", help="only this handler (repeatable)")
    fuzz.add_argument(
        "--examples",
        type=positive_count,
        default=DEFAULT_FUZZ_EXAMPLES,
        help=f"examples per handler ({DEFAULT_FUZZ_EXAMPLES})",
    )
    fuzz.add_argument("--seed", type=int, default=0, help="Hypothesis seed")
    fuzz.add_argument("--out", help="vector tree for regressions (default ./fuzz-regressions)")
    fuzz.add_argument("--timeout", type=positive_seconds, default=10.0, help="seconds per exchange")
    fuzz.set_defaults(run_command=command_conformance_fuzz)
    campaign = suite.add_parser("campaign", help="long fuzzing: many workers, one Redis database")
    campaign.add_argument("--impl", default=REFERENCE_ADAPTER, help="adapter command")
    campaign.add_argument("--area", required=True, help="area to fuzz")
    campaign.add_argument("--handler", action="append", help="only this handler (repeatable)")
    campaign.add_argument("--workers", type=positive_count, default=2, help="processes here (2)")
    campaign.add_argument("--seconds", type=positive_seconds, default=600.0, help="per target")
    campaign.add_argument("--redis", help="redis://HOST:PORT/DB shared by every worker")
    campaign.add_argument("--out", default="fuzz-regressions", help="tree for regressions")
    campaign.add_argument("--timeout", type=positive_seconds, default=10.0, help="per exchange")
    campaign.set_defaults(run_command=command_conformance_campaign)

    # Each area adds its own sub-commands from a module it owns (one line per area).
    jobs_commands.add_commands(commands)
    consensus_commands.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``ain-ref`` command."""
    arguments = build_parser().parse_args(argv)
    try:
        exit_code: int = arguments.run_command(arguments)
    except UsageError as error:
        print(f"ain-ref: error: {error}", file=sys.stderr)
        return 2
    return exit_code


if __name__ == "__main__":
    raise SystemExit(main())
