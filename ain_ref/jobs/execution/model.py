"""
The execution area's data: receipts as verified, and the task terms receipts must repeat.

Spec: spec/execution.md, "Receipts" ([AIN-EXEC-RECEIPT.1], [AIN-EXEC-RECEIPT-TASK.1]).
Layer: jobs. Imports nothing of ain_ref.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class ResourcesUsed:
    """What a run consumed, as the provider declares it [AIN-EXEC-RECEIPT.1]."""

    cpu_millicore_seconds: int
    peak_memory_bytes: int
    work_units: int


@attrs.frozen
class Receipt:
    """
    The body of an attestation receipt [AIN-EXEC-RECEIPT.1].

    Every hash is 32 bytes; ``provider`` is the signer's public key; times are the provider's
    own milliseconds (informative: deadlines are judged by block time, never by these).
    """

    task_id: bytes
    job_id: bytes
    input_hash: bytes
    output_hash: bytes
    runtime_digest: bytes
    resources: ResourcesUsed
    start_ms: int
    end_ms: int
    provider: bytes


@attrs.frozen
class SignedReceipt:
    """A receipt body with the provider's signature, as verified from its bytes."""

    receipt: Receipt
    signature: bytes
    encoded: bytes  # the signed receipt's canonical bytes, as received


@attrs.frozen
class TaskTerms:
    """What a task fixes that its receipts must repeat [AIN-EXEC-RECEIPT-TASK.1]."""

    task_id: bytes
    job_id: bytes
    input_hash: bytes
    runtime_digest: bytes
    providers: tuple[bytes, ...]  # the assigned providers' public keys, sorted, distinct
