"""
Shared scenery for the on-chain governance fillers and tests: a small chain, calls, blocks.

Accounts: alice (1,000,000 AIN, validator with 1,000 AIN), bob (100,000 AIN, validator with
3,000 AIN), carol (validator with 6,000 AIN, no balance), dave (10,000 AIN, no stake): total
power 10,000 AIN. Governance periods are
short (deposit 2 blocks, voting 3, enactment delay 2), the minimum deposit 1,000 AIN, the
initial one 100 AIN, at most 2 open proposals per proposer.
"""

from __future__ import annotations

from typing import Any

from ain_ref.conformance.handlers import find_handler
from ain_ref.conformance.typed_json import to_typed_json
from ain_ref.encoding import CborValue
from ain_ref.governance.calls import call_path
from ain_ref.vectors.filler import Filler
from tests.fillers.state.common import (
    ALICE,
    ALICE_SEED,
    BOB,
    BOB_SEED,
    CAROL,
    CAROL_SEED,
    CHAIN_ID,
    address_of,
    set_value,
    transaction,
)

DAVE_SEED = bytes([4]) * 32
DAVE = address_of(DAVE_SEED)

__all__ = [
    "AIN",
    "ALICE",
    "ALICE_SEED",
    "BOB",
    "BOB_SEED",
    "CAROL",
    "CAROL_SEED",
    "DAVE",
    "DAVE_SEED",
    "OK",
    "Signer",
    "T0",
    "apply_blocks",
    "block",
    "call",
    "failed",
    "governance_vector",
    "small_chain",
]

AIN = 10**6
T0 = 1_700_000_000_000
OK = ("SUCCESS", None)
SMALL_GOVERNANCE: dict[str, Any] = {
    "staking/min_self_bond": 1_000 * AIN,
    "staking/min_delegation": 10 * AIN,
    "staking/unbonding_delay": 2,
    "governance/min_deposit": 1_000 * AIN,
    "governance/min_initial_deposit": 100 * AIN,
    "governance/deposit_period": 2,
    "governance/voting_period": 3,
    "governance/enactment_delay": 2,
    "governance/max_open_proposals": 2,
}


def failed(code: object) -> tuple[str, str]:
    """A FAILED receipt's (status, code)."""
    return ("FAILED", str(code))


def small_chain(
    parameters: dict[str, Any] | None = None, overrides: dict[str, CborValue] | None = None
) -> dict[str, Any]:
    """The protocol genesis of the module's small chain (handler JSON)."""
    allocations = {ALICE: 1_000_000 * AIN, BOB: 100_000 * AIN, DAVE: 10_000 * AIN}
    validators = {ALICE: 1_000 * AIN, BOB: 3_000 * AIN, CAROL: 6_000 * AIN}
    document: dict[str, Any] = {
        "total_supply": str(sum(allocations.values()) + sum(validators.values())),
        "allocations": {address: str(amount) for address, amount in allocations.items()},
        "validators": {address: str(amount) for address, amount in validators.items()},
        "parameters": {
            key: to_typed_json(value)
            for key, value in {**SMALL_GOVERNANCE, **(parameters or {})}.items()
        },
    }
    if overrides is not None:
        document["overrides"] = to_typed_json(overrides)
    return document


def call(seed: bytes, caller: str, kind: str, key: str, fields: CborValue, nonce: int) -> str:
    """A signed transaction writing one governance call."""
    return transaction(seed, set_value(call_path(kind, caller, key), fields), nonce=nonce)


class Signer:
    """Signs governance calls, counting each seed's nonces (a failed call uses one too)."""

    def __init__(self) -> None:
        self.nonces: dict[bytes, int] = {}

    def __call__(self, seed: bytes, caller: str, kind: str, fields: CborValue) -> str:
        """A signed call; its key is the nonce, so no two calls share a path."""
        nonce = self.nonces.get(seed, 0)
        self.nonces[seed] = nonce + 1
        return call(seed, caller, kind, str(nonce), fields, nonce)


def block(height: int, transactions: list[str] | None = None) -> dict[str, Any]:
    """One input block at ``height``, one second after the one before."""
    return {
        "height": str(height),
        "time": str(T0 + 1000 * height),
        "transactions": transactions or [],
    }


def apply_blocks(
    genesis: dict[str, Any],
    blocks: list[dict[str, Any]],
    proposals: list[str] = (),  # type: ignore[assignment]
    parameters: list[str] = (),  # type: ignore[assignment]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The handler's input and output for a block sequence."""
    vector_input: dict[str, Any] = {
        "genesis": genesis,
        "chain_id": str(CHAIN_ID),
        "blocks": blocks,
        "queries": {"proposals": list(proposals), "parameters": list(parameters)},
    }
    handler = find_handler("governance", "apply_blocks")
    assert handler is not None
    output = handler.run(vector_input)
    assert isinstance(output, dict), output
    return vector_input, output


def receipts_of(output: dict[str, Any]) -> list[list[tuple[str, str | None]]]:
    """Each block's receipts as (status, code)."""
    return [
        [(receipt["status"], receipt["code"]) for receipt in entry["receipts"]]
        for entry in output["blocks"]
    ]


def is_conserved(output: dict[str, Any]) -> bool:
    """[AIN-GOV-SUPPLY.1] The supply's parts add up to the recorded total."""
    supply = output["supply"]
    parts = ("balances", "staked", "governance_held", "governance_burned")
    return int(supply["total"]) == sum(int(supply[part]) for part in parts)


def governance_vector(
    fill: Filler,
    case: str,
    genesis: dict[str, Any],
    blocks: list[dict[str, Any]],
    expected: list[list[tuple[str, str | None]]],
    proposals: list[str] = (),  # type: ignore[assignment]
    parameters: list[str] = (),  # type: ignore[assignment]
    note: str = "",
    conserved: bool = True,
    steps_succeed: bool = True,
) -> dict[str, Any]:
    """
    Fill a governance/apply_blocks case. The authored part is each receipt's (status, code),
    the supply's conservation and the steps' success (unless the case says it breaks them,
    with genesis overrides); the caller checks the statuses and values it names.
    """
    vector_input, output = apply_blocks(genesis, blocks, proposals, parameters)
    assert all(entry["code"] is None for entry in output["blocks"]), output["blocks"]
    assert receipts_of(output) == expected, f"{case}: {receipts_of(output)} != {expected}"
    assert is_conserved(output) == conserved, output["supply"]
    step_codes = [step["code"] for entry in output["blocks"] for step in entry["steps"]]
    assert all(code is None for code in step_codes) == steps_succeed, step_codes
    fill("governance", "apply_blocks", vector_input, output=output, case=case, note=note)
    return output
