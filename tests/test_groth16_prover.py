"""Groth16 proving: the QAP, the FFT and Lagrange speed-ups against their definitions, setup and
proof shapes, completeness, and a differential check of the proof equation with py_ecc
(specs/crypto/groth16_prover.md, invariants I-G16P-1 to I-G16P-4)."""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from typing import Any

import pytest
from py_ecc import optimized_bn128

from l2ref.crypto.bn254_curves import G1Point, G2Point, g1_to_affine, g2_to_affine
from l2ref.crypto.bn254_fields import CURVE_ORDER, fr_pow
from l2ref.crypto.groth16 import (
    PublicInputs,
    VerifyingKey,
    compute_input_commitment,
    verify_groth16,
)
from l2ref.crypto.groth16_prover import (
    FR_TWO_ADIC_ROOT,
    FR_TWO_ADICITY,
    R1CS,
    Constraint,
    ProvingKey,
    ToxicWaste,
    Witness,
    compute_domain_size,
    compute_h_coefficients,
    compute_h_coefficients_reference,
    compute_lagrange_basis,
    compute_lagrange_basis_reference,
    compute_qap_constraints,
    compute_qap_evaluations,
    cubic_circuit,
    cubic_witness,
    derive_test_toxic_waste,
    evaluate_linear_combination,
    fft,
    fft_reference,
    fr_root_of_unity,
    inverse_fft,
    is_satisfied,
    prove_groth16,
    range_check_circuit,
    range_check_witness,
    setup_groth16,
    square_root_circuit,
    square_root_witness,
    validate_r1cs,
    validate_toxic_waste,
    validate_witness,
)
from l2ref.errors import (
    InvalidR1CS,
    InvalidToxicWaste,
    InvalidWitness,
    ProvingKeyMismatch,
    UnsatisfiedConstraint,
)

R = CURVE_ORDER
RNG = random.Random(28)
# py_ecc re-exports its names implicitly, which strict mypy does not follow.
ob: Any = optimized_bn128

EXAMPLES: dict[str, tuple[Callable[[], R1CS], Callable[[int], Witness]]] = {
    "square_root": (
        lambda: square_root_circuit(9),
        lambda i: square_root_witness(3 + (R - 6) * (i % 2)),
    ),
    "cubic": (cubic_circuit, lambda i: cubic_witness(i + 3)),
    "range_check": (
        lambda: range_check_circuit(8, 3),
        lambda i: range_check_witness(8, [(i * 31 + 7 * j) % 256 for j in range(3)]),
    ),
}


@functools.cache
def setup(name: str) -> tuple[R1CS, ProvingKey, VerifyingKey]:
    r1cs = EXAMPLES[name][0]()
    proving_key, key = setup_groth16(r1cs, derive_test_toxic_waste(name.encode()))
    return r1cs, proving_key, key


def test_fr_has_the_two_adic_roots_of_unity() -> None:
    assert (R - 1) % (1 << FR_TWO_ADICITY) == 0
    assert ((R - 1) >> FR_TWO_ADICITY) % 2 == 1
    assert fr_pow(FR_TWO_ADIC_ROOT, 1 << FR_TWO_ADICITY) == 1
    assert fr_pow(FR_TWO_ADIC_ROOT, 1 << (FR_TWO_ADICITY - 1)) == R - 1
    for size in (1, 2, 8, 1024):
        omega = fr_root_of_unity(size)
        assert fr_pow(omega, size) == 1
        assert size == 1 or fr_pow(omega, size // 2) == R - 1
    for size in (0, 3, 12, 1 << 29):
        with pytest.raises(InvalidR1CS):
            fr_root_of_unity(size)


@pytest.mark.parametrize("size", [1, 2, 4, 8, 16, 32])
def test_fft_equals_the_discrete_fourier_transform(size: int) -> None:
    """I-G16P-2: fft equals fft_reference, and inverse_fft inverts it."""
    coefficients = [RNG.randrange(R) for _ in range(size)]
    omega = fr_root_of_unity(size)
    values = fft(coefficients, omega)
    assert values == fft_reference(coefficients, omega)
    assert inverse_fft(values, omega) == coefficients


@pytest.mark.parametrize("size", [1, 2, 8, 16])
def test_lagrange_closed_form_equals_the_product_formula(size: int) -> None:
    """I-G16P-2: compute_lagrange_basis equals compute_lagrange_basis_reference."""
    point = RNG.randrange(R)
    basis = compute_lagrange_basis(size, point)
    assert basis == compute_lagrange_basis_reference(size, point)
    assert sum(basis) % R == 1  # the basis is a partition of unity
    # Interpolation: sum_k f(omega^k) L_k(t) = f(t) for a polynomial f of degree < N.
    coefficients = [RNG.randrange(R) for _ in range(size)]
    values = fft(coefficients, fr_root_of_unity(size))
    at_point = sum(c * fr_pow(point, j) for j, c in enumerate(coefficients)) % R
    assert sum(v * b for v, b in zip(values, basis, strict=True)) % R == at_point


def test_example_circuits_have_the_documented_shapes() -> None:
    assert compute_domain_size(square_root_circuit(9)) == 2
    assert compute_domain_size(cubic_circuit()) == 8
    assert compute_domain_size(range_check_circuit(8, 3)) == 32
    range_r1cs = range_check_circuit(8, 3)
    assert (range_r1cs.num_variables, range_r1cs.num_public) == (28, 3)
    assert len(range_r1cs.constraints) == 27
    qap = compute_qap_constraints(cubic_circuit())
    assert len(qap) == 3 + 2
    assert qap[-2:] == (Constraint(((0, 1),), (), ()), Constraint(((1, 1),), (), ()))


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_h_by_coset_fft_equals_schoolbook_division(name: str) -> None:
    """I-G16P-2: compute_h_coefficients equals compute_h_coefficients_reference."""
    build, make_witness = EXAMPLES[name]
    r1cs = build()
    size = compute_domain_size(r1cs)
    for index in range(2):
        witness = make_witness(index)
        h = compute_h_coefficients(r1cs, witness, size)
        assert len(h) == size - 1
        assert h == compute_h_coefficients_reference(r1cs, witness, size)


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_the_qap_identity_holds_exactly_for_satisfying_witnesses(name: str) -> None:
    build, make_witness = EXAMPLES[name]
    r1cs = build()
    size = compute_domain_size(r1cs)
    t = RNG.randrange(R)
    u, v, w = compute_qap_evaluations(r1cs, size, t)

    def residue(witness: Witness) -> int:
        a = sum(x * y for x, y in zip(witness, u, strict=True))
        b = sum(x * y for x, y in zip(witness, v, strict=True))
        c = sum(x * y for x, y in zip(witness, w, strict=True))
        h = compute_h_coefficients(r1cs, witness, size)
        h_at_t = sum(coefficient * fr_pow(t, j) for j, coefficient in enumerate(h))
        return (a * b - c - h_at_t * (fr_pow(t, size) - 1)) % R

    good = make_witness(0)
    assert residue(good) == 0
    bad = (*good[:-1], (good[-1] + 1) % R)
    assert not is_satisfied(r1cs, bad)
    assert residue(bad) != 0


def test_witness_and_constraint_system_checks() -> None:
    r1cs = cubic_circuit()
    good = cubic_witness(3)
    assert good == (1, 35, 3, 9, 27)
    assert is_satisfied(r1cs, good)
    validate_witness(r1cs, good)
    assert evaluate_linear_combination(r1cs.constraints[2].a, good) == 35
    for bad, error in (
        (good[:-1], InvalidWitness),
        ((2, *good[1:]), InvalidWitness),
        ((*good[:-1], good[-1] + R), InvalidWitness),
        ((1, 36, 3, 9, 27), UnsatisfiedConstraint),
    ):
        with pytest.raises(error):
            validate_witness(r1cs, bad)
        assert not is_satisfied(r1cs, bad)
    for bad_r1cs in (
        R1CS(1, 1, ()),
        R1CS(2, -1, ()),
        R1CS(2, 0, (Constraint(((2, 1),), (), ()),)),
        R1CS(2, 0, (Constraint(((1, R),), (), ()),)),
    ):
        with pytest.raises(InvalidR1CS):
            validate_r1cs(bad_r1cs)
        assert not is_satisfied(bad_r1cs, (1, 0))
    with pytest.raises(InvalidWitness):
        range_check_witness(8, [256])
    assert is_satisfied(range_check_circuit(8, 3), range_check_witness(8, [0, 255, 128]))


def test_toxic_waste_checks_and_the_test_derivation() -> None:
    waste = derive_test_toxic_waste(b"seed")
    assert waste == derive_test_toxic_waste(b"seed")
    assert waste != derive_test_toxic_waste(b"other")
    assert all(0 < x < R for x in (waste.tau, waste.alpha, waste.beta, waste.gamma, waste.delta))
    validate_toxic_waste(waste, 8)
    for bad in (
        ToxicWaste(waste.tau, 0, waste.beta, waste.gamma, waste.delta),
        ToxicWaste(waste.tau, waste.alpha, waste.beta, R, waste.delta),
        ToxicWaste(fr_root_of_unity(8), waste.alpha, waste.beta, waste.gamma, waste.delta),
    ):
        with pytest.raises(InvalidToxicWaste):
            validate_toxic_waste(bad, 8)
        with pytest.raises(InvalidToxicWaste):
            setup_groth16(cubic_circuit(), bad)


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_setup_shapes_and_completeness(name: str) -> None:
    """I-G16P-3: proofs of every example circuit verify."""
    r1cs, proving_key, key = setup(name)
    n, m, ell = proving_key.domain_size, r1cs.num_variables, r1cs.num_public
    assert len(key.ic) == ell + 1
    assert (len(proving_key.a_query), len(proving_key.b_g1_query)) == (m, m)
    assert len(proving_key.b_g2_query) == m
    assert len(proving_key.l_query) == m - ell - 1
    assert len(proving_key.h_query) == n - 1
    assert proving_key.verifying_key == key
    for index in range(2):
        witness = EXAMPLES[name][1](index)
        inputs = PublicInputs(witness[1 : ell + 1])
        for r, s in ((RNG.randrange(R), RNG.randrange(R)), (0, 0)):
            proof = prove_groth16(proving_key, r1cs, witness, r, s)
            assert proof.a[2] == 1 or proof.a == (1, 1, 0)
            assert verify_groth16(key, proof, inputs)


def test_the_blinding_changes_the_proof_not_its_validity() -> None:
    """I-G16P-3: every r, s gives a proof that verifies."""
    r1cs, proving_key, key = setup("cubic")
    witness = cubic_witness(5)
    first = prove_groth16(proving_key, r1cs, witness, 1, 2)
    second = prove_groth16(proving_key, r1cs, witness, 3, 4)
    assert first != second
    assert first == prove_groth16(proving_key, r1cs, witness, 1, 2)
    for proof in (first, second):
        assert verify_groth16(key, proof, PublicInputs(witness[1:2]))


def test_the_prover_refuses_bad_witnesses_and_other_keys() -> None:
    r1cs, proving_key, _ = setup("cubic")
    with pytest.raises(UnsatisfiedConstraint):
        prove_groth16(proving_key, r1cs, (1, 36, 3, 9, 27), 1, 2)
    with pytest.raises(InvalidWitness):
        prove_groth16(proving_key, r1cs, (1, 35, 3, 9), 1, 2)
    other_r1cs, other_key, _ = setup("range_check")
    with pytest.raises(ProvingKeyMismatch):
        prove_groth16(other_key, r1cs, cubic_witness(3), 1, 2)
    with pytest.raises(ProvingKeyMismatch):
        prove_groth16(proving_key, other_r1cs, EXAMPLES["range_check"][1](0), 1, 2)


def test_a_public_input_that_no_constraint_uses_is_still_bound() -> None:
    # w[1] is public but appears in no constraint; the extra QAP row keeps IC[1] independent.
    r1cs = R1CS(3, 1, (Constraint(((2, 1),), ((2, 1),), ((2, 1),)),))
    proving_key, key = setup_groth16(r1cs, derive_test_toxic_waste(b"unused"))
    assert key.ic[1] != (1, 1, 0)
    proof = prove_groth16(proving_key, r1cs, (1, 7, 1), 5, 6)
    assert verify_groth16(key, proof, PublicInputs((7,)))
    assert not verify_groth16(key, proof, PublicInputs((8,)))


def _py_ecc_g1(point: G1Point) -> Any:
    affine = g1_to_affine(point)
    assert affine is not None
    return (ob.FQ(affine[0]), ob.FQ(affine[1]), ob.FQ.one())


def _py_ecc_g2(point: G2Point) -> Any:
    affine = g2_to_affine(point)
    assert affine is not None
    return (ob.FQ2(list(affine[0])), ob.FQ2(list(affine[1])), ob.FQ2.one())


def test_a_proof_satisfies_the_equation_in_py_ecc() -> None:
    """I-G16P-3: py_ecc's pairing agrees that a proof satisfies the equation.

    Differential check with an independent pairing: e(A, B) = e(alpha, beta) e(L, gamma)
    e(C, delta), each side computed by py_ecc's optimized_bn128 from our points."""
    r1cs, proving_key, key = setup("range_check")
    witness = EXAMPLES["range_check"][1](1)
    inputs = PublicInputs(witness[1:4])
    proof = prove_groth16(proving_key, r1cs, witness, RNG.randrange(R), RNG.randrange(R))
    commitment = compute_input_commitment(key, inputs)
    # One final exponentiation of e(-A, B) e(alpha, beta) e(L, gamma) e(C, delta).
    product = ob.FQ12.one()
    for p, q in (
        (ob.neg(_py_ecc_g1(proof.a)), _py_ecc_g2(proof.b)),
        (_py_ecc_g1(key.alpha), _py_ecc_g2(key.beta)),
        (_py_ecc_g1(commitment), _py_ecc_g2(key.gamma)),
        (_py_ecc_g1(proof.c), _py_ecc_g2(key.delta)),
    ):
        product *= ob.pairing(q, p, final_exponentiate=False)
    assert ob.final_exponentiate(product) == ob.FQ12.one()
    # And a wrong input fails in py_ecc too.
    wrong = compute_input_commitment(key, PublicInputs((inputs.values[0] + 1, *inputs.values[1:])))
    moved = product * ob.pairing(
        _py_ecc_g2(key.gamma), ob.add(_py_ecc_g1(wrong), ob.neg(_py_ecc_g1(commitment))), False
    )
    assert ob.final_exponentiate(moved) != ob.FQ12.one()
