"""Execution benchmark: attestation receipts verified per second, beside bare Ed25519.

Run: python bench/execution_receipts.py [--seconds S]

1. Bare Ed25519: libsodium's verification of a 64-byte signature over a 32-byte digest, the
   floor any receipt check pays (``nacl.bindings.crypto_sign_open``).
2. Receipts: ``verify_signed_receipt`` on a 458-byte signed receipt, which decodes the bytes
   strictly, checks shape, fields and times, and verifies the signature under the protocol's
   rule (acceptable key, S < L, R not small, the equation) and its domain tag and chain id.
Both run in the same process, in interleaved chunks of 50; each rate is that of its fastest
chunk (as timeit advises), so the ratio depends little on the machine's load.
Target: receipts at least 80% of the bare rate.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import nacl.bindings
import nacl.signing

from ain_ref.jobs.execution.receipt import (
    Receipt,
    ResourcesUsed,
    SignedReceipt,
    sign_receipt,
    verify_signed_receipt,
)

CHAIN_ID = 7
CHUNK = 50
SEED = bytes(range(32))


def sample_receipt() -> bytes:
    """A signed receipt with every field filled."""
    provider = nacl.signing.SigningKey(SEED).verify_key.encode()
    receipt = Receipt(
        task_id=b"\x01" * 32,
        job_id=b"\x02" * 32,
        input_hash=b"\x03" * 32,
        output_hash=b"\x04" * 32,
        runtime_digest=b"\x05" * 32,
        resources=ResourcesUsed(120_000, 2**31, 5_000),
        start_ms=1_700_000_000_000,
        end_ms=1_700_000_004_000,
        provider=provider,
    )
    signed = sign_receipt(SEED, CHAIN_ID, receipt)
    assert isinstance(signed, bytes)
    return signed


def bare_verifier() -> Callable[[], object]:
    """One bare Ed25519 verification: a 64-byte signature over a 32-byte digest."""
    key = nacl.signing.SigningKey(SEED)
    public_key, message = key.verify_key.encode(), b"\x09" * 32
    signed = key.sign(message).signature + message
    return lambda: nacl.bindings.crypto_sign_open(signed, public_key)


def receipt_verifier(data: bytes) -> Callable[[], object]:
    """One receipt verification, which must accept."""

    def verify_one() -> object:
        result = verify_signed_receipt(data, CHAIN_ID)
        assert isinstance(result, SignedReceipt)
        return result

    return verify_one


def chunk_seconds(operation: Callable[[], object]) -> float:
    """Seconds one chunk of ``CHUNK`` runs of ``operation`` takes."""
    started = time.perf_counter()
    for _ in range(CHUNK):
        operation()
    return time.perf_counter() - started


def main() -> None:
    """Print both rates and their ratio, each from its fastest of many interleaved chunks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="seconds in all")
    arguments = parser.parse_args()
    data = sample_receipt()
    bare, receipt = bare_verifier(), receipt_verifier(data)
    bare_times: list[float] = []
    receipt_times: list[float] = []
    started = time.perf_counter()
    while time.perf_counter() - started < arguments.seconds:
        bare_times.append(chunk_seconds(bare))
        receipt_times.append(chunk_seconds(receipt))
    bare_rate, receipt_rate = CHUNK / min(bare_times), CHUNK / min(receipt_times)
    print(f"signed receipt: {len(data)} bytes; {len(bare_times)} chunks of {CHUNK} each")
    print(f"bare Ed25519 verify:   {bare_rate:10,.0f} /s")
    print(f"receipts verified:     {receipt_rate:10,.0f} /s")
    print(f"ratio: {100 * receipt_rate / bare_rate:.1f}% (target >= 80%)")


if __name__ == "__main__":
    main()
