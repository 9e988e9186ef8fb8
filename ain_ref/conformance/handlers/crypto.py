"""
Handlers of the crypto area: tagged hashes, keys, addresses, signatures, channel keys.

Spec: spec/crypto.md; spec/conformance.md ([AIN-CONF-HANDLER.1]).
Layer: conformance. Imports crypto.
"""

from __future__ import annotations

from ain_ref import crypto
from ain_ref.conformance.handlers.base import Handler, HandlerResult
from ain_ref.conformance.typed_json import (
    JsonObject,
    field,
    parse_decimal,
    parse_hex,
    text_of,
)
from ain_ref.errors import Rejection


def run_tagged_hash(vector_input: JsonObject) -> HandlerResult:
    """Hash ``input.data`` under ``input.tag`` [AIN-CRYPTO-TAGGED-HASH.1]."""
    tag = crypto.parse_domain_tag(text_of(vector_input, "tag"))
    if isinstance(tag, Rejection):
        return tag
    data = parse_hex(field(vector_input, "data"), "data")
    return {"hash": crypto.tagged_hash(tag, data).hex()}


def run_keypair(vector_input: JsonObject) -> HandlerResult:
    """Derive the public key and address of ``input.seed`` [AIN-CRYPTO-KEYPAIR.1]."""
    keypair = crypto.keypair_from_seed(parse_hex(field(vector_input, "seed"), "seed"))
    if isinstance(keypair, Rejection):
        return keypair
    return {
        "public_key": keypair.public_key.hex(),
        "address": crypto.format_address(keypair.public_key),
    }


def run_parse_address(vector_input: JsonObject) -> HandlerResult:
    """Parse ``input.text`` as an address [AIN-CRYPTO-ADDRESS-TEXT.1]."""
    address = crypto.parse_address(text_of(vector_input, "text"))
    if isinstance(address, Rejection):
        return address
    return {"public_key": address.public_key.hex()}


def signing_inputs(vector_input: JsonObject) -> tuple[crypto.DomainTag, int, bytes] | Rejection:
    """Read tag, chain id and payload, the three things a protocol signature binds."""
    tag = crypto.parse_domain_tag(text_of(vector_input, "tag"))
    if isinstance(tag, Rejection):
        return tag
    chain_id = parse_decimal(field(vector_input, "chain_id"), "chain_id")
    return tag, chain_id, parse_hex(field(vector_input, "payload"), "payload")


def run_sign(vector_input: JsonObject) -> HandlerResult:
    """
    Sign ``input.payload`` under tag and chain id with ``input.seed``.

    References
    ----------
    [AIN-CRYPTO-SIGN.1] Tag, then chain id, then seed.
    """
    seed = parse_hex(field(vector_input, "seed"), "seed")
    inputs = signing_inputs(vector_input)
    if isinstance(inputs, Rejection):
        return inputs
    tag, chain_id, payload = inputs
    digest = crypto.signing_digest(tag, chain_id, payload)
    if isinstance(digest, Rejection):
        return digest
    signature = crypto.sign(seed, tag, chain_id, payload)
    if isinstance(signature, Rejection):
        return signature
    return {"digest": digest.hex(), "signature": signature.hex()}


def run_verify(vector_input: JsonObject) -> HandlerResult:
    """Verify a protocol signature [AIN-CRYPTO-VERIFY.1]: tag, chain id, then the signature."""
    inputs = signing_inputs(vector_input)
    if isinstance(inputs, Rejection):
        return inputs
    tag, chain_id, payload = inputs
    rejection = crypto.verify(
        parse_hex(field(vector_input, "public_key"), "public_key"),
        tag,
        chain_id,
        payload,
        parse_hex(field(vector_input, "signature"), "signature"),
    )
    return rejection if rejection is not None else {"valid": True}


def run_verify_ed25519(vector_input: JsonObject) -> HandlerResult:
    """Verify a raw Ed25519 signature of ``input.message`` [AIN-CRYPTO-SIG-VALID.1]."""
    rejection = crypto.verify_ed25519(
        parse_hex(field(vector_input, "public_key"), "public_key"),
        parse_hex(field(vector_input, "message"), "message"),
        parse_hex(field(vector_input, "signature"), "signature"),
    )
    return rejection if rejection is not None else {"valid": True}


def run_x25519_public_key(vector_input: JsonObject) -> HandlerResult:
    """Convert an Ed25519 key to its X25519 key [AIN-CRYPTO-X25519.1]."""
    converted = crypto.x25519_public_key(parse_hex(field(vector_input, "public_key"), "public_key"))
    if isinstance(converted, Rejection):
        return converted
    return {"x25519_public_key": converted.hex()}


def run_x25519_secret_key(vector_input: JsonObject) -> HandlerResult:
    """Derive the X25519 secret of a seed [AIN-CRYPTO-X25519.1]."""
    secret = crypto.x25519_secret_key(parse_hex(field(vector_input, "seed"), "seed"))
    if isinstance(secret, Rejection):
        return secret
    return {"x25519_secret_key": secret.hex()}


HANDLERS = (
    Handler(
        "crypto",
        "tagged_hash",
        run_tagged_hash,
        call="tagged_hash(input.tag, input.data)",
        compare="output.hash or the rejection code",
        clauses=("AIN-CRYPTO-TAGGED-HASH.1",),
    ),
    Handler(
        "crypto",
        "keypair",
        run_keypair,
        call="derive the key pair of input.seed",
        compare="output.public_key and output.address, or the rejection code",
        clauses=("AIN-CRYPTO-KEYPAIR.1", "AIN-CRYPTO-ADDRESS-TEXT.1"),
    ),
    Handler(
        "crypto",
        "parse_address",
        run_parse_address,
        call="parse input.text as an address",
        compare="output.public_key or the rejection code",
        clauses=(
            "AIN-CRYPTO-ADDRESS-TEXT.1",
            "AIN-CRYPTO-ADDRESS-CHECKSUM.1",
            "AIN-CRYPTO-ADDRESS.1",
        ),
    ),
    Handler(
        "crypto",
        "sign",
        run_sign,
        call="sign input.payload with input.seed under input.tag and input.chain_id",
        compare="output.digest and output.signature, or the rejection code",
        clauses=("AIN-CRYPTO-SIGN.1", "AIN-CRYPTO-SIGN-TAGS.1", "AIN-CRYPTO-SIGN-MESSAGE.1"),
    ),
    Handler(
        "crypto",
        "verify",
        run_verify,
        call="verify input.signature of input.payload under tag, chain id and public key",
        compare='output {"valid": true} or the rejection code',
        clauses=("AIN-CRYPTO-VERIFY.1", "AIN-CRYPTO-SIGN-MESSAGE.1", "AIN-CRYPTO-SIG-VALID.1"),
    ),
    Handler(
        "crypto",
        "verify_ed25519",
        run_verify_ed25519,
        call="verify the raw Ed25519 input.signature of input.message under input.public_key",
        compare='output {"valid": true} or the rejection code',
        clauses=("AIN-CRYPTO-SIG-FORMAT.2", "AIN-CRYPTO-SIG-VALID.1"),
    ),
    Handler(
        "crypto",
        "x25519_public_key",
        run_x25519_public_key,
        call="convert input.public_key (Ed25519) to X25519",
        compare="output.x25519_public_key or the rejection code",
        clauses=("AIN-CRYPTO-X25519.1",),
    ),
    Handler(
        "crypto",
        "x25519_secret_key",
        run_x25519_secret_key,
        call="derive the X25519 secret of input.seed",
        compare="output.x25519_secret_key or the rejection code",
        clauses=("AIN-CRYPTO-X25519.1",),
    ),
)
