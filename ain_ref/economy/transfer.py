"""
The ``_transfer`` native function: moving AIN between account balances.

A transfer is a value write at ``/transfer/$from/$to/$key/value`` whose value is the amount;
the function then debits ``/accounts/$from/balance`` and credits ``/accounts/$to/balance``,
both writes passing through the write rules as ``_transfer``. The total of all balances is
unchanged by every transfer.

Spec: spec/economy.md, "Transfers" ([AIN-ECON-TRANSFER.1]).
Layer: economy. Imports state (and registers with it); never chain or consensus.
"""

from __future__ import annotations

from typing import Final

from ain_ref.errors import ErrorCode, Rejection
from ain_ref.state.natives import FunctionCall, register_native

TRANSFER_FUNCTION_ID: Final = "_transfer"


def balance_path(address_text: str) -> str:
    """Where an account's balance lives, as a /values path text."""
    return f"/accounts/{address_text}/balance"


def transfer(call: FunctionCall) -> Rejection | None:
    """
    Move ``call.value`` base units from ``$from`` to ``$to``.

    References
    ----------
    [AIN-ECON-TRANSFER.1] The amount is a positive integer; from and to differ; the sender's
    balance (absent counts as 0) covers it; then DEC_VALUE on the sender's balance and
    INC_VALUE on the receiver's, as ``_transfer``.
    """
    amount = call.value
    sender, receiver = call.params.get("from", ""), call.params.get("to", "")
    if type(amount) is not int or amount <= 0 or sender == receiver:
        return Rejection(ErrorCode.ECON_TRANSFER_INVALID, f"amount {amount!r:.40}")
    balance = call.read(balance_path(sender))
    if type(balance) is not int:
        balance = 0
    if balance < amount:
        return Rejection(ErrorCode.ECON_INSUFFICIENT_BALANCE, f"{balance} < {amount}")
    debit = call.write({"type": "DEC_VALUE", "ref": balance_path(sender), "value": amount})
    if debit is not None:
        return debit
    return call.write({"type": "INC_VALUE", "ref": balance_path(receiver), "value": amount})


register_native(TRANSFER_FUNCTION_ID, transfer)
