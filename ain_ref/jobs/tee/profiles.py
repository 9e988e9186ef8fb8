"""
The registry of TEE evidence profiles: a profile id names the verifier of one vendor's evidence.

Spec: spec/tee.md, "Profiles" ([AIN-TEE-PROFILE.1], [AIN-TEE-EXPECTATION.1]).
Layer: jobs (tee). Imports errors, jobs.tee.evidence, jobs.tee.nitro.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Final

from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.tee.evidence import Expectation, VerifiedClaims
from ain_ref.jobs.tee.nitro import NITRO_PROFILE, verify_nitro

Verifier = Callable[[bytes, Expectation, bytes], VerifiedClaims | Rejection]
"""(evidence, expectation, pinned root) -> claims or rejection; a pure function."""

PROFILES: Final[Mapping[str, Verifier]] = MappingProxyType({NITRO_PROFILE: verify_nitro})
"""Profile id -> verifier. The ids are the job spec's TEE words that have a profile."""


def verify_evidence(
    profile: str, evidence: bytes, expectation: Expectation, pinned_root: bytes
) -> VerifiedClaims | Rejection:
    """
    Verify TEE evidence under a named profile.

    Parameters
    ----------
    profile : str
        The profile id (the job spec's ``tee`` word).
    evidence : bytes
        The evidence, as the TEE produced it.
    expectation : Expectation
        The job's registers and the task's binding.
    pinned_root : bytes
        The root the verifier trusts, a parameter of the verdict.

    Returns
    -------
    VerifiedClaims | Rejection
        The claims, or the rejection of the first check that fails.

    References
    ----------
    [AIN-TEE-PROFILE.1] An unknown profile is refused first.
    [AIN-TEE-EXPECTATION.1] An expectation without registers is refused next.
    """
    verifier = PROFILES.get(profile)
    if verifier is None:
        return Rejection(ErrorCode.TEE_PROFILE_UNKNOWN)
    if not expectation.measurements:
        return Rejection(ErrorCode.TEE_EXPECTATION_EMPTY)
    return verifier(evidence, expectation, pinned_root)
