"""Fillers for the maturity step: its write bound taken exactly, and what fails it."""

from __future__ import annotations

from typing import Any

import pytest

from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.platform.common import (
    AIN,
    ALICE,
    BOB,
    CAROL,
    apply_blocks_vector,
    block,
    small_genesis,
)

T0 = 1_700_000_000_000
GENESIS_SUPPLY = (1_000_000 + 100_000 + 5_000) * AIN
"""What small_genesis allocates: alice, bob, carol's self-bond."""


def queue(entries: dict[str, CborValue]) -> dict[str, CborValue]:
    """An unbonding queue of height 1 holding ``entries``."""
    return {"count": len(entries), "entries": entries}


def step_receipt(output: dict[str, Any]) -> dict[str, Any]:
    """The staking step's receipt of the first block (the execution step's has no work)."""
    steps = [s for s in output["blocks"][0]["steps"] if s["step"] == "staking/mature_unbondings"]
    assert len(steps) == 1
    return steps[0]


@clauses("AIN-PLAT-STEP-BOUND.1", "AIN-PLAT-STAKE-MATURE.1")
@pytest.mark.parametrize(
    ("entries", "code"), [(1000, None), (1001, str(ErrorCode.BLOCK_STEP_OUT_OF_BOUNDS))]
)
def test_the_step_write_bound_is_taken_exactly(
    fill: Filler, entries: int, code: str | None
) -> None:
    """
    staking/mature_unbondings may write 1001 times in a block; the 1002nd write is refused.

    Given
    -----
    - the small protocol genesis with a queue at height 1 (put there by overrides, as no
      unbond can fill a queue past staking/max_unbondings_per_block) of 1 base unit entries
      to alice, and /supply/total raised by their sum.

    When
    ----
    - block 1, no transactions.

    Then
    ----
    - 1000 entries: the step writes 1000 balances and deletes the queue, 1001 writes, null.
    - 1001 entries: the 1002nd write (the queue's deletion) is BLOCK_STEP_OUT_OF_BOUNDS; the
      step's writes are undone (writes 0), the queue stays, counted in the supply.
    """
    held = {str(index): {"delegator": ALICE, "amount": 1} for index in range(entries)}
    genesis = small_genesis(
        overrides={
            "values": {
                "/staking/unbonding/1": queue(held),
                "/supply/total": GENESIS_SUPPLY + entries,
            }
        }
    )
    output = apply_blocks_vector(fill, str(entries), genesis, [block(1, T0, [])], [(None, [])])
    assert step_receipt(output) == {
        "step": "staking/mature_unbondings",
        "code": code,
        "writes": 1001 if code is None else 0,
    }
    assert output["supply"]["staked"] == str(5_000 * AIN + (0 if code is None else entries))


MALFORMED: dict[str, tuple[dict[str, CborValue], dict[str, CborValue], str | None]] = {
    "paid_in_index_order": (
        {"10": {"delegator": BOB, "amount": 2}, "9": {"delegator": BOB, "amount": 1}},
        {},
        None,
    ),
    "index_not_decimal": (
        {"0": {"delegator": BOB, "amount": 1}, "01": {"delegator": BOB, "amount": 1}},
        {},
        str(ErrorCode.STAKING_UNBONDING_ENTRY_INVALID),
    ),
    "delegator_not_an_address": (
        {"0": {"delegator": "bob", "amount": 1}},
        {},
        str(ErrorCode.STAKING_UNBONDING_ENTRY_INVALID),
    ),
    "amount_zero": (
        {"0": {"delegator": BOB, "amount": 0}},
        {},
        str(ErrorCode.STAKING_UNBONDING_ENTRY_INVALID),
    ),
    "entry_not_a_map": ({"0": 5}, {}, str(ErrorCode.STAKING_UNBONDING_ENTRY_INVALID)),
    "balance_not_an_integer": (
        {"0": {"delegator": CAROL, "amount": 1}},
        {f"/accounts/{CAROL}/balance": "x"},
        str(ErrorCode.INC_TARGET_NOT_INTEGER),
    ),
    "balance_at_the_top": (
        {"0": {"delegator": CAROL, "amount": 1}},
        {f"/accounts/{CAROL}/balance": 2**64 - 2},
        None,
    ),
    "balance_over_the_top": (
        {"0": {"delegator": CAROL, "amount": 2}},
        {f"/accounts/{CAROL}/balance": 2**64 - 2},
        str(ErrorCode.INC_RESULT_OUT_OF_RANGE),
    ),
}


@clauses("AIN-PLAT-STAKE-MATURE.1", "AIN-PLAT-STEP-BOUND.1")
@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_what_fails_the_maturity_step(fill: Filler, case: str) -> None:
    """
    The maturity step pays in ascending numeric index order, and a queue that only genesis
    overrides can make fails the step as a whole.

    Given
    -----
    - the small protocol genesis with a queue at height 1 (and, in some cases, carol's
      balance) set by overrides.

    When
    ----
    - block 1, no transactions.

    Then
    ----
    - index "9" is paid before "10" (both paid, writes 3); a non-decimal index, a delegator
      that is no address, an amount that is not positive, an entry that is not a map:
      STAKING_UNBONDING_ENTRY_INVALID; carol's balance "x": INC_TARGET_NOT_INTEGER; a
      balance reaching exactly 2**64 - 1 is paid, one past it is INC_RESULT_OUT_OF_RANGE; a
      failed step writes nothing (writes 0) and the queue stays.
    """
    entries, values, code = MALFORMED[case]
    genesis = small_genesis(
        overrides={"values": {"/staking/unbonding/1": queue(entries), **values}}
    )
    output = apply_blocks_vector(
        fill, case, genesis, [block(1, T0, [])], [(None, [])], conserved=False
    )
    receipt = step_receipt(output)
    assert receipt["code"] == code
    assert receipt["writes"] == (0 if code is not None else len(entries) + 1)
