"""
The operators of the rule language, each defined on every pair of value types.

Every operator either gives a value or raises ``EvaluationError`` (RULE_EVALUATION_ERROR); no
other exception can leave it. Which types each accepts is the spec's table, line by line.

Spec: spec/rules.md, "Operators" ([AIN-STATE-RULE-OPERATORS.1]).
Layer: state. Imports state.rules.values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from ain_ref.state.rules.values import (
    EvaluationError,
    RuleValue,
    checked_integer,
    is_integer,
    is_truthy,
    strictly_equal,
    to_decimal,
    type_name,
)


def both_integers(operator: str, left: RuleValue, right: RuleValue) -> tuple[int, int]:
    """
    The operands of an integer operator; any other type is an evaluation error.

    References
    ----------
    [AIN-STATE-RULE-OPERATORS.1]
    """
    if not (is_integer(left) and is_integer(right)):
        raise EvaluationError(f"{type_name(left)} {operator} {type_name(right)}")
    return left, right


def join_operands(left: RuleValue, right: RuleValue) -> tuple[str, str] | None:
    """
    The two texts ``+`` joins, or None when ``+`` adds (neither operand is a text).

    When either operand is a text, the other must be a text or an integer (written in
    decimal); every other pair with a text is an error.

    References
    ----------
    [AIN-STATE-RULE-OPERATORS.1]
    """
    if type(left) is not str and type(right) is not str:
        return None
    if (type(left) is str or is_integer(left)) and (type(right) is str or is_integer(right)):
        left_text = left if type(left) is str else to_decimal(left)
        right_text = right if type(right) is str else to_decimal(right)
        return left_text, right_text
    raise EvaluationError(f"{type_name(left)} + {type_name(right)}")


def add(left: RuleValue, right: RuleValue) -> RuleValue:
    """``+``: the texts joined (see ``join_operands``), else the sum of two integers."""
    texts = join_operands(left, right)
    if texts is not None:
        return texts[0] + texts[1]
    a, b = both_integers("+", left, right)
    return checked_integer(a + b)


def subtract(left: RuleValue, right: RuleValue) -> int:
    """``-`` on two integers."""
    a, b = both_integers("-", left, right)
    return checked_integer(a - b)


def multiply(left: RuleValue, right: RuleValue) -> int:
    """``*`` on two integers."""
    a, b = both_integers("*", left, right)
    return checked_integer(a * b)


def truncated_quotient(a: int, b: int) -> int:
    """The quotient rounded toward zero (b is not zero)."""
    quotient = abs(a) // abs(b)
    return quotient if (a >= 0) == (b >= 0) else -quotient


def divide(left: RuleValue, right: RuleValue) -> int:
    """``/`` on two integers, truncating toward zero; by zero is an error."""
    a, b = both_integers("/", left, right)
    if b == 0:
        raise EvaluationError("division by zero")
    return checked_integer(truncated_quotient(a, b))


def remainder(left: RuleValue, right: RuleValue) -> int:
    """``%`` on two integers, with the sign of the dividend; by zero is an error."""
    a, b = both_integers("%", left, right)
    if b == 0:
        raise EvaluationError("remainder by zero")
    return checked_integer(a - b * truncated_quotient(a, b))


def ordered_operands(operator: str, left: RuleValue, right: RuleValue) -> None:
    """
    The operands of an order comparison: two integers, or two texts.

    References
    ----------
    [AIN-STATE-RULE-OPERATORS.1]
    """
    if is_integer(left) and is_integer(right):
        return
    if type(left) is str and type(right) is str:
        return
    raise EvaluationError(f"{type_name(left)} {operator} {type_name(right)}")


def less(left: RuleValue, right: RuleValue) -> bool:
    """``<``: integers by value, texts by code points (the order of their UTF-8 bytes)."""
    ordered_operands("<", left, right)
    return bool(left < right)


def less_or_equal(left: RuleValue, right: RuleValue) -> bool:
    """``<=`` (see ``less``)."""
    ordered_operands("<=", left, right)
    return bool(left <= right)


def greater(left: RuleValue, right: RuleValue) -> bool:
    """``>`` (see ``less``)."""
    ordered_operands(">", left, right)
    return bool(left > right)


def greater_or_equal(left: RuleValue, right: RuleValue) -> bool:
    """``>=`` (see ``less``)."""
    ordered_operands(">=", left, right)
    return bool(left >= right)


def equal(left: RuleValue, right: RuleValue) -> bool:
    """
    ``===`` and ``==``: strict equality on any two values.

    References
    ----------
    [AIN-STATE-RULE-OPERATORS.1]
    """
    return strictly_equal(left, right)


def not_equal(left: RuleValue, right: RuleValue) -> bool:
    """``!==`` and ``!=``: its negation."""
    return not strictly_equal(left, right)


BINARY_OPERATORS: Final[dict[str, Callable[[RuleValue, RuleValue], RuleValue]]] = {
    "*": multiply,
    "/": divide,
    "%": remainder,
    "+": add,
    "-": subtract,
    "<": less,
    "<=": less_or_equal,
    ">": greater,
    ">=": greater_or_equal,
    "===": equal,
    "==": equal,
    "!==": not_equal,
    "!=": not_equal,
}
"""Each binary operator of the grammar and its meaning [AIN-STATE-RULE-OPERATORS.1]."""


def logical_not(operand: RuleValue) -> bool:
    """
    ``!x``: the negated truthiness of any value.

    References
    ----------
    [AIN-STATE-RULE-OPERATORS.1]
    """
    return not is_truthy(operand)


def negate(operand: RuleValue) -> int:
    """
    ``-x`` on an integer.

    References
    ----------
    [AIN-STATE-RULE-OPERATORS.1]
    """
    if not is_integer(operand):
        raise EvaluationError(f"-{type_name(operand)}")
    return checked_integer(-operand)


UNARY_OPERATORS: Final[dict[str, Callable[[RuleValue], RuleValue]]] = {
    "!": logical_not,
    "-": negate,
}
"""Each unary operator of the grammar and its meaning [AIN-STATE-RULE-OPERATORS.1]."""


def entry_of(target: RuleValue, key: RuleValue) -> RuleValue:
    """
    ``target.name`` and ``target[key]``: the entry of a map under a text key, null when absent.

    A target that is not a map, or a key that is not a text, is an evaluation error.

    References
    ----------
    [AIN-STATE-RULE-OPERATORS.1]
    """
    if type(target) is not dict:
        raise EvaluationError(f"entry of a {type_name(target)}")
    if type(key) is not str:
        raise EvaluationError(f"a {type_name(key)} as a key")
    return target.get(key)
