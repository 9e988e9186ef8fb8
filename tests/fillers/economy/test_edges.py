"""Fillers for the one-unit edges of every comparison: each side of each bound."""

from __future__ import annotations

from ain_ref.economy.ledger import ContractState, Lane, Reservation, total_supply
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.economy.common import (
    DEVELOPER,
    END,
    EXECUTOR,
    PROVIDER,
    REPORTER,
    START,
    active_ledger,
    apply_setup,
    base_ledger,
    moved,
    origin_of,
    output_of,
    proposal,
    proposed_ledger,
    reserved_ledger,
    transaction_input,
    tx,
    voucher_tx,
    with_contract_fields,
    with_reservation_fields,
)
from tests.fillers.economy.test_slashing_rewards import slash_input

APPLY = ("economy", "apply_transaction")
U64_MAX = 2**64 - 1


@clauses("AIN-ECON-CONTRACT-PROPOSE.1", "AIN-ECON-CONTRACT-ACCEPT.1", "AIN-ECON-RESERVE.2")
def test_balance_exactly_covering_is_enough(fill: Filler) -> None:
    """
    A balance equal to what is locked is enough, and leaves the account at exactly zero.

    Given
    -----
    - the developer holds exactly 1,500; the provider exactly 3,000; the executor exactly 3,000.

    When
    ----
    - the developer proposes (1,500), the provider accepts (3,000), the executor reserves
      1,000 requests at 3 (3,000).

    Then
    ----
    - each is accepted and the account's balance becomes 0 (absent).
    """
    poor = base_ledger(balances={DEVELOPER.address: 1_500})
    proposed = apply_setup(poor, 10, proposal())
    assert DEVELOPER.address not in proposed.balances
    fill(
        *APPLY, transaction_input(poor, 10, proposal()), output=output_of(proposed), case="propose"
    )
    pre = moved(proposed, {PROVIDER: 3_000})
    accept = tx("accept_contract", PROVIDER, contract_id="c1")
    accepted = with_contract_fields(
        moved(pre, {PROVIDER: -3_000}), provider_deposit=3_000, state=ContractState.ACCEPTED
    )
    fill(*APPLY, transaction_input(pre, 20, accept), output=output_of(accepted), case="accept")
    pre = moved(accepted, {EXECUTOR: 3_000})
    reserve = tx(
        "reserve",
        EXECUTOR,
        reservation_id="r1",
        contract_id="c1",
        requests=1_000,
        start_time=START,
        end_time=END,
    )
    reservation = Reservation(
        "r1", "c1", EXECUTOR.address, 1_000, 3, START, END, 3_000, origin=origin_of(reserve, 20)
    )
    reserved = with_contract_fields(
        moved(pre, {EXECUTOR: -3_000}, reservations={"r1": reservation}), reserved_requests=1_000
    )
    fill(*APPLY, transaction_input(pre, 20, reserve), output=output_of(reserved), case="reserve")


@clauses("AIN-ECON-CONTRACT-CANCEL.1", "AIN-ECON-AMOUNT.1")
def test_refund_at_the_largest_supply(fill: Filler) -> None:
    """
    On a chain whose supply is the largest a genesis allows, 2**63 - 1, a refund is exact.

    Given
    -----
    - c1 proposed; the developer holds all of 2**63 - 1 but the others' 3,000,000, the pool's
      10,000,000 and its own 1,500 deposit.

    When
    ----
    - the developer cancels.

    Then
    ----
    - its balance is 2**63 - 1 - 13,000,000; the total supply stays 2**63 - 1.
    """
    pre = proposed_ledger()
    largest = 2**63 - 1
    pre = moved(pre, {DEVELOPER: largest - 13_001_500 - pre.balances[DEVELOPER.address]})
    assert total_supply(pre) == largest
    after = with_contract_fields(
        moved(pre, {DEVELOPER: 1_500}),
        developer_deposit=0,
        ended_at=500,
        state=ContractState.CANCELLED,
    )
    cancel = tx("cancel_contract", DEVELOPER, contract_id="c1")
    fill(*APPLY, transaction_input(pre, 500, cancel), output=output_of(after))


@clauses("AIN-ECON-CONTRACT-TERMS.1", "AIN-ECON-TX-FORMAT.2")
def test_terms_at_their_bounds(fill: Filler) -> None:
    """
    A share of exactly 10,000 and an ID of one code point are accepted; an empty ID is not.

    Given
    -----
    - the base ledger.

    When
    ----
    - a proposal with provider_share_bps 10,000 and contract_id "x"; one with contract_id "".

    Then
    ----
    - the first is accepted; the second is ECON_MALFORMED.
    """
    pre = base_ledger()
    transaction = proposal("x", provider_share_bps=10_000)
    fill(
        *APPLY,
        transaction_input(pre, 10, transaction),
        output=output_of(apply_setup(pre, 10, transaction)),
        case="full_share_short_id",
    )
    fill(
        *APPLY,
        transaction_input(pre, 10, proposal("")),
        rejection=ErrorCode.ECON_MALFORMED,
        case="empty_id",
    )


@clauses("AIN-ECON-RESERVE.2")
def test_reservation_window_bounds(fill: Filler) -> None:
    """
    A window may end exactly at the contract's end; it must be non-empty and not yet over.

    Given
    -----
    - c1 active, term 1,000 .. 5,000; r1 already reserved.

    When
    ----
    - at 1,000: a window 1,000 .. 5,000 (accepted); a window 2,000 .. 2,000; at 3,000 a window
      ending at 3,000; at 5,000 (the contract's end) any window.

    Then
    ----
    - accepted; ECON_BAD_TERMS; ECON_BAD_TERMS; ECON_WRONG_STATE.
    """
    pre = reserved_ledger()

    def reserve(start: int, end: int) -> dict[str, object]:
        return tx(
            "reserve",
            EXECUTOR,
            reservation_id="r2",
            contract_id="c1",
            requests=10,
            start_time=start,
            end_time=end,
        )

    fill(
        *APPLY,
        transaction_input(pre, START, reserve(START, END)),
        output=output_of(apply_setup(pre, START, reserve(START, END))),
        case="to_contract_end",
    )
    refusals = {
        "empty_window": (START, reserve(2_000, 2_000), ErrorCode.ECON_BAD_TERMS),
        "window_over": (3_000, reserve(START, 3_000), ErrorCode.ECON_BAD_TERMS),
        "contract_over": (END, reserve(START, END), ErrorCode.ECON_WRONG_STATE),
    }
    for case, (time, transaction, code) in refusals.items():
        fill(*APPLY, transaction_input(pre, time, transaction), rejection=code, case=case)


@clauses("AIN-ECON-RESERVATION-SETTLE.1")
def test_settle_exactly_when_the_last_window_closes(fill: Filler) -> None:
    """
    Settlement is allowed at the very time a pending redemption becomes collectable.

    Given
    -----
    - r1 (ends 3,000) with a voucher for 10 redeemed at 3,040 (ready at 3,090).

    When
    ----
    - the executor settles at 3,090.

    Then
    ----
    - the 10 requests are paid (provider 24, developer 6) and 2,970 refunded.
    """
    pre = apply_setup(reserved_ledger(), 3_040, voucher_tx("r1", 0, 1, 10))
    after = with_reservation_fields(
        moved(
            pre,
            {PROVIDER: 24, DEVELOPER: 6, EXECUTOR: 2_970},
            period_work={PROVIDER.address: 10},
            period_demand={DEVELOPER.address: 10},
        ),
        escrow=0,
        settled=True,
        lanes={0: Lane(1, 10, 10, 0)},
    )
    settle = tx("settle_reservation", EXECUTOR, reservation_id="r1")
    fill(*APPLY, transaction_input(pre, 3_090, settle), output=output_of(after))


@clauses("AIN-ECON-SLASH-AGE.1")
def test_evidence_of_this_very_block(fill: Filler) -> None:
    """
    Evidence timed at the current block time is accepted (age 0).

    Given
    -----
    - c1 active, provider deposit 3,000.

    When
    ----
    - deadline_missed evidence with evidence_time 1,600, at 1,600.

    Then
    ----
    - slashed 30: reporter 3, developer 27.
    """
    pre = active_ledger()
    slash = tx(
        "slash",
        REPORTER,
        contract_id="c1",
        evidence_type="deadline_missed",
        evidence_id="e1",
        evidence_time=1_600,
    )
    after = with_contract_fields(
        moved(pre, {REPORTER: 3, DEVELOPER: 27}, slashed_evidence=frozenset({"e1"})),
        provider_deposit=2_970,
    )
    fill("economy", "slash", slash_input(pre, 1_600, slash), output=output_of(after))
