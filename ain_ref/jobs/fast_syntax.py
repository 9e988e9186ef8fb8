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
    r"([\t ]*)(?:"  # blanks before a token are skipped, as the grammar's %ignore does
    r"((?:#[^\n]*)?(?:\r?\n[\t ]*(?:#[^\n]*)?)+)"  # NL
    r'|("(?:[^"\\\x00-\x1f\x7f]|\\["\\])*")'  # STRING
    r"|(-?(?:0|[1-9][0-9]*)\.[0-9]+)"  # DECIMAL
    r"|(0|-?[1-9][0-9]*)"  # INTEGER
    r"|([A-Za-z_][A-Za-z0-9_-]*)"  # NAME
    r"|(>=)"  # GE
    r"|([{}\[\],])"  # punctuation
    r")"
)
"""
The grammar's terminals, each preceded by its blanks, as one group each: ``findall`` gives a
tuple per token in one C-level pass, and the tokens' lengths, added up, give their positions.
"""
SCALARS: Final = frozenset({"STRING", "DECIMAL", "INTEGER", "NAME"})

Token = tuple[str, str, int, int]  # kind, text, line, column


def tokens_of(text: str) -> list[Token] | None:
    """
    The document's tokens (blanks dropped), or None at a character no terminal takes.

    ``findall`` skips what no terminal takes, so the tokens cover the whole text exactly when
    their lengths (with their blanks) add up to its length; the running sum is each token's
    offset, from which its line and column follow.
    """
    found: list[Token] = []
    append = found.append
    position, line, line_start = 0, 1, 0
    for blanks, newline, string, decimal, integer, name, ge, punctuation in TOKEN.findall(text):
        start = position + len(blanks)
        column = start - line_start + 1
        if name:
            append(("NAME", name, line, column))
            position = start + len(name)
        elif newline:
            append(("NL", newline, line, column))
            line += newline.count("\n")
            line_start = start + newline.rfind("\n") + 1
            position = start + len(newline)
        elif punctuation:
            append((punctuation, punctuation, line, column))
            position = start + 1
        elif integer:
            append(("INTEGER", integer, line, column))
            position = start + len(integer)
        elif string:
            append(("STRING", string, line, column))
            position = start + len(string)
        elif decimal:
            append(("DECIMAL", decimal, line, column))
            position = start + len(decimal)
        else:
            append(("GE", ge, line, column))
            position = start + len(ge)
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
