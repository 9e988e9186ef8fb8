"""
Properties of governance on chain, over whole block sequences.

- The tally equals the recount over each voter's last counted vote, weighed at the snapshot:
  no double counting, and independent of the order and the blocks the votes came in.
- A change outside the registry or its bounds is never enacted; after any proposals, every
  stored parameter fits; a proposal that fails at enactment changes no parameter.
- The supply is conserved after every block, whatever calls are made.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ain_ref.governance.recount import recount
from ain_ref.governance.tally import Option
from ain_ref.governance.weights import voting_constituencies
from ain_ref.platform.params import check_stored_parameters, parameter_values
from ain_ref.platform.staking import delegations_at, power_at
from tests.fillers.governance.chain import AIN, ALICE, BOB, CAROL, DAVE
from tests.governance.chain import Chain

ACCOUNTS = (ALICE, BOB, CAROL, DAVE)
OPTIONS = st.sampled_from(["yes", "no", "abstain", "veto", "Yes", 1])
VOTES = st.lists(st.tuples(st.sampled_from(ACCOUNTS), OPTIONS, st.integers(4, 6)), max_size=12)
ROLES = ("developers", "providers")
LOCKED = st.fixed_dictionaries(
    {role: st.dictionaries(st.sampled_from(ACCOUNTS), st.integers(1, 900 * AIN)) for role in ROLES}
)
KEYS = st.sampled_from(
    [
        "staking/min_delegation",
        "staking/min_self_bond",
        "governance/quorum_numerator",
        "governance/quorum_denominator",
        "governance/max_open_proposals",
        "economy/dispute_window",
        "economy/withdrawal_delay",
        "platform/max_block_transactions",
        "staking/nope",
    ]
)
VALUES = st.one_of(
    st.integers(-1, 3),
    st.integers(0, 2_000 * AIN),
    st.integers(10**9, 2 * 10**15),
    st.booleans(),
    st.just("5"),
)
CHANGES = st.lists(st.tuples(KEYS, VALUES), min_size=1, max_size=3)


def submit_fields(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A submission of ``pairs`` with the full deposit."""
    change = {str(i): {"parameter": key, "value": value} for i, (key, value) in enumerate(pairs)}
    return {"change": change, "deposit": 1_000 * AIN}


def open_vote(chain: Chain, bonds: list[tuple[str, str, int]]) -> None:
    """
    Blocks 1-3: alice submits a valid change with the full deposit; block 2 holds the bonds
    (some refused: a self-bond below the minimum, a delegation to a non-validator); the vote
    opens at the end of block 3.
    """
    chain.block(chain.call(ALICE, "submit", submit_fields([("staking/min_delegation", 20 * AIN)])))
    chain.block(
        *(chain.bond(delegator, validator, amount) for delegator, validator, amount in bonds)
    )
    chain.blocks_until(3)


BONDS = st.lists(
    st.tuples(
        st.sampled_from([ALICE, BOB, DAVE]),
        st.sampled_from([ALICE, BOB, CAROL]),
        st.sampled_from([10 * AIN, 25 * AIN, 400 * AIN]),
    ),
    max_size=4,
)


@given(BONDS, BONDS, VOTES)
def test_the_tally_is_the_recount_of_last_votes(
    bonds: list[tuple[str, str, int]],
    late_bonds: list[tuple[str, str, int]],
    votes: list[tuple[str, Any, int]],
) -> None:
    """
    [AIN-GOV-VOTE.1] [AIN-GOV-POWER.1] [AIN-GOV-TALLY-RUNNING.1] The running sums equal the
    plain recount over each voter's last counted vote, weighed at the snapshot: delegators
    override in any order, no one counts twice, the blocks the votes came in do not matter, and
    bonds made after the snapshot (block 4, before the votes) change no weight.
    """
    chain = Chain()
    open_vote(chain, bonds)
    last: dict[str, str] = {}
    for height in (4, 5, 6):
        calls = [(voter, option) for voter, option, at in votes if at == height]
        late = [chain.bond(*bond) for bond in late_bonds] if height == 4 else []
        chain.block(
            *late,
            *(chain.call(voter, "vote", {"proposal": "0", "option": o}) for voter, o in calls),
        )
        for voter, option in calls:
            holds = power_at(chain.read, voter, 3) > 0 or delegations_at(chain.read, voter, 3)
            if option in {item.value for item in Option} and holds:
                last[voter] = option
    validators = [(name, power_at(chain.read, name, 3)) for name in ACCOUNTS]
    delegations = [
        (delegator, validator, stake)
        for delegator in ACCOUNTS
        for validator, stake in delegations_at(chain.read, delegator, 3)
    ]
    expected = recount([pair for pair in validators if pair[1]], delegations, last)
    tally = chain.proposal("0").get("tally", {})
    assert {option: tally.get(option, 0) for option in expected} == expected
    assert sum(expected.values()) <= chain.proposal("0")["total_power"]


@given(CHANGES, CHANGES)
def test_only_changes_that_fit_are_ever_enacted(
    first: list[tuple[str, Any]], second: list[tuple[str, Any]]
) -> None:
    """
    [AIN-GOV-CHANGE.1] [AIN-GOV-CHANGE-CHECK.1] [AIN-GOV-ENACT.1] A change outside the
    registry or its bounds is never enacted; a failed enactment changes nothing.
    """
    chain = Chain()
    before = parameter_values(chain.read)
    chain.block(
        chain.call(ALICE, "submit", submit_fields(first)),
        chain.call(BOB, "submit", submit_fields(second)),
    )
    submitted = [index for index in "01" if chain.proposal(index) is not None]
    chain.blocks_until(3)
    chain.block(*(chain.call(CAROL, "vote", {"proposal": i, "option": "yes"}) for i in submitted))
    chain.blocks_until(8)
    expected = dict(before)
    for index in submitted:
        record = chain.proposal(index)
        assert record["status"] in ("enacted", "failed")
        if record["status"] == "enacted":
            for position in range(len(record["change"])):
                entry = record["change"][str(position)]
                expected[entry["parameter"]] = entry["value"]
    assert check_stored_parameters(chain.read) is None
    assert parameter_values(chain.read) == expected


CALLS = st.lists(
    st.tuples(
        st.sampled_from(ACCOUNTS),
        st.sampled_from(["submit", "deposit", "vote", "cancel", "claim"]),
        st.sampled_from(["0", "1", "2"]),
        st.sampled_from([1, 100 * AIN, 900 * AIN, 50_000 * AIN, 10**15]),
        st.sampled_from(["yes", "no", "veto", "abstain"]),
    ),
    max_size=24,
)


@given(CALLS)
def test_the_supply_is_conserved_after_every_block(
    calls: list[tuple[str, str, str, int, str]],
) -> None:
    """[AIN-GOV-SUPPLY.1] [AIN-GOV-DEPOSIT-OUTCOME.1] Deposits, refunds and burns move amounts."""
    chain = Chain()
    for start in range(0, max(len(calls), 1), 2):
        transactions = []
        for caller, kind, proposal, amount, option in calls[start : start + 2]:
            fields: dict[str, Any] = {
                "submit": submit_fields([("staking/min_delegation", 20 * AIN)])
                | {"deposit": amount},
                "deposit": {"proposal": proposal, "amount": amount},
                "vote": {"proposal": proposal, "option": option},
                "cancel": {"proposal": proposal},
                "claim": {"proposal": proposal},
            }[kind]
            transactions.append(chain.call(caller, kind, fields))
        chain.block(*transactions)
        assert chain.supply_parts() == chain.total_supply()


def locked_values(locked: dict[str, dict[str, int]]) -> dict[str, Any]:
    """Each role's locked deposits recorded at height 0, as the economy native writes them."""
    values: dict[str, Any] = {}
    for role, accounts in locked.items():
        for account, amount in accounts.items():
            values[f"/economy/locked/{role}/history/{account}"] = {"0": amount}
        values[f"/economy/locked/{role}/total_history"] = {"0": sum(accounts.values())}
    return values


@given(LOCKED, VOTES)
def test_the_role_tallies_are_the_sums_of_last_votes(
    locked: dict[str, dict[str, int]], votes: list[tuple[str, Any, int]]
) -> None:
    """
    [AIN-GOV-CONSTITUENCY-VOTE.1] [AIN-GOV-VOTE.1] The developers' and providers' running sums
    equal, per option, the locked deposits of the voters whose last counted vote is that
    option, whatever the order and the blocks; an account with weight nowhere is refused.
    """
    chain = Chain(values=locked_values(locked))
    open_vote(chain, [])
    last: dict[str, str] = {}
    for height in (4, 5, 6):
        calls = [(voter, option) for voter, option, at in votes if at == height]
        chain.block(
            *(chain.call(voter, "vote", {"proposal": "0", "option": o}) for voter, o in calls)
        )
        for voter, option in calls:
            holds = voter in locked["developers"] or voter in locked["providers"]
            holds = holds or power_at(chain.read, voter, 3) > 0
            assert bool(voting_constituencies(chain.read, voter, 3)) == holds
            if option in {item.value for item in Option} and holds:
                last[voter] = option
    for role in ROLES:
        expected = {option.value: 0 for option in Option}
        for voter, option in last.items():
            expected[option] += locked[role].get(voter, 0)
        tally = chain.proposal("0").get(f"tally_{role}", {})
        assert {option: tally.get(option, 0) for option in expected} == expected
