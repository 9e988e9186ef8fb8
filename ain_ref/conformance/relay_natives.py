"""
The conformance natives: nine relays and a rule writer, known to the state/apply handler alone.

No protocol native fires another deep enough to reach the bound of native calls, and none
writes a config: the relays let vectors reach the depth bound, and the rule writer lets them see
a native's config write judged as the native.

``_test_relay_<k>`` (k = 1 .. 9) is declared at ``/relay/<k>``; fired, it writes the value that
fired it to ``/relay/<k + 1>`` (``_test_relay_9`` writes nothing). A write to ``/relay/1``
therefore calls nine natives in a chain, one too many; a write to ``/relay/2`` calls eight.
``_test_rule_writer``, declared at ``/rule_writer/$x``, sets the rule config ``{"write": true}``
at ``/rule_writer/<x>/target``. Only the conformance handlers register them; a chain never has
them.

Spec: spec/state.md, "Functions" ([AIN-STATE-FUNCTION-RELAY.1],
[AIN-STATE-FUNCTION-TEST-WRITER.1]).
Layer: conformance. Imports state.natives and errors.
"""

from __future__ import annotations

from typing import Final

from ain_ref.errors import Rejection
from ain_ref.state.natives import FunctionCall, NativeDefinition, register_native_definition

RELAY_LENGTH: Final = 9
"""How many relay natives exist: one more than the deepest allowed stack (8)."""
RELAY_PREFIX: Final = "_test_relay_"


def relay_native(call: FunctionCall) -> Rejection | None:
    """
    ``_test_relay_<k>``: write the value that fired it to ``/relay/<k + 1>``, for k < 9.

    References
    ----------
    [AIN-STATE-FUNCTION-RELAY.1]
    """
    position = int(call.fid.removeprefix(RELAY_PREFIX))
    if position == RELAY_LENGTH:
        return None
    next_path = f"/relay/{position + 1}"
    return call.write({"type": "SET_VALUE", "ref": next_path, "value": call.value})


RELAY_NATIVES: Final = tuple(
    NativeDefinition(f"{RELAY_PREFIX}{position}", relay_native, (f"/relay/{position}",))
    for position in range(1, RELAY_LENGTH + 1)
)
"""The nine relay natives, each declared at its own literal path [AIN-STATE-FUNCTION-RELAY.1]."""


def rule_writer_native(call: FunctionCall) -> Rejection | None:
    """
    ``_test_rule_writer``: set the rule ``{"write": true}`` at ``/rule_writer/<x>/target``.

    References
    ----------
    [AIN-STATE-FUNCTION-TEST-WRITER.1]
    """
    target = f"/rule_writer/{call.params['x']}/target"
    return call.write({"type": "SET_RULE", "ref": target, "value": {"write": True}})


RULE_WRITER: Final = NativeDefinition("_test_rule_writer", rule_writer_native, ("/rule_writer/$x",))
"""The native that writes a config, judged by owners as ``fid:_test_rule_writer``."""


def install_relay_natives() -> None:
    """
    Register the conformance natives (idempotent).

    References
    ----------
    [AIN-STATE-FUNCTION-RELAY.1] [AIN-STATE-FUNCTION-TEST-WRITER.1]
    """
    for definition in (*RELAY_NATIVES, RULE_WRITER):
        register_native_definition(definition)
