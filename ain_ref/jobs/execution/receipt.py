"""
Attestation receipts: the provider's signed statement of what it ran and what came out.

Spec: spec/execution.md, "Receipts" ([AIN-EXEC-RECEIPT.1], [AIN-EXEC-RECEIPT-VERIFY.1],
[AIN-EXEC-RECEIPT-TASK.1]).
Layer: jobs. Imports encoding, crypto, errors.
"""

from __future__ import annotations

from typing import Final

from ain_ref import crypto
from ain_ref.crypto import DomainTag
from ain_ref.encoding import U64_MAX as U64_MAX  # re-exported: lifecycle imports it from here
from ain_ref.encoding import CborValue, decode, encode, is_u64
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.execution.model import Receipt, ResourcesUsed, SignedReceipt, TaskTerms
from ain_ref.jobs.execution.receipt_layout import read_receipt_layout

HASH_SIZE: Final = 32
SIGNATURE_SIZE: Final = 64
SIGNED_RECEIPT_KEYS: Final = ("body", "signature")
"""The keys of a signed receipt, in canonical order [AIN-EXEC-RECEIPT.1]."""
HASH_FIELDS: Final = (
    "task_id",
    "job_id",
    "input_hash",
    "output_hash",
    "runtime_digest",
    "provider",
)
"""The body's 32-byte fields (``provider`` is the provider's Ed25519 public key)."""
TIME_FIELDS: Final = ("start_ms", "end_ms")
RESOURCE_FIELDS: Final = ("cpu_millicore_seconds", "peak_memory_bytes", "work_units")
"""The keys of ``resources``: what the run used, each an integer 0..2**64 - 1."""
BODY_KEYS: Final = frozenset((*HASH_FIELDS, *TIME_FIELDS, "resources"))


def receipt_body(receipt: Receipt) -> dict[str, CborValue]:
    """The body as a value of the data model: the map a provider signs [AIN-EXEC-RECEIPT.1]."""
    return {
        "task_id": receipt.task_id,
        "job_id": receipt.job_id,
        "input_hash": receipt.input_hash,
        "output_hash": receipt.output_hash,
        "runtime_digest": receipt.runtime_digest,
        "resources": {
            "cpu_millicore_seconds": receipt.resources.cpu_millicore_seconds,
            "peak_memory_bytes": receipt.resources.peak_memory_bytes,
            "work_units": receipt.resources.work_units,
        },
        "start_ms": receipt.start_ms,
        "end_ms": receipt.end_ms,
        "provider": receipt.provider,
    }


def sign_receipt(seed: bytes, chain_id: int, receipt: Receipt) -> bytes | Rejection:
    """
    A provider's signed receipt: ``encode({"body": body, "signature": signature})``.

    References
    ----------
    [AIN-EXEC-RECEIPT.1] The signature is over ``encode(body)`` under ``AIN/execution-receipt``.
    """
    body = receipt_body(receipt)
    signature = crypto.sign(seed, DomainTag.EXECUTION_RECEIPT, chain_id, encode(body))
    if isinstance(signature, Rejection):
        return signature
    return encode({"body": body, "signature": signature})


def is_hash(value: CborValue) -> bool:
    """A 32-byte byte string."""
    return type(value) is bytes and len(value) == HASH_SIZE


def read_shape(value: CborValue) -> tuple[dict[str, CborValue], bytes] | Rejection:
    """
    The body map and the signature of a decoded signed receipt, or the shape it breaks.

    References
    ----------
    [AIN-EXEC-RECEIPT-VERIFY.1] Checks 2 (shape) and 3 (fields), in that order.
    """
    if type(value) is not dict or sorted(value) != list(SIGNED_RECEIPT_KEYS):
        return Rejection(ErrorCode.EXEC_RECEIPT_BAD_SHAPE, "signed receipt keys")
    body, signature = value["body"], value["signature"]
    if type(body) is not dict or set(body) != BODY_KEYS:
        return Rejection(ErrorCode.EXEC_RECEIPT_BAD_SHAPE, "body keys")
    resources = body["resources"]
    if type(resources) is not dict or sorted(resources) != sorted(RESOURCE_FIELDS):
        return Rejection(ErrorCode.EXEC_RECEIPT_BAD_SHAPE, "resources keys")
    # [AIN-EXEC-RECEIPT-VERIFY.1] Check 3: every field's type, length and range.
    if type(signature) is not bytes or len(signature) != SIGNATURE_SIZE:
        return Rejection(ErrorCode.EXEC_RECEIPT_BAD_FIELD, "signature")
    for name in HASH_FIELDS:
        if not is_hash(body[name]):
            return Rejection(ErrorCode.EXEC_RECEIPT_BAD_FIELD, name)
    for name in TIME_FIELDS:
        if not is_u64(body[name]):
            return Rejection(ErrorCode.EXEC_RECEIPT_BAD_FIELD, name)
    for name in RESOURCE_FIELDS:
        if not is_u64(resources[name]):
            return Rejection(ErrorCode.EXEC_RECEIPT_BAD_FIELD, f"resources.{name}")
    return body, signature


def receipt_from_body(body: dict[str, CborValue]) -> Receipt:
    """Build the typed receipt from a body whose shape and fields were checked."""
    resources = body["resources"]
    assert isinstance(resources, dict)
    fields = {name: body[name] for name in (*HASH_FIELDS, *TIME_FIELDS)}
    return Receipt(
        resources=ResourcesUsed(**resources),  # type: ignore[arg-type]
        **fields,  # type: ignore[arg-type]
    )


def read_receipt_plain(data: bytes) -> tuple[Receipt, bytes, bytes] | Rejection:
    """
    The receipt, signature and body bytes of a signed receipt, by the strict decoder.

    References
    ----------
    [AIN-EXEC-RECEIPT-VERIFY.1] Checks 1 (canonical bytes), 2 (shape) and 3 (fields).
    """
    # [AIN-EXEC-RECEIPT-VERIFY.1] 1. canonical bytes (spec/encoding.md codes).
    value = decode(data)
    if isinstance(value, Rejection):
        return value
    # 2. and 3. shape and fields.
    shape = read_shape(value)
    if isinstance(shape, Rejection):
        return shape
    body, signature = shape
    return receipt_from_body(body), signature, encode(body)


def read_receipt(data: bytes) -> tuple[Receipt, bytes, bytes] | Rejection:
    """
    ``read_receipt_plain``, with the canonical layout read directly when the bytes have it.

    References
    ----------
    [AIN-EXEC-RECEIPT-LAYOUT.1] Property-tested equal to ``read_receipt_plain``.
    """
    layout = read_receipt_layout(data)
    return read_receipt_plain(data) if layout is None else layout


def verify_signed_receipt(data: bytes, chain_id: int) -> SignedReceipt | Rejection:
    """
    Decode a signed receipt and verify its provider's signature.

    Parameters
    ----------
    data : bytes
        The signed receipt's bytes.
    chain_id : int
        The chain the receipt is meant for.

    Returns
    -------
    SignedReceipt | Rejection
        The verified receipt, or the first failed check.

    References
    ----------
    [AIN-EXEC-RECEIPT-VERIFY.1] Canonical bytes, shape, fields, times, then the signature.
    """
    # [AIN-EXEC-RECEIPT-VERIFY.1] 1. to 3.
    read = read_receipt(data)
    if isinstance(read, Rejection):
        return read
    receipt, signature, body = read
    # 4. times.
    if receipt.end_ms < receipt.start_ms:
        return Rejection(ErrorCode.EXEC_RECEIPT_BAD_TIMES, f"{receipt.start_ms} > {receipt.end_ms}")
    # 5. the provider's signature over the body's canonical bytes (spec/crypto.md codes).
    digest = crypto.signing_digest(DomainTag.EXECUTION_RECEIPT, chain_id, body)
    if isinstance(digest, Rejection):
        return digest
    rejection = crypto.verify_ed25519(receipt.provider, digest, signature)
    if rejection is not None:
        return rejection
    return SignedReceipt(receipt, signature, data)


def check_receipt_for_task(receipt: Receipt, terms: TaskTerms) -> Rejection | None:
    """
    Whether a verified receipt is one the task can count.

    Returns
    -------
    Rejection | None
        None when it names the task's task id, job id, input hash and runtime digest and its
        provider is assigned; else EXEC_RECEIPT_WRONG_TASK, then EXEC_PROVIDER_INELIGIBLE.

    References
    ----------
    [AIN-EXEC-RECEIPT-TASK.1]
    """
    # [AIN-EXEC-RECEIPT-TASK.1] What the task fixes, field by field, then eligibility.
    if receipt.task_id != terms.task_id:
        return Rejection(ErrorCode.EXEC_RECEIPT_WRONG_TASK, "task_id")
    if receipt.job_id != terms.job_id:
        return Rejection(ErrorCode.EXEC_RECEIPT_WRONG_TASK, "job_id")
    if receipt.input_hash != terms.input_hash:
        return Rejection(ErrorCode.EXEC_RECEIPT_WRONG_TASK, "input_hash")
    if receipt.runtime_digest != terms.runtime_digest:
        return Rejection(ErrorCode.EXEC_RECEIPT_WRONG_TASK, "runtime_digest")
    if receipt.provider not in terms.providers:
        return Rejection(ErrorCode.EXEC_PROVIDER_INELIGIBLE, receipt.provider.hex())
    return None
