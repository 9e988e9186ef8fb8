"""
Handlers of the encoding area: decode and encode.

Spec: spec/encoding.md; spec/conformance.md ([AIN-CONF-HANDLER.1]).
Layer: conformance. Imports encoding.
"""

from __future__ import annotations

from ain_ref.conformance.handlers.base import Handler, HandlerResult
from ain_ref.conformance.typed_json import (
    HandlerInputError,
    JsonObject,
    field,
    from_typed_json,
    parse_hex,
    to_typed_json,
)
from ain_ref.encoding import MAX_ENCODED_SIZE, EncodingError, decode, encode
from ain_ref.errors import Rejection


def zero_padding(vector_input: JsonObject) -> int:
    """The optional ``input.append_zero_bytes``: a count of zero bytes, 0 when absent."""
    padding = vector_input.get("append_zero_bytes", 0)
    if type(padding) is not int or not 0 <= padding <= 2 * MAX_ENCODED_SIZE:
        raise HandlerInputError("append_zero_bytes: expected an integer up to 2 MiB")
    return padding


def run_decode(vector_input: JsonObject) -> HandlerResult:
    """
    Decode ``input.bytes``; output ``{"value": typed JSON}`` [AIN-ENC-CANONICAL.1].

    ``input.append_zero_bytes`` (optional) appends that many zero bytes to the input, so that
    vectors on the size limit stay small. A rejection keeps its location
    ([AIN-ENC-LOCATION.1]), which the adapter reports.
    """
    data = parse_hex(field(vector_input, "bytes"), "bytes")
    value = decode(data + bytes(zero_padding(vector_input)))
    if isinstance(value, Rejection):
        return value
    return {"value": to_typed_json(value)}


def run_encode(vector_input: JsonObject) -> HandlerResult:
    """
    Encode ``input.value`` (typed JSON); output ``{"bytes": hex}`` [AIN-ENC-ENCODE.2].

    ``input.append_zero_bytes`` (optional, only beside a byte-string value) appends that many
    zero bytes to the byte string before encoding, so that vectors on the size limit stay small.
    """
    value = from_typed_json(field(vector_input, "value"))
    padding = zero_padding(vector_input)
    if padding:
        if type(value) is not bytes:
            raise HandlerInputError("append_zero_bytes: only beside a byte-string value")
        value += bytes(padding)
    try:
        return {"bytes": encode(value).hex()}
    except EncodingError as error:
        return error.rejection


HANDLERS = (
    Handler(
        area="encoding",
        name="decode",
        run=run_decode,
        call="decode input.bytes (hex), with input.append_zero_bytes zero bytes appended if "
        "present, with your strict canonical decoder (spec/encoding.md, Handlers)",
        compare="output.value (typed JSON) or the rejection code",
        clauses=("AIN-ENC-CANONICAL.1",),
    ),
    Handler(
        area="encoding",
        name="encode",
        run=run_encode,
        call="encode input.value (typed JSON) canonically; input.append_zero_bytes, if present, "
        "extends a byte-string value with zeros (spec/encoding.md, Handlers)",
        compare="output.bytes (hex) or the rejection code",
        clauses=("AIN-ENC-ENCODE.2",),
    ),
)
