"""The vectors kill every planted bug: the suite's mutation score is 100%."""

from __future__ import annotations

from pathlib import Path

from ain_ref.conformance.mutation import MUTANTS, mutation_score

VECTORS = Path(__file__).parents[2] / "vectors"


def test_every_mutant_is_killed() -> None:
    """[AIN-CONF-MUTATION.1] Each planted bug makes at least one vector fail, naming its clause."""
    results = mutation_score(VECTORS)
    survivors = [result.mutant.name for result in results if not result.killed]
    assert survivors == []
    assert len(results) == len(MUTANTS) >= 18
    for result in results:
        assert all(vector.clauses for vector in result.caught_by)
