"""
A walk through TEE evidence, from a task to verified claims.

Spec: spec/tee.md.
"""

from __future__ import annotations

import pytest

from ain_ref.conformance.handlers.tee import run_binding, run_verify
from ain_ref.conformance.typed_json import HandlerInputError, JsonObject
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.tee.binding import task_binding
from ain_ref.jobs.tee.evidence import Expectation, VerifiedClaims
from ain_ref.jobs.tee.profiles import PROFILES, verify_evidence
from ain_ref.vectors.filler import clauses
from tests.fillers.tee.real import AWS_ROOT, PCR3, PCR4, VALID_DOCUMENT, VALID_NONCE
from tests.fillers.tee.synthetic import CHAIN_ID, PCRS, TASK_ID, document, verify_input


@clauses(
    "AIN-TEE-PROFILE.1",
    "AIN-TEE-BINDING-DERIVE.1",
    "AIN-TEE-BINDING.1",
    "AIN-TEE-MEASUREMENTS.1",
    "AIN-TEE-NITRO-ORDER.1",
)
def test_a_task_from_binding_to_claims() -> None:
    """
    A job asks for `tee nitro`; its provider's enclave attests the run; the chain verifies it.

    1. The task's binding is derived from the chain id and the task id.
    2. The provider's enclave asks its NSM for a document with the binding as nonce (here: the
       synthetic test PKI plays the NSM, and its root is the pinned root).
    3. The verifier checks the document against the job's registers and the task's binding,
       at the document's own time, and reads the claims.
    4. The same document presented for another task is refused.
    """
    binding = task_binding(CHAIN_ID, TASK_ID)
    evidence, pinned_root = document(nonce=binding)
    job_registers = ((0, PCRS[0]), (2, PCRS[2]))

    claims = verify_evidence("nitro", evidence, Expectation(job_registers, binding), pinned_root)

    assert isinstance(claims, VerifiedClaims)
    assert claims.binding == binding and dict(claims.measurements)[0] == PCRS[0]
    another_task = task_binding(CHAIN_ID, bytes(32))
    replayed = verify_evidence(
        "nitro", evidence, Expectation(job_registers, another_task), pinned_root
    )
    assert isinstance(replayed, Rejection) and replayed.code is ErrorCode.TEE_BINDING_MISMATCH


@clauses("AIN-TEE-PROFILE.1", "AIN-TEE-CHAIN-VALIDITY.1")
def test_the_real_aws_document_verifies_under_the_aws_root() -> None:
    """The real document verifies at its own time, long after its signing certificate expired."""
    claims = verify_evidence(
        "nitro", VALID_DOCUMENT, Expectation(((3, PCR3), (4, PCR4)), VALID_NONCE), AWS_ROOT
    )
    assert isinstance(claims, VerifiedClaims) and claims.timestamp_ms == 1725911352400
    assert sorted(PROFILES) == ["nitro"]


@pytest.mark.parametrize(
    "change",
    [
        {"profile": 1},
        {"measurements": {}},
        {"measurements": [1]},
        {"measurements": [{"index": 32, "value": "00"}]},
        {"measurements": [{"index": True, "value": "00"}]},
        {"measurements": [{"index": 2, "value": "00"}, {"index": 2, "value": "00"}]},
        {"measurements": [{"index": 2, "value": "00"}, {"index": 1, "value": "00"}]},
        {"binding": "0"},
        {"binding": " 0000 "},
        {"evidence": "zz"},
        {"profile": "sgx", "evidence": "zz"},
        {
            "profile": "sgx",
            "measurements": [{"index": 2, "value": "00"}, {"index": 1, "value": "00"}],
        },
    ],
)
def test_malformed_verify_inputs_are_harness_errors(change: JsonObject) -> None:
    """A tee/verify input that breaks the handler's shapes is a harness error, not a code."""
    evidence, root = document()
    with pytest.raises(HandlerInputError):
        run_verify({**verify_input(evidence, root), **change})


@pytest.mark.parametrize(
    "vector_input",
    [
        {"chain_id": "01", "task_id": "00" * 32},
        {"chain_id": "+1", "task_id": "00" * 32},
        {"chain_id": "-0", "task_id": "00" * 32},
        {"chain_id": 1, "task_id": "00" * 32},
        {"chain_id": "1", "task_id": "00" * 31},
        {"chain_id": "1", "task_id": "00" * 30 + " 00 00"},
    ],
)
def test_malformed_binding_inputs_are_harness_errors(vector_input: JsonObject) -> None:
    """A tee/binding input that is not of its shapes is a harness error, not a code."""
    with pytest.raises(HandlerInputError):
        run_binding(vector_input)
