"""Fillers for consensus/accept_event: every check of an event's acceptance, in order."""

from __future__ import annotations

from typing import Any

from ain_ref.encoding import encode
from ain_ref.errors import ErrorCode
from ain_ref.events import EventRef
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.consensus.common import (
    CHAIN_ID,
    KEYS,
    context,
    digest_of,
    full_rounds,
    make_event,
    ref_of,
)

ROUND_ZERO = full_rounds(range(1))[0]
"""The four round-0 events, by author index."""
OUTSIDER_SEED = bytes([99]) * 32


def accept_input(
    event: bytes, held: list[bytes] = (), gc_round: int = 0, **context_fields: Any
) -> dict[str, Any]:
    """An accept_event input."""
    return {
        **context(**context_fields),
        "held": [data.hex() for data in held],
        "gc_round": str(gc_round),
        "event": event.hex(),
    }


def accepted(event: bytes, inserted: list[bytes] | None = None) -> dict[str, Any]:
    """The output of an accepted event."""
    return {
        "status": "ACCEPTED",
        "digest": digest_of(event),
        "inserted": [digest_of(data) for data in (inserted or [event])],
        "missing": [],
    }


def fake_digest(number: int) -> bytes:
    """A digest no event has."""
    return bytes([number]) * 32


@clauses("AIN-CONS-EVENT-CHECKS.1", "AIN-CONS-EVENT-FORMAT.1", "AIN-CONS-EVENT-DIGEST.1")
def test_round_zero_event_is_accepted(fill: Filler) -> None:
    """
    A round-0 event with no parents is held.

    Given
    -----
    - a committee of four equal stakes and an empty DAG.

    When
    ----
    - validator 0's round-0 event arrives.

    Then
    ----
    - it is ACCEPTED; its digest is tagged_hash("AIN/consensus-event", u64_be(7) || body).
    """
    event = ROUND_ZERO[0]
    fill("consensus", "accept_event", accept_input(event), output=accepted(event))


@clauses("AIN-CONS-EVENT-PARENTS.1", "AIN-CONS-QUORUM.1")
def test_parent_quorum_boundary(fill: Filler) -> None:
    """
    The previous round's parents need authors of quorum stake: exactly Q passes, Q - 1 fails.

    Given
    -----
    - equal stakes (S = 4, Q = 3), and stakes 3, 1, 1, 1 (S = 6, Q = 5); all round-0 events held.

    When
    ----
    - validator 0's round-1 event names its own event and one, or two, others.

    Then
    ----
    - with stake Q it is ACCEPTED; with Q - 1 it is refused with CONSENSUS_PARENT_QUORUM_MISSING.
    """
    own, first, second = ROUND_ZERO[0], ROUND_ZERO[1], ROUND_ZERO[2]
    for stakes, label in (((1, 1, 1, 1), "equal"), ((3, 1, 1, 1), "weighted")):
        enough = make_event(0, 1, [own, first, second])
        fill(
            "consensus",
            "accept_event",
            accept_input(enough, ROUND_ZERO, stakes=stakes),
            output=accepted(enough),
            case=f"{label}_quorum",
            note=f"{label} stakes: the round-1 event names three round-0 events; ACCEPTED",
        )
        short = make_event(0, 1, [own, first])
        fill(
            "consensus",
            "accept_event",
            accept_input(short, ROUND_ZERO, stakes=stakes),
            rejection=ErrorCode.CONSENSUS_PARENT_QUORUM_MISSING,
            case=f"{label}_one_short",
            note=f"{label} stakes: the round-1 event names two round-0 events; refused",
        )


@clauses("AIN-CONS-SUSPEND.1")
def test_missing_parent_suspends_then_releases(fill: Filler) -> None:
    """
    An event whose parent is missing is suspended, and released when the parent arrives.

    Given
    -----
    - the round-0 events of validators 1, 2, 3 held.

    When
    ----
    - validator 1's round-1 event, naming validator 0's round-0 event, arrives; then, with that
      event suspended, validator 0's round-0 event arrives.

    Then
    ----
    - the first is SUSPENDED with the missing digest; the second is ACCEPTED and releases the
      suspended event (inserted lists both, the new one first).
    """
    others = ROUND_ZERO[1:]
    child = make_event(1, 1, [ROUND_ZERO[1], ROUND_ZERO[0], ROUND_ZERO[2]])
    fill(
        "consensus",
        "accept_event",
        accept_input(child, others),
        output={
            "status": "SUSPENDED",
            "digest": digest_of(child),
            "inserted": [],
            "missing": [digest_of(ROUND_ZERO[0])],
        },
        case="suspended",
        note="only the suspended event is sent; SUSPENDED",
    )
    fill(
        "consensus",
        "accept_event",
        accept_input(ROUND_ZERO[0], [*others, child]),
        output=accepted(ROUND_ZERO[0], [ROUND_ZERO[0], child]),
        case="released",
        note="the missing parent is sent after it; ACCEPTED with both inserted",
    )


@clauses("AIN-CONS-SUSPEND.1", "AIN-CONS-PARAMETERS.2")
def test_suspended_buffer_boundary(fill: Filler) -> None:
    """
    The suspended buffer holds at most max_suspended events.

    Given
    -----
    - the round-0 events of validators 1, 2, 3 held, and one event suspended (waiting for
      validator 0's round-0 event).

    When
    ----
    - a second event waiting for the same parent arrives, with max_suspended 1, then 2.

    Then
    ----
    - with 1 it is refused with CONSENSUS_SUSPENDED_BUFFER_FULL; with 2 it is SUSPENDED.
    """
    others = ROUND_ZERO[1:]
    first = make_event(1, 1, [ROUND_ZERO[1], ROUND_ZERO[0], ROUND_ZERO[2]])
    second = make_event(2, 1, [ROUND_ZERO[2], ROUND_ZERO[0], ROUND_ZERO[1]])
    fill(
        "consensus",
        "accept_event",
        accept_input(second, [*others, first], max_suspended=1),
        rejection=ErrorCode.CONSENSUS_SUSPENDED_BUFFER_FULL,
        case="full",
        note="the buffer is full; refused",
    )
    fill(
        "consensus",
        "accept_event",
        accept_input(second, [*others, first], max_suspended=2),
        output={
            "status": "SUSPENDED",
            "digest": digest_of(second),
            "inserted": [],
            "missing": [digest_of(ROUND_ZERO[0])],
        },
        case="room_for_one",
        note="the buffer has room for one; SUSPENDED",
    )


@clauses("AIN-CONS-EVENT-HORIZON.1", "AIN-CONS-PARAMETERS.2")
def test_horizon_boundary(fill: Filler) -> None:
    """
    An event may lie at most max_rounds_ahead rounds above the highest round held.

    Given
    -----
    - the four round-0 events held (H = 0), max_rounds_ahead 16.

    When
    ----
    - validator 0 sends an event of round 16, then of round 17, each naming three (unknown)
      events of the round before, its own first.

    Then
    ----
    - round 16 is SUSPENDED (its parents are missing); round 17 is refused with
      CONSENSUS_ROUND_TOO_FAR_AHEAD.
    """
    for round_number, case in ((16, "at_horizon"), (17, "past_horizon")):
        refs = tuple(
            EventRef(round_number - 1, KEYS[author], fake_digest(author + 1)) for author in range(3)
        )
        event = make_event(0, round_number, [], refs=refs)
        if round_number == 16:
            fill(
                "consensus",
                "accept_event",
                accept_input(event, ROUND_ZERO),
                note="round 16 (at H + 16): SUSPENDED, its parents unknown",
                output={
                    "status": "SUSPENDED",
                    "digest": digest_of(event),
                    "inserted": [],
                    "missing": sorted(ref.digest.hex() for ref in refs),
                },
                case=case,
            )
        else:
            fill(
                "consensus",
                "accept_event",
                accept_input(event, ROUND_ZERO),
                note="round 17 (past H + 16): refused",
                rejection=ErrorCode.CONSENSUS_ROUND_TOO_FAR_AHEAD,
                case=case,
            )


@clauses("AIN-CONS-GC.1")
def test_gc_round_boundary(fill: Filler) -> None:
    """
    Events below the GC round are refused; parents below it count as present.

    Given
    -----
    - the four round-0 events held, then the GC round set to 5 (which forgets them).

    When
    ----
    - validator 0 sends an event of round 4, then one of round 5 naming three (never seen)
      round-4 events, its own first.

    Then
    ----
    - round 4 is refused with CONSENSUS_EVENT_BELOW_GC; round 5 is ACCEPTED, its parents being
      below the GC round.
    """
    refs = tuple(EventRef(4, KEYS[author], fake_digest(author + 1)) for author in range(3))
    below = make_event(
        0, 4, [], refs=tuple(EventRef(3, KEYS[a], fake_digest(a + 1)) for a in range(3))
    )
    fill(
        "consensus",
        "accept_event",
        accept_input(below, ROUND_ZERO, gc_round=5),
        rejection=ErrorCode.CONSENSUS_EVENT_BELOW_GC,
        case="below",
        note="the event lies below the GC round; refused",
    )
    at_gc = make_event(0, 5, [], refs=refs)
    fill(
        "consensus",
        "accept_event",
        accept_input(at_gc, ROUND_ZERO, gc_round=5),
        output=accepted(at_gc),
        case="at",
        note="the event lies at the GC round; ACCEPTED",
    )


@clauses("AIN-CONS-EVENT-CONTEXT.1", "AIN-CONS-EVENT-AUTHOR.1", "AIN-CONS-EVENT-SIGNATURE.1")
def test_context_author_and_signature(fill: Filler) -> None:
    """
    Chain, epoch, author and signature are checked in that order.

    Given
    -----
    - an empty DAG of chain 7, epoch 0.

    When
    ----
    - round-0 events arrive: of chain 8; of epoch 1; by a key outside the committee; with a
      flipped signature bit; of chain 8 with a flipped signature bit.

    Then
    ----
    - CONSENSUS_WRONG_CHAIN, CONSENSUS_WRONG_EPOCH, CONSENSUS_UNKNOWN_AUTHOR,
      CRYPTO_SIGNATURE_INVALID, and CONSENSUS_WRONG_CHAIN (the context precedes the signature).
    """
    from tests.fillers.consensus.common import public_key

    wrong_chain = make_event(0, 0, [], chain_id=CHAIN_ID + 1)
    cases = [
        ("wrong_chain", wrong_chain, ErrorCode.CONSENSUS_WRONG_CHAIN),
        ("wrong_epoch", make_event(0, 0, [], epoch=1), ErrorCode.CONSENSUS_WRONG_EPOCH),
        (
            "unknown_author",
            make_event(0, 0, [], author_key=public_key(OUTSIDER_SEED), seed=OUTSIDER_SEED),
            ErrorCode.CONSENSUS_UNKNOWN_AUTHOR,
        ),
        ("bad_signature", flip_last_bit(ROUND_ZERO[0]), ErrorCode.CRYPTO_SIGNATURE_INVALID),
        (
            "wrong_chain_and_bad_signature",
            flip_last_bit(wrong_chain),
            ErrorCode.CONSENSUS_WRONG_CHAIN,
        ),
    ]
    for case, event, code in cases:
        fill(
            "consensus",
            "accept_event",
            accept_input(event),
            rejection=code,
            case=case,
            note=f"{case}: {code}",
        )


def flip_last_bit(data: bytes) -> bytes:
    """The same bytes with the last signature byte's low bit flipped."""
    return data[:-1] + bytes([data[-1] ^ 1])


@clauses("AIN-CONS-EVENT-DUPLICATE.1", "AIN-CONS-EVENT-SIGNATURE.1")
def test_duplicate_precedes_signature(fill: Filler) -> None:
    """
    A held digest is refused as a duplicate, even under a broken signature.

    Given
    -----
    - validator 0's round-0 event held.

    When
    ----
    - the same event arrives again; then the same body with a flipped signature bit.

    Then
    ----
    - both are refused with CONSENSUS_DUPLICATE_EVENT (the digest does not cover the signature).
    """
    event = ROUND_ZERO[0]
    for case, data in (("same_bytes", event), ("broken_signature", flip_last_bit(event))):
        fill(
            "consensus",
            "accept_event",
            accept_input(data, [event]),
            rejection=ErrorCode.CONSENSUS_DUPLICATE_EVENT,
            case=case,
        )


@clauses("AIN-CONS-EVENT-PARENTS.1")
def test_parent_reference_rules(fill: Filler) -> None:
    """
    Each rule on parent references, with its code, in the listed order.

    Given
    -----
    - the four round-0 events held.

    When
    ----
    - round-0 event with a parent; round-1 events naming a round-1 parent, an outsider's parent,
      one digest twice, another author's event first, and a reference whose author is not the
      held event's.

    Then
    ----
    - CONSENSUS_GENESIS_HAS_PARENTS, CONSENSUS_PARENT_ROUND_NOT_BELOW, CONSENSUS_UNKNOWN_AUTHOR,
      CONSENSUS_DUPLICATE_PARENT, CONSENSUS_FIRST_PARENT_NOT_OWN, CONSENSUS_PARENT_MISMATCH.
    """
    own, first, second, third = (ref_of(event) for event in ROUND_ZERO)
    swapped = (
        own,
        EventRef(0, first.author, second.digest),
        EventRef(0, second.author, first.digest),
    )
    cases = [
        ("genesis_with_parent", 0, (own,), ErrorCode.CONSENSUS_GENESIS_HAS_PARENTS),
        (
            "parent_not_below",
            1,
            (own, first, EventRef(1, second.author, second.digest)),
            ErrorCode.CONSENSUS_PARENT_ROUND_NOT_BELOW,
        ),
        (
            "outsider_parent",
            1,
            (own, first, EventRef(0, bytes(32), second.digest)),
            ErrorCode.CONSENSUS_UNKNOWN_AUTHOR,
        ),
        ("digest_twice", 1, (own, first, second, first), ErrorCode.CONSENSUS_DUPLICATE_PARENT),
        ("first_not_own", 1, (first, own, second), ErrorCode.CONSENSUS_FIRST_PARENT_NOT_OWN),
        ("no_parents", 1, (), ErrorCode.CONSENSUS_FIRST_PARENT_NOT_OWN),
        ("reference_mismatch", 1, swapped, ErrorCode.CONSENSUS_PARENT_MISMATCH),
    ]
    del third
    for case, round_number, refs, code in cases:
        event = make_event(0, round_number, [], refs=refs)
        held = [] if round_number == 0 else ROUND_ZERO
        fill(
            "consensus",
            "accept_event",
            accept_input(event, held),
            rejection=code,
            case=case,
            note=f"{case}: {code}",
        )


@clauses("AIN-CONS-EVENT-TIMESTAMP.1")
def test_timestamp_boundary(fill: Filler) -> None:
    """
    An event's timestamp is at least each held parent's.

    Given
    -----
    - round-0 events of timestamp 5000 held.

    When
    ----
    - validator 0's round-1 event arrives with timestamp 5000, then 4999.

    Then
    ----
    - 5000 is ACCEPTED; 4999 is refused with CONSENSUS_TIMESTAMP_DECREASING.
    """
    layer = [make_event(author, 0, [], timestamp=5000) for author in range(4)]
    for timestamp, case in ((5000, "equal"), (4999, "earlier")):
        event = make_event(0, 1, layer[:3], timestamp=timestamp)
        if timestamp == 5000:
            fill(
                "consensus",
                "accept_event",
                accept_input(event, layer),
                output=accepted(event),
                case=case,
            )
        else:
            fill(
                "consensus",
                "accept_event",
                accept_input(event, layer),
                rejection=ErrorCode.CONSENSUS_TIMESTAMP_DECREASING,
                case=case,
            )


@clauses("AIN-CONS-EVENT-FORMAT.1")
def test_malformed_events(fill: Filler) -> None:
    """
    Bytes that are not a signed event are refused with the format's or the encoding's code.

    Given
    -----
    - an empty DAG.

    When
    ----
    - the input is: a map without a signature; a body missing its evidence field; a
      non-canonical integer head.

    Then
    ----
    - CONSENSUS_EVENT_MALFORMED, CONSENSUS_EVENT_MALFORMED, ENCODING_NON_SHORTEST_FORM.
    """
    body = {
        "chain_id": CHAIN_ID,
        "epoch": 0,
        "round": 0,
        "author": KEYS[0],
        "parents": [],
        "timestamp": 0,
        "transactions": [],
    }
    cases = [
        (
            "no_signature",
            encode({"body": {**body, "evidence": []}}),
            ErrorCode.CONSENSUS_EVENT_MALFORMED,
        ),
        (
            "missing_field",
            encode({"body": body, "signature": bytes(64)}),
            ErrorCode.CONSENSUS_EVENT_MALFORMED,
        ),
        ("non_shortest_integer", bytes.fromhex("1817"), ErrorCode.ENCODING_NON_SHORTEST_FORM),
    ]
    for case, data, code in cases:
        fill(
            "consensus",
            "accept_event",
            accept_input(data),
            rejection=code,
            case=case,
            note=f"{case}: {code}",
        )


@clauses("AIN-CONS-COMMITTEE.1")
def test_invalid_committee(fill: Filler) -> None:
    """
    A committee with a zero stake, or with keys out of order, is refused.

    Given
    -----
    - the committee of four with validator 1's stake 0; then the same keys listed in
      decreasing order.

    When
    ----
    - validator 0's round-0 event is accepted.

    Then
    ----
    - CONSENSUS_COMMITTEE_INVALID both times (the committee is checked before any event).
    """
    zero_stake = accept_input(ROUND_ZERO[0], stakes=(1, 0, 1, 1))
    fill(
        "consensus",
        "accept_event",
        zero_stake,
        rejection=ErrorCode.CONSENSUS_COMMITTEE_INVALID,
        case="zero_stake",
        note="a member has stake 0; refused",
    )
    unsorted = accept_input(ROUND_ZERO[0])
    unsorted["committee"] = list(reversed(unsorted["committee"]))
    fill(
        "consensus",
        "accept_event",
        unsorted,
        rejection=ErrorCode.CONSENSUS_COMMITTEE_INVALID,
        case="keys_out_of_order",
        note="the keys are not in increasing order; refused",
    )
