"""Handlers: one per (area, handler), deterministic, covered by vectors, strict about input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ain_ref.conformance.adapter import respond
from ain_ref.conformance.handlers import ALL_HANDLERS, HANDLERS_BY_KEY, areas
from ain_ref.conformance.typed_json import (
    HandlerInputError,
    from_typed_json,
    parse_decimal,
    to_typed_json,
)
from ain_ref.vectors.format import iter_vector_files

VECTORS = Path(__file__).parents[2] / "vectors"


def test_every_handler_has_vectors_and_is_deterministic() -> None:
    """[AIN-CONF-HANDLER.1] Each handler has vectors; running one twice gives the same result."""
    assert len(HANDLERS_BY_KEY) == len(ALL_HANDLERS)
    seen: dict[tuple[str, str], int] = {}
    for path in iter_vector_files(VECTORS):
        document = json.loads(path.read_text())
        key = (document["meta"]["area"], document["meta"]["handler"])
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= 3:
            handler = HANDLERS_BY_KEY[key]
            assert handler.run(document["input"]) == handler.run(document["input"])
    assert set(seen) == set(HANDLERS_BY_KEY)
    assert {"crypto", "encoding", "state"} <= set(areas())


@pytest.mark.parametrize(
    ("area", "handler", "vector_input"),
    [
        ("encoding", "decode", {}),
        ("encoding", "decode", {"bytes": "ABCD"}),
        ("encoding", "decode", {"bytes": "abc"}),
        ("encoding", "encode", {"value": 1.5}),
        ("encoding", "encode", {"value": {"int": "01"}}),
        ("encoding", "encode", {"value": {"float": "1"}}),
        ("crypto", "sign", {"seed": "00", "tag": "AIN/transaction", "chain_id": 1, "payload": ""}),
        ("crypto", "parse_address", {"text": 5}),
    ],
)
def test_malformed_inputs_are_harness_errors_not_verdicts(
    area: str, handler: str, vector_input: dict
) -> None:
    """[AIN-CONF-HANDLER.1] [AIN-CONF-ADAPTER-RUN.2] Input that is not the handler's shape is
    refused as a harness error (errored), never as a protocol rejection."""
    with pytest.raises(HandlerInputError):
        HANDLERS_BY_KEY[(area, handler)].run(vector_input)
    response = respond(
        {
            "cmd": "run",
            "seq": 4,
            "vector_id": "x",
            "area": area,
            "handler": handler,
            "input": vector_input,
        }
    )
    assert response is not None and response["seq"] == 4 and "errored" in response


def test_adapter_answers_unknown_requests_without_dying() -> None:
    """[AIN-CONF-ADAPTER-RUN.2] Unknown handlers are skipped, unknown commands errored."""
    skipped = respond(
        {
            "cmd": "run",
            "seq": 1,
            "vector_id": "x",
            "area": "consensus",
            "handler": "order",
            "input": {},
        }
    )
    assert skipped == {"seq": 1, "skipped": "handler not implemented by ain-ref"}
    assert "errored" in (respond({"cmd": "dance", "seq": 2}) or {})
    state = respond({"cmd": "get_state", "seq": 3})
    assert state is not None and state["seq"] == 3 and "state" in state
    assert respond({"cmd": "stop"}) is None


def test_typed_json_round_trips() -> None:
    """[AIN-CONF-HANDLER.1] Typed JSON tells bytes from text and keeps big integers exact."""
    value = {"b": b"\x00", "t": "00", "i": 2**64 - 1, "n": None, "l": [True, -(2**63)], "m": {}}
    assert from_typed_json(json.loads(json.dumps(to_typed_json(value)))) == value


@pytest.mark.parametrize(
    "text", ["²", "--5", "-", "", "+5", "05", "-0", "٣", "1_000", " 1", "1\n", "0x10", 5]
)
def test_decimal_strings_outside_the_plain_form_are_harness_errors(text: object) -> None:
    """[AIN-CONF-HANDLER.1] Only `-`? then ASCII digits without a leading zero is a decimal:
    a superscript or Arabic-Indic digit, a doubled sign or "-0" is a harness error, never a
    bare ValueError and never a number."""
    with pytest.raises(HandlerInputError):
        parse_decimal(text, "field")
    with pytest.raises(HandlerInputError):
        from_typed_json({"int": text})


@pytest.mark.parametrize("text", ["0", "-1", "18446744073709551616", "-9223372036854775808"])
def test_plain_decimal_strings_are_read_exactly(text: str) -> None:
    """[AIN-CONF-HANDLER.1] The plain decimal form reads back to the integer it writes."""
    assert str(parse_decimal(text, "field")) == text
