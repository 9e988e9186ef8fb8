"""Mutation score of the vectors: cosmic-ray's mutants, killed by `ain-ref conformance run` alone.

Run (not in CI; needs `pip install cosmic-ray`, MIT licence):

    python bench/mutation_score.py --sample 240 --seed 10 --out mutation.jsonl

1. Enumerate every mutation cosmic-ray's core operators (binary, comparison, unary and boolean
   operator replacement, number replacement, break/continue, zero-iteration loops, keyword
   and exception replacement, ...) can make in the target modules: encoding.py, crypto.py,
   chain.py, state/ and economy/.
2. Draw `--sample` of them with `random.Random(--seed)` (uniform over all mutation points; the
   same seed on the same source gives the same mutants).
3. Classify each statically: a mutation inside a rejection's detail string or any f-string is
   *equivalent* (vectors carry codes, never details), and so is one inside the arguments of a
   memo (``functools.lru_cache(maxsize=...)``: speed only) or in a type annotation (never
   evaluated: every module has ``from __future__ import annotations``); they are not run.
4. Plant each other mutant, one at a time, in a copy of the package, and run
   `ain-ref conformance run --impl <the copy's adapter> --area <its area> --brief` with the
   committed vectors: the mutant is *killed* when the run fails (a vector fails or errors, or
   the run times out). pytest plays no part.
5. Score = killed / (sampled - equivalent). Survivors are written with their diff for review;
   those read and found equivalent are listed in REVIEWED_EQUIVALENT with the reason, and
   `--summarize` counts them as equivalent. `--rerun` runs the survivors of a finished run
   again (after new vectors), each found again by its diff.

Only the mutated module's area runs (encoding.py: encoding; crypto.py: crypto; jobs/tee/:
tee, chosen with --module; the rest: state), which keeps one mutant to a few seconds.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

try:
    import cosmic_ray.plugins
    from cosmic_ray.ast import ast_nodes, get_ast
    from cosmic_ray.mutating import mutate_code
except ImportError:  # pragma: no cover - a tool, not a dependency
    sys.exit("bench/mutation_score.py needs cosmic-ray: pip install cosmic-ray")

REVIEWED_EQUIVALENT = {
    (
        "encoding.py",
        "-            elif kind is dict or kind is list:\n"
        "+            elif kind is dict or kind == list:",
    ): "a type object equals only itself: `==` and `is` agree",
    (
        "encoding.py",
        "-        if depth >= MAX_NESTING_DEPTH:\n+        if depth is MAX_NESTING_DEPTH:",
    ): "depth grows by one per level and stops at the limit; small ints are one object",
    (
        "encoding.py",
        "-            if encoded_key < previous_key:\n+            if encoded_key <= previous_key:",
    ): "equal keys were refused one line above (ENCODING_DUPLICATE_KEY)",
    (
        "state/apply.py",
        "-    if len(transition.call_stack) >= MAX_FUNCTION_DEPTH:\n"
        "+    if len(transition.call_stack) is MAX_FUNCTION_DEPTH:",
    ): "the stack grows by one per call and stops at the limit; small ints are one object",
    (
        "crypto.py",
        "-    if type(chain_id) is not int or not 0 <= chain_id <= CHAIN_ID_MAX:\n"
        "+    if type(chain_id) != int or not 0 <= chain_id <= CHAIN_ID_MAX:",
    ): "a type object equals only itself: `!=` and `is not` agree",
    (
        "crypto.py",
        "-    if len(public_key) != PUBLIC_KEY_SIZE:\n"
        "+    if len(public_key) is not PUBLIC_KEY_SIZE:",
    ): "len() of a key is a small int, one object per value: `is not` is `!=`",
    (
        "crypto.py",
        "-    if encoded_y(signature[:32]) in SMALL_ORDER_Y_ENCODINGS:\n"
        "+    if encoded_y(signature[: 33]) in SMALL_ORDER_Y_ENCODINGS:",
    ): "encoded_y keeps the low 255 bits: a 33rd byte is masked away",
    (
        "encoding.py",
        "-    if kind is bytes or kind is bool or value is None:\n"
        "+    if kind == bytes or kind is bool or value is None:",
    ): "a type object equals only itself: `==` and `is` agree",
    (
        "encoding.py",
        "-        if depth + 1 > MAX_NESTING_DEPTH:\n+        if depth ^ 1 > MAX_NESTING_DEPTH:",
    ): "depth ^ 1 differs from depth + 1 only at odd depths >= 65, never reached",
    (
        "encoding.py",
        "-    if end != len(data):\n+    if end is not len(data):",
    ): "the scan reaches the end without a violation only for input the fast path accepts",
    (
        "encoding.py",
        "-            allow_indefinite=False,\n+            allow_indefinite=True,",
    ): "an indefinite item never re-encodes to its input, which the fast path compares",
    (
        "jobs/tee/cbor_reader.py",
        "-SIMPLE_VALUES: Final = {20: False, 21: True, 22: None}\n"
        "+SIMPLE_VALUES: Final = {20: True, 21: True, 22: None}",
    ): "no Nitro field admits a boolean: false and true reach the same verdict everywhere",
    (
        "jobs/tee/cose.py",
        "-    if type(protected) is bytes and type(payload) is bytes"
        " and type(signature) is bytes:\n"
        "+    if type(protected) is bytes and type(payload) is bytes"
        " and type(signature) == bytes:",
    ): "type(x) == bytes and type(x) is bytes agree for every value",
}
"""Mutants read and found to compute the same function, with the reason (module, diff)."""

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ain_ref"
TARGETS = ("encoding.py", "crypto.py", "chain.py", "state/*.py", "economy/*.py")
AREA_OF_MODULE = {"encoding.py": "encoding", "crypto.py": "crypto"}
PERFORMANCE_CALLS = ("lru_cache", "cache")
"""Calls whose arguments tune speed alone (a memo's size): a mutation there is equivalent."""
DETAIL_CALLS = ("Rejection", "EncodingError", "HandlerInputError", "ValueError", "TypeError")
LOCATION_KEYWORD = "location"


@attrs.frozen
class MutationPoint:
    """One mutation cosmic-ray can make: module, operator and occurrence, with its position."""

    module: str  # below ain_ref/
    operator: str
    occurrence: int
    line: int
    column: int


def target_modules() -> list[str]:
    """The modules to mutate, below ain_ref/, in path order."""
    modules = set()
    for pattern in TARGETS:
        modules.update(str(path.relative_to(PACKAGE)) for path in PACKAGE.glob(pattern))
    return sorted(module for module in modules if not module.endswith("__init__.py"))


def operators() -> list[tuple[str, Any]]:
    """cosmic-ray's operators that need no arguments, by name."""
    found = []
    for name in sorted(cosmic_ray.plugins.operator_names()):
        operator_class = cosmic_ray.plugins.get_operator(name)
        if not operator_class.arguments():
            found.append((name, operator_class()))
    return found


def mutation_points(package: Path, module: str) -> Iterator[MutationPoint]:
    """Every mutation point of one module, in cosmic-ray's own occurrence order."""
    tree = get_ast((package / module).read_text(encoding="utf-8"))
    nodes = list(ast_nodes(tree))
    for name, operator in operators():
        occurrence = 0
        for node in nodes:
            for start, _ in operator.mutation_positions(node):
                yield MutationPoint(module, name, occurrence, start[0], start[1])
                occurrence += 1


def spans_of_details(source: str) -> list[tuple[int, int, int, int, str]]:
    """(first line, col, last line, end col, kind) of detail strings and location arguments."""
    spans = []
    for node in ast.walk(ast.parse(source)):
        for annotation in annotations_of(node):
            spans.append(
                (
                    annotation.lineno,
                    annotation.col_offset,
                    annotation.end_lineno or annotation.lineno,
                    annotation.end_col_offset or 0,
                    "f",
                )
            )
        if isinstance(node, ast.JoinedStr):
            spans.append((node.lineno, node.col_offset, node.end_lineno, node.end_col_offset, "f"))
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name in PERFORMANCE_CALLS:
            spans.append((node.lineno, node.col_offset, node.end_lineno, node.end_col_offset, "f"))
        if name not in DETAIL_CALLS:
            continue
        arguments = list(node.args)
        detail_index = 1 if name == "Rejection" else 0
        for index, argument in enumerate(arguments):
            kind = "detail" if index == detail_index else ""
            if name == "Rejection" and index == 2:
                kind = "location"
            if kind:
                spans.append(
                    (
                        argument.lineno,
                        argument.col_offset,
                        argument.end_lineno or argument.lineno,
                        argument.end_col_offset or 0,
                        kind,
                    )
                )
        for keyword in node.keywords:
            kind = {"detail": "detail", LOCATION_KEYWORD: "location"}.get(keyword.arg or "", "")
            if kind:
                value = keyword.value
                spans.append(
                    (
                        value.lineno,
                        value.col_offset,
                        value.end_lineno or value.lineno,
                        value.end_col_offset or 0,
                        kind,
                    )
                )
    return spans


def annotations_of(node: ast.AST) -> list[ast.expr]:
    """Type annotations on a node: never evaluated (every module has postponed annotations)."""
    if isinstance(node, ast.AnnAssign):
        return [node.annotation]
    if isinstance(node, ast.arg) and node.annotation is not None:
        return [node.annotation]
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns is not None:
        return [node.returns]
    return []


def classify(point: MutationPoint, spans: list[tuple[int, int, int, int, str]]) -> str:
    """'equivalent' inside a detail string, 'location' inside a location argument, else ''."""
    position = (point.line, point.column)
    kinds = {
        kind
        for first, column, last, end_column, kind in spans
        if (first, column) <= position < (last, end_column)
    }
    if kinds & {"f", "detail"}:
        return "equivalent"
    return "location" if "location" in kinds else ""


def area_of(module: str) -> str:
    """The area whose vectors exercise a module."""
    if module.startswith("jobs/tee/"):
        return "tee"
    return AREA_OF_MODULE.get(module, "state")


def run_killer(copy_root: Path, area: str, timeout_seconds: float) -> tuple[bool, list[str]]:
    """Run the area's vectors against the copy; (killed, the first vectors that failed)."""
    adapter = f"env PYTHONPATH={copy_root} {sys.executable} -P -m ain_ref.conformance.adapter"
    report = copy_root / "report.jsonl"
    command = [
        sys.executable,
        "-m",
        "ain_ref.cli",
        "conformance",
        "run",
        "--impl",
        adapter,
        "--area",
        area,
        "--brief",
        "--timeout",
        "5",
        "--vectors",
        str(ROOT / "vectors"),
        "--report",
        str(report),
    ]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        completed = subprocess.run(
            command,
            cwd=ROOT,
            env=environment,
            capture_output=True,
            timeout=timeout_seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return True, ["(the run timed out)"]
    failed = []
    if report.exists():
        for line in report.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record.get("verdict") in ("fail", "error"):
                failed.append(record.get("vector_id", "?"))
        report.unlink()
    return completed.returncode != 0, failed[:5]


def plant(copy_root: Path, module: str, source: str) -> None:
    """Write a module's source into the copy and drop its stale bytecode."""
    target = copy_root / "ain_ref" / module
    target.write_text(source, encoding="utf-8")
    for cached in (target.parent / "__pycache__").glob(f"{target.stem}.*.pyc"):
        cached.unlink()


def short_diff(original: str, mutated: str) -> str:
    """The changed lines of a mutant."""
    lines = difflib.unified_diff(original.splitlines(), mutated.splitlines(), lineterm="", n=0)
    return "\n".join(line for line in lines if line[:1] in "+-" and line[:3] not in ("+++", "---"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=240)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--out", default="mutation.jsonl")
    parser.add_argument("--module", action="append", help="only these modules (below ain_ref/)")
    parser.add_argument("--timeout", type=float, default=240.0, help="seconds per mutant")
    parser.add_argument("--summarize", metavar="FILE", help="print the table of a finished run")
    parser.add_argument(
        "--rerun", metavar="FILE", help="run again the survivors of a finished run (same diffs)"
    )
    arguments = parser.parse_args()
    if arguments.summarize:
        summarize(Path(arguments.summarize))
        return
    if arguments.rerun:
        rerun_survivors(Path(arguments.rerun), Path(arguments.out), arguments.timeout)
        return

    modules = arguments.module or target_modules()
    counts = {"killed": 0, "survived": 0, "equivalent": 0, "no_mutation": 0}
    with tempfile.TemporaryDirectory(prefix="ain-mutation-") as temporary:
        # A pristine snapshot to mutate from, and a working copy the adapter imports: edits to
        # the worktree during a run change nothing.
        pristine, copy_root = Path(temporary) / "pristine", Path(temporary) / "work"
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(PACKAGE, pristine / "ain_ref", ignore=ignore)
        shutil.copytree(PACKAGE, copy_root / "ain_ref", ignore=ignore)
        package = pristine / "ain_ref"
        points = [point for module in modules for point in mutation_points(package, module)]
        rng = random.Random(arguments.seed)
        sample = sorted(
            rng.sample(points, min(arguments.sample, len(points))),
            key=lambda p: (p.module, p.line, p.operator, p.occurrence),
        )
        print(f"{len(points)} mutation points in {len(modules)} modules; {len(sample)} sampled")
        with open(arguments.out, "w", encoding="utf-8") as out:
            for index, point in enumerate(sample, 1):
                record = run_point(package, copy_root, point, arguments.timeout)
                counts[record["outcome"]] += 1
                out.write(json.dumps(record, sort_keys=True) + "\n")
                out.flush()
                print(
                    f"[{index}/{len(sample)}] {record['outcome']:10} {point.module}:{point.line} "
                    f"{point.operator} ({record['seconds']} s)",
                    flush=True,
                )
    scored = counts["killed"] + counts["survived"]
    score = counts["killed"] / scored if scored else 0.0
    print(json.dumps({**counts, "score": round(score, 4), "seed": arguments.seed}))


def rerun_survivors(results: Path, out_path: Path, timeout_seconds: float) -> None:
    """
    Run the survivors of an earlier run against today's source and vectors.

    A survivor is found again by its operator and its diff, so that code added elsewhere in the
    module since (which moves occurrences and lines) does not change which mutant runs.
    """
    records = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    survivors = [record for record in records if record["outcome"] == "survived"]
    with tempfile.TemporaryDirectory(prefix="ain-mutation-") as temporary:
        pristine, copy_root = Path(temporary) / "pristine", Path(temporary) / "work"
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(PACKAGE, pristine / "ain_ref", ignore=ignore)
        shutil.copytree(PACKAGE, copy_root / "ain_ref", ignore=ignore)
        package = pristine / "ain_ref"
        with open(out_path, "w", encoding="utf-8") as out:
            for record in survivors:
                point = find_again(package, record)
                if point is None:
                    result = {**record, "outcome": "gone"}  # the mutated code no longer exists
                else:
                    result = run_point(package, copy_root, point, timeout_seconds)
                out.write(json.dumps(result, sort_keys=True) + "\n")
                print(
                    f"{result['outcome']:10} {record['module']}:{record['line']} "
                    f"{record['operator']}",
                    flush=True,
                )


def find_again(package: Path, record: dict[str, Any]) -> MutationPoint | None:
    """The mutation point of today's source whose mutant has the recorded diff."""
    original = (package / record["module"]).read_text(encoding="utf-8")
    operator = cosmic_ray.plugins.get_operator(record["operator"])()
    candidates = []
    for point in mutation_points(package, record["module"]):
        if point.operator != record["operator"]:
            continue
        mutated = mutate_code(original, operator, point.occurrence)
        if mutated is not None and short_diff(original, mutated) == record["diff"]:
            candidates.append(point)
    # Two lines may read alike: the one nearest the recorded line is the same mutant.
    return min(candidates, key=lambda p: abs(p.line - record["line"]), default=None)


def summarize(results: Path) -> None:
    """Per group of modules: killed, survived, equivalent and the score; then every survivor."""
    records = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    for record in records:
        reason = REVIEWED_EQUIVALENT.get((record["module"], record["diff"]))
        if record["outcome"] == "survived" and reason:
            record["outcome"], record["reason"] = "equivalent", reason
    groups: dict[str, dict[str, int]] = {}
    for record in records:
        group = record["module"].split("/")[0] if "/" in record["module"] else record["module"]
        counts = groups.setdefault(group, {"killed": 0, "survived": 0, "equivalent": 0})
        counts[record["outcome"]] = counts.get(record["outcome"], 0) + 1
    total = {"killed": 0, "survived": 0, "equivalent": 0}
    print(f"{'module':14} {'killed':>7} {'survived':>9} {'equivalent':>11} {'score':>7}")
    for group, counts in sorted(groups.items()):
        for key in total:
            total[key] += counts.get(key, 0)
        print(score_line(group, counts))
    print(score_line("total", total))
    for record in records:
        if record["outcome"] == "survived":
            kind = " (location only)" if record.get("kind") == "location" else ""
            print(f"\n{record['module']}:{record['line']} {record['operator']}{kind}")
            print(record["diff"])


def score_line(name: str, counts: dict[str, int]) -> str:
    """One row of the summary table."""
    scored = counts["killed"] + counts["survived"]
    score = f"{100 * counts['killed'] / scored:.1f}%" if scored else "-"
    return (
        f"{name:14} {counts['killed']:7} {counts['survived']:9} {counts['equivalent']:11} "
        f"{score:>7}"
    )


def run_point(
    package: Path, copy_root: Path, point: MutationPoint, timeout_seconds: float
) -> dict[str, Any]:
    """Plant one mutant, run its area's vectors, restore the module; the record of the run."""
    original = (package / point.module).read_text(encoding="utf-8")
    operator = cosmic_ray.plugins.get_operator(point.operator)()
    mutated = mutate_code(original, operator, point.occurrence)
    record: dict[str, Any] = {**attrs.asdict(point), "area": area_of(point.module), "seconds": 0}
    if mutated is None:
        return {**record, "outcome": "no_mutation", "diff": ""}
    record["diff"] = short_diff(original, mutated)
    kind = classify(point, spans_of_details(original))
    record["kind"] = kind
    if kind == "equivalent":
        return {**record, "outcome": "equivalent"}
    started = time.monotonic()
    plant(copy_root, point.module, mutated)
    try:
        killed, failed = run_killer(copy_root, record["area"], timeout_seconds)
    finally:
        plant(copy_root, point.module, original)
    record["seconds"] = round(time.monotonic() - started, 1)
    return {**record, "outcome": "killed" if killed else "survived", "killed_by": failed}


if __name__ == "__main__":
    main()
