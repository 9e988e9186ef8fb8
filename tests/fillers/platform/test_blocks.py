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


@clauses("AIN-PLAT-BLOCK-CHECKS.1", "AIN-PLAT-BLOCK-APPLY.1", "AIN-PLAT-STAKE-SUPPLY.2")
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


@clauses("AIN-PLAT-CURRENT-TIME.1", "AIN-PLAT-NATIVE-CONTEXT.2")
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


@clauses("AIN-PLAT-BLOCK-CHECKS.1", "AIN-PLAT-BLOCK-APPLY.1")
def test_block_height_and_time_edges(fill: Filler) -> None:
    """
    The first block is height 1 at any time from 0; a block time is at most 2**64 - 1 ms.

    Given
    -----
    - the small protocol genesis (no block recorded: the last block is (0, 0)).

    When
    ----
    - blocks, in order: height 0 at 0; height 1 at 0 (applied); height 2 at 2**64 - 1
      (applied); height 3 at 2**64 (after its parent, but out of range); height 4 at 2**64
      (wrong height: the height is reported first); height 3 at 2**64 - 1 (applied: equal to
      its parent's time).

    Then
    ----
    - codes BLOCK_HEIGHT_NOT_NEXT, null, null, BLOCK_TIME_OUT_OF_RANGE,
      BLOCK_HEIGHT_NOT_NEXT, null.
    """
    top = 2**64 - 1
    apply_blocks_vector(
        fill,
        "",
        small_genesis(),
        [
            block(0, 0, []),
            block(1, 0, []),
            block(2, top, []),
            block(3, top + 1, []),
            block(4, top + 1, []),
            block(3, top, []),
        ],
        [
            (str(ErrorCode.BLOCK_HEIGHT_NOT_NEXT), []),
            (None, []),
            (None, []),
            (str(ErrorCode.BLOCK_TIME_OUT_OF_RANGE), []),
            (str(ErrorCode.BLOCK_HEIGHT_NOT_NEXT), []),
            (None, []),
        ],
    )


@clauses("AIN-PLAT-BLOCK-CHECKS.1")
def test_a_malformed_last_block_record_counts_as_none(fill: Filler) -> None:
    """
    A last-block record that is not {height: integer, time: integer} is read as (0, 0).

    Given
    -----
    - the small protocol genesis with /platform/last_block overridden to
      {"height": "5", "time": 9} (a text height).

    When
    ----
    - blocks: height 6 at 9; height 1 at 0.

    Then
    ----
    - BLOCK_HEIGHT_NOT_NEXT, then applied.
    """
    apply_blocks_vector(
        fill,
        "",
        small_genesis(overrides={"values": {"/platform/last_block": {"height": "5", "time": 9}}}),
        [block(6, 9, []), block(1, 0, [])],
        [(str(ErrorCode.BLOCK_HEIGHT_NOT_NEXT), []), (None, [])],
    )


@clauses("AIN-PLAT-BLOCK-APPLY.1")
def test_a_block_applies_each_transaction_under_its_checks(fill: Filler) -> None:
    """
    Inside a block every transaction is checked as spec/transactions.md says, with the block's
    chain id and time; a refused one changes nothing and the block goes on.

    Given
    -----
    - the small protocol genesis, chain 7.

    When
    ----
    - block 1 at T0: alice's transfer with a flipped signature byte; one signed for chain 8;
      one that expired at T0 - 1 (before the block time); one expiring at T0; then a good
      transfer.

    Then
    ----
    - receipts: the first three REJECTED with the codes of spec/transactions.md (pinned by
      the vector), then SUCCESS twice.
    """
    move = transfer(ALICE, BOB, "1", AIN)
    good = transaction(ALICE_SEED, move, nonce=0)
    tampered = good[:-2] + format(int(good[-2:], 16) ^ 1, "02x")
    output = apply_blocks_vector(
        fill,
        "",
        small_genesis(),
        [
            block(
                1,
                T0,
                [
                    tampered,
                    transaction(ALICE_SEED, move, nonce=0, chain_id=8),
                    transaction(ALICE_SEED, move, nonce=0, expires_at=T0 - 1),
                    transaction(ALICE_SEED, move, nonce=0, expires_at=T0),
                    transaction(ALICE_SEED, transfer(ALICE, BOB, "2", AIN), nonce=1),
                ],
            )
        ],
        [
            (
                None,
                [
                    ("REJECTED", str(ErrorCode.CRYPTO_SIGNATURE_INVALID)),
                    ("REJECTED", str(ErrorCode.TX_WRONG_CHAIN)),
                    ("REJECTED", str(ErrorCode.TX_EXPIRED)),
                    ("SUCCESS", None),
                    ("SUCCESS", None),
                ],
            )
        ],
    )
    assert output["blocks"][0]["root"] == output["root"]
