"""
Filler for governance/apply_blocks: governance's parameters read back at their defaults.

Every other governance vector sets its own periods and deposits, so this one pins the table of
[AIN-GOV-PARAMETERS.1] itself: a genesis that names no governance parameter reads each one's
default.
"""

from __future__ import annotations

from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.governance.chain import block, governance_vector, small_chain

DEFAULTS = {
    "governance/min_deposit": 10_000_000_000,
    "governance/min_initial_deposit": 2_500_000_000,
    "governance/deposit_period": 50_400,
    "governance/voting_period": 100_800,
    "governance/enactment_delay": 14_400,
    "governance/quorum_numerator": 334,
    "governance/quorum_denominator": 1_000,
    "governance/pass_numerator": 500,
    "governance/pass_denominator": 1_000,
    "governance/veto_numerator": 334,
    "governance/veto_denominator": 1_000,
    "governance/max_open_proposals": 3,
    "governance/min_constituency_power": 10_000_000_000,
}
"""The defaults column of [AIN-GOV-PARAMETERS.1], as the spec's table writes them."""


@clauses("AIN-GOV-PARAMETERS.1", "AIN-GOV-BLOCKS-HANDLER.2")
def test_the_governance_parameters_read_back_at_their_defaults(fill: Filler) -> None:
    """
    A genesis that names no governance parameter holds each at its default.

    Given
    -----
    - the small chain's accounts and stakes, with none of governance's parameters set.

    When
    ----
    - one empty block; every governance parameter is queried.

    Then
    ----
    - each reads its default from the table of [AIN-GOV-PARAMETERS.1].
    """
    genesis = small_chain()
    genesis["parameters"] = {
        key: value
        for key, value in genesis["parameters"].items()
        if not key.startswith("governance/")
    }
    output = governance_vector(fill, "", genesis, [block(1)], [[]], parameters=list(DEFAULTS))
    assert output["parameters"] == [{"int": str(value)} for value in DEFAULTS.values()]
