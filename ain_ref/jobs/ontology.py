"""
The capability ontology: the versioned list of terms an agent's capabilities are named in.

A version's terms never change; a new term or a renamed one makes a new version, and a record
keeps the version it was registered under.

Spec: spec/jobs.md, "Capability ontology" ([AIN-JOB-ONTOLOGY.1]).
Layer: jobs. Imports errors.
"""

from __future__ import annotations

from typing import Final

from ain_ref.errors import ErrorCode, Rejection

ONTOLOGY: Final[dict[int, frozenset[str]]] = {
    1: frozenset(
        {
            "classification",
            "code-generation",
            "data-processing",
            "embedding",
            "image-generation",
            "image-understanding",
            "retrieval",
            "speech-to-text",
            "summarization",
            "text-generation",
            "text-to-speech",
            "translation",
        }
    ),
}
"""Each ontology version's terms [AIN-JOB-ONTOLOGY.1]."""
MAX_CAPABILITIES: Final = 8
"""The most capabilities one agent names [AIN-JOB-ONTOLOGY.1]."""


def checked_capabilities(version: int, terms: list[str]) -> tuple[str, ...] | Rejection:
    """
    An agent's capabilities, sorted, or the first problem with them.

    Parameters
    ----------
    version : int
        The ontology version the terms are from.
    terms : list[str]
        The terms, in any order.

    Returns
    -------
    tuple[str, ...] | Rejection
        The terms in code-point order.

    References
    ----------
    [AIN-JOB-ONTOLOGY.1] Checks, in order: the version is known (REGISTRY_ONTOLOGY_VERSION);
    1..MAX_CAPABILITIES terms, none twice (REGISTRY_CAPABILITY_COUNT); each term is in the
    version (REGISTRY_UNKNOWN_CAPABILITY, the first in the order given).
    """
    known = ONTOLOGY.get(version)
    if known is None:
        return Rejection(ErrorCode.REGISTRY_ONTOLOGY_VERSION, f"version {version}")
    if not 1 <= len(terms) <= MAX_CAPABILITIES or len(set(terms)) != len(terms):
        return Rejection(ErrorCode.REGISTRY_CAPABILITY_COUNT, f"{len(terms)} terms")
    for term in terms:
        if term not in known:
            return Rejection(ErrorCode.REGISTRY_UNKNOWN_CAPABILITY, term)
    return tuple(sorted(terms))
