"""Fillers for consensus/accept_event: the event format's count limits and shapes, both sides."""

from __future__ import annotations

from ain_ref.encoding import encode
from ain_ref.errors import ErrorCode
from ain_ref.events import (
    MAX_EVENT_TRANSACTIONS,
    MAX_EVIDENCE,
    MAX_PARENTS,
    EquivocationProof,
    EventRef,
    event_body,
    sign_event,
)
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.consensus.common import CHAIN_ID, KEYS, SEED_OF, make_event
from tests.fillers.consensus.test_accept_event import accept_input, accepted


def same_round_refs(count: int) -> tuple[EventRef, ...]:
    """``count`` distinct references of round 1 (not below a round-1 event), own first."""
    return tuple(
        EventRef(1, KEYS[number % 4], number.to_bytes(32, "big")) for number in range(count)
    )


@clauses("AIN-CONS-EVENT-FORMAT.1", "AIN-CONS-PARAMETERS.2")
def test_count_limits(fill: Filler) -> None:
    """
    Parents, transactions and proofs are taken to their limits exactly.

    Given
    -----
    - an empty DAG.

    When
    ----
    - a round-0 event of validator 0 carries MAX_EVENT_TRANSACTIONS (4096) empty transactions,
      then one more; MAX_EVIDENCE (8) proofs of two empty strings (shape only), then one more;
      a round-1 event names MAX_PARENTS (1024) references of round 1, then one more.

    Then
    ----
    - 4096 transactions: ACCEPTED; 4097: CONSENSUS_EVENT_MALFORMED; 8 proofs: ACCEPTED; 9:
      CONSENSUS_EVENT_MALFORMED; 1024 parents: CONSENSUS_PARENT_ROUND_NOT_BELOW (the format
      passed); 1025: CONSENSUS_EVENT_MALFORMED.
    """
    empty_proof = EquivocationProof(b"", b"")
    for extra, case in ((0, "at"), (1, "over")):
        transactions = make_event(0, 0, [], transactions=(b"",) * (MAX_EVENT_TRANSACTIONS + extra))
        evidence = make_event(0, 0, [], evidence=(empty_proof,) * (MAX_EVIDENCE + extra))
        parents = make_event(0, 1, [], refs=same_round_refs(MAX_PARENTS + extra))
        for name, event, code in (
            ("transactions", transactions, None),
            ("evidence", evidence, None),
            ("parents", parents, ErrorCode.CONSENSUS_PARENT_ROUND_NOT_BELOW),
        ):
            if extra:
                code = ErrorCode.CONSENSUS_EVENT_MALFORMED
            if code is None:
                fill(
                    "consensus",
                    "accept_event",
                    accept_input(event),
                    output=accepted(event),
                    case=f"{name}_{case}",
                    note=f"{name}, {case} the limit",
                )
            else:
                fill(
                    "consensus",
                    "accept_event",
                    accept_input(event),
                    rejection=code,
                    case=f"{name}_{case}",
                    note=f"{name}, {case} the limit",
                )


@clauses("AIN-CONS-EVENT-FORMAT.1")
def test_shapes_outside_the_format(fill: Filler) -> None:
    """
    An extra body key, a negative integer and a 63-byte signature are malformed.

    Given
    -----
    - an empty DAG.

    When
    ----
    - validator 0's round-0 event, signed, with an extra body key `extra`; with round -1;
      unsigned, with a 63-byte signature.

    Then
    ----
    - CONSENSUS_EVENT_MALFORMED each time.
    """
    body = event_body(chain_id=CHAIN_ID, epoch=0, round=0, author=KEYS[0], parents=(), timestamp=0)
    cases = [
        ("extra_key", sign_event(SEED_OF[0], {**body, "extra": 0})),
        ("negative_round", sign_event(SEED_OF[0], {**body, "round": -1})),
        ("short_signature", encode({"body": body, "signature": bytes(63)})),
    ]
    for case, data in cases:
        fill(
            "consensus",
            "accept_event",
            accept_input(data),
            rejection=ErrorCode.CONSENSUS_EVENT_MALFORMED,
            case=case,
            note=f"{case}: CONSENSUS_EVENT_MALFORMED",
        )


@clauses("AIN-CONS-COMMITTEE.1")
def test_total_stake_limit(fill: Filler) -> None:
    """
    The committee's total stake is at most 2**64 - 1, taken exactly.

    Given
    -----
    - at: stakes 2**64 - 4, 1, 1, 1 (total 2**64 - 1); over: stakes 2**64 - 3, 1, 1, 1.

    When
    ----
    - validator 1's round-0 event is accepted.

    Then
    ----
    - at: ACCEPTED; over: CONSENSUS_COMMITTEE_INVALID.
    """
    event = make_event(1, 0, [])
    fill(
        "consensus",
        "accept_event",
        accept_input(event, stakes=(2**64 - 4, 1, 1, 1)),
        output=accepted(event),
        case="at",
        note="at: total 2**64 - 1, ACCEPTED",
    )
    fill(
        "consensus",
        "accept_event",
        accept_input(event, stakes=(2**64 - 3, 1, 1, 1)),
        rejection=ErrorCode.CONSENSUS_COMMITTEE_INVALID,
        case="over",
        note="over: total 2**64, CONSENSUS_COMMITTEE_INVALID",
    )
