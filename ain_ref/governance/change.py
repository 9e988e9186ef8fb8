"""
A proposal's change: the parameters it sets, read from the submission and judged.

A change is a map of 1 .. 8 entries indexed "0" .. "n-1", each ``{"parameter": "<area>/<name>",
"value": <value>}``, applied in index order. It is judged over the parameters' current values
exactly as the parameter guard would judge its writes one by one, so a change that passes
here can be written by the enactment step without the guard refusing any write.

Spec: spec/governance.md, "The change" ([AIN-GOV-CHANGE.1], [AIN-GOV-CHANGE-CHECK.1]).
Layer: governance. Imports the platform's parameter registry and errors.
"""

from __future__ import annotations

from typing import Final

from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.platform.params import (
    PARAMETERS,
    ParameterValue,
    Reader,
    check_constraints,
    check_parameter_value,
    parameter_values,
)

MAX_CHANGE_ENTRIES: Final = 8
"""The most parameters one proposal sets."""
ENTRY_FIELDS: Final = frozenset({"parameter", "value"})

Change = tuple[tuple[str, CborValue], ...]
"""(parameter key, value) pairs in the order they are applied."""


def invalid(detail: str) -> Rejection:
    """The rejection of a change of the wrong shape [AIN-GOV-CHANGE.1]."""
    return Rejection(ErrorCode.GOV_CHANGE_INVALID, detail)


def parse_change(value: CborValue) -> Change | Rejection:
    """
    The (parameter, value) pairs of a change, in index order.

    References
    ----------
    [AIN-GOV-CHANGE.1] A map of 1 .. 8 entries whose keys are exactly "0" .. "n-1"; each entry
    a map of exactly ``parameter`` (a text) and ``value``; no parameter twice. Anything else is
    GOV_CHANGE_INVALID. The value's kind is judged later ([AIN-GOV-CHANGE-CHECK.1]).
    """
    if not isinstance(value, dict) or not 1 <= len(value) <= MAX_CHANGE_ENTRIES:
        return invalid(f"a map of 1..{MAX_CHANGE_ENTRIES} entries")
    if set(value) != {str(index) for index in range(len(value))}:
        return invalid('entries indexed "0" .. "n-1"')
    pairs: list[tuple[str, CborValue]] = []
    for index in range(len(value)):
        entry = value[str(index)]
        if not isinstance(entry, dict) or set(entry) != ENTRY_FIELDS:
            return invalid(f"entry {index}: exactly parameter and value")
        parameter = entry["parameter"]
        if not isinstance(parameter, str):
            return invalid(f"entry {index}: parameter is a text")
        pairs.append((parameter, entry["value"]))
    if len({parameter for parameter, _ in pairs}) != len(pairs):
        return invalid("a parameter listed twice")
    return tuple(pairs)


def change_rejection(read: Reader, change: Change) -> Rejection | None:
    """
    Whether the change may be written, pair by pair, over the parameters' current values.

    References
    ----------
    [AIN-GOV-CHANGE-CHECK.1] In index order, for each pair: the parameter is registered
    (PARAM_UNKNOWN); the value fits its kind and bounds ([AIN-PLAT-PARAM-BOUNDS.1]); the
    constraints naming it hold over the values with this and every earlier pair applied
    ([AIN-PLAT-PARAM-CONSTRAINTS.1], PARAM_CONSTRAINT_VIOLATED). This is what
    [AIN-PLAT-PARAM-GUARD.1] checks at each write, so the values after the whole change keep
    every constraint.
    """
    values: dict[str, ParameterValue] = parameter_values(read)
    for key, value in change:
        definition = PARAMETERS.get(key)
        if definition is None:
            return Rejection(ErrorCode.PARAM_UNKNOWN, key)
        rejection = check_parameter_value(definition, value)
        if rejection is not None:
            return rejection
        assert isinstance(value, int)  # bool is an int
        values[key] = value
        rejection = check_constraints(values, only_with=key)
        if rejection is not None:
            return rejection
    return None
