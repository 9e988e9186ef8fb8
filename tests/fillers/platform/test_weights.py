"""Fillers for governance's weights read at a height: bonded stake and locked deposits."""

from __future__ import annotations

from typing import Any

from ain_ref.encoding import CborValue
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
)
from tests.fillers.state.common import set_value

T0 = 1_700_000_000_000
OK = ("SUCCESS", None)
ECONOMY = {"economy/withdrawal_delay": 1_000, "economy/dispute_window": 50}
"""Short economy times, so a contract settles within the scenario."""


def call(kind: str, caller: str, key: str, fields: dict[str, CborValue]) -> dict[str, CborValue]:
    """The write that fires _economy."""
    return set_value(f"/economy/calls/{kind}/{caller}/{key}/value", fields)


def proposal(contract_id: str, provider: str, developer_deposit: int, provider_deposit: int) -> Any:
    """A contract of value 30,000 base units from T0 + 10,000 to T0 + 20,000."""
    return {
        "contract_id": contract_id,
        "provider": provider,
        "start_time": T0 + 10_000,
        "end_time": T0 + 20_000,
        "price_per_request": 3,
        "capacity_requests": 10_000,
        "provider_share_bps": 8_000,
        "developer_deposit": developer_deposit,
        "provider_deposit": provider_deposit,
    }


def weight_queries(account: str, constituency: str, heights: tuple[int, ...]) -> list[Any]:
    """One ``weights`` query per height."""
    return [
        {"account": account, "constituency": constituency, "height": str(height)}
        for height in heights
    ]


def total_queries(constituency: str, heights: tuple[int, ...]) -> list[Any]:
    """One ``constituency_totals`` query per height."""
    return [{"constituency": constituency, "height": str(height)} for height in heights]


@clauses(
    "AIN-GOV-CONSTITUENCY.1",
    "AIN-GOV-WEIGHT.1",
    "AIN-GOV-SNAPSHOT-HEIGHT.1",
    "AIN-ECON-LOCKED.1",
    "AIN-ECON-LOCKED-WRITES.1",
    "AIN-PLAT-CHECKPOINT.1",
)
def test_deposits_weigh_from_the_block_that_locks_them(fill: Filler) -> None:
    """
    A developer's deposit weighs among developers from the height of the block that locks it,
    a provider's among providers; a release stops counting at its own height; bonded stake
    weighs among validators; every total is the sum of its accounts' weights.

    Given
    -----
    - the small protocol genesis (carol a validator with 5,000 AIN, and a balance of 10 AIN)
      with a withdrawal delay of 1,000 ms and a dispute window of 50 ms.

    When
    ----
    - block 1: alice proposes c1 to bob (developer deposit 2,000, provider deposit 4,000 base
      units) and c2 to carol (1,500 and 3,000).
    - block 2: bob accepts c1; bob delegates 50 AIN to carol.
    - block 3: bob cancels c1 (before its start: both deposits return).
    - block 4: carol accepts c2.

    Then
    ----
    - every transaction succeeds.
    - alice among developers: 0 at 0; 3,500 at 1 and 2; 1,500 at 3 and 4. Bob among
      providers: 0 at 1; 4,000 at 2; 0 at 3. Carol among providers: 0 at 3; 3,000 at 4.
    - bob among validators: 0 at 1, 50 AIN at 2; carol 5,000 AIN at 0 (her self-bond only).
    - the supply is unchanged: balances, stakes and c2's two deposits add up to it.
    - totals: developers 0, 3,500, 3,500, 1,500, 1,500 at 0..4; providers 0, 0, 4,000, 0,
      3,000; validators 5,000 AIN at 0 and 1, 5,050 AIN at 2.
    """
    output = apply_blocks_vector(
        fill,
        "",
        small_genesis(
            parameters=ECONOMY,
            allocations={ALICE: 1_000_000 * AIN, BOB: 100_000 * AIN, CAROL: 10 * AIN},
        ),
        [
            block(
                1,
                T0,
                [
                    transaction(
                        ALICE_SEED,
                        call("propose_contract", ALICE, "1", proposal("c1", BOB, 2_000, 4_000)),
                        nonce=0,
                    ),
                    transaction(
                        ALICE_SEED,
                        call("propose_contract", ALICE, "2", proposal("c2", CAROL, 1_500, 3_000)),
                        nonce=1,
                    ),
                ],
            ),
            block(
                2,
                T0 + 1_000,
                [
                    transaction(
                        BOB_SEED, call("accept_contract", BOB, "1", {"contract_id": "c1"}), nonce=0
                    ),
                    transaction(BOB_SEED, bond(BOB, CAROL, "1", 50 * AIN), nonce=1),
                ],
            ),
            block(
                3,
                T0 + 2_000,
                [
                    transaction(
                        BOB_SEED, call("cancel_contract", BOB, "2", {"contract_id": "c1"}), nonce=2
                    )
                ],
            ),
            block(
                4,
                T0 + 3_000,
                [
                    transaction(
                        CAROL_SEED,
                        call("accept_contract", CAROL, "1", {"contract_id": "c2"}),
                        nonce=0,
                    )
                ],
            ),
        ],
        [(None, [OK, OK]), (None, [OK, OK]), (None, [OK]), (None, [OK])],
        queries={
            "weights": weight_queries(ALICE, "developers", (0, 1, 2, 3, 4))
            + weight_queries(BOB, "providers", (1, 2, 3))
            + weight_queries(CAROL, "providers", (3, 4))
            + weight_queries(BOB, "validators", (1, 2))
            + weight_queries(CAROL, "validators", (0,)),
            "constituency_totals": total_queries("developers", (0, 1, 2, 3, 4))
            + total_queries("providers", (0, 1, 2, 3, 4))
            + total_queries("validators", (0, 1, 2)),
        },
        conserved=False,  # the platform's parts leave out what contracts lock: checked below
    )
    supply = output["supply"]
    locked_in_c2 = 1_500 + 3_000  # the records are bookkeeping: the supply counts deposits
    assert int(supply["total"]) == int(supply["balances"]) + int(supply["staked"]) + locked_in_c2
    assert output["weights"] == [
        str(amount)
        for amount in (
            *(0, 3_500, 3_500, 1_500, 1_500),  # alice, developers, at 0..4
            *(0, 4_000, 0),  # bob, providers, at 1..3
            *(0, 3_000),  # carol, providers, at 3 and 4
            *(0, 50 * AIN, 5_000 * AIN),  # bob, validators, at 1 and 2; carol at 0
        )
    ]
    assert output["constituency_totals"] == [
        str(amount)
        for amount in (
            *(0, 3_500, 3_500, 1_500, 1_500),  # developers at 0..4
            *(0, 0, 4_000, 0, 3_000),  # providers at 0..4
            *(5_000 * AIN, 5_000 * AIN, 5_050 * AIN),  # validators at 0..2
        )
    ]
