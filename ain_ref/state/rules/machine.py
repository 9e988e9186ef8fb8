"""
The machine that runs a rule's program: one loop over a value stack, no Python recursion.

Each instruction of a program (``compiler``) is charged its steps, then done by the function
``EXECUTE`` names for its Op. The verdict is therefore the same at any Python call depth (under
a native function, under a low recursion limit).

Spec: spec/rules.md, "Evaluation" and "Budget" ([AIN-STATE-RULE-EVAL.2],
[AIN-STATE-RULE-BUDGET.2]).
Layer: state. Imports errors, state.rules.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Final, TypeAlias

from ain_ref.errors import Rejection
from ain_ref.state.rules.budget import (
    EVALUATION_BUDGET,
    JOIN_STEP_CODE_POINTS,
    Budget,
    charge_value,
    read_node,
)
from ain_ref.state.rules.compiler import Op, compile_rule
from ain_ref.state.rules.context import DataValue, RuleContext
from ain_ref.state.rules.grammar import parse_rule
from ain_ref.state.rules.library import Function
from ain_ref.state.rules.operators import add, entry_of, join_operands
from ain_ref.state.rules.values import (
    BudgetExceededError,
    EvaluationError,
    RuleValue,
    is_truthy,
)


class Evaluation:
    """One rule evaluated against one context: the budget, and what was read once."""

    __slots__ = ("budget", "context", "data_read", "new_data_nodes")

    def __init__(self, context: RuleContext) -> None:
        self.context = context
        self.budget = Budget()
        self.data_read: tuple[RuleValue, int] | None = None
        self.new_data_nodes: int | None = None

    def data(self) -> RuleValue:
        """
        ``data``: every reference pays for every node of the value, as a fresh read would.

        The tree is read once and its count of nodes remembered.
        """
        if self.data_read is not None:
            value, nodes = self.data_read
            self.budget.charge(nodes)
            return value
        before = self.budget.steps
        if isinstance(self.context.data, DataValue):
            value = self.context.data.value
            charge_value(value, self.budget)
        else:
            value = read_node(self.context.tree.node_at(self.context.data), self.budget)
        self.data_read = (value, self.budget.steps - before)
        return value

    def new_data(self) -> RuleValue:
        """``newData``: every reference pays one step per node of the value written."""
        if self.new_data_nodes is None:
            self.new_data_nodes = charge_value(self.context.new_data, self.budget)
        else:
            self.budget.charge(self.new_data_nodes)
        return self.context.new_data

    def variable(self, name: str) -> str:
        """``$name``: the label the rule path matched there; unbound is an error."""
        label = self.context.variables.get(name)
        if label is None:
            raise EvaluationError(f"no path variable ${name}")
        return label

    def join_or_add(self, left: RuleValue, right: RuleValue) -> RuleValue:
        """
        ``+``; a join pays one step per full 64 code points of the joined text, first.

        References
        ----------
        [AIN-STATE-RULE-BUDGET.2]
        """
        texts = join_operands(left, right)
        if texts is None:
            return add(left, right)
        size = len(texts[0]) + len(texts[1])
        if size >= JOIN_STEP_CODE_POINTS:
            self.budget.charge(size // JOIN_STEP_CODE_POINTS)
        return texts[0] + texts[1]

    def run(self, program: Executable) -> RuleValue:
        """
        Run a program to its value: charge each instruction's steps, then do its work.

        References
        ----------
        [AIN-STATE-RULE-EVAL.2] [AIN-STATE-RULE-BUDGET.2]
        """
        budget = self.budget
        stack: list[RuleValue] = []
        position, end = 0, len(program)
        while position < end:
            execute, cost, argument = program[position]
            position += 1
            if cost:
                budget.steps += cost
                if budget.steps > EVALUATION_BUDGET:
                    raise BudgetExceededError(f"more than {EVALUATION_BUDGET} steps")
            skip = execute(self, stack, argument)
            if skip:
                position += skip
        return stack.pop()


# --- what each instruction does (Op -> function); a returned int skips that many ------------


def push(evaluation: Evaluation, stack: list[RuleValue], argument: RuleValue) -> None:
    """Op.PUSH: a literal."""
    stack.append(argument)


def push_auth(evaluation: Evaluation, stack: list[RuleValue], argument: None) -> None:
    """Op.AUTH: ``auth``."""
    stack.append(evaluation.context.auth)


def push_data(evaluation: Evaluation, stack: list[RuleValue], argument: None) -> None:
    """Op.DATA: ``data``, paid per node."""
    stack.append(evaluation.data())


def push_new_data(evaluation: Evaluation, stack: list[RuleValue], argument: None) -> None:
    """Op.NEW_DATA: ``newData``, paid per node."""
    stack.append(evaluation.new_data())


def push_current_time(evaluation: Evaluation, stack: list[RuleValue], argument: None) -> None:
    """Op.CURRENT_TIME: ``currentTime``."""
    stack.append(evaluation.context.current_time)


def push_variable(evaluation: Evaluation, stack: list[RuleValue], argument: str) -> None:
    """Op.VARIABLE: ``$name``."""
    stack.append(evaluation.variable(argument))


def entry(evaluation: Evaluation, stack: list[RuleValue], argument: str) -> None:
    """Op.ENTRY: ``target.name``."""
    stack.append(entry_of(stack.pop(), argument))


def index(evaluation: Evaluation, stack: list[RuleValue], argument: None) -> None:
    """Op.INDEX: ``target[key]``."""
    key = stack.pop()
    stack.append(entry_of(stack.pop(), key))


def call(evaluation: Evaluation, stack: list[RuleValue], argument: Function) -> None:
    """Op.CALL: a library function of one argument."""
    stack.append(argument(evaluation.context.tree, evaluation.budget, stack.pop()))


def unary(
    evaluation: Evaluation, stack: list[RuleValue], argument: Callable[[RuleValue], RuleValue]
) -> None:
    """Op.UNARY: ``!x`` or ``-x``."""
    stack.append(argument(stack.pop()))


def binary(
    evaluation: Evaluation,
    stack: list[RuleValue],
    argument: Callable[[RuleValue, RuleValue], RuleValue],
) -> None:
    """Op.BINARY: every binary operator but ``+``."""
    right = stack.pop()
    stack.append(argument(stack.pop(), right))


def join_or_add(evaluation: Evaluation, stack: list[RuleValue], argument: None) -> None:
    """Op.JOIN_OR_ADD: ``+``, texts paying for their length first."""
    right = stack.pop()
    stack.append(evaluation.join_or_add(stack.pop(), right))


def and_jump(evaluation: Evaluation, stack: list[RuleValue], argument: int) -> int:
    """Op.AND_JUMP: a falsy left decides ``&&`` (false); a truthy one is dropped."""
    if is_truthy(stack[-1]):
        stack.pop()
        return 0
    stack[-1] = False
    return argument


def or_jump(evaluation: Evaluation, stack: list[RuleValue], argument: int) -> int:
    """Op.OR_JUMP: a truthy left decides ``||`` (true); a falsy one is dropped."""
    if is_truthy(stack[-1]):
        stack[-1] = True
        return argument
    stack.pop()
    return 0


def jump_unless(evaluation: Evaluation, stack: list[RuleValue], argument: int) -> int:
    """Op.JUMP_UNLESS: a conditional's test; falsy skips the first branch."""
    return 0 if is_truthy(stack.pop()) else argument


def jump(evaluation: Evaluation, stack: list[RuleValue], argument: int) -> int:
    """Op.JUMP: past the second branch of a conditional."""
    return argument


def to_boolean(evaluation: Evaluation, stack: list[RuleValue], argument: None) -> None:
    """Op.TO_BOOLEAN: the right operand of ``&&``, ``||`` as a boolean."""
    stack[-1] = is_truthy(stack[-1])


def fail(evaluation: Evaluation, stack: list[RuleValue], argument: str) -> None:
    """Op.FAIL: an evaluation error known when compiling (unknown name, bad call)."""
    raise EvaluationError(argument)


EXECUTE: Final[dict[Op, Callable[[Evaluation, list[RuleValue], Any], int | None]]] = {
    Op.PUSH: push,
    Op.AUTH: push_auth,
    Op.DATA: push_data,
    Op.NEW_DATA: push_new_data,
    Op.CURRENT_TIME: push_current_time,
    Op.VARIABLE: push_variable,
    Op.ENTRY: entry,
    Op.INDEX: index,
    Op.CALL: call,
    Op.UNARY: unary,
    Op.BINARY: binary,
    Op.JOIN_OR_ADD: join_or_add,
    Op.AND_JUMP: and_jump,
    Op.OR_JUMP: or_jump,
    Op.JUMP_UNLESS: jump_unless,
    Op.JUMP: jump,
    Op.TO_BOOLEAN: to_boolean,
    Op.FAIL: fail,
}
"""What each instruction does."""

Executable: TypeAlias = tuple[tuple[Callable[..., int | None], int, Any], ...]
"""A program with each Op replaced by the function that does it."""


@functools.lru_cache(maxsize=4096)
def program_of(expression: str) -> Executable | Rejection:
    """The executable program of a rule expression, or its parse rejection."""
    syntax = parse_rule(expression)
    if isinstance(syntax, Rejection):
        return syntax
    return tuple((EXECUTE[op], cost, argument) for op, cost, argument in compile_rule(syntax))
