"""
Properties of the constituencies' weights read from state at a snapshot height.

Random block sequences of staking and economy calls run on chain; the checks replay what each
weight must be from the stored stakes and contracts after every block (sharing no code with the
records they check), then read every height back: weights equal the replay, totals equal the
sum of the accounts' weights, and rewriting every record above a height changes no answer at
or below it.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ain_ref.economy.ledger import Ledger
from ain_ref.encoding import CborValue
from ain_ref.governance.tally import Option, RunningTally
from ain_ref.governance.weights import (
    CONSTITUENCY_ORDER,
    Constituency,
    passes_all,
    snapshot_for,
    takes_part,
    total_at,
    voting_constituencies,
    weight_at,
)
from ain_ref.platform.steps import values_path
from ain_ref.state.tree import StateTree
from tests.fillers.economy.common import (
    DEVELOPER,
    EXECUTOR,
    PROVIDER,
    REPORTER,
    EconomyChain,
    base_ledger,
)
from tests.unit.test_platform_properties import (
    ACCOUNTS,
    blocks_of_actions,
    genesis,
    run_blocks_from,
    stakes_of,
)

PARTIES = (DEVELOPER, PROVIDER, EXECUTOR, REPORTER)
CONTRACT_IDS = ("c0", "c1", "c2")

economy_action = st.one_of(
    st.tuples(
        st.just("propose"),
        st.integers(0, 3),
        st.integers(0, 3),
        st.integers(0, 2),
        st.integers(1_500, 2_000),
        st.integers(3_000, 3_500),
    ),
    st.tuples(st.sampled_from(["accept", "activate", "settle", "report"]), st.integers(0, 2)),
    st.tuples(st.sampled_from(["cancel", "terminate"]), st.integers(0, 2), st.booleans()),
    st.tuples(st.just("advance"), st.sampled_from([1, 100, 1_000, 5_000])),
)


class ContractsRun:
    """An economy chain driven by actions, with the replayed locked amounts after each block."""

    def __init__(self) -> None:
        self.chain = EconomyChain(base_ledger())
        self.time = 10
        self.replayed: list[dict[tuple[str, str], int]] = [{}]  # height -> (role, account)

    def step(self, action: tuple[Any, ...]) -> None:
        """One action: a call in a block of its own, or time passing."""
        kind = action[0]
        if kind == "advance":
            self.time += action[1]
            return
        ledger = self.chain.ledger
        contract_id = CONTRACT_IDS[action[1] if kind != "propose" else action[3]]
        contract = ledger.contracts.get(contract_id)
        if kind == "propose":
            developer, provider = PARTIES[action[1]], PARTIES[action[2]]
            self.chain.call(
                self.time,
                "propose_contract",
                developer,
                contract_id=contract_id,
                provider=provider.address,
                start_time=self.time + 50,
                end_time=self.time + 2_000,
                price_per_request=3,
                capacity_requests=10_000,
                provider_share_bps=8_000,
                developer_deposit=action[4],
                provider_deposit=action[5],
            )
        elif contract is not None:
            by_provider = len(action) > 2 and action[2]
            developer = next(p for p in PARTIES if p.address == contract.developer)
            provider = next(p for p in PARTIES if p.address == contract.provider)
            caller = {
                "accept": provider,
                "activate": provider,
                "report": developer,
                "settle": developer,
            }.get(kind, provider if by_provider else developer)
            call_kind = {
                "accept": "accept_contract",
                "activate": "activate_contract",
                "report": "report_missed_activation",
                "settle": "settle_contract",
                "cancel": "cancel_contract",
                "terminate": "terminate_contract",
            }[kind]
            self.chain.call(self.time, call_kind, caller, contract_id=contract_id)
        else:
            return
        self.time += 1
        while len(self.replayed) < self.chain.height:
            self.replayed.append(self.replayed[-1])
        self.replayed.append(locked_by_replay(self.chain.ledger))


def locked_by_replay(ledger: Ledger) -> dict[tuple[str, str], int]:
    """Each (role, account)'s locked deposits, summed from the stored contracts."""
    locked: dict[tuple[str, str], int] = {}
    for contract in ledger.contracts.values():
        for key, amount in (
            (("developers", contract.developer), contract.developer_deposit),
            (("providers", contract.provider), contract.provider_deposit),
        ):
            locked[key] = locked.get(key, 0) + amount
    return locked


def reader(tree: StateTree) -> Any:
    """A reader of /values path texts."""
    return lambda text: tree.value_at(values_path(text))


def rewrite_above(tree: StateTree, root: str, height: int, value: CborValue) -> None:
    """Overwrite every record under each checkpoint root below ``root`` above ``height``."""
    node = tree.value_at(values_path(root))
    if not isinstance(node, dict):
        return
    for label, child in node.items():
        if label.isdigit() and int(label) > height:
            tree.set_value(values_path(f"{root}/{label}"), value)
        elif isinstance(child, dict):
            rewrite_above(tree, f"{root}/{label}", height, value)


@given(st.lists(economy_action, min_size=1, max_size=14), st.integers(0, 20))
def test_locked_weights_are_the_replay_and_totals_their_sum(
    actions: list[tuple[Any, ...]], cut: int
) -> None:
    """[AIN-ECON-LOCKED.1] [AIN-ECON-LOCKED-WRITES.1] [AIN-GOV-WEIGHT.1]
    [AIN-GOV-SNAPSHOT-HEIGHT.1] After any sequence of contract calls (refused ones included),
    each account's developer and provider weight at every height equals the deposits its
    contracts held after that block; each total equals the sum of the weights; rewriting
    every record above a height leaves every answer at or below it unchanged."""
    run = ContractsRun()
    for action in actions:
        run.step(action)
    read = reader(run.chain.tree)
    answers = {}
    for height, locked in enumerate(run.replayed):
        for constituency in (Constituency.DEVELOPERS, Constituency.PROVIDERS):
            weights = {
                party.address: weight_at(read, party.address, constituency, height)
                for party in PARTIES
            }
            for address, weight in weights.items():
                assert weight == locked.get((constituency.value, address), 0), (height, address)
            total = total_at(read, constituency, height)
            assert total == sum(weights.values())
            answers[(height, constituency)] = (weights, total)
    snapshot = min(cut, len(run.replayed) - 1)
    rewrite_above(run.chain.tree, "/economy/locked", snapshot, 10**12)
    for (height, constituency), (weights, total) in answers.items():
        if height <= snapshot:
            assert total_at(read, constituency, height) == total
            for address, weight in weights.items():
                assert weight_at(read, address, constituency, height) == weight


@given(blocks_of_actions, st.integers(0, 8), st.lists(st.sampled_from(list(Option)), min_size=3))
def test_validator_weights_sum_to_the_total_and_a_full_vote_weighs_them(
    actions: list[list[tuple[str, int, int, int]]], cut: int, options: list[Option]
) -> None:
    """[AIN-GOV-WEIGHT.1] [AIN-GOV-SNAPSHOT-STATE.1] [AIN-GOV-SNAPSHOT-HEIGHT.1] Each account's
    validators weight at h is its own bonded stake after block h; the weights sum to the
    total; when every account votes, the running tally over the snapshot read from state
    gives each option exactly the weights of its voters; rewriting every staking record above
    a height changes no answer at or below it."""
    tree = genesis()
    read = reader(tree)
    replayed = [stakes_of(tree)]
    for height, block_actions in enumerate(actions, 1):
        run_blocks_from(tree, height, block_actions)
        replayed.append(stakes_of(tree))
    accounts = [address for _, address in ACCOUNTS]
    answers = {}
    for height, stakes in enumerate(replayed):
        weights = {
            account: weight_at(read, account, Constituency.VALIDATORS, height)
            for account in accounts
        }
        for account in accounts:
            own = sum(amount for (d, _), amount in stakes.items() if d == account)
            assert weights[account] == own
        total = total_at(read, Constituency.VALIDATORS, height)
        assert total == sum(weights.values())
        answers[height] = (weights, total)
        voted = dict(zip(accounts, options, strict=False))
        tally = RunningTally(snapshot_for(read, accounts, height))
        assert tally.snapshot.total_power == total
        for account, option in voted.items():
            tally.cast(account, option.value)
        for option in Option:
            expected = sum(weights[a] for a, chosen in voted.items() if chosen is option)
            assert tally.sums[option] == expected
    snapshot = min(cut, len(replayed) - 1)
    for root in ("/staking/stake_history", "/staking/power_history", "/staking/total_history"):
        rewrite_above(tree, root, snapshot, 10**12)
    for height, (weights, total) in answers.items():
        if height <= snapshot:
            assert total_at(read, Constituency.VALIDATORS, height) == total
            for account in accounts:
                assert weight_at(read, account, Constituency.VALIDATORS, height) == weights[account]


def test_voting_constituencies_and_the_combination_rule() -> None:
    """[AIN-GOV-CONSTITUENCY.1] [AIN-GOV-CONSTITUENCY-VOTE.1] [AIN-GOV-COMBINE.1] A developer
    with a locked deposit votes among developers; a genesis validator among validators; a
    constituency whose total is below the minimum does not take part, at it exactly it does;
    the proposal passes only when every taking-part outcome is passed."""
    assert [c.value for c in CONSTITUENCY_ORDER] == ["validators", "developers", "providers"]
    run = ContractsRun()
    run.step(("propose", 0, 1, 0, 1_500, 3_000))
    read = reader(run.chain.tree)
    height = run.chain.height
    assert voting_constituencies(read, DEVELOPER.address, height) == (Constituency.DEVELOPERS,)
    assert voting_constituencies(read, DEVELOPER.address, height - 1) == ()
    assert voting_constituencies(read, PROVIDER.address, height) == ()  # not yet accepted
    assert takes_part(read, Constituency.DEVELOPERS, height, 1_500)
    assert not takes_part(read, Constituency.DEVELOPERS, height, 1_501)
    assert not takes_part(read, Constituency.PROVIDERS, height, 1)
    assert takes_part(read, Constituency.VALIDATORS, height, 10**15)
    platform_read = reader(genesis())
    carol = ACCOUNTS[2][1]
    assert voting_constituencies(platform_read, carol, 0) == (Constituency.VALIDATORS,)
    passed, rejected = "passed", "rejected"
    assert passes_all([(Constituency.VALIDATORS, passed), (Constituency.PROVIDERS, passed)])
    assert not passes_all([(Constituency.VALIDATORS, passed), (Constituency.DEVELOPERS, rejected)])
    assert not passes_all([(Constituency.VALIDATORS, "vetoed")])
    assert not passes_all([(Constituency.DEVELOPERS, passed)])
