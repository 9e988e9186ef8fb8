"""
Properties of TEE evidence verification: the reader, the Sig_structure, the Nitro verdict.

Spec: spec/tee.md.
"""

from __future__ import annotations

import cbor2
from hypothesis import given
from hypothesis import strategies as st

from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.tee.binding import task_binding
from ain_ref.jobs.tee.cbor_reader import MAX_DEPTH, read_cbor
from ain_ref.jobs.tee.cose import sig_structure
from ain_ref.jobs.tee.evidence import Expectation, VerifiedClaims
from ain_ref.jobs.tee.profiles import verify_evidence
from ain_ref.vectors.filler import clauses
from tests.fillers.tee.real import AWS_ROOT, PCR3, VALID_DOCUMENT, VALID_NONCE
from tests.fillers.tee.synthetic import EXPECTED, document

REAL_EXPECTATION = Expectation(measurements=((3, PCR3),), binding=VALID_NONCE)

scalars = (
    st.integers(min_value=-(2**64), max_value=2**64 - 1)
    | st.binary(max_size=40)
    | st.text(max_size=10)
    | st.booleans()
    | st.none()
)


def nested(depth: int) -> st.SearchStrategy[object]:
    """Values the reader admits, nested at most ``depth`` levels."""
    if depth == 1:
        return scalars
    inner = nested(depth - 1)
    keys = st.integers(min_value=-(2**64), max_value=2**64 - 1) | st.text(max_size=6)
    return scalars | st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4)


@clauses(
    "AIN-TEE-CBOR-WELLFORMED.1",
    "AIN-TEE-CBOR-TYPES.1",
    "AIN-TEE-CBOR-KEYS.1",
    "AIN-TEE-CBOR-LIMITS.1",
)
@given(value=nested(MAX_DEPTH))
def test_reader_reads_what_an_independent_encoder_wrote(value: object) -> None:
    """Within the limits, the reader returns what cbor2 (sharing no code with it) encoded."""
    assert read_cbor(cbor2.dumps(value)) == value


@clauses("AIN-TEE-CBOR-WELLFORMED.1", "AIN-TEE-CBOR-SINGLE-ITEM.1")
@given(data=st.binary(max_size=300))
def test_reader_never_raises(data: bytes) -> None:
    """Any bytes give a value or a rejection with a reader code; nothing escapes."""
    result = read_cbor(data)
    if isinstance(result, Rejection):
        assert result.code.name.startswith("TEE_CBOR_")


@clauses("AIN-TEE-COSE-SIGNATURE.1")
@given(protected=st.binary(max_size=300), payload=st.binary(max_size=70_000))
def test_sig_structure_is_the_canonical_array(protected: bytes, payload: bytes) -> None:
    """The hand-written Sig_structure equals cbor2's encoding of the RFC 9052 array."""
    expected = cbor2.dumps(["Signature1", protected, b"", payload])
    if len(payload) < 65_536:
        assert sig_structure(protected, payload) == expected


@clauses("AIN-TEE-NITRO-ORDER.1", "AIN-TEE-COSE-SIGNATURE.1", "AIN-TEE-CHAIN-SIGNATURE.2")
@given(
    position=st.integers(min_value=0, max_value=len(VALID_DOCUMENT) - 1), flip=st.integers(1, 255)
)
def test_no_single_byte_change_of_the_real_document_verifies(position: int, flip: int) -> None:
    """Every byte of the real document is covered: a changed byte is refused, never raised."""
    tampered = bytearray(VALID_DOCUMENT)
    tampered[position] ^= flip
    result = verify_evidence("nitro", bytes(tampered), REAL_EXPECTATION, AWS_ROOT)
    assert isinstance(result, Rejection)


@clauses("AIN-TEE-PROFILE.1")
def test_verdict_is_pure() -> None:
    """The same inputs give the same verdict, whatever happened in between."""
    first = verify_evidence("nitro", VALID_DOCUMENT, REAL_EXPECTATION, AWS_ROOT)
    verify_evidence("nitro", VALID_DOCUMENT[:-1], REAL_EXPECTATION, AWS_ROOT)
    second = verify_evidence("nitro", VALID_DOCUMENT, REAL_EXPECTATION, AWS_ROOT)
    assert isinstance(first, VerifiedClaims) and first == second


@clauses("AIN-TEE-BINDING-DERIVE.1", "AIN-TEE-BINDING.1")
@given(
    chain_id=st.integers(min_value=0, max_value=2**64 - 1),
    task_id=st.binary(min_size=32, max_size=32),
    other_task_id=st.binary(min_size=32, max_size=32),
)
def test_evidence_for_one_task_never_verifies_for_another(
    chain_id: int, task_id: bytes, other_task_id: bytes
) -> None:
    """A document bound to one task is refused for any other task or chain."""
    binding = task_binding(chain_id, task_id)
    evidence, root = EVIDENCE_FOR.get(binding) or remember(binding)
    accepted = verify_evidence("nitro", evidence, Expectation(tuple(EXPECTED), binding), root)
    assert isinstance(accepted, VerifiedClaims)
    for other in (task_binding(chain_id, other_task_id), task_binding(chain_id ^ 1, task_id)):
        if other == binding:
            continue
        refused = verify_evidence("nitro", evidence, Expectation(tuple(EXPECTED), other), root)
        assert isinstance(refused, Rejection) and refused.code is ErrorCode.TEE_BINDING_MISMATCH


EVIDENCE_FOR: dict[bytes, tuple[bytes, bytes]] = {}


def remember(binding: bytes) -> tuple[bytes, bytes]:
    """A synthetic document with this nonce (built once per binding)."""
    EVIDENCE_FOR[binding] = document(nonce=binding)
    return EVIDENCE_FOR[binding]
