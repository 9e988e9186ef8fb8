"""Committee, quorum thresholds and the leader schedule (spec/consensus.md, "Committee")."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ain_ref.consensus.committee import (
    Committee,
    build_committee,
    leader_of,
    leader_round,
    quorum_threshold,
    validity_threshold,
)
from ain_ref.errors import ErrorCode, Rejection

U64_MAX = 2**64 - 1
stakes_lists = st.lists(st.integers(1, 1000), min_size=1, max_size=12)


def committee_of(stakes: list[int]) -> Committee:
    keys = [bytes([index + 1]) * 32 for index in range(len(stakes))]
    committee = build_committee(0, list(zip(keys, stakes, strict=True)))
    assert isinstance(committee, Committee)
    return committee


@given(total=st.integers(1, U64_MAX))
def test_quorum_threshold_is_exact(total: int) -> None:
    """[AIN-CONS-QUORUM.1] Q is the least s with 3s > 2S; V the least s with 3s > S."""
    quorum, validity = quorum_threshold(total), validity_threshold(total)
    assert 3 * quorum > 2 * total >= 3 * (quorum - 1)
    assert 3 * validity > total >= 3 * (validity - 1)


@given(stakes=stakes_lists, data=st.data())
def test_two_quorums_share_honest_stake(stakes: list[int], data: st.DataObject) -> None:
    """
    [AIN-CONS-QUORUM.1] Lemma 1: two quorum sets share more stake than any Byzantine set with
    3f < S can hold, so they share an honest validator.
    """
    committee = committee_of(stakes)
    indices = range(len(stakes))
    first = data.draw(st.sets(st.sampled_from(indices)))
    second = data.draw(st.sets(st.sampled_from(indices)))
    byzantine = data.draw(st.sets(st.sampled_from(indices)))
    total = committee.total_stake
    if not (committee.is_quorum(first) and committee.is_quorum(second)):
        return
    if 3 * committee.stake_of(byzantine) >= total:
        return
    shared = first & second
    assert committee.stake_of(shared) >= 2 * quorum_threshold(total) - total
    assert 3 * committee.stake_of(shared) > total
    assert shared - byzantine


@given(stakes=stakes_lists, data=st.data())
def test_honest_stake_alone_is_a_quorum(stakes: list[int], data: st.DataObject) -> None:
    """[AIN-CONS-QUORUM.1] 3f < S is f <= S - Q: the honest validators alone have quorum stake."""
    committee = committee_of(stakes)
    byzantine = data.draw(st.sets(st.sampled_from(range(len(stakes)))))
    byzantine_stake = committee.stake_of(byzantine)
    total = committee.total_stake
    assert (3 * byzantine_stake < total) == (byzantine_stake <= total - quorum_threshold(total))
    if 3 * byzantine_stake < total:
        assert committee.is_quorum(set(range(len(stakes))) - byzantine)


def test_committee_rejections() -> None:
    """[AIN-CONS-COMMITTEE.1] Empty, unsorted, repeated, zero or oversized stakes are refused."""
    low, high = bytes([1]) * 32, bytes([2]) * 32
    bad_members = [
        [],
        [(high, 1), (low, 1)],
        [(low, 1), (low, 1)],
        [(low, 0)],
        [(low, U64_MAX), (high, 1)],
        [(bytes(31), 1)],
    ]
    for members in bad_members:
        result = build_committee(0, members)
        assert isinstance(result, Rejection), members
        assert result.code is ErrorCode.CONSENSUS_COMMITTEE_INVALID
    assert isinstance(build_committee(0, [(low, U64_MAX)]), Committee)


@given(stakes=stakes_lists, wave=st.integers(0, 10_000))
def test_leader_schedule_is_round_robin(stakes: list[int], wave: int) -> None:
    """[AIN-CONS-LEADER.1] [AIN-CONS-WAVE.1] Wave w is led by index w mod n at round 3w."""
    committee = committee_of(stakes)
    assert leader_of(committee, wave) == wave % len(stakes)
    assert leader_round(wave) == 3 * wave


def test_committee_from_the_staking_ledger() -> None:
    """
    [AIN-CONS-COMMITTEE-LEDGER.1] Validators with positive power at the epoch's first height,
    in key order; later records are not read; no validator is refused.
    """
    from ain_ref.consensus.epochs import committee_from_ledger
    from ain_ref.crypto import format_address
    from ain_ref.platform.steps import values_path
    from ain_ref.state.tree import StateTree
    from tests.fillers.consensus.common import KEYS

    tree = StateTree()
    empty = committee_from_ledger(tree, 0, 5)
    assert isinstance(empty, Rejection) and empty.code is ErrorCode.CONSENSUS_COMMITTEE_INVALID
    history = {
        format_address(KEYS[2]): {"1": 30},
        format_address(KEYS[0]): {"2": 10, "9": 0},
        format_address(KEYS[1]): {"7": 5},
        "not-an-address": {"1": 99},
    }
    tree.set_value(values_path("/staking/power_history"), history)
    committee = committee_from_ledger(tree, 3, 5)
    assert isinstance(committee, Committee)
    assert committee.keys == (KEYS[0], KEYS[2]) and committee.stakes == (10, 30)
    later = committee_from_ledger(tree, 4, 9)
    assert isinstance(later, Committee)
    assert later.keys == (KEYS[1], KEYS[2]) and later.epoch == 4
