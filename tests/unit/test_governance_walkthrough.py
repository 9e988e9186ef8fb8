"""
A walkthrough of one tally, step by step, through the public functions.

Two validators and three delegators vote in an order where every rule shows: a delegator
overrides before and after its validator votes, a vote is changed, a stranger is refused, and
the verdict moves from no quorum to passed to vetoed.
"""

from __future__ import annotations

from ain_ref.errors import ErrorCode, Rejection
from ain_ref.governance.power import Delegation, Snapshot, build_snapshot
from ain_ref.governance.tally import Option, RunningTally, Threshold, Thresholds, verdict

THRESHOLDS = Thresholds(Threshold(1, 3), Threshold(1, 2), Threshold(1, 3))


def snapshot() -> Snapshot:
    """alice: power 100 (own 40, dan 30, erin 30); bob: power 70 (own 50, fay 20). Total 170."""
    built = build_snapshot(
        [("alice", 100), ("bob", 70)],
        [
            Delegation("dan", "alice", 30),
            Delegation("erin", "alice", 30),
            Delegation("fay", "bob", 20),
        ],
    )
    assert isinstance(built, Snapshot)
    return built


def sums(tally: RunningTally) -> dict[str, int]:
    """The non-zero sums by option text."""
    return {option.value: value for option, value in tally.sums.items() if value}


def test_walkthrough() -> None:
    """[AIN-GOV-POWER.1] [AIN-GOV-TALLY-RUNNING.1] [AIN-GOV-TALLY-VERDICT.1] [AIN-GOV-VOTER.1]"""
    book = snapshot()
    tally = RunningTally(book)

    # dan votes first: only his own 30 counts; 30 of 170 is below the 1/3 quorum.
    assert tally.cast("dan", "no") is None
    assert sums(tally) == {"no": 30}
    assert verdict(tally.sums, book.total_power, THRESHOLDS).outcome == "no_quorum"

    # alice votes yes: her 100 less dan's 30 (erin, silent, inherits alice's vote).
    assert tally.cast("alice", "yes") is None
    assert sums(tally) == {"yes": 70, "no": 30}
    assert verdict(tally.sums, book.total_power, THRESHOLDS).outcome == "passed"

    # erin overrides after alice: her 30 leaves alice's yes.
    assert tally.cast("erin", "veto") is None
    assert sums(tally) == {"yes": 40, "no": 30, "veto": 30}

    # a stranger holds no stake at the snapshot: refused, nothing changes.
    refused = tally.cast("mallory", "yes")
    assert isinstance(refused, Rejection) and refused.code is ErrorCode.GOV_VOTER_NO_POWER
    assert sums(tally) == {"yes": 40, "no": 30, "veto": 30}

    # bob vetoes with his 70 (fay silent): veto 100 of 170 voted is above 1/3.
    assert tally.cast("bob", "veto") is None
    assert sums(tally) == {"yes": 40, "no": 30, "veto": 100}
    assert verdict(tally.sums, book.total_power, THRESHOLDS).outcome == "vetoed"

    # fay overrides bob, and dan changes his mind: weights move, nothing is counted twice.
    assert tally.cast("fay", "yes") is None
    assert tally.cast("dan", "yes") is None
    assert sums(tally) == {"yes": 90, "veto": 80}
    assert sum(tally.sums.values()) == book.total_power
    assert tally.sums[Option.VETO] * 3 > sum(tally.sums.values())  # 240 > 170: still vetoed
    assert verdict(tally.sums, book.total_power, THRESHOLDS).outcome == "vetoed"
