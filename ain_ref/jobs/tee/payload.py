"""
The AWS Nitro Enclaves attestation document: the COSE payload's fields and their syntax.

Spec: spec/tee.md, "The Nitro attestation document" ([AIN-TEE-NITRO-PAYLOAD.1],
[AIN-TEE-NITRO-FIELDS.1]); aws/aws-nitro-enclaves-nsm-api, docs/attestation_process.md 3.2.
Layer: jobs (tee). Imports encoding (U64_MAX), errors, jobs.model (register lengths),
jobs.tee.cbor_reader.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, cast

import attrs

from ain_ref.encoding import U64_MAX
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.model import MEASUREMENT_BYTES
from ain_ref.jobs.tee.cbor_reader import ReadValue, read_cbor

PCR_COUNT: Final = 32
PCR_LENGTHS: Final = MEASUREMENT_BYTES
"""The register lengths a document may report: those a job may declare [AIN-JOB-MEASUREMENTS.1]."""
MAX_CERTIFICATE_BYTES: Final = 1024
MAX_BUNDLE_CERTIFICATES: Final = 8
MAX_USER_BYTES: Final = 512


@attrs.frozen
class AttestationDocument:
    """A syntactically valid Nitro attestation document [AIN-TEE-NITRO-FIELDS.1]."""

    module_id: str
    digest: str
    timestamp_ms: int
    pcrs: tuple[tuple[int, bytes], ...]  # by increasing index
    certificate: bytes
    cabundle: tuple[bytes, ...]  # root first, as given
    public_key: bytes | None
    user_data: bytes | None
    nonce: bytes | None


def is_module_id(value: ReadValue) -> bool:
    """A non-empty text string."""
    return type(value) is str and len(value) > 0


def is_digest(value: ReadValue) -> bool:
    """The text SHA384."""
    return value == "SHA384" and type(value) is str


def is_timestamp(value: ReadValue) -> bool:
    """An unsigned integer 1 .. 2**64 - 1 (milliseconds since the Unix epoch)."""
    return type(value) is int and 1 <= value <= U64_MAX


def is_pcr_map(value: ReadValue) -> bool:
    """1..32 entries, keys 0..31, values byte strings of 32, 48 or 64 bytes."""
    if not isinstance(value, dict) or not 1 <= len(value) <= PCR_COUNT:
        return False
    return all(
        type(index) is int
        and 0 <= index < PCR_COUNT
        and type(register) is bytes
        and len(register) in PCR_LENGTHS
        for index, register in value.items()
    )


def is_certificate(value: ReadValue) -> bool:
    """A byte string of 1..1024 bytes."""
    return type(value) is bytes and 1 <= len(value) <= MAX_CERTIFICATE_BYTES


def is_cabundle(value: ReadValue) -> bool:
    """An array of 1..8 certificates."""
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_BUNDLE_CERTIFICATES:
        return False
    return all(is_certificate(item) for item in value)


def is_optional_public_key(value: ReadValue) -> bool:
    """null, or a byte string of 1..1024 bytes."""
    return value is None or is_certificate(value)


def is_optional_user_bytes(value: ReadValue) -> bool:
    """null, or a byte string of 0..512 bytes (user_data and nonce)."""
    return value is None or (type(value) is bytes and len(value) <= MAX_USER_BYTES)


FIELDS: Final[tuple[tuple[str, bool, Callable[[ReadValue], bool]], ...]] = (
    ("module_id", True, is_module_id),
    ("digest", True, is_digest),
    ("timestamp", True, is_timestamp),
    ("pcrs", True, is_pcr_map),
    ("certificate", True, is_certificate),
    ("cabundle", True, is_cabundle),
    ("public_key", False, is_optional_public_key),
    ("user_data", False, is_optional_user_bytes),
    ("nonce", False, is_optional_user_bytes),
)
"""Every field in check order: name, required, syntax [AIN-TEE-NITRO-FIELDS.1]."""
FIELD_NAMES: Final = frozenset(name for name, _, _ in FIELDS)


def read_attestation_document(payload: bytes) -> AttestationDocument | Rejection:
    """
    Read the COSE payload as a Nitro attestation document.

    Parameters
    ----------
    payload : bytes
        The COSE_Sign1 payload.

    Returns
    -------
    AttestationDocument | Rejection
        The document, or the rejection of the first check that fails.

    References
    ----------
    [AIN-TEE-NITRO-PAYLOAD.1] The payload reads as a map whose keys are all field names.
    [AIN-TEE-NITRO-FIELDS.1] The fields are checked in table order: absent and required is
    TEE_PAYLOAD_MISSING_FIELD, present and not of its syntax is TEE_PAYLOAD_BAD_FIELD.
    """
    document = read_cbor(payload)
    if isinstance(document, Rejection):
        return document
    # [AIN-TEE-NITRO-PAYLOAD.1]
    if not isinstance(document, dict) or not FIELD_NAMES.issuperset(document):
        return Rejection(ErrorCode.TEE_PAYLOAD_MALFORMED)
    # [AIN-TEE-NITRO-FIELDS.1]
    for name, required, has_syntax in FIELDS:
        if name not in document:
            if required:
                return Rejection(ErrorCode.TEE_PAYLOAD_MISSING_FIELD, name)
            continue
        if not has_syntax(document[name]):
            return Rejection(ErrorCode.TEE_PAYLOAD_BAD_FIELD, name)
    return build_document(document)


def build_document(fields: dict[int | str, ReadValue]) -> AttestationDocument:
    """The typed document of fields already checked [AIN-TEE-NITRO-FIELDS.1]."""
    pcrs = cast(dict[int, bytes], fields["pcrs"])
    return AttestationDocument(
        module_id=cast(str, fields["module_id"]),
        digest=cast(str, fields["digest"]),
        timestamp_ms=cast(int, fields["timestamp"]),
        pcrs=tuple(sorted(pcrs.items())),
        certificate=cast(bytes, fields["certificate"]),
        cabundle=tuple(cast(list[bytes], fields["cabundle"])),
        public_key=optional_bytes(fields.get("public_key")),
        user_data=optional_bytes(fields.get("user_data")),
        nonce=optional_bytes(fields.get("nonce")),
    )


def optional_bytes(value: ReadValue) -> bytes | None:
    """An optional byte field: None when absent or null."""
    return value if isinstance(value, bytes) else None
