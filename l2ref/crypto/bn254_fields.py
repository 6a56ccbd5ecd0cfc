"""BN254 fields: Fp, Fr and the tower Fp2, Fp6, Fp12. See specs/crypto/bn254_fields.md."""

from __future__ import annotations

from typing import TypeAlias

Fp2: TypeAlias = tuple[int, int]

Fp6: TypeAlias = tuple[Fp2, Fp2, Fp2]

Fp12: TypeAlias = tuple[Fp6, Fp6]

BN_U = 4965661367192848881

FIELD_MODULUS = 36 * BN_U**4 + 36 * BN_U**3 + 24 * BN_U**2 + 6 * BN_U + 1

CURVE_ORDER = 36 * BN_U**4 + 36 * BN_U**3 + 18 * BN_U**2 + 6 * BN_U + 1

XI_REAL = 9

FP2_ZERO: Fp2 = (0, 0)

FP2_ONE: Fp2 = (1, 0)

XI: Fp2 = (XI_REAL, 1)

FP6_ZERO: Fp6 = (FP2_ZERO, FP2_ZERO, FP2_ZERO)

FP6_ONE: Fp6 = (FP2_ONE, FP2_ZERO, FP2_ZERO)

FP12_ONE: Fp12 = (FP6_ONE, FP6_ZERO)


def fp_mul(a: int, b: int) -> int:
    """The product `a * b` mod the base field modulus p."""
    return a * b % FIELD_MODULUS


def fp_inv(a: int) -> int:
    """The inverse of `a` mod p, with zero mapped to zero (inv0 of RFC 9380)."""
    # inv0 of RFC 9380: zero maps to zero, so every caller is total.
    if a % FIELD_MODULUS == 0:
        return 0
    return pow(a, -1, FIELD_MODULUS)


def fp_sqrt(a: int) -> int | None:
    """A square root of `a` mod p, or None if `a` is not a square."""
    # FIELD_MODULUS % 4 == 3, so a^((p + 1) / 4) is a root whenever a root exists.
    candidate = pow(a, (FIELD_MODULUS + 1) // 4, FIELD_MODULUS)
    if candidate * candidate % FIELD_MODULUS != a % FIELD_MODULUS:
        return None
    return candidate


def fr_add(a: int, b: int) -> int:
    """The sum `a + b` mod the group order r."""
    return (a + b) % CURVE_ORDER


def fr_sub(a: int, b: int) -> int:
    """The difference `a - b` mod the group order r."""
    return (a - b) % CURVE_ORDER


def fr_neg(a: int) -> int:
    """The negation `-a` mod the group order r."""
    return -a % CURVE_ORDER


def fr_mul(a: int, b: int) -> int:
    """The product `a * b` mod the group order r."""
    return a * b % CURVE_ORDER


def fr_inv(a: int) -> int:
    """The inverse of `a` mod r, with zero mapped to zero."""
    if a % CURVE_ORDER == 0:
        return 0
    return pow(a, -1, CURVE_ORDER)


def fr_pow(a: int, exponent: int) -> int:
    """`a` to the power `exponent` mod r; a negative exponent raises the inverse."""
    if exponent < 0:
        return pow(fr_inv(a), -exponent, CURVE_ORDER)
    return pow(a, exponent, CURVE_ORDER)


def fp2_add(a: Fp2, b: Fp2) -> Fp2:
    """The sum of two Fp2 elements."""
    return ((a[0] + b[0]) % FIELD_MODULUS, (a[1] + b[1]) % FIELD_MODULUS)


def fp2_sub(a: Fp2, b: Fp2) -> Fp2:
    """The difference `a - b` of two Fp2 elements."""
    return ((a[0] - b[0]) % FIELD_MODULUS, (a[1] - b[1]) % FIELD_MODULUS)


def fp2_neg(a: Fp2) -> Fp2:
    """The negation of an Fp2 element."""
    return (-a[0] % FIELD_MODULUS, -a[1] % FIELD_MODULUS)


def fp2_conj(a: Fp2) -> Fp2:
    """The conjugate `a0 - a1 i` of `a0 + a1 i`, which is also its p-th power."""
    return (a[0], -a[1] % FIELD_MODULUS)


def fp2_mul(a: Fp2, b: Fp2) -> Fp2:
    """The product of two Fp2 elements (Karatsuba, three base field products)."""
    a0, a1 = a
    b0, b1 = b
    # Karatsuba: three products instead of four.
    t0 = a0 * b0
    t1 = a1 * b1
    return ((t0 - t1) % FIELD_MODULUS, ((a0 + a1) * (b0 + b1) - t0 - t1) % FIELD_MODULUS)


def fp2_sqr(a: Fp2) -> Fp2:
    """The square of an Fp2 element."""
    a0, a1 = a
    # (a0 + a1 i)^2 = (a0 + a1)(a0 - a1) + 2 a0 a1 i
    return ((a0 + a1) * (a0 - a1) % FIELD_MODULUS, 2 * a0 * a1 % FIELD_MODULUS)


def fp2_mul_fp(a: Fp2, k: int) -> Fp2:
    """The Fp2 element `a` times the base field element `k`."""
    return (a[0] * k % FIELD_MODULUS, a[1] * k % FIELD_MODULUS)


def fp2_mul_by_xi(a: Fp2) -> Fp2:
    """The Fp2 element `a` times xi = 9 + i."""
    a0, a1 = a
    # (a0 + a1 i)(9 + i) = (9 a0 - a1) + (a0 + 9 a1) i
    return ((XI_REAL * a0 - a1) % FIELD_MODULUS, (a0 + XI_REAL * a1) % FIELD_MODULUS)


def fp2_inv(a: Fp2) -> Fp2:
    """The inverse of an Fp2 element, with zero mapped to zero."""
    a0, a1 = a
    # 1 / (a0 + a1 i) = (a0 - a1 i) / (a0^2 + a1^2)
    norm_inverse = fp_inv(a0 * a0 + a1 * a1)
    return (a0 * norm_inverse % FIELD_MODULUS, -a1 * norm_inverse % FIELD_MODULUS)


def fp2_pow(a: Fp2, exponent: int) -> Fp2:
    """`a` to the power `exponent` (>= 0) in Fp2, by square and multiply."""
    result = FP2_ONE
    for bit in bin(exponent)[2:]:
        result = fp2_sqr(result)
        if bit == "1":
            result = fp2_mul(result, a)
    return result


def fp2_sqrt(a: Fp2) -> Fp2 | None:
    """A square root of `a` in Fp2, or None if `a` is not a square."""
    a0, a1 = a
    # A root x0 + x1 i has x0^2 - x1^2 = a0, 2 x0 x1 = a1 and x0^2 + x1^2 = sqrt(norm(a)).
    norm_root = fp_sqrt(a0 * a0 + a1 * a1)
    if norm_root is None:
        return None
    half = (FIELD_MODULUS + 1) // 2
    x0 = fp_sqrt((a0 + norm_root) * half)
    if x0 is None:
        x0 = fp_sqrt((a0 - norm_root) * half)
    if x0 is None:
        return None
    if x0 == 0:
        x1 = fp_sqrt(-a0)
        candidate: Fp2 = (0, 0 if x1 is None else x1)
    else:
        candidate = (x0, a1 * fp_inv(2 * x0) % FIELD_MODULUS)
    if fp2_sqr(candidate) != (a0 % FIELD_MODULUS, a1 % FIELD_MODULUS):
        return None
    return candidate


def fp6_add(a: Fp6, b: Fp6) -> Fp6:
    """The sum of two Fp6 elements."""
    return (fp2_add(a[0], b[0]), fp2_add(a[1], b[1]), fp2_add(a[2], b[2]))


def fp6_sub(a: Fp6, b: Fp6) -> Fp6:
    """The difference `a - b` of two Fp6 elements."""
    return (fp2_sub(a[0], b[0]), fp2_sub(a[1], b[1]), fp2_sub(a[2], b[2]))


def fp6_neg(a: Fp6) -> Fp6:
    """The negation of an Fp6 element."""
    return (fp2_neg(a[0]), fp2_neg(a[1]), fp2_neg(a[2]))


def fp6_mul_by_v(a: Fp6) -> Fp6:
    """The Fp6 element `a` times v, using v^3 = xi."""
    # v^3 = xi: (a0 + a1 v + a2 v^2) v = xi a2 + a0 v + a1 v^2
    return (fp2_mul_by_xi(a[2]), a[0], a[1])


def fp6_mul_reference(a: Fp6, b: Fp6) -> Fp6:
    """The product of two Fp6 elements by the schoolbook formula."""
    a0, a1, a2 = a
    b0, b1, b2 = b
    # Schoolbook: the v^3 and v^4 terms wrap around multiplied by xi.
    c0 = fp2_add(fp2_mul(a0, b0), fp2_mul_by_xi(fp2_add(fp2_mul(a1, b2), fp2_mul(a2, b1))))
    c1 = fp2_add(fp2_add(fp2_mul(a0, b1), fp2_mul(a1, b0)), fp2_mul_by_xi(fp2_mul(a2, b2)))
    c2 = fp2_add(fp2_add(fp2_mul(a0, b2), fp2_mul(a1, b1)), fp2_mul(a2, b0))
    return (c0, c1, c2)


def fp6_mul(a: Fp6, b: Fp6) -> Fp6:
    """The product of two Fp6 elements (Karatsuba over Fp2, reduced mod p at the end)."""
    p = FIELD_MODULUS
    (a00, a01), (a10, a11), (a20, a21) = a
    (b00, b01), (b10, b11), (b20, b21) = b
    # Karatsuba over Fp2 (6 Fp2 products, each itself Karatsuba), reducing mod p only at the end.
    m0 = a00 * b00
    m1 = a01 * b01
    t00, t01 = m0 - m1, (a00 + a01) * (b00 + b01) - m0 - m1
    m0 = a10 * b10
    m1 = a11 * b11
    t10, t11 = m0 - m1, (a10 + a11) * (b10 + b11) - m0 - m1
    m0 = a20 * b20
    m1 = a21 * b21
    t20, t21 = m0 - m1, (a20 + a21) * (b20 + b21) - m0 - m1
    # c0 = t0 + xi ((a1 + a2)(b1 + b2) - t1 - t2)
    x0, x1, y0, y1 = a10 + a20, a11 + a21, b10 + b20, b11 + b21
    m0 = x0 * y0
    m1 = x1 * y1
    s0 = m0 - m1 - t10 - t20
    s1 = (x0 + x1) * (y0 + y1) - m0 - m1 - t11 - t21
    c00, c01 = (t00 + XI_REAL * s0 - s1) % p, (t01 + s0 + XI_REAL * s1) % p
    # c1 = (a0 + a1)(b0 + b1) - t0 - t1 + xi t2
    x0, x1, y0, y1 = a00 + a10, a01 + a11, b00 + b10, b01 + b11
    m0 = x0 * y0
    m1 = x1 * y1
    s0 = m0 - m1 - t00 - t10
    s1 = (x0 + x1) * (y0 + y1) - m0 - m1 - t01 - t11
    c10, c11 = (s0 + XI_REAL * t20 - t21) % p, (s1 + t20 + XI_REAL * t21) % p
    # c2 = (a0 + a2)(b0 + b2) - t0 - t2 + t1
    x0, x1, y0, y1 = a00 + a20, a01 + a21, b00 + b20, b01 + b21
    m0 = x0 * y0
    m1 = x1 * y1
    c20 = (m0 - m1 - t00 - t20 + t10) % p
    c21 = ((x0 + x1) * (y0 + y1) - m0 - m1 - t01 - t21 + t11) % p
    return ((c00, c01), (c10, c11), (c20, c21))


def fp6_inv(a: Fp6) -> Fp6:
    """The inverse of an Fp6 element, with zero mapped to zero."""
    a0, a1, a2 = a
    t0 = fp2_sub(fp2_sqr(a0), fp2_mul_by_xi(fp2_mul(a1, a2)))
    t1 = fp2_sub(fp2_mul_by_xi(fp2_sqr(a2)), fp2_mul(a0, a1))
    t2 = fp2_sub(fp2_sqr(a1), fp2_mul(a0, a2))
    # a * (t0 + t1 v + t2 v^2) = norm, an element of Fp2.
    norm = fp2_add(fp2_mul(a0, t0), fp2_mul_by_xi(fp2_add(fp2_mul(a2, t1), fp2_mul(a1, t2))))
    norm_inverse = fp2_inv(norm)
    return (fp2_mul(t0, norm_inverse), fp2_mul(t1, norm_inverse), fp2_mul(t2, norm_inverse))


def fp12_mul_reference(a: Fp12, b: Fp12) -> Fp12:
    """The product of two Fp12 elements by the schoolbook formula, with w^2 = v."""
    a0, a1 = a
    b0, b1 = b
    # Schoolbook with w^2 = v.
    c0 = fp6_add(fp6_mul_reference(a0, b0), fp6_mul_by_v(fp6_mul_reference(a1, b1)))
    c1 = fp6_add(fp6_mul_reference(a0, b1), fp6_mul_reference(a1, b0))
    return (c0, c1)


def fp12_mul(a: Fp12, b: Fp12) -> Fp12:
    """The product of two Fp12 elements (Karatsuba over Fp6)."""
    a0, a1 = a
    b0, b1 = b
    # Karatsuba over Fp6: three Fp6 products instead of four.
    t0 = fp6_mul(a0, b0)
    t1 = fp6_mul(a1, b1)
    t2 = fp6_mul(fp6_add(a0, a1), fp6_add(b0, b1))
    return (fp6_add(t0, fp6_mul_by_v(t1)), fp6_sub(fp6_sub(t2, t0), t1))


def fp12_sqr(a: Fp12) -> Fp12:
    """The square of an Fp12 element (complex squaring)."""
    a0, a1 = a
    # Complex squaring: (a0 + a1 w)^2 = (a0 + a1)(a0 + v a1) - (1 + v) a0 a1 + 2 a0 a1 w.
    t = fp6_mul(a0, a1)
    s = fp6_mul(fp6_add(a0, a1), fp6_add(a0, fp6_mul_by_v(a1)))
    return (fp6_sub(fp6_sub(s, t), fp6_mul_by_v(t)), fp6_add(t, t))


def fp12_conj(a: Fp12) -> Fp12:
    """The conjugate `a0 - a1 w` of `a0 + a1 w`, which is its p^6-th power."""
    # a^(p^6): w^(p^6) = -w.
    return (a[0], fp6_neg(a[1]))


def fp12_inv(a: Fp12) -> Fp12:
    """The inverse of an Fp12 element, with zero mapped to zero."""
    a0, a1 = a
    # (a0 + a1 w)(a0 - a1 w) = a0^2 - v a1^2, an element of Fp6.
    norm = fp6_sub(fp6_mul(a0, a0), fp6_mul_by_v(fp6_mul(a1, a1)))
    norm_inverse = fp6_inv(norm)
    return (fp6_mul(a0, norm_inverse), fp6_neg(fp6_mul(a1, norm_inverse)))


def fp12_pow(a: Fp12, exponent: int) -> Fp12:
    """`a` to the power `exponent` (>= 0) in Fp12, by square and multiply."""
    result = FP12_ONE
    for bit in bin(exponent)[2:]:
        result = fp12_sqr(result)
        if bit == "1":
            result = fp12_mul(result, a)
    return result


def frobenius_coefficients(power: int) -> tuple[Fp2, ...]:
    """The factors xi^(j (p^power - 1) / 6) for j = 0..5: (w^j)^(p^power) / w^j."""
    # (w^j)^(p^power) = w^j * xi^(j (p^power - 1) / 6), for the basis w^0 ... w^5.
    return tuple(fp2_pow(XI, j * (FIELD_MODULUS**power - 1) // 6) for j in range(6))


def _frobenius_table() -> tuple[tuple[Fp2, ...], ...]:
    return tuple(frobenius_coefficients(power) for power in range(4))


FROBENIUS_COEFFICIENTS = _frobenius_table()


def fp12_frobenius(a: Fp12, power: int) -> Fp12:
    """`a` raised to p^`power` for `power` in 0..3, by the precomputed coefficients."""
    gamma = FROBENIUS_COEFFICIENTS[power]
    (g0, g1, g2), (h0, h1, h2) = a
    # Coefficients of Fp2 are raised to p^power too: conjugated for an odd power.
    if power % 2 == 1:
        g0, g1, g2 = fp2_conj(g0), fp2_conj(g1), fp2_conj(g2)
        h0, h1, h2 = fp2_conj(h0), fp2_conj(h1), fp2_conj(h2)
    # g_k sits at w^(2k), h_k at w^(2k + 1).
    return (
        (g0, fp2_mul(g1, gamma[2]), fp2_mul(g2, gamma[4])),
        (fp2_mul(h0, gamma[1]), fp2_mul(h1, gamma[3]), fp2_mul(h2, gamma[5])),
    )


def fp12_frobenius_reference(a: Fp12, power: int) -> Fp12:
    """`a` raised to p^`power` by plain exponentiation."""
    return fp12_pow(a, FIELD_MODULUS**power)


def _fp4_sqr(a: Fp2, b: Fp2) -> tuple[int, int, int, int]:
    a0, a1 = a
    b0, b1 = b
    # (a + b s)^2 = (a^2 + xi b^2) + 2 a b s in Fp4 = Fp2[s] / (s^2 - xi), left unreduced.
    aa0, aa1 = (a0 + a1) * (a0 - a1), 2 * a0 * a1
    bb0, bb1 = (b0 + b1) * (b0 - b1), 2 * b0 * b1
    m0, m1 = a0 * b0, a1 * b1
    ab0, ab1 = m0 - m1, (a0 + a1) * (b0 + b1) - m0 - m1
    return aa0 + XI_REAL * bb0 - bb1, aa1 + bb0 + XI_REAL * bb1, 2 * ab0, 2 * ab1


def fp12_cyclotomic_sqr(a: Fp12) -> Fp12:
    """The square of `a` (Granger-Scott); correct only in the cyclotomic subgroup."""
    p = FIELD_MODULUS
    (z0, z4, z3), (z2, z1, z5) = a
    # Granger-Scott: valid only for a in the cyclotomic subgroup (a^(p^4 - p^2 + 1) = 1).
    # Fp12 = Fp4^3 with the Fp4 elements z0 + z1 s, z2 + z3 s, z4 + z5 s, where s = w^3.
    t00, t01, t10, t11 = _fp4_sqr(z0, z1)
    t20, t21, t30, t31 = _fp4_sqr(z2, z3)
    t40, t41, t50, t51 = _fp4_sqr(z4, z5)
    # 3 t - 2 z for z0, z3, z4; 3 t + 2 z for z1, z5, and 3 xi t5 + 2 z2 for z2.
    r0 = ((3 * t00 - 2 * z0[0]) % p, (3 * t01 - 2 * z0[1]) % p)
    r1 = ((3 * t10 + 2 * z1[0]) % p, (3 * t11 + 2 * z1[1]) % p)
    r2 = (
        (3 * (XI_REAL * t50 - t51) + 2 * z2[0]) % p,
        (3 * (t50 + XI_REAL * t51) + 2 * z2[1]) % p,
    )
    r3 = ((3 * t40 - 2 * z3[0]) % p, (3 * t41 - 2 * z3[1]) % p)
    r4 = ((3 * t20 - 2 * z4[0]) % p, (3 * t21 - 2 * z4[1]) % p)
    r5 = ((3 * t30 + 2 * z5[0]) % p, (3 * t31 + 2 * z5[1]) % p)
    return ((r0, r4, r3), (r2, r1, r5))


def naf(k: int) -> tuple[int, ...]:
    """The non-adjacent form of `k` >= 0, digits in {-1, 0, 1}, most significant first."""
    # Non-adjacent form of k >= 0, most significant digit first; digits in {-1, 0, 1}.
    digits: list[int] = []
    while k > 0:
        digit = 2 - k % 4 if k % 2 == 1 else 0
        digits.append(digit)
        k = (k - digit) // 2
    return tuple(reversed(digits))


def fp12_cyclotomic_pow(a: Fp12, exponent: int) -> Fp12:
    """`a` to the power `exponent` (>= 0) by NAF; correct only in the cyclotomic subgroup."""
    # In the cyclotomic subgroup the inverse is the conjugate, so signed digits cost nothing.
    result = FP12_ONE
    inverse = fp12_conj(a)
    for digit in naf(exponent):
        result = fp12_cyclotomic_sqr(result)
        if digit == 1:
            result = fp12_mul(result, a)
        elif digit == -1:
            result = fp12_mul(result, inverse)
    return result
