"""
Quantities: a number and a unit, converted to an integer count of the dimension's base unit.

Spec: spec/jobs.md, "Quantities and units" ([AIN-JOB-UNITS.1]).
Layer: jobs. Imports nothing of ain_ref.
"""

from __future__ import annotations

from typing import Final

MAX_FRACTION_DIGITS: Final = 6
"""A decimal quantity has at most this many digits after the point [AIN-JOB-UNITS.1]."""
MAX_INTEGER_DIGITS: Final = 20
"""Longer digit strings are out of every range, and are refused before conversion."""

CPU_UNITS: Final = {"millicpu": 1, "cpu": 1_000}
"""CPU in millicores."""
BYTE_UNITS: Final = {
    "B": 1,
    "KB": 10**3,
    "MB": 10**6,
    "GB": 10**9,
    "TB": 10**12,
    "KiB": 2**10,
    "MiB": 2**20,
    "GiB": 2**30,
    "TiB": 2**40,
}
"""Memory and storage in bytes."""
BANDWIDTH_UNITS: Final = {"bps": 1, "kbps": 10**3, "Mbps": 10**6, "Gbps": 10**9}
"""Network bandwidth in bits per second."""
TIME_UNITS: Final = {"ms": 1, "s": 1_000, "min": 60_000, "h": 3_600_000}
"""Durations in milliseconds."""


def scaled_up(number_text: str, multiplier: int) -> int | None:
    """
    ``number_text`` times ``multiplier``, rounded up to a whole base unit.

    ``number_text`` is an INTEGER or DECIMAL literal; ``None`` when it has more than
    MAX_FRACTION_DIGITS fraction digits or more than MAX_INTEGER_DIGITS digits before the point.

    pre: multiplier >= 1
    post: __return__ is None or __return__ >= 0 or number_text.startswith("-")

    References
    ----------
    [AIN-JOB-UNITS.1] Quantities are exact; a fraction of a base unit rounds up.
    """
    negative = number_text.startswith("-")
    whole, _, fraction = number_text.removeprefix("-").partition(".")
    if len(fraction) > MAX_FRACTION_DIGITS or len(whole) > MAX_INTEGER_DIGITS:
        return None
    scale = 10 ** len(fraction)
    numerator = int(whole + fraction) * multiplier
    magnitude: int = -(-numerator // scale)  # ceiling division: rounds up
    return -magnitude if negative else magnitude


def largest_exact_unit(amount: int, units: dict[str, int]) -> tuple[int, str]:
    """
    The number and unit fmt writes: the largest unit that divides ``amount`` exactly.

    pre: amount >= 0
    post: __return__[0] * units[__return__[1]] == amount

    References
    ----------
    [AIN-JOB-FORMAT.1] Quantities are written in the largest unit that divides them; zero in
    the base unit.
    """
    base_unit = min(units, key=lambda unit: units[unit])
    if amount == 0:
        return 0, base_unit
    best = base_unit
    for unit, multiplier in sorted(units.items(), key=lambda item: item[1]):
        if amount % multiplier == 0:
            best = unit
    return amount // units[best], best
