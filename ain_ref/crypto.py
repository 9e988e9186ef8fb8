"""
Hashing with domain tags, Ed25519 identities, addresses, signatures and channel keys.

Signing and verification run on PyNaCl (libsodium), the fast path; ``ain_ref.ed25519`` states
the same rule in plain arithmetic, and property tests prove the two agree on every input class
(tests/unit/test_crypto_properties.py).

Spec: spec/crypto.md ([AIN-CRYPTO-*]).
Layer: bottom. Imports errors and ed25519 only.
"""

from __future__ import annotations

import enum
import functools
import hashlib
from typing import Final

import attrs
import nacl.bindings
import nacl.exceptions
import nacl.signing

from ain_ref.ed25519 import GROUP_ORDER, SMALL_ORDER_Y_ENCODINGS, encoded_y
from ain_ref.errors import ErrorCode, Rejection

SEED_SIZE: Final = 32
PUBLIC_KEY_SIZE: Final = 32
SIGNATURE_SIZE: Final = 64
HASH_SIZE: Final = 32
CHAIN_ID_MAX: Final = 2**64 - 1
ADDRESS_PREFIX: Final = "ain"
ADDRESS_CHECKSUM_SIZE: Final = 4
ADDRESS_TEXT_LENGTH: Final = len(ADDRESS_PREFIX) + 2 * (PUBLIC_KEY_SIZE + ADDRESS_CHECKSUM_SIZE)
"""75: "ain", 64 hex digits of key, 8 hex digits of checksum [AIN-CRYPTO-ADDRESS-TEXT.1]."""
LOWERCASE_HEX_DIGITS: Final = frozenset("0123456789abcdef")


class DomainTag(enum.StrEnum):
    """
    Every kind of hashed or signed object has its own tag [AIN-CRYPTO-TAGGED-HASH.1].

    The table grows with the protocol; a tag is never reused for another kind of object.
    """

    ADDRESS_CHECKSUM = "AIN/address-checksum"
    """The 4-byte checksum of an address's text form."""
    TRANSACTION = "AIN/transaction"
    """A transaction body, hashed for the digest its sender signs."""
    TRANSACTION_ID = "AIN/transaction-id"
    """A signed transaction's id: its signer's key and its signing digest (spec/transactions.md)."""
    CONFORMANCE_EXAMPLE = "AIN/conformance-example"
    """Arbitrary bytes hashed or signed by vectors; never accepted for a protocol object."""
    STATE_LABEL = "AIN/state-label"
    """A state label's UTF-8 bytes: its key in its parent's child trie."""
    STATE_LEAF = "AIN/state-leaf"
    """A leaf of the state tree: the canonical encoding of its value."""
    STATE_NODE = "AIN/state-node"
    """An internal node of the state tree: the root of its child trie."""
    STATE_TRIE_ENTRY = "AIN/state-trie-entry"
    """One child in a child trie: its label key and its node hash."""
    STATE_TRIE_BRANCH = "AIN/state-trie-branch"
    """A 16-way branch of a child trie: its sixteen slot hashes."""
    STATE_ROOT = "AIN/state-root"
    """The state root: the hashes of the four subtrees."""
    CONSENSUS_EVENT = "AIN/consensus-event"
    """A consensus event's body (a DAG vertex), hashed for its digest and signed by its author."""
    ECONOMY_VOUCHER = "AIN/economy-voucher"
    """A payment voucher's canonical bytes, signed by the executor who pays (spec/economy.md)."""
    JOB_SPEC = "AIN/job-spec"
    """A job specification's canonical encoding: its job id."""
    EXECUTION_RECEIPT = "AIN/execution-receipt"
    """An attestation receipt's body, signed by the provider that ran the task."""
    EXECUTION_COMMITMENT = "AIN/execution-commitment"
    """A provider's commitment to its output hash before the reveal."""
    EXECUTION_OUTPUT = "AIN/execution-output"
    """A task's output bytes: the output hash a receipt carries."""
    EXECUTION_EVIDENCE = "AIN/execution-evidence"
    """A piece of execution evidence: its evidence id for the economy's slash."""
    TEE_BINDING = "AIN/tee-binding"
    """A task's binding: the value its TEE evidence must carry (spec/tee.md)."""


# --- hashing ---------------------------------------------------------------------------------


def tagged_hash(tag: DomainTag, data: bytes | bytearray) -> bytes:
    """
    SHA-256 of data under a domain tag.

    Parameters
    ----------
    tag : DomainTag
        The kind of object hashed.
    data : bytes | bytearray
        Its canonical bytes.

    Returns
    -------
    bytes
        SHA-256( u8(len(tag)) || ascii(tag) || data ), 32 bytes.

    References
    ----------
    [AIN-CRYPTO-TAGGED-HASH.1]
    """
    return hashlib.sha256(TAG_PREFIXES[tag] + data).digest()


def tag_prefix(tag: DomainTag) -> bytes:
    """The bytes every hash under a tag starts with: u8(len(tag)) || ascii(tag)."""
    tag_bytes = tag.value.encode("ascii")
    return bytes([len(tag_bytes)]) + tag_bytes


TAG_PREFIXES: Final = {tag: tag_prefix(tag) for tag in DomainTag}

SIGNED_TAG_TEXTS: Final = frozenset(
    {
        "AIN/transaction",
        "AIN/conformance-example",
        "AIN/consensus-event",  # added to the table by the consensus area
        "AIN/economy-voucher",  # added to the table by the economy area
        "AIN/execution-receipt",  # added to the table by the execution area
    }
)
"""
The tags of objects that are signed: the "signed" column of spec/crypto.md's tag table
[AIN-CRYPTO-SIGN-TAGS.1]. Every other tag is hash-only: a signature under it could stand for a
hash of another kind (a signed digest under ``AIN/state-leaf`` is the leaf hash of some value).
An area that adds a signed kind of object adds its tag's text here and marks it in the table.
"""
SIGNED_DOMAIN_TAGS: Final = frozenset(tag for tag in DomainTag if tag.value in SIGNED_TAG_TEXTS)
"""The members of the table whose text is in ``SIGNED_TAG_TEXTS``."""


def parse_domain_tag(text: str) -> DomainTag | Rejection:
    """Read a tag's text; a tag outside the table is refused [AIN-CRYPTO-TAGGED-HASH.1]."""
    try:
        return DomainTag(text)
    except ValueError:
        return Rejection(ErrorCode.CRYPTO_UNKNOWN_DOMAIN_TAG, repr(text))


def u64_big_endian(value: int) -> bytes:
    """
    Eight bytes, most significant first.

    pre: 0 <= value <= 2**64 - 1
    post: len(__return__) == 8
    post: int.from_bytes(__return__, "big") == value
    """
    return value.to_bytes(8, "big")


# --- keys ------------------------------------------------------------------------------------


@attrs.frozen
class KeyPair:
    """An Ed25519 key pair held as its seed and public key [AIN-CRYPTO-KEYPAIR.1]."""

    seed: bytes = attrs.field(repr=False)
    public_key: bytes


def keypair_from_seed(seed: bytes) -> KeyPair | Rejection:
    """
    Derive the key pair of a 32-byte seed.

    References
    ----------
    [AIN-CRYPTO-KEYPAIR.1] The seed is exactly 32 bytes; the public key is RFC 8032's.
    """
    # [AIN-CRYPTO-KEYPAIR.1]
    if len(seed) != SEED_SIZE:
        return Rejection(ErrorCode.CRYPTO_BAD_SEED, f"{len(seed)} bytes")
    public_key = bytes(nacl.signing.SigningKey(seed).verify_key)
    return KeyPair(seed=seed, public_key=public_key)


def is_acceptable_public_key(public_key: bytes) -> bool:
    """
    Decide whether bytes are an acceptable public key (fast path of the plain twin).

    References
    ----------
    [AIN-CRYPTO-PUBLIC-KEY.1] Canonical, on the curve, not of small order, in the prime-order
    subgroup: exactly libsodium's ``crypto_core_ed25519_is_valid_point``.
    """
    if len(public_key) != PUBLIC_KEY_SIZE:
        return False
    return is_valid_point_memoized(bytes(public_key))


@functools.lru_cache(maxsize=1 << 16)
def is_valid_point_memoized(public_key: bytes) -> bool:
    """Libsodium's point check, remembered per key: accounts sign again and again (an index)."""
    return bool(nacl.bindings.crypto_core_ed25519_is_valid_point(public_key))


# --- addresses -------------------------------------------------------------------------------


@attrs.frozen(order=True)
class Address:
    """
    An account: its Ed25519 public key, which is at once wallet, identity and channel key.

    References
    ----------
    [AIN-CRYPTO-ADDRESS.1] An address is an acceptable public key; it orders bytewise.
    """

    public_key: bytes

    def text(self) -> str:
        """The address's text form [AIN-CRYPTO-ADDRESS-TEXT.1]."""
        return format_address(self.public_key)


def address_checksum(public_key: bytes) -> bytes:
    """
    The first 4 bytes of the tagged hash of the key [AIN-CRYPTO-ADDRESS-CHECKSUM.1].

    post: len(__return__) == 4
    """
    return tagged_hash(DomainTag.ADDRESS_CHECKSUM, public_key)[:ADDRESS_CHECKSUM_SIZE]


@functools.lru_cache(maxsize=1 << 16)
def format_address(public_key: bytes) -> str:
    """
    Write an address as text: "ain", the key in lowercase hex, then the checksum in hex.

    pre: len(public_key) == 32
    post: len(__return__) == 75
    post: __return__.startswith("ain")

    References
    ----------
    [AIN-CRYPTO-ADDRESS-TEXT.1], [AIN-CRYPTO-ADDRESS-CHECKSUM.1]
    """
    return ADDRESS_PREFIX + public_key.hex() + address_checksum(public_key).hex()


def parse_address(text: str) -> Address | Rejection:
    """
    Read an address's text form, refusing any mistyped or unusable address.

    Parameters
    ----------
    text : str
        Candidate address text.

    Returns
    -------
    Address | Rejection
        The address, or the first check that fails, with the character position.

    References
    ----------
    [AIN-CRYPTO-ADDRESS-TEXT.1] Prefix "ain", then length 75, then lowercase hex only.
    [AIN-CRYPTO-ADDRESS-CHECKSUM.1] The checksum matches the key.
    [AIN-CRYPTO-ADDRESS.1] The key is acceptable ([AIN-CRYPTO-PUBLIC-KEY.1]).
    """
    # [AIN-CRYPTO-ADDRESS-TEXT.1]
    if not text.startswith(ADDRESS_PREFIX):
        return Rejection(ErrorCode.ADDRESS_BAD_PREFIX, repr(text[:3]), 0)
    if len(text) != ADDRESS_TEXT_LENGTH:
        return Rejection(ErrorCode.ADDRESS_BAD_LENGTH, f"{len(text)} characters")
    for position, character in enumerate(text[len(ADDRESS_PREFIX) :], len(ADDRESS_PREFIX)):
        if character not in LOWERCASE_HEX_DIGITS:
            return Rejection(ErrorCode.ADDRESS_BAD_CHARACTER, repr(character), position)
    payload = bytes.fromhex(text[len(ADDRESS_PREFIX) :])
    public_key, checksum = payload[:PUBLIC_KEY_SIZE], payload[PUBLIC_KEY_SIZE:]
    # [AIN-CRYPTO-ADDRESS-CHECKSUM.1]
    if checksum != address_checksum(public_key):
        return Rejection(ErrorCode.ADDRESS_BAD_CHECKSUM, "checksum does not match the key")
    # [AIN-CRYPTO-ADDRESS.1]
    if not is_acceptable_public_key(public_key):
        return Rejection(ErrorCode.CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE, "key is not acceptable")
    return Address(public_key)


# --- signatures ------------------------------------------------------------------------------


def signing_digest(tag: DomainTag, chain_id: int, payload: bytes) -> bytes | Rejection:
    """
    The 32 bytes an Ed25519 signature covers: the payload bound to its kind and its chain.

    Returns
    -------
    bytes | Rejection
        tagged_hash(tag, u64_be(chain_id) || payload), or the first failed check: a tag that
        is not signed (CRYPTO_DOMAIN_TAG_NOT_SIGNABLE), then the chain id (CRYPTO_BAD_CHAIN_ID).

    References
    ----------
    [AIN-CRYPTO-SIGN-TAGS.1] Only the tags of signed objects.
    [AIN-CRYPTO-SIGN-MESSAGE.1] The digest, and the chain id's range.
    """
    # [AIN-CRYPTO-SIGN-TAGS.1]
    if tag not in SIGNED_DOMAIN_TAGS:
        return Rejection(ErrorCode.CRYPTO_DOMAIN_TAG_NOT_SIGNABLE, tag.value)
    # [AIN-CRYPTO-SIGN-MESSAGE.1]
    if type(chain_id) is not int or not 0 <= chain_id <= CHAIN_ID_MAX:
        return Rejection(ErrorCode.CRYPTO_BAD_CHAIN_ID, f"chain id {chain_id!r}")
    return tagged_hash(tag, u64_big_endian(chain_id) + payload)


def sign(seed: bytes, tag: DomainTag, chain_id: int, payload: bytes) -> bytes | Rejection:
    """
    Sign canonical bytes under a domain tag and a chain id.

    Returns
    -------
    bytes | Rejection
        The 64-byte Ed25519 signature of ``signing_digest(tag, chain_id, payload)``, or the
        first failed check of [AIN-CRYPTO-SIGN.1]: the message (tag, then chain id), then the
        seed.

    References
    ----------
    [AIN-CRYPTO-SIGN.1] The order of the checks.
    [AIN-CRYPTO-SIGN-MESSAGE.1], [AIN-CRYPTO-KEYPAIR.1]
    """
    # [AIN-CRYPTO-SIGN.1] The message first ([AIN-CRYPTO-SIGN-TAGS.1], the chain id) ...
    digest = signing_digest(tag, chain_id, payload)
    if isinstance(digest, Rejection):
        return digest
    # ... then the key ([AIN-CRYPTO-KEYPAIR.1]).
    if len(seed) != SEED_SIZE:
        return Rejection(ErrorCode.CRYPTO_BAD_SEED, f"{len(seed)} bytes")
    return nacl.signing.SigningKey(seed).sign(digest).signature


def verify_ed25519(public_key: bytes, message: bytes, signature: bytes) -> Rejection | None:
    """
    Verify a raw Ed25519 signature under the protocol's rule (the fast path).

    Parameters
    ----------
    public_key : bytes
        32-byte key A.
    message : bytes
        Signed bytes M.
    signature : bytes
        64 bytes R || S.

    Returns
    -------
    Rejection | None
        None for a valid signature, else the first check that fails; always the same verdict
        and code as ``ed25519.verify_signature_plain`` (property-tested).

    References
    ----------
    [AIN-CRYPTO-SIG-FORMAT.2] Lengths.
    [AIN-CRYPTO-SIG-VALID.1] Acceptable key, S < L, R not of small order, cofactorless equation.
    """
    # [AIN-CRYPTO-SIG-FORMAT.2]
    if len(public_key) != PUBLIC_KEY_SIZE:
        return Rejection(ErrorCode.CRYPTO_BAD_PUBLIC_KEY_LENGTH, f"{len(public_key)} bytes")
    if len(signature) != SIGNATURE_SIZE:
        return Rejection(ErrorCode.CRYPTO_BAD_SIGNATURE_LENGTH, f"{len(signature)} bytes")
    # [AIN-CRYPTO-SIG-VALID.1] A valid signature passes all four checks, and libsodium makes the
    # last three itself: try the whole rule first, and on failure name the first check failed.
    if is_acceptable_public_key(public_key):
        try:
            nacl.bindings.crypto_sign_open(signature + message, public_key)
        except nacl.exceptions.BadSignatureError:
            pass
        else:
            return None
    return first_failed_check(public_key, signature)


def first_failed_check(public_key: bytes, signature: bytes) -> Rejection:
    """
    The first check of [AIN-CRYPTO-SIG-VALID.1] that a signature libsodium refused fails.

    References
    ----------
    [AIN-CRYPTO-SIG-VALID.1] Acceptable key, then S < L, then R not of small order, then the
    equation.
    """
    if not is_acceptable_public_key(public_key):
        return Rejection(ErrorCode.CRYPTO_PUBLIC_KEY_NOT_ACCEPTABLE)
    if int.from_bytes(signature[32:], "little") >= GROUP_ORDER:
        return Rejection(ErrorCode.CRYPTO_SIGNATURE_S_OUT_OF_RANGE)
    if encoded_y(signature[:32]) in SMALL_ORDER_Y_ENCODINGS:
        return Rejection(ErrorCode.CRYPTO_SIGNATURE_R_SMALL_ORDER)
    return Rejection(ErrorCode.CRYPTO_SIGNATURE_INVALID)


def verify(
    public_key: bytes, tag: DomainTag, chain_id: int, payload: bytes, signature: bytes
) -> Rejection | None:
    """
    Verify a protocol signature: Ed25519 over the signing digest of tag, chain id and payload.

    Returns
    -------
    Rejection | None
        None for a valid signature, else the first failed check of [AIN-CRYPTO-VERIFY.1]: the
        message (tag, chain id), then the lengths, then the checks of the signature itself.

    References
    ----------
    [AIN-CRYPTO-VERIFY.1] The order of the checks.
    [AIN-CRYPTO-SIGN-TAGS.1], [AIN-CRYPTO-SIGN-MESSAGE.1], [AIN-CRYPTO-SIG-FORMAT.2],
    [AIN-CRYPTO-SIG-VALID.1]
    """
    # [AIN-CRYPTO-VERIFY.1] The message first, then the raw Ed25519 verification.
    digest = signing_digest(tag, chain_id, payload)
    if isinstance(digest, Rejection):
        return digest
    return verify_ed25519(public_key, digest, signature)


# --- channel keys ----------------------------------------------------------------------------


def x25519_public_key(public_key: bytes) -> bytes | Rejection:
    """
    The X25519 key of an account, for secure channels.

    References
    ----------
    [AIN-CRYPTO-X25519.1] Defined for acceptable keys only: u = (1 + y) / (1 - y) mod p.
    """
    # [AIN-CRYPTO-X25519.1]
    if not is_acceptable_public_key(public_key):
        return Rejection(ErrorCode.CHANNEL_KEY_CONVERSION_FAILED, "key is not acceptable")
    return bytes(nacl.bindings.crypto_sign_ed25519_pk_to_curve25519(public_key))


def x25519_secret_key(seed: bytes) -> bytes | Rejection:
    """
    The X25519 secret of an account's seed: clamp(SHA-512(seed)[:32]).

    References
    ----------
    [AIN-CRYPTO-X25519.1], [AIN-CRYPTO-KEYPAIR.1]
    """
    keypair = keypair_from_seed(seed)
    if isinstance(keypair, Rejection):
        return keypair
    secret_key = seed + keypair.public_key
    return bytes(nacl.bindings.crypto_sign_ed25519_sk_to_curve25519(secret_key))
