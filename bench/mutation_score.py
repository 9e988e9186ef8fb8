"""Mutation score of the vectors: cosmic-ray's mutants, killed by `ain-ref conformance run` alone.

Run (not in CI; needs `pip install cosmic-ray`, MIT licence):

    python bench/mutation_score.py --sample 240 --seed 10 --out mutation.jsonl

1. Enumerate every mutation cosmic-ray's core operators (binary, comparison, unary and boolean
   operator replacement, number replacement, break/continue, zero-iteration loops, keyword
   and exception replacement, ...) can make in the target modules: encoding.py, crypto.py,
   chain.py, state/, state/rules/, economy/ and jobs/execution/ (or those given with
   ``--module``).
2. Draw `--sample` of them with `random.Random(--seed)` (uniform over all mutation points; the
   same seed on the same source gives the same mutants).
3. Classify each statically: a mutation inside a rejection's detail string or any f-string is
   *equivalent* (vectors carry codes, never details), and so is one inside the arguments of a
   memo (``functools.lru_cache(maxsize=...)``: speed only) or in a type annotation (never
   evaluated: every module has ``from __future__ import annotations``); they are not run. A
   mutation inside a plain twin no handler calls (PLAIN_TWINS) is a *twin*, not run either
   and counted apart.
4. Plant each other mutant, one at a time, in a copy of the package, and run
   `ain-ref conformance run --impl <the copy's adapter> --area <its area> --brief
   --differential-examples 0` with the committed vectors: the mutant is *killed* when the run
   fails (a vector fails or errors, or the run times out). Neither pytest nor the runner's
   differential checks play a part.
5. Score = killed / (sampled - equivalent - twin); the summary also gives it with twins
   counted as survivors. Survivors are written with their diff for review;
   those read and found equivalent are listed in REVIEWED_EQUIVALENT with the reason, and
   `--summarize` counts them as equivalent. `--rerun` runs the survivors of a finished run
   again (after new vectors), each found again by its diff. ``--part K/N`` runs the K-th of N
   interleaved shares of the same sample (or of the survivors), so a run can be split.

Only the mutated module's area runs (encoding.py: encoding; crypto.py: crypto; a module under
a prefix of AREA_OF_PREFIX: that area, e.g. economy/, jobs/channel/, jobs/tee/,
jobs/execution/, the rest of jobs/ (name those with --module); the rest: state), which keeps
one mutant to a few seconds.
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
        "chain.py",
        "-        and data[signature_at - len(BEFORE_SIGNATURE) : signature_at]"
        " == BEFORE_SIGNATURE\n"
        "+        and data[signature_at % len(BEFORE_SIGNATURE) : signature_at]"
        " == BEFORE_SIGNATURE",
    ): "the slice is longer than the fixed bytes, so the envelope fast path declines and the "
    "plain reader, which the fast path is property-tested equal to, gives the verdict",
    (
        "chain.py",
        "-    signature_at = len(data) - SIGNATURE_BYTES\n"
        "+    signature_at = len(data) ^ SIGNATURE_BYTES",
    ): "where `^ 64` differs from `- 64` the slice before it runs past the end and the fast "
    "path declines; the plain reader gives the same verdict",
    (
        "chain.py",
        "-        and data[body_end : body_end + len(BEFORE_SIGNER)] == BEFORE_SIGNER\n"
        "+        and data[body_end : body_end | len(BEFORE_SIGNER)] == BEFORE_SIGNER",
    ): "where `| 11` differs from `+ 11` the slice is short and the fast path declines; the "
    "plain reader gives the same verdict",
    (
        "encoding.py",
        "-    if offset >= len(data):\n+    if offset == len(data):",
    ): "an offset never passes the end: every head and string is checked against the length "
    "before the walk moves past it",
    (
        "encoding.py",
        "-        if major_type == MAJOR_TEXT and not is_valid_utf8(data[position:end]):\n"
        "+        if major_type is MAJOR_TEXT and not is_valid_utf8(data[position:end]):",
    ): "a major type is a small int, one object per value: `is` is `==`",
    (
        "encoding.py",
        "-            max_depth=MAX_NESTING_DEPTH + 1,\n"
        "+            max_depth=MAX_NESTING_DEPTH | 1,",
    ): "64 | 1 and 64 + 1 are both 65",
    (
        "encoding.py",
        "-    if type(value) is float:\n+    if type(value) >= float:",
    ): "no handler input can hold a float (typed JSON has none), so the line is never reached",
    (
        "encoding.py",
        "-        if argument >= minimum:\n+        if not argument >= minimum:",
    ): "outside the plain twin encode_head only orders map keys (encode_text_key): every key of "
    "24 bytes or more then gets the 9-byte head, which orders keys by length then bytes "
    "exactly as the shortest heads do",
    (
        "encoding.py",
        "-            return bytes([(major_type << 5) | additional_info])"
        ' + argument.to_bytes(width, "big")\n'
        "+            return bytes([(major_type << 5) + additional_info])"
        ' + argument.to_bytes(width, "big")',
    ): "additional information is below 32, so its bits and those of `major_type << 5` are "
    "disjoint: `+` is `|`",
    (
        "state/labels.py",
        "-    | frozenset(chr(code) for code in [*range(0x20), 0x7F])\n"
        "+    ^ frozenset(chr(code) for code in [*range(0x20), 0x7F])",
    ): "the two sets are disjoint (space is U+0020): their symmetric difference is their union",
    (
        "state/matching.py",
        "-    found: tuple[CborValue, int] = (None, -1)\n"
        "+    found: tuple[CborValue, int] = (None, - 2)",
    ): "the depth is read only when an owner config was found, which replaces it",
    (
        "state/matching.py",
        "-    found: tuple[CborValue, int] = (None, -1)\n"
        "+    found: tuple[CborValue, int] = (None, ~1)",
    ): "the depth is read only when an owner config was found, which replaces it",
    (
        "state/apply.py",
        "-    if not isinstance(entry, dict) or entry.get(permission) is not True:\n"
        "+    if not isinstance(entry, dict) or entry.get(permission) < True:",
    ): "a stored owner entry holds the four permissions as booleans ([AIN-STATE-OWNER-CONFIG.1]),"
    " and `x < True` is `x is not True` on booleans",
    (
        "state/operations.py",
        '-    if kind == "SET_OWNER":\n+    if kind >= "SET_OWNER":',
    ): "only SET_OWNER and SET_FUNCTION reach the line, and `>=` tells them apart as `==` does",
    (
        "state/rules/operators.py",
        "-        return texts[0] + texts[1]\n+        return texts[0] + texts[ 2]",
    ): "the join branch of `add` is never taken: the machine joins texts itself "
    "(Evaluation.join_or_add) and calls `add` only for two operands that are not texts",
    (
        "state/tree.py",
        "-        while depth > 0 and not chain[depth].children:\n"
        "+        while depth >= 0 and not chain[depth].children:",
    ): "at depth 0 the extra turn deletes again, from the deepest node of the chain, the "
    "label already deleted there: a no-op (and a delete runs under a rule, so the root is "
    "never empty)",
    (
        "state/rules/compiler.py",
        '-        jump = Op.AND_JUMP if form.operator == "&&" else Op.OR_JUMP\n'
        '+        jump = Op.AND_JUMP if form.operator <= "&&" else Op.OR_JUMP',
    ): "the operator is `&&` or `||`, and `||` is above `&&`: `<=` tells them apart as `==`",
    (
        "state/rules/operators.py",
        "-    if (type(left) is str or is_integer(left)) and (type(right) is str or "
        "is_integer(right)):\n"
        "+    if (type(left) is str or is_integer(left)) and (type(right) == str or "
        "is_integer(right)):",
    ): "a type object equals only itself: `==` and `is` agree",
    (
        "state/tree.py",
        "-        if path.subtree is Subtree.RULES:\n+        if path.subtree == Subtree.RULES:",
    ): "an enum member equals only itself: `==` and `is` agree",
    (
        "jobs/fast_syntax.py",
        '-            if kind != "NL":\n+            if not kind != "NL":',
    ): "the fast reader then refuses every block; the Lark parser reads the document the same",
    (
        "jobs/chain_registry.py",
        "-    return registry.Registry(records, count if type(count) is int else 0)\n"
        "+    return registry.Registry(records, count if not type(count) is int else 0)",
    ): "the count read from the state is never observed: discovery uses each record's sequence",
    (
        "jobs/chain_registry.py",
        "-    return registry.Registry(records, count if type(count) is int else 0)\n"
        "+    return registry.Registry(records, count if type(count) is int else 1)",
    ): "the count read from the state is never observed: discovery uses each record's sequence",
    (
        "jobs/execution/lifecycle.py",
        "-    if task.status != OPEN:\n+    if task.status is not OPEN:",
    ): "a task's status is always one of the module's four constants: `is not` and `!=` agree",
    (
        "jobs/execution/quorum.py",
        "-    if type(quorum) is not int or not count < 2 * quorum or quorum > count:\n"
        "+    if type(quorum) != int or not count < 2 * quorum or quorum > count:",
    ): "a type object equals only itself: `!=` and `is not` agree",
    (
        "jobs/execution/receipt.py",
        "-    if type(signature) is not bytes or len(signature) != SIGNATURE_SIZE:\n"
        "+    if type(signature) != bytes or len(signature) != SIGNATURE_SIZE:",
    ): "a type object equals only itself: `!=` and `is not` agree",
    (
        "jobs/execution/receipt.py",
        "-HASH_SIZE: Final = 32\n+HASH_SIZE: Final = 33",
    ): "the plain reader sees only bytes the layout refused; a well-shaped body among them "
    "always has a bad field, so every hash field refused first gives the same code",
    (
        "jobs/execution/receipt_layout.py",
        '-    return re.escape(bytes([0x60 + len(name)]) + name.encode("ascii"))\n'
        '+    return re.escape(bytes([0x60 % len(name)]) + name.encode("ascii"))',
    ): "the layout then never matches and the plain reader gives every result: speed only",
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
    (
        "jobs/tee/certificate.py",
        "-    ca = bool(parts) and parts[0].tag != INTEGER\n"
        "+    ca = bool(parts) and parts[0].tag < INTEGER",
    ): "a first element neither BOOLEAN nor INTEGER fails check_true or integer_value: DerError",
}
"""Mutants read and found to compute the same function, with the reason (module, diff)."""

REVIEWED_EQUIVALENT.update(
    {
        (
            "jobs/channel/handshake.py",
            "-        return (self.message_index % 2 == 0) == self.initiator\n"
            f"+        return (self.message_index {mutated} == 0) == self.initiator",
        ): "the turn is asked only at message_index 0 or 1 (after 2 the transport answers)"
        for mutated in ("<< 2", "** 2")
    }
    | {
        (
            "jobs/channel/handshake.py",
            "-        return (self.message_index % 2 == 0) == self.initiator\n"
            "+        return (self.message_index % 2 <= 0) == self.initiator",
        ): "a remainder mod 2 is never negative: `<= 0` is `== 0`",
        (
            "jobs/channel/handshake.py",
            "-        return (self.message_index % 2 == 0) == self.initiator\n"
            "+        return (self.message_index % 2 == 0) is self.initiator",
        ): "both sides are bools, one object per value: `is` is `==`",
        (
            "jobs/channel/handshake.py",
            "-                size = KEY_SIZE + (\n+                size = KEY_SIZE | (",
        ): "32 | 16 == 32 + 16 and 32 | 0 == 32 + 0: no bits overlap",
        (
            "jobs/channel/x25519.py",
            "-    if shared == bytes(KEY_SIZE):\n+    if shared <= bytes(KEY_SIZE):",
        ): "32 zero bytes are the least 32-byte string: `<=` holds only for it",
        (
            "jobs/channel/party.py",
            '-        return self.handshake.pattern.name == "IK"'
            " and self.handshake.message_index == 0\n"
            '+        return self.handshake.pattern.name == "IK"'
            " and self.handshake.message_index >= 0",
        ): "asked only where the party's turn is message 0, or the step is refused out of order",
        (
            "jobs/channel/party.py",
            '-        return self.handshake.pattern.name == "IK"'
            " and self.handshake.message_index == 0\n"
            '+        return self.handshake.pattern.name is "IK"'
            " and self.handshake.message_index == 0",
        ): 'both "IK" are constants of compiled code, interned: one object',
        (
            "jobs/channel/party.py",
            "-    ik_opening, first_message = party.is_ik_opening,"
            " party.handshake.message_index == 0\n"
            "+    ik_opening, first_message = party.is_ik_opening,"
            " party.handshake.message_index <= 0",
        ): "a message index counts up from 0: `<= 0` is `== 0`",
    }
)
"""The channel's reviewed equivalents (jobs/channel/), kept apart from the table above."""

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ain_ref"
TARGETS = (
    "encoding.py",
    "crypto.py",
    "chain.py",
    "state/*.py",
    "state/rules/*.py",
    "economy/*.py",
    "jobs/execution/*.py",
)
AREA_OF_MODULE = {
    "encoding.py": "encoding",
    "crypto.py": "crypto",
    "economy/escrows.py": "execution",
    "economy/task_reservations.py": "execution",
}
"""Modules whose area is not their prefix's: task escrows are paid and refunded by tasks."""
PERFORMANCE_CALLS = ("lru_cache", "cache")
"""Calls whose arguments tune speed alone (a memo's size): a mutation there is equivalent."""
DETAIL_CALLS = ("Rejection", "EncodingError", "HandlerInputError", "ValueError", "TypeError")
LOCATION_KEYWORD = "location"
PLAIN_TWINS = {
    "encoding.py": ("encode_plain",),
    "governance/recount.py": ("recount",),
    "state/merkle.py": ("trie_hash",),
    "state/tree.py": ("node_hash_plain", "state_root_plain"),
}
"""
Plain twins no handler calls: each is the spec's own statement of a fast path the handlers run,
proven equal to it by property tests (tests/unit/test_encoding_properties.py,
test_state_properties.py; governance's ``recount``, the running tally's twin:
tests/unit/test_governance_properties.py, tests/governance/test_properties_on_chain.py).
A mutant inside one changes nothing any vector can see; it is
counted apart ("twin"), not in the score. A twin the handlers do run (``parse_path_plain``,
``decode_transaction_plain``, ``scan_item``) is not listed: its mutants are scored.
"""


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


def spans_of_twins(module: str, source: str) -> list[tuple[int, int, int, int, str]]:
    """(first line, col, last line, end col, "twin") of the module's plain twins' bodies."""
    names = PLAIN_TWINS.get(module, ())
    return [
        (
            node.lineno,
            node.col_offset,
            node.end_lineno or node.lineno,
            node.end_col_offset or 0,
            "twin",
        )
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef) and node.name in names
    ]


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
    """'equivalent' in a detail string, 'twin' in a plain twin, 'location' in a location, or ''."""
    position = (point.line, point.column)
    kinds = {
        kind
        for first, column, last, end_column, kind in spans
        if (first, column) <= position < (last, end_column)
    }
    if kinds & {"f", "detail"}:
        return "equivalent"
    if "twin" in kinds:
        return "twin"
    return "location" if "location" in kinds else ""


AREA_OF_PREFIX: tuple[tuple[str, str], ...] = (
    ("economy/", "economy"),
    ("jobs/channel/", "channel"),
    ("jobs/tee/", "tee"),
    ("jobs/execution/", "execution"),
    ("jobs/", "jobs"),
    ("governance/", "governance"),
)
"""Module prefixes whose mutants are killed by their own area's vectors (economy's run on chain)."""


def area_of(module: str) -> str:
    """The area whose vectors exercise a module: AREA_OF_MODULE's, else its first prefix's."""
    if module in AREA_OF_MODULE:
        return AREA_OF_MODULE[module]
    for prefix, area in AREA_OF_PREFIX:
        if module.startswith(prefix):
            return area
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
        "--differential-examples",
        "0",  # the score is the vectors' alone, not the runner's differential checks
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
    parser.add_argument(
        "--part",
        default="1/1",
        help="K/N: run only the K-th of N interleaved shares of the sample (the same sample)",
    )
    parser.add_argument(
        "--summarize",
        metavar="FILE",
        nargs="+",
        help="print the table of finished runs (a later file's outcome of a mutant wins)",
    )
    parser.add_argument(
        "--rerun", metavar="FILE", help="run again the survivors of a finished run (same diffs)"
    )
    arguments = parser.parse_args()
    if arguments.summarize:
        summarize([Path(name) for name in arguments.summarize])
        return
    if arguments.rerun:
        rerun_survivors(
            Path(arguments.rerun), Path(arguments.out), arguments.timeout, arguments.part
        )
        return

    modules = arguments.module or target_modules()
    counts = {"killed": 0, "survived": 0, "equivalent": 0, "twin": 0, "no_mutation": 0}
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
        part, parts = (int(number) for number in arguments.part.split("/"))
        share = sample[part - 1 :: parts]
        with open(arguments.out, "w", encoding="utf-8") as out:
            for index, point in enumerate(share, 1):
                record = run_point(package, copy_root, point, arguments.timeout)
                counts[record["outcome"]] += 1
                out.write(json.dumps(record, sort_keys=True) + "\n")
                out.flush()
                print(
                    f"[{index}/{len(share)}] {record['outcome']:10} {point.module}:{point.line} "
                    f"{point.operator} ({record['seconds']} s)",
                    flush=True,
                )
    scored = counts["killed"] + counts["survived"]
    score = counts["killed"] / scored if scored else 0.0
    print(json.dumps({**counts, "score": round(score, 4), "seed": arguments.seed}))


def rerun_survivors(
    results: Path, out_path: Path, timeout_seconds: float, share: str = "1/1"
) -> None:
    """
    Run the survivors of an earlier run against today's source and vectors.

    A survivor is found again by its operator and its diff, so that code added elsewhere in the
    module since (which moves occurrences and lines) does not change which mutant runs.
    """
    records = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    survivors = [record for record in records if record["outcome"] == "survived"]
    part, parts = (int(number) for number in share.split("/"))
    survivors = survivors[part - 1 :: parts]
    with tempfile.TemporaryDirectory(prefix="ain-mutation-") as temporary:
        pristine, copy_root = Path(temporary) / "pristine", Path(temporary) / "work"
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(PACKAGE, pristine / "ain_ref", ignore=ignore)
        shutil.copytree(PACKAGE, copy_root / "ain_ref", ignore=ignore)
        package = pristine / "ain_ref"
        points_of: dict[str, list[MutationPoint]] = {}
        with open(out_path, "w", encoding="utf-8") as out:
            for record in survivors:
                module = record["module"]
                if module not in points_of:
                    points_of[module] = list(mutation_points(package, module))
                point = find_again(package, record, points_of[module])
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


def find_again(
    package: Path, record: dict[str, Any], points: list[MutationPoint] | None = None
) -> MutationPoint | None:
    """The mutation point of today's source whose mutant has the recorded diff."""
    original = (package / record["module"]).read_text(encoding="utf-8")
    operator = cosmic_ray.plugins.get_operator(record["operator"])()
    removed = [line[1:].strip() for line in record["diff"].splitlines() if line[:1] == "-"]
    source_lines = original.splitlines()
    candidates = [
        point
        for point in (points or list(mutation_points(package, record["module"])))
        if point.operator == record["operator"] and source_lines[point.line - 1].strip() in removed
    ]
    # Two lines may read alike: the one nearest the recorded line is the same mutant, so the
    # candidates are tried nearest first (each try re-parses the module).
    for point in sorted(candidates, key=lambda p: abs(p.line - record["line"])):
        mutated = mutate_code(original, operator, point.occurrence)
        if mutated is not None and short_diff(original, mutated) == record["diff"]:
            return point
    return None


def read_records(paths: list[Path]) -> list[dict[str, Any]]:
    """
    The records of one or more runs; a later file's record of the same mutant (module,
    operator, diff) replaces an earlier one's, so a run's file then its ``--rerun`` file give
    today's outcome of every sampled mutant.
    """
    by_mutant: dict[tuple[str, str, str], dict[str, Any]] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            key = (record["module"], record["operator"], record["diff"])
            if record["outcome"] == "no_mutation":
                key = (record["module"], record["operator"], f"#{record['occurrence']}")
            by_mutant[key] = record
    return list(by_mutant.values())


def summarize(paths: list[Path]) -> None:
    """Per group of modules: killed, survived, equivalent, twin and the score; the survivors."""
    records = read_records(paths)
    for record in records:
        reason = REVIEWED_EQUIVALENT.get((record["module"], record["diff"]))
        if record["outcome"] == "survived" and reason:
            record["outcome"], record["reason"] = "equivalent", reason
    groups: dict[str, dict[str, int]] = {}
    for record in records:
        group = record["module"].split("/")[0] if "/" in record["module"] else record["module"]
        counts = groups.setdefault(group, {"killed": 0, "survived": 0, "equivalent": 0, "twin": 0})
        counts[record["outcome"]] = counts.get(record["outcome"], 0) + 1
    total = {"killed": 0, "survived": 0, "equivalent": 0, "twin": 0}
    print(
        f"{'module':14} {'killed':>7} {'survived':>9} {'equivalent':>11} {'twin':>5} "
        f"{'score':>7} {'with twins':>10}"
    )
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
    """One row of the summary table: the score, and the score counting twins as survivors."""
    scored = counts["killed"] + counts["survived"]
    score = f"{100 * counts['killed'] / scored:.1f}%" if scored else "-"
    with_twins = scored + counts["twin"]
    strict = f"{100 * counts['killed'] / with_twins:.1f}%" if with_twins else "-"
    return (
        f"{name:14} {counts['killed']:7} {counts['survived']:9} {counts['equivalent']:11} "
        f"{counts['twin']:5} {score:>7} {strict:>10}"
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
    kind = classify(point, spans_of_details(original) + spans_of_twins(point.module, original))
    record["kind"] = kind
    if kind in ("equivalent", "twin"):
        return {**record, "outcome": kind}
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
