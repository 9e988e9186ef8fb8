"""
An economy call: who calls, at which block time, with which fields; and the field readers.

Spec: spec/economy.md, "Transactions" ([AIN-ECON-TX-FORMAT.2]).
Layer: economy. Imports errors, crypto (address text) and economy.units.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

import attrs

from ain_ref.crypto import ADDRESS_TEXT_LENGTH, parse_address
from ain_ref.economy.units import is_amount
from ain_ref.errors import ErrorCode, Rejection

ID_MAX_LENGTH: Final = 64
ID_PATTERN: Final = re.compile("[A-Za-z0-9_-]{1,64}")
"""IDs are 1 .. 64 ASCII letters, digits, "_" or "-": each is a state path label as it stands."""


@attrs.frozen
class Call:
    """One economy call as its transition sees it: caller, block time, fields, its origin."""

    caller: str
    time: int
    fields: Mapping[str, object]
    origin: bytes = bytes(32)
    """The hash of the transaction that made the call ([AIN-TX-ID.1])."""


def malformed(name: str, detail: str) -> Rejection:
    """The rejection of a missing or ill-typed field [AIN-ECON-TX-FORMAT.2]."""
    return Rejection(ErrorCode.ECON_MALFORMED, f"{name}: {detail}")


def read_amount(call: Call, name: str) -> int | Rejection:
    """A required integer field in 0 .. 2**64 - 1."""
    value = call.fields.get(name)
    if not is_amount(value):
        return malformed(name, f"expected an integer in 0..2**64-1, got {value!r:.40}")
    assert isinstance(value, int)
    return value


def read_text(call: Call, name: str, max_length: int = ID_MAX_LENGTH) -> str | Rejection:
    """A required text field of 1 .. ``max_length`` code points."""
    value = call.fields.get(name)
    if not isinstance(value, str) or not 1 <= len(value) <= max_length:
        return malformed(name, f"expected text of 1..{max_length} code points")
    return value


def read_id(call: Call, name: str) -> str | Rejection:
    """A required ID field [AIN-ECON-TX-FORMAT.2]: ID_PATTERN, so a path label."""
    value = call.fields.get(name)
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        return malformed(name, "expected 1..64 of A-Z a-z 0-9 _ -")
    return value


def read_bytes(call: Call, name: str) -> bytes | Rejection:
    """A required byte-string field."""
    value = call.fields.get(name)
    if not isinstance(value, bytes):
        return malformed(name, "expected bytes")
    return value


@attrs.frozen
class Fields:
    """The fields of a call, read and checked, by kind."""

    texts: Mapping[str, str]
    amounts: Mapping[str, int]
    byte_strings: Mapping[str, bytes]


def read_fields(call: Call, layout: tuple[tuple[str, str], ...]) -> Fields | Rejection:
    """
    Read every field of a layout, in order; the first bad one is the rejection.

    ``layout`` lists (name, kind) with kind "text", "address", "amount" or "bytes"
    [AIN-ECON-TX-FORMAT.2].
    """
    texts: dict[str, str] = {}
    amounts: dict[str, int] = {}
    byte_strings: dict[str, bytes] = {}
    for name, kind in layout:
        if kind == "text":
            text = read_id(call, name)
            if isinstance(text, Rejection):
                return text
            texts[name] = text
        elif kind == "address":
            text = read_text(call, name, ADDRESS_TEXT_LENGTH)
            if isinstance(text, Rejection):
                return text
            if isinstance(parse_address(text), Rejection):
                return malformed(name, "not an address")
            texts[name] = text
        elif kind == "amount":
            amount = read_amount(call, name)
            if isinstance(amount, Rejection):
                return amount
            amounts[name] = amount
        else:
            value = read_bytes(call, name)
            if isinstance(value, Rejection):
                return value
            byte_strings[name] = value
    return Fields(texts, amounts, byte_strings)
