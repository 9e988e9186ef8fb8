"""
Tolerance outputs and their comparison against an anchor, on integers only.

Spec: spec/execution.md, "Tolerance" ([AIN-EXEC-TOLERANCE.1], [AIN-EXEC-TOLERANCE-OUTPUT.1],
[AIN-EXEC-TOLERANCE-RELATIVE.1], [AIN-EXEC-TOLERANCE-TOKENS.1]).
Layer: jobs. Imports encoding, crypto, errors, jobs.model, jobs.reader (the metrics and their
bound ranges are the job spec's).
"""

from __future__ import annotations

from typing import Final

from ain_ref.crypto import DomainTag, tagged_hash
from ain_ref.encoding import decode
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.model import RELATIVE_ERROR, TOKEN_AGREEMENT, TOLERANCE_METRICS, Tolerance
from ain_ref.jobs.reader import RANGES

METRIC_BOUND_RANGE: Final = {metric: RANGES[metric] for metric in TOLERANCE_METRICS}
"""Each metric's bound range, both ends included: the job spec's ([AIN-JOB-RANGES.1])."""
PARTS_PER_MILLION: Final = 10**6
BASIS_POINTS: Final = 10**4
MAX_OUTPUT_ITEMS: Final = 4096
ITEM_RANGE: Final = {RELATIVE_ERROR: (-(2**63), 2**63 - 1), TOKEN_AGREEMENT: (0, 2**32 - 1)}
"""The integers an output item may hold, both ends included, per metric."""


def check_tolerance(determinism: str, tolerance: Tolerance | None) -> Rejection | None:
    """
    Whether a determinism class and its tolerance fit together.

    References
    ----------
    [AIN-EXEC-TOLERANCE.1] Present exactly for ``tolerance``; a known metric; bound in range.
    """
    if (determinism == "tolerance") != (tolerance is not None):
        return Rejection(ErrorCode.EXEC_BAD_TOLERANCE, "tolerance present iff class tolerance")
    if tolerance is None:
        return None
    bound_range = METRIC_BOUND_RANGE.get(tolerance.metric)
    if bound_range is None:
        return Rejection(ErrorCode.EXEC_BAD_TOLERANCE, f"metric {tolerance.metric!r}")
    low, high = bound_range
    if type(tolerance.bound) is not int or not low <= tolerance.bound <= high:
        return Rejection(ErrorCode.EXEC_BAD_TOLERANCE, f"bound {tolerance.bound!r}")
    return None


def output_hash(output: bytes) -> bytes:
    """A task output's hash, ``tagged_hash("AIN/execution-output", output)`` [AIN-EXEC-OUTPUT.1]."""
    return tagged_hash(DomainTag.EXECUTION_OUTPUT, output)


def read_tolerance_output(
    output: bytes, expected_hash: bytes, metric: str
) -> tuple[int, ...] | Rejection:
    """
    The integers of a revealed tolerance output.

    Returns
    -------
    tuple[int, ...] | Rejection
        The items, or EXEC_OUTPUT_MISMATCH when the bytes do not hash to the receipt's output
        hash, are not canonical, are not a list of at most MAX_OUTPUT_ITEMS integers, or hold an
        item outside the metric's range.

    References
    ----------
    [AIN-EXEC-TOLERANCE-OUTPUT.1]
    """
    # [AIN-EXEC-TOLERANCE-OUTPUT.1] The hash first, then the bytes' meaning.
    if output_hash(output) != expected_hash:
        return Rejection(ErrorCode.EXEC_OUTPUT_MISMATCH, "hash")
    value = decode(output)
    if isinstance(value, Rejection) or type(value) is not list:
        return Rejection(ErrorCode.EXEC_OUTPUT_MISMATCH, "not a canonical list")
    items = tuple(item for item in value if type(item) is int)
    if len(items) != len(value):
        return Rejection(ErrorCode.EXEC_OUTPUT_MISMATCH, "an item is not an integer")
    if not is_output_in_range(items, metric):
        return Rejection(ErrorCode.EXEC_OUTPUT_MISMATCH, "item count or an item's range")
    return items


def is_output_in_range(items: tuple[int, ...] | list[int], metric: str) -> bool:
    """
    Whether a tolerance output's items fit its metric: at most MAX_OUTPUT_ITEMS, each in range.

    The one statement of the output's limits: the reader above, and the execution handlers'
    tolerance and quorum inputs, all ask it.

    References
    ----------
    [AIN-EXEC-TOLERANCE-OUTPUT.1] At most 4096 items; each in -2**63 .. 2**63 - 1 for
    max_relative_error_ppm, 0 .. 2**32 - 1 for min_token_agreement_bps.
    """
    low, high = ITEM_RANGE[metric]
    return len(items) <= MAX_OUTPUT_ITEMS and all(low <= item <= high for item in items)


def agrees(tolerance: Tolerance, anchor: tuple[int, ...], candidate: tuple[int, ...]) -> bool:
    """
    Whether a candidate output agrees with the anchor under the declared comparison.

    References
    ----------
    [AIN-EXEC-TOLERANCE-RELATIVE.1], [AIN-EXEC-TOLERANCE-TOKENS.1]
    """
    if tolerance.metric == RELATIVE_ERROR:
        return agrees_relative(tolerance.bound, anchor, candidate)
    return agrees_tokens(tolerance.bound, anchor, candidate)


def agrees_relative(bound_ppm: int, anchor: tuple[int, ...], candidate: tuple[int, ...]) -> bool:
    """
    Equal lengths, and every item within ``bound_ppm`` parts per million of the anchor's.

    References
    ----------
    [AIN-EXEC-TOLERANCE-RELATIVE.1] ``|c - a| * 10**6 <= bound * |a|`` for each position.
    """
    if len(anchor) != len(candidate):
        return False
    return all(
        abs(other - reference) * PARTS_PER_MILLION <= bound_ppm * abs(reference)
        for reference, other in zip(anchor, candidate, strict=True)
    )


def agrees_tokens(bound_bps: int, anchor: tuple[int, ...], candidate: tuple[int, ...]) -> bool:
    """
    Enough positions hold the same token, counted against the longer output.

    References
    ----------
    [AIN-EXEC-TOLERANCE-TOKENS.1] ``equal * 10**4 >= bound * max(len(a), len(c))``.
    """
    equal = sum(
        1 for reference, other in zip(anchor, candidate, strict=False) if reference == other
    )
    return equal * BASIS_POINTS >= bound_bps * max(len(anchor), len(candidate))
