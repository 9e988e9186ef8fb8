"""
The ``ain-ref`` command line: spec coverage, vectors, the reference adapter, conformance.

Each sub-command is a short function that calls the module doing the work.

Layer: tooling.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ain_ref import SPEC_VERSION, version_text
from ain_ref.consensus import commands as consensus_commands
from ain_ref.jobs import commands as jobs_commands
from ain_ref.repository import repository_root, vectors_root

REFERENCE_ADAPTER = f"{sys.executable} -m ain_ref.conformance.adapter"


def command_spec_coverage(arguments: argparse.Namespace) -> int:
    """Print the clause coverage table; exit 1 when a MUST clause is not covered."""
    from ain_ref.clauses import build_coverage

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
    """Regenerate the committed vector tree from the fillers."""
    from ain_ref.vectors.generate import fresh_generation, replace_tree

    root = Path(arguments.out) if arguments.out else vectors_root()
    with fresh_generation(repository_root()) as fresh:
        replace_tree(fresh, root)
    count = json.loads((root / "MANIFEST.json").read_text())["count"]
    print(f"wrote {count} vectors to {root}")
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
    """Run the suite against an implementation and report per vector and per clause."""
    from rich.progress import Progress

    from ain_ref.conformance.report import print_summary, write_json_lines, write_junit
    from ain_ref.conformance.runner import load_vectors, run_suite

    console = Console()
    root = Path(arguments.vectors) if arguments.vectors else vectors_root()
    areas = tuple(arguments.area) if arguments.area else None
    total = len(load_vectors(root, areas))
    with Progress(console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task("running vectors", total=total)
        report = run_suite(
            arguments.impl,
            root,
            areas=areas,
            timeout_seconds=arguments.timeout,
            validate_protocol=arguments.validate_protocol,
            on_result=lambda _: progress.advance(task),
        )
    if arguments.report:
        write_json_lines(report, Path(arguments.report))
    if arguments.junit:
        write_junit(report, Path(arguments.junit))
    print_summary(report, console, show_clauses=not arguments.brief)
    return 0 if report.is_success() else 1


def command_conformance_fuzz(arguments: argparse.Namespace) -> int:
    """Differential fuzzing of an implementation against the reference."""
    from ain_ref.conformance.fuzz import fuzz_area

    out = Path(arguments.out) if arguments.out else vectors_root() / "regressions"
    findings = fuzz_area(
        arguments.impl,
        arguments.area,
        handlers=tuple(arguments.handler) if arguments.handler else None,
        examples=arguments.examples,
        seed=arguments.seed,
        output_root=out,
        timeout_seconds=arguments.timeout,
    )
    for finding in findings:
        print(f"DIVERGENCE {finding.vector_id}: {finding.summary}\n  wrote {finding.path}")
    if not findings:
        print(f"no divergence in {arguments.examples} examples per handler (seed {arguments.seed})")
    return 1 if findings else 0


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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command."""
    parser = argparse.ArgumentParser(
        prog="ain-ref",
        description="AI Network protocol: executable spec, vectors and conformance suite.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=version_text(),
    )
    commands = parser.add_subparsers(dest="command", required=True)

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
    generate.add_argument("--out", help="write here instead of vectors/")
    generate.set_defaults(run_command=command_vectors_generate)
    check = vectors.add_parser("check", help="fail if vectors/ differs from a fresh generation")
    check.set_defaults(run_command=command_vectors_check)
    diff = vectors.add_parser("diff", help="which vectors a change moves, with their clauses")
    diff.add_argument("--against", help="compare with this tree instead of vectors/")
    diff.set_defaults(run_command=command_vectors_diff)

    adapter = commands.add_parser("adapter", help="serve the reference adapter on stdio")
    adapter.set_defaults(run_command=command_adapter)

    conformance = commands.add_parser("conformance", help="the conformance suite")
    suite = conformance.add_subparsers(dest="conformance_command", required=True)
    run = suite.add_parser("run", help="run the vectors against an implementation")
    run.add_argument("--impl", default=REFERENCE_ADAPTER, help="adapter command (default: ain-ref)")
    run.add_argument("--area", action="append", help="only this area (repeatable)")
    run.add_argument("--report", help="write the JSON Lines report here")
    run.add_argument("--junit", help="write JUnit XML here")
    run.add_argument("--vectors", help="vector tree (default: vectors/)")
    run.add_argument("--timeout", type=float, default=10.0, help="seconds per vector")
    run.add_argument("--validate-protocol", action="store_true", help="check every message")
    run.add_argument("--brief", action="store_true", help="omit the per-clause table")
    run.set_defaults(run_command=command_conformance_run)
    mutants = suite.add_parser("mutants", help="the vectors' mutation score")
    mutants.set_defaults(run_command=command_conformance_mutants)
    fuzz = suite.add_parser("fuzz", help="differential fuzzing against the reference")
    fuzz.add_argument("--impl", required=True, help="adapter command of the implementation")
    fuzz.add_argument("--area", required=True, help="area to fuzz")
    fuzz.add_argument("--handler", action="append", help="only this handler (repeatable)")
    fuzz.add_argument("--examples", type=int, default=200, help="examples per handler")
    fuzz.add_argument("--seed", type=int, default=0, help="Hypothesis seed")
    fuzz.add_argument("--out", help="where regression vectors go (default vectors/regressions)")
    fuzz.add_argument("--timeout", type=float, default=10.0, help="seconds per exchange")
    fuzz.set_defaults(run_command=command_conformance_fuzz)

    # Each area adds its own sub-commands from a module it owns (one line per area).
    jobs_commands.add_commands(commands)
    consensus_commands.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``ain-ref`` command."""
    arguments = build_parser().parse_args(argv)
    exit_code: int = arguments.run_command(arguments)
    return exit_code


if __name__ == "__main__":
    raise SystemExit(main())
