"""
Hashes of the state tree: leaves, internal nodes, child tries, and the state root.

An internal node commits to its children through a *child trie*: a 16-way trie over the
children's label keys (the tagged SHA-256 of each label), whose shape depends only on the set of
children. So the root is the same whatever order the tree was built in, and a change to one
child rehashes one path of about log16(children) branches, never all the siblings: a node with
a million children costs about six branch hashes per update.

This module holds both the plain definition (``trie_hash`` and ``node_hash_plain``, recomputed
from scratch: the spec) and the incremental index (``ChildTrie``, which caches branch hashes
along the paths of the children that changed). Property tests prove them equal.

Spec: spec/state.md, "Merkle root" ([AIN-STATE-ROOT.1], [AIN-STATE-ROOT.2], [AIN-STATE-ROOT.3]).
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
    [AIN-STATE-ROOT.3] Each subtree contributes its node hash, or EMPTY_HASH when absent.
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
    [AIN-STATE-ROOT.2]
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


class HasHash(Protocol):
    """Anything with a hash: the node a trie entry points to."""

    def hash(self) -> bytes:
        """The node's hash."""
        ...


class TrieEntry:
    """
    One child in a child trie: its label, label key, and the child node.

    ``branch`` and ``slot`` say where the entry sits (None at the trie's root), so that a
    change is marked upward without walking down from the root.
    """

    __slots__ = ("branch", "cached_hash", "key", "label", "node", "slot")

    def __init__(self, label: str, key: bytes, node: HasHash) -> None:
        self.label = label
        self.key = key
        self.node = node
        self.cached_hash: bytes | None = None
        self.branch: TrieBranch | None = None
        self.slot = 0

    def hash(self) -> bytes:
        """entry_hash(key, the child's current hash), cached until the child changes."""
        if self.cached_hash is None:
            self.cached_hash = entry_hash(self.key, self.node.hash())
        return self.cached_hash

    def touch(self) -> None:
        """The child's hash changed: forget this entry's hash and mark the branches above."""
        if self.cached_hash is not None:
            self.cached_hash = None
            mark_stale_upward(self)


class TrieBranch:
    """
    A 16-way branch: its slots, the 16 slot hashes side by side, and which of them are stale.

    ``slot_hashes`` holds the 512 bytes the branch hash covers (zeros are EMPTY_HASH); only
    the slots in ``stale`` are re-read when the branch is hashed again. ``branch`` and ``slot``
    say where the branch sits (None at the trie's root).
    """

    __slots__ = ("branch", "cached_hash", "slot", "slot_hashes", "slots", "stale")

    def __init__(self) -> None:
        self.slots: list[TrieEntry | TrieBranch | None] = [None] * TRIE_RADIX
        self.slot_hashes = bytearray(TRIE_RADIX * HASH_SIZE)
        self.stale: set[int] = set()
        self.cached_hash: bytes | None = None
        self.branch: TrieBranch | None = None
        self.slot = 0

    def set_slot(self, index: int, node: TrieEntry | TrieBranch | None) -> None:
        """Put a node in a slot; its hash is read when the branch is next hashed."""
        self.slots[index] = node
        if node is not None:
            node.branch, node.slot = self, index
        self.stale.add(index)
        self.cached_hash = None

    def hash(self) -> bytes:
        """branch_hash of the slots, re-reading only the stale ones."""
        if self.cached_hash is None:
            slots, slot_hashes = self.slots, self.slot_hashes
            for index in self.stale:
                slot = slots[index]
                start = index * HASH_SIZE
                slot_hashes[start : start + HASH_SIZE] = EMPTY_HASH if slot is None else slot.hash()
            self.stale.clear()
            self.cached_hash = sha256(BRANCH_PREFIX + self.slot_hashes).digest()
        return self.cached_hash


TrieNode = TrieEntry | TrieBranch | None


def mark_stale_upward(node: TrieEntry | TrieBranch) -> None:
    """
    A trie node's hash changed: mark its slot stale in each branch above it.

    Stops after the first branch that was already stale: every branch above a stale branch is
    stale too, with the slot toward it marked (set_slot and this walk keep that invariant).
    """
    below: TrieEntry | TrieBranch = node
    while below.branch is not None:
        branch = below.branch
        was_valid = branch.cached_hash is not None
        branch.stale.add(below.slot)
        branch.cached_hash = None
        if not was_valid:
            return
        below = branch


class ChildTrie:
    """
    The incremental child trie of one internal node (the fast path of ``trie_hash``).

    Insertions split an entry into a branch where two keys share a nibble; deletions collapse a
    branch left with a single entry, so the shape always equals the plain definition's.
    """

    __slots__ = ("root",)

    def __init__(self) -> None:
        self.root: TrieNode = None

    def hash(self) -> bytes:
        """The trie's root hash."""
        return EMPTY_HASH if self.root is None else self.root.hash()

    def insert(self, entry: TrieEntry) -> None:
        """Add a child whose label is not yet present."""
        self.set_root(insert_into(self.root, entry, 0))

    def remove(self, key: bytes) -> None:
        """Remove the child with this label key."""
        self.set_root(remove_from(self.root, key, 0))

    def set_root(self, node: TrieNode) -> None:
        """Make a node the trie's root, with no branch above it."""
        self.root = node
        if node is not None:
            node.branch, node.slot = None, 0

    def path_to(self, key: bytes) -> tuple[list[TrieBranch], TrieNode]:
        """The branches from the root toward a key, and what the walk ends at."""
        branches: list[TrieBranch] = []
        node = self.root
        depth = 0
        while isinstance(node, TrieBranch):
            branches.append(node)
            node = node.slots[nibble(key, depth)]
            depth += 1
        return branches, node


def insert_into(node: TrieNode, entry: TrieEntry, depth: int) -> TrieNode:
    """Insert an entry below a trie node at a depth; return the node that replaces it."""
    if node is None:
        return entry
    if isinstance(node, TrieEntry):
        branch = TrieBranch()
        branch.set_slot(nibble(node.key, depth), node)
        return insert_into(branch, entry, depth)
    slot = nibble(entry.key, depth)
    node.set_slot(slot, insert_into(node.slots[slot], entry, depth + 1))
    return node


def remove_from(node: TrieNode, key: bytes, depth: int) -> TrieNode:
    """Remove a key below a trie node; collapse a branch left holding a single entry."""
    if node is None or isinstance(node, TrieEntry):
        return None if node is not None and node.key == key else node
    slot = nibble(key, depth)
    node.set_slot(slot, remove_from(node.slots[slot], key, depth + 1))
    occupied = [child for child in node.slots if child is not None]
    if not occupied:
        return None
    if len(occupied) == 1 and isinstance(occupied[0], TrieEntry):
        return occupied[0]
    return node
