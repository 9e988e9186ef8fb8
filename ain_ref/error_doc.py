"""
spec/errors.md, generated from the error table: every rejection code, its clause and meaning.

The table in ``ain_ref/errors.py`` is the one source; ``render_error_document`` writes it as
Markdown, one section per area section of that file, and a test fails when the committed
``spec/errors.md`` differs from it (tests/unit/test_error_doc.py).

Spec: spec/00-conventions.md, "Rejections" ([AIN-CONV-REJECTION.1]).
Layer: tooling. Reads the source of ``ain_ref.errors``; imports errors only.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Final

import attrs

from ain_ref import errors
from ain_ref.errors import ErrorCode

SECTION_PATTERN: Final = re.compile(r"^\s*# --- (?P<area>[a-z][a-z -]*): (?P<document>\S+) -+\s*$")
"""An area section's opening comment in errors.py: ``# --- <area>: <document> ---``."""
MEMBER_PATTERN: Final = re.compile(r"^    (?P<name>[A-Z][A-Z0-9_]*) = \($")
"""A member row of the table: ``    NAME = (`` at class indentation."""
ERRORS_DOCUMENT: Final = "spec/errors.md"


@attrs.frozen
class ErrorSection:
    """One area section of the table: its name, its spec document and its codes in order."""

    area: str
    document: str
    codes: tuple[ErrorCode, ...]


def error_sections(source: str | None = None) -> tuple[ErrorSection, ...]:
    """
    The table's area sections, in file order, each with its codes in file order.

    Parameters
    ----------
    source : str, optional
        The text of errors.py; by default the installed module's own source.

    Returns
    -------
    tuple[ErrorSection, ...]
        Every section that holds at least one code. A code is in the section whose opening
        comment is the last one above it.

    Raises
    ------
    ValueError
        When a code stands above every section comment, or the source and the enum disagree.
    """
    text = inspect.getsource(errors) if source is None else source
    sections: list[tuple[str, str, list[ErrorCode]]] = []
    seen: list[str] = []
    for line in text.splitlines():
        section = SECTION_PATTERN.match(line)
        if section:
            sections.append((section["area"], section["document"], []))
            continue
        member = MEMBER_PATTERN.match(line)
        if member:
            if not sections:
                raise ValueError(f"{member['name']} stands outside every area section")
            sections[-1][2].append(ErrorCode[member["name"]])
            seen.append(member["name"])
    if sorted(seen) != sorted(code.name for code in ErrorCode):
        raise ValueError("the error table's source and its enum list different codes")
    return tuple(
        ErrorSection(area, document, tuple(codes)) for area, document, codes in sections if codes
    )


def render_error_document(sections: tuple[ErrorSection, ...] | None = None) -> str:
    """
    The text of spec/errors.md.

    References
    ----------
    [AIN-CONV-REJECTION.1] Every code names the clause that defines it.
    """
    lines = [
        "# Errors",
        "",
        "Every rejection code of the protocol, the clause that defines it, and its meaning.",
        "This file is generated from the error table (`ain_ref/errors.py`) by",
        "`ain_ref.error_doc.render_error_document()`; do not edit it by hand. A test fails when",
        "it is not current; regenerate it with `python -m ain_ref.error_doc`.",
        "",
        "Codes are compared as exact strings. Where an input breaks several rules, the code is",
        "that of the first check in the order the defining clauses give ([AIN-CONV-REJECTION.1]).",
    ]
    for section in error_sections() if sections is None else sections:
        lines += ["", f"## {section.area.capitalize()} (`{section.document}`)", ""]
        lines += ["| code | clause | meaning |", "| --- | --- | --- |"]
        lines += [table_row(code) for code in section.codes]
    return "\n".join(lines) + "\n"


def table_row(code: ErrorCode) -> str:
    """One row of a section's table: code, clause, meaning (a ``|`` in the meaning escaped)."""
    meaning = code.meaning.replace("|", "\\|")
    return f"| `{code.value}` | [{code.clause}] | {meaning} |"


def write_error_document(root: Path) -> Path:
    """Write spec/errors.md under a repository root; return its path."""
    path = root / ERRORS_DOCUMENT
    path.write_text(render_error_document(), encoding="utf-8")
    return path


def is_error_document_current(root: Path) -> bool:
    """Whether the committed spec/errors.md equals the generated text."""
    path = root / ERRORS_DOCUMENT
    return path.is_file() and path.read_text(encoding="utf-8") == render_error_document()


if __name__ == "__main__":
    print(write_error_document(Path.cwd()))
