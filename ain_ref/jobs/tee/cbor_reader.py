"""
A bounded reader for the non-canonical CBOR of TEE evidence (COSE headers, attestation documents).

Vendors' evidence is CBOR, but not the protocol's canonical CBOR: integer keys, maps in any
order, heads longer than needed. This reader takes such bytes within stated bounds (item count,
depth, types) and refuses everything else with a code; it never raises for bad bytes. The
strict decoder of ``ain_ref.encoding`` is for canonical bytes only and is not used here.

Spec: spec/tee.md, "The bounded CBOR reader" ([AIN-TEE-CBOR-*]).
Layer: jobs (tee). Imports errors only.
"""

from __future__ import annotations

from typing import Final, TypeAlias

import attrs

from ain_ref.errors import ErrorCode, Rejection

MAX_ITEMS: Final = 256
"""Data items one read may hold, counting every head [AIN-TEE-CBOR-LIMITS.1]."""
MAX_DEPTH: Final = 4
"""Nesting depth: the top item is at depth 1, an item inside a container one deeper."""
SIMPLE_VALUES: Final = {20: False, 21: True, 22: None}
"""The only simple values admitted [AIN-TEE-CBOR-TYPES.1]."""


@attrs.frozen
class Tagged:
    """A tagged data item (major type 6), admitted at the top level only."""

    tag: int
    value: ReadValue


ReadValue: TypeAlias = (
    int | bytes | str | bool | list["ReadValue"] | dict[int | str, "ReadValue"] | Tagged | None
)


class ReadError(Exception):
    """Internal: unwinds a read to ``read_cbor``, which turns it into a rejection."""

    def __init__(self, code: ErrorCode) -> None:
        super().__init__(code)
        self.code = code


@attrs.define
class Cursor:
    """The bytes being read, the offset of the next byte, and the items counted so far."""

    data: bytes
    offset: int = 0
    items: int = 0

    def take(self, count: int) -> bytes:
        """The next ``count`` bytes, or TEE_CBOR_TRUNCATED [AIN-TEE-CBOR-WELLFORMED.1]."""
        end = self.offset + count
        if end > len(self.data):
            raise ReadError(ErrorCode.TEE_CBOR_TRUNCATED)
        chunk = self.data[self.offset : end]
        self.offset = end
        return chunk


def read_cbor(data: bytes) -> ReadValue | Rejection:
    """
    Read exactly one bounded, possibly non-canonical CBOR data item.

    Parameters
    ----------
    data : bytes
        The encoded item.

    Returns
    -------
    ReadValue | Rejection
        The item (maps as dicts keyed by int or str, arrays as lists, a top-level tag as
        ``Tagged``), or the rejection of the first problem met reading left to right.

    References
    ----------
    [AIN-TEE-CBOR-WELLFORMED.1] Truncation and malformed heads.
    [AIN-TEE-CBOR-SINGLE-ITEM.1] Exactly one item, no trailing bytes.
    """
    cursor = Cursor(data)
    try:
        value = read_item(cursor, depth=1)
    except ReadError as error:
        return Rejection(error.code)
    # [AIN-TEE-CBOR-SINGLE-ITEM.1]
    if cursor.offset != len(data):
        return Rejection(ErrorCode.TEE_CBOR_TRAILING_BYTES)
    return value


def read_head(cursor: Cursor, depth: int) -> tuple[int, int, int]:
    """
    Read one head: major type, additional information and argument, checked in order.

    References
    ----------
    [AIN-TEE-CBOR-WELLFORMED.1] Additional information 28..30 is malformed, and so is 31 in
    major types 0, 1, 6 and 7 (a break where an item is expected).
    [AIN-TEE-CBOR-DEFINITE.1] Additional information 31 in major types 2..5 is refused.
    [AIN-TEE-CBOR-LIMITS.1] At most MAX_ITEMS heads per read, depth at most MAX_DEPTH.
    """
    initial = cursor.take(1)[0]
    major_type, additional = initial >> 5, initial & 0x1F
    if 28 <= additional <= 30 or (additional == 31 and major_type not in (2, 3, 4, 5)):
        raise ReadError(ErrorCode.TEE_CBOR_MALFORMED)
    if additional == 31:
        raise ReadError(ErrorCode.TEE_CBOR_INDEFINITE_LENGTH)
    cursor.items += 1
    if cursor.items > MAX_ITEMS:
        raise ReadError(ErrorCode.TEE_CBOR_TOO_MANY_ITEMS)
    if depth > MAX_DEPTH:
        raise ReadError(ErrorCode.TEE_CBOR_TOO_DEEP)
    if additional < 24:
        return major_type, additional, additional
    # Non-shortest arguments are admitted: this CBOR is not canonical.
    width = 1 << (additional - 24)
    return major_type, additional, int.from_bytes(cursor.take(width), "big")


def read_item(cursor: Cursor, depth: int) -> ReadValue:
    """
    Read one data item at a nesting depth.

    References
    ----------
    [AIN-TEE-CBOR-TYPES.1] Major types 0..5; a tag only at the top level; of major type 7
    only false, true and null, written in one byte (f4, f5, f6).
    """
    major_type, additional, argument = read_head(cursor, depth)
    if major_type == 0:
        return argument
    if major_type == 1:
        return -1 - argument
    if major_type == 2:
        return cursor.take(argument)
    if major_type == 3:
        return read_text(cursor, argument)
    if major_type == 4:
        return [read_item(cursor, depth + 1) for _ in range(argument)]
    if major_type == 5:
        return read_map(cursor, argument, depth)
    if major_type == 6 and depth == 1:
        return Tagged(argument, read_item(cursor, depth + 1))
    if major_type == 7 and additional in SIMPLE_VALUES:
        return SIMPLE_VALUES[additional]
    raise ReadError(ErrorCode.TEE_CBOR_TYPE_NOT_ALLOWED)


def read_text(cursor: Cursor, length: int) -> str:
    """A text string's bytes, which must be UTF-8 [AIN-TEE-CBOR-WELLFORMED.1]."""
    raw = cursor.take(length)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ReadError(ErrorCode.TEE_CBOR_MALFORMED) from None


def read_map(cursor: Cursor, count: int, depth: int) -> dict[int | str, ReadValue]:
    """
    Read a map's entries in the order written.

    References
    ----------
    [AIN-TEE-CBOR-TYPES.1] A key is an integer or a text string.
    [AIN-TEE-CBOR-KEYS.1] No two keys are equal in value (1 written in one byte or in two is
    one key); an integer key never equals a text key.
    """
    entries: dict[int | str, ReadValue] = {}
    for _ in range(count):
        key = read_item(cursor, depth + 1)
        if type(key) is not int and type(key) is not str:
            raise ReadError(ErrorCode.TEE_CBOR_TYPE_NOT_ALLOWED)
        if key in entries:
            raise ReadError(ErrorCode.TEE_CBOR_DUPLICATE_KEY)
        entries[key] = read_item(cursor, depth + 1)
    return entries
