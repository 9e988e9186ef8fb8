"""
Hashes of the state tree: leaves, internal nodes, child tries, and the state root.

An internal node commits to its children through a *child trie*: a 16-way trie over the
children's label keys (the tagged SHA-256 of each label), whose shape depends only on the set of
children. So the root is the same whatever order the tree was built in, and a change to one
child rehashes one path of about log16(children) branches, never all the siblings: a node with
a million children costs about six branch hashes per update.

This module holds both the plain definition (``trie_hash``, and ``node_hash_plain`` in
state.tree, recomputed from scratch: the spec) and the incremental index (``TrieBranch`` and the
``trie_*`` functions over the child nodes themselves, caching branch hashes and re-reading only
the slots that changed). Property tests prove them equal.

Spec: spec/state.md, "Merkle root" ([AIN-STATE-ROOT.1], [AIN-STATE-ROOT-TRIE.1],
[AIN-STATE-ROOT-TOP.1]).
Layer: state. Imports crypto, encoding.
"""

from __future__ import annotations

from collections.abc import Iterable
from hashlib import sha256
from typing import Final, Protocol

from ain_ref.crypto import DomainTag, tag_prefix, tagged_hash
from ain_ref.encoding import CborValue, encode_trusted

HASH_SIZE: Final = 32
EMPTY_HASH: Final = bytes(HASH_SIZE)
"""The hash of nothing: an empty child trie, or an absent subtree [AIN-STATE-ROOT.1]."""
TRIE_RADIX: Final = 16
MAX_TRIE_DEPTH: Final = 64
"""Nibbles in a 32-byte label key: two distinct keys differ within 64 nibbles."""


LABEL_PREFIX: Final = tag_prefix(DomainTag.STATE_LABEL)
LEAF_PREFIX: Final = tag_prefix(DomainTag.STATE_LEAF)
ENTRY_PREFIX: Final = tag_prefix(DomainTag.STATE_TRIE_ENTRY)
BRANCH_PREFIX: Final = tag_prefix(DomainTag.STATE_TRIE_BRANCH)
NODE_PREFIX: Final = tag_prefix(DomainTag.STATE_NODE)
EMPTY_BRANCH_PREIMAGE: Final = BRANCH_PREFIX + EMPTY_HASH * TRIE_RADIX
SLOT_HASHES_AT: Final = len(BRANCH_PREFIX)
"""Where a branch's slot hashes start in its preimage."""
"""
Each state hash below is ``tagged_hash(tag, data)`` [AIN-CRYPTO-TAGGED-HASH.1], written as
``sha256(tag_prefix(tag) + data)`` with the tag's prefix bound once, as these run per write
(property-tested equal to ``tagged_hash``).
"""


def label_key(label: str) -> bytes:
    """A label's key in its parent's child trie: tagged_hash(STATE_LABEL, utf8(label))."""
    return sha256(LABEL_PREFIX + label.encode("utf-8")).digest()


def nibble(key: bytes, depth: int) -> int:
    """The depth-th 4-bit digit of a key, most significant first."""
    byte = key[depth >> 1]
    return byte >> 4 if depth % 2 == 0 else byte & 0x0F


def leaf_hash(value: CborValue) -> bytes:
    """
    Hash of a leaf: tagged_hash(STATE_LEAF, encode(value)).

    References
    ----------
    [AIN-STATE-ROOT.1]
    """
    return sha256(LEAF_PREFIX + encode_trusted(value)).digest()


def entry_hash(key: bytes, child_hash: bytes) -> bytes:
    """Hash of one child in a trie: tagged_hash(STATE_TRIE_ENTRY, key || child hash)."""
    return sha256(ENTRY_PREFIX + key + child_hash).digest()


def branch_hash(slot_hashes: Iterable[bytes]) -> bytes:
    """Hash of a trie branch: tagged_hash(STATE_TRIE_BRANCH, its 16 slot hashes in order)."""
    return sha256(BRANCH_PREFIX + b"".join(slot_hashes)).digest()


def internal_hash(trie_root: bytes) -> bytes:
    """Hash of an internal node: tagged_hash(STATE_NODE, the root of its child trie)."""
    return sha256(NODE_PREFIX + trie_root).digest()


def state_root_hash(subtree_hashes: Iterable[bytes]) -> bytes:
    """
    The state root: tagged_hash(STATE_ROOT, values || rules || owners || functions).

    References
    ----------
    [AIN-STATE-ROOT-TOP.1] Each subtree contributes its node hash, or EMPTY_HASH when absent.
    """
    return tagged_hash(DomainTag.STATE_ROOT, b"".join(subtree_hashes))


def trie_hash(entries: list[tuple[bytes, bytes]], depth: int = 0) -> bytes:
    """
    The root of the child trie over (label key, child hash) pairs: the plain definition.

    Parameters
    ----------
    entries : list of (bytes, bytes)
        Label keys and node hashes of the children.
    depth : int
        The nibble this level of the trie splits on.

    Returns
    -------
    bytes
        EMPTY_HASH for no entry; the entry's hash for one; otherwise the branch hash of the
        sixteen tries of the entries grouped by their nibble at ``depth``.

    References
    ----------
    [AIN-STATE-ROOT-TRIE.1]
    """
    if not entries:
        return EMPTY_HASH
    if len(entries) == 1:
        key, child_hash = entries[0]
        return entry_hash(key, child_hash)
    groups: list[list[tuple[bytes, bytes]]] = [[] for _ in range(TRIE_RADIX)]
    for key, child_hash in entries:
        groups[nibble(key, depth)].append((key, child_hash))
    return branch_hash(trie_hash(group, depth + 1) for group in groups)


# --- the incremental index -------------------------------------------------------------------


class TrieItem(Protocol):
    """
    A child as its parent's child trie holds it: the child node itself (state.tree.Node).

    ``key`` is its label key; ``branch`` and ``slot`` say where it sits (``branch`` None at
    the trie's root), so that a change is marked upward without walking down from the root.
    """

    key: bytes
    branch: TrieBranch | None
    slot: int

    def slot_hash(self) -> bytes:
        """entry_hash(key, the child's hash): what the child contributes to its slot."""
        ...


class TrieBranch(bytearray):
    """
    A 16-way branch, holding the bytes its hash covers: BRANCH_PREFIX, then its 16 slot hashes.

    Each slot hash is kept in place (zeros are EMPTY_HASH), so the branch is its own cache:
    only the slots whose bits are set in ``stale`` are re-read when it is hashed again, and a
    branch with no stale slot is up to date. ``slots`` holds the 16 children; ``branch`` and
    ``slot`` say where the branch sits (``branch`` None at the trie's root).
    """

    __slots__ = ("branch", "slot", "slots", "stale")

    def __init__(self) -> None:
        super().__init__(EMPTY_BRANCH_PREIMAGE)
        self.slots: tuple[TrieNode, ...] = EMPTY_SLOTS
        self.stale = 0  # bit i set: slot i must be re-read
        self.branch: TrieBranch | None = None
        self.slot = 0

    def set_slot(self, index: int, node: TrieNode) -> None:
        """Put a node in a slot; its hash is read when the branch is next hashed."""
        self.place(index, node)
        self.stale |= 1 << index

    def place(self, index: int, node: TrieNode) -> None:
        """Put a node in a slot, marking nothing stale (the caller does)."""
        slots = self.slots
        self.slots = (*slots[:index], node, *slots[index + 1 :])
        if node is not None:
            node.branch, node.slot = self, index

    def slot_hash(self) -> bytes:
        """branch_hash of the slots, after re-reading the stale ones."""
        slots, stale = self.slots, self.stale
        while stale:
            index = (stale & -stale).bit_length() - 1  # the lowest stale slot
            stale &= stale - 1
            slot = slots[index]
            start = SLOT_HASHES_AT + index * HASH_SIZE
            self[start : start + HASH_SIZE] = EMPTY_HASH if slot is None else slot.slot_hash()
        self.stale = 0
        return sha256(self).digest()

    def slot_hashes(self) -> list[bytes]:
        """The 16 slot hashes as they stand (up to date once the branch has been hashed)."""
        hashes = bytes(self[SLOT_HASHES_AT:])
        return [hashes[start : start + HASH_SIZE] for start in range(0, len(hashes), HASH_SIZE)]


TrieNode = TrieBranch | TrieItem | None
"""What a trie's root or a branch's slot holds."""
EMPTY_SLOTS: Final[tuple[TrieNode, ...]] = (None,) * TRIE_RADIX


def trie_root_hash(root: TrieNode) -> bytes:
    """The hash of a child trie from its root: EMPTY_HASH when empty (the fast ``trie_hash``)."""
    return EMPTY_HASH if root is None else root.slot_hash()


def mark_stale_upward(node: TrieBranch | TrieItem) -> None:
    """
    A trie node's hash changed: mark its slot stale in each branch above it.

    Stops after the first branch that already had a stale slot: every branch above such a
    branch has the slot toward it marked (set_slot and this walk keep that invariant).
    """
    below: TrieBranch | TrieItem = node
    while below.branch is not None:
        branch = below.branch
        was_up_to_date = branch.stale == 0
        branch.stale |= 1 << below.slot
        if not was_up_to_date:
            return
        below = branch


def trie_insert(root: TrieNode, item: TrieItem) -> TrieNode:
    """Add an item whose key is not yet present; return the trie's new root."""
    return at_root(insert_into(root, item, 0))


def trie_remove(root: TrieNode, key: bytes) -> TrieNode:
    """Remove the item with this key; return the trie's new root."""
    return at_root(remove_from(root, key, 0))


def trie_replace(root: TrieNode, old: TrieItem, new: TrieItem) -> TrieNode:
    """Put an item in another's place (same key); return the trie's root."""
    branch, old.branch = old.branch, None
    if branch is None:
        return at_root(new)
    branch.place(old.slot, new)
    mark_stale_upward(new)
    return root


def at_root(node: TrieNode) -> TrieNode:
    """A node made the trie's root: no branch above it."""
    if node is not None:
        node.branch, node.slot = None, 0
    return node


def path_to(root: TrieNode, key: bytes) -> tuple[list[TrieBranch], TrieItem | None]:
    """The branches from the root toward a key, and the item (or nothing) the walk ends at."""
    branches: list[TrieBranch] = []
    node = root
    depth = 0
    while isinstance(node, TrieBranch):
        branches.append(node)
        node = node.slots[nibble(key, depth)]
        depth += 1
    return branches, node


def insert_into(node: TrieNode, item: TrieItem, depth: int) -> TrieNode:
    """Insert an item below a trie node at a depth; return the node that replaces it."""
    if node is None:
        return item
    if not isinstance(node, TrieBranch):
        branch = TrieBranch()
        branch.set_slot(nibble(node.key, depth), node)
        return insert_into(branch, item, depth)
    slot = nibble(item.key, depth)
    node.set_slot(slot, insert_into(node.slots[slot], item, depth + 1))
    return node


def remove_from(node: TrieNode, key: bytes, depth: int) -> TrieNode:
    """Remove a key below a trie node; collapse a branch left holding a single item."""
    if not isinstance(node, TrieBranch):
        return None if node is not None and node.key == key else node
    slot = nibble(key, depth)
    node.set_slot(slot, remove_from(node.slots[slot], key, depth + 1))
    occupied = [child for child in node.slots if child is not None]
    if not occupied:
        return None
    if len(occupied) == 1 and not isinstance(occupied[0], TrieBranch):
        return occupied[0]
    return node
