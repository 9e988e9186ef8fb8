"""
The binding of a task: the value its TEE evidence must carry, so evidence cannot be replayed.

Spec: spec/tee.md, "Binding to a task" ([AIN-TEE-BINDING-DERIVE.1], [AIN-TEE-BINDING-RANGE.1]).
Layer: jobs (tee). Imports crypto (the tagged hash, the chain id bound), errors.
"""

from __future__ import annotations

from typing import Final

from ain_ref.crypto import CHAIN_ID_MAX, DomainTag, tagged_hash, u64_big_endian
from ain_ref.errors import ErrorCode, Rejection

TASK_ID_BYTES: Final = 32


def task_binding(chain_id: int, task_id: bytes) -> bytes:
    """
    The 32-byte binding of a task on a chain.

    Parameters
    ----------
    chain_id : int
        The chain id, 0 .. 2**64 - 1.
    task_id : bytes
        The task's 32-byte id (spec/execution.md).

    Returns
    -------
    bytes
        SHA-256( u8(15) || ascii("AIN/tee-binding") || u64_be(chain_id) || task_id ).

    References
    ----------
    [AIN-TEE-BINDING-DERIVE.1]

    pre: 0 <= chain_id <= 2**64 - 1
    pre: len(task_id) == 32
    post: len(__return__) == 32
    """
    return tagged_hash(DomainTag.TEE_BINDING, u64_big_endian(chain_id) + task_id)


def binding_of(chain_id: int, task_id: bytes) -> bytes | Rejection:
    """
    The binding of a task, or the refusal of a chain id outside its range.

    Parameters
    ----------
    chain_id : int
        The chain id, any integer.
    task_id : bytes
        The task's 32-byte id.

    Returns
    -------
    bytes | Rejection
        The 32-byte binding, or CRYPTO_BAD_CHAIN_ID.

    References
    ----------
    [AIN-TEE-BINDING-RANGE.1] A chain id outside 0 .. 2**64 - 1 is refused, never reduced.
    """
    if not 0 <= chain_id <= CHAIN_ID_MAX:
        return Rejection(ErrorCode.CRYPTO_BAD_CHAIN_ID, f"chain id {chain_id}")
    return task_binding(chain_id, task_id)
