"""Platform benchmark: blocks, staking, the maturity step, voting power at a height, genesis.

Run: python bench/blocks.py (not platform.py: that name would shadow the standard library)
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ain_ref.chain import BlockContext, apply_transaction, sign_transaction
from ain_ref.crypto import KeyPair, format_address, keypair_from_seed
from ain_ref.encoding import CborValue
from ain_ref.platform.blocks import Block, BlockResult, apply_block
from ain_ref.platform.genesis import GenesisSpec, build_protocol_genesis
from ain_ref.platform.staking import power_at
from ain_ref.platform.steps import values_path
from ain_ref.state.tree import StateTree

CHAIN_ID = 7
AIN = 10**6


def address_of(seed: bytes) -> str:
    """The address text of a seed."""
    keypair = keypair_from_seed(seed)
    assert isinstance(keypair, KeyPair)
    return format_address(keypair.public_key)


SEED = bytes([1]) * 32
SENDER = address_of(SEED)
RECEIVER = address_of(bytes([2]) * 32)


def signed(operation: dict[str, CborValue], nonce: int) -> bytes:
    """One ordered-mode transaction from SENDER."""
    body: dict[str, CborValue] = {
        "chain_id": CHAIN_ID,
        "nonce": nonce,
        "timestamp": 1,
        "operation": operation,
    }
    return sign_transaction(SEED, body)


def fresh_chain(accounts: int = 0, parameters: dict[str, int] | None = None) -> StateTree:
    """A protocol genesis: SENDER rich, ``accounts`` more with 1 AIN each."""
    allocations = {SENDER: 10**9 * AIN}
    for index in range(accounts):
        allocations[address_of(index.to_bytes(32, "big"))] = AIN
    spec = GenesisSpec(
        total_supply=sum(allocations.values()),
        allocations=allocations,
        parameters=parameters or {},
    )
    tree = build_protocol_genesis(spec)
    assert isinstance(tree, StateTree)
    return tree


def write(path: str, value: int) -> dict[str, CborValue]:
    """A SET_VALUE."""
    return {"type": "SET_VALUE", "ref": path, "value": value}


def timed(operation: Callable[[], object]) -> float:
    """Seconds taken by one call."""
    started = time.perf_counter()
    operation()
    return time.perf_counter() - started


def transfers(count: int) -> list[bytes]:
    """``count`` transfers of 1 base unit from SENDER to RECEIVER."""
    return [signed(write(f"/transfer/{SENDER}/{RECEIVER}/{n}/value", 1), n) for n in range(count)]


def main() -> None:
    count = 2_000
    rows: list[tuple[str, str]] = []

    tree = fresh_chain()
    data = transfers(count)
    context = BlockContext(CHAIN_ID, 1, 1)
    seconds = timed(lambda: [apply_transaction(tree, item, context) for item in data])
    rows.append(("transfers, apply_transaction alone", f"{count / seconds:,.0f} tx/s"))

    tree = fresh_chain()
    blocks = [Block(h + 1, h + 1, tuple(data[h * 500 : (h + 1) * 500])) for h in range(4)]
    seconds = timed(lambda: [apply_block(tree, CHAIN_ID, block) for block in blocks])
    rows.append(("transfers, apply_block (blocks of 500)", f"{count / seconds:,.0f} tx/s"))

    tree = fresh_chain(parameters={"staking/min_self_bond": 1, "staking/min_delegation": 1})
    bonds = [
        signed(write(f"/staking/bond/{SENDER}/{SENDER}/{n}/value", 1), n) for n in range(count)
    ]
    seconds = timed(lambda: apply_block(tree, CHAIN_ID, Block(1, 1, tuple(bonds[:1000]))))
    seconds += timed(lambda: apply_block(tree, CHAIN_ID, Block(2, 2, tuple(bonds[1000:]))))
    rows.append(("self-bonds (power record per block)", f"{count / seconds:,.0f} tx/s"))

    tree = fresh_chain(
        parameters={
            "staking/min_self_bond": 1,
            "staking/min_delegation": 1,
            "staking/unbonding_delay": 1,
            "staking/max_unbondings_per_block": 1000,
        }
    )
    setup = [signed(write(f"/staking/bond/{SENDER}/{SENDER}/0/value", 10**6), 0)]
    assert isinstance(apply_block(tree, CHAIN_ID, Block(1, 1, tuple(setup))), BlockResult)
    unbonds = [
        signed(write(f"/staking/unbond/{SENDER}/{SENDER}/{n}/value", 1), n + 1) for n in range(1000)
    ]
    assert isinstance(apply_block(tree, CHAIN_ID, Block(2, 2, tuple(unbonds))), BlockResult)
    seconds = timed(lambda: apply_block(tree, CHAIN_ID, Block(3, 3, ())))
    rows.append(("maturity step, 1000 entries (one block)", f"{seconds * 1000:,.1f} ms"))

    def read(text: str) -> CborValue:
        return tree.value_at(values_path(text))

    for records in (10, 1_000, 10_000):
        history = StateTree()
        history.set_value(
            values_path(f"/staking/power_history/{SENDER}"),
            {str(height * 3): height for height in range(records)},
        )
        history.commit()

        def query(chain: StateTree = history) -> int:
            return power_at(lambda text: chain.value_at(values_path(text)), SENDER, 10**9)

        per_query = timed(lambda: [query() for _ in range(20)]) / 20
        rows.append((f"power_at, {records:,} records", f"{per_query * 1e6:,.0f} us"))

    seconds = timed(lambda: fresh_chain(accounts=10_000))
    rows.append(("protocol genesis, 10,000 accounts", f"{seconds:,.2f} s"))

    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
