"""Economy benchmark: paying 10,000 served requests, per-request transfers against vouchers.

Run: python bench/economy.py

Both sides run signed transactions on the protocol genesis tree, and count every leaf written
to it (the call's own value, the natives' writes, replay counters included). Per request:
10,000 transactions, each a `_transfer` of the price from the executor to the provider.
Vouchers: the executor signs a cumulative voucher per request off chain (not chain work, not
timed); the provider redeems the latest one every 1,000 requests and collects it after the
dispute window: 10 `redeem_voucher` and 10 `collect` calls through the `_economy` native. The
contract, its acceptance and the reservation come first and are neither counted nor timed.
"""

from __future__ import annotations

import time
from typing import Any

from ain_ref.chain import BlockContext, apply_transaction, sign_transaction
from ain_ref.crypto import KeyPair, format_address, keypair_from_seed
from ain_ref.economy.natives import call_path
from ain_ref.economy.payments import Voucher, sign_voucher
from ain_ref.encoding import CborValue
from ain_ref.platform.genesis import GenesisSpec, build_protocol_genesis
from ain_ref.platform.steps import values_path
from ain_ref.state.tree import StateTree

CHAIN_ID = 7
REQUESTS = 10_000
BATCH = 1_000
PRICE = 3


def keypair(seed_byte: int) -> tuple[bytes, str, bytes]:
    """Seed, address text and public key of a fixed seed."""
    seed = bytes([seed_byte]) * 32
    pair = keypair_from_seed(seed)
    assert isinstance(pair, KeyPair)
    return seed, format_address(pair.public_key), pair.public_key


EXECUTOR_SEED, EXECUTOR, _ = keypair(3)
PROVIDER_SEED, PROVIDER, _ = keypair(2)
DEVELOPER_SEED, DEVELOPER, _ = keypair(1)


def leaf_count(value: CborValue) -> int:
    """How many leaves writing a value writes (a deletion counts one)."""
    if isinstance(value, dict):
        return sum(leaf_count(item) for item in value.values()) or 1
    return 1


def counting(tree: StateTree) -> list[int]:
    """Count every leaf written to ``tree`` from now on; returns the counter cell."""
    counter = [0]
    set_value, set_config = tree.set_value, tree.set_config

    def counted_set_value(path: Any, value: CborValue) -> None:
        counter[0] += leaf_count(value)
        set_value(path, value)

    def counted_set_config(path: Any, config: CborValue) -> None:
        counter[0] += 1
        set_config(path, config)

    tree.set_value = counted_set_value  # type: ignore[method-assign]
    tree.set_config = counted_set_config  # type: ignore[method-assign]
    return counter


def per_request_transfers() -> tuple[int, float]:
    """Leaf writes and seconds of 10,000 signed transfers, one per request."""
    spec = GenesisSpec(total_supply=10**12, allocations={EXECUTOR: 10**12}, parameters={})
    tree = build_protocol_genesis(spec)
    assert isinstance(tree, StateTree)
    data = [
        sign_transaction(
            EXECUTOR_SEED,
            {
                "chain_id": CHAIN_ID,
                "nonce": n,
                "timestamp": 1,
                "operation": {
                    "type": "SET_VALUE",
                    "ref": f"/transfer/{EXECUTOR}/{PROVIDER}/{n}/value",
                    "value": PRICE,
                },
            },
        )
        for n in range(REQUESTS)
    ]
    counter = counting(tree)
    context = BlockContext(CHAIN_ID, 1, 1)
    started = time.perf_counter()
    for item in data:
        receipt = apply_transaction(tree, item, context)
        assert receipt.code is None, receipt
    return counter[0], time.perf_counter() - started


def call_transaction(seed: bytes, caller: str, kind: str, value: CborValue, nonce: int) -> bytes:
    """A signed economy call: SET_VALUE of its fields at its call path, key the nonce."""
    operation: dict[str, CborValue] = {
        "type": "SET_VALUE",
        "ref": call_path(kind, caller, str(nonce)),
        "value": value,
    }
    body: dict[str, CborValue] = {
        "chain_id": CHAIN_ID,
        "nonce": nonce,
        "timestamp": 1,
        "operation": operation,
    }
    return sign_transaction(seed, body)


def contract_and_reservation(tree: StateTree) -> bytes:
    """Propose, accept and reserve on chain; the reservation's origin."""
    proposal: dict[str, CborValue] = {
        "contract_id": "c1",
        "provider": PROVIDER,
        "start_time": 100,
        "end_time": 10**9,
        "price_per_request": PRICE,
        "capacity_requests": REQUESTS,
        "provider_share_bps": 8_000,
        "developer_deposit": 1_500,
        "provider_deposit": 3_000,
    }
    reservation: dict[str, CborValue] = {
        "reservation_id": "r1",
        "contract_id": "c1",
        "requests": REQUESTS,
        "start_time": 100,
        "end_time": 10**9,
    }
    setup = (
        call_transaction(DEVELOPER_SEED, DEVELOPER, "propose_contract", proposal, 0),
        call_transaction(PROVIDER_SEED, PROVIDER, "accept_contract", {"contract_id": "c1"}, 0),
        call_transaction(EXECUTOR_SEED, EXECUTOR, "reserve", reservation, 0),
    )
    for data in setup:
        receipt = apply_transaction(tree, data, BlockContext(CHAIN_ID, 20, 1))
        assert receipt.code is None, receipt
    origin = receipt.transaction_hash
    assert isinstance(origin, bytes)
    return origin


def voucher_batches(collect_each_batch: bool) -> tuple[int, float]:
    """
    Leaf writes and seconds of 10 redemptions (batches of 1,000) and their collects.

    The provider collects after each batch's dispute window (10 collects), or once after the
    last (a later voucher replaces a pending one, so 1 collect pays all 10,000 requests).
    """
    balances = {DEVELOPER: 10**9, PROVIDER: 10**9, EXECUTOR: 10**9}
    spec = GenesisSpec(
        total_supply=3 * 10**9, allocations=balances, parameters={"economy/dispute_window": 50}
    )
    tree = build_protocol_genesis(spec)
    assert isinstance(tree, StateTree)
    origin = contract_and_reservation(tree)
    vouchers = []
    for served in range(1, REQUESTS + 1):  # the executor signs one voucher per request
        voucher = Voucher("r1", origin, 0, served, served, 10**9)
        vouchers.append((voucher, sign_voucher(EXECUTOR_SEED, voucher)))
    calls = []
    for batch in range(REQUESTS // BATCH):
        voucher, signature = vouchers[(batch + 1) * BATCH - 1]
        assert isinstance(signature, bytes)
        redeem: dict[str, CborValue] = {
            "reservation_id": "r1",
            "lane": 0,
            "nonce": voucher.nonce,
            "requests": voucher.requests,
            "expiry": voucher.expiry,
            "signature": signature,
        }
        collect: dict[str, CborValue] = {"reservation_id": "r1", "lane": 0}
        now = 1_000 + 100 * batch
        nonce = 1 + len(calls)  # the provider's nonce 0 accepted the contract
        calls.append(
            (call_transaction(PROVIDER_SEED, PROVIDER, "redeem_voucher", redeem, nonce), now)
        )
        if collect_each_batch or batch == REQUESTS // BATCH - 1:
            collect_data = call_transaction(PROVIDER_SEED, PROVIDER, "collect", collect, nonce + 1)
            calls.append((collect_data, now + 50))
    counter = counting(tree)
    started = time.perf_counter()
    for data, at in calls:
        receipt = apply_transaction(tree, data, BlockContext(CHAIN_ID, at, 2))
        assert receipt.code is None, receipt
    seconds = time.perf_counter() - started
    lane = tree.value_at(values_path("/economy/reservations/r1/lanes/0"))
    assert isinstance(lane, dict) and lane["collected_requests"] == REQUESTS
    return counter[0], seconds


def main() -> None:
    transfer_writes, transfer_seconds = per_request_transfers()
    rows = [
        ("per-request transfers: leaf writes", f"{transfer_writes:,}"),
        ("per-request transfers: time", f"{transfer_seconds:,.2f} s"),
    ]
    for label, each_batch in (("collect each batch", True), ("collect once", False)):
        voucher_writes, voucher_seconds = voucher_batches(each_batch)
        rows += [
            (f"vouchers, {label}: leaf writes", f"{voucher_writes:,}"),
            (f"vouchers, {label}: time", f"{voucher_seconds * 1000:,.1f} ms"),
            (
                f"vouchers, {label}: ratio of leaf writes",
                f"{transfer_writes / voucher_writes:,.0f}x",
            ),
            (f"vouchers, {label}: ratio of time", f"{transfer_seconds / voucher_seconds:,.0f}x"),
        ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
