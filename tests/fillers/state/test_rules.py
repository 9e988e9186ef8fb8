"""Fillers for state/parse_rule and state/evaluate_rule: the write-rule language."""

from __future__ import annotations

import json
from pathlib import Path

from ain_ref.conformance.typed_json import to_typed_json
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.state.common import (
    ALICE,
    ALICE_SEED,
    BOB,
    BOB_SEED,
    CAROL_SEED,
    apply_vector,
    set_value,
    transaction,
)

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


@clauses("AIN-STATE-RULE-GRAMMAR.2", "AIN-STATE-RULE-SYNTAX.1")
def test_grammar_accepts_and_refuses(fill: Filler) -> None:
    """
    The grammar accepts the language's forms and refuses anything else with a location.

    Given
    -----
    - expressions using every form, the five escapes, the four whitespace characters, keywords
      as member names, chained comparisons, the largest integer literal; and broken ones: a
      dangling operator, an unclosed parenthesis, an assignment, an arrow function, a stray
      character, an unknown escape, a line feed in a text, a leading zero, an integer above
      2**64 - 1, a no-break space or form feed as whitespace, a space after $, a trailing comma,
      errors on a third line, at the end of a line, after a non-BMP character.

    When
    ----
    - each is parsed.

    Then
    ----
    - the well-formed ones parse; the broken ones are RULE_SYNTAX_ERROR, located at the line
      and column (from 1, in code points) where reading failed: a stray character on the third
      line, the end of a text ending in a line feed (line 2, column 1), a character after a
      non-BMP one (counted as one column).
    """
    for case, expression in (
        ("literals", "true || false || null || 0 || 'a' || \"b\""),
        ("precedence", "1 + 2 * 3 % 4 - -5 < 6 && 7 >= 8 || !(9 === 10)"),
        ("ternary", "auth.addr ? data === null : newData !== null"),
        ("access_and_calls", "getValue('/a/' + $user)[\"b\"].c && util.isString(x)"),
        ("escapes", "'\\n\\t\\\\\\'\\\"' !== \"\\'\""),
        ("whitespace_set", "1\t+\r\n1 ===\n2"),
        ("keywords_as_member_names", "data.true || data.null || data.false"),
        ("chained_comparison_parses", "1 < 2 < 3"),
        ("largest_integer_literal", "18446744073709551615 > 0"),
        ("most_negative_integer", "-9223372036854775808 < 0"),
        ("carriage_return_in_text", "'a\rb' !== ''"),
        ("no_arguments_parses", "getValue()"),
        ("non_ascii_text", "'\u00e9\U0001f600' !== ''"),
    ):
        fill("state", "parse_rule", {"expression": expression}, output={"valid": True}, case=case)
    for case, expression in (
        ("dangling_operator", "auth.addr ==="),
        ("unclosed_parenthesis", "(1 + 2"),
        ("assignment", "data = 1"),
        ("arrow_function", "(x) => x"),
        ("stray_character", "1 @ 2"),
        ("unknown_escape", "'\\q' === 'q'"),
        ("line_feed_in_text", "'a\nb' === ''"),
        ("leading_zero", "007 === 7"),
        ("integer_above_u64", "18446744073709551616 > 0"),
        ("no_break_space", "1\u00a0+ 1"),
        ("form_feed", "1\f+ 1"),
        ("space_after_dollar", "$ user === 'a'"),
        ("trailing_comma", "Number(1,)"),
        ("error_on_third_line", "1 +\n\n  @ 2"),
        ("error_at_the_end_of_a_line", "1 +\n"),
        ("error_after_a_non_bmp_character", "'\U0001f600' === @"),
    ):
        fill(
            "state",
            "parse_rule",
            {"expression": expression},
            rejection=ErrorCode.RULE_SYNTAX_ERROR,
            case=case,
            pin_location=True,
        )


@clauses("AIN-STATE-RULE-GRAMMAR.2")
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


@clauses("AIN-STATE-RULE-LIMITS.1")
def test_rule_limits_are_taken_exactly(fill: Filler) -> None:
    """
    The length limit is 4096 bytes of UTF-8 and the nesting limit 64, both taken exactly, and
    they are checked in order: length, grammar, depth, literal range.

    Given
    -----
    - expressions of exactly 4096 and 4097 bytes (ASCII); one of 4098 bytes but 2050 code
      points and 2050 UTF-16 units (two-byte characters in a text literal); nesting of depth
      exactly 64 and 65, by parentheses and by a chain of &&; a too-long expression that would
      also be too deep; a too-deep one holding an integer literal above 2**64 - 1.

    When
    ----
    - each is parsed.

    Then
    ----
    - 4096 bytes and depth 64 parse; 4097 bytes and 4098 bytes of 2050 code points are
      RULE_TOO_LONG; depth 65 is RULE_TOO_DEEP; the order gives RULE_TOO_LONG, then
      RULE_TOO_DEEP before the literal's RULE_SYNTAX_ERROR.
    """
    at_length = "'" + "a" * 4094 + "'"  # 4096 bytes
    deep_parentheses = "(" * 63 + "1" + ")" * 63  # depth 64
    chain = " && ".join(["1"] * 64)  # depth 64
    valid = {
        "exactly_4096_bytes": at_length,
        "depth_64_parentheses": deep_parentheses,
        "depth_64_chain": chain,
    }
    for case, expression in valid.items():
        assert case != "exactly_4096_bytes" or len(expression.encode()) == 4096
        fill("state", "parse_rule", {"expression": expression}, output={"valid": True}, case=case)
    refused = {
        "bytes_4097": (at_length + " ", ErrorCode.RULE_TOO_LONG),
        "bytes_not_code_points": ("'" + "\u00e9" * 2048 + "'", ErrorCode.RULE_TOO_LONG),
        "depth_65_parentheses": ("(" + deep_parentheses + ")", ErrorCode.RULE_TOO_DEEP),
        "depth_65_chain": (chain + " && 1", ErrorCode.RULE_TOO_DEEP),
        "length_before_depth": ("(" * 2100 + "1" + ")" * 2100, ErrorCode.RULE_TOO_LONG),
        "depth_before_literal_range": (
            "(" * 64 + "18446744073709551616" + ")" * 64,
            ErrorCode.RULE_TOO_DEEP,
        ),
    }
    for case, (expression, code) in refused.items():
        fill("state", "parse_rule", {"expression": expression}, rejection=code, case=case)


@clauses("AIN-STATE-RULE-EVAL.2", "AIN-STATE-RULE-OPERATORS.1", "AIN-STATE-RULE-VALUES.1")
def test_evaluation_semantics(fill: Filler) -> None:
    """
    Operators, truthiness, equality and arithmetic mean what the spec says.

    Given
    -----
    - auth.addr = alice, currentTime = 1,700,000,000,000, and rules exercising each operator
      on its boundary cases.

    When
    ----
    - each rule is evaluated.

    Then
    ----
    - true rules allow and false rules deny with RULE_DENIED: strict equality (true is not
      1), integer division toward zero, remainder with the dividend's sign, text joins, text
      order by code points (not UTF-16 units), >= and <= on equal operands, short-circuits,
      boolean results of && and ||, unconverted ternary results, truthiness.
    """
    allow = {
        "boolean_true": True,
        "strict_equality": "1 === 1 && 'a' === 'a' && null === null && !(true === 1)",
        "loose_is_strict": "!(1 == true) && 1 != '1' && !(0 == null) && !('' == false)",
        "division_truncates": "-7 / 2 === -3 && 7 / 2 === 3",
        "remainder_sign": "-7 % 3 === -1 && 7 % -3 === 1",
        "join_text_and_integer": "'/a/' + 1 + 2 === '/a/12'",
        "integer_sum_then_join": "1 + 2 + 'x' === '3x'",
        "join_negative_integer": "'n' + -5 === 'n-5'",
        "text_order": "'B' < 'a' && 'ab' > 'a' && '' < 'a'",
        "text_order_code_points_not_utf16": "'\uff61' < '\U0001f600'",
        "greater_or_equal_on_equal": "5 >= 5 && 'a' >= 'a'",
        "less_or_equal_on_equal": "5 <= 5 && 'a' <= 'a'",
        "short_circuit": "false && undefinedName || true",
        "ternary": "currentTime > 0 ? true : undefinedName",
        "ternary_result_unconverted": "(1 ? 5 : 0) === 5 && (0 ? 5 : 'x') === 'x'",
        "ternary_right_associative": "(false ? 1 : true ? 2 : 3) === 2",
        "and_or_give_booleans": "(1 && 'x') === true && (0 || '') === false && (2 || x) === true",
        "truthiness": "!0 && !'' && !null && !!1 && !!'a' && !!auth",
        "auth": f"auth.addr === '{ALICE}' && auth.fid === null",
        "number_and_string": "Number('42') === 42 && String(42) === '42' && Boolean(1)",
        "most_negative_integer": "-9223372036854775808 === 0 - 9223372036854775807 - 1",
        "largest_integer": "18446744073709551614 + 1 === 18446744073709551615",
        "parenthesized_callee": "(getValue)('/nothing') === null",
    }
    for case, rule in allow.items():
        evaluation(fill, case, rule)
    deny = {
        "boolean_false": False,
        "falsy_result": "0",
        "other_signer": f"auth.addr === '{BOB}'",
        "greater_on_equal": "5 > 5",
        "less_on_equal": "'a' < 'a'",
    }
    for case, rule in deny.items():
        evaluation(fill, case, rule, allowed=False)


@clauses("AIN-STATE-RULE-VALUES.1", "AIN-STATE-RULE-OPERATORS.1")
def test_strict_equality_at_every_depth(fill: Filler) -> None:
    """
    === compares type and value at every depth of a map.

    Given
    -----
    - data and newData maps that differ only in the type of one entry (1 against true), at
      the top and two levels down; and maps that are equal.

    When
    ----
    - rules compare them with ===, == and !==.

    Then
    ----
    - different types are unequal at any depth (RULE_DENIED for ===), equal maps are equal.
    """
    cases = {
        "top_integer_versus_boolean": ({"a": 1}, {"a": True}),
        "nested_integer_versus_boolean": ({"x": {"y": {"a": 1}}}, {"x": {"y": {"a": True}}}),
        "nested_text_versus_integer": ({"x": {"a": "1"}}, {"x": {"a": 1}}),
        "extra_key": ({"a": 1}, {"a": 1, "b": 1}),
    }
    for case, (data, new_data) in cases.items():
        evaluation(fill, case, "data === newData", allowed=False, data=data, new_data=new_data)
        evaluation(
            fill, f"{case}_loose", "data == newData", allowed=False, data=data, new_data=new_data
        )
        evaluation(fill, f"{case}_not_equal", "data !== newData", data=data, new_data=new_data)
    same = {"x": {"y": {"a": 1, "b": True, "c": b"\x00"}}}
    evaluation(fill, "equal_maps", "data === newData", data=same, new_data=same)


@clauses("AIN-STATE-RULE-EVAL.2", "AIN-STATE-RULE-LIBRARY.2")
def test_context_and_library(fill: Filler) -> None:
    """
    Rules see data, newData, path variables, the state through getValue and the config
    getters, and the util library, each defined on every type.

    Given
    -----
    - a state with /apps/chat/admin = alice and a rule config at /apps/$app; data and newData
      maps; the variable app = chat.

    When
    ----
    - rules reading each, and calling each function on its edge cases, are evaluated.

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
        "get_value_empty_segments": "getValue('//apps//chat/admin/') === auth.addr",
        "get_value_absent": "getValue('/nothing') === null",
        "get_value_map": "getValue('/apps').chat.admin === auth.addr",
        "get_rule": "getRule('/apps/$app').write === true",
        "get_owner_absent": "getOwner('/apps') === null",
        "get_function_absent": "getFunction('/apps/$app') === null",
        "data_and_new_data": "data.count === 1 && newData.count === 2 && data.missing === null",
        "keyword_member": "newData.true === 3 && newData['true'] === 3",
        "util_types": "util.isDict(newData) && util.isInteger(newData.count) && "
        "util.isString($app) && !util.isNumber(true) && util.isBoolean(false) && "
        "!util.isDict(null) && !util.isBytes('a') && !util.isString(1)",
        "util_length_and_empty": "util.length($app) === 4 && util.isEmpty('') && "
        "util.isEmpty(null) && !util.isEmpty(newData) && !util.isEmpty(0) && "
        "!util.isEmpty(false) && util.length(newData) === 2",
        "length_in_code_points": "util.length('\U0001f600') === 1 && util.length('\u00e9') === 1",
        "util_address": f"util.isAddress('{ALICE}') && !util.isAddress('0xabc') && "
        f"!util.isAddress(1) && util.isCksumAddr('{ALICE}') && !util.isAddress(null)",
        "number_edges": "Number('007') === 7 && Number('-0') === 0 && Number(true) === 1 && "
        "Number(false) === 0 && Number(-3) === -3 && "
        "Number('18446744073709551615') === 18446744073709551615 && "
        "Number('-9223372036854775808') === -9223372036854775808",
        "string_edges": "String(null) === 'null' && String(true) === 'true' && "
        "String(false) === 'false' && String(-5) === '-5' && String('x') === 'x'",
        "boolean_on_every_type": "Boolean(newData) && !Boolean(null) && !Boolean(0) && "
        "Boolean('a') && !Boolean('')",
    }
    for case, rule in rules.items():
        evaluation(
            fill,
            case,
            rule,
            data={"count": 1},
            new_data={"count": 2, "true": 3},
            variables={"app": "chat"},
            genesis=genesis,
        )


@clauses("AIN-STATE-RULE-ERROR.1", "AIN-STATE-RULE-LIBRARY.2", "AIN-STATE-RULE-OPERATORS.1")
def test_evaluation_errors(fill: Filler) -> None:
    """
    A rule that cannot be evaluated denies with RULE_EVALUATION_ERROR, never a false.

    Given
    -----
    - rules with an unknown name, an unknown util function (a production helper), a member
      of null, a comparison of an integer with text, a chained comparison, division and
      remainder by zero, an overflowing product and negation, an unbound $variable, a call of
      a text, a malformed path; every function with no argument and with two; a function and
      util used as values; Number of texts it refuses (empty, signs, spaces, fractions,
      non-ASCII digits, 21 digits, above 2**64 - 1, a 5,000-digit text); String and
      util.length of types they refuse; a join with null; an index by an integer.

    When
    ----
    - each is evaluated.

    Then
    ----
    - RULE_EVALUATION_ERROR for each.
    """
    errors = {
        "unknown_name": "blockNumber > 0",
        "production_helper": "util.isAppAdmin('consensus', auth.addr, getValue)",
        "member_of_null": "data.owner === 1",
        "integer_versus_text": "1 < 'a'",
        "chained_comparison": "1 < 2 < 3",
        "boolean_order": "true > false",
        "division_by_zero": "1 / 0 === 0",
        "remainder_by_zero": "1 % 0 === 0",
        "overflow": "18446744073709551615 * 2 > 0",
        "negation_overflow": "-18446744073709551615 < 0",
        "below_range": "-9223372036854775808 - 1 < 0",
        "unbound_variable": "$user === 'a'",
        "call_of_text": "'a'()",
        "call_of_entry": "auth.addr()",
        "call_of_value_name": "auth()",
        "util_by_index": "util['isString']('a')",
        "malformed_path": "getValue('/a b') === null",
        "variable_label_in_values_path": "getValue('/a/$b') === null",
        "path_not_text": "getValue(1) === null",
        "path_too_deep": "getValue('" + "/a" * 31 + "') === null",
        "get_value_no_argument": "getValue() === null",
        "get_value_two_arguments": "getValue('/a', '/b') === null",
        "get_rule_no_argument": "getRule() === null",
        "util_no_argument": "util.isString()",
        "util_two_arguments": "util.isString('a', 'b')",
        "number_no_argument": "Number() === 0",
        "string_no_argument": "String() === ''",
        "boolean_two_arguments": "Boolean(1, 2)",
        "function_as_value": "getValue === getValue",
        "util_as_value": "util !== null",
        "util_function_as_value": "util.isString !== null",
        "number_of_empty_text": "Number('') === 0",
        "number_with_plus": "Number('+1') === 1",
        "number_with_space": "Number(' 1') === 1",
        "number_with_trailing_space": "Number('1 ') === 1",
        "number_of_fraction": "Number('1.0') === 1",
        "number_of_exponent": "Number('1e3') === 1000",
        "number_of_arabic_indic_digit": "Number('\u0663') === 3",
        "number_of_fullwidth_digit": "Number('\uff11') === 1",
        "number_of_21_digits": "Number('000000000000000000001') === 1",
        "number_above_range": "Number('18446744073709551616') > 0",
        "number_of_null": "Number(null) === 0",
        "number_of_map": "Number(auth) === 0",
        "string_of_map": "String(auth) === ''",
        "length_of_integer": "util.length(5) === 1",
        "length_of_null": "util.length(null) === 0",
        "join_with_null": "'a' + null === 'anull'",
        "join_with_boolean": "'a' + true === 'atrue'",
        "add_booleans": "true + 1 === 2",
        "index_by_integer": "auth[0] === null",
        "index_of_text": "'abc'['0'] === null",
        "negate_text": "-'1' === -1",
    }
    for case, rule in errors.items():
        evaluation(fill, case, rule, allowed=False, code=ErrorCode.RULE_EVALUATION_ERROR)
    evaluation(
        fill,
        "number_of_5000_digits",
        "Number(data) > 0",
        allowed=False,
        code=ErrorCode.RULE_EVALUATION_ERROR,
        data="9" * 5000,
    )
    evaluation(
        fill,
        "string_of_bytes",
        "String(data) === ''",
        allowed=False,
        code=ErrorCode.RULE_EVALUATION_ERROR,
        data=b"\x01",
    )


def budget_rule(references: str, count: int, padding: int) -> str:
    """``count`` references joined by &&, then ``padding`` literals 1 (each 2 more steps)."""
    return " && ".join([references] * count + ["1"] * padding)


@clauses("AIN-STATE-RULE-BUDGET.2")
def test_budget_is_taken_exactly(fill: Filler) -> None:
    """
    The budget is 10,000 steps: a rule spending exactly 10,000 is evaluated, 10,001 is
    refused; every reference to data and newData pays for every node of its value; joining
    texts pays per 64 code points.

    Given
    -----
    - `data && ... && data && 1 && ... && 1`: 25 references to a map of 396 entries (397
      nodes) and 13 literals: 13 + 25 forms of names and literals, 37 &&, 25 x 397 nodes read:
      10,000 steps; the same over 397 entries with one literal: 10,001 steps. The same with
      newData. A rule reading getValue of a map 50 times; a rule joining a 10,000 code point
      newData to itself 40 times (a few hundred forms, but about 250,000 steps of joins).

    When
    ----
    - each is evaluated.

    Then
    ----
    - 10,000 steps allow; 10,001 and the two large ones are RULE_BUDGET_EXCEEDED.
    """
    at_limit: dict[str, CborValue] = {f"k{index:03d}": index for index in range(396)}
    over_limit: dict[str, CborValue] = {f"k{index:03d}": index for index in range(397)}
    evaluation(fill, "data_at_limit", budget_rule("data", 25, 13), data=at_limit)
    evaluation(
        fill,
        "data_one_over",
        budget_rule("data", 25, 1),
        allowed=False,
        code=ErrorCode.RULE_BUDGET_EXCEEDED,
        data=over_limit,
    )
    evaluation(fill, "new_data_at_limit", budget_rule("newData", 25, 13), new_data=at_limit)
    evaluation(
        fill,
        "new_data_one_over",
        budget_rule("newData", 25, 1),
        allowed=False,
        code=ErrorCode.RULE_BUDGET_EXCEEDED,
        new_data=over_limit,
    )
    genesis: dict[str, CborValue] = {"values": {"/big": {f"k{i:03d}": i for i in range(250)}}}
    evaluation(
        fill,
        "get_value_repeated",
        " && ".join(["getValue('/big')"] * 50),
        allowed=False,
        code=ErrorCode.RULE_BUDGET_EXCEEDED,
        genesis=genesis,
    )
    evaluation(
        fill,
        "joins_pay_per_64_code_points",
        "util.length(" + " + ".join(["newData"] * 40) + ") > 0",
        allowed=False,
        code=ErrorCode.RULE_BUDGET_EXCEEDED,
        new_data="a" * 10_000,
    )
    evaluation(
        fill,
        "short_joins_are_cheap",
        "util.length(" + " + ".join(["newData"] * 40) + ") === 2520",
        new_data="a" * 63,
    )


@clauses("AIN-STATE-RULE-EVAL.2", "AIN-STATE-RULE-MATCH.1", "AIN-STATE-RULE-BELOW.1")
def test_write_checks_come_in_order(fill: Filler) -> None:
    """
    A value write is checked for a governing rule, then for a rule below, then by evaluation;
    INC_VALUE's newData is the result, not the delta.

    Given
    -----
    - /open/$k allows anything below it has no rule of its own; /guarded has a rule that
      cannot be evaluated and a rule below it at /guarded/inner; /counter holds 2 under the
      rule `newData === 5`; nothing governs /nowhere, which has a rule below it.

    When
    ----
    - alice writes /nowhere; alice writes /guarded; bob increments /counter by 3; carol
      increments it by 1.

    Then
    ----
    - RULE_NOT_FOUND, RULE_BELOW_WRITE (the erring rule is not evaluated), SUCCESS (2 + 3 is
      5), RULE_DENIED (5 + 1 is not 5).
    """
    genesis: dict[str, CborValue] = {
        "values": {"/counter": 2},
        "rules": {
            "/guarded": {"write": "undefinedName"},
            "/guarded/inner": {"write": True},
            "/nowhere/inner": {"write": True},
            "/counter": {"write": "newData === 5"},
        },
    }
    increment = {"type": "INC_VALUE", "ref": "/counter", "value": 3}
    apply_vector(
        fill,
        "",
        [
            transaction(ALICE_SEED, set_value("/nowhere", 1)),
            transaction(ALICE_SEED, set_value("/guarded", 1), nonce=1),
            transaction(BOB_SEED, increment),
            transaction(CAROL_SEED, {**increment, "value": 1}),
        ],
        [
            ("FAILED", str(ErrorCode.RULE_NOT_FOUND)),
            ("FAILED", str(ErrorCode.RULE_BELOW_WRITE)),
            ("SUCCESS", None),
            ("FAILED", str(ErrorCode.RULE_DENIED)),
        ],
        genesis=genesis,
    )
