"""
The fast reader of a signed receipt: its one canonical layout, matched as a whole.

A canonical signed receipt has a fixed shape (spec/execution.md, "Binary layout"): fixed keys in
canonical order, 32-byte hashes, a 64-byte signature and shortest-form unsigned integers.
``read_receipt_layout`` accepts exactly the bytes of that shape and returns None for anything
else; the plain path (strict decoder, then the shape and field checks) then names the reason.
Property-tested: wherever either accepts, both give the same receipt, signature and body bytes.

Spec: spec/execution.md, "Binary layout" ([AIN-EXEC-RECEIPT-LAYOUT.1]).
Layer: jobs. Imports jobs.execution.model only.
"""

from __future__ import annotations

import re
from typing import Final

from ain_ref.jobs.execution.model import Receipt, ResourcesUsed


def text_key(name: str) -> bytes:
    """The pattern of a short ASCII text key's canonical bytes (length below 24)."""
    return re.escape(bytes([0x60 + len(name)]) + name.encode("ascii"))


HASH: Final = rb"\x58\x20(.{32})"
"""A byte string of 32 bytes: head 58 20, then the bytes."""
U64: Final = (
    rb"([\x00-\x17]"  # the value in the head itself, 0..23
    rb"|\x18[\x18-\xff]"  # one byte, 24..255
    rb"|\x19[\x01-\xff]."  # two bytes, 256..65535
    rb"|\x1a(?!\x00\x00)...."  # four bytes, 65536..2**32 - 1
    rb"|\x1b(?!\x00\x00\x00\x00)........)"  # eight bytes, 2**32..2**64 - 1
)
"""An unsigned integer in shortest form (major type 0), head included."""
SIGNED_RECEIPT_LAYOUT: Final = re.compile(
    rb"\xa2"  # {
    + text_key("body")
    + rb"(\xa9"  # "body": the signed bytes, a map of 9 entries in canonical key order:
    + text_key("end_ms")
    + U64
    + text_key("job_id")
    + HASH
    + text_key("task_id")
    + HASH
    + text_key("provider")
    + HASH
    + text_key("start_ms")
    + U64
    + text_key("resources")
    + rb"\xa3"  # a map of 3 entries:
    + text_key("work_units")
    + U64
    + text_key("peak_memory_bytes")
    + U64
    + text_key("cpu_millicore_seconds")
    + U64
    + text_key("input_hash")
    + HASH
    + text_key("output_hash")
    + HASH
    + text_key("runtime_digest")
    + HASH
    + rb")"
    + text_key("signature")
    + rb"\x58\x40(.{64})",  # "signature": 64 bytes }
    re.DOTALL,
)


def u64_value(encoded: bytes) -> int:
    """The value of a shortest-form unsigned integer's bytes, head included."""
    head = encoded[0]
    return head if head < 24 else int.from_bytes(encoded[1:], "big")


def read_receipt_layout(data: bytes) -> tuple[Receipt, bytes, bytes] | None:
    """
    The receipt, its signature and its body's bytes, if ``data`` has the canonical layout.

    Returns
    -------
    tuple[Receipt, bytes, bytes] | None
        As ``read_receipt_plain`` returns them, or None for bytes of any other shape.

    References
    ----------
    [AIN-EXEC-RECEIPT-LAYOUT.1] The one layout of a canonical signed receipt.
    """
    match = SIGNED_RECEIPT_LAYOUT.fullmatch(data)
    if match is None:
        return None
    (
        body,
        end_ms,
        job_id,
        task_id,
        provider,
        start_ms,
        work_units,
        peak_memory_bytes,
        cpu_millicore_seconds,
        input_hash,
        output_hash,
        runtime_digest,
        signature,
    ) = match.groups()
    receipt = Receipt(
        task_id=task_id,
        job_id=job_id,
        input_hash=input_hash,
        output_hash=output_hash,
        runtime_digest=runtime_digest,
        resources=ResourcesUsed(
            cpu_millicore_seconds=u64_value(cpu_millicore_seconds),
            peak_memory_bytes=u64_value(peak_memory_bytes),
            work_units=u64_value(work_units),
        ),
        start_ms=u64_value(start_ms),
        end_ms=u64_value(end_ms),
        provider=provider,
    )
    return receipt, signature, body
