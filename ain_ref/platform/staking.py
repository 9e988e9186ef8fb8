"""
Staking and delegation: the ledger of bonded AIN and the voting power it gives.

An account bonds AIN to a validator (to itself: a self-bond, which makes it a validator; to
another validator: a delegation) by writing the amount at
``/staking/bond/<delegator>/<validator>/<key>/value``; it unbonds by writing at
``/staking/unbond/...``. Bonded AIN leaves the balance and is counted in
``/staking/stakes/<delegator>/<validator>`` and, for every block in which it changed, at
``/staking/stake_history/<delegator>/<validator>/<height>``; a validator's voting power is the
sum of the stakes bonded to it, recorded at ``/staking/validators/<validator>/power`` and, for
every block in which it changed, at ``/staking/power_history/<validator>/<height>``, so the
power and every stake at any height are read from one account's records (checkpoints).
Unbonded AIN waits in ``/staking/unbonding/<maturity height>`` (where slashing can still reach
it) until the end-block step of that height returns it to the balance. Slashing and rewards are
the economy's; this is the ledger they act on.

Spec: spec/platform.md, "Staking and delegation" ([AIN-PLAT-STAKE-BOND.1],
[AIN-PLAT-STAKE-DELEGATE.1], [AIN-PLAT-STAKE-UNBOND.1], [AIN-PLAT-STAKE-MATURE.1],
[AIN-PLAT-STAKE-POWER.1], [AIN-PLAT-STAKE-HISTORY.1]).
Layer: platform. Imports state, errors, platform.params, platform.checkpoints, platform.steps.
"""

from __future__ import annotations

from typing import Final

from ain_ref.crypto import parse_address
from ain_ref.encoding import CborValue
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.platform.checkpoints import checkpoint_at, recorded_at
from ain_ref.platform.checkpoints import is_decimal_label as is_decimal_label
from ain_ref.platform.params import Reader, read_parameter
from ain_ref.platform.steps import END, BlockStep, StepContext
from ain_ref.state.natives import FunctionCall, NativeDefinition

BOND_ID: Final = "_bond"
UNBOND_ID: Final = "_unbond"
BOND_PATTERN: Final = "/staking/bond/$delegator/$validator/$key/value"
UNBOND_PATTERN: Final = "/staking/unbond/$delegator/$validator/$key/value"
STAKE_PATTERN: Final = "/staking/stakes/$delegator/$validator"
POWER_PATTERN: Final = "/staking/validators/$validator/power"
HISTORY_PATTERN: Final = "/staking/power_history/$validator/$height"
STAKE_HISTORY_PATTERN: Final = "/staking/stake_history/$delegator/$validator/$height"
TOTAL_BONDED: Final = "/staking/total_bonded"
TOTAL_HISTORY: Final = "/staking/total_history"
TOTAL_HISTORY_PATTERN: Final = "/staking/total_history/$height"
UNBONDING_COUNT_PATTERN: Final = "/staking/unbonding/$height/count"
UNBONDING_ENTRY_PATTERN: Final = "/staking/unbonding/$height/entries/$index"
BALANCE_PATTERN: Final = "/accounts/$address/balance"
U64_MAX: Final = 2**64 - 1
"""The largest integer a balance may hold (spec/state.md, INC_VALUE's range)."""
MAX_UNBONDINGS_LIMIT: Final = 1_000
"""The upper bound of staking/max_unbondings_per_block, which bounds the maturity step."""


def balance_path(address: str) -> str:
    """An account's balance, as a /values path text."""
    return f"/accounts/{address}/balance"


def stake_path(delegator: str, validator: str) -> str:
    """What ``delegator`` has bonded to ``validator``."""
    return f"/staking/stakes/{delegator}/{validator}"


def power_path(validator: str) -> str:
    """A validator's current voting power."""
    return f"/staking/validators/{validator}/power"


def history_root(validator: str) -> str:
    """Where a validator's power records live."""
    return f"/staking/power_history/{validator}"


def history_path(validator: str, height: int) -> str:
    """A validator's voting power from ``height`` on (until its next record)."""
    return f"/staking/power_history/{validator}/{height}"


def stake_history_root(delegator: str, validator: str) -> str:
    """Where the records of what ``delegator`` has bonded to ``validator`` live."""
    return f"/staking/stake_history/{delegator}/{validator}"


def stake_history_path(delegator: str, validator: str, height: int) -> str:
    """What ``delegator`` has bonded to ``validator`` from ``height`` on (until the next record)."""
    return f"/staking/stake_history/{delegator}/{validator}/{height}"


def unbonding_path(height: int) -> str:
    """The unbondings that mature at ``height``."""
    return f"/staking/unbonding/{height}"


def stored_amount(read: Reader, path_text: str) -> int | Rejection:
    """
    An amount held at a path: absent is 0; anything but an integer is refused, never 0.

    References
    ----------
    [AIN-PLAT-STAKE-BOND.1] A present non-integer is DEC_TARGET_NOT_INTEGER (the code the
    debit would give).
    """
    value = read(path_text)
    if value is None:
        return 0
    if type(value) is not int:
        return Rejection(ErrorCode.DEC_TARGET_NOT_INTEGER, f"{path_text} holds no integer")
    return value


def write_all(call: FunctionCall, operations: list[dict[str, CborValue]]) -> Rejection | None:
    """Apply operations in order as the native; stop at the first refusal."""
    for operation in operations:
        rejection = call.write(operation)
        if rejection is not None:
            return rejection
    return None


def set_power(call: FunctionCall, validator: str, delta: int) -> Rejection | None:
    """
    Change a validator's power by ``delta`` and record the result at this block's height.

    References
    ----------
    [AIN-PLAT-STAKE-POWER.1]
    """
    current = stored_amount(call.read, power_path(validator))
    if isinstance(current, Rejection):
        return current
    power = current + delta
    rejection = call.write(
        {"type": "SET_VALUE", "ref": power_path(validator), "value": power or None}
    )
    if rejection is not None:
        return rejection
    return call.write(
        {"type": "SET_VALUE", "ref": history_path(validator, call.block_height), "value": power}
    )


def record_stake(call: FunctionCall, delegator: str, validator: str) -> Rejection | None:
    """
    Record a delegation's stake, as it is after the change, at this block's height.

    References
    ----------
    [AIN-PLAT-STAKE-HISTORY.1] SET_VALUE, as the native, of the stake just written (absent: 0)
    at /staking/stake_history/<delegator>/<validator>/<height>.
    """
    stake = stored_amount(call.read, stake_path(delegator, validator))
    if isinstance(stake, Rejection):
        return stake
    path = stake_history_path(delegator, validator, call.block_height)
    return call.write({"type": "SET_VALUE", "ref": path, "value": stake})


def set_total(call: FunctionCall, delta: int) -> Rejection | None:
    """
    Change the total bonded by ``delta`` and record the result at this block's height.

    References
    ----------
    [AIN-PLAT-STAKE-TOTAL.1]
    """
    current = stored_amount(call.read, TOTAL_BONDED)
    if isinstance(current, Rejection):
        return current
    total = current + delta
    rejection = call.write({"type": "SET_VALUE", "ref": TOTAL_BONDED, "value": total or None})
    if rejection is not None:
        return rejection
    return call.write(
        {"type": "SET_VALUE", "ref": f"{TOTAL_HISTORY}/{call.block_height}", "value": total}
    )


def recorded_change(
    call: FunctionCall, delegator: str, validator: str, delta: int
) -> Rejection | None:
    """
    After a stake change: its record, the power and its record, the total and its record.

    References
    ----------
    [AIN-PLAT-STAKE-HISTORY.1] [AIN-PLAT-STAKE-POWER.1] [AIN-PLAT-STAKE-TOTAL.1]
    """
    rejection = record_stake(call, delegator, validator)
    if rejection is None:
        rejection = set_power(call, validator, delta)
    return rejection if rejection is not None else set_total(call, delta)


def check_bond(call: FunctionCall, delegator: str, validator: str) -> Rejection | None:
    """
    The checks of a bond, in order.

    References
    ----------
    [AIN-PLAT-STAKE-BOND.1] The amount is a positive integer (STAKING_AMOUNT_INVALID).
    [AIN-PLAT-STAKE-DELEGATE.1] A delegation needs a validator with a self-bond
    (STAKING_NOT_A_VALIDATOR) and at least staking/min_delegation (STAKING_BELOW_MINIMUM).
    [AIN-PLAT-STAKE-BOND.1] A self-bond leaves the self-stake at least staking/min_self_bond
    (STAKING_BELOW_MINIMUM); the balance (absent 0, non-integer refused) covers the amount
    (STAKING_INSUFFICIENT_BALANCE).
    """
    amount = call.value
    if type(amount) is not int or amount <= 0:
        return Rejection(ErrorCode.STAKING_AMOUNT_INVALID, f"amount {amount!r:.40}")
    if delegator != validator:
        self_stake = stored_amount(call.read, stake_path(validator, validator))
        if isinstance(self_stake, Rejection):
            return self_stake
        if self_stake == 0:
            return Rejection(ErrorCode.STAKING_NOT_A_VALIDATOR, validator)
        if amount < read_parameter(call.read, "staking/min_delegation"):
            return Rejection(ErrorCode.STAKING_BELOW_MINIMUM, "delegation")
    else:
        self_stake = stored_amount(call.read, stake_path(validator, validator))
        if isinstance(self_stake, Rejection):
            return self_stake
        if self_stake + amount < read_parameter(call.read, "staking/min_self_bond"):
            return Rejection(ErrorCode.STAKING_BELOW_MINIMUM, "self-bond")
    balance = stored_amount(call.read, balance_path(delegator))
    if isinstance(balance, Rejection):
        return balance
    if balance < amount:
        return Rejection(ErrorCode.STAKING_INSUFFICIENT_BALANCE, f"{balance} < {amount}")
    return None


def bond(call: FunctionCall) -> Rejection | None:
    """
    The native ``_bond``: move ``call.value`` from the delegator's balance to its stake.

    References
    ----------
    [AIN-PLAT-STAKE-BOND.1] [AIN-PLAT-STAKE-DELEGATE.1] After the checks: DEC_VALUE on the
    balance, INC_VALUE on the stake, the stake's record at this height
    ([AIN-PLAT-STAKE-HISTORY.1]), the validator's power and its record at this height
    ([AIN-PLAT-STAKE-POWER.1]), then the total bonded and its record ([AIN-PLAT-STAKE-TOTAL.1]);
    every write as ``_bond``, through the write rules.
    """
    delegator, validator = call.params["delegator"], call.params["validator"]
    rejection = check_bond(call, delegator, validator)
    if rejection is not None:
        return rejection
    amount = call.value
    assert isinstance(amount, int)
    rejection = write_all(
        call,
        [
            {"type": "DEC_VALUE", "ref": balance_path(delegator), "value": amount},
            {"type": "INC_VALUE", "ref": stake_path(delegator, validator), "value": amount},
        ],
    )
    if rejection is not None:
        return rejection
    return recorded_change(call, delegator, validator, amount)


def check_unbond(call: FunctionCall, delegator: str, validator: str) -> Rejection | int:
    """
    The checks of an unbond, in order; the maturity height when they pass.

    References
    ----------
    [AIN-PLAT-STAKE-UNBOND.1] The amount is a positive integer (STAKING_AMOUNT_INVALID); the
    stake covers it (STAKING_INSUFFICIENT_STAKE); a self-unbond leaves the self-stake 0 or at
    least staking/min_self_bond (STAKING_BELOW_MINIMUM); fewer than
    staking/max_unbondings_per_block entries already mature at height + staking/unbonding_delay
    (STAKING_UNBONDING_QUEUE_FULL).
    """
    amount = call.value
    if type(amount) is not int or amount <= 0:
        return Rejection(ErrorCode.STAKING_AMOUNT_INVALID, f"amount {amount!r:.40}")
    stake = stored_amount(call.read, stake_path(delegator, validator))
    if isinstance(stake, Rejection):
        return stake
    if stake < amount:
        return Rejection(ErrorCode.STAKING_INSUFFICIENT_STAKE, f"{stake} < {amount}")
    minimum = read_parameter(call.read, "staking/min_self_bond")
    if delegator == validator and 0 < stake - amount < minimum:
        return Rejection(ErrorCode.STAKING_BELOW_MINIMUM, "self-stake left")
    maturity = call.block_height + read_parameter(call.read, "staking/unbonding_delay")
    count = stored_amount(call.read, unbonding_path(maturity) + "/count")
    if isinstance(count, Rejection):
        return count
    if count >= read_parameter(call.read, "staking/max_unbondings_per_block"):
        return Rejection(ErrorCode.STAKING_UNBONDING_QUEUE_FULL, f"at {maturity}")
    return maturity


def unbond(call: FunctionCall) -> Rejection | None:
    """
    The native ``_unbond``: move ``call.value`` from a stake into the unbonding queue.

    References
    ----------
    [AIN-PLAT-STAKE-UNBOND.1] After the checks: DEC_VALUE on the stake (an emptied stake is
    deleted), the entry {delegator, amount} at /staking/unbonding/<maturity>/entries/<count>,
    INC_VALUE on its count, the stake's record at this height ([AIN-PLAT-STAKE-HISTORY.1]),
    the validator's power and its record ([AIN-PLAT-STAKE-POWER.1]), then the total bonded and
    its record ([AIN-PLAT-STAKE-TOTAL.1]); every write as ``_unbond``, through the write rules.
    """
    delegator, validator = call.params["delegator"], call.params["validator"]
    maturity = check_unbond(call, delegator, validator)
    if isinstance(maturity, Rejection):
        return maturity
    amount = call.value
    assert isinstance(amount, int)
    queue = unbonding_path(maturity)
    count = stored_amount(call.read, queue + "/count")
    assert isinstance(count, int)
    stake = stored_amount(call.read, stake_path(delegator, validator))
    assert isinstance(stake, int)
    left = stake - amount
    entry: CborValue = {"delegator": delegator, "amount": amount}
    rejection = write_all(
        call,
        [
            {"type": "SET_VALUE", "ref": stake_path(delegator, validator), "value": left or None},
            {"type": "SET_VALUE", "ref": f"{queue}/entries/{count}", "value": entry},
            {"type": "INC_VALUE", "ref": f"{queue}/count", "value": 1},
        ],
    )
    if rejection is not None:
        return rejection
    return recorded_change(call, delegator, validator, -amount)


def mature_unbondings(context: StepContext) -> Rejection | None:
    """
    The end-block step ``staking/mature_unbondings``: pay out what matures at this height.

    References
    ----------
    [AIN-PLAT-STAKE-MATURE.1] For each entry at /staking/unbonding/<height>/entries in
    ascending index order, the amount is added to the delegator's balance; then the height's
    queue is deleted. At most staking/max_unbondings_per_block entries (the unbond check), so
    at most MAX_UNBONDINGS_LIMIT + 1 writes. What only genesis overrides can reach fails the
    step, which then pays nothing and leaves the queue counted in the supply: a malformed
    entry (STAKING_UNBONDING_ENTRY_INVALID), a present non-integer balance
    (INC_TARGET_NOT_INTEGER), a balance pushed above 2**64 - 1 (INC_RESULT_OUT_OF_RANGE).
    """
    queue = unbonding_path(context.height)
    if context.read(queue) is None:
        return None
    entries = context.read(queue + "/entries")
    if entries is None:
        entries = {}
    if not isinstance(entries, dict):
        return Rejection(ErrorCode.STAKING_UNBONDING_ENTRY_INVALID, f"{queue}/entries")
    for index in sorted(entries, key=index_order):
        entry = unbonding_entry(index, entries[index])
        if isinstance(entry, Rejection):
            return entry
        delegator, amount = entry
        balance = context.read(balance_path(delegator))
        if balance is not None and type(balance) is not int:
            return Rejection(ErrorCode.INC_TARGET_NOT_INTEGER, f"balance of {delegator}")
        if (balance or 0) + amount > U64_MAX:
            return Rejection(ErrorCode.INC_RESULT_OUT_OF_RANGE, f"balance of {delegator}")
        rejection = context.write(balance_path(delegator), (balance or 0) + amount)
        if rejection is not None:
            return rejection
    return context.write(queue, None)


def unbonding_entry(index: str, entry: CborValue) -> tuple[str, int] | Rejection:
    """
    A queue entry's (delegator, amount), or STAKING_UNBONDING_ENTRY_INVALID.

    References
    ----------
    [AIN-PLAT-STAKE-MATURE.1] The index is a decimal label; the entry is a map whose
    ``delegator`` is an address text and whose ``amount`` is a positive integer.
    """
    if isinstance(entry, dict) and is_decimal_label(index):
        delegator, amount = entry.get("delegator"), entry.get("amount")
        if (
            isinstance(delegator, str)
            and not isinstance(parse_address(delegator), Rejection)
            and type(amount) is int
            and amount > 0
        ):
            return delegator, amount
    return Rejection(ErrorCode.STAKING_UNBONDING_ENTRY_INVALID, f"entry {index!r:.40}")


def index_order(label: str) -> tuple[int, str]:
    """Numeric order of decimal labels (any other label after them, by text)."""
    return (int(label), "") if is_decimal_label(label) else (2**64, label)


def power_at(read: Reader, validator: str, height: int) -> int:
    """
    A validator's voting power at a height: its latest record at or below that height.

    References
    ----------
    [AIN-PLAT-STAKE-POWER.1] The checkpoint ([AIN-PLAT-CHECKPOINT.1]) of
    /staking/power_history/<validator> at ``height``. Records of later heights are never read,
    so the answer never depends on anything after ``height``.
    """
    return checkpoint_at(read, history_root(validator), height)


def stake_at(read: Reader, delegator: str, validator: str, height: int) -> int:
    """
    What ``delegator`` had bonded to ``validator`` at a height (after that height's block).

    References
    ----------
    [AIN-PLAT-STAKE-HISTORY.1] The checkpoint ([AIN-PLAT-CHECKPOINT.1]) of
    /staking/stake_history/<delegator>/<validator> at ``height``: a bond in the block of height
    ``h`` counts at ``h``, not at ``h - 1``; an unbond in it no longer counts at ``h``.
    """
    return checkpoint_at(read, stake_history_root(delegator, validator), height)


def delegations_at(read: Reader, delegator: str, height: int) -> tuple[tuple[str, int], ...]:
    """
    Every delegation of ``delegator`` at a height: (validator, stake), stake > 0.

    References
    ----------
    [AIN-PLAT-STAKE-HISTORY.1] One pair per validator label under
    /staking/stake_history/<delegator> other than the delegator itself (a self-bond is not a
    delegation) whose stake at ``height`` is positive, sorted by the validator text's UTF-8
    bytes. Reads only that delegator's records, once.
    """
    validators = read(f"/staking/stake_history/{delegator}")
    if not isinstance(validators, dict):
        return ()
    pairs = []
    for validator in sorted(validators, key=lambda label: label.encode()):
        if validator != delegator:
            stake = recorded_at(validators[validator], height)
            if stake > 0:
                pairs.append((validator, stake))
    return tuple(pairs)


def total_bonded_at(read: Reader, height: int) -> int:
    """
    Every stake together at a height: the sum of all validators' powers at that height.

    References
    ----------
    [AIN-PLAT-STAKE-TOTAL.1] The checkpoint ([AIN-PLAT-CHECKPOINT.1]) of
    /staking/total_history at ``height``; reads no account's records.
    """
    return checkpoint_at(read, TOTAL_HISTORY, height)


def total_staked(read: Reader) -> int:
    """Every stake and every unbonding amount: the bonded part of the supply."""
    total = 0
    stakes = read("/staking/stakes")
    if isinstance(stakes, dict):
        for validators in stakes.values():
            if isinstance(validators, dict):
                total += sum(amount for amount in validators.values() if type(amount) is int)
    queues = read("/staking/unbonding")
    if isinstance(queues, dict):
        for queue in queues.values():
            entries = queue.get("entries") if isinstance(queue, dict) else None
            if isinstance(entries, dict):
                for entry in entries.values():
                    amount = entry.get("amount") if isinstance(entry, dict) else None
                    total += amount if type(amount) is int else 0
    return total


BOND: Final = NativeDefinition(
    BOND_ID, bond, patterns=(BOND_PATTERN,), parties=("delegator", "validator")
)
UNBOND: Final = NativeDefinition(
    UNBOND_ID, unbond, patterns=(UNBOND_PATTERN,), parties=("delegator", "validator")
)
MATURE_UNBONDINGS: Final = BlockStep(
    area="staking",
    name="mature_unbondings",
    phase=END,
    priority=100,
    prefixes=("/accounts", "/staking/unbonding"),
    max_writes=MAX_UNBONDINGS_LIMIT + 1,
    run=mature_unbondings,
)
