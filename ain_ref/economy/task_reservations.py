"""
A task paid from reservations: one request of each seat's reservation, held in the task escrow.

A seat's reservation gives up one request (``requests`` - 1, ``escrow`` - its price) into the
task's escrow, which remembers, per seat, the reservation and the amount. On settlement a
supporting seat's part is paid as one served request of its reservation: split between the
contract's provider and developer and counted in the period's work and demand, as ``collect``
pays and counts; any other part goes back to its reservation (or, once that is settled, to
the executor's balance).

Spec: spec/economy.md, "Task escrows" ([AIN-ECON-ESCROW-RESERVED.1],
[AIN-ECON-ESCROW-RESERVED-PAY.1], [AIN-ECON-ESCROW-RESERVED-RETURN.1]); spec/execution.md,
"Tasks on chain" ([AIN-EXEC-CHAIN-RESERVATIONS.2]).
Layer: economy. Imports errors, encoding, economy.ledger, economy.records, economy.split,
economy.units; never jobs, chain or consensus.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from ain_ref.economy.ledger import Contract, Reservation
from ain_ref.economy.records import (
    PERIOD_DEMAND,
    PERIOD_WORK,
    amount_at,
    contract_of,
    contract_path,
    reservation_of,
    reservation_path,
)
from ain_ref.economy.units import AMOUNT_MAX
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection

Reader = Callable[[str], CborValue]
Writer = Callable[[str, CborValue], Rejection | None]


def free_requests(reservation: Reservation) -> int:
    """
    Requests of a reservation that no voucher has promised.

    ``requests`` less every lane's ``redeemed_requests`` ([AIN-ECON-VOUCHER-REDEEM.1]
    keeps it at least 0).
    """
    return reservation.requests - sum(lane.redeemed_requests for lane in reservation.lanes.values())


def has_paid_request(reservation: Reservation) -> bool:
    """
    Whether a reservation holds a request a task can take: free, priced and backed.

    References
    ----------
    [AIN-EXEC-CHAIN-RESERVATIONS.2] At least one request no voucher promised, a
    ``price_per_request`` above 0 (a task's part is 1 .. 2**64 - 1, [AIN-ECON-ESCROW.2]) and
    an escrow of at least one price.
    """
    return (
        free_requests(reservation) >= 1
        and reservation.price_per_request > 0
        and reservation.escrow >= reservation.price_per_request
    )


def check_reservation_for_task(
    reservation_id: str,
    reservation: Reservation | None,
    payer: str,
    contract_id: str,
    time: int,
) -> Rejection | None:
    """
    Whether a seat's reservation can give one request to a task.

    Parameters
    ----------
    reservation_id : str
        The ID the request names for the seat.
    reservation : Reservation | None
        The reservation as stored, None when it does not read back.
    payer : str
        The task's executor (address text).
    contract_id : str
        The seat's contract.
    time : int
        The block's time (ms).

    References
    ----------
    [AIN-EXEC-CHAIN-RESERVATIONS.2] In order: it reads back (ECON_UNKNOWN_RESERVATION); its
    executor is the payer (ECON_CALLER_NOT_PARTY); it is on the seat's contract
    (EXEC_RESERVATION_WRONG_CONTRACT); it is not settled (ECON_WRONG_STATE); ``start_time``
    <= time (ECON_TOO_EARLY); time < ``end_time`` (ECON_TOO_LATE); a request to give
    ([has_paid_request], EXEC_RESERVATION_EXHAUSTED).
    """
    if reservation is None:
        return Rejection(ErrorCode.ECON_UNKNOWN_RESERVATION, reservation_id)
    if reservation.executor != payer:
        return Rejection(ErrorCode.ECON_CALLER_NOT_PARTY, f"{reservation_id}: another executor")
    if reservation.contract_id != contract_id:
        return Rejection(ErrorCode.EXEC_RESERVATION_WRONG_CONTRACT, reservation_id)
    if reservation.settled:
        return Rejection(ErrorCode.ECON_WRONG_STATE, f"{reservation_id}: settled")
    if time < reservation.start_time:
        return Rejection(ErrorCode.ECON_TOO_EARLY, f"{reservation_id}: window not open")
    if time >= reservation.end_time:
        return Rejection(ErrorCode.ECON_TOO_LATE, f"{reservation_id}: window over")
    if not has_paid_request(reservation):
        return Rejection(ErrorCode.EXEC_RESERVATION_EXHAUSTED, reservation_id)
    return None


def take_request(reservation: Reservation) -> Reservation:
    """
    The reservation after one request leaves it for a task [AIN-ECON-ESCROW-RESERVED.1].

    pre: free_requests(reservation) >= 1
    pre: reservation.escrow >= reservation.price_per_request
    post: __return__.requests == reservation.requests - 1
    post: __return__.escrow == reservation.escrow - reservation.price_per_request
    post: free_requests(__return__) == free_requests(reservation) - 1
    """
    return attrs.evolve(
        reservation,
        requests=reservation.requests - 1,
        escrow=reservation.escrow - reservation.price_per_request,
    )


def return_request(reservation: Reservation, amount: int) -> Reservation:
    """
    The reservation after a task's part comes back to it [AIN-ECON-ESCROW-RESERVED-RETURN.1].

    pre: 0 <= amount
    post: __return__.requests == reservation.requests + 1
    post: __return__.escrow == reservation.escrow + amount
    """
    return attrs.evolve(
        reservation, requests=reservation.requests + 1, escrow=reservation.escrow + amount
    )


def read_reservation(read: Reader, reservation_id: str) -> Reservation | None:
    """A reservation as stored, None when it or its contract does not read back."""
    reservation = reservation_of(reservation_id, read(reservation_path(reservation_id)))
    if reservation is None or read_contract(read, reservation.contract_id) is None:
        return None
    return reservation


def read_contract(read: Reader, contract_id: str) -> Contract | None:
    """A contract as stored, None when it does not read back."""
    return contract_of(contract_id, read(contract_path(contract_id)))


def write_reservation(write: Writer, before: Reservation, after: Reservation) -> Rejection | None:
    """
    Write a reservation's changed amounts.

    SET_VALUE of its ``escrow`` then ``requests`` (ascending path order), each only when it
    changed.
    """
    path = reservation_path(before.reservation_id)
    for name in ("escrow", "requests"):
        if getattr(before, name) != getattr(after, name):
            refused = write(f"{path}/{name}", getattr(after, name))
            if refused is not None:
                return refused
    return None


def count_one(read: Reader, write: Writer, table: str, address: str) -> Rejection | None:
    """
    One more request in a period table (``work`` or ``demand``) for an address.

    An entry that is not an amount counts 0 ([AIN-ECON-RECORD.1]); a count past 2**64 - 1 is
    ECON_AMOUNT_OUT_OF_RANGE.
    """
    path = f"{table}/{address}"
    count = amount_at(read, path) + 1
    if count > AMOUNT_MAX:
        return Rejection(ErrorCode.ECON_AMOUNT_OUT_OF_RANGE, path)
    return write(path, count)


def count_served(read: Reader, write: Writer, contract: Contract) -> Rejection | None:
    """
    Count one served request in the period's tables.

    The provider's work, then the developer's demand [AIN-ECON-ESCROW-RESERVED-PAY.1].
    """
    refused = count_one(read, write, PERIOD_WORK, contract.provider)
    if refused is not None:
        return refused
    return count_one(read, write, PERIOD_DEMAND, contract.developer)
