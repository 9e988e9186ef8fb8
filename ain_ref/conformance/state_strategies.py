"""
Hypothesis strategies for the state area's handlers: fresh inputs for differential fuzzing.

Spec: spec/conformance.md, "Differential fuzzing" ([AIN-CONF-FUZZ.2]).
Layer: conformance tooling (needs the test extra: hypothesis).
"""

from __future__ import annotations

from typing import Any, Final

from hypothesis import strategies as st

from ain_ref.chain import sign_transaction
from ain_ref.conformance.typed_json import to_typed_json
from ain_ref.crypto import KeyPair, format_address, keypair_from_seed
from ain_ref.encoding import CborValue, encode
from ain_ref.state.labels import Subtree
from ain_ref.state.paths import StatePath, parse_path
from ain_ref.state.proofs import prove
from ain_ref.state.tree import StateTree

HandlerInput = dict[str, Any]
FUZZ_SEEDS: Final = tuple(bytes([index]) * 32 for index in (11, 12, 13))
FUZZ_CHAIN_ID: Final = 5
FUZZ_BLOCK_TIME: Final = 1_000_000


def seed_address(seed: bytes) -> str:
    """The address text of a seed."""
    keypair = keypair_from_seed(seed)
    assert isinstance(keypair, KeyPair)
    return format_address(keypair.public_key)


FUZZ_ADDRESSES: Final = tuple(seed_address(seed) for seed in FUZZ_SEEDS)
ALL_PERMISSIONS: Final[dict[str, CborValue]] = {
    "branch_owner": True,
    "write_function": True,
    "write_owner": True,
    "write_rule": True,
}


def fuzz_genesis() -> dict[str, CborValue]:
    """A small chain for transaction fuzzing: balances, transfers, notes, events, one owner."""
    first = FUZZ_ADDRESSES[0]
    return {
        "values": {f"/accounts/{address}/balance": 1000 for address in FUZZ_ADDRESSES},
        "rules": {
            "/": {"write": False},
            "/accounts/$addr/balance": {"write": "auth.fid === '_transfer'"},
            "/transfer/$from/$to/$key/value": {"write": "auth.addr === $from && data === null"},
            "/notes/$user": {"write": "auth.addr === $user"},
            "/open": {"write": "util.isInteger(newData) || newData === null"},
        },
        "owners": {"/": {"owners": {first: ALL_PERMISSIONS}}},
        "functions": {
            "/transfer/$from/$to/$key/value": {
                "_transfer": {"function_type": "NATIVE", "function_id": "_transfer"}
            },
            "/notes/$user": {"noted": {"function_type": "EVENT", "function_id": "noted"}},
        },
    }


LABELS = st.sampled_from(["a", "b", "k1", "水", "x"])
PATH_LABELS = st.sampled_from(["a", "b", "$v", "", "a b", "é", "x" * 151, ".rule", "*"])
SCALARS = (
    st.integers(-(2**63), 2**64 - 1) | st.text(max_size=4) | st.booleans() | st.binary(max_size=3)
)
STATE_VALUES: st.SearchStrategy[CborValue] = st.recursive(
    SCALARS | st.none(),
    lambda children: (
        st.dictionaries(LABELS | PATH_LABELS, children, max_size=3) | st.lists(children, max_size=2)
    ),
    max_leaves=6,
)
LEAF_VALUES: st.SearchStrategy[CborValue] = st.recursive(
    SCALARS,
    lambda children: st.dictionaries(LABELS, children, min_size=1, max_size=3),
    max_leaves=5,
)
path_texts = st.lists(PATH_LABELS | LABELS, max_size=4).map(lambda labels: "/" + "/".join(labels))
subtrees = st.sampled_from([str(subtree) for subtree in Subtree])

RULE_TOKENS = st.sampled_from(
    [
        "1",
        "0",
        "2",
        "18446744073709551615",
        "'a'",
        '"b"',
        "'/a/'",
        "true",
        "false",
        "null",
        "data",
        "newData",
        "auth",
        "auth.addr",
        "$v",
        "$x",
        "x",
        "getValue('/a')",
        "getValue(1)",
        "util.isDict",
        "util.length",
        "util.nope",
        "Number('7')",
        "+",
        "-",
        "*",
        "/",
        "%",
        "===",
        "!==",
        "<",
        ">=",
        "&&",
        "||",
        "!",
        "?",
        ":",
        "(",
        ")",
        ".",
        ",",
        "[",
        "]",
    ]
)
"""Tokens of the rule language, valid names and invalid ones, for expressions of any shape."""
rule_expressions = st.lists(RULE_TOKENS, min_size=1, max_size=14).map(" ".join)


def deepest_entries(entries: dict[tuple[str, ...], Any]) -> dict[tuple[str, ...], Any]:
    """The entries whose path is no other entry's prefix: writable together as leaves."""
    return {
        path: value
        for path, value in entries.items()
        if not any(other != path and other[: len(path)] == path for other in entries)
    }


@st.composite
def genesis_documents(draw: st.DrawFn) -> dict[str, CborValue]:
    """A genesis of a few /values leaves (valid paths only)."""
    entries = draw(
        st.dictionaries(
            st.lists(LABELS, min_size=1, max_size=3).map(tuple), LEAF_VALUES, max_size=6
        )
    )
    leaves = deepest_entries(entries)
    return {"values": {"/" + "/".join(path): value for path, value in leaves.items()}}


@st.composite
def evaluate_rule_inputs(draw: st.DrawFn) -> HandlerInput:
    """A rule, random data, over a small state."""
    return {
        "genesis": to_typed_json(draw(genesis_documents())),
        "rule": draw(rule_expressions | st.booleans()),
        "auth": {"addr": FUZZ_ADDRESSES[0], "fid": draw(st.none() | st.just("_transfer"))},
        "data": to_typed_json(draw(STATE_VALUES)),
        "new_data": to_typed_json(draw(STATE_VALUES)),
        "current_time": str(draw(st.integers(0, 2**40))),
        "variables": {"v": draw(LABELS)},
    }


@st.composite
def verify_proof_inputs(draw: st.DrawFn) -> HandlerInput:
    """A reference proof of a random path, sometimes with one byte changed."""
    from ain_ref.chain import build_genesis

    tree = build_genesis(draw(genesis_documents()))
    assert isinstance(tree, StateTree)
    subtree = Subtree(draw(subtrees))
    path = parse_path("/" + "/".join(draw(st.lists(LABELS, max_size=3))), subtree)
    assert isinstance(path, StatePath)
    encoded = bytearray(encode(prove(tree, path)))
    if draw(st.booleans()):
        position = draw(st.integers(0, len(encoded) - 1))
        encoded[position] ^= draw(st.integers(1, 255))
    return {"root": tree.root_hash().hex(), "proof": bytes(encoded).hex()}


OPERATIONS = st.one_of(
    st.builds(
        lambda who, label, value: {
            "type": "SET_VALUE",
            "ref": f"/notes/{who}/{label}",
            "value": value,
        },
        st.sampled_from(FUZZ_ADDRESSES),
        LABELS,
        STATE_VALUES,
    ),
    st.builds(
        lambda kind, delta: {"type": kind, "ref": "/open", "value": delta},
        st.sampled_from(["INC_VALUE", "DEC_VALUE"]),
        st.integers(-(2**63), 2**64 - 1),
    ),
    st.builds(
        lambda src, dst, key, amount: {
            "type": "SET_VALUE",
            "ref": f"/transfer/{src}/{dst}/{key}/value",
            "value": amount,
        },
        st.sampled_from(FUZZ_ADDRESSES),
        st.sampled_from(FUZZ_ADDRESSES),
        LABELS,
        st.integers(-2, 1500),
    ),
    st.builds(
        lambda ref, write: {"type": "SET_RULE", "ref": ref, "value": {"write": write}},
        st.sampled_from(["/open", "/notes/$user", "/x/$y", "/x/$z"]),
        rule_expressions | st.booleans(),
    ),
    st.builds(
        lambda ref, key: {
            "type": "SET_OWNER",
            "ref": ref,
            "value": {"owners": {key: ALL_PERMISSIONS}},
        },
        st.sampled_from(["/", "/open", "/notes"]),
        st.sampled_from([*FUZZ_ADDRESSES, "*", "fid:_transfer", "bad"]),
    ),
)


@st.composite
def apply_inputs(draw: st.DrawFn) -> HandlerInput:
    """Signed transactions (timestamp mode, occasionally replayed or garbled) over a genesis."""
    transactions: list[str] = []
    for timestamp in range(1, draw(st.integers(1, 5)) + 1):
        seed = draw(st.sampled_from(FUZZ_SEEDS))
        operation: Any = draw(
            OPERATIONS
            | st.lists(OPERATIONS, min_size=1, max_size=3).map(
                lambda operations: {"type": "SET", "op_list": operations}
            )
        )
        body: dict[str, CborValue] = {
            "chain_id": FUZZ_CHAIN_ID,
            "nonce": None,
            "timestamp": timestamp,
            "operation": operation,
        }
        data = sign_transaction(seed, body)
        if draw(st.integers(0, 9)) == 0:
            data = data[:-1] + bytes([data[-1] ^ 1])
        transactions.append(data.hex())
    replay: bool = draw(st.booleans())
    if replay:
        transactions.append(transactions[0])
    return {
        "genesis": to_typed_json(fuzz_genesis()),
        "chain_id": str(FUZZ_CHAIN_ID),
        "block_time": str(FUZZ_BLOCK_TIME),
        "transactions": transactions,
    }


STATE_STRATEGIES: dict[tuple[str, str], st.SearchStrategy[HandlerInput]] = {
    ("state", "parse_path"): st.fixed_dictionaries({"subtree": subtrees, "path": path_texts}),
    ("state", "check_value"): st.fixed_dictionaries(
        {"path": path_texts, "value": STATE_VALUES.map(to_typed_json)}
    ),
    ("state", "parse_rule"): st.fixed_dictionaries({"expression": rule_expressions}),
    ("state", "evaluate_rule"): evaluate_rule_inputs(),
    ("state", "root"): genesis_documents().map(lambda doc: {"genesis": to_typed_json(doc)}),
    ("state", "prove"): st.builds(
        lambda doc, subtree, path: {
            "genesis": to_typed_json(doc),
            "subtree": subtree,
            "path": path,
        },
        genesis_documents(),
        subtrees,
        path_texts,
    ),
    ("state", "verify_proof"): verify_proof_inputs(),
    ("state", "apply"): apply_inputs(),
}
"""The input strategy of every state handler."""
