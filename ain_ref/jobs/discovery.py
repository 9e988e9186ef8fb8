"""
Discovery: find live agents by capability and requirements; filter, then sort, then page.

Spec: spec/jobs.md, "Discovery" ([AIN-JOB-DISCOVERY.1]).
Layer: jobs. Imports encoding (U64_MAX), errors, jobs.registry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import attrs

from ain_ref.encoding import U64_MAX
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.registry import AgentRecord, Registry

MAX_PAGE: Final = 100
"""The most records one page returns [AIN-JOB-DISCOVERY.1]."""
"""The largest ``max_rate`` or ``max_memory_bytes`` a query may name [AIN-JOB-DISCOVERY.1]."""
SORTS: Final[dict[str, Callable[[AgentRecord], tuple[int | bytes, ...]]]] = {
    "agent": lambda record: (record.agent,),
    "registered": lambda record: (record.sequence,),
    "rate": lambda record: (record.spec.price.rate, record.agent),
    "memory": lambda record: (record.spec.resources.memory_bytes, record.agent),
}
"""The sorts a query may name, each a total order on records [AIN-JOB-DISCOVERY.1]."""


@attrs.frozen
class Query:
    """What a discovery asks for; empty tuples and zero maxima filter nothing."""

    capabilities: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    determinism: tuple[str, ...] = ()
    max_rate: int = 0
    max_memory_bytes: int = 0
    gpu: str = "any"  # any, required or none
    sort: str = "agent"
    start: int = 0
    limit: int = 20


@attrs.frozen
class Page:
    """One page of results and where the next page starts (None after the last)."""

    records: tuple[AgentRecord, ...]
    next_start: int | None


def is_match(record: AgentRecord, query: Query) -> bool:
    """
    Whether a record passes every filter of a query.

    References
    ----------
    [AIN-JOB-DISCOVERY.1] Live records only; every queried capability present; language and
    determinism class among those listed (if any); rate and memory at most the maxima (if
    non-zero); gpu required or none as asked.
    """
    spec = record.spec
    has_gpu = spec.resources.gpu is not None
    return (
        not record.retired
        and all(term in record.capabilities for term in query.capabilities)
        and (not query.languages or spec.runtime.language in query.languages)
        and (not query.determinism or spec.attestation.determinism in query.determinism)
        and (not query.max_rate or spec.price.rate <= query.max_rate)
        and (not query.max_memory_bytes or spec.resources.memory_bytes <= query.max_memory_bytes)
        and (query.gpu == "any" or has_gpu == (query.gpu == "required"))
    )


def discover(registry: Registry, query: Query) -> Page | Rejection:
    """
    Filter the registry's records, sort them, and return one page.

    Returns
    -------
    Page | Rejection
        The page, or DISCOVERY_BAD_QUERY for an unknown sort or gpu word, a negative start,
        a limit outside 1..MAX_PAGE, or a maximum outside 0..2**64-1.

    References
    ----------
    [AIN-JOB-DISCOVERY.1] Filter, then sort by the named order, then take ``limit`` records
    from position ``start``; ``next_start`` is start + limit when records remain.
    """
    sort_key = SORTS.get(query.sort)
    if sort_key is None or query.gpu not in ("any", "required", "none"):
        return Rejection(ErrorCode.DISCOVERY_BAD_QUERY, f"sort {query.sort!r}, gpu {query.gpu!r}")
    if query.start < 0 or not 1 <= query.limit <= MAX_PAGE:
        return Rejection(ErrorCode.DISCOVERY_BAD_QUERY, f"start {query.start}, limit {query.limit}")
    if not (0 <= query.max_rate <= U64_MAX and 0 <= query.max_memory_bytes <= U64_MAX):
        return Rejection(ErrorCode.DISCOVERY_BAD_QUERY, "max_rate and max_memory_bytes: 0..2**64-1")
    matching = sorted(
        (record for record in registry.records.values() if is_match(record, query)), key=sort_key
    )
    end = query.start + query.limit
    return Page(tuple(matching[query.start : end]), end if end < len(matching) else None)
