"""Fillers for evidence: conflicting receipts, missed reveals, TEE measurement mismatches."""

from __future__ import annotations

from typing import Any

from ain_ref.errors import ErrorCode
from ain_ref.jobs.execution.evidence import evidence_id
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.execution.common import (
    CHAIN_ID,
    OUTPUT_A,
    OUTPUT_B,
    PROVIDERS,
    TASK_ID,
    receipt_for,
    signed,
)

PROVIDER = PROVIDERS[0]


def offence(offence_type: str, provider: bytes = PROVIDER) -> dict[str, str]:
    """The expected offence output."""
    return {
        "offence_type": offence_type,
        "provider": provider.hex(),
        "task_id": TASK_ID.hex(),
        "evidence_id": evidence_id(offence_type, TASK_ID, provider).hex(),
    }


def conflict_input(first: bytes, second: bytes) -> dict[str, Any]:
    """A conflicting_receipts input."""
    return {
        "kind": "conflicting_receipts",
        "chain_id": str(CHAIN_ID),
        "first": first.hex(),
        "second": second.hex(),
    }


@clauses("AIN-EXEC-EVIDENCE-CONFLICT.1", "AIN-EXEC-EVIDENCE-ID.1")
def test_conflicting_receipts_prove_an_offence(fill: Filler) -> None:
    """
    Two receipts by one provider for one task with different outputs prove the offence.

    Given
    -----
    - the smallest provider's receipts for output A and for output B.

    When
    ----
    - they are given as evidence, in both orders.

    Then
    ----
    - conflicting_attestation, with the same evidence id both times.
    """
    first, second = signed(receipt_for(PROVIDER, OUTPUT_A)), signed(receipt_for(PROVIDER, OUTPUT_B))
    for case, pair in (("a_then_b", (first, second)), ("b_then_a", (second, first))):
        fill(
            "execution",
            "evidence",
            conflict_input(*pair),
            output=offence("conflicting_attestation"),
            case=case,
        )


@clauses("AIN-EXEC-EVIDENCE-CONFLICT.1")
def test_receipts_that_do_not_conflict_are_refused(fill: Filler) -> None:
    """
    Same output, two providers, two tasks: no conflict; a bad receipt fails first.

    Given
    -----
    - two receipts for output A with different resources; receipts by two providers; by one
      provider for two tasks; a pair whose first (then second) receipt has a bad signature
      and whose outputs are equal.

    When
    ----
    - each pair is given as evidence.

    Then
    ----
    - EXEC_EVIDENCE_NOT_CONFLICTING for the first three; CRYPTO_SIGNATURE_INVALID when a
      receipt fails, before the comparison.
    """
    a = signed(receipt_for(PROVIDER, OUTPUT_A))
    broken = a[:-1] + bytes([a[-1] ^ 1])
    cases = {
        "same_output": (
            a,
            signed(receipt_for(PROVIDER, OUTPUT_A, end_ms=6_000)),
            ErrorCode.EXEC_EVIDENCE_NOT_CONFLICTING,
        ),
        "two_providers": (
            a,
            signed(receipt_for(PROVIDERS[1], OUTPUT_B)),
            ErrorCode.EXEC_EVIDENCE_NOT_CONFLICTING,
        ),
        "two_tasks": (
            a,
            signed(receipt_for(PROVIDER, OUTPUT_B, task_id=bytes(32))),
            ErrorCode.EXEC_EVIDENCE_NOT_CONFLICTING,
        ),
        "first_broken": (broken, a, ErrorCode.CRYPTO_SIGNATURE_INVALID),
        "second_broken": (a, broken, ErrorCode.CRYPTO_SIGNATURE_INVALID),
    }
    for case, (first, second, code) in cases.items():
        fill("execution", "evidence", conflict_input(first, second), rejection=code, case=case)


def missed_input(committed: bool, revealed: bool, block_time: int) -> dict[str, Any]:
    """A missed_reveal input with the reveal deadline 2,000."""
    return {
        "kind": "missed_reveal",
        "task_id": TASK_ID.hex(),
        "provider": PROVIDER.hex(),
        "committed": committed,
        "revealed": revealed,
        "reveal_deadline": "2000",
        "block_time": str(block_time),
    }


@clauses("AIN-EXEC-EVIDENCE-MISSED.1", "AIN-EXEC-EVIDENCE-ID.1")
def test_missed_reveal_is_judged_by_block_time(fill: Filler) -> None:
    """
    A committed provider with no reveal included by the deadline has missed it.

    Given
    -----
    - reveal deadline 2,000; a provider that committed and did not reveal.

    When
    ----
    - evidence is given at block time 2,000 and 1,999; for a provider that revealed; for one
      that never committed.

    Then
    ----
    - missed_reveal at 2,000; EXEC_EVIDENCE_NOT_MISSED at 1,999 and in the other two cases.
    """
    fill(
        "execution",
        "evidence",
        missed_input(True, False, 2_000),
        output=offence("missed_reveal"),
        case="at_deadline",
    )
    for case, arguments in {
        "before_deadline": (True, False, 1_999),
        "revealed": (True, True, 2_000),
        "never_committed": (False, False, 2_000),
    }.items():
        fill(
            "execution",
            "evidence",
            missed_input(*arguments),
            rejection=ErrorCode.EXEC_EVIDENCE_NOT_MISSED,
            case=case,
        )


@clauses("AIN-EXEC-EVIDENCE-TEE.1", "AIN-EXEC-EVIDENCE-ID.1")
def test_tee_measurement_mismatch_is_evidence(fill: Filler) -> None:
    """
    A verified receipt whose TEE verdict is a measurement mismatch proves the offence.

    Given
    -----
    - the smallest provider's receipt, with the verdicts measurement_mismatch, attested and
      unverified; a receipt with a bad signature and the verdict measurement_mismatch.

    When
    ----
    - each is given as evidence.

    Then
    ----
    - tee_measurement_mismatch; EXEC_EVIDENCE_NOT_MISMATCH for the other verdicts;
      CRYPTO_SIGNATURE_INVALID for the bad receipt.
    """
    receipt = signed(receipt_for(PROVIDER))

    def tee_input(data: bytes, verdict: str) -> dict[str, Any]:
        return {
            "kind": "tee_measurement_mismatch",
            "chain_id": str(CHAIN_ID),
            "receipt": data.hex(),
            "tee_verdict": verdict,
        }

    fill(
        "execution",
        "evidence",
        tee_input(receipt, "measurement_mismatch"),
        output=offence("tee_measurement_mismatch"),
        case="mismatch",
    )
    for verdict in ("attested", "unverified"):
        fill(
            "execution",
            "evidence",
            tee_input(receipt, verdict),
            rejection=ErrorCode.EXEC_EVIDENCE_NOT_MISMATCH,
            case=verdict,
        )
    fill(
        "execution",
        "evidence",
        tee_input(receipt[:-1] + bytes([receipt[-1] ^ 1]), "measurement_mismatch"),
        rejection=ErrorCode.CRYPTO_SIGNATURE_INVALID,
        case="bad_receipt",
    )


@clauses("AIN-EXEC-HANDLER-INPUT.1", "AIN-EXEC-EVIDENCE-ID.1")
def test_missed_reveal_ids_are_32_bytes(fill: Filler) -> None:
    """
    A missed reveal names a task and a provider by their 32-byte ids; other lengths prove nothing.

    Given
    -----
    - a provider that committed and did not reveal, at the reveal deadline, named with a
      31- or 33-byte task id, or a 31- or 33-byte provider.

    When
    ----
    - the evidence is given.

    Then
    ----
    - EXEC_EVIDENCE_NOT_MISSED, though the same evidence with 32-byte ids is a missed reveal
      (vector missed_reveal_is_judged_by_block_time_at_deadline).
    """
    for size in (31, 33):
        for name in ("task_id", "provider"):
            fill(
                "execution",
                "evidence",
                {**missed_input(True, False, 2_000), name: bytes(size).hex()},
                rejection=ErrorCode.EXEC_EVIDENCE_NOT_MISSED,
                case=f"{name}_{size}_bytes",
            )


@clauses("AIN-EXEC-EVIDENCE-TEE.1", "AIN-EXEC-HANDLER-INPUT.1")
def test_tee_mismatch_verdict_is_any_text(fill: Filler) -> None:
    """
    Any verdict but measurement_mismatch proves nothing; the receipt is checked first.

    Given
    -----
    - the smallest provider's receipt with the verdicts "none" and "bogus"; the same receipt
      with its last signature byte flipped and the verdict "bogus".

    When
    ----
    - each is given as tee_measurement_mismatch evidence.

    Then
    ----
    - EXEC_EVIDENCE_NOT_MISMATCH for both verdicts, unknown words included (never a harness
      error); CRYPTO_SIGNATURE_INVALID for the tampered receipt, before the verdict.
    """
    receipt = signed(receipt_for(PROVIDER))

    def tee_input(data: bytes, verdict: str) -> dict[str, Any]:
        return {
            "kind": "tee_measurement_mismatch",
            "chain_id": str(CHAIN_ID),
            "receipt": data.hex(),
            "tee_verdict": verdict,
        }

    for verdict in ("none", "bogus"):
        fill(
            "execution",
            "evidence",
            tee_input(receipt, verdict),
            rejection=ErrorCode.EXEC_EVIDENCE_NOT_MISMATCH,
            case=verdict,
        )
    fill(
        "execution",
        "evidence",
        tee_input(receipt[:-1] + bytes([receipt[-1] ^ 1]), "bogus"),
        rejection=ErrorCode.CRYPTO_SIGNATURE_INVALID,
        case="receipt_before_verdict",
    )
