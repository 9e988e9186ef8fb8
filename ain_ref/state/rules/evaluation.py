"""
Evaluating a write rule for one write: the context it sees, the verdict it gives.

A rule's program (``compiler``) runs in one loop over a value stack: no Python recursion, so the
verdict is the same at any call depth (under a native function, under a low recursion limit).
Every failure is a typed rejection; nothing raises out of ``evaluate_rule``.

Spec: spec/rules.md, "Evaluation" ([AIN-STATE-RULE-EVAL.1], [AIN-STATE-RULE-ERROR.1],
[AIN-STATE-RULE-BUDGET.2]).
Layer: state. Imports encoding, errors, state.paths, state.tree, state.rules.
"""

from __future__ import annotations

import functools

import attrs

from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.state.paths import StatePath
from ain_ref.state.rules.budget import JOIN_STEP_CODE_POINTS, Budget, charge_value, read_node
from ain_ref.state.rules.compiler import Op, Program, compile_rule
from ain_ref.state.rules.grammar import parse_rule
from ain_ref.state.rules.operators import add, entry_of
from ain_ref.state.rules.values import (
    BudgetExceededError,
    EvaluationError,
    RuleValue,
    is_truthy,
)
from ain_ref.state.tree import StateTree


@attrs.frozen
class DataValue:
    """A ``data`` given as a value rather than read from the tree (vectors, tests)."""

    value: CborValue


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


@functools.lru_cache(maxsize=4096)
def program_of(expression: str) -> Program | Rejection:
    """The program of a rule expression, or its parse rejection."""
    syntax = parse_rule(expression)
    return syntax if isinstance(syntax, Rejection) else compile_rule(syntax)


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
        """``+``; joining texts pays one step per full 64 code points of the result, first."""
        if type(left) is str or type(right) is str:
            size = len(left) if type(left) is str else 0
            size += len(right) if type(right) is str else 0
            if size >= JOIN_STEP_CODE_POINTS:
                self.budget.charge(size // JOIN_STEP_CODE_POINTS)
        return add(left, right)

    def run(self, program: Program) -> RuleValue:
        """
        Run a program to its value.

        References
        ----------
        [AIN-STATE-RULE-EVAL.1] [AIN-STATE-RULE-BUDGET.2]
        """
        budget, tree = self.budget, self.context.tree
        stack: list[RuleValue] = []
        position, end = 0, len(program)
        while position < end:
            operation, cost, argument = program[position]
            position += 1
            if cost:
                budget.charge(cost)
            if operation is Op.PUSH:
                stack.append(argument)
            elif operation is Op.VARIABLE:
                stack.append(self.variable(argument))
            elif operation is Op.AUTH:
                stack.append(self.context.auth)
            elif operation is Op.NEW_DATA:
                stack.append(self.new_data())
            elif operation is Op.DATA:
                stack.append(self.data())
            elif operation is Op.CURRENT_TIME:
                stack.append(self.context.current_time)
            elif operation is Op.ENTRY:
                stack.append(entry_of(stack.pop(), argument))
            elif operation is Op.INDEX:
                key = stack.pop()
                stack.append(entry_of(stack.pop(), key))
            elif operation is Op.CALL:
                stack.append(argument(tree, budget, stack.pop()))
            elif operation is Op.BINARY:
                right = stack.pop()
                stack.append(argument(stack.pop(), right))
            elif operation is Op.JOIN_OR_ADD:
                right = stack.pop()
                stack.append(self.join_or_add(stack.pop(), right))
            elif operation is Op.UNARY:
                stack.append(argument(stack.pop()))
            elif operation is Op.AND_JUMP:
                if is_truthy(stack[-1]):
                    stack.pop()
                else:
                    stack[-1] = False
                    position += argument
            elif operation is Op.OR_JUMP:
                if is_truthy(stack[-1]):
                    stack[-1] = True
                    position += argument
                else:
                    stack.pop()
            elif operation is Op.JUMP_UNLESS:
                if not is_truthy(stack.pop()):
                    position += argument
            elif operation is Op.JUMP:
                position += argument
            elif operation is Op.TO_BOOLEAN:
                stack[-1] = is_truthy(stack[-1])
            else:  # Op.FAIL
                raise EvaluationError(argument)
        return stack.pop()


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
    [AIN-STATE-RULE-ERROR.1] A rule that cannot be evaluated (or a stored expression that does
    not parse) denies with RULE_EVALUATION_ERROR.
    [AIN-STATE-RULE-BUDGET.2] A rule over budget denies with RULE_BUDGET_EXCEEDED.
    """
    if isinstance(rule, bool):
        return None if rule else Rejection(ErrorCode.RULE_DENIED, "rule is false")
    program = program_of(rule)
    if isinstance(program, Rejection):
        detail = f"stored rule unparsable: {program.code}"
        return Rejection(ErrorCode.RULE_EVALUATION_ERROR, detail)
    try:
        result = Evaluation(context).run(program)
    except BudgetExceededError as error:
        return Rejection(ErrorCode.RULE_BUDGET_EXCEEDED, str(error))
    except EvaluationError as error:
        return Rejection(ErrorCode.RULE_EVALUATION_ERROR, str(error))
    if not is_truthy(result):
        return Rejection(ErrorCode.RULE_DENIED, f"rule {rule!r:.80} is falsy")
    return None
