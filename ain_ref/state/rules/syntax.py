"""
The syntax tree of a write rule: the expression forms the spec names, one class each.

Parsing (``grammar``) builds these from the text; compiling (``compiler``) turns them into the
program the evaluator runs. Parentheses are not a form: they only group (and count towards the
nesting depth). A step of the budget is one of these forms evaluated, never a node of the parser
library's own tree.

Spec: spec/rules.md, "Syntax" ([AIN-STATE-RULE-GRAMMAR.2], [AIN-STATE-RULE-BUDGET.2]).
Layer: state. Imports nothing of ain_ref.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Literal:
    """An integer, text, ``true``, ``false`` or ``null`` literal, already decoded."""

    value: bool | int | str | None


@attrs.frozen
class Name:
    """A name of the environment: ``auth``, ``data``, ``getValue``, ``util``, ..."""

    name: str


@attrs.frozen
class Variable:
    """A path variable ``$name`` (``name`` without the ``$``)."""

    name: str


@attrs.frozen
class Member:
    """``target.name``: a map's entry, the name given literally."""

    target: Expression
    name: str


@attrs.frozen
class Index:
    """``target[key]``: a map's entry, the name computed."""

    target: Expression
    key: Expression


@attrs.frozen
class Call:
    """``callee(arguments)``; only a function name or ``util.name`` is a callable callee."""

    callee: Expression
    arguments: tuple[Expression, ...]


@attrs.frozen
class Unary:
    """``!operand`` or ``-operand``."""

    operator: str
    operand: Expression


@attrs.frozen
class Binary:
    """``left operator right`` for ``* / % + - < <= > >= === !== == !=``."""

    operator: str
    left: Expression
    right: Expression


@attrs.frozen
class Logical:
    """``left && right`` or ``left || right``: the right only when the left does not decide."""

    operator: str
    left: Expression
    right: Expression


@attrs.frozen
class Conditional:
    """``condition ? if_true : if_false``: only the branch chosen is evaluated."""

    condition: Expression
    if_true: Expression
    if_false: Expression


Expression = (
    Literal | Name | Variable | Member | Index | Call | Unary | Binary | Logical | Conditional
)
"""Any expression form."""
