"""
Fillers for the consensus parameters in the platform's registry ([AIN-CONS-PARAMETERS.2]):
their defaults in the protocol genesis, an override at genesis, and an override out of bounds.

The bounds on both sides of every consensus parameter come from the platform's filler
(tests/fillers/platform/test_parameters.py), which takes every registered parameter.
"""

from __future__ import annotations

from typing import Any

from ain_ref.conformance.typed_json import from_typed_json, to_typed_json
from ain_ref.consensus.epochs import parameters_from_state
from ain_ref.consensus_params import CONSENSUS_PARAMETERS
from ain_ref.errors import ErrorCode
from ain_ref.platform.genesis import GenesisSpec, build_protocol_genesis
from ain_ref.state.tree import StateTree
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.platform.common import apply_blocks_vector, small_genesis

KEYS = [definition.key for definition in CONSENSUS_PARAMETERS]
OVERRIDE = {
    "consensus/max_rounds_ahead": 1,
    "consensus/gc_depth": 1024,
    "consensus/max_suspended": 65_536,
    "consensus/leader_timeout": 0,
}
"""Each consensus parameter at one of its bounds, set by the protocol genesis."""


def read_back(genesis: dict[str, Any]) -> list[int]:
    """The consensus parameters a node reads from the built protocol genesis, in KEYS order."""
    parameters = {key: from_typed_json(value) for key, value in genesis["parameters"].items()}
    tree = build_protocol_genesis(
        GenesisSpec(
            total_supply=int(genesis["total_supply"]),
            allocations={key: int(value) for key, value in genesis["allocations"].items()},
            validators={key: int(value) for key, value in genesis["validators"].items()},
            parameters=parameters,  # type: ignore[arg-type]
        )
    )
    assert isinstance(tree, StateTree)
    read = parameters_from_state(tree)
    return [read.max_rounds_ahead, read.gc_depth, read.max_suspended, read.leader_timeout]


@clauses("AIN-CONS-PARAMETERS.2", "AIN-PLAT-PARAM-REGISTRY.1", "AIN-PLAT-PARAM-READ.1")
def test_consensus_parameters_in_the_genesis(fill: Filler) -> None:
    """
    The protocol genesis holds the consensus parameters: their defaults, or its own values.

    Given
    -----
    - the small protocol genesis, without consensus parameters (case "defaults"), or setting
      max_rounds_ahead 1, gc_depth 1024, max_suspended 65536 and leader_timeout 0 (case
      "override", each at a bound).

    When
    ----
    - no block is applied; the four consensus parameters are queried.

    Then
    ----
    - "defaults": 16, 12, 1024, 4 (the registered defaults, stored by the genesis);
      "override": 1, 1024, 65536, 0. The roots differ with the stored values.
    """
    for case, parameters, expected in (
        ("defaults", {}, [16, 12, 1024, 4]),
        ("override", OVERRIDE, list(OVERRIDE.values())),
    ):
        genesis = small_genesis(parameters=parameters)
        output = apply_blocks_vector(fill, case, genesis, [], [], queries={"parameters": KEYS})
        assert output["parameters"] == [to_typed_json(value) for value in expected]
        assert read_back(genesis) == expected


@clauses("AIN-CONS-PARAMETERS.2", "AIN-PLAT-GENESIS-CHECKS.1", "AIN-PLAT-PARAM-BOUNDS.1")
def test_consensus_parameter_out_of_bounds_at_genesis(fill: Filler) -> None:
    """
    The protocol genesis refuses a consensus parameter outside its bounds, on either side.

    Given
    -----
    - the small protocol genesis.

    When
    ----
    - it sets consensus/max_rounds_ahead to 0 (case "below"), consensus/gc_depth to 1025
      (case "above"), or consensus/max_suspended to true (case "boolean").

    Then
    ----
    - PARAM_OUT_OF_BOUNDS, PARAM_OUT_OF_BOUNDS, PARAM_WRONG_TYPE: no chain starts with them.
    """
    for case, key, value, code in (
        ("below", "consensus/max_rounds_ahead", 0, ErrorCode.PARAM_OUT_OF_BOUNDS),
        ("above", "consensus/gc_depth", 1025, ErrorCode.PARAM_OUT_OF_BOUNDS),
        ("boolean", "consensus/max_suspended", True, ErrorCode.PARAM_WRONG_TYPE),
    ):
        fill(
            "platform",
            "genesis",
            {"genesis": small_genesis(parameters={key: value})},
            rejection=code,
            case=case,
        )
