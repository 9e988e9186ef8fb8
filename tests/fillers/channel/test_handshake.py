"""Fillers for honest channels: every handshake message of KK and IK, then transport messages."""

from __future__ import annotations

from ain_ref.jobs.channel.x25519 import x25519_public_key_of
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.channel.common import (
    AGENT,
    INITIATOR_EPHEMERAL,
    PROVIDER,
    conversation,
    digest,
    party_input,
)

PAYLOADS = [b"agent opens", b"provider answers", b"input of the task", b"output of the task"]
OPENING = x25519_public_key_of(INITIATOR_EPHEMERAL)
FIRST_MESSAGE_OVERHEAD = {"KK": 32 + 16, "IK": 32 + 48 + 16 + 32}
"""e, then (IK) the encrypted s, then the payload's tag, then (IK) the identity."""


def initiator_steps(messages: list[bytes], payloads: list[bytes]) -> tuple[list, list]:
    """Steps and results of the initiator: it writes the even messages and reads the odd."""
    steps, results = [], []
    for index, (message, payload) in enumerate(zip(messages, payloads, strict=True)):
        if index % 2 == 0:
            steps.append({"write": payload.hex()})
            results.append({"message": message.hex()})
        else:
            steps.append({"read": message.hex()})
            results.append({"payload": payload.hex()})
    return steps, results


def responder_steps(messages: list[bytes], payloads: list[bytes]) -> tuple[list, list]:
    """Steps and results of the responder: it reads the even messages and writes the odd."""
    steps, results = [], []
    for index, (message, payload) in enumerate(zip(messages, payloads, strict=True)):
        if index % 2 == 1:
            steps.append({"write": payload.hex()})
            results.append({"message": message.hex()})
        else:
            steps.append({"read": message.hex()})
            results.append({"payload": payload.hex()})
    return steps, results


@clauses(
    "AIN-CHAN-HANDLER-PARTY.2",
    "AIN-CHAN-PATTERN.1",
    "AIN-CHAN-PROLOGUE.1",
    "AIN-CHAN-STATIC-KEYS.1",
    "AIN-CHAN-NOISE.1",
    "AIN-CHAN-IK-IDENTITY.1",
)
def test_honest_conversation(fill: Filler) -> None:
    """
    An agent opens a channel to a provider, and both exchange one transport message each.

    Given
    -----
    - the agent (seed 29 x 32) and the provider (seed 2a x 32) on chain 7, task sha256("task 1");
    - KK (both identities from the chain) and IK (the provider learns the agent from message 1);
    - payloads "agent opens", "provider answers", "input of the task", "output of the task".

    When
    ----
    - each side, in turn, writes its messages and reads its peer's.

    Then
    ----
    - both sides end with one handshake hash; the first message is e, (IK: the encrypted s),
      then the encrypted payload (IK: the agent's Ed25519 key, then the early data); the second
      is e and the encrypted payload; each transport message is its payload plus 16 bytes;
      the opening is the initiator's ephemeral key.
    """
    for pattern in ("KK", "IK"):
        messages, handshake_hash = conversation(pattern, PAYLOADS)
        assert handshake_hash is not None
        assert len(messages[0]) == FIRST_MESSAGE_OVERHEAD[pattern] + len(PAYLOADS[0])
        assert [len(m) for m in messages[1:]] == [
            len(p) + 16 + 32 * (i == 0) for i, p in enumerate(PAYLOADS[1:])
        ]
        assert messages[0][:32] == OPENING
        for role, (steps, results), identity in (
            ("initiator", initiator_steps(messages, PAYLOADS), PROVIDER),
            ("responder", responder_steps(messages, PAYLOADS), AGENT),
        ):
            fill(
                "channel",
                "party",
                party_input(pattern, role, steps),
                output={
                    "results": results,
                    "handshake_hash": handshake_hash.hex(),
                    "remote_identity": identity.hex(),
                    "opening": OPENING.hex(),
                    "seen_openings": [OPENING.hex()] if role == "responder" else [],
                },
                case=f"{pattern.lower()}_{role}",
            )


@clauses("AIN-CHAN-HANDLER-PARTY.2", "AIN-CHAN-NOISE.1", "AIN-CHAN-IK-IDENTITY.1")
def test_empty_payloads(fill: Filler) -> None:
    """
    A handshake with empty payloads has messages of the patterns' minimum sizes.

    Given
    -----
    - the honest parties of test_honest_conversation, with two empty payloads.

    When
    ----
    - the handshake runs, and nothing more.

    Then
    ----
    - KK's messages are 48 and 48 bytes, IK's 128 and 48; both sides agree on the hash.
    """
    for pattern, first_size in (("KK", 48), ("IK", 128)):
        payloads = [b"", b""]
        messages, handshake_hash = conversation(pattern, payloads)
        assert handshake_hash is not None
        assert [len(m) for m in messages] == [first_size, 48]
        for role, (steps, results), identity in (
            ("initiator", initiator_steps(messages, payloads), PROVIDER),
            ("responder", responder_steps(messages, payloads), AGENT),
        ):
            fill(
                "channel",
                "party",
                party_input(pattern, role, steps),
                output={
                    "results": results,
                    "handshake_hash": handshake_hash.hex(),
                    "remote_identity": identity.hex(),
                    "opening": OPENING.hex(),
                    "seen_openings": [OPENING.hex()] if role == "responder" else [],
                },
                case=f"{pattern.lower()}_{role}",
                flags=("EDGE_CASE",),
            )


@clauses("AIN-CHAN-HANDLER-PARTY.2", "AIN-CHAN-NOISE.1")
def test_unfinished_handshake(fill: Filler) -> None:
    """
    Before the handshake ends there is no handshake hash; an IK responder knows its peer early.

    Given
    -----
    - the honest initiator, and the honest responder, of each pattern.

    When
    ----
    - the initiator writes message 1 only; the responder reads it only; either runs no step
      (the responder remembering another opening).

    Then
    ----
    - handshake_hash is null; the opening is set once message 1 is written or read, null
      before; the peer's identity is the input's from the start, except for the IK
      responder, which names the agent once message 1 is read and null before; a responder
      reports its openings, message 1's added once read.
    """
    for pattern in ("KK", "IK"):
        messages, _ = conversation(pattern, PAYLOADS[:2])
        fill(
            "channel",
            "party",
            party_input(pattern, "initiator", [{"write": PAYLOADS[0].hex()}]),
            output={
                "results": [{"message": messages[0].hex()}],
                "handshake_hash": None,
                "remote_identity": PROVIDER.hex(),
                "opening": OPENING.hex(),
                "seen_openings": [],
            },
            case=f"{pattern.lower()}_initiator",
        )
        fill(
            "channel",
            "party",
            party_input(pattern, "responder", [{"read": messages[0].hex()}]),
            output={
                "results": [{"payload": PAYLOADS[0].hex()}],
                "handshake_hash": None,
                "remote_identity": AGENT.hex(),
                "opening": OPENING.hex(),
                "seen_openings": [OPENING.hex()],
            },
            case=f"{pattern.lower()}_responder",
        )
        fill(
            "channel",
            "party",
            party_input(pattern, "initiator", []),
            output={
                "results": [],
                "handshake_hash": None,
                "remote_identity": PROVIDER.hex(),
                "opening": None,
                "seen_openings": [],
            },
            case=f"{pattern.lower()}_no_steps",
        )
        other_opening = x25519_public_key_of(digest("another ephemeral"))
        fill(
            "channel",
            "party",
            party_input(pattern, "responder", [], seen_openings=[other_opening]),
            output={
                "results": [],
                "handshake_hash": None,
                "remote_identity": AGENT.hex() if pattern == "KK" else None,
                "opening": None,
                "seen_openings": [other_opening.hex()],
            },
            case=f"{pattern.lower()}_responder_no_steps",
        )
