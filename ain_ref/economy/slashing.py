"""
The slashing table and its arithmetic: how much a proven offence takes and who receives it.

Spec: spec/economy.md, "Slashing" ([AIN-ECON-SLASH-TABLE.2], [AIN-ECON-SLASH-AMOUNT.1],
[AIN-ECON-SLASH-RECEIVERS.1]).
Layer: economy. Imports economy.units only.
"""

from __future__ import annotations

import enum
from typing import Final

import attrs

from ain_ref.economy.units import BASIS_POINTS, fraction_floor


class EvidenceType(enum.StrEnum):
    """The offences the economy slashes, each proven by the area named beside it."""

    MISSED_ACTIVATION = "missed_activation"
    """The provider did not activate an accepted contract within the grace (economy, by time)."""
    PROVIDER_EXIT = "provider_exit"
    """The provider terminated an active contract before its end (economy, by time)."""
    DEADLINE_MISSED = "deadline_missed"
    """A task's result was not recorded by its deadline in block time (execution area)."""
    MISSED_REVEAL = "missed_reveal"
    """A committed attestation was never revealed (execution area)."""
    CONFLICTING_ATTESTATION = "conflicting_attestation"
    """Two signed attestations of one task that disagree (execution area)."""
    TEE_MEASUREMENT_MISMATCH = "tee_measurement_mismatch"
    """A signed receipt whose TEE evidence measures other code than the job's (execution area)."""
    EQUIVOCATION = "equivocation"
    """Two signed consensus events for one round (consensus area)."""


@attrs.frozen
class SlashRule:
    """One row of the table: the fraction taken and the receivers' shares of it, in bps."""

    fraction_bps: int
    reporter_bps: int
    counterparty_bps: int
    # the rest of the slashed amount is burned


SLASHING_TABLE: Final = {
    EvidenceType.MISSED_ACTIVATION: SlashRule(10_000, 0, 5_000),
    EvidenceType.PROVIDER_EXIT: SlashRule(2_000, 0, 10_000),
    EvidenceType.DEADLINE_MISSED: SlashRule(100, 1_000, 9_000),
    EvidenceType.MISSED_REVEAL: SlashRule(500, 1_000, 4_000),
    EvidenceType.CONFLICTING_ATTESTATION: SlashRule(10_000, 1_000, 4_000),
    EvidenceType.TEE_MEASUREMENT_MISMATCH: SlashRule(5_000, 1_000, 4_000),
    EvidenceType.EQUIVOCATION: SlashRule(5_000, 1_000, 0),
}
"""[AIN-ECON-SLASH-TABLE.2] Fraction of the locked deposit, and the receivers' shares."""


def slash_amount(locked: int, fraction_bps: int) -> int:
    """
    The amount a slash takes from a locked deposit [AIN-ECON-SLASH-AMOUNT.1].

    floor(locked * fraction / 10,000), but at least one base unit when both the deposit and the
    fraction are positive (a real offence never rounds to nothing), and never more than the
    deposit (a slash never goes below zero).

    pre: 0 <= locked <= AMOUNT_MAX
    pre: 0 <= fraction_bps <= BASIS_POINTS
    post: 0 <= __return__ <= locked
    post: (__return__ >= 1) == (locked > 0 and fraction_bps > 0)
    post: __return__ >= locked * fraction_bps // BASIS_POINTS
    post: __return__ <= max(1, locked * fraction_bps // BASIS_POINTS)
    """
    if locked == 0 or fraction_bps == 0:
        return 0
    return max(1, fraction_floor(locked, fraction_bps, BASIS_POINTS))


def divide_slash(slashed: int, rule: SlashRule) -> tuple[int, int, int]:
    """
    Divide a slashed amount into (reporter, counterparty, burned) [AIN-ECON-SLASH-RECEIVERS.1].

    The reporter's and the counterparty's parts are rounded down; the burn takes the rest.

    pre: 0 <= slashed <= AMOUNT_MAX
    pre: 0 <= rule.reporter_bps <= BASIS_POINTS and 0 <= rule.counterparty_bps <= BASIS_POINTS
    pre: rule.reporter_bps + rule.counterparty_bps <= BASIS_POINTS
    post: sum(__return__) == slashed
    post: min(__return__) >= 0
    """
    reporter_part = fraction_floor(slashed, rule.reporter_bps, BASIS_POINTS)
    counterparty_part = fraction_floor(slashed, rule.counterparty_bps, BASIS_POINTS)
    return reporter_part, counterparty_part, slashed - reporter_part - counterparty_part
