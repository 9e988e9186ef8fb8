"""
The committee of an epoch, read from the platform's staking ledger.

Spec: spec/consensus.md, "Committee" ([AIN-CONS-COMMITTEE-LEDGER.1]).
Layer: consensus. Imports crypto, platform (staking), state and consensus.committee.
"""

from __future__ import annotations

from ain_ref.consensus.committee import Committee, build_committee
from ain_ref.crypto import Address, parse_address
from ain_ref.errors import ErrorCode, Rejection
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
