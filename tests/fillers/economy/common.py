"""
Shared scenery for economy fillers and tests: parties with keys, a ledger, transactions.

Every amount in a transaction is written as the vectors write it: a decimal string.
"""

from __future__ import annotations

from typing import Any

import attrs

from ain_ref.chain import decode_transaction, sign_transaction
from ain_ref.conformance.handlers.economy import (
    ledger_genesis,
    run_apply_blocks,
    transaction_fields,
)
from ain_ref.conformance.typed_json import JsonObject
from ain_ref.crypto import KeyPair, format_address, keypair_from_seed
from ain_ref.economy.ledger import (
    Ledger,
    Parameters,
    circulating_supply,
    total_supply,
    with_balance_delta,
)
from ain_ref.economy.ledger_json import ledger_from_json, ledger_to_json
from ain_ref.economy.natives import call_path, economy_parameters
from ain_ref.economy.payments import Voucher, sign_voucher
from ain_ref.economy.records import ledger_from_tree, supply_of_tree
from ain_ref.encoding import CborValue
from ain_ref.errors import Rejection
from ain_ref.platform.blocks import Block, apply_block
from ain_ref.platform.genesis import build_protocol_genesis
from ain_ref.platform.steps import values_path
from ain_ref.state.tree import StateTree
from ain_ref.vectors.filler import Filler


class Party:
    """An account with a fixed seed: its address text and its signing seed."""

    def __init__(self, seed_byte: int) -> None:
        self.seed = bytes([seed_byte]) * 32
        keypair = keypair_from_seed(self.seed)
        assert isinstance(keypair, KeyPair)
        self.address = format_address(keypair.public_key)


DEVELOPER = Party(1)
PROVIDER = Party(2)
EXECUTOR = Party(3)
REPORTER = Party(4)
STRANGER = Party(5)
PARTIES = {party.address: party for party in (DEVELOPER, PROVIDER, EXECUTOR, REPORTER, STRANGER)}
CHAIN_ID = 7

PARAMETERS = Parameters(
    activation_grace=100,
    dispute_window=50,
    withdrawal_delay=1_000,
    provider_deposit_bps=1_000,
    developer_deposit_bps=500,
    reward_period_length=10_000,
    reward_per_period=1_000_000,
    provider_reward_bps=7_000,
)
"""Small times so scenarios read easily: grace 100, dispute 50, withdrawal delay 1,000."""

START, END = 1_000, 5_000
PRICE, CAPACITY = 3, 10_000
"""The standard contract: 10,000 requests at 3 units from time 1,000 to 5,000 (value 30,000)."""


def base_ledger(**changes: Any) -> Ledger:
    """Each party holds 1,000,000; the reward pool holds 10,000,000."""
    balances = {party.address: 1_000_000 for party in (DEVELOPER, PROVIDER, EXECUTOR, REPORTER)}
    fields: dict[str, Any] = {
        "chain_id": 7,
        "parameters": PARAMETERS,
        "balances": balances,
        "reward_pool": 10_000_000,
    }
    fields.update(changes)
    return Ledger(**fields)


def tx(kind: str, caller: Party, **fields: object) -> dict[str, object]:
    """A transaction as JSON: integers as decimal strings, bytes as hex."""
    document: dict[str, object] = {"type": kind, "caller": caller.address}
    for name, value in fields.items():
        if isinstance(value, bool):
            document[name] = value
        elif isinstance(value, int):
            document[name] = str(value)
        elif isinstance(value, bytes):
            document[name] = value.hex()
        else:
            document[name] = value
    return document


def proposal(contract_id: str = "c1", **overrides: object) -> dict[str, object]:
    """The developer's proposal of the standard contract (deposits exactly the formula's)."""
    terms: dict[str, object] = {
        "contract_id": contract_id,
        "provider": PROVIDER.address,
        "start_time": START,
        "end_time": END,
        "price_per_request": PRICE,
        "capacity_requests": CAPACITY,
        "provider_share_bps": 8_000,
        "developer_deposit": 1_500,
        "provider_deposit": 3_000,
    }
    terms.update(overrides)
    return tx("propose_contract", DEVELOPER, **terms)


def voucher_tx(
    reservation_id: str,
    lane: int,
    nonce: int,
    requests: int,
    expiry: int = 100_000,
    signer: Party = EXECUTOR,
    origin: bytes | None = None,
) -> dict[str, object]:
    """
    The provider's redemption of a voucher signed by ``signer``.

    ``origin`` defaults to the origin of the reservation of that ID in ``reserved_ledger()``
    (32 zero bytes when it has none).
    """
    if origin is None:
        standard = reserved_ledger().reservations.get(reservation_id)
        origin = standard.origin if standard is not None else bytes(32)
    voucher = Voucher(reservation_id, origin, lane, nonce, requests, expiry)
    signature = sign_voucher(signer.seed, voucher)
    assert isinstance(signature, bytes)
    return tx(
        "redeem_voucher",
        PROVIDER,
        reservation_id=reservation_id,
        lane=lane,
        nonce=nonce,
        requests=requests,
        expiry=expiry,
        signature=signature,
    )


RAW_VALUE = "__value__"
"""A key of a call's JSON whose value, when present, is written as the call's whole value."""


def signed_operation(
    signer: Party, operation: dict[str, CborValue], nonce: int, time: int
) -> bytes:
    """A transaction of one operation signed by ``signer`` (ordered nonce, timestamp = time)."""
    body: dict[str, CborValue] = {
        "chain_id": CHAIN_ID,
        "nonce": nonce,
        "timestamp": time,
        "operation": operation,
    }
    return sign_transaction(signer.seed, body)


def signed_call(caller: Party, kind: str, value: object, nonce: int, time: int) -> bytes:
    """
    The signed transaction of a call: SET_VALUE of ``value`` at its call path, key the nonce.

    A call without fields writes true (an empty map is no value).
    """
    operation: dict[str, CborValue] = {
        "type": "SET_VALUE",
        "ref": call_path(kind, caller.address, str(nonce)),
        "value": value if value != {} else True,  # type: ignore[dict-item]
    }
    return signed_operation(caller, operation, nonce, time)


def signed(transaction: dict[str, object], nonce: int, time: int) -> str:
    """A call written as JSON (``tx``), as the hex of its signed transaction."""
    caller = PARTIES[str(transaction["caller"])]
    fields: object = transaction_fields(
        {name: value for name, value in transaction.items() if name not in ("type", "caller")}
    )
    if RAW_VALUE in transaction:
        fields = transaction[RAW_VALUE]
    return signed_call(caller, str(transaction["type"]), fields, nonce, time).hex()


class EconomyChain:
    """
    A chain from a ledger's genesis, one block per call: what the stateful tests drive.

    Every call is a signed transaction applied by ``apply_block``; ``ledger`` reads the
    economy back from the tree and ``supply`` computes the total from the tree.
    """

    def __init__(self, ledger: Ledger) -> None:
        tree = build_protocol_genesis(ledger_genesis(ledger))
        assert isinstance(tree, StateTree)
        self.tree = tree
        self.height = 0
        self.nonces: dict[str, int] = {}

    def read(self, text: str) -> CborValue:
        """The value at a /values path."""
        return self.tree.value_at(values_path(text))

    @property
    def ledger(self) -> Ledger:
        """The economy as stored."""
        return ledger_from_tree(self.read, CHAIN_ID, economy_parameters(self.read))

    def supply(self) -> int:
        """The total supply computed from the tree."""
        return supply_of_tree(self.read)[0]

    def call(self, time: int, kind: str, caller: Party, **fields: object) -> Rejection | None:
        """Apply one call in a block of its own at ``time``: None, or the receipt's code."""
        nonce = self.nonces.get(caller.address, 0)
        self.nonces[caller.address] = nonce + 1
        self.height += 1
        data = signed_call(caller, kind, fields, nonce, time)
        result = apply_block(self.tree, CHAIN_ID, Block(self.height, time, (data,)))
        assert not isinstance(result, Rejection), result
        receipt = result.receipts[0]
        if receipt.code is None:
            return None
        return Rejection(receipt.code, receipt.status)


def origin_of(transaction: dict[str, object], time: int, nonce: int = 0) -> bytes:
    """The id of a call's signed transaction [AIN-TX-ID.1]: a reservation's origin."""
    decoded = decode_transaction(bytes.fromhex(signed(transaction, nonce, time)))
    assert not isinstance(decoded, Rejection)
    return decoded.id


def signed_blocks(blocks: list[dict[str, object]]) -> list[dict[str, object]]:
    """Blocks of calls as blocks of signed transactions, each signer's nonces from 0."""
    nonces: dict[object, int] = {}
    signed_list: list[dict[str, object]] = []
    for block in blocks:
        time = int(str(block["time"]))
        transactions = []
        for transaction in block["transactions"]:  # type: ignore[attr-defined]
            nonce = nonces.get(transaction["caller"], 0)
            nonces[transaction["caller"]] = nonce + 1
            transactions.append(signed(transaction, nonce, time))
        signed_list.append({"time": str(time), "transactions": transactions})
    return signed_list


def apply_setup(ledger: Ledger, time: int, *transactions: dict[str, object]) -> Ledger:
    """Apply setup calls on chain through the reference; every one must be accepted."""
    blocks = signed_blocks([{"time": str(time), "transactions": list(transactions)}])
    result = run_apply_blocks({"ledger": ledger_to_json(ledger), "blocks": blocks})
    assert not isinstance(result, Rejection), result
    assert all(code is None for code in result["receipts"][0]), result["receipts"]
    return ledger_from_json(result["ledger"])


def proposed_ledger() -> Ledger:
    """The standard contract c1, proposed at time 10."""
    return apply_setup(base_ledger(), 10, proposal())


def accepted_ledger() -> Ledger:
    """c1 accepted at time 20."""
    return apply_setup(proposed_ledger(), 20, tx("accept_contract", PROVIDER, contract_id="c1"))


def active_ledger() -> Ledger:
    """c1 activated at its start, 1,000."""
    return apply_setup(
        accepted_ledger(), START, tx("activate_contract", PROVIDER, contract_id="c1")
    )


def reserved_ledger() -> Ledger:
    """r1: the executor reserved 1,000 requests of c1 for 1,000 .. 3,000 (escrow 3,000)."""
    return apply_setup(
        active_ledger(),
        START,
        tx(
            "reserve",
            EXECUTOR,
            reservation_id="r1",
            contract_id="c1",
            requests=1_000,
            start_time=START,
            end_time=3_000,
        ),
    )


def transaction_input(ledger: Ledger, time: int, transaction: dict[str, object]) -> JsonObject:
    """The input of economy/apply_transaction: the call signed by its caller, nonce 0."""
    return {
        "ledger": ledger_to_json(ledger),
        "time": str(time),
        "transaction": signed(transaction, 0, time),
    }


def moved(ledger: Ledger, deltas: dict[Party, int], **changes: Any) -> Ledger:
    """The ledger with balances moved by the authored deltas and other fields replaced."""
    for party, delta in deltas.items():
        ledger = with_balance_delta(ledger, party.address, delta)
    return attrs.evolve(ledger, **changes)


def supply_json(ledger: Ledger) -> dict[str, str]:
    """A ledger's total and circulating supply as the handlers write them."""
    return {"circulating": str(circulating_supply(ledger)), "total": str(total_supply(ledger))}


def output_of(ledger: Ledger) -> JsonObject:
    """The output of economy/apply_transaction for an accepted transaction."""
    return {"ledger": ledger_to_json(ledger), "supply": supply_json(ledger)}


def with_contract_fields(ledger: Ledger, contract_id: str = "c1", **changes: Any) -> Ledger:
    """The ledger with fields of one contract replaced."""
    contract = attrs.evolve(ledger.contracts[contract_id], **changes)
    return attrs.evolve(ledger, contracts={**ledger.contracts, contract_id: contract})


def with_reservation_fields(ledger: Ledger, reservation_id: str = "r1", **changes: Any) -> Ledger:
    """The ledger with fields of one reservation replaced."""
    reservation = attrs.evolve(ledger.reservations[reservation_id], **changes)
    return attrs.evolve(ledger, reservations={**ledger.reservations, reservation_id: reservation})


def run_blocks(
    fill: Filler,
    ledger: Ledger,
    blocks: list[dict[str, object]],
    receipts: list[list[str | None]],
    deltas: dict[Party, int],
    case: str = "",
) -> JsonObject:
    """
    Fill an economy/apply_blocks vector: receipts and balance deltas authored, supply constant.

    The final ledger is the reference's; the test authors what a reader checks: every receipt,
    every party's net balance change, and that the supply after each block is the one before.
    """
    vector_input: JsonObject = {"ledger": ledger_to_json(ledger), "blocks": signed_blocks(blocks)}
    result = run_apply_blocks(vector_input)
    assert not isinstance(result, Rejection)
    assert result["receipts"] == receipts, result["receipts"]
    total_before = str(total_supply(ledger))
    assert all(supply["total"] == total_before for supply in result["supplies"])
    for party, delta in deltas.items():
        before = ledger.balances.get(party.address, 0)
        after = int(result["ledger"]["balances"].get(party.address, "0"))
        assert after - before == delta, (party.address, after - before, delta)
    fill("economy", "apply_blocks", vector_input, output=result, case=case)
    return result
