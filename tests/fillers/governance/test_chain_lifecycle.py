"""
Fillers for governance/apply_blocks: a proposal's whole life, verdicts at their exact
thresholds, enactment at the activation height, and an enactment that fails.

Every scenario runs on the small chain of ``tests.fillers.governance.chain``: deposit period 2,
voting period 3, enactment delay 2, so a proposal submitted in block 1 opens its vote at the
end of block 3 (the snapshot height), closes it at the end of block 6 and is enacted at the end
of block 8.
"""

from __future__ import annotations

from typing import Any

import pytest

from ain_ref.errors import ErrorCode
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
    failed,
    governance_vector,
    small_chain,
)
from tests.fillers.platform.common import bond
from tests.fillers.state.common import transaction

MIN_DELEGATION = "staking/min_delegation"
MIN_SELF_BOND = "staking/min_self_bond"


def change(*pairs: tuple[str, Any]) -> dict[str, Any]:
    """A change, entries in the given order."""
    return {
        str(index): {"parameter": key, "value": value} for index, (key, value) in enumerate(pairs)
    }


def vote(signer: Signer, voter: str, option: str, proposal: str = "0") -> str:
    """A signed vote by one of the small chain's accounts."""
    seed = {ALICE: ALICE_SEED, BOB: BOB_SEED, CAROL: CAROL_SEED, DAVE: DAVE_SEED}[voter]
    return signer(seed, voter, "vote", {"proposal": proposal, "option": option})


@clauses(
    "AIN-GOV-SUBMIT.2",
    "AIN-GOV-DEPOSIT.1",
    "AIN-GOV-VOTE.1",
    "AIN-GOV-CLAIM.1",
    "AIN-GOV-STEP.2",
    "AIN-GOV-ENACT.1",
    "AIN-GOV-LIFECYCLE.1",
    "AIN-GOV-RECORD.2",
    "AIN-GOV-SUPPLY.1",
    "AIN-GOV-BLOCKS-HANDLER.2",
    "AIN-GOV-PARAMETERS.1",
)
def test_a_parameter_change_from_proposal_to_activation(fill: Filler) -> None:
    """
    A proposal raises staking/min_delegation from 10 to 20 AIN; it takes effect at the end of
    its activation block, the same block on every node.

    Given
    -----
    - the small chain (total power 10,000 AIN: alice 1,000, bob 3,000, carol 6,000).

    When
    ----
    - block 1: alice submits the change with 100 AIN (the minimum initial deposit).
    - block 2: bob deposits 900 AIN: the deposit reaches the minimum of 1,000 AIN.
    - block 3: nothing; the step opens the vote (snapshot height 3, total power 10,000 AIN).
    - block 4: carol votes yes, bob votes no; block 5: alice votes yes.
    - block 6: nothing; the step closes the vote: yes 7,000, no 3,000: passed.
    - block 7: nothing (the parameter still holds 10 AIN).
    - block 8: the step enacts the change.
    - block 9: alice and bob claim their deposits back.

    Then
    ----
    - every call succeeds; the proposal is enacted with its tally; the parameter holds 20 AIN;
      governance holds nothing; the supply's parts add up after the blocks.
    """
    sign = Signer()
    submit = {"change": change((MIN_DELEGATION, 20 * AIN)), "deposit": 100 * AIN}
    blocks = [
        block(1, [sign(ALICE_SEED, ALICE, "submit", submit)]),
        block(2, [sign(BOB_SEED, BOB, "deposit", {"proposal": "0", "amount": 900 * AIN})]),
        block(3),
        block(4, [vote(sign, CAROL, "yes"), vote(sign, BOB, "no")]),
        block(5, [vote(sign, ALICE, "yes")]),
        block(6),
        block(7),
        block(8),
        block(
            9,
            [
                sign(ALICE_SEED, ALICE, "claim", {"proposal": "0"}),
                sign(BOB_SEED, BOB, "claim", {"proposal": "0"}),
            ],
        ),
    ]
    output = governance_vector(
        fill,
        "",
        small_chain(),
        blocks,
        [[OK], [OK], [], [OK, OK], [OK], [], [], [], [OK, OK]],
        proposals=["0"],
        parameters=[MIN_DELEGATION],
    )
    proposal = output["proposals"][0]
    assert proposal["status"] == "enacted"
    assert (proposal["deposit_end"], proposal["voting_end"], proposal["activation"]) == (
        "3",
        "6",
        "8",
    )
    assert proposal["total_power"] == str(10_000 * AIN)
    assert proposal["tally"] == {
        "yes": str(7_000 * AIN),
        "no": str(3_000 * AIN),
        "abstain": "0",
        "veto": "0",
    }
    assert output["parameters"] == [{"int": str(20 * AIN)}]
    assert output["supply"]["governance_held"] == "0"
    assert [entry["steps"][-1]["writes"] for entry in output["blocks"]] == [
        0,
        0,
        3,
        0,
        0,
        3,
        0,
        3,
        0,
    ]


@clauses("AIN-GOV-ENACT.1", "AIN-GOV-CHANGE-CHECK.1", "AIN-GOV-STEP.2", "AIN-GOV-DEPOSIT-OUTCOME.1")
def test_a_change_that_no_longer_fits_fails_at_enactment_and_changes_nothing(
    fill: Filler,
) -> None:
    """
    Two proposals pass; the first one enacted makes the second break a constraint, so the
    second fails at its activation and writes no parameter.

    Given
    -----
    - the small chain: staking/min_delegation 10 AIN, staking/min_self_bond 1,000 AIN.

    When
    ----
    - block 1: alice submits proposal 0 (min_delegation to 900 AIN) and proposal 1
      (min_self_bond to 500 AIN), each with the full 1,000 AIN: both fit the values now.
    - block 4: carol votes yes on both; block 6 passes both.
    - block 8: proposal 0 is enacted first (lower id); proposal 1 is judged again over the new
      values: 900 <= 500 is false.
    - block 9: alice claims the deposit of the failed proposal back.

    Then
    ----
    - proposal 0 is enacted, proposal 1 failed; min_delegation holds 900 AIN, min_self_bond
      still 1,000 AIN; the claim of a failed proposal's deposit succeeds.
    """
    sign = Signer()
    first = {"change": change((MIN_DELEGATION, 900 * AIN)), "deposit": 1_000 * AIN}
    second = {"change": change((MIN_SELF_BOND, 500 * AIN)), "deposit": 1_000 * AIN}
    blocks = [
        block(
            1, [sign(ALICE_SEED, ALICE, "submit", first), sign(ALICE_SEED, ALICE, "submit", second)]
        ),
        block(2),
        block(3),
        block(4, [vote(sign, CAROL, "yes", "0"), vote(sign, CAROL, "yes", "1")]),
        block(5),
        block(6),
        block(7),
        block(8),
        block(9, [sign(ALICE_SEED, ALICE, "claim", {"proposal": "1"})]),
    ]
    output = governance_vector(
        fill,
        "",
        small_chain(),
        blocks,
        [[OK, OK], [], [], [OK, OK], [], [], [], [], [OK]],
        proposals=["0", "1"],
        parameters=[MIN_DELEGATION, MIN_SELF_BOND],
    )
    assert [proposal["status"] for proposal in output["proposals"]] == ["enacted", "failed"]
    assert output["parameters"] == [{"int": str(900 * AIN)}, {"int": str(1_000 * AIN)}]
    assert output["blocks"][7]["steps"][-1]["writes"] == 4  # 0: parameter + status; 1: status


TALLY_CASES: tuple[tuple[str, dict[str, int], tuple[tuple[str, str], ...], str, str], ...] = (
    (
        "quorum_reached_exactly",
        {"quorum_numerator": 4, "quorum_denominator": 10},
        ((BOB, "yes"), (ALICE, "no")),
        "passed",
        "voted 4,000 of 10,000: exactly 4/10 reaches the quorum",
    ),
    (
        "quorum_missed_by_one_validator",
        {"quorum_numerator": 4, "quorum_denominator": 10},
        ((BOB, "yes"),),
        "no_quorum",
        "voted 3,000 of 10,000: below 4/10",
    ),
    (
        "pass_exactly_at_the_threshold_is_rejected",
        {"pass_numerator": 3, "pass_denominator": 4},
        ((BOB, "yes"), (ALICE, "no")),
        "rejected",
        "yes 3,000 of 4,000 non-abstaining: exactly 3/4 does not pass",
    ),
    (
        "veto_exactly_at_the_threshold_does_not_veto",
        {"veto_numerator": 1, "veto_denominator": 4},
        ((BOB, "yes"), (ALICE, "veto")),
        "passed",
        "veto 1,000 of 4,000 voted: exactly 1/4 does not veto; yes 3,000 > 1/2 of 4,000",
    ),
    (
        "veto_above_the_threshold_burns_the_deposit",
        {"veto_numerator": 1, "veto_denominator": 4},
        ((CAROL, "yes"), (BOB, "veto")),
        "vetoed",
        "veto 3,000 of 9,000 voted: above 1/4; the 1,000 AIN deposit is burned",
    ),
    (
        "abstain_counts_toward_quorum_only",
        {},
        ((CAROL, "abstain"), (ALICE, "yes")),
        "passed",
        "voted 7,000 (quorum); yes 1,000 of 1,000 non-abstaining passes",
    ),
    (
        "all_abstain_does_not_pass",
        {},
        ((CAROL, "abstain"),),
        "rejected",
        "voted 6,000, all abstaining: nothing passes",
    ),
    (
        "a_changed_vote_moves_its_weight",
        {},
        ((CAROL, "no"), (BOB, "yes"), (CAROL, "yes"), (CAROL, "yes")),
        "passed",
        "carol's no becomes yes (the repeated yes writes nothing): yes 9,000",
    ),
)


@clauses(
    "AIN-GOV-VOTE.1",
    "AIN-GOV-STEP.2",
    "AIN-GOV-TALLY-VERDICT.1",
    "AIN-GOV-DEPOSIT-OUTCOME.1",
    "AIN-GOV-PARAMETERS.1",
    "AIN-GOV-SUPPLY.1",
)
@pytest.mark.parametrize(
    ("case", "thresholds", "votes", "outcome", "note"),
    TALLY_CASES,
    ids=[case[0] for case in TALLY_CASES],
)
def test_verdicts_at_their_exact_thresholds(
    fill: Filler,
    case: str,
    thresholds: dict[str, int],
    votes: tuple[tuple[str, str], ...],
    outcome: str,
    note: str,
) -> None:
    """
    The step closes a vote with the verdict of the running sums, the snapshot's total power and
    the thresholds the parameters hold; only a veto burns the deposit.

    Given
    -----
    - the small chain with the case's thresholds (default quorum 334/1000, pass 1/2, veto
      334/1000); alice submits a change with the full 1,000 AIN in block 1.

    When
    ----
    - block 4: the case's votes, in order; blocks 5 and 6: nothing.

    Then
    ----
    - the proposal's status is the case's outcome; a vetoed one holds 0 and 1,000 AIN is
      burned, any other holds its deposit; the supply's parts add up.
    """
    sign = Signer()
    submit = {"change": change((MIN_DELEGATION, 20 * AIN)), "deposit": 1_000 * AIN}
    blocks = [
        block(1, [sign(ALICE_SEED, ALICE, "submit", submit)]),
        block(2),
        block(3),
        block(4, [vote(sign, voter, option) for voter, option in votes]),
        block(5),
        block(6),
    ]
    parameters = {f"governance/{name}": value for name, value in thresholds.items()}
    output = governance_vector(
        fill,
        case,
        small_chain(parameters),
        blocks,
        [[OK], [], [], [OK] * len(votes), [], []],
        proposals=["0"],
        note=note,
    )
    assert output["proposals"][0]["status"] == outcome
    burned = 1_000 * AIN if outcome == "vetoed" else 0
    assert output["supply"]["governance_burned"] == str(burned)
    assert output["supply"]["governance_held"] == str(1_000 * AIN - burned)


@clauses("AIN-GOV-STEP.2", "AIN-GOV-DEPOSIT-OUTCOME.1", "AIN-GOV-CLAIM.1")
@pytest.mark.parametrize(
    ("case", "top_up", "status"), [("reached", 900, "voting"), ("short_by_one", 899, "expired")]
)
def test_the_deposit_period_closes_at_the_minimum_taken_exactly(
    fill: Filler, case: str, top_up: int, status: str
) -> None:
    """
    At its deposit end a proposal holding exactly governance/min_deposit opens its vote; one
    base unit less, it expires and its deposits are claimed back.

    Given
    -----
    - the small chain (min_deposit 1,000 AIN); alice submits with 100 AIN in block 1.

    When
    ----
    - block 2: bob deposits the case's amount (900 AIN, or 900 AIN less one base unit).
    - block 3: the step closes the deposit period.
    - block 4: bob claims his deposit.

    Then
    ----
    - reached: status voting, bob's claim is GOV_WRONG_STATUS; short: status expired, bob's
      claim succeeds and governance holds alice's 100 AIN only.
    """
    sign = Signer()
    submit = {"change": change((MIN_DELEGATION, 20 * AIN)), "deposit": 100 * AIN}
    amount = top_up * AIN if case == "reached" else 900 * AIN - 1
    blocks = [
        block(1, [sign(ALICE_SEED, ALICE, "submit", submit)]),
        block(2, [sign(BOB_SEED, BOB, "deposit", {"proposal": "0", "amount": amount})]),
        block(3),
        block(4, [sign(BOB_SEED, BOB, "claim", {"proposal": "0"})]),
    ]
    claim = OK if status == "expired" else failed(ErrorCode.GOV_WRONG_STATUS)
    output = governance_vector(
        fill,
        case,
        small_chain(),
        blocks,
        [[OK], [OK], [], [claim]],
        proposals=["0"],
    )
    assert output["proposals"][0]["status"] == status
    held = 100 * AIN if status == "expired" else 1_000 * AIN - 1 * (case != "reached")
    assert output["supply"]["governance_held"] == str(held)


@clauses("AIN-GOV-VOTE.1", "AIN-GOV-STEP.2")
def test_power_bonded_after_the_snapshot_does_not_count(fill: Filler) -> None:
    """
    A vote weighs the voter's power at the snapshot height (the deposit end), never power
    bonded in a later block.

    Given
    -----
    - the small chain; alice submits with the full deposit in block 1 (snapshot height 3).

    When
    ----
    - block 4: alice bonds 5,000 AIN more to herself (power 6,000 from height 4), then votes
      yes; carol votes no.

    Then
    ----
    - the tally holds yes 1,000 AIN (alice's power at height 3) and no 6,000 AIN; the vote is
      rejected, whereas alice's power now would have tied it.
    """
    sign = Signer()
    submit = {"change": change((MIN_DELEGATION, 20 * AIN)), "deposit": 1_000 * AIN}
    submission = sign(ALICE_SEED, ALICE, "submit", submit)
    bond_transaction = transaction(ALICE_SEED, bond(ALICE, ALICE, "b", 5_000 * AIN), nonce=1)
    sign.nonces[ALICE_SEED] = 2
    blocks = [
        block(1, [submission]),
        block(2),
        block(3),
        block(4, [bond_transaction, vote(sign, ALICE, "yes"), vote(sign, CAROL, "no")]),
        block(5),
        block(6),
    ]
    output = governance_vector(
        fill, "", small_chain(), blocks, [[OK], [], [], [OK, OK, OK], [], []], proposals=["0"]
    )
    proposal = output["proposals"][0]
    assert proposal["tally"]["yes"] == str(1_000 * AIN)
    assert proposal["tally"]["no"] == str(6_000 * AIN)
    assert proposal["status"] == "rejected"


OVERRIDE_CASES: tuple[tuple[str, tuple[tuple[int, str, str], ...], dict[str, int]], ...] = (
    ("validator_first", ((4, CAROL, "yes"), (5, DAVE, "no")), {"yes": 6_000, "no": 400}),
    ("delegator_first", ((4, DAVE, "no"), (5, CAROL, "yes")), {"yes": 6_000, "no": 400}),
    (
        "delegator_first_in_one_block",
        ((4, DAVE, "no"), (4, CAROL, "yes")),
        {"yes": 6_000, "no": 400},
    ),
    ("delegator_alone", ((4, DAVE, "no"),), {"no": 400}),
    ("validator_alone_carries_its_delegator", ((4, CAROL, "yes"),), {"yes": 6_400}),
    (
        "delegator_changes_its_vote",
        ((4, CAROL, "yes"), (5, DAVE, "no"), (6, DAVE, "yes")),
        {"yes": 6_400},
    ),
    (
        "validator_changes_after_an_override",
        ((4, DAVE, "no"), (5, CAROL, "yes"), (6, CAROL, "veto")),
        {"veto": 6_000, "no": 400},
    ),
    (
        "delegator_who_is_a_validator",
        ((4, BOB, "no"), (5, CAROL, "yes")),
        {"yes": 6_400, "no": 3_400},
    ),
)


@clauses("AIN-GOV-VOTE.1", "AIN-GOV-POWER.1", "AIN-GOV-TALLY-RUNNING.1")
@pytest.mark.parametrize(
    ("case", "votes", "sums"), OVERRIDE_CASES, ids=[case[0] for case in OVERRIDE_CASES]
)
def test_a_delegator_overrides_its_validator_in_any_order(
    fill: Filler, case: str, votes: tuple[tuple[int, str, str], ...], sums: dict[str, int]
) -> None:
    """
    A delegator's vote weighs its stake at the snapshot and takes it out of its validator's
    vote, whichever of the two votes first; a silent delegator inherits its validator's vote.

    Given
    -----
    - the small chain; alice submits with the full deposit in block 1; in block 2 dave
      delegates 400 AIN to carol, and (for the last case) bob delegates 400 AIN to carol (bob
      is also a validator): carol's power at the snapshot is 6,400 or 6,800 AIN.

    When
    ----
    - the case's votes, each in its block (4, 5 or 6).

    Then
    ----
    - the tally is the case's sums (AIN); the receipts all succeed. (Last case: bob's vote
      weighs his own power 3,000 and his 400 with carol; carol's yes keeps 6,800 less bob's
      400, dave inheriting it.)
    """
    sign = Signer()
    delegators = [(DAVE, DAVE_SEED)] + (
        [(BOB, BOB_SEED)] if case.startswith("delegator_who") else []
    )
    submission = sign(
        ALICE_SEED,
        ALICE,
        "submit",
        {"change": change((MIN_DELEGATION, 20 * AIN)), "deposit": 1_000 * AIN},
    )
    bonds = []
    for address, seed in delegators:
        nonce = sign.nonces.get(seed, 0)
        bonds.append(transaction(seed, bond(address, CAROL, "b", 400 * AIN), nonce=nonce))
        sign.nonces[seed] = nonce + 1
    blocks = [block(1, [submission]), block(2, bonds), block(3)]
    for height in (4, 5, 6):
        blocks.append(
            block(
                height, [vote(sign, voter, option) for at, voter, option in votes if at == height]
            )
        )
    expected = [[OK], [OK] * len(bonds), []] + [
        [OK] * sum(1 for at, _, _ in votes if at == height) for height in (4, 5, 6)
    ]
    output = governance_vector(fill, case, small_chain(), blocks, expected, proposals=["0"])
    tally = output["proposals"][0]["tally"]
    assert tally == {
        option: str(sums.get(option, 0) * AIN) for option in ("yes", "no", "abstain", "veto")
    }
