"""
The consensus area's vector handlers (spec/consensus.md, "Handlers").

Spec: spec/conformance.md, "Handlers" ([AIN-CONF-HANDLER.1]).
Layer: conformance. The consensus area owns this file; no other area edits it.
"""

from __future__ import annotations

from typing import Final

from ain_ref.chain import Receipt, build_genesis
from ain_ref.conformance.handlers.base import Handler, HandlerResult
from ain_ref.conformance.typed_json import (
    HandlerInputError,
    Json,
    JsonObject,
    field,
    from_typed_json,
    parse_decimal,
    parse_hex,
)
from ain_ref.consensus.committee import Committee, ConsensusParameters, build_committee
from ain_ref.consensus.dag import Acceptance, Dag
from ain_ref.consensus.epochs import parameters_from_state
from ain_ref.consensus.execution import Executor
from ain_ref.consensus.linearise import Committer
from ain_ref.consensus.tentative import reconcile, tentative_results
from ain_ref.consensus_params import GC_DEPTH, MAX_ROUNDS_AHEAD, MAX_SUSPENDED
from ain_ref.errors import Rejection
from ain_ref.events import EquivocationProof, verify_equivocation_proof
from ain_ref.platform.params import check_parameter_value
from ain_ref.state.tree import StateTree

MAX_EXPANDED_BYTES: Final = 1 << 20
"""Longest event bytes a run-length input may expand to (1 MiB; the size check needs no more)."""


def parse_event_bytes(value: Json, name: str) -> bytes:
    """
    A signed event's bytes in a handler input: lowercase hex, or the run-length form.

    The run-length form is a JSON array whose items are hex strings or ``{"fill": hex of one
    byte, "length": decimal >= 1}`` (that byte repeated); the bytes are the items' bytes
    concatenated, at most MAX_EXPANDED_BYTES. It only shortens the vector: the handler judges
    the expanded bytes, exactly as if they had been given in hex.
    """
    if not isinstance(value, list):
        return parse_hex(value, name)
    parts: list[bytes] = []
    total = 0
    for item in value:
        if isinstance(item, dict):
            if set(item) != {"fill", "length"}:
                raise HandlerInputError(f"{name}: a run is {{fill, length}}")
            fill = parse_hex(item["fill"], f"{name}.fill")
            length = parse_decimal(item["length"], f"{name}.length")
            if len(fill) != 1 or length < 1:
                raise HandlerInputError(f"{name}: a run is one byte, repeated at least once")
            total += length
            if total > MAX_EXPANDED_BYTES:
                raise HandlerInputError(f"{name}: expands beyond {MAX_EXPANDED_BYTES} bytes")
            parts.append(fill * length)
        else:
            part = parse_hex(item, name)
            total += len(part)
            parts.append(part)
    if total > MAX_EXPANDED_BYTES:
        raise HandlerInputError(f"{name}: expands beyond {MAX_EXPANDED_BYTES} bytes")
    return b"".join(parts)


def hex_list(value: Json, name: str) -> list[bytes]:
    """A JSON array of signed events' bytes, each in hex or the run-length form."""
    if not isinstance(value, list):
        raise HandlerInputError(f"{name}: expected an array")
    return [parse_event_bytes(item, name) for item in value]


def read_committee(vector_input: JsonObject) -> Committee | Rejection:
    """The committee and epoch of a handler input [AIN-CONS-COMMITTEE.1]."""
    members = field(vector_input, "committee")
    if not isinstance(members, list) or not all(isinstance(item, dict) for item in members):
        raise HandlerInputError("committee: expected an array of objects")
    pairs = [
        (
            parse_hex(field(member, "public_key"), "public_key"),
            parse_decimal(field(member, "stake"), "stake"),
        )
        for member in members
    ]
    return build_committee(parse_decimal(field(vector_input, "epoch"), "epoch"), pairs)


def read_parameters(vector_input: JsonObject) -> ConsensusParameters:
    """
    The consensus parameters of a handler input: what the node read from its state.

    A value outside its registered bounds could not be stored, so it makes the vector
    malformed (a harness error, never a verdict).

    References
    ----------
    [AIN-CONS-PARAMETERS.2]
    """
    raw = field(vector_input, "parameters")
    values = {}
    for definition in (MAX_ROUNDS_AHEAD, GC_DEPTH, MAX_SUSPENDED):
        value = parse_decimal(field(raw, definition.name), definition.name)
        if check_parameter_value(definition, value) is not None:
            raise HandlerInputError(f"parameters.{definition.name}: outside its bounds")
        values[definition.name] = value
    return ConsensusParameters(**values)


def build_dag(
    vector_input: JsonObject, parameters: ConsensusParameters | None = None
) -> Dag | Rejection:
    """An empty DAG for the input's committee and chain, and its parameters (else the input's)."""
    committee = read_committee(vector_input)
    if isinstance(committee, Rejection):
        return committee
    chain_id = parse_decimal(field(vector_input, "chain_id"), "chain_id")
    if parameters is None:
        parameters = read_parameters(vector_input)
    return Dag(committee, chain_id, parameters)


def feed(
    dag: Dag,
    events: list[bytes],
    committer: Committer | None = None,
    executor: Executor | None = None,
) -> None:
    """
    Accept events in order; one that is refused makes the vector malformed.

    With a committer, decide after each event; with an executor too, execute what it commits.
    """
    for data in events:
        result = dag.accept(data)
        if isinstance(result, Rejection):
            raise HandlerInputError(f"a given event is refused: {result.describe()}")
        if committer is None:
            continue
        for sub_dag in committer.try_commit():
            if executor is not None:
                executor.execute(sub_dag)


def acceptance_output(result: Acceptance) -> JsonObject:
    """The JSON form of an acceptance."""
    return {
        "status": result.status,
        "digest": result.digest.hex(),
        "inserted": [event.digest.hex() for event in result.inserted],
        "missing": [digest.hex() for digest in result.missing],
    }


def run_accept_event(vector_input: JsonObject) -> HandlerResult:
    """
    Accept ``input.event`` after ``input.held``, at GC round ``input.gc_round``.

    References
    ----------
    [AIN-CONS-EVENT-CHECKS.1]
    """
    dag = build_dag(vector_input)
    if isinstance(dag, Rejection):
        return dag
    feed(dag, hex_list(field(vector_input, "held"), "held"))
    dag.collect_garbage(parse_decimal(field(vector_input, "gc_round"), "gc_round"))
    result = dag.accept(parse_event_bytes(field(vector_input, "event"), "event"))
    if isinstance(result, Rejection):
        return result
    return acceptance_output(result)


def run_commit(vector_input: JsonObject) -> HandlerResult:
    """
    Accept ``input.events`` in order, deciding and linearising after each.

    References
    ----------
    [AIN-CONS-DECIDE.1], [AIN-CONS-LINEARISE.1]
    """
    dag = build_dag(vector_input)
    if isinstance(dag, Rejection):
        return dag
    committer = Committer(dag)
    feed(dag, hex_list(field(vector_input, "events"), "events"), committer)
    return {
        "decisions": [
            {
                "wave": str(decision.wave),
                "decision": decision.kind,
                "how": decision.how,
                "leader": None if decision.leader is None else decision.leader.digest.hex(),
            }
            for decision in committer.decisions
        ],
        "committed": [
            {
                "wave": str(sub_dag.wave),
                "leader": sub_dag.leader.digest.hex(),
                "events": [event.digest.hex() for event in sub_dag.events],
            }
            for sub_dag in committer.committed
        ],
    }


def run_verify_evidence(vector_input: JsonObject) -> HandlerResult:
    """
    Verify an equivocation proof.

    References
    ----------
    [AIN-CONS-EVIDENCE.1]
    """
    proof = EquivocationProof(
        parse_event_bytes(field(vector_input, "first"), "first"),
        parse_event_bytes(field(vector_input, "second"), "second"),
    )
    proven = verify_equivocation_proof(proof)
    if isinstance(proven, Rejection):
        return proven
    return {
        "chain_id": str(proven.chain_id),
        "epoch": str(proven.epoch),
        "author": proven.author.hex(),
        "round": str(proven.round),
    }


def receipt_output(receipt: Receipt | None) -> JsonObject | None:
    """A receipt's status and code in handler JSON."""
    if receipt is None:
        return None
    return {"status": receipt.status, "code": None if receipt.code is None else str(receipt.code)}


def run_reconcile(vector_input: JsonObject) -> HandlerResult:
    """
    Take tentative results after ``input.before``, then reconcile them after ``input.after``.

    References
    ----------
    [AIN-CONS-TENTATIVE.2], [AIN-CONS-RECONCILE.2]
    [AIN-CONS-PARAMETERS.2] The parameters are read from the genesis state (epoch 0).
    """
    committee = read_committee(vector_input)
    if isinstance(committee, Rejection):
        return committee
    document = from_typed_json(field(vector_input, "genesis"))
    tree = build_genesis(document)
    if isinstance(tree, Rejection):
        return tree
    dag = build_dag(vector_input, parameters_from_state(tree))
    assert not isinstance(dag, Rejection)  # the committee was read above

    def genesis() -> StateTree:
        built = build_genesis(document)
        assert isinstance(built, StateTree)
        return built

    committer, executor = Committer(dag), Executor(genesis, dag.chain_id)
    feed(dag, hex_list(field(vector_input, "before"), "before"), committer, executor)
    tentative = tentative_results(executor, dag, committer)
    feed(dag, hex_list(field(vector_input, "after"), "after"), committer, executor)
    return {
        "records": [
            {
                "transaction": record.transaction_hash.hex(),
                "tentative": receipt_output(record.tentative),
                "final": receipt_output(record.final),
                "outcome": record.outcome,
            }
            for record in reconcile(tentative, executor, dag, committer)
        ],
        "blocks": [
            {"height": str(block.height), "root": block.state_root.hex()}
            for block in executor.blocks
        ],
    }


HANDLERS: tuple[Handler, ...] = (
    Handler(
        "consensus",
        "accept_event",
        run_accept_event,
        call="accept input.held in order, set the GC round, then accept input.event",
        compare="output.status, digest, inserted and missing, or the rejection code",
        clauses=("AIN-CONS-EVENT-CHECKS.1",),
    ),
    Handler(
        "consensus",
        "commit",
        run_commit,
        call="accept input.events in order, deciding and linearising after each",
        compare="output.decisions and output.committed",
        clauses=("AIN-CONS-DECIDE.1", "AIN-CONS-LINEARISE.1"),
    ),
    Handler(
        "consensus",
        "verify_evidence",
        run_verify_evidence,
        call="verify the equivocation proof [input.first, input.second]",
        compare="output.chain_id, epoch, author and round, or the rejection code",
        clauses=("AIN-CONS-EVIDENCE.1",),
    ),
    Handler(
        "consensus",
        "reconcile",
        run_reconcile,
        call="build input.genesis; accept input.before (committing and executing), take the "
        "tentative results, accept input.after, reconcile",
        compare="output.records and output.blocks",
        clauses=("AIN-CONS-TENTATIVE.2", "AIN-CONS-RECONCILE.2"),
    ),
)
"""The consensus area's handlers, in handler order."""
