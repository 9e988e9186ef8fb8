"""Fillers for edges a mutation run found unguarded, each taken exactly on both sides: the
native call depth, a SET's size, the transaction size, the budget over nested values, the
arithmetic's signs, presence terminals, the reserved ranges, rules below at any depth, an owner
change's one field, and a native's config write."""

from __future__ import annotations

from ain_ref.chain import sign_transaction
from ain_ref.conformance.state_strategies import ALL_PERMISSIONS
from ain_ref.conformance.typed_json import to_typed_json
from ain_ref.encoding import CborValue, decode, encode
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.state.common import (
    ALICE,
    ALICE_SEED,
    BLOCK_TIME,
    BOB,
    BOB_SEED,
    CHAIN_ID,
    apply_vector,
    base_genesis,
    set_value,
    transaction,
)
from tests.fillers.state.test_hardening import OK, failed, rejected
from tests.fillers.state.test_paths_values import path_case
from tests.fillers.state.test_root_and_proofs import ACCOUNTS, proof_of
from tests.fillers.state.test_rules import budget_rule, evaluation


def relay_genesis() -> dict[str, CborValue]:
    """Anyone may write below /relay; each /relay/<k> is configured with its relay native."""
    return {
        "rules": {"/": {"write": False}, "/relay/$k": {"write": True}},
        "functions": {
            f"/relay/{position}": {
                f"_test_relay_{position}": {
                    "function_type": "NATIVE",
                    "function_id": f"_test_relay_{position}",
                }
            }
            for position in range(1, 10)
        },
    }


@clauses("AIN-STATE-FUNCTION-DEPTH.1", "AIN-STATE-FUNCTION-RELAY.1")
def test_native_call_depth_is_taken_exactly(fill: Filler) -> None:
    """
    Natives may nest eight deep, not nine.

    Given
    -----
    - the relay natives configured at /relay/1 .. /relay/9, every /relay/<k> writable.

    When
    ----
    - bob writes 5 to /relay/2 (eight relays, the last at depth 8); then 6 to /relay/1 (the
      ninth relay would run at depth 9); then deletes /relay/2 (a null fires them too).

    Then
    ----
    - SUCCESS (work 8: his write and seven relayed ones), FAILED with
      FUNCTION_DEPTH_EXCEEDED (nothing written, his nonce spent), SUCCESS.
    """
    output = apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, set_value("/relay/2", 5)),
            transaction(BOB_SEED, set_value("/relay/1", 6), nonce=1),
            transaction(BOB_SEED, set_value("/relay/2", None), nonce=2),
        ],
        [OK, failed(ErrorCode.FUNCTION_DEPTH_EXCEEDED), OK],
        genesis=relay_genesis(),
    )
    assert output["receipts"][0]["work"] == 8


@clauses("AIN-STATE-SET.1")
def test_set_sizes_are_taken_exactly(fill: Filler) -> None:
    """
    A SET holds 1 to 50 operations: both ends allowed, 0 and 51 refused.

    Given
    -----
    - the base genesis (bob may write below /notes/<bob>).

    When
    ----
    - bob sends a SET of exactly one write, one of exactly 50, then one of 51.

    Then
    ----
    - SUCCESS, SUCCESS, then FAILED with OPERATION_LIST_INVALID.
    """

    def writes(count: int) -> dict[str, CborValue]:
        return {
            "type": "SET",
            "op_list": [set_value(f"/notes/{BOB}/n{index}", index) for index in range(count)],
        }

    apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, writes(1)),
            transaction(BOB_SEED, writes(50), nonce=1),
            transaction(BOB_SEED, writes(51), nonce=2),
        ],
        [OK, OK, failed(ErrorCode.OPERATION_LIST_INVALID)],
    )


def transaction_of_size(size: int) -> str:
    """Bob's signed note write whose canonical bytes are exactly ``size`` long, hex."""
    for padding in range(size - 300, size):
        body: dict[str, CborValue] = {
            "chain_id": CHAIN_ID,
            "nonce": 0,
            "timestamp": BLOCK_TIME - 1000,
            "operation": set_value(f"/notes/{BOB}/long", "x" * padding),
        }
        data = sign_transaction(BOB_SEED, body)
        if len(data) == size:
            return data.hex()
    raise AssertionError(f"no padding gives {size} bytes")


@clauses("AIN-TX-SIZE.1")
def test_transaction_size_is_taken_exactly(fill: Filler) -> None:
    """
    A transaction of exactly 65,536 bytes is applied; one of 65,537 is refused.

    Given
    -----
    - the base genesis; bob's note write padded to exactly 65,536 bytes, and the same padded
      to 65,537.

    When
    ----
    - the longer is applied, then the one at the limit.

    Then
    ----
    - REJECTED with TX_TOO_LARGE (the nonce stays 0), then SUCCESS.
    """
    at_limit, over_limit = transaction_of_size(65_536), transaction_of_size(65_537)
    assert len(at_limit) == 2 * 65_536 and len(over_limit) == 2 * 65_537
    apply_vector(
        fill,
        "",
        [over_limit, at_limit],
        [rejected(ErrorCode.TX_TOO_LARGE), OK],
        genesis=base_genesis(),
    )


@clauses("AIN-STATE-RULE-BUDGET.2")
def test_budget_counts_nested_nodes_exactly(fill: Filler) -> None:
    """
    Every node of a nested value is one step, for data, newData and getValue alike.

    Given
    -----
    - data (and newData) {"a": {395 or 396 entries}}, 397 or 398 nodes: 25 references and 13
      literals joined by && spend 38 + 37 + 25 x 397 = 10,000 steps; with 398 nodes and one
      literal, 26 + 25 + 25 x 398 = 10,001;
    - a state holding /big = {"a": {394 or 395 entries}} (396 or 397 nodes): 25 getValue('/big')
      (2 steps each, plus the nodes) and 13 literals spend 25 x 398 + 13 + 37 = 10,000 steps;
      with 397 nodes and one literal, 25 x 399 + 1 + 25 = 10,001.

    When
    ----
    - each is evaluated.

    Then
    ----
    - 10,000 steps allow; 10,001 are RULE_BUDGET_EXCEEDED.
    """

    def nested(entries: int) -> dict[str, CborValue]:
        return {"a": {f"k{index:03d}": index for index in range(entries)}}

    for name in ("data", "newData"):
        field = "data" if name == "data" else "new_data"
        evaluation(
            fill, f"{field}_nested_at_limit", budget_rule(name, 25, 13), **{field: nested(395)}
        )
        evaluation(
            fill,
            f"{field}_nested_one_over",
            budget_rule(name, 25, 1),
            allowed=False,
            code=ErrorCode.RULE_BUDGET_EXCEEDED,
            **{field: nested(396)},
        )
    for case, entries, padding, allowed in (
        ("at_limit", 394, 13, True),
        ("one_over", 395, 1, False),
    ):
        evaluation(
            fill,
            f"get_value_nested_{case}",
            budget_rule("getValue('/big')", 25, padding),
            allowed=allowed,
            code=ErrorCode.RULE_BUDGET_EXCEEDED,
            genesis={"values": {"/big": nested(entries)}},
        )


@clauses("AIN-STATE-RULE-OPERATORS.1")
def test_arithmetic_signs(fill: Filler) -> None:
    """
    Subtraction, division and remainder on every combination of signs.

    Given
    -----
    - rules comparing `-`, `/` and `%` results with a negative divisor, both negative, a zero
      dividend, and a difference below zero.

    When
    ----
    - each is evaluated.

    Then
    ----
    - each allows: `/` truncates toward zero whatever the signs, `%` takes the dividend's sign.
    """
    for case, rule in {
        "subtraction_order": "5 - 7 === -2 && 7 - 5 === 2 && 0 - 0 === 0",
        "division_negative_divisor": "7 / -2 === -3 && 6 / -3 === -2",
        "division_both_negative": "-7 / -2 === 3 && -6 / -3 === 2",
        "division_zero_dividend": "0 / -5 === 0 && 0 / 5 === 0",
        "division_smaller_dividend": "1 / 2 === 0 && -1 / 2 === 0 && 1 / -2 === 0",
        "remainder_both_negative": "-7 % -3 === -1 && 7 % 3 === 1 && -6 % 3 === 0",
        "remainder_zero_dividend": "0 % -5 === 0",
    }.items():
        evaluation(fill, case, rule)


@clauses("AIN-STATE-PROOF-VERIFY.2", "AIN-STATE-PROOF.2")
def test_presence_terminals_need_one_level_per_label(fill: Filler) -> None:
    """
    A value or trie_root terminal ends a walk of exactly one level per label: put in place of
    a leaf met above the path, it proves nothing.

    Given
    -----
    - the proof that /flag/below is absent (a leaf at /flag, one level for two labels) in a
      state with forty accounts and /flag = true.

    When
    ----
    - it is verified with its terminal replaced by {"value": true} (the leaf's own value, so
      every hash still leads to the root), by {"trie_root": <any hash>}, and by
      {"absent": "leaf"} without its value.

    Then
    ----
    - each is STATE_PROOF_INVALID: none may claim a value or a node at /flag/below.
    """
    genesis: dict[str, CborValue] = {"values": {**ACCOUNTS, "/flag": True}}
    root, proof_hex = proof_of(genesis, "values", "/flag/below")
    proof = decode(bytes.fromhex(proof_hex))
    assert isinstance(proof, dict) and proof["terminal"] == {"absent": "leaf", "value": True}
    for case, terminal in (
        ("value_above_the_path", {"value": True}),
        ("trie_root_above_the_path", {"trie_root": bytes(32)}),
        ("leaf_without_value", {"absent": "leaf"}),
    ):
        fill(
            "state",
            "verify_proof",
            {"root": root, "proof": encode({**proof, "terminal": terminal}).hex()},
            rejection=ErrorCode.STATE_PROOF_INVALID,
            case=case,
        )


@clauses("AIN-STATE-LABEL.1", "AIN-STATE-PATH.1")
def test_reserved_ranges_are_taken_exactly(fill: Filler) -> None:
    """
    The reserved ranges end where the prose says: U+0000 to U+001F, U+007F, U+D800 to U+DFFF.

    Given
    -----
    - labels holding U+001F, U+007F, U+D800, U+DFFF (lone surrogates, which JSON can carry),
      and their neighbours U+007E, U+0080, U+D7FF, U+E000.

    When
    ----
    - each path is parsed in /values.

    Then
    ----
    - the first four are STATE_LABEL_RESERVED_CHARACTER, located at the character; the
      neighbours are ordinary characters.
    """
    for case, text in (
        ("unit_separator", "/a\u001f"),
        ("delete", "/ab/c\u007f"),
        ("first_surrogate", "/a\ud800"),
        ("last_surrogate", "/\udfff"),
    ):
        path_case(fill, case, "values", text, code=ErrorCode.STATE_LABEL_RESERVED_CHARACTER)
    for case, label in (
        ("tilde", "a~"),
        ("first_above_delete", "a\u0080"),
        ("below_surrogates", "a\ud7ff"),
        ("above_surrogates", "a\ue000"),
    ):
        path_case(fill, case, "values", "/" + label, labels=[label])


@clauses("AIN-STATE-RULE-BELOW.1")
def test_rules_below_are_found_at_any_depth(fill: Filler) -> None:
    """
    A value write is refused when any write rule lies below its path, however deep, through
    plain labels as through variables.

    Given
    -----
    - rules allowing anyone to write /one, /two and /three, and rules below them at
      /one/a, /two/a/b and /three/a/$b/c.

    When
    ----
    - bob writes each of /one, /two and /three; then /one/z, below which no rule lies.

    Then
    ----
    - RULE_BELOW_WRITE three times, then SUCCESS.
    """
    genesis: dict[str, CborValue] = {
        "rules": {
            "/": {"write": False},
            "/one": {"write": True},
            "/two": {"write": True},
            "/three": {"write": True},
            "/one/a": {"write": True},
            "/two/a/b": {"write": True},
            "/three/a/$b/c": {"write": True},
        }
    }
    apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, set_value("/one", 1)),
            transaction(BOB_SEED, set_value("/two", 1), nonce=1),
            transaction(BOB_SEED, set_value("/three", 1), nonce=2),
            transaction(BOB_SEED, set_value("/one/z", 1), nonce=3),
        ],
        [
            failed(ErrorCode.RULE_BELOW_WRITE),
            failed(ErrorCode.RULE_BELOW_WRITE),
            failed(ErrorCode.RULE_BELOW_WRITE),
            OK,
        ],
        genesis=genesis,
    )


@clauses("AIN-STATE-OWNER-CONFIG.1", "AIN-STATE-CONFIG-MERGE.1")
def test_an_owner_change_has_exactly_its_one_field(fill: Filler) -> None:
    """
    SET_OWNER's value is {"owners": {...}} and nothing else.

    Given
    -----
    - the base genesis (alice holds every permission at /).

    When
    ----
    - alice sets the owner config of /notes with an extra field beside "owners"; with no
      "owners" field; then with exactly {"owners": {alice: every permission}}.

    Then
    ----
    - OWNER_CONFIG_INVALID twice, then SUCCESS.
    """
    owners: dict[str, CborValue] = {"owners": {ALICE: dict.fromkeys(ALL_PERMISSIONS, True)}}

    def set_owner(value: CborValue) -> dict[str, CborValue]:
        return {"type": "SET_OWNER", "ref": "/notes", "value": value}

    apply_vector(
        fill,
        "",
        [
            transaction(ALICE_SEED, set_owner({**owners, "note": 1})),
            transaction(ALICE_SEED, set_owner({"note": 1}), nonce=1),
            transaction(ALICE_SEED, set_owner(owners), nonce=2),
        ],
        [
            failed(ErrorCode.OWNER_CONFIG_INVALID),
            failed(ErrorCode.OWNER_CONFIG_INVALID),
            OK,
        ],
    )


@clauses("AIN-STATE-OWNER-MATCH.1", "AIN-STATE-FUNCTION-TEST-WRITER.1")
def test_a_natives_config_write_is_judged_as_the_native(fill: Filler) -> None:
    """
    A native's config write is judged by the owner entry "fid:<its id>", never the signer's.

    Given
    -----
    - _test_rule_writer configured at /rule_writer/$x, which anyone may write; owner configs
      at /rule_writer/yes (fid:_test_rule_writer holds every permission, "*" none) and at
      /rule_writer/no (bob holds every permission, "*" none).

    When
    ----
    - bob writes /rule_writer/yes, then /rule_writer/no; each fires the native, which sets a
      rule below the written path.

    Then
    ----
    - SUCCESS (work 2: bob's write and the rule), then FAILED with OWNER_PERMISSION_DENIED
      (bob's own permission does not lend itself to the native).
    """
    nobody: dict[str, CborValue] = dict.fromkeys(ALL_PERMISSIONS, False)
    everything: dict[str, CborValue] = dict.fromkeys(ALL_PERMISSIONS, True)
    writer = {"function_type": "NATIVE", "function_id": "_test_rule_writer"}
    genesis: dict[str, CborValue] = {
        "rules": {"/": {"write": False}, "/rule_writer/$x": {"write": True}},
        "owners": {
            "/": {"owners": {"*": nobody}},
            "/rule_writer/yes": {"owners": {"fid:_test_rule_writer": everything, "*": nobody}},
            "/rule_writer/no": {"owners": {BOB: everything, "*": nobody}},
        },
        "functions": {"/rule_writer/$x": {"_test_rule_writer": writer}},
    }
    output = apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, set_value("/rule_writer/yes", 1)),
            transaction(BOB_SEED, set_value("/rule_writer/no", 1), nonce=1),
        ],
        [OK, failed(ErrorCode.OWNER_PERMISSION_DENIED)],
        genesis=genesis,
    )
    assert output["receipts"][0]["work"] == 2


@clauses("AIN-STATE-RULE-BUDGET.2")
def test_a_variable_is_one_step(fill: Filler) -> None:
    """
    A $variable is one form: one step, like a literal.

    Given
    -----
    - data of 396 entries (397 nodes) and the variable v = "x": 25 references to data and 13
      to $v joined by &&, 38 + 37 + 25 x 397 = 10,000 steps; data of 397 entries, 25
      references and one $v, 10,001 steps.

    When
    ----
    - each is evaluated.

    Then
    ----
    - the first allows; the second is RULE_BUDGET_EXCEEDED.
    """
    for case, entries, count, allowed in (("at_limit", 396, 13, True), ("one_over", 397, 1, False)):
        evaluation(
            fill,
            f"variables_{case}",
            " && ".join(["data"] * 25 + ["$v"] * count),
            allowed=allowed,
            code=ErrorCode.RULE_BUDGET_EXCEEDED,
            data={f"k{index:03d}": index for index in range(entries)},
            variables={"v": "x"},
        )


@clauses("AIN-STATE-PROOF.2", "AIN-STATE-PROOF-VERIFY.2")
def test_absence_beside_a_greater_label(fill: Filler) -> None:
    """
    An absent label whose trie walk ends at the entry of a greater label is proved absent.

    Given
    -----
    - forty accounts acct00 .. acct39 in /values.

    When
    ----
    - the first path /accounts/0<n> whose walk ends at another entry (labels starting with
      "0" sort below every "acct" label) is proved, and the proof verified.

    Then
    ----
    - the proof's terminal is other_entry, and it verifies to {"absent": true}.
    """
    genesis: dict[str, CborValue] = {"values": dict(ACCOUNTS)}
    for index in range(1000):
        path = f"/accounts/0{index}"
        root, proof_hex = proof_of(genesis, "values", path)
        proof = decode(bytes.fromhex(proof_hex))
        assert isinstance(proof, dict) and isinstance(proof["terminal"], dict)
        if proof["terminal"].get("absent") == "other_entry":
            break
    vector_input = {"genesis": to_typed_json(genesis), "subtree": "values", "path": path}
    fill("state", "prove", vector_input, output={"root": root, "proof": proof_hex})
    claim = {"subtree": "values", "path": path, "claim": to_typed_json({"absent": True})}
    fill("state", "verify_proof", {"root": root, "proof": proof_hex}, output=claim)


@clauses("AIN-STATE-PROOF-VERIFY.2")
def test_a_trie_root_terminal_needs_one_level_per_label(fill: Filler) -> None:
    """
    The proof of a node, given one more label than it has levels, proves nothing.

    Given
    -----
    - the proof of the node /accounts (a trie_root terminal after one level) in a state with
      forty accounts.

    When
    ----
    - it is verified with its labels ["accounts", "zzz"] (every hash still leads to the root).

    Then
    ----
    - STATE_PROOF_INVALID: it may not claim a node at /accounts/zzz.
    """
    genesis: dict[str, CborValue] = {"values": dict(ACCOUNTS)}
    root, proof_hex = proof_of(genesis, "values", "/accounts")
    proof = decode(bytes.fromhex(proof_hex))
    assert isinstance(proof, dict) and isinstance(proof["terminal"], dict)
    assert "trie_root" in proof["terminal"]
    relabelled = {**proof, "labels": ["accounts", "zzz"]}
    fill(
        "state",
        "verify_proof",
        {"root": root, "proof": encode(relabelled).hex()},
        rejection=ErrorCode.STATE_PROOF_INVALID,
    )


@clauses("AIN-STATE-RULE-GRAMMAR.2", "AIN-STATE-RULE-OPERATORS.1")
def test_escapes_among_other_characters(fill: Filler) -> None:
    """
    A text literal with an escape keeps its other characters as they are, whatever their code.

    Given
    -----
    - texts mixing escapes with characters below and above the backslash (U+005C): capitals,
      digits, a slash, a space, lower case.

    When
    ----
    - rules measuring and comparing them are evaluated.

    Then
    ----
    - each allows.
    """
    for case, rule in {
        "escape_between_capitals": "util.length('A\\tB') === 3 && 'A\\tB' === 'A' + '\\t' + 'B'",
        "escape_after_digits_and_slash": "'/1 2\\n' === '/1 ' + 2 + '\\n'",
        "escaped_quote_among_lower_case": "util.length('it\\'s') === 4",
    }.items():
        evaluation(fill, case, rule)


@clauses("AIN-STATE-RULE-EVAL.2", "AIN-STATE-RULE-OPERATORS.1")
def test_short_circuits_inside_operands(fill: Filler) -> None:
    """
    `&&` and `||` decide on their own left operand, also inside another operator's operand.

    Given
    -----
    - `&&` and `||` as the right operand of `===`, whose left operand is a value of the
      opposite truthiness.

    When
    ----
    - each is evaluated.

    Then
    ----
    - each allows: `0 && 1` is false and `1 && 1` true beside a truthy or falsy left operand of
      `===`; likewise `0 || 0` is false and `1 || 0` true.
    """
    for case, rule in {
        "and_beside_truthy": "!(1 === (0 && 1))",
        "and_beside_falsy": "!(false === (1 && 1))",
        "or_beside_truthy": "!(true === (0 || 0))",
        "or_beside_falsy": "(0 === (1 || 0)) === false && (false === (1 || 0)) === false",
    }.items():
        evaluation(fill, case, rule)


@clauses("AIN-STATE-RULE-OPERATORS.1")
def test_order_comparisons_on_both_sides(fill: Filler) -> None:
    """
    Each order comparison is true on one side of its operands' order and false on the other.

    Given
    -----
    - integers 4 < 5 < 6 and texts 'a' < 'b', compared with `<`, `<=`, `>`, `>=` in both
      directions.

    When
    ----
    - each rule is evaluated.

    Then
    ----
    - each allows.
    """
    for case, rule in {
        "less": "4 < 5 && !(6 < 5) && 'a' < 'b' && !('b' < 'a')",
        "less_or_equal": "4 <= 5 && !(6 <= 5) && 'a' <= 'b' && !('b' <= 'a')",
        "greater": "6 > 5 && !(4 > 5) && 'b' > 'a' && !('a' > 'b')",
        "greater_or_equal": "6 >= 5 && !(4 >= 5) && 'b' >= 'a' && !('a' >= 'b')",
    }.items():
        evaluation(fill, case, rule)
