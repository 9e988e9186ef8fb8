"""What the jobs fillers share: accounts, a base specification text, offers."""

from __future__ import annotations

import hashlib
from typing import Any

from ain_ref.crypto import KeyPair, format_address, keypair_from_seed


def address_of(seed: bytes) -> str:
    """The address text of a seed."""
    keypair = keypair_from_seed(seed)
    assert isinstance(keypair, KeyPair)
    return format_address(keypair.public_key)


AGENT, DEVELOPER, OTHER_AGENT, STRANGER = (address_of(bytes([n]) * 32) for n in (11, 12, 13, 14))
PROVIDER_A, PROVIDER_B = address_of(bytes([21]) * 32), address_of(bytes([22]) * 32)
ARTIFACT = "5d41402abc4b2a76b9719d911017c592a1f2e3d4c5b6a7980112233445566778"

MINIMAL = f"""jobspec 1
agent {AGENT}

runtime {{
    language wasm
    entry "run"
    artifact sha256 "{ARTIFACT}"
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
    providers 1
    quorum 1
    determinism exact
}}
"""
"""The smallest valid specification, already in its formatted text."""


def minimal(agent: str = AGENT, **replacements: str) -> str:
    """The minimal text for ``agent``, with each ``old=new`` line replacement applied."""
    text = MINIMAL.replace(AGENT, agent)
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def tagged_hash_hex(tag: str, data: bytes) -> str:
    """The tagged-hash formula, written out in the test: SHA-256(u8(len) || tag || data)."""
    tag_bytes = tag.encode("ascii")
    return hashlib.sha256(bytes([len(tag_bytes)]) + tag_bytes + data).hexdigest()


def offer(offer_id: str, provider: str = PROVIDER_A, **overrides: Any) -> dict[str, Any]:
    """An offer able to run ``MINIMAL``: 4 cpus, 16 GiB, no GPU, region eu-west, no TEE."""
    fields: dict[str, Any] = {
        "offer_id": offer_id,
        "provider": provider,
        "region": "eu-west",
        "tee": "none",
        "stake": "1000000",
        "cpu_millicores": "4000",
        "memory_bytes": str(16 * 2**30),
        "storage_bytes": str(100 * 10**9),
        "network_bits_per_second": str(10**9),
        "gpu_vendor": "",
        "gpu_model": "",
        "gpu_memory_bytes": "0",
        "gpu_count": "0",
        "ask_per_request": "50",
        "ask_per_work_unit": "5",
        "languages": ["python", "wasm"],
        "determinism": ["exact", "tee_only", "tolerance"],
        "min_deadline_ms": "1000",
    }
    fields.update(overrides)
    return fields
