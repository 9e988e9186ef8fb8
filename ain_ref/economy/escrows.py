"""
Task escrows on the state tree: a task's price locked until it is paid out or refunded.

An escrow is a record ``{payer, amount}`` at ``/economy/escrows/<escrow_id>``, counted in the
supply like a reservation's escrow ([AIN-ECON-SUPPLY.2]). Locking takes the amount from the
payer's balance; paying out gives it to the payees in the shares the caller states (which sum
to it); refunding gives it back to the payer. Each empties the record. The book writes through
a writer it is given, so a native (through the write rules) and a block step (through its
confined writer) move funds by the same code.

Spec: spec/economy.md, "Task escrows" ([AIN-ECON-ESCROW.2], [AIN-ECON-ESCROW-LOCK.1],
[AIN-ECON-ESCROW-RELEASE.1]).
Layer: economy. Imports errors, encoding and economy.records; never jobs, chain or consensus.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from ain_ref.economy.ledger import Reservation
from ain_ref.economy.payments import served_shares
from ain_ref.economy.records import (
    ESCROWS,
    EscrowPart,
    TaskEscrow,
    balance_path,
    escrow_of,
    escrow_record,
)
from ain_ref.economy.task_reservations import (
    check_reservation_for_task,
    count_served,
    read_contract,
    read_reservation,
    return_request,
    take_request,
    write_reservation,
)
from ain_ref.economy.units import AMOUNT_MAX
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection

Reader = Callable[[str], CborValue]
Writer = Callable[[str, CborValue], Rejection | None]
"""Sets (or, with None, deletes) the value at a /values path text, or refuses."""


def escrow_path(escrow_id: str) -> str:
    """Where a task's escrow lives [AIN-ECON-ESCROW.2]."""
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
    time: int = 0  # the block's time (ms): a reservation's window is judged by it
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

    def stored(self, escrow_id: str) -> TaskEscrow:
        """The escrow as stored; an escrow that does not read back holds nothing."""
        return escrow_of(self.read(escrow_path(escrow_id))) or TaskEscrow("", 0)

    def amount(self, escrow_id: str) -> tuple[str, int]:
        """The escrow's (payer, amount)."""
        escrow = self.stored(escrow_id)
        return escrow.payer, escrow.amount

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
        """
        Return an escrow and empty it.

        References
        ----------
        [AIN-ECON-ESCROW-RELEASE.1] A balance-paid escrow's amount goes to the payer.
        [AIN-ECON-ESCROW-RESERVED-RETURN.1] A reservation-paid escrow returns each part,
        in ascending label order.
        """
        escrow = self.stored(escrow_id)
        for part in escrow.parts:
            self.return_part(escrow.payer, part)
        if escrow.amount and not escrow.parts:
            self.record(self.add_to_balance(escrow.payer, escrow.amount))
        self.record(self.write(escrow_path(escrow_id), None))

    def lock_reserved(
        self, escrow_id: str, payer: str, amount: int, seats: tuple[tuple[str, str, str], ...]
    ) -> Rejection | None:
        """
        Take one request of each seat's reservation into a new escrow.

        Parameters
        ----------
        escrow_id, payer, amount : str, str, int
            The task, its executor (address text) and its price.
        seats : tuple[tuple[str, str, str], ...]
            (label, reservation id, the seat's contract id), in ascending label order.

        References
        ----------
        [AIN-EXEC-CHAIN-RESERVATIONS.2] Each seat's reservation, in ascending label order,
        then the price is the sum of their prices per request (EXEC_PRICE_MISMATCH).
        [AIN-ECON-ESCROW-RESERVED.1] Each reservation gives one request; the record names
        each part.
        """
        taken: list[tuple[Reservation, EscrowPart]] = []
        for label, reservation_id, contract_id in seats:
            reservation = read_reservation(self.read, reservation_id)
            rejection = check_reservation_for_task(
                reservation_id, reservation, payer, contract_id, self.time
            )
            if rejection is not None:
                return rejection
            assert reservation is not None
            part = EscrowPart(label, reservation_id, reservation.price_per_request)
            taken.append((reservation, part))
        total = sum(part.amount for _, part in taken)
        if total != amount:
            return Rejection(ErrorCode.EXEC_PRICE_MISMATCH, f"{amount} != {total}")
        for reservation, _ in taken:
            refused = write_reservation(self.write, reservation, take_request(reservation))
            if refused is not None:
                return refused
        parts = tuple(part for _, part in taken)
        return self.write(escrow_path(escrow_id), escrow_record(TaskEscrow(payer, amount, parts)))

    def pay_out_reserved(self, escrow_id: str, served: frozenset[str]) -> None:
        """
        Pay a reservation-paid escrow: served seats as requests, the others back; empty it.

        References
        ----------
        [AIN-ECON-ESCROW-RESERVED-PAY.1] In ascending label order, a served seat's part is
        one served request of its reservation; any other part returns
        ([AIN-ECON-ESCROW-RESERVED-RETURN.1]).
        """
        escrow = self.stored(escrow_id)
        for part in escrow.parts:
            if part.label in served:
                self.pay_part(escrow.payer, part)
            else:
                self.return_part(escrow.payer, part)
        self.record(self.write(escrow_path(escrow_id), None))

    def pay_part(self, payer: str, part: EscrowPart) -> None:
        """
        One served request: the contract's split, then the period's counts.

        To provider then developer, then the period's counts
        [AIN-ECON-ESCROW-RESERVED-PAY.1]; a reservation or contract that no longer reads
        back (only genesis overrides) takes the part back to the payer.
        """
        reservation = read_reservation(self.read, part.reservation_id)
        contract = (
            None if reservation is None else read_contract(self.read, reservation.contract_id)
        )
        if contract is None:
            self.record(self.add_to_balance(payer, part.amount))
            return
        provider_part, developer_part = served_shares(contract, part.amount)
        for payee, share in (
            (contract.provider, provider_part),
            (contract.developer, developer_part),
        ):
            if share:
                self.record(self.add_to_balance(payee, share))
        self.record(count_served(self.read, self.write, contract))

    def return_part(self, payer: str, part: EscrowPart) -> None:
        """
        A part back to its reservation, or to the payer's balance.

        To the reservation when it reads back and is not settled, else to the payer's
        balance [AIN-ECON-ESCROW-RESERVED-RETURN.1].
        """
        reservation = read_reservation(self.read, part.reservation_id)
        if reservation is None or reservation.settled:
            self.record(self.add_to_balance(payer, part.amount))
            return
        returned = return_request(reservation, part.amount)
        self.record(write_reservation(self.write, reservation, returned))

    def record(self, refused: Rejection | None) -> None:
        """Keep the first refusal."""
        if self.failure is None:
            self.failure = refused
