"""
Diagnostics: what a person reads when a job specification is refused.

A diagnostic is a rejection with its position, the offending text and what was expected, in
plain words. ``check`` reports every diagnostic of a document in source order; the first is the
document's rejection.

Spec: spec/jobs.md, "Diagnostics" ([AIN-JOB-DIAGNOSTICS.1]).
Layer: jobs. Imports errors.
"""

from __future__ import annotations

import attrs

from ain_ref.errors import ErrorCode, Rejection, SourceLocation


@attrs.frozen
class Diagnostic:
    """
    One refusal of a job specification, located in its text.

    References
    ----------
    [AIN-JOB-DIAGNOSTICS.1] Code, line, column (code points), offending text, expectation.
    """

    code: ErrorCode
    line: int
    column: int
    text: str  # the offending text, as written
    expected: str  # what would have been accepted, in plain words

    def to_rejection(self) -> Rejection:
        """The rejection this diagnostic stands for, located by line and column."""
        return Rejection(
            self.code,
            f"found {self.text!r}; expected {self.expected}",
            location=SourceLocation(self.line, self.column),
        )

    def describe(self) -> str:
        """One line for editors: ``line:column: CODE: found ...; expected ...``."""
        return (
            f"{self.line}:{self.column}: {self.code}: found {self.text!r}; expected {self.expected}"
        )

    def to_json(self) -> dict[str, object]:
        """The diagnostic as JSON (the ``check`` handler's and ``--json``'s format)."""
        return {
            "code": str(self.code),
            "line": self.line,
            "column": self.column,
            "text": self.text,
            "expected": self.expected,
        }


def in_source_order(diagnostics: list[Diagnostic]) -> tuple[Diagnostic, ...]:
    """
    Diagnostics by line, then column; at one position, in the order they were found.

    References
    ----------
    [AIN-JOB-DIAGNOSTICS.1] Diagnostics are reported in source order.
    """
    return tuple(sorted(diagnostics, key=lambda diagnostic: (diagnostic.line, diagnostic.column)))
