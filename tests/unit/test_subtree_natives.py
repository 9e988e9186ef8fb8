"""Unit tests of subtree patterns: a native declared for a path and every path below it."""

from __future__ import annotations

import pytest

from ain_ref.chain import BlockContext, apply_transaction, build_genesis
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.state.natives import (
    FunctionCall,
    NativeDefinition,
    check_native_placement,
    pattern_base_text,
    register_native,
)
from ain_ref.state.tree import StateTree
from tests.fillers.state.common import ALICE_SEED, BLOCK_TIME, CHAIN_ID, set_value, transaction

FIRED: list[tuple[str, tuple[str, ...], dict[str, str]]] = []


def recording(call: FunctionCall) -> Rejection | None:
    """A test native that remembers its id, the written path and its variables."""
    FIRED.append((call.fid, call.path, call.params))
    return None


register_native("_test_outer", recording, ("/tree/$a/**", "/tree/$a/$b/$c/**"), ("a",))
register_native("_test_inner", recording, ("/tree/$a/$b/**",), ("a", "b"))


def native(fid: str) -> dict[str, CborValue]:
    """A function config of one NATIVE entry."""
    return {fid: {"function_type": "NATIVE", "function_id": fid}}


def tree_with_subtree_natives() -> StateTree:
    """Anyone may write; `_test_outer` at /tree/$a and /tree/$a/$b/$c, `_test_inner` and the
    EVENT `_seen` at /tree/$a/$b."""
    tree = build_genesis(
        {
            "rules": {"/": {"write": True}},
            "functions": {
                "/tree/$a": native("_test_outer"),
                "/tree/$a/$b": {
                    **native("_test_inner"),
                    "_seen": {"function_type": "EVENT", "function_id": "_seen"},
                },
                "/tree/$a/$b/$c": native("_test_outer"),
            },
        }
    )
    assert isinstance(tree, StateTree)
    return tree


def fired_by(path: str) -> tuple[list[tuple[str, tuple[str, ...], dict[str, str]]], list[str]]:
    """What fires for one SET_VALUE at ``path``: the natives in order, and the events' ids."""
    tree = tree_with_subtree_natives()
    FIRED.clear()
    data = bytes.fromhex(transaction(ALICE_SEED, set_value(path, 1)))
    receipt = apply_transaction(tree, data, BlockContext(CHAIN_ID, BLOCK_TIME))
    assert receipt.status == "SUCCESS", receipt
    return list(FIRED), [str(event["fid"]) for event in receipt.events]


def test_a_subtree_native_fires_at_its_base_and_below_nearest_first_once() -> None:
    """[AIN-PLAT-NATIVE-SUBTREE.1] [AIN-STATE-FUNCTION-MATCH.2] At its base a subtree native
    fires with the exact config's entries; below it, from each node above the write, nearest
    first, with that node's variables; an id fires once per write (where met first); an EVENT
    fires only at its own path; a write above or beside fires nothing."""
    assert fired_by("/tree/p") == ([("_test_outer", ("tree", "p"), {"a": "p"})], [])
    inner_at_base = ("_test_inner", ("tree", "p", "q"), {"a": "p", "b": "q"})
    outer_above_base = ("_test_outer", ("tree", "p", "q"), {"a": "p"})
    assert fired_by("/tree/p/q") == ([inner_at_base, outer_above_base], ["_seen"])
    below_inner = ("tree", "p", "q", "r")
    assert fired_by("/tree/p/q/r") == (
        [
            ("_test_outer", below_inner, {"a": "p", "b": "q", "c": "r"}),
            ("_test_inner", below_inner, {"a": "p", "b": "q"}),
        ],
        [],
    )
    below_outer = ("tree", "p", "q", "r", "s")
    assert fired_by("/tree/p/q/r/s") == (
        [
            ("_test_outer", below_outer, {"a": "p", "b": "q", "c": "r"}),
            ("_test_inner", below_outer, {"a": "p", "b": "q"}),
        ],
        [],
    )
    assert fired_by("/tree") == ([], [])
    assert fired_by("/trees/p/q") == ([], [])


def test_a_subtree_native_is_placed_at_its_base_only() -> None:
    """[AIN-PLAT-NATIVE-SUBTREE.1] [AIN-PLAT-NATIVE-PLACEMENT.1] The config sits at the base:
    anywhere else below it, or at the pattern text itself, is NATIVE_NOT_DECLARED_HERE."""
    assert check_native_placement(("tree", "$a"), native("_test_inner")) is not None
    assert check_native_placement(("tree", "$a", "$b"), native("_test_inner")) is None
    for elsewhere in (("tree", "$a", "$b", "$c"), ("tree", "$a", "$b", "**"), ("tree", "$x")):
        refused = check_native_placement(elsewhere, native("_test_inner"))
        assert isinstance(refused, Rejection)
        assert refused.code is ErrorCode.NATIVE_NOT_DECLARED_HERE
    assert pattern_base_text("/tree/$a/**") == "/tree/$a" and pattern_base_text("/**") == "/"


@pytest.mark.parametrize(
    "patterns",
    [("/a/**/b",), ("/a/$x", "/a/$x/**"), ("/a/**", "/a/**"), ("/a/**/**",)],
)
def test_a_subtree_pattern_is_declared_only_in_its_form(patterns: tuple[str, ...]) -> None:
    """[AIN-PLAT-NATIVE-SUBTREE.1] `**` only as the last label, and one native's patterns
    have distinct bases: anything else is a bug in the declaring area."""
    with pytest.raises(ValueError):
        NativeDefinition("_test_bad", recording, patterns)
