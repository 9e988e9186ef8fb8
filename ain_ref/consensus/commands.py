"""
The consensus area's sub-commands of ``ain-ref``; the consensus area owns this file.

Layer: command line. ``ain_ref.cli`` calls ``add_commands`` once while building its parser.
"""

from __future__ import annotations

import argparse


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the consensus area's sub-commands (none yet) to the top-level parser."""
    del commands
