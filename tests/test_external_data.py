"""The third-party files of tests/external/ are the published bytes (see its README)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

EXTERNAL = Path(__file__).resolve().parent / "external"

SHA256 = {
    "geth-precompiles/bn256Add.json": (
        "a5e6e81aceb187e41006a14583a7feebcb03060f9b9f083613271477b9091fae"
    ),
    "geth-precompiles/bn256ScalarMul.json": (
        "aed562c718b07d13363748b1311614b5c709b9517a230eb86e347c78bfbdae19"
    ),
    "geth-precompiles/bn256Pairing.json": (
        "1011b31345f6470ebc409b674f0f4a9318ac23e9a0fab5052aee3b77901310f1"
    ),
    "geth-precompiles/ecRecover.json": (
        "58c02c28fbe2739e13d77444fa6cd44b1109b3eed6a92926681bcbf032576e7d"
    ),
    "wycheproof/ecdsa_secp256k1_sha256_test.json": (
        "43db761c0a2eae71fb0755d355d5130e28ce64a5b07846cf27e7072082597a81"
    ),
    "wycheproof/ecdsa_secp256k1_sha256_p1363_test.json": (
        "7a339efc7134fb2495cd32afdbd692e0f86427d3c24e9073f6a7d858bb8788d2"
    ),
    "wycheproof/ecdsa_secp256k1_sha3_256_test.json": (
        "4748f02694d2391576cf28c8cb3d13149739b5602eeb079deae4577e111afbc1"
    ),
    "wycheproof/ecdsa_secp256k1_sha256_bitcoin_test.json": (
        "543dcb717016959f287dfc65af749e4501b9d2ec42824c59d80796aa605695da"
    ),
}


@pytest.mark.parametrize("name", sorted(SHA256))
def test_external_file_is_the_published_one(name: str) -> None:
    assert hashlib.sha256((EXTERNAL / name).read_bytes()).hexdigest() == SHA256[name]


def test_no_unlisted_files() -> None:
    present = {p.relative_to(EXTERNAL).as_posix() for p in EXTERNAL.rglob("*.json")}
    assert present == set(SHA256)
