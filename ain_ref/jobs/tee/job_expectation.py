"""
The expectation a job's TEE evidence is verified against: its declared registers and the task.

Spec: spec/tee.md, "Profiles" ([AIN-TEE-EXPECTATION-JOBSPEC.1]).
Layer: jobs (tee). Imports jobs.model, jobs.tee.evidence.
"""

from __future__ import annotations

from ain_ref.jobs import model
from ain_ref.jobs.tee.evidence import Expectation


def job_expectation(spec: model.JobSpec, binding: bytes) -> tuple[str, Expectation]:
    """
    The profile id and the expectation for a task of ``spec`` whose binding is ``binding``.

    Parameters
    ----------
    spec : JobSpec
        The job's specification.
    binding : bytes
        The task's binding (spec/tee.md, "Binding to a task").

    Returns
    -------
    tuple[str, Expectation]
        The job's ``tee`` word, and its measurements (by increasing index) with the binding.

    References
    ----------
    [AIN-TEE-EXPECTATION-JOBSPEC.1] The profile is the job's tee word; the measurements are
    its pcr lines ([AIN-JOB-MEASUREMENTS.1]), already by increasing index.
    """
    attestation = spec.attestation
    return attestation.tee, Expectation(measurements=attestation.measurements, binding=binding)
