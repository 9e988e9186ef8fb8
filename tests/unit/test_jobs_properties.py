"""
Properties of the jobs area: formatting, identity, total checking, matching.

Specifications are generated from the model (every field over its range) and written out by
fmt, then re-laid-out (blocks reordered, comments, tabs, blank lines, other units): the grammar's
surface is exercised through documents people could write.
"""

from __future__ import annotations

import random
from pathlib import Path

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from ain_ref.encoding import encode, encode_plain
from ain_ref.errors import ErrorCode
from ain_ref.jobs import model
from ain_ref.jobs.canonical import canonical_bytes, canonical_value
from ain_ref.jobs.decoding import spec_from_canonical
from ain_ref.jobs.diagnostics import Diagnostic
from ain_ref.jobs.fast_syntax import fast_statements
from ain_ref.jobs.formatting import format_spec
from ain_ref.jobs.jobspec import CheckedSpec, check_text, decode_source
from ain_ref.jobs.matching import match_plain
from ain_ref.jobs.offer_index import OfferIndex
from ain_ref.jobs.offers import Offer
from ain_ref.jobs.syntax import SyntaxErrors, lark_statements
from ain_ref.vectors.filler import clauses
from tests.fillers.jobs.common import MINIMAL
from tests.unit.jobs_strategies import job_specs, offers, relaid

CORPUS_TEXTS = [
    path.read_text(encoding="utf-8")
    for path in sorted((Path(__file__).parents[1] / "data" / "jobs" / "corpus").glob("*.jobspec"))
]
JOBS_CODES = {code for code in ErrorCode if code.clause.startswith("AIN-JOB-")}


@clauses("AIN-JOB-FORMAT.1", "AIN-JOB-CANONICAL.1", "AIN-JOB-MEASUREMENTS.1")
@given(spec=job_specs())
def test_format_is_a_fixed_point_and_reads_back(spec: model.JobSpec) -> None:
    """[AIN-JOB-FORMAT.1] check(fmt(spec)) == spec, and fmt(check(fmt(spec))) == fmt(spec)."""
    formatted = format_spec(spec)
    checked = check_text(formatted)
    assert isinstance(checked, CheckedSpec), checked
    assert checked.spec == spec
    assert format_spec(checked.spec) == formatted


@clauses("AIN-JOB-ID.1", "AIN-JOB-SYNTAX.1", "AIN-JOB-UNITS.1")
@given(spec=job_specs(), seed=st.integers(0, 2**32))
def test_id_ignores_layout(spec: model.JobSpec, seed: int) -> None:
    """[AIN-JOB-ID.1] Reordered blocks, comments, tabs and units leave spec and id unchanged."""
    formatted = format_spec(spec)
    original = check_text(formatted)
    rewritten = check_text(relaid(formatted, seed))
    assert isinstance(original, CheckedSpec) and isinstance(rewritten, CheckedSpec), rewritten
    assert rewritten.spec == original.spec and rewritten.job_id == original.job_id


def assert_typed(result: CheckedSpec | tuple[Diagnostic, ...], text: str) -> None:
    """A check result is a spec or located diagnostics with jobs codes, in source order."""
    if isinstance(result, CheckedSpec):
        return
    assert result, "an invalid document has at least one diagnostic"
    line_count = text.count("\n") + 2
    for diagnostic in result:
        assert diagnostic.code in JOBS_CODES
        assert 1 <= diagnostic.line <= line_count and diagnostic.column >= 1
    positions = [(d.line, d.column) for d in result]
    assert positions == sorted(positions)


@clauses("AIN-JOB-LIMITS.1", "AIN-JOB-DIAGNOSTICS.1")
@given(data=st.binary(max_size=300))
def test_random_bytes_give_typed_errors(data: bytes) -> None:
    """[AIN-JOB-DIAGNOSTICS.1] Any bytes: a diagnostic with a jobs code, never an exception."""
    text = decode_source(data)
    if isinstance(text, Diagnostic):
        assert text.code is ErrorCode.JOBSPEC_NOT_UTF8
        return
    assert_typed(check_text(text), text)


@clauses("AIN-JOB-CHECK.1", "AIN-JOB-DIAGNOSTICS.1", "AIN-JOB-RESYNC.1")
@given(seed=st.integers(0, 2**32), edits=st.integers(1, 4))
def test_near_valid_text_gives_typed_errors(seed: int, edits: int) -> None:
    """[AIN-JOB-CHECK.1] A valid document with a few characters changed checks without raising."""
    rng = random.Random(seed)
    characters = list(MINIMAL)
    alphabet = 'abc01.{}[],>=" #\n\t-_é'
    for _ in range(edits):
        position = rng.randrange(len(characters))
        action = rng.randrange(3)
        if action == 0:
            del characters[position]
        elif action == 1:
            characters.insert(position, rng.choice(alphabet))
        else:
            characters[position] = rng.choice(alphabet)
    text = "".join(characters)
    assert_typed(check_text(text), text)


def fitted(offer: Offer, spec: model.JobSpec) -> Offer:
    """The offer widened to meet the job's hard constraints and its own terms."""
    resources, gpu = spec.resources, spec.resources.gpu
    languages = tuple(sorted({*offer.languages, spec.runtime.language}))
    determinism = tuple(sorted({*offer.determinism, spec.attestation.determinism}))
    widened = attrs.evolve(
        offer,
        cpu_millicores=max(offer.cpu_millicores, resources.cpu_millicores),
        memory_bytes=max(offer.memory_bytes, resources.memory_bytes),
        storage_bytes=max(offer.storage_bytes, resources.storage_bytes),
        network_bits_per_second=max(
            offer.network_bits_per_second, resources.network_bits_per_second
        ),
        languages=languages,
        determinism=determinism,
        ask_per_request=min(offer.ask_per_request, spec.price.rate),
        ask_per_work_unit=min(offer.ask_per_work_unit, spec.price.rate),
        min_deadline_ms=min(offer.min_deadline_ms, spec.qos.deadline_ms),
        tee=offer.tee if spec.attestation.tee == "none" else spec.attestation.tee,
    )
    for condition in spec.placement.requirements:
        if isinstance(condition, model.StakeAtLeast):
            widened = attrs.evolve(widened, stake=max(widened.stake, condition.minimum))
        elif getattr(widened, condition.attribute) not in condition.values:
            widened = attrs.evolve(widened, **{condition.attribute: condition.values[0]})
    if gpu is None:
        return widened
    return attrs.evolve(
        widened,
        gpu_vendor=gpu.vendor,
        gpu_model=gpu.model or "",
        gpu_memory_bytes=max(offer.gpu_memory_bytes, gpu.memory_bytes),
        gpu_count=max(offer.gpu_count, gpu.count),
    )


@clauses("AIN-JOB-MATCH.1", "AIN-JOB-RANK.1", "AIN-JOB-ELIGIBLE.1")
@settings(max_examples=60)
@given(
    spec=job_specs(), offer_list=offers(30), seed=st.integers(0, 2**32), limit=st.integers(1, 100)
)
def test_index_equals_plain_and_ignores_offer_order(
    spec: model.JobSpec, offer_list: list[Offer], seed: int, limit: int
) -> None:
    """[AIN-JOB-MATCH.1] The index matches as checking every offer; listing order is irrelevant."""
    offer_list = [fitted(o, spec) if index % 2 else o for index, o in enumerate(offer_list)]
    plain = match_plain(spec, offer_list, limit)
    shuffled = list(offer_list)
    random.Random(seed).shuffle(shuffled)
    assert OfferIndex.build(shuffled).match(spec, limit) == plain
    assert match_plain(spec, shuffled, limit) == plain


def mutated(text: str, seed: int, edits: int) -> str:
    """``text`` with a few characters deleted, inserted or replaced (choices from ``seed``)."""
    rng = random.Random(seed)
    characters = list(text)
    alphabet = 'abc01.{}[],>=" #\n\t-_é\r'
    for _ in range(edits):
        position = rng.randrange(len(characters) + 1)
        action = rng.randrange(3)
        if action == 0 and position < len(characters):
            del characters[position]
        elif action == 1 or position == len(characters):
            characters.insert(position, rng.choice(alphabet))
        else:
            characters[position] = rng.choice(alphabet)
    return "".join(characters)


@clauses("AIN-JOB-SYNTAX.1")
@given(seed=st.integers(0, 2**32), edits=st.integers(0, 3), base=st.sampled_from(CORPUS_TEXTS))
def test_fast_reader_equals_the_grammar(seed: int, edits: int, base: str) -> None:
    """[AIN-JOB-SYNTAX.1] The fast reader gives the Lark parser's statements, or refuses."""
    text = mutated(base, seed, edits)
    fast = fast_statements(text)
    plain = lark_statements(text)
    if fast is None:
        assert isinstance(plain, SyntaxErrors)
    else:
        assert fast == plain


@clauses("AIN-JOB-SYNTAX.1")
@given(text=st.text(alphabet='ab1.-{}[],>="#\n\t \r', max_size=40))
def test_fast_reader_equals_the_grammar_on_small_texts(text: str) -> None:
    """[AIN-JOB-SYNTAX.1] The same on short texts over the grammar's own characters."""
    fast = fast_statements(text)
    plain = lark_statements(text)
    assert (fast is None and isinstance(plain, SyntaxErrors)) or fast == plain


@clauses("AIN-JOB-CANONICAL.1", "AIN-JOB-CANONICAL-MEASUREMENTS.1")
@given(spec=job_specs())
def test_canonical_map_is_in_the_data_model(spec: model.JobSpec) -> None:
    """[AIN-JOB-CANONICAL.1] The fast encoding equals the checked one and the plain one."""
    value = canonical_value(spec)
    assert canonical_bytes(spec) == encode(value) == encode_plain(value)


@clauses("AIN-JOB-CHAIN-DECODE.1", "AIN-JOB-CANONICAL-MEASUREMENTS.1")
@given(spec=job_specs())
def test_canonical_form_reads_back(spec: model.JobSpec) -> None:
    """[AIN-JOB-CHAIN-DECODE.1] decode(canonical(spec)) is spec without its release version."""
    assert spec_from_canonical(canonical_bytes(spec)) == attrs.evolve(spec, release=None)


@clauses("AIN-JOB-CHAIN-DECODE.1")
@given(spec=job_specs(), cut=st.integers(0, 2**16), flip=st.integers(0, 255))
def test_a_tampered_canonical_form_is_refused(spec: model.JobSpec, cut: int, flip: int) -> None:
    """[AIN-JOB-CHAIN-DECODE.1] A changed byte gives the other spec's bytes or a typed code."""
    data = bytearray(canonical_bytes(spec))
    data[cut % len(data)] ^= flip
    decoded = spec_from_canonical(bytes(data))
    if isinstance(decoded, model.JobSpec):
        checked = check_text(format_spec(decoded))
        assert isinstance(checked, CheckedSpec) and checked.canonical == bytes(data)
    else:
        assert decoded.code is ErrorCode.REGISTRY_RECORD_INVALID
