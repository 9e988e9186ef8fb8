"""Fillers for a job's TEE measurements: the ``pcr`` lines, both sides of every limit."""

from __future__ import annotations

from typing import Any

from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.jobs.common import minimal
from tests.fillers.jobs.test_parse import expected, minimal_map

DETERMINISM = "    determinism exact\n"
PCR0 = "a0" * 48
PCR3 = "d3" * 48


def with_registers(lines: list[str], tee: str = "nitro") -> str:
    """The minimal document whose attestation names ``tee`` and has these ``pcr`` lines."""
    tee_line = f"    tee {tee}\n" if tee != "none" else ""
    return minimal(
        **{DETERMINISM: tee_line + DETERMINISM + "".join(f"    {line}\n" for line in lines)}
    )


def nitro_map(registers: list[tuple[int, str]]) -> dict[str, Any]:
    """The canonical map of ``with_registers``: tee nitro and the measurements key."""
    canonical = minimal_map()
    canonical["attestation"]["tee"] = "nitro"
    canonical["attestation"]["measurements"] = [
        {"index": index, "value": bytes.fromhex(value)} for index, value in registers
    ]
    return canonical


def diagnostic(code: str, line: int, column: int, text: str, expected_words: str) -> dict[str, Any]:
    """One entry of the check handler's diagnostics list."""
    return {"code": code, "line": line, "column": column, "text": text, "expected": expected_words}


def invalid(*diagnostics: dict[str, Any]) -> dict[str, Any]:
    """The check output of an invalid document."""
    return {"valid": False, "job_id": None, "diagnostics": list(diagnostics)}


FIRST_PCR_LINE = 31
"""The line of the first ``pcr`` line in ``with_registers`` (after tee and determinism)."""
BAD_HEX = "64, 96 or 128 lowercase hexadecimal digits (32, 48 or 64 bytes)"


@clauses(
    "AIN-JOB-MEASUREMENTS.1",
    "AIN-JOB-CANONICAL-MEASUREMENTS.1",
    "AIN-JOB-ID.1",
    "AIN-JOB-FORMAT.1",
)
def test_registers_are_hashed_into_the_job_id(fill: Filler) -> None:
    """
    pcr lines are read, sorted by index, written into the canonical form and so into the job id.

    Given
    -----
    - a nitro job declaring PCR3 then PCR0 (48 bytes each); the same with PCR3 changed in its
      last byte; registers 0 and 31 of 32 bytes; one register of 64 bytes.

    When
    ----
    - each is parsed.

    Then
    ----
    - the canonical attestation map has ``measurements`` by increasing index; fmt writes the
      pcr lines last, by index; the two documents that differ in one byte have different ids.
    """
    cases = {
        "sha384_two_registers": [(3, PCR3), (0, PCR0)],
        "sha384_one_byte_changed": [(3, PCR3[:-2] + "d4"), (0, PCR0)],
        "sha256_index_bounds": [(31, "1f" * 32), (0, "00" * 32)],
        "sha512": [(8, "ff" * 64)],
    }
    job_ids = set()
    for case, registers in cases.items():
        text = with_registers([f'pcr {index} "{value}"' for index, value in registers])
        formatted = with_registers([f'pcr {index} "{value}"' for index, value in sorted(registers)])
        output = expected(nitro_map(sorted(registers)), formatted)
        job_ids.add(output["job_id"])
        fill("jobs", "parse", {"text": text}, output=output, case=case)
    assert len(job_ids) == len(cases)


@clauses("AIN-JOB-MEASUREMENTS.1", "AIN-JOB-CHECK.1")
def test_thirty_two_registers_are_the_most(fill: Filler) -> None:
    """
    Every register 0..31 may be declared once; a 33rd line is necessarily a repeat.

    Given
    -----
    - a nitro job with pcr lines for 31 down to 0; the same with one more line for register 7.

    When
    ----
    - each is checked.

    Then
    ----
    - the first is valid; the second is JOBSPEC_DUPLICATE_FIELD at its last pcr line.
    """
    registers = [(index, bytes([index]).hex() * 48) for index in range(31, -1, -1)]
    lines = [f'pcr {index} "{value}"' for index, value in registers]
    text = with_registers(lines)
    job_id = expected(nitro_map(sorted(registers)), "")["job_id"]
    output = {"valid": True, "job_id": job_id, "diagnostics": []}
    fill("jobs", "check", {"text": text}, output=output, case="all_32")
    extra = with_registers([*lines, f'pcr 7 "{PCR0}"'])
    repeat = diagnostic(
        "JOBSPEC_DUPLICATE_FIELD", FIRST_PCR_LINE + 32, 5, "pcr", "one pcr line for register 7"
    )
    fill("jobs", "check", {"text": extra}, output=invalid(repeat), case="thirty_third")


def hex_text(byte_count: int, pair: str = "ab") -> str:
    """A quoted text of ``byte_count`` bytes in hex, as a pcr line writes it."""
    return '"' + pair * byte_count + '"'


BAD_LENGTHS = {
    "empty": 0,
    "bytes_31": 31,
    "bytes_33": 33,
    "bytes_47": 47,
    "bytes_49": 49,
    "bytes_63": 63,
    "bytes_65": 65,
}
"""Each side of every admitted length (32, 48, 64 bytes), and the empty text."""


@clauses("AIN-JOB-MEASUREMENTS.1", "AIN-JOB-RANGES.1", "AIN-JOB-VALUES.1")
def test_each_line_is_checked(fill: Filler) -> None:
    """
    A pcr line's index, value text and value kinds are each refused with their own code.

    Given
    -----
    - nitro jobs with one pcr line each: index 32 and -1 (index 31 and 0 are accepted above);
      values of 0, 31, 33, 47, 49, 63 and 65 bytes, upper-case hex, an odd digit count, a
      0x prefix; a bad index with a bad value; a word, a missing, a swapped and an extra value;
      pcr written as a block.

    When
    ----
    - each is checked.

    Then
    ----
    - JOBSPEC_OUT_OF_RANGE at the index; JOBSPEC_BAD_MEASUREMENT at the text; both when both
      are bad; JOBSPEC_BAD_VALUE for the kinds and the block shape.
    """
    at = FIRST_PCR_LINE
    kinds = 'pcr takes an index and "<hex digits>"'
    cases: dict[str, tuple[str, list[dict[str, Any]]]] = {
        "index_32": (
            f"pcr 32 {hex_text(48)}",
            [diagnostic("JOBSPEC_OUT_OF_RANGE", at, 9, "32", "a whole number in 0..31")],
        ),
        "index_minus_1": (
            f"pcr -1 {hex_text(48)}",
            [diagnostic("JOBSPEC_OUT_OF_RANGE", at, 9, "-1", "a whole number in 0..31")],
        ),
        "upper_case": (
            f"pcr 0 {hex_text(48, 'AB')}",
            [diagnostic("JOBSPEC_BAD_MEASUREMENT", at, 11, hex_text(48, "AB"), BAD_HEX)],
        ),
        "odd_digits": (
            f'pcr 0 "{"a" * 95}"',
            [diagnostic("JOBSPEC_BAD_MEASUREMENT", at, 11, f'"{"a" * 95}"', BAD_HEX)],
        ),
        "prefixed": (
            f'pcr 0 "0x{"ab" * 47}"',
            [diagnostic("JOBSPEC_BAD_MEASUREMENT", at, 11, f'"0x{"ab" * 47}"', BAD_HEX)],
        ),
        "index_and_value": (
            f"pcr 40 {hex_text(47)}",
            [
                diagnostic("JOBSPEC_OUT_OF_RANGE", at, 9, "40", "a whole number in 0..31"),
                diagnostic("JOBSPEC_BAD_MEASUREMENT", at, 12, hex_text(47), BAD_HEX),
            ],
        ),
        "word_value": ("pcr 0 abab", [diagnostic("JOBSPEC_BAD_VALUE", at, 11, "abab", kinds)]),
        "missing_value": ("pcr 0", [diagnostic("JOBSPEC_BAD_VALUE", at, 5, "pcr", kinds)]),
        "swapped": (
            f"pcr {hex_text(48)} 0",
            [diagnostic("JOBSPEC_BAD_VALUE", at, 9, hex_text(48), kinds)],
        ),
        "extra_value": (
            f"pcr 0 {hex_text(48)} 1",
            [diagnostic("JOBSPEC_BAD_VALUE", at, 110, "1", kinds)],
        ),
        "block": (
            "pcr {\n    }",
            [
                diagnostic(
                    "JOBSPEC_BAD_VALUE",
                    at,
                    5,
                    "pcr",
                    "pcr written as values on one line, not a block",
                )
            ],
        ),
    }
    for case, byte_count in BAD_LENGTHS.items():
        text = hex_text(byte_count)
        line = [diagnostic("JOBSPEC_BAD_MEASUREMENT", at, 11, text, BAD_HEX)]
        cases[case] = (f"pcr 0 {text}", line)
    for case, (line_text, diagnostics) in cases.items():
        text = with_registers([line_text])
        fill("jobs", "check", {"text": text}, output=invalid(*diagnostics), case=case)


@clauses("AIN-JOB-MEASUREMENTS.1", "AIN-JOB-FIELDS.1")
def test_lines_against_earlier_lines(fill: Filler) -> None:
    """
    A line is compared with the lines accepted before it: one per index, one length.

    Given
    -----
    - nitro jobs with pcr lines: index 0 twice; 32 bytes then 48 bytes; a refused 32-byte line
      (index 32) before two 48-byte lines; a refused value for index 0 before a good one.

    When
    ----
    - each is checked.

    Then
    ----
    - JOBSPEC_DUPLICATE_FIELD at the second name; JOBSPEC_BAD_MEASUREMENT at the 48-byte text;
      only the refused line's diagnostic in the last two (a refused line is not "earlier").
    """
    at = FIRST_PCR_LINE
    same_length = "64 hexadecimal digits, the length of the first pcr value"
    cases = {
        "index_twice": (
            [f"pcr 0 {hex_text(48)}", f"pcr 0 {hex_text(48, 'cd')}"],
            [
                diagnostic(
                    "JOBSPEC_DUPLICATE_FIELD", at + 1, 5, "pcr", "one pcr line for register 0"
                )
            ],
        ),
        "two_lengths": (
            [f"pcr 0 {hex_text(32)}", f"pcr 1 {hex_text(48)}"],
            [diagnostic("JOBSPEC_BAD_MEASUREMENT", at + 1, 11, hex_text(48), same_length)],
        ),
        "refused_line_sets_no_length": (
            [f"pcr 32 {hex_text(32)}", f"pcr 0 {hex_text(48)}", f"pcr 1 {hex_text(48)}"],
            [diagnostic("JOBSPEC_OUT_OF_RANGE", at, 9, "32", "a whole number in 0..31")],
        ),
        "refused_line_takes_no_index": (
            [f"pcr 0 {hex_text(40)}", f"pcr 0 {hex_text(48)}"],
            [diagnostic("JOBSPEC_BAD_MEASUREMENT", at, 11, hex_text(40), BAD_HEX)],
        ),
    }
    for case, (lines, diagnostics) in cases.items():
        text = with_registers(lines)
        fill("jobs", "check", {"text": text}, output=invalid(*diagnostics), case=case)


@clauses("AIN-JOB-MEASUREMENTS.1", "AIN-JOB-CHECK.1")
def test_registers_need_a_tee(fill: Filler) -> None:
    """
    Register values are a contradiction in a job without a TEE, and fine with any TEE.

    Given
    -----
    - a job with no tee line and pcr 5 then pcr 1; the same with tee sgx.

    When
    ----
    - each is checked.

    Then
    ----
    - JOBSPEC_MEASUREMENT_CONTRADICTION at the first pcr line (pcr 5); the sgx job is valid.
    """
    lines = [f"pcr 5 {hex_text(32)}", f"pcr 1 {hex_text(32)}"]
    contradiction = diagnostic(
        "JOBSPEC_MEASUREMENT_CONTRADICTION",
        FIRST_PCR_LINE - 1,
        5,
        "pcr",
        "register values only for a job whose tee is not none",
    )
    text = with_registers(lines, tee="none")
    fill("jobs", "check", {"text": text}, output=invalid(contradiction), case="tee_none")
    canonical = nitro_map([(1, "ab" * 32), (5, "ab" * 32)])
    canonical["attestation"]["tee"] = "sgx"
    job_id = expected(canonical, "")["job_id"]
    output = {"valid": True, "job_id": job_id, "diagnostics": []}
    fill("jobs", "check", {"text": with_registers(lines, tee="sgx")}, output=output, case="tee_sgx")


@clauses("AIN-JOB-MEASUREMENTS.1", "AIN-JOB-CHECK.1")
def test_parse_rejects_with_the_measurement_codes(fill: Filler) -> None:
    """
    parse names the first diagnostic's code: the two measurement codes.

    Given
    -----
    - a nitro job whose pcr value is 47 bytes; a job without a tee that declares pcr 0.

    When
    ----
    - each is parsed.

    Then
    ----
    - JOBSPEC_BAD_MEASUREMENT; JOBSPEC_MEASUREMENT_CONTRADICTION.
    """
    bad = with_registers([f"pcr 0 {hex_text(47)}"])
    fill(
        "jobs",
        "parse",
        {"text": bad},
        rejection=ErrorCode.JOBSPEC_BAD_MEASUREMENT,
        case="bad_length",
    )
    without_tee = with_registers([f"pcr 0 {hex_text(32)}"], tee="none")
    fill(
        "jobs",
        "parse",
        {"text": without_tee},
        rejection=ErrorCode.JOBSPEC_MEASUREMENT_CONTRADICTION,
        case="without_tee",
    )
