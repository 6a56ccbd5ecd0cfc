"""ABI encoding and EIP-712 typed data hashing. See specs/encoding/."""
