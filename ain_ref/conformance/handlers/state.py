"""
Handlers of the state area: paths, values, rules, roots, proofs, and transaction sequences.

Spec: spec/state.md, spec/transactions.md; spec/conformance.md ([AIN-CONF-HANDLER.1]).
Layer: conformance. Imports state and chain.
"""

from __future__ import annotations

from typing import Any

from ain_ref.chain import BlockContext, Receipt, apply_transaction, build_genesis
from ain_ref.conformance.handlers.base import Handler, HandlerResult
from ain_ref.conformance.relay_natives import install_relay_natives
from ain_ref.conformance.typed_json import (
    HandlerInputError,
    JsonObject,
    field,
    from_typed_json,
    parse_decimal,
    parse_hex,
    to_typed_json,
)
from ain_ref.encoding import CborValue, encode
from ain_ref.errors import Rejection
from ain_ref.state.labels import Subtree
from ain_ref.state.paths import parse_path
from ain_ref.state.proofs import prove, verify_proof_bytes
from ain_ref.state.rules import DataValue, RuleContext, evaluate_rule, parse_rule
from ain_ref.state.tree import StateTree
from ain_ref.state.values import check_state_value

install_relay_natives()  # [AIN-STATE-FUNCTION-RELAY.1]: for state/apply's vectors alone


class LastState:
    """
    The state the last state handler built, for ``get_state`` [AIN-CONF-ADAPTER-RUN.2].

    One per adapter process: a runner asks for it right after the vector whose output
    differed, to show where the two states part.
    """

    tree: StateTree | None = None

    @classmethod
    def remember(cls, tree: StateTree) -> StateTree:
        """Keep the tree a handler just built and return it."""
        cls.tree = tree
        return tree

    @classmethod
    def exported(cls) -> Any:
        """The last state as typed JSON (its four subtrees), or None."""
        if cls.tree is None:
            return None
        return to_typed_json(cls.tree.export())


def subtree_field(vector_input: JsonObject) -> Subtree:
    """The subtree named by ``input.subtree``."""
    name = field(vector_input, "subtree")
    if name not in {str(subtree) for subtree in Subtree}:
        raise HandlerInputError(f"subtree: {name!r:.40}")
    return Subtree(name)


def genesis_tree(vector_input: JsonObject) -> StateTree | Rejection:
    """The state built from ``input.genesis`` (typed JSON); an empty one when absent."""
    document = from_typed_json(vector_input.get("genesis", {"map": {}}))
    tree = build_genesis(document)
    return tree if isinstance(tree, Rejection) else LastState.remember(tree)


def run_parse_path(vector_input: JsonObject) -> HandlerResult:
    """Parse ``input.path`` in ``input.subtree`` [AIN-STATE-PATH.1]."""
    path = parse_path(field(vector_input, "path"), subtree_field(vector_input))
    if isinstance(path, Rejection):
        return path
    return {"labels": list(path.labels)}


def run_check_value(vector_input: JsonObject) -> HandlerResult:
    """Check ``input.value`` as written at ``input.path`` in /values [AIN-STATE-VALUE.1]."""
    path = parse_path(field(vector_input, "path"), Subtree.VALUES)
    if isinstance(path, Rejection):
        return path
    rejection = check_state_value(from_typed_json(field(vector_input, "value")), len(path.labels))
    return rejection if rejection is not None else {"valid": True}


def run_parse_rule(vector_input: JsonObject) -> HandlerResult:
    """Parse ``input.expression`` with the rule grammar [AIN-STATE-RULE-GRAMMAR.2]."""
    expression = field(vector_input, "expression")
    if not isinstance(expression, str):
        raise HandlerInputError("expression: a string")
    parsed = parse_rule(expression)
    return parsed if isinstance(parsed, Rejection) else {"valid": True}


def run_evaluate_rule(vector_input: JsonObject) -> HandlerResult:
    """Evaluate ``input.rule`` in the given context and state [AIN-STATE-RULE-EVAL.2]."""
    tree = genesis_tree(vector_input)
    if isinstance(tree, Rejection):
        return tree
    rule = field(vector_input, "rule")
    auth, variables = field(vector_input, "auth"), field(vector_input, "variables")
    if not isinstance(rule, bool | str) or not isinstance(auth, dict):
        raise HandlerInputError("rule is a boolean or a string; auth an object")
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        raise HandlerInputError("variables map names to strings")
    context = RuleContext(
        tree=tree,
        auth={"addr": auth.get("addr"), "fid": auth.get("fid")},
        data=DataValue(from_typed_json(field(vector_input, "data"))),
        new_data=from_typed_json(field(vector_input, "new_data")),
        current_time=parse_decimal(field(vector_input, "current_time"), "current_time"),
        variables=dict(variables),
    )
    rejection = evaluate_rule(rule, context)
    return rejection if rejection is not None else {"allowed": True}


def run_root(vector_input: JsonObject) -> HandlerResult:
    """The state root of ``input.genesis`` [AIN-STATE-ROOT-TOP.1]."""
    tree = genesis_tree(vector_input)
    if isinstance(tree, Rejection):
        return tree
    return {"root": tree.root_hash().hex()}


def run_prove(vector_input: JsonObject) -> HandlerResult:
    """The proof of ``input.path`` in the state of ``input.genesis`` [AIN-STATE-PROOF.2]."""
    tree = genesis_tree(vector_input)
    if isinstance(tree, Rejection):
        return tree
    path = parse_path(field(vector_input, "path"), subtree_field(vector_input))
    if isinstance(path, Rejection):
        return path
    return {"root": tree.root_hash().hex(), "proof": encode(prove(tree, path)).hex()}


def run_verify_proof(vector_input: JsonObject) -> HandlerResult:
    """Verify ``input.proof`` (its canonical encoding, hex) against ``input.root``.

    References
    ----------
    [AIN-STATE-PROOF-VERIFY.2]
    """
    proof = parse_hex(field(vector_input, "proof"), "proof")
    claim = verify_proof_bytes(parse_hex(field(vector_input, "root"), "root"), proof)
    if isinstance(claim, Rejection):
        return claim
    return {key: to_typed_json(value) for key, value in claim.items()}


def receipt_json(receipt: Receipt, root: bytes) -> dict[str, Any]:
    """A receipt as vectors write it, with the state root after it (the harness adds it)."""
    events: list[CborValue] = list(receipt.events)
    return {
        "transaction_hash": None
        if receipt.transaction_hash is None
        else receipt.transaction_hash.hex(),
        "status": receipt.status,
        "code": None if receipt.code is None else str(receipt.code),
        "operation_codes": [
            None if code is None else str(code) for code in receipt.operation_codes
        ],
        "events": [to_typed_json(event) for event in events],
        "work": receipt.work,
        "root": root.hex(),
    }


def run_apply(vector_input: JsonObject) -> HandlerResult:
    """
    Build the genesis state, apply each transaction in order, return receipts and the root.

    References
    ----------
    [AIN-TX-RECEIPT.2] [AIN-TX-GENESIS.2]
    """
    tree = genesis_tree(vector_input)
    if isinstance(tree, Rejection):
        return tree
    context = BlockContext(
        chain_id=parse_decimal(field(vector_input, "chain_id"), "chain_id"),
        block_time=parse_decimal(field(vector_input, "block_time"), "block_time"),
    )
    transactions = field(vector_input, "transactions")
    if not isinstance(transactions, list):
        raise HandlerInputError("transactions: a list of hex strings")
    receipts = []
    for data in transactions:
        receipt = apply_transaction(tree, parse_hex(data, "transaction"), context)
        receipts.append(receipt_json(receipt, tree.root_hash()))
    return {"receipts": receipts, "root": tree.root_hash().hex()}


HANDLERS = (
    Handler(
        "state",
        "parse_path",
        run_parse_path,
        call="parse input.path as a path of input.subtree",
        compare="output.labels or the rejection code",
        clauses=("AIN-STATE-PATH.1", "AIN-STATE-LABEL.1"),
    ),
    Handler(
        "state",
        "check_value",
        run_check_value,
        call="check input.value (typed JSON) as a value written at input.path of /values",
        compare='output {"valid": true} or the rejection code',
        clauses=("AIN-STATE-VALUE.1",),
    ),
    Handler(
        "state",
        "parse_rule",
        run_parse_rule,
        call="parse input.expression with the write-rule grammar",
        compare='output {"valid": true} or the rejection code',
        clauses=("AIN-STATE-RULE-GRAMMAR.2",),
    ),
    Handler(
        "state",
        "evaluate_rule",
        run_evaluate_rule,
        call="evaluate input.rule with auth, data, new_data, current_time, variables over the "
        "state of input.genesis",
        compare='output {"allowed": true} or the rejection code',
        clauses=("AIN-STATE-RULE-EVAL.2",),
    ),
    Handler(
        "state",
        "root",
        run_root,
        call="build the state of input.genesis and hash it",
        compare="output.root or the rejection code",
        clauses=("AIN-STATE-ROOT-TOP.1",),
    ),
    Handler(
        "state",
        "prove",
        run_prove,
        call="build the state of input.genesis and prove input.path of input.subtree",
        compare="output.root and output.proof (canonical encoding, hex)",
        clauses=("AIN-STATE-PROOF.2",),
    ),
    Handler(
        "state",
        "verify_proof",
        run_verify_proof,
        call="verify input.proof (canonical encoding, hex) against input.root",
        compare="output.subtree, output.path and output.claim (typed JSON), or the code",
        clauses=("AIN-STATE-PROOF-VERIFY.2",),
    ),
    Handler(
        "state",
        "apply",
        run_apply,
        call="build the state of input.genesis, then apply input.transactions (hex) in order "
        "with input.chain_id and input.block_time (any native of spec/platform.md's table "
        "may fire)",
        compare="output.receipts (each: hash, status, code, events, work, root) and output.root",
        clauses=("AIN-TX-RECEIPT.2",),
    ),
)
