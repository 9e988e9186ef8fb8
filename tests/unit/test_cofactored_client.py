"""A cofactored Ed25519 verifier, a plausible wrong client: the crypto vectors must fail it."""

from __future__ import annotations

import json
from pathlib import Path

from ain_ref import crypto, ed25519
from ain_ref.errors import ErrorCode, Rejection

VECTORS = Path(__file__).parents[2] / "vectors" / "crypto"
SEPARATING_VECTORS = (
    "crypto/verify_ed25519/cofactored_equation_is_not_enough_",
    "crypto/verify/cofactored_protocol_signature_is_refused",
)


def verify_cofactored(public_key: bytes, message: bytes, signature: bytes) -> ErrorCode | None:
    """
    The protocol's checks in the protocol's order, except the equation: [8][S]B = [8]R + [8][k]A.

    This is RFC 8032's permitted (cofactored) equation: the one mistake a client most easily
    makes while otherwise following spec/crypto.md.
    """
    if len(public_key) != 32:
        return ErrorCode.CRYPTO_BAD_PUBLIC_KEY_LENGTH
    if len(signature) != 64:
        return ErrorCode.CRYPTO_BAD_SIGNATURE_LENGTH
    if not ed25519.is_acceptable_public_key(public_key):
        return ErrorCode.CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE
    r_encoding, s_scalar = signature[:32], int.from_bytes(signature[32:], "little")
    if s_scalar >= ed25519.GROUP_ORDER:
        return ErrorCode.CRYPTO_SIGNATURE_S_OUT_OF_RANGE
    if ed25519.encoded_y(r_encoding) in ed25519.SMALL_ORDER_Y_ENCODINGS:
        return ErrorCode.CRYPTO_SIGNATURE_R_SMALL_ORDER
    r_point = ed25519.point_decompress(r_encoding)
    a_point = ed25519.point_decompress(public_key)
    if r_point is None or a_point is None:
        return ErrorCode.CRYPTO_SIGNATURE_INVALID
    k_scalar = ed25519.challenge_scalar(r_encoding, public_key, message)
    left = ed25519.scalar_multiply(8 * s_scalar, ed25519.BASE_POINT)
    right = ed25519.point_add(
        ed25519.scalar_multiply(8, r_point), ed25519.scalar_multiply(8 * k_scalar, a_point)
    )
    return None if ed25519.points_equal(left, right) else ErrorCode.CRYPTO_SIGNATURE_INVALID


def client_answer(handler: str, vector_input: dict[str, str]) -> str | None:
    """The cofactored client's answer to one vector: a code, or None for valid."""
    public_key = bytes.fromhex(vector_input["public_key"])
    signature = bytes.fromhex(vector_input["signature"])
    if handler == "verify_ed25519":
        message = bytes.fromhex(vector_input["message"])
    else:
        tag = crypto.parse_domain_tag(vector_input["tag"])
        if isinstance(tag, Rejection):
            return str(tag.code)
        digest = crypto.signing_digest(
            tag, int(vector_input["chain_id"]), bytes.fromhex(vector_input["payload"])
        )
        if isinstance(digest, Rejection):
            return str(digest.code)
        message = digest
    code = verify_cofactored(public_key, message, signature)
    return None if code is None else str(code)


def failed_vectors() -> tuple[list[str], int]:
    """The signature vectors the cofactored client fails, and how many it ran."""
    failed, count = [], 0
    for handler in ("verify_ed25519", "verify"):
        for path in sorted((VECTORS / handler).glob("*.json")):
            document = json.loads(path.read_text())
            count += 1
            expected = document["expected"]
            wanted = expected["rejected"]["code"] if "rejected" in expected else None
            if client_answer(handler, document["input"]) != wanted:
                failed.append(document["meta"]["id"])
    return failed, count


def test_cofactored_verifier_fails_exactly_the_separating_vectors() -> None:
    """[AIN-CRYPTO-SIG-VALID.1] The torsion-in-R vectors catch a cofactored client; before them,
    it passed every signature vector (the Wycheproof and speccheck cases included)."""
    failed, count = failed_vectors()
    assert count > 180
    assert len(failed) == 15, failed
    assert all(vector_id.startswith(SEPARATING_VECTORS) for vector_id in failed), failed


def test_cofactored_verifier_accepts_honest_signatures() -> None:
    """The wrong client is otherwise right: it accepts what honest signers produce."""
    seed = bytes(range(32))
    keypair = crypto.keypair_from_seed(seed)
    assert isinstance(keypair, crypto.KeyPair)
    assert verify_cofactored(keypair.public_key, b"m", ed25519.sign_plain(seed, b"m")) is None


def test_fuzz_strategy_generates_separating_signatures() -> None:
    """[AIN-CONF-FUZZ.2] The verify_ed25519 fuzz strategy finds inputs that separate the two."""
    from hypothesis import find, settings

    from ain_ref.conformance.strategies import HANDLER_STRATEGIES

    def separates(vector_input: dict[str, str]) -> bool:
        reference = crypto.verify_ed25519(
            bytes.fromhex(vector_input["public_key"]),
            bytes.fromhex(vector_input["message"]),
            bytes.fromhex(vector_input["signature"]),
        )
        return reference is not None and client_answer("verify_ed25519", vector_input) is None

    found = find(
        HANDLER_STRATEGIES[("crypto", "verify_ed25519")],
        separates,
        settings=settings(database=None, derandomize=True, max_examples=400),
    )
    assert separates(found)
