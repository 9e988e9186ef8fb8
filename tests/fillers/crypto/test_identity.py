"""Fillers for crypto identity: tagged hashes, key pairs, addresses and channel keys."""

from __future__ import annotations

import hashlib

from ain_ref import ed25519
from ain_ref.errors import ErrorCode
from ain_ref.vectors.filler import Filler, clauses

RFC8032_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
RFC8032_PUBLIC_KEY = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
ZERO_SEED = "00" * 32


def expected_tagged_hash(tag: str, data_hex: str) -> str:
    """The clause's formula, written out in the test: SHA-256(u8(len) || tag || data)."""
    tag_bytes = tag.encode("ascii")
    return hashlib.sha256(bytes([len(tag_bytes)]) + tag_bytes + bytes.fromhex(data_hex)).hexdigest()


def expected_address(public_key_hex: str) -> str:
    """The clause's formula: "ain" || hex(key) || hex(first 4 bytes of the checksum hash)."""
    return "ain" + public_key_hex + expected_tagged_hash("AIN/address-checksum", public_key_hex)[:8]


@clauses("AIN-CRYPTO-TAGGED-HASH.1")
def test_tagged_hash(fill: Filler) -> None:
    """
    Every tag of the table hashes as SHA-256(u8(len(tag)) || tag || data); other tags are
    refused.

    Given
    -----
    - each tag of the table, over empty data and over the bytes 00ff;
    - the tag "AIN/Transaction" (wrong case), which is not in the table.

    When
    ----
    - the tagged hash is computed.

    Then
    ----
    - it equals the clause's formula; the unknown tag is rejected with
      CRYPTO_UNKNOWN_DOMAIN_TAG.
    """
    for tag in ("AIN/address-checksum", "AIN/transaction", "AIN/conformance-example"):
        for data in ("", "00ff"):
            case = tag.split("/")[1].replace("-", "_") + ("_empty" if not data else "_00ff")
            fill(
                "crypto",
                "tagged_hash",
                {"tag": tag, "data": data},
                output={"hash": expected_tagged_hash(tag, data)},
                case=case,
            )
    fill(
        "crypto",
        "tagged_hash",
        {"tag": "AIN/Transaction", "data": ""},
        rejection=ErrorCode.CRYPTO_UNKNOWN_DOMAIN_TAG,
        case="unknown_tag",
    )


@clauses("AIN-CRYPTO-KEYPAIR.1", "AIN-CRYPTO-ADDRESS-TEXT.1", "AIN-CRYPTO-ADDRESS-CHECKSUM.1")
def test_keypair_and_address(fill: Filler) -> None:
    """
    A seed gives the RFC 8032 public key, and its address text.

    Given
    -----
    - the RFC 8032 test 1 seed, and the all-zero seed.

    When
    ----
    - the key pair is derived.

    Then
    ----
    - the public key is RFC 8032's (the plain twin's for the zero seed) and the address is
      "ain" || hex(key) || hex(checksum).
    """
    zero_key = ed25519.public_key_from_seed_plain(bytes(32)).hex()
    for case, seed, key in (
        ("rfc8032_test_1", RFC8032_SEED, RFC8032_PUBLIC_KEY),
        ("zero_seed", ZERO_SEED, zero_key),
    ):
        fill(
            "crypto",
            "keypair",
            {"seed": seed},
            output={"public_key": key, "address": expected_address(key)},
            case=case,
            flags=["RFC8032"] if case.startswith("rfc") else [],
        )


@clauses("AIN-CRYPTO-KEYPAIR.1")
def test_keypair_refuses_seeds_of_the_wrong_length(fill: Filler) -> None:
    """
    A seed must be exactly 32 bytes.

    Given
    -----
    - seeds of 0, 31 and 33 bytes, and a 64-byte libsodium secret key.

    When
    ----
    - the key pair is derived.

    Then
    ----
    - it is rejected with CRYPTO_BAD_SEED.
    """
    for case, seed in (
        ("empty", ""),
        ("31_bytes", "00" * 31),
        ("33_bytes", "00" * 33),
        ("64_bytes", RFC8032_SEED + RFC8032_PUBLIC_KEY),
    ):
        fill("crypto", "keypair", {"seed": seed}, rejection=ErrorCode.CRYPTO_BAD_SEED, case=case)


@clauses("AIN-CRYPTO-ADDRESS-TEXT.1", "AIN-CRYPTO-ADDRESS-CHECKSUM.1", "AIN-CRYPTO-ADDRESS.1")
def test_parse_address(fill: Filler) -> None:
    """
    An address text parses back to its key; a mistyped one is refused with the first rule broken.

    Given
    -----
    - the address of the RFC 8032 test 1 key;
    - the same text with "AIN" for "ain", one character dropped, an upper-case hex digit, one
      key digit changed, and one checksum digit changed;
    - a well-formed address (right checksum) of the all-zero key, a point of order 4.

    When
    ----
    - each text is parsed.

    Then
    ----
    - the address gives the key; the others are rejected with ADDRESS_BAD_PREFIX,
      ADDRESS_BAD_LENGTH, ADDRESS_BAD_CHARACTER, ADDRESS_BAD_CHECKSUM (twice) and
      CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE.
    """
    address = expected_address(RFC8032_PUBLIC_KEY)
    changed_key_digit = address[:10] + ("0" if address[10] != "0" else "1") + address[11:]
    changed_checksum_digit = address[:-1] + ("0" if address[-1] != "0" else "1")
    fill(
        "crypto",
        "parse_address",
        {"text": address},
        output={"public_key": RFC8032_PUBLIC_KEY},
        case="valid",
    )
    for case, text, code in (
        ("upper_case_prefix", "AIN" + address[3:], ErrorCode.ADDRESS_BAD_PREFIX),
        ("hex_prefix", "0x" + RFC8032_PUBLIC_KEY, ErrorCode.ADDRESS_BAD_PREFIX),
        ("one_character_short", address[:-1], ErrorCode.ADDRESS_BAD_LENGTH),
        ("upper_case_digit", address[:20] + address[20:].upper(), ErrorCode.ADDRESS_BAD_CHARACTER),
        ("changed_key_digit", changed_key_digit, ErrorCode.ADDRESS_BAD_CHECKSUM),
        ("changed_checksum_digit", changed_checksum_digit, ErrorCode.ADDRESS_BAD_CHECKSUM),
        (
            "small_order_key",
            expected_address("00" * 32),
            ErrorCode.CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE,
        ),
    ):
        fill("crypto", "parse_address", {"text": text}, rejection=code, case=case)


@clauses("AIN-CRYPTO-X25519.1")
def test_channel_keys(fill: Filler) -> None:
    """
    An account's X25519 keys come from its Ed25519 keys; unacceptable keys have none.

    Given
    -----
    - the RFC 8032 test 1 seed and key; the all-zero key (order 4); a 31-byte key.

    When
    ----
    - the X25519 public key of each key, and the X25519 secret of the seed, are derived.

    Then
    ----
    - they are u = (1 + y) / (1 - y) and clamp(SHA-512(seed)[0..32]), as the plain twin
      computes; the unacceptable keys are rejected with CHANNEL_KEY_CONVERSION_FAILED.
    """
    converted = ed25519.x25519_public_key_plain(bytes.fromhex(RFC8032_PUBLIC_KEY))
    assert converted is not None
    fill(
        "crypto",
        "x25519_public_key",
        {"public_key": RFC8032_PUBLIC_KEY},
        output={"x25519_public_key": converted.hex()},
        case="rfc8032_test_1",
    )
    fill(
        "crypto",
        "x25519_secret_key",
        {"seed": RFC8032_SEED},
        output={
            "x25519_secret_key": ed25519.x25519_secret_key_plain(bytes.fromhex(RFC8032_SEED)).hex()
        },
        case="rfc8032_test_1",
    )
    for case, key in (
        ("small_order_key", "00" * 32),
        ("short_key", RFC8032_PUBLIC_KEY[:62]),
        ("long_key", RFC8032_PUBLIC_KEY + "00"),
    ):
        fill(
            "crypto",
            "x25519_public_key",
            {"public_key": key},
            rejection=ErrorCode.CHANNEL_KEY_CONVERSION_FAILED,
            case=case,
        )
    fill(
        "crypto",
        "x25519_secret_key",
        {"seed": RFC8032_SEED[:62]},
        rejection=ErrorCode.CRYPTO_BAD_SEED,
        case="short_seed",
    )


@clauses("AIN-CRYPTO-ADDRESS-TEXT.1")
def test_address_length_counts_code_points(fill: Filler) -> None:
    """
    An address text's length is counted in code points, not UTF-8 bytes nor UTF-16 units.

    Given
    -----
    - "ain", then "\\U00010000", then 71 hex digits: 75 code points (76 UTF-16 units, 78 bytes);
    - "ain", then "\\U00010000", then 70 hex digits: 74 code points (75 UTF-16 units);
    - "ain", then "é", then 71 hex digits: 75 code points (76 UTF-8 bytes);
    - "ain", then a lone surrogate "\\ud800", then 71 hex digits: 75 code points.

    When
    ----
    - each text is parsed.

    Then
    ----
    - the 75-code-point texts pass the length check and are rejected with
      ADDRESS_BAD_CHARACTER (at position 3); the 74-code-point one with ADDRESS_BAD_LENGTH.
    """
    digits = expected_address(RFC8032_PUBLIC_KEY)[4:]
    assert len(digits) == 71
    for case, text, code in (
        ("non_bmp_75_code_points", "ain\U00010000" + digits, ErrorCode.ADDRESS_BAD_CHARACTER),
        ("non_bmp_75_utf16_units", "ain\U00010000" + digits[1:], ErrorCode.ADDRESS_BAD_LENGTH),
        ("two_byte_character", "ain\u00e9" + digits, ErrorCode.ADDRESS_BAD_CHARACTER),
        ("lone_surrogate", "ain\ud800" + digits, ErrorCode.ADDRESS_BAD_CHARACTER),
    ):
        fill("crypto", "parse_address", {"text": text}, rejection=code, case=case)


@clauses("AIN-CRYPTO-TAGGED-HASH.1")
def test_tags_are_exact_texts(fill: Filler) -> None:
    """
    A tag is compared as its exact text: case, a lone surrogate or a trailing space make it
    unknown.

    Given
    -----
    - the tags "ain/transaction", "AIN/transaction " and "AIN/\\ud800".

    When
    ----
    - the empty data is hashed under each.

    Then
    ----
    - each is rejected with CRYPTO_UNKNOWN_DOMAIN_TAG (never an error of the harness).
    """
    for case, tag in (
        ("lower_case", "ain/transaction"),
        ("trailing_space", "AIN/transaction "),
        ("lone_surrogate", "AIN/\ud800"),
    ):
        fill(
            "crypto",
            "tagged_hash",
            {"tag": tag, "data": ""},
            rejection=ErrorCode.CRYPTO_UNKNOWN_DOMAIN_TAG,
            case=case,
        )
