"""The consensus parameters: registered, read from the state an epoch starts from."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ain_ref.chain import build_genesis
from ain_ref.consensus.committee import ConsensusParameters
from ain_ref.consensus.epochs import parameters_from_state
from ain_ref.consensus_params import CONSENSUS_AREA, CONSENSUS_PARAMETERS
from ain_ref.platform.areas import PROTOCOL_AREAS
from ain_ref.platform.params import PARAMETERS
from ain_ref.state.tree import StateTree

NAMES = [definition.name for definition in CONSENSUS_PARAMETERS]


def read(values: dict[str, object]) -> ConsensusParameters:
    """The parameters read from a plain genesis holding ``values`` under /params/consensus."""
    tree = build_genesis(
        {"values": {f"/params/consensus/{name}": value for name, value in values.items()}}
    )
    assert isinstance(tree, StateTree)
    return parameters_from_state(tree)


def test_the_area_is_in_the_protocol_table() -> None:
    """[AIN-CONS-PARAMETERS.2] The four parameters are registered by the consensus area."""
    assert CONSENSUS_AREA in PROTOCOL_AREAS
    assert {f"consensus/{name}" for name in NAMES} <= set(PARAMETERS)


def test_defaults_are_the_registered_defaults() -> None:
    """[AIN-CONS-PARAMETERS.2] Nothing stored: each registered default; no constant elsewhere."""
    expected = {definition.name: definition.default for definition in CONSENSUS_PARAMETERS}
    assert expected == {
        "max_rounds_ahead": 16,
        "gc_depth": 12,
        "max_suspended": 1024,
        "leader_timeout": 4,
    }
    assert read({}) == ConsensusParameters(**expected) == ConsensusParameters()  # type: ignore[arg-type]


@given(st.data())
def test_stored_values_are_read_and_invalid_ones_are_not(data: st.DataObject) -> None:
    """
    [AIN-CONS-PARAMETERS.2] [AIN-PLAT-PARAM-READ.1] A stored value within its bounds is what
    the epoch uses; one outside them (only a plain genesis can store it) reads as the default.
    """
    values: dict[str, object] = {}
    expected: dict[str, int] = {}
    for definition in CONSENSUS_PARAMETERS:
        low, high = definition.minimum, definition.maximum
        value = data.draw(st.integers(low - 2, high + 2) | st.booleans(), label=definition.name)
        values[definition.name] = value
        fits = type(value) is int and low <= value <= high
        expected[definition.name] = value if fits else definition.default  # type: ignore[assignment]
    assert read(values) == ConsensusParameters(**expected)
