"""
What an epoch reads from the final state at its first height: its committee and parameters.

The committee comes from the platform's staking ledger, the consensus parameters from the
parameter registry.

Spec: spec/consensus.md, "Committee" ([AIN-CONS-COMMITTEE-LEDGER.1], [AIN-CONS-PARAMETERS.2]).
Layer: consensus. Imports crypto, platform (staking, params), state and consensus.committee.
"""

from __future__ import annotations

from ain_ref.consensus.committee import Committee, ConsensusParameters, build_committee
from ain_ref.consensus_params import GC_DEPTH, LEADER_TIMEOUT, MAX_ROUNDS_AHEAD, MAX_SUSPENDED
from ain_ref.crypto import Address, parse_address
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.platform.params import ParameterDefinition, read_parameter
from ain_ref.platform.staking import power_at
from ain_ref.platform.steps import values_path
from ain_ref.state.tree import StateTree


def committee_from_ledger(tree: StateTree, epoch: int, height: int) -> Committee | Rejection:
    """
    The committee of an epoch: every validator with positive voting power at ``height``.

    Parameters
    ----------
    tree : StateTree
        The final state (at or after ``height``).
    epoch : int
        The epoch the committee serves.
    height : int
        The epoch's first height; later power changes are never read.

    References
    ----------
    [AIN-CONS-COMMITTEE-LEDGER.1] Validators are the labels under /staking/power_history that
    parse as addresses, with power_at(height) > 0 as their stake, in key order; none is
    CONSENSUS_COMMITTEE_INVALID.
    """

    def read(text: str) -> object:
        return tree.value_at(values_path(text))

    records = read("/staking/power_history")
    members: list[tuple[bytes, int]] = []
    for label in sorted(records) if isinstance(records, dict) else []:
        address = parse_address(label)
        if not isinstance(address, Address):
            continue
        power = power_at(read, label, height)  # type: ignore[arg-type]
        if power > 0:
            members.append((address.public_key, power))
    if not members:
        return Rejection(ErrorCode.CONSENSUS_COMMITTEE_INVALID, "no validator has power")
    return build_committee(epoch, sorted(members))


def parameters_from_state(tree: StateTree) -> ConsensusParameters:
    """
    The consensus parameters of an epoch, read from the same state as its committee.

    Parameters
    ----------
    tree : StateTree
        The final state before the epoch's first block (for epoch 0, the genesis state).

    References
    ----------
    [AIN-CONS-PARAMETERS.2] Each value through the registry's one accessor
    ([AIN-PLAT-PARAM-READ.1]: the stored value, or the registered default); the values hold
    for the whole epoch, so a change takes effect at the next epoch.
    """

    def read(definition: ParameterDefinition) -> int:
        value = read_parameter(lambda text: tree.value_at(values_path(text)), definition.key)
        assert type(value) is int  # an integer parameter: the accessor returns an integer
        return value

    return ConsensusParameters(
        max_rounds_ahead=read(MAX_ROUNDS_AHEAD),
        gc_depth=read(GC_DEPTH),
        max_suspended=read(MAX_SUSPENDED),
        leader_timeout=read(LEADER_TIMEOUT),
    )
