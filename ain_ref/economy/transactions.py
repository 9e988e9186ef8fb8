"""
The economy's transitions by call kind.

Each transition takes the part of the economy a call names (a ``Ledger``) and the call, and
returns the new part or the rejection of its first failed check; ``ain_ref.economy.natives``
runs it on the state tree.

Spec: spec/economy.md, "Calls on chain" ([AIN-ECON-CALL.1], [AIN-ECON-TX-FORMAT.2]).
Layer: economy. Imports every economy transition module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

from ain_ref.economy import contracts, offences, payments, reservations, rewards
from ain_ref.economy.calls import Call
from ain_ref.economy.ledger import Ledger
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
    "fund_reward_pool": rewards.fund_reward_pool,
    "close_reward_period": rewards.close_reward_period,
}
"""[AIN-ECON-CALL.1] Every economy call kind and its transition."""
