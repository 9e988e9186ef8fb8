"""spec/errors.md is generated from the error table and kept current."""

from pathlib import Path

import pytest

from ain_ref.error_doc import (
    error_sections,
    is_error_document_current,
    render_error_document,
)
from ain_ref.errors import ErrorCode

ROOT = Path(__file__).parents[2]


def test_spec_errors_md_is_current() -> None:
    """[AIN-CONV-REJECTION.1] spec/errors.md equals the text generated from ain_ref/errors.py."""
    assert is_error_document_current(ROOT), (
        "spec/errors.md is not current: run `python -m ain_ref.error_doc` and commit it"
    )


def test_every_code_appears_once_with_its_clause_and_meaning() -> None:
    """Each code has one row: code, clause, meaning, under its area's section."""
    text = render_error_document()
    for code in ErrorCode:
        rows = [line for line in text.splitlines() if line.startswith(f"| `{code.value}` |")]
        assert rows == [f"| `{code.value}` | [{code.clause}] | {code.meaning} |"], code
    sections = error_sections()
    assert [section.area for section in sections][:2] == ["encoding", "crypto"]
    assert sum(len(section.codes) for section in sections) == len(ErrorCode)


def test_a_code_outside_every_section_is_refused() -> None:
    """The generator refuses a table whose rows do not all sit in an area section."""
    source = "class ErrorCode:\n    ENCODING_TRUNCATED = (\n"
    with pytest.raises(ValueError, match="outside every area section"):
        error_sections(source)


def test_a_source_that_disagrees_with_the_enum_is_refused() -> None:
    """The generator refuses a source that lists other codes than the enum."""
    source = "    # --- encoding: spec/encoding.md ---\n    ENCODING_TRUNCATED = (\n"
    with pytest.raises(ValueError, match="different codes"):
        error_sections(source)
