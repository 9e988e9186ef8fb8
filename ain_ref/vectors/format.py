"""
The vector file format, version 1: one JSON file per case, self-describing.

A vector is ``{"meta": ..., "input": ..., "expected": ...}``. ``expected`` is either
``{"output": {...}}`` or ``{"rejected": {"code": ..., "clause": ...}}``, the rejection with a
``location`` (a byte offset, or ``{"line", "column"}``) when the reference names one. Files
are written as canonical JSON (sorted keys, two-space indent, ASCII, one trailing newline) so that
regeneration is byte for byte.

Spec: spec/conformance.md, "Vectors" ([AIN-CONF-VECTOR-FORMAT.2], [AIN-CONF-VECTOR-ID.1]).
Layer: conformance tooling.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Final

import attrs

from ain_ref import SPEC_VERSION, VECTOR_FORMAT_VERSION
from ain_ref.errors import ErrorCode

VECTOR_ID_PATTERN: Final = re.compile(r"[a-z0-9_]+(/[a-z0-9_]+){2,}")
"""``<area>/<handler>/<case>``, lowercase words and underscores [AIN-CONF-VECTOR-ID.1]."""

VECTOR_FLAGS: Final = frozenset(
    {
        "EDGE_CASE",
        "LIMIT",
        "NON_CANONICAL",
        "MALFORMED",
        "MALLEABILITY",
        "SMALL_ORDER",
        "RFC8949_APPENDIX_A",
        "WYCHEPROOF",
        "SPECCHECK",
        "RFC8032",
        "REGRESSION",
        "SEEDED_RANDOM",
    }
)
"""Flags a vector may carry: why it exists, where it comes from."""


@attrs.frozen
class Vector:
    """One conformance case, as written to ``vectors/<area>/<handler>/<case>.json``."""

    vector_id: str
    area: str
    handler: str
    clauses: tuple[str, ...]
    description: str
    flags: tuple[str, ...]
    source: str
    input: dict[str, Any]
    expected_output: dict[str, Any] | None = None
    expected_rejection: ErrorCode | None = None
    expected_location: int | dict[str, int] | None = None  # with a rejection: where, if pinned

    def to_document(self) -> dict[str, Any]:
        """The JSON document of the vector [AIN-CONF-VECTOR-FORMAT.2]."""
        expected: dict[str, Any]
        if self.expected_rejection is not None:
            rejection = self.expected_rejection
            rejected: dict[str, Any] = {"code": str(rejection), "clause": rejection.clause}
            if self.expected_location is not None:
                rejected["location"] = self.expected_location
            expected = {"rejected": rejected}
        else:
            expected = {"output": self.expected_output}
        return {
            "meta": {
                "id": self.vector_id,
                "format": "ain-vector",
                "format_version": VECTOR_FORMAT_VERSION,
                "spec_version": SPEC_VERSION,
                "area": self.area,
                "handler": self.handler,
                "clauses": list(self.clauses),
                "description": self.description,
                "flags": sorted(self.flags),
                "result": "invalid" if self.expected_rejection is not None else "valid",
                "source": self.source,
            },
            "input": self.input,
            "expected": expected,
        }


def canonical_json(document: Any) -> str:
    """Write JSON the one way vectors are written: sorted keys, indent 2, ASCII, final newline."""
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=True) + "\n"


def vector_path(root: Path, vector_id: str) -> Path:
    """Where a vector lives: ``<root>/<area>/<handler>/<case>.json``."""
    return root.joinpath(*vector_id.split("/")).with_suffix(".json")


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, hex (the manifest's integrity field)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_vector_document(path: Path) -> dict[str, Any]:
    """Read one vector file."""
    document = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict):
        raise ValueError(f"{path}: a vector is a JSON object")
    return document


def iter_vector_files(root: Path) -> list[Path]:
    """Every vector file under a root, in path order (the manifest and schemas excluded)."""
    return sorted(
        path
        for path in root.rglob("*.json")
        if path.name != "MANIFEST.json" and "schemas" not in path.relative_to(root).parts
    )
