"""Vector suites for specs/crypto/secp256k1.md."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from ecdsa.rfc6979 import generate_k

from l2ref.crypto.hash import keccak256
from l2ref.crypto.secp256k1 import (
    CURVE_ORDER,
    FIELD_PRIME,
    GENERATOR,
    HALF_CURVE_ORDER,
    AffinePoint,
    PrivateKey,
    PublicKey,
    Signature,
    _encode_point,
    _lift_x,
    _point_multiply,
    compute_address,
    compute_public_key,
    decode_signature,
    ecrecover,
    encode_signature,
    recover_public_key,
    recover_public_key_by_recovery_id,
    recover_transaction_sender,
    sign_digest,
    validate_public_key,
    verify_signature,
)
from l2ref.errors import VectorGenerationError
from l2ref.types import Hash32
from l2ref.vectorgen.core import (
    Case,
    JsonObject,
    JsonValue,
    Note,
    Suite,
    case_rng,
    dec,
    field_of,
    hex_bytes,
    parse_bytes,
    parse_int,
)

SPEC = "specs/crypto/secp256k1.md"

MODULE = "l2ref.crypto.secp256k1"

PARAMETERS = {"FIELD_PRIME": dec(FIELD_PRIME), "CURVE_ORDER": dec(CURVE_ORDER)}

INTEGERS = (
    "Integers (r, s, v, recovery_id, k) are decimal strings; keys, digests, addresses and "
    "signatures are 0x-hex. A public key is 64 bytes x || y (no 0x04 prefix)."
)

NOTES = {
    "KeyDerivation": Note(
        "FUNCTIONALITY",
        "Keys and digests anyone can re-derive: a private key is keccak256 of the UTF-8 text "
        "'l2ref secp256k1 <name>' (for example 'l2ref secp256k1 alice'), its digest keccak256 of "
        "'l2ref secp256k1 message <name>'.",
    ),
    "KeyEdge": Note(
        "EDGE_CASE",
        "The smallest and largest private keys, 1 and n - 1, whose public keys are G and -G.",
    ),
    "PrivateKeyRange": Note(
        "SECURITY",
        "A private key outside [1, n - 1] (0, n, 2^256 - 1) MUST be rejected, not reduced mod n.",
    ),
    "WrongLength": Note(
        "EDGE_CASE", "An input one byte short or long, empty, or in another format's length."
    ),
    "NotOnCurve": Note(
        "SECURITY",
        "Coordinates that do not satisfy y^2 = x^3 + 7; accepting them enables invalid-curve "
        "attacks.",
    ),
    "UnreducedCoordinate": Note(
        "SECURITY",
        "A coordinate written as x + p instead of x: the same field element, a second encoding. "
        "It MUST be rejected.",
    ),
    "SecPrefix": Note(
        "COMPATIBILITY",
        "The SEC 1 uncompressed (65 bytes, 0x04 || x || y) or compressed (33 bytes) form. l2ref "
        "public keys are the 64 bytes x || y that Ethereum hashes into addresses.",
    ),
    "KnownAddress": Note(
        "COMPATIBILITY",
        "Private key 1 has the well-known address 0x7e5f4552091a69125d5dfcb7b8c2659029395bdf.",
    ),
    "Rfc6979": Note(
        "FUNCTIONALITY",
        "The nonce k (intermediate.k) is RFC 6979 with HMAC-SHA256 over the 32-byte digest, as "
        "libsecp256k1 computes it; the signature is byte-identical to geth's and coincurve's.",
    ),
    "LowSNormalised": Note(
        "FUNCTIONALITY",
        "The raw s was above n / 2 (intermediate.raw_s): the output is (r, n - s) and v is the "
        "opposite of R's y parity.",
    ),
    "DigestAboveOrder": Note(
        "EDGE_CASE",
        "A digest whose integer value is at least n: it is reduced mod n in the signature "
        "equation and in RFC 6979's bits2octets.",
    ),
    "HighSAccepted": Note(
        "COMPATIBILITY",
        "The high-s twin (r, n - s) with the other parity. Plain ECDSA, recovery and the "
        "ecrecover precompile accept it; only the transaction rule rejects it.",
    ),
    "HighSRejected": Note(
        "SECURITY",
        "s > n / 2 in a transaction signature: EIP-2 rejects it so that a transaction has one "
        "signature, not two.",
    ),
    "LowSBoundary": Note(
        "EDGE_CASE",
        "s = (n - 1) / 2, the largest low s (accepted), or (n + 1) / 2, the smallest high s.",
    ),
    "SignatureRange": Note(
        "SECURITY", "r or s equal to 0 or at least n: outside [1, n - 1], MUST be rejected."
    ),
    "WrongMessage": Note("SECURITY", "A valid signature checked against another digest or key."),
    "RecoveryIdRange": Note(
        "SECURITY", "A v or recovery id outside the accepted set MUST be rejected, not reduced."
    ),
    "EthereumV": Note(
        "COMPATIBILITY",
        "v = 27 + y parity, the form of legacy transactions, eth_sign and the precompile; 0 and "
        "1 are the same ids in the form of typed transactions.",
    ),
    "XNotOnCurve": Note(
        "SECURITY",
        "r is the x-coordinate of no curve point (r^3 + 7 is not a square mod p): recovery fails.",
    ),
    "RecoveredInfinity": Note(
        "EDGE_CASE",
        "s * R = z * G, so u1 * G + u2 * R is the point at infinity, which is no public key "
        "(intermediate.k is the discrete log of R that made it).",
    ),
    "XAboveOrder": Note(
        "EDGE_CASE",
        "R.x is at least n, so r = R.x - n and recovery ids 2 and 3 are needed "
        "(Wycheproof tcId 115 and 247 are such signatures).",
    ),
    "XAboveField": Note(
        "EDGE_CASE", "Recovery id 2 or 3 with r + n >= p: no field element, recovery fails."
    ),
    "ShortInput": Note(
        "COMPATIBILITY",
        "Input shorter than 128 bytes reads as if zero-padded on the right; here the dropped "
        "bytes were zero, so the address is that of the full input.",
    ),
    "SurplusInput": Note("COMPATIBILITY", "Bytes after the 128th are ignored."),
    "PrecompileFailure": Note(
        "FUNCTIONALITY",
        "The precompile does not fail the call: it returns empty output (0x) on any bad input.",
    ),
    "VHighBits": Note(
        "SECURITY",
        "v's 32-byte word is 27 or 28 in its last byte but has other bits set: not 27 or 28.",
    ),
    "RangeNotChecked": Note(
        "EDGE_CASE",
        "The 65-byte format holds any 32-byte r and s; the range [1, n - 1] is checked by the "
        "function that uses the signature, because the precompile and the transaction rule "
        "differ on s.",
    ),
    "WordOverflow": Note(
        "EDGE_CASE",
        "An integer that does not fit in a 32-byte unsigned word (negative or >= 2^256).",
    ),
    "NonCanonicalV": Note(
        "COMPATIBILITY",
        "v written as 0 or 1 (geth's internal form): the canonical 65-byte form writes 27 or 28.",
    ),
}


def _label_key(label: str) -> PrivateKey:
    return PrivateKey(keccak256(f"l2ref secp256k1 {label}".encode()))


def _digest(label: str) -> Hash32:
    return keccak256(f"l2ref secp256k1 message {label}".encode())


def _key_bytes(secret: int) -> PrivateKey:
    return PrivateKey(secret.to_bytes(32, "big"))


def _affine(public_key: PublicKey) -> AffinePoint:
    return int.from_bytes(public_key[:32], "big"), int.from_bytes(public_key[32:], "big")


def _x_without_point(suite: str, name: str) -> int:
    rng = case_rng(suite, name)
    while True:
        x = rng.randrange(1, CURVE_ORDER)
        if _lift_x(x, 0) is None:
            return x


def _x_above_order() -> int:
    x = CURVE_ORDER + 1
    while _lift_x(x, 0) is None:
        x += 1
    return x


def _signature_input(digest: bytes, r: int, s: int, v: int) -> JsonObject:
    return {"digest": hex_bytes(digest), "r": dec(r), "s": dec(s), "v": dec(v)}


def _signed(label: str) -> tuple[Hash32, Signature, PrivateKey]:
    key = _label_key(label)
    digest = _digest(label)
    return digest, sign_digest(digest, key), key


def _precompile_input(digest: bytes, v: int, r: int, s: int) -> bytes:
    return digest + v.to_bytes(32, "big") + r.to_bytes(32, "big") + s.to_bytes(32, "big")


def _infinity_signature() -> tuple[Hash32, int, int, int]:
    # R = k * G and z = s * k make s * R - z * G the point at infinity
    k = int.from_bytes(keccak256(b"l2ref secp256k1 infinity nonce"), "big") % CURVE_ORDER
    point = _point_multiply(k, GENERATOR)
    if point is None or point[0] >= CURVE_ORDER:
        raise VectorGenerationError("the infinity nonce needs another label")
    s = 12345
    return Hash32((s * k % CURVE_ORDER).to_bytes(32, "big")), point[0], s, point[1] % 2


# ----------------------------------------------------------------------------- keys


def _public_key_cases() -> list[Case]:
    cases = []
    for label in ("alice", "bob", "carol"):
        cases.append(
            Case(
                f"key_{label}",
                {"private_key": hex_bytes(_label_key(label))},
                flags=("KeyDerivation",),
                intermediate={"label": f"l2ref secp256k1 {label}"},
            )
        )
    rng = case_rng("crypto/compute_public_key", "random")
    cases.append(
        Case("key_random", {"private_key": hex_bytes(_key_bytes(rng.randrange(1, CURVE_ORDER)))})
    )
    cases.append(Case("key_one", {"private_key": hex_bytes(_key_bytes(1))}, flags=("KeyEdge",)))
    cases.append(
        Case(
            "key_order_minus_one",
            {"private_key": hex_bytes(_key_bytes(CURVE_ORDER - 1))},
            flags=("KeyEdge",),
        )
    )
    for name, secret in (
        ("key_zero", 0),
        ("key_order", CURVE_ORDER),
        ("key_order_plus_one", CURVE_ORDER + 1),
        ("key_all_ones", 2**256 - 1),
    ):
        cases.append(
            Case(
                name,
                {"private_key": hex_bytes(_key_bytes(secret))},
                expect="InvalidPrivateKey",
                flags=("PrivateKeyRange",),
            )
        )
    for name, data in (
        ("key_31_bytes", bytes(30) + b"\x01"),
        ("key_33_bytes", bytes(32) + b"\x01"),
        ("key_empty", b""),
    ):
        cases.append(
            Case(
                name,
                {"private_key": hex_bytes(data)},
                expect="InvalidLength",
                flags=("WrongLength",),
            )
        )
    return cases


def _bad_public_key_cases(with_valid: bool) -> list[Case]:
    alice = compute_public_key(_label_key("alice"))
    x, y = _affine(alice)
    cases = []
    if with_valid:
        cases.append(Case("alice", {"public_key": hex_bytes(alice)}, flags=("KeyDerivation",)))
        cases.append(
            Case(
                "generator", {"public_key": hex_bytes(_encode_point(GENERATOR))}, flags=("KeyEdge",)
            )
        )
        minus_g = _encode_point((GENERATOR[0], FIELD_PRIME - GENERATOR[1]))
        cases.append(
            Case("minus_generator", {"public_key": hex_bytes(minus_g)}, flags=("KeyEdge",))
        )
    small_x = 1
    while _lift_x(small_x, 0) is None:
        small_x += 1
    small = _lift_x(small_x, 0)
    if small is None:
        raise VectorGenerationError("no small x")
    unreduced = (small_x + FIELD_PRIME).to_bytes(32, "big") + small[1].to_bytes(32, "big")
    cases += [
        Case(
            "y_plus_one",
            {"public_key": hex_bytes(_encode_point((x, (y + 1) % FIELD_PRIME)))},
            expect="PointNotOnCurve",
            flags=("NotOnCurve",),
        ),
        Case(
            "zero_point",
            {"public_key": hex_bytes(bytes(64))},
            expect="PointNotOnCurve",
            flags=("NotOnCurve",),
        ),
        Case(
            "x_plus_p",
            {"public_key": hex_bytes(unreduced)},
            expect="InvalidPublicKey",
            flags=("UnreducedCoordinate",),
            intermediate={"reduced_x": dec(small_x)},
        ),
        Case(
            "x_is_p",
            {"public_key": hex_bytes(FIELD_PRIME.to_bytes(32, "big") + y.to_bytes(32, "big"))},
            expect="InvalidPublicKey",
            flags=("UnreducedCoordinate",),
        ),
        Case(
            "sec1_uncompressed",
            {"public_key": hex_bytes(b"\x04" + alice)},
            expect="InvalidLength",
            flags=("SecPrefix",),
        ),
        Case(
            "sec1_compressed",
            {"public_key": hex_bytes(bytes([2 + y % 2]) + alice[:32])},
            expect="InvalidLength",
            flags=("SecPrefix",),
        ),
        Case(
            "63_bytes",
            {"public_key": hex_bytes(alice[:63])},
            expect="InvalidLength",
            flags=("WrongLength",),
        ),
        Case("empty", {"public_key": "0x"}, expect="InvalidLength", flags=("WrongLength",)),
    ]
    return cases


def _address_cases() -> list[Case]:
    cases = [
        Case(
            "key_one",
            {"public_key": hex_bytes(_encode_point(GENERATOR))},
            flags=("KnownAddress",),
        )
    ]
    for label in ("alice", "bob"):
        cases.append(
            Case(
                label,
                {"public_key": hex_bytes(compute_public_key(_label_key(label)))},
                flags=("KeyDerivation",),
                intermediate={"private_key": hex_bytes(_label_key(label))},
            )
        )
    return cases + _bad_public_key_cases(with_valid=False)


# ----------------------------------------------------------------------------- signing


def _sign_case(name: str, digest: bytes, key: PrivateKey, flags: tuple[str, ...]) -> Case:
    secret = int.from_bytes(key, "big")
    k = generate_k(CURVE_ORDER, secret, hashlib.sha256, digest)
    point = _point_multiply(k, GENERATOR)
    if point is None:
        raise VectorGenerationError("k * G is infinity")
    r = point[0] % CURVE_ORDER
    raw_s = pow(k, -1, CURVE_ORDER) * (int.from_bytes(digest, "big") + r * secret) % CURVE_ORDER
    if raw_s > HALF_CURVE_ORDER:
        flags = (*flags, "LowSNormalised")
    intermediate: JsonObject = {
        "k": dec(k),
        "R": hex_bytes(_encode_point(point)),
        "raw_s": dec(raw_s),
    }
    return Case(
        name,
        {"digest": hex_bytes(digest), "private_key": hex_bytes(key)},
        flags=("Rfc6979", *flags),
        intermediate=intermediate,
    )


def _sign_cases() -> list[Case]:
    cases = [
        _sign_case(f"sign_{label}", _digest(label), _label_key(label), ("KeyDerivation",))
        for label in ("alice", "bob", "carol", "dave", "erin", "frank")
    ]
    alice = _label_key("alice")
    cases += [
        _sign_case("digest_zero", bytes(32), alice, ("KeyDerivation",)),
        _sign_case("digest_all_ones", b"\xff" * 32, alice, ("DigestAboveOrder", "KeyDerivation")),
        _sign_case("digest_order", CURVE_ORDER.to_bytes(32, "big"), alice, ("DigestAboveOrder",)),
        _sign_case("key_one", _digest("key one"), _key_bytes(1), ("KeyEdge",)),
        _sign_case(
            "key_order_minus_one", _digest("key n-1"), _key_bytes(CURVE_ORDER - 1), ("KeyEdge",)
        ),
    ]
    digest = hex_bytes(_digest("alice"))
    for name, secret in (("key_zero", 0), ("key_order", CURVE_ORDER)):
        cases.append(
            Case(
                name,
                {"digest": digest, "private_key": hex_bytes(_key_bytes(secret))},
                expect="InvalidPrivateKey",
                flags=("PrivateKeyRange",),
            )
        )
    for name, data in (("digest_31_bytes", bytes(31)), ("digest_33_bytes", bytes(33))):
        cases.append(
            Case(
                name,
                {"digest": hex_bytes(data), "private_key": hex_bytes(alice)},
                expect="InvalidLength",
                flags=("WrongLength",),
            )
        )
    return cases


def _verify_cases() -> list[Case]:
    digest, sig, key = _signed("alice")
    public = compute_public_key(key)
    bob = compute_public_key(_label_key("bob"))

    def case(
        name: str,
        expect: str,
        flags: tuple[str, ...],
        *,
        r: int = sig.r,
        s: int = sig.s,
        digest_bytes: bytes = digest,
        public_key: bytes = public,
    ) -> Case:
        return Case(
            name,
            {
                "digest": hex_bytes(digest_bytes),
                "r": dec(r),
                "s": dec(s),
                "public_key": hex_bytes(public_key),
            },
            expect=expect,
            flags=flags,
        )

    cases = [case("valid", "valid", ("KeyDerivation",))]
    for label in ("bob", "carol", "dave"):
        other_digest, other_sig, other_key = _signed(label)
        cases.append(
            case(
                f"valid_{label}",
                "valid",
                ("KeyDerivation",),
                r=other_sig.r,
                s=other_sig.s,
                digest_bytes=other_digest,
                public_key=compute_public_key(other_key),
            )
        )
    cases += [
        case("high_s_twin", "valid", ("HighSAccepted",), s=CURVE_ORDER - sig.s),
        case("other_digest", "invalid", ("WrongMessage",), digest_bytes=_digest("bob")),
        case("other_key", "invalid", ("WrongMessage",), public_key=bob),
        case("r_and_s_swapped", "invalid", ("WrongMessage",), r=sig.s, s=sig.r),
        case("r_zero", "invalid", ("SignatureRange",), r=0),
        case("s_zero", "invalid", ("SignatureRange",), s=0),
        case("r_order", "invalid", ("SignatureRange",), r=CURVE_ORDER),
        case("s_order", "invalid", ("SignatureRange",), s=CURVE_ORDER),
        case("r_plus_order", "invalid", ("SignatureRange",), r=sig.r + CURVE_ORDER),
        case("s_plus_order", "invalid", ("SignatureRange",), s=sig.s + CURVE_ORDER),
        case("r_negative", "invalid", ("SignatureRange",), r=sig.r - CURVE_ORDER),
        case(
            "key_not_on_curve",
            "invalid",
            ("NotOnCurve",),
            public_key=public[:63] + bytes([public[63] ^ 1]),
        ),
        case("key_sec1_prefix", "invalid", ("SecPrefix",), public_key=b"\x04" + public),
        case("digest_31_bytes", "invalid", ("WrongLength",), digest_bytes=digest[:31]),
    ]
    return cases


# ----------------------------------------------------------------------------- recovery


def _recover_cases() -> list[Case]:
    cases = []
    for label in ("alice", "bob", "carol", "dave"):
        digest, sig, key = _signed(label)
        public = hex_bytes(compute_public_key(key))
        for v, flags in ((sig.v, ("KeyDerivation",)), (sig.v + 27, ("EthereumV",))):
            cases.append(
                Case(
                    f"{label}_v{v}",
                    _signature_input(digest, sig.r, sig.s, v),
                    flags=flags,
                    intermediate={"public_key": public},
                )
            )
    digest, sig, key = _signed("alice")
    twin_v = 28 - sig.v
    cases.append(
        Case(
            "high_s_twin",
            _signature_input(digest, sig.r, CURVE_ORDER - sig.s, twin_v),
            flags=("HighSAccepted",),
            intermediate={"public_key": hex_bytes(compute_public_key(key))},
        )
    )
    for v in (2, 3, 26, 29, 255, -1):
        cases.append(
            Case(
                f"v_{v}".replace("-", "minus_"),
                _signature_input(digest, sig.r, sig.s, v),
                expect="InvalidRecoveryId",
                flags=("RecoveryIdRange",),
            )
        )
    cases += _range_cases(digest, sig, 27 + sig.v)
    x = _x_without_point("crypto/recover_public_key", "x_not_on_curve")
    cases.append(
        Case(
            "x_not_on_curve",
            _signature_input(digest, x, sig.s, 27),
            expect="RecoveryFailed",
            flags=("XNotOnCurve",),
        )
    )
    z, r, s, parity = _infinity_signature()
    cases.append(
        Case(
            "recovered_infinity",
            _signature_input(z, r, s, parity),
            expect="RecoveryFailed",
            flags=("RecoveredInfinity",),
        )
    )
    cases.append(
        Case(
            "digest_31_bytes",
            _signature_input(digest[:31], sig.r, sig.s, sig.v),
            expect="InvalidLength",
            flags=("WrongLength",),
        )
    )
    return cases


def _range_cases(digest: bytes, sig: Signature, v: int) -> list[Case]:
    return [
        Case(name, _signature_input(digest, r, s, v), expect="SignatureOutOfRange", flags=flags)
        for name, r, s, flags in (
            ("r_zero", 0, sig.s, ("SignatureRange",)),
            ("s_zero", sig.r, 0, ("SignatureRange",)),
            ("r_order", CURVE_ORDER, sig.s, ("SignatureRange",)),
            ("s_order", sig.r, CURVE_ORDER, ("SignatureRange",)),
        )
    ]


def _recovery_id_input(digest: bytes, r: int, s: int, recovery_id: int) -> JsonObject:
    return {"digest": hex_bytes(digest), "r": dec(r), "s": dec(s), "recovery_id": dec(recovery_id)}


def _recovery_id_cases() -> list[Case]:
    digest, sig, key = _signed("alice")
    cases = [
        Case(
            f"alice_id_{sig.v}",
            _recovery_id_input(digest, sig.r, sig.s, sig.v),
            flags=("KeyDerivation",),
            intermediate={"public_key": hex_bytes(compute_public_key(key))},
        ),
        Case(
            f"alice_other_id_{1 - sig.v}",
            _recovery_id_input(digest, sig.r, sig.s, 1 - sig.v),
            flags=("KeyDerivation",),
        ),
    ]
    x = _x_above_order()
    for parity in (0, 1):
        cases.append(
            Case(
                f"x_above_order_id_{2 + parity}",
                _recovery_id_input(_digest("x above n"), x - CURVE_ORDER, 777, 2 + parity),
                flags=("XAboveOrder",),
                intermediate={"R_x": dec(x)},
            )
        )
    cases.append(
        Case(
            "x_above_field",
            _recovery_id_input(digest, FIELD_PRIME - CURVE_ORDER, sig.s, 2),
            expect="RecoveryFailed",
            flags=("XAboveField",),
        )
    )
    for recovery_id in (4, 27, -1):
        cases.append(
            Case(
                f"id_{recovery_id}".replace("-", "minus_"),
                _recovery_id_input(digest, sig.r, sig.s, recovery_id),
                expect="InvalidRecoveryId",
                flags=("RecoveryIdRange",),
            )
        )
    return cases


def _x_with_point(suite: str, name: str) -> int:
    # any such r, with any s and digest, is a valid signature of the key that recovery yields
    rng = case_rng(suite, name)
    while True:
        x = rng.randrange(1, CURVE_ORDER)
        if _lift_x(x, 0) is not None:
            return x


def _transaction_cases() -> list[Case]:
    cases = []
    for label in ("alice", "bob"):
        digest, sig, key = _signed(label)
        for v in (sig.v, sig.v + 27):
            cases.append(
                Case(
                    f"{label}_v{v}",
                    _signature_input(digest, sig.r, sig.s, v),
                    flags=("KeyDerivation",) if v < 2 else ("EthereumV",),
                    intermediate={"address": hex_bytes(compute_address(compute_public_key(key)))},
                )
            )
    digest, sig, _ = _signed("alice")
    cases.append(
        Case(
            "high_s_twin",
            _signature_input(digest, sig.r, CURVE_ORDER - sig.s, 28 - sig.v),
            expect="HighS",
            flags=("HighSRejected",),
        )
    )
    z = _digest("boundary")
    r = _x_with_point("crypto/recover_transaction_sender", "boundary")
    cases.append(
        Case("s_half_order", _signature_input(z, r, HALF_CURVE_ORDER, 27), flags=("LowSBoundary",))
    )
    cases.append(
        Case(
            "s_half_order_plus_one",
            _signature_input(z, r, HALF_CURVE_ORDER + 1, 27),
            expect="HighS",
            flags=("LowSBoundary", "HighSRejected"),
        )
    )
    cases += _range_cases(digest, sig, sig.v)
    for v in (2, 26, 29):
        cases.append(
            Case(
                f"v_{v}",
                _signature_input(digest, sig.r, sig.s, v),
                expect="InvalidRecoveryId",
                flags=("RecoveryIdRange",),
            )
        )
    x = _x_without_point("crypto/recover_transaction_sender", "x_not_on_curve")
    cases.append(
        Case(
            "x_not_on_curve",
            _signature_input(digest, x, sig.s, 0),
            expect="RecoveryFailed",
            flags=("XNotOnCurve",),
        )
    )
    return cases


# ----------------------------------------------------------------------------- precompile


def _ecrecover_cases() -> list[Case]:
    cases = []
    for label in ("alice", "bob", "carol"):
        digest, sig, key = _signed(label)
        cases.append(
            Case(
                label,
                {"data": hex_bytes(_precompile_input(digest, 27 + sig.v, sig.r, sig.s))},
                flags=("KeyDerivation",),
                intermediate={"address": hex_bytes(compute_address(compute_public_key(key)))},
            )
        )
    digest, sig, _ = _signed("alice")
    full = _precompile_input(digest, 27 + sig.v, sig.r, sig.s)
    cases.append(
        Case(
            "high_s_twin",
            {"data": hex_bytes(_precompile_input(digest, 28 - sig.v, sig.r, CURVE_ORDER - sig.s))},
            flags=("HighSAccepted",),
        )
    )
    cases.append(
        Case("surplus_input", {"data": hex_bytes(full + b"\xff" * 33)}, flags=("SurplusInput",))
    )
    # s with four zero low-order bytes, so that the input can stop four bytes early
    r = _x_with_point("crypto/ecrecover", "short_input")
    short_s = (HALF_CURVE_ORDER >> 32) << 32
    cases.append(
        Case(
            "short_input",
            {"data": hex_bytes(_precompile_input(_digest("short"), 27, r, short_s)[:124])},
            flags=("ShortInput",),
        )
    )
    failures: list[tuple[str, bytes, tuple[str, ...]]] = [
        ("empty_input", b"", ("PrecompileFailure",)),
        ("only_digest", digest, ("PrecompileFailure",)),
        ("v_0", _precompile_input(digest, 0, sig.r, sig.s), ("RecoveryIdRange",)),
        ("v_1", _precompile_input(digest, 1, sig.r, sig.s), ("RecoveryIdRange",)),
        ("v_26", _precompile_input(digest, 26, sig.r, sig.s), ("RecoveryIdRange",)),
        ("v_29", _precompile_input(digest, 29, sig.r, sig.s), ("RecoveryIdRange",)),
        ("v_255", _precompile_input(digest, 255, sig.r, sig.s), ("RecoveryIdRange",)),
        (
            "v_high_bit",
            _precompile_input(digest, 2**255 + 27 + sig.v, sig.r, sig.s),
            ("VHighBits",),
        ),
        (
            "v_second_byte",
            _precompile_input(digest, 256 + 27 + sig.v, sig.r, sig.s),
            ("VHighBits",),
        ),
        ("r_zero", _precompile_input(digest, 27 + sig.v, 0, sig.s), ("SignatureRange",)),
        ("s_zero", _precompile_input(digest, 27 + sig.v, sig.r, 0), ("SignatureRange",)),
        ("r_order", _precompile_input(digest, 27 + sig.v, CURVE_ORDER, sig.s), ("SignatureRange",)),
        ("s_order", _precompile_input(digest, 27 + sig.v, sig.r, CURVE_ORDER), ("SignatureRange",)),
        (
            "r_all_ones",
            _precompile_input(digest, 27 + sig.v, 2**256 - 1, sig.s),
            ("SignatureRange",),
        ),
        (
            "x_not_on_curve",
            _precompile_input(
                digest, 27, _x_without_point("crypto/ecrecover", "x_not_on_curve"), sig.s
            ),
            ("XNotOnCurve",),
        ),
    ]
    zi, ri, si, parity = _infinity_signature()
    failures.append(
        ("recovered_infinity", _precompile_input(zi, 27 + parity, ri, si), ("RecoveredInfinity",))
    )
    for name, data, flags in failures:
        cases.append(Case(name, {"data": hex_bytes(data)}, flags=("PrecompileFailure", *flags)))
    return cases


# ----------------------------------------------------------------------------- encoding


def _encode_cases() -> list[Case]:
    _, sig, _ = _signed("alice")

    def case(name: str, values: tuple[int, int, int], expect: str, flags: tuple[str, ...]) -> Case:
        r, s, v = values
        return Case(name, {"r": dec(r), "s": dec(s), "v": dec(v)}, expect=expect, flags=flags)

    return [
        case("alice", (sig.r, sig.s, sig.v), "valid", ("KeyDerivation",)),
        case("parity_one", (sig.r, sig.s, 1), "valid", ()),
        case("small_values", (1, 2, 0), "valid", ()),
        case("largest_words", (2**256 - 1, 2**256 - 1, 1), "valid", ("RangeNotChecked",)),
        case("v_2", (sig.r, sig.s, 2), "ValueOutOfRange", ("RecoveryIdRange",)),
        case("v_27", (sig.r, sig.s, 27), "ValueOutOfRange", ("RecoveryIdRange",)),
        case("r_too_large", (2**256, sig.s, 0), "ValueOutOfRange", ("WordOverflow",)),
        case("s_negative", (sig.r, -1, 0), "ValueOutOfRange", ("WordOverflow",)),
    ]


def _decode_cases() -> list[Case]:
    _, sig, _ = _signed("alice")
    body = sig.r.to_bytes(32, "big") + sig.s.to_bytes(32, "big")

    def case(name: str, data: bytes, expect: str, flags: tuple[str, ...]) -> Case:
        return Case(name, {"data": hex_bytes(data)}, expect=expect, flags=flags)

    return [
        case("v_27", body + b"\x1b", "valid", ("EthereumV",)),
        case("v_28", body + b"\x1c", "valid", ("EthereumV",)),
        case("r_and_s_zero", bytes(64) + b"\x1b", "valid", ("RangeNotChecked",)),
        case("v_0", body + b"\x00", "NonCanonicalEncoding", ("NonCanonicalV",)),
        case("v_1", body + b"\x01", "NonCanonicalEncoding", ("NonCanonicalV",)),
        case("v_26", body + b"\x1a", "InvalidRecoveryByte", ("RecoveryIdRange",)),
        case("v_29", body + b"\x1d", "InvalidRecoveryByte", ("RecoveryIdRange",)),
        case("v_255", body + b"\xff", "InvalidRecoveryByte", ("RecoveryIdRange",)),
        case("64_bytes", body, "InvalidLength", ("WrongLength",)),
        case("66_bytes", body + b"\x1b\x00", "InvalidLength", ("WrongLength",)),
        case("empty", b"", "InvalidLength", ("WrongLength",)),
    ]


# ----------------------------------------------------------------------------- runners


def _bytes(case_input: JsonObject, key: str) -> bytes:
    return parse_bytes(field_of(case_input, key), key)


def _int(case_input: JsonObject, key: str) -> int:
    return parse_int(field_of(case_input, key), key)


def _signature_json(signature: Signature) -> JsonObject:
    return {"r": dec(signature.r), "s": dec(signature.s), "v": dec(signature.v)}


def _run_public_key(case_input: JsonObject) -> JsonValue:
    return hex_bytes(compute_public_key(PrivateKey(_bytes(case_input, "private_key"))))


def _run_validate(case_input: JsonObject) -> JsonValue:
    validate_public_key(PublicKey(_bytes(case_input, "public_key")))
    return None


def _run_address(case_input: JsonObject) -> JsonValue:
    return hex_bytes(compute_address(PublicKey(_bytes(case_input, "public_key"))))


def _run_sign(case_input: JsonObject) -> JsonValue:
    digest = Hash32(_bytes(case_input, "digest"))
    return _signature_json(sign_digest(digest, PrivateKey(_bytes(case_input, "private_key"))))


def _run_verify(case_input: JsonObject) -> JsonValue:
    return verify_signature(
        Hash32(_bytes(case_input, "digest")),
        _int(case_input, "r"),
        _int(case_input, "s"),
        PublicKey(_bytes(case_input, "public_key")),
    )


def _recovery_runner(
    function: Callable[[Hash32, int, int, int], bytes], last: str
) -> Callable[[JsonObject], JsonValue]:
    def run(case_input: JsonObject) -> JsonValue:
        return hex_bytes(
            function(
                Hash32(_bytes(case_input, "digest")),
                _int(case_input, "r"),
                _int(case_input, "s"),
                _int(case_input, last),
            )
        )

    return run


def _run_ecrecover(case_input: JsonObject) -> JsonValue:
    return hex_bytes(ecrecover(_bytes(case_input, "data")))


def _run_encode(case_input: JsonObject) -> JsonValue:
    signature = Signature(_int(case_input, "r"), _int(case_input, "s"), _int(case_input, "v"))
    return hex_bytes(encode_signature(signature))


def _run_decode(case_input: JsonObject) -> JsonValue:
    return _signature_json(decode_signature(_bytes(case_input, "data")))


def _suite(
    name: str,
    description: tuple[str, ...],
    cases: Callable[[], list[Case]],
    run: Callable[[JsonObject], JsonValue],
    predicate: bool = False,
) -> Suite:
    return Suite(
        suite=f"crypto/{name}",
        function=f"{MODULE}.{name}",
        spec=f"{SPEC}#{name}",
        description=(*description, INTEGERS),
        cases=cases,
        run=run,
        notes=NOTES,
        parameters=PARAMETERS,
        predicate=predicate,
    )


SUITES = [
    _suite(
        "compute_public_key",
        ("compute_public_key(private_key): output is the 64-byte public key x || y.",),
        _public_key_cases,
        _run_public_key,
    ),
    _suite(
        "validate_public_key",
        ("validate_public_key(public_key): output is null when the key is valid.",),
        lambda: _bad_public_key_cases(with_valid=True),
        _run_validate,
    ),
    _suite(
        "compute_address",
        ("compute_address(public_key): output is the 20-byte address keccak256(x || y)[12:].",),
        _address_cases,
        _run_address,
    ),
    _suite(
        "sign_digest",
        (
            "sign_digest(digest, private_key): output is {r, s, v} with s <= n / 2 and v the "
            "y parity (0 or 1) of the point whose x-coordinate is r.",
        ),
        _sign_cases,
        _run_sign,
    ),
    _suite(
        "verify_signature",
        ("verify_signature(digest, r, s, public_key): output is true or false; never an error.",),
        _verify_cases,
        _run_verify,
        predicate=True,
    ),
    _suite(
        "recover_public_key",
        ("recover_public_key(digest, r, s, v) with v in {0, 1, 27, 28}: output is x || y.",),
        _recover_cases,
        _recovery_runner(recover_public_key, "v"),
    ),
    _suite(
        "recover_public_key_by_recovery_id",
        (
            "recover_public_key_by_recovery_id(digest, r, s, recovery_id) with recovery_id in "
            "0..3 (bit 0: y parity of R, bit 1: R.x = r + n): output is x || y.",
        ),
        _recovery_id_cases,
        _recovery_runner(recover_public_key_by_recovery_id, "recovery_id"),
    ),
    _suite(
        "recover_transaction_sender",
        (
            "recover_transaction_sender(digest, r, s, v): the transaction rule, high s "
            "rejected; output is the 20-byte address.",
        ),
        _transaction_cases,
        _recovery_runner(recover_transaction_sender, "v"),
    ),
    _suite(
        "ecrecover",
        (
            "ecrecover(data), the precompile at address 0x01: data is hash(32) || v(32) || "
            "r(32) || s(32); output is leftpad32(address), or 0x (empty) on any failure. "
            "Every case is valid: the precompile never raises.",
        ),
        _ecrecover_cases,
        _run_ecrecover,
    ),
    _suite(
        "encode_signature",
        ("encode_signature({r, s, v}): output is the 65 bytes r || s || (27 + v).",),
        _encode_cases,
        _run_encode,
    ),
    _suite(
        "decode_signature",
        ("decode_signature(data): output is {r, s, v} with v the y parity 0 or 1.",),
        _decode_cases,
        _run_decode,
    ),
]
