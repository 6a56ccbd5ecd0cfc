"""The BN254 fields: constants, the tower, and every optimised routine against its reference."""

from __future__ import annotations

import itertools
import random

import pytest

from l2ref.crypto.bn254_fields import (
    BN_U,
    CURVE_ORDER,
    FIELD_MODULUS,
    FP2_ONE,
    FP2_ZERO,
    FP6_ONE,
    FP6_ZERO,
    FP12_ONE,
    FROBENIUS_COEFFICIENTS,
    XI,
    Fp2,
    Fp6,
    Fp12,
    fp2_add,
    fp2_conj,
    fp2_inv,
    fp2_mul,
    fp2_mul_by_xi,
    fp2_mul_fp,
    fp2_neg,
    fp2_pow,
    fp2_sqr,
    fp2_sqrt,
    fp2_sub,
    fp6_inv,
    fp6_mul,
    fp6_mul_by_v,
    fp6_mul_reference,
    fp12_conj,
    fp12_cyclotomic_pow,
    fp12_cyclotomic_sqr,
    fp12_frobenius,
    fp12_frobenius_reference,
    fp12_inv,
    fp12_mul,
    fp12_mul_reference,
    fp12_pow,
    fp12_sqr,
    fp_inv,
    fp_mul,
    fp_sqrt,
    fr_add,
    fr_inv,
    fr_mul,
    fr_neg,
    fr_pow,
    fr_sub,
    naf,
)

P = FIELD_MODULUS
R = CURVE_ORDER
RNG = random.Random(254)


def random_fp2(rng: random.Random = RNG) -> Fp2:
    return (rng.randrange(P), rng.randrange(P))


def random_fp6(rng: random.Random = RNG) -> Fp6:
    return (random_fp2(rng), random_fp2(rng), random_fp2(rng))


def random_fp12(rng: random.Random = RNG) -> Fp12:
    return (random_fp6(rng), random_fp6(rng))


def cyclotomic(a: Fp12) -> Fp12:
    """a^((p^6 - 1)(p^2 + 1)): the easy part of the final exponentiation, by definition."""
    return fp12_pow(a, (P**6 - 1) * (P**2 + 1))


def is_probable_prime(n: int) -> bool:
    if n < 2:
        return False
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for base in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        x = pow(base, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def test_moduli_are_the_published_bn254_primes() -> None:
    # EIP-196 gives p and r as decimal literals; the BN polynomials in u must reproduce them.
    assert P == 21888242871839275222246405745257275088696311157297823662689037894645226208583
    assert R == 21888242871839275222246405745257275088548364400416034343698204186575808495617
    assert is_probable_prime(P)
    assert is_probable_prime(R)
    assert P % 4 == 3
    assert P % 6 == 1
    assert BN_U.bit_length() == 63


def test_xi_is_neither_square_nor_cube() -> None:
    order = P * P - 1
    assert fp2_pow(XI, order // 2) != FP2_ONE
    assert fp2_pow(XI, order // 3) != FP2_ONE


def test_fp_basics() -> None:
    """I-BNF-3: x · inv(x) = 1 in Fp, and inv(0) = 0. I-BNF-4: squares have a root, and -1 and 3
    none."""
    assert fp_mul(P - 1, P - 1) == 1
    assert fp_inv(0) == 0
    for _ in range(20):
        a = RNG.randrange(1, P)
        assert a * fp_inv(a) % P == 1
        root = fp_sqrt(a * a % P)
        assert root is not None
        assert root * root % P == a * a % P
    # -1 is not a square since p = 3 mod 4; neither is 3 (so (0, y) is never on G1).
    assert fp_sqrt(P - 1) is None
    assert fp_sqrt(3) is None


def test_fr_basics() -> None:
    """I-BNF-3: x · inv(x) = 1 in Fr, and inv(0) = 0."""
    a, b = RNG.randrange(R), RNG.randrange(1, R)
    assert fr_add(a, b) == (a + b) % R
    assert fr_sub(a, b) == (a - b) % R
    assert fr_neg(a) == (-a) % R
    assert fr_mul(b, fr_inv(b)) == 1
    assert fr_inv(0) == 0
    assert fr_pow(b, -1) == fr_inv(b)
    assert fr_pow(b, R - 1) == 1


def test_fp2_against_complex_arithmetic() -> None:
    """I-BNF-3: x · inv(x) = 1 in Fp2, and inv(0) = 0."""
    for _ in range(30):
        a, b = random_fp2(), random_fp2()
        # Schoolbook (a0 + a1 i)(b0 + b1 i) with i^2 = -1.
        expected = ((a[0] * b[0] - a[1] * b[1]) % P, (a[0] * b[1] + a[1] * b[0]) % P)
        assert fp2_mul(a, b) == expected
        assert fp2_sqr(a) == fp2_mul(a, a)
        assert fp2_mul(a, fp2_inv(a)) == FP2_ONE
        assert fp2_mul_by_xi(a) == fp2_mul(a, XI)
        assert fp2_sub(fp2_add(a, b), b) == a
        assert fp2_add(a, fp2_neg(a)) == FP2_ZERO
        k = RNG.randrange(P)
        assert fp2_mul_fp(a, k) == fp2_mul(a, (k, 0))
        # Conjugation is the p-power Frobenius.
        assert fp2_conj(a) == fp2_pow(a, P)
    assert fp2_inv(FP2_ZERO) == FP2_ZERO


def test_fp2_sqrt_finds_roots_exactly_when_they_exist() -> None:
    """I-BNF-4: fp2_sqrt returns a root exactly when one exists."""
    squares = 0
    for _ in range(40):
        a = random_fp2()
        root = fp2_sqrt(a)
        is_square = fp2_pow(a, (P * P - 1) // 2) == FP2_ONE
        assert (root is not None) == is_square
        if root is not None:
            squares += 1
            assert fp2_sqr(root) == a
        square_root = fp2_sqrt(fp2_sqr(a))
        assert square_root is not None
        assert fp2_sqr(square_root) == fp2_sqr(a)
    assert 0 < squares < 40
    for special in [(0, 0), (4, 0), (P - 4, 0), (0, 2), (P - 1, 0)]:
        root = fp2_sqrt(special)
        assert root is not None
        assert fp2_sqr(root) == special


def test_fp6_mul_equals_reference_and_inverse() -> None:
    """I-BNF-2: fp6_mul equals fp6_mul_reference. I-BNF-3: x · inv(x) = 1 in Fp6, and inv(0) = 0."""
    for _ in range(20):
        a, b = random_fp6(), random_fp6()
        assert fp6_mul(a, b) == fp6_mul_reference(a, b)
        assert fp6_mul(a, fp6_inv(a)) == FP6_ONE
        v: Fp6 = (FP2_ZERO, FP2_ONE, FP2_ZERO)
        assert fp6_mul_by_v(a) == fp6_mul_reference(a, v)
    # v^3 = xi
    v = (FP2_ZERO, FP2_ONE, FP2_ZERO)
    assert fp6_mul(fp6_mul(v, v), v) == (XI, FP2_ZERO, FP2_ZERO)
    assert fp6_inv(FP6_ZERO) == FP6_ZERO


def test_fp12_mul_sqr_inv_equal_references() -> None:
    """I-BNF-2: fp12_mul equals fp12_mul_reference and fp12_sqr(a) = fp12_mul(a, a). I-BNF-3: x ·
    inv(x) = 1 in Fp12, and inv(0) = 0."""
    for _ in range(20):
        a, b = random_fp12(), random_fp12()
        assert fp12_mul(a, b) == fp12_mul_reference(a, b)
        assert fp12_sqr(a) == fp12_mul_reference(a, a)
        assert fp12_mul(a, fp12_inv(a)) == FP12_ONE
    # w^2 = v and w^6 = xi.
    w: Fp12 = (FP6_ZERO, FP6_ONE)
    assert fp12_sqr(w) == ((FP2_ZERO, FP2_ONE, FP2_ZERO), FP6_ZERO)
    assert fp12_pow(w, 6) == ((XI, FP2_ZERO, FP2_ZERO), FP6_ZERO)
    assert fp12_inv((FP6_ZERO, FP6_ZERO)) == (FP6_ZERO, FP6_ZERO)


def test_fp12_is_a_field_of_order_p12() -> None:
    a = random_fp12()
    assert fp12_pow(a, P**12 - 1) == FP12_ONE
    assert fp12_conj(a) == fp12_pow(a, P**6)


@pytest.mark.parametrize("power", [0, 1, 2, 3])
def test_frobenius_equals_reference(power: int) -> None:
    """I-BNF-2: fp12_frobenius equals fp12_frobenius_reference."""
    for _ in range(3):
        a = random_fp12()
        assert fp12_frobenius(a, power) == fp12_frobenius_reference(a, power)


def test_frobenius_table_is_its_definition() -> None:
    for power in range(4):
        for j in range(6):
            assert FROBENIUS_COEFFICIENTS[power][j] == fp2_pow(XI, j * (P**power - 1) // 6)


def test_cyclotomic_squaring_equals_squaring_on_the_cyclotomic_subgroup() -> None:
    """I-BNF-2: on the cyclotomic subgroup fp12_cyclotomic_sqr equals fp12_sqr."""
    for _ in range(5):
        a = cyclotomic(random_fp12())
        assert fp12_pow(a, P**4 - P**2 + 1) == FP12_ONE
        assert fp12_cyclotomic_sqr(a) == fp12_sqr(a)
    # Outside the subgroup the shortcut is wrong, which is why it is only used after the easy part.
    b = random_fp12()
    assert fp12_cyclotomic_sqr(b) != fp12_sqr(b)


def test_cyclotomic_pow_equals_pow() -> None:
    """I-BNF-2: on the cyclotomic subgroup fp12_cyclotomic_pow equals fp12_pow."""
    a = cyclotomic(random_fp12())
    for exponent in (0, 1, 2, 3, 7, BN_U, RNG.randrange(R)):
        assert fp12_cyclotomic_pow(a, exponent) == fp12_pow(a, exponent)


def test_naf() -> None:
    for k in [0, 1, 2, 3, 7, 6 * BN_U + 2, *(RNG.randrange(2**256) for _ in range(20))]:
        digits = naf(k)
        assert sum(d << i for i, d in enumerate(reversed(digits))) == k
        assert all(d in (-1, 0, 1) for d in digits)
        assert all(not (a and b) for a, b in itertools.pairwise(digits))
    assert sum(1 for d in naf(6 * BN_U + 2) if d) == 22


def test_outputs_are_canonical() -> None:
    """I-BNF-1: results are tuples of integers in [0, p)."""
    a, b = random_fp12(), random_fp12()
    for value in (fp12_mul(a, b), fp12_sqr(a), fp12_inv(a), fp12_frobenius(a, 1)):
        assert all(0 <= x < P for half in value for coefficient in half for x in coefficient)
