"""
Two-sided matching: which offers may run a job (both sides' hard constraints hold), ranked.

Evaluation is total: every function here returns for every valid job and offer, and the only
search is a filter over a bounded candidate list (no backtracking: an offer is one machine, and a
multi-device requirement is a count on that machine).

Spec: spec/jobs.md, "Matching" ([AIN-JOB-ELIGIBLE.1], [AIN-JOB-RANK.1], [AIN-JOB-MATCH.1]).
Layer: jobs. Imports jobs.model, jobs.offers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import attrs

from ain_ref.jobs import model
from ain_ref.jobs.offers import Offer

MAX_MATCHES: Final = 100
"""The most offers one match returns [AIN-JOB-MATCH.1]."""


def holds(condition: model.Condition, offer: Offer) -> bool:
    """Whether a placement condition holds for an offer [AIN-JOB-ELIGIBLE.1]."""
    if isinstance(condition, model.StakeAtLeast):
        return offer.stake >= condition.minimum
    attribute_value = {"region": offer.region, "tee": offer.tee, "provider": offer.provider}
    return attribute_value[condition.attribute] in condition.values


def fits_resources(resources: model.Resources, offer: Offer) -> bool:
    """
    Whether the machine has the job's resources, GPUs on this one machine.

    References
    ----------
    [AIN-JOB-ELIGIBLE.1] Each quantity at most the offer's; a GPU job needs the vendor, the
    model if stated, at least the per-device memory, and at least ``count`` devices.
    """
    gpu = resources.gpu
    return (
        resources.cpu_millicores <= offer.cpu_millicores
        and resources.memory_bytes <= offer.memory_bytes
        and resources.storage_bytes <= offer.storage_bytes
        and resources.network_bits_per_second <= offer.network_bits_per_second
        and (
            gpu is None
            or (
                gpu.vendor == offer.gpu_vendor
                and (gpu.model is None or gpu.model == offer.gpu_model)
                and gpu.memory_bytes <= offer.gpu_memory_bytes
                and gpu.count <= offer.gpu_count
            )
        )
    )


def ask_for(spec: model.JobSpec, offer: Offer) -> int:
    """The offer's ask in the job's price unit."""
    return offer.ask_per_request if spec.price.unit == "request" else offer.ask_per_work_unit


def is_eligible(spec: model.JobSpec, offer: Offer) -> bool:
    """
    Whether a job and an offer may be matched: both sides' hard constraints hold.

    References
    ----------
    [AIN-JOB-ELIGIBLE.1] The job's side: resources, every placement requirement, and the
    attestation's TEE kind (if not none) equal to the offer's. The offer's side: the job's
    language and determinism class among the offer's, its rate at least the offer's ask in
    the job's unit, its deadline at least the offer's minimum.
    """
    attestation = spec.attestation
    return (
        fits_resources(spec.resources, offer)
        and all(holds(condition, offer) for condition in spec.placement.requirements)
        and (attestation.tee == "none" or attestation.tee == offer.tee)
        and spec.runtime.language in offer.languages
        and attestation.determinism in offer.determinism
        and spec.price.rate >= ask_for(spec, offer)
        and spec.qos.deadline_ms >= offer.min_deadline_ms
    )


def score(spec: model.JobSpec, offer: Offer) -> int:
    """The sum of the weights of the job's preferences that hold [AIN-JOB-RANK.1]."""
    return sum(p.weight for p in spec.placement.preferences if holds(p.condition, offer))


@attrs.frozen
class Match:
    """An eligible offer and its score."""

    offer: Offer
    score: int


def rank_key(spec: model.JobSpec, match: Match) -> tuple[int, int, str]:
    """
    The ranking order: higher score, then lower ask, then offer id in code-point order.

    References
    ----------
    [AIN-JOB-RANK.1] The order is total (offer ids are distinct), so a ranking never depends
    on the order offers were listed.
    """
    return -match.score, ask_for(spec, match.offer), match.offer.offer_id


def ranked(spec: model.JobSpec, candidates: Iterable[Offer], limit: int) -> tuple[Match, ...]:
    """The first ``limit`` eligible candidates in ranking order [AIN-JOB-MATCH.1]."""
    matches = [Match(offer, score(spec, offer)) for offer in candidates if is_eligible(spec, offer)]
    matches.sort(key=lambda match: rank_key(spec, match))
    return tuple(matches[:limit])


def match_plain(spec: model.JobSpec, offers: Iterable[Offer], limit: int) -> tuple[Match, ...]:
    """
    Match a job against offers by checking every offer: the plain definition.

    References
    ----------
    [AIN-JOB-MATCH.1] The result is the first ``limit`` (1..MAX_MATCHES) eligible offers in
    ranking order.
    """
    return ranked(spec, offers, limit)
