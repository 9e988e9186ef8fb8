"""
The end-block step ``governance/advance``: close deposit periods, close votes, enact changes.

Driven by the per-height queue: at the end of the block of height ``h`` it reads only
``/governance/queue/<h>`` (at most 8 proposals) and the records those entries name, never a walk
over all proposals. A proposal is queued at its three heights when it is submitted; an entry
whose proposal is no longer in the status that height closes does nothing.

Spec: spec/governance.md, "Lifecycle" ([AIN-GOV-LIFECYCLE.1], [AIN-GOV-STEP.2],
[AIN-GOV-ENACT.1], [AIN-GOV-DEPOSIT-OUTCOME.1]).
Layer: governance. Imports the platform's step types and the governance modules below it.
"""

from __future__ import annotations

from typing import Final

from ain_ref.encoding import U64_MAX
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.governance.change import MAX_CHANGE_ENTRIES, change_rejection
from ain_ref.governance.parameters import governance_parameter, thresholds_of
from ain_ref.governance.records import (
    BURNED,
    DEPOSIT_PERIOD,
    MAX_QUEUED_PER_HEIGHT,
    PASSED,
    VOTING,
    Proposal,
    is_decimal_id,
    open_path,
    proposal_path,
    queue_path,
    read_proposal,
    stored_count,
)
from ain_ref.governance.tally import verdict
from ain_ref.governance.weights import Constituency, passes_all, takes_part, total_at
from ain_ref.platform.staking import total_bonded_at
from ain_ref.platform.steps import END, BlockStep, StepContext

WRITES_PER_PROPOSAL: Final = MAX_CHANGE_ENTRIES + 1
"""The most writes one proposal needs in a block: its enactment (8 parameters and its status)."""
MAX_STEP_WRITES: Final = MAX_QUEUED_PER_HEIGHT * WRITES_PER_PROPOSAL + 1
"""Eight proposals at their most, and the deletion of the height's queue."""


def close_open(context: StepContext, proposal: Proposal, status: str) -> Rejection | None:
    """Set a final or passed status and take the proposal off its proposer's open count."""
    rejection = context.write(f"{proposal_path(proposal.proposal_id)}/status", status)
    if rejection is not None:
        return rejection
    open_count = stored_count(context.read, open_path(proposal.proposer))
    return context.write(open_path(proposal.proposer), open_count - 1 if open_count > 1 else None)


def close_deposit_period(context: StepContext, proposal: Proposal) -> Rejection | None:
    """
    End a deposit period: to voting with the snapshot taken, or expired.

    References
    ----------
    [AIN-GOV-STEP.2] When the held deposit is at least governance/min_deposit, the status
    becomes ``voting`` and ``total_power`` the total bonded at ``h``, the snapshot height
    ([AIN-PLAT-STAKE-TOTAL.1]: every validator's power together, read without a walk);
    otherwise ``expired`` (refunded, [AIN-GOV-DEPOSIT-OUTCOME.1]).
    """
    if proposal.deposit < governance_parameter(context.read, "min_deposit"):
        return close_open(context, proposal, "expired")
    record = proposal_path(proposal.proposal_id)
    rejection = context.write(f"{record}/status", VOTING)
    if rejection is not None:
        return rejection
    total_power = total_bonded_at(context.read, context.height)
    return context.write(f"{record}/total_power", total_power)


def constituency_outcomes(
    context: StepContext, proposal: Proposal
) -> list[tuple[Constituency, str]]:
    """
    The outcome of each taking-part constituency, in constituency order.

    References
    ----------
    [AIN-GOV-COMBINE.1] The verdict of [AIN-GOV-TALLY-VERDICT.1] per constituency with the same
    thresholds: validators over ``total_power``; developers and providers, when their total at
    the snapshot height ``deposit_end`` is at least governance/min_constituency_power, over
    that total.
    """
    thresholds, snapshot = thresholds_of(context.read), proposal.deposit_end
    validators = verdict(
        proposal.tallies[Constituency.VALIDATORS], proposal.total_power, thresholds
    )
    outcomes = [(Constituency.VALIDATORS, validators.outcome)]
    minimum = governance_parameter(context.read, "min_constituency_power")
    for constituency in (Constituency.DEVELOPERS, Constituency.PROVIDERS):
        if takes_part(context.read, constituency, snapshot, minimum):
            total = total_at(context.read, constituency, snapshot)
            sums = proposal.tallies[constituency]
            outcomes.append((constituency, verdict(sums, total, thresholds).outcome))
    return outcomes


def combined_outcome(outcomes: list[tuple[Constituency, str]]) -> str:
    """
    ``passed`` when every taking-part constituency passed; else the first other outcome.

    References
    ----------
    [AIN-GOV-COMBINE.1] [AIN-GOV-STEP.2] The status of a proposal that does not pass is the
    outcome of the first constituency, in constituency order, whose outcome is not ``passed``.
    """
    if passes_all(outcomes):
        return PASSED
    return next(outcome for _, outcome in outcomes if outcome != PASSED)


def close_voting(context: StepContext, proposal: Proposal) -> Rejection | None:
    """
    End a voting period with the constituencies' combined verdict.

    References
    ----------
    [AIN-GOV-STEP.2] The combined outcome of [AIN-GOV-COMBINE.1] over the running sums, the
    snapshot's totals and the thresholds as the parameters hold them at ``h``; the status
    becomes ``passed``, ``rejected``, ``no_quorum`` or ``vetoed``.
    [AIN-GOV-DEPOSIT-OUTCOME.1] A vetoed proposal's held deposit is burned: it moves to
    ``/governance/burned``, read as a counter ([AIN-GOV-RECORD.2]); a total above
    2**64 - 1 fails the step with INC_RESULT_OUT_OF_RANGE.
    """
    outcome = combined_outcome(constituency_outcomes(context, proposal))
    rejection = close_open(context, proposal, outcome)
    if rejection is not None or outcome != "vetoed":
        return rejection
    burned = stored_count(context.read, BURNED) + proposal.deposit
    if burned > U64_MAX:
        return Rejection(ErrorCode.INC_RESULT_OUT_OF_RANGE, f"burned total {burned}")
    rejection = context.write(BURNED, burned)
    if rejection is not None:
        return rejection
    return context.write(f"{proposal_path(proposal.proposal_id)}/deposit", 0)


def enact(context: StepContext, proposal: Proposal) -> Rejection | None:
    """
    Write a passed change at its activation height, or fail it and change nothing.

    References
    ----------
    [AIN-GOV-ENACT.1] The change is judged again over the parameters as they are now
    ([AIN-GOV-CHANGE-CHECK.1]); when it passes, each pair is written at
    ``/params/<area>/<name>`` in index order and the status becomes ``enacted``; when it
    fails, no parameter is written and the status becomes ``failed``.
    """
    record = proposal_path(proposal.proposal_id)
    if change_rejection(context.read, proposal.change) is not None:
        return context.write(f"{record}/status", "failed")
    for key, value in proposal.change:
        rejection = context.write(f"/params/{key}", value)
        if rejection is not None:
            return rejection
    return context.write(f"{record}/status", "enacted")


def advance_proposal(context: StepContext, proposal: Proposal) -> Rejection | None:
    """
    What the height ``h`` does to one queued proposal.

    References
    ----------
    [AIN-GOV-STEP.2] ``deposit`` at its deposit_end closes the deposit period; ``voting`` at
    its voting_end closes the vote; ``passed`` at its activation is enacted
    ([AIN-GOV-ENACT.1]); anything else does nothing. Parameters are read here, per
    proposal, so what this step enacted for a lower id at ``h`` counts.
    """
    height = context.height
    if proposal.status == DEPOSIT_PERIOD and height == proposal.deposit_end:
        return close_deposit_period(context, proposal)
    if proposal.status == VOTING and height == proposal.voting_end:
        return close_voting(context, proposal)
    if proposal.status == PASSED and height == proposal.activation:
        return enact(context, proposal)
    return None


def advance_governance(context: StepContext) -> Rejection | None:
    """
    The step ``governance/advance`` at the end of the block of height ``h``.

    References
    ----------
    [AIN-GOV-STEP.2] The ids queued at ``h`` in ascending numeric order, each advanced; then
    the queue of ``h`` is deleted. Nothing queued: nothing written; a queue that is not a map
    advances nothing and is deleted (one write).
    """
    queued = context.read(queue_path(context.height))
    if queued is None:
        return None
    ids = (
        sorted((key for key in queued if is_decimal_id(key)), key=int)
        if isinstance(queued, dict)
        else []
    )
    for proposal_id in ids:
        proposal = read_proposal(context.read, proposal_id)
        if proposal is not None:
            rejection = advance_proposal(context, proposal)
            if rejection is not None:
                return rejection
    return context.write(queue_path(context.height), None)


ADVANCE: Final = BlockStep(
    area="governance",
    name="advance",
    phase=END,
    priority=200,
    prefixes=("/governance/proposals", "/governance/open", "/governance/queue", BURNED, "/params"),
    max_writes=MAX_STEP_WRITES,
    run=advance_governance,
)
"""[AIN-GOV-STEP.2] After the staking step (priority 100): stakes matured at h are paid first."""
