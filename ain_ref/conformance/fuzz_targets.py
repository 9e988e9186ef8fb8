"""
The fuzz targets of a campaign: one plain Hypothesis test per handler, run by pytest.

A campaign is these tests run by many workers (pytest-xdist processes on one machine, or the
same command on many machines), each with its own random seed, all sharing one Hypothesis
example database in Redis: a divergence found by any worker is saved there, replayed and
shrunk by every worker, and written out as a regression vector. ``ain-ref conformance
campaign`` starts them; the configuration comes from the environment:

- ``AIN_FUZZ_IMPL``: the adapter command (default: the reference adapter);
- ``AIN_FUZZ_AREA``: the area; ``AIN_FUZZ_HANDLERS``: comma-separated handlers (default: all);
- ``AIN_FUZZ_REDIS``: the Redis URL of the shared database (none: no shared database);
- ``AIN_FUZZ_SECONDS``: how long each target searches; ``AIN_FUZZ_OUT``: the regressions' tree.

Spec: spec/conformance.md, "Differential fuzzing" ([AIN-CONF-FUZZ-CAMPAIGN.1]).
Layer: conformance tooling (needs the campaign extra: pytest, pytest-xdist, redis).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.database import ExampleDatabase

from ain_ref.conformance.fuzz import (
    Divergence,
    check_agreement,
    fuzz_targets,
    write_regression,
)
from ain_ref.conformance.handlers.base import Handler
from ain_ref.conformance.process import ImplementationProcess
from ain_ref.conformance.strategies import HANDLER_STRATEGIES

ROUND_EXAMPLES = 50

set_hypothesis_home_dir(tempfile.mkdtemp(prefix="ain-ref-campaign-"))  # nothing in the cwd
"""Examples per round; a target runs rounds until its time is up."""


def configured_targets() -> list[Handler]:
    """The handlers named by the environment."""
    area = os.environ.get("AIN_FUZZ_AREA", "encoding")
    names = os.environ.get("AIN_FUZZ_HANDLERS")
    return fuzz_targets(area, tuple(names.split(",")) if names else None)


def shared_database() -> ExampleDatabase | None:
    """The Redis example database every worker shares, when one is configured."""
    url = os.environ.get("AIN_FUZZ_REDIS")
    if not url:
        return None
    import redis
    from hypothesis.extra.redis import RedisExampleDatabase

    return RedisExampleDatabase(redis.Redis.from_url(url), key_prefix=b"ain-ref-fuzz:")


@pytest.fixture(scope="module")
def implementation() -> Iterator[ImplementationProcess]:
    """One implementation process per worker."""
    command = os.environ.get("AIN_FUZZ_IMPL", f"{sys.executable} -m ain_ref.conformance.adapter")
    process = ImplementationProcess(command, float(os.environ.get("AIN_FUZZ_TIMEOUT", "10")))
    process.start()
    yield process
    process.stop()


def search_round(
    implementation: ImplementationProcess, handler: Handler, database: ExampleDatabase | None
) -> Divergence | None:
    """One Hypothesis run over fresh inputs, replaying what the shared database holds."""
    found: list[Divergence] = []
    sequence = iter(range(1, 10**9))

    @settings(
        max_examples=ROUND_EXAMPLES,
        database=database,
        deadline=None,
        phases=[Phase.reuse, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(HANDLER_STRATEGIES[(handler.area, handler.name)])
    def agrees_with_reference(vector_input: dict[str, Any]) -> None:
        check_agreement(implementation, handler, vector_input, next(sequence), found)

    try:
        agrees_with_reference()
    except AssertionError:
        return found[-1]
    return None


@pytest.mark.parametrize("handler", configured_targets(), ids=lambda h: f"{h.area}/{h.name}")
def test_agrees_with_reference(implementation: ImplementationProcess, handler: Handler) -> None:
    """
    Fresh inputs of one handler agree with the reference until the time is up.

    A divergence is written as a regression vector and fails the target.

    References
    ----------
    [AIN-CONF-FUZZ-CAMPAIGN.1]
    """
    database = shared_database()
    deadline = time.monotonic() + float(os.environ.get("AIN_FUZZ_SECONDS", "60"))
    out = Path(os.environ.get("AIN_FUZZ_OUT", "fuzz-regressions"))
    while time.monotonic() < deadline:
        divergence = search_round(implementation, handler, database)
        if divergence is not None:
            finding = write_regression(divergence, out, "ain-ref conformance campaign")
            pytest.fail(
                f"DIVERGENCE {finding.vector_id}: {finding.summary}\n  wrote {finding.path}"
            )
