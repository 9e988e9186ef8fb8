"""
Random sequences of economy transactions, signed and applied on chain, keep every invariant.

Each call is a signed transaction in a block of its own, applied by ``apply_block`` to the
state tree; the economy is read back from the tree and the supply computed from it.

Invariants after every step: the total supply is the genesis supply; no balance, deposit or
escrow is negative; a rejected transaction changes nothing; a settled or cancelled contract
holds no deposit (with conservation, no deposit is released twice); no reservation is
consumed beyond its requests and its escrow is exactly its unpaid requests at its price; an
accepted voucher replayed is refused; each redeemed request is paid exactly once.
"""

from __future__ import annotations

from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from ain_ref.economy.ledger import ContractState, Ledger, total_supply
from ain_ref.economy.ledger_json import ledger_to_json
from ain_ref.economy.payments import Voucher, sign_voucher
from ain_ref.errors import Rejection
from tests.fillers.economy.common import (
    DEVELOPER,
    EXECUTOR,
    PROVIDER,
    REPORTER,
    STRANGER,
    EconomyChain,
    Party,
    base_ledger,
)

PARTIES = (DEVELOPER, PROVIDER, EXECUTOR, REPORTER, STRANGER)
CONTRACT_IDS = ("c0", "c1", "c2")
RESERVATION_IDS = ("r0", "r1", "r2", "r3")
EVIDENCE_TYPES = (
    "deadline_missed",
    "missed_reveal",
    "conflicting_attestation",
    "tee_measurement_mismatch",
    "equivocation",
)
EVIDENCE_IDS = ("e0", "e1", "e2")
parties = st.sampled_from(PARTIES)
contract_ids = st.sampled_from(CONTRACT_IDS)
reservation_ids = st.sampled_from(RESERVATION_IDS)
lanes = st.integers(min_value=0, max_value=2)
roles = st.sampled_from(["developer", "provider", "provider", "executor", "stranger"])


class EconomyMachine(RuleBasedStateMachine):
    """The ledger under random transactions, with the ghost facts the invariants need."""

    def __init__(self) -> None:
        super().__init__()
        self.chain = EconomyChain(base_ledger())
        self.ledger: Ledger = self.chain.ledger
        self.genesis_supply = self.chain.supply()
        self.time = 0
        self.signed: dict[tuple[str, int], tuple[int, int]] = {}  # (nonce, requests) signed
        self.accepted_redemptions: list[dict[str, object]] = []
        self.paid_requests: dict[str, int] = {}

    def apply(self, kind: str, caller: Party, **fields: object) -> Rejection | None:
        """Apply one call on chain; a failed one must leave the economy exactly as it was."""
        before = ledger_to_json(self.ledger)
        failure = self.chain.call(self.time, kind, caller, **fields)
        result = self.chain.ledger
        if failure is not None:
            assert ledger_to_json(result) == before
            return failure
        for reservation_id, reservation in result.reservations.items():
            old = self.ledger.reservations.get(reservation_id)
            old_collected = (
                sum(lane.collected_requests for lane in old.lanes.values()) if old else 0
            )
            new_collected = sum(lane.collected_requests for lane in reservation.lanes.values())
            assert new_collected >= old_collected
            self.paid_requests[reservation_id] = (
                self.paid_requests.get(reservation_id, 0) + new_collected - old_collected
            )
        self.ledger = result
        return None

    def party_in_role(self, role: str, contract_id: str) -> Party:
        """The party playing a role for a contract (callers are mostly the right ones)."""
        contract = self.ledger.contracts.get(contract_id)
        address = {
            "developer": contract.developer if contract else DEVELOPER.address,
            "provider": contract.provider if contract else PROVIDER.address,
            "executor": EXECUTOR.address,
            "stranger": STRANGER.address,
        }[role]
        return next(party for party in PARTIES if party.address == address)

    @initialize(start_in=st.integers(min_value=1, max_value=200))
    def open_a_contract(self, start_in: int) -> None:
        """c0 starts accepted (1,000 requests at 3 for 2,000 units); r0 reserves 500."""
        start = self.time + start_in
        assert (
            self.apply(
                "propose_contract",
                DEVELOPER,
                contract_id="c0",
                provider=PROVIDER.address,
                start_time=start,
                end_time=start + 2_000,
                price_per_request=3,
                capacity_requests=1_000,
                provider_share_bps=7_001,
                developer_deposit=150,
                provider_deposit=300,
            )
            is None
        )
        assert self.apply("accept_contract", PROVIDER, contract_id="c0") is None
        assert (
            self.apply(
                "reserve",
                EXECUTOR,
                reservation_id="r0",
                contract_id="c0",
                requests=500,
                start_time=start,
                end_time=start + 1_000,
            )
            is None
        )

    def some_reservation(self, data: st.DataObject) -> str:
        """Mostly an existing reservation's ID, sometimes any."""
        existing = sorted(self.ledger.reservations)
        if existing and data.draw(st.integers(0, 4)):
            return data.draw(st.sampled_from(existing))
        return data.draw(reservation_ids)

    @rule(contract_id=contract_ids)
    def activate_on_time(self, contract_id: str) -> None:
        """Time moves to an accepted contract's start, and its provider activates it."""
        contract = self.ledger.contracts.get(contract_id)
        if contract is None or contract.state is not ContractState.ACCEPTED:
            return
        self.time = max(self.time, contract.start_time)
        self.apply(
            "activate_contract",
            self.party_in_role("provider", contract_id),
            contract_id=contract_id,
        )

    @rule(data=st.data())
    def collect_when_due(self, data: st.DataObject) -> None:
        """Time moves to a pending lane's ready time, and the provider collects it."""
        pending = sorted(
            (reservation_id, number)
            for reservation_id, reservation in self.ledger.reservations.items()
            for number, lane in reservation.lanes.items()
            if lane.redeemed_requests > lane.collected_requests
        )
        if not pending:
            return
        reservation_id, number = data.draw(st.sampled_from(pending))
        self.time = max(self.time, self.ledger.reservations[reservation_id].lanes[number].ready_at)
        provider = self.party_in_role("provider", self.contract_of(reservation_id))
        assert self.apply("collect", provider, reservation_id=reservation_id, lane=number) is None

    @rule(data=st.data())
    def settle_when_due(self, data: st.DataObject) -> None:
        """Time moves past a reservation's window and dispute window; the executor settles."""
        open_ids = sorted(
            reservation_id
            for reservation_id, reservation in self.ledger.reservations.items()
            if not reservation.settled
        )
        if not open_ids:
            return
        reservation_id = data.draw(st.sampled_from(open_ids))
        reservation = self.ledger.reservations[reservation_id]
        ready = max([lane.ready_at for lane in reservation.lanes.values()], default=0)
        due = reservation.end_time + self.ledger.parameters.dispute_window
        self.time = max(self.time, due, ready)
        assert self.apply("settle_reservation", EXECUTOR, reservation_id=reservation_id) is None

    @rule(dt=st.sampled_from([1, 49, 50, 99, 100, 300, 1_000, 4_000]))
    def advance_time(self, dt: int) -> None:
        """Blocks pass."""
        self.time += dt

    @rule(
        contract_id=contract_ids,
        provider=st.sampled_from([PROVIDER, STRANGER]),
        start_in=st.integers(min_value=1, max_value=300),
        duration=st.integers(min_value=1, max_value=3_000),
        price=st.integers(min_value=1, max_value=7),
        capacity=st.integers(min_value=1, max_value=2_000),
        share=st.integers(min_value=0, max_value=10_000),
        extra=st.integers(min_value=0, max_value=3),
    )
    def propose(
        self,
        contract_id: str,
        provider: Party,
        start_in: int,
        duration: int,
        price: int,
        capacity: int,
        share: int,
        extra: int,
    ) -> None:
        """The developer proposes, with deposits at or near the formula."""
        value = price * capacity
        self.apply(
            "propose_contract",
            DEVELOPER,
            contract_id=contract_id,
            provider=provider.address,
            start_time=self.time + start_in,
            end_time=self.time + start_in + duration,
            price_per_request=price,
            capacity_requests=capacity,
            provider_share_bps=share,
            developer_deposit=-(-value * 500 // 10_000) + extra - 1 if value else extra,
            provider_deposit=-(-value * 1_000 // 10_000) + extra,
        )

    @rule(
        kind=st.sampled_from(
            [
                "accept_contract",
                "cancel_contract",
                "activate_contract",
                "report_missed_activation",
                "terminate_contract",
                "settle_contract",
            ]
        ),
        contract_id=contract_ids,
        role=roles,
    )
    def contract_step(self, kind: str, contract_id: str, role: str) -> None:
        """Any contract transition, mostly by a party of the contract."""
        self.apply(kind, self.party_in_role(role, contract_id), contract_id=contract_id)

    @rule(
        reservation_id=reservation_ids,
        contract_id=st.sampled_from(["c0", "c0", "c1", "c2"]),
        requests=st.integers(min_value=0, max_value=600),
        start_in=st.integers(min_value=-200, max_value=500),
        length=st.integers(min_value=1, max_value=2_000),
    )
    def reserve(
        self, reservation_id: str, contract_id: str, requests: int, start_in: int, length: int
    ) -> None:
        """The executor reserves part of a contract."""
        contract = self.ledger.contracts.get(contract_id)
        start = max(0, (contract.start_time if contract else self.time) + start_in)
        self.apply(
            "reserve",
            EXECUTOR,
            reservation_id=reservation_id,
            contract_id=contract_id,
            requests=requests,
            start_time=start,
            end_time=start + length,
        )

    @rule(
        data=st.data(),
        lane=lanes,
        served=st.integers(min_value=0, max_value=120),
        expiry_in=st.integers(min_value=-5, max_value=1_000),
        signer=st.sampled_from([EXECUTOR, EXECUTOR, EXECUTOR, STRANGER]),
    )
    def redeem(
        self, data: st.DataObject, lane: int, served: int, expiry_in: int, signer: Party
    ) -> None:
        """The executor signs the next cumulative voucher of a lane; the provider redeems it."""
        reservation_id = self.some_reservation(data)
        nonce, requests = self.signed.get((reservation_id, lane), (0, 0))
        nonce, requests = nonce + 1, requests + served
        self.signed[(reservation_id, lane)] = (nonce, requests)
        expiry = max(0, self.time + expiry_in)
        reservation = self.ledger.reservations.get(reservation_id)
        origin = reservation.origin if reservation else bytes(32)
        voucher = Voucher(reservation_id, origin, lane, nonce, requests, expiry)
        signature = sign_voucher(signer.seed, voucher)
        assert isinstance(signature, bytes)
        contract = self.ledger.contracts.get(reservation.contract_id) if reservation else None
        provider = next(
            (p for p in PARTIES if contract and p.address == contract.provider), PROVIDER
        )
        fields: dict[str, Any] = {
            "reservation_id": reservation_id,
            "lane": lane,
            "nonce": nonce,
            "requests": requests,
            "expiry": expiry,
            "signature": signature,
        }
        if self.apply("redeem_voucher", provider, **fields) is None:
            self.accepted_redemptions.append({"caller": provider, **fields})

    @rule(data=st.data())
    def replay_a_redeemed_voucher(self, data: st.DataObject) -> None:
        """A voucher once accepted is never accepted again."""
        if not self.accepted_redemptions:
            return
        fields = dict(data.draw(st.sampled_from(self.accepted_redemptions)))
        caller = fields.pop("caller")
        assert isinstance(caller, Party)
        assert self.apply("redeem_voucher", caller, **fields) is not None

    def contract_of(self, reservation_id: str) -> str:
        """The contract ID of a reservation ("" when there is none)."""
        reservation = self.ledger.reservations.get(reservation_id)
        return reservation.contract_id if reservation else ""

    @rule(data=st.data(), lane=lanes, role=roles)
    def collect(self, data: st.DataObject, lane: int, role: str) -> None:
        """Someone, mostly the provider, tries to collect a lane."""
        reservation_id = self.some_reservation(data)
        caller = self.party_in_role(role, self.contract_of(reservation_id))
        self.apply("collect", caller, reservation_id=reservation_id, lane=lane)

    @rule(data=st.data(), role=roles)
    def settle_reservation(self, data: st.DataObject, role: str) -> None:
        """Someone tries to settle a reservation."""
        reservation_id = self.some_reservation(data)
        caller = self.party_in_role(role, self.contract_of(reservation_id))
        self.apply("settle_reservation", caller, reservation_id=reservation_id)

    @rule(
        contract_id=contract_ids,
        evidence_type=st.sampled_from(EVIDENCE_TYPES),
        evidence_id=st.sampled_from(EVIDENCE_IDS),
        age=st.integers(min_value=-1, max_value=1_100),
    )
    def slash(self, contract_id: str, evidence_type: str, evidence_id: str, age: int) -> None:
        """The reporter submits evidence of some age."""
        self.apply(
            "slash",
            REPORTER,
            contract_id=contract_id,
            evidence_type=evidence_type,
            evidence_id=f"{contract_id}-{evidence_id}",
            evidence_time=max(0, self.time - age),
        )

    @rule(caller=parties)
    def close_reward_period(self, caller: Party) -> None:
        """Anyone tries to close the reward period."""
        self.apply("close_reward_period", caller)

    @invariant()
    def supply_is_conserved(self) -> None:
        """[AIN-ECON-SUPPLY.2] Computed from the tree, and from the economy read back."""
        assert self.chain.supply() == self.genesis_supply
        assert total_supply(self.ledger) == self.genesis_supply

    @invariant()
    def nothing_is_negative(self) -> None:
        """No balance, deposit, escrow or pool below zero."""
        assert all(balance > 0 for balance in self.ledger.balances.values())
        assert self.ledger.reward_pool >= 0 and self.ledger.burned >= 0
        for contract in self.ledger.contracts.values():
            assert contract.developer_deposit >= 0 and contract.provider_deposit >= 0

    @invariant()
    def released_contracts_hold_nothing(self) -> None:
        """A settled or cancelled contract holds no deposit: nothing left to release again."""
        for contract in self.ledger.contracts.values():
            if contract.state in (ContractState.SETTLED, ContractState.CANCELLED):
                assert contract.developer_deposit == contract.provider_deposit == 0
            assert contract.reserved_requests <= contract.capacity_requests

    @invariant()
    def reservations_are_never_over_consumed(self) -> None:
        """Redeemed <= reserved; collected <= redeemed; escrow = unpaid requests * price."""
        for reservation_id, reservation in self.ledger.reservations.items():
            redeemed = sum(lane.redeemed_requests for lane in reservation.lanes.values())
            collected = sum(lane.collected_requests for lane in reservation.lanes.values())
            assert redeemed <= reservation.requests
            assert all(
                lane.collected_requests <= lane.redeemed_requests
                for lane in reservation.lanes.values()
            )
            # each request paid exactly once: what the ghost saw paid is what the lanes say
            assert self.paid_requests.get(reservation_id, 0) == collected
            if reservation.settled:
                assert reservation.escrow == 0 and collected == redeemed
            else:
                unpaid = reservation.requests - collected
                assert reservation.escrow == unpaid * reservation.price_per_request


EconomyMachine.TestCase.settings = settings(
    max_examples=settings.default.max_examples,
    stateful_step_count=40,
    deadline=None,
)
test_economy_state_machine = EconomyMachine.TestCase
