"""Keccak-256 and SHA-256. See specs/crypto/hash.md."""

from Crypto.Hash import SHA256, keccak

from l2ref.types import Hash32


def keccak256(data: bytes) -> Hash32:
    """The Keccak-256 digest of `data` (Ethereum's padding, not SHA3-256)."""
    return Hash32(keccak.new(digest_bits=256, data=data).digest())


def sha256(data: bytes) -> Hash32:
    """The SHA-256 digest of `data`."""
    return Hash32(SHA256.new(data).digest())
