"""Unit tests of the platform's registration mechanism: confinement, registry, steps, blocks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ain_ref.chain import BlockContext, apply_transaction, build_genesis
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.platform.areas import PROTOCOL_AREAS
from ain_ref.platform.blocks import Block, BlockResult, apply_block
from ain_ref.platform.genesis import GenesisSpec, areas_document, build_protocol_genesis
from ain_ref.platform.steps import END, BlockStep, StepContext, run_step, steps_of_phase
from ain_ref.state.labels import Subtree
from ain_ref.state.natives import NATIVE_REGISTRY, FunctionCall, register_native
from ain_ref.state.paths import StatePath
from ain_ref.state.tree import StateTree
from tests.fillers.state.common import (
    ALICE,
    ALICE_SEED,
    BLOCK_TIME,
    CHAIN_ID,
    set_value,
    transaction,
)

SEEN: list[FunctionCall] = []


def recording_native(call: FunctionCall) -> Rejection | None:
    """A test native that remembers what it was given."""
    SEEN.append(call)
    return None


register_native("_test_recorder", recording_native, ("/recorded/$who",), ("who",))


def test_a_native_fires_only_at_a_declared_pattern() -> None:
    """[AIN-PLAT-NATIVE-CALL.1] A config that reached a path outside the native's patterns (here
    written past every check, straight into the tree) fails the transaction when it fires."""
    tree = build_genesis({"rules": {"/": {"write": True}}})
    assert isinstance(tree, StateTree)
    entry = {"_test_recorder": {"function_type": "NATIVE", "function_id": "_test_recorder"}}
    tree.set_config(StatePath(Subtree.FUNCTIONS, ("elsewhere", "$who", ".function")), entry)
    tree.commit()
    context = BlockContext(CHAIN_ID, BLOCK_TIME, 3)
    receipt = apply_transaction(
        tree, bytes.fromhex(transaction(ALICE_SEED, set_value("/elsewhere/x", 1))), context
    )
    assert receipt.code is ErrorCode.NATIVE_NOT_DECLARED_HERE


def test_a_native_sees_its_context_and_nothing_else() -> None:
    """[AIN-PLAT-NATIVE-CONTEXT.2] [AIN-PLAT-NATIVE-PLACEMENT.1] Configured at its declared
    pattern, the native receives the block's height and time, the transaction's hash, its
    pattern's variables, and no caller for a signer's write."""
    entry = {"_test_recorder": {"function_type": "NATIVE", "function_id": "_test_recorder"}}
    tree = build_genesis({"rules": {"/": {"write": True}}, "functions": {"/recorded/$who": entry}})
    assert isinstance(tree, StateTree)
    SEEN.clear()
    data = bytes.fromhex(transaction(ALICE_SEED, set_value("/recorded/alice", 7)))
    receipt = apply_transaction(tree, data, BlockContext(CHAIN_ID, BLOCK_TIME, 42))
    assert receipt.status == "SUCCESS"
    (call,) = SEEN
    assert (call.block_height, call.block_time, call.caller) == (42, BLOCK_TIME, None)
    assert call.transaction_hash == receipt.transaction_hash
    assert call.params == {"who": "alice"} and call.signer == ALICE and call.value == 7
    names = {attribute.name for attribute in FunctionCall.__attrs_attrs__}
    assert names == {
        "fid",
        "path",
        "params",
        "value",
        "signer",
        "block_height",
        "block_time",
        "transaction_hash",
        "caller",
        "write",
        "read",
    }


def test_the_registry_does_not_depend_on_imports() -> None:
    """[AIN-PLAT-AREA.1] A program that imports only the state layer sees every protocol
    native, parameter and step."""
    program = (
        "import ain_ref.state.apply\n"
        "from ain_ref.state.natives import NATIVE_REGISTRY\n"
        "from ain_ref.platform.params import PARAMETERS\n"
        "from ain_ref.platform.steps import BLOCK_STEPS\n"
        "print(sorted(NATIVE_REGISTRY), sorted(PARAMETERS), sorted(BLOCK_STEPS))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    natives = sorted(native.fid for area in PROTOCOL_AREAS for native in area.natives)
    assert all(f"'{fid}'" in result.stdout for fid in natives)
    assert "'staking/unbonding_delay'" in result.stdout
    assert "'staking/mature_unbondings'" in result.stdout
    assert {fid for fid in NATIVE_REGISTRY if not fid.startswith("_test")} == set(natives)


def test_a_step_is_confined_to_its_prefixes_and_bound() -> None:
    """[AIN-PLAT-STEP-BOUND.1] A write outside the prefixes, or past max_writes, is refused
    with BLOCK_STEP_OUT_OF_BOUNDS and undoes the step's writes; within them, it stands."""
    tree = build_genesis({"values": {"/kept": 1}})
    assert isinstance(tree, StateTree)
    root = tree.root_hash()

    def writes(count: int, where: str):  # type: ignore[no-untyped-def]
        def run(context: StepContext) -> Rejection | None:
            for index in range(count):
                rejection = context.write(f"{where}/{index}", index + 1)
                if rejection is not None:
                    return rejection
            return None

        return run

    def step(count: int, where: str) -> BlockStep:
        return BlockStep("test", "writer", END, 0, ("/mine",), 2, writes(count, where))

    over = run_step(tree, 1, 0, step(3, "/mine"))
    outside = run_step(tree, 1, 0, step(1, "/other"))
    assert over.code is ErrorCode.BLOCK_STEP_OUT_OF_BOUNDS and over.writes == 0
    assert outside.code is ErrorCode.BLOCK_STEP_OUT_OF_BOUNDS
    assert tree.root_hash() == root
    within = run_step(tree, 1, 0, step(2, "/mine"))
    assert within.code is None and within.writes == 2
    assert tree.value_at(StatePath(Subtree.VALUES, ("mine",))) == {"0": 1, "1": 2}


def test_steps_run_in_priority_then_id_order() -> None:
    """[AIN-PLAT-STEP-ORDER.1] The registered end steps, in (priority, id) order."""
    steps = steps_of_phase(END)
    keys = [(step.priority, step.step_id.encode()) for step in steps]
    assert keys == sorted(keys) and "staking/mature_unbondings" in [s.step_id for s in steps]


def test_block_checks_in_order_and_refused_blocks_change_nothing() -> None:
    """[AIN-PLAT-BLOCK-CHECKS.1] Height first, then time, then length; a refused block leaves
    the root as it was."""
    tree = build_protocol_genesis(
        GenesisSpec(
            total_supply=10,
            allocations={ALICE: 10},
            parameters={"platform/max_block_transactions": 1},
        )
    )
    assert isinstance(tree, StateTree)
    first = apply_block(tree, CHAIN_ID, Block(1, 100, ()))
    assert isinstance(first, BlockResult)
    root = tree.root_hash()
    for bad, code in (
        (Block(3, 50, (b"", b"")), ErrorCode.BLOCK_HEIGHT_NOT_NEXT),
        (Block(2, 50, (b"", b"")), ErrorCode.BLOCK_TIME_BEFORE_PARENT),
        (Block(2, 100, (b"", b"")), ErrorCode.BLOCK_TOO_MANY_TRANSACTIONS),
    ):
        result = apply_block(tree, CHAIN_ID, bad)
        assert isinstance(result, Rejection) and result.code is code
        assert tree.root_hash() == root
    assert isinstance(apply_block(tree, CHAIN_ID, Block(2, 100, (b"",))), BlockResult)


def test_a_step_cannot_store_a_parameter_that_does_not_fit() -> None:
    """[AIN-PLAT-PARAM-GUARD.1] A block step's parameter writes are checked like the guard's:
    a path that is no parameter, a value out of bounds, or a broken constraint fails the step
    and undoes it; a fitting value stands."""
    tree = build_protocol_genesis(GenesisSpec(total_supply=10, allocations={ALICE: 10}))
    assert isinstance(tree, StateTree)
    root = tree.root_hash()

    def step(path: str, value: int) -> BlockStep:
        def run(context: StepContext) -> Rejection | None:
            return context.write(path, value)

        return BlockStep("test", "activate", END, 0, ("/params",), 1, run)

    for path, value, code in (
        ("/params/staking", 5, ErrorCode.PARAM_UNKNOWN),
        ("/params/staking/unbonding_delay", 0, ErrorCode.PARAM_OUT_OF_BOUNDS),
        ("/params/staking/min_delegation", 10**10 + 1, ErrorCode.PARAM_CONSTRAINT_VIOLATED),
    ):
        assert run_step(tree, 1, 0, step(path, value)).code is code
        assert tree.root_hash() == root
    assert run_step(tree, 1, 0, step("/params/staking/unbonding_delay", 7)).code is None
    assert tree.value_at(StatePath(Subtree.VALUES, ("params", "staking", "unbonding_delay"))) == 7


U64_MAX = 2**64 - 1
I64_MIN = -(2**63)


def arithmetic_step(kind: str, path: str, delta: int) -> BlockStep:
    """A step that makes one increment or decrement under /mine."""

    def run(context: StepContext) -> Rejection | None:
        if kind == "increment":
            return context.increment(path, delta)
        return context.decrement(path, delta)

    return BlockStep("test", kind, END, 0, ("/mine",), 1, run)


def test_a_step_adds_and_subtracts_as_inc_and_dec_value() -> None:
    """[AIN-PLAT-STEP-ARITHMETIC.1] A step's increment and decrement take INC_VALUE's and
    DEC_VALUE's checks and codes: absent is 0, a non-integer is refused, the result reaching
    exactly 2**64 - 1 or exactly -2**63 is written and one past either is refused; a refusal
    undoes the step; the arithmetic is checked before the step's prefixes."""
    tree = build_genesis(
        {"values": {"/mine/top": U64_MAX - 2, "/mine/bottom": I64_MIN + 2, "/mine/text": "x"}}
    )
    assert isinstance(tree, StateTree)
    root = tree.root_hash()
    refused = (
        ("increment", "/mine/top", 3, ErrorCode.INC_RESULT_OUT_OF_RANGE),
        ("decrement", "/mine/top", -3, ErrorCode.DEC_RESULT_OUT_OF_RANGE),
        ("decrement", "/mine/bottom", 3, ErrorCode.DEC_RESULT_OUT_OF_RANGE),
        ("increment", "/mine/bottom", -3, ErrorCode.INC_RESULT_OUT_OF_RANGE),
        ("increment", "/mine/text", 1, ErrorCode.INC_TARGET_NOT_INTEGER),
        ("decrement", "/mine/text", 1, ErrorCode.DEC_TARGET_NOT_INTEGER),
        ("increment", "/mine", 1, ErrorCode.INC_TARGET_NOT_INTEGER),
        ("increment", "/kept", 1, ErrorCode.BLOCK_STEP_OUT_OF_BOUNDS),
        ("increment", "/other/text", 1, ErrorCode.BLOCK_STEP_OUT_OF_BOUNDS),
    )
    for kind, path, delta, code in refused:
        receipt = run_step(tree, 1, 0, arithmetic_step(kind, path, delta))
        assert (receipt.code, receipt.writes) == (code, 0), (kind, path, delta)
        assert tree.root_hash() == root
    accepted = (
        ("increment", "/mine/top", 2, U64_MAX),
        ("decrement", "/mine/bottom", 2, I64_MIN),
        ("increment", "/mine/absent", 5, 5),
        ("decrement", "/mine/gone", 5, -5),
    )
    for kind, path, delta, stored in accepted:
        receipt = run_step(tree, 1, 0, arithmetic_step(kind, path, delta))
        assert (receipt.code, receipt.writes) == (None, 1), (kind, path, delta)
        assert tree.value_at(StatePath(Subtree.VALUES, tuple(path[1:].split("/")))) == stored


def test_a_step_and_a_transaction_compute_the_same_arithmetic() -> None:
    """[AIN-PLAT-STEP-ARITHMETIC.1] Over stored values and deltas around both ends of the
    range, a step's increment stores what INC_VALUE stores, or fails with its code."""
    for stored in (None, 0, 7, "x", True, {"a": 1}, U64_MAX, U64_MAX - 1, I64_MIN, I64_MIN + 1):
        for delta in (-2, -1, 0, 1, 2):
            values: dict[str, object] = {} if stored is None else {"/mine/n": stored}
            by_step = build_genesis({"values": values, "rules": {"/": {"write": True}}})
            by_operation = build_genesis({"values": values, "rules": {"/": {"write": True}}})
            assert isinstance(by_step, StateTree) and isinstance(by_operation, StateTree)
            receipt = run_step(by_step, 1, 0, arithmetic_step("increment", "/mine/n", delta))
            operation = {"type": "INC_VALUE", "ref": "/mine/n", "value": delta}
            data = bytes.fromhex(transaction(ALICE_SEED, operation))
            result = apply_transaction(by_operation, data, BlockContext(CHAIN_ID, BLOCK_TIME))
            assert result.status in ("SUCCESS", "FAILED")
            assert receipt.code == result.code
            assert by_step.value_at(StatePath(Subtree.VALUES, ("mine",))) == (
                by_operation.value_at(StatePath(Subtree.VALUES, ("mine",)))
            )


def platform_codes() -> list[ErrorCode]:
    """The codes of the platform's section of the error table (clauses AIN-PLAT-*)."""
    return [code for code in ErrorCode if code.clause.startswith("AIN-PLAT-")]


def test_every_platform_code_is_expected_by_a_platform_vector() -> None:
    """
    [AIN-CONV-REJECTION.1] Each platform code is the expected outcome somewhere in
    vectors/platform: a handler's rejection, a block's code, a receipt's or a step's code.
    """
    expected = [
        json.dumps(json.loads(path.read_text())["expected"])
        for path in (Path(__file__).parents[2] / "vectors" / "platform").rglob("*.json")
    ]
    codes = platform_codes()
    assert len(codes) >= 17
    for code in codes:
        assert any(f'"{code.value}"' in text for text in expected), code


def test_apply_blocks_refuses_malformed_queries_as_inputs() -> None:
    """
    [AIN-PLAT-STAKE-POWER.1] [AIN-PLAT-PARAM-READ.1] [AIN-PLAT-STAKE-HISTORY.1] A query for a
    text that is not an address, a height that is not a decimal string, an unknown
    constituency, or an unregistered parameter query, is a malformed input, not a code.
    """
    import pytest

    from ain_ref.conformance.handlers import find_handler
    from ain_ref.conformance.typed_json import HandlerInputError

    handler = find_handler("platform", "apply_blocks")
    assert handler is not None
    genesis = {"total_supply": "10", "allocations": {ALICE: "10"}}
    for queries in (
        {"voting_power": [{"validator": "x/1", "height": "0"}]},
        {"parameters": ["staking/nothing"]},
        {"stake": [{"delegator": ALICE, "validator": "x", "height": "0"}]},
        {"delegations": [{"delegator": ALICE, "height": "01"}]},
        {"total_bonded": [0]},
        {"weights": [{"account": ALICE, "constituency": "voters", "height": "0"}]},
        {"constituency_totals": [{"constituency": "Validators", "height": "0"}]},
    ):
        with pytest.raises(HandlerInputError):
            handler.run({"genesis": genesis, "chain_id": "7", "blocks": [], "queries": queries})
    answer = handler.run(
        {
            "genesis": genesis,
            "chain_id": "7",
            "blocks": [],
            "queries": {"voting_power": [{"validator": ALICE, "height": "-1"}]},
        }
    )
    assert isinstance(answer, dict) and answer["voting_power"] == ["0"]


def natives_table_of_the_spec() -> dict[str, tuple[str, str]]:
    """The rows of spec/platform.md's table of natives: id to (patterns cell, parties cell)."""
    spec = Path(__file__).parents[2] / "spec" / "platform.md"
    rows: dict[str, tuple[str, str]] = {}
    for line in spec.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`_"):
            rows[cells[0].strip("`")] = (cells[1], cells[2])
    return rows


def test_the_spec_table_of_natives_is_the_registry() -> None:
    """[AIN-PLAT-NATIVES.1] The natives registered are exactly the rows of the prose's table,
    with the same patterns and parties (the table is where a client of the state area finds
    every native it must implement)."""
    table = natives_table_of_the_spec()
    protocol = {native.fid: native for area in PROTOCOL_AREAS for native in area.natives}
    assert set(table) == set(protocol)
    for fid, (patterns_cell, parties_cell) in table.items():
        definition = protocol[fid]
        assert NATIVE_REGISTRY[fid] == definition
        assert list(definition.patterns) == patterns_cell.split("`")[1::2], fid
        parties = [cell.strip(" `") for cell in parties_cell.split(",")]
        assert list(definition.parties) == parties, fid


def genesis_table_of_the_spec() -> dict[tuple[str, str], object]:
    """The rows of [AIN-PLAT-GENESIS-AREAS.1]'s table: (section, path) -> entry."""
    text = (Path(__file__).parents[2] / "spec" / "platform.md").read_text(encoding="utf-8")
    lines = text[text.index("| section | path | entry |") :].splitlines()[2:]
    rows: dict[tuple[str, str], object] = {}
    for line in lines:
        if not line.startswith("|"):
            break
        section, path, entry = (cell.strip() for cell in line.strip("|").split(" | "))
        rows[section.strip("`"), path.split("`")[1]] = json.loads(
            entry.strip("`").replace("\\|", "|")
        )
    return rows


def test_the_spec_table_of_genesis_entries_is_the_areas_registration() -> None:
    """[AIN-PLAT-GENESIS-AREAS.1] The prose's table of genesis entries is exactly what the
    areas register (a subtree pattern configured at its base path)."""
    document = areas_document(PROTOCOL_AREAS)
    registered = {
        (section, path): entry
        for section, entries in document.items()
        for path, entry in entries.items()
    }
    assert genesis_table_of_the_spec() == registered


def steps_table_of_the_spec() -> dict[str, tuple[str, int, tuple[str, ...], int]]:
    """The rows of [AIN-PLAT-STEP-ORDER.1]'s table: id -> (phase, priority, prefixes, bound)."""
    text = (Path(__file__).parents[2] / "spec" / "platform.md").read_text(encoding="utf-8")
    start = text.index("| id                          | phase | priority |")
    rows: dict[str, tuple[str, int, tuple[str, ...], int]] = {}
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        step_id, phase, priority, prefixes, bound = (c.strip() for c in line.strip("|").split("|"))
        rows[step_id.strip("`")] = (
            phase,
            int(priority),
            tuple(prefixes.split("`")[1::2]),
            int(bound),
        )
    return rows


def test_the_spec_table_of_steps_is_the_registry() -> None:
    """[AIN-PLAT-STEP-ORDER.1] The prose's step table lists every registered step of every area
    with its phase, priority, prefixes and write bound (an outsider client of governance had to
    learn `execution/expire_tasks` from a vector when the table missed it)."""
    protocol = {step.step_id: step for area in PROTOCOL_AREAS for step in area.steps}
    table = steps_table_of_the_spec()
    assert set(table) == set(protocol)
    for step_id, (phase, priority, prefixes, bound) in table.items():
        step = protocol[step_id]
        assert (step.phase, step.priority, step.prefixes, step.max_writes) == (
            phase,
            priority,
            prefixes,
            bound,
        ), step_id


def rows_of_spec_table(header: str) -> list[list[str]]:
    """The cells of the table in spec/platform.md whose header line starts with ``header``."""
    text = (Path(__file__).parents[2] / "spec" / "platform.md").read_text(encoding="utf-8")
    rows = []
    for line in text[text.index(header) :].splitlines()[2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split(" | ")])
    return rows


def test_the_spec_tables_of_parameters_and_constraints_are_the_registry() -> None:
    """[AIN-PLAT-PARAM-REGISTRY.1] [AIN-PLAT-PARAM-CONSTRAINTS.1] The prose lists every area's
    parameters (kind, default, bounds, unit) and every cross-constraint, so a client knows which
    keys are PARAM_UNKNOWN from one table (the governance outsider had to grep five documents)."""
    parameters = [p for area in PROTOCOL_AREAS for p in area.parameters]
    table = rows_of_spec_table("| key ")
    expected = [
        [f"`{p.key}`", p.kind, str(p.default), str(p.minimum), str(p.maximum), p.unit]
        for p in parameters
    ]
    assert table == expected
    constraints = sorted(
        (c for area in PROTOCOL_AREAS for c in area.constraints), key=lambda c: c.name.encode()
    )
    assert rows_of_spec_table("| name ") == [
        [f"`{c.name}`", f"`{c.statement}`"] for c in constraints
    ]
