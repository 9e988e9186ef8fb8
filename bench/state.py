"""State benchmark: writes with Merkle upkeep and signed transactions against 10^3..10^6 accounts.

Run: python bench/state.py [--max-accounts 1000000] [--operations 6000] [--repeat 3]

Prints one table, every figure measured in this run (the machine is noisy: compare the ratios).
Times are the process's CPU time (``time.process_time``), not the wall clock: on a machine
shared with other work, waiting for a core is not the reference's cost.
Targets (issue 8): the per-operation cost at 10^6 accounts within 1.6x of 10^3 (hot set within
1.25x), and signed transactions at least 0.9 of half the bare Ed25519 verification rate, at
every size, in the same run. Run it with another checkout's interpreter (whose ``ain_ref`` is
that checkout) to compare two versions of the reference with the same bench.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time

import nacl.signing

from ain_ref.chain import (
    BlockContext,
    SignedTransaction,
    apply_transaction,
    build_genesis,
    decode_transaction,
    sign_transaction,
)
from ain_ref.crypto import KeyPair, format_address, keypair_from_seed
from ain_ref.state.apply import Transition, apply_operation
from ain_ref.state.labels import Subtree
from ain_ref.state.operations import SetValue
from ain_ref.state.paths import StatePath
from ain_ref.state.tree import StateTree

CHAIN_ID = 1
BLOCK_TIME = 1_700_000_000_000
SIGNERS = 1000
HOT_SET = 64
"""The working set of the hot-set column: few enough accounts to stay in the CPU caches."""


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
    """
    Microseconds per SET_VALUE through its write rule, with the root recomputed after each.

    The accounts written are spread over all ``accounts`` (``accounts`` may be fewer than the
    tree holds: then they are a working set of the first ones).
    """
    transition = Transition(tree, "bench", BLOCK_TIME)
    started = time.process_time()
    for index in range(operations):
        label = f"acct{(index * 7919) % accounts:07d}"
        path = StatePath(Subtree.VALUES, ("accounts", label, "balance"))
        assert apply_operation(transition, SetValue(path, index)) is None
        tree.root_hash()
    elapsed = time.process_time() - started
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
    started = time.process_time()
    for index, data in enumerate(transactions, 1):
        receipt = apply_transaction(tree, data, context)
        assert receipt.status == "SUCCESS", receipt
        if index % block_size == 0:
            tree.root_hash()
    tree.root_hash()
    return len(transactions) / (time.process_time() - started)


def bare_verify_rate(transactions: list[bytes], rounds: int = 3) -> float:
    """
    PyNaCl Ed25519 verifications per second, alone: the very signatures the transactions
    carry, each checked with ``VerifyKey.verify`` and nothing else (keys and signed messages
    prepared beforehand).
    """
    signed = []
    for data in transactions:
        transaction = decode_transaction(data)
        assert isinstance(transaction, SignedTransaction)
        verify_key = nacl.signing.VerifyKey(transaction.signer)
        signed.append((verify_key, transaction.signature + transaction.digest))
    started = time.process_time()
    for _ in range(rounds):
        for verify_key, message in signed:
            verify_key.verify(message)
    return rounds * len(signed) / (time.process_time() - started)


def measure_size(size: int, operations: int) -> dict[str, float]:
    """
    Every figure of one row, in this process: the state of ``size`` accounts is the only one
    this process ever built, as in a node that holds it (no heap left over from other sizes).
    """
    half = operations // 2
    transactions = signed_transactions(SIGNERS + 2 * half)
    tree = genesis_with_accounts(size)
    unsigned = unsigned_rate(tree, size, operations)
    hot_set = unsigned_rate(tree, min(size, HOT_SET), operations)
    bare = bare_verify_rate(transactions[SIGNERS : SIGNERS + half])
    first_seen = signed_rate(tree, transactions[:SIGNERS], block_size=100)
    per_block = signed_rate(tree, transactions[SIGNERS : SIGNERS + half], block_size=100)
    per_transaction = signed_rate(tree, transactions[SIGNERS + half :], block_size=1)
    return {
        "size": size,
        "unsigned_us": unsigned,
        "hot_set_us": hot_set,
        "bare": bare,
        "first_seen": first_seen,
        "per_block": per_block,
        "per_transaction": per_transaction,
    }


def measure_in_child(size: int, operations: int) -> dict[str, float]:
    """Run ``measure_size`` in a fresh interpreter and read its one line of JSON."""
    command = [sys.executable, __file__, "--one-size", str(size), "--operations", str(operations)]
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def median_row(size: int, operations: int, repeat: int) -> dict[str, float]:
    """Each figure's median over ``repeat`` runs, each in its own process; ratios per run."""
    runs = [measure_in_child(size, operations) for _ in range(repeat)]
    for run in runs:
        run["signed_vs_half_bare"] = run["per_block"] / (run["bare"] / 2)
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-accounts", type=int, default=1_000_000)
    parser.add_argument("--operations", type=int, default=6000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; medians shown")
    parser.add_argument("--one-size", type=int, help="measure one size here and print JSON")
    arguments = parser.parse_args()
    if arguments.one_size is not None:
        print(json.dumps(measure_size(arguments.one_size, arguments.operations)))
        return
    sizes = [size for size in (10**3, 10**4, 10**5, 10**6) if size <= arguments.max_accounts]
    rows = [median_row(size, arguments.operations, arguments.repeat) for size in sizes]
    base_unsigned = rows[0]["unsigned_us"]
    print(
        f"{'accounts':>10} {'write+root us/op':>17} {'vs 10^3':>8} {'hot set':>8} "
        f"{'bare verify/s':>14} {'signed tx/s':>12} {'vs bare/2':>10} {'root/tx':>9} "
        f"{'first tx/signer':>16}"
    )
    for row in rows:
        print(
            f"{row['size']:>10,} {row['unsigned_us']:>17.1f} "
            f"{row['unsigned_us'] / base_unsigned:>8.2f} {row['hot_set_us']:>8.1f} "
            f"{row['bare']:>14,.0f} "
            f"{row['per_block']:>12,.0f} {row['signed_vs_half_bare']:>10.2f} "
            f"{row['per_transaction']:>9,.0f} {row['first_seen']:>16,.0f}"
        )
    print("Each figure is the median of runs in separate processes, bare verification included;")
    print("vs bare/2 is the median of each run's own ratio.")
    print("hot set: write+root with the writes confined to 64 accounts of the same state")
    print("(the growth of the tree alone, without the cache misses of a large working set).")
    print("bare verify/s: PyNaCl's VerifyKey.verify over the same transactions' signatures.")
    print("write+root: SET_VALUE through its write rule, the state root recomputed after each.")
    print("signed tx/s: decode, verify, nonce, rule, write, nonce update; the root recomputed per")
    print("block of 100; signers already seen. root/tx: the root after every transaction.")
    print("first tx/signer: a signer's first transaction also checks its key is in the")
    print("prime-order subgroup (a scalar multiplication, then remembered).")


if __name__ == "__main__":
    main()
