"""
The channel area's vector handlers (spec/channel.md, "Handlers").

Spec: spec/conformance.md, "Handlers" ([AIN-CONF-HANDLER.1]).
Layer: conformance. The channel area owns this file; no other area edits it.
"""

from __future__ import annotations

from ain_ref.conformance.handlers.base import Handler

HANDLERS: tuple[Handler, ...] = ()
"""The channel area's handlers, in handler order."""
