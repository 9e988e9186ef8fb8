"""Fillers for jobs/match: two-sided eligibility, ranking, the limit and bad offers."""

from __future__ import annotations

from typing import Any

from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.jobs.common import PROVIDER_A, PROVIDER_B, minimal, offer

GPU_JOB = minimal(
    **{
        "memory 1 GiB": 'memory 1 GiB\n    gpu {\n        vendor nvidia\n        model "H100"\n'
        "        memory 80 GiB\n        count 4\n    }"
    }
)
GPU_OFFER = {
    "gpu_vendor": "nvidia",
    "gpu_model": "H100",
    "gpu_memory_bytes": str(80 * 2**30),
    "gpu_count": "4",
}
PLACED_JOB = minimal(
    **{
        "determinism exact": "determinism exact\n}\n\nplacement {\n"
        "    require region in [eu-north, eu-west]\n    require stake >= 1000\n"
        "    prefer region in [eu-north] weight 10\n    prefer stake >= 5000 weight 3"
    }
)


def matched(*pairs: tuple[str, int]) -> dict[str, Any]:
    """The match output for (offer id, score) pairs in rank order."""
    return {"matches": [{"offer_id": offer_id, "score": score} for offer_id, score in pairs]}


@clauses("AIN-JOB-ELIGIBLE.1", "AIN-JOB-RESOURCES.1")
def test_each_hard_constraint_excludes(fill: Filler) -> None:
    """
    An offer is eligible only when both sides' hard constraints hold; each one alone excludes.

    Given
    -----
    - the minimal job (1 cpu, 1 GiB, wasm, exact, rate 100 per request, deadline 10 s), and an
      offer that fits it changed in one field: too little cpu or memory, a language or
      determinism class it does not run, an ask above the rate, a minimum deadline above the
      job's; and the same boundaries taken exactly (equal amounts fit).

    When
    ----
    - the job is matched against the offer.

    Then
    ----
    - the changed offer is not matched; the one at the boundary is.
    """
    cases: dict[str, tuple[dict[str, Any], bool]] = {
        "fits": ({}, True),
        "cpu_short": ({"cpu_millicores": "999"}, False),
        "cpu_equal": ({"cpu_millicores": "1000"}, True),
        "memory_short": ({"memory_bytes": str(2**30 - 1)}, False),
        "language_not_run": ({"languages": ["python"]}, False),
        "determinism_not_run": ({"determinism": ["tolerance"]}, False),
        "ask_above_rate": ({"ask_per_request": "101"}, False),
        "ask_equal_rate": ({"ask_per_request": "100"}, True),
        "deadline_too_short_for_provider": ({"min_deadline_ms": "10001"}, False),
        "deadline_equal": ({"min_deadline_ms": "10000"}, True),
    }
    for case, (overrides, eligible) in cases.items():
        vector_input = {"spec": minimal(), "offers": [offer("m1", **overrides)], "limit": 10}
        output = matched(("m1", 0)) if eligible else matched()
        fill("jobs", "match", vector_input, output=output, case=case)


@clauses("AIN-JOB-ELIGIBLE.1", "AIN-JOB-RESOURCES.1")
def test_multi_device_gpu_requirement(fill: Filler) -> None:
    """
    Four GPUs of one model on one machine: vendor, model, per-device memory and count on one offer.

    Given
    -----
    - a job needing 4 nvidia H100 with 80 GiB each; offers with 4 such GPUs, with 3, with 8,
      with another model, with 40 GiB each, with another vendor.

    When
    ----
    - the job is matched.

    Then
    ----
    - only the offers with at least 4 H100 of at least 80 GiB match (never two machines
      together), ranked by ask then id.
    """
    offers = [
        offer("four", **GPU_OFFER),
        offer("three", **{**GPU_OFFER, "gpu_count": "3"}),
        offer("eight", **{**GPU_OFFER, "gpu_count": "8", "ask_per_request": "40"}),
        offer("a100", **{**GPU_OFFER, "gpu_model": "A100"}),
        offer("small-memory", **{**GPU_OFFER, "gpu_memory_bytes": str(40 * 2**30)}),
        offer("amd", **{**GPU_OFFER, "gpu_vendor": "amd"}),
        offer("no-gpu"),
    ]
    fill(
        "jobs",
        "match",
        {"spec": GPU_JOB, "offers": offers, "limit": 10},
        output=matched(("eight", 0), ("four", 0)),
    )


@clauses("AIN-JOB-ELIGIBLE.1", "AIN-JOB-RANK.1", "AIN-JOB-PLACEMENT.1")
def test_placement_and_ranking(fill: Filler) -> None:
    """
    Requirements filter; preferences add their weights; ties fall to the ask, then the id.

    Given
    -----
    - a job requiring region eu-north or eu-west and stake >= 1000, preferring eu-north
      (weight 10) and stake >= 5000 (weight 3); offers in both regions, in another region,
      with stake 999, 1000 and 5000, at different asks, listed in two different orders.

    When
    ----
    - the job is matched, with limit 10 and limit 2.

    Then
    ----
    - scores are 13, 10, 3, 0; equal scores rank by ask then id; the listing order does not
      change the result; the limit keeps the first offers.
    """
    offers = [
        offer("west-rich", stake="5000"),
        offer("north-poor", PROVIDER_B, region="eu-north", stake="1000"),
        offer("north-rich", PROVIDER_B, region="eu-north", stake="5000"),
        offer("west-b", stake="1000", ask_per_request="10"),
        offer("west-a", stake="1000", ask_per_request="10"),
        offer("west-c", stake="1000", ask_per_request="5"),
        offer("under-staked", region="eu-north", stake="999"),
        offer("elsewhere", region="us-east", stake="9000"),
    ]
    ranking = (
        ("north-rich", 13),
        ("north-poor", 10),
        ("west-rich", 3),
        ("west-c", 0),
        ("west-a", 0),
        ("west-b", 0),
    )
    fill(
        "jobs",
        "match",
        {"spec": PLACED_JOB, "offers": offers, "limit": 10},
        output=matched(*ranking),
        case="listed",
    )
    reversed_offers = list(reversed(offers))
    fill(
        "jobs",
        "match",
        {"spec": PLACED_JOB, "offers": reversed_offers, "limit": 10},
        output=matched(*ranking),
        case="reversed",
    )
    fill(
        "jobs",
        "match",
        {"spec": PLACED_JOB, "offers": offers, "limit": 2},
        output=matched(*ranking[:2]),
        case="limit_2",
    )


@clauses("AIN-JOB-ELIGIBLE.1", "AIN-JOB-ATTESTATION.1")
def test_tee_and_provider_requirements(fill: Filler) -> None:
    """
    A required TEE kind and a provider allow-list are hard constraints.

    Given
    -----
    - a job requiring nitro evidence and providers [PROVIDER_A]; offers from PROVIDER_A with
      nitro and with sgx, and from PROVIDER_B with nitro.

    When
    ----
    - the job is matched.

    Then
    ----
    - only PROVIDER_A's nitro offer matches.
    """
    job = minimal(
        **{
            "determinism exact": f"tee nitro\n    determinism exact\n}}\n\nplacement {{\n"
            f"    require provider in [{PROVIDER_A}]"
        }
    )
    offers = [
        offer("a-nitro", tee="nitro"),
        offer("a-sgx", tee="sgx"),
        offer("b-nitro", PROVIDER_B, tee="nitro"),
    ]
    fill(
        "jobs",
        "match",
        {"spec": job, "offers": offers, "limit": 10},
        output=matched(("a-nitro", 0)),
    )


@clauses("AIN-JOB-OFFER.1", "AIN-JOB-MATCH.1")
def test_refused_requests(fill: Filler) -> None:
    """
    A limit outside 1..100, a malformed offer, or a repeated offer id refuses the request.

    Given
    -----
    - the minimal job and one good offer; then limits 0, 1, 100 and 101, and limits that are
      not JSON integers (true, "10", null); an offer with a boolean or negative or too large
      integer, an integer written as a JSON number, with a leading zero, a plus sign, as
      "-0", or with 21 digits, an unknown word, an unsorted list, GPU fields without a
      vendor, an extra field, a bad provider address; two offers with one id, the second
      also malformed or followed by a malformed one.

    When
    ----
    - the job is matched.

    Then
    ----
    - the request is refused with the named code (a bad limit before any offer is read; in
      the list, each offer's own checks before its id is compared with earlier ones).
    """
    good = offer("m1")
    cases: dict[str, tuple[list[dict[str, Any]], object, ErrorCode | None]] = {
        "limit_0": ([good, {"bad": True}], 0, ErrorCode.MATCHING_BAD_LIMIT),
        "limit_1": ([good], 1, None),
        "limit_101": ([good], 101, ErrorCode.MATCHING_BAD_LIMIT),
        "limit_100": ([good], 100, None),
        "limit_boolean": ([good], True, ErrorCode.MATCHING_BAD_LIMIT),
        "limit_text": ([good], "10", ErrorCode.MATCHING_BAD_LIMIT),
        "limit_null": ([good], None, ErrorCode.MATCHING_BAD_LIMIT),
        "integer_as_json_number": (
            [offer("m2", cpu_millicores=4000)],
            1,
            ErrorCode.MATCHING_BAD_OFFER,
        ),
        "integer_leading_zero": (
            [offer("m2", cpu_millicores="04000")],
            1,
            ErrorCode.MATCHING_BAD_OFFER,
        ),
        "integer_plus_sign": ([offer("m2", stake="+1")], 1, ErrorCode.MATCHING_BAD_OFFER),
        "integer_minus_zero": (
            [offer("m2", ask_per_work_unit="-0")],
            1,
            ErrorCode.MATCHING_BAD_OFFER,
        ),
        "integer_empty_text": ([offer("m2", stake="")], 1, ErrorCode.MATCHING_BAD_OFFER),
        "integer_21_digits": (
            [offer("m2", stake=str(10**20))],
            1,
            ErrorCode.MATCHING_BAD_OFFER,
        ),
        "stake_u64_max": ([offer("m1", stake=str(2**64 - 1))], 1, None),
        "stake_above_u64_max": ([offer("m2", stake=str(2**64))], 1, ErrorCode.MATCHING_BAD_OFFER),
        "boolean_stake": ([offer("m2", stake=True)], 1, ErrorCode.MATCHING_BAD_OFFER),
        "negative_cpu": ([offer("m2", cpu_millicores="-1")], 1, ErrorCode.MATCHING_BAD_OFFER),
        "gpu_count_65": (
            [offer("m2", gpu_vendor="nvidia", gpu_count="65")],
            1,
            ErrorCode.MATCHING_BAD_OFFER,
        ),
        "unknown_tee": ([offer("m2", tee="sgx2")], 1, ErrorCode.MATCHING_BAD_OFFER),
        "unsorted_languages": (
            [offer("m2", languages=["wasm", "python"])],
            1,
            ErrorCode.MATCHING_BAD_OFFER,
        ),
        "gpu_memory_without_vendor": (
            [offer("m2", gpu_memory_bytes="1")],
            1,
            ErrorCode.MATCHING_BAD_OFFER,
        ),
        "gpu_vendor_without_count": (
            [offer("m2", gpu_vendor="amd")],
            1,
            ErrorCode.MATCHING_BAD_OFFER,
        ),
        "extra_field": ([{**offer("m2"), "colour": "red"}], 1, ErrorCode.MATCHING_BAD_OFFER),
        "bad_provider": ([offer("m2", provider="ain00")], 1, ErrorCode.MATCHING_BAD_OFFER),
        "bad_offer_id": ([offer("-m2")], 1, ErrorCode.MATCHING_BAD_OFFER),
        "repeated_id": ([good, offer("m1", PROVIDER_B)], 1, ErrorCode.MATCHING_DUPLICATE_OFFER),
        "repeated_id_and_malformed": (
            [good, offer("m1", PROVIDER_B, cpu_millicores="-1")],
            1,
            ErrorCode.MATCHING_BAD_OFFER,
        ),
        "repeated_id_before_malformed": (
            [good, offer("m1", PROVIDER_B), offer("m3", cpu_millicores="-1")],
            1,
            ErrorCode.MATCHING_DUPLICATE_OFFER,
        ),
    }
    for case, (offers, limit, code) in cases.items():
        vector_input: dict[str, Any] = {"spec": minimal(), "offers": offers, "limit": limit}
        if code is None:
            fill("jobs", "match", vector_input, output=matched(("m1", 0)), case=case)
        else:
            fill("jobs", "match", vector_input, rejection=code, case=case)


@clauses("AIN-JOB-OFFER.1", "AIN-JOB-ELIGIBLE.1")
def test_offers_taking_no_job(fill: Filler) -> None:
    """
    An offer whose languages or determinism classes are empty is well formed and never eligible.

    Given
    -----
    - the minimal job; a good offer m1; m2 with no languages; m3 with no determinism class.

    When
    ----
    - the job is matched.

    Then
    ----
    - only m1 matches: the empty lists are not malformed (not MATCHING_BAD_OFFER), they
      admit no job.
    """
    offers = [offer("m1"), offer("m2", languages=[]), offer("m3", determinism=[])]
    vector_input = {"spec": minimal(), "offers": offers, "limit": 10}
    fill("jobs", "match", vector_input, output=matched(("m1", 0)), case="empty_lists")
