"""
Fillers for tasks paid from the executor's reservations: block sequences through apply_block.

Each vector is an ``execution/apply_blocks`` case on ``reserved_ledger``: contracts c0, c1, c2
at 100, 200 and 300 per request (80% to the provider), and the executor's reservations r0, r1,
r2 of ten requests on them. Every check of [AIN-EXEC-CHAIN-RESERVATIONS.2] has a refused case
with its exact code and an accepted case at the same boundary; payment, return and refund are
checked on the reservations, balances and period counts of the output ledger.
"""

from __future__ import annotations

from typing import Any

import attrs

from ain_ref.conformance.typed_json import JsonObject
from ain_ref.economy.ledger import Lane, Ledger
from ain_ref.economy.units import AMOUNT_MAX
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.execution.chain import (
    BALANCE,
    DEVELOPER,
    EXECUTOR,
    OUTPUT_A,
    OUTPUT_B,
    OUTSIDER,
    PROVIDERS,
    REPORTER,
    RESERVATION_OF,
    RESERVED_REQUESTS,
    SEAT_PRICES,
    BlockScript,
    reservation,
    reserved_ledger,
    reserved_request_fields,
)
from tests.fillers.execution.test_chain import (
    balance_in,
    commit,
    reveal,
    run_script,
    task_status,
)

FIRST, SECOND, THIRD = PROVIDERS
PRICE = sum(SEAT_PRICES)


def reserved(result: JsonObject, provider: Any) -> tuple[int, int]:
    """(requests, escrow) of the executor's reservation on a provider's contract."""
    record = result["ledger"]["reservations"][RESERVATION_OF[provider.key]]
    return int(record["requests"]), int(record["escrow"])


def count_in(result: JsonObject, table: str, party: Any) -> int:
    """A party's count in the period's ``period_work`` or ``period_demand``."""
    return int(result["ledger"][table].get(party.address, "0"))


def with_reservation(provider: Any, **changes: Any) -> Ledger:
    """``reserved_ledger`` with one provider's reservation changed."""
    ledger = reserved_ledger()
    index = PROVIDERS.index(provider)
    changed = reservation(provider, f"c{index}", SEAT_PRICES[index], **changes)
    reservations = {**ledger.reservations, changed.reservation_id: changed}
    return attrs.evolve(ledger, reservations=reservations)


def request_once(
    fill: Filler, case: str, code: str | None, ledger: Any = None, **changes: Any
) -> None:
    """A block with one request paid from the reservations, with ``code`` as its receipt."""
    script = BlockScript()
    script.block((EXECUTOR, "request", reserved_request_fields(**changes)))
    run_script(fill, script, [[code]], case=case, ledger=ledger or reserved_ledger())


@clauses(
    "AIN-EXEC-CHAIN-RESERVATIONS.2",
    "AIN-EXEC-CHAIN-PORT.2",
    "AIN-ECON-ESCROW.2",
    "AIN-ECON-ESCROW-RESERVED.1",
    "AIN-ECON-ESCROW-RESERVED-PAY.1",
    "AIN-ECON-ESCROW-RESERVED-RETURN.1",
    "AIN-ECON-REWARD-SPLIT.2",
)
def test_reserved_task_settles(fill: Filler) -> None:
    """
    A task paid from reservations settles: supporters are served requests, the other seat's
    request goes back to its reservation.

    Given
    -----
    - reservations r0, r1, r2 of ten requests at 100, 200, 300; the executor holds 1,000,000.

    When
    ----
    - height 1: request paid from r0, r1, r2 (price 600); heights 2..4: commits (A, A, B);
      heights 5..7: reveals; height 8: settle.

    Then
    ----
    - after the request each reservation has nine requests and nine prices of escrow, the
      task escrow names each part, and the executor's balance is unchanged.
    - at settlement the first provider gets 80 and the second 160, the developer 20 + 40;
      the providers' work and the developer's demand count 1, 1 and 2; r2 has ten requests
      again and r0, r1 nine; the escrow is gone; the supply never moves.
    """
    script = BlockScript()
    task_id = script.request(reserved_request_fields())

    def escrowed(result: JsonObject) -> None:
        assert [reserved(result, p) for p in PROVIDERS] == [
            (RESERVED_REQUESTS - 1, (RESERVED_REQUESTS - 1) * price) for price in SEAT_PRICES
        ]
        escrow = result["execution"]["escrows"]["map"][task_id.hex()]["map"]
        assert escrow["amount"] == {"int": str(PRICE)}
        assert balance_in(result, EXECUTOR) == BALANCE

    run_script(fill, script, [[None]], case="escrowed", ledger=reserved_ledger(), check=escrowed)
    outputs = ((FIRST, OUTPUT_A), (SECOND, OUTPUT_A), (THIRD, OUTPUT_B))
    for provider, output in outputs:
        script.block(commit(task_id, provider, output))
    for provider, output in outputs:
        script.block(reveal(task_id, provider, output))
    script.block((REPORTER, "settle", {"task_id": task_id}))

    def settled(result: JsonObject) -> None:
        assert task_status(result, task_id) == "settled"
        assert [balance_in(result, p) - BALANCE for p in PROVIDERS] == [80, 160, 0]
        assert balance_in(result, DEVELOPER) - BALANCE == 60
        assert balance_in(result, EXECUTOR) == BALANCE
        assert [count_in(result, "period_work", p) for p in PROVIDERS] == [1, 1, 0]
        assert count_in(result, "period_demand", DEVELOPER) == 2
        assert [reserved(result, p)[0] for p in PROVIDERS] == [9, 9, 10]
        assert result["execution"]["escrows"] is None

    run_script(fill, script, [[None]] * 8, case="settled", ledger=reserved_ledger(), check=settled)


@clauses(
    "AIN-ECON-ESCROW-RESERVED-RETURN.1",
    "AIN-EXEC-CHAIN-TIMEOUT.2",
    "AIN-EXEC-CANCEL.1",
)
def test_reserved_task_refunds(fill: Filler) -> None:
    """
    Expiry and cancellation give every request back to its reservation, or to the
    executor's balance once that reservation is settled.

    Given
    -----
    - reserved_ledger; for settled_meanwhile, r0's window ends at 3,000 ms.

    When
    ----
    - expired: a request at height 1, nobody commits, blocks up to the reveal deadline 9.
    - cancelled: a request at height 1, cancelled by the executor at height 2.
    - settled_meanwhile: a request at height 1; at height 4 (4,000 ms, past 3,000 + the
      dispute window of 50) the executor settles r0, taking back its nine unused requests;
      blocks up to height 9.

    Then
    ----
    - expired, cancelled: every reservation has its ten requests again and the executor's
      balance never moved.
    - settled_meanwhile: r0's part (100) goes to the executor's balance with r0's own
      refund (900): the balance grows by 1,000; r1 and r2 have ten requests again.
    """
    script = BlockScript()
    script.request(reserved_request_fields())
    script.advance_to(9)

    def restored(result: JsonObject) -> None:
        assert [reserved(result, p)[0] for p in PROVIDERS] == [RESERVED_REQUESTS] * 3
        assert balance_in(result, EXECUTOR) == BALANCE
        assert result["execution"]["escrows"] is None

    receipts: list[list[str | None]] = [[None]] + [[]] * 8
    run_script(fill, script, receipts, case="expired", ledger=reserved_ledger(), check=restored)
    script = BlockScript()
    task_id = script.request(reserved_request_fields())
    script.block((EXECUTOR, "cancel", {"task_id": task_id}))
    run_script(
        fill, script, [[None]] * 2, case="cancelled", ledger=reserved_ledger(), check=restored
    )

    script = BlockScript()
    script.request(reserved_request_fields())
    script.advance_to(3)
    script.block((EXECUTOR, "economy/settle_reservation", {"reservation_id": "r0"}))
    script.advance_to(9)

    def to_balance(result: JsonObject) -> None:
        assert balance_in(result, EXECUTOR) == BALANCE + RESERVED_REQUESTS * SEAT_PRICES[0]
        assert [reserved(result, p) for p in PROVIDERS[1:]] == [
            (RESERVED_REQUESTS, RESERVED_REQUESTS * price) for price in SEAT_PRICES[1:]
        ]
        assert result["ledger"]["reservations"]["r0"]["settled"] is True

    run_script(
        fill,
        script,
        [[None], [], [], [None]] + [[]] * 5,
        case="settled_meanwhile",
        ledger=with_reservation(FIRST, end_time=3_000),
        check=to_balance,
    )


@clauses("AIN-EXEC-CHAIN-FIELDS.3")
def test_reserved_request_malformed(fill: Filler) -> None:
    """
    A request's ``reservations`` must map exactly the seats' keys to reservation IDs.

    Given
    -----
    - reserved_ledger.

    When
    ----
    - not_a_map: reservations is a text; missing_seat: the third seat has no reservation;
      extra_seat: a fourth key beside the three seats; bad_id: the first seat's ID is "r 0".

    Then
    ----
    - each is EXEC_CALL_MALFORMED.
    """
    code = "EXEC_CALL_MALFORMED"
    seats = {party.key.hex(): RESERVATION_OF[party.key] for party in PROVIDERS}
    request_once(fill, "not_a_map", code, reservations="r0")
    missing = {key: value for key, value in seats.items() if key != THIRD.key.hex()}
    request_once(fill, "missing_seat", code, reservations=missing)
    request_once(fill, "extra_seat", code, reservations={**seats, "ab" * 32: "r0"})
    request_once(fill, "bad_id", code, reservations={**seats, FIRST.key.hex(): "r 0"})


@clauses("AIN-EXEC-CHAIN-RESERVATIONS.2")
def test_reserved_request_checks(fill: Filler) -> None:
    """
    Every check on a seat's reservation, refused with its code and accepted at its boundary.

    Given
    -----
    - reserved_ledger, with one reservation changed per case; a block at height 1 has time
      1,000 ms.

    When
    ----
    - unknown: the first seat names r9; other_executor: r0 is the reporter's;
      wrong_contract: the first seat names r1 (on c1); settled: r0 is settled;
      early: r0's window starts at 1,001; start_boundary: it starts at 1,000 (accepted);
      late: r0's window ends at 1,000; end_boundary: it ends at 1,001 (accepted);
      promised: r0 has 1 request, which lane 0 redeemed; one_free: r0 has 2 requests and lane
      0 redeemed 1 (accepted); last_free: r0 has 3 requests and lane 0 redeemed 2 (accepted:
      free requests are a difference, 3 - 2); no_escrow: r0 holds one request but no escrow;
      price_low, price_high: price 599 and 601; executor_broke: the executor has no balance
      (accepted: the balance is never looked at); exhausted_by_tasks: r0 holds one request,
      two requests in a row.

    Then
    ----
    - the codes ECON_UNKNOWN_RESERVATION, ECON_CALLER_NOT_PARTY,
      EXEC_RESERVATION_WRONG_CONTRACT, ECON_WRONG_STATE, ECON_TOO_EARLY, success,
      ECON_TOO_LATE, success, EXEC_RESERVATION_EXHAUSTED, success twice,
      EXEC_RESERVATION_EXHAUSTED,
      EXEC_PRICE_MISMATCH twice, success; the second of two requests on a one-request
      reservation is EXEC_RESERVATION_EXHAUSTED.
    """
    seats = {party.key.hex(): RESERVATION_OF[party.key] for party in PROVIDERS}
    request_once(
        fill, "unknown", "ECON_UNKNOWN_RESERVATION", reservations={**seats, FIRST.key.hex(): "r9"}
    )
    cases: tuple[tuple[str, str | None, dict[str, Any]], ...] = (
        ("other_executor", "ECON_CALLER_NOT_PARTY", {"executor": REPORTER.address}),
        ("settled", "ECON_WRONG_STATE", {"settled": True}),
        ("early", "ECON_TOO_EARLY", {"start_time": 1_001}),
        ("start_boundary", None, {"start_time": 1_000}),
        ("late", "ECON_TOO_LATE", {"end_time": 1_000}),
        ("end_boundary", None, {"end_time": 1_001}),
        ("promised", "EXEC_RESERVATION_EXHAUSTED", {"requests": 1, "lanes": {0: lane(1)}}),
        ("one_free", None, {"requests": 2, "lanes": {0: lane(1)}}),
        ("last_free", None, {"requests": 3, "lanes": {0: lane(2)}}),
        ("no_escrow", "EXEC_RESERVATION_EXHAUSTED", {"requests": 1, "escrow": 0}),
    )
    for case, code, changes in cases:
        request_once(fill, case, code, ledger=with_reservation(FIRST, **changes))
    swapped = {**seats, FIRST.key.hex(): "r1"}
    request_once(
        fill,
        "wrong_contract",
        ErrorCode.EXEC_RESERVATION_WRONG_CONTRACT.value,
        reservations=swapped,
    )
    request_once(fill, "price_low", ErrorCode.EXEC_PRICE_MISMATCH.value, price=PRICE - 1)
    request_once(fill, "price_high", "EXEC_PRICE_MISMATCH", price=PRICE + 1)
    balances = dict(reserved_ledger().balances)
    del balances[EXECUTOR.address]
    broke = attrs.evolve(reserved_ledger(), balances=balances)
    request_once(fill, "executor_broke", None, ledger=broke)
    script = BlockScript()
    script.request(reserved_request_fields())
    script.block((EXECUTOR, "request", reserved_request_fields(commit_deadline=6)))
    run_script(
        fill,
        script,
        [[None], ["EXEC_RESERVATION_EXHAUSTED"]],
        case="exhausted_by_tasks",
        ledger=with_reservation(FIRST, requests=1),
    )


def lane(redeemed: int) -> Lane:
    """A lane whose voucher for ``redeemed`` requests is redeemed and not yet collected."""
    return Lane(nonce=1, redeemed_requests=redeemed, ready_at=10**12)


@clauses("AIN-EXEC-CHAIN-RESERVATIONS.2", "AIN-EXEC-CHAIN-REQUEST.3")
def test_reserved_request_order(fill: Filler) -> None:
    """
    Which code wins when a reserved request breaks two things.

    Given
    -----
    - reserved_ledger; for queue_full the queue parameter is 1 and a first request fills the
      queue of height 9.

    When
    ----
    - seat_order: the first seat names r1 (wrong contract) and the second r9 (unknown);
      reservation_before_price: the first seat names r9 and the price is 599;
      deadlines_first: commit deadline 0 and the first seat names r9;
      ineligible_first: the first seat names contract c9 and reservation r9;
      agent_first: the agent is unknown and the first seat names r9;
      before_queue: the queue of height 9 is full and the price is 599.

    Then
    ----
    - EXEC_RESERVATION_WRONG_CONTRACT (seats in ascending key order),
      ECON_UNKNOWN_RESERVATION (reservations before the price), EXEC_BAD_DEADLINES,
      EXEC_PROVIDER_INELIGIBLE, EXEC_UNKNOWN_AGENT (the agent before the escrow),
      EXEC_PRICE_MISMATCH (the escrow before the queue).
    """
    seats = {party.key.hex(): RESERVATION_OF[party.key] for party in PROVIDERS}
    first, second = FIRST.key.hex(), SECOND.key.hex()
    request_once(
        fill,
        "seat_order",
        "EXEC_RESERVATION_WRONG_CONTRACT",
        reservations={**seats, first: "r1", second: "r9"},
    )
    unknown_first = {**seats, first: "r9"}
    request_once(
        fill,
        "reservation_before_price",
        "ECON_UNKNOWN_RESERVATION",
        reservations=unknown_first,
        price=PRICE - 1,
    )
    request_once(
        fill, "deadlines_first", "EXEC_BAD_DEADLINES", reservations=unknown_first, commit_deadline=0
    )
    assignments = {party.key.hex(): f"c{index}" for index, party in enumerate(PROVIDERS)}
    request_once(
        fill,
        "ineligible_first",
        "EXEC_PROVIDER_INELIGIBLE",
        reservations=unknown_first,
        assignments={**assignments, first: "c9"},
    )
    request_once(
        fill,
        "agent_first",
        "EXEC_UNKNOWN_AGENT",
        reservations=unknown_first,
        agent=OUTSIDER.address,
    )
    script = BlockScript()
    script.request(reserved_request_fields())
    script.block((EXECUTOR, "request", reserved_request_fields(price=PRICE - 1)))
    run_script(
        fill,
        script,
        [[None], ["EXEC_PRICE_MISMATCH"]],
        case="before_queue",
        ledger=reserved_ledger(),
        parameters={"execution/max_timeouts_per_height": "1"},
    )


@clauses("AIN-ECON-ESCROW-RESERVED-PAY.1")
def test_reserved_payout_count_overflow(fill: Filler) -> None:
    """
    A served request whose work count would pass 2**64 - 1 fails the settlement.

    Given
    -----
    - reserved_ledger, the first provider's period work already 2**64 - 1.

    When
    ----
    - a request at height 1; heights 2, 3: the first two commit to A; heights 5, 6: their
      reveals; height 7: settle.

    Then
    ----
    - the settle is ECON_AMOUNT_OUT_OF_RANGE and the task stays open.
    """
    ledger = attrs.evolve(reserved_ledger(), period_work={FIRST.address: AMOUNT_MAX})
    script = BlockScript()
    task_id = script.request(reserved_request_fields())
    for provider in (FIRST, SECOND):
        script.block(commit(task_id, provider))
    script.advance_to(4)
    for provider in (FIRST, SECOND):
        script.block(reveal(task_id, provider))
    script.block((REPORTER, "settle", {"task_id": task_id}))

    def still_open(result: JsonObject) -> None:
        assert task_status(result, task_id) == "open"

    receipts: list[list[str | None]] = [[None], [None], [None], [], [None], [None]]
    run_script(
        fill,
        script,
        [*receipts, ["ECON_AMOUNT_OUT_OF_RANGE"]],
        case="work",
        ledger=ledger,
        check=still_open,
    )
