"""Fillers for the channel's X25519: RFC 7748's vectors, and the all-zero refusal."""

from __future__ import annotations

from ain_ref import ed25519
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.channel.common import TORSION_POINTS, mixed_order, montgomery_u

P = 2**255 - 19
ORDER_8_U = (
    0x00B8495F16056286FDB1329CEB8D09DA6AC49FF1FAE35616AEB8413B7C7AEBE0,
    0x57119FD0DD4E22D8868E1C58C45C44045BEF839C55B1D0B1248C50A3BC959C5F,
)
ALICE_SECRET = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"
BOB_SECRET = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"


def u_bytes(u: int) -> str:
    """A u coordinate as 32 little-endian bytes, in hex (any value below 2**256)."""
    return u.to_bytes(32, "little").hex()


@clauses("AIN-CHAN-DH.1")
def test_rfc7748_vectors(fill: Filler) -> None:
    """
    X25519 gives RFC 7748's results, the top bit of u ignored.

    Given
    -----
    - the two scalar/u pairs of RFC 7748 section 5.2 (the second u has its top bit set);
    - Alice's and Bob's secrets of RFC 7748 section 6.1, with the base point 9 and each other's
      public key.

    When
    ----
    - the exchange is computed.

    Then
    ----
    - the outputs are RFC 7748's, byte for byte; Alice and Bob share
      4a5d9d5b...1e161742.
    """
    cases = {
        "section_5_2_first": (
            "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
            "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
            "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
        ),
        "section_5_2_second_top_bit_set": (
            "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
            "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
            "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
        ),
        "alice_public_key": (
            ALICE_SECRET,
            u_bytes(9),
            "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
        ),
        "bob_public_key": (
            BOB_SECRET,
            u_bytes(9),
            "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
        ),
        "alice_shares_with_bob": (
            ALICE_SECRET,
            "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
            "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
        ),
        "bob_shares_with_alice": (
            BOB_SECRET,
            "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
            "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
        ),
    }
    for case, (secret, public_key, shared) in cases.items():
        fill(
            "channel",
            "x25519",
            {"secret": secret, "public_key": public_key},
            output={"shared_secret": shared},
            case=case,
        )


@clauses("AIN-CHAN-DH.1")
def test_small_order_u_gives_all_zero(fill: Filler) -> None:
    """
    Every u of small order, in every spelling, makes the shared secret all zero: refused.

    Given
    -----
    - Alice's secret, and u = 0, 1, p - 1 and the two u of order 8, each written canonically,
      with its top bit set, and (for 0 and 1) as p and p + 1.

    When
    ----
    - the exchange is computed.

    Then
    ----
    - each is rejected with CHANNEL_DH_ALL_ZERO.
    """
    spellings = {
        "zero": 0,
        "one": 1,
        "p_minus_one": P - 1,
        "order_8_first": ORDER_8_U[0],
        "order_8_second": ORDER_8_U[1],
        "p": P,
        "p_plus_one": P + 1,
        "zero_top_bit": 2**255,
        "one_top_bit": 2**255 + 1,
        "p_minus_one_top_bit": 2**255 + P - 1,
        "order_8_first_top_bit": 2**255 + ORDER_8_U[0],
        "order_8_second_top_bit": 2**255 + ORDER_8_U[1],
    }
    for case, u in spellings.items():
        fill(
            "channel",
            "x25519",
            {"secret": ALICE_SECRET, "public_key": u_bytes(u)},
            rejection=ErrorCode.CHANNEL_DH_ALL_ZERO,
            case=case,
            flags=("SMALL_ORDER",),
        )


@clauses("AIN-CHAN-DH.1")
def test_non_canonical_u_is_reduced(fill: Filler) -> None:
    """
    A u of p or more is taken mod p (RFC 7748 section 5), never refused for its spelling.

    Given
    -----
    - Alice's secret with u = p + 9, which is the base point 9 spelled non-canonically.

    When
    ----
    - the exchange is computed.

    Then
    ----
    - the result is Alice's public key, as with u = 9.
    """
    fill(
        "channel",
        "x25519",
        {"secret": ALICE_SECRET, "public_key": u_bytes(P + 9)},
        output={
            "shared_secret": "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
        },
        flags=("NON_CANONICAL",),
    )


@clauses("AIN-CHAN-DH.1", "AIN-CHAN-MIXED-ORDER.1")
def test_mixed_order_u_is_computed(fill: Filler) -> None:
    """
    X25519 computes a u of mixed order (prime order plus torsion) like any other: the clamped
    secret, a multiple of 8, clears the torsion.

    Given
    -----
    - Alice's secret, and the u of the Ed25519 points B + T (B the base point, whose u is 9; T
      of order 2, 4 or 8), none of small order.

    When
    ----
    - the exchange is computed.

    Then
    ----
    - the result is Alice's public key, as with u = 9: neither refused nor different. Only the
      identity's subgroup check ([AIN-CRYPTO-PUBLIC-KEY.1]) tells such a key apart.
    """
    base = ed25519.point_compress(ed25519.BASE_POINT)
    assert montgomery_u(base) == (9).to_bytes(32, "little")
    for order in sorted(TORSION_POINTS):
        u = montgomery_u(mixed_order(base, order))
        fill(
            "channel",
            "x25519",
            {"secret": ALICE_SECRET, "public_key": u.hex()},
            output={
                "shared_secret": "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
            },
            case=f"order_{order}",
            flags=("SMALL_ORDER",),
        )
