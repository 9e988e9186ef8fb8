"""Fillers for jobs/parse: a document's canonical form, job id and formatted text, or its code."""

from __future__ import annotations

from typing import Any

import cbor2

from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.jobs.common import AGENT, ARTIFACT, MINIMAL, minimal, tagged_hash_hex

AGENT_KEY = bytes.fromhex(AGENT[3:67])


def minimal_map() -> dict[str, Any]:
    """The canonical map of MINIMAL, written out field by field from the spec's table."""
    return {
        "schema": 1,
        "agent": AGENT_KEY,
        "runtime": {"language": "wasm", "entry": "run", "artifact_sha256": bytes.fromhex(ARTIFACT)},
        "input": "application/json",
        "output": "text/plain",
        "resources": {
            "cpu_millicores": 1000,
            "memory_bytes": 2**30,
            "storage_bytes": 0,
            "network_bits_per_second": 0,
            "gpu": None,
        },
        "price": {"rate": 100, "unit": "request", "batch": 1, "payer": None},
        "qos": {"deadline_ms": 10_000, "min_runtime_ms": 0, "latency_ms": 0, "qps": 0},
        "placement": {"require": [], "prefer": []},
        "attestation": {
            "providers": 1,
            "quorum": 1,
            "tee": "none",
            "determinism": "exact",
            "tolerance": None,
        },
    }


def expected(canonical_map: dict[str, Any], formatted: str) -> dict[str, str]:
    """The parse output for a canonical map: its encoding, its id, the formatted text."""
    encoded = cbor2.dumps(canonical_map, canonical=True)
    return {
        "canonical": encoded.hex(),
        "job_id": tagged_hash_hex("AIN/job-spec", encoded),
        "formatted": formatted,
    }


@clauses("AIN-JOB-CANONICAL.1", "AIN-JOB-ID.1", "AIN-JOB-FORMAT.1", "AIN-JOB-CHECK.1")
def test_minimal_spec(fill: Filler) -> None:
    """
    The smallest valid specification has the canonical map of the spec's table and its id.

    Given
    -----
    - a document with only the required fields, already formatted.

    When
    ----
    - it is parsed.

    Then
    ----
    - the canonical encoding is the table's map with every default written out; the job id is
      tagged_hash("AIN/job-spec", encoding); fmt gives the same text back.
    """
    fill("jobs", "parse", {"text": MINIMAL}, output=expected(minimal_map(), MINIMAL))


@clauses("AIN-JOB-ID.1", "AIN-JOB-FORMAT.1", "AIN-JOB-UNITS.1", "AIN-JOB-SYNTAX.1")
def test_release_layout_and_units_do_not_move_the_id(fill: Filler) -> None:
    """
    The release version, comments, layout, block order and units are not part of the id.

    Given
    -----
    - the minimal document with a release version; and the same with comments, tabs, blocks
      in another order, and cpu, memory and deadline written in other units.

    When
    ----
    - each is parsed.

    Then
    ----
    - both have the minimal document's canonical form and id; fmt keeps the release line.
    """
    released = minimal(**{"jobspec 1\n": 'jobspec 1\nrelease "9.9.0"\n'})
    formatted = released
    fill(
        "jobs",
        "parse",
        {"text": released},
        output=expected(minimal_map(), formatted),
        case="release",
    )
    rewritten = (
        'jobspec 1   # schema\nrelease "9.9.0"\n\n# the agent\n'
        f"agent {AGENT}\n"
        "attestation {\n\tdeterminism exact\n\tquorum 1\n\tproviders 1\n}\n"
        "qos {\n deadline 10000 ms\n}\n"
        "price {\n rate 100 per request\n batch 1\n}\n"
        "resources {\n memory 1024 MiB\n cpu 1000 millicpu\n storage 0 B\n}\n"
        'output "text/plain"\ninput "application/json"\n'
        f'runtime {{\n artifact sha256 "{ARTIFACT}"\n entry "run"\n language wasm\n}}'
    )
    fill(
        "jobs",
        "parse",
        {"text": rewritten},
        output=expected(minimal_map(), formatted),
        case="layout",
    )


@clauses("AIN-JOB-UNITS.1", "AIN-JOB-RANGES.1", "AIN-JOB-FORMAT.1")
def test_fractions_round_up_to_a_base_unit(fill: Filler) -> None:
    """
    A decimal quantity is exact, and a fraction of a base unit rounds up.

    Given
    -----
    - cpu 0.0015 cpu (1.5 millicores), memory 1.5 GiB, deadline 0.0001 s (0.1 ms).

    When
    ----
    - the document is parsed.

    Then
    ----
    - cpu is 2 millicores, memory 1,610,612,736 bytes (written 1536 MiB), deadline 1 ms.
    """
    text = minimal(**{"cpu 1 cpu": "cpu 0.0015 cpu", "memory 1 GiB": "memory 1.5 GiB"})
    text = text.replace("deadline 10 s", "deadline 0.0001 s")
    canonical_map = minimal_map()
    canonical_map["resources"]["cpu_millicores"] = 2
    canonical_map["resources"]["memory_bytes"] = 1_610_612_736
    canonical_map["qos"]["deadline_ms"] = 1
    formatted = minimal(**{"cpu 1 cpu": "cpu 2 millicpu", "memory 1 GiB": "memory 1536 MiB"})
    formatted = formatted.replace("deadline 10 s", "deadline 1 ms")
    fill("jobs", "parse", {"text": text}, output=expected(canonical_map, formatted))


PLACEMENT = "determinism exact\n}\n\nplacement {\n    "

REJECTIONS: list[tuple[str, str, dict[str, str], ErrorCode]] = [
    (
        "block_not_closed",
        "AIN-JOB-SYNTAX.1",
        {"memory 1 GiB": "memory 1 GiB }"},
        ErrorCode.JOBSPEC_SYNTAX_ERROR,
    ),
    ("equals_sign", "AIN-JOB-SYNTAX.1", {"quorum 1": "quorum = 1"}, ErrorCode.JOBSPEC_SYNTAX_ERROR),
    ("leading_zero", "AIN-JOB-VALUES.1", {"quorum 1": "quorum 01"}, ErrorCode.JOBSPEC_BAD_VALUE),
    (
        "first_of_two_diagnostics",
        "AIN-JOB-DIAGNOSTICS.1",
        {"cpu 1 cpu": "cpu 1 cores", "quorum 1": "quorum 0"},
        ErrorCode.JOBSPEC_UNKNOWN_UNIT,
    ),
    (
        "values_before_a_block",
        "AIN-JOB-FIELDS.1",
        {"runtime {": "runtime wasm {"},
        ErrorCode.JOBSPEC_BAD_VALUE,
    ),
    (
        "negative_fraction_rounds_away_from_zero",
        "AIN-JOB-UNITS.1",
        {"deadline 10 s": "deadline 10 s\n    min_runtime -0.5 ms"},
        ErrorCode.JOBSPEC_OUT_OF_RANGE,
    ),
    ("empty_text", "AIN-JOB-RANGES.1", {'entry "run"': 'entry ""'}, ErrorCode.JOBSPEC_OUT_OF_RANGE),
    (
        "bad_number_before_unknown_unit",
        "AIN-JOB-UNITS.1",
        {"cpu 1 cpu": "cpu 1.1234567 cores"},
        ErrorCode.JOBSPEC_UNKNOWN_UNIT,
    ),
    (
        "unterminated_text",
        "AIN-JOB-SYNTAX.1",
        {'entry "run"': 'entry "run'},
        ErrorCode.JOBSPEC_SYNTAX_ERROR,
    ),
    (
        "schema_version_2",
        "AIN-JOB-SCHEMA-VERSION.1",
        {"jobspec 1": "jobspec 2"},
        ErrorCode.JOBSPEC_UNSUPPORTED_VERSION,
    ),
    (
        "version_not_first",
        "AIN-JOB-SCHEMA-VERSION.1",
        {"jobspec 1\n": 'release "1"\njobspec 1\n'},
        ErrorCode.JOBSPEC_UNSUPPORTED_VERSION,
    ),
    (
        "unknown_field",
        "AIN-JOB-FIELDS.1",
        {"quorum 1": "quorum 1\n    colour red"},
        ErrorCode.JOBSPEC_UNKNOWN_FIELD,
    ),
    (
        "duplicate_field",
        "AIN-JOB-FIELDS.1",
        {"quorum 1": "quorum 1\n    quorum 1"},
        ErrorCode.JOBSPEC_DUPLICATE_FIELD,
    ),
    ("missing_field", "AIN-JOB-FIELDS.1", {"    quorum 1\n": ""}, ErrorCode.JOBSPEC_MISSING_FIELD),
    (
        "line_as_block",
        "AIN-JOB-FIELDS.1",
        {"quorum 1": "quorum {\n    }"},
        ErrorCode.JOBSPEC_BAD_VALUE,
    ),
    ("wrong_kind", "AIN-JOB-VALUES.1", {"quorum 1": 'quorum "1"'}, ErrorCode.JOBSPEC_BAD_VALUE),
    (
        "unknown_word",
        "AIN-JOB-VALUES.1",
        {"language wasm": "language cobol"},
        ErrorCode.JOBSPEC_BAD_VALUE,
    ),
    ("bad_media_type", "AIN-JOB-VALUES.1", {'"text/plain"': '"text"'}, ErrorCode.JOBSPEC_BAD_VALUE),
    (
        "unknown_unit",
        "AIN-JOB-UNITS.1",
        {"memory 1 GiB": "memory 1 gigs"},
        ErrorCode.JOBSPEC_UNKNOWN_UNIT,
    ),
    (
        "seven_fraction_digits",
        "AIN-JOB-UNITS.1",
        {"memory 1 GiB": "memory 1.0000001 GiB"},
        ErrorCode.JOBSPEC_OUT_OF_RANGE,
    ),
    ("cpu_zero", "AIN-JOB-RANGES.1", {"cpu 1 cpu": "cpu 0 cpu"}, ErrorCode.JOBSPEC_OUT_OF_RANGE),
    (
        "cpu_above_maximum",
        "AIN-JOB-RANGES.1",
        {"cpu 1 cpu": "cpu 1000.001 cpu"},
        ErrorCode.JOBSPEC_OUT_OF_RANGE,
    ),
    (
        "providers_32",
        "AIN-JOB-RANGES.1",
        {"providers 1": "providers 32"},
        ErrorCode.JOBSPEC_OUT_OF_RANGE,
    ),
    (
        "rate_2_64",
        "AIN-JOB-RANGES.1",
        {"rate 100": "rate 18446744073709551616"},
        ErrorCode.JOBSPEC_OUT_OF_RANGE,
    ),
    (
        "bad_address",
        "AIN-JOB-AGENT.1",
        {AGENT: AGENT[:-1] + ("0" if AGENT[-1] != "0" else "1")},
        ErrorCode.JOBSPEC_BAD_ADDRESS,
    ),
    (
        "uppercase_digest",
        "AIN-JOB-RUNTIME.1",
        {ARTIFACT: ARTIFACT.upper()},
        ErrorCode.JOBSPEC_BAD_DIGEST,
    ),
    (
        "gpu_count_65",
        "AIN-JOB-RESOURCES.1",
        {"memory 1 GiB": "memory 1 GiB\n    gpu {\n        vendor nvidia\n        count 65\n    }"},
        ErrorCode.JOBSPEC_OUT_OF_RANGE,
    ),
    (
        "batch_10001",
        "AIN-JOB-PRICE.1",
        {"rate 100 per request": "rate 100 per request\n    batch 10001"},
        ErrorCode.JOBSPEC_OUT_OF_RANGE,
    ),
    (
        "min_runtime_above_deadline",
        "AIN-JOB-QOS.1",
        {"deadline 10 s": "deadline 10 s\n    min_runtime 10001 ms"},
        ErrorCode.JOBSPEC_DEADLINE_CONTRADICTION,
    ),
    (
        "latency_above_deadline",
        "AIN-JOB-QOS.1",
        {"deadline 10 s": "deadline 10 s\n    latency 11 s"},
        ErrorCode.JOBSPEC_DEADLINE_CONTRADICTION,
    ),
    (
        "quorum_half",
        "AIN-JOB-ATTESTATION.1",
        {"providers 1": "providers 2"},
        ErrorCode.JOBSPEC_QUORUM_CONTRADICTION,
    ),
    (
        "quorum_above_providers",
        "AIN-JOB-ATTESTATION.1",
        {"quorum 1": "quorum 2"},
        ErrorCode.JOBSPEC_QUORUM_CONTRADICTION,
    ),
    (
        "tee_only_without_tee",
        "AIN-JOB-DETERMINISM.1",
        {"determinism exact": "determinism tee_only"},
        ErrorCode.JOBSPEC_DETERMINISM_CONTRADICTION,
    ),
    (
        "tolerance_without_comparison",
        "AIN-JOB-DETERMINISM.1",
        {"determinism exact": "determinism tolerance"},
        ErrorCode.JOBSPEC_DETERMINISM_CONTRADICTION,
    ),
    (
        "exact_with_tolerance",
        "AIN-JOB-DETERMINISM.1",
        {"determinism exact": "determinism exact\n    tolerance max_relative_error_ppm 10"},
        ErrorCode.JOBSPEC_DETERMINISM_CONTRADICTION,
    ),
    (
        "placement_excludes_tee",
        "AIN-JOB-PLACEMENT.1",
        {"determinism exact": "tee nitro\n    " + PLACEMENT + "require tee in [sgx]"},
        ErrorCode.JOBSPEC_PLACEMENT_CONTRADICTION,
    ),
    (
        "two_region_requirements",
        "AIN-JOB-PLACEMENT.1",
        {"determinism exact": PLACEMENT + "require region in [a]\n    require region in [b]"},
        ErrorCode.JOBSPEC_DUPLICATE_FIELD,
    ),
    (
        "empty_list",
        "AIN-JOB-PLACEMENT.1",
        {"determinism exact": PLACEMENT + "require region in []"},
        ErrorCode.JOBSPEC_OUT_OF_RANGE,
    ),
    (
        "weight_101",
        "AIN-JOB-PLACEMENT.1",
        {"determinism exact": PLACEMENT + "prefer region in [a] weight 101"},
        ErrorCode.JOBSPEC_OUT_OF_RANGE,
    ),
]


@clauses("AIN-JOB-CHECK.1", "AIN-JOB-DIAGNOSTICS.1")
def test_refused_documents(fill: Filler) -> None:
    """
    Each way a document is refused names its code, located at the offending text.

    Given
    -----
    - the minimal document with one change: a syntax error, an unsupported version, an
      unknown, repeated, missing or misshapen field, an unknown word or unit, a number just
      outside its range, a bad address or digest, or two fields that contradict each other.

    When
    ----
    - it is parsed.

    Then
    ----
    - it is rejected with the code the case names.
    """
    for case, clause, replacements, code in REJECTIONS:
        fill(
            "jobs",
            "parse",
            {"text": minimal(**replacements)},
            rejection=code,
            case=case,
            extra_clauses=(clause,),
        )


@clauses("AIN-JOB-RANGES.1", "AIN-JOB-QOS.1", "AIN-JOB-ATTESTATION.1", "AIN-JOB-DETERMINISM.1")
def test_boundaries_that_are_accepted(fill: Filler) -> None:
    """
    Values exactly at their limits are accepted.

    Given
    -----
    - cpu 1000 cpu (the maximum); min_runtime equal to the deadline; quorum 2 of 3;
      tee_only with one provider and a TEE; rate 2**64 - 1 (20 digits, the longest number
      that can be in range).

    When
    ----
    - each document is parsed.

    Then
    ----
    - each is valid (its output is checked against the reference's own formatting).
    """
    cases = {
        "cpu_maximum": {"cpu 1 cpu": "cpu 1000 cpu"},
        "min_runtime_equals_deadline": {"deadline 10 s": "deadline 10 s\n    min_runtime 10 s"},
        "quorum_2_of_3": {"providers 1\n    quorum 1": "providers 3\n    quorum 2"},
        "tee_only": {"determinism exact": "tee sgx\n    determinism tee_only"},
        "rate_u64_max_20_digits": {"rate 100 per request": f"rate {2**64 - 1} per request"},
    }
    for case, replacements in cases.items():
        text = minimal(**replacements)
        canonical_map = minimal_map()
        if case == "cpu_maximum":
            canonical_map["resources"]["cpu_millicores"] = 1_000_000
        elif case == "min_runtime_equals_deadline":
            canonical_map["qos"]["min_runtime_ms"] = 10_000
        elif case == "rate_u64_max_20_digits":
            canonical_map["price"]["rate"] = 2**64 - 1
        elif case == "quorum_2_of_3":
            canonical_map["attestation"].update(providers=3, quorum=2)
        else:
            canonical_map["attestation"].update(tee="sgx", determinism="tee_only")
        fill("jobs", "parse", {"text": text}, output=expected(canonical_map, text), case=case)


@clauses("AIN-JOB-LIMITS.1")
def test_document_size_limit(fill: Filler) -> None:
    """
    A document may have 65,536 code points, not one more.

    Given
    -----
    - the minimal document padded with a comment of multi-byte characters to exactly 65,536
      code points; and the same with one more.

    When
    ----
    - each is parsed.

    Then
    ----
    - the first is valid; the second is rejected with JOBSPEC_TOO_LARGE.
    """
    padding = 65_536 - len(MINIMAL) - 2
    at_limit = MINIMAL + "#" + "é" * padding + "\n"
    assert len(at_limit) == 65_536
    fill(
        "jobs",
        "parse",
        {"text": at_limit},
        output=expected(minimal_map(), MINIMAL),
        case="at_limit",
    )
    fill(
        "jobs",
        "parse",
        {"text": at_limit + " "},
        rejection=ErrorCode.JOBSPEC_TOO_LARGE,
        case="one_over",
    )


@clauses("AIN-JOB-UNITS.1", "AIN-JOB-FORMAT.1")
def test_every_unit_has_its_multiplier(fill: Filler) -> None:
    """
    Each unit word means its stated multiplier of the base unit.

    Given
    -----
    - for every unit of every dimension (millicpu, cpu; B .. TB and KiB .. TiB; bps .. Gbps;
      ms, s, min, h), the minimal document with one quantity of 1 in that unit (memory,
      network or deadline; cpu for the CPU units).

    When
    ----
    - each document is parsed.

    Then
    ----
    - the amount in base units is the multiplier of spec/jobs.md, and fmt writes the quantity
      back in the same unit (each is the largest unit dividing its own multiplier).
    """
    cases: dict[str, tuple[str, str, str, int]] = {
        # unit: (line replaced, its replacement, canonical block.field, base units)
        "millicpu": ("cpu 1 cpu", "cpu 1 millicpu", "resources.cpu_millicores", 1),
        "cpu": ("cpu 1 cpu", "cpu 1 cpu", "resources.cpu_millicores", 1000),
        "h": ("deadline 10 s", "deadline 1 h", "qos.deadline_ms", 3_600_000),
        "min": ("deadline 10 s", "deadline 1 min", "qos.deadline_ms", 60_000),
        "s": ("deadline 10 s", "deadline 1 s", "qos.deadline_ms", 1000),
        "ms": ("deadline 10 s", "deadline 1 ms", "qos.deadline_ms", 1),
    }
    byte_units = {"B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12}
    byte_units |= {"KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}
    for unit, multiplier in byte_units.items():
        cases[unit] = ("memory 1 GiB", f"memory 1 {unit}", "resources.memory_bytes", multiplier)
    bandwidth_units = {"bps": 1, "kbps": 10**3, "Mbps": 10**6, "Gbps": 10**9}
    for unit, multiplier in bandwidth_units.items():
        network = f"memory 1 GiB\n    network 1 {unit}"
        cases[unit] = ("memory 1 GiB", network, "resources.network_bits_per_second", multiplier)
    for unit, (old, new, where, amount) in cases.items():
        text = minimal(**{old: new})
        canonical_map = minimal_map()
        block, name = where.split(".")
        canonical_map[block][name] = amount
        fill(
            "jobs", "parse", {"text": text}, output=expected(canonical_map, text), case=unit.lower()
        )
