"""BN254 groups G1 (over Fp) and G2 (on the twist over Fp2). See specs/crypto/bn254_curves.md."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeAlias, TypeVar

from l2ref.crypto.bn254_fields import (
    BN_U,
    CURVE_ORDER,
    FIELD_MODULUS,
    FP2_ONE,
    FP2_ZERO,
    XI,
    Fp2,
    fp2_add,
    fp2_conj,
    fp2_inv,
    fp2_mul,
    fp2_mul_fp,
    fp2_neg,
    fp2_pow,
    fp2_sqr,
    fp2_sub,
    fp_inv,
)

G1Point: TypeAlias = tuple[int, int, int]

G2Point: TypeAlias = tuple[Fp2, Fp2, Fp2]

G1Affine: TypeAlias = tuple[int, int] | None

G2Affine: TypeAlias = tuple[Fp2, Fp2] | None

Point = TypeVar("Point")


CURVE_B = 3

TWIST_B: Fp2 = fp2_mul_fp(fp2_inv(XI), CURVE_B)

G1_GENERATOR: G1Point = (1, 2, 1)

G2_GENERATOR: G2Point = (
    (
        10857046999023057135944570762232829481370756359578518086990519993285655852781,
        11559732032986387107991004021392285783925812861821192530917403151452391805634,
    ),
    (
        8495653923123431417604973247489272438418190587263600148770280649306958101930,
        4082367875863433681332203403145435568316851327593401208105741076214120093531,
    ),
    FP2_ONE,
)

G1_INFINITY: G1Point = (1, 1, 0)

G2_INFINITY: G2Point = (FP2_ONE, FP2_ONE, FP2_ZERO)

G2_COFACTOR = 2 * FIELD_MODULUS - CURVE_ORDER

PSI_X: Fp2 = fp2_pow(XI, (FIELD_MODULUS - 1) // 3)

PSI_Y: Fp2 = fp2_pow(XI, (FIELD_MODULUS - 1) // 2)

SCALAR_WINDOW_BITS = 4

FIXED_BASE_WINDOW_BITS = 4


@dataclass(frozen=True)
class G1FixedBaseTable:
    """Affine multiples of one G1 point: rows[i][d] is d * 2^(window_bits * i) times it."""

    window_bits: int
    rows: tuple[tuple[G1Affine, ...], ...]


def g1_from_affine(x: int, y: int) -> G1Point:
    """The Jacobian G1 point (x mod p, y mod p, 1) for the affine point (x, y)."""
    return (x % FIELD_MODULUS, y % FIELD_MODULUS, 1)


def g1_to_affine(point: G1Point) -> G1Affine:
    """The affine (x, y) of a Jacobian G1 point, or None for the point at infinity."""
    x, y, z = point
    if z == 0:
        return None
    z_inverse = fp_inv(z)
    z_inverse_squared = z_inverse * z_inverse % FIELD_MODULUS
    return (
        x * z_inverse_squared % FIELD_MODULUS,
        y * z_inverse_squared * z_inverse % FIELD_MODULUS,
    )


def is_on_g1(point: G1Point) -> bool:
    """Whether a Jacobian point satisfies y^2 = x^3 + 3 (infinity included)."""
    x, y, z = point
    # Jacobian (X, Y, Z) is the affine (X / Z^2, Y / Z^3): Y^2 = X^3 + b Z^6.
    if z == 0:
        return True
    z3 = pow(z, 3, FIELD_MODULUS)
    return (y * y - x * x * x - CURVE_B * z3 * z3) % FIELD_MODULUS == 0


def g1_eq(a: G1Point, b: G1Point) -> bool:
    """Whether two Jacobian G1 points are the same affine point."""
    x1, y1, z1 = a
    x2, y2, z2 = b
    if z1 == 0 or z2 == 0:
        return z1 == z2
    z1z1 = z1 * z1
    z2z2 = z2 * z2
    return (x1 * z2z2 - x2 * z1z1) % FIELD_MODULUS == 0 and (
        y1 * z2z2 * z2 - y2 * z1z1 * z1
    ) % FIELD_MODULUS == 0


def g1_neg(point: G1Point) -> G1Point:
    """The negation of a Jacobian G1 point."""
    x, y, z = point
    return (x, -y % FIELD_MODULUS, z)


def g1_double(point: G1Point) -> G1Point:
    """Twice a Jacobian G1 point (dbl-2009-l)."""
    p = FIELD_MODULUS
    x, y, z = point
    if z == 0 or y == 0:
        return G1_INFINITY
    # dbl-2009-l (Explicit-Formulas Database), for a = 0.
    a = x * x % p
    b = y * y % p
    c = b * b % p
    d = 2 * ((x + b) * (x + b) - a - c) % p
    e = 3 * a
    x3 = (e * e - 2 * d) % p
    y3 = (e * (d - x3) - 8 * c) % p
    z3 = 2 * y * z % p
    return (x3, y3, z3)


def g1_add(a: G1Point, b: G1Point) -> G1Point:
    """The sum of two Jacobian G1 points (add-2007-bl), doubling when they are equal."""
    p = FIELD_MODULUS
    x1, y1, z1 = a
    x2, y2, z2 = b
    if z1 == 0:
        return b
    if z2 == 0:
        return a
    # add-2007-bl (Explicit-Formulas Database).
    z1z1 = z1 * z1 % p
    z2z2 = z2 * z2 % p
    u1 = x1 * z2z2 % p
    u2 = x2 * z1z1 % p
    s1 = y1 * z2 * z2z2 % p
    s2 = y2 * z1 * z1z1 % p
    h = (u2 - u1) % p
    r = 2 * (s2 - s1) % p
    if h == 0:
        # Same x: the same point (double it) or opposite points (sum is infinity).
        return g1_double(a) if r == 0 else G1_INFINITY
    i = 4 * h * h % p
    j = h * i % p
    v = u1 * i % p
    x3 = (r * r - j - 2 * v) % p
    y3 = (r * (v - x3) - 2 * s1 * j) % p
    z3 = ((z1 + z2) * (z1 + z2) - z1z1 - z2z2) * h % p
    return (x3, y3, z3)


def g1_add_affine_reference(a: G1Affine, b: G1Affine) -> G1Affine:
    """The sum of two affine G1 points by the chord-and-tangent rule."""
    p = FIELD_MODULUS
    if a is None:
        return b
    if b is None:
        return a
    (x1, y1), (x2, y2) = a, b
    # The chord-and-tangent rule, one inversion per addition.
    if x1 == x2 and (y1 + y2) % p == 0:
        return None
    if x1 == x2:
        numerator, denominator = 3 * x1 * x1, 2 * y1
    else:
        numerator, denominator = y2 - y1, x2 - x1
    slope = numerator * fp_inv(denominator) % p
    x3 = (slope * slope - x1 - x2) % p
    return (x3, (slope * (x1 - x3) - y1) % p)


def wnaf(k: int, width: int) -> tuple[int, ...]:
    """The width-`width` NAF of `k` >= 0, least significant digit first."""
    # Width-w NAF of k >= 0, least significant digit first: odd digits in (-2^(w-1), 2^(w-1)).
    digits: list[int] = []
    while k > 0:
        digit = 0
        if k % 2 == 1:
            digit = k % (1 << width)
            if digit >= 1 << (width - 1):
                digit -= 1 << width
            k -= digit
        digits.append(digit)
        k //= 2
    return tuple(digits)


def g1_mul(point: G1Point, k: int) -> G1Point:
    """The G1 point times `k` (any sign), by a signed window NAF."""
    if k < 0:
        return g1_mul(g1_neg(point), -k)
    # Odd multiples P, 3P, 5P, ... for the signed digits of the window NAF.
    twice = g1_double(point)
    odd = [point]
    for _ in range((1 << (SCALAR_WINDOW_BITS - 2)) - 1):
        odd.append(g1_add(odd[-1], twice))
    result = G1_INFINITY
    for digit in reversed(wnaf(k, SCALAR_WINDOW_BITS)):
        result = g1_double(result)
        if digit > 0:
            result = g1_add(result, odd[digit // 2])
        elif digit < 0:
            result = g1_add(result, g1_neg(odd[-digit // 2]))
    return result


def g1_mul_reference(point: G1Point, k: int) -> G1Point:
    """The G1 point times `k` (any sign), by affine double-and-add."""
    if k < 0:
        return g1_mul_reference(g1_neg(point), -k)
    # Double-and-add on affine coordinates, most significant bit first.
    base = g1_to_affine(point)
    result: G1Affine = None
    for bit in bin(k)[2:]:
        result = g1_add_affine_reference(result, result)
        if bit == "1":
            result = g1_add_affine_reference(result, base)
    return G1_INFINITY if result is None else g1_from_affine(*result)


def g1_batch_to_affine(points: Sequence[G1Point]) -> list[G1Affine]:
    """The affine forms of Jacobian G1 points, with one inversion (Montgomery's trick)."""
    p = FIELD_MODULUS
    # Montgomery's trick: one inversion for the whole batch.
    prefix = [1]
    for _, _, z in points:
        prefix.append(prefix[-1] * (z if z else 1) % p)
    inverse = fp_inv(prefix[-1])
    result: list[G1Affine] = [None] * len(points)
    for index in range(len(points) - 1, -1, -1):
        x, y, z = points[index]
        if z == 0:
            continue
        z_inverse = inverse * prefix[index] % p
        inverse = inverse * z % p
        z_inverse_squared = z_inverse * z_inverse % p
        result[index] = (x * z_inverse_squared % p, y * z_inverse_squared * z_inverse % p)
    return result


def g1_add_mixed(a: G1Point, b: G1Affine) -> G1Point:
    """The sum of a Jacobian G1 point and an affine one (madd-2007-bl)."""
    p = FIELD_MODULUS
    if b is None:
        return a
    x1, y1, z1 = a
    x2, y2 = b
    if z1 == 0:
        return (x2, y2, 1)
    # madd-2007-bl (Explicit-Formulas Database): b has Z = 1.
    z1z1 = z1 * z1 % p
    u2 = x2 * z1z1 % p
    s2 = y2 * z1 * z1z1 % p
    h = (u2 - x1) % p
    r = 2 * (s2 - y1) % p
    if h == 0:
        return g1_double(a) if r == 0 else G1_INFINITY
    i = 4 * h * h % p
    j = h * i % p
    v = x1 * i % p
    x3 = (r * r - j - 2 * v) % p
    y3 = (r * (v - x3) - 2 * y1 * j) % p
    z3 = ((z1 + h) * (z1 + h) - z1z1 - h * h) % p
    return (x3, y3, z3)


def g1_fixed_base_table(
    point: G1Point, window_bits: int = FIXED_BASE_WINDOW_BITS
) -> G1FixedBaseTable:
    """The fixed-base table of `point` for windows of `window_bits` bits."""
    # rows[i][d] = [d * 2^(w i)] point for every w-bit digit d, in affine form.
    row_count = -(-CURVE_ORDER.bit_length() // window_bits)
    jacobian: list[G1Point] = []
    base = point
    for _ in range(row_count):
        multiple = G1_INFINITY
        for _ in range(1 << window_bits):
            jacobian.append(multiple)
            multiple = g1_add(multiple, base)
        base = multiple
    affine = g1_batch_to_affine(jacobian)
    width = 1 << window_bits
    rows = tuple(tuple(affine[i * width : (i + 1) * width]) for i in range(row_count))
    return G1FixedBaseTable(window_bits, rows)


def g1_fixed_base_mul(table: G1FixedBaseTable, k: int) -> G1Point:
    """The table's point times `k` mod r, by one mixed addition per window."""
    # Valid for points of order r (all of G1): k is reduced mod r first.
    k %= CURVE_ORDER
    mask = (1 << table.window_bits) - 1
    result = G1_INFINITY
    for row in table.rows:
        result = g1_add_mixed(result, row[k & mask])
        k >>= table.window_bits
    return result


def multi_mul(
    points: Sequence[Point],
    scalars: Sequence[int],
    add: Callable[[Point, Point], Point],
    double: Callable[[Point], Point],
    infinity: Point,
) -> Point:
    """The sum of `scalars` (>= 0) times `points` in any group, by Pippenger's buckets."""
    # Pippenger's bucket method: per window, add each point to the bucket of its digit once,
    # then sum_d d * bucket[d] by running sums.
    if not points:
        return infinity
    window = max(2, len(points).bit_length() - 1)
    bits = max(max(scalars).bit_length(), 1)
    result = infinity
    for shift in range((bits - 1) // window * window, -1, -window):
        for _ in range(window):
            result = double(result)
        buckets = [infinity] * (1 << window)
        for point, scalar in zip(points, scalars, strict=True):
            digit = (scalar >> shift) & ((1 << window) - 1)
            if digit:
                buckets[digit] = add(buckets[digit], point)
        running = infinity
        window_sum = infinity
        for digit in range((1 << window) - 1, 0, -1):
            running = add(running, buckets[digit])
            window_sum = add(window_sum, running)
        result = add(result, window_sum)
    return result


def g1_multi_mul(points: Sequence[G1Point], scalars: Sequence[int]) -> G1Point:
    """The sum of `scalars` (any sign) times G1 `points`, by Pippenger's method."""
    signed = [(g1_neg(p), -k) if k < 0 else (p, k) for p, k in zip(points, scalars, strict=True)]
    return multi_mul([p for p, _ in signed], [k for _, k in signed], g1_add, g1_double, G1_INFINITY)


def g1_multi_mul_reference(points: Sequence[G1Point], scalars: Sequence[int]) -> G1Point:
    """The sum of `scalars` times G1 `points`, one reference product at a time."""
    result = G1_INFINITY
    for point, scalar in zip(points, scalars, strict=True):
        result = g1_add(result, g1_mul_reference(point, scalar))
    return result


def g2_from_affine(x: Fp2, y: Fp2) -> G2Point:
    """The Jacobian G2 point (x, y, 1) for the affine point (x, y), coordinates mod p."""
    return (
        (x[0] % FIELD_MODULUS, x[1] % FIELD_MODULUS),
        (y[0] % FIELD_MODULUS, y[1] % FIELD_MODULUS),
        FP2_ONE,
    )


def g2_to_affine(point: G2Point) -> G2Affine:
    """The affine (x, y) of a Jacobian G2 point, or None for the point at infinity."""
    x, y, z = point
    if z == FP2_ZERO:
        return None
    z_inverse = fp2_inv(z)
    z_inverse_squared = fp2_sqr(z_inverse)
    return (fp2_mul(x, z_inverse_squared), fp2_mul(fp2_mul(y, z_inverse_squared), z_inverse))


def is_on_twist(point: G2Point) -> bool:
    """Whether a Jacobian point satisfies y^2 = x^3 + 3 / xi over Fp2 (infinity included)."""
    x, y, z = point
    # Y^2 = X^3 + b' Z^6 with b' = 3 / xi.
    if z == FP2_ZERO:
        return True
    z3 = fp2_mul(fp2_sqr(z), z)
    right = fp2_add(fp2_mul(fp2_sqr(x), x), fp2_mul(TWIST_B, fp2_sqr(z3)))
    return fp2_sqr(y) == right


def g2_eq(a: G2Point, b: G2Point) -> bool:
    """Whether two Jacobian G2 points are the same affine point."""
    x1, y1, z1 = a
    x2, y2, z2 = b
    if FP2_ZERO in (z1, z2):
        return z1 == z2
    z1z1 = fp2_sqr(z1)
    z2z2 = fp2_sqr(z2)
    return fp2_mul(x1, z2z2) == fp2_mul(x2, z1z1) and fp2_mul(y1, fp2_mul(z2z2, z2)) == fp2_mul(
        y2, fp2_mul(z1z1, z1)
    )


def g2_neg(point: G2Point) -> G2Point:
    """The negation of a Jacobian G2 point."""
    x, y, z = point
    return (x, fp2_neg(y), z)


def g2_double(point: G2Point) -> G2Point:
    """Twice a Jacobian G2 point (dbl-2009-l over Fp2)."""
    x, y, z = point
    if FP2_ZERO in (y, z):
        return G2_INFINITY
    # dbl-2009-l, as for G1, over Fp2.
    a = fp2_sqr(x)
    b = fp2_sqr(y)
    c = fp2_sqr(b)
    d = fp2_sub(fp2_sqr(fp2_add(x, b)), fp2_add(a, c))
    d = fp2_add(d, d)
    e = fp2_mul_fp(a, 3)
    x3 = fp2_sub(fp2_sqr(e), fp2_add(d, d))
    y3 = fp2_sub(fp2_mul(e, fp2_sub(d, x3)), fp2_mul_fp(c, 8))
    z3 = fp2_mul(y, z)
    return (x3, y3, fp2_add(z3, z3))


def g2_add(a: G2Point, b: G2Point) -> G2Point:
    """The sum of two Jacobian G2 points (add-2007-bl over Fp2), doubling when equal."""
    x1, y1, z1 = a
    x2, y2, z2 = b
    if z1 == FP2_ZERO:
        return b
    if z2 == FP2_ZERO:
        return a
    # add-2007-bl, as for G1, over Fp2.
    z1z1 = fp2_sqr(z1)
    z2z2 = fp2_sqr(z2)
    u1 = fp2_mul(x1, z2z2)
    u2 = fp2_mul(x2, z1z1)
    s1 = fp2_mul(y1, fp2_mul(z2, z2z2))
    s2 = fp2_mul(y2, fp2_mul(z1, z1z1))
    h = fp2_sub(u2, u1)
    r = fp2_sub(s2, s1)
    r = fp2_add(r, r)
    if h == FP2_ZERO:
        return g2_double(a) if r == FP2_ZERO else G2_INFINITY
    i = fp2_mul_fp(fp2_sqr(h), 4)
    j = fp2_mul(h, i)
    v = fp2_mul(u1, i)
    x3 = fp2_sub(fp2_sub(fp2_sqr(r), j), fp2_add(v, v))
    s1j = fp2_mul(s1, j)
    y3 = fp2_sub(fp2_mul(r, fp2_sub(v, x3)), fp2_add(s1j, s1j))
    z3 = fp2_mul(fp2_sub(fp2_sqr(fp2_add(z1, z2)), fp2_add(z1z1, z2z2)), h)
    return (x3, y3, z3)


def g2_add_affine_reference(a: G2Affine, b: G2Affine) -> G2Affine:
    """The sum of two affine G2 points by the chord-and-tangent rule."""
    if a is None:
        return b
    if b is None:
        return a
    (x1, y1), (x2, y2) = a, b
    if x1 == x2 and fp2_add(y1, y2) == FP2_ZERO:
        return None
    if x1 == x2:
        slope = fp2_mul(fp2_mul_fp(fp2_sqr(x1), 3), fp2_inv(fp2_add(y1, y1)))
    else:
        slope = fp2_mul(fp2_sub(y2, y1), fp2_inv(fp2_sub(x2, x1)))
    x3 = fp2_sub(fp2_sub(fp2_sqr(slope), x1), x2)
    return (x3, fp2_sub(fp2_mul(slope, fp2_sub(x1, x3)), y1))


def g2_mul(point: G2Point, k: int) -> G2Point:
    """The G2 point times `k` (any sign), by a signed window NAF."""
    if k < 0:
        return g2_mul(g2_neg(point), -k)
    twice = g2_double(point)
    odd = [point]
    for _ in range((1 << (SCALAR_WINDOW_BITS - 2)) - 1):
        odd.append(g2_add(odd[-1], twice))
    result = G2_INFINITY
    for digit in reversed(wnaf(k, SCALAR_WINDOW_BITS)):
        result = g2_double(result)
        if digit > 0:
            result = g2_add(result, odd[digit // 2])
        elif digit < 0:
            result = g2_add(result, g2_neg(odd[-digit // 2]))
    return result


def g2_mul_reference(point: G2Point, k: int) -> G2Point:
    """The G2 point times `k` (any sign), by affine double-and-add."""
    if k < 0:
        return g2_mul_reference(g2_neg(point), -k)
    base = g2_to_affine(point)
    result: G2Affine = None
    for bit in bin(k)[2:]:
        result = g2_add_affine_reference(result, result)
        if bit == "1":
            result = g2_add_affine_reference(result, base)
    return G2_INFINITY if result is None else g2_from_affine(*result)


def g2_multi_mul(points: Sequence[G2Point], scalars: Sequence[int]) -> G2Point:
    """The sum of `scalars` (any sign) times G2 `points`, by Pippenger's method."""
    signed = [(g2_neg(p), -k) if k < 0 else (p, k) for p, k in zip(points, scalars, strict=True)]
    return multi_mul([p for p, _ in signed], [k for _, k in signed], g2_add, g2_double, G2_INFINITY)


def g2_multi_mul_reference(points: Sequence[G2Point], scalars: Sequence[int]) -> G2Point:
    """The sum of `scalars` times G2 `points`, one reference product at a time."""
    result = G2_INFINITY
    for point, scalar in zip(points, scalars, strict=True):
        result = g2_add(result, g2_mul_reference(point, scalar))
    return result


def g2_psi(point: G2Point) -> G2Point:
    """The untwist-Frobenius-twist endomorphism psi of a Jacobian G2 point."""
    x, y, z = point
    # Untwist, apply the p-power Frobenius, twist back; Jacobian coordinates map directly.
    return (fp2_mul(fp2_conj(x), PSI_X), fp2_mul(fp2_conj(y), PSI_Y), fp2_conj(z))


def is_in_g2(point: G2Point) -> bool:
    """Whether a point is on the twist and of order r, by the psi endomorphism test."""
    if not is_on_twist(point):
        return False
    # Q has order r iff [u + 1]Q + psi([u]Q) + psi^2([u]Q) = psi^3([2u]Q).
    u_q = g2_mul(point, BN_U)
    psi_u_q = g2_psi(u_q)
    left = g2_add(g2_add(g2_add(u_q, point), psi_u_q), g2_psi(psi_u_q))
    right = g2_psi(g2_psi(g2_double(psi_u_q)))
    return g2_eq(left, right)


def is_in_g2_reference(point: G2Point) -> bool:
    """Whether a point is on the twist and r times it is the point at infinity."""
    return is_on_twist(point) and g2_mul_reference(point, CURVE_ORDER)[2] == FP2_ZERO
