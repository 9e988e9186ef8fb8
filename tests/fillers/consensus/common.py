"""What the consensus fillers share: a committee of four, and building signed events."""

from __future__ import annotations

from typing import Any

from ain_ref.consensus.committee import ConsensusParameters
from ain_ref.crypto import KeyPair, keypair_from_seed
from ain_ref.errors import Rejection
from ain_ref.events import EquivocationProof, EventRef, event_body, read_event, sign_event

CHAIN_ID = 7
EPOCH = 0
SEEDS = [bytes([number]) * 32 for number in (11, 12, 13, 14)]


def public_key(seed: bytes) -> bytes:
    """The public key of a seed."""
    keypair = keypair_from_seed(seed)
    assert isinstance(keypair, KeyPair)
    return keypair.public_key


MEMBERS = sorted((public_key(seed), seed) for seed in SEEDS)
KEYS = [key for key, _ in MEMBERS]
"""The committee's keys in index order."""
SEED_OF = [seed for _, seed in MEMBERS]
"""Each validator index's seed."""
PARAMETERS = ConsensusParameters()


def committee_json(stakes: tuple[int, ...] = (1, 1, 1, 1)) -> list[dict[str, str]]:
    """The committee of four in handler JSON."""
    return [
        {"public_key": key.hex(), "stake": str(stake)}
        for key, stake in zip(KEYS, stakes, strict=True)
    ]


def context(
    stakes: tuple[int, ...] = (1, 1, 1, 1),
    max_rounds_ahead: int = PARAMETERS.max_rounds_ahead,
    gc_depth: int = PARAMETERS.gc_depth,
    max_suspended: int = PARAMETERS.max_suspended,
) -> dict[str, Any]:
    """The fields every consensus handler input shares."""
    return {
        "committee": committee_json(stakes),
        "epoch": str(EPOCH),
        "chain_id": str(CHAIN_ID),
        "parameters": {
            "max_rounds_ahead": str(max_rounds_ahead),
            "gc_depth": str(gc_depth),
            "max_suspended": str(max_suspended),
        },
    }


def make_event(
    author: int,
    round_number: int,
    parents: list[bytes],
    *,
    timestamp: int | None = None,
    transactions: tuple[bytes, ...] = (),
    evidence: tuple[EquivocationProof, ...] = (),
    chain_id: int = CHAIN_ID,
    epoch: int = EPOCH,
    author_key: bytes | None = None,
    seed: bytes | None = None,
    refs: tuple[EventRef, ...] | None = None,
) -> bytes:
    """A signed event of validator ``author``; parents are signed events (their refs are used)."""
    parent_refs = refs if refs is not None else tuple(ref_of(parent) for parent in parents)
    body = event_body(
        chain_id=chain_id,
        epoch=epoch,
        round=round_number,
        author=author_key if author_key is not None else KEYS[author],
        parents=parent_refs,
        timestamp=round_number * 1000 if timestamp is None else timestamp,
        transactions=transactions,
        evidence=evidence,
    )
    return sign_event(seed if seed is not None else SEED_OF[author], body)


def ref_of(data: bytes) -> EventRef:
    """The reference to a signed event."""
    event = read_event(data)
    assert not isinstance(event, Rejection)
    return event.ref()


def digest_of(data: bytes) -> str:
    """The hex digest of a signed event."""
    return ref_of(data).digest.hex()


def full_rounds(
    rounds: range, skip: set[tuple[int, int]] = frozenset(), previous: list[bytes] | None = None
) -> list[list[bytes]]:
    """
    Rounds where every validator references every event of the previous round (own first).

    ``skip`` lists (round, author) slots left empty. Returns the events per round, by author.
    """
    layers: list[list[bytes]] = []
    below = previous or []
    latest: dict[int, bytes] = {}
    for event in below:
        latest[KEYS.index(ref_of(event).author)] = event
    for round_number in rounds:
        layer = []
        for author in range(4):
            if (round_number, author) in skip:
                continue
            parents = order_own_first(author, below, latest) if round_number else []
            event = make_event(author, round_number, parents)
            layer.append(event)
        for event in layer:
            latest[KEYS.index(ref_of(event).author)] = event
        layers.append(layer)
        below = layer
    return layers


def order_own_first(author: int, below: list[bytes], latest: dict[int, bytes]) -> list[bytes]:
    """Parents: the author's own latest event, then the previous round's others."""
    own = latest[author]
    return [own] + [event for event in below if event != own]


def transaction_hash(data: bytes) -> str:
    """The hex id of a signed transaction [AIN-TX-ID.1]."""
    from ain_ref.chain import decode_transaction

    transaction = decode_transaction(data)
    assert not isinstance(transaction, Rejection)
    return transaction.id.hex()
