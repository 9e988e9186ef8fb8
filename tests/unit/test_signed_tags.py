"""The tag table of spec/crypto.md and the code agree on which tags may be signed."""

from pathlib import Path

from ain_ref.crypto import SIGNED_DOMAIN_TAGS, DomainTag, sign, signing_digest
from ain_ref.errors import ErrorCode, Rejection

SPEC = Path(__file__).parents[2] / "spec" / "crypto.md"


def table_rows() -> dict[str, str]:
    """Tag text -> its "signed" column, from the table of [AIN-CRYPTO-TAGGED-HASH.1]."""
    rows = {}
    for line in SPEC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `AIN/"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            rows[cells[0].strip("`")] = cells[-1]
    return rows


def test_the_signed_column_is_the_code() -> None:
    """[AIN-CRYPTO-SIGN-TAGS.1] Every tag has a row; "yes" exactly for the signed tags."""
    rows = table_rows()
    assert set(rows) == {tag.value for tag in DomainTag}
    for tag in DomainTag:
        assert rows[tag.value] == ("yes" if tag in SIGNED_DOMAIN_TAGS else "no"), tag


def test_every_hash_only_tag_is_refused_for_signing() -> None:
    """[AIN-CRYPTO-SIGN-TAGS.1] sign and signing_digest refuse each hash-only tag."""
    for tag in DomainTag:
        digest = signing_digest(tag, 1, b"")
        signature = sign(bytes(32), tag, 1, b"")
        if tag in SIGNED_DOMAIN_TAGS:
            assert isinstance(digest, bytes) and isinstance(signature, bytes)
            continue
        for refused in (digest, signature):
            assert isinstance(refused, Rejection)
            assert refused.code is ErrorCode.CRYPTO_DOMAIN_TAG_NOT_SIGNABLE
