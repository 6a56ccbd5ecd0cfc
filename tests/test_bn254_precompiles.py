"""The precompiles at the byte level: layout, padding, infinity, every failure, gas."""

from __future__ import annotations

import random

import pytest

from l2ref.crypto.bn254_curves import (
    G1_GENERATOR,
    G1_INFINITY,
    G2_GENERATOR,
    G2_INFINITY,
    TWIST_B,
    g1_add,
    g1_eq,
    g1_mul,
    g1_neg,
    g2_eq,
    g2_from_affine,
    g2_mul,
    is_on_twist,
)
from l2ref.crypto.bn254_fields import (
    CURVE_ORDER,
    FIELD_MODULUS,
    fp2_add,
    fp2_mul,
    fp2_sqr,
    fp2_sqrt,
)
from l2ref.crypto.bn254_precompiles import (
    decode_fp,
    decode_fp2,
    decode_g1_point,
    decode_g2_point,
    ec_add,
    ec_add_gas,
    ec_mul,
    ec_mul_gas,
    ec_pairing,
    ec_pairing_gas,
    encode_fp2,
    encode_g1_point,
    encode_g2_point,
    pad_input,
    validate_g1_point,
    validate_g2_point,
)
from l2ref.errors import (
    CoordinateOutOfRange,
    DecodingError,
    InvalidLength,
    InvalidPairingInputLength,
    PointNotInSubgroup,
    PointNotOnCurve,
)

P = FIELD_MODULUS
R = CURVE_ORDER
RNG = random.Random(2543)
ONE = (1).to_bytes(32, "big")
ZERO = bytes(32)

# The EIP-197 generator of G2, written out word by word from the EIP text: x imaginary, x real,
# y imaginary, y real.
EIP197_G2_WORDS = bytes.fromhex(
    "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
    "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"
    "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b"
    "12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"
)


def word(value: int) -> bytes:
    return value.to_bytes(32, "big")


def test_g2_word_order_is_imaginary_first() -> None:
    assert encode_g2_point(G2_GENERATOR) == EIP197_G2_WORDS
    assert g2_eq(decode_g2_point(EIP197_G2_WORDS), G2_GENERATOR)
    assert encode_fp2((1, 2)) == word(2) + word(1)
    assert decode_fp2(word(2) + word(1)) == (1, 2)


def test_round_trips() -> None:
    for _ in range(5):
        p = g1_mul(G1_GENERATOR, RNG.randrange(R))
        q = g2_mul(G2_GENERATOR, RNG.randrange(R))
        assert g1_eq(decode_g1_point(encode_g1_point(p)), p)
        assert g2_eq(decode_g2_point(encode_g2_point(q)), q)
    assert encode_g1_point(G1_INFINITY) == bytes(64)
    assert encode_g2_point(G2_INFINITY) == bytes(128)
    assert decode_g1_point(bytes(64)) == G1_INFINITY
    assert decode_g2_point(bytes(128)) == G2_INFINITY


def test_decoders_reject_lengths_and_ranges() -> None:
    with pytest.raises(InvalidLength):
        decode_fp(bytes(31))
    with pytest.raises(InvalidLength):
        decode_g1_point(bytes(65))
    with pytest.raises(InvalidLength):
        decode_g2_point(bytes(127))
    assert decode_fp(word(P - 1)) == P - 1
    for value in (P, P + 1, 2**256 - 1):
        with pytest.raises(CoordinateOutOfRange):
            decode_fp(word(value))
    assert issubclass(CoordinateOutOfRange, DecodingError)
    assert issubclass(InvalidPairingInputLength, InvalidLength)


def test_validation() -> None:
    validate_g1_point(G1_INFINITY)
    validate_g2_point(G2_INFINITY)
    with pytest.raises(PointNotOnCurve):
        validate_g1_point(decode_g1_point(word(1) + word(3)))
    with pytest.raises(PointNotOnCurve):
        validate_g1_point(decode_g1_point(word(0) + word(1)))
    off_twist = EIP197_G2_WORDS[:64] + ZERO + ONE
    with pytest.raises(PointNotOnCurve):
        validate_g2_point(decode_g2_point(off_twist))


def test_ec_add_semantics() -> None:
    g = encode_g1_point(G1_GENERATOR)
    two_g = encode_g1_point(g1_mul(G1_GENERATOR, 2))
    assert ec_add(g + g) == two_g
    assert ec_add(g + encode_g1_point(g1_neg(G1_GENERATOR))) == bytes(64)
    assert ec_add(b"") == bytes(64)
    assert ec_add(g) == g
    assert ec_add(g + g + b"\xff" * 100) == two_g
    # A point cut short is read with zero bytes: (1, 0) is not on the curve.
    with pytest.raises(PointNotOnCurve):
        ec_add(g[:63])
    with pytest.raises(CoordinateOutOfRange):
        ec_add(word(P) + word(2))
    with pytest.raises(PointNotOnCurve):
        ec_add(g + word(1) + word(3))


def test_ec_mul_semantics() -> None:
    g = encode_g1_point(G1_GENERATOR)
    assert ec_mul(g + word(0)) == bytes(64)
    assert ec_mul(g + word(R)) == bytes(64)
    assert ec_mul(g + word(R + 1)) == g
    assert ec_mul(g + word(2**256 - 1)) == encode_g1_point(g1_mul(G1_GENERATOR, 2**256 - 1))
    assert ec_mul(g) == bytes(64)
    # A one-byte scalar 0x02 is the word 0x02 followed by 31 zero bytes: 2^249.
    assert ec_mul(g + b"\x02") == encode_g1_point(g1_mul(G1_GENERATOR, 2**249))
    assert ec_mul(g + word(3) + b"\x01" * 10) == encode_g1_point(g1_mul(G1_GENERATOR, 3))
    with pytest.raises(CoordinateOutOfRange):
        ec_mul(word(1) + word(P + 2) + word(1))


def test_ec_pairing_semantics() -> None:
    g1 = encode_g1_point(G1_GENERATOR)
    true_input = g1 + EIP197_G2_WORDS + encode_g1_point(g1_neg(G1_GENERATOR)) + EIP197_G2_WORDS
    assert ec_pairing(true_input) == word(1)
    assert ec_pairing(g1 + EIP197_G2_WORDS) == word(0)
    assert ec_pairing(b"") == word(1)
    assert ec_pairing(bytes(192)) == word(1)
    for length in (1, 64, 191, 193):
        with pytest.raises(InvalidPairingInputLength):
            ec_pairing(true_input[:length])
    with pytest.raises(CoordinateOutOfRange):
        ec_pairing(g1 + word(P) + EIP197_G2_WORDS[32:])


def test_ec_pairing_rejects_twist_point_outside_subgroup() -> None:
    x = (1, 0)
    while True:
        y = fp2_sqrt(fp2_add(fp2_mul(fp2_sqr(x), x), TWIST_B))
        if y is not None:
            break
        x = (x[0] + 1, 0)
    point = g2_from_affine(x, y)
    assert is_on_twist(point)
    with pytest.raises(PointNotInSubgroup):
        ec_pairing(encode_g1_point(G1_GENERATOR) + encode_g2_point(point))
    with pytest.raises(PointNotInSubgroup):
        validate_g2_point(point)


def test_gas() -> None:
    assert ec_add_gas(b"") == 150
    assert ec_mul_gas(bytes(1000)) == 6000
    assert ec_pairing_gas(b"") == 45000
    assert ec_pairing_gas(bytes(192)) == 79000
    assert ec_pairing_gas(bytes(384)) == 113000
    assert ec_pairing_gas(bytes(191)) == 45000
    assert ec_pairing_gas(bytes(193)) == 79000


def test_pad_input() -> None:
    assert pad_input(b"\x01", 3) == b"\x01\x00\x00"
    assert pad_input(b"\x01\x02\x03\x04", 3) == b"\x01\x02\x03"


def test_point_sum_through_bytes() -> None:
    a, b = g1_mul(G1_GENERATOR, RNG.randrange(R)), g1_mul(G1_GENERATOR, RNG.randrange(R))
    assert ec_add(encode_g1_point(a) + encode_g1_point(b)) == encode_g1_point(g1_add(a, b))
