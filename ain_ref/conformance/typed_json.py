"""
Typed JSON: how vectors write values of the canonical encoding's data model.

Spec: spec/encoding.md, "Values in vectors".
Layer: conformance. Imports encoding.
"""

from __future__ import annotations

import re
from typing import Any, TypeAlias

from ain_ref.encoding import CborValue

Json: TypeAlias = Any
"""A value parsed from, or about to be written as, JSON."""
JsonObject: TypeAlias = dict[str, Any]
"""A JSON object."""


class HandlerInputError(ValueError):
    """A vector input that is not well-formed for its handler: a harness error, not a verdict."""


def to_typed_json(value: CborValue) -> Json:
    """Write a data-model value as typed JSON (spec/encoding.md, "Values in vectors")."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, bytes):
        return {"bytes": value.hex()}
    if isinstance(value, list):
        return [to_typed_json(item) for item in value]
    return {"map": {key: to_typed_json(item) for key, item in sorted(value.items())}}


def from_typed_json(document: Json) -> CborValue:
    """
    Read typed JSON back into a data-model value.

    Raises
    ------
    HandlerInputError
        When the document is not typed JSON (a JSON number, an unknown wrapper, bad hex).
    """
    if document is None or isinstance(document, bool | str):
        return document
    if isinstance(document, list):
        return [from_typed_json(item) for item in document]
    if isinstance(document, dict) and len(document) == 1:
        ((wrapper, inner),) = document.items()
        if wrapper == "int" and isinstance(inner, str):
            return parse_decimal(inner, "int")
        if wrapper == "bytes" and isinstance(inner, str):
            return parse_hex(inner, "bytes")
        if wrapper == "map" and isinstance(inner, dict):
            return {key: from_typed_json(item) for key, item in inner.items()}
    raise HandlerInputError(f"not typed JSON: {document!r:.80}")


HEX_PATTERN = re.compile(r"(?:[0-9a-f]{2})*")
"""Lowercase hex of whole bytes, nothing else (``bytes.fromhex`` alone would skip spaces)."""


def parse_hex(text: object, field: str) -> bytes:
    """
    Read lowercase hex, the vectors' form of bytes; anything else is a harness error.

    References
    ----------
    [AIN-CONF-MALFORMED.2] Odd length, or a character outside ``0-9a-f``, is malformed.
    """
    if not isinstance(text, str) or not HEX_PATTERN.fullmatch(text):
        raise HandlerInputError(f"{field}: expected lowercase hex of whole bytes, got {text!r:.80}")
    return bytes.fromhex(text)


DECIMAL_PATTERN = re.compile(r"-?(0|[1-9][0-9]*)")
"""The plain decimal form: an optional `-`, ASCII digits, no leading zero (spec/encoding.md)."""


def parse_decimal(text: object, field: str) -> int:
    """
    Read an integer written as a decimal string (JSON numbers lose precision above 2**53).

    Only ASCII digits count (``str.isdigit`` would take ``"²"`` or Arabic-Indic digits), and
    ``"-0"`` is not plain; anything else is a harness error, never a bare ``ValueError``.
    """
    if not isinstance(text, str) or not DECIMAL_PATTERN.fullmatch(text) or text == "-0":
        raise HandlerInputError(f"{field}: expected a plain decimal string, got {text!r:.80}")
    return int(text)


def field(document: JsonObject, name: str) -> Json:
    """Fetch a required field of a handler input."""
    if not isinstance(document, dict) or name not in document:
        raise HandlerInputError(f"missing field {name!r}")
    return document[name]


def text_of(document: JsonObject, name: str) -> str:
    """A required text field of a handler input; anything else is a harness error."""
    value = field(document, name)
    if not isinstance(value, str):
        raise HandlerInputError(f"{name}: expected a string, got {value!r:.80}")
    return value


def list_of(document: JsonObject, name: str) -> list[Json]:
    """A required list field of a handler input."""
    value = field(document, name)
    if not isinstance(value, list):
        raise HandlerInputError(f"{name}: expected a list, got {value!r:.80}")
    return value


def object_of(value: Json, name: str) -> JsonObject:
    """A JSON object, or a harness error naming ``name``."""
    if not isinstance(value, dict):
        raise HandlerInputError(f"{name}: expected an object, got {value!r:.80}")
    return value


def hex_of(document: JsonObject, name: str) -> bytes:
    """A required lowercase-hex field of a handler input, as bytes."""
    return parse_hex(field(document, name), name)


def decimal_of(document: JsonObject, name: str) -> int:
    """A required decimal-string field of a handler input, as an integer."""
    return parse_decimal(field(document, name), name)


def hex_or_null(value: bytes | None) -> str | None:
    """Bytes as lowercase hex for an output, or JSON null."""
    return None if value is None else value.hex()


def json_equal(left: Json, right: Json) -> bool:
    """
    Equality of two JSON values with their types: ``1`` is not ``true``, ``1.0`` is not ``1``.

    Python's ``==`` says ``1 == True == 1.0``; the protocol's values are JSON, where a number, a
    boolean and a float are different things.

    References
    ----------
    [AIN-CONF-VERDICT.2] Outputs are compared type-exactly as JSON values.
    """
    pending = [(left, right)]
    while pending:
        first, second = pending.pop()
        if type(first) is not type(second):
            return False
        if isinstance(first, dict):
            if first.keys() != second.keys():
                return False
            pending.extend((first[key], second[key]) for key in first)
        elif isinstance(first, list):
            if len(first) != len(second):
                return False
            pending.extend(zip(first, second, strict=True))
        elif first != second:
            return False
    return True


def json_depth(value: Json) -> int:
    """The nesting depth of a JSON value (a scalar is 0), without recursion."""
    deepest = 0
    pending = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            pending.extend((child, depth + 1) for child in item.values())
            deepest = max(deepest, depth + 1)
        elif isinstance(item, list):
            pending.extend((child, depth + 1) for child in item)
            deepest = max(deepest, depth + 1)
    return deepest
