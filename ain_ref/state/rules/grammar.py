"""
Parsing a write rule: the limits, the grammar, and the syntax tree the spec's forms make.

The grammar is ``ain_ref/state/rule.lark`` (LALR, built with ``strict=True``; a copy in
``spec/rule.lark`` is tested identical). Lark's parser keeps its own stack, and the tree it
builds is turned into ``syntax`` forms by a loop over an explicit stack, so no part of parsing
depends on the Python call stack.

Spec: spec/rules.md, "Syntax" ([AIN-STATE-RULE-GRAMMAR.2], [AIN-STATE-RULE-LIMITS.1]).
Layer: state. Imports encoding, errors, state.rules.syntax.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Final

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedEOF, UnexpectedInput

from ain_ref.encoding import INTEGER_MAX
from ain_ref.errors import ErrorCode, Rejection, SourceLocation
from ain_ref.state.rules.syntax import (
    Binary,
    Call,
    Conditional,
    Expression,
    Index,
    Literal,
    Logical,
    Member,
    Name,
    Unary,
    Variable,
)

MAX_RULE_BYTES: Final = 4096
"""A rule expression is at most 4096 bytes of UTF-8 [AIN-STATE-RULE-LIMITS.1]."""
MAX_NESTING_DEPTH: Final = 64
"""A rule expression nests at most 64 forms deep [AIN-STATE-RULE-LIMITS.1]."""
GRAMMAR_PATH: Final = Path(__file__).parent.parent / "rule.lark"
GRAMMAR: Final = GRAMMAR_PATH.read_text(encoding="utf-8")
PARSER: Final = Lark(GRAMMAR, parser="lalr", lexer="contextual", strict=True)
SURROGATE: Final = re.compile("[\ud800-\udfff]")
"""A surrogate code point: not a Unicode scalar value, so no character of the grammar."""
END_OF_INPUT: Final = "$END"
"""The token type Lark's LALR parser gives the end of the text."""
ESCAPES: Final = {"n": "\n", "t": "\t", "\\": "\\", "'": "'", '"': '"'}
"""What each escape of a text literal stands for [AIN-STATE-RULE-GRAMMAR.2]."""


def text_location(text: str, offset: int) -> SourceLocation:
    """The line and column (1-based, in code points) of a code point offset of a text."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return SourceLocation(line, column)


def first_surrogate(text: str) -> int | None:
    """The offset of the first surrogate code point (not a Unicode scalar value), if any."""
    found = SURROGATE.search(text)
    return None if found is None else found.start()


@functools.lru_cache(maxsize=4096)
def parse_rule(expression: str) -> Expression | Rejection:
    """
    Parse a write rule expression into its syntax tree.

    Returns
    -------
    Expression | Rejection
        The syntax tree, or the first check that fails: RULE_TOO_LONG, RULE_SYNTAX_ERROR
        (located by line and column), RULE_TOO_DEEP.

    References
    ----------
    [AIN-STATE-RULE-LIMITS.1] At most MAX_RULE_BYTES bytes of UTF-8, checked first; nesting
    at most MAX_NESTING_DEPTH, checked after the grammar.
    [AIN-STATE-RULE-GRAMMAR.2] The text is Unicode scalar values accepted by rule.lark;
    integer literals at most 2**64 - 1.
    """
    # [AIN-STATE-RULE-LIMITS.1] The length, in bytes of UTF-8, before anything is read.
    size = len(expression.encode("utf-8", "surrogatepass"))
    if size > MAX_RULE_BYTES:
        return Rejection(ErrorCode.RULE_TOO_LONG, f"{size} bytes")
    # [AIN-STATE-RULE-GRAMMAR.2] A surrogate is no character of the grammar.
    surrogate = first_surrogate(expression)
    if surrogate is not None:
        location = text_location(expression, surrogate)
        return Rejection(ErrorCode.RULE_SYNTAX_ERROR, "a surrogate code point", location)
    try:
        tree = PARSER.parse(expression)
    except UnexpectedInput as error:
        location = syntax_error_location(expression, error)
        return Rejection(ErrorCode.RULE_SYNTAX_ERROR, type(error).__name__, location)
    return syntax_of(tree)


def syntax_error_location(expression: str, error: UnexpectedInput) -> SourceLocation:
    """
    Where the grammar refused a text.

    References
    ----------
    [AIN-STATE-RULE-SYNTAX-LOCATION.1] A token that cannot continue the expression is located
    at its first character, a character where no token begins at that character, and a text
    that ends too early at its end (just after its last character; Lark would instead lend the
    end the position of the last token read).
    """
    token = getattr(error, "token", None)
    ended_early = isinstance(token, Token) and token.type == END_OF_INPUT
    if ended_early or isinstance(error, UnexpectedEOF) or error.line < 1 or error.column < 1:
        return text_location(expression, len(expression))
    return SourceLocation(error.line, error.column)


def syntax_of(tree: Tree[Token]) -> Expression | Rejection:
    """
    The syntax forms of a parse tree, with the nesting and literal checks.

    Walks the tree children first, over an explicit stack: each parse node's form and depth
    are built from its children's.

    References
    ----------
    [AIN-STATE-RULE-SYNTAX.1] The parse tree read as the spec's forms; parentheses only group.
    [AIN-STATE-RULE-LIMITS.1] Nesting deeper than MAX_NESTING_DEPTH is RULE_TOO_DEEP.
    [AIN-STATE-RULE-GRAMMAR.2] An integer literal above 2**64 - 1 is RULE_SYNTAX_ERROR.
    """
    built: dict[int, tuple[Any, int]] = {}  # id of a parse node -> (its form, its depth)
    literal_error: Rejection | None = None
    deepest = 0
    stack: list[tuple[Tree[Token], bool]] = [(tree, False)]
    while stack:
        node, children_done = stack.pop()
        if not children_done:
            stack.append((node, True))
            stack.extend((child, False) for child in node.children if isinstance(child, Tree))
            continue
        parts: list[Any] = []
        depth = 0
        for child in node.children:
            if isinstance(child, Tree):
                child_form, child_depth = built.pop(id(child))
                parts.append(child_form)
                depth = max(depth, child_depth)
            else:
                parts.append(child)
        form, depth = form_of(node.data, parts, depth)
        if isinstance(form, Rejection):
            literal_error = first_in_reading_order(literal_error, form)
            form = Literal(0)
        built[id(node)] = (form, depth)
        deepest = max(deepest, depth)
    # [AIN-STATE-RULE-LIMITS.1] The depth, over the whole tree, before the literals' ranges.
    if deepest > MAX_NESTING_DEPTH:
        return Rejection(ErrorCode.RULE_TOO_DEEP, f"nesting depth {deepest}")
    if literal_error is not None:
        return literal_error
    expression: Expression = built[id(tree)][0]
    return expression


def first_in_reading_order(known: Rejection | None, found: Rejection) -> Rejection:
    """
    Of two located rejections, the one further left in the text.

    The walk visits the tree right to left, so the order it finds them in is not the reading
    order.

    References
    ----------
    [AIN-STATE-RULE-SYNTAX-LOCATION.1] The first out-of-range literal in reading order.
    """
    if known is None:
        return found
    if not isinstance(known.location, SourceLocation):
        return known
    if not isinstance(found.location, SourceLocation):
        return known
    position = (found.location.line, found.location.column)
    return found if position < (known.location.line, known.location.column) else known


def form_of(kind: str, parts: list[Any], operand_depth: int) -> tuple[Any, int]:
    """
    The syntax form of one parse node, and its nesting depth.

    ``parts`` are the node's children, tokens as they are and sub-trees as their forms;
    ``operand_depth`` is the deepest sub-tree's depth. The argument list of a call is no form
    (a tuple of forms, as deep as its deepest argument); a parenthesized expression is its
    content, one level deeper.
    """
    depth = operand_depth + 1
    if kind == "arguments":
        return tuple(parts), operand_depth
    if kind in ("integer", "string", "true", "false", "null", "name", "variable"):
        return atom_of(kind, parts[0]), 1
    if kind == "group":
        return parts[0], depth
    if kind == "member":
        return Member(parts[0], str(parts[1])), depth
    if kind == "index":
        return Index(parts[0], parts[1]), depth
    if kind == "call":
        arguments = parts[1] if isinstance(parts[1], tuple) else ()
        return Call(parts[0], arguments), depth
    if kind in ("not_", "negate"):
        return Unary(str(parts[0]), parts[1]), depth
    if kind == "logical":
        return Logical(str(parts[1]), parts[0], parts[2]), depth
    if kind in ("equality", "comparison", "arithmetic"):
        return Binary(str(parts[1]), parts[0], parts[2]), depth
    if kind == "ternary":
        return Conditional(parts[0], parts[1], parts[2]), depth
    raise ValueError(f"rule.lark has a form this module does not know: {kind}")


def atom_of(kind: str, token: Token) -> Expression | Rejection:
    """A literal, name or variable from its token."""
    text = str(token)
    if kind == "integer":
        # [AIN-STATE-RULE-GRAMMAR.2] At most 20 digits is checked before the value is built.
        if len(text) > len(str(INTEGER_MAX)) or int(text) > INTEGER_MAX:
            location = SourceLocation(token.line or 1, token.column or 1)
            return Rejection(ErrorCode.RULE_SYNTAX_ERROR, "integer literal > 2**64 - 1", location)
        return Literal(int(text))
    if kind == "string":
        return Literal(unescape(text[1:-1]))
    if kind in ("true", "false", "null"):
        return Literal({"true": True, "false": False, "null": None}[kind])
    if kind == "name":
        return Name(text)
    return Variable(text[1:])


def unescape(body: str) -> str:
    """A text literal's characters, each escape replaced (the grammar admits only ESCAPES)."""
    if "\\" not in body:
        return body
    result: list[str] = []
    index = 0
    while index < len(body):
        if body[index] == "\\":
            result.append(ESCAPES[body[index + 1]])
            index += 2
        else:
            result.append(body[index])
            index += 1
    return "".join(result)
