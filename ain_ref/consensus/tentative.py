"""
Tentative results and their reconciliation with the final order.

A node shows clients tentative results at once: the final state plus a replay of the events it
holds but has not committed. When consensus commits, each tentative result ends FINAL_SAME,
FINAL_CHANGED or DROPPED (or stays PENDING while its event may still commit).

Spec: spec/consensus.md, "Tentative results" ([AIN-CONS-TENTATIVE.2], [AIN-CONS-RECONCILE.2]).
Layer: consensus. Imports chain, events and consensus.*.
"""

from __future__ import annotations

from typing import Final

import attrs

from ain_ref.chain import BlockContext, Receipt, apply_transaction, decode_transaction
from ain_ref.consensus.dag import Dag
from ain_ref.consensus.execution import Executor
from ain_ref.consensus.linearise import Committer
from ain_ref.errors import Rejection
from ain_ref.events import Event

FINAL_SAME: Final = "FINAL_SAME"
FINAL_CHANGED: Final = "FINAL_CHANGED"
DROPPED: Final = "DROPPED"
PENDING: Final = "PENDING"


@attrs.frozen
class Reconciliation:
    """One transaction's tentative receipt, its final receipt (if placed), and the outcome."""

    transaction_hash: bytes
    tentative: Receipt
    final: Receipt | None
    outcome: str


def pending_events(dag: Dag, committer: Committer) -> list[Event]:
    """
    The held events that may still commit, in the linearisation's order.

    References
    ----------
    [AIN-CONS-TENTATIVE.2] Held, not committed, slot not committed, round at least the GC
    round; sorted by (round, author index, digest).
    """
    events = [
        event
        for event in dag.events.values()
        if event.digest not in committer.committed_digests
        and (event.round, dag.author_index(event)) not in committer.committed_slots
        and event.round >= dag.gc_round
    ]
    return sorted(events, key=lambda event: (event.round, dag.author_index(event), event.digest))


def tentative_results(executor: Executor, dag: Dag, committer: Committer) -> dict[bytes, Receipt]:
    """
    Replay the pending events on a copy of the final state: each new transaction's receipt.

    References
    ----------
    [AIN-CONS-TENTATIVE.2] Transactions in pending-event order, each id once (placed ones
    and repeats left out, as in [AIN-CONS-DEDUP.2]), each under the time max(last block time,
    its event's timestamp) and the next height; the final state is never touched.
    """
    tree = executor.replayed_state()
    seen = set(executor.seen)
    time, height = executor.last_time, len(executor.blocks) + 1
    results: dict[bytes, Receipt] = {}
    for event in pending_events(dag, committer):
        time = max(time, event.timestamp)
        for data in event.transactions:
            transaction = decode_transaction(data)
            if isinstance(transaction, Rejection) or transaction.id in seen:
                continue
            seen.add(transaction.id)
            context = BlockContext(executor.chain_id, time, height)
            results[transaction.id] = apply_transaction(tree, data, context)
    return results


def is_same_result(tentative: Receipt, final: Receipt) -> bool:
    """Status, code, operation codes and events all equal [AIN-CONS-RECONCILE.2]."""
    return (tentative.status, tentative.code, tentative.operation_codes, tentative.events) == (
        final.status,
        final.code,
        final.operation_codes,
        final.events,
    )


def reconcile(
    tentative: dict[bytes, Receipt], executor: Executor, dag: Dag, committer: Committer
) -> list[Reconciliation]:
    """
    Settle earlier tentative results against what has been committed since.

    References
    ----------
    [AIN-CONS-RECONCILE.2] By transaction id ([AIN-TX-ID.1]), in increasing order: placed in
    a block, FINAL_SAME when the final receipt equals the tentative one, else FINAL_CHANGED;
    not placed, PENDING while a pending event carries it, else DROPPED.
    """
    final = {
        receipt.transaction_hash: receipt
        for block in executor.blocks
        for receipt in block.receipts
        if receipt.transaction_hash is not None
    }
    carried = set()
    for event in pending_events(dag, committer):
        for data in event.transactions:
            transaction = decode_transaction(data)
            if not isinstance(transaction, Rejection):
                carried.add(transaction.id)
    records = []
    for transaction_hash in sorted(tentative):
        receipt = tentative[transaction_hash]
        placed = final.get(transaction_hash)
        if placed is not None:
            outcome = FINAL_SAME if is_same_result(receipt, placed) else FINAL_CHANGED
        else:
            outcome = PENDING if transaction_hash in carried else DROPPED
        records.append(Reconciliation(transaction_hash, receipt, placed, outcome))
    return records
