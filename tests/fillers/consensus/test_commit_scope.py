"""Fillers for consensus/commit: what support, votes and the skip test look at."""

from __future__ import annotations

from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.consensus.common import full_rounds, make_event, ref_of
from tests.fillers.consensus.test_commit import (
    by_round_author_digest,
    commit_input,
    decision,
    sub_dag,
)

ZERO = full_rounds(range(1))[0]
FORK_A = make_event(0, 0, [], timestamp=0)
FORK_B = make_event(0, 0, [], timestamp=1)
"""Validator 0 (wave 0's leader) signs two round-0 events; FORK_A is ZERO[0]."""


@clauses("AIN-CONS-SUPPORT.1", "AIN-CONS-VOTE.1", "AIN-CONS-DIRECT.1")
def test_an_event_naming_both_forks_supports_the_first(fill: Filler) -> None:
    """
    A vote-round event that names both of an equivocating leader's events supports the one it
    names first.

    Given
    -----
    - validator 0 signs two round-0 events A and B; validators 1, 2, 3 sign one each.
    - validator 0's round-1 event names A (and 1, 2); validators 1, 2, 3's round-1 events each
      name their own round-0 event, then B, then A, then another's.
    - round 2: every event names every round-1 event, its own first.

    When
    ----
    - the events are accepted round by round.

    Then
    ----
    - wave 0 is COMMIT DIRECT of B (votes of stake 3: validators 1, 2, 3); the sub-DAG is B.
      A client that took the last match would commit A.
    """
    round_zero = [FORK_A, FORK_B, *ZERO[1:]]
    round_one = [
        make_event(0, 1, [FORK_A, ZERO[1], ZERO[2]]),
        make_event(1, 1, [ZERO[1], FORK_B, FORK_A, ZERO[2]]),
        make_event(2, 1, [ZERO[2], FORK_B, FORK_A, ZERO[3]]),
        make_event(3, 1, [ZERO[3], FORK_B, FORK_A, ZERO[1]]),
    ]
    round_two = full_rounds(range(2, 3), previous=round_one)
    fill(
        "consensus",
        "commit",
        commit_input([round_zero, round_one, *round_two]),
        output={
            "decisions": [decision(0, "COMMIT", "DIRECT", FORK_B)],
            "committed": [sub_dag(0, FORK_B, [FORK_B])],
        },
    )


@clauses("AIN-CONS-DIRECT.1", "AIN-CONS-INDIRECT.1", "AIN-CONS-SLOT-ONCE.1")
def test_split_votes_are_no_skip(fill: Filler) -> None:
    """
    The direct skip test asks whether a vote-round event names the leader slot at all, not
    whether it votes for one leader event: split votes leave the wave undecided, and the next
    committed leader skips it indirectly.

    Given
    -----
    - validator 0 signs round-0 events A and B; validators 0 and 1's round-1 events name A,
      validators 2 and 3's name B (stake 2 each: neither is certified).
    - rounds 2 to 5: every event names every event of the round before, its own first.

    When
    ----
    - the events are accepted round by round.

    Then
    ----
    - wave 0 SKIP INDIRECT (not DIRECT: every round-1 event names the slot), wave 1 COMMIT
      DIRECT of validator 1's round-3 event, whose sub-DAG holds its whole history with only
      the lower-digest fork of slot (0, validator 0).
    """
    round_zero = [FORK_A, FORK_B, *ZERO[1:]]
    round_one = [
        make_event(0, 1, [FORK_A, ZERO[1], ZERO[2]]),
        make_event(1, 1, [ZERO[1], FORK_A, ZERO[2]]),
        make_event(2, 1, [ZERO[2], FORK_B, ZERO[3]]),
        make_event(3, 1, [ZERO[3], FORK_B, ZERO[1]]),
    ]
    later = full_rounds(range(2, 6), previous=round_one)
    leader = later[1][1]
    history = by_round_author_digest([*round_zero, *round_one, *later[0], leader])
    forks = sorted((FORK_A, FORK_B), key=lambda data: ref_of(data).digest)
    history.remove(forks[1])
    fill(
        "consensus",
        "commit",
        commit_input([round_zero, round_one, *later]),
        output={
            "decisions": [
                decision(0, "SKIP", "INDIRECT", None),
                decision(1, "COMMIT", "DIRECT", leader),
            ],
            "committed": [sub_dag(1, leader, history)],
        },
    )


@clauses("AIN-CONS-LINEARISE.1", "AIN-CONS-SLOT-ONCE.1")
def test_a_left_out_fork_still_leads_to_its_parents(fill: Filler) -> None:
    """
    A fork left out because its slot committed is still passed through: its uncommitted
    parents commit.

    Given
    -----
    - validators 0, 1, 2 build rounds 0 to 5 (validator 3 is silent); waves 0 and 1 commit.
    - then validator 3's round-0 event arrives late, and validator 2 signs a second round-1
      event (a fork of a committed slot) naming its own, validator 3's and validator 0's
      round-0 events.
    - validator 2's round-6 event (wave 2's leader) names the three round-5 events and the
      fork; rounds 6 to 8 of validators 0, 1, 2 follow, each naming every event of the round
      before.

    When
    ----
    - the events are accepted in that order.

    Then
    ----
    - waves 0, 1, 2 COMMIT DIRECT; wave 2's sub-DAG holds validator 3's round-0 event (reached
      only through the fork), not the fork, then the uncommitted events of rounds 3 to 6.
    """
    silent = {(round_number, 3) for round_number in range(9)}
    layers = full_rounds(range(6), skip=silent)
    late = make_event(3, 0, [])
    fork = make_event(2, 1, [layers[0][2], late, layers[0][0]], timestamp=1001)
    round_six = []
    for author in range(3):
        parents = [layers[5][author]] + [e for i, e in enumerate(layers[5]) if i != author]
        round_six.append(make_event(author, 6, parents + ([fork] if author == 2 else [])))
    upper = full_rounds(range(7, 9), skip=silent, previous=round_six)
    leaders = [layers[0][0], layers[3][1], round_six[2]]
    first = [leaders[0]]
    second = by_round_author_digest([*layers[0][1:], *layers[1], *layers[2], leaders[1]])
    third = by_round_author_digest(
        [late, layers[3][0], layers[3][2], *layers[4], *layers[5], leaders[2]]
    )
    fill(
        "consensus",
        "commit",
        commit_input([*layers, [late, fork], round_six, *upper]),
        output={
            "decisions": [decision(wave, "COMMIT", "DIRECT", leaders[wave]) for wave in range(3)],
            "committed": [
                sub_dag(0, leaders[0], first),
                sub_dag(1, leaders[1], second),
                sub_dag(2, leaders[2], third),
            ],
        },
    )


@clauses("AIN-CONS-DECIDE.1", "AIN-CONS-SUSPEND.1")
def test_events_out_of_order_commit_alike(fill: Filler) -> None:
    """
    Events given latest round first are suspended, released together, then decided.

    Given
    -----
    - rounds 0, 1, 2 of four validators, every event naming every event of the round before.

    When
    ----
    - the events are accepted round 2 first, then round 1, then round 0.

    Then
    ----
    - as in the clean commit: wave 0 COMMIT DIRECT, its sub-DAG the leader alone.
    """
    layers = full_rounds(range(3))
    leader = layers[0][0]
    fill(
        "consensus",
        "commit",
        commit_input(list(reversed(layers))),
        output={
            "decisions": [decision(0, "COMMIT", "DIRECT", leader)],
            "committed": [sub_dag(0, leader, [leader])],
        },
    )
