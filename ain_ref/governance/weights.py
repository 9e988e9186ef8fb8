"""
Who votes, with what weight: the three constituencies, read from state at a snapshot height.

The white paper gives the decision to validators, developers and resource providers. Each is a
constituency whose weight is AIN its members have at risk for the network, in one unit (base
units): bonded stake for ``validators`` (self-bonds and delegations, [AIN-PLAT-STAKE-HISTORY.1]),
developer deposits locked in contracts for ``developers`` and provider deposits locked in
contracts for ``providers`` ([AIN-ECON-LOCKED.1]). Every weight and every total is a checkpoint
read at the snapshot height, from one account's records or one total's records: never a copy or
a walk of all accounts, and never a record of a later height.

Spec: spec/governance.md, "Constituencies and weights" ([AIN-GOV-CONSTITUENCY.1],
[AIN-GOV-WEIGHT.1], [AIN-GOV-SNAPSHOT-HEIGHT.1], [AIN-GOV-CONSTITUENCY-VOTE.1],
[AIN-GOV-SNAPSHOT-STATE.1], [AIN-GOV-COMBINE.1]).
Layer: governance. Imports the platform's staking reader, the economy's locked records and the
tally's snapshot type.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from ain_ref.economy.locked import DEVELOPERS, PROVIDERS, locked_at, locked_total_at
from ain_ref.governance.power import Snapshot, holds_power
from ain_ref.platform.params import Reader
from ain_ref.platform.staking import delegations_at, power_at, stake_at, total_bonded_at


class Constituency(enum.StrEnum):
    """The three constituencies, in their order [AIN-GOV-CONSTITUENCY.1]."""

    VALIDATORS = "validators"
    DEVELOPERS = DEVELOPERS
    PROVIDERS = PROVIDERS


CONSTITUENCY_ORDER: tuple[Constituency, ...] = tuple(Constituency)
"""validators, developers, providers [AIN-GOV-CONSTITUENCY.1]."""


def bonded_at(read: Reader, account: str, height: int) -> int:
    """
    An account's own bonded stake at a height: its self-bond plus its delegations.

    References
    ----------
    [AIN-GOV-WEIGHT.1] Reads only the account's stake records.
    """
    delegated = sum(stake for _, stake in delegations_at(read, account, height))
    return stake_at(read, account, account, height) + delegated


def weight_at(read: Reader, account: str, constituency: Constituency, height: int) -> int:
    """
    An account's weight in a constituency at the snapshot height.

    Parameters
    ----------
    read : Reader
        Reads a ``/values`` path text of the state.
    account : str
        The account's address text.
    constituency : Constituency
        Which constituency.
    height : int
        The snapshot height; records of later heights are never read.

    Returns
    -------
    int
        Base units: bonded stake (validators), or deposits locked in contracts (developers,
        providers).

    References
    ----------
    [AIN-GOV-CONSTITUENCY.1] [AIN-GOV-WEIGHT.1] [AIN-GOV-SNAPSHOT-HEIGHT.1]
    """
    if constituency is Constituency.VALIDATORS:
        return bonded_at(read, account, height)
    return locked_at(read, constituency.value, account, height)


def total_at(read: Reader, constituency: Constituency, height: int) -> int:
    """
    A constituency's total weight at the snapshot height, read from one record set.

    References
    ----------
    [AIN-GOV-WEIGHT.1] The total bonded (validators) or the role's locked total; it equals
    the sum of every account's weight at that height.
    [AIN-GOV-SNAPSHOT-HEIGHT.1]
    """
    if constituency is Constituency.VALIDATORS:
        return total_bonded_at(read, height)
    return locked_total_at(read, constituency.value, height)


def snapshot_for(read: Reader, voters: Iterable[str], height: int) -> Snapshot:
    """
    The validators' snapshot at ``height``, read for the given voters only.

    Parameters
    ----------
    read : Reader
        Reads a ``/values`` path text of the state.
    voters : Iterable[str]
        The accounts whose votes the tally will count (any order; repeats are harmless).
    height : int
        The snapshot height.

    Returns
    -------
    Snapshot
        Each voter's power when positive, each voter's delegations when any, and the total
        bonded as the total power: what the full snapshot of every validator and delegation at
        ``height`` gives for these voters.

    References
    ----------
    [AIN-GOV-SNAPSHOT-STATE.1] Reads each voter's own records and the total's, nothing else.
    """
    powers: dict[str, int] = {}
    delegations_of: dict[str, tuple[tuple[str, int], ...]] = {}
    for voter in sorted(set(voters), key=str.encode):
        power = power_at(read, voter, height)
        if power > 0:
            powers[voter] = power
        delegations = delegations_at(read, voter, height)
        if delegations:
            delegations_of[voter] = delegations
    return Snapshot(
        powers=powers, delegations_of=delegations_of, total_power=total_bonded_at(read, height)
    )


def voting_constituencies(read: Reader, account: str, height: int) -> tuple[Constituency, ...]:
    """
    The constituencies in which an account's one option counts, in constituency order.

    References
    ----------
    [AIN-GOV-CONSTITUENCY-VOTE.1] ``validators`` when it holds power in the snapshot of
    [AIN-GOV-SNAPSHOT-STATE.1] (a validator of positive power or a delegator); ``developers``
    and ``providers`` when its weight there is positive. Empty: GOV_VOTER_NO_POWER.
    """
    counted = []
    if holds_power(snapshot_for(read, (account,), height), account):
        counted.append(Constituency.VALIDATORS)
    for constituency in (Constituency.DEVELOPERS, Constituency.PROVIDERS):
        if weight_at(read, account, constituency, height) > 0:
            counted.append(constituency)
    return tuple(counted)


def takes_part(read: Reader, constituency: Constituency, height: int, minimum: int) -> bool:
    """
    Whether a constituency takes part in a proposal's decision.

    References
    ----------
    [AIN-GOV-COMBINE.1] Validators always; another constituency when its total at the
    snapshot height is at least ``minimum`` (governance/min_constituency_power).
    """
    if constituency is Constituency.VALIDATORS:
        return True
    return total_at(read, constituency, height) >= minimum


def passes_all(outcomes: Iterable[tuple[Constituency, str]]) -> bool:
    """
    The combined decision over the taking-part constituencies' tally outcomes.

    References
    ----------
    [AIN-GOV-COMBINE.1] Passed when every taking-part constituency's outcome is ``passed``
    (validators always take part, so an empty list is a caller's bug: refused as not passed).
    """
    listed = list(outcomes)
    has_validators = any(name is Constituency.VALIDATORS for name, _ in listed)
    return has_validators and all(outcome == "passed" for _, outcome in listed)
