"""
The platform area's vector handlers (spec/platform.md, "Handlers").

Spec: spec/conformance.md, "Handlers" ([AIN-CONF-HANDLER.1]); spec/platform.md, "Handlers".
Layer: conformance. The platform area owns this file; no other area edits it.
"""

from __future__ import annotations

from typing import Any

from ain_ref.conformance.handlers.base import Handler, HandlerResult
from ain_ref.conformance.handlers.state import LastState, receipt_json
from ain_ref.conformance.typed_json import (
    HandlerInputError,
    Json,
    JsonObject,
    field,
    from_typed_json,
    parse_decimal,
    parse_hex,
    to_typed_json,
)
from ain_ref.crypto import parse_address
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.governance.weights import Constituency, total_at, weight_at
from ain_ref.platform.blocks import Block, BlockResult, apply_block
from ain_ref.platform.genesis import GenesisSpec, build_protocol_genesis
from ain_ref.platform.params import PARAMETERS, check_parameter_value, read_parameter
from ain_ref.platform.staking import (
    delegations_at,
    power_at,
    stake_at,
    total_bonded_at,
    total_staked,
)
from ain_ref.platform.steps import values_path
from ain_ref.state.tree import SUBTREE_ORDER, StateTree


def decimal_map(document: Json, name: str) -> dict[str, int]:
    """An object of decimal strings, read as integers."""
    if not isinstance(document, dict):
        raise HandlerInputError(f"{name}: an object of decimal strings")
    return {key: parse_decimal(value, name) for key, value in document.items()}


def genesis_spec(document: Json) -> GenesisSpec:
    """Read ``input.genesis``: a protocol genesis (spec/platform.md, "Handlers")."""
    if not isinstance(document, dict):
        raise HandlerInputError("genesis: an object")
    parameters = document.get("parameters", {})
    overrides = from_typed_json(document.get("overrides", {"map": {}}))
    if not isinstance(parameters, dict) or not isinstance(overrides, dict):
        raise HandlerInputError("genesis.parameters and genesis.overrides: objects")
    if not all(isinstance(section, dict) for section in overrides.values()):
        raise HandlerInputError("genesis.overrides: sections are maps")
    read_parameters: dict[str, Any] = {}
    for key, value in parameters.items():
        read_parameters[key] = from_typed_json(value)
    return GenesisSpec(
        total_supply=parse_decimal(field(document, "total_supply"), "total_supply"),
        allocations=decimal_map(document.get("allocations", {}), "allocations"),
        validators=decimal_map(document.get("validators", {}), "validators"),
        parameters=read_parameters,
        overrides={key: dict(section) for key, section in overrides.items()},  # type: ignore[arg-type]
    )


def protocol_tree(vector_input: JsonObject) -> StateTree | Rejection:
    """The state of ``input.genesis``, remembered for ``get_state``."""
    tree = build_protocol_genesis(genesis_spec(field(vector_input, "genesis")))
    return tree if isinstance(tree, Rejection) else LastState.remember(tree)


def run_genesis(vector_input: JsonObject) -> HandlerResult:
    """
    The root of a protocol genesis, and its four subtree hashes (to narrow a mismatch down).

    References
    ----------
    [AIN-PLAT-GENESIS-CHECKS.1] [AIN-PLAT-GENESIS-LAYOUT.1]
    """
    tree = protocol_tree(vector_input)
    if isinstance(tree, Rejection):
        return tree
    subtrees = {
        str(subtree): digest.hex()
        for subtree, digest in zip(SUBTREE_ORDER, tree.subtree_hashes(), strict=True)
    }
    return {"root": tree.root_hash().hex(), "subtrees": subtrees}


def run_check_parameter(vector_input: JsonObject) -> HandlerResult:
    """
    Check ``input.value`` against the parameter ``input.key`` [AIN-PLAT-PARAM-BOUNDS.1].

    An unregistered key is PARAM_UNKNOWN ([AIN-PLAT-PARAM-REGISTRY.1]); constraints are not
    judged.
    """
    key = field(vector_input, "key")
    if not isinstance(key, str):
        raise HandlerInputError("key: a text")
    definition = PARAMETERS.get(key)
    if definition is None:
        return Rejection(ErrorCode.PARAM_UNKNOWN, key)
    rejection = check_parameter_value(definition, from_typed_json(field(vector_input, "value")))
    return rejection if rejection is not None else {"valid": True}


def read_block(document: Json) -> Block:
    """One ``input.blocks`` entry."""
    if not isinstance(document, dict) or not isinstance(document.get("transactions"), list):
        raise HandlerInputError("a block is {height, time, transactions}")
    return Block(
        height=parse_decimal(field(document, "height"), "height"),
        time=parse_decimal(field(document, "time"), "time"),
        transactions=tuple(parse_hex(data, "transaction") for data in document["transactions"]),
    )


def block_json(result: BlockResult | Rejection, tree: StateTree) -> dict[str, Any]:
    """One entry of ``output.blocks``."""
    if isinstance(result, Rejection):
        return {
            "code": str(result.code),
            "receipts": [],
            "steps": [],
            "root": tree.root_hash().hex(),
        }
    receipts = [receipt_json(receipt, result.root) for receipt in result.receipts]
    for receipt in receipts:
        del receipt["root"]  # a block commits one root
    steps = [
        {
            "step": step.step_id,
            "code": None if step.code is None else str(step.code),
            "writes": step.writes,
        }
        for step in result.steps
    ]
    return {"code": None, "receipts": receipts, "steps": steps, "root": result.root.hex()}


def supply_json(tree: StateTree) -> dict[str, str]:
    """The supply's parts [AIN-PLAT-STAKE-SUPPLY.2]: the recorded total, balances, staked."""

    def read(text: str) -> Any:
        return tree.value_at(values_path(text))

    accounts = read("/accounts")
    balances = 0
    if isinstance(accounts, dict):
        for account in accounts.values():
            balance = account.get("balance") if isinstance(account, dict) else None
            balances += balance if type(balance) is int else 0
    total = read("/supply/total")
    return {
        "total": str(total if type(total) is int else 0),
        "balances": str(balances),
        "staked": str(total_staked(read)),
    }


CONSTITUENCY_NAMES = frozenset(constituency.value for constituency in Constituency)
"""The constituency names a query may name [AIN-GOV-CONSTITUENCY.1]."""


def address_field(query: JsonObject, name: str) -> str:
    """A query's address text; anything else is a malformed input."""
    address = field(query, name)
    if not isinstance(address, str) or isinstance(parse_address(address), Rejection):
        raise HandlerInputError(f"{name}: not an address text: {address!r:.80}")
    return address


def constituency_field(query: JsonObject) -> Constituency:
    """A query's constituency name; any other value is a malformed input."""
    name = field(query, "constituency")
    if not isinstance(name, str) or name not in CONSTITUENCY_NAMES:
        raise HandlerInputError(f"constituency: not one of the three: {name!r:.40}")
    return Constituency(name)


def height_field(query: JsonObject) -> int:
    """A query's height: a decimal string of any integer."""
    return parse_decimal(field(query, "height"), "height")


def applied_blocks(
    vector_input: JsonObject,
) -> tuple[StateTree, list[dict[str, Any]], dict[str, Any]] | Rejection:
    """
    The protocol genesis of ``input`` with ``input.blocks`` applied in order.

    Returns the tree, each block's JSON and ``input.queries`` (an object, empty when absent);
    or the genesis's rejection code when its checks refuse it [AIN-PLAT-BLOCK-APPLY.1].
    """
    tree = protocol_tree(vector_input)
    if isinstance(tree, Rejection):
        return tree
    chain_id = parse_decimal(field(vector_input, "chain_id"), "chain_id")
    blocks = field(vector_input, "blocks")
    queries = vector_input.get("queries", {})
    if not isinstance(blocks, list) or not isinstance(queries, dict):
        raise HandlerInputError("blocks: a list; queries: an object")
    outputs = [block_json(apply_block(tree, chain_id, read_block(block)), tree) for block in blocks]
    return tree, outputs, queries


def run_apply_blocks(vector_input: JsonObject) -> HandlerResult:
    """
    Build a protocol genesis, apply blocks in order, answer the queries.

    References
    ----------
    [AIN-PLAT-BLOCK-APPLY.1] [AIN-PLAT-STAKE-POWER.1] [AIN-PLAT-STAKE-HISTORY.1]
    [AIN-PLAT-STAKE-TOTAL.1] [AIN-PLAT-PARAM-READ.1] [AIN-GOV-WEIGHT.1]
    """
    applied = applied_blocks(vector_input)
    if isinstance(applied, Rejection):
        return applied
    tree, outputs, queries = applied

    def read(text: str) -> Any:
        return tree.value_at(values_path(text))

    powers = [
        str(power_at(read, address_field(query, "validator"), height_field(query)))
        for query in queries.get("voting_power", [])
    ]
    stakes = [
        str(
            stake_at(
                read,
                address_field(query, "delegator"),
                address_field(query, "validator"),
                height_field(query),
            )
        )
        for query in queries.get("stake", [])
    ]
    delegations = [
        [
            {"validator": validator, "stake": str(stake)}
            for validator, stake in delegations_at(
                read, address_field(query, "delegator"), height_field(query)
            )
        ]
        for query in queries.get("delegations", [])
    ]
    totals = [
        str(total_bonded_at(read, parse_decimal(height, "height")))
        for height in queries.get("total_bonded", [])
    ]
    weights = [
        str(
            weight_at(
                read,
                address_field(query, "account"),
                constituency_field(query),
                height_field(query),
            )
        )
        for query in queries.get("weights", [])
    ]
    constituency_totals = [
        str(total_at(read, constituency_field(query), height_field(query)))
        for query in queries.get("constituency_totals", [])
    ]
    parameters = []
    for key in queries.get("parameters", []):
        if key not in PARAMETERS:
            raise HandlerInputError(f"parameters: not registered: {key!r:.60}")
        parameters.append(to_typed_json(read_parameter(read, key)))
    return {
        "blocks": outputs,
        "voting_power": powers,
        "stake": stakes,
        "delegations": delegations,
        "total_bonded": totals,
        "weights": weights,
        "constituency_totals": constituency_totals,
        "parameters": parameters,
        "supply": supply_json(tree),
        "root": tree.root_hash().hex(),
    }


HANDLERS: tuple[Handler, ...] = (
    Handler(
        "platform",
        "apply_blocks",
        run_apply_blocks,
        call="build the protocol genesis of input.genesis, apply input.blocks in order on "
        "chain input.chain_id, then answer input.queries",
        compare="output.blocks (each: code, receipts, steps, root), output.voting_power, "
        "output.stake, output.delegations, output.total_bonded, output.weights, "
        "output.constituency_totals, output.parameters, "
        "output.supply and output.root, or the genesis's rejection code",
        clauses=("AIN-PLAT-BLOCK-APPLY.1",),
    ),
    Handler(
        "platform",
        "check_parameter",
        run_check_parameter,
        call="check input.value (typed JSON) against the registered parameter input.key",
        compare='output {"valid": true} or the rejection code',
        clauses=("AIN-PLAT-PARAM-BOUNDS.1",),
    ),
    Handler(
        "platform",
        "genesis",
        run_genesis,
        call="build the protocol genesis of input.genesis and hash it",
        compare="output.root and output.subtrees, or the rejection code",
        clauses=("AIN-PLAT-GENESIS-CHECKS.1",),
    ),
)
"""The platform area's handlers, in handler order."""
