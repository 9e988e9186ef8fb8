"""The example adapter in JavaScript passes the encoding area through the same runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ain_ref.conformance.fuzz import fuzz_area
from ain_ref.conformance.runner import run_suite

ROOT = Path(__file__).parents[2]
NODE = shutil.which("node")
ADAPTER = ROOT / "conformance" / "examples" / "node" / "encoding-adapter.mjs"

pytestmark = [
    pytest.mark.node,
    pytest.mark.skipif(NODE is None, reason="Node.js is not on PATH; the example needs node >= 18"),
]


def test_node_adapter_passes_the_encoding_area() -> None:
    """[AIN-CONF-ADAPTER-HELLO.2] [AIN-CONF-ADAPTER-RUN.2] The protocol is language-neutral:
    an encoder written from spec/encoding.md in JavaScript passes every encoding vector."""
    report = run_suite(
        f"{NODE} {ADAPTER}",
        ROOT / "vectors",
        areas=("encoding",),
        validate_protocol=True,
        differential_examples=20,
    )
    assert report.is_success(), [r for r in report.results if r.verdict != "pass"][:3]
    assert report.counts()["pass"] > 200
    assert report.implementation == {
        "name": "ain-encoding-js",
        "version": "0.1.0",
        "language": "javascript",
    }


def test_node_adapter_agrees_under_differential_fuzzing(tmp_path: Path) -> None:
    """[AIN-CONF-FUZZ.2] Fresh inputs find no divergence between the two implementations."""
    findings = fuzz_area(
        f"{NODE} {ADAPTER}", "encoding", handlers=None, examples=150, seed=1, output_root=tmp_path
    )
    assert findings == [], [finding.summary for finding in findings]
