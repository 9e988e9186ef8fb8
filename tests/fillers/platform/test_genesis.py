"""Fillers for the protocol genesis: the production root, supply and allocation checks."""

from __future__ import annotations

from typing import Any

from ain_ref.conformance.handlers import find_handler
from ain_ref.errors import ErrorCode
from ain_ref.platform.units import PRODUCTION_TOTAL_SUPPLY
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.platform.common import ALICE, BOB, CAROL, small_genesis


def genesis_root(genesis: dict[str, Any]) -> dict[str, Any]:
    """The reference's root and subtree hashes of a genesis input (the vector pins them)."""
    handler = find_handler("platform", "genesis")
    assert handler is not None
    output = handler.run({"genesis": genesis})
    assert isinstance(output, dict), output
    assert set(output) == {"root", "subtrees"}
    return output


@clauses(
    "AIN-PLAT-GENESIS-SUPPLY.1",
    "AIN-PLAT-GENESIS-AREAS.1",
    "AIN-PLAT-GENESIS-LAYOUT.1",
    "AIN-PLAT-PARAM-REGISTRY.1",
)
def test_production_genesis_root(fill: Filler) -> None:
    """
    The production genesis: 700,000,000 AIN (7 * 10**14 base units), default parameters.

    Given
    -----
    - total_supply 700000000000000; alice 699,990,000 AIN, carol a genesis validator with
      10,000 AIN (the default minimum self-bond); no parameters given.

    When
    ----
    - the protocol genesis is built.

    Then
    ----
    - its root is the one every area's vectors start from when they use this genesis.
    """
    genesis = {
        "total_supply": str(PRODUCTION_TOTAL_SUPPLY),
        "allocations": {ALICE: str(PRODUCTION_TOTAL_SUPPLY - 10**10)},
        "validators": {CAROL: str(10**10)},
    }
    fill("platform", "genesis", {"genesis": genesis}, output=genesis_root(genesis))


@clauses("AIN-PLAT-GENESIS-CHECKS.1", "AIN-PLAT-GENESIS-SUPPLY.1")
def test_genesis_checks_in_order(fill: Filler) -> None:
    """
    The protocol genesis's checks of the supply and its allocation, each with its code.

    Given
    -----
    - the small protocol genesis (alice, bob, carol a validator).

    When
    ----
    - total_supply is one more than the allocations (case "supply_above"), one less (case
      "supply_below"), 0 (case "supply_zero"); an allocation is keyed by "nobody" (case
      "bad_address"); an allocation is 0 (case "zero_allocation"); carol's self-bond is below
      the minimum self-bond (case "validator_below_minimum"); a parameter is out of bounds and
      the supply is wrong at once (case "parameters_first").

    Then
    ----
    - GENESIS_SUPPLY_MISMATCH twice, GENESIS_INVALID three times, STAKING_BELOW_MINIMUM, and
      PARAM_OUT_OF_BOUNDS (parameters are checked first).
    """
    supply = (1_000_000 + 100_000 + 5_000) * 10**6
    cases: list[tuple[str, dict[str, Any], ErrorCode]] = [
        ("supply_above", small_genesis(total_supply=supply + 1), ErrorCode.GENESIS_SUPPLY_MISMATCH),
        ("supply_below", small_genesis(total_supply=supply - 1), ErrorCode.GENESIS_SUPPLY_MISMATCH),
        ("supply_zero", small_genesis(total_supply=0), ErrorCode.GENESIS_INVALID),
        ("bad_address", small_genesis(allocations={"nobody": 5}), ErrorCode.GENESIS_INVALID),
        ("zero_allocation", small_genesis(allocations={BOB: 0}), ErrorCode.GENESIS_INVALID),
        (
            "validator_below_minimum",
            small_genesis(validators={CAROL: 999 * 10**6}),
            ErrorCode.STAKING_BELOW_MINIMUM,
        ),
        (
            "parameters_first",
            small_genesis(parameters={"staking/unbonding_delay": 0}, total_supply=1),
            ErrorCode.PARAM_OUT_OF_BOUNDS,
        ),
    ]
    for case, genesis, code in cases:
        fill("platform", "genesis", {"genesis": genesis}, rejection=code, case=case)


@clauses("AIN-PLAT-GENESIS-CHECKS.1", "AIN-PLAT-GENESIS-SUPPLY.1", "AIN-PLAT-GENESIS-LAYOUT.1")
def test_genesis_amount_limits_are_taken_exactly(fill: Filler) -> None:
    """
    total_supply is at most 2**63 - 1, each amount at most 2**64 - 1; an address may be both
    allocated and a validator.

    Given
    -----
    - the small protocol genesis's parameters, carol a validator with 5,000 AIN.

    When
    ----
    - alice is allocated the rest of a supply of exactly 2**63 - 1 (case "supply_at_maximum");
      the supply is 2**63 with alice allocated the rest (case "supply_above_maximum"); bob is
      allocated 2**64 (case "allocation_above_u64"; the supply does not match either, but
      the amounts are checked first); carol is also allocated 7 base units (case
      "validator_also_allocated").

    Then
    ----
    - a root; GENESIS_INVALID twice; a root.
    """
    stake = 5_000 * 10**6
    top = 2**63 - 1
    cases: list[tuple[str, dict[str, Any], ErrorCode | None]] = [
        ("supply_at_maximum", small_genesis(allocations={ALICE: top - stake}), None),
        (
            "supply_above_maximum",
            small_genesis(allocations={ALICE: top + 1 - stake}),
            ErrorCode.GENESIS_INVALID,
        ),
        (
            "allocation_above_u64",
            small_genesis(allocations={BOB: 2**64}, total_supply=1),
            ErrorCode.GENESIS_INVALID,
        ),
        ("validator_also_allocated", small_genesis(allocations={CAROL: 7}), None),
    ]
    for case, genesis, code in cases:
        if code is None:
            fill(
                "platform", "genesis", {"genesis": genesis}, output=genesis_root(genesis), case=case
            )
        else:
            fill("platform", "genesis", {"genesis": genesis}, rejection=code, case=case)
