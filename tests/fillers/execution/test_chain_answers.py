"""
Fillers that pin, on both sides, the readings the second outsider of execution/apply_blocks
had to guess (issue #15): the handler's inputs and output, a call as a state write, the
tolerance's bound, the order of escrow and queue, a contract's time for eligibility and for
slashing, and the locked records a slash writes.

Each case is an ``execution/apply_blocks`` vector (scenery of ``tests/fillers/execution/chain``:
block k has height k and time k x 1,000 ms).
"""

from __future__ import annotations

import attrs

from ain_ref.chain import sign_transaction
from ain_ref.conformance.handlers.execution import run_apply_blocks
from ain_ref.conformance.handlers.state import LastState
from ain_ref.conformance.typed_json import JsonObject
from ain_ref.economy.ledger import total_supply
from ain_ref.economy.ledger_json import ledger_to_json
from ain_ref.economy.natives import call_path as economy_call_path
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.execution.area import call_path
from ain_ref.jobs.execution.evidence import evidence_id
from ain_ref.platform.steps import values_path
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.economy.common import CHAIN_ID
from tests.fillers.execution.chain import (
    BALANCE,
    DEVELOPER,
    EXECUTOR,
    LEDGER_PARAMETERS,
    OUTPUT_B,
    PROVIDERS,
    REPORTER,
    SETUP,
    BlockScript,
    Party,
    base_ledger,
    contract,
    receipt_of,
    request_fields,
)
from tests.fillers.execution.test_chain import run_script

FIRST, SECOND, THIRD = PROVIDERS
APPLY_BLOCKS = ("execution", "apply_blocks")


def operation_block(script: BlockScript, caller: Party, operation: dict[str, CborValue]) -> None:
    """Append a block of one transaction of any operation, signed by ``caller``."""
    height = script.height + 1
    nonce = script.nonces.get(caller.address, 0)
    script.nonces[caller.address] = nonce + 1
    body: dict[str, CborValue] = {
        "chain_id": CHAIN_ID,
        "nonce": nonce,
        "timestamp": height * 1_000,
        "operation": operation,
    }
    script.append([sign_transaction(caller.seed, body)])


def at_call_path(script: BlockScript, caller: Party, kind: str, op: str, value: CborValue) -> None:
    """A block whose one operation of type ``op`` writes ``value`` at a new call path."""
    ref = call_path(kind, caller.address, f"raw{script.height}")
    operation_block(script, caller, {"type": op, "ref": ref, "value": value})


def no_blocks(vector_input: JsonObject) -> JsonObject:
    """An apply_blocks input with no parameter and no block."""
    return {"parameters": {}, "blocks": [], **vector_input}


@clauses("AIN-EXEC-HANDLER-BLOCKS-INPUT.1", "AIN-ECON-HANDLER-GENESIS.2")
def test_chain_handler_inputs(fill: Filler) -> None:
    """
    The handler's protocol inputs that a client could take for malformed ones.

    Given
    -----
    - the standard genesis, or its ledger changed as said.

    When
    ----
    - zero_balance: the outsider's balance written as "0"; no block.
    - no_balance: a ledger with no balance at all; supply_above: the first provider's
      deposit raised so that the total is 2**63.
    - timeouts_zero, timeouts_above, timeouts_u64: execution/max_timeouts_per_height 0,
      1,001, 2**64; timeouts_max: 1,000 with one request.
    - block_time: blocks at times 1,000, 2**64 - 1, 2**64, 2**64 - 1.

    Then
    ----
    - zero_balance: accepted, the balance left out of the output; no_balance, supply_above:
      GENESIS_INVALID; timeouts_zero, _above, _u64: PARAM_OUT_OF_BOUNDS; timeouts_max: ok;
      block_time: ok, [], BLOCK_TIME_OUT_OF_RANGE (its events []), BLOCK_HEIGHT_NOT_NEXT
      (block 4 is height 4, after the last applied height 2).
    """
    ledger = ledger_to_json(base_ledger())
    outsider = next(address for address in ledger["balances"] if address not in owners())
    zero = {**ledger, "balances": {**ledger["balances"], outsider: "0"}}
    result = run_apply_blocks(no_blocks({"ledger": zero}))
    assert not isinstance(result, Rejection), result
    assert outsider not in result["ledger"]["balances"]
    fill(*APPLY_BLOCKS, no_blocks({"ledger": zero}), output=result, case="zero_balance")
    empty = ledger_to_json(base_ledger(balances={}))
    fill(
        *APPLY_BLOCKS,
        no_blocks({"ledger": empty}),
        rejection=ErrorCode.GENESIS_INVALID,
        case="no_balance",
    )
    spare = 2**63 - total_supply(base_ledger())
    contracts = dict(base_ledger().contracts)
    contracts["c0"] = contract(FIRST, "c0", provider_deposit=10_000 + spare)
    above = ledger_to_json(base_ledger(contracts=contracts))
    fill(
        *APPLY_BLOCKS,
        no_blocks({"ledger": above}),
        rejection=ErrorCode.GENESIS_INVALID,
        case="supply_above",
    )
    for case, value in (("zero", 0), ("above", 1_001), ("u64", 2**64)):
        vector_input = no_blocks(
            {"ledger": ledger, "parameters": {"execution/max_timeouts_per_height": str(value)}}
        )
        fill(
            *APPLY_BLOCKS,
            vector_input,
            rejection=ErrorCode.PARAM_OUT_OF_BOUNDS,
            case=f"timeouts_{case}",
        )
    script = BlockScript()
    script.request()
    run_script(
        fill,
        script,
        [[None]],
        case="timeouts_max",
        parameters={"execution/max_timeouts_per_height": "1000"},
    )
    script = BlockScript()
    script.request()
    script.blocks += [
        {"time": str(2**64 - 1), "transactions": []},
        {"time": str(2**64), "transactions": []},
        {"time": str(2**64 - 1), "transactions": []},
    ]

    def refused_block(result: JsonObject) -> None:
        assert result["events"][2] == [] == result["events"][3]

    run_script(
        fill,
        script,
        [[None], [], "BLOCK_TIME_OUT_OF_RANGE", "BLOCK_HEIGHT_NOT_NEXT"],  # type: ignore[list-item]
        case="block_time",
        check=refused_block,
    )


def owners() -> set[str]:
    """The addresses of the parties other than the outsider."""
    return {party.address for party in (DEVELOPER, EXECUTOR, REPORTER, *PROVIDERS)}


@clauses("AIN-EXEC-HANDLER-BLOCKS-OUTPUT.1", "AIN-EXEC-CHAIN-EVENT.3")
def test_chain_handler_output(fill: Filler) -> None:
    """
    The events of a refused block and of a failed transaction, the event's JSON form, and
    the genesis's hashes.

    Given
    -----
    - the standard genesis.

    When
    ----
    - height 1 (after the setup's agent registrations): a request (ok); a SET writing a
      request, whose event fires, and then a commit to an unknown task (the SET fails).
      Height 2: a block at time 999, before the first's 1,000 (refused).

    Then
    ----
    - events: [[the task's event], []], then [] for the refused block; the event is the
      typed JSON of the whole map {fid, path, params, value}; genesis has the root, the four
      subtree hashes and one hash per label under /values.
    """
    script = BlockScript()
    task_id = script.request()
    script.blocks[0]["transactions"].append(failing_set(script))  # type: ignore[attr-defined]
    script.blocks.append({"time": "999", "transactions": []})

    def check(result: JsonObject) -> None:
        first, refused = result["events"]
        assert first[SETUP + 1] == [] and refused == []
        event = first[SETUP][0]["map"]
        assert set(event) == {"fid", "path", "params", "value"}
        assert event["params"] == {"map": {"task_id": task_id.hex()}}
        assert set(result["genesis"]) == {"root", "subtrees", "values"}
        assert {"accounts", "economy", "params"} <= set(result["genesis"]["values"])

    receipts = [[None, "EXEC_UNKNOWN_TASK"], "BLOCK_TIME_BEFORE_PARENT"]
    run_script(fill, script, receipts, check=check)  # type: ignore[arg-type]


def failing_set(script: BlockScript) -> str:
    """The executor's SET of a request then a commit to an unknown task, signed at height 1."""
    nonce = script.nonces.get(EXECUTOR.address, 0)
    script.nonces[EXECUTOR.address] = nonce + 1
    operations: list[CborValue] = [
        {
            "type": "SET_VALUE",
            "ref": call_path("request", EXECUTOR.address, "set-0"),
            "value": request_fields(),
        },
        {
            "type": "SET_VALUE",
            "ref": call_path("commit", EXECUTOR.address, "set-1"),
            "value": {"task_id": bytes(32), "commitment": bytes(32)},
        },
    ]
    body: dict[str, CborValue] = {
        "chain_id": CHAIN_ID,
        "nonce": nonce,
        "timestamp": 1_000,
        "operation": {"type": "SET", "op_list": operations},
    }
    return sign_transaction(EXECUTOR.seed, body).hex()


@clauses("AIN-EXEC-CHAIN-CALL-WRITE.1", "AIN-STATE-VALUE.1")
def test_chain_call_write(fill: Filler) -> None:
    """
    A call is a state write first: the value's own rules win over every EXEC code, and
    every value the rule admits at a call path reaches _execution.

    Given
    -----
    - the standard genesis.

    When
    ----
    - value_rules: requests with assignments {} and with tolerance {}; a commit with a field
      "x": {}; a request whose value is {}.
    - not_a_map: SET_VALUE null at a new request path; INC_VALUE 1 and DEC_VALUE 1 at new
      commit paths; SET_VALUE true at a settle path.

    Then
    ----
    - value_rules: STATE_VALUE_INVALID each (never EXEC_QUORUM_BAD_THRESHOLD or
      EXEC_CALL_MALFORMED); not_a_map: EXEC_CALL_MALFORMED each.
    """
    script = BlockScript()
    script.block(
        (EXECUTOR, "request", request_fields(assignments={})),
        (EXECUTOR, "request", request_fields(tolerance={})),
        (FIRST, "commit", {"task_id": bytes(32), "commitment": bytes(32), "x": {}}),
        (EXECUTOR, "request", {}),
    )
    run_script(fill, script, [["STATE_VALUE_INVALID"] * 4], case="value_rules")
    script = BlockScript()
    at_call_path(script, EXECUTOR, "request", "SET_VALUE", None)
    at_call_path(script, FIRST, "commit", "INC_VALUE", 1)
    at_call_path(script, FIRST, "commit", "DEC_VALUE", 1)
    at_call_path(script, REPORTER, "settle", "SET_VALUE", True)
    run_script(fill, script, [["EXEC_CALL_MALFORMED"]] * 4, case="not_a_map")


@clauses("AIN-EXEC-CHAIN-TOLERANCE-FIELD.1", "AIN-EXEC-TOLERANCE.1")
def test_chain_tolerance_bound(fill: Filler) -> None:
    """
    A tolerance's bound is a field of kind integer; its metric's range is then the terms'.

    Given
    -----
    - the standard genesis; requests in the tolerance class, quorum 2.

    When
    ----
    - one block of requests with max_relative_error_ppm bounds -1, 2**64 - 1, 10**6 + 1,
      10**6, and an unknown metric with bound 0.

    Then
    ----
    - EXEC_CALL_MALFORMED, EXEC_BAD_TOLERANCE, EXEC_BAD_TOLERANCE, EXEC_TERMS_MISMATCH (10**6
      is in the metric's range, so the terms pass and the agent's check, later, finds the job's
      bound of 1,000 differs), EXEC_BAD_TOLERANCE.
    """
    script = BlockScript()
    bounds: list[tuple[str, int]] = [
        ("max_relative_error_ppm", -1),
        ("max_relative_error_ppm", 2**64 - 1),
        ("max_relative_error_ppm", 10**6 + 1),
        ("max_relative_error_ppm", 10**6),
        ("median_error", 0),
    ]
    script.block(
        *(
            (
                EXECUTOR,
                "request",
                request_fields(
                    determinism="tolerance", tolerance={"metric": metric, "bound": bound}
                ),
            )
            for metric, bound in bounds
        )
    )
    receipts = [
        [
            "EXEC_CALL_MALFORMED",
            "EXEC_BAD_TOLERANCE",
            "EXEC_BAD_TOLERANCE",
            "EXEC_TERMS_MISMATCH",
            "EXEC_BAD_TOLERANCE",
        ]
    ]
    run_script(fill, script, receipts)


@clauses("AIN-EXEC-CHAIN-REQUEST-ORDER.1", "AIN-EXEC-CHAIN-QUEUE.1")
def test_chain_escrow_before_queue(fill: Filler) -> None:
    """
    On chain the escrow is checked before the timeout queue, both orders of failure shown.

    Given
    -----
    - the standard genesis with execution/max_timeouts_per_height 1.

    When
    ----
    - one block: a request (reveal deadline 9, fills the queue); a request at a price above
      the executor's balance for the same deadline; one at price 1 for the same deadline;
      one at a price above the balance for deadline 10.

    Then
    ----
    - ok, EXEC_PAYMENT_REFUSED (not EXEC_TIMEOUT_QUEUE_FULL), EXEC_TIMEOUT_QUEUE_FULL,
      EXEC_PAYMENT_REFUSED; the executor's balance fell by the first price alone.
    """
    script = BlockScript()
    script.block(
        (EXECUTOR, "request", request_fields()),
        (EXECUTOR, "request", request_fields(price=BALANCE)),
        (EXECUTOR, "request", request_fields(price=1)),
        (EXECUTOR, "request", request_fields(price=BALANCE, reveal_deadline=10)),
    )
    receipts = [[None, "EXEC_PAYMENT_REFUSED", "EXEC_TIMEOUT_QUEUE_FULL", "EXEC_PAYMENT_REFUSED"]]
    run_script(fill, script, receipts, parameters={"execution/max_timeouts_per_height": "1"})


@clauses("AIN-EXEC-CHAIN-ELIGIBLE-TIME.1", "AIN-EXEC-CHAIN-ELIGIBLE.1")
def test_chain_eligible_time(fill: Filler) -> None:
    """
    Eligibility reads the contract at the block's time in milliseconds; its start time is
    not consulted; one contract fits one seat.

    Given
    -----
    - the standard genesis; c1 (the second provider's) ends at 2,001, c2 (the third's) is
      active with a start time of 10**9, in the future.

    When
    ----
    - height 1 (time 1,000): the standard request; height 2 (time 2,000): it again, since
      c1 still runs; height 3 (time 3,000): again; then a request naming c0 for the first
      provider and for the second (two seats, one contract).

    Then
    ----
    - ok, ok, EXEC_PROVIDER_INELIGIBLE (c1 reads as expired at 3,000), EXEC_PROVIDER_INELIGIBLE
      (the second seat's provider is not c0's).
    """
    contracts = dict(base_ledger().contracts)
    contracts["c1"] = contract(SECOND, "c1", end_time=2_001)
    contracts["c2"] = contract(THIRD, "c2", start_time=10**9, end_time=10**12)
    ledger = base_ledger(contracts=contracts)
    script = BlockScript()
    script.request()
    script.request()
    shared = {FIRST.key.hex(): "c0", SECOND.key.hex(): "c0"}
    script.block(
        (EXECUTOR, "request", request_fields()),
        (EXECUTOR, "request", request_fields(assignments=shared, quorum=2)),
    )
    receipts: list[list[str | None]] = [
        [None],
        [None],
        ["EXEC_PROVIDER_INELIGIBLE", "EXEC_PROVIDER_INELIGIBLE"],
    ]
    run_script(fill, script, receipts, ledger=ledger)


@clauses(
    "AIN-EXEC-CHAIN-SLASH-EXPIRED.1",
    "AIN-ECON-SLASH-AGE-STORED.1",
    "AIN-ECON-SLASH-AGE.1",
    "AIN-EXEC-CHAIN-SLASH-LOCKED.1",
)
def test_chain_slash_after_end(fill: Filler) -> None:
    """
    A contract past its end, still stored active, is slashed; evidence as old as the
    withdrawal delay is not.

    Given
    -----
    - the standard genesis with a withdrawal delay of 3,000 ms; c1 (the second provider's)
      ends at 3,000.

    When
    ----
    - height 1: the standard request; height 2 (time 2,000): conflicting receipts of the
      second and of the third provider; height 4 (time 4,000, past c1's end): the reporter
      slashes the second's offence; height 5 (time 5,000, 3,000 after the proof): the
      third's.

    Then
    ----
    - ok; ok, ok; ok (c1's provider deposit is taken whole, and the slash writes the locked
      records of a contract the genesis made without them); ECON_EVIDENCE_TOO_OLD.
    """
    contracts = dict(base_ledger().contracts)
    contracts["c1"] = contract(SECOND, "c1", end_time=3_000)
    parameters = attrs.evolve(LEDGER_PARAMETERS, withdrawal_delay=3_000)
    ledger = base_ledger(contracts=contracts, parameters=parameters)
    script = BlockScript()
    task_id = script.request()
    script.block(conflict(task_id, SECOND), conflict(task_id, THIRD))
    script.advance_to(3)
    script.block(slash(task_id, SECOND))
    script.block(slash(task_id, THIRD))

    def check(result: JsonObject) -> None:
        assert result["ledger"]["contracts"]["c1"]["provider_deposit"] == "0"
        assert result["ledger"]["contracts"]["c2"]["provider_deposit"] == "10000"

    receipts: list[list[str | None]] = [[None], [None, None], [], [None], ["ECON_EVIDENCE_TOO_OLD"]]
    run_script(fill, script, receipts, ledger=ledger, check=check)


def conflict(task_id: bytes, provider: Party) -> tuple[Party, str, CborValue]:
    """The reporter's conflict report of two receipts of ``provider``."""
    first, second = receipt_of(task_id, provider), receipt_of(task_id, provider, OUTPUT_B)
    return REPORTER, "conflict", {"first": first, "second": second}


def slash(task_id: bytes, provider: Party) -> tuple[Party, str, CborValue]:
    """The reporter's slash of ``provider``'s conflicting attestation in the task."""
    offence = evidence_id("conflicting_attestation", task_id, provider.key)
    return REPORTER, "slash", {"evidence_id": offence}


def economy_call(script: BlockScript, caller: Party, kind: str, value: CborValue) -> None:
    """A block with one economy call of ``caller``."""
    ref = economy_call_path(kind, caller.address, f"e{script.height}")
    operation_block(script, caller, {"type": "SET_VALUE", "ref": ref, "value": value})


def locked_provider(party: Party) -> CborValue:
    """The provider role's locked amount of ``party`` in the state the handler left."""
    tree = LastState.tree
    assert tree is not None
    return tree.value_at(values_path(f"/economy/locked/providers/accounts/{party.address}"))


@clauses("AIN-EXEC-CHAIN-SLASH-LOCKED.1", "AIN-ECON-LOCKED-WRITES.1")
def test_chain_slash_locked_records(fill: Filler) -> None:
    """
    A slash through execution lowers the locked records of a contract made by calls, as it
    writes zeros for one a genesis override made.

    Given
    -----
    - the standard genesis.

    When
    ----
    - by_calls: height 1: the developer proposes k0 to the first provider (start 3,000,
      deposits 5,000 and 10,000); height 2: it accepts; height 3: it activates; height 4: a
      request seating it under k0; height 5: conflicting receipts of the first provider;
      height 6: the reporter slashes them.
    - by_genesis: the first provider's conflict under c0 (made by the genesis) slashed.

    Then
    ----
    - by_calls: every call ok; the slash takes k0's whole deposit and the first provider's
      locked amount (10,000 since the acceptance) is absent (0) after it.
    - by_genesis: ok each; the locked amount is absent (the slash wrote null and 0).
    """
    script = BlockScript()
    terms: dict[str, CborValue] = {
        "contract_id": "k0",
        "provider": FIRST.address,
        "start_time": 3_000,
        "end_time": 10**12,
        "price_per_request": 1,
        "capacity_requests": 100_000,
        "provider_share_bps": 8_000,
        "developer_deposit": 5_000,
        "provider_deposit": 10_000,
    }
    economy_call(script, DEVELOPER, "propose_contract", terms)
    economy_call(script, FIRST, "accept_contract", {"contract_id": "k0"})
    economy_call(script, FIRST, "activate_contract", {"contract_id": "k0"})
    seats = {FIRST.key.hex(): "k0", SECOND.key.hex(): "c1", THIRD.key.hex(): "c2"}
    task_id = script.request(assignments=seats)
    script.block(conflict(task_id, FIRST))
    script.block(slash(task_id, FIRST))

    def slashed(result: JsonObject) -> None:
        assert result["ledger"]["contracts"]["k0"]["provider_deposit"] == "0"
        assert locked_provider(FIRST) is None

    run_script(fill, script, [[None]] * 6, case="by_calls", check=slashed)
    script = BlockScript()
    task_id = script.request()
    script.block(conflict(task_id, FIRST))
    script.block(slash(task_id, FIRST))

    def zeros(result: JsonObject) -> None:
        assert result["ledger"]["contracts"]["c0"]["provider_deposit"] == "0"
        assert locked_provider(FIRST) is None

    run_script(fill, script, [[None]] * 3, case="by_genesis", check=zeros)
