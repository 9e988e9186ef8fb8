"""Fillers for state/parse_path and state/check_value."""

from __future__ import annotations

from ain_ref.conformance.typed_json import to_typed_json
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses


def path_case(
    fill: Filler,
    case: str,
    subtree: str,
    text: str,
    labels: list[str] | None = None,
    code: ErrorCode | None = None,
) -> None:
    """Fill one parse_path case; a label's code pins its offset ([AIN-STATE-PATH.1])."""
    vector_input = {"subtree": subtree, "path": text}
    if code is None:
        fill("state", "parse_path", vector_input, output={"labels": labels}, case=case)
    else:
        located = code in LOCATED_PATH_CODES
        fill("state", "parse_path", vector_input, rejection=code, case=case, pin_location=located)


LOCATED_PATH_CODES = frozenset(
    {
        ErrorCode.STATE_LABEL_EMPTY,
        ErrorCode.STATE_LABEL_TOO_LONG,
        ErrorCode.STATE_LABEL_RESERVED_CHARACTER,
        ErrorCode.STATE_LABEL_NOT_ALLOWED_HERE,
        ErrorCode.STATE_PATH_VARIABLE_REPEATED,
    }
)
"""The path codes the prose locates: a label's, at its failing character or its start."""


@clauses(
    "AIN-STATE-PATH.1",
    "AIN-STATE-LABEL.1",
    "AIN-STATE-LABEL-KINDS.1",
    "AIN-STATE-PATH-VARIABLES.1",
)
def test_paths(fill: Filler) -> None:
    """
    Paths are "/" or "/"-separated labels; each label is checked where it stands.

    Given
    -----
    - path texts in the values and rules subtrees.

    When
    ----
    - each is parsed.

    Then
    ----
    - "/" and well-formed paths give their labels (unicode and 150-byte labels included,
      $variables in rules); the rest are refused with STATE_PATH_MALFORMED,
      STATE_LABEL_EMPTY, STATE_LABEL_TOO_LONG, STATE_LABEL_RESERVED_CHARACTER,
      STATE_LABEL_NOT_ALLOWED_HERE, STATE_PATH_VARIABLE_REPEATED or STATE_PATH_TOO_DEEP;
      a label's code carries the offset in code points from the leading "/" of the failing
      character (a reserved one, in any label, after a non-BMP character counted as one) or
      of the failing label's start.
    """
    path_case(fill, "root", "values", "/", labels=[])
    path_case(fill, "simple", "values", "/accounts/x/balance", labels=["accounts", "x", "balance"])
    path_case(fill, "unicode", "values", "/노트/水", labels=["노트", "水"])
    path_case(fill, "label_150_bytes", "values", "/" + "a" * 150, labels=["a" * 150])
    path_case(fill, "variable_in_rules", "rules", "/a/$user", labels=["a", "$user"])
    path_case(fill, "depth_30", "values", "/" + "/".join(["a"] * 30), labels=["a"] * 30)
    path_case(fill, "no_slash", "values", "a/b", code=ErrorCode.STATE_PATH_MALFORMED)
    path_case(fill, "empty_text", "values", "", code=ErrorCode.STATE_PATH_MALFORMED)
    path_case(fill, "double_slash", "values", "/a//b", code=ErrorCode.STATE_LABEL_EMPTY)
    path_case(fill, "trailing_slash", "values", "/a/", code=ErrorCode.STATE_LABEL_EMPTY)
    path_case(
        fill, "label_151_bytes", "values", "/" + "a" * 151, code=ErrorCode.STATE_LABEL_TOO_LONG
    )
    path_case(
        fill,
        "label_151_utf8_bytes",
        "values",
        "/" + "é" * 75 + "a",
        code=ErrorCode.STATE_LABEL_TOO_LONG,
    )
    for name, character in (
        ("dot", "."),
        ("hash", "#"),
        ("star", "*"),
        ("space", " "),
        ("bracket", "["),
        ("quote", "'"),
        ("control", "\u0007"),
        ("delete", "\u007f"),
    ):
        path_case(
            fill,
            f"reserved_{name}",
            "values",
            f"/a{character}b",
            code=ErrorCode.STATE_LABEL_RESERVED_CHARACTER,
        )
    path_case(
        fill, "config_label", "rules", "/a/.rule", code=ErrorCode.STATE_LABEL_RESERVED_CHARACTER
    )
    path_case(fill, "bare_dollar", "rules", "/$", code=ErrorCode.STATE_LABEL_EMPTY)
    path_case(
        fill,
        "variable_in_values",
        "values",
        "/a/$user",
        code=ErrorCode.STATE_LABEL_NOT_ALLOWED_HERE,
    )
    path_case(
        fill,
        "variable_in_owners",
        "owners",
        "/a/$user",
        code=ErrorCode.STATE_LABEL_NOT_ALLOWED_HERE,
    )
    path_case(
        fill, "depth_31", "values", "/" + "/".join(["a"] * 31), code=ErrorCode.STATE_PATH_TOO_DEEP
    )
    located = {
        "reserved_in_third_label": (
            "values",
            "/ab/cd/e\u00e9*f",
            ErrorCode.STATE_LABEL_RESERVED_CHARACTER,
        ),
        "reserved_after_non_bmp": (
            "values",
            "/\U0001f600/a#",
            ErrorCode.STATE_LABEL_RESERVED_CHARACTER,
        ),
        "reserved_in_variable_name": ("rules", "/a/$b.c", ErrorCode.STATE_LABEL_RESERVED_CHARACTER),
        "empty_second_label": ("values", "/abc//d", ErrorCode.STATE_LABEL_EMPTY),
        "bare_dollar_second": ("functions", "/abc/$", ErrorCode.STATE_LABEL_EMPTY),
        "too_long_second_label": ("values", "/ab/" + "a" * 151, ErrorCode.STATE_LABEL_TOO_LONG),
        "variable_second_in_owners": ("owners", "/ab/$c", ErrorCode.STATE_LABEL_NOT_ALLOWED_HERE),
        "variable_repeated": ("rules", "/$x/a/$x", ErrorCode.STATE_PATH_VARIABLE_REPEATED),
    }
    for case, (subtree, text, code) in located.items():
        path_case(fill, case, subtree, text, code=code)


def value_case(
    fill: Filler, case: str, path: str, value: CborValue, code: ErrorCode | None = None
) -> None:
    """Fill one check_value case."""
    vector_input = {"path": path, "value": to_typed_json(value)}
    if code is None:
        fill("state", "check_value", vector_input, output={"valid": True}, case=case)
    else:
        fill("state", "check_value", vector_input, rejection=code, case=case)


@clauses("AIN-STATE-VALUE.1", "AIN-STATE-PATH.1")
def test_values(fill: Filler) -> None:
    """
    State values are booleans, integers, texts, bytes, and non-empty maps of them.

    Given
    -----
    - candidate values at /a (depth 1) and at a 29-label path.

    When
    ----
    - each is checked.

    Then
    ----
    - scalars, bytes, null and nested maps are valid; arrays, empty maps, null inside a map,
      keys that are not plain labels, and values that reach depth 31 are refused.
    """
    value_case(fill, "integer", "/a", -5)
    value_case(fill, "text", "/a", "hello")
    value_case(fill, "bytes", "/a", b"\x00\x01")
    value_case(fill, "boolean", "/a", False)
    value_case(fill, "null_deletes", "/a", None)
    value_case(fill, "nested_map", "/a", {"b": {"c": 1}, "d": True})
    value_case(fill, "array", "/a", [1, 2], ErrorCode.STATE_VALUE_INVALID)
    value_case(fill, "empty_map", "/a", {}, ErrorCode.STATE_VALUE_INVALID)
    value_case(fill, "nested_empty_map", "/a", {"b": {}}, ErrorCode.STATE_VALUE_INVALID)
    value_case(fill, "null_in_map", "/a", {"b": None}, ErrorCode.STATE_VALUE_INVALID)
    value_case(fill, "key_with_slash", "/a", {"b/c": 1}, ErrorCode.STATE_LABEL_RESERVED_CHARACTER)
    value_case(fill, "key_variable", "/a", {"$b": 1}, ErrorCode.STATE_LABEL_NOT_ALLOWED_HERE)
    value_case(fill, "key_empty", "/a", {"": 1}, ErrorCode.STATE_LABEL_EMPTY)
    deep_path = "/" + "/".join(["p"] * 29)
    value_case(fill, "depth_30_reached", deep_path, {"x": 1})
    value_case(fill, "depth_31_reached", deep_path, {"x": {"y": 1}}, ErrorCode.STATE_PATH_TOO_DEEP)
