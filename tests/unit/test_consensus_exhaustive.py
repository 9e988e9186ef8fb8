"""
Exhaustive check at small scope: every DAG of the scope, every view an honest node can hold.

Scope: n = 4 equal stakes; validator 0 is Byzantine and equivocates as wave 0's leader (two
round-0 events A and B); validators 1, 2, 3 are honest; two waves (rounds 0 to 5).

Reduction (named): *parent-subset choices with symmetry between validators*. A DAG of the scope
is fixed by each honest validator's choice of parents at round 1 (its own event, then any set
of the others' round-0 events, forks included, covering two other authors: 10 choices) and at
round 2 (its own, then any set of the others' round-1 events covering two other authors: 4
choices); validator 0's later events name every event of the round before, and rounds 3 to 5
are full. Message orders are not enumerated: a node's decisions depend only on the events it
holds, and the events an honest node can hold are the downward-closed sets of the DAG; at
round 2 these are the closures of the subsets of the round-2 events (the node's view before
round 3), and after round 5 the whole DAG. Validators 2 and 3 lead no wave, so swapping them
maps DAGs to DAGs with the same decisions: only choice pairs with 2's choice <= 3's are
explored. Every view must give decisions, commits and slots that are prefixes of one another.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterator

import pytest

from ain_ref.consensus.committee import Committee, build_committee
from ain_ref.consensus.dag import Dag
from ain_ref.consensus.linearise import Committer
from ain_ref.consensus.simulator import is_prefix_chain
from ain_ref.events import Event

KEYS = tuple(bytes([index + 1]) * 32 for index in range(4))
COMMITTEE = build_committee(0, [(key, 1) for key in KEYS])
assert isinstance(COMMITTEE, Committee)
HONEST = (1, 2, 3)


def make(author: int, round_number: int, parents: list[Event], tag: str = "") -> Event:
    """An unsigned event (the commit rule never reads signatures); its digest names its shape."""
    material = repr((author, round_number, tag, [parent.digest for parent in parents]))
    return Event(
        chain_id=0,
        epoch=0,
        round=round_number,
        author=KEYS[author],
        parents=tuple(parent.ref() for parent in parents),
        timestamp=0,
        transactions=(),
        evidence=(),
        digest=hashlib.sha256(material.encode()).digest(),
        signature=b"",
        signed_bytes=b"",
    )


def others_choices(own: Event, candidates: list[Event]) -> list[list[Event]]:
    """Parent lists: own first, then a subset of candidates covering two other authors."""
    choices = []
    for size in range(1, len(candidates) + 1):
        for subset in itertools.combinations(candidates, size):
            if len({event.author for event in subset}) >= 2:
                ordered = sorted(subset, key=lambda e: (KEYS.index(e.author), e.digest))
                choices.append([own, *ordered])
    return choices


ROUND_ZERO = {index: make(index, 0, []) for index in HONEST}
FORK_A, FORK_B = make(0, 0, [], "A"), make(0, 0, [], "B")
ROUND_ONE_CHOICES = {
    index: others_choices(
        ROUND_ZERO[index],
        [FORK_A, FORK_B, *(ROUND_ZERO[other] for other in HONEST if other != index)],
    )
    for index in HONEST
}
BYZANTINE_ONE = make(0, 1, [FORK_A, *ROUND_ZERO.values()])


def round_two_choices(index: int, round_one: dict[int, Event]) -> list[list[Event]]:
    """Validator ``index``'s round-2 parent lists, given the round-1 events."""
    candidates = [BYZANTINE_ONE, *(round_one[other] for other in HONEST if other != index)]
    return others_choices(round_one[index], candidates)


def full_round(round_number: int, below: dict[int, Event]) -> dict[int, Event]:
    """Every validator names every event of the round before (own first)."""
    layer = {}
    for index in range(4):
        own = below[index]
        layer[index] = make(
            index, round_number, [own, *(e for i, e in below.items() if i != index)]
        )
    return layer


def decisions_of(events: list[Event]) -> tuple[list[object], list[object], list[object]]:
    """Decide on a view: decisions, committed sub-DAGs (digests), committed slots in order."""
    dag = Dag(COMMITTEE, 0)
    for event in sorted(events, key=lambda e: e.round):
        dag.insert(event)
    committer = Committer(dag)
    committer.try_commit()
    decided = [
        (d.wave, d.kind, None if d.leader is None else d.leader.digest) for d in committer.decisions
    ]
    committed = [tuple(e.digest for e in sub_dag.events) for sub_dag in committer.committed]
    slots = [(e.round, e.author) for sub_dag in committer.committed for e in sub_dag.events]
    return decided, committed, slots


def closure(tops: list[Event], everything: dict[bytes, Event]) -> list[Event]:
    """The downward-closed set of events below (and including) some events."""
    held: dict[bytes, Event] = {}
    stack = list(tops)
    while stack:
        event = stack.pop()
        if event.digest in held:
            continue
        held[event.digest] = event
        stack.extend(everything[p.digest] for p in event.parents if p.digest in everything)
    return list(held.values())


def scope_dags(round_two_varies: frozenset[int]) -> Iterator[list[Event]]:
    """Every DAG of the scope, validators 2 and 3 taken up to swapping."""
    per_validator = {index: list(range(len(ROUND_ONE_CHOICES[index]))) for index in HONEST}
    for first, second, third in itertools.product(*(per_validator[i] for i in HONEST)):
        round_one = {
            index: make(index, 1, ROUND_ONE_CHOICES[index][choice])
            for index, choice in zip(HONEST, (first, second, third), strict=True)
        }
        round_one[0] = BYZANTINE_ONE
        options = {index: round_two_choices(index, round_one) for index in HONEST}
        options = {
            index: options[index] if index in round_two_varies else options[index][-1:]
            for index in HONEST
        }
        for picks in itertools.product(*(range(len(options[i])) for i in HONEST)):
            if (second, picks[1]) > (third, picks[2]):
                continue  # symmetry: validators 2 and 3 swapped
            round_two = {
                index: make(index, 2, options[index][pick])
                for index, pick in zip(HONEST, picks, strict=True)
            }
            round_two[0] = make(0, 2, [BYZANTINE_ONE, *(round_one[i] for i in HONEST)])
            round_three = full_round(3, round_two)
            round_four = full_round(4, round_three)
            round_five = full_round(5, round_four)
            yield [
                FORK_A,
                FORK_B,
                *ROUND_ZERO.values(),
                *round_one.values(),
                *round_two.values(),
                *round_three.values(),
                *round_four.values(),
                *round_five.values(),
            ]


def explore(round_two_varies: frozenset[int]) -> tuple[int, int]:
    """Check every DAG and view of the scope; return (DAGs, views) explored."""
    dags = views = 0
    for events in scope_dags(round_two_varies):
        dags += 1
        everything = {event.digest: event for event in events}
        round_two = [event for event in events if event.round == 2 and event.author != KEYS[0]]
        results = [decisions_of(events)]
        for size in range(1, len(round_two) + 1):
            for tops in itertools.combinations(round_two, size):
                results.append(decisions_of(closure(list(tops), everything)))
        views += len(results)
        for part in range(3):
            if not is_prefix_chain([list(result[part]) for result in results]):
                raise DisagreementError(dags)
        slots = results[0][2]
        assert len(slots) == len(set(slots))
    return dags, views


class DisagreementError(AssertionError):
    """Two views of one DAG decided differently."""


def test_exhaustive_agreement_n4_one_equivocator() -> None:
    """
    [AIN-CONS-DIRECT.1] [AIN-CONS-INDIRECT.1] [AIN-CONS-SLOT-ONCE.1] Lemmas 4 and 5 at small
    scope: every round-1 parent choice of the three honest validators around an equivocating
    leader, and every round-2 parent choice of validator 1 (the next leader); validators 2
    and 3 name all of round 1 at round 2; every view agrees.
    """
    dags, views = explore(round_two_varies=frozenset({1}))
    print(f"exhaustive (CI scope): {dags} DAGs, {views} views, all agree")
    assert dags == 10 * 4 * (10 * 11 // 2)  # validator 1: 10 x 4; 2 and 3: unordered pairs


def test_exhaustive_check_finds_the_f_plus_one_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """
    Negative control of the exhaustive check: certificates and commits counted at validity
    stake (f + 1, Bullshark's rule) on this uncertified DAG let two views decide differently.
    """
    from ain_ref.consensus.committee import validity_threshold

    def weak_quorum(self: Committee, authors: object) -> bool:
        return self.stake_of(authors) >= validity_threshold(self.total_stake)  # type: ignore[arg-type]

    monkeypatch.setattr(Committee, "is_quorum", weak_quorum)
    with pytest.raises(DisagreementError):
        explore(round_two_varies=frozenset({1}))


@pytest.mark.slow
def test_exhaustive_agreement_with_decision_round_choices() -> None:
    """
    [AIN-CONS-DIRECT.1] [AIN-CONS-INDIRECT.1] The full scope: round-1 and round-2 parent
    choices of every honest validator (validators 2 and 3 up to swapping).
    """
    dags, views = explore(round_two_varies=frozenset(HONEST))
    print(f"exhaustive (deep scope): {dags} DAGs, {views} views, all agree")
    assert dags > 0
