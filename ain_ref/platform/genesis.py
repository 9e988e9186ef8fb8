"""
The protocol genesis: the one function that builds what a real chain starts with.

From a ``GenesisSpec`` (total supply, balances, genesis validators' self-bonds, parameter
values, and optional override entries for test chains) and every area's ``AreaGenesis``, it
builds a genesis document: default-deny rules and owners, each area's rules, owners and values,
the write rules of shared paths composed from every area's ``writers``, every protocol native
configured at its declared patterns, every registered parameter, the supply, the balances and
the stakes. The total supply is a genesis parameter; allocations and stakes must sum to it
exactly. The production genesis allocates exactly 700,000,000 AIN (7 * 10**14 base units).

Spec: spec/platform.md, "The protocol genesis" ([AIN-PLAT-GENESIS-CHECKS.1],
[AIN-PLAT-GENESIS-SUPPLY.1], [AIN-PLAT-GENESIS-AREAS.1], [AIN-PLAT-GENESIS-LAYOUT.1]).
Layer: platform. Imports chain (build_genesis), state, crypto and the registration modules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

from ain_ref.chain import build_genesis
from ain_ref.crypto import parse_address
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.execution.area import production_tee_roots
from ain_ref.platform.area import Area
from ain_ref.platform.areas import PROTOCOL_AREAS
from ain_ref.platform.params import (
    PARAMETERS,
    ParameterValue,
    check_constraints,
    check_parameter_value,
    check_stored_parameters,
)
from ain_ref.platform.staking import (
    TOTAL_BONDED,
    TOTAL_HISTORY,
    history_path,
    power_path,
    stake_history_path,
    stake_path,
)
from ain_ref.platform.steps import values_path
from ain_ref.platform.units import PRODUCTION_TOTAL_SUPPLY
from ain_ref.state.labels import Subtree
from ain_ref.state.natives import pattern_base_text
from ain_ref.state.paths import parse_path
from ain_ref.state.tree import StateTree

U64_MAX: Final = 2**64 - 1
SUPPLY_PATH: Final = "/supply/total"
"""Where the total supply is recorded [AIN-PLAT-GENESIS-LAYOUT.1]."""
SECTIONS: Final = ("values", "rules", "owners", "functions")


@attrs.frozen
class GenesisSpec:
    """
    What a chain's genesis chooses [AIN-PLAT-GENESIS-CHECKS.1].

    Attributes
    ----------
    total_supply : int
        Base units in existence, conserved by every transition.
    allocations : Mapping[str, int]
        Address text -> balance.
    validators : Mapping[str, int]
        Address text -> its self-bond at genesis (voting power from height 0).
    parameters : Mapping[str, ParameterValue]
        ``<area>/<name>`` -> value, for parameters that differ from their default.
    overrides : Mapping[str, Mapping[str, CborValue]]
        A genesis document's sections whose entries replace or add to the protocol's (test
        chains only; a real chain has none).
    """

    total_supply: int
    allocations: Mapping[str, int] = attrs.field(factory=dict)
    validators: Mapping[str, int] = attrs.field(factory=dict)
    parameters: Mapping[str, ParameterValue] = attrs.field(factory=dict)
    overrides: Mapping[str, Mapping[str, CborValue]] = attrs.field(factory=dict)


def genesis_parameters(spec: GenesisSpec) -> dict[str, ParameterValue] | Rejection:
    """
    Every registered parameter's genesis value, checked.

    References
    ----------
    [AIN-PLAT-GENESIS-CHECKS.1] In ascending key order: registered (PARAM_UNKNOWN), then type
    and bounds ([AIN-PLAT-PARAM-BOUNDS.1]); then every cross-constraint over the defaults
    with the given values ([AIN-PLAT-PARAM-CONSTRAINTS.1]).
    """
    values = {key: PARAMETERS[key].default for key in sorted(PARAMETERS)}
    for key in sorted(spec.parameters):
        definition = PARAMETERS.get(key)
        if definition is None:
            return Rejection(ErrorCode.PARAM_UNKNOWN, key)
        rejection = check_parameter_value(definition, spec.parameters[key])
        if rejection is not None:
            return rejection
        values[key] = spec.parameters[key]
    rejection = check_constraints(values)
    return rejection if rejection is not None else values


def check_amounts(amounts: Mapping[str, int], what: str) -> Rejection | None:
    """Each key is an address text and each amount a positive u64 (GENESIS_INVALID)."""
    for address in sorted(amounts):
        amount = amounts[address]
        if isinstance(parse_address(address), Rejection):
            return Rejection(ErrorCode.GENESIS_INVALID, f"{what}: {address!r:.60} is no address")
        if type(amount) is not int or not 0 < amount <= U64_MAX:
            return Rejection(ErrorCode.GENESIS_INVALID, f"{what} of {address}: {amount!r:.40}")
    return None


def check_supply(spec: GenesisSpec, parameters: Mapping[str, ParameterValue]) -> Rejection | None:
    """
    The supply and its allocation.

    References
    ----------
    [AIN-PLAT-GENESIS-CHECKS.1] total_supply is an integer in 1 .. 2**63 - 1; allocations,
    then validators, in address order (GENESIS_INVALID); each self-bond at least
    staking/min_self_bond (STAKING_BELOW_MINIMUM).
    [AIN-PLAT-GENESIS-SUPPLY.1] Balances plus self-bonds equal total_supply exactly
    (GENESIS_SUPPLY_MISMATCH).
    """
    if type(spec.total_supply) is not int or not 0 < spec.total_supply < 2**63:
        return Rejection(ErrorCode.GENESIS_INVALID, f"total_supply {spec.total_supply!r:.40}")
    for amounts, what in ((spec.allocations, "allocation"), (spec.validators, "self-bond")):
        rejection = check_amounts(amounts, what)
        if rejection is not None:
            return rejection
    minimum = parameters["staking/min_self_bond"]
    for validator in sorted(spec.validators):
        if spec.validators[validator] < minimum:
            return Rejection(ErrorCode.STAKING_BELOW_MINIMUM, f"genesis validator {validator}")
    allocated = sum(spec.allocations.values()) + sum(spec.validators.values())
    if allocated != spec.total_supply:
        return Rejection(
            ErrorCode.GENESIS_SUPPLY_MISMATCH, f"{allocated} allocated, {spec.total_supply} total"
        )
    return None


def writer_rule(fids: list[str]) -> str:
    """``auth.fid === 'a' || auth.fid === 'b'``, in id order [AIN-PLAT-GENESIS-AREAS.1]."""
    return " || ".join(f"auth.fid === '{fid}'" for fid in sorted(set(fids)))


def areas_document(areas: tuple[Area, ...]) -> dict[str, dict[str, CborValue]]:
    """
    The areas' own entries: rules, owners, values, writer rules and native configs.

    References
    ----------
    [AIN-PLAT-GENESIS-AREAS.1] A path appears in one area's section only (a bug otherwise);
    each pattern of ``writers`` gets the rule allowing exactly its writers; each native is
    configured as NATIVE at each declared pattern (a subtree pattern's at its base path,
    [AIN-PLAT-NATIVE-SUBTREE.1]), each event as EVENT at its pattern.
    """
    document: dict[str, dict[str, CborValue]] = {section: {} for section in SECTIONS}
    writers: dict[str, list[str]] = {}
    for area in areas:
        for section, entries in (
            ("values", area.genesis.values),
            ("rules", area.genesis.rules),
            ("owners", area.genesis.owners),
        ):
            for path in entries:
                if path in document[section]:
                    raise ValueError(f"genesis {section} {path} given by two areas")
                document[section][path] = entries[path]
        for pattern, fids in area.genesis.writers.items():
            writers.setdefault(pattern, []).extend(fids)
        for native in area.natives:
            for pattern in native.patterns:
                configs = document["functions"].setdefault(pattern_base_text(pattern), {})
                assert isinstance(configs, dict)
                configs[native.fid] = {"function_type": "NATIVE", "function_id": native.fid}
        for pattern, event_ids in area.genesis.events.items():
            configs = document["functions"].setdefault(pattern, {})
            assert isinstance(configs, dict)
            for event_id in event_ids:
                configs[event_id] = {"function_type": "EVENT", "function_id": event_id}
    for pattern in sorted(writers):
        if pattern in document["rules"]:
            raise ValueError(f"rule {pattern} given by an area and by writers")
        document["rules"][pattern] = {"write": writer_rule(writers[pattern])}
    return document


def protocol_genesis_document(
    spec: GenesisSpec, areas: tuple[Area, ...] = PROTOCOL_AREAS
) -> dict[str, dict[str, CborValue]] | Rejection:
    """
    The genesis document of a chain: the checks, then every entry.

    References
    ----------
    [AIN-PLAT-GENESIS-CHECKS.1] Parameters first, then supply and allocations.
    [AIN-PLAT-GENESIS-LAYOUT.1] /supply/total, /params/<area>/<name>, balances at
    /accounts/<address>/balance, each genesis validator's stake, power, power record and stake
    record at height 0, the total bonded and its record at height 0 (with any validator); then
    the overrides' entries, replacing the protocol's at the same path.
    """
    parameters = genesis_parameters(spec)
    if isinstance(parameters, Rejection):
        return parameters
    rejection = check_supply(spec, parameters)
    if rejection is not None:
        return rejection
    document = areas_document(areas)
    values = document["values"]
    values[SUPPLY_PATH] = spec.total_supply
    for key, value in parameters.items():
        values[PARAMETERS[key].path_text()] = value
    for address, balance in spec.allocations.items():
        values[f"/accounts/{address}/balance"] = balance
    for validator, stake in spec.validators.items():
        values[stake_path(validator, validator)] = stake
        values[power_path(validator)] = stake
        values[history_path(validator, 0)] = stake
        values[stake_history_path(validator, validator, 0)] = stake
    if spec.validators:
        values[TOTAL_BONDED] = sum(spec.validators.values())
        values[f"{TOTAL_HISTORY}/0"] = sum(spec.validators.values())
    for section in sorted(spec.overrides):
        if section not in SECTIONS:
            return Rejection(ErrorCode.GENESIS_INVALID, f"override section {section!r:.40}")
        apply_overrides(document, section, spec.overrides[section])
    return document


def apply_overrides(
    document: dict[str, dict[str, CborValue]], section: str, overrides: Mapping[str, CborValue]
) -> None:
    """
    Apply one override section last: its entries win over the protocol's.

    A value written at a path replaces everything below it, so an override of ``values`` first
    drops the protocol's value entries at its path or below (``{"/params/jobs": 1}`` leaves
    ``/params/jobs`` holding 1, for [AIN-PLAT-PARAM-GUARD.1] to judge, rather than being
    overwritten by the parameters below it when the document is written in path order). Paths
    compare by their labels; an override path that does not parse drops nothing (the
    document's own checks refuse it).

    References
    ----------
    [AIN-PLAT-GENESIS-LAYOUT.1]
    """
    entries = document[section]
    if section == "values":
        for override_path in sorted(overrides):
            override = parse_path(override_path, Subtree.VALUES)
            if isinstance(override, Rejection):
                continue
            for path in [path for path in entries if at_or_below(path, override.labels)]:
                del entries[path]
    entries.update(overrides)


def at_or_below(path_text: str, labels: tuple[str, ...]) -> bool:
    """Whether a protocol entry's path lies at the given labels or below them."""
    path = parse_path(path_text, Subtree.VALUES)
    return not isinstance(path, Rejection) and path.labels[: len(labels)] == labels


def build_protocol_genesis(
    spec: GenesisSpec, areas: tuple[Area, ...] = PROTOCOL_AREAS
) -> StateTree | Rejection:
    """
    The first state of a chain [AIN-PLAT-GENESIS-CHECKS.1].

    The document of ``protocol_genesis_document``, built by ``build_genesis``
    ([AIN-TX-GENESIS.2]: its checks and GENESIS_INVALID apply); then, overrides included,
    what is stored under /params is checked ([AIN-PLAT-PARAM-GUARD.1]).
    """
    document = protocol_genesis_document(spec, areas)
    if isinstance(document, Rejection):
        return document
    tree = build_genesis(dict(document))
    if isinstance(tree, Rejection):
        return tree
    rejection = check_stored_parameters(lambda text: tree.value_at(values_path(text)))
    return tree if rejection is None else rejection


def production_genesis_spec(allocations: Mapping[str, int]) -> GenesisSpec:
    """
    The production chain's genesis: exactly 700,000,000 AIN, every parameter at its default.

    References
    ----------
    [AIN-PLAT-GENESIS-SUPPLY.1] total_supply is 7 * 10**14 base units (6 decimals).
    [AIN-EXEC-CHAIN-TEE-ROOT.1] The AWS Nitro root pinned for the ``nitro`` profile.
    """
    return GenesisSpec(
        total_supply=PRODUCTION_TOTAL_SUPPLY,
        allocations=dict(allocations),
        overrides={"values": dict(production_tee_roots())},
    )
