"""
Hypothesis strategies for handler inputs: fresh cases for differential fuzzing.

Each strategy yields a vector ``input`` for one handler, mixing well-formed inputs, inputs at
the limits, and mutations that should be rejected.

Spec: spec/conformance.md, "Differential fuzzing" ([AIN-CONF-FUZZ.2]).
Layer: conformance tooling (needs the test extra: hypothesis).
"""

from __future__ import annotations

import hashlib
from typing import Any

import nacl.signing
from hypothesis import strategies as st

from ain_ref import crypto, ed25519
from ain_ref.conformance.state_strategies import STATE_STRATEGIES
from ain_ref.conformance.typed_json import to_typed_json
from ain_ref.conformance.vector_strategies import VECTOR_GROWN_STRATEGIES
from ain_ref.encoding import INTEGER_MAX, INTEGER_MIN, CborValue, encode

HandlerInput = dict[str, Any]

scalar_values = (
    st.none()
    | st.booleans()
    | st.integers(INTEGER_MIN, INTEGER_MAX)
    | st.sampled_from([23, 24, 255, 256, 65535, 65536, 2**32, -24, -25, INTEGER_MIN, INTEGER_MAX])
    | st.binary(max_size=24)
    | st.text(max_size=12)
)
data_model_values: st.SearchStrategy[CborValue] = st.recursive(
    scalar_values,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children, max_size=4)
    ),
    max_leaves=12,
)


def mutated(encoded: bytes) -> st.SearchStrategy[bytes]:
    """A byte replaced, inserted or deleted, or the tail cut."""
    if not encoded:
        return st.just(encoded)
    position = st.integers(0, len(encoded) - 1)
    byte = st.integers(0, 255)
    return st.one_of(
        st.just(encoded),
        st.tuples(position, byte).map(
            lambda c: encoded[: c[0]] + bytes([c[1]]) + encoded[c[0] + 1 :]
        ),
        st.tuples(position, byte).map(lambda c: encoded[: c[0]] + bytes([c[1]]) + encoded[c[0] :]),
        position.map(lambda cut: encoded[:cut] + encoded[cut + 1 :]),
        position.map(lambda cut: encoded[:cut]),
    )


@st.composite
def widened_heads(draw: st.DrawFn) -> bytes:
    """An integer, string or container head written wider than it needs, maybe nested."""
    major_type = draw(st.integers(0, 5))
    argument = draw(st.integers(0, 300))
    additional_info = draw(st.integers(24, 27))
    width = {24: 1, 25: 2, 26: 4, 27: 8}[additional_info]
    argument = min(argument, (1 << (8 * width)) - 1)
    head = bytes([major_type << 5 | additional_info]) + argument.to_bytes(width, "big")
    content = b"a" * argument if major_type in (2, 3) else b"\x00" * argument
    prefix: bytes = draw(st.sampled_from([b"", b"\x81", b"\xa1\x61\x6b"]))
    return prefix + head + content


decode_inputs = (
    st.binary(max_size=32) | data_model_values.map(encode).flatmap(mutated) | widened_heads()
).map(lambda data: {"bytes": data.hex()})
texts_with_surrogates = st.text(st.characters(categories=["Cs"]) | st.characters(), max_size=4)
"""Text that may hold a lone surrogate: JSON can spell one, UTF-8 cannot [AIN-ENC-ENCODE.2]."""
unencodable_values: st.SearchStrategy[Any] = st.recursive(
    texts_with_surrogates | st.integers(INTEGER_MIN - 4, INTEGER_MIN - 1),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(texts_with_surrogates, children, max_size=3)
    ),
    max_leaves=6,
)
encode_inputs = (
    data_model_values
    | unencodable_values
    | st.integers(INTEGER_MIN - 4, INTEGER_MIN)
    | st.integers(INTEGER_MAX, INTEGER_MAX + 4)
).map(lambda value: {"value": to_typed_json(value)})

tags = st.sampled_from([tag.value for tag in crypto.DomainTag] + ["AIN/unknown", ""])
seeds = st.binary(min_size=32, max_size=32).map(bytes.hex) | st.binary(max_size=40).map(bytes.hex)
chain_ids = st.integers(-2, 2**64 + 2).map(str)


@st.composite
def signature_inputs(draw: st.DrawFn, protocol: bool) -> HandlerInput:
    """A signature, honest or mutated, with its key and message."""
    seed = draw(st.binary(min_size=32, max_size=32))
    keypair = crypto.keypair_from_seed(seed)
    assert isinstance(keypair, crypto.KeyPair)
    message = draw(st.binary(max_size=24))
    tag, chain_id = crypto.DomainTag.TRANSACTION, draw(st.integers(0, 3))
    signed = crypto.signing_digest(tag, chain_id, message) if protocol else message
    assert isinstance(signed, bytes)
    honest = nacl.signing.SigningKey(seed).sign(signed).signature
    torsion_index = draw(st.integers(0, len(TORSION_POINTS) - 1))
    signature = draw(
        mutated(honest)
        | st.just(honest)
        | st.just(signature_with_torsion_in_r(seed, signed, torsion_index))
    )
    key = draw(st.just(keypair.public_key) | mutated(keypair.public_key))
    base = {"public_key": key.hex(), "signature": signature.hex()}
    if not protocol:
        return {**base, "message": message.hex()}
    return {
        **base,
        "tag": draw(st.just(tag.value) | tags),
        "chain_id": draw(st.just(str(chain_id)) | chain_ids),
        "payload": message.hex(),
    }


def torsion_points() -> tuple[ed25519.Point, ...]:
    """The seven points of small order other than the identity (orders 2, 4 and 8)."""
    points: list[ed25519.Point] = []
    for y_value in sorted(ed25519.SMALL_ORDER_Y_ENCODINGS):
        for sign in (0, 1):
            encoding = (y_value | sign << 255).to_bytes(32, "little")
            point = ed25519.point_decompress(encoding)
            if point is None or y_value == 1 or ed25519.point_compress(point) != encoding:
                continue
            if not any(ed25519.points_equal(point, known) for known in points):
                points.append(point)
    return tuple(points)


TORSION_POINTS: tuple[ed25519.Point, ...] = torsion_points()
"""T of order 2, 4 (two) and 8 (four): the small-order points a cofactored verifier ignores."""


def signature_with_torsion_in_r(seed: bytes, message: bytes, torsion_index: int) -> bytes:
    """
    A signature that a cofactored verifier accepts and the protocol's cofactorless rule refuses.

    With the seed's honest key A = [a]B and a nonce r: R' = [r]B + T for a point T of small
    order, k = SHA-512(R' || A || M) mod L, S = r + k a mod L. Then [S]B - [k]A = [r]B, which
    differs from R' by T: the cofactorless equation fails (CRYPTO_SIGNATURE_INVALID) while
    [8]([S]B - [k]A - R') = [8](-T) is the identity, so the cofactored equation holds. The key
    is honest (acceptable), S < L and R' is of mixed order, so every earlier check passes.

    References
    ----------
    [AIN-CRYPTO-SIG-VALID.1] The equation is the cofactorless one.
    """
    hashed_seed = hashlib.sha512(seed).digest()
    secret_scalar = ed25519.clamp_scalar(hashed_seed[:32])
    public_key = ed25519.point_compress(ed25519.scalar_multiply(secret_scalar, ed25519.BASE_POINT))
    nonce_hash = hashlib.sha512(hashed_seed[32:] + message + b"torsion").digest()
    nonce = int.from_bytes(nonce_hash, "little") % ed25519.GROUP_ORDER
    torsion = TORSION_POINTS[torsion_index % len(TORSION_POINTS)]
    r_point = ed25519.point_add(ed25519.scalar_multiply(nonce, ed25519.BASE_POINT), torsion)
    r_encoding = ed25519.point_compress(r_point)
    k_scalar = ed25519.challenge_scalar(r_encoding, public_key, message)
    s_scalar = (nonce + k_scalar * secret_scalar) % ed25519.GROUP_ORDER
    return r_encoding + s_scalar.to_bytes(32, "little")


@st.composite
def address_texts(draw: st.DrawFn) -> HandlerInput:
    """An address text, often with one character changed, dropped or upper-cased."""
    keypair = crypto.keypair_from_seed(draw(st.binary(min_size=32, max_size=32)))
    assert isinstance(keypair, crypto.KeyPair)
    text = crypto.format_address(keypair.public_key)
    position = draw(st.integers(0, len(text) - 1))
    variant = draw(st.sampled_from(["same", "change", "drop", "upper", "wide"]))
    if variant == "change":
        text = text[:position] + draw(st.sampled_from("0123456789abcdefgA")) + text[position + 1 :]
    elif variant == "wide":  # one character that UTF-8 and UTF-16 measure otherwise
        wide = draw(st.sampled_from(["\u00e9", "\uff61", "\U00010000", "\ud800"]))
        text = text[:position] + wide + text[position + draw(st.integers(0, 1)) :]
    elif variant == "drop":
        text = text[:position] + text[position + 1 :]
    elif variant == "upper":
        text = text.upper()
    return {"text": text}


HANDLER_STRATEGIES: dict[tuple[str, str], st.SearchStrategy[HandlerInput]] = {
    ("encoding", "decode"): decode_inputs,
    ("encoding", "encode"): encode_inputs,
    ("crypto", "tagged_hash"): st.fixed_dictionaries(
        {"tag": tags, "data": st.binary(max_size=24).map(bytes.hex)}
    ),
    ("crypto", "keypair"): st.fixed_dictionaries({"seed": seeds}),
    ("crypto", "parse_address"): address_texts(),
    ("crypto", "sign"): st.fixed_dictionaries(
        {
            "seed": seeds,
            "tag": tags,
            "chain_id": chain_ids,
            "payload": st.binary(max_size=16).map(bytes.hex),
        }
    ),
    ("crypto", "verify"): signature_inputs(protocol=True),
    ("crypto", "verify_ed25519"): signature_inputs(protocol=False),
    ("crypto", "x25519_public_key"): st.fixed_dictionaries(
        {"public_key": st.binary(min_size=31, max_size=33).map(bytes.hex)}
    )
    | seeds.filter(lambda s: len(s) == 64).map(
        lambda s: {"public_key": crypto.keypair_from_seed(bytes.fromhex(s)).public_key.hex()}  # type: ignore[union-attr]
    ),
    ("crypto", "x25519_secret_key"): st.fixed_dictionaries({"seed": seeds}),
    **STATE_STRATEGIES,
    **VECTOR_GROWN_STRATEGIES,
}
"""The input strategy of every handler that can be fuzzed."""
