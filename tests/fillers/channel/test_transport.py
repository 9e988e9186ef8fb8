"""Fillers for transport messages: nonces, order, tampering, lengths, and the 65,535-byte limit."""

from __future__ import annotations

from ain_ref.errors import ErrorCode
from ain_ref.jobs.channel import party as channel_party
from ain_ref.jobs.channel.x25519 import x25519_public_key_of
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.channel.common import (
    AGENT,
    INITIATOR_EPHEMERAL,
    PROVIDER,
    conversation,
    flip,
    handshake_steps,
    honest_parties,
    party_input,
)

OPENING = x25519_public_key_of(INITIATOR_EPHEMERAL)
HANDSHAKE_PAYLOADS = [b"agent opens", b"provider answers"]
NONCE_LAST = 2**64 - 2
"""The last nonce a message may use; 2**64 - 1 is reserved."""


def established() -> tuple[channel_party.Party, channel_party.Party, bytes]:
    """The honest KK parties after their handshake, and their handshake hash."""
    initiator, responder = honest_parties("KK")
    for writer, reader, payload in (
        (initiator, responder, HANDSHAKE_PAYLOADS[0]),
        (responder, initiator, HANDSHAKE_PAYLOADS[1]),
    ):
        message = channel_party.write(writer, payload)
        assert isinstance(message, bytes) and channel_party.read(reader, message) == payload
    assert initiator.handshake_hash is not None
    return initiator, responder, initiator.handshake_hash


def agent_message_at(nonce: int, payload: bytes) -> bytes:
    """The agent's transport message at one nonce, read back by the provider at that nonce."""
    initiator, responder, _ = established()
    assert channel_party.set_nonce(initiator, True, nonce) is None
    assert channel_party.set_nonce(responder, False, nonce) is None
    message = channel_party.write(initiator, payload)
    assert isinstance(message, bytes) and channel_party.read(responder, message) == payload
    return message


def responder_output(results: list[dict[str, str]], handshake_hash: bytes) -> dict[str, object]:
    """The provider's output after the handshake steps and ``results``."""
    handshake_results = [
        {"payload": HANDSHAKE_PAYLOADS[0].hex()},
        {"message": conversation("KK", HANDSHAKE_PAYLOADS)[0][1].hex()},
    ]
    return {
        "results": handshake_results + results,
        "handshake_hash": handshake_hash.hex(),
        "remote_identity": AGENT.hex(),
        "opening": OPENING.hex(),
        "seen_openings": [OPENING.hex()],
    }


def initiator_output(results: list[dict[str, str]], handshake_hash: bytes) -> dict[str, object]:
    """The agent's output after the handshake steps and ``results``."""
    handshake_results = [
        {"message": conversation("KK", HANDSHAKE_PAYLOADS)[0][0].hex()},
        {"payload": HANDSHAKE_PAYLOADS[1].hex()},
    ]
    return {
        "results": handshake_results + results,
        "handshake_hash": handshake_hash.hex(),
        "remote_identity": PROVIDER.hex(),
        "opening": OPENING.hex(),
        "seen_openings": [],
    }


@clauses("AIN-CHAN-NONCE.1", "AIN-CHAN-TRANSPORT.1")
def test_nonce_exhaustion(fill: Filler) -> None:
    """
    A transport message may use every nonce up to 2**64 - 2; 2**64 - 1 is never used.

    Given
    -----
    - the agent and the provider after their KK handshake.

    When
    ----
    - the agent sets its sending nonce to 2**64 - 2 and writes twice; or sets it to 2**64 - 1
      and writes, or writes a payload of 65,520 bytes; the provider sets its receiving nonce to
      2**64 - 2 and reads the agent's message, or to 2**64 - 1 and reads any 16 bytes, or 15
      bytes.

    Then
    ----
    - the message at 2**64 - 2 is written and read; the next write, and any use of
      2**64 - 1, is CHANNEL_NONCE_EXHAUSTED; 15 bytes are CHANNEL_MESSAGE_TRUNCATED first, and
      a write too long is CHANNEL_MESSAGE_TOO_LONG first ([AIN-CHAN-TRANSPORT.1]: the length,
      then the nonce).
    """
    _, _, handshake_hash = established()
    last = agent_message_at(NONCE_LAST, b"last")
    agent = handshake_steps("KK", "initiator", HANDSHAKE_PAYLOADS)
    provider = handshake_steps("KK", "responder", HANDSHAKE_PAYLOADS)
    fill(
        "channel",
        "party",
        party_input(
            "KK",
            "initiator",
            [*agent, {"set_send_nonce": str(NONCE_LAST)}, {"write": b"last".hex()}],
        ),
        output=initiator_output([{}, {"message": last.hex()}], handshake_hash),
        case="last_nonce_written",
        flags=("LIMIT",),
    )
    fill(
        "channel",
        "party",
        party_input(
            "KK",
            "responder",
            [*provider, {"set_receive_nonce": str(NONCE_LAST)}, {"read": last.hex()}],
        ),
        output=responder_output([{}, {"payload": b"last".hex()}], handshake_hash),
        case="last_nonce_read",
        flags=("LIMIT",),
    )
    refusals = {
        "write_after_last": (
            "initiator",
            [*agent, {"set_send_nonce": str(NONCE_LAST)}, {"write": ""}, {"write": ""}],
        ),
        "write_at_reserved": (
            "initiator",
            [*agent, {"set_send_nonce": str(2**64 - 1)}, {"write": ""}],
        ),
        "read_at_reserved": (
            "responder",
            [*provider, {"set_receive_nonce": str(2**64 - 1)}, {"read": bytes(16).hex()}],
        ),
    }
    for case, (role, steps) in refusals.items():
        fill(
            "channel",
            "party",
            party_input("KK", role, steps),
            rejection=ErrorCode.CHANNEL_NONCE_EXHAUSTED,
            case=case,
            flags=("LIMIT",),
        )
    fill(
        "channel",
        "party",
        party_input(
            "KK",
            "responder",
            [*provider, {"set_receive_nonce": str(2**64 - 1)}, {"read": bytes(15).hex()}],
        ),
        rejection=ErrorCode.CHANNEL_MESSAGE_TRUNCATED,
        case="truncation_before_nonce",
    )
    fill(
        "channel",
        "party",
        party_input(
            "KK",
            "initiator",
            [*agent, {"set_send_nonce": str(2**64 - 1)}, {"write": bytes(65520).hex()}],
        ),
        rejection=ErrorCode.CHANNEL_MESSAGE_TOO_LONG,
        case="length_before_nonce_write",
        flags=("LIMIT",),
    )


@clauses("AIN-CHAN-TRANSPORT.1", "AIN-CHAN-AEAD.1", "AIN-CHAN-READ.1", "AIN-CHAN-ABANDON.1")
def test_transport_order_and_tampering(fill: Filler) -> None:
    """
    Transport nonces are implicit: a reordered, replayed or changed message does not verify.

    Given
    -----
    - the agent's transport messages "one" (nonce 0) and "two" (nonce 1) after the KK
      handshake.

    When
    ----
    - the provider reads "two" first; reads "one" twice; reads "one" with a bit flipped (and
      then "one" intact); reads 15 bytes, or 16 zero bytes; or sets its receiving nonce to 1
      and reads "two".

    Then
    ----
    - CHANNEL_MESSAGE_NOT_AUTHENTIC for the reordered, replayed, changed and 16-byte
      messages (the party is abandoned at the refusal: the intact "one" after it is never
      read), CHANNEL_MESSAGE_TRUNCATED for 15 bytes; with the nonce set, "two" is read.
    """
    messages, handshake_hash = conversation("KK", [*HANDSHAKE_PAYLOADS, b"one", b"", b"two"])
    assert handshake_hash is not None
    one = messages[2]
    two = agent_message_at(1, b"two")
    assert messages[4] == two
    provider = handshake_steps("KK", "responder", HANDSHAKE_PAYLOADS)
    refusals = {
        "reordered": ([{"read": two.hex()}], ErrorCode.CHANNEL_MESSAGE_NOT_AUTHENTIC),
        "replayed": (
            [{"read": one.hex()}, {"read": one.hex()}],
            ErrorCode.CHANNEL_MESSAGE_NOT_AUTHENTIC,
        ),
        "tampered": ([{"read": flip(one, 0).hex()}], ErrorCode.CHANNEL_MESSAGE_NOT_AUTHENTIC),
        "abandoned_after_refusal": (
            [{"read": flip(one, 0).hex()}, {"read": one.hex()}],
            ErrorCode.CHANNEL_MESSAGE_NOT_AUTHENTIC,
        ),
        "tag_only_zeros": ([{"read": bytes(16).hex()}], ErrorCode.CHANNEL_MESSAGE_NOT_AUTHENTIC),
        "15_bytes": ([{"read": bytes(15).hex()}], ErrorCode.CHANNEL_MESSAGE_TRUNCATED),
    }
    for case, (steps, code) in refusals.items():
        fill(
            "channel",
            "party",
            party_input("KK", "responder", [*provider, *steps]),
            rejection=code,
            case=case,
        )
    fill(
        "channel",
        "party",
        party_input(
            "KK", "responder", [*provider, {"set_receive_nonce": "1"}, {"read": two.hex()}]
        ),
        output=responder_output([{}, {"payload": b"two".hex()}], handshake_hash),
        case="explicit_nonce",
    )


@clauses("AIN-CHAN-MESSAGE-LENGTH.1", "AIN-CHAN-TRANSPORT.1", "AIN-CHAN-WRITE.1")
def test_message_length_limit(fill: Filler) -> None:
    """
    No message, written or read, exceeds 65,535 bytes.

    Given
    -----
    - the agent and the provider of KK.

    When
    ----
    - the agent writes KK's message 1 with a payload of 65,487 bytes (message 65,535) or
      65,488, and IK's message 1 with early data of 65,407 bytes (the identity counts: message
      65,535) or 65,408;
      after the handshake it writes a transport payload of 65,519 bytes (message 65,535) or
      65,520; the provider reads a message 1 of 65,536 bytes, and a transport message of
      65,535 bytes (the agent's) or of 65,536.

    Then
    ----
    - 65,535-byte messages are written and read; one byte more is CHANNEL_MESSAGE_TOO_LONG.
    """
    big_first = bytes(65487)
    messages, _ = conversation("KK", [big_first])
    assert len(messages[0]) == 65535
    fill(
        "channel",
        "party",
        party_input("KK", "initiator", [{"write": big_first.hex()}]),
        output={
            "results": [{"message": messages[0].hex()}],
            "handshake_hash": None,
            "remote_identity": PROVIDER.hex(),
            "opening": OPENING.hex(),
            "seen_openings": [],
        },
        case="handshake_write_65535",
        flags=("LIMIT",),
    )
    fill(
        "channel",
        "party",
        party_input("KK", "initiator", [{"write": bytes(65488).hex()}]),
        rejection=ErrorCode.CHANNEL_MESSAGE_TOO_LONG,
        case="handshake_write_65536",
        flags=("LIMIT",),
    )
    fill(
        "channel",
        "party",
        party_input("KK", "responder", [{"read": bytes(65536).hex()}]),
        rejection=ErrorCode.CHANNEL_MESSAGE_TOO_LONG,
        case="handshake_read_65536",
        flags=("LIMIT",),
    )
    ik_messages, _ = conversation("IK", [bytes(65407)])
    assert len(ik_messages[0]) == 65535
    fill(
        "channel",
        "party",
        party_input("IK", "initiator", [{"write": bytes(65407).hex()}]),
        output={
            "results": [{"message": ik_messages[0].hex()}],
            "handshake_hash": None,
            "remote_identity": PROVIDER.hex(),
            "opening": OPENING.hex(),
            "seen_openings": [],
        },
        case="ik_handshake_write_65535",
        flags=("LIMIT",),
    )
    fill(
        "channel",
        "party",
        party_input("IK", "initiator", [{"write": bytes(65408).hex()}]),
        rejection=ErrorCode.CHANNEL_MESSAGE_TOO_LONG,
        case="ik_handshake_write_65536",
        flags=("LIMIT",),
    )
    _, _, handshake_hash = established()
    agent = handshake_steps("KK", "initiator", HANDSHAKE_PAYLOADS)
    provider = handshake_steps("KK", "responder", HANDSHAKE_PAYLOADS)
    big = agent_message_at(0, bytes(65519))
    assert len(big) == 65535
    fill(
        "channel",
        "party",
        party_input("KK", "responder", [*provider, {"read": big.hex()}]),
        output=responder_output([{"payload": bytes(65519).hex()}], handshake_hash),
        case="transport_read_65535",
        flags=("LIMIT",),
    )
    fill(
        "channel",
        "party",
        party_input("KK", "initiator", [*agent, {"write": bytes(65519).hex()}]),
        output=initiator_output([{"message": big.hex()}], handshake_hash),
        case="transport_write_65535",
        flags=("LIMIT",),
    )
    fill(
        "channel",
        "party",
        party_input("KK", "initiator", [*agent, {"write": bytes(65520).hex()}]),
        rejection=ErrorCode.CHANNEL_MESSAGE_TOO_LONG,
        case="transport_write_65536",
        flags=("LIMIT",),
    )
    fill(
        "channel",
        "party",
        party_input("KK", "responder", [*provider, {"read": bytes(65536).hex()}]),
        rejection=ErrorCode.CHANNEL_MESSAGE_TOO_LONG,
        case="transport_read_65536",
        flags=("LIMIT",),
    )
