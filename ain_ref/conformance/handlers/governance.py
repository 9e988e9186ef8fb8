"""
The governance area's vector handlers (spec/governance.md, "Handlers").

Spec: spec/conformance.md, "Handlers" ([AIN-CONF-HANDLER.1]); spec/governance.md, "Handlers".
Layer: conformance. The governance area owns this file; no other area edits it.
"""

from __future__ import annotations

from typing import Any

from ain_ref.conformance.handlers.base import Handler, HandlerResult
from ain_ref.conformance.handlers.platform import applied_blocks, supply_json
from ain_ref.conformance.typed_json import (
    HandlerInputError,
    JsonObject,
    field,
    parse_decimal,
    text_of,
    to_typed_json,
)
from ain_ref.errors import Rejection
from ain_ref.governance.power import Delegation, build_snapshot
from ain_ref.governance.records import (
    TALLY_FIELDS,
    Proposal,
    held_and_burned,
    is_decimal_id,
    read_proposal,
)
from ain_ref.governance.tally import (
    Option,
    RunningTally,
    Threshold,
    Thresholds,
    thresholds_rejection,
    verdict,
)
from ain_ref.platform.params import PARAMETERS, read_parameter
from ain_ref.platform.steps import values_path


def object_list(document: JsonObject, name: str) -> list[JsonObject]:
    """A required list of JSON objects."""
    value = field(document, name)
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise HandlerInputError(f"{name}: expected a list of objects")
    return value


def read_snapshot(
    vector_input: JsonObject,
) -> tuple[list[tuple[str, int]], list[Delegation]]:
    """``input.snapshot``: the validators' (name, power) pairs and the delegations."""
    snapshot = field(vector_input, "snapshot")
    if not isinstance(snapshot, dict):
        raise HandlerInputError("snapshot: expected an object")
    validators = [
        (text_of(item, "validator"), parse_decimal(field(item, "power"), "power"))
        for item in object_list(snapshot, "validators")
    ]
    delegations = [
        Delegation(
            text_of(item, "delegator"),
            text_of(item, "validator"),
            parse_decimal(field(item, "stake"), "stake"),
        )
        for item in object_list(snapshot, "delegations")
    ]
    return validators, delegations


def read_threshold(thresholds: JsonObject, name: str) -> Threshold:
    """One threshold's numerator and denominator."""
    document = field(thresholds, name)
    if not isinstance(document, dict):
        raise HandlerInputError(f"{name}: expected an object")
    return Threshold(
        parse_decimal(field(document, "numerator"), f"{name}.numerator"),
        parse_decimal(field(document, "denominator"), f"{name}.denominator"),
    )


def read_thresholds(vector_input: JsonObject) -> Thresholds:
    """``input.thresholds``: quorum, pass and veto."""
    thresholds = field(vector_input, "thresholds")
    if not isinstance(thresholds, dict):
        raise HandlerInputError("thresholds: expected an object")
    return Thresholds(
        read_threshold(thresholds, "quorum"),
        read_threshold(thresholds, "pass"),
        read_threshold(thresholds, "veto"),
    )


def run_tally(vector_input: JsonObject) -> HandlerResult:
    """
    Check the snapshot and thresholds, apply the votes in order, and give the verdict.

    References
    ----------
    [AIN-GOV-TALLY-HANDLER.1]
    """
    validators, delegations = read_snapshot(vector_input)
    thresholds = read_thresholds(vector_input)
    votes = [
        (text_of(item, "voter"), field(item, "option"))
        for item in object_list(vector_input, "votes")
    ]
    snapshot = build_snapshot(validators, delegations)
    if isinstance(snapshot, Rejection):
        return snapshot
    rejection = thresholds_rejection(thresholds)
    if rejection is not None:
        return rejection
    tally = RunningTally(snapshot)
    receipts = [tally.cast(voter, option) for voter, option in votes]
    result = verdict(tally.sums, snapshot.total_power, thresholds)
    return {
        "receipts": [None if receipt is None else str(receipt.code) for receipt in receipts],
        "tally": {option.value: str(tally.sums[option]) for option in Option},
        "total_power": str(snapshot.total_power),
        "voted_power": str(result.voted_power),
        "quorum_reached": result.quorum_reached,
        "vetoed": result.outcome == "vetoed",
        "passed": result.outcome == "passed",
        "outcome": result.outcome,
    }


def proposal_json(proposal: Proposal | None) -> JsonObject | None:
    """
    A proposal read back; null when there is no well-formed record.

    References
    ----------
    [AIN-GOV-BLOCKS-HANDLER.2] Every field as the well-formed record holds it
    ([AIN-GOV-RECORD.2]), integers as decimal strings, absent ones "0".
    """
    if proposal is None:
        return None
    return {
        "proposer": proposal.proposer,
        "status": proposal.status,
        "change": [
            {"parameter": key, "value": to_typed_json(value)} for key, value in proposal.change
        ],
        "deposit": str(proposal.deposit),
        "submitted": str(proposal.submitted),
        "deposit_end": str(proposal.deposit_end),
        "voting_end": str(proposal.voting_end),
        "activation": str(proposal.activation),
        "total_power": str(proposal.total_power),
        **{
            field: {option.value: str(proposal.tallies[constituency][option]) for option in Option}
            for constituency, field in TALLY_FIELDS.items()
        },
    }


def run_apply_blocks(vector_input: JsonObject) -> HandlerResult:
    """
    Build a protocol genesis, apply blocks, read back proposals, parameters and the supply.

    References
    ----------
    [AIN-GOV-BLOCKS-HANDLER.2]
    """
    applied = applied_blocks(vector_input)
    if isinstance(applied, Rejection):
        return applied
    tree, outputs, queries = applied

    def read(text: str) -> Any:
        return tree.value_at(values_path(text))

    proposals = []
    for proposal_id in queries.get("proposals", []):
        if not is_decimal_id(proposal_id):
            raise HandlerInputError(f"proposals: not a decimal id: {proposal_id!r:.40}")
        proposals.append(proposal_json(read_proposal(read, proposal_id)))
    parameters = []
    for key in queries.get("parameters", []):
        if key not in PARAMETERS:
            raise HandlerInputError(f"parameters: not registered: {key!r:.60}")
        parameters.append(to_typed_json(read_parameter(read, key)))
    held, burned = held_and_burned(read)
    supply = {**supply_json(tree), "governance_held": str(held), "governance_burned": str(burned)}
    return {
        "blocks": outputs,
        "proposals": proposals,
        "parameters": parameters,
        "supply": supply,
        "root": tree.root_hash().hex(),
    }


HANDLERS: tuple[Handler, ...] = (
    Handler(
        "governance",
        "apply_blocks",
        run_apply_blocks,
        call="build the protocol genesis of input.genesis, apply input.blocks in order on "
        "chain input.chain_id, then read back input.queries",
        compare="output.blocks (each: code, receipts, steps, root), output.proposals, "
        "output.parameters, output.supply and output.root, or the genesis's rejection code",
        clauses=("AIN-GOV-BLOCKS-HANDLER.2",),
    ),
    Handler(
        "governance",
        "tally",
        run_tally,
        call="tally(snapshot, thresholds, votes) -> receipts, sums, verdict",
        compare="output exactly, or the rejection code",
        clauses=(
            "AIN-GOV-TALLY-HANDLER.1",
            "AIN-GOV-SNAPSHOT.1",
            "AIN-GOV-THRESHOLDS.1",
            "AIN-GOV-OPTIONS.1",
            "AIN-GOV-VOTER.1",
            "AIN-GOV-POWER.1",
            "AIN-GOV-TALLY-RUNNING.1",
            "AIN-GOV-TALLY-VERDICT.1",
        ),
    ),
)
"""The governance area's handlers, in handler order."""
