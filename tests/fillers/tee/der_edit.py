"""
Editing the DER of test certificates: split a certificate, change its fields, sign it again.

Written apart from ``ain_ref.jobs.tee.der`` (it shares none of its code), so a vector built here
does not inherit a mistake of the reader it tests. Fields of a tbsCertificate by position:
0 version, 1 serialNumber, 2 signature, 3 issuer, 4 validity, 5 subject,
6 subjectPublicKeyInfo, 7 extensions.
"""

from __future__ import annotations

from collections.abc import Callable

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from tests.fillers.tee.synthetic import (
    DEFAULT_CHAIN,
    HASHES,
    CertSpec,
    build_chain,
    cose_sign1,
    payload_fields,
    private_key,
)

ECDSA_SHA384 = bytes.fromhex("300a06082a8648ce3d040303")
ECDSA_SHA256 = bytes.fromhex("300a06082a8648ce3d040302")
SUBJECT_KEY_IDENTIFIER = "551d0e"
BASIC_CONSTRAINTS = "551d13"
KEY_USAGE = "551d0f"
VERSION, SERIAL, SIGNATURE, ISSUER, VALIDITY, SUBJECT, KEY_INFO, EXTENSIONS = range(8)
TbsEdit = Callable[[list[bytes]], list[bytes]]


def tlv(tag: int, content: bytes) -> bytes:
    """An element with its shortest length."""
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    width = (size.bit_length() + 7) // 8
    return bytes([tag, 0x80 | width]) + size.to_bytes(width, "big") + content


def header_size(element: bytes) -> int:
    """Identifier and length bytes of a well-formed element."""
    return 2 if element[1] < 0x80 else 2 + (element[1] & 0x7F)


def content(element: bytes) -> bytes:
    """The content of a well-formed element."""
    return element[header_size(element) :]


def children(element: bytes) -> list[bytes]:
    """The whole encodings of the elements inside a well-formed constructed element."""
    body = content(element)
    parts = []
    while body:
        size = header_size(body)
        length = body[1] if body[1] < 0x80 else int.from_bytes(body[2:size], "big")
        parts.append(body[: size + length])
        body = body[size + length :]
    return parts


def extension(oid_hex: str, value: bytes, *, critical: bool = False) -> bytes:
    """One extension: OID, TRUE when critical, the value in an OCTET STRING."""
    flag = bytes.fromhex("0101ff") if critical else b""
    return tlv(0x30, tlv(0x06, bytes.fromhex(oid_hex)) + flag + tlv(0x04, value))


def extensions_field(entries: list[bytes]) -> bytes:
    """The [3] extensions field of these extensions."""
    return tlv(0xA3, tlv(0x30, b"".join(entries)))


def ecdsa_der(key_index: int, message: bytes, hash_name: str = "sha384") -> bytes:
    """A deterministic DER ECDSA-Sig-Value by test key ``key_index``."""
    algorithm = ec.ECDSA(HASHES[hash_name], deterministic_signing=True)
    return private_key(key_index).sign(message, algorithm)


def resigned(
    der: bytes,
    signer_key_index: int,
    edit: TbsEdit = lambda fields: fields,
    *,
    outer_algorithm: bytes = ECDSA_SHA384,
    signature_bits: Callable[[bytes], bytes] = lambda signature: signature,
) -> bytes:
    """
    A certificate with its tbsCertificate fields edited, signed again by a test key.

    ``signature_bits`` may change the DER ECDSA-Sig-Value before it goes into the BIT STRING.
    """
    tbs = children(der)[0]
    new_tbs = tlv(0x30, b"".join(edit(children(tbs))))
    signature = signature_bits(ecdsa_der(signer_key_index, new_tbs))
    return tlv(0x30, new_tbs + outer_algorithm + tlv(0x03, b"\x00" + signature))


def signer_of(specs: list[CertSpec], position: int) -> int:
    """The key index that signs the certificate at ``position``."""
    spec = specs[position]
    if spec.signer_key_index is not None:
        return spec.signer_key_index
    return specs[position - 1].key_index if position else spec.key_index


def edited_chain(
    edits: dict[int, Callable[[bytes, int], bytes]], specs: list[CertSpec] | None = None
) -> list[bytes]:
    """The test chain with the certificate at each position replaced by ``edit(der, signer)``."""
    specs = specs or DEFAULT_CHAIN
    chain = build_chain(specs)
    for position, edit in sorted(edits.items()):
        chain[position] = edit(chain[position], signer_of(specs, position))
    return chain


def chain_document(chain: list[bytes], signing_key: int = 3) -> tuple[bytes, bytes]:
    """(evidence, root) of the usual document over a chain of DER certificates."""
    return cose_sign1(cbor2.dumps(payload_fields(chain)), signing_key=signing_key), chain[0]


def tbs_edit(edit: TbsEdit, **options: object) -> Callable[[bytes, int], bytes]:
    """An edit of a certificate's tbsCertificate fields, signed again by its signer."""
    return lambda der, signer: resigned(der, signer, edit, **options)  # type: ignore[arg-type]


def replace_field(index: int, value: bytes) -> TbsEdit:
    """Replace one tbsCertificate field."""
    return lambda fields: [value if position == index else f for position, f in enumerate(fields)]


def map_extensions(edit: Callable[[list[bytes]], list[bytes]]) -> TbsEdit:
    """Edit the list of extensions (each an encoded Extension)."""

    def apply(fields: list[bytes]) -> list[bytes]:
        entries = children(children(fields[EXTENSIONS])[0])
        return [*fields[:EXTENSIONS], extensions_field(edit(entries))]

    return apply


def oid_of(entry: bytes) -> str:
    """The OID content, in hex, of an encoded Extension."""
    return content(children(entry)[0]).hex()


def hash_for(name: str) -> hashes.HashAlgorithm:
    """A hash by name (sha256 or sha384)."""
    return HASHES[name]
