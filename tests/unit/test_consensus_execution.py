"""Execution of committed order: blocks, deduplication, evidence records (spec "Execution")."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ain_ref.chain import sign_transaction
from ain_ref.consensus.execution import block_chunks, block_transactions, equivocation_path
from ain_ref.consensus.linearise import CommittedSubDag
from ain_ref.consensus.simulator import Simulation, SimulationConfig
from ain_ref.errors import Rejection
from ain_ref.events import decode_event
from tests.fillers.consensus.common import SEED_OF, make_event


@given(count=st.integers(0, 50), limit=st.integers(1, 12))
def test_block_chunks(count: int, limit: int) -> None:
    """[AIN-CONS-BLOCK.1] Consecutive runs of at most the limit, at least one block, in order."""
    transactions = [bytes([number]) for number in range(count)]
    chunks = block_chunks(transactions, limit)
    assert [item for chunk in chunks for item in chunk] == transactions
    assert chunks and all(len(chunk) <= limit for chunk in chunks)
    assert len(chunks) == max(1, -(-count // limit))


def test_dedup_drops_repeats_and_undecodable_bytes() -> None:
    """
    [AIN-CONS-DEDUP.2] A transaction placed before is left out, in this block or a later one;
    bytes that are not a transaction are left out.
    """
    body = {"chain_id": 7, "nonce": 0, "timestamp": 1, "operation": {"type": "SET_VALUE"}}
    transaction = sign_transaction(SEED_OF[0], body)
    event = decode_event(make_event(0, 0, [], transactions=(transaction, b"junk", transaction)))
    assert not isinstance(event, Rejection)
    sub_dag = CommittedSubDag(0, event, (event,), "DIRECT")
    seen: set[bytes] = set()
    assert [data for _, data in block_transactions(sub_dag, seen)] == [transaction]
    assert block_transactions(sub_dag, seen) == []


def test_committed_evidence_is_recorded_in_the_state() -> None:
    """
    [AIN-CONS-EVIDENCE-RECORD.1] [AIN-CONS-HONEST-EVIDENCE.1] An equivocator's committed proof
    is written at /values/consensus/equivocations/<address>/<round>; honest validators never
    appear there.
    """
    config = SimulationConfig(validators=4, byzantine=1, rounds=15, seed=3, faults=("equivocate",))
    simulation = Simulation.create(config)
    report = simulation.run()
    assert report.agreement and report.committed_equivocators == (3,)
    executor = simulation.validators[0].executor
    assert executor is not None
    recorded = [
        proof
        for proof in simulation.validators[0].committed_equivocations
        if executor.tree.value_at(equivocation_path(proof)) == proof.epoch
    ]
    assert recorded and all(proof.author == simulation.committee.keys[3] for proof in recorded)
