"""Payment and state channels: off-chain states, revocation secrets, the L1 channel contract
and the secret registry, the off-chain protocol and honest strategies. See specs/channels/."""
