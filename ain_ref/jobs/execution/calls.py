"""
The ``_execution`` native's call kinds: fields read, task loaded, lifecycle step, task written.

A party calls the execution area by writing a call's fields, a map, at
``/execution/calls/$kind/$caller/$key/value``. The lifecycle's rules are those of
``ain_ref.jobs.execution.lifecycle`` (one implementation of each): this module only turns a
call into a step, with block height as the lifecycle's time, and the tree into its task book
and payment port.

Spec: spec/execution.md, "Tasks on chain" ([AIN-EXEC-CHAIN-CALL.1], [AIN-EXEC-CHAIN-REQUEST.3],
[AIN-EXEC-CHAIN-ELIGIBLE.1], [AIN-EXEC-CHAIN-AGENT.1], [AIN-EXEC-CHAIN-QUEUE.1],
[AIN-EXEC-CHAIN-STEPS.2], [AIN-EXEC-CHAIN-SLASH.1]).
Layer: jobs. Imports crypto, errors, state's native types, the economy's records and the
execution modules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

import attrs

from ain_ref.crypto import format_address
from ain_ref.economy.contracts import contract_status
from ain_ref.economy.natives import call_path as economy_call_path
from ain_ref.economy.natives import record_changes
from ain_ref.economy.records import contract_of, contract_path
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.execution.agent_terms import check_agent
from ain_ref.jobs.execution.call_fields import (
    read_agent,
    read_assignments,
    read_call_fields,
    read_reservations,
    read_tolerance,
)
from ain_ref.jobs.execution.chain_port import ChainPaymentPort
from ain_ref.jobs.execution.evidence import (
    TEE_MEASUREMENT_MISMATCH,
    make_offence,
    verify_conflicting_receipts,
)
from ain_ref.jobs.execution.lifecycle import (
    Request,
    Reveal,
    Task,
    apply_cancel,
    apply_commit,
    apply_conflict,
    apply_request,
    apply_reveal,
    apply_settle,
    check_request,
)
from ain_ref.jobs.execution.model import Receipt
from ain_ref.jobs.execution.quorum import QuorumTerms
from ain_ref.jobs.execution.task_records import (
    ChainTask,
    executor_key,
    offence_path,
    read_task,
    task_path,
    task_record,
    timeout_path,
)
from ain_ref.jobs.execution.tee_verdict import MEASUREMENT_MISMATCH, judge_evidence, tee_terms
from ain_ref.jobs.model import Tolerance
from ain_ref.platform.params import read_parameter
from ain_ref.state.natives import FunctionCall

RECEIPT_CHAIN_ID: Final = 0
"""
The chain id receipts are signed and verified under on chain: 0, as for the economy's vouchers,
since a task's id is its request's transaction id, which already binds the chain.
"""
MAX_TIMEOUTS: Final = "execution/max_timeouts_per_height"


def node_writer(call: FunctionCall) -> Callable[[str, CborValue], Rejection | None]:
    """SET_VALUE at a /values path text, as the native (through the write rules)."""
    return lambda path, value: call.write({"type": "SET_VALUE", "ref": path, "value": value})


def chain_port(
    call: FunctionCall,
    contracts: Mapping[bytes, str],
    reservations: Mapping[bytes, str] | None = None,
) -> ChainPaymentPort:
    """The payment port of a call ([AIN-EXEC-CHAIN-PORT.2])."""
    return ChainPaymentPort(
        call.read,
        node_writer(call),
        contracts,
        call.block_time,
        call.block_height,
        reservations or {},
    )


def write_task(
    write: Callable[[str, CborValue], Rejection | None],
    before: ChainTask | None,
    after: ChainTask,
) -> Rejection | None:
    """
    Write what changed in a task's record, shallowest first.

    References
    ----------
    [AIN-EXEC-CHAIN-RECORD.3] A new task's record is written whole (so it fires the task
    event once); later, only the parts that changed, in ascending path order.
    """
    old = task_record(before) if before is not None else None
    path = task_path(after.task.request.task_id)
    for operation in record_changes(path, old, task_record(after)):
        ref, value = operation["ref"], operation["value"]
        assert isinstance(ref, str)
        refused = write(ref, value)
        if refused is not None:
            return refused
    return None


def check_seats(call: FunctionCall, seats: Mapping[bytes, str]) -> Rejection | None:
    """
    Whether every seat's provider is eligible.

    References
    ----------
    [AIN-EXEC-CHAIN-ELIGIBLE.1] In ascending key order: the contract reads back
    ([AIN-ECON-RECORD.1]), its provider is the key's address and its status at the block's
    time is ``active``; else EXEC_PROVIDER_INELIGIBLE.
    """
    for key in sorted(seats):
        contract_id = seats[key]
        contract = contract_of(contract_id, call.read(contract_path(contract_id)))
        if contract is None:
            return Rejection(ErrorCode.EXEC_PROVIDER_INELIGIBLE, f"no contract {contract_id}")
        if contract.provider != format_address(key):
            return Rejection(ErrorCode.EXEC_PROVIDER_INELIGIBLE, f"{contract_id}: other provider")
        if contract_status(contract, call.block_time) != "active":
            return Rejection(ErrorCode.EXEC_PROVIDER_INELIGIBLE, f"{contract_id}: not active")
    return None


def queue_has_room(call: FunctionCall, height: int) -> Rejection | None:
    """
    Whether the timeout queue of a height takes one more task.

    References
    ----------
    [AIN-EXEC-CHAIN-QUEUE.1] Fewer than ``execution/max_timeouts_per_height`` entries, else
    EXEC_TIMEOUT_QUEUE_FULL.
    """
    queue = call.read(timeout_path(height))
    entries = len(queue) if isinstance(queue, dict) else 0
    if entries >= int(read_parameter(call.read, MAX_TIMEOUTS)):
        return Rejection(ErrorCode.EXEC_TIMEOUT_QUEUE_FULL, f"height {height}")
    return None


def read_request(
    caller: str, task_id: bytes, fields: Mapping[str, CborValue]
) -> tuple[Request, dict[bytes, str], str] | Rejection:
    """
    A request call's lifecycle request, its seats and its agent.

    References
    ----------
    [AIN-EXEC-CHAIN-FIELDS.3] After the layout: ``assignments``, then ``tolerance``, then
    ``agent`` (an address text); each failure is EXEC_CALL_MALFORMED.
    """
    seats = read_assignments(fields["assignments"])
    if isinstance(seats, Rejection):
        return seats
    tolerance = None
    if "tolerance" in fields:
        read = read_tolerance(fields["tolerance"])
        if isinstance(read, Rejection):
            return read
        tolerance = Tolerance(*read)
    agent = read_agent(fields["agent"])
    if isinstance(agent, Rejection):
        return agent
    request = Request(
        task_id=task_id,
        executor=executor_key(caller),
        job_id=fields["job_id"],  # type: ignore[arg-type]
        input_hash=fields["input_hash"],  # type: ignore[arg-type]
        runtime_digest=fields["runtime_digest"],  # type: ignore[arg-type]
        quorum_terms=QuorumTerms(
            tuple(sorted(seats)),
            fields["quorum"],  # type: ignore[arg-type]
            fields["determinism"],  # type: ignore[arg-type]
            tolerance,
        ),
        price=fields["price"],  # type: ignore[arg-type]
        commit_deadline=fields["commit_deadline"],  # type: ignore[arg-type]
        reveal_deadline=fields["reveal_deadline"],  # type: ignore[arg-type]
    )
    return request, seats, agent


def call_request(call: FunctionCall, caller: str, fields: dict[str, CborValue]) -> Rejection | None:
    """
    Open a task: its id is the request's transaction id, its executor the caller.

    References
    ----------
    [AIN-EXEC-CHAIN-REQUEST.3] After the fields: the seats ([AIN-EXEC-CHAIN-ELIGIBLE.1]),
    then [AIN-EXEC-REQUEST.1]'s checks before the escrow with block height as time, then the
    agent ([AIN-EXEC-CHAIN-AGENT.1]), then its job's TEE terms ([AIN-EXEC-CHAIN-TEE-TERMS.1]),
    then the escrow, then the queue
    ([AIN-EXEC-CHAIN-QUEUE.1]); then the record and the queue entry are written.
    """
    task_id = call.transaction_hash
    read = read_request(caller, task_id, fields)
    if isinstance(read, Rejection):
        return read
    request, seats, agent = read
    reservations: dict[bytes, str] = {}
    if "reservations" in fields:
        paid_by = read_reservations(fields["reservations"], seats)
        if isinstance(paid_by, Rejection):
            return paid_by
        reservations = paid_by
    rejection = check_seats(call, seats)
    if rejection is not None:
        return rejection
    existing = read_task(task_id, call.read(task_path(task_id)))
    tasks = {task_id: existing.task} if existing is not None else {}
    rejection = check_request(tasks, request, call.block_height)
    if rejection is not None:
        return rejection
    record = check_agent(call.read, agent, request)
    if isinstance(record, Rejection):
        return record
    tee = tee_terms(call.read, record.spec)
    if isinstance(tee, Rejection):
        return tee
    port = chain_port(call, seats, reservations)
    task = apply_request(tasks, request, call.block_height, port)
    if isinstance(task, Rejection):
        return task
    rejection = queue_has_room(call, request.reveal_deadline)
    if rejection is not None:
        return rejection
    chain_task = ChainTask(task, caller, seats, agent, tee, reservations)
    rejection = write_task(node_writer(call), None, chain_task)
    if rejection is not None:
        return rejection
    queue_entry = f"{timeout_path(request.reveal_deadline)}/{task_id.hex()}"
    return node_writer(call)(queue_entry, True)


def run_task_step(
    call: FunctionCall,
    task_id: bytes,
    step: Callable[[Mapping[bytes, Task], ChainPaymentPort], Task | Rejection],
) -> Rejection | None:
    """
    Load a task, run one lifecycle step on it, and write what changed.

    References
    ----------
    [AIN-EXEC-CHAIN-STEPS.2] An absent task is the step's own EXEC_UNKNOWN_TASK; a rejected
    step changes nothing; an effect's refused write fails the call.
    """
    before = read_task(task_id, call.read(task_path(task_id)))
    tasks = {task_id: before.task} if before is not None else {}
    port = chain_port(call, before.contracts if before is not None else {})
    task = step(tasks, port)
    if isinstance(task, Rejection):
        return task
    if port.failure is not None:
        return port.failure
    assert before is not None  # every step but a request needs its task
    return write_task(node_writer(call), before, attrs.evolve(before, task=task))


def task_id_of(fields: Mapping[str, CborValue], name: str = "task_id") -> bytes:
    """A bytes field (its kind already checked)."""
    value = fields[name]
    assert isinstance(value, bytes)
    return value


def call_commit(call: FunctionCall, caller: str, fields: dict[str, CborValue]) -> Rejection | None:
    """The caller commits to its output [AIN-EXEC-COMMIT.1]."""
    task_id, commitment = task_id_of(fields), task_id_of(fields, "commitment")
    provider = executor_key(caller)
    return run_task_step(
        call,
        task_id,
        lambda tasks, _: apply_commit(tasks, task_id, provider, commitment, call.block_height),
    )


def call_reveal(call: FunctionCall, caller: str, fields: dict[str, CborValue]) -> Rejection | None:
    """
    A provider's reveal; its TEE verdict is computed from its evidence, never the caller's word.

    References
    ----------
    [AIN-EXEC-REVEAL.1] The lifecycle's checks, its check 12 being [AIN-EXEC-CHAIN-TEE.1]'s
    verdict of the evidence (anyone may relay a reveal without evidence).
    [AIN-EXEC-CHAIN-TEE.1] A ``measurement_mismatch`` outside the tee_only class reports the
    offence too (in tee_only the lifecycle reports it).
    """
    output, evidence = fields.get("output"), fields.get("evidence")
    assert output is None or isinstance(output, bytes)
    assert evidence is None or isinstance(evidence, bytes)
    task_id = task_id_of(fields)
    reveal = Reveal(task_id, task_id_of(fields, "receipt"), task_id_of(fields, "salt"), output, "")
    stored = read_task(task_id, call.read(task_path(task_id)))
    terms = stored.tee if stored is not None else None
    verdicts: list[str] = []

    def judge(receipt: Receipt) -> str | Rejection:
        """The evidence's verdict for the receipt's provider, kept for the offence below."""
        verdict = judge_evidence(
            call.read, terms, task_id, evidence, receipt.provider, executor_key(caller)
        )
        if isinstance(verdict, str):
            verdicts.append(verdict)
        return verdict

    def step(tasks: Mapping[bytes, Task], port: ChainPaymentPort) -> Task | Rejection:
        """The lifecycle's reveal with the judge; then the mismatch of another class."""
        task = apply_reveal(tasks, reveal, RECEIPT_CHAIN_ID, call.block_height, port, judge)
        if isinstance(task, Rejection) or verdicts != [MEASUREMENT_MISMATCH]:
            return task
        if task.request.quorum_terms.determinism != "tee_only":
            provider = task.votes[-1].provider
            port.report_offence(make_offence(TEE_MEASUREMENT_MISMATCH, task_id, provider))
        return task

    return run_task_step(call, task_id, step)


def call_settle(call: FunctionCall, caller: str, fields: dict[str, CborValue]) -> Rejection | None:
    """Anyone settles a task [AIN-EXEC-SETTLE.1]."""
    task_id = task_id_of(fields)
    return run_task_step(
        call, task_id, lambda tasks, port: apply_settle(tasks, task_id, call.block_height, port)
    )


def call_cancel(call: FunctionCall, caller: str, fields: dict[str, CborValue]) -> Rejection | None:
    """The executor cancels a task no provider committed to [AIN-EXEC-CANCEL.1]."""
    task_id = task_id_of(fields)
    executor = executor_key(caller)
    return run_task_step(
        call, task_id, lambda tasks, port: apply_cancel(tasks, task_id, executor, port)
    )


def call_conflict(
    call: FunctionCall, caller: str, fields: dict[str, CborValue]
) -> Rejection | None:
    """
    Anyone proves two conflicting receipts [AIN-EXEC-CONFLICT-STEP.1].

    The receipts are verified under RECEIPT_CHAIN_ID; the offence is recorded
    ([AIN-EXEC-CHAIN-OFFENCE.1]) whatever the task's status.
    """
    first, second = task_id_of(fields, "first"), task_id_of(fields, "second")
    offence = verify_conflicting_receipts(first, second, RECEIPT_CHAIN_ID)
    if isinstance(offence, Rejection):
        return offence
    return run_task_step(
        call,
        offence.task_id,
        lambda tasks, port: apply_conflict(tasks, first, second, RECEIPT_CHAIN_ID, port),
    )


def call_slash(call: FunctionCall, caller: str, fields: dict[str, CborValue]) -> Rejection | None:
    """
    Take a recorded offence to the economy's slashing: the caller is the reporter.

    References
    ----------
    [AIN-EXEC-CHAIN-SLASH.1] The offence is recorded (EXEC_UNKNOWN_OFFENCE) and names a
    contract (EXEC_OFFENCE_NOT_SLASHABLE); the native then writes the economy's ``slash``
    call at ``/economy/calls/slash/<caller>/<evidence_id hex>/value`` with the contract, the
    offence type, the evidence id in hex and the time it was proven, whose refusal (its own
    code) fails the call.
    """
    evidence_id = task_id_of(fields, "evidence_id")
    record = call.read(offence_path(evidence_id)) if len(evidence_id) == 32 else None
    if not isinstance(record, dict):
        return Rejection(ErrorCode.EXEC_UNKNOWN_OFFENCE, evidence_id.hex()[:64])
    contract_id = record.get("contract_id")
    if not isinstance(contract_id, str):
        return Rejection(ErrorCode.EXEC_OFFENCE_NOT_SLASHABLE, "the provider held no seat")
    slash_fields: dict[str, CborValue] = {
        "contract_id": contract_id,
        "evidence_type": record.get("offence_type"),
        "evidence_id": evidence_id.hex(),
        "evidence_time": record.get("time"),
    }
    path = economy_call_path("slash", caller, evidence_id.hex())
    return call.write({"type": "SET_VALUE", "ref": path, "value": slash_fields})


CallKind = Callable[[FunctionCall, str, dict[str, CborValue]], Rejection | None]

CALL_KINDS: Final[Mapping[str, CallKind]] = {
    "request": call_request,
    "commit": call_commit,
    "reveal": call_reveal,
    "settle": call_settle,
    "cancel": call_cancel,
    "conflict": call_conflict,
    "slash": call_slash,
}
"""[AIN-EXEC-CHAIN-CALL.1] Every execution call kind."""


def run_execution_call(call: FunctionCall) -> Rejection | None:
    """
    Run the execution call a write names.

    References
    ----------
    [AIN-EXEC-CHAIN-CALL.1] ``$kind`` is one of CALL_KINDS and the value its fields
    ([AIN-EXEC-CHAIN-FIELDS.3]), else EXEC_CALL_MALFORMED; a refused call fails its
    transaction, which changes nothing but the signer's replay counter.
    """
    kind, caller = call.params["kind"], call.params["caller"]
    run = CALL_KINDS.get(kind)
    if run is None:
        return Rejection(ErrorCode.EXEC_CALL_MALFORMED, f"unknown call {kind!r:.40}")
    fields = read_call_fields(kind, call.value)
    if isinstance(fields, Rejection):
        return fields
    return run(call, caller, fields)
