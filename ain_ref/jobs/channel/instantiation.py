"""
The protocol's instantiation of Noise: names, prologue, static keys and the IK identity payload.

Spec: spec/channel.md, "Instantiation" ([AIN-CHAN-PATTERN.1], [AIN-CHAN-PROLOGUE.1],
[AIN-CHAN-STATIC-KEYS.1], [AIN-CHAN-EPHEMERAL.1], [AIN-CHAN-IK-IDENTITY.1]).
Layer: jobs. Imports crypto, errors and the channel's handshake.
"""

from __future__ import annotations

from typing import Final

from ain_ref import crypto
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.channel.handshake import PATTERNS, HandshakeState
from ain_ref.jobs.channel.symmetric import HASH_FUNCTIONS
from ain_ref.jobs.channel.x25519 import KEY_SIZE

PROLOGUE_LABEL: Final = b"AIN/channel-prologue"
"""The first 20 bytes of every prologue ([AIN-CHAN-PROLOGUE.1])."""
TASK_ID_SIZE: Final = 32
HASH_NAME: Final = "BLAKE2s"
"""
The channel's Noise hash function ([AIN-CHAN-PATTERN.1]): the handshake of ``begin_handshake``
runs ``handshake.noise_protocol_name(pattern, HASH_NAME)``.
"""
IDENTITY_SIZE: Final = 32
"""An Ed25519 public key, as it opens an IK first payload ([AIN-CHAN-IK-IDENTITY.1])."""


def prologue(chain_id: int, task_id: bytes) -> bytes | Rejection:
    """
    The prologue that binds a handshake to one chain and one task.

    Returns
    -------
    bytes | Rejection
        ``ascii("AIN/channel-prologue") || u64_be(chain_id) || task_id`` (60 bytes), or
        ``CRYPTO_BAD_CHAIN_ID`` or ``CHANNEL_BAD_TASK_ID``, in that order.

    References
    ----------
    [AIN-CHAN-PROLOGUE.1]
    """
    # [AIN-CHAN-PROLOGUE.1] The chain id first, then the task id.
    if type(chain_id) is not int or not 0 <= chain_id <= crypto.CHAIN_ID_MAX:
        return Rejection(ErrorCode.CRYPTO_BAD_CHAIN_ID, "chain id out of range")
    if len(task_id) != TASK_ID_SIZE:
        return Rejection(ErrorCode.CHANNEL_BAD_TASK_ID, "a task id is 32 bytes")
    return PROLOGUE_LABEL + crypto.u64_big_endian(chain_id) + task_id


def static_keys(
    seed: bytes, remote_identity: bytes | None
) -> tuple[bytes, bytes | None] | Rejection:
    """
    A party's X25519 static secret and the peer's X25519 static key, from Ed25519 identities.

    Returns
    -------
    tuple[bytes, bytes | None] | Rejection
        Own secret and the peer's key (None when the peer is not yet known), or
        ``CRYPTO_BAD_SEED`` or ``CHANNEL_KEY_CONVERSION_FAILED``, in that order.

    References
    ----------
    [AIN-CHAN-STATIC-KEYS.1], [AIN-CRYPTO-X25519.1]
    [AIN-CHAN-MIXED-ORDER.1] A key of mixed order is not acceptable: the conversion refuses it.
    """
    own_secret = crypto.x25519_secret_key(seed)
    if isinstance(own_secret, Rejection):
        return own_secret
    if remote_identity is None:
        return own_secret, None
    remote_static = crypto.x25519_public_key(remote_identity)
    if isinstance(remote_static, Rejection):
        return remote_static
    return own_secret, remote_static


def begin_handshake(
    pattern_name: str,
    *,
    initiator: bool,
    chain_id: int,
    task_id: bytes,
    seed: bytes,
    remote_identity: bytes | None,
    ephemeral_secret: bytes,
) -> HandshakeState | Rejection:
    """
    One party's handshake state, checked in the order of [AIN-CHAN-SETUP.1].

    Parameters
    ----------
    pattern_name : str
        "KK" or "IK".
    initiator : bool
        The party's role.
    chain_id, task_id : int, bytes
        What the prologue binds.
    seed : bytes
        The party's Ed25519 seed, whose X25519 secret is its static key.
    remote_identity : bytes | None
        The peer's Ed25519 public key from the chain; None for an IK responder.
    ephemeral_secret : bytes
        The party's 32-byte ephemeral X25519 secret, drawn at random by a real client.

    References
    ----------
    [AIN-CHAN-SETUP.1], [AIN-CHAN-EPHEMERAL.1]
    """
    # [AIN-CHAN-SETUP.1] Prologue, then keys, then the ephemeral secret.
    handshake_prologue = prologue(chain_id, task_id)
    if isinstance(handshake_prologue, Rejection):
        return handshake_prologue
    keys = static_keys(seed, remote_identity)
    if isinstance(keys, Rejection):
        return keys
    # [AIN-CHAN-EPHEMERAL.1]
    if len(ephemeral_secret) != KEY_SIZE:
        return Rejection(ErrorCode.CHANNEL_BAD_EPHEMERAL_KEY, "an ephemeral secret is 32 bytes")
    own_secret, remote_static = keys
    return HandshakeState.initialize(
        PATTERNS[pattern_name],
        HASH_FUNCTIONS[HASH_NAME],
        initiator=initiator,
        prologue=handshake_prologue,
        static_secret=own_secret,
        ephemeral_secret=ephemeral_secret,
        remote_static=remote_static,
    )


def identity_of_opening(payload: bytes, remote_static: bytes) -> tuple[bytes, bytes] | Rejection:
    """
    Split an IK first payload into the initiator's Ed25519 identity and its early data.

    Returns
    -------
    tuple[bytes, bytes] | Rejection
        (identity, early data), or the code of the first check that fails.

    References
    ----------
    [AIN-CHAN-IK-IDENTITY.1] 32 bytes at least, an acceptable key, converting to the static
    key the message proved.
    [AIN-CHAN-MIXED-ORDER.1] A named key of mixed order is refused although s authenticated;
    s is compared as sent.
    """
    # [AIN-CHAN-IK-IDENTITY.1]
    if len(payload) < IDENTITY_SIZE:
        return Rejection(ErrorCode.CHANNEL_MESSAGE_TRUNCATED, "no room for the identity")
    identity = payload[:IDENTITY_SIZE]
    converted = crypto.x25519_public_key(identity)
    if isinstance(converted, Rejection):
        return converted
    if converted != remote_static:
        return Rejection(ErrorCode.CHANNEL_IDENTITY_MISMATCH, "identity and static key differ")
    return identity, payload[IDENTITY_SIZE:]
