"""Fillers for TEE evidence: the real Nitro documents and a synthetic, deterministic test PKI."""
