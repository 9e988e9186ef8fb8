"""Fillers for the nitro profile's certificate chain, on the synthetic test PKI."""

from __future__ import annotations

import datetime
from typing import Any

from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.tee.synthetic import (
    BINDING,
    DOCUMENT_TIME,
    DOCUMENT_TIME_MS,
    PCRS,
    CertSpec,
    build_chain,
    document,
    intermediate_spec,
    leaf_spec,
    root_spec,
    verify_input,
)

HOUR = datetime.timedelta(hours=1)


def chain_case(
    fill: Filler,
    specs: list[CertSpec],
    *,
    rejection: ErrorCode | None = None,
    case: str = "",
    flags: tuple[str, ...] = (),
    **changes: Any,
) -> None:
    """Fill one verify vector for a document under a chain of these specs."""
    evidence, root = document(specs, **changes)
    if rejection is None:
        fill(
            "tee",
            "verify",
            verify_input(evidence, root),
            output=synthetic_claims(**changes),
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


def synthetic_claims(timestamp: int = DOCUMENT_TIME_MS, **_: Any) -> dict[str, Any]:
    """The claims of a synthetic document."""
    return {
        "profile": "nitro",
        "module_id": "i-0123456789abcdef0-enc0123456789abcdef",
        "timestamp_ms": str(timestamp),
        "measurements": [
            {"index": index, "value": value.hex()} for index, value in sorted(PCRS.items())
        ],
        "binding": BINDING.hex(),
        "user_data": None,
        "public_key": None,
    }


@clauses("AIN-TEE-PROFILE.1", "AIN-TEE-NITRO-ORDER.1", "AIN-TEE-CHAIN-ORDER.1", "AIN-TEE-BINDING.1")
def test_synthetic_document_verifies(fill: Filler) -> None:
    """
    A document of the test PKI, bound to a task, verifies under the test root.

    Given
    -----
    - root, intermediate (pathLen 0) and signing certificate; the document's nonce is the
      binding of the test task on chain 1; PCR0 and PCR2 expected.

    When
    ----
    - it is verified.

    Then
    ----
    - the claims hold its three registers and the binding.
    """
    chain_case(fill, [root_spec(), intermediate_spec(), leaf_spec()])


@clauses("AIN-TEE-CHAIN-VALIDITY.1")
def test_validity_bounds_are_inclusive(fill: Filler) -> None:
    """
    A certificate is valid from notBefore to notAfter, both included, at the document's time.

    Given
    -----
    - a signing certificate whose notAfter, then whose notBefore, is the document's time; then
      the document one millisecond after notAfter, and one before notBefore.

    When
    ----
    - each is verified.

    Then
    ----
    - the first two verify; the others are TEE_CERT_EXPIRED and TEE_CERT_NOT_YET_VALID.
    """
    root, intermediate = root_spec(), intermediate_spec()
    ends_now = leaf_spec(not_after=DOCUMENT_TIME)
    starts_now = leaf_spec(not_before=DOCUMENT_TIME)
    chain_case(fill, [root, intermediate, ends_now], case="at_not_after", flags=("LIMIT",))
    chain_case(fill, [root, intermediate, starts_now], case="at_not_before", flags=("LIMIT",))
    chain_case(
        fill,
        [root, intermediate, ends_now],
        rejection=ErrorCode.TEE_CERT_EXPIRED,
        case="after_not_after",
        flags=("LIMIT",),
        timestamp=DOCUMENT_TIME_MS + 1,
    )
    chain_case(
        fill,
        [root, intermediate, starts_now],
        rejection=ErrorCode.TEE_CERT_NOT_YET_VALID,
        case="before_not_before",
        flags=("LIMIT",),
        timestamp=DOCUMENT_TIME_MS - 1,
    )


@clauses("AIN-TEE-CHAIN-VALIDITY.1", "AIN-TEE-CHAIN-ORDER.1")
def test_every_certificate_is_checked_at_the_document_time(fill: Filler) -> None:
    """
    The root and the intermediate are held to the document's time too.

    Given
    -----
    - a root expired an hour before the document; an intermediate valid from an hour after it.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CERT_EXPIRED, then TEE_CERT_NOT_YET_VALID.
    """
    chain_case(
        fill,
        [root_spec(not_after=DOCUMENT_TIME - HOUR), intermediate_spec(), leaf_spec()],
        rejection=ErrorCode.TEE_CERT_EXPIRED,
        case="expired_root",
    )
    chain_case(
        fill,
        [root_spec(), intermediate_spec(not_before=DOCUMENT_TIME + HOUR), leaf_spec()],
        rejection=ErrorCode.TEE_CERT_NOT_YET_VALID,
        case="future_intermediate",
    )


@clauses("AIN-TEE-CHAIN-ROOT.1")
def test_another_root_is_refused(fill: Filler) -> None:
    """
    A whole chain of another root, under the pinned test root.

    Given
    -----
    - a valid chain from a root with key 9; the pinned root is the usual test root.

    When
    ----
    - it is verified.

    Then
    ----
    - TEE_CERT_ROOT_MISMATCH.
    """
    evidence, _ = document([root_spec(key_index=9), intermediate_spec(), leaf_spec()])
    pinned = build_chain([root_spec()])[0]
    fill(
        "tee", "verify", verify_input(evidence, pinned), rejection=ErrorCode.TEE_CERT_ROOT_MISMATCH
    )


@clauses("AIN-TEE-CHAIN-PARSE.2")
def test_unparsable_certificates_are_refused(fill: Filler) -> None:
    """
    A bundle certificate, then the signing certificate, that are not DER X.509.

    Given
    -----
    - the intermediate replaced by 30 03 02 01 00; then the signing certificate so replaced.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CERT_MALFORMED both times.
    """
    chain = build_chain([root_spec(), intermediate_spec(), leaf_spec()])
    garbage = bytes.fromhex("3003020100")
    for case, changes in (
        ("intermediate", {"cabundle": [chain[0], garbage]}),
        ("leaf", {"certificate": garbage}),
    ):
        evidence, root = document(**changes)
        fill(
            "tee",
            "verify",
            verify_input(evidence, root),
            rejection=ErrorCode.TEE_CERT_MALFORMED,
            case=case,
        )


@clauses("AIN-TEE-CHAIN-ALGORITHM.2")
def test_other_algorithms_are_refused(fill: Filler) -> None:
    """
    A certificate signed with SHA-256, and one whose key is on P-256.

    Given
    -----
    - an intermediate signed with ecdsa-with-SHA256; a signing certificate with a P-256 key.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CERT_BAD_ALGORITHM both times.
    """
    chain_case(
        fill,
        [root_spec(), intermediate_spec(hash_name="sha256"), leaf_spec()],
        rejection=ErrorCode.TEE_CERT_BAD_ALGORITHM,
        case="sha256_signature",
    )
    chain_case(
        fill,
        [root_spec(), intermediate_spec(), leaf_spec(curve="secp256r1")],
        rejection=ErrorCode.TEE_CERT_BAD_ALGORITHM,
        case="p256_key",
    )


@clauses("AIN-TEE-CHAIN-NAMES.1", "AIN-TEE-CHAIN-SIGNATURE.2")
def test_links_must_chain(fill: Filler) -> None:
    """
    A signing certificate naming another issuer, and one signed by another key.

    Given
    -----
    - the signing certificate's issuer is "someone else"; then it is signed by key 7, not the
      intermediate's.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CERT_NAME_MISMATCH, then TEE_CERT_SIGNATURE_INVALID.
    """
    chain_case(
        fill,
        [root_spec(), intermediate_spec(), leaf_spec(issuer_override="someone else")],
        rejection=ErrorCode.TEE_CERT_NAME_MISMATCH,
        case="issuer_name",
    )
    chain_case(
        fill,
        [root_spec(), intermediate_spec(), leaf_spec(signer_key_index=7)],
        rejection=ErrorCode.TEE_CERT_SIGNATURE_INVALID,
        case="wrong_signer",
    )


@clauses("AIN-TEE-CHAIN-CRITICAL.1")
def test_unknown_critical_extension_is_refused(fill: Filler) -> None:
    """
    An intermediate with a critical extended key usage extension.

    Given
    -----
    - the intermediate carries extendedKeyUsage, marked critical.

    When
    ----
    - it is verified.

    Then
    ----
    - TEE_CERT_UNKNOWN_CRITICAL_EXTENSION.
    """
    chain_case(
        fill,
        [root_spec(), intermediate_spec(extra_critical=True), leaf_spec()],
        rejection=ErrorCode.TEE_CERT_UNKNOWN_CRITICAL_EXTENSION,
    )


@clauses("AIN-TEE-CHAIN-CA.1")
def test_bundle_certificates_must_be_cas(fill: Filler) -> None:
    """
    An intermediate with cA false, and one without basic constraints.

    Given
    -----
    - the intermediate says cA false; then it has no basic constraints extension.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CERT_NOT_CA both times.
    """
    chain_case(
        fill,
        [root_spec(), intermediate_spec(ca=False, path_length=None), leaf_spec()],
        rejection=ErrorCode.TEE_CERT_NOT_CA,
        case="ca_false",
    )
    chain_case(
        fill,
        [root_spec(), intermediate_spec(ca=None, path_length=None), leaf_spec()],
        rejection=ErrorCode.TEE_CERT_NOT_CA,
        case="no_basic_constraints",
    )


@clauses("AIN-TEE-CHAIN-CA.1")
def test_path_length_counts_the_cas_below(fill: Filler) -> None:
    """
    pathLenConstraint bounds the bundle certificates after it; the signing one does not count.

    Given
    -----
    - root, intermediate A (pathLen 1), intermediate B (pathLen 0), signing certificate;
      then the same with A's pathLen 0.

    When
    ----
    - each is verified.

    Then
    ----
    - the first verifies; the second is TEE_CERT_PATH_LENGTH.
    """
    second = intermediate_spec(common_name="ain-ref test intermediate B", key_index=4)
    chain_case(
        fill,
        [root_spec(), intermediate_spec(path_length=1), second, leaf_spec(key_index=5)],
        case="exactly_enough",
        flags=("LIMIT",),
        signing_key=5,
    )
    chain_case(
        fill,
        [root_spec(), intermediate_spec(path_length=0), second, leaf_spec(key_index=5)],
        rejection=ErrorCode.TEE_CERT_PATH_LENGTH,
        case="one_too_many",
        flags=("LIMIT",),
        signing_key=5,
    )


@clauses("AIN-TEE-CHAIN-LEAF.1", "AIN-TEE-CHAIN-KEY-USAGE.1")
def test_signing_certificate_role(fill: Filler) -> None:
    """
    The signing certificate is no CA and asserts digitalSignature.

    Given
    -----
    - a signing certificate with cA true; one without basic constraints; one whose key usage
      lacks digitalSignature; one without key usage.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CERT_LEAF_IS_CA; verified; TEE_CERT_KEY_USAGE; TEE_CERT_KEY_USAGE.
    """
    root, intermediate = root_spec(), intermediate_spec()
    chain_case(
        fill,
        [root, intermediate, leaf_spec(ca=True)],
        rejection=ErrorCode.TEE_CERT_LEAF_IS_CA,
        case="leaf_is_ca",
    )
    chain_case(fill, [root, intermediate, leaf_spec(ca=None)], case="no_basic_constraints")
    chain_case(
        fill,
        [root, intermediate, leaf_spec(digital_signature=False)],
        rejection=ErrorCode.TEE_CERT_KEY_USAGE,
        case="no_digital_signature",
    )
    chain_case(
        fill,
        [root, intermediate, leaf_spec(key_usage=False)],
        rejection=ErrorCode.TEE_CERT_KEY_USAGE,
        case="no_key_usage",
    )


@clauses("AIN-TEE-CHAIN-KEY-USAGE.1")
def test_bundle_key_usage(fill: Filler) -> None:
    """
    A bundle certificate must assert keyCertSign in a key usage extension.

    Given
    -----
    - an intermediate without keyCertSign; one without key usage.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CERT_KEY_USAGE both times.
    """
    chain_case(
        fill,
        [root_spec(), intermediate_spec(key_cert_sign=False, digital_signature=True), leaf_spec()],
        rejection=ErrorCode.TEE_CERT_KEY_USAGE,
        case="no_key_cert_sign",
    )
    chain_case(
        fill,
        [root_spec(), intermediate_spec(key_usage=False), leaf_spec()],
        rejection=ErrorCode.TEE_CERT_KEY_USAGE,
        case="no_key_usage",
    )


@clauses("AIN-TEE-CHAIN-ORDER.1")
def test_chain_check_order(fill: Filler) -> None:
    """
    Within one certificate the algorithm is checked before the names, the names before the
    signature, the signature before the time, the time before the extensions.

    Given
    -----
    - an intermediate both expired and not a CA; a signing certificate both misnamed and
      expired; an intermediate both SHA-256-signed and misnamed; a signing certificate both
      signed by another key and expired.

    When
    ----
    - each is verified.

    Then
    ----
    - TEE_CERT_EXPIRED; TEE_CERT_NAME_MISMATCH; TEE_CERT_BAD_ALGORITHM;
      TEE_CERT_SIGNATURE_INVALID.
    """
    past = DOCUMENT_TIME - HOUR
    chain_case(
        fill,
        [root_spec(), intermediate_spec(not_after=past, ca=False, path_length=None), leaf_spec()],
        rejection=ErrorCode.TEE_CERT_EXPIRED,
        case="time_before_role",
    )
    chain_case(
        fill,
        [
            root_spec(),
            intermediate_spec(),
            leaf_spec(issuer_override="x", not_after=past, not_before=past - HOUR),
        ],
        rejection=ErrorCode.TEE_CERT_NAME_MISMATCH,
        case="names_before_time",
    )
    chain_case(
        fill,
        [root_spec(), intermediate_spec(hash_name="sha256", issuer_override="x"), leaf_spec()],
        rejection=ErrorCode.TEE_CERT_BAD_ALGORITHM,
        case="algorithm_before_names",
    )
    chain_case(
        fill,
        [
            root_spec(),
            intermediate_spec(),
            leaf_spec(signer_key_index=7, not_after=past, not_before=past - HOUR),
        ],
        rejection=ErrorCode.TEE_CERT_SIGNATURE_INVALID,
        case="signature_before_time",
    )


@clauses("AIN-TEE-CHAIN-ROOT.1")
def test_pinned_root_is_trusted_by_its_bytes(fill: Filler) -> None:
    """
    The root's own signature is not checked: it is trusted because its bytes are pinned.

    Given
    -----
    - a root whose self-signature is made with another key (key 8), pinned as it is.

    When
    ----
    - a document under it is verified.

    Then
    ----
    - it verifies.
    """
    chain_case(fill, [root_spec(signer_key_index=8), intermediate_spec(), leaf_spec()])


@clauses("AIN-TEE-NITRO-FIELDS.1", "AIN-TEE-CHAIN-ORDER.1")
def test_bundle_of_the_root_alone(fill: Filler) -> None:
    """
    A bundle of one certificate, the root, which signs the signing certificate itself.

    Given
    -----
    - cabundle = [root]; the signing certificate is issued by the root.

    When
    ----
    - it is verified.

    Then
    ----
    - it verifies.
    """
    chain_case(fill, [root_spec(), leaf_spec()], flags=("LIMIT",))
