"""
Fillers answering the third execution outsider (issue #15): block sequences through apply_block.

Each vector is an ``execution/apply_blocks`` case: agent records placed by the genesis
(``agents``) that read back or not, a reservation of price 0 against one of price 1, a task
paid from reservations whose contracts' developer is not the agent's, a block that mixes a
transfer with execution calls, and roots pinned empty or not DER.
"""

from __future__ import annotations

from typing import Any

import attrs

from ain_ref.conformance.handlers.economy import ledger_to_json, total_supply
from ain_ref.conformance.handlers.execution import run_apply_blocks
from ain_ref.conformance.typed_json import JsonObject, to_typed_json
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.canonical import canonical_bytes
from ain_ref.jobs.chain_registry import record_value
from ain_ref.jobs.jobspec import CheckedSpec, check_text
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.execution.chain import (
    BALANCE,
    DEVELOPER,
    EXACT_JOB,
    EXECUTOR,
    OUTPUT_A,
    OUTPUT_B,
    PROVIDERS,
    REPORTER,
    SEAT_PRICES,
    SETUP,
    BlockScript,
    Job,
    Party,
    base_ledger,
    job_of,
    request_fields,
    reserved_ledger,
    reserved_request_fields,
    tee_evidence,
)
from tests.fillers.execution.test_chain import (
    REVEAL_DEADLINE,
    balance_in,
    commit,
    reveal,
    task_status,
)
from tests.fillers.execution.test_chain_reservations import count_in, reserved, with_reservation
from tests.fillers.execution.test_chain_tee import own_reveal, tee_task

FIRST, SECOND, THIRD = PROVIDERS
EXACT_ATTESTATION = "    providers 3\n    quorum 2\n    determinism exact\n"
CONTRACT_DEVELOPER = Party(0x24)
"""The developer of the reservations' contracts in the developer vector: not the agents'."""


def run_blocks(
    fill: Filler,
    script: BlockScript,
    receipts: list[list[str | None]],
    case: str,
    ledger: Any = None,
    agents: dict[str, CborValue] | None = None,
    tee_roots: dict[str, bytes] | None = None,
) -> JsonObject:
    """Run a script through the handler with placed agents, assert receipts and supply, emit."""
    ledger = ledger or base_ledger()
    vector_input: JsonObject = {
        "ledger": ledger_to_json(ledger),
        "parameters": {},
        "blocks": script.blocks,
    }
    if tee_roots is not None:
        vector_input["tee_roots"] = {p: root.hex() for p, root in sorted(tee_roots.items())}
    if agents is not None:
        vector_input["agents"] = {a: to_typed_json(v) for a, v in sorted(agents.items())}
    result = run_apply_blocks(vector_input)
    assert not isinstance(result, Rejection), result
    first, *rest = result["receipts"]
    assert first[:SETUP] == [None] * SETUP, first  # the setup's registrations
    assert [first[SETUP:], *rest] == receipts, result["receipts"]
    total = str(total_supply(ledger))
    assert all(supply["total"] == total for supply in result["supplies"])
    fill("execution", "apply_blocks", vector_input, output=result, case=case)
    return result


def checked(job: Job) -> CheckedSpec:
    """A job's checked specification."""
    spec = check_text(job.text)
    assert isinstance(spec, CheckedSpec), spec
    return spec


def placed_record(job: Job, **changes: CborValue) -> dict[str, CborValue]:
    """The record ``_jobsRegister`` would write for a job's agent, with fields changed."""
    record = record_value(DEVELOPER.address, checked(job), 1, ("text-generation",), 1)
    record.update(changes)
    return {name: value for name, value in record.items() if value is not None}


def invalid_spec_bytes(job: Job) -> bytes:
    """The canonical encoding of a job made invalid: quorum 4 of 3 providers."""
    spec = checked(job).spec
    attestation = attrs.evolve(spec.attestation, quorum=4)
    return canonical_bytes(attrs.evolve(spec, attestation=attestation))


PLACED_SEED = 0x60


def placed_jobs(count: int) -> list[Job]:
    """Exact jobs of fresh agents, one per placed record."""
    return [job_of(Party(PLACED_SEED + index), EXACT_ATTESTATION) for index in range(count)]


def agent_request(job: Job) -> tuple[Party, str, Any]:
    """The executor's standard request naming a job's agent and id."""
    return EXECUTOR, "request", request_fields(agent=job.agent.address, job_id=job.job_id)


@clauses(
    "AIN-EXEC-HANDLER-BLOCKS-AGENTS.1",
    "AIN-EXEC-CHAIN-AGENT.1",
    "AIN-JOB-CHAIN-DECODE.1",
)
def test_placed_agent_records(fill: Filler) -> None:
    """
    Agent records a genesis places: each way of not reading back, and the records that do.

    Given
    -----
    - fresh agents whose records are placed by ``agents``: one as ``_jobsRegister`` writes it;
      then, each on its own agent, a record that is not a map; a developer that is not an
      address; ``spec`` as text; ``spec`` not in canonical form (a trailing byte); ``spec`` the
      canonical encoding of an invalid specification (quorum 4 of 3); a ``job_id`` of another
      job; an unknown capability; an ontology version 0; a ``sequence`` that is text;
      ``retired`` true; ``retired`` the text "true"; a record with an extra key.

    When
    ----
    - height 1: a request naming each agent, in that order.

    Then
    ----
    - the first opens; the next nine are EXEC_UNKNOWN_AGENT; ``retired`` true is
      EXEC_AGENT_RETIRED; a ``retired`` that is not ``true`` is live and opens; an extra key is
      ignored and opens.
    """
    jobs = placed_jobs(13)
    other_id = EXACT_JOB.job_id
    records: list[CborValue] = [
        placed_record(jobs[0]),
        "not a map",
        placed_record(jobs[2], developer="ain_not_an_address"),
        placed_record(jobs[3], spec=checked(jobs[3]).canonical.hex()),
        placed_record(jobs[4], spec=checked(jobs[4]).canonical + b"\x00"),
        placed_record(jobs[5], spec=invalid_spec_bytes(jobs[5])),
        placed_record(jobs[6], job_id=other_id),
        placed_record(jobs[7], capabilities={"no-such-capability": True}),
        placed_record(jobs[8], ontology_version=0),
        placed_record(jobs[9], sequence="1"),
        placed_record(jobs[10], retired=True),
        placed_record(jobs[11], retired="true"),
        {**placed_record(jobs[12]), "note": "ignored"},
    ]
    agents = {job.agent.address: record for job, record in zip(jobs, records, strict=True)}
    script = BlockScript()
    script.block(*(agent_request(job) for job in jobs))
    codes: list[str | None] = [None, *["EXEC_UNKNOWN_AGENT"] * 9]
    codes += ["EXEC_AGENT_RETIRED", None, None]
    run_blocks(fill, script, [codes], case="each_way", agents=agents)


@clauses("AIN-EXEC-HANDLER-BLOCKS-AGENTS.1", "AIN-EXEC-CHAIN-AGENT.1")
def test_placed_agent_counts_as_registered(fill: Filler) -> None:
    """
    A placed record is the agent's record: the registry's natives then act on it.

    Given
    -----
    - a fresh agent's record placed as ``_jobsRegister`` writes it, by the developer.

    When
    ----
    - height 1: the developer registers the same agent again; then a request naming it.

    Then
    ----
    - the registration is refused (REGISTRY_AGENT_EXISTS: the placed record counts) and the
      request opens.
    """
    (job,) = placed_jobs(1)
    script = BlockScript()
    path = f"/jobs/register/{DEVELOPER.address}/{job.agent.address}/9/value"
    value: CborValue = {
        "spec": job.text,
        "ontology_version": 1,
        "capabilities": {"text-generation": True},
    }
    script.block_writes((DEVELOPER, path, value))
    script.block(agent_request(job))
    result = run_blocks(
        fill,
        script,
        [["REGISTRY_AGENT_EXISTS"], [None]],
        case="then_registered",
        agents={job.agent.address: placed_record(job)},
    )
    assert result["execution"]["tasks"] is not None


@clauses(
    "AIN-EXEC-CHAIN-RESERVATIONS.2",
    "AIN-ECON-ESCROW.2",
    "AIN-ECON-ESCROW-RESERVED.1",
)
def test_reserved_price_zero(fill: Filler) -> None:
    """
    A reservation of price 0 gives no request to a task; one of price 1 does.

    Given
    -----
    - the first provider's reservation r0 stored (by the genesis) at 0 per request with an
      escrow of 0, or at 1 per request with an escrow of 10.

    When
    ----
    - height 1: a request paid from r0, r1, r2 at the sum of their prices (0 + 200 + 300, or
      1 + 200 + 300).

    Then
    ----
    - at price 0: EXEC_RESERVATION_EXHAUSTED, and r0 keeps its ten requests; at price 1 the
      task opens, r0 has nine requests and 9 of escrow, and the escrow's first part is 1.
    """
    exhausted = ErrorCode.EXEC_RESERVATION_EXHAUSTED.value
    for price, code in ((0, exhausted), (1, None)):
        ledger = with_reservation(FIRST, price_per_request=price, escrow=10 * price)
        script = BlockScript()
        total = price + SEAT_PRICES[1] + SEAT_PRICES[2]
        script.block((EXECUTOR, "request", reserved_request_fields(price=total)))
        result = run_blocks(fill, script, [[code]], case=f"price_{price}", ledger=ledger)
        assert reserved(result, FIRST) == ((10, 0) if code else (9, 9))


def other_developer_ledger() -> Any:
    """``reserved_ledger`` whose contracts name CONTRACT_DEVELOPER as their developer."""
    ledger = reserved_ledger()
    contracts = {
        contract_id: attrs.evolve(contract, developer=CONTRACT_DEVELOPER.address)
        for contract_id, contract in ledger.contracts.items()
    }
    return attrs.evolve(ledger, contracts=contracts)


@clauses(
    "AIN-ECON-ESCROW-RESERVED-PAY.1",
    "AIN-EXEC-CHAIN-PORT.2",
    "AIN-EXEC-HANDLER-BLOCKS-REACH.1",
)
def test_reserved_pays_the_contracts_developer(fill: Filler) -> None:
    """
    A served seat's developer share goes to its contract's developer, not the agent's.

    Given
    -----
    - reservations r0, r1, r2 on contracts whose developer is an account with no balance;
      the agents are registered by another developer (the setup's ``_jobsRegister`` calls).

    When
    ----
    - height 1: request paid from r0, r1, r2; heights 2..4: commits (A, A, B); heights 5..7:
      reveals; height 8: settle.

    Then
    ----
    - the contracts' developer holds 20 + 40 and counts 2 in ``period_demand``; the agents'
      developer's balance is unchanged and it counts nothing.
    """
    script = BlockScript()
    task_id = script.request(reserved_request_fields())
    outputs = ((FIRST, OUTPUT_A), (SECOND, OUTPUT_A), (THIRD, OUTPUT_B))
    for provider, output in outputs:
        script.block(commit(task_id, provider, output))
    for provider, output in outputs:
        script.block(reveal(task_id, provider, output))
    script.block((REPORTER, "settle", {"task_id": task_id}))
    result = run_blocks(fill, script, [[None]] * 8, case="settled", ledger=other_developer_ledger())
    assert task_status(result, task_id) == "settled"
    assert balance_in(result, CONTRACT_DEVELOPER) == 60
    assert balance_in(result, DEVELOPER) == BALANCE
    assert count_in(result, "period_demand", CONTRACT_DEVELOPER) == 2
    assert count_in(result, "period_demand", DEVELOPER) == 0


@clauses("AIN-EXEC-HANDLER-BLOCKS-REACH.1", "AIN-PLAT-GENESIS-AREAS.1")
def test_blocks_hold_any_transaction(fill: Filler) -> None:
    """
    A block of ``execution/apply_blocks`` runs other areas' natives beside ``_execution``.

    Given
    -----
    - the standard genesis; the executor holds 1,000,000.

    When
    ----
    - height 1: the executor transfers 999,100 to the reporter (``_transfer``), then requests
      a task of price 900; then a second request of price 900 in its own transaction.

    Then
    ----
    - the transfer and the first request succeed; the second is EXEC_PAYMENT_REFUSED (the
      balance left is 0): a client without ``_transfer`` differs in receipts and root.
    """
    script = BlockScript()
    script.block_writes(
        (EXECUTOR, f"/transfer/{EXECUTOR.address}/{REPORTER.address}/0/value", BALANCE - 900)
    )
    script.block(
        (EXECUTOR, "request", request_fields()),
        (EXECUTOR, "request", request_fields(input_hash=bytes(32))),
    )
    result = run_blocks(fill, script, [[None], [None, "EXEC_PAYMENT_REFUSED"]], case="transfer")
    assert balance_in(result, EXECUTOR) == 0
    assert balance_in(result, REPORTER) == 2 * BALANCE - 900


@clauses("AIN-EXEC-CHAIN-TEE-ROOT.1", "AIN-EXEC-CHAIN-TEE-TERMS.1", "AIN-TEE-CHAIN-ROOT.1")
def test_root_empty_or_not_der(fill: Filler) -> None:
    """
    A root pinned empty or not DER is pinned: tasks open, and no document verifies.

    Given
    -----
    - ``tee_roots`` pins for ``nitro`` the empty byte string, or the single byte 00.

    When
    ----
    - height 1: a tee_only task of the first provider; height 2: its commitment; height 5: its
      reveal with the document that verifies under the test PKI's root; then blocks up to the
      reveal deadline.

    Then
    ----
    - the request and commitment succeed; the reveal is TEE_CERT_ROOT_MISMATCH; the task
      expires at its reveal deadline and the executor's price comes back.
    """
    for case, root in (("empty", b""), ("not_der", b"\x00")):
        script = BlockScript()
        task_id = tee_task(script)
        script.advance_to(4)
        script.block(own_reveal(task_id, tee_evidence(task_id)))
        script.advance_to(REVEAL_DEADLINE)
        receipts: list[list[str | None]] = [[None], [None], [], [], ["TEE_CERT_ROOT_MISMATCH"]]
        receipts += [[]] * (REVEAL_DEADLINE - 5)
        result = run_blocks(fill, script, receipts, case=case, tee_roots={"nitro": root})
        assert task_status(result, task_id) == "expired"
        assert balance_in(result, EXECUTOR) == BALANCE
