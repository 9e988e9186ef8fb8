"""
Inclusion and absence proofs, and their verifier, which needs nothing but the state root.

A proof is a map (encoded canonically when exchanged):

- ``subtree``: the subtree's name; ``labels``: the path's labels below it;
- ``subtree_hashes``: the four subtree hashes of the root;
- ``levels``: for each internal node walked, from the subtree root down, the child-trie branches
  passed toward the next label, each as its 16 slot hashes with the slot walked set to null;
- ``terminal``: how the walk ends, one of
  ``{"value": v}`` (a leaf at the path), ``{"node_hash": h}`` (an internal node at the path),
  ``{"absent": "leaf", "value": v}`` (a leaf above the path), ``{"absent": "empty_slot"}`` or
  ``{"absent": "other_entry", "key": k, "child_hash": h}`` (the next label is not a child),
  ``{"absent": "no_subtree"}`` (the whole subtree is absent).

Spec: spec/state.md, "Proofs" ([AIN-STATE-PROOF.1], [AIN-STATE-PROOF-VERIFY.1]).
Layer: state. Imports encoding, errors, state.merkle, state.tree, state.labels.
"""

from __future__ import annotations

from typing import Final

from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.state.merkle import (
    EMPTY_HASH,
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
)
from ain_ref.state.paths import StatePath
from ain_ref.state.tree import SUBTREE_ORDER, Node, StateTree

PROOF_FIELDS: Final = frozenset({"subtree", "labels", "subtree_hashes", "levels", "terminal"})


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
    [AIN-STATE-PROOF.1] Any path has a proof, whether present or absent.
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
    return {**proof, "levels": levels, "terminal": {"node_hash": node.hash()}}


class InvalidProofError(Exception):
    """A proof of the wrong shape, or one that does not lead to the root."""


def fold_branches(branches: CborValue, key: bytes, walked_hash: bytes) -> bytes:
    """Hash a trie path upward: fill each branch's walked slot, deepest first."""
    if not isinstance(branches, list):
        raise InvalidProofError("a level is a list of branches")
    current = walked_hash
    for depth in range(len(branches) - 1, -1, -1):
        slots = branches[depth]
        walked = nibble(key, depth)
        if not isinstance(slots, list) or len(slots) != TRIE_RADIX or slots[walked] is not None:
            raise InvalidProofError("a branch is 16 slots with the walked one null")
        filled = [current if index == walked else slot for index, slot in enumerate(slots)]
        if not all(isinstance(slot, bytes) and len(slot) == 32 for slot in filled):
            raise InvalidProofError("slot hashes are 32 bytes")
        current = branch_hash(filled)  # type: ignore[arg-type]
    return current


def terminal_hash(
    terminal: CborValue, labels: list[str], levels: list[CborValue]
) -> tuple[bytes, int, dict[str, CborValue]]:
    """
    The hash and depth of the node the walk ends at, and the claim it proves.

    For absence at a trie, the node ending the walk is the last level's internal node.
    """
    if not isinstance(terminal, dict):
        raise InvalidProofError("terminal is a map")
    if set(terminal) == {"value"} and len(levels) == len(labels):
        return leaf_hash(terminal["value"]), len(levels), {"value": terminal["value"]}
    if set(terminal) == {"node_hash"} and len(levels) == len(labels):
        node_hash = terminal["node_hash"]
        if not (isinstance(node_hash, bytes) and len(node_hash) == 32):
            raise InvalidProofError("node_hash is 32 bytes")
        return node_hash, len(levels), {"node_hash": node_hash}
    kind = terminal.get("absent")
    if kind == "leaf" and set(terminal) == {"absent", "value"} and len(levels) < len(labels):
        return leaf_hash(terminal["value"]), len(levels), {"absent": True}
    if kind in ("empty_slot", "other_entry") and 0 < len(levels) <= len(labels):
        index = len(levels) - 1
        key = label_key(labels[index])
        if kind == "empty_slot" and set(terminal) == {"absent"}:
            if not levels[index]:
                raise InvalidProofError("an internal node has children")
            walked_hash = EMPTY_HASH
        elif kind == "other_entry" and set(terminal) == {"absent", "key", "child_hash"}:
            other_key, child_hash = terminal["key"], terminal["child_hash"]
            if not (isinstance(other_key, bytes) and isinstance(child_hash, bytes)):
                raise InvalidProofError("key and child_hash are bytes")
            if other_key == key or len(other_key) != 32 or len(child_hash) != 32:
                raise InvalidProofError("the other entry must have another key")
            if any(nibble(other_key, d) != nibble(key, d) for d in range(len(levels[index]))):  # type: ignore[arg-type]
                raise InvalidProofError("the other entry must sit where the walk ends")
            walked_hash = entry_hash(other_key, child_hash)
        else:
            raise InvalidProofError("bad terminal")
        trie_root = fold_branches(levels[index], key, walked_hash)
        return internal_hash(trie_root), index, {"absent": True}
    raise InvalidProofError("bad terminal for this many levels")


def verify_proof(root: bytes, proof: CborValue) -> dict[str, CborValue] | Rejection:
    """
    Check a proof against a state root and return what it proves.

    Returns
    -------
    dict | Rejection
        {"subtree", "path", "claim"} where claim is {"value": v}, {"node_hash": h} or
        {"absent": true}; or STATE_PROOF_INVALID.

    References
    ----------
    [AIN-STATE-PROOF-VERIFY.1] A proof verifies if and only if recomputing upward from its terminal
    through its levels and subtree hashes gives the root.
    """
    try:
        claim = proven_claim(root, proof)
    except InvalidProofError as error:
        return Rejection(ErrorCode.STATE_PROOF_INVALID, str(error))
    return claim


def proven_claim(root: bytes, proof: CborValue) -> dict[str, CborValue]:
    """The body of ``verify_proof``: raises InvalidProofError at the first inconsistency."""
    if not isinstance(proof, dict) or set(proof) != PROOF_FIELDS:
        raise InvalidProofError("a proof has subtree, labels, subtree_hashes, levels, terminal")
    subtree_name, labels, hashes = proof["subtree"], proof["labels"], proof["subtree_hashes"]
    levels, terminal = proof["levels"], proof["terminal"]
    if subtree_name not in {str(subtree) for subtree in SUBTREE_ORDER}:
        raise InvalidProofError("unknown subtree")
    if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
        raise InvalidProofError("labels are texts")
    if not isinstance(hashes, list) or len(hashes) != len(SUBTREE_ORDER):
        raise InvalidProofError("four subtree hashes")
    if not all(isinstance(item, bytes) and len(item) == 32 for item in hashes):
        raise InvalidProofError("subtree hashes are 32 bytes")
    if not isinstance(levels, list) or len(levels) > len(labels):
        raise InvalidProofError("at most one level per label")
    position = [str(subtree) for subtree in SUBTREE_ORDER].index(str(subtree_name))
    path_text = "/" + "/".join(str(label) for label in labels)
    if isinstance(terminal, dict) and terminal == {"absent": "no_subtree"}:
        if levels or hashes[position] != EMPTY_HASH:
            raise InvalidProofError("the subtree is not empty")
        claim: dict[str, CborValue] = {"absent": True}
    else:
        label_list = [str(label) for label in labels]
        node_hash, depth, claim = terminal_hash(terminal, label_list, levels)
        for index in range(depth - 1, -1, -1):
            key = label_key(label_list[index])
            node_hash = internal_hash(fold_branches(levels[index], key, entry_hash(key, node_hash)))
        if hashes[position] != node_hash:
            raise InvalidProofError("the walk does not lead to the subtree hash")
    if state_root_hash(hashes) != root:  # type: ignore[arg-type]
        raise InvalidProofError("the subtree hashes do not lead to the root")
    return {"subtree": subtree_name, "path": path_text, "claim": claim}
