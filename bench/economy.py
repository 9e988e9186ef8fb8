"""Economy benchmark: paying 10,000 served requests, per-request transfers against vouchers.

Run: python bench/economy.py

Per-request: 10,000 signed transactions, each a `_transfer` of the price from the executor to
the provider, applied to the protocol genesis tree; leaf writes are counted on the tree
(every value written, replay counters included). Vouchers: the executor signs a cumulative
voucher per request off chain; the provider redeems the latest one every 1,000 requests and
collects it after the dispute window: 10 redemptions and 10 collects on the economy ledger.
Their leaf writes are the ledger leaves each transaction changes plus one replay counter per
transaction (the economy natives are not yet wired to the tree, so this counts what that
layout would write); their time includes one envelope signature check per transaction and the
executor's 10,000 off-chain voucher signatures are not counted (they are not chain work).
"""

from __future__ import annotations

import time
from typing import Any

from ain_ref.chain import (
    BlockContext,
    SignedTransaction,
    apply_transaction,
    decode_transaction,
    sign_transaction,
    verify_signature,
)
from ain_ref.crypto import KeyPair, format_address, keypair_from_seed
from ain_ref.economy import transactions as economy
from ain_ref.economy.ledger import Ledger, Parameters
from ain_ref.economy.ledger_json import ledger_to_json
from ain_ref.economy.payments import Voucher, sign_voucher
from ain_ref.encoding import CborValue
from ain_ref.platform.genesis import GenesisSpec, build_protocol_genesis
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
_, DEVELOPER, _ = keypair(1)


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


def flattened(document: Any, prefix: str = "") -> dict[str, Any]:
    """The leaves of a JSON document by path."""
    if isinstance(document, dict) and document:
        leaves: dict[str, Any] = {}
        for key, value in document.items():
            leaves |= flattened(value, f"{prefix}/{key}")
        return leaves
    return {prefix: document}


def changed_leaves(before: Ledger, after: Ledger) -> int:
    """Ledger leaves that differ (written, changed or deleted)."""
    old, new = flattened(ledger_to_json(before)), flattened(ledger_to_json(after))
    return sum(1 for path in old.keys() | new.keys() if old.get(path) != new.get(path))


def voucher_batches() -> tuple[int, float]:
    """Leaf writes and seconds of 10 redemptions and 10 collects (batches of 1,000)."""
    balances = {DEVELOPER: 10**9, PROVIDER: 10**9, EXECUTOR: 10**9}
    ledger = Ledger(chain_id=CHAIN_ID, parameters=Parameters(dispute_window=50), balances=balances)
    proposal = {
        "type": "propose_contract",
        "caller": DEVELOPER,
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
    reservation = {
        "type": "reserve",
        "caller": EXECUTOR,
        "reservation_id": "r1",
        "contract_id": "c1",
        "requests": REQUESTS,
        "start_time": 100,
        "end_time": 10**9,
    }
    accept = {"type": "accept_contract", "caller": PROVIDER, "contract_id": "c1"}
    outcome = economy.apply_block(ledger, 20, [proposal, accept, reservation])
    assert outcome.receipts == (None, None, None), outcome.receipts
    ledger = outcome.ledger
    vouchers = []
    for served in range(1, REQUESTS + 1):  # the executor signs one voucher per request
        voucher = Voucher("r1", 0, served, served, 10**9)
        vouchers.append((voucher, sign_voucher(EXECUTOR_SEED, CHAIN_ID, voucher)))
    writes, seconds, now = 0, 0.0, 1_000
    body: dict[str, CborValue] = {
        "chain_id": CHAIN_ID,
        "nonce": 0,
        "timestamp": 1,
        "operation": {"type": "SET_VALUE", "ref": "/a", "value": 1},
    }
    envelope = sign_transaction(PROVIDER_SEED, body)
    for batch in range(REQUESTS // BATCH):
        voucher, signature = vouchers[(batch + 1) * BATCH - 1]
        assert isinstance(signature, bytes)
        redeem = {
            "type": "redeem_voucher",
            "caller": PROVIDER,
            "reservation_id": "r1",
            "lane": 0,
            "nonce": voucher.nonce,
            "requests": voucher.requests,
            "expiry": voucher.expiry,
            "signature": signature,
        }
        collect = {"type": "collect", "caller": PROVIDER, "reservation_id": "r1", "lane": 0}
        for transaction, at in ((redeem, now), (collect, now + 50)):
            started = time.perf_counter()
            envelope_check(envelope)
            result = economy.apply_transaction(ledger, transaction, at)
            seconds += time.perf_counter() - started
            assert isinstance(result, Ledger), result
            writes += changed_leaves(ledger, result) + 1  # + the replay counter
            ledger = result
        now += 100
    assert ledger.reservations["r1"].lanes[0].collected_requests == REQUESTS
    return writes, seconds


def envelope_check(envelope: bytes) -> None:
    """The chain's per-transaction signature check, which a voucher transaction also pays."""
    transaction = decode_transaction(envelope)
    assert isinstance(transaction, SignedTransaction)
    assert verify_signature(transaction) is None


def main() -> None:
    transfer_writes, transfer_seconds = per_request_transfers()
    voucher_writes, voucher_seconds = voucher_batches()
    rows = [
        ("per-request transfers: leaf writes", f"{transfer_writes:,}"),
        ("per-request transfers: time", f"{transfer_seconds:,.2f} s"),
        ("vouchers (batches of 1,000): leaf writes", f"{voucher_writes:,}"),
        ("vouchers (batches of 1,000): time", f"{voucher_seconds * 1000:,.1f} ms"),
        ("ratio of leaf writes", f"{transfer_writes / voucher_writes:,.0f}x"),
        ("ratio of time", f"{transfer_seconds / voucher_seconds:,.0f}x"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
