"""Properties of the write-rule language: the grammar copy in spec/, totality over rules drawn
from the grammar itself (well-formed or not), agreement with a plain recursive interpreter
written from spec/rules.md alone, and verdicts that do not depend on the Python call stack.

The strategies read the grammar file with Lark's own loader and derive texts from its
productions and terminals; the twin interpreter walks Lark's parse tree directly. Neither uses
any module of ain_ref/state/rules/ but the grammar file: they share none of the code they check.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
from hypothesis import HealthCheck, given, settings
from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedInput

from ain_ref.crypto import parse_address
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.state.labels import Subtree, check_label_in_subtree
from ain_ref.state.paths import StatePath
from ain_ref.state.rules import DataValue, RuleContext, evaluate_rule, parse_rule
from ain_ref.state.tree import Node, StateTree
from tests.fillers.state.common import ALICE

ROOT = Path(__file__).parents[2]
GRAMMAR_TEXT = (ROOT / "ain_ref" / "state" / "rule.lark").read_text(encoding="utf-8")
TWIN_PARSER = Lark(GRAMMAR_TEXT, parser="lalr", lexer="contextual")
INTEGER_MIN, INTEGER_MAX = -(2**63), 2**64 - 1
BUDGET = 10_000
EVALUATION_CODES = {
    ErrorCode.RULE_DENIED,
    ErrorCode.RULE_EVALUATION_ERROR,
    ErrorCode.RULE_BUDGET_EXCEEDED,
}
PARSE_CODES = {ErrorCode.RULE_TOO_LONG, ErrorCode.RULE_SYNTAX_ERROR, ErrorCode.RULE_TOO_DEEP}


def test_spec_grammar_is_the_package_grammar() -> None:
    """[AIN-STATE-RULE-GRAMMAR.2] spec/rule.lark, the grammar clients read, is byte for byte the
    grammar the reference parses with."""
    spec_copy = (ROOT / "spec" / "rule.lark").read_bytes()
    assert spec_copy == (ROOT / "ain_ref" / "state" / "rule.lark").read_bytes()


# --- texts derived from the grammar ---------------------------------------------------------

KNOWN_NAMES = [
    "auth",
    "data",
    "newData",
    "currentTime",
    "getValue",
    "getRule",
    "getOwner",
    "getFunction",
    "Number",
    "String",
    "Boolean",
    "util",
    "isString",
    "isInteger",
    "isDict",
    "isEmpty",
    "length",
    "isAddress",
    "addr",
    "fid",
    "a",
    "b",
    "nope",
    "true",
]
TEXTS = ["'/a'", "'/a/b'", "'a'", "''", "'7'", "'-0'", "'\\u00e9'", f"'{ALICE}'", "'\U0001f600'"]
INTEGERS = [
    "0",
    "1",
    "7",
    "64",
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775808",
]
RULES_BY_ORIGIN: dict[str, list[list[str]]] = {}
for grammar_rule in TWIN_PARSER.rules:
    RULES_BY_ORIGIN.setdefault(grammar_rule.origin.name, []).append(
        [symbol.name for symbol in grammar_rule.expansion]
    )
TERMINALS = {terminal.name: terminal.pattern for terminal in TWIN_PARSER.terminals}
WORDS = {"TRUE": "true", "FALSE": "false", "NULL": "null"}


def terminal_text(name: str) -> st.SearchStrategy[str]:
    """Texts of one terminal: drawn from its pattern, biased towards meaningful ones."""
    pattern = TERMINALS[name]
    if name in WORDS:
        return st.just(WORDS[name])
    if name == "NAME":
        return st.sampled_from(KNOWN_NAMES) | st.from_regex(pattern.value, fullmatch=True)
    if name == "VARIABLE":
        return st.sampled_from(["$v", "$x", "$nope"])
    if name == "STRING":
        return st.sampled_from(TEXTS) | st.from_regex(pattern.value, fullmatch=True)
    if name == "INTEGER":
        return st.sampled_from(INTEGERS) | st.from_regex(pattern.value, fullmatch=True)
    if type(pattern).__name__ == "PatternStr":
        return st.just(pattern.value)
    return st.from_regex(pattern.value, fullmatch=True)


@st.composite
def derivation(draw: st.DrawFn, symbol: str = "start", budget: int = 40) -> list[str]:
    """The tokens of one derivation of ``symbol``; past the budget, the shortest choices."""
    if symbol in TERMINALS:
        return [draw(terminal_text(symbol))]
    choices = RULES_BY_ORIGIN[symbol]
    if budget <= 0:
        choices = [min(choices, key=len)]
    expansion = draw(st.sampled_from(choices))
    tokens: list[str] = []
    for part in expansion:
        tokens += draw(derivation(part, budget - 1 - len(tokens)))
    return tokens


@st.composite
def rule_texts(draw: st.DrawFn) -> str:
    """A rule from the grammar, sometimes damaged (a token dropped, repeated or inserted)."""
    tokens = draw(derivation())
    for _ in range(draw(st.integers(0, 2))):
        position = draw(st.integers(0, len(tokens)))
        action = draw(st.sampled_from(["drop", "repeat", "insert"]))
        if action == "drop" and position < len(tokens):
            del tokens[position]
        elif action == "repeat" and position < len(tokens):
            tokens.insert(position, tokens[position])
        else:
            tokens.insert(position, draw(terminal_text(draw(st.sampled_from(sorted(TERMINALS))))))
    separators = st.sampled_from([" ", " ", "", "\n", "\t"])
    return "".join(token + draw(separators) for token in tokens)


KEYS = st.sampled_from(["a", "b", "addr", "true", "count"])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(INTEGER_MIN, INTEGER_MAX)
    | st.sampled_from([0, 1, -1, INTEGER_MAX, INTEGER_MIN])
    | st.text(max_size=80)
    | st.sampled_from(["", "7", "-0", "007", "\u0663", "a" * 200, "9" * 30])
    | st.binary(max_size=8)
)
VALUES = st.recursive(
    SCALARS, lambda inner: st.dictionaries(KEYS, inner, min_size=1, max_size=4), max_leaves=12
)


def twin_tree() -> StateTree:
    """The state every property reads: a few values, a rule config, an owner config."""
    tree = StateTree()
    tree.set_value(StatePath(Subtree.VALUES, ("a",)), {"b": 1, "c": {"d": "x"}})
    tree.set_value(StatePath(Subtree.VALUES, ("n",)), 7)
    tree.set_config(StatePath(Subtree.RULES, ("a", "$v", ".rule")), {"write": True})
    tree.set_config(
        StatePath(Subtree.OWNERS, ("a", ".owner")),
        {"owners": {"*": {"write_rule": True}}},
    )
    return tree


TREE = twin_tree()


# --- the twin: a plain recursive interpreter, written from spec/rules.md ---------------------


class TwinError(Exception):
    """The twin's RULE_EVALUATION_ERROR."""


class TwinBudgetError(Exception):
    """The twin's RULE_BUDGET_EXCEEDED."""


FUNCTION_NAMES = {"getValue", "getRule", "getOwner", "getFunction", "Number", "String", "Boolean"}
UTIL_NAMES = {
    "isString",
    "isNumber",
    "isInteger",
    "isBoolean",
    "isDict",
    "isBytes",
    "isEmpty",
    "isAddress",
    "isCksumAddr",
    "length",
}


def twin_depth(node: Tree | Token) -> int:
    """[AIN-STATE-RULE-LIMITS.1] The nesting depth as the spec defines it."""
    if not isinstance(node, Tree):
        return 0
    below = max((twin_depth(child) for child in node.children), default=0)
    if node.data == "arguments":
        return below
    return below + 1


def twin_literals_in_range(node: Tree | Token) -> bool:
    """Every integer literal at most 2**64 - 1."""
    if not isinstance(node, Tree):
        return True
    if node.data == "integer":
        return int(node.children[0]) <= INTEGER_MAX
    return all(twin_literals_in_range(child) for child in node.children)


def twin_parse(text: str) -> Tree | ErrorCode:
    """[AIN-STATE-RULE-LIMITS.1] Length, grammar, depth, literal ranges, in that order."""
    if len(text.encode("utf-8", "surrogatepass")) > 4096:
        return ErrorCode.RULE_TOO_LONG
    if re.search("[\ud800-\udfff]", text):
        return ErrorCode.RULE_SYNTAX_ERROR
    try:
        tree = TWIN_PARSER.parse(text)
    except UnexpectedInput:
        return ErrorCode.RULE_SYNTAX_ERROR
    if twin_depth(tree) > 64:
        return ErrorCode.RULE_TOO_DEEP
    if not twin_literals_in_range(tree):
        return ErrorCode.RULE_SYNTAX_ERROR
    return tree


def twin_equal(a: Any, b: Any) -> bool:
    """Strict equality at every depth."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(twin_equal(a[k], b[k]) for k in a)
    return bool(a == b)


def twin_truthy(value: Any) -> bool:
    """Null, false, 0, empty text and bytes are falsy."""
    if value is None or value is False or (type(value) is int and value == 0):
        return False
    return not (type(value) in (str, bytes) and len(value) == 0)


def twin_nodes(value: Any) -> int:
    """Nodes of a value."""
    if isinstance(value, dict):
        return 1 + sum(twin_nodes(entry) for entry in value.values())
    return 1


def node_value(node: Node | None) -> Any:
    """The value of a tree node, read plainly."""
    if node is None:
        return None
    if not node.children:
        return node.value
    return {label: node_value(child) for label, child in node.children.items()}


class Twin:
    """One evaluation by the twin."""

    def __init__(self, context: RuleContext) -> None:
        self.context = context
        self.steps = 0

    def charge(self, cost: int) -> None:
        self.steps += cost
        if self.steps > BUDGET:
            raise TwinBudgetError

    def integer(self, value: int) -> int:
        if not INTEGER_MIN <= value <= INTEGER_MAX:
            raise TwinError
        return value

    def value(self, node: Tree) -> Any:
        kind = node.data
        if kind == "group":
            return self.value(node.children[0])
        self.charge(1)
        children = node.children
        if kind == "integer":
            return int(children[0])
        if kind == "string":
            body = str(children[0])[1:-1]
            escapes = {"n": "\n", "t": "\t", "\\": "\\", "'": "'", '"': '"'}
            return re.sub(r"\\(.)", lambda m: escapes[m.group(1)], body, flags=re.S)
        if kind in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[kind]
        if kind == "name":
            return self.name(str(children[0]))
        if kind == "variable":
            name = str(children[0])[1:]
            if name not in self.context.variables:
                raise TwinError
            return self.context.variables[name]
        if kind == "member":
            return self.entry(self.value(children[0]), str(children[1]))
        if kind == "index":
            target = self.value(children[0])
            return self.entry(target, self.value(children[1]))
        if kind == "call":
            return self.call(children[0], children[1])
        if kind == "not_":
            return not twin_truthy(self.value(children[1]))
        if kind == "negate":
            operand = self.value(children[1])
            if type(operand) is not int:
                raise TwinError
            return self.integer(-operand)
        if kind == "logical":
            left = twin_truthy(self.value(children[0]))
            if str(children[1]) == "&&":
                return left and twin_truthy(self.value(children[2]))
            return left or twin_truthy(self.value(children[2]))
        if kind == "ternary":
            chosen = children[1] if twin_truthy(self.value(children[0])) else children[2]
            return self.value(chosen)
        left = self.value(children[0])
        right = self.value(children[2])
        return self.binary(str(children[1]), left, right)

    def name(self, name: str) -> Any:
        if name == "auth":
            return self.context.auth
        if name == "currentTime":
            return self.context.current_time
        if name == "newData":
            self.charge(twin_nodes(self.context.new_data))
            return self.context.new_data
        if name == "data":
            data = self.context.data
            value = data.value if isinstance(data, DataValue) else node_value(TREE.node_at(data))
            self.charge(twin_nodes(value))
            return value
        raise TwinError

    @staticmethod
    def entry(target: Any, key: Any) -> Any:
        if not isinstance(target, dict) or type(key) is not str:
            raise TwinError
        return target.get(key)

    def binary(self, operator: str, a: Any, b: Any) -> Any:
        if operator in ("===", "=="):
            return twin_equal(a, b)
        if operator in ("!==", "!="):
            return not twin_equal(a, b)
        if operator in ("<", "<=", ">", ">="):
            if not ((type(a) is int and type(b) is int) or (type(a) is str and type(b) is str)):
                raise TwinError
            return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[operator]
        if operator == "+" and (type(a) is str or type(b) is str):
            if not all(type(x) in (str, int) for x in (a, b)):
                raise TwinError
            joined = f"{a}{b}"
            self.charge(len(joined) // 64)
            return joined
        if type(a) is not int or type(b) is not int:
            raise TwinError
        if operator in ("/", "%") and b == 0:
            raise TwinError
        quotient = int(abs(a) // abs(b)) * (1 if (a < 0) == (b < 0) else -1) if b else 0
        results = {"+": a + b, "-": a - b, "*": a * b, "/": quotient, "%": a - b * quotient}
        return self.integer(results[operator])

    def call(self, callee: Tree, arguments: Tree | None) -> Any:
        while callee.data == "group":
            callee = callee.children[0]
        function = None
        if callee.data == "name" and str(callee.children[0]) in FUNCTION_NAMES:
            function = str(callee.children[0])
        elif callee.data == "member":
            target = callee.children[0]
            while target.data == "group":
                target = target.children[0]
            is_util = target.data == "name" and str(target.children[0]) == "util"
            if is_util and str(callee.children[1]) in UTIL_NAMES:
                function = "util." + str(callee.children[1])
        if function is None:
            raise TwinError
        argument_nodes = [] if arguments is None else arguments.children
        if len(argument_nodes) != 1:
            raise TwinError
        return self.apply(function, self.value(argument_nodes[0]))

    def path(self, text: Any, subtree: Subtree) -> StatePath:
        if type(text) is not str or re.search("[\ud800-\udfff]", text):
            raise TwinError
        labels = tuple(part for part in text.split("/") if part)
        if len(labels) > 30 or any(check_label_in_subtree(x, subtree) for x in labels):
            raise TwinError
        return StatePath(subtree, labels)

    def apply(self, function: str, x: Any) -> Any:
        configs = {"getRule": "rules", "getOwner": "owners", "getFunction": "functions"}
        if function == "getValue":
            value = node_value(TREE.node_at(self.path(x, Subtree.VALUES)))
            self.charge(twin_nodes(value))
            return value
        if function in configs:
            subtree = Subtree(configs[function])
            label = {"rules": ".rule", "owners": ".owner", "functions": ".function"}[subtree]
            config = TREE.leaf_value_at(self.path(x, subtree).child(label))
            self.charge(twin_nodes(config))
            return config
        if function == "Number":
            if type(x) in (int, bool):
                return int(x)
            if type(x) is str and re.fullmatch("-?[0-9]{1,20}", x):
                return self.integer(int(x))
            raise TwinError
        if function == "String":
            if type(x) is str:
                return x
            if x is None or type(x) in (bool, int):
                return {None: "null", True: "true", False: "false"}.get(x, str(x))
            raise TwinError
        if function == "Boolean":
            return twin_truthy(x)
        name = function.removeprefix("util.")
        kinds = {"isString": str, "isNumber": int, "isInteger": int, "isBoolean": bool}
        kinds |= {"isDict": dict, "isBytes": bytes}
        if name in kinds:
            return type(x) is kinds[name]
        if name == "isEmpty":
            return x is None or (type(x) in (str, bytes, dict) and len(x) == 0)
        if name in ("isAddress", "isCksumAddr"):
            return type(x) is str and not isinstance(parse_address(x), Rejection)
        if type(x) not in (str, bytes, dict):
            raise TwinError
        return len(x)


def twin_evaluate(rule: str, context: RuleContext) -> ErrorCode | None:
    """The twin's verdict: None (allowed) or a code."""
    tree = twin_parse(rule)
    if isinstance(tree, ErrorCode):
        return ErrorCode.RULE_EVALUATION_ERROR
    try:
        result = Twin(context).value(tree)
    except TwinBudgetError:
        return ErrorCode.RULE_BUDGET_EXCEEDED
    except TwinError:
        return ErrorCode.RULE_EVALUATION_ERROR
    return None if twin_truthy(result) else ErrorCode.RULE_DENIED


def context_of(data: Any, new_data: Any, variable: str, from_tree: bool) -> RuleContext:
    """A context over TREE; data read from /a when ``from_tree``."""
    return RuleContext(
        tree=TREE,
        auth={"addr": ALICE, "fid": None},
        data=StatePath(Subtree.VALUES, ("a",)) if from_tree else DataValue(data),
        new_data=new_data,
        current_time=1_700_000_000_000,
        variables={"v": variable, "x": "a"},
    )


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rule_texts(), VALUES, VALUES, st.sampled_from(["a", "b", "\U0001f600", "7"]), st.booleans())
def test_evaluation_is_total_and_equals_the_twin(
    rule: str, data: Any, new_data: Any, variable: str, from_tree: bool
) -> None:
    """[AIN-STATE-RULE-ERROR.1] [AIN-STATE-RULE-EVAL.2] [AIN-STATE-RULE-OPERATORS.1]
    [AIN-STATE-RULE-LIBRARY.2] [AIN-STATE-RULE-BUDGET.2] [AIN-STATE-RULE-LIMITS.1]
    Any rule the grammar derives, damaged or not, against any data, parses to a tree or a
    parse code and evaluates to a verdict or an evaluation code without raising; and both
    agree with the plain interpreter written from the spec."""
    parsed = parse_rule(rule)
    twin_parsed = twin_parse(rule)
    if isinstance(parsed, Rejection):
        assert parsed.code in PARSE_CODES and parsed.code == twin_parsed
    else:
        assert isinstance(twin_parsed, Tree)
    context = context_of(data, new_data, variable, from_tree)
    result = evaluate_rule(rule, context)
    assert result is None or result.code in EVALUATION_CODES
    assert (None if result is None else result.code) == twin_evaluate(rule, context)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rule_texts())
def test_verdicts_do_not_depend_on_the_call_stack(rule: str) -> None:
    """[AIN-STATE-RULE-ERROR.1] [AIN-STATE-RULE-LIMITS.1] The same rule gives the same verdict
    at the top of the stack and evaluated (and parsed afresh) under a recursion limit only 60
    frames above the caller, as under deeply nested native functions."""
    context = context_of({"a": 1}, 7, "a", True)
    expected = evaluate_rule(rule, context)
    assert under_low_recursion_limit(rule, context) == expected


def under_low_recursion_limit(rule: str, context: RuleContext, headroom: int = 60) -> Any:
    """Evaluate with a cleared parse cache, 300 frames down, with ``headroom`` frames left."""
    from ain_ref.state.rules.machine import program_of

    def nested(depth: int) -> Any:
        if depth:
            return nested(depth - 1)
        frames = len_of_stack()
        limit = sys.getrecursionlimit()
        parse_rule.cache_clear()
        program_of.cache_clear()
        sys.setrecursionlimit(frames + headroom)
        try:
            return evaluate_rule(rule, context)
        finally:
            sys.setrecursionlimit(limit)

    return nested(300)


def len_of_stack() -> int:
    """Frames on the Python stack here."""
    frame, count = sys._getframe(), 0
    while frame is not None:
        frame, count = frame.f_back, count + 1
    return count


def test_deepest_rules_evaluate_alike_at_any_depth() -> None:
    """[AIN-STATE-RULE-LIMITS.1] Rules at the nesting limit (64: parentheses, a chain of &&, a
    tower of !, nested ternaries) give the same verdict with 60 frames of headroom as at the
    top; one level deeper they are RULE_TOO_DEEP at parse, never a RecursionError."""
    context = context_of({"a": 1}, 7, "a", True)
    deepest = {
        "parentheses": "(" * 62 + "newData === 7" + ")" * 62,
        "and_chain": " && ".join(["data.a === 1"] * 32),
        "bangs": "!" * 62 + "newData === 7",
        "ternaries": "true ? " * 63 + "1" + " : 0" * 63,
        "members": "data" + ".a" * 63,
    }
    for name, rule in deepest.items():
        syntax = parse_rule(rule)
        assert not isinstance(syntax, Rejection), name
        assert under_low_recursion_limit(rule, context) == evaluate_rule(rule, context), name
    too_deep = parse_rule("(" + deepest["parentheses"] + ")")
    assert isinstance(too_deep, Rejection) and too_deep.code is ErrorCode.RULE_TOO_DEEP


class CountingChildren(dict):  # type: ignore[type-arg]
    """A node's children that count how many of them a read takes."""

    taken = 0

    def items(self):  # type: ignore[no-untyped-def, override]
        for item in super().items():
            self.taken += 1
            yield item


def test_reading_a_wide_node_costs_no_more_than_the_budget() -> None:
    """[AIN-STATE-RULE-BUDGET.2] A read of a node with 30,000 children stops at the budget:
    it takes about 10,000 children, not 30,000, before RULE_BUDGET_EXCEEDED."""
    tree = StateTree()
    wide_path = StatePath(Subtree.VALUES, ("wide",))
    for index in range(30_000):
        tree.set_value(wide_path.child(f"c{index:06d}"), index)
    wide = tree.node_at(wide_path)
    assert wide is not None
    counting = CountingChildren(wide.children)
    wide.children = counting
    context = RuleContext(tree, {"addr": ALICE, "fid": None}, DataValue(None), 1, 1, {})
    result = evaluate_rule("getValue('/wide') !== null", context)
    assert result is not None and result.code is ErrorCode.RULE_BUDGET_EXCEEDED
    assert counting.taken <= BUDGET
