"""Fillers for edges a mutation run found unguarded: the native call depth, a SET's size, the
transaction size, taken exactly on both sides."""

from __future__ import annotations

from ain_ref.chain import sign_transaction
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.state.common import (
    BLOCK_TIME,
    BOB,
    BOB_SEED,
    CHAIN_ID,
    apply_vector,
    base_genesis,
    set_value,
    transaction,
)
from tests.fillers.state.test_hardening import OK, failed, rejected


def relay_genesis() -> dict[str, CborValue]:
    """Anyone may write below /relay; each /relay/<k> is configured with its relay native."""
    return {
        "rules": {"/": {"write": False}, "/relay/$k": {"write": True}},
        "functions": {
            f"/relay/{position}": {
                f"_test_relay_{position}": {
                    "function_type": "NATIVE",
                    "function_id": f"_test_relay_{position}",
                }
            }
            for position in range(1, 10)
        },
    }


@clauses("AIN-STATE-FUNCTION-DEPTH.1", "AIN-STATE-FUNCTION-RELAY.1")
def test_native_call_depth_is_taken_exactly(fill: Filler) -> None:
    """
    Natives may nest eight deep, not nine.

    Given
    -----
    - the relay natives configured at /relay/1 .. /relay/9, every /relay/<k> writable.

    When
    ----
    - bob writes 5 to /relay/2 (eight relays, the last at depth 8); then 6 to /relay/1 (the
      ninth relay would run at depth 9); then deletes /relay/2 (a null fires them too).

    Then
    ----
    - SUCCESS (work 8: his write and seven relayed ones), FAILED with
      FUNCTION_DEPTH_EXCEEDED (nothing written, his nonce spent), SUCCESS.
    """
    output = apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, set_value("/relay/2", 5)),
            transaction(BOB_SEED, set_value("/relay/1", 6), nonce=1),
            transaction(BOB_SEED, set_value("/relay/2", None), nonce=2),
        ],
        [OK, failed(ErrorCode.FUNCTION_DEPTH_EXCEEDED), OK],
        genesis=relay_genesis(),
    )
    assert output["receipts"][0]["work"] == 8


@clauses("AIN-STATE-SET.1")
def test_set_sizes_are_taken_exactly(fill: Filler) -> None:
    """
    A SET holds 1 to 50 operations: both ends allowed, 0 and 51 refused.

    Given
    -----
    - the base genesis (bob may write below /notes/<bob>).

    When
    ----
    - bob sends a SET of exactly one write, one of exactly 50, then one of 51.

    Then
    ----
    - SUCCESS, SUCCESS, then FAILED with OPERATION_LIST_INVALID.
    """

    def writes(count: int) -> dict[str, CborValue]:
        return {
            "type": "SET",
            "op_list": [set_value(f"/notes/{BOB}/n{index}", index) for index in range(count)],
        }

    apply_vector(
        fill,
        "",
        [
            transaction(BOB_SEED, writes(1)),
            transaction(BOB_SEED, writes(50), nonce=1),
            transaction(BOB_SEED, writes(51), nonce=2),
        ],
        [OK, OK, failed(ErrorCode.OPERATION_LIST_INVALID)],
    )


def transaction_of_size(size: int) -> str:
    """Bob's signed note write whose canonical bytes are exactly ``size`` long, hex."""
    for padding in range(size - 300, size):
        body: dict[str, CborValue] = {
            "chain_id": CHAIN_ID,
            "nonce": 0,
            "timestamp": BLOCK_TIME - 1000,
            "operation": set_value(f"/notes/{BOB}/long", "x" * padding),
        }
        data = sign_transaction(BOB_SEED, body)
        if len(data) == size:
            return data.hex()
    raise AssertionError(f"no padding gives {size} bytes")


@clauses("AIN-TX-SIZE.1")
def test_transaction_size_is_taken_exactly(fill: Filler) -> None:
    """
    A transaction of exactly 65,536 bytes is applied; one of 65,537 is refused.

    Given
    -----
    - the base genesis; bob's note write padded to exactly 65,536 bytes, and the same padded
      to 65,537.

    When
    ----
    - the longer is applied, then the one at the limit.

    Then
    ----
    - REJECTED with TX_TOO_LARGE (the nonce stays 0), then SUCCESS.
    """
    at_limit, over_limit = transaction_of_size(65_536), transaction_of_size(65_537)
    assert len(at_limit) == 2 * 65_536 and len(over_limit) == 2 * 65_537
    apply_vector(
        fill,
        "",
        [over_limit, at_limit],
        [rejected(ErrorCode.TX_TOO_LARGE), OK],
        genesis=base_genesis(),
    )
