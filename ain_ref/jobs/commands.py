"""
The jobs area's sub-commands of ``ain-ref``: ``jobspec check`` and ``jobspec fmt``.

Exit codes: 0 when every file is valid (and, for ``fmt --check``, already formatted); 1 when a
file is invalid (or would be reformatted); 2 when a file cannot be read.

Layer: command line. ``ain_ref.cli`` calls ``add_commands`` once while building its parser.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ain_ref.jobs.diagnostics import Diagnostic
from ain_ref.jobs.formatting import format_spec
from ain_ref.jobs.jobspec import CheckedSpec, check_text, decode_source

EXIT_VALID = 0
EXIT_INVALID = 1
EXIT_UNREADABLE = 2


def read_and_check(path: str) -> CheckedSpec | tuple[Diagnostic, ...] | None:
    """A file's checked specification, its diagnostics, or None when it cannot be read."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        print(f"{path}: cannot read: {error.strerror}", file=sys.stderr)
        return None
    text = decode_source(data)
    if isinstance(text, Diagnostic):
        return (text,)
    return check_text(text)


def command_check(arguments: argparse.Namespace) -> int:
    """Check files; print each diagnostic as ``file:line:column: CODE: ...`` or as JSON."""
    exit_code = EXIT_VALID
    reports = []
    for path in arguments.files:
        result = read_and_check(path)
        if result is None:
            exit_code = EXIT_UNREADABLE
            continue
        if isinstance(result, CheckedSpec):
            reports.append(
                {"file": path, "valid": True, "job_id": result.job_id.hex(), "diagnostics": []}
            )
            if not arguments.json:
                print(f"{path}: ok, job id {result.job_id.hex()}")
            continue
        exit_code = max(exit_code, EXIT_INVALID)
        diagnostics = [diagnostic.to_json() for diagnostic in result]
        reports.append({"file": path, "valid": False, "job_id": None, "diagnostics": diagnostics})
        if not arguments.json:
            for diagnostic in result:
                print(f"{path}:{diagnostic.describe()}")
    if arguments.json:
        print(json.dumps(reports, indent=2, ensure_ascii=False))
    return exit_code


def command_fmt(arguments: argparse.Namespace) -> int:
    """Format files: print them, rewrite them (``--write``), or report unformatted (``--check``)."""
    exit_code = EXIT_VALID
    for path in arguments.files:
        result = read_and_check(path)
        if result is None:
            exit_code = EXIT_UNREADABLE
            continue
        if not isinstance(result, CheckedSpec):
            for diagnostic in result:
                print(f"{path}:{diagnostic.describe()}", file=sys.stderr)
            exit_code = max(exit_code, EXIT_INVALID)
            continue
        formatted = format_spec(result.spec)
        if arguments.check:
            if Path(path).read_text(encoding="utf-8") != formatted:
                print(f"{path}: would be reformatted")
                exit_code = max(exit_code, EXIT_INVALID)
        elif arguments.write:
            Path(path).write_text(formatted, encoding="utf-8")
        else:
            sys.stdout.write(formatted)
    return exit_code


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``ain-ref jobspec check`` and ``ain-ref jobspec fmt`` to the top-level parser."""
    jobspec = commands.add_parser("jobspec", help="job specifications: check and format")
    actions = jobspec.add_subparsers(dest="jobspec_command", required=True)
    check = actions.add_parser("check", help="check job specifications (exit 1 if any invalid)")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument(
        "--json", action="store_true", help="diagnostics as JSON, for editors and CI"
    )
    check.set_defaults(run_command=command_check)
    fmt = actions.add_parser("fmt", help="print job specifications in their one formatted text")
    fmt.add_argument("files", nargs="+", metavar="FILE")
    mode = fmt.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="rewrite the files in place")
    mode.add_argument("--check", action="store_true", help="exit 1 if a file is not formatted")
    fmt.set_defaults(run_command=command_fmt)
