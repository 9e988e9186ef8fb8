"""
What a handler is.

Spec: spec/conformance.md, "Handlers" ([AIN-CONF-HANDLER.1]).
Layer: conformance.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from ain_ref.conformance.typed_json import JsonObject
from ain_ref.errors import Rejection

HandlerResult = JsonObject | Rejection


@attrs.frozen
class Handler:
    """
    One vector handler: its coordinates, its function, and how a consumer uses it.

    References
    ----------
    [AIN-CONF-HANDLER.1] A handler maps a vector's input to an output or a rejection code.
    """

    area: str
    name: str
    run: Callable[[JsonObject], HandlerResult]
    call: str  # what an implementation calls, for vectors/README.md
    compare: str  # what the runner compares
    clauses: tuple[str, ...]  # the clauses the handler exercises (cited by fuzz regressions)
