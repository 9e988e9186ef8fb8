"""
The registry of native functions, and the confinement every native lives under.

A native function is registered by the protocol area that owns it with its id, the path
patterns (in /functions, variables included) where it may be configured, and the variables of
those patterns it reads its parties from. It may be configured only at exactly one of those
patterns (checked when SET_FUNCTION or genesis configures it) and runs only when the function
config that fired it sits at one of them (checked again at call time). It receives a
``FunctionCall``: the write that fired it, the path variables, the signer, the block's height
and time, the transaction's hash, the id of the native whose write fired it, and a reader and
a writer; nothing else, and never a clock. Its writes pass through the write rules as
``auth.fid``, and it returns None or the rejection that fails the transaction.

Which natives exist does not depend on which modules were imported: the protocol's natives are
listed in one table (``ain_ref.platform.areas``), installed when the ``ain_ref`` package is
first imported, before any of its modules can be used.

Spec: spec/state.md, "Functions" ([AIN-STATE-FUNCTION-NATIVE.1]); spec/platform.md, "Natives"
([AIN-PLAT-NATIVE-DECLARE.1], [AIN-PLAT-NATIVE-PLACEMENT.1], [AIN-PLAT-NATIVE-CALL.1],
[AIN-PLAT-NATIVE-CONTEXT.2]).
Layer: state. Imports encoding and errors only; state imports nothing of economy or jobs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import attrs

from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection

VARIABLE_PREFIX: Final = "$"
SUBTREE_MARK: Final = "**"
"""
The last label of a subtree pattern: ``/params/$area/$name/**`` declares a native at the path
``/params/$area/$name`` and at every path below it [AIN-PLAT-NATIVE-SUBTREE.1].
"""


@attrs.frozen
class CallEnvironment:
    """
    What the block and the transaction tell every native they run [AIN-PLAT-NATIVE-CONTEXT.2].

    Attributes
    ----------
    block_height : int
        The height of the block the transaction is applied in.
    block_time : int
        The block's time, in milliseconds, as consensus fixed it.
    transaction_hash : bytes
        The 32-byte hash of the transaction being applied.
    """

    block_height: int
    block_time: int
    transaction_hash: bytes


NO_ENVIRONMENT: Final = CallEnvironment(0, 0, bytes(32))
"""The environment of a transition run outside any block (height 0, time 0, zero hash)."""


@attrs.frozen
class FunctionCall:
    """
    One call of a native function: everything it may know [AIN-PLAT-NATIVE-CONTEXT.2].

    Attributes
    ----------
    fid : str
        The function id.
    path : tuple[str, ...]
        The labels of the value path whose write triggered it.
    params : dict[str, str]
        The variables of the declared pattern it fired at, without "$" (its parties).
    value : CborValue
        The value written.
    signer : str
        The address text of the transaction's signer.
    block_height, block_time : int
        The block's height and time (ms).
    transaction_hash : bytes
        The hash of the transaction being applied.
    caller : str | None
        The id of the native whose write fired this one; None when the signer's own operation
        did.
    write : Callable[[dict[str, CborValue]], Rejection | None]
        Applies one operation (the same shape as a transaction's) on the function's behalf.
    read : Callable[[str], CborValue]
        Reads the value at a /values path text (None when absent).
    """

    fid: str
    path: tuple[str, ...]
    params: dict[str, str]
    value: CborValue
    signer: str
    block_height: int
    block_time: int
    transaction_hash: bytes
    caller: str | None
    write: Callable[[dict[str, CborValue]], Rejection | None]
    read: Callable[[str], CborValue]


NativeFunction = Callable[[FunctionCall], Rejection | None]


def pattern_labels(pattern: str) -> tuple[str, ...]:
    """The labels of a pattern text ("/a/$b" -> ("a", "$b"))."""
    return tuple(pattern[1:].split("/")) if pattern != "/" else ()


def is_subtree_pattern(pattern: str) -> bool:
    """Whether a pattern ends in ``/**`` [AIN-PLAT-NATIVE-SUBTREE.1]."""
    return pattern_labels(pattern)[-1:] == (SUBTREE_MARK,)


def pattern_base(pattern: str) -> tuple[str, ...]:
    """
    The labels of the /functions path where a native of this pattern is configured.

    An exact pattern's own labels; a subtree pattern's labels without its final ``**``
    [AIN-PLAT-NATIVE-SUBTREE.1].
    """
    labels = pattern_labels(pattern)
    return labels[:-1] if is_subtree_pattern(pattern) else labels


def pattern_base_text(pattern: str) -> str:
    """The text of a pattern's base path ("/a/$b/**" -> "/a/$b"; "/**" -> "/")."""
    return "/" + "/".join(pattern_base(pattern))


@attrs.frozen
class NativeDefinition:
    """
    A native function as its area registers it [AIN-PLAT-NATIVE-DECLARE.1].

    Attributes
    ----------
    fid : str
        The function id (``_`` then letters, digits, ``_``).
    function : NativeFunction
        What runs.
    patterns : tuple[str, ...]
        The /functions path patterns where it may be configured, e.g.
        ``"/transfer/$from/$to/$key/value"``, or with a final ``/**`` (a subtree pattern,
        [AIN-PLAT-NATIVE-SUBTREE.1]) configured at the path before it and firing at that path
        and at every path below it; at least one, no two with the same base path.
    parties : tuple[str, ...]
        The variables (without "$") it reads its parties from; each occurs in every pattern.
    """

    fid: str
    function: NativeFunction
    patterns: tuple[str, ...]
    parties: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        """A definition that breaks [AIN-PLAT-NATIVE-DECLARE.1] is a bug in its area."""
        if not self.patterns:
            raise ValueError(f"native {self.fid} declares no pattern")
        bases = [pattern_base(pattern) for pattern in self.patterns]
        if len(set(bases)) != len(bases):
            raise ValueError(f"native {self.fid}: two patterns share a base path")
        for pattern, labels in zip(self.patterns, bases, strict=True):
            if not pattern.startswith("/") or "" in labels or SUBTREE_MARK in labels:
                raise ValueError(f"native {self.fid}: bad pattern {pattern!r}")
            variables = [label[1:] for label in labels if label.startswith(VARIABLE_PREFIX)]
            if len(set(variables)) != len(variables):
                raise ValueError(f"native {self.fid}: a variable repeats in {pattern!r}")
            missing = set(self.parties) - set(variables)
            if missing:
                raise ValueError(f"native {self.fid}: {sorted(missing)} not in {pattern!r}")

    def is_declared_at(self, labels: tuple[str, ...]) -> bool:
        """
        Whether a /functions path (its labels) is exactly the base of a declared pattern.

        References
        ----------
        [AIN-PLAT-NATIVE-PLACEMENT.1] An exact pattern's path, or a subtree pattern's path
        without its ``**`` ([AIN-PLAT-NATIVE-SUBTREE.1]).
        """
        return any(pattern_base(pattern) == labels for pattern in self.patterns)

    def is_declared_below(self, labels: tuple[str, ...]) -> bool:
        """
        Whether a /functions path (its labels) is the base of a declared subtree pattern.

        References
        ----------
        [AIN-PLAT-NATIVE-SUBTREE.1] Configured there, the native fires for writes below it.
        """
        return any(
            is_subtree_pattern(pattern) and pattern_base(pattern) == labels
            for pattern in self.patterns
        )


NATIVE_REGISTRY: dict[str, NativeDefinition] = {}
"""
Every registered native by id. The protocol's are installed by ``ain_ref.platform.areas`` when
the ``ain_ref`` package is imported; tests may add their own.
"""


def register_native_definition(definition: NativeDefinition) -> None:
    """Register a native (once per id) [AIN-PLAT-NATIVE-DECLARE.1]."""
    existing = NATIVE_REGISTRY.get(definition.fid)
    if existing is not None and existing != definition:
        raise ValueError(f"native function {definition.fid} registered twice")
    NATIVE_REGISTRY[definition.fid] = definition


def register_native(
    fid: str, function: NativeFunction, patterns: tuple[str, ...], parties: tuple[str, ...] = ()
) -> None:
    """Register a native function under its id with its patterns and parties."""
    register_native_definition(NativeDefinition(fid, function, patterns, parties))


def is_registered_native(fid: str) -> bool:
    """Whether a native function id is known."""
    return fid in NATIVE_REGISTRY


def native_definition(fid: str) -> NativeDefinition | None:
    """The registered definition of a native id, or None."""
    return NATIVE_REGISTRY.get(fid)


def check_native_placement(function_path: tuple[str, ...], config: CborValue) -> Rejection | None:
    """
    Whether every NATIVE entry of a function config may sit at this /functions path.

    Parameters
    ----------
    function_path : tuple[str, ...]
        The labels of the path below /functions where the config is being written.
    config : CborValue
        The config as it will be stored (already checked by [AIN-STATE-FUNCTION-CONFIG.1]),
        or None when it is being deleted.

    References
    ----------
    [AIN-PLAT-NATIVE-PLACEMENT.1] Each NATIVE entry, in function id order, must be configured
    exactly at one of its declared patterns, else NATIVE_NOT_DECLARED_HERE.
    """
    if not isinstance(config, dict):
        return None
    for fid in sorted(config):
        entry = config[fid]
        if not isinstance(entry, dict) or entry.get("function_type") != "NATIVE":
            continue
        definition = NATIVE_REGISTRY.get(fid)
        if definition is None:
            return Rejection(ErrorCode.FUNCTION_UNKNOWN_NATIVE, fid)
        if not definition.is_declared_at(function_path):
            return Rejection(
                ErrorCode.NATIVE_NOT_DECLARED_HERE, f"{fid} at /{'/'.join(function_path)}"
            )
    return None


def native_for_call(fid: str, function_path: tuple[str, ...]) -> NativeDefinition | Rejection:
    """
    The native to run for a config found at a /functions path, or why none may run.

    References
    ----------
    [AIN-PLAT-NATIVE-CALL.1] An unknown id fails with FUNCTION_UNKNOWN_NATIVE; a config that
    fired from a path other than a declared pattern fails with NATIVE_NOT_DECLARED_HERE.
    """
    definition = NATIVE_REGISTRY.get(fid)
    if definition is None:
        return Rejection(ErrorCode.FUNCTION_UNKNOWN_NATIVE, fid)
    if not definition.is_declared_at(function_path):
        return Rejection(ErrorCode.NATIVE_NOT_DECLARED_HERE, f"{fid} fired elsewhere")
    return definition
