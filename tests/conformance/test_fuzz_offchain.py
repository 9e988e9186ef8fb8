"""Differential fuzzing reaches the execution, tee and channel handlers through their vectors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ain_ref.conformance.fuzz import fuzz_area
from ain_ref.conformance.handlers.base import Handler
from ain_ref.conformance.runner import run_suite
from ain_ref.conformance.strategies import HANDLER_STRATEGIES
from ain_ref.conformance.typed_json import HandlerInputError
from ain_ref.conformance.vector_strategies import GROWN_HANDLERS, leaves, replaced
from ain_ref.vectors.manifest import write_manifest

ROOT = Path(__file__).parents[2]
BROKEN = f"{sys.executable} {ROOT / 'tests' / 'adapters' / 'broken_adapter.py'}"
REFERENCE = f"{sys.executable} -m ain_ref.conformance.adapter"


def test_the_three_areas_are_fuzz_targets() -> None:
    """[AIN-CONF-FUZZ.2] Every execution, tee, channel and governance handler (the tally and
    apply_blocks) has an input strategy."""
    areas = {handler.area for handler in GROWN_HANDLERS}
    assert areas == {"execution", "tee", "channel", "governance"}
    names = {handler.name for handler in GROWN_HANDLERS if handler.area == "governance"}
    assert names == {"tally", "apply_blocks"}
    assert all((h.area, h.name) in HANDLER_STRATEGIES for h in GROWN_HANDLERS)


@pytest.mark.parametrize("handler", GROWN_HANDLERS, ids=lambda h: f"{h.area}/{h.name}")
@settings(max_examples=5, deadline=None, database=None)
@given(data=st.data())
def test_fuzz_inputs_are_cases(handler: Handler, data: st.DataObject) -> None:
    """[AIN-CONF-FUZZ.2] The inputs are well formed for their handler: the reference reads
    them as cases (a result or a code), never as harness errors."""
    vector_input = data.draw(HANDLER_STRATEGIES[(handler.area, handler.name)])
    try:
        handler.run(vector_input)
    except HandlerInputError as error:
        raise AssertionError(f"malformed fuzz input: {error}") from None


@settings(max_examples=50, deadline=None)
@given(
    document=st.recursive(
        st.sampled_from(["00ff", "7", "text", "18446744073709551615"]) | st.integers(),
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(st.sampled_from("abc"), children, max_size=3)
        ),
        max_leaves=8,
    ),
    new_leaf=st.sampled_from(["11", "8"]),
)
def test_a_leaf_is_replaced_where_it_was_found(document: object, new_leaf: str) -> None:
    """[AIN-CONF-FUZZ.2] ``replaced`` changes exactly the leaf ``leaves`` names."""
    for path, _ in leaves(document):
        changed = replaced(document, path, new_leaf)
        assert [leaf for found, leaf in leaves(changed) if found == path] == [new_leaf]
        assert [p for p, _ in leaves(changed)] == [p for p, _ in leaves(document)]


def test_reference_against_itself_finds_nothing(tmp_path: Path) -> None:
    """[AIN-CONF-FUZZ.2] The reference agrees with itself on every handler of the three areas."""
    for area in ("execution", "tee", "channel", "governance"):
        findings = fuzz_area(
            REFERENCE, area, handlers=None, examples=5, seed=3, output_root=tmp_path
        )
        assert findings == []
    assert not list(tmp_path.rglob("*.json"))


def test_a_wrong_code_on_tee_evidence_is_found(tmp_path: Path) -> None:
    """[AIN-CONF-FUZZ.2] An implementation that refuses evidence with the wrong code is caught
    on tee/verify, and its regression vector passes the reference and fails it."""
    out = tmp_path / "regressions"
    findings = fuzz_area(
        f"{BROKEN} wrong_code", "tee", handlers=("verify",), examples=30, seed=5, output_root=out
    )
    assert len(findings) == 1
    document = json.loads(findings[0].path.read_text())
    assert document["meta"]["id"].startswith("regressions/tee/verify/fuzz_")
    assert document["expected"]["rejected"]["code"].startswith(("TEE_", "CRYPTO_"))
    write_manifest(out)
    assert run_suite(REFERENCE, out, differential_examples=0).is_success()
    assert not run_suite(f"{BROKEN} wrong_code", out, differential_examples=0).is_success()
