"""
COSE_Sign1 with ES384: the envelope of TEE evidence, its Sig_structure and its signature check.

Spec: spec/tee.md, "COSE_Sign1" ([AIN-TEE-COSE-*]); RFC 9052 section 4.2 and 4.4, RFC 9053
section 2.1.
Layer: jobs (tee). Imports errors, jobs.tee.cbor_reader, jobs.tee.p384.
"""

from __future__ import annotations

from typing import Final

import attrs

from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.tee.cbor_reader import ReadValue, Tagged, read_cbor
from ain_ref.jobs.tee.p384 import verify_p384

COSE_SIGN1_TAG: Final = 18
ALGORITHM_LABEL: Final = 1
CRITICAL_LABEL: Final = 2
ES384: Final = -35
ES384_SIGNATURE_BYTES: Final = 96
SIGNATURE1_CONTEXT: Final = bytes.fromhex("6a5369676e617475726531")  # the text "Signature1"


@attrs.frozen
class CoseSign1:
    """The parts of a COSE_Sign1 the verifier uses: protected bytes, payload, signature."""

    protected: bytes
    payload: bytes
    signature: bytes


def read_cose_sign1(evidence: bytes) -> CoseSign1 | Rejection:
    """
    Read a COSE_Sign1 and check its structure and algorithm.

    Parameters
    ----------
    evidence : bytes
        The COSE_Sign1, tagged 18 or untagged.

    Returns
    -------
    CoseSign1 | Rejection
        Its parts, or the rejection of the first check that fails.

    References
    ----------
    [AIN-TEE-COSE-STRUCTURE.1] [protected bstr, unprotected map, payload bstr, signature bstr],
    optionally under tag 18; the protected bytes read as a map without crit; 96 signature bytes.
    [AIN-TEE-COSE-ALGORITHM.1] The protected header's algorithm is ES384.
    """
    envelope = read_cbor(evidence)
    if isinstance(envelope, Rejection):
        return envelope
    if isinstance(envelope, Tagged):
        if envelope.tag != COSE_SIGN1_TAG:
            return malformed("a tag other than 18")
        envelope = envelope.value
    parts = sign1_parts(envelope)
    if parts is None:
        return malformed("not [bstr, map, bstr, bstr]")
    protected, payload, signature = parts
    header = read_cbor(protected)
    if isinstance(header, Rejection):
        return header
    if not isinstance(header, dict) or CRITICAL_LABEL in header:
        return malformed("protected header not a map, or with crit")
    if len(signature) != ES384_SIGNATURE_BYTES:
        return malformed("signature not 96 bytes")
    # [AIN-TEE-COSE-ALGORITHM.1]
    algorithm = header.get(ALGORITHM_LABEL)
    if type(algorithm) is not int or algorithm != ES384:
        return Rejection(ErrorCode.TEE_COSE_BAD_ALGORITHM)
    return CoseSign1(protected=protected, payload=payload, signature=signature)


def sign1_parts(envelope: ReadValue) -> tuple[bytes, bytes, bytes] | None:
    """
    Protected bytes, payload and signature of four items: bstr, map, bstr, bstr.

    References
    ----------
    [AIN-TEE-COSE-STRUCTURE.1]
    """
    if not isinstance(envelope, list) or len(envelope) != 4:
        return None
    protected, unprotected, payload, signature = envelope
    if type(unprotected) is not dict:
        return None
    if type(protected) is bytes and type(payload) is bytes and type(signature) is bytes:
        return protected, payload, signature
    return None


def malformed(detail: str) -> Rejection:
    """TEE_COSE_MALFORMED [AIN-TEE-COSE-STRUCTURE.1]."""
    return Rejection(ErrorCode.TEE_COSE_MALFORMED, detail)


def byte_string_head(length: int) -> bytes:
    """
    The shortest CBOR head of a byte string of ``length`` bytes, 0 <= length < 65,536.

    Longer heads are never needed: evidence is at most 16,384 bytes [AIN-TEE-NITRO-SIZE.1].

    References
    ----------
    [AIN-TEE-COSE-SIGNATURE.1]
    """
    if length < 24:
        return bytes([0x40 + length])
    if length < 256:
        return bytes([0x58, length])
    return bytes([0x59]) + length.to_bytes(2, "big")


def sig_structure(protected: bytes, payload: bytes) -> bytes:
    """
    The bytes an ES384 COSE_Sign1 signature covers.

    References
    ----------
    [AIN-TEE-COSE-SIGNATURE.1] ["Signature1", protected, h'', payload] in shortest heads:
    84 || 6a "Signature1" || bstr(protected) || 40 || bstr(payload).
    """
    return (
        b"\x84"
        + SIGNATURE1_CONTEXT
        + byte_string_head(len(protected))
        + protected
        + b"\x40"
        + byte_string_head(len(payload))
        + payload
    )


def verify_cose_signature(sign1: CoseSign1, public_key: bytes) -> Rejection | None:
    """
    Check the ES384 signature of a COSE_Sign1 under a P-384 key (its uncompressed point).

    References
    ----------
    [AIN-TEE-COSE-SIGNATURE.1] ECDSA P-384 with SHA-384 over the Sig_structure; the signature
    is r || s, 48 bytes each, big-endian, each in 1 .. n - 1.
    """
    r_value = int.from_bytes(sign1.signature[:48], "big")
    s_value = int.from_bytes(sign1.signature[48:], "big")
    if not verify_p384(public_key, r_value, s_value, sig_structure(sign1.protected, sign1.payload)):
        return Rejection(ErrorCode.TEE_SIGNATURE_INVALID)
    return None
