"""
The pytest side of fillers: the ``fill`` fixture and the ``--ain-vectors-out`` option.

Spec: spec/conformance.md, "Vectors" ([AIN-CONF-VECTOR-FILLER.1]).
Layer: conformance tooling (loaded by tests/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ain_ref.vectors.filler import Filler, VectorSink

SINK_KEY = pytest.StashKey[VectorSink]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--ain-vectors-out DIR``: write every filled vector under DIR."""
    parser.addoption(
        "--ain-vectors-out",
        default=None,
        help="write the vectors that fillers produce under this directory",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Create the run's vector sink."""
    output = config.getoption("--ain-vectors-out")
    config.stash[SINK_KEY] = VectorSink(Path(output) if output else None)


@pytest.fixture
def fill(request: pytest.FixtureRequest) -> Filler:
    """The filler for the requesting test."""
    node = request.node
    relative = Path(str(node.path)).relative_to(Path(str(request.config.rootpath))).as_posix()
    source = f"{relative}::{node.originalname if hasattr(node, 'originalname') else node.name}"
    return Filler(
        test_function=request.function,
        source=source,
        sink=request.config.stash[SINK_KEY],
    )
