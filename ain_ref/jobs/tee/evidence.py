"""
What a TEE profile checks evidence against, and what it returns when the evidence holds.

Spec: spec/tee.md, "Profiles" ([AIN-TEE-PROFILE.1], [AIN-TEE-EXPECTATION.1]).
Layer: jobs (tee). Imports nothing of ain_ref.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Expectation:
    """
    The measurements a job declares and the binding of the task the evidence must carry.

    References
    ----------
    [AIN-TEE-EXPECTATION.1] Registers by increasing index, each index once; the binding is
    the task's (spec/tee.md, "Binding to a task").
    """

    measurements: tuple[tuple[int, bytes], ...]
    binding: bytes


@attrs.frozen
class VerifiedClaims:
    """
    The claims of evidence that verified [AIN-TEE-PROFILE.1].

    ``measurements`` holds every register the evidence reports, by increasing index.
    """

    profile: str
    module_id: str
    timestamp_ms: int
    measurements: tuple[tuple[int, bytes], ...]
    binding: bytes
    user_data: bytes | None
    public_key: bytes | None
