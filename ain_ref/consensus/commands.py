"""
The consensus area's sub-commands of ``ain-ref``; the consensus area owns this file.

``ain-ref simulate --validators N --byzantine F --rounds R --seed S [--faults a,b]`` runs the
deterministic network simulator and prints committed waves, commit latency in rounds,
transactions committed and whether all honest nodes agree.

Layer: command line. ``ain_ref.cli`` calls ``add_commands`` once while building its parser.
"""

from __future__ import annotations

import argparse

from rich.progress import Progress

from ain_ref.consensus.simulator import (
    BYZANTINE_FAULTS,
    NETWORK_FAULTS,
    Simulation,
    SimulationConfig,
)

PROGRESS_ROUNDS = 60
"""Runs of more rounds than this show a progress bar."""


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``simulate`` to the top-level parser."""
    parser = commands.add_parser("simulate", help="run the deterministic consensus simulator")
    parser.add_argument("--validators", type=int, default=4, help="committee size N")
    parser.add_argument("--byzantine", type=int, default=0, help="Byzantine validators F")
    parser.add_argument("--rounds", type=int, default=30, help="rounds each honest node makes")
    parser.add_argument("--seed", type=int, default=0, help="seed of every choice")
    parser.add_argument(
        "--faults",
        default="",
        help="comma-separated: " + ", ".join(NETWORK_FAULTS + BYZANTINE_FAULTS),
    )
    parser.add_argument("--gst", type=int, default=0, help="ticks before network faults stop")
    parser.add_argument("--max-delay", type=int, default=3, help="ticks a message may take")
    parser.add_argument("--no-execute", action="store_true", help="order only, run no state")
    parser.set_defaults(run_command=run_simulate)


def run_simulate(arguments: argparse.Namespace) -> int:
    """Run one simulation and print its report; exit 1 when honest nodes disagree."""
    faults = tuple(name for name in arguments.faults.split(",") if name)
    unknown = set(faults) - set(NETWORK_FAULTS + BYZANTINE_FAULTS)
    if unknown:
        print(f"unknown faults: {sorted(unknown)}")
        return 2
    if not 0 <= arguments.byzantine < arguments.validators or arguments.rounds < 1:
        print("need 0 <= byzantine < validators and rounds >= 1")
        return 2
    config = SimulationConfig(
        validators=arguments.validators,
        byzantine=arguments.byzantine,
        rounds=arguments.rounds,
        seed=arguments.seed,
        faults=faults,
        gst=arguments.gst,
        max_delay=arguments.max_delay,
        execute=not arguments.no_execute,
    )
    simulation = Simulation.create(config)
    if arguments.rounds > PROGRESS_ROUNDS:
        with Progress(transient=True) as progress:
            task = progress.add_task("simulating", total=simulation.time_limit())
            report = simulation.run(lambda now, _: progress.update(task, completed=now))
    else:
        report = simulation.run()
    print(
        f"simulate: validators {config.validators}, byzantine {config.byzantine}, "
        f"rounds {config.rounds}, seed {config.seed}, faults {list(faults) or 'none'}"
    )
    for line in report.lines():
        print("  " + line)
    return 0 if report.agreement else 1
