"""
Differential fuzzing of an implementation against the reference.

Fresh inputs run on both; any divergence is shrunk by Hypothesis and written out as a
regression vector. The same search, short, is part of every conformance verdict (the vectors
are public; fresh inputs are not).

Spec: spec/conformance.md, "Differential fuzzing" ([AIN-CONF-FUZZ.2]).
Layer: conformance tooling.
"""

from __future__ import annotations

import hashlib
import itertools
import secrets
from pathlib import Path
from typing import Any

import attrs
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.database import ExampleDatabase

from ain_ref.conformance.handlers import ALL_HANDLERS, find_handler
from ain_ref.conformance.handlers.base import Handler
from ain_ref.conformance.process import ExchangeError, ImplementationProcess
from ain_ref.conformance.strategies import HANDLER_STRATEGIES
from ain_ref.conformance.verdict import Judgement, expected_of, judge, show
from ain_ref.errors import ErrorCode
from ain_ref.vectors.format import Vector, canonical_json, vector_path

DEFAULT_FUZZ_EXAMPLES = 2000
"""Examples per handler of ``conformance fuzz``, from a measurement (spec/conformance.md)."""


@attrs.frozen
class Divergence:
    """A shrunk input on which the implementation's answer is not the reference's."""

    handler: Handler
    input: dict[str, Any]
    expected: dict[str, Any]
    response: dict[str, Any]
    judgement: Judgement

    def summary(self) -> str:
        """
        One line: the input, the reference's answer and the implementation's.

        References
        ----------
        [AIN-CONF-FUZZ.2] A divergence shows both answers.
        """
        reference = (
            self.expected.get("rejected", {}).get("code") if "rejected" in self.expected else None
        )
        expected = (
            f"rejected {reference}" if reference else f"output {show(self.expected['output'], 200)}"
        )
        return (
            f"{self.handler.area}/{self.handler.name} on {show(self.input, 200)}: "
            f"reference {expected}; implementation {answer_text(self.response)} "
            f"({self.judgement[1]})"
        )


def answer_text(response: dict[str, Any]) -> str:
    """An implementation's answer in a few words: its kind and value."""
    for kind in ("output", "rejected", "skipped", "errored"):
        if kind in response:
            value = response[kind]
            text = value if kind == "rejected" else show(value, 200)
            where = f" at {show(response['location'])}" if "location" in response else ""
            return f"{kind} {text}{where}"
    return show(response, 200)


@attrs.frozen
class Finding:
    """One shrunk divergence, written as a regression vector."""

    vector_id: str
    path: Path
    summary: str


def reference_expected(handler: Handler, vector_input: dict[str, Any]) -> dict[str, Any]:
    """What the reference does, written as a vector's ``expected``."""
    return expected_of(handler.run(vector_input))


def implementation_response(
    implementation: ImplementationProcess, handler: Handler, vector_input: dict[str, Any], seq: int
) -> dict[str, Any]:
    """
    The implementation's answer to one fresh input; a failed exchange is an ``errored`` answer.

    The request carries a fresh opaque case id, like every run request [AIN-CONF-ADAPTER-RUN.2].
    """
    request = {
        "cmd": "run",
        "seq": seq,
        "case": secrets.token_hex(8),
        "area": handler.area,
        "handler": handler.name,
        "input": vector_input,
    }
    try:
        return implementation.exchange(request, "run-response")
    except ExchangeError as failure:
        try:
            implementation.restart()
        except ExchangeError as restart_failure:
            return {"seq": seq, "errored": f"{failure}; then could not restart: {restart_failure}"}
        return {"seq": seq, "errored": str(failure)}


def check_agreement(
    implementation: ImplementationProcess,
    handler: Handler,
    vector_input: dict[str, Any],
    seq: int,
    found: list[Divergence],
) -> None:
    """
    Judge one input's answer against the reference's; on a divergence record it and raise.

    The AssertionError is what makes Hypothesis shrink; ``found`` keeps the divergence, whose
    last entry is the shrunk example Hypothesis replays last.
    """
    expected = reference_expected(handler, vector_input)
    response = implementation_response(implementation, handler, vector_input, seq)
    judgement = judge(expected, response)
    if judgement[0] != "pass":
        found.append(Divergence(handler, vector_input, expected, response, judgement))
        raise AssertionError(judgement[2])


def find_divergence(
    implementation: ImplementationProcess,
    handler: Handler,
    examples: int,
    fuzz_seed: int | None,
    database: ExampleDatabase | None = None,
) -> Divergence | None:
    """
    Search fresh inputs of one handler for a divergence; return it shrunk, or None.

    A ``skipped`` or ``errored`` answer to an input of a handler the implementation announced
    is a divergence too.

    References
    ----------
    [AIN-CONF-FUZZ.2]
    """
    strategy = HANDLER_STRATEGIES[(handler.area, handler.name)]
    found: list[Divergence] = []
    sequence = itertools.count(1)

    @settings(
        max_examples=examples,
        database=database,
        deadline=None,
        derandomize=False,
        phases=[Phase.reuse, Phase.generate, Phase.shrink]
        if database
        else [Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        print_blob=False,
    )
    @given(strategy)
    def agrees_with_reference(vector_input: dict[str, Any]) -> None:
        check_agreement(implementation, handler, vector_input, next(sequence), found)

    test = agrees_with_reference if fuzz_seed is None else seed(fuzz_seed)(agrees_with_reference)
    try:
        test()
    except AssertionError:
        return found[-1]  # Hypothesis replays the shrunk example last
    return None


def regression_vector(divergence: Divergence, source: str) -> Vector:
    """
    The regression vector of a divergence; its expectation is the reference's.

    References
    ----------
    [AIN-CONF-FUZZ.2] A divergence becomes a vector that can be committed and re-run.
    """
    handler, vector_input = divergence.handler, divergence.input
    digest = hashlib.sha256(canonical_json(vector_input).encode()).hexdigest()[:16]
    rejected = divergence.expected.get("rejected")
    rejection = ErrorCode[rejected["code"]] if rejected else None
    clauses = handler.clauses
    if rejection is not None:
        clauses = tuple(dict.fromkeys([rejection.clause, *handler.clauses]))
    return Vector(
        vector_id=f"regressions/{handler.area}/{handler.name}/fuzz_{digest}",
        area=handler.area,
        handler=handler.name,
        clauses=clauses,
        description=(
            "A case on which an implementation diverged from the reference.\n\n"
            f"Given\n-----\n- the input found and shrunk by differential fuzzing ({source}).\n\n"
            f"When\n----\n- {handler.area}/{handler.name} runs on it.\n\n"
            "Then\n----\n- the result is the reference's."
        ),
        flags=("REGRESSION",),
        source=source,
        input=vector_input,
        expected_output=divergence.expected.get("output"),
        expected_rejection=rejection,
        expected_location=rejected.get("location") if rejected else None,
    )


def write_regression(divergence: Divergence, output_root: Path, source: str) -> Finding:
    """
    Write a divergence's regression vector into the tree at ``output_root``.

    Its path is its ID, ``regressions/<area>/<handler>/fuzz_<digest>.json``, so the folder is a
    vector tree once ``ain-ref vectors manifest`` has listed it.
    """
    vector = regression_vector(divergence, source)
    path = vector_path(output_root, vector.vector_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(canonical_json(vector.to_document()), encoding="utf-8")
    return Finding(vector.vector_id, path, divergence.summary())


def fuzz_targets(area: str, handlers: tuple[str, ...] | None) -> list[Handler]:
    """
    The handlers to fuzz: those of an area, or the named ones; unknown names are an error.

    Raises
    ------
    ValueError
        When the area or a handler is unknown, or the selection has no generator.
    """
    in_area = [handler for handler in ALL_HANDLERS if handler.area == area]
    if not in_area:
        known = sorted({handler.area for handler in ALL_HANDLERS})
        raise ValueError(f"unknown area {area!r} (known: {', '.join(known)})")
    for name in handlers or ():
        if find_handler(area, name) is None:
            raise ValueError(f"unknown handler {area}/{name}")
    chosen = [h for h in in_area if handlers is None or h.name in handlers]
    targets = [h for h in chosen if (h.area, h.name) in HANDLER_STRATEGIES]
    if not targets:
        raise ValueError(f"no input generator for {', '.join(f'{area}/{h.name}' for h in chosen)}")
    return targets


def fuzz_area(
    command: str,
    area: str,
    *,
    handlers: tuple[str, ...] | None,
    examples: int,
    seed: int,
    output_root: Path,
    timeout_seconds: float = 10.0,
    database: ExampleDatabase | None = None,
) -> list[Finding]:
    """
    Fuzz every selected handler of an area; the implementation must announce each of them.

    Raises
    ------
    ValueError
        On an unknown area or handler, or one the implementation does not announce.
    ExchangeError
        When the implementation cannot be started.

    References
    ----------
    [AIN-CONF-FUZZ.2] Seeded, reproducible; one shrunk regression vector per divergent handler.
    """
    targets = fuzz_targets(area, handlers)
    implementation = ImplementationProcess(command, timeout_seconds)
    hello = implementation.start()
    findings: list[Finding] = []
    try:
        announced = hello["areas"].get(area, [])
        missing = [h.name for h in targets if h.name not in announced]
        if handlers is not None and missing:
            raise ValueError(f"the implementation does not announce {area}/{', '.join(missing)}")
        source = f"ain-ref conformance fuzz --seed {seed}"
        for handler in (h for h in targets if h.name in announced):
            divergence = find_divergence(implementation, handler, examples, seed, database)
            if divergence is not None:
                findings.append(write_regression(divergence, output_root, source))
        if not any(h.name in announced for h in targets):
            raise ValueError(f"the implementation announces no handler of {area}")
    finally:
        implementation.stop()
    return findings
