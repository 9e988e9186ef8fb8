"""
The jobs vectors' mutation score: bugs a client team could plant in ain_ref/jobs/, one at a time.

Each mutant is run against the jobs vectors through the reference adapter of a patched copy
(``ain_ref.conformance.mutation.run_mutant``); the vectors must catch every one.

Run: ``python -m pytest tests/unit/test_jobs_mutants.py -m slow`` (about a minute per ten
mutants), or ``python -m tests.unit.test_jobs_mutants`` to print the score.
"""

from __future__ import annotations

import pytest

from ain_ref.conformance.mutation import Mutant, run_mutant
from ain_ref.repository import vectors_root
from ain_ref.vectors.filler import clauses


def jobs_mutant(name: str, module: str, original: str, mutated: str) -> Mutant:
    """A mutant of a module below ain_ref/jobs/."""
    return Mutant(name, f"jobs/{module}", original, mutated, "jobs")


JOBS_MUTANTS: tuple[Mutant, ...] = (
    jobs_mutant("cpu may be zero", "reader.py", '"cpu": (1, 1_000_000)', '"cpu": (0, 1_000_000)'),
    jobs_mutant(
        "fractions round down",
        "units.py",
        "magnitude: int = -(-numerator // scale)",
        "magnitude: int = numerator // scale",
    ),
    jobs_mutant(
        "runtime equal to deadline refused",
        "contradictions.py",
        "if amount > qos.deadline_ms:",
        "if amount >= qos.deadline_ms:",
    ),
    jobs_mutant(
        "half quorum accepted",
        "contradictions.py",
        "if not attestation.providers < 2 * attestation.quorum",
        "if not attestation.providers <= 2 * attestation.quorum",
    ),
    jobs_mutant(
        "tolerance line optional",
        "contradictions.py",
        'if attestation.determinism == "tolerance" and',
        "if False and",
    ),
    jobs_mutant(
        "placement TEE ignored",
        "contradictions.py",
        "and attestation.tee not in condition.values",
        "and False",
    ),
    jobs_mutant(
        "schema version not hashed",
        "canonical.py",
        '"schema": spec.schema_version,',
        '"schema": 0,',
    ),
    jobs_mutant(
        "document limit one short",
        "syntax.py",
        "if len(text) > MAX_SOURCE_CODE_POINTS:",
        "if len(text) >= MAX_SOURCE_CODE_POINTS:",
    ),
    jobs_mutant(
        "no resynchronisation",
        "syntax.py",
        "for index in range(after_index + 1, len(lines)):",
        "for index in range(len(lines), len(lines)):",
    ),
    jobs_mutant(
        "duplicates allowed",
        "reader.py",
        "if statement.name in found and not row.repeatable:",
        "if False:",
    ),
    jobs_mutant(
        "lists kept in written order",
        "blocks.py",
        "tuple(sorted({text for text in read if text}))",
        "tuple(text for text in read if text)",
    ),
    jobs_mutant(
        "fmt in base units",
        "units.py",
        "if amount % multiplier == 0:",
        "if amount % multiplier == 0 and multiplier == 1:",
    ),
    jobs_mutant("GPU count ignored", "matching.py", "and gpu.count <= offer.gpu_count", "and True"),
    jobs_mutant(
        "rate must exceed ask",
        "matching.py",
        "and spec.price.rate >= ask_for(spec, offer)",
        "and spec.price.rate > ask_for(spec, offer)",
    ),
    jobs_mutant(
        "ties by id before ask",
        "matching.py",
        "return -match.score, ask_for(spec, match.offer), match.offer.offer_id",
        "return -match.score, match.offer.offer_id, ask_for(spec, match.offer)",
    ),
    jobs_mutant(
        "limit off by one",
        "matching.py",
        "return tuple(matches[:limit])",
        "return tuple(matches[: limit + 1])",
    ),
    jobs_mutant(
        "unsorted offer lists accepted",
        "offers.py",
        "if list(items) != sorted(set(items)):",
        "if False:",
    ),
    jobs_mutant("agents re-registered", "registry.py", "    if taken:", "    if False:"),
    jobs_mutant(
        "anyone may retire",
        "registry.py",
        "if sender != standing.developer and sender != standing.agent:",
        "if False:",
    ),
    jobs_mutant(
        "chain: a spec for another agent",
        "chain_registry.py",
        'if crypto.format_address(checked.spec.agent) != call.params["agent"]:',
        "if False:",
    ),
    jobs_mutant(
        "chain: size limit off by one",
        "chain_registry.py",
        "if size > limit:",
        "if size > limit + 1:",
    ),
    jobs_mutant(
        "nine capabilities",
        "ontology.py",
        "if not 1 <= len(terms) <= MAX_CAPABILITIES",
        "if not 1 <= len(terms) <= MAX_CAPABILITIES + 1",
    ),
    jobs_mutant("retired agents discovered", "discovery.py", "not record.retired", "True"),
    jobs_mutant(
        "next page past the end",
        "discovery.py",
        "end if end < len(matching) else None",
        "end if end <= len(matching) else None",
    ),
)


@pytest.mark.slow
@clauses("AIN-JOB-MATCH.1", "AIN-JOB-CHECK.1")
@pytest.mark.parametrize("mutant", JOBS_MUTANTS, ids=lambda mutant: mutant.name)
def test_jobs_vectors_kill_mutant(mutant: Mutant) -> None:
    """Every planted bug in ain_ref/jobs/ fails at least one jobs vector."""
    assert run_mutant(mutant, vectors_root()).killed


if __name__ == "__main__":
    results = [run_mutant(mutant, vectors_root()) for mutant in JOBS_MUTANTS]
    for result in results:
        print(f"{'killed' if result.killed else 'SURVIVED':>8}  {result.mutant.name}")
    killed = sum(result.killed for result in results)
    print(f"jobs mutation score: {killed}/{len(results)}")
