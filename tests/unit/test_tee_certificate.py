"""
Properties of the chain's own certificate reader (jobs.tee.der, jobs.tee.certificate, p384).

The reader decides every verdict itself; here ``datetime`` and ``cryptography`` serve only as
independent twins that share none of its code.

Spec: spec/tee.md, "The certificate chain".
"""

from __future__ import annotations

import contextlib
import datetime

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from cryptography.x509.oid import ExtensionOID
from hypothesis import given
from hypothesis import strategies as st

from ain_ref.jobs.tee.certificate import (
    DIGITAL_SIGNATURE_BIT,
    KEY_CERT_SIGN_BIT,
    Certificate,
    days_from_epoch,
    has_key_usage_bit,
    parse_certificate,
    read_time,
)
from ain_ref.jobs.tee.cose import CoseSign1, read_cose_sign1
from ain_ref.jobs.tee.der import GENERALIZED_TIME, UTC_TIME, DerError, Element
from ain_ref.jobs.tee.p384 import is_public_key
from ain_ref.jobs.tee.payload import AttestationDocument, read_attestation_document
from ain_ref.vectors.filler import clauses
from tests.fillers.tee.real import VALID_DOCUMENT
from tests.fillers.tee.synthetic import build_chain, intermediate_spec, leaf_spec, root_spec

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def real_certificates() -> list[bytes]:
    """The five certificates of the real AWS document, root first."""
    sign1 = read_cose_sign1(VALID_DOCUMENT)
    assert isinstance(sign1, CoseSign1)
    document = read_attestation_document(sign1.payload)
    assert isinstance(document, AttestationDocument)
    return [*document.cabundle, document.certificate]


TEST_CERTIFICATES = build_chain(
    [root_spec(), intermediate_spec(path_length=3), leaf_spec(ca=None)]
) + build_chain([root_spec(), intermediate_spec(ca=False, path_length=None), leaf_spec()])
ALL_CERTIFICATES = real_certificates() + TEST_CERTIFICATES


@clauses("AIN-TEE-CHAIN-TIME.1")
@given(day=st.dates(min_value=datetime.date(1, 1, 1)))
def test_days_from_epoch_equals_the_calendar(day: datetime.date) -> None:
    """The integer day count equals datetime's proleptic Gregorian difference."""
    expected = (day - datetime.date(1970, 1, 1)).days
    assert days_from_epoch(day.year, day.month, day.day) == expected


@clauses("AIN-TEE-CHAIN-TIME.1")
@given(instant=st.datetimes(min_value=datetime.datetime(1950, 1, 1)))
def test_times_read_as_datetime_reads_them(instant: datetime.datetime) -> None:
    """UTCTime (1950..2049) and GeneralizedTime give datetime's seconds since the epoch."""
    expected = (instant.replace(tzinfo=datetime.UTC, microsecond=0) - EPOCH).days * 86_400 + (
        instant.hour * 3_600 + instant.minute * 60 + instant.second
    )
    general = instant.strftime("%Y%m%d%H%M%S").rjust(14, "0") + "Z"
    assert read_time(Element(GENERALIZED_TIME, general.encode(), b"")) == expected
    if instant.year < 2050:
        utc = instant.strftime("%y%m%d%H%M%SZ")
        assert read_time(Element(UTC_TIME, utc.encode(), b"")) == expected


@clauses("AIN-TEE-CHAIN-TIME.1")
@given(text=st.binary(min_size=13, max_size=15))
def test_time_reader_never_raises_other_errors(text: bytes) -> None:
    """Any content is a time or a DerError, never a ValueError or an IndexError."""
    for tag in (UTC_TIME, GENERALIZED_TIME):
        with contextlib.suppress(DerError):
            read_time(Element(tag, text, b""))


@clauses("AIN-TEE-CHAIN-PARSE.2", "AIN-TEE-CHAIN-EXTENSIONS.1")
def test_reader_agrees_with_an_independent_parser_on_admitted_certificates() -> None:
    """For the real and the test certificates, every field equals what cryptography reads."""
    for der in ALL_CERTIFICATES:
        ours = parse_certificate(der)
        theirs = x509.load_der_x509_certificate(der)
        assert ours is not None
        assert ours.tbs == theirs.tbs_certificate_bytes
        assert ours.issuer == theirs.issuer.public_bytes()
        assert ours.subject == theirs.subject.public_bytes()
        assert ours.not_before == (theirs.not_valid_before_utc - EPOCH).total_seconds()
        assert ours.not_after == (theirs.not_valid_after_utc - EPOCH).total_seconds()
        key = theirs.public_key()
        assert isinstance(key, ec.EllipticCurvePublicKey)
        assert ours.public_key == key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        assert_extensions_agree(ours, theirs)


def assert_extensions_agree(ours: Certificate, theirs: x509.Certificate) -> None:
    """Basic constraints and key usage read the same by both."""
    try:
        constraints = theirs.extensions.get_extension_for_oid(ExtensionOID.BASIC_CONSTRAINTS)
    except x509.ExtensionNotFound:
        assert ours.basic_constraints is None
    else:
        assert ours.basic_constraints is not None
        value = constraints.value
        assert isinstance(value, x509.BasicConstraints)
        assert (ours.basic_constraints.ca, ours.basic_constraints.path_length) == (
            value.ca,
            value.path_length,
        )
    usage = theirs.extensions.get_extension_for_oid(ExtensionOID.KEY_USAGE).value
    assert isinstance(usage, x509.KeyUsage)
    assert ours.key_usage is not None
    assert has_key_usage_bit(ours.key_usage, DIGITAL_SIGNATURE_BIT) == usage.digital_signature
    assert has_key_usage_bit(ours.key_usage, KEY_CERT_SIGN_BIT) == usage.key_cert_sign
    assert len(ours.extensions) == len(theirs.extensions)


@clauses("AIN-TEE-CHAIN-DER.1", "AIN-TEE-CHAIN-PARSE.2")
@given(
    index=st.integers(min_value=0, max_value=len(ALL_CERTIFICATES) - 1),
    position=st.integers(min_value=0, max_value=2_000),
    byte=st.integers(min_value=0, max_value=255),
    cut=st.booleans(),
)
def test_reader_never_raises(index: int, position: int, byte: int, cut: bool) -> None:
    """A certificate with one byte changed, or cut short, reads or is None; nothing escapes."""
    der = bytearray(ALL_CERTIFICATES[index])
    position %= len(der)
    if cut:
        der = der[:position]
    else:
        der[position] = byte
    result = parse_certificate(bytes(der))
    assert result is None or result.tbs in bytes(der)


@clauses("AIN-TEE-CHAIN-ALGORITHM.2")
@given(secret=st.integers(min_value=1, max_value=2**380), flip=st.integers(0, 96 * 8 - 1))
def test_point_check_agrees_with_an_independent_library(secret: int, flip: int) -> None:
    """A real key is a point; with one bit flipped, it is one exactly when cryptography says so."""
    key = ec.derive_private_key(secret, ec.SECP384R1()).public_key()
    point = key.public_numbers().x.to_bytes(48, "big") + key.public_numbers().y.to_bytes(48, "big")
    assert is_public_key(b"\x04" + point)
    changed = bytearray(point)
    changed[flip // 8] ^= 1 << (flip % 8)
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP384R1(), b"\x04" + bytes(changed))
        loads = True
    except ValueError:
        loads = False
    assert is_public_key(b"\x04" + bytes(changed)) == loads
