"""
The parameter registry: every area's tunables, in the state tree, with type and bounds.

A parameter is registered by its area with a name, a type (integer or boolean), bounds
(integers) and a default; cross-constraints relate parameters to one another. Its value lives
at ``/values/params/<area>/<name>``. The protocol genesis writes every registered parameter
(its default, or the genesis's own value); until a governance area exists no transaction may
write them (the rule there is ``false``). Whatever writes one later, the native
``_param_guard``, declared at ``/params/$area/$name/**`` (that path and every path below it),
refuses a value of the wrong type, outside its bounds, or breaking a cross-constraint, so such
a value is never stored. Every area reads its parameters through one accessor,
``read_parameter``.

Spec: spec/platform.md, "Parameters" ([AIN-PLAT-PARAM-REGISTRY.1], [AIN-PLAT-PARAM-BOUNDS.1],
[AIN-PLAT-PARAM-CONSTRAINTS.1], [AIN-PLAT-PARAM-READ.1], [AIN-PLAT-PARAM-GUARD.1]).
Layer: platform. Imports state and errors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

import attrs

from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.state.natives import SUBTREE_MARK, FunctionCall, NativeDefinition

PARAMS_ROOT: Final = "params"
"""Parameters live at /values/params/<area>/<name> [AIN-PLAT-PARAM-REGISTRY.1]."""
PARAM_GUARD_ID: Final = "_param_guard"
PARAM_GUARD_PATTERN: Final = "/params/$area/$name"
PARAM_GUARD_PATTERNS: Final = (f"{PARAM_GUARD_PATTERN}/{SUBTREE_MARK}",)
"""
The guard's one pattern, a subtree pattern [AIN-PLAT-NATIVE-SUBTREE.1]: configured at
/params/$area/$name, it fires for a write at a parameter's path and at any path below it.
"""
INTEGER: Final = "integer"
BOOLEAN: Final = "boolean"
ParameterValue = int | bool
Reader = Callable[[str], CborValue]


@attrs.frozen
class ParameterDefinition:
    """
    One registered parameter [AIN-PLAT-PARAM-REGISTRY.1].

    Attributes
    ----------
    area, name : str
        Where it lives: /values/params/<area>/<name>.
    kind : str
        "integer" or "boolean".
    default : int | bool
        The value the protocol genesis writes unless told otherwise.
    minimum, maximum : int
        Inclusive bounds of an integer parameter (ignored for a boolean).
    unit : str
        What the integer counts (blocks, base units, entries), for the spec's table.
    """

    area: str
    name: str
    kind: str
    default: ParameterValue
    minimum: int = 0
    maximum: int = 2**64 - 1
    unit: str = ""

    @property
    def key(self) -> str:
        """``<area>/<name>``."""
        return f"{self.area}/{self.name}"

    def path_text(self) -> str:
        """The parameter's /values path text."""
        return f"/{PARAMS_ROOT}/{self.key}"


@attrs.frozen
class CrossConstraint:
    """
    A relation that a set of parameters must keep [AIN-PLAT-PARAM-CONSTRAINTS.1].

    ``holds`` receives the values of ``parameters`` (by key) and says whether they agree;
    ``statement`` is the relation in the spec's words.
    """

    name: str
    parameters: tuple[str, ...]
    holds: Callable[[Mapping[str, ParameterValue]], bool]
    statement: str


PARAMETERS: dict[str, ParameterDefinition] = {}
"""Every registered parameter by key; filled from the one table in ain_ref.platform.areas."""
CONSTRAINTS: dict[str, CrossConstraint] = {}
"""Every cross-constraint by name."""


def register_parameter(definition: ParameterDefinition) -> None:
    """Register a parameter (once per key); its default must satisfy its own bounds."""
    existing = PARAMETERS.get(definition.key)
    if existing is not None and existing != definition:
        raise ValueError(f"parameter {definition.key} registered twice")
    if check_parameter_value(definition, definition.default) is not None:
        raise ValueError(f"parameter {definition.key}: default outside its type or bounds")
    PARAMETERS[definition.key] = definition


def register_constraint(constraint: CrossConstraint) -> None:
    """Register a cross-constraint over registered parameters."""
    unknown = [key for key in constraint.parameters if key not in PARAMETERS]
    if unknown:
        raise ValueError(f"constraint {constraint.name}: unknown parameters {unknown}")
    existing = CONSTRAINTS.get(constraint.name)
    if existing is not None and existing != constraint:
        raise ValueError(f"constraint {constraint.name} registered twice")
    CONSTRAINTS[constraint.name] = constraint


def check_parameter_value(definition: ParameterDefinition, value: CborValue) -> Rejection | None:
    """
    Whether a value fits a parameter's type and bounds.

    References
    ----------
    [AIN-PLAT-PARAM-BOUNDS.1] First the type (PARAM_WRONG_TYPE: an integer parameter takes an
    integer, never a boolean; a boolean one a boolean), then minimum <= value <= maximum
    (PARAM_OUT_OF_BOUNDS).
    """
    if definition.kind == BOOLEAN:
        if type(value) is not bool:
            return Rejection(ErrorCode.PARAM_WRONG_TYPE, f"{definition.key} is a boolean")
        return None
    if type(value) is not int:
        return Rejection(ErrorCode.PARAM_WRONG_TYPE, f"{definition.key} is an integer")
    if not definition.minimum <= value <= definition.maximum:
        return Rejection(
            ErrorCode.PARAM_OUT_OF_BOUNDS,
            f"{definition.key} = {value} outside {definition.minimum}..{definition.maximum}",
        )
    return None


def check_constraints(
    values: Mapping[str, ParameterValue], only_with: str | None = None
) -> Rejection | None:
    """
    Whether parameter values keep every cross-constraint (or those naming ``only_with``).

    References
    ----------
    [AIN-PLAT-PARAM-CONSTRAINTS.1] Constraints are checked in ascending name order; the first
    broken one is PARAM_CONSTRAINT_VIOLATED.
    """
    for name in sorted(CONSTRAINTS):
        constraint = CONSTRAINTS[name]
        if only_with is not None and only_with not in constraint.parameters:
            continue
        if not constraint.holds({key: values[key] for key in constraint.parameters}):
            return Rejection(ErrorCode.PARAM_CONSTRAINT_VIOLATED, constraint.statement)
    return None


def read_parameter(read: Reader, key: str) -> ParameterValue:
    """
    The value of a registered parameter: the accessor every area uses.

    Parameters
    ----------
    read : Callable[[str], CborValue]
        Reads a /values path text (a native's ``call.read``, or a tree's reader).
    key : str
        ``<area>/<name>`` of a registered parameter.

    References
    ----------
    [AIN-PLAT-PARAM-READ.1] The stored value; absent (a genesis without the protocol's
    parameters), the registered default. A stored value always fits (the guard).
    """
    definition = PARAMETERS[key]
    stored = read(definition.path_text())
    if check_parameter_value(definition, stored) is not None:
        return definition.default
    assert isinstance(stored, int)  # bool is an int
    return stored


def parameter_values(read: Reader) -> dict[str, ParameterValue]:
    """Every registered parameter's value, by key."""
    return {key: read_parameter(read, key) for key in sorted(PARAMETERS)}


def check_parameter_write(read: Reader, area: str, name: str, value: CborValue) -> Rejection | None:
    """
    Whether a value now stored at /params/<area>/<name> may stay there.

    References
    ----------
    [AIN-PLAT-PARAM-GUARD.1] In order: the parameter is registered (PARAM_UNKNOWN); the value
    fits its type and bounds ([AIN-PLAT-PARAM-BOUNDS.1]; null, a deletion, is
    PARAM_WRONG_TYPE); the constraints naming it hold over the values after the write
    ([AIN-PLAT-PARAM-CONSTRAINTS.1]).
    """
    definition = PARAMETERS.get(f"{area}/{name}")
    if definition is None:
        return Rejection(ErrorCode.PARAM_UNKNOWN, f"{area}/{name}")
    rejection = check_parameter_value(definition, value)
    if rejection is not None:
        return rejection
    return check_constraints(parameter_values(read), only_with=definition.key)


def check_stored_parameters(read: Reader) -> Rejection | None:
    """
    Whether everything stored under /values/params is a registered parameter that fits.

    References
    ----------
    [AIN-PLAT-PARAM-GUARD.1] In ascending (area, name) order: each entry is a registered
    parameter (PARAM_UNKNOWN) whose value fits ([AIN-PLAT-PARAM-BOUNDS.1]); then every
    constraint holds ([AIN-PLAT-PARAM-CONSTRAINTS.1]).
    """
    stored = read(f"/{PARAMS_ROOT}")
    if stored is None:
        return None
    if not isinstance(stored, dict):
        return Rejection(ErrorCode.PARAM_UNKNOWN, f"/{PARAMS_ROOT} holds no parameters")
    for area in sorted(stored):
        names = stored[area]
        if not isinstance(names, dict):
            return Rejection(ErrorCode.PARAM_UNKNOWN, area)
        for name in sorted(names):
            definition = PARAMETERS.get(f"{area}/{name}")
            if definition is None:
                return Rejection(ErrorCode.PARAM_UNKNOWN, f"{area}/{name}")
            rejection = check_parameter_value(definition, names[name])
            if rejection is not None:
                return rejection
    return check_constraints(parameter_values(read))


def guard_parameter(call: FunctionCall) -> Rejection | None:
    """
    The native ``_param_guard``: refuse a write that leaves a parameter not fitting.

    It checks the parameter's value after the write (the written value itself for a write at
    the parameter's path; the whole value for a write below it).

    References
    ----------
    [AIN-PLAT-PARAM-GUARD.1]
    """
    area, name = call.params["area"], call.params["name"]
    stored = call.read(f"/{PARAMS_ROOT}/{area}/{name}")
    return check_parameter_write(call.read, area, name, stored)


PARAM_GUARD: Final = NativeDefinition(
    PARAM_GUARD_ID, guard_parameter, patterns=PARAM_GUARD_PATTERNS, parties=("area", "name")
)
