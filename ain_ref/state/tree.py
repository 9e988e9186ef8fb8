"""
The state tree: nodes, reads, writes, deletion with pruning, and all-or-nothing changes.

A node is either a leaf holding a value, or an internal node holding at least one child.
Writes mutate the tree in place and record what they replaced in a journal, so that a failed
transaction is undone exactly (``rollback``) and a successful one is kept (``commit``).
Hashes are cached per node and per child-trie branch and recomputed only along changed paths.

Spec: spec/state.md, "The tree" ([AIN-STATE-LAYOUT.1], [AIN-STATE-REPLACE.1],
[AIN-STATE-NULL-PRUNE.1]) and "Merkle root" ([AIN-STATE-ROOT.1], [AIN-STATE-ROOT-TRIE.1]).
Layer: state. Imports encoding, state.labels, state.paths, state.merkle.
"""

from __future__ import annotations

from typing import Any

from ain_ref.crypto import DomainTag, tagged_hash
from ain_ref.encoding import CborValue, encode_plain
from ain_ref.state.labels import Subtree
from ain_ref.state.merkle import (
    EMPTY_HASH,
    TrieBranch,
    TrieNode,
    entry_hash,
    internal_hash,
    label_key,
    leaf_hash,
    mark_stale_upward,
    state_root_hash,
    trie_hash,
    trie_insert,
    trie_remove,
    trie_replace,
    trie_root_hash,
)
from ain_ref.state.paths import StatePath

SUBTREE_ORDER = (Subtree.VALUES, Subtree.RULES, Subtree.OWNERS, Subtree.FUNCTIONS)
"""The order of the subtrees in the state root [AIN-STATE-ROOT-TOP.1]."""


NO_CHILDREN: dict[str, Node] = {}
"""The children of every leaf: one shared empty map, never written (a leaf costs no maps)."""


class Node:
    """
    A node: a leaf (``value`` set, no children) or internal (children, ``value`` None).

    ``parent`` is set exactly while the node is attached (None for the root and for a node
    detached or replaced). A node is also its own entry in its parent's child trie: ``key``
    is its label key, and ``branch`` and ``slot`` say where it sits in that trie (its entry
    hash is kept in that branch). ``trie_root`` is the root of its own child trie (None for a
    leaf); ``cached_hash`` is an internal node's hash, None until computed or after a change
    below (a leaf's hash is computed when needed, which is only after it changed).
    """

    __slots__ = (
        "branch",
        "cached_hash",
        "children",
        "key",
        "label",
        "parent",
        "slot",
        "trie_root",
        "value",
    )

    def __init__(self, value: CborValue = None) -> None:
        self.value: CborValue = value
        self.children: dict[str, Node] = NO_CHILDREN
        self.trie_root: TrieNode = None
        self.cached_hash: bytes | None = None
        self.parent: Node | None = None
        self.label = ""
        self.key = b""
        self.branch: TrieBranch | None = None
        self.slot = 0

    def is_leaf(self) -> bool:
        """Whether the node holds a value rather than children."""
        return not self.children

    def hash(self) -> bytes:
        """The node's hash; an internal node's from cache when nothing below it changed."""
        if not self.children:
            return leaf_hash(self.value)  # [AIN-STATE-ROOT.1]
        if self.cached_hash is None:
            self.cached_hash = internal_hash(trie_root_hash(self.trie_root))
        return self.cached_hash

    def slot_hash(self) -> bytes:
        """As an entry of its parent's trie: entry_hash(key, hash) [AIN-STATE-ROOT-TRIE.1]."""
        return entry_hash(self.key, self.hash())

    def changed(self) -> None:
        """The node's hash changed: mark its slot, and the branches above, stale."""
        branch = self.branch
        if branch is not None and not branch.stale & (1 << self.slot):
            mark_stale_upward(self)

    def attach(self, label: str, child: Node) -> None:
        """Add or replace a child, keeping the child trie in step."""
        child.parent, child.label = self, label
        if not self.children:
            self.children = {}
        previous = self.children.get(label)
        self.children[label] = child
        if previous is not None:
            child.key = previous.key
            self.trie_root = trie_replace(self.trie_root, previous, child)
            previous.parent = None
        else:
            child.key = label_key(label)
            self.trie_root = trie_insert(self.trie_root, child)
        self.value = None
        self.cached_hash = None

    def detach(self, label: str) -> None:
        """Remove a child; a node left with none holds no maps."""
        child = self.children.pop(label)
        self.trie_root = trie_remove(self.trie_root, child.key)
        child.parent, child.branch = None, None
        if not self.children:
            self.children = NO_CHILDREN
        self.cached_hash = None


def invalidate_ancestors(node: Node) -> None:
    """
    A node changed: forget the cached hashes of its ancestors and their trie paths to it.

    Stops above the first ancestor that was already invalid: its own ancestors are too
    (every invalid node has invalid ancestors).
    """
    while node.parent is not None:
        parent = node.parent
        was_valid = parent.cached_hash is not None
        node.changed()
        parent.cached_hash = None
        if not was_valid:
            return
        node = parent


def node_from_value(value: CborValue) -> Node:
    """Build the subtree of a value: maps become internal nodes, anything else a leaf."""
    if isinstance(value, dict):
        node = Node()
        for label in sorted(value):
            node.attach(label, node_from_value(value[label]))
        return node
    return Node(value)


def value_of(node: Node) -> CborValue:
    """The value a subtree holds: a leaf's value, or the map of an internal node's children."""
    if node.is_leaf():
        return node.value
    return {label: value_of(child) for label, child in sorted(node.children.items())}


def set_child(parent: Node, label: str, child: Node | None) -> None:
    """Set or remove one child, then invalidate the hashes above it."""
    if child is None:
        if label in parent.children:
            parent.detach(label)
    else:
        parent.attach(label, child)
    invalidate_ancestors(parent)


JournalEntry = tuple[str, Node, str, Any]
"""
("child", parent, label, the child it had before or None), or
("value", leaf, "", the value it held before).
"""


class StateTree:
    """
    The whole state: a root with up to four subtrees, and the journal of the open change.

    References
    ----------
    [AIN-STATE-LAYOUT.1] The root's children are values, rules, owners and functions.
    """

    def __init__(self) -> None:
        self.root = Node()
        self.journal: list[JournalEntry] = []
        self.rule_facts: dict[Node, tuple[bool | str | None, bool]] = {}
        """
        An index kept by state.matching: per rules-tree node, the governing write rule of a walk
        ending there and whether a write rule lies below. Emptied whenever the rules change.
        """

    def forget_rule_facts(self, path: StatePath) -> None:
        """A write under /rules makes every remembered rule fact stale."""
        if path.subtree is Subtree.RULES:
            self.rule_facts.clear()

    # --- reads -------------------------------------------------------------------------------

    def node_at(self, path: StatePath) -> Node | None:
        """The node at a path, or None."""
        node: Node | None = self.root
        for label in path.full_labels():
            if node is None:
                return None
            node = node.children.get(label)
        return node

    def value_at(self, path: StatePath) -> CborValue:
        """
        The value at a path: a leaf's value, the map of a subtree, or None when absent.

        References
        ----------
        [AIN-STATE-NULL-PRUNE.1] Absent and null are the same.
        """
        node = self.node_at(path)
        return None if node is None else value_of(node)

    def leaf_value_at(self, path: StatePath) -> CborValue:
        """The value of a leaf at a path; None for an internal node or nothing."""
        node = self.node_at(path)
        if node is None or not node.is_leaf():
            return None
        return node.value

    # --- writes ------------------------------------------------------------------------------

    def set_value(self, path: StatePath, value: CborValue) -> None:
        """
        Replace the subtree at a path with a value's subtree; None deletes it.

        References
        ----------
        [AIN-STATE-REPLACE.1] A write replaces the whole subtree at its path and creates the
        missing ancestors; a write below a leaf turns the leaf into an internal node.
        [AIN-STATE-NULL-PRUNE.1] Null deletes, and ancestors left without children are pruned,
        up to and including the subtree's own root node.
        """
        if value is None:
            self.delete(path)
            return
        self.forget_rule_facts(path)
        labels = path.full_labels()
        parent = self.ensure_ancestors(labels[:-1])[-1]
        existing = parent.children.get(labels[-1])
        if existing is not None and existing.is_leaf() and not isinstance(value, dict):
            self.overwrite_leaf(existing, value)
        else:
            self.replace_child(parent, labels[-1], node_from_value(value))

    def overwrite_leaf(self, leaf: Node, value: CborValue) -> None:
        """
        Give an existing leaf a new value in place, without touching its parent's child trie.

        The fast path of ``replace_subtree`` for a scalar over a leaf: the same tree
        (property-tested), journalled for rollback like any write.
        """
        self.journal.append(("value", leaf, "", leaf.value))
        leaf.value = value
        invalidate_ancestors(leaf)

    def set_config(self, path: StatePath, config: CborValue) -> None:
        """
        Write a config as one leaf at its config label; None deletes it.

        References
        ----------
        [AIN-STATE-LAYOUT.1] A config is a single leaf whose value is the config map.
        """
        if config is None:
            self.delete(path)
        else:
            self.replace_subtree(path, Node(config))

    def replace_subtree(self, path: StatePath, node: Node) -> None:
        """Put a node at a path, creating the missing ancestors [AIN-STATE-REPLACE.1]."""
        self.forget_rule_facts(path)
        labels = path.full_labels()
        ancestors = self.ensure_ancestors(labels[:-1])
        self.replace_child(ancestors[-1], labels[-1], node)

    def delete(self, path: StatePath) -> None:
        """Delete the subtree at a path and prune emptied ancestors [AIN-STATE-NULL-PRUNE.1]."""
        self.forget_rule_facts(path)
        labels = path.full_labels()
        chain: list[Node] = [self.root]
        for label in labels[:-1]:
            child = chain[-1].children.get(label)
            if child is None:
                return
            chain.append(child)
        if labels[-1] not in chain[-1].children:
            return
        self.replace_child(chain[-1], labels[-1], None)
        depth = len(chain) - 1
        while depth > 0 and not chain[depth].children:
            self.replace_child(chain[depth - 1], labels[depth - 1], None)
            depth -= 1

    def ensure_ancestors(self, labels: tuple[str, ...]) -> list[Node]:
        """The nodes from the root along labels, creating internal nodes where missing."""
        chain = [self.root]
        parent = self.root
        for label in labels:
            child = parent.children.get(label)
            if child is None or not child.children:  # missing, or a leaf to replace
                child = Node()
                self.replace_child(parent, label, child)
            chain.append(child)
            parent = child
        return chain

    def replace_child(self, parent: Node, label: str, child: Node | None) -> None:
        """The one primitive write: set or remove a child, journalled for rollback."""
        self.journal.append(("child", parent, label, parent.children.get(label)))
        set_child(parent, label, child)

    # --- all or nothing ----------------------------------------------------------------------

    def checkpoint(self) -> int:
        """Mark the journal; ``rollback_to`` undoes everything after the mark."""
        return len(self.journal)

    def rollback_to(self, mark: int) -> None:
        """
        Undo every write after a mark, newest first.

        References
        ----------
        [AIN-TX-ATOMIC.2] A failed transaction leaves the tree, and so its root, unchanged.
        """
        if len(self.journal) > mark:
            self.rule_facts.clear()  # the undone writes may have been under /rules
        while len(self.journal) > mark:
            kind, node, label, previous = self.journal.pop()
            if kind == "value":
                node.value = previous  # a leaf: its hash is computed when needed, never cached
                invalidate_ancestors(node)
            else:
                set_child(node, label, previous)

    def commit(self) -> None:
        """Keep every write since the last commit."""
        self.journal.clear()

    # --- hashes ------------------------------------------------------------------------------

    def subtree_hashes(self) -> list[bytes]:
        """The four subtree hashes in root order, EMPTY_HASH for an absent subtree."""
        hashes = []
        for subtree in SUBTREE_ORDER:
            node = self.root.children.get(str(subtree))
            hashes.append(EMPTY_HASH if node is None else node.hash())
        return hashes

    def root_hash(self) -> bytes:
        """
        The state root, from the cached hashes [AIN-STATE-ROOT-TOP.1].

        Equal to ``state_root_plain(self)`` (property-tested).
        """
        return state_root_hash(self.subtree_hashes())

    def export(self) -> dict[str, Any]:
        """The whole tree as a map of subtrees (for get_state and debugging)."""
        return {label: value_of(child) for label, child in sorted(self.root.children.items())}


def node_hash_plain(node: Node) -> bytes:
    """
    A node's hash recomputed from scratch by the plain definition.

    References
    ----------
    [AIN-STATE-ROOT.1] A leaf hashes its value's encoding, written by the spec's own encoder
    (``encode_plain``, which shares no code with the fast path's cbor2); an internal node
    hashes its child trie.
    [AIN-STATE-ROOT-TRIE.1] The child trie is ``trie_hash`` of (label key, child hash) pairs.
    """
    if node.is_leaf():
        return tagged_hash(DomainTag.STATE_LEAF, encode_plain(node.value))
    entries = [(label_key(label), node_hash_plain(child)) for label, child in node.children.items()]
    return internal_hash(trie_hash(entries))


def state_root_plain(tree: StateTree) -> bytes:
    """The state root recomputed from scratch [AIN-STATE-ROOT-TOP.1]."""
    hashes = []
    for subtree in SUBTREE_ORDER:
        node = tree.root.children.get(str(subtree))
        hashes.append(EMPTY_HASH if node is None else node_hash_plain(node))
    return state_root_hash(hashes)
