"""secp256k1: signatures, verifications and recoveries per second, for l2ref, for the ecdsa
package used the plain way, and for coincurve (libsecp256k1 in C, the practical limit).

Run: .venv/bin/python -m bench.bench_secp256k1
"""

from __future__ import annotations

import hashlib

import coincurve
from ecdsa import SECP256k1, SigningKey, VerifyingKey
from ecdsa.util import sigencode_string

from bench.common import Measurement, machine, ops_per_second, table
from l2ref.crypto.hash import keccak256
from l2ref.crypto.secp256k1 import (
    PrivateKey,
    compute_public_key,
    recover_public_key,
    sign_digest,
    verify_signature,
)
from l2ref.types import Hash32

KEYS = 16
BASELINE = "ecdsa (plain)"


def _inputs() -> tuple[list[PrivateKey], list[Hash32]]:
    keys = [PrivateKey(keccak256(f"bench key {i}".encode())) for i in range(KEYS)]
    digests = [keccak256(f"bench message {i}".encode()) for i in range(KEYS)]
    return keys, digests


def main() -> None:
    keys, digests = _inputs()
    publics = [compute_public_key(key) for key in keys]
    signatures = [sign_digest(d, k) for d, k in zip(digests, keys, strict=True)]

    ecdsa_keys = [
        SigningKey.from_string(key, curve=SECP256k1, hashfunc=hashlib.sha256) for key in keys
    ]
    ecdsa_verifying = [key.get_verifying_key() for key in ecdsa_keys]
    ecdsa_signatures = [sigencode_string(s.r, s.s, SECP256k1.order) for s in signatures]

    coincurve_keys = [coincurve.PrivateKey(key) for key in keys]
    coincurve_publics = [coincurve.PublicKey(b"\x04" + public) for public in publics]
    coincurve_der = [k.sign(d, hasher=None) for k, d in zip(coincurve_keys, digests, strict=True)]
    coincurve_recoverable = [
        s.r.to_bytes(32, "big") + s.s.to_bytes(32, "big") + bytes([s.v]) for s in signatures
    ]

    # the three implementations agree on what is measured
    for i in range(KEYS):
        recovered = recover_public_key(
            digests[i], signatures[i].r, signatures[i].s, signatures[i].v
        )
        candidates = VerifyingKey.from_public_key_recovery_with_digest(
            ecdsa_signatures[i], digests[i], SECP256k1, hashfunc=hashlib.sha256
        )
        assert recovered in [candidate.to_string() for candidate in candidates]
        theirs = coincurve.PublicKey.from_signature_and_message(
            coincurve_recoverable[i], digests[i], hasher=None
        )
        assert theirs.format(compressed=False)[1:] == recovered
        assert (
            coincurve_keys[i].sign_recoverable(digests[i], hasher=None)
            == (coincurve_recoverable[i])
        )

    def l2ref_sign(i: int) -> object:
        return sign_digest(digests[i % KEYS], keys[i % KEYS])

    def l2ref_verify(i: int) -> object:
        sig = signatures[i % KEYS]
        return verify_signature(digests[i % KEYS], sig.r, sig.s, publics[i % KEYS])

    def l2ref_recover(i: int) -> object:
        sig = signatures[i % KEYS]
        return recover_public_key(digests[i % KEYS], sig.r, sig.s, sig.v)

    def ecdsa_sign(i: int) -> object:
        return ecdsa_keys[i % KEYS].sign_digest_deterministic(
            digests[i % KEYS], sigencode=sigencode_string
        )

    def ecdsa_verify(i: int) -> object:
        return ecdsa_verifying[i % KEYS].verify_digest(
            ecdsa_signatures[i % KEYS], digests[i % KEYS]
        )

    def ecdsa_recover(i: int) -> object:
        return VerifyingKey.from_public_key_recovery_with_digest(
            ecdsa_signatures[i % KEYS], digests[i % KEYS], SECP256k1, hashfunc=hashlib.sha256
        )

    def coincurve_sign(i: int) -> object:
        return coincurve_keys[i % KEYS].sign_recoverable(digests[i % KEYS], hasher=None)

    def coincurve_verify(i: int) -> object:
        return coincurve_publics[i % KEYS].verify(
            coincurve_der[i % KEYS], digests[i % KEYS], hasher=None
        )

    def coincurve_recover(i: int) -> object:
        return coincurve.PublicKey.from_signature_and_message(
            coincurve_recoverable[i % KEYS], digests[i % KEYS], hasher=None
        )

    print(f"secp256k1, {machine()}, best of 3 rounds")
    print()
    operations = {
        "sign (RFC 6979)": (l2ref_sign, ecdsa_sign, coincurve_sign, 400, 200, 20000),
        "verify": (l2ref_verify, ecdsa_verify, coincurve_verify, 200, 100, 20000),
        "recover": (l2ref_recover, ecdsa_recover, coincurve_recover, 200, 40, 20000),
    }
    for title, (ours, plain, native, n_ours, n_plain, n_native) in operations.items():
        rows = [
            Measurement("l2ref", ops_per_second(ours, n_ours)),
            Measurement(BASELINE, ops_per_second(plain, n_plain)),
            Measurement("coincurve (libsecp256k1)", ops_per_second(native, n_native)),
        ]
        print(table(title, rows, BASELINE))
        print()


if __name__ == "__main__":
    main()
