"""Fillers for encoding/decode: what the strict decoder accepts, and why it refuses the rest."""

from __future__ import annotations

import json
from pathlib import Path

from ain_ref.conformance.typed_json import to_typed_json
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses

DATA = Path(__file__).parents[2] / "data"


def accept(fill: Filler, case: str, hex_bytes: str, value: CborValue, **extra: object) -> None:
    """Fill a decode case that must be accepted with the given value."""
    fill(
        "encoding",
        "decode",
        {"bytes": hex_bytes},
        output={"value": to_typed_json(value)},
        case=case,
        **extra,
    )  # type: ignore[arg-type]


def refuse(fill: Filler, case: str, hex_bytes: str, code: ErrorCode, **extra: object) -> None:
    """Fill a decode case that must be refused with the given code, at its pinned offset
    ([AIN-ENC-LOCATION.1]: every decoding rejection is located)."""
    fill(
        "encoding",
        "decode",
        {"bytes": hex_bytes},
        rejection=code,
        case=case,
        pin_location=True,
        **extra,  # type: ignore[arg-type]
    )


@clauses("AIN-ENC-TYPES.2", "AIN-ENC-CANONICAL.1", "AIN-ENC-ENCODE.2")
def test_each_kind_of_value_decodes(fill: Filler) -> None:
    """
    Each kind of value of the data model decodes from its canonical bytes.

    Given
    -----
    - the canonical encoding of null, a boolean, an integer, bytes, text, an array and a map.

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - the decoder returns the value.
    """
    accept(fill, "null", "f6", None)
    accept(fill, "false", "f4", False)
    accept(fill, "true", "f5", True)
    accept(fill, "zero", "00", 0)
    accept(fill, "minus_one", "20", -1)
    accept(fill, "empty_bytes", "40", b"")
    accept(fill, "bytes", "43000102", b"\x00\x01\x02")
    accept(fill, "empty_text", "60", "")
    accept(fill, "text", "6461626364", "abcd")
    accept(fill, "empty_array", "80", [])
    accept(fill, "nested_array", "8301820203f6", [1, [2, 3], None])
    accept(fill, "empty_map", "a0", {})
    accept(fill, "map", "a2616101626262f5", {"a": 1, "bb": True})


@clauses("AIN-ENC-INT.1", "AIN-ENC-SHORTEST.1")
def test_integer_bounds_and_head_widths(fill: Filler) -> None:
    """
    Integers at every head width and at both ends of the range decode.

    Given
    -----
    - integers 23, 24, 255, 256, 65535, 65536, 2**32 - 1, 2**32, 2**64 - 1, -24, -25, -2**63,
      each in its shortest head.

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - each integer is returned exactly.
    """
    accept(fill, "23", "17", 23)
    accept(fill, "24", "1818", 24)
    accept(fill, "255", "18ff", 255)
    accept(fill, "256", "190100", 256)
    accept(fill, "65535", "19ffff", 65535)
    accept(fill, "65536", "1a00010000", 65536)
    accept(fill, "u32_max", "1affffffff", 2**32 - 1)
    accept(fill, "u32_max_plus_one", "1b0000000100000000", 2**32)
    accept(fill, "u64_max", "1bffffffffffffffff", 2**64 - 1)
    accept(fill, "minus_24", "37", -24)
    accept(fill, "minus_25", "3818", -25)
    accept(fill, "i64_min", "3b7fffffffffffffff", -(2**63), flags=["LIMIT"])


@clauses("AIN-ENC-INT.1")
def test_integer_below_i64_min_is_rejected(fill: Filler) -> None:
    """
    A negative integer below -2**63 is refused.

    Given
    -----
    - major type 1 with argument 2**63 (the value -2**63 - 1) and with 2**64 - 1 (-2**64).

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - they are rejected with ENCODING_INTEGER_OUT_OF_RANGE.
    """
    refuse(
        fill,
        "minus_2_pow_63_minus_1",
        "3b8000000000000000",
        ErrorCode.ENCODING_INTEGER_OUT_OF_RANGE,
        flags=["LIMIT"],
    )
    refuse(fill, "minus_2_pow_64", "3bffffffffffffffff", ErrorCode.ENCODING_INTEGER_OUT_OF_RANGE)
    refuse(fill, "inside_array", "82013b8000000000000000", ErrorCode.ENCODING_INTEGER_OUT_OF_RANGE)


@clauses("AIN-ENC-SHORTEST.1")
def test_non_shortest_heads_are_rejected(fill: Filler) -> None:
    """
    A head longer than needed is refused, for integers, lengths and counts alike.

    Given
    -----
    - 23 in a one-byte argument, 255 in two bytes, 65535 in four, 2**32 - 1 in eight;
    - -24 in a one-byte argument; a byte string, text, array and map whose length or count
      uses a longer head than needed.

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - they are rejected with ENCODING_NON_SHORTEST_FORM.
    """
    code = ErrorCode.ENCODING_NON_SHORTEST_FORM
    refuse(fill, "uint_in_one_byte", "1817", code, flags=["NON_CANONICAL"])
    refuse(fill, "uint_in_two_bytes", "1900ff", code, flags=["NON_CANONICAL"])
    refuse(fill, "uint_in_four_bytes", "1a0000ffff", code, flags=["NON_CANONICAL"])
    refuse(fill, "uint_in_eight_bytes", "1b00000000ffffffff", code, flags=["NON_CANONICAL"])
    refuse(fill, "negative_in_one_byte", "3817", code, flags=["NON_CANONICAL"])
    refuse(fill, "bytes_length", "5800", code, flags=["NON_CANONICAL"])
    refuse(fill, "text_length", "780161", code, flags=["NON_CANONICAL"])
    refuse(fill, "array_count", "9800", code, flags=["NON_CANONICAL"])
    refuse(fill, "map_count", "b800", code, flags=["NON_CANONICAL"])


@clauses("AIN-ENC-DEFINITE.1")
def test_indefinite_lengths_are_rejected(fill: Filler) -> None:
    """
    Indefinite-length strings, arrays and maps are refused.

    Given
    -----
    - an indefinite byte string, text string, array and map, and one nested in an array.

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - they are rejected with ENCODING_INDEFINITE_LENGTH.
    """
    code = ErrorCode.ENCODING_INDEFINITE_LENGTH
    refuse(fill, "bytes", "5f4101ff", code)
    refuse(fill, "text", "7f6161ff", code)
    refuse(fill, "array", "9f01ff", code)
    refuse(fill, "map", "bf616101ff", code)
    refuse(fill, "nested", "82019fff", code)


@clauses("AIN-ENC-TYPES.2")
def test_floats_tags_and_other_simple_values_are_rejected(fill: Filler) -> None:
    """
    Floats of every width, tags of every kind, and simple values other than false, true and null
    are refused.

    Given
    -----
    - half, single and double precision floats; tags 0, 2 (a bignum) and 55799 (self-describe);
    - undefined, simple(0) and simple(32).

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - floats are rejected with ENCODING_FLOAT_NOT_ALLOWED, tags with ENCODING_TAG_NOT_ALLOWED,
      the simple values with ENCODING_SIMPLE_NOT_ALLOWED.
    """
    refuse(fill, "half_float", "f93c00", ErrorCode.ENCODING_FLOAT_NOT_ALLOWED)
    refuse(fill, "single_float", "fa3f800000", ErrorCode.ENCODING_FLOAT_NOT_ALLOWED)
    refuse(fill, "double_float", "fb3ff0000000000000", ErrorCode.ENCODING_FLOAT_NOT_ALLOWED)
    refuse(fill, "float_in_map", "a16161f93c00", ErrorCode.ENCODING_FLOAT_NOT_ALLOWED)
    refuse(fill, "tag_0", "c06161", ErrorCode.ENCODING_TAG_NOT_ALLOWED)
    refuse(fill, "bignum", "c24101", ErrorCode.ENCODING_TAG_NOT_ALLOWED)
    refuse(fill, "self_describe", "d9d9f700", ErrorCode.ENCODING_TAG_NOT_ALLOWED)
    refuse(fill, "undefined", "f7", ErrorCode.ENCODING_SIMPLE_NOT_ALLOWED)
    refuse(fill, "simple_0", "e0", ErrorCode.ENCODING_SIMPLE_NOT_ALLOWED)
    refuse(fill, "simple_32", "f820", ErrorCode.ENCODING_SIMPLE_NOT_ALLOWED)


@clauses("AIN-ENC-WELLFORMED.1")
def test_malformed_items_are_rejected(fill: Filler) -> None:
    """
    Reserved additional information, stray breaks and two-byte simple values below 32 are
    malformed.

    Given
    -----
    - initial bytes with additional information 28, 29, 30; a lone break; a break inside a
      definite array; an indefinite-length integer; simple(24) written in two bytes.

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - they are rejected with ENCODING_MALFORMED.
    """
    code = ErrorCode.ENCODING_MALFORMED
    refuse(fill, "reserved_28", "1c", code, flags=["MALFORMED"])
    refuse(fill, "reserved_29", "3d", code, flags=["MALFORMED"])
    refuse(fill, "reserved_30", "5e", code, flags=["MALFORMED"])
    refuse(fill, "lone_break", "ff", code, flags=["MALFORMED"])
    refuse(fill, "break_in_array", "81ff", code, flags=["MALFORMED"])
    refuse(fill, "indefinite_integer", "1f", code, flags=["MALFORMED"])
    refuse(fill, "two_byte_simple_below_32", "f818", code, flags=["MALFORMED"])


@clauses("AIN-ENC-WELLFORMED.1")
def test_truncated_input_is_rejected(fill: Filler) -> None:
    """
    Input that ends inside a data item is refused.

    Given
    -----
    - no bytes at all; a head missing its argument bytes; a string missing content; an array
      and a map missing elements.

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - they are rejected with ENCODING_TRUNCATED.
    """
    code = ErrorCode.ENCODING_TRUNCATED
    refuse(fill, "empty_input", "", code, flags=["MALFORMED"])
    refuse(fill, "head_argument", "1901", code, flags=["MALFORMED"])
    refuse(fill, "bytes_content", "4301", code, flags=["MALFORMED"])
    refuse(fill, "text_content", "6261", code, flags=["MALFORMED"])
    refuse(fill, "array_elements", "8201", code, flags=["MALFORMED"])
    refuse(fill, "map_value", "a16161", code, flags=["MALFORMED"])
    refuse(fill, "huge_declared_length", "5bffffffffffffffff", code, flags=["MALFORMED"])


@clauses("AIN-ENC-SINGLE-ITEM.1")
def test_trailing_bytes_are_rejected(fill: Filler) -> None:
    """
    Bytes after the one top-level item are refused.

    Given
    -----
    - a complete integer followed by another byte, and a complete array followed by a break.

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - they are rejected with ENCODING_TRAILING_BYTES.
    """
    refuse(fill, "two_items", "0100", ErrorCode.ENCODING_TRAILING_BYTES)
    refuse(fill, "array_then_break", "8101ff", ErrorCode.ENCODING_TRAILING_BYTES)


@clauses("AIN-ENC-TEXT.1")
def test_invalid_utf8_is_rejected(fill: Filler) -> None:
    """
    Text strings that are not well-formed UTF-8 are refused.

    Given
    -----
    - a cut multi-byte sequence, an encoded surrogate, an overlong form, a code point above
      U+10FFFF, and a lone continuation byte as a map key.

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - they are rejected with ENCODING_INVALID_UTF8.
    """
    code = ErrorCode.ENCODING_INVALID_UTF8
    refuse(fill, "cut_sequence", "62c328", code)
    refuse(fill, "surrogate", "63eda080", code)
    refuse(fill, "overlong", "62c0af", code)
    refuse(fill, "above_max_code_point", "64f4908080", code)
    refuse(fill, "in_map_key", "a16180f6", code)


@clauses("AIN-ENC-MAP-KEYS.1")
def test_non_text_map_keys_are_rejected(fill: Filler) -> None:
    """
    Map keys other than text strings are refused.

    Given
    -----
    - maps keyed by an integer, a byte string, null, and an array.

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - they are rejected with ENCODING_KEY_NOT_TEXT.
    """
    code = ErrorCode.ENCODING_KEY_NOT_TEXT
    refuse(fill, "integer_key", "a10101", code)
    refuse(fill, "bytes_key", "a14161f6", code)
    refuse(fill, "null_key", "a1f6f6", code)
    refuse(fill, "array_key", "a180f6", code)


@clauses("AIN-ENC-MAP-ORDER.1")
def test_map_key_order(fill: Filler) -> None:
    """
    Map keys must ascend bytewise by their encoding: shorter keys first, then by UTF-8 bytes.

    Given
    -----
    - {"b", "aa"} in encoded-key order (accepted), and in plain string order (refused);
    - {"a", "b"} written b first (refused); "Z" before "a" (accepted, 0x5a < 0x61).

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - keys in order are accepted; keys out of order are rejected with ENCODING_UNSORTED_KEYS.
    """
    accept(fill, "shorter_key_first", "a2616201626161f6", {"b": 1, "aa": None})
    accept(fill, "uppercase_before_lowercase", "a2615a016161f6", {"Z": 1, "a": None})
    refuse(fill, "longer_key_first", "a2626161f6616201", ErrorCode.ENCODING_UNSORTED_KEYS)
    refuse(fill, "reversed_keys", "a2616201616101", ErrorCode.ENCODING_UNSORTED_KEYS)


@clauses("AIN-ENC-MAP-UNIQUE.1")
def test_duplicate_map_keys_are_rejected(fill: Filler) -> None:
    """
    The same key twice in one map is refused, even with equal values.

    Given
    -----
    - {"a": 1, "a": 2} and {"a": 1, "a": 1}, and a duplicate inside a nested map.

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - they are rejected with ENCODING_DUPLICATE_KEY.
    """
    code = ErrorCode.ENCODING_DUPLICATE_KEY
    refuse(fill, "different_values", "a2616101616102", code)
    refuse(fill, "equal_values", "a2616101616101", code)
    refuse(fill, "nested", "81a2616101616101", code)


@clauses("AIN-ENC-LIMITS.1")
def test_nesting_depth_limit(fill: Filler) -> None:
    """
    Arrays and maps nest at most 64 deep.

    Given
    -----
    - 64 nested arrays (the innermost empty), and 65; 65 nested single-entry maps.

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - 64 levels are accepted; 65 are rejected with ENCODING_TOO_DEEP.
    """
    value: CborValue = []
    for _ in range(63):
        value = [value]
    accept(fill, "depth_64", "81" * 63 + "80", value, flags=["LIMIT"])
    refuse(fill, "depth_65", "81" * 64 + "80", ErrorCode.ENCODING_TOO_DEEP, flags=["LIMIT"])
    refuse(
        fill, "maps_depth_65", "a16161" * 64 + "a0", ErrorCode.ENCODING_TOO_DEEP, flags=["LIMIT"]
    )


@clauses("AIN-ENC-LIMITS.1")
def test_input_over_size_limit_is_rejected(fill: Filler) -> None:
    """
    Input longer than 1,048,576 bytes is refused before it is read.

    Given
    -----
    - a byte-string head declaring 1,048,576 bytes, followed by that many zero bytes
      (1,048,581 bytes in all; the vector appends the zeros with input.append_zero_bytes).

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - they are rejected with ENCODING_TOO_LARGE.
    """
    fill(
        "encoding",
        "decode",
        {"bytes": "5a00100000", "append_zero_bytes": 1 << 20},
        rejection=ErrorCode.ENCODING_TOO_LARGE,
        flags=["LIMIT"],
        pin_location=True,
    )


@clauses("AIN-ENC-CANONICAL.1")
def test_first_violation_decides_the_code(fill: Filler) -> None:
    """
    Where several rules are broken, the first met in the depth-first walk names the code.

    Given
    -----
    - a map whose keys are out of order and whose later value is a float;
    - an array holding a non-shortest integer and then a tag;
    - a complete item followed by trailing bytes, where the item holds a duplicate key.

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - the codes are ENCODING_UNSORTED_KEYS, ENCODING_NON_SHORTEST_FORM and
      ENCODING_DUPLICATE_KEY respectively.
    """
    refuse(fill, "unsorted_before_float", "a26162016161f93c00", ErrorCode.ENCODING_UNSORTED_KEYS)
    refuse(fill, "shortest_before_tag", "821801c0", ErrorCode.ENCODING_NON_SHORTEST_FORM)
    refuse(fill, "duplicate_before_trailing", "a261610161610100", ErrorCode.ENCODING_DUPLICATE_KEY)


APPENDIX_A_REJECTIONS = {
    "c249010000000000000000": ErrorCode.ENCODING_TAG_NOT_ALLOWED,  # bignum 2**64
    "3bffffffffffffffff": ErrorCode.ENCODING_INTEGER_OUT_OF_RANGE,  # -2**64
    "c349010000000000000000": ErrorCode.ENCODING_TAG_NOT_ALLOWED,  # negative bignum
    "f7": ErrorCode.ENCODING_SIMPLE_NOT_ALLOWED,  # undefined
    "f0": ErrorCode.ENCODING_SIMPLE_NOT_ALLOWED,  # simple(16)
    "f818": ErrorCode.ENCODING_MALFORMED,  # simple(24) in two bytes: invalid per section 3.3
    "f8ff": ErrorCode.ENCODING_SIMPLE_NOT_ALLOWED,  # simple(255)
    "a201020304": ErrorCode.ENCODING_KEY_NOT_TEXT,  # {1: 2, 3: 4}
}
"""Appendix A examples outside the profile that are neither floats, tags nor indefinite."""

APPENDIX_A_BYTE_STRINGS = {"40": b"", "4401020304": b"\x01\x02\x03\x04"}
"""Appendix A gives byte strings in diagnostic notation only."""


def appendix_a_expectation(example: dict[str, object]) -> CborValue | ErrorCode:
    """The profile's verdict on one RFC 8949 Appendix A example, decided from the RFC's data."""
    hex_bytes = str(example["hex"])
    initial_byte = bytes.fromhex(hex_bytes)[0]
    if hex_bytes in APPENDIX_A_REJECTIONS:
        return APPENDIX_A_REJECTIONS[hex_bytes]
    if initial_byte in (0xF9, 0xFA, 0xFB):
        return ErrorCode.ENCODING_FLOAT_NOT_ALLOWED
    if initial_byte >> 5 == 6:
        return ErrorCode.ENCODING_TAG_NOT_ALLOWED
    if example.get("roundtrip") is False:
        # Floats aside, the only examples that do not round-trip are the streaming ones.
        assert "ff" in hex_bytes, hex_bytes
        return ErrorCode.ENCODING_INDEFINITE_LENGTH
    if hex_bytes in APPENDIX_A_BYTE_STRINGS:
        return APPENDIX_A_BYTE_STRINGS[hex_bytes]
    assert "decoded" in example, f"unclassified Appendix A example {hex_bytes}"
    return example["decoded"]  # type: ignore[return-value]


@clauses("AIN-ENC-CANONICAL.1", "AIN-ENC-TYPES.2")
def test_rfc8949_appendix_a(fill: Filler) -> None:
    """
    The examples of RFC 8949 Appendix A: those inside the profile decode to the RFC's value,
    the others are refused with the profile's code.

    Given
    -----
    - each of the 82 examples of RFC 8949 Appendix A (cbor/test-vectors, appendix_a.json).

    When
    ----
    - its bytes are decoded.

    Then
    ----
    - integers in range, strings, arrays, text-keyed maps, booleans and null decode to the RFC's
      value; floats, tags, undefined and other simple values, out-of-range integers,
      non-text keys and indefinite lengths are rejected with their codes.
    """
    examples = json.loads((DATA / "cbor-rfc8949-appendix-a.json").read_text())
    assert len(examples) == 82
    for index, example in enumerate(examples):
        expectation = appendix_a_expectation(example)
        case = f"example_{index:02d}"
        note = f"RFC 8949 Appendix A example {index}: {example['hex']}"
        if isinstance(expectation, ErrorCode):
            refuse(fill, case, example["hex"], expectation, flags=["RFC8949_APPENDIX_A"], note=note)
        else:
            accept(fill, case, example["hex"], expectation, flags=["RFC8949_APPENDIX_A"], note=note)


@clauses("AIN-ENC-LIMITS.1")
def test_nesting_depth_64_and_65_in_maps_and_mixed(fill: Filler) -> None:
    """
    The depth limit counts maps and arrays alike, taken exactly on both sides.

    Given
    -----
    - 64 nested single-entry maps (the innermost empty), and 64 levels alternating array and
      map; the same with one more array inside.

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - 64 levels decode; 65 are rejected with ENCODING_TOO_DEEP.
    """
    maps: CborValue = {}
    for _ in range(63):
        maps = {"a": maps}
    accept(fill, "maps_depth_64", "a16161" * 63 + "a0", maps, flags=["LIMIT"])
    mixed: CborValue = []
    mixed_hex = "80"
    for level in range(63):
        mixed = {"a": mixed} if level % 2 else [mixed]
        mixed_hex = ("a16161" if level % 2 else "81") + mixed_hex
    accept(fill, "mixed_depth_64", mixed_hex, mixed, flags=["LIMIT"])
    refuse(
        fill,
        "mixed_depth_65",
        mixed_hex[:-2] + "8180",
        ErrorCode.ENCODING_TOO_DEEP,
        flags=["LIMIT"],
    )


@clauses("AIN-ENC-LIMITS.1", "AIN-ENC-CANONICAL.1")
def test_size_limit_taken_exactly(fill: Filler) -> None:
    """
    The size limit is checked first and only above 1,048,576 bytes.

    Given
    -----
    - exactly 1,048,576 bytes: a byte string of 1,048,570 zero bytes, then one trailing byte;
    - exactly 1,048,577 bytes: a byte string head declaring 1,048,572 bytes, then that many.

    When
    ----
    - the bytes are decoded (the zeros come from input.append_zero_bytes).

    Then
    ----
    - the first is read whole and rejected with ENCODING_TRAILING_BYTES (a client that refuses
      at the limit itself says ENCODING_TOO_LARGE); the second is rejected with
      ENCODING_TOO_LARGE before it is read.
    """
    fill(
        "encoding",
        "decode",
        {"bytes": "5a000ffffa", "append_zero_bytes": 1_048_571},
        rejection=ErrorCode.ENCODING_TRAILING_BYTES,
        case="at_limit",
        flags=["LIMIT"],
        pin_location=True,
    )
    fill(
        "encoding",
        "decode",
        {"bytes": "5a000ffffc", "append_zero_bytes": 1_048_572},
        rejection=ErrorCode.ENCODING_TOO_LARGE,
        case="one_over",
        flags=["LIMIT"],
        pin_location=True,
    )


@clauses("AIN-ENC-MAP-ORDER.1", "AIN-ENC-TEXT.1")
def test_key_order_is_utf8_not_utf16(fill: Filler) -> None:
    """
    Keys are ordered by their UTF-8 encodings, which UTF-16 code units order differently.

    Given
    -----
    - the keys "\\uff61a" (UTF-8 efbda161) and "\\U00010000" (UTF-8 f0908080): equal UTF-8
      length, but in UTF-16 the surrogate d800 sorts below ff61;
    - the keys "abc" (3 bytes) and "\\U00010000" (4 bytes, but 2 UTF-16 units, 1 code point).

    When
    ----
    - each map is decoded in UTF-8 order, and in the order a UTF-16 or code-point-length
      comparison would give.

    Then
    ----
    - UTF-8 order is accepted; the other order is rejected with ENCODING_UNSORTED_KEYS.
    """
    accept(
        fill,
        "same_length_utf8_order",
        "a264efbda1610164f090808002",
        {"\uff61a": 1, "\U00010000": 2},
    )
    refuse(
        fill,
        "same_length_utf16_order",
        "a264f09080800264efbda16101",
        ErrorCode.ENCODING_UNSORTED_KEYS,
    )
    accept(fill, "utf8_length_first", "a2636162630164f090808002", {"abc": 1, "\U00010000": 2})
    refuse(
        fill,
        "code_point_length_first",
        "a264f0908080026361626301",
        ErrorCode.ENCODING_UNSORTED_KEYS,
    )


@clauses("AIN-ENC-TEXT.1", "AIN-ENC-WELLFORMED.1")
def test_text_length_counts_utf8_bytes(fill: Filler) -> None:
    """
    A text string's length is its count of UTF-8 bytes, not of code points or UTF-16 units.

    Given
    -----
    - "\\U00010000" with length 4 (its UTF-8 bytes); the same bytes with length 2 (its UTF-16
      units) and 1 (its code points), followed by nothing else.

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - length 4 gives the text; length 2 cuts the character (ENCODING_INVALID_UTF8); length 1
      too.
    """
    accept(fill, "utf8_bytes", "64f0908080", "\U00010000")
    refuse(fill, "utf16_units", "62f0908080", ErrorCode.ENCODING_INVALID_UTF8)
    refuse(fill, "code_points", "61f0908080", ErrorCode.ENCODING_INVALID_UTF8)


@clauses("AIN-ENC-MAP-KEYS.1", "AIN-ENC-CANONICAL.1")
def test_every_key_is_checked_for_type(fill: Filler) -> None:
    """
    The key-type check applies to every key of a map, and comes before the order check.

    Given
    -----
    - {"a": 1} followed by an integer key (which also sorts below "a");
    - {"a": 1} followed by an array key (which sorts above "a");
    - three entries whose third key is a byte string.

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - each is rejected with ENCODING_KEY_NOT_TEXT (not ENCODING_UNSORTED_KEYS, not accepted).
    """
    code = ErrorCode.ENCODING_KEY_NOT_TEXT
    refuse(fill, "second_key_integer_below", "a261610101f6", code)
    refuse(fill, "second_key_array_above", "a261610180f6", code)
    refuse(fill, "third_key_bytes", "a3616101616202416301", code)


@clauses("AIN-ENC-CANONICAL.1", "AIN-ENC-TYPES.2", "AIN-ENC-WELLFORMED.1")
def test_type_checks_come_before_the_argument_bytes(fill: Filler) -> None:
    """
    Tags, floats and indefinite lengths are refused from the initial byte alone.

    Given
    -----
    - a tag head whose 1, 2 or 8 argument bytes are missing; a float head with no bytes after
      it; an indefinite byte string with nothing after it;
    - for contrast, a simple-value head and a negative-integer head missing their argument.

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - the tags are rejected with ENCODING_TAG_NOT_ALLOWED, the float with
      ENCODING_FLOAT_NOT_ALLOWED, the indefinite string with ENCODING_INDEFINITE_LENGTH (none
      with ENCODING_TRUNCATED); the simple value and the integer with ENCODING_TRUNCATED.
    """
    refuse(fill, "tag_one_byte_argument_missing", "d8", ErrorCode.ENCODING_TAG_NOT_ALLOWED)
    refuse(fill, "tag_two_byte_argument_missing", "d9", ErrorCode.ENCODING_TAG_NOT_ALLOWED)
    refuse(fill, "tag_eight_byte_argument_cut", "db0000", ErrorCode.ENCODING_TAG_NOT_ALLOWED)
    refuse(fill, "tag_without_content", "8201c0", ErrorCode.ENCODING_TAG_NOT_ALLOWED)
    refuse(fill, "double_cut", "fb00", ErrorCode.ENCODING_FLOAT_NOT_ALLOWED)
    refuse(fill, "indefinite_alone", "5f", ErrorCode.ENCODING_INDEFINITE_LENGTH)
    refuse(fill, "simple_argument_missing", "f8", ErrorCode.ENCODING_TRUNCATED)
    refuse(fill, "negative_argument_cut", "3b00", ErrorCode.ENCODING_TRUNCATED)


@clauses("AIN-ENC-SHORTEST.1", "AIN-ENC-CANONICAL.1")
def test_shortest_heads_at_each_width_before_a_later_violation(fill: Filler) -> None:
    """
    An argument at the low edge of each head width is canonical: a decoder that misplaces an
    edge names the wrong item when a later item breaks a rule.

    Given
    -----
    - arrays holding an integer, a byte-string length or a negative integer at the smallest
      argument of a width (24, 256, 65536, 2**32) and just above it (511, 131071), then
      undefined (f7).

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - each is rejected with ENCODING_SIMPLE_NOT_ALLOWED (the later item), not
      ENCODING_NON_SHORTEST_FORM.
    """
    code = ErrorCode.ENCODING_SIMPLE_NOT_ALLOWED
    for case, head_hex in (
        ("uint_24", "1818"),
        ("uint_256", "190100"),
        ("uint_511", "1901ff"),
        ("uint_65536", "1a00010000"),
        ("uint_131071", "1a0001ffff"),
        ("uint_2_pow_32", "1b0000000100000000"),
        ("negative_257", "390100"),
        ("negative_65537", "3a00010000"),
        ("bytes_length_24", "5818" + "00" * 24),
        ("text_length_256", "790100" + "61" * 256),
    ):
        refuse(fill, case, "82" + head_hex + "f7", code, flags=["LIMIT"])


@clauses("AIN-ENC-TYPES.2", "AIN-ENC-INT.1")
def test_bignums_inside_containers_are_tags(fill: Filler) -> None:
    """
    A bignum is refused wherever it stands, even where its value would be an integer out of range.

    Given
    -----
    - the bignum 2**64 (tag 2) as a map value and as an array element; the negative bignum
      -2**64 - 1 (tag 3) as a map value.

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - they are rejected with ENCODING_TAG_NOT_ALLOWED.
    """
    code = ErrorCode.ENCODING_TAG_NOT_ALLOWED
    refuse(fill, "map_value", "a16161c249010000000000000000", code)
    refuse(fill, "array_element", "8201c249010000000000000000", code)
    refuse(fill, "negative_map_value", "a16161c349010000000000000000", code)


@clauses("AIN-ENC-WELLFORMED.1", "AIN-ENC-LIMITS.1", "AIN-ENC-CANONICAL.1")
def test_the_walk_at_its_edges(fill: Filler) -> None:
    """
    Contents cut short by one byte, and a violation found at the deepest allowed level.

    Given
    -----
    - a byte string of length 1 with no content; the same at offset 3 of an array; a text of
      length 3 with 2 bytes of content;
    - 64 nested arrays whose innermost holds undefined (f7); 33 nested arrays whose innermost
      holds undefined.

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - the cut strings are rejected with ENCODING_TRUNCATED (not ENCODING_TRAILING_BYTES);
      the nested arrays with ENCODING_SIMPLE_NOT_ALLOWED (depth 64 is allowed, and each
      array counts one level).
    """
    refuse(fill, "bytes_missing_one", "41", ErrorCode.ENCODING_TRUNCATED, flags=["MALFORMED"])
    refuse(fill, "bytes_in_array", "820141", ErrorCode.ENCODING_TRUNCATED, flags=["MALFORMED"])
    refuse(fill, "text_missing_one", "636161", ErrorCode.ENCODING_TRUNCATED, flags=["MALFORMED"])
    code = ErrorCode.ENCODING_SIMPLE_NOT_ALLOWED
    refuse(fill, "undefined_at_depth_64", "81" * 64 + "f7", code, flags=["LIMIT"])
    refuse(fill, "undefined_at_depth_33", "81" * 33 + "f7", code)


@clauses("AIN-ENC-MAP-ORDER.1", "AIN-ENC-INT.1", "AIN-ENC-CANONICAL.1")
def test_edges_the_fast_path_must_keep(fill: Filler) -> None:
    """
    The empty key first, and large non-negative integers before a later violation.

    Given
    -----
    - the map {"": 1, "a": 2} (the empty key sorts first);
    - [2**63, undefined] and [2**64 - 1, undefined]: major type 0 may hold up to 2**64 - 1.

    When
    ----
    - the bytes are decoded.

    Then
    ----
    - the map decodes; the arrays are rejected with ENCODING_SIMPLE_NOT_ALLOWED (not
      ENCODING_INTEGER_OUT_OF_RANGE).
    """
    accept(fill, "empty_key_first", "a260016161 02".replace(" ", ""), {"": 1, "a": 2})
    code = ErrorCode.ENCODING_SIMPLE_NOT_ALLOWED
    refuse(fill, "uint_2_pow_63", "821b8000000000000000f7", code, flags=["LIMIT"])
    refuse(fill, "uint_max", "821bfffffffffffffffff7", code, flags=["LIMIT"])
