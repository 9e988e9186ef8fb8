"""
AIN supply and units: integer base units, the amount range, and exact checked products.

Spec: spec/economy.md, "Units and supply" ([AIN-ECON-UNITS.1], [AIN-ECON-AMOUNT.1],
[AIN-ECON-PRODUCT.1]).
Layer: economy. Imports nothing of ain_ref; pure integer arithmetic.
"""

from __future__ import annotations

from typing import Final

DECIMALS: Final = 6
"""Base units per AIN are 10**DECIMALS [AIN-ECON-UNITS.1]."""
BASE_UNITS_PER_AIN: Final = 10**DECIMALS
GENESIS_SUPPLY_AIN: Final = 700_000_000
"""The production genesis's total supply in AIN."""
GENESIS_SUPPLY: Final = GENESIS_SUPPLY_AIN * BASE_UNITS_PER_AIN
"""7 * 10**14 base units, below 2**50."""
AMOUNT_MAX: Final = 2**64 - 1
"""Every amount, count and time in economy data is an integer in 0 .. AMOUNT_MAX."""
BASIS_POINTS: Final = 10_000
"""The fixed scale of every fraction: shares, deposit rates and slashing fractions."""


def base_units(ain: int) -> int:
    """
    The base units of a whole number of AIN: ain * 10**6 [AIN-ECON-UNITS.1].

    pre: 0 <= ain <= GENESIS_SUPPLY_AIN
    post: __return__ == ain * BASE_UNITS_PER_AIN
    post: __return__ <= GENESIS_SUPPLY < 2**50
    """
    return ain * BASE_UNITS_PER_AIN


def is_amount(value: object) -> bool:
    """
    Whether a value is an amount: an int (never bool) in 0 .. AMOUNT_MAX [AIN-ECON-AMOUNT.1].

    post: __return__ == (type(value) is int and 0 <= value <= AMOUNT_MAX)
    """
    return type(value) is int and 0 <= value <= AMOUNT_MAX


def checked_product(factor: int, other_factor: int) -> int | None:
    """
    The exact product of two amounts, or None when it leaves 0 .. AMOUNT_MAX.

    Computed as a mathematical integer (a client uses 128-bit arithmetic: both factors are
    below 2**64, so the product is below 2**128) and only then compared with the bound
    [AIN-ECON-PRODUCT.1].

    pre: 0 <= factor <= AMOUNT_MAX
    pre: 0 <= other_factor <= AMOUNT_MAX
    post: __return__ is None or __return__ == factor * other_factor
    post: (__return__ is None) == (factor * other_factor > AMOUNT_MAX)
    """
    product = factor * other_factor
    return product if product <= AMOUNT_MAX else None


def fraction_floor(amount: int, numerator: int, denominator: int) -> int:
    """
    floor(amount * numerator / denominator), with the product taken exactly.

    ``amount * numerator`` may exceed 2**64 (an amount up to 2**64 - 1 times 10,000 basis
    points); it is computed as a mathematical integer, below 2**128 for every allowed input
    [AIN-ECON-PRODUCT.1].

    pre: 0 <= amount <= AMOUNT_MAX
    pre: 0 <= numerator <= denominator
    pre: 0 < denominator <= AMOUNT_MAX
    post: 0 <= __return__ <= amount
    post: __return__ * denominator <= amount * numerator < (__return__ + 1) * denominator
    """
    return amount * numerator // denominator


def fraction_ceiling(amount: int, numerator: int, denominator: int) -> int:
    """
    ceil(amount * numerator / denominator), with the product taken exactly [AIN-ECON-PRODUCT.1].

    pre: 0 <= amount <= AMOUNT_MAX
    pre: 0 <= numerator <= denominator
    pre: 0 < denominator <= AMOUNT_MAX
    post: 0 <= __return__ <= amount
    post: (__return__ - 1) * denominator < amount * numerator <= __return__ * denominator
    """
    return -(-(amount * numerator) // denominator)
