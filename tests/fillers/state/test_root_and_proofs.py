"""Fillers for state/root, state/prove and state/verify_proof: hashes pinned, proofs checked."""

from __future__ import annotations

from ain_ref.conformance.handlers import find_handler
from ain_ref.conformance.typed_json import to_typed_json
from ain_ref.crypto import DomainTag, tagged_hash
from ain_ref.encoding import CborValue, decode, encode
from ain_ref.errors import ErrorCode
from ain_ref.state.merkle import EMPTY_HASH
from ain_ref.vectors.filler import Filler, clauses

ACCOUNTS: dict[str, CborValue] = {
    f"/accounts/acct{index:02d}/balance": index * 1000 for index in range(40)
}


def root_of(genesis: dict[str, CborValue]) -> str:
    """The reference's root of a genesis."""
    handler = find_handler("state", "root")
    assert handler is not None
    output = handler.run({"genesis": to_typed_json(genesis)})
    assert isinstance(output, dict)
    return str(output["root"])


@clauses("AIN-STATE-ROOT.1", "AIN-STATE-ROOT-TRIE.1", "AIN-STATE-ROOT-TOP.1")
def test_roots(fill: Filler) -> None:
    """
    The root of a state is fixed by the hash of every node kind.

    Given
    -----
    - the empty state; a state with one leaf /a = 1; the same leaf as text "1"; forty accounts
      (a child trie with branches); rules and owners beside values.

    When
    ----
    - the root is computed.

    Then
    ----
    - the empty state hashes its four EMPTY subtree hashes; the one-leaf root is computed by
      the clauses' formulas in the test; 1 and "1" differ; the others are pinned.
    """
    empty_root = tagged_hash(DomainTag.STATE_ROOT, EMPTY_HASH * 4).hex()
    fill("state", "root", {"genesis": to_typed_json({})}, output={"root": empty_root}, case="empty")
    leaf = tagged_hash(DomainTag.STATE_LEAF, encode(1))
    key = tagged_hash(DomainTag.STATE_LABEL, b"a")
    node = tagged_hash(DomainTag.STATE_NODE, tagged_hash(DomainTag.STATE_TRIE_ENTRY, key + leaf))
    one_leaf = tagged_hash(DomainTag.STATE_ROOT, node + EMPTY_HASH * 3).hex()
    fill(
        "state",
        "root",
        {"genesis": to_typed_json({"values": {"/a": 1}})},
        output={"root": one_leaf},
        case="one_leaf",
    )
    text_root = root_of({"values": {"/a": "1"}})
    assert text_root != one_leaf
    fill(
        "state",
        "root",
        {"genesis": to_typed_json({"values": {"/a": "1"}})},
        output={"root": text_root},
        case="one_text_leaf",
    )
    for case, genesis in (
        ("forty_accounts", {"values": ACCOUNTS}),
        (
            "all_subtrees",
            {
                "values": {"/a/b": True},
                "rules": {"/a/$x": {"write": "true"}},
                "owners": {
                    "/": {
                        "owners": {
                            "*": {
                                "branch_owner": True,
                                "write_function": False,
                                "write_owner": False,
                                "write_rule": True,
                            }
                        }
                    }
                },
                "functions": {"/a/$x": {"f": {"function_type": "EVENT", "function_id": "f"}}},
            },
        ),
    ):
        fill(
            "state",
            "root",
            {"genesis": to_typed_json(genesis)},
            output={"root": root_of(genesis)},
            case=case,
        )


def proof_of(genesis: dict[str, CborValue], subtree: str, path: str) -> tuple[str, str]:
    """The reference's (root, proof hex) for a path."""
    handler = find_handler("state", "prove")
    assert handler is not None
    output = handler.run({"genesis": to_typed_json(genesis), "subtree": subtree, "path": path})
    assert isinstance(output, dict)
    return str(output["root"]), str(output["proof"])


PROOF_CASES: tuple[tuple[str, str, str, dict[str, object]], ...] = (
    ("leaf", "values", "/accounts/acct07/balance", {"value": {"int": "7000"}}),
    ("internal_node", "values", "/accounts/acct07", {"node_hash": None}),
    ("absent_child", "values", "/accounts/nobody", {"absent": True}),
    ("absent_below_leaf", "values", "/accounts/acct07/balance/deeper", {"absent": True}),
    ("absent_deep", "values", "/nothing/here", {"absent": True}),
    ("absent_subtree", "functions", "/x", {"absent": True}),
    ("subtree_root", "values", "/", {"node_hash": None}),
)


@clauses("AIN-STATE-PROOF.2", "AIN-STATE-PROOF-VERIFY.2")
def test_proofs_prove_presence_and_absence(fill: Filler) -> None:
    """
    Any path has a proof, and the verifier, holding only the root, returns its claim.

    Given
    -----
    - forty accounts in /values and nothing in /functions.

    When
    ----
    - paths that hold a leaf, an internal node, nothing (absent child, below a leaf, deep,
      in an absent subtree) are proved, and each proof is verified against the root.

    Then
    ----
    - each proof verifies to its claim: the value, the node hash, or absence.
    """
    genesis: dict[str, CborValue] = {"values": ACCOUNTS}
    verify = find_handler("state", "verify_proof")
    assert verify is not None
    for case, subtree, path, claim in PROOF_CASES:
        root, proof = proof_of(genesis, subtree, path)
        fill(
            "state",
            "prove",
            {"genesis": to_typed_json(genesis), "subtree": subtree, "path": path},
            output={"root": root, "proof": proof},
            case=case,
        )
        verified = verify.run({"root": root, "proof": proof})
        assert isinstance(verified, dict)
        if "node_hash" in claim:
            assert set(verified["claim"]["map"]) == {"node_hash"}
        else:
            assert verified["claim"] == {"map": claim}, (case, verified)
        fill("state", "verify_proof", {"root": root, "proof": proof}, output=verified, case=case)


@clauses("AIN-STATE-PROOF-VERIFY.2")
def test_tampered_proofs_are_refused(fill: Filler) -> None:
    """
    A proof that does not lead to the root is refused.

    Given
    -----
    - the proof of /accounts/acct07/balance = 7000 over forty accounts.

    When
    ----
    - it is verified with the value changed, against another root, with a sibling hash
      changed, with a label changed, and with a wrong shape.

    Then
    ----
    - each is rejected with STATE_PROOF_INVALID.
    """
    root, proof_hex = proof_of({"values": ACCOUNTS}, "values", "/accounts/acct07/balance")
    proof = decode(bytes.fromhex(proof_hex))
    assert isinstance(proof, dict)

    def variant(change: str) -> dict[str, CborValue]:
        altered = dict(proof)
        if change == "value":
            altered["terminal"] = {"value": 7001}
        elif change == "sibling":
            levels = [list(level) for level in altered["levels"]]  # type: ignore[union-attr]
            branch = list(levels[1][0])
            index = next(i for i, slot in enumerate(branch) if slot is not None)
            branch[index] = bytes(32) if branch[index] != bytes(32) else b"\x01" * 32
            levels[1][0] = branch
            altered["levels"] = levels  # type: ignore[assignment]
        elif change == "label":
            altered["labels"] = ["accounts", "acct08", "balance"]
        elif change == "shape":
            altered.pop("terminal")
        return altered

    for change in ("value", "sibling", "label", "shape"):
        fill(
            "state",
            "verify_proof",
            {"root": root, "proof": encode(variant(change)).hex()},
            rejection=ErrorCode.STATE_PROOF_INVALID,
            case=change,
        )
    other_root = root_of({"values": {"/a": 1}})
    fill(
        "state",
        "verify_proof",
        {"root": other_root, "proof": proof_hex},
        rejection=ErrorCode.STATE_PROOF_INVALID,
        case="other_root",
    )


def terminal_of(proof_hex: str) -> dict[str, CborValue]:
    """The terminal of an encoded proof."""
    proof = decode(bytes.fromhex(proof_hex))
    assert isinstance(proof, dict) and isinstance(proof["terminal"], dict)
    return proof["terminal"]


def path_with_terminal(genesis: dict[str, CborValue], kind: str) -> str:
    """The first /accounts/x<n> path (n from 0) whose proof ends in an absence of this kind."""
    for index in range(1000):
        path = f"/accounts/x{index}"
        if terminal_of(proof_of(genesis, "values", path)[1]).get("absent") == kind:
            return path
    raise AssertionError(f"no path ends in {kind}")


@clauses("AIN-STATE-PROOF.2", "AIN-STATE-PROOF-VERIFY.2")
def test_every_terminal_kind_is_proved_and_verified(fill: Filler) -> None:
    """
    Each of the six terminal kinds, from a real tree, verifies to its claim.

    Given
    -----
    - forty accounts in /values, nothing in /functions, and a leaf at /flag.

    When
    ----
    - paths are proved whose walk ends at a leaf, an internal node, a leaf above the path, an
      empty slot of a branch, another child's entry, and an absent subtree.

    Then
    ----
    - each proof has its terminal kind and verifies to its claim (value, node hash, absent).
    """
    genesis: dict[str, CborValue] = {"values": {**ACCOUNTS, "/flag": True}}
    verify = find_handler("state", "verify_proof")
    assert verify is not None
    cases = (
        ("terminal_value", "values", "/flag", "value"),
        ("terminal_trie_root", "values", "/accounts", "trie_root"),
        ("terminal_absent_leaf", "values", "/flag/below", "leaf"),
        ("terminal_empty_slot", "values", path_with_terminal(genesis, "empty_slot"), "empty_slot"),
        (
            "terminal_other_entry",
            "values",
            path_with_terminal(genesis, "other_entry"),
            "other_entry",
        ),
        ("terminal_no_subtree", "owners", "/x", "no_subtree"),
    )
    for case, subtree, path, kind in cases:
        root, proof = proof_of(genesis, subtree, path)
        terminal = terminal_of(proof)
        assert kind in terminal or terminal.get("absent") == kind, (case, terminal)
        vector_input = {"genesis": to_typed_json(genesis), "subtree": subtree, "path": path}
        fill("state", "prove", vector_input, output={"root": root, "proof": proof}, case=case)
        verified = verify.run({"root": root, "proof": proof})
        assert isinstance(verified, dict) and verified["path"] == path
        fill("state", "verify_proof", {"root": root, "proof": proof}, output=verified, case=case)


def tampered(proof: dict[str, CborValue], change: str) -> dict[str, CborValue]:
    """A proof with one field changed so that it no longer proves anything."""
    altered = dict(proof)
    terminal = proof["terminal"]
    assert isinstance(terminal, dict)
    if change == "extra_terminal_key":
        altered["terminal"] = {**terminal, "note": 1}
    elif change == "extra_proof_key":
        altered["note"] = 1
    elif change == "leaf_hash_as_trie_root":
        altered["terminal"] = {"trie_root": tagged_hash(DomainTag.STATE_LEAF, encode(True))}
    elif change == "empty_slot_instead":
        altered["terminal"] = {"absent": "empty_slot"}
    elif change == "other_entry_own_key":
        altered["terminal"] = {
            "absent": "other_entry",
            "key": tagged_hash(DomainTag.STATE_LABEL, b"flag"),
            "child_hash": bytes(32),
        }
    elif change == "no_subtree_on_present_subtree":
        altered["terminal"] = {"absent": "no_subtree"}
        altered["levels"] = []
    elif change == "absent_leaf_at_full_depth":
        altered["terminal"] = {"absent": "leaf", "value": True}
    elif change == "label_not_a_label":
        altered["labels"] = ["fl.ag"]
    elif change == "sixty_five_branches":
        altered["levels"] = [[[None, *[EMPTY_HASH] * 15]] * 65]
    elif change == "terminal_value_a_map":
        altered["terminal"] = {"value": {"a": True}}
    elif change == "walked_slot_filled":
        levels = proof["levels"]
        assert isinstance(levels, list) and isinstance(levels[0], list)
        branch = list(levels[0][0])  # type: ignore[arg-type]
        walked = branch.index(None)
        branch[walked] = bytes(32)
        altered["levels"] = [[branch, *levels[0][1:]]]
    return altered


TAMPERINGS = (
    "extra_terminal_key",
    "extra_proof_key",
    "leaf_hash_as_trie_root",
    "empty_slot_instead",
    "other_entry_own_key",
    "no_subtree_on_present_subtree",
    "absent_leaf_at_full_depth",
    "label_not_a_label",
    "sixty_five_branches",
    "terminal_value_a_map",
    "walked_slot_filled",
)


@clauses("AIN-STATE-PROOF-VERIFY.2", "AIN-STATE-PROOF.2")
def test_proofs_tampered_field_by_field_are_refused(fill: Filler) -> None:
    """
    Every field of a proof is checked: tampering any of them proves nothing.

    Given
    -----
    - the proof of /flag = true in a state with forty accounts.

    When
    ----
    - it is verified with an extra terminal key, an extra proof key, the leaf's own hash as a
      trie_root (a leaf passing for a node), each absence kind in place of the value, a label
      that is not a label, 65 branches in a level, a map as a leaf value, the walked slot
      filled; and bytes that do not decode.

    Then
    ----
    - each is rejected with STATE_PROOF_INVALID (undecodable bytes too, not their encoding code).
    """
    genesis: dict[str, CborValue] = {"values": {**ACCOUNTS, "/flag": True}}
    root, proof_hex = proof_of(genesis, "values", "/flag")
    proof = decode(bytes.fromhex(proof_hex))
    assert isinstance(proof, dict)
    for change in TAMPERINGS:
        fill(
            "state",
            "verify_proof",
            {"root": root, "proof": encode(tampered(proof, change)).hex()},
            rejection=ErrorCode.STATE_PROOF_INVALID,
            case=change,
        )
    fill(
        "state",
        "verify_proof",
        {"root": root, "proof": proof_hex[:-2]},
        rejection=ErrorCode.STATE_PROOF_INVALID,
        case="undecodable",
    )
