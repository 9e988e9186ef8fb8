"""
Clause tooling: read the clauses of spec/*.md and find who implements and tests each one.

``ain-ref spec coverage`` prints the table this module builds and fails when a MUST clause has
no implementing function, or no test or vector, or when anything cites a clause that does not
exist.

Spec: spec/00-conventions.md, "Clauses" ([AIN-CONV-CLAUSE-ID.1], [AIN-CONV-CLAUSE-REVISION.1]).
Layer: tooling. Reads files; imports errors only.
"""

from __future__ import annotations

import ast
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Final

import attrs

from ain_ref.errors import ErrorCode

CLAUSE_ID_PATTERN: Final = re.compile(r"AIN-[A-Z0-9]+(?:-[A-Z0-9]+)+\.[1-9][0-9]*")
"""A clause ID: AIN, an area, one or more name words, a revision [AIN-CONV-CLAUSE-ID.1]."""
CLAUSE_DEFINITION_PATTERN: Final = re.compile(r"\*\*\[(" + CLAUSE_ID_PATTERN.pattern + r")\]\*\*")
EXAMPLE_AREA_PREFIX: Final = "AIN-EXAMPLE-"
"""Clause IDs of the reserved EXAMPLE area appear in examples and tool tests, never in the spec."""
MUST_KEYWORDS: Final = ("MUST", "SHALL", "REQUIRED")
SHOULD_KEYWORDS: Final = ("SHOULD", "RECOMMENDED")
MAY_KEYWORDS: Final = ("MAY", "OPTIONAL")


@attrs.frozen
class Clause:
    """One normative statement of the spec, with where it is written."""

    clause_id: str
    level: str  # MUST, SHOULD, MAY or INFO
    text: str
    source: str  # "spec/encoding.md:12"

    @property
    def withdrawn(self) -> bool:
        """
        True when the clause is a withdrawn stub: its ID is followed by *withdrawn*.

        References
        ----------
        [AIN-CONV-CLAUSE-REVISION.1] A withdrawn clause keeps its ID, marked *withdrawn*.
        """
        after_id = CLAUSE_DEFINITION_PATTERN.sub("", self.text, count=1).lstrip(" (")
        return after_id.startswith("*withdrawn*")


@attrs.frozen
class CoverageRow:
    """What implements and what tests one clause."""

    clause: Clause
    implemented_by: tuple[str, ...]
    tested_by: tuple[str, ...]
    vectors: tuple[str, ...]

    def is_complete(self) -> bool:
        """A MUST clause needs an implementing function and a test or vector."""
        if self.clause.level != "MUST":
            return True
        return bool(self.implemented_by) and bool(self.tested_by or self.vectors)


@attrs.frozen
class CoverageReport:
    """The coverage table and every problem found while building it."""

    rows: tuple[CoverageRow, ...]
    problems: tuple[str, ...]

    def is_complete(self) -> bool:
        """True when every MUST clause is covered and nothing cites an unknown clause."""
        return not self.problems and all(row.is_complete() for row in self.rows)


def clause_level(text: str) -> str:
    """The strongest RFC 2119 keyword in a clause's text (spec/00-conventions.md)."""
    words = set(re.findall(r"\b[A-Z]+\b", text))
    for level, keywords in (("MUST", MUST_KEYWORDS), ("SHOULD", SHOULD_KEYWORDS)):
        if words.intersection(keywords):
            return level
    return "MAY" if words.intersection(MAY_KEYWORDS) else "INFO"


def parse_clauses(spec_directory: Path) -> tuple[list[Clause], list[str]]:
    """
    Read every clause defined in ``spec/*.md``.

    Returns
    -------
    tuple[list[Clause], list[str]]
        The clauses in file and line order, and problems (a clause ID defined twice).

    References
    ----------
    [AIN-CONV-CLAUSE-ID.1] A clause opens with its ID in bold and runs to the next blank line.
    [AIN-CONV-CLAUSE-REVISION.1] An ID is defined once.
    """
    clauses: list[Clause] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in sorted(spec_directory.glob("*.md")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for line_number, line in enumerate(lines, 1):
            for match in CLAUSE_DEFINITION_PATTERN.finditer(line):
                clause_id = match.group(1)
                source = f"spec/{path.name}:{line_number}"
                if clause_id in seen:
                    problems.append(f"{clause_id} defined twice: {seen[clause_id]} and {source}")
                    continue
                seen[clause_id] = source
                paragraph = [line[match.start() :]]
                for following in lines[line_number:]:
                    if not following.strip() or CLAUSE_DEFINITION_PATTERN.search(following):
                        break
                    paragraph.append(following)
                text = " ".join(part.strip() for part in paragraph)
                clauses.append(Clause(clause_id, clause_level(text), text, source))
    return clauses, problems + revision_problems(clauses)


def revision_problems(clauses: list[Clause]) -> list[str]:
    """
    Names that stand in force in more than one revision.

    References
    ----------
    [AIN-CONV-CLAUSE-REVISION.1] A new revision replaces the old one, which stays only marked
    *withdrawn*: so a name has at most one revision that is not withdrawn (the revision digit
    is not a sequence number for different statements).
    """
    in_force: dict[str, list[str]] = defaultdict(list)
    for clause in clauses:
        if not clause.withdrawn:
            in_force[clause.clause_id.rsplit(".", 1)[0]].append(clause.clause_id)
    return [
        f"{name} is in force in several revisions ({', '.join(ids)}): give different "
        "statements different names, or mark the older revisions *withdrawn*"
        for name, ids in sorted(in_force.items())
        if len(ids) > 1
    ]


def definition_spans(tree: ast.Module) -> list[tuple[str, int, int, str]]:
    """Top-level and nested functions and classes: (qualified name, first line, last line, doc)."""
    spans: list[tuple[str, int, int, str]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                first = min([child.lineno] + [d.lineno for d in child.decorator_list])
                name = f"{prefix}{child.name}"
                spans.append(
                    (name, first, child.end_lineno or first, ast.get_docstring(child) or "")
                )
                visit(child, name + ".")

    visit(tree, "")
    return spans


def find_implementations(package_directory: Path) -> dict[str, list[str]]:
    """
    Map each clause ID to the functions and classes whose docstrings cite it.

    Module docstrings do not count: a clause is implemented by a function (or a class).
    """
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(package_directory.rglob("*.py")):
        module = ".".join(path.relative_to(package_directory.parent).with_suffix("").parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, _, _, docstring in definition_spans(tree):
            for clause_id in sorted(set(CLAUSE_ID_PATTERN.findall(docstring))):
                found[clause_id].append(f"{module}.{name}")
    for names in found.values():
        names.sort(key=lambda name: (name.startswith("ain_ref.conformance."), name))
    return found


def find_tests(tests_directory: Path) -> dict[str, list[str]]:
    """
    Map each clause ID to the test functions (or test classes) that name it.

    A test names a clause when the ID appears in its source, decorators included. Mentions
    outside any test function or class do not count.
    """
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(tests_directory.rglob("test_*.py")):
        source_lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(source_lines))
        relative = path.relative_to(tests_directory.parent).as_posix()
        for name, first, last, _ in definition_spans(tree):
            if "." in name or not name.split(".")[-1].startswith(("test_", "Test")):
                continue
            segment = "\n".join(source_lines[first - 1 : last])
            for clause_id in sorted(set(CLAUSE_ID_PATTERN.findall(segment))):
                found[clause_id].append(f"{relative}::{name}")
    return found


def find_vectors(vectors_directory: Path) -> dict[str, list[str]]:
    """Map each clause ID to the vectors whose ``meta.clauses`` list it."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(vectors_directory.rglob("*.json")):
        if path.name == "MANIFEST.json" or "schemas" in path.parts:
            continue
        document = json.loads(path.read_text(encoding="utf-8"))
        meta = document.get("meta", {}) if isinstance(document, dict) else {}
        for clause_id in meta.get("clauses", []):
            found[clause_id].append(meta.get("id", path.stem))
    return found


CITING_TEXT_GLOBS: Final = (
    "spec/*.md",
    "spec/*.lark",
    "ain_ref/**/*.py",
    "ain_ref/**/*.lark",
    "tests/**/*.py",
    "bench/**/*.py",
    "*.md",
    "bench/*.md",
    "vectors/README.md",
)
"""The text files whose every line is checked for citations (prose, code and comments)."""


@attrs.frozen
class TextCitation:
    """One clause ID written in a line of a text file."""

    clause_id: str
    source: str  # "spec/platform.md:169"
    says_withdrawn: bool  # the line itself says the clause is withdrawn


def find_text_citations(repository_root: Path) -> list[TextCitation]:
    """
    Every clause ID cited in the repository's prose, code and comments, definitions excluded.

    References
    ----------
    [AIN-CONV-CLAUSE-REVISION.1] Citations are updated when a clause is revised or withdrawn.
    """
    citations: list[TextCitation] = []
    paths = {path for pattern in CITING_TEXT_GLOBS for path in repository_root.glob(pattern)}
    for path in sorted(paths):
        relative = path.relative_to(repository_root).as_posix()
        for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            cited_text = CLAUSE_DEFINITION_PATTERN.sub("", line)
            for clause_id in CLAUSE_ID_PATTERN.findall(cited_text):
                if not clause_id.startswith(EXAMPLE_AREA_PREFIX):
                    says = "withdrawn" in line.lower()
                    citations.append(TextCitation(clause_id, f"{relative}:{line_number}", says))
    return citations


def citation_problems(
    clauses: list[Clause],
    structured: dict[str, dict[str, list[str]]],
    text_citations: list[TextCitation],
) -> list[str]:
    """
    Citations of clauses that do not exist, or that are withdrawn.

    Parameters
    ----------
    clauses : list[Clause]
        Every clause the spec defines.
    structured : dict[str, dict[str, list[str]]]
        By kind ("code", "tests", "vectors"): clause ID to the functions, tests or vectors that
        claim to implement or cover it.
    text_citations : list[TextCitation]
        Every clause ID written in a line of prose, code or comment.

    References
    ----------
    [AIN-CONV-CLAUSE-ID.1] Every citation names a defined clause.
    [AIN-CONV-CLAUSE-REVISION.1] Every citation of a revised or withdrawn clause is updated: no
    function implements, no test or vector covers a withdrawn clause, and a line of text names
    one only to say it is withdrawn (the stubs of withdrawn clauses, history in comments).
    """
    defined = {clause.clause_id for clause in clauses}
    withdrawn = {clause.clause_id for clause in clauses if clause.withdrawn}
    problems: list[str] = []
    for kind, citations in structured.items():
        for clause_id in sorted(set(citations) - {""}):
            if clause_id.startswith(EXAMPLE_AREA_PREFIX):
                continue
            if clause_id not in defined:
                problems.append(
                    f"{kind} cite unknown clause {clause_id}: {citations[clause_id][0]}"
                )
            elif clause_id in withdrawn:
                problems.append(
                    f"{kind} cite withdrawn clause {clause_id}: {citations[clause_id][0]}"
                )
    for citation in text_citations:
        if citation.clause_id not in defined:
            problems.append(f"{citation.source} cites unknown clause {citation.clause_id}")
        elif citation.clause_id in withdrawn and not citation.says_withdrawn:
            problems.append(
                f"{citation.source} cites withdrawn clause {citation.clause_id} "
                "(cite its replacement, or say in the line that it is withdrawn)"
            )
    return problems


def build_coverage(repository_root: Path) -> CoverageReport:
    """
    Build the coverage table of the whole repository.

    References
    ----------
    [AIN-CONV-CLAUSE-ID.1] Every citation names a defined clause.
    [AIN-CONV-CLAUSE-REVISION.1] No citation names a withdrawn clause, except to say so.
    [AIN-CONV-REJECTION.1] Every error code names a defined clause in force.
    """
    clauses, problems = parse_clauses(repository_root / "spec")
    implementations = find_implementations(repository_root / "ain_ref")
    tests = find_tests(repository_root / "tests")
    vectors = find_vectors(repository_root / "vectors")
    structured = {"code": implementations, "tests": tests, "vectors": vectors}
    problems.extend(citation_problems(clauses, structured, find_text_citations(repository_root)))
    in_force = {clause.clause_id for clause in clauses if not clause.withdrawn}
    for code in ErrorCode:
        if code.clause not in in_force:
            problems.append(f"error code {code} names unknown or withdrawn clause {code.clause}")
    rows = tuple(
        CoverageRow(
            clause=clause,
            implemented_by=tuple(implementations.get(clause.clause_id, [])),
            tested_by=tuple(tests.get(clause.clause_id, [])),
            vectors=tuple(vectors.get(clause.clause_id, [])),
        )
        for clause in clauses
    )
    return CoverageReport(rows=rows, problems=tuple(problems))
