"""Fillers for every way a handshake fails: setup, prologue, keys, tampering, truncation, order."""

from __future__ import annotations

from ain_ref.errors import ErrorCode
from ain_ref.jobs.channel.x25519 import FIELD_PRIME
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.channel.common import (
    CHAIN_ID,
    OTHER_TASK_ID,
    PROVIDER,
    SMALL_ORDER_ED25519,
    STRANGER,
    STRANGER_SEED,
    conversation,
    flip,
    party_input,
)

PAYLOADS = [b"agent opens", b"provider answers", b"input of the task", b"output of the task"]


@clauses(
    "AIN-CHAN-SETUP.1", "AIN-CHAN-PROLOGUE.1", "AIN-CHAN-EPHEMERAL.1", "AIN-CHAN-STATIC-KEYS.1"
)
def test_setup_is_refused(fill: Filler) -> None:
    """
    A party is not opened when its chain id, task id, seed, peer or ephemeral is wrong.

    Given
    -----
    - the honest KK initiator, with one input (or two) replaced.

    When
    ----
    - the party is opened, before any step.

    Then
    ----
    - the code is that of the first failing check of [AIN-CHAN-SETUP.1]: chain id
      (CRYPTO_BAD_CHAIN_ID), task id (CHANNEL_BAD_TASK_ID), seed (CRYPTO_BAD_SEED), peer
      identity (CHANNEL_KEY_CONVERSION_FAILED), ephemeral (CHANNEL_BAD_EPHEMERAL_KEY).
    """
    steps = [{"write": ""}]
    cases = {
        "chain_id_too_large": ({"chain_id": 2**64}, ErrorCode.CRYPTO_BAD_CHAIN_ID),
        "chain_id_negative": ({"chain_id": -1}, ErrorCode.CRYPTO_BAD_CHAIN_ID),
        "task_id_31_bytes": ({"task_id": bytes(31)}, ErrorCode.CHANNEL_BAD_TASK_ID),
        "task_id_33_bytes": ({"task_id": bytes(33)}, ErrorCode.CHANNEL_BAD_TASK_ID),
        "seed_31_bytes": ({"seed": bytes(31)}, ErrorCode.CRYPTO_BAD_SEED),
        "peer_small_order": (
            {"remote_identity": SMALL_ORDER_ED25519},
            ErrorCode.CHANNEL_KEY_CONVERSION_FAILED,
        ),
        "peer_31_bytes": ({"remote_identity": bytes(31)}, ErrorCode.CHANNEL_KEY_CONVERSION_FAILED),
        "ephemeral_31_bytes": ({"ephemeral": bytes(31)}, ErrorCode.CHANNEL_BAD_EPHEMERAL_KEY),
        "ephemeral_33_bytes": ({"ephemeral": bytes(33)}, ErrorCode.CHANNEL_BAD_EPHEMERAL_KEY),
        "chain_id_before_task_id": (
            {"chain_id": 2**64, "task_id": bytes(31)},
            ErrorCode.CRYPTO_BAD_CHAIN_ID,
        ),
        "task_id_before_seed": (
            {"task_id": bytes(31), "seed": bytes(31)},
            ErrorCode.CHANNEL_BAD_TASK_ID,
        ),
        "seed_before_peer": (
            {"seed": bytes(31), "remote_identity": SMALL_ORDER_ED25519},
            ErrorCode.CRYPTO_BAD_SEED,
        ),
        "peer_before_ephemeral": (
            {"remote_identity": SMALL_ORDER_ED25519, "ephemeral": bytes(31)},
            ErrorCode.CHANNEL_KEY_CONVERSION_FAILED,
        ),
    }
    for case, (overrides, code) in cases.items():
        fill(
            "channel",
            "party",
            party_input("KK", "initiator", steps, **overrides),
            rejection=code,
            case=case,
        )
    messages, _ = conversation("KK", [b""], chain_id=2**64 - 1)
    fill(
        "channel",
        "party",
        party_input("KK", "initiator", steps, chain_id=2**64 - 1),
        output={
            "results": [{"message": messages[0].hex()}],
            "handshake_hash": None,
            "remote_identity": PROVIDER.hex(),
            "opening": messages[0][:32].hex(),
            "seen_openings": [],
        },
        case="chain_id_max_is_accepted",
        flags=("LIMIT",),
    )


@clauses("AIN-CHAN-PROLOGUE.1", "AIN-CHAN-AEAD.1", "AIN-CHAN-STATIC-KEYS.1")
def test_wrong_prologue_or_key_is_not_authentic(fill: Filler) -> None:
    """
    A party with another chain, another task or another key cannot read its peer's message.

    Given
    -----
    - the honest messages of the agent and the provider on chain 7, task 1;
    - a responder for chain 8, or for task 2, or expecting a stranger as its KK peer, or holding
      the stranger's seed; an initiator for task 2, or addressing the stranger.

    When
    ----
    - the responder reads message 1; the initiator writes message 1 and reads the honest
      message 2.

    Then
    ----
    - each read is rejected with CHANNEL_MESSAGE_NOT_AUTHENTIC: a wrong prologue or a wrong
      key shows only as a tag that does not verify, in IK already at the encrypted s.
    """
    for pattern in ("KK", "IK"):
        messages, _ = conversation(pattern, PAYLOADS[:2])
        read_first = [{"read": messages[0].hex()}]
        write_then_read = [{"write": PAYLOADS[0].hex()}, {"read": messages[1].hex()}]
        cases = {
            "responder_other_chain": ("responder", read_first, {"chain_id": CHAIN_ID + 1}),
            "responder_other_task": ("responder", read_first, {"task_id": OTHER_TASK_ID}),
            "responder_other_seed": ("responder", read_first, {"seed": STRANGER_SEED}),
            "initiator_other_task": ("initiator", write_then_read, {"task_id": OTHER_TASK_ID}),
            "initiator_other_peer": ("initiator", write_then_read, {"remote_identity": STRANGER}),
        }
        if pattern == "KK":
            cases["responder_expects_other_peer"] = (
                "responder",
                read_first,
                {"remote_identity": STRANGER},
            )
        for case, (role, steps, overrides) in cases.items():
            fill(
                "channel",
                "party",
                party_input(pattern, role, steps, **overrides),
                rejection=ErrorCode.CHANNEL_MESSAGE_NOT_AUTHENTIC,
                case=f"{pattern.lower()}_{case}",
            )


@clauses("AIN-CHAN-AEAD.1", "AIN-CHAN-READ.1")
def test_tampered_handshake_message(fill: Filler) -> None:
    """
    A handshake message with any one bit changed is refused.

    Given
    -----
    - the honest messages 1 and 2 of each pattern.

    When
    ----
    - the responder reads message 1, or the initiator (after writing message 1) reads message 2,
      with the low bit of one byte flipped: in e, (IK) in the encrypted s, in the payload's
      ciphertext, in its tag.

    Then
    ----
    - each is rejected with CHANNEL_MESSAGE_NOT_AUTHENTIC.
    """
    for pattern in ("KK", "IK"):
        messages, _ = conversation(pattern, PAYLOADS[:2])
        first, second = messages[0], messages[1]
        first_positions = {"e": 0, "payload": len(first) - 20, "tag": len(first) - 1}
        if pattern == "IK":
            first_positions["s"] = 40
        for where, index in first_positions.items():
            fill(
                "channel",
                "party",
                party_input(pattern, "responder", [{"read": flip(first, index).hex()}]),
                rejection=ErrorCode.CHANNEL_MESSAGE_NOT_AUTHENTIC,
                case=f"{pattern.lower()}_message_1_{where}",
                flags=("MALLEABILITY",),
            )
        for where, index in {"e": 31, "payload": 33, "tag": len(second) - 1}.items():
            steps = [{"write": PAYLOADS[0].hex()}, {"read": flip(second, index).hex()}]
            fill(
                "channel",
                "party",
                party_input(pattern, "initiator", steps),
                rejection=ErrorCode.CHANNEL_MESSAGE_NOT_AUTHENTIC,
                case=f"{pattern.lower()}_message_2_{where}",
                flags=("MALLEABILITY",),
            )


@clauses("AIN-CHAN-READ.1", "AIN-CHAN-AEAD.1")
def test_truncated_handshake_message(fill: Filler) -> None:
    """
    A handshake message too short for its next key or tag is truncated; one tag long is not.

    Given
    -----
    - the honest messages of each pattern with empty payloads (KK 48 and 48 bytes, IK 128 and
      48).

    When
    ----
    - the responder reads message 1, or the initiator reads message 2, cut short.

    Then
    ----
    - with no room for e (0 or 31 bytes), for IK's encrypted s (79 bytes), or for the payload's
      tag (KK 47, IK 95): CHANNEL_MESSAGE_TRUNCATED; with room for the tag but not the whole
      payload (IK 96 or 127): CHANNEL_MESSAGE_NOT_AUTHENTIC.
    """
    for pattern in ("KK", "IK"):
        messages, _ = conversation(pattern, [b"", b""])
        first, second = messages
        first_cuts = {0: "TRUNCATED", 31: "TRUNCATED", 47: "TRUNCATED"}
        if pattern == "IK":
            first_cuts = {
                0: "TRUNCATED",
                31: "TRUNCATED",
                79: "TRUNCATED",
                95: "TRUNCATED",
                96: "NOT_AUTHENTIC",
                127: "NOT_AUTHENTIC",
            }
        for size, outcome in first_cuts.items():
            fill(
                "channel",
                "party",
                party_input(pattern, "responder", [{"read": first[:size].hex()}]),
                rejection=ErrorCode[f"CHANNEL_MESSAGE_{outcome}"],
                case=f"{pattern.lower()}_message_1_{size}_bytes",
                flags=("MALFORMED",),
            )
        for size in (0, 31, 47):
            steps = [{"write": ""}, {"read": second[:size].hex()}]
            fill(
                "channel",
                "party",
                party_input(pattern, "initiator", steps),
                rejection=ErrorCode.CHANNEL_MESSAGE_TRUNCATED,
                case=f"{pattern.lower()}_message_2_{size}_bytes",
                flags=("MALFORMED",),
            )


SMALL_ORDER_SPELLINGS = {
    "zero": 0,
    "one": 1,
    "p_minus_one": FIELD_PRIME - 1,
    "order_8_first": 0x00B8495F16056286FDB1329CEB8D09DA6AC49FF1FAE35616AEB8413B7C7AEBE0,
    "order_8_second": 0x57119FD0DD4E22D8868E1C58C45C44045BEF839C55B1D0B1248C50A3BC959C5F,
    "p": FIELD_PRIME,
    "p_plus_one": FIELD_PRIME + 1,
    "one_top_bit": 2**255 + 1,
}


@clauses("AIN-CHAN-SMALL-ORDER.1", "AIN-CHAN-READ.1")
def test_small_order_ephemeral_is_refused(fill: Filler) -> None:
    """
    A peer's ephemeral key of small order is refused as soon as it is read.

    Given
    -----
    - a message 1 (or 2) whose first 32 bytes are a small-order u, in each spelling, followed
      by 16 bytes of zeros, or by nothing at all.

    When
    ----
    - the KK responder reads it as message 1, or the KK initiator as message 2.

    Then
    ----
    - CHANNEL_SMALL_ORDER_KEY: the key is checked before any DH and before the rest of the
      message is measured.
    """
    for name, u in SMALL_ORDER_SPELLINGS.items():
        key = u.to_bytes(32, "little")
        fill(
            "channel",
            "party",
            party_input("KK", "responder", [{"read": (key + bytes(16)).hex()}]),
            rejection=ErrorCode.CHANNEL_SMALL_ORDER_KEY,
            case=f"message_1_{name}",
            flags=("SMALL_ORDER",),
        )
    key = (1).to_bytes(32, "little")
    fill(
        "channel",
        "party",
        party_input("KK", "responder", [{"read": key.hex()}]),
        rejection=ErrorCode.CHANNEL_SMALL_ORDER_KEY,
        case="before_truncation",
        flags=("SMALL_ORDER",),
    )
    fill(
        "channel",
        "party",
        party_input("IK", "initiator", [{"write": ""}, {"read": (key + bytes(16)).hex()}]),
        rejection=ErrorCode.CHANNEL_SMALL_ORDER_KEY,
        case="message_2",
        flags=("SMALL_ORDER",),
    )


@clauses("AIN-CHAN-ORDER.1", "AIN-CHAN-WRITE.1")
def test_out_of_order(fill: Filler) -> None:
    """
    During the handshake each party writes and reads in its turn; a step out of turn is refused.

    Given
    -----
    - the honest messages of each pattern.

    When
    ----
    - the responder writes first; the initiator reads first; the initiator writes twice; the
      responder reads message 1 twice; either sets a nonce before the handshake ends; the
      initiator reads first a message too long to be read at all; the responder writes first
      a payload too long to be written at all.

    Then
    ----
    - each is rejected with CHANNEL_OUT_OF_ORDER, the turn checked before the message.
    """
    for pattern in ("KK", "IK"):
        messages, _ = conversation(pattern, PAYLOADS[:2])
        cases = {
            "responder_writes_first": ("responder", [{"write": ""}]),
            "initiator_reads_first": ("initiator", [{"read": messages[1].hex()}]),
            "initiator_writes_twice": ("initiator", [{"write": ""}, {"write": ""}]),
            "responder_reads_twice": (
                "responder",
                [{"read": messages[0].hex()}, {"read": messages[0].hex()}],
            ),
            "nonce_during_handshake": (
                "initiator",
                [{"write": ""}, {"set_send_nonce": "0"}],
            ),
            "receive_nonce_before_handshake": ("responder", [{"set_receive_nonce": "0"}]),
        }
        for case, (role, steps) in cases.items():
            fill(
                "channel",
                "party",
                party_input(pattern, role, steps),
                rejection=ErrorCode.CHANNEL_OUT_OF_ORDER,
                case=f"{pattern.lower()}_{case}",
            )
    fill(
        "channel",
        "party",
        party_input("KK", "initiator", [{"read": bytes(65536).hex()}]),
        rejection=ErrorCode.CHANNEL_OUT_OF_ORDER,
        case="before_length",
        flags=("LIMIT",),
    )
    fill(
        "channel",
        "party",
        party_input("KK", "responder", [{"write": bytes(65488).hex()}]),
        rejection=ErrorCode.CHANNEL_OUT_OF_ORDER,
        case="before_length_write",
        flags=("LIMIT",),
    )
