"""
What an area registers with the platform: one ``Area`` value, listed in one table.

An area (economy, jobs, consensus, governance, the platform itself) describes itself with an
``Area``: its natives (with their declared patterns and parties), its parameters and
cross-constraints, its block steps, and its genesis entries. ``ain_ref.platform.areas`` lists
every protocol area in one tuple; nothing is registered by importing a module.

Spec: spec/platform.md, "How an area registers" ([AIN-PLAT-AREA.1]).
Layer: platform (registration). Imports state and the other registration modules; never
chain, so every area may import it.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ain_ref.encoding import CborValue
from ain_ref.platform.params import CrossConstraint, ParameterDefinition
from ain_ref.platform.steps import BlockStep
from ain_ref.state.natives import NativeDefinition


def frozen_map(value: Mapping[str, object]) -> Mapping[str, object]:
    """A copy of a mapping (so an Area never shares a dict with its author)."""
    return dict(value)


@attrs.frozen
class AreaGenesis:
    """
    An area's entries in the protocol genesis [AIN-PLAT-GENESIS-AREAS.1].

    Attributes
    ----------
    values, rules, owners : Mapping[str, CborValue]
        Genesis entries by path text, as in a genesis document's sections. A path may appear
        in one area only.
    writers : Mapping[str, tuple[str, ...]]
        Value path patterns and the natives of this area that write there. The protocol
        genesis gives each such pattern the rule ``auth.fid === '<fid>' || ...`` over the
        natives of every area, in id order, so two areas share a path (balances) without
        editing each other's rules.
    events : Mapping[str, tuple[str, ...]]
        Function path patterns and the EVENT function ids the genesis configures there
        ([AIN-STATE-FUNCTION-EVENT.1]): the events off-chain listeners follow.
    """

    values: Mapping[str, CborValue] = attrs.field(factory=dict, converter=frozen_map)
    rules: Mapping[str, CborValue] = attrs.field(factory=dict, converter=frozen_map)
    owners: Mapping[str, CborValue] = attrs.field(factory=dict, converter=frozen_map)
    writers: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, converter=frozen_map)
    events: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, converter=frozen_map)


@attrs.frozen
class Area:
    """
    Everything one area registers [AIN-PLAT-AREA.1].

    Attributes
    ----------
    name : str
        The area's name, also the first label of its parameters (/params/<name>/...).
    natives : tuple[NativeDefinition, ...]
        Its native functions; the protocol genesis configures each at its declared patterns.
    parameters : tuple[ParameterDefinition, ...]
        Its parameters (their area is this area's name).
    constraints : tuple[CrossConstraint, ...]
        Cross-constraints over its parameters (and others').
    steps : tuple[BlockStep, ...]
        Its begin- and end-block steps.
    genesis : AreaGenesis
        Its genesis entries.
    """

    name: str
    natives: tuple[NativeDefinition, ...] = ()
    parameters: tuple[ParameterDefinition, ...] = ()
    constraints: tuple[CrossConstraint, ...] = ()
    steps: tuple[BlockStep, ...] = ()
    genesis: AreaGenesis = AreaGenesis()
