"""Clause tooling: parsing, citations, and the repository's own coverage."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ain_ref.clauses import build_coverage, clause_level, parse_clauses

ROOT = Path(__file__).parents[2]


def write_spec(directory: Path, text: str) -> Path:
    """A one-file spec directory."""
    spec = directory / "spec"
    spec.mkdir()
    (spec / "area.md").write_text(text)
    return spec


def test_clauses_open_with_a_bold_id_and_run_to_a_blank_line(tmp_path: Path) -> None:
    """[AIN-CONV-CLAUSE-ID.1] Bold IDs define clauses; plain citations do not."""
    spec = write_spec(
        tmp_path,
        (
            "**[AIN-EXAMPLE-ONE.1]** A value MUST be\nsmall.\n\n"
            "See [AIN-EXAMPLE-ONE.1]. **[AIN-EXAMPLE-TWO.2]** It SHOULD be round.\n\n"
            "**[AIN-example-bad.1]** not an ID.\n"
        ),
    )
    clauses, problems = parse_clauses(spec)
    assert [c.clause_id for c in clauses] == ["AIN-EXAMPLE-ONE.1", "AIN-EXAMPLE-TWO.2"]
    assert clauses[0].text == "**[AIN-EXAMPLE-ONE.1]** A value MUST be small."
    assert [c.level for c in clauses] == ["MUST", "SHOULD"]
    assert not problems


def test_a_clause_id_is_defined_once(tmp_path: Path) -> None:
    """[AIN-CONV-CLAUSE-REVISION.1] Defining an ID twice is a problem."""
    spec = write_spec(
        tmp_path, "**[AIN-EXAMPLE-ONE.1]** MUST.\n\n**[AIN-EXAMPLE-ONE.1]** MUST again.\n"
    )
    _, problems = parse_clauses(spec)
    assert problems and "defined twice" in problems[0]


def test_a_name_is_in_force_in_one_revision(tmp_path: Path) -> None:
    """[AIN-CONV-CLAUSE-REVISION.1] Two revisions of one name in force is a problem; a
    withdrawn older revision is not."""
    spec = write_spec(
        tmp_path, "**[AIN-EXAMPLE-ONE.1]** MUST.\n\n**[AIN-EXAMPLE-ONE.2]** MUST, revised.\n"
    )
    _, problems = parse_clauses(spec)
    assert len(problems) == 1 and "AIN-EXAMPLE-ONE is in force" in problems[0]
    (spec / "area.md").write_text(
        "**[AIN-EXAMPLE-ONE.1]** *withdrawn*: see the next.\n\n**[AIN-EXAMPLE-ONE.2]** MUST.\n"
    )
    assert parse_clauses(spec)[1] == []


def test_levels() -> None:
    """[AIN-CONV-CLAUSE-ID.1] A clause's level is its strongest keyword."""
    assert clause_level("It MAY and MUST NOT") == "MUST"
    assert clause_level("It is REQUIRED") == "MUST"
    assert clause_level("It is RECOMMENDED") == "SHOULD"
    assert clause_level("It may or must") == "INFO"


def test_unknown_citations_and_uncovered_clauses_are_reported(tmp_path: Path) -> None:
    """[AIN-CONV-CLAUSE-ID.1] Citing an unknown clause, or leaving a MUST bare, is caught."""
    write_spec(tmp_path, "**[AIN-CONV-REJECTION.1]** MUST.\n\n**[AIN-EXAMPLE-BARE.1]** MUST.\n")
    package = tmp_path / "ain_ref"
    package.mkdir()
    ghost = "AIN-" + "GHOST-CITED.1"  # spelled apart so the repository's own scan skips it
    (package / "m.py").write_text(f'def f():\n    """Do it [{ghost}]."""\n')
    (tmp_path / "tests").mkdir()
    (tmp_path / "vectors").mkdir()
    report = build_coverage(tmp_path)
    assert any(f"unknown clause {ghost}" in problem for problem in report.problems)
    assert not report.is_complete()
    bare = next(row for row in report.rows if row.clause.clause_id == "AIN-EXAMPLE-BARE.1")
    assert not bare.is_complete()


def test_the_repository_covers_every_must_clause() -> None:
    """[AIN-CONV-CLAUSE-ID.1] [AIN-CONV-REJECTION.1] Every MUST clause has code and a test or
    vector, every citation is known, and `ain-ref spec coverage` says so."""
    report = build_coverage(ROOT)
    assert report.problems == ()
    assert [row.clause.clause_id for row in report.rows if not row.is_complete()] == []
    result = subprocess.run(
        [sys.executable, "-m", "ain_ref.cli", "spec", "coverage"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-2000:]


def test_versions_are_stated() -> None:
    """[AIN-CONV-VERSIONS.1] --version states the spec, vector format and protocol versions."""
    result = subprocess.run(
        [sys.executable, "-m", "ain_ref.cli", "--version"], capture_output=True, text=True
    )
    assert "spec 0.1.0" in result.stdout and "vector format 1" in result.stdout
    assert "adapter protocol 2" in result.stdout


def test_citations_of_unknown_or_withdrawn_clauses_in_any_text_are_reported(
    tmp_path: Path,
) -> None:
    """[AIN-CONV-CLAUSE-REVISION.1] [AIN-CONV-CLAUSE-ID.1] Prose, code comments, tests and
    vectors that cite a withdrawn clause (other than to say it is withdrawn) or an unknown one
    are caught; the stub of the withdrawn clause and a line saying "withdrawn" are not."""
    old, new, ghost = ("AIN-" + name for name in ("OLD-RULE.1", "OLD-RULE.2", "GHOST-NAME.1"))
    write_spec(
        tmp_path,
        f"**[{old}]** *withdrawn*: replaced by [{new}].\n\n"
        f"**[{new}]** It MUST hold.\n\nAs [{old}] says, and [{ghost}].\n",
    )
    package = tmp_path / "ain_ref"
    package.mkdir()
    (package / "m.py").write_text(
        f'def f():\n    """Do it [{new}]."""\n    # [{old}] was withdrawn: fine\n    # [{old}]\n'
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_m.py").write_text(f'def test_m():\n    """[{old}]"""\n')
    (tmp_path / "vectors").mkdir()
    report = build_coverage(tmp_path)
    citations = [problem for problem in report.problems if not problem.startswith("error code")]
    assert sorted(citations) == sorted(
        [
            f"spec/area.md:5 cites withdrawn clause {old} (cite its replacement, or say in "
            "the line that it is withdrawn)",
            f"spec/area.md:5 cites unknown clause {ghost}",
            f"ain_ref/m.py:4 cites withdrawn clause {old} (cite its replacement, or say in "
            "the line that it is withdrawn)",
            f"tests/test_m.py:2 cites withdrawn clause {old} (cite its replacement, or say in "
            "the line that it is withdrawn)",
            f"tests cite withdrawn clause {old}: tests/test_m.py::test_m",
        ]
    )
    parsed, _ = parse_clauses(tmp_path / "spec")
    assert [clause.withdrawn for clause in parsed] == [True, False]
