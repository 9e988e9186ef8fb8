"""Fillers for the service contract state machine: every transition, its deltas and codes."""

from __future__ import annotations

from ain_ref.economy.ledger import Contract, ContractState
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.economy.common import (
    DEVELOPER,
    END,
    PARAMETERS,
    PROVIDER,
    RAW_VALUE,
    REPORTER,
    START,
    STRANGER,
    accepted_ledger,
    active_ledger,
    base_ledger,
    moved,
    output_of,
    proposal,
    proposed_ledger,
    transaction_input,
    tx,
    with_contract_fields,
)

APPLY = ("economy", "apply_transaction")
GRACE_END = START + PARAMETERS.activation_grace


@clauses(
    "AIN-ECON-CONTRACT-PROPOSE.1",
    "AIN-ECON-DEPOSIT-FORMULA.1",
    "AIN-ECON-SUPPLY.2",
    "AIN-ECON-RECORD.1",
    "AIN-ECON-CALL-WRITES.1",
    "AIN-ECON-CALL-LOAD.1",
    "AIN-ECON-HANDLER-GENESIS.2",
)
def test_propose_locks_the_developer_deposit(fill: Filler) -> None:
    """
    A proposal with deposits exactly at the formula locks the developer's deposit.

    Given
    -----
    - the developer holds 1,000,000; the contract is 10,000 requests at 3 (value 30,000);
    - rates 500 and 1,000 bps: required deposits ceil(1,500) and ceil(3,000).

    When
    ----
    - the developer proposes c1 at time 10 with deposits 1,500 and 3,000.

    Then
    ----
    - balance[developer] -= 1,500; c1 is proposed with 1,500 locked and 3,000 due.
    """
    pre = base_ledger()
    contract = Contract(
        contract_id="c1",
        developer=DEVELOPER.address,
        provider=PROVIDER.address,
        start_time=START,
        end_time=END,
        price_per_request=3,
        capacity_requests=10_000,
        provider_share_bps=8_000,
        developer_deposit=1_500,
        provider_deposit=0,
        provider_deposit_due=3_000,
        state=ContractState.PROPOSED,
    )
    after = moved(pre, {DEVELOPER: -1_500}, contracts={"c1": contract})
    fill(*APPLY, transaction_input(pre, 10, proposal()), output=output_of(after))


@clauses("AIN-ECON-DEPOSIT-FORMULA.1", "AIN-ECON-PRODUCT.1")
def test_deposit_rounds_up_at_the_one_unit_edge(fill: Filler) -> None:
    """
    Required deposits round up: a value of 30,001 needs ceil(1,500.05) = 1,501 from the developer.

    Given
    -----
    - a contract of 30,001 requests at 1 unit (value 30,001).

    When
    ----
    - the developer deposit is 1,500 (one unit short), then 1,501 (exact).

    Then
    ----
    - 1,500 is refused with ECON_DEPOSIT_TOO_SMALL; 1,501 is accepted.
    """
    pre = base_ledger()
    terms = {"price_per_request": 1, "capacity_requests": 30_001, "provider_deposit": 3_001}
    fill(
        *APPLY,
        transaction_input(pre, 10, proposal(developer_deposit=1_500, **terms)),
        rejection=ErrorCode.ECON_DEPOSIT_TOO_SMALL,
        case="one_short",
    )
    contract = Contract(
        contract_id="c1",
        developer=DEVELOPER.address,
        provider=PROVIDER.address,
        start_time=START,
        end_time=END,
        price_per_request=1,
        capacity_requests=30_001,
        provider_share_bps=8_000,
        developer_deposit=1_501,
        provider_deposit=0,
        provider_deposit_due=3_001,
        state=ContractState.PROPOSED,
    )
    after = moved(pre, {DEVELOPER: -1_501}, contracts={"c1": contract})
    fill(
        *APPLY,
        transaction_input(pre, 10, proposal(developer_deposit=1_501, **terms)),
        output=output_of(after),
        case="exact",
    )


@clauses("AIN-ECON-CONTRACT-PROPOSE.1", "AIN-ECON-CONTRACT-TERMS.1", "AIN-ECON-TX-FORMAT.2")
def test_propose_refusals_in_check_order(fill: Filler) -> None:
    """
    Each proposal check has its code, and the earlier check wins when two fail.

    Given
    -----
    - the base ledger; c1 already proposed for the duplicate case.

    When
    ----
    - proposals with a bad field, a taken ID, bad terms, a value past 2**64 - 1, a small
      provider deposit, and a deposit above the developer's balance.

    Then
    ----
    - ECON_MALFORMED, ECON_DUPLICATE_ID, ECON_BAD_TERMS, ECON_AMOUNT_OUT_OF_RANGE,
      ECON_DEPOSIT_TOO_SMALL, ECON_INSUFFICIENT_BALANCE respectively.
    """
    pre = base_ledger()
    cases = {
        "malformed_price": (pre, proposal(price_per_request="3.0"), ErrorCode.ECON_MALFORMED),
        "malformed_provider": (pre, proposal(provider="ain00"), ErrorCode.ECON_MALFORMED),
        "negative_time": (pre, proposal(start_time="-1"), ErrorCode.ECON_MALFORMED),
        "id_too_long": (pre, proposal(contract_id="c" * 65), ErrorCode.ECON_MALFORMED),
        "duplicate_id_before_bad_terms": (
            proposed_ledger(),
            proposal(start_time=END),
            ErrorCode.ECON_DUPLICATE_ID,
        ),
        "start_not_after_now": (pre, proposal(start_time=10), ErrorCode.ECON_BAD_TERMS),
        "end_not_after_start": (pre, proposal(end_time=START), ErrorCode.ECON_BAD_TERMS),
        "self_provider": (pre, proposal(provider=DEVELOPER.address), ErrorCode.ECON_BAD_TERMS),
        "zero_price": (pre, proposal(price_per_request=0), ErrorCode.ECON_BAD_TERMS),
        "zero_capacity": (pre, proposal(capacity_requests=0), ErrorCode.ECON_BAD_TERMS),
        "share_above_scale": (pre, proposal(provider_share_bps=10_001), ErrorCode.ECON_BAD_TERMS),
        "value_past_u64": (
            pre,
            proposal(price_per_request=2**32, capacity_requests=2**32),
            ErrorCode.ECON_AMOUNT_OUT_OF_RANGE,
        ),
        "provider_deposit_short": (
            pre,
            proposal(provider_deposit=2_999),
            ErrorCode.ECON_DEPOSIT_TOO_SMALL,
        ),
        "balance_short": (
            pre,
            proposal(developer_deposit=1_000_001),
            ErrorCode.ECON_INSUFFICIENT_BALANCE,
        ),
    }
    for case, (ledger, transaction, code) in cases.items():
        fill(*APPLY, transaction_input(ledger, 10, transaction), rejection=code, case=case)


@clauses("AIN-ECON-DEPOSIT-FORMULA.1", "AIN-ECON-PRODUCT.1", "AIN-ECON-AMOUNT.1")
def test_contract_value_at_the_u64_edge(fill: Filler) -> None:
    """
    A contract value of exactly 2**64 - 1 passes; its deposits are computed without wrapping.

    Given
    -----
    - a developer holding 2**62 (a chain's supply is below 2**63); price 1, capacity
      2**64 - 1 (value 2**64 - 1);
    - value * 500 and value * 1,000 exceed 2**64 and are taken exactly.

    When
    ----
    - the deposits are the floors (one unit below the ceilings), then the ceilings.

    Then
    ----
    - floors: ECON_DEPOSIT_TOO_SMALL; ceilings 922337203685477581 and 1844674407370955162:
      accepted, the developer's locked.
    """
    value = 2**64 - 1
    pre = base_ledger(balances={DEVELOPER.address: 2**62})
    terms = {"price_per_request": 1, "capacity_requests": value}
    floors = proposal(developer_deposit=value // 20, provider_deposit=value // 10, **terms)
    fill(
        *APPLY,
        transaction_input(pre, 10, floors),
        rejection=ErrorCode.ECON_DEPOSIT_TOO_SMALL,
        case="floors",
    )
    developer_deposit, provider_deposit = -(-value // 20), -(-value // 10)
    assert (developer_deposit, provider_deposit) == (922337203685477581, 1844674407370955162)
    contract = Contract(
        contract_id="c1",
        developer=DEVELOPER.address,
        provider=PROVIDER.address,
        start_time=START,
        end_time=END,
        price_per_request=1,
        capacity_requests=value,
        provider_share_bps=8_000,
        developer_deposit=developer_deposit,
        provider_deposit=0,
        provider_deposit_due=provider_deposit,
        state=ContractState.PROPOSED,
    )
    after = moved(pre, {DEVELOPER: -developer_deposit}, contracts={"c1": contract})
    ceilings = proposal(
        developer_deposit=developer_deposit, provider_deposit=provider_deposit, **terms
    )
    fill(*APPLY, transaction_input(pre, 10, ceilings), output=output_of(after), case="ceilings")


@clauses("AIN-ECON-CALL.1")
def test_call_kind_and_value(fill: Filler) -> None:
    """
    An unknown call kind, or a call whose value is not a map, is ECON_MALFORMED.

    Given
    -----
    - the base ledger.

    When
    ----
    - a call of kind "mint"; a proposal whose value is the text "c1".

    Then
    ----
    - ECON_MALFORMED both times.
    """
    pre = base_ledger()
    fill(
        *APPLY,
        transaction_input(pre, 10, tx("mint", DEVELOPER)),
        rejection=ErrorCode.ECON_MALFORMED,
        case="unknown_type",
    )
    not_a_map = {**tx("propose_contract", DEVELOPER), RAW_VALUE: "c1"}
    fill(
        *APPLY,
        transaction_input(pre, 10, not_a_map),
        rejection=ErrorCode.ECON_MALFORMED,
        case="value_not_a_map",
    )


@clauses("AIN-ECON-CONTRACT-ACCEPT.1", "AIN-ECON-CALLER.1", "AIN-ECON-SUPPLY.2")
def test_accept_locks_the_provider_deposit(fill: Filler) -> None:
    """
    The provider accepts before the start and locks the deposit due.

    Given
    -----
    - c1 proposed with 3,000 due from the provider.

    When
    ----
    - the provider accepts at 999 (one before the start), and other callers and times try.

    Then
    ----
    - balance[provider] -= 3,000 and c1 is accepted; the developer is ECON_CALLER_NOT_PARTY;
      accepting at 1,000 is ECON_TOO_LATE; an unknown ID is ECON_UNKNOWN_CONTRACT.
    """
    pre = proposed_ledger()
    accept = tx("accept_contract", PROVIDER, contract_id="c1")
    after = with_contract_fields(
        moved(pre, {PROVIDER: -3_000}), provider_deposit=3_000, state=ContractState.ACCEPTED
    )
    fill(*APPLY, transaction_input(pre, START - 1, accept), output=output_of(after), case="ok")
    refusals = {
        "unknown": (pre, tx("accept_contract", PROVIDER, contract_id="c9"), 10),
        "developer_calls": (pre, tx("accept_contract", DEVELOPER, contract_id="c1"), 10),
        "at_start": (pre, accept, START),
        "twice": (accepted_ledger(), accept, 30),
        "poor_provider": (moved(pre, {PROVIDER: -998_000}), accept, 10),
    }
    codes = {
        "unknown": ErrorCode.ECON_UNKNOWN_CONTRACT,
        "developer_calls": ErrorCode.ECON_CALLER_NOT_PARTY,
        "at_start": ErrorCode.ECON_TOO_LATE,
        "twice": ErrorCode.ECON_WRONG_STATE,
        "poor_provider": ErrorCode.ECON_INSUFFICIENT_BALANCE,
    }
    for case, (ledger, transaction, time) in refusals.items():
        fill(*APPLY, transaction_input(ledger, time, transaction), rejection=codes[case], case=case)


@clauses("AIN-ECON-CONTRACT-CANCEL.1", "AIN-ECON-CONTRACT-STATES.1")
def test_cancel_before_the_start_returns_both_deposits(fill: Filler) -> None:
    """
    Either party cancels before the start; both deposits return exactly.

    Given
    -----
    - c1 accepted: 1,500 and 3,000 locked.

    When
    ----
    - the provider cancels at 999; the developer cancels at 1,000; a stranger cancels.

    Then
    ----
    - at 999: developer += 1,500, provider += 3,000, c1 cancelled with ended_at 999;
      at 1,000: ECON_TOO_LATE; the stranger: ECON_CALLER_NOT_PARTY.
    """
    pre = accepted_ledger()
    after = with_contract_fields(
        moved(pre, {DEVELOPER: 1_500, PROVIDER: 3_000}),
        developer_deposit=0,
        provider_deposit=0,
        ended_at=START - 1,
        state=ContractState.CANCELLED,
    )
    cancel = tx("cancel_contract", PROVIDER, contract_id="c1")
    fill(*APPLY, transaction_input(pre, START - 1, cancel), output=output_of(after), case="ok")
    fill(
        *APPLY,
        transaction_input(pre, START, tx("cancel_contract", DEVELOPER, contract_id="c1")),
        rejection=ErrorCode.ECON_TOO_LATE,
        case="at_start",
    )
    fill(
        *APPLY,
        transaction_input(pre, 30, tx("cancel_contract", STRANGER, contract_id="c1")),
        rejection=ErrorCode.ECON_CALLER_NOT_PARTY,
        case="stranger",
    )
    fill(
        *APPLY,
        transaction_input(active_ledger(), START, cancel),
        rejection=ErrorCode.ECON_WRONG_STATE,
        case="active",
    )


@clauses("AIN-ECON-CONTRACT-ACTIVATE.1", "AIN-ECON-CONTRACT-STATES.1")
def test_activation_window_both_edges(fill: Filler) -> None:
    """
    The provider activates from the start up to, not including, start + grace.

    Given
    -----
    - c1 accepted; start 1,000; grace 100.

    When
    ----
    - activation at 999, 1,000, 1,099 and 1,100; by the developer; on a proposed contract.

    Then
    ----
    - 999: ECON_TOO_EARLY; 1,000 and 1,099: active, no balance moves; 1,100: ECON_TOO_LATE;
      the developer: ECON_CALLER_NOT_PARTY; proposed: ECON_WRONG_STATE.
    """
    pre = accepted_ledger()
    activate = tx("activate_contract", PROVIDER, contract_id="c1")
    after = with_contract_fields(pre, state=ContractState.ACTIVE)
    for time in (START, GRACE_END - 1):
        fill(
            *APPLY, transaction_input(pre, time, activate), output=output_of(after), case=str(time)
        )
    fill(
        *APPLY,
        transaction_input(pre, START - 1, activate),
        rejection=ErrorCode.ECON_TOO_EARLY,
        case="early",
    )
    fill(
        *APPLY,
        transaction_input(pre, GRACE_END, activate),
        rejection=ErrorCode.ECON_TOO_LATE,
        case="late",
    )
    fill(
        *APPLY,
        transaction_input(pre, START, tx("activate_contract", DEVELOPER, contract_id="c1")),
        rejection=ErrorCode.ECON_CALLER_NOT_PARTY,
        case="developer",
    )
    fill(
        *APPLY,
        transaction_input(proposed_ledger(), START, activate),
        rejection=ErrorCode.ECON_WRONG_STATE,
        case="proposed",
    )


@clauses(
    "AIN-ECON-CONTRACT-MISSED.1",
    "AIN-ECON-SLASH-AMOUNT.1",
    "AIN-ECON-SLASH-RECEIVERS.1",
    "AIN-ECON-SLASH-TABLE.2",
)
def test_provider_that_never_activates_loses_its_deposit(fill: Filler) -> None:
    """
    After the grace, the developer reports the missed activation: half to it, half burned.

    Given
    -----
    - c1 accepted: developer 1,500 and provider 3,000 locked; grace ends at 1,100.

    When
    ----
    - the developer reports at 1,100; reports at 1,099; the provider reports.

    Then
    ----
    - at 1,100: the 3,000 are slashed: developer += 1,500 + its own 1,500 back, burned += 1,500,
      c1 settled; at 1,099: ECON_TOO_EARLY; the provider: ECON_CALLER_NOT_PARTY.
    """
    pre = accepted_ledger()
    report = tx("report_missed_activation", DEVELOPER, contract_id="c1")
    after = with_contract_fields(
        moved(pre, {DEVELOPER: 3_000}, burned=1_500),
        developer_deposit=0,
        provider_deposit=0,
        ended_at=GRACE_END,
        state=ContractState.SETTLED,
    )
    fill(*APPLY, transaction_input(pre, GRACE_END, report), output=output_of(after), case="ok")
    fill(
        *APPLY,
        transaction_input(pre, GRACE_END - 1, report),
        rejection=ErrorCode.ECON_TOO_EARLY,
        case="early",
    )
    fill(
        *APPLY,
        transaction_input(
            pre, GRACE_END, tx("report_missed_activation", PROVIDER, contract_id="c1")
        ),
        rejection=ErrorCode.ECON_CALLER_NOT_PARTY,
        case="provider",
    )
    fill(
        *APPLY,
        transaction_input(active_ledger(), GRACE_END, report),
        rejection=ErrorCode.ECON_WRONG_STATE,
        case="activated",
    )


@clauses("AIN-ECON-CONTRACT-TERMINATE.1", "AIN-ECON-SLASH-TABLE.2", "AIN-ECON-SLASH-AMOUNT.1")
def test_termination_by_each_party(fill: Filler) -> None:
    """
    The developer terminates freely; a provider's exit costs 20% of its deposit to the developer.

    Given
    -----
    - c1 active: 1,500 and 3,000 locked; end 5,000.

    When
    ----
    - the developer terminates at 2,000; the provider terminates at 2,000; anyone at 5,000.

    Then
    ----
    - developer: c1 terminated at 2,000, no balance moves; provider: 600 of its deposit to the
      developer, 2,400 stay locked; at 5,000: ECON_TOO_LATE (expired, not terminable).
    """
    pre = active_ledger()
    by_developer = with_contract_fields(pre, state=ContractState.TERMINATED, ended_at=2_000)
    fill(
        *APPLY,
        transaction_input(pre, 2_000, tx("terminate_contract", DEVELOPER, contract_id="c1")),
        output=output_of(by_developer),
        case="developer",
    )
    by_provider = with_contract_fields(
        moved(pre, {DEVELOPER: 600}),
        provider_deposit=2_400,
        state=ContractState.TERMINATED,
        ended_at=2_000,
    )
    fill(
        *APPLY,
        transaction_input(pre, 2_000, tx("terminate_contract", PROVIDER, contract_id="c1")),
        output=output_of(by_provider),
        case="provider",
    )
    fill(
        *APPLY,
        transaction_input(pre, END, tx("terminate_contract", DEVELOPER, contract_id="c1")),
        rejection=ErrorCode.ECON_TOO_LATE,
        case="expired",
    )
    fill(
        *APPLY,
        transaction_input(
            accepted_ledger(), 30, tx("terminate_contract", REPORTER, contract_id="c1")
        ),
        rejection=ErrorCode.ECON_CALLER_NOT_PARTY,
        case="stranger",
    )
    fill(
        *APPLY,
        transaction_input(
            accepted_ledger(), 30, tx("terminate_contract", DEVELOPER, contract_id="c1")
        ),
        rejection=ErrorCode.ECON_WRONG_STATE,
        case="not_active",
    )


@clauses("AIN-ECON-CONTRACT-SETTLE.1", "AIN-ECON-CONTRACT-STATES.1", "AIN-ECON-SUPPLY.2")
def test_settle_after_the_withdrawal_delay(fill: Filler) -> None:
    """
    Settlement is pulled by a party once end + withdrawal delay has passed; deposits return once.

    Given
    -----
    - c1 active, end 5,000, withdrawal delay 1,000.

    When
    ----
    - the provider settles at 6,000; at 5,999; the settled contract is settled again.

    Then
    ----
    - at 6,000: developer += 1,500, provider += 3,000, c1 settled; 5,999: ECON_TOO_EARLY;
      again: ECON_WRONG_STATE.
    """
    pre = active_ledger()
    settle = tx("settle_contract", PROVIDER, contract_id="c1")
    after = with_contract_fields(
        moved(pre, {DEVELOPER: 1_500, PROVIDER: 3_000}),
        developer_deposit=0,
        provider_deposit=0,
        state=ContractState.SETTLED,
    )
    fill(*APPLY, transaction_input(pre, 6_000, settle), output=output_of(after), case="ok")
    fill(
        *APPLY,
        transaction_input(pre, 5_999, settle),
        rejection=ErrorCode.ECON_TOO_EARLY,
        case="early",
    )
    fill(
        *APPLY,
        transaction_input(after, 6_001, settle),
        rejection=ErrorCode.ECON_WRONG_STATE,
        case="twice",
    )
    fill(
        *APPLY,
        transaction_input(pre, 6_000, tx("settle_contract", STRANGER, contract_id="c1")),
        rejection=ErrorCode.ECON_CALLER_NOT_PARTY,
        case="stranger",
    )
