"""
Fillers for what a chain certificate must be, rule by rule, with no library deciding.

Each case changes one certificate of the synthetic chain in one rule and signs it again, so
the case tests that rule alone ([AIN-TEE-CHAIN-DER.1], [AIN-TEE-CHAIN-PARSE.2],
[AIN-TEE-CHAIN-TIME.1], [AIN-TEE-CHAIN-EXTENSIONS.1], [AIN-TEE-CHAIN-ALGORITHM.2],
[AIN-TEE-CHAIN-SIGNATURE.2], [AIN-TEE-CHAIN-VALIDITY-ORDER.1]).
"""

from __future__ import annotations

from collections.abc import Callable

from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.tee.der_edit import (
    BASIC_CONSTRAINTS,
    ECDSA_SHA256,
    EXTENSIONS,
    ISSUER,
    KEY_INFO,
    KEY_USAGE,
    SERIAL,
    SIGNATURE,
    SUBJECT,
    SUBJECT_KEY_IDENTIFIER,
    VALIDITY,
    VERSION,
    TbsEdit,
    chain_document,
    children,
    content,
    edited_chain,
    extension,
    map_extensions,
    oid_of,
    replace_field,
    tbs_edit,
    tlv,
)
from tests.fillers.tee.synthetic import verify_input
from tests.fillers.tee.test_nitro_chain import synthetic_claims

INTERMEDIATE = 1
LEAF = 2
P384_ORDER = int(
    "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
    16,
)
Edit = Callable[[bytes, int], bytes]


def fill_case(
    fill: Filler,
    edits: dict[int, Edit],
    case: str,
    rejection: ErrorCode | None = None,
    flags: tuple[str, ...] = (),
) -> None:
    """One verify vector of the test chain with these certificate edits."""
    evidence, root = chain_document(edited_chain(edits))
    if rejection is None:
        fill(
            "tee",
            "verify",
            verify_input(evidence, root),
            output=synthetic_claims(),
            case=case,
            flags=flags,
        )
    else:
        fill(
            "tee",
            "verify",
            verify_input(evidence, root),
            rejection=rejection,
            case=case,
            flags=flags,
        )


def on_intermediate(edit: TbsEdit, **options: object) -> dict[int, Edit]:
    """An edit of the intermediate's tbsCertificate, signed again by the root."""
    return {INTERMEDIATE: tbs_edit(edit, **options)}


def with_extension(entry: bytes) -> TbsEdit:
    """Add one extension at the end of the list."""
    return map_extensions(lambda entries: [*entries, entry])


def replace_extension(oid_hex: str, value: bytes, *, critical: bool = True) -> TbsEdit:
    """Give the extension of ``oid_hex`` another value."""
    return map_extensions(
        lambda entries: [
            extension(oid_hex, value, critical=critical) if oid_of(entry) == oid_hex else entry
            for entry in entries
        ]
    )


def times(not_before: bytes, not_after: bytes) -> TbsEdit:
    """Replace the validity by these two encoded times."""
    return replace_field(VALIDITY, tlv(0x30, not_before + not_after))


def utc(text: str) -> bytes:
    """A UTCTime element of ``text``."""
    return tlv(0x17, text.encode("ascii"))


def generalized(text: str) -> bytes:
    """A GeneralizedTime element of ``text``."""
    return tlv(0x18, text.encode("ascii"))


def zero_led_tbs(der: bytes) -> bytes:
    """The certificate with its tbsCertificate's length written 83 00 HH LL (a leading zero)."""
    tbs, *rest = children(der)
    body = content(tbs)
    assert 0x80 <= len(body) < 0x10000
    return tlv(0x30, b"\x30\x83" + len(body).to_bytes(3, "big") + body + b"".join(rest))


@clauses("AIN-TEE-CHAIN-DER.1")
def test_certificate_elements_are_der(fill: Filler) -> None:
    """
    Lengths are definite and shortest, INTEGERs shortest, TRUE is ff, OIDs well formed.

    Given
    -----
    - the intermediate with, each time: its serial number's length written 81 02; its serial
      number with a leading 00 byte; its tbsCertificate's length written 83 00 HH LL; its
      critical key usage flagged 01 01 01; a non-critical
      extension whose OID starts with the byte 80; one byte after the certificate; its
      signature BIT STRING with one unused bit; then a serial number that is negative (-1).

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CERT_MALFORMED seven times (a client that reads BER, or lets an unknown non-critical
      extension pass unread, accepts some); the negative serial verifies (its value is not
      looked at).
    """
    malformed = ErrorCode.TEE_CERT_MALFORMED
    cases: list[tuple[str, dict[int, Edit]]] = [
        ("long_form_short_length", on_intermediate(replace_field(SERIAL, b"\x02\x81\x02\x03\xeb"))),
        ("integer_leading_zero", on_intermediate(replace_field(SERIAL, b"\x02\x03\x00\x03\xeb"))),
        (
            "boolean_true_not_ff",
            on_intermediate(
                map_extensions(
                    lambda entries: [
                        entry.replace(b"\x01\x01\xff", b"\x01\x01\x01")
                        if oid_of(entry) == KEY_USAGE
                        else entry
                        for entry in entries
                    ]
                )
            ),
        ),
        (
            "object_identifier_not_shortest",
            on_intermediate(with_extension(extension("80551d0e", b"\x04\x01\x00"))),
        ),
        ("byte_after_certificate", {INTERMEDIATE: lambda der, signer: der + b"\x00"}),
        ("length_with_leading_zero", {INTERMEDIATE: lambda der, signer: zero_led_tbs(der)}),
        (
            "signature_with_unused_bits",
            {
                INTERMEDIATE: lambda der, signer: (
                    der[: -len(children(der)[2])]
                    + tlv(0x03, b"\x01" + content(children(der)[2])[1:])
                )
            },
        ),
    ]
    for case, edits in cases:
        fill_case(fill, edits, case, malformed)
    fill_case(
        fill, on_intermediate(replace_field(SERIAL, b"\x02\x01\xff")), "negative_serial_number"
    )


@clauses("AIN-TEE-CHAIN-PARSE.2")
def test_certificate_structure(fill: Filler) -> None:
    """
    Version 3 only, the fields in order, no unique identifiers.

    Given
    -----
    - the intermediate without a version field (v1); with version v2 (a0 03 02 01 01); with
      a subjectUniqueID [2] before its extensions.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CERT_MALFORMED each time.
    """
    unique_id = b"\x82\x02\x00\xab"

    def drop_version(fields: list[bytes]) -> list[bytes]:
        return fields[VERSION + 1 :]

    def add_unique_id(fields: list[bytes]) -> list[bytes]:
        return [*fields[:EXTENSIONS], unique_id, fields[EXTENSIONS]]

    for case, edit in (
        ("version_1", drop_version),
        ("version_2", replace_field(VERSION, bytes.fromhex("a003020101"))),
        ("subject_unique_id", add_unique_id),
    ):
        fill_case(fill, on_intermediate(edit), case, ErrorCode.TEE_CERT_MALFORMED)


def subject_of(der: bytes) -> bytes:
    """The subject element of a certificate."""
    return children(children(der)[0])[SUBJECT]


@clauses("AIN-TEE-CHAIN-PARSE.2", "AIN-TEE-CHAIN-NAMES.1")
def test_names_are_opaque_bytes(fill: Filler) -> None:
    """
    A name's content is never read; the issuer is compared with the subject byte for byte.

    Given
    -----
    - the intermediate's subject, and the signing certificate's issuer, both given an
      attribute whose value is a RELATIVE-OID (0d), a type no directory string has; then the
      signing certificate's issuer equal in value to the intermediate's subject but with its
      common name a PrintableString (13) instead of a UTF8String (0c); then both names
      31 80 00 00 inside (a SET of indefinite length, which is not DER).

    When
    ----
    - each is verified.

    Then
    ----
    - the first verifies (names are bytes); the second is TEE_CERT_NAME_MISMATCH; the third
      verifies (a name's content is not read).
    """
    odd_attribute = tlv(0x31, tlv(0x30, tlv(0x06, bytes.fromhex("550403")) + tlv(0x0D, b"\x01")))
    odd_name = tlv(0x30, odd_attribute)
    not_der = tlv(0x30, b"\x31\x80\x00\x00")  # a SET of indefinite length: BER, not DER
    for case, name in (("attribute_of_any_type", odd_name), ("content_not_der", not_der)):
        fill_case(
            fill,
            {
                INTERMEDIATE: tbs_edit(replace_field(SUBJECT, name)),
                LEAF: tbs_edit(replace_field(ISSUER, name)),
            },
            case,
        )

    def printable_issuer(der: bytes, signer: int) -> bytes:
        issuer = children(children(der)[0])[ISSUER]
        common_name = b"\x0c\x19ain-ref test intermediate"
        assert common_name in issuer
        changed = issuer.replace(common_name, b"\x13" + common_name[1:])
        return tbs_edit(replace_field(ISSUER, changed))(der, signer)

    fill_case(
        fill,
        {LEAF: printable_issuer},
        "printable_string_is_another_name",
        ErrorCode.TEE_CERT_NAME_MISMATCH,
    )


@clauses("AIN-TEE-CHAIN-TIME.1")
def test_validity_time_forms(fill: Filler) -> None:
    """
    Two time forms, whole seconds and Z; a real date; the UTCTime century pivot at 50.

    Given
    -----
    - the intermediate valid from 2026-01-01 written as GeneralizedTime; until 2028-02-29
      (a leap day); from 2000-02-29 (divisible by 400); until 2049-12-31T23:59:59 as UTCTime
      491231235959Z; from 1999-12-31T23:59:59 (991231235959Z); from 2026-03-15; then until
      UTCTime 500101000000Z (that is 1950); then with, each time, a UTCTime without seconds,
      with a fraction, with an offset +0000, with a lower-case z, 2026-02-29, month 13, day
      00, a "/" for a digit, hour 24, second 60, GeneralizedTime 2100-02-29, and a UTCTime
      tagged as GeneralizedTime.

    When
    ----
    - each is verified.

    Then
    ----
    - the first six verify; 1950 is TEE_CERT_EXPIRED; the rest TEE_CERT_MALFORMED.
    """
    start, end = utc("260101000000Z"), utc("270101000000Z")
    for case, edit in (
        ("generalized_time", times(generalized("20260101000000Z"), end)),
        ("leap_day_2028", times(start, utc("280229000000Z"))),
        ("leap_day_2000", times(utc("000229000000Z"), end)),
        ("utc_year_49_is_2049", times(start, utc("491231235959Z"))),
        ("utc_year_99_is_1999", times(utc("991231235959Z"), end)),
        ("march_date", times(utc("260315000000Z"), end)),
    ):
        fill_case(fill, on_intermediate(edit), case, flags=("LIMIT",))
    fill_case(
        fill,
        on_intermediate(times(start, utc("500101000000Z"))),
        "utc_year_50_is_1950",
        ErrorCode.TEE_CERT_EXPIRED,
        flags=("LIMIT",),
    )
    for case, bad_time in (
        ("no_seconds", utc("2701010000Z")),
        ("fraction", utc("270101000000.5Z")),
        ("offset", utc("270101000000+0000")),
        ("lower_case_z", utc("270101000000z")),
        ("february_29_2026", utc("260229000000Z")),
        ("month_13", utc("271301000000Z")),
        ("day_00", utc("270100000000Z")),
        ("slash_for_digit", utc("27010100000/Z")),
        ("hour_24", utc("270101240000Z")),
        ("second_60", utc("270101000060Z")),
        ("february_29_2100", generalized("21000229000000Z")),
        ("utc_form_in_generalized_tag", generalized("270101000000Z")),
    ):
        fill_case(fill, on_intermediate(times(start, bad_time)), case, ErrorCode.TEE_CERT_MALFORMED)


@clauses("AIN-TEE-CHAIN-VALIDITY-ORDER.1")
def test_validity_lower_bound_first(fill: Filler) -> None:
    """
    A certificate whose notBefore is after its notAfter, at a time outside both.

    Given
    -----
    - the intermediate valid "from 2027-01-01 until 2026-01-01"; the document is of 2026-06-01.

    When
    ----
    - it is verified.

    Then
    ----
    - TEE_CERT_NOT_YET_VALID (not TEE_CERT_EXPIRED).
    """
    fill_case(
        fill,
        on_intermediate(times(utc("270101000000Z"), utc("260101000000Z"))),
        "inverted_period",
        ErrorCode.TEE_CERT_NOT_YET_VALID,
    )


@clauses("AIN-TEE-CHAIN-EXTENSIONS.1")
def test_extension_structure(fill: Filler) -> None:
    """
    Extensions: no OID twice, not empty, critical only as TRUE; other values are not read.

    Given
    -----
    - the intermediate with its subject key identifier extension twice (same value); with an
      empty extensions list; with key usage flagged critical by 01 01 00 (FALSE written out);
      then with a non-critical subject key identifier whose value is not an OCTET STRING.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CERT_MALFORMED three times; the last verifies (only basic constraints and key usage
      values are read).
    """
    key_identifier = extension(SUBJECT_KEY_IDENTIFIER, tlv(0x04, bytes(20)))
    for case, edit in (
        ("same_extension_twice", map_extensions(lambda e: [*e, key_identifier, key_identifier])),
        ("empty_list", map_extensions(lambda entries: [])),
        (
            "critical_false_written",
            map_extensions(
                lambda entries: [
                    entry.replace(b"\x01\x01\xff", b"\x01\x01\x00")
                    if oid_of(entry) == KEY_USAGE
                    else entry
                    for entry in entries
                ]
            ),
        ),
    ):
        fill_case(fill, on_intermediate(edit), case, ErrorCode.TEE_CERT_MALFORMED)
    garbage = extension(SUBJECT_KEY_IDENTIFIER, b"\xff\xff\xff")
    fill_case(fill, on_intermediate(with_extension(garbage)), "other_value_not_read")


@clauses("AIN-TEE-CHAIN-EXTENSIONS.1", "AIN-TEE-CHAIN-CRITICAL.1")
def test_unread_critical_value(fill: Filler) -> None:
    """
    An unknown critical extension whose value is garbage is refused as critical, not malformed.

    Given
    -----
    - the intermediate with a critical subject key identifier whose value is ff ff ff.

    When
    ----
    - it is verified.

    Then
    ----
    - TEE_CERT_UNKNOWN_CRITICAL_EXTENSION.
    """
    garbage = extension(SUBJECT_KEY_IDENTIFIER, b"\xff\xff\xff", critical=True)
    fill_case(
        fill,
        on_intermediate(with_extension(garbage)),
        "garbage_value",
        ErrorCode.TEE_CERT_UNKNOWN_CRITICAL_EXTENSION,
    )


@clauses("AIN-TEE-CHAIN-EXTENSIONS.1")
def test_basic_constraints_value(fill: Filler) -> None:
    """
    Basic constraints: SEQUENCE { cA TRUE (optional), pathLenConstraint >= 0 (optional) }.

    Given
    -----
    - the intermediate's basic constraints value replaced by: a NULL; cA written FALSE;
      pathLenConstraint -1; an extra INTEGER after pathLenConstraint; a byte after the
      SEQUENCE; then cA TRUE and pathLenConstraint 0 with the length of pathLenConstraint
      in long form.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CERT_MALFORMED each time.
    """
    for case, value in (
        ("not_a_sequence", b"\x05\x00"),
        ("ca_false_written", bytes.fromhex("3003010100")),
        ("negative_path_length", bytes.fromhex("30060101ff0201ff")),
        ("extra_element", bytes.fromhex("30090101ff020100020100")),
        ("byte_after", bytes.fromhex("30060101ff02010000")),
        ("long_form_length", bytes.fromhex("30070101ff02810100")),
    ):
        fill_case(
            fill,
            on_intermediate(replace_extension(BASIC_CONSTRAINTS, value)),
            case,
            ErrorCode.TEE_CERT_MALFORMED,
        )


@clauses("AIN-TEE-CHAIN-EXTENSIONS.1", "AIN-TEE-CHAIN-KEY-USAGE.1")
def test_key_usage_value(fill: Filler) -> None:
    """
    Key usage: a BIT STRING of 1..3 content bytes, 0..7 unused bits that are zero.

    Given
    -----
    - the intermediate's key usage replaced by: an OCTET STRING; a BIT STRING of 4 content
      bytes; 8 unused bits; unused bits that are not zero; one content byte stating 1 unused
      bit; then keyCertSign and cRLSign with 1 unused bit (03 02 01 06), and keyCertSign in a
      3-byte BIT STRING (03 03 07 04 00) with 7 unused bits.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CERT_MALFORMED five times; the last two verify.
    """
    for case, value in (
        ("octet_string", bytes.fromhex("040106")),
        ("four_content_bytes", bytes.fromhex("030400060000")),
        ("eight_unused_bits", bytes.fromhex("03020806")),
        ("unused_bits_not_zero", bytes.fromhex("03020107")),
        ("unused_bits_without_bits", bytes.fromhex("030101")),
    ):
        fill_case(
            fill,
            on_intermediate(replace_extension(KEY_USAGE, value)),
            case,
            ErrorCode.TEE_CERT_MALFORMED,
        )
    for case, value in (
        ("one_unused_bit", bytes.fromhex("03020106")),
        ("three_content_bytes", bytes.fromhex("0303070400")),
    ):
        fill_case(fill, on_intermediate(replace_extension(KEY_USAGE, value)), case)


def key_info_with(
    algorithm: bytes | None = None, point: Callable[[bytes], bytes] | None = None
) -> Callable[[bytes, int], bytes]:
    """An edit of the intermediate's subjectPublicKeyInfo: another algorithm, another point."""

    def edit(der: bytes, signer: int) -> bytes:
        key_info = children(children(der)[0])[KEY_INFO]
        old_algorithm, bits = children(key_info)
        new_point = content(bits)[1:] if point is None else point(content(bits)[1:])
        new_info = tlv(0x30, (algorithm or old_algorithm) + tlv(0x03, b"\x00" + new_point))
        return tbs_edit(replace_field(KEY_INFO, new_info))(der, signer)

    return edit


@clauses("AIN-TEE-CHAIN-ALGORITHM.2")
def test_algorithm_fields_are_exact(fill: Filler) -> None:
    """
    Both signature algorithm fields and the key's algorithm are exact bytes; the key is a point.

    Given
    -----
    - the intermediate (signed with SHA-384 each time) with: tbsCertificate.signature saying
      SHA-256; signatureAlgorithm saying SHA-256; both with NULL parameters; a key algorithm
      with explicit curve parameters; its key compressed (02/03 || x); its key with y + 1
      (not on the curve); its key less its last byte.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CERT_BAD_ALGORITHM each time.
    """
    with_null = bytes.fromhex("300c06082a8648ce3d0403030500")
    explicit = tlv(0x30, bytes.fromhex("06072a8648ce3d0201") + tlv(0x30, b"\x02\x01\x01"))

    def compressed(point: bytes) -> bytes:
        return bytes([2 + (point[-1] & 1)]) + point[1:49]

    def off_curve(point: bytes) -> bytes:
        return point[:-1] + bytes([point[-1] ^ 1])

    cases: list[tuple[str, dict[int, Edit]]] = [
        ("inner_sha256", on_intermediate(replace_field(SIGNATURE, ECDSA_SHA256))),
        (
            "outer_sha256",
            {INTERMEDIATE: tbs_edit(lambda fields: fields, outer_algorithm=ECDSA_SHA256)},
        ),
        (
            "null_parameters",
            {
                INTERMEDIATE: tbs_edit(
                    replace_field(SIGNATURE, with_null), outer_algorithm=with_null
                )
            },
        ),
        ("explicit_curve_parameters", {INTERMEDIATE: key_info_with(algorithm=explicit)}),
        ("compressed_point", {INTERMEDIATE: key_info_with(point=compressed)}),
        ("point_not_on_curve", {INTERMEDIATE: key_info_with(point=off_curve)}),
        ("point_too_short", {INTERMEDIATE: key_info_with(point=lambda point: point[:-1])}),
    ]
    for case, edits in cases:
        fill_case(fill, edits, case, ErrorCode.TEE_CERT_BAD_ALGORITHM)


def high_s(signature: bytes) -> bytes:
    """The same ECDSA signature with s replaced by n - s (also valid)."""
    r_value, s_value = decode_dss_signature(signature)
    return der_sig(r_value, P384_ORDER - s_value)


def der_integer(value: int) -> bytes:
    """A positive INTEGER, shortest."""
    return tlv(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def der_sig(r_value: int, s_value: int) -> bytes:
    """An ECDSA-Sig-Value."""
    return tlv(0x30, der_integer(r_value) + der_integer(s_value))


@clauses("AIN-TEE-CHAIN-SIGNATURE.2")
def test_certificate_signature_encoding(fill: Filler) -> None:
    """
    The signature is one DER ECDSA-Sig-Value with r and s in 1..n-1; s above n/2 is admitted.

    Given
    -----
    - the intermediate's valid signature with: r written with an extra leading 00; a byte
      after the SEQUENCE; r = 0; s = n; then s replaced by n - s; then the root's own
      signatureValue bits replaced by one zero byte.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CERT_SIGNATURE_INVALID four times; the last two verify (no low-s rule; the root's
      signature is never read).
    """

    def leading_zero(signature: bytes) -> bytes:
        r_value, s_value = decode_dss_signature(signature)
        r_bytes = der_integer(r_value)
        return tlv(0x30, tlv(0x02, b"\x00" + content(r_bytes)) + der_integer(s_value))

    def with_r(value: int) -> Callable[[bytes], bytes]:
        return lambda signature: der_sig(value, decode_dss_signature(signature)[1])

    def with_s(value: int) -> Callable[[bytes], bytes]:
        return lambda signature: der_sig(decode_dss_signature(signature)[0], value)

    for case, change in (
        ("integer_not_shortest", leading_zero),
        ("byte_after", lambda signature: signature + b"\x00"),
        ("r_zero", with_r(0)),
        ("s_equal_to_order", with_s(P384_ORDER)),
    ):
        fill_case(
            fill,
            {INTERMEDIATE: tbs_edit(lambda fields: fields, signature_bits=change)},
            case,
            ErrorCode.TEE_CERT_SIGNATURE_INVALID,
        )
    fill_case(
        fill, {INTERMEDIATE: tbs_edit(lambda fields: fields, signature_bits=high_s)}, "high_s"
    )
    fill_case(
        fill,
        {0: tbs_edit(lambda fields: fields, signature_bits=lambda signature: b"\x00")},
        "root_signature_not_read",
    )
