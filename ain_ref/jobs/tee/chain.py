"""
The certificate chain of TEE evidence: from a pinned root, in the order given, at a stated time.

Every check is written here; no library chain validator (and so no library policy default)
takes part. ``cryptography`` parses DER, reads fields and checks ECDSA P-384 signatures.

Spec: spec/tee.md, "The certificate chain" ([AIN-TEE-CHAIN-*]).
Layer: jobs (tee). Imports errors; cryptography for X.509 parsing and P-384 only.
"""

from __future__ import annotations

import datetime
from typing import Final

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtensionOID, SignatureAlgorithmOID

from ain_ref.errors import ErrorCode, Rejection

UNDERSTOOD_CRITICAL: Final = frozenset({ExtensionOID.BASIC_CONSTRAINTS, ExtensionOID.KEY_USAGE})
"""The only extensions the chain checks understand, and so the only ones that may be critical."""
PARSE_ERRORS: Final = (
    ValueError,
    x509.DuplicateExtension,
    x509.InvalidVersion,
    x509.UnsupportedGeneralNameType,
    UnsupportedAlgorithm,
)
"""What the certificate parser raises for bytes it refuses [AIN-TEE-CHAIN-PARSE.1]."""
UNIX_EPOCH: Final = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
ONE_SECOND: Final = datetime.timedelta(seconds=1)


def whole_seconds(instant: datetime.datetime) -> int:
    """Seconds since the Unix epoch of an X.509 time (whole seconds; no float involved)."""
    return (instant - UNIX_EPOCH) // ONE_SECOND


def verify_chain(
    cabundle: tuple[bytes, ...], leaf: bytes, pinned_root: bytes, time_ms: int
) -> ec.EllipticCurvePublicKey | Rejection:
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
    EllipticCurvePublicKey | Rejection
        The leaf's P-384 key, or the rejection of the first check that fails.

    References
    ----------
    [AIN-TEE-CHAIN-ROOT.1] The first bundle certificate is the pinned root, byte for byte.
    [AIN-TEE-CHAIN-PARSE.1] Every certificate parses, in order.
    [AIN-TEE-CHAIN-ORDER.1] Then each certificate in order, every check on one before the next.
    """
    # [AIN-TEE-CHAIN-ROOT.1]
    if cabundle[0] != pinned_root:
        return Rejection(ErrorCode.TEE_CERT_ROOT_MISMATCH)
    certificates = parse_certificates((*cabundle, leaf))
    if isinstance(certificates, Rejection):
        return certificates
    # [AIN-TEE-CHAIN-ORDER.1]
    keys: list[ec.EllipticCurvePublicKey] = []
    for position, certificate in enumerate(certificates):
        key = certificate_key(certificate)
        if isinstance(key, Rejection):
            return key
        if position > 0:
            link = check_link(certificates[position - 1], keys[-1], certificate)
            if link is not None:
                return link
        problem = check_validity(certificate, time_ms) or check_extensions(
            certificate, cas_below=len(certificates) - 2 - position
        )
        if problem is not None:
            return problem
        keys.append(key)
    return keys[-1]


def parse_certificates(ders: tuple[bytes, ...]) -> list[x509.Certificate] | Rejection:
    """
    Parse every certificate and its extensions.

    References
    ----------
    [AIN-TEE-CHAIN-PARSE.1] DER X.509 whose extensions parse (no duplicate extension).
    """
    certificates = []
    for der in ders:
        try:
            certificate = x509.load_der_x509_certificate(der)
            read_lazy_fields(certificate)
        except PARSE_ERRORS:
            return Rejection(ErrorCode.TEE_CERT_MALFORMED)
        certificates.append(certificate)
    return certificates


def read_lazy_fields(certificate: x509.Certificate) -> None:
    """
    Parse now what the library parses on first use, so that a bad field is TEE_CERT_MALFORMED.

    References
    ----------
    [AIN-TEE-CHAIN-PARSE.1] Names, validity, signature algorithm and extensions parse.
    """
    certificate.issuer.public_bytes()
    certificate.subject.public_bytes()
    certificate.not_valid_before_utc  # noqa: B018 - parsing may fail
    certificate.not_valid_after_utc  # noqa: B018 - parsing may fail
    certificate.signature_algorithm_oid  # noqa: B018 - parsing may fail
    certificate.extensions  # noqa: B018 - parsing may fail


def certificate_key(certificate: x509.Certificate) -> ec.EllipticCurvePublicKey | Rejection:
    """
    The certificate's key, when it and its signature are of the one admitted algorithm.

    References
    ----------
    [AIN-TEE-CHAIN-ALGORITHM.1] Signed with ecdsa-with-SHA384; the key is EC on secp384r1.
    """
    bad_algorithm = Rejection(ErrorCode.TEE_CERT_BAD_ALGORITHM)
    if certificate.signature_algorithm_oid != SignatureAlgorithmOID.ECDSA_WITH_SHA384:
        return bad_algorithm
    try:
        key = certificate.public_key()
    except (ValueError, UnsupportedAlgorithm):
        return bad_algorithm
    if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp384r1":
        return bad_algorithm
    return key


def check_link(
    issuer: x509.Certificate, issuer_key: ec.EllipticCurvePublicKey, subject: x509.Certificate
) -> Rejection | None:
    """
    Check that a certificate follows its predecessor: names chain, signature verifies.

    References
    ----------
    [AIN-TEE-CHAIN-NAMES.1] The issuer name's DER equals the predecessor's subject name's DER.
    [AIN-TEE-CHAIN-SIGNATURE.1] ECDSA P-384 SHA-384 over tbsCertificate, predecessor's key.
    """
    if subject.issuer.public_bytes() != issuer.subject.public_bytes():
        return Rejection(ErrorCode.TEE_CERT_NAME_MISMATCH)
    try:
        issuer_key.verify(
            subject.signature, subject.tbs_certificate_bytes, ec.ECDSA(hashes.SHA384())
        )
    except InvalidSignature:
        return Rejection(ErrorCode.TEE_CERT_SIGNATURE_INVALID)
    return None


def check_validity(certificate: x509.Certificate, time_ms: int) -> Rejection | None:
    """
    Check the validity period at an instant, both bounds inclusive.

    References
    ----------
    [AIN-TEE-CHAIN-VALIDITY.1] notBefore * 1000 <= time_ms <= notAfter * 1000, times in
    whole seconds since the Unix epoch; the wall clock is never read.
    """
    not_before_ms = whole_seconds(certificate.not_valid_before_utc) * 1000
    not_after_ms = whole_seconds(certificate.not_valid_after_utc) * 1000
    if time_ms < not_before_ms:
        return Rejection(ErrorCode.TEE_CERT_NOT_YET_VALID)
    if time_ms > not_after_ms:
        return Rejection(ErrorCode.TEE_CERT_EXPIRED)
    return None


def check_extensions(certificate: x509.Certificate, cas_below: int) -> Rejection | None:
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


def extension_value(certificate: x509.Certificate, oid: x509.ObjectIdentifier) -> object:
    """An extension's parsed value, or None when the certificate lacks it."""
    try:
        return certificate.extensions.get_extension_for_oid(oid).value
    except x509.ExtensionNotFound:
        return None


def check_ca(certificate: x509.Certificate, cas_below: int) -> Rejection | None:
    """
    A bundle certificate is a CA whose path length admits the CAs below it.

    References
    ----------
    [AIN-TEE-CHAIN-CA.1] Basic constraints present with cA true; a pathLenConstraint, when
    present, is at least the number of bundle certificates after this one.
    [AIN-TEE-CHAIN-KEY-USAGE.1] Key usage present with keyCertSign.
    """
    constraints = extension_value(certificate, ExtensionOID.BASIC_CONSTRAINTS)
    if not isinstance(constraints, x509.BasicConstraints) or not constraints.ca:
        return Rejection(ErrorCode.TEE_CERT_NOT_CA)
    if constraints.path_length is not None and constraints.path_length < cas_below:
        return Rejection(ErrorCode.TEE_CERT_PATH_LENGTH)
    usage = extension_value(certificate, ExtensionOID.KEY_USAGE)
    if not isinstance(usage, x509.KeyUsage) or not usage.key_cert_sign:
        return Rejection(ErrorCode.TEE_CERT_KEY_USAGE)
    return None


def check_leaf(certificate: x509.Certificate) -> Rejection | None:
    """
    The signing certificate is no CA and may sign.

    References
    ----------
    [AIN-TEE-CHAIN-LEAF.1] Basic constraints absent or with cA false.
    [AIN-TEE-CHAIN-KEY-USAGE.1] Key usage present with digitalSignature.
    """
    constraints = extension_value(certificate, ExtensionOID.BASIC_CONSTRAINTS)
    if isinstance(constraints, x509.BasicConstraints) and constraints.ca:
        return Rejection(ErrorCode.TEE_CERT_LEAF_IS_CA)
    usage = extension_value(certificate, ExtensionOID.KEY_USAGE)
    if not isinstance(usage, x509.KeyUsage) or not usage.digital_signature:
        return Rejection(ErrorCode.TEE_CERT_KEY_USAGE)
    return None
