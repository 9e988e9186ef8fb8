"""
A synthetic Nitro-style PKI and attestation documents, built deterministically.

The real Nitro documents carry a fixed nonce and chain to the AWS root, so binding to a task and
every negative case need documents of our own. Keys are derived from fixed integers; every
signature (certificates and COSE) uses RFC 6979 deterministic ECDSA (``cryptography``'s
``deterministic_signing``/``ecdsa_deterministic``), so regenerated vectors are byte for byte
the same. The root is a parameter of the verifier, so these documents verify under this PKI's
root exactly as AWS documents verify under AWS's.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import Any

import attrs
import cbor2
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

from ain_ref.jobs.tee.binding import task_binding
from ain_ref.jobs.tee.cose import sig_structure

UTC = datetime.UTC
DOCUMENT_TIME = datetime.datetime(2026, 6, 1, 12, 0, 0, tzinfo=UTC)
DOCUMENT_TIME_MS = (
    int((DOCUMENT_TIME - datetime.datetime(1970, 1, 1, tzinfo=UTC)).total_seconds()) * 1000
)
CHAIN_ID = 1
TASK_ID = hashlib.sha256(b"ain-ref tee test task").digest()
BINDING = task_binding(CHAIN_ID, TASK_ID)
PROTECTED_ES384 = bytes.fromhex("a1013822")  # {1: -35}
CURVES: dict[str, ec.EllipticCurve] = {"secp384r1": ec.SECP384R1(), "secp256r1": ec.SECP256R1()}
HASHES: dict[str, hashes.HashAlgorithm] = {"sha384": hashes.SHA384(), "sha256": hashes.SHA256()}


def pcr(label: str) -> bytes:
    """A 48-byte register value of its own."""
    return hashlib.sha384(label.encode()).digest()


PCRS = {0: pcr("pcr0"), 1: pcr("pcr1"), 2: pcr("pcr2")}
EXPECTED = [(0, PCRS[0]), (2, PCRS[2])]


def private_key(index: int, curve: str = "secp384r1") -> ec.EllipticCurvePrivateKey:
    """The test key number ``index`` on a curve, from a fixed secret."""
    secret = int.from_bytes(hashlib.sha256(f"ain-ref tee key {index}".encode()).digest(), "big")
    return ec.derive_private_key(secret, CURVES[curve])


def name(common_name: str) -> x509.Name:
    """A Nitro-like distinguished name."""
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ain-ref test"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


@attrs.frozen
class CertSpec:
    """What one certificate of the test chain says."""

    common_name: str
    key_index: int
    not_before: datetime.datetime
    not_after: datetime.datetime
    ca: bool | None  # None: no basic constraints extension
    path_length: int | None = None
    key_cert_sign: bool = False
    digital_signature: bool = False
    key_usage: bool = True
    curve: str = "secp384r1"
    hash_name: str = "sha384"
    issuer_override: str | None = None
    extra_critical: bool = False
    signer_key_index: int | None = None  # sign with another key than the issuer's


def root_spec(**changes: Any) -> CertSpec:
    """The test root: a CA, valid 2020..2050."""
    spec = CertSpec(
        common_name="ain-ref test root",
        key_index=1,
        not_before=datetime.datetime(2020, 1, 1, tzinfo=UTC),
        not_after=datetime.datetime(2050, 1, 1, tzinfo=UTC),
        ca=True,
        key_cert_sign=True,
        digital_signature=True,
    )
    return attrs.evolve(spec, **changes)


def intermediate_spec(**changes: Any) -> CertSpec:
    """The test intermediate: a CA with pathLen 0, valid in 2026."""
    spec = CertSpec(
        common_name="ain-ref test intermediate",
        key_index=2,
        not_before=datetime.datetime(2026, 1, 1, tzinfo=UTC),
        not_after=datetime.datetime(2027, 1, 1, tzinfo=UTC),
        ca=True,
        path_length=0,
        key_cert_sign=True,
    )
    return attrs.evolve(spec, **changes)


def leaf_spec(**changes: Any) -> CertSpec:
    """The signing certificate: no CA, digitalSignature, valid an hour either side of T."""
    spec = CertSpec(
        common_name="ain-ref test enclave",
        key_index=3,
        not_before=DOCUMENT_TIME - datetime.timedelta(hours=1),
        not_after=DOCUMENT_TIME + datetime.timedelta(hours=1),
        ca=False,
        digital_signature=True,
    )
    return attrs.evolve(spec, **changes)


def key_usage(spec: CertSpec) -> x509.KeyUsage:
    """The key usage extension of a spec."""
    return x509.KeyUsage(
        digital_signature=spec.digital_signature,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=spec.key_cert_sign,
        crl_sign=spec.key_cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def build_certificate(spec: CertSpec, issuer: CertSpec | None) -> bytes:
    """One DER certificate, signed deterministically by its issuer (or itself)."""
    subject_key = private_key(spec.key_index, spec.curve)
    signer = issuer or spec
    signer_key = private_key(spec.signer_key_index or signer.key_index, signer.curve)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name(spec.common_name))
        .issuer_name(name(spec.issuer_override or signer.common_name))
        .public_key(subject_key.public_key())
        .serial_number(1000 + spec.key_index)
        .not_valid_before(spec.not_before)
        .not_valid_after(spec.not_after)
    )
    if spec.ca is not None:
        builder = builder.add_extension(
            x509.BasicConstraints(ca=spec.ca, path_length=spec.path_length), critical=True
        )
    if spec.key_usage:
        builder = builder.add_extension(key_usage(spec), critical=True)
    if spec.extra_critical:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=True
        )
    certificate = builder.sign(signer_key, HASHES[spec.hash_name], ecdsa_deterministic=True)
    return certificate.public_bytes(serialization_der())


def serialization_der() -> Any:
    """The DER encoding enum (imported late to keep the imports short)."""
    from cryptography.hazmat.primitives.serialization import Encoding

    return Encoding.DER


def build_chain(specs: list[CertSpec]) -> list[bytes]:
    """DER certificates, root first: each signed by the one before (the root by itself)."""
    return [
        build_certificate(spec, specs[position - 1] if position else None)
        for position, spec in enumerate(specs)
    ]


DEFAULT_CHAIN = [root_spec(), intermediate_spec(), leaf_spec()]


def payload_fields(chain: list[bytes], **changes: Any) -> dict[str, Any]:
    """The attestation document's fields in Nitro's order; ``changes`` replace or add fields."""
    fields: dict[str, Any] = {
        "module_id": "i-0123456789abcdef0-enc0123456789abcdef",
        "digest": "SHA384",
        "timestamp": DOCUMENT_TIME_MS,
        "pcrs": dict(PCRS),
        "certificate": chain[-1],
        "cabundle": chain[:-1],
        "public_key": None,
        "user_data": None,
        "nonce": BINDING,
    }
    fields.update(changes)
    return fields


def sign_es384(key: ec.EllipticCurvePrivateKey, message: bytes) -> bytes:
    """A deterministic (RFC 6979) ECDSA P-384 SHA-384 signature as r || s, 48 bytes each."""
    der = key.sign(message, ec.ECDSA(hashes.SHA384(), deterministic_signing=True))
    r_value, s_value = decode_dss_signature(der)
    return r_value.to_bytes(48, "big") + s_value.to_bytes(48, "big")


def cose_sign1(
    payload: bytes,
    *,
    protected: bytes = PROTECTED_ES384,
    signing_key: int = 3,
    envelope: Callable[[list[Any]], Any] = lambda items: items,
) -> bytes:
    """A COSE_Sign1 over ``payload`` signed by test key ``signing_key``."""
    signature = sign_es384(private_key(signing_key), sig_structure(protected, payload))
    return cbor2.dumps(envelope([protected, {}, payload, signature]))


def document(
    chain_specs: list[CertSpec] | None = None,
    *,
    omit: tuple[str, ...] = (),
    signing_key: int = 3,
    **changes: Any,
) -> tuple[bytes, bytes]:
    """(evidence, root DER) of a synthetic document; fields changed, added or omitted."""
    chain = build_chain(chain_specs or DEFAULT_CHAIN)
    fields = payload_fields(chain, **changes)
    for field_name in omit:
        del fields[field_name]
    return cose_sign1(cbor2.dumps(fields), signing_key=signing_key), chain[0]


def verify_input(
    evidence: bytes,
    root: bytes,
    *,
    measurements: list[tuple[int, bytes]] | None = None,
    binding: bytes = BINDING,
    profile: str = "nitro",
) -> dict[str, Any]:
    """A tee/verify vector input."""
    return {
        "profile": profile,
        "evidence": evidence.hex(),
        "root": root.hex(),
        "measurements": [
            {"index": index, "value": value.hex()}
            for index, value in (EXPECTED if measurements is None else measurements)
        ],
        "binding": binding.hex(),
    }
