"""
Matching requests: a job, its offers and a limit, checked before anything is matched.

Spec: spec/jobs.md, "Matching" ([AIN-JOB-OFFER.1], [AIN-JOB-MATCH.1]).
Layer: jobs. Imports errors, jobs.offers, jobs.matching, jobs.offer_index.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs import model
from ain_ref.jobs.matching import MAX_MATCHES, Match
from ain_ref.jobs.offer_index import OfferIndex
from ain_ref.jobs.offers import Offer, offer_from_fields


def checked_offers(offer_fields: Sequence[Mapping[str, object]]) -> tuple[Offer, ...] | Rejection:
    """
    Offers from their fields, in the order given; the first bad or repeated one refuses all.

    References
    ----------
    [AIN-JOB-OFFER.1] Each offer is checked in list order; an offer id already seen is
    MATCHING_DUPLICATE_OFFER.
    """
    offers: list[Offer] = []
    seen: set[str] = set()
    for fields in offer_fields:
        offer = offer_from_fields(fields)
        if isinstance(offer, Rejection):
            return offer
        if offer.offer_id in seen:
            return Rejection(ErrorCode.MATCHING_DUPLICATE_OFFER, offer.offer_id)
        seen.add(offer.offer_id)
        offers.append(offer)
    return tuple(offers)


def match_request(
    spec: model.JobSpec, offer_fields: Sequence[Mapping[str, object]], limit: object
) -> tuple[Match, ...] | Rejection:
    """
    Check a request, then match the job through the offer index.

    References
    ----------
    [AIN-JOB-MATCH.1] Checks, in order: the limit is an integer (a JSON number without
    fraction; not a boolean or a text) in 1..MAX_MATCHES (MATCHING_BAD_LIMIT); the offers
    ([AIN-JOB-OFFER.1]). Then the first ``limit`` eligible offers by rank.
    """
    if type(limit) is not int or not 1 <= limit <= MAX_MATCHES:
        return Rejection(ErrorCode.MATCHING_BAD_LIMIT, f"limit {limit}")
    offers = checked_offers(offer_fields)
    if isinstance(offers, Rejection):
        return offers
    return OfferIndex.build(offers).match(spec, limit)
