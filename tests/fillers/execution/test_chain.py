"""
Fillers for tasks on chain: block sequences of signed execution calls through apply_block.

Each vector is an ``execution/apply_blocks`` case: the genesis of a ledger with three
providers under active contracts, blocks at heights 1, 2, ... (time = height x 1,000 ms), and
the receipts the test authors; the rest of the output (records, escrows, balances, supply
after every block, root) is the reference's. The supply is asserted constant in every case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ain_ref.conformance.handlers.execution import run_apply_blocks
from ain_ref.conformance.typed_json import JsonObject
from ain_ref.economy.ledger import total_supply
from ain_ref.economy.ledger_json import ledger_to_json
from ain_ref.encoding import CborValue
from ain_ref.errors import Rejection
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.execution.chain import (
    BALANCE,
    CONTRACT_OF,
    EXECUTOR,
    OUTPUT_A,
    OUTPUT_B,
    PROVIDERS,
    REPORTER,
    SETUP,
    TEST_ROOT,
    BlockScript,
    base_ledger,
    commitment_of,
    missed_reveal_id,
    reveal_fields,
)

FIRST, SECOND, THIRD = PROVIDERS
COMMIT_DEADLINE, REVEAL_DEADLINE = 5, 9


def commit(task_id: bytes, provider: Any, output: bytes = OUTPUT_A) -> tuple[Any, str, CborValue]:
    """A provider's commit call."""
    return (
        provider,
        "commit",
        {"task_id": task_id, "commitment": commitment_of(task_id, provider, output)},
    )


def reveal(task_id: bytes, provider: Any, output: bytes = OUTPUT_A) -> tuple[Any, str, CborValue]:
    """The reporter relays a provider's reveal."""
    return REPORTER, "reveal", reveal_fields(task_id, provider, output)


def run_script(
    fill: Filler,
    script: BlockScript,
    receipts: list[list[str | None]],
    case: str = "",
    ledger: Any = None,
    parameters: dict[str, str] | None = None,
    check: Callable[[JsonObject], None] | None = None,
    tee_roots: dict[str, bytes] | None = None,
) -> JsonObject:
    """
    Run the script through the handler, assert its receipts and the supply, emit it.

    The genesis pins the synthetic test PKI's root for ``nitro`` unless ``tee_roots`` says
    otherwise.
    """
    ledger = ledger or base_ledger()
    roots = {"nitro": TEST_ROOT} if tee_roots is None else tee_roots
    vector_input: JsonObject = {
        "ledger": ledger_to_json(ledger),
        "parameters": parameters or {},
        "tee_roots": {profile: root.hex() for profile, root in sorted(roots.items())},
        "blocks": script.blocks,
    }
    result = run_apply_blocks(vector_input)
    assert not isinstance(result, Rejection), result
    first, *rest = result["receipts"]
    assert first[:SETUP] == [None] * SETUP, first  # the setup's registrations
    assert [first[SETUP:], *rest] == receipts, result["receipts"]
    total = str(total_supply(ledger))
    assert all(supply["total"] == total for supply in result["supplies"])
    if check is not None:
        check(result)
    fill("execution", "apply_blocks", vector_input, output=result, case=case)
    return result


def balance_in(result: JsonObject, party: Any) -> int:
    """A party's balance in the output ledger."""
    return int(result["ledger"]["balances"].get(party.address, "0"))


def task_status(result: JsonObject, task_id: bytes) -> str:
    """A task's status in the output."""
    return result["execution"]["tasks"]["map"][task_id.hex()]["map"]["status"]


def committed_task(
    providers: tuple[Any, ...] = PROVIDERS, **changes: Any
) -> tuple[BlockScript, bytes]:
    """A request at height 1 and each given provider's commitment to A, one block each."""
    script = BlockScript()
    task_id = script.request(**changes)
    for provider in providers:
        script.block(commit(task_id, provider))
    return script, task_id


@clauses(
    "AIN-EXEC-HANDLER-BLOCKS.2",
    "AIN-EXEC-CHAIN-REQUEST.3",
    "AIN-EXEC-CHAIN-EVENT.3",
    "AIN-EXEC-CHAIN-RECORD.3",
    "AIN-EXEC-CHAIN-PORT.2",
    "AIN-EXEC-SETTLE.1",
    "AIN-ECON-ESCROW.2",
    "AIN-ECON-ESCROW-LOCK.1",
    "AIN-ECON-ESCROW-RELEASE.1",
)
def test_chain_task_settles_on_quorum(fill: Filler) -> None:
    """
    A task from request to payment: two of three agree and split the price.

    Given
    -----
    - three providers with active contracts; the executor holds 1,000,000.

    When
    ----
    - height 1: request (price 900, quorum 2, commit deadline 5, reveal deadline 9); heights
      2..4: the three commit (A, A, B); heights 5..7: their reveals; height 8: settle.

    Then
    ----
    - every call succeeds; the task event fires at the request; the two A providers get 450
      each; the escrow is gone; the supply is unchanged after every block.
    """
    script = BlockScript()
    task_id = script.request()
    outputs = ((FIRST, OUTPUT_A), (SECOND, OUTPUT_A), (THIRD, OUTPUT_B))
    for provider, output in outputs:
        script.block(commit(task_id, provider, output))
    for provider, output in outputs:
        script.block(reveal(task_id, provider, output))
    script.block((REPORTER, "settle", {"task_id": task_id}))

    def check(result: JsonObject) -> None:
        assert task_status(result, task_id) == "settled"
        assert [balance_in(result, p) - BALANCE for p in PROVIDERS] == [450, 450, 0]
        assert result["events"][0][SETUP][0]["map"]["fid"] == "execution_task"
        assert result["execution"]["escrows"] is None

    run_script(fill, script, [[None]] * 8, check=check)


@clauses("AIN-EXEC-CHAIN-TIMEOUT.2", "AIN-EXEC-CHAIN-QUEUE.1", "AIN-EXEC-CHAIN-OFFENCE.1")
def test_chain_timeout(fill: Filler) -> None:
    """
    The timeout step at the reveal deadline's height: refund, or settlement when a quorum
    revealed; never before that height.

    Given
    -----
    - a request at height 1 (deadlines 5 and 9).

    When
    ----
    - refund: the first provider commits and never reveals; blocks up to height 8, then 9.
    - settle: the first two commit and reveal A; the third commits and never reveals; nobody
      calls settle; blocks up to height 9.

    Then
    ----
    - refund: open at 8; expired at the end of 9, the escrow back with the executor, the
      missed reveal recorded with its contract, the queue of height 9 deleted.
    - settle: the step settles on A at 9 and pays the two; the third's missed reveal is
      recorded.
    """
    script, task_id = committed_task((FIRST,))
    script.advance_to(REVEAL_DEADLINE - 1)

    def still_open(result: JsonObject) -> None:
        assert task_status(result, task_id) == "open"

    run_script(fill, script, [[None], [None]] + [[]] * 6, case="open_before", check=still_open)
    script.advance_to(REVEAL_DEADLINE)

    def refunded(result: JsonObject) -> None:
        assert task_status(result, task_id) == "expired"
        assert balance_in(result, EXECUTOR) == BALANCE
        offence = result["execution"]["offences"]["map"][missed_reveal_id(task_id, FIRST).hex()]
        assert offence["map"]["contract_id"] == CONTRACT_OF[FIRST.key]
        assert result["execution"]["timeouts"] is None

    run_script(fill, script, [[None], [None]] + [[]] * 7, case="refund", check=refunded)

    script, task_id = committed_task()
    script.advance_to(COMMIT_DEADLINE - 1)
    script.block(reveal(task_id, FIRST), reveal(task_id, SECOND))
    script.advance_to(REVEAL_DEADLINE)

    def settled(result: JsonObject) -> None:
        assert task_status(result, task_id) == "settled"
        assert [balance_in(result, p) - BALANCE for p in PROVIDERS] == [450, 450, 0]
        assert missed_reveal_id(task_id, THIRD).hex() in result["execution"]["offences"]["map"]

    run_script(fill, script, [[None]] * 4 + [[None, None]] + [[]] * 4, case="settle", check=settled)
