"""
The conformance runner: stream every vector through an implementation and judge each answer.

Spec: spec/conformance.md, "Runner" ([AIN-CONF-VERDICT.1], [AIN-CONF-RUNNER-ROBUST.1],
[AIN-CONF-REPORT.1]).
Layer: conformance tooling.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs

from ain_ref.conformance.process import ExchangeError, ImplementationProcess
from ain_ref.vectors.format import iter_vector_files, load_vector_document

VERDICTS = ("pass", "fail", "skip", "error")


@attrs.frozen
class VectorResult:
    """The verdict on one vector, with enough to see why."""

    vector_id: str
    area: str
    handler: str
    clauses: tuple[str, ...]
    verdict: str  # pass, fail, skip, error
    reason: str
    detail: str
    expected: Any
    actual: Any
    elapsed_ms: int


@attrs.frozen
class RunReport:
    """Everything a run found: per-vector results, what was never run, and any run error."""

    command: str
    implementation: dict[str, Any] | None
    areas: tuple[str, ...] | None
    results: tuple[VectorResult, ...]
    not_run: tuple[str, ...]
    run_error: str | None
    restarts: int

    def counts(self, results: Iterable[VectorResult] | None = None) -> dict[str, int]:
        """Pass, fail, skip and error counts."""
        counted = {verdict: 0 for verdict in VERDICTS}
        for result in self.results if results is None else results:
            counted[result.verdict] += 1
        return counted

    def by_area(self) -> dict[str, dict[str, int]]:
        """Counts per area."""
        areas = sorted({result.area for result in self.results})
        return {area: self.counts(r for r in self.results if r.area == area) for area in areas}

    def by_clause(self) -> dict[str, dict[str, int]]:
        """Counts per clause: a vector counts toward every clause it cites."""
        table: dict[str, dict[str, int]] = {}
        for result in self.results:
            for clause in result.clauses:
                table.setdefault(clause, {verdict: 0 for verdict in VERDICTS})
                table[clause][result.verdict] += 1
        return dict(sorted(table.items()))

    def is_success(self) -> bool:
        """
        Exit 0 only when nothing failed or errored and the run itself completed.

        References
        ----------
        [AIN-CONF-VERDICT.1]
        """
        counted = self.counts()
        return self.run_error is None and counted["fail"] == 0 and counted["error"] == 0


def judge(expected: dict[str, Any], response: dict[str, Any]) -> tuple[str, str, str]:
    """
    Compare an implementation's answer with a vector's expected result.

    Returns
    -------
    tuple[str, str, str]
        (verdict, reason, detail).

    References
    ----------
    [AIN-CONF-VERDICT.1] An output must equal the expected output as JSON; a rejection must
    carry the expected code; anything else fails, and skipped or errored answers are reported
    as such, never as a pass.
    """
    if "skipped" in response:
        return "skip", "skipped", str(response["skipped"])
    if "errored" in response:
        return "error", "errored", str(response["errored"])[:2000]
    if "rejected" in expected:
        expected_code = expected["rejected"]["code"]
        if "rejected" in response:
            if response["rejected"] == expected_code:
                return "pass", "match", ""
            return (
                "fail",
                "wrong_code",
                f"rejected with {response['rejected']}, expected {expected_code}",
            )
        return "fail", "missing_rejection", f"accepted, expected rejection {expected_code}"
    if "rejected" in response:
        return (
            "fail",
            "unexpected_rejection",
            f"rejected with {response['rejected']}, expected an output",
        )
    if response.get("output") == expected["output"]:
        return "pass", "match", ""
    return "fail", "wrong_output", "output differs from the expected output"


def load_vectors(vectors_root: Path, areas: tuple[str, ...] | None) -> list[dict[str, Any]]:
    """Every vector under a root, in ID order, optionally only those of some areas."""
    documents = [load_vector_document(path) for path in iter_vector_files(vectors_root)]
    documents.sort(key=lambda document: document["meta"]["id"])
    if areas is None:
        return documents
    return [document for document in documents if document["meta"]["area"] in areas]


def vector_result(
    document: dict[str, Any],
    verdict: str,
    reason: str,
    detail: str,
    actual: Any = None,
    elapsed_ms: int = 0,
) -> VectorResult:
    """The result of one vector: its coordinates and clauses, the verdict and the evidence."""
    meta = document["meta"]
    return VectorResult(
        vector_id=meta["id"],
        area=meta["area"],
        handler=meta["handler"],
        clauses=tuple(meta["clauses"]),
        verdict=verdict,
        reason=reason,
        detail=detail,
        expected=document["expected"],
        actual=actual,
        elapsed_ms=elapsed_ms,
    )


def run_one(
    implementation: ImplementationProcess, seq: int, document: dict[str, Any]
) -> VectorResult:
    """Send one vector and judge the answer; a failed exchange is an error of its kind."""
    meta = document["meta"]
    request = {
        "cmd": "run",
        "seq": seq,
        "vector_id": meta["id"],
        "area": meta["area"],
        "handler": meta["handler"],
        "input": document["input"],
    }
    started = time.monotonic()
    actual: Any = None
    try:
        actual = implementation.exchange(request, "run-response")
        verdict, reason, detail = judge(document["expected"], actual)
        if reason == "wrong_output" and meta["area"] == "state":
            detail += state_difference(implementation, seq, document)
    except ExchangeError as failure:
        verdict, reason, detail = "error", failure.kind, failure.detail
    elapsed_ms = int((time.monotonic() - started) * 1000)
    return vector_result(document, verdict, reason, detail, actual, elapsed_ms)


def state_difference(
    implementation: ImplementationProcess, seq: int, document: dict[str, Any]
) -> str:
    """
    Where the implementation's state parts from the reference's, after an output differed.

    Asks the implementation for get_state, reruns the vector on the reference, and lists the
    first differing paths, as a line for the report.

    References
    ----------
    [AIN-CONF-ADAPTER-RUN.1] get_state, for diffing after a mismatch.
    """
    from ain_ref.conformance.handlers import find_handler
    from ain_ref.conformance.handlers.state import LastState

    response = implementation.exchange({"cmd": "get_state", "seq": seq}, "run-response")
    handler = find_handler(document["meta"]["area"], document["meta"]["handler"])
    if handler is None or "state" not in response:
        return ""
    handler.run(document["input"])
    expected, actual = flatten_state(LastState.exported()), flatten_state(response["state"])
    differing = sorted(
        path for path in expected.keys() | actual.keys() if expected.get(path) != actual.get(path)
    )
    if not differing:
        return "; the final states agree"
    shown = ", ".join(
        f"{path} (expected {expected.get(path)!r:.40}, got {actual.get(path)!r:.40})"
        for path in differing[:5]
    )
    return f"; states differ at {len(differing)} path(s): {shown}"


def flatten_state(state: Any, prefix: str = "") -> dict[str, Any]:
    """A typed-JSON state as {path: leaf}, following the map wrappers."""
    if isinstance(state, dict) and set(state) == {"map"} and isinstance(state["map"], dict):
        flat: dict[str, Any] = {}
        for label, child in state["map"].items():
            flat.update(flatten_state(child, f"{prefix}/{label}"))
        return flat
    return {prefix or "/": state}


def implements(hello: dict[str, Any] | None, area: str, handler: str) -> bool:
    """Whether the implementation's hello lists a handler."""
    if hello is None:
        return False
    handlers = hello.get("areas", {}).get(area, [])
    return isinstance(handlers, list) and handler in handlers


def run_suite(
    command: str,
    vectors_root: Path,
    *,
    areas: tuple[str, ...] | None = None,
    timeout_seconds: float = 10.0,
    validate_protocol: bool = False,
    on_result: Callable[[VectorResult], None] | None = None,
) -> RunReport:
    """
    Run every selected vector through the implementation started by ``command``.

    References
    ----------
    [AIN-CONF-RUNNER-ROBUST.1] One process for the run; each vector has a timeout; a crashed or
    hung implementation is restarted and the failure recorded against that vector; if it
    cannot be restarted, the remaining vectors are errors; the run always finishes.
    [AIN-CONF-REPORT.1] Vectors never run are listed.
    """
    documents = load_vectors(vectors_root, areas)
    all_ids = [document["meta"]["id"] for document in load_vectors(vectors_root, None)]
    implementation = ImplementationProcess(command, timeout_seconds, validate_protocol)
    results: list[VectorResult] = []
    run_error: str | None = None
    hello: dict[str, Any] | None = None

    def record(result: VectorResult) -> None:
        results.append(result)
        if on_result is not None:
            on_result(result)

    try:
        hello = implementation.start()
    except ExchangeError as failure:
        run_error = f"hello failed: {failure}"
    for seq, document in enumerate(documents, 1):
        meta = document["meta"]
        if run_error is not None:
            record(vector_result(document, "error", "hello_failed", run_error))
            continue
        if not implements(hello, meta["area"], meta["handler"]):
            record(vector_result(document, "skip", "not_implemented", "handler not in hello"))
            continue
        result = run_one(implementation, seq, document)
        record(result)
        if result.reason in ("timeout", "crashed", "garbage", "protocol"):
            try:
                hello = implementation.restart()
            except ExchangeError as failure:
                run_error = f"could not restart after {result.reason}: {failure}"
    implementation.stop()
    exercised = {
        result.vector_id
        for result in results
        if result.reason not in ("not_implemented", "skipped", "hello_failed")
    }
    return RunReport(
        command=command,
        implementation=(hello or {}).get("implementation"),
        areas=areas,
        results=tuple(results),
        not_run=tuple(vector_id for vector_id in all_ids if vector_id not in exercised),
        run_error=run_error,
        restarts=implementation.restarts,
    )
