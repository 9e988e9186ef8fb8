"""Fillers for the lifecycle's edges: zero amounts, conflict reports, reveals in every class."""

from __future__ import annotations

from typing import Any

from ain_ref.errors import ErrorCode
from ain_ref.jobs.execution.lifecycle import EXPIRED
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.execution.common import (
    CHAIN_ID,
    EXECUTOR,
    OUTPUT_A,
    OUTPUT_B,
    PROVIDERS,
    receipt_for,
    signed,
)
from tests.fillers.execution.test_lifecycle import (
    PRICE,
    commit,
    escrow,
    expected,
    lifecycle_input,
    offence,
    request,
    reveal,
    settle,
    task,
)

P = PROVIDERS
OTHER_TASK = bytes([0x77]) * 32


def conflict(time: int, provider: bytes = P[0], **changes: Any) -> dict[str, Any]:
    """A conflict step: the provider's receipts for A and B, with receipt fields changed."""
    return {
        "step": "conflict",
        "time": str(time),
        "first": signed(receipt_for(provider, OUTPUT_A, **changes)).hex(),
        "second": signed(receipt_for(provider, OUTPUT_B, **changes)).hex(),
    }


@clauses("AIN-EXEC-PAYMENT-PORT.1", "AIN-EXEC-PAYMENT-SPLIT.1", "AIN-EXEC-REQUEST.1")
def test_zero_amounts_are_listed(fill: Filler) -> None:
    """
    Balances and escrows of zero are listed like any other.

    Given
    -----
    - no opening balances, a request with price 0; an executor holding exactly the price
      1,001; no opening balances, price 0, and the first two providers commit and reveal A.

    When
    ----
    - the steps run (the last task is settled at 150, once every committed provider revealed).

    Then
    ----
    - the executor is listed with 0 and the escrow of 0 is listed; the executor drained to
      0 is listed with 0; the supporters paid shares of 0 are listed with 0 and the escrow is
      gone.
    """
    fill(
        "execution",
        "lifecycle",
        {"chain_id": str(CHAIN_ID), "balances": [], "steps": [request(price=0)]},
        output=expected(
            ["ok"],
            [task("open")],
            {EXECUTOR: 0},
            escrows=[{**escrow()[0], "amount": "0"}],
        ),
        case="zero_price_escrow",
    )
    fill(
        "execution",
        "lifecycle",
        lifecycle_input([request()], balance=PRICE),
        output=expected(["ok"], [task("open")], {EXECUTOR: 0}, escrows=escrow()),
        case="executor_drained",
    )
    steps = [
        request(price=0),
        commit(P[0], 20),
        commit(P[1], 20),
        reveal(P[0], 120),
        reveal(P[1], 120),
        settle(150),
    ]
    fill(
        "execution",
        "lifecycle",
        {"chain_id": str(CHAIN_ID), "balances": [], "steps": steps},
        output=expected(
            ["ok"] * 6,
            [task("settled", OUTPUT_A, P[:2], P[:2])],
            {EXECUTOR: 0, P[0]: 0, P[1]: 0},
        ),
        case="zero_shares_paid",
    )


@clauses("AIN-EXEC-CONFLICT-STEP.1", "AIN-EXEC-EVIDENCE-CONFLICT.1", "AIN-EXEC-LIFECYCLE.1")
def test_conflict_reports_by_task_status(fill: Filler) -> None:
    """
    A conflict report adds any provider to an open task; a closed task keeps its record.

    Given
    -----
    - the task for the three smallest providers (quorum 2).

    When
    ----
    - the fourth provider, not assigned, is reported at 50; in another run, the task is
      cancelled at 30 and the first provider reported at 50; in another, the first provider
      is reported with receipts for another task id, which was never requested.

    Then
    ----
    - the unassigned provider becomes an equivocator of the open task and its offence is
      reported; the cancelled task's record and refund stay, the offence is reported; the
      report for an unknown task is EXEC_UNKNOWN_TASK and reports nothing.
    """
    fill(
        "execution",
        "lifecycle",
        lifecycle_input([request(), conflict(50, P[3])]),
        output=expected(
            ["ok", "ok"],
            [task("open", equivocators=[P[3]])],
            {EXECUTOR: 5_000 - PRICE},
            escrows=escrow(),
            offences=[offence("conflicting_attestation", P[3])],
        ),
        case="unassigned_provider",
    )
    cancel = {"step": "cancel", "time": "30", "task_id": request()["task_id"]}
    fill(
        "execution",
        "lifecycle",
        lifecycle_input([request(), {**cancel, "caller": EXECUTOR.hex()}, conflict(50)]),
        output=expected(
            ["ok", "ok", "ok"],
            [task("cancelled")],
            {EXECUTOR: 5_000},
            offences=[offence("conflicting_attestation", P[0])],
        ),
        case="closed_task",
    )
    fill(
        "execution",
        "lifecycle",
        lifecycle_input([request(), conflict(50, task_id=OTHER_TASK)]),
        output=expected(
            ["ok", ErrorCode.EXEC_UNKNOWN_TASK.value],
            [task("open")],
            {EXECUTOR: 5_000 - PRICE},
            escrows=escrow(),
        ),
        case="unknown_task",
    )


@clauses("AIN-EXEC-REVEAL.1")
def test_reveal_verdict_and_output_in_every_class(fill: Filler) -> None:
    """
    The verdict is checked in every class; an output outside the tolerance class is ignored.

    Given
    -----
    - the exact task; the first provider committed to A.

    When
    ----
    - it reveals with the output bytes 00 and the verdict "trusted"; then with the output
      bytes 00 and the verdict attested.

    Then
    ----
    - EXEC_BAD_VOTE, although an exact task records its verdict as none; then ok: the output
      and the verdict are ignored.
    """
    steps = [
        request(),
        commit(P[0], 20),
        reveal(P[0], 150, output_bytes=b"\x00", verdict="trusted"),
        reveal(P[0], 150, output_bytes=b"\x00", verdict="attested"),
    ]
    fill(
        "execution",
        "lifecycle",
        lifecycle_input(steps),
        output=expected(
            ["ok", "ok", ErrorCode.EXEC_BAD_VOTE.value, "ok"],
            [task("open", None, [P[0]], [P[0]])],
            {EXECUTOR: 5_000 - PRICE},
            escrows=escrow(),
        ),
    )


@clauses("AIN-EXEC-REVEAL.1", "AIN-EXEC-SETTLE.1", "AIN-EXEC-CONFLICT-STEP.1")
def test_known_equivocator_is_checked_like_any_other(fill: Filler) -> None:
    """
    A known equivocator may reveal, and is then no missed reveal; one that does not is both.

    Given
    -----
    - the task; the first two providers commit to A; the first is reported as a conflict at 50.

    When
    ----
    - both reveal and the task settles at 200; in another run only the second reveals and the
      task settles at 200.

    Then
    ----
    - the equivocator's reveal is ok and listed in revealed; its vote is dropped, so A has one
      vote and the task expires, with conflicting_attestation reported alone; without its
      reveal it is reported for conflicting_attestation and then missed_reveal.
    """
    start = [request(), commit(P[0], 20), commit(P[1], 20), conflict(50)]
    runs = {
        "reveals": (
            [reveal(P[0], 150), reveal(P[1], 150)],
            [P[0], P[1]],
            [offence("conflicting_attestation", P[0])],
        ),
        "does_not_reveal": (
            [reveal(P[1], 150)],
            [P[1]],
            [offence("conflicting_attestation", P[0]), offence("missed_reveal", P[0])],
        ),
    }
    for case, (reveals, revealed, offences) in runs.items():
        steps = start + reveals + [settle(200)]
        fill(
            "execution",
            "lifecycle",
            lifecycle_input(steps),
            output=expected(
                ["ok"] * len(steps),
                [task(EXPIRED, None, P[:2], revealed, [P[0]])],
                {EXECUTOR: 5_000},
                offences=offences,
            ),
            case=case,
        )


@clauses("AIN-EXEC-SETTLE.1", "AIN-EXEC-REQUEST.1")
def test_early_settle_without_quorum_expires(fill: Filler) -> None:
    """
    Once every committed provider revealed, an early settle decides, and may expire the task.

    Given
    -----
    - the task (quorum 2 of 3; its executor key eeee... is never checked as an Ed25519 key);
      the first provider commits to A and the second to B, both reveal.

    When
    ----
    - the task is settled at 150, before the reveal deadline 200.

    Then
    ----
    - no output has two votes: the task expires at once and the executor is refunded; no
      missed_reveal is reported.
    """
    steps = [
        request(),
        commit(P[0], 20),
        commit(P[1], 20, OUTPUT_B),
        reveal(P[0], 120),
        reveal(P[1], 120, OUTPUT_B),
        settle(150),
    ]
    fill(
        "execution",
        "lifecycle",
        lifecycle_input(steps),
        output=expected(["ok"] * 6, [task(EXPIRED, None, P[:2], P[:2])], {EXECUTOR: 5_000}),
    )
