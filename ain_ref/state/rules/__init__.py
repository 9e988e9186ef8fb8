"""
Write rules: the expression language that decides whether a value write is allowed.

The language's parts, one module each: ``syntax`` (the forms), ``grammar`` (limits, parsing
with ``ain_ref/state/rule.lark``), ``values`` (the value domain, truthiness, equality),
``operators``, ``library`` (getters, conversions, ``util``), ``budget`` (steps and paid reads),
``compiler`` (forms to a flat program), ``context`` (what a rule sees), ``machine`` (running a
program over an explicit stack) and ``evaluation`` (the verdict).

Spec: spec/rules.md ([AIN-STATE-RULE-*]).
Layer: state. Imports crypto, encoding, errors, state.labels, state.paths, state.tree.
"""

from ain_ref.state.rules.budget import EVALUATION_BUDGET
from ain_ref.state.rules.evaluation import DataValue, RuleContext, evaluate_rule
from ain_ref.state.rules.grammar import (
    GRAMMAR,
    MAX_NESTING_DEPTH,
    MAX_RULE_BYTES,
    parse_rule,
)
from ain_ref.state.rules.library import rule_path
from ain_ref.state.rules.values import BudgetExceededError, EvaluationError

__all__ = [
    "EVALUATION_BUDGET",
    "GRAMMAR",
    "MAX_NESTING_DEPTH",
    "MAX_RULE_BYTES",
    "BudgetExceededError",
    "DataValue",
    "EvaluationError",
    "RuleContext",
    "evaluate_rule",
    "parse_rule",
    "rule_path",
]
