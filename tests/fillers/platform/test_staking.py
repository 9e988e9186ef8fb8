"""Fillers for staking and delegation: bond, delegate, unbond, maturity, voting power."""

from __future__ import annotations

from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.platform.common import (
    AIN,
    ALICE,
    ALICE_SEED,
    BOB,
    BOB_SEED,
    CAROL,
    CAROL_SEED,
    apply_blocks_vector,
    block,
    bond,
    small_genesis,
    transaction,
    unbond,
)

T0 = 1_700_000_000_000
OK = ("SUCCESS", None)


def failed(code: ErrorCode) -> tuple[str, str]:
    """A FAILED receipt's (status, code)."""
    return ("FAILED", str(code))


@clauses(
    "AIN-PLAT-STAKE-BOND.1",
    "AIN-PLAT-STAKE-DELEGATE.1",
    "AIN-PLAT-STAKE-UNBOND.1",
    "AIN-PLAT-STAKE-MATURE.1",
    "AIN-PLAT-STAKE-POWER.1",
    "AIN-PLAT-STAKE-SUPPLY.2",
    "AIN-PLAT-BLOCK-APPLY.1",
    "AIN-PLAT-STEP-ORDER.1",
)
def test_bond_delegate_unbond_and_mature_after_the_delay(fill: Filler) -> None:
    """
    Bonding, delegation and unbonding move AIN between balance, stake and the queue; the
    queue pays out at its height; voting power is recorded per height.

    Given
    -----
    - the small protocol genesis: carol a validator with 5,000 AIN (power 5,000 AIN from
      height 0), unbonding delay 2 blocks.

    When
    ----
    - block 1: alice self-bonds 2,000 AIN (alice becomes a validator); bob delegates 50 AIN
      to carol.
    - block 2: bob delegates 50 AIN more to carol; bob unbonds 30 AIN from carol (maturity 4).
    - block 3: nothing.
    - block 4: nothing (the unbonding matures at its end).

    Then
    ----
    - every transaction succeeds; block 4's step writes bob's balance and deletes the queue.
    - carol's power: 5,000 at 0; 5,050 at 1; 5,070 at 2 and 3 and 10; alice's: 0 at 0, 2,000
      at 1.
    - the supply's parts add up after every block.
    """
    output = apply_blocks_vector(
        fill,
        "",
        small_genesis(),
        [
            block(
                1,
                T0,
                [
                    transaction(ALICE_SEED, bond(ALICE, ALICE, "1", 2_000 * AIN), nonce=0),
                    transaction(BOB_SEED, bond(BOB, CAROL, "1", 50 * AIN), nonce=0),
                ],
            ),
            block(
                2,
                T0 + 1000,
                [
                    transaction(BOB_SEED, bond(BOB, CAROL, "2", 50 * AIN), nonce=1),
                    transaction(BOB_SEED, unbond(BOB, CAROL, "1", 30 * AIN), nonce=2),
                ],
            ),
            block(3, T0 + 2000, []),
            block(4, T0 + 3000, []),
        ],
        [(None, [OK, OK]), (None, [OK, OK]), (None, []), (None, [])],
        queries={
            "voting_power": [
                {"validator": CAROL, "height": str(height)} for height in (0, 1, 2, 3, 10)
            ]
            + [{"validator": ALICE, "height": str(height)} for height in (0, 1)],
        },
    )
    assert output["voting_power"] == [
        str(amount * AIN) for amount in (5_000, 5_050, 5_070, 5_070, 5_070, 0, 2_000)
    ]
    assert output["blocks"][3]["steps"] == [
        {"step": "staking/mature_unbondings", "code": None, "writes": 2},
        {"step": "execution/expire_tasks", "code": None, "writes": 0},
    ]
    assert output["supply"]["staked"] == str((5_000 + 2_000 + 70) * AIN)


@clauses(
    "AIN-PLAT-STAKE-BOND.1",
    "AIN-PLAT-STAKE-DELEGATE.1",
    "AIN-PLAT-STAKE-UNBOND.1",
)
def test_staking_checks_in_order(fill: Filler) -> None:
    """
    Each staking check, with its code, in the order the clauses give.

    Given
    -----
    - the small protocol genesis (min self-bond 1,000 AIN, min delegation 10 AIN, at most 2
      unbondings per maturity height); carol is a validator with 5,000 AIN.

    When
    ----
    - block 1, in order: bob bonds 0 to carol; bob bonds "5" (a text); bob delegates to alice
      (no self-bond); bob delegates 9 AIN to carol (below the minimum); bob self-bonds 999 AIN
      (below the minimum self-bond); bob delegates 100,001 AIN to carol (more than his
      balance); bob unbonds 1 AIN from carol (no stake); carol unbonds 4,500 AIN (would leave
      500, below the minimum); carol unbonds 10 AIN, 20 AIN, then 30 AIN (the third finds the
      queue of height 3 full); carol unbonds 4,970 AIN (to 0: allowed, though the queue is
      full, so refused for that).

    Then
    ----
    - the codes: STAKING_AMOUNT_INVALID twice, STAKING_NOT_A_VALIDATOR,
      STAKING_BELOW_MINIMUM twice, STAKING_INSUFFICIENT_BALANCE, STAKING_INSUFFICIENT_STAKE,
      STAKING_BELOW_MINIMUM, success twice, STAKING_UNBONDING_QUEUE_FULL twice.
    """
    bob_ops = [
        bond(BOB, CAROL, "1", 0),
        bond(BOB, CAROL, "2", "5"),
        bond(BOB, ALICE, "3", 10 * AIN),
        bond(BOB, CAROL, "4", 9 * AIN),
        bond(BOB, BOB, "5", 999 * AIN),
        bond(BOB, CAROL, "6", 100_001 * AIN),
        unbond(BOB, CAROL, "7", 1 * AIN),
    ]
    carol_ops = [
        (unbond(CAROL, CAROL, "1", 4_500 * AIN), False),
        (unbond(CAROL, CAROL, "2", 10 * AIN), True),
        (unbond(CAROL, CAROL, "3", 20 * AIN), True),
        (unbond(CAROL, CAROL, "4", 30 * AIN), False),
        (unbond(CAROL, CAROL, "5", 4_970 * AIN), False),
    ]
    # Every applied transaction, FAILED included, spends its signer's nonce.
    transactions = [
        transaction(BOB_SEED, operation, nonce=nonce) for nonce, operation in enumerate(bob_ops)
    ]
    for nonce, (operation, _succeeds) in enumerate(carol_ops):
        transactions.append(transaction(CAROL_SEED, operation, nonce=nonce))
    apply_blocks_vector(
        fill,
        "",
        small_genesis(),
        [block(1, T0, transactions)],
        [
            (
                None,
                [
                    failed(ErrorCode.STAKING_AMOUNT_INVALID),
                    failed(ErrorCode.STAKING_AMOUNT_INVALID),
                    failed(ErrorCode.STAKING_NOT_A_VALIDATOR),
                    failed(ErrorCode.STAKING_BELOW_MINIMUM),
                    failed(ErrorCode.STAKING_BELOW_MINIMUM),
                    failed(ErrorCode.STAKING_INSUFFICIENT_BALANCE),
                    failed(ErrorCode.STAKING_INSUFFICIENT_STAKE),
                    failed(ErrorCode.STAKING_BELOW_MINIMUM),
                    OK,
                    OK,
                    failed(ErrorCode.STAKING_UNBONDING_QUEUE_FULL),
                    failed(ErrorCode.STAKING_UNBONDING_QUEUE_FULL),
                ],
            )
        ],
    )


@clauses("AIN-PLAT-STAKE-BOND.1", "AIN-PLAT-STAKE-UNBOND.1")
def test_a_non_integer_stake_or_balance_is_refused(fill: Filler) -> None:
    """
    A present non-integer balance or stake is refused, never counted as 0.

    Given
    -----
    - the small protocol genesis with alice's balance overridden to true and bob's stake
      with carol to "x" (supply made up by carol's allocation).

    When
    ----
    - block 1: alice self-bonds 1,000 AIN; bob unbonds 1 from carol.

    Then
    ----
    - both fail with DEC_TARGET_NOT_INTEGER.
    """
    genesis = small_genesis(
        allocations={CAROL: 1_100_000 * 10**6},
        overrides={
            "values": {f"/accounts/{ALICE}/balance": True, f"/staking/stakes/{BOB}/{CAROL}": "x"}
        },
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
                    transaction(ALICE_SEED, bond(ALICE, ALICE, "1", 1_000 * AIN), nonce=0),
                    transaction(BOB_SEED, unbond(BOB, CAROL, "1", 1), nonce=0),
                ],
            )
        ],
        [
            (
                None,
                [
                    failed(ErrorCode.DEC_TARGET_NOT_INTEGER),
                    failed(ErrorCode.DEC_TARGET_NOT_INTEGER),
                ],
            )
        ],
    )


@clauses(
    "AIN-PLAT-STAKE-BOND.1",
    "AIN-PLAT-STAKE-DELEGATE.1",
    "AIN-PLAT-STAKE-UNBOND.1",
    "AIN-PLAT-STAKE-POWER.1",
    "AIN-PLAT-STAKE-MATURE.1",
)
def test_staking_limits_are_taken_exactly(fill: Filler) -> None:
    """
    Every staking limit, exactly at it (accepted); one past it is in the checks-in-order
    vector or here.

    Given
    -----
    - the small protocol genesis (min self-bond 1,000 AIN, min delegation 10 AIN, delay 2
      blocks, at most 2 unbondings per maturity height); bob's balance 100,000 AIN; carol a
      validator with 5,000 AIN.

    When
    ----
    - block 1: bob delegates exactly 10 AIN to carol; bob self-bonds exactly 1,000 AIN;
      carol unbonds 4,000 AIN, leaving exactly 1,000 AIN; bob delegates exactly the rest of
      his balance (98,990 AIN) to carol; bob delegates 10 AIN more (no balance left).
    - block 2: bob unbonds all 1,000 AIN of his self-bond (to 0: allowed); bob unbonds
      1 base unit more than his 99,000 AIN delegation; bob unbonds all of it.
    - blocks 3 and 4: nothing. Carol's 4,000 AIN matures at the end of block 3 (= 1 + 2),
      bob's at the end of block 4.

    Then
    ----
    - all succeed but the two over the limits (STAKING_INSUFFICIENT_BALANCE,
      STAKING_INSUFFICIENT_STAKE); the steps write 0, 0, 2 and 3 times; carol's power: 5,000
      at 0, 100,000 at 1, 1,000 at 2; bob's: 1,000 at 1, 0 at 2 (an emptied validator has a
      record of 0 and no current power); bob ends with 100,000 AIN, nothing bonded.
    """
    block_1 = [
        transaction(BOB_SEED, bond(BOB, CAROL, "1", 10 * AIN), nonce=0),
        transaction(BOB_SEED, bond(BOB, BOB, "2", 1_000 * AIN), nonce=1),
        transaction(CAROL_SEED, unbond(CAROL, CAROL, "1", 4_000 * AIN), nonce=0),
        transaction(BOB_SEED, bond(BOB, CAROL, "3", 98_990 * AIN), nonce=2),
        transaction(BOB_SEED, bond(BOB, CAROL, "4", 10 * AIN), nonce=3),
    ]
    block_2 = [
        transaction(BOB_SEED, unbond(BOB, BOB, "1", 1_000 * AIN), nonce=4),
        transaction(BOB_SEED, unbond(BOB, CAROL, "2", 99_000 * AIN + 1), nonce=5),
        transaction(BOB_SEED, unbond(BOB, CAROL, "3", 99_000 * AIN), nonce=6),
    ]
    output = apply_blocks_vector(
        fill,
        "",
        small_genesis(),
        [
            block(1, T0, block_1),
            block(2, T0 + 1000, block_2),
            block(3, T0 + 2000, []),
            block(4, T0 + 3000, []),
        ],
        [
            (None, [OK, OK, OK, OK, failed(ErrorCode.STAKING_INSUFFICIENT_BALANCE)]),
            (None, [OK, failed(ErrorCode.STAKING_INSUFFICIENT_STAKE), OK]),
            (None, []),
            (None, []),
        ],
        queries={
            "voting_power": [{"validator": CAROL, "height": str(h)} for h in (0, 1, 2)]
            + [{"validator": BOB, "height": str(h)} for h in (1, 2)]
        },
    )
    assert output["voting_power"] == [
        str(amount * AIN) for amount in (5_000, 100_000, 1_000, 1_000, 0)
    ]
    assert [entry["steps"][0]["writes"] for entry in output["blocks"]] == [0, 0, 2, 3]
    assert output["supply"]["staked"] == str(1_000 * AIN)


@clauses("AIN-PLAT-STAKE-POWER.1", "AIN-PLAT-STAKE-UNBOND.1", "AIN-PLAT-STAKE-BOND.1")
def test_power_is_recorded_at_every_change_even_a_net_zero(fill: Filler) -> None:
    """
    A bond and an unbond of the same amount in one block leave a record at that height equal
    to the power before; power falls at the unbond, not at maturity.

    Given
    -----
    - the small protocol genesis (carol a validator with 5,000 AIN, delay 2).

    When
    ----
    - block 1: bob delegates 100 AIN to carol, then unbonds 100 AIN from her.
    - blocks 2 and 3: nothing (bob's 100 AIN matures at the end of block 3).

    Then
    ----
    - both succeed; carol's power is 5,000 AIN at 0, 1, 2 and 3 (a record at height 1 of
      5,000 AIN is stored: the root pins it); block 3's step writes 2.
    """
    output = apply_blocks_vector(
        fill,
        "",
        small_genesis(),
        [
            block(
                1,
                T0,
                [
                    transaction(BOB_SEED, bond(BOB, CAROL, "1", 100 * AIN), nonce=0),
                    transaction(BOB_SEED, unbond(BOB, CAROL, "1", 100 * AIN), nonce=1),
                ],
            ),
            block(2, T0 + 1000, []),
            block(3, T0 + 2000, []),
        ],
        [(None, [OK, OK]), (None, []), (None, [])],
        queries={"voting_power": [{"validator": CAROL, "height": str(h)} for h in (0, 1, 2, 3)]},
    )
    assert output["voting_power"] == [str(5_000 * AIN)] * 4
    assert [entry["steps"][0]["writes"] for entry in output["blocks"]] == [0, 0, 2]


@clauses("AIN-PLAT-STAKE-BOND.1", "AIN-PLAT-STAKE-DELEGATE.1", "AIN-PLAT-STAKE-UNBOND.1")
def test_every_stored_amount_a_check_reads_must_be_an_integer(fill: Filler) -> None:
    """
    A self-stake, a power or a queue count that is present but not an integer is
    DEC_TARGET_NOT_INTEGER at the check that reads it, before the checks that follow.

    Given
    -----
    - the small protocol genesis with overrides: alice's self-stake is "x"; carol's power is
      "p"; the unbonding count at height 3 (= 1 + delay 2) is true.

    When
    ----
    - block 1: alice self-bonds 1 base unit (below the minimum, but the self-stake is read
      first); bob delegates 1 base unit to alice (below the minimum delegation, but her
      self-stake is read first); bob delegates 10 AIN to carol (passes the checks; the power
      update reads "p"); carol unbonds 10 AIN (the count at height 3 is no integer).

    Then
    ----
    - all four fail with DEC_TARGET_NOT_INTEGER.
    """
    genesis = small_genesis(
        overrides={
            "values": {
                f"/staking/stakes/{ALICE}/{ALICE}": "x",
                f"/staking/validators/{CAROL}/power": "p",
                "/staking/unbonding/3/count": True,
            }
        },
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
                    transaction(ALICE_SEED, bond(ALICE, ALICE, "1", 1), nonce=0),
                    transaction(BOB_SEED, bond(BOB, ALICE, "1", 1), nonce=0),
                    transaction(BOB_SEED, bond(BOB, CAROL, "2", 10 * AIN), nonce=1),
                    transaction(CAROL_SEED, unbond(CAROL, CAROL, "1", 10 * AIN), nonce=0),
                ],
            )
        ],
        [(None, [failed(ErrorCode.DEC_TARGET_NOT_INTEGER)] * 4)],
    )
