"""
Consensus properties over whole simulated runs (spec/consensus.md, "Safety argument").

Every delivery choice (delay, drop, duplicate) is drawn by Hypothesis up to a budget, so a
failure shrinks to few, small choices. Runs are short (about a dozen rounds) so that the module
fits the CI budget; the ``deep`` profile multiplies the examples.
"""

from __future__ import annotations

import functools
import random

import attrs
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from ain_ref.chain import Receipt
from ain_ref.consensus.commit import COMMIT, is_certificate, leader_events
from ain_ref.consensus.committee import ConsensusParameters, leader_round
from ain_ref.consensus.dag import Dag
from ain_ref.consensus.execution import Executor
from ain_ref.consensus.linearise import Committer
from ain_ref.consensus.simulator import (
    DrawChooser,
    Simulation,
    SimulationConfig,
    SimulationReport,
    is_prefix_chain,
    simulation_genesis,
)
from ain_ref.consensus.tentative import (
    FINAL_SAME,
    PENDING,
    pending_events,
    reconcile,
    tentative_results,
)
from ain_ref.crypto import format_address
from ain_ref.errors import Rejection
from ain_ref.events import decode_event

DEEP = settings.default.max_examples >= 1000
EXAMPLES = 200 if DEEP else 8
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CHOICE_BUDGET = 600
FAULT_SETS = (
    (),
    ("drop", "duplicate", "delay"),
    ("partition", "delay"),
    ("equivocate",),
    ("equivocate", "partition"),
    ("withhold", "drop"),
    ("badsig", "flood", "replay"),
)


def simulate(config: SimulationConfig, data: st.DataObject) -> Simulation:
    """Run a configuration with Hypothesis drawing the first choices."""
    chooser = DrawChooser(
        draw=lambda low, high: data.draw(st.integers(low, high)),
        budget=CHOICE_BUDGET,
        fallback=random.Random(config.seed),
    )
    simulation = Simulation.create(config, chooser)
    simulation.run()
    return simulation


@st.composite
def honest_majority_configs(draw: st.DrawFn) -> SimulationConfig:
    """n in 4..7, Byzantine stake below a third, a fault set, GST somewhere in the run."""
    validators = draw(st.integers(4, 7))
    byzantine = draw(st.integers(0, (validators - 1) // 3))
    return SimulationConfig(
        validators=validators,
        byzantine=byzantine,
        rounds=draw(st.integers(6, 12)),
        seed=draw(st.integers(0, 2**16)),
        faults=draw(st.sampled_from(FAULT_SETS)),
        gst=draw(st.integers(0, 40)),
    )


def assert_one_certified_leader_per_slot(simulation: Simulation, index: int) -> None:
    """Lemma 2: in an honest node's DAG at most one event of a leader slot is certified."""
    dag = simulation.validators[index].dag
    for wave in range(dag.gc_round // 3 + 1, dag.highest_round // 3 + 1):
        decision_round = leader_round(wave) + 2
        certified = {
            leader.digest
            for leader in leader_events(dag, wave)
            for candidate in dag.round_events(decision_round)
            if is_certificate(dag, candidate, leader)
        }
        assert len(certified) <= 1, f"wave {wave}: {len(certified)} certified leaders"


@SETTINGS
@given(config=honest_majority_configs(), data=st.data())
def test_agreement_under_faults(config: SimulationConfig, data: st.DataObject) -> None:
    """
    [AIN-CONS-DIRECT.1] [AIN-CONS-INDIRECT.1] [AIN-CONS-DECIDE.1] Lemmas 3 and 5: with
    Byzantine stake below a third, honest decisions, commits and roots are prefix-related.
    """
    simulation = simulate(config, data)
    assert simulation.agreement(), simulation.report().lines()
    for index in simulation.honest():
        assert_one_certified_leader_per_slot(simulation, index)


@functools.cache
def recorded_events() -> tuple[bytes, ...]:
    """Every event an honest node of a run with an equivocator held, in a fixed order."""
    config = SimulationConfig(validators=4, byzantine=1, rounds=12, seed=5, faults=("equivocate",))
    simulation = Simulation.create(config)
    simulation.run()
    held: dict[bytes, bytes] = {}
    for index in simulation.honest():
        for digest, event in simulation.validators[index].dag.events.items():
            held[digest] = event.signed_bytes
    return tuple(held[digest] for digest in sorted(held))


def replay(events: list[bytes], parameters: ConsensusParameters) -> Committer:
    """A fresh node fed events in the given order, deciding after each."""
    first = decode_event(events[0])
    assert not isinstance(first, Rejection)
    config = SimulationConfig(validators=4, byzantine=1, seed=5)
    committee = Simulation.create(config).committee
    committer = Committer(Dag(committee, config.chain_id, parameters))
    for data in events:
        committer.dag.accept(data)
        committer.try_commit()
    return committer


def commit_view(committer: Committer) -> list[tuple[int, str, tuple[bytes, ...]]]:
    """Decisions with the digests each committed sub-DAG holds, in order."""
    committed = {sub_dag.wave: sub_dag for sub_dag in committer.committed}
    return [
        (
            decision.wave,
            decision.kind,
            tuple(e.digest for e in committed[decision.wave].events)
            if decision.kind == COMMIT
            else (),
        )
        for decision in committer.decisions
    ]


@SETTINGS
@given(data=st.data())
def test_convergence_under_any_delivery_order(data: st.DataObject) -> None:
    """
    [AIN-CONS-LINEARISE.1] [AIN-CONS-SUSPEND.1] Lemma 6: a fixed event set gives the same
    decisions and sub-DAGs under any delivery order; and (monotonicity) a prefix of the
    deliveries decides a prefix of what all of them decide.
    """
    events = list(recorded_events())
    shuffled = data.draw(st.permutations(events))
    cut = data.draw(st.integers(1, len(events)))
    parameters = ConsensusParameters(gc_depth=100)
    reference = commit_view(replay(events, parameters))
    assert reference, "the recorded run commits something"
    assert commit_view(replay(shuffled, parameters)) == reference
    partial = commit_view(replay(shuffled[:cut], parameters))
    assert is_prefix_chain([partial, reference])


@SETTINGS
@given(config=honest_majority_configs(), data=st.data())
def test_no_double_apply(config: SimulationConfig, data: st.DataObject) -> None:
    """
    [AIN-CONS-SLOT-ONCE.1] [AIN-CONS-DEDUP.2] [AIN-CONS-EXECUTE.1] [AIN-CONS-BLOCK.1]
    [AIN-CONS-BLOCK-TIME.1] Lemma 7: every event, slot and transaction commits once; block
    times never decrease; the final state is the replay of the committed blocks from genesis.
    """
    simulation = simulate(config, data)
    for index in simulation.honest():
        validator = simulation.validators[index]
        events = [event for sub_dag in validator.committer.committed for event in sub_dag.events]
        slots = [(event.round, event.author) for event in events]
        assert len(set(slots)) == len(slots) == len({event.digest for event in events})
        executor = validator.executor
        assert executor is not None
        hashes = [
            receipt.transaction_hash for block in executor.blocks for receipt in block.receipts
        ]
        assert len(set(hashes)) == len(hashes)
        assert [block.height for block in executor.blocks] == list(
            range(1, len(executor.blocks) + 1)
        )
        times = [block.timestamp for block in executor.blocks]
        assert times == sorted(times)
        for sub_dag, block in zip(validator.committer.committed, executor.blocks, strict=True):
            assert block.leader == sub_dag.leader.digest
        recorded = {}
        for block in executor.blocks:
            recorded.setdefault(block.leader, block.equivocations)
        replayed = Executor(simulation_genesis, config.chain_id)
        for sub_dag in validator.committer.committed:
            replayed.execute(sub_dag, recorded[sub_dag.leader.digest])
        assert executor.replayed_state().root_hash() == executor.tree.root_hash()
        assert [b.state_root for b in replayed.blocks] == [b.state_root for b in executor.blocks]


@SETTINGS
@given(config=honest_majority_configs(), data=st.data())
def test_validity_of_committed_events(config: SimulationConfig, data: st.DataObject) -> None:
    """
    [AIN-CONS-EVENT-CHECKS.1] [AIN-CONS-EVENT-SIGNATURE.1] Committed events are correctly
    signed by committee members, and every committed parent commits before its child.
    """
    simulation = simulate(config, data)
    for index in simulation.honest():
        position: dict[bytes, int] = {}
        for sub_dag in simulation.validators[index].committer.committed:
            for event in sub_dag.events:
                assert not isinstance(decode_event(event.signed_bytes), Rejection)
                assert event.author in simulation.committee.index_of
                for parent in event.parents:
                    if parent.digest in position:
                        assert position[parent.digest] < len(position)
                position[event.digest] = len(position)


@SETTINGS
@given(
    validators=st.integers(4, 7),
    seed=st.integers(0, 2**16),
    data=st.data(),
)
def test_equivocation_handling(validators: int, seed: int, data: st.DataObject) -> None:
    """
    [AIN-CONS-EVIDENCE.1] [AIN-CONS-EVIDENCE-RECORD.1] [AIN-CONS-HONEST-EVIDENCE.1]
    [AIN-CONS-SLOT-ONCE.1] Lemma 2: with up to f equivocators, agreement holds, at most one
    event per slot commits, at most one leader per slot is certified, and committed evidence
    never names an honest validator.
    """
    byzantine = (validators - 1) // 3
    config = SimulationConfig(
        validators=validators, byzantine=byzantine, rounds=12, seed=seed, faults=("equivocate",)
    )
    simulation = simulate(config, data)
    assert simulation.agreement()
    report = simulation.report()
    assert set(report.committed_equivocators) <= simulation.byzantine
    for index in simulation.honest():
        assert_one_certified_leader_per_slot(simulation, index)
        committed = simulation.validators[index].committer.committed
        slots = [(e.round, e.author) for sub_dag in committed for e in sub_dag.events]
        assert len(slots) == len(set(slots))


@SETTINGS
@given(config=honest_majority_configs(), data=st.data())
def test_liveness_after_gst(config: SimulationConfig, data: st.DataObject) -> None:
    """
    [AIN-CONS-HONEST-ROUND.1] After GST, with Byzantine stake below a third, every honest node
    reaches the last round and commits a leader of the last waves.
    """
    simulation = simulate(config, data)
    report = simulation.report()
    assert simulation.is_done(), report.lines()
    for index in simulation.honest():
        committed = simulation.validators[index].committer.committed
        assert committed, report.lines()
        assert committed[-1].leader.round >= config.rounds - 9, report.lines()


@SETTINGS
@given(seed=st.integers(0, 2**16), data=st.data())
def test_bounded_memory(seed: int, data: st.DataObject) -> None:
    """
    [AIN-CONS-GC.1] [AIN-CONS-EVENT-HORIZON.1] [AIN-CONS-SUSPEND.1] Under floods and replays,
    no node holds more than (gc_depth + max_rounds_ahead + 6) events per validator, nor more
    suspended events than max_suspended.
    """
    parameters = ConsensusParameters(gc_depth=3, max_suspended=8)
    config = SimulationConfig(
        validators=4,
        byzantine=1,
        rounds=18,
        seed=seed,
        faults=("flood", "replay", "delay"),
        gst=20,
        parameters=parameters,
    )
    chooser = DrawChooser(
        draw=lambda low, high: data.draw(st.integers(low, high)),
        budget=CHOICE_BUDGET,
        fallback=random.Random(seed),
    )
    simulation = Simulation.create(config, chooser)
    bound = (parameters.gc_depth + parameters.max_rounds_ahead + 6) * config.validators

    def check(now: int, limit: int) -> None:
        del now, limit
        for validator in simulation.validators:
            assert len(validator.dag.events) <= bound
            assert len(validator.dag.suspended) <= parameters.max_suspended

    simulation.run(check)
    assert simulation.agreement()


def test_negative_control_scripted_fork() -> None:
    """
    [AIN-CONS-QUORUM.1] Lemma 8: with Byzantine stake 2 of 4 (at least 2Q - S), two
    equivocators that show each honest node its own fork make the honest nodes decide wave 0
    differently: the agreement check sees the fork.
    """
    config = SimulationConfig(
        validators=4, byzantine=2, rounds=9, seed=2, faults=("equivocate", "partition"), gst=1000
    )
    simulation = Simulation.create(config)
    report: SimulationReport = simulation.run()
    assert not report.agreement
    first, second = (simulation.decided_sequence(index) for index in simulation.honest())
    assert first[0] != second[0]  # one commits wave 0, the other skips it


@attrs.define
class ListChooser:
    """Choices read from a list Hypothesis drew (mapped into each range), then a generator."""

    choices: list[int]
    fallback: random.Random

    def integer(self, low: int, high: int) -> int:
        """An integer in low .. high, both included."""
        if self.choices:
            return low + self.choices.pop() % (high - low + 1)
        return self.fallback.randint(low, high)


@st.composite
def attacked_runs(draw: st.DrawFn) -> tuple[SimulationConfig, list[int]]:
    """A configuration with Byzantine stake at or above a third, and its delivery choices."""
    validators = draw(st.integers(4, 6))
    config = SimulationConfig(
        validators=validators,
        byzantine=draw(st.integers(-(-validators // 3), validators - 2)),
        rounds=6,
        seed=draw(st.integers(0, 2**16)),
        faults=draw(st.sampled_from(FAULT_SETS)),
        gst=draw(st.sampled_from((0, 1000))),
        execute=False,
    )
    return config, draw(st.lists(st.integers(0, 2**16), max_size=CHOICE_BUDGET))


def forks(run: tuple[SimulationConfig, list[int]]) -> bool:
    """Whether honest nodes disagree in a run."""
    config, choices = run
    chooser = ListChooser(list(choices), random.Random(config.seed))
    simulation = Simulation.create(config, chooser)
    simulation.run()
    return not simulation.agreement()


def test_negative_control_hypothesis_finds_fork() -> None:
    """
    [AIN-CONS-QUORUM.1] Lemma 8: with Byzantine stake at or above a third, Hypothesis searches
    configurations, faults and delivery choices for a disagreement, and must find one
    (``find`` raises NoSuchExample otherwise); the shrunk example is the attack.
    """
    config, _ = find(
        attacked_runs(),
        forks,
        settings=settings(
            max_examples=300,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        ),
    )
    assert 3 * config.byzantine >= config.validators
    assert "equivocate" in config.faults


def test_addresses_of_simulated_validators_are_distinct() -> None:
    """The simulator's validators have distinct keys, in committee order."""
    simulation = Simulation.create(SimulationConfig(validators=7))
    addresses = [format_address(key) for key in simulation.committee.keys]
    assert len(set(addresses)) == 7
    assert list(simulation.committee.keys) == sorted(simulation.committee.keys)


@SETTINGS
@given(
    validators=st.integers(4, 6),
    crashed=st.integers(0, 1),
    faults=st.sampled_from(((), ("drop", "duplicate", "delay"), ("partition", "delay"))),
    seed=st.integers(0, 2**16),
    pause=st.integers(5, 60),
    data=st.data(),
)
def test_tentative_results_converge(
    validators: int,
    crashed: int,
    faults: tuple[str, ...],
    seed: int,
    pause: int,
    data: st.DataObject,
) -> None:
    """
    [AIN-CONS-TENTATIVE.2] [AIN-CONS-RECONCILE.2] When every signer writes only its own subtree
    (nonces in order) and the shared counter only takes deltas, every tentative result taken
    mid-run ends FINAL_SAME (or is still PENDING); with nothing pending the tentative replay is
    empty (the tentative state is the final state).
    """
    config = SimulationConfig(
        validators=validators, byzantine=crashed, rounds=12, seed=seed, faults=faults, gst=30
    )
    chooser = DrawChooser(
        draw=lambda low, high: data.draw(st.integers(low, high)),
        budget=CHOICE_BUDGET,
        fallback=random.Random(seed),
    )
    simulation = Simulation.create(config, chooser)
    node = simulation.validators[0]
    taken: dict[bytes, Receipt] = {}

    def take(now: int, limit: int) -> None:
        del limit
        if now >= pause and not taken and node.executor is not None:
            taken.update(tentative_results(node.executor, node.dag, node.committer))

    simulation.run(take)
    assert node.executor is not None
    records = reconcile(taken, node.executor, node.dag, node.committer)
    assert all(record.outcome in (FINAL_SAME, PENDING) for record in records), records
    if not pending_events(node.dag, node.committer):
        assert tentative_results(node.executor, node.dag, node.committer) == {}
