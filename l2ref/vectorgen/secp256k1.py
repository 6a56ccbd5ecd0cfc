"""Vector suites for specs/crypto/secp256k1.md."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from ecdsa.rfc6979 import generate_k

from l2ref.crypto import secp256k1 as ec
from l2ref.crypto.hash import keccak256
from l2ref.crypto.secp256k1 import PrivateKey, PublicKey, Signature
from l2ref.errors import VectorGenerationError
from l2ref.types import Hash32
from l2ref.vectorgen.core import Case, Suite, case, case_rng, dec, declare, note_table, table

# the curve's order n, field prime p and generator G, and n // 2, the largest low s
N, P, G, HALF = ec.CURVE_ORDER, ec.FIELD_PRIME, ec.GENERATOR, ec.HALF_CURVE_ORDER

PARAMETERS = {"FIELD_PRIME": dec(P), "CURVE_ORDER": dec(N)}

INTEGERS = (
    "Integers (r, s, v, recovery_id, k) are decimal strings; keys, digests, addresses and "
    "signatures are 0x-hex. A public key is 64 bytes x || y (no 0x04 prefix)."
)

NOTES = note_table("""
KeyDerivation FUNCTIONALITY Keys and digests anyone can re-derive: a private key is keccak256 of
    the UTF-8 text 'l2ref secp256k1 <name>' (for example 'l2ref secp256k1 alice'), its digest
    keccak256 of 'l2ref secp256k1 message <name>'.
KeyEdge EDGE_CASE The smallest and largest private keys, 1 and n - 1, whose public keys are G and
    -G.
PrivateKeyRange SECURITY A private key outside [1, n - 1] (0, n, 2^256 - 1) MUST be rejected, not
    reduced mod n.
WrongLength EDGE_CASE An input one byte short or long, empty, or in another format's length.
NotOnCurve SECURITY Coordinates that do not satisfy y^2 = x^3 + 7; accepting them enables
    invalid-curve attacks.
UnreducedCoordinate SECURITY A coordinate written as x + p instead of x: the same field element, a
    second encoding. It MUST be rejected.
SecPrefix COMPATIBILITY The SEC 1 uncompressed (65 bytes, 0x04 || x || y) or compressed (33 bytes)
    form. l2ref public keys are the 64 bytes x || y that Ethereum hashes into addresses.
KnownAddress COMPATIBILITY Private key 1 has the well-known address
    0x7e5f4552091a69125d5dfcb7b8c2659029395bdf.
Rfc6979 FUNCTIONALITY The nonce k (intermediate.k) is RFC 6979 with HMAC-SHA256 over the 32-byte
    digest, as libsecp256k1 computes it; the signature is byte-identical to geth's and coincurve's.
LowSNormalised FUNCTIONALITY The raw s was above n / 2 (intermediate.raw_s): the output is (r, n -
    s) and v is the opposite of R's y parity.
DigestAboveOrder EDGE_CASE A digest whose integer value is at least n: it is reduced mod n in the
    signature equation and in RFC 6979's bits2octets.
HighSAccepted COMPATIBILITY The high-s twin (r, n - s) with the other parity. Plain ECDSA, recovery
    and the ecrecover precompile accept it; only the transaction rule rejects it.
HighSRejected SECURITY s > n / 2 in a transaction signature: EIP-2 rejects it so that a transaction
    has one signature, not two.
LowSBoundary EDGE_CASE s = (n - 1) / 2, the largest low s (accepted), or (n + 1) / 2, the smallest
    high s.
SignatureRange SECURITY r or s equal to 0 or at least n: outside [1, n - 1], MUST be rejected.
WrongMessage SECURITY A valid signature checked against another digest or key.
RecoveryIdRange SECURITY A v or recovery id outside the accepted set MUST be rejected, not reduced.
EthereumV COMPATIBILITY v = 27 + y parity, the form of legacy transactions, eth_sign and the
    precompile; 0 and 1 are the same ids in the form of typed transactions.
XNotOnCurve SECURITY r is the x-coordinate of no curve point (r^3 + 7 is not a square mod p):
    recovery fails.
RecoveredInfinity EDGE_CASE s * R = z * G, so u1 * G + u2 * R is the point at infinity, which is no
    public key (intermediate.k is the discrete log of R that made it).
XAboveOrder EDGE_CASE R.x is at least n, so r = R.x - n and recovery ids 2 and 3 are needed
    (Wycheproof tcId 115 and 247 are such signatures).
XAboveField EDGE_CASE Recovery id 2 or 3 with r + n >= p: no field element, recovery fails.
ShortInput COMPATIBILITY Input shorter than 128 bytes reads as if zero-padded on the right; here
    the dropped bytes were zero, so the address is that of the full input.
SurplusInput COMPATIBILITY Bytes after the 128th are ignored.
PrecompileFailure FUNCTIONALITY The precompile does not fail the call: it returns empty output (0x)
    on any bad input.
VHighBits SECURITY v's 32-byte word is 27 or 28 in its last byte but has other bits set: not 27 or
    28.
RangeNotChecked EDGE_CASE The 65-byte format holds any 32-byte r and s; the range [1, n - 1] is
    checked by the function that uses the signature, because the precompile and the transaction
    rule differ on s.
WordOverflow EDGE_CASE An integer that does not fit in a 32-byte unsigned word (negative or >=
    2^256).
NonCanonicalV COMPATIBILITY v written as 0 or 1 (geth's internal form): the canonical 65-byte form
    writes 27 or 28.
""")

SUITES: list[Suite] = []

Cases = Callable[[], list[Case]]

Row = tuple[object, ...]


def _suite(function: Callable[..., object], **options: Any) -> Callable[[Cases], Cases]:
    """Declare the suite of `function` whose cases the decorated function builds and whose
    description is that function's docstring."""

    def register(cases: Cases) -> Cases:
        text = " ".join((cases.__doc__ or "").split())
        options.update(notes=NOTES, parameters=PARAMETERS)
        SUITES.append(declare("crypto", function, cases, (text, INTEGERS), **options))
        return cases

    return register


def _label_key(label: str) -> PrivateKey:
    return PrivateKey(keccak256(f"l2ref secp256k1 {label}".encode()))


def _digest(label: str) -> Hash32:
    return keccak256(f"l2ref secp256k1 message {label}".encode())


def _key(secret: int) -> PrivateKey:
    return PrivateKey(secret.to_bytes(32, "big"))


def _public(label: str) -> PublicKey:
    return ec.compute_public_key(_label_key(label))


def _signed(label: str) -> tuple[Hash32, Signature]:
    digest = _digest(label)
    return digest, ec.sign_digest(digest, _label_key(label))


def _x_on_curve(suite: str, name: str, on_curve: bool) -> int:
    # an r with a point (any s and digest then sign for the key that recovery yields) or without
    rng = case_rng(suite, name)
    while (ec._lift_x(x := rng.randrange(1, N), 0) is not None) != on_curve:
        pass
    return x


def _first_point(x: int) -> tuple[int, int]:
    """The curve point of even y with the smallest x-coordinate from `x` on."""
    while (point := ec._lift_x(x, 0)) is None:
        x += 1
    return point


def _infinity_signature() -> tuple[Hash32, int, int, int]:
    # R = k * G and z = s * k make s * R - z * G the point at infinity
    k = int.from_bytes(keccak256(b"l2ref secp256k1 infinity nonce"), "big") % N
    point = ec._point_multiply(k, G)
    if point is None or point[0] >= N:
        raise VectorGenerationError("the infinity nonce needs another label")
    s = 12345
    return Hash32((s * k % N).to_bytes(32, "big")), point[0], s, point[1] % 2


BAD_KEY, WRONG_LENGTH = "InvalidPrivateKey: PrivateKeyRange", "InvalidLength: WrongLength"


@_suite(ec.compute_public_key)
def _public_key_cases() -> list[Case]:
    """compute_public_key(private_key): output is the 64-byte public key x || y."""
    random_key = _key(case_rng("crypto/compute_public_key", "random").randrange(1, N))
    return table(
        "private_key",
        *(
            case(f"key_{n}", {"private_key": _label_key(n)}, "KeyDerivation", label=label)
            for n, label in ((n, f"l2ref secp256k1 {n}") for n in ("alice", "bob", "carol"))
        ),
        ("key_random", random_key, ""),
        ("key_one", _key(1), "KeyEdge"),
        ("key_order_minus_one", _key(N - 1), "KeyEdge"),
        *((name, _key(secret), BAD_KEY) for name, secret in _BAD_SECRETS),
        ("key_31_bytes", bytes(30) + b"\x01", WRONG_LENGTH),
        ("key_33_bytes", bytes(32) + b"\x01", WRONG_LENGTH),
        ("key_empty", b"", WRONG_LENGTH),
    )


_BAD_SECRETS = (
    ("key_zero", 0),
    ("key_order", N),
    ("key_order_plus_one", N + 1),
    ("key_all_ones", 2**256 - 1),
)


def _invalid_public_keys() -> list[Row | Case]:
    alice = _public("alice")
    x, y = int.from_bytes(alice[:32], "big"), int.from_bytes(alice[32:], "big")
    small_x, small_y = _first_point(1)
    unreduced = {"public_key": ec._encode_point((small_x + P, small_y))}
    off_curve, above = "PointNotOnCurve: NotOnCurve", "InvalidPublicKey: UnreducedCoordinate"
    return [
        ("y_plus_one", ec._encode_point((x, (y + 1) % P)), off_curve),
        ("zero_point", bytes(64), off_curve),
        case("x_plus_p", unreduced, above, reduced_x=small_x),
        ("x_is_p", ec._encode_point((P, y)), above),
        ("sec1_uncompressed", b"\x04" + alice, "InvalidLength: SecPrefix"),
        ("sec1_compressed", bytes([2 + y % 2]) + alice[:32], "InvalidLength: SecPrefix"),
        ("63_bytes", alice[:63], WRONG_LENGTH),
        ("empty", b"", WRONG_LENGTH),
    ]


@_suite(ec.validate_public_key)
def _validate_cases() -> list[Case]:
    """validate_public_key(public_key): output is null when the key is valid."""
    return table(
        "public_key",
        ("alice", _public("alice"), "KeyDerivation"),
        ("generator", ec._encode_point(G), "KeyEdge"),
        ("minus_generator", ec._encode_point((G[0], P - G[1])), "KeyEdge"),
        *_invalid_public_keys(),
    )


@_suite(ec.compute_address)
def _address_cases() -> list[Case]:
    """compute_address(public_key): output is the 20-byte address keccak256(x || y)[12:]."""
    return table(
        "public_key",
        ("key_one", ec._encode_point(G), "KnownAddress"),
        *(
            case(n, {"public_key": _public(n)}, "KeyDerivation", private_key=_label_key(n))
            for n in ("alice", "bob")
        ),
        *_invalid_public_keys(),
    )


def _sign_case(name: str, digest: bytes, key: PrivateKey, flags: str = "KeyDerivation") -> Case:
    secret = int.from_bytes(key, "big")
    k = generate_k(N, secret, hashlib.sha256, digest)
    point = ec._point_multiply(k, G)
    if point is None:
        raise VectorGenerationError("k * G is infinity")
    raw_s = pow(k, -1, N) * (int.from_bytes(digest, "big") + point[0] % N * secret) % N
    flags = f"Rfc6979 {flags} LowSNormalised" if raw_s > HALF else f"Rfc6979 {flags}"
    given = {"digest": digest, "private_key": key}
    return case(name, given, flags, k=k, R=ec._encode_point(point), raw_s=raw_s)


@_suite(ec.sign_digest)
def _sign_cases() -> list[Case]:
    """sign_digest(digest, private_key): output is {r, s, v} with s <= n / 2 and v the y parity
    (0 or 1) of the point whose x-coordinate is r."""
    alice, z = _label_key("alice"), _digest("alice")
    labels = ("alice", "bob", "carol", "dave", "erin", "frank")
    return table(
        "digest private_key",
        *(_sign_case(f"sign_{n}", _digest(n), _label_key(n)) for n in labels),
        _sign_case("digest_zero", bytes(32), alice),
        _sign_case("digest_all_ones", b"\xff" * 32, alice, "DigestAboveOrder KeyDerivation"),
        _sign_case("digest_order", N.to_bytes(32, "big"), alice, "DigestAboveOrder"),
        _sign_case("key_one", _digest("key one"), _key(1), "KeyEdge"),
        _sign_case("key_order_minus_one", _digest("key n-1"), _key(N - 1), "KeyEdge"),
        *((name, z, _key(secret), BAD_KEY) for name, secret in _BAD_SECRETS[:2]),
        ("digest_31_bytes", bytes(31), alice, WRONG_LENGTH),
        ("digest_33_bytes", bytes(33), alice, WRONG_LENGTH),
        ("key_all_ones", z, _key(2**256 - 1), BAD_KEY),
        ("key_31_bytes", z, alice[:31], WRONG_LENGTH),
        ("key_33_bytes", z, alice + b"\x00", WRONG_LENGTH),
        ("key_empty", z, b"", WRONG_LENGTH),
        ("digest_empty", b"", alice, WRONG_LENGTH),
    )


@_suite(ec.verify_signature, predicate=True)
def _verify_cases() -> list[Case]:
    """verify_signature(digest, r, s, public_key): output is true or false; never an error."""
    digest, sig = _signed("alice")
    key = _public("alice")
    x_is_p, flipped = P.to_bytes(32, "big") + key[32:], key[:-1] + bytes([key[-1] ^ 1])
    signed = {n: (*_signed(n), _public(n)) for n in ("bob", "carol", "dave")}
    z, r, s = digest, sig.r, sig.s
    bad, wrong = "invalid: SignatureRange", "invalid: WrongMessage"
    return table(
        "digest r s public_key",
        ("valid", z, r, s, key, "KeyDerivation"),
        *((f"valid_{n}", d, o.r, o.s, k, "KeyDerivation") for n, (d, o, k) in signed.items()),
        ("high_s_twin", z, r, N - s, key, "HighSAccepted"),
        ("other_digest", _digest("bob"), r, s, key, wrong),
        ("other_key", z, r, s, _public("bob"), wrong),
        ("r_and_s_swapped", z, s, r, key, wrong),
        ("r_zero", z, 0, s, key, bad),
        ("s_zero", z, r, 0, key, bad),
        ("r_order", z, N, s, key, bad),
        ("s_order", z, r, N, key, bad),
        ("r_plus_order", z, r + N, s, key, bad),
        ("s_plus_order", z, r, s + N, key, bad),
        ("r_negative", z, r - N, s, key, bad),
        ("key_not_on_curve", z, r, s, flipped, "invalid: NotOnCurve"),
        ("key_sec1_prefix", z, r, s, b"\x04" + key, "invalid: SecPrefix"),
        ("digest_31_bytes", z[:31], r, s, key, "invalid: WrongLength"),
        ("key_63_bytes", z, r, s, key[:63], "invalid: WrongLength"),
        ("key_zero_point", z, r, s, bytes(64), "invalid: NotOnCurve"),
        ("key_x_is_p", z, r, s, x_is_p, "invalid: UnreducedCoordinate"),
        ("digest_33_bytes", z + b"\x00", r, s, key, "invalid: WrongLength"),
    )


def _by_label(labels: tuple[str, ...], recovered: str) -> list[Case]:
    """Each label's signature with v as the y parity and as 27 + parity; intermediate.<recovered>
    is the signer's public key or address."""
    cases = []
    for label in labels:
        z, sig = _signed(label)
        public = _public(label)
        extra = {recovered: public if recovered == "public_key" else ec.compute_address(public)}
        for v, flag in ((sig.v, "KeyDerivation"), (sig.v + 27, "EthereumV")):
            given = {"digest": z, "r": sig.r, "s": sig.s, "v": v}
            cases.append(case(f"{label}_v{v}", given, flag, **extra))
    return cases


def _bad_v(z: bytes, sig: Signature, *vs: int) -> list[Row]:
    """Rows v_<v> (v_2_256_plus_27 for 2^256 + 27) of a signature with another v."""
    names = {v: "2_256_plus_27" if v == 2**256 + 27 else str(v).replace("-", "minus_") for v in vs}
    return [(f"v_{names[v]}", z, sig.r, sig.s, v, "InvalidRecoveryId: RecoveryIdRange") for v in vs]


def _out_of_range(z: bytes, sig: Signature, v: int) -> list[Row]:
    rs = (("r_zero", 0, sig.s), ("s_zero", sig.r, 0), ("r_order", N, sig.s), ("s_order", sig.r, N))
    return [(name, z, r, s, v, "SignatureOutOfRange: SignatureRange") for name, r, s in rs]


@_suite(ec.recover_public_key)
def _recover_cases() -> list[Case]:
    """recover_public_key(digest, r, s, v) with v in {0, 1, 27, 28}: output is x || y."""
    z, sig = _signed("alice")
    twin = {"digest": z, "r": sig.r, "s": N - sig.s, "v": 28 - sig.v}
    x = _x_on_curve("crypto/recover_public_key", "x_not_on_curve", on_curve=False)
    return table(
        "digest r s v",
        *_by_label(("alice", "bob", "carol", "dave"), "public_key"),
        case("high_s_twin", twin, "HighSAccepted", public_key=_public("alice")),
        *_bad_v(z, sig, 2, 3, 26, 29, 255, -1),
        *_out_of_range(z, sig, 27 + sig.v),
        ("x_not_on_curve", z, x, sig.s, 27, "RecoveryFailed: XNotOnCurve"),
        ("recovered_infinity", *_infinity_signature(), "RecoveryFailed: RecoveredInfinity"),
        ("digest_31_bytes", z[:31], sig.r, sig.s, sig.v, WRONG_LENGTH),
        *_bad_v(z, sig, 2**256 + 27),
    )


@_suite(ec.recover_public_key_by_recovery_id)
def _recovery_id_cases() -> list[Case]:
    """recover_public_key_by_recovery_id(digest, r, s, recovery_id) with recovery_id in 0..3
    (bit 0: y parity of R, bit 1: R.x = r + n): output is x || y."""
    z, sig = _signed("alice")
    r, s, v, x, above = sig.r, sig.s, sig.v, _first_point(N + 1)[0], _digest("x above n")
    alice = {"digest": z, "r": r, "s": s, "recovery_id": v}
    bad = "InvalidRecoveryId: RecoveryIdRange"
    return table(
        "digest r s recovery_id",
        case(f"alice_id_{v}", alice, "KeyDerivation", public_key=_public("alice")),
        (f"alice_other_id_{1 - v}", z, r, s, 1 - v, "KeyDerivation"),
        *(
            case(f"x_above_order_id_{i}", {**alice, **given}, "XAboveOrder", R_x=x)
            for i, given in (
                (i, {"digest": above, "r": x - N, "s": 777, "recovery_id": i}) for i in (2, 3)
            )
        ),
        ("x_above_field", z, P - N, s, 2, "RecoveryFailed: XAboveField"),
        *((f"id_{str(i).replace('-', 'minus_')}", z, r, s, i, bad) for i in (4, 27, -1)),
    )


@_suite(ec.recover_transaction_sender)
def _transaction_cases() -> list[Case]:
    """recover_transaction_sender(digest, r, s, v): the transaction rule, high s rejected; output
    is the 20-byte address."""
    z, sig = _signed("alice")
    b = _digest("boundary")
    r = _x_on_curve("crypto/recover_transaction_sender", "boundary", on_curve=True)
    x = _x_on_curve("crypto/recover_transaction_sender", "x_not_on_curve", on_curve=False)
    return table(
        "digest r s v",
        *_by_label(("alice", "bob"), "address"),
        ("high_s_twin", z, sig.r, N - sig.s, 28 - sig.v, "HighS: HighSRejected"),
        ("s_half_order", b, r, HALF, 27, "LowSBoundary"),
        ("s_half_order_plus_one", b, r, HALF + 1, 27, "HighS: LowSBoundary HighSRejected"),
        *_out_of_range(z, sig, sig.v),
        *_bad_v(z, sig, 2, 26, 29),
        ("x_not_on_curve", z, x, sig.s, 0, "RecoveryFailed: XNotOnCurve"),
        *_bad_v(z, sig, 3, 255, -1, 2**256 + 27),
    )


def _ecrecover_input(digest: bytes, v: int, r: int, s: int) -> bytes:
    return digest + v.to_bytes(32, "big") + r.to_bytes(32, "big") + s.to_bytes(32, "big")


@_suite(ec.ecrecover)
def _ecrecover_cases() -> list[Case]:
    """ecrecover(data), the precompile at address 0x01: data is hash(32) || v(32) || r(32) ||
    s(32); output is leftpad32(address), or 0x (empty) on any failure. Every case is valid: the
    precompile never raises."""
    digest, sig = _signed("alice")
    v = 27 + sig.v

    def data(v: int, r: int = sig.r, s: int = sig.s, z: bytes = digest) -> bytes:
        return _ecrecover_input(z, v, r, s)

    def signed(label: str) -> Case:
        z, other = _signed(label)
        given = {"data": _ecrecover_input(z, 27 + other.v, other.r, other.s)}
        return case(label, given, "KeyDerivation", address=ec.compute_address(_public(label)))

    # s with four zero low-order bytes, so that the input can stop four bytes early
    short_r = _x_on_curve("crypto/ecrecover", "short_input", on_curve=True)
    short = data(27, short_r, (HALF >> 32) << 32, _digest("short"))[:124]
    x = _x_on_curve("crypto/ecrecover", "x_not_on_curve", on_curve=False)
    zi, ri, si, parity = _infinity_signature()
    fail = "PrecompileFailure"
    return table(
        "data",
        *(signed(label) for label in ("alice", "bob", "carol")),
        ("high_s_twin", data(28 - sig.v, s=N - sig.s), "HighSAccepted"),
        ("surplus_input", data(v) + b"\xff" * 33, "SurplusInput"),
        ("short_input", short, "ShortInput"),
        # the failures below are flagged PrecompileFailure twice, as the published vectors are
        ("empty_input", b"", f"{fail} {fail}"),
        ("only_digest", digest, f"{fail} {fail}"),
        *((f"v_{n}", data(n), f"{fail} RecoveryIdRange") for n in (0, 1, 26, 29, 255)),
        ("v_high_bit", data(2**255 + v), f"{fail} VHighBits"),
        ("v_second_byte", data(256 + v), f"{fail} VHighBits"),
        ("r_zero", data(v, r=0), f"{fail} SignatureRange"),
        ("s_zero", data(v, s=0), f"{fail} SignatureRange"),
        ("r_order", data(v, r=N), f"{fail} SignatureRange"),
        ("s_order", data(v, s=N), f"{fail} SignatureRange"),
        ("r_all_ones", data(v, r=2**256 - 1), f"{fail} SignatureRange"),
        ("x_not_on_curve", data(27, r=x), f"{fail} XNotOnCurve"),
        ("recovered_infinity", data(27 + parity, ri, si, zi), f"{fail} RecoveredInfinity"),
    )


def _encode_signature(r: int, s: int, v: int) -> bytes:
    """encode_signature(Signature(r, s, v)): the suite's input is the signature's fields."""
    return ec.encode_signature(Signature(r, s, v))


@_suite(ec.encode_signature, via=_encode_signature)
def _encode_cases() -> list[Case]:
    """encode_signature({r, s, v}): output is the 65 bytes r || s || (27 + v)."""
    _, sig = _signed("alice")
    word, bad_v, overflow = (
        2**256 - 1,
        "ValueOutOfRange: RecoveryIdRange",
        "ValueOutOfRange: WordOverflow",
    )
    return table(
        "r s v",
        ("alice", sig.r, sig.s, sig.v, "KeyDerivation"),
        ("parity_one", sig.r, sig.s, 1, ""),
        ("small_values", 1, 2, 0, ""),
        ("largest_words", word, word, 1, "RangeNotChecked"),
        ("v_2", sig.r, sig.s, 2, bad_v),
        ("v_27", sig.r, sig.s, 27, bad_v),
        ("r_too_large", 2**256, sig.s, 0, overflow),
        ("s_negative", sig.r, -1, 0, overflow),
        ("small_values_parity_one", 1, 2, 1, ""),
    )


@_suite(ec.decode_signature)
def _decode_cases() -> list[Case]:
    """decode_signature(data): output is {r, s, v} with v the y parity 0 or 1."""
    _, sig = _signed("alice")
    body = sig.r.to_bytes(32, "big") + sig.s.to_bytes(32, "big")
    bad = "InvalidRecoveryByte: RecoveryIdRange"
    return table(
        "data",
        ("v_27", body + b"\x1b", "EthereumV"),
        ("v_28", body + b"\x1c", "EthereumV"),
        ("r_and_s_zero", bytes(64) + b"\x1b", "RangeNotChecked"),
        ("v_0", body + b"\x00", "NonCanonicalEncoding: NonCanonicalV"),
        ("v_1", body + b"\x01", "NonCanonicalEncoding: NonCanonicalV"),
        *((f"v_{v}", body + bytes([v]), bad) for v in (26, 29, 255)),
        ("64_bytes", body, WRONG_LENGTH),
        ("66_bytes", body + b"\x1b\x00", WRONG_LENGTH),
        ("empty", b"", WRONG_LENGTH),
    )
