"""Fillers for a task's binding (tee/binding)."""

from __future__ import annotations

import hashlib

from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses

TASK_ID = hashlib.sha256(b"ain-ref tee test task").hexdigest()


def plain_binding(chain_id: int, task_id_hex: str) -> str:
    """The clause's formula, written out: SHA-256(u8(15) || tag || u64_be(chain) || task)."""
    message = b"\x0fAIN/tee-binding" + chain_id.to_bytes(8, "big") + bytes.fromhex(task_id_hex)
    return hashlib.sha256(message).hexdigest()


@clauses("AIN-TEE-BINDING-DERIVE.1")
def test_binding_of_a_task(fill: Filler) -> None:
    """
    The binding is a tagged SHA-256 of the chain id and the task id.

    Given
    -----
    - the test task id on chains 0, 1 and 2**64 - 1; the all-zero task id on chain 1.

    When
    ----
    - its binding is derived.

    Then
    ----
    - each is the 32 bytes of the clause's formula, different for each chain.
    """
    for chain_id in (0, 1, 2**64 - 1):
        fill(
            "tee",
            "binding",
            {"chain_id": str(chain_id), "task_id": TASK_ID},
            output={"binding": plain_binding(chain_id, TASK_ID)},
            case=f"chain_{chain_id}",
        )
    fill(
        "tee",
        "binding",
        {"chain_id": "1", "task_id": "00" * 32},
        output={"binding": plain_binding(1, "00" * 32)},
        case="zero_task",
    )


@clauses("AIN-TEE-BINDING-RANGE.1")
def test_chain_id_out_of_range(fill: Filler) -> None:
    """
    A chain id outside 0 .. 2**64 - 1 is refused, never reduced modulo 2**64.

    Given
    -----
    - chain ids 2**64 (which wraps to 0) and -1 (which wraps to 2**64 - 1).

    When
    ----
    - a binding is derived.

    Then
    ----
    - CRYPTO_BAD_CHAIN_ID both times.
    """
    for case, chain_id in (("two_to_the_64", 2**64), ("minus_one", -1)):
        fill(
            "tee",
            "binding",
            {"chain_id": str(chain_id), "task_id": TASK_ID},
            rejection=ErrorCode.CRYPTO_BAD_CHAIN_ID,
            case=case,
            flags=("LIMIT",),
        )
