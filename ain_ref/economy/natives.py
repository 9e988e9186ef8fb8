"""
The ``_economy`` native: every economy transition as a state-tree write, and the area's entry.

A party calls the economy by writing the call's fields, a map, at
``/economy/calls/$kind/$caller/$key/value`` (its rule: the signer is ``$caller`` and the path
is new). The native reads from the tree the records the call names (its contract, its
reservation and that reservation's contract, its evidence, the reward tables and pool, the
parties' balances, the economy's parameters) into a ``Ledger`` holding only them, runs the
transition of ``$kind`` on it, and writes back what changed: each balance by INC_VALUE or
DEC_VALUE, then each changed part of a record by SET_VALUE, all as ``_economy`` through the
write rules. A refused call is a failed transaction: nothing but its signer's replay counter
changes.

Spec: spec/economy.md, "Calls on chain" ([AIN-ECON-CALL.1], [AIN-ECON-CALL-LOAD.1],
[AIN-ECON-CALL-WRITES.1]), "Parameters" ([AIN-ECON-PARAMETERS.1]), "Transfers"
([AIN-ECON-TRANSFER.2]).
Layer: economy. Imports the platform's registration modules, state's native types and the
economy's transitions and records; never chain or consensus.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final

from ain_ref.economy.calls import ID_PATTERN, Call, malformed
from ain_ref.economy.ledger import Contract, Ledger, Parameters, Reservation, total_supply
from ain_ref.economy.locked import LOCKED, record_locked_deposits
from ain_ref.economy.records import (
    BURNED,
    CONTRACTS,
    EVIDENCE,
    PARAMETER_NAMES,
    PERIOD_DEMAND,
    PERIOD_WORK,
    RESERVATIONS,
    REWARD_PERIOD,
    REWARD_POOL,
    REWARDS,
    amount_at,
    balance_path,
    contract_of,
    contract_path,
    counts_at,
    evidence_path,
    ledger_values,
    reservation_of,
    reservation_path,
)
from ain_ref.economy.transactions import TRANSITIONS
from ain_ref.economy.transfer import (
    BALANCE_PATTERN,
    TRANSFER,
    TRANSFER_FUNCTION_ID,
    TRANSFER_PATTERN,
)
from ain_ref.economy.units import GENESIS_SUPPLY
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.platform.area import Area, AreaGenesis
from ain_ref.platform.params import (
    INTEGER,
    CrossConstraint,
    ParameterDefinition,
    Reader,
    read_parameter,
)
from ain_ref.state.natives import FunctionCall, NativeDefinition

ECONOMY_FUNCTION_ID: Final = "_economy"
CALL_PATTERN: Final = "/economy/calls/$kind/$caller/$key/value"
SLASH_PROVERS: Final = ("_execution",)
"""The natives that verify evidence before they call ``slash`` [AIN-ECON-SLASH-PROVER.1]."""


def call_path(kind: str, caller: str, key: str) -> str:
    """Where a party writes an economy call [AIN-ECON-CALL.1]."""
    return f"/economy/calls/{kind}/{caller}/{key}/value"


def economy_parameters(read: Reader) -> Parameters:
    """
    The economy's registered parameters, read with the platform's accessor.

    References
    ----------
    [AIN-ECON-PARAMETERS.1] ``economy/<name>``; never a constant.
    """
    values = {name: read_parameter(read, f"economy/{name}") for name in PARAMETER_NAMES}
    return Parameters(**{name: int(value) for name, value in values.items()})


def field_id(fields: Mapping[str, CborValue], name: str) -> str | None:
    """An ID field's text when it is a well-formed ID, else None (the transition refuses it)."""
    value = fields.get(name)
    return value if isinstance(value, str) and ID_PATTERN.fullmatch(value) else None


def loaded_records(
    read: Reader, fields: Mapping[str, CborValue]
) -> tuple[dict[str, Contract], dict[str, Reservation]]:
    """
    The reservation and contracts a call names, as stored [AIN-ECON-CALL-LOAD.1].

    A reservation whose contract does not read back is left out with it.
    """
    contracts: dict[str, Contract] = {}
    reservations: dict[str, Reservation] = {}
    contract_ids = [field_id(fields, "contract_id")]
    reservation_id = field_id(fields, "reservation_id")
    reservation = None
    if reservation_id is not None:
        reservation = reservation_of(reservation_id, read(reservation_path(reservation_id)))
        if reservation is not None:
            contract_ids.append(reservation.contract_id)
    for contract_id in contract_ids:
        if contract_id is not None:
            contract = contract_of(contract_id, read(contract_path(contract_id)))
            if contract is not None:
                contracts[contract_id] = contract
    if reservation is not None and reservation.contract_id in contracts:
        reservations[reservation.reservation_id] = reservation
    return contracts, reservations


def parties_of(
    caller: str,
    contracts: Mapping[str, Contract],
    reservations: Mapping[str, Reservation],
    counts: tuple[Mapping[str, int], ...],
) -> list[str]:
    """Every address whose balance a call may move, sorted [AIN-ECON-CALL-LOAD.1]."""
    addresses = {caller}
    for contract in contracts.values():
        addresses |= {contract.developer, contract.provider}
    for reservation in reservations.values():
        addresses.add(reservation.executor)
    for table in counts:
        addresses |= set(table)
    return sorted(addresses)


def load_ledger(
    call: FunctionCall, caller: str, fields: Mapping[str, CborValue]
) -> Ledger | Rejection:
    """
    The part of the economy a call may read or change, as a ``Ledger``.

    References
    ----------
    [AIN-ECON-CALL-LOAD.1] Its records, the reward tables, pool, period and burned amount,
    the evidence it names, the parameters, and the balances of its parties; a balance that is
    present and not an integer is DEC_TARGET_NOT_INTEGER.
    """
    read = call.read
    contracts, reservations = loaded_records(read, fields)
    work, demand = counts_at(read, PERIOD_WORK), counts_at(read, PERIOD_DEMAND)
    balances: dict[str, int] = {}
    for address in parties_of(caller, contracts, reservations, (work, demand)):
        stored = read(balance_path(address))
        if stored is not None and type(stored) is not int:
            return Rejection(ErrorCode.DEC_TARGET_NOT_INTEGER, f"balance of {address}")
        if stored:
            assert isinstance(stored, int)
            balances[address] = stored
    evidence_id = field_id(fields, "evidence_id")
    slashed = evidence_id is not None and read(evidence_path(evidence_id)) is True
    return Ledger(
        parameters=economy_parameters(read),
        balances=balances,
        contracts=contracts,
        reservations=reservations,
        reward_pool=amount_at(read, REWARD_POOL),
        burned=amount_at(read, BURNED),
        slashed_evidence=frozenset({evidence_id} if slashed and evidence_id else ()),
        reward_period=amount_at(read, REWARD_PERIOD),
        period_work=work,
        period_demand=demand,
    )


def is_same(old: CborValue, new: CborValue) -> bool:
    """Equal values of the same kinds (a boolean never equals an integer)."""
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(is_same(old[key], new[key]) for key in old)
    return type(old) is type(new) and old == new


def record_changes(path: str, old: CborValue, new: CborValue) -> Iterator[dict[str, CborValue]]:
    """
    SET_VALUE operations turning ``old`` into ``new`` at ``path``, shallowest first.

    Where both are maps, their keys are compared in ascending order and only what differs is
    written; anywhere else the new value (None: a deletion) replaces the old whole.
    """
    if is_same(old, new):
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(old.keys() | new.keys()):
            yield from record_changes(f"{path}/{key}", old.get(key), new.get(key))
        return
    yield {"type": "SET_VALUE", "ref": path, "value": new}


def ledger_changes(before: Ledger, after: Ledger) -> Iterator[dict[str, CborValue]]:
    """
    The writes that turn the loaded part of the economy into the transition's result.

    References
    ----------
    [AIN-ECON-CALL-WRITES.1] First each changed balance in ascending address order (INC_VALUE
    by a gain, DEC_VALUE by a loss), then every changed part of the records in ascending path
    order by SET_VALUE.
    """
    for address in sorted(before.balances.keys() | after.balances.keys()):
        delta = after.balances.get(address, 0) - before.balances.get(address, 0)
        if delta:
            kind = "INC_VALUE" if delta > 0 else "DEC_VALUE"
            yield {"type": kind, "ref": balance_path(address), "value": abs(delta)}
    old_values, new_values = ledger_values(before), ledger_values(after)
    for path in sorted(old_values.keys() | new_values.keys()):
        yield from record_changes(path, old_values.get(path), new_values.get(path))


def run_economy_call(call: FunctionCall) -> Rejection | None:
    """
    Run the economy transition a call names, on the records it names, and write the result.

    References
    ----------
    [AIN-ECON-CALL.1] ``$kind`` names a transition and the value is a map of its fields, or
    ``true`` for none (ECON_MALFORMED); the caller is ``$caller``, the block time the call's
    time.
    [AIN-ECON-CALL-LOAD.1] [AIN-ECON-CALL-WRITES.1]
    [AIN-ECON-TX-ATOMIC.2] A refusal is returned: the transaction fails whole.
    [AIN-ECON-SLASH-PROVER.1] A ``slash`` call counts only when a prover native wrote it.
    """
    kind, caller = call.params["kind"], call.params["caller"]
    transition = TRANSITIONS.get(kind)
    if transition is None:
        return malformed("type", f"unknown call {kind!r:.40}")
    if call.value is not True and not isinstance(call.value, dict):
        return malformed("value", "a call's value is a map of its fields, or true")
    if kind == "slash" and call.caller not in SLASH_PROVERS:
        return Rejection(
            ErrorCode.ECON_SLASH_NOT_PROVEN, f"written by {call.caller or 'the signer'}"
        )
    fields = call.value if isinstance(call.value, dict) else {}
    before = load_ledger(call, caller, fields)
    if isinstance(before, Rejection):
        return before
    after = transition(before, Call(caller, call.block_time, fields, call.transaction_hash))
    if isinstance(after, Rejection):
        return after
    assert total_supply(after) == total_supply(before), kind  # [AIN-ECON-SUPPLY.2]
    for operation in ledger_changes(before, after):
        refused = call.write(operation)
        if refused is not None:
            return refused
    return record_locked_deposits(call, before, after)  # [AIN-ECON-LOCKED-WRITES.1]


ECONOMY: Final = NativeDefinition(
    ECONOMY_FUNCTION_ID, run_economy_call, patterns=(CALL_PATTERN,), parties=("caller",)
)
"""[AIN-PLAT-NATIVE-DECLARE.1] Configurable only at CALL_PATTERN; its party is $caller."""

MILLISECONDS_MAX: Final = 10**13
"""The bound of the economy's durations: 10^13 ms, about 317 years."""

ECONOMY_PARAMETERS: Final = (
    ParameterDefinition(
        "economy", "activation_grace", INTEGER, 3_600_000, 1, MILLISECONDS_MAX, "ms"
    ),
    ParameterDefinition(
        "economy", "dispute_window", INTEGER, 43_200_000, 1, MILLISECONDS_MAX, "ms"
    ),
    ParameterDefinition(
        "economy", "withdrawal_delay", INTEGER, 1_209_600_000, 1, MILLISECONDS_MAX, "ms"
    ),
    ParameterDefinition("economy", "provider_deposit_bps", INTEGER, 1_000, 0, 10_000, "bps"),
    ParameterDefinition("economy", "developer_deposit_bps", INTEGER, 500, 0, 10_000, "bps"),
    ParameterDefinition(
        "economy", "reward_period_length", INTEGER, 86_400_000, 1, MILLISECONDS_MAX, "ms"
    ),
    ParameterDefinition(
        "economy", "reward_per_period", INTEGER, 1_000_000_000, 0, GENESIS_SUPPLY, "base units"
    ),
    ParameterDefinition("economy", "provider_reward_bps", INTEGER, 7_000, 0, 10_000, "bps"),
)
"""[AIN-ECON-PARAMETERS.1] The economy's tunables, registered with the platform."""

ECONOMY_CONSTRAINTS: Final = (
    CrossConstraint(
        "economy/dispute_window_below_withdrawal_delay",
        ("economy/dispute_window", "economy/withdrawal_delay"),
        lambda values: values["economy/dispute_window"] < values["economy/withdrawal_delay"],
        "economy/dispute_window < economy/withdrawal_delay",
    ),
)
"""[AIN-ECON-PARAMETERS.1] Evidence found within a dispute window can still reach a deposit."""

ECONOMY_WRITER: Final = (ECONOMY_FUNCTION_ID,)

ECONOMY_AREA: Final = Area(
    name="economy",
    natives=(TRANSFER, ECONOMY),
    parameters=ECONOMY_PARAMETERS,
    constraints=ECONOMY_CONSTRAINTS,
    genesis=AreaGenesis(
        rules={
            TRANSFER_PATTERN: {"write": "auth.addr === $from && data === null"},
            CALL_PATTERN: {"write": "auth.addr === $caller && data === null"},
        },
        writers={
            BALANCE_PATTERN: (ECONOMY_FUNCTION_ID, TRANSFER_FUNCTION_ID),
            CONTRACTS: ECONOMY_WRITER,
            RESERVATIONS: ECONOMY_WRITER,
            EVIDENCE: ECONOMY_WRITER,
            REWARDS: ECONOMY_WRITER,
            BURNED: ECONOMY_WRITER,
            LOCKED: ECONOMY_WRITER,
        },
    ),
)
"""What the economy registers with the platform (ain_ref.platform.areas lists it)."""
