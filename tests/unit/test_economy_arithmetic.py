"""Properties of the economy's arithmetic: units, exact products, splits, slashes, deposits."""

from __future__ import annotations

import itertools
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from ain_ref.economy.contracts import required_deposit
from ain_ref.economy.slashing import SLASHING_TABLE, divide_slash, slash_amount
from ain_ref.economy.split import is_valid_split, split_basis_points, split_by_weight
from ain_ref.economy.units import (
    AMOUNT_MAX,
    BASIS_POINTS,
    GENESIS_SUPPLY,
    base_units,
    checked_product,
    fraction_ceiling,
    fraction_floor,
)

amounts = st.integers(min_value=0, max_value=AMOUNT_MAX)
basis_points = st.integers(min_value=0, max_value=BASIS_POINTS)


def test_units_and_genesis_supply() -> None:
    """[AIN-ECON-UNITS.1] 6 decimals; 700,000,000 AIN is 7 * 10**14 base units, below 2**50."""
    assert base_units(1) == 1_000_000
    assert base_units(700_000_000) == GENESIS_SUPPLY == 7 * 10**14 < 2**50
    assert GENESIS_SUPPLY * BASIS_POINTS < 2**63  # supply x bps fits even a signed 64-bit


@given(amounts, amounts)
def test_checked_product_refuses_rather_than_wraps(first: int, second: int) -> None:
    """[AIN-ECON-PRODUCT.1], [AIN-ECON-AMOUNT.1] Exact or None, never wrapped."""
    product = first * second
    assert checked_product(first, second) == (product if product <= AMOUNT_MAX else None)


@given(amounts, basis_points)
def test_fraction_floor_and_ceiling_against_rationals(amount: int, numerator: int) -> None:
    """[AIN-ECON-PRODUCT.1] floor and ceil of a * n / 10,000, checked with exact rationals."""
    exact = Fraction(amount * numerator, BASIS_POINTS)
    assert fraction_floor(amount, numerator, BASIS_POINTS) == exact.__floor__()
    assert fraction_ceiling(amount, numerator, BASIS_POINTS) == exact.__ceil__()
    assert required_deposit(amount, numerator) == exact.__ceil__()


@st.composite
def splits(draw: st.DrawFn) -> tuple[int, ...]:
    """Shares in basis points summing to exactly 10,000."""
    cuts = sorted(draw(st.lists(basis_points, max_size=6)))
    bounds = [0, *cuts, BASIS_POINTS]
    return tuple(high - low for low, high in itertools.pairwise(bounds))


@given(amounts, splits())
def test_split_sums_to_the_amount_with_remainder_first(
    amount: int, shares: tuple[int, ...]
) -> None:
    """[AIN-ECON-SPLIT.1] Parts are floors; part 0 takes the remainder; the sum is exact."""
    assert is_valid_split(shares)
    parts = split_basis_points(amount, shares)
    assert sum(parts) == amount
    floors = [Fraction(amount * share, BASIS_POINTS).__floor__() for share in shares]
    assert list(parts[1:]) == floors[1:]
    assert 0 <= parts[0] - floors[0] < len(shares)


@given(st.lists(st.integers(min_value=-1, max_value=BASIS_POINTS + 1), max_size=4))
def test_invalid_splits_are_recognised(shares: list[int]) -> None:
    """[AIN-ECON-SPLIT.1] Valid exactly when non-empty, each in range, sum 10,000."""
    expected = (
        bool(shares)
        and all(0 <= share <= BASIS_POINTS for share in shares)
        and sum(shares) == BASIS_POINTS
    )
    assert is_valid_split(tuple(shares)) == expected


@given(
    st.integers(min_value=0, max_value=GENESIS_SUPPLY),
    st.lists(st.integers(min_value=0, max_value=2**40), max_size=8),
)
def test_split_by_weight_conserves_the_pool(pool: int, weights: list[int]) -> None:
    """[AIN-ECON-REWARD-SPLIT.2] Parts plus remainder are the pool; remainder below the count."""
    parts, remainder = split_by_weight(pool, tuple(weights))
    assert sum(parts) + remainder == pool and remainder >= 0
    if sum(weights):
        assert remainder < len(weights)
        for part, weight in zip(parts, weights, strict=True):
            assert part == Fraction(pool * weight, sum(weights)).__floor__()
    else:
        assert remainder == pool


@given(amounts, st.sampled_from(sorted(SLASHING_TABLE)))
def test_slash_never_zero_for_an_offence_never_past_the_deposit(locked: int, kind: object) -> None:
    """[AIN-ECON-SLASH-AMOUNT.1], [AIN-ECON-SLASH-RECEIVERS.1]"""
    rule = SLASHING_TABLE[kind]  # type: ignore[index]
    slashed = slash_amount(locked, rule.fraction_bps)
    assert 0 <= slashed <= locked
    assert (slashed >= 1) == (locked > 0)
    assert slashed == max(min(locked, 1), locked * rule.fraction_bps // BASIS_POINTS)
    parts = divide_slash(slashed, rule)
    assert sum(parts) == slashed and min(parts) >= 0


def test_ledger_json_reads_only_plain_ascii_decimals() -> None:
    """[AIN-ECON-HANDLER-GENESIS.1] A ledger amount is a plain ASCII decimal string: a superscript
    or other Unicode digit, a sign or a leading zero is a typed LedgerFormatError, never a crash."""
    from ain_ref.economy.ledger_json import LedgerFormatError, read_int

    assert read_int({"a": "0"}, "a") == 0
    assert read_int({"a": "120"}, "a") == 120
    for text in ("²", "٣", "-1", "+1", "007", "", " 1", 1):
        try:
            read_int({"a": text}, "a")
        except LedgerFormatError:
            continue
        raise AssertionError(f"{text!r} was read")
