"""What the channel fillers share: identities, a task, ephemeral secrets, and conversations."""

from __future__ import annotations

import hashlib
from typing import Any

from ain_ref import ed25519
from ain_ref.crypto import KeyPair, is_acceptable_public_key, keypair_from_seed
from ain_ref.errors import Rejection
from ain_ref.jobs.channel import party as channel_party
from ain_ref.jobs.channel.handshake import HandshakeState
from ain_ref.jobs.channel.instantiation import begin_handshake
from ain_ref.jobs.channel.x25519 import x25519_public_key_of


def digest(label: str) -> bytes:
    """32 bytes named by a label: task ids and ephemeral secrets of the vectors."""
    return hashlib.sha256(label.encode("ascii")).digest()


def public_key(seed: bytes) -> bytes:
    """The Ed25519 public key of a seed."""
    keypair = keypair_from_seed(seed)
    assert isinstance(keypair, KeyPair)
    return keypair.public_key


CHAIN_ID = 7
TASK_ID = digest("task 1")
OTHER_TASK_ID = digest("task 2")
AGENT_SEED, PROVIDER_SEED, STRANGER_SEED = bytes([41]) * 32, bytes([42]) * 32, bytes([43]) * 32
AGENT, PROVIDER, STRANGER = (public_key(s) for s in (AGENT_SEED, PROVIDER_SEED, STRANGER_SEED))
INITIATOR_EPHEMERAL = digest("initiator ephemeral")
RESPONDER_EPHEMERAL = digest("responder ephemeral")
OPENING = x25519_public_key_of(INITIATOR_EPHEMERAL)
"""The agent's opening: the ephemeral public key that starts its message 1."""
SMALL_ORDER_ED25519 = bytes(32)
"""y = 0: an Ed25519 key of order 4, not acceptable ([AIN-CRYPTO-PUBLIC-KEY.1])."""
TORSION_POINTS = {
    2: (ed25519.FIELD_PRIME - 1).to_bytes(32, "little"),
    4: bytes(32),
    8: bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
}
"""Ed25519 points of order 2 (y = -1), 4 (y = 0) and 8, by their order."""


def mixed_order(public_key: bytes, order: int) -> bytes:
    """
    The key A + T, T the torsion point of ``order``: on the curve, not of small order, and
    outside the prime-order subgroup, so not acceptable ([AIN-CHAN-MIXED-ORDER.1]).
    """
    point = ed25519.point_decompress(public_key)
    torsion = ed25519.point_decompress(TORSION_POINTS[order])
    assert point is not None and torsion is not None
    assert ed25519.points_equal(
        ed25519.scalar_multiply(order, torsion), ed25519.IDENTITY
    ) and not ed25519.points_equal(ed25519.scalar_multiply(order // 2, torsion), ed25519.IDENTITY)
    key = ed25519.point_compress(ed25519.point_add(point, torsion))
    assert not is_acceptable_public_key(key)
    return key


def montgomery_u(public_key: bytes) -> bytes:
    """The u = (1 + y) / (1 - y) mod p of any Ed25519 encoding, acceptable or not."""
    y = ed25519.encoded_y(public_key)
    u = (1 + y) * pow(1 - y, ed25519.FIELD_PRIME - 2, ed25519.FIELD_PRIME) % ed25519.FIELD_PRIME
    return u.to_bytes(32, "little")


def party_input(
    pattern: str,
    role: str,
    steps: list[dict[str, str]],
    **overrides: Any,
) -> dict[str, Any]:
    """
    The input of channel/party: the agent initiates to the provider on chain 7, task 1.

    Overrides name input fields (bytes are written as hex, an int chain id as decimal).
    """
    initiator = role == "initiator"
    remote: bytes | None = PROVIDER if initiator else AGENT
    if pattern == "IK" and not initiator:
        remote = None
    fields: dict[str, Any] = {
        "pattern": pattern,
        "role": role,
        "chain_id": CHAIN_ID,
        "task_id": TASK_ID,
        "seed": AGENT_SEED if initiator else PROVIDER_SEED,
        "remote_identity": remote,
        "ephemeral": INITIATOR_EPHEMERAL if initiator else RESPONDER_EPHEMERAL,
        "seen_openings": [],
        "steps": steps,
    }
    fields.update(overrides)
    return {name: as_json(value) for name, value in fields.items()}


def as_json(value: Any) -> Any:
    """Bytes as hex, ints as decimal strings, lists item by item."""
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value


def raw_handshake(pattern: str, *, initiator: bool, **overrides: Any) -> HandshakeState:
    """A bare handshake state of the instantiation, to write messages no honest party writes."""
    arguments: dict[str, Any] = {
        "chain_id": CHAIN_ID,
        "task_id": TASK_ID,
        "seed": AGENT_SEED if initiator else PROVIDER_SEED,
        "remote_identity": PROVIDER if initiator else (AGENT if pattern == "KK" else None),
        "ephemeral_secret": INITIATOR_EPHEMERAL if initiator else RESPONDER_EPHEMERAL,
    }
    arguments.update(overrides)
    state = begin_handshake(pattern, initiator=initiator, **arguments)
    assert isinstance(state, HandshakeState)
    return state


def honest_parties(
    pattern: str, chain_id: int = CHAIN_ID, task_id: bytes = TASK_ID
) -> tuple[channel_party.Party, channel_party.Party]:
    """The agent as initiator and the provider as responder, before any message."""
    initiator = channel_party.open_party(
        pattern,
        initiator=True,
        chain_id=chain_id,
        task_id=task_id,
        seed=AGENT_SEED,
        remote_identity=PROVIDER,
        ephemeral_secret=INITIATOR_EPHEMERAL,
    )
    responder = channel_party.open_party(
        pattern,
        initiator=False,
        chain_id=chain_id,
        task_id=task_id,
        seed=PROVIDER_SEED,
        remote_identity=AGENT if pattern == "KK" else None,
        ephemeral_secret=RESPONDER_EPHEMERAL,
    )
    assert isinstance(initiator, channel_party.Party)
    assert isinstance(responder, channel_party.Party)
    return initiator, responder


def conversation(
    pattern: str, payloads: list[bytes], chain_id: int = CHAIN_ID, task_id: bytes = TASK_ID
) -> tuple[list[bytes], bytes | None]:
    """
    The messages of an honest conversation: handshake, then transport, alternating sides.

    The agent initiates; message i is the initiator's when i is even. Both parties are run,
    so every message is also read (and checked) by its peer. Returns the messages and the
    handshake hash both parties agree on (None before the handshake ends).
    """
    initiator, responder = honest_parties(pattern, chain_id, task_id)
    messages = []
    for index, payload in enumerate(payloads):
        writer, reader = (initiator, responder) if index % 2 == 0 else (responder, initiator)
        message = channel_party.write(writer, payload)
        assert not isinstance(message, Rejection), message
        assert channel_party.read(reader, message) == payload
        messages.append(message)
    assert initiator.handshake_hash == responder.handshake_hash
    return messages, initiator.handshake_hash


def flip(message: bytes, index: int) -> bytes:
    """The message with the low bit of one byte flipped."""
    return message[:index] + bytes([message[index] ^ 1]) + message[index + 1 :]


def handshake_steps(pattern: str, role: str, payloads: list[bytes]) -> list[dict[str, str]]:
    """The steps by which one honest party completes the handshake of ``conversation``."""
    messages, _ = conversation(pattern, payloads[:2])
    if role == "initiator":
        return [{"write": payloads[0].hex()}, {"read": messages[1].hex()}]
    return [{"read": messages[0].hex()}, {"write": payloads[1].hex()}]
