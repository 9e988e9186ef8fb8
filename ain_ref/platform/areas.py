"""
The one table of protocol areas, and its installation.

``PROTOCOL_AREAS`` lists every area the protocol has, in a fixed order; ``install_areas``
registers their natives, parameters, constraints and block steps. The ``ain_ref`` package runs
it when it is first imported, so the registry is the same whichever module a program imports
first [AIN-PLAT-AREA.1]. An area joins the protocol by adding its ``Area`` to this tuple: one
line, and nothing in another area's code.

This module also defines the platform's own areas: ``platform`` (the parameter guard and the
block limit) and ``staking`` (bonding, unbonding, delegation, voting power).

Spec: spec/platform.md, "How an area registers" ([AIN-PLAT-AREA.1]), "Parameters",
"Staking and delegation".
Layer: platform (registration). Imports the areas' registration values; never chain.
"""

from __future__ import annotations

from typing import Final

from ain_ref.consensus_params import CONSENSUS_AREA
from ain_ref.economy.natives import ECONOMY_AREA
from ain_ref.governance.area import GOVERNANCE_AREA
from ain_ref.jobs.chain_registry import JOBS_AREA
from ain_ref.jobs.execution.area import EXECUTION_AREA
from ain_ref.platform.area import Area, AreaGenesis
from ain_ref.platform.params import (
    INTEGER,
    PARAM_GUARD,
    PARAM_GUARD_PATTERN,
    CrossConstraint,
    ParameterDefinition,
    register_constraint,
    register_parameter,
)
from ain_ref.platform.staking import (
    BALANCE_PATTERN,
    BOND,
    BOND_ID,
    BOND_PATTERN,
    HISTORY_PATTERN,
    MATURE_UNBONDINGS,
    MAX_UNBONDINGS_LIMIT,
    POWER_PATTERN,
    STAKE_HISTORY_PATTERN,
    STAKE_PATTERN,
    TOTAL_BONDED,
    TOTAL_HISTORY_PATTERN,
    UNBOND,
    UNBOND_ID,
    UNBOND_PATTERN,
    UNBONDING_COUNT_PATTERN,
    UNBONDING_ENTRY_PATTERN,
)
from ain_ref.platform.steps import register_block_step
from ain_ref.platform.units import PRODUCTION_TOTAL_SUPPLY
from ain_ref.state.natives import register_native_definition

NO_PERMISSIONS: Final = {
    "branch_owner": False,
    "write_function": False,
    "write_owner": False,
    "write_rule": False,
}

PLATFORM_AREA: Final = Area(
    name="platform",
    natives=(PARAM_GUARD,),
    parameters=(
        ParameterDefinition(
            "platform", "max_block_transactions", INTEGER, 10_000, 1, 100_000, "transactions"
        ),
    ),
    genesis=AreaGenesis(
        rules={"/": {"write": False}, PARAM_GUARD_PATTERN: {"write": False}},
        owners={"/": {"owners": {"*": NO_PERMISSIONS}}},
    ),
)
"""The platform: default-deny rules and owners, parameters only genesis writes, block limit."""

STAKING_AREA: Final = Area(
    name="staking",
    natives=(BOND, UNBOND),
    parameters=(
        ParameterDefinition(
            "staking", "unbonding_delay", INTEGER, 100_800, 1, 10_000_000, "blocks"
        ),
        ParameterDefinition(
            "staking", "min_self_bond", INTEGER, 10**10, 1, PRODUCTION_TOTAL_SUPPLY, "base units"
        ),
        ParameterDefinition(
            "staking", "min_delegation", INTEGER, 10**6, 1, PRODUCTION_TOTAL_SUPPLY, "base units"
        ),
        ParameterDefinition(
            "staking",
            "max_unbondings_per_block",
            INTEGER,
            100,
            1,
            MAX_UNBONDINGS_LIMIT,
            "entries",
        ),
    ),
    constraints=(
        CrossConstraint(
            "staking/min_delegation_at_most_min_self_bond",
            ("staking/min_delegation", "staking/min_self_bond"),
            lambda values: values["staking/min_delegation"] <= values["staking/min_self_bond"],
            "staking/min_delegation <= staking/min_self_bond",
        ),
    ),
    steps=(MATURE_UNBONDINGS,),
    genesis=AreaGenesis(
        rules={
            BOND_PATTERN: {"write": "auth.addr === $delegator && data === null"},
            UNBOND_PATTERN: {"write": "auth.addr === $delegator && data === null"},
        },
        writers={
            BALANCE_PATTERN: (BOND_ID,),
            STAKE_PATTERN: (BOND_ID, UNBOND_ID),
            POWER_PATTERN: (BOND_ID, UNBOND_ID),
            HISTORY_PATTERN: (BOND_ID, UNBOND_ID),
            STAKE_HISTORY_PATTERN: (BOND_ID, UNBOND_ID),
            TOTAL_BONDED: (BOND_ID, UNBOND_ID),
            TOTAL_HISTORY_PATTERN: (BOND_ID, UNBOND_ID),
            UNBONDING_COUNT_PATTERN: (UNBOND_ID,),
            UNBONDING_ENTRY_PATTERN: (UNBOND_ID,),
        },
    ),
)
"""Staking and delegation: bond, unbond, the maturity step, and their parameters."""

PROTOCOL_AREAS: Final = (
    PLATFORM_AREA,
    STAKING_AREA,
    ECONOMY_AREA,
    JOBS_AREA,
    CONSENSUS_AREA,
    EXECUTION_AREA,
    GOVERNANCE_AREA,
)
"""Every protocol area, in the order their registrations and genesis entries are taken."""


def install_areas(areas: tuple[Area, ...] = PROTOCOL_AREAS) -> None:
    """
    Register every area's natives, parameters, constraints and block steps.

    Idempotent: registering the same definitions again changes nothing.

    References
    ----------
    [AIN-PLAT-AREA.1]
    [AIN-PLAT-NATIVES.1] The natives registered are exactly those of the protocol's table.
    """
    for area in areas:
        for native in area.natives:
            register_native_definition(native)
        for parameter in area.parameters:
            if parameter.area != area.name:
                raise ValueError(f"{parameter.key} registered by area {area.name}")
            register_parameter(parameter)
    for area in areas:  # constraints may relate parameters of several areas
        for constraint in area.constraints:
            register_constraint(constraint)
        for step in area.steps:
            register_block_step(step)
