"""Fillers for the questions an outside client of the state area found open in the prose: where
syntax and path errors are located, how a SET inside a SET is refused, what a config change
may be, which variables a rule sees, when the replay counter advances, and the natives a
state client must know."""

from __future__ import annotations

from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.state.common import (
    ALICE,
    ALICE_SEED,
    BLOCK_TIME,
    BOB,
    BOB_SEED,
    CAROL,
    CAROL_SEED,
    apply_vector,
    base_genesis,
    root_with_nonces,
    set_value,
    transaction,
)

OK = ("SUCCESS", None)


def failed(code: ErrorCode) -> tuple[str, str]:
    """A FAILED receipt's (status, code)."""
    return ("FAILED", str(code))


SYNTAX_LOCATIONS: dict[str, tuple[str, int, int]] = {
    "character_no_token_begins_with": ("a @ b", 1, 3),
    "unterminated_text_at_its_quote": ("1 + 'abc", 1, 5),
    "bad_escape_at_the_text_quote": ("x === 'a\\q'", 1, 7),
    "unexpected_token_at_its_first_character": ("a b", 1, 3),
    "literal_after_zero": ("01", 1, 2),
    "unexpected_token_on_a_later_line": ("a &&\n  b c", 2, 5),
    "end_after_an_operator": ("a &&", 1, 5),
    "end_after_trailing_whitespace": ("a && ", 1, 6),
    "end_inside_parentheses": ("(1", 1, 3),
    "end_of_a_conditional": ("a ? b", 1, 6),
    "end_after_line_feeds": ("a\n  && ", 2, 6),
    "empty_text": ("", 1, 1),
    "spaces_only": ("   ", 1, 4),
    "line_feeds_only": ("\n\n", 3, 1),
    "carriage_return_is_no_line_end": ("a\r&&", 1, 5),
    "literal_out_of_range_at_its_first_digit": ("1 + 18446744073709551616", 1, 5),
    "first_literal_out_of_range_in_reading_order": (
        "18446744073709551617 + 18446744073709551616",
        1,
        1,
    ),
    "leftmost_out_of_range_literal_across_lines": (
        "f(1,\n 18446744073709551617)[18446744073709551616]",
        2,
        2,
    ),
}


@clauses("AIN-STATE-RULE-SYNTAX-LOCATION.1", "AIN-STATE-RULE-GRAMMAR.2")
def test_syntax_errors_are_located(fill: Filler) -> None:
    """
    Every kind of syntax error is located where the prose says, by line and column.

    Given
    -----
    - rule texts broken in each way: a character no token begins with, an unterminated text
      or a bad escape, an unexpected token, a text that ends too early (after whitespace, line
      feeds, or with no token at all), integer literals above 2**64 - 1.

    When
    ----
    - each is parsed.

    Then
    ----
    - RULE_SYNTAX_ERROR at: the stray character; the opening quote of the text; the unexpected
      token's first character; the end of the text (just after its last character, so an empty
      text is 1:1 and two line feeds 3:1); the first digit of the leftmost literal out of range.
    """
    for case, (expression, line, column) in SYNTAX_LOCATIONS.items():
        vector = fill(
            "state",
            "parse_rule",
            {"expression": expression},
            rejection=ErrorCode.RULE_SYNTAX_ERROR,
            case=case,
            pin_location=True,
        )
        assert vector.expected_location == {"line": line, "column": column}, case


PATH_LOCATIONS: dict[str, tuple[str, str, ErrorCode, int]] = {
    "label_too_long_at_label_start": (
        "values",
        "/a/" + "x" * 151,
        ErrorCode.STATE_LABEL_TOO_LONG,
        3,
    ),
    "variable_in_values_at_label_start": (
        "values",
        "/a/$b",
        ErrorCode.STATE_LABEL_NOT_ALLOWED_HERE,
        3,
    ),
    "reserved_in_variable_name_at_the_character": (
        "rules",
        "/a/$b.c",
        ErrorCode.STATE_LABEL_RESERVED_CHARACTER,
        5,
    ),
    "second_dollar_is_reserved_at_the_character": (
        "rules",
        "/a/$$",
        ErrorCode.STATE_LABEL_RESERVED_CHARACTER,
        4,
    ),
    "bare_dollar_at_label_start": ("rules", "/a/$", ErrorCode.STATE_LABEL_EMPTY, 3),
    "offset_counts_code_points": (
        "values",
        "/\u00e9\U0001f600/a b",
        ErrorCode.STATE_LABEL_RESERVED_CHARACTER,
        5,
    ),
    "repeated_variable_at_the_second": (
        "rules",
        "/$x/a/$x",
        ErrorCode.STATE_PATH_VARIABLE_REPEATED,
        6,
    ),
}


@clauses("AIN-STATE-PATH.1", "AIN-STATE-LABEL.1", "AIN-STATE-PATH-VARIABLES.1")
def test_path_refusals_are_located(fill: Filler) -> None:
    """
    A label's refusal is located by its offset in the path text, in code points.

    Given
    -----
    - path texts whose labels are too long, variables where none is allowed, reserved
      characters inside a variable's name, a bare `$`, a non-BMP label before a bad one, and a
      repeated variable.

    When
    ----
    - each is parsed.

    Then
    ----
    - the label's code at: the label's first character (too long, not allowed here, empty);
      the reserved character itself (inside a variable's name too: `/a/$b.c` at 5); the
      second variable's `$`; offsets count code points from 0 at the leading `/`.
    """
    for case, (subtree, path, code, offset) in PATH_LOCATIONS.items():
        vector = fill(
            "state",
            "parse_path",
            {"path": path, "subtree": subtree},
            rejection=code,
            case=case,
            pin_location=True,
        )
        assert vector.expected_location == offset, case


def native_entry(fid: str) -> dict[str, CborValue]:
    """A function config holding one NATIVE entry."""
    return {fid: {"function_type": "NATIVE", "function_id": fid}}


@clauses("AIN-STATE-SET.1", "AIN-STATE-OPERATION.1", "AIN-TX-RECEIPT-CODE.1")
def test_a_set_member_of_type_set_is_refused_on_its_type(fill: Filler) -> None:
    """
    A member of a SET whose type is SET is OPERATION_LIST_INVALID whatever its other fields.

    Given
    -----
    - the base genesis.

    When
    ----
    - bob sends SETs holding: a SET member with an extra field; a SET member whose op_list is
      not an array; a SET member with no op_list; a member that is not a map; an unknown type
      before a SET member; a SET member before an unknown type; and a top-level SET with an
      extra field and an empty op_list.

    Then
    ----
    - OPERATION_LIST_INVALID three times (the member's type decides before its fields),
      OPERATION_MALFORMED (not a map), OPERATION_MALFORMED then OPERATION_LIST_INVALID (list
      order), and OPERATION_MALFORMED (a top-level SET's fields before its list).
    """
    nested_set_members: list[CborValue] = [
        {"type": "SET", "op_list": [set_value(f"/notes/{BOB}/a", 1)], "x": 1},
        {"type": "SET", "op_list": 5},
        {"type": "SET"},
        5,
        [{"type": "NOPE"}, {"type": "SET"}],
        [{"type": "SET"}, {"type": "NOPE"}],
    ]
    operations: list[dict[str, CborValue]] = []
    for member in nested_set_members:
        members = member if isinstance(member, list) else [member]
        operations.append({"type": "SET", "op_list": members})
    operations.append({"type": "SET", "op_list": [], "x": 1})
    output = apply_vector(
        fill,
        "",
        [transaction(BOB_SEED, op, nonce=n) for n, op in enumerate(operations)],
        [
            failed(ErrorCode.OPERATION_LIST_INVALID),
            failed(ErrorCode.OPERATION_LIST_INVALID),
            failed(ErrorCode.OPERATION_LIST_INVALID),
            failed(ErrorCode.OPERATION_MALFORMED),
            failed(ErrorCode.OPERATION_MALFORMED),
            failed(ErrorCode.OPERATION_LIST_INVALID),
            failed(ErrorCode.OPERATION_MALFORMED),
        ],
    )
    for receipt in output["receipts"]:
        assert receipt["operation_codes"] == [receipt["code"]]


@clauses("AIN-STATE-CONFIG-CHANGE.1", "AIN-STATE-CONFIG-MERGE.1", "AIN-STATE-OWNER-CONFIG.1")
def test_config_changes_are_shapes_not_configs(fill: Filler) -> None:
    """
    A config change is null or a map of the kind's shape; beyond that it is checked only
    through the merged config.

    Given
    -----
    - the base genesis (alice owns everything; a rule at /notes/$user).

    When
    ----
    - alice sends: SET_OWNER {"owners": null}; SET_OWNER {"owners": {}, "x": 1}; SET_OWNER
      {"owners": 5}; SET_RULE 5; SET_OWNER {"owners": {}} at /notes (no config there) and at
      / (alice's config); SET_RULE {"x": null} at /notes/$user; SET_RULE {} at /fresh;
      SET_RULE {"write": true, "x": null} at /fresh; SET_FUNCTION {"bad id!": null} at /q.

    Then
    ----
    - OWNER_CONFIG_INVALID three times and RULE_CONFIG_INVALID; then SUCCESS six times, each
      counted as one unit of work, the empty and null-entry changes leaving the state as it
      was but for alice's nonce, and the last rule change storing {"write": true}.
    """
    changes: list[dict[str, CborValue]] = [
        {"type": "SET_OWNER", "ref": "/x", "value": {"owners": None}},
        {"type": "SET_OWNER", "ref": "/x", "value": {"owners": {}, "x": 1}},
        {"type": "SET_OWNER", "ref": "/x", "value": {"owners": 5}},
        {"type": "SET_RULE", "ref": "/x", "value": 5},
        {"type": "SET_OWNER", "ref": "/notes", "value": {"owners": {}}},
        {"type": "SET_OWNER", "ref": "/", "value": {"owners": {}}},
        {"type": "SET_RULE", "ref": "/notes/$user", "value": {"x": None}},
        {"type": "SET_RULE", "ref": "/fresh", "value": {}},
        {"type": "SET_FUNCTION", "ref": "/q", "value": {"bad id!": None}},
        {"type": "SET_RULE", "ref": "/fresh", "value": {"write": True, "x": None}},
    ]
    output = apply_vector(
        fill,
        "",
        [transaction(ALICE_SEED, change, nonce=n) for n, change in enumerate(changes)],
        [
            failed(ErrorCode.OWNER_CONFIG_INVALID),
            failed(ErrorCode.OWNER_CONFIG_INVALID),
            failed(ErrorCode.OWNER_CONFIG_INVALID),
            failed(ErrorCode.RULE_CONFIG_INVALID),
        ]
        + [OK] * 6,
    )
    receipts = output["receipts"]
    assert [receipt["work"] for receipt in receipts[4:]] == [1] * 6
    for n in range(4, 9):
        assert receipts[n]["root"] == root_with_nonces({ALICE: n + 1})
    assert receipts[9]["root"] != root_with_nonces({ALICE: 10})


@clauses("AIN-STATE-RULE-WALK-VARIABLES.1", "AIN-STATE-RULE-MATCH.1")
def test_a_rule_sees_variables_bound_below_it(fill: Filler) -> None:
    """
    The governing rule sees every variable the walk bound, those below its node included.

    Given
    -----
    - rules /a/$x: "$y === 'c'" and /a/$x/$y/d: true (so a write at /a/b/c/z walks a, $x, $y
      and stops, and /a/$x governs).

    When
    ----
    - alice writes /a/b/c/z, then /a/b/e/z.

    Then
    ----
    - SUCCESS ($y is "c"), then RULE_DENIED ($y is "e"): a client binding only the variables
      down to the governing node would fail with RULE_EVALUATION_ERROR instead.
    """
    genesis = base_genesis()
    genesis["rules"] = {
        **rules_of(genesis),
        "/a/$x": {"write": "$y === 'c'"},
        "/a/$x/$y/d": {"write": True},
    }
    apply_vector(
        fill,
        "",
        [
            transaction(ALICE_SEED, set_value("/a/b/c/z", 1), nonce=0),
            transaction(ALICE_SEED, set_value("/a/b/e/z", 1), nonce=1),
        ],
        [OK, failed(ErrorCode.RULE_DENIED)],
        genesis=genesis,
    )


@clauses("AIN-TX-COUNTER-ADVANCE.1", "AIN-TX-NONCE.2", "AIN-TX-NONCE-TIMESTAMP.2")
def test_rules_read_the_counter_before_it_advances(fill: Filler) -> None:
    """
    The replay counter advances after the operation: rules read it as it was before.

    Given
    -----
    - rules /first/$user: the signer's stored nonce is null; /second/$user: it is 1;
      /stamp/$user: the signer's stored timestamp is null.

    When
    ----
    - bob writes /first/bob (nonce 0), /second/bob (nonce 1), /second/bob again (nonce 2);
      carol writes /stamp/carol in timestamp mode twice.

    Then
    ----
    - SUCCESS, SUCCESS, RULE_DENIED (the counter read is 2); carol: SUCCESS, then RULE_DENIED
      (her first timestamp is recorded after her first transaction).
    """
    nonce_of = "getValue('/accounts/' + auth.addr + '/nonce')"
    stamp_of = "getValue('/accounts/' + auth.addr + '/timestamp')"
    genesis = base_genesis()
    genesis["rules"] = {
        **rules_of(genesis),
        "/first/$user": {"write": f"{nonce_of} === null"},
        "/second/$user": {"write": f"{nonce_of} === 1"},
        "/stamp/$user": {"write": f"{stamp_of} === null"},
    }
    apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, set_value(f"/first/{BOB}", 1), nonce=0),
            transaction(BOB_SEED, set_value(f"/second/{BOB}", 1), nonce=1),
            transaction(BOB_SEED, set_value(f"/second/{BOB}", 2), nonce=2),
            transaction(CAROL_SEED, set_value(f"/stamp/{CAROL}", 1), nonce=None),
            transaction(
                CAROL_SEED, set_value(f"/stamp/{CAROL}", 2), nonce=None, timestamp=BLOCK_TIME
            ),
        ],
        [OK, OK, failed(ErrorCode.RULE_DENIED), OK, failed(ErrorCode.RULE_DENIED)],
        genesis=genesis,
    )


@clauses("AIN-TX-COUNTER-ADVANCE.1", "AIN-STATE-REPLACE.1")
def test_advancing_a_counter_replaces_a_leaf_ancestor(fill: Filler) -> None:
    """
    Advancing a counter writes it as SET_VALUE would: a leaf at /accounts becomes a node.

    Given
    -----
    - a genesis holding the value 5 at /accounts (a leaf) and a rule allowing /notes/$user.

    When
    ----
    - bob writes /notes/bob (nonce 0).

    Then
    ----
    - SUCCESS; the root is that of the genesis with /accounts a map holding bob's nonce 1 (and
      not the 5, which the write replaced).
    """
    genesis = base_genesis()
    genesis["values"] = {"/accounts": 5}
    output = apply_vector(
        fill,
        "",
        [transaction(BOB_SEED, set_value(f"/notes/{BOB}", 1), nonce=0)],
        [OK],
        genesis=genesis,
    )
    after = {**base_genesis(), "values": {f"/accounts/{BOB}/nonce": 1, f"/notes/{BOB}": 1}}
    assert output["receipts"][0]["root"] == root_with_nonces({}, after)


@clauses(
    "AIN-PLAT-NATIVES.1",
    "AIN-STATE-FUNCTION-CONFIG.1",
    "AIN-PLAT-NATIVE-PLACEMENT.1",
    "AIN-TX-RECEIPT-CODE.1",
)
def test_state_apply_reaches_every_area_native(fill: Filler) -> None:
    """
    The natives of every area are reachable from a state/apply genesis: a state client must
    implement the whole table of natives.

    Given
    -----
    - the base genesis with `_bond`, `_unbond`, `_param_guard`, `_jobsRegister`,
      `_jobsUpdate` and `_jobsRetire` configured at their patterns, under rules that let
      anyone write there.

    When
    ----
    - alice writes 0 at a bond and at an unbond path; a value at /params/x/y; a request that
      is not a map at a register and at an update path, and false at a retire path; then she
      configures `_jobsRegister` at /q; and `_nope` at /q.

    Then
    ----
    - STAKING_AMOUNT_INVALID twice, PARAM_UNKNOWN, REGISTRY_REQUEST_INVALID three times (each
      native's first check), NATIVE_NOT_DECLARED_HERE, FUNCTION_UNKNOWN_NATIVE.
    """
    patterns = {
        "_bond": "/staking/bond/$delegator/$validator/$key/value",
        "_unbond": "/staking/unbond/$delegator/$validator/$key/value",
        "_param_guard": "/params/$area/$name",
        "_jobsRegister": "/jobs/register/$developer/$agent/$key/value",
        "_jobsUpdate": "/jobs/update/$agent/$key/value",
        "_jobsRetire": "/jobs/retire/$agent/$key/value",
    }
    genesis = base_genesis()
    genesis["rules"] = {
        **rules_of(genesis),
        **{pattern: {"write": True} for pattern in patterns.values()},
    }
    genesis["functions"] = {
        **functions_of(genesis),
        **{pattern: native_entry(fid) for fid, pattern in patterns.items()},
    }
    writes = [
        set_value(f"/staking/bond/{ALICE}/{BOB}/k/value", 0),
        set_value(f"/staking/unbond/{ALICE}/{BOB}/k/value", 0),
        set_value("/params/x/y", 1),
        set_value(f"/jobs/register/{ALICE}/{BOB}/k/value", 1),
        set_value(f"/jobs/update/{BOB}/k/value", 1),
        set_value(f"/jobs/retire/{BOB}/k/value", False),
        {"type": "SET_FUNCTION", "ref": "/q", "value": native_entry("_jobsRegister")},
        {"type": "SET_FUNCTION", "ref": "/q", "value": native_entry("_nope")},
    ]
    output = apply_vector(
        fill,
        "",
        [transaction(ALICE_SEED, write, nonce=n) for n, write in enumerate(writes)],
        [
            failed(ErrorCode.STAKING_AMOUNT_INVALID),
            failed(ErrorCode.STAKING_AMOUNT_INVALID),
            failed(ErrorCode.PARAM_UNKNOWN),
            failed(ErrorCode.REGISTRY_REQUEST_INVALID),
            failed(ErrorCode.REGISTRY_REQUEST_INVALID),
            failed(ErrorCode.REGISTRY_REQUEST_INVALID),
            failed(ErrorCode.NATIVE_NOT_DECLARED_HERE),
            failed(ErrorCode.FUNCTION_UNKNOWN_NATIVE),
        ],
        genesis=genesis,
    )
    for receipt in output["receipts"]:
        assert receipt["operation_codes"] == [receipt["code"]]


@clauses("AIN-STATE-FUNCTION-MATCH.2", "AIN-PLAT-NATIVE-SUBTREE.1", "AIN-PLAT-NATIVES.1")
def test_a_subtree_native_fires_at_and_below_its_base(fill: Filler) -> None:
    """
    `_param_guard` (declared at /params/$area/$name/**) configured at /params/$area/$name
    fires for a write at that path and at any depth below it, never above or beside it.

    Given
    -----
    - the base genesis with `_param_guard` configured at /params/$area/$name, and the rules
      at /params/$area/$name and /paramz/$area/$name letting anyone write.

    When
    ----
    - alice writes 1 at /params/x/y (no registered parameter); one label below it; at the
      deepest path below it (30 labels); 1 below the registered parameter
      staking/unbonding_delay; then 1 above the base, at /params/x; then 1 beside it, at
      /paramz/x/y/z.

    Then
    ----
    - at and below /params/x/y, at any depth: PARAM_UNKNOWN (the guard ran, with area x and
      name y); below staking/unbonding_delay: PARAM_WRONG_TYPE (its value would be a map).
    - above: RULE_BELOW_WRITE; beside: SUCCESS (no guard fires).
    """
    genesis = base_genesis()
    genesis["rules"] = {
        **rules_of(genesis),
        "/params/$area/$name": {"write": True},
        "/paramz/$area/$name": {"write": True},
    }
    genesis["functions"] = {
        **functions_of(genesis),
        "/params/$area/$name": native_entry("_param_guard"),
    }
    deepest = "/params/x/y" + "".join(f"/d{depth}" for depth in range(4, 31))
    assert deepest.count("/") == 30
    writes = [
        "/params/x/y",
        "/params/x/y/z",
        deepest,
        "/params/staking/unbonding_delay/z",
        "/params/x",
        "/paramz/x/y/z",
    ]
    apply_vector(
        fill,
        "",
        [transaction(ALICE_SEED, set_value(path, 1), nonce=n) for n, path in enumerate(writes)],
        [
            failed(ErrorCode.PARAM_UNKNOWN),
            failed(ErrorCode.PARAM_UNKNOWN),
            failed(ErrorCode.PARAM_UNKNOWN),
            failed(ErrorCode.PARAM_WRONG_TYPE),
            failed(ErrorCode.RULE_BELOW_WRITE),
            OK,
        ],
        genesis=genesis,
    )


def rules_of(genesis: dict[str, CborValue]) -> dict[str, CborValue]:
    """The rules section of a genesis document."""
    rules = genesis["rules"]
    assert isinstance(rules, dict)
    return rules


def functions_of(genesis: dict[str, CborValue]) -> dict[str, CborValue]:
    """The functions section of a genesis document."""
    functions = genesis["functions"]
    assert isinstance(functions, dict)
    return functions


@clauses(
    "AIN-PLAT-NATIVE-PLACEMENT.1",
    "AIN-STATE-RULE-VARIABLE.1",
    "AIN-STATE-FUNCTION-CONFIG.1",
    "AIN-STATE-OWNER-PERMISSION.1",
)
def test_set_function_check_order(fill: Filler) -> None:
    """
    SET_FUNCTION checks, in order: the owner, the merged config's validity, the variable
    conflict, the natives' placement.

    Given
    -----
    - the base genesis (alice owns everything; an EVENT function at /jobs/$job/request).

    When
    ----
    - bob configures `_transfer` at /jobs/$other/request; alice configures there: an entry whose
      function_id differs from its id; the unknown native `_nope`; `_transfer`; then alice
      configures `_transfer` at /jobs/$job/request (no conflict there).

    Then
    ----
    - OWNER_PERMISSION_DENIED; FUNCTION_CONFIG_INVALID and FUNCTION_UNKNOWN_NATIVE (validity
      before the conflict); RULE_VARIABLE_CONFLICT (the conflict before the placement);
      NATIVE_NOT_DECLARED_HERE.
    """
    beside = "/jobs/$other/request"
    changes: list[tuple[bytes, str, dict[str, CborValue]]] = [
        (BOB_SEED, beside, native_entry("_transfer")),
        (ALICE_SEED, beside, {"x": {"function_type": "EVENT", "function_id": "y"}}),
        (ALICE_SEED, beside, native_entry("_nope")),
        (ALICE_SEED, beside, native_entry("_transfer")),
        (ALICE_SEED, "/jobs/$job/request", native_entry("_transfer")),
    ]
    nonces = {BOB_SEED: 0, ALICE_SEED: 0}
    transactions = []
    for seed, ref, value in changes:
        operation: dict[str, CborValue] = {"type": "SET_FUNCTION", "ref": ref, "value": value}
        transactions.append(transaction(seed, operation, nonce=nonces[seed]))
        nonces[seed] += 1
    apply_vector(
        fill,
        "",
        transactions,
        [
            failed(ErrorCode.OWNER_PERMISSION_DENIED),
            failed(ErrorCode.FUNCTION_CONFIG_INVALID),
            failed(ErrorCode.FUNCTION_UNKNOWN_NATIVE),
            failed(ErrorCode.RULE_VARIABLE_CONFLICT),
            failed(ErrorCode.NATIVE_NOT_DECLARED_HERE),
        ],
    )
