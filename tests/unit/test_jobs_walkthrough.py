"""
A developer's first job: write a specification, check it, format it, register the agent, and
find the providers that may run it. Read top to bottom, this is the jobs area's tutorial.
"""

from __future__ import annotations

from ain_ref import crypto
from ain_ref.chain import sign_transaction
from ain_ref.errors import ErrorCode
from ain_ref.jobs import discovery, registry
from ain_ref.jobs.chain_registry import record_path, registry_from_state
from ain_ref.jobs.formatting import format_spec
from ain_ref.jobs.jobspec import CheckedSpec, check_text
from ain_ref.jobs.offer_index import OfferIndex
from ain_ref.jobs.offers import Offer, offer_from_fields
from ain_ref.platform.blocks import Block, BlockResult, apply_block
from ain_ref.platform.genesis import GenesisSpec, build_protocol_genesis
from ain_ref.platform.steps import values_path
from ain_ref.state.tree import StateTree
from ain_ref.vectors.filler import clauses


def account(seed_byte: int) -> tuple[bytes, str]:
    """An account's public key and address."""
    keypair = crypto.keypair_from_seed(bytes([seed_byte]) * 32)
    assert isinstance(keypair, crypto.KeyPair)
    return keypair.public_key, crypto.format_address(keypair.public_key)


DEVELOPER_KEY, DEVELOPER = account(41)
AGENT_KEY, AGENT = account(42)
_, VALIDATOR = account(43)
CHAIN_ID = 7
BLOCK_TIME = 1_700_000_000_000


def a_new_chain() -> StateTree:
    """The protocol genesis of a small chain: one validator, the developer holding 1,000 AIN."""
    tree = build_protocol_genesis(
        GenesisSpec(
            total_supply=2 * 10**16,
            allocations={DEVELOPER: 10**16},
            validators={VALIDATOR: 10**16},
        )
    )
    assert isinstance(tree, StateTree), tree
    return tree


def signed_write(seed_byte: int, ref: str, value: object, timestamp: int) -> bytes:
    """A transaction of one SET_VALUE, signed by the account of ``seed_byte``."""
    body = {
        "chain_id": CHAIN_ID,
        "nonce": None,
        "timestamp": timestamp,
        "operation": {"type": "SET_VALUE", "ref": ref, "value": value},
    }
    return sign_transaction(bytes([seed_byte]) * 32, body)  # type: ignore[arg-type]


FIRST_DRAFT = f"""
jobspec 1
agent {AGENT}

# A translation agent compiled to WebAssembly.
runtime {{
  language wasm
  entry "translate"
  artifact sha256 "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
}}
input "text/plain"
output "text/plain"

resources {{
  cpu 500 millicpu
  memory 512 MB
}}

price {{
  rate 20 per request
  batch 50
}}

qos {{
  deadline 2 s
  latency 3 s          # oops: longer than the deadline
}}

placement {{
  require region in [eu-west, eu-north]
  prefer tee in [sgx] weight 5
}}

attestation {{
  providers 3
  quorum 2
  determinism exact
}}
"""


def provider_offer(offer_id: str, seed_byte: int, region: str, tee: str, ask: int) -> Offer:
    """A small CPU machine's offer."""
    offer = offer_from_fields(
        {
            "offer_id": offer_id,
            "provider": account(seed_byte)[1],
            "region": region,
            "tee": tee,
            "stake": "10000",
            "cpu_millicores": "2000",
            "memory_bytes": str(4 * 10**9),
            "storage_bytes": "0",
            "network_bits_per_second": str(10**8),
            "gpu_vendor": "",
            "gpu_model": "",
            "gpu_memory_bytes": "0",
            "gpu_count": "0",
            "ask_per_request": str(ask),
            "ask_per_work_unit": "0",
            "languages": ["rust", "wasm"],
            "determinism": ["exact"],
            "min_deadline_ms": "500",
        }
    )
    assert isinstance(offer, Offer), offer
    return offer


@clauses(
    "AIN-JOB-CHECK.1",
    "AIN-JOB-QOS.1",
    "AIN-JOB-FORMAT.1",
    "AIN-JOB-REGISTER.1",
    "AIN-JOB-CHAIN-REGISTER.1",
    "AIN-JOB-CHAIN-DECODE.1",
    "AIN-JOB-DISCOVERY.1",
    "AIN-JOB-MATCH.1",
)
def test_a_developer_ships_a_translation_agent() -> None:
    """From a first draft to a list of eligible providers."""
    # 1. The first draft is checked: the checker points at the line to fix, in plain words.
    diagnostics = check_text(FIRST_DRAFT)
    assert not isinstance(diagnostics, CheckedSpec)
    (problem,) = diagnostics
    assert problem.code is ErrorCode.JOBSPEC_DEADLINE_CONTRADICTION
    assert (problem.line, problem.column) == (26, 3)
    assert problem.expected == "at most the deadline (2000 ms)"

    # 2. Fixed, it checks; fmt gives the one text reviewers will see, and the job id.
    checked = check_text(FIRST_DRAFT.replace("latency 3 s", "latency 300 ms"))
    assert isinstance(checked, CheckedSpec)
    formatted = format_spec(checked.spec)
    assert "    memory 512 MB\n" in formatted and "    latency 300 ms\n" in formatted
    again = check_text(formatted)
    assert isinstance(again, CheckedSpec) and again.job_id == checked.job_id

    # 3. The developer registers the agent on chain: one signed write of a request at
    #    /jobs/register/<developer>/<agent>/<key>/value, with the document, the ontology
    #    version and the capabilities; the _jobsRegister native checks it and stores the record.
    request = {"spec": formatted, "ontology_version": 1, "capabilities": {"translation": True}}
    chain = a_new_chain()
    register = f"/jobs/register/{DEVELOPER}/{AGENT}/first/value"
    hijack = f"/jobs/register/{AGENT}/{AGENT}/first/value"  # the agent claiming itself
    block = Block(
        1,
        BLOCK_TIME,
        (
            signed_write(41, register, request, BLOCK_TIME - 1000),
            signed_write(42, hijack, request, BLOCK_TIME - 999),
        ),
    )
    result = apply_block(chain, CHAIN_ID, block)
    assert isinstance(result, BlockResult), result
    registered, refused = result.receipts
    assert registered.code is None
    assert refused.code is ErrorCode.REGISTRY_AGENT_EXISTS  # addresses are never reused

    def read(text: str) -> object:
        return chain.value_at(values_path(text))

    record = read(record_path(AGENT))
    assert isinstance(record, dict)
    assert record["job_id"] == checked.job_id and record["spec"] == checked.canonical

    # 4. A requester discovers it by capability, from the chain's state.
    state = registry_from_state(read)  # type: ignore[arg-type]
    assert isinstance(state, registry.Registry)
    page = discovery.discover(state, discovery.Query(capabilities=("translation",)))
    assert isinstance(page, discovery.Page)
    assert [record.agent for record in page.records] == [AGENT_KEY]
    assert page.records[0].developer == DEVELOPER_KEY

    # 5. Providers offer machines; the job matches those in its regions, SGX ranked first.
    offers = [
        provider_offer("west-plain", 51, "eu-west", "none", ask=15),
        provider_offer("north-sgx", 52, "eu-north", "sgx", ask=20),
        provider_offer("west-sgx-pricey", 53, "eu-west", "sgx", ask=25),
        provider_offer("us-cheap", 54, "us-east", "none", ask=1),
    ]
    matches = OfferIndex.build(offers).match(checked.spec, limit=10)
    assert [(m.offer.offer_id, m.score) for m in matches] == [("north-sgx", 5), ("west-plain", 0)]
