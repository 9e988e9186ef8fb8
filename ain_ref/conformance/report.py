"""
The runner's reports: JSON Lines, JUnit XML, and the terminal summary.

Spec: spec/conformance.md, "Reports" ([AIN-CONF-REPORT.1]).
Layer: conformance tooling.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from ain_ref import ADAPTER_PROTOCOL_VERSION, SPEC_VERSION, VECTOR_FORMAT_VERSION, __version__
from ain_ref.conformance.runner import RunReport, VectorResult


def report_lines(report: RunReport) -> list[dict[str, Any]]:
    """
    The JSON Lines report: a header, one line per vector, a footer.

    References
    ----------
    [AIN-CONF-REPORT.1]
    """
    header = {
        "type": "header",
        "runner": {"name": "ain-ref", "version": __version__},
        "protocol": ADAPTER_PROTOCOL_VERSION,
        "spec_version": SPEC_VERSION,
        "vector_format_version": VECTOR_FORMAT_VERSION,
        "command": report.command,
        "implementation": report.implementation,
        "areas": list(report.areas) if report.areas is not None else None,
    }
    results = [
        {
            "type": "result",
            "vector_id": result.vector_id,
            "area": result.area,
            "handler": result.handler,
            "clauses": list(result.clauses),
            "verdict": result.verdict,
            "reason": result.reason,
            "detail": result.detail,
            "expected": result.expected,
            "actual": result.actual,
            "elapsed_ms": result.elapsed_ms,
        }
        for result in report.results
    ]
    footer = {
        "type": "footer",
        "counts": report.counts(),
        "by_area": report.by_area(),
        "by_clause": report.by_clause(),
        "not_run": list(report.not_run),
        "run_error": report.run_error,
        "restarts": report.restarts,
    }
    return [header, *results, footer]


def write_json_lines(report: RunReport, path: Path) -> None:
    """Write the JSON Lines report."""
    with path.open("w", encoding="utf-8") as stream:
        for line in report_lines(report):
            stream.write(json.dumps(line, sort_keys=True) + "\n")


def write_junit(report: RunReport, path: Path) -> None:
    """
    Write JUnit XML: a test suite per area, a test case per vector.

    References
    ----------
    [AIN-CONF-REPORT.1]
    """
    suites = ElementTree.Element("testsuites", name="ain-ref conformance")
    for area, counts in report.by_area().items():
        suite = ElementTree.SubElement(
            suites,
            "testsuite",
            name=area,
            tests=str(sum(counts.values())),
            failures=str(counts["fail"]),
            errors=str(counts["error"]),
            skipped=str(counts["skip"]),
        )
        for result in (r for r in report.results if r.area == area):
            add_test_case(suite, result)
    ElementTree.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)


def add_test_case(suite: ElementTree.Element, result: VectorResult) -> None:
    """One vector as a JUnit test case, its clauses in the message."""
    case = ElementTree.SubElement(
        suite,
        "testcase",
        classname=f"{result.area}.{result.handler}",
        name=result.vector_id,
        time=f"{result.elapsed_ms / 1000:.3f}",
    )
    message = f"{result.reason} [{', '.join(result.clauses)}]: {result.detail}"
    if result.verdict == "fail":
        ElementTree.SubElement(case, "failure", message=message, type=result.reason).text = (
            f"expected: {json.dumps(result.expected, sort_keys=True)}\n"
            f"actual:   {json.dumps(result.actual, sort_keys=True)}"
        )
    elif result.verdict == "error":
        ElementTree.SubElement(case, "error", message=message, type=result.reason)
    elif result.verdict == "skip":
        ElementTree.SubElement(case, "skipped", message=message)


def counts_row(counts: dict[str, int]) -> list[str]:
    """Table cells for pass, fail, skip, error."""
    return [
        f"[green]{counts['pass']}[/]",
        f"[red]{counts['fail']}[/]" if counts["fail"] else "0",
        f"[yellow]{counts['skip']}[/]" if counts["skip"] else "0",
        f"[red]{counts['error']}[/]" if counts["error"] else "0",
    ]


def print_summary(report: RunReport, console: Console, *, show_clauses: bool = True) -> None:
    """The terminal summary: per area, per clause, the failures, and what never ran."""
    implementation = report.implementation or {}
    console.print(
        f"[bold]ain-ref conformance[/] spec {SPEC_VERSION}, protocol {ADAPTER_PROTOCOL_VERSION}"
        f" — implementation: {implementation.get('name', '?')} {implementation.get('version', '')}"
        f" ({implementation.get('language', '?')}) via `{report.command}`"
    )
    areas = Table(title="By area", show_edge=False)
    for column in ("area", "pass", "fail", "skip", "error"):
        areas.add_column(column, justify="left" if column == "area" else "right")
    for area, counts in report.by_area().items():
        areas.add_row(area, *counts_row(counts))
    areas.add_row("[bold]total[/]", *counts_row(report.counts()))
    console.print(areas)
    if show_clauses:
        clauses = Table(title="By clause", show_edge=False)
        for column in ("clause", "pass", "fail", "skip", "error"):
            clauses.add_column(column, justify="left" if column == "clause" else "right")
        for clause, counts in report.by_clause().items():
            clauses.add_row(clause, *counts_row(counts))
        console.print(clauses)
    problems = [r for r in report.results if r.verdict in ("fail", "error")]
    for result in problems[:25]:
        console.print(
            f"[red]{result.verdict.upper()}[/] {result.vector_id} "
            f"[{', '.join(result.clauses)}] {result.reason}: {result.detail[:300]}"
        )
    if len(problems) > 25:
        console.print(f"... and {len(problems) - 25} more (see the JSON Lines report)")
    if report.run_error:
        console.print(f"[red]run error:[/] {report.run_error}")
    if report.restarts:
        console.print(f"implementation restarted {report.restarts} time(s)")
    console.print(f"vectors not run: {len(report.not_run)}")
    verdict = "[green]PASS[/]" if report.is_success() else "[red]FAIL[/]"
    counted = report.counts()
    console.print(f"errored: {counted['error']} (counted as failed below)")
    console.print(
        f"{verdict}: {counted['pass']} passed, {counted['fail'] + counted['error']} failed, "
        f"{counted['skip']} skipped",
        highlight=False,
    )
