"""Secure channel benchmark: complete handshakes per second, KK and IK, beside bare X25519.

Run: python bench/execution_channel.py [--quick]

1. A complete handshake: both parties opened from seeds and identities (key conversion
   included), message 1 written and read, message 2 written and read, per second; KK and IK.
2. Transport: 1 KiB messages written and read per second after a handshake.
3. Bare X25519 exchanges per second (libsodium through PyNaCl): a KK handshake costs
   four exchanges on each side plus two key generations, so this bounds the handshake rate.
Times are CPU time of this process (``time.process_time``); keys come from fixed seeds.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable

from ain_ref import crypto
from ain_ref.jobs.channel import party as channel_party
from ain_ref.jobs.channel.x25519 import dh, x25519_public_key_of

AGENT_SEED, PROVIDER_SEED = bytes([41]) * 32, bytes([42]) * 32
TASK_ID = hashlib.sha256(b"task 1").digest()


def identity(seed: bytes) -> bytes:
    """The Ed25519 public key of a seed."""
    keypair = crypto.keypair_from_seed(seed)
    assert isinstance(keypair, crypto.KeyPair)
    return keypair.public_key


AGENT, PROVIDER = identity(AGENT_SEED), identity(PROVIDER_SEED)


def handshake(pattern: str, counter: int) -> tuple[channel_party.Party, channel_party.Party]:
    """One complete handshake between the agent and the provider, fresh ephemerals per run."""
    initiator = channel_party.open_party(
        pattern,
        initiator=True,
        chain_id=7,
        task_id=TASK_ID,
        seed=AGENT_SEED,
        remote_identity=PROVIDER,
        ephemeral_secret=hashlib.sha256(b"i" + counter.to_bytes(8, "big")).digest(),
    )
    responder = channel_party.open_party(
        pattern,
        initiator=False,
        chain_id=7,
        task_id=TASK_ID,
        seed=PROVIDER_SEED,
        remote_identity=AGENT if pattern == "KK" else None,
        ephemeral_secret=hashlib.sha256(b"r" + counter.to_bytes(8, "big")).digest(),
    )
    assert isinstance(initiator, channel_party.Party)
    assert isinstance(responder, channel_party.Party)
    for writer, reader in ((initiator, responder), (responder, initiator)):
        message = channel_party.write(writer, b"")
        assert isinstance(message, bytes)
        assert channel_party.read(reader, message) == b""
    return initiator, responder


def rate(operation: Callable[[int], object], count: int) -> float:
    """Operations per CPU second over ``count`` calls."""
    started = time.process_time()
    for index in range(count):
        operation(index)
    elapsed = time.process_time() - started
    return count / elapsed if elapsed else float("inf")


def transport_rate(count: int) -> float:
    """1 KiB transport messages written and read per CPU second."""
    initiator, responder = handshake("KK", 0)
    payload = bytes(1024)

    def one(_: int) -> None:
        message = channel_party.write(initiator, payload)
        assert isinstance(message, bytes)
        assert channel_party.read(responder, message) == payload

    return rate(one, count)


def main() -> None:
    """Print handshakes per second (KK, IK), transport messages and bare X25519 per second."""
    quick = "--quick" in sys.argv
    count = 200 if quick else 2000
    secret, peer = bytes([1]) * 32, x25519_public_key_of(bytes([2]) * 32)
    rows = [
        ("KK handshakes/s (both sides)", rate(lambda i: handshake("KK", i), count)),
        ("IK handshakes/s (both sides)", rate(lambda i: handshake("IK", i), count)),
        ("1 KiB transport messages/s", transport_rate(count * 5)),
        ("bare X25519 exchanges/s", rate(lambda _: dh(secret, peer), count * 10)),
    ]
    for name, value in rows:
        print(f"{name:32} {value:12,.0f}")


if __name__ == "__main__":
    main()
