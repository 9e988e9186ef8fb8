"""
Inclusion and absence proofs, and their verifier, which needs nothing but the state root.

A proof is a map (encoded canonically when exchanged):

- ``subtree``: the subtree's name; ``labels``: the path's labels below it;
- ``subtree_hashes``: the four subtree hashes of the root;
- ``levels``: for each internal node walked, from the subtree root down, the child-trie branches
  passed toward the next label, each as its 16 slot hashes with the slot walked set to null;
- ``terminal``: how the walk ends, one of
  ``{"value": v}`` (a leaf at the path), ``{"trie_root": r}`` (an internal node at the path,
  whose hash is ``internal_hash(r)``: a leaf's hash can never pass for a node's),
  ``{"absent": "leaf", "value": v}`` (a leaf above the path), ``{"absent": "empty_slot"}`` or
  ``{"absent": "other_entry", "key": k, "child_hash": h}`` (the next label is not a child),
  ``{"absent": "no_subtree"}`` (the whole subtree is absent).

Spec: spec/state.md, "Proofs" ([AIN-STATE-PROOF.2], [AIN-STATE-PROOF-VERIFY.2]).
Layer: state. Imports encoding, errors, state.merkle, state.tree, state.labels.
"""

from __future__ import annotations

from typing import Final

import attrs

from ain_ref.encoding import CborValue, decode
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.state.labels import Subtree
from ain_ref.state.merkle import (
    EMPTY_HASH,
    HASH_SIZE,
    MAX_TRIE_DEPTH,
    TRIE_RADIX,
    TrieBranch,
    branch_hash,
    entry_hash,
    internal_hash,
    label_key,
    leaf_hash,
    nibble,
    path_to,
    state_root_hash,
    trie_root_hash,
)
from ain_ref.state.paths import StatePath, parse_path
from ain_ref.state.tree import SUBTREE_ORDER, Node, StateTree
from ain_ref.state.values import check_state_value

PROOF_FIELDS: Final = frozenset({"subtree", "labels", "subtree_hashes", "levels", "terminal"})
SUBTREE_NAMES: Final = frozenset(str(subtree) for subtree in SUBTREE_ORDER)


def branch_slots_for_proof(branch: TrieBranch, walked_slot: int) -> list[CborValue]:
    """A branch's 16 slot hashes (up to date: the root was just hashed), the walked one null."""
    assert branch.stale == 0
    slots: list[CborValue] = list(branch.slot_hashes())
    slots[walked_slot] = None
    return slots


def trie_level(node: Node, label: str) -> tuple[list[CborValue], Node | None]:
    """
    The branches of a node's child trie on the walk toward a label.

    Returns the branches (as proof slots) and the child the walk ended at (None for an
    empty slot).
    """
    key = label_key(label)
    branches, end = path_to(node.trie_root, key)
    proof_branches: list[CborValue] = [
        branch_slots_for_proof(branch, nibble(key, depth)) for depth, branch in enumerate(branches)
    ]
    assert end is None or isinstance(end, Node)
    return proof_branches, end


def prove(tree: StateTree, path: StatePath) -> dict[str, CborValue]:
    """
    Build the proof of what a path holds: a value, a subtree, or nothing.

    References
    ----------
    [AIN-STATE-PROOF.2] Any path has a proof, whether present or absent.
    """
    proof: dict[str, CborValue] = {
        "subtree": str(path.subtree),
        "labels": list(path.labels),
        "subtree_hashes": list(tree.subtree_hashes()),
    }
    node = tree.root.children.get(str(path.subtree))
    if node is None:
        return {**proof, "levels": [], "terminal": {"absent": "no_subtree"}}
    levels: list[CborValue] = []
    for label in path.labels:
        if node.is_leaf():
            return {**proof, "levels": levels, "terminal": {"absent": "leaf", "value": node.value}}
        branches, end = trie_level(node, label)
        levels.append(branches)
        if end is None:
            return {**proof, "levels": levels, "terminal": {"absent": "empty_slot"}}
        if end.label != label:
            terminal: dict[str, CborValue] = {
                "absent": "other_entry",
                "key": end.key,
                "child_hash": end.hash(),
            }
            return {**proof, "levels": levels, "terminal": terminal}
        node = node.children[label]
    if node.is_leaf():
        return {**proof, "levels": levels, "terminal": {"value": node.value}}
    return {**proof, "levels": levels, "terminal": {"trie_root": trie_root_hash(node.trie_root)}}


# --- verification ------------------------------------------------------------------------------

Branch = tuple[bytes | None, ...]
"""A branch of a proof level: 16 slots, each a 32-byte hash or null (the walked one)."""


@attrs.frozen
class ProofParts:
    """
    A proof whose shape has been checked, field by field [AIN-STATE-PROOF-VERIFY.2].

    ``terminal_kind`` is what ``terminal_kind`` found the terminal to be, computed once.
    """

    path: StatePath
    subtree_hashes: tuple[bytes, ...]
    levels: tuple[tuple[Branch, ...], ...]
    terminal: dict[str, CborValue]
    terminal_kind: str


def invalid(detail: str) -> Rejection:
    """A STATE_PROOF_INVALID rejection."""
    return Rejection(ErrorCode.STATE_PROOF_INVALID, detail)


def is_hash(value: object) -> bool:
    """A 32-byte string."""
    return type(value) is bytes and len(value) == HASH_SIZE


def is_leaf_value(value: object) -> bool:
    """What a leaf can hold: a boolean, an integer, a text or bytes [AIN-STATE-VALUE.1]."""
    return type(value) in (bool, int, str, bytes) and check_state_value(value, 0) is None


def read_branch(raw: object) -> Branch | None:
    """A branch: exactly 16 slots, each a 32-byte hash or null; None when it is not one."""
    if type(raw) is not list or len(raw) != TRIE_RADIX:
        return None
    if not all(slot is None or is_hash(slot) for slot in raw):
        return None
    return tuple(raw)


def read_levels(raw: object, label_count: int) -> tuple[tuple[Branch, ...], ...] | Rejection:
    """Levels: at most one per label, each at most MAX_TRIE_DEPTH branches."""
    if type(raw) is not list or len(raw) > label_count:
        return invalid("levels: a list, at most one per label")
    levels = []
    for level in raw:
        if type(level) is not list or len(level) > MAX_TRIE_DEPTH:
            return invalid("a level: a list of at most 64 branches")
        branches = [read_branch(branch) for branch in level]
        if any(branch is None for branch in branches):
            return invalid("a branch: 16 slots, each a 32-byte hash or null")
        levels.append(tuple(branch for branch in branches if branch is not None))
    return tuple(levels)


TERMINAL_FIELDS: Final = {
    "value": frozenset({"value"}),
    "trie_root": frozenset({"trie_root"}),
    "leaf": frozenset({"absent", "value"}),
    "empty_slot": frozenset({"absent"}),
    "other_entry": frozenset({"absent", "key", "child_hash"}),
    "no_subtree": frozenset({"absent"}),
}
"""Each terminal kind and exactly the fields it has."""


def terminal_kind(terminal: object) -> str | None:
    """
    Which terminal a map is, with every field of its kind checked; None for anything else.

    References
    ----------
    [AIN-STATE-PROOF.2] The six terminal kinds, each with exactly its fields.
    """
    if type(terminal) is not dict:
        return None
    absent = terminal.get("absent")
    kind = absent if type(absent) is str else next(iter(sorted(terminal)), None)
    if kind not in TERMINAL_FIELDS or terminal.keys() != TERMINAL_FIELDS[kind]:
        return None
    if kind in ("value", "leaf") and not is_leaf_value(terminal["value"]):
        return None
    if kind == "trie_root" and not is_hash(terminal["trie_root"]):
        return None
    if kind == "other_entry" and not (is_hash(terminal["key"]) and is_hash(terminal["child_hash"])):
        return None
    return kind


def read_proof(proof: object) -> ProofParts | Rejection:
    """
    Check a proof's shape field by field, before any hash is computed.

    References
    ----------
    [AIN-STATE-PROOF-VERIFY.2] Exactly the five fields; the subtree one of the four; the labels
    a path of that subtree (every label checked as a label, [AIN-STATE-PATH.1]); four 32-byte
    subtree hashes; levels of branches of 16 slots; a terminal of one of the six kinds.
    """
    if type(proof) is not dict or proof.keys() != PROOF_FIELDS:
        return invalid("a proof has subtree, labels, subtree_hashes, levels, terminal")
    subtree_name, labels = proof["subtree"], proof["labels"]
    if subtree_name not in SUBTREE_NAMES:
        return invalid("unknown subtree")
    if type(labels) is not list or not all(type(label) is str for label in labels):
        return invalid("labels are texts")
    subtree = Subtree(subtree_name)
    path = parse_path("/" + "/".join(labels), subtree) if labels else StatePath(subtree, ())
    if isinstance(path, Rejection) or list(path.labels) != labels:
        return invalid("labels are not a path of the subtree")
    hashes = proof["subtree_hashes"]
    if (
        type(hashes) is not list
        or len(hashes) != len(SUBTREE_ORDER)
        or not all(map(is_hash, hashes))
    ):
        return invalid("four 32-byte subtree hashes")
    levels = read_levels(proof["levels"], len(labels))
    if isinstance(levels, Rejection):
        return levels
    terminal = proof["terminal"]
    kind = terminal_kind(terminal)
    if kind is None:
        return invalid("the terminal is not one of the six kinds with exactly its fields")
    assert type(terminal) is dict  # terminal_kind checked it
    return ProofParts(path, tuple(hashes), levels, terminal, kind)


def fold_branches(branches: tuple[Branch, ...], key: bytes, walked_hash: bytes) -> bytes | None:
    """
    Hash a trie path upward: fill each branch's walked slot, deepest first.

    None when a walked slot is not null or another slot is (the walk is not the key's).
    """
    current = walked_hash
    for depth in range(len(branches) - 1, -1, -1):
        walked = nibble(key, depth)
        slots = branches[depth]
        if slots[walked] is not None or sum(slot is None for slot in slots) != 1:
            return None
        current = branch_hash(current if slot is None else slot for slot in slots)
    return current


def terminal_node_hash(parts: ProofParts) -> tuple[bytes, int, dict[str, CborValue]] | Rejection:
    """
    The hash of the node the walk ends at, its depth below the subtree root, and the claim.

    The terminal's kind fixes how many levels the proof has.

    References
    ----------
    [AIN-STATE-PROOF-VERIFY.2] value, trie_root: one level per label; leaf: fewer levels than
    labels; empty_slot, other_entry: the last level's trie ends at an empty slot or at an
    entry with another key on the same nibbles.
    """
    terminal, kind = parts.terminal, parts.terminal_kind
    labels, levels = parts.path.labels, parts.levels
    if kind == "value" and len(levels) == len(labels):
        return leaf_hash(terminal["value"]), len(levels), {"value": terminal["value"]}
    if kind == "trie_root" and len(levels) == len(labels):
        node_hash = internal_hash(terminal["trie_root"])  # type: ignore[arg-type]
        return node_hash, len(levels), {"node_hash": node_hash}
    if kind == "leaf" and len(levels) < len(labels):
        return leaf_hash(terminal["value"]), len(levels), {"absent": True}
    if kind not in ("empty_slot", "other_entry") or not levels:
        return invalid(f"a {kind} terminal after {len(levels)} levels of {len(labels)} labels")
    index = len(levels) - 1
    key, branches = label_key(labels[index]), levels[index]
    if kind == "empty_slot":
        if not branches:
            return invalid("an internal node's trie is never empty")
        walked_hash = EMPTY_HASH
    else:
        other_key, child_hash = terminal["key"], terminal["child_hash"]
        assert isinstance(other_key, bytes) and isinstance(child_hash, bytes)
        if other_key == key:
            return invalid("the other entry has the label's own key")
        if any(nibble(other_key, depth) != nibble(key, depth) for depth in range(len(branches))):
            return invalid("the other entry does not sit where the walk ends")
        walked_hash = entry_hash(other_key, child_hash)
    trie_root = fold_branches(branches, key, walked_hash)
    if trie_root is None:
        return invalid("a branch's walked slot is not the only null one")
    return internal_hash(trie_root), index, {"absent": True}


def verify_proof(root: bytes, proof: CborValue) -> dict[str, CborValue] | Rejection:
    """
    Check a proof against a state root and return what it proves.

    Total: any value gets a claim or STATE_PROOF_INVALID, never an exception.

    Returns
    -------
    dict | Rejection
        {"subtree", "path", "claim"} where claim is {"value": v}, {"node_hash": h} or
        {"absent": true}; or STATE_PROOF_INVALID.

    References
    ----------
    [AIN-STATE-PROOF-VERIFY.2] A proof verifies if and only if its shape is right and
    recomputing upward from its terminal through its levels and subtree hashes gives the root.
    """
    parts = read_proof(proof)
    if isinstance(parts, Rejection):
        return parts
    subtree_hash = parts.subtree_hashes[SUBTREE_ORDER.index(parts.path.subtree)]
    if parts.terminal_kind == "no_subtree":
        if parts.levels or subtree_hash != EMPTY_HASH:
            return invalid("the subtree is not empty")
        claim: dict[str, CborValue] = {"absent": True}
    else:
        ended = terminal_node_hash(parts)
        if isinstance(ended, Rejection):
            return ended
        node_hash, depth, claim = ended
        for index in range(depth - 1, -1, -1):
            key = label_key(parts.path.labels[index])
            trie_root = fold_branches(parts.levels[index], key, entry_hash(key, node_hash))
            if trie_root is None:
                return invalid("a branch's walked slot is not the only null one")
            node_hash = internal_hash(trie_root)
        if subtree_hash != node_hash:
            return invalid("the walk does not lead to the subtree hash")
    if state_root_hash(parts.subtree_hashes) != root:
        return invalid("the subtree hashes do not lead to the root")
    return {"subtree": str(parts.path.subtree), "path": parts.path.text(), "claim": claim}


def verify_proof_bytes(root: bytes, data: bytes) -> dict[str, CborValue] | Rejection:
    """
    Verify a proof given as its canonical encoding: bytes that do not decode prove nothing.

    References
    ----------
    [AIN-STATE-PROOF-VERIFY.2] Undecodable bytes are STATE_PROOF_INVALID (the decoder's code is
    kept in the detail only).
    """
    proof = decode(data)
    if isinstance(proof, Rejection):
        return invalid(f"not a canonical encoding: {proof.code}")
    return verify_proof(root, proof)
