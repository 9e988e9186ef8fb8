"""
The reference adapter: ain-ref itself, speaking adapter protocol v2 on stdin and stdout.

It is the default target of ``ain-ref conformance run`` and the model for adapters in other
languages (conformance/examples/). One JSON request per line in, one JSON response per line
out; ``stop`` (or end of input) ends it.

Spec: spec/conformance.md, "Adapter protocol" ([AIN-CONF-ADAPTER-*]).
Layer: conformance.
"""

from __future__ import annotations

import json
import sys
import traceback
from typing import Any, TextIO

from ain_ref import ADAPTER_PROTOCOL_VERSION, __version__
from ain_ref.conformance.handlers import areas, find_handler
from ain_ref.conformance.handlers.state import LastState
from ain_ref.conformance.typed_json import HandlerInputError, JsonObject
from ain_ref.conformance.verdict import location_json
from ain_ref.errors import Rejection


def hello_response() -> JsonObject:
    """
    What the reference announces: its name, version, protocol and handlers.

    References
    ----------
    [AIN-CONF-ADAPTER-HELLO.2]
    """
    return {
        "protocol": ADAPTER_PROTOCOL_VERSION,
        "implementation": {
            "name": "ain-ref",
            "version": __version__,
            "language": "python",
            "homepage": "spec/conformance.md",
        },
        "areas": areas(),
    }


def run_response(request: JsonObject) -> JsonObject:
    """
    Run one vector's input through its handler and say what came out.

    References
    ----------
    [AIN-CONF-ADAPTER-RUN.2] output, rejected (a code, with its location when the reference
    names one), skipped (a reason) or errored.
    """
    seq = request.get("seq")
    handler = find_handler(str(request.get("area")), str(request.get("handler")))
    if handler is None:
        return {"seq": seq, "skipped": "handler not implemented by ain-ref"}
    try:
        result = handler.run(request.get("input", {}))
    except HandlerInputError as error:
        return {"seq": seq, "errored": f"malformed input: {error}"}
    except Exception:  # a bug in the reference; say so instead of dying
        return {"seq": seq, "errored": traceback.format_exc(limit=5)}
    if isinstance(result, Rejection):
        response: JsonObject = {"seq": seq, "rejected": str(result.code)}
        if result.location is not None:
            response["location"] = location_json(result.location)
        return response
    return {"seq": seq, "output": result}


def respond(request: Any) -> JsonObject | None:
    """The response to one request, or None for ``stop``."""
    if not isinstance(request, dict):
        return {"seq": 0, "errored": "a request is a JSON object"}
    command = request.get("cmd")
    if command == "hello":
        return hello_response()
    if command == "run":
        return run_response(request)
    if command == "get_state":
        return {"seq": request.get("seq", 0), "state": LastState.exported()}
    if command == "stop":
        return None
    return {"seq": request.get("seq", 0), "errored": f"unknown command {command!r}"}


def serve(stdin: TextIO, stdout: TextIO) -> None:
    """Answer requests line by line until ``stop`` or end of input."""
    for line in stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except json.JSONDecodeError as error:
            response: JsonObject | None = {"seq": 0, "errored": f"request is not JSON: {error}"}
        else:
            response = respond(request)
        if response is None:
            return
        stdout.write(json.dumps(response, sort_keys=True, separators=(",", ":")) + "\n")
        stdout.flush()


def main() -> None:
    """Entry point of ``ain-ref adapter`` and ``python -m ain_ref.conformance.adapter``."""
    serve(sys.stdin, sys.stdout)


if __name__ == "__main__":
    main()
