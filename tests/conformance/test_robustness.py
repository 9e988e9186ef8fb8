"""A run always finishes and reports: hangs, floods, deep JSON, hostile text, repeated crashes."""

from __future__ import annotations

import io
import json
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from rich.console import Console

from ain_ref.cli import main
from ain_ref.conformance import process
from ain_ref.conformance.process import STDERR_TAIL_BYTES, ImplementationProcess
from ain_ref.conformance.report import (
    markdown_summary,
    print_summary,
    write_json_lines,
    write_junit,
)
from ain_ref.conformance.runner import RunReport, bounded_actual, run_suite
from tests.conformance.test_runner import BROKEN, SAMPLE, copy_sample, reasons, run_broken


@pytest.fixture(scope="module")
def sample_vectors(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ten-vector sample tree."""
    return copy_sample(tmp_path_factory.mktemp("vectors"))


def test_a_hang_behind_a_shell_is_killed_with_its_process_group(sample_vectors: Path) -> None:
    """[AIN-CONF-RUNNER-ROBUST.1] An adapter started through a shell, whose child keeps the pipes
    open, is killed as a group on timeout, and the run goes on and finishes."""
    started = time.monotonic()
    report = run_suite(
        f"sh -c '{BROKEN} shell_hang'",
        sample_vectors,
        timeout_seconds=1.0,
        differential_examples=0,
    )
    assert "timeout" in reasons(report) and report.counts()["pass"] >= 1
    assert len(report.results) == len(SAMPLE)
    assert time.monotonic() - started < 120


def test_an_overlong_line_is_garbage_and_memory_stays_bounded(
    sample_vectors: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """[AIN-CONF-RUNNER-BOUNDS.1] A response line past the limit is garbage, not a whole read."""
    monkeypatch.setattr(process, "MAX_LINE_BYTES", 1024 * 1024)
    report = run_broken("long_line", sample_vectors, timeout_seconds=5.0)
    garbage = [r for r in report.results if r.reason == "garbage"]
    assert garbage and all("longer than 1048576 bytes" in r.detail for r in garbage)
    assert report.counts()["pass"] >= 1


def test_json_nested_too_deep_is_garbage(sample_vectors: Path) -> None:
    """[AIN-CONF-RUNNER-BOUNDS.1] JSON nested 100,000 deep never reaches a recursive walk."""
    report = run_broken("deep_json", sample_vectors, timeout_seconds=5.0)
    deep = [r for r in report.results if r.reason == "garbage"]
    assert deep and all("nested deeper" in r.detail for r in deep)


def test_stderr_is_kept_as_a_bounded_tail() -> None:
    """[AIN-CONF-RUNNER-BOUNDS.1] 20 MiB of stderr leave at most a small tail in memory."""
    implementation = ImplementationProcess(f"{BROKEN} stderr_flood", 30.0)
    implementation.start()
    request = {
        "cmd": "run",
        "seq": 1,
        "case": "00" * 8,
        "area": "crypto",
        "handler": "keypair",
        "input": {"seed": "00" * 32},
    }
    assert "output" in implementation.exchange(request, "run-response")
    time.sleep(1.0)
    kept = sum(map(len, list(implementation.stderr_tail)))
    assert kept <= 2 * STDERR_TAIL_BYTES + 65536
    assert len(implementation.stderr_text()) <= STDERR_TAIL_BYTES
    implementation.stop()


def test_actual_is_truncated_in_reports() -> None:
    """[AIN-CONF-RUNNER-BOUNDS.1] A long answer is kept as a truncated text and its length."""
    long_answer = {"output": {"bytes": "ab" * 10000}}
    kept = bounded_actual(long_answer)
    assert set(kept) == {"truncated", "length"} and len(kept["truncated"]) == 4096
    assert bounded_actual({"output": {}}) == {"output": {}}


def test_the_circuit_breaker_stops_restarting_a_handler(tmp_path: Path) -> None:
    """[AIN-CONF-RUNNER-BREAKER.1] After three consecutive crashes on one handler its other
    vectors are errors at once, said so, and the run finishes."""
    four_decodes = copy_sample(tmp_path / "vectors", SAMPLE[:4])
    report = run_broken("crash_always", four_decodes, timeout_seconds=5.0)
    decode = [r for r in report.results if r.handler == "decode"]
    assert [r.reason for r in decode].count("crashed") == 3
    opened = [r for r in decode if r.reason == "circuit_open"]
    assert len(opened) == 1 and "timed out or crashed" in opened[0].detail
    assert len(report.results) == 4 and not report.is_success()


def test_hostile_text_is_escaped_everywhere(sample_vectors: Path, tmp_path: Path) -> None:
    """[AIN-CONF-REPORT-ESCAPE.1] Markup, spoofed lines, escapes and a lone surrogate from an
    adapter print as visible escapes; JUnit stays valid XML; JSON Lines stays ASCII."""
    report = run_broken("hostile_text", sample_vectors)
    assert reasons(report) == {"errored"}
    buffer = io.StringIO()
    print_summary(report, Console(file=buffer, width=400, color_system=None))
    text = buffer.getvalue()
    text.encode("utf-8")  # no lone surrogate survives
    assert "\x1b" not in text and "\u202e" not in text
    assert not any(line.startswith("PASS") for line in text.splitlines())
    assert "[bold red]PASS[/]" in text  # shown as text, not applied
    assert "\\ud800" in text and "\\x1b" in text
    assert text.splitlines()[-1].startswith("FAIL")
    junit = tmp_path / "junit.xml"
    write_junit(report, junit)
    ElementTree.parse(junit)
    jsonl = tmp_path / "report.jsonl"
    write_json_lines(report, jsonl)
    jsonl.read_bytes().decode("ascii")
    assert [json.loads(line)["type"] for line in jsonl.read_text().splitlines()][-1] == "footer"
    markdown = markdown_summary(report)
    markdown.encode("utf-8")
    assert "\\|" not in markdown or "|" in markdown


def test_a_run_error_is_valid_junit_and_markdown(tmp_path: Path) -> None:
    """[AIN-CONF-REPORT-ESCAPE.1] A run that could not start still writes valid reports."""
    report = RunReport("x", None, None, (), (), "hello failed: \x00\ud800 <&>", 0)
    junit = tmp_path / "junit.xml"
    write_junit(report, junit)
    root = ElementTree.parse(junit).getroot()
    assert root.find("./testsuite/testcase/error") is not None
    assert "FAIL" in markdown_summary(report)


def test_bad_arguments_are_one_line_and_a_non_zero_exit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """[AIN-CONF-REPORT.2] Every bad argument: one line on stderr, exit 2, no traceback."""
    monkeypatch.chdir(tmp_path)
    cases = [
        ["conformance", "run", "--timeout", "nan"],
        ["conformance", "run", "--timeout", "-1"],
        ["conformance", "run", "--timeout", "inf"],
        ["conformance", "run", "--impl", 'node "unterminated'],
        ["conformance", "run", "--impl", "no-such-program-anywhere"],
        ["conformance", "run", "--report", str(tmp_path / "missing" / "r.jsonl")],
        ["conformance", "run", "--junit", str(tmp_path)],
        ["conformance", "run", "--area", "encodng"],
        ["conformance", "run", "--handler", "crypto/nope"],
        ["conformance", "fuzz", "--area", "encoding", "--examples", "0"],
        ["conformance", "fuzz", "--area", "nowhere"],
        ["conformance", "fuzz", "--area", "encoding", "--handler", "nope"],
        ["conformance", "nonsense"],
    ]
    for arguments in cases:
        try:
            exit_code = main(arguments)
        except SystemExit as exit_request:
            exit_code = exit_request.code  # type: ignore[assignment]
        captured = capsys.readouterr()
        assert exit_code == 2, (arguments, captured.err)
        assert len(captured.err.strip().splitlines()) == 1, (arguments, captured.err)
        assert captured.out == ""
