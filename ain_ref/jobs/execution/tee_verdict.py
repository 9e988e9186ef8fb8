"""
A reveal's TEE verdict on chain: the job's profile on the provider's document, never a word.

A task whose job names a TEE keeps, from its request, the profile and the registers the job
declares ([AIN-TEE-EXPECTATION-JOBSPEC.1]); each reveal of it carries the provider's evidence,
which the profile verifies against those registers, the task's binding and the root pinned in
chain state at ``/execution/tee_roots/<profile>``.

Spec: spec/execution.md, "Tasks on chain" ([AIN-EXEC-CHAIN-TEE-ROOT.1],
[AIN-EXEC-CHAIN-TEE-TERMS.1], [AIN-EXEC-CHAIN-TEE.1]); spec/tee.md ([AIN-TEE-PROFILE.1],
[AIN-TEE-BINDING-DERIVE.1]).
Layer: jobs. Imports encoding, errors, jobs.model and the tee modules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import attrs

from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.model import JobSpec
from ain_ref.jobs.tee.binding import task_binding
from ain_ref.jobs.tee.cose import read_cose_sign1
from ain_ref.jobs.tee.evidence import Expectation
from ain_ref.jobs.tee.job_expectation import job_expectation
from ain_ref.jobs.tee.nitro import NITRO_PROFILE
from ain_ref.jobs.tee.payload import read_attestation_document
from ain_ref.jobs.tee.profiles import PROFILES, verify_evidence

Reader = Callable[[str], CborValue]

TEE_ROOTS: Final = "/execution/tee_roots"
TEE_BINDING_CHAIN_ID: Final = 0
"""
The chain id of a task's binding on chain: 0, as for receipts, since a task's id is its
request's transaction id, which already binds the chain ([AIN-EXEC-CHAIN-TEE.1]).
"""
NO_TEE: Final = "none"
ATTESTED: Final = "attested"
MEASUREMENT_MISMATCH: Final = "measurement_mismatch"


@attrs.frozen
class TeeTerms:
    """The profile and the registers a task's evidence is judged by (its job's, at request)."""

    profile: str
    measurements: tuple[tuple[int, bytes], ...]  # by increasing index


def root_path(profile: str) -> str:
    """Where the root a profile trusts is pinned [AIN-EXEC-CHAIN-TEE-ROOT.1]."""
    return f"{TEE_ROOTS}/{profile}"


def pinned_root(read: Reader, profile: str) -> bytes | None:
    """The DER root pinned for a profile, or None [AIN-EXEC-CHAIN-TEE-ROOT.1]."""
    value = read(root_path(profile))
    return value if isinstance(value, bytes) else None


def tee_terms(read: Reader, spec: JobSpec) -> TeeTerms | Rejection | None:
    """
    The TEE terms of a request's job: None when it names no TEE.

    References
    ----------
    [AIN-EXEC-CHAIN-TEE-TERMS.1] A job whose ``tee`` is not ``none`` MUST name a profile
    (TEE_PROFILE_UNKNOWN), declare registers (TEE_EXPECTATION_EMPTY), and have a root pinned
    for its profile (EXEC_TEE_ROOT_MISSING), in this order.
    """
    profile, expectation = job_expectation(spec, b"")
    if profile == NO_TEE:
        return None
    if profile not in PROFILES:
        return Rejection(ErrorCode.TEE_PROFILE_UNKNOWN, f"{profile!r:.40}")
    if not expectation.measurements:
        return Rejection(ErrorCode.TEE_EXPECTATION_EMPTY)
    if pinned_root(read, profile) is None:
        return Rejection(ErrorCode.EXEC_TEE_ROOT_MISSING, profile)
    return TeeTerms(profile, expectation.measurements)


def evidence_binding(profile: str, evidence: bytes) -> bytes | None:
    """
    The binding a profile's evidence carries (its document read again), or None.

    Only called on evidence the profile has verified up to its measurements, so it reads.
    """
    assert profile == NITRO_PROFILE  # the one profile of PROFILES
    sign1 = read_cose_sign1(evidence)
    assert not isinstance(sign1, Rejection)
    document = read_attestation_document(sign1.payload)
    assert not isinstance(document, Rejection)
    return document.nonce


def judge_evidence(
    read: Reader,
    terms: TeeTerms | None,
    task_id: bytes,
    evidence: bytes | None,
    provider: bytes,
    caller: bytes,
) -> str | Rejection:
    """
    The TEE verdict of a reveal on chain.

    Parameters
    ----------
    read : Reader
        The tree's /values, for the pinned root.
    terms : TeeTerms | None
        The task's TEE terms; None when its job names no TEE.
    task_id : bytes
        The task, whose binding the evidence must carry.
    evidence : bytes | None
        The reveal's ``evidence``.
    provider, caller : bytes
        The receipt's provider and the public key of the reveal's signer.

    Returns
    -------
    str | Rejection
        ``none``, ``attested`` or ``measurement_mismatch``, or the reveal's refusal.

    References
    ----------
    [AIN-EXEC-CHAIN-TEE.1] Without TEE terms: no evidence (EXEC_EVIDENCE_UNEXPECTED), verdict
    ``none``. With them, in order: evidence given (EXEC_EVIDENCE_MISSING); the signer is the
    receipt's provider (EXEC_REVEAL_NOT_PROVIDER); the profile's verdict with the job's
    registers and the binding of (0, task id): verified
    is ``attested``; TEE_MEASUREMENT_MISMATCH is ``measurement_mismatch`` when the document
    carries the task's binding, else TEE_BINDING_MISMATCH; any other code refuses the reveal.
    """
    if terms is None:
        if evidence is not None:
            return Rejection(ErrorCode.EXEC_EVIDENCE_UNEXPECTED)
        return NO_TEE
    if evidence is None:
        return Rejection(ErrorCode.EXEC_EVIDENCE_MISSING)
    if caller != provider:
        return Rejection(ErrorCode.EXEC_REVEAL_NOT_PROVIDER)
    root = pinned_root(read, terms.profile)
    assert root is not None  # the request found it, and nothing writes there after genesis
    binding = task_binding(TEE_BINDING_CHAIN_ID, task_id)
    verdict = verify_evidence(
        terms.profile, evidence, Expectation(terms.measurements, binding), root
    )
    if not isinstance(verdict, Rejection):
        return ATTESTED
    if verdict.code is not ErrorCode.TEE_MEASUREMENT_MISMATCH:
        return verdict
    if evidence_binding(terms.profile, evidence) != binding:
        return Rejection(
            ErrorCode.TEE_BINDING_MISMATCH, "a mismatch proves nothing of another task"
        )
    return MEASUREMENT_MISMATCH
