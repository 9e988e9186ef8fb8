"""
TEE evidence: profiles that verify hardware attestation evidence against a job's expectations.

Modules, bottom up: ``cbor_reader`` (bounded non-canonical CBOR), ``der`` (DER elements),
``p384`` (ECDSA P-384 inputs and verification), ``cose`` (COSE_Sign1 ES384), ``payload`` (the
Nitro attestation document), ``certificate`` (an X.509 certificate read by the spec's rules),
``chain`` (certificate chain checks),
``evidence`` (expectation and verified claims), ``binding`` (a task's binding), ``nitro``
(the AWS Nitro Enclaves profile), ``profiles`` (the registry).

Spec: spec/tee.md.
Layer: jobs (tee). Imports errors and crypto; never chain, economy or consensus.
"""
