"""Fillers for the nitro profile on the two real AWS Nitro Enclaves documents."""

from __future__ import annotations

from typing import Any

from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.tee.real import (
    AWS_ROOT,
    INVALID_SIGNATURE_DOCUMENT,
    PCR3,
    PCR4,
    VALID_DOCUMENT,
    VALID_NONCE,
    VALID_TIMESTAMP_MS,
)
from tests.fillers.tee.synthetic import build_chain, root_spec, verify_input

LEAF_NOT_AFTER_MS = 1725922152000  # 2024-09-09T22:49:12Z, the real signing certificate's notAfter
EXPECTED = [(3, PCR3), (4, PCR4)]


def real_input(evidence: bytes = VALID_DOCUMENT, **changes: Any) -> dict[str, Any]:
    """A tee/verify input for a real document, pinned to the AWS root."""
    arguments: dict[str, Any] = {"measurements": EXPECTED, "binding": VALID_NONCE}
    arguments.update(changes)
    root = arguments.pop("root", AWS_ROOT)
    return verify_input(evidence, root, **arguments)


def with_timestamp(timestamp_ms: int) -> bytes:
    """The valid document with its timestamp (a 1b-headed u64) rewritten, signature unchanged."""
    head = bytes.fromhex("74696d657374616d701b") + VALID_TIMESTAMP_MS.to_bytes(8, "big")
    assert VALID_DOCUMENT.count(head) == 1
    return VALID_DOCUMENT.replace(head, head[:-8] + timestamp_ms.to_bytes(8, "big"))


def real_claims() -> dict[str, Any]:
    """The claims of the valid real document."""
    zero = "00" * 48
    registers = {3: PCR3.hex(), 4: PCR4.hex()}
    return {
        "profile": "nitro",
        "module_id": "i-0bbf1bfe232b8c2ce-enc0191ba35c9d1b77a",
        "timestamp_ms": str(VALID_TIMESTAMP_MS),
        "measurements": [
            {"index": index, "value": registers.get(index, zero)} for index in range(16)
        ],
        "binding": VALID_NONCE.hex(),
        "user_data": (
            "1220c682bc6c814a6748f490c8c8e48e5c40c505e5c99b0b617b85cdc71d236f2a381220" + "00" * 32
        ),
        "public_key": b"dummy".hex(),
    }


@clauses(
    "AIN-TEE-PROFILE.1",
    "AIN-TEE-NITRO-ORDER.1",
    "AIN-TEE-CHAIN-ORDER.1",
    "AIN-TEE-CHAIN-VALIDITY.1",
    "AIN-TEE-COSE-SIGNATURE.1",
    "AIN-TEE-MEASUREMENTS.1",
    "AIN-TEE-BINDING.1",
)
def test_real_document_verifies_at_its_own_time(fill: Filler) -> None:
    """
    The real AWS Nitro document verifies under the AWS root at its own timestamp.

    Given
    -----
    - the real valid document (2024-09-09T19:49:12.400Z), the pinned AWS Nitro root;
    - PCR3 and PCR4 expected with the document's values, binding = its nonce 00..01.

    When
    ----
    - it is verified under the nitro profile (years after its signing certificate expired).

    Then
    ----
    - the claims are its module id, timestamp, sixteen registers, nonce, user data and key.
    """
    fill("tee", "verify", real_input(), output=real_claims())


@clauses("AIN-TEE-COSE-SIGNATURE.1", "AIN-TEE-NITRO-ORDER.1")
def test_real_document_with_bad_signature_is_refused(fill: Filler) -> None:
    """
    The real document whose signature fails is refused, though its chain is valid.

    Given
    -----
    - the real invalid-signature document (2024-07-23), the AWS root.

    When
    ----
    - it is verified.

    Then
    ----
    - TEE_SIGNATURE_INVALID.
    """
    fill(
        "tee",
        "verify",
        real_input(INVALID_SIGNATURE_DOCUMENT, binding=bytes(20)),
        rejection=ErrorCode.TEE_SIGNATURE_INVALID,
    )


@clauses("AIN-TEE-COSE-SIGNATURE.1")
def test_real_document_tampered_payload_is_refused(fill: Filler) -> None:
    """
    One changed letter of the payload's module id breaks the signature.

    Given
    -----
    - the valid document with "i-0bbf" changed to "i-1bbf" in its module id (the payload's
      field only; the certificate naming the module is left alone).

    When
    ----
    - it is verified.

    Then
    ----
    - TEE_SIGNATURE_INVALID.
    """
    tampered = VALID_DOCUMENT.replace(b"i-0bbf1bfe232b8c2ce-enc", b"i-1bbf1bfe232b8c2ce-enc", 1)
    fill("tee", "verify", real_input(tampered), rejection=ErrorCode.TEE_SIGNATURE_INVALID)


@clauses("AIN-TEE-CHAIN-VALIDITY.1", "AIN-TEE-NITRO-ORDER.1")
def test_real_document_time_is_checked_against_the_leaf(fill: Filler) -> None:
    """
    The chain is checked at the document's stated time, before the signature.

    Given
    -----
    - the valid document with its timestamp rewritten to the signing certificate's notAfter,
      and to one millisecond later.

    When
    ----
    - each is verified.

    Then
    ----
    - at notAfter the chain holds (bounds inclusive) and the rewritten payload fails its
      signature: TEE_SIGNATURE_INVALID;
    - one millisecond later: TEE_CERT_EXPIRED (the chain is checked before the signature).
    """
    fill(
        "tee",
        "verify",
        real_input(with_timestamp(LEAF_NOT_AFTER_MS)),
        rejection=ErrorCode.TEE_SIGNATURE_INVALID,
        case="at_not_after",
        flags=["LIMIT"],
    )
    fill(
        "tee",
        "verify",
        real_input(with_timestamp(LEAF_NOT_AFTER_MS + 1)),
        rejection=ErrorCode.TEE_CERT_EXPIRED,
        case="after_not_after",
        flags=["LIMIT"],
    )


@clauses("AIN-TEE-CHAIN-ROOT.1")
def test_real_document_under_another_root_is_refused(fill: Filler) -> None:
    """
    The valid document pinned to another root (the synthetic test root) is refused.

    Given
    -----
    - the valid document; the pinned root is the test PKI's root.

    When
    ----
    - it is verified.

    Then
    ----
    - TEE_CERT_ROOT_MISMATCH.
    """
    test_root = build_chain([root_spec()])[0]
    fill(
        "tee",
        "verify",
        real_input(root=test_root),
        rejection=ErrorCode.TEE_CERT_ROOT_MISMATCH,
    )


@clauses("AIN-TEE-MEASUREMENTS.1", "AIN-TEE-BINDING.1")
def test_real_document_other_expectations_are_refused(fill: Filler) -> None:
    """
    The valid document refused for an expectation it does not meet.

    Given
    -----
    - PCR3 expected with PCR4's value; then the right registers and a nonce of twenty zero
      bytes.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_MEASUREMENT_MISMATCH, then TEE_BINDING_MISMATCH.
    """
    fill(
        "tee",
        "verify",
        real_input(measurements=[(3, PCR4)]),
        rejection=ErrorCode.TEE_MEASUREMENT_MISMATCH,
        case="wrong_pcr",
    )
    fill(
        "tee",
        "verify",
        real_input(binding=bytes(20)),
        rejection=ErrorCode.TEE_BINDING_MISMATCH,
        case="wrong_nonce",
    )


@clauses("AIN-TEE-CBOR-WELLFORMED.1")
def test_real_document_truncated_is_refused(fill: Filler) -> None:
    """
    The valid document without its last byte, and cut in half.

    Given
    -----
    - the valid document less its last byte; its first 2,000 bytes.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CBOR_TRUNCATED both times.
    """
    for case, evidence in (("last_byte", VALID_DOCUMENT[:-1]), ("half", VALID_DOCUMENT[:2000])):
        fill(
            "tee",
            "verify",
            real_input(evidence),
            rejection=ErrorCode.TEE_CBOR_TRUNCATED,
            case=case,
        )


def flipped(position: int) -> bytes:
    """The valid document with the low bit of one byte flipped."""
    tampered = bytearray(VALID_DOCUMENT)
    tampered[position] ^= 1
    return bytes(tampered)


@clauses("AIN-TEE-CHAIN-PARSE.2")
def test_real_document_with_version_4_is_refused(fill: Filler) -> None:
    """
    A certificate of a version X.509 does not define is malformed, whatever a parser says.

    Given
    -----
    - the valid document with byte 944 flipped: the signing certificate's version INTEGER
      becomes 3 (v4).

    When
    ----
    - it is verified.

    Then
    ----
    - TEE_CERT_MALFORMED (only a0 03 02 01 02, v3, is admitted).
    """
    fill("tee", "verify", real_input(flipped(944)), rejection=ErrorCode.TEE_CERT_MALFORMED)


@clauses("AIN-TEE-CHAIN-PARSE.2", "AIN-TEE-CHAIN-NAMES.1")
def test_real_document_names_are_not_parsed(fill: Filler) -> None:
    """
    A name is bytes: an attribute value of an odd type does not make the certificate malformed.

    Given
    -----
    - the valid document with byte 2928 flipped: inside the issuer of cabundle[2] a
      UTF8String (0c) becomes a RELATIVE-OID (0d).

    When
    ----
    - it is verified.

    Then
    ----
    - TEE_CERT_NAME_MISMATCH: the issuer no longer equals cabundle[1]'s subject byte for byte
      (a client that types name values answers TEE_CERT_MALFORMED).
    """
    fill("tee", "verify", real_input(flipped(2928)), rejection=ErrorCode.TEE_CERT_NAME_MISMATCH)
