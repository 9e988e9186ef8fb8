"""
The plain recount of a tally: the voting-power rule read straight off the final votes.

Spec: spec/governance.md, "Voting power" ([AIN-GOV-POWER.1]).
Layer: governance. The twin the running tally is property-tested against; it shares none of
the running tally's code and runs in time proportional to votes times delegations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def recount(
    validators: Sequence[tuple[str, int]],
    delegations: Sequence[tuple[str, str, int]],
    final_votes: Mapping[str, str],
) -> dict[str, int]:
    """
    The four sums from each account's last counted vote.

    Parameters
    ----------
    validators : (validator, power) pairs.
    delegations : (delegator, validator, stake) triples.
    final_votes : each voter's last counted option, as its string.

    References
    ----------
    [AIN-GOV-POWER.1] A delegator's vote weighs its stakes; a validator's weighs its power less
    the stakes of its delegators who voted.
    """
    sums = {"yes": 0, "no": 0, "abstain": 0, "veto": 0}
    for delegator, _validator, stake in delegations:
        if delegator in final_votes:
            sums[final_votes[delegator]] += stake
    for validator, power in validators:
        if validator not in final_votes:
            continue
        voted_away = 0
        for delegator, delegated_to, stake in delegations:
            if delegated_to == validator and delegator in final_votes:
                voted_away += stake
        sums[final_votes[validator]] += power - voted_away
    return sums
