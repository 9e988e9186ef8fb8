"""
The conformance suite: handlers, the adapter protocol, the runner, reports and fuzzing.

Spec: spec/conformance.md ([AIN-CONF-*]).
"""
