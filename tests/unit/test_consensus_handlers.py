"""The consensus handlers' input forms: event bytes in hex or in the run-length form."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ain_ref.conformance.handlers.consensus import MAX_EXPANDED_BYTES, parse_event_bytes
from ain_ref.conformance.typed_json import HandlerInputError
from tests.fillers.consensus.test_event_size import run_length


@given(st.lists(st.tuples(st.integers(0, 255), st.integers(1, 200)), max_size=12))
def test_run_length_form_expands_to_the_bytes(runs: list[tuple[int, int]]) -> None:
    """The run-length form of any bytes expands to those bytes, as their hex does."""
    data = b"".join(bytes([byte]) * length for byte, length in runs)
    assert (
        parse_event_bytes(run_length(data), "event")
        == data
        == parse_event_bytes(data.hex(), "event")
    )


@pytest.mark.parametrize(
    "value",
    [
        [{"fill": "0000", "length": "3"}],  # a run is one byte
        [{"fill": "", "length": "3"}],
        [{"fill": "00", "length": "0"}],  # repeated at least once
        [{"fill": "00", "length": "3", "extra": 1}],  # exactly fill and length
        [{"fill": "00"}],
        [{"fill": "AB", "length": "1"}],  # lowercase hex
        ["0g"],
        [5],
        [{"fill": "00", "length": str(MAX_EXPANDED_BYTES + 1)}],  # at most 1 MiB expanded
        ["00", {"fill": "00", "length": str(MAX_EXPANDED_BYTES)}],
    ],
)
def test_malformed_run_length_forms_are_harness_errors(value: Any) -> None:
    """Every other shape, and an expansion beyond 1 MiB, is a malformed input, not a verdict."""
    with pytest.raises(HandlerInputError):
        parse_event_bytes(value, "event")


def test_expansion_up_to_one_mebibyte_is_taken() -> None:
    """Exactly MAX_EXPANDED_BYTES (1,048,576) expanded bytes are read."""
    value = ["00", {"fill": "01", "length": str(MAX_EXPANDED_BYTES - 1)}]
    assert len(parse_event_bytes(value, "event")) == MAX_EXPANDED_BYTES
