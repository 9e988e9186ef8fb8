"""
Fillers for jobs/chain: the agent registry as native functions, driven by signed transactions.

Every code the registry natives return has a negative case here; each case names the exact code
of the failing transaction and the record it leaves (or not).
"""

from __future__ import annotations

from typing import Any

from ain_ref.conformance.handlers import find_handler
from ain_ref.errors import ErrorCode
from ain_ref.jobs.jobspec import CheckedSpec, check_text
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.jobs.common import AGENT, DEVELOPER, OTHER_AGENT, minimal
from tests.fillers.platform.common import block, small_genesis
from tests.fillers.state.common import CHAIN_ID, set_value, transaction

AGENT_SEED, DEVELOPER_SEED, STRANGER_SEED = bytes([11]) * 32, bytes([12]) * 32, bytes([14]) * 32
T0 = 1_700_000_000_000


def register(
    key: str = "1",
    developer: str = DEVELOPER,
    agent: str = AGENT,
    value: Any = None,
    capabilities: tuple[str, ...] = ("text-generation",),
) -> dict[str, Any]:
    """The write that fires _jobsRegister: the minimal spec for AGENT, ontology version 1."""
    if value is None:
        value = request(minimal(AGENT), capabilities)
    return set_value(f"/jobs/register/{developer}/{agent}/{key}/value", value)


def request(spec: str, capabilities: tuple[str, ...] = ("translation",)) -> dict[str, Any]:
    """A register or update request's value."""
    return {
        "spec": spec,
        "ontology_version": 1,
        "capabilities": {term: True for term in capabilities},
    }


def update(key: str = "1", agent: str = AGENT, value: Any = None) -> dict[str, Any]:
    """The write that fires _jobsUpdate: a higher rate, capability translation."""
    if value is None:
        value = request(minimal(AGENT, **{"rate 100": "rate 200"}))
    return set_value(f"/jobs/update/{agent}/{key}/value", value)


def retire(key: str = "1", agent: str = AGENT, value: Any = True) -> dict[str, Any]:
    """The write that fires _jobsRetire."""
    return set_value(f"/jobs/retire/{agent}/{key}/value", value)


def signed(seed: bytes, operation: dict[str, Any], index: int) -> str:
    """The ``index``-th transaction of a block: no nonce, timestamps increasing by 1 ms."""
    return transaction(seed, operation, nonce=None, timestamp=T0 - 1000 + index)


def chain_vector(
    fill: Filler,
    case: str,
    transactions: list[str],
    expected: list[tuple[str, str | None]],
    overrides: dict[str, Any] | None = None,
    parameters: dict[str, Any] | None = None,
    note: str = "",
) -> dict[str, Any]:
    """
    Fill a jobs/chain case: one block of ``transactions`` from the small protocol genesis.
    The authored part is each receipt's (status, code); records, roots and the discovered
    agents are the reference's, pinned by the vector (and checked by the caller).
    """
    vector_input: dict[str, Any] = {
        "genesis": small_genesis(overrides=overrides, parameters=parameters),
        "chain_id": str(CHAIN_ID),
        "blocks": [block(1, T0, transactions)],
        "agents": [AGENT, OTHER_AGENT],
    }
    handler = find_handler("jobs", "chain")
    assert handler is not None
    output = handler.run(vector_input)
    assert isinstance(output, dict), output
    (entry,) = output["blocks"]
    actual = [(receipt["status"], receipt["code"]) for receipt in entry["receipts"]]
    assert actual == expected, f"{case}: {actual} != {expected}"
    fill("jobs", "chain", vector_input, output=output, case=case, note=note)
    return output


def record_field(output: dict[str, Any], name: str) -> Any:
    """A field of AGENT's record in a chain output (typed JSON)."""
    record = output["records"][0]
    assert record is not None
    return record["map"][name]


OK = ("SUCCESS", None)


def failed(code: ErrorCode) -> tuple[str, str]:
    """A receipt that failed with ``code``."""
    return ("FAILED", str(code))


@clauses("AIN-JOB-CHAIN-REGISTER.1", "AIN-JOB-CHAIN-LAYOUT.1", "AIN-JOB-CHAIN-DECODE.1")
def test_register_then_discover(fill: Filler) -> None:
    """
    Given the small protocol genesis; when the developer registers AGENT by a signed write;
    then the record holds the developer, the canonical spec and its id, sequence 0, not
    retired; the count is 1; discovery read from the state finds AGENT.
    """
    output = chain_vector(fill, "register", [signed(DEVELOPER_SEED, register(), 0)], [OK])
    assert record_field(output, "developer") == DEVELOPER
    assert record_field(output, "sequence") == {"int": "0"}
    assert record_field(output, "retired") is False
    assert output["records"][1] is None
    assert output["discovered"] == [AGENT]


@clauses("AIN-JOB-CHAIN-REGISTER.1", "AIN-JOB-REGISTER.1", "AIN-JOB-CHAIN-REQUEST.1")
def test_register_refusals(fill: Filler) -> None:
    """
    Each register check, in order, with the code it names: a stranger signing for the
    developer; a second registration of AGENT (retired or not, addresses are never reused);
    a request without capabilities; an invalid spec; a spec naming another agent; an unknown
    capability; a request written twice at one key (the rule, before the native).
    """
    bad_spec = request(minimal(AGENT, **{"quorum 1": "quorum 2"}))
    cases: list[tuple[str, dict[str, Any], str, ErrorCode | str]] = [
        ("stranger", register(key="2"), "stranger", ErrorCode.REGISTRY_NOT_DEVELOPER),
        ("again", register(key="3"), "developer", ErrorCode.REGISTRY_AGENT_EXISTS),
        (
            "shape",
            register(key="4", agent=OTHER_AGENT, value={"spec": minimal(OTHER_AGENT)}),
            "developer",
            ErrorCode.REGISTRY_REQUEST_INVALID,
        ),
        (
            "spec",
            register(key="5", agent=OTHER_AGENT, value=bad_spec),
            "developer",
            ErrorCode.REGISTRY_SPEC_INVALID,
        ),
        (
            "mismatch",
            register(key="6", agent=OTHER_AGENT),
            "developer",
            ErrorCode.REGISTRY_AGENT_MISMATCH,
        ),
        (
            "capability",
            register(
                key="7",
                agent=OTHER_AGENT,
                value=request(minimal(OTHER_AGENT), ("mind-reading",)),
            ),
            "developer",
            ErrorCode.REGISTRY_UNKNOWN_CAPABILITY,
        ),
        ("rewrite", register(key="1"), "developer", ErrorCode.RULE_DENIED),
    ]
    seeds = {"stranger": STRANGER_SEED, "developer": DEVELOPER_SEED}
    for name, operation, signer, code in cases:
        transactions = [
            signed(DEVELOPER_SEED, register(), 0),
            signed(seeds[signer], operation, 1),
        ]
        output = chain_vector(fill, f"register_{name}", transactions, [OK, failed(ErrorCode(code))])
        assert record_field(output, "sequence") == {"int": "0"}
        assert output["records"][1] is None


@clauses("AIN-JOB-CHAIN-REGISTER.1", "AIN-PLAT-PARAM-READ.1")
def test_spec_size_limit(fill: Filler) -> None:
    """
    The minimal spec is accepted when jobs/max_spec_bytes is its exact UTF-8 size, and
    refused with REGISTRY_SPEC_TOO_LARGE when the limit is one byte less.
    """
    size = len(minimal(AGENT).encode("utf-8"))
    for limit, receipt in ((size, OK), (size - 1, failed(ErrorCode.REGISTRY_SPEC_TOO_LARGE))):
        chain_vector(
            fill,
            f"limit_minus_{size - limit}",
            [signed(DEVELOPER_SEED, register(), 0)],
            [receipt],
            parameters={"jobs/max_spec_bytes": limit},
        )


@clauses("AIN-JOB-CHAIN-UPDATE.1", "AIN-JOB-UPDATE.1", "AIN-JOB-CHAIN-RETIRE.1")
def test_update_and_retire(fill: Filler) -> None:
    """
    The developer updates AGENT (sequence and developer kept, new spec and capabilities); the
    agent itself retires it; then an update and a second retirement are refused
    (REGISTRY_AGENT_RETIRED) and discovery finds nothing.
    """
    output = chain_vector(
        fill,
        "update_retire",
        [
            signed(DEVELOPER_SEED, register(), 0),
            signed(DEVELOPER_SEED, update(), 1),
            signed(AGENT_SEED, retire(), 2),
            signed(DEVELOPER_SEED, update(key="2"), 3),
            signed(DEVELOPER_SEED, retire(key="2"), 4),
        ],
        [OK, OK, OK, *[failed(ErrorCode.REGISTRY_AGENT_RETIRED)] * 2],
    )
    assert record_field(output, "retired") is True
    assert record_field(output, "capabilities") == {"map": {"translation": True}}
    assert output["discovered"] == []


@clauses("AIN-JOB-CHAIN-UPDATE.1", "AIN-JOB-CHAIN-RETIRE.1", "AIN-JOB-CHAIN-REQUEST.1")
def test_update_and_retire_refusals(fill: Filler) -> None:
    """
    Update: an unknown agent (REGISTRY_UNKNOWN_AGENT), the agent itself signing
    (REGISTRY_NOT_DEVELOPER: only the developer updates), a spec naming another agent. Retire:
    a value other than true (REGISTRY_REQUEST_INVALID), a stranger (REGISTRY_NOT_DEVELOPER),
    an unknown agent.
    """
    cases: list[tuple[str, bytes, dict[str, Any], ErrorCode]] = [
        (
            "update_unknown",
            DEVELOPER_SEED,
            update(agent=OTHER_AGENT),
            ErrorCode.REGISTRY_UNKNOWN_AGENT,
        ),
        ("update_by_agent", AGENT_SEED, update(), ErrorCode.REGISTRY_NOT_DEVELOPER),
        (
            "update_mismatch",
            DEVELOPER_SEED,
            update(value=request(minimal(OTHER_AGENT))),
            ErrorCode.REGISTRY_AGENT_MISMATCH,
        ),
        ("update_shape", DEVELOPER_SEED, update(value=True), ErrorCode.REGISTRY_REQUEST_INVALID),
        ("retire_value", DEVELOPER_SEED, retire(value=1), ErrorCode.REGISTRY_REQUEST_INVALID),
        ("retire_stranger", STRANGER_SEED, retire(), ErrorCode.REGISTRY_NOT_DEVELOPER),
        (
            "retire_unknown",
            DEVELOPER_SEED,
            retire(agent=OTHER_AGENT),
            ErrorCode.REGISTRY_UNKNOWN_AGENT,
        ),
    ]
    for name, seed, operation, code in cases:
        output = chain_vector(
            fill,
            name,
            [
                signed(DEVELOPER_SEED, register(), 0),
                signed(seed, operation, 1),
            ],
            [OK, failed(code)],
        )
        assert record_field(output, "retired") is False
        assert output["discovered"] == [AGENT]


@clauses("AIN-JOB-CHAIN-DECODE.1")
def test_a_record_no_native_wrote(fill: Filler) -> None:
    """
    A genesis that places a record whose spec is not a canonical form, whose job id is not its
    spec's, or whose capability is unknown: discovery read from the state refuses with
    REGISTRY_RECORD_INVALID rather than guess; the same record made right is discovered, and
    made right but for one field (a bad developer address, a developer that is not a text, a
    sequence or ontology version that is not an integer) is refused again.
    """
    record = {
        "developer": DEVELOPER,
        "spec": b"\xa0",
        "job_id": bytes(32),
        "ontology_version": 1,
        "capabilities": {"translation": True},
        "sequence": 0,
        "retired": False,
    }
    checked = check_text(minimal(AGENT))
    assert isinstance(checked, CheckedSpec)
    cases = {
        "record_invalid": record,
        "wrong_job_id": {**record, "spec": checked.canonical},
        "unknown_capability": {
            **record,
            "spec": checked.canonical,
            "job_id": checked.job_id,
            "capabilities": {"mind-reading": True},
        },
    }
    for case, value in cases.items():
        output = chain_vector(
            fill, case, [], [], overrides={"values": {f"/jobs/agents/{AGENT}": value}}
        )
        assert output["discovered"] == str(ErrorCode.REGISTRY_RECORD_INVALID)
    valid = {**record, "spec": checked.canonical, "job_id": checked.job_id}
    output = chain_vector(
        fill, "genesis_record", [], [], overrides={"values": {f"/jobs/agents/{AGENT}": valid}}
    )
    assert output["discovered"] == [AGENT]
    # Each field wrong alone, the rest right: every check is needed on its own.
    alone = {
        "bad_developer_address": {
            **valid,
            "developer": DEVELOPER[:-1] + ("1" if DEVELOPER[-1] == "0" else "0"),
        },
        "developer_not_text": {**valid, "developer": 7},
        "sequence_not_integer": {**valid, "sequence": "0"},
        "ontology_version_not_integer": {**valid, "ontology_version": "1"},
    }
    for case, value in alone.items():
        output = chain_vector(
            fill, case, [], [], overrides={"values": {f"/jobs/agents/{AGENT}": value}}
        )
        assert output["discovered"] == str(ErrorCode.REGISTRY_RECORD_INVALID)
