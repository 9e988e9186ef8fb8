"""
The ``_transfer`` native function: moving AIN between account balances.

A transfer is a value write at ``/transfer/$from/$to/$key/value`` whose value is the amount;
the function then debits ``/accounts/$from/balance`` and credits ``/accounts/$to/balance``,
both writes passing through the write rules as ``_transfer``. The total of all balances is
unchanged by every transfer. It is registered through the platform like every native
(``ECONOMY_AREA`` in ``ain_ref.economy.natives``): declared at that one pattern, reading its
parties from ``$from`` and ``$to``, so it cannot be configured (or run) anywhere else.

Spec: spec/economy.md, "Transfers" ([AIN-ECON-TRANSFER.2]); spec/platform.md
([AIN-PLAT-NATIVE-DECLARE.1]).
Layer: economy. Imports state's native types and economy.records (the balance path); never
chain or consensus.
"""

from __future__ import annotations

from typing import Final

from ain_ref.economy.records import balance_path
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.state.natives import FunctionCall, NativeDefinition

TRANSFER_FUNCTION_ID: Final = "_transfer"
TRANSFER_PATTERN: Final = "/transfer/$from/$to/$key/value"
BALANCE_PATTERN: Final = "/accounts/$address/balance"


def transfer(call: FunctionCall) -> Rejection | None:
    """
    Move ``call.value`` base units from ``$from`` to ``$to``.

    References
    ----------
    [AIN-ECON-TRANSFER.2] The amount is a positive integer and from and to differ
    (ECON_TRANSFER_INVALID); the sender's balance, absent counting as 0 and any other
    non-integer refused with DEC_TARGET_NOT_INTEGER, covers it (ECON_INSUFFICIENT_BALANCE);
    then DEC_VALUE on the sender's balance and INC_VALUE on the receiver's, as ``_transfer``.
    """
    amount = call.value
    sender, receiver = call.params["from"], call.params["to"]
    if type(amount) is not int or amount <= 0 or sender == receiver:
        return Rejection(ErrorCode.ECON_TRANSFER_INVALID, f"amount {amount!r:.40}")
    balance = call.read(balance_path(sender))
    if balance is None:
        balance = 0
    if type(balance) is not int:
        return Rejection(ErrorCode.DEC_TARGET_NOT_INTEGER, f"balance of {sender}")
    if balance < amount:
        return Rejection(ErrorCode.ECON_INSUFFICIENT_BALANCE, f"{balance} < {amount}")
    debit = call.write({"type": "DEC_VALUE", "ref": balance_path(sender), "value": amount})
    if debit is not None:
        return debit
    return call.write({"type": "INC_VALUE", "ref": balance_path(receiver), "value": amount})


TRANSFER: Final = NativeDefinition(
    TRANSFER_FUNCTION_ID, transfer, patterns=(TRANSFER_PATTERN,), parties=("from", "to")
)
"""[AIN-PLAT-NATIVE-DECLARE.1] Configurable only at TRANSFER_PATTERN; parties $from, $to."""
