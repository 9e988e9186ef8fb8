"""
Fillers for governance/apply_blocks: how calls and the step read what genesis overrides store
in governance's records (a junk counter, a queue entry that is not a map, a stored vote that is
no option), and that a submission never writes over a record.

Each case runs on the small chain of ``tests.fillers.governance.chain``; the overrides are the
only way to store these values, and each vector pins the reading the spec gives them, so a
client that reads them another way fails a named vector.
"""

from __future__ import annotations

from typing import Any

import pytest

from ain_ref.errors import ErrorCode
from ain_ref.governance.calls import call_path
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
    call,
    failed,
    governance_vector,
    small_chain,
)
from tests.fillers.governance.test_chain_calls import (
    CHANGE,
    FULL,
    SUPPLY,
    record,
    voting_proposal,
    with_records,
)
from tests.fillers.platform.common import bond
from tests.fillers.state.common import set_value, transaction

U64_MAX = 2**64 - 1
SUBMIT = {"change": CHANGE, "deposit": FULL}
Receipt = tuple[str, str | None]


def submission_over(values: dict[str, Any], seed: bytes = ALICE_SEED) -> list[dict[str, Any]]:
    """Block 1: one submission with the full deposit, by ``seed``'s account."""
    caller = {ALICE_SEED: ALICE, CAROL_SEED: CAROL}[seed]
    return [block(1, [Signer()(seed, caller, "submit", SUBMIT)])]


ID_CASES: dict[str, tuple[dict[str, Any], bytes, Receipt, str]] = {
    "junk_count_with_a_record_at_0": (
        {"/governance/count": "x", "/governance/proposals/0": record()},
        ALICE_SEED,
        failed(ErrorCode.GOV_PROPOSAL_ID_TAKEN),
        'the count "x" reads 0 and record 0 exists: refused, never overwritten',
    ),
    "junk_count_and_no_record": (
        {"/governance/count": "x"},
        ALICE_SEED,
        OK,
        'the count "x" reads 0 and nothing is at 0: the proposal takes id 0',
    ),
    "malformed_record_at_the_next_id": (
        {"/governance/proposals/0": {"deposit": 7}},
        ALICE_SEED,
        failed(ErrorCode.GOV_PROPOSAL_ID_TAKEN),
        "a malformed record at 0 is absent to calls, yet its path is not free",
    ),
    "count_past_a_record": (
        {"/governance/count": 1, "/governance/proposals/0": record()},
        ALICE_SEED,
        OK,
        "the count 1 with record 0: the proposal takes id 1",
    ),
    "count_at_the_largest_integer": (
        {"/governance/count": U64_MAX},
        ALICE_SEED,
        failed(ErrorCode.STATE_VALUE_INVALID),
        "the count 2**64 - 1: its SET_VALUE of 2**64 is refused by the state",
    ),
    "balance_checked_before_the_id": (
        {"/governance/count": "x", "/governance/proposals/0": record()},
        CAROL_SEED,
        failed(ErrorCode.GOV_INSUFFICIENT_BALANCE),
        "carol has no balance and the id is taken: the balance's code",
    ),
}


@clauses("AIN-GOV-SUBMIT.2", "AIN-GOV-RECORD.2")
@pytest.mark.parametrize("case", list(ID_CASES))
def test_a_submission_never_writes_over_a_record(fill: Filler, case: str) -> None:
    """
    The next id is the count read as a counter; when anything is stored at that id's record
    path the submission is refused, as the last of its checks.

    Given
    -----
    - the small chain with the case's count and record (genesis overrides; the supply total
      counts a well-formed record's deposit).

    When
    ----
    - block 1: the case's account submits with the full deposit.

    Then
    ----
    - the receipt is the case's; a submission that succeeds wrote the record at the count.
    """
    values, seed, expected, note = ID_CASES[case]
    stored = values.get("/governance/proposals/0")
    held = FULL if stored == record() else 0
    genesis = small_chain(overrides={"values": {"/supply/total": SUPPLY + held, **values}})
    output = governance_vector(
        fill,
        case,
        genesis,
        submission_over(values, seed),
        [[expected]],
        proposals=["0", "1"],
        note=note,
    )
    if case == "junk_count_and_no_record":
        assert output["proposals"][0]["submitted"] == "1"
    if case == "count_past_a_record":
        assert output["proposals"][1]["submitted"] == "1"
    if case == "junk_count_with_a_record_at_0":
        assert output["proposals"][0]["submitted"] == "0"


BURNED_CASES: dict[str, tuple[Any, str | None, str]] = {
    "junk_burned_total_reads_0": ("x", str(FULL), 'the burned total "x" reads 0'),
    "burned_total_reaches_the_largest_integer": (
        U64_MAX - FULL,
        str(U64_MAX),
        "the burned total plus the deposit is exactly 2**64 - 1",
    ),
    "burned_total_past_the_largest_integer": (
        U64_MAX - FULL + 1,
        None,
        "the burned total plus the deposit is 2**64: the step fails",
    ),
}


@clauses("AIN-GOV-STEP.2", "AIN-GOV-RECORD.2", "AIN-GOV-DEPOSIT-OUTCOME.1")
@pytest.mark.parametrize("case", list(BURNED_CASES))
def test_a_veto_adds_to_the_burned_total_read_as_a_counter(fill: Filler, case: str) -> None:
    """
    A veto writes the burned total read as a counter plus the deposit (a text reads 0, not
    INC_TARGET_NOT_INTEGER); a sum above 2**64 - 1 fails the step with
    INC_RESULT_OUT_OF_RANGE, which undoes its writes of the block.

    Given
    -----
    - the small chain whose /governance/burned holds the case's value (a genesis override);
      alice submits with the full 1,000 AIN in block 1.

    When
    ----
    - block 4: carol votes veto; blocks 5 and 6 (the vote closes at the end of 6).

    Then
    ----
    - the burned total is the case's; when the step fails it writes 0 times and the proposal
      stays in its vote, else it writes 5 times and the proposal is vetoed.
    """
    stored, burned, note = BURNED_CASES[case]
    sign = Signer()
    blocks = [
        *voting_proposal(sign),
        block(4, [sign(CAROL_SEED, CAROL, "vote", {"proposal": "0", "option": "veto"})]),
        block(5),
        block(6),
    ]
    genesis = small_chain(overrides={"values": {"/governance/burned": stored}})
    output = governance_vector(
        fill,
        case,
        genesis,
        blocks,
        [[OK], [], [], [OK], [], []],
        proposals=["0"],
        note=note,
        conserved=case == "junk_burned_total_reads_0",
        steps_succeed=burned is not None,
    )
    step = output["blocks"][5]["steps"][-1]
    if burned is None:
        assert step == {
            "step": "governance/advance",
            "code": "INC_RESULT_OUT_OF_RANGE",
            "writes": 0,
        }
        assert output["proposals"][0]["status"] == "voting"
    else:
        assert step["writes"] == 5
        assert output["proposals"][0]["status"] == "vetoed"
        assert output["supply"]["governance_burned"] == burned


@clauses("AIN-GOV-STEP.2", "AIN-PLAT-STEP-BOUND.1")
@pytest.mark.parametrize("open_count", [None, "x", 1, 3])
def test_closing_an_open_count_is_one_write_even_when_nothing_is_stored(
    fill: Filler, open_count: Any
) -> None:
    """
    An expiring proposal closes its proposer's open count: a deletion when the count reads
    at most 1, which counts as one write even when nothing is stored there.

    Given
    -----
    - the small chain with alice's record "0" holding 1 base unit (below the minimum
      deposit), due to close its deposit period at height 1; /governance/open/<alice> absent,
      the text "x", 1 or 3 (genesis overrides).

    When
    ----
    - block 1 (empty).

    Then
    ----
    - the proposal expires; the step writes 3 times (status, open count, queue); the open
      count is deleted, or 2 when it was 3.
    """
    values = {} if open_count is None else {f"/governance/open/{ALICE}": open_count}
    genesis = with_records({"0": record(deposit=1)}, {"0": True}, values=values)
    case = "open_count_absent" if open_count is None else f"open_count_{open_count}"
    output = governance_vector(
        fill,
        case,
        genesis,
        [block(1)],
        [[]],
        proposals=["0"],
    )
    assert output["proposals"][0]["status"] == "expired"
    assert output["blocks"][0]["steps"][-1]["writes"] == 3


@clauses("AIN-GOV-STEP.2")
@pytest.mark.parametrize("queued", [True, "0", 7])
def test_a_queue_entry_that_is_not_a_map_is_only_deleted(fill: Filler, queued: Any) -> None:
    """
    A queue entry that is present but not a map processes no proposal and is deleted: one
    write, where an absent one writes nothing.

    Given
    -----
    - the small chain with alice's well-formed record "0" due at height 1, and
      /governance/queue/1 holding the case's leaf instead of a map (genesis overrides).

    When
    ----
    - block 1 (empty).

    Then
    ----
    - the step writes once; proposal 0 stays in its deposit period.
    """
    genesis = with_records({"0": record()}, queued)
    case = f"queue_holds_{str(queued).lower()}"
    output = governance_vector(fill, case, genesis, [block(1)], [[]], proposals=["0"])
    assert output["blocks"][0]["steps"][-1]["writes"] == 1
    assert output["proposals"][0]["status"] == "deposit"


@clauses("AIN-GOV-QUEUE.1", "AIN-GOV-SUBMIT.2", "AIN-GOV-STEP.2")
def test_a_submission_due_at_a_leaf_queue_replaces_it(fill: Filler) -> None:
    """
    Room at a height whose queue entry is a leaf: a leaf has no keys, so it counts 0 entries,
    and the submission's SET_VALUE below it makes it a map.

    Given
    -----
    - the small chain whose /governance/queue/3 holds true (a genesis override); a
      submission in block 1 has its deposit end at 3.

    When
    ----
    - block 1: alice submits with the full deposit; blocks 2 and 3.

    Then
    ----
    - the submission succeeds; at the end of block 3 its vote opens (the step writes 3 times).
    """
    sign = Signer()
    genesis = small_chain(overrides={"values": {"/governance/queue/3": True}})
    blocks = [block(1, [sign(ALICE_SEED, ALICE, "submit", SUBMIT)]), block(2), block(3)]
    output = governance_vector(fill, "", genesis, blocks, [[OK], [], []], proposals=["0"])
    assert output["proposals"][0]["status"] == "voting"
    assert output["blocks"][2]["steps"][-1]["writes"] == 3


STORED_VOTE_CASES: dict[str, tuple[dict[str, Any], int, str]] = {
    "stored_vote_not_an_option": (
        {f"/governance/votes/0/{CAROL}": "maybe"},
        6_000 * AIN,
        'carol\'s stored vote "maybe" counts as no vote: nothing leaves "maybe"',
    ),
    "stored_vote_not_a_text": (
        {f"/governance/votes/0/{CAROL}": 5},
        6_000 * AIN,
        "carol's stored vote 5 counts as no vote",
    ),
    "overridden_stake_a_text": (
        {f"/governance/overridden/0/{CAROL}": "x"},
        6_000 * AIN,
        'the stake overridden at carol, "x", reads 0',
    ),
    "overridden_stake_an_integer": (
        {f"/governance/overridden/0/{CAROL}": 2_000 * AIN},
        4_000 * AIN,
        "2,000 AIN overridden at carol leaves her 4,000 AIN",
    ),
}


@clauses("AIN-GOV-VOTE.1", "AIN-GOV-RECORD.2")
@pytest.mark.parametrize("case", list(STORED_VOTE_CASES))
def test_a_vote_reads_stored_votes_and_overrides_as_the_spec_says(fill: Filler, case: str) -> None:
    """
    A stored vote that is not one of the four option texts counts as no vote; the overridden
    stake is a counter (anything but an integer >= 0 reads 0).

    Given
    -----
    - the small chain with alice's record "0" in its vote (snapshot height 1, vote ends at
      4, total power 10,000 AIN) and the case's stored value (genesis overrides).

    When
    ----
    - block 2: carol (6,000 AIN of power at height 1) votes yes.

    Then
    ----
    - the vote succeeds; the validators' yes sum is the case's; no other sum moves.
    """
    values, yes, note = STORED_VOTE_CASES[case]
    voting = record(status="voting", total_power=10_000 * AIN)
    genesis = with_records({"0": voting}, {"0": True}, values=values)
    sign = Signer()
    blocks = [
        block(1),
        block(2, [sign(CAROL_SEED, CAROL, "vote", {"proposal": "0", "option": "yes"})]),
    ]
    output = governance_vector(fill, case, genesis, blocks, [[], [OK]], proposals=["0"], note=note)
    tally = output["proposals"][0]["tally"]
    assert tally == {"yes": str(yes), "no": "0", "abstain": "0", "veto": "0"}


@clauses("AIN-GOV-CALL.1", "AIN-GOV-VOTE.1")
def test_the_same_vote_again_succeeds_and_writes_nothing(fill: Filler) -> None:
    """
    A vote with the option already counted for its caller is a success that writes nothing
    but the call itself: its work is 1, the triggering write.

    Given
    -----
    - the small chain; alice's proposal with the full deposit opens its vote after block 3.

    When
    ----
    - block 4: carol votes yes, then yes again.

    Then
    ----
    - both succeed; the second's work is 1; the yes sum is carol's 6,000 AIN once.
    """
    sign = Signer()
    yes = {"proposal": "0", "option": "yes"}
    blocks = [
        *voting_proposal(sign),
        block(4, [sign(CAROL_SEED, CAROL, "vote", yes), sign(CAROL_SEED, CAROL, "vote", yes)]),
    ]
    output = governance_vector(
        fill, "", small_chain(), blocks, [[OK], [], [], [OK, OK]], proposals=["0"]
    )
    first, second = output["blocks"][3]["receipts"]
    assert second["work"] == 1 < first["work"]
    assert output["proposals"][0]["tally"]["yes"] == str(6_000 * AIN)


@clauses("AIN-GOV-CALL.1")
@pytest.mark.parametrize("kind", ["propose", "submit"])
def test_the_call_rule_comes_before_the_kind_check(fill: Filler, kind: str) -> None:
    """
    The write rule at the call path runs before the native: bob writing at alice's call
    path is refused by the rule, whatever the kind, so an unknown kind there is not
    GOV_MALFORMED.

    Given
    -----
    - the small chain.

    When
    ----
    - block 1: bob signs a write of a submission's fields at
      /governance/calls/<kind>/<alice>/0/value.

    Then
    ----
    - RULE_DENIED.
    """
    signed_by_bob = call(BOB_SEED, ALICE, kind, "0", SUBMIT, 0)
    governance_vector(
        fill,
        f"{kind}_signed_by_another_account",
        small_chain(),
        [block(1, [signed_by_bob])],
        [[failed(ErrorCode.RULE_DENIED)]],
    )
    assert BOB != ALICE


@clauses("AIN-GOV-STEP.2", "AIN-GOV-ENACT.1", "AIN-GOV-PARAMETERS.1")
def test_a_verdict_reads_the_thresholds_an_earlier_id_just_enacted(fill: Filler) -> None:
    """
    The step reads each parameter when it processes a proposal: a verdict closed at the
    height where a lower id was just enacted uses the enacted thresholds.

    Given
    -----
    - the small chain (pass 500/1000). Proposal 0 (alice, block 1) sets
      governance/pass_numerator to 1000: its vote is blocks 4-6, activation at the end of 8.
      Proposal 1 (bob, block 3) changes min_delegation: its vote is blocks 6-8.

    When
    ----
    - block 4: carol votes yes on 0; block 6: carol votes yes on 1; blocks up to 8.

    Then
    ----
    - at the end of block 8 proposal 0 is enacted first, then proposal 1 is rejected (6,000
      of 6,000 voting AIN is not above 1000/1000), where the thresholds of the block's start
      would pass it.
    """
    sign = Signer()
    strict = {"0": {"parameter": "governance/pass_numerator", "value": 1000}}
    yes = {"option": "yes"}
    blocks = [
        block(1, [sign(ALICE_SEED, ALICE, "submit", {"change": strict, "deposit": FULL})]),
        block(2),
        block(3, [sign(BOB_SEED, BOB, "submit", SUBMIT)]),
        block(4, [sign(CAROL_SEED, CAROL, "vote", {"proposal": "0", **yes})]),
        block(5),
        block(6, [sign(CAROL_SEED, CAROL, "vote", {"proposal": "1", **yes})]),
        block(7),
        block(8),
    ]
    expected: list[list[Receipt]] = [[OK], [], [OK], [OK], [], [OK], [], []]
    output = governance_vector(
        fill,
        "",
        small_chain(),
        blocks,
        expected,
        proposals=["0", "1"],
        parameters=["governance/pass_numerator"],
    )
    assert [item["status"] for item in output["proposals"]] == ["enacted", "rejected"]
    assert output["parameters"] == [{"int": "1000"}]


@clauses("AIN-GOV-STEP.2", "AIN-GOV-TALLY-VERDICT.1", "AIN-GOV-BLOCKS-HANDLER.2")
def test_votes_on_a_record_without_total_power_reach_the_quorum(fill: Filler) -> None:
    """
    The verdict is computed as the tally clause says even where overrides make the sums
    exceed the total: a record without total_power (read 0) whose vote was counted passes.

    Given
    -----
    - the small chain with alice's record "0" in its vote without total_power (snapshot
      height 1, vote ends at 4), queued at 4 (genesis overrides).

    When
    ----
    - block 2: carol votes yes; blocks 3 and 4.

    Then
    ----
    - at the end of block 4 the proposal is passed (quorum: S > 0 and S * d >= n * 0); the
      query answers its total_power "0".
    """
    voting = record(status="voting")
    genesis = with_records({"0": voting}, {"0": True}, values={"/governance/queue/4": {"0": True}})
    sign = Signer()
    blocks = [
        block(1),
        block(2, [sign(CAROL_SEED, CAROL, "vote", {"proposal": "0", "option": "yes"})]),
        block(3),
        block(4),
    ]
    output = governance_vector(fill, "", genesis, blocks, [[], [OK], [], []], proposals=["0"])
    assert output["proposals"][0]["status"] == "passed"
    assert output["proposals"][0]["total_power"] == "0"


@clauses("AIN-GOV-CALL.1")
def test_a_write_below_a_call_path_is_inert(fill: Filler) -> None:
    """
    _governance fires at the call path exactly: a write below it passes the call rule, runs
    no call and is accepted as data.

    Given
    -----
    - the small chain.

    When
    ----
    - block 1: alice writes a submission's fields at
      /governance/calls/submit/<alice>/0/value/extra.

    Then
    ----
    - SUCCESS with work 1; no proposal exists and alice's balance is untouched (the root).
    """
    path = f"{call_path('submit', ALICE, '0')}/extra"
    below = transaction(ALICE_SEED, set_value(path, SUBMIT), nonce=0)
    output = governance_vector(fill, "", small_chain(), [block(1, [below])], [[OK]], ["0"])
    assert output["blocks"][0]["receipts"][0]["work"] == 1
    assert output["proposals"] == [None]


@clauses("AIN-GOV-VOTE.1", "AIN-GOV-SUBMIT.2")
def test_a_delegator_overrides_a_validator_whose_stored_vote_is_no_option(fill: Filler) -> None:
    """
    A validator's stored vote that is not an option text counts as no vote when its
    delegator overrides it (nothing leaves it), and when the validator then votes (nothing
    moves from it). A submission checks only its record path, so a vote stored under its id
    beforehand stays.

    Given
    -----
    - the small chain whose /governance/votes/0/<carol> holds "maybe" (a genesis override);
      alice submits with the full deposit in block 1 (id 0); dave delegates 400 AIN to carol
      in block 2 (carol's power at the snapshot 6,400 AIN).

    When
    ----
    - block 4: dave votes no; block 5: carol votes yes.

    Then
    ----
    - every call succeeds; the sums are no 400 AIN (dave) and yes 6,000 AIN (carol less dave's
      overridden 400).
    """
    sign = Signer()
    genesis = small_chain(overrides={"values": {f"/governance/votes/0/{CAROL}": "maybe"}})
    delegation = transaction(DAVE_SEED, bond(DAVE, CAROL, "b", 400 * AIN), nonce=0)
    sign.nonces[DAVE_SEED] = 1
    blocks = [
        block(1, [sign(ALICE_SEED, ALICE, "submit", SUBMIT)]),
        block(2, [delegation]),
        block(3),
        block(4, [sign(DAVE_SEED, DAVE, "vote", {"proposal": "0", "option": "no"})]),
        block(5, [sign(CAROL_SEED, CAROL, "vote", {"proposal": "0", "option": "yes"})]),
    ]
    output = governance_vector(
        fill, "", genesis, blocks, [[OK], [OK], [], [OK], [OK]], proposals=["0"]
    )
    tally = output["proposals"][0]["tally"]
    assert tally == {"yes": str(6_000 * AIN), "no": str(400 * AIN), "abstain": "0", "veto": "0"}


@clauses("AIN-GOV-DEPOSIT.1", "AIN-GOV-LIFECYCLE.1")
@pytest.mark.parametrize("status", ["cancelled", "expired", "voting"])
def test_a_deposit_on_a_proposal_out_of_its_deposit_period(fill: Filler, status: str) -> None:
    """
    Deposits are taken in the status ``deposit`` only: a status that sorts before it
    (``cancelled``) refuses them as one that sorts after it does.

    Given
    -----
    - the small chain with alice's record "0" of the case's status (a genesis override).

    When
    ----
    - block 1: bob deposits 1 base unit on it.

    Then
    ----
    - GOV_WRONG_STATUS.
    """
    genesis = with_records({"0": record(status=status)}, {"0": True})
    blocks = [block(1, [Signer()(BOB_SEED, BOB, "deposit", {"proposal": "0", "amount": 1})])]
    governance_vector(
        fill, status, genesis, blocks, [[failed(ErrorCode.GOV_WRONG_STATUS)]], proposals=["0"]
    )
