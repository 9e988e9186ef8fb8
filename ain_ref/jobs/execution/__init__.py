"""
Off-chain execution: attestation receipts, commit and reveal, quorums, evidence, task lifecycle.

Spec: spec/execution.md. Layer: jobs. A subpackage of jobs because a task runs a job
specification and pays its price: it reads the jobs area's determinism classes and tolerance
metrics, and nothing in the jobs package imports it.
"""
