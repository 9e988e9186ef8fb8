"""Properties of the canonical encoding: round trips, and the fast path equals the plain one."""

from __future__ import annotations

import cbor2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ain_ref.conformance.strategies import data_model_values, mutated
from ain_ref.encoding import (
    MAX_ENCODED_SIZE,
    MAX_NESTING_DEPTH,
    CborValue,
    EncodingError,
    check_canonical,
    data_model_violation,
    decode,
    decode_fast,
    encode,
    encode_plain,
    encode_trusted,
    is_in_data_model,
)
from ain_ref.errors import ErrorCode, Rejection

values = data_model_values  # the fuzzer's strategy: every kind of value, and the limits


@given(values)
def test_decode_inverts_encode(value: CborValue) -> None:
    """[AIN-ENC-CANONICAL.1] [AIN-ENC-ENCODE.2] decode(encode(v)) == v for every value."""
    encoded = encode(value)
    assert decode(encoded) == value
    assert type(decode(encoded)) is type(value)


@given(values)
def test_fast_encoder_equals_plain_encoder(value: CborValue) -> None:
    """[AIN-ENC-ENCODE.2] [AIN-ENC-MAP-ORDER.1] cbor2's canonical output is the plain encoder's."""
    assert encode(value) == encode_plain(value)


def shuffled_maps(value: CborValue, seed: int) -> CborValue:
    """The same value with every map's entries in a seed-chosen order (reversed or kept)."""
    if isinstance(value, list):
        return [shuffled_maps(item, seed + 1) for item in value]
    if isinstance(value, dict):
        items = [(key, shuffled_maps(item, seed + 1)) for key, item in value.items()]
        return dict(reversed(items) if seed % 2 else items)
    return value


candidate_bytes = (
    st.binary(max_size=64)
    | values.map(encode).flatmap(mutated)
    | values.map(lambda value: cbor2.dumps(shuffled_maps(value, 1)))  # keys out of order
)


@given(candidate_bytes)
def test_fast_decoder_accepts_exactly_what_the_plain_scanner_accepts(data: bytes) -> None:
    """[AIN-ENC-CANONICAL.1] The strict cbor2 path and the plain scanner agree on every input."""
    is_accepted, value = decode_fast(data)
    assert is_accepted == (check_canonical(data) is None)
    if is_accepted:
        assert encode_plain(value) == data


@given(candidate_bytes)
def test_decode_never_raises_and_rejections_are_located(data: bytes) -> None:
    """[AIN-CONV-REJECTION.1] Any bytes give a value or a located rejection, never an exception."""
    result = decode(data)
    if isinstance(result, Rejection):
        assert result.location is not None and 0 <= result.location <= len(data)
        assert result.code.name.startswith("ENCODING_")
    else:
        assert encode(result) == data


def test_input_at_the_size_limit_is_accepted() -> None:
    """[AIN-ENC-LIMITS.1] Exactly MAX_ENCODED_SIZE bytes are read; one more is refused."""
    head = bytes.fromhex("5a000ffffb")
    at_limit = head + bytes(MAX_ENCODED_SIZE - len(head))
    assert len(at_limit) == MAX_ENCODED_SIZE
    assert decode(at_limit) == bytes(MAX_ENCODED_SIZE - len(head))
    over = decode(at_limit + b"\x00")
    assert isinstance(over, Rejection) and over.code is ErrorCode.ENCODING_TOO_LARGE


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (1.5, ErrorCode.ENCODING_FLOAT_NOT_ALLOWED),
        ([0.0], ErrorCode.ENCODING_FLOAT_NOT_ALLOWED),
        ({1: 2}, ErrorCode.ENCODING_KEY_NOT_TEXT),
        ("\ud800", ErrorCode.ENCODING_INVALID_UTF8),
        ({"k": ["a\udfff"]}, ErrorCode.ENCODING_INVALID_UTF8),
        ({"\udc00": 1}, ErrorCode.ENCODING_INVALID_UTF8),
        ({"\udc00": 2**64}, ErrorCode.ENCODING_INVALID_UTF8),  # every key before any value
        ([2**64, "\ud800"], ErrorCode.ENCODING_INTEGER_OUT_OF_RANGE),  # depth first, in order
        ({"b": "\ud800", "aa": 2**64}, ErrorCode.ENCODING_INVALID_UTF8),  # encoded-key order
        ({"aa": "\ud800", "b": 2**64}, ErrorCode.ENCODING_INTEGER_OUT_OF_RANGE),
        (b"\x00" * MAX_ENCODED_SIZE, ErrorCode.ENCODING_TOO_LARGE),
        ([b"\x00" * MAX_ENCODED_SIZE, 2**64], ErrorCode.ENCODING_INTEGER_OUT_OF_RANGE),
        (2**64, ErrorCode.ENCODING_INTEGER_OUT_OF_RANGE),
        (-(2**63) - 1, ErrorCode.ENCODING_INTEGER_OUT_OF_RANGE),
    ],
)
def test_values_outside_the_data_model_are_not_encodable(value: object, code: ErrorCode) -> None:
    """[AIN-ENC-TYPES.2] [AIN-ENC-INT.1] [AIN-ENC-MAP-KEYS.1] [AIN-ENC-ENCODE.2] The encoder
    names the first failed check of its ordered list."""
    with pytest.raises(EncodingError) as raised:
        encode(value)  # type: ignore[arg-type]
    assert raised.value.rejection.code is code


@pytest.mark.parametrize("value", [(1, 2), {"a": object()}, [set()]])
def test_python_objects_outside_every_kind_are_a_callers_bug(value: object) -> None:
    """[AIN-ENC-TYPES.2] No protocol input expresses them: a TypeError, not a rejection code."""
    with pytest.raises(TypeError):
        encode(value)  # type: ignore[arg-type]


def test_encoding_at_the_size_limit_is_accepted_and_one_byte_more_refused() -> None:
    """[AIN-ENC-ENCODE.2] The encoder's size limit is the decoder's, taken exactly."""
    content = bytes(MAX_ENCODED_SIZE - 5)  # a 5-byte head: 1,048,576 bytes in all
    encoded = encode(content)
    assert len(encoded) == MAX_ENCODED_SIZE and decode(encoded) == content
    with pytest.raises(EncodingError) as raised:
        encode(content + b"\x00")
    assert raised.value.rejection.code is ErrorCode.ENCODING_TOO_LARGE


@pytest.mark.parametrize(
    ("hex_bytes", "code", "location"),
    [
        ("", ErrorCode.ENCODING_TRUNCATED, 0),
        ("8201", ErrorCode.ENCODING_TRUNCATED, 2),  # a missing element: the end of the input
        ("a16161", ErrorCode.ENCODING_TRUNCATED, 3),  # a missing value
        ("82011901", ErrorCode.ENCODING_TRUNCATED, 2),  # a head cut short: the head
        ("82014301", ErrorCode.ENCODING_TRUNCATED, 2),  # a string cut short: its head
        ("0100", ErrorCode.ENCODING_TRAILING_BYTES, 1),
        ("a2616101616102", ErrorCode.ENCODING_DUPLICATE_KEY, 4),
        ("a2616201616101", ErrorCode.ENCODING_UNSORTED_KEYS, 4),
        ("a261610101f6", ErrorCode.ENCODING_KEY_NOT_TEXT, 4),
        ("8201c0", ErrorCode.ENCODING_TAG_NOT_ALLOWED, 2),
        ("820162c328", ErrorCode.ENCODING_INVALID_UTF8, 2),
        ("81" * 64 + "80", ErrorCode.ENCODING_TOO_DEEP, 64),
        ("a16161" * 64 + "a0", ErrorCode.ENCODING_TOO_DEEP, 192),
        ("a1616b1817", ErrorCode.ENCODING_NON_SHORTEST_FORM, 3),
    ],
)
def test_decoding_rejections_are_located_as_the_clause_says(
    hex_bytes: str, code: ErrorCode, location: int
) -> None:
    """[AIN-ENC-LOCATION.1] The byte offset of each kind of rejection."""
    result = decode(bytes.fromhex(hex_bytes))
    assert isinstance(result, Rejection)
    assert (result.code, result.location) == (code, location)


def test_depth_limit_applies_to_maps_and_arrays_alike() -> None:
    """[AIN-ENC-LIMITS.1] MAX_NESTING_DEPTH levels encode; one more does not."""
    value: CborValue = {}
    for level in range(MAX_NESTING_DEPTH - 1):
        value = [value] if level % 2 else {"k": value}
    assert decode(encode(value)) == value
    with pytest.raises(EncodingError) as raised:
        encode([value])
    assert raised.value.rejection.code is ErrorCode.ENCODING_TOO_DEEP


def test_bool_and_int_are_different_values() -> None:
    """[AIN-ENC-TYPES.2] true is not 1 and false is not 0, in either direction."""
    assert encode(True) != encode(1) and encode(False) != encode(0)
    assert decode(encode(1)) is not True and decode(encode(True)) is True


anything = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats()
    | st.text(max_size=4)
    | st.binary(max_size=4),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=3) | st.integers(0, 3), children, max_size=3)
    ),
    max_leaves=10,
)


with_surrogates = st.text(st.characters(categories=["Cs"]) | st.characters(), max_size=3)
anything_with_surrogates = st.recursive(
    anything | with_surrogates,
    lambda children: (
        st.dictionaries(with_surrogates, children, max_size=3) | st.lists(children, max_size=3)
    ),
    max_leaves=8,
)


@given(anything_with_surrogates)
def test_fast_data_model_check_equals_the_explaining_one(value: object) -> None:
    """[AIN-ENC-TYPES.2] [AIN-ENC-INT.1] [AIN-ENC-MAP-KEYS.1] is_in_data_model is exactly
    ``data_model_violation(value) is None``."""
    assert is_in_data_model(value) == (data_model_violation(value) is None)


@given(values)
def test_trusted_encoder_equals_the_checking_one(value: CborValue) -> None:
    """[AIN-ENC-ENCODE.2] encode_trusted gives encode's bytes on every value of the model."""
    assert encode_trusted(value) == encode(value)


@given(values | anything, st.integers(0, 3))
def test_canonical_order_check_means_order_kept_encoding_is_canonical(
    value: object, seed: int
) -> None:
    """[AIN-ENC-MAP-ORDER.1] is_in_data_model(v, keys_in_order=True) exactly when v is in the
    data model and
    its order-preserving cbor2 encoding is the canonical one (the fast decoder relies on it)."""
    candidate = shuffled_maps(value, seed) if is_in_data_model(value) else value  # type: ignore[arg-type]
    expected = is_in_data_model(candidate) and cbor2.dumps(candidate) == encode(candidate)  # type: ignore[arg-type]
    assert is_in_data_model(candidate, keys_in_order=True) == expected
