"""
The ledger's JSON form, as vectors write it: integers as decimal strings, maps sorted by key.

Spec: spec/economy.md, "Handlers" ([AIN-ECON-HANDLER-GENESIS.2]).
Layer: economy. Imports economy.ledger and economy.units.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ain_ref.economy.calls import ID_PATTERN
from ain_ref.economy.ledger import Contract, ContractState, Lane, Ledger, Parameters, Reservation
from ain_ref.economy.records import (
    CONTRACT_AMOUNTS,
    LANE_AMOUNTS,
    PARAMETER_NAMES,
    RESERVATION_AMOUNTS,
    is_address_text,
)
from ain_ref.economy.units import is_amount
from ain_ref.platform.staking import is_decimal_label


class LedgerFormatError(ValueError):
    """A ledger document that is not the JSON form: a harness error, never a verdict."""


def read_int(document: Mapping[str, Any], name: str, default: int | None = None) -> int:
    """An amount written as a plain decimal string."""
    if name not in document and default is not None:
        return default
    text = document.get(name)
    if not isinstance(text, str) or not is_decimal_label(text):
        raise LedgerFormatError(f"{name}: expected a decimal string, got {text!r:.40}")
    value = int(text)
    if not is_amount(value):
        raise LedgerFormatError(f"{name}: out of range")
    return value


def read_object(document: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """An optional JSON object field (absent: empty)."""
    value = document.get(name, {})
    if not isinstance(value, dict):
        raise LedgerFormatError(f"{name}: expected an object")
    return value


def read_counts(document: Mapping[str, Any], name: str) -> dict[str, int]:
    """An object of address -> decimal string."""
    table = read_object(document, name)
    return {address: read_int(table, address) for address in table}


def read_contract(contract_id: str, document: Mapping[str, Any]) -> Contract:
    """One contract record."""
    try:
        state = ContractState(str(document.get("state")))
    except ValueError:
        raise LedgerFormatError(f"{contract_id}: unknown state") from None
    amounts = {name: read_int(document, name, 0) for name in CONTRACT_AMOUNTS}
    developer, provider = document.get("developer"), document.get("provider")
    if not isinstance(developer, str) or not isinstance(provider, str):
        raise LedgerFormatError(f"{contract_id}: developer and provider are text")
    return Contract(
        contract_id=contract_id, developer=developer, provider=provider, state=state, **amounts
    )


def read_reservation(
    reservation_id: str, document: Mapping[str, Any], contracts: Mapping[str, Contract]
) -> Reservation:
    """One reservation record, with its lanes."""
    contract_id, executor = document.get("contract_id"), document.get("executor")
    if contract_id not in contracts or not isinstance(executor, str):
        raise LedgerFormatError(f"{reservation_id}: unknown contract or bad executor")
    lanes_document = read_object(document, "lanes")
    lanes = {
        int(read_int({"lane": number}, "lane")): Lane(
            **{name: read_int(lane, name, 0) for name in LANE_AMOUNTS}
        )
        for number, lane in lanes_document.items()
    }
    settled = document.get("settled", False)
    if not isinstance(settled, bool):
        raise LedgerFormatError(f"{reservation_id}: settled is a boolean")
    origin_text = document.get("origin", "00" * 32)
    if not isinstance(origin_text, str) or not re.fullmatch("[0-9a-f]{64}", origin_text):
        raise LedgerFormatError(f"{reservation_id}: origin is 32 bytes of lowercase hex")
    return Reservation(
        reservation_id=reservation_id,
        contract_id=str(contract_id),
        executor=executor,
        settled=settled,
        lanes=lanes,
        origin=bytes.fromhex(origin_text),
        **{name: read_int(document, name, 0) for name in RESERVATION_AMOUNTS},
    )


def ledger_from_json(document: Mapping[str, Any]) -> Ledger:
    """Read a ledger; absent fields take their defaults (empty maps, 0, default parameters)."""
    if not isinstance(document, dict):
        raise LedgerFormatError("a ledger is a JSON object")
    default_parameters = Parameters()
    parameters_document = read_object(document, "parameters")
    parameters = Parameters(
        **{
            name: read_int(parameters_document, name, getattr(default_parameters, name))
            for name in PARAMETER_NAMES
        }
    )
    contracts = {
        contract_id: read_contract(contract_id, contract)
        for contract_id, contract in read_object(document, "contracts").items()
    }
    reservations = {
        reservation_id: read_reservation(reservation_id, reservation, contracts)
        for reservation_id, reservation in read_object(document, "reservations").items()
    }
    evidence = document.get("slashed_evidence", [])
    if not isinstance(evidence, list) or not all(isinstance(item, str) for item in evidence):
        raise LedgerFormatError("slashed_evidence: a list of text")
    ledger = Ledger(
        chain_id=read_int(document, "chain_id", 0),
        parameters=parameters,
        balances=read_counts(document, "balances"),
        contracts=contracts,
        reservations=reservations,
        reward_pool=read_int(document, "reward_pool", 0),
        burned=read_int(document, "burned", 0),
        slashed_evidence=frozenset(evidence),
        reward_period=read_int(document, "reward_period", 0),
        period_work=read_counts(document, "period_work"),
        period_demand=read_counts(document, "period_demand"),
    )
    check_storable(ledger)
    return ledger


def check_storable(ledger: Ledger) -> None:
    """IDs are path labels and parties are addresses, so the ledger can live in the tree."""
    ids = [*ledger.contracts, *ledger.reservations, *ledger.slashed_evidence]
    if not all(ID_PATTERN.fullmatch(item) for item in ids):
        raise LedgerFormatError("IDs are 1..64 of A-Z a-z 0-9 _ -")
    addresses = [*ledger.balances, *ledger.period_work, *ledger.period_demand]
    for contract in ledger.contracts.values():
        addresses += [contract.developer, contract.provider]
    addresses += [reservation.executor for reservation in ledger.reservations.values()]
    if not all(is_address_text(address) for address in addresses):
        raise LedgerFormatError("balances and parties are keyed by address text")


def counts_to_json(counts: Mapping[str, int]) -> dict[str, str]:
    """An address -> amount table, sorted, as decimal strings."""
    return {address: str(counts[address]) for address in sorted(counts)}


def contract_to_json(contract: Contract) -> dict[str, Any]:
    """One contract record, every field written."""
    document: dict[str, Any] = {name: str(getattr(contract, name)) for name in CONTRACT_AMOUNTS}
    document.update(
        developer=contract.developer, provider=contract.provider, state=contract.state.value
    )
    return dict(sorted(document.items()))


def reservation_to_json(reservation: Reservation) -> dict[str, Any]:
    """One reservation record, every field written, lanes by number."""
    document: dict[str, Any] = {
        name: str(getattr(reservation, name)) for name in RESERVATION_AMOUNTS
    }
    document.update(
        contract_id=reservation.contract_id,
        executor=reservation.executor,
        origin=reservation.origin.hex(),
        settled=reservation.settled,
        lanes={
            str(number): {
                name: str(getattr(reservation.lanes[number], name)) for name in LANE_AMOUNTS
            }
            for number in sorted(reservation.lanes)
        },
    )
    return dict(sorted(document.items()))


def ledger_to_json(ledger: Ledger) -> dict[str, Any]:
    """Write a ledger with every field, maps sorted by key."""
    return {
        "balances": counts_to_json(ledger.balances),
        "burned": str(ledger.burned),
        "chain_id": str(ledger.chain_id),
        "contracts": {
            contract_id: contract_to_json(ledger.contracts[contract_id])
            for contract_id in sorted(ledger.contracts)
        },
        "parameters": {
            name: str(getattr(ledger.parameters, name)) for name in sorted(PARAMETER_NAMES)
        },
        "period_demand": counts_to_json(ledger.period_demand),
        "period_work": counts_to_json(ledger.period_work),
        "reservations": {
            reservation_id: reservation_to_json(ledger.reservations[reservation_id])
            for reservation_id in sorted(ledger.reservations)
        },
        "reward_period": str(ledger.reward_period),
        "reward_pool": str(ledger.reward_pool),
        "slashed_evidence": sorted(ledger.slashed_evidence),
    }
