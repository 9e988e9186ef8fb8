"""
Fillers for every code of the execution calls on chain, and both sides of every deadline.

Each case is an ``execution/apply_blocks`` vector whose receipts name the exact code; the
boundary cases put the accepted side and the refused side in the same sequence.
"""

from __future__ import annotations

from typing import Any

from ain_ref.economy.ledger import ContractState
from ain_ref.encoding import encode
from ain_ref.errors import ErrorCode
from ain_ref.jobs.execution.evidence import evidence_id
from ain_ref.jobs.execution.receipt import read_receipt, sign_receipt
from ain_ref.jobs.execution.tolerance import output_hash
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.execution.chain import (
    BALANCE,
    CONTRACT_OF,
    EXECUTOR,
    OUTPUT_B,
    OUTSIDER,
    PROVIDERS,
    REPORTER,
    TEE_JOB,
    TOLERANCE_JOB,
    BlockScript,
    base_ledger,
    contract,
    missed_reveal_id,
    receipt_of,
    request_fields,
    reveal_fields,
    tee_evidence,
)
from tests.fillers.execution.test_chain import (
    COMMIT_DEADLINE,
    REVEAL_DEADLINE,
    commit,
    committed_task,
    reveal,
    run_script,
)

FIRST, SECOND, THIRD = PROVIDERS
UNKNOWN_TASK = bytes(range(32))


def requests(fill: Filler, case: str, fields: dict[str, Any], code: str, **options: Any) -> None:
    """One request with the given field changes, refused with ``code``."""
    script = BlockScript()
    script.block((EXECUTOR, "request", request_fields(**fields)))
    run_script(fill, script, [[code]], case=case, **options)


@clauses("AIN-EXEC-CHAIN-CALL.1", "AIN-EXEC-CHAIN-FIELDS.3")
def test_chain_call_malformed(fill: Filler) -> None:
    """
    Calls whose kind or fields are not a layout's are EXEC_CALL_MALFORMED.

    Given
    -----
    - the standard genesis.

    When
    ----
    - unknown_kind: a call of kind "run"; not_a_map: a request whose value is true;
      missing: a request without price; unknown_field: a request with "extra";
      wrong_kind: quorum as text; negative: price -1; bad_key: an assignment keyed by
      upper-case hex; bad_contract_id: an assignment to "c 0"; bad_tolerance: tolerance
      {metric} alone; commit_missing: a commit without commitment.

    Then
    ----
    - each is EXEC_CALL_MALFORMED.
    """
    code = "EXEC_CALL_MALFORMED"
    script = BlockScript()
    script.block((EXECUTOR, "run", {"task_id": UNKNOWN_TASK}))
    run_script(fill, script, [[code]], case="unknown_kind")
    script = BlockScript()
    script.block((EXECUTOR, "request", True))
    run_script(fill, script, [[code]], case="not_a_map")
    requests(fill, "missing", {"price": None}, code)
    requests(fill, "unknown_field", {"extra": 1}, code)
    requests(fill, "wrong_kind", {"quorum": "2"}, code)
    requests(fill, "negative", {"price": -1}, code)
    upper = {key.hex().upper(): CONTRACT_OF[key] for key in CONTRACT_OF}
    requests(fill, "bad_key", {"assignments": upper}, code)
    spaced = {FIRST.key.hex(): "c 0"}
    requests(fill, "bad_contract_id", {"assignments": spaced, "quorum": 1}, code)
    requests(fill, "bad_tolerance", {"tolerance": {"metric": "max_relative_error_ppm"}}, code)
    script = BlockScript()
    script.block((FIRST, "commit", {"task_id": UNKNOWN_TASK}))
    run_script(fill, script, [[code]], case="commit_missing")


@clauses("AIN-EXEC-CHAIN-ELIGIBLE.1")
def test_chain_request_ineligible(fill: Filler) -> None:
    """
    A seat whose contract is absent, another provider's, not active or past its end is
    EXEC_PROVIDER_INELIGIBLE.

    Given
    -----
    - the standard genesis; for not_active the second provider's contract c1 is accepted,
      for ended its end time is 1,000 (the time of block 1).

    When
    ----
    - no_contract: the outsider's seat names c9; other_provider: the outsider's seat names
      c0; not_active, ended: the standard request.

    Then
    ----
    - each is EXEC_PROVIDER_INELIGIBLE.
    """
    code = "EXEC_PROVIDER_INELIGIBLE"
    seats = {party.key.hex(): CONTRACT_OF[party.key] for party in PROVIDERS}
    outsider_c9 = {**seats, OUTSIDER.key.hex(): "c9"}
    outsider_c0 = {FIRST.key.hex(): "c1", OUTSIDER.key.hex(): "c0", THIRD.key.hex(): "c2"}
    requests(fill, "no_contract", {"assignments": outsider_c9, "quorum": 3}, code)
    requests(fill, "other_provider", {"assignments": outsider_c0}, code)
    for case, changes in (
        ("not_active", {"state": ContractState.ACCEPTED}),
        ("ended", {"end_time": 1_000}),
    ):
        contracts = dict(base_ledger().contracts)
        contracts["c1"] = contract(SECOND, "c1", **changes)
        requests(fill, case, {}, code, ledger=base_ledger(contracts=contracts))


@clauses(
    "AIN-EXEC-REQUEST.1",
    "AIN-EXEC-CHAIN-REQUEST.3",
    "AIN-EXEC-CHAIN-QUEUE.1",
    "AIN-EXEC-CHAIN-PARAMETERS.1",
)
def test_chain_request_checks(fill: Filler) -> None:
    """
    A request's own checks and both sides of its bounds.

    Given
    -----
    - the standard genesis (the executor holds 1,000,000).

    When
    ----
    - bad_request: a 31-byte job id; threshold: quorum 1 of 3; tolerance: a tolerance in the
      exact class; deadlines: at height 1, commit deadline 1 (refused) then, at height 2,
      commit deadline 3 (the least accepted) and a reveal deadline equal to the commit
      deadline (refused); price: 1,000,001 (refused) then 1,000,000 (accepted);
      exists: one transaction writing two requests; queue: with
      execution/max_timeouts_per_height 1, two requests with reveal deadline 9 (the second
      refused) and one with 10.

    Then
    ----
    - the codes EXEC_BAD_REQUEST, EXEC_QUORUM_BAD_THRESHOLD, EXEC_BAD_TOLERANCE,
      EXEC_BAD_DEADLINES, EXEC_PAYMENT_REFUSED, EXEC_TASK_EXISTS, EXEC_TIMEOUT_QUEUE_FULL.
    """
    requests(fill, "bad_request", {"job_id": bytes(31)}, "EXEC_BAD_REQUEST")
    requests(fill, "threshold", {"quorum": 1}, "EXEC_QUORUM_BAD_THRESHOLD")
    tolerance = {"metric": "max_relative_error_ppm", "bound": 10}
    requests(fill, "tolerance", {"tolerance": tolerance}, "EXEC_BAD_TOLERANCE")
    script = BlockScript()
    script.block((EXECUTOR, "request", request_fields(commit_deadline=1)))
    script.block(
        (EXECUTOR, "request", request_fields(commit_deadline=3)),
        (EXECUTOR, "request", request_fields(commit_deadline=9)),
    )
    run_script(
        fill, script, [["EXEC_BAD_DEADLINES"], [None, "EXEC_BAD_DEADLINES"]], case="deadlines"
    )
    script = BlockScript()
    script.block(
        (EXECUTOR, "request", request_fields(price=BALANCE + 1)),
        (EXECUTOR, "request", request_fields(price=BALANCE)),
    )
    run_script(fill, script, [["EXEC_PAYMENT_REFUSED", None]], case="price")
    script = BlockScript()
    script.block_set(EXECUTOR, [("request", request_fields()), ("request", request_fields())])
    run_script(fill, script, [["EXEC_TASK_EXISTS"]], case="exists")
    script = BlockScript()
    script.block(
        (EXECUTOR, "request", request_fields()),
        (EXECUTOR, "request", request_fields()),
        (EXECUTOR, "request", request_fields(reveal_deadline=10)),
    )
    parameters = {"execution/max_timeouts_per_height": "1"}
    run_script(
        fill,
        script,
        [[None, "EXEC_TIMEOUT_QUEUE_FULL", None]],
        case="queue",
        parameters=parameters,
    )


@clauses("AIN-EXEC-COMMIT.1", "AIN-EXEC-CHAIN-STEPS.2", "AIN-EXEC-LIFECYCLE.1")
def test_chain_commit_checks(fill: Filler) -> None:
    """
    A commit's checks, in order, and both sides of the commit deadline.

    Given
    -----
    - a request at height 1 (commit deadline 5).

    When
    ----
    - height 2: a commit to an unknown task; a 31-byte commitment; the outsider's commit;
      the first provider's commit, then again; height 4 (deadline - 1): the second commits;
      height 5 (the deadline): the third commits. Then closed: a cancelled task's commit.

    Then
    ----
    - EXEC_UNKNOWN_TASK, EXEC_BAD_COMMITMENT, EXEC_PROVIDER_INELIGIBLE, ok,
      EXEC_ALREADY_COMMITTED; ok; EXEC_COMMIT_LATE; EXEC_TASK_CLOSED.
    """
    script = BlockScript()
    task_id = script.request()
    script.block(
        (FIRST, "commit", {"task_id": UNKNOWN_TASK, "commitment": bytes(32)}),
        (FIRST, "commit", {"task_id": task_id, "commitment": bytes(31)}),
        commit(task_id, OUTSIDER),
        commit(task_id, FIRST),
        commit(task_id, FIRST),
    )
    script.advance_to(COMMIT_DEADLINE - 2)
    script.block(commit(task_id, SECOND))
    script.block(commit(task_id, THIRD))
    receipts = [
        [None],
        [
            "EXEC_UNKNOWN_TASK",
            "EXEC_BAD_COMMITMENT",
            "EXEC_PROVIDER_INELIGIBLE",
            None,
            "EXEC_ALREADY_COMMITTED",
        ],
        [],
        [None],
        ["EXEC_COMMIT_LATE"],
    ]
    run_script(fill, script, receipts, case="deadline")
    script = BlockScript()
    task_id = script.request()
    script.block((EXECUTOR, "cancel", {"task_id": task_id}), commit(task_id, FIRST))
    run_script(fill, script, [[None], [None, "EXEC_TASK_CLOSED"]], case="closed")


@clauses("AIN-EXEC-REVEAL.1", "AIN-EXEC-CHAIN-STEPS.2")
def test_chain_reveal_checks(fill: Filler) -> None:
    """
    A reveal's checks and both sides of the reveal window.

    Given
    -----
    - a request at height 1 (deadlines 5 and 9); the first and second providers commit to A
      at heights 2 and 3.

    When
    ----
    - height 4: the first's reveal (early); height 5: the first's reveal (the window opens),
      then again; a receipt that is not canonical; a receipt of another task; the third's
      reveal (not committed); the second's reveal with a 31-byte salt, with output B, with
      the verdict "maybe", with a receipt signed under chain id 7; height 8 (deadline - 1):
      the second's reveal; then late: a task where the second reveals at height 9.

    Then
    ----
    - EXEC_REVEAL_EARLY; ok, EXEC_ALREADY_REVEALED, ENCODING_TRUNCATED,
      EXEC_RECEIPT_WRONG_TASK, EXEC_NOT_COMMITTED, EXEC_BAD_SALT, EXEC_REVEAL_MISMATCH,
      EXEC_EVIDENCE_UNEXPECTED, a signature code; ok; EXEC_REVEAL_LATE.
    """

    script, task_id = committed_task((FIRST, SECOND))
    script.block(reveal(task_id, FIRST))
    second = reveal_fields(task_id, SECOND)
    parsed = read_receipt(receipt_of(task_id, SECOND))
    assert not isinstance(parsed, Exception) and isinstance(parsed, tuple)
    other_chain = sign_receipt(SECOND.seed, 7, parsed[0])
    assert isinstance(other_chain, bytes)
    script.block(
        reveal(task_id, FIRST),
        reveal(task_id, FIRST),
        (REPORTER, "reveal", {**second, "receipt": receipt_of(task_id, SECOND)[:-1]}),
        (REPORTER, "reveal", {**second, "receipt": receipt_of(UNKNOWN_TASK, SECOND)}),
        reveal(task_id, THIRD),
        (REPORTER, "reveal", {**second, "salt": bytes(31)}),
        reveal(task_id, SECOND, OUTPUT_B),
        (REPORTER, "reveal", {**second, "evidence": b"\x00"}),
        (REPORTER, "reveal", {**second, "receipt": other_chain}),
    )
    script.advance_to(REVEAL_DEADLINE - 2)
    script.block(reveal(task_id, SECOND))
    result = run_script(
        fill,
        script,
        [
            [None],
            [None],
            [None],
            ["EXEC_REVEAL_EARLY"],
            [
                None,
                "EXEC_ALREADY_REVEALED",
                "ENCODING_TRUNCATED",
                "EXEC_RECEIPT_WRONG_TASK",
                "EXEC_NOT_COMMITTED",
                "EXEC_BAD_SALT",
                "EXEC_REVEAL_MISMATCH",
                ErrorCode.EXEC_EVIDENCE_UNEXPECTED.value,
                "CRYPTO_SIGNATURE_INVALID",
            ],
            [],
            [],
            [None],
        ],
        case="window",
    )
    assert result["execution"]["timeouts"] is not None
    script, task_id = committed_task((FIRST, SECOND))
    script.advance_to(REVEAL_DEADLINE - 1)
    script.block(reveal(task_id, SECOND))
    run_script(fill, script, [[None]] * 3 + [[]] * 5 + [["EXEC_REVEAL_LATE"]], case="late")


@clauses("AIN-EXEC-SETTLE.1", "AIN-EXEC-CANCEL.1", "AIN-EXEC-CHAIN-STEPS.2")
def test_chain_settle_and_cancel(fill: Filler) -> None:
    """
    Settlement's two sides of the reveal deadline, and cancellation's checks.

    Given
    -----
    - a request at height 1 (deadlines 5 and 9); the three providers commit to A.

    When
    ----
    - settle: the first two reveal at height 5; settle at height 8 (deadline - 1), then at
      height 9 (the deadline, before the block's step).
    - cancel: a second task: the reporter cancels; the first provider commits; the executor
      cancels; a third task: the executor cancels, then again.

    Then
    ----
    - EXEC_SETTLE_EARLY, then ok (settled on A, the third's missed reveal recorded);
      EXEC_NOT_EXECUTOR, ok, EXEC_CANCEL_TOO_LATE; ok, EXEC_TASK_CLOSED.
    """
    script, task_id = committed_task()
    script.block(reveal(task_id, FIRST), reveal(task_id, SECOND))
    script.advance_to(REVEAL_DEADLINE - 2)
    script.block((REPORTER, "settle", {"task_id": task_id}))
    script.block((REPORTER, "settle", {"task_id": task_id}))
    result = run_script(
        fill,
        script,
        [[None]] * 4 + [[None, None]] + [[]] * 2 + [["EXEC_SETTLE_EARLY"], [None]],
        case="deadline",
    )
    assert missed_reveal_id(task_id, THIRD).hex() in result["execution"]["offences"]["map"]
    script = BlockScript()
    task_id = script.request()
    script.block(
        (REPORTER, "cancel", {"task_id": task_id}),
        commit(task_id, FIRST),
        (EXECUTOR, "cancel", {"task_id": task_id}),
    )
    other = script.request()
    script.block((EXECUTOR, "cancel", {"task_id": other}), (EXECUTOR, "cancel", {"task_id": other}))
    receipts = [
        [None],
        ["EXEC_NOT_EXECUTOR", None, "EXEC_CANCEL_TOO_LATE"],
        [None],
        [None, "EXEC_TASK_CLOSED"],
    ]
    run_script(fill, script, receipts, case="cancel")


@clauses(
    "AIN-EXEC-CONFLICT-STEP.1",
    "AIN-EXEC-CHAIN-OFFENCE.1",
    "AIN-EXEC-CHAIN-SLASH.1",
    "AIN-EXEC-EVIDENCE-CONFLICT.1",
)
def test_chain_conflict_and_slash(fill: Filler) -> None:
    """
    Conflict reports and slashes: every code, and the slash of the seat's contract.

    Given
    -----
    - a request at height 1.

    When
    ----
    - height 2: two equal receipts of the second provider (not conflicting); two
      conflicting receipts of a task that does not exist; two conflicting receipts of the
      second provider; two conflicting receipts of the outsider (no seat). Height 3: slash of
      an unknown evidence id; of the outsider's offence; of the second's offence by the
      reporter; by the second provider itself.

    Then
    ----
    - EXEC_EVIDENCE_NOT_CONFLICTING, EXEC_UNKNOWN_TASK, ok, ok; EXEC_UNKNOWN_OFFENCE,
      EXEC_OFFENCE_NOT_SLASHABLE, ok (c1's provider deposit is slashed whole: 10% to the
      reporter, 40% to the developer, the rest burned), ECON_EVIDENCE_DUPLICATE.
    """
    script = BlockScript()
    task_id = script.request()
    same = receipt_of(task_id, SECOND)
    script.block(
        (REPORTER, "conflict", {"first": same, "second": same}),
        (
            REPORTER,
            "conflict",
            {
                "first": receipt_of(UNKNOWN_TASK, SECOND),
                "second": receipt_of(UNKNOWN_TASK, SECOND, OUTPUT_B),
            },
        ),
        (REPORTER, "conflict", {"first": same, "second": receipt_of(task_id, SECOND, OUTPUT_B)}),
        (
            REPORTER,
            "conflict",
            {
                "first": receipt_of(task_id, OUTSIDER),
                "second": receipt_of(task_id, OUTSIDER, OUTPUT_B),
            },
        ),
    )
    offence = evidence_id("conflicting_attestation", task_id, SECOND.key)
    outsider = evidence_id("conflicting_attestation", task_id, OUTSIDER.key)
    script.block(
        (REPORTER, "slash", {"evidence_id": UNKNOWN_TASK}),
        (REPORTER, "slash", {"evidence_id": outsider}),
        (REPORTER, "slash", {"evidence_id": offence}),
        (SECOND, "slash", {"evidence_id": offence}),
    )
    receipts = [
        [None],
        ["EXEC_EVIDENCE_NOT_CONFLICTING", "EXEC_UNKNOWN_TASK", None, None],
        ["EXEC_UNKNOWN_OFFENCE", "EXEC_OFFENCE_NOT_SLASHABLE", None, "ECON_EVIDENCE_DUPLICATE"],
    ]
    result = run_script(fill, script, receipts, case="codes")
    assert result["ledger"]["contracts"]["c1"]["provider_deposit"] == "0"


@clauses("AIN-EXEC-CHAIN-RECORD.3", "AIN-EXEC-QUORUM-TEE.1", "AIN-EXEC-QUORUM-TOLERANCE.1")
def test_chain_classes(fill: Filler) -> None:
    """
    The tee_only and tolerance classes on chain.

    Given
    -----
    - tee_only: a request seating the first provider alone (quorum 1, class tee_only).
    - tolerance: a request of the three (quorum 2, max_relative_error_ppm 1,000).

    When
    ----
    - tee_only: it commits at height 2; at height 5 it reveals with an attestation document of
      the synthetic test PKI (pinned at genesis) bound to the task, on the job's registers.
    - tolerance: outputs [1000, 2000], [1000, 2001] and [5, 5] committed at heights 2..4 and
      revealed with their bytes at heights 5..7; settle at height 8.

    Then
    ----
    - tee_only: the reveal settles the task at once and pays the provider the whole price.
    - tolerance: the first two agree within 1,000 ppm and settle on the anchor; each vote's
      output is stored as the canonical encoding of its integers.
    """

    seat = {FIRST.key.hex(): CONTRACT_OF[FIRST.key]}
    script = BlockScript()
    task_id = script.request(assignments=seat, quorum=1, determinism="tee_only")
    script.block(commit(task_id, FIRST))
    script.advance_to(COMMIT_DEADLINE - 1)
    evidence = tee_evidence(task_id)
    script.block((FIRST, "reveal", reveal_fields(task_id, FIRST, job=TEE_JOB, evidence=evidence)))
    result = run_script(fill, script, [[None], [None], [], [], [None]], case="tee_only")
    status = result["execution"]["tasks"]["map"][task_id.hex()]["map"]["status"]
    assert status == "settled"

    tolerance = {"metric": "max_relative_error_ppm", "bound": 1_000}
    script = BlockScript()
    task_id = script.request(determinism="tolerance", tolerance=tolerance)
    outputs = [encode([1_000, 2_000]), encode([1_000, 2_001]), encode([5, 5])]
    hashes = [output_hash(output) for output in outputs]
    for provider, hashed in zip(PROVIDERS, hashes, strict=True):
        script.block(commit(task_id, provider, hashed))
    for provider, output, hashed in zip(PROVIDERS, outputs, hashes, strict=True):
        fields = {**reveal_fields(task_id, provider, hashed, TOLERANCE_JOB), "output": output}
        script.block((REPORTER, "reveal", fields))
    script.block((REPORTER, "settle", {"task_id": task_id}))
    result = run_script(fill, script, [[None]] * 8, case="tolerance")
    record = result["execution"]["tasks"]["map"][task_id.hex()]["map"]
    assert record["status"] == "settled"
    assert record["votes"]["map"]["0"]["map"]["output"] == {"bytes": outputs[0].hex()}
