"""Fillers for the economy's arithmetic and voucher signatures, at their one-unit edges."""

from __future__ import annotations

from ain_ref.crypto import DomainTag, signing_digest
from ain_ref.economy.payments import Voucher, voucher_bytes
from ain_ref.ed25519 import sign_plain
from ain_ref.encoding import encode
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.economy.common import EXECUTOR, STRANGER

U64_MAX = 2**64 - 1


@clauses("AIN-ECON-SPLIT.1", "AIN-ECON-PRODUCT.1")
def test_split_basis_points_edges(fill: Filler) -> None:
    """
    Splits floor every part and give the remainder to the first recipient.

    Given
    -----
    - amounts 0, 1, 3, 10,001 and 2**64 - 1; shares (5,000, 5,000), (3,333, 3,333, 3,334),
      (0, 10,000) and (10,000).

    When
    ----
    - each amount is split.

    Then
    ----
    - the parts are the floors with the remainder on part 0, and always sum to the amount
      (2**64 - 1 * 3,334 is computed exactly, above 2**64).
    """
    cases = {
        "zero": (0, [5_000, 5_000], [0, 0]),
        "one_unit_half": (1, [5_000, 5_000], [1, 0]),
        "one_unit_to_zero_share_first": (1, [0, 10_000], [0, 1]),
        "three_thirds": (3, [3_333, 3_333, 3_334], [2, 0, 1]),
        "odd_thirds": (10_001, [3_333, 3_333, 3_334], [3_334, 3_333, 3_334]),
        "whole": (7, [10_000], [7]),
        "u64_max": (
            U64_MAX,
            [3_333, 3_333, 3_334],
            [
                U64_MAX - U64_MAX * 3_333 // 10_000 - U64_MAX * 3_334 // 10_000,
                U64_MAX * 3_333 // 10_000,
                U64_MAX * 3_334 // 10_000,
            ],
        ),
    }
    for case, (amount, shares, parts) in cases.items():
        assert sum(parts) == amount
        fill(
            "economy",
            "split_basis_points",
            {"amount": str(amount), "shares_bps": [str(share) for share in shares]},
            output={"parts": [str(part) for part in parts]},
            case=case,
        )


@clauses("AIN-ECON-SPLIT.1", "AIN-ECON-AMOUNT.1")
def test_split_basis_points_refusals(fill: Filler) -> None:
    """
    Shares must be non-empty, each at most 10,000, and sum to exactly 10,000; amounts in range.

    Given
    -----
    - shares summing to 9,999 and 10,001; no shares; a share of 10,001 with a -1; amount 2**64.

    When
    ----
    - each is split.

    Then
    ----
    - ECON_SPLIT_INVALID, except the amount 2**64: ECON_AMOUNT_OUT_OF_RANGE (checked first).
    """
    cases = {
        "sum_9999": ("100", ["5000", "4999"], ErrorCode.ECON_SPLIT_INVALID),
        "sum_10001": ("100", ["5000", "5001"], ErrorCode.ECON_SPLIT_INVALID),
        "empty": ("100", [], ErrorCode.ECON_SPLIT_INVALID),
        "negative_share": ("100", ["10001", "-1"], ErrorCode.ECON_SPLIT_INVALID),
        "amount_2_64": (str(2**64), ["5000", "4999"], ErrorCode.ECON_AMOUNT_OUT_OF_RANGE),
    }
    for case, (amount, shares, code) in cases.items():
        fill(
            "economy",
            "split_basis_points",
            {"amount": amount, "shares_bps": shares},
            rejection=code,
            case=case,
        )


@clauses("AIN-ECON-REWARD-SPLIT.2", "AIN-ECON-PRODUCT.1")
def test_split_by_weight_edges(fill: Filler) -> None:
    """
    Weighted splits floor every part; the remainder returns to the pool.

    Given
    -----
    - pools and weights at the edges: no weight, one unit over three equal weights, 2**64 - 1
      over weights whose product with it exceeds 2**64.

    When
    ----
    - each pool is split.

    Then
    ----
    - parts and remainder as listed; parts + remainder = pool.
    """
    cases = {
        "no_weight": ("100", ["0", "0"], ["0", "0"], "100"),
        "no_recipients": ("100", [], [], "100"),
        "one_unit_three_ways": ("1", ["1", "1", "1"], ["0", "0", "0"], "1"),
        "exact": ("10", ["1", "4"], ["2", "8"], "0"),
        "u64_products": (
            str(U64_MAX),
            ["3", "3", "1"],
            [str(U64_MAX * 3 // 7), str(U64_MAX * 3 // 7), str(U64_MAX // 7)],
            str(U64_MAX - 2 * (U64_MAX * 3 // 7) - U64_MAX // 7),
        ),
    }
    for case, (pool, weights, parts, remainder) in cases.items():
        fill(
            "economy",
            "split_by_weight",
            {"pool": pool, "weights": weights},
            output={"parts": parts, "remainder": remainder},
            case=case,
        )
    fill(
        "economy",
        "split_by_weight",
        {"pool": "10", "weights": [str(U64_MAX), "1"]},
        rejection=ErrorCode.ECON_AMOUNT_OUT_OF_RANGE,
        case="total_weight_past_u64",
    )


@clauses("AIN-ECON-SLASH-AMOUNT.1", "AIN-ECON-SLASH-RECEIVERS.1", "AIN-ECON-SLASH-TABLE.2")
def test_slash_amount_edges(fill: Filler) -> None:
    """
    A slash never rounds a real offence to zero and never passes the deposit.

    Given
    -----
    - deposits 0, 1, 99, 100, 10,000 and 2**64 - 1.

    When
    ----
    - the deadline_missed (1%), equivocation (50%) and conflicting_attestation (100%) rows.

    Then
    ----
    - 0 takes 0; 1, 99 and 100 under 1% take 1; the parts sum to the slashed amount.
    """
    cases = {
        "empty_deposit": ("0", "deadline_missed", ("0", "0", "0", "0")),
        "one_unit": ("1", "deadline_missed", ("1", "0", "0", "1")),
        "floor_zero_is_one": ("99", "deadline_missed", ("1", "0", "0", "1")),
        "exactly_one": ("100", "deadline_missed", ("1", "0", "0", "1")),
        "ten_thousand": ("10000", "deadline_missed", ("100", "10", "90", "0")),
        "half_of_one": ("1", "equivocation", ("1", "0", "0", "1")),
        "half_of_three": ("3", "equivocation", ("1", "0", "0", "1")),
        "whole_u64": (
            str(U64_MAX),
            "conflicting_attestation",
            (
                str(U64_MAX),
                str(U64_MAX // 10),
                str(U64_MAX * 4 // 10),
                str(U64_MAX - U64_MAX // 10 - U64_MAX * 4 // 10),
            ),
        ),
    }
    for case, (locked, evidence_type, (slashed, reporter, counterparty, burned)) in cases.items():
        fill(
            "economy",
            "slash_amount",
            {"locked": locked, "evidence_type": evidence_type},
            output={
                "burned": burned,
                "counterparty": counterparty,
                "reporter": reporter,
                "slashed": slashed,
            },
            case=case,
        )
    fill(
        "economy",
        "slash_amount",
        {"locked": "10", "evidence_type": "rumour"},
        rejection=ErrorCode.ECON_UNKNOWN_EVIDENCE_TYPE,
        case="unknown_type",
    )
    fill(
        "economy",
        "slash_amount",
        {"locked": str(2**64), "evidence_type": "rumour"},
        rejection=ErrorCode.ECON_AMOUNT_OUT_OF_RANGE,
        case="amount_before_type",
    )


ORIGIN = bytes(range(32))
VOUCHER = {
    "reservation_id": "r1",
    "origin": ORIGIN.hex(),
    "lane": "0",
    "nonce": "1",
    "requests": "250",
    "expiry": "100000",
}


@clauses("AIN-ECON-VOUCHER-SIGN.2")
def test_voucher_bytes_and_signature(fill: Filler) -> None:
    """
    A voucher's bytes are its canonical CBOR map; the signature is under AIN/economy-voucher.

    Given
    -----
    - the voucher (r1, origin 00 01 .. 1f, lane 0, nonce 1, 250 requests, expiry 100,000);
      seed 03 * 32.

    When
    ----
    - it is encoded and signed.

    Then
    ----
    - the bytes are the canonical map; the signature is Ed25519 over
      tagged_hash("AIN/economy-voucher", u64_be(0) || bytes).
    """
    plain = encode(
        {
            "lane": 0,
            "nonce": 1,
            "expiry": 100_000,
            "origin": ORIGIN,
            "requests": 250,
            "reservation_id": "r1",
        }
    )
    assert plain == voucher_bytes(Voucher("r1", ORIGIN, 0, 1, 250, 100_000))
    digest = signing_digest(DomainTag.ECONOMY_VOUCHER, 0, plain)
    assert isinstance(digest, bytes)
    fill(
        "economy",
        "sign_voucher",
        {"seed": EXECUTOR.seed.hex(), "voucher": VOUCHER},
        output={"bytes": plain.hex(), "signature": sign_plain(EXECUTOR.seed, digest).hex()},
    )


@clauses("AIN-ECON-VOUCHER-SIGN.2")
def test_verify_voucher(fill: Filler) -> None:
    """
    A voucher verifies only against its executor, its reservation's origin and its fields.

    Given
    -----
    - the executor's signature of the voucher (chain id field 0).

    When
    ----
    - verified as signed; with another executor; another origin; 251 requests; an executor
      text that is not an address.

    Then
    ----
    - valid; ECON_VOUCHER_SIGNATURE_INVALID for each of the others.
    """
    voucher = Voucher("r1", ORIGIN, 0, 1, 250, 100_000)
    digest = signing_digest(DomainTag.ECONOMY_VOUCHER, 0, voucher_bytes(voucher))
    assert isinstance(digest, bytes)
    signature = sign_plain(EXECUTOR.seed, digest).hex()
    base = {
        "executor": EXECUTOR.address,
        "voucher": VOUCHER,
        "signature": signature,
    }
    fill("economy", "verify_voucher", base, output={"valid": True}, case="valid")
    tampered = {
        "other_executor": {**base, "executor": STRANGER.address},
        "other_origin": {**base, "voucher": {**VOUCHER, "origin": "ff" * 32}},
        "more_requests": {**base, "voucher": {**VOUCHER, "requests": "251"}},
        "executor_not_address": {**base, "executor": "alice"},
    }
    for case, vector_input in tampered.items():
        fill(
            "economy",
            "verify_voucher",
            vector_input,
            rejection=ErrorCode.ECON_VOUCHER_SIGNATURE_INVALID,
            case=case,
        )


@clauses("AIN-ECON-SLASH-TABLE.2", "AIN-ECON-SLASH-AMOUNT.1", "AIN-ECON-SLASH-RECEIVERS.1")
def test_every_row_of_the_slashing_table(fill: Filler) -> None:
    """
    Each row's fraction and shares, read off a deposit of 1,000,000 where every bps shows.

    Given
    -----
    - a locked deposit of 1,000,000 (1 bps of it is 100 units, 1 bps of a slash is visible).

    When
    ----
    - each of the seven evidence types slashes it.

    Then
    ----
    - slashed = deposit * fraction / 10,000; reporter and counterparty their bps of that; the
      rest burned, exactly as the table says.
    """
    rows = {
        "missed_activation": (10_000, 0, 5_000),
        "provider_exit": (2_000, 0, 10_000),
        "deadline_missed": (100, 1_000, 9_000),
        "missed_reveal": (500, 1_000, 4_000),
        "conflicting_attestation": (10_000, 1_000, 4_000),
        "tee_measurement_mismatch": (5_000, 1_000, 4_000),
        "equivocation": (5_000, 1_000, 0),
    }
    for evidence_type, (fraction, reporter_bps, counterparty_bps) in rows.items():
        slashed = 1_000_000 * fraction // 10_000
        reporter = slashed * reporter_bps // 10_000
        counterparty = slashed * counterparty_bps // 10_000
        fill(
            "economy",
            "slash_amount",
            {"locked": "1000000", "evidence_type": evidence_type},
            output={
                "burned": str(slashed - reporter - counterparty),
                "counterparty": str(counterparty),
                "reporter": str(reporter),
                "slashed": str(slashed),
            },
            case=f"row_{evidence_type}",
        )
