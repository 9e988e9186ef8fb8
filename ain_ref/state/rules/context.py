"""
What a write rule sees.

The state, the signer, the value before and after the write, the time and the path variables.

Spec: spec/rules.md, "Evaluation" ([AIN-STATE-RULE-EVAL.2]).
Layer: state. Imports encoding, state.paths, state.tree.
"""

from __future__ import annotations

import attrs

from ain_ref.encoding import CborValue
from ain_ref.state.paths import StatePath
from ain_ref.state.tree import StateTree


@attrs.frozen
class DataValue:
    """A ``data`` given as a value rather than read from the tree (vectors, tests)."""

    value: CborValue


@attrs.frozen
class RuleContext:
    """
    What a write rule sees [AIN-STATE-RULE-EVAL.2].

    ``auth`` is {"addr": address text or null, "fid": function id or null}; ``data`` is
    where the value before the write is read from (a /values path, read only if the rule
    uses ``data``, and charged like getValue), or the value itself; ``new_data`` is the
    value after the write; ``variables`` the path variables of the matched rule path,
    without "$".
    """

    tree: StateTree
    auth: dict[str, CborValue]
    data: StatePath | DataValue
    new_data: CborValue
    current_time: int
    variables: dict[str, str]
