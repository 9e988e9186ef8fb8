"""Fillers for seeded values: the project's own generator, independent of Hypothesis."""

from __future__ import annotations

from ain_ref.conformance.typed_json import to_typed_json
from ain_ref.encoding import encode_plain
from ain_ref.vectors.filler import Filler, clauses
from ain_ref.vectors.seeded import SeededStream, seeded_value


@clauses("AIN-ENC-ENCODE.2", "AIN-ENC-CANONICAL.1", "AIN-ENC-MAP-ORDER.1")
def test_seeded_values_round_trip(fill: Filler) -> None:
    """
    Values drawn by the seeded generator encode to their plain encoding and decode back.

    Given
    -----
    - 24 values drawn from SeededStream(b"ain-ref/encoding/seeded/v1"): scalars at every head
      width, text with multi-byte characters, nested arrays and text-keyed maps.

    When
    ----
    - each value is encoded, and its bytes decoded.

    Then
    ----
    - the bytes are the plain encoder's, and decoding gives the value back.
    """
    stream = SeededStream(b"ain-ref/encoding/seeded/v1")
    for index in range(24):
        value = seeded_value(stream)
        encoded = encode_plain(value).hex()
        fill(
            "encoding",
            "encode",
            {"value": to_typed_json(value)},
            output={"bytes": encoded},
            case=f"{index:02d}",
            flags=["SEEDED_RANDOM"],
        )
        fill(
            "encoding",
            "decode",
            {"bytes": encoded},
            output={"value": to_typed_json(value)},
            case=f"{index:02d}",
            flags=["SEEDED_RANDOM"],
        )
