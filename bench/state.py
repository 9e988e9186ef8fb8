"""State benchmark: writes with Merkle upkeep and signed transactions against 10^3..10^6 accounts.

Run: python bench/state.py [--max-accounts 1000000] [--operations 5000]

Prints one table, every figure measured in this run (the machine is noisy: compare the ratios).
Targets (issue 4): the per-operation cost at 10^6 accounts within 1.5x of 10^3, and signed
transactions at least half the bare Ed25519 verification rate.
"""

from __future__ import annotations

import argparse
import gc
import time

import nacl.signing

from ain_ref.chain import BlockContext, apply_transaction, build_genesis, sign_transaction
from ain_ref.crypto import KeyPair, format_address, keypair_from_seed
from ain_ref.state.apply import Transition, apply_operation
from ain_ref.state.labels import Subtree
from ain_ref.state.operations import SetValue
from ain_ref.state.paths import StatePath
from ain_ref.state.tree import StateTree

CHAIN_ID = 1
BLOCK_TIME = 1_700_000_000_000
SIGNERS = 1000


def genesis_with_accounts(count: int) -> StateTree:
    """Rules of a small chain, then ``count`` accounts written straight into the tree."""
    tree = build_genesis(
        {
            "rules": {
                "/": {"write": False},
                "/accounts/$addr/balance": {"write": "util.isInteger(newData) && newData >= 0"},
                "/notes/$user/$key": {"write": "auth.addr === $user"},
            }
        }
    )
    assert isinstance(tree, StateTree)
    for index in range(count):
        tree.set_value(
            StatePath(Subtree.VALUES, ("accounts", f"acct{index:07d}", "balance")), index
        )
    tree.root_hash()
    tree.commit()
    gc.collect()
    gc.freeze()  # a long-lived node keeps its loaded state out of the cyclic collector's scans
    return tree


def unsigned_rate(tree: StateTree, accounts: int, operations: int) -> float:
    """Microseconds per SET_VALUE through its write rule, with the root recomputed after each."""
    transition = Transition(tree, "bench", BLOCK_TIME)
    started = time.perf_counter()
    for index in range(operations):
        label = f"acct{(index * 7919) % accounts:07d}"
        path = StatePath(Subtree.VALUES, ("accounts", label, "balance"))
        assert apply_operation(transition, SetValue(path, index)) is None
        tree.root_hash()
    elapsed = time.perf_counter() - started
    tree.commit()
    return elapsed / operations * 1e6


def signed_transactions(operations: int) -> list[bytes]:
    """
    Single-operation transactions from a pool of signers, each with its next nonce: the first
    SIGNERS transactions are each signer's first, the rest come from signers already seen.
    """
    seeds = [index.to_bytes(32, "big") for index in range(1, SIGNERS + 1)]
    addresses = []
    for seed in seeds:
        keypair = keypair_from_seed(seed)
        assert isinstance(keypair, KeyPair)
        addresses.append(format_address(keypair.public_key))
    transactions = []
    for index in range(operations):
        signer = index % SIGNERS
        body = {
            "chain_id": CHAIN_ID,
            "nonce": index // SIGNERS,
            "timestamp": BLOCK_TIME - 1,
            "operation": {
                "type": "SET_VALUE",
                "ref": f"/notes/{addresses[signer]}/n{index}",
                "value": index,
            },
        }
        transactions.append(sign_transaction(seeds[signer], body))
    return transactions


def signed_rate(tree: StateTree, transactions: list[bytes], block_size: int) -> float:
    """
    Signed transactions applied per second: decode, verify, nonce, rules, write, and the state
    root recomputed after every ``block_size`` transactions (1: after each one).
    """
    context = BlockContext(CHAIN_ID, BLOCK_TIME)
    started = time.perf_counter()
    for index, data in enumerate(transactions, 1):
        receipt = apply_transaction(tree, data, context)
        assert receipt.status == "SUCCESS", receipt
        if index % block_size == 0:
            tree.root_hash()
    tree.root_hash()
    return len(transactions) / (time.perf_counter() - started)


def bare_verify_rate(count: int = 5000) -> float:
    """PyNaCl Ed25519 verifications per second, alone."""
    signing_key = nacl.signing.SigningKey(bytes(range(32)))
    signed = signing_key.sign(b"x" * 64)
    verify_key = signing_key.verify_key
    started = time.perf_counter()
    for _ in range(count):
        verify_key.verify(signed)
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-accounts", type=int, default=1_000_000)
    parser.add_argument("--operations", type=int, default=5000)
    arguments = parser.parse_args()
    sizes = [size for size in (10**3, 10**4, 10**5, 10**6) if size <= arguments.max_accounts]
    half = arguments.operations // 2
    transactions = signed_transactions(SIGNERS + 2 * half)
    bare = bare_verify_rate()
    rows = []
    for size in sizes:
        tree = genesis_with_accounts(size)
        unsigned = unsigned_rate(tree, size, arguments.operations)
        first_seen = signed_rate(tree, transactions[:SIGNERS], block_size=100)
        per_block = signed_rate(tree, transactions[SIGNERS : SIGNERS + half], block_size=100)
        per_transaction = signed_rate(tree, transactions[SIGNERS + half :], block_size=1)
        rows.append((size, unsigned, first_seen, per_block, per_transaction))
        verify_key_cache_clear()
    base_unsigned = rows[0][1]
    print(
        f"bare Ed25519 verification (PyNaCl): {bare:,.0f}/s; target for signed txs: "
        f"{bare / 2:,.0f}/s"
    )
    print(
        f"{'accounts':>10} {'write+root us/op':>17} {'vs 10^3':>8} {'signed tx/s':>12} "
        f"{'vs bare/2':>10} {'root/tx':>9} {'first tx/signer':>16}"
    )
    for size, unsigned, first_seen, per_block, per_transaction in rows:
        print(
            f"{size:>10,} {unsigned:>17.1f} {unsigned / base_unsigned:>8.2f} "
            f"{per_block:>12,.0f} {per_block / (bare / 2):>10.2f} {per_transaction:>9,.0f} "
            f"{first_seen:>16,.0f}"
        )
    print("write+root: SET_VALUE through its write rule, the state root recomputed after each.")
    print("signed tx/s: decode, verify, nonce, rule, write, nonce update; the root recomputed per")
    print("block of 100; signers already seen. root/tx: the root after every transaction.")
    print("first tx/signer: a signer's first transaction also checks its key is in the")
    print("prime-order subgroup (a scalar multiplication, then remembered).")


def verify_key_cache_clear() -> None:
    """Forget the keys seen, so that each size starts cold."""
    from ain_ref.crypto import is_valid_point_memoized

    is_valid_point_memoized.cache_clear()


if __name__ == "__main__":
    main()
