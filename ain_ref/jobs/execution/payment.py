"""
The payment port: how the task lifecycle escrows, pays, refunds and reports offences.

On chain the port is ``ChainPaymentPort`` (``chain_port.py``: the economy's task escrows and
offences recorded on the tree); ``InMemoryPaymentPort`` is its plain twin, which the
``execution/lifecycle`` handler and the pure lifecycle's tests use.

Spec: spec/execution.md, "Payment port" ([AIN-EXEC-PAYMENT-PORT.1], [AIN-EXEC-PAYMENT-SPLIT.1]).
Layer: jobs. Imports errors, jobs.execution.evidence.
"""

from __future__ import annotations

from typing import Protocol

import attrs

from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.execution.evidence import Offence


class PaymentPort(Protocol):
    """
    What the lifecycle asks of the economy.

    References
    ----------
    [AIN-EXEC-PAYMENT-PORT.1] ``escrow`` may refuse (and then the request changes nothing);
    ``release``, ``refund`` and ``report_offence`` are effects of a step already accepted.
    """

    def escrow(self, task_id: bytes, payer: bytes, amount: int) -> Rejection | None:
        """Lock ``amount`` from ``payer`` for the task, or refuse."""
        ...

    def release(self, task_id: bytes, payees: tuple[bytes, ...]) -> None:
        """Pay the task's escrow to its supporters (sorted), emptying the escrow."""
        ...

    def refund(self, task_id: bytes) -> None:
        """Return the task's escrow to its payer, emptying the escrow."""
        ...

    def report_offence(self, offence: Offence) -> None:
        """Hand a proven offence to the slashing table."""
        ...


def split_payment(amount: int, payee_count: int) -> tuple[int, ...]:
    """
    An escrow split equally between supporters; the remainder goes to the first.

    pre: 0 <= amount
    pre: 1 <= payee_count <= 31
    post: sum(__return__) == amount
    post: len(__return__) == payee_count
    post: min(__return__) >= 0

    References
    ----------
    [AIN-EXEC-PAYMENT-SPLIT.1]
    """
    share, remainder = divmod(amount, payee_count)
    return (share + remainder,) + (share,) * (payee_count - 1)


@attrs.define
class InMemoryPaymentPort:
    """Balances, escrows and reported offences kept in memory (the stand-in economy)."""

    balances: dict[bytes, int] = attrs.field(factory=dict)
    escrows: dict[bytes, tuple[bytes, int]] = attrs.field(factory=dict)  # task -> (payer, amount)
    offences: list[Offence] = attrs.field(factory=list)

    def escrow(self, task_id: bytes, payer: bytes, amount: int) -> Rejection | None:
        """Lock the amount, or EXEC_PAYMENT_REFUSED when the payer's balance is short."""
        balance = self.balances.get(payer, 0)
        if amount > balance:
            return Rejection(ErrorCode.EXEC_PAYMENT_REFUSED, f"{amount} > {balance}")
        self.balances[payer] = balance - amount
        self.escrows[task_id] = (payer, amount)
        return None

    def release(self, task_id: bytes, payees: tuple[bytes, ...]) -> None:
        """Pay the escrow out by ``split_payment`` [AIN-EXEC-PAYMENT-SPLIT.1]."""
        _, amount = self.escrows.pop(task_id)
        for payee, share in zip(payees, split_payment(amount, len(payees)), strict=True):
            self.balances[payee] = self.balances.get(payee, 0) + share

    def refund(self, task_id: bytes) -> None:
        """Return the escrow to its payer."""
        payer, amount = self.escrows.pop(task_id)
        self.balances[payer] = self.balances.get(payer, 0) + amount

    def report_offence(self, offence: Offence) -> None:
        """Record the offence once per evidence id (the economy slashes each id once)."""
        if all(known.evidence_id != offence.evidence_id for known in self.offences):
            self.offences.append(offence)
