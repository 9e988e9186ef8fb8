"""
Vectors: their format, the fillers that write them, generation, checking and diffing.

Spec: spec/conformance.md, "Vectors" ([AIN-CONF-VECTOR-*]).
"""
