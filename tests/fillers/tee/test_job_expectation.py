"""Fillers for tee/verify_job: the real Nitro document against a job's declared registers."""

from __future__ import annotations

from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.jobs.common import minimal
from tests.fillers.tee.real import AWS_ROOT, PCR3, PCR4, VALID_DOCUMENT, VALID_NONCE
from tests.fillers.tee.test_nitro_real import real_claims


def job_text(tee: str, registers: list[tuple[int, str]]) -> str:
    """The minimal job with ``tee`` and one pcr line per register."""
    lines = "".join(f'    pcr {index} "{value}"\n' for index, value in registers)
    return minimal(**{"    determinism exact\n": f"    tee {tee}\n    determinism exact\n{lines}"})


def job_input(tee: str, registers: list[tuple[int, str]]) -> dict[str, str]:
    """A tee/verify_job input: the real valid document, the AWS root, its nonce as binding."""
    return {
        "jobspec": job_text(tee, registers),
        "evidence": VALID_DOCUMENT.hex(),
        "root": AWS_ROOT.hex(),
        "binding": VALID_NONCE.hex(),
    }


@clauses("AIN-TEE-EXPECTATION-JOBSPEC.1", "AIN-TEE-MEASUREMENTS.1", "AIN-JOB-MEASUREMENTS.1")
def test_job_registers_are_the_expectation(fill: Filler) -> None:
    """
    The job's tee word picks the profile and its pcr lines are the registers compared.

    Given
    -----
    - the real valid Nitro document (PCR3 and PCR4 set, PCR0..2 and 5..15 zero, no PCR16+);
    - jobs with tee nitro declaring: PCR4 then PCR3 as in the document; PCR3 and a zero PCR5;
      PCR3 with its last byte changed; PCR16 (absent from the document); PCR3 as 32 bytes;
      no pcr line; and a tee sgx job declaring PCR3.

    When
    ----
    - the document is verified for a task of each job (binding = the document's nonce).

    Then
    ----
    - the first two verify with the document's claims; the next three are
      TEE_MEASUREMENT_MISMATCH; no pcr line is TEE_EXPECTATION_EMPTY; sgx is
      TEE_PROFILE_UNKNOWN.
    """
    pcr3, pcr4, zero = PCR3.hex(), PCR4.hex(), "00" * 48
    accepted = {
        "as_declared": [(4, pcr4), (3, pcr3)],
        "zero_register": [(3, pcr3), (5, zero)],
    }
    for case, registers in accepted.items():
        fill("tee", "verify_job", job_input("nitro", registers), output=real_claims(), case=case)
    changed = pcr3[:-2] + ("00" if pcr3[-2:] != "00" else "01")
    refused = {
        "changed_byte": ("nitro", [(3, changed)], ErrorCode.TEE_MEASUREMENT_MISMATCH),
        "absent_register": ("nitro", [(16, zero)], ErrorCode.TEE_MEASUREMENT_MISMATCH),
        "short_value": ("nitro", [(3, pcr3[:64])], ErrorCode.TEE_MEASUREMENT_MISMATCH),
        "no_registers": ("nitro", [], ErrorCode.TEE_EXPECTATION_EMPTY),
        "other_tee": ("sgx", [(3, pcr3)], ErrorCode.TEE_PROFILE_UNKNOWN),
    }
    for case, (tee, registers, code) in refused.items():
        fill("tee", "verify_job", job_input(tee, registers), rejection=code, case=case)
