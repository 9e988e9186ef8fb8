"""
The agent a task request names: its registered record, and the job terms the request must keep.

A request names the agent whose job it runs by the agent's address text; the agent's record
at ``/jobs/agents/<agent>`` (spec/jobs.md, "On-chain registry") must read back, be live, and
hold the request's job id, so a specification updated under a task is another job; the
request's runtime, quorum, class and tolerance must then be those of the job.

Spec: spec/execution.md, "Tasks on chain" ([AIN-EXEC-CHAIN-AGENT.1]).
Layer: jobs. Imports errors, the jobs registry on chain and the execution lifecycle's request.
"""

from __future__ import annotations

from collections.abc import Callable

from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.chain_registry import record_of, record_path
from ain_ref.jobs.execution.lifecycle import Request
from ain_ref.jobs.model import JobSpec
from ain_ref.jobs.registry import AgentRecord

Reader = Callable[[str], CborValue]


def registered_agent(read: Reader, agent_text: str) -> AgentRecord | Rejection:
    """
    The live record of the agent a request names.

    Parameters
    ----------
    read : Reader
        The tree's /values, by path text.
    agent_text : str
        The request's ``agent``: an address text ([AIN-CRYPTO-ADDRESS-TEXT.1]).

    Returns
    -------
    AgentRecord | Rejection
        The record read back, or the first failed check's rejection.

    References
    ----------
    [AIN-EXEC-CHAIN-AGENT.1] (1) ``/jobs/agents/<agent>`` holds a record that reads back by
    [AIN-JOB-CHAIN-DECODE.1]'s rules for one record (EXEC_UNKNOWN_AGENT); (2) it is not
    retired (EXEC_AGENT_RETIRED).
    """
    value = read(record_path(agent_text))
    if value is None:
        return Rejection(ErrorCode.EXEC_UNKNOWN_AGENT, agent_text)
    record = record_of(agent_text, value)
    if isinstance(record, Rejection):
        return Rejection(ErrorCode.EXEC_UNKNOWN_AGENT, f"{agent_text}: does not read back")
    if record.retired:
        return Rejection(ErrorCode.EXEC_AGENT_RETIRED, agent_text)
    return record


def terms_problem(spec: JobSpec, request: Request) -> str | None:
    """
    What of the request disagrees with the job, or None.

    References
    ----------
    [AIN-EXEC-CHAIN-AGENT.1] (4) In order: the runtime digest is the job's artifact; the
    quorum is at least the job's; the class is the job's; the tolerance is the job's (both
    absent, or the same metric and bound).
    """
    attestation = spec.attestation
    terms = request.quorum_terms
    if request.runtime_digest != spec.runtime.artifact_sha256:
        return "runtime digest"
    if terms.quorum < attestation.quorum:
        return f"quorum {terms.quorum} < the job's {attestation.quorum}"
    if terms.determinism != attestation.determinism:
        return f"class {terms.determinism!r:.40}"
    if terms.tolerance != attestation.tolerance:
        return "tolerance"
    return None


def check_agent(read: Reader, agent_text: str, request: Request) -> AgentRecord | Rejection:
    """
    Whether a request runs its agent's registered job.

    Returns
    -------
    AgentRecord | Rejection
        The agent's record, or the first failed check's rejection.

    References
    ----------
    [AIN-EXEC-CHAIN-AGENT.1] (1), (2) the record ([registered_agent]); (3) its ``job_id`` is
    the request's (EXEC_JOB_MISMATCH); (4) the terms agree (EXEC_TERMS_MISMATCH).
    """
    record = registered_agent(read, agent_text)
    if isinstance(record, Rejection):
        return record
    if record.job_id != request.job_id:
        return Rejection(ErrorCode.EXEC_JOB_MISMATCH, request.job_id.hex()[:64])
    problem = terms_problem(record.spec, request)
    if problem is not None:
        return Rejection(ErrorCode.EXEC_TERMS_MISMATCH, problem)
    return record
