"""Fillers for crypto signatures: protocol signatures, raw Ed25519, Wycheproof and speccheck."""

from __future__ import annotations

import json
from pathlib import Path

from ain_ref import ed25519
from ain_ref.conformance.strategies import TORSION_POINTS, signature_with_torsion_in_r
from ain_ref.crypto import DomainTag, signing_digest
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses

DATA = Path(__file__).parents[2] / "data"

RFC8032_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
RFC8032_PUBLIC_KEY = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
RFC8032_EMPTY_SIGNATURE = (
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
    "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
)
PAYLOAD = "a16474797065657472616e73666572"  # the canonical bytes of {"type": "transfer"}


def plain_signature(seed_hex: str, tag: DomainTag, chain_id: int, payload_hex: str) -> str:
    """The expected signature, computed by the plain twin over the signing digest."""
    digest = signing_digest(tag, chain_id, bytes.fromhex(payload_hex))
    assert isinstance(digest, bytes)
    return ed25519.sign_plain(bytes.fromhex(seed_hex), digest).hex()


def signing_input(chain_id: str, tag: str = "AIN/transaction", **fields: str) -> dict[str, str]:
    """A sign or verify input over PAYLOAD."""
    return {"tag": tag, "chain_id": chain_id, "payload": PAYLOAD, **fields}


@clauses("AIN-CRYPTO-SIGN-MESSAGE.1", "AIN-CRYPTO-KEYPAIR.1")
def test_sign_binds_tag_and_chain(fill: Filler) -> None:
    """
    A protocol signature is Ed25519 over tagged_hash(tag, u64_be(chain_id) || payload).

    Given
    -----
    - the RFC 8032 test 1 seed, the payload {"type": "transfer"}, tag AIN/transaction;
    - chain ids 0, 1 and 2**64 - 1.

    When
    ----
    - the payload is signed.

    Then
    ----
    - digest and signature are those of the clause, and each chain id gives another signature.
    """
    for chain_id in (0, 1, 2**64 - 1):
        digest = signing_digest(DomainTag.TRANSACTION, chain_id, bytes.fromhex(PAYLOAD))
        assert isinstance(digest, bytes)
        fill(
            "crypto",
            "sign",
            signing_input(str(chain_id), seed=RFC8032_SEED),
            output={
                "digest": digest.hex(),
                "signature": plain_signature(
                    RFC8032_SEED, DomainTag.TRANSACTION, chain_id, PAYLOAD
                ),
            },
            case=f"chain_{chain_id}",
        )


@clauses("AIN-CRYPTO-SIGN-MESSAGE.1", "AIN-CRYPTO-KEYPAIR.1", "AIN-CRYPTO-TAGGED-HASH.1")
def test_sign_refuses_bad_inputs(fill: Filler) -> None:
    """
    Signing refuses a chain id out of range, a seed of the wrong length and an unknown tag.

    Given
    -----
    - chain ids 2**64 and -1; a 31-byte seed; the tag "AIN/unknown".

    When
    ----
    - the payload is signed.

    Then
    ----
    - the codes are CRYPTO_BAD_CHAIN_ID, CRYPTO_BAD_SEED and CRYPTO_UNKNOWN_DOMAIN_TAG.
    """
    fill(
        "crypto",
        "sign",
        signing_input(str(2**64), seed=RFC8032_SEED),
        rejection=ErrorCode.CRYPTO_BAD_CHAIN_ID,
        case="chain_2_pow_64",
        flags=["LIMIT"],
    )
    fill(
        "crypto",
        "sign",
        signing_input("-1", seed=RFC8032_SEED),
        rejection=ErrorCode.CRYPTO_BAD_CHAIN_ID,
        case="chain_negative",
    )
    fill(
        "crypto",
        "sign",
        signing_input("1", seed=RFC8032_SEED[:62]),
        rejection=ErrorCode.CRYPTO_BAD_SEED,
        case="short_seed",
    )
    fill(
        "crypto",
        "sign",
        signing_input("1", tag="AIN/unknown", seed=RFC8032_SEED),
        rejection=ErrorCode.CRYPTO_UNKNOWN_DOMAIN_TAG,
        case="unknown_tag",
    )


@clauses("AIN-CRYPTO-SIG-VALID.1", "AIN-CRYPTO-SIGN-MESSAGE.1", "AIN-CRYPTO-SIG-FORMAT.2")
def test_verify_protocol_signatures(fill: Filler) -> None:
    """
    A protocol signature verifies only for its own tag, chain id, payload and key.

    Given
    -----
    - the signature of {"type": "transfer"} under AIN/transaction on chain 1 by the RFC 8032
      test 1 key.

    When
    ----
    - it is verified as signed, on chain 2, under AIN/conformance-example, with S + L, with a
      63-byte signature, and under a 31-byte key.

    Then
    ----
    - it verifies as signed; the other chain and tag give CRYPTO_SIGNATURE_INVALID; S + L gives
      CRYPTO_SIGNATURE_S_OUT_OF_RANGE; the lengths give CRYPTO_BAD_SIGNATURE_LENGTH and
      CRYPTO_BAD_PUBLIC_KEY_LENGTH.
    """
    signature = plain_signature(RFC8032_SEED, DomainTag.TRANSACTION, 1, PAYLOAD)
    r_part, s_part = signature[:64], int.from_bytes(bytes.fromhex(signature[64:]), "little")
    malleated = r_part + (s_part + ed25519.GROUP_ORDER).to_bytes(32, "little").hex()
    key = RFC8032_PUBLIC_KEY
    fill(
        "crypto",
        "verify",
        signing_input("1", public_key=key, signature=signature),
        output={"valid": True},
        case="as_signed",
    )
    fill(
        "crypto",
        "verify",
        signing_input("2", public_key=key, signature=signature),
        rejection=ErrorCode.CRYPTO_SIGNATURE_INVALID,
        case="other_chain",
    )
    fill(
        "crypto",
        "verify",
        signing_input("1", tag="AIN/conformance-example", public_key=key, signature=signature),
        rejection=ErrorCode.CRYPTO_SIGNATURE_INVALID,
        case="other_tag",
    )
    fill(
        "crypto",
        "verify",
        signing_input("1", public_key=key, signature=malleated),
        rejection=ErrorCode.CRYPTO_SIGNATURE_S_OUT_OF_RANGE,
        case="s_plus_l",
        flags=["MALLEABILITY"],
    )
    fill(
        "crypto",
        "verify",
        signing_input("1", public_key=key, signature=signature[:126]),
        rejection=ErrorCode.CRYPTO_BAD_SIGNATURE_LENGTH,
        case="short_signature",
    )
    fill(
        "crypto",
        "verify",
        signing_input("1", public_key=key[:62], signature=signature),
        rejection=ErrorCode.CRYPTO_BAD_PUBLIC_KEY_LENGTH,
        case="short_key",
    )


@clauses("AIN-CRYPTO-SIG-VALID.1", "AIN-CRYPTO-KEYPAIR.1")
def test_rfc8032_test_1(fill: Filler) -> None:
    """
    RFC 8032 section 7.1, test 1: the empty message signed by its key verifies.

    Given
    -----
    - the public key and signature of RFC 8032 test 1.

    When
    ----
    - the raw signature of the empty message is verified.

    Then
    ----
    - it is valid.
    """
    fill(
        "crypto",
        "verify_ed25519",
        {"public_key": RFC8032_PUBLIC_KEY, "message": "", "signature": RFC8032_EMPTY_SIGNATURE},
        output={"valid": True},
        flags=["RFC8032"],
    )


@clauses("AIN-CRYPTO-SIG-VALID.1", "AIN-CRYPTO-PUBLIC-KEY.1")
def test_small_order_r_is_rejected(fill: Filler) -> None:
    """
    A signature whose R is a small-order point is refused before the equation is checked.

    Given
    -----
    - the RFC 8032 test 1 key, and signatures whose R is each of the small-order encodings
      (the identity, the point of order 2, and non-canonical y = p) with S = 0.

    When
    ----
    - the raw signature of the empty message is verified.

    Then
    ----
    - it is rejected with CRYPTO_SIGNATURE_R_SMALL_ORDER.
    """
    for case, y_value in (
        ("identity", 1),
        ("order_2", ed25519.FIELD_PRIME - 1),
        ("non_canonical_zero", ed25519.FIELD_PRIME),
    ):
        r_encoding = y_value.to_bytes(32, "little").hex()
        fill(
            "crypto",
            "verify_ed25519",
            {"public_key": RFC8032_PUBLIC_KEY, "message": "", "signature": r_encoding + "00" * 32},
            rejection=ErrorCode.CRYPTO_SIGNATURE_R_SMALL_ORDER,
            case=case,
            flags=["SMALL_ORDER"],
        )


SPECCHECK_VERDICTS = (
    ErrorCode.CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE,  # 0: small-order A, small-order R, S = 0
    ErrorCode.CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE,  # 1: small-order A, mixed-order R
    ErrorCode.CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE,  # 2: mixed-order A, small-order R
    ErrorCode.CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE,  # 3: mixed-order A (libsodium alone accepts)
    ErrorCode.CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE,  # 4: mixed-order A, cofactored equation only
    ErrorCode.CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE,  # 5: mixed-order A, cofactored equation only
    ErrorCode.CRYPTO_SIGNATURE_S_OUT_OF_RANGE,  # 6: S > L
    ErrorCode.CRYPTO_SIGNATURE_S_OUT_OF_RANGE,  # 7: S >> L
    ErrorCode.CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE,  # 8: non-canonical R; A of small order
    ErrorCode.CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE,  # 9: non-canonical R; A of small order
    ErrorCode.CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE,  # 10: non-canonical A
    ErrorCode.CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE,  # 11: non-canonical A
)
"""The protocol's verdict on each speccheck case (spec/crypto.md, "Why this rule")."""


@clauses("AIN-CRYPTO-SIG-VALID.1", "AIN-CRYPTO-PUBLIC-KEY.1")
def test_speccheck_cases(fill: Filler) -> None:
    """
    The 12 cases of ed25519-speccheck, on which Ed25519 libraries disagree, all fail.

    Given
    -----
    - each case of "Taming the many EdDSAs" (novifinancial/ed25519-speccheck, cases.json).

    When
    ----
    - its raw signature is verified.

    Then
    ----
    - it is rejected with the code of the first check it fails: the key check for cases 0-5 and
      8-11, the range of S for cases 6 and 7; the plain twin agrees case by case.
    """
    cases = json.loads((DATA / "ed25519-speccheck-cases.json").read_text())
    assert len(cases) == len(SPECCHECK_VERDICTS)
    for index, (case, verdict) in enumerate(zip(cases, SPECCHECK_VERDICTS, strict=True)):
        key, message, signature = (
            bytes.fromhex(case[name]) for name in ("pub_key", "message", "signature")
        )
        assert ed25519.verify_signature_plain(key, message, signature) == verdict, index
        fill(
            "crypto",
            "verify_ed25519",
            {
                "public_key": case["pub_key"],
                "message": case["message"],
                "signature": case["signature"],
            },
            rejection=verdict,
            case=f"case_{index:02d}",
            flags=["SPECCHECK"],
            note=f"speccheck case {index}",
        )


@clauses("AIN-CRYPTO-SIG-VALID.1", "AIN-CRYPTO-SIG-FORMAT.2")
def test_wycheproof_ed25519(fill: Filler) -> None:
    """
    Every Wycheproof Ed25519 case gets Wycheproof's verdict.

    Given
    -----
    - each of the 151 cases of Wycheproof's ed25519_test.json (C2SP/wycheproof, testvectors_v1).

    When
    ----
    - its raw signature is verified.

    Then
    ----
    - valid cases verify; invalid cases are rejected, with the code the plain twin computes.
    """
    document = json.loads((DATA / "wycheproof-ed25519_test.json").read_text())
    count = 0
    for group in document["testGroups"]:
        key = group["publicKey"]["pk"]
        for test in group["tests"]:
            count += 1
            vector_input = {"public_key": key, "message": test["msg"], "signature": test["sig"]}
            note = f"Wycheproof tcId {test['tcId']}: {test['comment'] or ', '.join(test['flags'])}"
            case = f"tc_{test['tcId']:03d}"
            flags = ["WYCHEPROOF"] + (
                ["MALLEABILITY"] if "SignatureMalleability" in test["flags"] else []
            )
            if test["result"] == "valid":
                fill(
                    "crypto",
                    "verify_ed25519",
                    vector_input,
                    output={"valid": True},
                    case=case,
                    flags=flags,
                    note=note,
                )
                continue
            assert test["result"] == "invalid"
            code = ed25519.verify_signature_plain(
                bytes.fromhex(key), bytes.fromhex(test["msg"]), bytes.fromhex(test["sig"])
            )
            assert code is not None, f"plain twin accepts invalid tcId {test['tcId']}"
            fill(
                "crypto",
                "verify_ed25519",
                vector_input,
                rejection=code,
                case=case,
                flags=flags,
                note=note,
            )
    assert count == document["numberOfTests"] == 151


COFACTORED_SEEDS = (RFC8032_SEED, "00" * 32)
"""Honest keys for the signatures that separate cofactored from cofactorless verification."""


@clauses("AIN-CRYPTO-SIG-VALID.1")
def test_cofactored_equation_is_not_enough(fill: Filler) -> None:
    """
    A signature whose R carries a small-order component verifies under the cofactored equation
    only, and the protocol's equation is the cofactorless one.

    Given
    -----
    - an honest key A = [a]B (of the RFC 8032 test 1 seed and of the zero seed: acceptable);
    - for each of the 7 small-order points T (orders 2, 4, 4, 8, 8, 8, 8): R' = [r]B + T,
      k = SHA-512(R' || A || M) mod L, S = r + k a mod L; so S < L and R' is of mixed order.

    When
    ----
    - the raw signature R' || S of M = "ain" is verified.

    Then
    ----
    - it is rejected with CRYPTO_SIGNATURE_INVALID: [S]B - [k]A = [r]B is not R' (a cofactored
      verifier, checking [8]([S]B - [k]A - R') = 0, accepts it and fails these vectors).
    """
    message = b"ain"
    for seed_index, seed_hex in enumerate(COFACTORED_SEEDS):
        seed = bytes.fromhex(seed_hex)
        key = ed25519.public_key_from_seed_plain(seed)
        for torsion_index in range(len(TORSION_POINTS)):
            signature = signature_with_torsion_in_r(seed, message, torsion_index)
            assert ed25519.verify_signature_plain(key, message, signature) is not None
            fill(
                "crypto",
                "verify_ed25519",
                {"public_key": key.hex(), "message": message.hex(), "signature": signature.hex()},
                rejection=ErrorCode.CRYPTO_SIGNATURE_INVALID,
                case=f"key_{seed_index}_torsion_{torsion_index}",
                flags=["SMALL_ORDER"],
            )


@clauses("AIN-CRYPTO-SIG-VALID.1", "AIN-CRYPTO-VERIFY.1")
def test_cofactored_protocol_signature_is_refused(fill: Filler) -> None:
    """
    The same separation through a protocol signature: tag, chain id and payload.

    Given
    -----
    - the RFC 8032 test 1 key, and the signing digest of {"type": "transfer"} under
      AIN/transaction on chain 1, signed with R' = [r]B + T for T of order 8.

    When
    ----
    - the protocol signature is verified.

    Then
    ----
    - it is rejected with CRYPTO_SIGNATURE_INVALID.
    """
    digest = signing_digest(DomainTag.TRANSACTION, 1, bytes.fromhex(PAYLOAD))
    assert isinstance(digest, bytes)
    signature = signature_with_torsion_in_r(bytes.fromhex(RFC8032_SEED), digest, 3)
    fill(
        "crypto",
        "verify",
        signing_input("1", public_key=RFC8032_PUBLIC_KEY, signature=signature.hex()),
        rejection=ErrorCode.CRYPTO_SIGNATURE_INVALID,
        flags=["SMALL_ORDER"],
    )


@clauses("AIN-CRYPTO-SIGN-TAGS.1", "AIN-CRYPTO-SIGN.1", "AIN-CRYPTO-VERIFY.1")
def test_only_signed_tags_may_be_signed(fill: Filler) -> None:
    """
    Signing and verifying refuse the tags of hash-only objects; the signed tags work.

    Given
    -----
    - the RFC 8032 test 1 seed and key, the payload {"type": "transfer"}, chain 1;
    - the tags AIN/conformance-example (signed), AIN/state-leaf and AIN/address-checksum
      (hash-only).

    When
    ----
    - the payload is signed under each tag, and an honest signature is verified under each.

    Then
    ----
    - AIN/conformance-example signs; the hash-only tags are rejected with
      CRYPTO_DOMAIN_TAG_NOT_SIGNABLE, on signing and on verifying.
    """
    tag = DomainTag.CONFORMANCE_EXAMPLE
    digest = signing_digest(tag, 1, bytes.fromhex(PAYLOAD))
    assert isinstance(digest, bytes)
    fill(
        "crypto",
        "sign",
        signing_input("1", tag=tag.value, seed=RFC8032_SEED),
        output={
            "digest": digest.hex(),
            "signature": plain_signature(RFC8032_SEED, tag, 1, PAYLOAD),
        },
        case="conformance_example",
    )
    signature = plain_signature(RFC8032_SEED, DomainTag.TRANSACTION, 1, PAYLOAD)
    for hash_only in (DomainTag.STATE_LEAF, DomainTag.ADDRESS_CHECKSUM):
        name = hash_only.name.lower()
        fill(
            "crypto",
            "sign",
            signing_input("1", tag=hash_only.value, seed=RFC8032_SEED),
            rejection=ErrorCode.CRYPTO_DOMAIN_TAG_NOT_SIGNABLE,
            case=name,
        )
        fill(
            "crypto",
            "verify",
            signing_input(
                "1", tag=hash_only.value, public_key=RFC8032_PUBLIC_KEY, signature=signature
            ),
            rejection=ErrorCode.CRYPTO_DOMAIN_TAG_NOT_SIGNABLE,
            case=name,
        )


@clauses("AIN-CRYPTO-SIGN.1")
def test_sign_checks_in_order(fill: Filler) -> None:
    """
    Signing checks the tag, then whether it is signed, then the chain id, then the seed.

    Given
    -----
    - a 31-byte seed together with: an unknown tag; a hash-only tag and chain id 2**64; a
      signed tag and chain id 2**64.

    When
    ----
    - the payload is signed.

    Then
    ----
    - the codes are CRYPTO_UNKNOWN_DOMAIN_TAG, CRYPTO_DOMAIN_TAG_NOT_SIGNABLE and
      CRYPTO_BAD_CHAIN_ID: the message is checked before the key.
    """
    short_seed = RFC8032_SEED[:62]
    for case, tag, chain_id, code in (
        ("unknown_tag_before_seed", "AIN/unknown", "1", ErrorCode.CRYPTO_UNKNOWN_DOMAIN_TAG),
        (
            "hash_only_tag_before_chain",
            DomainTag.STATE_ROOT.value,
            str(2**64),
            ErrorCode.CRYPTO_DOMAIN_TAG_NOT_SIGNABLE,
        ),
        (
            "chain_before_seed",
            DomainTag.TRANSACTION.value,
            str(2**64),
            ErrorCode.CRYPTO_BAD_CHAIN_ID,
        ),
    ):
        fill(
            "crypto",
            "sign",
            signing_input(chain_id, tag=tag, seed=short_seed),
            rejection=code,
            case=case,
        )


@clauses("AIN-CRYPTO-VERIFY.1", "AIN-CRYPTO-SIG-FORMAT.2")
def test_verify_checks_in_order(fill: Filler) -> None:
    """
    Verifying checks the message (tag, signed, chain id), then the key's length, then the
    signature's, then the signature itself.

    Given
    -----
    - a 31-byte key and a 63-byte signature together with: an unknown tag; a hash-only tag and
      chain id -1; chain id -1;
    - a 31-byte key and a 63-byte signature under a good message;
    - a 63-byte signature under the all-zero key (32 bytes, not acceptable);
    - raw Ed25519: a 31-byte key with a 63-byte signature; the all-zero key with a 63-byte
      signature.

    When
    ----
    - each is verified.

    Then
    ----
    - the codes are CRYPTO_UNKNOWN_DOMAIN_TAG, CRYPTO_DOMAIN_TAG_NOT_SIGNABLE,
      CRYPTO_BAD_CHAIN_ID, CRYPTO_BAD_PUBLIC_KEY_LENGTH, CRYPTO_BAD_SIGNATURE_LENGTH; and raw,
      CRYPTO_BAD_PUBLIC_KEY_LENGTH and CRYPTO_BAD_SIGNATURE_LENGTH.
    """
    signature = plain_signature(RFC8032_SEED, DomainTag.TRANSACTION, 1, PAYLOAD)
    short_key, short_signature, zero_key = RFC8032_PUBLIC_KEY[:62], signature[:126], "00" * 32
    for case, tag, chain_id, key, code in (
        ("unknown_tag_first", "AIN/unknown", "1", short_key, ErrorCode.CRYPTO_UNKNOWN_DOMAIN_TAG),
        (
            "hash_only_tag_before_chain",
            DomainTag.STATE_NODE.value,
            "-1",
            short_key,
            ErrorCode.CRYPTO_DOMAIN_TAG_NOT_SIGNABLE,
        ),
        (
            "chain_before_lengths",
            DomainTag.TRANSACTION.value,
            "-1",
            short_key,
            ErrorCode.CRYPTO_BAD_CHAIN_ID,
        ),
        (
            "key_length_before_signature_length",
            DomainTag.TRANSACTION.value,
            "1",
            short_key,
            ErrorCode.CRYPTO_BAD_PUBLIC_KEY_LENGTH,
        ),
        (
            "signature_length_before_key_check",
            DomainTag.TRANSACTION.value,
            "1",
            zero_key,
            ErrorCode.CRYPTO_BAD_SIGNATURE_LENGTH,
        ),
    ):
        fill(
            "crypto",
            "verify",
            signing_input(chain_id, tag=tag, public_key=key, signature=short_signature),
            rejection=code,
            case=case,
        )
    for case, key, code in (
        ("raw_key_length_first", short_key, ErrorCode.CRYPTO_BAD_PUBLIC_KEY_LENGTH),
        ("raw_signature_length_before_key_check", zero_key, ErrorCode.CRYPTO_BAD_SIGNATURE_LENGTH),
    ):
        fill(
            "crypto",
            "verify_ed25519",
            {"public_key": key, "message": "", "signature": short_signature},
            rejection=code,
            case=case,
        )
