"""Fillers for state/parse_rule and state/evaluate_rule: the write-rule language."""

from __future__ import annotations

import json
from pathlib import Path

from ain_ref.conformance.typed_json import to_typed_json
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.state.common import ALICE, BOB

PRODUCTION_RULES = Path(__file__).parents[2] / "data" / "ain-blockchain-genesis_rules.json"


def production_expressions() -> list[tuple[str, str]]:
    """The 34 string-valued write rules of the production node's genesis, with their paths."""
    found: list[tuple[str, str]] = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            for key, child in node.items():
                if key == ".rule" and isinstance(child.get("write"), str):
                    found.append((path or "/", child["write"]))
                elif key != ".rule":
                    walk(child, f"{path}/{key}")

    walk(json.loads(PRODUCTION_RULES.read_text()), "")
    return found


@clauses("AIN-STATE-RULE-GRAMMAR.1")
def test_grammar_accepts_and_refuses(fill: Filler) -> None:
    """
    The grammar accepts the language's forms and refuses anything else with a location.

    Given
    -----
    - expressions using every form; and broken ones: a dangling operator, an unclosed
      parenthesis, an assignment, an arrow function, a stray character, 4,097 characters.

    When
    ----
    - each is parsed.

    Then
    ----
    - the well-formed ones parse; the broken ones are RULE_SYNTAX_ERROR.
    """
    for case, expression in (
        ("literals", "true || false || null || 0 || 'a' || \"b\""),
        ("precedence", "1 + 2 * 3 % 4 - -5 < 6 && 7 >= 8 || !(9 === 10)"),
        ("ternary", "auth.addr ? data === null : newData !== null"),
        ("access_and_calls", "getValue('/a/' + $user)[\"b\"].c && util.isString(x)"),
    ):
        fill("state", "parse_rule", {"expression": expression}, output={"valid": True}, case=case)
    for case, expression in (
        ("dangling_operator", "auth.addr ==="),
        ("unclosed_parenthesis", "(1 + 2"),
        ("assignment", "data = 1"),
        ("arrow_function", "(x) => x"),
        ("stray_character", "1 @ 2"),
        ("too_long", "1" + " + 1" * 1024),
    ):
        fill(
            "state",
            "parse_rule",
            {"expression": expression},
            rejection=ErrorCode.RULE_SYNTAX_ERROR,
            case=case,
        )


@clauses("AIN-STATE-RULE-GRAMMAR.1")
def test_production_genesis_rules_parse(fill: Filler) -> None:
    """
    Every string-valued write rule of the production node's genesis parses.

    Given
    -----
    - the 34 expressions of ain-blockchain's genesis_rules.json (MIT).

    When
    ----
    - each is parsed with the rule grammar.

    Then
    ----
    - all parse.
    """
    expressions = production_expressions()
    assert len(expressions) == 34
    for index, (path, expression) in enumerate(expressions):
        fill(
            "state",
            "parse_rule",
            {"expression": expression},
            output={"valid": True},
            case=f"{index:02d}",
            note=f"production rule at {path}",
        )


def evaluation(
    fill: Filler,
    case: str,
    rule: bool | str,
    *,
    allowed: bool = True,
    code: ErrorCode = ErrorCode.RULE_DENIED,
    data: CborValue = None,
    new_data: CborValue = None,
    variables: dict[str, str] | None = None,
    genesis: dict[str, CborValue] | None = None,
    fid: str | None = None,
    note: str = "",
) -> None:
    """Fill one evaluate_rule case."""
    vector_input = {
        "genesis": to_typed_json(genesis or {}),
        "rule": rule,
        "auth": {"addr": ALICE, "fid": fid},
        "data": to_typed_json(data),
        "new_data": to_typed_json(new_data),
        "current_time": "1700000000000",
        "variables": variables or {},
    }
    if allowed:
        fill("state", "evaluate_rule", vector_input, output={"allowed": True}, case=case, note=note)
    else:
        fill("state", "evaluate_rule", vector_input, rejection=code, case=case, note=note)


@clauses("AIN-STATE-RULE-EVAL.1")
def test_evaluation_semantics(fill: Filler) -> None:
    """
    Operators, truthiness, equality and arithmetic mean what the spec says.

    Given
    -----
    - auth.addr = alice, currentTime = 1,700,000,000,000, and rules exercising each operator.

    When
    ----
    - each rule is evaluated.

    Then
    ----
    - true rules allow and false rules deny with RULE_DENIED: strict equality (true is not
      1), integer division toward zero, remainder with the dividend's sign, text joins, text
      comparison by bytes, short-circuits, ternaries, and truthiness of 0, "", null, maps.
    """
    allow = {
        "boolean_true": True,
        "strict_equality": "1 === 1 && 'a' === 'a' && null === null && !(true === 1)",
        "loose_is_strict": "!(1 == true) && 1 != '1'",
        "division_truncates": "-7 / 2 === -3 && 7 / 2 === 3",
        "remainder_sign": "-7 % 3 === -1 && 7 % -3 === 1",
        "join_text_and_integer": "'/a/' + 1 + 2 === '/a/12'",
        "integer_sum_then_join": "1 + 2 + 'x' === '3x'",
        "text_order": "'B' < 'a' && 'ab' > 'a'",
        "short_circuit": "false && undefinedName || true",
        "ternary": "currentTime > 0 ? true : undefinedName",
        "truthiness": "!0 && !'' && !null && !!1 && !!'a'",
        "auth": f"auth.addr === '{ALICE}' && auth.fid === null",
        "number_and_string": "Number('42') === 42 && String(42) === '42' && Boolean(1)",
    }
    for case, rule in allow.items():
        evaluation(fill, case, rule)
    evaluation(fill, "boolean_false", False, allowed=False)
    evaluation(fill, "falsy_result", "0", allowed=False)
    evaluation(fill, "other_signer", f"auth.addr === '{BOB}'", allowed=False)


@clauses("AIN-STATE-RULE-EVAL.1", "AIN-STATE-RULE-LIBRARY.1")
def test_context_and_library(fill: Filler) -> None:
    """
    Rules see data, newData, path variables, the state through getValue and the config
    getters, and the util library.

    Given
    -----
    - a state with /apps/chat/admin = alice and a rule config at /apps/$app; data and newData
      maps; the variable app = chat.

    When
    ----
    - rules reading each are evaluated.

    Then
    ----
    - they allow when the facts hold.
    """
    genesis: dict[str, CborValue] = {
        "values": {"/apps/chat/admin": ALICE},
        "rules": {"/apps/$app": {"write": True}},
    }
    rules = {
        "get_value": "getValue('/apps/' + $app + '/admin') === auth.addr",
        "get_value_without_slash": "getValue('apps/chat/admin') === auth.addr",
        "get_value_absent": "getValue('/nothing') === null",
        "get_rule": "getRule('/apps/$app').write === true",
        "data_and_new_data": "data.count === 1 && newData.count === 2 && data.missing === null",
        "util_types": "util.isDict(newData) && util.isInteger(newData.count) && "
        "util.isString($app) && !util.isNumber(true) && util.isBoolean(false)",
        "util_length_and_empty": "util.length($app) === 4 && util.isEmpty('') && "
        "util.isEmpty(null) && !util.isEmpty(newData)",
        "util_address": f"util.isAddress('{ALICE}') && !util.isAddress('0xabc')",
    }
    for case, rule in rules.items():
        evaluation(
            fill,
            case,
            rule,
            data={"count": 1},
            new_data={"count": 2},
            variables={"app": "chat"},
            genesis=genesis,
        )


@clauses("AIN-STATE-RULE-ERROR.1", "AIN-STATE-RULE-BUDGET.1")
def test_evaluation_errors(fill: Filler) -> None:
    """
    A rule that cannot be evaluated, or takes too long, denies with its own code.

    Given
    -----
    - rules with an unknown name, an unknown util function (a production helper), a member
      of null, a comparison of an integer with text, a division by zero, an overflowing
      product, an unbound $variable, a call of a text, a malformed path; and a rule reading a
      120-entry map 100 times.

    When
    ----
    - each is evaluated.

    Then
    ----
    - RULE_EVALUATION_ERROR for each, and RULE_BUDGET_EXCEEDED for the last.
    """
    errors = {
        "unknown_name": "blockNumber > 0",
        "production_helper": "util.isAppAdmin('consensus', auth.addr, getValue)",
        "member_of_null": "data.owner === 1",
        "integer_versus_text": "1 < 'a'",
        "division_by_zero": "1 / 0 === 0",
        "overflow": "18446744073709551615 * 2 > 0",
        "unbound_variable": "$user === 'a'",
        "call_of_text": "'a'()",
        "malformed_path": "getValue('/a b') === null",
    }
    for case, rule in errors.items():
        evaluation(fill, case, rule, allowed=False, code=ErrorCode.RULE_EVALUATION_ERROR)
    genesis: dict[str, CborValue] = {"values": {"/big": {f"k{i:03d}": i for i in range(120)}}}
    evaluation(
        fill,
        "budget",
        " && ".join(["getValue('/big')"] * 100),
        allowed=False,
        code=ErrorCode.RULE_BUDGET_EXCEEDED,
        genesis=genesis,
    )
