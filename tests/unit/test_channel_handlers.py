"""The channel handlers: harness errors for malformed input, and every channel code in a vector."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ain_ref.conformance.handlers.channel import run_noise, run_party, run_x25519
from ain_ref.conformance.typed_json import HandlerInputError
from ain_ref.errors import ErrorCode
from ain_ref.vectors.format import iter_vector_files

VECTORS = Path(__file__).parents[2] / "vectors" / "channel"
KEY = "11" * 32


def party(**changes: Any) -> dict[str, Any]:
    """A well-formed KK initiator input, with fields replaced."""
    document: dict[str, Any] = {
        "pattern": "KK",
        "role": "initiator",
        "chain_id": "7",
        "task_id": "00" * 32,
        "seed": "22" * 32,
        "remote_identity": "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "ephemeral": KEY,
        "seen_openings": [],
        "steps": [],
    }
    document.update(changes)
    return document


@pytest.mark.parametrize(
    "vector_input",
    [
        party(pattern="XX"),
        party(role="observer"),
        party(steps={"write": ""}),
        party(steps=[{"write": "", "read": ""}]),
        party(steps=[{"send": ""}]),
        party(steps=[{"write": "0"}]),
        party(steps=[{"set_send_nonce": str(2**64)}]),
        party(steps=[{"set_receive_nonce": "-1"}]),
        party(seen_openings=[KEY]),
        party(role="responder", seen_openings=[KEY[:-2]]),
        party(pattern="IK", role="responder"),
        party(remote_identity=None),
        party(chain_id=7),
        party(task_id="ZZ"),
        party(chain_id=str(2**64), steps=[{"write": "zz"}]),
        party(task_id="00", steps=[{"set_send_nonce": str(2**64)}]),
        party(role="responder", steps=[{"write": ""}, {"read": "0"}]),
        party(steps=[{"read": ""}, {"set_receive_nonce": "01"}]),
        party(remote_identity="00" * 31, steps=[{"write": ""}, "write"]),
    ],
)
def test_malformed_party_input_is_a_harness_error(vector_input: dict[str, Any]) -> None:
    """
    [AIN-CHAN-HANDLER-INPUT.1] A shape the handler does not define is errored, not refused,
    even after a setup check or a step that refuses: the whole input is read first.
    """
    with pytest.raises(HandlerInputError):
        run_party(vector_input)


@pytest.mark.parametrize(
    "vector_input",
    [{"secret": KEY[:-2], "public_key": KEY}, {"secret": KEY, "public_key": KEY + "00"}, {}],
)
def test_malformed_x25519_input_is_a_harness_error(vector_input: dict[str, Any]) -> None:
    """[AIN-CHAN-DH.1] The x25519 handler takes exactly 32 bytes each."""
    with pytest.raises(HandlerInputError):
        run_x25519(vector_input)


def test_every_channel_code_has_a_vector() -> None:
    """[AIN-CHAN-HANDLER-PARTY.2] Each code of the channel section is some vector's result."""
    named = set()
    for path in iter_vector_files(VECTORS):
        expected: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["expected"]
        if "rejected" in expected:
            named.add(expected["rejected"]["code"])
    channel_codes = {code.value for code in ErrorCode if code.clause.startswith("AIN-CHAN-")}
    used_elsewhere = {"CRYPTO_BAD_CHAIN_ID", "CRYPTO_BAD_SEED", "CHANNEL_KEY_CONVERSION_FAILED"}
    assert channel_codes | used_elsewhere <= named


def noise(**changes: Any) -> dict[str, Any]:
    """A well-formed KK input of channel/noise, with fields replaced (None removes one)."""
    document: dict[str, Any] = {
        "protocol_name": "Noise_KK_25519_ChaChaPoly_BLAKE2s",
        "init_prologue": "",
        "init_static": KEY,
        "init_remote_static": KEY,
        "init_ephemeral": KEY,
        "resp_prologue": "",
        "resp_static": KEY,
        "resp_remote_static": KEY,
        "resp_ephemeral": KEY,
        "payloads": ["", ""],
    }
    document.update(changes)
    return {name: value for name, value in document.items() if value is not None}


@pytest.mark.parametrize(
    "vector_input",
    [
        noise(protocol_name="Noise_XX_25519_ChaChaPoly_BLAKE2s"),
        noise(protocol_name="Noise_KK_25519_AESGCM_SHA256"),
        noise(init_static=None),
        noise(resp_remote_static=None),
        noise(protocol_name="Noise_IK_25519_ChaChaPoly_SHA256"),
        noise(init_ephemeral=KEY[:-2]),
        noise(payloads=[""]),
        noise(payloads=""),
        noise(init_remote_static="00" * 32, payloads=["", "", "0"]),
        noise(resp_prologue="01", payloads=["", 7]),
    ],
)
def test_malformed_noise_input_is_a_harness_error(vector_input: dict[str, Any]) -> None:
    """
    [AIN-CHAN-HANDLER-NOISE.2] Keys given exactly as the pattern needs; two payloads at least;
    [AIN-CHAN-HANDLER-INPUT.1] a malformed payload is errored even after a refusing message.
    """
    with pytest.raises(HandlerInputError):
        run_noise(vector_input)


def test_a_null_remote_static_counts_as_absent() -> None:
    """[AIN-CHAN-HANDLER-INPUT.1] IK's responder may carry resp_remote_static: null."""
    document = noise(protocol_name="Noise_IK_25519_ChaChaPoly_BLAKE2s", resp_remote_static=None)
    document["resp_remote_static"] = None
    result = run_noise(document)
    assert not isinstance(result, dict) or set(result) == {"messages", "handshake_hash"}
    document["init_remote_static"] = None
    with pytest.raises(HandlerInputError):
        run_noise(document)
