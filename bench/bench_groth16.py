"""Groth16: pairings, a 3-pair pairing check, single and batch verification per second, for l2ref
and for py_ecc's optimized_bn128 doing the same checks, measured in the same run.

Run: .venv/bin/python -m bench.bench_groth16
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from py_ecc import optimized_bn128

from bench.common import Measurement, machine, ops_per_second, table
from l2ref.crypto.bn254_curves import (
    G1_GENERATOR,
    G2_GENERATOR,
    G1Point,
    G2Point,
    g1_mul,
    g1_neg,
    g1_to_affine,
    g2_mul,
    g2_to_affine,
)
from l2ref.crypto.bn254_fields import CURVE_ORDER
from l2ref.crypto.bn254_pairing import pairing, pairing_check, prepare_g2
from l2ref.crypto.groth16 import (
    Proof,
    PublicInputs,
    VerifyingKey,
    compute_batch_coefficients,
    prepare_verifying_key,
    verify_groth16,
    verify_groth16_batch,
    verify_groth16_prepared,
)
from l2ref.crypto.groth16_prover import (
    derive_test_toxic_waste,
    prove_groth16,
    range_check_circuit,
    range_check_witness,
    setup_groth16,
)

# py_ecc re-exports its names implicitly, which strict mypy does not follow.
ob: Any = optimized_bn128
BASELINE = "py_ecc optimized_bn128"
BATCH = 16


def g1_py(point: G1Point) -> Any:
    affine = g1_to_affine(point)
    if affine is None:
        raise SystemExit("benchmark points must not be at infinity")
    return (ob.FQ(affine[0]), ob.FQ(affine[1]), ob.FQ.one())


def g2_py(point: G2Point) -> Any:
    affine = g2_to_affine(point)
    if affine is None:
        raise SystemExit("benchmark points must not be at infinity")
    return (ob.FQ2(list(affine[0])), ob.FQ2(list(affine[1])), ob.FQ2.one())


def py_ecc_product_is_one(pairs: Sequence[tuple[Any, Any]]) -> bool:
    """Miller loops multiplied, one final exponentiation (py_ecc used the efficient way)."""
    product = ob.FQ12.one()
    for p, q in pairs:
        product *= ob.pairing(q, p, final_exponentiate=False)
    return bool(ob.final_exponentiate(product) == ob.FQ12.one())


def py_ecc_in_g2(q: Any) -> bool:
    return bool(ob.is_on_curve(q, ob.b2) and ob.is_inf(ob.multiply(q, ob.curve_order)))


def py_ecc_commitment(key: Any, inputs: Sequence[int]) -> Any:
    commitment = key["ic"][0]
    for point, value in zip(key["ic"][1:], inputs, strict=True):
        commitment = ob.add(commitment, ob.multiply(point, value))
    return commitment


def py_ecc_verify(key: Any, proof: Any, inputs: Sequence[int]) -> bool:
    """The same check as verify_groth16_prepared: points on their curves, B in G2, inputs below
    r, then e(-A, B) e(alpha, beta) e(L, gamma) e(C, delta) = 1."""
    a, b, c = proof
    if not (ob.is_on_curve(a, ob.b) and ob.is_on_curve(c, ob.b) and py_ecc_in_g2(b)):
        return False
    if len(inputs) != len(key["ic"]) - 1 or any(not 0 <= x < CURVE_ORDER for x in inputs):
        return False
    return py_ecc_product_is_one(
        [
            (ob.neg(a), b),
            (key["alpha"], key["beta"]),
            (py_ecc_commitment(key, inputs), key["gamma"]),
            (c, key["delta"]),
        ]
    )


def py_ecc_verify_batch(
    key: Any, batch: Sequence[tuple[Any, Sequence[int]]], coefficients: Sequence[int]
) -> bool:
    """The same batch check as verify_groth16_batch: one Miller loop per proof and three more,
    one final exponentiation, and the input commitments combined into one multiplication per IC
    point. py_ecc has no endomorphism, so its 128-bit coefficients are a + 2^64 b rather than
    a + lambda b: as sound, and the cheapest for it."""
    pairs = []
    scalars = [0] * len(key["ic"])
    c_sum = None
    for rho, ((a, b, c), inputs) in zip(coefficients, batch, strict=True):
        if not (ob.is_on_curve(a, ob.b) and ob.is_on_curve(c, ob.b) and py_ecc_in_g2(b)):
            return False
        if len(inputs) != len(key["ic"]) - 1 or any(not 0 <= x < CURVE_ORDER for x in inputs):
            return False
        pairs.append((ob.multiply(a, rho), b))
        for index, value in enumerate((1, *inputs)):
            scalars[index] = (scalars[index] + rho * value) % CURVE_ORDER
        scaled = ob.multiply(c, rho)
        c_sum = scaled if c_sum is None else ob.add(c_sum, scaled)
    commitment = ob.multiply(key["ic"][0], scalars[0])
    for point, scalar in zip(key["ic"][1:], scalars[1:], strict=True):
        commitment = ob.add(commitment, ob.multiply(point, scalar))
    pairs.append((ob.neg(commitment), key["gamma"]))
    pairs.append((ob.neg(c_sum), key["delta"]))
    pairs.append((ob.neg(ob.multiply(key["alpha"], sum(coefficients))), key["beta"]))
    return py_ecc_product_is_one(pairs)


def to_py_ecc_key(key: VerifyingKey) -> dict[str, Any]:
    return {
        "alpha": g1_py(key.alpha),
        "beta": g2_py(key.beta),
        "gamma": g2_py(key.gamma),
        "delta": g2_py(key.delta),
        "ic": [g1_py(point) for point in key.ic],
    }


def main() -> None:
    r1cs = range_check_circuit(8, 3)
    proving_key, key = setup_groth16(r1cs, derive_test_toxic_waste(b"bench"))
    batch: list[tuple[Proof, PublicInputs]] = []
    for index in range(BATCH):
        values = [(37 * index + 11 * j + 5) % 256 for j in range(3)]
        witness = range_check_witness(8, values)
        proof = prove_groth16(proving_key, r1cs, witness, 1000 + index, 2000 + index)
        batch.append((proof, PublicInputs(tuple(values))))
    prepared = prepare_verifying_key(key)
    coefficients = [a + (b << 64) for a, b in compute_batch_coefficients(prepared, batch)]
    py_key = to_py_ecc_key(key)
    py_batch = [((g1_py(p.a), g2_py(p.b), g1_py(p.c)), x.values) for p, x in batch]

    p1, q1 = g1_mul(G1_GENERATOR, 12345), g2_mul(G2_GENERATOR, 67890)
    three = [
        (g1_mul(G1_GENERATOR, 3), g2_mul(G2_GENERATOR, 5)),
        (g1_mul(G1_GENERATOR, 7), G2_GENERATOR),
        (g1_neg(g1_mul(G1_GENERATOR, 22)), G2_GENERATOR),
    ]
    three_prepared = [(p, prepare_g2(q)) for p, q in three]
    three_py = [(g1_py(p), g2_py(q)) for p, q in three]

    # Both implementations agree on what is measured.
    assert pairing_check(three)
    assert py_ecc_product_is_one(three_py)
    proof, inputs = batch[0]
    assert verify_groth16(key, proof, inputs)
    assert verify_groth16_prepared(prepared, proof, inputs)
    assert py_ecc_verify(py_key, py_batch[0][0], py_batch[0][1])
    assert verify_groth16_batch(prepared, batch)
    assert py_ecc_verify_batch(py_key, py_batch, coefficients)
    wrong = PublicInputs((inputs.values[0] ^ 1, *inputs.values[1:]))
    assert not verify_groth16_prepared(prepared, proof, wrong)
    assert not py_ecc_verify(py_key, py_batch[0][0], wrong.values)

    def per_proof(operation: Callable[[], object]) -> Callable[[int], object]:
        return lambda _: operation()

    print(f"Groth16, {machine()}, best of 3 rounds; a statement with 3 public inputs")
    print()
    operations: dict[str, list[tuple[str, Callable[[int], object], int, float]]] = {
        "pairing e(P, Q)": [
            ("l2ref pairing", lambda _: pairing(p1, q1), 20, 1),
            (BASELINE, lambda _: ob.pairing(g2_py(q1), g1_py(p1)), 2, 1),
        ],
        "pairing check, 3 pairs": [
            ("l2ref pairing_check", lambda _: pairing_check(three), 20, 1),
            ("l2ref, G2 prepared", lambda _: pairing_check(three_prepared), 20, 1),
            (BASELINE, lambda _: py_ecc_product_is_one(three_py), 2, 1),
        ],
        "Groth16 verification": [
            (
                "l2ref verify_groth16 (reference)",
                lambda _: verify_groth16(key, proof, inputs),
                10,
                1,
            ),
            (
                "l2ref verify_groth16_prepared",
                lambda _: verify_groth16_prepared(prepared, proof, inputs),
                20,
                1,
            ),
            (BASELINE, lambda _: py_ecc_verify(py_key, py_batch[0][0], py_batch[0][1]), 1, 1),
        ],
        f"Groth16, {BATCH} proofs (per proof)": [
            (
                f"l2ref verify_groth16_batch of {BATCH}",
                per_proof(lambda: verify_groth16_batch(prepared, batch)),
                3,
                BATCH,
            ),
            (
                f"l2ref {BATCH} x verify_groth16_prepared",
                per_proof(lambda: [verify_groth16_prepared(prepared, p, x) for p, x in batch]),
                2,
                BATCH,
            ),
            (
                f"{BASELINE}, batch of {BATCH}",
                per_proof(lambda: py_ecc_verify_batch(py_key, py_batch, coefficients)),
                1,
                BATCH,
            ),
        ],
    }
    figures: dict[tuple[str, str], float] = {}
    for title, rows in operations.items():
        measured = []
        for label, operation, count, proofs in rows:
            rate = ops_per_second(operation, count) * proofs
            measured.append(Measurement(label, rate))
            figures[title, label] = rate
        print(table(title, measured, rows[-1][0]))
        print()
    verification = "Groth16 verification"
    batched = f"Groth16, {BATCH} proofs (per proof)"
    single = (
        figures[verification, "l2ref verify_groth16_prepared"] / figures[verification, BASELINE]
    )
    gain = (
        figures[batched, f"l2ref verify_groth16_batch of {BATCH}"]
        / figures[batched, f"l2ref {BATCH} x verify_groth16_prepared"]
    )
    print(f"single verification (prepared key) vs py_ecc: {single:.1f}x (goal: at least 20x)")
    print(
        f"batch of {BATCH} vs {BATCH} single verifications, per proof: {gain:.2f}x "
        "(goal: at least 2.5x)"
    )


if __name__ == "__main__":
    main()
