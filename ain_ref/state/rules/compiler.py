"""
Compiling a rule's syntax tree into a flat program the evaluator runs with a value stack.

Each form becomes its operands' code followed by its own instruction (with relative jumps for
the forms that may skip an operand: ``&&``, ``||``, ``?:``). The step a form costs is charged
with the first instruction of its code, so the budget is spent in the spec's order: a form
before its operands, operands left to right, a skipped operand never. Compiling walks the
syntax tree over an explicit stack.

Spec: spec/rules.md, "Evaluation" and "Budget" ([AIN-STATE-RULE-EVAL.2],
[AIN-STATE-RULE-BUDGET.2]).
Layer: state. Imports state.rules.
"""

from __future__ import annotations

import enum
from typing import Any, TypeAlias

from ain_ref.state.rules.library import FUNCTION_ARITY, FUNCTIONS, UTIL_FUNCTIONS, Function
from ain_ref.state.rules.operators import BINARY_OPERATORS, UNARY_OPERATORS
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


class Op(enum.IntEnum):
    """What one instruction does; ``argument`` is described on each."""

    PUSH = 1  # push the literal value ``argument``
    AUTH = 2  # push auth
    DATA = 3  # push data (a read, paid per node)
    NEW_DATA = 4  # push newData (paid per node)
    CURRENT_TIME = 5  # push currentTime
    VARIABLE = 6  # push the label bound to the variable ``argument``
    ENTRY = 7  # pop a target, push its entry named ``argument``
    INDEX = 8  # pop a key and a target, push the entry
    CALL = 9  # pop one argument, push ``argument`` (a Function) applied to it
    UNARY = 10  # pop one operand, push ``argument`` applied to it
    BINARY = 11  # pop two operands, push ``argument`` applied to them
    JOIN_OR_ADD = 12  # ``+``: pop two operands; texts joined pay per 64 code points
    AND_JUMP = 13  # top falsy: replace by false and skip ``argument`` instructions; else pop
    OR_JUMP = 14  # top truthy: replace by true and skip ``argument`` instructions; else pop
    JUMP_UNLESS = 15  # pop; when falsy skip ``argument`` instructions
    JUMP = 16  # skip ``argument`` instructions
    TO_BOOLEAN = 17  # replace the top by its truthiness
    FAIL = 18  # an evaluation error, ``argument`` says why


Instruction: TypeAlias = tuple[Op, int, Any]
"""(op, steps charged before it runs, argument)."""
Program: TypeAlias = tuple[Instruction, ...]

VALUE_NAMES = {
    "auth": Op.AUTH,
    "data": Op.DATA,
    "newData": Op.NEW_DATA,
    "currentTime": Op.CURRENT_TIME,
}
"""The names that are values [AIN-STATE-RULE-EVAL.2]."""


def called_function(call: Call) -> Function | str:
    """
    The function a call names, or why the call cannot be made (checked before its arguments).

    Only ``f(x)`` with f a library function and ``util.f(x)`` with f a util function call;
    the callee is not evaluated.
    """
    callee = call.callee
    function: Function | None = None
    if isinstance(callee, Name):
        function = FUNCTIONS.get(callee.name)
        if function is None:
            return f"{callee.name} is not a function"
    elif isinstance(callee, Member) and callee.target == Name("util"):
        function = UTIL_FUNCTIONS.get(callee.name)
        if function is None:
            return f"util.{callee.name} is not a util function"
    else:
        return "call of something that is not a function"
    if len(call.arguments) != FUNCTION_ARITY:
        return f"{len(call.arguments)} arguments; every function takes {FUNCTION_ARITY}"
    return function


def evaluated_operands(expression: Expression) -> tuple[Expression, ...]:
    """The operands a form evaluates, in order: a call's argument only when it can be made."""
    if isinstance(expression, Member):
        return (expression.target,)
    if isinstance(expression, Index):
        return (expression.target, expression.key)
    if isinstance(expression, Call):
        return expression.arguments if not isinstance(called_function(expression), str) else ()
    if isinstance(expression, Unary):
        return (expression.operand,)
    if isinstance(expression, Binary | Logical):
        return (expression.left, expression.right)
    if isinstance(expression, Conditional):
        return (expression.condition, expression.if_true, expression.if_false)
    return ()


def compile_rule(expression: Expression) -> Program:
    """
    The program of a syntax tree.

    References
    ----------
    [AIN-STATE-RULE-EVAL.2] Operands left to right; ``&&``, ``||`` and ``?:`` skip what they
    do not need.
    [AIN-STATE-RULE-BUDGET.2] One step per form evaluated, charged before its operands.
    """
    compiled: dict[int, list[Instruction]] = {}
    pending: list[tuple[Expression, bool]] = [(expression, False)]
    while pending:
        form, operands_done = pending.pop()
        operands = evaluated_operands(form)
        if not operands_done:
            pending.append((form, True))
            pending.extend((operand, False) for operand in reversed(operands))
            continue
        codes = [compiled.pop(id(operand)) for operand in operands]
        code = code_of(form, codes)
        operation, cost, argument = code[0]
        code[0] = (operation, cost + 1, argument)  # the form's own step, before its operands
        compiled[id(form)] = code
    return tuple(compiled[id(expression)])


def code_of(form: Expression, codes: list[list[Instruction]]) -> list[Instruction]:
    """One form's code from its evaluated operands' codes (each instruction costing 0)."""
    if isinstance(form, Literal):
        return [(Op.PUSH, 0, form.value)]
    if isinstance(form, Name):
        if form.name in VALUE_NAMES:
            return [(VALUE_NAMES[form.name], 0, None)]
        if form.name in FUNCTIONS or form.name == "util":
            return [(Op.FAIL, 0, f"{form.name} is not a value")]
        return [(Op.FAIL, 0, f"unknown name {form.name}")]
    if isinstance(form, Variable):
        return [(Op.VARIABLE, 0, form.name)]
    if isinstance(form, Member):
        return [*codes[0], (Op.ENTRY, 0, form.name)]
    if isinstance(form, Index):
        return [*codes[0], *codes[1], (Op.INDEX, 0, None)]
    if isinstance(form, Call):
        function = called_function(form)
        if isinstance(function, str):
            return [(Op.FAIL, 0, function)]
        return [*codes[0], (Op.CALL, 0, function)]
    if isinstance(form, Unary):
        return [*codes[0], (Op.UNARY, 0, UNARY_OPERATORS[form.operator])]
    if isinstance(form, Binary):
        if form.operator == "+":
            return [*codes[0], *codes[1], (Op.JOIN_OR_ADD, 0, None)]
        return [*codes[0], *codes[1], (Op.BINARY, 0, BINARY_OPERATORS[form.operator])]
    if isinstance(form, Logical):
        jump = Op.AND_JUMP if form.operator == "&&" else Op.OR_JUMP
        left, right = codes
        return [*left, (jump, 0, len(right) + 1), *right, (Op.TO_BOOLEAN, 0, None)]
    condition, if_true, if_false = codes
    return [
        *condition,
        (Op.JUMP_UNLESS, 0, len(if_true) + 1),
        *if_true,
        (Op.JUMP, 0, len(if_false)),
        *if_false,
    ]
