"""
The execution area's own codes on chain, each reached through ``apply_block``.

Spec: spec/execution.md, "Tasks on chain".
"""

from __future__ import annotations

from ain_ref.errors import ErrorCode
from ain_ref.jobs.execution.evidence import evidence_id
from tests.fillers.execution.chain import (
    EXECUTOR,
    OUTPUT_B,
    OUTSIDER,
    REPORTER,
    ExecutionChain,
    receipt_of,
    request_fields,
)


def test_malformed_calls_and_unknown_or_unslashable_offences() -> None:
    """[AIN-EXEC-CHAIN-FIELDS.3] [AIN-EXEC-CHAIN-SLASH.1] A call of no kind, a slash of no
    offence, and a slash of an offence whose provider held no seat."""
    chain = ExecutionChain()
    assert chain.call(EXECUTOR, "run", {"a": 1}) == ErrorCode.EXEC_CALL_MALFORMED.value
    unknown = chain.call(REPORTER, "slash", {"evidence_id": bytes(32)})
    assert unknown == ErrorCode.EXEC_UNKNOWN_OFFENCE.value
    task_id = chain.request()
    first, second = receipt_of(task_id, OUTSIDER), receipt_of(task_id, OUTSIDER, OUTPUT_B)
    assert chain.call(REPORTER, "conflict", {"first": first, "second": second}) is None
    offence = evidence_id("conflicting_attestation", task_id, OUTSIDER.key)
    refused = chain.call(REPORTER, "slash", {"evidence_id": offence})
    assert refused == ErrorCode.EXEC_OFFENCE_NOT_SLASHABLE.value


def test_a_full_timeout_queue_refuses_the_request() -> None:
    """[AIN-EXEC-CHAIN-QUEUE.1] At the default bound of 100 tasks per height, the 101st
    request for the same reveal deadline is refused."""
    chain = ExecutionChain()
    fields = [request_fields(price=price, reveal_deadline=20) for price in range(101)]
    calls = [chain.sign(EXECUTOR, "request", value) for value in fields]
    codes = chain.block(*calls)
    assert codes[:100] == [None] * 100
    assert codes[100] == ErrorCode.EXEC_TIMEOUT_QUEUE_FULL.value
