"""
The snapshot a tally weighs: validators' powers and delegations at the snapshot height.

Spec: spec/governance.md, "Snapshot" and "Voting power" ([AIN-GOV-SNAPSHOT.1],
[AIN-GOV-POWER.1]).
Layer: governance. Pure: no state is read; the snapshot is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from ain_ref.errors import ErrorCode, Rejection

MAX_AMOUNT = 2**64 - 1
"""The largest power, stake and total power [AIN-GOV-SNAPSHOT.1]."""


@attrs.frozen
class Delegation:
    """One delegation at the snapshot height: ``stake`` of ``delegator`` with ``validator``."""

    delegator: str
    validator: str
    stake: int


@attrs.frozen
class Snapshot:
    """
    A checked snapshot, indexed for the tally.

    ``powers`` maps each validator to its power; ``delegations_of`` maps each delegator to its
    (validator, stake) pairs, sorted by validator; ``total_power`` is the sum of the powers.
    """

    powers: Mapping[str, int]
    delegations_of: Mapping[str, tuple[tuple[str, int], ...]]
    total_power: int


def snapshot_rejection(
    validators: Sequence[tuple[str, int]], delegations: Sequence[Delegation]
) -> Rejection | None:
    """
    The first rule of a snapshot that the lists break, in the clause's order, or None.

    References
    ----------
    [AIN-GOV-SNAPSHOT.1] Repeated validator, power range, total, unlisted validator,
    self-delegation, repeated pair, stake range, delegations above a power.
    """
    names = [name for name, _ in validators]
    if len(set(names)) != len(names):
        return Rejection(ErrorCode.GOV_SNAPSHOT_INVALID, "a validator is listed twice")
    if any(not 0 <= power <= MAX_AMOUNT for _, power in validators):
        return Rejection(ErrorCode.GOV_SNAPSHOT_INVALID, "a power is out of range")
    if sum(power for _, power in validators) > MAX_AMOUNT:
        return Rejection(ErrorCode.GOV_SNAPSHOT_INVALID, "the total power is out of range")
    return delegations_rejection(dict(validators), delegations)


def delegations_rejection(
    powers: Mapping[str, int], delegations: Sequence[Delegation]
) -> Rejection | None:
    """The delegation rules of [AIN-GOV-SNAPSHOT.1], in the clause's order."""
    if any(item.validator not in powers for item in delegations):
        return Rejection(ErrorCode.GOV_SNAPSHOT_INVALID, "a delegation to an unlisted validator")
    if any(item.validator == item.delegator for item in delegations):
        return Rejection(ErrorCode.GOV_SNAPSHOT_INVALID, "a validator delegates to itself")
    pairs = {(item.delegator, item.validator) for item in delegations}
    if len(pairs) != len(delegations):
        return Rejection(ErrorCode.GOV_SNAPSHOT_INVALID, "a delegation is listed twice")
    if any(not 1 <= item.stake <= MAX_AMOUNT for item in delegations):
        return Rejection(ErrorCode.GOV_SNAPSHOT_INVALID, "a stake is out of range")
    delegated = dict.fromkeys(powers, 0)
    for item in delegations:
        delegated[item.validator] += item.stake
    if any(delegated[name] > powers[name] for name in powers):
        return Rejection(ErrorCode.GOV_SNAPSHOT_INVALID, "delegations exceed a power")
    return None


def build_snapshot(
    validators: Sequence[tuple[str, int]], delegations: Sequence[Delegation]
) -> Snapshot | Rejection:
    """
    Check the two lists and index them for the running tally.

    References
    ----------
    [AIN-GOV-SNAPSHOT.1] Refused with GOV_SNAPSHOT_INVALID at the first broken rule; the order
    of either list changes nothing.
    """
    rejection = snapshot_rejection(validators, delegations)
    if rejection is not None:
        return rejection
    grouped: dict[str, list[tuple[str, int]]] = {}
    for item in delegations:
        grouped.setdefault(item.delegator, []).append((item.validator, item.stake))
    return Snapshot(
        powers=dict(validators),
        delegations_of={name: tuple(sorted(pairs)) for name, pairs in grouped.items()},
        total_power=sum(power for _, power in validators),
    )


def holds_power(snapshot: Snapshot, voter: str) -> bool:
    """
    Whether ``voter`` may vote: a validator of positive power or a delegator.

    References
    ----------
    [AIN-GOV-VOTER.1]
    """
    return snapshot.powers.get(voter, 0) > 0 or voter in snapshot.delegations_of
