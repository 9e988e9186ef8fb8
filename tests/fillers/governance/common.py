"""
Shared scenery for governance fillers and tests: snapshots, thresholds, votes, outputs.

Every integer is written as the vectors write it: a decimal string.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

JsonDict = dict[str, object]

STANDARD = ((1, 3), (1, 2), (1, 3))
"""Quorum 1/3, pass 1/2, veto 1/3."""


def fraction(numerator: int, denominator: int) -> JsonDict:
    """A threshold as JSON."""
    return {"numerator": str(numerator), "denominator": str(denominator)}


def tally_input(
    powers: Mapping[str, int],
    delegations: Iterable[tuple[str, str, int]] = (),
    votes: Iterable[tuple[str, object]] = (),
    thresholds: tuple[tuple[int, int], ...] = STANDARD,
) -> JsonDict:
    """The input of governance/tally: powers by validator, (delegator, validator, stake)."""
    quorum, passing, veto = thresholds
    return {
        "snapshot": {
            "validators": [
                {"validator": name, "power": str(power)} for name, power in powers.items()
            ],
            "delegations": [
                {"delegator": delegator, "validator": validator, "stake": str(stake)}
                for delegator, validator, stake in delegations
            ],
        },
        "thresholds": {
            "quorum": fraction(*quorum),
            "pass": fraction(*passing),
            "veto": fraction(*veto),
        },
        "votes": [{"voter": voter, "option": option} for voter, option in votes],
    }


def tally_output(
    sums: Mapping[str, int],
    total_power: int,
    outcome: str,
    receipts: Iterable[str | None],
) -> JsonDict:
    """The output of governance/tally as authored by a test."""
    voted = sum(sums.get(option, 0) for option in ("yes", "no", "abstain", "veto"))
    return {
        "receipts": list(receipts),
        "tally": {option: str(sums.get(option, 0)) for option in ("yes", "no", "abstain", "veto")},
        "total_power": str(total_power),
        "voted_power": str(voted),
        "quorum_reached": outcome != "no_quorum",
        "vetoed": outcome == "vetoed",
        "passed": outcome == "passed",
        "outcome": outcome,
    }
