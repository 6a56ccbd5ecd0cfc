"""Optimistic rollups: the L2 state and its transition, sequencer batches, the L1 rollup contract
(inbox, delayed inbox, output oracle, bridge) and the derivation of the L2 from the L1.

See specs/optimistic/."""
