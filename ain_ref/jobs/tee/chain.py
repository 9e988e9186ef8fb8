"""
The certificate chain of TEE evidence: from a pinned root, in the order given, at a stated time.

Every check is written here, on certificates read by ``jobs.tee.certificate``; no library
parser, chain validator, policy or default takes part. ``cryptography`` only computes the
ECDSA verification equation on inputs the rules have admitted (``jobs.tee.p384``).

Spec: spec/tee.md, "The certificate chain" ([AIN-TEE-CHAIN-*]).
Layer: jobs (tee). Imports errors, jobs.tee.certificate, jobs.tee.p384.
"""

from __future__ import annotations

from typing import Final

from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.tee.certificate import (
    BASIC_CONSTRAINTS_OID,
    DIGITAL_SIGNATURE_BIT,
    KEY_CERT_SIGN_BIT,
    KEY_USAGE_OID,
    Certificate,
    has_key_usage_bit,
    parse_certificate,
)
from ain_ref.jobs.tee.p384 import der_signature, is_public_key, verify_p384

ECDSA_WITH_SHA384: Final = bytes.fromhex("300a06082a8648ce3d040303")
"""AlgorithmIdentifier { ecdsa-with-SHA384 (1.2.840.10045.4.3.3), parameters absent }."""
EC_PUBLIC_KEY_P384: Final = bytes.fromhex("301006072a8648ce3d020106052b81040022")
"""AlgorithmIdentifier { id-ecPublicKey (1.2.840.10045.2.1), namedCurve secp384r1 }."""
UNDERSTOOD_CRITICAL: Final = frozenset({BASIC_CONSTRAINTS_OID, KEY_USAGE_OID})
"""The only extensions the chain checks understand, and so the only ones that may be critical."""


def verify_chain(
    cabundle: tuple[bytes, ...], leaf: bytes, pinned_root: bytes, time_ms: int
) -> bytes | Rejection:
    """
    Check the chain root, bundle, leaf at one instant; return the leaf's key.

    Parameters
    ----------
    cabundle : tuple[bytes, ...]
        DER certificates, root first, in the order the evidence gives them.
    leaf : bytes
        The DER certificate whose key signs the evidence.
    pinned_root : bytes
        The DER root the verifier trusts.
    time_ms : int
        The instant of the check, milliseconds since the Unix epoch (the evidence's own time).

    Returns
    -------
    bytes | Rejection
        The leaf's P-384 key (the 97-byte uncompressed point), or the rejection of the first
        check that fails.

    References
    ----------
    [AIN-TEE-CHAIN-ROOT.1] The first bundle certificate is the pinned root, byte for byte.
    [AIN-TEE-CHAIN-PARSE.2] Every certificate parses, in order.
    [AIN-TEE-CHAIN-ORDER.1] Then each certificate in order, every check on one before the next.
    """
    # [AIN-TEE-CHAIN-ROOT.1]
    if cabundle[0] != pinned_root:
        return Rejection(ErrorCode.TEE_CERT_ROOT_MISMATCH)
    # [AIN-TEE-CHAIN-PARSE.2]
    certificates = []
    for der in (*cabundle, leaf):
        certificate = parse_certificate(der)
        if certificate is None:
            return Rejection(ErrorCode.TEE_CERT_MALFORMED)
        certificates.append(certificate)
    # [AIN-TEE-CHAIN-ORDER.1]
    for position, certificate in enumerate(certificates):
        problem = (
            check_algorithm(certificate)
            or (check_link(certificates[position - 1], certificate) if position else None)
            or check_validity(certificate, time_ms)
            or check_extensions(certificate, cas_below=len(certificates) - 2 - position)
        )
        if problem is not None:
            return problem
    return certificates[-1].public_key


def check_algorithm(certificate: Certificate) -> Rejection | None:
    """
    The one admitted algorithm, in both signature fields and in the key.

    References
    ----------
    [AIN-TEE-CHAIN-ALGORITHM.2] Both algorithm identifiers are exactly ecdsa-with-SHA384;
    the key's is exactly id-ecPublicKey on secp384r1; the key is an uncompressed point on it.
    """
    if (
        certificate.inner_algorithm != ECDSA_WITH_SHA384
        or certificate.outer_algorithm != ECDSA_WITH_SHA384
        or certificate.key_algorithm != EC_PUBLIC_KEY_P384
        or not is_public_key(certificate.public_key)
    ):
        return Rejection(ErrorCode.TEE_CERT_BAD_ALGORITHM)
    return None


def check_link(issuer: Certificate, subject: Certificate) -> Rejection | None:
    """
    Check that a certificate follows its predecessor: names chain, signature verifies.

    References
    ----------
    [AIN-TEE-CHAIN-NAMES.1] The issuer name's DER equals the predecessor's subject name's DER.
    [AIN-TEE-CHAIN-SIGNATURE.2] A DER ECDSA-Sig-Value that verifies as ECDSA P-384 SHA-384
    over tbsCertificate under the predecessor's key.
    """
    if subject.issuer != issuer.subject:
        return Rejection(ErrorCode.TEE_CERT_NAME_MISMATCH)
    signature = der_signature(subject.signature)
    if signature is None or not verify_p384(issuer.public_key, *signature, subject.tbs):
        return Rejection(ErrorCode.TEE_CERT_SIGNATURE_INVALID)
    return None


def check_validity(certificate: Certificate, time_ms: int) -> Rejection | None:
    """
    Check the validity period at an instant, both bounds inclusive, the lower bound first.

    References
    ----------
    [AIN-TEE-CHAIN-VALIDITY.1] notBefore * 1000 <= time_ms <= notAfter * 1000, times in
    whole seconds since the Unix epoch; the wall clock is never read.
    [AIN-TEE-CHAIN-VALIDITY-ORDER.1] notBefore is compared before notAfter.
    """
    if time_ms < certificate.not_before * 1000:
        return Rejection(ErrorCode.TEE_CERT_NOT_YET_VALID)
    if time_ms > certificate.not_after * 1000:
        return Rejection(ErrorCode.TEE_CERT_EXPIRED)
    return None


def check_extensions(certificate: Certificate, cas_below: int) -> Rejection | None:
    """
    Check critical extensions, then the certificate's role: CA (cas_below >= 0) or leaf (-1).

    References
    ----------
    [AIN-TEE-CHAIN-CRITICAL.1] Only basic constraints and key usage may be critical.
    [AIN-TEE-CHAIN-CA.1] [AIN-TEE-CHAIN-LEAF.1] [AIN-TEE-CHAIN-KEY-USAGE.1]
    """
    for extension in certificate.extensions:
        if extension.critical and extension.oid not in UNDERSTOOD_CRITICAL:
            return Rejection(ErrorCode.TEE_CERT_UNKNOWN_CRITICAL_EXTENSION)
    if cas_below >= 0:
        return check_ca(certificate, cas_below)
    return check_leaf(certificate)


def check_ca(certificate: Certificate, cas_below: int) -> Rejection | None:
    """
    A bundle certificate is a CA whose path length admits the CAs below it.

    References
    ----------
    [AIN-TEE-CHAIN-CA.1] Basic constraints present with cA true; a pathLenConstraint, when
    present, is at least the number of bundle certificates after this one.
    [AIN-TEE-CHAIN-KEY-USAGE.1] Key usage present with keyCertSign.
    """
    constraints = certificate.basic_constraints
    if constraints is None or not constraints.ca:
        return Rejection(ErrorCode.TEE_CERT_NOT_CA)
    if constraints.path_length is not None and constraints.path_length < cas_below:
        return Rejection(ErrorCode.TEE_CERT_PATH_LENGTH)
    usage = certificate.key_usage
    if usage is None or not has_key_usage_bit(usage, KEY_CERT_SIGN_BIT):
        return Rejection(ErrorCode.TEE_CERT_KEY_USAGE)
    return None


def check_leaf(certificate: Certificate) -> Rejection | None:
    """
    The signing certificate is no CA and may sign.

    References
    ----------
    [AIN-TEE-CHAIN-LEAF.1] Basic constraints absent or with cA false.
    [AIN-TEE-CHAIN-KEY-USAGE.1] Key usage present with digitalSignature.
    """
    constraints = certificate.basic_constraints
    if constraints is not None and constraints.ca:
        return Rejection(ErrorCode.TEE_CERT_LEAF_IS_CA)
    usage = certificate.key_usage
    if usage is None or not has_key_usage_bit(usage, DIGITAL_SIGNATURE_BIT):
        return Rejection(ErrorCode.TEE_CERT_KEY_USAGE)
    return None
