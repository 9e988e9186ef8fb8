"""
Fillers for governance/tally: voting power, override orders, every threshold on both sides.
"""

from __future__ import annotations

from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.governance.common import tally_input, tally_output

POWERS = {"validator-a": 100, "validator-b": 70}
"""validator-a: own 40, delegated 30 + 30; validator-b: own 50, delegated 20. Total 170."""
DELEGATIONS = (
    ("delegator-1", "validator-a", 30),
    ("delegator-2", "validator-a", 30),
    ("delegator-3", "validator-b", 20),
)
A, B, D1, D2, D3 = "validator-a", "validator-b", "delegator-1", "delegator-2", "delegator-3"

OVERRIDE_CASES: tuple[tuple[str, tuple[tuple[str, str], ...], dict[str, int], str], ...] = (
    ("validator_first", ((A, "yes"), (D1, "no")), {"yes": 70, "no": 30}, "passed"),
    ("delegator_first", ((D1, "no"), (A, "yes")), {"yes": 70, "no": 30}, "passed"),
    ("delegator_alone", ((D1, "no"),), {"no": 30}, "no_quorum"),
    ("delegator_changes", ((A, "yes"), (D1, "no"), (D1, "yes")), {"yes": 100}, "passed"),
    (
        "delegator_changes_before_validator",
        ((D1, "no"), (D1, "abstain"), (A, "yes")),
        {"yes": 70, "abstain": 30},
        "passed",
    ),
    ("validator_changes", ((D1, "no"), (A, "yes"), (A, "veto")), {"veto": 70, "no": 30}, "vetoed"),
    ("same_option", ((A, "yes"), (D1, "yes")), {"yes": 100}, "passed"),
    ("same_vote_twice", ((A, "yes"), (A, "yes")), {"yes": 100}, "passed"),
    (
        "all_delegators_override",
        ((D1, "no"), (A, "yes"), (D2, "no")),
        {"yes": 40, "no": 60},
        "rejected",
    ),
    (
        "two_validators",
        ((A, "yes"), (D3, "no"), (B, "abstain")),
        {"yes": 100, "no": 20, "abstain": 50},
        "passed",
    ),
)


@clauses("AIN-GOV-POWER.1", "AIN-GOV-TALLY-RUNNING.1", "AIN-GOV-VOTER.1")
def test_override(fill: Filler) -> None:
    """
    Delegators inherit their validator's vote and override it, in every order.

    Given
    -----
    - validator-a of power 100 (own 40, delegator-1 and delegator-2 with 30 each) and
      validator-b of power 70 (own 50, delegator-3 with 20); quorum 1/3, pass 1/2, veto 1/3.

    When
    ----
    - the votes of the case are applied in order: a delegator before or after its validator,
      a changed vote by either, the same vote twice.

    Then
    ----
    - a voting delegator's stake counts for its own option and leaves its validator's; the sums
      depend only on each account's last vote.
    """
    for case, votes, sums, outcome in OVERRIDE_CASES:
        fill(
            "governance",
            "tally",
            tally_input(POWERS, DELEGATIONS, votes),
            output=tally_output(sums, 170, outcome, [None] * len(votes)),
            case=case,
        )


@clauses("AIN-GOV-POWER.1", "AIN-GOV-TALLY-RUNNING.1")
def test_multiple_roles(fill: Filler) -> None:
    """
    An account with several delegations, and a validator that also delegates.

    Given
    -----
    - validator-a of power 100 and validator-b of power 70, with delegator-1 delegating 30 to
      validator-a and 20 to validator-b (case two_delegations), or validator-a delegating 20 to
      validator-b (case validator_delegates).

    When
    ----
    - the validators and the multi-role account vote.

    Then
    ----
    - each delegation of the voter overrides its own validator; a validator that delegates
      weighs its power and its delegated stake.
    """
    fill(
        "governance",
        "tally",
        tally_input(
            POWERS,
            ((D1, A, 30), (D1, B, 20)),
            ((A, "yes"), (B, "no"), (D1, "abstain")),
        ),
        output=tally_output({"yes": 70, "no": 50, "abstain": 50}, 170, "passed", [None] * 3),
        case="two_delegations",
    )
    fill(
        "governance",
        "tally",
        tally_input(POWERS, ((A, B, 20),), ((B, "no"), (A, "yes"))),
        output=tally_output({"yes": 120, "no": 50}, 170, "passed", [None] * 2),
        case="validator_delegates",
    )


def single_votes(powers: dict[str, int]) -> tuple[tuple[str, str], ...]:
    """Each validator votes the option it is named after (``yes``, ``yes-2``: yes)."""
    return tuple((name, name.split("-")[0]) for name in powers)


THRESHOLD_CASES: tuple[tuple[str, dict[str, int], int, dict[str, int], str], ...] = (
    # quorum 1/3 of 300: 100 reaches it exactly, 99 does not
    ("quorum_exact", {"yes": 100, "idle": 200}, 300, {"yes": 100}, "passed"),
    ("quorum_one_below", {"yes": 99, "idle": 201}, 300, {"yes": 99}, "no_quorum"),
    # veto 1/3 of the power that voted: exactly 1/3 does not veto, one above does
    ("veto_exact", {"yes": 200, "veto": 100}, 300, {"yes": 200, "veto": 100}, "passed"),
    ("veto_one_above", {"yes": 199, "veto": 101}, 300, {"yes": 199, "veto": 101}, "vetoed"),
    # veto counts abstain in its denominator: 100 of 300 with abstain is not above 1/3
    (
        "veto_with_abstain",
        {"abstain": 150, "veto": 100, "yes": 50},
        300,
        {"abstain": 150, "veto": 100, "yes": 50},
        "rejected",
    ),
    # pass 1/2 of yes + no + veto: exactly half does not pass, one above does
    ("pass_exact", {"yes": 100, "no": 100}, 200, {"yes": 100, "no": 100}, "rejected"),
    ("pass_one_above", {"yes": 101, "no": 100}, 201, {"yes": 101, "no": 100}, "passed"),
    # veto votes count against passing
    (
        "pass_veto_against",
        {"yes": 100, "no": 50, "veto": 50},
        200,
        {"yes": 100, "no": 50, "veto": 50},
        "rejected",
    ),
    # abstain counts toward quorum only
    (
        "pass_abstain_excluded",
        {"yes": 100, "no": 99, "abstain": 1000},
        1199,
        {"yes": 100, "no": 99, "abstain": 1000},
        "passed",
    ),
    ("all_abstain", {"abstain": 300}, 300, {"abstain": 300}, "rejected"),
    (
        "abstain_reaches_quorum",
        {"abstain": 100, "yes": 1, "idle": 199},
        300,
        {"abstain": 100, "yes": 1},
        "passed",
    ),
)


@clauses("AIN-GOV-TALLY-VERDICT.1", "AIN-GOV-OPTIONS.1")
def test_threshold(fill: Filler) -> None:
    """
    Quorum, veto and pass, each taken exactly and one unit away.

    Given
    -----
    - validators named after the option they vote (``idle`` does not vote); quorum 1/3,
      pass 1/2, veto 1/3.

    When
    ----
    - every validator but ``idle`` votes.

    Then
    ----
    - the quorum is reached at exactly 1/3 of the total power; the veto needs strictly more
      than 1/3 of the power that voted; passing needs strictly more than 1/2 of yes + no + veto.
    """
    for case, powers, total, sums, outcome in THRESHOLD_CASES:
        votes = tuple((name, option) for name, option in single_votes(powers) if name != "idle")
        fill(
            "governance",
            "tally",
            tally_input(powers, (), votes),
            output=tally_output(sums, total, outcome, [None] * len(votes)),
            case=case,
        )


@clauses("AIN-GOV-TALLY-VERDICT.1", "AIN-GOV-THRESHOLDS.1")
def test_threshold_extremes(fill: Filler) -> None:
    """
    Thresholds at 0 and at 1, and a tally with no votes.

    Given
    -----
    - validators ``yes`` (power 1) and ``veto`` (power 1) and ``idle`` (power 1).

    When
    ----
    - the thresholds are set to their extremes (numerator 0, numerator = denominator).

    Then
    ----
    - a quorum of 0 still needs some voted power; a veto of 1/1 never vetoes; a pass of 1/1
      never passes; a pass of 0/1 passes on any yes.
    """
    powers = {"yes": 1, "veto": 1, "idle": 1}
    cases = (
        ("no_votes_zero_quorum", (), ((0, 1), (1, 2), (1, 3)), {}, "no_quorum"),
        (
            "veto_never",
            (("veto", "veto"), ("yes", "yes")),
            ((0, 1), (0, 1), (1, 1)),
            {"yes": 1, "veto": 1},
            "passed",
        ),
        ("quorum_all_missed", (("yes", "yes"),), ((1, 1), (1, 1), (1, 1)), {"yes": 1}, "no_quorum"),
        (
            "pass_all_yes_at_one",
            (("yes", "yes"),),
            ((1, 3), (1, 1), (1, 3)),
            {"yes": 1},
            "rejected",
        ),
        (
            "quorum_all",
            (("yes", "yes"), ("veto", "yes"), ("idle", "yes")),
            ((1, 1), (0, 1), (0, 1)),
            {"yes": 3},
            "passed",
        ),
    )
    for case, votes, thresholds, sums, outcome in cases:
        fill(
            "governance",
            "tally",
            tally_input(powers, (), votes, thresholds),
            output=tally_output(sums, 3, outcome, [None] * len(votes)),
            case=case,
        )


@clauses("AIN-GOV-OPTIONS.1", "AIN-GOV-VOTER.1")
def test_refused_votes(fill: Filler) -> None:
    """
    Refused votes are receipts and change nothing.

    Given
    -----
    - validator-a of power 100 with delegator-1 (30), validator-b of power 70, and
      validator-z of power 0.

    When
    ----
    - votes with a misspelt or non-string option, by an account without power, by a validator
      of power 0, and by an account without power with a bad option, between counted votes.

    Then
    ----
    - each refused vote gets its code (the option is checked before the voter) and the sums
      are those of the counted votes alone.
    """
    powers = {A: 100, B: 70, "validator-z": 0}
    votes: tuple[tuple[str, object], ...] = (
        (A, "Yes"),
        (A, "yes"),
        (D1, "no_with_veto"),
        (D1, 1),
        (D1, None),
        (D1, ""),
        ("stranger", "no"),
        ("validator-z", "no"),
        ("stranger", "maybe"),
        (B, "no"),
    )
    receipts = [
        ErrorCode.GOV_VOTE_OPTION_INVALID.value,
        None,
        *[ErrorCode.GOV_VOTE_OPTION_INVALID.value] * 4,
        ErrorCode.GOV_VOTER_NO_POWER.value,
        ErrorCode.GOV_VOTER_NO_POWER.value,
        ErrorCode.GOV_VOTE_OPTION_INVALID.value,
        None,
    ]
    fill(
        "governance",
        "tally",
        tally_input(powers, ((D1, A, 30),), votes),
        output=tally_output({"yes": 100, "no": 70}, 170, "passed", receipts),
    )


MAX = 2**64 - 1

SNAPSHOT_REFUSED: tuple[
    tuple[str, dict[str, int] | list[tuple[str, int]], tuple[tuple[str, str, int], ...]], ...
] = (
    ("validator_twice", [(A, 10), (A, 10)], ()),
    ("power_above_range", {A: MAX + 1}, ()),
    ("power_negative", {A: -1}, ()),
    ("total_above_range", {A: MAX, B: 1}, ()),
    ("unlisted_validator", {A: 10}, ((D1, B, 1),)),
    ("self_delegation", {A: 10}, ((A, A, 1),)),
    ("delegation_twice", {A: 10}, ((D1, A, 1), (D1, A, 1))),
    ("stake_zero", {A: 10}, ((D1, A, 0),)),
    ("stake_above_range", {A: MAX}, ((D1, A, MAX + 1),)),
    ("delegations_above_power", {A: 10}, ((D1, A, 6), (D2, A, 5))),
)


@clauses("AIN-GOV-SNAPSHOT.1", "AIN-GOV-TALLY-HANDLER.1")
def test_snapshot_refused(fill: Filler) -> None:
    """
    Every rule of a snapshot, broken alone.

    Given
    -----
    - a snapshot that breaks exactly one rule, and valid thresholds.

    When
    ----
    - the tally is asked for.

    Then
    ----
    - the whole input is refused with GOV_SNAPSHOT_INVALID.
    """
    for case, validators, delegations in SNAPSHOT_REFUSED:
        document = tally_input(dict(validators), delegations, ((A, "yes"),))
        snapshot = document["snapshot"]
        assert isinstance(snapshot, dict)
        snapshot["validators"] = [
            {"validator": name, "power": str(power)}
            for name, power in (validators.items() if isinstance(validators, dict) else validators)
        ]
        fill("governance", "tally", document, rejection=ErrorCode.GOV_SNAPSHOT_INVALID, case=case)


@clauses("AIN-GOV-SNAPSHOT.1", "AIN-GOV-THRESHOLDS.1", "AIN-GOV-TALLY-HANDLER.1")
def test_bounds_accepted(fill: Filler) -> None:
    """
    The largest snapshot amounts and thresholds are accepted.

    Given
    -----
    - a total power of exactly 2**64 - 1, a stake equal to its validator's power less its own
      stake, delegations summing exactly to a power, and thresholds with denominator 2**64 - 1.

    When
    ----
    - the tally is asked for.

    Then
    ----
    - it is computed with exact integers.
    """
    fill(
        "governance",
        "tally",
        tally_input(
            {A: MAX - 10, B: 10},
            ((D1, A, MAX - 20), (D2, B, 10)),
            ((D1, "yes"), (D2, "abstain"), (B, "no")),
            ((1, MAX), (MAX, MAX), (MAX - 1, MAX)),
        ),
        output=tally_output({"yes": MAX - 20, "abstain": 10}, MAX, "rejected", [None] * 3),
        note="validator-b's whole power is delegated and overridden, so its own vote weighs 0",
    )


THRESHOLD_REFUSED = (
    ("quorum_denominator_zero", ((0, 0), (1, 2), (1, 3))),
    ("pass_denominator_above_range", ((1, 3), (1, MAX + 1), (1, 3))),
    ("veto_numerator_above_denominator", ((1, 3), (1, 2), (4, 3))),
    ("quorum_numerator_negative", ((-1, 3), (1, 2), (1, 3))),
)


@clauses("AIN-GOV-THRESHOLDS.1", "AIN-GOV-TALLY-HANDLER.1")
def test_threshold_refused(fill: Filler) -> None:
    """
    Thresholds out of range, and the snapshot checked before the thresholds.

    Given
    -----
    - a valid snapshot and one threshold out of range; or a broken snapshot and a broken
      threshold together (case snapshot_first).

    When
    ----
    - the tally is asked for.

    Then
    ----
    - GOV_THRESHOLD_INVALID; with both broken, GOV_SNAPSHOT_INVALID.
    """
    for case, thresholds in THRESHOLD_REFUSED:
        fill(
            "governance",
            "tally",
            tally_input(POWERS, DELEGATIONS, ((A, "yes"),), thresholds),
            rejection=ErrorCode.GOV_THRESHOLD_INVALID,
            case=case,
        )
    fill(
        "governance",
        "tally",
        tally_input({A: 10}, ((A, A, 1),), (), ((0, 0), (1, 2), (1, 3))),
        rejection=ErrorCode.GOV_SNAPSHOT_INVALID,
        case="snapshot_first",
    )


@clauses("AIN-GOV-TALLY-VERDICT.1")
def test_zero_total_power_is_no_quorum(fill: Filler) -> None:
    """
    A snapshot whose total power is 0 gives no_quorum, even with a quorum fraction of 0.

    Given
    -----
    - one validator of power 0; quorum 0/1.

    When
    ----
    - nobody votes.

    Then
    ----
    - no_quorum: quorum needs S > 0 (S * d >= 0 * T alone would hold).
    """
    fill(
        "governance",
        "tally",
        tally_input({"idle": 0}, (), (), ((0, 1), (1, 2), (1, 3))),
        output=tally_output({}, 0, "no_quorum", []),
    )
