"""
The vector handlers: for each (area, handler), the one reference function vectors exercise.

A handler takes a vector's ``input`` (JSON) and returns its ``output`` (JSON) or a
``Rejection``. The reference adapter, the fillers and the fuzzer all call these same functions,
so a vector's expected result is by construction what the reference does.

Spec: spec/conformance.md, "Handlers" ([AIN-CONF-HANDLER.1]).
Layer: conformance. Imports the areas it exposes.
"""

from __future__ import annotations

from ain_ref.conformance.handlers import (
    channel,
    consensus,
    crypto,
    economy,
    encoding,
    execution,
    governance,
    jobs,
    platform,
    state,
    tee,
)
from ain_ref.conformance.handlers.base import Handler

ALL_HANDLERS: tuple[Handler, ...] = (
    *encoding.HANDLERS,
    *crypto.HANDLERS,
    *state.HANDLERS,
    *platform.HANDLERS,
    *economy.HANDLERS,
    *jobs.HANDLERS,
    *consensus.HANDLERS,
    *execution.HANDLERS,
    *tee.HANDLERS,
    *channel.HANDLERS,
    *governance.HANDLERS,
)
"""Every handler, in area then handler order; each area owns its own handlers module."""

HANDLERS_BY_KEY: dict[tuple[str, str], Handler] = {
    (handler.area, handler.name): handler for handler in ALL_HANDLERS
}


def find_handler(area: str, name: str) -> Handler | None:
    """The handler of an (area, handler) pair, or None when the reference has none."""
    return HANDLERS_BY_KEY.get((area, name))


def areas() -> dict[str, list[str]]:
    """Areas and their handler names, as announced in ``hello``."""
    table: dict[str, list[str]] = {}
    for handler in ALL_HANDLERS:
        table.setdefault(handler.area, []).append(handler.name)
    return table
