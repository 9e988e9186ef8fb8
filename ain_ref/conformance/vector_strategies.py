"""
Fuzz inputs grown from the committed vectors: execution, tee, channel, governance.

Their inputs are whole signed receipts, block sequences, attestation documents under a
certificate chain, and handshake transcripts: an input drawn at random is refused at its first
byte and never reaches the checks behind it. So each case starts from the input of a committed
vector of the handler (whose bytes are valid up to the check the vector is about) and changes
one or two of its leaves: a hex leaf gets a byte flipped, set to 00 or ff, cut off or added; a
decimal leaf becomes its neighbour or a bound of the u64 range. A changed input that the handler
reads as malformed (a harness error, spec/conformance.md) is not a case and is filtered out;
every other one is run on the reference and on the implementation under test.

Spec: spec/conformance.md, "Differential fuzzing" ([AIN-CONF-FUZZ.2]).
Layer: conformance tooling (needs the test extra: hypothesis).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import Any, Final

from hypothesis import strategies as st

from ain_ref.conformance.handlers.base import Handler, HandlerResult
from ain_ref.conformance.handlers.channel import HANDLERS as CHANNEL_HANDLERS
from ain_ref.conformance.handlers.execution import HANDLERS as EXECUTION_HANDLERS
from ain_ref.conformance.handlers.governance import HANDLERS as GOVERNANCE_HANDLERS
from ain_ref.conformance.handlers.tee import HANDLERS as TEE_HANDLERS
from ain_ref.conformance.typed_json import HandlerInputError
from ain_ref.encoding import U64_MAX
from ain_ref.repository import vectors_root

HandlerInput = dict[str, Any]
Path = tuple[str | int, ...]
"""Where a leaf sits in an input: object keys and list positions from the top."""

HEX_LEAF: Final = re.compile(r"(?:[0-9a-f]{2})+")
DECIMAL_LEAF: Final = re.compile(r"-?(?:0|[1-9][0-9]{0,19})")
"""A decimal leaf of at most 20 digits (a u64 has 20): longer digit strings are hex."""
DECIMAL_NEIGHBOURS: Final = (-1, 1)
DECIMAL_BOUNDS: Final = (0, U64_MAX, U64_MAX + 1)


def seed_inputs(area: str, handler: str) -> tuple[HandlerInput, ...]:
    """The inputs of the committed vectors of one handler, by file name."""
    folder = vectors_root() / area / handler
    paths = sorted(folder.glob("*.json")) if folder.is_dir() else []
    return tuple(json.loads(path.read_text(encoding="utf-8"))["input"] for path in paths)


def leaves(value: Any, path: Path = ()) -> list[tuple[Path, str]]:
    """Every string leaf of an input that reads as hex or as a decimal, with its path."""
    if isinstance(value, dict):
        return [found for key in sorted(value) for found in leaves(value[key], (*path, key))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in leaves(item, (*path, index))]
    if isinstance(value, str) and (HEX_LEAF.fullmatch(value) or DECIMAL_LEAF.fullmatch(value)):
        return [(path, value)]
    return []


def replaced(value: Any, path: Path, leaf: str) -> Any:
    """A copy of ``value`` with the leaf at ``path`` replaced."""
    if not path:
        return leaf
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {
            key: replaced(item, rest, leaf) if key == head else item for key, item in value.items()
        }
    return [
        replaced(item, rest, leaf) if index == head else item for index, item in enumerate(value)
    ]


@st.composite
def changed_leaf(draw: st.DrawFn, leaf: str) -> str:
    """One change of a leaf: a byte flipped, set, cut or added; a decimal's neighbour or a bound."""
    if DECIMAL_LEAF.fullmatch(leaf) and (not HEX_LEAF.fullmatch(leaf) or draw(st.booleans())):
        if draw(st.booleans()):
            return str(int(leaf) + draw(st.sampled_from(DECIMAL_NEIGHBOURS)))
        return str(draw(st.sampled_from(DECIMAL_BOUNDS)))
    data = bytearray.fromhex(leaf)
    position = draw(st.integers(0, len(data) - 1))
    change = draw(st.sampled_from(("flip", "zero", "ones", "cut", "add")))
    if change == "flip":
        data[position] ^= draw(st.integers(1, 255))
    elif change in ("zero", "ones"):
        data[position] = 0 if change == "zero" else 255
    elif change == "cut":
        del data[position:]
    else:
        data.insert(position, draw(st.integers(0, 255)))
    return data.hex()


@st.composite
def changed_input(draw: st.DrawFn, seeds: tuple[HandlerInput, ...]) -> HandlerInput:
    """A committed input with zero, one or two of its leaves changed."""
    vector_input = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(0, 2))):
        found = leaves(vector_input)
        if not found:
            break
        path, leaf = draw(st.sampled_from(found))
        vector_input = replaced(vector_input, path, draw(changed_leaf(leaf)))
    return vector_input


def is_well_formed(
    run: Callable[[HandlerInput], HandlerResult], vector_input: HandlerInput
) -> bool:
    """Whether the handler reads an input as a case (a harness error is not one)."""
    try:
        run(vector_input)
    except HandlerInputError:
        return False
    return True


GROWN_HANDLERS: Final[tuple[Handler, ...]] = (
    *EXECUTION_HANDLERS,
    *TEE_HANDLERS,
    *CHANNEL_HANDLERS,
    *GOVERNANCE_HANDLERS,
)
"""The handlers whose fuzz inputs grow from their vectors."""


def grown_from_vectors(handler: Handler) -> st.SearchStrategy[HandlerInput]:
    """
    The fuzz inputs of one handler: changed committed inputs that are well formed.

    Read when the first case is drawn (``st.deferred`` below), so importing the module reads
    no vector.
    """
    seeds = seed_inputs(handler.area, handler.name)
    if not seeds:
        return st.nothing()
    return changed_input(seeds).filter(functools.partial(is_well_formed, handler.run))


def deferred_inputs(handler: Handler) -> st.SearchStrategy[HandlerInput]:
    """``grown_from_vectors(handler)``, built when Hypothesis first draws from it."""
    return st.deferred(lambda: grown_from_vectors(handler))


VECTOR_GROWN_STRATEGIES: dict[tuple[str, str], st.SearchStrategy[HandlerInput]] = {
    (handler.area, handler.name): deferred_inputs(handler) for handler in GROWN_HANDLERS
}
"""The input strategy of every execution, tee, channel and governance handler (governance's
apply_blocks included: a changed height, amount, override or transaction byte of a committed
block sequence, about 0.05 s a case on the reference)."""
