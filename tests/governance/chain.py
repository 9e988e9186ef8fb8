"""
A small chain for governance tests that read like documentation: accounts, signed calls,
blocks applied one by one through the reference's ``apply_block``, and readers.
"""

from __future__ import annotations

from typing import Any

from ain_ref.chain import sign_transaction
from ain_ref.encoding import CborValue
from ain_ref.governance.calls import call_path
from ain_ref.governance.records import held_and_burned, proposal_path
from ain_ref.platform.blocks import Block, BlockResult, apply_block
from ain_ref.platform.genesis import GenesisSpec, build_protocol_genesis
from ain_ref.platform.params import read_parameter
from ain_ref.platform.staking import total_staked
from ain_ref.platform.steps import values_path
from ain_ref.state.tree import StateTree
from tests.fillers.governance.chain import (
    AIN,
    ALICE,
    ALICE_SEED,
    BOB,
    BOB_SEED,
    CAROL,
    CAROL_SEED,
    DAVE,
    DAVE_SEED,
    SMALL_GOVERNANCE,
)

CHAIN_ID = 7
T0 = 1_700_000_000_000
SEEDS = {ALICE: ALICE_SEED, BOB: BOB_SEED, CAROL: CAROL_SEED, DAVE: DAVE_SEED}
BALANCES = {ALICE: 1_000_000 * AIN, BOB: 100_000 * AIN, DAVE: 10_000 * AIN}
SELF_BONDS = {ALICE: 1_000 * AIN, BOB: 3_000 * AIN, CAROL: 6_000 * AIN}


class Chain:
    """The small chain: alice, bob, carol validators (1,000 / 3,000 / 6,000 AIN), dave not."""

    def __init__(
        self,
        parameters: dict[str, Any] | None = None,
        values: dict[str, CborValue] | None = None,
    ) -> None:
        spec = GenesisSpec(
            total_supply=sum(BALANCES.values()) + sum(SELF_BONDS.values()),
            allocations=BALANCES,
            validators=SELF_BONDS,
            parameters={**SMALL_GOVERNANCE, **(parameters or {})},
            overrides={"values": values} if values else {},
        )
        tree = build_protocol_genesis(spec)
        assert isinstance(tree, StateTree), tree
        self.tree = tree
        self.height = 0
        self.nonces: dict[str, int] = {}

    def call(self, caller: str, kind: str, fields: CborValue) -> bytes:
        """A governance call signed by ``caller``, with its next nonce."""
        nonce = self.nonces.get(caller, 0)
        self.nonces[caller] = nonce + 1
        operation = {
            "type": "SET_VALUE",
            "ref": call_path(kind, caller, str(nonce)),
            "value": fields,
        }
        body = {"chain_id": CHAIN_ID, "nonce": nonce, "timestamp": T0, "operation": operation}
        return sign_transaction(SEEDS[caller], body)

    def bond(self, delegator: str, validator: str, amount: int) -> bytes:
        """``delegator`` bonds ``amount`` to ``validator`` (a self-bond when equal)."""
        nonce = self.nonces.get(delegator, 0)
        self.nonces[delegator] = nonce + 1
        operation = {
            "type": "SET_VALUE",
            "ref": f"/staking/bond/{delegator}/{validator}/{nonce}/value",
            "value": amount,
        }
        body = {"chain_id": CHAIN_ID, "nonce": nonce, "timestamp": T0, "operation": operation}
        return sign_transaction(SEEDS[delegator], body)

    def block(self, *transactions: bytes) -> BlockResult:
        """Apply the next block, holding ``transactions`` in order."""
        self.height += 1
        result = apply_block(
            self.tree, CHAIN_ID, Block(self.height, T0 + 1000 * self.height, transactions)
        )
        assert isinstance(result, BlockResult), result
        return result

    def blocks_until(self, height: int) -> None:
        """Apply empty blocks up to and including ``height``."""
        while self.height < height:
            self.block()

    def read(self, path_text: str) -> Any:
        """The value at a /values path text."""
        return self.tree.value_at(values_path(path_text))

    def parameter(self, key: str) -> int | bool:
        """A parameter's value now."""
        return read_parameter(self.read, key)

    def proposal(self, proposal_id: str) -> Any:
        """A proposal's record."""
        return self.read(proposal_path(proposal_id))

    def balance(self, address: str) -> int:
        """An account's balance (absent 0)."""
        return self.read(f"/accounts/{address}/balance") or 0

    def supply_parts(self) -> int:
        """Balances, stakes, governance's held deposits and its burned total, summed."""
        balances = sum(self.balance(address) for address in SEEDS)
        held, burned = held_and_burned(self.read)
        return balances + total_staked(self.read) + held + burned

    def total_supply(self) -> int:
        """The recorded total supply."""
        return int(self.read("/supply/total"))


def statuses(result: BlockResult) -> list[str | None]:
    """Each receipt's code (None: success)."""
    return [None if receipt.code is None else str(receipt.code) for receipt in result.receipts]
