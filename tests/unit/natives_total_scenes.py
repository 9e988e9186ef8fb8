"""
Scenes and hostile values for the totality property of natives and block steps.

A *scene* is a chain some vector of an ``apply_blocks``-like handler already describes: its
genesis (a ledger's, or a protocol genesis document) and its blocks. Replayed, its prefixes
are rich states (contracts in every state, reservations, registered agents, open tasks,
proposals, stakes and unbonding queues) on which the next block's calls are valid. The
property tests take a scene, stop before one of its blocks, and put hostile transactions or
junk records there; nothing here depends on which areas exist: natives and their patterns
come from the platform's table of areas, scenes from whatever vectors there are.

*Exemplars* are the valid calls those vectors make: every SET_VALUE, in a scene's
transactions, at a path one of the protocol's natives is declared at.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from typing import Any, Final

import attrs
from hypothesis import strategies as st

from ain_ref.chain import decode_transaction, replay_path
from ain_ref.conformance.handlers import economy, execution, platform
from ain_ref.conformance.typed_json import parse_decimal
from ain_ref.crypto import KeyPair, format_address, keypair_from_seed
from ain_ref.economy.records import supply_of_tree
from ain_ref.encoding import INTEGER_MAX, INTEGER_MIN, CborValue
from ain_ref.errors import Rejection
from ain_ref.governance.records import held_and_burned
from ain_ref.platform.areas import PROTOCOL_AREAS
from ain_ref.platform.blocks import Block, BlockResult, apply_block
from ain_ref.platform.steps import values_path
from ain_ref.repository import vectors_root
from ain_ref.state.natives import (
    SUBTREE_MARK,
    NativeDefinition,
    is_subtree_pattern,
    pattern_base,
)
from ain_ref.state.paths import StatePath
from ain_ref.state.tree import Node, StateTree
from ain_ref.state.values import check_state_value

PROTOCOL_NATIVES: Final = tuple(
    sorted((native for area in PROTOCOL_AREAS for native in area.natives), key=lambda n: n.fid)
)
"""Every native of the platform's table of areas, by id: a new area's natives join here."""

PROTOCOL_STEPS: Final = tuple(step for area in PROTOCOL_AREAS for step in area.steps)
"""Every block step of the table of areas."""

SEEDS: Final = {
    format_address(keypair.public_key): bytes([byte]) * 32
    for byte in range(256)
    if isinstance(keypair := keypair_from_seed(bytes([byte]) * 32), KeyPair)
}
"""Address text -> seed of every account the fillers sign with (their seeds are 32 equal bytes)."""


# --- scenes ----------------------------------------------------------------------------------


@attrs.frozen
class Scene:
    """A vector's chain: its name, its input (for the genesis), chain id and blocks."""

    name: str
    vector_input: Any = attrs.field(eq=False, repr=False)
    chain_id: int
    blocks: tuple[Block, ...]


def genesis_of(vector_input: Any) -> tuple[StateTree, int] | None:
    """The genesis tree and chain id of a scene's input (None when its genesis is refused)."""
    if "ledger" in vector_input:
        build = execution.chain_genesis if "parameters" in vector_input else economy.genesis_state
        state = build(vector_input)
        return None if isinstance(state, Rejection) else state
    tree = platform.protocol_tree(vector_input)
    if isinstance(tree, Rejection):
        return None
    return tree, parse_decimal(vector_input["chain_id"], "chain_id")


def blocks_of(vector_input: Any) -> tuple[Block, ...]:
    """The blocks of a scene's input: the ledger handlers number them from height 1."""
    if "ledger" in vector_input:
        return tuple(
            economy.chain_block(height, block, economy.transaction_list(block))
            for height, block in enumerate(vector_input["blocks"], start=1)
        )
    return tuple(platform.read_block(block) for block in vector_input["blocks"])


def is_scene_input(vector_input: Any) -> bool:
    """Whether a vector's input is a genesis and blocks."""
    return (
        isinstance(vector_input, dict)
        and isinstance(vector_input.get("blocks"), list)
        and ("ledger" in vector_input or "genesis" in vector_input)
        and bool(vector_input["blocks"])
    )


@functools.cache
def load_scenes() -> tuple[Scene, ...]:
    """Every vector whose input is a genesis and blocks, in path order; refused ones left out."""
    scenes = []
    for path in sorted(vectors_root().glob("*/*/*.json")):
        vector_input = json.loads(path.read_text())["input"]
        if not is_scene_input(vector_input):
            continue
        genesis = genesis_of(vector_input)
        if genesis is None:
            continue
        name = f"{path.parent.parent.name}/{path.parent.name}/{path.stem}"
        scenes.append(Scene(name, vector_input, genesis[1], blocks_of(vector_input)))
    return tuple(scenes)


def clone_node(node: Node) -> Node:
    """A copy of a subtree; a leaf's value (configs included) is shared, never mutated."""
    if node.is_leaf():
        return Node(node.value)
    copy = Node()
    for label in sorted(node.children):
        copy.attach(label, clone_node(node.children[label]))
    return copy


def clone(tree: StateTree) -> StateTree:
    """An independent copy of a committed tree."""
    copy = StateTree()
    copy.root = clone_node(tree.root)
    return copy


@functools.cache
def states_before(scene: Scene) -> tuple[StateTree, ...]:
    """The scene's state before each of its blocks (the genesis first), kept apart."""
    genesis = genesis_of(scene.vector_input)
    assert genesis is not None
    tree, _ = genesis
    states = []
    for block in scene.blocks:
        states.append(clone(tree))
        apply_block(tree, scene.chain_id, block)
    return tuple(states)


@functools.cache
def applied_blocks(scene: Scene) -> tuple[int, ...]:
    """The indices of the scene's blocks the reference applies (others it refuses whole)."""
    return tuple(
        index
        for index, block in enumerate(scene.blocks)
        if isinstance(apply_block(state_before(scene, index), scene.chain_id, block), BlockResult)
    )


@st.composite
def scene_blocks(draw: st.DrawFn) -> tuple[Scene, int]:
    """A scene and one of its blocks that the reference applies."""
    scene = draw(st.sampled_from(load_scenes()))
    indices = applied_blocks(scene)
    if not indices:
        return draw(scene_blocks())
    return scene, draw(st.sampled_from(indices))


def state_before(scene: Scene, index: int) -> StateTree:
    """A fresh copy of the scene's state before its block ``index`` (from 0)."""
    return clone(states_before(scene)[index])


# --- exemplars -------------------------------------------------------------------------------


@attrs.frozen
class Exemplar:
    """
    A valid call of a vector: where it is (scene, block, transaction) and what it writes.

    ``bindings`` maps the native pattern's variables (without ``$``) to the path's labels.
    """

    scene: Scene
    block_index: int
    transaction_index: int
    seed: bytes
    body: dict[str, CborValue] = attrs.field(eq=False)
    fid: str
    bindings: dict[str, str] = attrs.field(eq=False)
    value: CborValue = attrs.field(eq=False)


def match_pattern(native: NativeDefinition, labels: tuple[str, ...]) -> dict[str, str] | None:
    """The bindings of the first pattern of a native that a value path's labels match."""
    for pattern in native.patterns:
        base = pattern_base(pattern)
        exact = not is_subtree_pattern(pattern)
        if len(labels) < len(base) or (exact and len(labels) != len(base)):
            continue
        bindings: dict[str, str] = {}
        for pattern_label, label in zip(base, labels, strict=False):
            if pattern_label.startswith("$"):
                bindings[pattern_label[1:]] = label
            elif pattern_label != label:
                break
        else:
            return bindings
    return None


def body_of(data: bytes) -> tuple[dict[str, CborValue], bytes] | None:
    """A signed transaction's body as a map, and its signer's seed when the fillers know it."""
    transaction = decode_transaction(data)
    if isinstance(transaction, Rejection):
        return None
    seed = SEEDS.get(format_address(transaction.signer))
    if seed is None:
        return None
    body = transaction.body
    fields: dict[str, CborValue] = {
        "chain_id": body.chain_id,
        "nonce": body.nonce,
        "timestamp": body.timestamp,
        "operation": body.operation,
    }
    if body.expires_at is not None:
        fields["expires_at"] = body.expires_at
    return fields, seed


def exemplars_of(scene: Scene) -> Iterator[Exemplar]:
    """The scene's SET_VALUE calls at a native's declared path, signed by a known seed."""
    for block_index, block in enumerate(scene.blocks):
        for transaction_index, data in enumerate(block.transactions):
            decoded = body_of(data)
            if decoded is None:
                continue
            body, seed = decoded
            operation = body["operation"]
            if not isinstance(operation, dict) or operation.get("type") != "SET_VALUE":
                continue
            reference = operation.get("ref")
            if not isinstance(reference, str) or not reference.startswith("/"):
                continue
            labels = tuple(reference[1:].split("/"))
            for native in PROTOCOL_NATIVES:
                bindings = match_pattern(native, labels)
                if bindings is not None:
                    yield Exemplar(
                        scene,
                        block_index,
                        transaction_index,
                        seed,
                        body,
                        native.fid,
                        bindings,
                        operation.get("value"),
                    )
                    break


@functools.cache
def all_exemplars() -> tuple[Exemplar, ...]:
    """Every scene's exemplars, in scene order."""
    return tuple(exemplar for scene in load_scenes() for exemplar in exemplars_of(scene))


@functools.cache
def exemplars_by_native() -> dict[str, tuple[Exemplar, ...]]:
    """The exemplars of each protocol native (an empty tuple for one no vector calls)."""
    return {
        native.fid: tuple(e for e in all_exemplars() if e.fid == native.fid)
        for native in PROTOCOL_NATIVES
    }


@functools.cache
def field_names() -> tuple[str, ...]:
    """Every map key an exemplar's value holds, at any depth, sorted."""
    names: set[str] = set()

    def walk(value: CborValue) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                names.add(key)
                walk(item)

    for exemplar in all_exemplars():
        walk(exemplar.value)
    return tuple(sorted(names))


# --- hostile values --------------------------------------------------------------------------

BOUNDARY_INTEGERS: Final = (
    INTEGER_MIN,
    -1,
    0,
    1,
    2,
    255,
    256,
    10_000,
    10_001,
    2**31 - 1,
    2**31,
    2**53 + 1,
    2**63 - 1,
    2**63,
    2**64 - 2,
    INTEGER_MAX,
)
"""Integers on every boundary a protocol field has: signs, bytes, bps, 32, 53, 63, 64 bits."""


def junk_integers() -> st.SearchStrategy[int]:
    """Any integer of the data model, boundaries often."""
    return st.one_of(
        st.sampled_from(BOUNDARY_INTEGERS),
        st.integers(min_value=INTEGER_MIN, max_value=INTEGER_MAX),
    )


def junk_texts() -> st.SearchStrategy[str]:
    """Texts: empty, label-like, address-like, long, and any scalar values."""
    return st.one_of(
        st.sampled_from(("", "0", "-1", "none", "exact", "yes", "ain", "a" * 65, "x" * 300)),
        st.sampled_from(tuple(SEEDS)[:4]),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=20),
        st.from_regex(r"[A-Za-z0-9_-]{1,12}", fullmatch=True),
    )


def junk_scalars() -> st.SearchStrategy[CborValue]:
    """Every scalar type a state value may be (null aside)."""
    return st.one_of(
        st.booleans(),
        junk_integers(),
        junk_texts(),
        st.binary(max_size=70),
        st.sampled_from((bytes(32), b"\xff" * 32, bytes(64))),
    )


def junk_keys() -> st.SearchStrategy[str]:
    """Map keys: field names the protocol uses, and other labels."""
    names = field_names()
    strategies = [st.from_regex(r"[a-z_]{1,10}", fullmatch=True)]
    if names:
        strategies.insert(0, st.sampled_from(names))
    return st.one_of(*strategies)


def storable_values(leaves: int = 12) -> st.SearchStrategy[CborValue]:
    """Scalars and non-empty maps of them, nested: what a state path may hold."""
    return st.recursive(
        junk_scalars(),
        lambda children: st.dictionaries(junk_keys(), children, min_size=1, max_size=5),
        max_leaves=leaves,
    )


@st.composite
def junk_values(draw: st.DrawFn, leaves: int = 12) -> CborValue:
    """
    Any value of the data model: nine in ten storable (they reach the natives); else null,
    an empty map, an array or a map holding null (which the state refuses first).
    """
    storable = storable_values(leaves)
    if draw(st.integers(0, 9)) > 0:
        return draw(storable)
    return draw(
        st.one_of(
            st.none(),
            st.just({}),
            st.lists(storable, max_size=3),
            st.dictionaries(junk_keys(), st.none() | storable, min_size=1, max_size=3),
        )
    )


def state_junk(depth: int) -> st.SearchStrategy[CborValue]:
    """A junk value that may be stored at a path ``depth`` labels deep (never null)."""
    return storable_values().filter(lambda value: check_state_value(value, depth) is None)


@st.composite
def mutated(draw: st.DrawFn, value: CborValue) -> CborValue:
    """
    A value one step from ``value``: a field removed, retyped, set to a boundary, added, or
    swapped with another field's value; bytes shortened, lengthened or flipped; a nested map
    mutated the same way.
    """
    if isinstance(value, bytes) and value:
        action = draw(st.sampled_from(("shorter", "longer", "flip", "other")))
        if action == "shorter":
            return value[:-1]
        if action == "longer":
            return value + b"\x00"
        if action == "flip":
            index = draw(st.integers(0, len(value) - 1))
            return value[:index] + bytes([value[index] ^ 1]) + value[index + 1 :]
        return draw(junk_values())
    if not isinstance(value, dict) or not value:
        return draw(junk_values())
    keys = sorted(value)
    key = draw(st.sampled_from(keys))
    action = draw(st.sampled_from(("remove", "junk", "boundary", "add", "swap", "nested", "whole")))
    changed = dict(value)
    if action == "remove":
        del changed[key]
    elif action == "junk":
        changed[key] = draw(storable_values(4))
    elif action == "boundary":
        changed[key] = draw(st.sampled_from(BOUNDARY_INTEGERS))
    elif action == "add":
        changed[draw(junk_keys())] = draw(storable_values(4))
    elif action == "swap":
        changed[key] = value[draw(st.sampled_from(keys))]
    elif action == "nested":
        changed[key] = draw(mutated(value[key]))
    else:
        return draw(junk_values())
    return changed


# --- readings --------------------------------------------------------------------------------


def supply_of(tree: StateTree) -> int:
    """
    The supply computed from the tree: [AIN-ECON-SUPPLY.2] (balances, stakes and unbonding
    entries, deposits, reservation and task escrows, the reward pool, the burned amount) plus
    governance's held deposits and its burned amount ([AIN-GOV-SUPPLY.1]).
    """

    def read(text: str) -> CborValue:
        return tree.value_at(values_path(text))

    held, burned = held_and_burned(read)
    return supply_of_tree(read)[0] + held + burned


def signer_counter(data: bytes) -> StatePath | None:
    """The path of a transaction's replay counter (None when it does not decode)."""
    transaction = decode_transaction(data)
    if isinstance(transaction, Rejection):
        return None
    return replay_path(transaction, format_address(transaction.signer))


def leaves(tree: StateTree) -> dict[tuple[str, ...], CborValue]:
    """Every /values leaf by its labels."""
    found: dict[tuple[str, ...], CborValue] = {}
    values = tree.root.children.get("values")

    def walk(node: Node, labels: tuple[str, ...]) -> None:
        if node.is_leaf():
            found[labels] = node.value
            return
        for label, child in node.children.items():
            walk(child, (*labels, label))

    if values is not None:
        walk(values, ())
    return found


def record_roots() -> tuple[tuple[str, ...], ...]:
    """
    Where the areas keep records: the literal start of every value pattern their natives
    write (``writers``), every block step's prefixes, and ``/params``; sorted, distinct.
    """
    roots = {("params",)}
    for area in PROTOCOL_AREAS:
        for pattern in area.genesis.writers:
            labels = tuple(pattern[1:].split("/"))
            literal = []
            for label in labels:
                if label.startswith("$") or label == SUBTREE_MARK:
                    break
                literal.append(label)
            if literal and literal != ["accounts"]:
                roots.add(tuple(literal))
        for step in area.steps:
            roots.update(values_path(prefix).labels for prefix in step.prefixes)
    return tuple(sorted(roots))


def record_paths(tree: StateTree, roots: tuple[tuple[str, ...], ...]) -> list[tuple[str, ...]]:
    """
    Every existing /values path at or below a record root, and every balance, sorted; under
    /accounts nothing but balances (a genesis refuses a replay counter that is not a u64).
    """
    found = set()
    for labels in leaves(tree):
        for root in roots:
            if labels[: len(root)] == root:
                found.update(labels[:depth] for depth in range(len(root), len(labels) + 1))
        if len(labels) == 3 and labels[0] == "accounts" and labels[2] == "balance":
            found.add(labels)
    return sorted(
        labels
        for labels in found
        if labels[:1] != ("accounts",) or (len(labels) == 3 and labels[2] == "balance")
    )
