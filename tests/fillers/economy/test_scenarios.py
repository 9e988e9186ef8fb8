"""Whole scenarios as block sequences: each block's receipts, net deltas, supply unchanged."""

from __future__ import annotations

from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.economy.common import (
    DEVELOPER,
    END,
    EXECUTOR,
    PROVIDER,
    REPORTER,
    START,
    STRANGER,
    active_ledger,
    base_ledger,
    proposal,
    reserved_ledger,
    run_blocks,
    tx,
    voucher_tx,
)


def block(time: int, *transactions: dict[str, object]) -> dict[str, object]:
    """One block of the apply_blocks input."""
    return {"time": str(time), "transactions": list(transactions)}


@clauses(
    "AIN-ECON-CONTRACT-PROPOSE.1",
    "AIN-ECON-CONTRACT-ACCEPT.1",
    "AIN-ECON-CONTRACT-ACTIVATE.1",
    "AIN-ECON-CONTRACT-SETTLE.1",
    "AIN-ECON-CONTRACT-STATES.1",
    "AIN-ECON-TX-ATOMIC.2",
)
def test_scenario_contract_life(fill: Filler) -> None:
    """
    A contract from proposal to settlement: every deposit returns whole, once.

    Given
    -----
    - the base ledger.

    When
    ----
    - block 10: propose c1; block 20: accept; block 1,000: activate; block 5,999: settle
      (too early); block 6,000: settle, then settle again.

    Then
    ----
    - receipts: the early settle ECON_TOO_EARLY, the second settle ECON_WRONG_STATE; every
      balance ends where it began; supply unchanged after every block.
    """
    settle = tx("settle_contract", DEVELOPER, contract_id="c1")
    run_blocks(
        fill,
        base_ledger(),
        [
            block(10, proposal()),
            block(20, tx("accept_contract", PROVIDER, contract_id="c1")),
            block(START, tx("activate_contract", PROVIDER, contract_id="c1")),
            block(END + 999, settle),
            block(END + 1_000, settle, settle),
        ],
        receipts=[[None], [None], [None], ["ECON_TOO_EARLY"], [None, "ECON_WRONG_STATE"]],
        deltas={DEVELOPER: 0, PROVIDER: 0},
    )


@clauses("AIN-ECON-RESERVE.2", "AIN-ECON-RESERVATION-SETTLE.1", "AIN-ECON-VOUCHER-COLLECT.1")
def test_scenario_reservation_used_in_part(fill: Filler) -> None:
    """
    A reservation of 1,000 requests of which 400 are used: 400 paid, 600 refunded.

    Given
    -----
    - c1 active (price 3, provider share 80%).

    When
    ----
    - block 1,000: reserve 1,000 requests for 1,000 .. 3,000; block 2,000: a voucher for 400;
      block 3,050: the provider settles (paying the pending 400) .

    Then
    ----
    - executor -3,000 + 1,800 = -1,200; provider +960; developer +240.
    """
    run_blocks(
        fill,
        active_ledger(),
        [
            block(
                START,
                tx(
                    "reserve",
                    EXECUTOR,
                    reservation_id="r1",
                    contract_id="c1",
                    requests=1_000,
                    start_time=START,
                    end_time=3_000,
                ),
            ),
            block(2_000, voucher_tx("r1", 0, 1, 400)),
            block(3_050, tx("settle_reservation", PROVIDER, reservation_id="r1")),
        ],
        receipts=[[None], [None], [None]],
        deltas={EXECUTOR: -1_200, PROVIDER: 960, DEVELOPER: 240},
    )


@clauses("AIN-ECON-SLASH-PROVER.1", "AIN-ECON-TX-ATOMIC.2")
def test_scenario_forged_slashes_are_refused(fill: Filler) -> None:
    """
    Slash calls signed by a reporter itself are refused; the provider's deposit comes back whole.

    Given
    -----
    - c1 active with deposits 1,500 (developer) and 3,000 (provider).

    When
    ----
    - block 1,600: the reporter's own missed_reveal e1, twice; block 1,700: its own
      conflicting_attestation e2; block 6,000: settlement.

    Then
    ----
    - every slash is ECON_SLASH_NOT_PROVEN (only a prover native's slash counts: the execution
      area's walkthroughs slash through `_execution`); settlement returns both deposits whole:
      developer +1,500, provider +3,000, reporter nothing.
    """

    def slash(evidence_type: str, evidence_id: str, time: int) -> dict[str, object]:
        return tx(
            "slash",
            REPORTER,
            contract_id="c1",
            evidence_type=evidence_type,
            evidence_id=evidence_id,
            evidence_time=time,
        )

    refused = "ECON_SLASH_NOT_PROVEN"
    run_blocks(
        fill,
        active_ledger(),
        [
            block(1_600, slash("missed_reveal", "e1", 1_550), slash("missed_reveal", "e1", 1_550)),
            block(1_700, slash("conflicting_attestation", "e2", 1_650)),
            block(END + 1_000, tx("settle_contract", PROVIDER, contract_id="c1")),
        ],
        receipts=[[refused, refused], [refused], [None]],
        deltas={REPORTER: 0, DEVELOPER: 1_500, PROVIDER: 3_000},
    )


@clauses("AIN-ECON-REWARD-PERIOD.2", "AIN-ECON-REWARD-SPLIT.2")
def test_scenario_reward_period(fill: Filler) -> None:
    """
    Requests paid in a period earn rewards: the provider 70%, the developer 30% of 1,000,000.

    Given
    -----
    - r1 reserved on c1; reward period length 10,000.

    When
    ----
    - block 1,500: a voucher for 100; block 1,550: collect; block 10,000: a stranger closes
      period 0, then tries period 1 at once.

    Then
    ----
    - the second close is ECON_TOO_EARLY; the provider gets 240 + 700,000, the developer
      60 + 300,000, the stranger nothing.
    """
    close = tx("close_reward_period", STRANGER)
    run_blocks(
        fill,
        reserved_ledger(),
        [
            block(1_500, voucher_tx("r1", 0, 1, 100)),
            block(1_550, tx("collect", PROVIDER, reservation_id="r1", lane=0)),
            block(10_000, close, close),
        ],
        receipts=[[None], [None], [None, "ECON_TOO_EARLY"]],
        deltas={PROVIDER: 700_240, DEVELOPER: 300_060, STRANGER: 0},
    )
