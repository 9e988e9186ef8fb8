"""
The canonical form read back: a job specification from the bytes the registry stores.

The on-chain registry stores each agent's specification as its canonical encoding
([AIN-JOB-CANONICAL.1]); discovery over chain state needs the model again. The bytes it reads
were written by the registry's natives from a checked specification, so they are a canonical
form by construction; anything else is refused with ``REGISTRY_RECORD_INVALID`` rather than
trusted. The release version is not in the canonical form: a decoded specification has none.

Spec: spec/jobs.md, "On-chain registry" ([AIN-JOB-CHAIN-DECODE.1]).
Layer: jobs. Imports encoding, errors, jobs.model, jobs.canonical.
"""

from __future__ import annotations

from typing import Any

from ain_ref.encoding import decode
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs import model
from ain_ref.jobs.canonical import canonical_bytes
from ain_ref.jobs.formatting import format_spec
from ain_ref.jobs.jobspec import CheckedSpec, check_text


def condition_of(value: Any) -> model.Condition:
    """A placement condition from its canonical map."""
    if value["attribute"] == model.STAKE_ATTRIBUTE:
        return model.StakeAtLeast(value["minimum"])
    return model.AttributeIn(value["attribute"], tuple(value["values"]))


def spec_of(value: Any) -> model.JobSpec:
    """The model of a canonical map (KeyError or TypeError when it is not one)."""
    runtime, resources, gpu = value["runtime"], value["resources"], value["resources"]["gpu"]
    price, qos, attestation = value["price"], value["qos"], value["attestation"]
    payer, tolerance = price["payer"], attestation["tolerance"]
    return model.JobSpec(
        schema_version=value["schema"],
        release=None,
        agent=value["agent"],
        runtime=model.Runtime(runtime["language"], runtime["entry"], runtime["artifact_sha256"]),
        input_type=value["input"],
        output_type=value["output"],
        resources=model.Resources(
            resources["cpu_millicores"],
            resources["memory_bytes"],
            resources["storage_bytes"],
            resources["network_bits_per_second"],
            None
            if gpu is None
            else model.Gpu(gpu["vendor"], gpu["model"], gpu["memory_bytes"], gpu["count"]),
        ),
        price=model.Price(
            price["rate"],
            price["unit"],
            price["batch"],
            None if payer is None else model.Payer(payer["kind"], payer["id"]),
        ),
        qos=model.Qos(qos["deadline_ms"], qos["min_runtime_ms"], qos["latency_ms"], qos["qps"]),
        placement=model.Placement(
            tuple(condition_of(condition) for condition in value["placement"]["require"]),
            tuple(
                model.Preference(condition_of(preference["condition"]), preference["weight"])
                for preference in value["placement"]["prefer"]
            ),
        ),
        attestation=model.Attestation(
            attestation["providers"],
            attestation["quorum"],
            attestation["tee"],
            attestation["determinism"],
            None if tolerance is None else model.Tolerance(tolerance["metric"], tolerance["bound"]),
            tuple(
                (register["index"], register["value"])
                for register in attestation.get("measurements", [])
            ),
        ),
    )


def spec_from_canonical(data: bytes) -> model.JobSpec | Rejection:
    """
    The specification whose canonical encoding is ``data``.

    References
    ----------
    [AIN-JOB-CHAIN-DECODE.1] ``data`` decodes strictly, reads as the canonical map, and
    encodes back to exactly ``data``; else REGISTRY_RECORD_INVALID.
    """
    value = decode(data)
    if isinstance(value, Rejection):
        return Rejection(ErrorCode.REGISTRY_RECORD_INVALID, f"spec: {value.code}")
    invalid = Rejection(ErrorCode.REGISTRY_RECORD_INVALID, "spec: not a canonical form")
    try:
        spec = spec_of(value)
        if canonical_bytes(spec) != data:
            return invalid
        checked = check_text(format_spec(spec))
    except (KeyError, TypeError, AttributeError, ValueError, IndexError, OverflowError):
        return invalid  # a field of the wrong kind: not what a native wrote
    if not isinstance(checked, CheckedSpec) or checked.spec != spec:
        return invalid
    return spec
