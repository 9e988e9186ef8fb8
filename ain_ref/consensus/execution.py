"""
Execution of the committed order: committed sub-DAGs become blocks, blocks become state roots.

The final state is only ever the sequential execution of the committed order from genesis.
``execute_transactions`` is the one place a block meets the chain's transition.

Spec: spec/consensus.md, "Execution" ([AIN-CONS-BLOCK.1], [AIN-CONS-BLOCK-TIME.1],
[AIN-CONS-DEDUP.1], [AIN-CONS-EXECUTE.1]).
Layer: consensus. Imports chain and consensus.linearise.
"""

from __future__ import annotations

import attrs

from ain_ref.chain import BlockContext, Receipt, apply_transaction, decode_transaction
from ain_ref.consensus.linearise import CommittedSubDag
from ain_ref.errors import Rejection
from ain_ref.state.tree import StateTree


@attrs.frozen
class Block:
    """
    One block: its height, the leader that committed it, its time, transactions and root.

    References
    ----------
    [AIN-CONS-BLOCK.1]
    """

    height: int
    leader: bytes
    timestamp: int
    transactions: tuple[bytes, ...]
    receipts: tuple[Receipt, ...]
    state_root: bytes


def block_time(previous_time: int, sub_dag: CommittedSubDag) -> int:
    """
    A block's time: the larger of the previous block's time and its leader's timestamp.

    post: __return__ >= previous_time

    References
    ----------
    [AIN-CONS-BLOCK-TIME.1]
    """
    return max(previous_time, sub_dag.leader.timestamp)


def block_transactions(sub_dag: CommittedSubDag, seen: set[bytes]) -> list[tuple[bytes, bytes]]:
    """
    The transactions of a sub-DAG in order, each once: (hash, bytes) pairs.

    ``seen`` holds the hashes of every transaction already placed in a block; it is updated.

    References
    ----------
    [AIN-CONS-DEDUP.1] Events in committed order, transactions in listed order; bytes that do
    not decode as a transaction are left out; a hash already placed (in this block or any
    earlier one) is left out.
    """
    placed: list[tuple[bytes, bytes]] = []
    for event in sub_dag.events:
        for data in event.transactions:
            transaction = decode_transaction(data)
            if isinstance(transaction, Rejection) or transaction.digest in seen:
                continue
            seen.add(transaction.digest)
            placed.append((transaction.digest, data))
    return placed


def execute_transactions(
    tree: StateTree, transactions: list[bytes], context: BlockContext
) -> tuple[Receipt, ...]:
    """
    Apply a block's transactions in order (the chain's transition, one by one).

    References
    ----------
    [AIN-CONS-EXECUTE.1]
    """
    return tuple(apply_transaction(tree, data, context) for data in transactions)


@attrs.define
class Executor:
    """
    The final state of one node: genesis plus every committed block, executed in order.

    References
    ----------
    [AIN-CONS-EXECUTE.1] The final state is the sequential execution of the committed order.
    """

    tree: StateTree
    chain_id: int
    blocks: list[Block] = attrs.field(factory=list)
    seen: set[bytes] = attrs.field(factory=set)
    last_time: int = 0

    def execute(self, sub_dag: CommittedSubDag) -> Block:
        """Turn one committed sub-DAG into the next block and execute it."""
        timestamp = block_time(self.last_time, sub_dag)
        placed = block_transactions(sub_dag, self.seen)
        transactions = [data for _, data in placed]
        receipts = execute_transactions(
            self.tree, transactions, BlockContext(self.chain_id, timestamp)
        )
        block = Block(
            height=len(self.blocks) + 1,
            leader=sub_dag.leader.digest,
            timestamp=timestamp,
            transactions=tuple(transactions),
            receipts=receipts,
            state_root=self.tree.root_hash(),
        )
        self.blocks.append(block)
        self.last_time = timestamp
        return block
