"""
The state transition: (state, signed transaction) -> (state', receipt), and genesis.

A transaction is a signed envelope around a body. Applying it checks, in order, its size, its
encoding and shape, its chain, its signature, its expiry and its nonce; then it applies the
body's operation. A transaction refused by a check (REJECTED) or whose operation fails (FAILED)
leaves the state root exactly as it was; a successful one (SUCCESS) also advances the signer's
nonce or timestamp.

Spec: spec/transactions.md ([AIN-TX-*]).
Layer: chain. Imports state; never economy, platform or consensus (the protocol's natives are
installed from one table when the ``ain_ref`` package is imported: ain_ref.platform.areas).
"""

from __future__ import annotations

from typing import Final

import attrs

from ain_ref.crypto import (
    DomainTag,
    format_address,
    signing_digest,
    tagged_hash,
    verify_ed25519,
)
from ain_ref.encoding import (
    MAX_NESTING_DEPTH,
    CborValue,
    data_model_violation,
    decode,
    encode,
    is_in_data_model,
)
from ain_ref.errors import ErrorCode, Rejection
from ain_ref.state.apply import Transition, apply_operation
from ain_ref.state.configs import check_function_config, check_owner_config, check_rule_config
from ain_ref.state.counters import ACCOUNTS_LABEL, COUNTER_LABELS, counter_path
from ain_ref.state.labels import ConfigLabel, Subtree
from ain_ref.state.matching import variable_conflict
from ain_ref.state.natives import CallEnvironment, check_native_placement
from ain_ref.state.operations import parse_operation
from ain_ref.state.paths import StatePath, parse_path
from ain_ref.state.tree import StateTree
from ain_ref.state.values import check_state_value

MAX_TRANSACTION_SIZE: Final = 65_536
"""Largest encoded transaction, in bytes [AIN-TX-SIZE.1]."""
U64_MAX: Final = 2**64 - 1
ENVELOPE_FIELDS: Final = frozenset({"body", "signer", "signature"})
SIGNER_BYTES: Final = 32
SIGNATURE_BYTES: Final = 64
BODY_REQUIRED: Final = frozenset({"chain_id", "nonce", "timestamp", "operation"})
BODY_OPTIONAL: Final = frozenset({"expires_at"})
BODY_FIELDS: Final = BODY_REQUIRED | BODY_OPTIONAL


@attrs.frozen
class TransactionBody:
    """
    What the signer asks for [AIN-TX-ENVELOPE.1].

    ``nonce`` is an integer (ordered mode) or None (timestamp mode) [AIN-TX-NONCE.2].
    """

    chain_id: int
    nonce: int | None
    timestamp: int
    expires_at: int | None
    operation: CborValue


@attrs.frozen
class SignedTransaction:
    """
    The envelope: the body, the signer's public key, and the signature over the body.

    ``digest`` is what the signature covers [AIN-TX-SIGNATURE.2]; ``id`` names the signed
    transaction (signer and digest) wherever one transaction is meant [AIN-TX-ID.1].
    """

    body: TransactionBody
    body_bytes: bytes
    signer: bytes
    signature: bytes
    digest: bytes
    id: bytes


@attrs.frozen
class BlockContext:
    """What the chain tells a transition: which chain, the block's time (ms) and height."""

    chain_id: int
    block_time: int
    block_height: int = 0


@attrs.frozen
class Receipt:
    """
    The outcome of one transaction [AIN-TX-RECEIPT.2].

    ``status`` is SUCCESS, FAILED (checks passed, operation refused) or REJECTED (a check
    refused it); ``code`` is None on success; ``events`` and ``work`` are empty and 0 unless
    it succeeded; ``operation_codes`` has one entry per operation run (a SET's each), None
    for an applied one, ending at the one that failed. The state root is not part of a
    receipt: it is committed per block, as a root per transaction would cost a Merkle update
    per transaction.
    """

    transaction_hash: bytes | None
    status: str
    code: ErrorCode | None
    events: tuple[dict[str, CborValue], ...]
    work: int
    operation_codes: tuple[ErrorCode | None, ...] = ()


def is_u64(value: CborValue) -> bool:
    """An integer in 0 .. 2**64 - 1 (bool excluded)."""
    return type(value) is int and 0 <= value <= U64_MAX


def envelope_layout() -> tuple[bytes, bytes, bytes]:
    """
    The fixed bytes of every canonical envelope: before the body, the signer and the signature.

    Keys sort "body", "signer", "signature" (by length), and signer and signature have fixed
    sizes, so every canonical envelope is: map head and "body" (6 bytes), the body's canonical
    encoding, then "signer" and its byte-string head (9 bytes), the key, "signature" and its
    head (12 bytes), the signature [AIN-TX-ENVELOPE.1].
    """
    signer, signature = bytes(SIGNER_BYTES), bytes(SIGNATURE_BYTES)
    template = encode({"body": None, "signer": signer, "signature": signature})
    before_body = template[: template.index(encode(None))]
    return (
        before_body,
        key_and_head("signer", SIGNER_BYTES),
        key_and_head("signature", SIGNATURE_BYTES),
    )


def key_and_head(key: str, size: int) -> bytes:
    """A map key, then the head of a byte string of ``size`` bytes."""
    return encode(key) + encode(bytes(size))[:-size]


BEFORE_BODY, BEFORE_SIGNER, BEFORE_SIGNATURE = envelope_layout()
BODY_START: Final = len(BEFORE_BODY)
AFTER_BODY: Final = len(BEFORE_SIGNER) + SIGNER_BYTES + len(BEFORE_SIGNATURE) + SIGNATURE_BYTES
"""Bytes of a canonical envelope after its body: always 117."""


def read_body(raw: CborValue) -> TransactionBody | Rejection:
    """
    Read a body: chain_id, nonce, timestamp, operation, and optionally expires_at.

    References
    ----------
    [AIN-TX-ENVELOPE.1] Exactly these fields; integers in 0 .. 2**64 - 1; nonce may be null,
    expires_at may be absent but never null.
    """
    if type(raw) is not dict or not BODY_REQUIRED <= raw.keys() <= BODY_FIELDS:
        return Rejection(ErrorCode.TX_MALFORMED, "body fields")
    nonce, expires_at = raw["nonce"], raw.get("expires_at")
    if not (is_u64(raw["chain_id"]) and is_u64(raw["timestamp"])):
        return Rejection(ErrorCode.TX_MALFORMED, "chain_id and timestamp are u64")
    if not (nonce is None or is_u64(nonce)):
        return Rejection(ErrorCode.TX_MALFORMED, "nonce is a u64 or null")
    if "expires_at" in raw and not is_u64(expires_at):
        return Rejection(ErrorCode.TX_MALFORMED, "expires_at, when present, is a u64")
    chain_id, timestamp = raw["chain_id"], raw["timestamp"]
    assert isinstance(chain_id, int) and isinstance(timestamp, int)
    assert nonce is None or isinstance(nonce, int)
    assert expires_at is None or isinstance(expires_at, int)
    return TransactionBody(chain_id, nonce, timestamp, expires_at, raw["operation"])


def decode_transaction(data: bytes) -> SignedTransaction | Rejection:
    """
    Read a signed transaction from its canonical bytes (the fast path).

    When the envelope's fixed bytes stand where ``envelope_layout`` puts them, only the body
    is decoded, and the signer and signature are read in place; any other input, any body
    that fails to decode, and any body nested so deep that the envelope around it passes the
    nesting limit, goes to ``decode_transaction_plain`` for its verdict.
    Property-tested equal to ``decode_transaction_plain`` on valid and damaged envelopes.
    """
    if len(data) > MAX_TRANSACTION_SIZE:
        return Rejection(ErrorCode.TX_TOO_LARGE, f"{len(data)} bytes")
    body_end = len(data) - AFTER_BODY
    signature_at = len(data) - SIGNATURE_BYTES
    if (
        body_end > BODY_START
        and data.startswith(BEFORE_BODY)
        and data[body_end : body_end + len(BEFORE_SIGNER)] == BEFORE_SIGNER
        and data[signature_at - len(BEFORE_SIGNATURE) : signature_at] == BEFORE_SIGNATURE
    ):
        body_bytes = data[BODY_START:body_end]
        raw_body = decode(body_bytes)
        # [AIN-ENC-LIMITS.1] The body sits one level inside the envelope.
        if not isinstance(raw_body, Rejection) and is_shallow_enough(body_bytes, raw_body):
            signer_at = body_end + len(BEFORE_SIGNER)
            signer = data[signer_at : signer_at + SIGNER_BYTES]
            return read_transaction(raw_body, body_bytes, signer, data[signature_at:])
    return decode_transaction_plain(data)


NOT_CONTAINER_HEADS: Final = bytes(byte for byte in range(256) if not 0x80 <= byte <= 0xBF)
"""Every byte but the initial bytes of array and map heads (major types 4 and 5)."""


def is_shallow_enough(body_bytes: bytes, raw_body: CborValue) -> bool:
    """
    Whether a decoded body still nests within the limit once inside the envelope.

    Alone the body may nest 64 deep; inside the envelope, 63. A body nesting 64 deep holds at
    least 64 array or map heads, so a body with fewer bytes that could start one (counted in
    C) is shallow enough without walking it [AIN-ENC-LIMITS.1].
    """
    if len(body_bytes.translate(None, NOT_CONTAINER_HEADS)) < MAX_NESTING_DEPTH:
        return True
    return is_in_data_model(raw_body, depth=1)


def decode_transaction_plain(data: bytes) -> SignedTransaction | Rejection:
    """
    Read a signed transaction from its canonical bytes.

    References
    ----------
    [AIN-TX-SIZE.1] At most MAX_TRANSACTION_SIZE bytes, checked first.
    [AIN-TX-ENVELOPE.1] Canonical encoding (its own codes), then {body, signer (32 bytes),
    signature (64 bytes)}, then the body.
    """
    if len(data) > MAX_TRANSACTION_SIZE:
        return Rejection(ErrorCode.TX_TOO_LARGE, f"{len(data)} bytes")
    raw = decode(data)
    if isinstance(raw, Rejection):
        return raw
    if type(raw) is not dict or raw.keys() != ENVELOPE_FIELDS:
        return Rejection(ErrorCode.TX_MALFORMED, "an envelope is {body, signer, signature}")
    signer, signature = raw["signer"], raw["signature"]
    if not (isinstance(signer, bytes) and len(signer) == SIGNER_BYTES):
        return Rejection(ErrorCode.TX_MALFORMED, "signer is 32 bytes")
    if not (isinstance(signature, bytes) and len(signature) == SIGNATURE_BYTES):
        return Rejection(ErrorCode.TX_MALFORMED, "signature is 64 bytes")
    body_bytes = data[BODY_START : len(data) - AFTER_BODY]  # == encode(body), property-tested
    return read_transaction(raw["body"], body_bytes, signer, signature)


def read_transaction(
    raw_body: CborValue, body_bytes: bytes, signer: bytes, signature: bytes
) -> SignedTransaction | Rejection:
    """Read the body; compute the digest the signature covers [AIN-TX-SIGNATURE.2] and the id."""
    body = read_body(raw_body)
    if isinstance(body, Rejection):
        return body
    digest = signing_digest(DomainTag.TRANSACTION, body.chain_id, body_bytes)
    assert isinstance(digest, bytes)  # the chain id was checked to be a u64
    return SignedTransaction(
        body, body_bytes, signer, signature, digest, transaction_id(signer, digest)
    )


def transaction_id(signer: bytes, digest: bytes) -> bytes:
    """
    A signed transaction's id: its signer's public key and its signing digest, hashed.

    Parameters
    ----------
    signer : bytes
        The signer's 32-byte public key.
    digest : bytes
        The 32-byte signing digest [AIN-TX-SIGNATURE.2].

    References
    ----------
    [AIN-TX-ID.1] tagged_hash("AIN/transaction-id", signer || digest): two signers of one body
    make two transactions; the signature is left out, so one signer's body has one id.
    """
    return tagged_hash(DomainTag.TRANSACTION_ID, signer + digest)


def encode_transaction(body: dict[str, CborValue], signer: bytes, signature: bytes) -> bytes:
    """The canonical bytes of an envelope."""
    return encode({"body": body, "signer": signer, "signature": signature})


def sign_transaction(seed: bytes, body: dict[str, CborValue]) -> bytes:
    """Sign a body with a seed and return the envelope's bytes [AIN-TX-SIGNATURE.2]."""
    from ain_ref.crypto import KeyPair, keypair_from_seed, sign

    keypair = keypair_from_seed(seed)
    chain_id = body["chain_id"]
    assert isinstance(keypair, KeyPair) and isinstance(chain_id, int)
    signature = sign(seed, DomainTag.TRANSACTION, chain_id, encode(body))
    assert isinstance(signature, bytes)
    return encode_transaction(body, keypair.public_key, signature)


def verify_signature(transaction: SignedTransaction) -> Rejection | None:
    """
    The signature check of a decoded transaction, on its own (it needs no state).

    References
    ----------
    [AIN-TX-SIGNATURE.2] tagged_hash(AIN/transaction, u64_be(chain_id) || body bytes).
    """
    return verify_ed25519(transaction.signer, transaction.digest, transaction.signature)


def transaction_hash(transaction: SignedTransaction) -> bytes:
    """
    A transaction's id, which receipts and natives call its hash.

    References
    ----------
    [AIN-TX-ID.1]
    """
    return transaction.id


def replay_path(transaction: SignedTransaction, address_text: str) -> StatePath:
    """Where the signer's replay counter lives: its nonce, or in timestamp mode its timestamp."""
    counter = "nonce" if transaction.body.nonce is not None else "timestamp"
    return counter_path(address_text, counter)


def stored_counter(tree: StateTree, path: StatePath) -> int:
    """
    A replay counter's value, 0 when absent.

    Only genesis (which checks it) and ``advance_nonce`` write counters, so a present counter
    is always a leaf holding an integer in 0 .. 2**64 - 1 [AIN-TX-COUNTER-PROTECTED.1].
    """
    stored = tree.leaf_value_at(path)
    if stored is None:
        return 0
    if type(stored) is not int:
        raise AssertionError(f"replay counter {path.text()} holds {stored!r:.40}")
    return stored


def check_nonce(
    tree: StateTree, transaction: SignedTransaction, counter_path: StatePath
) -> Rejection | None:
    """
    The replay check of the transaction's mode.

    References
    ----------
    [AIN-TX-NONCE.2] Ordered mode: the nonce equals the signer's stored nonce (absent: 0), and
    is below 2**64 - 1 (its successor must be storable).
    [AIN-TX-NONCE-TIMESTAMP.2] Timestamp mode (nonce null): the timestamp is above the signer's
    last timestamp-mode timestamp (absent: 0). There is no unchecked mode.
    """
    body = transaction.body
    stored = stored_counter(tree, counter_path)
    if body.nonce is not None:
        if body.nonce != stored:
            return Rejection(ErrorCode.TX_NONCE_MISMATCH, f"nonce {body.nonce}, expected {stored}")
        if body.nonce == U64_MAX:
            return Rejection(ErrorCode.TX_NONCE_EXHAUSTED, f"nonce {body.nonce}")
        return None
    last_timestamp = stored
    if body.timestamp <= last_timestamp:
        return Rejection(
            ErrorCode.TX_TIMESTAMP_NOT_INCREASING, f"{body.timestamp} <= {last_timestamp}"
        )
    return None


def advance_nonce(tree: StateTree, transaction: SignedTransaction, counter_path: StatePath) -> None:
    """
    After SUCCESS or FAILED: the nonce goes up by one, or the timestamp is recorded.

    A direct write: no rule, owner or function is involved, and it is not counted as work.

    References
    ----------
    [AIN-TX-NONCE.2] [AIN-TX-NONCE-TIMESTAMP.2]
    [AIN-TX-COUNTER-ADVANCE.1] After the operation, written as SET_VALUE writes a value.
    """
    body = transaction.body
    advanced = body.nonce + 1 if body.nonce is not None else body.timestamp
    tree.set_value(counter_path, advanced)


def check_transaction(
    tree: StateTree, transaction: SignedTransaction, context: BlockContext, counter_path: StatePath
) -> Rejection | None:
    """
    The checks before any operation, in order.

    References
    ----------
    [AIN-TX-CHAIN.1] The body's chain id is the block's.
    [AIN-TX-SIGNATURE.2] The signature verifies under the signer's key (crypto's codes).
    [AIN-TX-EXPIRY.1] A block later than expires_at refuses the transaction.
    [AIN-TX-NONCE.2] [AIN-TX-NONCE-TIMESTAMP.2] The replay check of its mode.
    """
    body = transaction.body
    if body.chain_id != context.chain_id:
        return Rejection(ErrorCode.TX_WRONG_CHAIN, f"chain {body.chain_id}")
    rejection = verify_signature(transaction)
    if rejection is not None:
        return rejection
    if body.expires_at is not None and context.block_time > body.expires_at:
        return Rejection(ErrorCode.TX_EXPIRED, f"{context.block_time} > {body.expires_at}")
    return check_nonce(tree, transaction, counter_path)


def apply_transaction(tree: StateTree, data: bytes, context: BlockContext) -> Receipt:
    """
    Apply one signed transaction to the state.

    Parameters
    ----------
    tree : StateTree
        The state; changed in place by SUCCESS (the operation's writes and the replay counter)
        and FAILED (the replay counter alone), never by REJECTED.
    data : bytes
        The transaction's canonical bytes.
    context : BlockContext
        The chain id and block time.

    Returns
    -------
    Receipt
        SUCCESS, FAILED or REJECTED, with the code, events and work.

    References
    ----------
    [AIN-TX-ATOMIC.2] A transaction that is rejected leaves the root unchanged; one that fails
    changes its signer's replay counter and nothing else; a bug that raises undoes every write
    of the transaction before it propagates.
    [AIN-TX-RECEIPT.2]
    [AIN-TX-RECEIPT-CODE.1] On FAILED, the code is the failed operation's, its last code.
    [AIN-PLAT-CURRENT-TIME.1] Rules see the block's time as currentTime.
    [AIN-PLAT-NATIVE-CONTEXT.2] Natives see the block's height and time and the hash.
    """
    transaction = decode_transaction(data)
    if isinstance(transaction, Rejection):
        return Receipt(None, "REJECTED", transaction.code, (), 0)
    tx_hash = transaction_hash(transaction)  # [AIN-TX-ID.1] the id, not the signing digest
    address_text = format_address(transaction.signer)
    counter_path = replay_path(transaction, address_text)
    rejection = check_transaction(tree, transaction, context, counter_path)
    if rejection is not None:
        return Receipt(tx_hash, "REJECTED", rejection.code, (), 0)
    environment = CallEnvironment(context.block_height, context.block_time, tx_hash)
    # [AIN-PLAT-CURRENT-TIME.1] rules see the block's time as currentTime
    transition = Transition(tree, address_text, context.block_time, environment=environment)
    failure = run_operation(tree, transition, transaction.body.operation)
    advance_nonce(tree, transaction, counter_path)
    tree.commit()
    codes = tuple(transition.operation_codes)
    if failure is not None:
        return Receipt(tx_hash, "FAILED", failure.code, (), 0, codes or (failure.code,))
    return Receipt(tx_hash, "SUCCESS", None, tuple(transition.events), transition.work, codes)


def run_operation(
    tree: StateTree, transition: Transition, raw_operation: CborValue
) -> Rejection | None:
    """
    Read and apply the body's operation; on failure undo all of its writes.

    References
    ----------
    [AIN-STATE-OPERATION.1] The operation is read whole (a SET with every member) first.
    [AIN-TX-ATOMIC.2] All or nothing, even when a bug raises.
    """
    mark = tree.checkpoint()
    try:
        operation = parse_operation(raw_operation)
        failure = (
            operation
            if isinstance(operation, Rejection)
            else apply_operation(transition, operation)
        )
    except BaseException:
        tree.rollback_to(mark)
        raise
    if failure is not None:
        tree.rollback_to(mark)
    return failure


# --- genesis -----------------------------------------------------------------------------------

GENESIS_SECTIONS: Final = ("values", "rules", "owners", "functions")
CONFIG_CHECKS: Final = {
    Subtree.RULES: (ConfigLabel.RULE, check_rule_config),
    Subtree.OWNERS: (ConfigLabel.OWNER, check_owner_config),
    Subtree.FUNCTIONS: (ConfigLabel.FUNCTION, check_function_config),
}


def build_genesis(document: CborValue) -> StateTree | Rejection:
    """
    Build the initial state from a genesis document.

    The document is {"values": {path: value}, "rules": {path: rule config}, "owners": {path:
    owner config}, "functions": {path: function config}}, every section optional; paths are
    texts in their subtree. Entries are written without rules or owners, section by section,
    in ascending code point order of their path texts.

    References
    ----------
    [AIN-TX-GENESIS.2] The document is in the data model; every path, value and config passes
    the checks an operation's would (rules and owners aside); no $variable beside another;
    replay counters hold integers in 0 .. 2**64 - 1. Else GENESIS_INVALID naming the inner
    reason.
    """
    violation = data_model_violation(document)
    if violation is not None:
        return Rejection(ErrorCode.GENESIS_INVALID, "outside the data model")
    if not isinstance(document, dict) or not set(document) <= set(GENESIS_SECTIONS):
        return Rejection(ErrorCode.GENESIS_INVALID, "sections are values, rules, owners, functions")
    tree = StateTree()
    for section in GENESIS_SECTIONS:
        entries = document.get(section, {})
        if not isinstance(entries, dict):
            return Rejection(ErrorCode.GENESIS_INVALID, f"{section} is a map")
        subtree = Subtree(section)
        for path_text in sorted(entries):
            rejection = write_genesis_entry(tree, subtree, path_text, entries[path_text])
            if rejection is not None:
                return Rejection(
                    ErrorCode.GENESIS_INVALID, f"{section} {path_text}: {rejection.describe()}"
                )
    rejection = check_genesis_counters(tree)
    if rejection is not None:
        return rejection
    tree.commit()
    return tree


def write_genesis_entry(
    tree: StateTree, subtree: Subtree, path_text: str, value: CborValue
) -> Rejection | None:
    """
    Write one genesis entry: a value, or a config under its config label.

    Checks, in order: the path ([AIN-STATE-PATH.1], [AIN-STATE-PATH-VARIABLES.1]); a value:
    not null, then [AIN-STATE-VALUE.1]; a config: its kind's validity, then
    [AIN-STATE-RULE-VARIABLE.1] for the rules and functions trees.
    """
    path = parse_path(path_text, subtree)
    if isinstance(path, Rejection):
        return path
    if subtree is Subtree.VALUES:
        if value is None:
            return Rejection(ErrorCode.STATE_VALUE_INVALID, "null in genesis")
        rejection = check_state_value(value, len(path.labels))
        if rejection is not None:
            return rejection
        tree.set_value(path, value)
        return None
    label, check = CONFIG_CHECKS[subtree]
    rejection = check(value)
    if rejection is not None:
        return rejection
    if subtree is not Subtree.OWNERS and variable_conflict(tree, path) is not None:
        return Rejection(ErrorCode.RULE_VARIABLE_CONFLICT, path_text)
    if subtree is Subtree.FUNCTIONS:
        rejection = check_native_placement(path.labels, value)  # [AIN-PLAT-NATIVE-PLACEMENT.1]
        if rejection is not None:
            return rejection
    tree.set_config(path.child(str(label)), value)
    return None


def check_genesis_counters(tree: StateTree) -> Rejection | None:
    """
    Every replay counter genesis wrote is a leaf holding an integer in 0 .. 2**64 - 1.

    Accounts are checked in ascending code point order of their address labels.

    References
    ----------
    [AIN-TX-GENESIS.2] [AIN-TX-COUNTER-PROTECTED.1] No door lets a counter hold anything else.
    """
    accounts = tree.node_at(StatePath(Subtree.VALUES, (ACCOUNTS_LABEL,)))
    if accounts is None:
        return None
    for address_label in sorted(accounts.children):
        account = accounts.children[address_label]
        for counter in COUNTER_LABELS:
            node = account.children.get(counter)
            if node is not None and not (node.is_leaf() and is_u64(node.value)):
                return Rejection(
                    ErrorCode.GENESIS_INVALID, f"/accounts/{address_label}/{counter} is not a u64"
                )
    return None
