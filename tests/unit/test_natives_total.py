"""
Every native and every block step is total: hostile calls and junk records meet a code.

DEVELOPERS.md and DESIGN.md: every rejection is a code from the one error table; no exception
escapes a transition; a failed transaction changes nothing but its replay counter; a record
that does not read back (only a genesis can place one) is handled as its clause says, never
by raising. Each area tests its own natives; these properties take every native of the
platform's table of areas at once, on the rich states the vectors' chains reach (see
``natives_total_scenes``), and apply every hostile transaction with ``apply_block``:

1. calls: junk values and near-valid calls (a vector's valid call with one field mutated) at
   each native's declared paths; the receipt's code is in the table, a refused transaction
   changes the state only at its signer's replay counter, and the supply is conserved;
2. junk records: area records, queues, counters, stakes and parameters replaced by junk
   values before a block of valid calls and an empty block; no exception, codes in the
   table, the last call atomic, the supply conserved, each step within its declared prefixes
   and write bound ([AIN-PLAT-STEP-BOUND.1]).

Clauses: [AIN-TX-ATOMIC.2], [AIN-ECON-SUPPLY.2], [AIN-PLAT-STEP-BOUND.1],
[AIN-PLAT-NATIVE-CONTEXT.2].
"""

from __future__ import annotations

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from ain_ref.chain import Receipt, sign_transaction
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.platform.blocks import Block, BlockResult, apply_block
from ain_ref.platform.params import PARAMETERS
from ain_ref.platform.steps import BLOCK_STEPS
from ain_ref.state.labels import Subtree
from ain_ref.state.natives import NativeDefinition, is_subtree_pattern, pattern_base
from ain_ref.state.paths import StatePath
from ain_ref.state.tree import StateTree
from ain_ref.state.values import check_state_value
from tests.unit.natives_total_scenes import (
    PROTOCOL_NATIVES,
    SEEDS,
    Exemplar,
    Scene,
    applied_blocks,
    clone,
    exemplars_by_native,
    junk_values,
    leaves,
    mutated,
    record_paths,
    record_roots,
    scene_blocks,
    signer_counter,
    state_before,
    state_junk,
    supply_of,
)

HostileCall = tuple[Scene, int, tuple[bytes, ...], bytes]
"""A scene, a block index, the block's transactions before the call, and the call."""

RECEIPT_STATUSES = ("SUCCESS", "FAILED", "REJECTED")


def assert_receipt_in_table(receipt: Receipt) -> None:
    """A receipt's status is one of three and every code it carries is in the error table."""
    assert receipt.status in RECEIPT_STATUSES
    assert (receipt.code is None) == (receipt.status == "SUCCESS")
    for code in (receipt.code, *receipt.operation_codes):
        assert code is None or (isinstance(code, ErrorCode) and ErrorCode(code.value) is code)


def assert_block_in_table(result: BlockResult | Rejection) -> BlockResult:
    """The block was applied, and each receipt and step receipt carries only table codes."""
    assert isinstance(result, BlockResult), result
    for receipt in result.receipts:
        assert_receipt_in_table(receipt)
    for step_receipt in result.steps:
        step = BLOCK_STEPS[step_receipt.step_id]
        assert step_receipt.code is None or isinstance(step_receipt.code, ErrorCode)
        assert 0 <= step_receipt.writes <= step.max_writes  # [AIN-PLAT-STEP-BOUND.1]
    return result


def assert_only_counter_changed(
    with_it: StateTree, without_it: StateTree, data: bytes, receipt: Receipt
) -> None:
    """
    [AIN-TX-ATOMIC.2] A refused transaction's block leaves the state the block without it
    leaves, except (FAILED) the signer's replay counter.
    """
    if receipt.status == "SUCCESS":
        return
    if receipt.status == "FAILED":
        path = signer_counter(data)
        assert path is not None
        without_it.set_value(path, with_it.value_at(path))
    if with_it.root_hash() != without_it.root_hash():
        raise AssertionError(f"changed: {changed_paths_all(with_it, without_it)[:20]}")


def apply_both(
    scene: Scene, index: int, prefix: tuple[bytes, ...], hostile: bytes
) -> tuple[StateTree, BlockResult, StateTree]:
    """
    Block ``index`` of a scene, its first transactions then the hostile one, applied to a copy
    of the state before it; and the same block without the hostile transaction.
    """
    block = scene.blocks[index]
    with_it = state_before(scene, index)
    result = assert_block_in_table(
        apply_block(with_it, scene.chain_id, Block(block.height, block.time, (*prefix, hostile)))
    )
    without_it = state_before(scene, index)
    assert_block_in_table(
        apply_block(without_it, scene.chain_id, Block(block.height, block.time, prefix))
    )
    assert_only_counter_changed(with_it, without_it, hostile, result.receipts[-1])
    return with_it, result, without_it


# --- 1. calls ---------------------------------------------------------------------------------


@st.composite
def near_valid_call(draw: st.DrawFn, native: NativeDefinition) -> HostileCall:
    """
    A vector's valid call of ``native`` with its value mutated once, re-signed by its signer
    with the same nonce, in the block it was made in after the transactions before it.
    Returns the scene, the block index, the transactions before it joined, and the call.
    """
    exemplar: Exemplar = draw(
        st.sampled_from(exemplars_by_native()[native.fid]).filter(
            lambda exemplar: exemplar.block_index in applied_blocks(exemplar.scene)
        )
    )
    body = dict(exemplar.body)
    operation = dict(body["operation"])  # type: ignore[arg-type]
    operation["value"] = draw(mutated(exemplar.value))
    body["operation"] = operation
    hostile = sign_transaction(exemplar.seed, body)
    block = exemplar.scene.blocks[exemplar.block_index]
    prefix = block.transactions[: exemplar.transaction_index]
    note(f"{exemplar.scene.name} block {exemplar.block_index} value {operation['value']!r:.300}")
    return exemplar.scene, exemplar.block_index, prefix, hostile


def native_path(draw: st.DrawFn, native: NativeDefinition, signer: str, key: str) -> str:
    """A path at one of the native's patterns, its variables filled with parties or junk."""
    pattern = draw(st.sampled_from(native.patterns))
    kinds = sorted(
        {exemplar.bindings["kind"] for exemplar in exemplars_by_native()[native.fid]}
        if "$kind" in pattern
        else set()
    )
    parameter_parts = sorted({part for key_text in PARAMETERS for part in key_text.split("/")})
    labels = []
    for label in pattern_base(pattern):
        name = label[1:]
        if not label.startswith("$"):
            labels.append(label)
        elif name == "kind" and kinds:
            labels.append(draw(st.sampled_from((*kinds, "unknown_kind"))))
        elif name == "key":
            labels.append(key)
        elif name in native.parties:
            labels.append(draw(st.sampled_from((signer, signer, *sorted(SEEDS)[:6], "x1"))))
        else:
            labels.append(draw(st.sampled_from((*parameter_parts, "junk"))))
    if is_subtree_pattern(pattern):
        labels += draw(st.lists(st.sampled_from(("a", "b", "0")), max_size=2))
    return "/" + "/".join(labels)


@st.composite
def junk_call(draw: st.DrawFn, native: NativeDefinition) -> HostileCall:
    """
    A known account's SET_VALUE (or INC_VALUE) of a junk value or of another vector's call,
    mutated, at one of ``native``'s paths, before some block of some scene.
    """
    scene, index = draw(scene_blocks())
    state = state_before(scene, index)
    accounts = state.value_at(StatePath(Subtree.VALUES, ("accounts",)))
    known = sorted(address for address in (accounts or {}) if address in SEEDS)
    signer = draw(st.sampled_from(known or sorted(SEEDS)[:3]))
    nonce_value = state.value_at(StatePath(Subtree.VALUES, ("accounts", signer, "nonce")))
    nonce = nonce_value if isinstance(nonce_value, int) else 0
    path = native_path(draw, native, signer, str(nonce))
    exemplars = exemplars_by_native()[native.fid]
    if exemplars and draw(st.booleans()):
        value: CborValue = draw(mutated(draw(st.sampled_from(exemplars)).value))
    else:
        value = draw(junk_values())
    operation_type = draw(st.sampled_from(("SET_VALUE", "SET_VALUE", "SET_VALUE", "INC_VALUE")))
    operation: dict[str, CborValue] = {"type": operation_type, "ref": path}
    if operation_type == "INC_VALUE":
        operation["value"] = value if isinstance(value, int) else 1
    else:
        operation["value"] = value
    body: dict[str, CborValue] = {
        "chain_id": scene.chain_id,
        "nonce": nonce,
        "timestamp": scene.blocks[index].time,
        "operation": operation,
    }
    note(f"{scene.name} block {index} {operation!r:.400}")
    return scene, index, (), sign_transaction(SEEDS[signer], body)


def hostile_calls(
    native: NativeDefinition,
) -> st.SearchStrategy[HostileCall]:
    """Near-valid calls when some vector calls the native, and junk calls always."""
    if exemplars_by_native()[native.fid]:
        return st.one_of(near_valid_call(native), junk_call(native))
    return junk_call(native)


@pytest.mark.parametrize("native", PROTOCOL_NATIVES, ids=lambda native: native.fid)
@given(data=st.data())
def test_hostile_calls_end_in_a_code(native: NativeDefinition, data: st.DataObject) -> None:
    """
    [AIN-TX-ATOMIC.2] [AIN-ECON-SUPPLY.2] [AIN-PLAT-NATIVE-CONTEXT.2] A hostile call at any
    native's paths, in a block of a rich chain, raises nothing: its receipt's code is in the
    table, a refused one changes nothing but its signer's replay counter, and every block
    conserves the supply.
    """
    scene, index, prefix, hostile = data.draw(hostile_calls(native))
    before = supply_of(state_before(scene, index))
    with_it, _, _ = apply_both(scene, index, prefix, hostile)
    assert supply_of(with_it) == before


def test_every_native_is_reached() -> None:
    """Each native of the table has junk calls, and each one some vector calls, near-valid ones."""
    assert {native.fid for native in PROTOCOL_NATIVES} == set(exemplars_by_native())
    called = {fid for fid, exemplars in exemplars_by_native().items() if exemplars}
    assert called >= {"_economy", "_execution", "_governance", "_transfer", "_bond", "_unbond"}
    assert called >= {"_jobsRegister", "_jobsUpdate", "_jobsRetire"}


# --- 2. junk records --------------------------------------------------------------------------


@st.composite
def junk_records(draw: st.DrawFn) -> tuple[Scene, int, StateTree, list[str]]:
    """
    The state before some block of some scene with one to three area records replaced by
    junk (or removed), as only a genesis could place them.
    """
    scene, index = draw(scene_blocks())
    state = state_before(scene, index)
    roots = record_roots()
    height = scene.blocks[index].height
    candidates = record_paths(state, roots)
    fresh = [
        (*root, str(at)) for root in roots if root != ("accounts",) for at in (height, height + 1)
    ]
    replaced = []
    for _ in range(draw(st.integers(1, 3))):
        labels = draw(st.sampled_from(candidates or fresh) | st.sampled_from(fresh))
        path = StatePath(Subtree.VALUES, labels)
        value = draw(junk_record(state.value_at(path), len(labels)))
        state.set_value(path, value)
        replaced.append(f"/{'/'.join(labels)} = {value!r:.200}")
    state.commit()
    note(f"{scene.name} block {index}: {replaced}")
    return scene, index, state, replaced


@st.composite
def junk_record(draw: st.DrawFn, record: CborValue, depth: int) -> CborValue:
    """
    What replaces a record: nothing (one time in six), the record with one field mutated
    (when that is still storable), or any storable junk.
    """
    choice = draw(st.integers(0, 5))
    if choice == 0:
        return None
    if choice <= 2 and isinstance(record, dict):
        changed = draw(mutated(record))
        if changed is not None and check_state_value(changed, depth) is None:
            return changed
    return draw(state_junk(depth))


def assert_steps_confined(before: StateTree, after: StateTree) -> None:
    """[AIN-PLAT-STEP-BOUND.1] An empty block changes /values only under its steps' prefixes."""
    prefixes = [
        tuple(prefix[1:].split("/")) for step in BLOCK_STEPS.values() for prefix in step.prefixes
    ]
    prefixes.append(("platform", "last_block"))
    for text in changed_paths_all(before, after):
        labels = tuple(text[1:].split("/"))
        assert any(labels[: len(prefix)] == prefix for prefix in prefixes), text


def changed_paths_all(first: StateTree, second: StateTree) -> list[str]:
    """Every /values leaf two trees disagree on."""
    first_leaves, second_leaves = leaves(first), leaves(second)
    return [
        "/" + "/".join(labels)
        for labels in sorted(first_leaves.keys() | second_leaves.keys())
        if first_leaves.get(labels) != second_leaves.get(labels)
    ]


@given(junk=junk_records())
def test_junk_records_end_in_a_code(junk: tuple[Scene, int, StateTree, list[str]]) -> None:
    """
    [AIN-TX-ATOMIC.2] [AIN-PLAT-STEP-BOUND.1] With junk area records, the scene's next block
    of valid calls and then an empty block raise nothing, every code is in the table, the
    last transaction, if refused, changes nothing but its replay counter, the supply as the
    tree counts it (junk counting 0) is conserved, and the steps write only under their
    prefixes, at most their bound.
    """
    scene, index, state, _ = junk
    block = scene.blocks[index]
    supply = supply_of(state)
    without_last = clone(state)
    result = assert_block_in_table(apply_block(state, scene.chain_id, block))
    if block.transactions:
        shorter = Block(block.height, block.time, block.transactions[:-1])
        assert_block_in_table(apply_block(without_last, scene.chain_id, shorter))
        last = block.transactions[-1]
        assert_only_counter_changed(state, without_last, last, result.receipts[-1])
    assert supply_of(state) == supply
    before_empty = clone(state)
    empty = Block(block.height + 1, block.time, ())
    assert_block_in_table(apply_block(state, scene.chain_id, empty))
    assert supply_of(state) == supply
    assert_steps_confined(before_empty, state)
