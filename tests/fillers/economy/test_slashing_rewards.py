"""Fillers for slashing by evidence and for reward periods."""

from __future__ import annotations

from ain_ref.conformance.handlers.economy import run_slash
from ain_ref.economy.ledger import Ledger
from ain_ref.economy.ledger_json import ledger_from_json, ledger_to_json
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.economy.common import (
    DEVELOPER,
    END,
    EXECUTOR,
    PROVIDER,
    REPORTER,
    STRANGER,
    active_ledger,
    apply_setup,
    moved,
    output_of,
    proposed_ledger,
    reserved_ledger,
    run_blocks,
    transaction_input,
    tx,
    voucher_tx,
    with_contract_fields,
)

APPLY = ("economy", "apply_transaction")
SLASH = ("economy", "slash")


def slash_input(ledger: Ledger, time: int, call: dict[str, object]) -> dict[str, object]:
    """The input of economy/slash: the call's fields, its caller as the reporter."""
    fields = {name: value for name, value in call.items() if name not in ("type", "caller")}
    return {
        "ledger": ledger_to_json(ledger),
        "time": str(time),
        "reporter": call["caller"],
        "fields": fields,
    }


def slashed(ledger: Ledger, time: int, call: dict[str, object]) -> Ledger:
    """The ledger after an admitted slash (the reference's transition, for setups)."""
    result = run_slash(slash_input(ledger, time, call))
    assert not isinstance(result, Rejection), result
    return ledger_from_json(result["ledger"])


def slash_tx(
    evidence_type: str, evidence_id: str = "e1", evidence_time: int = 1_500
) -> dict[str, object]:
    """The reporter's slash of c1."""
    return tx(
        "slash",
        REPORTER,
        contract_id="c1",
        evidence_type=evidence_type,
        evidence_id=evidence_id,
        evidence_time=evidence_time,
    )


@clauses(
    "AIN-ECON-SLASH-ONCE.1",
    "AIN-ECON-SLASH-TABLE.2",
    "AIN-ECON-SLASH-AMOUNT.1",
    "AIN-ECON-SLASH-RECEIVERS.1",
    "AIN-ECON-SUPPLY.2",
)
def test_slash_pays_reporter_counterparty_and_burn(fill: Filler) -> None:
    """
    Each external evidence type takes its fraction of the 3,000 deposit and divides it.

    Given
    -----
    - c1 active with a provider deposit of 3,000.

    When
    ----
    - the reporter submits evidence of each external type at 1,600 (evidence time 1,500).

    Then
    ----
    - deadline_missed: 30 (reporter 3, developer 27); missed_reveal: 150 (15, 60, burn 75);
      conflicting_attestation: 3,000 (300, 1,200, burn 1,500); tee_measurement_mismatch: 1,500
      (150, 600, burn 750); equivocation: 1,500 (150, 0, burn 1,350).
    """
    pre = active_ledger()
    expected = {
        "deadline_missed": (30, 3, 27, 0),
        "missed_reveal": (150, 15, 60, 75),
        "conflicting_attestation": (3_000, 300, 1_200, 1_500),
        "tee_measurement_mismatch": (1_500, 150, 600, 750),
        "equivocation": (1_500, 150, 0, 1_350),
    }
    for evidence_type, (slashed, reporter, developer, burned) in expected.items():
        after = with_contract_fields(
            moved(
                pre,
                {REPORTER: reporter, DEVELOPER: developer},
                burned=burned,
                slashed_evidence=frozenset({"e1"}),
            ),
            provider_deposit=3_000 - slashed,
        )
        fill(
            *SLASH,
            slash_input(pre, 1_600, slash_tx(evidence_type)),
            output=output_of(after),
            case=evidence_type,
        )


@clauses("AIN-ECON-SLASH-AMOUNT.1", "AIN-ECON-SLASH-RECEIVERS.1")
def test_slash_of_a_tiny_deposit_takes_one_unit(fill: Filler) -> None:
    """
    1% of a 99-unit deposit floors to 0, so the slash takes 1: a real offence never rounds away.

    Given
    -----
    - c1 active with a provider deposit of 99.

    When
    ----
    - deadline_missed evidence (100 bps; reporter 10%, developer 90%).

    Then
    ----
    - slashed 1: reporter floor(0.1) = 0, developer floor(0.9) = 0, burned 1; deposit 98.
    """
    pre = with_contract_fields(active_ledger(), provider_deposit=99)
    pre = moved(pre, {PROVIDER: 2_901})
    after = with_contract_fields(
        moved(pre, {}, burned=1, slashed_evidence=frozenset({"e1"})), provider_deposit=98
    )
    fill(*SLASH, slash_input(pre, 1_600, slash_tx("deadline_missed")), output=output_of(after))


@clauses("AIN-ECON-SLASH-AGE.1", "AIN-ECON-SLASH-ONCE.1", "AIN-ECON-SLASH-TABLE.2")
def test_slash_refusals(fill: Filler) -> None:
    """
    Evidence is refused when its type is unknown, it was used, or the deposit is out of reach.

    Given
    -----
    - c1 active (withdrawal delay 1,000); e1 already used in one ledger; c1 settled in another.

    When
    ----
    - evidence of type "rumour"; missed_activation (an internal row); e1 again; evidence aged
      exactly 1,000 and 999; evidence from the future; against a settled contract.

    Then
    ----
    - ECON_UNKNOWN_EVIDENCE_TYPE twice; ECON_EVIDENCE_DUPLICATE; age 1,000:
      ECON_EVIDENCE_TOO_OLD, age 999 accepted; future and settled: ECON_EVIDENCE_TOO_OLD.
    """
    pre = active_ledger()
    used = slashed(pre, 1_600, slash_tx("deadline_missed"))
    settled = apply_setup(pre, END + 1_000, tx("settle_contract", DEVELOPER, contract_id="c1"))
    cases: dict[str, tuple[Ledger, dict[str, object], int, ErrorCode]] = {
        "unknown_type": (pre, slash_tx("rumour"), 1_600, ErrorCode.ECON_UNKNOWN_EVIDENCE_TYPE),
        "internal_type": (
            pre,
            slash_tx("missed_activation"),
            1_600,
            ErrorCode.ECON_UNKNOWN_EVIDENCE_TYPE,
        ),
        "unknown_contract": (
            pre,
            {**slash_tx("deadline_missed"), "contract_id": "c9"},
            1_600,
            ErrorCode.ECON_UNKNOWN_CONTRACT,
        ),
        "duplicate": (used, slash_tx("deadline_missed"), 1_700, ErrorCode.ECON_EVIDENCE_DUPLICATE),
        "age_equals_delay": (
            pre,
            slash_tx("deadline_missed"),
            2_500,
            ErrorCode.ECON_EVIDENCE_TOO_OLD,
        ),
        "future": (pre, slash_tx("deadline_missed"), 1_499, ErrorCode.ECON_EVIDENCE_TOO_OLD),
        "settled": (
            settled,
            slash_tx("deadline_missed", evidence_time=END + 500),
            END + 1_000,
            ErrorCode.ECON_EVIDENCE_TOO_OLD,
        ),
    }
    for case, (ledger, transaction, time, code) in cases.items():
        fill(*SLASH, slash_input(ledger, time, transaction), rejection=code, case=case)
    after = with_contract_fields(
        moved(pre, {REPORTER: 3, DEVELOPER: 27}, slashed_evidence=frozenset({"e1"})),
        provider_deposit=2_970,
    )
    fill(
        *SLASH,
        slash_input(pre, 2_499, slash_tx("deadline_missed")),
        output=output_of(after),
        case="age_one_below_delay",
    )


@clauses("AIN-ECON-SLASH-PROVER.1", "AIN-ECON-CALL.1")
def test_a_signers_own_slash_is_refused_on_chain(fill: Filler) -> None:
    """
    On chain a slash counts only when a prover native wrote it; a signer's own call is refused.

    Given
    -----
    - c1 active with a provider deposit of 3,000.

    When
    ----
    - the reporter signs a slash call of every external type itself, with an invented evidence
      id, and one of an unknown type.

    Then
    ----
    - ECON_SLASH_NOT_PROVEN for each (checked before the fields, so the unknown type too).
    """
    pre = active_ledger()
    for evidence_type in (
        "deadline_missed",
        "missed_reveal",
        "conflicting_attestation",
        "tee_measurement_mismatch",
        "equivocation",
        "rumour",
    ):
        fill(
            *APPLY,
            transaction_input(pre, 1_600, slash_tx(evidence_type)),
            rejection=ErrorCode.ECON_SLASH_NOT_PROVEN,
            case=evidence_type,
        )


@clauses("AIN-ECON-REWARD-PERIOD.2", "AIN-ECON-REWARD-SPLIT.2", "AIN-ECON-SUPPLY.2")
def test_reward_period_splits_by_contribution(fill: Filler) -> None:
    """
    A period's release of 1,000,000 splits 70/30, then by requests served; remainders stay.

    Given
    -----
    - pool 10,000,000; period length 10,000; work: provider 250 and stranger 500 requests;
      demand: developer 750 requests.

    When
    ----
    - anyone closes period 0 at 10,000; at 9,999.

    Then
    ----
    - providers' 700,000 by 250:500 -> 233,333 and 466,666, remainder 1 back to the pool;
      developer 300,000; pool 9,000,001; period 1; counts emptied. At 9,999: ECON_TOO_EARLY.
    """
    pre = moved(
        proposed_ledger(),
        {},
        period_work={PROVIDER.address: 250, STRANGER.address: 500},
        period_demand={DEVELOPER.address: 750},
    )
    after = moved(
        pre,
        {PROVIDER: 233_333, STRANGER: 466_666, DEVELOPER: 300_000},
        reward_pool=9_000_001,
        reward_period=1,
        period_work={},
        period_demand={},
    )
    close = tx("close_reward_period", EXECUTOR)
    fill(*APPLY, transaction_input(pre, 10_000, close), output=output_of(after), case="ok")
    fill(
        *APPLY,
        transaction_input(pre, 9_999, close),
        rejection=ErrorCode.ECON_TOO_EARLY,
        case="early",
    )
    empty = moved(pre, {}, period_work={}, period_demand={})
    after_empty = moved(empty, {}, reward_period=1)
    fill(
        *APPLY,
        transaction_input(empty, 10_000, close),
        output=output_of(after_empty),
        case="no_work",
    )
    dry = moved(pre, {}, reward_pool=10)
    after_dry = moved(
        dry,
        {PROVIDER: 2, STRANGER: 4, DEVELOPER: 3},
        reward_pool=1,
        reward_period=1,
        period_work={},
        period_demand={},
    )
    fill(
        *APPLY,
        transaction_input(dry, 10_000, close),
        output=output_of(after_dry),
        case="pool_nearly_dry",
    )


@clauses("AIN-ECON-TX-ATOMIC.2", "AIN-ECON-SUPPLY.2", "AIN-ECON-VOUCHER-REDEEM.1")
def test_scenario_batch_of_vouchers(fill: Filler) -> None:
    """
    Ten vouchers on two lanes, only the latest of each redeemed, paid in two collects.

    Given
    -----
    - r1 reserved (1,000 requests, escrow 3,000) on active c1 (provider share 80%).

    When
    ----
    - block 1,500: lane 0 vouchers for 100 and 300 requests, lane 1 for 200, then a stale
      lane 0 voucher for 250; block 1,560: both lanes collected; block 3,050: settlement.

    Then
    ----
    - receipts: the stale voucher is ECON_VOUCHER_STALE, the rest applied; 500 requests paid
      (1,500: provider 1,200, developer 300), 1,500 refunded; supply unchanged at each block.
    """
    blocks = [
        {
            "time": "1500",
            "transactions": [
                voucher_tx("r1", 0, 1, 100),
                voucher_tx("r1", 0, 2, 300),
                voucher_tx("r1", 1, 1, 200),
                voucher_tx("r1", 0, 3, 250),
            ],
        },
        {
            "time": "1560",
            "transactions": [
                tx("collect", PROVIDER, reservation_id="r1", lane=0),
                tx("collect", PROVIDER, reservation_id="r1", lane=1),
            ],
        },
        {"time": "3050", "transactions": [tx("settle_reservation", EXECUTOR, reservation_id="r1")]},
    ]
    run_blocks(
        fill,
        reserved_ledger(),
        blocks,
        receipts=[[None, None, None, "ECON_VOUCHER_STALE"], [None, None], [None]],
        deltas={PROVIDER: 1_200, DEVELOPER: 300, EXECUTOR: 1_500},
    )
