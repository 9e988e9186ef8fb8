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
- state_drift: applies state vectors with one extra write (/values/drift = 1) before hashing;
- declares_nothing: announces no area at all;
- skip_all: announces everything and answers every run "skipped";
- unknown_handler: also announces a handler the suite does not know (encoding/teleport);
- bool_as_int: writes true and false in outputs as 1 and 0;
- int_as_float: writes integers in outputs as floats (1 becomes 1.0);
- both_kinds: answers with an output and a rejection at once;
- neither_kind: answers with seq alone;
- string_seq: echoes seq as a string;
- v1: speaks adapter protocol 1;
- hello_crash: exits before answering hello;
- lookup: answers from the published vectors, looked up by input (fresh inputs: skipped);
- cwd_listing: errors every run unless its working directory is empty;
- shell_hang: never answers the fifth run, from a child process that keeps the pipes open;
- long_line: answers the fifth run with one line of 2 MiB;
- deep_json: answers the fifth run with JSON nested 100,000 deep;
- stderr_flood: writes 20 MiB to stderr, then answers correctly;
- hostile_text: answers errored with markup, line breaks, escapes and a lone surrogate;
- crash_always: exits on every run;
- location_off: moves every rejection's location one further.
"""

from __future__ import annotations

import json
import os
import subprocess
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


def retyped(value: Any, mode: str) -> Any:
    """Outputs with booleans as integers, or integers as floats."""
    if isinstance(value, dict):
        return {key: retyped(item, mode) for key, item in value.items()}
    if isinstance(value, list):
        return [retyped(item, mode) for item in value]
    if mode == "bool_as_int" and isinstance(value, bool):
        return int(value)
    if mode == "int_as_float" and type(value) is int:
        return float(value)
    return value


def published_answers() -> dict[str, dict[str, Any]]:
    """The shipped vectors' expected answers, by handler and input."""
    from ain_ref.repository import vectors_root
    from ain_ref.vectors.format import iter_vector_files

    table = {}
    for path in iter_vector_files(vectors_root()):
        document = json.loads(path.read_text())
        meta = document["meta"]
        key = json.dumps([meta["area"], meta["handler"], document["input"]], sort_keys=True)
        table[key] = document["expected"]
    return table


def looked_up(request: dict[str, Any], table: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Answer from the published vectors; anything else is skipped."""
    key = json.dumps([request["area"], request["handler"], request["input"]], sort_keys=True)
    expected = table.get(key)
    if expected is None:
        return {"seq": request["seq"], "skipped": "not in the published vectors"}
    if "output" in expected:
        return {"seq": request["seq"], "output": expected["output"]}
    answer = {"seq": request["seq"], "rejected": expected["rejected"]["code"]}
    if "location" in expected["rejected"]:
        answer["location"] = expected["rejected"]["location"]
    return answer


def hostile(seq: int) -> dict[str, Any]:
    """An errored answer made to break whatever prints it."""
    text = "[bold red]PASS[/] \x1b[2J\r\nPASS: 9999 passed, 0 failed\n\ud800 \u202e ]]> <x/> \x00"
    return {"seq": seq, "errored": text}


def answer(mode: str, request: dict[str, Any], run_count: int) -> dict[str, Any] | None:
    """The broken answer to one request (None: say nothing)."""
    command = request.get("cmd")
    if command == "hello":
        hello = hello_response()
        if mode == "wrong_protocol":
            hello["protocol"] = 99
        if mode == "skip_crypto":
            hello["areas"] = {"encoding": hello["areas"]["encoding"]}
        if mode == "declares_nothing":
            hello["areas"] = {}
        if mode == "unknown_handler":
            hello["areas"]["encoding"] = [*hello["areas"]["encoding"], "teleport"]
        if mode == "v1":
            hello["protocol"] = 1
        if mode == "hello_crash":
            print("cannot start: missing libfoo.so", file=sys.stderr)
            sys.exit(7)
        if mode == "cwd_listing" and os.listdir("."):
            print(f"working directory not empty: {os.listdir('.')}", file=sys.stderr)
            sys.exit(5)
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
    if mode == "crash_always":
        sys.exit(4)
    if mode == "shell_hang" and fifth:
        subprocess.Popen(["sleep", "3600"])  # a child that inherits stdout and lives on
        time.sleep(3600)
    if mode == "long_line" and fifth:
        return {"seq": request["seq"], "errored": "x" * (2 * 1024 * 1024)}
    if mode == "deep_json" and fifth:
        return {"deep": True}  # handled by the caller
    if mode == "stderr_flood" and run_count == 1:
        chunk = "noise " * 10000 + "\n"
        for _ in range(350):
            sys.stderr.write(chunk)
        sys.stderr.flush()
    if mode == "hostile_text":
        return hostile(request["seq"])
    if mode == "skip_all":
        return {"seq": request["seq"], "skipped": "not today"}
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
    if mode == "extra_field":
        return {**response, "note": "unknown fields fail --validate-protocol only"}
    if mode in ("bool_as_int", "int_as_float") and "output" in response:
        return {"seq": response["seq"], "output": retyped(response["output"], mode)}
    if mode == "both_kinds":
        return {**response, "output": {}, "rejected": "ENCODING_MALFORMED"}
    if mode == "neither_kind":
        return {"seq": response["seq"]}
    if mode == "string_seq":
        return {**response, "seq": str(response["seq"])}
    if mode == "location_off" and "rejected" in response:
        location = response.get("location", 0)
        if isinstance(location, int):
            return {**response, "location": location + 1}
        return {**response, "location": {**location, "column": location["column"] + 1}}
    return response


def main() -> None:
    mode = sys.argv[1]
    run_count = 0
    table = published_answers() if mode == "lookup" else {}
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("cmd") == "run":
            run_count += 1
            if mode == "lookup":
                print(json.dumps(looked_up(request, table)), flush=True)
                continue
        response = answer(mode, request, run_count)
        if response is None:
            print("this is not JSON {", flush=True)
            continue
        if response.get("deep"):
            print("[" * 100_000 + "]" * 100_000, flush=True)
            continue
        print(json.dumps(response), flush=True)


if __name__ == "__main__":
    main()
