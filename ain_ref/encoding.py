"""
The canonical encoding: the protocol's one binary form, a strict profile of CBOR.

``encode`` writes the profile; ``decode`` accepts exactly the profile and rejects every other
input with a typed code and the byte offset of the offending data item.

Two paths, proven equal by property tests (tests/unit/test_encoding_properties.py):

- the plain path, written head by head in this module (``encode_plain``, ``scan_item``): it is
  the spec an auditor reads next to spec/encoding.md, and it alone decides the rejection code;
- the fast path, cbor2's C codec wrapped strictly: a decode is accepted only when the value is in
  the data model with every map's keys in canonical order, and its re-encoding equals the input
  byte for byte.

Spec: spec/encoding.md ([AIN-ENC-*]).
Layer: bottom. Imports errors only.
"""

from __future__ import annotations

from typing import Final, TypeAlias

import cbor2

from ain_ref.errors import ErrorCode, Rejection

CborValue: TypeAlias = bool | int | str | bytes | list["CborValue"] | dict[str, "CborValue"] | None
"""A value of the profile's data model [AIN-ENC-TYPES.2]."""

INTEGER_MIN: Final = -(2**63)
"""Smallest integer the profile admits [AIN-ENC-INT.1]."""
INTEGER_MAX: Final = 2**64 - 1
"""Largest integer the profile admits [AIN-ENC-INT.1]."""
U64_MAX: Final = INTEGER_MAX
"""
Largest unsigned 64-bit integer: the top of every field an area bounds to ``0 .. 2**64 - 1``
(amounts, times, rates, sizes), which is the profile's own largest integer [AIN-ENC-INT.1].
"""
MAX_NESTING_DEPTH: Final = 64
"""Arrays and maps may nest this deep; a top-level array or map is at depth 1 [AIN-ENC-LIMITS.1]."""
MAX_ENCODED_SIZE: Final = 1 << 20
"""Largest accepted input, in bytes (1 MiB) [AIN-ENC-LIMITS.1]."""


def is_u64(value: object) -> bool:
    """
    Whether a value is an integer in ``0 .. 2**64 - 1``, never a boolean.

    References
    ----------
    [AIN-ENC-INT.1] The unsigned half of the profile's integers: bool is an int in Python,
    never in the protocol.
    """
    return type(value) is int and 0 <= value <= U64_MAX


MAJOR_UNSIGNED: Final = 0
MAJOR_NEGATIVE: Final = 1
MAJOR_BYTES: Final = 2
MAJOR_TEXT: Final = 3
MAJOR_ARRAY: Final = 4
MAJOR_MAP: Final = 5
MAJOR_TAG: Final = 6
MAJOR_SIMPLE: Final = 7

SIMPLE_FALSE: Final = 20
SIMPLE_TRUE: Final = 21
SIMPLE_NULL: Final = 22
ARGUMENT_ONE_BYTE: Final = 24
ARGUMENT_INDEFINITE: Final = 31
FLOAT_ADDITIONAL_INFO: Final = (25, 26, 27)
RESERVED_ADDITIONAL_INFO: Final = (28, 29, 30)
ARGUMENT_WIDTH: Final = {24: 1, 25: 2, 26: 4, 27: 8}
"""Bytes that follow the initial byte for each additional-information value 24..27."""
SHORTEST_MINIMUM: Final = {24: 24, 25: 1 << 8, 26: 1 << 16, 27: 1 << 32}
"""Smallest argument that may use each width; anything smaller has a shorter head."""


class EncodingError(ValueError):
    """``encode`` refused a value: outside the data model, or too large; ``rejection`` says why."""

    def __init__(self, rejection: Rejection) -> None:
        super().__init__(rejection.describe())
        self.rejection = rejection


# --- the data model ----------------------------------------------------------------------


def data_model_violation(value: object, depth: int = 0) -> Rejection | None:
    """
    Say why a Python value is outside the profile's data model, or return None.

    The walk is the encoder's ordered check list ([AIN-ENC-ENCODE.2], steps 1 to 4): depth
    first; at a map, every key before any value, then the values in ascending order of their
    encoded keys.

    Parameters
    ----------
    value : object
        Candidate value.
    depth : int
        Nesting depth of the array or map that holds ``value`` (0 at the top).

    Returns
    -------
    Rejection | None
        The first violation met, or None when the value is in the data model.

    Raises
    ------
    TypeError
        For a Python object that is no kind of protocol value at all (a tuple, an object): a
        caller's bug, which no protocol input can express ([AIN-ENC-TYPES.2]).

    References
    ----------
    [AIN-ENC-TYPES.2] Only null, booleans, integers, byte strings, text strings, arrays, maps.
    [AIN-ENC-INT.1] Integers lie in INTEGER_MIN .. INTEGER_MAX.
    [AIN-ENC-TEXT.1] Text is a sequence of Unicode scalar values: no surrogate code point.
    [AIN-ENC-MAP-KEYS.1] Map keys are text strings.
    [AIN-ENC-LIMITS.1] Arrays and maps nest at most MAX_NESTING_DEPTH deep.
    """
    # [AIN-ENC-TYPES.2] bool is an int in Python, never in the profile: test it first.
    if value is None or type(value) is bool or type(value) is bytes:
        return None
    if type(value) is str:
        # [AIN-ENC-TEXT.1]
        if not is_well_formed_text(value):
            return Rejection(ErrorCode.ENCODING_INVALID_UTF8, "text holds a surrogate")
        return None
    if type(value) is int:
        # [AIN-ENC-INT.1]
        if not INTEGER_MIN <= value <= INTEGER_MAX:
            return Rejection(ErrorCode.ENCODING_INTEGER_OUT_OF_RANGE, f"integer {value}")
        return None
    if type(value) is list or type(value) is dict:
        # [AIN-ENC-LIMITS.1]
        if depth + 1 > MAX_NESTING_DEPTH:
            return Rejection(ErrorCode.ENCODING_TOO_DEEP, f"depth {depth + 1}")
        children: list[object] = list(value) if type(value) is list else []
        if isinstance(value, dict):
            for key in value:
                # [AIN-ENC-MAP-KEYS.1]
                if type(key) is not str:
                    return Rejection(ErrorCode.ENCODING_KEY_NOT_TEXT, f"key {key!r}")
                # [AIN-ENC-TEXT.1]
                if not is_well_formed_text(key):
                    return Rejection(ErrorCode.ENCODING_INVALID_UTF8, "key holds a surrogate")
            children = [value[key] for key in sorted(value, key=encode_text_key)]
        for child in children:
            violation = data_model_violation(child, depth + 1)
            if violation is not None:
                return violation
        return None
    if type(value) is float:
        return Rejection(ErrorCode.ENCODING_FLOAT_NOT_ALLOWED, f"float {value!r}")
    raise TypeError(f"not a value of the data model: {type(value).__name__}")


def is_well_formed_text(text: str) -> bool:
    r"""
    Whether a Python string is Unicode scalar values only, so that it has a UTF-8 encoding.

    A Python string (like a JSON string with a ``\ud800`` escape, or a JavaScript string) may
    hold a lone surrogate code point; UTF-8 cannot encode one [AIN-ENC-TEXT.1].
    """
    if text.isascii():
        return True
    try:
        text.encode("utf-8", errors="strict")
    except UnicodeEncodeError:
        return False
    return True


def is_in_data_model(value: object, depth: int = 0, keys_in_order: bool = False) -> bool:
    """
    Whether a value is in the data model: ``data_model_violation(value) is None``, faster.

    The fast path of ``data_model_violation`` (no key sorting, no explanation); a property test
    proves the two agree. Callers that need the reason call ``data_model_violation``.

    With ``keys_in_order``, also whether every map's keys already stand in canonical order:
    the check a decoded value needs before its order-preserving re-encoding can stand for the
    canonical one. Keys ascend by (UTF-8 length, UTF-8 bytes), which is the bytewise order of
    their encodings [AIN-ENC-MAP-ORDER.1] (a text head grows with the length, and Python orders
    strings by code point, as UTF-8 orders bytes). Property-tested: true exactly when the value
    is in the data model and ``cbor2.dumps(value)`` (dict order kept) equals ``encode(value)``.
    """
    kind = type(value)
    if kind is str:
        return is_well_formed_text(value)  # type: ignore[arg-type]
    if kind is bytes or kind is bool or value is None:
        return True
    if kind is int:
        return INTEGER_MIN <= value <= INTEGER_MAX  # type: ignore[operator]
    if kind is dict:
        if depth >= MAX_NESTING_DEPTH:
            return False
        previous_length, previous_key = -1, ""
        for key, item in value.items():  # type: ignore[attr-defined]
            if type(key) is not str:
                return False
            is_ascii = key.isascii()
            if not is_ascii and not is_well_formed_text(key):
                return False
            if keys_in_order:
                length = len(key) if is_ascii else len(key.encode("utf-8"))
                if length < previous_length or (length == previous_length and key <= previous_key):
                    return False
                previous_length, previous_key = length, key
            kind = type(item)  # scalars checked in place: most entries need no call
            if kind is int:
                if not INTEGER_MIN <= item <= INTEGER_MAX:
                    return False
            elif kind is str:
                if not item.isascii() and not is_well_formed_text(item):
                    return False
            elif kind is dict or kind is list:
                if not is_in_data_model(item, depth + 1, keys_in_order):
                    return False
            elif not (kind is bytes or kind is bool or item is None):
                return False
        return True
    if kind is list:
        if depth >= MAX_NESTING_DEPTH:
            return False
        for item in value:  # type: ignore[attr-defined]  # noqa: SIM110  a loop is faster here
            if not is_in_data_model(item, depth + 1, keys_in_order):
                return False
        return True
    return False


def encode_trusted(value: CborValue) -> bytes:
    """
    Encode a value already known to be in the data model, without checking it again.

    For values decoded from canonical bytes, or checked on their way into the state; equal to
    ``encode`` on every value of the data model whose encoding fits MAX_ENCODED_SIZE
    (property-tested). It checks neither the model nor the size.
    """
    return cbor2.dumps(value, canonical=True)


# --- encoding: the plain path ------------------------------------------------------------


def encode_head(major_type: int, argument: int) -> bytes:
    """
    Encode a data item's head in its shortest form [AIN-ENC-SHORTEST.1].

    pre: 0 <= major_type <= 7
    pre: 0 <= argument <= 2**64 - 1
    post: 1 <= len(__return__) <= 9
    post: __return__[0] >> 5 == major_type
    """
    if argument < ARGUMENT_ONE_BYTE:
        return bytes([(major_type << 5) | argument])
    for additional_info, minimum in sorted(SHORTEST_MINIMUM.items(), reverse=True):
        if argument >= minimum:
            width = ARGUMENT_WIDTH[additional_info]
            return bytes([(major_type << 5) | additional_info]) + argument.to_bytes(width, "big")
    raise AssertionError("unreachable: every argument >= 24 has a width")


def encode_text_key(key: str) -> bytes:
    """Encode a map key, the bytes that order a map's entries [AIN-ENC-MAP-ORDER.1]."""
    encoded = key.encode("utf-8")
    return encode_head(MAJOR_TEXT, len(encoded)) + encoded


def encode_plain(value: CborValue) -> bytes:
    """
    Encode a value in the canonical profile, one head at a time (the spec's own encoder).

    Parameters
    ----------
    value : CborValue
        A value of the data model; check it with ``data_model_violation`` first.

    Returns
    -------
    bytes
        The value's one canonical encoding.

    References
    ----------
    [AIN-ENC-TYPES.2] Each kind of value has exactly one major type.
    [AIN-ENC-SHORTEST.1] Every head is in its shortest form.
    [AIN-ENC-DEFINITE.1] Strings, arrays and maps carry their length up front.
    [AIN-ENC-MAP-ORDER.1] Map entries are written in ascending bytewise order of encoded keys.
    """
    if value is None:
        return bytes([(MAJOR_SIMPLE << 5) | SIMPLE_NULL])
    if value is True:
        return bytes([(MAJOR_SIMPLE << 5) | SIMPLE_TRUE])
    if value is False:
        return bytes([(MAJOR_SIMPLE << 5) | SIMPLE_FALSE])
    if isinstance(value, int):
        if value >= 0:
            return encode_head(MAJOR_UNSIGNED, value)
        return encode_head(MAJOR_NEGATIVE, -1 - value)
    if isinstance(value, bytes):
        return encode_head(MAJOR_BYTES, len(value)) + value
    if isinstance(value, str):
        return encode_text_key(value)
    if isinstance(value, list):
        return encode_head(MAJOR_ARRAY, len(value)) + b"".join(encode_plain(v) for v in value)
    entries = sorted((encode_text_key(key), encode_plain(item)) for key, item in value.items())
    return encode_head(MAJOR_MAP, len(entries)) + b"".join(k + v for k, v in entries)


# --- encoding: the entry point (fast path) -------------------------------------------------


def encode(value: CborValue) -> bytes:
    """
    Encode a value in the canonical profile, refusing exactly what the decoder would refuse.

    Parameters
    ----------
    value : CborValue
        A value of the data model.

    Returns
    -------
    bytes
        Its canonical encoding; equal to ``encode_plain(value)`` (property-tested), and never
        longer than MAX_ENCODED_SIZE, so ``decode(encode(value)) == value`` always.

    Raises
    ------
    EncodingError
        When the value is outside the data model, or its encoding would be too large; its
        ``rejection`` carries the code of the first failed check of [AIN-ENC-ENCODE.2].

    References
    ----------
    [AIN-ENC-ENCODE.2] Checks in order: the data-model walk ([AIN-ENC-TYPES.2],
    [AIN-ENC-INT.1], [AIN-ENC-TEXT.1], [AIN-ENC-MAP-KEYS.1], [AIN-ENC-LIMITS.1] depth), then the
    size of the whole encoding ([AIN-ENC-LIMITS.1] size).
    """
    # [AIN-ENC-ENCODE.2] steps 1 to 4: the walk.
    if not is_in_data_model(value):
        violation = data_model_violation(value)
        if violation is None:
            raise AssertionError(f"fast and explaining data-model checks disagree on {value!r}")
        raise EncodingError(violation)
    # cbor2's canonical order is length-first (RFC 7049); for text-only keys it coincides with
    # the bytewise order of encoded keys that the profile requires (RFC 8949 section 4.2.1).
    encoded: bytes = cbor2.dumps(value, canonical=True)
    # [AIN-ENC-ENCODE.2] step 5: what the decoder would refuse as too large, the encoder refuses.
    if len(encoded) > MAX_ENCODED_SIZE:
        raise EncodingError(Rejection(ErrorCode.ENCODING_TOO_LARGE, f"{len(encoded)} bytes"))
    return encoded


# --- decoding: the plain scanner that decides every rejection --------------------------------


def read_head(data: bytes, offset: int) -> tuple[int, int, int, int] | Rejection:
    """
    Read one head and check it against the profile's head rules.

    Parameters
    ----------
    data : bytes
        The whole input.
    offset : int
        Where the head starts.

    Returns
    -------
    tuple[int, int, int, int] | Rejection
        ``(major_type, additional_info, argument, offset_after_head)``, or the rejection of the
        first head rule that fails, located at ``offset``.

    References
    ----------
    [AIN-ENC-WELLFORMED.1] Truncation, reserved values and stray breaks are malformed.
    [AIN-ENC-DEFINITE.1] No indefinite lengths.
    [AIN-ENC-TYPES.2] No floats, no tags, no simple values but false, true and null.
    [AIN-ENC-SHORTEST.1] Arguments use the shortest head.
    [AIN-ENC-INT.1] Negative integers stop at INTEGER_MIN.
    """
    # [AIN-ENC-WELLFORMED.1]
    if offset >= len(data):
        return Rejection(ErrorCode.ENCODING_TRUNCATED, "expected a data item", offset)
    major_type, additional_info = data[offset] >> 5, data[offset] & 0x1F
    if additional_info in RESERVED_ADDITIONAL_INFO:
        return Rejection(ErrorCode.ENCODING_MALFORMED, "reserved additional info", offset)
    if additional_info == ARGUMENT_INDEFINITE:
        # [AIN-ENC-DEFINITE.1] 0xff with nothing open is a stray break: malformed.
        if major_type in (MAJOR_BYTES, MAJOR_TEXT, MAJOR_ARRAY, MAJOR_MAP):
            return Rejection(ErrorCode.ENCODING_INDEFINITE_LENGTH, "indefinite length", offset)
        return Rejection(ErrorCode.ENCODING_MALFORMED, "break or indefinite scalar", offset)
    # [AIN-ENC-TYPES.2]
    if major_type == MAJOR_TAG:
        return Rejection(ErrorCode.ENCODING_TAG_NOT_ALLOWED, "tagged item", offset)
    if major_type == MAJOR_SIMPLE and additional_info in FLOAT_ADDITIONAL_INFO:
        return Rejection(ErrorCode.ENCODING_FLOAT_NOT_ALLOWED, "float", offset)

    width = ARGUMENT_WIDTH.get(additional_info, 0)
    # [AIN-ENC-WELLFORMED.1]
    if offset + 1 + width > len(data):
        return Rejection(ErrorCode.ENCODING_TRUNCATED, "head cut short", offset)
    argument = additional_info
    if width:
        argument = int.from_bytes(data[offset + 1 : offset + 1 + width], "big")

    if major_type == MAJOR_SIMPLE:
        # [AIN-ENC-WELLFORMED.1] RFC 8949 section 3.3: simple values below 32 take one byte.
        if additional_info == ARGUMENT_ONE_BYTE and argument < 32:
            return Rejection(ErrorCode.ENCODING_MALFORMED, "two-byte simple below 32", offset)
        if additional_info not in (SIMPLE_FALSE, SIMPLE_TRUE, SIMPLE_NULL):
            return Rejection(ErrorCode.ENCODING_SIMPLE_NOT_ALLOWED, f"simple {argument}", offset)
    # [AIN-ENC-SHORTEST.1]
    if width and argument < SHORTEST_MINIMUM[additional_info]:
        return Rejection(ErrorCode.ENCODING_NON_SHORTEST_FORM, f"argument {argument}", offset)
    # [AIN-ENC-INT.1]
    if major_type == MAJOR_NEGATIVE and -1 - argument < INTEGER_MIN:
        return Rejection(ErrorCode.ENCODING_INTEGER_OUT_OF_RANGE, f"-1 - {argument}", offset)
    return major_type, additional_info, argument, offset + 1 + width


def scan_item(data: bytes, offset: int, depth: int) -> int | Rejection:
    """
    Check one data item, depth first, and return the offset just after it.

    Parameters
    ----------
    data : bytes
        The whole input.
    offset : int
        Where the item starts.
    depth : int
        Nesting depth of the array or map holding this item (0 at the top level).

    Returns
    -------
    int | Rejection
        The offset after the item, or the first violation in a depth-first, left-to-right walk,
        located at the head of the offending item [AIN-ENC-LOCATION.1].

    References
    ----------
    [AIN-ENC-WELLFORMED.1] String contents must be present in full.
    [AIN-ENC-TEXT.1] Text strings are valid UTF-8.
    [AIN-ENC-LIMITS.1] Nesting is bounded.
    [AIN-ENC-MAP-KEYS.1], [AIN-ENC-MAP-ORDER.1], [AIN-ENC-MAP-UNIQUE.1] via ``scan_map``.
    """
    head = read_head(data, offset)
    if isinstance(head, Rejection):
        return head
    major_type, _, argument, position = head

    if major_type in (MAJOR_BYTES, MAJOR_TEXT):
        # [AIN-ENC-WELLFORMED.1]
        if position + argument > len(data):
            return Rejection(ErrorCode.ENCODING_TRUNCATED, "string cut short", offset)
        end = position + argument
        # [AIN-ENC-TEXT.1]
        if major_type == MAJOR_TEXT and not is_valid_utf8(data[position:end]):
            return Rejection(ErrorCode.ENCODING_INVALID_UTF8, "text is not UTF-8", offset)
        return end

    if major_type in (MAJOR_ARRAY, MAJOR_MAP):
        # [AIN-ENC-LIMITS.1]
        if depth + 1 > MAX_NESTING_DEPTH:
            return Rejection(ErrorCode.ENCODING_TOO_DEEP, f"depth {depth + 1}", offset)
        if major_type == MAJOR_MAP:
            return scan_map(data, position, argument, depth + 1)
        for _ in range(argument):
            after_element = scan_item(data, position, depth + 1)
            if isinstance(after_element, Rejection):
                return after_element
            position = after_element
        return position

    return position  # integers and the three simple values are the head alone


def scan_map(data: bytes, position: int, entry_count: int, depth: int) -> int | Rejection:
    """
    Check a map's entries: text keys, strictly ascending, then each value.

    References
    ----------
    [AIN-ENC-MAP-KEYS.1] Every key is a text string.
    [AIN-ENC-MAP-ORDER.1] Encoded keys ascend bytewise (RFC 8949 section 4.2.1).
    [AIN-ENC-MAP-UNIQUE.1] No key appears twice.
    """
    previous_key: bytes | None = None
    for _ in range(entry_count):
        key_start = position
        after_key = scan_item(data, key_start, depth)
        if isinstance(after_key, Rejection):
            return after_key
        encoded_key = data[key_start:after_key]
        # [AIN-ENC-MAP-KEYS.1]
        if encoded_key[0] >> 5 != MAJOR_TEXT:
            return Rejection(ErrorCode.ENCODING_KEY_NOT_TEXT, "key is not text", key_start)
        if previous_key is not None:
            # [AIN-ENC-MAP-UNIQUE.1]
            if encoded_key == previous_key:
                return Rejection(ErrorCode.ENCODING_DUPLICATE_KEY, "repeated key", key_start)
            # [AIN-ENC-MAP-ORDER.1]
            if encoded_key < previous_key:
                return Rejection(ErrorCode.ENCODING_UNSORTED_KEYS, "key out of order", key_start)
        previous_key = encoded_key
        after_value = scan_item(data, after_key, depth)
        if isinstance(after_value, Rejection):
            return after_value
        position = after_value
    return position


def is_valid_utf8(text_bytes: bytes) -> bool:
    """Say whether bytes are well-formed UTF-8 (no surrogates, no overlongs) [AIN-ENC-TEXT.1]."""
    try:
        text_bytes.decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        return False
    return True


def check_canonical(data: bytes) -> Rejection | None:
    """
    Decide whether bytes are one canonical data item of the profile (the plain path).

    Parameters
    ----------
    data : bytes
        Candidate encoding.

    Returns
    -------
    Rejection | None
        None when ``data`` is in the profile, else the first rule it breaks.

    References
    ----------
    [AIN-ENC-LIMITS.1] The size limit applies before anything is read.
    [AIN-ENC-SINGLE-ITEM.1] Exactly one data item, nothing after it.
    [AIN-ENC-LOCATION.1] Each rejection is located at a byte offset: 0 for the size, the first
    extra byte for trailing bytes, and otherwise where ``scan_item`` and ``read_head`` say.
    """
    # [AIN-ENC-LIMITS.1]
    if len(data) > MAX_ENCODED_SIZE:
        return Rejection(ErrorCode.ENCODING_TOO_LARGE, f"{len(data)} bytes", 0)
    end = scan_item(data, 0, 0)
    if isinstance(end, Rejection):
        return end
    # [AIN-ENC-SINGLE-ITEM.1]
    if end != len(data):
        return Rejection(ErrorCode.ENCODING_TRAILING_BYTES, f"{len(data) - end} extra", end)
    return None


# --- decoding: the entry point ---------------------------------------------------------------


def decode(data: bytes) -> CborValue | Rejection:
    """
    Decode canonical bytes into a value, or say exactly why they are not canonical.

    Parameters
    ----------
    data : bytes
        Candidate encoding.

    Returns
    -------
    CborValue | Rejection
        The value, or the rejection of the first rule broken (``check_canonical``).

    References
    ----------
    [AIN-ENC-CANONICAL.1] Bytes are accepted exactly when they are the canonical encoding of
    a value of the data model: ``encode(decode(data)) == data``.
    """
    # [AIN-ENC-LIMITS.1] Before any work at all.
    if len(data) > MAX_ENCODED_SIZE:
        return Rejection(ErrorCode.ENCODING_TOO_LARGE, f"{len(data)} bytes", 0)
    is_accepted, value = decode_fast(data)
    if is_accepted:
        return value
    rejection = check_canonical(data)
    if rejection is None:
        raise AssertionError(f"plain and fast decoders disagree on {data.hex()}")
    return rejection


def decode_fast(data: bytes) -> tuple[bool, CborValue]:
    """
    Decode with cbor2, strictly: keys in canonical order, and re-encoding gives the input.

    Returns
    -------
    tuple[bool, CborValue]
        ``(True, value)`` when accepted; ``(False, None)`` for anything else, and the plain
        scanner then names the reason. Property-tested to agree with ``check_canonical``.

    References
    ----------
    [AIN-ENC-CANONICAL.1]
    """
    try:
        value = cbor2.loads(
            data,
            allow_indefinite=False,
            allow_duplicate_keys=False,
            max_depth=MAX_NESTING_DEPTH + 1,
        )
    except Exception:  # any complaint of cbor2 is only a hint; the scanner gives the code
        return False, None
    # A value in canonical key order re-encodes, entry order kept, to its canonical bytes
    # (cbor2 always writes shortest, definite heads); cheaper than sorting again.
    if not is_in_data_model(value, keys_in_order=True):
        return False, None
    if cbor2.dumps(value) != data:
        return False, None
    return True, value
