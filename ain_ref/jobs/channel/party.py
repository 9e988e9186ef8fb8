"""
One party of a channel: the handshake, the replay rule, then transport messages.

Spec: spec/channel.md, "A party" ([AIN-CHAN-REPLAY.1], [AIN-CHAN-IK-IDENTITY.1],
[AIN-CHAN-ORDER.1], [AIN-CHAN-NONCE.1]).
Layer: jobs. Imports crypto, errors and the channel's other modules.
"""

from __future__ import annotations

import attrs

from ain_ref import crypto
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.channel.handshake import HandshakeState, TransportState
from ain_ref.jobs.channel.instantiation import begin_handshake, identity_of_opening


@attrs.define
class Party:
    """
    A party's handshake and what it has learned: the peer's identity and the opening key.

    ``seen_openings`` is the responder's replay memory for this task: the initiator ephemeral
    keys of every first message it has accepted ([AIN-CHAN-REPLAY.1]). A party that refuses a
    step is abandoned: no caller runs another step on it ([AIN-CHAN-ABANDON.1]).
    """

    handshake: HandshakeState
    own_identity: bytes
    remote_identity: bytes | None
    seen_openings: frozenset[bytes]
    opening: bytes | None = None

    @property
    def is_ik_opening(self) -> bool:
        """Whether the next handshake message is IK's first, which carries an identity."""
        return self.handshake.pattern.name == "IK" and self.handshake.message_index == 0

    @property
    def handshake_hash(self) -> bytes | None:
        """The handshake hash h, once the handshake is complete."""
        if self.handshake.transport is None:
            return None
        return self.handshake.symmetric.handshake_hash


def open_party(
    pattern_name: str,
    *,
    initiator: bool,
    chain_id: int,
    task_id: bytes,
    seed: bytes,
    remote_identity: bytes | None,
    ephemeral_secret: bytes,
    seen_openings: frozenset[bytes] = frozenset(),
) -> Party | Rejection:
    """
    A party ready for its first step, or the rejection of [AIN-CHAN-SETUP.1]'s first failure.

    References
    ----------
    [AIN-CHAN-SETUP.1]
    """
    handshake = begin_handshake(
        pattern_name,
        initiator=initiator,
        chain_id=chain_id,
        task_id=task_id,
        seed=seed,
        remote_identity=remote_identity,
        ephemeral_secret=ephemeral_secret,
    )
    if isinstance(handshake, Rejection):
        return handshake
    keypair = crypto.keypair_from_seed(seed)
    assert not isinstance(keypair, Rejection)  # the seed passed begin_handshake
    return Party(handshake, keypair.public_key, remote_identity, seen_openings)


def write(party: Party, payload: bytes) -> bytes | Rejection:
    """
    Write the party's next message: a handshake message, or a transport message after it.

    References
    ----------
    [AIN-CHAN-IK-IDENTITY.1] IK's first payload is the initiator's identity, then early data.
    [AIN-CHAN-ORDER.1], [AIN-CHAN-MESSAGE-LENGTH.1], [AIN-CHAN-NONCE.1], [AIN-CHAN-WRITE.1]
    """
    handshake = party.handshake
    first_message = handshake.transport is None and handshake.message_index == 0
    if party.is_ik_opening and handshake.initiator:
        payload = party.own_identity + payload
    message = handshake.write_next(payload)
    if isinstance(message, Rejection):
        return message
    if first_message:
        party.opening = handshake.ephemeral.public
    return message


def read(party: Party, message: bytes) -> bytes | Rejection:
    """
    Read the peer's next message; a responder checks the opening's identity, then its replay.

    References
    ----------
    [AIN-CHAN-IK-IDENTITY.1], [AIN-CHAN-REPLAY.1], [AIN-CHAN-ORDER.1], [AIN-CHAN-READ.1]
    [AIN-CHAN-REPLAY.1] An accepted opening joins the responder's set.
    """
    handshake = party.handshake
    first_message = handshake.transport is None and handshake.message_index == 0
    ik_opening = party.is_ik_opening
    payload = handshake.read_next(message)
    if isinstance(payload, Rejection):
        return payload
    if ik_opening and not handshake.initiator:
        assert handshake.remote_static is not None  # IK's first message carries s
        split = identity_of_opening(payload, handshake.remote_static)
        if isinstance(split, Rejection):
            return split
        party.remote_identity, payload = split
    if first_message and not handshake.initiator:
        opening = handshake.remote_ephemeral
        assert opening is not None  # message 1 opens with the initiator's e
        # [AIN-CHAN-REPLAY.1] One first message per ephemeral key and task.
        if opening in party.seen_openings:
            return Rejection(ErrorCode.CHANNEL_OPENING_REPLAYED, "this opening was accepted before")
        party.opening = opening
        party.seen_openings = party.seen_openings | {opening}
    return payload


def set_nonce(party: Party, sending: bool, nonce: int) -> Rejection | None:
    """
    Noise's SetNonce on the sending or receiving CipherState of an established channel.

    References
    ----------
    [AIN-CHAN-ORDER.1] Only after the handshake; [AIN-CHAN-NONCE.1] n in 0 .. 2**64 - 1.
    """
    transport: TransportState | None = party.handshake.transport
    # [AIN-CHAN-ORDER.1]
    if transport is None:
        return Rejection(ErrorCode.CHANNEL_OUT_OF_ORDER, "no nonce before the handshake ends")
    cipher = transport.sender if sending else transport.receiver
    cipher.nonce = nonce
    return None
