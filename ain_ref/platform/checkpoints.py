"""
Checkpoints: an amount recorded per block height, read back as it stood at a height.

A ledger that must answer "how much at height h" (a validator's power, a delegation's stake,
an account's locked deposits) writes, in every block that changes the amount, the amount after
the change at ``<root>/<height>``. The amount at ``h`` is then the record of the greatest height
at or below ``h``: records of later heights are never read, so the answer cannot depend on
anything after ``h`` (the off-by-one snapshot that lets a vote weigh stake bonded after the
proposal is ruled out by construction).

Spec: spec/platform.md, "Staking and delegation" ([AIN-PLAT-CHECKPOINT.1]).
Layer: platform. Imports encoding and platform.params (the value and reader types) only.
"""

from __future__ import annotations

from ain_ref.encoding import CborValue
from ain_ref.platform.params import Reader


def is_decimal_label(label: str) -> bool:
    """
    A height or index as the ledgers write it: ASCII digits, no leading zero (but "0").

    References
    ----------
    [AIN-PLAT-CHECKPOINT.1] Any other label under a checkpoint root is not a record.
    """
    return label.isascii() and label.isdigit() and (label == "0" or not label.startswith("0"))


def checkpoint_at(read: Reader, root: str, height: int) -> int:
    """
    The amount recorded under ``root`` as it stood at ``height``.

    Parameters
    ----------
    read : Reader
        Reads a ``/values`` path text.
    root : str
        The records' parent, e.g. ``/staking/power_history/<validator>``.
    height : int
        Any integer; below every record (or below 0) the amount is 0.

    Returns
    -------
    int
        The record at the greatest decimal-label height ``<= height``; 0 without one, and 0
        when that record is not an integer (an earlier record is not consulted).

    References
    ----------
    [AIN-PLAT-CHECKPOINT.1] Cost: one pass over the labels under ``root``, never another root.
    """
    return recorded_at(read(root), height)


def recorded_at(records: CborValue, height: int) -> int:
    """
    The amount at ``height`` in a map of records already read (``checkpoint_at``'s rule).

    References
    ----------
    [AIN-PLAT-CHECKPOINT.1]
    """
    if not isinstance(records, dict):
        return 0
    at_or_below = [int(key) for key in records if is_decimal_label(key) and int(key) <= height]
    if not at_or_below:
        return 0
    amount = records[str(max(at_or_below))]
    return amount if type(amount) is int else 0
