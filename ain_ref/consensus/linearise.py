"""
Linearisation: committed leaders become a sequence of sub-DAGs, each in a deterministic order.

Spec: spec/consensus.md, "Linearisation" ([AIN-CONS-LINEARISE.1], [AIN-CONS-SLOT-ONCE.1],
[AIN-CONS-GC.1]).
Layer: consensus. Imports events, consensus.commit, consensus.committee and consensus.dag.
"""

from __future__ import annotations

import attrs

from ain_ref.consensus.commit import COMMIT, Decision, decide_waves
from ain_ref.consensus.dag import Dag
from ain_ref.events import Event


@attrs.frozen
class CommittedSubDag:
    """One committed leader and the events it commits, in their final order."""

    wave: int
    leader: Event
    events: tuple[Event, ...]
    how: str


@attrs.define
class Committer:
    """
    What one node has committed: the next wave to decide, committed events and slots.

    References
    ----------
    [AIN-CONS-DECIDE.1], [AIN-CONS-LINEARISE.1], [AIN-CONS-SLOT-ONCE.1]
    """

    dag: Dag
    next_wave: int = 0
    decisions: list[Decision] = attrs.field(factory=list)
    committed: list[CommittedSubDag] = attrs.field(factory=list)
    committed_digests: set[bytes] = attrs.field(factory=set)
    committed_slots: set[tuple[int, int]] = attrs.field(factory=set)

    def try_commit(self) -> list[CommittedSubDag]:
        """
        Decide what the DAG now allows, linearise each committed leader, collect garbage.

        Returns
        -------
        list[CommittedSubDag]
            The newly committed sub-DAGs, in commit order (empty when nothing new is decided).
        """
        new: list[CommittedSubDag] = []
        for decision in decide_waves(self.dag, self.next_wave):
            self.decisions.append(decision)
            self.next_wave = decision.wave + 1
            if decision.kind == COMMIT and decision.leader is not None:
                events = linearise(self.dag, decision.leader, self)
                sub_dag = CommittedSubDag(decision.wave, decision.leader, events, decision.how)
                self.committed.append(sub_dag)
                new.append(sub_dag)
                self.forget_below(gc_round_of(self.dag, decision.leader))
        return new

    def forget_below(self, gc_round: int) -> None:
        """Raise the DAG's GC round and drop committed bookkeeping below it [AIN-CONS-GC.1]."""
        self.dag.collect_garbage(gc_round)
        self.committed_slots = {slot for slot in self.committed_slots if slot[0] >= gc_round}
        self.committed_digests = {d for d in self.committed_digests if d in self.dag.events}


def gc_round_of(dag: Dag, leader: Event) -> int:
    """
    The GC round a committed leader sets: its round minus the GC depth, at least 0.

    References
    ----------
    [AIN-CONS-GC.1]
    """
    return max(0, leader.round - dag.parameters.gc_depth)


def linearise(dag: Dag, leader: Event, committer: Committer) -> tuple[Event, ...]:
    """
    The events a committed leader commits, in their final order.

    References
    ----------
    [AIN-CONS-LINEARISE.1] The leader's causal history at or above its GC round, without
    events already committed, sorted by (round, author index, digest).
    [AIN-CONS-SLOT-ONCE.1] Of several events at one (round, author) slot, only the first in
    that order commits, and none does if the slot committed before.
    """
    gc_round = gc_round_of(dag, leader)
    history: list[Event] = []
    stack, visited = [leader], {leader.digest}
    while stack:
        current = stack.pop()
        history.append(current)
        for parent in current.parents:
            held = dag.events.get(parent.digest)
            if held is None or parent.round < gc_round or parent.digest in visited:
                continue
            if parent.digest in committer.committed_digests:
                continue
            visited.add(parent.digest)
            stack.append(held)
    history.sort(key=lambda event: (event.round, dag.author_index(event), event.digest))
    ordered: list[Event] = []
    for event in history:
        slot = (event.round, dag.author_index(event))
        if slot in committer.committed_slots:
            continue
        committer.committed_slots.add(slot)
        committer.committed_digests.add(event.digest)
        ordered.append(event)
    return tuple(ordered)
