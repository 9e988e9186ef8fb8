"""TEE evidence benchmark: real AWS Nitro documents verified per second.

Run: python bench/execution_tee.py [--quick]

1. The real valid Nitro document (tests/data/tee, 4,554 bytes; a chain of root, three
   intermediates and the signing certificate) verified end to end under the pinned AWS root:
   documents per second of wall time and of CPU time.
2. The same split into its stages, per document: reading the COSE envelope and the payload
   (no signature), the chain (four P-384 certificate signatures, validity and extensions), and
   the COSE signature (one P-384 verification).
The coordinator's bench/execution.py calls ``main()`` beside the receipt and channel parts.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ain_ref.errors import Rejection  # noqa: E402
from ain_ref.jobs.tee.chain import verify_chain  # noqa: E402
from ain_ref.jobs.tee.cose import CoseSign1, read_cose_sign1, verify_cose_signature  # noqa: E402
from ain_ref.jobs.tee.evidence import Expectation, VerifiedClaims  # noqa: E402
from ain_ref.jobs.tee.payload import AttestationDocument, read_attestation_document  # noqa: E402
from ain_ref.jobs.tee.profiles import verify_evidence  # noqa: E402
from tests.fillers.tee.real import AWS_ROOT, PCR3, VALID_DOCUMENT, VALID_NONCE  # noqa: E402

EXPECTATION = Expectation(measurements=((3, PCR3),), binding=VALID_NONCE)


def rate(operation: Callable[[], object], seconds: float) -> tuple[float, float]:
    """Operations per second of wall time and of CPU time."""
    count, started, cpu_started = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - started < seconds:
        operation()
        count += 1
    return (
        count / (time.perf_counter() - started),
        count / max(time.process_time() - cpu_started, 1e-9),
    )


def verify_whole() -> None:
    """One end-to-end verification of the real document."""
    claims = verify_evidence("nitro", VALID_DOCUMENT, EXPECTATION, AWS_ROOT)
    assert isinstance(claims, VerifiedClaims)


def stages() -> tuple[CoseSign1, AttestationDocument]:
    """The envelope and the document, read once."""
    sign1 = read_cose_sign1(VALID_DOCUMENT)
    assert not isinstance(sign1, Rejection)
    document = read_attestation_document(sign1.payload)
    assert not isinstance(document, Rejection)
    return sign1, document


def main(quick: bool = False) -> None:
    """Print Nitro documents verified per second, whole and by stage."""
    seconds = 0.5 if quick else 3.0
    wall, cpu = rate(verify_whole, seconds)
    print(f"Nitro documents verified: {wall:,.0f}/s wall, {cpu:,.0f}/s CPU")
    sign1, document = stages()
    key = verify_chain(document.cabundle, document.certificate, AWS_ROOT, document.timestamp_ms)
    assert not isinstance(key, Rejection)
    for name, operation in (
        ("read envelope and payload", stages),
        (
            "chain (4 links)",
            lambda: verify_chain(
                document.cabundle, document.certificate, AWS_ROOT, document.timestamp_ms
            ),
        ),
        ("COSE signature", lambda: verify_cose_signature(sign1, key)),
    ):
        stage_wall, _ = rate(operation, seconds / 3)
        print(f"  {name}: {1e6 / stage_wall:,.0f} us per document")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
