"""secp256k1 against third-party vectors (tests/external/): go-ethereum's ecrecover precompile
cases and the four Wycheproof ECDSA secp256k1 files."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import coincurve
import pytest

from l2ref import errors
from l2ref.crypto.secp256k1 import (
    ETHEREUM_V_OFFSET,
    HALF_CURVE_ORDER,
    PublicKey,
    compute_address,
    ecrecover,
    recover_public_key,
    recover_public_key_by_recovery_id,
    verify_signature,
)
from l2ref.types import Hash32

EXTERNAL = Path(__file__).resolve().parent / "external"
WYCHEPROOF_FILES = {
    "ecdsa_secp256k1_sha256_test.json": 476,
    "ecdsa_secp256k1_sha256_p1363_test.json": 252,
    "ecdsa_secp256k1_sha3_256_test.json": 474,
    "ecdsa_secp256k1_sha256_bitcoin_test.json": 463,
}
# Valid P1363 signatures whose R.x is r + n: recovery ids 2 and 3 (tests/external/README.md).
X_ABOVE_ORDER_TC_IDS = frozenset({115, 247})
HASHES: dict[str, Callable[[bytes], bytes]] = {
    "SHA-256": lambda data: hashlib.sha256(data).digest(),
    "SHA3-256": lambda data: hashlib.sha3_256(data).digest(),  # NIST SHA-3, not Keccak
}


# ----------------------------------------------------------------------------- go-ethereum


def test_geth_ecrecover_vectors_byte_for_byte() -> None:
    """I-SECP-5: the go-ethereum ecrecover vectors give their expected outputs."""
    cases = json.loads((EXTERNAL / "geth-precompiles" / "ecRecover.json").read_text())
    assert len(cases) == 5
    for case in cases:
        output = ecrecover(bytes.fromhex(case["Input"]))
        assert output.hex() == case["Expected"], case["Name"]
        assert case["Gas"] == 3000
    valid = next(case for case in cases if case["Name"] == "ValidKey")
    assert valid["Expected"].endswith("a94f5374fce5edbc8e2a8697c15331677e6ebf0b")


# ----------------------------------------------------------------------------- Wycheproof


def _der_length(data: bytes, position: int) -> tuple[int, int] | None:
    """A definite DER length at `position`: (length, next position), None if not minimal."""
    if position >= len(data):
        return None
    first = data[position]
    if first < 0x80:
        return first, position + 1
    if first == 0x81 and position + 1 < len(data) and data[position + 1] >= 0x80:
        return data[position + 1], position + 2
    return None  # indefinite (0x80), long forms this size never needs, non-minimal 0x81


def _der_integer(data: bytes, position: int) -> tuple[int, int] | None:
    if position >= len(data) or data[position] != 0x02:
        return None
    parsed = _der_length(data, position + 1)
    if parsed is None:
        return None
    length, start = parsed
    content = data[start : start + length]
    if length == 0 or len(content) != length:
        return None
    if content[0] & 0x80:
        return None  # negative
    if length > 1 and content[0] == 0 and not content[1] & 0x80:
        return None  # a leading zero byte that is not needed
    return int.from_bytes(content, "big"), start + length


def parse_der_signature(data: bytes) -> tuple[int, int] | None:
    """Strict DER `SEQUENCE { INTEGER r, INTEGER s }`; None for BER or any other deviation."""
    if len(data) < 2 or data[0] != 0x30:
        return None
    parsed = _der_length(data, 1)
    if parsed is None or parsed[0] + parsed[1] != len(data):
        return None
    r_parsed = _der_integer(data, parsed[1])
    if r_parsed is None:
        return None
    s_parsed = _der_integer(data, r_parsed[1])
    if s_parsed is None or s_parsed[1] != len(data):
        return None
    return r_parsed[0], s_parsed[0]


def parse_p1363_signature(data: bytes) -> tuple[int, int] | None:
    if len(data) != 64:
        return None
    return int.from_bytes(data[:32], "big"), int.from_bytes(data[32:], "big")


@dataclass(frozen=True)
class WycheproofCase:
    file: str
    tc_id: int
    public_key: PublicKey
    digest: Hash32
    signature: bytes
    result: str
    flags: tuple[str, ...]


def _public_key(group: dict[str, Any]) -> PublicKey:
    # wx and wy are ASN.1-style integers that may carry a leading 00 byte
    x = int(group["publicKey"]["wx"], 16)
    y = int(group["publicKey"]["wy"], 16)
    return PublicKey(x.to_bytes(32, "big") + y.to_bytes(32, "big"))


def wycheproof_cases(name: str) -> Iterator[WycheproofCase]:
    data = json.loads((EXTERNAL / "wycheproof" / name).read_text())
    assert data["numberOfTests"] == WYCHEPROOF_FILES[name]
    for group in data["testGroups"]:
        assert group["publicKey"]["curve"] == "secp256k1"
        public_key = _public_key(group)
        hash_function = HASHES[group["sha"]]
        for test in group["tests"]:
            yield WycheproofCase(
                name,
                test["tcId"],
                public_key,
                Hash32(hash_function(bytes.fromhex(test["msg"]))),
                bytes.fromhex(test["sig"]),
                test["result"],
                tuple(test["flags"]),
            )


def accepts(case: WycheproofCase) -> bool:
    """What l2ref does with the case: parse by the file's format, then verify_signature."""
    if "p1363" in case.file:
        parsed = parse_p1363_signature(case.signature)
    else:
        parsed = parse_der_signature(case.signature)
    if parsed is None:
        return False
    r, s = parsed
    if "bitcoin" in case.file and s > HALF_CURVE_ORDER:
        return False  # the low-s rule, as Ethereum transactions apply it
    return verify_signature(case.digest, r, s, case.public_key)


def _check_file(name: str, keep: Callable[[int], bool]) -> int:
    checked = 0
    failures = []
    for case in wycheproof_cases(name):
        if not keep(case.tc_id):
            continue
        checked += 1
        if case.result == "acceptable":
            continue
        if accepts(case) != (case.result == "valid"):
            failures.append(f"{name} tcId {case.tc_id} {case.flags}: expected {case.result}")
    assert not failures, "\n".join(failures)
    return checked


@pytest.mark.parametrize("name", sorted(WYCHEPROOF_FILES))
def test_wycheproof_every_vector(name: str) -> None:
    """I-SECP-5: every Wycheproof secp256k1 vector gives its expected result."""
    assert _check_file(name, lambda tc_id: True) == WYCHEPROOF_FILES[name]


def test_wycheproof_total_is_1665() -> None:
    """I-SECP-5: all 1665 Wycheproof vectors are read."""
    assert sum(WYCHEPROOF_FILES.values()) == 1665


def test_strict_der_parser_rejects_ber_forms() -> None:
    good = bytes.fromhex("3006020101020102")
    assert parse_der_signature(good) == (1, 2)
    for bad in (
        "3080020101020102" + "0000",  # indefinite length
        "308106020101020102",  # long form for a short length
        "3007020101020102" + "00",  # trailing byte inside the sequence
        "3006020101020102" + "00",  # trailing byte after the sequence
        "30070202000102" + "0102",  # integer with an unneeded leading zero
        "3006020181020102",  # negative integer
        "3005020101020100"[:-2],  # truncated
        "3104020101020102",  # not a SEQUENCE
        "30050201010200",  # empty INTEGER
    ):
        assert parse_der_signature(bytes.fromhex(bad)) is None, bad
    assert parse_der_signature(bytes.fromhex("3007020200800201" + "02")) == (128, 2)


def test_wycheproof_recovers_every_valid_p1363_signature() -> None:
    name = "ecdsa_secp256k1_sha256_p1363_test.json"
    valid = [case for case in wycheproof_cases(name) if case.result == "valid"]
    assert len(valid) == 167
    high_s = 0
    for case in valid:
        parsed = parse_p1363_signature(case.signature)
        assert parsed is not None
        r, s = parsed
        high_s += s > HALF_CURVE_ORDER
        found = []
        for recovery_id in range(4):
            try:
                key = recover_public_key_by_recovery_id(case.digest, r, s, recovery_id)
            except errors.RecoveryFailed:
                continue
            if key == case.public_key:
                found.append(recovery_id)
        assert len(found) == 1, case.tc_id
        recovery_id = found[0]
        address = bytes(12) + compute_address(case.public_key)
        if case.tc_id in X_ABOVE_ORDER_TC_IDS:
            # Ethereum's v carries only the parity: the key is beyond v in {0, 1, 27, 28}
            assert recovery_id in (2, 3)
            for v in (0, 1):
                try:
                    other = recover_public_key(case.digest, r, s, v)
                except errors.RecoveryFailed:
                    continue
                assert other != case.public_key
            with pytest.raises(errors.InvalidRecoveryId):
                recover_public_key(case.digest, r, s, recovery_id)
            assert _coincurve_recover(case.digest, r, s, recovery_id) == case.public_key
        else:
            assert recovery_id in (0, 1)
            v = ETHEREUM_V_OFFSET + recovery_id
            assert recover_public_key(case.digest, r, s, v) == case.public_key
            # the precompile accepts high s as well
            data = (
                case.digest + v.to_bytes(32, "big") + r.to_bytes(32, "big") + s.to_bytes(32, "big")
            )
            assert ecrecover(data) == address
    assert high_s == 72


def _coincurve_recover(digest: bytes, r: int, s: int, recovery_id: int) -> bytes:
    raw = r.to_bytes(32, "big") + s.to_bytes(32, "big") + bytes([recovery_id])
    public = coincurve.PublicKey.from_signature_and_message(raw, digest, hasher=None)
    uncompressed: bytes = public.format(compressed=False)
    return uncompressed[1:]
