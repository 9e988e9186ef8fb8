"""
The channel area's vector handlers (spec/channel.md, "Handlers").

Spec: spec/conformance.md, "Handlers" ([AIN-CONF-HANDLER.1]); spec/channel.md.
Layer: conformance. The channel area owns this file; no other area edits it.
"""

from __future__ import annotations

from typing import Final

from ain_ref.conformance.handlers.base import Handler, HandlerResult
from ain_ref.conformance.typed_json import (
    HandlerInputError,
    Json,
    JsonObject,
    field,
    hex_or_null,
    parse_decimal,
    parse_hex,
)
from ain_ref.errors import Rejection
from ain_ref.jobs.channel import party as channel_party
from ain_ref.jobs.channel.handshake import PATTERNS, HandshakeState, noise_protocol_name
from ain_ref.jobs.channel.symmetric import HASH_FUNCTIONS
from ain_ref.jobs.channel.x25519 import KEY_SIZE, dh

NONCE_MAX: Final = 2**64 - 1
STEP_KINDS: Final = ("write", "read", "set_send_nonce", "set_receive_nonce")
NOISE_PROTOCOLS: Final = {
    noise_protocol_name(pattern_name, hash_name): (pattern_name, hash_name)
    for pattern_name in sorted(PATTERNS)
    for hash_name in sorted(HASH_FUNCTIONS)
}
"""The protocols channel/noise runs, by name: the channel's two patterns, the cacophony hashes."""


def choice_field(vector_input: JsonObject, name: str, choices: tuple[str, ...]) -> str:
    """A required string field that must be one of ``choices``."""
    value = field(vector_input, name)
    if value not in choices:
        raise HandlerInputError(f"{name}: expected one of {choices}, got {value!r:.80}")
    return str(value)


def hex_of_size(text: Json, name: str, size: int) -> bytes:
    """Hex of an exact length: the handler's own shape, a harness error otherwise."""
    value = parse_hex(text, name)
    if len(value) != size:
        raise HandlerInputError(f"{name}: expected {size} bytes")
    return value


def run_x25519(vector_input: JsonObject) -> HandlerResult:
    """
    The X25519 exchange of two 32-byte inputs, refusing an all-zero result [AIN-CHAN-DH.1].

    References
    ----------
    [AIN-CHAN-HANDLER-INPUT.1] Inputs of other lengths are a harness error; unknown fields are
    ignored.
    """
    shared = dh(
        hex_of_size(field(vector_input, "secret"), "secret", KEY_SIZE),
        hex_of_size(field(vector_input, "public_key"), "public_key", KEY_SIZE),
    )
    if isinstance(shared, Rejection):
        return shared
    return {"shared_secret": shared.hex()}


def read_remote_identity(vector_input: JsonObject, pattern: str, initiator: bool) -> bytes | None:
    """
    The peer's identity: null exactly for an IK responder, hex otherwise.

    References
    ----------
    [AIN-CHAN-HANDLER-INPUT.1]
    """
    value = field(vector_input, "remote_identity")
    if pattern == "IK" and not initiator:
        if value is not None:
            raise HandlerInputError("remote_identity: an IK responder knows no peer (null)")
        return None
    return parse_hex(value, "remote_identity")


def read_seen_openings(vector_input: JsonObject, initiator: bool) -> frozenset[bytes]:
    """
    The responder's replay memory: a list of 32-byte keys; an initiator's list is empty.

    References
    ----------
    [AIN-CHAN-HANDLER-INPUT.1] A non-empty list for an initiator is a harness error.
    """
    value = field(vector_input, "seen_openings")
    if not isinstance(value, list) or (initiator and value):
        raise HandlerInputError("seen_openings: a list of hex keys, empty for an initiator")
    return frozenset(hex_of_size(item, "seen_openings[]", KEY_SIZE) for item in value)


def read_step(step: Json) -> tuple[str, bytes | int]:
    """
    One step, its value parsed: an object with exactly one key of STEP_KINDS.

    References
    ----------
    [AIN-CHAN-HANDLER-INPUT.1] A step's shape (its one key, its hex or its nonce in
    0 .. 2**64 - 1) is a harness error, checked before the party is opened.
    """
    if not isinstance(step, dict) or len(step) != 1 or next(iter(step)) not in STEP_KINDS:
        raise HandlerInputError(f"steps[]: one of {STEP_KINDS}, got {step!r:.80}")
    ((kind, value),) = step.items()
    if kind in ("write", "read"):
        return kind, parse_hex(value, kind)
    nonce = parse_decimal(value, kind)
    if not 0 <= nonce <= NONCE_MAX:
        raise HandlerInputError(f"{kind}: a nonce is in 0 .. 2**64 - 1")
    return kind, nonce


def run_step(party: channel_party.Party, kind: str, value: bytes | int) -> JsonObject | Rejection:
    """Run one parsed step on the party; its result object, or the rejection that ends the run."""
    if kind == "write":
        assert isinstance(value, bytes)
        message = channel_party.write(party, value)
        return message if isinstance(message, Rejection) else {"message": message.hex()}
    if kind == "read":
        assert isinstance(value, bytes)
        payload = channel_party.read(party, value)
        return payload if isinstance(payload, Rejection) else {"payload": payload.hex()}
    assert isinstance(value, int)
    rejection = channel_party.set_nonce(party, kind == "set_send_nonce", value)
    return rejection if rejection is not None else {}


def run_party(vector_input: JsonObject) -> HandlerResult:
    """
    One party of a channel, driven through its steps [AIN-CHAN-HANDLER-PARTY.2].

    References
    ----------
    [AIN-CHAN-HANDLER-PARTY.2], [AIN-CHAN-SETUP.1], then each step in turn;
    [AIN-CHAN-ABANDON.1] the first rejection ends the run.
    [AIN-CHAN-HANDLER-INPUT.1] The whole input, every step included, is read before the party
    is opened; unknown fields are ignored.
    """
    pattern = choice_field(vector_input, "pattern", tuple(sorted(PATTERNS)))
    initiator = choice_field(vector_input, "role", ("initiator", "responder")) == "initiator"
    steps = field(vector_input, "steps")
    if not isinstance(steps, list):
        raise HandlerInputError("steps: expected a list")
    parsed_steps = [read_step(step) for step in steps]
    party = channel_party.open_party(
        pattern,
        initiator=initiator,
        chain_id=parse_decimal(field(vector_input, "chain_id"), "chain_id"),
        task_id=parse_hex(field(vector_input, "task_id"), "task_id"),
        seed=parse_hex(field(vector_input, "seed"), "seed"),
        remote_identity=read_remote_identity(vector_input, pattern, initiator),
        ephemeral_secret=parse_hex(field(vector_input, "ephemeral"), "ephemeral"),
        seen_openings=read_seen_openings(vector_input, initiator),
    )
    if isinstance(party, Rejection):
        return party
    results: list[JsonObject] = []
    for kind, value in parsed_steps:
        result = run_step(party, kind, value)
        if isinstance(result, Rejection):
            return result
        results.append(result)
    return {
        "results": results,
        "handshake_hash": hex_or_null(party.handshake_hash),
        "remote_identity": hex_or_null(party.remote_identity),
        "opening": hex_or_null(party.opening),
        "seen_openings": sorted(opening.hex() for opening in party.seen_openings),
    }


def optional_key(vector_input: JsonObject, name: str) -> bytes | None:
    """A 32-byte key the role may lack: absent or null means none."""
    value = vector_input.get(name)
    return None if value is None else hex_of_size(value, name, KEY_SIZE)


def noise_side(vector_input: JsonObject, side: str, name: str) -> HandshakeState:
    """One side of a cacophony case (``init`` or ``resp`` fields); KK and IK give both a static."""
    pattern_name, hash_name = NOISE_PROTOCOLS[name]
    pattern = PATTERNS[pattern_name]
    initiator = side == "init"
    static = hex_of_size(field(vector_input, f"{side}_static"), f"{side}_static", KEY_SIZE)
    remote_static = optional_key(vector_input, f"{side}_remote_static")
    peer_premessage = pattern.responder_premessage if initiator else pattern.initiator_premessage
    if (remote_static is not None) != bool(peer_premessage):
        raise HandlerInputError(f"{side}_remote_static: exactly when {pattern_name} pre-shares it")
    return HandshakeState.initialize(
        pattern,
        HASH_FUNCTIONS[hash_name],
        initiator=initiator,
        prologue=parse_hex(field(vector_input, f"{side}_prologue"), f"{side}_prologue"),
        static_secret=static,
        ephemeral_secret=hex_of_size(
            field(vector_input, f"{side}_ephemeral"), f"{side}_ephemeral", KEY_SIZE
        ),
        remote_static=remote_static,
    )


def run_noise(vector_input: JsonObject) -> HandlerResult:
    """
    A whole Noise conversation in the cacophony format, both sides run [AIN-CHAN-NOISE.1].

    References
    ----------
    [AIN-CHAN-HANDLER-NOISE.2], [AIN-CHAN-NOISE-HASHES.1]
    [AIN-CHAN-HANDLER-INPUT.1] The whole input is read before the first message is written;
    unknown fields are ignored.
    """
    name = field(vector_input, "protocol_name")
    if not isinstance(name, str) or name not in NOISE_PROTOCOLS:
        raise HandlerInputError(f"protocol_name: one of {sorted(NOISE_PROTOCOLS)}")
    payloads = field(vector_input, "payloads")
    if not isinstance(payloads, list) or len(payloads) < 2:
        raise HandlerInputError("payloads: a list of hex, at least the two handshake messages")
    plain_payloads = [parse_hex(payload, "payloads[]") for payload in payloads]
    initiator = noise_side(vector_input, "init", name)
    responder = noise_side(vector_input, "resp", name)
    messages = []
    for index, payload in enumerate(plain_payloads):
        writer, reader = (initiator, responder) if index % 2 == 0 else (responder, initiator)
        message = writer.write_next(payload)
        if isinstance(message, Rejection):
            return message
        read = reader.read_next(message)
        if isinstance(read, Rejection):
            return read
        messages.append(message.hex())
    handshake_hash = initiator.symmetric.handshake_hash
    return {"messages": messages, "handshake_hash": handshake_hash.hex()}


HANDLERS: tuple[Handler, ...] = (
    Handler(
        "channel",
        "x25519",
        run_x25519,
        call="X25519(input.secret, input.public_key)",
        compare="output.shared_secret or the rejection code",
        clauses=("AIN-CHAN-DH.1", "AIN-CHAN-HANDLER-INPUT.1"),
    ),
    Handler(
        "channel",
        "noise",
        run_noise,
        call="run a whole Noise conversation (cacophony format) on both sides",
        compare="output.messages and output.handshake_hash, or the rejection code",
        clauses=(
            "AIN-CHAN-HANDLER-NOISE.2",
            "AIN-CHAN-NOISE.1",
            "AIN-CHAN-NOISE-HASHES.1",
            "AIN-CHAN-HANDLER-INPUT.1",
        ),
    ),
    Handler(
        "channel",
        "party",
        run_party,
        call="open one party of a KK or IK channel, then run input.steps in order",
        compare="output (every step's result, handshake hash, identity, opening) or the code",
        clauses=(
            "AIN-CHAN-HANDLER-PARTY.2",
            "AIN-CHAN-HANDLER-INPUT.1",
            "AIN-CHAN-SETUP.1",
            "AIN-CHAN-NOISE.1",
            "AIN-CHAN-READ.1",
            "AIN-CHAN-REPLAY.1",
            "AIN-CHAN-ABANDON.1",
        ),
    ),
)
"""The channel area's handlers, in handler order."""
