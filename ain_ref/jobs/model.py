"""
The job specification as typed, frozen data: what a valid document means.

Every quantity is an integer in its base unit; every optional field has one canonical
"absent" value (``None`` for blocks and words, 0 for quantities whose range starts at 1), so
two documents that mean the same thing build equal objects.

Spec: spec/jobs.md, "Fields" and "Canonical form" ([AIN-JOB-FIELDS.1], [AIN-JOB-CANONICAL.1]).
Layer: jobs. Imports nothing of ain_ref.
"""

from __future__ import annotations

from typing import Final

import attrs

SCHEMA_VERSION: Final = 1
"""The one schema version this release reads [AIN-JOB-SCHEMA-VERSION.1]."""
LANGUAGES: Final = ("cpp", "container", "python", "rust", "wasm")
GPU_VENDORS: Final = ("amd", "apple", "intel", "nvidia")
PRICE_UNITS: Final = ("request", "work_unit")
PAYER_KINDS: Final = ("contract", "reservation")
TEE_KINDS: Final = ("none", "nitro", "sev_snp", "sgx", "tdx")
DETERMINISM_CLASSES: Final = ("exact", "tee_only", "tolerance")
RELATIVE_ERROR: Final = "max_relative_error_ppm"
"""The tolerance metric comparing each item within parts per million [AIN-JOB-DETERMINISM.1]."""
TOKEN_AGREEMENT: Final = "min_token_agreement_bps"
"""The tolerance metric counting equal tokens in basis points [AIN-JOB-DETERMINISM.1]."""
TOLERANCE_METRICS: Final = (RELATIVE_ERROR, TOKEN_AGREEMENT)
SET_ATTRIBUTES: Final = ("provider", "region", "tee")
"""Provider attributes a placement condition tests for membership in a list."""
STAKE_ATTRIBUTE: Final = "stake"
"""The provider attribute a placement condition tests against a minimum."""
MEASUREMENT_INDEX_MAX: Final = 31
"""The highest TEE register index a ``pcr`` line names [AIN-JOB-MEASUREMENTS.1]."""
MEASUREMENT_BYTES: Final = (32, 48, 64)
"""The lengths a register value may have, in bytes (SHA-256, SHA-384, SHA-512 digests)."""


@attrs.frozen
class Runtime:
    """What runs: language, entry point, and the artifact by SHA-256 digest [AIN-JOB-RUNTIME.1]."""

    language: str
    entry: str
    artifact_sha256: bytes


@attrs.frozen
class Gpu:
    """GPUs of one vendor (and model) on one machine [AIN-JOB-RESOURCES.1]."""

    vendor: str
    model: str | None
    memory_bytes: int  # per device; 0 when not stated
    count: int


@attrs.frozen
class Resources:
    """Resource requirements in base units [AIN-JOB-RESOURCES.1]."""

    cpu_millicores: int
    memory_bytes: int
    storage_bytes: int
    network_bits_per_second: int
    gpu: Gpu | None


@attrs.frozen
class Payer:
    """Which contract or reservation pays [AIN-JOB-PRICE.1]."""

    kind: str
    identifier: str


@attrs.frozen
class Price:
    """Price and payment terms, in AIN base units [AIN-JOB-PRICE.1]."""

    rate: int
    unit: str
    batch: int
    payer: Payer | None


@attrs.frozen
class Qos:
    """Service limits; 0 means not stated for every field but the deadline [AIN-JOB-QOS.1]."""

    deadline_ms: int
    min_runtime_ms: int
    latency_ms: int
    qps: int


@attrs.frozen
class AttributeIn:
    """A provider attribute (region, tee, provider) is one of ``values`` [AIN-JOB-PLACEMENT.1]."""

    attribute: str
    values: tuple[str, ...]  # sorted, without repeats


@attrs.frozen
class StakeAtLeast:
    """The provider's bonded stake is at least ``minimum`` base units [AIN-JOB-PLACEMENT.1]."""

    minimum: int


Condition = AttributeIn | StakeAtLeast


@attrs.frozen
class Preference:
    """A condition that adds ``weight`` to an offer's score when it holds [AIN-JOB-PLACEMENT.1]."""

    condition: Condition
    weight: int


@attrs.frozen
class Placement:
    """Hard conditions, one per attribute, and weighted preferences [AIN-JOB-PLACEMENT.1]."""

    requirements: tuple[Condition, ...]  # ordered by attribute name
    preferences: tuple[Preference, ...]  # ordered by canonical encoding


@attrs.frozen
class Tolerance:
    """The declared comparison of a tolerance-class job [AIN-JOB-DETERMINISM.1]."""

    metric: str
    bound: int


@attrs.frozen
class Attestation:
    """
    Providers, quorum, TEE evidence and determinism class [AIN-JOB-ATTESTATION.1].

    ``measurements`` are the TEE registers a run must report, (index, value) by increasing
    index, all values of one length; empty when the job declares none [AIN-JOB-MEASUREMENTS.1].
    """

    providers: int
    quorum: int
    tee: str
    determinism: str
    tolerance: Tolerance | None
    measurements: tuple[tuple[int, bytes], ...] = ()


@attrs.frozen
class JobSpec:
    """
    A valid job specification.

    ``release`` is the document's own release version: kept, formatted, never hashed.

    References
    ----------
    [AIN-JOB-FIELDS.1], [AIN-JOB-CANONICAL.1]
    """

    schema_version: int
    release: str | None
    agent: bytes  # the agent's public key (its address's key)
    runtime: Runtime
    input_type: str
    output_type: str
    resources: Resources
    price: Price
    qos: Qos
    placement: Placement
    attestation: Attestation


def condition_attribute(condition: Condition) -> str:
    """The provider attribute a condition tests."""
    return condition.attribute if isinstance(condition, AttributeIn) else STAKE_ATTRIBUTE
