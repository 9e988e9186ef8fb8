"""The runner against implementations that are right, and wrong in every way we could think of."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema
import pytest

from ain_ref.conformance.report import report_lines, write_json_lines, write_junit
from ain_ref.conformance.runner import RunReport, judge, run_suite

ROOT = Path(__file__).parents[2]
VECTORS = ROOT / "vectors"
BROKEN = f"{sys.executable} {ROOT / 'tests' / 'adapters' / 'broken_adapter.py'}"
REFERENCE = f"{sys.executable} -m ain_ref.conformance.adapter"
SAMPLE = (
    "encoding/decode/each_kind_of_value_decodes_map",
    "encoding/decode/duplicate_map_keys_are_rejected_different_values",
    "encoding/decode/non_shortest_heads_are_rejected_uint_in_one_byte",
    "encoding/decode/integer_bounds_and_head_widths_u64_max",
    "encoding/encode/integers_use_the_shortest_head_256",
    "crypto/tagged_hash/tagged_hash_transaction_00ff",
    "crypto/keypair/keypair_and_address_rfc8032_test_1",
    "crypto/verify/verify_protocol_signatures_other_chain",
    "crypto/verify_ed25519/rfc8032_test_1",
    "crypto/parse_address/parse_address_changed_key_digit",
)


@pytest.fixture(scope="module")
def sample_vectors(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small vector tree: ten vectors of both areas, valid and invalid."""
    root = tmp_path_factory.mktemp("vectors")
    for vector_id in SAMPLE:
        source = VECTORS / f"{vector_id}.json"
        target = root / f"{vector_id}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return root


def run_broken(mode: str, vectors: Path, **options: object) -> RunReport:
    """Run the sample against one broken adapter."""
    return run_suite(f"{BROKEN} {mode}", vectors, **options)  # type: ignore[arg-type]


def reasons(report: RunReport) -> set[str]:
    """The distinct reasons of a report's results."""
    return {result.reason for result in report.results}


def test_reference_adapter_passes_every_vector_with_protocol_validation() -> None:
    """[AIN-CONF-ADAPTER-HELLO.1] [AIN-CONF-ADAPTER-RUN.1] [AIN-CONF-VERDICT.1] The reference
    passes the whole committed tree, every message schema-valid."""
    report = run_suite(REFERENCE, VECTORS, validate_protocol=True)
    assert report.is_success(), [r for r in report.results if r.verdict != "pass"][:3]
    assert report.counts()["pass"] == len(report.results) > 300
    assert report.not_run == ()
    assert report.implementation is not None and report.implementation["name"] == "ain-ref"


def test_liar_fails_every_vector_with_its_clauses(sample_vectors: Path) -> None:
    """[AIN-CONF-VERDICT.1] Flipped verdicts fail as missing or unexpected rejections."""
    report = run_broken("liar", sample_vectors)
    assert not report.is_success()
    assert all(result.verdict == "fail" for result in report.results)
    assert reasons(report) == {"missing_rejection", "unexpected_rejection"}
    assert all(result.clauses for result in report.results)


def test_wrong_code_fails_only_the_rejections(sample_vectors: Path) -> None:
    """[AIN-CONF-VERDICT.1] Rejecting for the wrong reason is a failure, never a pass."""
    report = run_broken("wrong_code", sample_vectors)
    failures = [r for r in report.results if r.verdict == "fail"]
    assert failures and {r.reason for r in failures} == {"wrong_code"}
    for failure in failures:
        assert failure.expected["rejected"]["code"] != "ENCODING_MALFORMED"
    assert report.counts()["pass"] == len(report.results) - len(failures)


def test_perturbed_outputs_fail_as_wrong_output(sample_vectors: Path) -> None:
    """[AIN-CONF-VERDICT.1] One changed hex digit in an output is caught."""
    report = run_broken("perturb", sample_vectors)
    failing = {r.vector_id for r in report.results if r.reason == "wrong_output"}
    assert "crypto/tagged_hash/tagged_hash_transaction_00ff" in failing
    assert "crypto/keypair/keypair_and_address_rfc8032_test_1" in failing
    assert not report.is_success()


@pytest.mark.parametrize(
    ("mode", "reason"),
    [("crash", "crashed"), ("hang", "timeout"), ("garbage", "garbage"), ("wrong_seq", "protocol")],
)
def test_misbehaving_implementations_are_errors_and_the_run_finishes(
    sample_vectors: Path, mode: str, reason: str
) -> None:
    """[AIN-CONF-RUNNER-ROBUST.1] Each misbehaviour is an error of its kind against the vector;
    the implementation is restarted and the other vectors still run."""
    report = run_broken(mode, sample_vectors, timeout_seconds=1.0)
    errors = [r for r in report.results if r.verdict == "error"]
    assert errors and {r.reason for r in errors} == {reason}
    assert len(report.results) == len(SAMPLE)
    assert report.restarts >= 1
    assert report.counts()["pass"] >= 1  # the vectors after a restart still ran
    assert not report.is_success()


def test_wrong_protocol_version_fails_every_vector(sample_vectors: Path) -> None:
    """[AIN-CONF-ADAPTER-HELLO.1] An implementation speaking another version is refused."""
    report = run_broken("wrong_protocol", sample_vectors)
    assert report.run_error is not None and "protocol 99" in report.run_error
    assert {r.reason for r in report.results} == {"hello_failed"}
    assert report.counts()["error"] == len(SAMPLE)
    assert not report.is_success()


def test_unannounced_handlers_are_skipped_and_listed_as_not_run(sample_vectors: Path) -> None:
    """[AIN-CONF-ADAPTER-HELLO.1] [AIN-CONF-REPORT.1] Handlers missing from hello are skips,
    listed among the vectors not run; skips alone do not fail a run."""
    report = run_broken("skip_crypto", sample_vectors)
    crypto_ids = {vector_id for vector_id in SAMPLE if vector_id.startswith("crypto/")}
    assert {r.vector_id for r in report.results if r.verdict == "skip"} == crypto_ids
    assert set(report.not_run) == crypto_ids
    assert report.is_success()


def test_protocol_validation_catches_a_bad_shape(sample_vectors: Path) -> None:
    """[AIN-CONF-ADAPTER-RUN.1] With --validate-protocol a string output is a protocol error."""
    loose = run_broken("bad_shape", sample_vectors)
    strict = run_broken("bad_shape", sample_vectors, validate_protocol=True)
    assert "wrong_output" in reasons(loose)
    assert "protocol" in reasons(strict)


def test_area_filter_runs_one_area_and_lists_the_rest(sample_vectors: Path) -> None:
    """[AIN-CONF-REPORT.1] Vectors filtered out are listed as not run."""
    report = run_suite(REFERENCE, sample_vectors, areas=("encoding",))
    assert {r.area for r in report.results} == {"encoding"}
    assert all(vector_id.startswith("crypto/") for vector_id in report.not_run)
    assert len(report.not_run) == 5


def test_reports_validate_and_agree(sample_vectors: Path, tmp_path: Path) -> None:
    """[AIN-CONF-REPORT.1] The JSON Lines report validates line by line; JUnit counts match."""
    report = run_broken("wrong_code", sample_vectors)
    schema = json.loads((ROOT / "conformance" / "schemas" / "report-line.schema.json").read_text())
    jsonl = tmp_path / "report.jsonl"
    write_json_lines(report, jsonl)
    lines = [json.loads(line) for line in jsonl.read_text().splitlines()]
    for line in lines:
        jsonschema.validate(line, schema)
    assert lines[0]["type"] == "header" and lines[-1]["type"] == "footer"
    assert len(lines) == len(SAMPLE) + 2
    assert lines[-1]["counts"] == report.counts()
    assert report_lines(report)[-1]["by_clause"]
    junit = tmp_path / "report.xml"
    write_junit(report, junit)
    suites = ElementTree.parse(junit).getroot()
    failures = sum(int(suite.get("failures", "0")) for suite in suites)
    assert failures == report.counts()["fail"] > 0
    assert any("AIN-ENC" in (f.get("message") or "") for f in suites.iter("failure"))


@pytest.mark.parametrize(
    ("expected", "response", "verdict", "reason"),
    [
        ({"output": {"a": 1}}, {"output": {"a": 1}}, "pass", "match"),
        ({"output": {"a": 1}}, {"output": {"a": 2}}, "fail", "wrong_output"),
        ({"output": {"a": 1}}, {"rejected": "X"}, "fail", "unexpected_rejection"),
        ({"rejected": {"code": "X", "clause": "C"}}, {"rejected": "X"}, "pass", "match"),
        ({"rejected": {"code": "X", "clause": "C"}}, {"rejected": "Y"}, "fail", "wrong_code"),
        ({"rejected": {"code": "X", "clause": "C"}}, {"output": {}}, "fail", "missing_rejection"),
        ({"output": {}}, {"skipped": "no"}, "skip", "skipped"),
        ({"rejected": {"code": "X", "clause": "C"}}, {"errored": "boom"}, "error", "errored"),
    ],
)
def test_judge(expected: dict, response: dict, verdict: str, reason: str) -> None:
    """[AIN-CONF-VERDICT.1] Every combination of expectation and answer gets its verdict."""
    assert judge(expected, response)[:2] == (verdict, reason)


def test_cli_exit_codes(sample_vectors: Path, tmp_path: Path) -> None:
    """[AIN-CONF-VERDICT.1] `ain-ref conformance run` exits 0 on the reference, 1 on a liar."""
    base = [
        sys.executable,
        "-m",
        "ain_ref.cli",
        "conformance",
        "run",
        "--vectors",
        str(sample_vectors),
        "--brief",
    ]
    good = subprocess.run(base, capture_output=True, text=True, cwd=ROOT)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "10 passed, 0 failed" in good.stdout
    bad = subprocess.run(
        [*base, "--impl", f"{BROKEN} liar", "--junit", str(tmp_path / "j.xml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert bad.returncode == 1
    assert "0 passed, 10 failed" in bad.stdout


def test_state_mismatch_reports_where_the_states_differ(tmp_path: Path) -> None:
    """[AIN-CONF-ADAPTER-RUN.1] After a state vector's output differs, get_state shows the
    first paths where the implementation's state parts from the reference's."""
    root = tmp_path / "vectors"
    vector_id = "state/apply/set_value_replaces_and_null_prunes"
    (root / "state" / "apply").mkdir(parents=True)
    shutil.copyfile(VECTORS / f"{vector_id}.json", root / f"{vector_id}.json")
    report = run_broken("state_drift", root)
    [result] = report.results
    assert result.reason == "wrong_output"
    assert "states differ at 1 path(s): /values/drift" in result.detail
