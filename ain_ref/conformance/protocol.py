"""
The adapter protocol's own fields, checked on every message whatever the options.

``--validate-protocol`` adds the full JSON Schemas (unknown fields, patterns); these checks are
the ones a verdict depends on, so they are never optional: the protocol version, ``seq`` as an
integer, exactly one kind of answer, and the type of each answer field.

Spec: spec/conformance.md, "Adapter protocol, version 2" ([AIN-CONF-ADAPTER-HELLO.2],
[AIN-CONF-ADAPTER-RUN.2]).
Layer: conformance tooling.
"""

from __future__ import annotations

from typing import Any, Final

from ain_ref import ADAPTER_PROTOCOL_VERSION

ANSWER_KINDS: Final = ("output", "rejected", "skipped", "errored")
"""The four answers to ``run``; a response carries exactly one [AIN-CONF-ADAPTER-RUN.2]."""

UPGRADE_FROM_V1: Final = (
    'adapter protocol 1 is no longer accepted: answer hello with "protocol": 2, and read the '
    'opaque "case" field of run requests instead of "vector_id" (spec/conformance.md, '
    '"Adapter protocol, version 2"); nothing else changed'
)


def is_integer(value: object) -> bool:
    """A JSON integer: a Python int that is not a bool."""
    return type(value) is int


def check_hello_response(response: dict[str, Any]) -> str | None:
    """
    What is wrong with a hello answer, or None.

    References
    ----------
    [AIN-CONF-ADAPTER-HELLO.2] The version is 2; version 1 is refused with how to upgrade.
    """
    version = response.get("protocol")
    if not is_integer(version):
        return f"hello without an integer protocol version (got {version!r:.40})"
    if version == 1:
        return UPGRADE_FROM_V1
    if version != ADAPTER_PROTOCOL_VERSION:
        return f"speaks protocol {version}; the runner speaks {ADAPTER_PROTOCOL_VERSION}"
    implementation = response.get("implementation")
    if not isinstance(implementation, dict) or not all(
        isinstance(implementation.get(key), str) for key in ("name", "version", "language")
    ):
        return "hello without an implementation object of strings name, version, language"
    areas = response.get("areas")
    if not isinstance(areas, dict):
        return "hello without an areas object"
    for area, handlers in areas.items():
        if not isinstance(handlers, list) or not all(isinstance(h, str) for h in handlers):
            return f"hello: areas[{area!r:.40}] is not a list of handler names"
    return None


def check_location(location: object) -> str | None:
    """
    What is wrong with a rejection's location, or None.

    References
    ----------
    [AIN-CONF-ADAPTER-RUN.2] A byte offset (integer >= 0) or {"line", "column"} (integers >= 1).
    """
    if is_integer(location):
        assert isinstance(location, int)
        return None if location >= 0 else "location: a byte offset is >= 0"
    if isinstance(location, dict) and set(location) == {"line", "column"}:
        line, column = location["line"], location["column"]
        if is_integer(line) and is_integer(column) and line >= 1 and column >= 1:
            return None
    return f"location is neither a byte offset nor {{line, column}} >= 1: {location!r:.60}"


def check_run_response(response: dict[str, Any], seq: int, command: str) -> str | None:
    """
    What is wrong with the answer to ``run`` or ``get_state``, or None.

    References
    ----------
    [AIN-CONF-ADAPTER-RUN.2] seq echoed as an integer; exactly one of output (an object),
    rejected (a code string, with an optional location), skipped or errored (strings).
    """
    answered = response.get("seq")
    if not is_integer(answered) or answered != seq:
        return f"seq {answered!r:.40} for {seq}"
    if command == "get_state":
        return None if "state" in response else "answer to get_state without state"
    kinds = [kind for kind in ANSWER_KINDS if kind in response]
    if len(kinds) != 1:
        named = " and ".join(kinds) if kinds else "none"
        return f"a run answer carries exactly one of {', '.join(ANSWER_KINDS)}; this one: {named}"
    kind = kinds[0]
    value = response[kind]
    if kind == "output" and not isinstance(value, dict):
        return f"output is not a JSON object: {value!r:.60}"
    if kind != "output" and not isinstance(value, str):
        return f"{kind} is not a string: {value!r:.60}"
    if "location" in response:
        if kind != "rejected":
            return "location comes only with rejected"
        return check_location(response["location"])
    return None
