"""
Commit and reveal: a provider binds itself to its output before anyone's output is public.

Spec: spec/execution.md, "Commit and reveal" ([AIN-EXEC-COMMITMENT.1], [AIN-EXEC-REVEAL.1]).
Layer: jobs. Imports crypto, errors.
"""

from __future__ import annotations

from typing import Final

from ain_ref.crypto import DomainTag, tagged_hash
from ain_ref.errors import ErrorCode, Rejection

SALT_SIZE: Final = 32


def commitment_hash(task_id: bytes, provider: bytes, output_hash: bytes, salt: bytes) -> bytes:
    """
    A provider's commitment to its output hash.

    Returns
    -------
    bytes
        ``tagged_hash("AIN/execution-commitment", task_id || provider || output_hash || salt)``,
        32 bytes (each part 32 bytes, so the concatenation is unambiguous).

    References
    ----------
    [AIN-EXEC-COMMITMENT.1] The task and the provider are bound in, so a commitment copied
    from another provider or another task can never be revealed.
    """
    return tagged_hash(DomainTag.EXECUTION_COMMITMENT, task_id + provider + output_hash + salt)


def check_reveal(
    commitment: bytes, task_id: bytes, provider: bytes, output_hash: bytes, salt: bytes
) -> Rejection | None:
    """
    Whether a revealed output hash and salt open a commitment.

    Returns
    -------
    Rejection | None
        None when they do; EXEC_BAD_SALT for a salt that is not 32 bytes, then
        EXEC_REVEAL_MISMATCH.

    References
    ----------
    [AIN-EXEC-REVEAL.1] Checks 9 and 10 of a reveal.
    """
    # [AIN-EXEC-REVEAL.1] 9. the salt's length.
    if len(salt) != SALT_SIZE:
        return Rejection(ErrorCode.EXEC_BAD_SALT, f"{len(salt)} bytes")
    # 10. the opening.
    if commitment_hash(task_id, provider, output_hash, salt) != commitment:
        return Rejection(ErrorCode.EXEC_REVEAL_MISMATCH)
    return None
