"""
Fillers for the ledger's genesis in the economy handlers: zero balances, the supply bound, a
ledger that no positive balance funds, block times judged by the block checks, and an output
ledger fed back as an input.

Spec: spec/economy.md, "Handlers" ([AIN-ECON-HANDLER-GENESIS.2]).
"""

from __future__ import annotations

from ain_ref.conformance.handlers.economy import run_apply_blocks
from ain_ref.conformance.typed_json import JsonObject
from ain_ref.economy.ledger import ContractState, total_supply
from ain_ref.economy.ledger_json import ledger_from_json, ledger_to_json
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.economy.common import (
    DEVELOPER,
    EXECUTOR,
    PROVIDER,
    REPORTER,
    STRANGER,
    active_ledger,
    base_ledger,
    moved,
    proposal,
    reserved_ledger,
    run_blocks,
    tx,
    with_contract_fields,
)

APPLY_BLOCKS = ("economy", "apply_blocks")
LARGEST = 2**63 - 1


def no_blocks(ledger_json: JsonObject) -> JsonObject:
    """An apply_blocks input of a ledger in its JSON form and no block."""
    return {"ledger": ledger_json, "blocks": []}


@clauses("AIN-ECON-HANDLER-GENESIS.2")
def test_ledger_zero_balance_is_no_allocation(fill: Filler) -> None:
    """
    A balance of 0 in the input ledger is no allocation: the ledger is accepted, and its
    output leaves the balance out.

    Given
    -----
    - the base ledger with the stranger's balance written as "0".

    When
    ----
    - no block is applied.

    Then
    ----
    - the output ledger has the four funded balances and not the stranger's; the supply is
      the four balances and the pool.
    """
    document = ledger_to_json(base_ledger())
    document["balances"] = {**document["balances"], STRANGER.address: "0"}
    result = run_apply_blocks(no_blocks(document))
    assert not isinstance(result, Rejection), result
    assert STRANGER.address not in result["ledger"]["balances"]
    assert result["ledger"] == ledger_to_json(base_ledger())
    fill(*APPLY_BLOCKS, no_blocks(document), output=result)


@clauses("AIN-ECON-HANDLER-GENESIS.2", "AIN-PLAT-GENESIS-CHECKS.1")
def test_ledger_without_positive_balance(fill: Filler) -> None:
    """
    A ledger no positive balance funds is GENESIS_INVALID (its genesis total_supply is 0).

    Given
    -----
    - no_balances: a ledger with only a reward pool of 10,000,000.
    - zero_balances: the same with every party's balance "0".
    - empty: a ledger with nothing at all.

    When
    ----
    - no block is applied.

    Then
    ----
    - each is GENESIS_INVALID.
    """
    pool_only = ledger_to_json(base_ledger(balances={}))
    zeros = {**pool_only, "balances": {party.address: "0" for party in (DEVELOPER, PROVIDER)}}
    for case, document in (
        ("no_balances", pool_only),
        ("zero_balances", zeros),
        ("empty", ledger_to_json(base_ledger(balances={}, reward_pool=0))),
    ):
        fill(*APPLY_BLOCKS, no_blocks(document), rejection=ErrorCode.GENESIS_INVALID, case=case)


@clauses("AIN-ECON-HANDLER-GENESIS.2")
def test_ledger_supply_bound(fill: Filler) -> None:
    """
    The ledger's total supply (balances, deposits, escrows, pool, burned) is at most
    2**63 - 1, both sides, and a deposit alone past 2**64 - 1 is refused too.

    Given
    -----
    - the active ledger (c1 holds 1,500 and 3,000 in deposits); the provider deposit raised
      so that the total is exactly 2**63 - 1 (at), 2**63 (above), or the deposit is
      2**64 - 1 (past_u64).

    When
    ----
    - no block is applied.

    Then
    ----
    - at: accepted, supply 2**63 - 1; above and past_u64: GENESIS_INVALID.
    """
    base = active_ledger()
    spare = LARGEST - total_supply(base)
    deposit = base.contracts["c1"].provider_deposit
    at = with_contract_fields(base, provider_deposit=deposit + spare)
    assert total_supply(at) == LARGEST
    result = run_apply_blocks(no_blocks(ledger_to_json(at)))
    assert not isinstance(result, Rejection), result
    assert result["supplies"] == []
    fill(*APPLY_BLOCKS, no_blocks(ledger_to_json(at)), output=result, case="at")
    above = with_contract_fields(base, provider_deposit=deposit + spare + 1)
    past = with_contract_fields(base, provider_deposit=2**64 - 1)
    for case, ledger in (("above", above), ("past_u64", past)):
        fill(
            *APPLY_BLOCKS,
            no_blocks(ledger_to_json(ledger)),
            rejection=ErrorCode.GENESIS_INVALID,
            case=case,
        )


@clauses("AIN-ECON-HANDLER-GENESIS.2", "AIN-PLAT-BLOCK-CHECKS.1")
def test_ledger_block_times(fill: Filler) -> None:
    """
    A block's time is judged by the block checks, never refused as malformed; block k is
    applied at height k, so a refused block leaves every later one BLOCK_HEIGHT_NOT_NEXT.

    Given
    -----
    - the base ledger.

    When
    ----
    - boundary: blocks at times 5, 2**64 - 1, 2**64 - 1.
    - out_of_range: blocks at 5 and 2**64.
    - after_refused: blocks at 5, 2**64 and 2**64 - 1.
    - negative: a block at time -1 (height 1, after the genesis's time 0).

    Then
    ----
    - boundary: each applied; out_of_range: [], BLOCK_TIME_OUT_OF_RANGE; after_refused: [],
      BLOCK_TIME_OUT_OF_RANGE, BLOCK_HEIGHT_NOT_NEXT; negative: BLOCK_TIME_BEFORE_PARENT.
    """
    cases: tuple[tuple[str, tuple[int, ...], list[object]], ...] = (
        ("boundary", (5, 2**64 - 1, 2**64 - 1), [[], [], []]),
        ("out_of_range", (5, 2**64), [[], "BLOCK_TIME_OUT_OF_RANGE"]),
        (
            "after_refused",
            (5, 2**64, 2**64 - 1),
            [[], "BLOCK_TIME_OUT_OF_RANGE", "BLOCK_HEIGHT_NOT_NEXT"],
        ),
        ("negative", (-1,), ["BLOCK_TIME_BEFORE_PARENT"]),
    )
    for case, times, receipts in cases:
        blocks: list[dict[str, object]] = [{"time": str(t), "transactions": []} for t in times]
        result = run_blocks(fill, base_ledger(), blocks, receipts, {}, case=case)  # type: ignore[arg-type]
        assert result["ledger"] == ledger_to_json(base_ledger())


@clauses("AIN-ECON-HANDLER-GENESIS.2", "AIN-ECON-RECORD.1")
def test_ledger_output_fed_back(fill: Filler) -> None:
    """
    An output ledger is a valid input: a drained balance, a settled contract with zero
    deposits and a proposed one read back as they were written.

    Given
    -----
    - first: the active ledger; at time 500 the reporter proposes c2 to the provider with
      its whole balance, 1,000,000, as developer deposit; at time 6,000 (c1's end + the
      withdrawal delay) the developer settles c1.
    - again: the first run's output ledger.

    When
    ----
    - again: no block.

    Then
    ----
    - first: ok, ok; the reporter's balance (0) is left out of the output.
    - again: accepted, and its output ledger is its input.
    """
    pre = active_ledger()
    whole = pre.balances[REPORTER.address]
    drain = proposal("c2", developer_deposit=whole)
    drain["caller"] = REPORTER.address
    blocks: list[dict[str, object]] = [
        {"time": "500", "transactions": [drain]},
        {"time": "6000", "transactions": [tx("settle_contract", DEVELOPER, contract_id="c1")]},
    ]
    first = run_blocks(fill, pre, blocks, [[None], [None]], {REPORTER: -whole}, case="first")
    assert REPORTER.address not in first["ledger"]["balances"]
    assert first["ledger"]["contracts"]["c1"]["state"] == ContractState.SETTLED.value
    again = run_apply_blocks(no_blocks(first["ledger"]))
    assert not isinstance(again, Rejection), again
    assert again["ledger"] == first["ledger"]
    fill(*APPLY_BLOCKS, no_blocks(first["ledger"]), output=again, case="again")


def test_output_ledgers_round_trip() -> None:
    """
    [AIN-ECON-HANDLER-GENESIS.2] Output ledgers fed back with no block are accepted and read
    back as themselves (a drained balance, settled and proposed contracts, a reservation).
    """
    ledgers = [
        base_ledger(),
        active_ledger(),
        reserved_ledger(),
        moved(active_ledger(), {EXECUTOR: -1_000_000}),
        with_contract_fields(
            active_ledger(), provider_deposit=0, developer_deposit=0, state=ContractState.SETTLED
        ),
    ]
    for ledger in ledgers:
        first = run_apply_blocks(no_blocks(ledger_to_json(ledger)))
        assert not isinstance(first, Rejection), first
        again = run_apply_blocks(no_blocks(first["ledger"]))
        assert not isinstance(again, Rejection), again
        assert again["ledger"] == first["ledger"]
        assert ledger_from_json(again["ledger"]) == ledger_from_json(first["ledger"])
