"""
A walk through the economy, written to be read.

A developer publishes an agent and contracts a resource provider to serve it; an executor
reserves capacity (preemptive buying) and pays per request by signed cumulative vouchers that the
provider redeems in batches; a reporter's unproven slash is refused; a reward period
closes; everything settles. Every step is a signed transaction in a block of its own, applied
to the state tree; after every step the total supply computed from the tree is the genesis
supply.

Spec: spec/economy.md (every section).
"""

from __future__ import annotations

from ain_ref.economy.contracts import contract_status
from ain_ref.economy.ledger import Ledger, circulating_supply
from ain_ref.errors import ErrorCode, Rejection
from tests.fillers.economy.common import (
    DEVELOPER,
    EXECUTOR,
    PROVIDER,
    REPORTER,
    STRANGER,
    EconomyChain,
    Party,
    base_ledger,
    proposal,
    transaction_fields,
    tx,
    voucher_tx,
)


class Chain:
    """The chain, a clock, and the one check made after every step: supply is conserved."""

    def __init__(self) -> None:
        everyone = (DEVELOPER, PROVIDER, EXECUTOR, REPORTER, STRANGER)
        balances = {party.address: 1_000_000 for party in everyone}
        self.chain = EconomyChain(base_ledger(reward_pool=0, balances=balances))
        self.genesis_supply = self.chain.supply()
        self.time = 0

    @property
    def ledger(self) -> Ledger:
        """The economy as the tree holds it."""
        return self.chain.ledger

    def balance(self, party: Party) -> int:
        """A party's balance now."""
        return self.ledger.balances.get(party.address, 0)

    def step(
        self, time: int, transaction: dict[str, object], **expected_deltas: int
    ) -> Rejection | None:
        """Apply one transaction at ``time``; check its balance deltas and the supply."""
        assert time >= self.time
        self.time = time
        parties = {"developer": DEVELOPER, "provider": PROVIDER, "executor": EXECUTOR}
        parties |= {"reporter": REPORTER, "stranger": STRANGER}
        before = {name: self.balance(party) for name, party in parties.items()}
        fields = transaction_fields(transaction)
        kind, caller = str(fields.pop("type")), fields.pop("caller")
        caller_party = next(party for party in parties.values() if party.address == caller)
        result = self.chain.call(time, kind, caller_party, **fields)
        for name, party in parties.items():
            assert self.balance(party) - before[name] == expected_deltas.get(name, 0), name
        assert self.chain.supply() == self.genesis_supply
        return result


def test_a_contract_from_proposal_to_settlement() -> None:
    """[AIN-ECON-SUPPLY.2] Every step of a contract's life, on chain, conserves the supply."""
    chain = Chain()

    # 0. The foundation (here the stranger) funds the reward pool from its balance.
    fund = tx("fund_reward_pool", STRANGER, amount=1_000_000)
    assert chain.step(0, fund, stranger=-1_000_000) is None

    # 1. The developer proposes: 10,000 requests at 3 base units between times 1,000 and
    #    5,000, 80% of revenue to the provider. The contract is worth 30,000, so the deposits
    #    are at least 5% (1,500) from the developer and 10% (3,000) from the provider.
    #    Proposing locks the developer's deposit.
    assert chain.step(10, proposal(), developer=-1_500) is None

    # 2. The provider accepts, locking its deposit; then activates at the start time.
    assert (
        chain.step(20, tx("accept_contract", PROVIDER, contract_id="c1"), provider=-3_000) is None
    )
    assert chain.step(1_000, tx("activate_contract", PROVIDER, contract_id="c1")) is None
    assert contract_status(chain.ledger.contracts["c1"], chain.time) == "active"

    # 3. Preemptive buying: the executor reserves 2,000 requests at today's price for the
    #    window 1,000 .. 3,000, paying 6,000 into escrow now.
    reserve = tx(
        "reserve",
        EXECUTOR,
        reservation_id="r1",
        contract_id="c1",
        requests=2_000,
        start_time=1_000,
        end_time=3_000,
    )
    assert chain.step(1_000, reserve, executor=-6_000) is None
    origin = chain.ledger.reservations["r1"].origin  # the reserving transaction's hash

    # 4. Requests are served off chain. The executor signs cumulative vouchers on two lanes;
    #    the provider keeps only the latest of each and redeems it: no balance moves yet,
    #    a dispute window of 50 opens. An old voucher is refused: its nonce is spent.
    assert chain.step(1_500, voucher_tx("r1", 0, 7, 700, origin=origin)) is None
    assert chain.step(1_500, voucher_tx("r1", 1, 3, 300, origin=origin)) is None
    stale = chain.step(1_510, voucher_tx("r1", 0, 6, 600, origin=origin))
    assert stale is not None and stale.code is ErrorCode.ECON_VOUCHER_STALE

    # 5. Before the window closes nothing can be collected; after it, the provider pulls
    #    1,000 requests' pay (3,000), split 80/20.
    early = chain.step(1_549, tx("collect", PROVIDER, reservation_id="r1", lane=0))
    assert early is not None and early.code is ErrorCode.ECON_DISPUTE_WINDOW_OPEN
    collect_lane_0 = tx("collect", PROVIDER, reservation_id="r1", lane=0)
    assert chain.step(1_550, collect_lane_0, provider=1_680, developer=420) is None
    collect_lane_1 = tx("collect", PROVIDER, reservation_id="r1", lane=1)
    assert chain.step(1_550, collect_lane_1, provider=720, developer=180) is None

    # 6. A reporter claims the provider missed a task deadline, on its own word: the call is
    #    refused, since only a native that proves the offence may slash ([AIN-ECON-SLASH-PROVER.1];
    #    tests/execution/test_walkthrough_on_chain.py walks a slash proven by `_execution`).
    slash = tx(
        "slash",
        REPORTER,
        contract_id="c1",
        evidence_type="deadline_missed",
        evidence_id="deadline-of-task-42",
        evidence_time=1_600,
    )
    forged = chain.step(1_700, slash)
    assert forged is not None and forged.code is ErrorCode.ECON_SLASH_NOT_PROVEN

    # 7. The reservation's window ends at 3,000; from 3,050 it settles: the unused 1,000
    #    requests (3,000) return to the executor.
    settle_reservation = tx("settle_reservation", EXECUTOR, reservation_id="r1")
    assert chain.step(3_050, settle_reservation, executor=3_000) is None

    # 8. The contract expires at 5,000; its deposits stay slashable for the withdrawal delay
    #    (1,000), then either party pulls them back whole: 1,500 and 3,000.
    assert contract_status(chain.ledger.contracts["c1"], 5_000) == "expired"
    settle = tx("settle_contract", PROVIDER, contract_id="c1")
    too_early = chain.step(5_999, settle)
    assert too_early is not None and too_early.code is ErrorCode.ECON_TOO_EARLY
    assert chain.step(6_000, settle, developer=1_500, provider=3_000) is None

    # 9. The reward period (10,000 long) closes: 1,000,000 leaves the pool, 70% to providers
    #    by the requests they were paid for, 30% to developers by the demand they served.
    close = tx("close_reward_period", STRANGER)
    assert chain.step(10_000, close, provider=700_000, developer=300_000) is None

    # In the end: the executor paid exactly for the 1,000 requests it used.
    assert chain.balance(EXECUTOR) == 1_000_000 - 3_000
    assert chain.balance(STRANGER) == 0
    assert (
        circulating_supply(chain.ledger)
        == chain.genesis_supply - chain.ledger.burned
        == (chain.genesis_supply)
    )
