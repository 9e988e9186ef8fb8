"""
Fillers: one test function is both a pytest test and a vector generator.

Under pytest, a filler runs the reference handler on its input and fails unless the outcome is
the one the test authored (a different rejection code is a failure). Under
``ain-ref vectors generate`` it also writes the case as a vector file. A vector's ID comes from
the handler and the test function's name, never from its prose.

Spec: spec/conformance.md, "Vectors" ([AIN-CONF-VECTOR-FILLER.1], [AIN-CONF-VECTOR-ID.1]).
Layer: conformance tooling.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import attrs

from ain_ref.clauses import CLAUSE_ID_PATTERN
from ain_ref.conformance.handlers import find_handler
from ain_ref.conformance.verdict import location_json
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.vectors.format import (
    VECTOR_FLAGS,
    VECTOR_ID_PATTERN,
    Vector,
    canonical_json,
    vector_path,
)

TestFunction = TypeVar("TestFunction", bound=Callable[..., Any])
CLAUSES_ATTRIBUTE = "__ain_clauses__"


def clauses(*clause_ids: str) -> Callable[[TestFunction], TestFunction]:
    """
    Declare the clauses a test (and every vector it fills) covers.

    References
    ----------
    [AIN-CONF-VECTOR-FORMAT.2] Every vector lists the clauses it covers.
    """
    for clause_id in clause_ids:
        if not CLAUSE_ID_PATTERN.fullmatch(clause_id):
            raise ValueError(f"not a clause ID: {clause_id!r}")

    def mark(function: TestFunction) -> TestFunction:
        setattr(function, CLAUSES_ATTRIBUTE, tuple(clause_ids))
        return function

    return mark


class FillerMismatchError(AssertionError):
    """The reference's outcome is not the one the filler authored."""


@attrs.define
class VectorSink:
    """Where generated vectors go (None under a plain test run), and which IDs were written."""

    output_root: Path | None
    written: dict[str, str] = attrs.field(factory=dict)

    def write(self, vector: Vector) -> None:
        """Write one vector; two fillers may never produce the same ID."""
        if vector.vector_id in self.written:
            raise FillerMismatchError(
                f"vector {vector.vector_id} filled twice: {self.written[vector.vector_id]} "
                f"and {vector.source}"
            )
        self.written[vector.vector_id] = vector.source
        if self.output_root is None:
            return
        path = vector_path(self.output_root, vector.vector_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(canonical_json(vector.to_document()), encoding="utf-8")


@attrs.define
class Filler:
    """
    The callable a filler test receives: check one case against the reference, then emit it.

    References
    ----------
    [AIN-CONF-VECTOR-FILLER.1] Expected results come from the reference and must equal what
    the test authored.
    """

    test_function: Callable[..., Any]
    source: str
    sink: VectorSink

    def __call__(
        self,
        area: str,
        handler: str,
        vector_input: dict[str, Any],
        *,
        output: dict[str, Any] | None = None,
        rejection: ErrorCode | None = None,
        case: str = "",
        flags: Iterable[str] = (),
        note: str = "",
        extra_clauses: Iterable[str] = (),
        pin_location: bool = False,
    ) -> Vector:
        """
        Run one case on the reference, assert the authored outcome, and emit the vector.

        Parameters
        ----------
        area, handler : str
            The handler the case exercises.
        vector_input : dict
            The vector's input.
        output : dict, optional
            The authored output, for a case the reference accepts.
        rejection : ErrorCode, optional
            The authored rejection code, for a case the reference refuses.
        case : str
            Suffix that tells apart several cases filled by one test.
        flags : iterable of str
            Vector flags (``VECTOR_FLAGS``).
        note : str
            A line added to the description for this case alone.
        extra_clauses : iterable of str
            Clauses this case covers beyond the test's own.
        pin_location : bool
            For a rejection: the vector also carries the reference's ``location``, which the
            runner then compares exactly; the reference must name one.
        """
        if (output is None) == (rejection is None):
            raise FillerMismatchError("author exactly one of output= and rejection=")
        unknown_flags = set(flags) - VECTOR_FLAGS
        if unknown_flags:
            raise FillerMismatchError(f"unknown vector flags {sorted(unknown_flags)}")
        reference = find_handler(area, handler)
        if reference is None:
            raise FillerMismatchError(f"no handler {area}/{handler}")
        result = reference.run(vector_input)
        self.check_outcome(result, output, rejection)
        vector = Vector(
            vector_id=self.vector_id(area, handler, case),
            area=area,
            handler=handler,
            clauses=self.clauses(extra_clauses),
            description=self.description(note),
            flags=tuple(sorted(set(flags))),
            source=self.source,
            input=vector_input,
            expected_output=output,
            expected_rejection=rejection,
            expected_location=self.pinned_location(result, pin_location),
        )
        self.sink.write(vector)
        return vector

    @staticmethod
    def pinned_location(result: dict[str, Any] | Rejection, pin_location: bool) -> Any:
        """
        The location a vector pins: the reference's, when asked for and named.

        References
        ----------
        [AIN-CONF-VECTOR-FORMAT.2]
        """
        if not pin_location:
            return None
        if not isinstance(result, Rejection) or result.location is None:
            raise FillerMismatchError("pin_location=True, but the reference names no location")
        return location_json(result.location)

    @staticmethod
    def check_outcome(
        result: dict[str, Any] | Rejection,
        output: dict[str, Any] | None,
        rejection: ErrorCode | None,
    ) -> None:
        """Fail unless the reference did exactly what the test authored."""
        if rejection is not None:
            if not isinstance(result, Rejection):
                raise FillerMismatchError(f"expected {rejection}, reference accepted: {result}")
            if result.code != rejection:
                raise FillerMismatchError(
                    f"expected {rejection}, reference rejected with {result.describe()}"
                )
            return
        if isinstance(result, Rejection):
            raise FillerMismatchError(
                f"expected an output, reference rejected: {result.describe()}"
            )
        if result != output:
            raise FillerMismatchError(
                f"output differs:\n  authored  {output}\n  reference {result}"
            )

    def vector_id(self, area: str, handler: str, case: str) -> str:
        """``<area>/<handler>/<function name without test_>[_<case>]`` [AIN-CONF-VECTOR-ID.1]."""
        name = self.test_function.__name__.removeprefix("test_")
        vector_id = f"{area}/{handler}/{name}" + (f"_{case}" if case else "")
        if not VECTOR_ID_PATTERN.fullmatch(vector_id):
            raise FillerMismatchError(f"bad vector id {vector_id!r}")
        return vector_id

    def clauses(self, extra_clauses: Iterable[str]) -> tuple[str, ...]:
        """The test's declared clauses plus the case's own; a vector must cite at least one."""
        declared = getattr(self.test_function, CLAUSES_ATTRIBUTE, ())
        combined = tuple(dict.fromkeys([*declared, *extra_clauses]))
        if not combined:
            raise FillerMismatchError(f"{self.source}: a filler must declare @clauses(...)")
        return combined

    def description(self, note: str) -> str:
        """The test's docstring (Given / When / Then), plus the case's note."""
        docstring = inspect.getdoc(self.test_function)
        if not docstring:
            raise FillerMismatchError(f"{self.source}: a filler needs a Given/When/Then docstring")
        return docstring + (f"\n\nCase: {note}" if note else "")
