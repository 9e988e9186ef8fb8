"""
Fillers for TEE verdicts proven on chain ([AIN-EXEC-CHAIN-TEE.1]): a tee_only task whose job
(tee nitro, PCR0 and PCR2 of the synthetic test PKI) is revealed with attestation documents
the genesis's pinned root judges; every refusal with its code, the mismatch's offence and its
slash, and the request's TEE terms.
"""

from __future__ import annotations

import datetime
from typing import Any

from ain_ref.conformance.typed_json import JsonObject
from ain_ref.errors import ErrorCode
from ain_ref.jobs.execution.evidence import evidence_id
from ain_ref.jobs.tee.binding import task_binding
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.execution.chain import (
    CONTRACT_OF,
    DEVELOPER,
    EXECUTOR,
    PROVIDER_DEPOSIT,
    PROVIDERS,
    REPORTER,
    TEE_JOB,
    TEE_REGISTERS,
    BlockScript,
    Job,
    Party,
    commitment_of,
    job_of,
    registration,
    request_fields,
    reveal_fields,
    tee_evidence,
)
from tests.fillers.execution.common import CHAIN_ID
from tests.fillers.execution.test_chain import COMMIT_DEADLINE, REVEAL_DEADLINE, run_script
from tests.fillers.tee.synthetic import (
    DOCUMENT_TIME,
    PCRS,
    intermediate_spec,
    leaf_spec,
    pcr,
    root_spec,
)

FIRST = PROVIDERS[0]
SEAT = {FIRST.key.hex(): CONTRACT_OF[FIRST.key]}
OTHER_TASK = bytes(range(32))
WRONG_PCRS = {**PCRS, 2: pcr("another image")}
OTHER_ROOT = root_spec(key_index=9)
"""A root of another key: documents chaining to it are not the pinned PKI's."""


def tee_request() -> tuple[Party, str, Any]:
    """The executor's request of a tee_only task seating the first provider alone."""
    return EXECUTOR, "request", request_fields(assignments=SEAT, quorum=1, determinism="tee_only")


def tee_task(script: BlockScript) -> bytes:
    """A tee_only task at height 1, its provider's commitment at height 2; the task's id."""
    (task_id,) = script.block(tee_request())
    commitment = commitment_of(task_id, FIRST)
    script.block((FIRST, "commit", {"task_id": task_id, "commitment": commitment}))
    return task_id


def own_reveal(task_id: bytes, evidence: bytes | None) -> tuple[Party, str, Any]:
    """The provider's own reveal of its output with this evidence."""
    return FIRST, "reveal", reveal_fields(task_id, FIRST, job=TEE_JOB, evidence=evidence)


def task_of(result: JsonObject, task_id: bytes) -> JsonObject:
    """A task's record in the output."""
    task: JsonObject = result["execution"]["tasks"]["map"][task_id.hex()]["map"]
    return task


@clauses(
    "AIN-EXEC-CHAIN-TEE.1",
    "AIN-EXEC-CHAIN-TEE-TERMS.1",
    "AIN-EXEC-CHAIN-TEE-ROOT.1",
    "AIN-EXEC-QUORUM-TEE.1",
    "AIN-TEE-BINDING-DERIVE.1",
)
def test_tee_attested_reveal_settles(fill: Filler) -> None:
    """
    A document of the pinned PKI, bound to the task, on the job's registers, settles the task.

    Given
    -----
    - the genesis pins the synthetic test PKI's root for nitro; the TEE job's agent (tee
      nitro, tee_only, PCR0 and PCR2) registered; a request seating the first provider, which
      commits at height 2.

    When
    ----
    - height 5: the provider reveals with a document whose nonce is the binding of chain id 0
      and the task id.

    Then
    ----
    - the task settles on its output and pays the provider the whole price; the request's
      record keeps the profile and the registers; the vote's verdict is attested.
    """
    script = BlockScript()
    task_id = tee_task(script)
    script.advance_to(COMMIT_DEADLINE - 1)
    script.block(own_reveal(task_id, tee_evidence(task_id)))

    def check(result: JsonObject) -> None:
        task = task_of(result, task_id)
        assert task["status"] == "settled"
        tee = task["request"]["map"]["tee"]["map"]
        assert tee["profile"] == "nitro" and sorted(tee["measurements"]["map"]) == ["0", "2"]
        assert task["votes"]["map"]["0"]["map"]["tee_verdict"] == "attested"

    run_script(fill, script, [[None], [None], [], [], [None]], check=check)


@clauses(
    "AIN-EXEC-CHAIN-TEE.1",
    "AIN-EXEC-CHAIN-OFFENCE.1",
    "AIN-EXEC-CHAIN-SLASH.1",
    "AIN-EXEC-EVIDENCE-TEE.1",
    "AIN-ECON-SLASH-TABLE.2",
)
def test_tee_measurement_mismatch_is_slashed(fill: Filler) -> None:
    """
    A document on other registers, bound to the task, is the offence, and slash takes it.

    Given
    -----
    - the tee_only task of the first provider (committed at height 2).

    When
    ----
    - height 5: the provider reveals with a document whose PCR2 is another image's; height 6:
      the reporter's slash of its evidence id; blocks to the reveal deadline.

    Then
    ----
    - the reveal is accepted with the verdict measurement_mismatch and settles nothing; the
      offence tee_measurement_mismatch is recorded with the seat's contract; the slash takes
      half the provider deposit; at the deadline the task expires and is refunded.
    """
    script = BlockScript()
    task_id = tee_task(script)
    script.advance_to(COMMIT_DEADLINE - 1)
    script.block(own_reveal(task_id, tee_evidence(task_id, pcrs=WRONG_PCRS)))
    offence_id = evidence_id("tee_measurement_mismatch", task_id, FIRST.key)
    script.block((REPORTER, "slash", {"evidence_id": offence_id}))
    script.advance_to(REVEAL_DEADLINE)

    def check(result: JsonObject) -> None:
        task = task_of(result, task_id)
        assert task["status"] == "expired"
        assert task["votes"]["map"]["0"]["map"]["tee_verdict"] == "measurement_mismatch"
        offence = result["execution"]["offences"]["map"][offence_id.hex()]["map"]
        assert offence["offence_type"] == "tee_measurement_mismatch"
        contract = result["ledger"]["contracts"][CONTRACT_OF[FIRST.key]]
        assert contract["provider_deposit"] == str(PROVIDER_DEPOSIT // 2)

    receipts = [[None], [None], [], [], [None], [None], [], [], []]
    run_script(fill, script, receipts, check=check)


@clauses("AIN-EXEC-CHAIN-TEE.1", "AIN-EXEC-CHAIN-FIELDS.3", "AIN-EXEC-REVEAL.1")
def test_tee_reveal_refusals(fill: Filler) -> None:
    """
    Each refusal of a TEE reveal, in one block before the good one, and the order of checks.

    Given
    -----
    - the tee_only task of the first provider (committed at height 2).

    When
    ----
    - height 5, in order: a reveal with the verdict word attested (the old field); with a salt
      that does not open the commitment and a bad document; without evidence; the good
      document relayed by the reporter; a document signed by another key than its
      certificate's; documents for another task (the job's registers, then others); one bound
      under the chain's own id 7 instead of 0; one whose signing certificate expired before
      the document's time; one chaining to another root; then the good document.

    Then
    ----
    - EXEC_CALL_MALFORMED, EXEC_REVEAL_MISMATCH, EXEC_EVIDENCE_MISSING,
      EXEC_REVEAL_NOT_PROVIDER, TEE_SIGNATURE_INVALID, TEE_BINDING_MISMATCH (three times),
      TEE_CERT_EXPIRED, TEE_CERT_ROOT_MISMATCH; the last settles the task, and no offence is
      recorded.
    """
    script = BlockScript()
    task_id = tee_task(script)
    script.advance_to(COMMIT_DEADLINE - 1)
    good = tee_evidence(task_id)
    fields = reveal_fields(task_id, FIRST, job=TEE_JOB, evidence=good)
    expired_leaf = leaf_spec(not_after=DOCUMENT_TIME - datetime.timedelta(minutes=1))
    script.block(
        (FIRST, "reveal", {**fields, "tee_verdict": "attested"}),
        (FIRST, "reveal", {**fields, "salt": bytes(32), "evidence": b"\x00"}),
        own_reveal(task_id, None),
        (REPORTER, "reveal", fields),
        own_reveal(task_id, tee_evidence(task_id, signing_key=4)),
        own_reveal(task_id, tee_evidence(OTHER_TASK)),
        own_reveal(task_id, tee_evidence(OTHER_TASK, pcrs=WRONG_PCRS)),
        own_reveal(task_id, tee_evidence(task_id, nonce=task_binding(CHAIN_ID, task_id))),
        own_reveal(
            task_id,
            tee_evidence(task_id, chain_specs=[root_spec(), intermediate_spec(), expired_leaf]),
        ),
        own_reveal(
            task_id,
            tee_evidence(
                task_id, chain_specs=[root_spec(key_index=9), intermediate_spec(), leaf_spec()]
            ),
        ),
        own_reveal(task_id, good),
    )
    codes = [
        "EXEC_CALL_MALFORMED",
        "EXEC_REVEAL_MISMATCH",
        ErrorCode.EXEC_EVIDENCE_MISSING.value,
        ErrorCode.EXEC_REVEAL_NOT_PROVIDER.value,
        "TEE_SIGNATURE_INVALID",
        "TEE_BINDING_MISMATCH",
        "TEE_BINDING_MISMATCH",
        "TEE_BINDING_MISMATCH",
        "TEE_CERT_EXPIRED",
        "TEE_CERT_ROOT_MISMATCH",
        None,
    ]

    def check(result: JsonObject) -> None:
        assert task_of(result, task_id)["status"] == "settled"
        assert result["execution"]["offences"] is None

    run_script(fill, script, [[None], [None], [], [], codes], check=check)


def agent_job(seed: int, attestation: str) -> Job:
    """A tee_only job of a fresh agent with these attestation lines."""
    return job_of(Party(seed), "    providers 1\n    quorum 1\n" + attestation)


@clauses("AIN-EXEC-CHAIN-TEE-TERMS.1", "AIN-EXEC-CHAIN-TEE-ROOT.1", "AIN-EXEC-CHAIN-REQUEST.3")
def test_tee_request_terms(fill: Filler) -> None:
    """
    A request whose job names a TEE no provider could prove is refused.

    Given
    -----
    - agents registered at height 1 besides the standard ones: a tee_only job of tee sgx with
      pcr lines, and a tee_only job of tee nitro without any.

    When
    ----
    - height 2: a request of each; then (another genesis, no root pinned) a request of the
      standard TEE job.

    Then
    ----
    - TEE_PROFILE_UNKNOWN, TEE_EXPECTATION_EMPTY; EXEC_TEE_ROOT_MISSING.
    """
    sgx = agent_job(0x51, "    tee sgx\n    determinism tee_only\n" + TEE_REGISTERS)
    empty = agent_job(0x52, "    tee nitro\n    determinism tee_only\n")
    script = BlockScript()
    script.block_writes(*((DEVELOPER, *registration(job)) for job in (sgx, empty)))
    script.block(*((EXECUTOR, "request", request_fields(**terms(job))) for job in (sgx, empty)))
    run_script(fill, script, [[None, None], ["TEE_PROFILE_UNKNOWN", "TEE_EXPECTATION_EMPTY"]])
    script = BlockScript()
    script.block(tee_request())
    run_script(
        fill, script, [[ErrorCode.EXEC_TEE_ROOT_MISSING.value]], case="no_root", tee_roots={}
    )


def terms(job: Job) -> dict[str, Any]:
    """A tee_only request of a job's agent, seating the first provider."""
    return {
        "agent": job.agent.address,
        "job_id": job.job_id,
        "assignments": SEAT,
        "quorum": 1,
        "determinism": "tee_only",
    }


@clauses("AIN-EXEC-CHAIN-TEE.1", "AIN-EXEC-CHAIN-OFFENCE.1", "AIN-EXEC-QUORUM-EXACT.1")
def test_tee_mismatch_in_the_exact_class(fill: Filler) -> None:
    """
    In an exact-class task whose job names a TEE, every reveal carries its document; a
    mismatch is the offence there too, and the verdict is recorded as none.

    Given
    -----
    - an agent registered at height 1 whose job is exact (providers 3, quorum 2) with tee
      nitro and the synthetic PKI's PCR0 and PCR2; a request of the three at height 2; their
      commitments to A at height 3.

    When
    ----
    - height 5: the first reveals with a document of another image, the second and third with
      good ones; height 6: settle.

    Then
    ----
    - every reveal is accepted; the first's tee_measurement_mismatch is recorded; each vote's
      verdict is none (the class compares outputs); the task settles on A.
    """
    exact_tee = job_of(
        Party(0x53),
        "    providers 3\n    quorum 2\n    tee nitro\n    determinism exact\n" + TEE_REGISTERS,
    )
    script = BlockScript()
    script.block_writes((DEVELOPER, *registration(exact_tee)))
    fields = request_fields(agent=exact_tee.agent.address, job_id=exact_tee.job_id)
    (task_id,) = script.block((EXECUTOR, "request", fields))
    script.block(
        *(
            (
                provider,
                "commit",
                {"task_id": task_id, "commitment": commitment_of(task_id, provider)},
            )
            for provider in PROVIDERS
        )
    )
    script.advance_to(COMMIT_DEADLINE - 1)
    documents = [
        tee_evidence(task_id, pcrs=WRONG_PCRS),
        tee_evidence(task_id),
        tee_evidence(task_id),
    ]
    script.block(
        *(
            (provider, "reveal", reveal_fields(task_id, provider, job=exact_tee, evidence=evidence))
            for provider, evidence in zip(PROVIDERS, documents, strict=True)
        )
    )
    script.block((REPORTER, "settle", {"task_id": task_id}))
    offence_id = evidence_id("tee_measurement_mismatch", task_id, FIRST.key)

    def check(result: JsonObject) -> None:
        task = task_of(result, task_id)
        assert task["status"] == "settled"
        verdicts = [vote["map"]["tee_verdict"] for vote in task["votes"]["map"].values()]
        assert verdicts == ["none"] * 3
        assert offence_id.hex() in result["execution"]["offences"]["map"]

    receipts = [[None], [None], [None] * 3, [], [None] * 3, [None]]
    run_script(fill, script, receipts, check=check)
