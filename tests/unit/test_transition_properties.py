"""Properties of the transition as a whole: total and atomic on arbitrary operations and rules,
replay counters out of every operation's reach, genesis independent of document order, a total
and sound proof verifier, and the fast envelope reader equal to the plain one at the limits.

Each property checks the reference against something that shares none of the code it checks:
a snapshot of the whole state taken as plain values (``StateTree.export``) and a tree rebuilt
from it, not the journal or the hash caches."""

from __future__ import annotations

import copy
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from ain_ref.chain import (
    BEFORE_BODY,
    BEFORE_SIGNATURE,
    BEFORE_SIGNER,
    MAX_TRANSACTION_SIZE,
    BlockContext,
    Receipt,
    apply_transaction,
    build_genesis,
    decode_transaction,
    decode_transaction_plain,
    sign_transaction,
)
from ain_ref.conformance.state_strategies import (
    ALL_PERMISSIONS,
    FUZZ_ADDRESSES,
    FUZZ_CHAIN_ID,
    FUZZ_SEEDS,
    OPERATIONS,
    rule_expressions,
)
from ain_ref.conformance.strategies import data_model_values
from ain_ref.encoding import CborValue, encode
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.state.labels import ConfigLabel, Subtree
from ain_ref.state.matching import governing_write_rule, match_pattern_path
from ain_ref.state.merkle import EMPTY_HASH
from ain_ref.state.paths import StatePath
from ain_ref.state.proofs import prove, verify_proof, verify_proof_bytes
from ain_ref.state.tree import Node, StateTree, state_root_plain

BLOCK_TIME = 1_000_000
CONFIG_LABELS = frozenset(str(label) for label in ConfigLabel)
CONTEXT = BlockContext(FUZZ_CHAIN_ID, BLOCK_TIME)


def node_from_export(value: Any) -> Node:
    """A subtree built from exported plain values: configs (maps under ".rule", ".owner",
    ".function") are leaves."""
    if not isinstance(value, dict):
        return Node(value)
    node = Node()
    for label in sorted(value):
        is_config = label in CONFIG_LABELS
        node.attach(label, Node(value[label]) if is_config else node_from_export(value[label]))
    return node


def rebuilt(export: dict[str, Any]) -> StateTree:
    """A tree built afresh, children attached in sorted order, from a snapshot's plain values."""
    tree = StateTree()
    for name, value in export.items():
        tree.replace_subtree(StatePath(Subtree(name), ()), node_from_export(value))
    return tree


def rebuilt_root(export: dict[str, Any]) -> bytes:
    """The plain root of a tree built afresh from a snapshot's plain values."""
    return state_root_plain(rebuilt(export))


MATCH_PROBES = [
    ("free", "a"),
    ("free", "q"),
    ("free", "a", "b"),
    ("free", "q", "r", "s"),
    ("notes", "someone"),
]


def verdicts(tree: StateTree) -> list[tuple[bool, dict[str, str], object]]:
    """What matching decides for the probe paths: complete or not, bindings, governing rule."""
    found = []
    for labels in MATCH_PROBES:
        for subtree in (Subtree.RULES, Subtree.FUNCTIONS):
            match = match_pattern_path(tree, subtree, labels)
            found.append((match.is_complete, match.variables, governing_write_rule(match)))
    return found


def transition_genesis() -> dict[str, CborValue]:
    """Owners for the first address everywhere and for anyone under /free; a few rules."""
    first = FUZZ_ADDRESSES[0]
    return {
        "values": {f"/accounts/{address}/balance": 1000 for address in FUZZ_ADDRESSES},
        "rules": {
            "/": {"write": False},
            "/accounts/$addr/balance": {"write": "auth.fid === '_transfer'"},
            "/transfer/$from/$to/$key/value": {"write": "auth.addr === $from && data === null"},
            "/notes/$user": {"write": "auth.addr === $user"},
            "/open": {"write": "util.isInteger(newData) || newData === null"},
            "/free": {"write": True},
        },
        "owners": {
            "/": {"owners": {first: ALL_PERMISSIONS}},
            "/free": {"owners": {"*": ALL_PERMISSIONS}},
        },
        "functions": {
            "/transfer/$from/$to/$key/value": {
                "_transfer": {"function_type": "NATIVE", "function_id": "_transfer"}
            },
        },
    }


FREE_PATHS = st.lists(st.sampled_from(["a", "b", "$x", "$y", "accounts"]), max_size=3).map(
    lambda labels: "/free/" + "/".join(labels) if labels else "/free"
)
COUNTER_REFS = st.sampled_from(
    [
        "/",
        "/accounts",
        f"/accounts/{FUZZ_ADDRESSES[1]}",
        f"/accounts/{FUZZ_ADDRESSES[1]}/nonce",
        f"/accounts/{FUZZ_ADDRESSES[2]}/timestamp/x",
        "/accounts/anyone/nonce",
    ]
)
WILD_OPERATIONS = st.one_of(
    OPERATIONS,
    data_model_values,
    st.builds(
        lambda kind, ref, value: {"type": kind, "ref": ref, "value": value},
        st.sampled_from(["SET_VALUE", "INC_VALUE", "DEC_VALUE", "SET_RULE", "SET_FUNCTION"]),
        FREE_PATHS | COUNTER_REFS,
        data_model_values,
    ),
    st.builds(
        lambda ref, write: {"type": "SET_RULE", "ref": ref, "value": {"write": write}},
        FREE_PATHS,
        rule_expressions | st.booleans(),
    ),
    st.builds(
        lambda ref, fid, kind: {
            "type": "SET_FUNCTION",
            "ref": ref,
            "value": {fid: {"function_type": kind, "function_id": fid}},
        },
        FREE_PATHS,
        st.sampled_from(["_transfer", "seen", "other"]),
        st.sampled_from(["EVENT", "NATIVE"]),
    ),
    st.builds(
        lambda kind, ref, value: {"type": kind, "ref": ref, "value": value},
        st.sampled_from(["SET_VALUE", "INC_VALUE"]),
        COUNTER_REFS,
        st.integers(0, 5),
    ),
)
TRANSACTION_OPERATIONS = WILD_OPERATIONS | st.lists(WILD_OPERATIONS, min_size=1, max_size=4).map(
    lambda operations: {"type": "SET", "op_list": operations}
)


class TransitionMachine(RuleBasedStateMachine):
    """[AIN-TX-ATOMIC.2] [AIN-TX-NONCE.2] [AIN-TX-NONCE-TIMESTAMP.2]
    [AIN-TX-COUNTER-PROTECTED.1] Arbitrary operations and rules, well-formed or not, from
    three signers in both replay modes: no exception; REJECTED changes nothing; FAILED changes
    the signer's replay counter and nothing else; the root is always the plain root of a tree
    rebuilt from the state's plain values."""

    def __init__(self) -> None:
        super().__init__()
        tree = build_genesis(transition_genesis())
        assert isinstance(tree, StateTree)
        self.tree = tree
        self.nonces = dict.fromkeys(FUZZ_ADDRESSES, 0)
        self.timestamps = dict.fromkeys(FUZZ_ADDRESSES, 0)

    def apply(self, signer: int, operation: CborValue, nonce: int | None, timestamp: int) -> None:
        """Apply one transaction and check the state against the snapshot taken before it."""
        address = FUZZ_ADDRESSES[signer]
        body: dict[str, CborValue] = {
            "chain_id": FUZZ_CHAIN_ID,
            "nonce": nonce,
            "timestamp": timestamp,
            "operation": operation,
        }
        before = self.tree.export()
        receipt = apply_transaction(self.tree, sign_transaction(FUZZ_SEEDS[signer], body), CONTEXT)
        after = self.tree.export()
        assert isinstance(receipt, Receipt) and receipt.status in {"SUCCESS", "FAILED", "REJECTED"}
        if receipt.status == "REJECTED":
            assert receipt.code is not None
            assert after == before
            return
        counter, counted = ("nonce", nonce + 1) if nonce is not None else ("timestamp", timestamp)
        if nonce is not None:
            self.nonces[address] += 1
        else:
            self.timestamps[address] = timestamp
        assert after["values"]["accounts"][address][counter] == counted
        if receipt.status == "FAILED":
            assert receipt.code is not None and receipt.code in receipt.operation_codes
            assert (receipt.events, receipt.work) == ((), 0)
            expected = copy.deepcopy(before)
            expected["values"]["accounts"][address][counter] = counted
            assert after == expected
        else:
            assert receipt.code is None and set(receipt.operation_codes) == {None}

    @rule(signer=st.integers(0, 2), operation=TRANSACTION_OPERATIONS, skew=st.integers(-1, 3))
    def ordered(self, signer: int, operation: CborValue, skew: int) -> None:
        nonce = self.nonces[FUZZ_ADDRESSES[signer]] + (skew if skew in (-1, 3) else 0)
        self.apply(signer, operation, max(nonce, 0), 1)

    @rule(signer=st.integers(0, 2), operation=TRANSACTION_OPERATIONS, step=st.integers(-1, 2))
    def timed(self, signer: int, operation: CborValue, step: int) -> None:
        timestamp = self.timestamps[FUZZ_ADDRESSES[signer]] + step
        self.apply(signer, operation, None, max(timestamp, 0))

    @invariant()
    def root_is_the_root_of_the_plain_values(self) -> None:
        root = self.tree.root_hash()
        assert root == state_root_plain(self.tree) == rebuilt_root(self.tree.export())

    @invariant()
    def verdicts_do_not_depend_on_attachment_order(self) -> None:
        """[AIN-STATE-RULE-MATCH.1] [AIN-STATE-FUNCTION-MATCH.2] After writes and rollbacks
        (which re-attach children last), matching decides as in a tree built in sorted order."""
        assert verdicts(self.tree) == verdicts(rebuilt(self.tree.export()))


TestTransitionMachine = TransitionMachine.TestCase
TestTransitionMachine.settings = settings(max_examples=60, stateful_step_count=12, deadline=None)


# --- replay counters ---------------------------------------------------------------------------


def test_a_failed_transaction_consumes_its_nonce_and_cannot_be_replayed() -> None:
    """[AIN-TX-NONCE.2] [AIN-TX-ATOMIC.2] A transaction seen to fail is final: its nonce is
    spent, so the same bytes are refused later even when the state would now let them pass."""
    tree = build_genesis(transition_genesis())
    assert isinstance(tree, StateTree)
    note = {"type": "SET_VALUE", "ref": "/open", "value": "text"}
    failing = sign_transaction(
        FUZZ_SEEDS[1], {"chain_id": FUZZ_CHAIN_ID, "nonce": 0, "timestamp": 1, "operation": note}
    )
    assert apply_transaction(tree, failing, CONTEXT).code == ErrorCode.RULE_DENIED
    owner_opens = {"type": "SET_RULE", "ref": "/open", "value": {"write": True}}
    body: dict[str, CborValue] = {
        "chain_id": FUZZ_CHAIN_ID,
        "nonce": 0,
        "timestamp": 1,
        "operation": owner_opens,
    }
    assert apply_transaction(tree, sign_transaction(FUZZ_SEEDS[0], body), CONTEXT).code is None
    replayed = apply_transaction(tree, failing, CONTEXT)
    assert (replayed.status, replayed.code) == ("REJECTED", ErrorCode.TX_NONCE_MISMATCH)


def test_a_nonce_of_u64_max_is_exhausted() -> None:
    """[AIN-TX-NONCE.2] The successor of 2**64 - 1 has no encoding: refused, nothing changes."""
    document = transition_genesis()
    values = document["values"]
    assert isinstance(values, dict)
    values[f"/accounts/{FUZZ_ADDRESSES[1]}/nonce"] = 2**64 - 1
    tree = build_genesis(document)
    assert isinstance(tree, StateTree)
    body: dict[str, CborValue] = {
        "chain_id": FUZZ_CHAIN_ID,
        "nonce": 2**64 - 1,
        "timestamp": 1,
        "operation": {"type": "SET_VALUE", "ref": "/free", "value": 1},
    }
    before = tree.export()
    receipt = apply_transaction(tree, sign_transaction(FUZZ_SEEDS[1], body), CONTEXT)
    assert (receipt.status, receipt.code) == ("REJECTED", ErrorCode.TX_NONCE_EXHAUSTED)
    assert tree.export() == before


@given(st.sampled_from(["nonce", "timestamp"]), data_model_values)
def test_genesis_counters_are_u64_integers(counter: str, value: CborValue) -> None:
    """[AIN-TX-GENESIS.2] [AIN-TX-COUNTER-PROTECTED.1] Genesis accepts a replay counter only
    as an integer in 0 .. 2**64 - 1."""
    document: dict[str, CborValue] = {"values": {f"/accounts/x/{counter}": value}}
    tree = build_genesis(document)
    if type(value) is int and 0 <= value <= 2**64 - 1:
        assert isinstance(tree, StateTree)
    else:
        assert isinstance(tree, Rejection) and tree.code == ErrorCode.GENESIS_INVALID


# --- genesis does not depend on the document's order --------------------------------------------

GENESIS_RULE_PATHS = st.lists(
    st.lists(st.sampled_from(["a", "b", "$x", "$y", "$z"]), min_size=1, max_size=3).map(
        lambda labels: "/" + "/".join(labels)
    ),
    min_size=1,
    max_size=6,
    unique=True,
)


@given(GENESIS_RULE_PATHS, st.randoms(use_true_random=False))
def test_genesis_verdict_and_root_do_not_depend_on_document_order(
    paths: list[str], shuffler: random.Random
) -> None:
    """[AIN-TX-GENESIS.2] [AIN-STATE-RULE-VARIABLE.1] [AIN-STATE-PATH-VARIABLES.1] The same
    genesis written in any entry order gives the same verdict and root; two $variables beside
    each other, or one variable twice in a path, are refused whichever comes first."""
    results = set()
    for _ in range(3):
        order = list(paths)
        shuffler.shuffle(order)
        document: dict[str, CborValue] = {
            "functions": {
                path: {"f": {"function_type": "EVENT", "function_id": "f"}} for path in order
            },
            "rules": {path: {"write": True} for path in order},
        }
        tree = build_genesis(document)
        results.add(tree.code if isinstance(tree, Rejection) else tree.root_hash())
    assert len(results) == 1
    has_conflict = any(
        len({label for label in labels if label.startswith("$")}) > 1
        for labels in prefix_children(paths).values()
    )
    repeats = any(len(set(vs)) != len(vs) for vs in (variables_of(p) for p in paths))
    assert (results.pop() == ErrorCode.GENESIS_INVALID) == (has_conflict or repeats)


def variables_of(path: str) -> list[str]:
    """The variable labels of a path text, in order."""
    return [label for label in path.split("/") if label.startswith("$")]


def prefix_children(paths: list[str]) -> dict[tuple[str, ...], set[str]]:
    """For each node the paths pass through, the labels of its children."""
    children: dict[tuple[str, ...], set[str]] = {}
    for path in paths:
        labels = tuple(path.split("/")[1:])
        for depth in range(len(labels)):
            children.setdefault(labels[:depth], set()).add(labels[depth])
    return children


# --- proofs: total and sound --------------------------------------------------------------------

PROOF_LABELS = st.sampled_from(["a", "b", "c", "k1", "水", "é"])
PROOF_PATHS = st.lists(PROOF_LABELS, max_size=4).map(tuple)
LEAVES = st.integers(-5, 5) | st.text(max_size=3) | st.booleans() | st.binary(max_size=3)
HASHES = st.binary(min_size=32, max_size=32)


def true_claim(tree: StateTree, path: StatePath) -> dict[str, CborValue]:
    """What is really at a path."""
    node = tree.node_at(path)
    if node is None:
        return {"absent": True}
    if node.is_leaf():
        return {"value": node.value}
    return {"node_hash": node.hash()}


def damage(proof: dict[str, Any], data: st.DataObject, tree: StateTree) -> dict[str, Any]:
    """One structural change to a proof: a field replaced by another well-shaped one."""
    damaged = copy.deepcopy(proof)
    other_node_hashes = [
        node.hash()
        for node in [tree.root.children.get("values")]
        if node is not None and not node.is_leaf()
    ]
    kind = data.draw(st.integers(0, 9))
    if kind == 0:
        damaged["terminal"] = data.draw(
            st.sampled_from(
                [
                    {"absent": "empty_slot"},
                    {"absent": "no_subtree"},
                    {"absent": "leaf", "value": 1},
                    {"value": 1},
                    {"trie_root": EMPTY_HASH},
                    *[{"trie_root": h} for h in other_node_hashes],
                ]
            )
        )
    elif kind == 1:
        damaged["terminal"] = {
            "absent": "other_entry",
            "key": data.draw(HASHES),
            "child_hash": data.draw(HASHES),
        }
    elif kind == 2 and damaged["levels"]:
        damaged["levels"].pop(data.draw(st.integers(0, len(damaged["levels"]) - 1)))
    elif kind == 3:
        damaged["labels"] = list(data.draw(PROOF_PATHS))
    elif kind == 4 and damaged["labels"]:
        damaged["labels"].append(data.draw(PROOF_LABELS))
    elif kind == 5:
        damaged["subtree"] = data.draw(st.sampled_from(["values", "rules", "owners", "nope"]))
    elif kind == 6 and any(damaged["levels"]):
        level = data.draw(st.sampled_from([level for level in damaged["levels"] if level]))
        branch = data.draw(st.sampled_from(level))
        slot = data.draw(st.integers(0, 15))
        branch[slot] = data.draw(st.none() | HASHES | st.just(EMPTY_HASH))
    elif kind == 7:
        damaged["terminal"] = {**damaged["terminal"], "extra": 1}
    elif kind == 8 and "value" in damaged["terminal"]:
        damaged["terminal"]["value"] = data.draw(LEAVES)
    elif kind == 9:
        damaged["levels"] = [*damaged["levels"], data.draw(st.lists(st.just([None] * 16)))]
    return damaged


@given(
    st.dictionaries(st.lists(PROOF_LABELS, min_size=1, max_size=3).map(tuple), LEAVES, max_size=8),
    PROOF_PATHS,
    st.sampled_from(list(Subtree)),
    st.data(),
)
@settings(max_examples=300)
def test_a_damaged_proof_verifies_only_a_true_claim(
    entries: dict, labels: tuple, subtree: Subtree, data: st.DataObject
) -> None:
    """[AIN-STATE-PROOF.2] [AIN-STATE-PROOF-VERIFY.2] Random trees, random paths, proofs damaged
    field by field: a proof verifies only when its claim is true of the tree, and the verifier
    never raises."""
    tree = StateTree()
    for entry_path, value in entries.items():
        tree.set_value(StatePath(Subtree.VALUES, entry_path), value)
    root = tree.root_hash()
    path = StatePath(subtree, labels)
    proof = prove(tree, path)
    honest = verify_proof(root, proof)
    assert not isinstance(honest, Rejection) and honest["claim"] == true_claim(tree, path)
    result = verify_proof(root, damage(proof, data, tree))
    if not isinstance(result, Rejection):
        claimed_labels = tuple(result["path"].split("/")[1:]) if result["path"] != "/" else ()
        claimed = StatePath(Subtree(result["subtree"]), claimed_labels)
        assert result["claim"] == true_claim(tree, claimed)


def test_a_leaf_cannot_pass_for_an_internal_node() -> None:
    """[AIN-STATE-PROOF.2] A trie_root terminal is hashed as a node, so a leaf's own hash in its
    place proves nothing (the old node_hash terminal let a leaf pass for a node)."""
    tree = StateTree()
    tree.set_value(StatePath(Subtree.VALUES, ("a",)), 5)
    tree.set_value(StatePath(Subtree.VALUES, ("b",)), 6)
    proof = prove(tree, StatePath(Subtree.VALUES, ("a",)))
    leaf_hash_as_root = tree.node_at(StatePath(Subtree.VALUES, ("a",)))
    assert leaf_hash_as_root is not None
    forged = {**proof, "terminal": {"trie_root": leaf_hash_as_root.hash()}}
    assert isinstance(verify_proof(tree.root_hash(), forged), Rejection)


@given(HASHES, data_model_values)
def test_the_verifier_is_total_on_any_value(root: bytes, proof: CborValue) -> None:
    """[AIN-STATE-PROOF-VERIFY.2] Any value at all gets a claim or STATE_PROOF_INVALID."""
    result = verify_proof(root, proof)
    assert isinstance(result, Rejection) and result.code == ErrorCode.STATE_PROOF_INVALID


def test_the_verifier_is_total_on_long_and_malformed_proofs() -> None:
    """[AIN-STATE-PROOF-VERIFY.2] Regressions: 65 branches in a level (IndexError before) and a
    terminal of the wrong type (TypeError before) are STATE_PROOF_INVALID."""
    tree = StateTree()
    tree.set_value(StatePath(Subtree.VALUES, ("a",)), 1)
    tree.set_value(StatePath(Subtree.VALUES, ("b",)), 2)
    root = tree.root_hash()
    proof = prove(tree, StatePath(Subtree.VALUES, ("a",)))
    slots: list[CborValue] = [None, *[EMPTY_HASH] * 15]
    long_proof = {**proof, "levels": [[slots] * 65]}
    for candidate in (
        long_proof,
        {**proof, "terminal": {"absent": "other_entry", "key": 1, "child_hash": 2}},
        {**proof, "terminal": {"absent": ["leaf"]}},
        {**proof, "labels": ["a/b"]},
        {**proof, "labels": [".rule"]},
        {**proof, "terminal": {"value": {"map": 1}}},
    ):
        result = verify_proof(root, candidate)
        assert isinstance(result, Rejection) and result.code == ErrorCode.STATE_PROOF_INVALID
    undecodable = verify_proof_bytes(root, encode(proof)[:-1])
    assert isinstance(undecodable, Rejection) and undecodable.code == ErrorCode.STATE_PROOF_INVALID


# --- the envelope readers agree at the limits ---------------------------------------------------


def envelope_bytes(body: bytes, signer: bytes, signature: bytes) -> bytes:
    """An envelope assembled byte by byte around body bytes (never through ``encode``)."""
    return BEFORE_BODY + body + BEFORE_SIGNER + signer + BEFORE_SIGNATURE + signature


def text_bytes(text: str) -> bytes:
    """A short text's encoding (under 24 bytes)."""
    return bytes([0x60 + len(text)]) + text.encode()


def body_bytes(operation: bytes) -> bytes:
    """A body {nonce: 0, chain_id: 5, operation, timestamp: 1} around operation bytes."""
    return (
        b"\xa4"
        + text_bytes("nonce")
        + b"\x00"
        + text_bytes("chain_id")
        + bytes([FUZZ_CHAIN_ID])
        + text_bytes("operation")
        + operation
        + text_bytes("timestamp")
        + b"\x01"
    )


def padded_text(size: int) -> bytes:
    """A text string of ``size`` bytes of 'a' with its head."""
    if size < 24:
        head = bytes([0x60 + size])
    elif size < 256:
        head = bytes([0x78, size])
    else:
        head = bytes([0x79]) + size.to_bytes(2, "big")
    return head + b"a" * size


@given(
    st.integers(0, 70),
    st.sampled_from([0x81, 0xA1]),
    st.binary(min_size=32, max_size=32),
    st.binary(min_size=64, max_size=64),
)
def test_fast_and_plain_envelope_readers_agree_at_the_nesting_limit(
    depth: int, container: int, signer: bytes, signature: bytes
) -> None:
    """[AIN-ENC-LIMITS.1] [AIN-TX-ENVELOPE.1] Operations nested 0 to 70 deep in an envelope
    built byte by byte: the fast reader gives the plain reader's verdict (a body the size of
    64 levels once passed the fast reader and failed the plain one)."""
    key = text_bytes("k") if container == 0xA1 else b""
    operation = (bytes([container]) + key) * depth + b"\x01"
    data = envelope_bytes(body_bytes(operation), signer, signature)
    fast, plain = decode_transaction(data), decode_transaction_plain(data)
    assert fast == plain
    if depth + 2 > 64:
        assert isinstance(fast, Rejection) and fast.code == ErrorCode.ENCODING_TOO_DEEP


@given(st.integers(-3, 3), st.binary(min_size=32, max_size=32))
def test_fast_and_plain_envelope_readers_agree_at_the_size_limit(
    offset: int, signer: bytes
) -> None:
    """[AIN-TX-SIZE.1] Envelopes of 65,536 + offset bytes built byte by byte: both readers
    agree, and one byte over the limit is TX_TOO_LARGE."""
    empty = envelope_bytes(body_bytes(padded_text(0)), signer, bytes(64))
    size = MAX_TRANSACTION_SIZE + offset - len(empty) - 2  # a 3-byte head instead of 1
    data = envelope_bytes(body_bytes(padded_text(size)), signer, bytes(64))
    assert len(data) == MAX_TRANSACTION_SIZE + offset
    fast, plain = decode_transaction(data), decode_transaction_plain(data)
    assert fast == plain
    assert isinstance(fast, Rejection) == (offset > 0)


def test_expires_at_is_absent_or_a_u64_never_null() -> None:
    """[AIN-TX-ENVELOPE.1] Regression: expires_at: null was accepted."""
    body: dict[str, CborValue] = {
        "chain_id": FUZZ_CHAIN_ID,
        "nonce": 0,
        "timestamp": 1,
        "operation": 1,
        "expires_at": None,
    }
    data = encode({"body": body, "signer": bytes(32), "signature": bytes(64)})
    for reader in (decode_transaction, decode_transaction_plain):
        result = reader(data)
        assert isinstance(result, Rejection) and result.code == ErrorCode.TX_MALFORMED
