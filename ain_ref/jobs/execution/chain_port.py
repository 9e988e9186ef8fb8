"""
The payment port on the state tree: task escrows in the economy, offences recorded on chain.

The lifecycle pays through ``ChainPaymentPort``: its escrow, release and refund are the
economy's task escrows (``ain_ref.economy.escrows``), and each offence it reports is recorded
at ``/execution/offences/<evidence_id>`` with the contract whose deposit is at stake, for a
``slash`` call to take to the economy. The execution native and its timeout step use the same
port, each with its own writer.

Spec: spec/execution.md, "Tasks on chain" ([AIN-EXEC-CHAIN-PORT.2], [AIN-EXEC-CHAIN-OFFENCE.1]),
"Payment port" ([AIN-EXEC-PAYMENT-SPLIT.1]).
Layer: jobs. Imports crypto, errors, economy.escrows and the execution modules.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ain_ref.crypto import format_address
from ain_ref.economy.escrows import EscrowBook, Reader, Writer
from ain_ref.encoding import CborValue
from ain_ref.errors import Rejection
from ain_ref.jobs.execution.evidence import Offence
from ain_ref.jobs.execution.payment import split_payment
from ain_ref.jobs.execution.task_records import offence_path


def offence_record(
    offence: Offence, contracts: Mapping[bytes, str], time: int, height: int
) -> dict[str, CborValue]:
    """
    A proven offence as recorded [AIN-EXEC-CHAIN-OFFENCE.1].

    ``offence_type``, ``provider``, ``task_id``, the block ``time`` and ``height`` at which it
    was proven, and ``contract_id`` when the provider holds a seat of the task.
    """
    record: dict[str, CborValue] = {
        "offence_type": offence.offence_type,
        "provider": offence.provider,
        "task_id": offence.task_id,
        "time": time,
        "height": height,
    }
    contract_id = contracts.get(offence.provider)
    if contract_id is not None:
        record["contract_id"] = contract_id
    return record


@attrs.define
class ChainPaymentPort:
    """
    The lifecycle's payment port on the tree [AIN-EXEC-CHAIN-PORT.2].

    Attributes
    ----------
    read, write : Reader, Writer
        The tree, as the native or the step sees it.
    contracts : Mapping[bytes, str]
        The task's seats: provider key -> contract id.
    reservations : Mapping[bytes, str]
        The seats' reservations (provider key -> reservation id) when the task is paid from
        them; empty when it is paid from the executor's balance.
    time, height : int
        The block's time (ms) and height.
    failure : Rejection | None
        The first refused write of an effect (a step already accepted cannot refuse; its
        caller fails with this).
    """

    read: Reader
    write: Writer
    contracts: Mapping[bytes, str]
    time: int
    height: int
    reservations: Mapping[bytes, str] = attrs.field(factory=dict)
    failure: Rejection | None = None
    book: EscrowBook = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        """The economy's escrow book over the same reader and writer, at the block's time."""
        self.book = EscrowBook(self.read, self.write, self.time)

    def escrow(self, task_id: bytes, payer: bytes, amount: int) -> Rejection | None:
        """
        Lock the price.

        From the seats' reservations when the request names them
        ([AIN-EXEC-CHAIN-RESERVATIONS.2]), else from the payer's balance
        ([AIN-ECON-ESCROW-LOCK.1]).
        """
        if self.reservations:
            seats = tuple(
                (key.hex(), self.reservations[key], self.contracts[key])
                for key in sorted(self.reservations)
            )
            return self.book.lock_reserved(task_id.hex(), format_address(payer), amount, seats)
        return self.book.lock(task_id.hex(), format_address(payer), amount)

    def release(self, task_id: bytes, payees: tuple[bytes, ...]) -> None:
        """
        Pay the escrow to the supporters.

        A reservation-paid escrow as one served request
        per supporting seat ([AIN-ECON-ESCROW-RESERVED-PAY.1]), else by
        [AIN-EXEC-PAYMENT-SPLIT.1].
        """
        escrow = self.book.stored(task_id.hex())
        if escrow.parts:
            served = frozenset(payee.hex() for payee in payees)
            self.book.pay_out_reserved(task_id.hex(), served)
        else:
            shares = split_payment(escrow.amount, len(payees))
            addresses = (format_address(payee) for payee in payees)
            self.book.pay_out(task_id.hex(), tuple(zip(addresses, shares, strict=True)))
        self.keep(self.book.failure)

    def refund(self, task_id: bytes) -> None:
        """Return the escrow ([AIN-ECON-ESCROW-RELEASE.1], [AIN-ECON-ESCROW-RESERVED-RETURN.1])."""
        self.book.refund(task_id.hex())
        self.keep(self.book.failure)

    def report_offence(self, offence: Offence) -> None:
        """Record the offence unless its evidence id is already recorded."""
        path = offence_path(offence.evidence_id)
        if self.read(path) is None:
            record = offence_record(offence, self.contracts, self.time, self.height)
            self.keep(self.write(path, record))

    def keep(self, refused: Rejection | None) -> None:
        """Keep the first refusal."""
        if self.failure is None:
            self.failure = refused
