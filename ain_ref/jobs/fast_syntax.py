"""
A fast reader of valid documents: the grammar's statements without the LALR machinery.

One regular expression scans the grammar's terminals (the patterns of ``jobspec.lark``) and one
loop walks them through a small automaton of the grammar (statement, values, block, list),
building the statements as it goes. It answers only "these statements" or "not this way"
(``None``); every document it refuses goes to the Lark parser, which decides and locates the
syntax errors. On every input it returns what the Lark parser returns for valid documents and
``None`` for the others (property-tested against it).

Spec: spec/jobs.md, "Syntax" ([AIN-JOB-SYNTAX.1]).
Layer: jobs. Imports jobs.syntax.
"""

from __future__ import annotations

import re
import string
from typing import Final

from ain_ref.jobs.syntax import Statement, Value

TOKEN: Final = re.compile(
    r"([\t ]*)("  # blanks before a token are skipped, as the grammar's %ignore does
    r"[A-Za-z_][A-Za-z0-9_-]*"  # NAME
    r"|(?:#[^\n]*)?(?:\r?\n[\t ]*(?:#[^\n]*)?)+"  # _NL
    r'|"[^"\\\x00-\x1f\x7f]*(?:\\["\\][^"\\\x00-\x1f\x7f]*)*"'  # STRING, its loop unrolled
    r"|-?(?:0|[1-9][0-9]*)\.[0-9]+"  # DECIMAL
    r"|0|-?[1-9][0-9]*"  # INTEGER
    r"|>=|[{}\[\],]"  # GE and punctuation
    r")"
)
"""
The grammar's terminals, each preceded by its blanks: ``findall`` gives a (blanks, token) pair
per token in one C-level pass, and the lengths, added up, give each token's offset. Terminals
start with distinct characters (DECIMAL is tried before INTEGER), so the alternatives' order
decides nothing else.
"""

KIND_OF_FIRST: Final = {
    **dict.fromkeys(string.ascii_letters + "_", "NAME"),
    **dict.fromkeys("#\r\n", "NL"),
    **dict.fromkeys("-0123456789", "number"),
    '"': "STRING",
    ">": "GE",
    **{mark: mark for mark in "{}[],"},
}
"""A token's kind from its first character (a number is DECIMAL when it has a point)."""
SCALARS: Final = frozenset({"STRING", "DECIMAL", "INTEGER", "NAME"})
BUILD: Final = tuple.__new__
"""
Builds a Value or Statement from its fields as one tuple: the named tuple's own ``__new__`` is a
Python function, and a document makes a hundred of them, so this is a third of their cost.
"""

# The automaton's states: what the grammar can take next.
DOCUMENT_START: Final = "a line end or a statement"
LINE_START: Final = "a statement or '}'"
VALUES: Final = "values, '{' or a line end"
OPENED: Final = "a line end after '{'"
CLOSED: Final = "a line end after '}'"
LIST_OPEN: Final = "an item, ']' or a line end after '['"
LIST_OPEN_LINE: Final = "an item or ']' after '[' and a line end"
LIST_ITEM: Final = "',', ']' or a line end after an item"
LIST_COMMA: Final = "an item or a line end after ','"
LIST_NEXT: Final = "an item"
LIST_CLOSE: Final = "']'"


def fast_statements(text: str) -> tuple[Statement, ...] | None:
    """
    The statements of a valid document, or None when the document is not one.

    One pass over the tokens: ``state`` is what the grammar can take next, ``statements`` the
    statements of the innermost open block, ``open_blocks`` the blocks around it (each with its
    name, values and the statements of the block that holds it).

    References
    ----------
    [AIN-JOB-SYNTAX.1] Equal to the grammar's reading (property-tested).
    """
    text += "\n"
    statements: list[Statement] = []
    open_blocks: list[tuple[tuple[str, int, int], tuple[Value, ...], list[Statement]]] = []
    name: tuple[str, int, int] = ("", 0, 0)
    values: list[Value] = []
    items: list[Value] = []
    list_at = (0, 0)
    state = DOCUMENT_START
    position, line, line_start = 0, 1, 0
    for blanks, token in TOKEN.findall(text):
        start = position + len(blanks)
        position = start + len(token)
        kind = KIND_OF_FIRST[token[0]]
        if kind == "number":
            kind = "DECIMAL" if "." in token else "INTEGER"
        column = start - line_start + 1
        if kind == "NL":
            line += token.count("\n")
            line_start = start + token.rfind("\n") + 1
        if state is VALUES:
            if kind in SCALARS or kind == "GE":
                values.append(BUILD(Value, (kind, token, line, column, ())))
            elif kind == "NL":
                statements.append(BUILD(Statement, (*name, tuple(values), None)))
                state = LINE_START
            elif kind == "[":
                items, list_at, state = [], (line, column), LIST_OPEN
            elif kind == "{":
                open_blocks.append((name, tuple(values), statements))
                statements, state = [], OPENED
            else:
                return None
        elif state is LINE_START or state is DOCUMENT_START:
            if kind == "NAME":
                name, values, state = (token, line, column), [], VALUES
            elif kind == "}" and open_blocks:
                state = CLOSED
            elif kind == "NL" and state is DOCUMENT_START:
                state = LINE_START
            else:
                return None
        elif state is OPENED or state is CLOSED:
            if kind != "NL":
                return None
            if state is CLOSED:
                block_name, block_values, outer = open_blocks.pop()
                outer.append(BUILD(Statement, (*block_name, block_values, tuple(statements))))
                statements = outer
            state = LINE_START
        elif kind in SCALARS and state in (LIST_OPEN, LIST_OPEN_LINE, LIST_COMMA, LIST_NEXT):
            items.append(BUILD(Value, (kind, token, line, column, ())))
            state = LIST_ITEM
        elif kind == "]" and state in (LIST_OPEN, LIST_OPEN_LINE, LIST_ITEM, LIST_CLOSE):
            values.append(BUILD(Value, ("list", "[", *list_at, tuple(items))))
            state = VALUES
        elif kind == "NL" and state is LIST_OPEN:
            state = LIST_OPEN_LINE
        elif kind == "NL" and state is LIST_ITEM:
            state = LIST_CLOSE
        elif kind == "NL" and state is LIST_COMMA:
            state = LIST_NEXT
        elif kind == "," and state is LIST_ITEM:
            state = LIST_COMMA
        else:
            return None
    if position != len(text) or state not in (DOCUMENT_START, LINE_START) or open_blocks:
        return None
    return tuple(statements)
