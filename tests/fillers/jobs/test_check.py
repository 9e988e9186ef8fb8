"""
Fillers for jobs/check: the golden-message corpus.

Each ``tests/data/jobs/corpus/NAME.jobspec`` has beside it ``NAME.json``, the reviewed output of
the ``check`` handler (every diagnostic with code, line, column, offending text and expectation).
A change to any message fails here until the golden file is reviewed and rewritten with
``python -m tests.fillers.jobs.test_check --update``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ain_ref.conformance.handlers.jobs import run_check
from ain_ref.vectors.filler import Filler, clauses

CORPUS = Path(__file__).parents[2] / "data" / "jobs" / "corpus"


def corpus_cases() -> list[tuple[str, str]]:
    """(name, text) of every corpus document, by name."""
    return [
        (path.stem, path.read_text(encoding="utf-8")) for path in sorted(CORPUS.glob("*.jobspec"))
    ]


@clauses(
    "AIN-JOB-DIAGNOSTICS.1",
    "AIN-JOB-RESYNC.1",
    "AIN-JOB-CHECK.1",
    "AIN-JOB-FIELDS.1",
    "AIN-JOB-VALUES.1",
)
def test_golden_messages(fill: Filler) -> None:
    """
    Every document of the corpus gets exactly its golden diagnostics, in source order.

    Given
    -----
    - a corpus of documents: valid ones, and ones with broken blocks (one syntax error per
      top-level block), many field errors, missing blocks, contradictions, a wrong version.

    When
    ----
    - each is checked.

    Then
    ----
    - the output lists every diagnostic with code, line, column, offending text and what was
      expected, equal to the reviewed golden file.
    """
    for name, text in corpus_cases():
        golden = json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))
        fill("jobs", "check", {"text": text}, output=golden, case=name)


def update_goldens() -> None:
    """Rewrite every golden file from the reference (review the diff before committing)."""
    for name, text in corpus_cases():
        output = run_check({"text": text})
        golden = json.dumps(output, indent=2, ensure_ascii=False) + "\n"
        (CORPUS / f"{name}.json").write_text(golden, encoding="utf-8")


if __name__ == "__main__" and sys.argv[1:] == ["--update"]:
    update_goldens()
