"""What the state fillers share: test accounts, a genesis, transaction building, receipts."""

from __future__ import annotations

from typing import Any

from ain_ref.chain import sign_transaction
from ain_ref.conformance.handlers import find_handler
from ain_ref.conformance.state_strategies import ALL_PERMISSIONS
from ain_ref.conformance.typed_json import to_typed_json
from ain_ref.crypto import KeyPair, format_address, keypair_from_seed
from ain_ref.encoding import CborValue
from ain_ref.vectors.filler import Filler

CHAIN_ID = 7
BLOCK_TIME = 1_700_000_000_000
ALICE_SEED, BOB_SEED, CAROL_SEED = bytes([1]) * 32, bytes([2]) * 32, bytes([3]) * 32


def address_of(seed: bytes) -> str:
    """The address text of a seed."""
    keypair = keypair_from_seed(seed)
    assert isinstance(keypair, KeyPair)
    return format_address(keypair.public_key)


ALICE, BOB, CAROL = address_of(ALICE_SEED), address_of(BOB_SEED), address_of(CAROL_SEED)
NO_PERMISSIONS = {name: False for name in ALL_PERMISSIONS}


def base_genesis() -> dict[str, CborValue]:
    """
    A small chain: alice holds 1,000,000 and owns everything; balances move only by _transfer;
    users write their own notes and counters; job requests fire an event.
    """
    return {
        "values": {f"/accounts/{ALICE}/balance": 1_000_000},
        "rules": {
            "/": {"write": False},
            "/accounts/$addr/balance": {"write": "auth.fid === '_transfer'"},
            "/transfer/$from/$to/$key/value": {"write": "auth.addr === $from && data === null"},
            "/notes/$user": {"write": "auth.addr === $user"},
            "/counters/$user": {"write": "auth.addr === $user"},
            "/jobs/$job/request": {"write": "util.isDict(newData) && data === null"},
        },
        "owners": {"/": {"owners": {ALICE: ALL_PERMISSIONS, "*": NO_PERMISSIONS}}},
        "functions": {
            "/transfer/$from/$to/$key/value": {
                "_transfer": {"function_type": "NATIVE", "function_id": "_transfer"}
            },
            "/jobs/$job/request": {
                "job_requested": {"function_type": "EVENT", "function_id": "job_requested"}
            },
        },
    }


def transaction(
    seed: bytes,
    operation: dict[str, CborValue],
    nonce: int | None = 0,
    timestamp: int = BLOCK_TIME - 1000,
    chain_id: int = CHAIN_ID,
    expires_at: int | None = None,
) -> str:
    """A signed transaction, hex."""
    body: dict[str, CborValue] = {
        "chain_id": chain_id,
        "nonce": nonce,
        "timestamp": timestamp,
        "operation": operation,
    }
    if expires_at is not None:
        body["expires_at"] = expires_at
    return sign_transaction(seed, body).hex()


def set_value(ref: str, value: CborValue) -> dict[str, CborValue]:
    """A SET_VALUE operation."""
    return {"type": "SET_VALUE", "ref": ref, "value": value}


def apply_vector(
    fill: Filler,
    case: str,
    transactions: list[str],
    expected: list[tuple[str, str | None]],
    genesis: dict[str, CborValue] | None = None,
    note: str = "",
    block_time: int = BLOCK_TIME,
) -> dict[str, Any]:
    """
    Fill a state/apply case: the authored part is each receipt's (status, code); the hashes,
    events and roots are the reference's, pinned by the vector.
    """
    vector_input = {
        "genesis": to_typed_json(base_genesis() if genesis is None else genesis),
        "chain_id": str(CHAIN_ID),
        "block_time": str(block_time),
        "transactions": transactions,
    }
    handler = find_handler("state", "apply")
    assert handler is not None
    output = handler.run(vector_input)
    assert isinstance(output, dict), output
    actual = [(receipt["status"], receipt["code"]) for receipt in output["receipts"]]
    assert actual == expected, f"{case}: {actual} != {expected}"
    fill("state", "apply", vector_input, output=output, case=case, note=note)
    return output


def root_with_nonces(nonces: dict[str, int], genesis: dict[str, CborValue] | None = None) -> str:
    """The root of a genesis (the base one by default) with the given accounts' nonces set."""
    document = base_genesis() if genesis is None else genesis
    values = dict(document.get("values") or {})  # type: ignore[call-overload]
    for address, nonce in nonces.items():
        values[f"/accounts/{address}/nonce"] = nonce
    handler = find_handler("state", "root")
    assert handler is not None
    output = handler.run({"genesis": to_typed_json({**document, "values": values})})
    assert isinstance(output, dict)
    return str(output["root"])
