"""
TEE evidence: profiles that verify hardware attestation evidence against a job's expectations.

Modules, bottom up: ``cbor_reader`` (bounded non-canonical CBOR), ``cose`` (COSE_Sign1 ES384),
``payload`` (the Nitro attestation document), ``chain`` (certificate chain checks),
``evidence`` (expectation and verified claims), ``binding`` (a task's binding), ``nitro``
(the AWS Nitro Enclaves profile), ``profiles`` (the registry).

Spec: spec/tee.md.
Layer: jobs (tee). Imports errors and crypto; never chain, economy or consensus.
"""
