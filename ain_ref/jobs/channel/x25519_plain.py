"""
X25519 in plain integers: RFC 7748's Montgomery ladder, the twin the fast exchange is checked by.

Shares no code with ``x25519.dh`` (which calls libsodium through PyNaCl); a property test
checks that the two agree on random and small-order inputs ([AIN-CHAN-DH.1]).

Spec: spec/channel.md, "Noise, as the protocol uses it" ([AIN-CHAN-DH.1]).
Layer: jobs. Imports nothing of ain_ref.
"""

from __future__ import annotations

from typing import Final

FIELD_PRIME: Final = 2**255 - 19
A24: Final = 121665
"""(486662 - 2) / 4, RFC 7748 section 5."""


def decode_u_plain(public_key: bytes) -> int:
    """RFC 7748 decodeUCoordinate: mask the top bit, then reduce mod p."""
    return (int.from_bytes(public_key, "little") % 2**255) % FIELD_PRIME


def clamp(secret: bytes) -> int:
    """RFC 7748 decodeScalar25519: clear bits 0, 1, 2 and 255, set bit 254."""
    scalar = bytearray(secret)
    scalar[0] &= 248
    scalar[31] &= 127
    scalar[31] |= 64
    return int.from_bytes(scalar, "little")


def x25519_plain(secret: bytes, public_key: bytes) -> bytes:
    """
    RFC 7748's Montgomery ladder in plain integers: the twin ``dh`` is tested against.

    References
    ----------
    [AIN-CHAN-DH.1]
    """
    scalar, x_1 = clamp(secret), decode_u_plain(public_key)
    x_2, z_2, x_3, z_3, swap = 1, 0, x_1, 1, 0
    for bit_index in reversed(range(255)):
        bit = (scalar >> bit_index) & 1
        swap ^= bit
        if swap:
            x_2, x_3, z_2, z_3 = x_3, x_2, z_3, z_2
        swap = bit
        a, b = (x_2 + z_2) % FIELD_PRIME, (x_2 - z_2) % FIELD_PRIME
        c, d = (x_3 + z_3) % FIELD_PRIME, (x_3 - z_3) % FIELD_PRIME
        aa, bb = a * a % FIELD_PRIME, b * b % FIELD_PRIME
        e = (aa - bb) % FIELD_PRIME
        da, cb = d * a % FIELD_PRIME, c * b % FIELD_PRIME
        x_3 = (da + cb) ** 2 % FIELD_PRIME
        z_3 = x_1 * (da - cb) ** 2 % FIELD_PRIME
        x_2 = aa * bb % FIELD_PRIME
        z_2 = e * (aa + A24 * e) % FIELD_PRIME
    if swap:
        x_2, z_2 = x_3, z_3
    return (x_2 * pow(z_2, FIELD_PRIME - 2, FIELD_PRIME) % FIELD_PRIME).to_bytes(32, "little")
