"""
Reading statements into a job specification: the field table, value kinds, units and ranges.

Every problem found is recorded as a diagnostic and reading goes on, so one pass reports every
unknown, repeated, missing or malformed field of the document.

Spec: spec/jobs.md, "Fields" ([AIN-JOB-FIELDS.1], [AIN-JOB-VALUES.1], [AIN-JOB-UNITS.1],
[AIN-JOB-RANGES.1], [AIN-JOB-SCHEMA-VERSION.1], [AIN-JOB-AGENT.1], [AIN-JOB-RUNTIME.1]).
Layer: jobs. Imports crypto, encoding (U64_MAX), errors, jobs.syntax, jobs.units, jobs.model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

import attrs

from ain_ref import crypto
from ain_ref.encoding import U64_MAX
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs import units
from ain_ref.jobs.diagnostics import Diagnostic
from ain_ref.jobs.syntax import Statement, Value

MEDIA_TYPE: Final = re.compile(r"[a-z0-9][a-z0-9.+-]{0,62}/[a-z0-9][a-z0-9.+-]{0,62}")
REGION: Final = re.compile(r"[a-z][a-z0-9-]{0,31}")
SHA256_HEX: Final = re.compile(r"[0-9a-f]{64}")
MEASUREMENT_HEX: Final = re.compile(r"[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128}")
"""A TEE register value: 32, 48 or 64 bytes in lowercase hex [AIN-JOB-MEASUREMENTS.1]."""
MAX_TEXT: Final = 256
"""The longest text value, in code points (entry points, models, payer ids) [AIN-JOB-RANGES.1]."""
MAX_LIST: Final = 64
"""The longest list in a placement condition [AIN-JOB-RANGES.1]."""
MAX_PREFERENCES: Final = 16
"""The most ``prefer`` lines in a placement block [AIN-JOB-RANGES.1]."""
NUMBER: Final = ("INTEGER", "DECIMAL")
ESCAPE: Final = re.compile(r"\\(.)")
"""A STRING's escape: a backslash and the character it stands for."""


@attrs.frozen
class Field:
    """One row of the field table: required, repeatable, and whether it is a block."""

    required: bool
    is_block: bool
    repeatable: bool = False


TOP_LEVEL: Final = {
    "jobspec": Field(required=True, is_block=False),
    "release": Field(required=False, is_block=False),
    "agent": Field(required=True, is_block=False),
    "runtime": Field(required=True, is_block=True),
    "input": Field(required=True, is_block=False),
    "output": Field(required=True, is_block=False),
    "resources": Field(required=True, is_block=True),
    "price": Field(required=True, is_block=True),
    "qos": Field(required=True, is_block=True),
    "placement": Field(required=False, is_block=True),
    "attestation": Field(required=True, is_block=True),
}
RUNTIME_FIELDS: Final = {
    "language": Field(required=True, is_block=False),
    "entry": Field(required=True, is_block=False),
    "artifact": Field(required=True, is_block=False),
}
RESOURCE_FIELDS: Final = {
    "cpu": Field(required=True, is_block=False),
    "memory": Field(required=True, is_block=False),
    "storage": Field(required=False, is_block=False),
    "network": Field(required=False, is_block=False),
    "gpu": Field(required=False, is_block=True),
}
GPU_FIELDS: Final = {
    "vendor": Field(required=True, is_block=False),
    "model": Field(required=False, is_block=False),
    "memory": Field(required=False, is_block=False),
    "count": Field(required=True, is_block=False),
}
PRICE_FIELDS: Final = {
    "rate": Field(required=True, is_block=False),
    "batch": Field(required=False, is_block=False),
    "paid_by": Field(required=False, is_block=False),
}
QOS_FIELDS: Final = {
    "deadline": Field(required=True, is_block=False),
    "min_runtime": Field(required=False, is_block=False),
    "latency": Field(required=False, is_block=False),
    "qps": Field(required=False, is_block=False),
}
PLACEMENT_FIELDS: Final = {
    "require": Field(required=False, is_block=False, repeatable=True),
    "prefer": Field(required=False, is_block=False, repeatable=True),
}
ATTESTATION_FIELDS: Final = {
    "providers": Field(required=True, is_block=False),
    "quorum": Field(required=True, is_block=False),
    "tee": Field(required=False, is_block=False),
    "determinism": Field(required=True, is_block=False),
    "tolerance": Field(required=False, is_block=False),
    "pcr": Field(required=False, is_block=False, repeatable=True),
}
RANGES: Final = {
    "cpu": (1, 1_000_000),
    "memory": (1, 2**50),
    "storage": (0, 2**53),
    "network": (0, 10**12),
    "gpu.memory": (0, 2**44),
    "gpu.count": (1, 64),
    "rate": (0, U64_MAX),
    "batch": (1, 10_000),
    "deadline": (1, 2_592_000_000),
    "min_runtime": (0, 2_592_000_000),
    "latency": (0, 2_592_000_000),
    "qps": (0, 1_000_000),
    "stake": (0, U64_MAX),
    "weight": (1, 100),
    "providers": (1, 31),
    "quorum": (1, 31),
    "max_relative_error_ppm": (0, 1_000_000),
    "min_token_agreement_bps": (0, 10_000),
    "pcr": (0, 31),
}
"""Each numeric field's range in base units, both ends included [AIN-JOB-RANGES.1]."""


def kind_words(kinds: tuple[str, ...]) -> str:
    """The plain words for a set of value kinds."""
    words = {
        "INTEGER": "a whole number",
        "DECIMAL": "a decimal number",
        "STRING": "a quoted text",
        "NAME": "a word",
        "list": "a list",
        "GE": "'>='",
    }
    return " or ".join(words[kind] for kind in kinds)


@attrs.define
class Reader:
    """The diagnostics found so far, and where each field was written."""

    diagnostics: list[Diagnostic] = attrs.field(factory=list)
    positions: dict[str, tuple[int, int]] = attrs.field(factory=dict)

    def fail(self, code: ErrorCode, line: int, column: int, text: str, expected: str) -> None:
        """Record one diagnostic."""
        self.diagnostics.append(Diagnostic(code, line, column, text, expected))

    def fail_at(self, code: ErrorCode, value: Value, expected: str) -> None:
        """Record one diagnostic located at a value."""
        self.fail(code, value.line, value.column, value.text, expected)


# --- blocks ----------------------------------------------------------------------------------


def read_block(
    reader: Reader,
    statements: tuple[Statement, ...],
    table: dict[str, Field],
    owner: tuple[str, int, int],
) -> dict[str, list[Statement]]:
    """
    Sort a block's statements into its fields, reporting unknown, repeated and missing ones.

    ``owner`` is the block's name and position (where a missing field is reported).

    References
    ----------
    [AIN-JOB-FIELDS.1] A block holds only the fields of its table, each at most once unless
    repeatable, each a block exactly when its row says so, and every required field.
    """
    found: dict[str, list[Statement]] = {}
    misshapen: set[str] = set()
    for statement in statements:
        row = table.get(statement.name)
        if row is None:
            reader.fail(
                ErrorCode.JOBSPEC_UNKNOWN_FIELD,
                statement.line,
                statement.column,
                statement.name,
                f"one of the fields of {owner[0]}: {', '.join(table)}",
            )
            continue
        if statement.name in found and not row.repeatable:
            reader.fail(
                ErrorCode.JOBSPEC_DUPLICATE_FIELD,
                statement.line,
                statement.column,
                statement.name,
                f"{statement.name} once in {owner[0]}",
            )
            continue
        if (statement.block is not None) != row.is_block:
            shape = "a block { ... }" if row.is_block else "values on one line, not a block"
            reader.fail(
                ErrorCode.JOBSPEC_BAD_VALUE,
                statement.line,
                statement.column,
                statement.name,
                f"{statement.name} written as {shape}",
            )
            misshapen.add(statement.name)
            continue
        if statement.block is not None and statement.values:
            first = statement.values[0]
            reader.fail(
                ErrorCode.JOBSPEC_BAD_VALUE,
                first.line,
                first.column,
                first.text,
                f"no values between {statement.name} and {{",
            )
            misshapen.add(statement.name)
            continue
        found.setdefault(statement.name, []).append(statement)
    for name, row in table.items():
        if row.required and name not in found and name not in misshapen:
            reader.fail(
                ErrorCode.JOBSPEC_MISSING_FIELD,
                owner[1],
                owner[2],
                owner[0],
                f"the required field {name} in {owner[0]}",
            )
    return found


def values_of(
    reader: Reader,
    statement: Statement,
    kinds: tuple[tuple[str, ...], ...],
    expected: str | Callable[[], str],
) -> tuple[Value, ...] | None:
    """
    The statement's values when their count and kinds are ``kinds``; otherwise a diagnostic.

    References
    ----------
    [AIN-JOB-VALUES.1] A field's values have exactly the kinds of its row.
    """
    values = statement.values
    if len(values) == len(kinds):
        for value, allowed in zip(values, kinds, strict=True):
            if value.kind not in allowed:
                break
        else:
            return values
    words = expected if isinstance(expected, str) else expected()
    for position, value in enumerate(values):
        if position >= len(kinds) or value.kind not in kinds[position]:
            reader.fail_at(ErrorCode.JOBSPEC_BAD_VALUE, value, f"{statement.name} {words}")
            return None
    reader.fail(
        ErrorCode.JOBSPEC_BAD_VALUE,
        statement.line,
        statement.column,
        statement.name,
        f"{statement.name} {words}",
    )
    return None


# --- values ----------------------------------------------------------------------------------


def read_word(reader: Reader, value: Value, choices: tuple[str, ...]) -> str | None:
    """A word that must be one of ``choices`` [AIN-JOB-VALUES.1]."""
    if value.text not in choices:
        reader.fail_at(ErrorCode.JOBSPEC_BAD_VALUE, value, "one of: " + ", ".join(choices))
        return None
    return value.text


def read_integer(reader: Reader, value: Value, range_name: str) -> int | None:
    """
    A whole number within its field's range.

    References
    ----------
    [AIN-JOB-RANGES.1] Outside the range (or longer than 20 digits) is JOBSPEC_OUT_OF_RANGE.
    """
    low, high = RANGES[range_name]
    digits = value.text.removeprefix("-")
    number = int(value.text) if len(digits) <= units.MAX_INTEGER_DIGITS else None
    if number is None or not low <= number <= high:
        reader.fail_at(ErrorCode.JOBSPEC_OUT_OF_RANGE, value, f"a whole number in {low}..{high}")
        return None
    return number


def read_quantity(
    reader: Reader, statement: Statement, unit_table: dict[str, int], range_name: str
) -> int | None:
    """
    A number and a unit, as an integer count of base units within range.

    References
    ----------
    [AIN-JOB-UNITS.1] The unit is one of its dimension's; fractions of a base unit round up.
    [AIN-JOB-RANGES.1] The base-unit amount is within the field's range.
    """
    values = values_of(
        reader,
        statement,
        (NUMBER, ("NAME",)),
        lambda: f"takes a number and a unit ({', '.join(unit_table)})",
    )
    if values is None:
        return None
    number, unit = values
    if unit.text not in unit_table:
        expected = f"one of the units {', '.join(unit_table)}"
        reader.fail_at(ErrorCode.JOBSPEC_UNKNOWN_UNIT, unit, expected)
        return None
    amount = units.scaled_up(number.text, unit_table[unit.text])
    low, high = RANGES[range_name]
    if amount is None or not low <= amount <= high:
        expected = f"an amount in {low}..{high} base units, at most 6 decimals"
        reader.fail_at(ErrorCode.JOBSPEC_OUT_OF_RANGE, number, expected)
        return None
    return amount


def unquoted(value: Value) -> str:
    """The text of a STRING value, its two escapes (backslash-quote, backslash-backslash) undone."""
    text = value.text[1:-1]
    return ESCAPE.sub(r"\1", text) if "\\" in text else text


def read_text(
    reader: Reader, value: Value, pattern: re.Pattern[str] | None = None, what: str = ""
) -> str | None:
    """A quoted text of 1..MAX_TEXT code points, matching ``pattern`` when one is given."""
    text = unquoted(value)
    if not 1 <= len(text) <= MAX_TEXT:
        reader.fail_at(ErrorCode.JOBSPEC_OUT_OF_RANGE, value, f"1..{MAX_TEXT} code points")
        return None
    if pattern is not None and not pattern.fullmatch(text):
        reader.fail_at(ErrorCode.JOBSPEC_BAD_VALUE, value, what)
        return None
    return text


def read_address(reader: Reader, value: Value) -> bytes | None:
    """
    An account address written as a word.

    References
    ----------
    [AIN-JOB-AGENT.1] The address is valid by [AIN-CRYPTO-ADDRESS-TEXT.1] and its checks.
    """
    address = crypto.parse_address(value.text)
    if isinstance(address, Rejection):
        expected = f"a valid account address (ain + 72 hex digits; {address.code})"
        reader.fail_at(ErrorCode.JOBSPEC_BAD_ADDRESS, value, expected)
        return None
    return address.public_key


def one_value(reader: Reader, statement: Statement, kinds: tuple[str, ...]) -> Value | None:
    """The single value of a one-value field."""
    values = values_of(reader, statement, (kinds,), lambda: f"takes {kind_words(kinds)}")
    return None if values is None else values[0]


ValueReader = Callable[[Reader, Statement], object]
