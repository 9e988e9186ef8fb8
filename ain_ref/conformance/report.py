"""
The runner's reports: JSON Lines, JUnit XML, Markdown, and the terminal summary.

Everything an implementation sent is untrusted text: it is escaped wherever it is printed (no
markup of its own, no control characters, no lone surrogates) and made valid XML in JUnit.

Spec: spec/conformance.md, "Reports" ([AIN-CONF-REPORT.2], [AIN-CONF-REPORT-ESCAPE.1]).
Layer: conformance tooling.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any, Final

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ain_ref import ADAPTER_PROTOCOL_VERSION, SPEC_VERSION, VECTOR_FORMAT_VERSION, __version__
from ain_ref.conformance.runner import RunReport, VectorResult

PROBLEMS_SHOWN: Final = 25
NOT_RUN_SHOWN_PER_AREA: Final = 10
DETAIL_SHOWN: Final = 300

UNSAFE_CHARACTERS: Final = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
"""Control characters, bidirectional overrides, lone surrogates and non-characters."""
LINE_BREAKS: Final = re.compile("[\n\r\u2028\u2029\x85]")


def escaped_character(match: re.Match[str]) -> str:
    """A character shown as its escape."""
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: object, *, one_line: bool = True) -> str:
    """
    Text from an implementation, safe to print or store anywhere.

    References
    ----------
    [AIN-CONF-REPORT-ESCAPE.1] Line breaks (when one line is asked), control characters,
    bidirectional overrides and lone surrogates become visible escapes.
    """
    value = str(text)
    if one_line:
        value = LINE_BREAKS.sub(escaped_character, value)
    return UNSAFE_CHARACTERS.sub(escaped_character, value)


def shown(text: object, limit: int = DETAIL_SHOWN) -> str:
    """Implementation text for the terminal: safe, one line, no markup, at most ``limit``."""
    value = safe_text(text)
    if len(value) > limit:
        value = value[:limit] + "…"
    return escape(value)


def report_lines(report: RunReport) -> list[dict[str, Any]]:
    """
    The JSON Lines report: a header, one line per vector, a footer.

    References
    ----------
    [AIN-CONF-REPORT.2]
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
        "order_seed": report.order_seed,
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
        "by_handler": report.by_handler(),
        "by_clause": report.by_clause(),
        "not_run": list(report.not_run),
        "left_out": list(report.left_out),
        "run_error": report.run_error,
        "restarts": report.restarts,
        "success": report.is_success(),
    }
    return [header, *results, footer]


def write_json_lines(report: RunReport, path: Path) -> None:
    """Write the JSON Lines report (ASCII: any text an implementation sent is escaped)."""
    with path.open("w", encoding="utf-8") as stream:
        for line in report_lines(report):
            stream.write(json.dumps(line, sort_keys=True, ensure_ascii=True) + "\n")


XML_UNSAFE: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: object) -> str:
    """
    Any text as valid XML 1.0 character data: forbidden characters become escapes.

    References
    ----------
    [AIN-CONF-REPORT-ESCAPE.1]
    """
    return XML_UNSAFE.sub(escaped_character, str(text))


def write_junit(report: RunReport, path: Path) -> None:
    """
    Write JUnit XML: a test suite per area, a test case per vector.

    References
    ----------
    [AIN-CONF-REPORT.2]
    """
    suites = ElementTree.Element("testsuites", name="ain-ref conformance")
    if report.run_error is not None:
        suite = ElementTree.SubElement(suites, "testsuite", name="run", tests="1", errors="1")
        case = ElementTree.SubElement(suite, "testcase", classname="run", name="run")
        ElementTree.SubElement(case, "error", message=xml_text(report.run_error), type="run")
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
    message = xml_text(f"{result.reason} [{', '.join(result.clauses)}]: {result.detail}")
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


def counts_table(title: str, first_column: str, rows: dict[str, dict[str, int]]) -> Table:
    """A table of pass, fail, skip and error counts."""
    table = Table(title=title, show_edge=False)
    for column in (first_column, "pass", "fail", "skip", "error"):
        table.add_column(column, justify="left" if column == first_column else "right")
    for name, counts in rows.items():
        table.add_row(escape(name), *counts_row(counts))
    return table


def print_summary(report: RunReport, console: Console, *, show_clauses: bool = True) -> None:
    """
    The terminal summary: per area, handler and clause, the problems, and what never ran.

    References
    ----------
    [AIN-CONF-REPORT.2] [AIN-CONF-REPORT-ESCAPE.1]
    """
    implementation = report.implementation or {}
    console.print(
        f"[bold]ain-ref conformance[/] spec {SPEC_VERSION}, protocol {ADAPTER_PROTOCOL_VERSION}"
        f" — implementation: {shown(implementation.get('name', '?'), 80)}"
        f" {shown(implementation.get('version', ''), 40)}"
        f" ({shown(implementation.get('language', '?'), 40)}) via `{shown(report.command)}`"
        f" — order seed {report.order_seed}",
        highlight=False,
    )
    if report.results:
        by_area = report.by_area()
        by_area["total"] = report.counts()
        console.print(counts_table("By area", "area", by_area))
        console.print(counts_table("By handler", "handler", report.by_handler()))
        if show_clauses:
            console.print(counts_table("By clause", "clause", report.by_clause()))
    print_problems(report, console)
    print_not_run(report, console)
    print_verdict(report, console)


def print_problems(report: RunReport, console: Console) -> None:
    """Failures and errors, one line each, and the run error."""
    problems = [r for r in report.results if r.verdict in ("fail", "error")]
    for result in problems[:PROBLEMS_SHOWN]:
        console.print(
            f"[red]{result.verdict.upper()}[/] {escape(result.vector_id)} "
            f"[{escape(', '.join(result.clauses))}] {result.reason}: {shown(result.detail)}",
            highlight=False,
        )
    if len(problems) > PROBLEMS_SHOWN:
        console.print(f"... and {len(problems) - PROBLEMS_SHOWN} more (see --report or --markdown)")
    if report.run_error:
        for line in report.run_error.splitlines():
            console.print(f"[red]run error:[/] {shown(line, 400)}", highlight=False)
    if report.restarts:
        console.print(f"implementation restarted {report.restarts} time(s)")


def print_not_run(report: RunReport, console: Console) -> None:
    """The vectors never run, per area (those left out by name counted apart)."""
    left_out = set(report.left_out)
    for area, vector_ids in report.not_run_by_area().items():
        unrun = [vector_id for vector_id in vector_ids if vector_id not in left_out]
        if not unrun:
            continue
        listed = ", ".join(unrun[:NOT_RUN_SHOWN_PER_AREA])
        more = f" and {len(unrun) - NOT_RUN_SHOWN_PER_AREA} more" if len(unrun) > 10 else ""
        console.print(f"not run in {escape(area)}: {len(unrun)}: {escape(listed)}{more}")
    console.print(
        f"vectors not run: {len(report.not_run)}"
        f" ({len(left_out)} left out by name, which do not count against the verdict)"
    )


def print_verdict(report: RunReport, console: Console) -> None:
    """The last line: PASS or FAIL, and why a run that judged nothing is no pass."""
    counted = report.counts()
    console.print(f"errored: {counted['error']} (counted as failed below)")
    if counted["skip"]:
        console.print(
            f"skipped: {counted['skip']} (a skip fails the run: leave a handler out by name "
            "with --area, --handler or --exclude)"
        )
    if report.run_error is None and counted["pass"] == 0:
        console.print("[red]no vector was judged[/]")
    verdict = "[green]PASS[/]" if report.is_success() else "[red]FAIL[/]"
    console.print(
        f"{verdict}: {counted['pass']} passed, {counted['fail'] + counted['error']} failed, "
        f"{counted['skip']} skipped",
        highlight=False,
    )


def markdown_cell(text: object, limit: int = 200) -> str:
    """Implementation text inside a Markdown table cell: safe, no pipes, no markup."""
    value = safe_text(text)[:limit]
    value = value.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")
    return re.sub(r"([*_<>\[\]#])", r"\\\1", value)


def markdown_counts(first_column: str, rows: dict[str, dict[str, int]]) -> list[str]:
    """A Markdown table of counts."""
    lines = [
        f"| {first_column} | pass | fail | skip | error |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, counts in rows.items():
        cells = " | ".join(str(counts[verdict]) for verdict in ("pass", "fail", "skip", "error"))
        lines.append(f"| {markdown_cell(name)} | {cells} |")
    return lines


def markdown_summary(report: RunReport) -> str:
    """
    A summary to paste into a pull request or a CI job summary.

    References
    ----------
    [AIN-CONF-REPORT.2]
    """
    implementation = report.implementation or {}
    verdict = "PASS" if report.is_success() else "FAIL"
    counted = report.counts()
    lines = [
        f"## ain-ref conformance: {verdict}",
        "",
        f"Implementation: {markdown_cell(implementation.get('name', '?'))} "
        f"{markdown_cell(implementation.get('version', ''))}; spec {SPEC_VERSION}, "
        f"adapter protocol {ADAPTER_PROTOCOL_VERSION}, order seed {report.order_seed}.",
        "",
        f"**{counted['pass']} passed, {counted['fail']} failed, {counted['error']} errored, "
        f"{counted['skip']} skipped**; {len(report.not_run)} vectors not run "
        f"({len(report.left_out)} left out by name).",
        "",
    ]
    if report.run_error:
        lines += [f"Run error: {markdown_cell(report.run_error, 1000)}", ""]
    if report.results:
        lines += ["### By area", "", *markdown_counts("area", report.by_area()), ""]
        lines += ["### By handler", "", *markdown_counts("handler", report.by_handler()), ""]
    problems = [r for r in report.results if r.verdict in ("fail", "error")]
    if problems:
        lines += [
            "### Failures",
            "",
            "| vector | clauses | reason | detail |",
            "| --- | --- | --- | --- |",
        ]
        for result in problems[:100]:
            lines.append(
                f"| {markdown_cell(result.vector_id)} | {markdown_cell(', '.join(result.clauses))}"
                f" | {result.reason} | {markdown_cell(result.detail, 300)} |"
            )
        if len(problems) > 100:
            lines.append(f"\n... and {len(problems) - 100} more.")
        lines.append("")
    return "\n".join(lines)


def write_markdown(report: RunReport, path: Path) -> None:
    """Write the Markdown summary."""
    path.write_text(markdown_summary(report), encoding="utf-8")
