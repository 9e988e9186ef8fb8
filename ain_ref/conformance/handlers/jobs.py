"""
The jobs area's vector handlers (spec/jobs.md, "Handlers").

Spec: spec/conformance.md, "Handlers" ([AIN-CONF-HANDLER.1]); spec/jobs.md, "Handlers".
Layer: conformance. The jobs area owns this file; no other area edits it.
"""

from __future__ import annotations

from typing import Any

from ain_ref import crypto
from ain_ref.conformance.handlers.base import Handler, HandlerResult
from ain_ref.conformance.handlers.platform import run_apply_blocks
from ain_ref.conformance.handlers.state import LastState
from ain_ref.conformance.typed_json import (
    HandlerInputError,
    JsonObject,
    field,
    list_of,
    parse_decimal,
    text_of,
    to_typed_json,
)
from ain_ref.errors import Rejection
from ain_ref.jobs import discovery, registry
from ain_ref.jobs.chain_registry import record_path, registry_from_state
from ain_ref.jobs.formatting import format_spec
from ain_ref.jobs.jobspec import CheckedSpec, check_text, parse_job_spec
from ain_ref.jobs.requests import match_request
from ain_ref.platform.steps import values_path


def run_parse(vector_input: JsonObject) -> HandlerResult:
    """Check ``input.text``: canonical bytes, job id and formatted text, or the first error."""
    checked = parse_job_spec(text_of(vector_input, "text"))
    if isinstance(checked, Rejection):
        return checked
    return {
        "canonical": checked.canonical.hex(),
        "job_id": checked.job_id.hex(),
        "formatted": format_spec(checked.spec),
    }


def run_check(vector_input: JsonObject) -> HandlerResult:
    """Check ``input.text`` and list every diagnostic (the output of ``jobspec check --json``)."""
    checked = check_text(text_of(vector_input, "text"))
    if isinstance(checked, CheckedSpec):
        return {"valid": True, "job_id": checked.job_id.hex(), "diagnostics": []}
    return {
        "valid": False,
        "job_id": None,
        "diagnostics": [diagnostic.to_json() for diagnostic in checked],
    }


def public_key_of(text: str) -> bytes | Rejection:
    """An address field's public key, or the crypto rejection of the address."""
    address = crypto.parse_address(text)
    return address if isinstance(address, Rejection) else address.public_key


def apply_operation(
    state: registry.Registry, operation: JsonObject
) -> registry.Registry | Rejection:
    """Apply one registry operation of a vector (spec/jobs.md, "Handlers", registry)."""
    kind = text_of(operation, "op")
    sender = public_key_of(text_of(operation, "sender"))
    if isinstance(sender, Rejection):
        return sender
    if kind == "retire":
        agent = public_key_of(text_of(operation, "agent"))
        if isinstance(agent, Rejection):
            return agent
        return registry.retire_agent(state, sender, agent)
    checked = parse_job_spec(text_of(operation, "spec"))
    if isinstance(checked, Rejection):
        return checked
    version = field(operation, "ontology_version")
    if type(version) is not int:
        raise HandlerInputError("ontology_version: expected an integer")
    terms = list_of(operation, "capabilities")
    if not all(isinstance(term, str) for term in terms):
        raise HandlerInputError("capabilities: expected strings")
    registration = registry.Registration(checked.spec, checked.job_id, version, terms)
    if kind == "update":
        return registry.update_agent(state, sender, registration)
    if kind != "register":
        raise HandlerInputError(f"op: unknown operation {kind!r}")
    developer = public_key_of(text_of(operation, "developer"))
    if isinstance(developer, Rejection):
        return developer
    return registry.register_agent(state, sender, developer, registration)


def apply_operations(operations: list[Any]) -> tuple[registry.Registry, list[str]]:
    """Apply operations in order; a refused one changes nothing. Returns state and outcomes."""
    state = registry.Registry()
    outcomes: list[str] = []
    for operation in operations:
        if not isinstance(operation, dict):
            raise HandlerInputError("operations: expected objects")
        result = apply_operation(state, operation)
        if isinstance(result, Rejection):
            outcomes.append(str(result.code))
        else:
            state = result
            outcomes.append("ok")
    return state, outcomes


def record_json(record: registry.AgentRecord) -> JsonObject:
    """A registry record as the vectors write it."""
    return {
        "agent": crypto.format_address(record.agent),
        "developer": crypto.format_address(record.developer),
        "job_id": record.job_id.hex(),
        "ontology_version": record.ontology_version,
        "capabilities": list(record.capabilities),
        "sequence": record.sequence,
        "retired": record.retired,
    }


def run_registry(vector_input: JsonObject) -> HandlerResult:
    """Apply ``input.operations``; each outcome, then every record by agent address."""
    state, outcomes = apply_operations(list_of(vector_input, "operations"))
    records = sorted(state.records.values(), key=lambda record: record.agent)
    return {"outcomes": outcomes, "records": [record_json(record) for record in records]}


def query_of(document: JsonObject) -> discovery.Query:
    """A discovery query from its JSON fields (every field optional)."""
    defaults = discovery.Query()
    values: dict[str, Any] = {}
    for name in ("capabilities", "languages", "determinism"):
        items = document.get(name, [])
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise HandlerInputError(f"{name}: expected a list of strings")
        values[name] = tuple(items)
    for name in ("max_rate", "max_memory_bytes"):
        values[name] = parse_decimal(document.get(name, "0"), name)
    for name in ("gpu", "sort"):
        value = document.get(name, getattr(defaults, name))
        if not isinstance(value, str):
            raise HandlerInputError(f"{name}: expected a string")
        values[name] = value
    for name in ("start", "limit"):
        value = document.get(name, getattr(defaults, name))
        if type(value) is not int:
            raise HandlerInputError(f"{name}: expected an integer")
        values[name] = value
    return discovery.Query(**values)


def run_discover(vector_input: JsonObject) -> HandlerResult:
    """Apply ``input.operations``, then answer ``input.query`` with one page."""
    state, _ = apply_operations(list_of(vector_input, "operations"))
    query = field(vector_input, "query")
    if not isinstance(query, dict):
        raise HandlerInputError("query: expected an object")
    page = discovery.discover(state, query_of(query))
    if isinstance(page, Rejection):
        return page
    return {
        "agents": [crypto.format_address(record.agent) for record in page.records],
        "next_start": page.next_start,
    }


def offer_fields_of(document: Any) -> dict[str, object]:
    """An offer's JSON fields, as given (their forms are checked by [AIN-JOB-OFFER.1])."""
    if not isinstance(document, dict):
        raise HandlerInputError("offers: expected objects")
    return dict(document)


def run_match(vector_input: JsonObject) -> HandlerResult:
    """Match the job ``input.spec`` against ``input.offers``; the ranked offer ids and scores."""
    checked = parse_job_spec(text_of(vector_input, "spec"))
    if isinstance(checked, Rejection):
        return checked
    limit = field(vector_input, "limit")
    offers = [offer_fields_of(offer) for offer in list_of(vector_input, "offers")]
    matches = match_request(checked.spec, offers, limit)
    if isinstance(matches, Rejection):
        return matches
    return {"matches": [{"offer_id": m.offer.offer_id, "score": m.score} for m in matches]}


def run_chain(vector_input: JsonObject) -> HandlerResult:
    """
    Apply blocks from a protocol genesis, then read the agent registry from the state.

    References
    ----------
    [AIN-JOB-CHAIN-REGISTER.1] [AIN-JOB-CHAIN-UPDATE.1] [AIN-JOB-CHAIN-RETIRE.1]
    [AIN-JOB-CHAIN-DECODE.1]
    """
    agents = vector_input.get("agents", [])
    if not isinstance(agents, list) or not all(isinstance(agent, str) for agent in agents):
        raise HandlerInputError("agents: a list of texts")
    output = run_apply_blocks({k: v for k, v in vector_input.items() if k != "agents"})
    tree = LastState.tree
    if isinstance(output, Rejection) or tree is None:
        return output

    def read(text: str) -> Any:
        return tree.value_at(values_path(text))

    state = registry_from_state(read)
    page = state if isinstance(state, Rejection) else discovery.discover(state, discovery.Query())
    discovered: Any = (
        str(page.code)
        if isinstance(page, Rejection)
        else [crypto.format_address(record.agent) for record in page.records]
    )
    return {
        **output,
        "records": [to_typed_json(read(record_path(agent))) for agent in agents],
        "discovered": discovered,
    }


HANDLERS: tuple[Handler, ...] = (
    Handler(
        "jobs",
        "parse",
        run_parse,
        call="check input.text as a job specification",
        compare="output.canonical, output.job_id and output.formatted, or the rejection code",
        clauses=("AIN-JOB-CHECK.1", "AIN-JOB-CANONICAL.1", "AIN-JOB-ID.1", "AIN-JOB-FORMAT.1"),
    ),
    Handler(
        "jobs",
        "chain",
        run_chain,
        call="as platform/apply_blocks, then read the records of input.agents and discover "
        "every live agent from the state",
        compare="platform/apply_blocks's output, output.records (typed JSON, null when "
        "absent) and output.discovered (addresses, or the rejection code)",
        clauses=("AIN-JOB-CHAIN-REGISTER.1",),
    ),
    Handler(
        "jobs",
        "check",
        run_check,
        call="check input.text and list every diagnostic",
        compare="output.valid, output.job_id and output.diagnostics (code, line, column)",
        clauses=("AIN-JOB-DIAGNOSTICS.1", "AIN-JOB-RESYNC.1"),
    ),
    Handler(
        "jobs",
        "registry",
        run_registry,
        call="apply input.operations to an empty agent registry",
        compare="output.outcomes and output.records",
        clauses=("AIN-JOB-REGISTER.1", "AIN-JOB-UPDATE.1", "AIN-JOB-RETIRE.1"),
    ),
    Handler(
        "jobs",
        "discover",
        run_discover,
        call="apply input.operations, then answer input.query",
        compare="output.agents and output.next_start, or the rejection code",
        clauses=("AIN-JOB-DISCOVERY.1",),
    ),
    Handler(
        "jobs",
        "match",
        run_match,
        call="match the job input.spec against input.offers, keeping input.limit",
        compare="output.matches (offer ids and scores in rank order), or the rejection code",
        clauses=("AIN-JOB-ELIGIBLE.1", "AIN-JOB-RANK.1", "AIN-JOB-MATCH.1"),
    ),
)
"""The jobs area's handlers, in handler order."""
