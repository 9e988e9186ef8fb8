"""
Execution of the committed order: committed sub-DAGs become blocks, blocks become state roots.

The final state is only ever the sequential execution of the committed order from genesis,
block by block through the platform's ``apply_block``.

Spec: spec/consensus.md, "Execution" ([AIN-CONS-BLOCK.1], [AIN-CONS-BLOCK-TIME.1],
[AIN-CONS-DEDUP.2], [AIN-CONS-EXECUTE.1]).
Layer: consensus. Imports chain, platform (blocks, parameters) and consensus.linearise.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from ain_ref.chain import Receipt, decode_transaction
from ain_ref.consensus.linearise import CommittedSubDag
from ain_ref.crypto import format_address
from ain_ref.errors import Rejection
from ain_ref.events import Equivocation
from ain_ref.platform.blocks import Block as PlatformBlock
from ain_ref.platform.blocks import apply_block
from ain_ref.platform.params import read_parameter
from ain_ref.platform.steps import values_path
from ain_ref.state.paths import StatePath
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
    equivocations: tuple[Equivocation, ...] = ()
    """Equivocations recorded just before this block (on a sub-DAG's first block only)."""


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
    The transactions of a sub-DAG in order, each once: (id, bytes) pairs.

    ``seen`` holds the ids ([AIN-TX-ID.1]) of every transaction already placed in a block; it
    is updated.

    References
    ----------
    [AIN-CONS-DEDUP.2] Events in committed order, transactions in listed order; bytes that do
    not decode as a transaction are left out; an id already placed (in this block or any
    earlier one) is left out.
    """
    placed: list[tuple[bytes, bytes]] = []
    for event in sub_dag.events:
        for data in event.transactions:
            transaction = decode_transaction(data)
            if isinstance(transaction, Rejection) or transaction.id in seen:
                continue
            seen.add(transaction.id)
            placed.append((transaction.id, data))
    return placed


def block_chunks(transactions: list[bytes], limit: int) -> list[tuple[bytes, ...]]:
    """
    A sub-DAG's transactions cut into blocks of at most ``limit``: at least one block.

    References
    ----------
    [AIN-CONS-BLOCK.1]
    """
    chunks = [
        tuple(transactions[start : start + limit]) for start in range(0, len(transactions), limit)
    ]
    return chunks or [()]


def equivocation_path(equivocation: Equivocation) -> StatePath:
    """/values/consensus/equivocations/<author address>/<round> [AIN-CONS-EVIDENCE-RECORD.1]."""
    address = format_address(equivocation.author)
    return values_path(f"/consensus/equivocations/{address}/{equivocation.round}")


@attrs.define
class Executor:
    """
    The final state of one node: genesis plus every committed block, applied in order.

    References
    ----------
    [AIN-CONS-EXECUTE.1] The final state is the sequential execution of the committed order,
    block by block through the platform's ``apply_block``.
    """

    genesis: Callable[[], StateTree]
    chain_id: int
    tree: StateTree = attrs.field(
        default=attrs.Factory(lambda self: self.genesis(), takes_self=True)
    )
    blocks: list[Block] = attrs.field(factory=list)
    seen: set[bytes] = attrs.field(factory=set)
    last_time: int = 0

    def execute(
        self, sub_dag: CommittedSubDag, equivocations: tuple[Equivocation, ...] = ()
    ) -> list[Block]:
        """
        Turn one committed sub-DAG into its blocks and apply them.

        References
        ----------
        [AIN-CONS-BLOCK.1], [AIN-CONS-BLOCK-TIME.1], [AIN-CONS-DEDUP.2],
        [AIN-CONS-EVIDENCE-RECORD.1] The sub-DAG's newly proven equivocations are written
        before its first block is applied, so that block's root includes them.
        """
        timestamp = block_time(self.last_time, sub_dag)
        placed = [data for _, data in block_transactions(sub_dag, self.seen)]
        limit = read_parameter(
            lambda text: self.tree.value_at(values_path(text)), "platform/max_block_transactions"
        )
        made = []
        for number, transactions in enumerate(block_chunks(placed, limit)):
            recorded = tuple(sorted(equivocations)) if number == 0 else ()
            height = len(self.blocks) + 1
            receipts, root = apply_with_records(
                self.tree, self.chain_id, PlatformBlock(height, timestamp, transactions), recorded
            )
            block = Block(
                height, sub_dag.leader.digest, timestamp, transactions, receipts, root, recorded
            )
            self.blocks.append(block)
            made.append(block)
        self.last_time = timestamp
        return made

    def replayed_state(self) -> StateTree:
        """
        A fresh copy of the final state: genesis, then every block applied again.

        References
        ----------
        [AIN-CONS-EXECUTE.1]
        """
        tree = self.genesis()
        for block in self.blocks:
            platform_block = PlatformBlock(block.height, block.timestamp, block.transactions)
            apply_with_records(tree, self.chain_id, platform_block, block.equivocations)
        return tree


def apply_with_records(
    tree: StateTree,
    chain_id: int,
    block: PlatformBlock,
    equivocations: tuple[Equivocation, ...],
) -> tuple[tuple[Receipt, ...], bytes]:
    """
    Write the equivocation records, then apply the block: its receipts and root.

    References
    ----------
    [AIN-CONS-EVIDENCE-RECORD.1], [AIN-CONS-EXECUTE.1]
    """
    for equivocation in equivocations:
        tree.set_value(equivocation_path(equivocation), equivocation.epoch)
    tree.commit()
    result = apply_block(tree, chain_id, block)
    assert not isinstance(result, Rejection), result.describe()  # height, time and size hold
    return result.receipts, result.root
