"""Hypothesis strategies for the jobs area: valid specifications, re-laid-out texts, offers."""

from __future__ import annotations

import random
import re
from typing import Any

from hypothesis import strategies as st

from ain_ref import crypto
from ain_ref.jobs import model, units
from ain_ref.jobs.offers import Offer

KEYS = [crypto.keypair_from_seed(bytes([n]) * 32) for n in range(30, 36)]
PUBLIC_KEYS = [key.public_key for key in KEYS if isinstance(key, crypto.KeyPair)]
ADDRESSES = [crypto.format_address(key) for key in PUBLIC_KEYS]
REGIONS = ("eu-west", "eu-north", "us-east", "ap-south")
texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12
)


def conditions() -> st.SearchStrategy[model.Condition]:
    """Placement conditions over the attributes of the spec."""

    def attribute_in(attribute: str, pool: tuple[str, ...]) -> st.SearchStrategy[model.Condition]:
        return st.lists(st.sampled_from(pool), min_size=1, max_size=3).map(
            lambda values: model.AttributeIn(attribute, tuple(sorted(set(values))))
        )

    return st.one_of(
        attribute_in("region", REGIONS),
        attribute_in("tee", model.TEE_KINDS),
        attribute_in("provider", tuple(ADDRESSES)),
        st.integers(0, 10_000).map(model.StakeAtLeast),
    )


@st.composite
def placements(draw: st.DrawFn) -> model.Placement:
    """At most one requirement per attribute; distinct preferences in canonical order."""
    from ain_ref.jobs.blocks import preference_sort_key

    requirements = {
        model.condition_attribute(c): c for c in draw(st.lists(conditions(), max_size=4))
    }
    preferences = {c: draw(st.integers(1, 100)) for c in draw(st.lists(conditions(), max_size=4))}
    return model.Placement(
        tuple(requirements[name] for name in sorted(requirements)),
        tuple(
            sorted(
                (model.Preference(c, w) for c, w in preferences.items()), key=preference_sort_key
            )
        ),
    )


@st.composite
def measurements(draw: st.DrawFn, tee: str) -> tuple[tuple[int, bytes], ...]:
    """Register values for a job with a TEE (none without one), one length, by index."""
    if tee == "none":
        return ()
    length = draw(st.sampled_from(model.MEASUREMENT_BYTES))
    indices = draw(st.sets(st.integers(0, model.MEASUREMENT_INDEX_MAX), max_size=6))
    return tuple(
        (index, draw(st.binary(min_size=length, max_size=length))) for index in sorted(indices)
    )


@st.composite
def attestations(draw: st.DrawFn) -> model.Attestation:
    """Attestation blocks that fit their determinism class and quorum rule."""
    determinism = draw(st.sampled_from(model.DETERMINISM_CLASSES))
    if determinism == "tee_only":
        tee = draw(st.sampled_from(model.TEE_KINDS[1:]))
        return model.Attestation(1, 1, tee, determinism, None, draw(measurements(tee)))
    providers = draw(st.integers(1, 31))
    quorum = draw(st.integers(providers // 2 + 1, providers))
    tolerance = None
    if determinism == "tolerance":
        metric = draw(st.sampled_from(model.TOLERANCE_METRICS))
        tolerance = model.Tolerance(metric, draw(st.integers(0, 10_000)))
    tee = draw(st.sampled_from(model.TEE_KINDS))
    return model.Attestation(
        providers, quorum, tee, determinism, tolerance, draw(measurements(tee))
    )


@st.composite
def job_specs(draw: st.DrawFn) -> model.JobSpec:
    """Valid specifications (contradiction-free), drawn over every field's range."""
    attestation = draw(attestations())
    placement = draw(placements())
    if attestation.tee != "none":
        requirements = tuple(
            c for c in placement.requirements if model.condition_attribute(c) != "tee"
        )
        placement = model.Placement(requirements, placement.preferences)
    deadline = draw(st.integers(1, 2_592_000_000))
    gpu = draw(
        st.none()
        | st.builds(
            model.Gpu,
            st.sampled_from(model.GPU_VENDORS),
            st.none() | texts,
            st.integers(0, 2**44),
            st.integers(1, 64),
        )
    )
    return model.JobSpec(
        schema_version=1,
        release=draw(st.none() | texts),
        agent=draw(st.sampled_from(PUBLIC_KEYS)),
        runtime=model.Runtime(
            draw(st.sampled_from(model.LANGUAGES)),
            draw(texts),
            draw(st.binary(min_size=32, max_size=32)),
        ),
        input_type=draw(st.sampled_from(("application/json", "text/plain", "image/png"))),
        output_type=draw(st.sampled_from(("application/json", "text/plain"))),
        resources=model.Resources(
            draw(st.integers(1, 1_000_000)),
            draw(st.integers(1, 2**50)),
            draw(st.integers(0, 2**53)),
            draw(st.integers(0, 10**12)),
            gpu,
        ),
        price=model.Price(
            draw(st.integers(0, 2**64 - 1)),
            draw(st.sampled_from(model.PRICE_UNITS)),
            draw(st.integers(1, 10_000)),
            draw(st.none() | st.builds(model.Payer, st.sampled_from(model.PAYER_KINDS), texts)),
        ),
        qos=model.Qos(
            deadline,
            draw(st.integers(0, deadline)),
            draw(st.integers(0, deadline)),
            draw(st.integers(0, 1_000_000)),
        ),
        placement=placement,
        attestation=attestation,
    )


TOP_LEVEL_BLOCK = re.compile(r"^[a-z]+ \{\n(?:.*\n)*?\}\n", re.MULTILINE)


def relaid(formatted: str, seed: int) -> str:
    """
    The same document written differently (choices from ``seed``): blocks reordered, comments,
    blank lines, tabs, and the cpu quantity in millicpu.
    """
    rng = random.Random(seed)
    blocks = TOP_LEVEL_BLOCK.findall(formatted)
    rest = TOP_LEVEL_BLOCK.sub("", formatted)
    rng.shuffle(blocks)
    lines = []
    for line in (rest + "\n".join(blocks)).split("\n"):
        if rng.randrange(2):
            line = line.replace("    ", "\t", 1) + "   # note"
        lines.append(line)
        if rng.randrange(5) == 0:
            lines.append("")
    text = "\n".join(lines)
    unit_match = re.search(r"^(\s*cpu) (\d+) (\w+)", text, flags=re.MULTILINE)
    if unit_match:
        amount = int(unit_match.group(2)) * units.CPU_UNITS[unit_match.group(3)]
        text = text.replace(unit_match.group(0), f"{unit_match.group(1)} {amount} millicpu", 1)
    return text


def offers(count: int) -> st.SearchStrategy[list[Offer]]:
    """Lists of offers with distinct ids over a small attribute space (so matches happen)."""

    def build(index: int, fields: dict[str, Any]) -> Offer:
        if not fields["gpu_vendor"]:
            fields = {**fields, "gpu_memory_bytes": 0, "gpu_count": 0}
        return Offer(offer_id=f"o{index}", **fields)

    fields = st.fixed_dictionaries(
        {
            "provider": st.sampled_from(ADDRESSES),
            "region": st.sampled_from(REGIONS),
            "tee": st.sampled_from(model.TEE_KINDS),
            "stake": st.integers(0, 10_000),
            "cpu_millicores": st.integers(0, 1_000_000),
            "memory_bytes": st.integers(0, 2**50),
            "storage_bytes": st.integers(0, 2**53),
            "network_bits_per_second": st.integers(0, 10**12),
            "gpu_vendor": st.sampled_from(("", *model.GPU_VENDORS)),
            "gpu_model": st.just(""),
            "gpu_memory_bytes": st.integers(0, 2**44),
            "gpu_count": st.integers(1, 64),
            "ask_per_request": st.integers(0, 1000),
            "ask_per_work_unit": st.integers(0, 1000),
            "languages": st.sets(st.sampled_from(model.LANGUAGES)).map(lambda s: tuple(sorted(s))),
            "determinism": st.sets(st.sampled_from(model.DETERMINISM_CLASSES)).map(
                lambda s: tuple(sorted(s))
            ),
            "min_deadline_ms": st.integers(0, 2_592_000_000),
        }
    )
    return st.lists(fields, min_size=0, max_size=count).map(
        lambda drawn: [build(index, f) for index, f in enumerate(drawn)]
    )
