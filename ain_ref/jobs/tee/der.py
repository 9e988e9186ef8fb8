"""
DER elements (ITU-T X.690) as the certificate reader of TEE evidence takes them.

Only what an X.509 certificate of the chain needs: one-byte identifiers, definite shortest
lengths, and the contents of INTEGER, BOOLEAN, BIT STRING and OBJECT IDENTIFIER. Every refusal
raises ``DerError``, which the certificate reader turns into TEE_CERT_MALFORMED; no library
decides what parses.

Spec: spec/tee.md, "The certificate chain" ([AIN-TEE-CHAIN-DER.1]).
Layer: jobs (tee). Imports nothing of ain_ref.
"""

from __future__ import annotations

from typing import Final

import attrs

SEQUENCE: Final = 0x30
INTEGER: Final = 0x02
BOOLEAN: Final = 0x01
BIT_STRING: Final = 0x03
OCTET_STRING: Final = 0x04
OBJECT_IDENTIFIER: Final = 0x06
UTC_TIME: Final = 0x17
GENERALIZED_TIME: Final = 0x18
HIGH_TAG_NUMBER: Final = 0x1F
MAX_LENGTH_BYTES: Final = 4


class DerError(Exception):
    """Bytes that are not the DER the chain reader admits [AIN-TEE-CHAIN-DER.1]."""


@attrs.frozen
class Element:
    """One DER element: its identifier byte, its content, and its whole encoding."""

    tag: int
    content: bytes
    encoded: bytes


def read_length(data: bytes, offset: int) -> tuple[int, int]:
    """
    A definite length in its shortest form, and the offset after it.

    References
    ----------
    [AIN-TEE-CHAIN-DER.1] 00..7f is the length; 81..84 is followed by 1..4 bytes of length,
    at least 128 and without a leading zero byte; 80 and 85..ff are refused.
    """
    if offset >= len(data):
        raise DerError("truncated length")
    first = data[offset]
    if first < 0x80:
        return first, offset + 1
    count = first & 0x7F
    if not 1 <= count <= MAX_LENGTH_BYTES or offset + 1 + count > len(data):
        raise DerError("indefinite, too long or truncated length")
    raw = data[offset + 1 : offset + 1 + count]
    length = int.from_bytes(raw, "big")
    if raw[0] == 0 or length < 0x80:
        raise DerError("length not in its shortest form")
    return length, offset + 1 + count


def read_element(data: bytes, offset: int) -> tuple[Element, int]:
    """
    The element starting at ``offset`` and the offset after it.

    References
    ----------
    [AIN-TEE-CHAIN-DER.1] One identifier byte (low five bits not 11111), a length, and
    exactly that many content bytes inside the enclosing bytes.
    """
    if offset >= len(data):
        raise DerError("truncated identifier")
    tag = data[offset]
    if tag & HIGH_TAG_NUMBER == HIGH_TAG_NUMBER:
        raise DerError("high tag number form")
    length, start = read_length(data, offset + 1)
    end = start + length
    if end > len(data):
        raise DerError("content runs past its container")
    return Element(tag, data[start:end], data[offset:end]), end


def read_elements(data: bytes) -> list[Element]:
    """Every element of ``data``, which they must fill exactly [AIN-TEE-CHAIN-DER.1]."""
    elements = []
    offset = 0
    while offset < len(data):
        element, offset = read_element(data, offset)
        elements.append(element)
    return elements


def read_single(data: bytes, tag: int) -> Element:
    """``data`` as exactly one element of identifier ``tag`` [AIN-TEE-CHAIN-DER.1]."""
    element, end = read_element(data, 0)
    if end != len(data):
        raise DerError("bytes after the element")
    expect_tag(element, tag)
    return element


def expect_tag(element: Element, tag: int) -> Element:
    """The element, when its identifier is ``tag``."""
    if element.tag != tag:
        raise DerError(f"identifier {element.tag:#04x}, expected {tag:#04x}")
    return element


def integer_value(element: Element) -> int:
    """
    A signed INTEGER in its shortest form.

    References
    ----------
    [AIN-TEE-CHAIN-DER.1] At least one content byte; no leading 00 before a byte below 80,
    no leading ff before a byte of 80 or more.
    """
    content = expect_tag(element, INTEGER).content
    if not content:
        raise DerError("empty INTEGER")
    if len(content) > 1 and (
        (content[0] == 0x00 and content[1] < 0x80) or (content[0] == 0xFF and content[1] >= 0x80)
    ):
        raise DerError("INTEGER not in its shortest form")
    return int.from_bytes(content, "big", signed=True)


def bit_string_bytes(element: Element) -> bytes:
    """
    The bits of a BIT STRING without unused bits (first content byte 00), as bytes.

    References
    ----------
    [AIN-TEE-CHAIN-DER.1]
    """
    content = expect_tag(element, BIT_STRING).content
    if not content or content[0] != 0:
        raise DerError("BIT STRING with unused bits")
    return content[1:]


def check_true(element: Element) -> None:
    """A BOOLEAN that is TRUE in DER: the one content byte ff [AIN-TEE-CHAIN-DER.1]."""
    if expect_tag(element, BOOLEAN).content != b"\xff":
        raise DerError("BOOLEAN other than ff (FALSE is the default and is omitted)")


def check_object_identifier(element: Element) -> bytes:
    """
    An OBJECT IDENTIFIER's content bytes.

    At least one byte, the last below 80, no subidentifier starting with 80.

    References
    ----------
    [AIN-TEE-CHAIN-DER.1]
    """
    content = expect_tag(element, OBJECT_IDENTIFIER).content
    if not content or content[-1] & 0x80:
        raise DerError("empty or unterminated OBJECT IDENTIFIER")
    for position, byte in enumerate(content):
        starts = position == 0 or not content[position - 1] & 0x80
        if starts and byte == 0x80:
            raise DerError("OBJECT IDENTIFIER subidentifier not in its shortest form")
    return content
