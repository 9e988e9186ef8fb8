"""
The three configs: write rules, owners and functions; their shapes and how changes merge.

A config lives as one leaf under its config label (``.rule``, ``.owner``, ``.function``) at a
node of its subtree. SET_RULE, SET_OWNER and SET_FUNCTION merge a change into the config entry
by entry; null deletes an entry, and a config left empty, or set to null, is deleted.

Spec: spec/state.md, "Configs" ([AIN-STATE-RULE-CONFIG.1], [AIN-STATE-OWNER-CONFIG.1],
[AIN-STATE-FUNCTION-CONFIG.1], [AIN-STATE-CONFIG-MERGE.1]).
Layer: state. Imports errors, encoding, state.rules (grammar), state.natives.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from ain_ref.crypto import parse_address
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.state.natives import is_registered_native
from ain_ref.state.rules import parse_rule

PERMISSIONS: Final = ("branch_owner", "write_function", "write_owner", "write_rule")
"""The four owner permissions [AIN-STATE-OWNER-CONFIG.1]."""
WILDCARD_OWNER: Final = "*"
FUNCTION_OWNER_PREFIX: Final = "fid:"
FUNCTION_ID_PATTERN: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
FUNCTION_TYPES: Final = ("NATIVE", "EVENT")


def check_rule_config(config: CborValue) -> Rejection | None:
    """
    A rule config is {"write": boolean or expression}.

    References
    ----------
    [AIN-STATE-RULE-CONFIG.1] Exactly the key "write"; an expression must parse.
    """
    if not isinstance(config, dict) or set(config) != {"write"}:
        return Rejection(ErrorCode.RULE_CONFIG_INVALID, "a rule config is {write: ...}")
    write = config["write"]
    if isinstance(write, bool):
        return None
    if not isinstance(write, str):
        return Rejection(ErrorCode.RULE_CONFIG_INVALID, "write is a boolean or an expression")
    parsed = parse_rule(write)
    return parsed if isinstance(parsed, Rejection) else None


def check_owner_key(key: str) -> bool:
    """An owner key is "*", "fid:<function id>", or an address text."""
    if key == WILDCARD_OWNER:
        return True
    if key.startswith(FUNCTION_OWNER_PREFIX):
        return FUNCTION_ID_PATTERN.fullmatch(key[len(FUNCTION_OWNER_PREFIX) :]) is not None
    return not isinstance(parse_address(key), Rejection)


def check_owner_config(config: CborValue) -> Rejection | None:
    """
    An owner config is {"owners": {key: {the four permissions: booleans}}}.

    References
    ----------
    [AIN-STATE-OWNER-CONFIG.1]
    """
    if not isinstance(config, dict) or set(config) != {"owners"}:
        return Rejection(ErrorCode.OWNER_CONFIG_INVALID, "an owner config is {owners: {...}}")
    owners = config["owners"]
    if not isinstance(owners, dict) or not owners:
        return Rejection(ErrorCode.OWNER_CONFIG_INVALID, "owners is a non-empty map")
    for key in sorted(owners):
        permissions = owners[key]
        if not check_owner_key(key):
            return Rejection(ErrorCode.OWNER_CONFIG_INVALID, f"owner key {key!r:.80}")
        if not isinstance(permissions, dict) or set(permissions) != set(PERMISSIONS):
            return Rejection(ErrorCode.OWNER_CONFIG_INVALID, f"permissions of {key!r:.80}")
        if not all(isinstance(permissions[name], bool) for name in PERMISSIONS):
            return Rejection(ErrorCode.OWNER_CONFIG_INVALID, "permissions are booleans")
    return None


def check_function_config(config: CborValue) -> Rejection | None:
    """
    A function config is {fid: {"function_type": "NATIVE" or "EVENT", "function_id": fid}}.

    References
    ----------
    [AIN-STATE-FUNCTION-CONFIG.1] A NATIVE function must be registered by a protocol module.
    """
    if not isinstance(config, dict) or not config:
        return Rejection(ErrorCode.FUNCTION_CONFIG_INVALID, "a function config is a map")
    for fid in sorted(config):
        entry = config[fid]
        if FUNCTION_ID_PATTERN.fullmatch(fid) is None:
            return Rejection(ErrorCode.FUNCTION_CONFIG_INVALID, f"function id {fid!r:.80}")
        if not isinstance(entry, dict) or set(entry) != {"function_type", "function_id"}:
            return Rejection(ErrorCode.FUNCTION_CONFIG_INVALID, f"entry of {fid}")
        if entry["function_id"] != fid or entry["function_type"] not in FUNCTION_TYPES:
            return Rejection(ErrorCode.FUNCTION_CONFIG_INVALID, f"entry of {fid}")
        if entry["function_type"] == "NATIVE" and not is_registered_native(fid):
            return Rejection(ErrorCode.FUNCTION_UNKNOWN_NATIVE, fid)
    return None


def merge_entries(
    current: dict[str, CborValue] | None, change: dict[str, CborValue]
) -> dict[str, CborValue] | None:
    """
    Merge a change into a map entry by entry: null deletes an entry, others replace it.

    Returns None when nothing is left.

    References
    ----------
    [AIN-STATE-CONFIG-MERGE.1]
    """
    merged = dict(current or {})
    for key in sorted(change):
        if change[key] is None:
            merged.pop(key, None)
        else:
            merged[key] = change[key]
    return merged or None


def merged_map_config(
    current: CborValue,
    change: CborValue,
    code: ErrorCode,
    check: Callable[[CborValue], Rejection | None],
) -> CborValue | Rejection:
    """
    A rule or function config after a change: merged entry by entry, then checked.

    References
    ----------
    [AIN-STATE-CONFIG-CHANGE.1] The change is null or a map, and is checked only through the
    merged config.
    """
    if change is None:
        return None
    if not isinstance(change, dict):
        return Rejection(code, "a config change is a map")
    merged = merge_entries(current if isinstance(current, dict) else None, change)
    if merged is None:
        return None
    rejection = check(merged)
    return merged if rejection is None else rejection


def merged_rule_config(current: CborValue, change: CborValue) -> CborValue | Rejection:
    """The rule config after SET_RULE: the change's entries over the current ones."""
    return merged_map_config(current, change, ErrorCode.RULE_CONFIG_INVALID, check_rule_config)


def merged_owner_config(current: CborValue, change: CborValue) -> CborValue | Rejection:
    """
    The owner config after SET_OWNER: owners merged key by key.

    References
    ----------
    [AIN-STATE-CONFIG-CHANGE.1] The change is null or exactly {"owners": a map}, and is
    checked only through the merged config.
    """
    if change is None:
        return None
    if not isinstance(change, dict) or set(change) != {"owners"}:
        return Rejection(ErrorCode.OWNER_CONFIG_INVALID, "an owner config is {owners: {...}}")
    owners_change = change["owners"]
    if not isinstance(owners_change, dict):
        return Rejection(ErrorCode.OWNER_CONFIG_INVALID, "owners is a map")
    current_owners = current.get("owners") if isinstance(current, dict) else None
    merged = merge_entries(
        current_owners if isinstance(current_owners, dict) else None, owners_change
    )
    if merged is None:
        return None
    config: CborValue = {"owners": merged}
    rejection = check_owner_config(config)
    return config if rejection is None else rejection


def merged_function_config(current: CborValue, change: CborValue) -> CborValue | Rejection:
    """The function config after SET_FUNCTION: entries merged function id by function id."""
    return merged_map_config(
        current, change, ErrorCode.FUNCTION_CONFIG_INVALID, check_function_config
    )
