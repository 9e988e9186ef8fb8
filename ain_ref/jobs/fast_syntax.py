"""
A fast reader of valid documents: the grammar's statements without the LALR machinery.

One regular expression scans the grammar's terminals (the same patterns as ``jobspec.lark``)
and a stack of open blocks builds the statements. It answers only "these statements" or "not
this way" (``None``); every document it refuses goes to the Lark parser, which decides and
locates the syntax errors. On every input it returns what the Lark parser returns for valid
documents and ``None`` for the others (property-tested against it).

Spec: spec/jobs.md, "Syntax" ([AIN-JOB-SYNTAX.1]).
Layer: jobs. Imports jobs.syntax.
"""

from __future__ import annotations

import re
from typing import Final

from ain_ref.jobs.syntax import Statement, Value

TOKEN: Final = re.compile(
    r"[\t ]*(?:"  # blanks before a token are skipped, as the grammar's %ignore does
    r"(?P<NL>(#[^\n]*)?(\r?\n[\t ]*(#[^\n]*)?)+)"
    r'|(?P<STRING>"([^"\\\x00-\x1f\x7f]|\\["\\])*")'
    r"|(?P<DECIMAL>-?(0|[1-9][0-9]*)\.[0-9]+)"
    r"|(?P<INTEGER>0|-?[1-9][0-9]*)"
    r"|(?P<NAME>[A-Za-z_][A-Za-z0-9_-]*)"
    r"|(?P<GE>>=)"
    r"|(?P<PUNCTUATION>[{}\[\],])"
    r")"
)
SCALARS: Final = frozenset({"STRING", "DECIMAL", "INTEGER", "NAME"})

Token = tuple[str, str, int, int]  # kind, text, line, column


def tokens_of(text: str) -> list[Token] | None:
    """The document's tokens (blanks dropped), or None at a character no terminal takes."""
    found: list[Token] = []
    position, line, line_start = 0, 1, 0
    for token in TOKEN.finditer(text):
        if token.start() != position:
            return None  # a character no terminal takes
        kind = token.lastgroup or ""
        value, start = token.group(kind), token.start(kind)
        if kind == "NL":
            found.append(("NL", value, line, start - line_start + 1))
            line += value.count("\n")
            line_start = start + value.rfind("\n") + 1
        elif kind == "PUNCTUATION":
            found.append((value, value, line, start - line_start + 1))
        else:
            found.append((kind, value, line, start - line_start + 1))
        position = token.end()
    return found if position == len(text) else None


def list_value(tokens: list[Token], position: int) -> tuple[Value, int] | None:
    """The list starting at ``tokens[position]`` (a "[") and the position after it."""
    _, _, line, column = tokens[position]
    position += 1
    items: list[Value] = []
    if tokens[position][0] == "NL":
        position += 1
    while tokens[position][0] != "]":
        kind, text, item_line, item_column = tokens[position]
        if kind not in SCALARS or (items and tokens[position - 1][0] not in (",", "NL")):
            return None
        items.append(Value(kind, text, item_line, item_column))
        position += 1
        if tokens[position][0] == ",":
            position += 1
            if tokens[position][0] == "NL":
                position += 1
            if tokens[position][0] == "]":
                return None
        elif tokens[position][0] == "NL":
            position += 1
            if tokens[position][0] != "]":
                return None
        elif tokens[position][0] != "]":
            return None
    return Value("list", "[", line, column, tuple(items)), position + 1


def fast_statements(text: str) -> tuple[Statement, ...] | None:
    """
    The statements of a valid document, or None when the document is not one.

    References
    ----------
    [AIN-JOB-SYNTAX.1] Equal to the grammar's reading (property-tested).
    """
    tokens = tokens_of(text + "\n")
    if tokens is None:
        return None
    tokens.append(("$END", "", 0, 0))
    position = 1 if tokens[0][0] == "NL" else 0
    frames: list[tuple[Token | None, tuple[Value, ...], list[Statement]]] = [(None, (), [])]
    while tokens[position][0] != "$END":
        kind = tokens[position][0]
        if kind == "}":
            name, values, children = frames.pop()
            if name is None or not frames or tokens[position + 1][0] != "NL":
                return None
            frames[-1][2].append(Statement(name[1], name[2], name[3], values, tuple(children)))
            position += 2
            continue
        if kind != "NAME":
            return None
        name_token = tokens[position]
        position += 1
        statement_values: list[Value] = []
        while True:
            kind, value_text, line, column = tokens[position]
            if kind in SCALARS or kind == "GE":
                statement_values.append(Value(kind, value_text, line, column))
                position += 1
            elif kind == "[":
                read = list_value(tokens, position)
                if read is None:
                    return None
                statement_values.append(read[0])
                position = read[1]
            elif kind == "NL":
                statement = Statement(
                    name_token[1], name_token[2], name_token[3], tuple(statement_values), None
                )
                frames[-1][2].append(statement)
                position += 1
                break
            elif kind == "{" and tokens[position + 1][0] == "NL":
                frames.append((name_token, tuple(statement_values), []))
                position += 2
                break
            else:
                return None
    if len(frames) != 1:
        return None
    return tuple(frames[0][2])
