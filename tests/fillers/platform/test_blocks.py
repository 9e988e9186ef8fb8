"""Fillers for block application: the block checks, receipts, steps, and currentTime."""

from __future__ import annotations

from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.platform.common import (
    AIN,
    ALICE,
    ALICE_SEED,
    BOB,
    apply_blocks_vector,
    block,
    small_genesis,
    transaction,
    transfer,
)
from tests.fillers.state.common import set_value

T0 = 1_700_000_000_000


@clauses("AIN-PLAT-BLOCK-CHECKS.1", "AIN-PLAT-BLOCK-APPLY.1", "AIN-PLAT-STAKE-SUPPLY.1")
def test_block_checks_in_order(fill: Filler) -> None:
    """
    A block must follow the last one; a refused block changes nothing and the next one may.

    Given
    -----
    - the small protocol genesis with platform/max_block_transactions 1.

    When
    ----
    - blocks, in order: height 1 at T0 with alice's transfer of 1 AIN to bob (applied);
      height 3 at T0 - 1 (wrong height and earlier time: the height is reported); height 2
      at T0 - 1; height 2 at T0 with two transactions; height 2 at T0 with none (applied);
      height 2 again (now not the next).

    Then
    ----
    - codes null, BLOCK_HEIGHT_NOT_NEXT, BLOCK_TIME_BEFORE_PARENT,
      BLOCK_TOO_MANY_TRANSACTIONS, null, BLOCK_HEIGHT_NOT_NEXT; a refused block's root is the
      root before it.
    """
    move = transaction(ALICE_SEED, transfer(ALICE, BOB, "1", AIN), nonce=0)
    output = apply_blocks_vector(
        fill,
        "",
        small_genesis(parameters={"platform/max_block_transactions": 1}),
        [
            block(1, T0, [move]),
            block(3, T0 - 1, []),
            block(2, T0 - 1, []),
            block(2, T0, [move, move]),
            block(2, T0, []),
            block(2, T0, []),
        ],
        [
            (None, [("SUCCESS", None)]),
            (str(ErrorCode.BLOCK_HEIGHT_NOT_NEXT), []),
            (str(ErrorCode.BLOCK_TIME_BEFORE_PARENT), []),
            (str(ErrorCode.BLOCK_TOO_MANY_TRANSACTIONS), []),
            (None, []),
            (str(ErrorCode.BLOCK_HEIGHT_NOT_NEXT), []),
        ],
    )
    roots = [entry["root"] for entry in output["blocks"]]
    assert roots[0] == roots[1] == roots[2] == roots[3] != roots[4] == roots[5]


@clauses("AIN-PLAT-CURRENT-TIME.1", "AIN-PLAT-NATIVE-CONTEXT.1")
def test_current_time_is_the_block_time(fill: Filler) -> None:
    """
    currentTime in a rule is the block's time, whatever the transaction's timestamp says.

    Given
    -----
    - the small protocol genesis with a rule at /deadline/$user: auth.addr === $user &&
      currentTime < 1700000005000.

    When
    ----
    - block 1 at T0 = 1700000000000: alice writes /deadline/<alice> with a timestamp far in
      the future (T0 + 10**9); block 2 at T0 + 5000: alice writes again with a timestamp in
      the past (T0 - 10**9).

    Then
    ----
    - the first succeeds (block time before the deadline); the second is RULE_DENIED (block
      time at the deadline), whatever the timestamps.
    """
    rule = f"auth.addr === $user && currentTime < {T0 + 5000}"
    path = f"/deadline/{ALICE}"
    apply_blocks_vector(
        fill,
        "",
        small_genesis(overrides={"rules": {"/deadline/$user": {"write": rule}}}),
        [
            block(1, T0, [transaction(ALICE_SEED, set_value(path, 1), timestamp=T0 + 10**9)]),
            block(
                2,
                T0 + 5000,
                [transaction(ALICE_SEED, set_value(path, 2), nonce=1, timestamp=T0 - 10**9)],
            ),
        ],
        [(None, [("SUCCESS", None)]), (None, [("FAILED", str(ErrorCode.RULE_DENIED))])],
    )
