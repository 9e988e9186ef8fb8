"""
The values a write rule computes with, and what every operator needs to know of them.

A rule value is null, a boolean, an integer in the encoding's range, a text, a byte string or a
map from texts to values (``auth`` is the one map whose entries may be null). Functions are not
values. Every helper here is total over every value, and walks maps over an explicit stack.

Spec: spec/rules.md, "Values" ([AIN-STATE-RULE-VALUES.1]).
Layer: state. Imports encoding.
"""

from __future__ import annotations

from typing import Any, TypeAlias

from ain_ref.encoding import INTEGER_MAX, INTEGER_MIN

RuleValue: TypeAlias = Any
"""None, bool, int, str, bytes, or a dict of str to RuleValue."""


class EvaluationError(Exception):
    """A rule that cannot be evaluated: RULE_EVALUATION_ERROR [AIN-STATE-RULE-ERROR.1]."""


class BudgetExceededError(Exception):
    """A rule that needs more than EVALUATION_BUDGET steps [AIN-STATE-RULE-BUDGET.2]."""


def is_integer(value: RuleValue) -> bool:
    """An integer of the protocol: a Python int that is not a bool."""
    return type(value) is int


def checked_integer(value: int) -> int:
    """An integer result, refused when it leaves -2**63 .. 2**64 - 1 [AIN-STATE-RULE-VALUES.1]."""
    if not INTEGER_MIN <= value <= INTEGER_MAX:
        raise EvaluationError("integer result out of range")
    return value


def type_name(value: RuleValue) -> str:
    """The spec's name of a value's type, for error details."""
    if value is None:
        return "null"
    return {bool: "boolean", int: "integer", str: "text", bytes: "bytes", dict: "map"}.get(
        type(value), "unknown"
    )


def is_truthy(value: RuleValue) -> bool:
    """
    Truthiness: null, false, 0, the empty text and empty bytes are falsy; all else is truthy.

    References
    ----------
    [AIN-STATE-RULE-VALUES.1]
    """
    if value is None or value is False:
        return False
    if type(value) is int or type(value) is str or type(value) is bytes:
        return bool(value)
    return True


def strictly_equal(left: RuleValue, right: RuleValue) -> bool:
    """
    Strict equality at every depth.

    Same type and value; maps with the same keys, each entry strictly equal (``{"a": 1}`` is
    not ``{"a": true}``).

    References
    ----------
    [AIN-STATE-RULE-VALUES.1]
    """
    pending = [(left, right)]
    while pending:
        a, b = pending.pop()
        if type(a) is not type(b):
            return False
        if type(a) is dict:
            if a.keys() != b.keys():
                return False
            pending.extend((a[key], b[key]) for key in a)
        elif a != b:
            return False
    return True


def count_nodes(value: RuleValue) -> int:
    """Nodes of a value: one for null or a scalar, one plus its entries' for a map."""
    if type(value) is not dict:
        return 1
    count = 0
    pending = [value]
    while pending:
        item = pending.pop()
        count += 1
        if type(item) is dict:
            pending.extend(item.values())
    return count


def to_decimal(value: int) -> str:
    """An integer's decimal text: ASCII digits, a leading "-" when negative, no leading zeros."""
    return str(value)
