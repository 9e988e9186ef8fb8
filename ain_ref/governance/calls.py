"""
The ``_governance`` native: submit, deposit, vote, cancel and claim as state-tree writes.

A party calls governance by writing the call's fields, a map, at
``/governance/calls/$kind/$caller/$key/value`` (its rule: the signer is ``$caller`` and the path
is new). Each kind checks its fields and the records it names in the order the spec lists, then
writes, as ``_governance`` through the write rules. A refused call fails its transaction:
nothing changes but the signer's replay counter.

Spec: spec/governance.md, "Calls on chain" ([AIN-GOV-CALL.1], [AIN-GOV-SUBMIT.2],
[AIN-GOV-DEPOSIT.1], [AIN-GOV-VOTE.1], [AIN-GOV-CANCEL.1], [AIN-GOV-CLAIM.1]).
Layer: governance. Imports the platform's registration modules, state's native types and the
governance modules below it; never chain.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.governance.change import change_rejection, parse_change
from ain_ref.governance.parameters import governance_parameter
from ain_ref.governance.records import (
    COUNT,
    DEPOSIT_PERIOD,
    MAX_QUEUED_PER_HEIGHT,
    REFUNDABLE,
    VOTING,
    Proposal,
    change_value,
    deposit_path,
    open_path,
    overridden_path,
    proposal_path,
    queue_path,
    read_proposal,
    stored_count,
    tally_path,
    vote_path,
)
from ain_ref.governance.tally import Option, parse_option
from ain_ref.governance.weights import Constituency, weight_at
from ain_ref.platform.staking import balance_path, delegations_at, power_at
from ain_ref.state.natives import FunctionCall

GOVERNANCE_FUNCTION_ID: Final = "_governance"
CALL_PATTERN: Final = "/governance/calls/$kind/$caller/$key/value"
Operation = dict[str, CborValue]


def call_path(kind: str, caller: str, key: str) -> str:
    """Where a party writes a governance call [AIN-GOV-CALL.1]."""
    return f"/governance/calls/{kind}/{caller}/{key}/value"


def malformed(detail: str) -> Rejection:
    """A call's field missing, ill-typed or out of range [AIN-GOV-CALL.1]."""
    return Rejection(ErrorCode.GOV_MALFORMED, detail)


def set_value(path: str, value: CborValue) -> Operation:
    """A SET_VALUE operation."""
    return {"type": "SET_VALUE", "ref": path, "value": value}


def add_value(path: str, delta: int) -> Operation:
    """An INC_VALUE (delta > 0) or DEC_VALUE (delta < 0) operation."""
    kind = "INC_VALUE" if delta > 0 else "DEC_VALUE"
    return {"type": kind, "ref": path, "value": abs(delta)}


def write_all(call: FunctionCall, operations: list[Operation]) -> Rejection | None:
    """Apply operations as the native, in order; the first refusal fails the call."""
    for operation in operations:
        refused = call.write(operation)
        if refused is not None:
            return refused
    return None


def read_amount(fields: Mapping[str, CborValue], name: str) -> int | Rejection:
    """
    A required amount field: a positive integer (GOV_MALFORMED).

    A stored integer is at most 2**64 - 1 (spec/state.md), so no larger amount reaches here.
    """
    value = fields.get(name)
    if type(value) is not int or value < 1:
        return malformed(f"{name}: a positive integer")
    return value


def named_proposal(call: FunctionCall, fields: Mapping[str, CborValue]) -> Proposal | Rejection:
    """
    The proposal a call names in ``proposal``.

    References
    ----------
    [AIN-GOV-CALL.1] ``proposal`` is a decimal id text (GOV_MALFORMED); a proposal never
    submitted is GOV_PROPOSAL_UNKNOWN.
    """
    proposal_id = fields.get("proposal")
    if not isinstance(proposal_id, str) or not proposal_id:
        return malformed("proposal: a decimal id text")
    proposal = read_proposal(call.read, proposal_id)
    if proposal is None:
        return Rejection(ErrorCode.GOV_PROPOSAL_UNKNOWN, f"{proposal_id!r:.40}")
    return proposal


def balance_covers(call: FunctionCall, address: str, amount: int) -> Rejection | None:
    """
    Whether an account's balance covers an amount.

    Absent is 0; present and not an integer is DEC_TARGET_NOT_INTEGER; too small is
    GOV_INSUFFICIENT_BALANCE.
    """
    balance = call.read(balance_path(address))
    if balance is not None and type(balance) is not int:
        return Rejection(ErrorCode.DEC_TARGET_NOT_INTEGER, f"balance of {address}")
    if (balance or 0) < amount:
        return Rejection(ErrorCode.GOV_INSUFFICIENT_BALANCE, f"{address} holds {balance or 0}")
    return None


def proposal_heights(call: FunctionCall) -> tuple[int, int, int]:
    """
    The deposit end, voting end and activation of a proposal submitted now.

    References
    ----------
    [AIN-GOV-LIFECYCLE.1] deposit_end = h + deposit_period; voting_end = deposit_end +
    voting_period; activation = voting_end + enactment_delay.
    """
    deposit_end = call.block_height + governance_parameter(call.read, "deposit_period")
    voting_end = deposit_end + governance_parameter(call.read, "voting_period")
    activation = voting_end + governance_parameter(call.read, "enactment_delay")
    return deposit_end, voting_end, activation


def submit(call: FunctionCall, caller: str, fields: Mapping[str, CborValue]) -> Rejection | None:
    """
    Submit a proposal with its initial deposit.

    References
    ----------
    [AIN-GOV-SUBMIT.2] In order: ``deposit`` (GOV_MALFORMED); ``change`` ([AIN-GOV-CHANGE.1]);
    the change judged over the current parameters ([AIN-GOV-CHANGE-CHECK.1]); the deposit at
    least governance/min_initial_deposit (GOV_DEPOSIT_TOO_SMALL); fewer than
    governance/max_open_proposals open proposals of the caller (GOV_TOO_MANY_OPEN); room at
    each of the three heights ([AIN-GOV-QUEUE.1]); the balance (GOV_INSUFFICIENT_BALANCE);
    nothing stored at the next id's record path (GOV_PROPOSAL_ID_TAKEN: a submission never
    writes over a record, well formed or not).
    """
    amount = read_amount(fields, "deposit")
    if isinstance(amount, Rejection):
        return amount
    change = parse_change(fields.get("change"))
    if isinstance(change, Rejection):
        return change
    rejection = change_rejection(call.read, change)
    if rejection is not None:
        return rejection
    if amount < governance_parameter(call.read, "min_initial_deposit"):
        return Rejection(ErrorCode.GOV_DEPOSIT_TOO_SMALL, str(amount))
    open_count = stored_count(call.read, open_path(caller))
    if open_count >= governance_parameter(call.read, "max_open_proposals"):
        return Rejection(ErrorCode.GOV_TOO_MANY_OPEN, caller)
    heights = proposal_heights(call)
    for height in heights:
        queued = call.read(queue_path(height))
        if isinstance(queued, dict) and len(queued) >= MAX_QUEUED_PER_HEIGHT:
            return Rejection(ErrorCode.GOV_QUEUE_FULL, f"height {height}")
    rejection = balance_covers(call, caller, amount)
    if rejection is not None:
        return rejection
    proposal_id = str(stored_count(call.read, COUNT))
    if call.read(proposal_path(proposal_id)) is not None:
        return Rejection(ErrorCode.GOV_PROPOSAL_ID_TAKEN, proposal_id)
    deposit_end, voting_end, activation = heights
    record: dict[str, CborValue] = {
        "proposer": caller,
        "status": DEPOSIT_PERIOD,
        "change": change_value(change),
        "deposit": amount,
        "submitted": call.block_height,
        "deposit_end": deposit_end,
        "voting_end": voting_end,
        "activation": activation,
    }
    return write_all(
        call,
        [
            add_value(balance_path(caller), -amount),
            set_value(COUNT, int(proposal_id) + 1),
            set_value(proposal_path(proposal_id), record),
            set_value(deposit_path(proposal_id, caller), amount),
            set_value(open_path(caller), open_count + 1),
            *(set_value(f"{queue_path(height)}/{proposal_id}", True) for height in heights),
        ],
    )


def deposit(call: FunctionCall, caller: str, fields: Mapping[str, CborValue]) -> Rejection | None:
    """
    Add to a proposal's deposit during its deposit period.

    References
    ----------
    [AIN-GOV-DEPOSIT.1] In order: ``proposal`` ([AIN-GOV-CALL.1]); ``amount`` (GOV_MALFORMED);
    the status is ``deposit`` (GOV_WRONG_STATUS); the balance (GOV_INSUFFICIENT_BALANCE).
    """
    proposal = named_proposal(call, fields)
    if isinstance(proposal, Rejection):
        return proposal
    amount = read_amount(fields, "amount")
    if isinstance(amount, Rejection):
        return amount
    if proposal.status != DEPOSIT_PERIOD:
        return Rejection(ErrorCode.GOV_WRONG_STATUS, proposal.status)
    rejection = balance_covers(call, caller, amount)
    if rejection is not None:
        return rejection
    held = proposal_path(proposal.proposal_id)
    return write_all(
        call,
        [
            add_value(balance_path(caller), -amount),
            add_value(f"{held}/deposit", amount),
            add_value(deposit_path(proposal.proposal_id, caller), amount),
        ],
    )


def counted_option(call: FunctionCall, proposal_id: str, voter: str) -> Option | None:
    """The voter's counted option on a proposal, or None."""
    stored = call.read(vote_path(proposal_id, voter))
    option = parse_option(stored)
    return None if isinstance(option, Rejection) else option


def validator_deltas(
    call: FunctionCall, proposal: Proposal, voter: str, option: Option
) -> tuple[dict[Option, int], list[tuple[str, int]]] | None:
    """
    What a vote adds to the validators' sums, and the stakes it overrides, by validator.

    None when the voter holds no power there (no power and no delegation at the snapshot).

    References
    ----------
    [AIN-GOV-VOTE.1] At the snapshot height: each delegation of the voter moves its stake (an
    override on the first vote takes it out of the validator's counted option); a validator's
    own weight is its power less the stakes its voting delegators overrode
    ([AIN-GOV-POWER.1], [AIN-GOV-TALLY-RUNNING.1]).
    """
    snapshot, proposal_id = proposal.deposit_end, proposal.proposal_id
    delegations = delegations_at(call.read, voter, snapshot)
    power = power_at(call.read, voter, snapshot)
    if power <= 0 and not delegations:
        return None
    previous = counted_option(call, proposal_id, voter)
    deltas = dict.fromkeys(Option, 0)
    overrides: list[tuple[str, int]] = []
    for validator, stake in delegations:
        deltas[option] += stake
        if previous is not None:
            deltas[previous] -= stake
            continue
        overrides.append((validator, stake))
        inherited = counted_option(call, proposal_id, validator)
        if inherited is not None:
            deltas[inherited] -= stake
    if power > 0:
        weight = power - stored_count(call.read, overridden_path(proposal_id, voter))
        deltas[option] += weight
        if previous is not None:
            deltas[previous] -= weight
    return deltas, overrides


def role_deltas(
    call: FunctionCall, proposal: Proposal, voter: str, option: Option
) -> dict[Constituency, dict[Option, int]]:
    """
    What a vote adds to the developers' and providers' sums, where the voter has weight.

    References
    ----------
    [AIN-GOV-CONSTITUENCY-VOTE.1] No delegation: the voter's weight at the snapshot height
    goes to its option, and a changed vote moves it from the previous option.
    """
    previous = counted_option(call, proposal.proposal_id, voter)
    moved: dict[Constituency, dict[Option, int]] = {}
    for constituency in (Constituency.DEVELOPERS, Constituency.PROVIDERS):
        weight = weight_at(call.read, voter, constituency, proposal.deposit_end)
        if weight > 0:
            deltas = dict.fromkeys(Option, 0)
            deltas[option] += weight
            if previous is not None:
                deltas[previous] -= weight
            moved[constituency] = deltas
    return moved


def tally_writes(proposal_id: str, constituency: str, deltas: dict[Option, int]) -> list[Operation]:
    """One INC_VALUE or DEC_VALUE per option whose net change is not 0, in option order."""
    path = tally_path(proposal_id, constituency)
    return [add_value(f"{path}/{each.value}", deltas[each]) for each in Option if deltas[each]]


def vote(call: FunctionCall, caller: str, fields: Mapping[str, CborValue]) -> Rejection | None:
    """
    Cast or change a vote, weighed at the proposal's snapshot in every constituency.

    References
    ----------
    [AIN-GOV-VOTE.1] In order: ``proposal`` ([AIN-GOV-CALL.1]); ``option``
    ([AIN-GOV-OPTIONS.1]); the status is ``voting`` (GOV_WRONG_STATUS); the caller holds
    power at the snapshot height in some constituency (GOV_VOTER_NO_POWER,
    [AIN-GOV-CONSTITUENCY-VOTE.1]). The same option again writes nothing; otherwise the
    overrides, then each option's net change in validators, developers, providers, then the
    vote [AIN-GOV-TALLY-RUNNING.1].
    """
    proposal = named_proposal(call, fields)
    if isinstance(proposal, Rejection):
        return proposal
    option = parse_option(fields.get("option"))
    if isinstance(option, Rejection):
        return option
    if proposal.status != VOTING:
        return Rejection(ErrorCode.GOV_WRONG_STATUS, proposal.status)
    validators = validator_deltas(call, proposal, caller, option)
    roles = role_deltas(call, proposal, caller, option)
    if validators is None and not roles:
        return Rejection(ErrorCode.GOV_VOTER_NO_POWER, caller)
    if counted_option(call, proposal.proposal_id, caller) == option:
        return None
    proposal_id = proposal.proposal_id
    operations: list[Operation] = []
    if validators is not None:
        deltas, overrides = validators
        operations += [
            add_value(overridden_path(proposal_id, validator), stake)
            for validator, stake in overrides
        ]
        operations += tally_writes(proposal_id, Constituency.VALIDATORS, deltas)
    for constituency, moved in roles.items():
        operations += tally_writes(proposal_id, constituency, moved)
    operations.append(set_value(vote_path(proposal_id, caller), option.value))
    return write_all(call, operations)


def cancel(call: FunctionCall, caller: str, fields: Mapping[str, CborValue]) -> Rejection | None:
    """
    The proposer withdraws a proposal during its deposit period.

    References
    ----------
    [AIN-GOV-CANCEL.1] In order: ``proposal`` ([AIN-GOV-CALL.1]); the caller is the proposer
    (GOV_NOT_PROPOSER); the status is ``deposit`` (GOV_WRONG_STATUS). The status becomes
    ``cancelled`` and the proposer's open count falls by one; deposits are claimed back.
    """
    proposal = named_proposal(call, fields)
    if isinstance(proposal, Rejection):
        return proposal
    if caller != proposal.proposer:
        return Rejection(ErrorCode.GOV_NOT_PROPOSER, caller)
    if proposal.status != DEPOSIT_PERIOD:
        return Rejection(ErrorCode.GOV_WRONG_STATUS, proposal.status)
    open_count = stored_count(call.read, open_path(caller))
    return write_all(
        call,
        [
            set_value(f"{proposal_path(proposal.proposal_id)}/status", "cancelled"),
            set_value(open_path(caller), open_count - 1 if open_count > 1 else None),
        ],
    )


def claim(call: FunctionCall, caller: str, fields: Mapping[str, CborValue]) -> Rejection | None:
    """
    Take back one's deposit from a proposal that ended without a veto.

    References
    ----------
    [AIN-GOV-CLAIM.1] In order: ``proposal`` ([AIN-GOV-CALL.1]); the status is one of
    [AIN-GOV-DEPOSIT-OUTCOME.1]'s refunded ones (GOV_WRONG_STATUS); the caller holds a
    positive deposit on it (GOV_NOTHING_TO_CLAIM). The amount goes to the caller's balance,
    leaves the proposal's held deposit, and the caller's deposit record is deleted.
    """
    proposal = named_proposal(call, fields)
    if isinstance(proposal, Rejection):
        return proposal
    if proposal.status not in REFUNDABLE:
        return Rejection(ErrorCode.GOV_WRONG_STATUS, proposal.status)
    held = call.read(deposit_path(proposal.proposal_id, caller))
    if type(held) is not int or not 0 < held <= proposal.deposit:
        return Rejection(ErrorCode.GOV_NOTHING_TO_CLAIM, caller)
    return write_all(
        call,
        [
            add_value(balance_path(caller), held),
            add_value(f"{proposal_path(proposal.proposal_id)}/deposit", -held),
            set_value(deposit_path(proposal.proposal_id, caller), None),
        ],
    )


CallKind = Callable[[FunctionCall, str, Mapping[str, CborValue]], Rejection | None]
CALL_KINDS: Final[Mapping[str, CallKind]] = {
    "submit": submit,
    "deposit": deposit,
    "vote": vote,
    "cancel": cancel,
    "claim": claim,
}
"""[AIN-GOV-CALL.1] The five kinds of call, by ``$kind``."""


def run_governance_call(call: FunctionCall) -> Rejection | None:
    """
    Run the governance call ``$kind`` names.

    References
    ----------
    [AIN-GOV-CALL.1] ``$kind`` is one of submit, deposit, vote, cancel, claim and the value is
    a map of its fields (GOV_MALFORMED); the caller is ``$caller``; a refusal fails the
    transaction whole.
    """
    kind, caller = call.params["kind"], call.params["caller"]
    run = CALL_KINDS.get(kind)
    if run is None:
        return malformed(f"unknown call {kind!r:.40}")
    if not isinstance(call.value, dict):
        return malformed("a call's value is a map of its fields")
    return run(call, caller, call.value)
