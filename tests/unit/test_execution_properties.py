"""
Properties of execution: the receipt reader's fast path, quorums, tolerance, the lifecycle.

Spec: spec/execution.md. Each test names the clauses it checks.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from ain_ref.errors import Rejection
from ain_ref.jobs.execution import lifecycle
from ain_ref.jobs.execution.evidence import CONFLICTING_ATTESTATION
from ain_ref.jobs.execution.lifecycle import Commit, Conflict, Request, Reveal, Settle, Task
from ain_ref.jobs.execution.model import ResourcesUsed
from ain_ref.jobs.execution.payment import InMemoryPaymentPort, split_payment
from ain_ref.jobs.execution.quorum import QuorumTerms, Vote, decide_quorum
from ain_ref.jobs.execution.receipt import (
    read_receipt,
    read_receipt_plain,
)
from ain_ref.jobs.execution.receipt_layout import read_receipt_layout
from ain_ref.jobs.execution.tolerance import agrees
from ain_ref.jobs.model import Tolerance
from tests.fillers.execution.common import (
    CHAIN_ID,
    EXECUTOR,
    INPUT_HASH,
    JOB_ID,
    OUTPUT_A,
    OUTPUT_B,
    OUTPUT_C,
    PROVIDERS,
    RUNTIME_DIGEST,
    TASK_ID,
    commitment_of,
    receipt_for,
    salt_of,
    signed,
)

U64 = st.one_of(
    st.sampled_from([0, 23, 24, 255, 256, 65535, 65536, 2**32 - 1, 2**32, 2**64 - 1]),
    st.integers(0, 2**64 - 1),
)
OUTSIDERS = [bytes([0xF0 + index]) * 32 for index in range(3)]
OUTPUTS = [OUTPUT_A, OUTPUT_B, OUTPUT_C]


@st.composite
def signed_receipts(draw: st.DrawFn) -> bytes:
    """A signed receipt with random integers and hashes."""
    receipt = receipt_for(
        draw(st.sampled_from(PROVIDERS)),
        draw(st.binary(min_size=32, max_size=32)),
        resources=ResourcesUsed(draw(U64), draw(U64), draw(U64)),
        start_ms=draw(U64),
        end_ms=draw(U64),
        task_id=draw(st.binary(min_size=32, max_size=32)),
    )
    return signed(receipt)


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """The bytes with one byte changed, removed or added, or cut short."""
    position = draw(st.integers(0, len(data) - 1))
    kind = draw(st.sampled_from(["flip", "drop", "insert", "cut"]))
    if kind == "flip":
        return (
            data[:position]
            + bytes([data[position] ^ draw(st.integers(1, 255))])
            + data[position + 1 :]
        )
    if kind == "drop":
        return data[:position] + data[position + 1 :]
    if kind == "insert":
        return data[:position] + bytes([draw(st.integers(0, 255))]) + data[position:]
    return data[:position]


@given(data=st.data())
def test_layout_reader_equals_the_strict_decoder(data: st.DataObject) -> None:
    """[AIN-EXEC-RECEIPT-LAYOUT.1] The layout accepts exactly what the plain reader accepts."""
    receipt = data.draw(signed_receipts())
    for candidate in (receipt, data.draw(damaged(receipt))):
        fast, plain = read_receipt_layout(candidate), read_receipt_plain(candidate)
        if isinstance(plain, Rejection):
            assert fast is None
            assert read_receipt(candidate) == plain
        else:
            assert fast == plain


def plain_relative(bound: int, anchor: tuple[int, ...], candidate: tuple[int, ...]) -> bool:
    """The relative-error rule with fractions: |c - a| / |a| <= bound / 10**6 (a = 0: c = 0)."""
    if len(anchor) != len(candidate):
        return False
    for reference, other in zip(anchor, candidate, strict=True):
        if reference == 0:
            if other != 0:
                return False
        elif Fraction(abs(other - reference), abs(reference)) > Fraction(bound, 10**6):
            return False
    return True


def plain_tokens(bound: int, anchor: tuple[int, ...], candidate: tuple[int, ...]) -> bool:
    """The token rule with fractions: equal / longer length >= bound / 10**4 (empty: agree)."""
    longest = max(len(anchor), len(candidate))
    if longest == 0:
        return True
    equal = [a == c for a, c in zip(anchor, candidate, strict=False)].count(True)
    return Fraction(equal, longest) >= Fraction(bound, 10**4)


ITEMS = st.lists(st.integers(-50, 50), max_size=4).map(tuple)


@given(bound=st.integers(0, 10**6), anchor=ITEMS, candidate=ITEMS)
def test_relative_error_equals_its_fraction_twin(
    bound: int, anchor: tuple[int, ...], candidate: tuple[int, ...]
) -> None:
    """[AIN-EXEC-TOLERANCE-RELATIVE.1] The integer rule is the fraction rule."""
    tolerance = Tolerance("max_relative_error_ppm", bound)
    assert agrees(tolerance, anchor, candidate) == plain_relative(bound, anchor, candidate)


@given(bound=st.integers(0, 10**4), anchor=ITEMS, candidate=ITEMS)
def test_token_agreement_equals_its_fraction_twin(
    bound: int, anchor: tuple[int, ...], candidate: tuple[int, ...]
) -> None:
    """[AIN-EXEC-TOLERANCE-TOKENS.1] The integer rule is the fraction rule."""
    tolerance = Tolerance("min_token_agreement_bps", bound)
    assert agrees(tolerance, anchor, candidate) == plain_tokens(bound, anchor, candidate)


@given(amount=st.integers(0, 10**15), count=st.integers(1, 31))
def test_split_pays_out_exactly(amount: int, count: int) -> None:
    """[AIN-EXEC-PAYMENT-SPLIT.1] The shares sum to the escrow and differ by the remainder."""
    shares = split_payment(amount, count)
    assert sum(shares) == amount and len(shares) == count
    assert shares[0] - shares[-1] == amount % count and len(set(shares[1:])) <= 1


@st.composite
def quorum_cases(draw: st.DrawFn, determinism: str) -> tuple[QuorumTerms, list[Vote]]:
    """Terms with n < 2k <= 2n, and votes by assigned providers and outsiders."""
    count = 1 if determinism == "tee_only" else draw(st.integers(1, 7))
    quorum = 1 if determinism == "tee_only" else draw(st.integers(count // 2 + 1, count))
    providers = tuple(PROVIDERS[:count])
    tolerance = Tolerance("max_relative_error_ppm", draw(st.sampled_from([0, 100_000, 500_000])))
    voters = st.sampled_from([*providers, *OUTSIDERS])
    votes = []
    for _ in range(draw(st.integers(0, 12))):
        provider = draw(voters)
        items = (draw(st.sampled_from([90, 100, 109, 120, 200])),)
        output = (
            {90: OUTPUT_A, 100: OUTPUT_B}.get(items[0], OUTPUT_C)
            if determinism != "tolerance"
            else bytes([items[0]]) * 32
        )
        verdict = draw(st.sampled_from(["attested", "measurement_mismatch", "unverified"]))
        votes.append(Vote(provider, output, items if determinism == "tolerance" else None, verdict))
    terms = QuorumTerms(
        providers, quorum, determinism, tolerance if determinism == "tolerance" else None
    )
    return terms, votes


def counted_votes(terms: QuorumTerms, votes: list[Vote]) -> dict[bytes, Vote]:
    """Plain: each assigned provider's first vote, unless it voted for two outputs."""
    outputs: dict[bytes, set[bytes]] = {}
    for vote in votes:
        outputs.setdefault(vote.provider, set()).add(vote.output_hash)
    first: dict[bytes, Vote] = {}
    for vote in votes:
        if vote.provider in terms.providers and len(outputs[vote.provider]) == 1:
            first.setdefault(vote.provider, vote)
    return first


@given(case=quorum_cases("exact"))
def test_exact_no_two_outputs_reach_quorum(case: tuple[QuorumTerms, list[Vote]]) -> None:
    """[AIN-EXEC-QUORUM-EXACT.1] At most one hash has k counted providers; it is the outcome."""
    terms, votes = case
    counted = counted_votes(terms, votes)
    reaching = [
        output
        for output in OUTPUTS
        if sum(1 for vote in counted.values() if vote.output_hash == output) >= terms.quorum
    ]
    assert len(reaching) <= 1
    outcome = decide_quorum(terms, votes)
    assert outcome.output_hash == (reaching[0] if reaching else None)
    assert set(outcome.supporters) <= set(terms.providers) - set(outcome.equivocators)


@given(case=quorum_cases("tolerance"), seed=st.integers(0, 2**32))
def test_tolerance_settles_one_output_whatever_the_order(
    case: tuple[QuorumTerms, list[Vote]], seed: int
) -> None:
    """[AIN-EXEC-QUORUM-TOLERANCE.1] Two k-sets of agreement overlap; one outcome in any order."""
    terms, votes = case
    assert terms.tolerance is not None
    counted = list(counted_votes(terms, votes).values())
    agreeing_sets = [
        {
            vote.provider
            for vote in counted
            if vote.output is not None
            and anchor.output is not None
            and agrees(terms.tolerance, anchor.output, vote.output)
        }
        for anchor in counted
    ]
    quorums = [agreeing for agreeing in agreeing_sets if len(agreeing) >= terms.quorum]
    for one, other in itertools.combinations(quorums, 2):
        assert one & other
    outcome = decide_quorum(terms, votes)
    assert (outcome.output_hash is not None) == bool(quorums)
    per_provider: dict[bytes, list[Vote]] = {}
    for vote in votes:
        per_provider.setdefault(vote.provider, []).append(vote)
    groups = list(per_provider.values())
    random.Random(seed).shuffle(groups)
    reordered = [vote for group in groups for vote in group]
    assert decide_quorum(terms, reordered) == outcome
    assert len(outcome.supporters) >= terms.quorum or outcome.output_hash is None


@given(case=quorum_cases("tee_only"))
def test_tee_only_settles_on_the_first_attested_vote(case: tuple[QuorumTerms, list[Vote]]) -> None:
    """[AIN-EXEC-QUORUM-TEE.1] One output at most, and only an attested one."""
    terms, votes = case
    counted = counted_votes(terms, votes)
    attested = [vote for vote in counted.values() if vote.tee_verdict == "attested"]
    outcome = decide_quorum(terms, votes)
    assert outcome.output_hash == (attested[0].output_hash if attested else None)


@given(
    case=st.sampled_from(["exact", "tolerance", "tee_only"]).flatmap(quorum_cases),
    extra=st.integers(0, 3),
)
def test_an_ineligible_provider_never_counts(
    case: tuple[QuorumTerms, list[Vote]], extra: int
) -> None:
    """[AIN-EXEC-QUORUM.1] Outsiders' votes change nothing but the ignored list."""
    terms, votes = case
    inside = [vote for vote in votes if vote.provider in terms.providers]
    outsiders = [vote for vote in votes if vote.provider not in terms.providers] + [
        Vote(OUTSIDERS[0], OUTPUT_A, (100,) if terms.tolerance else None, "attested")
    ] * extra
    with_outsiders = decide_quorum(terms, inside + outsiders)
    without = decide_quorum(terms, inside)
    assert with_outsiders.output_hash == without.output_hash
    assert with_outsiders.supporters == without.supporters
    assert not set(with_outsiders.supporters) & set(OUTSIDERS)


@given(case=st.sampled_from(["exact", "tolerance", "tee_only"]).flatmap(quorum_cases))
def test_ignored_lists_outsiders_and_tee_only_non_supporters(
    case: tuple[QuorumTerms, list[Vote]],
) -> None:
    """
    [AIN-EXEC-QUORUM-IGNORED.1] The plain twin: outsiders always; counted non-supporters only
    in tee_only; the three lists never share a provider.
    """
    terms, votes = case
    outcome = decide_quorum(terms, votes)
    expected = {vote.provider for vote in votes if vote.provider not in terms.providers}
    if terms.determinism == "tee_only":
        expected |= set(counted_votes(terms, votes)) - set(outcome.supporters)
    assert list(outcome.ignored) == sorted(expected)
    lists = (outcome.supporters, outcome.equivocators, outcome.ignored)
    assert sum(len(names) for names in lists) == len(set().union(*lists))


BEHAVIOURS = ("honest", "silent", "late", "lazy", "cheat", "dissent", "absent")
"""
How a provider acts in a random lifecycle: honest (commits and reveals output A in time);
silent (commits, never reveals); late (commits, reveals after the deadline); lazy (never
commits); cheat (commits to A and signs a receipt for B too, which is reported); dissent
(commits to and reveals B in time: wrong, but not an offence); absent (does nothing).
"""


@st.composite
def lifecycles(draw: st.DrawFn) -> tuple[int, list[str], list[tuple[int, lifecycle.Step]], int]:
    """A task of n providers, each with a behaviour, as a time-ordered list of steps."""
    count = draw(st.integers(1, 5))
    quorum = draw(st.integers(count // 2 + 1, count))
    behaviours = [draw(st.sampled_from(BEHAVIOURS)) for _ in range(count)]
    providers = PROVIDERS[:count]
    request = Request(
        TASK_ID,
        EXECUTOR,
        JOB_ID,
        INPUT_HASH,
        RUNTIME_DIGEST,
        QuorumTerms(tuple(providers), quorum, "exact", None),
        draw(st.integers(0, 1_000)),
        100,
        200,
    )
    steps: list[tuple[int, lifecycle.Step]] = [(0, request)]
    for provider, behaviour in zip(providers, behaviours, strict=True):
        output = OUTPUT_B if behaviour == "dissent" else OUTPUT_A
        if behaviour in ("absent", "lazy"):
            continue
        steps.append(
            (draw(st.integers(1, 99)), Commit(TASK_ID, provider, commitment_of(provider, output)))
        )
        reveal = Reveal(
            TASK_ID, signed(receipt_for(provider, output)), salt_of(provider), None, "none"
        )
        if behaviour in ("honest", "dissent", "cheat"):
            steps.append((draw(st.integers(100, 199)), reveal))
        if behaviour == "late":
            steps.append((draw(st.integers(200, 260)), reveal))
        if behaviour == "cheat":
            steps.append(
                (
                    draw(st.integers(1, 260)),
                    Conflict(
                        signed(receipt_for(provider, OUTPUT_A)),
                        signed(receipt_for(provider, OUTPUT_B)),
                    ),
                )
            )
    for _ in range(draw(st.integers(0, 3))):
        steps.append((draw(st.integers(1, 300)), Settle(TASK_ID)))
    steps.sort(key=lambda timed: timed[0])
    return quorum, behaviours, steps, request.price


@given(case=lifecycles())
def test_lifecycle_invariants(
    case: tuple[int, list[str], list[tuple[int, lifecycle.Step]], int],
) -> None:
    """
    [AIN-EXEC-LIFECYCLE.1], [AIN-EXEC-SETTLE.1], [AIN-EXEC-EVIDENCE-MISSED.1]: a task settles
    at most once; payment only with a quorum of counted providers; the escrow always leaves at
    a final status; tokens are conserved; no honest provider is ever reported.
    """
    quorum, behaviours, steps, price = case
    providers = PROVIDERS[: len(behaviours)]
    port = InMemoryPaymentPort(balances={EXECUTOR: 1_000})
    tasks: dict[bytes, Task] = {}
    final_statuses = []
    for time, step in steps:
        before = tasks.get(TASK_ID)
        outcome = lifecycle.apply_step(tasks, step, time, CHAIN_ID, port)
        if isinstance(outcome, Rejection):
            assert tasks.get(TASK_ID) == before
            continue
        if before is not None and before.status != lifecycle.OPEN:
            assert outcome == before  # a closed task never changes
        tasks[TASK_ID] = outcome
        if outcome.status != lifecycle.OPEN and (before is None or before.status == lifecycle.OPEN):
            final_statuses.append(outcome.status)
    assert len(final_statuses) <= 1
    task = tasks[TASK_ID]
    total = sum(port.balances.values()) + sum(amount for _, amount in port.escrows.values())
    assert total == 1_000
    if task.status == lifecycle.OPEN:
        assert port.escrows[TASK_ID] == (EXECUTOR, price)
        return
    assert TASK_ID not in port.escrows
    paid = {key for key in providers if port.balances.get(key, 0) > 0}
    if task.status == lifecycle.SETTLED:
        supporters = [
            key
            for key in providers
            if any(
                vote.provider == key and vote.output_hash == task.output_hash for vote in task.votes
            )
            and key not in task.equivocators
        ]
        assert len(supporters) >= quorum and paid <= set(supporters)
    else:
        assert not paid and port.balances[EXECUTOR] == 1_000
    reported = {offence.provider for offence in port.offences}
    for provider, behaviour in zip(providers, behaviours, strict=True):
        if behaviour in ("honest", "dissent", "absent", "lazy"):
            assert provider not in reported
        if behaviour == "cheat":  # its conflict report always finds the task
            assert any(
                o.provider == provider and o.offence_type == CONFLICTING_ATTESTATION
                for o in port.offences
            )
