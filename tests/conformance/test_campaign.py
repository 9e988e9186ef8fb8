"""A fuzzing campaign: two workers share a Redis example database and find a planted bug."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from ain_ref.vectors.manifest import write_manifest
from tests.conformance.test_runner import BROKEN

REDIS_SERVER = shutil.which("redis-server")

pytestmark = pytest.mark.skipif(
    REDIS_SERVER is None, reason="redis-server is not on PATH (apt-get install redis-server)"
)


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A private Redis server on a free port, for one test."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert REDIS_SERVER is not None
    server = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    server.kill()
    server.wait()


def test_two_workers_share_the_database_and_write_the_regression(
    tmp_path: Path, redis_url: str
) -> None:
    """[AIN-CONF-FUZZ-CAMPAIGN.1] Plain Hypothesis targets under pytest-xdist, two workers, one
    Redis database: the planted divergence is found, saved in Redis, and written as a
    regression vector that makes a runnable tree."""
    out = tmp_path / "campaign"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ain_ref.cli",
            "conformance",
            "campaign",
            "--impl",
            f"{BROKEN} planted_non_shortest",
            "--area",
            "encoding",
            "--handler",
            "decode",
            "--workers",
            "2",
            "--seconds",
            "20",
            "--redis",
            redis_url,
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "DIVERGENCE regressions/encoding/decode/fuzz_" in result.stdout
    assert redis.Redis.from_url(redis_url).dbsize() > 0
    written = list((out / "regressions" / "encoding" / "decode").glob("fuzz_*.json"))
    assert written
    assert write_manifest(out) == len(written)
    assert not (tmp_path / ".hypothesis").exists()
