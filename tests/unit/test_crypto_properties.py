"""Properties of crypto: the libsodium fast path equals the plain Ed25519 twin everywhere."""

from __future__ import annotations

import nacl.bindings
from hypothesis import given, settings
from hypothesis import strategies as st

from ain_ref import crypto, ed25519
from ain_ref.errors import ErrorCode, Rejection

seeds = st.binary(min_size=32, max_size=32)
messages = st.binary(max_size=64)
small_order_points = [
    ed25519.point_decompress(y.to_bytes(32, "little"))
    for y in sorted(ed25519.SMALL_ORDER_Y_ENCODINGS)
    if y < ed25519.FIELD_PRIME
]
torsion_points = [point for point in small_order_points if point is not None]


def honest_key(seed: bytes) -> bytes:
    """The public key of a seed (always acceptable)."""
    keypair = crypto.keypair_from_seed(seed)
    assert isinstance(keypair, crypto.KeyPair)
    return keypair.public_key


@st.composite
def candidate_keys(draw: st.DrawFn) -> bytes:
    """Honest keys, honest keys plus torsion (mixed order), small-order keys, random bytes."""
    kind = draw(st.sampled_from(["honest", "mixed", "small", "random", "non_canonical"]))
    if kind == "honest":
        return honest_key(draw(seeds))
    if kind == "mixed":
        point = ed25519.point_decompress(honest_key(draw(seeds)))
        assert point is not None
        torsion = draw(st.sampled_from(torsion_points))
        return ed25519.point_compress(ed25519.point_add(point, torsion))
    if kind == "small":
        y_value = draw(st.sampled_from(sorted(ed25519.SMALL_ORDER_Y_ENCODINGS)))
        return (y_value | (draw(st.integers(0, 1)) << 255)).to_bytes(32, "little")
    if kind == "non_canonical":
        y_value = ed25519.FIELD_PRIME + draw(st.integers(0, 18))
        return (y_value | (draw(st.integers(0, 1)) << 255)).to_bytes(32, "little")
    return draw(st.binary(min_size=32, max_size=32))


@given(candidate_keys())
@settings(max_examples=60)
def test_key_acceptance_fast_equals_plain(key: bytes) -> None:
    """[AIN-CRYPTO-PUBLIC-KEY.1] libsodium's is_valid_point is exactly the plain rule."""
    assert crypto.is_acceptable_public_key(key) == ed25519.is_acceptable_public_key(key)


@given(seeds, messages)
@settings(max_examples=25)
def test_keypair_and_signing_fast_equal_plain(seed: bytes, message: bytes) -> None:
    """[AIN-CRYPTO-KEYPAIR.1] libsodium's keys and signatures equal the plain twin's."""
    key = honest_key(seed)
    assert key == ed25519.public_key_from_seed_plain(seed)
    assert crypto.is_acceptable_public_key(key)
    signature = nacl.bindings.crypto_sign(message, seed + key)[:64]
    assert signature == ed25519.sign_plain(seed, message)


@st.composite
def signature_cases(draw: st.DrawFn) -> tuple[bytes, bytes, bytes]:
    """A valid signature, then maybe one mutation of key, message, R or S."""
    seed, message = draw(seeds), draw(messages)
    key = honest_key(seed)
    signature = ed25519.sign_plain(seed, message)
    r_part, s_part = signature[:32], signature[32:]
    mutation = draw(
        st.sampled_from(
            ["none", "s_plus_l", "s_high", "r_small", "r_flip", "message", "key", "torsion_r"]
        )
    )
    if mutation == "s_plus_l":
        s_value = int.from_bytes(s_part, "little") + ed25519.GROUP_ORDER
        s_part = s_value.to_bytes(32, "little")
    elif mutation == "s_high":
        s_part = draw(st.binary(min_size=32, max_size=32))
    elif mutation == "r_small":
        y_value = draw(st.sampled_from(sorted(ed25519.SMALL_ORDER_Y_ENCODINGS)))
        r_part = y_value.to_bytes(32, "little")
    elif mutation == "r_flip":
        bit = draw(st.integers(0, 255))
        r_part = (int.from_bytes(r_part, "little") ^ (1 << bit)).to_bytes(32, "little")
    elif mutation == "message":
        message = message + b"\x00"
    elif mutation == "key":
        key = draw(candidate_keys())
    elif mutation == "torsion_r":
        point = ed25519.point_decompress(r_part)
        assert point is not None
        r_part = ed25519.point_compress(
            ed25519.point_add(point, draw(st.sampled_from(torsion_points)))
        )
    return key, message, r_part + s_part


@given(signature_cases())
@settings(max_examples=40)
def test_verification_fast_equals_plain(case: tuple[bytes, bytes, bytes]) -> None:
    """[AIN-CRYPTO-SIG-VALID.1] Same verdict and same code from libsodium and the plain rule."""
    key, message, signature = case
    fast = crypto.verify_ed25519(key, message, signature)
    plain = ed25519.verify_signature_plain(key, message, signature)
    assert (fast.code if fast is not None else None) == plain


@given(seeds)
@settings(max_examples=20)
def test_channel_keys_agree(seed: bytes) -> None:
    """[AIN-CRYPTO-X25519.1] X25519(secret, 9) is the converted public key; fast equals plain."""
    key = honest_key(seed)
    public = crypto.x25519_public_key(key)
    secret = crypto.x25519_secret_key(seed)
    assert isinstance(public, bytes) and isinstance(secret, bytes)
    assert public == ed25519.x25519_public_key_plain(key)
    assert secret == ed25519.x25519_secret_key_plain(seed)
    assert nacl.bindings.crypto_scalarmult_base(secret) == public


@given(candidate_keys())
@settings(max_examples=40)
def test_channel_key_exists_exactly_for_acceptable_keys(key: bytes) -> None:
    """[AIN-CRYPTO-X25519.1] Conversion succeeds if and only if the key is acceptable."""
    converted = crypto.x25519_public_key(key)
    if ed25519.is_acceptable_public_key(key):
        assert converted == ed25519.x25519_public_key_plain(key)
    else:
        assert isinstance(converted, Rejection)
        assert converted.code is ErrorCode.CHANNEL_KEY_CONVERSION_FAILED


@given(seeds, st.data())
@settings(max_examples=30)
def test_address_text_round_trips_and_catches_one_typo(seed: bytes, data: st.DataObject) -> None:
    """[AIN-CRYPTO-ADDRESS-TEXT.1] [AIN-CRYPTO-ADDRESS-CHECKSUM.1] One changed digit is refused."""
    key = honest_key(seed)
    text = crypto.format_address(key)
    assert crypto.parse_address(text) == crypto.Address(key)
    position = data.draw(st.integers(3, len(text) - 1))
    replacement = data.draw(
        st.sampled_from("0123456789abcdef").filter(lambda c: c != text[position])
    )
    typo = text[:position] + replacement + text[position + 1 :]
    rejection = crypto.parse_address(typo)
    assert isinstance(rejection, Rejection)
    assert rejection.code in (
        ErrorCode.ADDRESS_BAD_CHECKSUM,
        ErrorCode.CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE,
    )


def test_small_order_table_is_the_eight_small_order_points() -> None:
    """[AIN-CRYPTO-SIG-VALID.1] Each canonical value is a point of order 1, 2, 4 or 8."""
    canonical = [y for y in ed25519.SMALL_ORDER_Y_ENCODINGS if y < ed25519.FIELD_PRIME]
    assert len(canonical) == 5
    for y_value in canonical:
        for sign in (0, 1):
            point = ed25519.point_decompress((y_value | sign << 255).to_bytes(32, "little"))
            if point is None:  # x = 0 has no negative
                assert y_value in (1, ed25519.FIELD_PRIME - 1)
                continue
            assert ed25519.points_equal(ed25519.scalar_multiply(8, point), ed25519.IDENTITY)


def test_signing_digest_refuses_out_of_range_chain_ids() -> None:
    """[AIN-CRYPTO-SIGN-MESSAGE.1] Chain ids are 0 .. 2**64 - 1; bool is not an integer."""
    for chain_id in (-1, 2**64, True):
        rejection = crypto.signing_digest(crypto.DomainTag.TRANSACTION, chain_id, b"")
        assert isinstance(rejection, Rejection) and rejection.code is ErrorCode.CRYPTO_BAD_CHAIN_ID
    assert isinstance(crypto.signing_digest(crypto.DomainTag.TRANSACTION, 2**64 - 1, b""), bytes)
