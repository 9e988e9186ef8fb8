"""
Malformed governance handler inputs are harness errors, never a protocol code.

[AIN-GOV-BLOCKS-HANDLER.2] A proposal id that is not a decimal label, or a key that is not a
registered parameter, is a malformed input ([AIN-CONF-MALFORMED.2]): the handler raises
HandlerInputError (the adapter answers ``errored``). [AIN-GOV-TALLY-HANDLER.1] A number that is
not a plain decimal string, ``"-0"`` included, is malformed too.
"""

from __future__ import annotations

from typing import Any

import pytest

from ain_ref.conformance.handlers import find_handler
from ain_ref.conformance.typed_json import HandlerInputError
from tests.fillers.governance.chain import CHAIN_ID, small_chain
from tests.fillers.governance.common import tally_input


def apply_blocks_input(queries: dict[str, Any]) -> dict[str, Any]:
    """The small chain, no block, the given queries."""
    return {"genesis": small_chain(), "chain_id": str(CHAIN_ID), "blocks": [], "queries": queries}


@pytest.mark.parametrize(
    "queries",
    [
        {"proposals": ["01"]},
        {"proposals": ["x"]},
        {"proposals": [5]},
        {"proposals": ["-1"]},
        {"parameters": ["governance/nope"]},
        {"parameters": [5]},
    ],
)
def test_a_malformed_query_is_a_harness_error(queries: dict[str, Any]) -> None:
    """[AIN-GOV-BLOCKS-HANDLER.2] Never a code: the handler refuses to read the input."""
    handler = find_handler("governance", "apply_blocks")
    assert handler is not None
    with pytest.raises(HandlerInputError):
        handler.run(apply_blocks_input(queries))


def test_well_formed_queries_are_answered() -> None:
    """[AIN-GOV-BLOCKS-HANDLER.2] The twin of the cases above: "0" and a registered key read."""
    handler = find_handler("governance", "apply_blocks")
    assert handler is not None
    output = handler.run(
        apply_blocks_input({"proposals": ["0"], "parameters": ["governance/min_deposit"]})
    )
    assert isinstance(output, dict)
    assert output["proposals"] == [None]
    assert output["parameters"] == [{"int": str(1_000 * 10**6)}]


@pytest.mark.parametrize("power", ["-0", "010", "+1", 5])
def test_a_tally_number_that_is_not_plain_is_a_harness_error(power: object) -> None:
    """[AIN-GOV-TALLY-HANDLER.1] Not GOV_SNAPSHOT_INVALID: malformed."""
    handler = find_handler("governance", "tally")
    assert handler is not None
    vector_input = tally_input({"a": 1})
    vector_input["snapshot"]["validators"][0]["power"] = power  # type: ignore[index]
    with pytest.raises(HandlerInputError):
        handler.run(vector_input)
