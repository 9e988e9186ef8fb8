"""
Scenery for tasks on chain: a genesis with three providers under active contracts, an
executor, a reporter, three registered agents, and signed execution calls in real blocks.

Heights are the lifecycle's clock; a block at height h has time h * 1,000 ms. The developer
registers the agents by transactions at the front of the first block, so a request at height
1 finds them; callers strip those transactions' receipts (``SETUP``).
"""

from __future__ import annotations

from typing import Any, Final

import attrs

from ain_ref.chain import decode_transaction, sign_transaction
from ain_ref.conformance.handlers.economy import ledger_genesis
from ain_ref.crypto import KeyPair, format_address, keypair_from_seed
from ain_ref.economy.ledger import Contract, ContractState, Ledger, Reservation
from ain_ref.economy.natives import call_path as economy_call_path
from ain_ref.economy.records import supply_of_tree
from ain_ref.encoding import CborValue
from ain_ref.errors import Rejection
from ain_ref.jobs.execution.area import call_path
from ain_ref.jobs.execution.commitment import commitment_hash
from ain_ref.jobs.execution.evidence import evidence_id
from ain_ref.jobs.execution.model import Receipt, ResourcesUsed
from ain_ref.jobs.execution.receipt import sign_receipt
from ain_ref.jobs.execution.task_records import read_task, task_path
from ain_ref.jobs.execution.tee_verdict import root_path
from ain_ref.jobs.execution.tolerance import output_hash
from ain_ref.jobs.jobspec import CheckedSpec, check_text
from ain_ref.jobs.tee.binding import task_binding
from ain_ref.platform.blocks import Block, apply_block
from ain_ref.platform.genesis import build_protocol_genesis
from ain_ref.platform.steps import values_path
from ain_ref.state.tree import StateTree
from tests.fillers.economy.common import CHAIN_ID, PARAMETERS
from tests.fillers.execution.common import INPUT_HASH, RUNTIME_DIGEST, salt_of
from tests.fillers.tee.synthetic import DEFAULT_CHAIN, EXPECTED, build_chain, document


class Party:
    """An account with a fixed seed: its key, its address text and its signing seed."""

    def __init__(self, seed_byte: int) -> None:
        self.seed = bytes([seed_byte]) * 32
        keypair = keypair_from_seed(self.seed)
        assert isinstance(keypair, KeyPair)
        self.key = keypair.public_key
        self.address = format_address(keypair.public_key)


DEVELOPER = Party(0x21)
EXECUTOR = Party(0x22)
REPORTER = Party(0x23)
PROVIDERS = tuple(sorted((Party(0x31), Party(0x32), Party(0x33)), key=lambda party: party.key))
"""Three providers, in ascending key order."""
OUTSIDER = Party(0x34)
"""A provider with no contract."""
CONTRACT_OF = {party.key: f"c{index}" for index, party in enumerate(PROVIDERS)}
PROVIDER_DEPOSIT = 10_000
BALANCE = 1_000_000
PRICE = 900
LEDGER_PARAMETERS: Final = attrs.evolve(PARAMETERS, withdrawal_delay=10**9)
"""The economy's small test parameters, but deposits stay slashable for 10^9 ms."""
OUTPUT_A = output_hash(b"output A")
OUTPUT_B = output_hash(b"output B")

JOB_TEXT: Final = """jobspec 1
agent {agent}

runtime {{
    language wasm
    entry "run"
    artifact sha256 "{artifact}"
}}

input "application/json"
output "text/plain"

resources {{
    cpu 1 cpu
    memory 1 GiB
}}

price {{
    rate 100 per request
}}

qos {{
    deadline 10 s
}}

attestation {{
{attestation}}}
"""
"""A job of an agent running RUNTIME_DIGEST's artifact; its attestation block is a parameter."""


@attrs.frozen
class Job:
    """A registered agent's job: the agent, its specification text and its job id."""

    agent: Party
    text: str
    job_id: bytes


def job_of(agent: Party, attestation: str) -> Job:
    """The job of an agent with these attestation lines (checked valid here)."""
    text = JOB_TEXT.format(
        agent=agent.address, artifact=RUNTIME_DIGEST.hex(), attestation=attestation
    )
    checked = check_text(text)
    assert isinstance(checked, CheckedSpec), checked
    return Job(agent, text, checked.job_id)


EXACT_JOB = job_of(Party(0x41), "    providers 3\n    quorum 2\n    determinism exact\n")
"""The standard task's job: three providers, quorum 2, exact."""
TOLERANCE_JOB = job_of(
    Party(0x42),
    "    providers 3\n    quorum 2\n    determinism tolerance\n"
    "    tolerance max_relative_error_ppm 1000\n",
)
TEE_REGISTERS: Final = "".join(f'    pcr {index} "{value.hex()}"\n' for index, value in EXPECTED)
"""The synthetic PKI's expected registers (PCR0 and PCR2) as the job's pcr lines."""
TEE_JOB = job_of(
    Party(0x43),
    "    providers 1\n    quorum 1\n    tee nitro\n    determinism tee_only\n" + TEE_REGISTERS,
)
TEST_ROOT: Final = build_chain(DEFAULT_CHAIN)[0]
"""The synthetic test PKI's root, pinned for ``nitro`` by the test genesis."""
JOBS: Final = (EXACT_JOB, TOLERANCE_JOB, TEE_JOB)
JOB_OF_CLASS: Final = {"exact": EXACT_JOB, "tolerance": TOLERANCE_JOB, "tee_only": TEE_JOB}
JOB_ID = EXACT_JOB.job_id
SETUP: Final = len(JOBS)
"""The registrations at the front of the first block."""


def registration(job: Job, key: str = "1") -> tuple[str, CborValue]:
    """The developer's register write of a job's agent: (path, value)."""
    path = f"/jobs/register/{DEVELOPER.address}/{job.agent.address}/{key}/value"
    value: CborValue = {
        "spec": job.text,
        "ontology_version": 1,
        "capabilities": {"text-generation": True},
    }
    return path, value


def contract(provider: Party, contract_id: str, **changes: Any) -> Contract:
    """An active contract between the developer and a provider, for all time."""
    fields: dict[str, Any] = {
        "contract_id": contract_id,
        "developer": DEVELOPER.address,
        "provider": provider.address,
        "start_time": 0,
        "end_time": 10**12,
        "price_per_request": 1,
        "capacity_requests": 100_000,
        "provider_share_bps": 8_000,
        "developer_deposit": 5_000,
        "provider_deposit": PROVIDER_DEPOSIT,
        "provider_deposit_due": PROVIDER_DEPOSIT,
        "state": ContractState.ACTIVE,
    }
    fields.update(changes)
    return Contract(**fields)


def base_ledger(**changes: Any) -> Ledger:
    """Everyone holds 1,000,000; each provider serves under its contract c0, c1, c2."""
    parties = (DEVELOPER, EXECUTOR, REPORTER, *PROVIDERS, OUTSIDER)
    fields: dict[str, Any] = {
        "chain_id": CHAIN_ID,
        "parameters": LEDGER_PARAMETERS,
        "balances": {party.address: BALANCE for party in parties},
        "contracts": {
            CONTRACT_OF[party.key]: contract(party, CONTRACT_OF[party.key]) for party in PROVIDERS
        },
    }
    fields.update(changes)
    return Ledger(**fields)


RESERVATION_OF = {party.key: f"r{index}" for index, party in enumerate(PROVIDERS)}
"""The executor's reservation on each provider's contract (``reserved_ledger``)."""
SEAT_PRICES = (100, 200, 300)
"""The price per request of c0, c1, c2 in ``reserved_ledger``."""
RESERVED_REQUESTS = 10


def reservation(
    provider: Party, contract_id: str, price: int, requests: int = RESERVED_REQUESTS, **changes: Any
) -> Reservation:
    """The executor's reservation of ``requests`` requests on a contract, for all time."""
    fields: dict[str, Any] = {
        "reservation_id": RESERVATION_OF[provider.key],
        "contract_id": contract_id,
        "executor": EXECUTOR.address,
        "requests": requests,
        "price_per_request": price,
        "start_time": 0,
        "end_time": 10**12,
        "escrow": requests * price,
        "origin": bytes([0x5A]) * 32,
    }
    fields.update(changes)
    return Reservation(**fields)


def reserved_ledger(**reservation_changes: Any) -> Ledger:
    """
    ``base_ledger`` with c0, c1, c2 at 100, 200, 300 per request, and the executor's
    reservations r0, r1, r2 of ten requests on them.
    """
    contracts = {}
    reservations = {}
    for party, price in zip(PROVIDERS, SEAT_PRICES, strict=True):
        contract_id = CONTRACT_OF[party.key]
        contracts[contract_id] = contract(
            party, contract_id, price_per_request=price, reserved_requests=RESERVED_REQUESTS
        )
        reserved = reservation(party, contract_id, price, **reservation_changes)
        reservations[reserved.reservation_id] = reserved
    return base_ledger(contracts=contracts, reservations=reservations)


def reserved_request_fields(**changes: Any) -> dict[str, CborValue]:
    """A request paid from the three reservations: its price is their prices' sum, 600."""
    fields: dict[str, Any] = {
        "reservations": {party.key.hex(): RESERVATION_OF[party.key] for party in PROVIDERS},
        "price": sum(SEAT_PRICES),
    }
    fields.update(changes)
    return request_fields(**fields)


def request_fields(**changes: Any) -> dict[str, CborValue]:
    """
    A request for all three providers, quorum 2, exact, deadlines at heights 5 and 9.

    The agent and job id are those of the registered job of the request's class (the exact
    job for a class no job has).
    """
    job = JOB_OF_CLASS.get(str(changes.get("determinism", "exact")), EXACT_JOB)
    fields: dict[str, CborValue] = {
        "agent": job.agent.address,
        "job_id": job.job_id,
        "input_hash": INPUT_HASH,
        "runtime_digest": RUNTIME_DIGEST,
        "assignments": {party.key.hex(): CONTRACT_OF[party.key] for party in PROVIDERS},
        "quorum": 2,
        "determinism": "exact",
        "price": PRICE,
        "commit_deadline": 5,
        "reveal_deadline": 9,
    }
    fields.update(changes)
    return {name: value for name, value in fields.items() if value is not None}


def receipt_of(
    task_id: bytes, provider: Party, output: bytes = OUTPUT_A, job: Job = EXACT_JOB
) -> bytes:
    """A provider's signed receipt of a task of a job (chain id 0 on chain)."""
    receipt = Receipt(
        task_id=task_id,
        job_id=job.job_id,
        input_hash=INPUT_HASH,
        output_hash=output,
        runtime_digest=RUNTIME_DIGEST,
        resources=ResourcesUsed(1_500, 2**20, 12),
        start_ms=1_000,
        end_ms=2_000,
        provider=provider.key,
    )
    data = sign_receipt(provider.seed, 0, receipt)
    assert isinstance(data, bytes)
    return data


def commitment_of(task_id: bytes, provider: Party, output: bytes = OUTPUT_A) -> bytes:
    """A provider's commitment to an output [AIN-EXEC-COMMITMENT.1]."""
    return commitment_hash(task_id, provider.key, output, salt_of(provider.key))


def reveal_fields(
    task_id: bytes,
    provider: Party,
    output: bytes = OUTPUT_A,
    job: Job = EXACT_JOB,
    evidence: bytes | None = None,
) -> dict[str, CborValue]:
    """A provider's reveal of its committed output (with its attestation document, if any)."""
    fields: dict[str, CborValue] = {
        "task_id": task_id,
        "receipt": receipt_of(task_id, provider, output, job),
        "salt": salt_of(provider.key),
    }
    if evidence is not None:
        fields["evidence"] = evidence
    return fields


def tee_evidence(task_id: bytes, **changes: Any) -> bytes:
    """
    A synthetic Nitro document bound to a task on chain (binding chain id 0), on the TEE job's
    registers unless ``changes`` say otherwise (tests.fillers.tee.synthetic.document's).
    """
    changes.setdefault("nonce", task_binding(0, task_id))
    evidence, _ = document(**changes)
    return evidence


def genesis_tree(ledger: Ledger, tee_roots: dict[str, bytes] | None = None) -> StateTree:
    """A ledger's genesis with roots pinned (the test PKI's for nitro unless given)."""
    roots = {"nitro": TEST_ROOT} if tee_roots is None else tee_roots
    spec = ledger_genesis(ledger)
    values = {**spec.overrides["values"], **{root_path(p): r for p, r in roots.items()}}  # type: ignore[dict-item]
    tree = build_protocol_genesis(attrs.evolve(spec, overrides={"values": values}))
    assert isinstance(tree, StateTree)
    return tree


def signed_write(signer: Party, path: str, value: CborValue, nonce: int, time: int) -> bytes:
    """A signed transaction of one SET_VALUE."""
    body: dict[str, CborValue] = {
        "chain_id": CHAIN_ID,
        "nonce": nonce,
        "timestamp": time,
        "operation": {"type": "SET_VALUE", "ref": path, "value": value},
    }
    return sign_transaction(signer.seed, body)


def signed_call(caller: Party, kind: str, value: CborValue, nonce: int, time: int) -> bytes:
    """
    A signed transaction writing one execution call, its key the nonce; a kind
    ``economy/<kind>`` is an economy call instead.
    """
    if kind.startswith("economy/"):
        path = economy_call_path(kind.removeprefix("economy/"), caller.address, str(nonce))
    else:
        path = call_path(kind, caller.address, str(nonce))
    return signed_write(caller, path, value, nonce, time)


def registrations(time: int) -> list[bytes]:
    """The developer's registrations of every job's agent, nonces 0, 1, 2 (the setup)."""
    return [
        signed_write(DEVELOPER, *registration(job, str(nonce)), nonce, time)
        for nonce, job in enumerate(JOBS)
    ]


def transaction_id(data: bytes) -> bytes:
    """A signed transaction's id [AIN-TX-ID.1]: a task's id is its request's."""
    decoded = decode_transaction(data)
    assert not isinstance(decoded, Rejection)
    return decoded.id


class ExecutionChain:
    """A chain from ``base_ledger``'s genesis; each call is a signed transaction in a block."""

    def __init__(self, ledger: Ledger | None = None) -> None:
        self.tree = genesis_tree(ledger or base_ledger())
        self.height = 0
        self.nonces: dict[str, int] = {DEVELOPER.address: SETUP}
        self.events: list[dict[str, CborValue]] = []

    def read(self, text: str) -> CborValue:
        """The value at a /values path."""
        return self.tree.value_at(values_path(text))

    def supply(self) -> int:
        """The total supply computed from the tree [AIN-PLAT-STAKE-SUPPLY.2]."""
        return supply_of_tree(self.read)[0]

    def balance(self, party: Party) -> int:
        """A party's balance."""
        value = self.read(f"/accounts/{party.address}/balance")
        return value if isinstance(value, int) else 0

    def sign(self, caller: Party, kind: str, value: CborValue) -> bytes:
        """The next signed call of a party (its nonce advances)."""
        nonce = self.nonces.get(caller.address, 0)
        self.nonces[caller.address] = nonce + 1
        return signed_call(caller, kind, value, nonce, (self.height + 1) * 1_000)

    def block(self, *transactions: bytes) -> list[str | None]:
        """
        Apply the next block: the receipts' codes (None for success).

        The first block starts with the setup's registrations, whose receipts are checked
        here and left out.
        """
        self.height += 1
        setup = registrations(1_000) if self.height == 1 else []
        block = Block(self.height, self.height * 1_000, (*setup, *transactions))
        result = apply_block(self.tree, CHAIN_ID, block)
        assert not isinstance(result, Rejection), result
        assert all(receipt.code is None for receipt in result.receipts[: len(setup)])
        receipts = result.receipts[len(setup) :]
        for receipt in receipts:
            self.events.extend(receipt.events)
        return [None if r.code is None else r.code.value for r in receipts]

    def call(self, caller: Party, kind: str, value: CborValue) -> str | None:
        """One call in a block of its own: None, or its receipt's code."""
        return self.block(self.sign(caller, kind, value))[0]

    def request(self, fields: dict[str, CborValue] | None = None, **changes: Any) -> bytes:
        """A request by the executor in a block of its own; the new task's id."""
        data = self.sign(EXECUTOR, "request", fields or request_fields(**changes))
        code = self.block(data)[0]
        assert code is None, code
        return transaction_id(data)

    def advance_to(self, height: int) -> None:
        """Empty blocks until the chain's height is ``height``."""
        while self.height < height:
            self.block()

    def status(self, task_id: bytes) -> str:
        """A task's status."""
        chain_task = read_task(task_id, self.read(task_path(task_id)))
        assert chain_task is not None
        return chain_task.task.status

    def reservation(self, provider: Party) -> dict[str, CborValue]:
        """The executor's reservation on a provider's contract (``reserved_ledger``)."""
        stored = self.read(f"/economy/reservations/{RESERVATION_OF[provider.key]}")
        assert isinstance(stored, dict)
        return stored

    def escrow(self, task_id: bytes) -> CborValue:
        """A task's escrow record (None once released or refunded)."""
        return self.read(f"/economy/escrows/{task_id.hex()}")


def missed_reveal_id(task_id: bytes, provider: Party) -> bytes:
    """The evidence id of a provider's missed reveal."""
    return evidence_id("missed_reveal", task_id, provider.key)


Call = tuple[Party, str, CborValue]
"""(caller, kind, fields) of one execution call."""


class BlockScript:
    """
    Blocks of signed calls, authored before they run: what the apply_blocks fillers write.

    Block k (from 1) has height k and time k * 1,000 ms, as ``ExecutionChain``'s; each
    signer's nonces count from 0 in the order its calls appear.
    """

    def __init__(self) -> None:
        self.nonces: dict[str, int] = {DEVELOPER.address: SETUP}
        self.blocks: list[dict[str, object]] = []

    def append(self, transactions: list[bytes]) -> None:
        """Append a block of transactions; the first block starts with the setup."""
        height = self.height + 1
        setup = registrations(1_000) if height == 1 else []
        self.blocks.append(
            {
                "time": str(height * 1_000),
                "transactions": [data.hex() for data in (*setup, *transactions)],
            }
        )

    @property
    def height(self) -> int:
        """The height of the last block written."""
        return len(self.blocks)

    def block(self, *calls: Call) -> list[bytes]:
        """Append the next block of calls; the ids of its transactions (a request's: its task)."""
        height = self.height + 1
        transactions = []
        for caller, kind, value in calls:
            nonce = self.nonces.get(caller.address, 0)
            self.nonces[caller.address] = nonce + 1
            transactions.append(signed_call(caller, kind, value, nonce, height * 1_000))
        self.append(transactions)
        return [transaction_id(data) for data in transactions]

    def request(self, fields: dict[str, CborValue] | None = None, **changes: Any) -> bytes:
        """A block with the executor's request alone; the task's id."""
        return self.block((EXECUTOR, "request", fields or request_fields(**changes)))[0]

    def block_writes(self, *writes: tuple[Party, str, CborValue]) -> list[bytes]:
        """Append a block of SET_VALUE transactions (signer, path, value); their ids."""
        height = self.height + 1
        transactions = []
        for signer, path, value in writes:
            nonce = self.nonces.get(signer.address, 0)
            self.nonces[signer.address] = nonce + 1
            transactions.append(signed_write(signer, path, value, nonce, height * 1_000))
        self.append(transactions)
        return [transaction_id(data) for data in transactions]

    def advance_to(self, height: int) -> None:
        """Empty blocks up to ``height``."""
        while self.height < height:
            self.block()

    def block_set(self, caller: Party, calls: list[tuple[str, CborValue]]) -> bytes:
        """A block of one SET transaction writing several calls of one caller; its id."""
        height = self.height + 1
        nonce = self.nonces.get(caller.address, 0)
        self.nonces[caller.address] = nonce + 1
        operations: list[CborValue] = [
            {
                "type": "SET_VALUE",
                "ref": call_path(kind, caller.address, f"{nonce}-{index}"),
                "value": value,
            }
            for index, (kind, value) in enumerate(calls)
        ]
        body: dict[str, CborValue] = {
            "chain_id": CHAIN_ID,
            "nonce": nonce,
            "timestamp": height * 1_000,
            "operation": {"type": "SET", "op_list": operations},
        }
        data = sign_transaction(caller.seed, body)
        self.append([data])
        return transaction_id(data)
