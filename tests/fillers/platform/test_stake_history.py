"""Fillers for the per-delegation stake history: the stake and the delegations at a height."""

from __future__ import annotations

from typing import Any

from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.platform.common import (
    AIN,
    ALICE,
    ALICE_SEED,
    BOB,
    BOB_SEED,
    CAROL,
    apply_blocks_vector,
    block,
    bond,
    small_genesis,
    transaction,
    unbond,
)

T0 = 1_700_000_000_000
OK = ("SUCCESS", None)


def stake_queries(delegator: str, validator: str, heights: tuple[int, ...]) -> list[Any]:
    """One ``stake`` query per height."""
    return [
        {"delegator": delegator, "validator": validator, "height": str(height)}
        for height in heights
    ]


def delegations(*pairs: tuple[str, int]) -> list[dict[str, str]]:
    """The handler's answer to a ``delegations`` query: pairs in their order, AIN amounts."""
    return [{"validator": validator, "stake": str(stake * AIN)} for validator, stake in pairs]


@clauses(
    "AIN-PLAT-STAKE-HISTORY.1",
    "AIN-PLAT-STAKE-TOTAL.1",
    "AIN-PLAT-CHECKPOINT.1",
    "AIN-PLAT-STAKE-BOND.1",
    "AIN-PLAT-STAKE-UNBOND.1",
    "AIN-PLAT-GENESIS-LAYOUT.1",
)
def test_a_stake_counts_from_the_height_of_its_bond(fill: Filler) -> None:
    """
    A bond in the block of height h counts at h, not at h - 1; an unbond in the block of
    height h no longer counts at h; later blocks never change an earlier height's answer.

    Given
    -----
    - the small protocol genesis: carol a validator with a 5,000 AIN self-bond (recorded at
      height 0), unbonding delay 2.

    When
    ----
    - block 1: alice self-bonds 2,000 AIN (she becomes a validator).
    - block 2: bob delegates 50 AIN to carol and 20 AIN to alice.
    - block 3: bob unbonds 50 AIN from carol.
    - block 4: bob delegates 40 AIN to carol.

    Then
    ----
    - every transaction succeeds.
    - bob's stake with carol: 0 at -1, 0 and 1; 50 AIN at 2; 0 at 3; 40 AIN at 4 and 9.
    - carol's self-stake: 0 at -1, 5,000 AIN at 0 and 4; alice's: 0 at 0, 2,000 AIN at 1.
    - bob's delegations: none at 1; alice 20 and carol 50 at 2 (sorted by address text);
      alice 20 at 3; alice 20 and carol 40 at 4. Alice's and carol's: none (a self-bond is
      not a delegation).
    - carol's voting power at each height equals her self-stake plus bob's stake with her.
    - the total bonded: 0 at -1; 5,000 AIN at 0; 7,000 at 1; 7,070 at 2; 7,020 at 3; 7,060 at
      4 and 9.
    """
    output = apply_blocks_vector(
        fill,
        "",
        small_genesis(),
        [
            block(1, T0, [transaction(ALICE_SEED, bond(ALICE, ALICE, "1", 2_000 * AIN), nonce=0)]),
            block(
                2,
                T0 + 1000,
                [
                    transaction(BOB_SEED, bond(BOB, CAROL, "1", 50 * AIN), nonce=0),
                    transaction(BOB_SEED, bond(BOB, ALICE, "2", 20 * AIN), nonce=1),
                ],
            ),
            block(
                3, T0 + 2000, [transaction(BOB_SEED, unbond(BOB, CAROL, "1", 50 * AIN), nonce=2)]
            ),
            block(4, T0 + 3000, [transaction(BOB_SEED, bond(BOB, CAROL, "3", 40 * AIN), nonce=3)]),
        ],
        [(None, [OK]), (None, [OK, OK]), (None, [OK]), (None, [OK])],
        queries={
            "voting_power": [{"validator": CAROL, "height": str(h)} for h in range(5)],
            "stake": stake_queries(BOB, CAROL, (-1, 0, 1, 2, 3, 4, 9))
            + stake_queries(CAROL, CAROL, (-1, 0, 4))
            + stake_queries(ALICE, ALICE, (0, 1)),
            "delegations": [{"delegator": BOB, "height": str(h)} for h in (1, 2, 3, 4)]
            + [{"delegator": ALICE, "height": "4"}, {"delegator": CAROL, "height": "4"}],
            "total_bonded": [str(h) for h in (-1, 0, 1, 2, 3, 4, 9)],
        },
    )
    assert output["stake"] == [
        str(amount * AIN) for amount in (0, 0, 0, 50, 0, 40, 40, 0, 5_000, 5_000, 0, 2_000)
    ]
    assert ALICE.encode() < CAROL.encode()  # the order the lists below are written in
    assert output["delegations"] == [
        [],
        delegations((ALICE, 20), (CAROL, 50)),
        delegations((ALICE, 20)),
        delegations((ALICE, 20), (CAROL, 40)),
        [],
        [],
    ]
    assert output["voting_power"] == [
        str(amount * AIN) for amount in (5_000, 5_000, 5_050, 5_000, 5_040)
    ]
    assert output["total_bonded"] == [
        str(amount * AIN) for amount in (0, 5_000, 7_000, 7_070, 7_020, 7_060, 7_060)
    ]


@clauses("AIN-PLAT-STAKE-HISTORY.1", "AIN-PLAT-STAKE-BOND.1", "AIN-PLAT-STAKE-UNBOND.1")
def test_the_last_change_of_a_block_stands(fill: Filler) -> None:
    """
    A bond then an unbond of the same amount in one block leave a record of the stake before;
    a delegation whose stake is 0 at a height is not listed at that height.

    Given
    -----
    - the small protocol genesis (carol a validator with 5,000 AIN).

    When
    ----
    - block 1: bob delegates 100 AIN to carol.
    - block 2: bob delegates 30 AIN more, then unbonds 30 AIN, then unbonds 100 AIN.
    - block 3: bob delegates 10 AIN, then unbonds 10 AIN.

    Then
    ----
    - every transaction succeeds; each bond makes 8 writes and each unbond 9 (work).
    - bob's stake with carol: 100 AIN at 1; 0 at 2 and 3 (a record of 0 at 3, pinned by the
      root); his delegations: carol 100 at 1, none at 2 and 3.
    """
    output = apply_blocks_vector(
        fill,
        "",
        small_genesis(),
        [
            block(1, T0, [transaction(BOB_SEED, bond(BOB, CAROL, "1", 100 * AIN), nonce=0)]),
            block(
                2,
                T0 + 1000,
                [
                    transaction(BOB_SEED, bond(BOB, CAROL, "2", 30 * AIN), nonce=1),
                    transaction(BOB_SEED, unbond(BOB, CAROL, "1", 30 * AIN), nonce=2),
                    transaction(BOB_SEED, unbond(BOB, CAROL, "2", 100 * AIN), nonce=3),
                ],
            ),
            block(
                3,
                T0 + 2000,
                [
                    transaction(BOB_SEED, bond(BOB, CAROL, "3", 10 * AIN), nonce=4),
                    transaction(BOB_SEED, unbond(BOB, CAROL, "3", 10 * AIN), nonce=5),
                ],
            ),
        ],
        [(None, [OK]), (None, [OK, OK, OK]), (None, [OK, OK])],
        queries={
            "stake": stake_queries(BOB, CAROL, (1, 2, 3)),
            "delegations": [{"delegator": BOB, "height": str(h)} for h in (1, 2, 3)],
        },
    )
    assert output["stake"] == [str(100 * AIN), "0", "0"]
    assert output["delegations"] == [delegations((CAROL, 100)), [], []]
    works = [receipt["work"] for entry in output["blocks"] for receipt in entry["receipts"]]
    assert works == [8, 8, 9, 9, 8, 9]


@clauses("AIN-PLAT-CHECKPOINT.1", "AIN-PLAT-STAKE-HISTORY.1")
def test_only_decimal_height_labels_with_integers_are_records(fill: Filler) -> None:
    """
    Under a checkpoint root, a label that is not a canonical decimal height is not a record,
    and a non-integer record at the greatest height counts 0 without falling back.

    Given
    -----
    - the small protocol genesis with overrides: bob's stake history with carol holds
      {"1": 5, "2": "x", "03": 9, "5": 7, "y": 8}; with alice {"4": 0, "2": 3}.

    When
    ----
    - one empty block at height 1.

    Then
    ----
    - bob's stake with carol: 0 at 0, 5 at 1, 0 at 2, 3 and 4 ("2" holds no integer, "03"
      is no record), 7 at 5 and 100; with alice: 3 at 2 and 3, 0 at 4.
    - bob's delegations at 1: carol 5; at 3: alice 3; at 4: none; at 5: carol 7.
    """
    genesis = small_genesis(
        overrides={
            "values": {
                f"/staking/stake_history/{BOB}/{CAROL}": {
                    "1": 5,
                    "2": "x",
                    "03": 9,
                    "5": 7,
                    "y": 8,
                },
                f"/staking/stake_history/{BOB}/{ALICE}": {"4": 0, "2": 3},
            }
        },
    )
    output = apply_blocks_vector(
        fill,
        "",
        genesis,
        [block(1, T0, [])],
        [(None, [])],
        queries={
            "stake": stake_queries(BOB, CAROL, (0, 1, 2, 3, 4, 5, 100))
            + stake_queries(BOB, ALICE, (2, 3, 4)),
            "delegations": [{"delegator": BOB, "height": str(h)} for h in (1, 3, 4, 5)],
        },
    )
    assert output["stake"] == ["0", "5", "0", "0", "0", "7", "7", "3", "3", "0"]
    assert output["delegations"] == [
        [{"validator": CAROL, "stake": "5"}],
        [{"validator": ALICE, "stake": "3"}],
        [],
        [{"validator": CAROL, "stake": "7"}],
    ]
