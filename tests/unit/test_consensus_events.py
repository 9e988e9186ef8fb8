"""The event format (ain_ref/events.py): layout, digest, signature, size, evidence."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ain_ref.crypto import DomainTag, tagged_hash
from ain_ref.encoding import encode
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.events import (
    AFTER_BODY,
    BEFORE_BODY,
    MAX_EVENT_SIZE,
    EquivocationProof,
    EventRef,
    decode_event,
    event_body,
    make_equivocation_proof,
    sign_event,
    verify_equivocation_proof,
)
from tests.fillers.consensus.common import KEYS, SEED_OF

refs = st.builds(
    EventRef,
    st.integers(0, 2**64 - 1),
    st.sampled_from(KEYS),
    st.binary(min_size=32, max_size=32),
)


def body_for(author: int, round_number: int, **fields: object) -> dict[str, object]:
    values: dict[str, object] = {
        "chain_id": 7,
        "epoch": 0,
        "round": round_number,
        "author": KEYS[author],
        "parents": (),
        "timestamp": 0,
    }
    values.update(fields)
    return event_body(**values)  # type: ignore[arg-type]


@given(
    author=st.integers(0, 3),
    round_number=st.integers(0, 2**64 - 1),
    parents=st.lists(refs, max_size=5, unique_by=lambda ref: ref.digest),
    transactions=st.lists(st.binary(max_size=40), max_size=4),
    timestamp=st.integers(0, 2**64 - 1),
)
def test_signed_event_round_trip(
    author: int,
    round_number: int,
    parents: list[EventRef],
    transactions: list[bytes],
    timestamp: int,
) -> None:
    """
    [AIN-CONS-EVENT-FORMAT.1] [AIN-CONS-EVENT-DIGEST.1] [AIN-CONS-EVENT-SIGNATURE.1] A signed
    event decodes to its fields; the body slice equals encode(body); the digest is the tagged
    hash of chain id and body.
    """
    body = body_for(
        author,
        round_number,
        parents=tuple(parents),
        transactions=tuple(transactions),
        timestamp=timestamp,
    )
    data = sign_event(SEED_OF[author], body)
    event = decode_event(data)
    assert not isinstance(event, Rejection)
    assert data[len(BEFORE_BODY) : len(data) - AFTER_BODY] == encode(body)
    assert event.digest == tagged_hash(
        DomainTag.CONSENSUS_EVENT, (7).to_bytes(8, "big") + encode(body)
    )
    assert event.parents == tuple(parents) and event.transactions == tuple(transactions)
    assert (event.round, event.timestamp, event.author) == (round_number, timestamp, KEYS[author])


@given(position=st.integers(0, 10_000), bit=st.integers(0, 7))
def test_any_flipped_bit_is_refused_or_changes_the_event(position: int, bit: int) -> None:
    """[AIN-CONS-EVENT-SIGNATURE.1] A damaged event never passes as the original."""
    data = sign_event(SEED_OF[0], body_for(0, 3, transactions=(b"tx",)))
    original = decode_event(data)
    assert not isinstance(original, Rejection)
    position %= len(data)
    damaged = data[:position] + bytes([data[position] ^ (1 << bit)]) + data[position + 1 :]
    result = decode_event(damaged)
    assert isinstance(result, Rejection)


def sized_event(size: int) -> bytes:
    """A signed round-0 event of exactly ``size`` bytes (one transaction pads it)."""
    probe = MAX_EVENT_SIZE - 300  # the padding's length header is 5 bytes for every size used
    overhead = len(sign_event(SEED_OF[0], body_for(0, 0, transactions=(bytes(probe),)))) - probe
    data = sign_event(SEED_OF[0], body_for(0, 0, transactions=(bytes(size - overhead),)))
    assert len(data) == size
    return data


def test_event_size_limit() -> None:
    """
    [AIN-CONS-EVENT-SIZE.1] Exactly MAX_EVENT_SIZE bytes is an event; one byte more is refused
    with CONSENSUS_EVENT_TOO_LARGE before decoding, even when the bytes are no encoding.
    """
    assert not isinstance(decode_event(sized_event(MAX_EVENT_SIZE)), Rejection)
    for data in (sized_event(MAX_EVENT_SIZE + 1), b"\xff" * (MAX_EVENT_SIZE + 1)):
        result = decode_event(data)
        assert isinstance(result, Rejection)
        assert result.code is ErrorCode.CONSENSUS_EVENT_TOO_LARGE


@given(first_time=st.integers(0, 1000), second_time=st.integers(0, 1000))
def test_proofs_from_two_forks_verify(first_time: int, second_time: int) -> None:
    """[AIN-CONS-EVIDENCE.1] Any two distinct events of one slot make a valid proof."""
    one = decode_event(sign_event(SEED_OF[1], body_for(1, 4, timestamp=first_time)))
    other = decode_event(sign_event(SEED_OF[1], body_for(1, 4, timestamp=second_time)))
    assert not isinstance(one, Rejection) and not isinstance(other, Rejection)
    proof = make_equivocation_proof(one, other)
    result = verify_equivocation_proof(proof)
    if first_time == second_time:
        assert isinstance(result, Rejection)
        assert result.code is ErrorCode.CONSENSUS_EVIDENCE_NOT_CONFLICTING
    else:
        assert not isinstance(result, Rejection)
        assert (result.author, result.round) == (KEYS[1], 4)
        swapped = verify_equivocation_proof(EquivocationProof(proof.second, proof.first))
        assert isinstance(swapped, Rejection)
        assert swapped.code is ErrorCode.CONSENSUS_EVIDENCE_NOT_ORDERED


def test_each_half_of_a_proof_has_the_size_limit() -> None:
    """
    [AIN-CONS-EVIDENCE.1] Each half is checked as a signed event, size first: an oversized
    first half is CONSENSUS_EVENT_TOO_LARGE before the second is looked at; an oversized second
    half after a valid first is too.
    """
    valid = sized_event(MAX_EVENT_SIZE)
    oversized = b"\xff" * (MAX_EVENT_SIZE + 1)
    for first, second in ((oversized, b""), (valid, oversized)):
        result = verify_equivocation_proof(EquivocationProof(first, second))
        assert isinstance(result, Rejection)
        assert result.code is ErrorCode.CONSENSUS_EVENT_TOO_LARGE
