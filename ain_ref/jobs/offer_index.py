"""
An index of offers, so that matching a job looks at the offers that could fit, not all of them.

Offers are grouped by (TEE kind, region, GPU vendor), and within a group sorted by CPU. A job
names the groups it can use (from its placement requirements, attestation TEE and GPU vendor)
and, in each, the offers with enough CPU; only those are checked with ``is_eligible``. The
result equals ``match_plain`` on every input (property-tested).

Spec: spec/jobs.md, "Matching" ([AIN-JOB-MATCH.1]).
Layer: jobs. Imports jobs.model, jobs.offers, jobs.matching.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections.abc import Iterable, Iterator

import attrs

from ain_ref.jobs import model
from ain_ref.jobs.matching import Match, is_eligible, ranked, score
from ain_ref.jobs.offers import Offer

GroupKey = tuple[str, str, str]  # TEE kind, region, GPU vendor ("" for none)


@attrs.frozen
class Group:
    """
    The offers of one group, in three orders.

    By CPU ascending (with their CPU amounts), and in ranking order by ask per request and by
    ask per work unit (ask, then offer id).
    """

    cpu_amounts: tuple[int, ...]
    offers: tuple[Offer, ...]
    by_request_ask: tuple[tuple[int, str, Offer], ...]
    by_work_unit_ask: tuple[tuple[int, str, Offer], ...]


@attrs.frozen
class OfferIndex:
    """Offers grouped by (TEE kind, region, GPU vendor), each group sorted by CPU."""

    groups: dict[GroupKey, Group]
    tees: tuple[str, ...]
    regions: tuple[str, ...]
    vendors: tuple[str, ...]

    @classmethod
    def build(cls, offers: Iterable[Offer]) -> OfferIndex:
        """Index offers (their ids distinct)."""
        grouped: dict[GroupKey, list[Offer]] = {}
        for offer in offers:
            grouped.setdefault((offer.tee, offer.region, offer.gpu_vendor), []).append(offer)
        groups = {}
        for key, members in grouped.items():
            members.sort(key=lambda offer: (offer.cpu_millicores, offer.offer_id))
            groups[key] = Group(
                tuple(o.cpu_millicores for o in members),
                tuple(members),
                tuple(sorted((o.ask_per_request, o.offer_id, o) for o in members)),
                tuple(sorted((o.ask_per_work_unit, o.offer_id, o) for o in members)),
            )
        return cls(
            groups,
            tuple(sorted({key[0] for key in groups})),
            tuple(sorted({key[1] for key in groups})),
            tuple(sorted({key[2] for key in groups})),
        )

    def admissible(
        self, spec: model.JobSpec, attribute: str, present: tuple[str, ...]
    ) -> tuple[str, ...]:
        """The values of a group attribute a job's requirements admit, among those present."""
        admitted = present
        for condition in spec.placement.requirements:
            if isinstance(condition, model.AttributeIn) and condition.attribute == attribute:
                admitted = tuple(value for value in admitted if value in condition.values)
        return admitted

    def job_groups(self, spec: model.JobSpec) -> Iterator[Group]:
        """The groups whose TEE kind, region and GPU vendor the job admits."""
        tees = self.admissible(spec, "tee", self.tees)
        if spec.attestation.tee != "none":
            tees = tuple(tee for tee in tees if tee == spec.attestation.tee)
        regions = self.admissible(spec, "region", self.regions)
        gpu = spec.resources.gpu
        vendors = self.vendors if gpu is None else (gpu.vendor,)
        for key in itertools.product(tees, regions, vendors):
            group = self.groups.get(key)
            if group is not None:
                yield group

    def candidates(self, spec: model.JobSpec) -> Iterator[Offer]:
        """The offers of the job's groups that have at least the job's CPU."""
        for group in self.job_groups(spec):
            start = bisect.bisect_left(group.cpu_amounts, spec.resources.cpu_millicores)
            yield from group.offers[start:]

    def match(self, spec: model.JobSpec, limit: int) -> tuple[Match, ...]:
        """
        The job's matches, equal to ``match_plain`` over the indexed offers.

        When every preference tests region or TEE kind, an offer's score is its group's, so
        the groups' offers are merged in ranking order and the walk stops at the ``limit``-th
        eligible offer; otherwise every candidate is scored.

        References
        ----------
        [AIN-JOB-MATCH.1]
        """
        if all(
            model.condition_attribute(preference.condition) in ("region", "tee")
            for preference in spec.placement.preferences
        ):
            return self.match_in_rank_order(spec, limit)
        return ranked(spec, self.candidates(spec), limit)

    def match_in_rank_order(self, spec: model.JobSpec, limit: int) -> tuple[Match, ...]:
        """Walk the job's groups merged in ranking order; stop at ``limit`` eligible offers."""
        streams = [
            ranked_stream(group, score(spec, group.offers[0]), spec.price.unit)
            for group in self.job_groups(spec)
        ]
        found: list[Match] = []
        for negative_score, _, _, offer in heapq.merge(*streams):
            if len(found) == limit:
                break
            if is_eligible(spec, offer):
                found.append(Match(offer, -negative_score))
        return tuple(found)


def ranked_stream(
    group: Group, group_score: int, unit: str
) -> Iterator[tuple[int, int, str, Offer]]:
    """A group's offers as ranking keys (negated score, ask, offer id) with the offer."""
    ordered = group.by_request_ask if unit == "request" else group.by_work_unit_ask
    for ask, offer_id, offer in ordered:
        yield -group_score, ask, offer_id, offer
