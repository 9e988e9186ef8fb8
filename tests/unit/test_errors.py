"""The error table: stable codes, each naming a clause the spec defines."""

from pathlib import Path

from ain_ref.clauses import parse_clauses
from ain_ref.errors import ErrorCode, Rejection

ROOT = Path(__file__).parents[2]


def test_codes_are_their_names_and_cite_defined_clauses() -> None:
    """[AIN-CONV-REJECTION.1] Each code equals its name and names a defined clause."""
    clauses, problems = parse_clauses(ROOT / "spec")
    defined = {clause.clause_id for clause in clauses}
    assert not problems
    for code in ErrorCode:
        assert code.value == code.name
        assert code.clause in defined, code
        assert code.meaning.endswith(".") and len(code.meaning) > 10, code
    assert len({code.value for code in ErrorCode}) == len(ErrorCode)


def test_rejection_takes_its_clause_from_the_code() -> None:
    """[AIN-CONV-REJECTION.1] A rejection carries its code's clause unless told otherwise."""
    rejection = Rejection(ErrorCode.ENCODING_TRUNCATED, "cut", 3)
    assert rejection.clause == "AIN-ENC-WELLFORMED.1"
    assert rejection.describe() == "ENCODING_TRUNCATED [AIN-ENC-WELLFORMED.1] at 3: cut"
