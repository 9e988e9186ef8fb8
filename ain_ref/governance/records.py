"""
Where governance keeps its records in /values, and how a proposal record reads back.

Layout: ``/governance/count`` (proposals submitted so far; the next id), the proposal records
``/governance/proposals/<id>``, each depositor's refundable amount
``/governance/deposits/<id>/<address>``, each vote ``/governance/votes/<id>/<voter>``, the
number of open proposals of each proposer ``/governance/open/<address>``, the stakes
overridden by voting delegators ``/governance/overridden/<id>/<validator>``, the per-height queue
``/governance/queue/<height>/<id>`` and the burned total ``/governance/burned``.

Spec: spec/governance.md, "Proposals on chain" ([AIN-GOV-RECORD.2]).
Layer: governance. Imports encoding, platform.params (the reader type), governance.change and
governance.tally (the option names).
"""

from __future__ import annotations

from typing import Final

import attrs

from ain_ref.encoding import CborValue
from ain_ref.governance.change import Change, parse_change
from ain_ref.governance.tally import OPTIONS_BY_TEXT, Option
from ain_ref.platform.checkpoints import is_decimal_label
from ain_ref.platform.params import Reader

ROOT: Final = "/governance"
COUNT: Final = f"{ROOT}/count"
PROPOSALS: Final = f"{ROOT}/proposals"
DEPOSITS: Final = f"{ROOT}/deposits"
VOTES: Final = f"{ROOT}/votes"
OVERRIDDEN: Final = f"{ROOT}/overridden"
OPEN: Final = f"{ROOT}/open"
QUEUE: Final = f"{ROOT}/queue"
BURNED: Final = f"{ROOT}/burned"

DEPOSIT_PERIOD: Final = "deposit"
VOTING: Final = "voting"
PASSED: Final = "passed"
OPEN_STATUSES: Final = (DEPOSIT_PERIOD, VOTING)
"""A proposal counts against its proposer's limit in these statuses [AIN-GOV-SUBMIT.2]."""
REFUNDABLE: Final = ("expired", "cancelled", "no_quorum", "rejected", "enacted", "failed")
"""Final statuses whose deposits are claimed back [AIN-GOV-DEPOSIT-OUTCOME.1]; vetoed burns."""
MAX_QUEUED_PER_HEIGHT: Final = 8
"""The most proposals queued at one height [AIN-GOV-QUEUE.1]."""
RECORD_HEIGHTS: Final = ("submitted", "deposit_end", "voting_end", "activation")


def proposal_path(proposal_id: str) -> str:
    """A proposal's record."""
    return f"{PROPOSALS}/{proposal_id}"


TALLY_FIELDS: Final = {
    "validators": "tally",
    "developers": "tally_developers",
    "providers": "tally_providers",
}
"""The record field holding each constituency's four running sums [AIN-GOV-COMBINE.1]."""


def tally_path(proposal_id: str, constituency: str) -> str:
    """A constituency's running sums on a proposal: ``tally``, ``tally_developers`` etc."""
    return f"{proposal_path(proposal_id)}/{TALLY_FIELDS[constituency]}"


def deposit_path(proposal_id: str, depositor: str) -> str:
    """What ``depositor`` may claim back from a proposal."""
    return f"{DEPOSITS}/{proposal_id}/{depositor}"


def vote_path(proposal_id: str, voter: str) -> str:
    """A voter's counted option on a proposal."""
    return f"{VOTES}/{proposal_id}/{voter}"


def overridden_path(proposal_id: str, validator: str) -> str:
    """The stakes delegated to ``validator`` whose delegators voted on the proposal."""
    return f"{OVERRIDDEN}/{proposal_id}/{validator}"


def open_path(proposer: str) -> str:
    """How many of a proposer's proposals are in their deposit or voting period."""
    return f"{OPEN}/{proposer}"


def queue_path(height: int) -> str:
    """The proposals due at the end of the block of ``height``."""
    return f"{QUEUE}/{height}"


def is_decimal_id(text: object) -> bool:
    """A proposal id or height label: ASCII digits, no leading zero but "0"."""
    return isinstance(text, str) and is_decimal_label(text)


@attrs.frozen
class Proposal:
    """
    A proposal as its record holds it [AIN-GOV-RECORD.2].

    Attributes
    ----------
    proposal_id, proposer, status : str
        Its id, who submitted it, where it is in its life.
    change : Change
        The parameters it sets, in order.
    deposit : int
        The amount governance holds for it now.
    submitted, deposit_end, voting_end, activation : int
        The heights fixed at submission.
    total_power : int
        The voting power of all validators at the snapshot (0 before voting).
    tallies : dict[str, dict[Option, int]]
        Each constituency's four running sums, by constituency name (absent sums 0).
    """

    proposal_id: str
    proposer: str
    status: str
    change: Change
    deposit: int
    submitted: int
    deposit_end: int
    voting_end: int
    activation: int
    total_power: int
    tallies: dict[str, dict[Option, int]]


def integer_field(record: dict[str, CborValue], name: str) -> int | None:
    """A non-negative integer field of a record, else None."""
    value = record.get(name, 0 if name in ("deposit", "total_power") else None)
    return value if type(value) is int and value >= 0 else None


def tally_sums(stored: CborValue) -> dict[Option, int] | None:
    """
    A constituency's running sums as a record holds them, or None when they are malformed.

    References
    ----------
    [AIN-GOV-RECORD.2] Absent, or a map whose every key is an option text and every value an
    integer ``>= 0``; each absent sum is 0.
    """
    sums = dict.fromkeys(Option, 0)
    if stored is None:
        return sums
    if not isinstance(stored, dict):
        return None
    for key, value in stored.items():
        if key not in OPTIONS_BY_TEXT or type(value) is not int or value < 0:
            return None
        sums[OPTIONS_BY_TEXT[key]] = value
    return sums


def proposal_of(proposal_id: str, record: CborValue) -> Proposal | None:
    """
    The proposal a stored record describes, or None when it is not a well-formed record.

    Only genesis overrides can store a malformed one; governance treats it as absent
    everywhere: calls, the step, the queries and the supply.

    References
    ----------
    [AIN-GOV-RECORD.2] A map; ``proposer`` and ``status`` texts; ``change`` of the shape of
    [AIN-GOV-CHANGE.1]; the four heights integers ``>= 0``; ``deposit`` and ``total_power``
    absent or integers ``>= 0``; each constituency's sums absent or a map of option texts to
    integers ``>= 0``.
    """
    if not isinstance(record, dict):
        return None
    tallies = {
        constituency: tally_sums(record.get(name)) for constituency, name in TALLY_FIELDS.items()
    }
    proposer, status = record.get("proposer"), record.get("status")
    change = parse_change(record.get("change"))
    numbers = [integer_field(record, name) for name in (*RECORD_HEIGHTS, "deposit", "total_power")]
    if (
        not isinstance(proposer, str)
        or not isinstance(status, str)
        or not isinstance(change, tuple)
    ):
        return None
    if any(number is None for number in numbers):
        return None
    if any(sums is None for sums in tallies.values()):
        return None
    submitted, deposit_end, voting_end, activation, deposit, total_power = (
        int(number or 0) for number in numbers
    )
    return Proposal(
        proposal_id,
        proposer,
        status,
        change,
        deposit,
        submitted,
        deposit_end,
        voting_end,
        activation,
        total_power,
        {constituency: sums for constituency, sums in tallies.items() if sums is not None},
    )


def read_proposal(read: Reader, proposal_id: str) -> Proposal | None:
    """The proposal of an id, or None when there is none (or it is malformed)."""
    if not is_decimal_id(proposal_id):
        return None
    return proposal_of(proposal_id, read(proposal_path(proposal_id)))


def stored_count(read: Reader, path: str) -> int:
    """A stored counter: a non-negative integer, absent (or anything else) 0."""
    value = read(path)
    return value if type(value) is int and value >= 0 else 0


def change_value(change: Change) -> dict[str, CborValue]:
    """A change as it is stored: entries "0" .. "n-1" of {parameter, value}."""
    return {
        str(index): {"parameter": key, "value": value} for index, (key, value) in enumerate(change)
    }


def held_and_burned(read: Reader) -> tuple[int, int]:
    """
    What governance holds (every well-formed proposal's ``deposit``) and what it burned.

    References
    ----------
    [AIN-GOV-SUPPLY.1] Both count in the supply of [AIN-PLAT-STAKE-SUPPLY.2]. An audit walk
    over every proposal, for handlers and tests; no transition calls it.
    [AIN-GOV-RECORD.2] A record that is not well formed, or stored under a key that is not a
    decimal id, holds nothing; the burned total is a counter (anything but an integer
    ``>= 0`` reads 0).
    """
    proposals = read(PROPOSALS)
    held = 0
    if isinstance(proposals, dict):
        for proposal_id, record in proposals.items():
            proposal = proposal_of(proposal_id, record) if is_decimal_id(proposal_id) else None
            held += 0 if proposal is None else proposal.deposit
    return held, stored_count(read, BURNED)
