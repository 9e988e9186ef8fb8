"""
Provider offers: what a provider's machine has, asks and requires of the jobs it takes.

An offer is one machine: its GPUs are the devices a multi-device job may use together.

Spec: spec/jobs.md, "Offers" ([AIN-JOB-OFFER.1]).
Layer: jobs. Imports crypto, encoding (U64_MAX), errors, jobs.model.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

import attrs

from ain_ref import crypto
from ain_ref.encoding import U64_MAX
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs import model

OFFER_ID: Final = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
INTEGER_TEXT: Final = re.compile(r"0|[1-9][0-9]{0,19}")
"""
An offer's integer as JSON text, in its one plain form: no sign, no leading zero, at most 20
digits (every maximum has fewer) [AIN-JOB-OFFER.1].
"""
REGION: Final = re.compile(r"[a-z][a-z0-9-]{0,31}")


@attrs.frozen
class Offer:
    """
    One provider machine's offer.

    References
    ----------
    [AIN-JOB-OFFER.1] Fields, units and ranges as tabulated in spec/jobs.md.
    """

    offer_id: str
    provider: str  # the provider's address text
    region: str
    tee: str
    stake: int  # bonded stake in AIN base units
    cpu_millicores: int
    memory_bytes: int
    storage_bytes: int
    network_bits_per_second: int
    gpu_vendor: str  # "" when the machine has no GPU
    gpu_model: str
    gpu_memory_bytes: int  # per device
    gpu_count: int
    ask_per_request: int
    ask_per_work_unit: int
    languages: tuple[str, ...]
    determinism: tuple[str, ...]
    min_deadline_ms: int


INTEGER_FIELDS: Final = {
    "stake": U64_MAX,
    "cpu_millicores": 1_000_000,
    "memory_bytes": 2**50,
    "storage_bytes": 2**53,
    "network_bits_per_second": 10**12,
    "gpu_memory_bytes": 2**44,
    "gpu_count": 64,
    "ask_per_request": U64_MAX,
    "ask_per_work_unit": U64_MAX,
    "min_deadline_ms": 2_592_000_000,
}
"""Each integer field's maximum; every minimum is 0 [AIN-JOB-OFFER.1]."""
WORD_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "tee": model.TEE_KINDS,
    "gpu_vendor": ("", *model.GPU_VENDORS),
}
LIST_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "languages": model.LANGUAGES,
    "determinism": model.DETERMINISM_CLASSES,
}


def bad(field: str, why: str) -> Rejection:
    """A MATCHING_BAD_OFFER naming the field."""
    return Rejection(ErrorCode.MATCHING_BAD_OFFER, f"{field}: {why}")


def integer_of(text: object, maximum: int) -> int | None:
    """
    An integer field's value: a decimal text in plain form, at most ``maximum``; else None.

    A JSON number, a boolean or any other value is refused, as are ``+1``, ``-0``, ``01``
    and the empty text [AIN-JOB-OFFER.1].
    """
    if type(text) is not str or not INTEGER_TEXT.fullmatch(text):
        return None
    value = int(text)
    return value if value <= maximum else None


def offer_from_fields(fields: Mapping[str, object]) -> Offer | Rejection:
    """
    Build an offer from its JSON fields, checking each in the order of spec/jobs.md.

    References
    ----------
    [AIN-JOB-OFFER.1] Every field present, none other; integers as plain decimal texts within
    range; words from their lists; lists sorted without repeats (possibly empty); the
    provider a valid address; the GPU fields zero and empty exactly when gpu_vendor is empty.
    """
    expected_names = {attribute.name for attribute in attrs.fields(Offer)}
    if set(fields) != expected_names:
        return bad("fields", f"expected exactly {sorted(expected_names)}")
    values: dict[str, object] = dict(fields)
    offer_id, provider = fields["offer_id"], fields["provider"]
    if not isinstance(offer_id, str) or not OFFER_ID.fullmatch(offer_id):
        return bad("offer_id", "1..64 of a-z, 0-9 and -, not starting with -")
    if not isinstance(provider, str) or isinstance(crypto.parse_address(provider), Rejection):
        return bad("provider", "a valid address")
    region = fields["region"]
    if not isinstance(region, str) or not REGION.fullmatch(region):
        return bad("region", "a region: a-z, 0-9 and -, 1..32 long")
    for name, maximum in INTEGER_FIELDS.items():
        value = integer_of(fields[name], maximum)
        if value is None:
            return bad(name, f"a decimal text of an integer in 0..{maximum}, plain form")
        values[name] = value
    for name, words in WORD_FIELDS.items():
        if fields[name] not in words:
            return bad(name, "one of " + ", ".join(repr(word) for word in words))
    gpu_model = fields["gpu_model"]
    if not isinstance(gpu_model, str) or len(gpu_model) > 256:
        return bad("gpu_model", "a text of at most 256 code points")
    has_gpu = fields["gpu_vendor"] != ""
    if not has_gpu and (gpu_model or values["gpu_memory_bytes"] or values["gpu_count"]):
        return bad("gpu_vendor", "GPU fields zero and empty when there is no GPU")
    if has_gpu and values["gpu_count"] == 0:
        return bad("gpu_count", "at least 1 when gpu_vendor is set")
    for name, words in LIST_FIELDS.items():
        items = fields[name]
        if not isinstance(items, list | tuple) or any(item not in words for item in items):
            return bad(name, "a list of " + ", ".join(words))
        if list(items) != sorted(set(items)):
            return bad(name, "sorted, without repeats")
        values[name] = tuple(items)
    return Offer(**values)  # type: ignore[arg-type]
