"""
Fillers for records that do not read back, found by the totality property of natives and
steps (tests/unit/test_natives_total.py): each pins the code a call or a step ends in where
the reference once raised.

Only a genesis can place such a record; each vector places one with an override.
"""

from __future__ import annotations

from ain_ref.economy.ledger import Contract, ContractState
from ain_ref.economy.records import contract_record
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
)
from tests.fillers.state.common import set_value

T0 = 1_700_000_000_000


def economy_call(kind: str, caller: str, key: str, fields: dict[str, object]) -> dict[str, object]:
    """The write that fires _economy."""
    return set_value(f"/economy/calls/{kind}/{caller}/{key}/value", fields)  # type: ignore[arg-type]


def contract_with_state(state: object) -> dict[str, object]:
    """Alice's proposed contract with bob, as stored, its ``state`` replaced."""
    contract = Contract(
        contract_id="c1",
        developer=ALICE,
        provider=BOB,
        start_time=T0,
        end_time=T0 + 1_000_000,
        price_per_request=3,
        capacity_requests=1_000,
        provider_share_bps=8_000,
        developer_deposit=150,
        provider_deposit=0,
        provider_deposit_due=300,
        state=ContractState.PROPOSED,
    )
    return {**contract_record(contract), "state": state}


@clauses("AIN-ECON-RECORD.1", "AIN-ECON-CALL-LOAD.1", "AIN-TX-ATOMIC.2")
def test_a_contract_whose_state_is_a_map_reads_as_absent(fill: Filler) -> None:
    """
    A stored contract whose ``state`` is a map (no state name) reads as absent.

    Given
    -----
    - the small protocol genesis, with an override storing contract c1 (alice developer, bob
      provider, 150 base units of alice's deposit locked) whose ``state`` is the map
      {"0": false} instead of a state name.

    When
    ----
    - block 1: alice cancels c1.

    Then
    ----
    - the call fails with ECON_UNKNOWN_CONTRACT ([AIN-ECON-RECORD.1]: an unknown state reads
      as absent), the state changing only at alice's nonce; the reference once raised while
      looking the map up among the state names.
    """
    genesis = small_genesis(
        allocations={ALICE: 1_000_000 * AIN - 150, BOB: 100_000 * AIN},
        overrides={"values": {"/economy/contracts/c1": contract_with_state({"0": False})}},
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
                    transaction(
                        ALICE_SEED,
                        economy_call("cancel_contract", ALICE, "0", {"contract_id": "c1"}),
                        nonce=0,
                    )
                ],
            )
        ],
        [(None, [("FAILED", str(ErrorCode.ECON_UNKNOWN_CONTRACT))])],
        conserved=False,
    )


@clauses("AIN-PLAT-NATIVE-CONTEXT.2", "AIN-EXEC-CHAIN-STEPS.2", "AIN-TX-ATOMIC.2")
def test_a_task_id_too_long_for_a_label_names_no_task(fill: Filler) -> None:
    """
    A native reading a path no value can be at reads null: a 100-byte task id is no task.

    Given
    -----
    - the small protocol genesis (no task).

    When
    ----
    - block 1: alice commits to task 00 * 100 (a 100-byte id: its record's path would hold a
      label of 200 hex digits, past the 150-byte limit of a label).

    Then
    ----
    - the call fails with EXEC_UNKNOWN_TASK: the native's reader answers null for a text that
      is no /values path ([AIN-PLAT-NATIVE-CONTEXT.2]); the reference once raised there.
    """
    commit = set_value(
        f"/execution/calls/commit/{ALICE}/0/value",
        {"task_id": bytes(100), "commitment": bytes(32)},
    )
    apply_blocks_vector(
        fill,
        "",
        small_genesis(),
        [block(1, T0, [transaction(ALICE_SEED, commit, nonce=0)])],
        [(None, [("FAILED", str(ErrorCode.EXEC_UNKNOWN_TASK))])],
    )
