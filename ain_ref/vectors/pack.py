"""
``ain-ref vectors pack``: the vectors, their schemas and manifest as one reproducible tar.

For teams that consume vectors without Python. The archive is uncompressed, its members in
path order, with fixed times, modes and owners, so the same tree gives the same bytes on any
machine.

Spec: spec/conformance.md, "Vectors" ([AIN-CONF-VECTOR-PACK.1]).
Layer: conformance tooling.
"""

from __future__ import annotations

import io
import tarfile
from pathlib import Path
from typing import Final

from ain_ref.vectors.manifest import tree_problems

ARCHIVE_ROOT: Final = "ain-vectors"
PROTOCOL_SCHEMAS: Final = "protocol-schemas"


def fixed_info(name: str, size: int, is_directory: bool) -> tarfile.TarInfo:
    """A member header that depends on nothing but the name and the size."""
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = 0
    info.mode = 0o755 if is_directory else 0o644
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.type = tarfile.DIRTYPE if is_directory else tarfile.REGTYPE
    return info


def pack_members(vectors_root: Path, schemas_root: Path) -> list[tuple[str, Path | None]]:
    """Every member of the archive in order: (name, file or None for a folder)."""
    members: dict[str, Path | None] = {ARCHIVE_ROOT: None}
    sources = [(vectors_root, ARCHIVE_ROOT), (schemas_root, f"{ARCHIVE_ROOT}/{PROTOCOL_SCHEMAS}")]
    for source, prefix in sources:
        members[prefix] = None
        for path in source.rglob("*"):
            name = f"{prefix}/{path.relative_to(source).as_posix()}"
            members[name] = None if path.is_dir() else path
    return sorted(members.items())


def pack(vectors_root: Path, schemas_root: Path, archive: Path) -> int:
    """
    Write the archive; return its member count.

    Raises
    ------
    ValueError
        When the tree does not match its manifest (a packed tree is a checked tree).

    References
    ----------
    [AIN-CONF-VECTOR-PACK.1]
    """
    problems = tree_problems(vectors_root)
    if problems:
        raise ValueError("; ".join(problems[:5]))
    members = pack_members(vectors_root, schemas_root)
    with tarfile.open(archive, "w", format=tarfile.PAX_FORMAT) as tar:
        for name, path in members:
            if path is None:
                tar.addfile(fixed_info(name, 0, is_directory=True))
                continue
            data = path.read_bytes()
            tar.addfile(fixed_info(name, len(data), is_directory=False), io.BytesIO(data))
    return len(members)
