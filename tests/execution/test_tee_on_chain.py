"""
A reveal's TEE verdict on chain is the profile's verdict on the provider's document, never a
word of the caller ([AIN-EXEC-CHAIN-TEE.1]), as a property over documents and words.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ain_ref.conformance.handlers.execution import run_apply_blocks
from ain_ref.conformance.typed_json import HandlerInputError
from ain_ref.crypto import KeyPair, format_address, keypair_from_seed
from ain_ref.economy.ledger_json import ledger_to_json
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.execution.task_records import read_task, task_path
from ain_ref.jobs.tee.binding import task_binding
from ain_ref.jobs.tee.evidence import Expectation
from ain_ref.jobs.tee.profiles import verify_evidence
from ain_ref.platform.genesis import build_protocol_genesis, production_genesis_spec
from ain_ref.platform.steps import values_path
from ain_ref.platform.units import PRODUCTION_TOTAL_SUPPLY
from ain_ref.state.tree import StateTree
from tests.fillers.execution.chain import (
    CONTRACT_OF,
    EXECUTOR,
    PROVIDERS,
    TEE_JOB,
    TEST_ROOT,
    ExecutionChain,
    base_ledger,
    commitment_of,
    request_fields,
    reveal_fields,
    tee_evidence,
    transaction_id,
)
from tests.fillers.tee.real import AWS_ROOT, PCR3, PCR4, VALID_DOCUMENT
from tests.fillers.tee.synthetic import EXPECTED, PCRS, pcr

FIRST = PROVIDERS[0]
SEAT = {FIRST.key.hex(): CONTRACT_OF[FIRST.key]}
OTHER_TASK = bytes(range(32))
KEYPAIR = keypair_from_seed(bytes(32))
assert isinstance(KEYPAIR, KeyPair)
WORDS = st.one_of(
    st.none(), st.sampled_from(["attested", "measurement_mismatch", "none"]), st.text(max_size=8)
)


def task_in_reveal_window() -> tuple[ExecutionChain, bytes]:
    """A chain at height 4 with a tee_only task of the first provider, committed."""
    chain = ExecutionChain()
    fields = request_fields(assignments=SEAT, quorum=1, determinism="tee_only")
    data = chain.sign(EXECUTOR, "request", fields)
    assert chain.block(data) == [None]
    task = transaction_id(data)
    commitment = commitment_of(task, FIRST)
    assert chain.call(FIRST, "commit", {"task_id": task, "commitment": commitment}) is None
    chain.advance_to(4)
    return chain, task


@st.composite
def documents(draw: st.DrawFn, task_id: bytes) -> tuple[bytes, bytes]:
    """(evidence, the nonce it was made with): good, other registers, another task, flipped."""
    nonce = draw(st.sampled_from([task_binding(0, task_id), task_binding(0, OTHER_TASK)]))
    registers = draw(st.sampled_from([PCRS, {**PCRS, 2: pcr("another image")}]))
    evidence = tee_evidence(task_id, nonce=nonce, pcrs=registers)
    if draw(st.booleans()):
        position = draw(st.integers(0, len(evidence) - 1))
        flip = draw(st.integers(1, 255))
        evidence = (
            evidence[:position] + bytes([evidence[position] ^ flip]) + evidence[position + 1 :]
        )
    return evidence, nonce


def profile_verdict(task_id: bytes, evidence: bytes, nonce: bytes) -> str | ErrorCode:
    """The verdict the profile gives, with the task's binding: the plain statement of the rule."""
    binding = task_binding(0, task_id)
    verdict = verify_evidence("nitro", evidence, Expectation(tuple(EXPECTED), binding), TEST_ROOT)
    if not isinstance(verdict, Rejection):
        return "attested"
    if verdict.code is ErrorCode.TEE_MEASUREMENT_MISMATCH:
        return "measurement_mismatch" if nonce == binding else ErrorCode.TEE_BINDING_MISMATCH
    return verdict.code


@settings(max_examples=20)
@given(data=st.data(), word=WORDS)
def test_a_verdict_is_never_taken_from_the_caller(data: st.DataObject, word: Any) -> None:
    """[AIN-EXEC-CHAIN-TEE.1] [AIN-EXEC-CHAIN-FIELDS.3] Whatever word the reveal carries and
    whatever document: a word is a malformed call; otherwise the vote's verdict, or the
    reveal's code, is the profile's on the document."""
    chain, task_id = task_in_reveal_window()
    evidence, nonce = data.draw(documents(task_id))
    fields = reveal_fields(task_id, FIRST, job=TEE_JOB, evidence=evidence)
    if word is not None:
        fields["tee_verdict"] = word
    code = chain.call(FIRST, "reveal", fields)
    chain_task = read_task(task_id, chain.read(task_path(task_id)))
    assert chain_task is not None
    votes = chain_task.task.votes
    if word is not None:
        assert code == ErrorCode.EXEC_CALL_MALFORMED.value and votes == ()
        return
    expected = profile_verdict(task_id, evidence, nonce)
    if isinstance(expected, ErrorCode):
        assert code == expected.value and votes == ()
    else:
        assert code is None and [vote.tee_verdict for vote in votes] == [expected]
        assert (chain_task.task.status == "settled") == (expected == "attested")


def test_the_production_genesis_pins_the_aws_root() -> None:
    """[AIN-EXEC-CHAIN-TEE-ROOT.1] The production genesis holds the AWS Nitro root at
    /execution/tee_roots/nitro, under which the real AWS document verifies up to its binding
    (its fixed nonce is no task's)."""
    address = format_address(KEYPAIR.public_key)
    tree = build_protocol_genesis(production_genesis_spec({address: PRODUCTION_TOTAL_SUPPLY}))
    assert isinstance(tree, StateTree)
    root = tree.value_at(values_path("/execution/tee_roots/nitro"))
    assert root == AWS_ROOT
    expectation = Expectation(((3, PCR3), (4, PCR4)), task_binding(0, OTHER_TASK))
    verdict = verify_evidence("nitro", VALID_DOCUMENT, expectation, root)
    assert isinstance(verdict, Rejection) and verdict.code is ErrorCode.TEE_BINDING_MISMATCH


def test_tee_roots_input_takes_profile_labels_only() -> None:
    """[AIN-EXEC-HANDLER-BLOCKS.2] A ``tee_roots`` key that is no profile label is a harness
    error, never a code."""
    base = {"ledger": ledger_to_json(base_ledger()), "parameters": {}, "blocks": []}
    for label in ("", "Nitro", "a/b", "1nitro"):
        with pytest.raises(HandlerInputError):
            run_apply_blocks({**base, "tee_roots": {label: "00"}})
    result = run_apply_blocks({**base, "tee_roots": {"nitro": TEST_ROOT.hex()}})
    assert not isinstance(result, Rejection)
