"""
Contradictions: fields that read well one by one but cannot hold together.

Spec: spec/jobs.md, "Contradictions" ([AIN-JOB-QOS.1], [AIN-JOB-ATTESTATION.1],
[AIN-JOB-DETERMINISM.1], [AIN-JOB-PLACEMENT.1], [AIN-JOB-MEASUREMENTS.1]).
Layer: jobs. Imports jobs.model, jobs.diagnostics.
"""

from __future__ import annotations

from ain_ref.errors import ErrorCode
from ain_ref.jobs import model
from ain_ref.jobs.diagnostics import Diagnostic


def contradictions(spec: model.JobSpec, positions: dict[str, tuple[int, int]]) -> list[Diagnostic]:
    """
    Every contradiction of a specification whose fields all read, in the order of the checks.

    Parameters
    ----------
    spec : JobSpec
        The specification as read.
    positions : dict
        Where each field involved was written (``qos.deadline``, ``attestation.quorum``, ...).

    Returns
    -------
    list[Diagnostic]
        One diagnostic per contradiction, located at the field named below.

    References
    ----------
    [AIN-JOB-QOS.1] min_runtime <= deadline and latency <= deadline (at min_runtime, latency).
    [AIN-JOB-ATTESTATION.1] quorum <= providers and 2 * quorum > providers (at quorum).
    [AIN-JOB-DETERMINISM.1] tee_only: tee is not none and providers == 1; tolerance: a
    tolerance line is present; exact or tee_only: no tolerance line (at determinism).
    [AIN-JOB-PLACEMENT.1] A required TEE kind is among the placement's tee values, if any
    (at the require tee line).
    [AIN-JOB-MEASUREMENTS.1] Register values need a tee other than none (at the first pcr
    line).
    """
    found: list[Diagnostic] = []

    def report(code: ErrorCode, position_name: str, text: str, expected: str) -> None:
        line, column = positions[position_name]
        found.append(Diagnostic(code, line, column, text, expected))

    qos = spec.qos
    # [AIN-JOB-QOS.1]
    for name, amount in (("min_runtime", qos.min_runtime_ms), ("latency", qos.latency_ms)):
        if amount > qos.deadline_ms:
            report(
                ErrorCode.JOBSPEC_DEADLINE_CONTRADICTION,
                f"qos.{name}",
                f"{name} {amount} ms",
                f"at most the deadline ({qos.deadline_ms} ms)",
            )
    attestation = spec.attestation
    # [AIN-JOB-ATTESTATION.1]
    if not attestation.providers < 2 * attestation.quorum <= 2 * attestation.providers:
        report(
            ErrorCode.JOBSPEC_QUORUM_CONTRADICTION,
            "attestation.quorum",
            f"quorum {attestation.quorum} of {attestation.providers}",
            f"a quorum above {attestation.providers // 2} and at most {attestation.providers}",
        )
    # [AIN-JOB-DETERMINISM.1]
    problem = determinism_problem(attestation)
    if problem:
        report(
            ErrorCode.JOBSPEC_DETERMINISM_CONTRADICTION,
            "attestation.determinism",
            f"determinism {attestation.determinism}",
            problem,
        )
    # [AIN-JOB-PLACEMENT.1]
    for condition in spec.placement.requirements:
        if (
            isinstance(condition, model.AttributeIn)
            and condition.attribute == "tee"
            and attestation.tee != "none"
            and attestation.tee not in condition.values
        ):
            report(
                ErrorCode.JOBSPEC_PLACEMENT_CONTRADICTION,
                "require.tee",
                "require tee in [" + ", ".join(condition.values) + "]",
                f"a tee list that admits {attestation.tee}, the TEE the attestation requires",
            )
    # [AIN-JOB-MEASUREMENTS.1]
    if attestation.measurements and attestation.tee == "none":
        report(
            ErrorCode.JOBSPEC_MEASUREMENT_CONTRADICTION,
            "attestation.pcr",
            "pcr",
            "register values only for a job whose tee is not none",
        )
    return found


def determinism_problem(attestation: model.Attestation) -> str:
    """What the determinism class needs and the attestation lacks, or "" [AIN-JOB-DETERMINISM.1]."""
    if attestation.determinism == "tee_only" and (
        attestation.tee == "none" or attestation.providers != 1
    ):
        return "tee_only: one provider (providers 1) and a tee other than none"
    if attestation.determinism == "tolerance" and attestation.tolerance is None:
        return "tolerance: a tolerance line naming the comparison"
    if attestation.determinism != "tolerance" and attestation.tolerance is not None:
        return "no tolerance line unless the class is tolerance"
    return ""
