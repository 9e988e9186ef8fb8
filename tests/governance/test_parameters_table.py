"""The spec's table of governance parameters is what governance registers."""

from __future__ import annotations

from pathlib import Path

from ain_ref.governance.parameters import GOVERNANCE_CONSTRAINTS, GOVERNANCE_PARAMETERS

SPEC = Path(__file__).resolve().parents[2] / "spec" / "governance.md"


def spec_rows() -> list[tuple[str, int, int, int, str]]:
    """The rows of [AIN-GOV-PARAMETERS.1]'s table: key, default, minimum, maximum, unit."""
    rows = []
    for line in SPEC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if line.startswith("| `governance/") and len(cells) == 5:
            key, default, minimum, maximum, unit = cells
            rows.append((key.strip("`"), int(default), int(minimum), int(maximum), unit))
    return rows


def test_the_spec_table_is_the_registry() -> None:
    """[AIN-GOV-PARAMETERS.1] Same keys, in the same order, with the same numbers and units."""
    registered = [
        (p.key, int(p.default), p.minimum, p.maximum, p.unit) for p in GOVERNANCE_PARAMETERS
    ]
    assert spec_rows() == registered


def test_the_spec_names_every_constraint() -> None:
    """[AIN-GOV-PARAMETERS.1] Each registered constraint is named in the clause."""
    text = SPEC.read_text(encoding="utf-8")
    assert all(f"`{constraint.name}`" in text for constraint in GOVERNANCE_CONSTRAINTS)
