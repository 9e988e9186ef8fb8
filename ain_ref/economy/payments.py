"""
Batch payment by cumulative vouchers.

The voucher's bytes and signature, redemption with a dispute window, and the collect the
provider pulls once the window has closed.

A voucher says "the executor owes for ``requests`` requests so far on this reservation's lane";
only the latest one per lane matters, so one redemption pays for any number of requests.

Spec: spec/economy.md, "Batch payment" ([AIN-ECON-VOUCHER-*]).
Layer: economy. Imports encoding, crypto, economy.ledger, economy.split, economy.calls.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

from ain_ref import crypto
from ain_ref.economy.calls import Call, read_fields
from ain_ref.economy.ledger import (
    Contract,
    Lane,
    Ledger,
    Reservation,
    with_balance_delta,
    with_reservation,
)
from ain_ref.economy.split import split_basis_points
from ain_ref.economy.units import BASIS_POINTS
from ain_ref.encoding import encode
from ain_ref.errors import ErrorCode, Rejection

VOUCHER_LAYOUT: Final = (
    ("reservation_id", "text"),
    ("lane", "amount"),
    ("nonce", "amount"),
    ("requests", "amount"),
    ("expiry", "amount"),
    ("signature", "bytes"),
)
COLLECT_LAYOUT: Final = (("reservation_id", "text"), ("lane", "amount"))


@attrs.frozen
class Voucher:
    """A cumulative promise to pay, signed by the executor [AIN-ECON-VOUCHER-SIGN.2]."""

    reservation_id: str
    origin: bytes
    lane: int
    nonce: int
    requests: int
    expiry: int


VOUCHER_CHAIN_ID: Final = 0
"""The chain id field of a voucher's signature: 0, as the origin already binds the chain."""


def voucher_bytes(voucher: Voucher) -> bytes:
    """
    The canonical CBOR map the executor signs [AIN-ECON-VOUCHER-SIGN.2].

    Keys: lane, nonce, expiry, origin, requests, reservation_id (canonical order sorts them).
    """
    return encode(
        {
            "reservation_id": voucher.reservation_id,
            "origin": voucher.origin,
            "lane": voucher.lane,
            "nonce": voucher.nonce,
            "requests": voucher.requests,
            "expiry": voucher.expiry,
        }
    )


def sign_voucher(seed: bytes, voucher: Voucher) -> bytes | Rejection:
    """The executor's signature over the voucher's bytes [AIN-ECON-VOUCHER-SIGN.2]."""
    return crypto.sign(
        seed, crypto.DomainTag.ECONOMY_VOUCHER, VOUCHER_CHAIN_ID, voucher_bytes(voucher)
    )


def verify_voucher(executor: str, voucher: Voucher, signature: bytes) -> Rejection | None:
    """
    None when ``signature`` is the executor's over the voucher [AIN-ECON-VOUCHER-SIGN.2].

    Any failure (an executor text that is not an address, a bad signature) is
    ``ECON_VOUCHER_SIGNATURE_INVALID``.
    """
    address = crypto.parse_address(executor)
    if isinstance(address, Rejection):
        return Rejection(ErrorCode.ECON_VOUCHER_SIGNATURE_INVALID, "executor is not an address")
    failure = crypto.verify(
        address.public_key,
        crypto.DomainTag.ECONOMY_VOUCHER,
        VOUCHER_CHAIN_ID,
        voucher_bytes(voucher),
        signature,
    )
    if failure is not None:
        return Rejection(ErrorCode.ECON_VOUCHER_SIGNATURE_INVALID, failure.code.value)
    return None


def redeemed_elsewhere(reservation: Reservation, lane_number: int) -> int:
    """Requests redeemed on every other lane of the reservation."""
    return sum(
        lane.redeemed_requests
        for number, lane in reservation.lanes.items()
        if number != lane_number
    )


def redeem_voucher(ledger: Ledger, call: Call) -> Ledger | Rejection:
    """
    The provider redeems the latest voucher of a lane; funds move after the dispute window.

    References
    ----------
    [AIN-ECON-VOUCHER-REDEEM.1] fields; reservation exists; caller is the contract's
    provider; reservation not settled; signature valid; time <= expiry; nonce and requests
    above the lane's; requests over all lanes within the reservation's; then the lane records
    nonce and requests and ready_at = time + dispute_window. No balance moves.
    """
    fields = read_fields(call, VOUCHER_LAYOUT)
    if isinstance(fields, Rejection):
        return fields
    amounts = fields.amounts
    reservation = ledger.reservations.get(fields.texts["reservation_id"])
    if reservation is None:
        return Rejection(ErrorCode.ECON_UNKNOWN_RESERVATION, fields.texts["reservation_id"])
    voucher = Voucher(
        reservation.reservation_id,
        reservation.origin,
        amounts["lane"],
        amounts["nonce"],
        amounts["requests"],
        amounts["expiry"],
    )
    if call.caller != ledger.contracts[reservation.contract_id].provider:
        return Rejection(ErrorCode.ECON_CALLER_NOT_PARTY, call.caller)
    if reservation.settled:
        return Rejection(ErrorCode.ECON_WRONG_STATE, "settled")
    failure = verify_voucher(reservation.executor, voucher, fields.byte_strings["signature"])
    if failure is not None:
        return failure
    if call.time > voucher.expiry:
        return Rejection(ErrorCode.ECON_VOUCHER_EXPIRED, str(voucher.expiry))
    lane = reservation.lanes.get(voucher.lane, Lane())
    if voucher.nonce <= lane.nonce or voucher.requests <= lane.redeemed_requests:
        return Rejection(ErrorCode.ECON_VOUCHER_STALE, f"lane nonce {lane.nonce}")
    if redeemed_elsewhere(reservation, voucher.lane) + voucher.requests > reservation.requests:
        return Rejection(ErrorCode.ECON_VOUCHER_OVER_BACKING, str(reservation.requests))
    redeemed = attrs.evolve(
        lane,
        nonce=voucher.nonce,
        redeemed_requests=voucher.requests,
        ready_at=call.time + ledger.parameters.dispute_window,
    )
    lanes = {**reservation.lanes, voucher.lane: redeemed}
    return with_reservation(ledger, attrs.evolve(reservation, lanes=lanes))


def pay_requests(
    ledger: Ledger, reservation: Reservation, lane_number: int
) -> tuple[Ledger, Reservation]:
    """
    Pay a lane's redeemed but uncollected requests from the escrow, split by the contract.

    References
    ----------
    [AIN-ECON-VOUCHER-COLLECT.1] amount = (redeemed - collected) * price; the provider gets
    the split's first part (remainder included), the developer the second; escrow -= amount;
    the requests count as the provider's work and the developer's demand for the period.
    """
    lane = reservation.lanes[lane_number]
    requests = lane.redeemed_requests - lane.collected_requests
    amount = requests * reservation.price_per_request
    contract = ledger.contracts[reservation.contract_id]
    provider_part, developer_part = served_shares(contract, amount)
    ledger = with_balance_delta(ledger, contract.provider, provider_part)
    ledger = with_balance_delta(ledger, contract.developer, developer_part)
    ledger = attrs.evolve(
        ledger,
        period_work=add_count(ledger.period_work, contract.provider, requests),
        period_demand=add_count(ledger.period_demand, contract.developer, requests),
    )
    lanes = {
        **reservation.lanes,
        lane_number: attrs.evolve(lane, collected_requests=lane.redeemed_requests, ready_at=0),
    }
    reservation = attrs.evolve(reservation, escrow=reservation.escrow - amount, lanes=lanes)
    return with_reservation(ledger, reservation), reservation


def served_shares(contract: Contract, amount: int) -> tuple[int, int]:
    """
    (provider part, developer part) of an amount paid for requests served under a contract.

    References
    ----------
    [AIN-ECON-VOUCHER-COLLECT.1] [AIN-ECON-ESCROW-RESERVED-PAY.1] The split ([AIN-ECON-SPLIT.1])
    by the shares (``provider_share_bps``, 10,000 - ``provider_share_bps``): the provider's part
    first, the remainder with it.
    """
    share = contract.provider_share_bps
    provider_part, developer_part = split_basis_points(amount, (share, BASIS_POINTS - share))
    return provider_part, developer_part


def add_count(counts: Mapping[str, int], address: str, requests: int) -> dict[str, int]:
    """A copy of a count table with ``requests`` added to one address (zero adds nothing)."""
    table = dict(counts)
    if requests:
        table[address] = table.get(address, 0) + requests
    return table


def collect(ledger: Ledger, call: Call) -> Ledger | Rejection:
    """
    The provider pulls a lane's redeemed payment once its dispute window has closed.

    References
    ----------
    [AIN-ECON-VOUCHER-COLLECT.1] fields; reservation exists; caller is the provider; the lane
    has requests redeemed and not collected; time >= ready_at; then pay as ``pay_requests``.
    """
    fields = read_fields(call, COLLECT_LAYOUT)
    if isinstance(fields, Rejection):
        return fields
    reservation = ledger.reservations.get(fields.texts["reservation_id"])
    if reservation is None:
        return Rejection(ErrorCode.ECON_UNKNOWN_RESERVATION, fields.texts["reservation_id"])
    if call.caller != ledger.contracts[reservation.contract_id].provider:
        return Rejection(ErrorCode.ECON_CALLER_NOT_PARTY, call.caller)
    lane = reservation.lanes.get(fields.amounts["lane"])
    if lane is None or lane.redeemed_requests == lane.collected_requests:
        return Rejection(ErrorCode.ECON_NOTHING_TO_COLLECT, str(fields.amounts["lane"]))
    if call.time < lane.ready_at:
        return Rejection(ErrorCode.ECON_DISPUTE_WINDOW_OPEN, str(lane.ready_at))
    ledger, _ = pay_requests(ledger, reservation, fields.amounts["lane"])
    return ledger
