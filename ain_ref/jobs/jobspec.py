"""
From text to a valid job specification, or to every diagnostic that stands in the way.

The pipeline: syntax ([AIN-JOB-SYNTAX.1]); the schema version ([AIN-JOB-SCHEMA-VERSION.1]);
the field table, values, units and ranges; contradictions. Each stage runs only when the one
before it found nothing, and reports everything it finds.

Spec: spec/jobs.md, "Checking a document" ([AIN-JOB-CHECK.1]).
Layer: jobs. Imports jobs.syntax, jobs.reader, jobs.blocks, jobs.contradictions.
"""

from __future__ import annotations

import attrs

from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs import blocks, model
from ain_ref.jobs.canonical import canonical_bytes, job_id_of
from ain_ref.jobs.contradictions import contradictions
from ain_ref.jobs.diagnostics import Diagnostic, in_source_order
from ain_ref.jobs.reader import (
    MEDIA_TYPE,
    TOP_LEVEL,
    Reader,
    one_value,
    read_address,
    read_block,
    read_text,
)
from ain_ref.jobs.syntax import Statement, SyntaxErrors, parse_statements


@attrs.frozen
class CheckedSpec:
    """A valid specification with its canonical encoding and id."""

    spec: model.JobSpec
    canonical: bytes
    job_id: bytes


def schema_version_problem(statements: tuple[Statement, ...]) -> Diagnostic | None:
    """
    A diagnostic unless the first statement is ``jobspec`` with a supported version.

    References
    ----------
    [AIN-JOB-SCHEMA-VERSION.1] The first statement is ``jobspec <version>``; a version other
    than SCHEMA_VERSION (or no such statement) is refused before any other field is read.
    """
    expected = f"jobspec {model.SCHEMA_VERSION} as the first statement"
    if not statements:
        return Diagnostic(ErrorCode.JOBSPEC_UNSUPPORTED_VERSION, 1, 1, "", expected)
    first = statements[0]
    if first.name != "jobspec" or first.block is not None:
        return Diagnostic(
            ErrorCode.JOBSPEC_UNSUPPORTED_VERSION, first.line, first.column, first.name, expected
        )
    values = first.values
    if len(values) != 1 or values[0].text != str(model.SCHEMA_VERSION):
        text = " ".join(value.text for value in values)
        return Diagnostic(
            ErrorCode.JOBSPEC_UNSUPPORTED_VERSION, first.line, first.column, text, expected
        )
    return None


BLOCK_READERS = {
    "runtime": blocks.read_runtime,
    "resources": blocks.read_resources,
    "price": blocks.read_price,
    "qos": blocks.read_qos,
    "placement": blocks.read_placement,
    "attestation": blocks.read_attestation,
}


def read_document(reader: Reader, statements: tuple[Statement, ...]) -> model.JobSpec | None:
    """
    Read the top-level fields and every block; ``None`` when anything was reported.

    References
    ----------
    [AIN-JOB-FIELDS.1] The top-level field table.
    """
    found = read_block(reader, statements, TOP_LEVEL, ("the document", 1, 1))
    parts: dict[str, object] = {}
    if "release" in found:
        value = one_value(reader, found["release"][0], ("STRING",))
        parts["release"] = None if value is None else read_text(reader, value)
    if "agent" in found:
        value = one_value(reader, found["agent"][0], ("NAME",))
        parts["agent"] = None if value is None else read_address(reader, value)
    for name in ("input", "output"):
        if name in found:
            value = one_value(reader, found[name][0], ("STRING",))
            what = "a media type such as application/json"
            parts[name] = None if value is None else read_text(reader, value, MEDIA_TYPE, what)
    for name, read in BLOCK_READERS.items():
        if name in found:
            parts[name] = read(reader, found[name][0])
    if reader.diagnostics:
        return None
    empty_placement = model.Placement((), ())
    return model.JobSpec(
        schema_version=model.SCHEMA_VERSION,
        release=parts.get("release"),  # type: ignore[arg-type]
        agent=parts["agent"],  # type: ignore[arg-type]
        runtime=parts["runtime"],  # type: ignore[arg-type]
        input_type=parts["input"],  # type: ignore[arg-type]
        output_type=parts["output"],  # type: ignore[arg-type]
        resources=parts["resources"],  # type: ignore[arg-type]
        price=parts["price"],  # type: ignore[arg-type]
        qos=parts["qos"],  # type: ignore[arg-type]
        placement=parts.get("placement", empty_placement),  # type: ignore[arg-type]
        attestation=parts["attestation"],  # type: ignore[arg-type]
    )


def check_text(text: str) -> CheckedSpec | tuple[Diagnostic, ...]:
    """
    Check a document: its specification, canonical bytes and id, or its diagnostics.

    Parameters
    ----------
    text : str
        The document.

    Returns
    -------
    CheckedSpec | tuple[Diagnostic, ...]
        The checked specification, or at least one diagnostic, in source order.

    References
    ----------
    [AIN-JOB-CHECK.1] Syntax, then the schema version, then fields, then contradictions;
    a stage runs only when the stages before it reported nothing.
    """
    parsed = parse_statements(text)
    if isinstance(parsed, SyntaxErrors):
        return parsed.diagnostics
    version_problem = schema_version_problem(parsed)
    if version_problem is not None:
        return (version_problem,)
    reader = Reader()
    spec = read_document(reader, parsed)
    if spec is None:
        return in_source_order(reader.diagnostics)
    found = contradictions(spec, reader.positions)
    if found:
        return in_source_order(found)
    canonical = canonical_bytes(spec)
    return CheckedSpec(spec, canonical, job_id_of(canonical))


def parse_job_spec(text: str) -> CheckedSpec | Rejection:
    """The checked specification, or the rejection of its first diagnostic [AIN-JOB-CHECK.1]."""
    checked = check_text(text)
    if isinstance(checked, CheckedSpec):
        return checked
    return checked[0].to_rejection()


def decode_source(data: bytes) -> str | Diagnostic:
    """
    A document's bytes as text, or ``JOBSPEC_NOT_UTF8`` at its first bad byte.

    References
    ----------
    [AIN-JOB-LIMITS.1] Documents are UTF-8.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        return Diagnostic(
            ErrorCode.JOBSPEC_NOT_UTF8,
            line,
            column,
            data[error.start : error.start + 1].hex(),
            "UTF-8 text",
        )
