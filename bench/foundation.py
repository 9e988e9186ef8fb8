"""Foundation benchmark: canonical decoding and Ed25519 verification, ratios from one run.

Run: python bench/foundation.py
"""

from __future__ import annotations

import time
from collections.abc import Callable

import nacl.signing

from ain_ref import crypto, ed25519
from ain_ref.encoding import check_canonical, decode, encode


def rate(operation: Callable[[], object], seconds: float = 1.0) -> float:
    """Operations per second over about ``seconds``."""
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for _ in range(100):
            operation()
        count += 100
    return count / (time.perf_counter() - started)


def main() -> None:
    value = {
        "op": "SET_VALUE",
        "path": "/accounts/ain00/balance",
        "value": 12345,
        "nonce": 7,
        "list": [True, None, b"\x00" * 32, "text"],
    }
    encoded = encode(value)
    seed = bytes(range(32))
    keypair = crypto.keypair_from_seed(seed)
    assert isinstance(keypair, crypto.KeyPair)
    digest = bytes(32)
    signature = nacl.signing.SigningKey(seed).sign(digest).signature
    rows = [
        ("decode (cbor2 strict fast path)", rate(lambda: decode(encoded))),
        ("decode (plain scanner only)", rate(lambda: check_canonical(encoded))),
        ("encode (cbor2 canonical)", rate(lambda: encode(value))),
        (
            "PyNaCl verify (bare)",
            rate(lambda: nacl.signing.VerifyKey(keypair.public_key).verify(digest, signature)),
        ),
        (
            "protocol verify (fast path)",
            rate(lambda: crypto.verify_ed25519(keypair.public_key, digest, signature)),
        ),
        (
            "protocol verify (plain twin)",
            rate(
                lambda: ed25519.verify_signature_plain(keypair.public_key, digest, signature), 0.5
            ),
        ),
    ]
    bare = rows[3][1]
    print(f"{'operation':36} {'ops/s':>10} {'vs bare verify':>15}")
    for name, ops in rows:
        print(f"{name:36} {ops:10.0f} {ops / bare:15.2f}")


if __name__ == "__main__":
    main()
