"""Every economy rejection code has at least one negative vector that names it."""

from __future__ import annotations

from ain_ref.errors import ErrorCode
from ain_ref.repository import vectors_root
from ain_ref.vectors.format import iter_vector_files, load_vector_document


def economy_codes() -> set[str]:
    """The codes of the economy section of the error table, ``_transfer``'s included."""
    return {code.value for code in ErrorCode if code.clause.startswith("AIN-ECON-")}


def codes_in_vectors() -> set[str]:
    """Every rejection code some committed vector of the economy area expects."""
    codes: set[str] = set()
    for path in iter_vector_files(vectors_root() / "economy"):
        rejected = load_vector_document(path)["expected"].get("rejected")
        if rejected is not None:
            codes.add(rejected["code"])
    return codes


def test_every_economy_code_has_a_negative_vector() -> None:
    """[AIN-CONV-REJECTION.1] Each ECON_* code is asserted by at least one committed vector."""
    missing = economy_codes() - codes_in_vectors()
    assert not missing, f"economy codes without a negative vector: {sorted(missing)}"


def test_the_economy_section_is_not_empty() -> None:
    """The check above cannot pass vacuously: the economy has its codes."""
    expected = {"ECON_VOUCHER_STALE", "ECON_EVIDENCE_TOO_OLD", "ECON_TRANSFER_INVALID"}
    assert expected <= economy_codes()
