"""The optimal ate pairing: optimised routines against their references, and bilinearity."""

from __future__ import annotations

import random

import pytest

from l2ref.crypto.bn254_curves import (
    G1_GENERATOR,
    G1_INFINITY,
    G2_GENERATOR,
    G2_INFINITY,
    G1Point,
    G2Point,
    g1_add,
    g1_mul,
    g1_neg,
    g2_mul,
)
from l2ref.crypto.bn254_fields import (
    CURVE_ORDER,
    FIELD_MODULUS,
    FP12_ONE,
    Fp2,
    Fp12,
    fp12_mul,
    fp12_pow,
)
from l2ref.crypto.bn254_pairing import (
    ATE_LOOP_NAF,
    G2Prepared,
    final_exponentiation,
    final_exponentiation_reference,
    fp12_mul_by_line,
    fp12_mul_by_line_reference,
    miller_loop,
    miller_loop_reference,
    pairing,
    pairing_check,
    pairing_reference,
    prepare_g2,
)

P = FIELD_MODULUS
R = CURVE_ORDER
RNG = random.Random(2542)


def random_fp2(rng: random.Random = RNG) -> Fp2:
    return (rng.randrange(P), rng.randrange(P))


def random_fp12(rng: random.Random = RNG) -> Fp12:
    return (
        (random_fp2(rng), random_fp2(rng), random_fp2(rng)),
        (random_fp2(rng), random_fp2(rng), random_fp2(rng)),
    )


def random_g1(rng: random.Random = RNG) -> G1Point:
    return g1_mul(G1_GENERATOR, rng.randrange(1, R))


def random_g2(rng: random.Random = RNG) -> G2Point:
    return g2_mul(G2_GENERATOR, rng.randrange(1, R))


E_GENERATORS = pairing(G1_GENERATOR, G2_GENERATOR)


def test_sparse_line_product_equals_full_product() -> None:
    """I-BNP-3: fp12_mul_by_line equals fp12_mul_by_line_reference."""
    for _ in range(20):
        f = random_fp12()
        line = (random_fp2(), random_fp2(), random_fp2())
        x, y = RNG.randrange(P), RNG.randrange(P)
        assert fp12_mul_by_line(f, line, x, y) == fp12_mul_by_line_reference(f, line, x, y)


def test_final_exponentiation_equals_reference() -> None:
    """I-BNP-3: final_exponentiation equals final_exponentiation_reference."""
    for _ in range(2):
        f = random_fp12()
        assert final_exponentiation(f) == final_exponentiation_reference(f)


def test_prepared_lines_count() -> None:
    lines = prepare_g2(G2_GENERATOR).lines
    assert len(lines) == len(ATE_LOOP_NAF) - 1 + sum(1 for d in ATE_LOOP_NAF[1:] if d) + 2
    assert prepare_g2(G2_INFINITY).lines == ()


def test_miller_loop_equals_reference_after_final_exponentiation() -> None:
    """I-BNP-3: the prepared Miller loop equals the reference pairing after the final
    exponentiation."""
    for p, q in [(G1_GENERATOR, G2_GENERATOR), (random_g1(), random_g2())]:
        fast = final_exponentiation(miller_loop([(p, prepare_g2(q))]))
        assert fast == final_exponentiation(miller_loop_reference(p, q))
        assert fast == pairing(p, q)


@pytest.mark.slow
def test_pairing_equals_fully_reference_pairing() -> None:
    """I-BNP-3: pairing equals pairing_reference."""
    for p, q in [(G1_GENERATOR, G2_GENERATOR), (random_g1(), random_g2())]:
        assert pairing(p, q) == pairing_reference(p, q)


def test_non_degenerate_and_of_order_r() -> None:
    """I-BNP-2: e(G1_GENERATOR, G2_GENERATOR) is not 1, and its r-th power is."""
    assert E_GENERATORS != FP12_ONE
    assert fp12_pow(E_GENERATORS, R) == FP12_ONE


def test_bilinearity() -> None:
    a, b = RNG.randrange(1, R), RNG.randrange(1, R)
    expected = fp12_pow(E_GENERATORS, a * b)
    assert pairing(g1_mul(G1_GENERATOR, a), g2_mul(G2_GENERATOR, b)) == expected
    assert pairing(g1_mul(G1_GENERATOR, a * b), G2_GENERATOR) == expected
    p, q, s = random_g1(), random_g2(), random_g1()
    # Linear in the first argument: e(P + S, Q) = e(P, Q) e(S, Q).
    assert pairing(g1_add(p, s), q) == fp12_mul(pairing(p, q), pairing(s, q))


def test_infinity_gives_one() -> None:
    assert pairing(G1_INFINITY, G2_GENERATOR) == FP12_ONE
    assert pairing(G1_GENERATOR, G2_INFINITY) == FP12_ONE
    assert miller_loop([]) == FP12_ONE


def test_pairing_check() -> None:
    """I-BNP-4: pairing_check is "the product of the pairings is 1", in any order of the pairs."""
    a, b = RNG.randrange(1, R), RNG.randrange(1, R)
    pa, qb = g1_mul(G1_GENERATOR, a), g2_mul(G2_GENERATOR, b)
    balanced = [(pa, qb), (g1_mul(G1_GENERATOR, -a * b % R), G2_GENERATOR)]
    assert pairing_check(balanced)
    assert pairing_check(list(reversed(balanced)))
    assert pairing_check([])
    assert pairing_check([*balanced, (G1_INFINITY, qb), (pa, G2_INFINITY)])
    assert not pairing_check([(pa, qb), (g1_mul(G1_GENERATOR, a * b % R), G2_GENERATOR)])
    assert not pairing_check([(G1_GENERATOR, G2_GENERATOR)])
    # Prepared points are interchangeable with plain ones.
    prepared: list[tuple[G1Point, G2Point | G2Prepared]] = [
        (pa, prepare_g2(qb)),
        (g1_neg(g1_mul(G1_GENERATOR, a * b % R)), G2_GENERATOR),
    ]
    assert pairing_check(prepared)


def test_shared_accumulator_equals_product_of_pairings() -> None:
    """I-BNP-4: one shared Miller loop gives the product of the pairings of its pairs."""
    pairs = [(random_g1(), random_g2()) for _ in range(3)]
    product = FP12_ONE
    for p, q in pairs:
        product = fp12_mul(product, pairing(p, q))
    assert final_exponentiation(miller_loop([(p, prepare_g2(q)) for p, q in pairs])) == product
