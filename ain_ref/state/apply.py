"""
Applying operations to the state: the checks each one needs, the write, and its triggers.

Value writes (SET_VALUE, INC_VALUE, DEC_VALUE) are governed by write rules; config writes
(SET_RULE, SET_OWNER, SET_FUNCTION) by owners. A value write then fires the functions configured
at its path: native ones run here, event ones are recorded for the receipt.

Spec: spec/state.md, "Operations", "Write rules", "Owners", "Functions".
Layer: state. Imports the rest of state; never economy, jobs, chain or consensus.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import attrs

from ain_ref.encoding import INTEGER_MAX, INTEGER_MIN, CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.state.configs import (
    FUNCTION_OWNER_PREFIX,
    WILDCARD_OWNER,
    merged_function_config,
    merged_owner_config,
    merged_rule_config,
)
from ain_ref.state.counters import touches_replay_counter
from ain_ref.state.labels import ConfigLabel, Subtree
from ain_ref.state.matching import (
    Match,
    closest_owner_config,
    config_of,
    match_pattern_path,
    variable_conflict,
    write_rule_facts,
)
from ain_ref.state.natives import (
    NO_ENVIRONMENT,
    CallEnvironment,
    FunctionCall,
    check_native_placement,
    native_definition,
    native_for_call,
)
from ain_ref.state.operations import (
    DecValue,
    IncValue,
    Operation,
    SetFunction,
    SetList,
    SetOwner,
    SetRule,
    SetValue,
    parse_operation,
)
from ain_ref.state.paths import StatePath
from ain_ref.state.rules import RuleContext, evaluate_rule, rule_path
from ain_ref.state.rules.values import EvaluationError
from ain_ref.state.tree import StateTree

MAX_FUNCTION_DEPTH: Final = 8
"""Native functions nest at most 8 calls deep [AIN-STATE-FUNCTION-DEPTH.1]."""


@attrs.define
class Transition:
    """
    The changes of one transaction in progress: the tree, who signed, and what it emitted.

    ``events``, ``work`` and ``operation_codes`` belong to the receipt; ``call_stack`` holds
    the native functions running, innermost last.
    """

    tree: StateTree
    signer: str
    current_time: int  # what rules read as currentTime: the block's time [AIN-PLAT-CURRENT-TIME.1]
    events: list[dict[str, CborValue]] = attrs.field(factory=list)
    work: int = 0
    call_stack: list[str] = attrs.field(factory=list)
    operation_codes: list[ErrorCode | None] = attrs.field(factory=list)
    environment: CallEnvironment = NO_ENVIRONMENT  # block height, time, tx hash for natives

    def auth(self, fid: str | None) -> dict[str, CborValue]:
        """What rules see as ``auth``: the signer, and the function writing, if any."""
        return {"addr": self.signer, "fid": fid}


def apply_operation(
    transition: Transition, operation: Operation, fid: str | None = None
) -> Rejection | None:
    """
    Apply one operation on behalf of the signer (``fid`` None) or of a native function.

    The signer's own operations (the transaction's, or each of its SET's) leave their codes in
    ``transition.operation_codes``, None for one applied, up to the first that fails.

    References
    ----------
    [AIN-STATE-OPERATION.1] Each operation type has its own check and write.
    [AIN-TX-RECEIPT.2] Per-operation codes.
    """
    if isinstance(operation, SetList):
        return apply_set_list(transition, operation, fid)
    rejection = apply_single(transition, operation, fid)
    if fid is None:
        transition.operation_codes.append(None if rejection is None else rejection.code)
    return rejection


def apply_single(
    transition: Transition,
    operation: SetValue | IncValue | DecValue | SetRule | SetOwner | SetFunction,
    fid: str | None,
) -> Rejection | None:
    """
    Dispatch one operation that is not a SET to its function.

    References
    ----------
    [AIN-TX-COUNTER-PROTECTED.1] No value operation reaches a replay counter: checked first.
    """
    if isinstance(operation, SetValue | IncValue | DecValue) and touches_replay_counter(
        operation.path
    ):
        return Rejection(ErrorCode.TX_COUNTER_PROTECTED, operation.path.text())
    if isinstance(operation, SetValue):
        return write_value(transition, operation.path, operation.value, fid)
    if isinstance(operation, IncValue | DecValue):
        return apply_arithmetic(transition, operation, fid)
    return apply_config_change(transition, operation, fid)


def apply_set_list(transition: Transition, operation: SetList, fid: str | None) -> Rejection | None:
    """
    Apply a SET's operations in order; stop at the first failure.

    References
    ----------
    [AIN-STATE-SET.1] All or nothing: the caller rolls the whole transaction back.
    """
    for inner in operation.operations:
        rejection = apply_operation(transition, inner, fid)
        if rejection is not None:
            return rejection
    return None


def apply_arithmetic(
    transition: Transition, operation: IncValue | DecValue, fid: str | None
) -> Rejection | None:
    """
    INC_VALUE and DEC_VALUE: add or subtract a delta, then write through the rules.

    References
    ----------
    [AIN-STATE-INC-RANGE.1] [AIN-STATE-DEC-RANGE.1] The result is then written like SET_VALUE.
    """
    result = arithmetic_result(transition.tree, operation)
    if isinstance(result, Rejection):
        return result
    return write_value(transition, operation.path, result, fid)


def arithmetic_result(tree: StateTree, operation: IncValue | DecValue) -> int | Rejection:
    """
    The integer INC_VALUE or DEC_VALUE would write, or the rejection of its first failing check.

    The one implementation of the arithmetic checks: transactions and natives reach it through
    ``apply_arithmetic``, block steps through ``StepContext.increment`` and ``decrement``.

    Parameters
    ----------
    tree : StateTree
        The state the operation reads.
    operation : IncValue | DecValue
        The /values path and the delta.

    Returns
    -------
    int | Rejection
        The value to write, or the rejection.

    References
    ----------
    [AIN-STATE-INC.1] [AIN-STATE-DEC.1] An absent value counts as 0; any other non-integer
    (a map, a string, a boolean) is refused.
    [AIN-STATE-INC-RANGE.1] [AIN-STATE-DEC-RANGE.1] The result stays in -2**63 .. 2**64 - 1.
    """
    is_increment = isinstance(operation, IncValue)
    node = tree.node_at(operation.path)
    current: CborValue = 0 if node is None else node.value if node.is_leaf() else {}
    # [AIN-STATE-INC.1] [AIN-STATE-DEC.1] bool is an int in Python, never in the protocol.
    if type(current) is not int:
        code = (
            ErrorCode.INC_TARGET_NOT_INTEGER if is_increment else ErrorCode.DEC_TARGET_NOT_INTEGER
        )
        return Rejection(code, f"{operation.path.text()} holds no integer")
    result = current + operation.delta if is_increment else current - operation.delta
    # [AIN-STATE-INC-RANGE.1] [AIN-STATE-DEC-RANGE.1] Overflow is a rejection, not a wrap.
    if not INTEGER_MIN <= result <= INTEGER_MAX:
        code = (
            ErrorCode.INC_RESULT_OUT_OF_RANGE if is_increment else ErrorCode.DEC_RESULT_OUT_OF_RANGE
        )
        return Rejection(code, f"result {result}")
    return result


def write_value(
    transition: Transition, path: StatePath, value: CborValue, fid: str | None
) -> Rejection | None:
    """
    A value write: check the governing rule, write, then fire the path's functions.

    References
    ----------
    [AIN-STATE-RULE-MATCH.1] The deepest write rule on the matched rule path governs; with none,
    the write is refused (RULE_NOT_FOUND).
    [AIN-STATE-RULE-BELOW.1] A write whose rule path matches in full is refused when a write
    rule exists below it (RULE_BELOW_WRITE).
    [AIN-STATE-RULE-EVAL.2] The rule sees auth, data, newData, currentTime and the path
    variables.
    [AIN-STATE-RULE-WALK-VARIABLES.1] Every variable the walk bound, below the governing
    node too.
    [AIN-STATE-REPLACE.1] The write replaces the subtree.
    """
    tree = transition.tree
    match = match_pattern_path(tree, Subtree.RULES, path.labels)
    rule, has_rule_below = write_rule_facts(tree, match)
    if rule is None:
        return Rejection(ErrorCode.RULE_NOT_FOUND, path.text())
    if match.is_complete and has_rule_below:
        return Rejection(ErrorCode.RULE_BELOW_WRITE, path.text())
    context = RuleContext(
        tree=tree,
        auth=transition.auth(fid),
        data=path,
        new_data=value,
        current_time=transition.current_time,
        variables=match.variables,
    )
    rejection = evaluate_rule(rule, context)
    if rejection is not None:
        return rejection
    tree.set_value(path, value)
    transition.work += 1
    return fire_functions(transition, path, value)


def fire_functions(transition: Transition, path: StatePath, value: CborValue) -> Rejection | None:
    """
    Fire the functions configured at a written path, then the natives above it that cover it.

    Which functions fire, and in what order, is settled from the state just after the write,
    before any of them runs.

    References
    ----------
    [AIN-STATE-FUNCTION-MATCH.2] The functions tree is matched like the rules tree; a complete
    match fires the config at the matched node, in function id order; then each node of the
    walk above the written path, deepest first, fires the natives declared there for every
    path below it ([AIN-PLAT-NATIVE-SUBTREE.1]), in function id order, each id once per write.
    [AIN-STATE-FUNCTION-EVENT.1] An EVENT function appends an event to the receipt.
    [AIN-STATE-FUNCTION-NATIVE.1] A NATIVE function runs now; its writes go through the rules
    as the function; its rejection fails the transaction.
    [AIN-STATE-FUNCTION-DEPTH.1] A function already on the call stack is not called again;
    deeper than MAX_FUNCTION_DEPTH, the transaction fails.
    """
    match = match_pattern_path(transition.tree, Subtree.FUNCTIONS, path.labels)
    for firing in functions_to_fire(match, path.labels):
        if firing.is_event:
            transition.events.append(
                {
                    "fid": firing.fid,
                    "path": path.text(),
                    "params": dict(firing.variables),
                    "value": value,
                }
            )
            continue
        rejection = call_native(
            transition, firing.fid, path, firing.function_path, firing.variables, value
        )
        if rejection is not None:
            return rejection
    return None


@attrs.frozen
class Firing:
    """
    One function a write fires [AIN-STATE-FUNCTION-MATCH.2].

    Its id, whether it is an EVENT, the labels of the /functions path its config is at, and
    the variables the walk bound down to there.
    """

    fid: str
    is_event: bool
    function_path: tuple[str, ...]
    variables: dict[str, str]


def functions_to_fire(match: Match, labels: tuple[str, ...]) -> list[Firing]:
    """
    The functions a write at a path fires, in the order they fire.

    Parameters
    ----------
    match : Match
        The walk of the written path through the functions tree.
    labels : tuple[str, ...]
        The written path's labels.

    References
    ----------
    [AIN-STATE-FUNCTION-MATCH.2] First every entry of the config at the matched node (a
    complete walk), in function id order; then, for each node of the walk above the written
    path, deepest first, the NATIVE entries whose native is declared there for every path
    below it ([AIN-PLAT-NATIVE-SUBTREE.1]), in function id order; an id at most once.
    """
    firings: list[Firing] = []
    fired: set[str] = set()
    above = range(min(len(match.nodes), len(labels)) - 1, -1, -1)  # nodes above the path
    depths = [len(labels), *above] if match.is_complete else above
    for depth in depths:
        config = config_of(match.nodes[depth], ConfigLabel.FUNCTION)
        if not isinstance(config, dict):
            continue
        below = depth < len(labels)
        function_path = tuple([node.label for node in match.nodes[1 : depth + 1]])
        for fid in sorted(config):
            entry = config[fid]
            assert isinstance(entry, dict)
            if fid in fired or (below and not is_declared_below(fid, entry, function_path)):
                continue
            fired.add(fid)
            is_event = entry["function_type"] == "EVENT"
            # At the matched node, the walk's variables are all it bound.
            variables = walk_variables(function_path, labels) if below else match.variables
            firings.append(Firing(fid, is_event, function_path, variables))
    return firings


def is_declared_below(
    fid: str, entry: dict[str, CborValue], function_path: tuple[str, ...]
) -> bool:
    """Whether an entry is a registered native declared for every path below this one."""
    definition = native_definition(fid)
    return (
        entry["function_type"] == "NATIVE"
        and definition is not None
        and definition.is_declared_below(function_path)
    )


def walk_variables(function_path: tuple[str, ...], labels: tuple[str, ...]) -> dict[str, str]:
    """The variables the walk bound down to a node: each $name of its path to its label."""
    return {
        node_label[1:]: label
        for node_label, label in zip(function_path, labels, strict=False)
        if node_label.startswith("$")
    }


def native_reader(tree: StateTree) -> Callable[[str], CborValue]:
    """
    The reader a native receives: the value at a /values path text, null when absent.

    References
    ----------
    [AIN-PLAT-NATIVE-CONTEXT.2] A text that is no /values path (a label the subtree does not
    allow, more than MAX_PATH_DEPTH labels) reads as null, as nothing can be stored there: a
    native that builds a path from a call's field (a task id of 100 bytes is a label of 200
    hex digits) finds its record absent, never an exception.
    """

    def read(text: str) -> CborValue:
        try:
            path = rule_path(text, Subtree.VALUES)
        except EvaluationError:
            return None
        return tree.value_at(path)

    return read


def call_native(
    transition: Transition,
    fid: str,
    path: StatePath,
    function_path: tuple[str, ...],
    params: dict[str, str],
    value: CborValue,
) -> Rejection | None:
    """
    Run one native function with the call-stack rules and its confinement.

    References
    ----------
    [AIN-STATE-FUNCTION-DEPTH.1]
    [AIN-PLAT-NATIVE-CALL.1] It runs only where it declared it may be configured.
    [AIN-PLAT-NATIVE-CONTEXT.2] What it receives, and nothing else.
    """
    if fid in transition.call_stack:
        return None  # circular: the write stands, the function is not called again
    if len(transition.call_stack) >= MAX_FUNCTION_DEPTH:
        return Rejection(ErrorCode.FUNCTION_DEPTH_EXCEEDED, " > ".join(transition.call_stack))
    native = native_for_call(fid, function_path)
    if isinstance(native, Rejection):
        return native
    caller = transition.call_stack[-1] if transition.call_stack else None
    environment = transition.environment
    transition.call_stack.append(fid)
    try:
        return native.function(
            FunctionCall(
                fid=fid,
                path=path.labels,
                params=dict(params),
                value=value,
                signer=transition.signer,
                block_height=environment.block_height,
                block_time=environment.block_time,
                transaction_hash=environment.transaction_hash,
                caller=caller,
                write=native_writer(transition, fid),
                read=native_reader(transition.tree),
            )
        )
    finally:
        transition.call_stack.pop()


def native_writer(
    transition: Transition, fid: str
) -> Callable[[dict[str, CborValue]], Rejection | None]:
    """The ``write`` a native function gets: parse an operation and apply it as ``fid``."""

    def write(raw_operation: dict[str, CborValue]) -> Rejection | None:
        operation = parse_operation(raw_operation)
        if isinstance(operation, Rejection):
            return operation
        return apply_operation(transition, operation, fid)

    return write


def apply_config_change(
    transition: Transition, operation: SetRule | SetOwner | SetFunction, fid: str | None
) -> Rejection | None:
    """
    SET_RULE, SET_OWNER, SET_FUNCTION: check the owner permission, merge, write.

    Checks, in order: the owner permission, the change and the merged config, then (for a
    config written, not deleted) the variable conflict, then (SET_FUNCTION) native placement.

    References
    ----------
    [AIN-STATE-OWNER-PERMISSION.1] SET_RULE needs write_rule, SET_FUNCTION write_function,
    SET_OWNER write_owner where the governing config sits at the path itself, else
    branch_owner.
    [AIN-STATE-CONFIG-MERGE.1] The change merges into the current config.
    [AIN-STATE-RULE-VARIABLE.1] No second $variable beside an existing one.
    [AIN-PLAT-NATIVE-PLACEMENT.1] A NATIVE entry sits only at a pattern its native declared.
    """
    tree = transition.tree
    path = operation.path
    # [AIN-STATE-OWNER-PERMISSION.1] First: who may write here at all.
    permission_rejection = check_owner_permission(transition, operation, fid)
    if permission_rejection is not None:
        return permission_rejection
    # [AIN-STATE-CONFIG-MERGE.1] Then the change and the config it makes.
    config_path, merged = merged_config(tree, operation)
    if isinstance(merged, Rejection):
        return merged
    # [AIN-STATE-RULE-VARIABLE.1] Only for a config written (a delete adds no label).
    if merged is not None and isinstance(operation, SetRule | SetFunction):
        conflict = variable_conflict(tree, path)
        if conflict is not None:
            return Rejection(ErrorCode.RULE_VARIABLE_CONFLICT, f"{conflict} at {path.text()}")
    if isinstance(operation, SetFunction):  # [AIN-PLAT-NATIVE-PLACEMENT.1]
        placement = check_native_placement(path.labels, merged)
        if placement is not None:
            return placement
    tree.set_config(config_path, merged)
    transition.work += 1
    return None


def merged_config(
    tree: StateTree, operation: SetRule | SetOwner | SetFunction
) -> tuple[StatePath, CborValue | Rejection]:
    """Where the config lives, and what it becomes after the change."""
    if isinstance(operation, SetRule):
        config_path = operation.path.child(str(ConfigLabel.RULE))
        return config_path, merged_rule_config(tree.leaf_value_at(config_path), operation.change)
    if isinstance(operation, SetOwner):
        config_path = operation.path.child(str(ConfigLabel.OWNER))
        return config_path, merged_owner_config(tree.leaf_value_at(config_path), operation.change)
    config_path = operation.path.child(str(ConfigLabel.FUNCTION))
    return config_path, merged_function_config(tree.leaf_value_at(config_path), operation.change)


def check_owner_permission(
    transition: Transition, operation: SetRule | SetOwner | SetFunction, fid: str | None
) -> Rejection | None:
    """
    Whether the writer holds the permission a config write needs.

    References
    ----------
    [AIN-STATE-OWNER-MATCH.1] The closest owner config at or above the path governs; its entry
    for the writer ("fid:<fid>" for a function, else the signer's address), else its "*" entry.
    [AIN-STATE-OWNER-PERMISSION.1]
    """
    owner_path = operation.path.in_subtree(Subtree.OWNERS)
    config, depth = closest_owner_config(transition.tree, owner_path)
    if not isinstance(config, dict) or not isinstance(config.get("owners"), dict):
        return Rejection(ErrorCode.OWNER_PERMISSION_DENIED, "no owner config governs")
    owners = config["owners"]
    assert isinstance(owners, dict)
    key = FUNCTION_OWNER_PREFIX + fid if fid is not None else transition.signer
    entry = owners.get(key, owners.get(WILDCARD_OWNER))
    if isinstance(operation, SetRule):
        permission = "write_rule"
    elif isinstance(operation, SetFunction):
        permission = "write_function"
    else:
        permission = "write_owner" if depth == len(owner_path.labels) else "branch_owner"
    if not isinstance(entry, dict) or entry.get(permission) is not True:
        return Rejection(ErrorCode.OWNER_PERMISSION_DENIED, f"{key} lacks {permission}")
    return None
