"""Fillers for tolerance outputs and comparisons: both sides of every bound."""

from __future__ import annotations

from typing import Any

from ain_ref.encoding import encode
from ain_ref.errors import ErrorCode
from ain_ref.jobs.execution.tolerance import output_hash
from ain_ref.vectors.filler import Filler, clauses

RELATIVE = "max_relative_error_ppm"
TOKENS = "min_token_agreement_bps"


def agrees_input(
    metric: str, bound: int, anchor: list[int], candidate: list[int]
) -> dict[str, Any]:
    """A tolerance_agrees input."""
    return {
        "tolerance": {"metric": metric, "bound": str(bound)},
        "anchor": [str(item) for item in anchor],
        "candidate": [str(item) for item in candidate],
    }


def fill_agrees(fill: Filler, case: str, agrees: bool, *arguments: Any) -> None:
    """One comparison case."""
    fill(
        "execution",
        "tolerance_agrees",
        agrees_input(*arguments),
        output={"agrees": agrees},
        case=case,
    )


@clauses("AIN-EXEC-TOLERANCE-RELATIVE.1")
def test_relative_error_bound_is_taken_exactly(fill: Filler) -> None:
    """
    |c - a| * 10**6 <= bound * |a| at every position, on integers.

    Given
    -----
    - bound 1,000 ppm (0.1%) and anchors 1,000,000 and -1,000,000; bound 0; a zero anchor;
      outputs of different lengths; two empty outputs; the maximum bound 10**6.

    When
    ----
    - candidates at the bound and one past it are compared.

    Then
    ----
    - at the bound they agree, one past it they do not; a zero anchor needs a zero; different
      lengths never agree; empty outputs agree; with 10**6, c = 2a agrees and 2a + 1 does not.
    """
    fill_agrees(fill, "at_bound_above", True, RELATIVE, 1_000, [1_000_000], [1_001_000])
    fill_agrees(fill, "past_bound_above", False, RELATIVE, 1_000, [1_000_000], [1_001_001])
    fill_agrees(fill, "at_bound_below", True, RELATIVE, 1_000, [1_000_000], [999_000])
    fill_agrees(fill, "past_bound_below", False, RELATIVE, 1_000, [1_000_000], [998_999])
    fill_agrees(fill, "negative_at_bound", True, RELATIVE, 1_000, [-1_000_000], [-1_001_000])
    fill_agrees(fill, "negative_past_bound", False, RELATIVE, 1_000, [-1_000_000], [-998_999])
    fill_agrees(fill, "bound_zero_equal", True, RELATIVE, 0, [5, -7], [5, -7])
    fill_agrees(fill, "bound_zero_differs", False, RELATIVE, 0, [5, -7], [5, -6])
    fill_agrees(fill, "zero_anchor_zero", True, RELATIVE, 10**6, [0], [0])
    fill_agrees(fill, "zero_anchor_one", False, RELATIVE, 10**6, [0], [1])
    fill_agrees(fill, "lengths_differ", False, RELATIVE, 10**6, [1, 2], [1])
    fill_agrees(fill, "both_empty", True, RELATIVE, 0, [], [])
    fill_agrees(fill, "max_bound_double", True, RELATIVE, 10**6, [100], [200])
    fill_agrees(fill, "max_bound_past_double", False, RELATIVE, 10**6, [100], [201])
    fill_agrees(fill, "second_item_fails", False, RELATIVE, 1_000, [1_000, 1_000], [1_000, 1_002])


@clauses("AIN-EXEC-TOLERANCE-RELATIVE.1")
def test_relative_error_is_measured_against_the_anchor(fill: Filler) -> None:
    """
    The comparison is not symmetric: the anchor's magnitude scales the bound.

    Given
    -----
    - bound 500,000 ppm (50%); outputs [100] and [150].

    When
    ----
    - [150] is compared with the anchor [100], and [100] with the anchor [150].

    Then
    ----
    - 50 * 10**6 <= 500,000 * 100 agrees; 50 * 10**6 <= 500,000 * 150 agrees too; with
      [100] and [151] the first fails and the second (anchor 151) agrees.
    """
    fill_agrees(fill, "anchor_small", True, RELATIVE, 500_000, [100], [150])
    fill_agrees(fill, "anchor_large", True, RELATIVE, 500_000, [150], [100])
    fill_agrees(fill, "anchor_small_past", False, RELATIVE, 500_000, [100], [151])
    fill_agrees(fill, "anchor_large_within", True, RELATIVE, 500_000, [151], [100])


@clauses("AIN-EXEC-TOLERANCE-TOKENS.1")
def test_token_agreement_bound_is_taken_exactly(fill: Filler) -> None:
    """
    equal * 10**4 >= bound * max(len(a), len(c)).

    Given
    -----
    - bound 7,500 bps (75%) and four-token outputs; outputs of lengths 4 and 3; two empty
      outputs; the maximum bound 10**4; bound 0.

    When
    ----
    - candidates with 3 and 2 equal positions are compared.

    Then
    ----
    - 3 of 4 agree (30,000 >= 30,000), 2 of 4 do not; a shorter candidate is counted against
      the longer length; empty outputs agree; 10**4 needs every token and the same length;
      bound 0 agrees with anything; equal tokens above 256 (2**32 - 1, 70,000) are equal.
    """
    anchor = [1, 2, 3, 4]
    fill_agrees(fill, "three_of_four", True, TOKENS, 7_500, anchor, [1, 2, 3, 9])
    fill_agrees(fill, "two_of_four", False, TOKENS, 7_500, anchor, [1, 2, 9, 9])
    fill_agrees(fill, "just_past_bound", False, TOKENS, 7_501, anchor, [1, 2, 3, 9])
    fill_agrees(fill, "shorter_candidate", True, TOKENS, 7_500, anchor, [1, 2, 3])
    fill_agrees(fill, "shorter_candidate_past", False, TOKENS, 7_501, anchor, [1, 2, 3])
    fill_agrees(fill, "longer_candidate", False, TOKENS, 10_000, anchor, [1, 2, 3, 4, 5])
    fill_agrees(fill, "both_empty", True, TOKENS, 10_000, [], [])
    fill_agrees(fill, "all_equal_max_bound", True, TOKENS, 10_000, anchor, anchor)
    fill_agrees(fill, "bound_zero", True, TOKENS, 0, anchor, [9])
    large = [2**32 - 1, 70_000]  # tokens compared by value: equal large integers agree
    fill_agrees(fill, "large_equal_tokens", True, TOKENS, 10_000, large, list(large))


@clauses("AIN-EXEC-TOLERANCE.1")
def test_tolerance_declaration_is_checked(fill: Filler) -> None:
    """
    A metric outside the two, or a bound outside its range, is refused.

    Given
    -----
    - bounds 10**6 and 10**6 + 1 for max_relative_error_ppm; 10**4 and 10**4 + 1 for
      min_token_agreement_bps; a metric "mean_error"; a bound -1.

    When
    ----
    - equal one-item outputs are compared.

    Then
    ----
    - the bounds in range agree; the others are EXEC_BAD_TOLERANCE.
    """
    fill_agrees(fill, "relative_max_bound", True, RELATIVE, 10**6, [1], [1])
    fill_agrees(fill, "tokens_max_bound", True, TOKENS, 10**4, [1], [1])
    for case, metric, bound in (
        ("relative_past_max", RELATIVE, 10**6 + 1),
        ("tokens_past_max", TOKENS, 10**4 + 1),
        ("unknown_metric", "mean_error", 1),
        ("negative_bound", TOKENS, -1),
    ):
        fill(
            "execution",
            "tolerance_agrees",
            agrees_input(metric, bound, [1], [1]),
            rejection=ErrorCode.EXEC_BAD_TOLERANCE,
            case=case,
        )


def output_input(metric: str, output: bytes, hashed: bytes | None = None) -> dict[str, Any]:
    """A tolerance_output input; the hash is that of ``hashed`` (default: the output)."""
    return {
        "metric": metric,
        "output": output.hex(),
        "output_hash": output_hash(output if hashed is None else hashed).hex(),
    }


@clauses("AIN-EXEC-TOLERANCE-OUTPUT.1", "AIN-EXEC-OUTPUT.1")
def test_tolerance_outputs_are_read_exactly(fill: Filler) -> None:
    """
    A revealed output hashes to the receipt's, is canonical, and holds integers in range.

    Given
    -----
    - relative outputs holding -2**63 and 2**63 - 1, and 2**63; token outputs holding
      2**32 - 1, and 2**32, and -1; 4,096 and 4,097 items; a map; a non-canonical integer;
      bytes hashed as other bytes.

    When
    ----
    - each is read.

    Then
    ----
    - items in range are read; everything else is EXEC_OUTPUT_MISMATCH.
    """
    accepted = {
        "relative_extremes": (RELATIVE, [-(2**63), 2**63 - 1]),
        "tokens_max": (TOKENS, [0, 2**32 - 1]),
        "items_4096": (TOKENS, [7] * 4096),
        "empty": (TOKENS, []),
    }
    for case, (metric, items) in accepted.items():
        fill(
            "execution",
            "tolerance_output",
            output_input(metric, encode(items)),  # type: ignore[arg-type]
            output={"items": [str(item) for item in items]},
            case=case,
        )
    refused = {
        "relative_past_max": output_input(RELATIVE, encode([2**63])),
        "tokens_past_max": output_input(TOKENS, encode([2**32])),
        "tokens_negative": output_input(TOKENS, encode([-1])),
        "items_4097": output_input(TOKENS, encode([7] * 4097)),  # type: ignore[arg-type]
        "not_a_list": output_input(TOKENS, encode({"a": 1})),
        "not_canonical": output_input(TOKENS, bytes.fromhex("811801")),
        "text_item": output_input(TOKENS, encode(["1"])),
        "hash_of_other_bytes": output_input(TOKENS, encode([1]), hashed=encode([2])),
    }
    for case, vector_input in refused.items():
        fill(
            "execution",
            "tolerance_output",
            vector_input,
            rejection=ErrorCode.EXEC_OUTPUT_MISMATCH,
            case=case,
        )


@clauses("AIN-EXEC-TOLERANCE-OUTPUT.1", "AIN-EXEC-HANDLER-INPUT.1")
def test_tolerance_output_refusals_are_its_own_codes(fill: Filler) -> None:
    """
    An unknown metric is EXEC_BAD_TOLERANCE; bytes the decoder refuses are an output mismatch.

    Given
    -----
    - the metric "max_abs_error" with a good token output, and with bytes hashed as other
      bytes; token outputs hashing to their receipt's hash that are an indefinite-length
      list (9f 01 ff), a list with a trailing byte, a list holding null, and a list holding
      a float.

    When
    ----
    - each is read.

    Then
    ----
    - EXEC_BAD_TOLERANCE for the metric, checked before the hash; EXEC_OUTPUT_MISMATCH for the
      rest, never an ENCODING_* code.
    """
    good = encode([1])
    for case, vector_input in {
        "unknown_metric": output_input("max_abs_error", good),
        "unknown_metric_before_hash": output_input("max_abs_error", good, hashed=encode([2])),
    }.items():
        fill(
            "execution",
            "tolerance_output",
            vector_input,
            rejection=ErrorCode.EXEC_BAD_TOLERANCE,
            case=case,
        )
    refused = {
        "indefinite_length": bytes.fromhex("9f01ff"),
        "trailing_byte": good + b"\x00",
        "null_item": encode([None]),
        "float_item": bytes.fromhex("81f93c00"),
    }
    for case, output in refused.items():
        fill(
            "execution",
            "tolerance_output",
            output_input(TOKENS, output),
            rejection=ErrorCode.EXEC_OUTPUT_MISMATCH,
            case=case,
        )
