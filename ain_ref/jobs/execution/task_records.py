"""
A task as the state tree stores it: its record at ``/execution/tasks/<task_id>``.

The record is read back into the lifecycle's ``Task`` and written from it.

Spec: spec/execution.md, "Tasks on chain" ([AIN-EXEC-CHAIN-LAYOUT.1], [AIN-EXEC-CHAIN-RECORD.3]).
Layer: jobs. Imports crypto, encoding, and the execution modules below the lifecycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

from ain_ref.crypto import format_address
from ain_ref.encoding import CborValue, decode, encode
from ain_ref.jobs.execution.lifecycle import OPEN, Request, Task
from ain_ref.jobs.execution.quorum import QuorumTerms, Vote
from ain_ref.jobs.execution.tee_verdict import TeeTerms
from ain_ref.jobs.model import Tolerance

TASKS: Final = "/execution/tasks"
TIMEOUTS: Final = "/execution/timeouts"
OFFENCES: Final = "/execution/offences"


def task_path(task_id: bytes) -> str:
    """Where a task's record lives: its id in lowercase hex [AIN-EXEC-CHAIN-LAYOUT.1]."""
    return f"{TASKS}/{task_id.hex()}"


def timeout_path(height: int) -> str:
    """The queue of tasks whose reveal deadline is this height [AIN-EXEC-CHAIN-LAYOUT.1]."""
    return f"{TIMEOUTS}/{height}"


def offence_path(evidence_id: bytes) -> str:
    """Where a proven offence is recorded [AIN-EXEC-CHAIN-LAYOUT.1]."""
    return f"{OFFENCES}/{evidence_id.hex()}"


@attrs.frozen
class ChainTask:
    """A task with what only the chain knows: executor, seats' contracts, agent."""

    task: Task
    executor: str  # the executor's address text
    contracts: Mapping[bytes, str]  # provider key -> the contract whose deposit is at stake
    agent: str  # the agent's address text ([AIN-EXEC-CHAIN-AGENT.1])
    tee: TeeTerms | None = (
        None  # its job's TEE profile and registers ([AIN-EXEC-CHAIN-TEE-TERMS.1])
    )
    reservations: Mapping[bytes, str] = attrs.field(factory=dict)
    """Provider key -> the reservation that pays the seat; empty: paid from the balance."""


def request_record(chain_task: ChainTask) -> dict[str, CborValue]:
    """The fields of a task's request, as stored [AIN-EXEC-CHAIN-RECORD.3]."""
    request = chain_task.task.request
    terms = request.quorum_terms
    record: dict[str, CborValue] = {
        "executor": chain_task.executor,
        "agent": chain_task.agent,
        "job_id": request.job_id,
        "input_hash": request.input_hash,
        "runtime_digest": request.runtime_digest,
        "assignments": {key.hex(): chain_task.contracts[key] for key in terms.providers},
        "quorum": terms.quorum,
        "determinism": terms.determinism,
        "price": request.price,
        "commit_deadline": request.commit_deadline,
        "reveal_deadline": request.reveal_deadline,
    }
    if terms.tolerance is not None:
        record["tolerance"] = {"metric": terms.tolerance.metric, "bound": terms.tolerance.bound}
    if chain_task.tee is not None:
        record["tee"] = {
            "profile": chain_task.tee.profile,
            "measurements": {str(index): value for index, value in chain_task.tee.measurements},
        }
    if chain_task.reservations:
        record["reservations"] = {
            key.hex(): chain_task.reservations[key] for key in sorted(chain_task.reservations)
        }
    return record


def read_tee(value: CborValue) -> TeeTerms | None:
    """A stored request's TEE terms (decimal register labels that do not parse raise)."""
    if not isinstance(value, dict):
        return None
    registers = as_map(value.get("measurements"))
    return TeeTerms(
        str(value.get("profile")),
        tuple((int(label), as_bytes(registers[label])) for label in sorted(registers, key=int)),
    )


def vote_record(vote: Vote) -> dict[str, CborValue]:
    """One vote, as stored; a tolerance output as the canonical encoding of its integers."""
    record: dict[str, CborValue] = {
        "provider": vote.provider,
        "output_hash": vote.output_hash,
        "tee_verdict": vote.tee_verdict,
    }
    if vote.output is not None:
        record["output"] = encode(list(vote.output))
    return record


def task_record(chain_task: ChainTask) -> dict[str, CborValue]:
    """
    A task's whole record [AIN-EXEC-CHAIN-RECORD.3].

    ``request`` and ``status`` always; ``commitments`` (provider hex -> commitment),
    ``votes`` (index in decimal -> vote), ``equivocators`` (provider hex -> true) and
    ``output_hash`` only when not empty (a state map is never empty).
    """
    task = chain_task.task
    record: dict[str, CborValue] = {"request": request_record(chain_task), "status": task.status}
    if task.commitments:
        record["commitments"] = {key.hex(): value for key, value in task.commitments}
    if task.votes:
        record["votes"] = {str(index): vote_record(vote) for index, vote in enumerate(task.votes)}
    if task.equivocators:
        record["equivocators"] = {key.hex(): True for key in task.equivocators}
    if task.output_hash is not None:
        record["output_hash"] = task.output_hash
    return record


def as_map(value: CborValue) -> dict[str, CborValue]:
    """A stored map, or an empty one."""
    return dict(value) if isinstance(value, dict) else {}


def as_bytes(value: CborValue) -> bytes:
    """Stored bytes, or none."""
    return value if isinstance(value, bytes) else b""


def as_int(value: CborValue) -> int:
    """A stored integer, or 0."""
    return value if type(value) is int else 0


def read_vote(value: CborValue) -> Vote:
    """A stored vote."""
    record = as_map(value)
    output_bytes = record.get("output")
    output = None
    if isinstance(output_bytes, bytes):
        items = decode(output_bytes)
        listed = items if isinstance(items, list) else []
        output = tuple(item for item in listed if type(item) is int)
    verdict = record.get("tee_verdict")
    return Vote(
        as_bytes(record.get("provider")),
        as_bytes(record.get("output_hash")),
        output,
        verdict if isinstance(verdict, str) else "none",
    )


def read_task(task_id: bytes, value: CborValue) -> ChainTask | None:
    """
    A stored task, or None when there is none.

    Only the execution native and its block step write task records, so a record reads back
    as written [AIN-EXEC-CHAIN-RECORD.3]; a record that does not (only genesis overrides can
    make one) counts as no task, and fields of the wrong kind read as empty.
    """
    if not isinstance(value, dict):
        return None
    try:
        return read_task_fields(task_id, value)
    except ValueError:  # a provider label that is not hex, a vote index that is no number
        return None


def read_task_fields(task_id: bytes, value: dict[str, CborValue]) -> ChainTask:
    """A stored task's fields (labels that do not parse raise ValueError)."""
    request_fields = as_map(value.get("request"))
    assignments = as_map(request_fields.get("assignments"))
    contracts = {bytes.fromhex(key): str(assignments[key]) for key in sorted(assignments)}
    paid_by = as_map(request_fields.get("reservations"))
    reservations = {bytes.fromhex(key): str(paid_by[key]) for key in sorted(paid_by)}
    tolerance_fields = request_fields.get("tolerance")
    tolerance = None
    if isinstance(tolerance_fields, dict):
        tolerance = Tolerance(
            str(tolerance_fields.get("metric")), as_int(tolerance_fields.get("bound"))
        )
    executor = str(request_fields.get("executor", ""))
    terms = QuorumTerms(
        tuple(contracts),
        as_int(request_fields.get("quorum")),
        str(request_fields.get("determinism")),
        tolerance,
    )
    request = Request(
        task_id=task_id,
        executor=executor_key(executor),
        job_id=as_bytes(request_fields.get("job_id")),
        input_hash=as_bytes(request_fields.get("input_hash")),
        runtime_digest=as_bytes(request_fields.get("runtime_digest")),
        quorum_terms=terms,
        price=as_int(request_fields.get("price")),
        commit_deadline=as_int(request_fields.get("commit_deadline")),
        reveal_deadline=as_int(request_fields.get("reveal_deadline")),
    )
    commitments = as_map(value.get("commitments"))
    votes = as_map(value.get("votes"))
    output_hash = value.get("output_hash")
    status = value.get("status")
    task = Task(
        request=request,
        status=status if isinstance(status, str) else OPEN,
        commitments=tuple(
            (bytes.fromhex(key), as_bytes(commitments[key])) for key in sorted(commitments)
        ),
        votes=tuple(read_vote(votes[index]) for index in sorted(votes, key=int)),
        equivocators=tuple(bytes.fromhex(key) for key in sorted(as_map(value.get("equivocators")))),
        output_hash=output_hash if isinstance(output_hash, bytes) else None,
    )
    agent = str(request_fields.get("agent", ""))
    tee = read_tee(request_fields.get("tee"))
    return ChainTask(task, executor, contracts, agent, tee, reservations)


def executor_key(address_text: str) -> bytes:
    """The public key an address text names ("ain" + 64 hex digits + checksum)."""
    return bytes.fromhex(address_text[3:67]) if len(address_text) == 75 else b""


def executor_text(public_key: bytes) -> str:
    """The address text of a public key."""
    return format_address(public_key)
