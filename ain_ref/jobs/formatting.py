"""
``fmt``: the one text of a job specification, written from its meaning.

The text is a function of the specification object alone, so formatting is idempotent and
``read(format(spec)) == spec``. Comments and layout are not kept.

Spec: spec/jobs.md, "Formatting" ([AIN-JOB-FORMAT.1]).
Layer: jobs. Imports crypto, jobs.model, jobs.units.
"""

from __future__ import annotations

from ain_ref import crypto
from ain_ref.jobs import model, units

INDENT = "    "


def quoted(text: str) -> str:
    """A quoted text, with backslash and quote escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def quantity(amount: int, unit_table: dict[str, int]) -> str:
    """A quantity in the largest unit that divides it [AIN-JOB-FORMAT.1]."""
    number, unit = units.largest_exact_unit(amount, unit_table)
    return f"{number} {unit}"


def condition_text(condition: model.Condition) -> str:
    """``region in [a, b]`` or ``stake >= n``."""
    if isinstance(condition, model.StakeAtLeast):
        return f"stake >= {condition.minimum}"
    return f"{condition.attribute} in [{', '.join(condition.values)}]"


def block(name: str, lines: list[str]) -> list[str]:
    """A block: its name and brace, its lines indented, its closing brace, a blank line."""
    return [f"{name} {{", *(INDENT + line for line in lines), "}", ""]


def resources_lines(resources: model.Resources) -> list[str]:
    """The resources block's lines; zero storage and network are left out."""
    lines = [
        "cpu " + quantity(resources.cpu_millicores, units.CPU_UNITS),
        "memory " + quantity(resources.memory_bytes, units.BYTE_UNITS),
    ]
    if resources.storage_bytes:
        lines.append("storage " + quantity(resources.storage_bytes, units.BYTE_UNITS))
    if resources.network_bits_per_second:
        lines.append(
            "network " + quantity(resources.network_bits_per_second, units.BANDWIDTH_UNITS)
        )
    gpu = resources.gpu
    if gpu is not None:
        gpu_lines = [f"vendor {gpu.vendor}"]
        if gpu.model is not None:
            gpu_lines.append(f"model {quoted(gpu.model)}")
        if gpu.memory_bytes:
            gpu_lines.append("memory " + quantity(gpu.memory_bytes, units.BYTE_UNITS))
        gpu_lines.append(f"count {gpu.count}")
        lines.extend(block("gpu", gpu_lines)[:-1])
    return lines


def format_spec(spec: model.JobSpec) -> str:
    """
    The formatted text of a specification.

    References
    ----------
    [AIN-JOB-FORMAT.1] Fields in table order, four-space indentation, one blank line after
    each block, defaults left out, quantities in their largest exact unit.
    """
    lines = [f"jobspec {spec.schema_version}"]
    if spec.release is not None:
        lines.append(f"release {quoted(spec.release)}")
    lines += [f"agent {crypto.format_address(spec.agent)}", ""]
    runtime = spec.runtime
    lines += block(
        "runtime",
        [
            f"language {runtime.language}",
            f"entry {quoted(runtime.entry)}",
            f'artifact sha256 "{runtime.artifact_sha256.hex()}"',
        ],
    )
    lines += [f"input {quoted(spec.input_type)}", f"output {quoted(spec.output_type)}", ""]
    lines += block("resources", resources_lines(spec.resources))
    price = spec.price
    price_lines = [f"rate {price.rate} per {price.unit}"]
    if price.batch != 1:
        price_lines.append(f"batch {price.batch}")
    if price.payer is not None:
        price_lines.append(f"paid_by {price.payer.kind} {quoted(price.payer.identifier)}")
    lines += block("price", price_lines)
    qos = spec.qos
    qos_lines = ["deadline " + quantity(qos.deadline_ms, units.TIME_UNITS)]
    if qos.min_runtime_ms:
        qos_lines.append("min_runtime " + quantity(qos.min_runtime_ms, units.TIME_UNITS))
    if qos.latency_ms:
        qos_lines.append("latency " + quantity(qos.latency_ms, units.TIME_UNITS))
    if qos.qps:
        qos_lines.append(f"qps {qos.qps}")
    lines += block("qos", qos_lines)
    placement = spec.placement
    if placement.requirements or placement.preferences:
        placement_lines = [f"require {condition_text(c)}" for c in placement.requirements]
        placement_lines += [
            f"prefer {condition_text(p.condition)} weight {p.weight}" for p in placement.preferences
        ]
        lines += block("placement", placement_lines)
    attestation = spec.attestation
    attestation_lines = [f"providers {attestation.providers}", f"quorum {attestation.quorum}"]
    if attestation.tee != "none":
        attestation_lines.append(f"tee {attestation.tee}")
    attestation_lines.append(f"determinism {attestation.determinism}")
    if attestation.tolerance is not None:
        tolerance = attestation.tolerance
        attestation_lines.append(f"tolerance {tolerance.metric} {tolerance.bound}")
    attestation_lines += [
        f'pcr {index} "{value.hex()}"' for index, value in attestation.measurements
    ]
    lines += block("attestation", attestation_lines)
    return "\n".join(lines[:-1]) + "\n"
