"""
The value domain of the state: what a write may store.

Spec: spec/state.md, "Values" ([AIN-STATE-VALUE.1]).
Layer: state. Imports encoding, errors, state.labels, state.paths.
"""

from __future__ import annotations

from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.state.labels import Subtree, check_label_in_subtree
from ain_ref.state.paths import MAX_PATH_DEPTH


def check_state_value(value: CborValue, depth: int) -> Rejection | None:
    """
    Check a value about to be written at a path of the given depth.

    Parameters
    ----------
    value : CborValue
        The value (already inside the encoding's data model).
    depth : int
        How many labels the path it is written at has below its subtree root.

    Returns
    -------
    Rejection | None
        None for a valid value, else the first violation, depth first in key order.

    References
    ----------
    [AIN-STATE-VALUE.1] A value is null (delete), a boolean, an integer, a text string, a byte
    string, or a non-empty map whose keys are plain labels and whose values are values other
    than null; arrays are not values. The labels of a map count toward the path depth limit.
    """
    if value is None or isinstance(value, bool | int | str | bytes):
        return None
    if isinstance(value, list):
        return Rejection(ErrorCode.STATE_VALUE_INVALID, "arrays are not state values")
    if not value:
        return Rejection(ErrorCode.STATE_VALUE_INVALID, "an empty map is not a state value")
    if depth + 1 > MAX_PATH_DEPTH:
        return Rejection(ErrorCode.STATE_PATH_TOO_DEEP, f"value reaches depth {depth + 1}")
    for label in sorted(value):
        rejection = check_label_in_subtree(label, Subtree.VALUES)
        if rejection is not None:
            return Rejection(rejection.code, f"map key {label!r}: {rejection.detail}")
        if value[label] is None:
            return Rejection(ErrorCode.STATE_VALUE_INVALID, f"null inside a map at {label!r}")
        rejection = check_state_value(value[label], depth + 1)
        if rejection is not None:
            return rejection
    return None
