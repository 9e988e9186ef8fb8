"""Governance benchmark: votes tallied per second, and how the time grows with the votes.

Run: python bench/governance.py [--quick]

A snapshot of 100 validators and 50,000 delegators (each delegating to one or two validators)
is drawn with random.Random(7). Votes are drawn from the validators and delegators with a
random option, so some accounts vote several times (changed votes). For 25,000, 50,000 and
100,000 votes (--quick: 2,500 .. 10,000): the time to apply them to a RunningTally and give the
verdict, votes per second, and the time per vote (flat when the tally is linear in the votes).

On chain (``--chain``): a protocol genesis with 250, 500 and 1,000 validators (seeds drawn with
random.Random(7)); validator 0 submits a proposal with the full deposit in block 1, the vote
opens at the end of block 3, and block 4 holds one signed vote per validator. The time is
``apply_block`` of block 4 (signature checks, the ``_governance`` native, its writes), best of
3, signed beforehand; flat time per vote means a vote's cost does not grow with the votes
already counted or the validators.
"""

from __future__ import annotations

import random
import sys
import time

from ain_ref.chain import sign_transaction
from ain_ref.crypto import KeyPair, format_address, keypair_from_seed
from ain_ref.governance.calls import call_path
from ain_ref.governance.power import Delegation, Snapshot, build_snapshot
from ain_ref.governance.tally import Option, RunningTally, Threshold, Thresholds, verdict
from ain_ref.platform.blocks import Block, BlockResult, apply_block
from ain_ref.platform.genesis import GenesisSpec, build_protocol_genesis
from ain_ref.state.tree import StateTree

THRESHOLDS = Thresholds(Threshold(1, 3), Threshold(1, 2), Threshold(1, 3))


def draw_snapshot(rng: random.Random, validators: int, delegators: int) -> Snapshot:
    """Validators with own stake 1,000 .. 10,000 plus their delegations."""
    powers = {f"validator-{n}": rng.randint(1_000, 10_000) for n in range(validators)}
    delegations = []
    for n in range(delegators):
        for validator in rng.sample(sorted(powers), rng.choice((1, 1, 1, 2))):
            stake = rng.randint(1, 500)
            delegations.append(Delegation(f"delegator-{n}", validator, stake))
            powers[validator] += stake
    snapshot = build_snapshot(sorted(powers.items()), delegations)
    assert isinstance(snapshot, Snapshot)
    return snapshot


def draw_votes(rng: random.Random, snapshot: Snapshot, count: int) -> list[tuple[str, str]]:
    """Votes by validators (one in ten) and delegators, with random options."""
    validators, delegators = sorted(snapshot.powers), sorted(snapshot.delegations_of)
    options = [option.value for option in Option]
    return [
        (rng.choice(validators if rng.randrange(10) == 0 else delegators), rng.choice(options))
        for _ in range(count)
    ]


def tally_seconds(snapshot: Snapshot, votes: list[tuple[str, str]]) -> tuple[float, str]:
    """Seconds to apply the votes and give the verdict, and the outcome."""
    started = time.perf_counter()
    tally = RunningTally(snapshot)
    for voter, option in votes:
        assert tally.cast(voter, option) is None
    outcome = verdict(tally.sums, snapshot.total_power, THRESHOLDS).outcome
    return time.perf_counter() - started, outcome


def main(quick: bool) -> None:
    """Print the table."""
    rng = random.Random(7)
    snapshot = draw_snapshot(rng, 100, 5_000 if quick else 50_000)
    sizes = (2_500, 5_000, 10_000) if quick else (25_000, 50_000, 100_000)
    print(f"snapshot: {len(snapshot.powers)} validators, {len(snapshot.delegations_of)} delegators")
    print(f"{'votes':>8} {'seconds':>9} {'votes/s':>10} {'us/vote':>8}  outcome")
    for size in sizes:
        votes = draw_votes(rng, snapshot, size)
        seconds, outcome = min(tally_seconds(snapshot, votes) for _ in range(3))
        print(
            f"{size:>8} {seconds:>9.3f} {size / seconds:>10,.0f} "
            f"{seconds / size * 1e6:>8.2f}  {outcome}"
        )


CHAIN_ID = 7
T0 = 1_700_000_000_000
SELF_BOND = 10**10


def signed_call(
    seed: bytes, caller: str, kind: str, nonce: int, fields: dict[str, object]
) -> bytes:
    """A signed governance call."""
    operation = {"type": "SET_VALUE", "ref": call_path(kind, caller, str(nonce)), "value": fields}
    body = {"chain_id": CHAIN_ID, "nonce": nonce, "timestamp": T0, "operation": operation}
    return sign_transaction(seed, body)  # type: ignore[arg-type]


def chain_with_open_vote(seeds: list[bytes]) -> tuple[StateTree, list[str]]:
    """A chain of validators (one per seed) whose proposal 0 is open for votes after block 3."""
    addresses = []
    for seed in seeds:
        keypair = keypair_from_seed(seed)
        assert isinstance(keypair, KeyPair)
        addresses.append(format_address(keypair.public_key))
    balance = 10**11
    tree = build_protocol_genesis(
        GenesisSpec(
            total_supply=len(seeds) * (SELF_BOND + balance),
            allocations=dict.fromkeys(addresses, balance),
            validators=dict.fromkeys(addresses, SELF_BOND),
            parameters={
                "governance/deposit_period": 2,
                "governance/min_deposit": 10**9,
                "governance/min_initial_deposit": 10**9,
            },
        )
    )
    assert isinstance(tree, StateTree)
    change = {"0": {"parameter": "staking/min_delegation", "value": 2 * 10**6}}
    submit = signed_call(seeds[0], addresses[0], "submit", 0, {"change": change, "deposit": 10**9})
    for height, transactions in ((1, (submit,)), (2, ()), (3, ())):
        apply_block(tree, CHAIN_ID, Block(height, T0 + height, transactions))
    return tree, addresses


def chain_vote_seconds(validators: int) -> float:
    """Seconds ``apply_block`` takes for one block of one vote per validator."""
    rng = random.Random(7)
    seeds = [rng.randbytes(32) for _ in range(validators)]
    best = float("inf")
    for _ in range(3):
        tree, addresses = chain_with_open_vote(seeds)
        votes = tuple(
            signed_call(
                seed,
                address,
                "vote",
                1 if index == 0 else 0,
                {"proposal": "0", "option": rng.choice(["yes", "no", "abstain", "veto"])},
            )
            for index, (seed, address) in enumerate(zip(seeds, addresses, strict=True))
        )
        started = time.perf_counter()
        result = apply_block(tree, CHAIN_ID, Block(4, T0 + 4, votes))
        best = min(best, time.perf_counter() - started)
        assert isinstance(result, BlockResult)
        assert all(receipt.code is None for receipt in result.receipts)
    return best


def main_chain() -> None:
    """Print the on-chain table."""
    print(f"{'votes':>8} {'seconds':>9} {'votes/s':>10} {'us/vote':>8}")
    for size in (250, 500, 1_000):
        seconds = chain_vote_seconds(size)
        print(f"{size:>8} {seconds:>9.3f} {size / seconds:>10,.0f} {seconds / size * 1e6:>8.0f}")


if __name__ == "__main__":
    if "--chain" in sys.argv:
        main_chain()
    else:
        main("--quick" in sys.argv)
