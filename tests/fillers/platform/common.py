"""What the platform fillers share: a small protocol genesis, blocks, and staking operations."""

from __future__ import annotations

from typing import Any

from ain_ref.conformance.handlers import find_handler
from ain_ref.conformance.typed_json import to_typed_json
from ain_ref.encoding import CborValue
from ain_ref.vectors.filler import Filler
from tests.fillers.state.common import (
    ALICE,
    ALICE_SEED,
    BOB,
    BOB_SEED,
    CAROL,
    CAROL_SEED,
    CHAIN_ID,
    set_value,
    transaction,
)

__all__ = [
    "ALICE",
    "ALICE_SEED",
    "BOB",
    "BOB_SEED",
    "CAROL",
    "CAROL_SEED",
    "apply_blocks_vector",
    "block",
    "bond",
    "small_genesis",
    "transaction",
    "transfer",
    "unbond",
]

AIN = 10**6
SMALL_PARAMETERS: dict[str, Any] = {
    "staking/unbonding_delay": 2,
    "staking/min_self_bond": 1_000 * AIN,
    "staking/min_delegation": 10 * AIN,
    "staking/max_unbondings_per_block": 2,
}


def small_genesis(
    parameters: dict[str, Any] | None = None,
    overrides: dict[str, CborValue] | None = None,
    allocations: dict[str, int] | None = None,
    validators: dict[str, int] | None = None,
    total_supply: int | None = None,
) -> dict[str, Any]:
    """
    A protocol genesis (handler JSON): alice 1,000,000 AIN, bob 100,000 AIN, carol a validator
    with a 5,000 AIN self-bond; an unbonding delay of 2 blocks, at most 2 per block.
    """
    allocations = (
        {ALICE: 1_000_000 * AIN, BOB: 100_000 * AIN} if allocations is None else allocations
    )
    validators = {CAROL: 5_000 * AIN} if validators is None else validators
    supply = sum(allocations.values()) + sum(validators.values())
    document: dict[str, Any] = {
        "total_supply": str(supply if total_supply is None else total_supply),
        "allocations": {address: str(amount) for address, amount in allocations.items()},
        "validators": {address: str(amount) for address, amount in validators.items()},
        "parameters": {
            key: to_typed_json(value)
            for key, value in {**SMALL_PARAMETERS, **(parameters or {})}.items()
        },
    }
    if overrides is not None:
        document["overrides"] = to_typed_json(overrides)
    return document


def transfer(sender: str, receiver: str, key: str, amount: CborValue) -> dict[str, CborValue]:
    """The write that fires _transfer."""
    return set_value(f"/transfer/{sender}/{receiver}/{key}/value", amount)


def bond(delegator: str, validator: str, key: str, amount: CborValue) -> dict[str, CborValue]:
    """The write that fires _bond."""
    return set_value(f"/staking/bond/{delegator}/{validator}/{key}/value", amount)


def unbond(delegator: str, validator: str, key: str, amount: CborValue) -> dict[str, CborValue]:
    """The write that fires _unbond."""
    return set_value(f"/staking/unbond/{delegator}/{validator}/{key}/value", amount)


def block(height: int, time: int, transactions: list[str]) -> dict[str, Any]:
    """One input block."""
    return {"height": str(height), "time": str(time), "transactions": transactions}


def apply_blocks_vector(
    fill: Filler,
    case: str,
    genesis: dict[str, Any],
    blocks: list[dict[str, Any]],
    expected: list[tuple[str | None, list[tuple[str, str | None]]]],
    queries: dict[str, Any] | None = None,
    note: str = "",
) -> dict[str, Any]:
    """
    Fill a platform/apply_blocks case. The authored part is each block's code and each
    receipt's (status, code); roots, hashes and query answers are the reference's, pinned by
    the vector (and checked by the caller where the scenario names them).
    """
    vector_input: dict[str, Any] = {
        "genesis": genesis,
        "chain_id": str(CHAIN_ID),
        "blocks": blocks,
    }
    if queries is not None:
        vector_input["queries"] = queries
    handler = find_handler("platform", "apply_blocks")
    assert handler is not None
    output = handler.run(vector_input)
    assert isinstance(output, dict), output
    actual = [
        (entry["code"], [(receipt["status"], receipt["code"]) for receipt in entry["receipts"]])
        for entry in output["blocks"]
    ]
    assert actual == expected, f"{case}: {actual} != {expected}"
    supply = output["supply"]
    assert int(supply["total"]) == int(supply["balances"]) + int(supply["staked"])
    fill("platform", "apply_blocks", vector_input, output=output, case=case, note=note)
    return output
