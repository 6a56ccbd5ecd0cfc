"""Vector suites for specs/crypto/hash.md."""

from __future__ import annotations

from collections.abc import Callable

from l2ref.crypto.hash import keccak256, sha256
from l2ref.vectorgen.core import (
    Case,
    JsonObject,
    JsonValue,
    Note,
    Suite,
    case_rng,
    field_of,
    hex_bytes,
    parse_bytes,
)

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
    cases = [Case("empty", {"data": "0x"}, flags=empty_flags)]
    cases.append(Case("abc", {"data": hex_bytes(b"abc")}))
    for length in (block - 1, block, block + 1, 2 * block):
        rng = case_rng(suite, f"length_{length}")
        data = bytes(rng.getrandbits(8) for _ in range(length))
        cases.append(Case(f"length_{length}", {"data": hex_bytes(data)}, flags=("BlockBoundary",)))
    return cases


def _runner(function: Callable[[bytes], bytes]) -> Callable[[JsonObject], JsonValue]:
    def run(case_input: JsonObject) -> JsonValue:
        return hex_bytes(function(parse_bytes(field_of(case_input, "data"), "data")))

    return run


SUITES = [
    Suite(
        suite="crypto/keccak256",
        function="l2ref.crypto.hash.keccak256",
        spec="specs/crypto/hash.md#keccak256",
        description=("Keccak-256 of `input.data`; `output` is the 32-byte digest.",),
        cases=lambda: _hash_cases("crypto/keccak256", 136, ("EmptyInput", "KeccakNotSha3")),
        run=_runner(keccak256),
        notes=NOTES,
    ),
    Suite(
        suite="crypto/sha256",
        function="l2ref.crypto.hash.sha256",
        spec="specs/crypto/hash.md#sha256",
        description=("SHA-256 (FIPS 180-4) of `input.data`; `output` is the 32-byte digest.",),
        cases=lambda: _hash_cases("crypto/sha256", 64, ("EmptyInput",)),
        run=_runner(sha256),
        notes=NOTES,
    ),
]
