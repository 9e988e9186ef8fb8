"""
Economy transactions: the table of transitions by type, one transaction, and a block of them.

A transaction either applies whole or is rejected with one code and changes nothing.

Spec: spec/economy.md, "Transactions" ([AIN-ECON-TX-FORMAT.1], [AIN-ECON-TX-ATOMIC.1]).
Layer: economy. Imports every economy transition module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Final

import attrs

from ain_ref.crypto import parse_address
from ain_ref.economy import contracts, offences, payments, reservations, rewards
from ain_ref.economy.calls import Call, malformed
from ain_ref.economy.ledger import Ledger, total_supply
from ain_ref.economy.units import is_amount
from ain_ref.errors import Rejection

Transition = Callable[[Ledger, Call], Ledger | Rejection]

TRANSITIONS: Final[Mapping[str, Transition]] = {
    "propose_contract": contracts.propose_contract,
    "accept_contract": contracts.accept_contract,
    "cancel_contract": contracts.cancel_contract,
    "activate_contract": contracts.activate_contract,
    "report_missed_activation": contracts.report_missed_activation,
    "terminate_contract": contracts.terminate_contract,
    "settle_contract": contracts.settle_contract,
    "reserve": reservations.reserve,
    "redeem_voucher": payments.redeem_voucher,
    "collect": payments.collect,
    "settle_reservation": reservations.settle_reservation,
    "slash": offences.slash,
    "close_reward_period": rewards.close_reward_period,
}
"""[AIN-ECON-TX-FORMAT.1] Every economy transaction type and its transition."""


def apply_transaction(
    ledger: Ledger, transaction: Mapping[str, object], time: int
) -> Ledger | Rejection:
    """
    Apply one economy transaction at a block time.

    References
    ----------
    [AIN-ECON-TX-FORMAT.1] ``type`` names a transition; ``caller`` is an address; the
    transition reads the other fields.
    [AIN-ECON-TX-ATOMIC.1] A rejected transaction leaves the ledger as it was; an accepted one
    leaves the total supply unchanged.
    """
    kind, caller = transaction.get("type"), transaction.get("caller")
    if not isinstance(kind, str) or kind not in TRANSITIONS:
        return malformed("type", f"unknown transaction type {kind!r:.40}")
    if not isinstance(caller, str) or isinstance(parse_address(caller), Rejection):
        return malformed("caller", "expected an address")
    assert is_amount(time)
    result = TRANSITIONS[kind](ledger, Call(caller=caller, time=time, fields=transaction))
    if not isinstance(result, Rejection):
        assert total_supply(result) == total_supply(ledger), kind
    return result


@attrs.frozen
class BlockOutcome:
    """The ledger after a block, and one receipt per transaction: None or its rejection."""

    ledger: Ledger
    receipts: tuple[Rejection | None, ...]


def apply_block(
    ledger: Ledger, time: int, transactions: Sequence[Mapping[str, object]]
) -> BlockOutcome:
    """
    Apply a block's transactions in order at the block's time [AIN-ECON-TX-ATOMIC.1].

    The economy has no begin- or end-block step: every settlement is pulled by a transaction.
    """
    receipts: list[Rejection | None] = []
    for transaction in transactions:
        result = apply_transaction(ledger, transaction, time)
        if isinstance(result, Rejection):
            receipts.append(result)
        else:
            ledger = result
            receipts.append(None)
    return BlockOutcome(ledger, tuple(receipts))
