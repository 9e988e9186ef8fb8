"""
The task lifecycle on chain as a Hypothesis state machine over ``apply_block``.

Random requests (paid from the executor's balance or from its reservations), vouchers the
providers redeem on those reservations, commits, reveals (honest, or of another output),
settlements, cancellations, conflict reports, slashes, outsiders' attempts and empty blocks,
one call per block; after every block the issue's invariants are checked on the state tree.

Spec: spec/execution.md, "Tasks on chain", "Task lifecycle", "Quorum", "Evidence".
"""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ain_ref.economy.payments import Voucher, sign_voucher
from ain_ref.jobs.execution.evidence import evidence_id
from ain_ref.jobs.execution.task_records import read_task, task_path
from tests.fillers.execution.chain import (
    CONTRACT_OF,
    EXECUTOR,
    OUTPUT_A,
    OUTPUT_B,
    OUTSIDER,
    PROVIDERS,
    REPORTER,
    RESERVATION_OF,
    SEAT_PRICES,
    ExecutionChain,
    Party,
    commitment_of,
    receipt_of,
    request_fields,
    reserved_ledger,
    reserved_request_fields,
    reveal_fields,
    transaction_id,
)

OUTPUTS = (OUTPUT_A, OUTPUT_B)
providers = st.sampled_from(PROVIDERS)
outputs = st.sampled_from(OUTPUTS)


class LifecycleMachine(RuleBasedStateMachine):
    """
    [AIN-EXEC-CHAIN-STEPS.2] [AIN-EXEC-CHAIN-TIMEOUT.2] [AIN-EXEC-CHAIN-PORT.2]
    [AIN-EXEC-QUORUM.1] [AIN-EXEC-SETTLE.1] [AIN-ECON-ESCROW.2] [AIN-PLAT-STAKE-SUPPLY.2]

    Invariants: a task settles at most once (a closed task never changes); payment only with
    a valid quorum (a settled output has at least k counted votes); an ineligible provider
    never counts (no outsider's commitment or vote); a conflicting pair is always detectable
    (every equivocation reported on chain is accepted and recorded); timeouts always release
    escrowed funds (no open task past its reveal deadline, no escrow of a closed task); the
    supply is conserved by every block.
    """

    def __init__(self) -> None:
        super().__init__()
        self.chain = ExecutionChain(reserved_ledger())
        self.supply = self.chain.supply()
        self.tasks: list[bytes] = []
        self.closed: dict[bytes, dict[str, object]] = {}
        self.chosen: dict[tuple[bytes, bytes], bytes] = {}  # (task, provider) -> output

    def record(self, task_id: bytes) -> object:
        """A task's stored record."""
        return self.chain.read(task_path(task_id))

    @precondition(lambda self: len(self.tasks) < 4)
    @rule(
        quorum=st.sampled_from((2, 2, 3)),
        commit_in=st.integers(3, 8),
        reveal_in=st.integers(2, 8),
        price=st.integers(0, 2_000),
    )
    def request(self, quorum: int, commit_in: int, reveal_in: int, price: int) -> None:
        """The executor requests a task."""
        commit_deadline = self.chain.height + 1 + commit_in
        fields = request_fields(
            quorum=quorum,
            price=price,
            commit_deadline=commit_deadline,
            reveal_deadline=commit_deadline + reveal_in,
        )
        self.tasks.append(self.chain.request(**fields))

    @precondition(lambda self: len(self.tasks) < 4)
    @rule(
        commit_in=st.integers(3, 8),
        reveal_in=st.integers(2, 8),
        price_off=st.sampled_from((0, 0, 0, 1)),
    )
    def request_from_reservations(self, commit_in: int, reveal_in: int, price_off: int) -> None:
        """The executor requests a task paid from its reservations (or with a wrong price)."""
        commit_deadline = self.chain.height + 1 + commit_in
        fields = reserved_request_fields(
            price=sum(SEAT_PRICES) + price_off,
            commit_deadline=commit_deadline,
            reveal_deadline=commit_deadline + reveal_in,
        )
        data = self.chain.sign(EXECUTOR, "request", fields)
        code = self.chain.block(data)[0]
        if code is None:
            self.tasks.append(transaction_id(data))
        else:
            assert code in ("EXEC_PRICE_MISMATCH", "EXEC_RESERVATION_EXHAUSTED"), code

    @rule(provider=providers, more=st.integers(1, 4))
    def voucher_redeemed(self, provider: Party, more: int) -> None:
        """
        The provider redeems the executor's voucher for ``more`` further requests on lane 0:
        refused when vouchers would promise more than the reservation still holds.
        """
        reservation_id = RESERVATION_OF[provider.key]
        stored = self.chain.reservation(provider)
        lane = stored.get("lanes", {}).get("0", {"nonce": 0, "redeemed_requests": 0})
        voucher = Voucher(
            reservation_id,
            stored["origin"],
            0,
            lane["nonce"] + 1,
            lane["redeemed_requests"] + more,
            10**12,
        )
        signature = sign_voucher(EXECUTOR.seed, voucher)
        assert isinstance(signature, bytes)
        fields = {
            "reservation_id": reservation_id,
            "lane": 0,
            "nonce": voucher.nonce,
            "requests": voucher.requests,
            "expiry": voucher.expiry,
            "signature": signature,
        }
        code = self.chain.call(provider, "economy/redeem_voucher", fields)
        promised = voucher.requests <= stored["requests"]
        assert code == (None if promised else "ECON_VOUCHER_OVER_BACKING"), code

    @precondition(lambda self: self.tasks)
    @rule(data=st.data(), provider=providers, output=outputs)
    def commit(self, data: st.DataObject, provider: Party, output: bytes) -> None:
        """A provider commits to an output of its choice."""
        task_id = data.draw(st.sampled_from(self.tasks))
        commitment = commitment_of(task_id, provider, output)
        code = self.chain.call(provider, "commit", {"task_id": task_id, "commitment": commitment})
        if code is None:
            self.chosen[task_id, provider.key] = output

    @precondition(lambda self: self.tasks)
    @rule(data=st.data(), chosen=st.lists(outputs, min_size=3, max_size=3))
    def everyone_commits(self, data: st.DataObject, chosen: list[bytes]) -> None:
        """The three providers commit in one block, each to its own output."""
        self.commit_all(data.draw(st.sampled_from(self.tasks)), chosen)

    def commit_all(self, task_id: bytes, chosen: list[bytes]) -> None:
        """One block of the three providers' commits."""
        calls = []
        for provider, output in zip(PROVIDERS, chosen, strict=True):
            commitment = commitment_of(task_id, provider, output)
            calls.append(
                self.chain.sign(provider, "commit", {"task_id": task_id, "commitment": commitment})
            )
        for provider, output, code in zip(PROVIDERS, chosen, self.chain.block(*calls), strict=True):
            if code is None:
                self.chosen[task_id, provider.key] = output

    @precondition(lambda self: self.tasks)
    @rule(data=st.data())
    def everyone_reveals(self, data: st.DataObject) -> None:
        """Every provider's honest reveal is relayed in one block."""
        self.reveal_all(data.draw(st.sampled_from(self.tasks)))

    def reveal_all(self, task_id: bytes) -> None:
        """One block of the three providers' honest reveals."""
        calls = [
            self.chain.sign(
                REPORTER,
                "reveal",
                reveal_fields(
                    task_id, provider, self.chosen.get((task_id, provider.key), OUTPUT_A)
                ),
            )
            for provider in PROVIDERS
        ]
        self.chain.block(*calls)

    @precondition(lambda self: len(self.tasks) < 4)
    @rule(quorum=st.sampled_from((2, 2, 3)), chosen=st.lists(outputs, min_size=3, max_size=3))
    def run_a_task_to_its_reveals(self, quorum: int, chosen: list[bytes]) -> None:
        """A new task: everyone commits, blocks pass to the commit deadline, all reveal."""
        self.request(quorum, commit_in=3, reveal_in=4, price=900)
        task_id = self.tasks[-1]
        self.commit_all(task_id, chosen)
        chain_task = read_task(task_id, self.record(task_id))
        assert chain_task is not None
        self.chain.advance_to(chain_task.task.request.commit_deadline - 1)
        self.reveal_all(task_id)

    @precondition(lambda self: self.tasks)
    @rule(data=st.data(), provider=providers, honest=st.booleans())
    def reveal(self, data: st.DataObject, provider: Party, honest: bool) -> None:
        """A provider's reveal is relayed: of its committed output, or of another."""
        task_id = data.draw(st.sampled_from(self.tasks))
        committed = self.chosen.get((task_id, provider.key), OUTPUT_A)
        output = committed if honest else OUTPUTS[1 - OUTPUTS.index(committed)]
        self.chain.call(REPORTER, "reveal", reveal_fields(task_id, provider, output))

    @precondition(lambda self: self.tasks)
    @rule(data=st.data())
    def outsider_commits(self, data: st.DataObject) -> None:
        """A provider with no seat tries to commit: never accepted."""
        task_id = data.draw(st.sampled_from(self.tasks))
        commitment = commitment_of(task_id, OUTSIDER)
        code = self.chain.call(OUTSIDER, "commit", {"task_id": task_id, "commitment": commitment})
        assert code is not None

    @precondition(lambda self: self.tasks)
    @rule(data=st.data())
    def settle(self, data: st.DataObject) -> None:
        """Anyone asks to settle."""
        self.chain.call(REPORTER, "settle", {"task_id": data.draw(st.sampled_from(self.tasks))})

    @precondition(lambda self: self.tasks)
    @rule(data=st.data(), rarely=st.integers(0, 3))
    def cancel(self, data: st.DataObject, rarely: int) -> None:
        """The executor asks to cancel (one draw in four)."""
        if rarely:
            return
        self.chain.call(EXECUTOR, "cancel", {"task_id": data.draw(st.sampled_from(self.tasks))})

    @precondition(lambda self: self.tasks)
    @rule(data=st.data(), provider=providers, rarely=st.integers(0, 3))
    def equivocate(self, data: st.DataObject, provider: Party, rarely: int) -> None:
        """A provider signed two outputs and someone reports them: always detected."""
        if rarely:  # one draw in four: equivocators' votes never count, so keep them few
            return
        task_id = data.draw(st.sampled_from(self.tasks))
        first = receipt_of(task_id, provider, OUTPUT_A)
        second = receipt_of(task_id, provider, OUTPUT_B)
        code = self.chain.call(REPORTER, "conflict", {"first": first, "second": second})
        assert code is None
        offence = evidence_id("conflicting_attestation", task_id, provider.key)
        assert self.chain.read(f"/execution/offences/{offence.hex()}") is not None
        self.chain.call(REPORTER, "slash", {"evidence_id": offence})

    @rule(blocks=st.integers(1, 3))
    def wait(self, blocks: int) -> None:
        """Empty blocks pass."""
        self.chain.advance_to(self.chain.height + blocks)

    @invariant()
    def supply_is_conserved(self) -> None:
        """[AIN-PLAT-STAKE-SUPPLY.2] [AIN-ECON-ESCROW.2]"""
        assert self.chain.supply() == self.supply

    @invariant()
    def reservations_keep_their_invariants(self) -> None:
        """[AIN-ECON-ESCROW-RESERVED.1] [AIN-ECON-VOUCHER-REDEEM.1] Capacity: a contract's
        reservations and the requests open tasks took from them never pass its reserved
        requests, nor those its capacity. Backing: vouchers never promise more than a
        reservation's requests, and its escrow is (requests - collected) x price."""
        held: dict[str, int] = {}
        for task_id in self.tasks:
            escrow = self.chain.escrow(task_id)
            parts = escrow.get("parts", {}) if isinstance(escrow, dict) else {}
            for part in parts.values():
                held[part["reservation_id"]] = held.get(part["reservation_id"], 0) + 1
        for provider in PROVIDERS:
            stored = self.chain.reservation(provider)
            contract = self.chain.read(f"/economy/contracts/{CONTRACT_OF[provider.key]}")
            assert isinstance(contract, dict)
            lanes = stored.get("lanes", {}).values()
            redeemed = sum(lane["redeemed_requests"] for lane in lanes)
            collected = sum(lane["collected_requests"] for lane in lanes)
            in_tasks = held.get(RESERVATION_OF[provider.key], 0)
            assert stored["requests"] + in_tasks <= contract["reserved_requests"]
            assert contract["reserved_requests"] <= contract["capacity_requests"]
            assert redeemed <= stored["requests"]
            price = stored["price_per_request"]
            assert stored["escrow"] == (stored["requests"] - collected) * price

    @invariant()
    def tasks_keep_their_invariants(self) -> None:
        """Settles at most once; quorum behind every payment; outsiders never count;
        timeouts release escrow."""
        for task_id in self.tasks:
            stored = self.record(task_id)
            chain_task = read_task(task_id, stored)
            assert chain_task is not None
            task, escrow = chain_task.task, self.chain.escrow(task_id)
            seats = set(task.request.quorum_terms.providers)
            assert {key for key, _ in task.commitments} <= seats
            assert {vote.provider for vote in task.votes} <= seats
            if task.status == "open":
                assert self.chain.height < task.request.reveal_deadline
                assert isinstance(escrow, dict)
                assert escrow["payer"] == EXECUTOR.address
                assert escrow["amount"] == task.request.price
                parts = escrow.get("parts", {})
                assert {bytes.fromhex(label) for label in parts} == set(chain_task.reservations)
                continue
            assert escrow is None
            if task_id in self.closed:
                assert self.closed[task_id] == stored
            assert isinstance(stored, dict)
            self.closed[task_id] = stored
            if task.status == "settled":
                counted = {
                    vote.provider
                    for vote in task.votes
                    if vote.output_hash == task.output_hash
                    and vote.provider not in task.equivocators
                }
                assert len(counted) >= task.request.quorum_terms.quorum


LifecycleMachine.TestCase.settings = settings(
    max_examples=max(10, settings.default.max_examples // 4),
    stateful_step_count=30,
    deadline=None,
)
test_lifecycle_state_machine = LifecycleMachine.TestCase
