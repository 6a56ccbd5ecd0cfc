"""The BN254 optimal ate pairing. See specs/crypto/bn254_pairing.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

from l2ref.crypto.bn254_curves import (
    TWIST_B,
    G1Point,
    G2Affine,
    G2Point,
    g1_to_affine,
    g2_add_affine_reference,
    g2_neg,
    g2_psi,
    g2_to_affine,
)
from l2ref.crypto.bn254_fields import (
    BN_U,
    CURVE_ORDER,
    FIELD_MODULUS,
    FP2_ONE,
    FP2_ZERO,
    FP12_ONE,
    XI_REAL,
    Fp2,
    Fp12,
    fp2_add,
    fp2_inv,
    fp2_mul,
    fp2_mul_fp,
    fp2_neg,
    fp2_sqr,
    fp2_sub,
    fp12_conj,
    fp12_cyclotomic_pow,
    fp12_cyclotomic_sqr,
    fp12_frobenius,
    fp12_inv,
    fp12_mul,
    fp12_pow,
    fp12_sqr,
    naf,
)

Line: TypeAlias = tuple[Fp2, Fp2, Fp2]

G2Projective: TypeAlias = tuple[Fp2, Fp2, Fp2]

ATE_LOOP_COUNT = 6 * BN_U + 2

ATE_LOOP_NAF = naf(ATE_LOOP_COUNT)

THREE_TWIST_B: Fp2 = fp2_mul_fp(TWIST_B, 3)


@dataclass(frozen=True)
class G2Prepared:
    """The Miller loop lines of one G2 point, in loop order; none for the point at infinity."""

    lines: tuple[Line, ...]


def _line_double(t: G2Projective) -> tuple[G2Projective, Line]:
    x, y, z = t
    # Homogeneous doubling with its tangent line (Costello, Lange, Naehrig 2010; Aranha et al.
    # 2011), every output scaled by 4 to avoid halving, which projective coordinates absorb.
    a = fp2_mul(x, y)
    b = fp2_sqr(y)
    c = fp2_sqr(z)
    e = fp2_mul(THREE_TWIST_B, c)
    f = fp2_mul_fp(e, 3)
    h = fp2_sub(fp2_sqr(fp2_add(y, z)), fp2_add(b, c))
    x3 = fp2_mul_fp(fp2_mul(a, fp2_sub(b, f)), 2)
    y3 = fp2_sub(fp2_sqr(fp2_add(b, f)), fp2_mul_fp(fp2_sqr(e), 12))
    z3 = fp2_mul_fp(fp2_mul(b, h), 4)
    # Tangent at T, evaluated at P: -2YZ yP + 3X^2 xP w + (3 b' Z^2 - Y^2) w^3.
    line = (fp2_neg(h), fp2_mul_fp(fp2_sqr(x), 3), fp2_sub(e, b))
    return (x3, y3, z3), line


def _line_add(t: G2Projective, q: tuple[Fp2, Fp2]) -> tuple[G2Projective, Line]:
    x, y, z = t
    qx, qy = q
    # Mixed homogeneous addition T + Q (Q affine) with the line through T and Q.
    theta = fp2_sub(y, fp2_mul(qy, z))
    lam = fp2_sub(x, fp2_mul(qx, z))
    c = fp2_sqr(theta)
    d = fp2_sqr(lam)
    e = fp2_mul(lam, d)
    f = fp2_mul(z, c)
    g = fp2_mul(x, d)
    h = fp2_sub(fp2_add(e, f), fp2_add(g, g))
    x3 = fp2_mul(lam, h)
    y3 = fp2_sub(fp2_mul(theta, fp2_sub(g, h)), fp2_mul(y, e))
    z3 = fp2_mul(z, e)
    # Line through T and Q, evaluated at P: lam yP - theta xP w + (theta qx - lam qy) w^3.
    line = (lam, fp2_neg(theta), fp2_sub(fp2_mul(theta, qx), fp2_mul(lam, qy)))
    return (x3, y3, z3), line


def prepare_g2(q: G2Point) -> G2Prepared:
    """The lines of the optimal ate Miller loop for `q`, the two correction lines last."""
    affine = g2_to_affine(q)
    if affine is None:
        return G2Prepared(())
    qx, qy = affine
    minus_q = (qx, fp2_neg(qy))
    t: G2Projective = (qx, qy, FP2_ONE)
    lines: list[Line] = []
    for digit in ATE_LOOP_NAF[1:]:
        t, line = _line_double(t)
        lines.append(line)
        if digit != 0:
            t, line = _line_add(t, affine if digit == 1 else minus_q)
            lines.append(line)
    # The two correction lines of the optimal ate pairing: Q1 = psi(Q), Q2 = -psi^2(Q).
    q1 = g2_psi((qx, qy, FP2_ONE))
    q2 = g2_neg(g2_psi(q1))
    t, line = _line_add(t, (q1[0], q1[1]))
    lines.append(line)
    _, line = _line_add(t, (q2[0], q2[1]))
    lines.append(line)
    return G2Prepared(tuple(lines))


def evaluate_line(line: Line, x: int, y: int) -> tuple[Fp2, Fp2, Fp2]:
    """The coefficients of 1, w and w^3 of `line` evaluated at the G1 point (x, y)."""
    # The coefficients of 1, w and w^3 of the line's value at P = (x, y).
    return (fp2_mul_fp(line[0], y), fp2_mul_fp(line[1], x), line[2])


def fp12_mul_by_line(f: Fp12, line: Line, x: int, y: int) -> Fp12:
    """`f` times `line` evaluated at (x, y), exploiting the line's sparsity."""
    p = FIELD_MODULUS
    (a0, a1), (b0, b1), (c0, c1) = evaluate_line(line, x, y)
    (g00, g01), (g10, g11), (g20, g21) = f[0]
    (h00, h01), (h10, h11), (h20, h21) = f[1]
    # f = g + h w times l = a + b w + c w^3 (w^2 = v, w^6 = xi) is, over Fp6,
    #   (g0 a + xi (h1 c + h2 b), g1 a + h0 b + xi h2 c, g2 a + h0 c + h1 b)
    # + (g0 b + xi g2 c + h0 a, g0 c + g1 b + h1 a, g1 c + g2 b + h2 a) w:
    # 18 Fp2 products (Karatsuba in Fp2), summed unreduced, 12 reductions.
    sa, sb, sc = a0 + a1, b0 + b1, c0 + c1
    m0, m1 = g00 * a0, g01 * a1
    ga00, ga01 = m0 - m1, (g00 + g01) * sa - m0 - m1
    m0, m1 = g10 * a0, g11 * a1
    ga10, ga11 = m0 - m1, (g10 + g11) * sa - m0 - m1
    m0, m1 = g20 * a0, g21 * a1
    ga20, ga21 = m0 - m1, (g20 + g21) * sa - m0 - m1
    m0, m1 = h00 * a0, h01 * a1
    ha00, ha01 = m0 - m1, (h00 + h01) * sa - m0 - m1
    m0, m1 = h10 * a0, h11 * a1
    ha10, ha11 = m0 - m1, (h10 + h11) * sa - m0 - m1
    m0, m1 = h20 * a0, h21 * a1
    ha20, ha21 = m0 - m1, (h20 + h21) * sa - m0 - m1
    m0, m1 = g00 * b0, g01 * b1
    gb00, gb01 = m0 - m1, (g00 + g01) * sb - m0 - m1
    m0, m1 = g10 * b0, g11 * b1
    gb10, gb11 = m0 - m1, (g10 + g11) * sb - m0 - m1
    m0, m1 = g20 * b0, g21 * b1
    gb20, gb21 = m0 - m1, (g20 + g21) * sb - m0 - m1
    m0, m1 = h00 * b0, h01 * b1
    hb00, hb01 = m0 - m1, (h00 + h01) * sb - m0 - m1
    m0, m1 = h10 * b0, h11 * b1
    hb10, hb11 = m0 - m1, (h10 + h11) * sb - m0 - m1
    m0, m1 = h20 * b0, h21 * b1
    hb20, hb21 = m0 - m1, (h20 + h21) * sb - m0 - m1
    m0, m1 = g00 * c0, g01 * c1
    gc00, gc01 = m0 - m1, (g00 + g01) * sc - m0 - m1
    m0, m1 = g10 * c0, g11 * c1
    gc10, gc11 = m0 - m1, (g10 + g11) * sc - m0 - m1
    m0, m1 = g20 * c0, g21 * c1
    gc20, gc21 = m0 - m1, (g20 + g21) * sc - m0 - m1
    m0, m1 = h00 * c0, h01 * c1
    hc00, hc01 = m0 - m1, (h00 + h01) * sc - m0 - m1
    m0, m1 = h10 * c0, h11 * c1
    hc10, hc11 = m0 - m1, (h10 + h11) * sc - m0 - m1
    m0, m1 = h20 * c0, h21 * c1
    hc20, hc21 = m0 - m1, (h20 + h21) * sc - m0 - m1
    # xi (s0 + s1 i) = (9 s0 - s1) + (s0 + 9 s1) i
    s0, s1 = hc10 + hb20, hc11 + hb21
    return (
        (
            ((ga00 + XI_REAL * s0 - s1) % p, (ga01 + s0 + XI_REAL * s1) % p),
            (
                (ga10 + hb00 + XI_REAL * hc20 - hc21) % p,
                (ga11 + hb01 + hc20 + XI_REAL * hc21) % p,
            ),
            ((ga20 + hc00 + hb10) % p, (ga21 + hc01 + hb11) % p),
        ),
        (
            (
                (gb00 + XI_REAL * gc20 - gc21 + ha00) % p,
                (gb01 + gc20 + XI_REAL * gc21 + ha01) % p,
            ),
            ((gc00 + gb10 + ha10) % p, (gc01 + gb11 + ha11) % p),
            ((gc10 + gb20 + ha20) % p, (gc11 + gb21 + ha21) % p),
        ),
    )


def fp12_mul_by_line_reference(f: Fp12, line: Line, x: int, y: int) -> Fp12:
    """`f` times `line` evaluated at (x, y), by a full Fp12 multiplication."""
    a, b, c = evaluate_line(line, x, y)
    return fp12_mul(f, ((a, FP2_ZERO, FP2_ZERO), (b, c, FP2_ZERO)))


def miller_loop(pairs: Sequence[tuple[G1Point, G2Prepared]]) -> Fp12:
    """The product of the optimal ate Miller loops of `pairs`, sharing the squarings."""
    evaluations: list[tuple[int, int, tuple[Line, ...]]] = []
    for p, q in pairs:
        affine = g1_to_affine(p)
        # A pair with a point at infinity contributes the factor 1.
        if affine is not None and q.lines:
            evaluations.append((affine[0], affine[1], q.lines))
    f = FP12_ONE
    index = 0
    for digit in ATE_LOOP_NAF[1:]:
        f = fp12_sqr(f)
        for x, y, lines in evaluations:
            f = fp12_mul_by_line(f, lines[index], x, y)
        index += 1
        if digit != 0:
            for x, y, lines in evaluations:
                f = fp12_mul_by_line(f, lines[index], x, y)
            index += 1
    for _ in range(2):
        for x, y, lines in evaluations:
            f = fp12_mul_by_line(f, lines[index], x, y)
        index += 1
    return f


def final_exponentiation(f: Fp12) -> Fp12:
    """`f` to the power (p^12 - 1) / r, by the easy part then the Scott et al. chain."""
    # Easy part: f^((p^6 - 1)(p^2 + 1)) lands in the cyclotomic subgroup.
    f = fp12_mul(fp12_conj(f), fp12_inv(f))
    f = fp12_mul(fp12_frobenius(f, 2), f)
    # Hard part: f^((p^4 - p^2 + 1) / r) by the addition chain of Scott et al. (2009).
    fu = fp12_cyclotomic_pow(f, BN_U)
    fu2 = fp12_cyclotomic_pow(fu, BN_U)
    fu3 = fp12_cyclotomic_pow(fu2, BN_U)
    y0 = fp12_mul(fp12_mul(fp12_frobenius(f, 1), fp12_frobenius(f, 2)), fp12_frobenius(f, 3))
    y1 = fp12_conj(f)
    y2 = fp12_frobenius(fu2, 2)
    y3 = fp12_conj(fp12_frobenius(fu, 1))
    y4 = fp12_conj(fp12_mul(fu, fp12_frobenius(fu2, 1)))
    y5 = fp12_conj(fu2)
    y6 = fp12_conj(fp12_mul(fu3, fp12_frobenius(fu3, 1)))
    # y0 * y1^2 * y2^6 * y3^12 * y4^18 * y5^30 * y6^36
    t0 = fp12_mul(fp12_mul(fp12_cyclotomic_sqr(y6), y4), y5)
    t1 = fp12_mul(fp12_mul(y3, y5), t0)
    t0 = fp12_mul(t0, y2)
    t1 = fp12_cyclotomic_sqr(fp12_mul(fp12_cyclotomic_sqr(t1), t0))
    t0 = fp12_cyclotomic_sqr(fp12_mul(t1, y1))
    return fp12_mul(t0, fp12_mul(t1, y0))


def final_exponentiation_reference(f: Fp12) -> Fp12:
    """`f` to the power (p^12 - 1) / r by plain exponentiation."""
    return fp12_pow(f, (FIELD_MODULUS**12 - 1) // CURVE_ORDER)


def pairing(p: G1Point, q: G2Point) -> Fp12:
    """The optimal ate pairing e(p, q) in Fp12."""
    return final_exponentiation(miller_loop([(p, prepare_g2(q))]))


def pairing_check(pairs: Sequence[tuple[G1Point, G2Point | G2Prepared]]) -> bool:
    """Whether the product of the pairings of `pairs` is 1 (True for no pairs)."""
    prepared = [(p, q if isinstance(q, G2Prepared) else prepare_g2(q)) for p, q in pairs]
    return final_exponentiation(miller_loop(prepared)) == FP12_ONE


def _line_reference(t: tuple[Fp2, Fp2], q: tuple[Fp2, Fp2], x: int, y: int) -> Fp12:
    (x1, y1), (x2, y2) = t, q
    # The line through the untwisted points (x1 w^2, y1 w^3) and (x2 w^2, y2 w^3), at P.
    if x1 == x2 and y1 != y2:
        # Vertical line x - x1 w^2 (w^2 = v).
        return (((x, 0), fp2_neg(x1), FP2_ZERO), (FP2_ZERO, FP2_ZERO, FP2_ZERO))
    if x1 == x2:
        slope = fp2_mul(fp2_mul_fp(fp2_sqr(x1), 3), fp2_inv(fp2_add(y1, y1)))
    else:
        slope = fp2_mul(fp2_sub(y2, y1), fp2_inv(fp2_sub(x2, x1)))
    # y - y1 w^3 - slope w (x - x1 w^2) at P: yP - slope xP w + (slope x1 - y1) w^3.
    return (
        ((y, 0), FP2_ZERO, FP2_ZERO),
        (fp2_neg(fp2_mul_fp(slope, x)), fp2_sub(fp2_mul(slope, x1), y1), FP2_ZERO),
    )


def miller_loop_reference(p: G1Point, q: G2Point) -> Fp12:
    """The Miller loop of (p, q) by affine double-and-add over 6u + 2, no precomputation."""
    p_affine = g1_to_affine(p)
    q_affine = g2_to_affine(q)
    if p_affine is None or q_affine is None:
        return FP12_ONE
    x, y = p_affine
    # Binary double-and-add over 6u + 2 on affine points, each line a full Fp12 factor.
    t: G2Affine = q_affine
    f = FP12_ONE
    for bit in bin(ATE_LOOP_COUNT)[3:]:
        if t is None:
            return f
        f = fp12_mul(fp12_sqr(f), _line_reference(t, t, x, y))
        t = g2_add_affine_reference(t, t)
        if bit == "1" and t is not None:
            f = fp12_mul(f, _line_reference(t, q_affine, x, y))
            t = g2_add_affine_reference(t, q_affine)
    q1 = g2_to_affine(g2_psi(q))
    q2 = g2_to_affine(g2_neg(g2_psi(g2_psi(q))))
    if t is None or q1 is None or q2 is None:
        return f
    f = fp12_mul(f, _line_reference(t, q1, x, y))
    t = g2_add_affine_reference(t, q1)
    if t is None:
        return f
    return fp12_mul(f, _line_reference(t, q2, x, y))


def pairing_reference(p: G1Point, q: G2Point) -> Fp12:
    """The optimal ate pairing e(p, q) by the reference Miller loop and exponentiation."""
    return final_exponentiation_reference(miller_loop_reference(p, q))
