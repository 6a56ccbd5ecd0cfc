"""BN254: scalar multiplications and pairing checks per second, for l2ref and for py_ecc's
optimized_bn128 (the pure-Python baseline), measured in the same run.

Run: .venv/bin/python -m bench.bench_bn254
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from py_ecc import optimized_bn128

from bench.common import Measurement, machine, ops_per_second, table
from l2ref.crypto.bn254_curves import (
    G1_GENERATOR,
    G2_GENERATOR,
    G1Point,
    G2Point,
    g1_mul,
    g1_to_affine,
    g2_mul,
    g2_to_affine,
)
from l2ref.crypto.bn254_fields import CURVE_ORDER
from l2ref.crypto.bn254_pairing import G2Prepared, pairing_check, prepare_g2
from l2ref.crypto.bn254_precompiles import ec_pairing, encode_g1_point, encode_g2_point

# py_ecc re-exports its names implicitly, which strict mypy does not follow.
ob: Any = optimized_bn128
BASELINE = "py_ecc optimized_bn128"
SCALARS = 8


def balanced_pairs(rng: random.Random, count: int) -> list[tuple[G1Point, G2Point]]:
    """`count` pairs whose pairing product is 1: e(a_j P, b_j Q) for j < count - 1, and a last
    pair e(-(sum a_j b_j) P, Q)."""
    pairs: list[tuple[G1Point, G2Point]] = []
    total = 0
    for _ in range(count - 1):
        a, b = rng.randrange(1, CURVE_ORDER), rng.randrange(1, CURVE_ORDER)
        pairs.append((g1_mul(G1_GENERATOR, a), g2_mul(G2_GENERATOR, b)))
        total += a * b
    pairs.append((g1_mul(G1_GENERATOR, -total % CURVE_ORDER), G2_GENERATOR))
    return pairs


def to_py_ecc(pairs: list[tuple[G1Point, G2Point]]) -> list[tuple[Any, Any]]:
    converted = []
    for p, q in pairs:
        pa, qa = g1_to_affine(p), g2_to_affine(q)
        if pa is None or qa is None:
            raise SystemExit("benchmark pairs must not contain the point at infinity")
        converted.append(
            (
                (ob.FQ(pa[0]), ob.FQ(pa[1]), ob.FQ.one()),
                (ob.FQ2(list(qa[0])), ob.FQ2(list(qa[1])), ob.FQ2.one()),
            )
        )
    return converted


def py_ecc_pairing_check(pairs: list[tuple[Any, Any]]) -> bool:
    """py_ecc used the efficient way: Miller loops multiplied, one final exponentiation."""
    product = ob.FQ12.one()
    for p, q in pairs:
        product *= ob.pairing(q, p, final_exponentiate=False)
    return bool(ob.final_exponentiate(product) == ob.FQ12.one())


def main() -> None:
    rng = random.Random(254)
    scalars = [rng.randrange(CURVE_ORDER) for _ in range(SCALARS)]
    checks = {count: balanced_pairs(rng, count) for count in (2, 4)}
    one_pair = [(g1_mul(G1_GENERATOR, scalars[0]), g2_mul(G2_GENERATOR, scalars[1]))]
    theirs = {count: to_py_ecc(pairs) for count, pairs in checks.items()}
    theirs_one = to_py_ecc(one_pair)

    # Both implementations agree on what is measured.
    assert g1_to_affine(g1_mul(G1_GENERATOR, scalars[0])) == tuple(
        c.n for c in ob.normalize(ob.multiply(ob.G1, scalars[0]))
    )
    for count, pairs in checks.items():
        assert pairing_check(pairs)
        assert py_ecc_pairing_check(theirs[count])
    assert not pairing_check(one_pair)
    assert not py_ecc_pairing_check(theirs_one)
    calldata = {
        count: b"".join(encode_g1_point(p) + encode_g2_point(q) for p, q in pairs)
        for count, pairs in checks.items()
    }
    assert ec_pairing(calldata[2]) == (1).to_bytes(32, "big")

    def prepared(count: int) -> list[tuple[G1Point, G2Point | G2Prepared]]:
        return [(p, prepare_g2(q)) for p, q in checks[count]]

    prepared_pairs = {count: prepared(count) for count in checks}

    def ours_check(pairs: list[tuple[G1Point, G2Point]]) -> Callable[[int], object]:
        return lambda _: pairing_check(pairs)

    def theirs_check(pairs: list[tuple[Any, Any]]) -> Callable[[int], object]:
        return lambda _: py_ecc_pairing_check(pairs)

    print(f"BN254, {machine()}, best of 3 rounds")
    print()
    operations: dict[str, list[tuple[str, Callable[[int], object], int]]] = {
        "G1 mul (254-bit scalar)": [
            ("l2ref", lambda i: g1_mul(G1_GENERATOR, scalars[i % SCALARS]), 200),
            (BASELINE, lambda i: ob.multiply(ob.G1, scalars[i % SCALARS]), 40),
        ],
        "G2 mul (254-bit scalar)": [
            ("l2ref", lambda i: g2_mul(G2_GENERATOR, scalars[i % SCALARS]), 60),
            (BASELINE, lambda i: ob.multiply(ob.G2, scalars[i % SCALARS]), 10),
        ],
        "pairing check, 1 pair": [
            ("l2ref", ours_check(one_pair), 30),
            (BASELINE, theirs_check(theirs_one), 2),
        ],
        "pairing check, 2 pairs": [
            ("l2ref", ours_check(checks[2]), 20),
            ("l2ref, G2 prepared", lambda _: pairing_check(prepared_pairs[2]), 20),
            (
                "l2ref ec_pairing (bytes, with subgroup checks)",
                lambda _: ec_pairing(calldata[2]),
                20,
            ),
            (BASELINE, theirs_check(theirs[2]), 2),
        ],
        "pairing check, 4 pairs": [
            ("l2ref", ours_check(checks[4]), 10),
            ("l2ref, G2 prepared", lambda _: pairing_check(prepared_pairs[4]), 10),
            (BASELINE, theirs_check(theirs[4]), 1),
        ],
    }
    for title, rows in operations.items():
        measured = [Measurement(label, ops_per_second(op, count)) for label, op, count in rows]
        print(table(title, measured, BASELINE))
        print()


if __name__ == "__main__":
    main()
