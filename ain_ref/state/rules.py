"""
Write rules: parsing the expression language and evaluating a rule for one write.

The grammar is ``rule.lark`` beside this module (LALR, built with ``strict=True``). Evaluation
is a small tree-walking interpreter over the state's values: no floats, no side effects, a
bounded number of steps, and every failure a typed rejection rather than an exception.

Spec: spec/state.md, "Write rules" ([AIN-STATE-RULE-GRAMMAR.1], [AIN-STATE-RULE-EVAL.1],
[AIN-STATE-RULE-ERROR.1], [AIN-STATE-RULE-BUDGET.1], [AIN-STATE-RULE-LIBRARY.1]).
Layer: state. Imports crypto, encoding, errors, state.tree, state.paths, state.labels.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import attrs
from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from ain_ref.crypto import parse_address
from ain_ref.encoding import INTEGER_MAX, INTEGER_MIN, CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.state.labels import ConfigLabel, Subtree, check_label
from ain_ref.state.paths import MAX_PATH_DEPTH, StatePath
from ain_ref.state.tree import Node, StateTree

MAX_RULE_LENGTH: Final = 4096
"""A write rule expression has at most 4096 characters [AIN-STATE-RULE-GRAMMAR.1]."""
EVALUATION_BUDGET: Final = 10_000
"""Steps one evaluation may take; reading costs a step per node [AIN-STATE-RULE-BUDGET.1]."""
GRAMMAR: Final = (Path(__file__).parent / "rule.lark").read_text(encoding="utf-8")
PARSER: Final = Lark(GRAMMAR, parser="lalr", strict=True, propagate_positions=True)


class EvaluationError(Exception):
    """A rule that cannot be evaluated: a type error, an unknown name, a bad argument."""


class BudgetExceededError(Exception):
    """A rule that took more than EVALUATION_BUDGET steps."""


@functools.lru_cache(maxsize=4096)
def parse_rule(expression: str) -> Tree[Token] | Rejection:
    """
    Parse a write rule expression.

    Returns
    -------
    Tree | Rejection
        The syntax tree, or RULE_SYNTAX_ERROR located at the offending character, with its line
        and column in the detail.

    References
    ----------
    [AIN-STATE-RULE-GRAMMAR.1] The grammar is rule.lark; at most MAX_RULE_LENGTH characters.
    """
    if len(expression) > MAX_RULE_LENGTH:
        return Rejection(ErrorCode.RULE_SYNTAX_ERROR, f"{len(expression)} characters", 0)
    try:
        return PARSER.parse(expression)
    except (UnexpectedCharacters, UnexpectedToken, UnexpectedEOF, UnexpectedInput) as error:
        line, column = getattr(error, "line", 1), getattr(error, "column", 1)
        position = getattr(error, "pos_in_stream", None)
        if position is None:
            position = len(expression)
        return Rejection(
            ErrorCode.RULE_SYNTAX_ERROR, f"line {line}, column {column}", max(position, 0)
        )


@attrs.frozen
class RuleContext:
    """
    What a write rule sees [AIN-STATE-RULE-EVAL.1].

    ``auth`` is {"addr": address text or null, "fid": function id or null}; ``data`` is
    where the value before the write is read from (a /values path, read only if the rule
    uses ``data``, and charged like getValue), or the value itself; ``new_data`` is the
    value after the write; ``variables`` the path variables of the matched rule path,
    without "$".
    """

    tree: StateTree
    auth: dict[str, CborValue]
    data: StatePath | DataValue
    new_data: CborValue
    current_time: int
    variables: dict[str, str]


@attrs.frozen
class DataValue:
    """A ``data`` given as a value rather than read from the tree (vectors, tests)."""

    value: CborValue


@attrs.define
class Evaluator:
    """Walks a rule's syntax tree, counting steps against the budget."""

    context: RuleContext
    steps: int = 0

    def charge(self, cost: int = 1) -> None:
        """Spend budget; past EVALUATION_BUDGET the rule fails [AIN-STATE-RULE-BUDGET.1]."""
        self.steps += cost
        if self.steps > EVALUATION_BUDGET:
            raise BudgetExceededError(f"{self.steps} steps")

    def evaluate(self, node: Tree[Token] | Token) -> Any:
        """The value of one syntax node."""
        self.charge()
        if isinstance(node, Token):
            raise EvaluationError(f"unexpected token {node!r}")
        handler = HANDLERS.get(node.data)
        if handler is None:
            raise EvaluationError(f"no meaning for {node.data}")
        return handler(self, node)

    # --- literals and names ------------------------------------------------------------------

    def eval_integer(self, node: Tree[Token]) -> int:
        """An integer literal: its decimal value, within the encoding range."""
        return checked_integer(int(str(node.children[0])))

    def eval_string(self, node: Tree[Token]) -> str:
        """A string literal, quotes removed and escapes resolved."""
        return unescape(str(node.children[0])[1:-1])

    def eval_true(self, node: Tree[Token]) -> bool:
        """The literal true."""
        return True

    def eval_false(self, node: Tree[Token]) -> bool:
        """The literal false."""
        return False

    def eval_null(self, node: Tree[Token]) -> None:
        """The literal null."""
        return None

    def eval_name(self, node: Tree[Token]) -> Any:
        """A name of the environment [AIN-STATE-RULE-EVAL.1] [AIN-STATE-RULE-LIBRARY.1]."""
        name = str(node.children[0])
        if name == "auth":
            return self.context.auth
        if name == "data":
            if isinstance(self.context.data, DataValue):
                return self.context.data.value
            return self.read(self.context.data)
        if name == "newData":
            return self.context.new_data
        if name == "currentTime":
            return self.context.current_time
        if name == "getValue":
            return self.get_value
        if name in CONFIG_GETTERS:
            return functools.partial(self.get_config, CONFIG_GETTERS[name])
        if name in GLOBAL_NAMES:
            return GLOBAL_NAMES[name]
        raise EvaluationError(f"unknown name {name}")

    def eval_variable(self, node: Tree[Token]) -> str:
        """A path variable: the label the rule path matched at $name."""
        name = str(node.children[0])[1:]
        if name not in self.context.variables:
            raise EvaluationError(f"no path variable ${name}")
        return self.context.variables[name]

    # --- operators ---------------------------------------------------------------------------

    def eval_ternary(self, node: Tree[Token]) -> Any:
        """Ternary: `c ? a : b` evaluates only the branch that the truthiness of c picks."""
        condition, if_true, if_false = node.children
        return self.evaluate(if_true if is_truthy(self.evaluate(condition)) else if_false)

    def eval_logical(self, node: Tree[Token]) -> bool:
        """&& and || short-circuit and give a boolean."""
        left, operator, right = node.children
        left_truth = is_truthy(self.evaluate(left))
        if str(operator) == "&&":
            return left_truth and is_truthy(self.evaluate(right))
        return left_truth or is_truthy(self.evaluate(right))

    def eval_equality(self, node: Tree[Token]) -> bool:
        """=== and == are strict equality; !== and != its negation."""
        left, operator, right = node.children
        equal = strictly_equal(self.evaluate(left), self.evaluate(right))
        return equal if str(operator) in ("===", "==") else not equal

    def eval_comparison(self, node: Tree[Token]) -> bool:
        """< <= > >= on two integers or two strings (bytewise by UTF-8)."""
        left, operator, right = node.children
        a, b = self.evaluate(left), self.evaluate(right)
        if not (is_integer(a) and is_integer(b)) and not (
            isinstance(a, str) and isinstance(b, str)
        ):
            raise EvaluationError("comparison needs two integers or two strings")
        symbol = str(operator)
        if symbol == "<":
            return bool(a < b)
        if symbol == "<=":
            return bool(a <= b)
        if symbol == ">":
            return bool(a > b)
        return bool(a >= b)

    def eval_arithmetic(self, node: Tree[Token]) -> int | str:
        """+ - * / % (see ``arithmetic``)."""
        left, operator, right = node.children
        return arithmetic(str(operator), self.evaluate(left), self.evaluate(right))

    def eval_not_(self, node: Tree[Token]) -> bool:
        """!x is the negated truthiness of x."""
        return not is_truthy(self.evaluate(node.children[1]))

    def eval_negate(self, node: Tree[Token]) -> int:
        """-x on an integer."""
        value = self.evaluate(node.children[1])
        if not is_integer(value):
            raise EvaluationError("unary minus needs an integer")
        return checked_integer(-value)

    def eval_member(self, node: Tree[Token]) -> Any:
        """x.name: an entry of a map, or a util function."""
        target, name = node.children
        return member_of(self.evaluate(target), str(name))

    def eval_index(self, node: Tree[Token]) -> Any:
        """x[key] with a string key: an entry of a map."""
        target, key = node.children
        key_value = self.evaluate(key)
        if not isinstance(key_value, str):
            raise EvaluationError("an index must be a string")
        return member_of(self.evaluate(target), key_value)

    def eval_call(self, node: Tree[Token]) -> Any:
        """f(args): calls a function of the environment or of util."""
        callee_node, arguments_node = node.children
        callee = self.evaluate(callee_node)
        arguments = []
        if isinstance(arguments_node, Tree):
            arguments = [self.evaluate(argument) for argument in arguments_node.children]
        if not callable(callee) or isinstance(callee, type):
            raise EvaluationError("call of something that is not a function")
        return callee(*arguments)

    # --- state reads -------------------------------------------------------------------------

    def get_value(self, path_text: Any) -> CborValue:
        """The getter getValue(path): the value at a /values path, a step per node read."""
        return self.read(rule_path(path_text, Subtree.VALUES))

    def get_config(self, subtree: Subtree, path_text: Any) -> CborValue:
        """The config getters getRule, getOwner, getFunction: the config at a path, or null."""
        path = rule_path(path_text, subtree)
        value = self.context.tree.leaf_value_at(path.child(str(CONFIG_LABELS[subtree])))
        self.charge(count_nodes(value))
        return value

    def read(self, path: StatePath) -> CborValue:
        """
        The value at a path, each node charged as it is read.

        Reading a subtree larger than the budget stops at the budget instead of reading it all.

        References
        ----------
        [AIN-STATE-RULE-BUDGET.1]
        """
        node = self.context.tree.node_at(path)
        if node is None:
            self.charge()
            return None
        return self.read_node(node)

    def read_node(self, node: Node) -> CborValue:
        """One node's value, charging one step for it and each node below."""
        self.charge()
        if node.is_leaf():
            return node.value
        return {label: self.read_node(child) for label, child in sorted(node.children.items())}


HANDLERS: Final[dict[str, Callable[[Evaluator, Tree[Token]], Any]]] = {
    name.removeprefix("eval_"): handler
    for name, handler in vars(Evaluator).items()
    if name.startswith("eval_")
}
"""The meaning of each kind of syntax node: ``Evaluator.eval_<kind>``."""

CONFIG_GETTERS: Final = {
    "getRule": Subtree.RULES,
    "getOwner": Subtree.OWNERS,
    "getFunction": Subtree.FUNCTIONS,
}
"""The config getters of the environment [AIN-STATE-RULE-LIBRARY.1]."""

CONFIG_LABELS: Final = {
    Subtree.RULES: ConfigLabel.RULE,
    Subtree.OWNERS: ConfigLabel.OWNER,
    Subtree.FUNCTIONS: ConfigLabel.FUNCTION,
}


def rule_path(path_text: Any, subtree: Subtree) -> StatePath:
    """A path argument of getValue and friends: "/"-separated labels, empty segments dropped."""
    if not isinstance(path_text, str):
        raise EvaluationError("a path must be a string")
    labels = tuple(label for label in path_text.split("/") if label)
    if len(labels) > MAX_PATH_DEPTH or any(check_label(label) for label in labels):
        raise EvaluationError(f"not a path: {path_text!r:.80}")
    return StatePath(subtree, labels)


def count_nodes(value: CborValue) -> int:
    """Nodes in a value: 1 for a scalar or null, 1 + the entries' for a map."""
    if isinstance(value, dict):
        return 1 + sum(count_nodes(item) for item in value.values())
    return 1


def unescape(body: str) -> str:
    """Resolve the escapes of a string literal: backslash before n, t, backslash, quotes."""
    replacements = {"n": "\n", "t": "\t", "\\": "\\", "'": "'", '"': '"'}
    result: list[str] = []
    index = 0
    while index < len(body):
        character = body[index]
        if character == "\\" and index + 1 < len(body):
            escaped = body[index + 1]
            if escaped not in replacements:
                raise EvaluationError(f"unknown escape \\{escaped}")
            result.append(replacements[escaped])
            index += 2
            continue
        result.append(character)
        index += 1
    return "".join(result)


def is_integer(value: Any) -> bool:
    """An integer of the protocol: a Python int that is not a bool."""
    return type(value) is int


def checked_integer(value: int) -> int:
    """Integers stay in the encoding's range; leaving it is an evaluation error."""
    if not INTEGER_MIN <= value <= INTEGER_MAX:
        raise EvaluationError(f"integer {value} out of range")
    return value


def is_truthy(value: Any) -> bool:
    """
    Truthiness: null, false, 0, "" and empty bytes are falsy; all else is truthy.

    References
    ----------
    [AIN-STATE-RULE-EVAL.1]
    """
    if value is None or value is False:
        return False
    if is_integer(value) or isinstance(value, str | bytes):
        return bool(value)
    return True


def strictly_equal(left: Any, right: Any) -> bool:
    """Equality of type and value (true is not 1); maps compare entry by entry."""
    if type(left) is not type(right):
        return False
    return bool(left == right)


def arithmetic(operator: str, left: Any, right: Any) -> int | str:
    """+ on integers or strings (a string and an integer concatenate); - * / % on integers."""
    if operator == "+" and (isinstance(left, str) or isinstance(right, str)):
        if not all(isinstance(x, str) or is_integer(x) for x in (left, right)):
            raise EvaluationError("+ joins strings and integers only")
        return to_string(left) + to_string(right)
    if not (is_integer(left) and is_integer(right)):
        raise EvaluationError(f"{operator} needs integers")
    if operator == "+":
        return checked_integer(left + right)
    if operator == "-":
        return checked_integer(left - right)
    if operator == "*":
        return checked_integer(left * right)
    if right == 0:
        raise EvaluationError("division by zero")
    quotient = abs(left) // abs(right) * (1 if (left >= 0) == (right >= 0) else -1)
    if operator == "/":
        return checked_integer(quotient)  # truncates toward zero
    return checked_integer(left - right * quotient)  # the sign of the dividend


def member_of(target: Any, name: str) -> Any:
    """``target.name``: an entry of a map (null when absent), or a util function."""
    if isinstance(target, UtilLibrary):
        return target.lookup(name)
    if isinstance(target, dict):
        return target.get(name)
    raise EvaluationError(f"member {name!r} of a value that is not a map")


def to_number(value: Any) -> int:
    """Number(x): an integer from an integer, a boolean (0 or 1) or a decimal string."""
    if is_integer(value):
        return int(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text.startswith("-") else text
        if digits.isascii() and digits.isdigit():
            return checked_integer(int(text))
    raise EvaluationError(f"Number() of {value!r:.40}")


def to_string(value: Any) -> str:
    """String(x): decimal for integers, "true"/"false", "null", strings as they are."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_integer(value):
        return str(value)
    raise EvaluationError("String() of a map or bytes")


def is_address_text(value: Any) -> bool:
    """util.isAddress(x): x is the text of a valid address."""
    return isinstance(value, str) and not isinstance(parse_address(value), Rejection)


def length_of(value: Any) -> int:
    """util.length(x): characters of a string, bytes of a byte string, entries of a map."""
    if isinstance(value, str | bytes | dict):
        return len(value)
    raise EvaluationError("length of a value that has none")


@attrs.frozen
class UtilLibrary:
    """
    The ``util`` library [AIN-STATE-RULE-LIBRARY.1].

    Anything not listed is an unknown function and an evaluation error; the production node's
    application-specific helpers (isAppAdmin, validate*Data, ...) are not part of the protocol.
    """

    functions: dict[str, Callable[..., Any]]

    def lookup(self, name: str) -> Callable[..., Any]:
        """A util function by name."""
        if name not in self.functions:
            raise EvaluationError(f"unknown util function {name}")
        return self.functions[name]


GLOBAL_NAMES: dict[str, Any]
"""The names that do not depend on the write: util and the conversions (set below)."""

UTIL: Final = UtilLibrary(
    {
        "isString": lambda x: isinstance(x, str),
        "isNumber": is_integer,
        "isInteger": is_integer,
        "isBoolean": lambda x: isinstance(x, bool),
        "isDict": lambda x: isinstance(x, dict),
        "isBytes": lambda x: isinstance(x, bytes),
        "isEmpty": lambda x: x is None or (isinstance(x, str | bytes | dict) and not x),
        "isAddress": is_address_text,
        "isCksumAddr": is_address_text,
        "length": length_of,
    }
)


def evaluate_rule(rule: bool | str, context: RuleContext) -> Rejection | None:
    """
    Evaluate a governing write rule for one write.

    Parameters
    ----------
    rule : bool | str
        The rule's ``write`` entry: a boolean or an expression.
    context : RuleContext
        What the rule sees.

    Returns
    -------
    Rejection | None
        None when the rule allows the write.

    References
    ----------
    [AIN-STATE-RULE-EVAL.1] The write is allowed when the rule's value is truthy, else
    RULE_DENIED.
    [AIN-STATE-RULE-ERROR.1] A rule that cannot be evaluated denies with RULE_EVALUATION_ERROR.
    [AIN-STATE-RULE-BUDGET.1] A rule over budget denies with RULE_BUDGET_EXCEEDED.
    """
    if isinstance(rule, bool):
        return None if rule else Rejection(ErrorCode.RULE_DENIED, "rule is false")
    syntax = parse_rule(rule)
    if isinstance(syntax, Rejection):
        detail = f"stored rule unparsable: {syntax.detail}"
        return Rejection(ErrorCode.RULE_EVALUATION_ERROR, detail)
    evaluator = Evaluator(context)
    try:
        result = evaluator.evaluate(syntax)
    except BudgetExceededError as error:
        return Rejection(ErrorCode.RULE_BUDGET_EXCEEDED, str(error))
    except (EvaluationError, RecursionError) as error:
        return Rejection(ErrorCode.RULE_EVALUATION_ERROR, str(error))
    if not is_truthy(result):
        return Rejection(ErrorCode.RULE_DENIED, f"rule {rule!r:.80} is falsy")
    return None


GLOBAL_NAMES = {"util": UTIL, "Number": to_number, "String": to_string, "Boolean": is_truthy}
