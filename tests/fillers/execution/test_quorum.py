"""Fillers for quorums: thresholds on both sides, each class, equivocators, ineligible votes."""

from __future__ import annotations

from typing import Any

from ain_ref.encoding import encode
from ain_ref.errors import ErrorCode
from ain_ref.jobs.execution.tolerance import output_hash
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.execution.common import OUTPUT_A, OUTPUT_B, OUTPUT_C, PROVIDERS

P = PROVIDERS
OUTSIDER = bytes([0xAB]) * 32


def vote(
    provider: bytes, output: bytes, items: list[int] | None = None, verdict: str = "none"
) -> dict[str, Any]:
    """One vote."""
    return {
        "provider": provider.hex(),
        "output_hash": output.hex(),
        "output": None if items is None else [str(item) for item in items],
        "tee_verdict": verdict,
    }


def quorum_input(
    providers: list[bytes],
    quorum: int,
    votes: list[dict[str, Any]],
    determinism: str = "exact",
    tolerance: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A quorum input."""
    return {
        "providers": [key.hex() for key in providers],
        "quorum": str(quorum),
        "determinism": determinism,
        "tolerance": tolerance,
        "votes": votes,
    }


def outcome(
    output: bytes | None,
    supporters: list[bytes],
    equivocators: list[bytes] = (),  # type: ignore[assignment]
    ignored: list[bytes] = (),  # type: ignore[assignment]
) -> dict[str, Any]:
    """An expected outcome."""
    return {
        "output_hash": None if output is None else output.hex(),
        "supporters": [key.hex() for key in sorted(supporters)],
        "equivocators": [key.hex() for key in sorted(equivocators)],
        "ignored": [key.hex() for key in sorted(ignored)],
    }


@clauses("AIN-EXEC-QUORUM-THRESHOLD.1")
def test_threshold_is_taken_exactly(fill: Filler) -> None:
    """
    n < 2k and k <= n, with 1 <= n <= 31, sorted distinct keys; tee_only needs k = 1.

    Given
    -----
    - n = 4 with k = 2 (2k = n) and k = 3; n = 3 with k = 4; n = 1 with k = 1 and k = 0;
      no providers; 31 providers with k = 16 and k = 15; 32 providers with k = 17;
      providers out of order; a provider twice; a 31-byte key; tee_only with n = 3, k = 2;
      an unknown class.

    When
    ----
    - a quorum is decided with no votes.

    Then
    ----
    - the terms within the bound give no quorum; the others are EXEC_QUORUM_BAD_THRESHOLD.
    """
    many = [bytes([index]) * 32 for index in range(1, 33)]
    accepted = {
        "n4_k3": (P[:4], 3, "exact"),
        "n1_k1": (P[:1], 1, "exact"),
        "n31_k16": (many[:31], 16, "exact"),
        "tee_only_n1_k1": (P[:1], 1, "tee_only"),
    }
    for case, (providers, quorum, determinism) in accepted.items():
        fill(
            "execution",
            "quorum",
            quorum_input(providers, quorum, [], determinism),
            output=outcome(None, []),
            case=case,
        )
    refused = {
        "n4_k2": (P[:4], 2, "exact"),
        "n3_k4": (P[:3], 4, "exact"),
        "n1_k0": (P[:1], 0, "exact"),
        "no_providers": ([], 1, "exact"),
        "n31_k15": (many[:31], 15, "exact"),
        "n32_k17": (many, 17, "exact"),
        "unsorted": ([P[1], P[0], P[2]], 2, "exact"),
        "repeated": ([P[0], P[0], P[1]], 2, "exact"),
        "short_key": ([bytes(31), *P[:2]], 2, "exact"),
        "tee_only_n3_k2": (P[:3], 2, "tee_only"),
        "unknown_class": (P[:3], 2, "majority"),
    }
    for case, (providers, quorum, determinism) in refused.items():
        fill(
            "execution",
            "quorum",
            quorum_input(providers, quorum, [], determinism),
            rejection=ErrorCode.EXEC_QUORUM_BAD_THRESHOLD,
            case=case,
        )


@clauses("AIN-EXEC-QUORUM-EXACT.1", "AIN-EXEC-QUORUM.1")
def test_exact_quorum_needs_k_distinct_providers(fill: Filler) -> None:
    """
    Equal output hashes from k distinct assigned providers settle; k - 1 do not.

    Given
    -----
    - n = 5, k = 3; votes A, A, A, B, B; votes A, A, B, B, C; the same provider voting A
      three times with one other A; an outsider's A joining two assigned A votes.

    When
    ----
    - the quorum is decided.

    Then
    ----
    - A settles with its three supporters; 2-2-1 settles nothing; a provider counts once,
      so a repeated vote does not make a quorum; an outsider is ignored.
    """
    five = P[:5]
    fill(
        "execution",
        "quorum",
        quorum_input(
            five,
            3,
            [
                vote(P[0], OUTPUT_A),
                vote(P[1], OUTPUT_A),
                vote(P[2], OUTPUT_A),
                vote(P[3], OUTPUT_B),
                vote(P[4], OUTPUT_B),
            ],
        ),
        output=outcome(OUTPUT_A, P[:3]),
        case="three_of_five",
    )
    fill(
        "execution",
        "quorum",
        quorum_input(
            five,
            3,
            [
                vote(P[0], OUTPUT_A),
                vote(P[1], OUTPUT_A),
                vote(P[2], OUTPUT_B),
                vote(P[3], OUTPUT_B),
                vote(P[4], OUTPUT_C),
            ],
        ),
        output=outcome(None, []),
        case="two_two_one",
    )
    fill(
        "execution",
        "quorum",
        quorum_input(
            five,
            3,
            [
                vote(P[0], OUTPUT_A),
                vote(P[0], OUTPUT_A),
                vote(P[0], OUTPUT_A),
                vote(P[1], OUTPUT_A),
            ],
        ),
        output=outcome(None, []),
        case="repeated_vote_counts_once",
    )
    fill(
        "execution",
        "quorum",
        quorum_input(
            five, 3, [vote(P[0], OUTPUT_A), vote(OUTSIDER, OUTPUT_A), vote(P[1], OUTPUT_A)]
        ),
        output=outcome(None, [], ignored=[OUTSIDER]),
        case="outsider_ignored",
    )


@clauses("AIN-EXEC-QUORUM.1")
def test_equivocator_is_evidence_never_a_vote(fill: Filler) -> None:
    """
    A provider with votes for two outputs is dropped, whichever vote came first.

    Given
    -----
    - n = 3, k = 2; the first provider votes A then B; the second votes A; the third votes B.

    When
    ----
    - the quorum is decided, and again with the third voting A.

    Then
    ----
    - without the equivocator no output has two votes: no quorum; with the third voting A,
      A settles with the second and third, the first listed as equivocator.
    """
    three = P[:3]
    fill(
        "execution",
        "quorum",
        quorum_input(
            three,
            2,
            [
                vote(P[0], OUTPUT_A),
                vote(P[0], OUTPUT_B),
                vote(P[1], OUTPUT_A),
                vote(P[2], OUTPUT_B),
            ],
        ),
        output=outcome(None, [], equivocators=[P[0]]),
        case="no_quorum",
    )
    fill(
        "execution",
        "quorum",
        quorum_input(
            three,
            2,
            [
                vote(P[0], OUTPUT_B),
                vote(P[0], OUTPUT_A),
                vote(P[1], OUTPUT_A),
                vote(P[2], OUTPUT_A),
            ],
        ),
        output=outcome(OUTPUT_A, [P[1], P[2]], equivocators=[P[0]]),
        case="quorum_without_it",
    )


def items_hash(items: list[int]) -> bytes:
    """The output hash of a tolerance output."""
    return output_hash(encode(items))  # type: ignore[arg-type]


@clauses("AIN-EXEC-QUORUM-TOLERANCE.1", "AIN-EXEC-QUORUM.1")
def test_tolerance_quorum_measures_against_one_anchor(fill: Filler) -> None:
    """
    The anchor is the output most others agree with; ties go to the smallest output hash.

    Given
    -----
    - bound 100,000 ppm (10%), n = 3, k = 2; outputs [100], [109], [119]: [109] agrees with
      both as anchor, [100] and [119] do not agree with each other;
    - the same with k = 3;
    - outputs [100] and [200] with n = 3, k = 2 (each agrees only with itself);
    - tokens at 10,000 bps: [1, 2] twice and [3, 4] once.

    When
    ----
    - the quorum is decided.

    Then
    ----
    - [109] anchors and settles with all three; with k = 3 as well; [100] and [200] settle
      nothing; [1, 2] settles with its two providers.
    """
    tolerance = {"metric": "max_relative_error_ppm", "bound": "100000"}
    outputs = {P[0]: [100], P[1]: [109], P[2]: [119]}
    votes = [vote(provider, items_hash(items), items) for provider, items in outputs.items()]
    for quorum in (2, 3):
        fill(
            "execution",
            "quorum",
            quorum_input(P[:3], quorum, votes, "tolerance", tolerance),
            output=outcome(items_hash([109]), P[:3]),
            case=f"middle_anchor_k{quorum}",
        )
    apart = [vote(P[0], items_hash([100]), [100]), vote(P[1], items_hash([200]), [200])]
    fill(
        "execution",
        "quorum",
        quorum_input(P[:3], 2, apart, "tolerance", tolerance),
        output=outcome(None, []),
        case="no_agreement",
    )
    tokens = {"metric": "min_token_agreement_bps", "bound": "10000"}
    token_votes = [
        vote(P[0], items_hash([3, 4]), [3, 4]),
        vote(P[1], items_hash([1, 2]), [1, 2]),
        vote(P[2], items_hash([1, 2]), [1, 2]),
    ]
    fill(
        "execution",
        "quorum",
        quorum_input(P[:3], 2, token_votes, "tolerance", tokens),
        output=outcome(items_hash([1, 2]), [P[1], P[2]]),
        case="tokens",
    )


@clauses("AIN-EXEC-QUORUM-TOLERANCE.1")
def test_tolerance_anchor_tie_goes_to_the_smallest_hash(fill: Filler) -> None:
    """
    Two anchors with as many agreeing providers: the smaller output hash wins.

    Given
    -----
    - bound 100,000 ppm (10%), n = 3, k = 2; votes [100] and [110], in both orders: each
      agrees with the other as anchor (10 * 10**6 <= 100,000 * 100), so both anchors have two.

    When
    ----
    - the quorum is decided.

    Then
    ----
    - the output with the smaller hash settles, with both providers, in either order.
    """
    tolerance = {"metric": "max_relative_error_ppm", "bound": "100000"}
    low, high = items_hash([100]), items_hash([110])
    smaller = min(low, high)
    votes = [vote(P[0], low, [100]), vote(P[1], high, [110])]
    for case, ordered in (("in_order", votes), ("reversed", votes[::-1])):
        fill(
            "execution",
            "quorum",
            quorum_input(P[:3], 2, ordered, "tolerance", tolerance),
            output=outcome(smaller, P[:2]),
            case=case,
        )


@clauses("AIN-EXEC-QUORUM-TEE.1", "AIN-EXEC-QUORUM.1", "AIN-EXEC-QUORUM-IGNORED.1")
def test_tee_only_first_attested_run_settles(fill: Filler) -> None:
    """
    Only a provider's first vote counts, and it settles exactly when it is attested.

    Given
    -----
    - n = 1, k = 1; votes: a measurement mismatch, then an attested run of the same output;
      an attested run, then a measurement mismatch of the same output; an unverified run
      alone; an attested run then the same output attested again; two attested runs with
      different outputs.

    When
    ----
    - the quorum is decided.

    Then
    ----
    - a mismatch then an attested run: the provider's first vote counts, so nothing settles
      and the provider is ignored; an attested run then a mismatch: the first vote settles;
      an unverified run settles nothing and is ignored; a repeated vote counts once; two
      outputs make the provider an equivocator, not ignored.
    """
    one = P[:1]
    cases = {
        "mismatch_then_attested": (
            [
                vote(P[0], OUTPUT_A, verdict="measurement_mismatch"),
                vote(P[0], OUTPUT_A, verdict="attested"),
            ],
            outcome(None, [], ignored=[P[0]]),
        ),
        "attested_then_mismatch": (
            [
                vote(P[0], OUTPUT_A, verdict="attested"),
                vote(P[0], OUTPUT_A, verdict="measurement_mismatch"),
            ],
            outcome(OUTPUT_A, [P[0]]),
        ),
        "unverified_only": (
            [vote(P[0], OUTPUT_A, verdict="unverified")],
            outcome(None, [], ignored=[P[0]]),
        ),
        "attested": (
            [vote(P[0], OUTPUT_A, verdict="attested"), vote(P[0], OUTPUT_A, verdict="attested")],
            outcome(OUTPUT_A, [P[0]]),
        ),
        "two_outputs": (
            [vote(P[0], OUTPUT_A, verdict="attested"), vote(P[0], OUTPUT_B, verdict="attested")],
            outcome(None, [], equivocators=[P[0]]),
        ),
    }
    for case, (votes, expected) in cases.items():
        fill(
            "execution",
            "quorum",
            quorum_input(one, 1, votes, "tee_only"),
            output=expected,
            case=case,
        )


@clauses("AIN-EXEC-QUORUM.1")
def test_malformed_votes_are_refused(fill: Filler) -> None:
    """
    A vote with a short key or hash, an unknown verdict, or an output outside its class.

    Given
    -----
    - n = 3, k = 2, exact; votes with a 31-byte provider, a 31-byte output hash, the verdict
      "trusted", an output list in the exact class; tolerance votes without an output, with
      4,097 items, with a token of 2**32, and with a relative item of -2**63 - 1.

    When
    ----
    - the quorum is decided.

    Then
    ----
    - EXEC_BAD_VOTE.
    """
    tolerance = {"metric": "min_token_agreement_bps", "bound": "5000"}
    relative = {"metric": "max_relative_error_ppm", "bound": "1000"}
    cases = {
        "short_provider": quorum_input(P[:3], 2, [vote(bytes(31), OUTPUT_A)]),
        "short_hash": quorum_input(P[:3], 2, [vote(P[0], bytes(31))]),
        "unknown_verdict": quorum_input(P[:3], 2, [vote(P[0], OUTPUT_A, verdict="trusted")]),
        "output_in_exact": quorum_input(P[:3], 2, [vote(P[0], OUTPUT_A, [1])]),
        "no_output_in_tolerance": quorum_input(
            P[:3], 2, [vote(P[0], OUTPUT_A)], "tolerance", tolerance
        ),
        "items_4097": quorum_input(
            P[:3], 2, [vote(P[0], OUTPUT_A, [1] * 4097)], "tolerance", tolerance
        ),
        "item_out_of_range": quorum_input(
            P[:3], 2, [vote(P[0], OUTPUT_A, [2**32])], "tolerance", tolerance
        ),
        "relative_item_below_range": quorum_input(
            P[:3], 2, [vote(P[0], OUTPUT_A, [-(2**63) - 1])], "tolerance", relative
        ),
    }
    for case, vector_input in cases.items():
        fill("execution", "quorum", vector_input, rejection=ErrorCode.EXEC_BAD_VOTE, case=case)


@clauses("AIN-EXEC-QUORUM-IGNORED.1", "AIN-EXEC-QUORUM.1")
def test_ignored_providers_by_class(fill: Filler) -> None:
    """
    Who is ignored: unassigned voters always; counted non-supporters in tee_only alone.

    Given
    -----
    - exact, n = 3, k = 2: votes A, A, B; votes A, B (no quorum); an unassigned provider
      voting A then B beside two assigned A votes;
    - tolerance (tokens at 10,000 bps), n = 3, k = 2: outputs [1], [1], [2]; [1], [2];
    - tee_only, n = 1: an unassigned provider's attested run, then the assigned provider's
      run without a verdict; the assigned provider's attested run, then an unassigned
      provider's run without a verdict.

    When
    ----
    - the quorum is decided.

    Then
    ----
    - exact and tolerance: the minority, or everyone without a quorum, is in no list; the
      unassigned provider that voted two hashes is ignored, never an equivocator;
    - tee_only: with no attested counted vote both providers are ignored; with one, the
      supporter settles and only the unassigned provider is ignored.
    """
    tokens = {"metric": "min_token_agreement_bps", "bound": "10000"}
    one, two = items_hash([1]), items_hash([2])
    cases = {
        "exact_minority_in_no_list": (
            quorum_input(
                P[:3], 2, [vote(P[0], OUTPUT_A), vote(P[1], OUTPUT_A), vote(P[2], OUTPUT_B)]
            ),
            outcome(OUTPUT_A, P[:2]),
        ),
        "exact_no_quorum_in_no_list": (
            quorum_input(P[:3], 2, [vote(P[0], OUTPUT_A), vote(P[1], OUTPUT_B)]),
            outcome(None, []),
        ),
        "exact_unassigned_equivocator_only_ignored": (
            quorum_input(
                P[:3],
                2,
                [
                    vote(OUTSIDER, OUTPUT_A),
                    vote(OUTSIDER, OUTPUT_B),
                    vote(P[0], OUTPUT_A),
                    vote(P[1], OUTPUT_A),
                ],
            ),
            outcome(OUTPUT_A, P[:2], ignored=[OUTSIDER]),
        ),
        "tolerance_minority_in_no_list": (
            quorum_input(
                P[:3],
                2,
                [vote(P[0], one, [1]), vote(P[1], one, [1]), vote(P[2], two, [2])],
                "tolerance",
                tokens,
            ),
            outcome(one, P[:2]),
        ),
        "tolerance_no_quorum_in_no_list": (
            quorum_input(
                P[:3], 2, [vote(P[0], one, [1]), vote(P[1], two, [2])], "tolerance", tokens
            ),
            outcome(None, []),
        ),
        "tee_only_none_attested_all_ignored": (
            quorum_input(
                P[:1],
                1,
                [vote(OUTSIDER, OUTPUT_A, verdict="attested"), vote(P[0], OUTPUT_A)],
                "tee_only",
            ),
            outcome(None, [], ignored=[OUTSIDER, P[0]]),
        ),
        "tee_only_settled_outsider_ignored": (
            quorum_input(
                P[:1],
                1,
                [vote(P[0], OUTPUT_A, verdict="attested"), vote(OUTSIDER, OUTPUT_A)],
                "tee_only",
            ),
            outcome(OUTPUT_A, [P[0]], ignored=[OUTSIDER]),
        ),
    }
    for case, (vector_input, expected) in cases.items():
        fill("execution", "quorum", vector_input, output=expected, case=case)


@clauses("AIN-EXEC-QUORUM-TOLERANCE.1")
def test_tolerance_anchor_is_a_vote_not_a_hash(fill: Filler) -> None:
    """
    Agreement is measured on outputs: a vote's hash does not group it with others.

    Given
    -----
    - tokens at 10,000 bps, n = 3, k = 2; the first provider votes hash A with [1], the second
      hash A with [2], the third hash B with [2] (the quorum handler does not check an output
      against its hash).

    When
    ----
    - the quorum is decided.

    Then
    ----
    - the second's and the third's votes each have two agreeing providers; the smaller of A
      and B settles, with the second and third providers as supporters, whatever hash each
      revealed; the first provider is in no list.
    """
    tokens = {"metric": "min_token_agreement_bps", "bound": "10000"}
    votes = [vote(P[0], OUTPUT_A, [1]), vote(P[1], OUTPUT_A, [2]), vote(P[2], OUTPUT_B, [2])]
    fill(
        "execution",
        "quorum",
        quorum_input(P[:3], 2, votes, "tolerance", tokens),
        output=outcome(min(OUTPUT_A, OUTPUT_B), [P[1], P[2]]),
    )


@clauses("AIN-EXEC-QUORUM-THRESHOLD.1", "AIN-EXEC-TOLERANCE.1")
def test_threshold_is_checked_before_the_tolerance(fill: Filler) -> None:
    """
    The class belongs to the threshold checks, which come before the tolerance's.

    Given
    -----
    - an unknown class with a tolerance; tee_only with n = 1, k = 1 and a tolerance.

    When
    ----
    - a quorum is decided with no votes.

    Then
    ----
    - EXEC_QUORUM_BAD_THRESHOLD for the unknown class; EXEC_BAD_TOLERANCE for tee_only.
    """
    tokens = {"metric": "min_token_agreement_bps", "bound": "5000"}
    fill(
        "execution",
        "quorum",
        quorum_input(P[:3], 2, [], "majority", tokens),
        rejection=ErrorCode.EXEC_QUORUM_BAD_THRESHOLD,
        case="unknown_class_with_tolerance",
    )
    fill(
        "execution",
        "quorum",
        quorum_input(P[:1], 1, [], "tee_only", tokens),
        rejection=ErrorCode.EXEC_BAD_TOLERANCE,
        case="tee_only_with_tolerance",
    )
