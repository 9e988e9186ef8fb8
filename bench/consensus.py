"""Consensus benchmark: the deterministic simulator at n = 4, 10, 31, fault-free and with f crashed.

Run: python bench/consensus.py [--sizes 4,10,31] [--rounds 15] [--seed 0]

For each committee size and for 0 and f = (n - 1) // 3 crashed validators it prints: events
accepted per second (each accepted event's signature verified, summed over all nodes),
transactions committed per second (at one honest node, executed through apply_block), the
median and worst commit latency in rounds, and whether all honest nodes agree. Rates are per
second of this process's CPU time (the machine is shared), for the whole simulation: every
node's signing, verification, commit rule and execution on one core; they are the
simulator's, not a networked node's.
"""

from __future__ import annotations

import argparse
import statistics
import time

from ain_ref.consensus.simulator import Simulation, SimulationConfig


def measure(
    validators: int, crashed: int, rounds: int, seed: int, per_event: int
) -> dict[str, object]:
    """One run: its rates, latency and agreement."""
    config = SimulationConfig(
        validators=validators,
        byzantine=crashed,
        rounds=rounds,
        seed=seed,
        transactions_per_event=per_event,
    )
    simulation = Simulation.create(config)
    started = time.process_time()
    report = simulation.run()
    elapsed = time.process_time() - started
    latencies = sorted(report.latencies)
    committed = min(report.committed_waves.values())
    return {
        "n": validators,
        "crashed": crashed,
        "seconds": elapsed,
        "events/s": report.events_accepted / elapsed,
        "tx/s": report.transactions_committed / elapsed,
        "latency median": statistics.median(latencies) if latencies else None,
        "latency max": max(latencies, default=None),
        "committed waves": committed,
        "agree": report.agreement,
    }


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="4,10,31")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--transactions-per-event", type=int, default=10)
    arguments = parser.parse_args()
    print(
        f"{'n':>3} {'crashed':>7} {'cpu s':>8} {'events/s':>9} {'tx/s':>7} "
        f"{'latency med':>11} {'latency max':>11} {'waves':>5} {'agree':>5}"
    )
    for validators in (int(size) for size in arguments.sizes.split(",")):
        for crashed in (0, (validators - 1) // 3):
            row = measure(
                validators,
                crashed,
                arguments.rounds,
                arguments.seed,
                arguments.transactions_per_event,
            )
            print(
                f"{row['n']:>3} {row['crashed']:>7} {row['seconds']:>8.2f} "
                f"{row['events/s']:>9,.0f} {row['tx/s']:>7,.0f} {row['latency median']!s:>11} "
                f"{row['latency max']!s:>11} {row['committed waves']:>5} {row['agree']!s:>5}"
            )


if __name__ == "__main__":
    main()
