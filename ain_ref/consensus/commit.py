"""
The commit rule: waves, leaders, votes, certificates, direct and indirect decisions, skips.

Spec: spec/consensus.md, "Commit rule" ([AIN-CONS-WAVE.1], [AIN-CONS-SUPPORT.1],
[AIN-CONS-VOTE.1], [AIN-CONS-CERTIFICATE.1], [AIN-CONS-DIRECT.1], [AIN-CONS-INDIRECT.1],
[AIN-CONS-DECIDE.1]).
Layer: consensus. Imports events, consensus.committee and consensus.dag.
"""

from __future__ import annotations

from typing import Final

import attrs

from ain_ref.consensus.committee import WAVE_LENGTH, leader_of, leader_round
from ain_ref.consensus.dag import Dag
from ain_ref.events import Event

COMMIT: Final = "COMMIT"
SKIP: Final = "SKIP"
UNDECIDED: Final = "UNDECIDED"
DIRECT: Final = "DIRECT"
INDIRECT: Final = "INDIRECT"


@attrs.frozen
class Decision:
    """The fate of a wave's leader slot: COMMIT (with the leader), SKIP or UNDECIDED, and how."""

    wave: int
    kind: str
    leader: Event | None = None
    how: str = ""


def supported_event(dag: Dag, event: Event, slot_round: int, slot_author: bytes) -> bytes | None:
    """
    The one event at a slot that an event supports: the first met depth-first in parent order.

    References
    ----------
    [AIN-CONS-SUPPORT.1] Visit the parents in listed order; a parent at the slot is the answer;
    a held parent above the slot's round is searched the same way before the next parent; each
    event is visited once.
    """
    visited: set[bytes] = set()

    def search(current: Event) -> bytes | None:
        for parent in current.parents:
            if parent.round == slot_round and parent.author == slot_author:
                return parent.digest
            if parent.round > slot_round and parent.digest not in visited:
                visited.add(parent.digest)
                held = dag.events.get(parent.digest)
                if held is not None:
                    found = search(held)
                    if found is not None:
                        return found
        return None

    return search(event)


def is_vote(dag: Dag, event: Event, leader: Event) -> bool:
    """
    An event votes for a leader when it supports it [AIN-CONS-VOTE.1].

    References
    ----------
    [AIN-CONS-VOTE.1]
    """
    return supported_event(dag, event, leader.round, leader.author) == leader.digest


def is_certificate(dag: Dag, event: Event, leader: Event) -> bool:
    """
    Whether an event certifies a leader.

    Its held parents of round leader + 1 that vote for the leader are by authors of quorum
    stake.

    References
    ----------
    [AIN-CONS-CERTIFICATE.1]
    """
    voters = []
    for parent in event.parents:
        held = dag.events.get(parent.digest)
        if held is not None and held.round == leader.round + 1 and is_vote(dag, held, leader):
            voters.append(dag.committee.index_of[held.author])
    return dag.committee.is_quorum(voters)


def leader_events(dag: Dag, wave: int) -> list[Event]:
    """The events held at a wave's leader slot (several only if the leader equivocated)."""
    return dag.events_at(leader_round(wave), leader_of(dag.committee, wave))


def direct_decision(dag: Dag, wave: int) -> Decision:
    """
    Decide a wave from the node's own DAG, or leave it UNDECIDED.

    References
    ----------
    [AIN-CONS-DIRECT.1] COMMIT a leader event when the authors of its certificates in the
    decision round have quorum stake; else SKIP when the authors of vote-round events that
    reference no event of the leader slot have quorum stake; else UNDECIDED.
    """
    committee = dag.committee
    decision_round = leader_round(wave) + 2
    for leader in leader_events(dag, wave):
        certifiers = [
            committee.index_of[candidate.author]
            for candidate in dag.round_events(decision_round)
            if is_certificate(dag, candidate, leader)
        ]
        if committee.is_quorum(certifiers):
            return Decision(wave, COMMIT, leader, DIRECT)
    slot_round, slot_author = leader_round(wave), committee.keys[leader_of(committee, wave)]
    blamers = [
        committee.index_of[event.author]
        for event in dag.round_events(slot_round + 1)
        if not any(p.round == slot_round and p.author == slot_author for p in event.parents)
    ]
    if committee.is_quorum(blamers):
        return Decision(wave, SKIP, None, DIRECT)
    return Decision(wave, UNDECIDED)


def history_at_round(dag: Dag, anchor: Event, target_round: int) -> list[Event]:
    """The held events of one round in an event's causal history, in digest order."""
    found: dict[bytes, Event] = {}
    stack, visited = [anchor], {anchor.digest}
    while stack:
        current = stack.pop()
        if current.round == target_round:
            found[current.digest] = current
            continue
        for parent in current.parents:
            held = dag.events.get(parent.digest)
            if held is not None and held.round >= target_round and parent.digest not in visited:
                visited.add(parent.digest)
                stack.append(held)
    return [found[digest] for digest in sorted(found)]


def decision_from_anchor(dag: Dag, wave: int, anchor: Event) -> Decision:
    """
    Decide a wave from a later committed leader, its anchor.

    References
    ----------
    [AIN-CONS-INDIRECT.1] COMMIT the leader event for which a certificate lies in the
    anchor's causal history (at most one can); else SKIP.
    """
    candidates = history_at_round(dag, anchor, leader_round(wave) + 2)
    for leader in leader_events(dag, wave):
        if any(is_certificate(dag, candidate, leader) for candidate in candidates):
            return Decision(wave, COMMIT, leader, INDIRECT)
    return Decision(wave, SKIP, None, INDIRECT)


def indirect_decision(dag: Dag, wave: int, later: list[Decision]) -> Decision:
    """
    The anchor of an undecided wave: the first later decision that is not a SKIP.

    References
    ----------
    [AIN-CONS-INDIRECT.1] Later waves are scanned upward; a SKIP is passed over; an UNDECIDED
    leaves this wave UNDECIDED; a COMMIT is the anchor.
    """
    for decision in later:
        if decision.kind == SKIP:
            continue
        if decision.kind == UNDECIDED or decision.leader is None:
            return Decision(wave, UNDECIDED)
        return decision_from_anchor(dag, wave, decision.leader)
    return Decision(wave, UNDECIDED)


def decide_waves(dag: Dag, first_wave: int) -> list[Decision]:
    """
    Decide waves from ``first_wave`` upward and return the longest decided prefix.

    References
    ----------
    [AIN-CONS-DECIDE.1] Waves whose leader round the node holds are decided from the highest
    down: directly, else indirectly from the later decisions; the result is the decisions up to
    (not including) the first UNDECIDED one.
    """
    highest_wave = dag.highest_round // WAVE_LENGTH
    later: list[Decision] = []
    for wave in range(highest_wave, first_wave - 1, -1):
        decision = direct_decision(dag, wave)
        if decision.kind == UNDECIDED:
            decision = indirect_decision(dag, wave, later)
        later.insert(0, decision)
    decided: list[Decision] = []
    for decision in later:
        if decision.kind == UNDECIDED:
            break
        decided.append(decision)
    return decided
