"""
Fillers that pin what the prose states and no earlier vector enforced (issue #15, F3-F15).

Each case is built so that a client guessing the other way answers another code: the order of
two checks, a read's own depth, UTF-8 edge forms, the root's own checks, a null nonce.
"""

from __future__ import annotations

import cbor2

from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.tee.synthetic import (
    DEFAULT_CHAIN,
    PROTECTED_ES384,
    build_chain,
    cose_sign1,
    document,
    intermediate_spec,
    leaf_spec,
    payload_fields,
    root_spec,
    verify_input,
)
from tests.fillers.tee.test_cose_reader import PAYLOAD, ROOT, bstr, envelope, verify
from tests.fillers.tee.test_nitro_chain import chain_case

CHAIN = build_chain(DEFAULT_CHAIN)
START = b"\x84" + bstr(PROTECTED_ES384)
"""The evidence up to the unprotected map: array head, protected bytes."""


@clauses("AIN-TEE-CBOR-WELLFORMED.1")
def test_text_is_strict_utf8(fill: Filler) -> None:
    """
    UTF-8 as RFC 3629: no overlong form, no surrogate, nothing above U+10FFFF.

    Given
    -----
    - a text value in the unprotected map of: c0 80 (an overlong NUL); ed a0 80 (U+D800, a
      surrogate); f4 90 80 80 (U+110000); then f4 8f bf bf (U+10FFFF) and ef bf bf (U+FFFF).

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CBOR_MALFORMED three times; the last two verify.
    """
    for case, text, rejection in (
        ("overlong", "c080", ErrorCode.TEE_CBOR_MALFORMED),
        ("surrogate", "eda080", ErrorCode.TEE_CBOR_MALFORMED),
        ("above_10ffff", "f4908080", ErrorCode.TEE_CBOR_MALFORMED),
        ("last_code_point", "f48fbfbf", None),
        ("noncharacter_ffff", "efbfbf", None),
    ):
        raw = bytes.fromhex(text)
        unprotected = b"\xa1\x04" + bytes([0x60 + len(raw)]) + raw
        verify(fill, case, envelope(unprotected=unprotected), rejection)


@clauses("AIN-TEE-CBOR-LIMITS.1")
def test_head_check_order(fill: Filler) -> None:
    """
    For one head: the count, then the depth, then the argument's bytes.

    Given
    -----
    - evidence whose 257th head is also at depth 5; evidence whose 257th head is 19 00 and
      ends there (its argument cut); evidence whose head at depth 5 is 19 00 and ends there.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CBOR_TOO_MANY_ITEMS, TEE_CBOR_TOO_MANY_ITEMS, TEE_CBOR_TOO_DEEP.
    """
    # heads: 84, protected, a1, 04, 98 fb, then 250 zeros (255), 81 (256), 81 at depth 5 (257)
    deep_257th = START + b"\xa1\x04\x98\xfb" + bytes(250) + b"\x81\x81\x00"
    verify(fill, "count_before_depth", envelope_tail(deep_257th), ErrorCode.TEE_CBOR_TOO_MANY_ITEMS)
    cut_257th = START + b"\xa1\x04\x98\xfc" + bytes(251) + b"\x19\x00"
    verify(fill, "count_before_argument", cut_257th, ErrorCode.TEE_CBOR_TOO_MANY_ITEMS)
    cut_deep = START + b"\xa1\x04\x81\x81\x19\x00"
    verify(fill, "depth_before_argument", cut_deep, ErrorCode.TEE_CBOR_TOO_DEEP)


def envelope_tail(start: bytes) -> bytes:
    """Evidence that starts with ``start`` (through the unprotected map) and is complete."""
    return start + bstr(PAYLOAD) + bstr(bytes(96))


@clauses("AIN-TEE-CBOR-TYPES.1")
def test_map_keys_judged_when_read_whole(fill: Filler) -> None:
    """
    A key's type is judged once the key is read whole; false, true and null are no keys.

    Given
    -----
    - evidence that ends inside a byte-string key (a1 42 00); an unprotected map with the key
      true; with the key null.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CBOR_TRUNCATED; TEE_CBOR_TYPE_NOT_ALLOWED twice.
    """
    verify(fill, "truncated_bytes_key", START + b"\xa1\x42\x00", ErrorCode.TEE_CBOR_TRUNCATED)
    not_allowed = ErrorCode.TEE_CBOR_TYPE_NOT_ALLOWED
    verify(fill, "true_key", envelope(unprotected=b"\xa1\xf5\x00"), not_allowed)
    verify(fill, "null_key", envelope(unprotected=b"\xa1\xf6\x00"), not_allowed)


@clauses("AIN-TEE-CBOR-TYPES.1", "AIN-TEE-COSE-STRUCTURE.1", "AIN-TEE-NITRO-PAYLOAD.1")
def test_each_read_starts_at_depth_1(fill: Filler) -> None:
    """
    The protected bytes and the payload are reads of their own, each starting at depth 1.

    Given
    -----
    - protected bytes {1: -35, 4: [[0]]} (an integer at depth 4 of its own read); protected
      bytes that are {1: -35} under tag 24; the payload under tag 24.

    When
    ----
    - each is verified.

    Then
    ----
    - verified; TEE_COSE_MALFORMED (the reader admits the tag, the header is not a map);
      TEE_PAYLOAD_MALFORMED.
    """
    verify(fill, "protected_depth_4", envelope(protected=bytes.fromhex("a201382204818100")))
    verify(
        fill,
        "tagged_protected",
        envelope(protected=b"\xd8\x18" + PROTECTED_ES384),
        ErrorCode.TEE_COSE_MALFORMED,
    )
    verify(
        fill,
        "tagged_payload",
        envelope(payload=b"\xd8\x18" + PAYLOAD),
        ErrorCode.TEE_PAYLOAD_MALFORMED,
    )


@clauses("AIN-TEE-COSE-STRUCTURE.1")
def test_envelope_check_order(fill: Filler) -> None:
    """
    crit is refused in the protected map only; the protected read comes before the signature
    length.

    Given
    -----
    - an unprotected map holding crit (2: [1]); protected bytes a1 01 (cut) with a 95-byte
      signature.

    When
    ----
    - each is verified.

    Then
    ----
    - verified; TEE_CBOR_TRUNCATED.
    """
    verify(fill, "crit_unprotected", envelope(unprotected=bytes.fromhex("a1028101")))
    verify(
        fill,
        "protected_read_before_signature_length",
        envelope(protected=b"\xa1\x01", signature_item=bstr(bytes(95))),
        ErrorCode.TEE_CBOR_TRUNCATED,
    )


@clauses("AIN-TEE-NITRO-PAYLOAD.1", "AIN-TEE-NITRO-FIELDS.1")
def test_payload_pins(fill: Filler) -> None:
    """
    Unknown keys before the field table; digest exactly SHA384; no empty bundle entry.

    Given
    -----
    - a payload with a key "extra" and without module_id; digest "sha384"; a cabundle of the
      root then an empty byte string.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_PAYLOAD_MALFORMED; TEE_PAYLOAD_BAD_FIELD twice.
    """
    fields = payload_fields(CHAIN, extra=1)
    del fields["module_id"]
    fill(
        "tee",
        "verify",
        verify_input(cose_sign1(cbor2.dumps(fields)), ROOT),
        rejection=ErrorCode.TEE_PAYLOAD_MALFORMED,
        case="unknown_key_before_missing_field",
    )
    for case, changes in (
        ("digest_lower_case", {"digest": "sha384"}),
        ("empty_bundle_entry", {"cabundle": [CHAIN[0], b""]}),
    ):
        evidence, root = document(**changes)
        fill(
            "tee",
            "verify",
            verify_input(evidence, root),
            rejection=ErrorCode.TEE_PAYLOAD_BAD_FIELD,
            case=case,
        )


@clauses("AIN-TEE-CHAIN-ORDER.1", "AIN-TEE-CHAIN-CRITICAL.1", "AIN-TEE-CHAIN-CA.1")
def test_role_check_order(fill: Filler) -> None:
    """
    Critical extensions before the role; basic constraints before key usage.

    Given
    -----
    - an intermediate with an unknown critical extension and no basic constraints; an
      intermediate with neither basic constraints nor key usage.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CERT_UNKNOWN_CRITICAL_EXTENSION; TEE_CERT_NOT_CA.
    """
    chain_case(
        fill,
        [root_spec(), intermediate_spec(ca=None, extra_critical=True), leaf_spec()],
        rejection=ErrorCode.TEE_CERT_UNKNOWN_CRITICAL_EXTENSION,
        case="critical_before_role",
    )
    chain_case(
        fill,
        [root_spec(), intermediate_spec(ca=None, key_usage=False), leaf_spec()],
        rejection=ErrorCode.TEE_CERT_NOT_CA,
        case="ca_before_key_usage",
    )


@clauses("AIN-TEE-CHAIN-ORDER.1", "AIN-TEE-CHAIN-ROOT.1")
def test_root_own_checks(fill: Filler) -> None:
    """
    The pinned root is trusted by its bytes, but its algorithm, role and key usage are checked.

    Given
    -----
    - a root self-signed with ecdsa-with-SHA256; a root whose key usage lacks keyCertSign; a
      root with pathLenConstraint 0 above one intermediate.

    When
    ----
    - each is verified (each root pinned as it is).

    Then
    ----
    - TEE_CERT_BAD_ALGORITHM; TEE_CERT_KEY_USAGE; TEE_CERT_PATH_LENGTH.
    """
    for case, root, rejection in (
        ("sha256_root", root_spec(hash_name="sha256"), ErrorCode.TEE_CERT_BAD_ALGORITHM),
        (
            "root_without_key_cert_sign",
            root_spec(key_cert_sign=False),
            ErrorCode.TEE_CERT_KEY_USAGE,
        ),
        ("root_path_length_0", root_spec(path_length=0), ErrorCode.TEE_CERT_PATH_LENGTH),
    ):
        chain_case(fill, [root, intermediate_spec(), leaf_spec()], rejection=rejection, case=case)


@clauses("AIN-TEE-BINDING.1", "AIN-TEE-EXPECTATION.1")
def test_null_nonce_and_expectation_order(fill: Filler) -> None:
    """
    A null nonce never matches, not even an empty binding; the expectation before the size.

    Given
    -----
    - a document with a null nonce, expected binding empty; evidence of 16,385 bytes with no
      expected register.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_BINDING_MISMATCH; TEE_EXPECTATION_EMPTY.
    """
    evidence, root = document(nonce=None)
    fill(
        "tee",
        "verify",
        verify_input(evidence, root, binding=b""),
        rejection=ErrorCode.TEE_BINDING_MISMATCH,
        case="null_nonce_empty_binding",
    )
    fill(
        "tee",
        "verify",
        verify_input(bytes(16_385), ROOT, measurements=[]),
        rejection=ErrorCode.TEE_EXPECTATION_EMPTY,
        case="expectation_before_size",
    )
