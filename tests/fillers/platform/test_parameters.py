"""Fillers for the parameter registry: bounds, constraints, the guard and the accessor."""

from __future__ import annotations

from typing import Any

from ain_ref.conformance.typed_json import to_typed_json
from ain_ref.errors import ErrorCode
from ain_ref.platform.params import PARAMETERS
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.platform.common import (
    ALICE_SEED,
    apply_blocks_vector,
    block,
    small_genesis,
    transaction,
)
from tests.fillers.state.common import set_value

T0 = 1_700_000_000_000


@clauses("AIN-PLAT-PARAM-BOUNDS.1", "AIN-PLAT-PARAM-REGISTRY.1")
def test_every_parameter_bound_is_taken_on_both_sides(fill: Filler) -> None:
    """
    Each registered integer parameter accepts its minimum and maximum and refuses one past.

    Given
    -----
    - every registered parameter.

    When
    ----
    - its value is minimum - 1, minimum, maximum, maximum + 1, or true; for
      staking/unbonding_delay also null, the text "5", a map; the key "staking/nothing".

    Then
    ----
    - minimum and maximum are valid; one past either is PARAM_OUT_OF_BOUNDS; true is
      PARAM_WRONG_TYPE (a boolean is never an integer), and so are null, a text, a map; the
      unregistered key is PARAM_UNKNOWN.
    """
    for key in sorted(PARAMETERS):
        definition = PARAMETERS[key]
        slug = key.replace("/", "_")
        cases: list[tuple[str, Any, ErrorCode | None]] = [
            ("below_minimum", definition.minimum - 1, ErrorCode.PARAM_OUT_OF_BOUNDS),
            ("minimum", definition.minimum, None),
            ("maximum", definition.maximum, None),
            ("above_maximum", definition.maximum + 1, ErrorCode.PARAM_OUT_OF_BOUNDS),
            ("boolean", True, ErrorCode.PARAM_WRONG_TYPE),
        ]
        for name, value, code in cases:
            vector_input = {"key": key, "value": to_typed_json(value)}
            if code is None:
                fill(
                    "platform",
                    "check_parameter",
                    vector_input,
                    output={"valid": True},
                    case=f"{slug}_{name}",
                )
            else:
                fill(
                    "platform",
                    "check_parameter",
                    vector_input,
                    rejection=code,
                    case=f"{slug}_{name}",
                )
    for name, value in (("null", None), ("text", "5"), ("map", {"v": 5})):
        fill(
            "platform",
            "check_parameter",
            {"key": "staking/unbonding_delay", "value": to_typed_json(value)},
            rejection=ErrorCode.PARAM_WRONG_TYPE,
            case=f"staking_unbonding_delay_{name}",
        )
    fill(
        "platform",
        "check_parameter",
        {"key": "staking/nothing", "value": to_typed_json(5)},
        rejection=ErrorCode.PARAM_UNKNOWN,
        case="unregistered_key",
    )


@clauses(
    "AIN-PLAT-GENESIS-CHECKS.1",
    "AIN-PLAT-GENESIS-LAYOUT.1",
    "AIN-PLAT-PARAM-CONSTRAINTS.1",
    "AIN-PLAT-PARAM-GUARD.1",
)
def test_genesis_refuses_parameters_that_do_not_fit(fill: Filler) -> None:
    """
    The protocol genesis refuses an unknown parameter, one out of bounds, a broken constraint.

    Given
    -----
    - the small protocol genesis.

    When
    ----
    - its parameters add "staking/nothing" (case "unknown"); set staking/unbonding_delay to 0
      (case "out_of_bounds"); set staking/min_delegation above staking/min_self_bond (case
      "constraint"); set both to the same value (case "constraint_equal", allowed).

    Then
    ----
    - PARAM_UNKNOWN, PARAM_OUT_OF_BOUNDS, PARAM_CONSTRAINT_VIOLATED; the last gives a root.
    - overrides that store a value out of bounds, an unknown parameter, a non-map under
      /params, a scalar over a registered area's parameters (`/params/jobs`, and
      `/params/staking` whose parameters the genesis also gives: the override comes last and
      replaces the area's entries), or
      values breaking a constraint are refused after the build with PARAM_OUT_OF_BOUNDS,
      PARAM_UNKNOWN four times, PARAM_CONSTRAINT_VIOLATED.
    - an unknown parameter stored by an override beside a native configured outside its
      pattern: GENESIS_INVALID (the document's checks come before those of /values/params);
      an override section "blocks": GENESIS_INVALID.
    """
    cases: list[tuple[str, dict[str, Any], ErrorCode | None]] = [
        ("unknown", {"staking/nothing": 1}, ErrorCode.PARAM_UNKNOWN),
        ("out_of_bounds", {"staking/unbonding_delay": 0}, ErrorCode.PARAM_OUT_OF_BOUNDS),
        (
            "constraint",
            {"staking/min_delegation": 1_000 * 10**6 + 1},
            ErrorCode.PARAM_CONSTRAINT_VIOLATED,
        ),
        ("constraint_equal", {"staking/min_delegation": 1_000 * 10**6}, None),
    ]
    for case, parameters, code in cases:
        vector_input = {"genesis": small_genesis(parameters=parameters)}
        fill_genesis_case(fill, case, vector_input, code)
    for case, overrides, code in OVERRIDE_CASES:
        vector_input = {"genesis": small_genesis(overrides=overrides)}
        fill_genesis_case(fill, case, vector_input, code)


OVERRIDE_CASES: list[tuple[str, dict[str, Any], ErrorCode]] = [
    (
        "override_out_of_bounds",
        {"values": {"/params/staking/unbonding_delay": 0}},
        ErrorCode.PARAM_OUT_OF_BOUNDS,
    ),
    ("override_unknown", {"values": {"/params/staking/nothing": 1}}, ErrorCode.PARAM_UNKNOWN),
    ("override_not_a_map", {"values": {"/params/nobody": 1}}, ErrorCode.PARAM_UNKNOWN),
    ("override_scalar_over_area", {"values": {"/params/jobs": 1}}, ErrorCode.PARAM_UNKNOWN),
    (
        "override_scalar_over_given_parameters",
        {"values": {"/params/staking": 1}},
        ErrorCode.PARAM_UNKNOWN,
    ),
    (
        "override_document_checks_first",
        {
            "values": {"/params/staking/nothing": 1},
            "functions": {
                "/elsewhere/$from/$to/$key/value": {
                    "_transfer": {"function_type": "NATIVE", "function_id": "_transfer"}
                }
            },
        },
        ErrorCode.GENESIS_INVALID,
    ),
    ("override_unknown_section", {"blocks": {"/x": 1}}, ErrorCode.GENESIS_INVALID),
    (
        "override_constraint",
        {"values": {"/params/staking/min_self_bond": 1}},
        ErrorCode.PARAM_CONSTRAINT_VIOLATED,
    ),
]


def fill_genesis_case(
    fill: Filler, case: str, vector_input: dict[str, Any], code: ErrorCode | None
) -> None:
    """One platform/genesis case: a root, or a rejection code."""
    if code is None:
        handler_output = root_of(vector_input)
        fill("platform", "genesis", vector_input, output=handler_output, case=case)
    else:
        fill("platform", "genesis", vector_input, rejection=code, case=case)


def root_of(vector_input: dict[str, Any]) -> dict[str, Any]:
    """The reference's root and subtree hashes for a genesis input (pinned by the vector)."""
    from ain_ref.conformance.handlers import find_handler

    handler = find_handler("platform", "genesis")
    assert handler is not None
    output = handler.run(vector_input)
    assert isinstance(output, dict)
    assert set(output) == {"root", "subtrees"}
    return output


@clauses("AIN-PLAT-PARAM-GUARD.1", "AIN-PLAT-PARAM-READ.1", "AIN-PLAT-PARAM-CONSTRAINTS.1")
def test_no_write_stores_a_parameter_that_does_not_fit(fill: Filler) -> None:
    """
    Transactions cannot write parameters; where a rule lets them, the guard still refuses.

    Given
    -----
    - the small protocol genesis (case "closed"); the same with the rule at
      /params/$area/$name overridden to true, as a governance area might (case "open").

    When
    ----
    - block 1: alice writes staking/unbonding_delay = 5; then 0; then
      staking/min_delegation = 1,000 AIN + 1 (above min_self_bond); then staking/nothing = 1;
      then deletes staking/unbonding_delay (null); then writes 3 below it, at
      /params/staking/unbonding_delay/below (which would make the parameter a map); then
      writes 1 at /params/staking and at /params (above any parameter: no guard fires).

    Then
    ----
    - closed: the six writes at or below a parameter are RULE_DENIED and the parameter
      reads 2.
    - open: 5 succeeds; then PARAM_OUT_OF_BOUNDS, PARAM_CONSTRAINT_VIOLATED, PARAM_UNKNOWN,
      PARAM_WRONG_TYPE twice; the parameter reads 5.
    - both: the writes above a parameter are RULE_BELOW_WRITE (the rule at
      /params/$area/$name lies below them).
    """
    writes = [
        ("/params/staking/unbonding_delay", 5),
        ("/params/staking/unbonding_delay", 0),
        ("/params/staking/min_delegation", 1_000 * 10**6 + 1),
        ("/params/staking/nothing", 1),
        ("/params/staking/unbonding_delay", None),
        ("/params/staking/unbonding_delay/below", 3),
        ("/params/staking", 1),
        ("/params", 1),
    ]
    for case, overrides, expected_codes in (
        ("closed", None, [ErrorCode.RULE_DENIED] * 6 + [ErrorCode.RULE_BELOW_WRITE] * 2),
        (
            "open",
            {"rules": {"/params/$area/$name": {"write": True}}},
            [
                None,
                ErrorCode.PARAM_OUT_OF_BOUNDS,
                ErrorCode.PARAM_CONSTRAINT_VIOLATED,
                ErrorCode.PARAM_UNKNOWN,
                ErrorCode.PARAM_WRONG_TYPE,
                ErrorCode.PARAM_WRONG_TYPE,
                ErrorCode.RULE_BELOW_WRITE,
                ErrorCode.RULE_BELOW_WRITE,
            ],
        ),
    ):
        expected = []
        for code in expected_codes:
            expected.append(("SUCCESS", None) if code is None else ("FAILED", str(code)))
        # Every applied transaction, FAILED included, advances the nonce.
        assert len(writes) == len(expected_codes)
        transactions = [
            transaction(ALICE_SEED, set_value(path, value), nonce=nonce)
            for nonce, (path, value) in enumerate(writes)
        ]
        output = apply_blocks_vector(
            fill,
            case,
            small_genesis(overrides=overrides),
            [block(1, T0, transactions)],
            [(None, expected)],
            queries={"parameters": ["staking/unbonding_delay"]},
        )
        assert output["parameters"] == [to_typed_json(2 if case == "closed" else 5)]


GUARDED = "/params/staking/unbonding_delay"
"""A parameter's path: the base of `_param_guard`'s subtree pattern, with its variables bound."""
EVENT_BELOW = "/params/$area/$name/$part/watched"
"""Where the subtree case configures an EVENT function, below the guard's base."""


@clauses(
    "AIN-PLAT-NATIVE-SUBTREE.1",
    "AIN-STATE-FUNCTION-MATCH.2",
    "AIN-PLAT-PARAM-GUARD.1",
    "AIN-PLAT-NATIVES.1",
)
def test_the_guard_fires_at_below_and_not_beside_its_path(fill: Filler) -> None:
    """
    `_param_guard`, declared at /params/$area/$name/**, fires at a parameter's path and at
    every depth below it, through a deeper exact config too, and never beside or above it.

    Given
    -----
    - the small protocol genesis with the rules at / and at /params/$area/$name overridden to
      true, and an EVENT function `_watch` configured at /params/$area/$name/$part/watched.

    When
    ----
    - block 1, alice's writes in order: 7 at the parameter's path; 1 one label below it; 1 at
      the deepest path below it (30 labels); 1 at /params/staking/unbonding_delay/x/watched,
      where the walk matches the EVENT's path in full; null one label below it (deleting an
      absent path, which leaves the parameter as it was); 1 beside the guarded tree, at
      /parameters/staking/unbonding_delay/x; 1 above it, at /params/staking.

    Then
    ----
    - at the path: SUCCESS (7 fits).
    - below, at any depth, and below through the EVENT's path: FAILED, PARAM_WRONG_TYPE (the
      parameter would be a map); the EVENT's config does not hide the guard above it.
    - the deletion of an absent path below it: SUCCESS (the guard fires and the value fits).
    - beside: SUCCESS (no guard fires); above: RULE_BELOW_WRITE.
    - the parameter reads 7.
    """
    deepest = GUARDED + "".join(f"/d{depth}" for depth in range(4, 31))
    assert deepest.count("/") == 30
    writes = [
        (GUARDED, 7),
        (GUARDED + "/x", 1),
        (deepest, 1),
        (GUARDED + "/x/watched", 1),
        (GUARDED + "/x", None),
        ("/parameters/staking/unbonding_delay/x", 1),
        ("/params/staking", 1),
    ]
    wrong_type = ("FAILED", str(ErrorCode.PARAM_WRONG_TYPE))
    expected = [
        ("SUCCESS", None),
        wrong_type,
        wrong_type,
        wrong_type,
        ("SUCCESS", None),
        ("SUCCESS", None),
        ("FAILED", str(ErrorCode.RULE_BELOW_WRITE)),
    ]
    overrides = {
        "rules": {"/": {"write": True}, "/params/$area/$name": {"write": True}},
        "functions": {EVENT_BELOW: {"_watch": {"function_type": "EVENT", "function_id": "_watch"}}},
    }
    transactions = [
        transaction(ALICE_SEED, set_value(path, value), nonce=nonce)
        for nonce, (path, value) in enumerate(writes)
    ]
    output = apply_blocks_vector(
        fill,
        "",
        small_genesis(overrides=overrides),
        [block(1, T0, transactions)],
        [(None, expected)],
        queries={"parameters": ["staking/unbonding_delay"]},
    )
    assert output["parameters"] == [to_typed_json(7)]
