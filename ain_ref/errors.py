"""
The one table of rejection codes.

Every refusal the reference makes names a code from ``ErrorCode``. Codes are stable,
language-neutral strings: vectors carry them, client teams assert them, and a code is never
reused for another meaning. Each member states its clause and its one-line meaning beside it.
Later areas add their codes here, in a section of their own.

Spec: spec/00-conventions.md, "Rejections" ([AIN-CONV-REJECTION.1]).
Layer: bottom. Imports nothing of ain_ref.
"""

from __future__ import annotations

import enum

import attrs


class ErrorCode(enum.StrEnum):
    """
    Language-neutral reason the reference refuses an input.

    Each member is written ``NAME = (code, clause, meaning)``: the string clients assert
    (always equal to the member name), the clause ID that defines it, and its meaning.
    """

    clause: str
    meaning: str

    def __new__(cls, code: str, clause: str, meaning: str) -> ErrorCode:
        """Build a member from its (code, clause, meaning) row."""
        member = str.__new__(cls, code)
        member._value_ = code
        member.clause = clause
        member.meaning = meaning
        return member

    # --- encoding: spec/encoding.md --------------------------------------------------------
    ENCODING_TOO_LARGE = (
        "ENCODING_TOO_LARGE",
        "AIN-ENC-LIMITS.1",
        "The input is longer than MAX_ENCODED_SIZE bytes.",
    )
    ENCODING_TRUNCATED = (
        "ENCODING_TRUNCATED",
        "AIN-ENC-WELLFORMED.1",
        "The input ends inside a data item.",
    )
    ENCODING_MALFORMED = (
        "ENCODING_MALFORMED",
        "AIN-ENC-WELLFORMED.1",
        "A reserved additional-information value (28..30) or a stray break byte.",
    )
    ENCODING_TRAILING_BYTES = (
        "ENCODING_TRAILING_BYTES",
        "AIN-ENC-SINGLE-ITEM.1",
        "Bytes remain after the one top-level data item.",
    )
    ENCODING_INDEFINITE_LENGTH = (
        "ENCODING_INDEFINITE_LENGTH",
        "AIN-ENC-DEFINITE.1",
        "An indefinite-length byte string, text string, array or map.",
    )
    ENCODING_NON_SHORTEST_FORM = (
        "ENCODING_NON_SHORTEST_FORM",
        "AIN-ENC-SHORTEST.1",
        "An integer, length or count whose head is longer than needed.",
    )
    ENCODING_FLOAT_NOT_ALLOWED = (
        "ENCODING_FLOAT_NOT_ALLOWED",
        "AIN-ENC-TYPES.1",
        "A half, single or double precision float.",
    )
    ENCODING_TAG_NOT_ALLOWED = (
        "ENCODING_TAG_NOT_ALLOWED",
        "AIN-ENC-TYPES.1",
        "A tagged data item (major type 6); the profile admits no tags.",
    )
    ENCODING_SIMPLE_NOT_ALLOWED = (
        "ENCODING_SIMPLE_NOT_ALLOWED",
        "AIN-ENC-TYPES.1",
        "A simple value other than false, true and null.",
    )
    ENCODING_INTEGER_OUT_OF_RANGE = (
        "ENCODING_INTEGER_OUT_OF_RANGE",
        "AIN-ENC-INT.1",
        "An integer below -2**63 (above 2**64 - 1 cannot be encoded at all).",
    )
    ENCODING_INVALID_UTF8 = (
        "ENCODING_INVALID_UTF8",
        "AIN-ENC-TEXT.1",
        "A text string that is not valid UTF-8.",
    )
    ENCODING_KEY_NOT_TEXT = (
        "ENCODING_KEY_NOT_TEXT",
        "AIN-ENC-MAP-KEYS.1",
        "A map key that is not a text string.",
    )
    ENCODING_UNSORTED_KEYS = (
        "ENCODING_UNSORTED_KEYS",
        "AIN-ENC-MAP-ORDER.1",
        "Map keys not in ascending bytewise order of their encodings.",
    )
    ENCODING_DUPLICATE_KEY = (
        "ENCODING_DUPLICATE_KEY",
        "AIN-ENC-MAP-UNIQUE.1",
        "The same key twice in one map.",
    )
    ENCODING_TOO_DEEP = (
        "ENCODING_TOO_DEEP",
        "AIN-ENC-LIMITS.1",
        "Arrays and maps nested deeper than MAX_NESTING_DEPTH.",
    )
    ENCODING_VALUE_NOT_ENCODABLE = (
        "ENCODING_VALUE_NOT_ENCODABLE",
        "AIN-ENC-TYPES.1",
        "A value outside the profile's data model was offered for encoding.",
    )

    # --- crypto: spec/crypto.md ----------------------------------------------------------
    CRYPTO_BAD_SEED = (
        "CRYPTO_BAD_SEED",
        "AIN-CRYPTO-KEYPAIR.1",
        "A private key seed that is not exactly 32 bytes.",
    )
    CRYPTO_BAD_PUBLIC_KEY_LENGTH = (
        "CRYPTO_BAD_PUBLIC_KEY_LENGTH",
        "AIN-CRYPTO-SIG-FORMAT.1",
        "A public key that is not exactly 32 bytes.",
    )
    CRYPTO_BAD_SIGNATURE_LENGTH = (
        "CRYPTO_BAD_SIGNATURE_LENGTH",
        "AIN-CRYPTO-SIG-FORMAT.1",
        "A signature that is not exactly 64 bytes.",
    )
    CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE = (
        "CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE",
        "AIN-CRYPTO-PUBLIC-KEY.1",
        "A key that is not a canonical Ed25519 point of the prime-order subgroup.",
    )
    CRYPTO_SIGNATURE_S_OUT_OF_RANGE = (
        "CRYPTO_SIGNATURE_S_OUT_OF_RANGE",
        "AIN-CRYPTO-SIG-VALID.1",
        "A signature whose S is not below the group order L.",
    )
    CRYPTO_SIGNATURE_R_SMALL_ORDER = (
        "CRYPTO_SIGNATURE_R_SMALL_ORDER",
        "AIN-CRYPTO-SIG-VALID.1",
        "A signature whose R encodes a point of small order.",
    )
    CRYPTO_SIGNATURE_INVALID = (
        "CRYPTO_SIGNATURE_INVALID",
        "AIN-CRYPTO-SIG-VALID.1",
        "A signature that fails the verification equation.",
    )
    CRYPTO_BAD_CHAIN_ID = (
        "CRYPTO_BAD_CHAIN_ID",
        "AIN-CRYPTO-SIGN-MESSAGE.1",
        "A chain id outside 0 .. 2**64 - 1.",
    )
    CRYPTO_UNKNOWN_DOMAIN_TAG = (
        "CRYPTO_UNKNOWN_DOMAIN_TAG",
        "AIN-CRYPTO-TAGGED-HASH.1",
        "A domain tag that is not in the protocol's tag table.",
    )
    ADDRESS_BAD_PREFIX = (
        "ADDRESS_BAD_PREFIX",
        "AIN-CRYPTO-ADDRESS-TEXT.1",
        "An address text that does not start with 'ain'.",
    )
    ADDRESS_BAD_LENGTH = (
        "ADDRESS_BAD_LENGTH",
        "AIN-CRYPTO-ADDRESS-TEXT.1",
        "An address text that is not exactly 75 characters long.",
    )
    ADDRESS_BAD_CHARACTER = (
        "ADDRESS_BAD_CHARACTER",
        "AIN-CRYPTO-ADDRESS-TEXT.1",
        "An address text with a character outside lowercase hexadecimal after the prefix.",
    )
    ADDRESS_BAD_CHECKSUM = (
        "ADDRESS_BAD_CHECKSUM",
        "AIN-CRYPTO-ADDRESS-CHECKSUM.1",
        "An address text whose checksum does not match its key.",
    )
    CHANNEL_KEY_CONVERSION_FAILED = (
        "CHANNEL_KEY_CONVERSION_FAILED",
        "AIN-CRYPTO-X25519.1",
        "An Ed25519 key that is not acceptable has no X25519 counterpart.",
    )


@attrs.frozen
class Rejection:
    """
    A refusal the spec defines: the code clients assert and the clause behind it.

    References
    ----------
    [AIN-CONV-REJECTION.1] A rejection carries a code from the table and its clause.
    """

    code: ErrorCode
    detail: str = ""  # for people and logs only; vectors carry code and clause
    location: int | None = None  # byte offset (or position) in the input, where there is one
    clause: str = attrs.field(
        default=attrs.Factory(lambda self: self.code.clause, takes_self=True),
    )

    def describe(self) -> str:
        """One line for people: code, clause, detail and location."""
        where = f" at {self.location}" if self.location is not None else ""
        detail = f": {self.detail}" if self.detail else ""
        return f"{self.code} [{self.clause}]{where}{detail}"
