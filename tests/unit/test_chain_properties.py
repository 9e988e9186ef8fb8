"""Properties of transaction decoding: the fast reads equal the plain definitions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ain_ref.chain import SignedTransaction, decode_transaction, encode_transaction
from ain_ref.conformance.strategies import data_model_values
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
    """[AIN-TX-ENVELOPE.1] [AIN-TX-SIGNATURE.1] The bytes the decoder cuts from a canonical
    envelope are encode(body), whatever the body holds."""
    transaction = decode_transaction(encode_transaction(body, signer, signature))
    assert isinstance(transaction, SignedTransaction)
    assert transaction.body_bytes == encode(body)
    assert (transaction.signer, transaction.signature) == (signer, signature)
