"""Vector suites for specs/crypto/hash.md."""

from __future__ import annotations

from l2ref.crypto.hash import keccak256, sha256
from l2ref.vectorgen.core import Case, Note, case_rng, declare

NOTES = {
    "EmptyInput": Note("EDGE_CASE", "The empty byte string."),
    "BlockBoundary": Note(
        "EDGE_CASE",
        "Lengths around the rate of the sponge (136 bytes for Keccak-256) or the block size "
        "(64 bytes for SHA-256), where padding spills into a second block.",
    ),
    "KeccakNotSha3": Note(
        "COMPATIBILITY",
        "Ethereum's Keccak-256 uses the original Keccak padding (0x01), not FIPS 202 SHA3-256 "
        "(0x06): keccak256(b'') is c5d246...a470, SHA3-256(b'') is a7ffc6...434a.",
    ),
}


def _hash_cases(suite: str, block: int, empty_flags: tuple[str, ...]) -> list[Case]:
    cases = [Case("empty", {"data": b""}, flags=empty_flags), Case("abc", {"data": b"abc"})]
    for length in (block - 1, block, block + 1, 2 * block):
        rng = case_rng(suite, f"length_{length}")
        data = bytes(rng.getrandbits(8) for _ in range(length))
        cases.append(Case(f"length_{length}", {"data": data}, flags=("BlockBoundary",)))
    return cases


SUITES = [
    declare(
        "crypto",
        keccak256,
        lambda: _hash_cases("crypto/keccak256", 136, ("EmptyInput", "KeccakNotSha3")),
        "Keccak-256 of `input.data`; `output` is the 32-byte digest.",
        notes=NOTES,
    ),
    declare(
        "crypto",
        sha256,
        lambda: _hash_cases("crypto/sha256", 64, ("EmptyInput",)),
        "SHA-256 (FIPS 180-4) of `input.data`; `output` is the 32-byte digest.",
        notes=NOTES,
    ),
]
