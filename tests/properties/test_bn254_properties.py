"""Properties of the BN254 precompiles and encodings (invariants I-BNE-2 to I-BNE-4, I-BNP-1)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l2ref.crypto.bn254_curves import (
    G1_GENERATOR,
    G2_GENERATOR,
    g1_add,
    g1_eq,
    g1_from_affine,
    g1_mul,
    g2_eq,
    g2_mul,
    is_on_g1,
)
from l2ref.crypto.bn254_fields import CURVE_ORDER, FIELD_MODULUS, fp2_inv, fp2_mul, fp_sqrt
from l2ref.crypto.bn254_pairing import pairing_check
from l2ref.crypto.bn254_precompiles import (
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
)
from l2ref.errors import DecodingError, L2RefError

SCALARS = st.integers(min_value=0, max_value=CURVE_ORDER - 1)
FP = st.integers(min_value=0, max_value=FIELD_MODULUS - 1)

# Random bytes are almost never valid points; mixing in valid encodings and boundary words
# reaches the later checks too.
WORDS = st.one_of(
    st.binary(min_size=32, max_size=32),
    st.sampled_from(
        [
            bytes(32),
            (1).to_bytes(32, "big"),
            (2).to_bytes(32, "big"),
            FIELD_MODULUS.to_bytes(32, "big"),
        ]
    ),
)
G1_BYTES = st.one_of(
    st.lists(WORDS, min_size=2, max_size=2).map(b"".join),
    SCALARS.map(lambda k: encode_g1_point(g1_mul(G1_GENERATOR, k))),
)
INPUTS = st.one_of(
    st.binary(max_size=400),
    st.lists(st.one_of(WORDS, G1_BYTES), max_size=8).map(b"".join),
)


def outcome(function: object, data: bytes) -> object:
    try:
        return function(data)  # type: ignore[operator]
    except L2RefError as exc:
        return type(exc)


@given(INPUTS)
def test_add_and_mul_raise_only_l2ref_errors(data: bytes) -> None:
    """I-BNE-3: on any bytes ec_add and ec_mul return 64 bytes or raise an l2ref error."""
    for function in (ec_add, ec_mul):
        result = outcome(function, data)
        assert isinstance(result, bytes | type)
        if isinstance(result, bytes):
            assert len(result) == 64


@settings(max_examples=30)
@given(st.one_of(st.binary(max_size=400), st.lists(WORDS, max_size=12).map(b"".join)))
def test_pairing_raises_only_l2ref_errors(data: bytes) -> None:
    """I-BNE-3: on any bytes ec_pairing returns 32 bytes or raises an l2ref error."""
    result = outcome(ec_pairing, data)
    if isinstance(result, bytes):
        assert result in (bytes(32), (1).to_bytes(32, "big"))


@given(st.binary(max_size=2000))
def test_gas_functions_are_total(data: bytes) -> None:
    """I-BNE-3: the gas functions return an integer for every input."""
    assert ec_add_gas(data) == 150
    assert ec_mul_gas(data) == 6000
    assert ec_pairing_gas(data) == 45000 + 34000 * (len(data) // 192)


@given(st.binary(min_size=64, max_size=64))
def test_g1_decoder_raises_only_decoding_errors(data: bytes) -> None:
    with contextlib.suppress(DecodingError):
        decode_g1_point(data)


@given(st.binary(min_size=128, max_size=128))
def test_g2_decoder_raises_only_decoding_errors(data: bytes) -> None:
    with contextlib.suppress(DecodingError):
        decode_g2_point(data)


@given(INPUTS, st.binary(max_size=64))
def test_padding_and_surplus_do_not_change_add_and_mul(data: bytes, junk: bytes) -> None:
    add_input = (data + bytes(128))[:128]
    assert outcome(ec_add, add_input + junk) == outcome(ec_add, add_input)
    assert outcome(ec_add, data[:128]) == outcome(ec_add, data[:128] + bytes(128 - len(data[:128])))
    mul_input = (data + bytes(96))[:96]
    assert outcome(ec_mul, mul_input + junk) == outcome(ec_mul, mul_input)


@given(SCALARS, SCALARS)
def test_encodings_round_trip(a: int, b: int) -> None:
    p = g1_mul(G1_GENERATOR, a)
    assert g1_eq(decode_g1_point(encode_g1_point(p)), p)
    assert decode_fp2(encode_fp2((a % FIELD_MODULUS, b % FIELD_MODULUS))) == (
        a % FIELD_MODULUS,
        b % FIELD_MODULUS,
    )


@settings(max_examples=5)
@given(SCALARS)
def test_g2_encoding_round_trips(a: int) -> None:
    q = g2_mul(G2_GENERATOR, a)
    assert g2_eq(decode_g2_point(encode_g2_point(q)), q)


@given(SCALARS, SCALARS)
def test_ec_add_is_the_group_law(a: int, b: int) -> None:
    """I-BNC-1: the precompile's sum is that of g1_add and of g1_mul, in either order."""
    pa, pb = g1_mul(G1_GENERATOR, a), g1_mul(G1_GENERATOR, b)
    assert ec_add(encode_g1_point(pa) + encode_g1_point(pb)) == encode_g1_point(
        g1_mul(G1_GENERATOR, a + b)
    )
    assert ec_add(encode_g1_point(pa) + encode_g1_point(pb)) == encode_g1_point(g1_add(pb, pa))


@given(FP, FP)
def test_fp2_inverse(a: int, b: int) -> None:
    if (a, b) != (0, 0):
        assert fp2_mul((a, b), fp2_inv((a, b))) == (1, 0)


@pytest.mark.slow
@settings(max_examples=10)
@given(SCALARS.filter(bool), SCALARS.filter(bool))
def test_bilinearity_through_pairing_check(a: int, b: int) -> None:
    p, q = g1_mul(G1_GENERATOR, a), g2_mul(G2_GENERATOR, b)
    minus_ab = g1_mul(G1_GENERATOR, -a * b % CURVE_ORDER)
    assert pairing_check([(p, q), (minus_ab, G2_GENERATOR)])
    assert not pairing_check([(p, q), (g1_mul(G1_GENERATOR, a * b % CURVE_ORDER), G2_GENERATOR)])


@given(FP)
def test_fp_sqrt_returns_a_root_exactly_when_one_exists(a: int) -> None:
    """I-BNF-4: fp_sqrt returns a root exactly when Euler's criterion says a is a square."""
    root = fp_sqrt(a)
    is_square = pow(a, (FIELD_MODULUS - 1) // 2, FIELD_MODULUS) in (0, 1)
    assert (root is not None) == is_square
    if root is not None:
        assert root * root % FIELD_MODULUS == a


@given(FP)
def test_every_point_of_the_curve_is_in_g1(x: int) -> None:
    """I-BNC-2: a point is in G1 iff it is on E: every affine point of y^2 = x^3 + 3 is killed
    by r (cofactor 1), and no point off the curve is accepted."""
    y = fp_sqrt((x * x * x + 3) % FIELD_MODULUS)
    if y is None:
        # no y gives a point with this x
        assert not is_on_g1(g1_from_affine(x, 1))
        assert not is_on_g1(g1_from_affine(x, 0))
        return
    point = g1_from_affine(x, y)
    assert is_on_g1(point)
    assert g1_mul(point, CURVE_ORDER)[2] == 0
    assert g1_mul(point, 1)[2] != 0
    assert not is_on_g1(g1_from_affine(x, (y + 1) % FIELD_MODULUS))
