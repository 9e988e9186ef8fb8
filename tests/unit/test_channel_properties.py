"""Properties of the channel: libsodium's X25519 equals its plain twin, and handshakes hold."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ain_ref import crypto
from ain_ref.conformance.handlers.channel import run_party
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.channel import party as channel_party
from ain_ref.jobs.channel.symmetric import CipherState
from ain_ref.jobs.channel.x25519 import SMALL_ORDER_U, dh, is_small_order
from ain_ref.jobs.channel.x25519_plain import FIELD_PRIME, x25519_plain

keys = st.binary(min_size=32, max_size=32)
payloads = st.binary(max_size=80)
small_order_spellings = st.builds(
    lambda u, top_bit, add_p: (
        u + (FIELD_PRIME if add_p and u < 19 else 0) + top_bit * 2**255
    ).to_bytes(32, "little"),
    st.sampled_from(sorted(SMALL_ORDER_U)),
    st.integers(0, 1),
    st.booleans(),
)


@given(secret=keys, public_key=keys)
def test_dh_equals_the_plain_ladder(secret: bytes, public_key: bytes) -> None:
    """[AIN-CHAN-DH.1] libsodium's X25519 and RFC 7748's ladder agree; all zero is refused."""
    plain = x25519_plain(secret, public_key)
    fast = dh(secret, public_key)
    if plain == bytes(32):
        assert isinstance(fast, Rejection) and fast.code is ErrorCode.CHANNEL_DH_ALL_ZERO
    else:
        assert fast == plain


@given(secret=keys, public_key=small_order_spellings)
def test_small_order_keys_give_all_zero(secret: bytes, public_key: bytes) -> None:
    """[AIN-CHAN-SMALL-ORDER.1] Each blocked u, in any spelling, is small order: DH is zero."""
    assert is_small_order(public_key)
    assert x25519_plain(secret, public_key) == bytes(32)
    assert isinstance(dh(secret, public_key), Rejection)


@given(secret=keys, public_key=keys)
def test_keys_outside_the_list_never_give_all_zero(secret: bytes, public_key: bytes) -> None:
    """[AIN-CHAN-SMALL-ORDER.1] The list is complete: any other u gives a non-zero secret."""
    if not is_small_order(public_key):
        assert x25519_plain(secret, public_key) != bytes(32)


@st.composite
def channel_runs(draw: st.DrawFn) -> tuple[channel_party.Party, channel_party.Party, list[bytes]]:
    """Two honest parties of a random pattern, chain, task and keys, and payloads to send."""
    pattern = draw(st.sampled_from(["KK", "IK"]))
    chain_id = draw(st.integers(0, 2**64 - 1))
    task_id = draw(keys)
    initiator_seed, responder_seed = draw(keys), draw(keys)
    initiator_key = crypto.keypair_from_seed(initiator_seed)
    responder_key = crypto.keypair_from_seed(responder_seed)
    assert isinstance(initiator_key, crypto.KeyPair)
    assert isinstance(responder_key, crypto.KeyPair)
    initiator = channel_party.open_party(
        pattern,
        initiator=True,
        chain_id=chain_id,
        task_id=task_id,
        seed=initiator_seed,
        remote_identity=responder_key.public_key,
        ephemeral_secret=draw(keys),
    )
    responder = channel_party.open_party(
        pattern,
        initiator=False,
        chain_id=chain_id,
        task_id=task_id,
        seed=responder_seed,
        remote_identity=initiator_key.public_key if pattern == "KK" else None,
        ephemeral_secret=draw(keys),
    )
    assert isinstance(initiator, channel_party.Party)
    assert isinstance(responder, channel_party.Party)
    return initiator, responder, draw(st.lists(payloads, min_size=2, max_size=6))


@settings(max_examples=40)
@given(run=channel_runs())
def test_honest_parties_agree(
    run: tuple[channel_party.Party, channel_party.Party, list[bytes]],
) -> None:
    """
    [AIN-CHAN-NOISE.1] [AIN-CHAN-IK-IDENTITY.1] [AIN-CHAN-TRANSPORT.1] Every payload arrives,
    both sides end with one handshake hash, and each knows the other's identity.
    """
    initiator, responder, messages = run
    for index, payload in enumerate(messages):
        writer, reader = (initiator, responder) if index % 2 == 0 else (responder, initiator)
        message = channel_party.write(writer, payload)
        assert isinstance(message, bytes)
        assert channel_party.read(reader, message) == payload
    assert initiator.handshake_hash is not None
    assert initiator.handshake_hash == responder.handshake_hash
    assert responder.remote_identity == initiator.own_identity
    assert initiator.opening == responder.opening


@settings(max_examples=40)
@given(run=channel_runs(), position=st.integers(0, 2**16), bit=st.integers(0, 7))
def test_any_changed_bit_is_refused(
    run: tuple[channel_party.Party, channel_party.Party, list[bytes]], position: int, bit: int
) -> None:
    """[AIN-CHAN-AEAD.1] A handshake or transport message with one bit changed never reads."""
    initiator, responder, messages = run
    target = position % len(messages)
    for index, payload in enumerate(messages[: target + 1]):
        writer, reader = (initiator, responder) if index % 2 == 0 else (responder, initiator)
        message = channel_party.write(writer, payload)
        assert isinstance(message, bytes)
        if index == target:
            changed = bytearray(message)
            changed[position % len(message)] ^= 1 << bit
            assert isinstance(channel_party.read(reader, bytes(changed)), Rejection)
        else:
            assert channel_party.read(reader, message) == payload


@given(
    steps=st.lists(
        st.one_of(
            payloads.map(lambda b: {"read": b.hex()}), payloads.map(lambda b: {"write": b.hex()})
        ),
        max_size=4,
    )
)
def test_arbitrary_steps_end_in_an_output_or_a_code(steps: list[dict[str, str]]) -> None:
    """[AIN-CONV-REJECTION.1] No byte string a peer sends makes the party raise."""
    for pattern, role in (("KK", "responder"), ("IK", "responder"), ("KK", "initiator")):
        seed, peer = bytes([42]) * 32, bytes([41]) * 32
        peer_key = crypto.keypair_from_seed(peer)
        assert isinstance(peer_key, crypto.KeyPair)
        result = run_party(
            {
                "pattern": pattern,
                "role": role,
                "chain_id": "7",
                "task_id": "00" * 32,
                "seed": seed.hex(),
                "remote_identity": None
                if (pattern, role) == ("IK", "responder")
                else peer_key.public_key.hex(),
                "ephemeral": "11" * 32,
                "seen_openings": [],
                "steps": steps,
            }
        )
        assert isinstance(result, dict | Rejection)


@given(key=keys, nonce=st.integers(0, 2**64 - 2), ciphertext=st.binary(min_size=16, max_size=40))
def test_failed_decryption_keeps_the_nonce(key: bytes, nonce: int, ciphertext: bytes) -> None:
    """[AIN-CHAN-AEAD.1] A tag that fails leaves n where it was (Noise section 5.1)."""
    cipher = CipherState(key, nonce)
    result = cipher.decrypt_with_ad(b"", ciphertext)
    if isinstance(result, Rejection):
        assert cipher.nonce == nonce
    else:
        assert cipher.nonce == nonce + 1
