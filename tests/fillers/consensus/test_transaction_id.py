"""
Fillers for the transaction id (spec/transactions.md, [AIN-TX-ID.1]): its exact bytes, two
signers of one body, and consensus placing both.

The id is a transactions clause; consensus is where identity decides what is placed, so the
cases live here and fill the state, crypto and consensus handlers.
"""

from __future__ import annotations

import hashlib

from ain_ref.chain import SignedTransaction, decode_transaction, sign_transaction
from ain_ref.encoding import CborValue
from ain_ref.vectors.filler import Filler, clauses
from tests.fillers.consensus.common import CHAIN_ID, full_rounds, make_event
from tests.fillers.consensus.test_reconcile import fill_and_read, reconcile_input
from tests.fillers.state.common import ALICE_SEED, BOB_SEED, apply_vector, base_genesis

BOARD_BODY: dict[str, CborValue] = {
    "chain_id": CHAIN_ID,
    "nonce": 0,
    "timestamp": 1,
    "operation": {"type": "SET_VALUE", "ref": "/shared/board", "value": 1},
}
"""One body that alice and bob both sign: nonce 0, SET_VALUE /shared/board = 1."""
ALICE_BOARD = sign_transaction(ALICE_SEED, BOARD_BODY)
BOB_BOARD = sign_transaction(BOB_SEED, BOARD_BODY)


def read(data: bytes) -> SignedTransaction:
    """A decoded transaction (the fillers only build valid ones)."""
    transaction = decode_transaction(data)
    assert isinstance(transaction, SignedTransaction)
    return transaction


def plain_id(data: bytes) -> bytes:
    """
    The id from the prose alone, sharing no code with ain_ref.chain: SHA-256 over the tag's
    length byte, the tag, the signer's key (bytes 6 + len(body) + 9 ..) and the signing digest.
    """
    body_bytes = data[6:-117]
    signer = data[-117 + 9 : -117 + 9 + 32]
    tag = b"AIN/transaction"
    digest = hashlib.sha256(
        bytes([len(tag)]) + tag + CHAIN_ID.to_bytes(8, "big") + body_bytes
    ).digest()
    id_tag = b"AIN/transaction-id"
    return hashlib.sha256(bytes([len(id_tag)]) + id_tag + signer + digest).digest()


@clauses("AIN-TX-ID.1", "AIN-TX-SIGNATURE.2", "AIN-CRYPTO-TAGGED-HASH.1")
def test_transaction_id_bytes(fill: Filler) -> None:
    """
    The id is tagged_hash("AIN/transaction-id", signer || signing digest), 64 bytes hashed.

    Given
    -----
    - alice signs the body {chain_id 7, nonce 0, timestamp 1, SET_VALUE /shared/board = 1}.

    When
    ----
    - the 64 bytes alice's public key || the body's signing digest are hashed under the tag
      AIN/transaction-id (case "alice"); the same for bob's signature of the same body
      (case "bob").

    Then
    ----
    - the hashes are the ids that test_two_signers_one_body's receipts carry as
      transaction_hash; the signing digest alone (alice's and bob's are equal) is not the id.
    """
    for case, data in (("alice", ALICE_BOARD), ("bob", BOB_BOARD)):
        transaction = read(data)
        assert transaction.id == plain_id(data) != transaction.digest
        fill(
            "crypto",
            "tagged_hash",
            {"tag": "AIN/transaction-id", "data": (transaction.signer + transaction.digest).hex()},
            output={"hash": transaction.id.hex()},
            case=case,
            note=f"signer {transaction.signer.hex()}, signing digest {transaction.digest.hex()}",
        )
    assert read(ALICE_BOARD).digest == read(BOB_BOARD).digest


@clauses("AIN-TX-ID.1", "AIN-TX-RECEIPT.2", "AIN-TX-NONCE.2")
def test_two_signers_one_body(fill: Filler) -> None:
    """
    Two signers of one body make two transactions with two ids; the same bytes twice, one id.

    Given
    -----
    - the base genesis with the rule write: true at /shared/$key; alice's and bob's signatures of
      one body (nonce 0, SET_VALUE /shared/board = 1).

    When
    ----
    - alice's transaction, bob's, then alice's bytes again are applied.

    Then
    ----
    - alice: SUCCESS; bob: SUCCESS (his own nonce 0); alice's again: REJECTED with
      TX_NONCE_MISMATCH. The receipts' transaction_hash are alice's id, bob's id (different),
      and alice's id again; none is the shared signing digest.
    """
    genesis = base_genesis()
    rules = genesis["rules"]
    assert isinstance(rules, dict)
    rules["/shared/$key"] = {"write": True}
    output = apply_vector(
        fill,
        "",
        [ALICE_BOARD.hex(), BOB_BOARD.hex(), ALICE_BOARD.hex()],
        [("SUCCESS", None), ("SUCCESS", None), ("REJECTED", "TX_NONCE_MISMATCH")],
        genesis=genesis,
    )
    ids = [receipt["transaction_hash"] for receipt in output["receipts"]]
    alice, bob = plain_id(ALICE_BOARD).hex(), plain_id(BOB_BOARD).hex()
    assert ids == [alice, bob, alice] and alice != bob
    assert read(ALICE_BOARD).digest.hex() not in ids


@clauses("AIN-CONS-DEDUP.2", "AIN-CONS-TENTATIVE.2", "AIN-CONS-RECONCILE.2", "AIN-TX-ID.1")
def test_consensus_places_two_signers_of_one_body(fill: Filler) -> None:
    """
    Consensus leaves out a repeated id, not a repeated body: two signers' identical bodies are
    both placed.

    Given
    -----
    - the simulation genesis (anyone writes /shared/$key) with platform/max_block_transactions
      = 2 stored at /params/platform/max_block_transactions; alice's and bob's signatures of one
      body (nonce 0, SET_VALUE /shared/board = 1); validator 0's round-0 event carries alice's, then
      bob's, then alice's bytes again; validator 1's round-0 event carries alice's once more.

    When
    ----
    - the node holds round 0 (nothing committed) and takes tentative results; then rounds 1
      to 3 arrive and wave 0 commits.

    Then
    ----
    - two records, alice's id and bob's, each SUCCESS tentatively and finally (FINAL_SAME),
      and one block: the repeats of alice's bytes are left out by id, tentatively and in the
      block. A client that deduplicated by signing digest would leave bob's out and give one
      record; one that left nothing out would place four transactions, two blocks of two.
    """
    round_zero = full_rounds(range(1))[0]
    round_zero[0] = make_event(0, 0, [], transactions=(ALICE_BOARD, BOB_BOARD, ALICE_BOARD))
    round_zero[1] = make_event(1, 0, [], transactions=(ALICE_BOARD,))
    later = [event for layer in full_rounds(range(1, 4), previous=round_zero) for event in layer]
    limit = {"platform/max_block_transactions": 2}
    output = fill_and_read(fill, reconcile_input(round_zero, later, limit), "")
    assert len(output["blocks"]) == 1
    success = {"status": "SUCCESS", "code": None}
    expected = sorted(plain_id(data).hex() for data in (ALICE_BOARD, BOB_BOARD))
    assert [record["transaction"] for record in output["records"]] == expected
    for record in output["records"]:
        assert record["tentative"] == success and record["final"] == success
        assert record["outcome"] == "FINAL_SAME"
