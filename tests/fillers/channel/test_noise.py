"""Fillers for channel/noise: the published cacophony vectors of KK and IK, as conformance cases.

Data: tests/data/noise-cacophony-kk-ik.json (haskell-cryptography/cacophony @ 8ee9d41, public
domain; see tests/data/README.md). The authored outputs are the published ciphertexts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses

DATA = Path(__file__).resolve().parents[2] / "data" / "noise-cacophony-kk-ik.json"
CASES: list[dict[str, Any]] = json.loads(DATA.read_text(encoding="utf-8"))["vectors"]
KEY_FIELDS = (
    "protocol_name",
    "init_prologue",
    "init_static",
    "init_remote_static",
    "init_ephemeral",
    "resp_prologue",
    "resp_static",
    "resp_remote_static",
    "resp_ephemeral",
)


def noise_input(case: dict[str, Any]) -> dict[str, Any]:
    """The handler input of a cacophony case: its fields as published, and its payloads."""
    document = {name: case[name] for name in KEY_FIELDS if name in case}
    document["payloads"] = [message["payload"] for message in case["messages"]]
    return document


@clauses("AIN-CHAN-HANDLER-NOISE.1", "AIN-CHAN-NOISE.1")
def test_cacophony(fill: Filler) -> None:
    """
    The Noise core reproduces the published cacophony vectors of KK and IK byte for byte.

    Given
    -----
    - the six cacophony cases of KK and IK over 25519 and ChaChaPoly, with BLAKE2b, BLAKE2s and
      SHA256: prologue, static and ephemeral keys of both sides, six payloads.

    When
    ----
    - both sides run: each writes its messages in turn (two handshake messages, then four
      transport messages) and its peer reads them.

    Then
    ----
    - every message is the published ciphertext, and the handshake hash the published one.
    """
    for case in CASES:
        _, pattern, _, _, hash_name = case["protocol_name"].split("_")
        fill(
            "channel",
            "noise",
            noise_input(case),
            output={
                "messages": [message["ciphertext"] for message in case["messages"]],
                "handshake_hash": case["handshake_hash"],
            },
            case=f"{pattern.lower()}_{hash_name.lower()}",
        )


@clauses("AIN-CHAN-HANDLER-NOISE.1", "AIN-CHAN-AEAD.1")
def test_cacophony_with_differing_prologues(fill: Filler) -> None:
    """
    Two sides whose prologues differ by one byte never complete a handshake.

    Given
    -----
    - the cacophony case Noise_KK_25519_ChaChaPoly_BLAKE2s, with the responder's prologue's last
      byte changed.

    When
    ----
    - the conversation runs.

    Then
    ----
    - the responder's read of message 1 is rejected with CHANNEL_MESSAGE_NOT_AUTHENTIC.
    """
    case = next(c for c in CASES if c["protocol_name"] == "Noise_KK_25519_ChaChaPoly_BLAKE2s")
    document = noise_input(case)
    prologue = bytes.fromhex(document["resp_prologue"])
    document["resp_prologue"] = (prologue[:-1] + bytes([prologue[-1] ^ 1])).hex()
    fill("channel", "noise", document, rejection=ErrorCode.CHANNEL_MESSAGE_NOT_AUTHENTIC)
