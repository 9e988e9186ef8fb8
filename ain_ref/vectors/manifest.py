"""
The manifest of a vector tree: writing it, and checking a tree against it before a run.

``MANIFEST.json`` lists every vector with its path, SHA-256, clauses and result. The runner
refuses a tree whose files are not exactly the manifest's (a vector missing, added or edited),
and names every malformed vector file with its error, so no run judges a tree it was not given.

Spec: spec/conformance.md, "Vectors" ([AIN-CONF-MANIFEST.1], [AIN-CONF-TREE-CHECK.1]).
Layer: conformance tooling.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Final

import jsonschema

from ain_ref import SPEC_VERSION, VECTOR_FORMAT_VERSION
from ain_ref.vectors.format import canonical_json, file_sha256, iter_vector_files

MANIFEST_NAME: Final = "MANIFEST.json"
MANIFEST_FORMAT: Final = "ain-vector-manifest"
VECTOR_SCHEMA: Final = Path(__file__).parent / "schemas" / "vector.schema.json"


@functools.cache
def vector_validator() -> jsonschema.Draft202012Validator:
    """The vector format's JSON Schema, compiled once."""
    schema = json.loads(VECTOR_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def vector_problem(root: Path, path: Path) -> str | None:
    """
    Why a vector file is malformed, or None: not JSON, not the schema, or an ID not its path.

    References
    ----------
    [AIN-CONF-VECTOR-FORMAT.2] [AIN-CONF-VECTOR-ID.1]
    """
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        return f"not JSON: {str(error)[:200]}"
    invalid = jsonschema.exceptions.best_match(vector_validator().iter_errors(document))
    if invalid is not None:
        where = "/".join(str(part) for part in invalid.absolute_path) or "(top)"
        return f"not a vector: at {where}: {invalid.message[:200]}"
    expected_id = path.relative_to(root).with_suffix("").as_posix()
    if document["meta"]["id"] != expected_id:
        return f"its id {document['meta']['id']!r} is not its path {expected_id!r}"
    return None


def manifest_of(root: Path) -> dict[str, Any]:
    """
    The manifest of a tree as it is on disk: every vector with path, SHA-256, clauses, result.

    References
    ----------
    [AIN-CONF-MANIFEST.1]
    """
    entries: dict[str, Any] = {}
    for path in iter_vector_files(root):
        meta = json.loads(path.read_text(encoding="utf-8"))["meta"]
        entries[meta["id"]] = {
            "path": path.relative_to(root).as_posix(),
            "sha256": file_sha256(path),
            "clauses": meta["clauses"],
            "result": meta["result"],
        }
    return {
        "format": MANIFEST_FORMAT,
        "format_version": VECTOR_FORMAT_VERSION,
        "spec_version": SPEC_VERSION,
        "count": len(entries),
        "vectors": entries,
    }


def write_manifest(root: Path) -> int:
    """
    Write ``MANIFEST.json`` for a tree whose vectors are all well-formed; return the count.

    Raises
    ------
    ValueError
        Naming every malformed vector file, when there is one.
    """
    problems = [
        f"{path.relative_to(root).as_posix()}: {problem}"
        for path in iter_vector_files(root)
        if (problem := vector_problem(root, path)) is not None
    ]
    if problems:
        raise ValueError("malformed vectors, no manifest written:\n  " + "\n  ".join(problems))
    manifest = manifest_of(root)
    (root / MANIFEST_NAME).write_text(canonical_json(manifest), encoding="utf-8")
    return int(manifest["count"])


def read_manifest(root: Path) -> dict[str, Any] | str:
    """The manifest's vectors as {path: sha256}, or why it cannot be read."""
    path = root / MANIFEST_NAME
    if not path.is_file():
        return f"{root} has no {MANIFEST_NAME}: write one with `ain-ref vectors manifest {root}`"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if manifest["format"] != MANIFEST_FORMAT:
            return f"{path} is not a vector manifest (format {manifest['format']!r:.40})"
        return {entry["path"]: entry["sha256"] for entry in manifest["vectors"].values()}
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        return f"{path} is malformed: {error!r:.200}"


def tree_problems(root: Path) -> list[str]:
    """
    Everything that keeps a tree from being run: each problem names its file.

    References
    ----------
    [AIN-CONF-TREE-CHECK.1] A missing, added or edited vector fails the run; a malformed
    vector file is named with its error; a tree with no vector is no tree.
    """
    if not root.is_dir():
        return [f"no vector tree at {root}"]
    listed = read_manifest(root)
    if isinstance(listed, str):
        return [listed]
    on_disk = {path.relative_to(root).as_posix(): path for path in iter_vector_files(root)}
    problems = [
        f"missing: {relative} (listed in the manifest)"
        for relative in sorted(listed.keys() - on_disk.keys())
    ]
    problems += [
        f"added: {relative} (not in the manifest)"
        for relative in sorted(on_disk.keys() - listed.keys())
    ]
    for relative in sorted(on_disk.keys() & listed.keys()):
        if file_sha256(on_disk[relative]) != listed[relative]:
            problems.append(f"edited: {relative} (its SHA-256 is not the manifest's)")
    for relative, path in sorted(on_disk.items()):
        problem = vector_problem(root, path)
        if problem is not None:
            problems.append(f"malformed: {relative}: {problem}")
    if not on_disk and not problems:
        problems.append(f"{root} holds no vector")
    return problems
