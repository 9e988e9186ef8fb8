"""Fillers for consensus/commit: commit decisions on given DAGs, and the linearised output."""

from __future__ import annotations

from typing import Any

from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.consensus.common import (
    context,
    digest_of,
    full_rounds,
    make_event,
    ref_of,
)


def commit_input(layers: list[list[bytes]], **context_fields: Any) -> dict[str, Any]:
    """A commit input: every event of the layers, round by round."""
    return {
        **context(**context_fields),
        "events": [event.hex() for layer in layers for event in layer],
    }


def decision(wave: int, kind: str, how: str, leader: bytes | None) -> dict[str, Any]:
    """One decision of the output."""
    return {
        "wave": str(wave),
        "decision": kind,
        "how": how,
        "leader": None if leader is None else digest_of(leader),
    }


def sub_dag(wave: int, leader: bytes, events: list[bytes]) -> dict[str, Any]:
    """One committed sub-DAG of the output; events are given in the expected final order."""
    return {
        "wave": str(wave),
        "leader": digest_of(leader),
        "events": [digest_of(event) for event in events],
    }


def by_round_author_digest(events: list[bytes]) -> list[bytes]:
    """Events in the linearisation's order: round, author index, digest."""
    from tests.fillers.consensus.common import KEYS

    def key(data: bytes) -> tuple[int, int, bytes]:
        ref = ref_of(data)
        return ref.round, KEYS.index(ref.author), ref.digest

    return sorted(events, key=key)


@clauses(
    "AIN-CONS-DIRECT.1",
    "AIN-CONS-VOTE.1",
    "AIN-CONS-CERTIFICATE.1",
    "AIN-CONS-LEADER.1",
    "AIN-CONS-WAVE.1",
    "AIN-CONS-LINEARISE.1",
)
def test_clean_commit(fill: Filler) -> None:
    """
    A full DAG of three rounds commits wave 0's leader directly: 3 message rounds.

    Given
    -----
    - four equal validators; rounds 0, 1, 2 where every event names every event of the
      round before (its own first).

    When
    ----
    - the twelve events are accepted in round order.

    Then
    ----
    - wave 0 (leader: validator 0 at round 0) is COMMIT DIRECT once round 2 is held; the
      sub-DAG is the leader alone (nothing else lies in its history).
    """
    layers = full_rounds(range(3))
    leader = layers[0][0]
    fill(
        "consensus",
        "commit",
        commit_input(layers),
        output={
            "decisions": [decision(0, "COMMIT", "DIRECT", leader)],
            "committed": [sub_dag(0, leader, [leader])],
        },
    )


@clauses("AIN-CONS-DIRECT.1", "AIN-CONS-LINEARISE.1", "AIN-CONS-DECIDE.1")
def test_missing_leader_is_skipped(fill: Filler) -> None:
    """
    A wave whose leader never produced an event is skipped directly.

    Given
    -----
    - a full DAG of rounds 0 to 8 except that validator 1 (wave 1's leader) has no round-3
      event.

    When
    ----
    - the events are accepted in round order.

    Then
    ----
    - wave 0 COMMIT DIRECT, wave 1 SKIP DIRECT (every round-4 event omits the leader slot),
      wave 2 COMMIT DIRECT; wave 2's sub-DAG holds every uncommitted event of rounds 0 to 6,
      sorted by (round, author, digest).
    """
    layers = full_rounds(range(9), skip={(3, 1)})
    first_leader, third_leader = layers[0][0], layers[6][2]
    history = [event for layer in layers[:6] for event in layer if event != first_leader]
    history += [layers[6][0], layers[6][1], third_leader]
    history = [e for e in history if ref_of(e).round < 6 or e == third_leader]
    fill(
        "consensus",
        "commit",
        commit_input(layers),
        output={
            "decisions": [
                decision(0, "COMMIT", "DIRECT", first_leader),
                decision(1, "SKIP", "DIRECT", None),
                decision(2, "COMMIT", "DIRECT", third_leader),
            ],
            "committed": [
                sub_dag(0, first_leader, [first_leader]),
                sub_dag(2, third_leader, by_round_author_digest(history)),
            ],
        },
    )


def partial_wave_zero(round_one_parents: dict[int, list[int]]) -> list[list[bytes]]:
    """
    Round 0 full; round 1 events name the given round-0 authors (own first); round 2 names
    the round-1 events of the given authors (own first) per ``round_two_parents``.
    """
    round_zero = full_rounds(range(1))[0]
    round_one = [
        make_event(author, 1, [round_zero[index] for index in round_one_parents[author]])
        for author in range(4)
    ]
    return [round_zero, round_one]


@clauses("AIN-CONS-INDIRECT.1", "AIN-CONS-CERTIFICATE.1", "AIN-CONS-DECIDE.1")
def test_indirect_commit(fill: Filler) -> None:
    """
    A leader with too few certificates to commit directly commits through the next anchor.

    Given
    -----
    - round 1: validators 0, 1, 2 vote for wave 0's leader (they name it), validator 3 does
      not; round 2: only validator 0's event names three voters (a certificate), the others
      name two voters and validator 3; rounds 3 to 5 full.

    When
    ----
    - the events are accepted in round order.

    Then
    ----
    - wave 0 is neither committed (one certificate) nor skipped (one blamer) directly; wave 1
      commits directly, and its history holds validator 0's certificate: wave 0 COMMIT
      INDIRECT, then wave 1 COMMIT DIRECT.
    """
    layers = partial_wave_zero({0: [0, 1, 2], 1: [1, 0, 2], 2: [2, 0, 1], 3: [3, 1, 2]})
    round_one = layers[1]
    round_two_parents = {0: [0, 1, 2], 1: [1, 2, 3], 2: [2, 1, 3], 3: [3, 1, 2]}
    round_two = [
        make_event(author, 2, [round_one[index] for index in round_two_parents[author]])
        for author in range(4)
    ]
    layers.append(round_two)
    layers += full_rounds(range(3, 6), previous=round_two)
    first_leader, second_leader = layers[0][0], layers[3][1]
    first_history = [first_leader]
    rest = [event for layer in layers[:4] for event in layer if event != first_leader]
    rest = [event for event in rest if ref_of(event).round < 3 or event == second_leader]
    fill(
        "consensus",
        "commit",
        commit_input(layers),
        output={
            "decisions": [
                decision(0, "COMMIT", "INDIRECT", first_leader),
                decision(1, "COMMIT", "DIRECT", second_leader),
            ],
            "committed": [
                sub_dag(0, first_leader, first_history),
                sub_dag(1, second_leader, by_round_author_digest(rest)),
            ],
        },
    )


@clauses("AIN-CONS-INDIRECT.1", "AIN-CONS-VOTE.1")
def test_leader_without_enough_support_is_skipped(fill: Filler) -> None:
    """
    A leader that only two of four validators vote for can never be certified: skipped.

    Given
    -----
    - round 1: validators 0 and 1 name wave 0's leader, validators 2 and 3 do not; rounds 2
      to 5 full.

    When
    ----
    - the events are accepted in round order.

    Then
    ----
    - wave 0 is undecided directly (two votes, two blamers); wave 1 commits directly and no
      certificate for wave 0's leader lies in its history: wave 0 SKIP INDIRECT, wave 1
      COMMIT DIRECT, and wave 0's leader is still committed inside wave 1's sub-DAG.
    """
    layers = partial_wave_zero({0: [0, 2, 3], 1: [1, 0, 2], 2: [2, 1, 3], 3: [3, 1, 2]})
    layers += full_rounds(range(2, 6), previous=layers[1])
    second_leader = layers[3][1]
    history = [event for layer in layers[:3] for event in layer] + [second_leader]
    fill(
        "consensus",
        "commit",
        commit_input(layers),
        output={
            "decisions": [
                decision(0, "SKIP", "INDIRECT", None),
                decision(1, "COMMIT", "DIRECT", second_leader),
            ],
            "committed": [sub_dag(1, second_leader, by_round_author_digest(history))],
        },
    )


@clauses("AIN-CONS-SLOT-ONCE.1", "AIN-CONS-SUPPORT.1", "AIN-CONS-DIRECT.1")
def test_equivocating_leader(fill: Filler) -> None:
    """
    A leader that signs two round-0 events: the fork with quorum support commits, the other
    fork never does, even when it lies in a later leader's history.

    Given
    -----
    - validator 0 signs round-0 events A (timestamp 0) and B (timestamp 1); round 1:
      validators 0, 1, 2 name A, validator 3 names B; rounds 2 to 5 full (so B lies in wave 1's
      history through validator 3's round-1 event).

    When
    ----
    - the events are accepted in round order (A, B, then the others).

    Then
    ----
    - wave 0 COMMIT DIRECT with A; wave 1 COMMIT DIRECT; B, at the already committed slot
      (0, validator 0), is in no sub-DAG.
    """
    round_zero = full_rounds(range(1))[0]
    fork_a, others = round_zero[0], round_zero[1:]
    fork_b = make_event(0, 0, [], timestamp=1)
    round_one = [
        make_event(0, 1, [fork_a, others[0], others[1]]),
        make_event(1, 1, [others[0], fork_a, others[1]]),
        make_event(2, 1, [others[1], fork_a, others[0]]),
        make_event(3, 1, [others[2], fork_b, others[0], others[1]]),
    ]
    layers = [[fork_a, fork_b, *others], round_one]
    layers += full_rounds(range(2, 6), previous=round_one)
    second_leader = layers[3][1]
    rest = [event for layer in layers[:3] for event in layer if event not in (fork_a, fork_b)]
    rest.append(second_leader)
    fill(
        "consensus",
        "commit",
        commit_input(layers),
        output={
            "decisions": [
                decision(0, "COMMIT", "DIRECT", fork_a),
                decision(1, "COMMIT", "DIRECT", second_leader),
            ],
            "committed": [
                sub_dag(0, fork_a, [fork_a]),
                sub_dag(1, second_leader, by_round_author_digest(rest)),
            ],
        },
    )


@clauses("AIN-CONS-LINEARISE.1", "AIN-CONS-GC.1")
def test_linearisation_respects_gc_depth(fill: Filler) -> None:
    """
    A leader's sub-DAG stops at its GC round: older uncommitted events never commit.

    Given
    -----
    - gc_depth 3; rounds 0 to 5 where validator 3's round-0 event is named by nobody (every
      round-1 event names validators 0, 1, 2 only), while validator 3's later events name it.

    When
    ----
    - the events are accepted in round order.

    Then
    ----
    - wave 0 commits its leader; wave 1 (leader round 3, GC round 0) commits the rest of
      rounds 0 to 2 and its leader, including validator 3's round-0 event through its own
      chain; with gc_depth 2 the GC round is 1 and that event is left out.
    """
    round_zero = full_rounds(range(1))[0]
    round_one = [
        make_event(
            author, 1, [round_zero[author]] + [round_zero[i] for i in range(3) if i != author]
        )
        for author in range(4)
    ]
    layers = [round_zero, round_one, *full_rounds(range(2, 6), previous=round_one)]
    first_leader, second_leader = layers[0][0], layers[3][1]
    for gc_depth in (3, 2):
        history = [event for layer in layers[:3] for event in layer if event != first_leader]
        if gc_depth == 2:
            history = [event for event in history if ref_of(event).round >= 1]
        history.append(second_leader)
        fill(
            "consensus",
            "commit",
            commit_input(layers, gc_depth=gc_depth),
            output={
                "decisions": [
                    decision(0, "COMMIT", "DIRECT", first_leader),
                    decision(1, "COMMIT", "DIRECT", second_leader),
                ],
                "committed": [
                    sub_dag(0, first_leader, [first_leader]),
                    sub_dag(1, second_leader, by_round_author_digest(history)),
                ],
            },
            case=f"depth_{gc_depth}",
        )
