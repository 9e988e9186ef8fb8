"""
The functions a write rule may call: the state getters, the conversions, and ``util``.

Every function takes exactly one argument, is defined on every value type, and either gives a
value or raises ``EvaluationError``. A getter pays for what it reads through the budget.

Spec: spec/rules.md, "Library" ([AIN-STATE-RULE-LIBRARY.2]).
Layer: state. Imports crypto, state.labels, state.paths, state.tree, state.rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from ain_ref.crypto import parse_address
from ain_ref.errors import Rejection
from ain_ref.state.labels import CONFIG_LABEL_OF, Subtree, check_label_in_subtree
from ain_ref.state.paths import MAX_PATH_DEPTH, StatePath
from ain_ref.state.rules.budget import Budget, charge_value, read_node
from ain_ref.state.rules.values import (
    EvaluationError,
    RuleValue,
    checked_integer,
    is_integer,
    is_truthy,
    to_decimal,
    type_name,
)
from ain_ref.state.tree import StateTree

NUMBER_TEXT: Final = re.compile(r"-?[0-9]{1,20}")
"""The texts Number() accepts: "-" or nothing, 1 to 20 ASCII digits [AIN-STATE-RULE-LIBRARY.2]."""

Function = Callable[[StateTree, Budget, RuleValue], RuleValue]
"""A library function: the state, the budget, and its one argument."""


SURROGATE: Final = re.compile("[\ud800-\udfff]")
"""A surrogate code point: no Unicode scalar value, so no character of a label."""


def has_surrogate(text: str) -> bool:
    """Whether a text holds a surrogate code point."""
    return SURROGATE.search(text) is not None


def getter_path(argument: RuleValue, subtree: Subtree) -> StatePath:
    """
    The path a getter reads: a text of labels separated by "/", empty segments ignored.

    Each label is one the subtree's paths may hold ([AIN-STATE-LABEL-KINDS.1]: plain labels,
    and in rules and functions also $variables), at most MAX_PATH_DEPTH of them.

    References
    ----------
    [AIN-STATE-RULE-LIBRARY.2]
    """
    if type(argument) is not str:
        raise EvaluationError(f"a {type_name(argument)} as a path")
    if has_surrogate(argument):
        raise EvaluationError("a path with a surrogate code point")
    labels = tuple(label for label in argument.split("/") if label)
    if len(labels) > MAX_PATH_DEPTH:
        raise EvaluationError(f"a path of {len(labels)} labels")
    for label in labels:
        if check_label_in_subtree(label, subtree) is not None:
            raise EvaluationError(f"not a label of /{subtree}: {label!r:.80}")
    return StatePath(subtree, labels)


def rule_path(path_text: RuleValue, subtree: Subtree) -> StatePath:
    """``getter_path``, under the name other modules import."""
    return getter_path(path_text, subtree)


def get_value(tree: StateTree, budget: Budget, argument: RuleValue) -> RuleValue:
    """
    getValue(p): the value at the /values path p (null when absent), paid per node.

    References
    ----------
    [AIN-STATE-RULE-LIBRARY.2]
    """
    return read_node(tree.node_at(getter_path(argument, Subtree.VALUES)), budget)


def config_getter(subtree: Subtree) -> Function:
    """getRule, getOwner, getFunction: the config at a path of the subtree, or null."""

    def get_config(tree: StateTree, budget: Budget, argument: RuleValue) -> RuleValue:
        path = getter_path(argument, subtree).child(str(CONFIG_LABEL_OF[subtree]))
        config = tree.leaf_value_at(path)
        charge_value(config, budget)
        return config

    return get_config


def to_number(tree: StateTree, budget: Budget, argument: RuleValue) -> int:
    """
    Number(x): an integer as it is, false 0 and true 1, or a decimal text's integer.

    References
    ----------
    [AIN-STATE-RULE-LIBRARY.2]
    """
    if is_integer(argument):
        return int(argument)
    if type(argument) is bool:
        return int(argument)
    if type(argument) is str and NUMBER_TEXT.fullmatch(argument):
        return checked_integer(int(argument))
    raise EvaluationError(f"Number() of a {type_name(argument)}")


def to_string(tree: StateTree, budget: Budget, argument: RuleValue) -> str:
    """
    String(x): a text as it is, an integer in decimal, "true", "false" or "null".

    References
    ----------
    [AIN-STATE-RULE-LIBRARY.2]
    """
    if type(argument) is str:
        return argument
    if argument is None:
        return "null"
    if type(argument) is bool:
        return "true" if argument else "false"
    if is_integer(argument):
        return to_decimal(argument)
    raise EvaluationError(f"String() of a {type_name(argument)}")


def to_boolean(tree: StateTree, budget: Budget, argument: RuleValue) -> bool:
    """Boolean(x): the truthiness of any value."""
    return is_truthy(argument)


def type_test(kind: type) -> Function:
    """util.isString, isNumber, isInteger, isBoolean, isDict, isBytes: a test of the type."""

    def is_of_type(tree: StateTree, budget: Budget, argument: RuleValue) -> bool:
        return type(argument) is kind

    return is_of_type


def is_empty(tree: StateTree, budget: Budget, argument: RuleValue) -> bool:
    """
    util.isEmpty(x): null, or a text, bytes or map of length 0; false for all else.

    References
    ----------
    [AIN-STATE-RULE-LIBRARY.2]
    """
    if argument is None:
        return True
    if type(argument) in (str, bytes, dict):
        return len(argument) == 0
    return False


def is_address(tree: StateTree, budget: Budget, argument: RuleValue) -> bool:
    """
    util.isAddress(x) and util.isCksumAddr(x): x is a text the address check accepts.

    References
    ----------
    [AIN-STATE-RULE-LIBRARY.2]
    """
    return type(argument) is str and not isinstance(parse_address(argument), Rejection)


def length(tree: StateTree, budget: Budget, argument: RuleValue) -> int:
    """
    util.length(x): code points of a text, bytes of a byte string, entries of a map.

    References
    ----------
    [AIN-STATE-RULE-LIBRARY.2]
    """
    if type(argument) in (str, bytes, dict):
        return len(argument)
    raise EvaluationError(f"length of a {type_name(argument)}")


FUNCTIONS: Final[dict[str, Function]] = {
    "getValue": get_value,
    "getRule": config_getter(Subtree.RULES),
    "getOwner": config_getter(Subtree.OWNERS),
    "getFunction": config_getter(Subtree.FUNCTIONS),
    "Number": to_number,
    "String": to_string,
    "Boolean": to_boolean,
}
"""The functions named directly [AIN-STATE-RULE-LIBRARY.2]."""

UTIL_FUNCTIONS: Final[dict[str, Function]] = {
    "isString": type_test(str),
    "isNumber": type_test(int),
    "isInteger": type_test(int),
    "isBoolean": type_test(bool),
    "isDict": type_test(dict),
    "isBytes": type_test(bytes),
    "isEmpty": is_empty,
    "isAddress": is_address,
    "isCksumAddr": is_address,
    "length": length,
}
"""The functions of ``util`` (``util.name(x)``), and no others [AIN-STATE-RULE-LIBRARY.2]."""

FUNCTION_ARITY: Final = 1
"""Every library function takes exactly one argument [AIN-STATE-RULE-LIBRARY.2]."""
