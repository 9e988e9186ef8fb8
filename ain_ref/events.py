"""
Consensus events (the DAG's vertices): their bytes, digest, signature, and equivocation proofs.

An event is what a validator signs once per round: its parents, the transactions it carries,
its timestamp and any equivocation evidence. This module reads and writes the signed form and
checks what needs no committee and no DAG: size, layout, and the author's signature. It lives
below ``chain`` so that the native that records equivocation evidence can verify a proof.

Spec: spec/consensus.md, "Events" ([AIN-CONS-EVENT-*]) and "Equivocation" ([AIN-CONS-EVIDENCE.1]).
Layer: bottom (beside crypto and encoding). Imports crypto, encoding and errors only.
"""

from __future__ import annotations

import functools
from typing import Final

import attrs

from ain_ref.crypto import DomainTag, sign, signing_digest, verify_ed25519
from ain_ref.encoding import CborValue, decode, encode
from ain_ref.errors import ErrorCode, Rejection

MAX_EVENT_SIZE: Final = 1 << 19
"""Largest signed event, in bytes (512 KiB) [AIN-CONS-EVENT-SIZE.1]."""
MAX_PARENTS: Final = 1024
"""Most parent references one event may carry [AIN-CONS-EVENT-FORMAT.1]."""
MAX_EVENT_TRANSACTIONS: Final = 4096
"""Most transactions one event may carry [AIN-CONS-EVENT-FORMAT.1]."""
MAX_EVIDENCE: Final = 8
"""Most equivocation proofs one event may carry [AIN-CONS-EVENT-FORMAT.1]."""
U64_MAX: Final = 2**64 - 1
KEY_BYTES: Final = 32
DIGEST_BYTES: Final = 32
SIGNATURE_BYTES: Final = 64
BODY_FIELDS: Final = frozenset(
    {"chain_id", "epoch", "round", "author", "parents", "timestamp", "transactions", "evidence"}
)


@attrs.frozen(order=True)
class EventRef:
    """
    A parent reference: the parent's round, its author's public key, and its digest.

    References
    ----------
    [AIN-CONS-EVENT-FORMAT.1] A reference is the array [round, author, digest].
    """

    round: int
    author: bytes
    digest: bytes


@attrs.frozen
class EquivocationProof:
    """
    Two signed events by one author for one (epoch, round), digests in increasing order.

    References
    ----------
    [AIN-CONS-EVIDENCE.1] The proof is the array [first signed event, second signed event].
    """

    first: bytes
    second: bytes


@attrs.frozen
class Event:
    """
    A decoded, signature-checked event; ``digest`` is its hash and what its author signed.

    References
    ----------
    [AIN-CONS-EVENT-FORMAT.1], [AIN-CONS-EVENT-DIGEST.1]
    """

    chain_id: int
    epoch: int
    round: int
    author: bytes
    parents: tuple[EventRef, ...]
    timestamp: int
    transactions: tuple[bytes, ...]
    evidence: tuple[EquivocationProof, ...]
    digest: bytes
    signature: bytes = attrs.field(repr=False)
    signed_bytes: bytes = attrs.field(repr=False)

    def ref(self) -> EventRef:
        """The reference a child uses to name this event."""
        return EventRef(self.round, self.author, self.digest)


def is_u64(value: CborValue) -> bool:
    """An integer in 0 .. 2**64 - 1 (bool excluded)."""
    return type(value) is int and 0 <= value <= U64_MAX


def is_sized_bytes(value: CborValue, size: int) -> bool:
    """A byte string of exactly ``size`` bytes."""
    return type(value) is bytes and len(value) == size


def event_body(
    *,
    chain_id: int,
    epoch: int,
    round: int,
    author: bytes,
    parents: tuple[EventRef, ...],
    timestamp: int,
    transactions: tuple[bytes, ...] = (),
    evidence: tuple[EquivocationProof, ...] = (),
) -> dict[str, CborValue]:
    """The body map of an event, ready to encode [AIN-CONS-EVENT-FORMAT.1]."""
    return {
        "chain_id": chain_id,
        "epoch": epoch,
        "round": round,
        "author": author,
        "parents": [[parent.round, parent.author, parent.digest] for parent in parents],
        "timestamp": timestamp,
        "transactions": list(transactions),
        "evidence": [[proof.first, proof.second] for proof in evidence],
    }


def event_digest(chain_id: int, body_bytes: bytes) -> bytes:
    """
    An event's digest: what its author signs and what its children reference.

    References
    ----------
    [AIN-CONS-EVENT-DIGEST.1] tagged_hash("AIN/consensus-event", u64_be(chain_id) || body).
    """
    digest = signing_digest(DomainTag.CONSENSUS_EVENT, chain_id, body_bytes)
    assert isinstance(digest, bytes)  # a u64 chain id, checked by the caller
    return digest


def sign_event(seed: bytes, body: dict[str, CborValue]) -> bytes:
    """
    Sign an event body with the author's seed and return the signed event's bytes.

    References
    ----------
    [AIN-CONS-EVENT-DIGEST.1], [AIN-CONS-EVENT-SIGNATURE.1]
    """
    chain_id = body["chain_id"]
    assert isinstance(chain_id, int)
    signature = sign(seed, DomainTag.CONSENSUS_EVENT, chain_id, encode(body))
    assert isinstance(signature, bytes)
    return encode({"body": body, "signature": signature})


def read_parent(raw: CborValue) -> EventRef | None:
    """One parent reference [round, author, digest], or None when its shape is wrong."""
    if type(raw) is not list or len(raw) != 3:
        return None
    round_number, author, digest = raw
    if not (is_u64(round_number) and is_sized_bytes(author, KEY_BYTES)):
        return None
    if not is_sized_bytes(digest, DIGEST_BYTES):
        return None
    assert isinstance(round_number, int) and isinstance(author, bytes)
    assert isinstance(digest, bytes)
    return EventRef(round_number, author, digest)


def read_evidence(raw: CborValue) -> EquivocationProof | None:
    """One proof [first, second] of two byte strings, or None when its shape is wrong."""
    if type(raw) is not list or len(raw) != 2:
        return None
    first, second = raw
    if type(first) is not bytes or type(second) is not bytes:
        return None
    return EquivocationProof(first, second)


def read_list(raw: CborValue, limit: int) -> list[CborValue] | None:
    """A list of at most ``limit`` items, or None."""
    if type(raw) is not list or len(raw) > limit:
        return None
    return raw


def read_event_body(
    raw: CborValue,
) -> tuple[dict[str, CborValue], tuple[EventRef, ...], tuple[EquivocationProof, ...]] | Rejection:
    """
    Check the body's fields and types, and read its parents and evidence.

    References
    ----------
    [AIN-CONS-EVENT-FORMAT.1]
    """
    if type(raw) is not dict or raw.keys() != BODY_FIELDS:
        return Rejection(ErrorCode.CONSENSUS_EVENT_MALFORMED, "body fields")
    for name in ("chain_id", "epoch", "round", "timestamp"):
        if not is_u64(raw[name]):
            return Rejection(ErrorCode.CONSENSUS_EVENT_MALFORMED, f"{name} is a u64")
    if not is_sized_bytes(raw["author"], KEY_BYTES):
        return Rejection(ErrorCode.CONSENSUS_EVENT_MALFORMED, "author is 32 bytes")
    raw_parents = read_list(raw["parents"], MAX_PARENTS)
    raw_transactions = read_list(raw["transactions"], MAX_EVENT_TRANSACTIONS)
    raw_evidence = read_list(raw["evidence"], MAX_EVIDENCE)
    if raw_parents is None or raw_transactions is None or raw_evidence is None:
        return Rejection(ErrorCode.CONSENSUS_EVENT_MALFORMED, "parents, transactions, evidence")
    parents = tuple(read_parent(item) for item in raw_parents)
    evidence = tuple(read_evidence(item) for item in raw_evidence)
    if any(type(item) is not bytes for item in raw_transactions):
        return Rejection(ErrorCode.CONSENSUS_EVENT_MALFORMED, "transactions are byte strings")
    checked_parents = tuple(parent for parent in parents if parent is not None)
    checked_evidence = tuple(proof for proof in evidence if proof is not None)
    if len(checked_parents) != len(parents) or len(checked_evidence) != len(evidence):
        return Rejection(ErrorCode.CONSENSUS_EVENT_MALFORMED, "parent or evidence shape")
    return raw, checked_parents, checked_evidence


def envelope_layout() -> tuple[bytes, int]:
    """
    The fixed bytes of every canonical signed event: before the body, and the length after it.

    Keys sort "body", "signature" (shorter first), and the signature has a fixed size, so every
    canonical signed event is the map head and "body" (6 bytes), the body's canonical encoding,
    then "signature", its byte-string head and the 64 signature bytes (76 bytes)
    [AIN-CONS-EVENT-FORMAT.1].
    """
    template = encode({"body": None, "signature": bytes(SIGNATURE_BYTES)})
    before_body = template[: template.index(encode(None))]
    return before_body, len(template) - len(before_body) - len(encode(None))


BEFORE_BODY, AFTER_BODY = envelope_layout()


def read_event(data: bytes) -> Event | Rejection:
    """
    Read a signed event's bytes without checking its signature.

    Parameters
    ----------
    data : bytes
        The signed event's canonical bytes.

    Returns
    -------
    Event | Rejection
        The event (its digest computed, its signature not yet checked), or the first failed
        check in the clause order below.

    References
    ----------
    [AIN-CONS-EVENT-SIZE.1] At most MAX_EVENT_SIZE bytes, checked first.
    [AIN-CONS-EVENT-FORMAT.1] Canonical encoding (the encoding's codes), then {body, signature},
    then the body's fields.
    [AIN-CONS-EVENT-DIGEST.1] The digest is computed over the body's canonical bytes.
    """
    # [AIN-CONS-EVENT-SIZE.1]
    if len(data) > MAX_EVENT_SIZE:
        return Rejection(ErrorCode.CONSENSUS_EVENT_TOO_LARGE, f"{len(data)} bytes")
    # [AIN-CONS-EVENT-FORMAT.1]
    raw = decode(data)
    if isinstance(raw, Rejection):
        return raw
    if type(raw) is not dict or raw.keys() != {"body", "signature"}:
        return Rejection(ErrorCode.CONSENSUS_EVENT_MALFORMED, "a signed event is {body, signature}")
    signature = raw["signature"]
    if not is_sized_bytes(signature, SIGNATURE_BYTES):
        return Rejection(ErrorCode.CONSENSUS_EVENT_MALFORMED, "signature is 64 bytes")
    assert isinstance(signature, bytes)
    read = read_event_body(raw["body"])
    if isinstance(read, Rejection):
        return read
    body, parents, evidence = read
    body_bytes = data[len(BEFORE_BODY) : len(data) - AFTER_BODY]  # == encode(body), tested
    chain_id, author, epoch = body["chain_id"], body["author"], body["epoch"]
    round_number, timestamp, transactions = body["round"], body["timestamp"], body["transactions"]
    assert isinstance(chain_id, int) and isinstance(author, bytes) and isinstance(epoch, int)
    assert isinstance(round_number, int) and isinstance(timestamp, int)
    assert isinstance(transactions, list)
    return Event(
        chain_id=chain_id,
        epoch=epoch,
        round=round_number,
        author=author,
        parents=parents,
        timestamp=timestamp,
        transactions=tuple(item for item in transactions if isinstance(item, bytes)),
        evidence=evidence,
        digest=event_digest(chain_id, body_bytes),
        signature=signature,
        signed_bytes=data,
    )


def check_event_signature(event: Event) -> Rejection | None:
    """
    Verify the author's signature over the event's digest (crypto's codes on failure).

    References
    ----------
    [AIN-CONS-EVENT-SIGNATURE.1]
    """
    return verify_ed25519(event.author, event.digest, event.signature)


def decode_event(data: bytes) -> Event | Rejection:
    """
    Read a signed event and check its author's signature.

    References
    ----------
    [AIN-CONS-EVENT-SIZE.1], [AIN-CONS-EVENT-FORMAT.1], then [AIN-CONS-EVENT-SIGNATURE.1].
    """
    event = read_event(data)
    if isinstance(event, Rejection):
        return event
    rejection = check_event_signature(event)
    return rejection if rejection is not None else event


@attrs.frozen(order=True)
class Equivocation:
    """What a valid proof establishes: this author signed two events for this slot."""

    chain_id: int
    epoch: int
    author: bytes
    round: int


@functools.lru_cache(maxsize=1 << 12)
def verify_equivocation_proof(proof: EquivocationProof) -> Equivocation | Rejection:
    """
    Check a transferable proof that an author signed two different events for one slot.

    Anyone can check it from the proof alone; whether the author was in the epoch's committee
    is the consumer's check. Verdicts are remembered per proof (a pure function's cache): every
    node meets each committed proof once per event that carries it.

    Returns
    -------
    Equivocation | Rejection
        The (chain, epoch, author, round) proven, or the first failed check.

    References
    ----------
    [AIN-CONS-EVIDENCE.1] Both events decode with valid signatures (first, then second); they
    share chain id, epoch, author and round; the first digest is below the second.
    """
    first = decode_event(proof.first)
    if isinstance(first, Rejection):
        return first
    second = decode_event(proof.second)
    if isinstance(second, Rejection):
        return second
    slot_first = (first.chain_id, first.epoch, first.author, first.round)
    slot_second = (second.chain_id, second.epoch, second.author, second.round)
    if slot_first != slot_second or first.digest == second.digest:
        return Rejection(ErrorCode.CONSENSUS_EVIDENCE_NOT_CONFLICTING, "not two events of a slot")
    if not first.digest < second.digest:
        return Rejection(ErrorCode.CONSENSUS_EVIDENCE_NOT_ORDERED, "digests out of order")
    return Equivocation(first.chain_id, first.epoch, first.author, first.round)


def make_equivocation_proof(one: Event, other: Event) -> EquivocationProof:
    """The proof of two events of one slot, in digest order [AIN-CONS-EVIDENCE.1]."""
    low, high = sorted((one, other), key=lambda event: event.digest)
    return EquivocationProof(low.signed_bytes, high.signed_bytes)
