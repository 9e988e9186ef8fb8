"""
The value domain of the state: what a write may store.

Spec: spec/state.md, "Values" ([AIN-STATE-VALUE.1]).
Layer: state. Imports encoding, errors, state.labels, state.paths.
"""

from __future__ import annotations

from ain_ref.encoding import INTEGER_MAX, INTEGER_MIN, is_well_formed_text
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.state.labels import Subtree, check_label_in_subtree
from ain_ref.state.paths import MAX_PATH_DEPTH


def check_state_value(value: object, depth: int) -> Rejection | None:
    """
    Check a value about to be written at a path of the given depth.

    Total over any Python object (natives hand in values that never went through the decoder).

    Parameters
    ----------
    value : object
        The candidate value.
    depth : int
        How many labels the path it is written at has below its subtree root.

    Returns
    -------
    Rejection | None
        None for a valid value, else the first violation: a map's entries are checked in
        ascending code point order of their keys (the order of their UTF-8 bytes), each entry
        whole (key, then null, then the entry's own value, depth first) before the next.

    References
    ----------
    [AIN-STATE-VALUE.1] A value is null (delete), a boolean, an integer in the encoding's range,
    a text string, a byte string, or a non-empty map whose keys are plain labels and whose
    values are values other than null; arrays are not values. The labels of a map count
    toward the path depth limit.
    """
    if value is None or type(value) is bool or type(value) is bytes:
        return None
    if type(value) is int:
        if not INTEGER_MIN <= value <= INTEGER_MAX:
            return Rejection(ErrorCode.STATE_VALUE_INVALID, f"integer {value} out of range")
        return None
    if type(value) is str:
        if not is_well_formed_text(value):
            return Rejection(ErrorCode.STATE_VALUE_INVALID, "text with a surrogate code point")
        return None
    if type(value) is not dict:
        return Rejection(ErrorCode.STATE_VALUE_INVALID, f"{type(value).__name__} is not a value")
    if not value:
        return Rejection(ErrorCode.STATE_VALUE_INVALID, "an empty map is not a state value")
    if depth + 1 > MAX_PATH_DEPTH:
        return Rejection(ErrorCode.STATE_PATH_TOO_DEEP, f"value reaches depth {depth + 1}")
    if not all(type(label) is str for label in value):
        return Rejection(ErrorCode.STATE_VALUE_INVALID, "a map key that is not a text")
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
