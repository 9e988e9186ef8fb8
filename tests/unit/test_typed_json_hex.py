"""The vectors' hex form: lowercase pairs only, for every handler ([AIN-CONF-MALFORMED.2])."""

from __future__ import annotations

import pytest

from ain_ref.conformance.typed_json import HandlerInputError, parse_hex


@pytest.mark.parametrize("text", ["", "00", "0aff", "deadbeef"])
def test_lowercase_pairs_are_read(text: str) -> None:
    """[AIN-CONF-MALFORMED.2] Whole bytes of 0-9a-f read as those bytes."""
    assert parse_hex(text, "field") == bytes.fromhex(text)


MALFORMED: tuple[object, ...] = ("0", "AA", "0A", "aa  bb", " aabb ", "aa\n\nbb", "aa bb", "zz", 7)


@pytest.mark.parametrize("text", MALFORMED)
def test_anything_else_is_malformed(text: object) -> None:
    """[AIN-CONF-MALFORMED.2] Odd length, capitals and spaces (which bytes.fromhex would skip)
    are harness errors, never bytes."""
    with pytest.raises(HandlerInputError):
        parse_hex(text, "field")
