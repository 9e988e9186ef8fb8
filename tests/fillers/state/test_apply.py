"""Fillers for state/apply: genesis plus transactions give receipts and a root."""

from __future__ import annotations

from ain_ref.conformance.handlers import find_handler
from ain_ref.conformance.typed_json import from_typed_json, to_typed_json
from ain_ref.encoding import encode
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.state.common import (
    ALICE,
    ALICE_SEED,
    ALL_PERMISSIONS,
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


def rejected(code: ErrorCode) -> tuple[str, str]:
    """A REJECTED receipt's (status, code)."""
    return ("REJECTED", str(code))


@clauses(
    "AIN-STATE-REPLACE.1",
    "AIN-STATE-NULL-PRUNE.1",
    "AIN-STATE-RULE-MATCH.1",
    "AIN-TX-NONCE.2",
    "AIN-TX-RECEIPT.2",
)
def test_set_value_replaces_and_null_prunes(fill: Filler) -> None:
    """
    SET_VALUE replaces a whole subtree; null deletes it and prunes emptied ancestors.

    Given
    -----
    - the base genesis: bob may write under /notes/<bob>.

    When
    ----
    - bob writes {"a": {"b": 1}, "c": "x"} at /notes/<bob>, then "only" at /notes/<bob>/a,
      then null at /notes/<bob>/a and at /notes/<bob>/c (nonces 0 to 3).

    Then
    ----
    - every transaction succeeds; after the last, /notes is gone entirely (pruned), so the
      root equals the genesis root with bob's nonce set to 4.
    """
    note = f"/notes/{BOB}"
    output = apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, set_value(note, {"a": {"b": 1}, "c": "x"}), nonce=0),
            transaction(BOB_SEED, set_value(note + "/a", "only"), nonce=1),
            transaction(BOB_SEED, set_value(note + "/a", None), nonce=2),
            transaction(BOB_SEED, set_value(note + "/c", None), nonce=3),
        ],
        [OK, OK, OK, OK],
    )
    genesis = base_genesis()
    assert isinstance(genesis["values"], dict)
    genesis["values"][f"/accounts/{BOB}/nonce"] = 4
    root_handler = find_handler("state", "root")
    assert root_handler is not None
    assert root_handler.run({"genesis": to_typed_json(genesis)})["root"] == output["root"]


@clauses("AIN-STATE-INC.1", "AIN-STATE-INC-RANGE.1", "AIN-STATE-DEC.1", "AIN-STATE-DEC-RANGE.1")
def test_inc_and_dec_value(fill: Filler) -> None:
    """
    INC_VALUE and DEC_VALUE count an absent value as 0, refuse non-integers and overflow.

    Given
    -----
    - the base genesis; bob may write /counters/<bob>.

    When
    ----
    - bob increments an absent counter by 5, increments it by 2**64 - 1, decrements it by 7,
      decrements it by 2**63, writes a map there and increments it, writes a text and
      decrements it.

    Then
    ----
    - SUCCESS (5), INC_RESULT_OUT_OF_RANGE, SUCCESS (-2), DEC_RESULT_OUT_OF_RANGE, SUCCESS,
      INC_TARGET_NOT_INTEGER, SUCCESS, DEC_TARGET_NOT_INTEGER.
    """
    counter = f"/counters/{BOB}"
    apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, {"type": "INC_VALUE", "ref": counter, "value": 5}, nonce=0),
            transaction(
                BOB_SEED, {"type": "INC_VALUE", "ref": counter, "value": 2**64 - 1}, nonce=1
            ),
            transaction(BOB_SEED, {"type": "DEC_VALUE", "ref": counter, "value": 7}, nonce=2),
            transaction(BOB_SEED, {"type": "DEC_VALUE", "ref": counter, "value": 2**63}, nonce=3),
            transaction(BOB_SEED, set_value(counter, {"k": 1}), nonce=4),
            transaction(BOB_SEED, {"type": "INC_VALUE", "ref": counter, "value": 1}, nonce=5),
            transaction(BOB_SEED, set_value(counter, "text"), nonce=6),
            transaction(BOB_SEED, {"type": "DEC_VALUE", "ref": counter, "value": 1}, nonce=7),
        ],
        [
            OK,
            failed(ErrorCode.INC_RESULT_OUT_OF_RANGE),
            OK,
            failed(ErrorCode.DEC_RESULT_OUT_OF_RANGE),
            OK,
            failed(ErrorCode.INC_TARGET_NOT_INTEGER),
            OK,
            failed(ErrorCode.DEC_TARGET_NOT_INTEGER),
        ],
    )


@clauses(
    "AIN-STATE-RULE-MATCH.1",
    "AIN-STATE-RULE-BELOW.1",
    "AIN-STATE-RULE-EVAL.2",
    "AIN-STATE-RULE-ERROR.1",
    "AIN-TX-ATOMIC.2",
)
def test_write_rules_govern_value_writes(fill: Filler) -> None:
    """
    The deepest matching write rule governs; no rule, a falsy rule, a rule below, or a rule
    that cannot be evaluated refuse the write and leave the root unchanged.

    Given
    -----
    - the base genesis (root rule false; /notes/$user writable by $user; /jobs/$job/request
      needs a map); a rule at /notes/$user/locked that reads data.missing.member.

    When
    ----
    - bob writes /notes/<bob>/x (allowed), /notes/<carol>/x (denied: the $user rule is false
      for bob), /elsewhere (only the root rule: false), /notes (a rule exists below),
      /notes/<bob>/locked (the rule fails to evaluate).

    Then
    ----
    - SUCCESS, RULE_DENIED, RULE_DENIED, RULE_BELOW_WRITE, RULE_EVALUATION_ERROR.
    """
    genesis = base_genesis()
    assert isinstance(genesis["rules"], dict)
    genesis["rules"]["/notes/$user/locked"] = {"write": "data.missing.member === 1"}
    apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, set_value(f"/notes/{BOB}/x", 1), nonce=0),
            transaction(BOB_SEED, set_value(f"/notes/{CAROL}/x", 1), nonce=1),
            transaction(BOB_SEED, set_value("/elsewhere", 1), nonce=2),
            transaction(BOB_SEED, set_value("/notes", {"a": 1}), nonce=3),
            transaction(BOB_SEED, set_value(f"/notes/{BOB}/locked", 1), nonce=4),
        ],
        [
            OK,
            failed(ErrorCode.RULE_DENIED),
            failed(ErrorCode.RULE_DENIED),
            failed(ErrorCode.RULE_BELOW_WRITE),
            failed(ErrorCode.RULE_EVALUATION_ERROR),
        ],
        genesis=genesis,
    )


@clauses("AIN-STATE-RULE-MATCH.1")
def test_no_rule_means_no_write(fill: Filler) -> None:
    """
    Without any write rule on the path, writes are denied by default.

    Given
    -----
    - a genesis with no rules at all.

    When
    ----
    - alice writes /anything.

    Then
    ----
    - the transaction fails with RULE_NOT_FOUND.
    """
    apply_vector(
        fill,
        "",
        [transaction(ALICE_SEED, set_value("/anything", 1))],
        [failed(ErrorCode.RULE_NOT_FOUND)],
        genesis={},
    )


@clauses("AIN-STATE-RULE-BUDGET.2")
def test_rule_over_budget_is_refused(fill: Filler) -> None:
    """
    A rule that reads more than its budget allows is refused.

    Given
    -----
    - /big holds a map of 250 entries; the rule at /probe reads getValue('/big') 50 times.

    When
    ----
    - alice writes /probe.

    Then
    ----
    - the transaction fails with RULE_BUDGET_EXCEEDED.
    """
    expression = " && ".join(["getValue('/big')"] * 50)
    genesis = {
        "values": {"/big": {f"k{index:03d}": index for index in range(250)}},
        "rules": {"/probe": {"write": expression}},
    }
    apply_vector(
        fill,
        "",
        [transaction(ALICE_SEED, set_value("/probe", 1))],
        [failed(ErrorCode.RULE_BUDGET_EXCEEDED)],
        genesis=genesis,
    )


@clauses(
    "AIN-ECON-TRANSFER.2",
    "AIN-STATE-FUNCTION-NATIVE.1",
    "AIN-STATE-FUNCTION-MATCH.2",
    "AIN-STATE-FUNCTION-DEPTH.1",
    "AIN-TX-ATOMIC.2",
)
def test_transfers_move_balances_through_a_native_function(fill: Filler) -> None:
    """
    A write at /transfer/<from>/<to>/<key>/value fires _transfer, which moves the amount.

    Given
    -----
    - the base genesis: alice holds 1,000,000; balances are writable only by _transfer.

    When
    ----
    - alice transfers 250,000 to bob; bob transfers 1,000,000 to carol (too much); alice
      transfers 0 to carol; alice transfers 5 to herself; alice writes her own balance;
      bob transfers 50,000 to carol.

    Then
    ----
    - SUCCESS (balances 750,000 and 250,000), ECON_INSUFFICIENT_BALANCE,
      ECON_TRANSFER_INVALID, ECON_TRANSFER_INVALID, RULE_DENIED, SUCCESS; the sum of balances
      stays 1,000,000.
    """
    output = apply_vector(
        fill,
        "",
        [
            transaction(
                ALICE_SEED, set_value(f"/transfer/{ALICE}/{BOB}/1/value", 250_000), nonce=0
            ),
            transaction(
                BOB_SEED, set_value(f"/transfer/{BOB}/{CAROL}/1/value", 1_000_000), nonce=0
            ),
            transaction(ALICE_SEED, set_value(f"/transfer/{ALICE}/{CAROL}/2/value", 0), nonce=1),
            transaction(ALICE_SEED, set_value(f"/transfer/{ALICE}/{ALICE}/3/value", 5), nonce=2),
            transaction(ALICE_SEED, set_value(f"/accounts/{ALICE}/balance", 10**9), nonce=3),
            transaction(BOB_SEED, set_value(f"/transfer/{BOB}/{CAROL}/2/value", 50_000), nonce=1),
        ],
        [
            OK,
            failed(ErrorCode.ECON_INSUFFICIENT_BALANCE),
            failed(ErrorCode.ECON_TRANSFER_INVALID),
            failed(ErrorCode.ECON_TRANSFER_INVALID),
            failed(ErrorCode.RULE_DENIED),
            OK,
        ],
    )
    assert output["receipts"][0]["work"] == 3  # the record, the debit, the credit


@clauses("AIN-STATE-FUNCTION-EVENT.1", "AIN-STATE-FUNCTION-MATCH.2", "AIN-TX-RECEIPT.2")
def test_event_functions_emit_ordered_events(fill: Filler) -> None:
    """
    An EVENT function appends an event to the receipt of a successful transaction only.

    Given
    -----
    - the base genesis: /jobs/$job/request fires job_requested and needs a new map.

    When
    ----
    - bob posts a request for job j1; carol posts again at j1 (refused: data is not null);
      carol posts a request for j2 in a SET together with a note.

    Then
    ----
    - SUCCESS with one event {fid: job_requested, path, params: {job: j1}, value}; FAILED with
      no event; SUCCESS with one event for j2.
    """
    request = {"model": "llama", "max_price": 40}
    output = apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, set_value("/jobs/j1/request", request), nonce=0),
            transaction(CAROL_SEED, set_value("/jobs/j1/request", request), nonce=0),
            transaction(
                CAROL_SEED,
                {
                    "type": "SET",
                    "op_list": [
                        set_value(f"/notes/{CAROL}/last", "j2"),
                        set_value("/jobs/j2/request", request),
                    ],
                },
                nonce=1,
            ),
        ],
        [OK, failed(ErrorCode.RULE_DENIED), OK],
    )
    events = [receipt["events"] for receipt in output["receipts"]]
    assert [len(e) for e in events] == [1, 0, 1]
    assert from_typed_json(events[0][0])["params"] == {"job": "j1"}


@clauses("AIN-STATE-SET.1", "AIN-TX-ATOMIC.2")
def test_set_is_all_or_nothing(fill: Filler) -> None:
    """
    A SET applies its operations in order and fails as a whole at the first failure.

    Given
    -----
    - the base genesis.

    When
    ----
    - bob sends a SET whose second operation is denied; an empty SET; a SET inside a SET;
      then a SET of two allowed writes.

    Then
    ----
    - RULE_DENIED (the first write is undone), OPERATION_LIST_INVALID twice, then SUCCESS;
      after the three failures the root is the genesis root with bob's nonce at 3.
    """
    output = apply_vector(
        fill,
        "",
        [
            transaction(
                BOB_SEED,
                {
                    "type": "SET",
                    "op_list": [set_value(f"/notes/{BOB}/a", 1), set_value(f"/notes/{CAROL}/a", 1)],
                },
                nonce=0,
            ),
            transaction(BOB_SEED, {"type": "SET", "op_list": []}, nonce=1),
            transaction(
                BOB_SEED,
                {
                    "type": "SET",
                    "op_list": [{"type": "SET", "op_list": [set_value(f"/notes/{BOB}/a", 1)]}],
                },
                nonce=2,
            ),
            transaction(
                BOB_SEED,
                {
                    "type": "SET",
                    "op_list": [set_value(f"/notes/{BOB}/a", 1), set_value(f"/notes/{BOB}/b", 2)],
                },
                nonce=3,
            ),
        ],
        [
            failed(ErrorCode.RULE_DENIED),
            failed(ErrorCode.OPERATION_LIST_INVALID),
            failed(ErrorCode.OPERATION_LIST_INVALID),
            OK,
        ],
    )
    roots = [receipt["root"] for receipt in output["receipts"]]
    assert roots[2] == root_with_nonces({BOB: 3}) != roots[3]


@clauses(
    "AIN-STATE-OPERATION.1", "AIN-STATE-PATH.1", "AIN-STATE-VALUE.1", "AIN-STATE-LABEL-KINDS.1"
)
def test_malformed_operations_fail(fill: Filler) -> None:
    """
    Operations of the wrong shape, path or value fail with their codes.

    Given
    -----
    - the base genesis.

    When
    ----
    - bob sends: an unknown type; SET_VALUE with an extra field; INC_VALUE with a boolean;
      a ref without a leading "/"; a ref with a $variable in /values; an array value; an empty
      map value; a path of 31 labels.

    Then
    ----
    - OPERATION_MALFORMED three times, STATE_PATH_MALFORMED, STATE_LABEL_NOT_ALLOWED_HERE,
      STATE_VALUE_INVALID twice, STATE_PATH_TOO_DEEP.
    """
    note = f"/notes/{BOB}"
    apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, {"type": "PUT", "ref": note, "value": 1}, nonce=0),
            transaction(
                BOB_SEED, {"type": "SET_VALUE", "ref": note, "value": 1, "extra": 1}, nonce=1
            ),
            transaction(BOB_SEED, {"type": "INC_VALUE", "ref": note, "value": True}, nonce=2),
            transaction(BOB_SEED, set_value("notes", 1), nonce=3),
            transaction(BOB_SEED, set_value("/notes/$user", 1), nonce=4),
            transaction(BOB_SEED, set_value(note, [1, 2]), nonce=5),
            transaction(BOB_SEED, set_value(note, {}), nonce=6),
            transaction(BOB_SEED, set_value("/" + "/".join(["a"] * 31), 1), nonce=7),
        ],
        [failed(ErrorCode.OPERATION_MALFORMED)] * 3
        + [
            failed(ErrorCode.STATE_PATH_MALFORMED),
            failed(ErrorCode.STATE_LABEL_NOT_ALLOWED_HERE),
            failed(ErrorCode.STATE_VALUE_INVALID),
            failed(ErrorCode.STATE_VALUE_INVALID),
            failed(ErrorCode.STATE_PATH_TOO_DEEP),
        ],
    )


@clauses(
    "AIN-STATE-OWNER-MATCH.1",
    "AIN-STATE-OWNER-PERMISSION.1",
    "AIN-STATE-CONFIG-MERGE.1",
    "AIN-STATE-RULE-CONFIG.1",
    "AIN-STATE-RULE-VARIABLE.1",
)
def test_rule_configs_need_write_rule_permission(fill: Filler) -> None:
    """
    SET_RULE needs the write_rule permission of the closest owner config, merges, and
    refuses invalid configs and a second $variable.

    Given
    -----
    - the base genesis: alice owns "/" with every permission; "*" has none.

    When
    ----
    - bob sets a rule at /games (no permission); alice sets {write: "auth.addr !== null"} at
      /games/$game; alice sets an unparsable expression; a config with an extra key; a rule at
      /games/$other (second variable); then alice deletes the /games/$game rule with null; then
      bob writes /games/g1.

    Then
    ----
    - OWNER_PERMISSION_DENIED, SUCCESS, RULE_SYNTAX_ERROR, RULE_CONFIG_INVALID,
      RULE_VARIABLE_CONFLICT, SUCCESS, and RULE_DENIED (only the root rule is left).
    """
    apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, {"type": "SET_RULE", "ref": "/games", "value": {"write": True}}),
            transaction(
                ALICE_SEED,
                {
                    "type": "SET_RULE",
                    "ref": "/games/$game",
                    "value": {"write": "auth.addr !== null"},
                },
                nonce=0,
            ),
            transaction(
                ALICE_SEED,
                {"type": "SET_RULE", "ref": "/games/$game", "value": {"write": "auth.addr !=="}},
                nonce=1,
            ),
            transaction(
                ALICE_SEED,
                {"type": "SET_RULE", "ref": "/games/$game", "value": {"write": True, "state": 1}},
                nonce=2,
            ),
            transaction(
                ALICE_SEED,
                {"type": "SET_RULE", "ref": "/games/$other", "value": {"write": True}},
                nonce=3,
            ),
            transaction(
                ALICE_SEED, {"type": "SET_RULE", "ref": "/games/$game", "value": None}, nonce=4
            ),
            transaction(BOB_SEED, set_value("/games/g1", 1), nonce=1),
        ],
        [
            failed(ErrorCode.OWNER_PERMISSION_DENIED),
            OK,
            failed(ErrorCode.RULE_SYNTAX_ERROR),
            failed(ErrorCode.RULE_CONFIG_INVALID),
            failed(ErrorCode.RULE_VARIABLE_CONFLICT),
            OK,
            failed(ErrorCode.RULE_DENIED),
        ],
    )


@clauses("AIN-STATE-OWNER-CONFIG.1", "AIN-STATE-OWNER-PERMISSION.1", "AIN-STATE-CONFIG-MERGE.1")
def test_owner_configs_branch_and_write_owner(fill: Filler) -> None:
    """
    SET_OWNER needs branch_owner to create a config below the governing one, and write_owner
    to change a config at its own path; owners merge key by key.

    Given
    -----
    - the base genesis.

    When
    ----
    - alice gives bob every permission at /apps/chat (branch_owner at "/"); bob gives carol
      rights at /apps/chat (bob has write_owner there); carol adds a config at
      /apps/chat/rooms (branch_owner there); bob sets an owner config with a bad key; bob sets
      one with a missing permission; bob removes himself (null entry); then bob tries again.

    Then
    ----
    - SUCCESS, SUCCESS, SUCCESS, OWNER_CONFIG_INVALID, OWNER_CONFIG_INVALID, SUCCESS,
      OWNER_PERMISSION_DENIED.
    """

    def owners(entries: dict[str, object]) -> dict[str, object]:
        return {"type": "SET_OWNER", "ref": "/apps/chat", "value": {"owners": entries}}

    apply_vector(
        fill,
        "",
        [
            transaction(ALICE_SEED, owners({BOB: ALL_PERMISSIONS}), nonce=0),
            transaction(BOB_SEED, owners({CAROL: ALL_PERMISSIONS}), nonce=0),
            transaction(
                CAROL_SEED,
                {
                    "type": "SET_OWNER",
                    "ref": "/apps/chat/rooms",
                    "value": {"owners": {CAROL: ALL_PERMISSIONS}},
                },
                nonce=0,
            ),
            transaction(BOB_SEED, owners({"not an address": ALL_PERMISSIONS}), nonce=1),
            transaction(BOB_SEED, owners({CAROL: {"write_rule": True}}), nonce=2),
            transaction(BOB_SEED, owners({BOB: None}), nonce=3),
            transaction(BOB_SEED, owners({BOB: ALL_PERMISSIONS}), nonce=4),
        ],
        [
            OK,
            OK,
            OK,
            failed(ErrorCode.OWNER_CONFIG_INVALID),
            failed(ErrorCode.OWNER_CONFIG_INVALID),
            OK,
            failed(ErrorCode.OWNER_PERMISSION_DENIED),
        ],
    )


@clauses("AIN-STATE-FUNCTION-CONFIG.1", "AIN-STATE-OWNER-PERMISSION.1")
def test_function_configs(fill: Filler) -> None:
    """
    SET_FUNCTION needs write_function, a valid config, and registered native ids.

    Given
    -----
    - the base genesis.

    When
    ----
    - bob adds an EVENT function at /notes/$user (no permission); alice adds it; alice adds a
      NATIVE function no module registered; alice adds a config whose function_id differs
      from its key; then bob writes /notes/<bob>.

    Then
    ----
    - OWNER_PERMISSION_DENIED, SUCCESS, FUNCTION_UNKNOWN_NATIVE, FUNCTION_CONFIG_INVALID, and
      SUCCESS with one note_written event.
    """

    def function(ref: str, fid: str, kind: str, function_id: str | None = None) -> dict:
        entry = {"function_type": kind, "function_id": function_id or fid}
        return {"type": "SET_FUNCTION", "ref": ref, "value": {fid: entry}}

    output = apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, function("/notes/$user", "note_written", "EVENT"), nonce=0),
            transaction(ALICE_SEED, function("/notes/$user", "note_written", "EVENT"), nonce=0),
            transaction(ALICE_SEED, function("/notes/$user", "_mint", "NATIVE"), nonce=1),
            transaction(ALICE_SEED, function("/notes/$user", "a", "EVENT", "b"), nonce=2),
            transaction(BOB_SEED, set_value(f"/notes/{BOB}", "hello"), nonce=1),
        ],
        [
            failed(ErrorCode.OWNER_PERMISSION_DENIED),
            OK,
            failed(ErrorCode.FUNCTION_UNKNOWN_NATIVE),
            failed(ErrorCode.FUNCTION_CONFIG_INVALID),
            OK,
        ],
    )
    assert len(output["receipts"][4]["events"]) == 1


@clauses("AIN-TX-NONCE.2", "AIN-TX-NONCE-TIMESTAMP.2")
def test_replay_protection(fill: Filler) -> None:
    """
    Ordered nonces must be the next one; timestamp-mode transactions must be later than the
    last; a replayed transaction is refused either way.

    Given
    -----
    - the base genesis.

    When
    ----
    - bob sends nonce 0, then the same transaction again, then nonce 5; then timestamp-mode
      (nonce null) at t, again at t, and at t + 1.

    Then
    ----
    - SUCCESS, TX_NONCE_MISMATCH, TX_NONCE_MISMATCH, SUCCESS, TX_TIMESTAMP_NOT_INCREASING,
      SUCCESS.
    """
    first = transaction(BOB_SEED, set_value(f"/notes/{BOB}", 1), nonce=0)
    timed = transaction(BOB_SEED, set_value(f"/notes/{BOB}", 2), nonce=None, timestamp=5000)
    apply_vector(
        fill,
        "",
        [
            first,
            first,
            transaction(BOB_SEED, set_value(f"/notes/{BOB}", 1), nonce=5),
            timed,
            timed,
            transaction(BOB_SEED, set_value(f"/notes/{BOB}", 3), nonce=None, timestamp=5001),
        ],
        [
            OK,
            rejected(ErrorCode.TX_NONCE_MISMATCH),
            rejected(ErrorCode.TX_NONCE_MISMATCH),
            OK,
            rejected(ErrorCode.TX_TIMESTAMP_NOT_INCREASING),
            OK,
        ],
    )


@clauses(
    "AIN-TX-CHAIN.1",
    "AIN-TX-EXPIRY.1",
    "AIN-TX-SIGNATURE.2",
    "AIN-TX-ENVELOPE.1",
    "AIN-TX-SIZE.1",
    "AIN-TX-ATOMIC.2",
)
def test_transaction_checks(fill: Filler) -> None:
    """
    A transaction for another chain, expired, badly signed, malformed or too large is
    refused before any operation, and changes nothing.

    Given
    -----
    - the base genesis; the block time T.

    When
    ----
    - bob sends: one for chain 8; one expiring at T - 1; one with its signature's last byte
      changed; one whose bytes are not canonical; one whose envelope lacks the signer; one
      of 70,000 bytes; then one expiring at T (still valid).

    Then
    ----
    - TX_WRONG_CHAIN, TX_EXPIRED, CRYPTO_SIGNATURE_INVALID, ENCODING_NON_SHORTEST_FORM,
      TX_MALFORMED, TX_TOO_LARGE, then SUCCESS; every refused one leaves the root unchanged.
    """
    good = transaction(BOB_SEED, set_value(f"/notes/{BOB}", 1))
    tampered = good[:-2] + ("00" if good[-2:] != "00" else "01")
    no_signer = encode(
        {
            "body": {"chain_id": 7, "nonce": 0, "timestamp": 1, "operation": set_value("/a", 1)},
            "signature": bytes(64),
        }
    ).hex()
    output = apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, set_value(f"/notes/{BOB}", 1), chain_id=8),
            transaction(BOB_SEED, set_value(f"/notes/{BOB}", 1), expires_at=BLOCK_TIME - 1),
            tampered,
            "1817",
            no_signer,
            "5a000110cb" + "00" * 70_000,
            transaction(BOB_SEED, set_value(f"/notes/{BOB}", 1), expires_at=BLOCK_TIME),
        ],
        [
            rejected(ErrorCode.TX_WRONG_CHAIN),
            rejected(ErrorCode.TX_EXPIRED),
            rejected(ErrorCode.CRYPTO_SIGNATURE_INVALID),
            rejected(ErrorCode.ENCODING_NON_SHORTEST_FORM),
            rejected(ErrorCode.TX_MALFORMED),
            rejected(ErrorCode.TX_TOO_LARGE),
            OK,
        ],
    )
    roots = {receipt["root"] for receipt in output["receipts"][:6]}
    assert len(roots) == 1


@clauses("AIN-TX-GENESIS.2")
def test_invalid_genesis(fill: Filler) -> None:
    """
    A genesis document with a bad path, a null value or an invalid config is refused whole.

    Given
    -----
    - genesis documents with an unknown section, a value path without "/", a null value, and
      a rule config that does not parse.

    When
    ----
    - the state is built.

    Then
    ----
    - each is rejected with GENESIS_INVALID.
    """
    for case, genesis in (
        ("unknown_section", {"accounts": {}}),
        ("bad_path", {"values": {"a/b": 1}}),
        ("null_value", {"values": {"/a": None}}),
        ("bad_rule", {"rules": {"/": {"write": "(("}}}),
    ):
        fill(
            "state",
            "apply",
            {
                "genesis": to_typed_json(genesis),
                "chain_id": "7",
                "block_time": str(BLOCK_TIME),
                "transactions": [],
            },
            rejection=ErrorCode.GENESIS_INVALID,
            case=case,
        )


@clauses("AIN-STATE-INC-RANGE.1", "AIN-STATE-DEC-RANGE.1")
def test_arithmetic_at_the_exact_bounds(fill: Filler) -> None:
    """
    INC_VALUE may reach 2**64 - 1 and DEC_VALUE -2**63, and not one step further.

    Given
    -----
    - the base genesis; bob's counter at /counters/<bob>.

    When
    ----
    - bob sets it to 2**64 - 2, increments by 1 (reaching 2**64 - 1), increments by 1 again;
      sets it to -2**63 + 1, decrements by 1 (reaching -2**63), decrements by 1 again.

    Then
    ----
    - SUCCESS, SUCCESS, INC_RESULT_OUT_OF_RANGE, SUCCESS, SUCCESS, DEC_RESULT_OUT_OF_RANGE.
    """
    counter = f"/counters/{BOB}"
    apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, set_value(counter, 2**64 - 2), nonce=0),
            transaction(BOB_SEED, {"type": "INC_VALUE", "ref": counter, "value": 1}, nonce=1),
            transaction(BOB_SEED, {"type": "INC_VALUE", "ref": counter, "value": 1}, nonce=2),
            transaction(BOB_SEED, set_value(counter, -(2**63) + 1), nonce=3),
            transaction(BOB_SEED, {"type": "DEC_VALUE", "ref": counter, "value": 1}, nonce=4),
            transaction(BOB_SEED, {"type": "DEC_VALUE", "ref": counter, "value": 1}, nonce=5),
        ],
        [
            OK,
            OK,
            failed(ErrorCode.INC_RESULT_OUT_OF_RANGE),
            OK,
            OK,
            failed(ErrorCode.DEC_RESULT_OUT_OF_RANGE),
        ],
    )


@clauses("AIN-STATE-OWNER-MATCH.1", "AIN-STATE-OWNER-PERMISSION.1")
def test_wildcard_owner_entry(fill: Filler) -> None:
    """
    Absent an entry for the writer, the "*" entry of the governing owner config applies.

    Given
    -----
    - an owner config at /open whose "*" entry grants write_rule only, and whose entry for
      carol grants nothing.

    When
    ----
    - bob (no entry of his own) sets a rule at /open/x; carol (her own entry, which denies)
      sets one; bob sets a function at /open/x (write_function is not granted).

    Then
    ----
    - SUCCESS, OWNER_PERMISSION_DENIED, OWNER_PERMISSION_DENIED.
    """
    genesis = base_genesis()
    grant = {
        "branch_owner": False,
        "write_function": False,
        "write_owner": False,
        "write_rule": True,
    }
    deny = {name: False for name in grant}
    assert isinstance(genesis["owners"], dict)
    genesis["owners"]["/open"] = {"owners": {"*": grant, CAROL: deny}}
    event = {"e": {"function_type": "EVENT", "function_id": "e"}}
    apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, {"type": "SET_RULE", "ref": "/open/x", "value": {"write": True}}),
            transaction(
                CAROL_SEED, {"type": "SET_RULE", "ref": "/open/y", "value": {"write": True}}
            ),
            transaction(
                BOB_SEED, {"type": "SET_FUNCTION", "ref": "/open/x", "value": event}, nonce=1
            ),
        ],
        [OK, failed(ErrorCode.OWNER_PERMISSION_DENIED), failed(ErrorCode.OWNER_PERMISSION_DENIED)],
        genesis=genesis,
    )


@clauses("AIN-STATE-FUNCTION-MATCH.2", "AIN-STATE-FUNCTION-EVENT.1")
def test_functions_fire_in_id_order(fill: Filler) -> None:
    """
    Several functions at one path fire in function id order, and so do their events.

    Given
    -----
    - EVENT functions "b_second" and "a_first" configured together at /jobs/$job/request.

    When
    ----
    - bob posts a request for job j7.

    Then
    ----
    - the receipt holds two events, a_first then b_second.
    """
    genesis = base_genesis()
    assert isinstance(genesis["functions"], dict)
    genesis["functions"]["/jobs/$job/request"] = {
        fid: {"function_type": "EVENT", "function_id": fid} for fid in ("b_second", "a_first")
    }
    output = apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, set_value("/jobs/j7/request", {"model": "m"})),
        ],
        [OK],
        genesis=genesis,
    )
    fids = [from_typed_json(event)["fid"] for event in output["receipts"][0]["events"]]
    assert fids == ["a_first", "b_second"]
