"""
Implementations that are wrong on purpose, to prove the runner catches each kind of wrong.

Usage: python tests/adapters/broken_adapter.py MODE

It is the reference adapter with one fault planted, chosen by MODE:

- liar: flips every verdict (an output becomes a rejection and a rejection an output);
- wrong_code: rejects what the reference rejects, always with ENCODING_MALFORMED;
- perturb: changes the last hex digit of every output string that is hex (a hash, a key...);
- crash: exits on every fifth run request;
- hang: never answers every fifth run request;
- garbage: prints a line that is not JSON for every fifth run request;
- wrong_protocol: announces protocol 99 in hello;
- wrong_seq: answers every fifth run request with seq + 1;
- bad_shape: answers run requests with a string output (fails schema validation only);
- skip_crypto: announces only the encoding area;
- planted_non_shortest: decodes a non-shortest integer head (e.g. 1817) as if it were fine;
- state_drift: applies state vectors with one extra write (/values/drift = 1) before hashing.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from ain_ref.conformance.adapter import hello_response, respond, run_response
from ain_ref.encoding import check_canonical
from ain_ref.errors import ErrorCode


def flip(response: dict[str, Any]) -> dict[str, Any]:
    """Turn an output into a rejection and a rejection into an empty output."""
    if "output" in response:
        return {"seq": response["seq"], "rejected": "CRYPTO_SIGNATURE_INVALID"}
    if "rejected" in response:
        return {"seq": response["seq"], "output": {}}
    return response


def perturb_value(value: Any) -> Any:
    """Change the last hex digit of hex strings, recursively."""
    if isinstance(value, str) and value and all(c in "0123456789abcdef" for c in value):
        return value[:-1] + ("0" if value[-1] != "0" else "1")
    if isinstance(value, dict):
        return {key: perturb_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [perturb_value(item) for item in value]
    return value


def planted_decode(request: dict[str, Any]) -> dict[str, Any]:
    """Accept non-shortest heads: answer 23 for 1817-style inputs instead of rejecting."""
    response = run_response(request)
    if request.get("area") == "encoding" and request.get("handler") == "decode":
        data = bytes.fromhex(request["input"]["bytes"])
        rejection = check_canonical(data)
        if rejection is not None and rejection.code is ErrorCode.ENCODING_NON_SHORTEST_FORM:
            return {"seq": request["seq"], "output": {"value": {"int": "0"}}}
    return response


def drifted_state_run(request: dict[str, Any]) -> dict[str, Any]:
    """Run a state vector with /values/drift = 1 written into its genesis."""
    vector_input = dict(request["input"])
    genesis = vector_input.get("genesis", {"map": {}})
    if isinstance(genesis, dict) and "map" in genesis:
        values = dict(genesis["map"].get("values", {"map": {}})["map"])
        values["/drift"] = {"int": "1"}
        genesis = {"map": {**genesis["map"], "values": {"map": values}}}
        vector_input["genesis"] = genesis
    return run_response({**request, "input": vector_input})


def answer(mode: str, request: dict[str, Any], run_count: int) -> dict[str, Any] | None:
    """The broken answer to one request (None: say nothing)."""
    command = request.get("cmd")
    if command == "hello":
        hello = hello_response()
        if mode == "wrong_protocol":
            hello["protocol"] = 99
        if mode == "skip_crypto":
            hello["areas"] = {"encoding": hello["areas"]["encoding"]}
        return hello
    if command == "stop":
        sys.exit(0)
    if command != "run":
        return respond(request)
    fifth = run_count % 5 == 0
    if mode == "crash" and fifth:
        print("crashing on purpose", file=sys.stderr)
        sys.exit(3)
    if mode == "hang" and fifth:
        time.sleep(3600)
    if mode == "garbage" and fifth:
        return None  # handled by the caller: prints garbage
    if mode == "planted_non_shortest":
        return planted_decode(request)
    if mode == "state_drift" and request.get("area") == "state":
        return drifted_state_run(request)
    response = run_response(request)
    if mode == "liar":
        return flip(response)
    if mode == "wrong_code" and "rejected" in response:
        return {"seq": response["seq"], "rejected": "ENCODING_MALFORMED"}
    if mode == "perturb" and "output" in response:
        return {"seq": response["seq"], "output": perturb_value(response["output"])}
    if mode == "wrong_seq" and fifth:
        return {**response, "seq": response["seq"] + 1}
    if mode == "bad_shape" and "output" in response:
        return {"seq": response["seq"], "output": "not an object"}
    return response


def main() -> None:
    mode = sys.argv[1]
    run_count = 0
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("cmd") == "run":
            run_count += 1
        response = answer(mode, request, run_count)
        if response is None:
            print("this is not JSON {", flush=True)
            continue
        print(json.dumps(response), flush=True)


if __name__ == "__main__":
    main()
