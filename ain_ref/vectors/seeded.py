"""
The project's own seeded generator: a deterministic byte stream from SHA-256 in counter mode.

Vectors never depend on Hypothesis or on Python's ``random`` (whose algorithms may change
between versions): a seeded case is the same on every machine and every library version.

Spec: spec/conformance.md, "Vectors" ([AIN-CONF-VECTOR-DETERMINISM.1]).
Layer: conformance tooling. Imports encoding.
"""

from __future__ import annotations

import hashlib

import attrs

from ain_ref.encoding import INTEGER_MAX, INTEGER_MIN, CborValue


@attrs.define
class SeededStream:
    """Bytes from SHA-256(seed || u64_be(counter)), counter 0, 1, 2, ..."""

    seed: bytes
    counter: int = 0
    buffer: bytes = b""

    def take(self, size: int) -> bytes:
        """The next ``size`` bytes of the stream."""
        while len(self.buffer) < size:
            block = hashlib.sha256(self.seed + self.counter.to_bytes(8, "big")).digest()
            self.buffer += block
            self.counter += 1
        taken, self.buffer = self.buffer[:size], self.buffer[size:]
        return taken

    def below(self, bound: int) -> int:
        """A uniform integer in 0 .. bound - 1 (rejection sampling on 8-byte draws)."""
        if not 0 < bound <= 2**64:
            raise ValueError("bound must be in 1 .. 2**64")
        limit = (2**64 // bound) * bound
        while True:
            draw = int.from_bytes(self.take(8), "big")
            if draw < limit:
                return draw % bound


def seeded_value(stream: SeededStream, depth: int = 0) -> CborValue:
    """A value of the data model drawn from the stream: scalars, and containers up to depth 3."""
    kind = stream.below(8 if depth < 3 else 6)
    if kind == 0:
        simple_values: tuple[CborValue, ...] = (None, False, True)
        return simple_values[stream.below(3)]
    if kind == 1:
        width = [1, 2, 4, 8][stream.below(4)]
        return int.from_bytes(stream.take(width), "big") - (stream.below(2) << (8 * width - 1))
    if kind == 2:
        return (
            INTEGER_MIN + stream.below(1 << 64)
            if stream.below(2)
            else INTEGER_MAX - stream.below(256)
        )
    if kind == 3:
        return stream.take(stream.below(12))
    if kind in (4, 5):
        alphabet = "az09 _-éß水€"
        return "".join(alphabet[stream.below(len(alphabet))] for _ in range(stream.below(8)))
    if kind == 6:
        return [seeded_value(stream, depth + 1) for _ in range(stream.below(4))]
    keys = ["", "a", "b", "aa", "Z", "é", "key", "水"]
    return {
        keys[stream.below(len(keys))]: seeded_value(stream, depth + 1)
        for _ in range(stream.below(4))
    }
