"""
The economy's records as typed values: balances, contracts, reservations with their lanes, pools.

A ``Ledger`` is the part of the economy a call reads, as plain frozen data
(``ain_ref.economy.natives`` loads it from the state tree and writes back what a transition
changed); every transition builds a new one. ``total_supply`` adds every place a base unit can
be in it, and every transition leaves it unchanged.

Spec: spec/economy.md, "Layout in the state tree" ([AIN-ECON-RECORD.1]) and "Units and supply"
([AIN-ECON-SUPPLY.2]).
Layer: economy. Imports economy.units only.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from ain_ref.economy.units import AMOUNT_MAX


class ContractState(enum.StrEnum):
    """The stored states of a service contract [AIN-ECON-CONTRACT-STATES.1]."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    ACTIVE = "active"
    TERMINATED = "terminated"
    SETTLED = "settled"
    CANCELLED = "cancelled"


@attrs.frozen
class Parameters:
    """The economy's chain parameters (times in block-time milliseconds, fractions in bps)."""

    activation_grace: int = 3_600_000
    dispute_window: int = 43_200_000
    withdrawal_delay: int = 1_209_600_000
    provider_deposit_bps: int = 1_000
    developer_deposit_bps: int = 500
    reward_period_length: int = 86_400_000
    reward_per_period: int = 1_000_000_000
    provider_reward_bps: int = 7_000


@attrs.frozen
class Contract:
    """A service contract between a developer and a provider [AIN-ECON-CONTRACT-TERMS.1]."""

    contract_id: str
    developer: str
    provider: str
    start_time: int
    end_time: int
    price_per_request: int
    capacity_requests: int
    provider_share_bps: int
    developer_deposit: int
    provider_deposit: int
    provider_deposit_due: int
    state: ContractState
    ended_at: int = 0
    reserved_requests: int = 0


@attrs.frozen
class Lane:
    """One voucher lane of a reservation [AIN-ECON-VOUCHER-LANE.1]."""

    nonce: int = 0
    redeemed_requests: int = 0
    collected_requests: int = 0
    ready_at: int = 0


@attrs.frozen
class Reservation:
    """Prepaid requests on a contract at a fixed price for a window [AIN-ECON-RESERVATION.1]."""

    reservation_id: str
    contract_id: str
    executor: str
    requests: int
    price_per_request: int
    start_time: int
    end_time: int
    escrow: int
    settled: bool = False
    lanes: Mapping[int, Lane] = attrs.field(factory=dict)
    origin: bytes = bytes(32)
    """The hash of the transaction that reserved it; vouchers sign it [AIN-ECON-VOUCHER-SIGN.2]."""


@attrs.frozen
class Ledger:
    """The economy, or the part of it a call loaded [AIN-ECON-RECORD.1], [AIN-ECON-CALL-LOAD.1]."""

    chain_id: int = 0
    parameters: Parameters = Parameters()
    balances: Mapping[str, int] = attrs.field(factory=dict)
    contracts: Mapping[str, Contract] = attrs.field(factory=dict)
    reservations: Mapping[str, Reservation] = attrs.field(factory=dict)
    reward_pool: int = 0
    burned: int = 0
    slashed_evidence: frozenset[str] = frozenset()
    reward_period: int = 0
    period_work: Mapping[str, int] = attrs.field(factory=dict)
    period_demand: Mapping[str, int] = attrs.field(factory=dict)


def locked_in_contracts(ledger: Ledger) -> int:
    """The deposits every unsettled contract still holds."""
    return sum(
        contract.developer_deposit + contract.provider_deposit
        for contract in ledger.contracts.values()
    )


def locked_in_reservations(ledger: Ledger) -> int:
    """The escrow every reservation still holds (vouchers' backing included)."""
    return sum(reservation.escrow for reservation in ledger.reservations.values())


def total_supply(ledger: Ledger) -> int:
    """Balances + deposits + escrows + reward pool + burned [AIN-ECON-SUPPLY.2]."""
    return (
        sum(ledger.balances.values())
        + locked_in_contracts(ledger)
        + locked_in_reservations(ledger)
        + ledger.reward_pool
        + ledger.burned
    )


def circulating_supply(ledger: Ledger) -> int:
    """The total supply less what is burned [AIN-ECON-SUPPLY.2]."""
    return total_supply(ledger) - ledger.burned


def balance_of(ledger: Ledger, address: str) -> int:
    """An account's balance; an absent account holds 0."""
    return ledger.balances.get(address, 0)


def with_balance_delta(ledger: Ledger, address: str, delta: int) -> Ledger:
    """
    The ledger with one balance moved by ``delta``; a zero balance is removed.

    Callers check the bounds first; a result outside 0 .. AMOUNT_MAX is our bug.
    """
    new_balance = balance_of(ledger, address) + delta
    assert 0 <= new_balance <= AMOUNT_MAX, (address, new_balance)
    balances = dict(ledger.balances)
    if new_balance == 0:
        balances.pop(address, None)
    else:
        balances[address] = new_balance
    return attrs.evolve(ledger, balances=balances)


def with_contract(ledger: Ledger, contract: Contract) -> Ledger:
    """The ledger with one contract stored (added or replaced)."""
    return attrs.evolve(ledger, contracts={**ledger.contracts, contract.contract_id: contract})


def with_reservation(ledger: Ledger, reservation: Reservation) -> Ledger:
    """The ledger with one reservation stored (added or replaced)."""
    reservations = {**ledger.reservations, reservation.reservation_id: reservation}
    return attrs.evolve(ledger, reservations=reservations)
