"""Fillers for jobs/registry and jobs/discover: who may register, update, retire; queries."""

from __future__ import annotations

from typing import Any

from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.jobs.common import AGENT, DEVELOPER, OTHER_AGENT, STRANGER, minimal


def register(
    agent: str = AGENT,
    sender: str = DEVELOPER,
    capabilities: tuple[str, ...] = ("text-generation",),
    version: int = 1,
    spec: str | None = None,
) -> dict[str, Any]:
    """A register operation by ``sender`` naming DEVELOPER."""
    return {
        "op": "register",
        "sender": sender,
        "developer": DEVELOPER,
        "spec": minimal(agent) if spec is None else spec,
        "ontology_version": version,
        "capabilities": list(capabilities),
    }


def update(
    sender: str = DEVELOPER, capabilities: tuple[str, ...] = ("translation",)
) -> dict[str, Any]:
    """An update of AGENT with a higher rate and new capabilities."""
    return {
        "op": "update",
        "sender": sender,
        "spec": minimal(**{"rate 100": "rate 200"}),
        "ontology_version": 1,
        "capabilities": list(capabilities),
    }


def retire(sender: str = DEVELOPER, agent: str = AGENT) -> dict[str, Any]:
    """A retire operation."""
    return {"op": "retire", "sender": sender, "agent": agent}


def reference_records(operations: list[dict[str, Any]]) -> list[str]:
    """The reference's records (test_record_contents authors a record field by field)."""
    from ain_ref.conformance.handlers.jobs import run_registry

    result = run_registry({"operations": operations})
    assert isinstance(result, dict)
    return list(result["records"])


@clauses("AIN-JOB-REGISTER.1", "AIN-JOB-ONTOLOGY.1", "AIN-JOB-UPDATE.1", "AIN-JOB-RETIRE.1")
def test_registry_operations(fill: Filler) -> None:
    """
    Registration, update and retirement, each refused for each reason in its check order.

    Given
    -----
    - an empty registry.

    When
    ----
    - a sequence of operations is applied: good ones, and ones by the wrong sender, for an
      agent already registered, with unknown or too many capabilities or an unknown ontology
      version, on unknown or retired agents.

    Then
    ----
    - each operation's outcome is "ok" or its code, and a refused one changes nothing.
    """
    cases: dict[str, tuple[list[dict[str, Any]], list[str]]] = {
        "register_update_retire": (
            [register(), update(), retire()],
            ["ok", "ok", "ok"],
        ),
        "sender_not_developer": ([register(sender=STRANGER)], [ErrorCode.REGISTRY_NOT_DEVELOPER]),
        "registered_twice": ([register(), register()], ["ok", ErrorCode.REGISTRY_AGENT_EXISTS]),
        "retired_address_not_reused": (
            [register(), retire(), register()],
            ["ok", "ok", ErrorCode.REGISTRY_AGENT_EXISTS],
        ),
        "unknown_ontology_version": ([register(version=2)], [ErrorCode.REGISTRY_ONTOLOGY_VERSION]),
        "unknown_capability": (
            [register(capabilities=("mind-reading",))],
            [ErrorCode.REGISTRY_UNKNOWN_CAPABILITY],
        ),
        "no_capability": ([register(capabilities=())], [ErrorCode.REGISTRY_CAPABILITY_COUNT]),
        "repeated_capability": (
            [register(capabilities=("embedding", "embedding"))],
            [ErrorCode.REGISTRY_CAPABILITY_COUNT],
        ),
        "nine_capabilities": (
            [
                register(
                    capabilities=(
                        "classification",
                        "code-generation",
                        "data-processing",
                        "embedding",
                        "image-generation",
                        "image-understanding",
                        "retrieval",
                        "speech-to-text",
                        "summarization",
                    )
                )
            ],
            [ErrorCode.REGISTRY_CAPABILITY_COUNT],
        ),
        "eight_capabilities": (
            [
                register(
                    capabilities=(
                        "translation",
                        "code-generation",
                        "data-processing",
                        "embedding",
                        "image-generation",
                        "image-understanding",
                        "retrieval",
                        "speech-to-text",
                    )
                )
            ],
            ["ok"],
        ),
        "invalid_spec": (
            [register(spec=minimal(**{"quorum 1": "quorum 0"}))],
            [ErrorCode.JOBSPEC_OUT_OF_RANGE],
        ),
        "update_unknown": ([update()], [ErrorCode.REGISTRY_UNKNOWN_AGENT]),
        "update_by_stranger": (
            [register(), update(sender=STRANGER)],
            ["ok", ErrorCode.REGISTRY_NOT_DEVELOPER],
        ),
        "update_retired": (
            [register(), retire(), update()],
            ["ok", "ok", ErrorCode.REGISTRY_AGENT_RETIRED],
        ),
        "retire_by_agent": ([register(), retire(sender=AGENT)], ["ok", "ok"]),
        "retire_by_stranger": (
            [register(), retire(sender=STRANGER)],
            ["ok", ErrorCode.REGISTRY_NOT_DEVELOPER],
        ),
        "retire_twice": (
            [register(), retire(), retire()],
            ["ok", "ok", ErrorCode.REGISTRY_AGENT_RETIRED],
        ),
        "retire_unknown": ([retire(agent=OTHER_AGENT)], [ErrorCode.REGISTRY_UNKNOWN_AGENT]),
    }
    for case, (operations, outcomes) in cases.items():
        records = reference_records(operations)
        registered = outcomes.count("ok") and operations[0]["op"] == "register"
        assert len(records) == (1 if registered else 0), case
        fill(
            "jobs",
            "registry",
            {"operations": operations},
            output={"outcomes": outcomes, "records": records},
            case=case,
        )


@clauses("AIN-JOB-REGISTER.1", "AIN-JOB-UPDATE.1")
def test_record_contents(fill: Filler) -> None:
    """
    A record holds agent, developer, job id, ontology version, sorted capabilities, sequence.

    Given
    -----
    - two agents registered in turn, the first then updated.

    When
    ----
    - the registry is read.

    Then
    ----
    - records are listed by public key; the update kept developer and sequence and replaced the
      job id and capabilities (sorted).
    """
    from ain_ref.jobs.jobspec import CheckedSpec, parse_job_spec

    operations = [
        register(capabilities=("translation", "embedding")),
        register(agent=OTHER_AGENT, capabilities=("retrieval",)),
        update(capabilities=("summarization", "classification")),
    ]
    updated = parse_job_spec(minimal(**{"rate 100": "rate 200"}))
    other = parse_job_spec(minimal(OTHER_AGENT))
    assert isinstance(updated, CheckedSpec) and isinstance(other, CheckedSpec)
    records = [
        {
            "agent": AGENT,
            "developer": DEVELOPER,
            "job_id": updated.job_id.hex(),
            "ontology_version": 1,
            "capabilities": ["classification", "summarization"],
            "sequence": 0,
            "retired": False,
        },
        {
            "agent": OTHER_AGENT,
            "developer": DEVELOPER,
            "job_id": other.job_id.hex(),
            "ontology_version": 1,
            "capabilities": ["retrieval"],
            "sequence": 1,
            "retired": False,
        },
    ]
    records.sort(key=lambda record: bytes.fromhex(str(record["agent"])[3:67]))
    fill(
        "jobs",
        "registry",
        {"operations": operations},
        output={"outcomes": ["ok", "ok", "ok"], "records": records},
    )


AGENTS = [AGENT, OTHER_AGENT, STRANGER]


def population() -> list[dict[str, Any]]:
    """Three agents: a cheap translator, a GPU text generator, a tolerant summariser (retired)."""
    gpu = "memory 1 GiB\n    gpu {\n        vendor nvidia\n        count 1\n    }"
    tolerant = "determinism tolerance\n    tolerance max_relative_error_ppm 5"
    return [
        register(
            AGENT, capabilities=("translation",), spec=minimal(AGENT, **{"rate 100": "rate 10"})
        ),
        register(
            OTHER_AGENT,
            capabilities=("text-generation", "translation"),
            spec=minimal(OTHER_AGENT, **{"memory 1 GiB": gpu, "language wasm": "language python"}),
        ),
        register(
            STRANGER,
            capabilities=("summarization", "translation"),
            spec=minimal(STRANGER, **{"determinism exact": tolerant, "rate 100": "rate 50"}),
        ),
        retire(agent=STRANGER),
    ]


def by_key(*addresses: str) -> list[str]:
    """Addresses by public key ascending."""
    return sorted(addresses, key=lambda address: bytes.fromhex(address[3:67]))


@clauses("AIN-JOB-DISCOVERY.1")
def test_discovery(fill: Filler) -> None:
    """
    Discovery filters, then sorts by the named order, then pages; retired agents never appear.

    Given
    -----
    - three agents registered (a translator at rate 10, a GPU text generator and translator at
      rate 100, a summariser and translator at rate 50), the third retired.

    When
    ----
    - queries filter by capability, language, GPU, rate; sort by rate and registration; page
      with limit 1.

    Then
    ----
    - each answer is the filtered list in the stated order, one page of it, and where the
      next page starts; a bad sort, gpu word, start or limit, or a maximum outside
      0..2**64-1, is DISCOVERY_BAD_QUERY; an unknown capability matches nothing.
    """
    cases: dict[str, tuple[dict[str, Any], dict[str, Any] | ErrorCode]] = {
        "by_capability": (
            {"capabilities": ["translation"]},
            {"agents": by_key(AGENT, OTHER_AGENT), "next_start": None},
        ),
        "two_capabilities": (
            {"capabilities": ["translation", "text-generation"]},
            {"agents": [OTHER_AGENT], "next_start": None},
        ),
        "retired_hidden": ({"capabilities": ["summarization"]}, {"agents": [], "next_start": None}),
        "by_rate": ({"sort": "rate"}, {"agents": [AGENT, OTHER_AGENT], "next_start": None}),
        "registered_order": (
            {"sort": "registered"},
            {"agents": [AGENT, OTHER_AGENT], "next_start": None},
        ),
        "first_page": ({"sort": "rate", "limit": 1}, {"agents": [AGENT], "next_start": 1}),
        "last_page": (
            {"sort": "rate", "start": 1, "limit": 1},
            {"agents": [OTHER_AGENT], "next_start": None},
        ),
        "past_the_end": ({"start": 5}, {"agents": [], "next_start": None}),
        "gpu_required": ({"gpu": "required"}, {"agents": [OTHER_AGENT], "next_start": None}),
        "gpu_none": ({"gpu": "none"}, {"agents": [AGENT], "next_start": None}),
        "language": ({"languages": ["python"]}, {"agents": [OTHER_AGENT], "next_start": None}),
        "max_rate_boundary": ({"max_rate": "10"}, {"agents": [AGENT], "next_start": None}),
        "determinism": ({"determinism": ["tolerance"]}, {"agents": [], "next_start": None}),
        "limit_100": ({"limit": 100}, {"agents": by_key(AGENT, OTHER_AGENT), "next_start": None}),
        "limit_101": ({"limit": 101}, ErrorCode.DISCOVERY_BAD_QUERY),
        "limit_0": ({"limit": 0}, ErrorCode.DISCOVERY_BAD_QUERY),
        "negative_start": ({"start": -1}, ErrorCode.DISCOVERY_BAD_QUERY),
        "unknown_sort": ({"sort": "popularity"}, ErrorCode.DISCOVERY_BAD_QUERY),
        "unknown_gpu_word": ({"gpu": "maybe"}, ErrorCode.DISCOVERY_BAD_QUERY),
        "negative_max_rate": ({"max_rate": "-1"}, ErrorCode.DISCOVERY_BAD_QUERY),
        "max_rate_u64_max": (
            {"max_rate": str(2**64 - 1)},
            {"agents": by_key(AGENT, OTHER_AGENT), "next_start": None},
        ),
        "max_rate_above_u64_max": ({"max_rate": str(2**64)}, ErrorCode.DISCOVERY_BAD_QUERY),
        "negative_max_memory": ({"max_memory_bytes": "-1"}, ErrorCode.DISCOVERY_BAD_QUERY),
        "unknown_capability_matches_nothing": (
            {"capabilities": ["astrology"]},
            {"agents": [], "next_start": None},
        ),
    }
    for case, (query, outcome) in cases.items():
        vector_input = {"operations": population(), "query": query}
        if isinstance(outcome, ErrorCode):
            fill("jobs", "discover", vector_input, rejection=outcome, case=case)
        else:
            fill("jobs", "discover", vector_input, output=outcome, case=case)
