"""
Governance's own parameters, registered with the platform, and the thresholds they make.

Every tunable of governance (deposits, periods, the three thresholds as numerator and
denominator, the per-proposer limit) is a registered parameter at
``/values/params/governance/<name>``, read with the platform's one accessor, and changeable by
governance itself like any other parameter.

Spec: spec/governance.md, "Parameters" ([AIN-GOV-PARAMETERS.1]).
Layer: governance. Imports the platform's registration modules and governance.tally.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from ain_ref.governance.tally import Threshold, Thresholds
from ain_ref.platform.params import (
    INTEGER,
    CrossConstraint,
    ParameterDefinition,
    ParameterValue,
    Reader,
    read_parameter,
)
from ain_ref.platform.units import BASE_UNITS_PER_AIN, PRODUCTION_TOTAL_SUPPLY

AREA_NAME: Final = "governance"
MAX_PERIOD: Final = 10_000_000
"""The longest deposit period, voting period and enactment delay, in blocks."""
MAX_FRACTION_PART: Final = 1_000_000
"""The largest numerator and denominator of a threshold."""


def integer(name: str, default: int, minimum: int, maximum: int, unit: str) -> ParameterDefinition:
    """One integer parameter of governance."""
    return ParameterDefinition(AREA_NAME, name, INTEGER, default, minimum, maximum, unit)


GOVERNANCE_PARAMETERS: Final = (
    integer("min_deposit", 10_000 * BASE_UNITS_PER_AIN, 1, PRODUCTION_TOTAL_SUPPLY, "base units"),
    integer(
        "min_initial_deposit", 2_500 * BASE_UNITS_PER_AIN, 1, PRODUCTION_TOTAL_SUPPLY, "base units"
    ),
    integer("deposit_period", 50_400, 1, MAX_PERIOD, "blocks"),
    integer("voting_period", 100_800, 1, MAX_PERIOD, "blocks"),
    integer("enactment_delay", 14_400, 1, MAX_PERIOD, "blocks"),
    integer("quorum_numerator", 334, 0, MAX_FRACTION_PART, "parts"),
    integer("quorum_denominator", 1_000, 1, MAX_FRACTION_PART, "parts"),
    integer("pass_numerator", 500, 0, MAX_FRACTION_PART, "parts"),
    integer("pass_denominator", 1_000, 1, MAX_FRACTION_PART, "parts"),
    integer("veto_numerator", 334, 0, MAX_FRACTION_PART, "parts"),
    integer("veto_denominator", 1_000, 1, MAX_FRACTION_PART, "parts"),
    integer("max_open_proposals", 3, 1, 100, "proposals"),
    integer(
        "min_constituency_power",
        10_000 * BASE_UNITS_PER_AIN,
        1,
        PRODUCTION_TOTAL_SUPPLY,
        "base units",
    ),
)
"""[AIN-GOV-PARAMETERS.1] Governance's tunables, in the order of the spec's table."""


def at_most(smaller: str, larger: str) -> CrossConstraint:
    """The constraint ``governance/<smaller> <= governance/<larger>``."""
    left, right = f"{AREA_NAME}/{smaller}", f"{AREA_NAME}/{larger}"

    def holds(values: Mapping[str, ParameterValue]) -> bool:
        return values[left] <= values[right]

    return CrossConstraint(f"{left}_at_most_{larger}", (left, right), holds, f"{left} <= {right}")


GOVERNANCE_CONSTRAINTS: Final = (
    at_most("min_initial_deposit", "min_deposit"),
    at_most("quorum_numerator", "quorum_denominator"),
    at_most("pass_numerator", "pass_denominator"),
    at_most("veto_numerator", "veto_denominator"),
)
"""[AIN-GOV-PARAMETERS.1] Each threshold at most 1; an initial deposit never above the minimum."""


def governance_parameter(read: Reader, name: str) -> int:
    """A governance parameter's value ([AIN-PLAT-PARAM-READ.1]); all of them are integers."""
    return int(read_parameter(read, f"{AREA_NAME}/{name}"))


def thresholds_of(read: Reader) -> Thresholds:
    """
    The quorum, pass and veto thresholds as the parameters hold them now.

    References
    ----------
    [AIN-GOV-PARAMETERS.1] The constraints keep each numerator at most its denominator, so the
    thresholds always pass [AIN-GOV-THRESHOLDS.1].
    """

    def fraction(name: str) -> Threshold:
        return Threshold(
            governance_parameter(read, f"{name}_numerator"),
            governance_parameter(read, f"{name}_denominator"),
        )

    return Thresholds(fraction("quorum"), fraction("pass"), fraction("veto"))
