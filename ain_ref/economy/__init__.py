"""
The economy: contracts, reservations, vouchers, splits, slashing and rewards, on the state tree.

``natives`` holds the two natives (``_transfer`` from ``transfer``, and ``_economy``, which runs
every call) and the area's registration; ``records`` the layout in the tree; the transition
modules (``contracts``, ``reservations``, ``payments``, ``offences``, ``rewards``) the rules,
over the ``Ledger`` a call loads; ``units``, ``split`` and ``slashing`` the arithmetic.

Spec: spec/economy.md ([AIN-ECON-*]).
"""
