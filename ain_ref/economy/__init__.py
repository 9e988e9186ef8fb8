"""
The economy: balances and the native functions that move them.

Spec: spec/economy.md ([AIN-ECON-*]).
"""
