"""Execution benchmark: the three parts of the execution area, run one after another in one process.

Run: python bench/execution.py

- receipts (`bench/execution_receipts.py`): attestation receipts verified per second, against
  bare Ed25519 verification measured in the same run (target at least 80%);
- TEE evidence (`bench/execution_tee.py`): AWS Nitro attestation documents verified per second;
- secure channel (`bench/execution_channel.py`): channel handshakes per second.

Each part is its own script with a ``main()``; a part not yet written is reported as missing.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

PARTS = ("execution_receipts", "execution_tee", "execution_channel")
"""The parts, in the order they run."""


def run_part(name: str) -> None:
    """Load ``bench/<name>.py`` by path and call its ``main()``."""
    path = Path(__file__).with_name(f"{name}.py")
    print(f"== {name}")
    if not path.exists():
        print("   (not yet written)")
        return
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    module.main()


def main() -> None:
    for name in PARTS:
        run_part(name)


if __name__ == "__main__":
    main()
