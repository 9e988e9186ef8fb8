"""
A job's TEE measurements: the ``pcr`` lines of its attestation block.

Spec: spec/jobs.md, "Fields" ([AIN-JOB-MEASUREMENTS.1]).
Layer: jobs. Imports errors, jobs.reader, jobs.syntax.
"""

from __future__ import annotations

from ain_ref.errors import ErrorCode
from ain_ref.jobs.reader import MEASUREMENT_HEX, Reader, read_integer, values_of
from ain_ref.jobs.syntax import Statement


def read_measurements(
    reader: Reader, statements: list[Statement]
) -> tuple[tuple[int, bytes], ...] | None:
    """
    The ``pcr`` lines: TEE register values the job's runs must report, by increasing index.

    Returns None when any line was refused (each refusal is a diagnostic).

    References
    ----------
    [AIN-JOB-MEASUREMENTS.1] ``pcr <index> "<hex>"``: the index a whole number in 0..31, the
    value 64, 96 or 128 lowercase hex digits (JOBSPEC_BAD_MEASUREMENT); a second line for an
    index is JOBSPEC_DUPLICATE_FIELD; a value of another length than the first accepted one is
    JOBSPEC_BAD_MEASUREMENT.
    """
    registers: dict[int, bytes] = {}
    all_read = True
    if statements:
        reader.positions["attestation.pcr"] = (statements[0].line, statements[0].column)
    for statement in statements:
        register = read_measurement(reader, statement, registers)
        if register is None:
            all_read = False
            continue
        registers[register[0]] = register[1]
    if not all_read:
        return None
    return tuple(sorted(registers.items()))


def read_measurement(
    reader: Reader, statement: Statement, registers: dict[int, bytes]
) -> tuple[int, bytes] | None:
    """One ``pcr`` line, checked against the registers before it [AIN-JOB-MEASUREMENTS.1]."""
    values = values_of(
        reader, statement, (("INTEGER",), ("STRING",)), 'takes an index and "<hex digits>"'
    )
    if values is None:
        return None
    index = read_integer(reader, values[0], "pcr")
    text = values[1].text[1:-1]
    value = bytes.fromhex(text) if MEASUREMENT_HEX.fullmatch(text) else None
    if value is None:
        expected = "64, 96 or 128 lowercase hexadecimal digits (32, 48 or 64 bytes)"
        reader.fail_at(ErrorCode.JOBSPEC_BAD_MEASUREMENT, values[1], expected)
    if index is None or value is None:
        return None
    if index in registers:
        expected = f"one pcr line for register {index}"
        reader.fail(
            ErrorCode.JOBSPEC_DUPLICATE_FIELD, statement.line, statement.column, "pcr", expected
        )
        return None
    first_length = next((len(earlier) for earlier in registers.values()), len(value))
    if len(value) != first_length:
        expected = f"{2 * first_length} hexadecimal digits, the length of the first pcr value"
        reader.fail_at(ErrorCode.JOBSPEC_BAD_MEASUREMENT, values[1], expected)
        return None
    return index, value
