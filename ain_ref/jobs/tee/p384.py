"""
ECDSA over P-384 with SHA-384, with every input rule stated here rather than left to a library.

A public key is the 97-byte uncompressed point, checked on the curve by the curve equation; a
signature is (r, s), each checked in 1 .. n - 1. ``cryptography`` then only does the
arithmetic of the verification equation on inputs these rules have admitted.

Spec: spec/tee.md ([AIN-TEE-CHAIN-ALGORITHM.2], [AIN-TEE-CHAIN-SIGNATURE.2],
[AIN-TEE-COSE-SIGNATURE.1]); FIPS 186-5, SEC 1 section 2.3.4.
Layer: jobs (tee). Imports jobs.tee.der; cryptography for the verification equation only.
"""

from __future__ import annotations

from typing import Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from ain_ref.jobs.tee.der import SEQUENCE, DerError, integer_value, read_elements, read_single

FIELD_PRIME: Final = 2**384 - 2**128 - 2**96 + 2**32 - 1
CURVE_B: Final = int(
    "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef",
    16,
)
GROUP_ORDER: Final = int(
    "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
    16,
)
COORDINATE_BYTES: Final = 48
UNCOMPRESSED: Final = 0x04
POINT_BYTES: Final = 1 + 2 * COORDINATE_BYTES


def is_public_key(point: bytes) -> bool:
    """
    Whether ``point`` is 04 || x || y, 48 bytes each, x and y below p, on y^2 = x^3 - 3x + b.

    References
    ----------
    [AIN-TEE-CHAIN-ALGORITHM.2]
    """
    if len(point) != POINT_BYTES or point[0] != UNCOMPRESSED:
        return False
    x = int.from_bytes(point[1 : 1 + COORDINATE_BYTES], "big")
    y = int.from_bytes(point[1 + COORDINATE_BYTES :], "big")
    if x >= FIELD_PRIME or y >= FIELD_PRIME:
        return False
    return (y * y - (x * x * x - 3 * x + CURVE_B)) % FIELD_PRIME == 0


def der_signature(value: bytes) -> tuple[int, int] | None:
    """
    (r, s) of a DER ECDSA-Sig-Value: SEQUENCE { INTEGER r, INTEGER s }, nothing else.

    References
    ----------
    [AIN-TEE-CHAIN-SIGNATURE.2]
    """
    try:
        parts = read_elements(read_single(value, SEQUENCE).content)
        if len(parts) != 2:
            return None
        return integer_value(parts[0]), integer_value(parts[1])
    except DerError:
        return None


def verify_p384(point: bytes, r_value: int, s_value: int, message: bytes) -> bool:
    """
    Whether (r, s) is an ECDSA P-384 SHA-384 signature of ``message`` under ``point``.

    Parameters
    ----------
    point : bytes
        A public key that ``is_public_key`` admitted.
    r_value, s_value : int
        The signature's two integers; each must be in 1 .. n - 1.
    message : bytes
        The signed bytes (hashed here with SHA-384).

    References
    ----------
    [AIN-TEE-CHAIN-SIGNATURE.2] [AIN-TEE-COSE-SIGNATURE.1]
    """
    if not (0 < r_value < GROUP_ORDER and 0 < s_value < GROUP_ORDER):
        return False
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP384R1(), point)
    try:
        key.verify(encode_dss_signature(r_value, s_value), message, ec.ECDSA(hashes.SHA384()))
    except InvalidSignature:
        return False
    return True
