"""
What governance registers with the platform: its native, parameters, constraints and step.

Spec: spec/governance.md ([AIN-GOV-PARAMETERS.1], [AIN-GOV-CALL.1], [AIN-GOV-STEP.2]);
spec/platform.md, "How an area registers".
Layer: governance (registration). Imports the platform's registration modules and governance.
"""

from __future__ import annotations

from typing import Final

from ain_ref.governance.calls import CALL_PATTERN, GOVERNANCE_FUNCTION_ID, run_governance_call
from ain_ref.governance.parameters import AREA_NAME, GOVERNANCE_CONSTRAINTS, GOVERNANCE_PARAMETERS
from ain_ref.governance.records import (
    COUNT,
    DEPOSITS,
    OPEN,
    OVERRIDDEN,
    PROPOSALS,
    QUEUE,
    VOTES,
)
from ain_ref.governance.step import ADVANCE
from ain_ref.platform.area import Area, AreaGenesis
from ain_ref.state.natives import NativeDefinition

BALANCE_PATTERN: Final = "/accounts/$address/balance"

GOVERNANCE: Final = NativeDefinition(
    GOVERNANCE_FUNCTION_ID, run_governance_call, patterns=(CALL_PATTERN,), parties=("caller",)
)
"""[AIN-PLAT-NATIVE-DECLARE.1] Configurable only at CALL_PATTERN; its party is $caller."""

GOVERNANCE_WRITER: Final = (GOVERNANCE_FUNCTION_ID,)

GOVERNANCE_AREA: Final = Area(
    name=AREA_NAME,
    natives=(GOVERNANCE,),
    parameters=GOVERNANCE_PARAMETERS,
    constraints=GOVERNANCE_CONSTRAINTS,
    steps=(ADVANCE,),
    genesis=AreaGenesis(
        rules={CALL_PATTERN: {"write": "auth.addr === $caller && data === null"}},
        writers={
            BALANCE_PATTERN: GOVERNANCE_WRITER,
            COUNT: GOVERNANCE_WRITER,
            PROPOSALS: GOVERNANCE_WRITER,
            DEPOSITS: GOVERNANCE_WRITER,
            VOTES: GOVERNANCE_WRITER,
            OPEN: GOVERNANCE_WRITER,
            OVERRIDDEN: GOVERNANCE_WRITER,
            QUEUE: GOVERNANCE_WRITER,
        },
    ),
)
"""What governance registers with the platform (ain_ref.platform.areas lists it)."""
