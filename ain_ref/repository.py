"""
Where the data is: a checkout's spec/, vectors/ and conformance/, or the copies in the wheel.

ain-ref's development tools (spec coverage, vector generation) run from a checkout (the README
installs it editable); ``AIN_REF_ROOT`` points them elsewhere. The conformance suite also runs
from an installed wheel: the build copies ``vectors/`` and ``conformance/schemas/`` into the
package as ``ain_ref/_bundled/`` (setup.py), and these functions find them there when the
package does not sit in a checkout.

Layer: tooling.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
BUNDLED = PACKAGE / "_bundled"
"""The data a built wheel carries: ``vectors/`` and ``schemas/`` (the protocol's)."""


def repository_root() -> Path:
    """The checkout holding spec/ and vectors/: $AIN_REF_ROOT, else the package's parent."""
    configured = os.environ.get("AIN_REF_ROOT")
    if configured:
        return Path(configured).resolve()
    return PACKAGE.parent


def is_checkout() -> bool:
    """Whether the package runs from a source checkout (not from an installed wheel)."""
    root = repository_root()
    return (root / "pyproject.toml").is_file() and (root / "tests" / "fillers").is_dir()


def vectors_root() -> Path:
    """The committed vector tree: the checkout's, else the one shipped in the wheel."""
    if is_checkout() or not (BUNDLED / "vectors").is_dir():
        return repository_root() / "vectors"
    return BUNDLED / "vectors"


def protocol_schemas_root() -> Path:
    """The adapter protocol's JSON Schemas: the checkout's, else the ones shipped in the wheel."""
    if is_checkout() or not (BUNDLED / "schemas").is_dir():
        return repository_root() / "conformance" / "schemas"
    return BUNDLED / "schemas"
