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
from ain_ref.conformance.runner import RunReport, Selection, run_suite
from ain_ref.conformance.verdict import judge
from ain_ref.vectors.manifest import write_manifest

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


def copy_sample(root: Path, vector_ids: tuple[str, ...] = SAMPLE) -> Path:
    """A small vector tree with its manifest."""
    for vector_id in vector_ids:
        target = root / f"{vector_id}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(VECTORS / f"{vector_id}.json", target)
    write_manifest(root)
    return root


@pytest.fixture(scope="module")
def sample_vectors(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small vector tree: ten vectors of both areas, valid and invalid."""
    return copy_sample(tmp_path_factory.mktemp("vectors"))


@pytest.fixture(scope="module")
def pair_vectors(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two vectors: one output, one rejection (for adapters that fail every answer)."""
    return copy_sample(tmp_path_factory.mktemp("pair"), SAMPLE[:2])


def run_broken(mode: str, vectors: Path, **options: object) -> RunReport:
    """Run the sample against one broken adapter (no differential part unless asked)."""
    options.setdefault("differential_examples", 0)
    return run_suite(f"{BROKEN} {mode}", vectors, **options)  # type: ignore[arg-type]


def reasons(report: RunReport) -> set[str]:
    """The distinct reasons of a report's results."""
    return {result.reason for result in report.results}


def test_reference_adapter_passes_every_vector_with_protocol_validation() -> None:
    """[AIN-CONF-ADAPTER-HELLO.2] [AIN-CONF-ADAPTER-RUN.2] [AIN-CONF-VERDICT.2] The reference
    passes the whole committed tree, every message schema-valid, and the differential part."""
    report = run_suite(REFERENCE, VECTORS, validate_protocol=True, differential_examples=3)
    assert report.is_success(), [r for r in report.results if r.verdict != "pass"][:3]
    assert report.counts()["pass"] == len(report.results) > 300
    assert report.not_run == ()
    assert any(r.vector_id.startswith("differential/") for r in report.results)
    assert report.implementation is not None and report.implementation["name"] == "ain-ref"


def test_liar_fails_every_vector_with_its_clauses(sample_vectors: Path) -> None:
    """[AIN-CONF-VERDICT.2] Flipped verdicts fail as missing or unexpected rejections."""
    report = run_broken("liar", sample_vectors)
    assert not report.is_success()
    assert all(result.verdict == "fail" for result in report.results)
    assert reasons(report) == {"missing_rejection", "unexpected_rejection"}
    assert all(result.clauses for result in report.results)


def test_wrong_code_fails_only_the_rejections(sample_vectors: Path) -> None:
    """[AIN-CONF-VERDICT.2] Rejecting for the wrong reason is a failure, never a pass."""
    report = run_broken("wrong_code", sample_vectors)
    failures = [r for r in report.results if r.verdict == "fail"]
    assert failures and {r.reason for r in failures} == {"wrong_code"}
    for failure in failures:
        assert failure.expected["rejected"]["code"] != "ENCODING_MALFORMED"
    assert report.counts()["pass"] == len(report.results) - len(failures)


def test_perturbed_outputs_fail_as_wrong_output_with_a_diff(sample_vectors: Path) -> None:
    """[AIN-CONF-VERDICT.2] [AIN-CONF-REPORT.2] One changed hex digit in an output is caught,
    and the detail shows where, with both values."""
    report = run_broken("perturb", sample_vectors)
    failing = {r.vector_id: r for r in report.results if r.reason == "wrong_output"}
    assert "crypto/tagged_hash/tagged_hash_transaction_00ff" in failing
    assert "crypto/keypair/keypair_and_address_rfc8032_test_1" in failing
    detail = failing["crypto/tagged_hash/tagged_hash_transaction_00ff"].detail
    assert detail.startswith("output differs at /") and "expected" in detail and "got" in detail
    assert not report.is_success()


@pytest.mark.parametrize(
    ("mode", "vector_id"),
    [
        ("bool_as_int", "crypto/verify/verify_protocol_signatures_as_signed"),
        ("int_as_float", "state/apply/inc_and_dec_value"),
    ],
)
def test_outputs_are_compared_with_their_json_types(
    tmp_path: Path, mode: str, vector_id: str
) -> None:
    """[AIN-CONF-VERDICT.2] 1 is not true and 1.0 is not 1: retyped outputs fail."""
    report = run_broken(mode, copy_sample(tmp_path / "vectors", (vector_id,)))
    assert "wrong_output" in reasons(report)
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


@pytest.mark.parametrize(
    ("mode", "fragment"),
    [
        ("both_kinds", "exactly one of"),
        ("neither_kind", "this one: none"),
        ("string_seq", "seq '"),
        ("bad_shape", "output is not a JSON object"),
    ],
)
def test_protocol_fields_are_checked_without_validate_protocol(
    pair_vectors: Path, mode: str, fragment: str
) -> None:
    """[AIN-CONF-ADAPTER-RUN.2] Both or neither of output and rejected, a string seq, a string
    output: protocol errors whatever the options."""
    report = run_broken(mode, pair_vectors)
    protocol_errors = [r for r in report.results if r.reason == "protocol"]
    assert protocol_errors and all(fragment in r.detail for r in protocol_errors)
    assert not report.is_success()


def test_full_validation_catches_an_unknown_field(pair_vectors: Path) -> None:
    """[AIN-CONF-ADAPTER-RUN.2] With --validate-protocol an unknown field is a protocol error."""
    assert run_broken("extra_field", pair_vectors).is_success()
    strict = run_broken("extra_field", pair_vectors, validate_protocol=True)
    assert reasons(strict) == {"protocol"}


def test_wrong_protocol_version_is_reported_once(sample_vectors: Path) -> None:
    """[AIN-CONF-ADAPTER-HELLO.2] An implementation speaking another version is refused once."""
    report = run_broken("wrong_protocol", sample_vectors)
    assert report.run_error is not None and "protocol 99" in report.run_error
    assert report.results == ()
    assert len(report.not_run) == len(SAMPLE)
    assert not report.is_success()


def test_version_one_adapters_are_told_how_to_upgrade(sample_vectors: Path) -> None:
    """[AIN-CONF-ADAPTER-HELLO.2] Protocol 1 is refused with what to change."""
    report = run_broken("v1", sample_vectors)
    assert report.run_error is not None
    assert "protocol 1 is no longer accepted" in report.run_error
    assert '"case"' in report.run_error and not report.is_success()


def test_a_failed_hello_is_reported_once_with_its_cause(sample_vectors: Path) -> None:
    """[AIN-CONF-ADAPTER-HELLO.2] One run error naming the exit status and stderr."""
    report = run_broken("hello_crash", sample_vectors)
    assert report.results == ()
    assert report.run_error is not None
    assert "exit status 7" in report.run_error and "libfoo" in report.run_error


@pytest.mark.parametrize(
    ("mode", "fragment"),
    [
        ("declares_nothing", "announces none of the selected handlers"),
        ("unknown_handler", "encoding/teleport"),
    ],
)
def test_hello_that_judges_nothing_or_names_unknown_handlers_fails(
    sample_vectors: Path, mode: str, fragment: str
) -> None:
    """[AIN-CONF-VERDICT.2] Nothing judged is no pass; an unknown handler in hello is an error."""
    report = run_broken(mode, sample_vectors)
    assert report.run_error is not None and fragment in report.run_error
    assert not report.is_success()


def test_an_adapter_that_skips_everything_fails(sample_vectors: Path) -> None:
    """[AIN-CONF-VERDICT.2] Skips count against the verdict: no vector judged, no pass."""
    report = run_broken("skip_all", sample_vectors)
    assert report.counts()["skip"] == len(SAMPLE) and report.counts()["pass"] == 0
    assert not report.is_success()


def test_skips_fail_unless_left_out_by_name(sample_vectors: Path) -> None:
    """[AIN-CONF-VERDICT.2] [AIN-CONF-REPORT.2] Unannounced handlers are skips that fail the run;
    leaving their area out by name (--area or --exclude) makes the run pass."""
    crypto_ids = {vector_id for vector_id in SAMPLE if vector_id.startswith("crypto/")}
    report = run_broken("skip_crypto", sample_vectors)
    assert {r.vector_id for r in report.results if r.verdict == "skip"} == crypto_ids
    assert set(report.not_run) == crypto_ids
    assert not report.is_success()
    for selection in (Selection(areas=("encoding",)), Selection(excluded=("crypto",))):
        named = run_broken("skip_crypto", sample_vectors, selection=selection)
        assert named.is_success() and set(named.left_out) == crypto_ids


def test_handler_selection_and_exclusion(sample_vectors: Path) -> None:
    """[AIN-CONF-VERDICT.2] --handler picks handlers; --exclude leaves one out; unknown names
    are errors before anything starts."""
    picked = run_broken("liar", sample_vectors, selection=Selection(handlers=("crypto/keypair",)))
    assert [r.vector_id for r in picked.results] == [
        "crypto/keypair/keypair_and_address_rfc8032_test_1"
    ]
    excluded = run_suite(
        REFERENCE,
        sample_vectors,
        selection=Selection(excluded=("encoding/decode",)),
        differential_examples=0,
    )
    assert excluded.is_success()
    assert not any(r.handler == "decode" for r in excluded.results)
    for selection in (
        Selection(areas=("encodng",)),
        Selection(handlers=("crypto/nope",)),
        Selection(excluded=("nope",)),
    ):
        report = run_suite(REFERENCE, sample_vectors, selection=selection)
        assert report.run_error is not None and "unknown" in report.run_error
        assert not report.is_success()


def test_an_empty_or_missing_tree_is_no_pass(tmp_path: Path) -> None:
    """[AIN-CONF-TREE-CHECK.1] A missing folder, an empty one, or one with no vector fails."""
    missing = run_suite(REFERENCE, tmp_path / "nowhere")
    assert missing.run_error is not None and "no vector tree" in missing.run_error
    empty = run_suite(REFERENCE, tmp_path)
    assert empty.run_error is not None and "MANIFEST.json" in empty.run_error
    write_manifest(tmp_path)
    no_vector = run_suite(REFERENCE, tmp_path)
    assert no_vector.run_error is not None and "holds no vector" in no_vector.run_error
    assert not any(report.is_success() for report in (missing, empty, no_vector))


def test_tree_is_checked_against_its_manifest(tmp_path: Path) -> None:
    """[AIN-CONF-TREE-CHECK.1] A missing, added, edited or malformed vector fails the run and is
    named."""
    root = copy_sample(tmp_path / "vectors")
    (root / "encoding" / "encode" / "integers_use_the_shortest_head_256.json").unlink()
    added = root / "state" / "apply" / "inc_and_dec_value.json"
    added.parent.mkdir(parents=True)
    shutil.copyfile(VECTORS / "state/apply/inc_and_dec_value.json", added)
    edited = root / "crypto" / "tagged_hash" / "tagged_hash_transaction_00ff.json"
    document = json.loads(edited.read_text())
    document["expected"]["output"]["hash"] = "00" * 32
    edited.write_text(json.dumps(document))
    malformed = root / "crypto" / "verify" / "verify_protocol_signatures_other_chain.json"
    malformed.write_text("{not json")
    report = run_suite(REFERENCE, root)
    error = report.run_error or ""
    assert "missing: encoding/encode/integers_use_the_shortest_head_256.json" in error
    assert "added: state/apply/inc_and_dec_value.json" in error
    assert "edited: crypto/tagged_hash/tagged_hash_transaction_00ff.json" in error
    assert "malformed: crypto/verify/verify_protocol_signatures_other_chain.json: not JSON" in error
    assert report.results == () and not report.is_success()


def test_requests_name_no_vector_and_the_adapter_starts_in_an_empty_folder(
    sample_vectors: Path,
) -> None:
    """[AIN-CONF-ADAPTER-RUN.2] The case id is opaque and fresh per run; the working directory
    is empty."""
    assert run_broken("cwd_listing", sample_vectors).is_success()
    from ain_ref.conformance.runner import run_request

    document = json.loads((VECTORS / f"{SAMPLE[1]}.json").read_text())
    request = run_request(1, "0123456789abcdef", document)
    assert set(request) == {"cmd", "seq", "case", "area", "handler", "input"}
    assert "rejected" not in json.dumps(request) and SAMPLE[1] not in json.dumps(request)


def test_an_adapter_that_looks_answers_up_fails_the_differential_part(
    sample_vectors: Path,
) -> None:
    """[AIN-CONF-DIFFERENTIAL.1] Answers looked up by input pass every vector and fail on fresh
    inputs, so the verdict is FAIL."""
    report = run_broken("lookup", sample_vectors, differential_examples=5)
    vectors = [r for r in report.results if not r.vector_id.startswith("differential/")]
    differential = [r for r in report.results if r.vector_id.startswith("differential/")]
    assert all(r.verdict == "pass" for r in vectors)
    assert differential and any(r.reason == "divergence" for r in differential)
    assert not report.is_success()


def test_area_filter_runs_one_area_and_lists_the_rest(sample_vectors: Path) -> None:
    """[AIN-CONF-REPORT.2] Vectors filtered out are listed as not run."""
    report = run_suite(REFERENCE, sample_vectors, areas=("encoding",), differential_examples=0)
    assert {r.area for r in report.results} == {"encoding"}
    assert all(vector_id.startswith("crypto/") for vector_id in report.not_run)
    assert len(report.not_run) == 5
    assert report.not_run_by_area() == {"crypto": list(report.not_run)}


def test_reports_validate_and_agree(sample_vectors: Path, tmp_path: Path) -> None:
    """[AIN-CONF-REPORT.2] The JSON Lines report validates line by line; JUnit counts match."""
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
    assert report_lines(report)[-1]["by_handler"]["crypto/keypair"]["pass"] == 1
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
        ({"output": {"a": True}}, {"output": {"a": 1}}, "fail", "wrong_output"),
        ({"output": {"a": 1}}, {"output": {"a": 1.0}}, "fail", "wrong_output"),
        ({"output": {"a": [0]}}, {"output": {"a": [False]}}, "fail", "wrong_output"),
        ({"output": {"a": 1}}, {"rejected": "X"}, "fail", "unexpected_rejection"),
        ({"rejected": {"code": "X", "clause": "C"}}, {"rejected": "X"}, "pass", "match"),
        ({"rejected": {"code": "X", "clause": "C"}}, {"rejected": "Y"}, "fail", "wrong_code"),
        ({"rejected": {"code": "X", "clause": "C"}}, {"output": {}}, "fail", "missing_rejection"),
        ({"output": {}}, {"skipped": "no"}, "skip", "skipped"),
        ({"rejected": {"code": "X", "clause": "C"}}, {"errored": "boom"}, "error", "errored"),
        (
            {"rejected": {"code": "X", "clause": "C", "location": 3}},
            {"rejected": "X", "location": 3},
            "pass",
            "match",
        ),
        (
            {"rejected": {"code": "X", "clause": "C", "location": 3}},
            {"rejected": "X"},
            "fail",
            "wrong_location",
        ),
        (
            {"rejected": {"code": "X", "clause": "C", "location": {"line": 1, "column": 2}}},
            {"rejected": "X", "location": {"line": 1, "column": 3}},
            "fail",
            "wrong_location",
        ),
        (
            {"rejected": {"code": "X", "clause": "C"}},
            {"rejected": "X", "location": 9},
            "pass",
            "match",
        ),
    ],
)
def test_judge(expected: dict, response: dict, verdict: str, reason: str) -> None:
    """[AIN-CONF-VERDICT.2] Every combination of expectation and answer gets its verdict."""
    assert judge(expected, response)[:2] == (verdict, reason)


def test_a_pinned_location_is_compared_exactly(tmp_path: Path) -> None:
    """[AIN-CONF-VERDICT.2] A vector whose expected rejection carries a location fails an
    implementation that reports another one, or none."""
    root = copy_sample(tmp_path / "vectors", (SAMPLE[1],))
    path = root / f"{SAMPLE[1]}.json"
    document = json.loads(path.read_text())
    for location, verdict in ((4, "match"), (0, "wrong_location")):
        document["expected"]["rejected"]["location"] = location
        path.write_text(json.dumps(document, sort_keys=True, indent=2) + "\n")
        write_manifest(root)
        report = run_suite(REFERENCE, root, differential_examples=0)
        assert reasons(report) == {verdict}
    assert "ENCODING_DUPLICATE_KEY at 4, expected at 0" in report.results[0].detail
    document["expected"]["rejected"]["location"] = 4
    path.write_text(json.dumps(document, sort_keys=True, indent=2) + "\n")
    write_manifest(root)
    assert reasons(run_broken("location_off", root)) == {"wrong_location"}


def test_cli_exit_codes(sample_vectors: Path, tmp_path: Path) -> None:
    """[AIN-CONF-VERDICT.2] `ain-ref conformance run` exits 0 on the reference, 1 on a liar."""
    base = [
        sys.executable,
        "-m",
        "ain_ref.cli",
        "conformance",
        "run",
        "--vectors",
        str(sample_vectors),
        "--brief",
        "--differential-examples",
        "0",
    ]
    good = subprocess.run(base, capture_output=True, text=True, cwd=ROOT)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "10 passed, 0 failed" in good.stdout
    markdown = tmp_path / "summary.md"
    bad = subprocess.run(
        [*base, "--impl", f"{BROKEN} liar", "--markdown", str(markdown)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert bad.returncode == 1
    assert "0 passed, 10 failed" in bad.stdout
    summary = markdown.read_text()
    assert summary.startswith("## ain-ref conformance: FAIL")
    assert "| crypto/keypair | 0 | 1 | 0 | 0 |" in summary and "missing\\_rejection" not in summary
    assert "### Failures" in summary


def test_state_mismatch_reports_where_the_states_differ(tmp_path: Path) -> None:
    """[AIN-CONF-ADAPTER-RUN.2] After a state vector's output differs, get_state shows the
    first paths where the implementation's state parts from the reference's."""
    root = copy_sample(tmp_path / "vectors", ("state/apply/set_value_replaces_and_null_prunes",))
    report = run_broken("state_drift", root)
    [result] = report.results
    assert result.reason == "wrong_output"
    assert "states differ at 1 path(s): /values/drift" in result.detail
