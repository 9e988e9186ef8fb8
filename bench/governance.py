"""Governance benchmark: votes tallied per second, and how the time grows with the votes.

Run: python bench/governance.py [--quick]

A snapshot of 100 validators and 50,000 delegators (each delegating to one or two validators)
is drawn with random.Random(7). Votes are drawn from the validators and delegators with a
random option, so some accounts vote several times (changed votes). For 25,000, 50,000 and
100,000 votes (--quick: 2,500 .. 10,000): the time to apply them to a RunningTally and give the
verdict, votes per second, and the time per vote (flat when the tally is linear in the votes).
"""

from __future__ import annotations

import random
import sys
import time

from ain_ref.governance.power import Delegation, Snapshot, build_snapshot
from ain_ref.governance.tally import Option, RunningTally, Threshold, Thresholds, verdict

THRESHOLDS = Thresholds(Threshold(1, 3), Threshold(1, 2), Threshold(1, 3))


def draw_snapshot(rng: random.Random, validators: int, delegators: int) -> Snapshot:
    """Validators with own stake 1,000 .. 10,000 plus their delegations."""
    powers = {f"validator-{n}": rng.randint(1_000, 10_000) for n in range(validators)}
    delegations = []
    for n in range(delegators):
        for validator in rng.sample(sorted(powers), rng.choice((1, 1, 1, 2))):
            stake = rng.randint(1, 500)
            delegations.append(Delegation(f"delegator-{n}", validator, stake))
            powers[validator] += stake
    snapshot = build_snapshot(sorted(powers.items()), delegations)
    assert isinstance(snapshot, Snapshot)
    return snapshot


def draw_votes(rng: random.Random, snapshot: Snapshot, count: int) -> list[tuple[str, str]]:
    """Votes by validators (one in ten) and delegators, with random options."""
    validators, delegators = sorted(snapshot.powers), sorted(snapshot.delegations_of)
    options = [option.value for option in Option]
    return [
        (rng.choice(validators if rng.randrange(10) == 0 else delegators), rng.choice(options))
        for _ in range(count)
    ]


def tally_seconds(snapshot: Snapshot, votes: list[tuple[str, str]]) -> tuple[float, str]:
    """Seconds to apply the votes and give the verdict, and the outcome."""
    started = time.perf_counter()
    tally = RunningTally(snapshot)
    for voter, option in votes:
        assert tally.cast(voter, option) is None
    outcome = verdict(tally.sums, snapshot.total_power, THRESHOLDS).outcome
    return time.perf_counter() - started, outcome


def main(quick: bool) -> None:
    """Print the table."""
    rng = random.Random(7)
    snapshot = draw_snapshot(rng, 100, 5_000 if quick else 50_000)
    sizes = (2_500, 5_000, 10_000) if quick else (25_000, 50_000, 100_000)
    print(f"snapshot: {len(snapshot.powers)} validators, {len(snapshot.delegations_of)} delegators")
    print(f"{'votes':>8} {'seconds':>9} {'votes/s':>10} {'us/vote':>8}  outcome")
    for size in sizes:
        votes = draw_votes(rng, snapshot, size)
        seconds, outcome = min(tally_seconds(snapshot, votes) for _ in range(3))
        print(
            f"{size:>8} {seconds:>9.3f} {size / seconds:>10,.0f} "
            f"{seconds / size * 1e6:>8.2f}  {outcome}"
        )


if __name__ == "__main__":
    main("--quick" in sys.argv)
