"""
Reservations (preemptive buying).

Requests on a contract prepaid at its fixed price for a window, and their settlement once the
window and its dispute window have passed.

Spec: spec/economy.md, "Reservations" ([AIN-ECON-RESERVE.2], [AIN-ECON-RESERVATION-SETTLE.1]).
Layer: economy. Imports economy.ledger, economy.calls, economy.contracts, economy.payments.
"""

from __future__ import annotations

from typing import Final

import attrs

from ain_ref.economy.calls import Call, read_fields
from ain_ref.economy.contracts import not_party
from ain_ref.economy.ledger import (
    ContractState,
    Ledger,
    Reservation,
    balance_of,
    with_balance_delta,
    with_contract,
    with_reservation,
)
from ain_ref.economy.payments import pay_requests
from ain_ref.errors import ErrorCode, Rejection

RESERVE_LAYOUT: Final = (
    ("reservation_id", "text"),
    ("contract_id", "text"),
    ("requests", "amount"),
    ("start_time", "amount"),
    ("end_time", "amount"),
)
RESERVATION_ID_LAYOUT: Final = (("reservation_id", "text"),)
RESERVABLE_STATES: Final = (ContractState.ACCEPTED, ContractState.ACTIVE)


def reserve(ledger: Ledger, call: Call) -> Ledger | Rejection:
    """
    An executor prepays requests on a contract into the reservation's escrow.

    References
    ----------
    [AIN-ECON-RESERVE.2] fields; unused ID; contract exists; contract accepted or active and
    not expired; window inside the contract's term, ending after now, requests > 0; capacity;
    balance covers escrow = requests * price; then executor balance -= escrow; the
    reservation's origin is the call's transaction hash [AIN-ECON-VOUCHER-SIGN.2].
    """
    fields = read_fields(call, RESERVE_LAYOUT)
    if isinstance(fields, Rejection):
        return fields
    reservation_id, contract_id = fields.texts["reservation_id"], fields.texts["contract_id"]
    requests = fields.amounts["requests"]
    start_time, end_time = fields.amounts["start_time"], fields.amounts["end_time"]
    if reservation_id in ledger.reservations:
        return Rejection(ErrorCode.ECON_DUPLICATE_ID, reservation_id)
    contract = ledger.contracts.get(contract_id)
    if contract is None:
        return Rejection(ErrorCode.ECON_UNKNOWN_CONTRACT, contract_id)
    if contract.state not in RESERVABLE_STATES or call.time >= contract.end_time:
        return Rejection(ErrorCode.ECON_WRONG_STATE, contract.state.value)
    if not (
        contract.start_time <= start_time < end_time <= contract.end_time
        and call.time < end_time
        and requests > 0
    ):
        return Rejection(ErrorCode.ECON_BAD_TERMS, reservation_id)
    # Overlapping reservations share the contract's one capacity.
    if contract.reserved_requests + requests > contract.capacity_requests:
        return Rejection(ErrorCode.ECON_CAPACITY_EXCEEDED, contract_id)
    # requests <= capacity, so the escrow is at most the contract value, which fits.
    escrow = requests * contract.price_per_request
    if balance_of(ledger, call.caller) < escrow:
        return Rejection(ErrorCode.ECON_INSUFFICIENT_BALANCE, call.caller)
    reservation = Reservation(
        reservation_id=reservation_id,
        contract_id=contract_id,
        executor=call.caller,
        requests=requests,
        price_per_request=contract.price_per_request,
        start_time=start_time,
        end_time=end_time,
        escrow=escrow,
        origin=call.origin,
    )
    contract = attrs.evolve(contract, reserved_requests=contract.reserved_requests + requests)
    ledger = with_contract(with_balance_delta(ledger, call.caller, -escrow), contract)
    return with_reservation(ledger, reservation)


def find_reservation(ledger: Ledger, call: Call) -> Reservation | Rejection:
    """The reservation named by the call's ``reservation_id`` field."""
    fields = read_fields(call, RESERVATION_ID_LAYOUT)
    if isinstance(fields, Rejection):
        return fields
    reservation = ledger.reservations.get(fields.texts["reservation_id"])
    if reservation is None:
        return Rejection(ErrorCode.ECON_UNKNOWN_RESERVATION, fields.texts["reservation_id"])
    return reservation


def service_end(ledger: Ledger, reservation: Reservation) -> int:
    """The window's end, or the contract's early end (cancel, missed activation, termination)."""
    contract = ledger.contracts[reservation.contract_id]
    if contract.ended_at:
        return min(reservation.end_time, contract.ended_at)
    return reservation.end_time


def settle_reservation(ledger: Ledger, call: Call) -> Ledger | Rejection:
    """
    The executor or the provider closes a reservation: pending payments, then the refund.

    References
    ----------
    [AIN-ECON-RESERVATION-SETTLE.1] reservation exists; caller is its executor or the
    contract's provider; not settled; time >= service end + dispute_window; no redemption
    whose dispute window is open; then each lane's pending requests are paid as by collect,
    the remaining escrow returns to the executor, and the reservation is settled.
    """
    reservation = find_reservation(ledger, call)
    if isinstance(reservation, Rejection):
        return reservation
    contract = ledger.contracts[reservation.contract_id]
    if call.caller not in (reservation.executor, contract.provider):
        return not_party(call)
    if reservation.settled:
        return Rejection(ErrorCode.ECON_WRONG_STATE, "settled")
    if call.time < service_end(ledger, reservation) + ledger.parameters.dispute_window:
        return Rejection(ErrorCode.ECON_TOO_EARLY, "within the window or its dispute window")
    if any(lane.ready_at > call.time for lane in reservation.lanes.values()):
        return Rejection(ErrorCode.ECON_DISPUTE_WINDOW_OPEN, reservation.reservation_id)
    for lane_number in sorted(reservation.lanes):
        ledger, reservation = pay_requests(ledger, reservation, lane_number)
    ledger = with_balance_delta(ledger, reservation.executor, reservation.escrow)
    return with_reservation(ledger, attrs.evolve(reservation, escrow=0, settled=True))
