"""Fillers for the transition's hardening: replay counters, genesis checks, envelope limits,
config check order, matching beside variables, function firing, and value boundaries."""

from __future__ import annotations

import unicodedata

from ain_ref.chain import BEFORE_BODY, BEFORE_SIGNATURE, BEFORE_SIGNER, sign_transaction
from ain_ref.conformance.typed_json import to_typed_json
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
    CHAIN_ID,
    apply_vector,
    base_genesis,
    set_value,
    transaction,
)
from tests.fillers.state.test_paths_values import path_case

OK = ("SUCCESS", None)


def failed(code: ErrorCode) -> tuple[str, str]:
    """A FAILED receipt's (status, code)."""
    return ("FAILED", str(code))


def rejected(code: ErrorCode) -> tuple[str, str]:
    """A REJECTED receipt's (status, code)."""
    return ("REJECTED", str(code))


def genesis_with(**sections: dict[str, CborValue]) -> dict[str, CborValue]:
    """The base genesis with entries added to its sections."""
    genesis = base_genesis()
    for name, entries in sections.items():
        current = genesis.get(name)
        assert isinstance(current, dict)
        genesis[name] = {**current, **entries}
    return genesis


@clauses("AIN-TX-COUNTER-PROTECTED.1")
def test_replay_counters_cannot_be_written(fill: Filler) -> None:
    """
    No operation reaches a replay counter, even under a rule that allows everything.

    Given
    -----
    - the base genesis with the rule at /accounts/$addr set to true (anyone may write there).

    When
    ----
    - bob writes his own nonce, increments it, writes below it, writes his timestamp, writes
      his whole account map, deletes /accounts, and writes /accounts/<bob>/note.

    Then
    ----
    - TX_COUNTER_PROTECTED six times (each spending a nonce), then SUCCESS: only counters and
      their ancestors are out of reach.
    """
    genesis = genesis_with(rules={"/accounts/$addr": {"write": True}})
    account = f"/accounts/{BOB}"
    operations: list[dict[str, CborValue]] = [
        set_value(account + "/nonce", 0),
        {"type": "INC_VALUE", "ref": account + "/nonce", "value": 1},
        set_value(account + "/nonce/below", 1),
        set_value(account + "/timestamp", 5),
        set_value(account, {"note": 1}),
        set_value("/accounts", None),
        set_value(account + "/note", 1),
    ]
    apply_vector(
        fill,
        "",
        [transaction(BOB_SEED, op, nonce=nonce) for nonce, op in enumerate(operations)],
        [failed(ErrorCode.TX_COUNTER_PROTECTED)] * 6 + [OK],
        genesis=genesis,
    )


@clauses("AIN-TX-NONCE.2", "AIN-TX-ATOMIC.2")
def test_a_failed_transaction_spends_its_nonce(fill: Filler) -> None:
    """
    A FAILED transaction spends its nonce, so its bytes can never succeed later.

    Given
    -----
    - the base genesis.

    When
    ----
    - bob writes carol's note (denied, nonce 0); alice opens /notes to everyone (nonce 0);
      bob's first transaction is sent again; bob writes his note with nonce 0, then with 1.

    Then
    ----
    - FAILED RULE_DENIED, SUCCESS, REJECTED TX_NONCE_MISMATCH twice (the replay and the stale
      nonce), then SUCCESS.
    """
    first = transaction(BOB_SEED, set_value(f"/notes/{CAROL}", 1), nonce=0)
    apply_vector(
        fill,
        "",
        [
            first,
            transaction(
                ALICE_SEED,
                {"type": "SET_RULE", "ref": "/notes", "value": {"write": True}},
                nonce=0,
            ),
            first,
            transaction(BOB_SEED, set_value(f"/notes/{BOB}", 1), nonce=0),
            transaction(BOB_SEED, set_value(f"/notes/{BOB}", 1), nonce=1),
        ],
        [
            failed(ErrorCode.RULE_DENIED),
            OK,
            rejected(ErrorCode.TX_NONCE_MISMATCH),
            rejected(ErrorCode.TX_NONCE_MISMATCH),
            OK,
        ],
    )


@clauses("AIN-TX-NONCE.2", "AIN-TX-NONCE-TIMESTAMP.2")
def test_nonce_at_the_top_of_its_range(fill: Filler) -> None:
    """
    A nonce of 2**64 - 2 is the last usable one; 2**64 - 1 is exhausted.

    Given
    -----
    - bob's stored nonce is 2**64 - 2.

    When
    ----
    - bob writes his note with nonce 2**64 - 2, then with 2**64 - 1, then in timestamp mode.

    Then
    ----
    - SUCCESS (the nonce becomes 2**64 - 1), REJECTED TX_NONCE_EXHAUSTED, SUCCESS (timestamp
      mode has its own counter).
    """
    genesis = genesis_with(values={f"/accounts/{BOB}/nonce": 2**64 - 2})
    note = set_value(f"/notes/{BOB}", 1)
    apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, note, nonce=2**64 - 2),
            transaction(BOB_SEED, note, nonce=2**64 - 1),
            transaction(BOB_SEED, note, nonce=None, timestamp=1),
        ],
        [OK, rejected(ErrorCode.TX_NONCE_EXHAUSTED), OK],
        genesis=genesis,
    )


@clauses("AIN-TX-NONCE-TIMESTAMP.2", "AIN-TX-ATOMIC.2")
def test_a_failed_timestamp_mode_transaction_records_its_timestamp(fill: Filler) -> None:
    """
    In timestamp mode a FAILED transaction records its timestamp too.

    Given
    -----
    - the base genesis.

    When
    ----
    - bob writes carol's note at timestamp 10 (denied), then his own at 10, then at 11.

    Then
    ----
    - FAILED RULE_DENIED, REJECTED TX_TIMESTAMP_NOT_INCREASING, SUCCESS.
    """
    apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, set_value(f"/notes/{CAROL}", 1), nonce=None, timestamp=10),
            transaction(BOB_SEED, set_value(f"/notes/{BOB}", 1), nonce=None, timestamp=10),
            transaction(BOB_SEED, set_value(f"/notes/{BOB}", 1), nonce=None, timestamp=11),
        ],
        [failed(ErrorCode.RULE_DENIED), rejected(ErrorCode.TX_TIMESTAMP_NOT_INCREASING), OK],
    )


def raw_envelope(body: bytes) -> str:
    """An envelope assembled byte by byte around body bytes, zero signer and signature, hex."""
    return (BEFORE_BODY + body + BEFORE_SIGNER + bytes(32) + BEFORE_SIGNATURE + bytes(64)).hex()


def text_head(text: str) -> bytes:
    """A short text's encoding."""
    return bytes([0x60 + len(text)]) + text.encode()


def nested_body(depth: int) -> bytes:
    """A body whose operation is an array nested ``depth`` deep (the body itself is one more)."""
    return (
        b"\xa4"
        + text_head("nonce")
        + b"\x00"
        + text_head("chain_id")
        + bytes([CHAIN_ID])
        + text_head("operation")
        + b"\x81" * depth
        + b"\x01"
        + text_head("timestamp")
        + b"\x01"
    )


@clauses("AIN-TX-ENVELOPE.1", "AIN-TX-SIGNATURE.2")
def test_envelope_nesting_limit_counts_the_envelope(fill: Filler) -> None:
    """
    The envelope is nesting level 1: its body's operation may nest 62 arrays, not 63.

    Given
    -----
    - envelopes assembled byte by byte: envelope, body, then 62 or 63 nested arrays (64 or
      65 levels in all), zero signer and signature.

    When
    ----
    - they are applied.

    Then
    ----
    - 64 levels: read, then refused by the signature check (the zero key is not acceptable);
      65 levels: ENCODING_TOO_DEEP, with no transaction hash.
    """
    apply_vector(
        fill,
        "",
        [raw_envelope(nested_body(62)), raw_envelope(nested_body(63))],
        [
            rejected(ErrorCode.CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE),
            rejected(ErrorCode.ENCODING_TOO_DEEP),
        ],
    )


@clauses("AIN-TX-ENVELOPE.1")
def test_expires_at_is_never_null(fill: Filler) -> None:
    """
    expires_at is absent or an integer; null is malformed (only nonce is nullable).

    Given
    -----
    - the base genesis.

    When
    ----
    - bob signs a body with expires_at null, then one with expires_at equal to the block time.

    Then
    ----
    - REJECTED TX_MALFORMED (no hash), then SUCCESS (expiry is inclusive).
    """
    body: dict[str, CborValue] = {
        "chain_id": CHAIN_ID,
        "nonce": 0,
        "timestamp": 1,
        "operation": set_value(f"/notes/{BOB}", 1),
        "expires_at": None,
    }
    apply_vector(
        fill,
        "",
        [
            sign_transaction(BOB_SEED, body).hex(),
            transaction(BOB_SEED, set_value(f"/notes/{BOB}", 1), expires_at=BLOCK_TIME),
        ],
        [rejected(ErrorCode.TX_MALFORMED), OK],
    )


@clauses("AIN-TX-GENESIS.2", "AIN-STATE-RULE-VARIABLE.1", "AIN-STATE-PATH-VARIABLES.1")
def test_genesis_makes_every_operation_check(fill: Filler) -> None:
    """
    Genesis enforces what an operation's write would, rules and owners aside.

    Given
    -----
    - genesis documents with two $variables beside each other (rules, then functions), a
      variable twice in one path, a non-integer nonce, a negative timestamp, a nonce that is an
      internal node, an integer out of the encoding's range, and a value key that is a variable.

    When
    ----
    - the state is built.

    Then
    ----
    - each is rejected with GENESIS_INVALID; a nonce of 2**64 - 1 is accepted.
    """
    event = {"f": {"function_type": "EVENT", "function_id": "f"}}
    for case, genesis in (
        (
            "variables_beside_in_rules",
            {"rules": {"/a/$x": {"write": True}, "/a/$y/b": {"write": True}}},
        ),
        ("variables_beside_in_functions", {"functions": {"/a/$x": event, "/a/$y": event}}),
        ("variable_repeated", {"rules": {"/a/$x/$x": {"write": True}}}),
        ("nonce_text", {"values": {f"/accounts/{BOB}/nonce": "0"}}),
        ("timestamp_negative", {"values": {f"/accounts/{BOB}/timestamp": -1}}),
        ("nonce_map", {"values": {f"/accounts/{BOB}/nonce": {"a": 1}}}),
        ("integer_out_of_range", {"values": {"/a": -(2**63) - 1}}),
        ("value_key_variable", {"values": {"/a": {"$x": 1}}}),
    ):
        fill(
            "state",
            "root",
            {"genesis": to_typed_json(genesis)},
            rejection=ErrorCode.GENESIS_INVALID,
            case=case,
        )
    from tests.fillers.state.test_root_and_proofs import root_of

    top = {"values": {f"/accounts/{BOB}/nonce": 2**64 - 1}}
    fill(
        "state",
        "root",
        {"genesis": to_typed_json(top)},
        output={"root": root_of(top)},
        case="nonce_max",
    )


@clauses("AIN-STATE-PATH-VARIABLES.1", "AIN-STATE-PATH.1", "AIN-STATE-LABEL.1")
def test_path_edges(fill: Filler) -> None:
    """
    Path texts at the edges: repeated variables, empty labels, a bare $, NFC/NFD, non-BMP.

    Given
    -----
    - path texts in the rules and values subtrees.

    When
    ----
    - each is parsed.

    Then
    ----
    - /$x/a/$x is STATE_PATH_VARIABLE_REPEATED; //a, /a/ and /$ are STATE_LABEL_EMPTY; two
      different variables are fine; NFC and NFD spellings of "é" are two different labels
      (never normalised); a non-BMP label of 148 bytes plus one 2-byte character is 150 bytes
      and valid, plus another is too long.
    """
    path_case(
        fill, "variable_repeated", "rules", "/$x/a/$x", code=ErrorCode.STATE_PATH_VARIABLE_REPEATED
    )
    path_case(fill, "two_variables", "rules", "/$x/a/$y", labels=["$x", "a", "$y"])
    path_case(fill, "leading_double_slash", "values", "//a", code=ErrorCode.STATE_LABEL_EMPTY)
    path_case(fill, "only_trailing_slash", "values", "/a/", code=ErrorCode.STATE_LABEL_EMPTY)
    path_case(fill, "bare_dollar", "rules", "/$", code=ErrorCode.STATE_LABEL_EMPTY)
    nfc, nfd = unicodedata.normalize("NFC", "é"), unicodedata.normalize("NFD", "é")
    path_case(fill, "nfc_label", "values", "/" + nfc, labels=[nfc])
    path_case(fill, "nfd_label", "values", "/" + nfd, labels=[nfd])
    emoji = "\U0001f600" * 37  # 148 bytes of 4-byte characters
    path_case(fill, "non_bmp_150_bytes", "values", "/" + emoji + "é", labels=[emoji + "é"])
    path_case(
        fill, "non_bmp_152_bytes", "values", "/" + emoji + "éé", code=ErrorCode.STATE_LABEL_TOO_LONG
    )


@clauses("AIN-STATE-LABEL.1", "AIN-STATE-ROOT.1")
def test_nfc_and_nfd_labels_have_different_roots(fill: Filler) -> None:
    """
    Labels are bytes: the NFC and NFD spellings of one name give two different roots.

    Given
    -----
    - two genesis documents, /é = 1 spelled NFC and NFD, and one with a non-BMP label.

    When
    ----
    - their roots are computed.

    Then
    ----
    - the three roots differ (pinned by the vectors).
    """
    from tests.fillers.state.test_root_and_proofs import root_of

    roots = set()
    for case, label in (
        ("nfc", unicodedata.normalize("NFC", "é")),
        ("nfd", unicodedata.normalize("NFD", "é")),
        ("non_bmp", "\U0001f600"),
    ):
        genesis: dict[str, CborValue] = {"values": {"/" + label: 1}}
        root = root_of(genesis)
        roots.add(root)
        fill("state", "root", {"genesis": to_typed_json(genesis)}, output={"root": root}, case=case)
    assert len(roots) == 3


def nested_map(depth: int) -> CborValue:
    """A map nested ``depth`` deep with the integer 1 at the bottom."""
    value: CborValue = 1
    for _ in range(depth):
        value = {"k": value}
    return value


@clauses("AIN-STATE-VALUE.1", "AIN-STATE-PATH.1")
def test_value_boundaries(fill: Filler) -> None:
    """
    Nested maps count toward depth 30, and every key of a map is checked in key order.

    Given
    -----
    - values written at /a (depth 1).

    When
    ----
    - a map nested 29 deep (reaching depth 30), 30 deep (31), a map whose keys "a" and "b"
      are fine and "c$" holds a reserved character, a map with a $variable key, one whose
      first key (in byte order) is bad and whose second holds null.

    Then
    ----
    - valid; STATE_PATH_TOO_DEEP; STATE_LABEL_RESERVED_CHARACTER;
      STATE_LABEL_NOT_ALLOWED_HERE; the first key's code (entries are checked in key order,
      each whole).
    """
    for case, value, code in (
        ("nested_to_depth_30", nested_map(29), None),
        ("nested_to_depth_31", nested_map(30), ErrorCode.STATE_PATH_TOO_DEEP),
        ("third_key_reserved", {"a": 1, "b": 2, "c$": 3}, ErrorCode.STATE_LABEL_RESERVED_CHARACTER),
        ("variable_key", {"$x": 1}, ErrorCode.STATE_LABEL_NOT_ALLOWED_HERE),
        (
            "first_key_bad_then_null",
            {"a b": 1, "b": None},
            ErrorCode.STATE_LABEL_RESERVED_CHARACTER,
        ),
        ("first_null_then_bad_key", {"a": None, "b c": 1}, ErrorCode.STATE_VALUE_INVALID),
    ):
        vector_input = {"path": "/a", "value": to_typed_json(value)}
        if code is None:
            fill("state", "check_value", vector_input, output={"valid": True}, case=case)
        else:
            fill("state", "check_value", vector_input, rejection=code, case=case)


@clauses(
    "AIN-STATE-RULE-VARIABLE.1",
    "AIN-STATE-OWNER-PERMISSION.1",
    "AIN-STATE-CONFIG-MERGE.1",
)
def test_config_write_check_order(fill: Filler) -> None:
    """
    Config writes check the owner, then the merged config, then (for a write) the variable.

    Given
    -----
    - the base genesis (alice owns everything), with a rule at /games/$game.

    When
    ----
    - bob sets an invalid rule beside $game (/games/$other); alice does the same; alice deletes
      the rule at /games/$other (nothing there); alice sets a valid rule at /games/$other.

    Then
    ----
    - OWNER_PERMISSION_DENIED (owner first), RULE_CONFIG_INVALID (validity before the
      conflict), SUCCESS (a delete adds no label, so no conflict), RULE_VARIABLE_CONFLICT.
    """
    genesis = genesis_with(rules={"/games/$game": {"write": True}})
    bad = {"type": "SET_RULE", "ref": "/games/$other", "value": {"write": 1}}
    apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, bad, nonce=0),
            transaction(ALICE_SEED, bad, nonce=0),
            transaction(
                ALICE_SEED, {"type": "SET_RULE", "ref": "/games/$other", "value": None}, nonce=1
            ),
            transaction(
                ALICE_SEED,
                {"type": "SET_RULE", "ref": "/games/$other", "value": {"write": True}},
                nonce=2,
            ),
        ],
        [
            failed(ErrorCode.OWNER_PERMISSION_DENIED),
            failed(ErrorCode.RULE_CONFIG_INVALID),
            OK,
            failed(ErrorCode.RULE_VARIABLE_CONFLICT),
        ],
        genesis=genesis,
    )


@clauses("AIN-STATE-RULE-MATCH.1")
def test_a_literal_label_beside_a_variable(fill: Filler) -> None:
    """
    At each node the literal child wins over the $variable child, without backtracking.

    Given
    -----
    - rules /games/$game: false, /games/open: true, and /games/$game/score: true.

    When
    ----
    - bob writes /games/open = {x: 2}, /games/closed, /games/open/score = 5 and
      /games/other/score = 5.

    Then
    ----
    - SUCCESS (the literal "open" is taken, and no rule lies below it); RULE_BELOW_WRITE
      ("closed" walks $game, which has a rule below); SUCCESS under /games/open's rule (the
      walk took "open" and does not go back to $game/score, whose rule would refuse 5);
      RULE_DENIED under $game/score.
    """
    genesis = genesis_with(
        rules={
            "/games/$game": {"write": False},
            "/games/open": {"write": True},
            "/games/$game/score": {"write": "newData === 1"},
        }
    )
    apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, set_value("/games/open", {"x": 2}), nonce=0),
            transaction(BOB_SEED, set_value("/games/closed", 1), nonce=1),
            transaction(BOB_SEED, set_value("/games/open/score", 5), nonce=2),
            transaction(BOB_SEED, set_value("/games/other/score", 5), nonce=3),
        ],
        [OK, failed(ErrorCode.RULE_BELOW_WRITE), OK, failed(ErrorCode.RULE_DENIED)],
        genesis=genesis,
    )


@clauses("AIN-STATE-FUNCTION-MATCH.2", "AIN-STATE-FUNCTION-EVENT.1", "AIN-STATE-NULL-PRUNE.1")
def test_functions_fire_at_their_path_only_and_on_deletes(fill: Filler) -> None:
    """
    A function fires for a write at its own path, deletes included, not below or above it.

    Given
    -----
    - the base genesis with an open rule at /jobs and the job_requested event at
      /jobs/$job/request.

    When
    ----
    - bob writes /jobs/j1/request/detail (below), /jobs/j2 = {request: {...}} (above),
      /jobs/j3/request = {...} (at), then null at /jobs/j3/request (a delete), then null at
      /jobs/j4/request (nothing there).

    Then
    ----
    - all succeed; events only for j3's write (its value), j3's delete and j4's delete (value
      null, params {job}).
    """
    genesis = genesis_with(rules={"/jobs": {"write": True}})
    genesis["rules"] = {k: v for k, v in genesis["rules"].items() if k != "/jobs/$job/request"}  # type: ignore[union-attr]
    output = apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, set_value("/jobs/j1/request/detail", 1), nonce=0),
            transaction(BOB_SEED, set_value("/jobs/j2", {"request": {"a": 1}}), nonce=1),
            transaction(BOB_SEED, set_value("/jobs/j3/request", {"a": 1}), nonce=2),
            transaction(BOB_SEED, set_value("/jobs/j3/request", None), nonce=3),
            transaction(BOB_SEED, set_value("/jobs/j4/request", None), nonce=4),
        ],
        [OK] * 5,
        genesis=genesis,
    )
    counts = [len(receipt["events"]) for receipt in output["receipts"]]
    assert counts == [0, 0, 1, 1, 1]
    assert output["receipts"][3]["events"][0]["map"]["value"] is None


@clauses("AIN-ECON-TRANSFER.2", "AIN-STATE-FUNCTION-NATIVE.1")
def test_transfer_of_exactly_the_balance(fill: Filler) -> None:
    """
    A transfer of exactly the sender's balance succeeds; one unit more does not.

    Given
    -----
    - alice holds 1,000,000.

    When
    ----
    - alice sends 1,000,001 to bob, then 1,000,000.

    Then
    ----
    - ECON_INSUFFICIENT_BALANCE, then SUCCESS.
    """
    apply_vector(
        fill,
        "",
        [
            transaction(
                ALICE_SEED, set_value(f"/transfer/{ALICE}/{BOB}/1/value", 1_000_001), nonce=0
            ),
            transaction(
                ALICE_SEED, set_value(f"/transfer/{ALICE}/{BOB}/2/value", 1_000_000), nonce=1
            ),
        ],
        [failed(ErrorCode.ECON_INSUFFICIENT_BALANCE), OK],
    )
