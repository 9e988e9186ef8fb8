"""
The agent registry: register, update and retire agents, as pure functions over its state.

The registry's state maps agent addresses (public keys) to records. On chain these functions
are what the registry's native functions call; here they take and return the state itself.

Spec: spec/jobs.md, "Agent registry" ([AIN-JOB-REGISTER.1], [AIN-JOB-UPDATE.1],
[AIN-JOB-RETIRE.1]).
Layer: jobs. Imports errors, jobs.model, jobs.ontology.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs import model
from ain_ref.jobs.ontology import checked_capabilities


@attrs.frozen
class AgentRecord:
    """
    One registered agent.

    ``sequence`` is the registry's count of registrations when this one was made (0, 1, ...):
    the order discovery's ``registered`` sort uses.
    """

    agent: bytes
    developer: bytes
    spec: model.JobSpec
    job_id: bytes
    ontology_version: int
    capabilities: tuple[str, ...]
    sequence: int
    retired: bool = False


@attrs.frozen
class Registry:
    """The registry's state: records by agent public key, and the registrations made so far."""

    records: Mapping[bytes, AgentRecord] = attrs.field(factory=dict)
    registrations: int = 0

    def with_record(self, record: AgentRecord, registrations: int) -> Registry:
        """A new state with ``record`` stored (the old state is unchanged)."""
        records = dict(self.records)
        records[record.agent] = record
        return Registry(records, registrations)


@attrs.frozen
class Registration:
    """What a developer states when registering or updating an agent."""

    spec: model.JobSpec
    job_id: bytes
    ontology_version: int
    capabilities: list[str]


@attrs.frozen
class Standing:
    """
    What the checks of update and retire read of a record.

    Its developer, its agent, and whether it is retired. The in-memory registry keys them
    by public key, the on-chain one by address text; the checks only compare them.
    """

    developer: object
    agent: object
    retired: bool


def register_problem(
    sender: object, developer: object, taken: bool, label: str
) -> Rejection | None:
    """
    The first failing identity check of a registration, or None.

    References
    ----------
    [AIN-JOB-REGISTER.1] The sender is the developer (REGISTRY_NOT_DEVELOPER); the agent was
    never registered (REGISTRY_AGENT_EXISTS).
    """
    if sender != developer:
        return Rejection(ErrorCode.REGISTRY_NOT_DEVELOPER, "the sender must be the developer")
    if taken:
        return Rejection(ErrorCode.REGISTRY_AGENT_EXISTS, label)
    return None


def live_problem(standing: Standing | None, label: str) -> Rejection | None:
    """Why a record is not live: unknown or retired [AIN-JOB-UPDATE.1]; None when live."""
    if standing is None:
        return Rejection(ErrorCode.REGISTRY_UNKNOWN_AGENT, label)
    if standing.retired:
        return Rejection(ErrorCode.REGISTRY_AGENT_RETIRED, label)
    return None


def update_problem(standing: Standing | None, sender: object, label: str) -> Rejection | None:
    """
    The first failing identity check of an update, or None.

    References
    ----------
    [AIN-JOB-UPDATE.1] Registered, not retired, the sender is its developer.
    """
    problem = live_problem(standing, label)
    if problem is not None or standing is None:
        return problem
    if sender != standing.developer:
        return Rejection(ErrorCode.REGISTRY_NOT_DEVELOPER, "only the developer may update")
    return None


def retire_problem(standing: Standing | None, sender: object, label: str) -> Rejection | None:
    """
    The first failing check of a retirement, or None.

    References
    ----------
    [AIN-JOB-RETIRE.1] Registered, not retired, the sender is its developer or the agent.
    """
    problem = live_problem(standing, label)
    if problem is not None or standing is None:
        return problem
    if sender != standing.developer and sender != standing.agent:
        return Rejection(ErrorCode.REGISTRY_NOT_DEVELOPER, "only the developer or the agent")
    return None


def standing_of(record: AgentRecord | None) -> Standing | None:
    """The standing of an in-memory record."""
    return None if record is None else Standing(record.developer, record.agent, record.retired)


def register_agent(
    registry: Registry, sender: bytes, developer: bytes, registration: Registration
) -> Registry | Rejection:
    """
    Register an agent under its developer.

    Parameters
    ----------
    registry : Registry
        The state before.
    sender : bytes
        The public key that signed the operation.
    developer : bytes
        The developer the record names.
    registration : Registration
        The agent's job specification (whose ``agent`` is the agent's address), id and
        capabilities.

    Returns
    -------
    Registry | Rejection
        The state after, or the first check that fails (the state is then unchanged).

    References
    ----------
    [AIN-JOB-REGISTER.1] Checks, in order: the sender is the developer
    (REGISTRY_NOT_DEVELOPER); the agent was never registered, retired or not
    (REGISTRY_AGENT_EXISTS); the capabilities ([AIN-JOB-ONTOLOGY.1]).
    """
    agent = registration.spec.agent
    problem = register_problem(sender, developer, agent in registry.records, agent.hex())
    if problem is not None:
        return problem
    capabilities = checked_capabilities(registration.ontology_version, registration.capabilities)
    if isinstance(capabilities, Rejection):
        return capabilities
    record = AgentRecord(
        agent=agent,
        developer=developer,
        spec=registration.spec,
        job_id=registration.job_id,
        ontology_version=registration.ontology_version,
        capabilities=capabilities,
        sequence=registry.registrations,
    )
    return registry.with_record(record, registry.registrations + 1)


def update_agent(
    registry: Registry, sender: bytes, registration: Registration
) -> Registry | Rejection:
    """
    Replace a live agent's job specification and capabilities.

    References
    ----------
    [AIN-JOB-UPDATE.1] Checks, in order: the agent is registered (REGISTRY_UNKNOWN_AGENT) and
    not retired (REGISTRY_AGENT_RETIRED); the sender is its developer
    (REGISTRY_NOT_DEVELOPER); the capabilities ([AIN-JOB-ONTOLOGY.1]). Developer and
    sequence are kept.
    """
    agent = registration.spec.agent
    record = registry.records.get(agent)
    problem = update_problem(standing_of(record), sender, agent.hex())
    if problem is not None or record is None:
        return problem or Rejection(ErrorCode.REGISTRY_UNKNOWN_AGENT, agent.hex())
    capabilities = checked_capabilities(registration.ontology_version, registration.capabilities)
    if isinstance(capabilities, Rejection):
        return capabilities
    updated = attrs.evolve(
        record,
        spec=registration.spec,
        job_id=registration.job_id,
        ontology_version=registration.ontology_version,
        capabilities=capabilities,
    )
    return registry.with_record(updated, registry.registrations)


def retire_agent(registry: Registry, sender: bytes, agent: bytes) -> Registry | Rejection:
    """
    Retire an agent: it stays in the registry, is never discovered, and cannot come back.

    References
    ----------
    [AIN-JOB-RETIRE.1] Checks, in order: the agent is registered and not retired (as for
    update); the sender is its developer or the agent itself (REGISTRY_NOT_DEVELOPER).
    """
    record = registry.records.get(agent)
    problem = retire_problem(standing_of(record), sender, agent.hex())
    if problem is not None or record is None:
        return problem or Rejection(ErrorCode.REGISTRY_UNKNOWN_AGENT, agent.hex())
    return registry.with_record(attrs.evolve(record, retired=True), registry.registrations)
