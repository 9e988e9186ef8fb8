"""
Task escrows on the state tree: a task's price locked until it is paid out or refunded.

An escrow is a record ``{payer, amount}`` at ``/economy/escrows/<escrow_id>``, counted in the
supply like a reservation's escrow ([AIN-ECON-SUPPLY.2]). Locking takes the amount from the
payer's balance; paying out gives it to the payees in the shares the caller states (which sum
to it); refunding gives it back to the payer. Each empties the record. The book writes through
a writer it is given, so a native (through the write rules) and a block step (through its
confined writer) move funds by the same code.

Spec: spec/economy.md, "Task escrows" ([AIN-ECON-ESCROW.1], [AIN-ECON-ESCROW-LOCK.1],
[AIN-ECON-ESCROW-RELEASE.1]).
Layer: economy. Imports errors, encoding and economy.records; never jobs, chain or consensus.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from ain_ref.economy.records import ESCROWS, balance_path, escrow_of
from ain_ref.economy.units import AMOUNT_MAX
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection

Reader = Callable[[str], CborValue]
Writer = Callable[[str, CborValue], Rejection | None]
"""Sets (or, with None, deletes) the value at a /values path text, or refuses."""


def escrow_path(escrow_id: str) -> str:
    """Where a task's escrow lives [AIN-ECON-ESCROW.1]."""
    return f"{ESCROWS}/{escrow_id}"


@attrs.define
class EscrowBook:
    """
    The escrows and balances of the tree, read and written through the given callables.

    ``failure`` holds the first refused write of a pay-out or refund (which are effects of a
    step already accepted and cannot refuse on their own); the caller fails with it.
    """

    read: Reader
    write: Writer
    failure: Rejection | None = None

    def balance(self, address: str) -> int | Rejection:
        """An account's balance; a present non-integer is DEC_TARGET_NOT_INTEGER."""
        stored = self.read(balance_path(address))
        if stored is None:
            return 0
        if type(stored) is not int:
            return Rejection(ErrorCode.DEC_TARGET_NOT_INTEGER, f"balance of {address}")
        return stored

    def add_to_balance(self, address: str, amount: int) -> Rejection | None:
        """Credit an account; a result above 2**64 - 1 is INC_RESULT_OUT_OF_RANGE."""
        balance = self.balance(address)
        if isinstance(balance, Rejection):
            return balance
        if balance + amount > AMOUNT_MAX:
            return Rejection(ErrorCode.INC_RESULT_OUT_OF_RANGE, f"balance of {address}")
        return self.write(balance_path(address), balance + amount)

    def lock(self, escrow_id: str, payer: str, amount: int) -> Rejection | None:
        """
        Take ``amount`` from the payer's balance into a new escrow.

        References
        ----------
        [AIN-ECON-ESCROW-LOCK.1] The payer's balance is at least the amount
        (EXEC_PAYMENT_REFUSED); the balance falls by it and the escrow
        record is written.
        """
        balance = self.balance(payer)
        if isinstance(balance, Rejection):
            return balance
        if amount > balance:
            return Rejection(ErrorCode.EXEC_PAYMENT_REFUSED, f"{amount} > {balance}")
        refused = self.write(balance_path(payer), balance - amount)
        if refused is not None:
            return refused
        return self.write(escrow_path(escrow_id), {"payer": payer, "amount": amount})

    def amount(self, escrow_id: str) -> tuple[str, int]:
        """The escrow's (payer, amount); an escrow that does not read back holds nothing."""
        return escrow_of(self.read(escrow_path(escrow_id))) or ("", 0)

    def pay_out(self, escrow_id: str, shares: tuple[tuple[str, int], ...]) -> None:
        """
        Pay an escrow to payees in the stated shares and empty it.

        References
        ----------
        [AIN-ECON-ESCROW-RELEASE.1] The shares sum to the escrow's amount; each payee's
        balance grows by its share, in the order given; the record is deleted.
        """
        _, amount = self.amount(escrow_id)
        assert sum(share for _, share in shares) == amount, escrow_id
        for payee, share in shares:
            self.record(self.add_to_balance(payee, share) if share else None)
        self.record(self.write(escrow_path(escrow_id), None))

    def refund(self, escrow_id: str) -> None:
        """Return an escrow to its payer and empty it [AIN-ECON-ESCROW-RELEASE.1]."""
        payer, amount = self.amount(escrow_id)
        if amount:
            self.record(self.add_to_balance(payer, amount))
        self.record(self.write(escrow_path(escrow_id), None))

    def record(self, refused: Rejection | None) -> None:
        """Keep the first refusal."""
        if self.failure is None:
            self.failure = refused
