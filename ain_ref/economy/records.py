"""
The economy's layout in the state tree: where each record lives, and how it is read back.

Contracts, reservations (with their voucher lanes), slashed evidence, the reward pool and
period counts and the burned amount live under ``/economy``; balances under the platform's
``/accounts``. A record is a map of the fields of its attrs type (amounts as integers, a
contract's state as its name, a reservation's ``settled`` as a boolean, its ``origin`` as 32
bytes). Reading decodes a record into that type; anything else stored there (only genesis
overrides can put it there) reads as absent.

Spec: spec/economy.md, "Layout in the state tree" ([AIN-ECON-LAYOUT.1], [AIN-ECON-RECORD.1],
[AIN-ECON-SUPPLY.2]).
Layer: economy. Imports encoding, crypto (address text), economy.ledger, economy.units and
the platform's staking reader.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Final

import attrs

from ain_ref.crypto import parse_address
from ain_ref.economy.calls import ID_PATTERN
from ain_ref.economy.ledger import Contract, ContractState, Lane, Ledger, Parameters, Reservation
from ain_ref.economy.units import is_amount
from ain_ref.encoding import CborValue
from ain_ref.errors import Rejection
from ain_ref.platform.staking import is_decimal_label, total_staked

Reader = Callable[[str], CborValue]

CONTRACTS: Final = "/economy/contracts"
RESERVATIONS: Final = "/economy/reservations"
EVIDENCE: Final = "/economy/evidence"
REWARDS: Final = "/economy/rewards"
REWARD_POOL: Final = "/economy/rewards/pool"
REWARD_PERIOD: Final = "/economy/rewards/period"
PERIOD_WORK: Final = "/economy/rewards/work"
PERIOD_DEMAND: Final = "/economy/rewards/demand"
BURNED: Final = "/economy/burned"
ESCROWS: Final = "/economy/escrows"
ESCROW_KEYS: Final = frozenset({"payer", "amount", "parts"})
ACCOUNTS: Final = "/accounts"
PARAMETER_NAMES: Final = tuple(field.name for field in attrs.fields(Parameters))

CONTRACT_AMOUNTS: Final = (
    "start_time",
    "end_time",
    "price_per_request",
    "capacity_requests",
    "provider_share_bps",
    "developer_deposit",
    "provider_deposit",
    "provider_deposit_due",
    "ended_at",
    "reserved_requests",
)
RESERVATION_AMOUNTS: Final = ("requests", "price_per_request", "start_time", "end_time", "escrow")
LANE_AMOUNTS: Final = ("nonce", "redeemed_requests", "collected_requests", "ready_at")


def balance_path(address_text: str) -> str:
    """Where an account's balance lives [AIN-ECON-LAYOUT.1]."""
    return f"{ACCOUNTS}/{address_text}/balance"


def contract_path(contract_id: str) -> str:
    """Where a contract's record lives [AIN-ECON-LAYOUT.1]."""
    return f"{CONTRACTS}/{contract_id}"


def reservation_path(reservation_id: str) -> str:
    """Where a reservation's record lives [AIN-ECON-LAYOUT.1]."""
    return f"{RESERVATIONS}/{reservation_id}"


def evidence_path(evidence_id: str) -> str:
    """Where a slashed piece of evidence is recorded [AIN-ECON-LAYOUT.1]."""
    return f"{EVIDENCE}/{evidence_id}"


def contract_record(contract: Contract) -> dict[str, CborValue]:
    """A contract as stored [AIN-ECON-RECORD.1]."""
    record: dict[str, CborValue] = {name: getattr(contract, name) for name in CONTRACT_AMOUNTS}
    record.update(developer=contract.developer, provider=contract.provider)
    record["state"] = contract.state.value
    return record


def lane_record(lane: Lane) -> dict[str, CborValue]:
    """A voucher lane as stored [AIN-ECON-RECORD.1]."""
    return {name: getattr(lane, name) for name in LANE_AMOUNTS}


def reservation_record(reservation: Reservation) -> dict[str, CborValue]:
    """A reservation as stored, lanes by decimal number [AIN-ECON-RECORD.1]."""
    record: dict[str, CborValue] = {
        name: getattr(reservation, name) for name in RESERVATION_AMOUNTS
    }
    record.update(
        contract_id=reservation.contract_id,
        executor=reservation.executor,
        origin=reservation.origin,
        settled=reservation.settled,
    )
    lanes = {str(number): lane_record(lane) for number, lane in reservation.lanes.items()}
    if lanes:
        record["lanes"] = dict(lanes)
    return record


def is_address_text(value: object) -> bool:
    """Text that parses as an address."""
    return isinstance(value, str) and parses_as_address(value)


@functools.lru_cache(maxsize=4096)
def parses_as_address(text: str) -> bool:
    """Whether a text parses as an address (memoised: a pure function of the text)."""
    return not isinstance(parse_address(text), Rejection)


def amounts_of(record: Mapping[str, CborValue], names: tuple[str, ...]) -> dict[str, int] | None:
    """The named amounts of a record, or None when one is absent or not an amount."""
    amounts = {name: record.get(name) for name in names}
    if not all(is_amount(value) for value in amounts.values()):
        return None
    return {name: value for name, value in amounts.items() if isinstance(value, int)}


def contract_of(contract_id: str, value: CborValue) -> Contract | None:
    """A stored contract read back, or None when it is not one [AIN-ECON-RECORD.1]."""
    if not isinstance(value, dict):
        return None
    amounts = amounts_of(value, CONTRACT_AMOUNTS)
    developer, provider, state = value.get("developer"), value.get("provider"), value.get("state")
    if amounts is None or not is_address_text(developer) or not is_address_text(provider):
        return None
    if state not in {item.value for item in ContractState}:
        return None
    assert isinstance(developer, str) and isinstance(provider, str) and isinstance(state, str)
    return Contract(
        contract_id=contract_id,
        developer=developer,
        provider=provider,
        state=ContractState(state),
        **amounts,
    )


def lanes_of(value: CborValue) -> dict[int, Lane] | None:
    """A reservation's stored lanes (absent: none), or None when one is not a lane."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        return None
    lanes: dict[int, Lane] = {}
    for label, record in value.items():
        number = int(label) if is_decimal_label(label) else -1
        amounts = amounts_of(record, LANE_AMOUNTS) if isinstance(record, dict) else None
        if not is_amount(number) or amounts is None:
            return None
        lanes[number] = Lane(**amounts)
    return lanes


def reservation_of(reservation_id: str, value: CborValue) -> Reservation | None:
    """A stored reservation read back, or None when it is not one [AIN-ECON-RECORD.1]."""
    if not isinstance(value, dict):
        return None
    amounts = amounts_of(value, RESERVATION_AMOUNTS)
    contract_id, executor = value.get("contract_id"), value.get("executor")
    origin, settled, lanes = value.get("origin"), value.get("settled"), lanes_of(value.get("lanes"))
    if amounts is None or lanes is None or not isinstance(contract_id, str):
        return None
    if not is_address_text(executor) or not isinstance(settled, bool):
        return None
    if not isinstance(origin, bytes) or len(origin) != 32:
        return None
    assert isinstance(executor, str)
    return Reservation(
        reservation_id=reservation_id,
        contract_id=contract_id,
        executor=executor,
        settled=settled,
        lanes=lanes,
        origin=origin,
        **amounts,
    )


def amount_at(read: Reader, path: str) -> int:
    """An amount stored at a path; absent, or anything else, reads as 0 [AIN-ECON-RECORD.1]."""
    value = read(path)
    return value if is_amount(value) and isinstance(value, int) else 0


def counts_at(read: Reader, path: str) -> dict[str, int]:
    """An address -> positive amount table; other entries read as absent."""
    table = read(path)
    if not isinstance(table, dict):
        return {}
    return {
        address: count
        for address, count in table.items()
        if is_address_text(address) and is_amount(count) and isinstance(count, int) and count
    }


def balances_at(read: Reader) -> dict[str, int]:
    """Every positive integer balance under /accounts."""
    accounts = read(ACCOUNTS)
    if not isinstance(accounts, dict):
        return {}
    balances: dict[str, int] = {}
    for address, account in accounts.items():
        balance = account.get("balance") if isinstance(account, dict) else None
        if is_amount(balance) and isinstance(balance, int) and balance:
            balances[address] = balance
    return balances


def records_at(read: Reader, path: str) -> dict[str, CborValue]:
    """The map stored at a path (absent or a leaf: empty)."""
    stored = read(path)
    return dict(stored) if isinstance(stored, dict) else {}


def ledger_from_tree(read: Reader, chain_id: int, parameters: Parameters) -> Ledger:
    """
    The whole economy as stored, as one ``Ledger`` (for handlers and tests, never natives).

    References
    ----------
    [AIN-ECON-RECORD.1] Records that do not decode, and balances that are not positive
    amounts, are left out.
    """
    contracts = {}
    for contract_id, value in sorted(records_at(read, CONTRACTS).items()):
        contract = contract_of(contract_id, value)
        if contract is not None:
            contracts[contract_id] = contract
    reservations = {}
    for reservation_id, value in sorted(records_at(read, RESERVATIONS).items()):
        reservation = reservation_of(reservation_id, value)
        if reservation is not None:
            reservations[reservation_id] = reservation
    evidence = frozenset(
        evidence_id for evidence_id, value in records_at(read, EVIDENCE).items() if value is True
    )
    return Ledger(
        chain_id=chain_id,
        parameters=parameters,
        balances=balances_at(read),
        contracts=contracts,
        reservations=reservations,
        reward_pool=amount_at(read, REWARD_POOL),
        burned=amount_at(read, BURNED),
        slashed_evidence=evidence,
        reward_period=amount_at(read, REWARD_PERIOD),
        period_work=counts_at(read, PERIOD_WORK),
        period_demand=counts_at(read, PERIOD_DEMAND),
    )


def ledger_values(ledger: Ledger) -> dict[str, CborValue]:
    """
    A ledger's records as /values entries by path (a genesis's economy) [AIN-ECON-LAYOUT.1].

    Zero amounts and empty tables are left out (absent reads as 0 or empty).
    """
    values: dict[str, CborValue] = {}
    for contract_id, contract in sorted(ledger.contracts.items()):
        values[contract_path(contract_id)] = contract_record(contract)
    for reservation_id, reservation in sorted(ledger.reservations.items()):
        values[reservation_path(reservation_id)] = reservation_record(reservation)
    for evidence_id in sorted(ledger.slashed_evidence):
        values[evidence_path(evidence_id)] = True
    for path, amount in (
        (REWARD_POOL, ledger.reward_pool),
        (REWARD_PERIOD, ledger.reward_period),
        (BURNED, ledger.burned),
    ):
        if amount:
            values[path] = amount
    for path, counts in ((PERIOD_WORK, ledger.period_work), (PERIOD_DEMAND, ledger.period_demand)):
        if counts:
            values[path] = dict(sorted(counts.items()))
    return values


def record_amount(record: CborValue, name: str) -> int:
    """An amount field of a stored record; anything else counts 0."""
    value = record.get(name) if isinstance(record, dict) else None
    return value if is_amount(value) and isinstance(value, int) else 0


@attrs.frozen
class EscrowPart:
    """One seat's part of a task escrow paid from reservations [AIN-ECON-ESCROW.2]."""

    label: str  # the seat: a path label (the provider's key in hex)
    reservation_id: str
    amount: int


@attrs.frozen
class TaskEscrow:
    """A task's escrow: its payer, amount and, when paid from reservations, its parts."""

    payer: str
    amount: int
    parts: tuple[EscrowPart, ...] = ()  # ascending label order; empty: paid from the balance


def escrow_part_of(label: str, value: CborValue) -> EscrowPart | None:
    """A stored part ``{reservation_id, amount}``, or None when it does not read back."""
    if not isinstance(value, dict) or set(value) != {"reservation_id", "amount"}:
        return None
    reservation_id, amount = value["reservation_id"], value["amount"]
    if not isinstance(reservation_id, str) or not ID_PATTERN.fullmatch(reservation_id):
        return None
    if not is_amount(amount) or not isinstance(amount, int) or amount == 0:
        return None
    return EscrowPart(label, reservation_id, amount)


def escrow_parts_of(value: CborValue) -> tuple[EscrowPart, ...] | None:
    """A stored escrow's ``parts`` map, non-empty, each part reading back; else None."""
    if not isinstance(value, dict) or not value:
        return None
    parts = tuple(escrow_part_of(label, value[label]) for label in sorted(value))
    if any(part is None for part in parts):
        return None
    return tuple(part for part in parts if part is not None)


def escrow_of(value: CborValue) -> TaskEscrow | None:
    """
    A stored task escrow, or None when it does not read back.

    References
    ----------
    [AIN-ECON-ESCROW.2] A map of exactly ``payer`` (an address text) and ``amount`` (0 ..
    2**64 - 1), and optionally ``parts``: a non-empty map, label -> ``{reservation_id (an
    ID), amount (1 .. 2**64 - 1)}``, whose amounts sum to ``amount``; anything else counts 0
    in the supply and holds nothing.
    """
    if not isinstance(value, dict) or not {"payer", "amount"} <= set(value) <= ESCROW_KEYS:
        return None
    payer, amount = value["payer"], value["amount"]
    if not is_address_text(payer) or not is_amount(amount):
        return None
    assert isinstance(payer, str) and isinstance(amount, int)
    if "parts" not in value:
        return TaskEscrow(payer, amount)
    parts = escrow_parts_of(value["parts"])
    if parts is None or sum(part.amount for part in parts) != amount:
        return None
    return TaskEscrow(payer, amount, parts)


def escrow_record(escrow: TaskEscrow) -> dict[str, CborValue]:
    """A task escrow as stored [AIN-ECON-ESCROW.2]."""
    record: dict[str, CborValue] = {"payer": escrow.payer, "amount": escrow.amount}
    if escrow.parts:
        record["parts"] = {
            part.label: {"reservation_id": part.reservation_id, "amount": part.amount}
            for part in escrow.parts
        }
    return record


def locked_in_tree(read: Reader) -> int:
    """Every amount the economy holds: deposits, escrows, task escrows, the reward pool.

    References
    ----------
    [AIN-ECON-SUPPLY.2] [AIN-ECON-ESCROW.2]
    """
    deposits = sum(
        record_amount(record, "developer_deposit") + record_amount(record, "provider_deposit")
        for record in records_at(read, CONTRACTS).values()
    )
    escrows = sum(
        record_amount(record, "escrow") for record in records_at(read, RESERVATIONS).values()
    )
    task_escrows = sum(
        escrow.amount
        for escrow in map(escrow_of, records_at(read, ESCROWS).values())
        if escrow is not None
    )
    return deposits + escrows + task_escrows + amount_at(read, REWARD_POOL)


def supply_of_tree(read: Reader) -> tuple[int, int]:
    """
    (total, circulating) supply computed from the tree [AIN-ECON-SUPPLY.2].

    Total: every integer balance, the bonded part (stakes and unbonding entries,
    spec/platform.md), every locked deposit and escrow, the reward pool and the burned amount.
    Circulating: the total less the burned amount.
    """
    burned = amount_at(read, BURNED)
    balances = sum(balances_at(read).values())
    total = balances + total_staked(read) + locked_in_tree(read) + burned
    return total, total - burned
