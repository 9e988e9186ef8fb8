"""
The task lifecycle as a pure state machine: request, commit, reveal, settle or expire, cancel.

Each step takes the task book and block time and returns the task's new record or the
rejection of its first failed check; payments go through a ``PaymentPort``, called only after
every check has passed. On chain the ``_execution`` native and the timeout step run these same
steps, with block height as time (``ain_ref.jobs.execution.calls``, ``area``).

Spec: spec/execution.md, "Task lifecycle" ([AIN-EXEC-LIFECYCLE.1], [AIN-EXEC-REQUEST.1],
[AIN-EXEC-COMMIT.1], [AIN-EXEC-REVEAL.1], [AIN-EXEC-SETTLE.1], [AIN-EXEC-CANCEL.1],
[AIN-EXEC-CONFLICT-STEP.1]).
Layer: jobs. Imports errors and the execution modules below it.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.execution.commitment import check_reveal
from ain_ref.jobs.execution.evidence import (
    MISSED_REVEAL,
    TEE_MEASUREMENT_MISMATCH,
    make_offence,
    verify_conflicting_receipts,
)
from ain_ref.jobs.execution.model import TaskTerms
from ain_ref.jobs.execution.payment import PaymentPort
from ain_ref.jobs.execution.quorum import (
    TEE_VERDICTS,
    QuorumOutcome,
    QuorumTerms,
    Vote,
    check_quorum_terms,
    decide_quorum,
)
from ain_ref.jobs.execution.receipt import (
    U64_MAX,
    check_receipt_for_task,
    verify_signed_receipt,
)
from ain_ref.jobs.execution.tolerance import read_tolerance_output

OPEN = "open"
SETTLED = "settled"
EXPIRED = "expired"
CANCELLED = "cancelled"


@attrs.frozen
class Request:
    """An executor's task request [AIN-EXEC-REQUEST.1]."""

    task_id: bytes
    executor: bytes
    job_id: bytes
    input_hash: bytes
    runtime_digest: bytes
    quorum_terms: QuorumTerms
    price: int
    commit_deadline: int
    reveal_deadline: int


@attrs.frozen
class Task:
    """A task's record: its request, status, commitments, reveals and known equivocators."""

    request: Request
    status: str
    commitments: tuple[tuple[bytes, bytes], ...]  # (provider, commitment), sorted by provider
    votes: tuple[Vote, ...]  # revealed, in chain order
    equivocators: tuple[bytes, ...]  # sorted
    output_hash: bytes | None  # the settled output

    def commitment_of(self, provider: bytes) -> bytes | None:
        """The provider's commitment, if it committed."""
        return dict(self.commitments).get(provider)

    def has_revealed(self, provider: bytes) -> bool:
        """Whether the provider's reveal was accepted."""
        return any(vote.provider == provider for vote in self.votes)


def task_terms(request: Request) -> TaskTerms:
    """What the task's receipts must repeat."""
    return TaskTerms(
        task_id=request.task_id,
        job_id=request.job_id,
        input_hash=request.input_hash,
        runtime_digest=request.runtime_digest,
        providers=request.quorum_terms.providers,
    )


def open_task(tasks: Mapping[bytes, Task], task_id: bytes) -> Task | Rejection:
    """
    The open task of this id.

    References
    ----------
    [AIN-EXEC-LIFECYCLE.1] Every step but a request first finds its task
    (EXEC_UNKNOWN_TASK), then needs it open (EXEC_TASK_CLOSED).
    """
    task = tasks.get(task_id)
    if task is None:
        return Rejection(ErrorCode.EXEC_UNKNOWN_TASK, task_id.hex())
    if task.status != OPEN:
        return Rejection(ErrorCode.EXEC_TASK_CLOSED, task.status)
    return task


def check_request(tasks: Mapping[bytes, Task], request: Request, time: int) -> Rejection | None:
    """
    The checks of a request before its escrow.

    References
    ----------
    [AIN-EXEC-REQUEST.1] Its fields; the id is new; the quorum terms hold; time < commit
    deadline < reveal deadline <= 2**64 - 1.
    """
    # [AIN-EXEC-REQUEST.1] 1. the fields.
    identifiers = (
        request.task_id,
        request.executor,
        request.job_id,
        request.input_hash,
        request.runtime_digest,
    )
    if any(len(identifier) != 32 for identifier in identifiers):
        return Rejection(ErrorCode.EXEC_BAD_REQUEST, "a 32-byte field")
    if not 0 <= request.price <= U64_MAX:
        return Rejection(ErrorCode.EXEC_BAD_REQUEST, f"price {request.price}")
    # 2. a new id.
    if request.task_id in tasks:
        return Rejection(ErrorCode.EXEC_TASK_EXISTS, request.task_id.hex())
    # 3. the quorum terms ([AIN-EXEC-QUORUM-THRESHOLD.1], [AIN-EXEC-TOLERANCE.1]).
    rejection = check_quorum_terms(request.quorum_terms)
    if rejection is not None:
        return rejection
    # 4. the deadlines.
    if not time < request.commit_deadline < request.reveal_deadline <= U64_MAX:
        return Rejection(ErrorCode.EXEC_BAD_DEADLINES)
    return None


def apply_request(
    tasks: Mapping[bytes, Task], request: Request, time: int, port: PaymentPort
) -> Task | Rejection:
    """
    Open a task and escrow its price.

    References
    ----------
    [AIN-EXEC-REQUEST.1] The checks of ``check_request``, then the price is escrowed (last,
    through the port).
    """
    rejection = check_request(tasks, request, time)
    if rejection is not None:
        return rejection
    # [AIN-EXEC-REQUEST.1] 5. the escrow ([AIN-EXEC-PAYMENT-PORT.1]).
    rejection = port.escrow(request.task_id, request.executor, request.price)
    if rejection is not None:
        return rejection
    return Task(request, OPEN, (), (), (), None)


def apply_commit(
    tasks: Mapping[bytes, Task], task_id: bytes, provider: bytes, commitment: bytes, time: int
) -> Task | Rejection:
    """
    An assigned provider claims its seat by committing to its output.

    References
    ----------
    [AIN-EXEC-COMMIT.1] Task open; 32 bytes; provider assigned; before the commit deadline;
    once.
    """
    task = open_task(tasks, task_id)
    if isinstance(task, Rejection):
        return task
    # [AIN-EXEC-COMMIT.1]
    if len(commitment) != 32:
        return Rejection(ErrorCode.EXEC_BAD_COMMITMENT, f"{len(commitment)} bytes")
    if provider not in task.request.quorum_terms.providers:
        return Rejection(ErrorCode.EXEC_PROVIDER_INELIGIBLE, provider.hex())
    if time >= task.request.commit_deadline:
        return Rejection(ErrorCode.EXEC_COMMIT_LATE)
    if task.commitment_of(provider) is not None:
        return Rejection(ErrorCode.EXEC_ALREADY_COMMITTED)
    commitments = tuple(sorted((*task.commitments, (provider, commitment))))
    return attrs.evolve(task, commitments=commitments)


@attrs.frozen
class Reveal:
    """A provider's reveal: its signed receipt, salt, output (tolerance) and TEE verdict."""

    task_id: bytes
    receipt: bytes
    salt: bytes
    output: bytes | None
    tee_verdict: str


def apply_reveal(
    tasks: Mapping[bytes, Task], reveal: Reveal, chain_id: int, time: int, port: PaymentPort
) -> Task | Rejection:
    """
    Open a commitment with a signed receipt; a tee_only task settles on its first attested run.

    References
    ----------
    [AIN-EXEC-REVEAL.1] The ordered checks 1..12.
    """
    # [AIN-EXEC-REVEAL.1] 1., 2. the task.
    task = open_task(tasks, reveal.task_id)
    if isinstance(task, Rejection):
        return task
    request = task.request
    # 3., 4. the reveal window.
    if time < request.commit_deadline:
        return Rejection(ErrorCode.EXEC_REVEAL_EARLY)
    if time >= request.reveal_deadline:
        return Rejection(ErrorCode.EXEC_REVEAL_LATE)
    # 5., 6. the receipt ([AIN-EXEC-RECEIPT-VERIFY.1], [AIN-EXEC-RECEIPT-TASK.1]).
    verified = verify_signed_receipt(reveal.receipt, chain_id)
    if isinstance(verified, Rejection):
        return verified
    receipt = verified.receipt
    rejection = check_receipt_for_task(receipt, task_terms(request))
    if rejection is not None:
        return rejection
    # 7., 8. committed, not yet revealed.
    commitment = task.commitment_of(receipt.provider)
    if commitment is None:
        return Rejection(ErrorCode.EXEC_NOT_COMMITTED)
    if task.has_revealed(receipt.provider):
        return Rejection(ErrorCode.EXEC_ALREADY_REVEALED)
    # 9., 10. the opening ([AIN-EXEC-COMMITMENT.1]).
    rejection = check_reveal(
        commitment, request.task_id, receipt.provider, receipt.output_hash, reveal.salt
    )
    if rejection is not None:
        return rejection
    # 11. a tolerance output ([AIN-EXEC-TOLERANCE-OUTPUT.1]).
    output: tuple[int, ...] | None = None
    terms = request.quorum_terms
    if terms.tolerance is not None:
        if reveal.output is None:
            return Rejection(ErrorCode.EXEC_OUTPUT_MISMATCH, "no output")
        items = read_tolerance_output(reveal.output, receipt.output_hash, terms.tolerance.metric)
        if isinstance(items, Rejection):
            return items
        output = items
    # 12. a TEE verdict word ([AIN-EXEC-QUORUM.1]); it counts in a tee_only task alone.
    if reveal.tee_verdict not in TEE_VERDICTS:
        return Rejection(ErrorCode.EXEC_BAD_VOTE, reveal.tee_verdict)
    verdict = reveal.tee_verdict if terms.determinism == "tee_only" else "none"
    vote = Vote(receipt.provider, receipt.output_hash, output, verdict)
    revealed = attrs.evolve(task, votes=(*task.votes, vote))
    # Effects ([AIN-EXEC-EVIDENCE-TEE.1], [AIN-EXEC-QUORUM-TEE.1]).
    if verdict == "measurement_mismatch":
        port.report_offence(make_offence(TEE_MEASUREMENT_MISMATCH, request.task_id, vote.provider))
    if verdict == "attested" and quorum_outcome(revealed).output_hash is not None:
        return settle(revealed, time, port)
    return revealed


def apply_settle(
    tasks: Mapping[bytes, Task], task_id: bytes, time: int, port: PaymentPort
) -> Task | Rejection:
    """
    Settle a task on its quorum, or expire it and refund the escrow.

    References
    ----------
    [AIN-EXEC-SETTLE.1] Allowed at or after the reveal deadline, or earlier once at least one
    provider committed and every committed provider revealed.
    """
    task = open_task(tasks, task_id)
    if isinstance(task, Rejection):
        return task
    # [AIN-EXEC-SETTLE.1]
    everyone_revealed = bool(task.commitments) and all(
        task.has_revealed(provider) for provider, _ in task.commitments
    )
    if time < task.request.reveal_deadline and not everyone_revealed:
        return Rejection(ErrorCode.EXEC_SETTLE_EARLY)
    return settle(task, time, port)


def quorum_outcome(task: Task) -> QuorumOutcome:
    """The quorum of a task's votes, known equivocators' dropped first [AIN-EXEC-SETTLE.1]."""
    votes = [vote for vote in task.votes if vote.provider not in task.equivocators]
    return decide_quorum(task.request.quorum_terms, votes)


def settle(task: Task, time: int, port: PaymentPort) -> Task:
    """
    Decide the quorum, pay or refund, and report missed reveals.

    References
    ----------
    [AIN-EXEC-SETTLE.1] Votes of known equivocators are removed first; payment only on a
    quorum; otherwise the escrow returns to the executor.
    [AIN-EXEC-EVIDENCE-MISSED.1] At or after the reveal deadline, each committed provider
    with no reveal is reported.
    """
    request = task.request
    outcome = quorum_outcome(task)
    if time >= request.reveal_deadline:
        for provider, _ in task.commitments:
            if not task.has_revealed(provider):
                port.report_offence(make_offence(MISSED_REVEAL, request.task_id, provider))
    if outcome.output_hash is None:
        port.refund(request.task_id)
        return attrs.evolve(task, status=EXPIRED)
    port.release(request.task_id, outcome.supporters)
    return attrs.evolve(task, status=SETTLED, output_hash=outcome.output_hash)


def apply_cancel(
    tasks: Mapping[bytes, Task], task_id: bytes, caller: bytes, port: PaymentPort
) -> Task | Rejection:
    """
    The executor withdraws a task no provider has committed to; the escrow returns.

    References
    ----------
    [AIN-EXEC-CANCEL.1] Task open; caller is the executor; no commitment yet.
    """
    task = open_task(tasks, task_id)
    if isinstance(task, Rejection):
        return task
    # [AIN-EXEC-CANCEL.1]
    if caller != task.request.executor:
        return Rejection(ErrorCode.EXEC_NOT_EXECUTOR)
    if task.commitments:
        return Rejection(ErrorCode.EXEC_CANCEL_TOO_LATE)
    port.refund(task_id)
    return attrs.evolve(task, status=CANCELLED)


def apply_conflict(
    tasks: Mapping[bytes, Task], first: bytes, second: bytes, chain_id: int, port: PaymentPort
) -> Task | Rejection:
    """
    Conflicting receipts are reported; an open task stops counting the provider's vote.

    References
    ----------
    [AIN-EXEC-CONFLICT-STEP.1] The evidence verifies ([AIN-EXEC-EVIDENCE-CONFLICT.1]); the
    task exists (EXEC_UNKNOWN_TASK); the offence is reported whatever the task's status.
    """
    offence = verify_conflicting_receipts(first, second, chain_id)
    if isinstance(offence, Rejection):
        return offence
    task = tasks.get(offence.task_id)
    if task is None:
        return Rejection(ErrorCode.EXEC_UNKNOWN_TASK, offence.task_id.hex())
    port.report_offence(offence)
    if task.status != OPEN:
        return task
    return attrs.evolve(task, equivocators=tuple(sorted({*task.equivocators, offence.provider})))


@attrs.frozen
class Commit:
    """A provider's commitment step [AIN-EXEC-COMMIT.1]."""

    task_id: bytes
    provider: bytes
    commitment: bytes


@attrs.frozen
class Settle:
    """A settlement step, by anyone [AIN-EXEC-SETTLE.1]."""

    task_id: bytes


@attrs.frozen
class Cancel:
    """The executor's cancellation step [AIN-EXEC-CANCEL.1]."""

    task_id: bytes
    caller: bytes


@attrs.frozen
class Conflict:
    """A report of two conflicting receipts, by anyone [AIN-EXEC-CONFLICT-STEP.1]."""

    first: bytes
    second: bytes


Step = Request | Commit | Reveal | Settle | Cancel | Conflict


def apply_step(
    tasks: Mapping[bytes, Task], step: Step, time: int, chain_id: int, port: PaymentPort
) -> Task | Rejection:
    """
    One step of the lifecycle at block time ``time``.

    Returns
    -------
    Task | Rejection
        The named task's new record, or the first failed check; a rejected step changes
        nothing, in the task book or through the port.

    References
    ----------
    [AIN-EXEC-LIFECYCLE.1]
    """
    if isinstance(step, Request):
        return apply_request(tasks, step, time, port)
    if isinstance(step, Commit):
        return apply_commit(tasks, step.task_id, step.provider, step.commitment, time)
    if isinstance(step, Reveal):
        return apply_reveal(tasks, step, chain_id, time, port)
    if isinstance(step, Settle):
        return apply_settle(tasks, step.task_id, time, port)
    if isinstance(step, Cancel):
        return apply_cancel(tasks, step.task_id, step.caller, port)
    return apply_conflict(tasks, step.first, step.second, chain_id, port)
