"""
One node's DAG: accepting events in the spec's check order, suspending those with missing parents.

Spec: spec/consensus.md, "Accepting an event" ([AIN-CONS-EVENT-CONTEXT.1] ..
[AIN-CONS-SUSPEND.1]) and "Garbage collection" ([AIN-CONS-GC.1]).
Layer: consensus. Imports events, consensus.committee and errors.
"""

from __future__ import annotations

from typing import Final

import attrs

from ain_ref.consensus.committee import Committee, ConsensusParameters
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.events import Event, check_event_signature, read_event

ACCEPTED: Final = "ACCEPTED"
SUSPENDED: Final = "SUSPENDED"


@attrs.frozen
class Acceptance:
    """
    What accepting bytes did: ACCEPTED (with every event it let in, itself first) or SUSPENDED.

    ``missing`` lists the parent digests still missing, in increasing order, when SUSPENDED.
    """

    status: str
    digest: bytes
    inserted: tuple[Event, ...] = ()
    missing: tuple[bytes, ...] = ()


@attrs.define
class Dag:
    """
    The events one node holds: by digest, by (round, author index), and suspended ones.

    References
    ----------
    [AIN-CONS-EVENT-CHECKS.1] Acceptance runs the checks in the order the spec lists them.
    """

    committee: Committee
    chain_id: int
    parameters: ConsensusParameters = attrs.field(factory=ConsensusParameters)
    events: dict[bytes, Event] = attrs.field(factory=dict)
    slots: dict[tuple[int, int], list[bytes]] = attrs.field(factory=dict)
    suspended: dict[bytes, Event] = attrs.field(factory=dict)
    highest_round: int = 0
    gc_round: int = 0

    def author_index(self, event: Event) -> int:
        """The committee index of an event's author (the event was accepted, so it is one)."""
        return self.committee.index_of[event.author]

    def events_at(self, round_number: int, author: int) -> list[Event]:
        """The events held at a slot, in increasing digest order."""
        digests = self.slots.get((round_number, author), [])
        return [self.events[digest] for digest in sorted(digests)]

    def round_events(self, round_number: int) -> list[Event]:
        """Every event held at a round, by author index then digest."""
        found: list[Event] = []
        for author in range(self.committee.size()):
            found.extend(self.events_at(round_number, author))
        return found

    def accept(self, data: bytes) -> Acceptance | Rejection:
        """
        Accept a signed event's bytes, or refuse them with the first failed check's code.

        References
        ----------
        [AIN-CONS-EVENT-CHECKS.1] Size and format, context, author, duplicate, signature,
        horizon, garbage collection, parent references, then suspension while parents are
        missing, then (parents held) the held parents' checks.
        """
        event = read_event(data)
        if isinstance(event, Rejection):
            return event
        rejection = check_event(self, event)
        if rejection is not None:
            return rejection
        missing = self.missing_parents(event)
        if missing:
            # [AIN-CONS-SUSPEND.1]
            if len(self.suspended) >= self.parameters.max_suspended:
                return Rejection(ErrorCode.CONSENSUS_SUSPENDED_BUFFER_FULL, "suspended buffer")
            self.suspended[event.digest] = event
            return Acceptance(SUSPENDED, event.digest, (), tuple(sorted(missing)))
        rejection = check_parents_held(self, event)
        if rejection is not None:
            return rejection
        self.insert(event)
        return Acceptance(ACCEPTED, event.digest, (event, *self.release_suspended()))

    def missing_parents(self, event: Event) -> list[bytes]:
        """Parents at or above the GC round that the node does not hold [AIN-CONS-SUSPEND.1]."""
        return [
            parent.digest
            for parent in event.parents
            if parent.round >= self.gc_round and parent.digest not in self.events
        ]

    def insert(self, event: Event) -> None:
        """Hold an accepted event."""
        self.events[event.digest] = event
        slot = (event.round, self.author_index(event))
        self.slots.setdefault(slot, []).append(event.digest)
        self.highest_round = max(self.highest_round, event.round)

    def release_suspended(self) -> list[Event]:
        """
        Insert every suspended event whose parents are now all held, until none is.

        Candidates are tried in (round, digest) order, so the result is independent of the
        order events arrived in [AIN-CONS-SUSPEND.1].
        """
        released: list[Event] = []
        progress = True
        while progress:
            progress = False
            for digest in sorted(self.suspended, key=lambda d: (self.suspended[d].round, d)):
                event = self.suspended[digest]
                if self.missing_parents(event):
                    continue
                del self.suspended[digest]
                if check_parents_held(self, event) is None and check_event_window(self, event):
                    self.insert(event)
                    released.append(event)
                progress = True
        return released

    def collect_garbage(self, gc_round: int) -> None:
        """
        Raise the GC round and forget every event, held or suspended, below it.

        References
        ----------
        [AIN-CONS-GC.1]
        """
        if gc_round <= self.gc_round:
            return
        self.gc_round = gc_round
        for digest in [d for d, event in self.events.items() if event.round < gc_round]:
            event = self.events.pop(digest)
            self.slots.pop((event.round, self.author_index(event)), None)
        for digest in [d for d, event in self.suspended.items() if event.round < gc_round]:
            del self.suspended[digest]
        self.release_suspended()  # parents below the GC round are no longer awaited


def check_event_window(dag: Dag, event: Event) -> bool:
    """The event is still at or above the GC round (a suspended event may fall below it)."""
    return event.round >= dag.gc_round


def check_event(dag: Dag, event: Event) -> Rejection | None:
    """
    The checks an event passes before its parents are looked up, in the spec's order.

    References
    ----------
    [AIN-CONS-EVENT-CONTEXT.1] Chain id, then epoch.
    [AIN-CONS-EVENT-AUTHOR.1] The author is a committee member.
    [AIN-CONS-EVENT-DUPLICATE.1] Not already held nor suspended (by digest, so a copy is
    refused before its signature costs a verification).
    [AIN-CONS-EVENT-SIGNATURE.1] The author's signature.
    [AIN-CONS-EVENT-HORIZON.1] round <= highest_round + max_rounds_ahead.
    [AIN-CONS-GC.1] round >= gc_round.
    [AIN-CONS-EVENT-PARENTS.1] The parent references' rules.
    """
    committee = dag.committee
    if event.chain_id != dag.chain_id:
        return Rejection(ErrorCode.CONSENSUS_WRONG_CHAIN, f"chain {event.chain_id}")
    if event.epoch != committee.epoch:
        return Rejection(ErrorCode.CONSENSUS_WRONG_EPOCH, f"epoch {event.epoch}")
    if event.author not in committee.index_of:
        return Rejection(ErrorCode.CONSENSUS_UNKNOWN_AUTHOR, "author")
    if event.digest in dag.events or event.digest in dag.suspended:
        return Rejection(ErrorCode.CONSENSUS_DUPLICATE_EVENT, event.digest.hex())
    rejection = check_event_signature(event)
    if rejection is not None:
        return rejection
    if event.round > dag.highest_round + dag.parameters.max_rounds_ahead:
        return Rejection(ErrorCode.CONSENSUS_ROUND_TOO_FAR_AHEAD, f"round {event.round}")
    if event.round < dag.gc_round:
        return Rejection(ErrorCode.CONSENSUS_EVENT_BELOW_GC, f"round {event.round}")
    return check_parent_references(committee, event)


def check_parent_references(committee: Committee, event: Event) -> Rejection | None:
    """
    The rules on parent references, checkable without the parents, in order.

    References
    ----------
    [AIN-CONS-EVENT-PARENTS.1] Round 0 has no parents. Above it: every parent's author is a
    member, every parent's round is below the event's, no digest repeats, the first parent is
    the author's own, and the parents of round r - 1 are by authors of quorum stake.
    """
    if event.round == 0:
        if event.parents:
            return Rejection(ErrorCode.CONSENSUS_GENESIS_HAS_PARENTS, "round 0")
        return None
    for parent in event.parents:
        if parent.author not in committee.index_of:
            return Rejection(ErrorCode.CONSENSUS_UNKNOWN_AUTHOR, "parent author")
        if parent.round >= event.round:
            return Rejection(ErrorCode.CONSENSUS_PARENT_ROUND_NOT_BELOW, f"round {parent.round}")
    if len({parent.digest for parent in event.parents}) != len(event.parents):
        return Rejection(ErrorCode.CONSENSUS_DUPLICATE_PARENT, "a digest repeats")
    if not event.parents or event.parents[0].author != event.author:
        return Rejection(ErrorCode.CONSENSUS_FIRST_PARENT_NOT_OWN, "first parent")
    previous_round_authors = [
        committee.index_of[parent.author]
        for parent in event.parents
        if parent.round == event.round - 1
    ]
    if not committee.is_quorum(previous_round_authors):
        return Rejection(ErrorCode.CONSENSUS_PARENT_QUORUM_MISSING, "previous round")
    return None


def check_parents_held(dag: Dag, event: Event) -> Rejection | None:
    """
    The checks that need the parents held: references match, timestamps do not decrease.

    References
    ----------
    [AIN-CONS-EVENT-PARENTS.1] A held parent's round and author equal its reference's.
    [AIN-CONS-EVENT-TIMESTAMP.1] The event's timestamp is at least each held parent's.
    """
    for parent in event.parents:
        held = dag.events.get(parent.digest)
        if held is None:
            continue  # below the GC round
        if held.round != parent.round or held.author != parent.author:
            return Rejection(ErrorCode.CONSENSUS_PARENT_MISMATCH, parent.digest.hex())
    for parent in event.parents:
        held = dag.events.get(parent.digest)
        if held is not None and event.timestamp < held.timestamp:
            return Rejection(ErrorCode.CONSENSUS_TIMESTAMP_DECREASING, f"{event.timestamp}")
    return None
