"""
Block steps: the per-block work an area registers, its order and its bound.

A block step is the work of an area that must happen at a height without anyone asking
(matured unbondings, activations, timeouts). It declares the /values prefixes it writes and a
bound on its writes, and the steps of a phase run in a stated order. Work a user asks for is
pulled by a transaction instead.

Spec: spec/platform.md, "Blocks" ([AIN-PLAT-STEP-ORDER.1], [AIN-PLAT-STEP-BOUND.1],
[AIN-PLAT-STEP-ARITHMETIC.1]).
Layer: platform (registration). Imports state, errors and platform.params; never chain, so
every area may import it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import attrs

from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.platform.params import PARAMS_ROOT, check_parameter_write, read_parameter
from ain_ref.state.apply import arithmetic_result
from ain_ref.state.labels import Subtree
from ain_ref.state.operations import DecValue, IncValue
from ain_ref.state.paths import StatePath
from ain_ref.state.tree import StateTree

BEGIN: Final = "begin"
END: Final = "end"
PHASES: Final = (BEGIN, END)


def values_path(text: str) -> StatePath:
    """A /values path from its text (protocol code builds only valid texts)."""
    return StatePath(Subtree.VALUES, tuple(text[1:].split("/")) if text != "/" else ())


@attrs.define
class StepContext:
    """
    What a block step may use: the block, a reader, parameters, and a confined writer.

    References
    ----------
    [AIN-PLAT-STEP-BOUND.1] Writes outside the step's prefixes, or past its bound, are refused
    with BLOCK_STEP_OUT_OF_BOUNDS.
    [AIN-PLAT-PARAM-GUARD.1] A parameter written by a step is checked like the guard checks
    it; a refusal fails the step, which undoes its writes.
    [AIN-PLAT-STEP-ARITHMETIC.1] A step adds to or subtracts from a stored integer with the
    checks and codes of INC_VALUE and DEC_VALUE, then writes the result as any step write.
    """

    tree: StateTree
    height: int
    time: int
    prefixes: tuple[tuple[str, ...], ...]
    max_writes: int
    writes: int = 0

    def read(self, path_text: str) -> CborValue:
        """The value at a /values path text, None when absent."""
        return self.tree.value_at(values_path(path_text))

    def parameter(self, key: str) -> int | bool:
        """A parameter's value ([AIN-PLAT-PARAM-READ.1])."""
        return read_parameter(self.read, key)

    def write(self, path_text: str, value: CborValue) -> Rejection | None:
        """Write (null deletes) a value at a /values path under one of the step's prefixes."""
        path = values_path(path_text)
        if not any(path.labels[: len(prefix)] == prefix for prefix in self.prefixes):
            return Rejection(ErrorCode.BLOCK_STEP_OUT_OF_BOUNDS, f"{path_text} outside prefixes")
        if self.writes >= self.max_writes:
            return Rejection(ErrorCode.BLOCK_STEP_OUT_OF_BOUNDS, f"more than {self.max_writes}")
        is_parameter = path.labels[:1] == (PARAMS_ROOT,)
        if is_parameter and len(path.labels) != 3:  # [AIN-PLAT-PARAM-GUARD.1]
            return Rejection(ErrorCode.PARAM_UNKNOWN, f"{path_text} is no parameter path")
        self.writes += 1
        self.tree.set_value(path, value)
        if is_parameter:  # checked after the write: constraints see the new value
            return check_parameter_write(self.read, path.labels[1], path.labels[2], value)
        return None

    def increment(self, path_text: str, delta: int) -> Rejection | None:
        """
        Add ``delta`` to the integer at a /values path, as INC_VALUE computes it.

        References
        ----------
        [AIN-PLAT-STEP-ARITHMETIC.1] First the checks of INC_VALUE ([AIN-STATE-INC.1]:
        INC_TARGET_NOT_INTEGER; [AIN-STATE-INC-RANGE.1]: INC_RESULT_OUT_OF_RANGE), then the
        result is written by ``write`` (its prefix, bound and parameter checks).
        """
        result = arithmetic_result(self.tree, IncValue(values_path(path_text), delta))
        return result if isinstance(result, Rejection) else self.write(path_text, result)

    def decrement(self, path_text: str, delta: int) -> Rejection | None:
        """
        Subtract ``delta`` from the integer at a /values path, as DEC_VALUE computes it.

        References
        ----------
        [AIN-PLAT-STEP-ARITHMETIC.1] First the checks of DEC_VALUE ([AIN-STATE-DEC.1]:
        DEC_TARGET_NOT_INTEGER; [AIN-STATE-DEC-RANGE.1]: DEC_RESULT_OUT_OF_RANGE), then the
        result is written by ``write`` (its prefix, bound and parameter checks).
        """
        result = arithmetic_result(self.tree, DecValue(values_path(path_text), delta))
        return result if isinstance(result, Rejection) else self.write(path_text, result)


BlockStepFunction = Callable[[StepContext], Rejection | None]


@attrs.frozen
class BlockStep:
    """
    An area's per-block work [AIN-PLAT-STEP-ORDER.1] [AIN-PLAT-STEP-BOUND.1].

    Attributes
    ----------
    area, name : str
        The step's id is ``<area>/<name>``.
    phase : str
        "begin" (before the block's transactions) or "end" (after them).
    priority : int
        Steps of a phase run in ascending (priority, id).
    prefixes : tuple[str, ...]
        The /values path texts under which it may write.
    max_writes : int
        The most writes it makes in one block.
    run : BlockStepFunction
        The work; returns None, or a rejection that undoes the step's writes.
    """

    area: str
    name: str
    phase: str
    priority: int
    prefixes: tuple[str, ...]
    max_writes: int
    run: BlockStepFunction

    @property
    def step_id(self) -> str:
        """``<area>/<name>``."""
        return f"{self.area}/{self.name}"


BLOCK_STEPS: dict[str, BlockStep] = {}
"""Every registered step by id; filled from the one table in ain_ref.platform.areas."""


def register_block_step(step: BlockStep) -> None:
    """Register a block step (once per id)."""
    if step.phase not in PHASES or step.max_writes < 0:
        raise ValueError(f"step {step.step_id}: phase begin or end, max_writes >= 0")
    existing = BLOCK_STEPS.get(step.step_id)
    if existing is not None and existing != step:
        raise ValueError(f"block step {step.step_id} registered twice")
    BLOCK_STEPS[step.step_id] = step


def steps_of_phase(phase: str) -> list[BlockStep]:
    """
    The steps of a phase in the order they run.

    References
    ----------
    [AIN-PLAT-STEP-ORDER.1] Ascending priority, then ascending id (UTF-8 bytes).
    """
    steps = [step for step in BLOCK_STEPS.values() if step.phase == phase]
    return sorted(steps, key=lambda step: (step.priority, step.step_id.encode()))


@attrs.frozen
class StepReceipt:
    """What one block step did: its id, None or its rejection code, and its writes."""

    step_id: str
    code: ErrorCode | None
    writes: int


def run_step(tree: StateTree, height: int, time: int, step: BlockStep) -> StepReceipt:
    """
    Run one block step; a step that returns a rejection leaves nothing behind.

    References
    ----------
    [AIN-PLAT-STEP-BOUND.1]
    """
    prefixes = tuple(values_path(prefix).labels for prefix in step.prefixes)
    context = StepContext(tree, height, time, prefixes, step.max_writes)
    mark = tree.checkpoint()
    rejection = step.run(context)
    if rejection is not None:
        tree.rollback_to(mark)
        tree.commit()
        return StepReceipt(step.step_id, rejection.code, 0)
    tree.commit()
    return StepReceipt(step.step_id, None, context.writes)
