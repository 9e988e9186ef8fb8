"""
Two tasks walked step by step, as documentation: one to settlement, one to a slash.

The first task runs on three providers with quorum 2: each commits to its output, reveals its
signed receipt with the salt, and the task settles on the output two of them agree on; the
escrow pays those two. The second task catches a provider signing two outputs: the conflict
report removes its vote, the task expires and refunds, and the offence goes to the economy's
slashing table, which takes all of the provider's deposit (10,000 bps).

Spec: spec/execution.md ("Task lifecycle", "Evidence"); spec/economy.md ("Slashing").
"""

from __future__ import annotations

from ain_ref.economy.slashing import SLASHING_TABLE, EvidenceType, divide_slash, slash_amount
from ain_ref.jobs.execution import lifecycle
from ain_ref.jobs.execution.evidence import (
    CONFLICTING_ATTESTATION,
    MISSED_REVEAL,
    TEE_MEASUREMENT_MISMATCH,
    Offence,
    verify_tee_mismatch,
)
from ain_ref.jobs.execution.lifecycle import Commit, Conflict, Request, Reveal, Settle, Task
from ain_ref.jobs.execution.payment import InMemoryPaymentPort
from ain_ref.jobs.execution.quorum import QuorumTerms
from tests.fillers.execution.common import (
    CHAIN_ID,
    EXECUTOR,
    INPUT_HASH,
    JOB_ID,
    OUTPUT_A,
    OUTPUT_B,
    PROVIDERS,
    RUNTIME_DIGEST,
    TASK_ID,
    commitment_of,
    receipt_for,
    salt_of,
    signed,
)

THREE = tuple(PROVIDERS[:3])


def the_request() -> Request:
    """Three providers, quorum 2, exact outputs, price 900, commits until 100, reveals until 200."""
    return Request(
        task_id=TASK_ID,
        executor=EXECUTOR,
        job_id=JOB_ID,
        input_hash=INPUT_HASH,
        runtime_digest=RUNTIME_DIGEST,
        quorum_terms=QuorumTerms(THREE, 2, "exact", None),
        price=900,
        commit_deadline=100,
        reveal_deadline=200,
    )


def step(
    tasks: dict[bytes, Task], action: lifecycle.Step, time: int, port: InMemoryPaymentPort
) -> Task:
    """Apply a step that must be accepted, and record the task."""
    outcome = lifecycle.apply_step(tasks, action, time, CHAIN_ID, port)
    assert isinstance(outcome, Task), outcome
    tasks[outcome.request.task_id] = outcome
    return outcome


def reveal_of(provider: bytes, output: bytes) -> Reveal:
    """The provider's reveal: its signed receipt and its salt."""
    return Reveal(TASK_ID, signed(receipt_for(provider, output)), salt_of(provider), None, "none")


def test_a_task_from_request_to_settlement() -> None:
    """Request, commit, reveal, quorum, settlement: the two agreeing providers are paid."""
    port = InMemoryPaymentPort(balances={EXECUTOR: 1_000})
    tasks: dict[bytes, Task] = {}

    # The executor requests the task; its price leaves its balance for the escrow.
    step(tasks, the_request(), 10, port)
    assert port.balances[EXECUTOR] == 100 and port.escrows[TASK_ID] == (EXECUTOR, 900)

    # Before the commit deadline each provider commits to its output; the third differs.
    outputs = {THREE[0]: OUTPUT_A, THREE[1]: OUTPUT_A, THREE[2]: OUTPUT_B}
    for provider, output in outputs.items():
        step(tasks, Commit(TASK_ID, provider, commitment_of(provider, output)), 50, port)

    # From the commit deadline on, each reveals its signed receipt and its salt.
    for provider, output in outputs.items():
        task = step(tasks, reveal_of(provider, output), 150, port)
    assert task.status == lifecycle.OPEN

    # Everyone revealed, so the task may settle before the reveal deadline.
    task = step(tasks, Settle(TASK_ID), 160, port)
    assert task.status == lifecycle.SETTLED and task.output_hash == OUTPUT_A
    assert port.balances[THREE[0]] + port.balances[THREE[1]] == 900
    assert THREE[2] not in port.balances and not port.escrows and not port.offences


def test_a_task_through_conflicting_receipts_to_a_slash() -> None:
    """A provider signs two outputs: its vote is dropped, the task expires, the economy slashes."""
    port = InMemoryPaymentPort(balances={EXECUTOR: 1_000})
    tasks: dict[bytes, Task] = {}
    step(tasks, the_request(), 10, port)
    cheat, honest, other = THREE
    step(tasks, Commit(TASK_ID, cheat, commitment_of(cheat, OUTPUT_A)), 20, port)
    step(tasks, Commit(TASK_ID, honest, commitment_of(honest, OUTPUT_A)), 20, port)
    step(tasks, Commit(TASK_ID, other, commitment_of(other, OUTPUT_B)), 20, port)

    # Someone holds two receipts the cheat signed for the task, with different outputs.
    first, second = signed(receipt_for(cheat, OUTPUT_A)), signed(receipt_for(cheat, OUTPUT_B))
    task = step(tasks, Conflict(first, second), 60, port)
    assert task.equivocators == (cheat,)

    # Everyone reveals; without the cheat's vote output A has one vote of the two needed.
    for provider, output in ((cheat, OUTPUT_A), (honest, OUTPUT_A), (other, OUTPUT_B)):
        step(tasks, reveal_of(provider, output), 150, port)
    task = step(tasks, Settle(TASK_ID), 200, port)
    assert task.status == lifecycle.EXPIRED and port.balances[EXECUTOR] == 1_000

    # The offence feeds the economy's slashing table: all of a 5,000 deposit, 10% to the reporter.
    (offence,) = port.offences
    assert offence.offence_type == CONFLICTING_ATTESTATION and offence.provider == cheat
    rule = SLASHING_TABLE[EvidenceType(offence.offence_type)]
    slashed = slash_amount(5_000, rule.fraction_bps)
    assert slashed == 5_000
    assert divide_slash(slashed, rule) == (500, 2_000, 2_500)


def test_offence_names_are_the_slashing_tables() -> None:
    """The three offences the execution area proves are rows of the economy's table."""
    names = {evidence_type.value for evidence_type in EvidenceType}
    assert {CONFLICTING_ATTESTATION, MISSED_REVEAL, TEE_MEASUREMENT_MISMATCH} <= names


def test_a_tee_run_on_other_code_to_a_slash() -> None:
    """A receipt whose TEE evidence measures other code: an offence slashed by half a deposit."""
    provider = THREE[0]
    offence = verify_tee_mismatch(
        signed(receipt_for(provider, OUTPUT_A)), CHAIN_ID, "measurement_mismatch"
    )
    assert isinstance(offence, Offence)
    assert offence.offence_type == TEE_MEASUREMENT_MISMATCH and offence.provider == provider

    # The slashing table's row: half of a 5,000 deposit, 10% of that to the reporter, 40% to the
    # developer, the rest burned.
    rule = SLASHING_TABLE[EvidenceType(offence.offence_type)]
    slashed = slash_amount(5_000, rule.fraction_bps)
    assert slashed == 2_500
    assert divide_slash(slashed, rule) == (250, 1_000, 1_250)
