"""The committed vector tree: schema-valid, named by path, listed in the manifest, reproducible."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from ain_ref import SPEC_VERSION, VECTOR_FORMAT_VERSION
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, FillerMismatchError, VectorSink, clauses
from ain_ref.vectors.format import iter_vector_files
from ain_ref.vectors.seeded import SeededStream

ROOT = Path(__file__).parents[2]
VECTORS = ROOT / "vectors"


def committed_vectors() -> list[tuple[Path, dict]]:
    """Every committed vector with its document."""
    return [(path, json.loads(path.read_text())) for path in iter_vector_files(VECTORS)]


def test_every_vector_validates_and_is_named_by_its_path() -> None:
    """[AIN-CONF-VECTOR-FORMAT.2] [AIN-CONF-VECTOR-ID.1] Schema-valid; ID is the path."""
    schema = json.loads((VECTORS / "schemas" / "vector.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    documents = committed_vectors()
    assert len(documents) > 300
    for path, document in documents:
        validator.validate(document)
        relative = path.relative_to(VECTORS).with_suffix("").as_posix()
        assert document["meta"]["id"] == relative
        assert document["meta"]["format_version"] == VECTOR_FORMAT_VERSION
        assert document["meta"]["spec_version"] == SPEC_VERSION
        if "rejected" in document["expected"]:
            code = ErrorCode[document["expected"]["rejected"]["code"]]
            assert document["expected"]["rejected"]["clause"] == code.clause
            assert document["meta"]["result"] == "invalid"


def test_manifest_lists_every_vector_with_its_hash() -> None:
    """[AIN-CONF-MANIFEST.1] The manifest's hashes are the files' hashes."""
    manifest = json.loads((VECTORS / "MANIFEST.json").read_text())
    documents = committed_vectors()
    assert manifest["count"] == len(documents) == len(manifest["vectors"])
    for path, document in documents:
        entry = manifest["vectors"][document["meta"]["id"]]
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert entry["clauses"] == document["meta"]["clauses"]


def test_every_error_code_is_asserted_by_a_vector_or_a_test() -> None:
    """[AIN-CONV-REJECTION.1] No code in the table goes unasserted."""
    in_vectors = {
        doc["expected"]["rejected"]["code"]
        for _, doc in committed_vectors()
        if "rejected" in doc["expected"]
    }
    test_sources = "\n".join(path.read_text() for path in (ROOT / "tests").rglob("test_*.py"))
    for code in ErrorCode:
        assert code.value in in_vectors or f"ErrorCode.{code.name}" in test_sources, code


def test_regeneration_reproduces_the_committed_tree() -> None:
    """[AIN-CONF-VECTOR-DETERMINISM.1] `ain-ref vectors check` finds nothing to change."""
    result = subprocess.run(
        [sys.executable, "-m", "ain_ref.cli", "vectors", "check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_diff_reports_moved_vectors_with_their_clauses(tmp_path: Path) -> None:
    """[AIN-CONF-VECTOR-DETERMINISM.1] A changed expectation shows as a moved vector."""
    altered = tmp_path / "vectors"
    subprocess.run(["cp", "-r", str(VECTORS), str(altered)], check=True)
    target = altered / "encoding" / "decode" / "integer_bounds_and_head_widths_24.json"
    document = json.loads(target.read_text())
    document["expected"]["output"]["value"]["int"] = "25"
    target.write_text(json.dumps(document))
    result = subprocess.run(
        [sys.executable, "-m", "ain_ref.cli", "vectors", "diff", "--against", str(altered)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0
    assert "changed  encoding/decode/integer_bounds_and_head_widths_24 (expected)" in result.stdout
    assert "AIN-ENC-INT.1" in result.stdout


def sample_filler(sink: VectorSink) -> Filler:
    """A filler around a throwaway test function."""

    @clauses("AIN-ENC-SHORTEST.1")
    def test_example() -> None:
        """Given a non-shortest integer. When decoded. Then refused."""

    return Filler(test_function=test_example, source="tests::test_example", sink=sink)


def test_filler_refuses_an_outcome_other_than_the_authored_one() -> None:
    """[AIN-CONF-VECTOR-FILLER.1] A wrong code, or an output for an authored rejection, fails."""
    filler = sample_filler(VectorSink(None))
    with pytest.raises(FillerMismatchError, match="expected ENCODING_TRUNCATED"):
        filler("encoding", "decode", {"bytes": "1817"}, rejection=ErrorCode.ENCODING_TRUNCATED)
    with pytest.raises(FillerMismatchError, match="reference rejected"):
        filler("encoding", "decode", {"bytes": "1817"}, output={"value": {"int": "23"}})
    vector = filler(
        "encoding", "decode", {"bytes": "1817"}, rejection=ErrorCode.ENCODING_NON_SHORTEST_FORM
    )
    assert vector.vector_id == "encoding/decode/example"
    with pytest.raises(FillerMismatchError, match="filled twice"):
        filler(
            "encoding", "decode", {"bytes": "1817"}, rejection=ErrorCode.ENCODING_NON_SHORTEST_FORM
        )


def test_filler_writes_canonical_json(tmp_path: Path) -> None:
    """[AIN-CONF-VECTOR-FORMAT.2] [AIN-CONF-VECTOR-ID.1] The file is where its ID says."""
    filler = sample_filler(VectorSink(tmp_path))
    filler(
        "encoding",
        "decode",
        {"bytes": "1817"},
        rejection=ErrorCode.ENCODING_NON_SHORTEST_FORM,
        case="a",
    )
    written = tmp_path / "encoding" / "decode" / "example_a.json"
    text = written.read_text()
    assert text.endswith("}\n") and json.loads(text)["meta"]["clauses"] == ["AIN-ENC-SHORTEST.1"]
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=2) + "\n"


def test_seeded_stream_is_pinned() -> None:
    """[AIN-CONF-VECTOR-DETERMINISM.1] The generator is SHA-256(seed || u64_be(counter))."""
    stream = SeededStream(b"pin")
    expected = hashlib.sha256(b"pin" + (0).to_bytes(8, "big")).digest()
    assert stream.take(32) == expected
    assert stream.take(4) == hashlib.sha256(b"pin" + (1).to_bytes(8, "big")).digest()[:4]
    assert SeededStream(b"x").below(10) == SeededStream(b"x").below(10)
