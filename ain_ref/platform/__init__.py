"""
The platform every area builds on: natives, parameters, blocks, staking, the protocol genesis.

How an area registers
---------------------
An area describes itself with one ``Area`` value (ain_ref.platform.area) and adds it to
``PROTOCOL_AREAS`` in ain_ref.platform.areas; it edits no other area's code.

1. **Natives** (ain_ref.state.natives.NativeDefinition): the function, its id, the /functions
   path patterns where it may be configured, and the variables of those patterns it reads its
   parties from. SET_FUNCTION and genesis refuse it anywhere else (NATIVE_NOT_DECLARED_HERE),
   and it does not run anywhere else. It receives a ``FunctionCall``: the written path and
   value, its pattern's variables, the signer, the block height and time, the transaction
   hash, the calling native's id, a reader and a writer (its writes pass the write rules as
   ``auth.fid``). Nothing else: no clock.
2. **Parameters** (ain_ref.platform.params.ParameterDefinition, CrossConstraint): a name, a
   type, bounds, a default, and relations between parameters. Values live at
   /values/params/<area>/<name>; read them with ``read_parameter(read, "<area>/<name>")``.
   Only genesis sets them until governance exists; no write can store one out of bounds.
3. **Block steps** (ain_ref.platform.steps.BlockStep): begin- or end-block work with a
   priority (steps run in ascending (priority, id)), the /values prefixes it writes and a bound
   on its writes. Per-block work touches only what is due at that height; anything a user asks
   for is pulled by a transaction.
4. **Genesis entries** (ain_ref.platform.area.AreaGenesis): values, rules and owners by path,
   and ``writers``: the value patterns its natives write (balances, stakes), which the one
   builder (ain_ref.platform.genesis.build_protocol_genesis) turns into write rules shared by
   every area. The builder configures each native at its declared patterns.

``apply_block`` (ain_ref.platform.blocks) takes a height, a time and ordered transactions and
returns the state root and the receipts.

Spec: spec/platform.md.
Layer: platform. The registration modules (area, params, steps, staking) import state only, so
every area may import them; blocks and genesis import chain.
"""
