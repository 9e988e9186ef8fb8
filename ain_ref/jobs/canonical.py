"""
The canonical form of a job specification and its job id.

The canonical form is a CBOR map (spec/encoding.md's profile) with every key present; the job id
is the tagged hash of its encoding. The schema version is inside the hashed map (it fixes what
the fields mean); the document's release version is not (a re-release of the same job keeps its
id).

Spec: spec/jobs.md, "Canonical form and job id" ([AIN-JOB-CANONICAL.1],
[AIN-JOB-CANONICAL-MEASUREMENTS.1], [AIN-JOB-ID.1]).
Layer: jobs. Imports encoding, crypto, jobs.model.
"""

from __future__ import annotations

import functools

import cbor2

from ain_ref import crypto
from ain_ref.encoding import CborValue
from ain_ref.jobs import model


def condition_value(condition: model.Condition) -> dict[str, CborValue]:
    """A placement condition as a map: attribute and values, or stake and minimum."""
    if isinstance(condition, model.StakeAtLeast):
        return {"attribute": model.STAKE_ATTRIBUTE, "minimum": condition.minimum}
    return {"attribute": condition.attribute, "values": list(condition.values)}


def canonical_value(spec: model.JobSpec) -> dict[str, CborValue]:
    """
    The canonical map of a specification (the release version left out).

    References
    ----------
    [AIN-JOB-CANONICAL.1] The key set and value of every field, as spec/jobs.md tabulates.
    """
    resources, gpu = spec.resources, spec.resources.gpu
    price, qos, attestation = spec.price, spec.qos, spec.attestation
    return {
        "schema": spec.schema_version,
        "agent": spec.agent,
        "runtime": {
            "language": spec.runtime.language,
            "entry": spec.runtime.entry,
            "artifact_sha256": spec.runtime.artifact_sha256,
        },
        "input": spec.input_type,
        "output": spec.output_type,
        "resources": {
            "cpu_millicores": resources.cpu_millicores,
            "memory_bytes": resources.memory_bytes,
            "storage_bytes": resources.storage_bytes,
            "network_bits_per_second": resources.network_bits_per_second,
            "gpu": None
            if gpu is None
            else {
                "vendor": gpu.vendor,
                "model": gpu.model,
                "memory_bytes": gpu.memory_bytes,
                "count": gpu.count,
            },
        },
        "price": {
            "rate": price.rate,
            "unit": price.unit,
            "batch": price.batch,
            "payer": None
            if price.payer is None
            else {"kind": price.payer.kind, "id": price.payer.identifier},
        },
        "qos": {
            "deadline_ms": qos.deadline_ms,
            "min_runtime_ms": qos.min_runtime_ms,
            "latency_ms": qos.latency_ms,
            "qps": qos.qps,
        },
        "placement": {
            "require": [condition_value(condition) for condition in spec.placement.requirements],
            "prefer": [
                {"condition": condition_value(preference.condition), "weight": preference.weight}
                for preference in spec.placement.preferences
            ],
        },
        "attestation": attestation_value(attestation),
    }


def attestation_value(attestation: model.Attestation) -> dict[str, CborValue]:
    """
    The canonical attestation map; ``measurements`` only when the job declares registers.

    References
    ----------
    [AIN-JOB-CANONICAL.1] providers, quorum, tee, determinism, tolerance.
    [AIN-JOB-CANONICAL-MEASUREMENTS.1] ``measurements``: [{index, value}...] by increasing
    index, present exactly when the job has a ``pcr`` line.
    """
    value: dict[str, CborValue] = {
        "providers": attestation.providers,
        "quorum": attestation.quorum,
        "tee": attestation.tee,
        "determinism": attestation.determinism,
        "tolerance": None
        if attestation.tolerance is None
        else {"metric": attestation.tolerance.metric, "bound": attestation.tolerance.bound},
    }
    if attestation.measurements:
        value["measurements"] = [
            {"index": index, "value": register} for index, register in attestation.measurements
        ]
    return value


@functools.cache
def encoded_key_order(key: str) -> tuple[int, bytes]:
    """
    Where a text key stands in a canonical map: by its UTF-8 length, then its UTF-8 bytes.

    That is the bytewise order of the keys' encodings [AIN-ENC-MAP-ORDER.1] (a text's head
    grows with its length). The canonical map has a few dozen distinct keys: each is computed
    once.
    """
    encoded = key.encode("utf-8")
    return len(encoded), encoded


def in_key_order(value: CborValue) -> CborValue:
    """``value`` with every map rebuilt with its entries in canonical key order."""
    if type(value) is dict:
        return {key: in_key_order(value[key]) for key in sorted(value, key=encoded_key_order)}
    if type(value) is list:
        return [in_key_order(item) for item in value]
    return value


def canonical_bytes(spec: model.JobSpec) -> bytes:
    """
    The canonical encoding of a specification [AIN-JOB-CANONICAL.1].

    The map is built from a valid specification, whose every integer is within its range
    (at most 2**64 - 1) and every key text, so it is in the data model by construction and
    is encoded without checking it again. Its maps are put in canonical key order here, once,
    and cbor2 writes them in that order (it always writes shortest, definite heads): the
    canonical encoding, at a third of the cost of cbor2's own sorting mode. Property-tested
    equal to ``encoding.encode_plain`` (the spec's one-head-at-a-time encoder) on generated
    specifications.
    """
    return cbor2.dumps(in_key_order(canonical_value(spec)))


def job_id_of(canonical: bytes) -> bytes:
    """
    The job id of a canonical encoding: ``tagged_hash("AIN/job-spec", canonical)``.

    References
    ----------
    [AIN-JOB-ID.1] The id hashes the schema version and not the release version.
    """
    return crypto.tagged_hash(crypto.DomainTag.JOB_SPEC, canonical)


def job_id(spec: model.JobSpec) -> bytes:
    """The job id of a specification [AIN-JOB-ID.1]."""
    return job_id_of(canonical_bytes(spec))
