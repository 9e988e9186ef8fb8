"""
The economy area's vector handlers (spec/economy.md, "Handlers").

Spec: spec/conformance.md, "Handlers" ([AIN-CONF-HANDLER.1]); spec/economy.md, "Handlers".
Layer: conformance. The economy area owns this file; no other area edits it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from ain_ref.chain import Receipt
from ain_ref.conformance.handlers.base import Handler, HandlerResult
from ain_ref.conformance.handlers.state import LastState
from ain_ref.conformance.typed_json import (
    HandlerInputError,
    JsonObject,
    field,
    parse_decimal,
    parse_hex,
    text_of,
)
from ain_ref.economy.calls import Call
from ain_ref.economy.ledger import Ledger, circulating_supply, total_supply
from ain_ref.economy.ledger_json import LedgerFormatError, ledger_from_json, ledger_to_json
from ain_ref.economy.natives import economy_parameters
from ain_ref.economy.offences import slash
from ain_ref.economy.payments import Voucher, sign_voucher, verify_voucher, voucher_bytes
from ain_ref.economy.records import PARAMETER_NAMES, ledger_from_tree, ledger_values, supply_of_tree
from ain_ref.economy.slashing import SLASHING_TABLE, EvidenceType, divide_slash, slash_amount
from ain_ref.economy.split import is_valid_split, split_basis_points, split_by_weight
from ain_ref.economy.units import is_amount
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.platform.blocks import Block, apply_block
from ain_ref.platform.genesis import SUPPLY_PATH, GenesisSpec, build_protocol_genesis
from ain_ref.platform.steps import values_path
from ain_ref.state.tree import StateTree

INTEGER_FIELDS: Final = frozenset(
    {
        "start_time",
        "end_time",
        "price_per_request",
        "capacity_requests",
        "provider_share_bps",
        "developer_deposit",
        "provider_deposit",
        "requests",
        "lane",
        "nonce",
        "expiry",
        "evidence_time",
        "amount",
    }
)
BYTES_FIELDS: Final = frozenset({"signature"})


def read_ledger(vector_input: JsonObject) -> Ledger:
    """``input.ledger`` in its JSON form."""
    try:
        return ledger_from_json(field(vector_input, "ledger"))
    except LedgerFormatError as error:
        raise HandlerInputError(f"ledger: {error}") from None


def transaction_fields(document: object) -> dict[str, object]:
    """
    A call's JSON object as its transition reads it (fillers write calls this way).

    Integer fields written as plain decimal strings become integers and ``signature`` in
    lowercase hex becomes bytes; any other value is passed as it is, so the transition
    refuses it with ECON_MALFORMED. JSON numbers are a harness error.
    """
    if not isinstance(document, dict):
        raise HandlerInputError("a transaction is a JSON object")
    fields: dict[str, object] = {}
    for name, value in document.items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise HandlerInputError(f"{name}: integers are written as decimal strings")
        if name in INTEGER_FIELDS and isinstance(value, str) and is_plain_decimal(value):
            fields[name] = int(value)
        elif name in BYTES_FIELDS and isinstance(value, str):
            fields[name] = parse_hex(value, name)
        else:
            fields[name] = value
    return fields


def is_plain_decimal(text: str) -> bool:
    """Whether text is an integer's plain decimal form ("0", "12", "-3"; never "007")."""
    digits = text.removeprefix("-")
    return digits.isdigit() and digits.isascii() and text == str(int(text))


def ledger_genesis(ledger: Ledger) -> GenesisSpec:
    """
    The protocol genesis holding a ledger [AIN-ECON-HANDLER-GENESIS.1].

    Allocations are its balances (the total supply their sum), its parameters the economy's,
    and its records override values at their layout's paths, with ``/supply/total`` the
    ledger's whole supply.
    """
    values: dict[str, CborValue] = dict(ledger_values(ledger))
    values[SUPPLY_PATH] = total_supply(ledger)
    return GenesisSpec(
        total_supply=sum(ledger.balances.values()),
        allocations=dict(ledger.balances),
        parameters={
            f"economy/{name}": getattr(ledger.parameters, name) for name in PARAMETER_NAMES
        },
        overrides={"values": values},
    )


def read_tree(tree: StateTree) -> Callable[[str], CborValue]:
    """A reader of /values paths of a tree."""
    return lambda text: tree.value_at(values_path(text))


def economy_json(tree: StateTree, chain_id: int) -> JsonObject:
    """The ledger read back from the tree and its supply [AIN-ECON-RECORD.1]."""
    return {"ledger": ledger_json(tree, chain_id), "supply": supply_json(tree)}


def ledger_json(tree: StateTree, chain_id: int) -> JsonObject:
    """The ledger read back from the tree [AIN-ECON-RECORD.1]."""
    read = read_tree(tree)
    return ledger_to_json(ledger_from_tree(read, chain_id, economy_parameters(read)))


def supply_json(tree: StateTree) -> dict[str, str]:
    """The total and circulating supply computed from the tree [AIN-ECON-SUPPLY.2]."""
    total, circulating = supply_of_tree(read_tree(tree))
    return {"circulating": str(circulating), "total": str(total)}


def block_time(text: object) -> int:
    """A block time: a decimal string in 0 .. 2**64 - 1."""
    time = parse_decimal(text, "time")
    if not is_amount(time):
        raise HandlerInputError("time: out of range")
    return time


def transaction_list(block: JsonObject) -> tuple[bytes, ...]:
    """A block's ``transactions``: hex of signed transactions."""
    transactions = field(block, "transactions")
    if not isinstance(transactions, list):
        raise HandlerInputError("transactions: expected a list")
    return tuple(parse_hex(item, "transaction") for item in transactions)


def receipt_code(receipt: Receipt) -> str | None:
    """Null for SUCCESS, else the receipt's code."""
    return None if receipt.code is None else receipt.code.value


def genesis_state(vector_input: JsonObject) -> tuple[StateTree, int] | Rejection:
    """The tree of ``input.ledger``'s genesis and the chain id, remembered for get_state."""
    ledger = read_ledger(vector_input)
    tree = build_protocol_genesis(ledger_genesis(ledger))
    if isinstance(tree, Rejection):
        return tree
    return LastState.remember(tree), ledger.chain_id


def run_apply_transaction(vector_input: JsonObject) -> HandlerResult:
    """Apply ``input.transaction`` in a block at ``input.time`` [AIN-ECON-HANDLER-GENESIS.1]."""
    state = genesis_state(vector_input)
    if isinstance(state, Rejection):
        return state
    tree, chain_id = state
    data = parse_hex(field(vector_input, "transaction"), "transaction")
    block = Block(1, block_time(field(vector_input, "time")), (data,))
    result = apply_block(tree, chain_id, block)
    if isinstance(result, Rejection):
        return result
    receipt = result.receipts[0]
    if receipt.code is not None:
        return Rejection(receipt.code, receipt.status)
    return economy_json(tree, chain_id)


def run_apply_blocks(vector_input: JsonObject) -> HandlerResult:
    """Apply ``input.blocks`` in order, heights 1, 2, ... [AIN-ECON-TX-ATOMIC.2]."""
    state = genesis_state(vector_input)
    if isinstance(state, Rejection):
        return state
    tree, chain_id = state
    blocks = field(vector_input, "blocks")
    if not isinstance(blocks, list):
        raise HandlerInputError("blocks: expected a list")
    receipts: list[list[str | None] | str] = []
    supplies: list[dict[str, str]] = []
    for height, block in enumerate(blocks, start=1):
        data = transaction_list(block)
        result = apply_block(tree, chain_id, Block(height, block_time(field(block, "time")), data))
        if isinstance(result, Rejection):
            receipts.append(result.code.value)
        else:
            receipts.append([receipt_code(receipt) for receipt in result.receipts])
        supplies.append(supply_json(tree))
    return {
        "ledger": ledger_json(tree, chain_id),
        "receipts": receipts,
        "root": tree.root_hash().hex(),
        "supplies": supplies,
    }


def amount_list(value: object, name: str) -> tuple[int, ...]:
    """A list of decimal strings."""
    if not isinstance(value, list):
        raise HandlerInputError(f"{name}: expected a list")
    return tuple(parse_decimal(item, name) for item in value)


def out_of_range(*amounts: int) -> Rejection | None:
    """ECON_AMOUNT_OUT_OF_RANGE when any amount leaves 0 .. 2**64 - 1 [AIN-ECON-AMOUNT.1]."""
    if all(is_amount(amount) for amount in amounts):
        return None
    return Rejection(ErrorCode.ECON_AMOUNT_OUT_OF_RANGE, "an amount out of 0..2**64-1")


def run_split_basis_points(vector_input: JsonObject) -> HandlerResult:
    """Split ``input.amount`` by ``input.shares_bps`` [AIN-ECON-SPLIT.1]."""
    amount = parse_decimal(field(vector_input, "amount"), "amount")
    shares = amount_list(field(vector_input, "shares_bps"), "shares_bps")
    rejection = out_of_range(amount)
    if rejection is not None:
        return rejection
    if not is_valid_split(shares):
        return Rejection(ErrorCode.ECON_SPLIT_INVALID, str(shares))
    return {"parts": [str(part) for part in split_basis_points(amount, shares)]}


def run_split_by_weight(vector_input: JsonObject) -> HandlerResult:
    """Split ``input.pool`` by ``input.weights`` [AIN-ECON-REWARD-SPLIT.2]."""
    pool = parse_decimal(field(vector_input, "pool"), "pool")
    weights = amount_list(field(vector_input, "weights"), "weights")
    rejection = out_of_range(pool, *weights, sum(weights))
    if rejection is not None:
        return rejection
    parts, remainder = split_by_weight(pool, weights)
    return {"parts": [str(part) for part in parts], "remainder": str(remainder)}


def run_slash_amount(vector_input: JsonObject) -> HandlerResult:
    """What a slash of ``input.locked`` takes [AIN-ECON-SLASH-AMOUNT.1]."""
    locked = parse_decimal(field(vector_input, "locked"), "locked")
    rejection = out_of_range(locked)
    if rejection is not None:
        return rejection
    kind = field(vector_input, "evidence_type")
    evidence_type = next((item for item in EvidenceType if item.value == kind), None)
    if evidence_type is None:
        return Rejection(ErrorCode.ECON_UNKNOWN_EVIDENCE_TYPE, repr(kind))
    rule = SLASHING_TABLE[evidence_type]
    slashed = slash_amount(locked, rule.fraction_bps)
    reporter, counterparty, burned = divide_slash(slashed, rule)
    return {
        "burned": str(burned),
        "counterparty": str(counterparty),
        "reporter": str(reporter),
        "slashed": str(slashed),
    }


def run_slash(vector_input: JsonObject) -> HandlerResult:
    """
    The ``slash`` transition on ``input.ledger``, as ``_economy`` runs it once admitted.

    On chain only a prover native's call reaches it ([AIN-ECON-SLASH-PROVER.1]); this handler
    pins its checks and effects alone, with ``input.reporter`` as the caller.

    References
    ----------
    [AIN-ECON-SLASH-ONCE.1], [AIN-ECON-SLASH-AGE.1], [AIN-ECON-SLASH-TABLE.2]
    """
    ledger = read_ledger(vector_input)
    reporter = text_of(vector_input, "reporter")
    time = block_time(field(vector_input, "time"))
    fields = transaction_fields(field(vector_input, "fields"))
    after = slash(ledger, Call(reporter, time, fields))
    if isinstance(after, Rejection):
        return after
    supply = {"circulating": str(circulating_supply(after)), "total": str(total_supply(after))}
    return {"ledger": ledger_to_json(after), "supply": supply}


def read_voucher(vector_input: JsonObject) -> Voucher:
    """``input.voucher``."""
    document = field(vector_input, "voucher")
    reservation_id = field(document, "reservation_id")
    if not isinstance(reservation_id, str):
        raise HandlerInputError("reservation_id: expected text")
    origin = parse_hex(field(document, "origin"), "origin")
    numbers = [
        parse_decimal(field(document, name), name)
        for name in ("lane", "nonce", "requests", "expiry")
    ]
    if not all(is_amount(number) for number in numbers):
        raise HandlerInputError("voucher numbers are in 0..2**64-1")
    return Voucher(reservation_id, origin, *numbers)


def run_sign_voucher(vector_input: JsonObject) -> HandlerResult:
    """The canonical bytes and signature of a voucher [AIN-ECON-VOUCHER-SIGN.2]."""
    voucher = read_voucher(vector_input)
    signature = sign_voucher(parse_hex(field(vector_input, "seed"), "seed"), voucher)
    if isinstance(signature, Rejection):
        return signature
    return {"bytes": voucher_bytes(voucher).hex(), "signature": signature.hex()}


def run_verify_voucher(vector_input: JsonObject) -> HandlerResult:
    """Check a voucher's signature against its executor [AIN-ECON-VOUCHER-SIGN.2]."""
    voucher = read_voucher(vector_input)
    executor = field(vector_input, "executor")
    if not isinstance(executor, str):
        raise HandlerInputError("executor: expected text")
    signature = parse_hex(field(vector_input, "signature"), "signature")
    failure = verify_voucher(executor, voucher, signature)
    return failure if failure is not None else {"valid": True}


def handler(
    name: str, run: Callable[[JsonObject], HandlerResult], call: str, compare: str, *clauses: str
) -> Handler:
    """One economy handler."""
    return Handler("economy", name, run, call=call, compare=compare, clauses=clauses)


HANDLERS: tuple[Handler, ...] = (
    handler(
        "apply_transaction",
        run_apply_transaction,
        "apply the signed input.transaction in a block at input.time on input.ledger's genesis",
        "output.ledger and output.supply, or the receipt's code",
        "AIN-ECON-HANDLER-GENESIS.1",
        "AIN-ECON-CALL.1",
        "AIN-ECON-CALL-LOAD.1",
        "AIN-ECON-CALL-WRITES.1",
        "AIN-ECON-TX-FORMAT.2",
        "AIN-ECON-TX-ATOMIC.2",
    ),
    handler(
        "apply_blocks",
        run_apply_blocks,
        "apply input.blocks (signed transactions) in order on input.ledger's genesis",
        "output.ledger, receipts (code or null per transaction), supplies and root",
        "AIN-ECON-HANDLER-GENESIS.1",
        "AIN-ECON-LAYOUT.1",
        "AIN-ECON-PARAMETERS.1",
        "AIN-ECON-TX-ATOMIC.2",
        "AIN-ECON-SUPPLY.2",
    ),
    handler(
        "slash",
        run_slash,
        "run the slash transition on input.ledger with input.reporter as caller at input.time",
        "output.ledger and output.supply, or the rejection code",
        "AIN-ECON-SLASH-ONCE.1",
        "AIN-ECON-SLASH-AGE.1",
        "AIN-ECON-SLASH-TABLE.2",
    ),
    handler(
        "split_basis_points",
        run_split_basis_points,
        "split input.amount by input.shares_bps",
        "output.parts or the rejection code",
        "AIN-ECON-SPLIT.1",
    ),
    handler(
        "split_by_weight",
        run_split_by_weight,
        "split input.pool by input.weights",
        "output.parts and output.remainder, or the rejection code",
        "AIN-ECON-REWARD-SPLIT.2",
    ),
    handler(
        "slash_amount",
        run_slash_amount,
        "slash input.locked by the table row of input.evidence_type",
        "output.slashed, reporter, counterparty, burned, or the rejection code",
        "AIN-ECON-SLASH-AMOUNT.1",
        "AIN-ECON-SLASH-RECEIVERS.1",
    ),
    handler(
        "sign_voucher",
        run_sign_voucher,
        "encode input.voucher and sign it with input.seed (chain id 0)",
        "output.bytes and output.signature, or the rejection code",
        "AIN-ECON-VOUCHER-SIGN.2",
    ),
    handler(
        "verify_voucher",
        run_verify_voucher,
        "verify input.signature of input.voucher by input.executor (chain id 0)",
        'output {"valid": true} or the rejection code',
        "AIN-ECON-VOUCHER-SIGN.2",
    ),
)
"""The economy area's handlers, in handler order."""
