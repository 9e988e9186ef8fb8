"""
The execution area: the ``_execution`` native, the timeout step, and their genesis entries.

Tasks live at ``/execution/tasks/<task_id>``; the task event fires when a record is first
written; the end-block step ``execution/expire_tasks`` settles or expires, at its reveal
deadline, each task of that height's queue (``/execution/timeouts/<height>``): never a walk of
all tasks. Escrows are the economy's (``/economy/escrows``); offences are recorded at
``/execution/offences`` for ``slash`` calls.

Spec: spec/execution.md, "Tasks on chain" ([AIN-EXEC-CHAIN-LAYOUT.1], [AIN-EXEC-CHAIN-EVENT.3],
[AIN-EXEC-CHAIN-TIMEOUT.2], [AIN-EXEC-CHAIN-PARAMETERS.1]); spec/platform.md ([AIN-PLAT-AREA.1]).
Layer: jobs. Imports the platform's registration modules and the execution modules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

from ain_ref.economy.records import ESCROWS, RESERVATIONS, REWARDS
from ain_ref.economy.transfer import BALANCE_PATTERN
from ain_ref.encoding import CborValue
from ain_ref.errors import Rejection
from ain_ref.jobs.execution.call_fields import KEY_LABEL
from ain_ref.jobs.execution.calls import run_execution_call, write_task
from ain_ref.jobs.execution.chain_port import ChainPaymentPort
from ain_ref.jobs.execution.lifecycle import OPEN, apply_settle
from ain_ref.jobs.execution.quorum import MAX_PROVIDERS
from ain_ref.jobs.execution.task_records import (
    OFFENCES,
    TASKS,
    TIMEOUTS,
    read_task,
    task_path,
    timeout_path,
)
from ain_ref.jobs.execution.tee_verdict import root_path
from ain_ref.jobs.tee.aws_root import AWS_NITRO_ROOT_DER
from ain_ref.jobs.tee.nitro import NITRO_PROFILE
from ain_ref.platform.area import Area, AreaGenesis
from ain_ref.platform.params import INTEGER, ParameterDefinition
from ain_ref.platform.steps import END, BlockStep, StepContext
from ain_ref.state.natives import NativeDefinition

EXECUTION_FUNCTION_ID: Final = "_execution"
CALL_PATTERN: Final = "/execution/calls/$kind/$caller/$key/value"
TASK_EVENT_ID: Final = "execution_task"
TASK_EVENT_PATTERN: Final = "/execution/tasks/$task_id"
MAX_TIMEOUTS_LIMIT: Final = 1_000
WRITES_PER_SEAT: Final = 1 + 4
"""An offence, and a payment: two balances and two period counts of a served request."""
WRITES_PER_EXPIRY: Final = 2 + MAX_PROVIDERS * WRITES_PER_SEAT + 1
"""A task's status and output hash, each seat's writes and the escrow."""


def call_path(kind: str, caller: str, key: str) -> str:
    """Where a party writes an execution call [AIN-EXEC-CHAIN-CALL.1]."""
    return f"/execution/calls/{kind}/{caller}/{key}/value"


def expire_tasks(context: StepContext) -> Rejection | None:
    """
    The end-block step ``execution/expire_tasks``.

    References
    ----------
    [AIN-EXEC-CHAIN-TIMEOUT.2] For each task of the queue at this height, in ascending id
    order, that is still open: [AIN-EXEC-SETTLE.1] at this height (its reveal deadline), with
    the chain's payment port; then the queue is deleted. A refused write fails the step.
    """
    queue = context.read(timeout_path(context.height))
    if not isinstance(queue, dict):
        return None
    for label in sorted(queue):
        if not KEY_LABEL.fullmatch(label):  # only genesis overrides put another label here
            continue
        task_id = bytes.fromhex(label)
        before = read_task(task_id, context.read(task_path(task_id)))
        if before is None or before.task.status != OPEN:
            continue
        port = ChainPaymentPort(
            context.read, context.write, before.contracts, context.time, context.height
        )
        task = apply_settle({task_id: before.task}, task_id, context.height, port)
        if isinstance(task, Rejection):
            return task
        if port.failure is not None:
            return port.failure
        after = attrs.evolve(before, task=task)
        refused = write_task(context.write, before, after)
        if refused is not None:
            return refused
    return context.write(timeout_path(context.height), None)


EXPIRE_TASKS: Final = BlockStep(
    area="execution",
    name="expire_tasks",
    phase=END,
    priority=200,
    prefixes=("/accounts", ESCROWS, RESERVATIONS, REWARDS, TASKS, TIMEOUTS, OFFENCES),
    max_writes=MAX_TIMEOUTS_LIMIT * WRITES_PER_EXPIRY + 1,
    run=expire_tasks,
)
"""[AIN-EXEC-CHAIN-TIMEOUT.2] [AIN-PLAT-STEP-BOUND.1] Its prefixes and its bound."""

EXECUTION: Final = NativeDefinition(
    EXECUTION_FUNCTION_ID, run_execution_call, patterns=(CALL_PATTERN,), parties=("caller",)
)
"""[AIN-PLAT-NATIVE-DECLARE.1] Configurable only at CALL_PATTERN; its party is $caller."""

EXECUTION_WRITER: Final = (EXECUTION_FUNCTION_ID,)


def execution_parameters() -> tuple[ParameterDefinition, ...]:
    """
    The area's parameters.

    References
    ----------
    [AIN-EXEC-CHAIN-PARAMETERS.1] ``execution/max_timeouts_per_height``: default 100, 1 ..
    1,000 tasks.
    """
    return (
        ParameterDefinition(
            "execution", "max_timeouts_per_height", INTEGER, 100, 1, MAX_TIMEOUTS_LIMIT, "tasks"
        ),
    )


def production_tee_roots() -> Mapping[str, CborValue]:
    """
    The roots the production genesis pins, by path.

    References
    ----------
    [AIN-EXEC-CHAIN-TEE-ROOT.1] ``/execution/tee_roots/nitro`` holds the AWS Nitro Enclaves
    root (DER); a test chain's genesis pins its own.
    """
    return {root_path(NITRO_PROFILE): AWS_NITRO_ROOT_DER}


def execution_genesis() -> AreaGenesis:
    """
    The area's genesis entries: the call rule, the writers of its paths, the task event.

    References
    ----------
    [AIN-EXEC-CHAIN-LAYOUT.1] Only ``_execution`` writes the area's records, the task escrows
    and (besides the other areas' natives) balances.
    [AIN-EXEC-CHAIN-EVENT.3] The EVENT ``execution_task`` at ``/execution/tasks/$task_id``.
    """
    return AreaGenesis(
        rules={CALL_PATTERN: {"write": "auth.addr === $caller && data === null"}},
        writers={
            BALANCE_PATTERN: EXECUTION_WRITER,
            ESCROWS: EXECUTION_WRITER,
            RESERVATIONS: EXECUTION_WRITER,
            REWARDS: EXECUTION_WRITER,
            TASKS: EXECUTION_WRITER,
            TIMEOUTS: EXECUTION_WRITER,
            OFFENCES: EXECUTION_WRITER,
        },
        events={TASK_EVENT_PATTERN: (TASK_EVENT_ID,)},
    )


EXECUTION_AREA: Final = Area(
    name="execution",
    natives=(EXECUTION,),
    parameters=execution_parameters(),
    steps=(EXPIRE_TASKS,),
    genesis=execution_genesis(),
)
"""What the execution area registers with the platform (ain_ref.platform.areas lists it)."""
