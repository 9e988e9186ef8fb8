"""
Noise's CipherState and SymmetricState (Noise rev 34, sections 4, 5.1 and 5.2).

Spec: spec/channel.md, "Noise" ([AIN-CHAN-NOISE.1], [AIN-CHAN-AEAD.1], [AIN-CHAN-NONCE.1]).
Layer: jobs. Imports errors and the ``cryptography`` package (ChaCha20-Poly1305).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Final

import attrs
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from ain_ref.errors import ErrorCode, Rejection

TAG_SIZE: Final = 16
"""A ChaCha20-Poly1305 tag is 16 bytes."""
CIPHER_KEY_SIZE: Final = 32
NONCE_RESERVED: Final = 2**64 - 1
"""Noise reserves n = 2**64 - 1: no message is ever sent or read with it ([AIN-CHAN-NONCE.1])."""


@attrs.frozen
class HashFunction:
    """A Noise hash function: its name in the protocol name, HASHLEN and BLOCKLEN."""

    name: str
    hashlib_name: str

    @property
    def hash_length(self) -> int:
        """HASHLEN in bytes (32 or 64)."""
        return hashlib.new(self.hashlib_name).digest_size

    def digest(self, data: bytes) -> bytes:
        """HASH(data)."""
        return hashlib.new(self.hashlib_name, data).digest()

    def hmac(self, key: bytes, data: bytes) -> bytes:
        """
        HMAC-HASH(key, data), RFC 2104 with the hash's own block length.

        References
        ----------
        [AIN-CHAN-NOISE-HASHES.1] BLOCKLEN 64 for BLAKE2s and SHA256, 128 for BLAKE2b.
        """
        return hmac.new(key, data, self.hashlib_name).digest()

    def hkdf(self, chaining_key: bytes, input_key_material: bytes) -> tuple[bytes, bytes]:
        """
        Noise's HKDF with two outputs (section 4.3).

        References
        ----------
        [AIN-CHAN-NOISE.1] temp = HMAC(ck, ikm); out1 = HMAC(temp, 0x01);
        out2 = HMAC(temp, out1 || 0x02).
        """
        temporary_key = self.hmac(chaining_key, input_key_material)
        first = self.hmac(temporary_key, b"\x01")
        second = self.hmac(temporary_key, first + b"\x02")
        return first, second


HASH_FUNCTIONS: Final = {
    "BLAKE2s": HashFunction("BLAKE2s", "blake2s"),
    "BLAKE2b": HashFunction("BLAKE2b", "blake2b"),
    "SHA256": HashFunction("SHA256", "sha256"),
}
"""The hash functions of the cacophony vectors; the protocol's instantiation uses BLAKE2s."""


def chacha_nonce(nonce: int) -> bytes:
    """The 96-bit ChaChaPoly nonce: 32 zero bits, then n as 64 bits little-endian."""
    return bytes(4) + nonce.to_bytes(8, "little")


@attrs.define
class CipherState:
    """
    A key (or none yet) and the 64-bit nonce counter n (Noise section 5.1).

    References
    ----------
    [AIN-CHAN-NOISE.1], [AIN-CHAN-AEAD.1], [AIN-CHAN-NONCE.1]
    """

    key: bytes | None = None
    nonce: int = 0

    def has_key(self) -> bool:
        """HasKey(): whether a key has been set."""
        return self.key is not None

    def encrypt_with_ad(self, associated_data: bytes, plaintext: bytes) -> bytes | Rejection:
        """
        EncryptWithAd: the plaintext as is without a key; else ChaChaPoly at n, then n += 1.

        References
        ----------
        [AIN-CHAN-NONCE.1] n = 2**64 - 1 is never used: the call is refused.
        """
        if self.key is None:
            return plaintext
        # [AIN-CHAN-NONCE.1]
        if self.nonce >= NONCE_RESERVED:
            return Rejection(ErrorCode.CHANNEL_NONCE_EXHAUSTED, "the nonce 2**64 - 1 is reserved")
        ciphertext = ChaCha20Poly1305(self.key).encrypt(
            chacha_nonce(self.nonce), plaintext, associated_data
        )
        self.nonce += 1
        return ciphertext

    def decrypt_with_ad(self, associated_data: bytes, ciphertext: bytes) -> bytes | Rejection:
        """
        DecryptWithAd: the ciphertext as is without a key; else open it at n, then n += 1.

        References
        ----------
        [AIN-CHAN-NONCE.1] n = 2**64 - 1 is never used: the call is refused.
        [AIN-CHAN-AEAD.1] A tag that does not verify is refused, and n stays where it was.
        """
        if self.key is None:
            return ciphertext
        # [AIN-CHAN-NONCE.1]
        if self.nonce >= NONCE_RESERVED:
            return Rejection(ErrorCode.CHANNEL_NONCE_EXHAUSTED, "the nonce 2**64 - 1 is reserved")
        # [AIN-CHAN-AEAD.1]
        try:
            plaintext = ChaCha20Poly1305(self.key).decrypt(
                chacha_nonce(self.nonce), ciphertext, associated_data
            )
        except InvalidTag:
            return Rejection(ErrorCode.CHANNEL_MESSAGE_NOT_AUTHENTIC, "the tag does not verify")
        self.nonce += 1
        return plaintext


@attrs.define
class SymmetricState:
    """
    The chaining key ck, the handshake hash h and a CipherState (Noise section 5.2).

    References
    ----------
    [AIN-CHAN-NOISE.1]
    """

    hash_function: HashFunction
    chaining_key: bytes
    handshake_hash: bytes
    cipher: CipherState

    @classmethod
    def initialize(cls, protocol_name: bytes, hash_function: HashFunction) -> SymmetricState:
        """
        InitializeSymmetric: h is the name padded with zeros to HASHLEN, or its hash.

        References
        ----------
        [AIN-CHAN-NOISE-HASHES.1] The threshold is HASHLEN (32, or 64 for BLAKE2b).
        """
        hash_length = hash_function.hash_length
        if len(protocol_name) <= hash_length:
            handshake_hash = protocol_name + bytes(hash_length - len(protocol_name))
        else:
            handshake_hash = hash_function.digest(protocol_name)
        return cls(hash_function, handshake_hash, handshake_hash, CipherState())

    def mix_key(self, input_key_material: bytes) -> None:
        """
        MixKey: ck, k = HKDF(ck, ikm); k truncated to 32 bytes; n reset to 0.

        References
        ----------
        [AIN-CHAN-NOISE-HASHES.1] A cipher key is the first 32 bytes of its HKDF output.
        """
        self.chaining_key, key = self.hash_function.hkdf(self.chaining_key, input_key_material)
        self.cipher = CipherState(key[:CIPHER_KEY_SIZE])

    def mix_hash(self, data: bytes) -> None:
        """MixHash: h = HASH(h || data)."""
        self.handshake_hash = self.hash_function.digest(self.handshake_hash + data)

    def encrypt_and_hash(self, plaintext: bytes) -> bytes | Rejection:
        """EncryptAndHash: encrypt with h as associated data, then mix the ciphertext into h."""
        ciphertext = self.cipher.encrypt_with_ad(self.handshake_hash, plaintext)
        if isinstance(ciphertext, Rejection):
            return ciphertext
        self.mix_hash(ciphertext)
        return ciphertext

    def decrypt_and_hash(self, ciphertext: bytes) -> bytes | Rejection:
        """DecryptAndHash: open with h as associated data, then mix the ciphertext into h."""
        plaintext = self.cipher.decrypt_with_ad(self.handshake_hash, ciphertext)
        if isinstance(plaintext, Rejection):
            return plaintext
        self.mix_hash(ciphertext)
        return plaintext

    def split(self) -> tuple[CipherState, CipherState]:
        """
        Split: two CipherStates from HKDF(ck, empty), keys truncated to 32 bytes.

        References
        ----------
        [AIN-CHAN-NOISE-HASHES.1]
        """
        first, second = self.hash_function.hkdf(self.chaining_key, b"")
        return CipherState(first[:CIPHER_KEY_SIZE]), CipherState(second[:CIPHER_KEY_SIZE])
