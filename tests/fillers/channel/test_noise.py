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


@clauses("AIN-CHAN-HANDLER-NOISE.2", "AIN-CHAN-NOISE.1", "AIN-CHAN-NOISE-HASHES.1")
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


@clauses("AIN-CHAN-HANDLER-NOISE.2", "AIN-CHAN-AEAD.1")
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


ORDER_8_U = 0x00B8495F16056286FDB1329CEB8D09DA6AC49FF1FAE35616AEB8413B7C7AEBE0


@clauses("AIN-CHAN-HANDLER-NOISE.2", "AIN-CHAN-DH.1")
def test_pre_shared_small_order_static(fill: Filler) -> None:
    """
    A pre-shared remote static key of small order is not checked for its order: its first DH
    is all zero.

    Given
    -----
    - the cacophony cases of KK and IK over BLAKE2s, with one side's pre-shared remote static
      replaced by a u of small order (0, 1 or the first u of order 8).

    When
    ----
    - the conversation runs: the initiator writes message 1 (es, then in KK ss), the responder
      reads it (es, then ss).

    Then
    ----
    - the initiator's pre-shared key of small order refuses its write of message 1 at es with
      CHANNEL_DH_ALL_ZERO; the KK responder's refuses its read at ss the same way.
    """
    cases = {
        "kk_initiator_write": ("KK", "init_remote_static", 0, None),
        "kk_responder_read": ("KK", "resp_remote_static", 1, None),
        "ik_initiator_write": ("IK", "init_remote_static", ORDER_8_U, None),
    }
    for case, (pattern, name, u, first_payload_size) in cases.items():
        protocol = f"Noise_{pattern}_25519_ChaChaPoly_BLAKE2s"
        document = noise_input(next(c for c in CASES if c["protocol_name"] == protocol))
        document[name] = u.to_bytes(32, "little").hex()
        if first_payload_size is not None:
            document["payloads"][0] = bytes(first_payload_size).hex()
        fill(
            "channel",
            "noise",
            document,
            rejection=ErrorCode.CHANNEL_DH_ALL_ZERO,
            case=case,
            flags=("SMALL_ORDER",),
        )


@clauses("AIN-CHAN-HANDLER-NOISE.2", "AIN-CHAN-MESSAGE-LENGTH.1", "AIN-CHAN-WRITE.1")
def test_message_length_limit(fill: Filler) -> None:
    """
    The noise handler refuses a message too long to write, in the handshake and in transport.

    Given
    -----
    - the cacophony case Noise_KK_25519_ChaChaPoly_BLAKE2s, with its first payload of 65,488
      bytes (message 1 would be 65,536), or its third (a transport message) of 65,520; and the
      first payload of 65,488 bytes with the initiator's pre-shared remote static u = 0, whose
      DH (es) would be all zero.

    When
    ----
    - the conversation runs.

    Then
    ----
    - the write is rejected with CHANNEL_MESSAGE_TOO_LONG, before any DH
      ([AIN-CHAN-WRITE.1]).
    """
    case = next(c for c in CASES if c["protocol_name"] == "Noise_KK_25519_ChaChaPoly_BLAKE2s")
    cuts = (
        ("handshake_write_65536", 0, 65488, None),
        ("transport_write_65536", 2, 65520, None),
        ("handshake_write_before_dh", 0, 65488, "00" * 32),
    )
    for name, index, size, remote_static in cuts:
        document = noise_input(case)
        document["payloads"][index] = bytes(size).hex()
        if remote_static is not None:
            document["init_remote_static"] = remote_static
        fill(
            "channel",
            "noise",
            document,
            rejection=ErrorCode.CHANNEL_MESSAGE_TOO_LONG,
            case=name,
            flags=("LIMIT",),
        )
