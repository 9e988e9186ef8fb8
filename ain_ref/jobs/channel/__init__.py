"""
The secure channel: a Noise handshake keyed by the parties' on-chain Ed25519 identities.

Spec: spec/channel.md.
Layer: jobs. Imports crypto and errors; never chain, consensus, economy or governance.
"""
