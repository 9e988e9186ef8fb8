"""
An honest validator's behaviour: when it creates an event, what the event holds, what it records.

The rules here are the protocol's liveness aids (SHOULD clauses): safety never depends on them,
and a Byzantine node may break every one of them.

Spec: spec/consensus.md, "Honest behaviour" ([AIN-CONS-HONEST-ROUND.1],
[AIN-CONS-HONEST-PARENTS.1], [AIN-CONS-HONEST-EVIDENCE.1]) and "Equivocation"
([AIN-CONS-EVIDENCE-RECORD.1]).
Layer: consensus. Imports events, chain (through execution), consensus.*.
"""

from __future__ import annotations

from typing import Final

import attrs

from ain_ref.consensus.committee import WAVE_LENGTH, leader_of
from ain_ref.consensus.dag import Dag
from ain_ref.consensus.execution import Executor
from ain_ref.consensus.linearise import CommittedSubDag, Committer
from ain_ref.errors import Rejection
from ain_ref.events import (
    MAX_EVIDENCE,
    Equivocation,
    EquivocationProof,
    Event,
    event_body,
    make_equivocation_proof,
    sign_event,
    verify_equivocation_proof,
)

NO_ROUND: Final = -1


@attrs.define
class Validator:
    """
    One validator's local state: its DAG, its committer, its final state and its own events.

    ``last_round`` is the round of its latest own event (NO_ROUND before its first).
    """

    index: int
    seed: bytes
    dag: Dag
    committer: Committer
    executor: Executor | None
    last_round: int = NO_ROUND
    own_latest: Event | None = None
    leader_timeouts: set[int] = attrs.field(factory=set)
    pending_evidence: dict[tuple[bytes, int], EquivocationProof] = attrs.field(factory=dict)
    included_evidence: set[tuple[bytes, int]] = attrs.field(factory=set)
    committed_equivocations: set[Equivocation] = attrs.field(factory=set)
    covered: set[bytes] = attrs.field(factory=set)

    def quorum_round(self) -> int:
        """
        The highest round whose held events are by authors of quorum stake (NO_ROUND if none).

        References
        ----------
        [AIN-CONS-HONEST-ROUND.1]
        """
        committee = self.dag.committee
        for round_number in range(self.dag.highest_round, max(self.last_round, 0) - 1, -1):
            authors = [
                author
                for author in range(committee.size())
                if self.dag.slots.get((round_number, author))
            ]
            if committee.is_quorum(authors):
                return round_number
        return NO_ROUND

    def waits_for_leader(self, round_number: int) -> bool:
        """
        Whether to wait before moving past a leader round whose leader event is not held.

        References
        ----------
        [AIN-CONS-HONEST-ROUND.1] An honest node SHOULD wait up to the leader timeout for the
        leader of a leader round before creating the vote-round event.
        """
        if round_number % WAVE_LENGTH or round_number in self.leader_timeouts:
            return False
        leader = leader_of(self.dag.committee, round_number // WAVE_LENGTH)
        return not self.dag.slots.get((round_number, leader))

    def parents_for(self, round_number: int) -> list[Event]:
        """
        The parents of a new event.

        Its own latest event, then every held event of the previous round by another author,
        by author index then digest, then (weak parents) every held older event not yet in its
        own causal history, by round, author, digest.

        References
        ----------
        [AIN-CONS-HONEST-PARENTS.1]
        """
        if self.own_latest is None or round_number == 0:
            return []
        others = [
            event
            for event in self.dag.round_events(round_number - 1)
            if event.author != self.own_latest.author
        ]
        parents = [self.own_latest, *others]
        self.cover(parents)
        weak = [
            event
            for digest, event in sorted(self.dag.events.items())
            if digest not in self.covered and event.round < round_number - 1
        ]
        weak.sort(key=lambda event: (event.round, self.dag.author_index(event), event.digest))
        self.cover(weak)
        return parents + weak

    def cover(self, events: list[Event]) -> None:
        """Mark events and their held ancestors as in this node's own causal history."""
        stack = [event for event in events if event.digest not in self.covered]
        self.covered.update(event.digest for event in stack)
        while stack:
            current = stack.pop()
            for parent in current.parents:
                held = self.dag.events.get(parent.digest)
                if held is not None and parent.digest not in self.covered:
                    self.covered.add(parent.digest)
                    stack.append(held)

    def build_event(
        self, round_number: int, timestamp: int, transactions: tuple[bytes, ...]
    ) -> bytes:
        """Sign the next event with its parents and any evidence not yet included."""
        parents = self.parents_for(round_number)
        evidence_keys = sorted(set(self.pending_evidence) - self.included_evidence)
        evidence_keys = evidence_keys[:MAX_EVIDENCE]
        self.included_evidence.update(evidence_keys)
        timestamp = max([timestamp, *(parent.timestamp for parent in parents)])
        body = event_body(
            chain_id=self.dag.chain_id,
            epoch=self.dag.committee.epoch,
            round=round_number,
            author=self.dag.committee.keys[self.index],
            parents=tuple(parent.ref() for parent in parents),
            timestamp=timestamp,
            transactions=transactions,
            evidence=tuple(self.pending_evidence[key] for key in evidence_keys),
        )
        return sign_event(self.seed, body)

    def note_inserted(self, event: Event) -> None:
        """
        Record equivocation evidence when an inserted event shares its slot with another.

        References
        ----------
        [AIN-CONS-HONEST-EVIDENCE.1] An honest node that holds two events of one slot SHOULD
        put the proof in one of its next events.
        """
        if event.author == self.dag.committee.keys[self.index]:
            return  # its own forks, if it is the equivocator
        slot_key = (event.author, event.round)
        others = self.dag.events_at(event.round, self.dag.committee.index_of[event.author])
        for other in others:
            if other.digest != event.digest and slot_key not in self.pending_evidence:
                self.pending_evidence[slot_key] = make_equivocation_proof(event, other)

    def commit(self) -> list[CommittedSubDag]:
        """Run the commit rule, execute what it commits, and record committed evidence."""
        new = self.committer.try_commit()
        for sub_dag in new:
            before = set(self.committed_equivocations)
            for event in sub_dag.events:
                self.record_evidence(event)
            if self.executor is not None:
                proven = tuple(sorted(self.committed_equivocations - before))
                self.executor.execute(sub_dag, proven)
        return new

    def record_evidence(self, event: Event) -> None:
        """
        Record each valid proof a committed event carries, for a member of this committee.

        References
        ----------
        [AIN-CONS-EVIDENCE-RECORD.1] Only committed evidence counts; a proof that fails
        [AIN-CONS-EVIDENCE.1], names another chain or epoch, or a non-member, is ignored.
        """
        for proof in event.evidence:
            proven = verify_equivocation_proof(proof)
            if isinstance(proven, Rejection):
                continue
            committee = self.dag.committee
            if proven.chain_id != self.dag.chain_id or proven.epoch != committee.epoch:
                continue
            if proven.author in committee.index_of:
                self.committed_equivocations.add(proven)
