"""Fillers for encoding/encode: the one canonical encoding of each value."""

from __future__ import annotations

from ain_ref.conformance.typed_json import to_typed_json
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses


def encodes(fill: Filler, case: str, value: CborValue, hex_bytes: str) -> None:
    """Fill an encode case with its authored canonical bytes."""
    fill(
        "encoding",
        "encode",
        {"value": to_typed_json(value)},
        output={"bytes": hex_bytes},
        case=case,
    )


@clauses("AIN-ENC-ENCODE.2", "AIN-ENC-SHORTEST.1", "AIN-ENC-INT.1")
def test_integers_use_the_shortest_head(fill: Filler) -> None:
    """
    Integers are written with the shortest head, non-negative in major type 0, negative in 1.

    Given
    -----
    - 0, 23, 24, 255, 256, 65536, 2**32, 2**64 - 1, -1, -24, -25, -256, -257, -2**63.

    When
    ----
    - each is encoded.

    Then
    ----
    - the bytes are the shortest head of the right major type.
    """
    encodes(fill, "0", 0, "00")
    encodes(fill, "23", 23, "17")
    encodes(fill, "24", 24, "1818")
    encodes(fill, "255", 255, "18ff")
    encodes(fill, "256", 256, "190100")
    encodes(fill, "65536", 65536, "1a00010000")
    encodes(fill, "2_pow_32", 2**32, "1b0000000100000000")
    encodes(fill, "u64_max", 2**64 - 1, "1bffffffffffffffff")
    encodes(fill, "minus_1", -1, "20")
    encodes(fill, "minus_24", -24, "37")
    encodes(fill, "minus_25", -25, "3818")
    encodes(fill, "minus_256", -256, "38ff")
    encodes(fill, "minus_257", -257, "390100")
    encodes(fill, "i64_min", -(2**63), "3b7fffffffffffffff")


@clauses("AIN-ENC-ENCODE.2", "AIN-ENC-MAP-ORDER.1")
def test_map_entries_follow_encoded_key_order(fill: Filler) -> None:
    """
    Map entries are written in ascending bytewise order of their encoded keys.

    Given
    -----
    - the map {"aa": 1, "b": 2, "Z": 3, "": 4, "é": 5}.

    When
    ----
    - it is encoded.

    Then
    ----
    - the keys come out "", "Z", "b", "aa", "é" (length first, then UTF-8 bytes).
    """
    encodes(
        fill,
        "mixed_keys",
        {"aa": 1, "b": 2, "Z": 3, "": 4, "é": 5},
        "a56004615a036162026261610162c3a905",
    )


@clauses("AIN-ENC-ENCODE.2", "AIN-ENC-TYPES.2", "AIN-ENC-TEXT.1")
def test_scalars_strings_and_containers(fill: Filler) -> None:
    """
    Null, booleans, byte strings, text and nested containers have one encoding each.

    Given
    -----
    - null, false, true, the bytes 00ff, the text "水", and [{"k": [true, null]}, h''].

    When
    ----
    - each is encoded.

    Then
    ----
    - the bytes are f6, f4, f5, 4200ff, 63e6b0b4 and 82a1616b82f5f640.
    """
    encodes(fill, "null", None, "f6")
    encodes(fill, "false", False, "f4")
    encodes(fill, "true", True, "f5")
    encodes(fill, "bytes", b"\x00\xff", "4200ff")
    encodes(fill, "text_utf8", "水", "63e6b0b4")
    encodes(fill, "nested", [{"k": [True, None]}, b""], "82a1616b82f5f640")


@clauses("AIN-ENC-INT.1")
def test_integers_outside_the_range_are_not_encodable(fill: Filler) -> None:
    """
    Integers outside -2**63 .. 2**64 - 1 cannot be encoded.

    Given
    -----
    - the integers 2**64 and -2**63 - 1.

    When
    ----
    - each is offered to the encoder.

    Then
    ----
    - it is rejected with ENCODING_INTEGER_OUT_OF_RANGE.
    """
    for case, value in (("2_pow_64", 2**64), ("i64_min_minus_1", -(2**63) - 1)):
        fill(
            "encoding",
            "encode",
            {"value": to_typed_json(value)},
            rejection=ErrorCode.ENCODING_INTEGER_OUT_OF_RANGE,
            case=case,
            flags=["LIMIT"],
        )


@clauses("AIN-ENC-LIMITS.1")
def test_values_nested_too_deep_are_not_encodable(fill: Filler) -> None:
    """
    Values nested deeper than 64 arrays or maps cannot be encoded.

    Given
    -----
    - 65 nested arrays.

    When
    ----
    - the value is offered to the encoder.

    Then
    ----
    - it is rejected with ENCODING_TOO_DEEP.
    """
    value: CborValue = []
    for _ in range(64):
        value = [value]
    fill(
        "encoding",
        "encode",
        {"value": to_typed_json(value)},
        rejection=ErrorCode.ENCODING_TOO_DEEP,
        flags=["LIMIT"],
    )


@clauses("AIN-ENC-ENCODE.2", "AIN-ENC-MAP-ORDER.1", "AIN-ENC-TEXT.1")
def test_text_and_keys_where_utf8_and_utf16_differ(fill: Filler) -> None:
    """
    Text is written as UTF-8 and keys ordered by it, where UTF-16 would measure and order
    otherwise.

    Given
    -----
    - the text "\\U00010000" (4 UTF-8 bytes, 2 UTF-16 units, 1 code point);
    - the map {"\\U00010000": 2, "\\uff61a": 1}: equal UTF-8 lengths, UTF-8 order efbd.. < f090..,
      UTF-16 order d800 < ff61;
    - the map {"\\U00010000": 2, "abc": 1}: UTF-8 lengths 4 and 3, UTF-16 lengths 2 and 3.

    When
    ----
    - each is encoded.

    Then
    ----
    - the text's head says 4 bytes; "\\uff61a" comes before "\\U00010000", and "abc" before it.
    """
    encodes(fill, "non_bmp_text", "\U00010000", "64f0908080")
    encodes(
        fill,
        "same_length_keys",
        {"\U00010000": 2, "\uff61a": 1},
        "a264efbda1610164f090808002",
    )
    encodes(fill, "utf8_length_keys", {"\U00010000": 2, "abc": 1}, "a2636162630164f090808002")


@clauses("AIN-ENC-ENCODE.2", "AIN-ENC-TEXT.1")
def test_lone_surrogates_are_not_encodable(fill: Filler) -> None:
    """
    A text holding a surrogate code point has no UTF-8 encoding, as a value or as a key.

    Given
    -----
    - the text "\\ud800", the text "a\\udfffb" inside an array, and the map {"\\udc00": 1}.

    When
    ----
    - each is offered to the encoder.

    Then
    ----
    - it is rejected with ENCODING_INVALID_UTF8.
    """
    for case, value in (
        ("text", "\ud800"),
        ("inside_array", [1, "a\udfffb"]),
        ("map_key", {"\udc00": 1}),
    ):
        fill(
            "encoding",
            "encode",
            {"value": to_typed_json(value)},
            rejection=ErrorCode.ENCODING_INVALID_UTF8,
            case=case,
        )


@clauses("AIN-ENC-ENCODE.2", "AIN-ENC-LIMITS.1")
def test_encoder_check_order(fill: Filler) -> None:
    """
    The encoder walks depth first, every key of a map before its values, then values in encoded
    key order, and checks the size last.

    Given
    -----
    - [2**64, "\\ud800"]: the integer comes first;
    - {"b": "\\ud800", "aa": 2**64}: "b" sorts first, so its value is met first;
    - {"\\udc00": 0, "a": 2**64}: a bad key is met before any value;
    - {"x" * 24: 2**64, "y" * 23: "\\ud800"}: the 23-byte key (head 77) sorts before the
      24-byte one (head 78 18); {"a" * 256: "\\ud800", "b" * 255: 2**64}: the 255-byte key
      (head 78 ff) before the 256-byte one (head 79 01 00);
    - [[..64 arrays..]] holding 2**64 at depth 66: the depth is met before the integer;
    - 64 nested arrays, the innermost holding 2**64: depth 64 is allowed, the integer is not.

    When
    ----
    - each is offered to the encoder.

    Then
    ----
    - the codes are ENCODING_INTEGER_OUT_OF_RANGE, ENCODING_INVALID_UTF8, ENCODING_INVALID_UTF8,
      ENCODING_INVALID_UTF8, ENCODING_INTEGER_OUT_OF_RANGE, ENCODING_TOO_DEEP and
      ENCODING_INTEGER_OUT_OF_RANGE.
    """
    deep: CborValue = [2**64]
    for _ in range(65):
        deep = [deep]
    deepest_allowed: CborValue = [2**64]
    for _ in range(63):
        deepest_allowed = [deepest_allowed]
    for case, value, code in (
        ("integer_at_depth_64", deepest_allowed, ErrorCode.ENCODING_INTEGER_OUT_OF_RANGE),
        ("depth_first", [2**64, "\ud800"], ErrorCode.ENCODING_INTEGER_OUT_OF_RANGE),
        ("encoded_key_order", {"b": "\ud800", "aa": 2**64}, ErrorCode.ENCODING_INVALID_UTF8),
        ("keys_before_values", {"\udc00": 0, "a": 2**64}, ErrorCode.ENCODING_INVALID_UTF8),
        (
            "key_order_one_and_two_byte_heads",
            {"x" * 24: 2**64, "y" * 23: "\ud800"},
            ErrorCode.ENCODING_INVALID_UTF8,
        ),
        (
            "key_order_two_and_three_byte_heads",
            {"a" * 256: "\ud800", "b" * 255: 2**64},
            ErrorCode.ENCODING_INTEGER_OUT_OF_RANGE,
        ),
        ("depth_before_integer", deep, ErrorCode.ENCODING_TOO_DEEP),
    ):
        fill(
            "encoding",
            "encode",
            {"value": to_typed_json(value)},
            rejection=code,
            case=case,
        )


@clauses("AIN-ENC-ENCODE.2", "AIN-ENC-LIMITS.1")
def test_encodings_over_the_size_limit_are_refused(fill: Filler) -> None:
    """
    The encoder refuses what the decoder would refuse as too large.

    Given
    -----
    - a byte string of 1,048,572 zero bytes, whose encoding (a 5-byte head, then the bytes) is
      1,048,577 bytes long (input.append_zero_bytes appends the zeros).

    When
    ----
    - it is offered to the encoder.

    Then
    ----
    - it is rejected with ENCODING_TOO_LARGE.
    """
    fill(
        "encoding",
        "encode",
        {"value": {"bytes": ""}, "append_zero_bytes": 1_048_572},
        rejection=ErrorCode.ENCODING_TOO_LARGE,
        flags=["LIMIT"],
    )


@clauses("AIN-ENC-ENCODE.2", "AIN-ENC-LIMITS.1")
def test_values_at_depth_64_encode(fill: Filler) -> None:
    """
    Values nested exactly 64 deep encode, in arrays and in maps.

    Given
    -----
    - 64 nested arrays, and 64 nested single-entry maps (the innermost empty).

    When
    ----
    - each is encoded.

    Then
    ----
    - the bytes are the nested heads, 81.. 80 and a16161.. a0.
    """
    arrays: CborValue = []
    maps: CborValue = {}
    for _ in range(63):
        arrays, maps = [arrays], {"a": maps}
    encodes(fill, "arrays", arrays, "81" * 63 + "80")
    encodes(fill, "maps", maps, "a16161" * 63 + "a0")
    fill(
        "encoding",
        "encode",
        {"value": to_typed_json({"a": maps})},
        rejection=ErrorCode.ENCODING_TOO_DEEP,
        case="maps_65",
        flags=["LIMIT"],
    )


@clauses("AIN-ENC-INT.1", "AIN-ENC-ENCODE.2")
def test_integers_out_of_range_inside_containers(fill: Filler) -> None:
    """
    The integer range holds at every depth, in arrays and in maps.

    Given
    -----
    - 2**64 as a map value, -2**63 - 1 as an array element, and 2**64 in a map inside an array.

    When
    ----
    - each is offered to the encoder.

    Then
    ----
    - it is rejected with ENCODING_INTEGER_OUT_OF_RANGE (never written as a bignum).
    """
    for case, value in (
        ("map_value", {"a": 2**64}),
        ("array_element", [0, -(2**63) - 1]),
        ("map_in_array", [{"a": 1, "b": 2**64}]),
    ):
        fill(
            "encoding",
            "encode",
            {"value": to_typed_json(value)},
            rejection=ErrorCode.ENCODING_INTEGER_OUT_OF_RANGE,
            case=case,
            flags=["LIMIT"],
        )
    encodes(
        fill,
        "edges_in_map",
        {"a": 2**64 - 1, "b": -(2**63)},
        "a261611bffffffffffffffff61623b7fffffffffffffff",
    )


@clauses("AIN-ENC-ENCODE.2", "AIN-ENC-TEXT.1", "AIN-ENC-INT.1")
def test_surrogates_and_edges_inside_containers(fill: Filler) -> None:
    """
    A surrogate is refused as a map value too, and the largest integer is no violation.

    Given
    -----
    - {"a": "\\ud800"}; {"a": "x\\udfff"}; [2**64 - 1, "\\ud800"].

    When
    ----
    - each is offered to the encoder.

    Then
    ----
    - each is rejected with ENCODING_INVALID_UTF8 (2**64 - 1 is in range).
    """
    for case, value in (
        ("map_value", {"a": "\ud800"}),
        ("map_value_after_ascii", {"a": "x\udfff"}),
        ("after_u64_max", [2**64 - 1, "\ud800"]),
    ):
        fill(
            "encoding",
            "encode",
            {"value": to_typed_json(value)},
            rejection=ErrorCode.ENCODING_INVALID_UTF8,
            case=case,
        )
