"""
The AWS Nitro Enclaves profile: a COSE_Sign1 attestation document, verified at its own time.

Spec: spec/tee.md, "The Nitro profile" ([AIN-TEE-NITRO-*]); aws/aws-nitro-enclaves-nsm-api,
docs/attestation_process.md.
Layer: jobs (tee). Imports errors, jobs.tee.*.
"""

from __future__ import annotations

from typing import Final

from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.tee.chain import verify_chain
from ain_ref.jobs.tee.cose import read_cose_sign1, verify_cose_signature
from ain_ref.jobs.tee.evidence import Expectation, VerifiedClaims
from ain_ref.jobs.tee.payload import AttestationDocument, read_attestation_document

NITRO_PROFILE: Final = "nitro"
MAX_EVIDENCE_BYTES: Final = 16_384
"""The longest Nitro evidence read, in bytes [AIN-TEE-NITRO-SIZE.1]."""


def verify_nitro(
    evidence: bytes, expectation: Expectation, pinned_root: bytes
) -> VerifiedClaims | Rejection:
    """
    Verify a Nitro attestation document against a job's expectation.

    Parameters
    ----------
    evidence : bytes
        The COSE_Sign1 the enclave's NSM returned.
    expectation : Expectation
        The registers the job declares and the task's binding.
    pinned_root : bytes
        The DER root certificate the verifier trusts.

    Returns
    -------
    VerifiedClaims | Rejection
        The document's claims, or the rejection of the first check that fails.

    References
    ----------
    [AIN-TEE-NITRO-ORDER.1] Size, envelope, document, chain at the document's timestamp,
    signature, measurements, binding.
    [AIN-TEE-NITRO-SIZE.1] At most MAX_EVIDENCE_BYTES.
    """
    # [AIN-TEE-NITRO-SIZE.1]
    if len(evidence) > MAX_EVIDENCE_BYTES:
        return Rejection(ErrorCode.TEE_EVIDENCE_TOO_LARGE)
    sign1 = read_cose_sign1(evidence)
    if isinstance(sign1, Rejection):
        return sign1
    document = read_attestation_document(sign1.payload)
    if isinstance(document, Rejection):
        return document
    leaf_key = verify_chain(
        document.cabundle, document.certificate, pinned_root, document.timestamp_ms
    )
    if isinstance(leaf_key, Rejection):
        return leaf_key
    bad_signature = verify_cose_signature(sign1, leaf_key)
    if bad_signature is not None:
        return bad_signature
    return check_expectation(document, expectation)


def check_expectation(
    document: AttestationDocument, expectation: Expectation
) -> VerifiedClaims | Rejection:
    """
    Compare the document's registers and nonce with what the job and task expect.

    References
    ----------
    [AIN-TEE-MEASUREMENTS.1] Every expected register is present with exactly its value;
    registers not expected are not compared.
    [AIN-TEE-BINDING.1] The nonce is present and equals the task's binding.
    """
    registers = dict(document.pcrs)
    for index, value in expectation.measurements:
        if registers.get(index) != value:
            return Rejection(ErrorCode.TEE_MEASUREMENT_MISMATCH)
    if document.nonce is None or document.nonce != expectation.binding:
        return Rejection(ErrorCode.TEE_BINDING_MISMATCH)
    return VerifiedClaims(
        profile=NITRO_PROFILE,
        module_id=document.module_id,
        timestamp_ms=document.timestamp_ms,
        measurements=document.pcrs,
        binding=document.nonce,
        user_data=document.user_data,
        public_key=document.public_key,
    )
