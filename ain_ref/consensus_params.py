"""
The consensus area's registration with the platform: its parameters, bounds and units.

The platform's one table of areas (``ain_ref.platform.areas``) lists ``CONSENSUS_AREA``. That
table sits below ``chain``, and nothing below ``chain`` imports ``ain_ref.consensus``, so the
area's registration lives here, beside ``ain_ref.events`` (the event format, which is below
``chain`` for the same kind of reason); ``ain_ref.consensus`` reads the values through
``ain_ref.consensus.epochs.parameters_from_state``.

Spec: spec/consensus.md, "Committee" ([AIN-CONS-PARAMETERS.2]).
Layer: platform (registration). Imports platform.area and platform.params only.
"""

from __future__ import annotations

from typing import Final

from ain_ref.platform.area import Area
from ain_ref.platform.params import INTEGER, ParameterDefinition

AREA_NAME: Final = "consensus"

MAX_ROUNDS_AHEAD: Final = ParameterDefinition(
    AREA_NAME, "max_rounds_ahead", INTEGER, 16, 1, 1024, "rounds"
)
"""Rounds an event may lie above the highest round held [AIN-CONS-EVENT-HORIZON.1]."""
GC_DEPTH: Final = ParameterDefinition(AREA_NAME, "gc_depth", INTEGER, 12, 1, 1024, "rounds")
"""Rounds kept below the last committed leader [AIN-CONS-GC.1]."""
MAX_SUSPENDED: Final = ParameterDefinition(
    AREA_NAME, "max_suspended", INTEGER, 1024, 1, 65_536, "events"
)
"""Events a node keeps while their parents are missing [AIN-CONS-SUSPEND.1]."""
LEADER_TIMEOUT: Final = ParameterDefinition(
    AREA_NAME, "leader_timeout", INTEGER, 4, 0, 1_000_000, "ticks"
)
"""Ticks an honest node waits for a leader [AIN-CONS-HONEST-ROUND.1]; never part of a verdict."""

CONSENSUS_PARAMETERS: Final = (MAX_ROUNDS_AHEAD, GC_DEPTH, MAX_SUSPENDED, LEADER_TIMEOUT)
"""The consensus area's parameters, in the order spec/consensus.md's table lists them."""

CONSENSUS_AREA: Final = Area(name=AREA_NAME, parameters=CONSENSUS_PARAMETERS)
"""
What the consensus area registers: parameters only (no natives, steps or cross-constraints;
every combination of in-bounds values is safe, [AIN-CONS-PARAMETERS.2]).
"""
