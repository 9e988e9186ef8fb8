"""Fillers for commitments and their opening."""

from __future__ import annotations

from typing import Any

from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.execution.common import (
    OUTPUT_A,
    OUTPUT_B,
    PROVIDERS,
    TASK_ID,
    commitment_of,
    salt_of,
)

PROVIDER = PROVIDERS[0]


def commitment_input(
    provider: bytes = PROVIDER,
    output: bytes = OUTPUT_A,
    salt: bytes | None = None,
    commitment: bytes | None = None,
    task_id: bytes = TASK_ID,
) -> dict[str, Any]:
    """A commitment input."""
    return {
        "task_id": task_id.hex(),
        "provider": provider.hex(),
        "output_hash": output.hex(),
        "salt": (salt if salt is not None else salt_of(provider)).hex(),
        "commitment": None if commitment is None else commitment.hex(),
    }


@clauses("AIN-EXEC-COMMITMENT.1", "AIN-EXEC-REVEAL.1")
def test_commitment_is_computed_and_opened(fill: Filler) -> None:
    """
    A commitment binds task, provider, output hash and salt, and the same four open it.

    Given
    -----
    - the task, the smallest provider key, output hash A and the provider's salt.

    When
    ----
    - the commitment is computed; then checked against itself.

    Then
    ----
    - the commitment is tagged_hash("AIN/execution-commitment", task || provider || output ||
      salt), both times.
    """
    commitment = commitment_of(PROVIDER)
    fill(
        "execution",
        "commitment",
        commitment_input(),
        output={"commitment": commitment.hex()},
        case="computed",
    )
    fill(
        "execution",
        "commitment",
        commitment_input(commitment=commitment),
        output={"commitment": commitment.hex()},
        case="opened",
    )


@clauses("AIN-EXEC-COMMITMENT.1", "AIN-EXEC-REVEAL.1")
def test_commitment_does_not_open_for_anything_else(fill: Filler) -> None:
    """
    Another output, salt, provider or task does not open a commitment; a short salt is refused.

    Given
    -----
    - the smallest provider's commitment to output A for the task.

    When
    ----
    - it is opened with output B; with another salt; by the second provider (its own salt);
      for another task; with a 31-byte and a 33-byte salt.

    Then
    ----
    - EXEC_REVEAL_MISMATCH for the first four; EXEC_BAD_SALT for the salts of the wrong length
      (checked first).
    """
    commitment = commitment_of(PROVIDER)
    mismatches = {
        "other_output": commitment_input(output=OUTPUT_B, commitment=commitment),
        "other_salt": commitment_input(salt=bytes(32), commitment=commitment),
        "copied_by_other_provider": commitment_input(provider=PROVIDERS[1], commitment=commitment),
        "other_task": commitment_input(task_id=bytes(32), commitment=commitment),
    }
    for case, vector_input in mismatches.items():
        fill(
            "execution",
            "commitment",
            vector_input,
            rejection=ErrorCode.EXEC_REVEAL_MISMATCH,
            case=case,
        )
    for size in (31, 33):
        fill(
            "execution",
            "commitment",
            commitment_input(salt=bytes(size), commitment=commitment),
            rejection=ErrorCode.EXEC_BAD_SALT,
            case=f"salt_{size}_bytes",
        )


@clauses("AIN-EXEC-HANDLER-INPUT.1", "AIN-EXEC-COMMITMENT.1")
def test_commitment_lengths_are_refused_with_codes(fill: Filler) -> None:
    """
    Every length is a protocol input: the receipt's fields, then the commitment, then the salt.

    Given
    -----
    - the smallest provider's commitment to output A; inputs with a 31- or 33-byte task id,
      output hash or provider; a 31- and a 33-byte commitment; a 31-byte commitment with a
      31-byte salt; a 31-byte provider with a 31-byte commitment; a 31-byte task id with a
      31-byte provider.

    When
    ----
    - the commitment is computed or opened.

    Then
    ----
    - EXEC_RECEIPT_BAD_FIELD for the task id, output hash and provider (checked first, as a
      receipt's fields); EXEC_BAD_COMMITMENT for the commitment (checked before the salt).
    """
    commitment = commitment_of(PROVIDER)
    refused: dict[str, tuple[dict[str, Any], ErrorCode]] = {}
    for size in (31, 33):
        refused[f"task_id_{size}_bytes"] = (
            commitment_input(task_id=bytes(size), commitment=commitment),
            ErrorCode.EXEC_RECEIPT_BAD_FIELD,
        )
        refused[f"output_hash_{size}_bytes"] = (
            commitment_input(output=bytes(size)),
            ErrorCode.EXEC_RECEIPT_BAD_FIELD,
        )
        refused[f"provider_{size}_bytes"] = (
            commitment_input(provider=bytes(size), salt=salt_of(PROVIDER)),
            ErrorCode.EXEC_RECEIPT_BAD_FIELD,
        )
        refused[f"commitment_{size}_bytes"] = (
            commitment_input(commitment=bytes(size)),
            ErrorCode.EXEC_BAD_COMMITMENT,
        )
    refused["commitment_before_salt"] = (
        commitment_input(commitment=bytes(31), salt=bytes(31)),
        ErrorCode.EXEC_BAD_COMMITMENT,
    )
    refused["fields_before_commitment"] = (
        commitment_input(provider=bytes(31), salt=salt_of(PROVIDER), commitment=bytes(31)),
        ErrorCode.EXEC_RECEIPT_BAD_FIELD,
    )
    for case, (vector_input, code) in refused.items():
        fill("execution", "commitment", vector_input, rejection=code, case=case)
