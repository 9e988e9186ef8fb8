"""Fillers for the nitro profile's attestation document fields, on the synthetic test PKI."""

from __future__ import annotations

from typing import Any

import cbor2

from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.tee.synthetic import (
    BINDING,
    DEFAULT_CHAIN,
    PCRS,
    build_chain,
    cose_sign1,
    document,
    payload_fields,
    verify_input,
)

CHAIN = build_chain(DEFAULT_CHAIN)
ROOT = CHAIN[0]


def field_case(
    fill: Filler, case: str, rejection: ErrorCode, *, omit: tuple[str, ...] = (), **changes: Any
) -> None:
    """Fill one verify vector for a document with fields changed or omitted."""
    evidence, root = document(omit=omit, **changes)
    fill("tee", "verify", verify_input(evidence, root), rejection=rejection, case=case)


def payload_case(fill: Filler, case: str, payload: bytes, rejection: ErrorCode) -> None:
    """Fill one verify vector whose COSE payload is these bytes, correctly signed."""
    fill("tee", "verify", verify_input(cose_sign1(payload), ROOT), rejection=rejection, case=case)


@clauses("AIN-TEE-NITRO-PAYLOAD.1")
def test_payload_must_be_a_map_of_known_fields(fill: Filler) -> None:
    """
    The payload is a map keyed by the field names only.

    Given
    -----
    - a payload that is an array; one with an extra field "extra"; one with an extra key 1.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_PAYLOAD_MALFORMED each time.
    """
    fields = payload_fields(CHAIN)
    payload_case(fill, "array", cbor2.dumps(list(fields.values())), ErrorCode.TEE_PAYLOAD_MALFORMED)
    payload_case(
        fill, "extra_field", cbor2.dumps({**fields, "extra": 1}), ErrorCode.TEE_PAYLOAD_MALFORMED
    )
    payload_case(
        fill, "integer_key", cbor2.dumps({**fields, 1: 1}), ErrorCode.TEE_PAYLOAD_MALFORMED
    )


@clauses("AIN-TEE-NITRO-FIELDS.1")
def test_required_fields_must_be_present(fill: Filler) -> None:
    """
    Each required field, omitted alone, is named missing; optional ones may be omitted.

    Given
    -----
    - the document without module_id, digest, timestamp, pcrs, certificate, cabundle in turn;
      then without public_key, user_data (and so verified).

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_PAYLOAD_MISSING_FIELD six times.
    """
    for name in ("module_id", "digest", "timestamp", "pcrs", "certificate", "cabundle"):
        field_case(fill, f"without_{name}", ErrorCode.TEE_PAYLOAD_MISSING_FIELD, omit=(name,))


@clauses("AIN-TEE-NITRO-FIELDS.1", "AIN-TEE-BINDING.1")
def test_optional_fields_may_be_absent(fill: Filler) -> None:
    """
    public_key and user_data may be absent; an absent nonce verifies as far as the binding.

    Given
    -----
    - the document without public_key and user_data; then without nonce; then with nonce null.

    When
    ----
    - each is verified.

    Then
    ----
    - verified; TEE_BINDING_MISMATCH; TEE_BINDING_MISMATCH.
    """
    evidence, root = document(omit=("public_key", "user_data"))
    claims = {
        "profile": "nitro",
        "module_id": "i-0123456789abcdef0-enc0123456789abcdef",
        "timestamp_ms": "1780315200000",
        "measurements": [
            {"index": index, "value": value.hex()} for index, value in sorted(PCRS.items())
        ],
        "binding": BINDING.hex(),
        "user_data": None,
        "public_key": None,
    }
    fill("tee", "verify", verify_input(evidence, root), output=claims, case="without_optional")
    field_case(fill, "without_nonce", ErrorCode.TEE_BINDING_MISMATCH, omit=("nonce",))
    field_case(fill, "null_nonce", ErrorCode.TEE_BINDING_MISMATCH, nonce=None)


@clauses("AIN-TEE-NITRO-FIELDS.1")
def test_field_syntax(fill: Filler) -> None:
    """
    Each field's syntax, refused just outside its bounds.

    Given
    -----
    - module_id empty, or an integer; digest "SHA256"; timestamp 0, -1, or true; pcrs empty,
      with 33 entries, key 32, key -1, a 47-byte value; certificate empty, 1,025 bytes;
      cabundle empty, of nine certificates, holding a text; public_key empty; user_data and
      nonce of 513 bytes, or a boolean.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_PAYLOAD_BAD_FIELD each time.
    """
    bad = ErrorCode.TEE_PAYLOAD_BAD_FIELD
    many_pcrs = {index: PCRS[0] for index in range(33)}
    cases: dict[str, dict[str, Any]] = {
        "module_id_empty": {"module_id": ""},
        "module_id_integer": {"module_id": 7},
        "digest_sha256": {"digest": "SHA256"},
        "timestamp_zero": {"timestamp": 0},
        "timestamp_negative": {"timestamp": -1},
        "timestamp_boolean": {"timestamp": True},
        "pcrs_empty": {"pcrs": {}},
        "pcrs_33": {"pcrs": many_pcrs},
        "pcr_index_32": {"pcrs": {32: PCRS[0]}},
        "pcr_index_negative": {"pcrs": {-1: PCRS[0]}},
        "pcr_47_bytes": {"pcrs": {0: PCRS[0][:47]}},
        "pcr_text": {"pcrs": {0: "00"}},
        "certificate_empty": {"certificate": b""},
        "certificate_1025": {"certificate": bytes(1025)},
        "cabundle_empty": {"cabundle": []},
        "cabundle_9": {"cabundle": [ROOT] * 9},
        "cabundle_text": {"cabundle": [ROOT, "x"]},
        "cabundle_map": {"cabundle": {0: ROOT}},
        "public_key_empty": {"public_key": b""},
        "user_data_513": {"user_data": bytes(513)},
        "nonce_513": {"nonce": bytes(513)},
        "nonce_boolean": {"nonce": False},
    }
    for case, changes in cases.items():
        field_case(fill, case, bad, **changes)


@clauses("AIN-TEE-NITRO-FIELDS.1")
def test_field_bounds_admitted(fill: Filler) -> None:
    """
    Each field's syntax, admitted exactly at its bounds (the document then fails later).

    Given
    -----
    - pcrs with 32 entries of 48 bytes, then PCR0 alone, then keys 0 and 31 with 32- and
      64-byte values (PCR0 and PCR2 expected, so the registers do not match); a
      certificate of 1,024 zero bytes; a bundle of eight copies of the root; user_data and
      nonce of 512 bytes; a timestamp of 1 and of 2**64 - 1; public_key of one byte.

    When
    ----
    - each is verified.

    Then
    ----
    - the first check after the syntax fails: TEE_MEASUREMENT_MISMATCH three times,
      TEE_CERT_MALFORMED, TEE_CERT_NAME_MISMATCH, TEE_BINDING_MISMATCH twice,
      TEE_CERT_NOT_YET_VALID, TEE_CERT_EXPIRED; and the one-byte key verifies.
    """
    full = {index: PCRS[0] for index in range(32)}
    cases: list[tuple[str, ErrorCode, dict[str, Any]]] = [
        ("pcrs_32", ErrorCode.TEE_MEASUREMENT_MISMATCH, {"pcrs": full}),
        ("pcrs_1", ErrorCode.TEE_MEASUREMENT_MISMATCH, {"pcrs": {0: PCRS[0]}}),
        (
            "pcr_lengths",
            ErrorCode.TEE_MEASUREMENT_MISMATCH,
            {"pcrs": {0: bytes(32), 31: bytes(64)}},
        ),
        ("certificate_1024", ErrorCode.TEE_CERT_MALFORMED, {"certificate": bytes(1024)}),
        ("cabundle_8", ErrorCode.TEE_CERT_NAME_MISMATCH, {"cabundle": [ROOT] * 8}),
        ("user_data_512", ErrorCode.TEE_BINDING_MISMATCH, {"user_data": bytes(512), "nonce": None}),
        ("nonce_512", ErrorCode.TEE_BINDING_MISMATCH, {"nonce": bytes(512)}),
        ("timestamp_1", ErrorCode.TEE_CERT_NOT_YET_VALID, {"timestamp": 1}),
        ("timestamp_u64_max", ErrorCode.TEE_CERT_EXPIRED, {"timestamp": 2**64 - 1}),
    ]
    for case, rejection, changes in cases:
        evidence, root = document(**changes)
        fill(
            "tee",
            "verify",
            verify_input(evidence, root),
            rejection=rejection,
            case=case,
            flags=["LIMIT"],
        )
    evidence, root = document(public_key=b"k")
    result = verify_input(evidence, root)
    claims = {
        "profile": "nitro",
        "module_id": "i-0123456789abcdef0-enc0123456789abcdef",
        "timestamp_ms": "1780315200000",
        "measurements": [
            {"index": index, "value": value.hex()} for index, value in sorted(PCRS.items())
        ],
        "binding": BINDING.hex(),
        "user_data": None,
        "public_key": "6b",
    }
    fill("tee", "verify", result, output=claims, case="public_key_1", flags=["LIMIT"])


@clauses("AIN-TEE-NITRO-FIELDS.1")
def test_fields_are_checked_in_table_order(fill: Filler) -> None:
    """
    The first field in table order decides the code.

    Given
    -----
    - module_id missing and digest wrong; module_id empty and timestamp missing.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_PAYLOAD_MISSING_FIELD, then TEE_PAYLOAD_BAD_FIELD.
    """
    field_case(
        fill,
        "missing_first",
        ErrorCode.TEE_PAYLOAD_MISSING_FIELD,
        omit=("module_id",),
        digest="MD5",
    )
    field_case(
        fill, "bad_first", ErrorCode.TEE_PAYLOAD_BAD_FIELD, omit=("timestamp",), module_id=""
    )


@clauses("AIN-TEE-MEASUREMENTS.1", "AIN-TEE-BINDING.1", "AIN-TEE-NITRO-ORDER.1")
def test_measurements_then_binding(fill: Filler) -> None:
    """
    Expected registers must be present and equal; then the nonce must be the task's binding.

    Given
    -----
    - PCR5 expected (the document has 0..2); PCR2 expected with PCR1's value; a nonce bound to
      another task; a wrong register and a wrong nonce together.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_MEASUREMENT_MISMATCH twice, TEE_BINDING_MISMATCH, TEE_MEASUREMENT_MISMATCH.
    """
    evidence, root = document()
    fill(
        "tee",
        "verify",
        verify_input(evidence, root, measurements=[(0, PCRS[0]), (5, PCRS[0])]),
        rejection=ErrorCode.TEE_MEASUREMENT_MISMATCH,
        case="absent_register",
    )
    fill(
        "tee",
        "verify",
        verify_input(evidence, root, measurements=[(2, PCRS[1])]),
        rejection=ErrorCode.TEE_MEASUREMENT_MISMATCH,
        case="other_value",
    )
    other_task = bytes(32)
    fill(
        "tee",
        "verify",
        verify_input(evidence, root, binding=other_task),
        rejection=ErrorCode.TEE_BINDING_MISMATCH,
        case="other_task",
    )
    fill(
        "tee",
        "verify",
        verify_input(evidence, root, measurements=[(1, PCRS[0])], binding=other_task),
        rejection=ErrorCode.TEE_MEASUREMENT_MISMATCH,
        case="register_before_binding",
    )


@clauses("AIN-TEE-PROFILE.1", "AIN-TEE-EXPECTATION.1")
def test_profile_then_expectation(fill: Filler) -> None:
    """
    The profile id is checked first, then that the expectation names a register.

    Given
    -----
    - profile "sgx"; profile "none"; profile "Nitro"; profile "nitro" with no expected
      register; profile "sgx" with no expected register.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_PROFILE_UNKNOWN three times, TEE_EXPECTATION_EMPTY, TEE_PROFILE_UNKNOWN.
    """
    evidence, root = document()
    for profile in ("sgx", "none", "Nitro"):
        fill(
            "tee",
            "verify",
            verify_input(evidence, root, profile=profile),
            rejection=ErrorCode.TEE_PROFILE_UNKNOWN,
            case=f"profile_{profile.lower()}" + ("_capital" if profile == "Nitro" else ""),
        )
    fill(
        "tee",
        "verify",
        verify_input(evidence, root, measurements=[]),
        rejection=ErrorCode.TEE_EXPECTATION_EMPTY,
        case="no_register",
    )
    fill(
        "tee",
        "verify",
        verify_input(evidence, root, measurements=[], profile="sgx"),
        rejection=ErrorCode.TEE_PROFILE_UNKNOWN,
        case="profile_before_expectation",
    )
