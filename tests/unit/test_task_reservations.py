"""
Properties of a reservation that pays tasks as well as vouchers.

Random interleavings of tasks taking a request, giving it back or being paid, vouchers
redeemed and collected: the reservation's escrow always backs exactly its unpaid requests,
vouchers never promise more than it holds, and no base unit is made or lost.

Spec: spec/economy.md, "Task escrows" ([AIN-ECON-ESCROW-RESERVED.1],
[AIN-ECON-ESCROW-RESERVED-RETURN.1]), "Batch payment" ([AIN-ECON-VOUCHER-REDEEM.1],
[AIN-ECON-VOUCHER-COLLECT.1]); spec/execution.md ([AIN-EXEC-CHAIN-RESERVATIONS.2]).
"""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from ain_ref.economy.ledger import Contract, ContractState, Lane, Ledger, Reservation
from ain_ref.economy.payments import pay_requests, redeemed_elsewhere
from ain_ref.economy.task_reservations import (
    check_reservation_for_task,
    free_requests,
    return_request,
    take_request,
)
from ain_ref.errors import ErrorCode
from tests.fillers.execution.chain import (
    EXECUTOR as EXECUTOR_PARTY,
)
from tests.fillers.execution.chain import (
    SEAT_PRICES,
    ExecutionChain,
    reserved_ledger,
    reserved_request_fields,
)

EXECUTOR = "executor"
CONTRACT = Contract(
    contract_id="c",
    developer="developer",
    provider="provider",
    start_time=0,
    end_time=10**6,
    price_per_request=7,
    capacity_requests=1_000,
    provider_share_bps=6_000,
    developer_deposit=0,
    provider_deposit=0,
    provider_deposit_due=0,
    state=ContractState.ACTIVE,
)

operations = st.lists(
    st.tuples(
        st.sampled_from(("take", "give_back", "pay", "redeem", "collect")), st.integers(0, 2)
    ),
    max_size=60,
)


def collected(reservation: Reservation) -> int:
    """Requests every lane has been paid for."""
    return sum(lane.collected_requests for lane in reservation.lanes.values())


def backing_holds(reservation: Reservation) -> bool:
    """The escrow backs exactly the requests not yet paid, and vouchers stay within them."""
    redeemed = sum(lane.redeemed_requests for lane in reservation.lanes.values())
    return (
        reservation.escrow == (reservation.requests - collected(reservation)) * 7
        and redeemed <= reservation.requests
        and free_requests(reservation) >= 0
    )


@given(requests=st.integers(1, 12), steps=operations)
def test_tasks_and_vouchers_share_a_reservation(
    requests: int, steps: list[tuple[str, int]]
) -> None:
    """
    [AIN-ECON-ESCROW-RESERVED.1] [AIN-ECON-ESCROW-RESERVED-RETURN.1]
    [AIN-EXEC-CHAIN-RESERVATIONS.2] [AIN-ECON-VOUCHER-REDEEM.1] [AIN-ECON-VOUCHER-COLLECT.1]
    A task takes only a request no voucher promised; afterwards the reservation's escrow is
    still (requests - collected) x price and the redeemed requests never pass ``requests``;
    escrow + held task parts + paid amounts stays the first escrow.
    """
    reservation = Reservation("r", "c", EXECUTOR, requests, 7, 0, 10**6, requests * 7)
    ledger = Ledger(contracts={"c": CONTRACT}, reservations={"r": reservation})
    held = 0  # task parts in open task escrows
    paid_to_tasks = 0
    for operation, lane_number in steps:
        rejection = check_reservation_for_task("r", reservation, EXECUTOR, "c", 0)
        if operation == "take":
            can_take = free_requests(reservation) >= 1
            assert (rejection is None) == can_take
            if can_take:
                reservation, held = take_request(reservation), held + 7
        elif operation == "give_back" and held:
            reservation, held = return_request(reservation, 7), held - 7
        elif operation == "pay" and held:
            held, paid_to_tasks = held - 7, paid_to_tasks + 7
        elif operation == "redeem":
            lane = reservation.lanes.get(lane_number, Lane())
            wanted = lane.redeemed_requests + 1
            if redeemed_elsewhere(reservation, lane_number) + wanted <= reservation.requests:
                redeemed = attrs.evolve(lane, nonce=lane.nonce + 1, redeemed_requests=wanted)
                lanes = {**reservation.lanes, lane_number: redeemed}
                reservation = attrs.evolve(reservation, lanes=lanes)
        elif operation == "collect":
            lane = reservation.lanes.get(lane_number)
            if lane is not None and lane.redeemed_requests > lane.collected_requests:
                ledger = attrs.evolve(ledger, reservations={"r": reservation})
                ledger, reservation = pay_requests(ledger, reservation, lane_number)
        assert backing_holds(reservation)
        paid_by_vouchers = collected(reservation) * 7
        assert reservation.escrow + held + paid_to_tasks + paid_by_vouchers == requests * 7


@given(
    requests=st.integers(0, 5),
    redeemed=st.integers(0, 5),
    escrow=st.integers(0, 50),
    time=st.integers(0, 30),
    settled=st.booleans(),
)
def test_a_reservation_gives_a_task_only_what_it_can_back(
    requests: int, redeemed: int, escrow: int, time: int, settled: bool
) -> None:
    """
    [AIN-EXEC-CHAIN-RESERVATIONS.2] Accepted exactly when settled is false, the window holds
    the time, one request is free and the escrow holds one price; then taking it keeps the
    reservation's amounts within range.
    """
    lanes = {0: Lane(nonce=1, redeemed_requests=redeemed)} if redeemed else {}
    reservation = Reservation("r", "c", EXECUTOR, requests, 7, 10, 20, escrow, settled, lanes)
    rejection = check_reservation_for_task("r", reservation, EXECUTOR, "c", time)
    accepted = not settled and 10 <= time < 20 and requests - redeemed >= 1 and escrow >= 7
    assert (rejection is None) == accepted
    if accepted:
        taken = take_request(reservation)
        assert taken.requests >= 0 and taken.escrow >= 0
        assert return_request(taken, 7) == reservation


def test_each_refusal_names_its_code() -> None:
    """[AIN-EXEC-CHAIN-RESERVATIONS.2] The checks in their order, each with its code."""
    good = Reservation("r", "c", EXECUTOR, 2, 7, 10, 20, 14)
    cases = (
        (None, EXECUTOR, "c", 10, ErrorCode.ECON_UNKNOWN_RESERVATION),
        (good, "someone", "c", 10, ErrorCode.ECON_CALLER_NOT_PARTY),
        (good, EXECUTOR, "d", 10, ErrorCode.EXEC_RESERVATION_WRONG_CONTRACT),
        (attrs.evolve(good, settled=True), EXECUTOR, "c", 10, ErrorCode.ECON_WRONG_STATE),
        (good, EXECUTOR, "c", 9, ErrorCode.ECON_TOO_EARLY),
        (good, EXECUTOR, "c", 20, ErrorCode.ECON_TOO_LATE),
        (attrs.evolve(good, escrow=6), EXECUTOR, "c", 10, ErrorCode.EXEC_RESERVATION_EXHAUSTED),
        (good, EXECUTOR, "c", 19, None),
    )
    for reservation, payer, contract_id, time, code in cases:
        rejection = check_reservation_for_task("r", reservation, payer, contract_id, time)
        assert (None if rejection is None else rejection.code) == code


def test_a_price_that_is_not_the_contracts_is_refused() -> None:
    """[AIN-EXEC-CHAIN-RESERVATIONS.2] The request's price confirms the contracts' sum."""
    chain = ExecutionChain(reserved_ledger())
    code = chain.call(
        EXECUTOR_PARTY, "request", reserved_request_fields(price=sum(SEAT_PRICES) + 1)
    )
    assert code == ErrorCode.EXEC_PRICE_MISMATCH
