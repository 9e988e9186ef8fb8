"""
The channel's Noise core reproduces the published cacophony vectors of KK and IK byte for byte.

Data: tests/data/noise-cacophony-kk-ik.json (haskell-cryptography/cacophony @ 8ee9d41,
public domain; see tests/data/README.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ain_ref.errors import Rejection
from ain_ref.jobs.channel.handshake import PATTERNS, HandshakeState, TransportState
from ain_ref.jobs.channel.symmetric import HASH_FUNCTIONS

DATA = Path(__file__).resolve().parents[1] / "data" / "noise-cacophony-kk-ik.json"
VECTORS: list[dict[str, Any]] = json.loads(DATA.read_text(encoding="utf-8"))["vectors"]


def optional_hex(vector: dict[str, Any], name: str) -> bytes | None:
    """A key of the vector, or None when the role has none."""
    return bytes.fromhex(vector[name]) if name in vector else None


def parties(vector: dict[str, Any]) -> tuple[HandshakeState, HandshakeState]:
    """The initiator's and the responder's handshake states of one cacophony vector."""
    _, pattern_name, _, _, hash_name = vector["protocol_name"].split("_")
    pattern, hash_function = PATTERNS[pattern_name], HASH_FUNCTIONS[hash_name]
    initiator = HandshakeState.initialize(
        pattern,
        hash_function,
        initiator=True,
        prologue=bytes.fromhex(vector["init_prologue"]),
        static_secret=optional_hex(vector, "init_static"),
        ephemeral_secret=bytes.fromhex(vector["init_ephemeral"]),
        remote_static=optional_hex(vector, "init_remote_static"),
    )
    responder = HandshakeState.initialize(
        pattern,
        hash_function,
        initiator=False,
        prologue=bytes.fromhex(vector["resp_prologue"]),
        static_secret=optional_hex(vector, "resp_static"),
        ephemeral_secret=bytes.fromhex(vector["resp_ephemeral"]),
        remote_static=optional_hex(vector, "resp_remote_static"),
    )
    return initiator, responder


@pytest.mark.parametrize("vector", VECTORS, ids=[v["protocol_name"] for v in VECTORS])
def test_cacophony_vector_is_reproduced(vector: dict[str, Any]) -> None:
    """[AIN-CHAN-NOISE.1] Every message, both ways, and the handshake hash, byte for byte."""
    initiator, responder = parties(vector)
    sides = [(initiator, responder), (responder, initiator)]
    for index, message in enumerate(vector["messages"]):
        writer, reader = sides[index % 2]
        payload, ciphertext = bytes.fromhex(message["payload"]), message["ciphertext"]
        if writer.transport is None:
            written = writer.write_message(payload)
            assert reader.transport is None
            read = reader.read_message(bytes.fromhex(ciphertext))
        else:
            assert isinstance(writer.transport, TransportState)
            assert isinstance(reader.transport, TransportState)
            written = writer.transport.write_message(payload)
            read = reader.transport.read_message(bytes.fromhex(ciphertext))
        assert not isinstance(written, Rejection) and written.hex() == ciphertext
        assert read == payload
    assert initiator.symmetric.handshake_hash.hex() == vector["handshake_hash"]
    assert responder.symmetric.handshake_hash.hex() == vector["handshake_hash"]


def test_all_kk_and_ik_vectors_are_present() -> None:
    """The data holds the six KK and IK cases: three hashes for each pattern."""
    names = sorted(v["protocol_name"] for v in VECTORS)
    assert names == sorted(
        f"Noise_{p}_25519_ChaChaPoly_{h}"
        for p in ("KK", "IK")
        for h in ("BLAKE2b", "BLAKE2s", "SHA256")
    )
