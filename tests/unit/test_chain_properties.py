"""Properties of transaction decoding: the fast reads equal the plain definitions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ain_ref.chain import (
    AFTER_BODY,
    BEFORE_SIGNATURE,
    BEFORE_SIGNER,
    BODY_START,
    SIGNATURE_BYTES,
    SignedTransaction,
    decode_transaction,
    decode_transaction_plain,
    encode_transaction,
)
from ain_ref.conformance.strategies import data_model_values, mutated
from ain_ref.encoding import CborValue, encode

U64 = st.integers(0, 2**64 - 1)
bodies = st.fixed_dictionaries(
    {"chain_id": U64, "nonce": U64 | st.none(), "timestamp": U64, "operation": data_model_values},
    optional={"expires_at": U64},
)


@given(bodies, st.binary(min_size=32, max_size=32), st.binary(min_size=64, max_size=64))
def test_body_bytes_cut_from_the_envelope_are_the_body_encoding(
    body: dict[str, CborValue], signer: bytes, signature: bytes
) -> None:
    """[AIN-TX-ENVELOPE.1] [AIN-TX-SIGNATURE.2] The bytes the decoder cuts from a canonical
    envelope are encode(body), whatever the body holds."""
    transaction = decode_transaction(encode_transaction(body, signer, signature))
    assert isinstance(transaction, SignedTransaction)
    assert transaction.body_bytes == encode(body)
    assert (transaction.signer, transaction.signature) == (signer, signature)


def layout_positions(data: bytes) -> list[int]:
    """Where a canonical envelope of this length keeps its fixed bytes."""
    end = len(data)
    signer_head = range(end - AFTER_BODY, end - AFTER_BODY + len(BEFORE_SIGNER))
    signature_head = range(end - SIGNATURE_BYTES - len(BEFORE_SIGNATURE), end - SIGNATURE_BYTES)
    return [p for p in [*range(BODY_START), *signer_head, *signature_head] if 0 <= p < end]


def damaged(data: bytes) -> st.SearchStrategy[bytes]:
    """An envelope with a byte of its fixed bytes changed, or damaged anywhere (``mutated``)."""
    fixed = layout_positions(data)
    if not fixed:
        return mutated(data)
    return mutated(data) | st.tuples(st.sampled_from(fixed), st.integers(0, 255)).map(
        lambda change: data[: change[0]] + bytes([change[1]]) + data[change[0] + 1 :]
    )


signers = st.binary(min_size=32, max_size=32)
signatures = st.binary(min_size=64, max_size=64)
envelopes = st.builds(encode_transaction, bodies, signers, signatures) | st.builds(
    encode_transaction,
    bodies | data_model_values,  # bodies of any shape
    signers | st.binary(max_size=40),
    signatures | st.binary(max_size=70),
)


@given(envelopes.flatmap(damaged) | st.binary(max_size=200))
def test_fast_envelope_reader_equals_the_plain_one(data: bytes) -> None:
    """[AIN-TX-SIZE.1] [AIN-TX-ENVELOPE.1] Reading the body alone where the envelope's fixed
    bytes stand gives the whole-envelope reader's transaction or rejection, on any bytes."""
    assert decode_transaction(data) == decode_transaction_plain(data)


def test_fast_envelope_reader_equals_the_plain_one_on_every_damaged_fixed_byte() -> None:
    """[AIN-TX-ENVELOPE.1] Every value of every fixed byte of an envelope: the fast reader
    gives the plain reader's verdict (exhaustive, so no damage to the layout goes unseen)."""
    body: dict[str, CborValue] = {"chain_id": 1, "nonce": 0, "timestamp": 5, "operation": 1}
    data = encode_transaction(body, bytes(range(32)), bytes(range(64)))
    for position in layout_positions(data):
        for byte in range(256):
            candidate = data[:position] + bytes([byte]) + data[position + 1 :]
            assert decode_transaction(candidate) == decode_transaction_plain(candidate)
