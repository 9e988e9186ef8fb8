"""
Noise handshakes KK and IK over 25519 and ChaChaPoly (Noise rev 34, sections 5.3, 7.4 and 7.5).

The handshake takes its ephemeral secrets as inputs, so that every message is reproducible: a
real party draws each one from a secure random source ([AIN-CHAN-EPHEMERAL.1]).

Spec: spec/channel.md, "Noise" ([AIN-CHAN-NOISE.1], [AIN-CHAN-READ.1], [AIN-CHAN-ORDER.1]).
Layer: jobs. Imports errors and the channel's x25519 and symmetric modules.
"""

from __future__ import annotations

from typing import Final

import attrs

from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.channel.symmetric import (
    TAG_SIZE,
    CipherState,
    HashFunction,
    SymmetricState,
)
from ain_ref.jobs.channel.x25519 import KEY_SIZE, dh, is_small_order, x25519_public_key_of

MAX_MESSAGE_SIZE: Final = 65535
"""Noise's limit on any message, handshake or transport, in bytes ([AIN-CHAN-MESSAGE-LENGTH.1])."""


@attrs.frozen
class HandshakePattern:
    """A Noise handshake pattern: its pre-messages and its message patterns, as token lists."""

    name: str
    initiator_premessage: tuple[str, ...]
    responder_premessage: tuple[str, ...]
    messages: tuple[tuple[str, ...], ...]


PATTERNS: Final = {
    "KK": HandshakePattern("KK", ("s",), ("s",), (("e", "es", "ss"), ("e", "ee", "se"))),
    "IK": HandshakePattern("IK", (), ("s",), (("e", "es", "s", "ss"), ("e", "ee", "se"))),
}
"""The two patterns of the channel (Noise section 7.5): KK when both static keys are known,
IK when only the responder's is ([AIN-CHAN-PATTERN.1])."""


def noise_protocol_name(pattern_name: str, hash_name: str) -> str:
    """
    The Noise protocol name of a pattern over 25519 and ChaChaPoly with a hash function.

    The one place the name is built: the handshake hashes it first, the channel's
    instantiation is ``noise_protocol_name(pattern, "BLAKE2s")``, and the noise handler
    accepts exactly the names this gives for the channel's patterns and the cacophony hashes.

    References
    ----------
    [AIN-CHAN-PATTERN.1] Noise_KK_25519_ChaChaPoly_BLAKE2s, Noise_IK_25519_ChaChaPoly_BLAKE2s.
    [AIN-CHAN-NOISE.1] The name the symmetric state is initialized with (Noise section 8).
    """
    return f"Noise_{pattern_name}_25519_ChaChaPoly_{hash_name}"


@attrs.define
class KeyPairX25519:
    """An X25519 secret and its public key."""

    secret: bytes
    public: bytes

    @classmethod
    def from_secret(cls, secret: bytes) -> KeyPairX25519:
        """The pair of a 32-byte secret."""
        return cls(secret, x25519_public_key_of(secret))


@attrs.define
class TransportState:
    """
    The two CipherStates after the handshake: one to send with, one to receive with.

    References
    ----------
    [AIN-CHAN-TRANSPORT.1]
    """

    sender: CipherState
    receiver: CipherState

    def write_message(self, payload: bytes) -> bytes | Rejection:
        """
        Encrypt one transport message, with empty associated data.

        References
        ----------
        [AIN-CHAN-TRANSPORT.1] The length, then the nonce.
        [AIN-CHAN-MESSAGE-LENGTH.1] The message (payload and tag) is at most 65,535 bytes.
        [AIN-CHAN-NONCE.1]
        """
        # [AIN-CHAN-MESSAGE-LENGTH.1]
        if len(payload) + TAG_SIZE > MAX_MESSAGE_SIZE:
            return Rejection(ErrorCode.CHANNEL_MESSAGE_TOO_LONG, "payload too long")
        return self.sender.encrypt_with_ad(b"", payload)

    def read_message(self, message: bytes) -> bytes | Rejection:
        """
        Open one transport message: length, then truncation, then nonce, then tag.

        References
        ----------
        [AIN-CHAN-TRANSPORT.1], [AIN-CHAN-MESSAGE-LENGTH.1], [AIN-CHAN-READ.1],
        [AIN-CHAN-NONCE.1], [AIN-CHAN-AEAD.1]
        """
        # [AIN-CHAN-MESSAGE-LENGTH.1]
        if len(message) > MAX_MESSAGE_SIZE:
            return Rejection(ErrorCode.CHANNEL_MESSAGE_TOO_LONG, "message too long")
        # [AIN-CHAN-READ.1]
        if len(message) < TAG_SIZE:
            return Rejection(ErrorCode.CHANNEL_MESSAGE_TRUNCATED, "shorter than a tag")
        return self.receiver.decrypt_with_ad(b"", message)


@attrs.define
class HandshakeState:
    """
    One party's handshake (Noise section 5.3): its keys, the peer's, and the message index.

    References
    ----------
    [AIN-CHAN-NOISE.1], [AIN-CHAN-ORDER.1]
    """

    pattern: HandshakePattern
    initiator: bool
    symmetric: SymmetricState
    static: KeyPairX25519 | None
    ephemeral: KeyPairX25519
    remote_static: bytes | None
    remote_ephemeral: bytes | None = None
    message_index: int = 0
    transport: TransportState | None = None

    @classmethod
    def initialize(
        cls,
        pattern: HandshakePattern,
        hash_function: HashFunction,
        *,
        initiator: bool,
        prologue: bytes,
        static_secret: bytes | None,
        ephemeral_secret: bytes,
        remote_static: bytes | None,
    ) -> HandshakeState:
        """
        Initialize: the protocol name, the prologue, then the pre-message keys, initiator's first.

        References
        ----------
        [AIN-CHAN-NOISE.1]
        """
        protocol_name = noise_protocol_name(pattern.name, hash_function.name)
        symmetric = SymmetricState.initialize(protocol_name.encode("ascii"), hash_function)
        symmetric.mix_hash(prologue)
        static = None if static_secret is None else KeyPairX25519.from_secret(static_secret)
        state = cls(
            pattern,
            initiator,
            symmetric,
            static,
            KeyPairX25519.from_secret(ephemeral_secret),
            remote_static,
        )
        for owner_is_initiator, tokens in (
            (True, pattern.initiator_premessage),
            (False, pattern.responder_premessage),
        ):
            for _token in tokens:  # only "s" occurs in KK and IK pre-messages
                state.symmetric.mix_hash(state.premessage_key(owner_is_initiator))
        return state

    def premessage_key(self, owner_is_initiator: bool) -> bytes:
        """The static public key a pre-message names: own when the owner is this party."""
        if owner_is_initiator == self.initiator:
            key = None if self.static is None else self.static.public
        else:
            key = self.remote_static
        if key is None:
            raise ValueError("a pre-message key is missing")  # a caller's bug, never an input
        return key

    def is_my_turn_to_write(self) -> bool:
        """Even messages are the initiator's, odd ones the responder's."""
        return (self.message_index % 2 == 0) == self.initiator

    def dh_of_token(self, token: str) -> bytes | Rejection:
        """The DH a token names, from this party's side (Noise section 5.3)."""
        own_first, remote_first = token[0], token[1]
        if not self.initiator:
            own_first, remote_first = remote_first, own_first
        own = self.ephemeral if own_first == "e" else self.static
        remote = self.remote_ephemeral if remote_first == "e" else self.remote_static
        if own is None or remote is None:
            raise ValueError(f"token {token} needs a key this party lacks")
        return dh(own.secret, remote)

    def message_size(self, payload_length: int) -> int:
        """
        The size of the next message this party writes, from its tokens and its payload.

        References
        ----------
        [AIN-CHAN-WRITE.1] e is 32 bytes, s 32 plus a tag once a key is set, the payload plus a
        tag once a key is set; a DH token sets the key.
        """
        has_key = self.symmetric.cipher.has_key()
        size = 0
        for token in self.pattern.messages[self.message_index]:
            if token == "e":
                size += KEY_SIZE
            elif token == "s":
                size += KEY_SIZE + (TAG_SIZE if has_key else 0)
            else:
                has_key = True
        return size + payload_length + (TAG_SIZE if has_key else 0)

    def write_message(self, payload: bytes) -> bytes | Rejection:
        """
        WriteMessage: the next message's tokens, then the encrypted payload.

        References
        ----------
        [AIN-CHAN-WRITE.1] The turn, then the whole message's length (known from the pattern
        and the payload), then the tokens in order (a DH all zero refused).
        [AIN-CHAN-ORDER.1], [AIN-CHAN-NOISE.1], [AIN-CHAN-MESSAGE-LENGTH.1]
        """
        # [AIN-CHAN-ORDER.1]
        if self.transport is not None or not self.is_my_turn_to_write():
            return Rejection(ErrorCode.CHANNEL_OUT_OF_ORDER, "it is the peer's turn to write")
        # [AIN-CHAN-WRITE.1] The length before any token.
        size = self.message_size(len(payload))
        if size > MAX_MESSAGE_SIZE:
            return Rejection(ErrorCode.CHANNEL_MESSAGE_TOO_LONG, "message too long")
        buffer = bytearray()
        for token in self.pattern.messages[self.message_index]:
            if token == "e":
                buffer += self.ephemeral.public
                self.symmetric.mix_hash(self.ephemeral.public)
            elif token == "s":
                assert self.static is not None
                encrypted = self.symmetric.encrypt_and_hash(self.static.public)
                if isinstance(encrypted, Rejection):
                    return encrypted
                buffer += encrypted
            else:
                shared = self.dh_of_token(token)
                if isinstance(shared, Rejection):
                    return shared
                self.symmetric.mix_key(shared)
        encrypted_payload = self.symmetric.encrypt_and_hash(payload)
        if isinstance(encrypted_payload, Rejection):
            return encrypted_payload
        buffer += encrypted_payload
        assert len(buffer) == size  # message_size foretold it
        self.advance()
        return bytes(buffer)

    def read_message(self, message: bytes) -> bytes | Rejection:
        """
        ReadMessage: the next message's tokens, then the payload, each checked in turn.

        References
        ----------
        [AIN-CHAN-ORDER.1], [AIN-CHAN-MESSAGE-LENGTH.1], [AIN-CHAN-READ.1],
        [AIN-CHAN-SMALL-ORDER.1], [AIN-CHAN-DH.1], [AIN-CHAN-AEAD.1]
        """
        # [AIN-CHAN-ORDER.1]
        if self.transport is not None or self.is_my_turn_to_write():
            return Rejection(ErrorCode.CHANNEL_OUT_OF_ORDER, "it is this party's turn to write")
        # [AIN-CHAN-MESSAGE-LENGTH.1]
        if len(message) > MAX_MESSAGE_SIZE:
            return Rejection(ErrorCode.CHANNEL_MESSAGE_TOO_LONG, "message too long")
        offset = 0
        for token in self.pattern.messages[self.message_index]:
            if token in ("e", "s"):
                size = KEY_SIZE + (
                    TAG_SIZE if token == "s" and self.symmetric.cipher.has_key() else 0
                )
                # [AIN-CHAN-READ.1]
                if len(message) - offset < size:
                    return Rejection(ErrorCode.CHANNEL_MESSAGE_TRUNCATED, f"no room for {token}")
                key = self.read_key(token, message[offset : offset + size])
                if isinstance(key, Rejection):
                    return key
                offset += size
            else:
                shared = self.dh_of_token(token)
                if isinstance(shared, Rejection):
                    return shared
                self.symmetric.mix_key(shared)
        # [AIN-CHAN-READ.1]
        if self.symmetric.cipher.has_key() and len(message) - offset < TAG_SIZE:
            return Rejection(ErrorCode.CHANNEL_MESSAGE_TRUNCATED, "no room for the payload's tag")
        payload = self.symmetric.decrypt_and_hash(message[offset:])
        if isinstance(payload, Rejection):
            return payload
        self.advance()
        return payload

    def write_next(self, payload: bytes) -> bytes | Rejection:
        """
        The side's next message: a handshake message until the handshake ends, then transport.

        The one dispatch between the two phases: the channel's party and the noise handler
        both write through it.

        References
        ----------
        [AIN-CHAN-ORDER.1], [AIN-CHAN-TRANSPORT.1]
        """
        if self.transport is None:
            return self.write_message(payload)
        return self.transport.write_message(payload)

    def read_next(self, message: bytes) -> bytes | Rejection:
        """
        Read the peer's next message: a handshake message, then transport messages.

        References
        ----------
        [AIN-CHAN-ORDER.1], [AIN-CHAN-TRANSPORT.1]
        """
        if self.transport is None:
            return self.read_message(message)
        return self.transport.read_message(message)

    def read_key(self, token: str, field: bytes) -> bytes | Rejection:
        """Read the peer's e (in clear) or s (encrypted once a key is set), refusing small order."""
        if token == "e":
            key = field
            self.symmetric.mix_hash(key)
        else:
            decrypted = self.symmetric.decrypt_and_hash(field)
            if isinstance(decrypted, Rejection):
                return decrypted
            key = decrypted
        # [AIN-CHAN-SMALL-ORDER.1]
        if is_small_order(key):
            return Rejection(
                ErrorCode.CHANNEL_SMALL_ORDER_KEY, f"the peer's {token} has small order"
            )
        if token == "e":
            self.remote_ephemeral = key
        else:
            self.remote_static = key
        return key

    def advance(self) -> None:
        """Count a message; after the last one, Split into the transport's CipherStates."""
        self.message_index += 1
        if self.message_index == len(self.pattern.messages):
            first, second = self.symmetric.split()
            self.transport = (
                TransportState(first, second) if self.initiator else TransportState(second, first)
            )
