"""
The X.509 certificate of a TEE chain, read by the rules of the spec and by no library.

The reader takes exactly the structure spec/tee.md lists (version 3, the tbsCertificate fields
in order, two times of a fixed form, extensions with the values of basic constraints and key
usage read) and keeps the rest as bytes: names are compared as bytes and never interpreted,
algorithm identifiers are compared with constants by the chain checks.

Spec: spec/tee.md, "The certificate chain" ([AIN-TEE-CHAIN-PARSE.2], [AIN-TEE-CHAIN-TIME.1],
[AIN-TEE-CHAIN-EXTENSIONS.1]).
Layer: jobs (tee). Imports jobs.tee.der.
"""

from __future__ import annotations

from typing import Final

import attrs

from ain_ref.jobs.tee.der import (
    BIT_STRING,
    GENERALIZED_TIME,
    INTEGER,
    OCTET_STRING,
    SEQUENCE,
    UTC_TIME,
    DerError,
    Element,
    bit_string_bytes,
    check_object_identifier,
    check_true,
    expect_tag,
    integer_value,
    read_elements,
    read_single,
)

VERSION_3: Final = bytes.fromhex("a003020102")
"""The only version admitted: [0] EXPLICIT INTEGER 2 (v3) [AIN-TEE-CHAIN-PARSE.2]."""
EXTENSIONS_TAG: Final = 0xA3
BASIC_CONSTRAINTS_OID: Final = bytes.fromhex("551d13")  # 2.5.29.19
KEY_USAGE_OID: Final = bytes.fromhex("551d0f")  # 2.5.29.15
DIGITAL_SIGNATURE_BIT: Final = 0
KEY_CERT_SIGN_BIT: Final = 5
UTC_TIME_BYTES: Final = 13  # YYMMDDHHMMSSZ
GENERALIZED_TIME_BYTES: Final = 15  # YYYYMMDDHHMMSSZ
DAYS_IN_MONTH: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@attrs.frozen
class Extension:
    """One extension: its OID content bytes, whether critical, and its value bytes."""

    oid: bytes
    critical: bool
    value: bytes


@attrs.frozen
class BasicConstraints:
    """The value of basic constraints: cA, and pathLenConstraint when stated."""

    ca: bool
    path_length: int | None


@attrs.frozen
class Certificate:
    """
    A certificate of the chain, its fields as the checks use them.

    Names and algorithm identifiers are whole DER elements (bytes); times are whole seconds
    since the Unix epoch; ``key_usage`` is the BIT STRING's bits (None when absent).
    """

    tbs: bytes
    inner_algorithm: bytes
    issuer: bytes
    not_before: int
    not_after: int
    subject: bytes
    key_algorithm: bytes
    public_key: bytes
    extensions: tuple[Extension, ...]
    basic_constraints: BasicConstraints | None
    key_usage: bytes | None
    outer_algorithm: bytes
    signature: bytes


def parse_certificate(der: bytes) -> Certificate | None:
    """
    Read a DER certificate by the chain's rules; None when it does not parse.

    Parameters
    ----------
    der : bytes
        The certificate's bytes.

    Returns
    -------
    Certificate | None
        Its fields, or None for bytes the rules refuse (TEE_CERT_MALFORMED to the chain).

    References
    ----------
    [AIN-TEE-CHAIN-PARSE.2] Certificate = SEQUENCE { tbsCertificate, signatureAlgorithm,
    signatureValue }.
    """
    try:
        return read_certificate(der)
    except DerError:
        return None


def read_certificate(der: bytes) -> Certificate:
    """The certificate's fields, or DerError [AIN-TEE-CHAIN-PARSE.2]."""
    parts = read_elements(read_single(der, SEQUENCE).content)
    if len(parts) != 3:
        raise DerError("a certificate is three elements")
    tbs, outer_algorithm, signature = parts
    expect_tag(tbs, SEQUENCE)
    expect_tag(outer_algorithm, SEQUENCE)
    fields = read_elements(tbs.content)
    if len(fields) not in (7, 8) or fields[0].encoded != VERSION_3:
        raise DerError("tbsCertificate: version 3 and seven or eight fields")
    _version, serial, inner_algorithm, issuer, validity, subject, key_info, *rest = fields
    integer_value(serial)
    for element in (inner_algorithm, issuer, validity, subject, key_info):
        expect_tag(element, SEQUENCE)
    not_before, not_after = read_validity(validity)
    key_algorithm, public_key = read_key_info(key_info)
    extensions = read_extensions(rest[0]) if rest else ()
    return Certificate(
        tbs=tbs.encoded,
        inner_algorithm=inner_algorithm.encoded,
        issuer=issuer.encoded,
        not_before=not_before,
        not_after=not_after,
        subject=subject.encoded,
        key_algorithm=key_algorithm,
        public_key=public_key,
        extensions=extensions,
        basic_constraints=read_basic_constraints(extensions),
        key_usage=read_key_usage(extensions),
        outer_algorithm=outer_algorithm.encoded,
        signature=bit_string_bytes(signature),
    )


def read_key_info(key_info: Element) -> tuple[bytes, bytes]:
    """
    subjectPublicKeyInfo: an algorithm SEQUENCE and a BIT STRING without unused bits.

    References
    ----------
    [AIN-TEE-CHAIN-PARSE.2]
    """
    parts = read_elements(key_info.content)
    if len(parts) != 2:
        raise DerError("subjectPublicKeyInfo is two elements")
    return expect_tag(parts[0], SEQUENCE).encoded, bit_string_bytes(parts[1])


def read_validity(validity: Element) -> tuple[int, int]:
    """The validity's two times in seconds since the Unix epoch [AIN-TEE-CHAIN-TIME.1]."""
    times = read_elements(validity.content)
    if len(times) != 2:
        raise DerError("validity is two times")
    return read_time(times[0]), read_time(times[1])


def read_time(element: Element) -> int:
    """
    A UTCTime YYMMDDHHMMSSZ or a GeneralizedTime YYYYMMDDHHMMSSZ, in seconds since the epoch.

    References
    ----------
    [AIN-TEE-CHAIN-TIME.1] ASCII digits, a real calendar date and time of day, Z last;
    UTCTime years 50..99 are 19YY, 00..49 are 20YY.
    """
    text = element.content
    if element.tag == UTC_TIME and len(text) == UTC_TIME_BYTES:
        digits = text[:12]
    elif element.tag == GENERALIZED_TIME and len(text) == GENERALIZED_TIME_BYTES:
        digits = text[2:14]
    else:
        raise DerError("not a UTCTime or GeneralizedTime of the admitted form")
    if text[-1:] != b"Z" or not all(0x30 <= byte <= 0x39 for byte in text[:-1]):
        raise DerError("time: digits then Z")
    year_digits = int(text[:-11])
    if element.tag == UTC_TIME:
        year = year_digits + (1900 if year_digits >= 50 else 2000)
    else:
        year = year_digits
    month, day, hour, minute, second = (int(digits[i : i + 2]) for i in range(2, 12, 2))
    if not (1 <= month <= 12 and 1 <= day <= days_in_month(year, month)):
        raise DerError("time: no such date")
    if not (hour <= 23 and minute <= 59 and second <= 59):
        raise DerError("time: no such time of day")
    return days_from_epoch(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second


def is_leap_year(year: int) -> bool:
    """The Gregorian rule."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    """Days of a month of the (proleptic) Gregorian calendar."""
    return 29 if month == 2 and is_leap_year(year) else DAYS_IN_MONTH[month - 1]


def days_from_epoch(year: int, month: int, day: int) -> int:
    """Days from 1970-01-01 to a Gregorian date (negative before it); integers only."""
    shifted_year = year - 1 if month <= 2 else year
    era = shifted_year // 400
    year_of_era = shifted_year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146_097 + day_of_era - 719_468


def read_extensions(wrapper: Element) -> tuple[Extension, ...]:
    """
    The extensions: [3] holding one SEQUENCE of one or more extensions, no OID twice.

    References
    ----------
    [AIN-TEE-CHAIN-EXTENSIONS.1] Extension = SEQUENCE { OID, critical BOOLEAN TRUE
    (absent when false), value OCTET STRING }.
    """
    expect_tag(wrapper, EXTENSIONS_TAG)
    entries = read_elements(read_single(wrapper.content, SEQUENCE).content)
    if not entries:
        raise DerError("an empty extensions list")
    extensions = tuple(read_extension(expect_tag(entry, SEQUENCE)) for entry in entries)
    if len({extension.oid for extension in extensions}) != len(extensions):
        raise DerError("an extension twice")
    return extensions


def read_extension(entry: Element) -> Extension:
    """One extension [AIN-TEE-CHAIN-EXTENSIONS.1]."""
    parts = read_elements(entry.content)
    if len(parts) == 3:
        check_true(parts[1])
    elif len(parts) != 2:
        raise DerError("an extension is two or three elements")
    oid = check_object_identifier(parts[0])
    value = expect_tag(parts[-1], OCTET_STRING).content
    return Extension(oid=oid, critical=len(parts) == 3, value=value)


def find_extension(extensions: tuple[Extension, ...], oid: bytes) -> Extension | None:
    """The extension of an OID, or None."""
    return next((extension for extension in extensions if extension.oid == oid), None)


def read_basic_constraints(extensions: tuple[Extension, ...]) -> BasicConstraints | None:
    """
    Basic constraints' value, when the extension is present.

    SEQUENCE { cA TRUE (absent when false), pathLenConstraint INTEGER >= 0 (optional) }.

    References
    ----------
    [AIN-TEE-CHAIN-EXTENSIONS.1]
    """
    extension = find_extension(extensions, BASIC_CONSTRAINTS_OID)
    if extension is None:
        return None
    parts = read_elements(read_single(extension.value, SEQUENCE).content)
    ca = bool(parts) and parts[0].tag != INTEGER
    if ca:
        check_true(parts[0])
        parts = parts[1:]
    if len(parts) > 1:
        raise DerError("basic constraints: too many elements")
    path_length = integer_value(parts[0]) if parts else None
    if path_length is not None and path_length < 0:
        raise DerError("basic constraints: negative pathLenConstraint")
    return BasicConstraints(ca=ca, path_length=path_length)


def read_key_usage(extensions: tuple[Extension, ...]) -> bytes | None:
    """
    Key usage's value: a BIT STRING of 1..3 content bytes, 0..7 unused bits, those bits 0.

    References
    ----------
    [AIN-TEE-CHAIN-EXTENSIONS.1]
    """
    extension = find_extension(extensions, KEY_USAGE_OID)
    if extension is None:
        return None
    content = read_single(extension.value, BIT_STRING).content
    if not 1 <= len(content) <= 3 or content[0] > (7 if len(content) > 1 else 0):
        raise DerError("key usage: 1..3 content bytes, 0..7 unused bits (0 when no bits)")
    if content[-1] & ((1 << content[0]) - 1):
        raise DerError("key usage: unused bits not zero")
    return content[1:]


def has_key_usage_bit(bits: bytes, bit: int) -> bool:
    """Whether named bit ``bit`` (0 = digitalSignature) is set; bits past the end are 0."""
    byte_index, shift = divmod(bit, 8)
    return byte_index < len(bits) and bool(bits[byte_index] >> (7 - shift) & 1)
