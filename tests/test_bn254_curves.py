"""G1 and G2: Jacobian formulas against the affine definitions, subgroup checks, tables."""

from __future__ import annotations

import random

import pytest

from l2ref.crypto.bn254_curves import (
    G1_GENERATOR,
    G1_INFINITY,
    G2_COFACTOR,
    G2_GENERATOR,
    G2_INFINITY,
    TWIST_B,
    G2Point,
    g1_add,
    g1_add_affine_reference,
    g1_add_mixed,
    g1_batch_to_affine,
    g1_double,
    g1_eq,
    g1_fixed_base_mul,
    g1_fixed_base_table,
    g1_from_affine,
    g1_mul,
    g1_mul_reference,
    g1_multi_mul,
    g1_multi_mul_reference,
    g1_neg,
    g1_to_affine,
    g2_add,
    g2_add_affine_reference,
    g2_double,
    g2_eq,
    g2_from_affine,
    g2_mul,
    g2_mul_reference,
    g2_multi_mul,
    g2_multi_mul_reference,
    g2_neg,
    g2_psi,
    g2_to_affine,
    is_in_g2,
    is_in_g2_reference,
    is_on_g1,
    is_on_twist,
    wnaf,
)
from l2ref.crypto.bn254_fields import (
    BN_U,
    CURVE_ORDER,
    FIELD_MODULUS,
    FP2_ZERO,
    fp2_add,
    fp2_mul,
    fp2_sqr,
    fp2_sqrt,
)

P = FIELD_MODULUS
R = CURVE_ORDER
RNG = random.Random(2541)
SMALL_ORDER = 10069


def random_twist_point(rng: random.Random) -> G2Point:
    while True:
        x = (rng.randrange(P), rng.randrange(P))
        y = fp2_sqrt(fp2_add(fp2_mul(fp2_sqr(x), x), TWIST_B))
        if y is not None:
            return g2_from_affine(x, y)


def rescale_g1(point: tuple[int, int, int], factor: int) -> tuple[int, int, int]:
    """The same point in other Jacobian coordinates."""
    x, y, z = point
    return (x * factor**2 % P, y * factor**3 % P, z * factor % P)


def test_generators_have_order_r() -> None:
    """I-BNC-2: the G1 generator is on E and of order r."""
    assert is_on_g1(G1_GENERATOR)
    assert is_on_twist(G2_GENERATOR)
    assert g1_mul_reference(G1_GENERATOR, R) == G1_INFINITY
    assert g2_mul_reference(G2_GENERATOR, R)[2] == FP2_ZERO
    assert g1_mul(G1_GENERATOR, R)[2] == 0


def test_twist_order_and_cofactor_structure() -> None:
    assert G2_COFACTOR % SMALL_ORDER == 0
    # Every twist point is killed by r * h' (the twist has r * h' points).
    for _ in range(2):
        point = random_twist_point(RNG)
        assert g2_mul(point, R * G2_COFACTOR)[2] == FP2_ZERO
        assert is_in_g2_reference(g2_mul(point, G2_COFACTOR))


def test_g1_jacobian_formulas_match_the_affine_rule() -> None:
    """I-BNC-1: the G1 Jacobian formulas agree with the affine reference definitions."""
    for _ in range(20):
        a = g1_mul(G1_GENERATOR, RNG.randrange(1, R))
        b = g1_mul(G1_GENERATOR, RNG.randrange(1, R))
        aa, ba = g1_to_affine(a), g1_to_affine(b)
        scaled = rescale_g1(a, RNG.randrange(1, P))
        assert g1_eq(scaled, a)
        assert g1_to_affine(g1_add(scaled, b)) == g1_add_affine_reference(aa, ba)
        assert g1_to_affine(g1_double(scaled)) == g1_add_affine_reference(aa, aa)
        assert g1_to_affine(g1_add(a, a)) == g1_add_affine_reference(aa, aa)
        assert g1_to_affine(g1_add_mixed(scaled, ba)) == g1_add_affine_reference(aa, ba)
        assert g1_add(a, g1_neg(a))[2] == 0
        assert g1_add_mixed(a, g1_to_affine(g1_neg(a)))[2] == 0
        assert g1_to_affine(g1_add_mixed(a, ba)) == g1_to_affine(g1_add(a, b))
        assert g1_add(G1_INFINITY, a) == a
        assert g1_add(a, G1_INFINITY) == a
        assert ba is not None
        assert g1_add_mixed(G1_INFINITY, ba) == g1_from_affine(*ba)
        assert is_on_g1(g1_add(a, b))


def test_g2_jacobian_formulas_match_the_affine_rule() -> None:
    """I-BNC-1: the G2 Jacobian formulas agree with the affine reference definitions."""
    for _ in range(10):
        a = g2_mul(G2_GENERATOR, RNG.randrange(1, R))
        b = g2_mul(G2_GENERATOR, RNG.randrange(1, R))
        aa, ba = g2_to_affine(a), g2_to_affine(b)
        assert g2_to_affine(g2_add(a, b)) == g2_add_affine_reference(aa, ba)
        assert g2_to_affine(g2_double(a)) == g2_add_affine_reference(aa, aa)
        assert g2_to_affine(g2_add(a, a)) == g2_add_affine_reference(aa, aa)
        assert g2_add(a, g2_neg(a))[2] == FP2_ZERO
        assert g2_add(G2_INFINITY, a) == a
        assert g2_add(a, G2_INFINITY) == a
        assert is_on_twist(g2_add(a, b))


def test_scalar_multiplication_matches_reference() -> None:
    """I-BNC-1: scalar multiplication agrees with the reference double-and-add."""
    scalars = [0, 1, 2, 3, 15, 16, R - 1, R, R + 1, 2**256 - 1, -5, RNG.randrange(2**256)]
    p = g1_mul(G1_GENERATOR, RNG.randrange(1, R))
    q = g2_mul(G2_GENERATOR, RNG.randrange(1, R))
    for k in scalars:
        assert g1_eq(g1_mul(p, k), g1_mul_reference(p, k)), k
    for k in scalars[:10]:
        assert g2_eq(g2_mul(q, k), g2_mul_reference(q, k)), k
    # Not reduced mod r: correct on twist points outside G2 as well.
    outside = random_twist_point(RNG)
    k = RNG.randrange(2**256)
    assert g2_eq(g2_mul(outside, k), g2_mul_reference(outside, k))
    assert not g2_eq(g2_mul(outside, R + 1), outside)


def test_wnaf_digits() -> None:
    for k in [0, 1, 7, 8, 255, RNG.randrange(2**256)]:
        digits = wnaf(k, 4)
        assert sum(d << i for i, d in enumerate(digits)) == k
        assert all(d == 0 or (d % 2 == 1 and -8 < d < 8) for d in digits)


def test_fixed_base_table_equals_mul() -> None:
    """I-BNC-1: the fixed-base multiplication agrees with g1_mul."""
    base = g1_mul(G1_GENERATOR, RNG.randrange(1, R))
    for window in (3, 4, 5):
        table = g1_fixed_base_table(base, window)
        for k in [0, 1, R - 1, R, 2**256 - 1, RNG.randrange(R)]:
            assert g1_eq(g1_fixed_base_mul(table, k), g1_mul(base, k)), (window, k)


def test_batch_to_affine() -> None:
    points = [g1_mul(G1_GENERATOR, k) for k in (0, 1, 5, RNG.randrange(R))]
    assert g1_batch_to_affine(points) == [g1_to_affine(p) for p in points]
    assert g1_batch_to_affine([]) == []


def test_multi_mul_equals_sum_of_muls() -> None:
    """I-BNC-1: the multi-scalar multiplication agrees with the sum of single multiplications."""
    for n in (0, 1, 3, 17):
        points = [g1_mul(G1_GENERATOR, RNG.randrange(1, R)) for _ in range(n)]
        scalars = [RNG.randrange(R) for _ in range(n)]
        if n:
            scalars[0] = -scalars[0]
        assert g1_eq(g1_multi_mul(points, scalars), g1_multi_mul_reference(points, scalars))
    points2 = [g2_mul(G2_GENERATOR, RNG.randrange(1, R)) for _ in range(3)]
    scalars2 = [RNG.randrange(R), 0, -7]
    assert g2_eq(g2_multi_mul(points2, scalars2), g2_multi_mul_reference(points2, scalars2))


def test_on_curve_predicates() -> None:
    assert is_on_g1(G1_INFINITY)
    assert not is_on_g1(g1_from_affine(1, 3))
    assert not is_on_g1(g1_from_affine(0, 0))
    assert is_on_g1(rescale_g1(G1_GENERATOR, 12345))
    x, _, _ = G2_GENERATOR
    assert not is_on_twist(g2_from_affine(x, (1, 0)))
    assert not is_in_g2(g2_from_affine(x, (1, 0)))
    assert is_in_g2(G2_INFINITY)


def test_psi_is_multiplication_by_p_on_g2() -> None:
    """I-BNC-4: psi is multiplication by p mod r on G2 and maps the twist to itself."""
    q = g2_mul(G2_GENERATOR, RNG.randrange(1, R))
    assert g2_eq(g2_psi(q), g2_mul(q, P % R))
    assert is_on_twist(g2_psi(random_twist_point(RNG)))


def test_seed_satisfies_the_conditions_of_the_fast_g2_check() -> None:
    # Dai, Lin, Zhao, Zhou (ePrint 2022/348): the check is exact for BN curves with these.
    assert BN_U % 13 != 4
    assert BN_U % 97 != 92


def subgroup_test_points(rng: random.Random) -> list[tuple[str, G2Point, bool]]:
    twist = random_twist_point(rng)
    member = g2_mul(twist, G2_COFACTOR)
    small = g2_mul(random_twist_point(rng), R * (G2_COFACTOR // SMALL_ORDER))
    large = g2_mul(random_twist_point(rng), R * SMALL_ORDER)
    return [
        ("random twist point", twist, False),
        ("cleared cofactor", member, True),
        ("generator multiple", g2_mul(G2_GENERATOR, rng.randrange(R)), True),
        ("order 10069", small, False),
        ("order dividing the large cofactor part", large, False),
        ("member plus order 10069", g2_add(member, small), False),
        ("member plus large cofactor part", g2_add(member, large), False),
    ]


def test_fast_g2_check_agrees_with_order_r_check() -> None:
    """I-BNC-3: is_in_g2 equals is_in_g2_reference on members and on points of every other order."""
    for name, point, expected in subgroup_test_points(random.Random(7)):
        assert is_in_g2_reference(point) == expected, name
        assert is_in_g2(point) == expected, name


@pytest.mark.slow
def test_fast_g2_check_agrees_with_order_r_check_many() -> None:
    """I-BNC-3: is_in_g2 equals is_in_g2_reference, on many random points."""
    rng = random.Random(8)
    for _ in range(10):
        for name, point, expected in subgroup_test_points(rng):
            assert is_in_g2(point) == is_in_g2_reference(point) == expected, name
