"""
The agent registry on chain: three native functions, their state layout and genesis entries.

A developer registers an agent by writing a request at ``/jobs/register/$developer/$agent/
$key/value``; the developer updates it at ``/jobs/update/$agent/$key/value``; the developer or
the agent retires it at ``/jobs/retire/$agent/$key/value``. Each request fires one native,
declared at that one pattern, which checks the request and writes the agent's record at
``/jobs/agents/$agent`` (and, on registering, the count at ``/jobs/registrations``): the only
natives the genesis lets write there. A record holds the specification as its canonical
encoding and its job id, so discovery reads the model back with ``spec_from_canonical``.

Spec: spec/jobs.md, "On-chain registry" ([AIN-JOB-CHAIN-LAYOUT.1], [AIN-JOB-CHAIN-REQUEST.1],
[AIN-JOB-CHAIN-REGISTER.1], [AIN-JOB-CHAIN-UPDATE.1], [AIN-JOB-CHAIN-RETIRE.1],
[AIN-JOB-CHAIN-DECODE.1]).
Layer: jobs. Imports crypto, encoding, errors, the platform's registration modules, state's
native types and the jobs modules; never chain or consensus.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

import attrs

from ain_ref import crypto
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs import registry
from ain_ref.jobs.canonical import job_id_of
from ain_ref.jobs.ontology import checked_capabilities
from ain_ref.platform.area import Area, AreaGenesis
from ain_ref.platform.params import INTEGER, ParameterDefinition, read_parameter
from ain_ref.state.natives import FunctionCall, NativeDefinition

if TYPE_CHECKING:
    from ain_ref.jobs.jobspec import CheckedSpec

REGISTER_ID: Final = "_jobsRegister"
UPDATE_ID: Final = "_jobsUpdate"
RETIRE_ID: Final = "_jobsRetire"
REGISTER_PATTERN: Final = "/jobs/register/$developer/$agent/$key/value"
UPDATE_PATTERN: Final = "/jobs/update/$agent/$key/value"
RETIRE_PATTERN: Final = "/jobs/retire/$agent/$key/value"
RECORD_PATTERN: Final = "/jobs/agents/$agent"
AGENTS_PATH: Final = "/jobs/agents"
REGISTRATIONS_PATH: Final = "/jobs/registrations"
MAX_SPEC_BYTES: Final = "jobs/max_spec_bytes"
REQUEST_KEYS: Final = frozenset({"spec", "ontology_version", "capabilities"})

Reader = Callable[[str], CborValue]


def record_path(agent_text: str) -> str:
    """Where an agent's record lives, as a /values path text [AIN-JOB-CHAIN-LAYOUT.1]."""
    return f"{AGENTS_PATH}/{agent_text}"


@attrs.frozen
class Request:
    """A register or update request, its shape checked [AIN-JOB-CHAIN-REQUEST.1]."""

    spec: str
    ontology_version: int
    capabilities: list[str]


def read_request(value: CborValue) -> Request | Rejection:
    """
    A register or update request's value, or REGISTRY_REQUEST_INVALID.

    References
    ----------
    [AIN-JOB-CHAIN-REQUEST.1] A map of exactly ``spec`` (a text), ``ontology_version`` (an
    integer) and ``capabilities`` (a map whose every entry is ``true``).
    """
    if not isinstance(value, dict) or set(value) != REQUEST_KEYS:
        return Rejection(
            ErrorCode.REGISTRY_REQUEST_INVALID, "keys: spec, ontology_version, capabilities"
        )
    spec, version, capabilities = value["spec"], value["ontology_version"], value["capabilities"]
    if not isinstance(spec, str) or type(version) is not int:
        return Rejection(
            ErrorCode.REGISTRY_REQUEST_INVALID, "spec: a text; ontology_version: an integer"
        )
    if not isinstance(capabilities, dict) or any(
        entry is not True for entry in capabilities.values()
    ):
        return Rejection(ErrorCode.REGISTRY_REQUEST_INVALID, "capabilities: a map of true")
    return Request(spec, version, sorted(capabilities))


def checked_request(call: FunctionCall, request: Request) -> CheckedSpec | Rejection:
    """
    The request's specification, checked, naming the agent of the request's path.

    References
    ----------
    [AIN-JOB-CHAIN-REGISTER.1] At most ``jobs/max_spec_bytes`` bytes of UTF-8
    (REGISTRY_SPEC_TOO_LARGE); a valid specification (REGISTRY_SPEC_INVALID, naming its first
    diagnostic); whose agent is the path's ``$agent`` (REGISTRY_AGENT_MISMATCH).
    """
    from ain_ref.jobs.jobspec import check_text  # here: keeps lark out of `import ain_ref`

    size = len(request.spec.encode("utf-8"))
    limit = read_parameter(call.read, MAX_SPEC_BYTES)
    if size > limit:
        return Rejection(ErrorCode.REGISTRY_SPEC_TOO_LARGE, f"{size} > {limit} bytes")
    checked = check_text(request.spec)
    if isinstance(checked, tuple):  # its diagnostics
        first = checked[0]
        return Rejection(
            ErrorCode.REGISTRY_SPEC_INVALID, f"{first.code} at {first.line}:{first.column}"
        )
    if crypto.format_address(checked.spec.agent) != call.params["agent"]:
        return Rejection(ErrorCode.REGISTRY_AGENT_MISMATCH, "the spec names another agent")
    return checked


def record_value(
    developer: str, checked: CheckedSpec, version: int, capabilities: tuple[str, ...], sequence: int
) -> dict[str, CborValue]:
    """A live record as stored [AIN-JOB-CHAIN-LAYOUT.1]."""
    return {
        "developer": developer,
        "spec": checked.canonical,
        "job_id": checked.job_id,
        "ontology_version": version,
        "capabilities": {term: True for term in capabilities},
        "sequence": sequence,
        "retired": False,
    }


def standing_at(read: Reader, agent_text: str) -> registry.Standing | None:
    """The standing of the record at ``$agent``, or None when there is none."""
    record = read(record_path(agent_text))
    if not isinstance(record, dict):
        return None
    return registry.Standing(record.get("developer"), agent_text, record.get("retired") is True)


def register(call: FunctionCall) -> Rejection | None:
    """
    Register an agent from a request at REGISTER_PATTERN.

    References
    ----------
    [AIN-JOB-CHAIN-REGISTER.1] The request ([AIN-JOB-CHAIN-REQUEST.1]); the signer is
    ``$developer`` and ``$agent`` has no record ([AIN-JOB-REGISTER.1]); the specification; the
    capabilities ([AIN-JOB-ONTOLOGY.1]); then the record, with ``sequence`` the count before,
    and the count plus one.
    """
    request = read_request(call.value)
    if isinstance(request, Rejection):
        return request
    agent, developer = call.params["agent"], call.params["developer"]
    taken = standing_at(call.read, agent) is not None
    problem = registry.register_problem(call.signer, developer, taken, agent)
    if problem is not None:
        return problem
    checked = checked_request(call, request)
    if isinstance(checked, Rejection):
        return checked
    capabilities = checked_capabilities(request.ontology_version, request.capabilities)
    if isinstance(capabilities, Rejection):
        return capabilities
    count = call.read(REGISTRATIONS_PATH)
    sequence = count if type(count) is int else 0
    record = record_value(developer, checked, request.ontology_version, capabilities, sequence)
    written = call.write({"type": "SET_VALUE", "ref": record_path(agent), "value": record})
    if written is not None:
        return written
    return call.write({"type": "SET_VALUE", "ref": REGISTRATIONS_PATH, "value": sequence + 1})


def update(call: FunctionCall) -> Rejection | None:
    """
    Replace a live agent's specification and capabilities from a request at UPDATE_PATTERN.

    References
    ----------
    [AIN-JOB-CHAIN-UPDATE.1] The request; registered, not retired, the signer its developer
    ([AIN-JOB-UPDATE.1]); the specification; the capabilities; developer and sequence kept.
    """
    request = read_request(call.value)
    if isinstance(request, Rejection):
        return request
    agent = call.params["agent"]
    problem = registry.update_problem(standing_at(call.read, agent), call.signer, agent)
    if problem is not None:
        return problem
    checked = checked_request(call, request)
    if isinstance(checked, Rejection):
        return checked
    capabilities = checked_capabilities(request.ontology_version, request.capabilities)
    if isinstance(capabilities, Rejection):
        return capabilities
    old = call.read(record_path(agent))
    assert isinstance(old, dict)  # live, so a record the natives wrote
    developer, sequence = old["developer"], old["sequence"]
    assert isinstance(developer, str) and type(sequence) is int
    record = record_value(developer, checked, request.ontology_version, capabilities, sequence)
    return call.write({"type": "SET_VALUE", "ref": record_path(agent), "value": record})


def retire(call: FunctionCall) -> Rejection | None:
    """
    Retire an agent from a request at RETIRE_PATTERN.

    References
    ----------
    [AIN-JOB-CHAIN-RETIRE.1] The value is ``true`` (REGISTRY_REQUEST_INVALID); registered, not
    retired, the signer its developer or the agent ([AIN-JOB-RETIRE.1]); then ``retired``
    becomes true, the rest of the record kept.
    """
    if call.value is not True:
        return Rejection(ErrorCode.REGISTRY_REQUEST_INVALID, "a retirement's value is true")
    agent = call.params["agent"]
    problem = registry.retire_problem(standing_at(call.read, agent), call.signer, agent)
    if problem is not None:
        return problem
    old = call.read(record_path(agent))
    assert isinstance(old, dict)  # live, so a record the natives wrote
    record = {**old, "retired": True}
    return call.write({"type": "SET_VALUE", "ref": record_path(agent), "value": record})


def registry_from_state(read: Reader) -> registry.Registry | Rejection:
    """
    The in-memory registry of the records in chain state, for discovery.

    References
    ----------
    [AIN-JOB-CHAIN-DECODE.1] Each record's agent and developer are addresses, its spec the
    canonical encoding of a specification; anything else is REGISTRY_RECORD_INVALID.
    """
    stored = read(AGENTS_PATH)
    count = read(REGISTRATIONS_PATH)
    records: dict[bytes, registry.AgentRecord] = {}
    for agent_text, value in sorted(stored.items()) if isinstance(stored, dict) else ():
        record = record_of(agent_text, value)
        if isinstance(record, Rejection):
            return record
        records[record.agent] = record
    return registry.Registry(records, count if type(count) is int else 0)


def record_of(agent_text: str, value: CborValue) -> registry.AgentRecord | Rejection:
    """One stored record read back [AIN-JOB-CHAIN-DECODE.1]."""
    invalid = Rejection(ErrorCode.REGISTRY_RECORD_INVALID, agent_text)
    if not isinstance(value, dict):
        return invalid
    agent, developer = crypto.parse_address(agent_text), value.get("developer")
    developer_address = crypto.parse_address(developer) if isinstance(developer, str) else invalid
    spec_bytes, capabilities = value.get("spec"), value.get("capabilities")
    if isinstance(agent, Rejection) or isinstance(developer_address, Rejection):
        return invalid
    if not isinstance(spec_bytes, bytes) or not isinstance(capabilities, dict):
        return invalid
    from ain_ref.jobs.decoding import spec_from_canonical  # here: as in checked_request

    spec = spec_from_canonical(spec_bytes)
    if isinstance(spec, Rejection):
        return spec
    if job_id_of(spec_bytes) != value.get("job_id"):
        return invalid
    version = value.get("ontology_version")
    terms = checked_capabilities(version, sorted(capabilities)) if type(version) is int else invalid
    if isinstance(terms, Rejection):
        return invalid
    job_id, sequence = value.get("job_id"), value.get("sequence")
    if not isinstance(job_id, bytes) or type(version) is not int or type(sequence) is not int:
        return invalid
    return registry.AgentRecord(
        agent=agent.public_key,
        developer=developer_address.public_key,
        spec=spec,
        job_id=job_id,
        ontology_version=version,
        capabilities=terms,
        sequence=sequence,
        retired=value.get("retired") is True,
    )


REGISTER: Final = NativeDefinition(
    REGISTER_ID, register, patterns=(REGISTER_PATTERN,), parties=("developer", "agent")
)
UPDATE: Final = NativeDefinition(UPDATE_ID, update, patterns=(UPDATE_PATTERN,), parties=("agent",))
RETIRE: Final = NativeDefinition(RETIRE_ID, retire, patterns=(RETIRE_PATTERN,), parties=("agent",))
"""[AIN-PLAT-NATIVE-DECLARE.1] Each native is configurable only at its one request pattern."""

REQUEST_RULE: Final = {"write": "data === null"}
"""A request path is written once; the native checks who may [AIN-JOB-CHAIN-REQUEST.1]."""

JOBS_AREA: Final = Area(
    name="jobs",
    natives=(REGISTER, UPDATE, RETIRE),
    parameters=(
        ParameterDefinition("jobs", "max_spec_bytes", INTEGER, 16_384, 1, 65_536, "bytes"),
    ),
    genesis=AreaGenesis(
        rules={
            REGISTER_PATTERN: REQUEST_RULE,
            UPDATE_PATTERN: REQUEST_RULE,
            RETIRE_PATTERN: REQUEST_RULE,
        },
        writers={
            RECORD_PATTERN: (REGISTER_ID, RETIRE_ID, UPDATE_ID),
            REGISTRATIONS_PATH: (REGISTER_ID,),
        },
    ),
)
"""What the jobs area registers with the platform (ain_ref.platform.areas lists it)."""
