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


@clauses("AIN-ENC-ENCODE.1", "AIN-ENC-SHORTEST.1", "AIN-ENC-INT.1")
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


@clauses("AIN-ENC-ENCODE.1", "AIN-ENC-MAP-ORDER.1")
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


@clauses("AIN-ENC-ENCODE.1", "AIN-ENC-TYPES.1", "AIN-ENC-TEXT.1")
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
