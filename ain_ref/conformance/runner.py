"""
The conformance runner: stream every vector through an implementation and judge each answer.

A run checks its vector tree against the manifest, selects vectors by area and handler,
sends each with an opaque case id in an order drawn for the run, judges the answers
type-exactly, and ends with a short differential run on fresh inputs against the reference.
Nothing that judged no vector, skipped a vector it was not told to leave out, or failed to
start is a pass.

Spec: spec/conformance.md, "Runner" ([AIN-CONF-VERDICT.2], [AIN-CONF-RUNNER-ROBUST.1],
[AIN-CONF-RUNNER-BREAKER.1], [AIN-CONF-DIFFERENTIAL.1], [AIN-CONF-REPORT.2]).
Layer: conformance tooling.
"""

from __future__ import annotations

import json
import random
import secrets
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Final

import attrs

from ain_ref.conformance.fuzz import find_divergence
from ain_ref.conformance.handlers import ALL_HANDLERS, find_handler
from ain_ref.conformance.process import ExchangeError, ImplementationProcess
from ain_ref.conformance.strategies import HANDLER_STRATEGIES
from ain_ref.conformance.verdict import judge
from ain_ref.vectors.format import iter_vector_files, load_vector_document
from ain_ref.vectors.manifest import tree_problems

VERDICTS: Final = ("pass", "fail", "skip", "error")
BREAKER_THRESHOLD: Final = 3
"""Consecutive timeouts or crashes of one handler after which its other vectors are not sent."""
DIFFERENTIAL_EXAMPLES: Final = 25
"""Fresh inputs per handler in the differential part of a verdict."""
ACTUAL_KEPT_CHARACTERS: Final = 4096
"""An answer longer than this (as JSON) is truncated in reports."""
DIFFERENTIAL_PREFIX: Final = "differential"
RESTARTING_KINDS: Final = ("timeout", "crashed", "garbage", "protocol")
BREAKING_KINDS: Final = ("timeout", "crashed")


class SelectionError(ValueError):
    """An ``--area``, ``--handler`` or ``--exclude`` naming nothing the suite knows."""


@attrs.frozen
class Selection:
    """
    Which vectors a run judges: areas and handlers named in, and names left out.

    Vectors outside the selection are left out by name and never count against the verdict;
    every vector inside it must be judged [AIN-CONF-VERDICT.2].
    """

    areas: tuple[str, ...] = ()
    handlers: tuple[str, ...] = ()  # "area/handler"
    excluded: tuple[str, ...] = ()  # "area" or "area/handler"

    def includes(self, area: str, handler: str) -> bool:
        """Whether a handler's vectors are in the run."""
        named = f"{area}/{handler}"
        if area in self.excluded or named in self.excluded:
            return False
        if not self.areas and not self.handlers:
            return True
        return area in self.areas or named in self.handlers

    def problems(self) -> list[str]:
        """Names the suite does not know, as error lines."""
        known_areas = {handler.area for handler in ALL_HANDLERS}
        known = {f"{handler.area}/{handler.name}" for handler in ALL_HANDLERS}
        found = [f"unknown area {area!r}" for area in self.areas if area not in known_areas]
        found += [f"unknown handler {name!r}" for name in self.handlers if name not in known]
        found += [
            f"unknown area or handler {name!r} in --exclude"
            for name in self.excluded
            if name not in known_areas and name not in known
        ]
        if found:
            found.append(f"known areas: {', '.join(sorted(known_areas))}")
        return found


@attrs.frozen
class VectorResult:
    """The verdict on one vector (or one handler's differential run), with enough to see why."""

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
    order_seed: int = 0
    left_out: tuple[str, ...] = ()  # vectors left out by name

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

    def by_handler(self) -> dict[str, dict[str, int]]:
        """Counts per ``area/handler``."""
        keys = sorted({f"{r.area}/{r.handler}" for r in self.results})
        return {
            key: self.counts(r for r in self.results if f"{r.area}/{r.handler}" == key)
            for key in keys
        }

    def by_clause(self) -> dict[str, dict[str, int]]:
        """Counts per clause: a vector counts toward every clause it cites."""
        table: dict[str, dict[str, int]] = {}
        for result in self.results:
            for clause in result.clauses:
                table.setdefault(clause, {verdict: 0 for verdict in VERDICTS})
                table[clause][result.verdict] += 1
        return dict(sorted(table.items()))

    def not_run_by_area(self) -> dict[str, list[str]]:
        """The vectors never run, grouped by area."""
        grouped: dict[str, list[str]] = {}
        for vector_id in self.not_run:
            area = vector_id.split("/")[1 if vector_id.startswith("regressions/") else 0]
            grouped.setdefault(area, []).append(vector_id)
        return dict(sorted(grouped.items()))

    def is_success(self) -> bool:
        """
        Exit 0 only when the run judged vectors, and every selected one passed.

        References
        ----------
        [AIN-CONF-VERDICT.2] Failures, errors and skips of selected vectors fail a run; so
        does a run error and a run that judged nothing.
        """
        counted = self.counts()
        judged = counted["pass"] > 0
        clean = counted["fail"] == 0 and counted["error"] == 0 and counted["skip"] == 0
        return self.run_error is None and judged and clean


def load_vectors(vectors_root: Path, areas: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """Every vector under a root, in ID order, optionally only those of some areas."""
    documents = [load_vector_document(path) for path in iter_vector_files(vectors_root)]
    documents.sort(key=lambda document: document["meta"]["id"])
    if areas is None:
        return documents
    return [document for document in documents if document["meta"]["area"] in areas]


def bounded_actual(actual: Any) -> Any:
    """
    An answer as reports keep it: whole when short, else a truncated JSON text.

    References
    ----------
    [AIN-CONF-RUNNER-BOUNDS.1]
    """
    text = json.dumps(actual, sort_keys=True)
    if len(text) <= ACTUAL_KEPT_CHARACTERS:
        return actual
    return {"truncated": text[:ACTUAL_KEPT_CHARACTERS], "length": len(text)}


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
        actual=bounded_actual(actual),
        elapsed_ms=elapsed_ms,
    )


def run_request(seq: int, case: str, document: dict[str, Any]) -> dict[str, Any]:
    """
    The run request of a vector: nothing in it names the vector or its answer.

    References
    ----------
    [AIN-CONF-ADAPTER-RUN.2] ``case`` is opaque and fresh for every run.
    """
    meta = document["meta"]
    return {
        "cmd": "run",
        "seq": seq,
        "case": case,
        "area": meta["area"],
        "handler": meta["handler"],
        "input": document["input"],
    }


def run_one(
    implementation: ImplementationProcess, seq: int, document: dict[str, Any]
) -> VectorResult:
    """Send one vector and judge the answer; a failed exchange is an error of its kind."""
    started = time.monotonic()
    actual: Any = None
    try:
        actual = implementation.exchange(
            run_request(seq, secrets.token_hex(8), document), "run-response"
        )
        verdict, reason, detail = judge(document["expected"], actual)
        if reason == "wrong_output" and document["meta"]["area"] == "state":
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
    [AIN-CONF-ADAPTER-RUN.2] get_state, for diffing after a mismatch.
    """
    from ain_ref.conformance.handlers.state import LastState

    response = implementation.exchange({"cmd": "get_state", "seq": seq}, "run-response")
    handler = find_handler(document["meta"]["area"], document["meta"]["handler"])
    if handler is None:
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


def unknown_in_hello(hello: dict[str, Any]) -> list[str]:
    """Areas and handlers a hello announces that the suite does not know."""
    return [
        f"{area}/{name}"
        for area, names in sorted(hello["areas"].items())
        for name in names
        if find_handler(area, name) is None
    ]


@attrs.define
class Breaker:
    """
    Consecutive timeouts and crashes per handler; at the threshold the handler is given up.

    References
    ----------
    [AIN-CONF-RUNNER-BREAKER.1]
    """

    threshold: int = BREAKER_THRESHOLD
    consecutive: dict[str, int] = attrs.field(factory=dict)

    def record(self, result: VectorResult) -> None:
        """Count a result of its handler: a timeout or crash adds one, anything else resets."""
        key = f"{result.area}/{result.handler}"
        broken = result.reason in BREAKING_KINDS
        self.consecutive[key] = self.consecutive.get(key, 0) + 1 if broken else 0

    def is_open(self, area: str, handler: str) -> bool:
        """Whether a handler has failed ``threshold`` times in a row."""
        return self.consecutive.get(f"{area}/{handler}", 0) >= self.threshold


@attrs.define
class Run:
    """One run in progress: the implementation, the results so far, and what stopped it."""

    implementation: ImplementationProcess
    on_result: Callable[[VectorResult], None] | None
    results: list[VectorResult] = attrs.field(factory=list)
    run_error: str | None = None
    hello: dict[str, Any] | None = None
    breaker: Breaker = attrs.field(factory=Breaker)

    def record(self, result: VectorResult) -> None:
        """Keep a result and tell the caller."""
        self.results.append(result)
        if self.on_result is not None:
            self.on_result(result)

    def vector(self, seq: int, document: dict[str, Any]) -> None:
        """Judge one vector, or say at once why it was not sent."""
        meta = document["meta"]
        if self.run_error is not None:
            self.record(vector_result(document, "error", "restart_failed", self.run_error))
        elif not implements(self.hello, meta["area"], meta["handler"]):
            self.record(vector_result(document, "skip", "not_implemented", "handler not in hello"))
        elif self.breaker.is_open(meta["area"], meta["handler"]):
            detail = (
                f"not sent: the last {self.breaker.threshold} vectors of "
                f"{meta['area']}/{meta['handler']} timed out or crashed"
            )
            self.record(vector_result(document, "error", "circuit_open", detail))
        else:
            result = run_one(self.implementation, seq, document)
            self.record(result)
            self.breaker.record(result)
            if result.reason in RESTARTING_KINDS:
                self.restart(result.reason)

    def restart(self, reason: str) -> None:
        """Start the implementation again; if it cannot start, the run errors from here."""
        try:
            self.hello = self.implementation.restart()
        except ExchangeError as failure:
            self.run_error = f"could not restart after {reason}: {failure}"

    def differential(
        self, handler_keys: list[tuple[str, str]], examples: int, run_seed: int
    ) -> None:
        """
        The differential part of the verdict: fresh inputs of each judged handler.

        References
        ----------
        [AIN-CONF-DIFFERENTIAL.1]
        """
        for area, name in handler_keys:
            handler = find_handler(area, name)
            if self.run_error is not None or handler is None:
                return
            if (area, name) not in HANDLER_STRATEGIES or self.breaker.is_open(area, name):
                continue
            started = time.monotonic()
            divergence = find_divergence(self.implementation, handler, examples, run_seed)
            document = {
                "meta": {
                    "id": f"{DIFFERENTIAL_PREFIX}/{area}/{name}",
                    "area": area,
                    "handler": name,
                    "clauses": ["AIN-CONF-DIFFERENTIAL.1", *handler.clauses],
                },
                "expected": None if divergence is None else divergence.expected,
            }
            elapsed_ms = int((time.monotonic() - started) * 1000)
            if divergence is None:
                detail = f"{examples} fresh inputs agree with the reference"
                self.record(vector_result(document, "pass", "match", detail, None, elapsed_ms))
                continue
            verdict = "error" if divergence.judgement[0] == "error" else "fail"
            self.record(
                vector_result(
                    document,
                    verdict,
                    "divergence",
                    divergence.summary(),
                    divergence.response,
                    elapsed_ms,
                )
            )


def setup_error(command: str, areas: tuple[str, ...] | None, problems: list[str]) -> RunReport:
    """A run that could not begin: no result, and every reason on its own line."""
    shown = problems[:20] + ([f"... and {len(problems) - 20} more"] if len(problems) > 20 else [])
    return RunReport(command, None, areas, (), (), "\n".join(shown), 0)


def run_suite(
    command: str,
    vectors_root: Path,
    *,
    areas: tuple[str, ...] | None = None,
    selection: Selection | None = None,
    timeout_seconds: float = 10.0,
    validate_protocol: bool = False,
    differential_examples: int = DIFFERENTIAL_EXAMPLES,
    order_seed: int | None = None,
    check_tree: bool = True,
    on_result: Callable[[VectorResult], None] | None = None,
) -> RunReport:
    """
    Run every selected vector through the implementation started by ``command``.

    References
    ----------
    [AIN-CONF-TREE-CHECK.1] The tree is checked against its manifest first.
    [AIN-CONF-RUNNER-ROBUST.1] One process for the run; each vector has a timeout; a crashed or
    hung implementation is restarted and the failure recorded against that vector; if it
    cannot be restarted, the remaining vectors are errors; the run always finishes.
    [AIN-CONF-REPORT.2] Vectors never run are listed.
    """
    selection = selection or Selection(areas=areas or ())
    problems = selection.problems() + (tree_problems(vectors_root) if check_tree else [])
    if problems:
        return setup_error(command, areas, problems)
    every = load_vectors(vectors_root)
    documents = [d for d in every if selection.includes(d["meta"]["area"], d["meta"]["handler"])]
    selected_ids = {d["meta"]["id"] for d in documents}
    left_out = tuple(d["meta"]["id"] for d in every if d["meta"]["id"] not in selected_ids)
    if not documents:
        return setup_error(command, areas, ["no vector is selected: nothing would be judged"])
    run = Run(ImplementationProcess(command, timeout_seconds, validate_protocol), on_result)
    seed_of_run = secrets.randbelow(2**32) if order_seed is None else order_seed
    try:
        run.hello = run.implementation.start()
    except ExchangeError as failure:
        run.run_error = f"hello failed: {failure}"
    if run.hello is not None:
        unknown = unknown_in_hello(run.hello)
        announced = [
            d for d in documents if implements(run.hello, d["meta"]["area"], d["meta"]["handler"])
        ]
        if unknown:
            run.run_error = (
                f"hello announces handlers the suite does not know: {', '.join(unknown)}"
            )
        elif not announced:
            run.run_error = "the implementation announces none of the selected handlers"
    if run.run_error is None:
        ordered = list(documents)
        random.Random(seed_of_run).shuffle(ordered)
        for seq, document in enumerate(ordered, 1):
            run.vector(seq, document)
        judged = sorted(
            {
                (d["meta"]["area"], d["meta"]["handler"])
                for d in documents
                if implements(run.hello, d["meta"]["area"], d["meta"]["handler"])
            }
        )
        if differential_examples > 0:
            run.differential(judged, differential_examples, seed_of_run)
    run.implementation.stop()
    exercised = {
        result.vector_id
        for result in run.results
        if result.reason not in ("not_implemented", "skipped", "restart_failed", "circuit_open")
    }
    return RunReport(
        command=command,
        implementation=(run.hello or {}).get("implementation"),
        areas=areas,
        results=tuple(sorted(run.results, key=lambda result: result.vector_id)),
        not_run=tuple(d["meta"]["id"] for d in every if d["meta"]["id"] not in exercised),
        run_error=run.run_error,
        restarts=run.implementation.restarts,
        order_seed=seed_of_run,
        left_out=left_out,
    )
