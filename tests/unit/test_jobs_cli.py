"""``ain-ref jobspec check`` and ``ain-ref jobspec fmt``: output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ain_ref.cli import main
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import clauses
from tests.fillers.jobs.common import MINIMAL


@clauses("AIN-JOB-CHECK.1", "AIN-JOB-DIAGNOSTICS.1", "AIN-JOB-LIMITS.1")
def test_check_exit_codes_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Valid files exit 0; an invalid one exits 1 with JSON diagnostics; unreadable exits 2."""
    good, bad, not_utf8 = (
        tmp_path / "good.jobspec",
        tmp_path / "bad.jobspec",
        tmp_path / "x.jobspec",
    )
    good.write_text(MINIMAL, encoding="utf-8")
    bad.write_text(MINIMAL.replace("quorum 1", "quorum 1\n    colour red"), encoding="utf-8")
    not_utf8.write_bytes(b"jobspec 1\n\xff")
    assert main(["jobspec", "check", str(good)]) == 0
    assert main(["jobspec", "check", "--json", str(good), str(bad), str(not_utf8)]) == 1
    reports = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert [report["valid"] for report in reports] == [True, False, False]
    assert reports[1]["diagnostics"][0]["code"] == "JOBSPEC_UNKNOWN_FIELD"
    assert reports[2]["diagnostics"][0] == {
        "code": ErrorCode.JOBSPEC_NOT_UTF8,
        "line": 2,
        "column": 1,
        "text": "ff",
        "expected": "UTF-8 text",
    }
    assert main(["jobspec", "check", str(tmp_path / "missing.jobspec")]) == 2


@clauses("AIN-JOB-FORMAT.1")
def test_fmt_write_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """fmt --check fails on an unformatted file; --write formats it; then --check passes."""
    path = tmp_path / "job.jobspec"
    path.write_text(MINIMAL.replace("    quorum 1", "\tquorum   1  # one"), encoding="utf-8")
    assert main(["jobspec", "fmt", "--check", str(path)]) == 1
    assert main(["jobspec", "fmt", "--write", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == MINIMAL
    assert main(["jobspec", "fmt", "--check", str(path)]) == 0
    capsys.readouterr()
    assert main(["jobspec", "fmt", str(path)]) == 0
    assert capsys.readouterr().out == MINIMAL
