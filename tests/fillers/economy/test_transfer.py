"""Fillers: ``_transfer``, the rule of the call path, funding the pool, the parameters."""

from __future__ import annotations

import attrs

from ain_ref.economy.ledger_json import ledger_to_json
from ain_ref.economy.natives import call_path
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.economy.common import (
    DEVELOPER,
    PROVIDER,
    base_ledger,
    moved,
    output_of,
    signed_operation,
    transaction_input,
    tx,
)

APPLY = ("economy", "apply_transaction")


def transfer_input(amount: object, receiver: str = PROVIDER.address) -> dict[str, object]:
    """economy/apply_transaction of the developer's transfer of ``amount`` at time 10."""
    operation: dict[str, CborValue] = {
        "type": "SET_VALUE",
        "ref": f"/transfer/{DEVELOPER.address}/{receiver}/0/value",
        "value": amount,  # type: ignore[dict-item]
    }
    data = signed_operation(DEVELOPER, operation, 0, 10)
    return {"ledger": base_ledger_json(), "time": "10", "transaction": data.hex()}


def base_ledger_json() -> dict[str, object]:
    """The base ledger in its JSON form."""
    return ledger_to_json(base_ledger())


@clauses("AIN-ECON-TRANSFER.2")
def test_transfer_moves_a_balance(fill: Filler) -> None:
    """
    A transfer of 1 moves exactly one base unit; 0, a text and a self-transfer are refused.

    Given
    -----
    - the base ledger (the developer and provider hold 1,000,000 each).

    When
    ----
    - the developer writes 1 at /transfer/<developer>/<provider>/0/value; then 0; then "1";
      then 1 to itself; then 1,000,001.

    Then
    ----
    - 1 moves one unit; 0, "1" and the self-transfer are ECON_TRANSFER_INVALID; 1,000,001 is
      ECON_INSUFFICIENT_BALANCE.
    """
    after = moved(base_ledger(), {DEVELOPER: -1, PROVIDER: 1})
    fill(*APPLY, transfer_input(1), output=output_of(after), case="one_unit")
    for case, vector_input in {
        "zero": transfer_input(0),
        "text": transfer_input("1"),
        "to_itself": transfer_input(1, DEVELOPER.address),
    }.items():
        fill(*APPLY, vector_input, rejection=ErrorCode.ECON_TRANSFER_INVALID, case=case)
    fill(
        *APPLY,
        transfer_input(1_000_001),
        rejection=ErrorCode.ECON_INSUFFICIENT_BALANCE,
        case="over_balance",
    )


@clauses("AIN-ECON-CALL.1")
def test_a_call_is_written_only_by_its_caller(fill: Filler) -> None:
    """
    The rule at the call path admits only the signer named by ``$caller``, once per key.

    Given
    -----
    - the base ledger.

    When
    ----
    - the developer writes a fund_reward_pool call at the provider's call path.

    Then
    ----
    - the write rule refuses it: RULE_DENIED, and nothing moves.
    """
    operation: dict[str, CborValue] = {
        "type": "SET_VALUE",
        "ref": call_path("fund_reward_pool", PROVIDER.address, "0"),
        "value": {"amount": 5},
    }
    data = signed_operation(DEVELOPER, operation, 0, 10)
    vector_input = {"ledger": base_ledger_json(), "time": "10", "transaction": data.hex()}
    fill(*APPLY, vector_input, rejection=ErrorCode.RULE_DENIED)


@clauses("AIN-ECON-REWARD-FUND.1")
def test_fund_reward_pool(fill: Filler) -> None:
    """
    Anyone moves part of its balance into the reward pool; 0 and more than it holds are refused.

    Given
    -----
    - the base ledger: the developer holds 1,000,000; the pool 10,000,000.

    When
    ----
    - the developer funds 1 (one unit); 0; 1,000,001; the whole 1,000,000.

    Then
    ----
    - 1 and 1,000,000 move from its balance to the pool; 0 is ECON_BAD_TERMS; 1,000,001 is
      ECON_INSUFFICIENT_BALANCE.
    """
    pre = base_ledger()
    for case, amount in {"one_unit": 1, "whole_balance": 1_000_000}.items():
        after = moved(pre, {DEVELOPER: -amount}, reward_pool=pre.reward_pool + amount)
        fund = tx("fund_reward_pool", DEVELOPER, amount=amount)
        fill(*APPLY, transaction_input(pre, 10, fund), output=output_of(after), case=case)
    for case, (amount, code) in {
        "zero": (0, ErrorCode.ECON_BAD_TERMS),
        "over_balance": (1_000_001, ErrorCode.ECON_INSUFFICIENT_BALANCE),
    }.items():
        fund = tx("fund_reward_pool", DEVELOPER, amount=amount)
        fill(*APPLY, transaction_input(pre, 10, fund), rejection=code, case=case)


@clauses("AIN-ECON-PARAMETERS.1", "AIN-ECON-HANDLER-GENESIS.2", "AIN-ECON-LAYOUT.1")
def test_parameters_are_checked_at_genesis(fill: Filler) -> None:
    """
    The economy's parameters are registered: their bounds and their constraint hold at genesis.

    Given
    -----
    - the base ledger with a provider deposit rate of 10,001 bps; with a dispute window equal
      to the withdrawal delay (1,000); with each bounded parameter one above its maximum
      (rates 10,000; reward_per_period 7 * 10**14; durations 10**13); then a window of 999.

    When
    ----
    - the developer funds the pool with 1 unit.

    Then
    ----
    - PARAM_OUT_OF_BOUNDS; PARAM_CONSTRAINT_VIOLATED; PARAM_OUT_OF_BOUNDS each; with 999 the
      call is applied.
    """
    fund = tx("fund_reward_pool", DEVELOPER, amount=1)
    pre = base_ledger()
    cases = {
        "rate_above_10000": (
            attrs.evolve(pre.parameters, provider_deposit_bps=10_001),
            ErrorCode.PARAM_OUT_OF_BOUNDS,
        ),
        "dispute_window_not_below_delay": (
            attrs.evolve(pre.parameters, dispute_window=1_000),
            ErrorCode.PARAM_CONSTRAINT_VIOLATED,
        ),
    }
    bounds = {
        "provider_deposit_bps": 10_000,
        "developer_deposit_bps": 10_000,
        "provider_reward_bps": 10_000,
        "reward_per_period": 7 * 10**14,
        "activation_grace": 10**13,
        "withdrawal_delay": 10**13,
        "reward_period_length": 10**13,
    }
    for name, maximum in bounds.items():
        cases[f"{name}_above_maximum"] = (
            attrs.evolve(pre.parameters, **{name: maximum + 1}),
            ErrorCode.PARAM_OUT_OF_BOUNDS,
        )
    for case, (parameters, code) in cases.items():
        ledger = attrs.evolve(pre, parameters=parameters)
        fill(*APPLY, transaction_input(ledger, 10, fund), rejection=code, case=case)
    ledger = attrs.evolve(pre, parameters=attrs.evolve(pre.parameters, dispute_window=999))
    after = moved(ledger, {DEVELOPER: -1}, reward_pool=ledger.reward_pool + 1)
    fill(
        *APPLY, transaction_input(ledger, 10, fund), output=output_of(after), case="largest_window"
    )
