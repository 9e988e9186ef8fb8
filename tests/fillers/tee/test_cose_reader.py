"""Fillers for the COSE_Sign1 envelope and the bounded CBOR reader, through tee/verify."""

from __future__ import annotations

from typing import Any

import cbor2

from ain_ref.errors import ErrorCode
from ain_ref.jobs.tee.cose import sig_structure
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.tee.synthetic import (
    BINDING,
    DEFAULT_CHAIN,
    PCRS,
    PROTECTED_ES384,
    build_chain,
    payload_fields,
    private_key,
    sign_es384,
    verify_input,
)

CHAIN = build_chain(DEFAULT_CHAIN)
ROOT = CHAIN[0]
PAYLOAD = cbor2.dumps(payload_fields(CHAIN))
CLAIMS = {
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


def bstr(content: bytes) -> bytes:
    """A byte string item, shortest head."""
    return cbor2.dumps(content)


def signature(protected: bytes = PROTECTED_ES384, payload: bytes = PAYLOAD) -> bytes:
    """The signing certificate's signature over protected and payload."""
    return sign_es384(private_key(3), sig_structure(protected, payload))


def envelope(
    *,
    protected: bytes = PROTECTED_ES384,
    unprotected: bytes = b"\xa0",
    payload: bytes = PAYLOAD,
    signature_item: bytes | None = None,
    head: bytes = b"\x84",
) -> bytes:
    """A COSE_Sign1 written item by item; the unprotected map is given encoded."""
    if signature_item is None:
        signature_item = bstr(signature(protected, payload))
    return head + bstr(protected) + unprotected + bstr(payload) + signature_item


def verify(
    fill: Filler, case: str, evidence: bytes, rejection: ErrorCode | None = None, **kwargs: Any
) -> None:
    """Fill one tee/verify vector under the test root; without a rejection it must verify."""
    vector_input = verify_input(evidence, ROOT)
    if rejection is None:
        fill("tee", "verify", vector_input, output=CLAIMS, case=case, **kwargs)
    else:
        fill("tee", "verify", vector_input, rejection=rejection, case=case, **kwargs)


VALID = envelope()


@clauses("AIN-TEE-COSE-STRUCTURE.1")
def test_cose_sign1_shape(fill: Filler) -> None:
    """
    A COSE_Sign1 is four items (bstr, map, bstr, bstr), untagged or under tag 18.

    Given
    -----
    - the document under tag 18; under tag 17; of three items; of five; a map; an array as
      unprotected header; a null (detached) payload.

    When
    ----
    - each is verified.

    Then
    ----
    - verified; then TEE_COSE_MALFORMED each time.
    """
    verify(fill, "tag_18", b"\xd2" + VALID)
    malformed = ErrorCode.TEE_COSE_MALFORMED
    sig = bstr(signature())
    verify(fill, "tag_17", b"\xd1" + VALID, malformed)
    verify(
        fill, "three_items", b"\x83" + bstr(PROTECTED_ES384) + b"\xa0" + bstr(PAYLOAD), malformed
    )
    verify(fill, "five_items", envelope(head=b"\x85") + b"\xf6", malformed)
    verify(fill, "map", b"\xa1\x01" + bstr(PAYLOAD), malformed)
    verify(fill, "unprotected_array", envelope(unprotected=b"\x80"), malformed)
    verify(fill, "null_payload", b"\x84" + bstr(PROTECTED_ES384) + b"\xa0\xf6" + sig, malformed)


@clauses("AIN-TEE-COSE-STRUCTURE.1", "AIN-TEE-COSE-ALGORITHM.1")
def test_protected_header(fill: Filler) -> None:
    """
    The protected header is a map without crit whose alg is ES384 (-35).

    Given
    -----
    - protected bytes that read as an array; empty protected bytes; a protected header with
      crit; alg -7 (ES256); no alg; alg as the text "ES384"; alg only in the unprotected map;
      alg -35 written with a non-shortest key head (18 01).

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_COSE_MALFORMED, TEE_CBOR_TRUNCATED, TEE_COSE_MALFORMED, TEE_COSE_BAD_ALGORITHM three
      times, TEE_COSE_BAD_ALGORITHM; the last verifies.
    """
    cases: list[tuple[str, bytes, bytes, ErrorCode | None]] = [
        ("protected_array", bytes.fromhex("8101"), b"\xa0", ErrorCode.TEE_COSE_MALFORMED),
        ("protected_empty", b"", b"\xa0", ErrorCode.TEE_CBOR_TRUNCATED),
        ("protected_crit", bytes.fromhex("a2013822028101"), b"\xa0", ErrorCode.TEE_COSE_MALFORMED),
        ("alg_es256", bytes.fromhex("a10126"), b"\xa0", ErrorCode.TEE_COSE_BAD_ALGORITHM),
        ("alg_absent", bytes.fromhex("a1044100"), b"\xa0", ErrorCode.TEE_COSE_BAD_ALGORITHM),
        ("alg_text", bytes.fromhex("a101654553333834"), b"\xa0", ErrorCode.TEE_COSE_BAD_ALGORITHM),
        (
            "alg_unprotected_only",
            bytes.fromhex("a0"),
            bytes.fromhex("a1013822"),
            ErrorCode.TEE_COSE_BAD_ALGORITHM,
        ),
        ("alg_non_shortest_key", bytes.fromhex("a118013822"), b"\xa0", None),
    ]
    for case, protected, unprotected, rejection in cases:
        verify(fill, case, envelope(protected=protected, unprotected=unprotected), rejection)


@clauses("AIN-TEE-COSE-STRUCTURE.1", "AIN-TEE-COSE-SIGNATURE.1")
def test_signature_bytes(fill: Filler) -> None:
    """
    The signature is 96 bytes, r || s, under the signing certificate's key.

    Given
    -----
    - a 95-byte and a 97-byte signature; a 95-byte signature with alg ES256 too; a signature
      by the intermediate's key; r = 0; the signature with s replaced by the group order.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_COSE_MALFORMED three times (length before algorithm); TEE_SIGNATURE_INVALID thrice.
    """
    good = signature()
    verify(
        fill,
        "signature_95",
        envelope(signature_item=bstr(good[:95])),
        ErrorCode.TEE_COSE_MALFORMED,
        flags=["LIMIT"],
    )
    verify(
        fill,
        "signature_97",
        envelope(signature_item=bstr(good + b"\x00")),
        ErrorCode.TEE_COSE_MALFORMED,
        flags=["LIMIT"],
    )
    verify(
        fill,
        "length_before_algorithm",
        envelope(protected=bytes.fromhex("a10126"), signature_item=bstr(good[:95])),
        ErrorCode.TEE_COSE_MALFORMED,
    )
    other = sign_es384(private_key(2), sig_structure(PROTECTED_ES384, PAYLOAD))
    verify(fill, "other_key", envelope(signature_item=bstr(other)), ErrorCode.TEE_SIGNATURE_INVALID)
    verify(
        fill,
        "r_zero",
        envelope(signature_item=bstr(bytes(48) + good[48:])),
        ErrorCode.TEE_SIGNATURE_INVALID,
    )
    order = int(
        "ffffffffffffffffffffffffffffffffffffffffffffffff"
        "c7634d81f4372ddf581a0db248b0a77aecec196accc52973",
        16,
    )
    verify(
        fill,
        "s_group_order",
        envelope(signature_item=bstr(good[:48] + order.to_bytes(48, "big"))),
        ErrorCode.TEE_SIGNATURE_INVALID,
    )


@clauses("AIN-TEE-CBOR-WELLFORMED.1", "AIN-TEE-CBOR-DEFINITE.1")
def test_reader_heads(fill: Filler) -> None:
    """
    Malformed heads, indefinite lengths and truncation are refused; long heads are admitted.

    Given
    -----
    - in the unprotected map: AI 28, 29 and 30, AI 31 in an unsigned and a negative integer,
      a break where a value is expected, a malformed tag head (df), AI 28 in major type 7
      (fc), text that is not UTF-8; an indefinite map, byte string, text string, array and top
      array; the evidence empty, cut inside a head, cut after two items; the unprotected map
      written with a three-byte head (b9 0000).

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CBOR_MALFORMED nine times; TEE_CBOR_INDEFINITE_LENGTH five times;
      TEE_CBOR_TRUNCATED three times; the long head verifies.
    """
    malformed, indefinite, truncated = (
        ErrorCode.TEE_CBOR_MALFORMED,
        ErrorCode.TEE_CBOR_INDEFINITE_LENGTH,
        ErrorCode.TEE_CBOR_TRUNCATED,
    )
    cases: list[tuple[str, bytes, ErrorCode | None]] = [
        ("ai_28", envelope(unprotected=bytes.fromhex("a1041c")), malformed),
        ("ai_29", envelope(unprotected=bytes.fromhex("a1043d")), malformed),
        ("ai_30", envelope(unprotected=bytes.fromhex("a1045e")), malformed),
        ("ai_31_negative", envelope(unprotected=bytes.fromhex("a1043f")), malformed),
        ("ai_31_integer", envelope(unprotected=bytes.fromhex("a1041f")), malformed),
        ("break_as_value", envelope(unprotected=bytes.fromhex("a104ff")), malformed),
        ("ai_31_tag", envelope(unprotected=bytes.fromhex("a104df")), malformed),
        ("ai_28_simple", envelope(unprotected=bytes.fromhex("a104fc")), malformed),
        ("text_not_utf8", envelope(unprotected=bytes.fromhex("a10462c328")), malformed),
        ("indefinite_map", envelope(unprotected=bytes.fromhex("bfff")), indefinite),
        ("indefinite_bytes", envelope(unprotected=bytes.fromhex("a1045f4100ff")), indefinite),
        ("indefinite_text", envelope(unprotected=bytes.fromhex("a1047f6130ff")), indefinite),
        ("indefinite_array", envelope(unprotected=bytes.fromhex("a1049f00ff")), indefinite),
        ("indefinite_top", b"\x9f" + VALID[1:] + b"\xff", indefinite),
        ("empty", b"", truncated),
        ("inside_head", bytes.fromhex("845901"), truncated),
        ("missing_items", b"\x84" + bstr(PROTECTED_ES384) + b"\xa0", truncated),
        ("long_map_head", envelope(unprotected=bytes.fromhex("b90000")), None),
    ]
    for case, evidence, rejection in cases:
        verify(fill, case, evidence, rejection)


@clauses("AIN-TEE-CBOR-TYPES.1", "AIN-TEE-CBOR-KEYS.1")
def test_reader_types_and_keys(fill: Filler) -> None:
    """
    Only integers, strings, arrays, maps, a top-level tag and false/true/null are admitted;
    keys are integers or texts, never twice.

    Given
    -----
    - in the unprotected map: a half, a single and a double float; undefined; simple value 16;
      false written in two bytes (f8 14); simple value 32 (f8 20); a nested tag; a byte-string
      key; an array key; the key 4 twice (once as 18 04); the keys 1 and "1"; false, true and
      null as values.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CBOR_TYPE_NOT_ALLOWED nine times, TEE_CBOR_DUPLICATE_KEY; the last two verify.
    """
    not_allowed = ErrorCode.TEE_CBOR_TYPE_NOT_ALLOWED
    cases: list[tuple[str, str, ErrorCode | None]] = [
        ("half_float", "a104f93c00", not_allowed),
        ("single_float", "a104fa3f800000", not_allowed),
        ("double_float", "a104fb3ff0000000000000", not_allowed),
        ("undefined", "a104f7", not_allowed),
        ("simple_16", "a104f0", not_allowed),
        ("two_byte_false", "a104f814", not_allowed),
        ("simple_32", "a104f820", not_allowed),
        ("nested_tag", "a104c100", not_allowed),
        ("bytes_key", "a1410000", not_allowed),
        ("array_key", "a18000", not_allowed),
        ("duplicate_key", "a20400180400", ErrorCode.TEE_CBOR_DUPLICATE_KEY),
        ("integer_and_text_key", "a20100613100", None),
        ("false_true_null", "a304f405f506f6", None),
    ]
    for case, unprotected, rejection in cases:
        verify(fill, case, envelope(unprotected=bytes.fromhex(unprotected)), rejection)


@clauses("AIN-TEE-CBOR-LIMITS.1")
def test_reader_limits(fill: Filler) -> None:
    """
    At most 256 heads per read, and depth at most 4; exactly at each bound is admitted.

    Given
    -----
    - an unprotected map holding an array of 249 zeros (256 heads), then of 250 (257); an
      integer at depth 4 ({4: [0]}), then at depth 5 ({4: [[0]]}); the depth-4 document under
      tag 18, which moves the integer to depth 5; an indefinite array at depth 5.

    When
    ----
    - each is verified.

    Then
    ----
    - verified, TEE_CBOR_TOO_MANY_ITEMS, verified, TEE_CBOR_TOO_DEEP, TEE_CBOR_TOO_DEEP,
      TEE_CBOR_INDEFINITE_LENGTH (checked before the depth).
    """

    def zeros(count: int) -> bytes:
        return bytes.fromhex("a104") + bytes([0x98, count]) + bytes(count)

    verify(fill, "items_256", envelope(unprotected=zeros(249)), flags=["LIMIT"])
    verify(
        fill,
        "items_257",
        envelope(unprotected=zeros(250)),
        ErrorCode.TEE_CBOR_TOO_MANY_ITEMS,
        flags=["LIMIT"],
    )
    verify(fill, "depth_4", envelope(unprotected=bytes.fromhex("a1048100")), flags=["LIMIT"])
    verify(
        fill,
        "depth_5",
        envelope(unprotected=bytes.fromhex("a104818100")),
        ErrorCode.TEE_CBOR_TOO_DEEP,
        flags=["LIMIT"],
    )
    verify(
        fill,
        "tagged_depth_5",
        b"\xd2" + envelope(unprotected=bytes.fromhex("a1048100")),
        ErrorCode.TEE_CBOR_TOO_DEEP,
    )
    verify(
        fill,
        "indefinite_before_depth",
        envelope(unprotected=bytes.fromhex("a10481819fff")),
        ErrorCode.TEE_CBOR_INDEFINITE_LENGTH,
    )


@clauses("AIN-TEE-CBOR-SINGLE-ITEM.1", "AIN-TEE-NITRO-SIZE.1")
def test_trailing_bytes_and_size(fill: Filler) -> None:
    """
    One item exactly, in at most 16,384 bytes.

    Given
    -----
    - the document then one zero byte; the protected header then one zero byte; the document
      padded with zeros to 16,384 bytes, and to 16,385.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CBOR_TRAILING_BYTES three times; TEE_EVIDENCE_TOO_LARGE.
    """
    trailing = ErrorCode.TEE_CBOR_TRAILING_BYTES
    verify(fill, "after_document", VALID + b"\x00", trailing)
    verify(fill, "after_protected", envelope(protected=PROTECTED_ES384 + b"\x00"), trailing)
    verify(fill, "size_16384", VALID + bytes(16384 - len(VALID)), trailing, flags=["LIMIT"])
    verify(
        fill,
        "size_16385",
        VALID + bytes(16385 - len(VALID)),
        ErrorCode.TEE_EVIDENCE_TOO_LARGE,
        flags=["LIMIT"],
    )


@clauses("AIN-TEE-CBOR-WELLFORMED.1", "AIN-TEE-CBOR-KEYS.1", "AIN-TEE-CBOR-SINGLE-ITEM.1")
def test_payload_is_read_by_the_same_reader(fill: Filler) -> None:
    """
    The signed payload is a read of its own: non-canonical heads pass, the rest is refused.

    Given
    -----
    - a payload whose map head is b9 0009 (non-shortest); one with nonce twice; one followed by
      a zero byte; an indefinite-length payload map; each signed correctly.

    When
    ----
    - each is verified.

    Then
    ----
    - verified; TEE_CBOR_DUPLICATE_KEY; TEE_CBOR_TRAILING_BYTES; TEE_CBOR_INDEFINITE_LENGTH.
    """
    assert PAYLOAD[0] == 0xA9
    long_head = b"\xb9\x00\x09" + PAYLOAD[1:]
    twice = b"\xaa" + PAYLOAD[1:] + cbor2.dumps("nonce") + bstr(BINDING)
    indefinite = b"\xbf" + PAYLOAD[1:] + b"\xff"
    verify(fill, "payload_long_head", envelope(payload=long_head))
    verify(fill, "payload_nonce_twice", envelope(payload=twice), ErrorCode.TEE_CBOR_DUPLICATE_KEY)
    verify(
        fill,
        "payload_trailing",
        envelope(payload=PAYLOAD + b"\x00"),
        ErrorCode.TEE_CBOR_TRAILING_BYTES,
    )
    verify(
        fill,
        "payload_indefinite",
        envelope(payload=indefinite),
        ErrorCode.TEE_CBOR_INDEFINITE_LENGTH,
    )


@clauses("AIN-TEE-COSE-SIGNATURE.1")
def test_sig_structure_heads(fill: Filler) -> None:
    """
    The Sig_structure writes the protected bytes with the shortest head at each length.

    Given
    -----
    - protected headers {1: -35, 4: h'00..'} of 23, 24, 255 and 256 bytes (heads 57, 58 18,
      58 ff, 59 0100), each document signed over its Sig_structure.

    When
    ----
    - each is verified.

    Then
    ----
    - each verifies.
    """
    for total in (23, 24, 255, 256):
        kid_length = total - 5 - (1 if total - 6 < 24 else 2)  # a2 01 38 22 04, then the kid
        kid = cbor2.dumps(bytes(kid_length))
        protected = bytes.fromhex("a2013822") + b"\x04" + kid
        assert len(protected) == total, (total, len(protected))
        verify(fill, f"protected_{total}_bytes", envelope(protected=protected), flags=["LIMIT"])


@clauses("AIN-TEE-CBOR-LIMITS.1", "AIN-TEE-CBOR-TYPES.1", "AIN-TEE-CBOR-WELLFORMED.1")
def test_reader_head_order(fill: Filler) -> None:
    """
    Within one head: the argument's bytes are read before the type is judged.

    Given
    -----
    - evidence that ends one byte into a half float's two-byte argument; evidence that ends
      right after a complete half float in the unprotected map.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CBOR_TRUNCATED, then TEE_CBOR_TYPE_NOT_ALLOWED.
    """
    start = b"\x84" + bstr(PROTECTED_ES384) + bytes.fromhex("a104f93c")
    verify(fill, "argument_before_type", start, ErrorCode.TEE_CBOR_TRUNCATED)
    verify(fill, "type_after_argument", start + b"\x00", ErrorCode.TEE_CBOR_TYPE_NOT_ALLOWED)
