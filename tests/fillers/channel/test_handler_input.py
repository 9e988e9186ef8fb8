"""Fillers for what the channel handlers read of their input: unknown fields are ignored."""

from __future__ import annotations

from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.channel.common import OPENING, PROVIDER, conversation, party_input
from tests.fillers.channel.test_noise import CASES, noise_input
from tests.fillers.channel.test_x25519 import ALICE_SECRET

UNKNOWN_FIELDS = {"comment": 7, "steps_v2": [{"send": "zz"}]}
"""Fields no channel handler defines, of shapes no defined field would accept."""


@clauses("AIN-CHAN-HANDLER-INPUT.1")
def test_unknown_fields_are_ignored(fill: Filler) -> None:
    """
    Every channel handler ignores an input field it does not define, whatever its shape.

    Given
    -----
    - a well-formed input of each handler (the KK initiator writing message 1; the cacophony
      case Noise_KK_25519_ChaChaPoly_BLAKE2s; RFC 7748's Alice with the base point), with two
      more fields: "comment" (a JSON number) and "steps_v2" (a list holding a step of no
      defined kind).

    When
    ----
    - the handler runs.

    Then
    ----
    - the output is the one without the extra fields: neither a harness error nor a code.
    """
    messages, _ = conversation("KK", [b"hello"])
    fill(
        "channel",
        "party",
        {**party_input("KK", "initiator", [{"write": b"hello".hex()}]), **UNKNOWN_FIELDS},
        output={
            "results": [{"message": messages[0].hex()}],
            "handshake_hash": None,
            "remote_identity": PROVIDER.hex(),
            "opening": OPENING.hex(),
            "seen_openings": [],
        },
        flags=("EDGE_CASE",),
    )
    case = next(c for c in CASES if c["protocol_name"] == "Noise_KK_25519_ChaChaPoly_BLAKE2s")
    fill(
        "channel",
        "noise",
        {**noise_input(case), **UNKNOWN_FIELDS},
        output={
            "messages": [message["ciphertext"] for message in case["messages"]],
            "handshake_hash": case["handshake_hash"],
        },
        flags=("EDGE_CASE",),
    )
    fill(
        "channel",
        "x25519",
        {"secret": ALICE_SECRET, "public_key": (9).to_bytes(32, "little").hex(), **UNKNOWN_FIELDS},
        output={
            "shared_secret": "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
        },
        flags=("EDGE_CASE",),
    )
