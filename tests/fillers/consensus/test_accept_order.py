"""
Fillers for consensus/accept_event: both sides of each check order, and what held means.

Each case has two faults (or a choice an outsider could read two ways), so a client that
swaps two checks, or reads the rule the other way, gets another answer.
"""

from __future__ import annotations

from ain_ref.errors import ErrorCode
from ain_ref.events import EquivocationProof, EventRef
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.consensus.common import KEYS, digest_of, full_rounds, make_event, public_key
from tests.fillers.consensus.test_accept_event import (
    OUTSIDER_SEED,
    ROUND_ZERO,
    accept_input,
    accepted,
    fake_digest,
    flip_last_bit,
)


def suspended(event: bytes, missing: list[bytes]) -> dict[str, object]:
    """The output of a suspended event."""
    return {
        "status": "SUSPENDED",
        "digest": digest_of(event),
        "inserted": [],
        "missing": sorted(digest.hex() for digest in missing),
    }


def fake_refs(round_number: int, authors: list[int], first: int = 1) -> tuple[EventRef, ...]:
    """References to events nobody holds, of one round, by the given authors."""
    return tuple(
        EventRef(round_number, KEYS[author], fake_digest(first + number))
        for number, author in enumerate(authors)
    )


@clauses(
    "AIN-CONS-EVENT-CHECKS.1",
    "AIN-CONS-EVENT-CONTEXT.1",
    "AIN-CONS-EVENT-AUTHOR.1",
    "AIN-CONS-EVENT-HORIZON.1",
    "AIN-CONS-GC.1",
)
def test_adjacent_checks_in_order(fill: Filler) -> None:
    """
    Each event fails two adjacent checks; the earlier check's code wins.

    Given
    -----
    - the four round-0 events held (the horizon/GC case then raises the GC round to 20; the
      GC/parents case to 1), max_rounds_ahead 16.

    When
    ----
    - chain_and_epoch: a round-0 event of chain 8 and epoch 1;
    - epoch_and_author: a round-0 event of epoch 1 by a key outside the committee;
    - signature_and_horizon: a round-17 event with a flipped signature bit;
    - horizon_and_gc: a round-18 event (above 0 + 16, below 20);
    - gc_and_parents: a round-0 event with a parent, below GC round 1;
    - signature_and_parents: a round-1 event with no parents and a flipped signature bit.

    Then
    ----
    - CONSENSUS_WRONG_CHAIN, CONSENSUS_WRONG_EPOCH, CRYPTO_SIGNATURE_INVALID,
      CONSENSUS_ROUND_TOO_FAR_AHEAD, CONSENSUS_EVENT_BELOW_GC, CRYPTO_SIGNATURE_INVALID.
    (Author and duplicate cannot both fail: the digest covers the author.)
    """
    outsider = public_key(OUTSIDER_SEED)
    cases = [
        (
            "chain_and_epoch",
            make_event(0, 0, [], chain_id=8, epoch=1),
            0,
            ErrorCode.CONSENSUS_WRONG_CHAIN,
        ),
        (
            "epoch_and_author",
            make_event(0, 0, [], epoch=1, author_key=outsider, seed=OUTSIDER_SEED),
            0,
            ErrorCode.CONSENSUS_WRONG_EPOCH,
        ),
        (
            "signature_and_horizon",
            flip_last_bit(make_event(0, 17, [], refs=fake_refs(16, [0, 1, 2]))),
            0,
            ErrorCode.CRYPTO_SIGNATURE_INVALID,
        ),
        (
            "horizon_and_gc",
            make_event(0, 18, [], refs=fake_refs(17, [0, 1, 2])),
            20,
            ErrorCode.CONSENSUS_ROUND_TOO_FAR_AHEAD,
        ),
        (
            "gc_and_parents",
            make_event(1, 0, [], timestamp=7, refs=fake_refs(0, [1])),
            1,
            ErrorCode.CONSENSUS_EVENT_BELOW_GC,
        ),
        (
            "signature_and_parents",
            flip_last_bit(make_event(0, 1, [])),
            0,
            ErrorCode.CRYPTO_SIGNATURE_INVALID,
        ),
    ]
    for case, event, gc_round, code in cases:
        fill(
            "consensus",
            "accept_event",
            accept_input(event, ROUND_ZERO, gc_round),
            rejection=code,
            case=case,
            note=f"{case}: {code}",
        )


@clauses("AIN-CONS-EVENT-CHECKS.1", "AIN-CONS-SUSPEND.1", "AIN-CONS-EVENT-TIMESTAMP.1")
def test_parent_checks_around_suspension(fill: Filler) -> None:
    """
    Reference rules come before suspension; suspension comes before the held parents' checks.

    Given
    -----
    - the round-0 events of validators 0, 1 and 2 held (validator 3's is not), equal stakes.

    When
    ----
    - quorum_before_suspension: a round-1 event naming its own and validator 3's round-0 events
      (stake 2 of 4: no quorum; validator 3's is missing);
    - suspension_before_timestamp: a round-1 event at time 0 naming its own round-0 event at
      time 5000, which it does not hold, and validators 1 and 2's held ones.

    Then
    ----
    - CONSENSUS_PARENT_QUORUM_MISSING; SUSPENDED, missing the time-5000 event.
    """
    late_own = make_event(0, 0, [], timestamp=5000)
    no_quorum = make_event(0, 1, [ROUND_ZERO[0], ROUND_ZERO[3]])
    fill(
        "consensus",
        "accept_event",
        accept_input(no_quorum, ROUND_ZERO[:3]),
        rejection=ErrorCode.CONSENSUS_PARENT_QUORUM_MISSING,
        case="quorum_before_suspension",
        note="quorum_before_suspension: CONSENSUS_PARENT_QUORUM_MISSING",
    )
    early = make_event(0, 1, [late_own, ROUND_ZERO[1], ROUND_ZERO[2]], timestamp=0)
    fill(
        "consensus",
        "accept_event",
        accept_input(early, ROUND_ZERO[1:3]),
        output=suspended(early, [bytes.fromhex(digest_of(late_own))]),
        case="suspension_before_timestamp",
        note="suspension_before_timestamp: SUSPENDED",
    )


@clauses("AIN-CONS-EVENT-CHECKS.1", "AIN-CONS-EVENT-PARENTS.1", "AIN-CONS-EVENT-TIMESTAMP.1")
def test_held_parent_checks_in_order(fill: Filler) -> None:
    """
    Every held parent's reference is matched before any held parent's timestamp is compared.

    Given
    -----
    - validator 0's round-0 event at time 5000, and the round-0 events of validators 1, 2, 3.

    When
    ----
    - validator 0's round-1 event at time 1000 names, in order: its own round-0 event (a later
      timestamp), validators 1 and 2's, and validator 3's event under validator 2's key.

    Then
    ----
    - CONSENSUS_PARENT_MISMATCH (from the fourth parent), not CONSENSUS_TIMESTAMP_DECREASING
      (from the first). The references' authors 0, 1, 2, 2 count stake 3 of 4: quorum.
    """
    late_own = make_event(0, 0, [], timestamp=5000)
    held = [late_own, *ROUND_ZERO[1:]]
    refs = (
        EventRef(0, KEYS[0], bytes.fromhex(digest_of(late_own))),
        EventRef(0, KEYS[1], bytes.fromhex(digest_of(ROUND_ZERO[1]))),
        EventRef(0, KEYS[2], bytes.fromhex(digest_of(ROUND_ZERO[2]))),
        EventRef(0, KEYS[2], bytes.fromhex(digest_of(ROUND_ZERO[3]))),
    )
    event = make_event(0, 1, [], timestamp=1000, refs=refs)
    fill(
        "consensus",
        "accept_event",
        accept_input(event, held),
        rejection=ErrorCode.CONSENSUS_PARENT_MISMATCH,
    )


@clauses("AIN-CONS-QUORUM.1", "AIN-CONS-EVENT-PARENTS.1")
def test_quorum_counts_each_author_once(fill: Filler) -> None:
    """
    Two parents by one author count its stake once.

    Given
    -----
    - the four round-0 events held, and a second round-0 event of validator 1; equal stakes.

    When
    ----
    - validator 0's round-1 event names its own and both of validator 1's round-0 events.

    Then
    ----
    - CONSENSUS_PARENT_QUORUM_MISSING: stake 2 of 4 (three events, two authors).
    """
    fork = make_event(1, 0, [], timestamp=1)
    event = make_event(0, 1, [ROUND_ZERO[0], ROUND_ZERO[1], fork])
    fill(
        "consensus",
        "accept_event",
        accept_input(event, [*ROUND_ZERO, fork]),
        rejection=ErrorCode.CONSENSUS_PARENT_QUORUM_MISSING,
    )


@clauses("AIN-CONS-EVENT-HORIZON.1", "AIN-CONS-SUSPEND.1")
def test_what_held_means(fill: Filler) -> None:
    """
    A suspended event is not held: it moves no horizon and stays a missing parent.

    Given
    -----
    - horizon: the four round-0 events held, and validator 0's round-16 event suspended
      (its parents are unknown); max_rounds_ahead 16.
    - parent: the round-0 events of validators 0, 1, 2 held; validator 3's round-1 event
      suspended (it names validator 3's round-0 event, not held); validators 0 and 1's
      round-1 events held.

    When
    ----
    - horizon: validator 1's round-17 event arrives.
    - parent: validator 3's round-2 event names its suspended round-1 event and validators 0
      and 1's.

    Then
    ----
    - horizon: CONSENSUS_ROUND_TOO_FAR_AHEAD (H is still 0).
    - parent: SUSPENDED, missing exactly its own round-1 event.
    """
    high = make_event(0, 16, [], refs=fake_refs(15, [0, 1, 2]))
    beyond = make_event(1, 17, [], refs=fake_refs(16, [1, 0, 2], first=20))
    fill(
        "consensus",
        "accept_event",
        accept_input(beyond, [*ROUND_ZERO, high]),
        rejection=ErrorCode.CONSENSUS_ROUND_TOO_FAR_AHEAD,
        case="horizon",
        note="horizon (a suspended round-16 event held): CONSENSUS_ROUND_TOO_FAR_AHEAD",
    )
    zero = ROUND_ZERO
    own = make_event(3, 1, [zero[3], zero[0], zero[1]])
    first = make_event(0, 1, [zero[0], zero[1], zero[2]])
    second = make_event(1, 1, [zero[1], zero[0], zero[2]])
    event = make_event(3, 2, [own, first, second])
    fill(
        "consensus",
        "accept_event",
        accept_input(event, [*zero[:3], own, first, second]),
        output=suspended(event, [bytes.fromhex(digest_of(own))]),
        case="parent",
        note="parent (its own round-1 event is only suspended): SUSPENDED",
    )


@clauses("AIN-CONS-SUSPEND.1")
def test_missing_and_inserted_orders(fill: Filler) -> None:
    """
    `missing` is sorted bytewise; `inserted` follows the release passes; a released event that
    fails a held-parent check is dropped unreported.

    Given
    -----
    - missing_sorted: the four round-0 events held.
    - release_chain: the round-0 events of validators 1, 2, 3 held; round-1 events of validators
      1 and 2 suspended (both name validator 0's round-0 event); validator 3's round-1 event
      held; validator 1's round-2 event suspended (it names the three round-1 events).
    - release_drops: the round-0 events of validators 1 and 2 held; validator 0's round-1 event
      at time 1000 suspended, naming its own round-0 event at time 5000.

    When
    ----
    - missing_sorted: validator 0's round-1 event names unknown digests 09.., 03.., 05.. in
      that order.
    - release_chain: validator 0's round-0 event arrives.
    - release_drops: validator 0's round-0 event at time 5000 arrives.

    Then
    ----
    - missing_sorted: SUSPENDED, missing 03.., 05.., 09...
    - release_chain: ACCEPTED, inserted: the event, the two round-1 events by digest, then the
      round-2 event.
    - release_drops: ACCEPTED, inserted only the event (the round-1 event's timestamp decreases).
    """
    refs = (
        EventRef(0, KEYS[0], fake_digest(9)),
        EventRef(0, KEYS[1], fake_digest(3)),
        EventRef(0, KEYS[2], fake_digest(5)),
    )
    unsorted = make_event(0, 1, [], refs=refs)
    fill(
        "consensus",
        "accept_event",
        accept_input(unsorted, ROUND_ZERO),
        output=suspended(unsorted, [ref.digest for ref in refs]),
        case="missing_sorted",
        note="missing_sorted: SUSPENDED, missing in bytewise order",
    )
    zero = ROUND_ZERO
    one = make_event(1, 1, [zero[1], zero[0], zero[2]])
    two = make_event(2, 1, [zero[2], zero[0], zero[3]])
    three = make_event(3, 1, [zero[3], zero[1], zero[2]])
    top = make_event(1, 2, [one, two, three])
    round_one = sorted((one, two), key=digest_of)
    fill(
        "consensus",
        "accept_event",
        accept_input(zero[0], [*zero[1:], one, two, three, top]),
        output=accepted(zero[0], [zero[0], *round_one, top]),
        case="release_chain",
        note="release_chain: ACCEPTED, four events inserted",
    )
    late_own = make_event(0, 0, [], timestamp=5000)
    early = make_event(0, 1, [late_own, zero[1], zero[2]], timestamp=1000)
    fill(
        "consensus",
        "accept_event",
        accept_input(late_own, [zero[1], zero[2], early]),
        output=accepted(late_own),
        case="release_drops",
        note="release_drops: ACCEPTED, the released event dropped",
    )


@clauses("AIN-CONS-EVENT-CHECKS.1", "AIN-CONS-GC.1")
def test_accept_event_never_commits(fill: Filler) -> None:
    """
    The accept_event handler never decides: held events that would commit leave G at 0.

    Given
    -----
    - six full rounds (0 to 5) held, gc_depth 1: a node that decided would commit wave 1's
      leader (round 3) and raise G to 2.

    When
    ----
    - a second round-1 event of validator 0 (another timestamp) arrives.

    Then
    ----
    - ACCEPTED (G is 0, so round 1 is not below it).
    """
    layers = full_rounds(range(6))
    held = [event for layer in layers for event in layer]
    fork = make_event(0, 1, layers[0], timestamp=1001)
    fill(
        "consensus",
        "accept_event",
        accept_input(fork, held, gc_depth=1),
        output=accepted(fork),
    )


@clauses("AIN-CONS-EVENT-FORMAT.1", "AIN-CONS-EVIDENCE-RECORD.1")
def test_evidence_is_not_verified_on_acceptance(fill: Filler) -> None:
    """
    A proof inside an event is checked for shape only when the event is accepted.

    Given
    -----
    - an empty DAG.

    When
    ----
    - validator 1's round-0 event carries a proof that fails [AIN-CONS-EVIDENCE.1] (validator
      0's round-0 event twice: not conflicting).

    Then
    ----
    - ACCEPTED.
    """
    proof = EquivocationProof(ROUND_ZERO[0], ROUND_ZERO[0])
    event = make_event(1, 0, [], timestamp=3, evidence=(proof,))
    fill("consensus", "accept_event", accept_input(event), output=accepted(event))
