"""
Operations: their shapes, read from a decoded transaction into typed values.

Spec: spec/state.md, "Operations" ([AIN-STATE-OPERATION.1], [AIN-STATE-SET.1]).
Layer: state. Imports encoding, errors, state.paths, state.labels, state.values.
"""

from __future__ import annotations

from typing import Final

import attrs

from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.state.labels import Subtree
from ain_ref.state.paths import StatePath, parse_path
from ain_ref.state.values import check_state_value

MAX_OPERATION_LIST: Final = 50
"""A SET holds 1 to 50 operations [AIN-STATE-SET.1]."""


@attrs.frozen
class SetValue:
    """Replace the subtree at a /values path; null deletes [AIN-STATE-REPLACE.1]."""

    path: StatePath
    value: CborValue


@attrs.frozen
class IncValue:
    """Add a delta to the integer at a /values path [AIN-STATE-INC.1]."""

    path: StatePath
    delta: int


@attrs.frozen
class DecValue:
    """Subtract a delta from the integer at a /values path [AIN-STATE-DEC.1]."""

    path: StatePath
    delta: int


@attrs.frozen
class SetRule:
    """Merge a change into the rule config at a /rules path [AIN-STATE-CONFIG-MERGE.1]."""

    path: StatePath
    change: CborValue


@attrs.frozen
class SetOwner:
    """Merge a change into the owner config at an /owners path [AIN-STATE-CONFIG-MERGE.1]."""

    path: StatePath
    change: CborValue


@attrs.frozen
class SetFunction:
    """Merge a change into the function config at a /functions path [AIN-STATE-CONFIG-MERGE.1]."""

    path: StatePath
    change: CborValue


@attrs.frozen
class SetList:
    """Apply operations in order, all or nothing [AIN-STATE-SET.1]."""

    operations: tuple[Operation, ...]


Operation = SetValue | IncValue | DecValue | SetRule | SetOwner | SetFunction | SetList

SINGLE_OPERATION_FIELDS: Final = frozenset({"type", "ref", "value"})
SET_FIELDS: Final = frozenset({"type", "op_list"})
SUBTREE_OF_TYPE: Final = {
    "SET_VALUE": Subtree.VALUES,
    "INC_VALUE": Subtree.VALUES,
    "DEC_VALUE": Subtree.VALUES,
    "SET_RULE": Subtree.RULES,
    "SET_OWNER": Subtree.OWNERS,
    "SET_FUNCTION": Subtree.FUNCTIONS,
}


def malformed(detail: str) -> Rejection:
    """An OPERATION_MALFORMED rejection."""
    return Rejection(ErrorCode.OPERATION_MALFORMED, detail)


def parse_operation(raw: CborValue, nested: bool = False) -> Operation | Rejection:
    """
    Read one operation.

    Parameters
    ----------
    raw : CborValue
        The decoded operation: {"type", "ref", "value"}, or {"type": "SET", "op_list"}.
    nested : bool
        True inside a SET's list, where SET is not allowed.

    Returns
    -------
    Operation | Rejection
        The typed operation, or the first rule broken.

    References
    ----------
    [AIN-STATE-OPERATION.1] A map with a known type and exactly its fields; the ref is a path
    of the type's subtree; INC_VALUE and DEC_VALUE carry an integer; SET_VALUE a state value.
    [AIN-STATE-SET.1] A SET holds 1 to 50 operations, none of them a SET.
    """
    if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
        return malformed("an operation is a map with a type")
    kind = raw["type"]
    # [AIN-STATE-SET.1] A member whose type is SET is refused on its type, before its fields.
    if kind == "SET" and nested:
        return Rejection(ErrorCode.OPERATION_LIST_INVALID, "a SET inside a SET")
    if kind == "SET":
        return parse_set_list(raw)
    if kind not in SUBTREE_OF_TYPE:
        return malformed(f"unknown type {kind!r:.40}")
    if raw.keys() != SINGLE_OPERATION_FIELDS:
        return malformed(f"{kind} has exactly the fields type, ref, value")
    path = parse_path(raw["ref"], SUBTREE_OF_TYPE[kind])
    if isinstance(path, Rejection):
        return path
    value = raw["value"]
    if kind in ("INC_VALUE", "DEC_VALUE"):
        if type(value) is not int:
            return malformed(f"{kind} takes an integer delta")
        return IncValue(path, value) if kind == "INC_VALUE" else DecValue(path, value)
    if kind == "SET_VALUE":
        rejection = check_state_value(value, len(path.labels))
        return rejection if rejection is not None else SetValue(path, value)
    if kind == "SET_RULE":
        return SetRule(path, value)
    if kind == "SET_OWNER":
        return SetOwner(path, value)
    return SetFunction(path, value)


def parse_set_list(raw: dict[str, CborValue]) -> SetList | Rejection:
    """Read a top-level SET: its fields, then its list of operations [AIN-STATE-SET.1]."""
    if raw.keys() != SET_FIELDS:
        return malformed("SET has exactly the fields type, op_list")
    operations = raw["op_list"]
    if not isinstance(operations, list) or not 1 <= len(operations) <= MAX_OPERATION_LIST:
        return Rejection(ErrorCode.OPERATION_LIST_INVALID, "op_list holds 1 to 50 operations")
    parsed: list[Operation] = []
    for raw_operation in operations:
        operation = parse_operation(raw_operation, nested=True)
        if isinstance(operation, Rejection):
            return operation
        parsed.append(operation)
    return SetList(tuple(parsed))
