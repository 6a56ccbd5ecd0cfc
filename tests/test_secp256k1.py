"""secp256k1 (specs/crypto/secp256k1.md): fast arithmetic against its reference definitions, and
the public API against independent implementations (py_ecc, coincurve, ecdsa, eth-keys,
eth-account)."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import random
from pathlib import Path
from typing import Any

import coincurve
import eth_keys.datatypes as eth_keys
import pytest
from ecdsa import BadSignatureError, MalformedPointError, SECP256k1, SigningKey, VerifyingKey
from ecdsa.util import sigdecode_string, sigencode_string
from eth_account import Account
from hypothesis import given
from hypothesis import strategies as st
from py_ecc.secp256k1 import secp256k1 as py_ecc_secp256k1

from l2ref import errors
from l2ref.crypto.hash import keccak256
from l2ref.crypto.secp256k1 import (
    CURVE_ORDER,
    ENDOMORPHISM_BETA,
    ENDOMORPHISM_LAMBDA,
    FIELD_PRIME,
    GENERATOR,
    GENERATOR_ENDOMORPHISM_ODD_MULTIPLES,
    GENERATOR_ODD_MULTIPLES,
    GENERATOR_TABLE,
    GENERATOR_TABLE_WINDOW_BITS,
    GENERATOR_WNAF_WIDTH,
    GLV_A1,
    GLV_A2,
    GLV_B1,
    GLV_B2,
    HALF_CURVE_ORDER,
    JACOBIAN_INFINITY,
    POINT_WNAF_WIDTH,
    AffinePoint,
    JacobianPoint,
    PrivateKey,
    Signature,
    _apply_endomorphism,
    _batch_to_affine,
    _build_generator_table,
    _is_on_curve,
    _jacobian_add_affine,
    _jacobian_double,
    _jacobian_to_affine,
    _lift_x,
    _multiply_add,
    _multiply_add_reference,
    _multiply_generator,
    _odd_multiples,
    _point_add,
    _point_multiply,
    _split_scalar,
    _wnaf,
    compute_address,
    compute_public_key,
    decode_signature,
    ecrecover,
    encode_signature,
    recover_public_key,
    recover_public_key_by_recovery_id,
    recover_transaction_sender,
    sign_digest,
    verify_signature,
)
from l2ref.types import Hash32

scalars = st.integers(min_value=1, max_value=CURVE_ORDER - 1)
digests = st.binary(min_size=32, max_size=32).map(Hash32)
EDGE_SCALARS = [
    1,
    2,
    3,
    255,
    256,
    2**128,
    2**255,
    HALF_CURVE_ORDER,
    CURVE_ORDER - 2,
    CURVE_ORDER - 1,
]


def _key(secret: int) -> PrivateKey:
    return PrivateKey(secret.to_bytes(32, "big"))


def _jacobian(point: AffinePoint, z: int) -> JacobianPoint:
    # the same point with a chosen Z: (x z^2, y z^3, z)
    return point[0] * z * z % FIELD_PRIME, point[1] * z**3 % FIELD_PRIME, z


def _random_point(rng: random.Random) -> AffinePoint:
    point = _point_multiply(rng.randrange(1, CURVE_ORDER), GENERATOR)
    if point is None:
        raise AssertionError("unreachable: a scalar in [1, n - 1] times G")
    return point


def _negate(point: AffinePoint) -> AffinePoint:
    return point[0], FIELD_PRIME - point[1]


def _coincurve_signature(digest: bytes, private_key: bytes) -> Signature:
    raw = coincurve.PrivateKey(private_key).sign_recoverable(digest, hasher=None)
    return Signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:64], "big"), raw[64])


def _coincurve_recover(digest: bytes, r: int, s: int, recovery_id: int) -> bytes:
    raw = r.to_bytes(32, "big") + s.to_bytes(32, "big") + bytes([recovery_id])
    public = coincurve.PublicKey.from_signature_and_message(raw, digest, hasher=None)
    uncompressed: bytes = public.format(compressed=False)
    return uncompressed[1:]


# ----------------------------------------------------------------------------- constants


def test_curve_constants_are_sec2_secp256k1() -> None:
    assert FIELD_PRIME == 2**256 - 2**32 - 977 == py_ecc_secp256k1.P
    assert CURVE_ORDER == py_ecc_secp256k1.N
    assert GENERATOR == py_ecc_secp256k1.G
    assert py_ecc_secp256k1.A == 0
    assert py_ecc_secp256k1.B == 7
    assert HALF_CURVE_ORDER == (CURVE_ORDER - 1) // 2
    assert _is_on_curve(GENERATOR)
    assert FIELD_PRIME % 4 == 3  # the square root of _lift_x


def test_endomorphism_constants() -> None:
    assert ENDOMORPHISM_BETA != 1
    assert pow(ENDOMORPHISM_BETA, 3, FIELD_PRIME) == 1
    assert ENDOMORPHISM_LAMBDA != 1
    assert pow(ENDOMORPHISM_LAMBDA, 3, CURVE_ORDER) == 1
    # the pairing of beta and lambda: lambda * G = (beta * x, y), checked with py_ecc
    lambda_g = py_ecc_secp256k1.multiply(py_ecc_secp256k1.G, ENDOMORPHISM_LAMBDA)
    assert lambda_g == (ENDOMORPHISM_BETA * GENERATOR[0] % FIELD_PRIME, GENERATOR[1])
    # (a1, b1) and (a2, b2) are short vectors of the lattice {(a, b): a + b * lambda = 0 mod n}
    assert (GLV_A1 + GLV_B1 * ENDOMORPHISM_LAMBDA) % CURVE_ORDER == 0
    assert (GLV_A2 + GLV_B2 * ENDOMORPHISM_LAMBDA) % CURVE_ORDER == 0
    assert GLV_A1 * GLV_B2 - GLV_A2 * GLV_B1 == CURVE_ORDER
    assert max(abs(GLV_A1), abs(GLV_B1), abs(GLV_A2), abs(GLV_B2)) < 2**129


# ----------------------------------------------------------------------------- reference arithmetic


def test_reference_arithmetic_agrees_with_py_ecc() -> None:
    rng = random.Random(1)
    for _ in range(10):
        k = rng.randrange(1, CURVE_ORDER)
        point = _point_multiply(k, GENERATOR)
        assert point == py_ecc_secp256k1.multiply(py_ecc_secp256k1.G, k)
        assert point is not None
        assert _is_on_curve(point)
        other = _random_point(rng)
        assert _point_add(point, other) == py_ecc_secp256k1.add(point, other)
        assert _point_add(point, point) == py_ecc_secp256k1.add(point, point)


def test_reference_arithmetic_edge_cases() -> None:
    assert _point_multiply(0, GENERATOR) is None
    assert _point_multiply(CURVE_ORDER, GENERATOR) is None
    assert _point_multiply(CURVE_ORDER + 1, GENERATOR) == GENERATOR
    assert _point_multiply(CURVE_ORDER - 1, GENERATOR) == _negate(GENERATOR)
    assert _point_add(GENERATOR, _negate(GENERATOR)) is None
    assert _point_add(None, GENERATOR) == GENERATOR
    assert _point_add(GENERATOR, None) == GENERATOR
    assert _point_add(None, None) is None
    assert _point_multiply(5, None) is None


# ----------------------------------------------------------------------------- fast arithmetic


def test_jacobian_operations_agree_with_reference_addition() -> None:
    """I-SECP-3: the Jacobian operations agree with the affine reference, results at O included."""
    rng = random.Random(2)
    for _ in range(20):
        a, b = _random_point(rng), _random_point(rng)
        z = rng.randrange(1, FIELD_PRIME)
        ja = _jacobian(a, z)
        assert _jacobian_to_affine(ja) == a
        assert _jacobian_to_affine(_jacobian_double(ja)) == _point_add(a, a)
        assert _jacobian_to_affine(_jacobian_add_affine(ja, b)) == _point_add(a, b)
        # the two special cases of the mixed addition: equal points and opposite points
        assert _jacobian_to_affine(_jacobian_add_affine(ja, a)) == _point_add(a, a)
        assert _jacobian_add_affine(ja, _negate(a))[2] == 0
    assert _jacobian_double(JACOBIAN_INFINITY)[2] == 0
    assert _jacobian_add_affine(JACOBIAN_INFINITY, GENERATOR) == (*GENERATOR, 1)


def test_batch_to_affine_agrees_with_one_at_a_time() -> None:
    rng = random.Random(3)
    points = [_jacobian(_random_point(rng), rng.randrange(1, FIELD_PRIME)) for _ in range(9)]
    assert _batch_to_affine(points) == [_jacobian_to_affine(p) for p in points]
    assert _batch_to_affine([]) == []


def test_generator_table_is_its_definition_entry_by_entry() -> None:
    # entry [i][j - 1] is j * 2^(w i) * G: proved for every entry by induction, with the
    # reference addition only: row i starts at 2^(w i) G and each entry adds the row's first
    w = GENERATOR_TABLE_WINDOW_BITS
    assert len(GENERATOR_TABLE) == (256 + w - 1) // w
    base: AffinePoint | None = GENERATOR
    for row in GENERATOR_TABLE:
        assert len(row) == 2**w - 1
        assert row[0] == base
        for previous, entry in itertools.pairwise(row):
            assert entry == _point_add(previous, row[0])
        base = _point_add(row[-1], row[0])


def test_generator_table_builder_agrees_with_naive_multiplication() -> None:
    # a small window, every entry of the first rows and of the last, from double-and-add
    table = _build_generator_table(3)
    for i in (0, 1, 2, len(table) - 1):
        assert table[i] == tuple(_point_multiply(j << (3 * i), GENERATOR) for j in range(1, 8))
    rng = random.Random(4)
    for _ in range(8):
        i = rng.randrange(len(GENERATOR_TABLE))
        j = rng.randrange(1, 2**GENERATOR_TABLE_WINDOW_BITS)
        expected = _point_multiply(j << (GENERATOR_TABLE_WINDOW_BITS * i), GENERATOR)
        assert GENERATOR_TABLE[i][j - 1] == expected


@pytest.mark.slow
def test_generator_table_every_entry_by_naive_multiplication() -> None:
    w = GENERATOR_TABLE_WINDOW_BITS
    for i, row in enumerate(GENERATOR_TABLE):
        for j, entry in enumerate(row, start=1):
            assert entry == _point_multiply(j << (w * i), GENERATOR)


@pytest.mark.parametrize("scalar", [0, *EDGE_SCALARS])
def test_multiply_generator_edge_scalars(scalar: int) -> None:
    """I-SECP-3: the table multiplication agrees with double-and-add on edge scalars."""
    result = _multiply_generator(scalar)
    expected = _point_multiply(scalar, GENERATOR)
    if expected is None:
        assert result[2] == 0
    else:
        assert _jacobian_to_affine(result) == expected


@given(scalars)
def test_multiply_generator_agrees_with_double_and_add(scalar: int) -> None:
    """I-SECP-3: the table multiplication agrees with double-and-add."""
    assert _jacobian_to_affine(_multiply_generator(scalar)) == _point_multiply(scalar, GENERATOR)


def test_odd_multiples_agree_with_naive_multiplication() -> None:
    rng = random.Random(5)
    point = _random_point(rng)
    for width in (2, 3, POINT_WNAF_WIDTH):
        expected = tuple(_point_multiply(2 * i + 1, point) for i in range(2 ** (width - 2)))
        assert _odd_multiples(point, width) == expected
    count = 2 ** (GENERATOR_WNAF_WIDTH - 2)
    expected = tuple(_point_multiply(2 * i + 1, GENERATOR) for i in range(count))
    assert expected == GENERATOR_ODD_MULTIPLES
    lambda_g = _point_multiply(ENDOMORPHISM_LAMBDA, GENERATOR)
    expected = tuple(_point_multiply(2 * i + 1, lambda_g) for i in range(count))
    assert expected == GENERATOR_ENDOMORPHISM_ODD_MULTIPLES


def test_endomorphism_is_multiplication_by_lambda() -> None:
    rng = random.Random(6)
    for _ in range(5):
        point = _random_point(rng)
        assert _apply_endomorphism(point) == _point_multiply(ENDOMORPHISM_LAMBDA, point)


@pytest.mark.parametrize("scalar", [0, *EDGE_SCALARS])
def test_split_scalar_edges(scalar: int) -> None:
    k1, k2 = _split_scalar(scalar)
    assert (k1 + k2 * ENDOMORPHISM_LAMBDA - scalar) % CURVE_ORDER == 0
    assert abs(k1) < 2**128
    assert abs(k2) < 2**128


@given(st.integers(min_value=0, max_value=CURVE_ORDER - 1))
def test_split_scalar_halves(scalar: int) -> None:
    k1, k2 = _split_scalar(scalar)
    assert (k1 + k2 * ENDOMORPHISM_LAMBDA - scalar) % CURVE_ORDER == 0
    assert abs(k1) < 2**128
    assert abs(k2) < 2**128


@given(st.integers(min_value=-(2**260), max_value=2**260), st.integers(min_value=2, max_value=9))
def test_wnaf_is_a_signed_expansion(scalar: int, width: int) -> None:
    digits = _wnaf(scalar, width)
    assert sum(d << i for i, d in enumerate(digits)) == scalar
    for i, digit in enumerate(digits):
        if digit:
            assert digit % 2 == 1
            assert abs(digit) < 2 ** (width - 1)
            assert not any(digits[i + 1 : i + width])
    assert not digits or digits[-1] != 0


@given(st.integers(0, CURVE_ORDER - 1), st.integers(0, CURVE_ORDER - 1), scalars)
def test_multiply_add_agrees_with_reference(u1: int, u2: int, discrete_log: int) -> None:
    """I-SECP-3: u1·G + u2·Q agrees with its reference."""
    point = _point_multiply(discrete_log, GENERATOR)
    assert point is not None
    result = _multiply_add(u1, u2, point)
    expected = _multiply_add_reference(u1, u2, point)
    assert (None if result[2] == 0 else _jacobian_to_affine(result)) == expected


def test_multiply_add_edge_cases() -> None:
    # results at infinity and the doubling and cancelling cases inside the shared chain
    """I-SECP-3: u1·G + u2·Q agrees with its reference where results and intermediate sums are O."""
    rng = random.Random(7)
    point = _random_point(rng)
    minus_g = _negate(GENERATOR)
    cases = [
        (0, 0, point),
        (0, 5, point),
        (5, 0, point),
        (7, 7, minus_g),
        (7, 7, GENERATOR),
        (CURVE_ORDER - 1, 1, GENERATOR),
        (1, CURVE_ORDER - 1, GENERATOR),
        (HALF_CURVE_ORDER, HALF_CURVE_ORDER + 1, GENERATOR),
        (2**128 + 1, 2**128 + 1, minus_g),
        (ENDOMORPHISM_LAMBDA, CURVE_ORDER - 1, _apply_endomorphism(GENERATOR)),
    ]
    for u1, u2, base in cases:
        result = _multiply_add(u1, u2, base)
        expected = _multiply_add_reference(u1, u2, base)
        assert (None if result[2] == 0 else _jacobian_to_affine(result)) == expected


def test_lift_x() -> None:
    rng = random.Random(8)
    for _ in range(10):
        x, y = _random_point(rng)
        assert _lift_x(x, y % 2) == (x, y)
        assert _lift_x(x, 1 - y % 2) == (x, FIELD_PRIME - y)
    assert _lift_x(FIELD_PRIME, 0) is None
    assert _lift_x(FIELD_PRIME + GENERATOR[0], 0) is None
    assert _lift_x(5, 0) is None  # 5^3 + 7 = 132 is not a square mod p
    assert pow(132, (FIELD_PRIME - 1) // 2, FIELD_PRIME) == FIELD_PRIME - 1


# ----------------------------------------------------------------------------- keys


@given(scalars)
def test_public_key_and_address_agree_with_coincurve_and_eth_keys(secret: int) -> None:
    key = _key(secret)
    public = compute_public_key(key)
    assert public == coincurve.PrivateKey(key).public_key.format(compressed=False)[1:]
    reference = eth_keys.PrivateKey(key)
    assert public == reference.public_key.to_bytes()
    assert compute_address(public) == reference.public_key.to_canonical_address()


def test_address_agrees_with_eth_account() -> None:
    for secret in (1, 2, 0xDEADBEEF, CURVE_ORDER - 1):
        key = _key(secret)
        expected = bytes.fromhex(Account.from_key(key).address[2:])
        assert compute_address(compute_public_key(key)) == expected
    assert compute_address(compute_public_key(_key(1))).hex() == (
        "7e5f4552091a69125d5dfcb7b8c2659029395bdf"
    )


# ----------------------------------------------------------------------------- signing


@given(scalars, digests)
def test_sign_agrees_with_coincurve_and_eth_keys(secret: int, digest: Hash32) -> None:
    """I-SECP-5: signatures equal libsecp256k1's."""
    key = _key(secret)
    signature = sign_digest(digest, key)
    assert signature == _coincurve_signature(digest, key)
    theirs = eth_keys.PrivateKey(key).sign_msg_hash(digest)
    assert (signature.r, signature.s, signature.v) == (theirs.r, theirs.s, theirs.v)
    assert 1 <= signature.r < CURVE_ORDER
    assert 1 <= signature.s <= HALF_CURVE_ORDER


@given(scalars, digests)
def test_sign_is_ecdsa_rfc6979_then_low_s(secret: int, digest: Hash32) -> None:
    signing_key = SigningKey.from_secret_exponent(secret, curve=SECP256k1, hashfunc=hashlib.sha256)
    raw = signing_key.sign_digest_deterministic(digest, sigencode=sigencode_string)
    r, s = sigdecode_string(raw, CURVE_ORDER)
    ours = sign_digest(digest, _key(secret))
    assert ours.r == r
    assert ours.s == min(s, CURVE_ORDER - s)


def test_sign_with_digest_above_order() -> None:
    key = _key(99)
    for digest in (
        b"\xff" * 32,
        CURVE_ORDER.to_bytes(32, "big"),
        (CURVE_ORDER + 1).to_bytes(32, "big"),
    ):
        assert sign_digest(Hash32(digest), key) == _coincurve_signature(digest, key)
    assert sign_digest(Hash32(CURVE_ORDER.to_bytes(32, "big")), key) == sign_digest(
        Hash32(bytes(32)), key
    )


@given(scalars, digests)
def test_verify_agrees_with_coincurve_and_ecdsa(secret: int, digest: Hash32) -> None:
    key = _key(secret)
    public = compute_public_key(key)
    signature = sign_digest(digest, key)
    assert verify_signature(digest, signature.r, signature.s, public)
    der = coincurve.PrivateKey(key).sign(digest, hasher=None)
    assert coincurve.PublicKey(b"\x04" + public).verify(der, digest, hasher=None)
    # high s: plain ECDSA (and the ecdsa package) accepts it; libsecp256k1 does not
    high_s = CURVE_ORDER - signature.s
    assert verify_signature(digest, signature.r, high_s, public)
    verifying_key = VerifyingKey.from_string(public, curve=SECP256k1, hashfunc=hashlib.sha256)
    encoded = sigencode_string(signature.r, high_s, CURVE_ORDER)
    assert verifying_key.verify_digest(encoded, digest)
    other = bytes([digest[0] ^ 1]) + digest[1:]
    assert not verify_signature(Hash32(other), signature.r, signature.s, public)
    assert not verify_signature(digest, signature.s, signature.r, public)


# ----------------------------------------------------------------------------- recovery


@given(scalars, digests)
def test_recover_agrees_with_coincurve(secret: int, digest: Hash32) -> None:
    """I-SECP-5: recovery equals libsecp256k1's."""
    key = _key(secret)
    signature = sign_digest(digest, key)
    public = compute_public_key(key)
    for v in (signature.v, signature.v + 27):
        assert recover_public_key(digest, signature.r, signature.s, v) == public
    other = recover_public_key(digest, signature.r, signature.s, 1 - signature.v)
    assert other == _coincurve_recover(digest, signature.r, signature.s, 1 - signature.v)
    assert other != public
    # the high-s twin with the other parity is the same signer
    twin = recover_public_key(digest, signature.r, CURVE_ORDER - signature.s, 1 - signature.v)
    assert twin == public
    address = compute_address(public)
    assert recover_transaction_sender(digest, signature.r, signature.s, signature.v) == address


@given(digests, st.integers(1, 2**32), scalars, st.integers(0, 1))
def test_recover_with_x_above_order_agrees_with_coincurve(
    digest: Hash32, r: int, s: int, parity: int
) -> None:
    # any r in [1, p - n) with a point at x = r + n, any s, any digest: recovery id 2 or 3
    if _lift_x(r + CURVE_ORDER, parity) is None:
        with pytest.raises(errors.RecoveryFailed):
            recover_public_key_by_recovery_id(digest, r, s, 2 + parity)
        return
    public = recover_public_key_by_recovery_id(digest, r, s, 2 + parity)
    assert public == _coincurve_recover(digest, r, s, 2 + parity)
    assert verify_signature(digest, r, s, public)


def test_transaction_rule_rejects_high_s_and_accepts_the_boundary() -> None:
    digest = keccak256(b"tx")
    signature = sign_digest(digest, _key(11))
    with pytest.raises(errors.HighS):
        recover_transaction_sender(digest, signature.r, CURVE_ORDER - signature.s, signature.v)
    r = next(c for c in range(2, 1000) if _lift_x(c, 0) is not None)
    sender = recover_transaction_sender(digest, r, HALF_CURVE_ORDER, 27)
    expected = eth_keys.Signature(vrs=(0, r, HALF_CURVE_ORDER)).recover_public_key_from_msg_hash(
        digest
    )
    assert sender == expected.to_canonical_address()
    with pytest.raises(errors.HighS):
        recover_transaction_sender(digest, r, HALF_CURVE_ORDER + 1, 27)
    # HighS is checked before the curve: a high-s signature with no point is still HighS
    x = next(c for c in range(2, 1000) if _lift_x(c, 0) is None)
    with pytest.raises(errors.HighS):
        recover_transaction_sender(digest, x, CURVE_ORDER - 1, 27)


# ----------------------------------------------------------------------------- precompile


def _precompile_input(digest: bytes, v: int, r: int, s: int) -> bytes:
    return digest + v.to_bytes(32, "big") + r.to_bytes(32, "big") + s.to_bytes(32, "big")


def test_ecrecover_pads_short_input_with_zeros() -> None:
    r = next(c for c in range(2**200, 2**200 + 1000) if _lift_x(c, 0) is not None)
    s = 0x1234 << 64
    digest = keccak256(b"short")
    full = _precompile_input(digest, 27, r, s)
    expected = bytes(12) + compute_address(recover_public_key(digest, r, s, 27))
    for length in range(120, 129):
        assert ecrecover(full[:length]) == expected
    assert ecrecover(full[:119]) != expected


# ----------------------------------------------------------------------------- encoding


def test_signature_encoding_agrees_with_eth_keys_and_eth_account() -> None:
    key = _key(0x5EED)
    digest = keccak256(b"encoding")
    signature = sign_digest(digest, key)
    encoded = encode_signature(signature)
    # eth-keys writes v as 0 or 1, eth-account (and wallets) as 27 or 28
    eth_keys_bytes = eth_keys.PrivateKey(key).sign_msg_hash(digest).to_bytes()
    assert encoded[:64] == eth_keys_bytes[:64]
    assert encoded[64] == eth_keys_bytes[64] + 27
    signed = Account.unsafe_sign_hash(digest, key)
    assert encoded == bytes(signed.signature)
    assert decode_signature(encoded) == signature
    with pytest.raises(errors.NonCanonicalEncoding):
        decode_signature(eth_keys_bytes)
    # every way decode_signature fails is a decoding error
    for error in (errors.InvalidLength, errors.NonCanonicalEncoding, errors.InvalidRecoveryByte):
        assert issubclass(error, errors.DecodingError)


# ----------------------------------------------------------------------------- committed vectors

VECTORS = Path(__file__).resolve().parent.parent / "vectors" / "crypto"


def _vector_tests(suite: str) -> list[dict[str, Any]]:
    tests: list[dict[str, Any]] = json.loads((VECTORS / f"{suite}.json").read_text())["tests"]
    return tests


def _hex(value: str) -> bytes:
    return bytes.fromhex(value[2:])


def _coincurve_public_key(data: bytes) -> bytes | None:
    try:
        key = coincurve.PublicKey(b"\x04" + data)
    except ValueError:
        return None
    uncompressed: bytes = key.format(compressed=False)
    return uncompressed[1:]


def _coincurve_ecrecover(data: bytes) -> bytes:
    # the precompile's byte rules, with libsecp256k1 doing the curve arithmetic
    data = data[:128].ljust(128, b"\x00")
    v, r, s = (int.from_bytes(data[i : i + 32], "big") for i in (32, 64, 96))
    if v not in (27, 28) or not (0 < r < CURVE_ORDER and 0 < s < CURVE_ORDER):
        return b""
    try:
        public = _coincurve_recover(data[:32], r, s, v - 27)
    except ValueError:
        return b""
    return bytes(12) + keccak256(public)[12:]


def test_key_and_address_vectors_agree_with_coincurve_and_eth_keys() -> None:
    for test in _vector_tests("compute_public_key"):
        key = _hex(test["input"]["private_key"])
        if test["result"] == "valid":
            expected = coincurve.PrivateKey(key).public_key.format(compressed=False)[1:]
            assert _hex(test["output"]) == expected, test["name"]
        elif len(key) == 32:
            with pytest.raises(ValueError, match="Secret scalar"):
                coincurve.PrivateKey(key)
    for suite in ("validate_public_key", "compute_address"):
        for test in _vector_tests(suite):
            public = _hex(test["input"]["public_key"])
            valid = test["result"] == "valid"
            assert (len(public) == 64 and _coincurve_public_key(public) == public) == valid
            if valid and suite == "compute_address":
                address = eth_keys.PublicKey(public).to_canonical_address()
                assert _hex(test["output"]) == address, test["name"]


def test_signature_vectors_agree_with_coincurve_and_ecdsa() -> None:
    for test in _vector_tests("sign_digest"):
        if test["result"] == "valid":
            digest, key = _hex(test["input"]["digest"]), _hex(test["input"]["private_key"])
            expected = _coincurve_signature(digest, key)
            output = test["output"]
            assert Signature(int(output["r"]), int(output["s"]), int(output["v"])) == expected
    for test in _vector_tests("verify_signature"):
        digest, public = _hex(test["input"]["digest"]), _hex(test["input"]["public_key"])
        r, s = int(test["input"]["r"]), int(test["input"]["s"])
        accepted = False
        if len(digest) == 32 and len(public) == 64 and 0 < r < CURVE_ORDER and 0 < s < CURVE_ORDER:
            with contextlib.suppress(MalformedPointError, BadSignatureError):
                key = VerifyingKey.from_string(public, curve=SECP256k1)
                accepted = key.verify_digest(sigencode_string(r, s, CURVE_ORDER), digest)
        assert test["output"] is accepted, test["name"]


def test_recovery_vectors_agree_with_coincurve() -> None:
    for suite in ("recover_public_key", "recover_public_key_by_recovery_id"):
        for test in _vector_tests(suite):
            case = test["input"]
            digest = _hex(case["digest"])
            r, s = int(case["r"]), int(case["s"])
            recovery_id = int(case.get("recovery_id", case.get("v", "-1")))
            recovery_id -= 27 if recovery_id >= 27 else 0
            if test["result"] == "valid":
                assert _hex(test["output"]) == _coincurve_recover(digest, r, s, recovery_id)
            elif test["error"] == "RecoveryFailed":
                with pytest.raises(ValueError, match="recover"):
                    _coincurve_recover(digest, r, s, recovery_id)
    for test in _vector_tests("recover_transaction_sender"):
        case = test["input"]
        r, s, v = int(case["r"]), int(case["s"]), int(case["v"])
        if test["result"] == "valid":
            public = _coincurve_recover(_hex(case["digest"]), r, s, v % 27)
            assert _hex(test["output"]) == keccak256(public)[12:]
            assert s <= HALF_CURVE_ORDER
        elif test["error"] == "HighS":
            assert HALF_CURVE_ORDER < s < CURVE_ORDER


def test_ecrecover_vectors_agree_with_coincurve() -> None:
    for test in _vector_tests("ecrecover"):
        data = _hex(test["input"]["data"])
        assert _hex(test["output"]) == _coincurve_ecrecover(data), test["name"]


def test_encoding_vectors_agree_with_eth_keys() -> None:
    for test in _vector_tests("encode_signature"):
        r, s, v = (int(test["input"][k]) for k in ("r", "s", "v"))
        if test["result"] == "valid" and r < CURVE_ORDER and s < CURVE_ORDER:
            expected = eth_keys.Signature(vrs=(v, r, s)).to_bytes()
            assert _hex(test["output"]) == expected[:64] + bytes([expected[64] + 27])
    for test in _vector_tests("decode_signature"):
        if test["result"] == "valid":
            output = test["output"]
            data = _hex(test["input"]["data"])
            assert data[64] in (27, 28)
            assert (int(output["r"]), int(output["s"]), int(output["v"])) == (
                int.from_bytes(data[:32], "big"),
                int.from_bytes(data[32:64], "big"),
                data[64] - 27,
            )
