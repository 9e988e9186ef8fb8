"""Differential fuzzing finds a planted divergence and leaves a minimal regression vector."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ain_ref.conformance.fuzz import fuzz_area
from ain_ref.conformance.runner import run_suite
from ain_ref.vectors.format import iter_vector_files
from ain_ref.vectors.manifest import write_manifest

ROOT = Path(__file__).parents[2]
BROKEN = f"{sys.executable} {ROOT / 'tests' / 'adapters' / 'broken_adapter.py'}"
REFERENCE = f"{sys.executable} -m ain_ref.conformance.adapter"


def test_planted_divergence_becomes_a_minimal_regression_vector(tmp_path: Path) -> None:
    """[AIN-CONF-FUZZ.2] A decoder that accepts non-shortest heads is found, the case shrunk
    to a few bytes, and the vector written fails that decoder and passes the reference."""
    out = tmp_path / "regressions"
    findings = fuzz_area(
        f"{BROKEN} planted_non_shortest",
        "encoding",
        handlers=("decode",),
        examples=300,
        seed=7,
        output_root=out,
    )
    assert len(findings) == 1
    summary = findings[0].summary  # the DIVERGENCE line shows both answers
    assert "reference rejected ENCODING_NON_SHORTEST_FORM;" in summary
    assert 'implementation output {"value": {"int": "0"}}' in summary
    document = json.loads(findings[0].path.read_text())
    assert document["meta"]["id"].startswith("regressions/encoding/decode/fuzz_")
    assert document["expected"]["rejected"]["code"] == "ENCODING_NON_SHORTEST_FORM"
    assert len(bytes.fromhex(document["input"]["bytes"])) <= 3  # shrunk: e.g. 1800
    assert "REGRESSION" in document["meta"]["flags"]
    tree = out
    assert findings[0].path == tree / f"{document['meta']['id']}.json"
    assert len(iter_vector_files(tree)) == 1
    write_manifest(tree)
    assert run_suite(REFERENCE, tree, differential_examples=0).is_success()
    broken = run_suite(f"{BROKEN} planted_non_shortest", tree, differential_examples=0)
    assert [r.reason for r in broken.results] == ["missing_rejection"]


def test_same_seed_same_finding(tmp_path: Path) -> None:
    """[AIN-CONF-FUZZ.2] Fuzzing is reproducible from its seed."""
    paths = []
    for run in ("first", "second"):
        findings = fuzz_area(
            f"{BROKEN} planted_non_shortest",
            "encoding",
            handlers=("decode",),
            examples=300,
            seed=11,
            output_root=tmp_path / run,
        )
        paths.append(findings[0].path.read_text())
    assert paths[0] == paths[1]


def test_reference_against_itself_finds_nothing(tmp_path: Path) -> None:
    """[AIN-CONF-FUZZ.2] No divergence, no vector: every handler of both areas."""
    for area in ("encoding", "crypto", "state"):
        findings = fuzz_area(
            REFERENCE, area, handlers=None, examples=25, seed=3, output_root=tmp_path
        )
        assert findings == []
    assert not list(tmp_path.rglob("*.json"))


def test_state_divergence_is_found_and_shrunk(tmp_path: Path) -> None:
    """[AIN-CONF-FUZZ.2] An implementation whose states drift is caught on the state area,
    and the regression vector passes the reference and fails the drifting implementation."""
    findings = fuzz_area(
        f"{BROKEN} state_drift",
        "state",
        handlers=("root",),
        examples=50,
        seed=4,
        output_root=tmp_path / "regressions",
    )
    assert len(findings) == 1
    document = json.loads(findings[0].path.read_text())
    assert document["meta"]["id"].startswith("regressions/state/root/fuzz_")
    tree = tmp_path / "regressions"
    write_manifest(tree)
    assert run_suite(REFERENCE, tree, differential_examples=0).is_success()
    assert not run_suite(f"{BROKEN} state_drift", tree, differential_examples=0).is_success()
