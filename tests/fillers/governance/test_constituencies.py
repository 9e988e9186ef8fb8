"""
Fillers for governance/apply_blocks: votes counted in the developers' and providers'
constituencies, and the closing step's combination of the constituencies' verdicts.

Every scenario runs on the small chain of ``tests.fillers.governance.chain`` (validators alice
1,000, bob 3,000, carol 6,000 AIN), with locked-deposit records written by the genesis
overrides at height 0, as the economy native leaves them ([AIN-ECON-LOCKED.1]): they stand at
the snapshot height 3. Alice submits a proposal with the whole minimum deposit in block 1; the
vote opens at the end of block 3 and closes at the end of block 6. The minimum constituency
power is 500 AIN unless a case says otherwise.
"""

from __future__ import annotations

from typing import Any

import pytest

from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.governance.chain import (
    AIN,
    ALICE,
    ALICE_SEED,
    BOB,
    BOB_SEED,
    CAROL,
    CAROL_SEED,
    DAVE,
    DAVE_SEED,
    OK,
    Signer,
    block,
    governance_vector,
    small_chain,
)
from tests.fillers.state.common import address_of

ERIN_SEED = bytes([5]) * 32
ERIN = address_of(ERIN_SEED)
SEEDS = {ALICE: ALICE_SEED, BOB: BOB_SEED, CAROL: CAROL_SEED, DAVE: DAVE_SEED, ERIN: ERIN_SEED}
MINIMUM = "governance/min_constituency_power"
CHANGE = {"0": {"parameter": "staking/min_delegation", "value": 20 * AIN}}
COMBINE_CLAUSES = (
    "AIN-GOV-CONSTITUENCY.1",
    "AIN-GOV-WEIGHT.1",
    "AIN-GOV-SNAPSHOT-HEIGHT.1",
    "AIN-GOV-CONSTITUENCY-VOTE.1",
    "AIN-GOV-COMBINE.1",
    "AIN-GOV-VOTE.1",
    "AIN-GOV-STEP.2",
    "AIN-GOV-RECORD.2",
    "AIN-GOV-BLOCKS-HANDLER.2",
)


def locked_chain(weights: dict[str, dict[str, int]], minimum: int = 500 * AIN) -> dict[str, Any]:
    """The small chain with each role's locked deposits per account recorded at height 0."""
    values: dict[str, Any] = {}
    for role, accounts in weights.items():
        root = f"/economy/locked/{role}"
        for account, amount in accounts.items():
            values[f"{root}/accounts/{account}"] = amount
            values[f"{root}/history/{account}"] = {"0": amount}
        values[f"{root}/total"] = sum(accounts.values())
        values[f"{root}/total_history"] = {"0": sum(accounts.values())}
    return small_chain(parameters={MINIMUM: minimum}, overrides={"values": values})


def run_vote(
    fill: Filler,
    case: str,
    genesis: dict[str, Any],
    votes: list[list[tuple[str, str]]],
    note: str,
) -> dict[str, Any]:
    """Submit in block 1, cast ``votes`` in blocks 4, 5, ..., close at block 6; the proposal."""
    sign = Signer()
    submit = {"change": CHANGE, "deposit": 1_000 * AIN}
    submitted = sign(ALICE_SEED, ALICE, "submit", submit)
    voting = [
        block(
            4 + index,
            [
                sign(SEEDS[voter], voter, "vote", {"proposal": "0", "option": option})
                for voter, option in casts
            ],
        )
        for index, casts in enumerate(votes)
    ]
    blocks = [block(1, [submitted]), block(2), block(3), *voting]
    blocks += [block(height) for height in range(4 + len(votes), 7)]
    expected = [[OK], [], [], *([OK] * len(casts) for casts in votes)]
    expected += [[] for _ in range(4 + len(votes), 7)]
    output = governance_vector(fill, case, genesis, blocks, expected, proposals=["0"], note=note)
    proposal: dict[str, Any] = output["proposals"][0]
    return proposal


def sums(yes: int = 0, no: int = 0) -> dict[str, str]:
    """A tally's sums as the handler writes them."""
    return {"yes": str(yes), "no": str(no), "abstain": "0", "veto": "0"}


ROLE_CASES = {
    "developers_yes": ("developers", DAVE, "yes", "passed"),
    "developers_no": ("developers", DAVE, "no", "rejected"),
    "providers_yes": ("providers", ERIN, "yes", "passed"),
    "providers_no": ("providers", ERIN, "no", "rejected"),
}


@clauses(*COMBINE_CLAUSES)
@pytest.mark.parametrize("case", list(ROLE_CASES))
def test_a_role_vote_counts_in_its_constituency(fill: Filler, case: str) -> None:
    """
    A developer's (provider's) vote counts with its locked deposit, and that constituency's
    verdict joins the validators': validators passing and the role rejecting is rejected.

    Given
    -----
    - the case's role has one account (dave, a developer, or erin, a provider, neither holding
      stake) with 1,000 AIN locked: the role's total 1,000 AIN is above the minimum 500 AIN.

    When
    ----
    - block 4: carol votes yes (6,000 of 10,000 AIN bonded: the validators pass); the role's
      account votes the case's option.

    Then
    ----
    - both votes succeed; the role's tally holds 1,000 AIN for the option; the status is
      ``passed`` when the role voted yes, ``rejected`` when it voted no.
    """
    role, voter, option, status = ROLE_CASES[case]
    proposal = run_vote(
        fill,
        case,
        locked_chain({role: {voter: 1_000 * AIN}}),
        [[(CAROL, "yes"), (voter, option)]],
        f"validators yes; the only {role[:-1]} votes {option}: {status}",
    )
    assert proposal["status"] == status
    assert proposal["tally"] == sums(yes=6_000 * AIN)
    counted = sums(**{option: 1_000 * AIN})
    assert proposal[f"tally_{role}"] == counted
    other = "providers" if role == "developers" else "developers"
    assert proposal[f"tally_{other}"] == sums()


MINIMUM_CASES = {
    "total_at_the_minimum_takes_part": (1_000 * AIN, "rejected"),
    "total_below_the_minimum_ignored": (1_000 * AIN + 1, "passed"),
}


@clauses(*COMBINE_CLAUSES, "AIN-GOV-PARAMETERS.1")
@pytest.mark.parametrize("case", list(MINIMUM_CASES))
def test_the_minimum_constituency_power_is_taken_exactly(fill: Filler, case: str) -> None:
    """
    A role constituency takes part when its total at the snapshot is at least
    governance/min_constituency_power, and has no say one base unit below it.

    Given
    -----
    - dave has 1,000 AIN locked as a developer (the developers' total); the minimum is
      1,000 AIN (at it: takes part) or 1,000 AIN + 1 base unit (below it: ignored).

    When
    ----
    - block 4: carol votes yes (validators pass); dave votes no.

    Then
    ----
    - dave's vote is counted in both cases (tally_developers no 1,000 AIN); the proposal is
      rejected when the developers take part, passed when they are ignored.
    """
    minimum, status = MINIMUM_CASES[case]
    proposal = run_vote(
        fill,
        case,
        locked_chain({"developers": {DAVE: 1_000 * AIN}}, minimum=minimum),
        [[(CAROL, "yes"), (DAVE, "no")]],
        f"developers' total 1000 AIN, minimum {minimum} base units: {status}",
    )
    assert proposal["status"] == status
    assert proposal["tally_developers"] == sums(no=1_000 * AIN)


@clauses(*COMBINE_CLAUSES, "AIN-GOV-TALLY-RUNNING.1")
def test_a_voter_in_three_constituencies_and_a_changed_vote(fill: Filler) -> None:
    """
    One option counts in every constituency where the voter has weight, and a changed vote
    moves each weight from the old option to the new one.

    Given
    -----
    - bob: validator with 3,000 AIN, 1,000 AIN locked as a developer and 600 AIN as a
      provider (each role's only account).

    When
    ----
    - block 4: bob votes no; block 5: bob votes yes and carol votes yes.

    Then
    ----
    - every vote succeeds; tally yes 9,000 AIN (bob's 3,000 moved from no), tally_developers
      yes 1,000 AIN, tally_providers yes 600 AIN, nothing left on no; passed.
    """
    weights = {"developers": {BOB: 1_000 * AIN}, "providers": {BOB: 600 * AIN}}
    proposal = run_vote(
        fill,
        "",
        locked_chain(weights),
        [[(BOB, "no")], [(BOB, "yes"), (CAROL, "yes")]],
        "bob counts in all three constituencies; his change moves all three weights",
    )
    assert proposal["status"] == "passed"
    assert proposal["tally"] == sums(yes=9_000 * AIN)
    assert proposal["tally_developers"] == sums(yes=1_000 * AIN)
    assert proposal["tally_providers"] == sums(yes=600 * AIN)


@clauses(*COMBINE_CLAUSES)
def test_a_taking_part_constituency_without_votes_has_no_quorum(fill: Filler) -> None:
    """
    A role constituency that takes part but does not vote has no quorum, so the proposal does
    not pass even with every validator voting yes; its status is that first failing verdict.

    Given
    -----
    - dave has 1,000 AIN locked as a developer (above the minimum); nobody has provider
      deposits (the providers are ignored).

    When
    ----
    - block 4: alice, bob and carol vote yes.

    Then
    ----
    - the validators pass, the developers have no quorum: status ``no_quorum``.
    """
    proposal = run_vote(
        fill,
        "",
        locked_chain({"developers": {DAVE: 1_000 * AIN}}),
        [[(ALICE, "yes"), (BOB, "yes"), (CAROL, "yes")]],
        "validators all yes; the developers take part and do not vote: no_quorum",
    )
    assert proposal["status"] == "no_quorum"
    assert proposal["tally"] == sums(yes=10_000 * AIN)
    assert proposal["tally_developers"] == sums()
