"""The execution handlers: which malformed inputs are harness errors, never rejection codes."""

from __future__ import annotations

from typing import Any

import pytest

from ain_ref.conformance.handlers.execution import (
    run_commitment,
    run_evidence,
    run_lifecycle,
    run_quorum,
    run_tolerance_agrees,
    run_tolerance_output,
    run_verify_receipt,
)
from ain_ref.conformance.typed_json import HandlerInputError
from ain_ref.encoding import encode
from ain_ref.errors import Rejection
from tests.fillers.execution.common import PROVIDERS, receipt_for, signed
from tests.fillers.execution.test_commitment import commitment_input
from tests.fillers.execution.test_evidence import missed_input
from tests.fillers.execution.test_lifecycle import lifecycle_input, request, settle
from tests.fillers.execution.test_quorum import quorum_input, vote
from tests.fillers.execution.test_receipts import verify_input
from tests.fillers.execution.test_tolerance import agrees_input, output_input

RECEIPT = signed(receipt_for(PROVIDERS[0]))
TOKENS = "min_token_agreement_bps"

MALFORMED: dict[str, tuple[Any, dict[str, Any]]] = {
    "chain_id_json_number": (run_verify_receipt, {**verify_input(RECEIPT), "chain_id": 7}),
    "chain_id_leading_zero": (run_verify_receipt, {**verify_input(RECEIPT), "chain_id": "07"}),
    "chain_id_minus_zero": (run_verify_receipt, {**verify_input(RECEIPT), "chain_id": "-0"}),
    "receipt_upper_hex": (run_verify_receipt, verify_input(RECEIPT) | {"receipt": "AB"}),
    "receipt_odd_hex": (run_verify_receipt, verify_input(RECEIPT) | {"receipt": "abc"}),
    "receipt_missing": (run_verify_receipt, {"chain_id": "7", "task": None}),
    "task_not_an_object": (run_verify_receipt, verify_input(RECEIPT) | {"task": []}),
    "salt_not_a_string": (run_commitment, commitment_input() | {"salt": None}),
    "metric_not_a_string": (
        run_tolerance_output,
        output_input(TOKENS, encode([1])) | {"metric": 1},
    ),
    "agrees_item_out_of_range": (run_tolerance_agrees, agrees_input(TOKENS, 5000, [2**32], [1])),
    "agrees_4097_items": (run_tolerance_agrees, agrees_input(TOKENS, 5000, [1] * 4097, [1])),
    "agrees_item_json_number": (
        run_tolerance_agrees,
        agrees_input(TOKENS, 5000, [1], [1]) | {"anchor": [1]},
    ),
    "quorum_votes_not_a_list": (
        run_quorum,
        quorum_input(PROVIDERS[:3], 2, []) | {"votes": {}},
    ),
    "quorum_json_number": (run_quorum, quorum_input(PROVIDERS[:3], 2, []) | {"quorum": 2}),
    "vote_verdict_not_a_string": (
        run_quorum,
        quorum_input(PROVIDERS[:3], 2, [vote(PROVIDERS[0], bytes(32)) | {"tee_verdict": None}]),
    ),
    "evidence_unknown_kind": (run_evidence, missed_input(True, False, 2000) | {"kind": "late"}),
    "evidence_committed_text": (
        run_evidence,
        missed_input(True, False, 2000) | {"committed": "true"},
    ),
    "lifecycle_unknown_step": (
        run_lifecycle,
        lifecycle_input([request(), {"step": "abort", "time": "20"}]),
    ),
    "lifecycle_time_goes_back": (run_lifecycle, lifecycle_input([request(time=50), settle(49)])),
    "lifecycle_time_negative": (run_lifecycle, lifecycle_input([request(time=-1)])),
}
"""Inputs that break the shapes of spec/execution.md, "Handlers"."""

PROTOCOL_INPUTS: dict[str, tuple[Any, dict[str, Any]]] = {
    "chain_id_minus_one": (run_verify_receipt, {**verify_input(RECEIPT), "chain_id": "-1"}),
    "short_task_id": (run_commitment, commitment_input(task_id=bytes(31))),
    "unknown_metric": (run_tolerance_output, output_input("bogus", encode([1]))),
    "unknown_class": (run_quorum, quorum_input(PROVIDERS[:3], 2, [], "majority")),
    "short_missed_ids": (run_evidence, missed_input(True, False, 2000) | {"task_id": "11"}),
}
"""Inputs the same section makes protocol inputs: each is refused with a code."""


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_input_is_a_harness_error(case: str) -> None:
    """
    A malformed input raises HandlerInputError (``errored``), never a rejection.

    References
    ----------
    [AIN-EXEC-HANDLER-INPUT.1]
    """
    handler, vector_input = MALFORMED[case]
    with pytest.raises(HandlerInputError):
        handler(vector_input)


@pytest.mark.parametrize("case", sorted(PROTOCOL_INPUTS))
def test_protocol_input_is_refused_with_a_code(case: str) -> None:
    """
    Lengths, ranges and unknown protocol words are refused with a code, never a harness error.

    References
    ----------
    [AIN-EXEC-HANDLER-INPUT.1]
    """
    handler, vector_input = PROTOCOL_INPUTS[case]
    assert isinstance(handler(vector_input), Rejection)
