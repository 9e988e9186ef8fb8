"""
A task's life on chain, written to be read.

An executor asks three providers, each serving under an active contract with the developer,
to run a job on an input; two of three must agree. Every step is a signed transaction in a
block, applied by ``apply_block``; the lifecycle's clock is the block height. After every
block the total supply computed from the tree is the genesis supply.

Spec: spec/execution.md, "Tasks on chain"; spec/economy.md, "Task escrows".
"""

from __future__ import annotations

from ain_ref.jobs.execution.evidence import evidence_id
from tests.fillers.execution.chain import (
    BALANCE,
    CONTRACT_OF,
    DEVELOPER,
    EXACT_JOB,
    EXECUTOR,
    OUTPUT_A,
    OUTPUT_B,
    PRICE,
    PROVIDER_DEPOSIT,
    PROVIDERS,
    REPORTER,
    RESERVED_REQUESTS,
    SEAT_PRICES,
    TEE_JOB,
    ExecutionChain,
    commitment_of,
    missed_reveal_id,
    receipt_of,
    reserved_ledger,
    reserved_request_fields,
    reveal_fields,
    tee_evidence,
)
from tests.fillers.tee.synthetic import PCRS, pcr

FIRST, SECOND, THIRD = PROVIDERS


def deposit(chain: ExecutionChain, provider_index: int) -> object:
    """A provider's deposit under its contract."""
    contract_id = CONTRACT_OF[PROVIDERS[provider_index].key]
    return chain.read(f"/economy/contracts/{contract_id}/provider_deposit")


def test_a_task_from_request_through_quorum_to_payment() -> None:
    """[AIN-EXEC-CHAIN-REQUEST.3] [AIN-EXEC-CHAIN-EVENT.3] [AIN-EXEC-CHAIN-STEPS.2]
    [AIN-EXEC-CHAIN-PORT.2] [AIN-ECON-ESCROW-LOCK.1] [AIN-ECON-ESCROW-RELEASE.1]
    [AIN-ECON-ESCROW.2] A task is requested, committed, revealed and settled on its quorum;
    the supporters are paid from the escrow and the supply never moves."""
    chain = ExecutionChain()
    genesis_supply = chain.supply()

    # 1. At height 1 the developer's registrations of the agents come first; then the
    #    executor requests a task of the exact job's agent, naming the agent and its job id:
    #    commitments close at height 5, reveals at height 9. The task's id is the request's
    #    transaction id. The price (900) leaves the executor's balance for the task's escrow,
    #    and the task event fires once: it is what the providers listen to.
    task_id = chain.request()
    assert chain.balance(EXECUTOR) == BALANCE - PRICE
    assert chain.escrow(task_id) == {"payer": EXECUTOR.address, "amount": PRICE}
    assert chain.supply() == genesis_supply
    (event,) = chain.events
    assert event["fid"] == "execution_task" and event["params"] == {"task_id": task_id.hex()}
    request = event["value"]["request"]  # type: ignore[index]
    assert request["commit_deadline"] == 5 and request["reveal_deadline"] == 9
    assert request["agent"] == EXACT_JOB.agent.address and request["job_id"] == EXACT_JOB.job_id

    # 2. Each provider runs the job off chain and commits to its output: two computed A, the
    #    third B. A commitment binds the task and the provider, so none can be copied.
    for provider, output in ((FIRST, OUTPUT_A), (SECOND, OUTPUT_A)):
        commitment = commitment_of(task_id, provider, output)
        assert (
            chain.call(provider, "commit", {"task_id": task_id, "commitment": commitment}) is None
        )

    # 3. At height 4 the third commits, the last height before the commit deadline; a reveal
    #    in the same block is early: no output can be seen before every commitment is in.
    commitment = commitment_of(task_id, THIRD, OUTPUT_B)
    codes = chain.block(
        chain.sign(THIRD, "commit", {"task_id": task_id, "commitment": commitment}),
        chain.sign(REPORTER, "reveal", reveal_fields(task_id, FIRST)),
    )
    assert chain.height == 4 and codes == [None, "EXEC_REVEAL_EARLY"]

    # 4. From height 5, anyone may relay a provider's signed receipt with its salt.
    for provider, output in ((FIRST, OUTPUT_A), (SECOND, OUTPUT_A), (THIRD, OUTPUT_B)):
        assert chain.call(REPORTER, "reveal", reveal_fields(task_id, provider, output)) is None

    # 5. Everyone who committed revealed, so anyone may settle before the deadline. Two of
    #    three agree on A: they split the escrow (450 each); the third is paid nothing.
    assert chain.call(REPORTER, "settle", {"task_id": task_id}) is None
    assert chain.status(task_id) == "settled"
    assert chain.read(f"/execution/tasks/{task_id.hex()}/output_hash") == OUTPUT_A
    gains = [chain.balance(provider) - BALANCE for provider in PROVIDERS]
    assert gains == [PRICE // 2, PRICE // 2, 0]
    assert chain.escrow(task_id) is None
    assert chain.supply() == genesis_supply

    # 6. A settled task never changes again, and its deadline passes quietly.
    assert chain.call(REPORTER, "settle", {"task_id": task_id}) == "EXEC_TASK_CLOSED"
    chain.advance_to(10)
    assert chain.status(task_id) == "settled"
    assert chain.read("/execution/timeouts/9") is None


def test_conflicting_receipts_slash_the_provider_the_task_named() -> None:
    """[AIN-EXEC-CHAIN-OFFENCE.1] [AIN-EXEC-CHAIN-SLASH.1] [AIN-EXEC-CHAIN-LAYOUT.1] A provider
    that signs two outputs for one task is caught by anyone holding both receipts; its vote
    never counts and the deposit of the contract its seat named is slashed."""
    chain = ExecutionChain()
    genesis_supply = chain.supply()
    task_id = chain.request()

    # 1. The first two providers commit to output A.
    for provider in (FIRST, SECOND):
        commitment = commitment_of(task_id, provider, OUTPUT_A)
        assert (
            chain.call(provider, "commit", {"task_id": task_id, "commitment": commitment}) is None
        )

    # 2. The second provider signed receipts for two different outputs; the reporter saw
    #    both and proves the conflict on chain. The offence is recorded with the contract.
    first = receipt_of(task_id, SECOND, OUTPUT_A)
    second = receipt_of(task_id, SECOND, OUTPUT_B)
    assert chain.call(REPORTER, "conflict", {"first": first, "second": second}) is None
    offence_id = evidence_id("conflicting_attestation", task_id, SECOND.key)
    offence = chain.read(f"/execution/offences/{offence_id.hex()}")
    assert isinstance(offence, dict) and offence["contract_id"] == CONTRACT_OF[SECOND.key]
    equivocators = chain.read(f"/execution/tasks/{task_id.hex()}/equivocators")
    assert equivocators == {SECOND.key.hex(): True}

    # 3. The reporter takes the offence to the economy: the conflicting_attestation row takes
    #    the whole deposit; the reporter gets 10% of it, the developer 40%, the rest burns.
    assert chain.call(REPORTER, "slash", {"evidence_id": offence_id}) is None
    assert deposit(chain, 1) == 0
    assert chain.balance(REPORTER) == BALANCE + PROVIDER_DEPOSIT // 10
    assert chain.supply() == genesis_supply

    # 4. One piece of evidence slashes once.
    again = chain.call(SECOND, "slash", {"evidence_id": offence_id})
    assert again == "ECON_EVIDENCE_DUPLICATE"

    # 5. The equivocator's reveal no longer counts: with the first provider alone there is no
    #    quorum of two, and at the deadline the task expires and the escrow returns.
    chain.advance_to(5)
    assert chain.call(REPORTER, "reveal", reveal_fields(task_id, FIRST)) is None
    assert chain.call(REPORTER, "reveal", reveal_fields(task_id, SECOND)) is None
    chain.advance_to(9)
    assert chain.status(task_id) == "expired"
    assert chain.balance(EXECUTOR) == BALANCE
    assert chain.supply() == genesis_supply


def test_a_task_nobody_reveals_times_out_refunds_and_proves_the_missed_reveal() -> None:
    """[AIN-EXEC-CHAIN-TIMEOUT.2] [AIN-EXEC-CHAIN-QUEUE.1] [AIN-EXEC-EVIDENCE-MISSED.1] The
    end-block step of the reveal deadline's height expires the task from its queue, refunds
    the escrow and records the missed reveal, which then slashes 5% of the deposit."""
    chain = ExecutionChain()
    genesis_supply = chain.supply()
    task_id = chain.request()
    commitment = commitment_of(task_id, FIRST)
    assert chain.call(FIRST, "commit", {"task_id": task_id, "commitment": commitment}) is None
    assert chain.read(f"/execution/timeouts/9/{task_id.hex()}") is True

    # At height 8 the task is still open; the step at the end of block 9 expires it.
    chain.advance_to(8)
    assert chain.status(task_id) == "open"
    chain.advance_to(9)
    assert chain.status(task_id) == "expired"
    assert chain.escrow(task_id) is None and chain.balance(EXECUTOR) == BALANCE
    assert chain.read("/execution/timeouts/9") is None

    offence_id = missed_reveal_id(task_id, FIRST)
    assert chain.call(REPORTER, "slash", {"evidence_id": offence_id}) is None
    assert deposit(chain, 0) == PROVIDER_DEPOSIT - PROVIDER_DEPOSIT * 500 // 10_000
    assert chain.supply() == genesis_supply


def test_the_executor_cancels_before_anyone_commits() -> None:
    """[AIN-EXEC-CANCEL.1] [AIN-EXEC-CHAIN-STEPS.2] Only the executor cancels, only before a
    commitment; the escrow comes back."""
    chain = ExecutionChain()
    task_id = chain.request()
    assert chain.call(REPORTER, "cancel", {"task_id": task_id}) == "EXEC_NOT_EXECUTOR"
    assert chain.call(EXECUTOR, "cancel", {"task_id": task_id}) is None
    assert chain.status(task_id) == "cancelled"
    assert chain.balance(EXECUTOR) == BALANCE
    assert chain.call(EXECUTOR, "cancel", {"task_id": task_id}) == "EXEC_TASK_CLOSED"


def test_a_tee_task_is_settled_by_its_enclave_document_and_another_image_is_slashed() -> None:
    """[AIN-EXEC-CHAIN-TEE.1] [AIN-EXEC-CHAIN-TEE-TERMS.1] [AIN-EXEC-CHAIN-TEE-ROOT.1]
    [AIN-EXEC-QUORUM-TEE.1] A tee_only task's reveal carries the provider's Nitro attestation
    document; the chain judges it with the job's pcr lines, the task's binding and the root
    pinned at genesis. A document of the job's image settles the task; one of another image is
    the offence tee_measurement_mismatch, which slashes half the deposit."""
    chain = ExecutionChain()  # its genesis pins the synthetic test PKI's root for nitro
    genesis_supply = chain.supply()
    seat = {FIRST.key.hex(): CONTRACT_OF[FIRST.key]}

    # 1. Two tasks of the TEE job (tee nitro, tee_only, PCR0 and PCR2): the request copies the
    #    job's profile and registers into the task's record.
    honest = chain.request(assignments=seat, quorum=1, determinism="tee_only")
    other = chain.request(assignments=seat, quorum=1, determinism="tee_only")
    tee = chain.read(f"/execution/tasks/{honest.hex()}/request/tee")
    assert isinstance(tee, dict) and tee["profile"] == "nitro"
    for task_id in (honest, other):
        commitment = commitment_of(task_id, FIRST)
        assert chain.call(FIRST, "commit", {"task_id": task_id, "commitment": commitment}) is None

    # 2. The enclave's document names the task by its nonce, the binding of chain id 0 and the
    #    task id. Only the provider itself may send a reveal with evidence, and a verdict word
    #    is no field of a reveal. Reveals open at height 5, the commit deadline.
    assert chain.height == 4
    honest_reveal = reveal_fields(honest, FIRST, job=TEE_JOB, evidence=tee_evidence(honest))
    assert chain.call(REPORTER, "reveal", honest_reveal) == "EXEC_REVEAL_NOT_PROVIDER"
    worded = {**honest_reveal, "tee_verdict": "attested"}
    assert chain.call(FIRST, "reveal", worded) == "EXEC_CALL_MALFORMED"
    assert chain.call(FIRST, "reveal", honest_reveal) is None
    assert chain.status(honest) == "settled"
    assert chain.balance(FIRST) == BALANCE + PRICE

    # 3. For the other task the enclave ran another image: its PCR2 is not the job's. The
    #    reveal is accepted as evidence against the provider and settles nothing.
    wrong = {**PCRS, 2: pcr("another image")}
    mismatch = tee_evidence(other, pcrs=wrong)
    revealed = reveal_fields(other, FIRST, job=TEE_JOB, evidence=mismatch)
    assert chain.call(FIRST, "reveal", revealed) is None
    assert chain.status(other) == "open"
    offence_id = evidence_id("tee_measurement_mismatch", other, FIRST.key)
    assert chain.call(REPORTER, "slash", {"evidence_id": offence_id}) is None
    assert deposit(chain, 0) == PROVIDER_DEPOSIT // 2
    chain.advance_to(9)
    assert chain.status(other) == "expired"
    assert chain.supply() == genesis_supply


def test_a_task_paid_from_reservations() -> None:
    """[AIN-EXEC-CHAIN-RESERVATIONS.2] [AIN-ECON-ESCROW-RESERVED.1]
    [AIN-ECON-ESCROW-RESERVED-PAY.1] [AIN-ECON-ESCROW-RESERVED-RETURN.1] [AIN-ECON-ESCROW.2]
    The executor pays a task with one prepaid request of each seat's reservation; the
    contracts fix the price; a supporter's part is a served request of its contract, split
    with the developer and counted for the reward period; the other part goes back."""
    chain = ExecutionChain(reserved_ledger())
    genesis_supply = chain.supply()

    # 1. The executor reserved ten requests on each provider's contract, at 100, 200 and 300
    #    per request. Its request names, per seat, the reservation that pays it; the price it
    #    states must be what the contracts charge: 100 + 200 + 300.
    wrong_price = chain.call(EXECUTOR, "request", reserved_request_fields(price=599))
    assert wrong_price == "EXEC_PRICE_MISMATCH"
    task_id = chain.request(reserved_request_fields(commit_deadline=6, reveal_deadline=10))

    # 2. Each reservation gave up one request into the task's escrow, which remembers which
    #    reservation paid which seat. The executor's balance did not move.
    assert chain.balance(EXECUTOR) == BALANCE
    for party, price in zip(PROVIDERS, SEAT_PRICES, strict=True):
        stored = chain.reservation(party)
        assert stored["requests"] == RESERVED_REQUESTS - 1
        assert stored["escrow"] == (RESERVED_REQUESTS - 1) * price
    escrow = chain.escrow(task_id)
    assert isinstance(escrow, dict) and escrow["amount"] == 600
    assert escrow["parts"][FIRST.key.hex()] == {"reservation_id": "r0", "amount": 100}
    assert chain.supply() == genesis_supply

    # 3. The providers commit and reveal as for any task: two agree on A, the third says B.
    outputs = ((FIRST, OUTPUT_A), (SECOND, OUTPUT_A), (THIRD, OUTPUT_B))
    for provider, output in outputs:
        commitment = commitment_of(task_id, provider, output)
        assert (
            chain.call(provider, "commit", {"task_id": task_id, "commitment": commitment}) is None
        )
    chain.advance_to(5)
    for provider, output in outputs:
        assert chain.call(REPORTER, "reveal", reveal_fields(task_id, provider, output)) is None

    # 4. Settlement: each supporter's part is one request served under its contract, split
    #    80% to the provider and 20% to the developer, and counted as the provider's work and
    #    the developer's demand. The third seat's request returns to its reservation.
    assert chain.call(REPORTER, "settle", {"task_id": task_id}) is None
    gains = [chain.balance(provider) - BALANCE for provider in PROVIDERS]
    assert gains == [80, 160, 0]
    assert chain.balance(DEVELOPER) == BALANCE + 20 + 40
    assert chain.read(f"/economy/rewards/work/{FIRST.address}") == 1
    assert chain.read(f"/economy/rewards/demand/{DEVELOPER.address}") == 2
    assert chain.reservation(THIRD)["requests"] == RESERVED_REQUESTS
    assert chain.reservation(FIRST)["requests"] == RESERVED_REQUESTS - 1
    assert chain.escrow(task_id) is None
    assert chain.supply() == genesis_supply

    # 5. A cancelled task gives every request back to its reservation.
    deadlines = {"commit_deadline": chain.height + 5, "reveal_deadline": chain.height + 9}
    task_id = chain.request(reserved_request_fields(**deadlines))
    assert chain.call(EXECUTOR, "cancel", {"task_id": task_id}) is None
    assert chain.reservation(SECOND)["requests"] == RESERVED_REQUESTS - 1
    assert chain.reservation(THIRD)["requests"] == RESERVED_REQUESTS
    assert chain.supply() == genesis_supply
