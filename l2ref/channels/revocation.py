"""Revocation secrets of penalty-mode channels: BOLT 3 per-commitment secrets and their compact
storage. See specs/channels/revocation.md."""

from __future__ import annotations

from dataclasses import dataclass

from l2ref.crypto.hash import keccak256, sha256
from l2ref.errors import (
    InvalidRevocationSecret,
    RevocationIndexOutOfRange,
    RevocationSecretUnknown,
    UnexpectedRevocationIndex,
)
from l2ref.types import HASH32_LENGTH, Hash32

COMMITMENT_INDEX_BITS = 48

MAX_COMMITMENT_INDEX = (1 << COMMITMENT_INDEX_BITS) - 1

REVOCATION_STORE_SIZE = COMMITMENT_INDEX_BITS + 1


@dataclass(frozen=True)
class KnownSecret:
    """A received revocation secret with its commitment index."""

    index: int
    secret: Hash32


@dataclass(frozen=True)
class RevocationStore:
    """The compact BOLT 3 store of received secrets: one per count of trailing zero bits."""

    # known[b] holds the secret whose index has exactly b trailing zero bits, if received
    known: tuple[KnownSecret | None, ...]
    # the index the next secret must have: secrets arrive in descending order
    next_index: int


EMPTY_REVOCATION_STORE = RevocationStore(
    known=(None,) * REVOCATION_STORE_SIZE, next_index=MAX_COMMITMENT_INDEX
)


def _check_index(index: int) -> None:
    if not 0 <= index <= MAX_COMMITMENT_INDEX:
        raise RevocationIndexOutOfRange(f"a commitment index is in [0, 2^48 - 1], got {index}")


def _flip_bit(value: bytes, bit: int) -> bytes:
    # bit 0 is the least significant bit of byte 0
    flipped = bytearray(value)
    flipped[bit // 8] ^= 1 << (bit % 8)
    return bytes(flipped)


def compute_derived_secret(base: Hash32, bits: int, index: int) -> Hash32:
    """Derive the secret of `index` from `base`: per set bit below `bits`, flip it and SHA-256."""
    secret = base
    for bit in reversed(range(bits)):
        if (index >> bit) & 1:
            secret = sha256(_flip_bit(secret, bit))
    return secret


def compute_per_commitment_secret(seed: bytes, index: int) -> Hash32:
    """Return the BOLT 3 per-commitment secret of `index` from a 32-byte seed."""
    _check_index(index)
    if len(seed) != HASH32_LENGTH:
        raise InvalidRevocationSecret(f"a seed is 32 bytes, got {len(seed)}")
    return compute_derived_secret(Hash32(seed), COMMITMENT_INDEX_BITS, index)


def compute_bucket(index: int) -> int:
    """Return the store bucket of an index: its trailing zero bits (48 for index 0)."""
    # the number of trailing zero bits of the index; 48 for index 0 (the seed itself)
    for bit in range(COMMITMENT_INDEX_BITS):
        if (index >> bit) & 1:
            return bit
    return COMMITMENT_INDEX_BITS


def insert_revocation_secret(store: RevocationStore, index: int, secret: Hash32) -> RevocationStore:
    """Return the store with the next index's secret added, checked against the kept ones."""
    _check_index(index)
    if index != store.next_index:
        raise UnexpectedRevocationIndex(f"expected the secret of index {store.next_index}")
    if len(secret) != HASH32_LENGTH:
        raise InvalidRevocationSecret(f"a secret is 32 bytes, got {len(secret)}")
    bucket = compute_bucket(index)
    # every secret kept so far must derive from the new one, which sits higher in the tree
    for known in store.known[:bucket]:
        if (
            known is not None
            and compute_derived_secret(secret, bucket, known.index) != known.secret
        ):
            raise InvalidRevocationSecret(f"the secret of index {index} is not of the same seed")
    known_secrets = list(store.known)
    known_secrets[bucket] = KnownSecret(index, secret)
    return RevocationStore(tuple(known_secrets), index - 1)


def get_revocation_secret(store: RevocationStore, index: int) -> Hash32:
    """Return the secret of `index` derived from a stored one; raise RevocationSecretUnknown."""
    _check_index(index)
    for bucket, known in enumerate(store.known):
        # the secret in bucket b derives every index that shares its bits above b
        if known is not None and index >> bucket == known.index >> bucket:
            return compute_derived_secret(known.secret, bucket, index)
    raise RevocationSecretUnknown(f"no secret received yet derives index {index}")


def compute_commitment_index(nonce: int) -> int:
    """Return the commitment index of a state nonce: 2^48 - 1 - nonce."""
    if not 0 <= nonce <= MAX_COMMITMENT_INDEX:
        raise RevocationIndexOutOfRange(f"a state nonce is in [0, 2^48 - 1], got {nonce}")
    return MAX_COMMITMENT_INDEX - nonce


def compute_revocation_secret(seed: bytes, nonce: int) -> Hash32:
    """Return the revocation secret of the state of `nonce`, derived from the seed."""
    return compute_per_commitment_secret(seed, compute_commitment_index(nonce))


def compute_revocation_hash(secret: Hash32) -> Hash32:
    """Return the keccak256 of a revocation secret: the hash a state commits to."""
    return keccak256(secret)
