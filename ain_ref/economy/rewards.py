"""
Rewards by contribution.

Each period, a fixed release from the genesis reward pool, split between providers by the
requests they were paid for and developers by the demand they served.

Spec: spec/economy.md, "Rewards by contribution" ([AIN-ECON-REWARD-PERIOD.2],
[AIN-ECON-REWARD-SPLIT.2]).
Layer: economy. Imports economy.ledger, economy.split, economy.calls.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ain_ref.economy.calls import Call, read_fields
from ain_ref.economy.ledger import Ledger, balance_of, with_balance_delta
from ain_ref.economy.split import split_basis_points, split_by_weight
from ain_ref.economy.units import BASIS_POINTS
from ain_ref.errors import ErrorCode, Rejection


def pay_by_weight(ledger: Ledger, amount: int, weights: Mapping[str, int]) -> tuple[Ledger, int]:
    """Pay ``amount`` to addresses by weight, in address order; return what was not paid."""
    addresses = sorted(weights)
    parts, remainder = split_by_weight(amount, tuple(weights[address] for address in addresses))
    for address, part in zip(addresses, parts, strict=True):
        ledger = with_balance_delta(ledger, address, part)
    return ledger, remainder


def close_reward_period(ledger: Ledger, call: Call) -> Ledger | Rejection:
    """
    Anyone closes the current reward period once block time has passed its end.

    References
    ----------
    [AIN-ECON-REWARD-PERIOD.2] time >= (period + 1) * reward_period_length; release =
    min(reward_per_period, pool); the release splits provider_reward_bps / the rest; each part
    splits by weight; every remainder stays in the pool; the counts reset; period += 1.
    """
    parameters = ledger.parameters
    if call.time < (ledger.reward_period + 1) * parameters.reward_period_length:
        return Rejection(ErrorCode.ECON_TOO_EARLY, f"period {ledger.reward_period}")
    release = min(parameters.reward_per_period, ledger.reward_pool)
    provider_release, developer_release = split_basis_points(
        release, (parameters.provider_reward_bps, BASIS_POINTS - parameters.provider_reward_bps)
    )
    ledger, provider_rest = pay_by_weight(ledger, provider_release, ledger.period_work)
    ledger, developer_rest = pay_by_weight(ledger, developer_release, ledger.period_demand)
    paid = release - provider_rest - developer_rest
    return attrs.evolve(
        ledger,
        reward_pool=ledger.reward_pool - paid,
        reward_period=ledger.reward_period + 1,
        period_work={},
        period_demand={},
    )


def fund_reward_pool(ledger: Ledger, call: Call) -> Ledger | Rejection:
    """
    Anyone moves part of their balance into the reward pool.

    References
    ----------
    [AIN-ECON-REWARD-FUND.1] field ``amount``; amount > 0 (ECON_BAD_TERMS); balance covers it
    (ECON_INSUFFICIENT_BALANCE); then balance -= amount, reward pool += amount.
    """
    fields = read_fields(call, (("amount", "amount"),))
    if isinstance(fields, Rejection):
        return fields
    amount = fields.amounts["amount"]
    if amount == 0:
        return Rejection(ErrorCode.ECON_BAD_TERMS, "amount 0")
    if balance_of(ledger, call.caller) < amount:
        return Rejection(ErrorCode.ECON_INSUFFICIENT_BALANCE, call.caller)
    ledger = with_balance_delta(ledger, call.caller, -amount)
    return attrs.evolve(ledger, reward_pool=ledger.reward_pool + amount)
