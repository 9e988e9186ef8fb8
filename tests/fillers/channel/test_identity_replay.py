"""Fillers for IK's identity payload and the responder's single-use rule on openings."""

from __future__ import annotations

from ain_ref import ed25519
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.channel.handshake import KeyPairX25519
from ain_ref.jobs.channel.x25519 import FIELD_PRIME, x25519_public_key_of
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.channel.common import (
    AGENT,
    INITIATOR_EPHEMERAL,
    OTHER_TASK_ID,
    PROVIDER,
    SMALL_ORDER_ED25519,
    STRANGER,
    TORSION_POINTS,
    conversation,
    digest,
    mixed_order,
    montgomery_u,
    party_input,
    raw_handshake,
)

OPENING = x25519_public_key_of(INITIATOR_EPHEMERAL)


def ik_opening(payload: bytes, static_public: bytes | None = None) -> bytes:
    """The agent's IK message 1 carrying ``payload`` as is (no identity added)."""
    state = raw_handshake("IK", initiator=True)
    if static_public is not None:
        assert state.static is not None
        state.static = KeyPairX25519(state.static.secret, static_public)
    message = state.write_message(payload)
    assert not isinstance(message, Rejection)
    return message


@clauses("AIN-CHAN-IK-IDENTITY.1", "AIN-CHAN-SMALL-ORDER.1")
def test_ik_identity_is_checked(fill: Filler) -> None:
    """
    The IK responder learns its peer from message 1's payload, and checks it against s.

    Given
    -----
    - authentic IK first messages from the agent whose payload is: empty; 31 bytes; a
      small-order Ed25519 key; the stranger's key; the agent's key with its sign bit flipped
      (the key -A, whose X25519 key is the agent's); and one whose s is the small-order u = 1.

    When
    ----
    - the provider reads it as an IK responder.

    Then
    ----
    - CHANNEL_MESSAGE_TRUNCATED (no room for 32 bytes); CHANNEL_KEY_CONVERSION_FAILED (not an
      acceptable key); CHANNEL_IDENTITY_MISMATCH (the stranger does not convert to s); the
      negated key is accepted and named, since A and -A share their X25519 key; and
      CHANNEL_SMALL_ORDER_KEY for s, checked as soon as s is decrypted.
    """
    refusals = {
        "empty": (ik_opening(b""), ErrorCode.CHANNEL_MESSAGE_TRUNCATED),
        "31_bytes": (ik_opening(AGENT[:31]), ErrorCode.CHANNEL_MESSAGE_TRUNCATED),
        "not_acceptable": (
            ik_opening(SMALL_ORDER_ED25519),
            ErrorCode.CHANNEL_KEY_CONVERSION_FAILED,
        ),
        "stranger": (ik_opening(STRANGER + b"hi"), ErrorCode.CHANNEL_IDENTITY_MISMATCH),
        "small_order_static": (
            ik_opening(AGENT, static_public=(1).to_bytes(32, "little")),
            ErrorCode.CHANNEL_SMALL_ORDER_KEY,
        ),
    }
    for case, (message, code) in refusals.items():
        fill(
            "channel",
            "party",
            party_input("IK", "responder", [{"read": message.hex()}]),
            rejection=code,
            case=case,
        )
    negated = AGENT[:31] + bytes([AGENT[31] ^ 0x80])
    fill(
        "channel",
        "party",
        party_input("IK", "responder", [{"read": ik_opening(negated + b"hi").hex()}]),
        output={
            "results": [{"payload": b"hi".hex()}],
            "handshake_hash": None,
            "remote_identity": negated.hex(),
            "opening": OPENING.hex(),
            "seen_openings": [OPENING.hex()],
        },
        case="negated_key_shares_x25519",
        flags=("EDGE_CASE",),
    )


@clauses("AIN-CHAN-REPLAY.1")
def test_replayed_opening_is_refused(fill: Filler) -> None:
    """
    A responder accepts one first message per initiator ephemeral key and task.

    Given
    -----
    - the agent's honest first message of each pattern, whose opening is its ephemeral key;
    - a responder whose memory for the task holds that opening, or only another key.

    When
    ----
    - the responder reads the message.

    Then
    ----
    - with the opening remembered: CHANNEL_OPENING_REPLAYED; with another key only: accepted.
    - the replay is judged after authentication: the same message read for task 2 with the
      opening remembered is CHANNEL_MESSAGE_NOT_AUTHENTIC, and an IK opening with a wrong
      identity is CHANNEL_IDENTITY_MISMATCH.
    """
    other_key = x25519_public_key_of(digest("another ephemeral"))
    for pattern in ("KK", "IK"):
        messages, _ = conversation(pattern, [b"open"])
        steps = [{"read": messages[0].hex()}]
        fill(
            "channel",
            "party",
            party_input(pattern, "responder", steps, seen_openings=[other_key, OPENING]),
            rejection=ErrorCode.CHANNEL_OPENING_REPLAYED,
            case=f"{pattern.lower()}_replayed",
        )
        fill(
            "channel",
            "party",
            party_input(pattern, "responder", steps, seen_openings=[other_key]),
            output={
                "results": [{"payload": b"open".hex()}],
                "handshake_hash": None,
                "remote_identity": AGENT.hex(),
                "opening": OPENING.hex(),
                "seen_openings": sorted([other_key.hex(), OPENING.hex()]),
            },
            case=f"{pattern.lower()}_fresh",
        )
        fill(
            "channel",
            "party",
            party_input(
                pattern, "responder", steps, task_id=OTHER_TASK_ID, seen_openings=[OPENING]
            ),
            rejection=ErrorCode.CHANNEL_MESSAGE_NOT_AUTHENTIC,
            case=f"{pattern.lower()}_authentication_first",
        )
    fill(
        "channel",
        "party",
        party_input(
            "IK",
            "responder",
            [{"read": ik_opening(STRANGER).hex()}],
            seen_openings=[OPENING],
        ),
        rejection=ErrorCode.CHANNEL_IDENTITY_MISMATCH,
        case="ik_identity_first",
    )


@clauses("AIN-CHAN-MIXED-ORDER.1", "AIN-CHAN-STATIC-KEYS.1", "AIN-CHAN-IK-IDENTITY.1")
def test_mixed_order_identity_is_refused(fill: Filler) -> None:
    """
    A key of prime order plus a torsion point is never a peer's identity, though it converts.

    Given
    -----
    - the keys A + T, A the agent's (or the provider's) key and T a point of order 2, 4 or 8:
      on the curve, not of small order, outside the prime-order subgroup;
    - authentic IK first messages from the agent that name A + T and carry s = conv(A + T),
      whose DH with the provider equals that of conv(A) (X25519's clamping clears T); and one
      that names A itself but carries s = conv(A + 8-torsion).

    When
    ----
    - a KK initiator or responder is opened with such a key as its peer (or with y = p + 3,
      the non-canonical spelling of a point of mixed order); the provider reads such a message
      as an IK responder.

    Then
    ----
    - CHANNEL_KEY_CONVERSION_FAILED each time A + T is named: only the subgroup check of
      [AIN-CRYPTO-PUBLIC-KEY.1] catches it; naming A with s = conv(A + T) is
      CHANNEL_IDENTITY_MISMATCH (s is compared as sent, never reduced).
    """
    for order in sorted(TORSION_POINTS):
        fill(
            "channel",
            "party",
            party_input(
                "KK", "initiator", [{"write": ""}], remote_identity=mixed_order(PROVIDER, order)
            ),
            rejection=ErrorCode.CHANNEL_KEY_CONVERSION_FAILED,
            case=f"setup_kk_initiator_order_{order}",
            flags=("SMALL_ORDER",),
        )
        named = mixed_order(AGENT, order)
        fill(
            "channel",
            "party",
            party_input(
                "IK", "responder", [{"read": ik_opening(named, montgomery_u(named)).hex()}]
            ),
            rejection=ErrorCode.CHANNEL_KEY_CONVERSION_FAILED,
            case=f"ik_named_order_{order}",
            flags=("SMALL_ORDER",),
        )
    non_canonical = (FIELD_PRIME + 3).to_bytes(32, "little")
    assert ed25519.recover_x(3, 0) is not None  # y = 3 is on the curve, of mixed order
    fill(
        "channel",
        "party",
        party_input("KK", "initiator", [{"write": ""}], remote_identity=non_canonical),
        rejection=ErrorCode.CHANNEL_KEY_CONVERSION_FAILED,
        case="setup_kk_initiator_non_canonical_y",
        flags=("NON_CANONICAL",),
    )
    fill(
        "channel",
        "party",
        party_input("KK", "responder", [], remote_identity=mixed_order(AGENT, 8)),
        rejection=ErrorCode.CHANNEL_KEY_CONVERSION_FAILED,
        case="setup_kk_responder_order_8",
        flags=("SMALL_ORDER",),
    )
    fill(
        "channel",
        "party",
        party_input(
            "IK",
            "responder",
            [{"read": ik_opening(AGENT, montgomery_u(mixed_order(AGENT, 8))).hex()}],
        ),
        rejection=ErrorCode.CHANNEL_IDENTITY_MISMATCH,
        case="ik_static_only_order_8",
        flags=("SMALL_ORDER",),
    )
