"""
Paths: the text form of a path, its labels, and its depth limit.

An operation names a path relative to one subtree ("/accounts/ain.../balance" in /values); the
full path adds the subtree's label in front.

Spec: spec/state.md, "Paths" ([AIN-STATE-PATH.1]).
Layer: state. Imports errors and state.labels.
"""

from __future__ import annotations

import re
from typing import Final

import attrs

from ain_ref.errors import ErrorCode, Rejection
from ain_ref.state.labels import (
    MAX_LABEL_BYTES,
    PLAIN_CHARACTER_PATTERN,
    Subtree,
    check_label_in_subtree,
    is_variable,
)

MAX_PATH_DEPTH: Final = 30
"""A path below its subtree has at most 30 labels, values written there included."""


@attrs.frozen(order=True)
class StatePath:
    """A full path: the subtree it lives in and its labels below the subtree root."""

    subtree: Subtree
    labels: tuple[str, ...]

    def text(self) -> str:
        """The relative text form, "/" for the subtree root."""
        return "/" + "/".join(self.labels)

    def full_labels(self) -> tuple[str, ...]:
        """The labels from the state root: the subtree, then the path's own."""
        return (str(self.subtree), *self.labels)

    def child(self, label: str) -> StatePath:
        """The path one label deeper."""
        return StatePath(self.subtree, (*self.labels, label))

    def in_subtree(self, subtree: Subtree) -> StatePath:
        """The same labels in another subtree (a value path's rule, owner or function path)."""
        return StatePath(subtree, self.labels)


PLAIN_ASCII_PATH: Final = re.compile(
    f"(?:/{PLAIN_CHARACTER_PATTERN}{{1,{MAX_LABEL_BYTES}}}){{1,{MAX_PATH_DEPTH}}}"
)
"""ASCII paths of plain labels within the limits: valid in every subtree as they stand."""


def parse_path(text: object, subtree: Subtree) -> StatePath | Rejection:
    """
    Read the text form of a path in one subtree (the fast path of ``parse_path_plain``).

    An ASCII path of plain labels within the length and depth limits (one regular expression,
    run in C) is valid in every subtree; anything else is read label by label. Property-tested
    equal to ``parse_path_plain`` on arbitrary texts.
    """
    if isinstance(text, str) and text.isascii() and PLAIN_ASCII_PATH.fullmatch(text):
        return StatePath(subtree, tuple(text[1:].split("/")))
    return parse_path_plain(text, subtree)


def parse_path_plain(text: object, subtree: Subtree) -> StatePath | Rejection:
    """
    Read the text form of a path in one subtree.

    Parameters
    ----------
    text : object
        Candidate path text, "/" or "/label/label...".
    subtree : Subtree
        The subtree the path is relative to.

    Returns
    -------
    StatePath | Rejection
        The path, or the first rule it breaks (labels are located by character offset).

    References
    ----------
    [AIN-STATE-PATH.1] Text starting with "/", labels separated by single "/", no empty label
    and no trailing "/" (except the root "/"), at most MAX_PATH_DEPTH labels.
    [AIN-STATE-LABEL.1], [AIN-STATE-LABEL-KINDS.1] Each label is checked where it stands,
    first to last.
    [AIN-STATE-PATH-VARIABLES.1] No variable twice in one path.
    """
    # [AIN-STATE-PATH.1]
    if not isinstance(text, str) or not text.startswith("/"):
        return Rejection(ErrorCode.STATE_PATH_MALFORMED, f"{text!r:.60} does not start with /")
    if text == "/":
        return StatePath(subtree, ())
    labels = tuple(text[1:].split("/"))
    if len(labels) > MAX_PATH_DEPTH:
        return Rejection(ErrorCode.STATE_PATH_TOO_DEEP, f"{len(labels)} labels")
    position = 1
    for label in labels:
        # [AIN-STATE-LABEL.1] [AIN-STATE-LABEL-KINDS.1]
        rejection = check_label_in_subtree(label, subtree)
        if rejection is not None:
            offset = rejection.location if isinstance(rejection.location, int) else 0
            location = position + offset
            return Rejection(rejection.code, rejection.detail, location)
        position += len(label) + 1
    # [AIN-STATE-PATH-VARIABLES.1]
    repeated = repeated_variable(labels)
    if repeated is not None:
        offset = 1 + sum(len(label) + 1 for label in labels[:repeated])
        return Rejection(ErrorCode.STATE_PATH_VARIABLE_REPEATED, labels[repeated], offset)
    return StatePath(subtree, labels)


def repeated_variable(labels: tuple[str, ...]) -> int | None:
    """
    The index of the first variable label that repeats an earlier one, or None.

    References
    ----------
    [AIN-STATE-PATH-VARIABLES.1] A variable binds one label: ``/$x/$x`` is refused.
    """
    seen: set[str] = set()
    for index, label in enumerate(labels):
        if is_variable(label):
            if label in seen:
                return index
            seen.add(label)
    return None
