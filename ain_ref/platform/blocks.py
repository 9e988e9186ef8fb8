"""
Blocks: a height, a time and ordered transactions, applied with bounded begin and end steps.

``apply_block`` checks the block against the last one applied (its height follows, its time
does not go back, it is not too long), records it, runs the registered begin-block steps, the
transactions in order, then the end-block steps, and returns the state root and the receipts.
The steps are registered in ain_ref.platform.steps.

Spec: spec/platform.md, "Blocks" ([AIN-PLAT-BLOCK-CHECKS.1], [AIN-PLAT-BLOCK-APPLY.1],
[AIN-PLAT-STEP-ORDER.1], [AIN-PLAT-STEP-BOUND.1]).
Layer: platform. Imports chain, state, errors.
"""

from __future__ import annotations

from typing import Final

import attrs

from ain_ref.chain import BlockContext, Receipt, apply_transaction
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.platform.params import read_parameter
from ain_ref.platform.steps import BEGIN, END, StepReceipt, run_step, steps_of_phase, values_path
from ain_ref.state.labels import Subtree
from ain_ref.state.paths import StatePath
from ain_ref.state.tree import StateTree

LAST_BLOCK_PATH: Final = StatePath(Subtree.VALUES, ("platform", "last_block"))
"""Where the last applied block's {height, time} is recorded [AIN-PLAT-BLOCK-APPLY.1]."""


@attrs.frozen
class Block:
    """
    What consensus hands the chain: a height, a time (ms) and the ordered transactions.

    Attributes
    ----------
    height : int
        The block's height; the genesis state is height 0, so the first block is 1.
    time : int
        The block's time in milliseconds, as consensus fixed it.
    transactions : tuple[bytes, ...]
        The transactions' canonical bytes, in the order they are applied.
    """

    height: int
    time: int
    transactions: tuple[bytes, ...]


@attrs.frozen
class BlockResult:
    """
    The outcome of an applied block [AIN-PLAT-BLOCK-APPLY.1].

    ``receipts`` has one receipt per transaction, in order; ``steps`` the begin steps' then
    the end steps' receipts; ``root`` is the state root after the block.
    """

    root: bytes
    receipts: tuple[Receipt, ...]
    steps: tuple[StepReceipt, ...]


def last_block(tree: StateTree) -> tuple[int, int]:
    """The last applied block's (height, time); (0, 0) when none is recorded."""
    record = tree.value_at(LAST_BLOCK_PATH)
    if isinstance(record, dict):
        height, time = record.get("height"), record.get("time")
        if type(height) is int and type(time) is int:
            return height, time
    return 0, 0


def check_block(tree: StateTree, block: Block) -> Rejection | None:
    """
    The checks before anything of a block is applied, in order.

    References
    ----------
    [AIN-PLAT-BLOCK-CHECKS.1] The height is the last height plus one
    (BLOCK_HEIGHT_NOT_NEXT); the time is not before the last block's
    (BLOCK_TIME_BEFORE_PARENT); at most platform/max_block_transactions transactions
    (BLOCK_TOO_MANY_TRANSACTIONS).
    """
    last_height, last_time = last_block(tree)
    if block.height != last_height + 1:
        return Rejection(ErrorCode.BLOCK_HEIGHT_NOT_NEXT, f"{block.height} after {last_height}")
    if block.time < last_time:
        return Rejection(ErrorCode.BLOCK_TIME_BEFORE_PARENT, f"{block.time} < {last_time}")
    limit = read_parameter(
        lambda text: tree.value_at(values_path(text)), "platform/max_block_transactions"
    )
    if len(block.transactions) > limit:
        return Rejection(ErrorCode.BLOCK_TOO_MANY_TRANSACTIONS, f"{len(block.transactions)}")
    return None


def apply_block(tree: StateTree, chain_id: int, block: Block) -> BlockResult | Rejection:
    """
    Apply a block to the state.

    Parameters
    ----------
    tree : StateTree
        The state after the last block; changed in place unless the block is refused.
    chain_id : int
        The chain's id.
    block : Block
        Height, time and ordered transactions.

    Returns
    -------
    BlockResult | Rejection
        The root, receipts and step receipts; or the refusal of a check, the state unchanged.

    References
    ----------
    [AIN-PLAT-BLOCK-CHECKS.1]
    [AIN-PLAT-BLOCK-APPLY.1] Record {height, time} at /values/platform/last_block, run the
    begin steps, apply each transaction (the block's height and time in its context), run the
    end steps, and hash.
    """
    rejection = check_block(tree, block)
    if rejection is not None:
        return rejection
    tree.set_value(LAST_BLOCK_PATH, {"height": block.height, "time": block.time})
    tree.commit()
    step_receipts = [
        run_step(tree, block.height, block.time, step) for step in steps_of_phase(BEGIN)
    ]
    context = BlockContext(chain_id, block.time, block.height)
    receipts = tuple(apply_transaction(tree, data, context) for data in block.transactions)
    step_receipts += [
        run_step(tree, block.height, block.time, step) for step in steps_of_phase(END)
    ]
    return BlockResult(tree.root_hash(), receipts, tuple(step_receipts))
