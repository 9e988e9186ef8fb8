"""Fillers for reservations, voucher redemption, collection and reservation settlement."""

from __future__ import annotations

from ain_ref.economy.ledger import ContractState, Lane, Ledger, Reservation
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.economy.common import (
    DEVELOPER,
    EXECUTOR,
    PROVIDER,
    REPORTER,
    START,
    STRANGER,
    accepted_ledger,
    active_ledger,
    apply_setup,
    moved,
    origin_of,
    output_of,
    proposed_ledger,
    reserved_ledger,
    transaction_input,
    tx,
    voucher_tx,
    with_contract_fields,
    with_reservation_fields,
)

APPLY = ("economy", "apply_transaction")
DISPUTE = 50


def reserve_tx(
    reservation_id: str = "r1", requests: int = 1_000, start: int = START, end: int = 3_000
) -> dict[str, object]:
    """The executor's reservation on c1."""
    return tx(
        "reserve",
        EXECUTOR,
        reservation_id=reservation_id,
        contract_id="c1",
        requests=requests,
        start_time=start,
        end_time=end,
    )


@clauses("AIN-ECON-RESERVE.2", "AIN-ECON-RESERVATION.1", "AIN-ECON-SUPPLY.2")
def test_reserve_prepays_at_the_contract_price(fill: Filler) -> None:
    """
    A reservation pays requests * price into escrow and takes capacity.

    Given
    -----
    - c1 active: price 3, capacity 10,000, term 1,000 .. 5,000.

    When
    ----
    - the executor reserves 1,000 requests for 1,000 .. 3,000 at time 1,000.

    Then
    ----
    - balance[executor] -= 3,000; r1 holds 3,000; c1 reserved_requests = 1,000.
    """
    pre = active_ledger()
    reservation = Reservation(
        reservation_id="r1",
        contract_id="c1",
        executor=EXECUTOR.address,
        requests=1_000,
        price_per_request=3,
        start_time=START,
        end_time=3_000,
        escrow=3_000,
        origin=origin_of(reserve_tx(), START),
    )
    after = with_contract_fields(
        moved(pre, {EXECUTOR: -3_000}, reservations={"r1": reservation}), reserved_requests=1_000
    )
    fill(*APPLY, transaction_input(pre, START, reserve_tx()), output=output_of(after))


@clauses("AIN-ECON-RESERVE.2")
def test_overlapping_reservations_share_capacity(fill: Filler) -> None:
    """
    Overlapping reservations together stay within capacity; the one-unit edge both ways.

    Given
    -----
    - c1 with capacity 10,000 and r1 already holding 1,000.

    When
    ----
    - a second, overlapping reservation of 9,000 (exactly the rest), then of 9,001.

    Then
    ----
    - 9,000 is accepted (reserved_requests 10,000); 9,001 is ECON_CAPACITY_EXCEEDED.
    """
    pre = reserved_ledger()
    second = Reservation(
        reservation_id="r2",
        contract_id="c1",
        executor=EXECUTOR.address,
        requests=9_000,
        price_per_request=3,
        start_time=2_000,
        end_time=4_000,
        escrow=27_000,
        origin=origin_of(reserve_tx("r2", 9_000, 2_000, 4_000), START),
    )
    after = with_contract_fields(
        moved(pre, {EXECUTOR: -27_000}, reservations={**pre.reservations, "r2": second}),
        reserved_requests=10_000,
    )
    fill(
        *APPLY,
        transaction_input(pre, START, reserve_tx("r2", 9_000, 2_000, 4_000)),
        output=output_of(after),
        case="exact",
    )
    fill(
        *APPLY,
        transaction_input(pre, START, reserve_tx("r2", 9_001, 2_000, 4_000)),
        rejection=ErrorCode.ECON_CAPACITY_EXCEEDED,
        case="one_over",
    )


@clauses("AIN-ECON-RESERVE.2", "AIN-ECON-TX-FORMAT.2")
def test_reserve_refusals(fill: Filler) -> None:
    """
    Every reservation check has its code.

    Given
    -----
    - c1 active with r1; c1 proposed for the state case; a poor executor.

    When
    ----
    - reservations with a bad field, a taken ID, an unknown contract, a proposed contract,
      a window outside the term, zero requests, and more escrow than the balance.

    Then
    ----
    - ECON_MALFORMED, ECON_DUPLICATE_ID, ECON_UNKNOWN_CONTRACT, ECON_WRONG_STATE,
      ECON_BAD_TERMS (three ways), ECON_INSUFFICIENT_BALANCE.
    """
    reserved = reserved_ledger()
    unknown = {**reserve_tx("r2"), "contract_id": "c9"}
    cases = {
        "malformed": (reserved, {**reserve_tx("r2"), "requests": "many"}, ErrorCode.ECON_MALFORMED),
        "duplicate": (reserved, reserve_tx(), ErrorCode.ECON_DUPLICATE_ID),
        "unknown_contract": (reserved, unknown, ErrorCode.ECON_UNKNOWN_CONTRACT),
        "proposed_contract": (proposed_ledger(), reserve_tx(), ErrorCode.ECON_WRONG_STATE),
        "ends_after_term": (reserved, reserve_tx("r2", 10, START, 5_001), ErrorCode.ECON_BAD_TERMS),
        "starts_before_term": (
            reserved,
            reserve_tx("r2", 10, 999, 2_000),
            ErrorCode.ECON_BAD_TERMS,
        ),
        "zero_requests": (reserved, reserve_tx("r2", 0), ErrorCode.ECON_BAD_TERMS),
        "poor_executor": (
            moved(reserved, {EXECUTOR: -995_000}),
            reserve_tx("r2", 1_000),
            ErrorCode.ECON_INSUFFICIENT_BALANCE,
        ),
    }
    for case, (ledger, transaction, code) in cases.items():
        fill(*APPLY, transaction_input(ledger, START, transaction), rejection=code, case=case)


@clauses("AIN-ECON-VOUCHER-REDEEM.1", "AIN-ECON-VOUCHER-LANE.1", "AIN-ECON-VOUCHER-SIGN.2")
def test_redeem_records_the_latest_voucher(fill: Filler) -> None:
    """
    Redemption records the lane's nonce and count and opens the dispute window; nothing moves.

    Given
    -----
    - r1 with 1,000 requests and no lanes; dispute window 50.

    When
    ----
    - the provider redeems the voucher (lane 0, nonce 1, 250 requests) at 1,500.

    Then
    ----
    - lane 0 = (nonce 1, redeemed 250, collected 0, ready_at 1,550); balances unchanged.
    """
    pre = reserved_ledger()
    after = with_reservation_fields(pre, lanes={0: Lane(1, 250, 0, 1_550)})
    fill(
        *APPLY, transaction_input(pre, 1_500, voucher_tx("r1", 0, 1, 250)), output=output_of(after)
    )


def redeemed_ledger() -> Ledger:
    """r1 with lane 0 redeemed for 250 requests at 1,500 (ready at 1,550)."""
    return apply_setup(reserved_ledger(), 1_500, voucher_tx("r1", 0, 1, 250))


@clauses("AIN-ECON-VOUCHER-REDEEM.1", "AIN-ECON-VOUCHER-SIGN.2", "AIN-ECON-CALLER.1")
def test_redeem_refusals_in_check_order(fill: Filler) -> None:
    """
    Every redemption check has its code: a voucher is never redeemed twice or past its backing.

    Given
    -----
    - r1 (1,000 requests) with lane 0 redeemed at nonce 1 for 250.

    When
    ----
    - at 1,600: a signature that is not bytes; an unknown reservation; redeemed by the
      executor; signed by another key; for another origin (another chain's or reservation's);
      expired; the same nonce; fewer
      requests; lane 1 asking for 751 (250 + 751 > 1,000); then lane 1 asking for exactly 750.

    Then
    ----
    - ECON_MALFORMED, ECON_UNKNOWN_RESERVATION, ECON_CALLER_NOT_PARTY,
      ECON_VOUCHER_SIGNATURE_INVALID (twice), ECON_VOUCHER_EXPIRED, ECON_VOUCHER_STALE (twice),
      ECON_VOUCHER_OVER_BACKING; 750 is accepted.
    """
    pre = redeemed_ledger()
    cases = {
        "signature_not_bytes": (
            {**voucher_tx("r1", 0, 2, 300), "signature": True},
            ErrorCode.ECON_MALFORMED,
        ),
        "unknown": (voucher_tx("r9", 0, 2, 300), ErrorCode.ECON_UNKNOWN_RESERVATION),
        "executor_redeems": (
            {**voucher_tx("r1", 0, 2, 300), "caller": EXECUTOR.address},
            ErrorCode.ECON_CALLER_NOT_PARTY,
        ),
        "wrong_signer": (
            voucher_tx("r1", 0, 2, 300, signer=STRANGER),
            ErrorCode.ECON_VOUCHER_SIGNATURE_INVALID,
        ),
        "wrong_origin": (
            voucher_tx("r1", 0, 2, 300, origin=b"\xff" * 32),
            ErrorCode.ECON_VOUCHER_SIGNATURE_INVALID,
        ),
        "expired": (voucher_tx("r1", 0, 2, 300, expiry=1_599), ErrorCode.ECON_VOUCHER_EXPIRED),
        "same_nonce": (voucher_tx("r1", 0, 1, 300), ErrorCode.ECON_VOUCHER_STALE),
        "fewer_requests": (voucher_tx("r1", 0, 2, 250), ErrorCode.ECON_VOUCHER_STALE),
        "over_backing": (voucher_tx("r1", 1, 1, 751), ErrorCode.ECON_VOUCHER_OVER_BACKING),
    }
    for case, (transaction, code) in cases.items():
        fill(*APPLY, transaction_input(pre, 1_600, transaction), rejection=code, case=case)
    exact = with_reservation_fields(
        pre, lanes={0: Lane(1, 250, 0, 1_550), 1: Lane(1, 750, 0, 1_650)}
    )
    fill(
        *APPLY,
        transaction_input(pre, 1_600, voucher_tx("r1", 1, 1, 750)),
        output=output_of(exact),
        case="exact_backing",
    )
    expiry_edge = with_reservation_fields(pre, lanes={0: Lane(2, 300, 0, 1_649)})
    fill(
        *APPLY,
        transaction_input(pre, 1_599, voucher_tx("r1", 0, 2, 300, expiry=1_599)),
        output=output_of(expiry_edge),
        case="at_expiry",
    )


@clauses("AIN-ECON-VOUCHER-COLLECT.1", "AIN-ECON-SPLIT.1", "AIN-ECON-SUPPLY.2")
def test_collect_after_the_dispute_window(fill: Filler) -> None:
    """
    The provider pulls 250 requests' pay once the window closes; split 80/20 exactly.

    Given
    -----
    - lane 0 of r1 redeemed for 250 requests at price 3 (750), ready at 1,550.

    When
    ----
    - the provider collects at 1,550; at 1,549; twice; a stranger collects; lane 5.

    Then
    ----
    - at 1,550: escrow -= 750, provider += 600, developer += 150, work and demand += 250;
      1,549: ECON_DISPUTE_WINDOW_OPEN; again, or lane 5: ECON_NOTHING_TO_COLLECT;
      the stranger: ECON_CALLER_NOT_PARTY.
    """
    pre = redeemed_ledger()
    collect = tx("collect", PROVIDER, reservation_id="r1", lane=0)
    after = with_reservation_fields(
        moved(
            pre,
            {PROVIDER: 600, DEVELOPER: 150},
            period_work={PROVIDER.address: 250},
            period_demand={DEVELOPER.address: 250},
        ),
        escrow=2_250,
        lanes={0: Lane(1, 250, 250, 0)},
    )
    fill(*APPLY, transaction_input(pre, 1_550, collect), output=output_of(after), case="ok")
    refusals = {
        "window_open": (pre, collect, ErrorCode.ECON_DISPUTE_WINDOW_OPEN, 1_549),
        "twice": (after, collect, ErrorCode.ECON_NOTHING_TO_COLLECT, 1_600),
        "no_lane": (
            pre,
            tx("collect", PROVIDER, reservation_id="r1", lane=5),
            ErrorCode.ECON_NOTHING_TO_COLLECT,
            1_600,
        ),
        "stranger": (
            pre,
            tx("collect", STRANGER, reservation_id="r1", lane=0),
            ErrorCode.ECON_CALLER_NOT_PARTY,
            1_600,
        ),
        "unknown": (
            pre,
            tx("collect", PROVIDER, reservation_id="r9", lane=0),
            ErrorCode.ECON_UNKNOWN_RESERVATION,
            1_600,
        ),
    }
    for case, (ledger, transaction, code, time) in refusals.items():
        fill(*APPLY, transaction_input(ledger, time, transaction), rejection=code, case=case)


@clauses("AIN-ECON-SPLIT.1", "AIN-ECON-VOUCHER-COLLECT.1")
def test_collect_remainder_goes_to_the_provider(fill: Filler) -> None:
    """
    One request at price 3 split 3,333 / 6,667 bps: floors 0 and 2, the remainder 1 to the provider.

    Given
    -----
    - a contract with provider_share_bps 3,333, one request redeemed on lane 0.

    When
    ----
    - the provider collects.

    Then
    ----
    - provider += 1 (floor 0.9999 = 0, plus the remainder 1), developer += 2.
    """
    ledger = apply_setup(
        accepted_ledger(),
        20,
        tx(
            "reserve",
            EXECUTOR,
            reservation_id="r1",
            contract_id="c1",
            requests=1,
            start_time=START,
            end_time=3_000,
        ),
    )
    ledger = with_contract_fields(ledger, provider_share_bps=3_333)
    origin = ledger.reservations["r1"].origin
    ledger = apply_setup(ledger, 1_500, voucher_tx("r1", 0, 1, 1, origin=origin))
    after = with_reservation_fields(
        moved(
            ledger,
            {PROVIDER: 1, DEVELOPER: 2},
            period_work={PROVIDER.address: 1},
            period_demand={DEVELOPER.address: 1},
        ),
        escrow=0,
        lanes={0: Lane(1, 1, 1, 0)},
    )
    collect = tx("collect", PROVIDER, reservation_id="r1", lane=0)
    fill(*APPLY, transaction_input(ledger, 1_550, collect), output=output_of(after))


@clauses("AIN-ECON-RESERVATION-SETTLE.1", "AIN-ECON-VOUCHER-COLLECT.1", "AIN-ECON-SUPPLY.2")
def test_settle_reservation_pays_used_and_refunds_unused(fill: Filler) -> None:
    """
    A reservation used in part: settlement pays the pending 250 and refunds the unused 750.

    Given
    -----
    - r1: 1,000 requests (3,000 escrow), window ends 3,000; lane 0 redeemed for 250, uncollected.

    When
    ----
    - the executor settles at 3,050 (end + dispute window); at 3,049; twice; a stranger.

    Then
    ----
    - provider += 600, developer += 150, executor += 2,250, escrow 0, settled;
      3,049: ECON_TOO_EARLY; again: ECON_WRONG_STATE; stranger: ECON_CALLER_NOT_PARTY.
    """
    pre = redeemed_ledger()
    settle = tx("settle_reservation", EXECUTOR, reservation_id="r1")
    after = with_reservation_fields(
        moved(
            pre,
            {PROVIDER: 600, DEVELOPER: 150, EXECUTOR: 2_250},
            period_work={PROVIDER.address: 250},
            period_demand={DEVELOPER.address: 250},
        ),
        escrow=0,
        settled=True,
        lanes={0: Lane(1, 250, 250, 0)},
    )
    fill(*APPLY, transaction_input(pre, 3_050, settle), output=output_of(after), case="ok")
    refusals = {
        "early": (pre, settle, ErrorCode.ECON_TOO_EARLY),
        "twice": (after, settle, ErrorCode.ECON_WRONG_STATE),
        "stranger": (
            pre,
            tx("settle_reservation", REPORTER, reservation_id="r1"),
            ErrorCode.ECON_CALLER_NOT_PARTY,
        ),
        "unknown": (
            pre,
            tx("settle_reservation", EXECUTOR, reservation_id="r9"),
            ErrorCode.ECON_UNKNOWN_RESERVATION,
        ),
    }
    for case, (ledger, transaction, code) in refusals.items():
        time = 3_049 if case == "early" else 3_050
        fill(*APPLY, transaction_input(ledger, time, transaction), rejection=code, case=case)


@clauses("AIN-ECON-RESERVATION-SETTLE.1", "AIN-ECON-VOUCHER-REDEEM.1")
def test_settlement_waits_for_an_open_dispute_window(fill: Filler) -> None:
    """
    A redemption made late holds settlement until its window closes; a settled one refuses more.

    Given
    -----
    - r1 (window ends 3,000) with a voucher redeemed at 3,040 (ready at 3,090).

    When
    ----
    - the executor settles at 3,050; the provider redeems on a settled reservation.

    Then
    ----
    - ECON_DISPUTE_WINDOW_OPEN; ECON_WRONG_STATE.
    """
    late = apply_setup(reserved_ledger(), 3_040, voucher_tx("r1", 0, 1, 10))
    fill(
        *APPLY,
        transaction_input(late, 3_050, tx("settle_reservation", EXECUTOR, reservation_id="r1")),
        rejection=ErrorCode.ECON_DISPUTE_WINDOW_OPEN,
        case="window_open",
    )
    settled = apply_setup(
        reserved_ledger(), 3_050, tx("settle_reservation", EXECUTOR, reservation_id="r1")
    )
    fill(
        *APPLY,
        transaction_input(settled, 3_060, voucher_tx("r1", 0, 1, 10)),
        rejection=ErrorCode.ECON_WRONG_STATE,
        case="settled",
    )


@clauses("AIN-ECON-RESERVATION-SETTLE.1", "AIN-ECON-CONTRACT-TERMINATE.1")
def test_early_termination_ends_the_reservation_early(fill: Filler) -> None:
    """
    When the contract is terminated at 2,000, its reservation settles from 2,050, not 3,050.

    Given
    -----
    - r1 (window 1,000 .. 3,000, 3,000 escrow, unused); c1 terminated by the developer at 2,000.

    When
    ----
    - the executor settles at 2,050.

    Then
    ----
    - the whole 3,000 returns to the executor.
    """
    pre = apply_setup(
        reserved_ledger(), 2_000, tx("terminate_contract", DEVELOPER, contract_id="c1")
    )
    assert pre.contracts["c1"].state is ContractState.TERMINATED
    after = with_reservation_fields(moved(pre, {EXECUTOR: 3_000}), escrow=0, settled=True)
    settle = tx("settle_reservation", EXECUTOR, reservation_id="r1")
    fill(*APPLY, transaction_input(pre, 2_050, settle), output=output_of(after))
