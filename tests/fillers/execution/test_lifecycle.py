"""Fillers for the task lifecycle: step sequences at block times, through the in-memory port."""

from __future__ import annotations

from typing import Any

from ain_ref.encoding import encode
from ain_ref.errors import ErrorCode
from ain_ref.jobs.execution.evidence import evidence_id
from ain_ref.jobs.execution.lifecycle import EXPIRED
from ain_ref.jobs.execution.tolerance import output_hash
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.execution.common import (
    CHAIN_ID,
    EXECUTOR,
    INPUT_HASH,
    JOB_ID,
    OUTPUT_A,
    OUTPUT_B,
    PROVIDERS,
    RUNTIME_DIGEST,
    TASK_ID,
    commitment_of,
    receipt_for,
    salt_of,
    signed,
)

P = PROVIDERS
PRICE = 1_001
COMMIT_DEADLINE = 100
REVEAL_DEADLINE = 200


def request(
    providers: list[bytes] | None = None,
    quorum: int = 2,
    determinism: str = "exact",
    tolerance: dict[str, str] | None = None,
    time: int = 10,
    **changes: Any,
) -> dict[str, Any]:
    """A request step for the task, three providers, quorum 2, price 1,001."""
    step = {
        "step": "request",
        "time": str(time),
        "task_id": TASK_ID.hex(),
        "executor": EXECUTOR.hex(),
        "job_id": JOB_ID.hex(),
        "input_hash": INPUT_HASH.hex(),
        "runtime_digest": RUNTIME_DIGEST.hex(),
        "providers": [key.hex() for key in (providers or P[:3])],
        "quorum": str(quorum),
        "determinism": determinism,
        "tolerance": tolerance,
        "price": str(PRICE),
        "commit_deadline": str(COMMIT_DEADLINE),
        "reveal_deadline": str(REVEAL_DEADLINE),
    }
    step.update(
        {key: str(value) if isinstance(value, int) else value for key, value in changes.items()}
    )
    return step


def commit(provider: bytes, time: int, output: bytes = OUTPUT_A) -> dict[str, Any]:
    """A commit step."""
    return {
        "step": "commit",
        "time": str(time),
        "task_id": TASK_ID.hex(),
        "provider": provider.hex(),
        "commitment": commitment_of(provider, output).hex(),
    }


def reveal(
    provider: bytes,
    time: int,
    output: bytes = OUTPUT_A,
    output_bytes: bytes | None = None,
    verdict: str = "none",
    salt: bytes | None = None,
) -> dict[str, Any]:
    """A reveal step with the provider's signed receipt."""
    return {
        "step": "reveal",
        "time": str(time),
        "task_id": TASK_ID.hex(),
        "receipt": signed(receipt_for(provider, output)).hex(),
        "salt": (salt or salt_of(provider)).hex(),
        "output": None if output_bytes is None else output_bytes.hex(),
        "tee_verdict": verdict,
    }


def settle(time: int) -> dict[str, Any]:
    """A settle step."""
    return {"step": "settle", "time": str(time), "task_id": TASK_ID.hex()}


def lifecycle_input(steps: list[dict[str, Any]], balance: int = 5_000) -> dict[str, Any]:
    """A lifecycle input; the executor holds ``balance``."""
    return {
        "chain_id": str(CHAIN_ID),
        "balances": [{"account": EXECUTOR.hex(), "amount": str(balance)}],
        "steps": steps,
    }


def task(
    status: str,
    output: bytes | None = None,
    committed: list[bytes] = (),  # type: ignore[assignment]
    revealed: list[bytes] = (),  # type: ignore[assignment]
    equivocators: list[bytes] = (),  # type: ignore[assignment]
) -> dict[str, Any]:
    """The expected task record."""
    return {
        "task_id": TASK_ID.hex(),
        "status": status,
        "output_hash": None if output is None else output.hex(),
        "committed": [key.hex() for key in sorted(committed)],
        "revealed": [key.hex() for key in revealed],
        "equivocators": [key.hex() for key in sorted(equivocators)],
    }


def balances(entries: dict[bytes, int]) -> list[dict[str, str]]:
    """Expected balances, by account."""
    return [
        {"account": key.hex(), "amount": str(amount)} for key, amount in sorted(entries.items())
    ]


def escrow() -> list[dict[str, str]]:
    """The task's escrow while it is open."""
    return [{"task_id": TASK_ID.hex(), "payer": EXECUTOR.hex(), "amount": str(PRICE)}]


def offence(offence_type: str, provider: bytes) -> dict[str, str]:
    """An expected reported offence."""
    return {
        "offence_type": offence_type,
        "provider": provider.hex(),
        "task_id": TASK_ID.hex(),
        "evidence_id": evidence_id(offence_type, TASK_ID, provider).hex(),
    }


def expected(
    results: list[str],
    tasks: list[dict[str, Any]],
    balance_entries: dict[bytes, int],
    escrows: list[dict[str, str]] = (),  # type: ignore[assignment]
    offences: list[dict[str, str]] = (),  # type: ignore[assignment]
) -> dict[str, Any]:
    """An expected lifecycle output."""
    return {
        "results": results,
        "tasks": tasks,
        "balances": balances(balance_entries),
        "escrows": list(escrows),
        "offences": list(offences),
    }


@clauses(
    "AIN-EXEC-LIFECYCLE.1",
    "AIN-EXEC-REQUEST.1",
    "AIN-EXEC-COMMIT.1",
    "AIN-EXEC-REVEAL.1",
    "AIN-EXEC-SETTLE.1",
    "AIN-EXEC-PAYMENT-SPLIT.1",
    "AIN-EXEC-PAYMENT-PORT.1",
)
def test_task_settles_on_its_quorum_and_pays_the_supporters(fill: Filler) -> None:
    """
    Request, three commits, three reveals, settlement: the two that agree are paid.

    Given
    -----
    - the executor holds 5,000; a task for the three smallest providers, quorum 2, price
      1,001, commit deadline 100, reveal deadline 200.

    When
    ----
    - all three commit (the third to output B) before 100; all three reveal from 100; the
      task is settled at 199, once every committed provider has revealed; settled again at
      250.

    Then
    ----
    - the task settles on output A; the two supporters share 1,001 (501 to the smaller key,
      500 to the other); the third is paid nothing and reported for nothing; the second
      settlement finds the task closed (EXEC_TASK_CLOSED).
    """
    steps = [
        request(),
        commit(P[0], 20),
        commit(P[1], 30),
        commit(P[2], 99, OUTPUT_B),
        reveal(P[2], 100, OUTPUT_B),
        reveal(P[0], 120),
        reveal(P[1], 199),
        settle(199),
        settle(250),
    ]
    fill(
        "execution",
        "lifecycle",
        lifecycle_input(steps),
        output=expected(
            ["ok"] * 8 + [ErrorCode.EXEC_TASK_CLOSED.value],
            [task("settled", OUTPUT_A, P[:3], [P[2], P[0], P[1]])],
            {EXECUTOR: 5_000 - PRICE, P[0]: 501, P[1]: 500},
        ),
    )


@clauses("AIN-EXEC-SETTLE.1", "AIN-EXEC-EVIDENCE-MISSED.1")
def test_missed_reveal_is_reported_at_the_deadline(fill: Filler) -> None:
    """
    A committed provider that never reveals delays settlement to the deadline and is reported.

    Given
    -----
    - the task; three commits to output A; two reveals.

    When
    ----
    - settlement is tried at 199 (before the reveal deadline), then at 200.

    Then
    ----
    - EXEC_SETTLE_EARLY at 199; at 200 the task settles on A with the two revealers, and the
      third is reported missed_reveal.
    """
    steps = [
        request(),
        commit(P[0], 20),
        commit(P[1], 20),
        commit(P[2], 20),
        reveal(P[0], 150),
        reveal(P[1], 150),
        settle(199),
        settle(200),
    ]
    fill(
        "execution",
        "lifecycle",
        lifecycle_input(steps),
        output=expected(
            ["ok"] * 6 + [ErrorCode.EXEC_SETTLE_EARLY.value, "ok"],
            [task("settled", OUTPUT_A, P[:3], [P[0], P[1]])],
            {EXECUTOR: 5_000 - PRICE, P[0]: 501, P[1]: 500},
            offences=[offence("missed_reveal", P[2])],
        ),
    )


@clauses("AIN-EXEC-CONFLICT-STEP.1", "AIN-EXEC-SETTLE.1", "AIN-EXEC-EVIDENCE-CONFLICT.1")
def test_conflicting_receipts_remove_a_vote_and_the_task_expires(fill: Filler) -> None:
    """
    A provider caught signing two outputs loses its vote; without a quorum the escrow returns.

    Given
    -----
    - the task; the first two providers commit to A, the third to B.

    When
    ----
    - a conflict report shows the first provider's receipts for A and for B; all reveal;
      settlement at the reveal deadline; then a second report of the same conflict.

    Then
    ----
    - the first provider is an equivocator; A has one vote: the task expires and the executor
      is refunded; conflicting_attestation is reported once (one evidence id); the second
      report is accepted and changes nothing.
    """
    conflict = {
        "step": "conflict",
        "time": "50",
        "first": signed(receipt_for(P[0], OUTPUT_A)).hex(),
        "second": signed(receipt_for(P[0], OUTPUT_B)).hex(),
    }
    steps = [
        request(),
        commit(P[0], 20),
        commit(P[1], 20),
        commit(P[2], 20, OUTPUT_B),
        conflict,
        reveal(P[0], 150),
        reveal(P[1], 150),
        reveal(P[2], 150, OUTPUT_B),
        settle(200),
        {**conflict, "time": "210"},
    ]
    fill(
        "execution",
        "lifecycle",
        lifecycle_input(steps),
        output=expected(
            ["ok"] * 10,
            [task(EXPIRED, None, P[:3], [P[0], P[1], P[2]], [P[0]])],
            {EXECUTOR: 5_000},
            offences=[offence("conflicting_attestation", P[0])],
        ),
    )


@clauses("AIN-EXEC-COMMIT.1", "AIN-EXEC-REVEAL.1", "AIN-EXEC-LIFECYCLE.1")
def test_commit_and_reveal_windows_are_taken_exactly(fill: Filler) -> None:
    """
    Commits close at the commit deadline; reveals open there and close at the reveal deadline.

    Given
    -----
    - the task with commit deadline 100 and reveal deadline 200.

    When
    ----
    - a 31-byte commitment; commits at 99 and 100; a reveal at 99 (too early); reveals at 100
      and 199 and 200; a second commit and a second reveal by one provider; an unassigned
      provider's commit.

    Then
    ----
    - EXEC_BAD_COMMITMENT; EXEC_COMMIT_LATE at 100, EXEC_REVEAL_EARLY at 99,
      EXEC_REVEAL_LATE at 200, EXEC_ALREADY_COMMITTED, EXEC_ALREADY_REVEALED,
      EXEC_PROVIDER_INELIGIBLE; the rest pass.
    """
    steps = [
        request(),
        {**commit(P[0], 98), "commitment": bytes(31).hex()},
        commit(P[0], 98),
        commit(P[0], 98),
        commit(P[3], 98),
        commit(P[1], 99),
        reveal(P[0], 99),
        commit(P[2], 100),
        reveal(P[0], 100),
        reveal(P[0], 150),
        reveal(P[1], 199),
        reveal(P[1], 200),
    ]
    fill(
        "execution",
        "lifecycle",
        lifecycle_input(steps),
        output=expected(
            [
                "ok",
                ErrorCode.EXEC_BAD_COMMITMENT.value,
                "ok",
                ErrorCode.EXEC_ALREADY_COMMITTED.value,
                ErrorCode.EXEC_PROVIDER_INELIGIBLE.value,
                "ok",
                ErrorCode.EXEC_REVEAL_EARLY.value,
                ErrorCode.EXEC_COMMIT_LATE.value,
                "ok",
                ErrorCode.EXEC_ALREADY_REVEALED.value,
                "ok",
                ErrorCode.EXEC_REVEAL_LATE.value,
            ],
            [task("open", None, [P[0], P[1]], [P[0], P[1]])],
            {EXECUTOR: 5_000 - PRICE},
            escrows=escrow(),
        ),
    )


@clauses("AIN-EXEC-REVEAL.1", "AIN-EXEC-RECEIPT-TASK.1")
def test_reveals_are_checked_in_order(fill: Filler) -> None:
    """
    A reveal's checks run in the order of [AIN-EXEC-REVEAL.1].

    Given
    -----
    - the task; the first provider committed to A; the fourth provider is not assigned.

    When
    ----
    - reveals: for an unknown task; by the second provider (never committed); by the fourth
      (not assigned); by the first with a wrong salt; with a 31-byte salt; with output B;
      with a receipt whose signature is broken; with an unknown TEE verdict; then correctly.

    Then
    ----
    - EXEC_UNKNOWN_TASK, EXEC_NOT_COMMITTED, EXEC_PROVIDER_INELIGIBLE, EXEC_REVEAL_MISMATCH,
      EXEC_BAD_SALT, EXEC_REVEAL_MISMATCH, CRYPTO_SIGNATURE_INVALID, EXEC_BAD_VOTE, ok.
    """
    good = reveal(P[0], 150)
    receipt = bytes.fromhex(good["receipt"])
    broken = {**good, "receipt": (receipt[:-1] + bytes([receipt[-1] ^ 1])).hex()}
    steps = [
        request(),
        commit(P[0], 20),
        {**good, "task_id": bytes(32).hex()},
        reveal(P[1], 150),
        reveal(P[3], 150),
        reveal(P[0], 150, salt=bytes(32)),
        {**good, "salt": bytes(31).hex()},
        reveal(P[0], 150, OUTPUT_B),
        broken,
        reveal(P[0], 150, verdict="trusted"),
        good,
    ]
    fill(
        "execution",
        "lifecycle",
        lifecycle_input(steps),
        output=expected(
            [
                "ok",
                "ok",
                ErrorCode.EXEC_UNKNOWN_TASK.value,
                ErrorCode.EXEC_NOT_COMMITTED.value,
                ErrorCode.EXEC_PROVIDER_INELIGIBLE.value,
                ErrorCode.EXEC_REVEAL_MISMATCH.value,
                ErrorCode.EXEC_BAD_SALT.value,
                ErrorCode.EXEC_REVEAL_MISMATCH.value,
                ErrorCode.CRYPTO_SIGNATURE_INVALID.value,
                ErrorCode.EXEC_BAD_VOTE.value,
                "ok",
            ],
            [task("open", None, [P[0]], [P[0]])],
            {EXECUTOR: 5_000 - PRICE},
            escrows=escrow(),
        ),
    )


@clauses("AIN-EXEC-REQUEST.1", "AIN-EXEC-PAYMENT-PORT.1", "AIN-EXEC-QUORUM-THRESHOLD.1")
def test_requests_are_checked_in_order(fill: Filler) -> None:
    """
    A request needs a new id, sound terms, ordered deadlines, then the escrow.

    Given
    -----
    - the executor holds exactly 1,001 (the price), then 1,000.

    When
    ----
    - requests with a 31-byte job id; with prices 2**64 and -1; with quorum 1 of 3; with the
      commit deadline at the block time; with the reveal deadline at the commit deadline;
      with a reveal deadline of 2**64; a sound one; the same id again; the same id with a
      33-byte executor.

    Then
    ----
    - EXEC_BAD_REQUEST (three times), EXEC_QUORUM_BAD_THRESHOLD, EXEC_BAD_DEADLINES (three
      times), ok, EXEC_TASK_EXISTS, EXEC_BAD_REQUEST (the fields come first);
      with 1,000 the sound request is EXEC_PAYMENT_REFUSED and nothing changes.
    """
    steps = [
        request(job_id=bytes(31).hex()),
        request(price=2**64),
        request(price=-1),
        request(quorum=1),
        request(commit_deadline=10),
        request(reveal_deadline=COMMIT_DEADLINE),
        request(reveal_deadline=2**64),
        request(),
        request(),
        request(executor=bytes(33).hex()),
    ]
    fill(
        "execution",
        "lifecycle",
        lifecycle_input(steps, balance=PRICE),
        output=expected(
            [
                ErrorCode.EXEC_BAD_REQUEST.value,
                ErrorCode.EXEC_BAD_REQUEST.value,
                ErrorCode.EXEC_BAD_REQUEST.value,
                ErrorCode.EXEC_QUORUM_BAD_THRESHOLD.value,
                ErrorCode.EXEC_BAD_DEADLINES.value,
                ErrorCode.EXEC_BAD_DEADLINES.value,
                ErrorCode.EXEC_BAD_DEADLINES.value,
                "ok",
                ErrorCode.EXEC_TASK_EXISTS.value,
                ErrorCode.EXEC_BAD_REQUEST.value,
            ],
            [task("open")],
            {EXECUTOR: 0},
            escrows=escrow(),
        ),
        case="price_covered",
    )
    fill(
        "execution",
        "lifecycle",
        lifecycle_input([request(reveal_deadline=2**64 - 1)]),
        output=expected(["ok"], [task("open")], {EXECUTOR: 5_000 - PRICE}, escrows=escrow()),
        case="latest_reveal_deadline",
        note="The reveal deadline 2**64 - 1 is the latest accepted.",
    )
    fill(
        "execution",
        "lifecycle",
        lifecycle_input([request()], balance=PRICE - 1),
        output=expected([ErrorCode.EXEC_PAYMENT_REFUSED.value], [], {EXECUTOR: PRICE - 1}),
        case="price_not_covered",
    )


@clauses("AIN-EXEC-CANCEL.1", "AIN-EXEC-LIFECYCLE.1")
def test_cancel_before_any_commitment_refunds(fill: Filler) -> None:
    """
    Only the executor cancels, only before a commitment; a cancelled task takes no more steps.

    Given
    -----
    - the task, requested twice under two ids: the second gets a commitment.

    When
    ----
    - a provider tries to cancel the first; the executor cancels it; a provider commits to
      it; the executor tries to cancel the second after its commitment; settlement of the
      first.

    Then
    ----
    - EXEC_NOT_EXECUTOR, ok (refund), EXEC_TASK_CLOSED, EXEC_CANCEL_TOO_LATE,
      EXEC_TASK_CLOSED.
    """
    second_id = bytes([0x22]) * 32

    def cancel(caller: bytes, time: int, task_id: bytes = TASK_ID) -> dict[str, Any]:
        return {
            "step": "cancel",
            "time": str(time),
            "task_id": task_id.hex(),
            "caller": caller.hex(),
        }

    second_commit = {**commit(P[0], 30), "task_id": second_id.hex()}
    steps = [
        request(),
        request(task_id=second_id.hex()),
        second_commit,
        cancel(P[0], 40),
        cancel(EXECUTOR, 40),
        commit(P[0], 50),
        cancel(EXECUTOR, 50, second_id),
        settle(300),
    ]
    second = {**task("open", None, [P[0]]), "task_id": second_id.hex()}
    fill(
        "execution",
        "lifecycle",
        lifecycle_input(steps),
        output=expected(
            [
                "ok",
                "ok",
                "ok",
                ErrorCode.EXEC_NOT_EXECUTOR.value,
                "ok",
                ErrorCode.EXEC_TASK_CLOSED.value,
                ErrorCode.EXEC_CANCEL_TOO_LATE.value,
                ErrorCode.EXEC_TASK_CLOSED.value,
            ],
            sorted([task("cancelled"), second], key=lambda record: record["task_id"]),
            {EXECUTOR: 5_000 - PRICE},
            escrows=[{"task_id": second_id.hex(), "payer": EXECUTOR.hex(), "amount": str(PRICE)}],
        ),
    )


@clauses("AIN-EXEC-SETTLE.1", "AIN-EXEC-PAYMENT-PORT.1")
def test_task_without_commitments_expires_at_the_deadline(fill: Filler) -> None:
    """
    No provider commits: settlement waits for the reveal deadline, then refunds.

    Given
    -----
    - the task; no commitments.

    When
    ----
    - settlement at 150, then at 200; then a commit and another settlement.

    Then
    ----
    - EXEC_SETTLE_EARLY at 150; at 200 the task expires and the executor has 5,000 again;
      later steps find it closed.
    """
    steps = [request(), settle(150), settle(200), commit(P[0], 201), settle(201)]
    fill(
        "execution",
        "lifecycle",
        lifecycle_input(steps),
        output=expected(
            [
                "ok",
                ErrorCode.EXEC_SETTLE_EARLY.value,
                "ok",
                ErrorCode.EXEC_TASK_CLOSED.value,
                ErrorCode.EXEC_TASK_CLOSED.value,
            ],
            [task(EXPIRED)],
            {EXECUTOR: 5_000},
        ),
    )


@clauses("AIN-EXEC-QUORUM-TEE.1", "AIN-EXEC-EVIDENCE-TEE.1", "AIN-EXEC-SETTLE.1")
def test_tee_only_task_settles_on_its_attested_run(fill: Filler) -> None:
    """
    A tee_only task settles at the reveal the TEE profile attests; a mismatch is reported.

    Given
    -----
    - a tee_only task for the smallest provider alone (n = 1, k = 1); a second such task
      (another id) whose run's measurements are not the job's.

    When
    ----
    - the provider commits to and reveals each; the first with the verdict attested, the
      second with measurement_mismatch; the second is settled at the deadline.

    Then
    ----
    - the first settles at its reveal and pays the provider 1,001; the second is reported
      tee_measurement_mismatch, expires and refunds.
    """
    second_id = bytes([0x33]) * 32
    second_receipt = signed(receipt_for(P[0], OUTPUT_A, task_id=second_id))
    steps = [
        request([P[0]], 1, "tee_only"),
        request([P[0]], 1, "tee_only", task_id=second_id.hex()),
        commit(P[0], 20),
        {
            **commit(P[0], 20),
            "task_id": second_id.hex(),
            "commitment": commitment_of(P[0], OUTPUT_A, second_id).hex(),
        },
        reveal(P[0], 150, verdict="attested"),
        {
            **reveal(P[0], 150, verdict="measurement_mismatch"),
            "task_id": second_id.hex(),
            "receipt": second_receipt.hex(),
        },
        {**settle(200), "task_id": second_id.hex()},
    ]
    first = task("settled", OUTPUT_A, [P[0]], [P[0]])
    second = {**task(EXPIRED, None, [P[0]], [P[0]]), "task_id": second_id.hex()}
    mismatch = {
        "offence_type": "tee_measurement_mismatch",
        "provider": P[0].hex(),
        "task_id": second_id.hex(),
        "evidence_id": evidence_id("tee_measurement_mismatch", second_id, P[0]).hex(),
    }
    fill(
        "execution",
        "lifecycle",
        lifecycle_input(steps, balance=2 * PRICE),
        output=expected(
            ["ok"] * 7,
            sorted([first, second], key=lambda record: record["task_id"]),
            {EXECUTOR: PRICE, P[0]: PRICE},
            offences=[mismatch],
        ),
    )


@clauses("AIN-EXEC-QUORUM-TOLERANCE.1", "AIN-EXEC-TOLERANCE-OUTPUT.1", "AIN-EXEC-SETTLE.1")
def test_tolerance_task_settles_on_the_anchor(fill: Filler) -> None:
    """
    Tolerance outputs are revealed with their bytes; the anchor settles with its agreeing set.

    Given
    -----
    - a tolerance task (10%, max_relative_error_ppm), three providers, quorum 2; outputs
      [100], [109] and [300].

    When
    ----
    - all commit and reveal (one reveal first without its output, refused); settled at 150.

    Then
    ----
    - EXEC_OUTPUT_MISMATCH for the reveal without output; the anchor [100] (or [109]: both
      have two agreeing, the smaller hash wins) settles with the first two providers.
    """
    tolerance = {"metric": "max_relative_error_ppm", "bound": "100000"}
    outputs = {P[0]: [100], P[1]: [109], P[2]: [300]}
    encoded = {key: encode(items) for key, items in outputs.items()}  # type: ignore[arg-type]
    hashes = {key: output_hash(data) for key, data in encoded.items()}
    steps = [request(tolerance=tolerance, determinism="tolerance")]
    steps += [commit(key, 20, hashes[key]) for key in P[:3]]
    steps.append(reveal(P[0], 120, hashes[P[0]]))
    steps += [reveal(key, 130, hashes[key], encoded[key]) for key in P[:3]]
    steps.append(settle(150))
    winner = min(hashes[P[0]], hashes[P[1]])
    fill(
        "execution",
        "lifecycle",
        lifecycle_input(steps),
        output=expected(
            ["ok"] * 4 + [ErrorCode.EXEC_OUTPUT_MISMATCH.value] + ["ok"] * 4,
            [task("settled", winner, P[:3], P[:3])],
            {EXECUTOR: 5_000 - PRICE, P[0]: 501, P[1]: 500},
        ),
    )


@clauses("AIN-EXEC-SETTLE.1", "AIN-EXEC-CONFLICT-STEP.1", "AIN-EXEC-QUORUM-TEE.1")
def test_tee_only_equivocator_does_not_settle_its_task(fill: Filler) -> None:
    """
    An attested run by a known equivocator gives no quorum: the task stays open, then expires.

    Given
    -----
    - a tee_only task for the smallest provider alone; its receipts for outputs A and B are
      reported as a conflict at 50.

    When
    ----
    - it commits to A, reveals A at 150 with the verdict attested; settlement at 199 (every
      committed provider revealed), and again at 200.

    Then
    ----
    - the reveal is accepted and the task stays open; at 199 it expires and refunds; at 200
      it is closed; the provider is reported conflicting_attestation.
    """
    conflict = {
        "step": "conflict",
        "time": "50",
        "first": signed(receipt_for(P[0], OUTPUT_A)).hex(),
        "second": signed(receipt_for(P[0], OUTPUT_B)).hex(),
    }
    steps = [
        request([P[0]], 1, "tee_only"),
        commit(P[0], 20),
        conflict,
        reveal(P[0], 150, verdict="attested"),
        settle(199),
        settle(200),
    ]
    fill(
        "execution",
        "lifecycle",
        lifecycle_input(steps),
        output=expected(
            ["ok"] * 5 + [ErrorCode.EXEC_TASK_CLOSED.value],
            [task(EXPIRED, None, [P[0]], [P[0]], [P[0]])],
            {EXECUTOR: 5_000},
            offences=[offence("conflicting_attestation", P[0])],
        ),
    )
