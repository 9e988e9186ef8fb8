"""
Differential fuzzing of an implementation against the reference.

Fresh inputs run on both; any divergence is shrunk by Hypothesis and written out as a
regression vector.

Spec: spec/conformance.md, "Differential fuzzing" ([AIN-CONF-FUZZ.1]).
Layer: conformance tooling (needs the test extra: hypothesis).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import attrs
from hypothesis import HealthCheck, Phase, given, seed, settings

from ain_ref.conformance.handlers import ALL_HANDLERS
from ain_ref.conformance.handlers.base import Handler
from ain_ref.conformance.process import ExchangeError, ImplementationProcess
from ain_ref.conformance.strategies import HANDLER_STRATEGIES
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.vectors.format import Vector, canonical_json, vector_path


@attrs.frozen
class Finding:
    """One shrunk divergence, written as a regression vector."""

    vector_id: str
    path: Path
    summary: str


def reference_outcome(handler: Handler, vector_input: dict[str, Any]) -> tuple[str, Any]:
    """What the reference does: ("output", value) or ("rejected", code)."""
    result = handler.run(vector_input)
    if isinstance(result, Rejection):
        return "rejected", str(result.code)
    return "output", result


def implementation_outcome(
    implementation: ImplementationProcess, handler: Handler, vector_input: dict[str, Any]
) -> tuple[str, Any]:
    """What the implementation does, with failed exchanges as ("error", kind)."""
    request = {
        "cmd": "run",
        "seq": 1,
        "vector_id": "fuzz",
        "area": handler.area,
        "handler": handler.name,
        "input": vector_input,
    }
    try:
        response = implementation.exchange(request, "run-response")
    except ExchangeError as failure:
        implementation.restart()
        return "error", failure.kind
    for kind in ("output", "rejected", "skipped", "errored"):
        if kind in response:
            return kind, response[kind]
    return "error", "protocol"


def regression_vector(handler: Handler, vector_input: dict[str, Any], fuzz_seed: int) -> Vector:
    """
    The regression vector of a divergence; its expectation is the reference's.

    References
    ----------
    [AIN-CONF-FUZZ.1] A divergence becomes a vector that can be committed and re-run.
    """
    digest = hashlib.sha256(canonical_json(vector_input).encode()).hexdigest()[:16]
    kind, value = reference_outcome(handler, vector_input)
    rejection = None
    clauses = handler.clauses
    if kind == "rejected":
        rejection = ErrorCode[value]
        clauses = tuple(dict.fromkeys([rejection.clause, *handler.clauses]))
    return Vector(
        vector_id=f"regressions/{handler.area}/{handler.name}/fuzz_{digest}",
        area=handler.area,
        handler=handler.name,
        clauses=clauses,
        description=(
            "A case on which an implementation diverged from the reference.\n\n"
            "Given\n-----\n- the input found and shrunk by differential fuzzing "
            f"(ain-ref conformance fuzz --seed {fuzz_seed}).\n\n"
            f"When\n----\n- {handler.area}/{handler.name} runs on it.\n\n"
            "Then\n----\n- the result is the reference's."
        ),
        flags=("REGRESSION",),
        source=f"ain-ref conformance fuzz --seed {fuzz_seed}",
        input=vector_input,
        expected_output=value if kind == "output" else None,
        expected_rejection=rejection,
    )


def fuzz_handler(
    implementation: ImplementationProcess,
    handler: Handler,
    examples: int,
    fuzz_seed: int,
) -> dict[str, Any] | None:
    """Search for a divergence on one handler; return its shrunk input, or None."""
    strategy = HANDLER_STRATEGIES.get((handler.area, handler.name))
    if strategy is None:
        return None
    divergent_inputs: list[dict[str, Any]] = []

    @seed(fuzz_seed)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=False,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        print_blob=False,
    )
    @given(strategy)
    def agrees_with_reference(vector_input: dict[str, Any]) -> None:
        expected = reference_outcome(handler, vector_input)
        actual = implementation_outcome(implementation, handler, vector_input)
        if actual[0] == "skipped":
            return
        if json.dumps(actual, sort_keys=True) != json.dumps(expected, sort_keys=True):
            divergent_inputs.append(vector_input)
            raise AssertionError(f"reference {expected} != implementation {actual}")

    try:
        agrees_with_reference()
    except AssertionError:
        return divergent_inputs[-1]  # Hypothesis replays the shrunk example last
    return None


def fuzz_area(
    command: str,
    area: str,
    *,
    handlers: tuple[str, ...] | None,
    examples: int,
    seed: int,
    output_root: Path,
    timeout_seconds: float = 10.0,
) -> list[Finding]:
    """
    Fuzz every handler of an area that the implementation announces.

    References
    ----------
    [AIN-CONF-FUZZ.1] Seeded, reproducible; one shrunk regression vector per divergent handler.
    """
    implementation = ImplementationProcess(command, timeout_seconds)
    hello = implementation.start()
    announced = hello.get("areas", {}).get(area, [])
    findings: list[Finding] = []
    try:
        for handler in ALL_HANDLERS:
            if handler.area != area or handler.name not in announced:
                continue
            if handlers is not None and handler.name not in handlers:
                continue
            divergent = fuzz_handler(implementation, handler, examples, seed)
            if divergent is None:
                continue
            vector = regression_vector(handler, divergent, seed)
            relative_id = vector.vector_id.removeprefix("regressions/")
            path = vector_path(output_root, relative_id)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(canonical_json(vector.to_document()), encoding="utf-8")
            summary = f"{handler.area}/{handler.name} on {json.dumps(divergent)[:160]}"
            findings.append(Finding(vector.vector_id, path, summary))
    finally:
        implementation.stop()
    return findings
