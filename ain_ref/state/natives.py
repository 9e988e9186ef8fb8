"""
The registry of native functions: protocol modules (economy, jobs) register theirs here.

A native function runs inside the transition when a value write triggers it. It receives the
write and a way to make writes of its own, which pass through the write rules as the function
(``auth.fid``), and returns None or the rejection that fails the transaction.

Spec: spec/state.md, "Functions" ([AIN-STATE-FUNCTION-NATIVE.1]).
Layer: state. Imports encoding and errors only; state imports nothing of economy or jobs.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from ain_ref.encoding import CborValue
from ain_ref.errors import Rejection


@attrs.frozen
class FunctionCall:
    """
    One call of a native function.

    Attributes
    ----------
    fid : str
        The function id.
    path : tuple[str, ...]
        The labels of the value path whose write triggered it.
    params : dict[str, str]
        The path variables of the function's path, without "$".
    value : CborValue
        The value written.
    signer : str
        The address text of the transaction's signer.
    write : Callable[[dict[str, CborValue]], Rejection | None]
        Applies one operation (the same shape as a transaction's) on the function's behalf.
    read : Callable[[str], CborValue]
        Reads the value at a /values path text.
    """

    fid: str
    path: tuple[str, ...]
    params: dict[str, str]
    value: CborValue
    signer: str
    write: Callable[[dict[str, CborValue]], Rejection | None]
    read: Callable[[str], CborValue]


NativeFunction = Callable[[FunctionCall], Rejection | None]

NATIVE_FUNCTIONS: dict[str, NativeFunction] = {}
"""Every registered native function by id; filled at import time by the modules that own them."""


def register_native(fid: str, function: NativeFunction) -> None:
    """Register a native function under its id (once) [AIN-STATE-FUNCTION-NATIVE.1]."""
    if fid in NATIVE_FUNCTIONS and NATIVE_FUNCTIONS[fid] is not function:
        raise ValueError(f"native function {fid} registered twice")
    NATIVE_FUNCTIONS[fid] = function


def is_registered_native(fid: str) -> bool:
    """Whether a native function id is known."""
    return fid in NATIVE_FUNCTIONS
