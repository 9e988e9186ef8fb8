"""
The service contract state machine and its derived status "expired".

Transitions: propose, accept, cancel, activate, missed activation, terminate, settle.

proposed -> accepted (both deposits locked) -> active -> expired | terminated -> settled;
proposed | accepted -> cancelled (before the start); accepted -> settled when the provider
never activates (its deposit is slashed). Every transition checks in the order its clause lists
and returns a new ledger or the rejection of the first failed check.

Spec: spec/economy.md, "Service contracts" ([AIN-ECON-CONTRACT-*]).
Layer: economy. Imports economy.ledger, economy.units, economy.slashing, economy.calls.
"""

from __future__ import annotations

from typing import Final

import attrs

from ain_ref.economy.calls import Call, read_fields
from ain_ref.economy.ledger import (
    Contract,
    ContractState,
    Ledger,
    balance_of,
    with_balance_delta,
    with_contract,
)
from ain_ref.economy.slashing import (
    SLASHING_TABLE,
    EvidenceType,
    divide_slash,
    slash_amount,
)
from ain_ref.economy.units import BASIS_POINTS, checked_product, fraction_ceiling
from ain_ref.errors import ErrorCode, Rejection

PROPOSAL_LAYOUT: Final = (
    ("contract_id", "text"),
    ("provider", "address"),
    ("start_time", "amount"),
    ("end_time", "amount"),
    ("price_per_request", "amount"),
    ("capacity_requests", "amount"),
    ("provider_share_bps", "amount"),
    ("developer_deposit", "amount"),
    ("provider_deposit", "amount"),
)
CONTRACT_ID_LAYOUT: Final = (("contract_id", "text"),)


def contract_status(contract: Contract, time: int) -> str:
    """
    The status a reader sees: the stored state, or "expired" for an active contract past its end.

    References
    ----------
    [AIN-ECON-CONTRACT-STATES.1] Expiry is derived from block time; no block step writes it.
    """
    if contract.state is ContractState.ACTIVE and time >= contract.end_time:
        return "expired"
    return contract.state.value


def required_deposit(contract_value: int, deposit_bps: int) -> int:
    """
    ceil(contract value * rate / 10,000) [AIN-ECON-DEPOSIT-FORMULA.1].

    pre: 0 <= contract_value <= 2**64 - 1
    pre: 0 <= deposit_bps <= BASIS_POINTS
    post: 0 <= __return__ <= contract_value
    post: __return__ * BASIS_POINTS >= contract_value * deposit_bps
    """
    return fraction_ceiling(contract_value, deposit_bps, BASIS_POINTS)


def propose_contract(ledger: Ledger, call: Call) -> Ledger | Rejection:
    """
    The developer proposes a contract and locks its deposit.

    References
    ----------
    [AIN-ECON-CONTRACT-PROPOSE.1] fields; unused ID; terms; value fits; deposits by formula;
    balance covers the developer deposit; then developer balance -= developer_deposit.
    """
    fields = read_fields(call, PROPOSAL_LAYOUT)
    if isinstance(fields, Rejection):
        return fields
    terms = fields.amounts
    contract_id, provider = fields.texts["contract_id"], fields.texts["provider"]
    if contract_id in ledger.contracts:
        return Rejection(ErrorCode.ECON_DUPLICATE_ID, contract_id)
    # [AIN-ECON-CONTRACT-TERMS.1]
    if not (
        call.time < terms["start_time"] < terms["end_time"]
        and provider != call.caller
        and terms["price_per_request"] > 0
        and terms["capacity_requests"] > 0
        and terms["provider_share_bps"] <= BASIS_POINTS
    ):
        return Rejection(ErrorCode.ECON_BAD_TERMS, contract_id)
    contract_value = checked_product(terms["price_per_request"], terms["capacity_requests"])
    if contract_value is None:
        return Rejection(ErrorCode.ECON_AMOUNT_OUT_OF_RANGE, "price * capacity")
    # [AIN-ECON-DEPOSIT-FORMULA.1]
    parameters = ledger.parameters
    if terms["developer_deposit"] < required_deposit(
        contract_value, parameters.developer_deposit_bps
    ) or terms["provider_deposit"] < required_deposit(
        contract_value, parameters.provider_deposit_bps
    ):
        return Rejection(ErrorCode.ECON_DEPOSIT_TOO_SMALL, contract_id)
    if balance_of(ledger, call.caller) < terms["developer_deposit"]:
        return Rejection(ErrorCode.ECON_INSUFFICIENT_BALANCE, call.caller)
    contract = Contract(
        contract_id=contract_id,
        developer=call.caller,
        provider=provider,
        start_time=terms["start_time"],
        end_time=terms["end_time"],
        price_per_request=terms["price_per_request"],
        capacity_requests=terms["capacity_requests"],
        provider_share_bps=terms["provider_share_bps"],
        developer_deposit=terms["developer_deposit"],
        provider_deposit=0,
        provider_deposit_due=terms["provider_deposit"],
        state=ContractState.PROPOSED,
    )
    ledger = with_balance_delta(ledger, call.caller, -terms["developer_deposit"])
    return with_contract(ledger, contract)


def find_contract(ledger: Ledger, call: Call) -> Contract | Rejection:
    """The contract named by the call's ``contract_id`` field."""
    fields = read_fields(call, CONTRACT_ID_LAYOUT)
    if isinstance(fields, Rejection):
        return fields
    contract = ledger.contracts.get(fields.texts["contract_id"])
    if contract is None:
        return Rejection(ErrorCode.ECON_UNKNOWN_CONTRACT, fields.texts["contract_id"])
    return contract


def not_party(call: Call) -> Rejection:
    """[AIN-ECON-CALLER.1] The caller is not the party the transition names."""
    return Rejection(ErrorCode.ECON_CALLER_NOT_PARTY, call.caller)


def wrong_state(contract: Contract) -> Rejection:
    """[AIN-ECON-CONTRACT-STATES.1] The transition is not allowed from this state."""
    return Rejection(ErrorCode.ECON_WRONG_STATE, contract.state.value)


def accept_contract(ledger: Ledger, call: Call) -> Ledger | Rejection:
    """
    The provider accepts and locks its deposit.

    References
    ----------
    [AIN-ECON-CONTRACT-ACCEPT.1] contract exists; caller is the provider; state proposed;
    time < start_time; balance covers provider_deposit_due; then provider balance -= it.
    """
    contract = find_contract(ledger, call)
    if isinstance(contract, Rejection):
        return contract
    if call.caller != contract.provider:
        return not_party(call)
    if contract.state is not ContractState.PROPOSED:
        return wrong_state(contract)
    if call.time >= contract.start_time:
        return Rejection(ErrorCode.ECON_TOO_LATE, "the contract has started")
    due = contract.provider_deposit_due
    if balance_of(ledger, call.caller) < due:
        return Rejection(ErrorCode.ECON_INSUFFICIENT_BALANCE, call.caller)
    accepted = attrs.evolve(contract, provider_deposit=due, state=ContractState.ACCEPTED)
    return with_contract(with_balance_delta(ledger, call.caller, -due), accepted)


def release_deposits(ledger: Ledger, contract: Contract, state: ContractState) -> Ledger:
    """Return both locked deposits to their owners and store the contract in ``state``."""
    ledger = with_balance_delta(ledger, contract.developer, contract.developer_deposit)
    ledger = with_balance_delta(ledger, contract.provider, contract.provider_deposit)
    released = attrs.evolve(contract, developer_deposit=0, provider_deposit=0, state=state)
    return with_contract(ledger, released)


def cancel_contract(ledger: Ledger, call: Call) -> Ledger | Rejection:
    """
    Either party cancels before the start; both deposits return.

    References
    ----------
    [AIN-ECON-CONTRACT-CANCEL.1] contract exists; caller is developer or provider; state
    proposed or accepted; time < start_time; then both locked deposits return to their owners.
    """
    contract = find_contract(ledger, call)
    if isinstance(contract, Rejection):
        return contract
    if call.caller not in (contract.developer, contract.provider):
        return not_party(call)
    if contract.state not in (ContractState.PROPOSED, ContractState.ACCEPTED):
        return wrong_state(contract)
    if call.time >= contract.start_time:
        return Rejection(ErrorCode.ECON_TOO_LATE, "the contract has started")
    contract = attrs.evolve(contract, ended_at=call.time)
    return release_deposits(ledger, contract, ContractState.CANCELLED)


def activate_contract(ledger: Ledger, call: Call) -> Ledger | Rejection:
    """
    The provider activates an accepted contract within the activation grace.

    References
    ----------
    [AIN-ECON-CONTRACT-ACTIVATE.1] contract exists; caller is the provider; state accepted;
    start_time <= time (else too early) < start_time + activation_grace (else too late);
    no balance moves.
    """
    contract = find_contract(ledger, call)
    if isinstance(contract, Rejection):
        return contract
    if call.caller != contract.provider:
        return not_party(call)
    if contract.state is not ContractState.ACCEPTED:
        return wrong_state(contract)
    if call.time < contract.start_time:
        return Rejection(ErrorCode.ECON_TOO_EARLY, "before the start")
    if call.time >= contract.start_time + ledger.parameters.activation_grace:
        return Rejection(ErrorCode.ECON_TOO_LATE, "after the activation grace")
    return with_contract(ledger, attrs.evolve(contract, state=ContractState.ACTIVE))


def slash_provider(
    ledger: Ledger, contract: Contract, evidence_type: EvidenceType, reporter: str
) -> tuple[Ledger, Contract]:
    """
    Take the table's fraction of the provider deposit and pay its receivers.

    References
    ----------
    [AIN-ECON-SLASH-AMOUNT.1], [AIN-ECON-SLASH-RECEIVERS.1]
    """
    rule = SLASHING_TABLE[evidence_type]
    slashed = slash_amount(contract.provider_deposit, rule.fraction_bps)
    reporter_part, counterparty_part, burned_part = divide_slash(slashed, rule)
    ledger = with_balance_delta(ledger, reporter, reporter_part)
    ledger = with_balance_delta(ledger, contract.developer, counterparty_part)
    ledger = attrs.evolve(ledger, burned=ledger.burned + burned_part)
    contract = attrs.evolve(contract, provider_deposit=contract.provider_deposit - slashed)
    return with_contract(ledger, contract), contract


def report_missed_activation(ledger: Ledger, call: Call) -> Ledger | Rejection:
    """
    The developer reports a provider that never activated; the contract settles at once.

    References
    ----------
    [AIN-ECON-CONTRACT-MISSED.1] contract exists; caller is the developer; state accepted;
    time >= start_time + activation_grace; then the provider deposit is slashed by
    missed_activation (reporter part to the developer) and the rest of both deposits return.
    """
    contract = find_contract(ledger, call)
    if isinstance(contract, Rejection):
        return contract
    if call.caller != contract.developer:
        return not_party(call)
    if contract.state is not ContractState.ACCEPTED:
        return wrong_state(contract)
    if call.time < contract.start_time + ledger.parameters.activation_grace:
        return Rejection(ErrorCode.ECON_TOO_EARLY, "within the activation grace")
    ledger, contract = slash_provider(
        ledger, contract, EvidenceType.MISSED_ACTIVATION, contract.developer
    )
    contract = attrs.evolve(contract, ended_at=call.time)
    return release_deposits(ledger, contract, ContractState.SETTLED)


def terminate_contract(ledger: Ledger, call: Call) -> Ledger | Rejection:
    """
    Either party ends an active contract before its end; a provider's exit is slashed.

    References
    ----------
    [AIN-ECON-CONTRACT-TERMINATE.1] contract exists; caller is developer or provider; state
    active; time < end_time; then ended_at = time, state terminated, and when the provider
    terminates its deposit is slashed by provider_exit.
    """
    contract = find_contract(ledger, call)
    if isinstance(contract, Rejection):
        return contract
    if call.caller not in (contract.developer, contract.provider):
        return not_party(call)
    if contract.state is not ContractState.ACTIVE:
        return wrong_state(contract)
    if call.time >= contract.end_time:
        return Rejection(ErrorCode.ECON_TOO_LATE, "the contract has expired")
    if call.caller == contract.provider:
        ledger, contract = slash_provider(
            ledger, contract, EvidenceType.PROVIDER_EXIT, contract.developer
        )
    ended = attrs.evolve(contract, state=ContractState.TERMINATED, ended_at=call.time)
    return with_contract(ledger, ended)


def contract_end(contract: Contract) -> int:
    """When the contract's service ended: its end time, or when it ended early."""
    return contract.ended_at if contract.ended_at else contract.end_time


def settle_contract(ledger: Ledger, call: Call) -> Ledger | Rejection:
    """
    Either party pulls the deposits back once the withdrawal delay has passed.

    References
    ----------
    [AIN-ECON-CONTRACT-SETTLE.1] contract exists; caller is developer or provider; state
    active (expired) or terminated; time >= end + withdrawal_delay; then both remaining
    deposits return and the state is settled.
    """
    contract = find_contract(ledger, call)
    if isinstance(contract, Rejection):
        return contract
    if call.caller not in (contract.developer, contract.provider):
        return not_party(call)
    if contract.state not in (ContractState.ACTIVE, ContractState.TERMINATED):
        return wrong_state(contract)
    if call.time < contract_end(contract) + ledger.parameters.withdrawal_delay:
        return Rejection(ErrorCode.ECON_TOO_EARLY, "within the withdrawal delay")
    return release_deposits(ledger, contract, ContractState.SETTLED)
