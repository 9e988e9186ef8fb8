"""
Evidence: what a provider did wrong, proven from signatures and block time alone.

Spec: spec/execution.md, "Evidence" ([AIN-EXEC-EVIDENCE-ID.1], [AIN-EXEC-EVIDENCE-CONFLICT.1],
[AIN-EXEC-EVIDENCE-MISSED.1], [AIN-EXEC-EVIDENCE-TEE.1]).
Layer: jobs. Imports encoding, crypto, errors, jobs.execution.receipt.
"""

from __future__ import annotations

from typing import Final

import attrs

from ain_ref.crypto import DomainTag, tagged_hash
from ain_ref.encoding import CborValue, encode
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.execution.model import SignedReceipt
from ain_ref.jobs.execution.receipt import verify_signed_receipt

CONFLICTING_ATTESTATION: Final = "conflicting_attestation"
"""The economy's slashing-table row for two receipts with different outputs (spec/economy.md)."""
MISSED_REVEAL: Final = "missed_reveal"
"""The economy's slashing-table row for a commitment never revealed (spec/economy.md)."""
TEE_MEASUREMENT_MISMATCH: Final = "tee_measurement_mismatch"
"""The economy's slashing-table row for a TEE run on other measurements than the job's."""


@attrs.frozen
class Offence:
    """A proven offence: the slashing table's evidence type, the provider, the task, the id."""

    offence_type: str
    provider: bytes
    task_id: bytes
    evidence_id: bytes


def evidence_id(offence_type: str, task_id: bytes, provider: bytes) -> bytes:
    """
    The id the economy's ``slash`` records, so one offence slashes once.

    References
    ----------
    [AIN-EXEC-EVIDENCE-ID.1] ``tagged_hash("AIN/execution-evidence", encode({"offence":
    type, "provider": provider, "task_id": task_id}))``: one id per offence type, task and
    provider, whichever receipts prove it.
    """
    fields: dict[str, CborValue] = {
        "offence": offence_type,
        "provider": provider,
        "task_id": task_id,
    }
    return tagged_hash(DomainTag.EXECUTION_EVIDENCE, encode(fields))


def make_offence(offence_type: str, task_id: bytes, provider: bytes) -> Offence:
    """An offence with its evidence id."""
    return Offence(offence_type, provider, task_id, evidence_id(offence_type, task_id, provider))


def verify_conflicting_receipts(first: bytes, second: bytes, chain_id: int) -> Offence | Rejection:
    """
    Two signed receipts by one provider for one task with different output hashes.

    Returns
    -------
    Offence | Rejection
        A ``conflicting_attestation`` offence; or the first receipt's verification failure,
        then the second's, then EXEC_EVIDENCE_NOT_CONFLICTING.

    References
    ----------
    [AIN-EXEC-EVIDENCE-CONFLICT.1]
    """
    # [AIN-EXEC-EVIDENCE-CONFLICT.1] Each receipt verifies on its own ...
    receipts: list[SignedReceipt] = []
    for data in (first, second):
        verified = verify_signed_receipt(data, chain_id)
        if isinstance(verified, Rejection):
            return verified
        receipts.append(verified)
    one, other = receipts[0].receipt, receipts[1].receipt
    # ... then: one provider, one task, two outputs.
    if one.provider != other.provider or one.task_id != other.task_id:
        return Rejection(ErrorCode.EXEC_EVIDENCE_NOT_CONFLICTING, "provider or task differ")
    if one.output_hash == other.output_hash:
        return Rejection(ErrorCode.EXEC_EVIDENCE_NOT_CONFLICTING, "same output")
    return make_offence(CONFLICTING_ATTESTATION, one.task_id, one.provider)


def verify_missed_reveal(
    task_id: bytes,
    provider: bytes,
    committed: bool,
    revealed: bool,
    reveal_deadline: int,
    block_time: int,
) -> Offence | Rejection:
    """
    A provider committed to an output and no reveal of it was included before the deadline.

    Returns
    -------
    Offence | Rejection
        A ``missed_reveal`` offence, or EXEC_EVIDENCE_NOT_MISSED when the provider did not
        commit, did reveal, or the block time has not reached the reveal deadline.

    References
    ----------
    [AIN-EXEC-EVIDENCE-MISSED.1] Judged by the block time of inclusion: a reveal censored
    until the deadline is a missed reveal.
    """
    if not committed or revealed or block_time < reveal_deadline:
        return Rejection(ErrorCode.EXEC_EVIDENCE_NOT_MISSED)
    return make_offence(MISSED_REVEAL, task_id, provider)


def verify_tee_mismatch(receipt: bytes, chain_id: int, tee_verdict: str) -> Offence | Rejection:
    """
    A signed receipt whose TEE evidence the TEE profile judged a measurement mismatch.

    Returns
    -------
    Offence | Rejection
        A ``tee_measurement_mismatch`` offence; or the receipt's verification failure, then
        EXEC_EVIDENCE_NOT_MISMATCH when the verdict is any other.

    References
    ----------
    [AIN-EXEC-EVIDENCE-TEE.1] The verdict is an input: the TEE profile (spec/tee.md) gives it.
    """
    verified = verify_signed_receipt(receipt, chain_id)
    if isinstance(verified, Rejection):
        return verified
    if tee_verdict != "measurement_mismatch":
        return Rejection(ErrorCode.EXEC_EVIDENCE_NOT_MISMATCH, tee_verdict)
    return make_offence(
        TEE_MEASUREMENT_MISMATCH, verified.receipt.task_id, verified.receipt.provider
    )
