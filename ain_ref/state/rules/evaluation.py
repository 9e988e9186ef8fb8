"""
Evaluating a write rule for one write: the verdict, or the rejection that says why not.

Every failure is a typed rejection; nothing raises out of ``evaluate_rule``.

Spec: spec/rules.md, "Evaluation" ([AIN-STATE-RULE-EVAL.2], [AIN-STATE-RULE-ERROR.1],
[AIN-STATE-RULE-BUDGET.2]).
Layer: state. Imports errors, state.rules.
"""

from __future__ import annotations

from ain_ref.errors import ErrorCode, Rejection
from ain_ref.state.rules.context import DataValue, RuleContext
from ain_ref.state.rules.machine import Evaluation, program_of
from ain_ref.state.rules.values import BudgetExceededError, EvaluationError, is_truthy

__all__ = ["DataValue", "RuleContext", "evaluate_rule"]


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
    [AIN-STATE-RULE-EVAL.2] The write is allowed when the rule's value is truthy, else
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
