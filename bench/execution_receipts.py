"""Execution benchmark: attestation receipts verified per second, beside bare Ed25519.

Run: python bench/execution_receipts.py [--seconds S]

1. Bare Ed25519: libsodium's verification of a 64-byte signature over a 32-byte digest, the
   floor any receipt check pays (``nacl.bindings.crypto_sign_open``).
2. Receipts: ``verify_signed_receipt`` on a 458-byte signed receipt, which decodes the bytes
   strictly, checks shape, fields and times, and verifies the signature under the protocol's
   rule (acceptable key, S < L, R not small, the equation) and its domain tag and chain id.
Both run in the same process, alternating one run each, timed run by run; each rate is that
of its median run, so both see the same load and the ratio depends little on the machine's.
Target: receipts at least 80% of the bare rate.
"""

from __future__ import annotations

import argparse
import statistics
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


def paired_times(
    bare: Callable[[], object], receipt: Callable[[], object], seconds: float
) -> tuple[list[int], list[int]]:
    """Nanoseconds of each run, bare and receipt alternating one by one (same load on both)."""
    bare_times: list[int] = []
    receipt_times: list[int] = []
    clock = time.perf_counter_ns
    deadline = clock() + int(seconds * 1e9)
    while clock() < deadline:
        started = clock()
        bare()
        middle = clock()
        receipt()
        receipt_times.append(clock() - middle)
        bare_times.append(middle - started)
    return bare_times, receipt_times


def main() -> None:
    """Print both rates and their ratio, from the medians of paired runs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="seconds in all")
    arguments = parser.parse_args()
    data = sample_receipt()
    bare_times, receipt_times = paired_times(
        bare_verifier(), receipt_verifier(data), arguments.seconds
    )
    bare_rate = 1e9 / statistics.median(bare_times)
    receipt_rate = 1e9 / statistics.median(receipt_times)
    print(f"signed receipt: {len(data)} bytes; {len(bare_times):,} runs of each")
    print(f"bare Ed25519 verify:   {bare_rate:10,.0f} /s (median run)")
    print(f"receipts verified:     {receipt_rate:10,.0f} /s (median run)")
    print(f"ratio: {100 * receipt_rate / bare_rate:.1f}% (target >= 80%)")


if __name__ == "__main__":
    main()
