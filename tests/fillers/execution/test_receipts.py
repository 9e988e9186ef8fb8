"""Fillers for attestation receipts: layout, verification order, task checks."""

from __future__ import annotations

from typing import Any

from ain_ref.conformance.handlers.execution import receipt_json
from ain_ref.encoding import encode
from ain_ref.errors import ErrorCode
from ain_ref.jobs.execution.model import ResourcesUsed
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.execution.common import (
    CHAIN_ID,
    PROVIDERS,
    SEED_OF_KEY,
    body_of,
    receipt_for,
    signed,
    signed_body,
    task_json,
)

PROVIDER = PROVIDERS[0]
SEED = SEED_OF_KEY[PROVIDER]


def verify_input(
    data: bytes, task: dict[str, Any] | None = None, chain_id: int = CHAIN_ID
) -> dict[str, Any]:
    """A verify_receipt input."""
    return {"chain_id": str(chain_id), "receipt": data.hex(), "task": task}


@clauses(
    "AIN-EXEC-RECEIPT.1",
    "AIN-EXEC-RECEIPT-LAYOUT.1",
    "AIN-EXEC-RECEIPT-VERIFY.1",
    "AIN-EXEC-OUTPUT.1",
)
def test_receipt_verifies_with_every_integer_width(fill: Filler) -> None:
    """
    A signed receipt verifies, whatever the width of its integers.

    Given
    -----
    - receipts by one provider whose integers take each shortest form: 0, 23, 24, 255, 256,
      65535, 65536, 2**32 - 1, 2**32, 2**64 - 1 (start_ms equal to end_ms).

    When
    ----
    - each is verified, without a task.

    Then
    ----
    - each verifies and its body comes back field by field.
    """
    for value in (0, 23, 24, 255, 256, 65535, 65536, 2**32 - 1, 2**32, 2**64 - 1):
        receipt = receipt_for(
            PROVIDER,
            resources=ResourcesUsed(value, value, value),
            start_ms=value,
            end_ms=value,
        )
        fill(
            "execution",
            "verify_receipt",
            verify_input(signed(receipt)),
            output={"receipt": receipt_json(receipt)},
            case=f"integers_{value}",
        )


@clauses("AIN-EXEC-RECEIPT-TASK.1")
def test_receipt_counts_for_its_task(fill: Filler) -> None:
    """
    A receipt whose fields match the task and whose provider is assigned counts.

    Given
    -----
    - the task assigned to the three smallest provider keys; a receipt by the third.

    When
    ----
    - it is verified against the task.

    Then
    ----
    - it verifies.
    """
    receipt = receipt_for(PROVIDERS[2])
    fill(
        "execution",
        "verify_receipt",
        verify_input(signed(receipt), task_json()),
        output={"receipt": receipt_json(receipt)},
    )


@clauses("AIN-EXEC-RECEIPT-TASK.1")
def test_receipt_for_another_task_is_refused(fill: Filler) -> None:
    """
    Each field the task fixes is compared; an unassigned provider never counts.

    Given
    -----
    - receipts differing from the task in task_id, job_id, input_hash, runtime_digest; one by
      the fourth provider (not assigned); one by the fourth provider for another task.

    When
    ----
    - each is verified against the task (assigned: the three smallest keys).

    Then
    ----
    - EXEC_RECEIPT_WRONG_TASK for each field; EXEC_PROVIDER_INELIGIBLE for the fourth
      provider; the wrong task wins over ineligibility.
    """
    other = bytes([0x77]) * 32
    for name in ("task_id", "job_id", "input_hash", "runtime_digest"):
        receipt = receipt_for(PROVIDER, **{name: other})
        fill(
            "execution",
            "verify_receipt",
            verify_input(signed(receipt), task_json()),
            rejection=ErrorCode.EXEC_RECEIPT_WRONG_TASK,
            case=f"wrong_{name}",
        )
    fill(
        "execution",
        "verify_receipt",
        verify_input(signed(receipt_for(PROVIDERS[3])), task_json()),
        rejection=ErrorCode.EXEC_PROVIDER_INELIGIBLE,
        case="ineligible",
    )
    fill(
        "execution",
        "verify_receipt",
        verify_input(signed(receipt_for(PROVIDERS[3], task_id=other)), task_json()),
        rejection=ErrorCode.EXEC_RECEIPT_WRONG_TASK,
        case="wrong_task_before_ineligible",
    )


@clauses("AIN-EXEC-RECEIPT-VERIFY.1")
def test_tampered_receipts_are_refused(fill: Filler) -> None:
    """
    A receipt signed for another chain or tag, by another key, or altered, fails its signature.

    Given
    -----
    - a receipt verified for chain 8 though signed for chain 7; a receipt whose output hash
      was changed after signing; a receipt signed by the second provider's seed; a receipt
      whose signature's last byte was flipped.

    When
    ----
    - each is verified.

    Then
    ----
    - CRYPTO_SIGNATURE_INVALID for each (the S flip leaves S below L).
    """
    receipt = receipt_for(PROVIDER)
    data = signed(receipt)
    altered = signed_body(
        {**body_of(receipt), "output_hash": bytes(32)},
        SEED,
        signature=data[-64:],
    )
    flipped = data[:-33] + bytes([data[-33] ^ 1]) + data[-32:]
    cases = {
        "other_chain": verify_input(data, chain_id=8),
        "altered_output": verify_input(altered),
        "other_signer": verify_input(signed(receipt, seed=SEED_OF_KEY[PROVIDERS[1]])),
        "flipped_signature": verify_input(flipped),
    }
    for case, vector_input in cases.items():
        fill(
            "execution",
            "verify_receipt",
            vector_input,
            rejection=ErrorCode.CRYPTO_SIGNATURE_INVALID,
            case=case,
        )


@clauses("AIN-EXEC-RECEIPT-VERIFY.1")
def test_malformed_receipts_are_refused_in_order(fill: Filler) -> None:
    """
    Bytes, shape, fields, times, then the signature: the first failure names the code.

    Given
    -----
    - a trailing byte; a body without end_ms; a body with an extra key; resources without
      work_units; a body that is the integer 0; a 31-byte input hash; a negative start;
      work_units true; a 63-byte signature; start one after end; start one after end with a
      bad signature; a bad shape with a bad signature; a chain id of 2**64.

    When
    ----
    - each is verified.

    Then
    ----
    - the code of the first failing check, in the order of [AIN-EXEC-RECEIPT-VERIFY.1].
    """
    receipt = receipt_for(PROVIDER)
    body = body_of(receipt)
    resources = body["resources"]
    assert isinstance(resources, dict)
    short_resources = {key: value for key, value in resources.items() if key != "work_units"}
    without_end = {key: value for key, value in body.items() if key != "end_ms"}
    late_start = {**body, "start_ms": 5_001}
    cases: dict[str, tuple[bytes, ErrorCode]] = {
        "trailing_byte": (signed(receipt) + b"\x00", ErrorCode.ENCODING_TRAILING_BYTES),
        "missing_key": (signed_body(without_end, SEED), ErrorCode.EXEC_RECEIPT_BAD_SHAPE),
        "extra_key": (signed_body({**body, "extra": 1}, SEED), ErrorCode.EXEC_RECEIPT_BAD_SHAPE),
        "resources_missing_key": (
            signed_body({**body, "resources": short_resources}, SEED),
            ErrorCode.EXEC_RECEIPT_BAD_SHAPE,
        ),
        "body_not_a_map": (
            encode({"body": 0, "signature": bytes(64)}),
            ErrorCode.EXEC_RECEIPT_BAD_SHAPE,
        ),
        "short_hash": (
            signed_body({**body, "input_hash": bytes(31)}, SEED),
            ErrorCode.EXEC_RECEIPT_BAD_FIELD,
        ),
        "negative_start": (
            signed_body({**body, "start_ms": -1}, SEED),
            ErrorCode.EXEC_RECEIPT_BAD_FIELD,
        ),
        "boolean_work_units": (
            signed_body({**body, "resources": {**resources, "work_units": True}}, SEED),
            ErrorCode.EXEC_RECEIPT_BAD_FIELD,
        ),
        "short_signature": (
            signed_body(body, SEED, signature=bytes(63)),
            ErrorCode.EXEC_RECEIPT_BAD_FIELD,
        ),
        "start_after_end": (signed_body(late_start, SEED), ErrorCode.EXEC_RECEIPT_BAD_TIMES),
        "times_before_signature": (
            signed_body(late_start, SEED, signature=bytes(64)),
            ErrorCode.EXEC_RECEIPT_BAD_TIMES,
        ),
        "shape_before_signature": (
            signed_body(without_end, SEED, signature=bytes(64)),
            ErrorCode.EXEC_RECEIPT_BAD_SHAPE,
        ),
    }
    for case, (data, code) in cases.items():
        fill("execution", "verify_receipt", verify_input(data), rejection=code, case=case)
    fill(
        "execution",
        "verify_receipt",
        verify_input(signed(receipt), chain_id=2**64),
        rejection=ErrorCode.CRYPTO_BAD_CHAIN_ID,
        case="chain_id_out_of_range",
    )


@clauses("AIN-EXEC-RECEIPT-VERIFY.1")
def test_receipt_by_an_unacceptable_key_is_refused(fill: Filler) -> None:
    """
    A provider key of small order is refused before the equation.

    Given
    -----
    - a receipt whose provider is the identity point (01 then 31 zero bytes), with any
      signature.

    When
    ----
    - it is verified.

    Then
    ----
    - CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE.
    """
    identity = b"\x01" + bytes(31)
    body = body_of(receipt_for(identity))
    fill(
        "execution",
        "verify_receipt",
        verify_input(signed_body(body, SEED)),
        rejection=ErrorCode.CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE,
    )


@clauses("AIN-EXEC-RECEIPT-VERIFY.1", "AIN-CRYPTO-SIGN-MESSAGE.1")
def test_receipt_chain_id_is_taken_at_both_ends(fill: Filler) -> None:
    """
    A receipt signed for chain 0 or 2**64 - 1 verifies there; -1 is out of range.

    Given
    -----
    - receipts signed for chain ids 0 and 2**64 - 1.

    When
    ----
    - each is verified for its own chain id; the first also for chain id -1.

    Then
    ----
    - both verify; -1 is CRYPTO_BAD_CHAIN_ID.
    """
    receipt = receipt_for(PROVIDER)
    for chain_id in (0, 2**64 - 1):
        fill(
            "execution",
            "verify_receipt",
            verify_input(signed(receipt, chain_id=chain_id), chain_id=chain_id),
            output={"receipt": receipt_json(receipt)},
            case=f"chain_{chain_id}",
        )
    fill(
        "execution",
        "verify_receipt",
        verify_input(signed(receipt, chain_id=0), chain_id=-1),
        rejection=ErrorCode.CRYPTO_BAD_CHAIN_ID,
        case="chain_minus_one",
    )


@clauses("AIN-EXEC-RECEIPT-VERIFY.1")
def test_chain_id_is_checked_after_the_receipt_and_before_the_key(fill: Filler) -> None:
    """
    The chain id is checked at step (5), after the receipt's own checks, before the key.

    Given
    -----
    - for chain id -1: a body without end_ms; a body whose start is after its end; a receipt
      whose provider is the identity point (not acceptable); for chain id 7, the same
      identity-point receipt.

    When
    ----
    - each is verified.

    Then
    ----
    - EXEC_RECEIPT_BAD_SHAPE and EXEC_RECEIPT_BAD_TIMES whatever the chain id;
      CRYPTO_BAD_CHAIN_ID before the key; CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE with a good chain id.
    """
    body = body_of(receipt_for(PROVIDER))
    identity = signed_body(body_of(receipt_for(b"\x01" + bytes(31))), SEED)
    without_end = {key: value for key, value in body.items() if key != "end_ms"}
    cases: dict[str, tuple[bytes, int, ErrorCode]] = {
        "shape_before_chain": (
            signed_body(without_end, SEED),
            -1,
            ErrorCode.EXEC_RECEIPT_BAD_SHAPE,
        ),
        "times_before_chain": (
            signed_body({**body, "start_ms": 5_001}, SEED),
            -1,
            ErrorCode.EXEC_RECEIPT_BAD_TIMES,
        ),
        "chain_before_key": (identity, -1, ErrorCode.CRYPTO_BAD_CHAIN_ID),
        "key_with_good_chain": (identity, CHAIN_ID, ErrorCode.CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE),
    }
    for case, (data, chain_id, code) in cases.items():
        fill(
            "execution",
            "verify_receipt",
            verify_input(data, chain_id=chain_id),
            rejection=code,
            case=case,
        )


@clauses("AIN-EXEC-RECEIPT-TASK.1")
def test_task_is_compared_as_given(fill: Filler) -> None:
    """
    The task of verify_receipt is not checked, only compared with the receipt.

    Given
    -----
    - the smallest provider's receipt; the task with its three providers in descending order;
      the task with a 31-byte task id.

    When
    ----
    - the receipt is verified against each.

    Then
    ----
    - the unsorted providers still hold the receipt's provider: it counts; the 31-byte task id
      differs from the receipt's: EXEC_RECEIPT_WRONG_TASK.
    """
    receipt = receipt_for(PROVIDER)
    unsorted = task_json(list(reversed(PROVIDERS[:3])))
    fill(
        "execution",
        "verify_receipt",
        verify_input(signed(receipt), unsorted),
        output={"receipt": receipt_json(receipt)},
        case="providers_unsorted",
    )
    fill(
        "execution",
        "verify_receipt",
        verify_input(signed(receipt), {**task_json(), "task_id": bytes(31).hex()}),
        rejection=ErrorCode.EXEC_RECEIPT_WRONG_TASK,
        case="task_id_31_bytes",
    )
