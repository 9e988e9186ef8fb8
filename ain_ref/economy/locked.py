"""
Locked deposits per account and role, with their history: governance's role weights.

After every economy call that changes a contract's deposits, ``_economy`` records, for each
(role, account) whose locked total changed, the account's new total of that role's deposits
locked in contracts (``developer_deposit`` for the developer, ``provider_deposit`` for the
provider), and the role's new total over all accounts, each with a checkpoint at the block's
height. Governance reads an account's weight, and a constituency's total, at a snapshot height
from one account's records (or the role's), never by walking contracts or accounts. These are
bookkeeping, not holdings: the supply counts the contracts' deposits, never these records.

Spec: spec/economy.md, "Locked deposits by role" ([AIN-ECON-LOCKED.1],
[AIN-ECON-LOCKED-WRITES.1]); spec/platform.md, [AIN-PLAT-CHECKPOINT.1].
Layer: economy. Imports economy.ledger, encoding, errors, platform (checkpoints, params), and
state's native call type.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from ain_ref.economy.ledger import Contract, Ledger
from ain_ref.encoding import CborValue
from ain_ref.errors import Rejection
from ain_ref.platform.checkpoints import checkpoint_at
from ain_ref.platform.params import Reader
from ain_ref.state.natives import FunctionCall

LOCKED: Final = "/economy/locked"
"""Where the records live; ``_economy`` is their one writer."""
DEVELOPERS: Final = "developers"
PROVIDERS: Final = "providers"
ROLES: Final = (DEVELOPERS, PROVIDERS)
"""The roles, in the order their records are written."""


def account_path(role: str, account: str) -> str:
    """An account's current locked total in a role."""
    return f"{LOCKED}/{role}/accounts/{account}"


def account_history_root(role: str, account: str) -> str:
    """Where an account's records of a role live (a checkpoint root)."""
    return f"{LOCKED}/{role}/history/{account}"


def total_path(role: str) -> str:
    """A role's current locked total over all accounts."""
    return f"{LOCKED}/{role}/total"


def total_history_root(role: str) -> str:
    """Where a role's total records live (a checkpoint root)."""
    return f"{LOCKED}/{role}/total_history"


def locked_of(contract: Contract | None, role: str) -> tuple[str, int] | None:
    """
    The (account, amount) a contract locks for a role; None for an absent contract.

    References
    ----------
    [AIN-ECON-LOCKED.1] A contract locks its ``developer_deposit`` for its developer and its
    ``provider_deposit`` for its provider, in every state (0 once released).
    """
    if contract is None:
        return None
    if role == DEVELOPERS:
        return contract.developer, contract.developer_deposit
    return contract.provider, contract.provider_deposit


def locked_deltas(before: Ledger, after: Ledger) -> dict[tuple[str, str], int]:
    """
    The change of each (role, account)'s locked total that a transition made.

    References
    ----------
    [AIN-ECON-LOCKED.1] Summed over the contracts the call loaded or created; zero changes
    are left out.
    """
    deltas: dict[tuple[str, str], int] = {}
    for contract_id in before.contracts.keys() | after.contracts.keys():
        for role in ROLES:
            for contract, sign in (
                (before.contracts.get(contract_id), -1),
                (after.contracts.get(contract_id), 1),
            ):
                locked = locked_of(contract, role)
                if locked is not None:
                    key = (role, locked[0])
                    deltas[key] = deltas.get(key, 0) + sign * locked[1]
    return {key: delta for key, delta in deltas.items() if delta != 0}


def stored_total(read: Reader, path_text: str) -> int:
    """A stored total: an integer, else 0 (only genesis overrides store anything else)."""
    value = read(path_text)
    return value if type(value) is int else 0


def record_writes(
    read: Reader, current_path: str, history_root: str, delta: int, height: int
) -> Iterator[dict[str, CborValue]]:
    """
    The two writes of one changed total: the current amount, then its record at ``height``.

    References
    ----------
    [AIN-ECON-LOCKED-WRITES.1] The new amount is the stored one (non-integer: 0) plus the
    change, never below 0; the current amount is deleted at 0, the record keeps 0.
    """
    amount = max(stored_total(read, current_path) + delta, 0)
    yield {"type": "SET_VALUE", "ref": current_path, "value": amount or None}
    yield {"type": "SET_VALUE", "ref": f"{history_root}/{height}", "value": amount}


def locked_writes(
    read: Reader, deltas: dict[tuple[str, str], int], height: int
) -> Iterator[dict[str, CborValue]]:
    """
    The writes that record changed locked totals, in their order.

    References
    ----------
    [AIN-ECON-LOCKED-WRITES.1] For each role in ROLES order: each changed account in ascending
    order of its text's UTF-8 bytes (its total, then its record), then, when the role's
    changes do not sum to 0, the role's total and its record.
    """
    for role in ROLES:
        accounts = sorted((account for r, account in deltas if r == role), key=str.encode)
        for account in accounts:
            delta = deltas[(role, account)]
            path, root = account_path(role, account), account_history_root(role, account)
            yield from record_writes(read, path, root, delta, height)
        role_delta = sum(deltas[(role, account)] for account in accounts)
        if role_delta != 0:
            yield from record_writes(
                read, total_path(role), total_history_root(role), role_delta, height
            )


def record_locked_deposits(call: FunctionCall, before: Ledger, after: Ledger) -> Rejection | None:
    """
    Record what an economy call changed in the locked deposits, after its own writes.

    References
    ----------
    [AIN-ECON-LOCKED-WRITES.1] Every write as ``_economy`` through the write rules; the first
    refused write fails the call with its code.
    """
    operations = list(locked_writes(call.read, locked_deltas(before, after), call.block_height))
    for operation in operations:
        rejection = call.write(operation)
        if rejection is not None:
            return rejection
    return None


def locked_at(read: Reader, role: str, account: str, height: int) -> int:
    """
    An account's deposits locked in a role at a height.

    References
    ----------
    [AIN-ECON-LOCKED.1] The checkpoint ([AIN-PLAT-CHECKPOINT.1]) of the account's history in
    that role; reads that account's records only.
    """
    return checkpoint_at(read, account_history_root(role, account), height)


def locked_total_at(read: Reader, role: str, height: int) -> int:
    """
    Every account's deposits locked in a role at a height.

    References
    ----------
    [AIN-ECON-LOCKED.1] The checkpoint of the role's total history; reads no account.
    """
    return checkpoint_at(read, total_history_root(role), height)
