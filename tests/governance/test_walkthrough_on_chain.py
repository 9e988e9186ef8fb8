"""
Two parameter changes on chain, block by block, through the reference's public functions.

The first walks a change from its proposal through deposits, votes and the tally to the block
where it takes effect. The second passes, but another change enacted first makes it break a
constraint: it fails at its activation height and changes nothing.

The small chain: deposit period 2 blocks, voting period 3, enactment delay 2; minimum deposit
1,000 AIN, initial 100 AIN; validators alice 1,000, bob 3,000, carol 6,000 AIN of power.
"""

from __future__ import annotations

from tests.fillers.governance.chain import AIN, ALICE, BOB, CAROL
from tests.governance.chain import Chain, statuses

RAISE_MIN_DELEGATION = {"0": {"parameter": "staking/min_delegation", "value": 20 * AIN}}


def test_a_parameter_change_from_proposal_to_activation() -> None:
    """
    [AIN-GOV-SUBMIT.2] [AIN-GOV-DEPOSIT.1] [AIN-GOV-VOTE.1] [AIN-GOV-STEP.2] [AIN-GOV-ENACT.1]
    [AIN-GOV-CLAIM.1] [AIN-GOV-SUPPLY.1]
    """
    chain = Chain()
    alice_before = chain.balance(ALICE)

    # Block 1: alice proposes min_delegation 10 -> 20 AIN with the minimum initial deposit.
    # Its three heights are fixed now: deposit end 3, voting end 6, activation 8.
    result = chain.block(
        chain.call(ALICE, "submit", {"change": RAISE_MIN_DELEGATION, "deposit": 100 * AIN})
    )
    assert statuses(result) == [None]
    proposal = chain.proposal("0")
    assert (proposal["status"], proposal["deposit"]) == ("deposit", 100 * AIN)
    assert (proposal["deposit_end"], proposal["voting_end"], proposal["activation"]) == (3, 6, 8)
    assert chain.balance(ALICE) == alice_before - 100 * AIN

    # Block 2: bob tops the deposit up to the 1,000 AIN minimum. Anyone may deposit.
    assert statuses(
        chain.block(chain.call(BOB, "deposit", {"proposal": "0", "amount": 900 * AIN}))
    ) == [None]

    # Block 3 ends the deposit period: the vote opens, the snapshot is height 3.
    chain.block()
    assert chain.proposal("0")["status"] == "voting"
    assert chain.proposal("0")["total_power"] == 10_000 * AIN

    # Blocks 4 and 5: each validator's vote weighs its power at the snapshot.
    chain.block(
        chain.call(CAROL, "vote", {"proposal": "0", "option": "yes"}),
        chain.call(BOB, "vote", {"proposal": "0", "option": "no"}),
    )
    chain.block(chain.call(ALICE, "vote", {"proposal": "0", "option": "yes"}))
    assert chain.proposal("0")["tally"] == {"yes": 7_000 * AIN, "no": 3_000 * AIN}

    # Block 6 closes the vote: 7,000 of 10,000 voted yes; quorum 334/1000, pass 1/2: passed.
    chain.block()
    assert chain.proposal("0")["status"] == "passed"

    # Block 7: still the old value; block 8, the activation height, enacts the change.
    chain.block()
    assert chain.parameter("staking/min_delegation") == 10 * AIN
    chain.block()
    assert chain.proposal("0")["status"] == "enacted"
    assert chain.parameter("staking/min_delegation") == 20 * AIN

    # Block 9: each depositor pulls its refund back; governance holds nothing after.
    chain.block(
        chain.call(ALICE, "claim", {"proposal": "0"}), chain.call(BOB, "claim", {"proposal": "0"})
    )
    assert chain.balance(ALICE) == alice_before
    assert chain.proposal("0")["deposit"] == 0
    assert chain.supply_parts() == chain.total_supply()


def test_a_change_that_fails_at_enactment_changes_nothing() -> None:
    """[AIN-GOV-ENACT.1] [AIN-GOV-CHANGE-CHECK.1] [AIN-GOV-DEPOSIT-OUTCOME.1]"""
    chain = Chain()

    # Block 1: two proposals, each valid over today's values (min_delegation 10 AIN,
    # min_self_bond 1,000 AIN): raise min_delegation to 900 AIN; lower min_self_bond to 500.
    chain.block(
        chain.call(
            ALICE,
            "submit",
            {
                "change": {"0": {"parameter": "staking/min_delegation", "value": 900 * AIN}},
                "deposit": 1_000 * AIN,
            },
        ),
        chain.call(
            ALICE,
            "submit",
            {
                "change": {"0": {"parameter": "staking/min_self_bond", "value": 500 * AIN}},
                "deposit": 1_000 * AIN,
            },
        ),
    )

    # Carol's 6,000 of 10,000 passes both.
    chain.blocks_until(3)
    chain.block(
        chain.call(CAROL, "vote", {"proposal": "0", "option": "yes"}),
        chain.call(CAROL, "vote", {"proposal": "1", "option": "yes"}),
    )
    chain.blocks_until(6)
    assert [chain.proposal(index)["status"] for index in "01"] == ["passed", "passed"]
    parameters_before = chain.read("/params")

    # Block 8: proposal 0 is enacted first (lower id). Proposal 1 is judged again over the new
    # values: min_delegation 900 AIN <= min_self_bond 500 AIN is false, so it fails.
    chain.blocks_until(8)
    assert [chain.proposal(index)["status"] for index in "01"] == ["enacted", "failed"]
    assert chain.parameter("staking/min_delegation") == 900 * AIN
    assert chain.parameter("staking/min_self_bond") == 1_000 * AIN
    changed = {
        (area, name)
        for area, names in chain.read("/params").items()
        for name, value in names.items()
        if parameters_before[area][name] != value
    }
    assert changed == {("staking", "min_delegation")}  # nothing of the failed change

    # A failed proposal's deposit is refunded, not burned.
    assert statuses(chain.block(chain.call(ALICE, "claim", {"proposal": "1"}))) == [None]
    assert chain.supply_parts() == chain.total_supply()
