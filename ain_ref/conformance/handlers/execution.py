"""
The execution area's vector handlers (spec/execution.md, "Handlers").

Spec: spec/conformance.md, "Handlers" ([AIN-CONF-HANDLER.1]).
Layer: conformance. The execution area owns this file; no other area edits it.
"""

from __future__ import annotations

import re

import attrs

from ain_ref.conformance.handlers.base import Handler, HandlerResult
from ain_ref.conformance.handlers.economy import (
    chain_block,
    ledger_chain,
    ledger_genesis,
    ledger_json,
    read_ledger,
    read_tree,
    receipt_code,
    supply_json,
    transaction_list,
)
from ain_ref.conformance.typed_json import (
    HandlerInputError,
    Json,
    JsonObject,
    field,
    from_typed_json,
    list_of,
    object_of,
    parse_decimal,
    parse_hex,
    text_of,
    to_typed_json,
)
from ain_ref.crypto import parse_address
from ain_ref.economy.records import ESCROWS
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.chain_registry import record_path
from ain_ref.jobs.execution import evidence, lifecycle
from ain_ref.jobs.execution.commitment import SALT_SIZE, check_reveal, commitment_hash
from ain_ref.jobs.execution.model import Receipt, TaskTerms
from ain_ref.jobs.execution.payment import InMemoryPaymentPort
from ain_ref.jobs.execution.quorum import (
    TEE_VERDICTS,
    QuorumTerms,
    Vote,
    check_quorum_terms,
    decide_quorum,
)
from ain_ref.jobs.execution.receipt import check_receipt_for_task, verify_signed_receipt
from ain_ref.jobs.execution.task_records import OFFENCES, TASKS, TIMEOUTS
from ain_ref.jobs.execution.tee_verdict import root_path
from ain_ref.jobs.execution.tolerance import (
    ITEM_RANGE,
    agrees,
    check_tolerance,
    is_output_in_range,
    read_tolerance_output,
)
from ain_ref.jobs.model import Tolerance
from ain_ref.platform.blocks import apply_block
from ain_ref.platform.params import PARAMETERS
from ain_ref.platform.steps import values_path
from ain_ref.state.tree import SUBTREE_ORDER, StateTree


def hex_of(document: JsonObject, name: str) -> bytes:
    """
    A required hex field, of any length.

    References
    ----------
    [AIN-EXEC-HANDLER-INPUT.1] Hex that is not lowercase of even length is a harness error;
    a length is a protocol input.
    """
    return parse_hex(field(document, name), name)


def decimal_of(document: JsonObject, name: str) -> int:
    """
    A required decimal-string field.

    References
    ----------
    [AIN-EXEC-HANDLER-INPUT.1] A JSON number or a decimal not in the plain form is a harness
    error; the integer's range is checked by the protocol, with a code.
    """
    return parse_decimal(field(document, name), name)


def keys_of(document: JsonObject, name: str) -> tuple[bytes, ...]:
    """A list of hex byte strings, in the order given."""
    return tuple(parse_hex(item, name) for item in list_of(document, name))


def tolerance_of(document: JsonObject) -> Tolerance | None:
    """The ``tolerance`` field: null or ``{metric, bound}``."""
    value = field(document, "tolerance")
    if value is None:
        return None
    tolerance = object_of(value, "tolerance")
    return Tolerance(text_of(tolerance, "metric"), decimal_of(tolerance, "bound"))


def quorum_terms_of(document: JsonObject) -> QuorumTerms:
    """``providers``, ``quorum``, ``determinism`` and ``tolerance``."""
    return QuorumTerms(
        providers=keys_of(document, "providers"),
        quorum=decimal_of(document, "quorum"),
        determinism=text_of(document, "determinism"),
        tolerance=tolerance_of(document),
    )


def receipt_json(receipt: Receipt) -> JsonObject:
    """A verified receipt's body as JSON: hashes in hex, integers as decimal strings."""
    return {
        "task_id": receipt.task_id.hex(),
        "job_id": receipt.job_id.hex(),
        "input_hash": receipt.input_hash.hex(),
        "output_hash": receipt.output_hash.hex(),
        "runtime_digest": receipt.runtime_digest.hex(),
        "resources": {
            "cpu_millicore_seconds": str(receipt.resources.cpu_millicore_seconds),
            "peak_memory_bytes": str(receipt.resources.peak_memory_bytes),
            "work_units": str(receipt.resources.work_units),
        },
        "start_ms": str(receipt.start_ms),
        "end_ms": str(receipt.end_ms),
        "provider": receipt.provider.hex(),
    }


def run_verify_receipt(vector_input: JsonObject) -> HandlerResult:
    """
    Verify a signed receipt, and against a task when one is given.

    References
    ----------
    [AIN-EXEC-RECEIPT-VERIFY.1], [AIN-EXEC-RECEIPT-TASK.1]
    """
    verified = verify_signed_receipt(
        hex_of(vector_input, "receipt"), decimal_of(vector_input, "chain_id")
    )
    if isinstance(verified, Rejection):
        return verified
    task = field(vector_input, "task")
    if task is not None:
        task_object = object_of(task, "task")
        terms = TaskTerms(
            task_id=hex_of(task_object, "task_id"),
            job_id=hex_of(task_object, "job_id"),
            input_hash=hex_of(task_object, "input_hash"),
            runtime_digest=hex_of(task_object, "runtime_digest"),
            providers=keys_of(task_object, "providers"),
        )
        rejection = check_receipt_for_task(verified.receipt, terms)
        if rejection is not None:
            return rejection
    return {"receipt": receipt_json(verified.receipt)}


def run_commitment(vector_input: JsonObject) -> HandlerResult:
    """
    Compute a commitment; with ``commitment`` given, check that the reveal opens it.

    References
    ----------
    [AIN-EXEC-COMMITMENT.1], [AIN-EXEC-REVEAL.1]
    [AIN-EXEC-HANDLER-INPUT.1] Lengths are protocol inputs: the receipt's three fields
    (EXEC_RECEIPT_BAD_FIELD, in the receipt's order), the commitment (EXEC_BAD_COMMITMENT),
    then the salt and the opening.
    """
    task_id, provider = hex_of(vector_input, "task_id"), hex_of(vector_input, "provider")
    output_hash, salt = hex_of(vector_input, "output_hash"), hex_of(vector_input, "salt")
    expected = field(vector_input, "commitment")
    commitment = None if expected is None else parse_hex(expected, "commitment")
    for name, part in (("task_id", task_id), ("output_hash", output_hash), ("provider", provider)):
        if len(part) != 32:
            return Rejection(ErrorCode.EXEC_RECEIPT_BAD_FIELD, f"{name}: {len(part)} bytes")
    if commitment is not None and len(commitment) != 32:
        return Rejection(ErrorCode.EXEC_BAD_COMMITMENT, f"{len(commitment)} bytes")
    if len(salt) != SALT_SIZE:
        return Rejection(ErrorCode.EXEC_BAD_SALT, f"{len(salt)} bytes")
    if commitment is not None:
        rejection = check_reveal(commitment, task_id, provider, output_hash, salt)
        if rejection is not None:
            return rejection
    return {"commitment": commitment_hash(task_id, provider, output_hash, salt).hex()}


def items_of(value: Json, name: str) -> tuple[int, ...]:
    """A list of decimal strings."""
    if not isinstance(value, list):
        raise HandlerInputError(f"{name}: expected a list")
    return tuple(parse_decimal(item, name) for item in value)


def run_tolerance_agrees(vector_input: JsonObject) -> HandlerResult:
    """
    Whether ``candidate`` agrees with ``anchor`` under ``{metric, bound}``.

    References
    ----------
    [AIN-EXEC-TOLERANCE.1], [AIN-EXEC-TOLERANCE-RELATIVE.1], [AIN-EXEC-TOLERANCE-TOKENS.1]
    """
    tolerance = tolerance_of(vector_input)
    rejection = check_tolerance("tolerance", tolerance)
    if rejection is not None:
        return rejection
    assert tolerance is not None
    anchor = items_of(field(vector_input, "anchor"), "anchor")
    candidate = items_of(field(vector_input, "candidate"), "candidate")
    for items in (anchor, candidate):
        if not is_output_in_range(items, tolerance.metric):
            raise HandlerInputError("outputs are read by tolerance_output first")
    return {"agrees": agrees(tolerance, anchor, candidate)}


def run_tolerance_output(vector_input: JsonObject) -> HandlerResult:
    """
    Read a revealed tolerance output against its receipt's output hash.

    References
    ----------
    [AIN-EXEC-OUTPUT.1], [AIN-EXEC-TOLERANCE-OUTPUT.1]
    [AIN-EXEC-HANDLER-INPUT.1] An unknown metric is a protocol word: EXEC_BAD_TOLERANCE.
    """
    metric = text_of(vector_input, "metric")
    if metric not in ITEM_RANGE:
        return Rejection(ErrorCode.EXEC_BAD_TOLERANCE, f"metric {metric!r}")
    items = read_tolerance_output(
        hex_of(vector_input, "output"), hex_of(vector_input, "output_hash"), metric
    )
    if isinstance(items, Rejection):
        return items
    return {"items": [str(item) for item in items]}


def vote_of(value: Json, terms: QuorumTerms) -> Vote | Rejection:
    """
    One vote of a quorum input.

    References
    ----------
    [AIN-EXEC-QUORUM.1] A provider and an output hash of 32 bytes, a known TEE verdict, and
    an output (in its metric's range) exactly in the tolerance class; else EXEC_BAD_VOTE.
    """
    vote = object_of(value, "vote")
    provider, output_hash = hex_of(vote, "provider"), hex_of(vote, "output_hash")
    verdict, output = text_of(vote, "tee_verdict"), field(vote, "output")
    if len(provider) != 32 or len(output_hash) != 32 or verdict not in TEE_VERDICTS:
        return Rejection(ErrorCode.EXEC_BAD_VOTE, "provider, output hash or verdict")
    if (output is None) != (terms.tolerance is None):
        return Rejection(ErrorCode.EXEC_BAD_VOTE, "output present iff class tolerance")
    items = None if output is None else items_of(output, "output")
    tolerance = terms.tolerance
    if (
        items is not None
        and tolerance is not None
        and not is_output_in_range(items, tolerance.metric)
    ):
        return Rejection(ErrorCode.EXEC_BAD_VOTE, "output items")
    return Vote(provider, output_hash, items, verdict)


def run_quorum(vector_input: JsonObject) -> HandlerResult:
    """
    Decide a task's quorum from its terms and its votes in chain order.

    References
    ----------
    [AIN-EXEC-QUORUM-THRESHOLD.1], [AIN-EXEC-QUORUM.1], [AIN-EXEC-QUORUM-EXACT.1],
    [AIN-EXEC-QUORUM-TOLERANCE.1], [AIN-EXEC-QUORUM-TEE.1]
    """
    terms = quorum_terms_of(vector_input)
    rejection = check_quorum_terms(terms)
    if rejection is not None:
        return rejection
    votes: list[Vote] = []
    for value in list_of(vector_input, "votes"):
        vote = vote_of(value, terms)
        if isinstance(vote, Rejection):
            return vote
        votes.append(vote)
    outcome = decide_quorum(terms, votes)
    return {
        "output_hash": None if outcome.output_hash is None else outcome.output_hash.hex(),
        "supporters": [key.hex() for key in outcome.supporters],
        "equivocators": [key.hex() for key in outcome.equivocators],
        "ignored": [key.hex() for key in outcome.ignored],
    }


def offence_json(offence: evidence.Offence) -> JsonObject:
    """An offence as JSON."""
    return {
        "offence_type": offence.offence_type,
        "provider": offence.provider.hex(),
        "task_id": offence.task_id.hex(),
        "evidence_id": offence.evidence_id.hex(),
    }


def run_evidence(vector_input: JsonObject) -> HandlerResult:
    """
    Verify one piece of evidence of the kind ``kind`` names.

    References
    ----------
    [AIN-EXEC-EVIDENCE-CONFLICT.1], [AIN-EXEC-EVIDENCE-MISSED.1], [AIN-EXEC-EVIDENCE-TEE.1],
    [AIN-EXEC-EVIDENCE-ID.1]
    [AIN-EXEC-HANDLER-INPUT.1] An unknown kind is a harness error; a ``missed_reveal`` whose
    task id or provider is not 32 bytes is EXEC_EVIDENCE_NOT_MISSED, checked first.
    """
    kind = text_of(vector_input, "kind")
    offence: evidence.Offence | Rejection
    if kind == "conflicting_receipts":
        offence = evidence.verify_conflicting_receipts(
            hex_of(vector_input, "first"),
            hex_of(vector_input, "second"),
            decimal_of(vector_input, "chain_id"),
        )
    elif kind == "missed_reveal":
        committed, revealed = field(vector_input, "committed"), field(vector_input, "revealed")
        if not isinstance(committed, bool) or not isinstance(revealed, bool):
            raise HandlerInputError("committed and revealed are booleans")
        task_id, provider = hex_of(vector_input, "task_id"), hex_of(vector_input, "provider")
        if len(task_id) != 32 or len(provider) != 32:
            return Rejection(ErrorCode.EXEC_EVIDENCE_NOT_MISSED, "ids are 32 bytes")
        offence = evidence.verify_missed_reveal(
            task_id,
            provider,
            committed,
            revealed,
            decimal_of(vector_input, "reveal_deadline"),
            decimal_of(vector_input, "block_time"),
        )
    elif kind == "tee_measurement_mismatch":
        offence = evidence.verify_tee_mismatch(
            hex_of(vector_input, "receipt"),
            decimal_of(vector_input, "chain_id"),
            text_of(vector_input, "tee_verdict"),
        )
    else:
        raise HandlerInputError(f"kind {kind!r}")
    if isinstance(offence, Rejection):
        return offence
    return offence_json(offence)


def request_of(step: JsonObject) -> lifecycle.Request:
    """A request step's fields."""
    return lifecycle.Request(
        task_id=hex_of(step, "task_id"),
        executor=hex_of(step, "executor"),
        job_id=hex_of(step, "job_id"),
        input_hash=hex_of(step, "input_hash"),
        runtime_digest=hex_of(step, "runtime_digest"),
        quorum_terms=quorum_terms_of(step),
        price=decimal_of(step, "price"),
        commit_deadline=decimal_of(step, "commit_deadline"),
        reveal_deadline=decimal_of(step, "reveal_deadline"),
    )


def step_of(value: Json) -> lifecycle.Step:
    """One lifecycle step, by its ``step`` word."""
    step = object_of(value, "step")
    kind = text_of(step, "step")
    if kind == "request":
        return request_of(step)
    if kind == "commit":
        return lifecycle.Commit(
            hex_of(step, "task_id"), hex_of(step, "provider"), hex_of(step, "commitment")
        )
    if kind == "reveal":
        output = field(step, "output")
        return lifecycle.Reveal(
            task_id=hex_of(step, "task_id"),
            receipt=hex_of(step, "receipt"),
            salt=hex_of(step, "salt"),
            output=None if output is None else parse_hex(output, "output"),
            tee_verdict=text_of(step, "tee_verdict"),
        )
    if kind == "settle":
        return lifecycle.Settle(hex_of(step, "task_id"))
    if kind == "cancel":
        return lifecycle.Cancel(hex_of(step, "task_id"), hex_of(step, "caller"))
    if kind == "conflict":
        return lifecycle.Conflict(hex_of(step, "first"), hex_of(step, "second"))
    raise HandlerInputError(f"step {kind!r}")


def task_json(task: lifecycle.Task) -> JsonObject:
    """A task's record as JSON."""
    return {
        "task_id": task.request.task_id.hex(),
        "status": task.status,
        "output_hash": None if task.output_hash is None else task.output_hash.hex(),
        "committed": [provider.hex() for provider, _ in task.commitments],
        "revealed": [vote.provider.hex() for vote in task.votes],
        "equivocators": [provider.hex() for provider in task.equivocators],
    }


def port_of(vector_input: JsonObject) -> InMemoryPaymentPort:
    """The in-memory port with the input's opening balances."""
    port = InMemoryPaymentPort()
    for value in list_of(vector_input, "balances"):
        entry = object_of(value, "balance")
        port.balances[hex_of(entry, "account")] = decimal_of(entry, "amount")
    return port


def run_lifecycle(vector_input: JsonObject) -> HandlerResult:
    """
    Apply lifecycle steps in order, each at its block time, with the in-memory payment port.

    References
    ----------
    [AIN-EXEC-LIFECYCLE.1] A rejected step's code is its result; it changes nothing.
    """
    chain_id = decimal_of(vector_input, "chain_id")
    port = port_of(vector_input)
    tasks: dict[bytes, lifecycle.Task] = {}
    results: list[Json] = []
    previous_time = 0
    for value in list_of(vector_input, "steps"):
        time = decimal_of(object_of(value, "step"), "time")
        if time < previous_time:
            raise HandlerInputError("block times never go back")
        previous_time = time
        outcome = lifecycle.apply_step(tasks, step_of(value), time, chain_id, port)
        if isinstance(outcome, Rejection):
            results.append(outcome.code.value)
            continue
        tasks[outcome.request.task_id] = outcome
        results.append("ok")
    return {
        "results": results,
        "tasks": [task_json(tasks[task_id]) for task_id in sorted(tasks)],
        "balances": [
            {"account": account.hex(), "amount": str(amount)}
            for account, amount in sorted(port.balances.items())
        ],
        "escrows": [
            {"task_id": task_id.hex(), "payer": payer.hex(), "amount": str(amount)}
            for task_id, (payer, amount) in sorted(port.escrows.items())
        ],
        "offences": [offence_json(offence) for offence in port.offences],
    }


PROFILE_LABEL = re.compile("[a-z][a-z0-9_]{0,31}")
"""A profile id in ``tee_roots``: a path label of lowercase letters, digits and ``_``."""


def pinned_roots(vector_input: JsonObject) -> dict[str, CborValue]:
    """
    The genesis values of ``input.tee_roots``: each profile's root at its path (none absent).

    References
    ----------
    [AIN-EXEC-HANDLER-BLOCKS.2] Profile ids are path labels; any hex is a byte string pinned.
    """
    if "tee_roots" not in vector_input:
        return {}
    values: dict[str, CborValue] = {}
    for profile, root in sorted(object_of(vector_input["tee_roots"], "tee_roots").items()):
        if not PROFILE_LABEL.fullmatch(profile):
            raise HandlerInputError(f"tee_roots: {profile!r:.40} is no profile label")
        values[root_path(profile)] = parse_hex(root, f"tee_roots.{profile}")
    return values


def placed_agents(vector_input: JsonObject) -> dict[str, CborValue]:
    """
    The genesis values of ``input.agents``: each value at its agent's record path, as given.

    References
    ----------
    [AIN-EXEC-HANDLER-BLOCKS-AGENTS.1] Keys are address texts; values typed JSON, placed
    whether or not they read back.
    """
    if "agents" not in vector_input:
        return {}
    values: dict[str, CborValue] = {}
    for agent, value in sorted(object_of(vector_input["agents"], "agents").items()):
        if isinstance(parse_address(agent), Rejection):
            raise HandlerInputError(f"agents: {agent!r:.60} is no address text")
        values[record_path(agent)] = from_typed_json(value)
    return values


def chain_genesis(vector_input: JsonObject) -> tuple[StateTree, int] | Rejection:
    """
    The genesis of ``input.ledger`` with ``input.parameters``, ``tee_roots`` and ``agents``.

    ``parameters`` maps keys to decimals; ``tee_roots``, when given, profiles to DER hex;
    ``agents``, when given, agent address texts to the typed JSON of their records.

    References
    ----------
    [AIN-EXEC-HANDLER-BLOCKS.2]
    [AIN-EXEC-HANDLER-BLOCKS-INPUT.1] An unregistered parameter key is malformed; a value out
    of its bounds is the genesis's PARAM_OUT_OF_BOUNDS.
    [AIN-EXEC-HANDLER-BLOCKS-AGENTS.1]
    """
    ledger = read_ledger(vector_input)
    spec = ledger_genesis(ledger)
    given = object_of(field(vector_input, "parameters"), "parameters")
    extra: dict[str, int | bool] = {}
    for key, text in sorted(given.items()):
        if key not in PARAMETERS:
            raise HandlerInputError(f"parameters: {key} is not registered")
        extra[key] = parse_decimal(text, key)
    spec = attrs.evolve(spec, parameters={**spec.parameters, **extra})
    placed = {**pinned_roots(vector_input), **placed_agents(vector_input)}
    if placed:
        values = {**spec.overrides.get("values", {}), **placed}
        spec = attrs.evolve(spec, overrides={**spec.overrides, "values": values})
    tree = ledger_chain(spec, ledger)
    if isinstance(tree, Rejection):
        return tree
    return tree, ledger.chain_id


def genesis_json(tree: StateTree) -> JsonObject:
    """
    The genesis's root, its four subtree hashes and the hash of each child of ``/values``.

    A client whose root differs finds here which part of its genesis (a registry row under
    ``params``, an area's records) differs before any block ran.

    References
    ----------
    [AIN-EXEC-HANDLER-BLOCKS-OUTPUT.1]
    """
    subtrees = {
        str(subtree): digest.hex()
        for subtree, digest in zip(SUBTREE_ORDER, tree.subtree_hashes(), strict=True)
    }
    values = tree.node_at(values_path("/"))
    children = {} if values is None else values.children
    return {
        "root": tree.root_hash().hex(),
        "subtrees": subtrees,
        "values": {label: children[label].hash().hex() for label in sorted(children)},
    }


def execution_json(tree: StateTree) -> JsonObject:
    """The execution area's records and the task escrows, as typed JSON (null when absent)."""
    read = read_tree(tree)
    paths = {"tasks": TASKS, "timeouts": TIMEOUTS, "offences": OFFENCES, "escrows": ESCROWS}
    return {name: to_typed_json(read(path)) for name, path in sorted(paths.items())}


def run_apply_blocks(vector_input: JsonObject) -> HandlerResult:
    """
    Apply ``input.blocks`` at heights 1, 2, ... on the genesis of ``input.ledger``.

    The chain is the whole protocol genesis: every area's natives and steps run.

    References
    ----------
    [AIN-EXEC-HANDLER-BLOCKS.2]
    [AIN-EXEC-HANDLER-BLOCKS-OUTPUT.1] A refused block's events are [], a failed
    transaction's [], each event the typed JSON of its whole map.
    [AIN-EXEC-HANDLER-BLOCKS-REACH.1]
    """
    state = chain_genesis(vector_input)
    if isinstance(state, Rejection):
        return state
    tree, chain_id = state
    genesis = genesis_json(tree)
    receipts: list[list[str | None] | str] = []
    events: list[Json] = []
    supplies: list[dict[str, str]] = []
    for height, block in enumerate(list_of(vector_input, "blocks"), start=1):
        block = object_of(block, "block")
        data = transaction_list(block)
        result = apply_block(tree, chain_id, chain_block(height, block, data))
        if isinstance(result, Rejection):
            receipts.append(result.code.value)
            events.append([])
        else:
            receipts.append([receipt_code(receipt) for receipt in result.receipts])
            events.append([[to_typed_json(e) for e in r.events] for r in result.receipts])
        supplies.append(supply_json(tree))
    return {
        "events": events,
        "execution": execution_json(tree),
        "genesis": genesis,
        "ledger": ledger_json(tree, chain_id),
        "receipts": receipts,
        "root": tree.root_hash().hex(),
        "supplies": supplies,
    }


HANDLERS: tuple[Handler, ...] = (
    Handler(
        "execution",
        "verify_receipt",
        run_verify_receipt,
        call="verify input.receipt for input.chain_id, then against input.task unless null",
        compare="output.receipt (the body as JSON) or the rejection code",
        clauses=("AIN-EXEC-RECEIPT-VERIFY.1", "AIN-EXEC-RECEIPT-TASK.1"),
    ),
    Handler(
        "execution",
        "commitment",
        run_commitment,
        call="commit to input.output_hash with input.salt; open input.commitment unless null",
        compare="output.commitment or the rejection code",
        clauses=("AIN-EXEC-COMMITMENT.1", "AIN-EXEC-REVEAL.1"),
    ),
    Handler(
        "execution",
        "tolerance_output",
        run_tolerance_output,
        call="read input.output as a tolerance output of input.metric hashing to output_hash",
        compare="output.items or the rejection code",
        clauses=("AIN-EXEC-TOLERANCE-OUTPUT.1",),
    ),
    Handler(
        "execution",
        "tolerance_agrees",
        run_tolerance_agrees,
        call="compare input.candidate with input.anchor under input.tolerance",
        compare="output.agrees or the rejection code",
        clauses=(
            "AIN-EXEC-TOLERANCE.1",
            "AIN-EXEC-TOLERANCE-RELATIVE.1",
            "AIN-EXEC-TOLERANCE-TOKENS.1",
        ),
    ),
    Handler(
        "execution",
        "quorum",
        run_quorum,
        call="decide the quorum of input.votes under the task's providers, quorum and class",
        compare="output {output_hash, supporters, equivocators, ignored} or the rejection code",
        clauses=("AIN-EXEC-QUORUM-THRESHOLD.1", "AIN-EXEC-QUORUM.1"),
    ),
    Handler(
        "execution",
        "evidence",
        run_evidence,
        call="verify the evidence of input.kind",
        compare="output {offence_type, provider, task_id, evidence_id} or the rejection code",
        clauses=("AIN-EXEC-EVIDENCE-ID.1",),
    ),
    Handler(
        "execution",
        "lifecycle",
        run_lifecycle,
        call="apply input.steps in order to empty tasks and input.balances",
        compare="output {results, tasks, balances, escrows, offences}",
        clauses=("AIN-EXEC-LIFECYCLE.1",),
    ),
    Handler(
        "execution",
        "apply_blocks",
        run_apply_blocks,
        call="apply input.blocks (signed transactions) at heights 1, 2, ... on input.ledger's"
        " genesis with input.parameters, input.tee_roots and input.agents",
        compare="output {receipts, events, execution, genesis, ledger, supplies, root}",
        clauses=(
            "AIN-EXEC-HANDLER-BLOCKS.2",
            "AIN-EXEC-HANDLER-BLOCKS-INPUT.1",
            "AIN-EXEC-HANDLER-BLOCKS-OUTPUT.1",
            "AIN-EXEC-HANDLER-BLOCKS-REACH.1",
            "AIN-EXEC-HANDLER-BLOCKS-AGENTS.1",
            "AIN-EXEC-CHAIN-CALL.1",
        ),
    ),
)
"""The execution area's handlers, in handler order."""
