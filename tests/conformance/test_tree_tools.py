"""Vector trees are never lost, are checked by their manifest, and pack to the same bytes."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from ain_ref.cli import main
from ain_ref.vectors.generate import TreeSwapError, recover_tree, replace_tree, sibling
from ain_ref.vectors.manifest import tree_problems, write_manifest
from ain_ref.vectors.pack import pack
from tests.conformance.test_runner import ROOT, SAMPLE, copy_sample

STEPS = ("staged", "moved_aside", "swapped", "cleaned")


def tree_digest(root: Path) -> str:
    """One hash of every file of a tree and its path."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class Interrupted(BaseException):
    """Stands for a kill between two steps."""


@pytest.mark.parametrize("interrupted_after", STEPS)
def test_an_interrupted_swap_leaves_a_whole_tree(tmp_path: Path, interrupted_after: str) -> None:
    """[AIN-CONF-VECTOR-SWAP.1] Interrupted after any step, the old tree is intact or the next
    invocation restores it; once swapped, the new tree stays; nothing is left beside it."""
    old = copy_sample(tmp_path / "vectors", SAMPLE[:3])
    fresh = copy_sample(tmp_path / "fresh", SAMPLE[3:6])
    old_digest, fresh_digest = tree_digest(old), tree_digest(fresh)

    def interrupt(step: str) -> None:
        if step == interrupted_after:
            raise Interrupted

    with pytest.raises(Interrupted):
        replace_tree(fresh, old, on_step=interrupt)
    recover_tree(old)
    expected = old_digest if interrupted_after in ("staged", "moved_aside") else fresh_digest
    assert tree_digest(old) == expected
    assert not sibling(old, ".staged").exists() and not sibling(old, ".previous").exists()
    replace_tree(fresh, old)
    assert tree_digest(old) == fresh_digest


def test_a_killed_generation_is_recovered(tmp_path: Path) -> None:
    """[AIN-CONF-VECTOR-SWAP.1] A process killed while the old tree is moved aside: the next
    invocation puts the old tree back."""
    old = copy_sample(tmp_path / "vectors", SAMPLE[:3])
    fresh = copy_sample(tmp_path / "fresh", SAMPLE[3:6])
    old_digest = tree_digest(old)
    script = (
        "import sys, time; from pathlib import Path;"
        "from ain_ref.vectors.generate import replace_tree;"
        "replace_tree(Path(sys.argv[1]), Path(sys.argv[2]),"
        " on_step=lambda s: (print(s, flush=True), s == 'moved_aside' and time.sleep(60)))"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(fresh), str(old)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    while child.stdout.readline().strip() != "moved_aside":
        pass
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert not old.exists()  # the kill left it aside
    recover_tree(old)
    assert tree_digest(old) == old_digest


def test_out_refuses_a_folder_that_is_not_a_vector_tree(tmp_path: Path) -> None:
    """[AIN-CONF-VECTOR-SWAP.1] A non-empty folder without a vector manifest is never replaced."""
    precious = tmp_path / "thesis"
    precious.mkdir()
    (precious / "chapter1.tex").write_text("years of work")
    fresh = copy_sample(tmp_path / "fresh", SAMPLE[:2])
    with pytest.raises(TreeSwapError, match="not a vector tree"):
        replace_tree(fresh, precious)
    assert (precious / "chapter1.tex").read_text() == "years of work"
    assert main(["vectors", "generate", "--out", str(precious)]) == 2
    assert (precious / "chapter1.tex").read_text() == "years of work"


def test_vectors_manifest_command_makes_a_runnable_tree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """[AIN-CONF-MANIFEST.1] `ain-ref vectors manifest DIR` lists a tree a user assembled, and
    names a malformed file instead of listing it."""
    root = copy_sample(tmp_path / "mine", SAMPLE[:2])
    (root / "MANIFEST.json").unlink()
    assert tree_problems(root) and "vectors manifest" in tree_problems(root)[0]
    assert main(["vectors", "manifest", str(root)]) == 0
    assert tree_problems(root) == []
    (root / "encoding" / "decode" / "broken.json").write_text("[]")
    assert main(["vectors", "manifest", str(root)]) == 1
    assert "encoding/decode/broken.json" in capsys.readouterr().err


def test_pack_is_byte_identical_and_complete(tmp_path: Path) -> None:
    """[AIN-CONF-VECTOR-PACK.1] Two packs of the same tree are the same bytes, whatever the
    files' times and modes; the archive holds the vectors, manifest and both kinds of schema."""
    root = copy_sample(tmp_path / "vectors", SAMPLE)
    schemas = ROOT / "conformance" / "schemas"
    first, second = tmp_path / "a.tar", tmp_path / "b.tar"
    pack(root, schemas, first)
    for path in root.rglob("*.json"):
        os.utime(path, (time.time() + 1000, time.time() + 1000))
        path.chmod(0o600)
    pack(root, schemas, second)
    assert first.read_bytes() == second.read_bytes()
    with tarfile.open(first) as archive:
        names = archive.getnames()
        assert names == sorted(names)
        assert all(member.mtime == 0 and member.uid == 0 for member in archive.getmembers())
    assert "ain-vectors/MANIFEST.json" in names
    assert "ain-vectors/protocol-schemas/request.schema.json" in names
    assert f"ain-vectors/{SAMPLE[0]}.json" in names


def test_pack_refuses_a_tampered_tree(tmp_path: Path) -> None:
    """[AIN-CONF-VECTOR-PACK.1] [AIN-CONF-TREE-CHECK.1] A tree that is not its manifest is not
    packed."""
    root = copy_sample(tmp_path / "vectors", SAMPLE[:2])
    path = root / f"{SAMPLE[0]}.json"
    path.write_text(json.dumps(json.loads(path.read_text())) + " ")
    with pytest.raises(ValueError, match="edited"):
        pack(root, ROOT / "conformance" / "schemas", tmp_path / "x.tar")
    write_manifest(root)
    pack(root, ROOT / "conformance" / "schemas", tmp_path / "x.tar")
