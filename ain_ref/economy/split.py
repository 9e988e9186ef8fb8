"""
Dividing an amount: revenue splits in basis points and splits by contribution weight.

Every part is rounded down; a split in basis points gives its remainder to its first
recipient, a split by weight returns its remainder to the pool it came from.

Spec: spec/economy.md, "Revenue split" ([AIN-ECON-SPLIT.1]) and "Rewards by contribution"
([AIN-ECON-REWARD-SPLIT.2]).
Layer: economy. Imports economy.units only.
"""

from __future__ import annotations

from ain_ref.economy.units import BASIS_POINTS, fraction_floor


def is_valid_split(shares_bps: tuple[int, ...]) -> bool:
    """Whether shares form a split: each 0 .. 10,000, summing to 10,000 (so at least one)."""
    return (
        all(type(share) is int and 0 <= share <= BASIS_POINTS for share in shares_bps)
        and sum(shares_bps) == BASIS_POINTS
    )


def split_basis_points(amount: int, shares_bps: tuple[int, ...]) -> tuple[int, ...]:
    """
    Split an amount by shares in basis points [AIN-ECON-SPLIT.1].

    Part i is floor(amount * share_i / 10,000); what the floors leave (less than the number of
    shares) goes to the first share's recipient.

    pre: 0 <= amount <= AMOUNT_MAX
    pre: len(shares_bps) > 0 and all(0 <= s <= BASIS_POINTS for s in shares_bps)
    pre: sum(shares_bps) == BASIS_POINTS
    post: sum(__return__) == amount
    post: len(__return__) == len(shares_bps)
    post: all(part >= 0 for part in __return__)
    post: __return__[1:] == tuple(amount * s // BASIS_POINTS for s in shares_bps[1:])
    post: __return__[0] - amount * shares_bps[0] // BASIS_POINTS < len(shares_bps)
    """
    parts = [fraction_floor(amount, share, BASIS_POINTS) for share in shares_bps]
    parts[0] += amount - sum(parts)
    return tuple(parts)


def split_by_weight(pool: int, weights: tuple[int, ...]) -> tuple[tuple[int, ...], int]:
    """
    Split a pool in proportion to weights; return parts and remainder [AIN-ECON-REWARD-SPLIT.2].

    Part i is floor(pool * weight_i / total weight); the remainder stays in the pool. With no
    weight at all, nothing is paid and the whole pool is the remainder.

    pre: 0 <= pool <= AMOUNT_MAX
    pre: all(0 <= w <= AMOUNT_MAX for w in weights)
    pre: sum(weights) <= AMOUNT_MAX
    post: sum(__return__[0]) + __return__[1] == pool
    post: len(__return__[0]) == len(weights)
    post: all(part >= 0 for part in __return__[0]) and __return__[1] >= 0
    post: sum(weights) == 0 or __return__[1] < max(1, len(weights))
    """
    total_weight = sum(weights)
    if total_weight == 0:
        return tuple(0 for _ in weights), pool
    parts = tuple(fraction_floor(pool, weight, total_weight) for weight in weights)
    return parts, pool - sum(parts)
