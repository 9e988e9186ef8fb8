"""
Fillers for governance/apply_blocks: every rejection of the five calls, each check's code, and
both sides of the orders between checks.

Each case runs its blocks on the small chain of ``tests.fillers.governance.chain`` and
authors every receipt; the refused call is the last transaction of its case.
"""

from __future__ import annotations

from collections.abc import Callable
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

Receipt = tuple[str, str | None]
Scenario = tuple[dict[str, Any], list[dict[str, Any]], list[list[Receipt]]]
CHANGE = {"0": {"parameter": "staking/min_delegation", "value": 20 * AIN}}
"""The usual change: min_delegation from 10 to 20 AIN."""
FULL = 1_000 * AIN
INITIAL = 100 * AIN


def entries(*pairs: tuple[Any, Any]) -> dict[str, Any]:
    """A change from (parameter, value) pairs, in order."""
    return {
        str(index): {"parameter": key, "value": value} for index, (key, value) in enumerate(pairs)
    }


def one_submission(
    fields: Any, expected: Receipt, parameters: dict[str, Any] | None = None, kind: str = "submit"
) -> Scenario:
    """Alice's one call in block 1."""
    sign = Signer()
    return (
        small_chain(parameters),
        [block(1, [sign(ALICE_SEED, ALICE, kind, fields)])],
        [[expected]],
    )


def code(error: ErrorCode) -> Receipt:
    """A FAILED receipt with that code."""
    return failed(error)


SUBMISSION_CASES: dict[str, tuple[Callable[[], Scenario], str]] = {
    "unknown_kind": (
        lambda: one_submission(
            {"change": CHANGE, "deposit": FULL}, code(ErrorCode.GOV_MALFORMED), kind="propose"
        ),
        "the kind propose is not a call",
    ),
    "value_not_a_map": (
        lambda: one_submission(True, code(ErrorCode.GOV_MALFORMED)),
        "the call's value is true",
    ),
    "deposit_missing": (
        lambda: one_submission({"change": CHANGE}, code(ErrorCode.GOV_MALFORMED)),
        "no deposit field",
    ),
    "deposit_zero": (
        lambda: one_submission({"change": CHANGE, "deposit": 0}, code(ErrorCode.GOV_MALFORMED)),
        "a deposit of 0",
    ),
    "deposit_boolean": (
        lambda: one_submission({"change": CHANGE, "deposit": True}, code(ErrorCode.GOV_MALFORMED)),
        "a deposit of true",
    ),
    "deposit_checked_before_change": (
        lambda: one_submission({"change": 5, "deposit": 0}, code(ErrorCode.GOV_MALFORMED)),
        "both the deposit and the change are bad: the deposit's code",
    ),
    "change_not_a_map": (
        lambda: one_submission({"change": 5, "deposit": FULL}, code(ErrorCode.GOV_CHANGE_INVALID)),
        "the change is an integer",
    ),
    "change_of_nine_entries": (
        lambda: one_submission(
            {
                "change": entries(*((f"governance/p{index}", 1) for index in range(9))),
                "deposit": FULL,
            },
            code(ErrorCode.GOV_CHANGE_INVALID),
        ),
        "nine entries, one more than the most",
    ),
    "change_index_gap": (
        lambda: one_submission(
            {
                "change": {
                    "0": CHANGE["0"],
                    "2": {"parameter": "staking/min_self_bond", "value": 1},
                },
                "deposit": FULL,
            },
            code(ErrorCode.GOV_CHANGE_INVALID),
        ),
        'entries "0" and "2"',
    ),
    "change_index_leading_zero": (
        lambda: one_submission(
            {"change": {"00": CHANGE["0"]}, "deposit": FULL}, code(ErrorCode.GOV_CHANGE_INVALID)
        ),
        'the entry "00"',
    ),
    "change_entry_extra_field": (
        lambda: one_submission(
            {"change": {"0": {**CHANGE["0"], "when": 5}}, "deposit": FULL},
            code(ErrorCode.GOV_CHANGE_INVALID),
        ),
        "an entry with a third field",
    ),
    "change_entry_without_value": (
        lambda: one_submission(
            {"change": {"0": {"parameter": "staking/min_delegation"}}, "deposit": FULL},
            code(ErrorCode.GOV_CHANGE_INVALID),
        ),
        "an entry without its value",
    ),
    "change_parameter_not_a_text": (
        lambda: one_submission(
            {"change": {"0": {"parameter": 5, "value": 5}}, "deposit": FULL},
            code(ErrorCode.GOV_CHANGE_INVALID),
        ),
        "a parameter that is an integer",
    ),
    "change_repeats_a_parameter": (
        lambda: one_submission(
            {
                "change": entries(
                    ("staking/min_delegation", 20 * AIN), ("staking/min_delegation", 30 * AIN)
                ),
                "deposit": FULL,
            },
            code(ErrorCode.GOV_CHANGE_INVALID),
        ),
        "min_delegation twice",
    ),
    "change_shape_before_its_values": (
        lambda: one_submission(
            {"change": entries(("staking/nope", 1), ("staking/nope", 1)), "deposit": FULL},
            code(ErrorCode.GOV_CHANGE_INVALID),
        ),
        "an unregistered parameter listed twice: the shape's code",
    ),
    "unregistered_parameter": (
        lambda: one_submission(
            {"change": entries(("staking/nope", 1)), "deposit": FULL}, code(ErrorCode.PARAM_UNKNOWN)
        ),
        "staking/nope is not registered",
    ),
    "unregistered_after_a_good_entry": (
        lambda: one_submission(
            {"change": entries(("staking/min_delegation", 20 * AIN), ("nope", 1)), "deposit": FULL},
            code(ErrorCode.PARAM_UNKNOWN),
        ),
        "the second entry is not registered",
    ),
    "boolean_for_an_integer": (
        lambda: one_submission(
            {"change": entries(("staking/min_delegation", True)), "deposit": FULL},
            code(ErrorCode.PARAM_WRONG_TYPE),
        ),
        "true for an integer parameter",
    ),
    "text_for_an_integer": (
        lambda: one_submission(
            {"change": entries(("staking/min_delegation", "20")), "deposit": FULL},
            code(ErrorCode.PARAM_WRONG_TYPE),
        ),
        'the text "20" for an integer parameter',
    ),
    "above_the_maximum": (
        lambda: one_submission(
            {"change": entries(("governance/max_open_proposals", 101)), "deposit": FULL},
            code(ErrorCode.PARAM_OUT_OF_BOUNDS),
        ),
        "max_open_proposals 101, one above its maximum",
    ),
    "period_at_its_maximum": (
        lambda: one_submission(
            {"change": entries(("governance/voting_period", 10_000_000)), "deposit": FULL}, OK
        ),
        "voting_period 10,000,000 blocks, its maximum exactly",
    ),
    "period_above_its_maximum": (
        lambda: one_submission(
            {"change": entries(("governance/voting_period", 10_000_001)), "deposit": FULL},
            code(ErrorCode.PARAM_OUT_OF_BOUNDS),
        ),
        "voting_period 10,000,001 blocks, one above its maximum",
    ),
    "at_the_maximum": (
        lambda: one_submission(
            {"change": entries(("governance/max_open_proposals", 100)), "deposit": FULL}, OK
        ),
        "max_open_proposals 100, its maximum",
    ),
    "below_the_minimum": (
        lambda: one_submission(
            {"change": entries(("governance/voting_period", 0)), "deposit": FULL},
            code(ErrorCode.PARAM_OUT_OF_BOUNDS),
        ),
        "voting_period 0, one below its minimum",
    ),
    "at_the_minimum": (
        lambda: one_submission(
            {"change": entries(("governance/voting_period", 1)), "deposit": FULL}, OK
        ),
        "voting_period 1, its minimum",
    ),
    "breaks_a_constraint": (
        lambda: one_submission(
            {"change": entries(("governance/quorum_numerator", 1001)), "deposit": FULL},
            code(ErrorCode.PARAM_CONSTRAINT_VIOLATED),
        ),
        "quorum 1001/1000",
    ),
    "order_through_a_broken_constraint": (
        lambda: one_submission(
            {
                "change": entries(
                    ("governance/quorum_denominator", 2), ("governance/quorum_numerator", 1)
                ),
                "deposit": FULL,
            },
            code(ErrorCode.PARAM_CONSTRAINT_VIOLATED),
        ),
        "quorum 334/1000 to 1/2, denominator first: 334/2 on the way",
    ),
    "order_keeping_every_constraint": (
        lambda: one_submission(
            {
                "change": entries(
                    ("governance/quorum_numerator", 1), ("governance/quorum_denominator", 2)
                ),
                "deposit": FULL,
            },
            OK,
        ),
        "quorum 334/1000 to 1/2, numerator first: 1/1000 on the way",
    ),
    "eight_entries": (
        lambda: one_submission(
            {
                "change": entries(
                    *(
                        (f"governance/{name}", value)
                        for name, value in (
                            ("quorum_numerator", 1),
                            ("quorum_denominator", 3),
                            ("pass_numerator", 1),
                            ("pass_denominator", 2),
                            ("veto_numerator", 1),
                            ("veto_denominator", 3),
                            ("voting_period", 4),
                            ("enactment_delay", 3),
                        )
                    )
                ),
                "deposit": FULL,
            },
            OK,
        ),
        "eight entries, the most",
    ),
    "change_checked_before_the_deposit_minimum": (
        lambda: one_submission(
            {"change": entries(("staking/nope", 1)), "deposit": INITIAL - 1},
            code(ErrorCode.PARAM_UNKNOWN),
        ),
        "an unregistered parameter and a deposit too small: the change's code",
    ),
    "initial_deposit_one_below_the_minimum": (
        lambda: one_submission(
            {"change": CHANGE, "deposit": INITIAL - 1}, code(ErrorCode.GOV_DEPOSIT_TOO_SMALL)
        ),
        "100 AIN less one base unit",
    ),
    "initial_deposit_at_the_minimum": (
        lambda: one_submission({"change": CHANGE, "deposit": INITIAL}, OK),
        "exactly 100 AIN",
    ),
}


def too_many_open(small_deposit: bool) -> Scenario:
    """Alice submits two proposals, then a third (with too small a deposit when asked)."""
    sign = Signer()
    submit = {"change": CHANGE, "deposit": INITIAL}
    third = {"change": CHANGE, "deposit": INITIAL - 1 if small_deposit else INITIAL}
    expected = code(
        ErrorCode.GOV_DEPOSIT_TOO_SMALL if small_deposit else ErrorCode.GOV_TOO_MANY_OPEN
    )
    return (
        small_chain(),
        [
            block(
                1,
                [sign(ALICE_SEED, ALICE, "submit", submit) for _ in range(2)]
                + [sign(ALICE_SEED, ALICE, "submit", third)],
            )
        ],
        [[OK, OK, expected]],
    )


def full_queue(proposals: int) -> Scenario:
    """Alice (limit 9 open) submits ``proposals`` proposals in block 1: 8 fit at one height."""
    sign = Signer()
    submit = {"change": CHANGE, "deposit": INITIAL}
    receipts = [OK] * min(proposals, 8) + [code(ErrorCode.GOV_QUEUE_FULL)] * (proposals - 8)
    return (
        small_chain({"governance/max_open_proposals": 9}),
        [block(1, [sign(ALICE_SEED, ALICE, "submit", submit) for _ in range(proposals)])],
        [receipts],
    )


def balance_case(seed: bytes, caller: str, amount: int, expected: Receipt) -> Scenario:
    """One submission by ``caller`` with ``amount``."""
    sign = Signer()
    return (
        small_chain(),
        [block(1, [sign(seed, caller, "submit", {"change": CHANGE, "deposit": amount})])],
        [[expected]],
    )


LIMIT_CASES: dict[str, tuple[Callable[[], Scenario], str]] = {
    "third_open_proposal": (
        lambda: too_many_open(False),
        "two open, the limit: the third is refused",
    ),
    "deposit_minimum_before_the_open_limit": (
        lambda: too_many_open(True),
        "a third proposal with too small a deposit: the deposit's code",
    ),
    "eight_at_one_height": (lambda: full_queue(8), "eight proposals due at the same heights fit"),
    "ninth_at_one_height": (
        lambda: full_queue(9),
        "the ninth finds the queue of its deposit end full",
    ),
    "balance_too_small": (
        lambda: balance_case(CAROL_SEED, CAROL, INITIAL, code(ErrorCode.GOV_INSUFFICIENT_BALANCE)),
        "carol has no balance",
    ),
    "whole_balance": (
        lambda: balance_case(DAVE_SEED, DAVE, 10_000 * AIN, OK),
        "dave deposits his whole 10,000 AIN",
    ),
    "one_above_the_balance": (
        lambda: balance_case(
            DAVE_SEED, DAVE, 10_000 * AIN + 1, code(ErrorCode.GOV_INSUFFICIENT_BALANCE)
        ),
        "dave deposits one base unit more than he holds",
    ),
}


@clauses(
    "AIN-GOV-CALL.1",
    "AIN-GOV-SUBMIT.2",
    "AIN-GOV-CHANGE.1",
    "AIN-GOV-CHANGE-CHECK.1",
    "AIN-GOV-QUEUE.1",
)
@pytest.mark.parametrize("case", [*SUBMISSION_CASES, *LIMIT_CASES])
def test_submission_checks_in_order(fill: Filler, case: str) -> None:
    """
    A submission is checked in the clause's order (deposit field, change shape, change over the
    current values, initial minimum, open limit, queue room, balance); the first failure fails
    the transaction and changes nothing but the signer's nonce.

    Given
    -----
    - the small chain (initial deposit 100 AIN, at most 2 open proposals).

    When
    ----
    - block 1: the case's submissions.

    Then
    ----
    - each receipt is as authored; the supply's parts add up.
    """
    build, note = {**SUBMISSION_CASES, **LIMIT_CASES}[case]
    genesis, blocks, expected = build()
    governance_vector(fill, case, genesis, blocks, expected, proposals=["0"], note=note)


def voting_proposal(sign: Signer) -> list[dict[str, Any]]:
    """Blocks 1-3: alice submits with the full deposit; its vote opens at the end of block 3."""
    return [
        block(1, [sign(ALICE_SEED, ALICE, "submit", {"change": CHANGE, "deposit": FULL})]),
        block(2),
        block(3),
    ]


def later_call(
    height: int, seed: bytes, caller: str, kind: str, fields: Any, expected: Receipt
) -> Scenario:
    """A proposal submitted in block 1, then one call in the block of ``height``."""
    sign = Signer()
    blocks = voting_proposal(sign)[: min(height - 1, 3)]
    blocks += [block(number) for number in range(len(blocks) + 1, height)]
    blocks.append(block(height, [sign(seed, caller, kind, fields)]))
    receipts: list[list[Receipt]] = [[OK]] + [[] for _ in range(height - 2)] + [[expected]]
    return small_chain(), blocks, receipts


CALL_CASES: dict[str, tuple[Callable[[], Scenario], str]] = {
    "deposit_unknown_proposal": (
        lambda: later_call(
            2,
            BOB_SEED,
            BOB,
            "deposit",
            {"proposal": "7", "amount": 1},
            code(ErrorCode.GOV_PROPOSAL_UNKNOWN),
        ),
        "proposal 7 was never submitted",
    ),
    "deposit_proposal_not_an_id": (
        lambda: later_call(
            2,
            BOB_SEED,
            BOB,
            "deposit",
            {"proposal": "00", "amount": 1},
            code(ErrorCode.GOV_PROPOSAL_UNKNOWN),
        ),
        'the text "00" names no proposal',
    ),
    "deposit_proposal_an_integer": (
        lambda: later_call(
            2, BOB_SEED, BOB, "deposit", {"proposal": 0, "amount": 1}, code(ErrorCode.GOV_MALFORMED)
        ),
        "proposal 0 as an integer",
    ),
    "deposit_amount_zero": (
        lambda: later_call(
            2,
            BOB_SEED,
            BOB,
            "deposit",
            {"proposal": "0", "amount": 0},
            code(ErrorCode.GOV_MALFORMED),
        ),
        "an amount of 0",
    ),
    "deposit_amount_negative": (
        lambda: later_call(
            2,
            BOB_SEED,
            BOB,
            "deposit",
            {"proposal": "0", "amount": -1},
            code(ErrorCode.GOV_MALFORMED),
        ),
        "an amount of -1",
    ),
    "deposit_amount_one": (
        lambda: later_call(2, BOB_SEED, BOB, "deposit", {"proposal": "0", "amount": 1}, OK),
        "an amount of 1 base unit, the least",
    ),
    "deposit_amount_before_status": (
        lambda: later_call(
            4,
            BOB_SEED,
            BOB,
            "deposit",
            {"proposal": "0", "amount": 0},
            code(ErrorCode.GOV_MALFORMED),
        ),
        "an amount of 0 during the vote: the amount's code",
    ),
    "deposit_during_the_vote": (
        lambda: later_call(
            4,
            BOB_SEED,
            BOB,
            "deposit",
            {"proposal": "0", "amount": 1},
            code(ErrorCode.GOV_WRONG_STATUS),
        ),
        "a deposit after the deposit period",
    ),
    "deposit_without_balance": (
        lambda: later_call(
            2,
            CAROL_SEED,
            CAROL,
            "deposit",
            {"proposal": "0", "amount": 1},
            code(ErrorCode.GOV_INSUFFICIENT_BALANCE),
        ),
        "carol has no balance",
    ),
    "vote_option_capitalised": (
        lambda: later_call(
            4,
            CAROL_SEED,
            CAROL,
            "vote",
            {"proposal": "0", "option": "Yes"},
            code(ErrorCode.GOV_VOTE_OPTION_INVALID),
        ),
        'the option "Yes"',
    ),
    "vote_option_before_status": (
        lambda: later_call(
            2,
            CAROL_SEED,
            CAROL,
            "vote",
            {"proposal": "0", "option": 1},
            code(ErrorCode.GOV_VOTE_OPTION_INVALID),
        ),
        "the option 1 during the deposit period: the option's code",
    ),
    "vote_during_the_deposit_period": (
        lambda: later_call(
            3,
            CAROL_SEED,
            CAROL,
            "vote",
            {"proposal": "0", "option": "yes"},
            code(ErrorCode.GOV_WRONG_STATUS),
        ),
        "a vote in block 3, the snapshot block: the vote opens at its end",
    ),
    "vote_in_the_first_voting_block": (
        lambda: later_call(4, CAROL_SEED, CAROL, "vote", {"proposal": "0", "option": "yes"}, OK),
        "a vote in block 4, the first of the voting period",
    ),
    "vote_in_the_last_voting_block": (
        lambda: later_call(6, CAROL_SEED, CAROL, "vote", {"proposal": "0", "option": "yes"}, OK),
        "a vote in block 6, the last of the voting period",
    ),
    "vote_after_the_voting_period": (
        lambda: later_call(
            7,
            CAROL_SEED,
            CAROL,
            "vote",
            {"proposal": "0", "option": "yes"},
            code(ErrorCode.GOV_WRONG_STATUS),
        ),
        "a vote in block 7: the vote closed at the end of block 6",
    ),
    "vote_without_power": (
        lambda: later_call(
            4,
            DAVE_SEED,
            DAVE,
            "vote",
            {"proposal": "0", "option": "yes"},
            code(ErrorCode.GOV_VOTER_NO_POWER),
        ),
        "dave has no power at the snapshot",
    ),
    "vote_status_before_power": (
        lambda: later_call(
            2,
            DAVE_SEED,
            DAVE,
            "vote",
            {"proposal": "0", "option": "yes"},
            code(ErrorCode.GOV_WRONG_STATUS),
        ),
        "dave votes during the deposit period: the status's code",
    ),
    "cancel_by_another": (
        lambda: later_call(
            2, BOB_SEED, BOB, "cancel", {"proposal": "0"}, code(ErrorCode.GOV_NOT_PROPOSER)
        ),
        "bob cancels alice's proposal",
    ),
    "cancel_by_another_during_the_vote": (
        lambda: later_call(
            4, BOB_SEED, BOB, "cancel", {"proposal": "0"}, code(ErrorCode.GOV_NOT_PROPOSER)
        ),
        "bob cancels during the vote: the proposer's code first",
    ),
    "cancel_during_the_vote": (
        lambda: later_call(
            4, ALICE_SEED, ALICE, "cancel", {"proposal": "0"}, code(ErrorCode.GOV_WRONG_STATUS)
        ),
        "alice cancels once the vote is open",
    ),
    "cancel_in_the_deposit_period": (
        lambda: later_call(3, ALICE_SEED, ALICE, "cancel", {"proposal": "0"}, OK),
        "alice cancels in block 3, the last of the deposit period",
    ),
    "claim_during_the_deposit_period": (
        lambda: later_call(
            2, ALICE_SEED, ALICE, "claim", {"proposal": "0"}, code(ErrorCode.GOV_WRONG_STATUS)
        ),
        "nothing is refunded before a final status",
    ),
    "claim_after_no_quorum": (
        lambda: later_call(7, ALICE_SEED, ALICE, "claim", {"proposal": "0"}, OK),
        "no votes: no quorum at the end of block 6, so the deposit is refunded in block 7",
    ),
}


@clauses(
    "AIN-GOV-CALL.1",
    "AIN-GOV-DEPOSIT.1",
    "AIN-GOV-VOTE.1",
    "AIN-GOV-CANCEL.1",
    "AIN-GOV-CLAIM.1",
    "AIN-GOV-LIFECYCLE.1",
    "AIN-GOV-OPTIONS.1",
)
@pytest.mark.parametrize("case", list(CALL_CASES))
def test_calls_on_a_proposal_check_in_order(fill: Filler, case: str) -> None:
    """
    Deposit, vote, cancel and claim check the named proposal, their fields, the status and the
    caller in the clauses' order; a refused call changes nothing but the signer's nonce.

    Given
    -----
    - the small chain; alice submits a proposal with the full 1,000 AIN in block 1 (deposit
      period blocks 1-3, vote blocks 4-6).

    When
    ----
    - the case's call, in the case's block.

    Then
    ----
    - its receipt is as authored; the supply's parts add up.
    """
    build, note = CALL_CASES[case]
    genesis, blocks, expected = build()
    governance_vector(fill, case, genesis, blocks, expected, proposals=["0"], note=note)


@clauses("AIN-GOV-CANCEL.1", "AIN-GOV-CLAIM.1", "AIN-GOV-SUBMIT.2", "AIN-GOV-DEPOSIT-OUTCOME.1")
def test_a_cancelled_proposal_frees_its_slot_and_refunds_once(fill: Filler) -> None:
    """
    Cancelling frees a slot of the proposer's open limit; each depositor claims once.

    Given
    -----
    - the small chain (at most 2 open proposals).

    When
    ----
    - block 1: alice submits proposals 0 and 1; bob deposits 5 AIN on proposal 0.
    - block 2: alice cancels 0, then submits proposal 2 (a slot is free again); alice claims
      from 0, bob claims from 0, bob claims from 0 again; dave claims from 0.

    Then
    ----
    - the second claim by bob and dave's claim are GOV_NOTHING_TO_CLAIM; proposal 0 holds 0.
    """
    sign = Signer()
    submit = {"change": CHANGE, "deposit": INITIAL}
    blocks = [
        block(
            1,
            [
                sign(ALICE_SEED, ALICE, "submit", submit),
                sign(ALICE_SEED, ALICE, "submit", submit),
                sign(BOB_SEED, BOB, "deposit", {"proposal": "0", "amount": 5 * AIN}),
            ],
        ),
        block(
            2,
            [
                sign(ALICE_SEED, ALICE, "cancel", {"proposal": "0"}),
                sign(ALICE_SEED, ALICE, "submit", submit),
                sign(ALICE_SEED, ALICE, "claim", {"proposal": "0"}),
                sign(BOB_SEED, BOB, "claim", {"proposal": "0"}),
                sign(BOB_SEED, BOB, "claim", {"proposal": "0"}),
                sign(DAVE_SEED, DAVE, "claim", {"proposal": "0"}),
            ],
        ),
    ]
    nothing = code(ErrorCode.GOV_NOTHING_TO_CLAIM)
    output = governance_vector(
        fill,
        "",
        small_chain(),
        blocks,
        [[OK, OK, OK], [OK, OK, OK, OK, nothing, nothing]],
        proposals=["0", "2"],
    )
    assert output["proposals"][0]["status"] == "cancelled"
    assert output["proposals"][0]["deposit"] == "0"
    assert output["proposals"][1]["status"] == "deposit"


@clauses("AIN-GOV-CLAIM.1", "AIN-GOV-DEPOSIT-OUTCOME.1")
def test_a_vetoed_deposit_is_burned_and_never_claimed(fill: Filler) -> None:
    """
    A vetoed proposal's deposit is burned at the close of its vote; a claim is refused.

    Given
    -----
    - the small chain; alice submits with the full 1,000 AIN in block 1.

    When
    ----
    - block 4: carol votes veto; block 7: alice claims.

    Then
    ----
    - the claim is GOV_WRONG_STATUS; 1,000 AIN is burned and counted in the supply.
    """
    sign = Signer()
    blocks = [
        *voting_proposal(sign),
        block(4, [sign(CAROL_SEED, CAROL, "vote", {"proposal": "0", "option": "veto"})]),
        block(5),
        block(6),
        block(7, [sign(ALICE_SEED, ALICE, "claim", {"proposal": "0"})]),
    ]
    output = governance_vector(
        fill,
        "",
        small_chain(),
        blocks,
        [[OK], [], [], [OK], [], [], [code(ErrorCode.GOV_WRONG_STATUS)]],
        proposals=["0"],
    )
    assert output["proposals"][0]["status"] == "vetoed"
    assert output["supply"]["governance_burned"] == str(FULL)


SUPPLY = (1_000_000 + 100_000 + 10_000 + 1_000 + 3_000 + 6_000) * AIN
"""The small chain's total supply (balances and self-bonds)."""


def record(**fields: Any) -> dict[str, Any]:
    """A proposal record of alice's, due to open its vote at the end of block 1."""
    base: dict[str, Any] = {
        "proposer": ALICE,
        "status": "deposit",
        "change": CHANGE,
        "deposit": FULL,
        "submitted": 0,
        "deposit_end": 1,
        "voting_end": 4,
        "activation": 6,
    }
    return {key: value for key, value in {**base, **fields}.items() if value is not None}


def with_records(
    records: dict[str, Any],
    queue: Any,
    held: int | None = None,
    values: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """
    The small chain with proposal records, a queue at height 1 and other values (overrides).

    The supply total counts ``held`` (by default every record's integer deposit): a case
    with a malformed record says what governance holds without it.
    """
    if held is None:
        held = sum(
            fields["deposit"] for fields in records.values() if type(fields.get("deposit")) is int
        )
    overrides: dict[str, Any] = {"/supply/total": SUPPLY + held, **(values or {})}
    for proposal_id, fields in records.items():
        overrides[f"/governance/proposals/{proposal_id}"] = fields
    overrides["/governance/queue/1"] = queue
    return small_chain(overrides={"values": overrides})


MALFORMED_RECORDS: dict[str, tuple[dict[str, Any], str]] = {
    "proposer_not_a_text": (record(proposer=5), "the proposer is an integer"),
    "status_missing": (record(status=None), "no status"),
    "change_of_the_wrong_shape": (record(change={"1": CHANGE["0"]}), 'a change entry "1" alone'),
    "height_negative": (record(voting_end=-1), "a voting end of -1"),
    "height_missing": (record(activation=None), "no activation height"),
    "deposit_a_text": (record(deposit="5"), 'a deposit of "5"'),
    "total_power_negative": (record(total_power=-1), "a total power of -1"),
    "tally_sum_a_text": (record(tally={"yes": "x"}), 'a validators\' yes sum of "x"'),
    "tally_sum_negative": (record(tally_providers={"no": -1}), "a providers' no sum of -1"),
    "tally_not_a_map": (record(tally_developers=5), "the developers' sums are an integer"),
    "tally_unknown_option": (record(tally={"maybe": 1}), 'a validators\' sum named "maybe"'),
}


@clauses(
    "AIN-GOV-RECORD.2",
    "AIN-GOV-CALL.1",
    "AIN-GOV-STEP.2",
    "AIN-GOV-BLOCKS-HANDLER.2",
    "AIN-GOV-SUPPLY.1",
)
@pytest.mark.parametrize("case", list(MALFORMED_RECORDS))
def test_a_malformed_record_is_treated_as_absent(fill: Filler, case: str) -> None:
    """
    A record that is not well formed (only genesis overrides make one) is absent everywhere,
    with one meaning: a call on it is GOV_PROPOSAL_UNKNOWN, the step passes over it, the
    query answers null and its deposit counts nowhere in the supply.

    Given
    -----
    - the small chain with two records queued at height 1: "0" well formed, "1" malformed in
      the case's way; the supply total counts proposal 0's deposit only.

    When
    ----
    - block 1: bob deposits 1 on proposal 1; the step of block 1 runs.

    Then
    ----
    - the deposit is GOV_PROPOSAL_UNKNOWN; proposal 0 opens its vote; the step writes 3 times
      (proposal 0's status and total power, the queue's deletion); the query of 1 is null;
      governance holds proposal 0's 1,000 AIN only.
    """
    malformed, note = MALFORMED_RECORDS[case]
    sign = Signer()
    genesis = with_records({"0": record(), "1": malformed}, {"0": True, "1": True}, held=FULL)
    blocks = [block(1, [sign(BOB_SEED, BOB, "deposit", {"proposal": "1", "amount": 1})])]
    output = governance_vector(
        fill,
        case,
        genesis,
        blocks,
        [[code(ErrorCode.GOV_PROPOSAL_UNKNOWN)]],
        proposals=["0", "1"],
        note=note,
    )
    assert output["proposals"][0]["status"] == "voting"
    assert output["proposals"][1] is None
    assert output["blocks"][0]["steps"][-1]["writes"] == 3
    assert output["supply"]["governance_held"] == str(FULL)


@clauses("AIN-GOV-STEP.2", "AIN-GOV-RECORD.2")
def test_the_step_reads_queued_ids_in_numeric_order_and_skips_the_rest(fill: Filler) -> None:
    """
    The step takes the queue's decimal ids in numeric order ("2" before "10"), passes over a
    key that is not one, an id without a record, and a record whose status that height does
    not close.

    Given
    -----
    - the small chain with records "2" and "10" due at height 1, both holding the minimum
      deposit, and record "3" already voting (its vote ends at 4); the queue at height 1 holds
      "10", "2", "3", "7" (no record) and "x".

    When
    ----
    - block 1 (empty).

    Then
    ----
    - "2" and "10" open their votes; "3" is unchanged; the step writes 5 times.
    """
    genesis = with_records(
        {"2": record(), "10": record(), "3": record(status="voting", total_power=1)},
        {"10": True, "2": True, "3": True, "7": True, "x": True},
    )
    output = governance_vector(fill, "", genesis, [block(1)], [[]], proposals=["2", "10", "3"])
    assert [item["status"] for item in output["proposals"]] == ["voting", "voting", "voting"]
    assert output["proposals"][2]["total_power"] == "1"
    assert output["blocks"][0]["steps"][-1]["writes"] == 5


@clauses("AIN-GOV-SUBMIT.2", "AIN-GOV-RECORD.2")
def test_an_open_count_above_the_limit_still_refuses(fill: Filler) -> None:
    """
    The open limit is "fewer than", not "not equal to": a count above the limit (a limit
    lowered by a change while proposals were open; here a genesis override) refuses too.

    Given
    -----
    - the small chain (at most 2 open proposals) where /governance/open/<alice> holds 5.

    When
    ----
    - block 1: alice submits with the full deposit.

    Then
    ----
    - GOV_TOO_MANY_OPEN.
    """
    sign = Signer()
    genesis = small_chain(overrides={"values": {f"/governance/open/{ALICE}": 5}})
    blocks = [block(1, [sign(ALICE_SEED, ALICE, "submit", {"change": CHANGE, "deposit": FULL})])]
    governance_vector(fill, "", genesis, blocks, [[code(ErrorCode.GOV_TOO_MANY_OPEN)]])


@clauses("AIN-GOV-VOTE.1", "AIN-GOV-LIFECYCLE.1", "AIN-GOV-RECORD.2")
def test_a_status_the_protocol_never_writes_takes_no_vote(fill: Filler) -> None:
    """
    Only the status ``voting`` takes votes: a well-formed record whose status is another text
    (here "withdrawn", which sorts after "voting") refuses them.

    Given
    -----
    - the small chain with record "0" of status "withdrawn" (a genesis override).

    When
    ----
    - block 1: carol votes yes on it.

    Then
    ----
    - GOV_WRONG_STATUS.
    """
    sign = Signer()
    genesis = with_records({"0": record(status="withdrawn")}, {"0": True})
    blocks = [block(1, [sign(CAROL_SEED, CAROL, "vote", {"proposal": "0", "option": "yes"})])]
    governance_vector(fill, "", genesis, blocks, [[code(ErrorCode.GOV_WRONG_STATUS)]])
