"""
Governance: proposals over the parameter registry, deposits, votes, tally, enactment.

Spec: spec/governance.md ([AIN-GOV-*]).
"""
