"""Properties of the state: the fast root equals the plain one, pruning, order independence,
atomicity, proof soundness, a total rule evaluator, conservation of balances."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ain_ref.chain import BlockContext, apply_transaction, build_genesis
from ain_ref.conformance.state_strategies import deepest_entries, rule_expressions
from ain_ref.crypto import DomainTag, tagged_hash
from ain_ref.encoding import CborValue, decode, encode
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.state.labels import ConfigLabel, Subtree
from ain_ref.state.matching import (
    governing_write_rule,
    has_write_rule_below,
    match_pattern_path,
    write_rule_facts,
)
from ain_ref.state.merkle import branch_hash, entry_hash, internal_hash, label_key, leaf_hash
from ain_ref.state.natives import FunctionCall, register_native
from ain_ref.state.paths import StatePath, parse_path, parse_path_plain
from ain_ref.state.proofs import prove, verify_proof
from ain_ref.state.rules import DataValue, RuleContext, evaluate_rule
from ain_ref.state.tree import Node, StateTree, state_root_plain
from tests.fillers.state.common import (
    ALICE,
    ALICE_SEED,
    BLOCK_TIME,
    BOB,
    BOB_SEED,
    CAROL,
    CAROL_SEED,
    CHAIN_ID,
    base_genesis,
    set_value,
    transaction,
)

LABELS = st.sampled_from(["a", "b", "c", "d", "é", "k1", "k2"])
PATHS = st.lists(LABELS, min_size=1, max_size=4).map(tuple)
RULE_PATHS = st.lists(st.sampled_from(["a", "b", "$v"]), min_size=1, max_size=3).map(tuple)
PROBE_PATHS = [("a",), ("b",), ("a", "a"), ("a", "b"), ("b", "a"), ("a", "b", "a"), ("c", "c")]
SCALARS = st.one_of(
    st.integers(-(2**63), 2**64 - 1), st.text(max_size=5), st.booleans(), st.binary(max_size=4)
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.dictionaries(LABELS, children, min_size=1, max_size=3),
    max_leaves=6,
)


def assert_well_formed(node: Node, depth: int = 0) -> None:
    """[AIN-STATE-LAYOUT.1] [AIN-STATE-NULL-PRUNE.1] Internal nodes have children; configs are
    leaves; the root holds only the four subtrees."""
    if depth == 0:
        assert set(node.children) <= {str(subtree) for subtree in Subtree}
    for label, child in node.children.items():
        if label in {str(config) for config in ConfigLabel}:
            assert child.is_leaf()
        if not child.is_leaf():
            assert child.children, "an internal node without children survived"
        assert_well_formed(child, depth + 1)


class TreeMachine(RuleBasedStateMachine):
    """[AIN-STATE-ROOT.1] [AIN-STATE-ROOT-TRIE.1] [AIN-STATE-ROOT-TOP.1] [AIN-STATE-REPLACE.1]
    [AIN-STATE-NULL-PRUNE.1] [AIN-TX-ATOMIC.1] Random writes, deletes, configs and rollbacks:
    the cached root always equals the plain recomputation, and rollback restores it exactly."""

    def __init__(self) -> None:
        super().__init__()
        self.tree = StateTree()
        self.marks: list[tuple[int, bytes]] = []

    @rule(path=PATHS, value=VALUES)
    def write(self, path: tuple[str, ...], value: CborValue) -> None:
        self.tree.set_value(StatePath(Subtree.VALUES, path), value)

    @rule(path=PATHS)
    def delete(self, path: tuple[str, ...]) -> None:
        self.tree.set_value(StatePath(Subtree.VALUES, path), None)

    @rule(path=RULE_PATHS, write=st.booleans() | st.none() | st.just("auth.addr === $v"))
    def config(self, path: tuple[str, ...], write: bool | str | None) -> None:
        rule_path = StatePath(Subtree.RULES, path).child(str(ConfigLabel.RULE))
        self.tree.set_config(rule_path, None if write is None else {"write": write})

    @rule()
    def mark(self) -> None:
        self.marks.append((self.tree.checkpoint(), self.tree.root_hash()))

    @precondition(lambda self: bool(self.marks))
    @rule()
    def rollback(self) -> None:
        mark, root = self.marks.pop()
        self.tree.rollback_to(mark)
        assert self.tree.root_hash() == root

    @invariant()
    def root_is_plain_root(self) -> None:
        assert self.tree.root_hash() == state_root_plain(self.tree)
        assert_well_formed(self.tree.root)

    @invariant()
    def remembered_rule_facts_are_the_plain_ones(self) -> None:
        """[AIN-STATE-RULE-MATCH.1] [AIN-STATE-RULE-BELOW.1] The rule facts remembered per
        rules node (filled here, on every step) equal the plain walk's."""
        for path in PROBE_PATHS:
            match = match_pattern_path(self.tree, Subtree.RULES, path)
            plain = (
                (governing_write_rule(match), has_write_rule_below(match.nodes[-1]))
                if match.nodes
                else (None, False)
            )
            assert write_rule_facts(self.tree, match) == plain


TestTreeMachine = TreeMachine.TestCase


def test_genesis_layout() -> None:
    """[AIN-STATE-LAYOUT.1] Four subtrees at most; each config one leaf under its label."""
    tree = build_genesis(base_genesis())
    assert isinstance(tree, StateTree)
    assert sorted(tree.root.children) == ["functions", "owners", "rules", "values"]
    assert_well_formed(tree.root)
    rule_node = tree.node_at(StatePath(Subtree.RULES, ("notes", "$user", ".rule")))
    assert rule_node is not None and rule_node.is_leaf()
    assert rule_node.value == {"write": "auth.addr === $user"}


TestTreeMachine.settings = settings(stateful_step_count=30, deadline=None)


@given(st.dictionaries(PATHS, SCALARS, min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_root_does_not_depend_on_insertion_order(entries: dict, shuffler: random.Random) -> None:
    """[AIN-STATE-ROOT-TRIE.1] The same tree built in any order has the same root."""
    leaves = deepest_entries(entries)
    orders = [sorted(leaves), list(leaves)]
    shuffled = list(leaves)
    shuffler.shuffle(shuffled)
    orders.append(shuffled)
    roots = set()
    for order in orders:
        tree = StateTree()
        for path in order:
            tree.set_value(StatePath(Subtree.VALUES, path), leaves[path])
        roots.add(tree.root_hash())
    assert len(roots) == 1


@given(
    st.dictionaries(PATHS, SCALARS, max_size=10), PATHS, st.sampled_from(list(Subtree)), st.data()
)
def test_proofs_verify_exactly_the_truth(
    entries: dict, path: tuple, subtree: Subtree, data: st.DataObject
) -> None:
    """[AIN-STATE-PROOF.1] [AIN-STATE-PROOF-VERIFY.1] Every proof verifies to the true claim, and a
    proof with any byte changed either fails or still claims only what is true."""
    tree = StateTree()
    for entry_path, value in entries.items():
        tree.set_value(StatePath(Subtree.VALUES, entry_path), value)
    target = StatePath(subtree, path)
    root = tree.root_hash()
    claim = verify_proof(root, prove(tree, target))
    assert not isinstance(claim, Rejection)
    assert claim["claim"] == true_claim(tree, target)
    encoded = bytearray(encode(prove(tree, target)))
    position = data.draw(st.integers(0, len(encoded) - 1))
    encoded[position] ^= data.draw(st.integers(1, 255))
    tampered = decode(bytes(encoded))
    if isinstance(tampered, Rejection):
        return
    result = verify_proof(root, tampered)
    if not isinstance(result, Rejection):
        labels = tuple(result["path"].split("/")[1:]) if result["path"] != "/" else ()
        assert result["claim"] == true_claim(tree, StatePath(Subtree(result["subtree"]), labels))


def true_claim(tree: StateTree, path: StatePath) -> dict[str, CborValue]:
    """What is really at a path."""
    node = tree.node_at(path)
    if node is None:
        return {"absent": True}
    if node.is_leaf():
        return {"value": node.value}
    return {"node_hash": node.hash()}


OPERATIONS = st.one_of(
    st.builds(
        lambda who, label, value: set_value(f"/notes/{who}/{label}", value),
        st.sampled_from([ALICE, BOB, CAROL]),
        LABELS,
        VALUES | st.none(),
    ),
    st.builds(
        lambda who, amount: {"type": "INC_VALUE", "ref": f"/counters/{who}", "value": amount},
        st.sampled_from([ALICE, BOB]),
        st.integers(-(2**63), 2**64 - 1),
    ),
    st.builds(
        lambda src, dst, key, amount: set_value(f"/transfer/{src}/{dst}/{key}/value", amount),
        st.sampled_from([ALICE, BOB, CAROL]),
        st.sampled_from([ALICE, BOB, CAROL]),
        LABELS,
        st.integers(-5, 600_000),
    ),
)
SEEDS = {ALICE: ALICE_SEED, BOB: BOB_SEED, CAROL: CAROL_SEED}


@given(
    st.lists(
        st.tuples(st.sampled_from([ALICE, BOB, CAROL]), OPERATIONS, st.integers(0, 3)), max_size=12
    )
)
@settings(max_examples=40)
def test_transactions_are_atomic_and_conserve_balances(steps: list) -> None:
    """[AIN-TX-ATOMIC.1] [AIN-ECON-TRANSFER.2] A refused or failed transaction leaves the root
    unchanged; the total of balances never changes; the cached root is the plain root."""
    tree = build_genesis(base_genesis())
    assert isinstance(tree, StateTree)
    context = BlockContext(CHAIN_ID, BLOCK_TIME)
    nonces = {ALICE: 0, BOB: 0, CAROL: 0}
    for signer, operation, nonce_skew in steps:
        nonce = nonces[signer] + (nonce_skew if nonce_skew == 3 else 0)
        before = tree.root_hash()
        receipt = apply_transaction(
            tree, bytes.fromhex(transaction(SEEDS[signer], operation, nonce=nonce)), context
        )
        if receipt.status == "SUCCESS":
            nonces[signer] += 1
        else:
            assert tree.root_hash() == before
        assert tree.root_hash() == state_root_plain(tree)
        balances = [
            tree.leaf_value_at(StatePath(Subtree.VALUES, ("accounts", who, "balance")))
            for who in (ALICE, BOB, CAROL)
        ]
        assert sum(b for b in balances if isinstance(b, int)) == 1_000_000


@given(rule_expressions, VALUES | st.none())
def test_rule_evaluation_is_total(expression: str, data: CborValue) -> None:
    """[AIN-STATE-RULE-ERROR.1] [AIN-STATE-RULE-GRAMMAR.1] Any expression, well-formed or not,
    gives an answer or a typed rejection; nothing raises."""
    tree = build_genesis({"values": {"/a": {"b": 1}}})
    assert isinstance(tree, StateTree)
    context = RuleContext(
        tree, {"addr": ALICE, "fid": None}, DataValue(data), data, 5, {"x": "y", "v": "a"}
    )
    result = evaluate_rule(expression, context)
    assert result is None or result.code in {
        ErrorCode.RULE_DENIED,
        ErrorCode.RULE_EVALUATION_ERROR,
        ErrorCode.RULE_BUDGET_EXCEEDED,
    }


def chain_native(call: FunctionCall) -> Rejection | None:
    """A test native: writes the next link of a chain, which triggers it again."""
    depth = int(call.path[-1]) + 1
    return call.write(set_value(f"/chain/{depth}", depth))


def loop_native(call: FunctionCall) -> Rejection | None:
    """A test native that writes its own trigger path again (circular)."""
    return call.write(set_value("/loop", 1))


CHAIN_PATTERNS = ("/chain/$n", *(f"/chain/{depth}" for depth in range(10)))
for index in range(10):
    register_native(f"_test_chain_{index}", chain_native, CHAIN_PATTERNS)
register_native("_test_loop", loop_native, ("/loop",))


def test_native_depth_is_bounded_and_cycles_are_skipped() -> None:
    """[AIN-STATE-FUNCTION-DEPTH.1] [AIN-STATE-FUNCTION-NATIVE.1] Nine nested natives fail with
    FUNCTION_DEPTH_EXCEEDED; a native re-triggering itself is skipped."""
    functions: dict[str, CborValue] = {
        "/chain/$n": {
            f"_test_chain_{i}": {"function_type": "NATIVE", "function_id": f"_test_chain_{i}"}
            for i in range(1)
        },
        "/loop": {"_test_loop": {"function_type": "NATIVE", "function_id": "_test_loop"}},
    }
    genesis = {"rules": {"/": {"write": True}}, "functions": functions}
    tree = build_genesis(genesis)
    assert isinstance(tree, StateTree)
    context = BlockContext(CHAIN_ID, BLOCK_TIME)
    receipt = apply_transaction(
        tree, bytes.fromhex(transaction(ALICE_SEED, set_value("/loop", 1))), context
    )
    assert receipt.status == "SUCCESS" and receipt.work == 2  # the write, and one re-write
    # One native on /chain/$n calls itself through a new path each time: skipped as circular.
    receipt = apply_transaction(
        tree, bytes.fromhex(transaction(ALICE_SEED, set_value("/chain/0", 0), nonce=1)), context
    )
    assert receipt.status == "SUCCESS" and receipt.work == 2
    # Distinct natives at successive depths: nine nested calls exceed the bound of 8.
    nested: dict[str, CborValue] = {}
    for depth in range(10):
        fid = f"_test_chain_{depth}"
        nested[f"/chain/{depth}"] = {fid: {"function_type": "NATIVE", "function_id": fid}}
    genesis = {"rules": {"/": {"write": True}}, "values": {"/seed": 1}, "functions": {**nested}}
    tree = build_genesis(genesis)
    assert isinstance(tree, StateTree)
    receipt = apply_transaction(
        tree, bytes.fromhex(transaction(ALICE_SEED, set_value("/chain/0", 0))), context
    )
    assert receipt.status == "FAILED"
    assert receipt.code is ErrorCode.FUNCTION_DEPTH_EXCEEDED


def test_rules_read_no_more_than_their_budget() -> None:
    """[AIN-STATE-RULE-BUDGET.1] A rule that reads `data` or getValue over a subtree larger than
    the budget stops at the budget; a rule that does not read it never pays for it."""
    values: dict[str, CborValue] = {f"/big/k{index:05d}": index for index in range(12_000)}
    genesis = {
        "values": values,
        "rules": {
            "/big": {"write": "data !== 1"},
            "/small": {"write": "getValue('/big') !== 1"},
            "/free": {"write": "auth.addr !== null"},
        },
    }
    tree = build_genesis(genesis)
    assert isinstance(tree, StateTree)
    context = BlockContext(CHAIN_ID, BLOCK_TIME)
    steps = [
        (set_value("/big", None), "FAILED", ErrorCode.RULE_BUDGET_EXCEEDED),
        (set_value("/small", 1), "FAILED", ErrorCode.RULE_BUDGET_EXCEEDED),
        (set_value("/free", 1), "SUCCESS", None),
    ]
    for operation, status, code in steps:
        receipt = apply_transaction(
            tree,
            bytes.fromhex(transaction(ALICE_SEED, operation, nonce=0)),  # failures keep nonce 0
            context,
        )
        assert (receipt.status, receipt.code) == (status, code)


@given(st.lists(st.tuples(PATHS, SCALARS), min_size=1, max_size=20))
def test_overwriting_a_leaf_in_place_equals_replacing_it(writes: list) -> None:
    """[AIN-STATE-REPLACE.1] [AIN-STATE-ROOT.1] The in-place leaf overwrite (fast path) and
    replacing the node (plain path) build the same tree, and roll back alike."""
    fast, plain = StateTree(), StateTree()
    mark = fast.checkpoint()
    for path, value in writes:
        state_path = StatePath(Subtree.VALUES, path)
        fast.set_value(state_path, value)
        plain.replace_subtree(state_path, Node(value))
        assert fast.root_hash() == plain.root_hash() == state_root_plain(fast)
    fast.rollback_to(mark)
    assert fast.root_hash() == StateTree().root_hash()


PATH_PIECES = st.sampled_from(["/", "a", "b", "$v", ".", "*", "é", "\x7f", " ", "a" * 75, "//"])
PATH_TEXTS = st.one_of(
    st.lists(PATH_PIECES, max_size=8).map("".join),
    st.lists(st.sampled_from(["a", "a" * 150, "a" * 151, "é" * 75, "é" * 76]), max_size=3).map(
        lambda labels: "/" + "/".join(labels)
    ),
    st.sampled_from([1, 29, 30, 31]).map(lambda depth: "/k" * depth),
    st.text(max_size=12),
    st.integers() | st.none(),
)


@given(PATH_TEXTS, st.sampled_from(list(Subtree)))
def test_fast_path_parser_equals_the_plain_one(text: object, subtree: Subtree) -> None:
    """[AIN-STATE-PATH.1] [AIN-STATE-LABEL.1] [AIN-STATE-LABEL-KINDS.1] The regular-expression
    path reader gives the label-by-label reader's path or rejection, on any text."""
    assert parse_path(text, subtree) == parse_path_plain(text, subtree)


@given(st.text(max_size=8), SCALARS, st.binary(min_size=32, max_size=32), st.binary(max_size=40))
def test_state_hashes_are_the_tagged_hashes_of_their_tags(
    label: str, value: CborValue, key: bytes, data: bytes
) -> None:
    """[AIN-STATE-ROOT.1] [AIN-STATE-ROOT-TRIE.1] [AIN-CRYPTO-TAGGED-HASH.1] Each state hash, with
    its tag's prefix bound once, is tagged_hash under that tag."""
    assert label_key(label) == tagged_hash(DomainTag.STATE_LABEL, label.encode("utf-8"))
    assert leaf_hash(value) == tagged_hash(DomainTag.STATE_LEAF, encode(value))
    assert entry_hash(key, data) == tagged_hash(DomainTag.STATE_TRIE_ENTRY, key + data)
    assert branch_hash([key, data]) == tagged_hash(DomainTag.STATE_TRIE_BRANCH, key + data)
    assert internal_hash(data) == tagged_hash(DomainTag.STATE_NODE, data)
