"""Rule benchmark: the hot rules of a write, and the worst cases the budget must bound in time.

Run: python bench/rules.py [--children 300000] [--baseline /path/to/an/older/checkout]

Prints one table of microseconds per evaluation. With ``--baseline``, the same rules are also
evaluated by that checkout's ``ain_ref/state/rules.py`` (a single-module rule evaluator, as
before the rules package), against the same tree, in the same process: compare the columns.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import ain_ref.state.rules as current_rules
from ain_ref.chain import build_genesis
from ain_ref.crypto import KeyPair, format_address, keypair_from_seed
from ain_ref.state.labels import Subtree
from ain_ref.state.paths import StatePath
from ain_ref.state.tree import StateTree

HOT_RULES = {
    "balance rule (bench/state.py)": ("util.isInteger(newData) && newData >= 0", 7),
    "signer rule": ("auth.addr === $user", 1),
    "getValue of a path built from a variable": ("getValue('/accounts/' + $user) === null", 1),
}
"""A name, and the rule with the newData it sees."""


def signer() -> str:
    """The address text of a fixed key."""
    keypair = keypair_from_seed(bytes([1]) * 32)
    assert isinstance(keypair, KeyPair)
    return format_address(keypair.public_key)


def wide_tree(children: int) -> StateTree:
    """A state whose /wide node has ``children`` children (the budget's worst case)."""
    tree = build_genesis({})
    assert isinstance(tree, StateTree)
    for index in range(children):
        tree.set_value(StatePath(Subtree.VALUES, ("wide", f"c{index:07d}")), index)
    tree.root_hash()
    tree.commit()
    return tree


def load_baseline(checkout: Path) -> ModuleType:
    """The rules module of an older checkout, loaded beside the current package."""
    spec = importlib.util.spec_from_file_location(
        "baseline_rules", checkout / "ain_ref" / "state" / "rules.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["baseline_rules"] = module
    spec.loader.exec_module(module)
    return module


def timed(evaluate: Callable[[], Any], repeat: int) -> float:
    """Median microseconds of one call, over ``repeat`` batches sized to about 50 ms each."""
    started = time.perf_counter()
    evaluate()
    once = max(time.perf_counter() - started, 1e-7)
    calls = max(1, int(0.05 / once))
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in range(calls):
            evaluate()
        samples.append((time.perf_counter() - started) / calls * 1e6)
    return statistics.median(samples)


def evaluator(
    rules: Any, tree: StateTree, rule: str, new_data: Any, data: Any
) -> Callable[[], Any]:
    """A call evaluating ``rule`` with one module's ``evaluate_rule``."""
    context = rules.RuleContext(
        tree=tree,
        auth={"addr": signer(), "fid": None},
        data=data,
        new_data=new_data,
        current_time=1,
        variables={"user": signer()},
    )
    return lambda: rules.evaluate_rule(rule, context)


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--baseline", type=Path, help="a checkout of an older commit")
    arguments = parser.parse_args()
    modules: dict[str, Any] = {"now": current_rules}
    if arguments.baseline is not None:
        modules = {"before": load_baseline(arguments.baseline), **modules}
    tree = wide_tree(arguments.children)
    wide = StatePath(Subtree.VALUES, ("wide",))
    cases: list[tuple[str, str, Any, Any]] = [
        (name, rule, new_data, None) for name, (rule, new_data) in HOT_RULES.items()
    ]
    cases += [
        (f"getValue of {arguments.children:,} children", "getValue('/wide') !== null", 1, None),
        (f"data of {arguments.children:,} children", "data !== null", 1, wide),
        ("10,000 steps of && (40 x 248 nodes)", " && ".join(["data"] * 40), 1, "map"),
    ]
    map_value = {f"k{index:03d}": index for index in range(247)}
    print(f"{'rule':48} " + " ".join(f"{name + ' us':>14}" for name in modules) + "  verdict")
    for name, rule, new_data, data in cases:
        cells, verdict = [], ""
        for module in modules.values():
            data_value = data if isinstance(data, StatePath) else module.DataValue(map_value)
            if data is None:
                data_value = module.DataValue(None)
            evaluate = evaluator(module, tree, rule, new_data, data_value)
            outcome = evaluate()
            verdict = "allowed" if outcome is None else str(outcome.code)
            cells.append(f"{timed(evaluate, arguments.repeat):14.2f}")
        print(f"{name:48} " + " ".join(cells) + f"  {verdict}")


if __name__ == "__main__":
    main()
