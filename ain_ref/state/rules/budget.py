"""
The evaluation budget: what one step is, and reads that pay for each node before visiting it.

Spec: spec/rules.md, "Budget" ([AIN-STATE-RULE-BUDGET.2]).
Layer: state. Imports state.tree, state.rules.values.
"""

from __future__ import annotations

from typing import Final

from ain_ref.state.rules.values import BudgetExceededError, RuleValue
from ain_ref.state.tree import Node

EVALUATION_BUDGET: Final = 10_000
"""Steps one evaluation may take [AIN-STATE-RULE-BUDGET.2]."""
JOIN_STEP_CODE_POINTS: Final = 64
"""Joining texts costs one more step per 64 code points of the result [AIN-STATE-RULE-BUDGET.2]."""


class Budget:
    """The steps spent so far by one evaluation."""

    __slots__ = ("steps",)

    def __init__(self) -> None:
        self.steps = 0

    def charge(self, cost: int) -> None:
        """
        Spend ``cost`` steps before the work they pay for.

        References
        ----------
        [AIN-STATE-RULE-BUDGET.2] Spending past EVALUATION_BUDGET is RULE_BUDGET_EXCEEDED.
        """
        self.steps += cost
        if self.steps > EVALUATION_BUDGET:
            raise BudgetExceededError(f"more than {EVALUATION_BUDGET} steps")


def read_node(node: Node | None, budget: Budget) -> RuleValue:
    """
    The value of a tree node, one step paid for each node before it is visited.

    Children are visited in whatever order the node keeps them: the result is the same map
    either way, and a read that runs out of budget fails whatever it had visited, so a node
    with more children than the budget left costs no more than the budget (nothing is sorted
    or copied first).

    References
    ----------
    [AIN-STATE-RULE-BUDGET.2] A read costs one step per node, an absent value one step.
    """
    budget.charge(1)
    if node is None:
        return None
    if not node.children:
        return node.value
    result: dict[str, RuleValue] = {}
    pending = [(node, result)]
    while pending:
        parent, entries = pending.pop()
        for label, child in parent.children.items():
            budget.charge(1)
            if child.children:
                entries[label] = {}
                pending.append((child, entries[label]))
            else:
                entries[label] = child.value
    return result


def charge_value(value: RuleValue, budget: Budget) -> int:
    """
    Pay for a value already in hand as a read of it would.

    ``newData``, ``data`` given as a value, and a config: one step per node, each paid before
    the next is looked at. Returns the number of nodes paid for.
    """
    budget.charge(1)
    if type(value) is not dict:
        return 1
    count = 1
    pending = [value]
    while pending:
        for entry in pending.pop().values():
            budget.charge(1)
            count += 1
            if type(entry) is dict:
                pending.append(entry)
    return count
