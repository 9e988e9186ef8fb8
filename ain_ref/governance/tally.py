"""
The running tally of a proposal's votes and its verdict.

Spec: spec/governance.md, "Vote options", "Voting power", "Thresholds", "Tally"
([AIN-GOV-OPTIONS.1], [AIN-GOV-VOTER.1], [AIN-GOV-THRESHOLDS.1], [AIN-GOV-TALLY-RUNNING.1],
[AIN-GOV-TALLY-VERDICT.1]).
Layer: governance. Pure integer arithmetic; each vote costs one step plus one per delegation of
the voter, never a recount.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from ain_ref.errors import ErrorCode, Rejection
from ain_ref.governance.power import MAX_AMOUNT, Snapshot, holds_power


class Option(enum.StrEnum):
    """The four vote options [AIN-GOV-OPTIONS.1]."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
    VETO = "veto"


OPTIONS_BY_TEXT: Mapping[str, Option] = {option.value: option for option in Option}
"""Each option by its exact text."""


def parse_option(value: object) -> Option | Rejection:
    """
    The option a vote carries: exactly one of the four strings.

    References
    ----------
    [AIN-GOV-OPTIONS.1] Anything else is GOV_VOTE_OPTION_INVALID.
    """
    if isinstance(value, str) and value in OPTIONS_BY_TEXT:
        return OPTIONS_BY_TEXT[value]
    return Rejection(ErrorCode.GOV_VOTE_OPTION_INVALID, f"{value!r:.40}")


@attrs.frozen
class Threshold:
    """A fraction ``numerator / denominator`` of two integers [AIN-GOV-THRESHOLDS.1]."""

    numerator: int
    denominator: int


@attrs.frozen
class Thresholds:
    """The three thresholds of a tally, in their checking order."""

    quorum: Threshold
    passing: Threshold
    veto: Threshold


def thresholds_rejection(thresholds: Thresholds) -> Rejection | None:
    """
    The first threshold out of range (quorum, pass, veto), or None.

    References
    ----------
    [AIN-GOV-THRESHOLDS.1] 1 <= denominator <= 2**64 - 1 and 0 <= numerator <= denominator.
    """
    for name, threshold in (
        ("quorum", thresholds.quorum),
        ("pass", thresholds.passing),
        ("veto", thresholds.veto),
    ):
        if not 1 <= threshold.denominator <= MAX_AMOUNT:
            return Rejection(ErrorCode.GOV_THRESHOLD_INVALID, f"{name}: denominator")
        if not 0 <= threshold.numerator <= threshold.denominator:
            return Rejection(ErrorCode.GOV_THRESHOLD_INVALID, f"{name}: numerator")
    return None


class RunningTally:
    """
    Four running sums, updated by each counted vote without a recount.

    References
    ----------
    [AIN-GOV-TALLY-RUNNING.1] A delegator's first vote moves its stake out of its validator's
    counted option; a changed vote moves its weight from the old option to the new one.
    """

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.sums: dict[Option, int] = dict.fromkeys(Option, 0)
        self.votes: dict[str, Option] = {}
        self.overridden: dict[str, int] = {}

    def cast(self, voter: str, value: object) -> Rejection | None:
        """
        Count one vote, or refuse it and change nothing.

        References
        ----------
        [AIN-GOV-VOTER.1] The option first, then the voter's power; a later vote replaces.
        [AIN-GOV-POWER.1]
        """
        option = parse_option(value)
        if isinstance(option, Rejection):
            return option
        if not holds_power(self.snapshot, voter):
            return Rejection(ErrorCode.GOV_VOTER_NO_POWER, voter)
        previous = self.votes.get(voter)
        for validator, stake in self.snapshot.delegations_of.get(voter, ()):
            self.count_delegation(validator, stake, previous, option)
        if voter in self.snapshot.powers:
            weight = self.snapshot.powers[voter] - self.overridden.get(voter, 0)
            self.move(weight, previous, option)
        self.votes[voter] = option
        return None

    def count_delegation(
        self, validator: str, stake: int, previous: Option | None, option: Option
    ) -> None:
        """One delegation of the voter: an override on first vote, a move on a change."""
        if previous is None:
            self.overridden[validator] = self.overridden.get(validator, 0) + stake
            inherited = self.votes.get(validator) if validator in self.snapshot.powers else None
            if inherited is not None:
                self.sums[inherited] -= stake
        self.move(stake, previous, option)

    def move(self, weight: int, previous: Option | None, option: Option) -> None:
        """Take ``weight`` from ``previous`` (if any) and give it to ``option``."""
        if previous is not None:
            self.sums[previous] -= weight
        self.sums[option] += weight


@attrs.frozen
class Verdict:
    """The outcome of a tally and its three flags [AIN-GOV-TALLY-VERDICT.1]."""

    outcome: str  # "no_quorum" | "vetoed" | "passed" | "rejected"
    voted_power: int

    @property
    def quorum_reached(self) -> bool:
        """True unless the outcome is no_quorum."""
        return self.outcome != "no_quorum"


def verdict(sums: Mapping[Option, int], total_power: int, thresholds: Thresholds) -> Verdict:
    """
    Quorum, then veto, then pass, by exact integer products.

    References
    ----------
    [AIN-GOV-TALLY-VERDICT.1] Quorum: S > 0 and S*qd >= qn*T. Veto: V*vd > vn*S. Pass:
    Y*pd > pn*(Y+N+V). Otherwise rejected.
    """
    voted = sum(sums.values())
    yes, veto = sums[Option.YES], sums[Option.VETO]
    quorum, passing, veto_threshold = thresholds.quorum, thresholds.passing, thresholds.veto
    if voted == 0 or voted * quorum.denominator < quorum.numerator * total_power:
        return Verdict("no_quorum", voted)
    if veto * veto_threshold.denominator > veto_threshold.numerator * voted:
        return Verdict("vetoed", voted)
    if yes * passing.denominator > passing.numerator * (voted - sums[Option.ABSTAIN]):
        return Verdict("passed", voted)
    return Verdict("rejected", voted)
