"""The two real AWS Nitro documents and the AWS root, from tests/data/tee (MIT, LICENSE there)."""

from __future__ import annotations

import base64
from pathlib import Path

DATA = Path(__file__).parents[2] / "data" / "tee"


def load(name: str) -> bytes:
    """A base64 file of tests/data/tee, decoded."""
    return base64.b64decode((DATA / name).read_text(encoding="ascii"))


AWS_ROOT = load("aws-nitro-root.der.b64")
VALID_DOCUMENT = load("valid_attestation.b64")
INVALID_SIGNATURE_DOCUMENT = load("invalid_signature_attestation.b64")
VALID_NONCE = bytes.fromhex("0000000000000000000000000000000000000001")
VALID_TIMESTAMP_MS = 1725911352400  # 2024-09-09T19:49:12.400Z
PCR3 = bytes.fromhex(
    "671ca1e328f75015b2aeee60639cc5252bc835d8bb690444d1f8e2bf4260f73dc1b71e07a14a770c7d0becac6eb3b53f"
)
PCR4 = bytes.fromhex(
    "d352cfa31b8dc5f4856c9fa8181b19ed12f5da23883ac4ec729530f50dc1d37f1ac3876a7af39bd4de7a2aead14d14cb"
)
