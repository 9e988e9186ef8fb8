"""
Tolerance outputs and their comparison against an anchor, on integers only.

Spec: spec/execution.md, "Tolerance" ([AIN-EXEC-TOLERANCE.1], [AIN-EXEC-TOLERANCE-OUTPUT.1],
[AIN-EXEC-TOLERANCE-RELATIVE.1], [AIN-EXEC-TOLERANCE-TOKENS.1]).
Layer: jobs. Imports encoding, crypto, errors.
"""

from __future__ import annotations

from typing import Final

from ain_ref.crypto import DomainTag, tagged_hash
from ain_ref.encoding import decode
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.model import Tolerance

RELATIVE_ERROR: Final = "max_relative_error_ppm"
TOKEN_AGREEMENT: Final = "min_token_agreement_bps"
METRIC_BOUND_MAXIMUM: Final = {RELATIVE_ERROR: 10**6, TOKEN_AGREEMENT: 10**4}
"""Each metric's bound range is 0 .. this, as in spec/jobs.md's attestation table."""
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
    maximum = METRIC_BOUND_MAXIMUM.get(tolerance.metric)
    if maximum is None:
        return Rejection(ErrorCode.EXEC_BAD_TOLERANCE, f"metric {tolerance.metric!r}")
    if type(tolerance.bound) is not int or not 0 <= tolerance.bound <= maximum:
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
    if len(value) > MAX_OUTPUT_ITEMS:
        return Rejection(ErrorCode.EXEC_OUTPUT_MISMATCH, f"{len(value)} items")
    low, high = ITEM_RANGE[metric]
    items: list[int] = []
    for item in value:
        if type(item) is not int or not low <= item <= high:
            return Rejection(ErrorCode.EXEC_OUTPUT_MISMATCH, f"item {item!r}")
        items.append(item)
    return tuple(items)


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
