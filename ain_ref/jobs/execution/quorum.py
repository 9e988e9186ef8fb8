"""
Quorums: which output, if any, k of the n assigned providers settle a task on.

Spec: spec/execution.md, "Quorum" ([AIN-EXEC-QUORUM-THRESHOLD.1], [AIN-EXEC-QUORUM.1],
[AIN-EXEC-QUORUM-EXACT.1], [AIN-EXEC-QUORUM-TOLERANCE.1], [AIN-EXEC-QUORUM-TEE.1]).
Layer: jobs. Imports errors, jobs.model, jobs.execution.tolerance.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import attrs

from ain_ref.errors import ErrorCode, Rejection
from ain_ref.jobs.execution.tolerance import agrees, check_tolerance
from ain_ref.jobs.model import DETERMINISM_CLASSES, Tolerance

MAX_PROVIDERS: Final = 31
TEE_VERDICTS: Final = ("attested", "measurement_mismatch", "unverified", "none")
"""A vote's TEE verdict, given by the TEE profile (spec/tee.md) or ``none`` without one."""


@attrs.frozen
class QuorumTerms:
    """The assigned providers, the quorum and the job's determinism class."""

    providers: tuple[bytes, ...]  # public keys, sorted, distinct
    quorum: int
    determinism: str
    tolerance: Tolerance | None


@attrs.frozen
class Vote:
    """One revealed, verified receipt as the quorum sees it, in chain order."""

    provider: bytes
    output_hash: bytes
    output: tuple[int, ...] | None  # the revealed integers of a tolerance output
    tee_verdict: str


@attrs.frozen
class QuorumOutcome:
    """The settled output and who carried it, or no quorum (``output_hash`` None)."""

    output_hash: bytes | None
    supporters: tuple[bytes, ...]  # sorted
    equivocators: tuple[bytes, ...]  # sorted: signed two outputs; never a vote
    ignored: tuple[bytes, ...]  # sorted: ineligible, or not attested in a tee_only task


def check_quorum_terms(terms: QuorumTerms) -> Rejection | None:
    """
    Whether n providers and a quorum k can settle without two conflicting quorums.

    Returns
    -------
    Rejection | None
        None when 1 <= n <= 31, the keys are 32 bytes, sorted and distinct, n < 2k, k <= n and
        (tee_only) k == 1; else EXEC_QUORUM_BAD_THRESHOLD; then the tolerance's own check.

    References
    ----------
    [AIN-EXEC-QUORUM-THRESHOLD.1], [AIN-EXEC-TOLERANCE.1]
    """
    count, quorum = len(terms.providers), terms.quorum
    # [AIN-EXEC-QUORUM-THRESHOLD.1] The set, then the threshold, then the class.
    if not 1 <= count <= MAX_PROVIDERS or any(len(key) != 32 for key in terms.providers):
        return Rejection(ErrorCode.EXEC_QUORUM_BAD_THRESHOLD, f"{count} providers")
    if list(terms.providers) != sorted(set(terms.providers)):
        return Rejection(ErrorCode.EXEC_QUORUM_BAD_THRESHOLD, "providers not sorted and distinct")
    if type(quorum) is not int or not count < 2 * quorum or quorum > count:
        return Rejection(ErrorCode.EXEC_QUORUM_BAD_THRESHOLD, f"k={quorum!r}, n={count}")
    if terms.determinism not in DETERMINISM_CLASSES:
        return Rejection(ErrorCode.EXEC_QUORUM_BAD_THRESHOLD, f"class {terms.determinism!r}")
    if terms.determinism == "tee_only" and quorum != 1:
        return Rejection(ErrorCode.EXEC_QUORUM_BAD_THRESHOLD, "tee_only needs k = 1")
    return check_tolerance(terms.determinism, terms.tolerance)


def find_equivocators(votes: Sequence[Vote]) -> frozenset[bytes]:
    """Providers with votes for two different output hashes [AIN-EXEC-QUORUM.1]."""
    first_hash: dict[bytes, bytes] = {}
    equivocators: set[bytes] = set()
    for vote in votes:
        seen = first_hash.setdefault(vote.provider, vote.output_hash)
        if seen != vote.output_hash:
            equivocators.add(vote.provider)
    return frozenset(equivocators)


def decide_quorum(terms: QuorumTerms, votes: Sequence[Vote]) -> QuorumOutcome:
    """
    The output a task settles on, by its determinism class.

    Parameters
    ----------
    terms : QuorumTerms
        Terms that passed ``check_quorum_terms``.
    votes : Sequence[Vote]
        Verified reveals in chain order.

    Returns
    -------
    QuorumOutcome
        At most one output: the exact class's output with k distinct providers, the tolerance
        class's anchor with k agreeing providers, or the tee_only class's first attested run.

    References
    ----------
    [AIN-EXEC-QUORUM.1] Ineligible votes and equivocators never count; one vote per provider.
    [AIN-EXEC-QUORUM-IGNORED.1] Ignored: providers not assigned, and in the tee_only class the
    counted providers that do not settle; in the other classes a non-supporter is in no list.
    """
    # [AIN-EXEC-QUORUM.1] 1. ineligible providers' votes are ignored.
    eligible = frozenset(terms.providers)
    ignored = {vote.provider for vote in votes if vote.provider not in eligible}
    in_set = [vote for vote in votes if vote.provider in eligible]
    # 2. an assigned provider with two outputs is evidence, never a vote.
    equivocators = find_equivocators(in_set)
    # 3. each remaining provider counts once: its first vote.
    counted: dict[bytes, Vote] = {}
    for vote in in_set:
        if vote.provider not in equivocators:
            counted.setdefault(vote.provider, vote)
    ballots = list(counted.values())
    if terms.determinism == "exact":
        winner, supporters = decide_exact(terms.quorum, ballots)
    elif terms.determinism == "tolerance":
        assert terms.tolerance is not None
        winner, supporters = decide_tolerance(terms.quorum, terms.tolerance, ballots)
    else:
        winner, supporters = decide_tee_only(ballots)
        # [AIN-EXEC-QUORUM-IGNORED.1] tee_only alone ignores the counted non-supporters.
        ignored |= {vote.provider for vote in ballots if vote.provider not in supporters}
    return QuorumOutcome(
        output_hash=winner,
        supporters=tuple(sorted(supporters)),
        equivocators=tuple(sorted(equivocators)),
        ignored=tuple(sorted(ignored)),
    )


def decide_exact(quorum: int, ballots: Sequence[Vote]) -> tuple[bytes | None, frozenset[bytes]]:
    """
    The output hash at least ``quorum`` providers revealed, if any.

    References
    ----------
    [AIN-EXEC-QUORUM-EXACT.1] Agreement is equality of output hashes; with n < 2k at most one
    hash can have k distinct providers.
    """
    supporters_by_hash: dict[bytes, set[bytes]] = {}
    for ballot in ballots:
        supporters_by_hash.setdefault(ballot.output_hash, set()).add(ballot.provider)
    for output, supporters in sorted(supporters_by_hash.items()):
        if len(supporters) >= quorum:
            return output, frozenset(supporters)
    return None, frozenset()


def decide_tolerance(
    quorum: int, tolerance: Tolerance, ballots: Sequence[Vote]
) -> tuple[bytes | None, frozenset[bytes]]:
    """
    The anchor output and the providers that agree with it, if they are at least ``quorum``.

    References
    ----------
    [AIN-EXEC-QUORUM-TOLERANCE.1] The anchor is the revealed output with the most agreeing
    providers (itself included), ties to the smallest output hash; agreement is measured
    against the anchor alone, since the comparison is not transitive.
    """
    best: tuple[int, bytes, frozenset[bytes]] | None = None
    for anchor in ballots:
        assert anchor.output is not None
        agreeing = frozenset(
            ballot.provider
            for ballot in ballots
            if ballot.output is not None and agrees(tolerance, anchor.output, ballot.output)
        )
        candidate = (-len(agreeing), anchor.output_hash, agreeing)
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    if best is None or -best[0] < quorum:
        return None, frozenset()
    return best[1], best[2]


def decide_tee_only(ballots: Sequence[Vote]) -> tuple[bytes | None, frozenset[bytes]]:
    """
    The first attested run settles; every later one is ignored.

    References
    ----------
    [AIN-EXEC-QUORUM-TEE.1] Only a vote whose TEE verdict is ``attested`` counts (k = 1);
    ``ballots`` are the counted votes, each provider's first, so a provider whose first vote
    is not attested never settles.
    """
    for ballot in ballots:
        if ballot.tee_verdict == "attested":
            return ballot.output_hash, frozenset({ballot.provider})
    return None, frozenset()
