"""
The token's units: 6 decimals, and the production supply in base units.

Spec: spec/platform.md, "The protocol genesis" ([AIN-PLAT-GENESIS-SUPPLY.1]).
Layer: bottom. Imports nothing of ain_ref.
"""

from __future__ import annotations

from typing import Final

DECIMALS: Final = 6
"""AIN has 6 decimals, like the production token: 1 AIN is 10**6 base units."""
BASE_UNITS_PER_AIN: Final = 10**DECIMALS
PRODUCTION_SUPPLY_AIN: Final = 700_000_000
PRODUCTION_TOTAL_SUPPLY: Final = PRODUCTION_SUPPLY_AIN * BASE_UNITS_PER_AIN
"""7 * 10**14 base units: well inside 0 .. 2**63 - 1, so every amount fits a signed 64 bits."""
