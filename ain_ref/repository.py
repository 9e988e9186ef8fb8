"""
Where the repository is: spec/, vectors/, tests/ and conformance/ beside the package.

ain-ref's tools run from a checkout (the README installs it editable); ``AIN_REF_ROOT``
points them elsewhere.

Layer: tooling.
"""

from __future__ import annotations

import os
from pathlib import Path


def repository_root() -> Path:
    """The checkout holding spec/ and vectors/: $AIN_REF_ROOT, else the package's parent."""
    configured = os.environ.get("AIN_REF_ROOT")
    if configured:
        return Path(configured).resolve()
    return Path(__file__).resolve().parent.parent


def vectors_root() -> Path:
    """The committed vector tree."""
    return repository_root() / "vectors"
