"""The job-specification grammar: LALR, strict, and the copy in spec/jobs.md is the file."""

from __future__ import annotations

import re

from lark import Lark

from ain_ref.jobs import syntax
from ain_ref.repository import repository_root
from ain_ref.vectors.filler import clauses


@clauses("AIN-JOB-SYNTAX.1")
def test_grammar_builds_as_strict_lalr() -> None:
    """[AIN-JOB-SYNTAX.1] The grammar is LALR(1) with no terminal collisions (strict)."""
    parser = Lark(syntax.GRAMMAR, parser="lalr", strict=True)
    assert parser.options.parser == "lalr" and parser.options.strict
    assert syntax.lark_parser().options.strict


@clauses("AIN-JOB-SYNTAX.1")
def test_spec_copy_is_the_grammar_file() -> None:
    """[AIN-JOB-SYNTAX.1] spec/jobs.md reproduces jobspec.lark byte for byte."""
    spec_text = (repository_root() / "spec" / "jobs.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```lark\n(.*?)```", spec_text, flags=re.DOTALL)
    assert blocks == [syntax.GRAMMAR_PATH.read_text(encoding="utf-8")]


@clauses("AIN-JOB-RESYNC.1", "AIN-JOB-DIAGNOSTICS.1")
def test_one_syntax_error_per_broken_top_level_block() -> None:
    """[AIN-JOB-RESYNC.1] Parsing resumes at the next line starting with a letter in column 1."""
    text = "jobspec 1\nruntime {{\n  a 1\n}\nqos {\n  b = 2\n}\nprice {\n  c 1\n}\n"
    parsed = syntax.parse_statements(text)
    assert isinstance(parsed, syntax.SyntaxErrors)
    assert [(d.line, d.column) for d in parsed.diagnostics] == [(2, 10), (6, 5)]


@clauses("AIN-JOB-SYNTAX.1")
def test_unindented_blocks_parse() -> None:
    """Resynchronisation is only for errors: a valid unindented block parses whole."""
    parsed = syntax.parse_statements("runtime {\nlanguage wasm\n}")
    assert not isinstance(parsed, syntax.SyntaxErrors)
    assert parsed[0].block is not None and parsed[0].block[0].name == "language"
