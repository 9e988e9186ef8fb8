"""
The blocks of a job specification, each read from its statements into its model object.

Spec: spec/jobs.md, "Fields" ([AIN-JOB-RUNTIME.1], [AIN-JOB-RESOURCES.1], [AIN-JOB-PRICE.1],
[AIN-JOB-QOS.1], [AIN-JOB-PLACEMENT.1], [AIN-JOB-ATTESTATION.1], [AIN-JOB-DETERMINISM.1];
the attestation block's pcr lines are read by jobs.measurements).
Layer: jobs. Imports jobs.reader, jobs.model, jobs.units.
"""

from __future__ import annotations

from typing import Final

from ain_ref.errors import ErrorCode
from ain_ref.jobs import model, units
from ain_ref.jobs.measurements import read_measurements
from ain_ref.jobs.reader import (
    ATTESTATION_FIELDS,
    GPU_FIELDS,
    MAX_LIST,
    MAX_PREFERENCES,
    MAX_TEXT,
    NUMBER,
    PLACEMENT_FIELDS,
    PRICE_FIELDS,
    QOS_FIELDS,
    REGION,
    RESOURCE_FIELDS,
    RUNTIME_FIELDS,
    SHA256_HEX,
    Reader,
    one_value,
    read_address,
    read_block,
    read_integer,
    read_quantity,
    read_text,
    read_word,
    values_of,
)
from ain_ref.jobs.syntax import Statement, Value


def owner_of(statement: Statement) -> tuple[str, int, int]:
    """A block statement's name and position."""
    return statement.name, statement.line, statement.column


def block_of(statement: Statement) -> tuple[Statement, ...]:
    """A block statement's statements."""
    assert statement.block is not None
    return statement.block


def read_runtime(reader: Reader, statement: Statement) -> model.Runtime | None:
    """
    The runtime block: language, entry point, artifact digest.

    References
    ----------
    [AIN-JOB-RUNTIME.1] The artifact is named by its SHA-256 digest in lowercase hex.
    """
    found = read_block(reader, block_of(statement), RUNTIME_FIELDS, owner_of(statement))
    language = entry = digest = None
    if "language" in found:
        value = one_value(reader, found["language"][0], ("NAME",))
        language = None if value is None else read_word(reader, value, model.LANGUAGES)
    if "entry" in found:
        value = one_value(reader, found["entry"][0], ("STRING",))
        entry = None if value is None else read_text(reader, value)
    if "artifact" in found:
        values = values_of(
            reader, found["artifact"][0], (("NAME",), ("STRING",)), 'takes sha256 "<64 hex digits>"'
        )
        if values is not None and read_word(reader, values[0], ("sha256",)) is not None:
            text = values[1].text[1:-1]
            if SHA256_HEX.fullmatch(text):
                digest = bytes.fromhex(text)
            else:
                expected = "64 lowercase hexadecimal digits"
                reader.fail_at(ErrorCode.JOBSPEC_BAD_DIGEST, values[1], expected)
    if language is None or entry is None or digest is None:
        return None
    return model.Runtime(language, entry, digest)


def read_gpu(reader: Reader, statement: Statement) -> model.Gpu | None:
    """The gpu block: n devices of one vendor (and model) on one machine [AIN-JOB-RESOURCES.1]."""
    found = read_block(reader, block_of(statement), GPU_FIELDS, owner_of(statement))
    vendor = count = None
    gpu_model: str | None = None
    model_ok = True
    memory: int | None = 0
    if "vendor" in found:
        value = one_value(reader, found["vendor"][0], ("NAME",))
        vendor = None if value is None else read_word(reader, value, model.GPU_VENDORS)
    if "model" in found:
        value = one_value(reader, found["model"][0], ("STRING",))
        gpu_model = None if value is None else read_text(reader, value)
        model_ok = gpu_model is not None
    if "memory" in found:
        memory = read_quantity(reader, found["memory"][0], units.BYTE_UNITS, "gpu.memory")
    if "count" in found:
        value = one_value(reader, found["count"][0], ("INTEGER",))
        count = None if value is None else read_integer(reader, value, "gpu.count")
    if vendor is None or memory is None or count is None or not model_ok:
        return None
    return model.Gpu(vendor, gpu_model, memory, count)


def read_resources(reader: Reader, statement: Statement) -> model.Resources | None:
    """
    The resources block, every quantity in its base unit.

    References
    ----------
    [AIN-JOB-RESOURCES.1] cpu in millicores, memory and storage in bytes, network in bits
    per second; storage and network default to 0; gpu is optional.
    """
    found = read_block(reader, block_of(statement), RESOURCE_FIELDS, owner_of(statement))
    amounts: dict[str, int | None] = {"storage": 0, "network": 0}
    tables = {
        "cpu": units.CPU_UNITS,
        "memory": units.BYTE_UNITS,
        "storage": units.BYTE_UNITS,
        "network": units.BANDWIDTH_UNITS,
    }
    for name, table in tables.items():
        if name in found:
            amounts[name] = read_quantity(reader, found[name][0], table, name)
    gpu = read_gpu(reader, found["gpu"][0]) if "gpu" in found else None
    cpu, memory = amounts.get("cpu"), amounts.get("memory")
    storage, network = amounts["storage"], amounts["network"]
    if cpu is None or memory is None or storage is None or network is None:
        return None
    if "gpu" in found and gpu is None:
        return None
    return model.Resources(cpu, memory, storage, network, gpu)


def read_price(reader: Reader, statement: Statement) -> model.Price | None:
    """
    The price block: rate per request or per work unit, batch size, payer.

    References
    ----------
    [AIN-JOB-PRICE.1] The rate is in AIN base units; batch defaults to 1; payer is optional.
    """
    found = read_block(reader, block_of(statement), PRICE_FIELDS, owner_of(statement))
    rate = unit = None
    batch: int | None = 1
    payer: model.Payer | None = None
    payer_ok = True
    if "rate" in found:
        values = values_of(
            reader,
            found["rate"][0],
            (("INTEGER",), ("NAME",), ("NAME",)),
            "takes a whole number of base units, per, and request or work_unit",
        )
        if values is not None:
            rate = read_integer(reader, values[0], "rate")
            per = read_word(reader, values[1], ("per",))
            unit = read_word(reader, values[2], model.PRICE_UNITS) if per else None
    if "batch" in found:
        value = one_value(reader, found["batch"][0], ("INTEGER",))
        batch = None if value is None else read_integer(reader, value, "batch")
    if "paid_by" in found:
        values = values_of(
            reader,
            found["paid_by"][0],
            (("NAME",), ("STRING",)),
            "takes contract or reservation, then its id as quoted text",
        )
        payer_ok = False
        if values is not None:
            kind = read_word(reader, values[0], model.PAYER_KINDS)
            identifier = read_text(reader, values[1])
            if kind is not None and identifier is not None:
                payer, payer_ok = model.Payer(kind, identifier), True
    if rate is None or unit is None or batch is None or not payer_ok:
        return None
    return model.Price(rate, unit, batch, payer)


def read_qos(reader: Reader, statement: Statement) -> model.Qos | None:
    """
    The qos block: deadline, minimum runtime, latency, queries per second.

    References
    ----------
    [AIN-JOB-QOS.1] Durations in milliseconds; every field but the deadline defaults to 0,
    meaning not stated.
    """
    found = read_block(reader, block_of(statement), QOS_FIELDS, owner_of(statement))
    amounts: dict[str, int | None] = {"min_runtime": 0, "latency": 0, "qps": 0}
    for name in ("deadline", "min_runtime", "latency"):
        if name in found:
            amounts[name] = read_quantity(reader, found[name][0], units.TIME_UNITS, name)
            reader.positions[f"qos.{name}"] = (found[name][0].line, found[name][0].column)
    if "qps" in found:
        value = one_value(reader, found["qps"][0], ("INTEGER",))
        amounts["qps"] = None if value is None else read_integer(reader, value, "qps")
    deadline, min_runtime = amounts.get("deadline"), amounts["min_runtime"]
    latency, qps = amounts["latency"], amounts["qps"]
    if deadline is None or min_runtime is None or latency is None or qps is None:
        return None
    return model.Qos(deadline, min_runtime, latency, qps)


def read_list_item(reader: Reader, attribute: str, item: Value) -> str | None:
    """One value of a placement list, checked for its attribute [AIN-JOB-PLACEMENT.1]."""
    if item.kind != "NAME":
        reader.fail_at(ErrorCode.JOBSPEC_BAD_VALUE, item, f"a word naming a {attribute}")
        return None
    if attribute == "tee":
        return read_word(reader, item, model.TEE_KINDS)
    if attribute == "provider":
        return None if read_address(reader, item) is None else item.text
    if not REGION.fullmatch(item.text):
        reader.fail_at(ErrorCode.JOBSPEC_BAD_VALUE, item, "a region: a-z, 0-9 and -, 1..32 long")
        return None
    return item.text


STAKE_KINDS: Final = (("NAME",), ("GE",), ("INTEGER",))
"""The kinds of ``stake >= <whole number>``."""
SET_KINDS: Final = (("NAME",), ("NAME",), ("list",))
"""The kinds of ``<attribute> in [...]``, for every first word but ``stake``."""


def condition_kinds(values: tuple[Value, ...]) -> tuple[tuple[str, ...], ...]:
    """
    The kinds a condition's three values must have: they follow its first word.

    References
    ----------
    [AIN-JOB-VALUES.1] ``stake`` takes ``>=`` and a whole number; any other first word
    (known or not) takes a word and a list.
    """
    return STAKE_KINDS if values and values[0].text == model.STAKE_ATTRIBUTE else SET_KINDS


def read_condition(reader: Reader, values: tuple[Value, ...]) -> model.Condition | None:
    """
    ``<attribute> in [v, ...]`` or ``stake >= n``, the first three values of a placement line.

    Their kinds are already those of ``condition_kinds``. A bad attribute word leaves the rest
    unchecked (their meaning depends on it), and so does a bad ``in`` for the list after it.

    References
    ----------
    [AIN-JOB-VALUES.1] Fixed words (``in``) are words: a wrong one is a bad value.
    [AIN-JOB-PLACEMENT.1] Lists are sets: written in any order, sorted and without repeats
    in the canonical form; at least one and at most MAX_LIST values.
    """
    attribute = read_word(reader, values[0], (*model.SET_ATTRIBUTES, model.STAKE_ATTRIBUTE))
    if attribute is None:
        return None
    if attribute == model.STAKE_ATTRIBUTE:
        minimum = read_integer(reader, values[2], "stake")
        return None if minimum is None else model.StakeAtLeast(minimum)
    if read_word(reader, values[1], ("in",)) is None:
        return None
    items = values[2].items
    if not 1 <= len(items) <= MAX_LIST:
        reader.fail_at(ErrorCode.JOBSPEC_OUT_OF_RANGE, values[2], f"1..{MAX_LIST} values")
        return None
    read = [read_list_item(reader, attribute, item) for item in items]
    if any(text is None for text in read):
        return None
    return model.AttributeIn(attribute, tuple(sorted({text for text in read if text})))


def read_placement(reader: Reader, statement: Statement) -> model.Placement | None:
    """
    The placement block: ``require`` lines (hard) and ``prefer ... weight w`` lines (soft).

    References
    ----------
    [AIN-JOB-PLACEMENT.1] At most one requirement per attribute; preferences distinct, at
    most MAX_PREFERENCES; weights 1..100.
    """
    found = read_block(reader, block_of(statement), PLACEMENT_FIELDS, owner_of(statement))
    requirements: dict[str, model.Condition] = {}
    preferences: dict[model.Condition, int] = {}
    failed = False
    for line in found.get("require", []):
        shape = condition_kinds(line.values)
        values = values_of(reader, line, shape, "takes <attribute> in [...] or stake >= <amount>")
        condition = None if values is None else read_condition(reader, values)
        if condition is None:
            failed = True
        elif model.condition_attribute(condition) in requirements:
            reader.fail(
                ErrorCode.JOBSPEC_DUPLICATE_FIELD,
                line.line,
                line.column,
                "require",
                f"one require line per attribute ({model.condition_attribute(condition)})",
            )
            failed = True
        else:
            requirements[model.condition_attribute(condition)] = condition
            reader.positions[f"require.{model.condition_attribute(condition)}"] = (
                line.line,
                line.column,
            )
    for line in found.get("prefer", []):
        values = values_of(
            reader,
            line,
            (*condition_kinds(line.values), ("NAME",), ("INTEGER",)),
            "takes a condition, then weight <1..100>",
        )
        condition = None if values is None else read_condition(reader, values)
        weight = None
        if values is not None and read_word(reader, values[3], ("weight",)) is not None:
            weight = read_integer(reader, values[4], "weight")
        if condition is None or weight is None:
            failed = True
        elif condition in preferences:
            reader.fail(
                ErrorCode.JOBSPEC_DUPLICATE_FIELD,
                line.line,
                line.column,
                "prefer",
                "each preferred condition once",
            )
            failed = True
        elif len(preferences) == MAX_PREFERENCES:
            reader.fail(
                ErrorCode.JOBSPEC_OUT_OF_RANGE,
                line.line,
                line.column,
                "prefer",
                f"at most {MAX_PREFERENCES} prefer lines",
            )
            failed = True
        else:
            preferences[condition] = weight
    if failed:
        return None
    ordered_requirements = tuple(requirements[name] for name in sorted(requirements))
    ordered_preferences = tuple(
        sorted(
            (model.Preference(condition, weight) for condition, weight in preferences.items()),
            key=preference_sort_key,
        )
    )
    return model.Placement(ordered_requirements, ordered_preferences)


def preference_sort_key(preference: model.Preference) -> tuple[str, tuple[str, ...], int, int]:
    """Preferences in canonical order: attribute, values, stake minimum, weight."""
    condition = preference.condition
    if isinstance(condition, model.StakeAtLeast):
        return model.STAKE_ATTRIBUTE, (), condition.minimum, preference.weight
    return condition.attribute, condition.values, 0, preference.weight


def read_attestation(reader: Reader, statement: Statement) -> model.Attestation | None:
    """
    The attestation block: providers, quorum, TEE evidence, determinism class, tolerance.

    References
    ----------
    [AIN-JOB-ATTESTATION.1] providers 1..31, quorum 1..31, tee defaults to none.
    [AIN-JOB-DETERMINISM.1] determinism is exact, tolerance or tee_only; tolerance names a
    metric and a bound.
    """
    found = read_block(reader, block_of(statement), ATTESTATION_FIELDS, owner_of(statement))
    numbers: dict[str, int | None] = {}
    for name in ("providers", "quorum"):
        if name in found:
            value = one_value(reader, found[name][0], ("INTEGER",))
            numbers[name] = None if value is None else read_integer(reader, value, name)
            reader.positions[f"attestation.{name}"] = (found[name][0].line, found[name][0].column)
    tee: str | None = "none"
    if "tee" in found:
        value = one_value(reader, found["tee"][0], ("NAME",))
        tee = None if value is None else read_word(reader, value, model.TEE_KINDS)
        reader.positions["attestation.tee"] = (found["tee"][0].line, found["tee"][0].column)
    determinism = None
    if "determinism" in found:
        value = one_value(reader, found["determinism"][0], ("NAME",))
        determinism = None if value is None else read_word(reader, value, model.DETERMINISM_CLASSES)
        line = found["determinism"][0]
        reader.positions["attestation.determinism"] = (line.line, line.column)
    tolerance: model.Tolerance | None = None
    tolerance_ok = True
    if "tolerance" in found:
        tolerance_ok = False
        values = values_of(
            reader, found["tolerance"][0], (("NAME",), ("INTEGER",)), "takes a metric and a bound"
        )
        if values is not None:
            metric = read_word(reader, values[0], model.TOLERANCE_METRICS)
            bound = None if metric is None else read_integer(reader, values[1], metric)
            if metric is not None and bound is not None:
                tolerance, tolerance_ok = model.Tolerance(metric, bound), True
    measurements = read_measurements(reader, found.get("pcr", []))
    providers, quorum = numbers.get("providers"), numbers.get("quorum")
    if providers is None or quorum is None or tee is None or determinism is None:
        return None
    if not tolerance_ok or measurements is None:
        return None
    return model.Attestation(providers, quorum, tee, determinism, tolerance, measurements)


__all__ = [
    "MAX_TEXT",
    "NUMBER",
    "read_attestation",
    "read_placement",
    "read_price",
    "read_qos",
    "read_resources",
    "read_runtime",
]
