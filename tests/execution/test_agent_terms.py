"""
The agent a request names, read from the tree: a record that does not read back counts as
none ([AIN-EXEC-CHAIN-AGENT.1]); no native can write one, so no block vector reaches it.
"""

from __future__ import annotations

from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.chain_registry import record_path
from ain_ref.jobs.execution.agent_terms import registered_agent
from ain_ref.jobs.jobspec import CheckedSpec, check_text
from tests.fillers.execution.chain import DEVELOPER, EXACT_JOB, registration


def stored(**changes: CborValue) -> dict[str, CborValue]:
    """The exact job's agent record as the register native writes it, with changes."""
    _, request = registration(EXACT_JOB)
    assert isinstance(request, dict)
    checked = check_text(EXACT_JOB.text)
    assert isinstance(checked, CheckedSpec)
    record: dict[str, CborValue] = {
        "developer": DEVELOPER.address,
        "spec": checked.canonical,
        "job_id": checked.job_id,
        "ontology_version": 1,
        "capabilities": request["capabilities"],
        "sequence": 0,
        "retired": False,
    }
    record.update(changes)
    return record


def code_of(value: CborValue | None) -> ErrorCode | None:
    """The code of registered_agent over a tree holding ``value`` at the agent's record."""
    path = record_path(EXACT_JOB.agent.address)
    result = registered_agent(lambda text: value if text == path else None, EXACT_JOB.agent.address)
    return result.code if isinstance(result, Rejection) else None


def test_a_record_that_reads_back_is_the_agent() -> None:
    """[AIN-EXEC-CHAIN-AGENT.1] The record as the native writes it is the live agent."""
    assert code_of(stored()) is None
    assert code_of(stored(retired=True)) is ErrorCode.EXEC_AGENT_RETIRED


def test_a_record_that_does_not_read_back_counts_as_none() -> None:
    """[AIN-EXEC-CHAIN-AGENT.1] (1) Absent, not a map, a spec that is no canonical
    specification, another job id, a developer that is no address: EXEC_UNKNOWN_AGENT, even
    when it says it is retired."""
    for value in (
        None,
        True,
        stored(spec=b"\xa0"),
        stored(job_id=bytes(32)),
        stored(developer="ain"),
        stored(job_id=bytes(32), retired=True),
    ):
        assert code_of(value) is ErrorCode.EXEC_UNKNOWN_AGENT, value
