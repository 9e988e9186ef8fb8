"""
Fillers for the 512 KiB event-size boundary ([AIN-CONS-EVENT-SIZE.1]), taken exactly: an event
of MAX_EVENT_SIZE bytes and one of a byte more, alone and as either half of a proof.

The events are written in the handlers' run-length form (spec/consensus.md, "Handlers"): long
runs of one byte become ``{"fill", "length"}``, so each vector stays a few kilobytes while the
handler judges the real bytes.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from ain_ref.errors import ErrorCode, Rejection
from ain_ref.events import MAX_EVENT_SIZE, event_body, read_event, sign_event
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.consensus.common import CHAIN_ID, EPOCH, KEYS, SEED_OF, context, digest_of

MIN_RUN = 64
"""Runs of one byte at least this long are written as {"fill", "length"}."""


def run_length(data: bytes) -> list[Any]:
    """The run-length form of bytes: hex pieces, and runs of MIN_RUN or more as fill + length."""
    items: list[Any] = []
    pending = bytearray()
    for byte, group in groupby(data):
        length = len(list(group))
        if length < MIN_RUN:
            pending += bytes([byte]) * length
            continue
        if pending:
            items.append(pending.hex())
            pending = bytearray()
        items.append({"fill": bytes([byte]).hex(), "length": str(length)})
    if pending:
        items.append(pending.hex())
    return items


def padded_event(size: int, fill: int = 0) -> bytes:
    """
    A signed round-0 event of validator 0 of exactly ``size`` bytes: one transaction of
    ``fill`` bytes pads it (its length head is 5 bytes at every size used here).
    """

    def sign(padding: int) -> bytes:
        body = event_body(
            chain_id=CHAIN_ID,
            epoch=EPOCH,
            round=0,
            author=KEYS[0],
            parents=(),
            timestamp=0,
            transactions=(bytes([fill]) * padding,),
        )
        return sign_event(SEED_OF[0], body)

    probe = MAX_EVENT_SIZE - 300
    data = sign(size - (len(sign(probe)) - probe))
    assert len(data) == size
    return data


@clauses("AIN-CONS-EVENT-SIZE.1", "AIN-CONS-EVENT-CHECKS.1")
def test_event_size_boundary(fill: Filler) -> None:
    """
    An event of exactly MAX_EVENT_SIZE (524,288) bytes is accepted; one byte more is refused
    before it is decoded.

    Given
    -----
    - an empty DAG; validator 0's round-0 event, signed, padded by one transaction of zero
      bytes to a total size (event given in the run-length form).

    When
    ----
    - the event is 524,288 bytes (case "at_limit"); 524,289 bytes, otherwise valid (case
      "one_over"); 524,289 bytes of ff, no encoding at all (case "one_over_not_an_encoding").

    Then
    ----
    - at_limit: ACCEPTED; one_over: CONSENSUS_EVENT_TOO_LARGE (its signature is good, so only
      the size refuses it); one_over_not_an_encoding: CONSENSUS_EVENT_TOO_LARGE, not an
      encoding code (size comes before decoding).
    """
    at_limit = padded_event(MAX_EVENT_SIZE)
    shared = {**context(), "held": [], "gc_round": "0"}
    fill(
        "consensus",
        "accept_event",
        {**shared, "event": run_length(at_limit)},
        output={
            "status": "ACCEPTED",
            "digest": digest_of(at_limit),
            "inserted": [digest_of(at_limit)],
            "missing": [],
        },
        case="at_limit",
    )
    for case, data in (
        ("one_over", padded_event(MAX_EVENT_SIZE + 1)),
        ("one_over_not_an_encoding", b"\xff" * (MAX_EVENT_SIZE + 1)),
    ):
        fill(
            "consensus",
            "accept_event",
            {**shared, "event": run_length(data)},
            rejection=ErrorCode.CONSENSUS_EVENT_TOO_LARGE,
            case=case,
        )


@clauses("AIN-CONS-EVIDENCE.1", "AIN-CONS-EVENT-SIZE.1")
def test_proof_halves_at_the_size_boundary(fill: Filler) -> None:
    """
    Each half of a proof has the event-size limit, taken exactly.

    Given
    -----
    - validator 0's round-0 events padded by zero bytes and by one bytes (two forks of one
      slot), each of 524,288 or 524,289 bytes (run-length form).

    When
    ----
    - the proof is both forks at the limit, in digest order (case "both_at_limit"); the first
      half one byte over (case "first_over"); the first at the limit and the second one byte
      over (case "second_over").

    Then
    ----
    - both_at_limit: the equivocation of validator 0 at round 0; first_over and second_over:
      CONSENSUS_EVENT_TOO_LARGE.
    """
    forks = sorted((padded_event(MAX_EVENT_SIZE, fill_byte) for fill_byte in (0, 1)), key=digest_of)
    first_over = padded_event(MAX_EVENT_SIZE + 1, 0)
    second_over = padded_event(MAX_EVENT_SIZE + 1, 1)
    for event in (*forks, first_over, second_over):
        assert not isinstance(read_event(event), Rejection) or len(event) > MAX_EVENT_SIZE
    fill(
        "consensus",
        "verify_evidence",
        {"first": run_length(forks[0]), "second": run_length(forks[1])},
        output={
            "chain_id": str(CHAIN_ID),
            "epoch": str(EPOCH),
            "author": KEYS[0].hex(),
            "round": "0",
        },
        case="both_at_limit",
    )
    for case, first, second in (
        ("first_over", first_over, forks[1]),
        ("second_over", forks[0], second_over),
    ):
        fill(
            "consensus",
            "verify_evidence",
            {"first": run_length(first), "second": run_length(second)},
            rejection=ErrorCode.CONSENSUS_EVENT_TOO_LARGE,
            case=case,
        )
