"""
The fields of an execution call: each kind's layout, read exactly.

Spec: spec/execution.md, "Tasks on chain" ([AIN-EXEC-CHAIN-FIELDS.3]).
Layer: jobs. Imports crypto (address texts), encoding, errors and economy.calls (the ID pattern).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from ain_ref.crypto import parse_address
from ain_ref.economy.calls import ID_PATTERN
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection

U64_MAX: Final = 2**64 - 1
KEY_LABEL: Final = re.compile("[0-9a-f]{64}")
"""A provider's public key as a path label: 64 lowercase hex digits."""

Layout = tuple[tuple[str, str], ...]
"""(name, kind) pairs; kind is "bytes", "integer" (0 .. 2**64 - 1), "text" or "map"."""

LAYOUTS: Final[Mapping[str, tuple[Layout, Layout]]] = {
    "request": (
        (
            ("job_id", "bytes"),
            ("input_hash", "bytes"),
            ("runtime_digest", "bytes"),
            ("assignments", "map"),
            ("quorum", "integer"),
            ("determinism", "text"),
            ("price", "integer"),
            ("commit_deadline", "integer"),
            ("reveal_deadline", "integer"),
            ("agent", "text"),
        ),
        (("tolerance", "map"), ("reservations", "map")),
    ),
    "commit": ((("task_id", "bytes"), ("commitment", "bytes")), ()),
    "reveal": (
        (("task_id", "bytes"), ("receipt", "bytes"), ("salt", "bytes")),
        (("output", "bytes"), ("evidence", "bytes")),
    ),
    "settle": ((("task_id", "bytes"),), ()),
    "cancel": ((("task_id", "bytes"),), ()),
    "conflict": ((("first", "bytes"), ("second", "bytes")), ()),
    "slash": ((("evidence_id", "bytes"),), ()),
}
"""[AIN-EXEC-CHAIN-FIELDS.3] Each call kind's required and optional fields, in check order."""


def malformed(detail: str) -> Rejection:
    """The rejection of a call whose fields are not its layout's."""
    return Rejection(ErrorCode.EXEC_CALL_MALFORMED, detail)


def is_kind(value: CborValue, kind: str) -> bool:
    """Whether a field's value is of its layout's kind."""
    if kind == "bytes":
        return type(value) is bytes
    if kind == "integer":
        return type(value) is int and 0 <= value <= U64_MAX
    if kind == "text":
        return type(value) is str
    return type(value) is dict


def read_call_fields(kind: str, value: CborValue) -> dict[str, CborValue] | Rejection:
    """
    A call's fields, checked against its kind's layout.

    References
    ----------
    [AIN-EXEC-CHAIN-FIELDS.3] The value is a map; every required key is present and no key
    outside the layout is; then each field, required ones then optional ones in layout order,
    is of its kind. Any failure is EXEC_CALL_MALFORMED.
    """
    required, optional = LAYOUTS[kind]
    if not isinstance(value, dict):
        return malformed("a call's value is a map of its fields")
    names = {name for name, _ in required}
    missing = sorted(names - set(value))
    if missing:
        return malformed(f"missing {missing[0]}")
    extra = sorted(set(value) - names - {name for name, _ in optional})
    if extra:
        return malformed(f"unknown field {extra[0]!r:.40}")
    for name, field_kind in (*required, *optional):
        if name in value and not is_kind(value[name], field_kind):
            return malformed(f"{name}: expected {field_kind}")
    return dict(value)


def read_assignments(value: CborValue) -> dict[bytes, str] | Rejection:
    """
    The seats of a request: provider key -> contract id.

    References
    ----------
    [AIN-EXEC-CHAIN-FIELDS.3] In ascending key order, each key is 64 lowercase hex digits and
    each value an economy ID ([AIN-ECON-TX-FORMAT.2]); else EXEC_CALL_MALFORMED.
    """
    assert isinstance(value, dict)
    seats: dict[bytes, str] = {}
    for label in sorted(value):
        contract_id = value[label]
        if not KEY_LABEL.fullmatch(label):
            return malformed(f"assignments: {label!r:.70} is no key")
        if not isinstance(contract_id, str) or not ID_PATTERN.fullmatch(contract_id):
            return malformed(f"assignments: {label}: not a contract id")
        seats[bytes.fromhex(label)] = contract_id
    return seats


def read_tolerance(value: CborValue) -> tuple[str, int] | Rejection:
    """
    A request's tolerance: exactly ``metric`` (text) and ``bound`` (integer 0 .. 2**64 - 1).

    References
    ----------
    [AIN-EXEC-CHAIN-FIELDS.3] Else EXEC_CALL_MALFORMED; the metric and bound are then checked
    by [AIN-EXEC-TOLERANCE.1].
    """
    if not isinstance(value, dict) or set(value) != {"metric", "bound"}:
        return malformed("tolerance: exactly metric and bound")
    metric, bound = value["metric"], value["bound"]
    if not is_kind(metric, "text") or not is_kind(bound, "integer"):
        return malformed("tolerance: metric a text, bound an integer")
    assert isinstance(metric, str) and isinstance(bound, int)
    return metric, bound


def read_reservations(value: CborValue, seats: Mapping[bytes, str]) -> dict[bytes, str] | Rejection:
    """
    The seats' reservations of a request: provider key -> reservation id.

    References
    ----------
    [AIN-EXEC-CHAIN-FIELDS.3] Exactly the keys of ``assignments``, and in ascending key order
    each value an economy ID ([AIN-ECON-TX-FORMAT.2]); else EXEC_CALL_MALFORMED.
    """
    assert isinstance(value, dict)
    if set(value) != {key.hex() for key in seats}:
        return malformed("reservations: exactly the keys of assignments")
    reservations: dict[bytes, str] = {}
    for label in sorted(value):
        reservation_id = value[label]
        if not isinstance(reservation_id, str) or not ID_PATTERN.fullmatch(reservation_id):
            return malformed(f"reservations: {label}: not a reservation id")
        reservations[bytes.fromhex(label)] = reservation_id
    return reservations


def read_agent(value: CborValue) -> str | Rejection:
    """
    A request's agent: an address text.

    References
    ----------
    [AIN-EXEC-CHAIN-FIELDS.3] The text parses as an address ([AIN-CRYPTO-ADDRESS-TEXT.1],
    its checksum and key included); else EXEC_CALL_MALFORMED.
    """
    assert isinstance(value, str)
    if isinstance(parse_address(value), Rejection):
        return malformed(f"agent: {value!r:.80} is no address text")
    return value
