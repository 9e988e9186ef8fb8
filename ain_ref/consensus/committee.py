"""
The committee of an epoch: validators and stakes, quorum thresholds, the leader schedule, limits.

Spec: spec/consensus.md, "Committee" ([AIN-CONS-COMMITTEE.1], [AIN-CONS-QUORUM.1],
[AIN-CONS-LEADER.1], [AIN-CONS-PARAMETERS.2]).
Layer: consensus. Imports errors and the area's registration (consensus_params, platform.params).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Final

import attrs

from ain_ref.consensus_params import GC_DEPTH, LEADER_TIMEOUT, MAX_ROUNDS_AHEAD, MAX_SUSPENDED
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.platform.params import ParameterDefinition

U64_MAX: Final = 2**64 - 1
WAVE_LENGTH: Final = 3
"""Rounds per wave: leader round, vote round, decision round [AIN-CONS-WAVE.1]."""


def registered_default(definition: ParameterDefinition) -> int:
    """An integer parameter's registered default (never a constant of this module)."""
    assert type(definition.default) is int
    return definition.default


@attrs.frozen
class ConsensusParameters:
    """
    The consensus limits of one epoch, as a node read them from its state.

    The defaults are the registered defaults; ``ain_ref.consensus.epochs.parameters_from_state``
    reads the values in force.

    References
    ----------
    [AIN-CONS-PARAMETERS.2]
    """

    max_rounds_ahead: int = registered_default(MAX_ROUNDS_AHEAD)
    """Rounds an event may lie above the highest round held [AIN-CONS-EVENT-HORIZON.1]."""
    gc_depth: int = registered_default(GC_DEPTH)
    """Rounds kept below the last committed leader [AIN-CONS-GC.1]."""
    max_suspended: int = registered_default(MAX_SUSPENDED)
    """Events held while their parents are missing [AIN-CONS-SUSPEND.1]."""
    leader_timeout: int = registered_default(LEADER_TIMEOUT)
    """Ticks an honest node waits for a leader before voting without it (simulator)."""


@attrs.frozen
class Committee:
    """
    Validators of one epoch: public keys sorted bytewise, each with a positive stake.

    A validator's index is its position in ``keys``.

    References
    ----------
    [AIN-CONS-COMMITTEE.1]
    """

    epoch: int
    keys: tuple[bytes, ...]
    stakes: tuple[int, ...]
    total_stake: int
    index_of: dict[bytes, int] = attrs.field(eq=False, repr=False)

    def size(self) -> int:
        """The number of validators."""
        return len(self.keys)

    def stake_of(self, authors: Iterable[int]) -> int:
        """Total stake of a set of validator indices, each counted once."""
        return sum(self.stakes[index] for index in set(authors))

    def is_quorum(self, authors: Iterable[int]) -> bool:
        """Stake at least Q [AIN-CONS-QUORUM.1]."""
        return self.stake_of(authors) >= quorum_threshold(self.total_stake)


def build_committee(epoch: int, members: Iterable[tuple[bytes, int]]) -> Committee | Rejection:
    """
    Build a committee from (public key, stake) pairs given in increasing key order.

    References
    ----------
    [AIN-CONS-COMMITTEE.1] At least one member; keys are 32 bytes, strictly increasing; each
    stake in 1 .. 2**64 - 1; the total at most 2**64 - 1.
    """
    pairs = list(members)
    keys = tuple(key for key, _ in pairs)
    stakes = tuple(stake for _, stake in pairs)
    if not pairs or any(len(key) != 32 for key in keys):
        return Rejection(ErrorCode.CONSENSUS_COMMITTEE_INVALID, "empty, or a key not 32 bytes")
    if any(earlier >= later for earlier, later in itertools.pairwise(keys)):
        return Rejection(ErrorCode.CONSENSUS_COMMITTEE_INVALID, "keys not strictly increasing")
    if any(type(stake) is not int or not 1 <= stake <= U64_MAX for stake in stakes):
        return Rejection(ErrorCode.CONSENSUS_COMMITTEE_INVALID, "a stake outside 1 .. 2**64 - 1")
    if sum(stakes) > U64_MAX:
        return Rejection(ErrorCode.CONSENSUS_COMMITTEE_INVALID, "total stake above 2**64 - 1")
    index_of = {key: index for index, key in enumerate(keys)}
    return Committee(epoch, keys, stakes, sum(stakes), index_of)


def quorum_threshold(total_stake: int) -> int:
    """
    Q: the least stake of a quorum, floor(2S/3) + 1; stake s is a quorum iff 3s > 2S.

    pre: total_stake >= 1
    post: 3 * __return__ > 2 * total_stake
    post: 3 * (__return__ - 1) <= 2 * total_stake

    References
    ----------
    [AIN-CONS-QUORUM.1]
    """
    return 2 * total_stake // 3 + 1


def validity_threshold(total_stake: int) -> int:
    """
    V: the least stake that must contain an honest validator, floor(S/3) + 1; 3s > S.

    pre: total_stake >= 1
    post: 3 * __return__ > total_stake
    post: 3 * (__return__ - 1) <= total_stake

    References
    ----------
    [AIN-CONS-QUORUM.1]
    """
    return total_stake // 3 + 1


def leader_round(wave: int) -> int:
    """The leader round of a wave: 3w [AIN-CONS-WAVE.1]."""
    return WAVE_LENGTH * wave


def leader_of(committee: Committee, wave: int) -> int:
    """
    The index of the validator that leads a wave: w mod n (round robin by key order).

    References
    ----------
    [AIN-CONS-LEADER.1]
    """
    return wave % committee.size()
