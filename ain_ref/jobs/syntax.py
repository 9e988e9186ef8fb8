"""
The surface syntax of job specifications: text to statements, or the syntax errors.

The grammar (``jobspec.lark``, normative, reproduced in spec/jobs.md) knows blocks, lines and
values, not fields: which fields exist is the field table read by ``ain_ref.jobs.reader``. The
parser reports the first syntax error, then resynchronises at the next line that begins with a
letter in column 1 (where the next top-level statement starts), so a document with broken
blocks gets one error per broken block, in source order.

Spec: spec/jobs.md, "Syntax" ([AIN-JOB-SYNTAX.1], [AIN-JOB-RESYNC.1], [AIN-JOB-LIMITS.1]).
Layer: jobs. Imports lark and errors.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Final, NamedTuple

import attrs
from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from ain_ref.errors import ErrorCode
from ain_ref.jobs.diagnostics import Diagnostic

GRAMMAR_PATH: Final = Path(__file__).parent / "jobspec.lark"
GRAMMAR: Final = GRAMMAR_PATH.read_text(encoding="utf-8")
MAX_SOURCE_CODE_POINTS: Final = 65_536
"""The longest document, in code points [AIN-JOB-LIMITS.1]."""

TERMINAL_WORDS: Final = {
    "NAME": "a name",
    "INTEGER": "a whole number",
    "DECIMAL": "a decimal number",
    "STRING": 'a quoted text ("...")',
    "GE": "'>='",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "LSQB": "'['",
    "RSQB": "']'",
    "COMMA": "','",
    "_NL": "the end of the line",
    "$END": "the end of the document",
}
"""Plain words for the grammar's terminals, used in syntax diagnostics."""


class Value(NamedTuple):
    """
    One value of a statement: its kind (a terminal name or ``list``), text and position.

    A named tuple rather than an attrs class: a document makes hundreds of them, and a tuple
    is built several times faster; it is immutable all the same.
    """

    kind: str  # NAME, INTEGER, DECIMAL, STRING, GE or list
    text: str  # as written; for a list, the list's items are in ``items``
    line: int
    column: int
    items: tuple[Value, ...] = ()


@functools.cache
def lark_parser() -> Lark:
    """
    The grammar's LALR parser, built on first use.

    Building it (with the strict check for colliding terminals) takes a noticeable moment, and
    valid documents never need it (``ain_ref.jobs.fast_syntax`` reads them).
    """
    return Lark(GRAMMAR, parser="lalr", strict=True, propagate_positions=True)


@attrs.frozen
class SyntaxErrors:
    """The syntax diagnostics of a document that does not parse (at least one)."""

    diagnostics: tuple[Diagnostic, ...]


class Statement(NamedTuple):
    """A field name, its values, and its block's statements (``None`` for a line)."""

    name: str
    line: int
    column: int
    values: tuple[Value, ...]
    block: tuple[Statement, ...] | None


def value_of(node: Token | Tree[Token]) -> Value:
    """A value from its parse-tree node."""
    if isinstance(node, Token):
        return Value(node.type, str(node), node.line or 0, node.column or 0)
    items = tuple(value_of(child) for child in node.children if child is not None)
    return Value("list", "[", node.meta.line, node.meta.column, items)


def statement_of(node: Tree[Token]) -> Statement:
    """A statement from its ``line`` or ``block`` parse-tree node."""
    name = node.children[0]
    assert isinstance(name, Token)
    values: list[Value] = []
    block: list[Statement] = []
    for child in node.children[1:]:
        if isinstance(child, Tree) and child.data in ("line", "block"):
            block.append(statement_of(child))
        elif child is not None:
            values.append(value_of(child))
    return Statement(
        str(name),
        name.line or 0,
        name.column or 0,
        tuple(values),
        tuple(block) if node.data == "block" else None,
    )


def syntax_diagnostic(error: UnexpectedInput, first_line: int) -> Diagnostic:
    """
    A syntax error in plain words, its line shifted by ``first_line - 1``.

    References
    ----------
    [AIN-JOB-SYNTAX.1] A text the grammar refuses is ``JOBSPEC_SYNTAX_ERROR`` at the first
    character the grammar cannot take.
    """
    line_shift = first_line - 1
    if isinstance(error, UnexpectedCharacters):
        text, expected = error.char, "a name, a number, a quoted text, a list or a block"
    elif isinstance(error, UnexpectedToken):
        token = error.token
        text = "end of line" if token.type == "_NL" else str(token)
        if token.type == "$END":
            text = "end of the document"
        acceptable: set[str] = (
            error.interactive_parser.accepts()  # type: ignore[no-untyped-call]
            if error.interactive_parser
            else error.expected
        )
        expected = " or ".join(sorted({TERMINAL_WORDS.get(name, name) for name in acceptable}))
    else:
        assert isinstance(error, UnexpectedEOF)
        text = "end of the document"
        expected = " or ".join(sorted({TERMINAL_WORDS.get(name, name) for name in error.expected}))
    line = max(error.line, 1) + line_shift
    column = max(error.column, 1)
    return Diagnostic(ErrorCode.JOBSPEC_SYNTAX_ERROR, line, column, text, expected)


def next_top_level_line(lines: list[str], after_index: int) -> int | None:
    """
    The index of the first line after ``after_index`` whose first character is a letter.

    References
    ----------
    [AIN-JOB-RESYNC.1] Parsing resumes at such a line.
    """
    for index in range(after_index + 1, len(lines)):
        if lines[index][:1].isascii() and lines[index][:1].isalpha():
            return index
    return None


def parse_statements(text: str) -> tuple[Statement, ...] | SyntaxErrors:
    """
    Parse a document into its top-level statements, or return its syntax diagnostics.

    Parameters
    ----------
    text : str
        The document.

    Returns
    -------
    tuple[Statement, ...] | SyntaxErrors
        The statements, or at least one syntax diagnostic (the first error of each region
        between resynchronisation points), in source order.

    References
    ----------
    [AIN-JOB-LIMITS.1] At most MAX_SOURCE_CODE_POINTS code points.
    [AIN-JOB-SYNTAX.1] The grammar decides what parses.
    [AIN-JOB-RESYNC.1] After an error, parsing resumes at the next top-level line.
    """
    if len(text) > MAX_SOURCE_CODE_POINTS:
        too_large = Diagnostic(
            ErrorCode.JOBSPEC_TOO_LARGE,
            1,
            1,
            f"{len(text)} code points",
            f"at most {MAX_SOURCE_CODE_POINTS} code points",
        )
        return SyntaxErrors((too_large,))
    from ain_ref.jobs.fast_syntax import fast_statements  # the fast path imports this module

    fast = fast_statements(text)
    if fast is not None:
        return fast
    return lark_statements(text)


def lark_statements(text: str) -> tuple[Statement, ...] | SyntaxErrors:
    """
    The Lark parser's reading of a document, with resynchronisation after each error.

    References
    ----------
    [AIN-JOB-SYNTAX.1], [AIN-JOB-RESYNC.1]
    """
    lines = text.split("\n")
    diagnostics: list[Diagnostic] = []
    start_index: int | None = 0
    while start_index is not None:
        region = "\n".join(lines[start_index:]) + "\n"
        try:
            tree = lark_parser().parse(region)
        except UnexpectedInput as error:
            diagnostic = syntax_diagnostic(error, start_index + 1)
            diagnostics.append(diagnostic)
            start_index = next_top_level_line(lines, diagnostic.line - 1)
            continue
        if not diagnostics:
            return tuple(statement_of(child) for child in tree.children if isinstance(child, Tree))
        break
    return SyntaxErrors(tuple(diagnostics))
