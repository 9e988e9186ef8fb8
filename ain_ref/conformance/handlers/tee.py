"""
The tee area's vector handlers (spec/tee.md, "Handlers").

Spec: spec/conformance.md, "Handlers" ([AIN-CONF-HANDLER.1]); spec/tee.md, "Handlers".
Layer: conformance. The tee area owns this file; no other area edits it.
"""

from __future__ import annotations

from ain_ref.conformance.handlers.base import Handler, HandlerResult
from ain_ref.conformance.typed_json import (
    HandlerInputError,
    Json,
    JsonObject,
    field,
    hex_or_null,
    parse_decimal,
    parse_hex,
)
from ain_ref.errors import Rejection
from ain_ref.jobs.jobspec import CheckedSpec, check_text
from ain_ref.jobs.tee.binding import TASK_ID_BYTES, binding_of
from ain_ref.jobs.tee.evidence import Expectation, VerifiedClaims
from ain_ref.jobs.tee.job_expectation import job_expectation
from ain_ref.jobs.tee.payload import PCR_COUNT
from ain_ref.jobs.tee.profiles import verify_evidence


def parse_measurements(value: Json) -> tuple[tuple[int, bytes], ...]:
    """``input.measurements``: objects {index 0..31, value hex}, by strictly increasing index."""
    if not isinstance(value, list):
        raise HandlerInputError("measurements: expected a list")
    registers: list[tuple[int, bytes]] = []
    for entry in value:
        if not isinstance(entry, dict):
            raise HandlerInputError("measurements: expected objects")
        index = field(entry, "index")
        if type(index) is not int or not 0 <= index < PCR_COUNT:
            raise HandlerInputError("measurements: index outside 0..31")
        if registers and index <= registers[-1][0]:
            raise HandlerInputError("measurements: indices must increase")
        registers.append((index, parse_hex(field(entry, "value"), "value")))
    return tuple(registers)


def claims_json(claims: VerifiedClaims) -> JsonObject:
    """The output of tee/verify, fields in spec order."""
    return {
        "profile": claims.profile,
        "module_id": claims.module_id,
        "timestamp_ms": str(claims.timestamp_ms),
        "measurements": [
            {"index": index, "value": value.hex()} for index, value in claims.measurements
        ],
        "binding": claims.binding.hex(),
        "user_data": hex_or_null(claims.user_data),
        "public_key": hex_or_null(claims.public_key),
    }


def run_verify(vector_input: JsonObject) -> HandlerResult:
    """
    Verify ``input.evidence`` under ``input.profile`` against the expectation and root.

    References
    ----------
    [AIN-TEE-PROFILE.1] [AIN-TEE-NITRO-ORDER.1]
    """
    profile = field(vector_input, "profile")
    if not isinstance(profile, str):
        raise HandlerInputError("profile: expected a string")
    expectation = Expectation(
        measurements=parse_measurements(field(vector_input, "measurements")),
        binding=parse_hex(field(vector_input, "binding"), "binding"),
    )
    claims = verify_evidence(
        profile,
        parse_hex(field(vector_input, "evidence"), "evidence"),
        expectation,
        parse_hex(field(vector_input, "root"), "root"),
    )
    if isinstance(claims, Rejection):
        return claims
    return claims_json(claims)


def run_verify_job(vector_input: JsonObject) -> HandlerResult:
    """
    Verify ``input.evidence`` for a task of the job ``input.jobspec`` under the root.

    References
    ----------
    [AIN-TEE-EXPECTATION-JOBSPEC.1]
    """
    text = field(vector_input, "jobspec")
    checked = check_text(text) if isinstance(text, str) else None
    if not isinstance(checked, CheckedSpec):
        raise HandlerInputError("jobspec: expected the text of a valid job specification")
    profile, expectation = job_expectation(
        checked.spec, parse_hex(field(vector_input, "binding"), "binding")
    )
    claims = verify_evidence(
        profile,
        parse_hex(field(vector_input, "evidence"), "evidence"),
        expectation,
        parse_hex(field(vector_input, "root"), "root"),
    )
    if isinstance(claims, Rejection):
        return claims
    return claims_json(claims)


def run_binding(vector_input: JsonObject) -> HandlerResult:
    """
    The binding of ``input.task_id`` on ``input.chain_id``.

    References
    ----------
    [AIN-TEE-BINDING-DERIVE.1] [AIN-TEE-BINDING-RANGE.1]
    """
    chain_id = parse_decimal(field(vector_input, "chain_id"), "chain_id")
    task_id = parse_hex(field(vector_input, "task_id"), "task_id")
    if len(task_id) != TASK_ID_BYTES:
        raise HandlerInputError("task_id: expected 32 bytes")
    binding = binding_of(chain_id, task_id)
    if isinstance(binding, Rejection):
        return binding
    return {"binding": binding.hex()}


HANDLERS: tuple[Handler, ...] = (
    Handler(
        area="tee",
        name="verify",
        run=run_verify,
        call="verify TEE evidence under a profile, a pinned root and an expectation",
        compare="the verified claims, or the rejection code",
        clauses=("AIN-TEE-PROFILE.1", "AIN-TEE-NITRO-ORDER.1"),
    ),
    Handler(
        area="tee",
        name="verify_job",
        run=run_verify_job,
        call="verify TEE evidence for a task of a job: its tee word and pcr lines",
        compare="the verified claims, or the rejection code",
        clauses=("AIN-TEE-EXPECTATION-JOBSPEC.1",),
    ),
    Handler(
        area="tee",
        name="binding",
        run=run_binding,
        call="derive the binding a task's TEE evidence carries",
        compare="the 32-byte binding",
        clauses=("AIN-TEE-BINDING-DERIVE.1", "AIN-TEE-BINDING-RANGE.1"),
    ),
)
"""The tee area's handlers, in handler order."""
