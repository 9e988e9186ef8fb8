"""
X25519 for the channel: the exchange, its refusals, and a plain twin of the fast path.

Spec: spec/channel.md, "Diffie-Hellman" ([AIN-CHAN-DH.1], [AIN-CHAN-SMALL-ORDER.1]).
Layer: jobs. Imports errors and PyNaCl's bindings (libsodium's X25519).
"""

from __future__ import annotations

from typing import Final

import nacl.bindings
import nacl.exceptions

from ain_ref.errors import ErrorCode, Rejection

KEY_SIZE: Final = 32
"""DHLEN: an X25519 secret, public key and shared secret are 32 bytes."""
FIELD_PRIME: Final = 2**255 - 19
SMALL_ORDER_U: Final = frozenset(
    {
        0,
        1,
        FIELD_PRIME - 1,
        0x00B8495F16056286FDB1329CEB8D09DA6AC49FF1FAE35616AEB8413B7C7AEBE0,
        0x57119FD0DD4E22D8868E1C58C45C44045BEF839C55B1D0B1248C50A3BC959C5F,
    }
)
"""The u of every point of order 1, 2, 4 or 8 ([AIN-CHAN-SMALL-ORDER.1])."""


def decode_u(public_key: bytes) -> int:
    """RFC 7748 section 5: the top bit is masked, and a u of p or more is reduced mod p."""
    return (int.from_bytes(public_key, "little") & ((1 << 255) - 1)) % FIELD_PRIME


def is_small_order(public_key: bytes) -> bool:
    """
    Whether a received X25519 public key is of small order.

    References
    ----------
    [AIN-CHAN-SMALL-ORDER.1] The decoded u is one of the five small-order values.
    """
    return decode_u(public_key) in SMALL_ORDER_U


def x25519_public_key_of(secret: bytes) -> bytes:
    """The public key of a 32-byte X25519 secret: ``X25519(secret, 9)`` (RFC 7748)."""
    return bytes(nacl.bindings.crypto_scalarmult_base(secret))


def dh(secret: bytes, public_key: bytes) -> bytes | Rejection:
    """
    The X25519 exchange of Noise's DH(): RFC 7748's function, refusing an all-zero secret.

    Parameters
    ----------
    secret : bytes
        Own 32-byte X25519 secret (clamped by the function itself).
    public_key : bytes
        The peer's 32-byte public key.

    Returns
    -------
    bytes | Rejection
        The 32-byte shared secret, or ``CHANNEL_DH_ALL_ZERO``.

    References
    ----------
    [AIN-CHAN-DH.1] X25519 per RFC 7748; an all-zero output is refused (RFC 7748 section 6.1).
    """
    try:
        shared = bytes(nacl.bindings.crypto_scalarmult(secret, public_key))
    except nacl.exceptions.RuntimeError:  # libsodium refuses exactly the inputs giving zero
        shared = bytes(KEY_SIZE)
    # [AIN-CHAN-DH.1]
    if shared == bytes(KEY_SIZE):
        return Rejection(ErrorCode.CHANNEL_DH_ALL_ZERO, "the shared secret is all zero")
    return shared
