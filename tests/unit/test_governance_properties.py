"""
Properties of the governance tally: the running tally equals a plain recount, votes' order does
not matter, nothing is counted twice, refused votes change nothing, the verdict equals a
rational-number twin.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from ain_ref.errors import Rejection
from ain_ref.governance.power import Delegation, Snapshot, build_snapshot
from ain_ref.governance.recount import recount
from ain_ref.governance.tally import (
    Option,
    RunningTally,
    Threshold,
    Thresholds,
    verdict,
)

OPTIONS = [option.value for option in Option]
VALIDATORS = ["v0", "v1", "v2", "v3"]
DELEGATORS = ["d0", "d1", "d2", "v0"]  # v0 also delegates, to other validators


@st.composite
def snapshots(draw: st.DrawFn) -> tuple[list[tuple[str, int]], list[tuple[str, str, int]]]:
    """Validators with powers, and delegations whose stakes fit in those powers."""
    count = draw(st.integers(1, len(VALIDATORS)))
    validators, delegations = [], []
    for validator in VALIDATORS[:count]:
        own = draw(st.integers(0, 1_000))
        delegated = 0
        for delegator in DELEGATORS:
            if delegator != validator and draw(st.booleans()):
                stake = draw(st.integers(1, 1_000))
                delegations.append((delegator, validator, stake))
                delegated += stake
        validators.append((validator, own + delegated))
    return validators, delegations


def build(validators: list[tuple[str, int]], delegations: list[tuple[str, str, int]]) -> Snapshot:
    """The checked snapshot (the strategy only builds valid ones)."""
    snapshot = build_snapshot(validators, [Delegation(*item) for item in delegations])
    assert isinstance(snapshot, Snapshot)
    return snapshot


VOTERS = st.sampled_from([*VALIDATORS, *DELEGATORS, "stranger"])
VOTES = st.lists(st.tuples(VOTERS, st.sampled_from([*OPTIONS, "Yes", "nay"])), max_size=30)


def run(snapshot: Snapshot, votes: list[tuple[str, str]]) -> tuple[RunningTally, list[bool]]:
    """Apply the votes in order; also which were counted."""
    tally = RunningTally(snapshot)
    counted = [tally.cast(voter, option) is None for voter, option in votes]
    return tally, counted


def as_strings(tally: RunningTally) -> dict[str, int]:
    """The sums keyed by option text."""
    return {option.value: tally.sums[option] for option in Option}


@given(snapshots(), VOTES)
def test_running_tally_equals_recount(
    lists: tuple[list[tuple[str, int]], list[tuple[str, str, int]]],
    votes: list[tuple[str, str]],
) -> None:
    """[AIN-GOV-TALLY-RUNNING.1] The running sums equal the recount over the last counted votes."""
    validators, delegations = lists
    tally, counted = run(build(validators, delegations), votes)
    final = {voter: option for (voter, option), ok in zip(votes, counted, strict=True) if ok}
    assert as_strings(tally) == recount(validators, delegations, final)


@given(snapshots(), VOTES, st.randoms(use_true_random=False))
def test_order_independence(
    lists: tuple[list[tuple[str, int]], list[tuple[str, str, int]]],
    votes: list[tuple[str, str]],
    random: object,
) -> None:
    """[AIN-GOV-POWER.1] The last counted votes, in any order, give the same sums."""
    snapshot = build(*lists)
    tally, counted = run(snapshot, votes)
    final = list(
        {voter: option for (voter, option), ok in zip(votes, counted, strict=True) if ok}.items()
    )
    random.shuffle(final)  # type: ignore[attr-defined]
    shuffled, _ = run(snapshot, final)
    assert shuffled.sums == tally.sums


@given(snapshots(), VOTES)
def test_no_double_counting(
    lists: tuple[list[tuple[str, int]], list[tuple[str, str, int]]],
    votes: list[tuple[str, str]],
) -> None:
    """[AIN-GOV-POWER.1] No sum is negative and the voted power never exceeds the total."""
    snapshot = build(*lists)
    tally, _ = run(snapshot, votes)
    assert all(value >= 0 for value in tally.sums.values())
    assert sum(tally.sums.values()) <= snapshot.total_power
    everyone = [(voter, "yes") for voter in [*VALIDATORS, *DELEGATORS]]
    full, _ = run(snapshot, votes + everyone)
    assert full.sums[Option.YES] == snapshot.total_power


@given(snapshots(), VOTES, VOTERS, st.one_of(st.text(max_size=4), st.none(), st.integers()))
def test_refused_vote_changes_nothing(
    lists: tuple[list[tuple[str, int]], list[tuple[str, str, int]]],
    votes: list[tuple[str, str]],
    voter: str,
    option: object,
) -> None:
    """[AIN-GOV-VOTER.1] A refused vote leaves the sums and the recorded votes as they were."""
    tally, _ = run(build(*lists), votes)
    before = (dict(tally.sums), dict(tally.votes), dict(tally.overridden))
    if isinstance(tally.cast(voter, option), Rejection):
        assert (tally.sums, tally.votes, tally.overridden) == before


FRACTIONS = st.integers(1, 20).flatmap(
    lambda denominator: st.tuples(st.integers(0, denominator), st.just(denominator))
)


@given(
    st.dictionaries(st.sampled_from(OPTIONS), st.integers(0, 50)),
    st.integers(0, 60),
    FRACTIONS,
    FRACTIONS,
    FRACTIONS,
)
def test_verdict_equals_rational_twin(
    sums: dict[str, int],
    idle: int,
    quorum: tuple[int, int],
    passing: tuple[int, int],
    veto: tuple[int, int],
) -> None:
    """[AIN-GOV-TALLY-VERDICT.1] The integer-product verdict equals one in exact rationals."""
    yes, no, abstain, vetoes = (sums.get(option, 0) for option in OPTIONS)
    voted = yes + no + abstain + vetoes
    total = voted + idle
    thresholds = Thresholds(Threshold(*quorum), Threshold(*passing), Threshold(*veto))
    result = verdict({Option(k): sums.get(k, 0) for k in OPTIONS}, total, thresholds)
    if voted == 0 or Fraction(voted, total) < Fraction(*quorum):
        expected = "no_quorum"
    elif Fraction(vetoes, voted) > Fraction(*veto):
        expected = "vetoed"
    elif yes + no + vetoes > 0 and Fraction(yes, yes + no + vetoes) > Fraction(*passing):
        expected = "passed"
    else:
        expected = "rejected"
    assert result.outcome == expected
    assert result.voted_power == voted
