"""Fillers for consensus/verify_evidence: transferable equivocation proofs."""

from __future__ import annotations

from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.consensus.common import KEYS, digest_of, make_event

FORK_A = make_event(2, 5, [], timestamp=1)
FORK_B = make_event(2, 5, [], timestamp=2)
LOW, HIGH = sorted((FORK_A, FORK_B), key=digest_of)


@clauses("AIN-CONS-EVIDENCE.1")
def test_valid_proof(fill: Filler) -> None:
    """
    Two signed events of one author and round, digests in increasing order, prove an
    equivocation.

    Given
    -----
    - validator 2 signs two different round-5 events (only their timestamps differ).

    When
    ----
    - the proof [lower digest, higher digest] is verified.

    Then
    ----
    - it is accepted and names chain 7, epoch 0, validator 2's key, round 5.
    """
    fill(
        "consensus",
        "verify_evidence",
        {"first": LOW.hex(), "second": HIGH.hex()},
        output={"chain_id": "7", "epoch": "0", "author": KEYS[2].hex(), "round": "5"},
    )


@clauses("AIN-CONS-EVIDENCE.1")
def test_invalid_proofs(fill: Filler) -> None:
    """
    Proofs that prove nothing are refused, each with its code.

    Given
    -----
    - validator 2's two round-5 events, its round-6 event, and validator 3's round-5 event.

    When
    ----
    - proofs are verified: the two forks in decreasing digest order; one event twice; two
      rounds of one author; one round of two authors; a fork with a broken signature second.

    Then
    ----
    - CONSENSUS_EVIDENCE_NOT_ORDERED, CONSENSUS_EVIDENCE_NOT_CONFLICTING (three times), and
      CRYPTO_SIGNATURE_INVALID.
    """
    later = make_event(2, 6, [], timestamp=1)
    other_author = make_event(3, 5, [], timestamp=1)
    broken = HIGH[:-1] + bytes([HIGH[-1] ^ 1])
    cases = [
        ("reversed", HIGH, LOW, ErrorCode.CONSENSUS_EVIDENCE_NOT_ORDERED),
        ("same_event", LOW, LOW, ErrorCode.CONSENSUS_EVIDENCE_NOT_CONFLICTING),
        ("two_rounds", LOW, later, ErrorCode.CONSENSUS_EVIDENCE_NOT_CONFLICTING),
        ("two_authors", LOW, other_author, ErrorCode.CONSENSUS_EVIDENCE_NOT_CONFLICTING),
        ("broken_signature", LOW, broken, ErrorCode.CRYPTO_SIGNATURE_INVALID),
    ]
    for case, first, second, code in cases:
        fill(
            "consensus",
            "verify_evidence",
            {"first": first.hex(), "second": second.hex()},
            rejection=code,
            case=case,
            note=f"{case}: {code}",
        )


@clauses("AIN-CONS-EVIDENCE.1")
def test_proof_checks_in_order(fill: Filler) -> None:
    """
    A proof with two faults gets the code of the earlier check: first's decoding and signature,
    then second's, then conflict, then digest order.

    Given
    -----
    - validator 2's two round-5 events (LOW below HIGH by digest) and validator 3's round-5
      event, ordered so that it is above or below LOW as each case needs.

    When
    ----
    - reversed_and_two_authors: the higher digest first, two authors;
    - first_broken_and_two_authors: LOW with a broken signature, then validator 3's event;
    - first_broken_second_malformed: LOW with a broken signature, then bytes that are no event;
    - second_broken_and_reversed: HIGH, then LOW with a broken signature.

    Then
    ----
    - CONSENSUS_EVIDENCE_NOT_CONFLICTING; CRYPTO_SIGNATURE_INVALID; CRYPTO_SIGNATURE_INVALID;
      CRYPTO_SIGNATURE_INVALID.
    """
    other_author = make_event(3, 5, [], timestamp=1)
    low_other, high_other = sorted((LOW, other_author), key=digest_of)
    broken_low = LOW[:-1] + bytes([LOW[-1] ^ 1])
    cases = [
        (
            "reversed_and_two_authors",
            high_other,
            low_other,
            ErrorCode.CONSENSUS_EVIDENCE_NOT_CONFLICTING,
        ),
        (
            "first_broken_and_two_authors",
            broken_low,
            other_author,
            ErrorCode.CRYPTO_SIGNATURE_INVALID,
        ),
        ("first_broken_second_malformed", broken_low, b"\xa0", ErrorCode.CRYPTO_SIGNATURE_INVALID),
        ("second_broken_and_reversed", HIGH, broken_low, ErrorCode.CRYPTO_SIGNATURE_INVALID),
    ]
    for case, first, second, code in cases:
        fill(
            "consensus",
            "verify_evidence",
            {"first": first.hex(), "second": second.hex()},
            rejection=code,
            case=case,
            note=f"{case}: {code}",
        )
