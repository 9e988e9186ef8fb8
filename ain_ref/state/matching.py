"""
Matching a value path against the rules, functions and owners trees.

Spec: spec/state.md, "Write rules" ([AIN-STATE-RULE-MATCH.1], [AIN-STATE-RULE-BELOW.1]),
"Owners" ([AIN-STATE-OWNER-MATCH.1]) and "Functions" ([AIN-STATE-FUNCTION-MATCH.2]).
Layer: state. Imports state.tree, state.labels, state.paths.
"""

from __future__ import annotations

import attrs

from ain_ref.encoding import CborValue
from ain_ref.state.labels import VARIABLE_PREFIX, ConfigLabel, Subtree, is_variable
from ain_ref.state.paths import StatePath
from ain_ref.state.tree import Node, StateTree


@attrs.frozen
class Match:
    """The walk of a path through a config tree: how far it got, and what it collected."""

    nodes: tuple[Node, ...]  # the matched nodes, from the subtree root down
    variables: dict[str, str]  # $name (without "$") -> the label it matched
    is_complete: bool  # every label of the path was matched


def variable_child(node: Node) -> str | None:
    """
    The $variable child of a node in the rules or functions tree, if any.

    Every door into these trees keeps at most one [AIN-STATE-RULE-VARIABLE.1]; should there be
    more, the least in code point order is taken, so the answer never depends on the order
    children were attached.
    """
    variable = None
    for label in node.children:
        if label[0] == VARIABLE_PREFIX and (variable is None or label < variable):
            variable = label
    return variable


def match_pattern_path(tree: StateTree, subtree: Subtree, labels: tuple[str, ...]) -> Match:
    """
    Walk the rules or functions tree along a value path; never backtrack.

    At each label, the literal child if there is one, else the $variable child.

    References
    ----------
    [AIN-STATE-RULE-MATCH.1]
    """
    root = tree.root.children.get(str(subtree))
    if root is None:
        return Match((), {}, False)
    nodes = [root]
    variables: dict[str, str] = {}
    for label in labels:
        node = nodes[-1]
        child = node.children.get(label)
        if child is None:
            variable = variable_child(node)
            if variable is None:
                return Match(tuple(nodes), variables, False)
            variables[variable[1:]] = label
            child = node.children[variable]
        nodes.append(child)
    return Match(tuple(nodes), variables, True)


def config_of(node: Node, label: ConfigLabel) -> CborValue:
    """The config a node holds under a config label, or None."""
    config_node = node.children.get(label)
    if config_node is None or config_node.children:
        return None
    return config_node.value


def governing_write_rule(match: Match) -> bool | str | None:
    """
    The deepest write rule on the matched path, or None.

    References
    ----------
    [AIN-STATE-RULE-MATCH.1] The deepest ``.rule`` with a ``write`` entry governs.
    """
    governing: bool | str | None = None
    for node in match.nodes:
        config = config_of(node, ConfigLabel.RULE)
        if type(config) is dict:
            write = config.get("write")
            if type(write) is bool or type(write) is str:
                governing = write
    return governing


def write_rule_facts(tree: StateTree, match: Match) -> tuple[bool | str | None, bool]:
    """
    The governing write rule of a walk, and whether a write rule lies below where it ended.

    ``(governing_write_rule(match), has_write_rule_below(last node))``, remembered per rules
    node in ``tree.rule_facts`` until the rules change (the walk to a node is the chain of
    its ancestors, so both facts depend on the node alone). Property-tested equal to the two
    plain functions through rule changes and rollbacks.
    """
    if not match.nodes:
        return None, False
    last = match.nodes[-1]
    facts = tree.rule_facts.get(last)
    if facts is None:
        facts = (governing_write_rule(match), has_write_rule_below(last))
        tree.rule_facts[last] = facts
    return facts


def has_write_rule_below(node: Node) -> bool:
    """
    Whether any node strictly below holds a write rule.

    References
    ----------
    [AIN-STATE-RULE-BELOW.1] A value write is refused where write rules exist below its path.
    """
    stack = [child for label, child in node.children.items() if label != ConfigLabel.RULE]
    while stack:
        current = stack.pop()
        if config_of(current, ConfigLabel.RULE) is not None:
            return True
        stack.extend(
            child for label, child in current.children.items() if label != ConfigLabel.RULE
        )
    return False


def closest_owner_config(tree: StateTree, path: StatePath) -> tuple[CborValue, int]:
    """
    The owner config at or above a path, and its depth; (None, -1) when there is none.

    References
    ----------
    [AIN-STATE-OWNER-MATCH.1] Owner paths match literally; the closest config governs.
    """
    node = tree.root.children.get(str(Subtree.OWNERS))
    found: tuple[CborValue, int] = (None, -1)
    depth = 0
    while node is not None:
        config = config_of(node, ConfigLabel.OWNER)
        if config is not None:
            found = (config, depth)
        if depth == len(path.labels):
            break
        node = node.children.get(path.labels[depth])
        depth += 1
    return found


def variable_conflict(tree: StateTree, path: StatePath) -> str | None:
    """
    The first label that would put a second $variable beside an existing one, or None.

    References
    ----------
    [AIN-STATE-RULE-VARIABLE.1]
    """
    node = tree.root.children.get(str(path.subtree))
    for label in path.labels:
        if node is None:
            return None
        if is_variable(label):
            existing = variable_child(node)
            if existing is not None and existing != label:
                return label
        node = node.children.get(label)
    return None
