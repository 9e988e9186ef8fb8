"""
Replay counters: where each account's nonce and timestamp live, and why no write reaches them.

The transition alone advances a counter (spec/transactions.md); no operation, of a signer or of
a native function, may write a counter, a path below one, or an ancestor of one (a write
there would replace or delete counters with it).

Spec: spec/transactions.md, "Replay protection" ([AIN-TX-COUNTER-PROTECTED.1]).
Layer: state. Imports state.labels and state.paths only.
"""

from __future__ import annotations

from typing import Final

from ain_ref.state.labels import Subtree
from ain_ref.state.paths import StatePath

ACCOUNTS_LABEL: Final = "accounts"
COUNTER_LABELS: Final = ("nonce", "timestamp")
"""The two counters of an account: ordered mode's nonce, timestamp mode's last timestamp."""


def counter_path(address_text: str, counter: str) -> StatePath:
    """/values/accounts/<address>/<counter>: where a replay counter lives [AIN-TX-NONCE.2]."""
    return StatePath(Subtree.VALUES, (ACCOUNTS_LABEL, address_text, counter))


def touches_replay_counter(path: StatePath) -> bool:
    """
    Whether a value write at ``path`` could change a replay counter.

    True for ``/``, ``/accounts``, ``/accounts/<any label>`` (ancestors of counters),
    ``/accounts/<any label>/nonce`` and ``/accounts/<any label>/timestamp`` and every path
    below those; False for anything else.

    References
    ----------
    [AIN-TX-COUNTER-PROTECTED.1]
    """
    labels = path.labels
    if path.subtree is not Subtree.VALUES:
        return False
    if not labels:
        return True
    if labels[0] != ACCOUNTS_LABEL:
        return False
    return len(labels) <= 2 or labels[2] in COUNTER_LABELS
