"""
Mutation score of the vectors: how many planted bugs the suite catches.

Each bug is planted, one at a time, in a copy of the reference; the suite runs against the
copy; the bugs the vectors catch are counted.

A conformance suite is worth the bugs it catches. Each mutant below is a plausible mistake a
client team could make in one rule (an off-by-one at a limit, a reversed order, a missing
check); a mutant is *killed* when at least one vector fails or errors against it.

Spec: spec/conformance.md, "Runner" ([AIN-CONF-MUTATION.1]).
Layer: conformance tooling.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs

from ain_ref.conformance.runner import RunReport, VectorResult, run_suite


@attrs.frozen
class Mutant:
    """One planted bug: where, what it replaces, and the area whose vectors should catch it."""

    name: str
    module: str  # path below ain_ref/
    original: str
    mutated: str
    area: str


MUTANTS: tuple[Mutant, ...] = (
    Mutant(
        "shortest form off by one",
        "encoding.py",
        "if width and argument < SHORTEST_MINIMUM[additional_info]:",
        "if width and argument < SHORTEST_MINIMUM[additional_info] - 1:",
        "encoding",
    ),
    Mutant(
        "duplicate keys allowed",
        "encoding.py",
        "            if encoded_key == previous_key:",
        "            if False:",
        "encoding",
    ),
    Mutant(
        "depth limit one deeper",
        "encoding.py",
        "        if depth + 1 > MAX_NESTING_DEPTH:\n            return Rejection(ErrorCode"
        '.ENCODING_TOO_DEEP, f"depth {depth + 1}", offset)',
        "        if depth > MAX_NESTING_DEPTH:\n            return Rejection(ErrorCode"
        '.ENCODING_TOO_DEEP, f"depth {depth + 1}", offset)',
        "encoding",
    ),
    Mutant(
        "floats reported as tags",
        "encoding.py",
        'return Rejection(ErrorCode.ENCODING_FLOAT_NOT_ALLOWED, "float", offset)',
        'return Rejection(ErrorCode.ENCODING_TAG_NOT_ALLOWED, "float", offset)',
        "encoding",
    ),
    Mutant(
        "S equal to L accepted",
        "crypto.py",
        'if int.from_bytes(signature[32:], "little") >= GROUP_ORDER:',
        'if int.from_bytes(signature[32:], "little") > GROUP_ORDER:',
        "crypto",
    ),
    Mutant(
        "mixed-order keys accepted",
        "crypto.py",
        "return bool(nacl.bindings.crypto_core_ed25519_is_valid_point(public_key))",
        "return len(public_key) == 32 and public_key != bytes(32)",
        "crypto",
    ),
    Mutant(
        "chain id not bound",
        "crypto.py",
        "return tagged_hash(tag, u64_big_endian(chain_id) + payload)",
        "return tagged_hash(tag, payload)",
        "crypto",
    ),
    Mutant(
        "address checksum of 3 bytes",
        "crypto.py",
        "ADDRESS_CHECKSUM_SIZE: Final = 4",
        "ADDRESS_CHECKSUM_SIZE: Final = 3",
        "crypto",
    ),
    Mutant(
        "INC allows one past the maximum",
        "state/apply.py",
        "if not INTEGER_MIN <= result <= INTEGER_MAX:",
        "if not INTEGER_MIN <= result <= INTEGER_MAX + 1:",
        "state",
    ),
    Mutant(
        "shallowest rule governs",
        "state/matching.py",
        "            governing = write",
        "            governing = write if governing is None else governing",
        "state",
    ),
    Mutant(
        "no pruning",
        "state/tree.py",
        "while depth > 0 and not chain[depth].children:",
        "while False and depth > 0 and not chain[depth].children:",
        "state",
    ),
    Mutant(
        "nibbles read low first",
        "state/merkle.py",
        "return byte >> 4 if depth % 2 == 0 else byte & 0x0F",
        "return byte & 0x0F if depth % 2 == 0 else byte >> 4",
        "state",
    ),
    Mutant(
        "remainder with the divisor's sign",
        "state/rules/operators.py",
        "return checked_integer(a - b * truncated_quotient(a, b))",
        "return checked_integer(a % b)",
        "state",
    ),
    Mutant(
        "stale nonces accepted",
        "chain.py",
        "if body.nonce != stored:",
        "if body.nonce < stored:",
        "state",
    ),
    Mutant(
        "expiry inclusive",
        "chain.py",
        "if body.expires_at is not None and context.block_time > body.expires_at:",
        "if body.expires_at is not None and context.block_time >= body.expires_at:",
        "state",
    ),
    Mutant(
        "no wildcard owner",
        "state/apply.py",
        "entry = owners.get(key, owners.get(WILDCARD_OWNER))",
        "entry = owners.get(key)",
        "state",
    ),
    Mutant(
        "events in reverse order",
        "state/apply.py",
        "for fid in sorted(config):",
        "for fid in sorted(config, reverse=True):",
        "state",
    ),
    Mutant(
        "failed transactions keep their writes",
        "chain.py",
        "    if failure is not None:\n        tree.rollback_to(mark)\n",
        "    if failure is not None:\n        pass\n",
        "state",
    ),
)
"""The planted bugs, each a one-line change to a spec function."""


@attrs.frozen
class MutantResult:
    """What the suite did against one mutant."""

    mutant: Mutant
    killed: bool
    caught_by: tuple[VectorResult, ...]


@contextmanager
def planted_adapter(mutant: Mutant) -> Iterator[str]:
    """The adapter command of a copy of the reference with one bug planted in it."""
    package = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory(prefix="ain-mutant-") as temporary:
        copy = Path(temporary) / "ain_ref"
        shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
        target = copy / mutant.module
        source = target.read_text(encoding="utf-8")
        if source.count(mutant.original) != 1:
            raise ValueError(f"mutant {mutant.name!r}: the original text is not found once")
        target.write_text(source.replace(mutant.original, mutant.mutated), encoding="utf-8")
        # -P: do not put the working directory (the real package) ahead of PYTHONPATH.
        command = f"env PYTHONPATH={temporary} {sys.executable} -P -m ain_ref.conformance.adapter"
        yield command


def run_mutant(mutant: Mutant, vectors_root: Path, timeout_seconds: float = 10.0) -> MutantResult:
    """Copy the package, plant the bug, and run the mutant's area against the copy."""
    with planted_adapter(mutant) as command:
        report: RunReport = run_suite(
            command,
            vectors_root,
            areas=(mutant.area,),
            timeout_seconds=timeout_seconds,
            differential_examples=0,  # the score is the vectors' alone
        )
    caught = tuple(r for r in report.results if r.verdict in ("fail", "error"))
    return MutantResult(mutant, bool(caught) or report.run_error is not None, caught)


def mutation_score(
    vectors_root: Path,
    mutants: tuple[Mutant, ...] = MUTANTS,
    on_result: Callable[[MutantResult], None] | None = None,
) -> list[MutantResult]:
    """
    Run every mutant; the score is the share killed.

    References
    ----------
    [AIN-CONF-MUTATION.1]
    """
    results = []
    for mutant in mutants:
        result = run_mutant(mutant, vectors_root)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results
