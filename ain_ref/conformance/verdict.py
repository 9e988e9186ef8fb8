"""
How one answer is judged against an expectation, for vectors and fresh fuzzed inputs alike.

Spec: spec/conformance.md, "Runner" ([AIN-CONF-VERDICT.2]).
Layer: conformance tooling.
"""

from __future__ import annotations

import json
from typing import Any, Final

from ain_ref.conformance.typed_json import json_equal
from ain_ref.errors import Rejection, SourceLocation

Judgement = tuple[str, str, str]
"""(verdict, reason, detail)."""

DIFF_PATHS_SHOWN: Final = 5
SHOWN_CHARACTERS: Final = 60


def location_json(location: int | SourceLocation | None) -> Any:
    """A rejection's location as the protocol writes it: an offset, or {line, column}."""
    if isinstance(location, SourceLocation):
        return {"line": location.line, "column": location.column}
    return location


def expected_of(
    result: dict[str, Any] | Rejection, *, pin_location: bool = False
) -> dict[str, Any]:
    """
    A reference result written as a vector's ``expected``.

    References
    ----------
    [AIN-CONF-VECTOR-FORMAT.2] A rejection carries its code and clause, and its location when
    the vector pins it (``pin_location``, and the reference names one).
    """
    if not isinstance(result, Rejection):
        return {"output": result}
    rejected: dict[str, Any] = {"code": str(result.code), "clause": result.clause}
    if pin_location and result.location is not None:
        rejected["location"] = location_json(result.location)
    return {"rejected": rejected}


def judge(expected: dict[str, Any], response: dict[str, Any]) -> Judgement:
    """
    Compare an implementation's answer with an expected result.

    References
    ----------
    [AIN-CONF-VERDICT.2] An output must equal the expected output as JSON, types included; a
    rejection must carry the expected code, and the expected location when there is one;
    anything else fails, and skipped or errored answers are reported as such, never as a pass.
    """
    if "skipped" in response:
        return "skip", "skipped", str(response["skipped"])[:2000]
    if "errored" in response:
        return "error", "errored", str(response["errored"])[:2000]
    if "rejected" in expected:
        return judge_rejection(expected["rejected"], response)
    if "rejected" in response:
        return (
            "fail",
            "unexpected_rejection",
            f"rejected with {response['rejected']}, expected an output",
        )
    if json_equal(response.get("output"), expected["output"]):
        return "pass", "match", ""
    return "fail", "wrong_output", compact_diff(expected["output"], response.get("output"))


def judge_rejection(expected: dict[str, Any], response: dict[str, Any]) -> Judgement:
    """A rejection is expected: the code, then the location if the vector pins one."""
    code = expected["code"]
    if "rejected" not in response:
        return "fail", "missing_rejection", f"accepted, expected rejection {code}"
    if response["rejected"] != code:
        return "fail", "wrong_code", f"rejected with {response['rejected']}, expected {code}"
    if "location" in expected:
        if "location" not in response:
            return (
                "fail",
                "wrong_location",
                f"{code} without a location, expected {show(expected['location'])}",
            )
        if not json_equal(response["location"], expected["location"]):
            return (
                "fail",
                "wrong_location",
                f"{code} at {show(response['location'])}, expected at {show(expected['location'])}",
            )
    return "pass", "match", ""


def show(value: Any, limit: int = SHOWN_CHARACTERS) -> str:
    """A JSON value in at most ``limit`` characters, for one line of a report."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def differing_paths(expected: Any, actual: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """Where two JSON values differ, as (JSON pointer, expected, actual), in key order."""
    found: list[tuple[str, Any, Any]] = []
    pending = [(path, expected, actual)]
    while pending and len(found) <= DIFF_PATHS_SHOWN:
        where, left, right = pending.pop(0)
        if isinstance(left, dict) and isinstance(right, dict):
            pending.extend(
                (f"{where}/{key}", left.get(key, Missing), right.get(key, Missing))
                for key in sorted(left.keys() | right.keys())
            )
        elif isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
            pending.extend(
                (f"{where}/{index}", a, b)
                for index, (a, b) in enumerate(zip(left, right, strict=True))
            )
        elif left is Missing or right is Missing or not json_equal(left, right):
            found.append((where or "/", left, right))
    return found


class MissingType:
    """A member one side lacks."""

    def __repr__(self) -> str:
        return "(absent)"


Missing: Final = MissingType()


def compact_diff(expected: Any, actual: Any) -> str:
    """
    The first differing paths of two outputs, each with both values, on one line.

    References
    ----------
    [AIN-CONF-REPORT.2] A wrong output shows a compact diff of expected and actual.
    """
    paths = differing_paths(expected, actual)
    shown = [
        f"{where}: expected {value_text(left)}, got {value_text(right)}"
        for where, left, right in paths[:DIFF_PATHS_SHOWN]
    ]
    more = " ..." if len(paths) > DIFF_PATHS_SHOWN else ""
    return "output differs at " + "; ".join(shown) + more


def value_text(value: Any) -> str:
    """One side of a diff line."""
    return "(absent)" if value is Missing else show(value)
