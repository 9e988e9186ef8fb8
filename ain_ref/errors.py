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
        "An input, or an encoding, longer than 1,048,576 bytes.",
    )
    ENCODING_TRUNCATED = (
        "ENCODING_TRUNCATED",
        "AIN-ENC-WELLFORMED.1",
        "The input ends inside a data item.",
    )
    ENCODING_MALFORMED = (
        "ENCODING_MALFORMED",
        "AIN-ENC-WELLFORMED.1",
        "Additional information 28..30, a break where an item is expected, or a two-byte simple"
        " value below 32.",
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
        "AIN-ENC-TYPES.2",
        "A half, single or double precision float.",
    )
    ENCODING_TAG_NOT_ALLOWED = (
        "ENCODING_TAG_NOT_ALLOWED",
        "AIN-ENC-TYPES.2",
        "A tagged data item (major type 6); the profile admits no tags.",
    )
    ENCODING_SIMPLE_NOT_ALLOWED = (
        "ENCODING_SIMPLE_NOT_ALLOWED",
        "AIN-ENC-TYPES.2",
        "A simple value other than false, true and null.",
    )
    ENCODING_INTEGER_OUT_OF_RANGE = (
        "ENCODING_INTEGER_OUT_OF_RANGE",
        "AIN-ENC-INT.1",
        "An integer outside -2**63 .. 2**64 - 1 (decoded, only one below -2**63 can occur).",
    )
    ENCODING_INVALID_UTF8 = (
        "ENCODING_INVALID_UTF8",
        "AIN-ENC-TEXT.1",
        "Text that is not well-formed UTF-8, or (to encode) holds a surrogate code point.",
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
        "Arrays and maps nested deeper than 64.",
    )
    # ENCODING_VALUE_NOT_ENCODABLE was withdrawn with [AIN-ENC-TYPES.1]; never reuse the name.

    # --- crypto: spec/crypto.md ----------------------------------------------------------
    CRYPTO_BAD_SEED = (
        "CRYPTO_BAD_SEED",
        "AIN-CRYPTO-KEYPAIR.1",
        "A private key seed that is not exactly 32 bytes.",
    )
    CRYPTO_BAD_PUBLIC_KEY_LENGTH = (
        "CRYPTO_BAD_PUBLIC_KEY_LENGTH",
        "AIN-CRYPTO-SIG-FORMAT.2",
        "A public key that is not exactly 32 bytes.",
    )
    CRYPTO_BAD_SIGNATURE_LENGTH = (
        "CRYPTO_BAD_SIGNATURE_LENGTH",
        "AIN-CRYPTO-SIG-FORMAT.2",
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
    CRYPTO_DOMAIN_TAG_NOT_SIGNABLE = (
        "CRYPTO_DOMAIN_TAG_NOT_SIGNABLE",
        "AIN-CRYPTO-SIGN-TAGS.1",
        "A domain tag of a kind of object that is hashed but never signed.",
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
        "An address text that is not exactly 75 code points long.",
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

    # --- state: spec/state.md -------------------------------------------------------
    STATE_LABEL_EMPTY = (
        "STATE_LABEL_EMPTY",
        "AIN-STATE-LABEL.1",
        "A path label with no characters.",
    )
    STATE_LABEL_TOO_LONG = (
        "STATE_LABEL_TOO_LONG",
        "AIN-STATE-LABEL.1",
        "A path label longer than 150 bytes of UTF-8.",
    )
    STATE_LABEL_RESERVED_CHARACTER = (
        "STATE_LABEL_RESERVED_CHARACTER",
        "AIN-STATE-LABEL.1",
        "A path label with a reserved character.",
    )
    STATE_LABEL_NOT_ALLOWED_HERE = (
        "STATE_LABEL_NOT_ALLOWED_HERE",
        "AIN-STATE-LABEL-KINDS.1",
        "A variable or config label where the subtree does not allow it.",
    )
    STATE_PATH_MALFORMED = (
        "STATE_PATH_MALFORMED",
        "AIN-STATE-PATH.1",
        "A path that is not text starting with '/'.",
    )
    STATE_PATH_TOO_DEEP = (
        "STATE_PATH_TOO_DEEP",
        "AIN-STATE-PATH.1",
        "A path, or a value written at it, deeper than 30 labels.",
    )
    STATE_PATH_VARIABLE_REPEATED = (
        "STATE_PATH_VARIABLE_REPEATED",
        "AIN-STATE-PATH-VARIABLES.1",
        "A path that names the same $variable twice.",
    )
    STATE_VALUE_INVALID = (
        "STATE_VALUE_INVALID",
        "AIN-STATE-VALUE.1",
        "A value outside the state's value domain (arrays, empty maps, bad keys).",
    )
    OPERATION_MALFORMED = (
        "OPERATION_MALFORMED",
        "AIN-STATE-OPERATION.1",
        "An operation whose type, fields or field types are wrong.",
    )
    OPERATION_LIST_INVALID = (
        "OPERATION_LIST_INVALID",
        "AIN-STATE-SET.1",
        "A SET whose list is empty, longer than 50, or nests another SET.",
    )
    INC_TARGET_NOT_INTEGER = (
        "INC_TARGET_NOT_INTEGER",
        "AIN-STATE-INC.1",
        "INC_VALUE on a value that is neither absent nor an integer.",
    )
    INC_RESULT_OUT_OF_RANGE = (
        "INC_RESULT_OUT_OF_RANGE",
        "AIN-STATE-INC-RANGE.1",
        "INC_VALUE whose result leaves -2**63 .. 2**64 - 1.",
    )
    DEC_TARGET_NOT_INTEGER = (
        "DEC_TARGET_NOT_INTEGER",
        "AIN-STATE-DEC.1",
        "DEC_VALUE on a value that is neither absent nor an integer.",
    )
    DEC_RESULT_OUT_OF_RANGE = (
        "DEC_RESULT_OUT_OF_RANGE",
        "AIN-STATE-DEC-RANGE.1",
        "DEC_VALUE whose result leaves -2**63 .. 2**64 - 1.",
    )
    RULE_NOT_FOUND = (
        "RULE_NOT_FOUND",
        "AIN-STATE-RULE-MATCH.1",
        "No write rule governs the written path (writes are denied by default).",
    )
    RULE_BELOW_WRITE = (
        "RULE_BELOW_WRITE",
        "AIN-STATE-RULE-BELOW.1",
        "A value write above a path that has its own write rule.",
    )
    RULE_DENIED = (
        "RULE_DENIED",
        "AIN-STATE-RULE-EVAL.2",
        "The governing write rule evaluated to a falsy value.",
    )
    RULE_EVALUATION_ERROR = (
        "RULE_EVALUATION_ERROR",
        "AIN-STATE-RULE-ERROR.1",
        "The governing write rule failed to evaluate (type error, unknown name).",
    )
    RULE_BUDGET_EXCEEDED = (
        "RULE_BUDGET_EXCEEDED",
        "AIN-STATE-RULE-BUDGET.2",
        "The governing write rule exceeded its evaluation budget.",
    )
    RULE_SYNTAX_ERROR = (
        "RULE_SYNTAX_ERROR",
        "AIN-STATE-RULE-GRAMMAR.2",
        "A write rule expression that the rule grammar does not accept.",
    )
    RULE_TOO_LONG = (
        "RULE_TOO_LONG",
        "AIN-STATE-RULE-LIMITS.1",
        "A write rule expression longer than 4096 bytes of UTF-8.",
    )
    RULE_TOO_DEEP = (
        "RULE_TOO_DEEP",
        "AIN-STATE-RULE-LIMITS.1",
        "A write rule expression nested deeper than 64 forms.",
    )
    RULE_CONFIG_INVALID = (
        "RULE_CONFIG_INVALID",
        "AIN-STATE-RULE-CONFIG.1",
        "A rule config that is not {write: expression or boolean}.",
    )
    RULE_VARIABLE_CONFLICT = (
        "RULE_VARIABLE_CONFLICT",
        "AIN-STATE-RULE-VARIABLE.1",
        "A second $variable label beside an existing one in the rules tree.",
    )
    OWNER_CONFIG_INVALID = (
        "OWNER_CONFIG_INVALID",
        "AIN-STATE-OWNER-CONFIG.1",
        "An owner config that is not {owners: {key: permissions}}.",
    )
    OWNER_PERMISSION_DENIED = (
        "OWNER_PERMISSION_DENIED",
        "AIN-STATE-OWNER-PERMISSION.1",
        "The writer lacks the owner permission the operation needs.",
    )
    FUNCTION_CONFIG_INVALID = (
        "FUNCTION_CONFIG_INVALID",
        "AIN-STATE-FUNCTION-CONFIG.1",
        "A function config that is not {fid: {function_type, ...}}.",
    )
    FUNCTION_UNKNOWN_NATIVE = (
        "FUNCTION_UNKNOWN_NATIVE",
        "AIN-STATE-FUNCTION-CONFIG.1",
        "A NATIVE function whose id no module has registered.",
    )
    FUNCTION_DEPTH_EXCEEDED = (
        "FUNCTION_DEPTH_EXCEEDED",
        "AIN-STATE-FUNCTION-DEPTH.1",
        "Native functions triggered one another deeper than 8 calls.",
    )

    # --- transactions: spec/transactions.md ------------------------------------------------
    TX_MALFORMED = (
        "TX_MALFORMED",
        "AIN-TX-ENVELOPE.1",
        "A transaction that is not a well-formed envelope and body.",
    )
    TX_TOO_LARGE = (
        "TX_TOO_LARGE",
        "AIN-TX-SIZE.1",
        "A transaction whose encoding is longer than 65,536 bytes.",
    )
    TX_WRONG_CHAIN = (
        "TX_WRONG_CHAIN",
        "AIN-TX-CHAIN.1",
        "A transaction for another chain id.",
    )
    TX_NONCE_MISMATCH = (
        "TX_NONCE_MISMATCH",
        "AIN-TX-NONCE.2",
        "An ordered nonce that is not the signer's next nonce.",
    )
    TX_TIMESTAMP_NOT_INCREASING = (
        "TX_TIMESTAMP_NOT_INCREASING",
        "AIN-TX-NONCE-TIMESTAMP.2",
        "A timestamp-mode transaction not later than the signer's last one.",
    )
    TX_EXPIRED = (
        "TX_EXPIRED",
        "AIN-TX-EXPIRY.1",
        "A transaction applied after its expiry time.",
    )
    TX_NONCE_EXHAUSTED = (
        "TX_NONCE_EXHAUSTED",
        "AIN-TX-NONCE.2",
        "An ordered-mode transaction whose nonce is 2**64 - 1 (its successor has no encoding).",
    )
    TX_COUNTER_PROTECTED = (
        "TX_COUNTER_PROTECTED",
        "AIN-TX-COUNTER-PROTECTED.1",
        "A value write at, below or above a replay counter (nonce or timestamp).",
    )
    GENESIS_INVALID = (
        "GENESIS_INVALID",
        "AIN-TX-GENESIS.2",
        "A genesis document that does not describe a valid tree.",
    )

    STATE_PROOF_INVALID = (
        "STATE_PROOF_INVALID",
        "AIN-STATE-PROOF-VERIFY.2",
        "A state proof that does not lead to the claimed root.",
    )

    # --- economy: spec/economy.md ---------------------------------------------------------
    ECON_TRANSFER_INVALID = (
        "ECON_TRANSFER_INVALID",
        "AIN-ECON-TRANSFER.2",
        "A transfer of a non-positive or non-integer amount, or to the sender itself.",
    )
    ECON_INSUFFICIENT_BALANCE = (
        "ECON_INSUFFICIENT_BALANCE",
        "AIN-ECON-TRANSFER.2",
        "A transfer larger than the sender's balance.",
    )
    ECON_MALFORMED = (
        "ECON_MALFORMED",
        "AIN-ECON-TX-FORMAT.2",
        "An economy call of unknown kind or whose value is not a map (or true), or a field "
        "missing, ill-typed or out of range.",
    )
    ECON_AMOUNT_OUT_OF_RANGE = (
        "ECON_AMOUNT_OUT_OF_RANGE",
        "AIN-ECON-PRODUCT.1",
        "An amount, product or sum that would leave 0 .. 2**64 - 1.",
    )
    ECON_CALLER_NOT_PARTY = (
        "ECON_CALLER_NOT_PARTY",
        "AIN-ECON-CALLER.1",
        "A transition called by an account that is not the party its clause names.",
    )
    ECON_UNKNOWN_CONTRACT = (
        "ECON_UNKNOWN_CONTRACT",
        "AIN-ECON-CONTRACT-PROPOSE.1",
        "A transaction naming a contract that does not exist.",
    )
    ECON_DUPLICATE_ID = (
        "ECON_DUPLICATE_ID",
        "AIN-ECON-CONTRACT-PROPOSE.1",
        "A contract or reservation ID that is already taken.",
    )
    ECON_BAD_TERMS = (
        "ECON_BAD_TERMS",
        "AIN-ECON-CONTRACT-TERMS.1",
        "Contract or reservation terms that are inconsistent (times, split, zero quantities), "
        "or a zero amount funding the reward pool.",
    )
    ECON_DEPOSIT_TOO_SMALL = (
        "ECON_DEPOSIT_TOO_SMALL",
        "AIN-ECON-DEPOSIT-FORMULA.1",
        "A deposit below the formula's required amount.",
    )
    ECON_WRONG_STATE = (
        "ECON_WRONG_STATE",
        "AIN-ECON-CONTRACT-STATES.1",
        "A transition the contract's or reservation's current state does not allow.",
    )
    ECON_TOO_EARLY = (
        "ECON_TOO_EARLY",
        "AIN-ECON-CONTRACT-STATES.1",
        "A transition before the block time its clause requires.",
    )
    ECON_TOO_LATE = (
        "ECON_TOO_LATE",
        "AIN-ECON-CONTRACT-STATES.1",
        "A transition after the block time its clause allows.",
    )
    ECON_CAPACITY_EXCEEDED = (
        "ECON_CAPACITY_EXCEEDED",
        "AIN-ECON-RESERVE.2",
        "A reservation beyond the contract's unreserved capacity.",
    )
    ECON_UNKNOWN_RESERVATION = (
        "ECON_UNKNOWN_RESERVATION",
        "AIN-ECON-RESERVE.2",
        "A transaction naming a reservation that does not exist.",
    )
    ECON_VOUCHER_SIGNATURE_INVALID = (
        "ECON_VOUCHER_SIGNATURE_INVALID",
        "AIN-ECON-VOUCHER-SIGN.2",
        "A voucher whose signature is not the executor's over its canonical bytes.",
    )
    ECON_VOUCHER_STALE = (
        "ECON_VOUCHER_STALE",
        "AIN-ECON-VOUCHER-REDEEM.1",
        "A voucher whose nonce or cumulative count does not exceed its lane's.",
    )
    ECON_VOUCHER_EXPIRED = (
        "ECON_VOUCHER_EXPIRED",
        "AIN-ECON-VOUCHER-REDEEM.1",
        "A voucher redeemed after its expiry.",
    )
    ECON_VOUCHER_OVER_BACKING = (
        "ECON_VOUCHER_OVER_BACKING",
        "AIN-ECON-VOUCHER-REDEEM.1",
        "Vouchers whose requests, over all lanes, exceed the reservation's.",
    )
    ECON_NOTHING_TO_COLLECT = (
        "ECON_NOTHING_TO_COLLECT",
        "AIN-ECON-VOUCHER-COLLECT.1",
        "A collect on a lane with no pending redemption.",
    )
    ECON_DISPUTE_WINDOW_OPEN = (
        "ECON_DISPUTE_WINDOW_OPEN",
        "AIN-ECON-VOUCHER-COLLECT.1",
        "A collect, or a settlement, before a redemption's dispute window has closed.",
    )
    ECON_EVIDENCE_TOO_OLD = (
        "ECON_EVIDENCE_TOO_OLD",
        "AIN-ECON-SLASH-AGE.1",
        "Evidence older than the withdrawal delay, or against a deposit no longer locked.",
    )
    ECON_SLASH_NOT_PROVEN = (
        "ECON_SLASH_NOT_PROVEN",
        "AIN-ECON-SLASH-PROVER.1",
        "A slash call on chain not written by the native of an area that proves evidence.",
    )
    ECON_EVIDENCE_DUPLICATE = (
        "ECON_EVIDENCE_DUPLICATE",
        "AIN-ECON-SLASH-ONCE.1",
        "Evidence already used for a slash.",
    )
    ECON_UNKNOWN_EVIDENCE_TYPE = (
        "ECON_UNKNOWN_EVIDENCE_TYPE",
        "AIN-ECON-SLASH-TABLE.2",
        "An evidence type outside the slashing table.",
    )
    ECON_SPLIT_INVALID = (
        "ECON_SPLIT_INVALID",
        "AIN-ECON-SPLIT.1",
        "Shares in basis points that are empty, out of 0 .. 10,000, or do not sum to 10,000.",
    )
    # --- end of economy ---

    # --- platform: spec/platform.md --------------------------------------------
    NATIVE_NOT_DECLARED_HERE = (
        "NATIVE_NOT_DECLARED_HERE",
        "AIN-PLAT-NATIVE-PLACEMENT.1",
        "A NATIVE function configured, or fired, at a path its native did not declare.",
    )
    BLOCK_HEIGHT_NOT_NEXT = (
        "BLOCK_HEIGHT_NOT_NEXT",
        "AIN-PLAT-BLOCK-CHECKS.1",
        "A block whose height is not the last applied height plus one.",
    )
    BLOCK_TIME_BEFORE_PARENT = (
        "BLOCK_TIME_BEFORE_PARENT",
        "AIN-PLAT-BLOCK-CHECKS.1",
        "A block whose time is earlier than the last applied block's time.",
    )
    BLOCK_TIME_OUT_OF_RANGE = (
        "BLOCK_TIME_OUT_OF_RANGE",
        "AIN-PLAT-BLOCK-CHECKS.1",
        "A block whose time (milliseconds) is above 2**64 - 1.",
    )
    BLOCK_TOO_MANY_TRANSACTIONS = (
        "BLOCK_TOO_MANY_TRANSACTIONS",
        "AIN-PLAT-BLOCK-CHECKS.1",
        "A block with more transactions than platform/max_block_transactions.",
    )
    BLOCK_STEP_OUT_OF_BOUNDS = (
        "BLOCK_STEP_OUT_OF_BOUNDS",
        "AIN-PLAT-STEP-BOUND.1",
        "A block step writing outside its declared prefixes or past its write bound.",
    )
    PARAM_UNKNOWN = (
        "PARAM_UNKNOWN",
        "AIN-PLAT-PARAM-REGISTRY.1",
        "A parameter that no area registered.",
    )
    PARAM_WRONG_TYPE = (
        "PARAM_WRONG_TYPE",
        "AIN-PLAT-PARAM-BOUNDS.1",
        "A parameter value of the wrong type.",
    )
    PARAM_OUT_OF_BOUNDS = (
        "PARAM_OUT_OF_BOUNDS",
        "AIN-PLAT-PARAM-BOUNDS.1",
        "A parameter value below its minimum or above its maximum.",
    )
    PARAM_CONSTRAINT_VIOLATED = (
        "PARAM_CONSTRAINT_VIOLATED",
        "AIN-PLAT-PARAM-CONSTRAINTS.1",
        "Parameter values that break a cross-constraint between parameters.",
    )
    GENESIS_SUPPLY_MISMATCH = (
        "GENESIS_SUPPLY_MISMATCH",
        "AIN-PLAT-GENESIS-SUPPLY.1",
        "A protocol genesis whose allocations do not sum to its total supply.",
    )
    STAKING_AMOUNT_INVALID = (
        "STAKING_AMOUNT_INVALID",
        "AIN-PLAT-STAKE-BOND.1",
        "A bond or unbond amount that is not a positive integer.",
    )
    STAKING_NOT_A_VALIDATOR = (
        "STAKING_NOT_A_VALIDATOR",
        "AIN-PLAT-STAKE-DELEGATE.1",
        "A delegation to an account that has no self-bond.",
    )
    STAKING_BELOW_MINIMUM = (
        "STAKING_BELOW_MINIMUM",
        "AIN-PLAT-STAKE-BOND.1",
        "A self-bond that would leave the validator's self-stake below the minimum.",
    )
    STAKING_INSUFFICIENT_BALANCE = (
        "STAKING_INSUFFICIENT_BALANCE",
        "AIN-PLAT-STAKE-BOND.1",
        "A bond larger than the delegator's balance.",
    )
    STAKING_INSUFFICIENT_STAKE = (
        "STAKING_INSUFFICIENT_STAKE",
        "AIN-PLAT-STAKE-UNBOND.1",
        "An unbond larger than the stake bonded from that delegator to that validator.",
    )
    STAKING_UNBONDING_QUEUE_FULL = (
        "STAKING_UNBONDING_QUEUE_FULL",
        "AIN-PLAT-STAKE-UNBOND.1",
        "An unbond whose maturity height already holds max_unbondings_per_block entries.",
    )
    STAKING_UNBONDING_ENTRY_INVALID = (
        "STAKING_UNBONDING_ENTRY_INVALID",
        "AIN-PLAT-STAKE-MATURE.1",
        "An unbonding queue entry that is not {delegator: address, amount: positive integer}.",
    )
    # --- end of platform ---

    # --- jobs: spec/jobs.md ----------------------------------------------------
    # (the jobs area adds its codes between this line and the end of its section)
    JOBSPEC_TOO_LARGE = (
        "JOBSPEC_TOO_LARGE",
        "AIN-JOB-LIMITS.1",
        "The document is longer than MAX_SOURCE_CODE_POINTS code points.",
    )
    JOBSPEC_NOT_UTF8 = (
        "JOBSPEC_NOT_UTF8",
        "AIN-JOB-LIMITS.1",
        "The document's bytes are not valid UTF-8.",
    )
    JOBSPEC_SYNTAX_ERROR = (
        "JOBSPEC_SYNTAX_ERROR",
        "AIN-JOB-SYNTAX.1",
        "The text is not in the job-specification grammar.",
    )
    JOBSPEC_UNKNOWN_FIELD = (
        "JOBSPEC_UNKNOWN_FIELD",
        "AIN-JOB-FIELDS.1",
        "A field the block does not define.",
    )
    JOBSPEC_DUPLICATE_FIELD = (
        "JOBSPEC_DUPLICATE_FIELD",
        "AIN-JOB-FIELDS.1",
        "A field given twice in one block (or a repeated constraint).",
    )
    JOBSPEC_MISSING_FIELD = (
        "JOBSPEC_MISSING_FIELD",
        "AIN-JOB-FIELDS.1",
        "A required field is absent from its block.",
    )
    JOBSPEC_BAD_VALUE = (
        "JOBSPEC_BAD_VALUE",
        "AIN-JOB-VALUES.1",
        "A field's values are not of the kinds or words its row states.",
    )
    JOBSPEC_UNKNOWN_UNIT = (
        "JOBSPEC_UNKNOWN_UNIT",
        "AIN-JOB-UNITS.1",
        "A quantity's unit is not one of its dimension's units.",
    )
    JOBSPEC_OUT_OF_RANGE = (
        "JOBSPEC_OUT_OF_RANGE",
        "AIN-JOB-RANGES.1",
        "A number outside its field's range (after conversion to base units).",
    )
    JOBSPEC_UNSUPPORTED_VERSION = (
        "JOBSPEC_UNSUPPORTED_VERSION",
        "AIN-JOB-SCHEMA-VERSION.1",
        "The first statement is not jobspec with a supported schema version.",
    )
    JOBSPEC_BAD_ADDRESS = (
        "JOBSPEC_BAD_ADDRESS",
        "AIN-JOB-AGENT.1",
        "An address field that is not a valid account address.",
    )
    JOBSPEC_BAD_DIGEST = (
        "JOBSPEC_BAD_DIGEST",
        "AIN-JOB-RUNTIME.1",
        "An artifact digest that is not 64 lowercase hexadecimal digits.",
    )
    JOBSPEC_DEADLINE_CONTRADICTION = (
        "JOBSPEC_DEADLINE_CONTRADICTION",
        "AIN-JOB-QOS.1",
        "A minimum runtime or latency above the deadline.",
    )
    JOBSPEC_QUORUM_CONTRADICTION = (
        "JOBSPEC_QUORUM_CONTRADICTION",
        "AIN-JOB-ATTESTATION.1",
        "A quorum above the provider count, or not above half of it.",
    )
    JOBSPEC_DETERMINISM_CONTRADICTION = (
        "JOBSPEC_DETERMINISM_CONTRADICTION",
        "AIN-JOB-DETERMINISM.1",
        "A determinism class its attestation fields do not fit.",
    )
    JOBSPEC_PLACEMENT_CONTRADICTION = (
        "JOBSPEC_PLACEMENT_CONTRADICTION",
        "AIN-JOB-PLACEMENT.1",
        "Placement excludes the TEE kind the attestation requires.",
    )
    JOBSPEC_BAD_MEASUREMENT = (
        "JOBSPEC_BAD_MEASUREMENT",
        "AIN-JOB-MEASUREMENTS.1",
        "A register value that is not 64, 96 or 128 lowercase hexadecimal digits, or not the"
        " length of the job's first register value.",
    )
    JOBSPEC_MEASUREMENT_CONTRADICTION = (
        "JOBSPEC_MEASUREMENT_CONTRADICTION",
        "AIN-JOB-MEASUREMENTS.1",
        "Register values declared for a job whose tee is none.",
    )
    REGISTRY_AGENT_EXISTS = (
        "REGISTRY_AGENT_EXISTS",
        "AIN-JOB-REGISTER.1",
        "The agent address was registered before (addresses are never reused).",
    )
    REGISTRY_NOT_DEVELOPER = (
        "REGISTRY_NOT_DEVELOPER",
        "AIN-JOB-REGISTER.1",
        "The sender is not the developer the operation names or the record holds.",
    )
    REGISTRY_UNKNOWN_AGENT = (
        "REGISTRY_UNKNOWN_AGENT",
        "AIN-JOB-UPDATE.1",
        "No agent is registered at the address.",
    )
    REGISTRY_AGENT_RETIRED = (
        "REGISTRY_AGENT_RETIRED",
        "AIN-JOB-UPDATE.1",
        "The agent is retired; it cannot be updated or retired again.",
    )
    REGISTRY_ONTOLOGY_VERSION = (
        "REGISTRY_ONTOLOGY_VERSION",
        "AIN-JOB-ONTOLOGY.1",
        "The capability ontology version is not one the registry knows.",
    )
    REGISTRY_UNKNOWN_CAPABILITY = (
        "REGISTRY_UNKNOWN_CAPABILITY",
        "AIN-JOB-ONTOLOGY.1",
        "A capability term not in the named ontology version.",
    )
    REGISTRY_CAPABILITY_COUNT = (
        "REGISTRY_CAPABILITY_COUNT",
        "AIN-JOB-ONTOLOGY.1",
        "No capability, more than MAX_CAPABILITIES, or one twice.",
    )
    DISCOVERY_BAD_QUERY = (
        "DISCOVERY_BAD_QUERY",
        "AIN-JOB-DISCOVERY.1",
        "A discovery query with an unknown sort, a bad page or a malformed filter.",
    )
    MATCHING_BAD_OFFER = (
        "MATCHING_BAD_OFFER",
        "AIN-JOB-OFFER.1",
        "A provider offer with a malformed or out-of-range field.",
    )
    MATCHING_DUPLICATE_OFFER = (
        "MATCHING_DUPLICATE_OFFER",
        "AIN-JOB-OFFER.1",
        "Two offers with one offer id.",
    )
    MATCHING_BAD_LIMIT = (
        "MATCHING_BAD_LIMIT",
        "AIN-JOB-MATCH.1",
        "A match limit outside 1..MAX_MATCHES.",
    )
    REGISTRY_REQUEST_INVALID = (
        "REGISTRY_REQUEST_INVALID",
        "AIN-JOB-CHAIN-REQUEST.1",
        "A register, update or retire request whose value has the wrong shape.",
    )
    REGISTRY_SPEC_TOO_LARGE = (
        "REGISTRY_SPEC_TOO_LARGE",
        "AIN-JOB-CHAIN-REGISTER.1",
        "A request's specification is longer than jobs/max_spec_bytes bytes of UTF-8.",
    )
    REGISTRY_SPEC_INVALID = (
        "REGISTRY_SPEC_INVALID",
        "AIN-JOB-CHAIN-REGISTER.1",
        "A request's specification is not a valid job specification.",
    )
    REGISTRY_AGENT_MISMATCH = (
        "REGISTRY_AGENT_MISMATCH",
        "AIN-JOB-CHAIN-REGISTER.1",
        "A request's specification names an agent other than the request path's.",
    )
    REGISTRY_RECORD_INVALID = (
        "REGISTRY_RECORD_INVALID",
        "AIN-JOB-CHAIN-DECODE.1",
        "A stored agent record or specification that no registry native could have written.",
    )
    # --- end of jobs ---

    # --- consensus: spec/consensus.md ------------------------------------------
    # (the consensus area adds its codes between this line and the end of its section)
    CONSENSUS_EVENT_TOO_LARGE = (
        "CONSENSUS_EVENT_TOO_LARGE",
        "AIN-CONS-EVENT-SIZE.1",
        "The signed event is longer than MAX_EVENT_SIZE bytes.",
    )
    CONSENSUS_EVENT_MALFORMED = (
        "CONSENSUS_EVENT_MALFORMED",
        "AIN-CONS-EVENT-FORMAT.1",
        "The signed event is not {body, signature} with the body's fields and types.",
    )
    CONSENSUS_WRONG_CHAIN = (
        "CONSENSUS_WRONG_CHAIN",
        "AIN-CONS-EVENT-CONTEXT.1",
        "The event's chain id is not the node's.",
    )
    CONSENSUS_WRONG_EPOCH = (
        "CONSENSUS_WRONG_EPOCH",
        "AIN-CONS-EVENT-CONTEXT.1",
        "The event's epoch is not the committee's.",
    )
    CONSENSUS_UNKNOWN_AUTHOR = (
        "CONSENSUS_UNKNOWN_AUTHOR",
        "AIN-CONS-EVENT-AUTHOR.1",
        "The event's author, or a parent's author, is not in the committee.",
    )
    CONSENSUS_DUPLICATE_EVENT = (
        "CONSENSUS_DUPLICATE_EVENT",
        "AIN-CONS-EVENT-DUPLICATE.1",
        "The node already holds (or holds suspended) an event with this digest.",
    )
    CONSENSUS_ROUND_TOO_FAR_AHEAD = (
        "CONSENSUS_ROUND_TOO_FAR_AHEAD",
        "AIN-CONS-EVENT-HORIZON.1",
        "The event's round is more than MAX_ROUNDS_AHEAD above the highest round held.",
    )
    CONSENSUS_EVENT_BELOW_GC = (
        "CONSENSUS_EVENT_BELOW_GC",
        "AIN-CONS-GC.1",
        "The event's round is below the garbage-collection round.",
    )
    CONSENSUS_GENESIS_HAS_PARENTS = (
        "CONSENSUS_GENESIS_HAS_PARENTS",
        "AIN-CONS-EVENT-PARENTS.1",
        "An event of round 0 names parents.",
    )
    CONSENSUS_PARENT_ROUND_NOT_BELOW = (
        "CONSENSUS_PARENT_ROUND_NOT_BELOW",
        "AIN-CONS-EVENT-PARENTS.1",
        "A parent's round is not below the event's round.",
    )
    CONSENSUS_DUPLICATE_PARENT = (
        "CONSENSUS_DUPLICATE_PARENT",
        "AIN-CONS-EVENT-PARENTS.1",
        "Two parent references name the same digest.",
    )
    CONSENSUS_FIRST_PARENT_NOT_OWN = (
        "CONSENSUS_FIRST_PARENT_NOT_OWN",
        "AIN-CONS-EVENT-PARENTS.1",
        "An event above round 0 whose first parent is not an earlier event of its own author.",
    )
    CONSENSUS_PARENT_QUORUM_MISSING = (
        "CONSENSUS_PARENT_QUORUM_MISSING",
        "AIN-CONS-EVENT-PARENTS.1",
        "The parents of the previous round are by authors of less than quorum stake.",
    )
    CONSENSUS_PARENT_MISMATCH = (
        "CONSENSUS_PARENT_MISMATCH",
        "AIN-CONS-EVENT-PARENTS.1",
        "A held parent's round or author differs from its reference.",
    )
    CONSENSUS_TIMESTAMP_DECREASING = (
        "CONSENSUS_TIMESTAMP_DECREASING",
        "AIN-CONS-EVENT-TIMESTAMP.1",
        "The event's timestamp is below one of its parents' timestamps.",
    )
    CONSENSUS_SUSPENDED_BUFFER_FULL = (
        "CONSENSUS_SUSPENDED_BUFFER_FULL",
        "AIN-CONS-SUSPEND.1",
        "The event lacks parents and the suspended buffer holds MAX_SUSPENDED events.",
    )
    CONSENSUS_EVIDENCE_NOT_CONFLICTING = (
        "CONSENSUS_EVIDENCE_NOT_CONFLICTING",
        "AIN-CONS-EVIDENCE.1",
        "The two events of a proof differ in chain, epoch, author or round, or are the same event.",
    )
    CONSENSUS_EVIDENCE_NOT_ORDERED = (
        "CONSENSUS_EVIDENCE_NOT_ORDERED",
        "AIN-CONS-EVIDENCE.1",
        "The first event's digest of a proof is not below the second's.",
    )
    CONSENSUS_COMMITTEE_INVALID = (
        "CONSENSUS_COMMITTEE_INVALID",
        "AIN-CONS-COMMITTEE.1",
        "An empty or unsorted committee, or a stake or total outside 1 .. 2**64 - 1.",
    )
    # --- end of consensus ---

    # --- execution: spec/execution.md ------------------------------------------
    # (the execution area adds its codes between this line and the end of its section)
    EXEC_RECEIPT_BAD_SHAPE = (
        "EXEC_RECEIPT_BAD_SHAPE",
        "AIN-EXEC-RECEIPT-VERIFY.1",
        "A signed receipt or its body is not a map with exactly the listed keys.",
    )
    EXEC_RECEIPT_BAD_FIELD = (
        "EXEC_RECEIPT_BAD_FIELD",
        "AIN-EXEC-RECEIPT-VERIFY.1",
        "A receipt field has the wrong type, length or range.",
    )
    EXEC_RECEIPT_BAD_TIMES = (
        "EXEC_RECEIPT_BAD_TIMES",
        "AIN-EXEC-RECEIPT-VERIFY.1",
        "The receipt's end time is before its start time.",
    )
    EXEC_RECEIPT_WRONG_TASK = (
        "EXEC_RECEIPT_WRONG_TASK",
        "AIN-EXEC-RECEIPT-TASK.1",
        "The receipt names another task, job, input or runtime than the task's.",
    )
    EXEC_PROVIDER_INELIGIBLE = (
        "EXEC_PROVIDER_INELIGIBLE",
        "AIN-EXEC-RECEIPT-TASK.1",
        "The provider is not among the task's assigned providers.",
    )
    EXEC_BAD_SALT = (
        "EXEC_BAD_SALT",
        "AIN-EXEC-REVEAL.1",
        "A reveal's salt is not 32 bytes.",
    )
    EXEC_REVEAL_MISMATCH = (
        "EXEC_REVEAL_MISMATCH",
        "AIN-EXEC-REVEAL.1",
        "The revealed output hash and salt do not give the provider's commitment.",
    )
    EXEC_OUTPUT_MISMATCH = (
        "EXEC_OUTPUT_MISMATCH",
        "AIN-EXEC-TOLERANCE-OUTPUT.1",
        "A revealed tolerance output is absent, malformed or does not hash to the receipt's.",
    )
    EXEC_QUORUM_BAD_THRESHOLD = (
        "EXEC_QUORUM_BAD_THRESHOLD",
        "AIN-EXEC-QUORUM-THRESHOLD.1",
        "The provider list or quorum breaks 1 <= n <= 31, n < 2k, k <= n.",
    )
    EXEC_BAD_TOLERANCE = (
        "EXEC_BAD_TOLERANCE",
        "AIN-EXEC-TOLERANCE.1",
        "The tolerance is missing, present for another class, or outside its metric's range.",
    )
    EXEC_BAD_VOTE = (
        "EXEC_BAD_VOTE",
        "AIN-EXEC-QUORUM.1",
        "A vote is malformed (key, hash, output or TEE verdict).",
    )
    EXEC_EVIDENCE_NOT_CONFLICTING = (
        "EXEC_EVIDENCE_NOT_CONFLICTING",
        "AIN-EXEC-EVIDENCE-CONFLICT.1",
        "The two receipts are not by one provider for one task with different outputs.",
    )
    EXEC_EVIDENCE_NOT_MISSED = (
        "EXEC_EVIDENCE_NOT_MISSED",
        "AIN-EXEC-EVIDENCE-MISSED.1",
        "The provider did not commit, revealed in time, or the reveal deadline has not passed.",
    )
    EXEC_EVIDENCE_NOT_MISMATCH = (
        "EXEC_EVIDENCE_NOT_MISMATCH",
        "AIN-EXEC-EVIDENCE-TEE.1",
        "The TEE verdict given is not a measurement mismatch.",
    )
    EXEC_BAD_REQUEST = (
        "EXEC_BAD_REQUEST",
        "AIN-EXEC-REQUEST.1",
        "A request's ids and hashes are not 32 bytes, or its price is not in 0..2**64 - 1.",
    )
    EXEC_BAD_COMMITMENT = (
        "EXEC_BAD_COMMITMENT",
        "AIN-EXEC-COMMIT.1",
        "A commitment is not 32 bytes.",
    )
    EXEC_UNKNOWN_TASK = (
        "EXEC_UNKNOWN_TASK",
        "AIN-EXEC-LIFECYCLE.1",
        "No task has this id.",
    )
    EXEC_TASK_EXISTS = (
        "EXEC_TASK_EXISTS",
        "AIN-EXEC-REQUEST.1",
        "A task with this id was already requested.",
    )
    EXEC_BAD_DEADLINES = (
        "EXEC_BAD_DEADLINES",
        "AIN-EXEC-REQUEST.1",
        "The request's times do not satisfy time < commit deadline < reveal deadline.",
    )
    EXEC_TASK_CLOSED = (
        "EXEC_TASK_CLOSED",
        "AIN-EXEC-LIFECYCLE.1",
        "The task is settled, expired or cancelled.",
    )
    EXEC_COMMIT_LATE = (
        "EXEC_COMMIT_LATE",
        "AIN-EXEC-COMMIT.1",
        "The commitment arrives at or after the commit deadline.",
    )
    EXEC_ALREADY_COMMITTED = (
        "EXEC_ALREADY_COMMITTED",
        "AIN-EXEC-COMMIT.1",
        "The provider has already committed for this task.",
    )
    EXEC_REVEAL_EARLY = (
        "EXEC_REVEAL_EARLY",
        "AIN-EXEC-REVEAL.1",
        "The reveal arrives before the commit deadline.",
    )
    EXEC_REVEAL_LATE = (
        "EXEC_REVEAL_LATE",
        "AIN-EXEC-REVEAL.1",
        "The reveal arrives at or after the reveal deadline.",
    )
    EXEC_NOT_COMMITTED = (
        "EXEC_NOT_COMMITTED",
        "AIN-EXEC-REVEAL.1",
        "The provider reveals without having committed.",
    )
    EXEC_ALREADY_REVEALED = (
        "EXEC_ALREADY_REVEALED",
        "AIN-EXEC-REVEAL.1",
        "The provider has already revealed for this task.",
    )
    EXEC_SETTLE_EARLY = (
        "EXEC_SETTLE_EARLY",
        "AIN-EXEC-SETTLE.1",
        "Settlement before the reveal deadline while a committed provider has not revealed.",
    )
    EXEC_NOT_EXECUTOR = (
        "EXEC_NOT_EXECUTOR",
        "AIN-EXEC-CANCEL.1",
        "Only the task's executor may cancel it.",
    )
    EXEC_CANCEL_TOO_LATE = (
        "EXEC_CANCEL_TOO_LATE",
        "AIN-EXEC-CANCEL.1",
        "A task with a commitment can no longer be cancelled.",
    )
    EXEC_PAYMENT_REFUSED = (
        "EXEC_PAYMENT_REFUSED",
        "AIN-EXEC-PAYMENT-PORT.1",
        "The payment port refused to escrow the task's price.",
    )
    EXEC_CALL_MALFORMED = (
        "EXEC_CALL_MALFORMED",
        "AIN-EXEC-CHAIN-FIELDS.3",
        "An execution call of an unknown kind, or whose fields are not its kind's layout.",
    )
    EXEC_TIMEOUT_QUEUE_FULL = (
        "EXEC_TIMEOUT_QUEUE_FULL",
        "AIN-EXEC-CHAIN-QUEUE.1",
        "The timeout queue of the request's reveal-deadline height is full.",
    )
    EXEC_UNKNOWN_OFFENCE = (
        "EXEC_UNKNOWN_OFFENCE",
        "AIN-EXEC-CHAIN-SLASH.1",
        "No offence is recorded under this evidence id.",
    )
    EXEC_OFFENCE_NOT_SLASHABLE = (
        "EXEC_OFFENCE_NOT_SLASHABLE",
        "AIN-EXEC-CHAIN-SLASH.1",
        "The recorded offence names no contract: its provider held no seat of the task.",
    )
    EXEC_RESERVATION_WRONG_CONTRACT = (
        "EXEC_RESERVATION_WRONG_CONTRACT",
        "AIN-EXEC-CHAIN-RESERVATIONS.2",
        "A seat's reservation is on another contract than the seat's.",
    )
    EXEC_RESERVATION_EXHAUSTED = (
        "EXEC_RESERVATION_EXHAUSTED",
        "AIN-EXEC-CHAIN-RESERVATIONS.2",
        "A seat's reservation has no request left that vouchers have not promised, or its"
        " price per request is 0.",
    )
    EXEC_PRICE_MISMATCH = (
        "EXEC_PRICE_MISMATCH",
        "AIN-EXEC-CHAIN-RESERVATIONS.2",
        "A task paid from reservations whose price is not the sum of their prices per request.",
    )
    EXEC_UNKNOWN_AGENT = (
        "EXEC_UNKNOWN_AGENT",
        "AIN-EXEC-CHAIN-AGENT.1",
        "The request's agent has no registered record that reads back.",
    )
    EXEC_AGENT_RETIRED = (
        "EXEC_AGENT_RETIRED",
        "AIN-EXEC-CHAIN-AGENT.1",
        "The request's agent is retired.",
    )
    EXEC_JOB_MISMATCH = (
        "EXEC_JOB_MISMATCH",
        "AIN-EXEC-CHAIN-AGENT.1",
        "The request's job id is not the registered agent's job id.",
    )
    EXEC_TERMS_MISMATCH = (
        "EXEC_TERMS_MISMATCH",
        "AIN-EXEC-CHAIN-AGENT.1",
        "The request's runtime, quorum, class or tolerance disagree with the agent's job.",
    )
    EXEC_TEE_ROOT_MISSING = (
        "EXEC_TEE_ROOT_MISSING",
        "AIN-EXEC-CHAIN-TEE-TERMS.1",
        "No root is pinned in chain state for the TEE profile the request's job names.",
    )
    EXEC_EVIDENCE_MISSING = (
        "EXEC_EVIDENCE_MISSING",
        "AIN-EXEC-CHAIN-TEE.1",
        "A reveal of a task whose job names a TEE carries no attestation document.",
    )
    EXEC_EVIDENCE_UNEXPECTED = (
        "EXEC_EVIDENCE_UNEXPECTED",
        "AIN-EXEC-CHAIN-TEE.1",
        "A reveal of a task whose job names no TEE carries an attestation document.",
    )
    EXEC_REVEAL_NOT_PROVIDER = (
        "EXEC_REVEAL_NOT_PROVIDER",
        "AIN-EXEC-CHAIN-TEE.1",
        "A reveal with TEE evidence is signed by another account than the receipt's provider.",
    )
    # --- end of execution ---

    # --- tee: spec/tee.md ------------------------------------------------------
    # (the TEE evidence profiles add their codes between this line and the end of this section)
    TEE_PROFILE_UNKNOWN = (
        "TEE_PROFILE_UNKNOWN",
        "AIN-TEE-PROFILE.1",
        "The evidence names a profile the registry does not hold.",
    )
    TEE_EXPECTATION_EMPTY = (
        "TEE_EXPECTATION_EMPTY",
        "AIN-TEE-EXPECTATION.1",
        "The expected measurements list no register.",
    )
    TEE_EVIDENCE_TOO_LARGE = (
        "TEE_EVIDENCE_TOO_LARGE",
        "AIN-TEE-NITRO-SIZE.1",
        "The evidence is longer than 16,384 bytes.",
    )
    TEE_CBOR_TRUNCATED = (
        "TEE_CBOR_TRUNCATED",
        "AIN-TEE-CBOR-WELLFORMED.1",
        "The bytes end inside a data item.",
    )
    TEE_CBOR_MALFORMED = (
        "TEE_CBOR_MALFORMED",
        "AIN-TEE-CBOR-WELLFORMED.1",
        "Additional information 28..30, a break or additional information 31 outside a"
        " string, array or map head, or a text string that is not UTF-8.",
    )
    TEE_CBOR_INDEFINITE_LENGTH = (
        "TEE_CBOR_INDEFINITE_LENGTH",
        "AIN-TEE-CBOR-DEFINITE.1",
        "An indefinite-length byte string, text string, array or map.",
    )
    TEE_CBOR_TOO_MANY_ITEMS = (
        "TEE_CBOR_TOO_MANY_ITEMS",
        "AIN-TEE-CBOR-LIMITS.1",
        "More than 256 data items in one read.",
    )
    TEE_CBOR_TOO_DEEP = (
        "TEE_CBOR_TOO_DEEP",
        "AIN-TEE-CBOR-LIMITS.1",
        "A data item nested deeper than 4.",
    )
    TEE_CBOR_TYPE_NOT_ALLOWED = (
        "TEE_CBOR_TYPE_NOT_ALLOWED",
        "AIN-TEE-CBOR-TYPES.1",
        "A float, a simple value other than false, true and null, a tag below the top level,"
        " or a map key that is neither an integer nor a text string.",
    )
    TEE_CBOR_DUPLICATE_KEY = (
        "TEE_CBOR_DUPLICATE_KEY",
        "AIN-TEE-CBOR-KEYS.1",
        "Two keys of one map with equal values.",
    )
    TEE_CBOR_TRAILING_BYTES = (
        "TEE_CBOR_TRAILING_BYTES",
        "AIN-TEE-CBOR-SINGLE-ITEM.1",
        "Bytes remain after the one top-level data item.",
    )
    TEE_COSE_MALFORMED = (
        "TEE_COSE_MALFORMED",
        "AIN-TEE-COSE-STRUCTURE.1",
        "Not a COSE_Sign1 of four items of the stated types, a tag other than 18, a protected"
        " header that is not a map or carries crit, or a signature not of 96 bytes.",
    )
    TEE_COSE_BAD_ALGORITHM = (
        "TEE_COSE_BAD_ALGORITHM",
        "AIN-TEE-COSE-ALGORITHM.1",
        "The protected header's algorithm is absent or not ES384 (-35).",
    )
    TEE_PAYLOAD_MALFORMED = (
        "TEE_PAYLOAD_MALFORMED",
        "AIN-TEE-NITRO-PAYLOAD.1",
        "The attestation document is not a map, or has a key it does not define.",
    )
    TEE_PAYLOAD_MISSING_FIELD = (
        "TEE_PAYLOAD_MISSING_FIELD",
        "AIN-TEE-NITRO-FIELDS.1",
        "A required field of the attestation document is absent.",
    )
    TEE_PAYLOAD_BAD_FIELD = (
        "TEE_PAYLOAD_BAD_FIELD",
        "AIN-TEE-NITRO-FIELDS.1",
        "A field of the attestation document has the wrong type, length, count or value.",
    )
    TEE_CERT_ROOT_MISMATCH = (
        "TEE_CERT_ROOT_MISMATCH",
        "AIN-TEE-CHAIN-ROOT.1",
        "The first certificate of the bundle is not byte for byte the pinned root.",
    )
    TEE_CERT_MALFORMED = (
        "TEE_CERT_MALFORMED",
        "AIN-TEE-CHAIN-PARSE.2",
        "A certificate that is not the DER X.509 structure the chain reader admits.",
    )
    TEE_CERT_BAD_ALGORITHM = (
        "TEE_CERT_BAD_ALGORITHM",
        "AIN-TEE-CHAIN-ALGORITHM.2",
        "An algorithm identifier other than ecdsa-with-SHA384, or a key not a P-384 point.",
    )
    TEE_CERT_NAME_MISMATCH = (
        "TEE_CERT_NAME_MISMATCH",
        "AIN-TEE-CHAIN-NAMES.1",
        "A certificate's issuer is not its predecessor's subject.",
    )
    TEE_CERT_SIGNATURE_INVALID = (
        "TEE_CERT_SIGNATURE_INVALID",
        "AIN-TEE-CHAIN-SIGNATURE.2",
        "A certificate's signature is no DER ECDSA-Sig-Value verifying under its issuer's key.",
    )
    TEE_CERT_NOT_YET_VALID = (
        "TEE_CERT_NOT_YET_VALID",
        "AIN-TEE-CHAIN-VALIDITY.1",
        "The document's timestamp is before a certificate's notBefore.",
    )
    TEE_CERT_EXPIRED = (
        "TEE_CERT_EXPIRED",
        "AIN-TEE-CHAIN-VALIDITY.1",
        "The document's timestamp is after a certificate's notAfter.",
    )
    TEE_CERT_UNKNOWN_CRITICAL_EXTENSION = (
        "TEE_CERT_UNKNOWN_CRITICAL_EXTENSION",
        "AIN-TEE-CHAIN-CRITICAL.1",
        "A critical extension other than basic constraints and key usage.",
    )
    TEE_CERT_NOT_CA = (
        "TEE_CERT_NOT_CA",
        "AIN-TEE-CHAIN-CA.1",
        "A certificate of the bundle without basic constraints cA true.",
    )
    TEE_CERT_PATH_LENGTH = (
        "TEE_CERT_PATH_LENGTH",
        "AIN-TEE-CHAIN-CA.1",
        "More CA certificates follow a bundle certificate than its pathLenConstraint allows.",
    )
    TEE_CERT_LEAF_IS_CA = (
        "TEE_CERT_LEAF_IS_CA",
        "AIN-TEE-CHAIN-LEAF.1",
        "The signing certificate's basic constraints say cA true.",
    )
    TEE_CERT_KEY_USAGE = (
        "TEE_CERT_KEY_USAGE",
        "AIN-TEE-CHAIN-KEY-USAGE.1",
        "A bundle certificate without keyCertSign, or a signing certificate without"
        " digitalSignature, in a key usage extension that must be present.",
    )
    TEE_SIGNATURE_INVALID = (
        "TEE_SIGNATURE_INVALID",
        "AIN-TEE-COSE-SIGNATURE.1",
        "The COSE signature does not verify under the signing certificate's key.",
    )
    TEE_MEASUREMENT_MISMATCH = (
        "TEE_MEASUREMENT_MISMATCH",
        "AIN-TEE-MEASUREMENTS.1",
        "An expected register is absent from the document or holds another value.",
    )
    TEE_BINDING_MISMATCH = (
        "TEE_BINDING_MISMATCH",
        "AIN-TEE-BINDING.1",
        "The document's nonce is absent, null or not the task's binding.",
    )
    # --- end of tee ---

    # --- channel: spec/channel.md ----------------------------------------------
    # (the secure channel adds its codes between this line and the end of this section)
    CHANNEL_BAD_TASK_ID = (
        "CHANNEL_BAD_TASK_ID",
        "AIN-CHAN-PROLOGUE.1",
        "A task id that is not 32 bytes.",
    )
    CHANNEL_BAD_EPHEMERAL_KEY = (
        "CHANNEL_BAD_EPHEMERAL_KEY",
        "AIN-CHAN-EPHEMERAL.1",
        "An ephemeral X25519 secret that is not 32 bytes.",
    )
    CHANNEL_OUT_OF_ORDER = (
        "CHANNEL_OUT_OF_ORDER",
        "AIN-CHAN-ORDER.1",
        "A party writes when it must read, or reads when it must write, during the handshake.",
    )
    CHANNEL_MESSAGE_TOO_LONG = (
        "CHANNEL_MESSAGE_TOO_LONG",
        "AIN-CHAN-MESSAGE-LENGTH.1",
        "A message, written or read, longer than 65,535 bytes.",
    )
    CHANNEL_MESSAGE_TRUNCATED = (
        "CHANNEL_MESSAGE_TRUNCATED",
        "AIN-CHAN-READ.1",
        "A message shorter than the keys and tags its pattern requires.",
    )
    CHANNEL_SMALL_ORDER_KEY = (
        "CHANNEL_SMALL_ORDER_KEY",
        "AIN-CHAN-SMALL-ORDER.1",
        "A received X25519 public key of small order (one of the blocked u values).",
    )
    CHANNEL_DH_ALL_ZERO = (
        "CHANNEL_DH_ALL_ZERO",
        "AIN-CHAN-DH.1",
        "An X25519 exchange whose shared secret is 32 zero bytes.",
    )
    CHANNEL_MESSAGE_NOT_AUTHENTIC = (
        "CHANNEL_MESSAGE_NOT_AUTHENTIC",
        "AIN-CHAN-AEAD.1",
        "A ciphertext whose ChaCha20-Poly1305 tag does not verify: wrong prologue, wrong key,"
        " tampered, reordered or replayed.",
    )
    CHANNEL_IDENTITY_MISMATCH = (
        "CHANNEL_IDENTITY_MISMATCH",
        "AIN-CHAN-IK-IDENTITY.1",
        "An IK opening whose claimed Ed25519 identity does not convert to the static key it"
        " proved.",
    )
    CHANNEL_OPENING_REPLAYED = (
        "CHANNEL_OPENING_REPLAYED",
        "AIN-CHAN-REPLAY.1",
        "A first handshake message whose ephemeral key the responder already accepted for this"
        " task.",
    )
    CHANNEL_NONCE_EXHAUSTED = (
        "CHANNEL_NONCE_EXHAUSTED",
        "AIN-CHAN-NONCE.1",
        "A transport message at nonce 2**64 - 1, which Noise reserves.",
    )
    # --- end of channel ---

    # --- governance: spec/governance.md ----------------------------------------
    # (the governance area adds its codes between this line and the end of its section)
    GOV_SNAPSHOT_INVALID = (
        "GOV_SNAPSHOT_INVALID",
        "AIN-GOV-SNAPSHOT.1",
        "A snapshot with a repeated validator or delegation, an amount out of range, a"
        " delegation to an unlisted validator or to itself, or delegations above a power.",
    )
    GOV_THRESHOLD_INVALID = (
        "GOV_THRESHOLD_INVALID",
        "AIN-GOV-THRESHOLDS.1",
        "A threshold whose denominator is outside 1 .. 2**64 - 1 or whose numerator is"
        " outside 0 .. denominator.",
    )
    GOV_VOTE_OPTION_INVALID = (
        "GOV_VOTE_OPTION_INVALID",
        "AIN-GOV-OPTIONS.1",
        "A vote whose option is not exactly one of yes, no, abstain, veto.",
    )
    GOV_VOTER_NO_POWER = (
        "GOV_VOTER_NO_POWER",
        "AIN-GOV-VOTER.1",
        "A vote by an account that is neither a validator of positive power nor a delegator"
        " in the snapshot.",
    )
    GOV_MALFORMED = (
        "GOV_MALFORMED",
        "AIN-GOV-CALL.1",
        "A governance call of unknown kind, whose value is not a map, or with a field missing,"
        " ill-typed or out of range.",
    )
    GOV_CHANGE_INVALID = (
        "GOV_CHANGE_INVALID",
        "AIN-GOV-CHANGE.1",
        "A proposal's change that is not a map of 1 .. 8 entries indexed 0 .. n - 1, each"
        " {parameter, value}, with no parameter twice.",
    )
    GOV_PROPOSAL_UNKNOWN = (
        "GOV_PROPOSAL_UNKNOWN",
        "AIN-GOV-CALL.1",
        "A call naming a proposal that was never submitted.",
    )
    GOV_DEPOSIT_TOO_SMALL = (
        "GOV_DEPOSIT_TOO_SMALL",
        "AIN-GOV-SUBMIT.2",
        "A submission whose initial deposit is below governance/min_initial_deposit.",
    )
    GOV_TOO_MANY_OPEN = (
        "GOV_TOO_MANY_OPEN",
        "AIN-GOV-SUBMIT.2",
        "A submission by a proposer who already has governance/max_open_proposals proposals"
        " in their deposit or voting period.",
    )
    GOV_QUEUE_FULL = (
        "GOV_QUEUE_FULL",
        "AIN-GOV-QUEUE.1",
        "A submission one of whose three heights already has 8 queued proposals.",
    )
    GOV_INSUFFICIENT_BALANCE = (
        "GOV_INSUFFICIENT_BALANCE",
        "AIN-GOV-SUBMIT.2",
        "A submission or deposit larger than the depositor's balance.",
    )
    GOV_WRONG_STATUS = (
        "GOV_WRONG_STATUS",
        "AIN-GOV-LIFECYCLE.1",
        "A deposit, vote, cancel or claim on a proposal whose status does not allow it.",
    )
    GOV_NOT_PROPOSER = (
        "GOV_NOT_PROPOSER",
        "AIN-GOV-CANCEL.1",
        "A cancel signed by another account than the proposer.",
    )
    GOV_NOTHING_TO_CLAIM = (
        "GOV_NOTHING_TO_CLAIM",
        "AIN-GOV-CLAIM.1",
        "A claim by an account that holds no deposit on the proposal.",
    )
    GOV_PROPOSAL_ID_TAKEN = (
        "GOV_PROPOSAL_ID_TAKEN",
        "AIN-GOV-SUBMIT.2",
        "A submission whose next proposal id already has something stored at its record path"
        " (only genesis overrides put it there).",
    )
    # --- end of governance ---


@attrs.frozen
class SourceLocation:
    """
    Where in a text a rejection was found: 1-based line and column, columns in code points.

    Byte inputs (encodings, envelopes) locate by byte offset (an ``int``) instead.
    """

    line: int
    column: int


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
    location: int | SourceLocation | None = None  # byte offset, or line and column, if any
    clause: str = attrs.field(
        default=attrs.Factory(lambda self: self.code.clause, takes_self=True),
    )

    def describe(self) -> str:
        """One line for people: code, clause, detail and location."""
        where = ""
        if isinstance(self.location, SourceLocation):
            where = f" at line {self.location.line}, column {self.location.column}"
        elif self.location is not None:
            where = f" at {self.location}"
        detail = f": {self.detail}" if self.detail else ""
        return f"{self.code} [{self.clause}]{where}{detail}"
