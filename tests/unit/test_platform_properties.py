"""
Properties of the platform over whole block sequences: supply conservation, voting power that
never depends on later blocks, and parameters that never leave their bounds.

The checks recompute what they assert from the exported tree (sums of balances, stakes and
queue entries; stakes per validator; each parameter's bounds as the spec's table states them),
sharing no code with the ledger or the guard they check.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ain_ref.chain import sign_transaction
from ain_ref.encoding import CborValue
from ain_ref.platform.blocks import Block, BlockResult, apply_block
from ain_ref.platform.genesis import GenesisSpec, build_protocol_genesis
from ain_ref.platform.staking import delegations_at, power_at, stake_at, total_bonded_at
from ain_ref.platform.steps import values_path
from ain_ref.state.tree import StateTree
from tests.fillers.state.common import (
    ALICE,
    ALICE_SEED,
    BOB,
    BOB_SEED,
    CAROL,
    CAROL_SEED,
    CHAIN_ID,
)

AIN = 10**6
ACCOUNTS = ((ALICE_SEED, ALICE), (BOB_SEED, BOB), (CAROL_SEED, CAROL))
PARAMETERS = {
    "staking/unbonding_delay": 2,
    "staking/min_self_bond": 100 * AIN,
    "staking/min_delegation": 1 * AIN,
    "staking/max_unbondings_per_block": 2,
}
SUPPLY = 1_000 * AIN + 500 * AIN + 300 * AIN
BOUNDS = {  # every registered parameter, as each area's spec table writes them
    "platform/max_block_transactions": (1, 100_000),
    "staking/unbonding_delay": (1, 10_000_000),
    "staking/min_self_bond": (1, 700_000_000_000_000),
    "staking/min_delegation": (1, 700_000_000_000_000),
    "staking/max_unbondings_per_block": (1, 1_000),
    "jobs/max_spec_bytes": (1, 65_536),  # spec/jobs.md, [AIN-JOB-CHAIN-REGISTER.1]
    "consensus/max_rounds_ahead": (1, 1024),  # spec/consensus.md, [AIN-CONS-PARAMETERS.2]
    "consensus/gc_depth": (1, 1024),
    "consensus/max_suspended": (1, 65_536),
    "consensus/leader_timeout": (0, 1_000_000),
    # spec/economy.md, [AIN-ECON-PARAMETERS.1]
    "economy/activation_grace": (1, 10**13),
    "economy/dispute_window": (1, 10**13),
    "economy/withdrawal_delay": (1, 10**13),
    "economy/provider_deposit_bps": (0, 10_000),
    "economy/developer_deposit_bps": (0, 10_000),
    "economy/reward_period_length": (1, 10**13),
    "economy/reward_per_period": (0, 700_000_000_000_000),
    "economy/provider_reward_bps": (0, 10_000),
    # spec/governance.md, [AIN-GOV-PARAMETERS.1]
    "governance/min_deposit": (1, 700_000_000_000_000),
    "governance/min_initial_deposit": (1, 700_000_000_000_000),
    "governance/deposit_period": (1, 10_000_000),
    "governance/voting_period": (1, 10_000_000),
    "governance/enactment_delay": (1, 10_000_000),
    "governance/quorum_numerator": (0, 1_000_000),
    "governance/quorum_denominator": (1, 1_000_000),
    "governance/pass_numerator": (0, 1_000_000),
    "governance/pass_denominator": (1, 1_000_000),
    "governance/veto_numerator": (0, 1_000_000),
    "governance/veto_denominator": (1, 1_000_000),
    "governance/max_open_proposals": (1, 100),
    "governance/min_constituency_power": (1, 700_000_000_000_000),
    # spec/execution.md, [AIN-EXEC-CHAIN-PARAMETERS.1]
    "execution/max_timeouts_per_height": (1, 1_000),
}


def genesis(overrides: dict[str, Any] | None = None) -> StateTree:
    """Alice 1,000 AIN, bob 500 AIN, carol a validator with 300 AIN."""
    tree = build_protocol_genesis(
        GenesisSpec(
            total_supply=SUPPLY,
            allocations={ALICE: 1_000 * AIN, BOB: 500 * AIN},
            validators={CAROL: 300 * AIN},
            parameters=PARAMETERS,
            overrides=overrides or {},
        )
    )
    assert isinstance(tree, StateTree), tree
    return tree


action = st.tuples(
    st.sampled_from(["transfer", "bond", "unbond"]),
    st.integers(0, 2),
    st.integers(0, 2),
    st.one_of(st.integers(0, 400).map(lambda units: units * AIN), st.integers(0, 10**9)),
)
blocks_of_actions = st.lists(st.lists(action, max_size=4), min_size=1, max_size=7)


class Signer:
    """Timestamp-mode transactions: one rising timestamp, so no nonce bookkeeping."""

    def __init__(self) -> None:
        self.timestamp = 1

    def sign(self, seed: bytes, operation: dict[str, CborValue]) -> bytes:
        self.timestamp += 1
        body: dict[str, CborValue] = {
            "chain_id": CHAIN_ID,
            "nonce": None,
            "timestamp": self.timestamp,
            "operation": operation,
        }
        return sign_transaction(seed, body)


def operation_of(kind: str, sender: str, target: str, amount: int, key: int) -> dict[str, Any]:
    """The write that fires a transfer, bond or unbond."""
    return {
        "type": "SET_VALUE",
        "ref": f"/{kind_root(kind)}/{sender}/{target}/{key}/value",
        "value": amount,
    }


def kind_root(kind: str) -> str:
    """Where each kind of write goes."""
    return {"transfer": "transfer", "bond": "staking/bond", "unbond": "staking/unbond"}[kind]


def ledger_sums(tree: StateTree) -> tuple[int, int, dict[str, int]]:
    """(balances, stakes + queued, stake per validator), from the exported tree."""
    values = tree.export().get("values", {})
    balances = sum(account.get("balance", 0) for account in values.get("accounts", {}).values())
    staking = values.get("staking", {})
    per_validator: dict[str, int] = {}
    staked = 0
    for validators in staking.get("stakes", {}).values():
        for validator, amount in validators.items():
            per_validator[validator] = per_validator.get(validator, 0) + amount
            staked += amount
    for queue in staking.get("unbonding", {}).values():
        staked += sum(entry["amount"] for entry in queue.get("entries", {}).values())
    return balances, staked, per_validator


def run_blocks(tree: StateTree, actions: list[list[tuple[str, int, int, int]]]) -> list[Any]:
    """Apply one block per action list; yield after each the tree's ledger sums."""
    signer = Signer()
    after_each = []
    for height, block_actions in enumerate(actions, 1):
        transactions = []
        for key, (kind, sender_index, target_index, amount) in enumerate(block_actions):
            seed, sender = ACCOUNTS[sender_index]
            target = ACCOUNTS[target_index][1]
            operation = operation_of(kind, sender, target, amount, key)
            transactions.append(signer.sign(seed, operation))
        result = apply_block(tree, CHAIN_ID, Block(height, 1000 * height, tuple(transactions)))
        assert isinstance(result, BlockResult)
        after_each.append(ledger_sums(tree))
    return after_each


@given(blocks_of_actions)
def test_supply_is_conserved_across_blocks(actions: list[list[tuple[str, int, int, int]]]) -> None:
    """[AIN-PLAT-STAKE-SUPPLY.2] [AIN-PLAT-STAKE-MATURE.1] After every block, balances plus
    stakes plus queued unbondings equal the genesis supply."""
    tree = genesis()
    for balances, staked, _ in run_blocks(tree, actions):
        assert balances + staked == SUPPLY


@given(blocks_of_actions, st.integers(0, 3))
def test_voting_power_at_h_never_depends_on_later_blocks(
    actions: list[list[tuple[str, int, int, int]]], extra_blocks: int
) -> None:
    """[AIN-PLAT-STAKE-POWER.1] Power at h, read after h and after any number of later blocks,
    is the same, and equals the stakes bonded to each validator at the end of block h."""
    tree = genesis()

    def read(text: str) -> CborValue:
        return tree.value_at(values_path(text))

    snapshots = []
    for height, (_, _, per_validator) in enumerate(run_blocks(tree, actions), 1):
        powers = {address: power_at(read, address, height) for _, address in ACCOUNTS}
        for _, address in ACCOUNTS:
            assert powers[address] == per_validator.get(address, 0)
        snapshots.append(powers)
    run_blocks_after(tree, len(actions), extra_blocks)
    for height, powers in enumerate(snapshots, 1):
        assert powers == {address: power_at(read, address, height) for _, address in ACCOUNTS}


def stakes_of(tree: StateTree) -> dict[tuple[str, str], int]:
    """Every (delegator, validator) stake, from the exported tree."""
    stakes = tree.export().get("values", {}).get("staking", {}).get("stakes", {})
    return {
        (delegator, validator): amount
        for delegator, validators in stakes.items()
        for validator, amount in validators.items()
    }


@given(blocks_of_actions, st.integers(0, 3))
def test_stake_at_h_is_the_stake_after_block_h_and_never_changes_later(
    actions: list[list[tuple[str, int, int, int]]], extra_blocks: int
) -> None:
    """[AIN-PLAT-STAKE-HISTORY.1] [AIN-PLAT-CHECKPOINT.1] The stake of every pair at h equals
    the stake stored after block h (a replay), read after any number of later blocks; the
    delegations at h are the positive stakes with other accounts in address order; each
    validator's power at h is the sum of the stakes with it at h, and the total bonded at h
    the sum of every stake at h [AIN-PLAT-STAKE-TOTAL.1]."""
    tree = genesis()

    def read(text: str) -> CborValue:
        return tree.value_at(values_path(text))

    pairs = [(d, v) for _, d in ACCOUNTS for _, v in ACCOUNTS]
    replayed = [stakes_of(tree)]
    for height, block_actions in enumerate(actions, 1):
        run_blocks_from(tree, height, block_actions)
        replayed.append(stakes_of(tree))
    run_blocks_after(tree, len(actions), extra_blocks)
    for height, stakes in enumerate(replayed):
        for pair in pairs:
            assert stake_at(read, *pair, height) == stakes.get(pair, 0), (height, pair)
        for _, delegator in ACCOUNTS:
            expected = sorted(
                (v, amount) for (d, v), amount in stakes.items() if d == delegator != v
            )
            assert list(delegations_at(read, delegator, height)) == expected
        for _, validator in ACCOUNTS:
            in_stakes = sum(amount for (_, v), amount in stakes.items() if v == validator)
            assert power_at(read, validator, height) == in_stakes
        assert total_bonded_at(read, height) == sum(stakes.values())
    assert stake_at(read, CAROL, CAROL, -1) == 0


def run_blocks_from(
    tree: StateTree, height: int, block_actions: list[tuple[str, int, int, int]]
) -> None:
    """Apply one block of actions at ``height`` (the keys of run_blocks, a fresh signer)."""
    signer = Signer()
    signer.timestamp = 10**6 * height
    transactions = []
    for key, (kind, sender_index, target_index, amount) in enumerate(block_actions):
        seed, sender = ACCOUNTS[sender_index]
        operation = operation_of(kind, sender, ACCOUNTS[target_index][1], amount, key)
        transactions.append(signer.sign(seed, operation))
    result = apply_block(tree, CHAIN_ID, Block(height, 1000 * height, tuple(transactions)))
    assert isinstance(result, BlockResult)


def run_blocks_after(tree: StateTree, last_height: int, count: int) -> None:
    """Later blocks that bond and unbond again."""
    signer = Signer()
    signer.timestamp = 10**9
    for offset in range(1, count + 1):
        transactions = (
            signer.sign(BOB_SEED, operation_of("bond", BOB, CAROL, 7 * AIN, offset)),
            signer.sign(CAROL_SEED, operation_of("unbond", CAROL, CAROL, AIN, offset)),
        )
        height = last_height + offset
        assert isinstance(
            apply_block(tree, CHAIN_ID, Block(height, 10**6 * height, transactions)), BlockResult
        )


parameter_value = st.one_of(
    st.integers(-2, 2),
    st.integers(0, 2**64 - 1),
    st.sampled_from([99 * AIN, 100 * AIN, 101 * AIN, 1_000, 100_000, 100_001, 10_000_000]),
    st.booleans(),
    st.none(),
    st.text(max_size=3),
    st.dictionaries(st.sampled_from(["a", "unbonding_delay"]), st.integers(0, 5), min_size=1),
)
parameter_path = st.sampled_from(
    [f"/params/{key}" for key in BOUNDS]
    + [
        "/params/staking/nothing",
        "/params/staking",
        "/params/staking/min_self_bond/a/b",
        "/params/other/x",
    ]
)


@given(st.lists(st.lists(st.tuples(parameter_path, parameter_value), max_size=4), max_size=5))
def test_a_parameter_outside_its_bounds_is_never_stored(
    blocks: list[list[tuple[str, CborValue]]],
) -> None:
    """[AIN-PLAT-PARAM-GUARD.1] [AIN-PLAT-PARAM-BOUNDS.1] [AIN-PLAT-PARAM-CONSTRAINTS.1] With
    the parameters' rule opened to anyone, arbitrary writes never leave a stored parameter
    unregistered, of the wrong type, out of bounds, or breaking min_delegation <=
    min_self_bond."""
    tree = genesis({"rules": {"/params/$area/$name": {"write": True}}})
    signer = Signer()
    for height, writes in enumerate(blocks, 1):
        transactions = tuple(
            signer.sign(ALICE_SEED, {"type": "SET_VALUE", "ref": path, "value": value})
            for path, value in writes
        )
        apply_block(tree, CHAIN_ID, Block(height, height, transactions))  # may be too long
        stored = tree.export()["values"]["params"]
        flat = {
            f"{area}/{name}": value
            for area, names in stored.items()
            for name, value in names.items()
        }
        assert set(flat) == set(BOUNDS)
        for key, value in flat.items():
            minimum, maximum = BOUNDS[key]
            assert type(value) is int and minimum <= value <= maximum, (key, value)
        assert flat["staking/min_delegation"] <= flat["staking/min_self_bond"]
        assert flat["economy/dispute_window"] < flat["economy/withdrawal_delay"]


QUEUE_SCALARS = st.one_of(
    st.integers(-2, 3), st.just(2**64 - 1), st.sampled_from(["x", ALICE, BOB]), st.booleans()
)
QUEUE_LABELS = st.sampled_from(["0", "1", "9", "10", "01", "delegator", "amount", "entries"])
WELL_FORMED_ENTRY = st.fixed_dictionaries(
    {"delegator": st.sampled_from([ALICE, BOB]), "amount": st.integers(1, 3)}
)
ODD_ENTRY = st.fixed_dictionaries(
    {"delegator": st.sampled_from([ALICE, "x"]), "amount": st.sampled_from([0, 2**64 - 1])}
)
QUEUE_ENTRIES = st.dictionaries(
    st.sampled_from(["0", "1", "9", "10", "01"]),
    st.one_of(WELL_FORMED_ENTRY, WELL_FORMED_ENTRY, WELL_FORMED_ENTRY, ODD_ENTRY, QUEUE_SCALARS),
    min_size=1,
    max_size=3,
)
QUEUE_VALUES = st.one_of(
    st.fixed_dictionaries({"count": st.integers(1, 4), "entries": QUEUE_ENTRIES}),
    st.recursive(
        QUEUE_SCALARS,
        lambda children: st.dictionaries(QUEUE_LABELS, children, min_size=1, max_size=3),
        max_leaves=8,
    ),
)


@given(queue=QUEUE_VALUES, balance=QUEUE_SCALARS)
def test_the_maturity_step_pays_all_or_nothing_whatever_the_queue(
    queue: CborValue, balance: CborValue
) -> None:
    """
    [AIN-PLAT-STAKE-MATURE.1] [AIN-PLAT-STEP-BOUND.1] Whatever genesis overrides put in a
    queue and a balance, the step never raises: it deletes the queue and adds every entry's
    amount to its delegator's balance, or it returns a code and changes nothing.
    """
    tree = build_protocol_genesis(
        GenesisSpec(
            total_supply=10,
            allocations={CAROL: 10},
            overrides={
                "values": {"/staking/unbonding/1": queue, f"/accounts/{ALICE}/balance": balance}
            },
        )
    )
    assert isinstance(tree, StateTree)
    before = tree.root_hash()
    read_before = {
        address: tree.value_at(values_path(f"/accounts/{address}/balance"))
        for address in (ALICE, BOB)
    }
    result = apply_block(tree, CHAIN_ID, Block(1, 0, ()))
    assert isinstance(result, BlockResult)
    (step,) = [step for step in result.steps if step.step_id == "staking/mature_unbondings"]
    stored_queue = tree.value_at(values_path("/staking/unbonding/1"))
    if step.code is not None:
        assert step.writes == 0 and stored_queue == queue
        return
    assert stored_queue is None and before != tree.root_hash()
    entries = queue.get("entries", {}) if isinstance(queue, dict) else {}
    assert isinstance(entries, dict)
    for address in (ALICE, BOB):
        owed = sum(
            entry["amount"]
            for entry in entries.values()
            if isinstance(entry, dict) and entry.get("delegator") == address
        )
        start = read_before[address]
        after = tree.value_at(values_path(f"/accounts/{address}/balance"))
        assert after == (start if owed == 0 else (start or 0) + owed)
