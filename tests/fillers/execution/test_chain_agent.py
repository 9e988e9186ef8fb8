"""
Fillers for the agent a task request names ([AIN-EXEC-CHAIN-AGENT.1]): its record, its
retirement, its job id and the job's terms, each refusal with its code and the accepted side
beside it, and the order against the request's other checks.
"""

from __future__ import annotations

from typing import Any

from ain_ref.conformance.typed_json import JsonObject
from ain_ref.crypto import DomainTag, tagged_hash
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.execution.chain import (
    BALANCE,
    CONTRACT_OF,
    DEVELOPER,
    EXACT_JOB,
    EXECUTOR,
    OUTSIDER,
    PROVIDERS,
    REPORTER,
    TOLERANCE_JOB,
    BlockScript,
    job_of,
    request_fields,
)
from tests.fillers.execution.test_chain import (
    COMMIT_DEADLINE,
    commit,
    reveal,
    run_script,
)

FIRST, SECOND, THIRD = PROVIDERS
UPDATED_JOB = job_of(EXACT_JOB.agent, "    providers 3\n    quorum 3\n    determinism exact\n")
"""The exact job's agent, its specification updated to quorum 3: another job id."""


def request(**changes: Any) -> tuple[Any, str, Any]:
    """The executor's request call with the given field changes."""
    return EXECUTOR, "request", request_fields(**changes)


def record_of_task(result: JsonObject, task_id: bytes) -> JsonObject:
    """A task's stored request fields in the output."""
    task: JsonObject = result["execution"]["tasks"]["map"][task_id.hex()]["map"]
    return task["request"]["map"]


@clauses("AIN-EXEC-CHAIN-AGENT.1", "AIN-EXEC-CHAIN-RECORD.3", "AIN-EXEC-CHAIN-EVENT.3")
def test_request_names_a_registered_agent(fill: Filler) -> None:
    """
    A request runs its agent's registered job; the record and the event carry the agent.

    Given
    -----
    - the exact job's agent registered at the front of block 1 (providers 3, quorum 2).

    When
    ----
    - height 1: a request naming it, quorum 2; height 2: one asking quorum 3, more than the
      job's least.

    Then
    ----
    - both are accepted; each record's request holds the agent's address text, and so does the
      task event's value.
    """
    script = BlockScript()
    first = script.request()
    second = script.request(quorum=3)

    def check(result: JsonObject) -> None:
        for task_id in (first, second):
            assert record_of_task(result, task_id)["agent"] == EXACT_JOB.agent.address
        event = result["events"][1][0][0]["map"]["value"]["map"]["request"]["map"]
        assert event["agent"] == EXACT_JOB.agent.address

    run_script(fill, script, [[None], [None]], check=check)


@clauses("AIN-EXEC-CHAIN-AGENT.1", "AIN-EXEC-CHAIN-FIELDS.3")
def test_request_agent_refusals(fill: Filler) -> None:
    """
    Each check of the agent, with its code.

    Given
    -----
    - the three jobs' agents registered at the front of block 1.

    When
    ----
    - not_an_address: an agent text whose checksum is wrong; unknown: the outsider's address
      (no record); job_mismatch: the exact agent with the tolerance job's id; runtime: another
      runtime digest; quorum: one seat with quorum 1, below the job's 2; class: the exact agent
      and job in the tolerance class (its tolerance given); tolerance_bound: the tolerance
      agent with bound 999 for its 1,000; tolerance_metric: min_token_agreement_bps 1,000.

    Then
    ----
    - EXEC_CALL_MALFORMED, EXEC_UNKNOWN_AGENT, EXEC_JOB_MISMATCH, then EXEC_TERMS_MISMATCH for
      each of the terms.
    """
    bad_checksum = EXACT_JOB.agent.address[:-1] + (
        "0" if EXACT_JOB.agent.address[-1] != "0" else "1"
    )
    one_seat = {FIRST.key.hex(): CONTRACT_OF[FIRST.key]}
    tolerance = {"metric": "max_relative_error_ppm", "bound": 1_000}
    other_digest = tagged_hash(DomainTag.CONFORMANCE_EXAMPLE, b"artifact 2")
    cases: list[tuple[str, dict[str, Any], str]] = [
        ("not_an_address", {"agent": bad_checksum}, "EXEC_CALL_MALFORMED"),
        ("unknown", {"agent": OUTSIDER.address}, ErrorCode.EXEC_UNKNOWN_AGENT.value),
        ("job_mismatch", {"job_id": TOLERANCE_JOB.job_id}, ErrorCode.EXEC_JOB_MISMATCH.value),
        ("runtime", {"runtime_digest": other_digest}, ErrorCode.EXEC_TERMS_MISMATCH.value),
        ("quorum", {"assignments": one_seat, "quorum": 1}, ErrorCode.EXEC_TERMS_MISMATCH.value),
        (
            "class",
            {
                "determinism": "tolerance",
                "tolerance": tolerance,
                "agent": EXACT_JOB.agent.address,
                "job_id": EXACT_JOB.job_id,
            },
            ErrorCode.EXEC_TERMS_MISMATCH.value,
        ),
        (
            "tolerance_bound",
            {"determinism": "tolerance", "tolerance": {**tolerance, "bound": 999}},
            ErrorCode.EXEC_TERMS_MISMATCH.value,
        ),
        (
            "tolerance_metric",
            {
                "determinism": "tolerance",
                "tolerance": {"metric": "min_token_agreement_bps", "bound": 1_000},
            },
            ErrorCode.EXEC_TERMS_MISMATCH.value,
        ),
    ]
    for case, changes, code in cases:
        script = BlockScript()
        script.block(request(**changes))
        run_script(fill, script, [[code]], case=case)
    script = BlockScript()
    script.block(request(determinism="tolerance", tolerance=tolerance))
    run_script(fill, script, [[None]], case="tolerance_accepted")


@clauses("AIN-EXEC-CHAIN-AGENT.1", "AIN-JOB-CHAIN-RETIRE.1")
def test_request_of_a_retired_agent(fill: Filler) -> None:
    """
    A retired agent takes no new task; its open task runs on.

    Given
    -----
    - the exact agent registered; a request at height 1.

    When
    ----
    - height 2: the developer retires the agent; height 3: a new request naming it; heights
      3..4: two providers commit to A, revealed at heights 5 and 6.

    Then
    ----
    - the new request is EXEC_AGENT_RETIRED; the first task settles on A all the same.
    """
    script = BlockScript()
    task_id = script.request()
    retire = f"/jobs/retire/{EXACT_JOB.agent.address}/1/value"
    script.block_writes((DEVELOPER, retire, True))
    script.block(request(), commit(task_id, FIRST))
    script.block(commit(task_id, SECOND))
    script.advance_to(COMMIT_DEADLINE - 1)
    script.block(reveal(task_id, FIRST))
    script.block(reveal(task_id, SECOND))
    script.block((REPORTER, "settle", {"task_id": task_id}))

    def check(result: JsonObject) -> None:
        task = result["execution"]["tasks"]["map"][task_id.hex()]["map"]
        assert task["status"] == "settled"

    receipts = [
        [None],
        [None],
        [ErrorCode.EXEC_AGENT_RETIRED.value, None],
        [None],
        [None],
        [None],
        [None],
    ]
    run_script(fill, script, receipts, check=check)


@clauses("AIN-EXEC-CHAIN-AGENT.1", "AIN-JOB-CHAIN-UPDATE.1")
def test_request_after_the_spec_is_updated(fill: Filler) -> None:
    """
    A specification updated under a task is another job.

    Given
    -----
    - the exact agent registered; a request at height 1 with its job id.

    When
    ----
    - height 2: the developer updates the agent's specification to quorum 3 (a new job id);
      height 3: a request with the old job id, then one with the new id and quorum 2, then
      one with the new id and quorum 3.

    Then
    ----
    - the old id is EXEC_JOB_MISMATCH; quorum 2 is below the new job's 3
      (EXEC_TERMS_MISMATCH); quorum 3 is accepted; the first task keeps its job id.
    """
    script = BlockScript()
    task_id = script.request()
    update = f"/jobs/update/{EXACT_JOB.agent.address}/1/value"
    value = {
        "spec": UPDATED_JOB.text,
        "ontology_version": 1,
        "capabilities": {"text-generation": True},
    }
    script.block_writes((DEVELOPER, update, value))
    script.block(
        request(),
        request(job_id=UPDATED_JOB.job_id),
        request(job_id=UPDATED_JOB.job_id, quorum=3),
    )

    def check(result: JsonObject) -> None:
        assert record_of_task(result, task_id)["job_id"] == {"bytes": EXACT_JOB.job_id.hex()}

    receipts = [
        [None],
        [None],
        [ErrorCode.EXEC_JOB_MISMATCH.value, ErrorCode.EXEC_TERMS_MISMATCH.value, None],
    ]
    run_script(fill, script, receipts, check=check)


@clauses("AIN-EXEC-CHAIN-REQUEST.3", "AIN-EXEC-CHAIN-AGENT.1")
def test_request_check_order(fill: Filler) -> None:
    """
    Where the agent's checks stand among the request's: after the seats and the lifecycle's
    checks, before the escrow; the record before its job id, the job id before the terms.

    Given
    -----
    - the three jobs' agents registered.

    When
    ----
    - seats: an unknown agent and an ineligible seat; deadlines: an unknown agent and a commit
      deadline at the request's height; escrow: an unknown agent and a price above the
      executor's balance; job_then_terms: the tolerance job's id and another class.

    Then
    ----
    - EXEC_PROVIDER_INELIGIBLE, EXEC_BAD_DEADLINES, EXEC_UNKNOWN_AGENT, EXEC_JOB_MISMATCH.
    """
    outsider_seat = {OUTSIDER.key.hex(): "c0"}
    unknown = {"agent": OUTSIDER.address}
    cases: list[tuple[str, dict[str, Any], str]] = [
        (
            "seats",
            {**unknown, "assignments": outsider_seat, "quorum": 1},
            "EXEC_PROVIDER_INELIGIBLE",
        ),
        ("deadlines", {**unknown, "commit_deadline": 1}, "EXEC_BAD_DEADLINES"),
        ("escrow", {**unknown, "price": BALANCE + 1}, ErrorCode.EXEC_UNKNOWN_AGENT.value),
        (
            "job_then_terms",
            {"job_id": TOLERANCE_JOB.job_id, "runtime_digest": bytes(32)},
            ErrorCode.EXEC_JOB_MISMATCH.value,
        ),
    ]
    for case, changes, code in cases:
        script = BlockScript()
        script.block(request(**changes))
        run_script(fill, script, [[code]], case=case)
