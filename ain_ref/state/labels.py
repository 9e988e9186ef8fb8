"""
Path labels: what a label may be, and which kinds of label each subtree allows.

Spec: spec/state.md, "Labels" ([AIN-STATE-LABEL.1], [AIN-STATE-LABEL-KINDS.1]).
Layer: state. Imports errors only.
"""

from __future__ import annotations

import enum
import re
from typing import Final

from ain_ref.errors import ErrorCode, Rejection

MAX_LABEL_BYTES: Final = 150
"""A label is at most 150 bytes of UTF-8 [AIN-STATE-LABEL.1]."""
RESERVED_CHARACTERS: Final = (
    frozenset("/.$*#{}[]<>'\"` ")
    | frozenset(chr(code) for code in [*range(0x20), 0x7F])
    | frozenset(chr(code) for code in range(0xD800, 0xE000))
)
"""
Characters no plain label may hold [AIN-STATE-LABEL.1]. The surrogate code points are not
characters at all (no UTF-8 encodes them); a text holding one (possible in JSON, never in a
decoded encoding) is refused here like a reserved character.
"""
VARIABLE_PREFIX: Final = "$"


class Subtree(enum.StrEnum):
    """The four children of the state root [AIN-STATE-LAYOUT.1]."""

    VALUES = "values"
    RULES = "rules"
    OWNERS = "owners"
    FUNCTIONS = "functions"


class ConfigLabel(enum.StrEnum):
    """The label under which each config subtree keeps a node's config [AIN-STATE-LAYOUT.1]."""

    RULE = ".rule"
    OWNER = ".owner"
    FUNCTION = ".function"


CONFIG_LABEL_OF: Final = {
    Subtree.RULES: ConfigLabel.RULE,
    Subtree.OWNERS: ConfigLabel.OWNER,
    Subtree.FUNCTIONS: ConfigLabel.FUNCTION,
}
VARIABLES_ALLOWED_IN: Final = frozenset({Subtree.RULES, Subtree.FUNCTIONS})


RESERVED_CLASS: Final = "".join(re.escape(character) for character in sorted(RESERVED_CHARACTERS))
RESERVED_PATTERN: Final = re.compile(f"[{RESERVED_CLASS}]")
"""Matches any reserved character (the same set, searched in C)."""
PLAIN_CHARACTER_PATTERN: Final = f"[^{RESERVED_CLASS}]"
"""Matches one character a plain label may hold."""


def check_plain_characters(text: str, position: int) -> Rejection | None:
    """Refuse text that holds a reserved character; locate the first one."""
    found = RESERVED_PATTERN.search(text)
    if found is not None:
        return Rejection(
            ErrorCode.STATE_LABEL_RESERVED_CHARACTER, repr(found.group()), position + found.start()
        )
    return None


def check_label(label: str) -> Rejection | None:
    """
    Check a label's own grammar, wherever it is used.

    References
    ----------
    [AIN-STATE-LABEL.1] Non-empty, at most 150 bytes of UTF-8; either plain (no reserved
    character) or a variable, "$" followed by a non-empty plain name.
    """
    if not label:
        return Rejection(ErrorCode.STATE_LABEL_EMPTY)
    size = len(label.encode("utf-8", "surrogatepass"))  # a surrogate is refused just below
    if size > MAX_LABEL_BYTES:
        return Rejection(ErrorCode.STATE_LABEL_TOO_LONG, f"{size} bytes")
    if label.startswith(VARIABLE_PREFIX):
        if len(label) == 1:
            return Rejection(ErrorCode.STATE_LABEL_EMPTY, "variable with no name")
        return check_plain_characters(label[1:], 1)
    return check_plain_characters(label, 0)


def is_variable(label: str) -> bool:
    """Whether a label is a path variable, ``$name`` [AIN-STATE-LABEL.1]."""
    return label.startswith(VARIABLE_PREFIX)


def check_label_in_subtree(label: str, subtree: Subtree) -> Rejection | None:
    """
    Check a label where it is used: variables only in the rules and functions trees.

    References
    ----------
    [AIN-STATE-LABEL-KINDS.1]
    """
    rejection = check_label(label)
    if rejection is not None:
        return rejection
    if is_variable(label) and subtree not in VARIABLES_ALLOWED_IN:
        return Rejection(ErrorCode.STATE_LABEL_NOT_ALLOWED_HERE, f"{label!r} in /{subtree}")
    return None
