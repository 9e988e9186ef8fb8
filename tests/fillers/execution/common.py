"""Shared material of the execution fillers: providers, a task, receipts signed on demand."""

from __future__ import annotations

from typing import Any

from ain_ref import crypto
from ain_ref.crypto import DomainTag
from ain_ref.encoding import CborValue, encode
from ain_ref.jobs.execution.commitment import commitment_hash
from ain_ref.jobs.execution.model import Receipt, ResourcesUsed
from ain_ref.jobs.execution.receipt import receipt_body, sign_receipt
from ain_ref.jobs.execution.tolerance import output_hash

CHAIN_ID = 7
SEEDS = [bytes([index]) * 32 for index in range(1, 8)]
"""Provider seeds; the keys they give are sorted below."""
KEYS_BY_SEED = {seed: crypto.keypair_from_seed(seed).public_key for seed in SEEDS}  # type: ignore[union-attr]
SEED_OF_KEY = {key: seed for seed, key in KEYS_BY_SEED.items()}
PROVIDERS = sorted(KEYS_BY_SEED.values())
"""Seven provider keys in ascending order: PROVIDERS[0] is the smallest."""
EXECUTOR = bytes([0xEE]) * 32
TASK_ID = crypto.tagged_hash(DomainTag.CONFORMANCE_EXAMPLE, b"task 1")
JOB_ID = crypto.tagged_hash(DomainTag.CONFORMANCE_EXAMPLE, b"job 1")
INPUT_HASH = crypto.tagged_hash(DomainTag.CONFORMANCE_EXAMPLE, b"input 1")
RUNTIME_DIGEST = crypto.tagged_hash(DomainTag.CONFORMANCE_EXAMPLE, b"artifact 1")
OUTPUT_A = output_hash(b"output A")
OUTPUT_B = output_hash(b"output B")
OUTPUT_C = output_hash(b"output C")


def salt_of(provider: bytes) -> bytes:
    """Each provider's salt, fixed so vectors regenerate byte for byte."""
    return crypto.tagged_hash(DomainTag.CONFORMANCE_EXAMPLE, b"salt" + provider)


def receipt_for(provider: bytes, output: bytes = OUTPUT_A, **changes: Any) -> Receipt:
    """A receipt of the task by a provider, with fields changed as given."""
    fields: dict[str, Any] = {
        "task_id": TASK_ID,
        "job_id": JOB_ID,
        "input_hash": INPUT_HASH,
        "output_hash": output,
        "runtime_digest": RUNTIME_DIGEST,
        "resources": ResourcesUsed(1_500, 2**30, 12),
        "start_ms": 1_000,
        "end_ms": 5_000,
        "provider": provider,
    }
    fields.update(changes)
    return Receipt(**fields)


def signed(receipt: Receipt, seed: bytes | None = None, chain_id: int = CHAIN_ID) -> bytes:
    """The signed receipt, by the provider's own seed unless another is given."""
    data = sign_receipt(seed or SEED_OF_KEY[receipt.provider], chain_id, receipt)
    assert isinstance(data, bytes)
    return data


def signed_body(body: dict[str, CborValue], seed: bytes, signature: bytes | None = None) -> bytes:
    """A signed receipt around any body map (for shape and field cases)."""
    if signature is None:
        made = crypto.sign(seed, DomainTag.EXECUTION_RECEIPT, CHAIN_ID, encode(body))
        assert isinstance(made, bytes)
        signature = made
    return encode({"body": body, "signature": signature})


def body_of(receipt: Receipt) -> dict[str, CborValue]:
    """The body map of a receipt, to alter."""
    return receipt_body(receipt)


def commitment_of(provider: bytes, output: bytes = OUTPUT_A, task_id: bytes = TASK_ID) -> bytes:
    """The provider's commitment to an output hash, with its own salt."""
    return commitment_hash(task_id, provider, output, salt_of(provider))


def task_json(providers: list[bytes] | None = None) -> dict[str, Any]:
    """The task terms a receipt is checked against."""
    return {
        "task_id": TASK_ID.hex(),
        "job_id": JOB_ID.hex(),
        "input_hash": INPUT_HASH.hex(),
        "runtime_digest": RUNTIME_DIGEST.hex(),
        "providers": [key.hex() for key in (providers or PROVIDERS[:3])],
    }
