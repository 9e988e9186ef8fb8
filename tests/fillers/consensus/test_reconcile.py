"""Fillers for consensus/reconcile: tentative results settled by the final order."""

from __future__ import annotations

from typing import Any

from ain_ref.chain import sign_transaction
from ain_ref.conformance.typed_json import to_typed_json
from ain_ref.consensus.simulator import SIMULATION_GENESIS
from ain_ref.crypto import format_address
from ain_ref.encoding import CborValue
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.consensus.common import (
    CHAIN_ID,
    context,
    full_rounds,
    make_event,
    public_key,
    transaction_hash,
)

ALICE_SEED, BOB_SEED = bytes([1]) * 32, bytes([2]) * 32
ALICE, BOB = format_address(public_key(ALICE_SEED)), format_address(public_key(BOB_SEED))


def set_counter(seed: bytes, address: str, value: int, nonce: int) -> bytes:
    """A signed SET_VALUE of the signer's own counter."""
    body: dict[str, CborValue] = {
        "chain_id": CHAIN_ID,
        "nonce": nonce,
        "timestamp": 1,
        "operation": {"type": "SET_VALUE", "ref": f"/counters/{address}", "value": value},
    }
    return sign_transaction(seed, body)


TX_SAME = set_counter(BOB_SEED, BOB, 7, 0)
TX_EARLY = set_counter(ALICE_SEED, ALICE, 1, 0)
TX_LATE = set_counter(ALICE_SEED, ALICE, 2, 0)


def reconcile_input(
    before: list[bytes], after: list[bytes], parameters: dict[str, int] | None = None
) -> dict[str, Any]:
    """
    A reconcile input over the simulation genesis; ``parameters`` (keys <area>/<name>, values)
    are written in the genesis at /params/<area>/<name>, where the node reads them
    [AIN-CONS-PARAMETERS.2]; the input has no ``parameters`` field.
    """
    genesis: dict[str, Any] = dict(SIMULATION_GENESIS)
    if parameters:
        genesis["values"] = {f"/params/{key}": value for key, value in parameters.items()}
    shared = {key: value for key, value in context().items() if key != "parameters"}
    return {
        **shared,
        "genesis": to_typed_json(genesis),
        "before": [event.hex() for event in before],
        "after": [event.hex() for event in after],
    }


def scenario(carried_by_x: tuple[bytes, ...] = (TX_EARLY,)) -> tuple[list[bytes], list[bytes]]:
    """
    Rounds 0 to 5; validator 3 stops after round 1, and its round-1 event X (carrying TX_EARLY)
    is named by nobody; validator 1's round-2 event Y carries TX_LATE; validator 0's round-2
    event carries TX_SAME. ``before`` is rounds 0 to 2, ``after`` rounds 3 to 5.
    """
    round_zero = full_rounds(range(1))[0]
    round_one = [
        make_event(0, 1, [round_zero[0], *round_zero[1:]]),
        make_event(1, 1, [round_zero[1], round_zero[0], *round_zero[2:]]),
        make_event(2, 1, [round_zero[2], *round_zero[:2], round_zero[3]]),
        make_event(3, 1, [round_zero[3], *round_zero[:3]], transactions=carried_by_x),
    ]
    three = round_one[:3]
    round_two = [
        make_event(0, 2, three, transactions=(TX_SAME,)),
        make_event(1, 2, [three[1], three[0], three[2]], transactions=(TX_LATE,)),
        make_event(2, 2, [three[2], three[0], three[1]]),
    ]
    later: list[bytes] = []
    below = round_two
    for round_number in range(3, 6):
        layer = [
            make_event(
                author, round_number, [below[author]] + [e for e in below if e != below[author]]
            )
            for author in range(3)
        ]
        later += layer
        below = layer
    return round_zero + round_one + round_two, later


@clauses(
    "AIN-CONS-TENTATIVE.2",
    "AIN-CONS-RECONCILE.2",
    "AIN-CONS-GC.1",
    "AIN-TX-NONCE.2",
    "AIN-CONS-PARAMETERS.2",
)
def test_reconciliation_outcomes(fill: Filler) -> None:
    """
    Tentative results end FINAL_SAME, FINAL_CHANGED, and PENDING or DROPPED.

    Given
    -----
    - alice signs two transactions with nonce 0: TX_EARLY in validator 3's round-1 event X,
      which no later event names, and TX_LATE in validator 1's round-2 event Y; bob's TX_SAME
      is in validator 0's round-2 event.

    When
    ----
    - the node holds rounds 0 to 2 (wave 0 committed, the rest pending) and takes tentative
      results: X sorts before Y, so TX_EARLY succeeds and TX_LATE is refused (nonce);
    - then rounds 3 to 5 arrive and wave 1 commits, with Y but without X.

    Then
    ----
    - TX_SAME is FINAL_SAME; TX_LATE is FINAL_CHANGED (REJECTED tentatively, SUCCESS finally);
      TX_EARLY is PENDING when the genesis stores no consensus/gc_depth (case "gc_depth_default":
      the registered default 12), and DROPPED when the genesis stores consensus/gc_depth = 1
      (case "gc_depth_1_in_genesis": X fell below the GC round). The node reads gc_depth from
      its genesis state; a client that used its own default would answer PENDING for both.
    """
    before, after = scenario()
    hashes = {
        name: transaction_hash(tx)
        for name, tx in (("same", TX_SAME), ("early", TX_EARLY), ("late", TX_LATE))
    }
    success = {"status": "SUCCESS", "code": None}
    nonce = {"status": "REJECTED", "code": "TX_NONCE_MISMATCH"}
    for stored, early_outcome, case in (
        ({}, "PENDING", "gc_depth_default"),
        ({"consensus/gc_depth": 1}, "DROPPED", "gc_depth_1_in_genesis"),
    ):
        vector_input = reconcile_input(before, after, stored)
        expected = {
            hashes["same"]: {"tentative": success, "final": success, "outcome": "FINAL_SAME"},
            hashes["early"]: {"tentative": success, "final": None, "outcome": early_outcome},
            hashes["late"]: {"tentative": nonce, "final": success, "outcome": "FINAL_CHANGED"},
        }
        result = fill_and_read(fill, vector_input, case)
        records = {record["transaction"]: record for record in result["records"]}
        assert set(records) == set(expected)
        for key, wanted in expected.items():
            assert {name: records[key][name] for name in wanted} == wanted


def fill_and_read(fill: Filler, vector_input: dict[str, Any], case: str) -> dict[str, Any]:
    """Fill a case whose block roots are the reference's, and return its output."""
    from ain_ref.conformance.handlers import find_handler

    handler = find_handler("consensus", "reconcile")
    assert handler is not None
    output = handler.run(vector_input)
    assert isinstance(output, dict)
    fill("consensus", "reconcile", vector_input, output=output, case=case)
    return output


@clauses("AIN-CONS-RECONCILE.2")
def test_placed_wins_over_pending(fill: Filler) -> None:
    """
    A transaction placed in a block is settled by its block even while a pending event still
    carries it.

    Given
    -----
    - the same DAG, but validator 3's never-named round-1 event X carries TX_SAME and
      TX_EARLY; TX_SAME is also in validator 0's round-2 event (gc_depth 12).

    When
    ----
    - the node takes tentative results after rounds 0 to 2, then rounds 3 to 5 commit wave 1.

    Then
    ----
    - TX_SAME is FINAL_SAME (placed by wave 1), not PENDING, though X still carries it;
      TX_EARLY is PENDING.
    """
    before, after = scenario((TX_SAME, TX_EARLY))
    result = fill_and_read(fill, reconcile_input(before, after), "")
    outcomes = {record["transaction"]: record["outcome"] for record in result["records"]}
    assert outcomes[transaction_hash(TX_SAME)] == "FINAL_SAME"
    assert outcomes[transaction_hash(TX_EARLY)] == "PENDING"
