"""
The governance area's vector handlers (spec/governance.md, "Handlers").

Spec: spec/conformance.md, "Handlers" ([AIN-CONF-HANDLER.1]); spec/governance.md, "Handlers".
Layer: conformance. The governance area owns this file; no other area edits it.
"""

from __future__ import annotations

from ain_ref.conformance.handlers.base import Handler, HandlerResult
from ain_ref.conformance.typed_json import HandlerInputError, JsonObject, field, parse_decimal
from ain_ref.errors import Rejection
from ain_ref.governance.power import Delegation, build_snapshot
from ain_ref.governance.tally import (
    Option,
    RunningTally,
    Threshold,
    Thresholds,
    thresholds_rejection,
    verdict,
)


def text_field(document: JsonObject, name: str) -> str:
    """A required string field; anything else is a harness error."""
    value = field(document, name)
    if not isinstance(value, str):
        raise HandlerInputError(f"{name}: expected a string, got {value!r:.80}")
    return value


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
        (text_field(item, "validator"), parse_decimal(field(item, "power"), "power"))
        for item in object_list(snapshot, "validators")
    ]
    delegations = [
        Delegation(
            text_field(item, "delegator"),
            text_field(item, "validator"),
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
        (text_field(item, "voter"), field(item, "option"))
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


HANDLERS: tuple[Handler, ...] = (
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
