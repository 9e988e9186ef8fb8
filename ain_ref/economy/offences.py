"""
Slashing by evidence another area has verified.

The table's fraction of the provider deposit, accepted only while that deposit is still
locked, and once per piece of evidence.

Spec: spec/economy.md, "Slashing" ([AIN-ECON-SLASH-AGE.1], [AIN-ECON-SLASH-ONCE.1]).
Layer: economy. Imports economy.ledger, economy.contracts, economy.slashing, economy.calls.
"""

from __future__ import annotations

from typing import Final

import attrs

from ain_ref.economy.calls import Call, read_fields
from ain_ref.economy.contracts import slash_provider
from ain_ref.economy.ledger import ContractState, Ledger
from ain_ref.economy.slashing import EvidenceType
from ain_ref.errors import ErrorCode, Rejection

SLASH_LAYOUT: Final = (
    ("contract_id", "text"),
    ("evidence_type", "text"),
    ("evidence_id", "text"),
    ("evidence_time", "amount"),
)
EXTERNAL_EVIDENCE: Final = (
    EvidenceType.DEADLINE_MISSED,
    EvidenceType.MISSED_REVEAL,
    EvidenceType.CONFLICTING_ATTESTATION,
    EvidenceType.TEE_MEASUREMENT_MISMATCH,
    EvidenceType.EQUIVOCATION,
)
"""Evidence proven by another area; the economy's own two offences are transitions."""
LOCKED_STATES: Final = (ContractState.ACCEPTED, ContractState.ACTIVE, ContractState.TERMINATED)


def slash(ledger: Ledger, call: Call) -> Ledger | Rejection:
    """
    Slash a contract's provider deposit for verified evidence; the caller is the reporter.

    References
    ----------
    [AIN-ECON-SLASH-TABLE.2] the evidence type is one of the table's external rows.
    [AIN-ECON-SLASH-ONCE.1] an evidence ID slashes at most once.
    [AIN-ECON-SLASH-AGE.1] the deposit is still locked and the evidence is younger than the
    withdrawal delay.
    [AIN-ECON-SLASH-AGE-STORED.1] The contract's stored state, not its reading at the block
    time: an ``active`` contract past its end is slashable.
    """
    fields = read_fields(call, SLASH_LAYOUT)
    if isinstance(fields, Rejection):
        return fields
    texts, evidence_time = fields.texts, fields.amounts["evidence_time"]
    evidence_type = next(
        (kind for kind in EXTERNAL_EVIDENCE if kind.value == texts["evidence_type"]), None
    )
    if evidence_type is None:
        return Rejection(ErrorCode.ECON_UNKNOWN_EVIDENCE_TYPE, texts["evidence_type"])
    contract = ledger.contracts.get(texts["contract_id"])
    if contract is None:
        return Rejection(ErrorCode.ECON_UNKNOWN_CONTRACT, texts["contract_id"])
    if texts["evidence_id"] in ledger.slashed_evidence:
        return Rejection(ErrorCode.ECON_EVIDENCE_DUPLICATE, texts["evidence_id"])
    if (
        contract.state not in LOCKED_STATES
        or evidence_time > call.time
        or call.time - evidence_time >= ledger.parameters.withdrawal_delay
    ):
        return Rejection(ErrorCode.ECON_EVIDENCE_TOO_OLD, texts["evidence_id"])
    ledger, _ = slash_provider(ledger, contract, evidence_type, call.caller)
    return attrs.evolve(ledger, slashed_evidence=ledger.slashed_evidence | {texts["evidence_id"]})
