"""
The unified state tree.

Labels, paths, values, the tree, its Merkle root and proofs, write rules, owners, function
triggers, and the operations that change it.

Spec: spec/state.md ([AIN-STATE-*]).
"""
