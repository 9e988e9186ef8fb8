"""
A deterministic network simulator: validators, a Byzantine set, and a fault-injecting network.

Every choice (delays, drops, duplicates) comes from a ``Chooser``: a seeded ``random.Random``
for the command line and the benchmark, or Hypothesis's draws in property tests, so that a
failing run shrinks. Messages wait in one queue ordered by (delivery time, sequence number):
ties never fall to chance.

Spec: spec/consensus.md, "Simulator" (informative).
Layer: consensus tooling. Imports chain, crypto, events and consensus.*.
"""

from __future__ import annotations

import hashlib
import heapq
import random
from collections import Counter
from collections.abc import Callable
from typing import Any, Final, Protocol

import attrs

from ain_ref.chain import build_genesis, sign_transaction
from ain_ref.consensus.committee import Committee, ConsensusParameters, build_committee
from ain_ref.consensus.dag import SUSPENDED, Dag
from ain_ref.consensus.epochs import parameters_from_state
from ain_ref.consensus.execution import Executor
from ain_ref.consensus.linearise import Committer
from ain_ref.consensus.node import NO_ROUND, Validator
from ain_ref.crypto import KeyPair, format_address, keypair_from_seed
from ain_ref.encoding import CborValue
from ain_ref.errors import Rejection
from ain_ref.events import Event, event_body, read_event, sign_event
from ain_ref.state.tree import StateTree

NETWORK_FAULTS: Final = ("drop", "duplicate", "delay", "partition")
BYZANTINE_FAULTS: Final = ("crash", "equivocate", "withhold", "badsig", "flood", "replay")
EVENT: Final = "EVENT"
FETCH: Final = "FETCH"
TIMER: Final = "TIMER"
RESEND: Final = "RESEND"
TIME_UNIT_MS: Final = 100
"""Milliseconds of event timestamp per tick of simulated time."""
SIMULATION_GENESIS: Final[dict[str, CborValue]] = {
    "rules": {
        "/": {"write": False},
        "/counters/$user": {"write": "auth.addr === $user"},
        "/shared/$key": {"write": True},
    }
}


def simulation_genesis() -> StateTree:
    """The simulator's genesis state: each signer writes its own counter, anyone /shared."""
    tree = build_genesis(SIMULATION_GENESIS)
    assert isinstance(tree, StateTree)
    return tree


class Chooser(Protocol):
    """Where the simulator's choices come from."""

    def integer(self, low: int, high: int) -> int:
        """An integer in low .. high, both included."""
        ...


@attrs.define
class RandomChooser:
    """Choices from a seeded generator (the command line, the benchmark)."""

    generator: random.Random

    def integer(self, low: int, high: int) -> int:
        """An integer in low .. high, both included."""
        return self.generator.randint(low, high)


@attrs.define
class DrawChooser:
    """
    Choices drawn by Hypothesis up to a budget, then from a seeded generator.

    Drawn choices shrink; the generator covers runs that make more choices than one example
    can hold.
    """

    draw: Callable[[int, int], int]
    budget: int
    fallback: random.Random

    def integer(self, low: int, high: int) -> int:
        """An integer in low .. high, both included."""
        if self.budget > 0:
            self.budget -= 1
            return self.draw(low, high)
        return self.fallback.randint(low, high)


@attrs.frozen
class SimulationConfig:
    """What to simulate; ``byzantine`` validators are the last ones in committee order."""

    validators: int = 4
    byzantine: int = 0
    rounds: int = 30
    seed: int = 0
    faults: tuple[str, ...] = ()
    stakes: tuple[int, ...] = ()
    gst: int = 0
    max_delay: int = 3
    chain_id: int = 1
    transactions_per_event: int = 1
    execute: bool = True
    parameters: ConsensusParameters = attrs.field(
        factory=lambda: parameters_from_state(simulation_genesis())
    )
    """The epoch's limits: by default those the simulation genesis holds [AIN-CONS-PARAMETERS.2]."""

    def stake_of(self, index: int) -> int:
        """The stake of the validator at a committee index (1 unless stakes are given)."""
        return self.stakes[index] if self.stakes else 1


@attrs.frozen
class Message:
    """One message in flight; the queue orders messages by (time, sequence)."""

    time: int
    sequence: int
    recipient: int
    sender: int
    kind: str
    payload: tuple[bytes, ...] = ()
    round: int = 0


@attrs.frozen
class SimulationReport:
    """What a run did: commits, latency, transactions, agreement, rejections by code."""

    honest: tuple[int, ...]
    committed_waves: dict[int, int]
    skipped_waves: dict[int, int]
    latencies: tuple[int, ...]
    transactions_committed: int
    agreement: bool
    rejections: dict[str, int]
    events_accepted: int
    final_time: int
    committed_equivocators: tuple[int, ...]

    def lines(self) -> list[str]:
        """The report as text."""
        latency = sorted(self.latencies)
        median = latency[len(latency) // 2] if latency else None
        return [
            f"honest validators: {list(self.honest)}",
            f"committed waves per honest node: {self.committed_waves}",
            f"skipped waves per honest node: {self.skipped_waves}",
            f"commit latency in rounds: median {median}, min {min(latency, default=None)}, "
            f"max {max(latency, default=None)}",
            f"transactions committed: {self.transactions_committed}",
            f"all honest nodes agree: {'yes' if self.agreement else 'NO'}",
            f"events accepted (signatures verified): {self.events_accepted}",
            f"rejections by code: {dict(sorted(self.rejections.items()))}",
            f"equivocators with committed evidence: {list(self.committed_equivocators)}",
            f"simulated time: {self.final_time} ticks",
        ]


def is_prefix_chain(sequences: list[list[Any]]) -> bool:
    """Whether every sequence is a prefix of the longest one."""
    longest = max(sequences, key=len, default=[])
    return all(sequence == longest[: len(sequence)] for sequence in sequences)


def validator_seed(seed: int, index: int) -> bytes:
    """A reproducible key seed for validator number ``index`` of a run."""
    return hashlib.sha256(b"ain-ref simulator" + seed.to_bytes(8, "big") + bytes([index])).digest()


def make_keys(config: SimulationConfig) -> list[tuple[bytes, bytes]]:
    """(public key, seed) of each validator, in committee (key) order."""
    pairs = []
    for number in range(config.validators):
        seed = validator_seed(config.seed, number)
        keypair = keypair_from_seed(seed)
        assert isinstance(keypair, KeyPair)
        pairs.append((keypair.public_key, seed))
    return sorted(pairs)


@attrs.define
class Simulation:
    """One run: the committee, the validators, the queue, and the statistics."""

    config: SimulationConfig
    chooser: Chooser
    committee: Committee
    validators: list[Validator]
    byzantine: frozenset[int]
    queue: list[tuple[int, int, Message]] = attrs.field(factory=list)
    sequence: int = 0
    now: int = 0
    rejections: Counter[str] = attrs.field(factory=Counter)
    events_accepted: int = 0
    latencies: list[int] = attrs.field(factory=list)
    client_nonces: dict[int, int] = attrs.field(factory=dict)
    fork_sides: dict[bytes, int] = attrs.field(factory=dict)
    own_forks: dict[tuple[int, int], Event] = attrs.field(factory=dict)

    @classmethod
    def create(cls, config: SimulationConfig, chooser: Chooser | None = None) -> Simulation:
        """Build the committee and the validators of a configuration."""
        keys = make_keys(config)
        committee = build_committee(
            0, [(key, config.stake_of(index)) for index, (key, _) in enumerate(keys)]
        )
        assert isinstance(committee, Committee)
        validators = []
        for index, (_, seed) in enumerate(keys):
            dag = Dag(committee, config.chain_id, config.parameters)
            executor = None
            if config.execute:
                executor = Executor(simulation_genesis, config.chain_id)
            validators.append(Validator(index, seed, dag, Committer(dag), executor))
        byzantine = frozenset(range(config.validators - config.byzantine, config.validators))
        chooser = chooser or RandomChooser(random.Random(config.seed))
        return cls(config, chooser, committee, validators, byzantine)

    # --- faults ---------------------------------------------------------------------------

    def has(self, fault: str) -> bool:
        """Whether a fault is switched on."""
        return fault in self.config.faults

    def byzantine_does(self, index: int, behaviour: str) -> bool:
        """Whether a validator is Byzantine and shows a behaviour (crash when none is named)."""
        if index not in self.byzantine:
            return False
        named = [fault for fault in BYZANTINE_FAULTS if self.has(fault)]
        return behaviour in named or (behaviour == "crash" and not named)

    def is_crashed(self, index: int) -> bool:
        """A crashed validator does nothing at all."""
        return self.byzantine_does(index, "crash")

    def half_of(self, index: int) -> int:
        """
        Which side of a partition, and of an equivocator's audience, a validator is on.

        Sides alternate by index, so honest validators (the first in key order) fall on both.
        """
        return index % 2

    # --- the network -----------------------------------------------------------------------

    def send(self, sender: int, recipient: int, kind: str, payload: tuple[bytes, ...]) -> None:
        """Put a message in flight, through the network's faults before GST."""
        before_gst = self.now < self.config.gst
        split = self.half_of(sender) != self.half_of(recipient)
        adversary = sender in self.byzantine or recipient in self.byzantine
        if before_gst and self.has("partition") and split and not adversary:
            return  # the adversary sits on both sides of the partition
        if before_gst and self.has("drop") and self.chooser.integer(0, 4) == 0:
            return
        duplicated = before_gst and self.has("duplicate") and self.chooser.integer(0, 4) == 0
        copies = 2 if duplicated else 1
        widest = self.config.max_delay * (5 if before_gst and self.has("delay") else 1)
        for _ in range(copies):
            delay = self.chooser.integer(1, widest)
            self.push(Message(self.now + delay, self.sequence, recipient, sender, kind, payload))

    def push(self, message: Message) -> None:
        """Queue a message; the sequence number breaks ties in delivery time."""
        self.sequence += 1
        heapq.heappush(self.queue, (message.time, self.sequence, message))

    def timer(self, index: int, kind: str, delay: int, round_number: int = 0) -> None:
        """A message a validator sends itself after a delay (timeouts, re-sends)."""
        self.push(Message(self.now + delay, 0, index, index, kind, (), round_number))

    def broadcast(self, sender: int, data: bytes) -> None:
        """Send an event to every other validator."""
        for recipient in range(self.config.validators):
            if recipient != sender:
                self.send(sender, recipient, EVENT, (data,))

    # --- validators ------------------------------------------------------------------------

    def client_transactions(self, index: int, round_number: int) -> tuple[bytes, ...]:
        """The transactions a validator's own client asks it to carry in an event."""
        validator = self.validators[index]
        address = format_address(self.committee.keys[index])
        transactions = []
        for number in range(self.config.transactions_per_event):
            nonce = self.client_nonces.get(index, 0)
            self.client_nonces[index] = nonce + 1
            if (round_number + number) % 2:
                operation: dict[str, CborValue] = {
                    "type": "INC_VALUE",
                    "ref": "/shared/total",
                    "value": 1,
                }
            else:
                operation = {"type": "SET_VALUE", "ref": f"/counters/{address}", "value": nonce}
            body: dict[str, CborValue] = {
                "chain_id": self.config.chain_id,
                "nonce": nonce,
                "timestamp": (round_number + 1) * 1000 + index,  # bodies differ per signer
                "operation": operation,
            }
            transactions.append(sign_transaction(validator.seed, body))
        return tuple(transactions)

    def create_event(self, index: int, round_number: int) -> bool:
        """A validator creates, holds and sends its event of a round (with its faults)."""
        validator = self.validators[index]
        transactions = self.client_transactions(index, round_number)
        if index in self.byzantine:
            validator.pending_evidence.clear()  # a Byzantine node reports nobody
        if self.byzantine_does(index, "equivocate"):
            return self.create_forks(index, round_number, transactions)
        data = validator.build_event(round_number, self.now * TIME_UNIT_MS, transactions)
        self.deliver_own(index, data)
        validator.last_round = round_number
        self.timer(index, RESEND, self.resend_interval(), round_number)
        if self.byzantine_does(index, "withhold"):
            for recipient in range(self.config.validators):
                if recipient != index and self.half_of(recipient) == self.half_of(index):
                    self.send(index, recipient, EVENT, (data,))
            return True
        if self.byzantine_does(index, "badsig"):
            self.broadcast(index, data[:-1] + bytes([data[-1] ^ 1]))
        if self.byzantine_does(index, "flood"):
            self.broadcast(index, self.flood_event(index, round_number))
        if self.byzantine_does(index, "replay") and validator.own_latest is not None:
            for old in validator.dag.events.values():
                if old.round + 2 == round_number:
                    self.broadcast(index, old.signed_bytes)
        self.broadcast(index, data)
        return True

    def create_forks(self, index: int, round_number: int, transactions: tuple[bytes, ...]) -> bool:
        """
        An equivocator's split-brain attack: one event per side, each shown to that side only.

        Each fork is built on its side's view alone (its own fork of that side first, then that
        side's events); it waits while a side lacks a quorum of its own.
        """
        validator = self.validators[index]
        sides = [self.side_parents(index, round_number, side) for side in (0, 1)]
        if round_number and any(parents is None for parents in sides):
            return False
        forks = [
            self.sign_fork(index, round_number, parents or [], transactions, side)
            for side, parents in enumerate(sides)
        ]
        for side, data in enumerate(forks):
            self.deliver_own(index, data, keep_latest=True)
            inserted = validator.dag.events.get(self.digest_of(index, data))
            if inserted is not None:
                self.fork_sides[inserted.digest] = side
                self.own_forks[(index, side)] = inserted
        validator.own_latest = self.own_forks.get((index, 0), validator.own_latest)
        validator.last_round = round_number
        self.timer(index, RESEND, self.resend_interval(), round_number)
        for recipient in range(self.config.validators):
            if recipient == index:
                continue
            if recipient in self.byzantine:
                for data in forks:
                    self.send(index, recipient, EVENT, (data,))
            else:
                self.send(index, recipient, EVENT, (forks[self.half_of(recipient)],))
        return True

    def digest_of(self, index: int, data: bytes) -> bytes:
        """The digest of an event this simulation signed."""
        event = read_event(data)
        assert not isinstance(event, Rejection)
        return event.digest

    def side_of(self, event: Event) -> int:
        """Which side an event belongs to: its fork side, or its honest author's side."""
        side = self.fork_sides.get(event.digest)
        return self.half_of(self.committee.index_of[event.author]) if side is None else side

    def side_parents(self, index: int, round_number: int, side: int) -> list[Event] | None:
        """A side's parents for a fork, or None when that side alone holds no quorum."""
        validator = self.validators[index]
        own = self.own_forks.get((index, side), validator.own_latest)
        if own is None or round_number == 0:
            return None if round_number else []
        others = [
            event
            for event in validator.dag.round_events(round_number - 1)
            if event.author != own.author and self.side_of(event) == side
        ]
        authors = [self.committee.index_of[event.author] for event in [own, *others]]
        previous = [
            a for a, e in zip(authors, [own, *others], strict=True) if e.round == round_number - 1
        ]
        if not self.committee.is_quorum(previous):
            return None
        return [own, *others]

    def sign_fork(
        self,
        index: int,
        round_number: int,
        parents: list[Event],
        transactions: tuple[bytes, ...],
        side: int,
    ) -> bytes:
        """Sign a fork with the given parents."""
        validator = self.validators[index]
        body = event_body(
            chain_id=self.config.chain_id,
            epoch=0,
            round=round_number,
            author=self.committee.keys[index],
            parents=tuple(parent.ref() for parent in parents),
            timestamp=max([self.now * TIME_UNIT_MS + side, *(p.timestamp for p in parents)]),
            transactions=transactions,
        )
        return sign_event(validator.seed, body)

    def flood_event(self, index: int, round_number: int) -> bytes:
        """A correctly signed event far beyond any node's horizon."""
        validator = self.validators[index]
        body = event_body(
            chain_id=self.config.chain_id,
            epoch=0,
            round=round_number + self.config.parameters.max_rounds_ahead + 100,
            author=self.committee.keys[index],
            parents=(),
            timestamp=self.now * TIME_UNIT_MS,
        )
        return sign_event(validator.seed, body)

    def deliver_own(self, index: int, data: bytes, keep_latest: bool = False) -> None:
        """A validator accepts its own new event (it must pass its own checks)."""
        validator = self.validators[index]
        result = validator.dag.accept(data)
        assert not isinstance(result, Rejection), result.describe()
        if not keep_latest:
            validator.own_latest = result.inserted[0]
        for event in result.inserted:
            validator.note_inserted(event)
        self.after_insert(index)

    def resend_interval(self) -> int:
        """Ticks between re-sends of a node's latest event while it waits."""
        return 4 * self.config.max_delay + self.config.parameters.leader_timeout

    def try_advance(self, index: int) -> None:
        """
        Create events while the DAG allows: a quorum at the last round, the leader awaited.

        References
        ----------
        [AIN-CONS-HONEST-ROUND.1]
        """
        validator = self.validators[index]
        while validator.last_round < self.config.rounds:
            quorum_round = validator.quorum_round()
            if quorum_round == NO_ROUND or quorum_round < validator.last_round:
                return
            if validator.waits_for_leader(quorum_round):
                self.timer(index, TIMER, self.config.parameters.leader_timeout, quorum_round)
                return
            if not self.create_event(index, quorum_round + 1):
                return

    def after_insert(self, index: int) -> None:
        """Commit what can be committed, and note how many rounds each commit took."""
        validator = self.validators[index]
        for sub_dag in validator.commit():
            self.latencies.append(self.quorum_round_above(index, sub_dag.leader.round) + 1)

    def quorum_round_above(self, index: int, leader_round: int) -> int:
        """Rounds from a committed leader's round to the highest round holding a quorum."""
        dag = self.validators[index].dag
        for round_number in range(dag.highest_round, leader_round, -1):
            authors = [a for a in range(self.config.validators) if dag.slots.get((round_number, a))]
            if self.committee.is_quorum(authors):
                return round_number - leader_round
        return 0

    def receive(self, message: Message) -> None:
        """Handle one delivered message."""
        index = message.recipient
        validator = self.validators[index]
        if self.is_crashed(index):
            return
        if message.kind == TIMER:
            if validator.last_round <= message.round:
                validator.leader_timeouts.add(message.round)
                self.try_advance(index)
            return
        if message.kind == RESEND:
            self.resend(index, message.round)
            return
        if message.kind == FETCH:
            if self.byzantine_does(index, "equivocate") and message.sender not in self.byzantine:
                return  # the adversary relays nothing across its split, only to itself
            for digest in message.payload:
                held = validator.dag.events.get(digest)
                if held is not None:
                    self.send(index, message.sender, EVENT, (held.signed_bytes,))
            return
        self.receive_event(index, message)

    def receive_event(self, index: int, message: Message) -> None:
        """Accept a delivered event; fetch its missing parents from the sender."""
        validator = self.validators[index]
        result = validator.dag.accept(message.payload[0])
        if isinstance(result, Rejection):
            self.rejections[str(result.code)] += 1
            return
        if result.status == SUSPENDED:
            self.send(index, message.sender, FETCH, result.missing)
            return
        self.events_accepted += len(result.inserted)
        for event in result.inserted:
            validator.note_inserted(event)
        self.after_insert(index)
        self.try_advance(index)

    def resend(self, index: int, round_number: int) -> None:
        """While a node has not moved on, send its latest event again and re-ask for parents."""
        validator = self.validators[index]
        if validator.last_round != round_number or self.now > self.time_limit():
            return
        if validator.own_latest is not None and not self.byzantine_does(index, "withhold"):
            self.broadcast(index, validator.own_latest.signed_bytes)
        missing = sorted(
            {
                parent.digest
                for event in validator.dag.suspended.values()
                for parent in event.parents
                if parent.digest not in validator.dag.events
            }
        )
        if missing:
            for recipient in range(self.config.validators):
                if recipient != index:
                    self.send(index, recipient, FETCH, tuple(missing))
        self.timer(index, RESEND, self.resend_interval(), round_number)

    def time_limit(self) -> int:
        """Simulated time after which the run stops."""
        per_round = 4 * self.config.max_delay + self.config.parameters.leader_timeout
        run_length = (self.config.rounds + 4) * per_round * 4
        return min(self.config.gst, run_length) + run_length

    def honest(self) -> list[int]:
        """Indices of the honest validators."""
        return [index for index in range(self.config.validators) if index not in self.byzantine]

    def is_done(self) -> bool:
        """Every honest validator has created its last event."""
        rounds = self.config.rounds
        return all(self.validators[index].last_round >= rounds for index in self.honest())

    def run(self, progress: Callable[[int, int], None] | None = None) -> SimulationReport:
        """Start every validator at round 0 and deliver messages until done or out of time."""
        for index in range(self.config.validators):
            if not self.is_crashed(index):
                self.create_event(index, 0)
        for index in range(self.config.validators):
            if not self.is_crashed(index):
                self.try_advance(index)
        limit = self.time_limit()
        while self.queue and not self.is_done():
            _, _, message = heapq.heappop(self.queue)
            if message.time > limit:
                break
            self.now = message.time
            self.receive(message)
            if progress is not None:
                progress(self.now, limit)
        return self.report()

    def committed_sequence(self, index: int) -> list[tuple[bytes, tuple[bytes, ...]]]:
        """A validator's commits: (leader digest, event digests) per committed sub-DAG."""
        return [
            (sub_dag.leader.digest, tuple(event.digest for event in sub_dag.events))
            for sub_dag in self.validators[index].committer.committed
        ]

    def roots(self, index: int) -> list[bytes]:
        """A validator's state root after each block."""
        executor = self.validators[index].executor
        return [] if executor is None else [block.state_root for block in executor.blocks]

    def decided_sequence(self, index: int) -> list[tuple[int, str, bytes | None]]:
        """A validator's decisions: (wave, COMMIT or SKIP, leader digest or None)."""
        return [
            (
                decision.wave,
                decision.kind,
                None if decision.leader is None else decision.leader.digest,
            )
            for decision in self.validators[index].committer.decisions
        ]

    def agreement(self) -> bool:
        """Honest validators' decisions, commits and roots are prefixes of one another."""
        return all(
            is_prefix_chain([view(index) for index in self.honest()])
            for view in (self.decided_sequence, self.committed_sequence, self.roots)
        )

    def report(self) -> SimulationReport:
        """Summarise the run."""
        honest = self.honest()
        committed, skipped = {}, {}
        for index in honest:
            decisions = self.validators[index].committer.decisions
            committed[index] = sum(1 for decision in decisions if decision.kind == "COMMIT")
            skipped[index] = sum(1 for decision in decisions if decision.kind == "SKIP")
        transactions = 0
        longest = max(honest, key=lambda i: len(self.roots(i)), default=None)
        if longest is not None and self.validators[longest].executor is not None:
            executor = self.validators[longest].executor
            assert executor is not None
            transactions = sum(len(block.transactions) for block in executor.blocks)
        convicted = sorted(
            {
                self.committee.index_of[proof.author]
                for index in honest
                for proof in self.validators[index].committed_equivocations
            }
        )
        return SimulationReport(
            honest=tuple(honest),
            committed_waves=committed,
            skipped_waves=skipped,
            latencies=tuple(self.latencies),
            transactions_committed=transactions,
            agreement=self.agreement(),
            rejections=dict(self.rejections),
            events_accepted=self.events_accepted,
            final_time=self.now,
            committed_equivocators=tuple(convicted),
        )
