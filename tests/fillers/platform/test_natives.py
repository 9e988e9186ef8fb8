"""Fillers for the confinement of natives: declared patterns, SET_FUNCTION and genesis."""

from __future__ import annotations

from ain_ref.conformance.state_strategies import ALL_PERMISSIONS
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.platform.common import (
    AIN,
    ALICE,
    ALICE_SEED,
    BOB,
    BOB_SEED,
    apply_blocks_vector,
    block,
    small_genesis,
    transaction,
    transfer,
)

T0 = 1_700_000_000_000
NATIVE_TRANSFER = {"_transfer": {"function_type": "NATIVE", "function_id": "_transfer"}}
EVENT_TRANSFER = {"stolen": {"function_type": "EVENT", "function_id": "stolen"}}
ALICE_OWNS_MINE = {
    "owners": {"/mine": {"owners": {ALICE: ALL_PERMISSIONS}}},
    "rules": {"/mine/$from/$to/$key/value": {"write": True}},
}


def set_function(ref: str, value: object) -> dict[str, object]:
    """A SET_FUNCTION operation."""
    return {"type": "SET_FUNCTION", "ref": ref, "value": value}


@clauses(
    "AIN-PLAT-NATIVE-PLACEMENT.1",
    "AIN-PLAT-NATIVE-DECLARE.1",
    "AIN-ECON-TRANSFER.2",
    "AIN-PLAT-BLOCK-APPLY.1",
)
def test_transfer_cannot_be_configured_outside_its_pattern(fill: Filler) -> None:
    """
    An owner of a branch cannot configure _transfer there to move other accounts' balances.

    Given
    -----
    - the small protocol genesis, with alice owning /mine and /mine/$from/$to/$key/value
      writable by anyone.

    When
    ----
    - block 1: alice transfers 1,000 AIN to bob at the declared pattern; alice configures
      _transfer at /mine/$from/$to/$key/value; alice configures an EVENT there instead; alice
      writes 500 AIN at /mine/<bob>/<alice>/1/value.

    Then
    ----
    - the transfer succeeds; the NATIVE config fails with NATIVE_NOT_DECLARED_HERE; the EVENT
      config succeeds; the write at /mine succeeds and only emits the event: bob's balance
      stays 101,000 AIN.
    """
    pattern = "/mine/$from/$to/$key/value"
    output = apply_blocks_vector(
        fill,
        "",
        small_genesis(overrides=ALICE_OWNS_MINE),
        [
            block(
                1,
                T0,
                [
                    transaction(ALICE_SEED, transfer(ALICE, BOB, "1", 1_000 * AIN), nonce=0),
                    transaction(ALICE_SEED, set_function(pattern, NATIVE_TRANSFER), nonce=1),
                    transaction(ALICE_SEED, set_function(pattern, EVENT_TRANSFER), nonce=2),
                    transaction(
                        ALICE_SEED,
                        {"type": "SET_VALUE", "ref": f"/mine/{BOB}/{ALICE}/1/value", "value": 500},
                        nonce=3,
                    ),
                ],
            )
        ],
        [
            (
                None,
                [
                    ("SUCCESS", None),
                    ("FAILED", str(ErrorCode.NATIVE_NOT_DECLARED_HERE)),
                    ("SUCCESS", None),
                    ("SUCCESS", None),
                ],
            )
        ],
    )
    assert output["supply"]["balances"] == str(1_100_000 * AIN)


@clauses("AIN-PLAT-NATIVE-PLACEMENT.1", "AIN-PLAT-GENESIS-CHECKS.1", "AIN-TX-GENESIS.2")
def test_genesis_refuses_a_native_outside_its_pattern(fill: Filler) -> None:
    """
    A genesis that configures a native at a path it did not declare is refused.

    Given
    -----
    - the small protocol genesis.

    When
    ----
    - its overrides configure _transfer at /mine/$from/$to/$key/value (case "elsewhere"), or
      at /transfer/$to/$from/$key/value, the declared pattern with its variables renamed
      (case "renamed").

    Then
    ----
    - both are refused with GENESIS_INVALID (its inner reason NATIVE_NOT_DECLARED_HERE).
    """
    for case, pattern in (
        ("elsewhere", "/mine/$from/$to/$key/value"),
        ("renamed", "/transfer/$to/$from/$key/value"),
    ):
        genesis = small_genesis(overrides={"functions": {pattern: NATIVE_TRANSFER}})
        fill(
            "platform",
            "genesis",
            {"genesis": genesis},
            rejection=ErrorCode.GENESIS_INVALID,
            case=case,
        )


@clauses("AIN-ECON-TRANSFER.2", "AIN-PLAT-NATIVE-CONTEXT.2")
def test_a_non_integer_balance_is_not_counted_as_zero(fill: Filler) -> None:
    """
    _transfer refuses a sender whose balance is present but not an integer.

    Given
    -----
    - the small protocol genesis, with bob's balance overridden to the text "many" (and the
      supply made up by alice's allocation).

    When
    ----
    - block 1: bob transfers 1 base unit to alice; alice transfers 1 base unit to bob.

    Then
    ----
    - bob's transfer fails with DEC_TARGET_NOT_INTEGER; alice's fails with
      INC_TARGET_NOT_INTEGER (the receiver's balance is no integer either).
    """
    genesis = small_genesis(
        allocations={ALICE: 1_100_000 * AIN},
        overrides={"values": {f"/accounts/{BOB}/balance": "many"}},
    )
    apply_blocks_vector(
        fill,
        "",
        genesis,
        [
            block(
                1,
                T0,
                [
                    transaction(BOB_SEED, transfer(BOB, ALICE, "1", 1), nonce=0),
                    transaction(ALICE_SEED, transfer(ALICE, BOB, "1", 1), nonce=0),
                ],
            )
        ],
        [
            (
                None,
                [
                    ("FAILED", str(ErrorCode.DEC_TARGET_NOT_INTEGER)),
                    ("FAILED", str(ErrorCode.INC_TARGET_NOT_INTEGER)),
                ],
            )
        ],
    )
