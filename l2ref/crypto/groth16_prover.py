"""Groth16 proving on BN254: rank-1 constraint systems, their QAP over Fr, a trusted setup from
explicit secrets, the prover, and example circuits. See specs/crypto/groth16_prover.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

from l2ref.crypto.bn254_curves import (
    G1_GENERATOR,
    G1_INFINITY,
    G2_GENERATOR,
    G2_INFINITY,
    G1FixedBaseTable,
    G1Point,
    G2Point,
    g1_add,
    g1_batch_to_affine,
    g1_fixed_base_mul,
    g1_fixed_base_table,
    g1_from_affine,
    g1_mul,
    g1_multi_mul,
    g1_to_affine,
    g2_add,
    g2_from_affine,
    g2_mul,
    g2_multi_mul,
    g2_to_affine,
)
from l2ref.crypto.bn254_fields import CURVE_ORDER, fr_inv, fr_pow
from l2ref.crypto.groth16 import Proof, VerifyingKey
from l2ref.crypto.hash import keccak256
from l2ref.errors import (
    InvalidR1CS,
    InvalidToxicWaste,
    InvalidWitness,
    ProvingKeyMismatch,
    UnsatisfiedConstraint,
)

LinearCombination: TypeAlias = tuple[tuple[int, int], ...]

Witness: TypeAlias = tuple[int, ...]

FR_TWO_ADICITY = 28

FR_MULTIPLICATIVE_GENERATOR = 5

FR_TWO_ADIC_ROOT = fr_pow(FR_MULTIPLICATIVE_GENERATOR, (CURVE_ORDER - 1) >> FR_TWO_ADICITY)

COSET_SHIFT = FR_MULTIPLICATIVE_GENERATOR

TEST_SETUP_TAG = b"l2ref/groth16/test-setup/v1"


@dataclass(frozen=True)
class Constraint:
    """One rank-1 constraint <a, w> * <b, w> = <c, w>, each side (index, coefficient) pairs."""

    a: LinearCombination
    b: LinearCombination
    c: LinearCombination


@dataclass(frozen=True)
class R1CS:
    """A rank-1 constraint system over Fr: w[0] = 1, `num_public` inputs, then private values."""

    num_variables: int
    num_public: int
    constraints: tuple[Constraint, ...]


@dataclass(frozen=True)
class ToxicWaste:
    """The trusted-setup secrets tau, alpha, beta, gamma, delta, each in [1, r - 1]."""

    tau: int
    alpha: int
    beta: int
    gamma: int
    delta: int


@dataclass(frozen=True)
class ProvingKey:
    """A Groth16 proving key: its verifying key, domain size, and the prover's query points."""

    verifying_key: VerifyingKey
    domain_size: int
    alpha_g1: G1Point
    beta_g1: G1Point
    beta_g2: G2Point
    delta_g1: G1Point
    delta_g2: G2Point
    a_query: tuple[G1Point, ...]
    b_g1_query: tuple[G1Point, ...]
    b_g2_query: tuple[G2Point, ...]
    l_query: tuple[G1Point, ...]
    h_query: tuple[G1Point, ...]


def validate_r1cs(r1cs: R1CS) -> None:
    """Raise InvalidR1CS on bad sizes, variable indices, coefficients, or a too large domain."""
    if not 0 <= r1cs.num_public < r1cs.num_variables:
        raise InvalidR1CS("need 0 <= num_public < num_variables (w[0] = 1 is not an input)")
    for row, constraint in enumerate(r1cs.constraints):
        for term in (*constraint.a, *constraint.b, *constraint.c):
            if not 0 <= term[0] < r1cs.num_variables:
                raise InvalidR1CS(f"constraint {row} names variable {term[0]}")
            if not 0 <= term[1] < CURVE_ORDER:
                raise InvalidR1CS(f"constraint {row} has a coefficient outside [0, r - 1]")
    if compute_domain_size(r1cs) > 1 << FR_TWO_ADICITY:
        raise InvalidR1CS(f"more than 2^{FR_TWO_ADICITY} rows: no such domain in Fr")


def evaluate_linear_combination(combination: LinearCombination, witness: Witness) -> int:
    """The value <combination, witness> mod r."""
    return sum(coefficient * witness[index] for index, coefficient in combination) % CURVE_ORDER


def validate_witness(r1cs: R1CS, witness: Witness) -> None:
    """Raise InvalidWitness on a malformed witness, UnsatisfiedConstraint if a row fails."""
    if len(witness) != r1cs.num_variables:
        raise InvalidWitness(f"expected {r1cs.num_variables} values, got {len(witness)}")
    if witness[0] != 1:
        raise InvalidWitness("w[0] must be 1")
    if any(not 0 <= value < CURVE_ORDER for value in witness):
        raise InvalidWitness("every witness value must be in [0, r - 1]")
    for row, constraint in enumerate(r1cs.constraints):
        a = evaluate_linear_combination(constraint.a, witness)
        b = evaluate_linear_combination(constraint.b, witness)
        if a * b % CURVE_ORDER != evaluate_linear_combination(constraint.c, witness):
            raise UnsatisfiedConstraint(f"constraint {row} does not hold")


def is_satisfied(r1cs: R1CS, witness: Witness) -> bool:
    """Whether the system is valid and the witness satisfies it."""
    try:
        validate_r1cs(r1cs)
        validate_witness(r1cs, witness)
    except (InvalidR1CS, InvalidWitness, UnsatisfiedConstraint):
        return False
    return True


def compute_qap_constraints(r1cs: R1CS) -> tuple[Constraint, ...]:
    """The constraints plus one row w_i * 0 = 0 for w[0] and each public input."""
    # One extra row w_i * 0 = 0 for w[0] and each public input: u_0, ..., u_l independent.
    inputs = tuple(Constraint(((i, 1),), (), ()) for i in range(r1cs.num_public + 1))
    return r1cs.constraints + inputs


def compute_domain_size(r1cs: R1CS) -> int:
    """The smallest power of two that holds the rows of compute_qap_constraints."""
    rows = len(r1cs.constraints) + r1cs.num_public + 1
    return 1 << (rows - 1).bit_length()


def fr_root_of_unity(size: int) -> int:
    """A primitive `size`-th root of unity in Fr; raises InvalidR1CS if there is none."""
    if size < 1 or size & (size - 1) or size > 1 << FR_TWO_ADICITY:
        raise InvalidR1CS(f"no domain of size {size}: a power of two up to 2^{FR_TWO_ADICITY}")
    return fr_pow(FR_TWO_ADIC_ROOT, (1 << FR_TWO_ADICITY) // size)


def fft(coefficients: Sequence[int], omega: int) -> list[int]:
    """The values at omega^0, omega^1, ... of the polynomial of `coefficients` (radix-2 FFT)."""
    # Cooley-Tukey: p(X) = e(X^2) + X o(X^2), and omega^(k + n/2) = -omega^k.
    n = len(coefficients)
    if n == 1:
        return [coefficients[0] % CURVE_ORDER]
    omega_squared = omega * omega % CURVE_ORDER
    even = fft(coefficients[0::2], omega_squared)
    odd = fft(coefficients[1::2], omega_squared)
    values = [0] * n
    power = 1
    for k in range(n // 2):
        twiddled = power * odd[k] % CURVE_ORDER
        values[k] = (even[k] + twiddled) % CURVE_ORDER
        values[k + n // 2] = (even[k] - twiddled) % CURVE_ORDER
        power = power * omega % CURVE_ORDER
    return values


def fft_reference(coefficients: Sequence[int], omega: int) -> list[int]:
    """The values at omega^0, omega^1, ... of the polynomial of `coefficients`, term by term."""
    n = len(coefficients)
    return [
        sum(c * fr_pow(omega, j * k) for j, c in enumerate(coefficients)) % CURVE_ORDER
        for k in range(n)
    ]


def inverse_fft(values: Sequence[int], omega: int) -> list[int]:
    """The coefficients of the polynomial taking `values` at omega^0, omega^1, ..."""
    n_inverse = fr_inv(len(values))
    return [c * n_inverse % CURVE_ORDER for c in fft(values, fr_inv(omega))]


def compute_lagrange_basis(domain_size: int, point: int) -> list[int]:
    """The Lagrange basis polynomials of the domain evaluated at `point` (outside the domain)."""
    # L_k(t) = omega^k (t^N - 1) / (N (t - omega^k)), for t outside the domain.
    omega = fr_root_of_unity(domain_size)
    vanishing = (fr_pow(point, domain_size) - 1) % CURVE_ORDER
    basis = []
    root = 1
    for _ in range(domain_size):
        basis.append(root * vanishing * fr_inv(domain_size * (point - root)) % CURVE_ORDER)
        root = root * omega % CURVE_ORDER
    return basis


def compute_lagrange_basis_reference(domain_size: int, point: int) -> list[int]:
    """The Lagrange basis of the domain at `point`, by the product definition."""
    # The definition: L_k(t) = prod_{j != k} (t - omega^j) / (omega^k - omega^j).
    omega = fr_root_of_unity(domain_size)
    roots = [fr_pow(omega, k) for k in range(domain_size)]
    basis = []
    for k, root in enumerate(roots):
        value = 1
        for j, other in enumerate(roots):
            if j != k:
                value = value * (point - other) * fr_inv(root - other) % CURVE_ORDER
        basis.append(value)
    return basis


def compute_qap_evaluations(
    r1cs: R1CS, domain_size: int, point: int
) -> tuple[list[int], list[int], list[int]]:
    """The QAP polynomials u_i, v_i, w_i of every variable evaluated at `point`."""
    # u_i(t) = sum_k A[k][i] L_k(t), and likewise v_i from B and w_i from C.
    basis = compute_lagrange_basis(domain_size, point)
    u, v, w = ([0] * r1cs.num_variables for _ in range(3))
    for row, constraint in enumerate(compute_qap_constraints(r1cs)):
        for column, combination in ((u, constraint.a), (v, constraint.b), (w, constraint.c)):
            for index, coefficient in combination:
                column[index] = (column[index] + coefficient * basis[row]) % CURVE_ORDER
    return u, v, w


def _row_values(r1cs: R1CS, witness: Witness, domain_size: int) -> list[list[int]]:
    # The values of a(X), b(X), c(X) on the domain: <A_k, w>, <B_k, w>, <C_k, w>, then zeros.
    rows = compute_qap_constraints(r1cs)
    padding = [0] * (domain_size - len(rows))
    return [
        [evaluate_linear_combination(getattr(c, side), witness) for c in rows] + padding
        for side in ("a", "b", "c")
    ]


def _powers(base: int, count: int) -> list[int]:
    powers = [1] * count
    for j in range(1, count):
        powers[j] = powers[j - 1] * base % CURVE_ORDER
    return powers


def compute_h_coefficients(r1cs: R1CS, witness: Witness, domain_size: int) -> list[int]:
    """The coefficients of h = (a b - c) / (X^N - 1), by FFTs on a coset of the domain."""
    # h = (a b - c) / (X^N - 1), computed on the coset g H where X^N - 1 is the constant g^N - 1.
    omega = fr_root_of_unity(domain_size)
    shifts = _powers(COSET_SHIFT, domain_size)
    on_coset = []
    for values in _row_values(r1cs, witness, domain_size):
        coefficients = inverse_fft(values, omega)
        shifted = [c * g % CURVE_ORDER for c, g in zip(coefficients, shifts, strict=True)]
        on_coset.append(fft(shifted, omega))
    vanishing_inverse = fr_inv(fr_pow(COSET_SHIFT, domain_size) - 1)
    h_on_coset = [
        (a * b - c) * vanishing_inverse % CURVE_ORDER for a, b, c in zip(*on_coset, strict=True)
    ]
    # h(g X) has the coefficients h_j g^j; the degree of h is at most N - 2.
    unshifts = _powers(fr_inv(COSET_SHIFT), domain_size)
    h_shifted = inverse_fft(h_on_coset, omega)
    h = [c * g % CURVE_ORDER for c, g in zip(h_shifted, unshifts, strict=True)]
    return h[: domain_size - 1]


def compute_h_coefficients_reference(r1cs: R1CS, witness: Witness, domain_size: int) -> list[int]:
    """The coefficients of h = (a b - c) / (X^N - 1), by schoolbook product."""
    # Interpolate by the definition of the inverse DFT, multiply by schoolbook, and read the
    # quotient: if P = a b - c has degree <= 2N - 2, P = h (X^N - 1) + R gives h_j = P_(j + N).
    omega_inverse = fr_inv(fr_root_of_unity(domain_size))
    n_inverse = fr_inv(domain_size)
    a, b, c = (
        [x * n_inverse % CURVE_ORDER for x in fft_reference(values, omega_inverse)]
        for values in _row_values(r1cs, witness, domain_size)
    )
    product = [0] * (2 * domain_size - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            product[i + j] = (product[i + j] + x * y) % CURVE_ORDER
    for i, z in enumerate(c):
        product[i] = (product[i] - z) % CURVE_ORDER
    return product[domain_size:]


def validate_toxic_waste(toxic_waste: ToxicWaste, domain_size: int) -> None:
    """Raise InvalidToxicWaste if a secret is 0 mod r or tau is in the domain."""
    secrets = (toxic_waste.tau, toxic_waste.alpha, toxic_waste.beta)
    if any(not 0 < x < CURVE_ORDER for x in (*secrets, toxic_waste.gamma, toxic_waste.delta)):
        raise InvalidToxicWaste("tau, alpha, beta, gamma and delta must be in [1, r - 1]")
    if fr_pow(toxic_waste.tau, domain_size) == 1:
        raise InvalidToxicWaste("tau is in the evaluation domain: Z(tau) = 0")


def _g1_multiples(table: G1FixedBaseTable, scalars: Sequence[int]) -> tuple[G1Point, ...]:
    # [k]G for each k, in affine form (z = 1) with one shared inversion.
    points = [g1_fixed_base_mul(table, k) for k in scalars]
    return tuple(
        G1_INFINITY if affine is None else g1_from_affine(*affine)
        for affine in g1_batch_to_affine(points)
    )


def _g1_affine(point: G1Point) -> G1Point:
    affine = g1_to_affine(point)
    return G1_INFINITY if affine is None else g1_from_affine(*affine)


def _g2_affine(point: G2Point) -> G2Point:
    affine = g2_to_affine(point)
    return G2_INFINITY if affine is None else g2_from_affine(*affine)


def setup_groth16(r1cs: R1CS, toxic_waste: ToxicWaste) -> tuple[ProvingKey, VerifyingKey]:
    """The proving and verifying keys of the system under the given secrets."""
    validate_r1cs(r1cs)
    n = compute_domain_size(r1cs)
    validate_toxic_waste(toxic_waste, n)
    tau, alpha, beta = toxic_waste.tau, toxic_waste.alpha, toxic_waste.beta
    gamma_inverse, delta_inverse = fr_inv(toxic_waste.gamma), fr_inv(toxic_waste.delta)
    u, v, w = compute_qap_evaluations(r1cs, n, tau)
    # K_i = beta u_i(tau) + alpha v_i(tau) + w_i(tau): over gamma for w[0] and the public inputs
    # (the verifier's IC), over delta for the private variables (the prover's L).
    k = [(beta * u[i] + alpha * v[i] + w[i]) % CURVE_ORDER for i in range(r1cs.num_variables)]
    inputs = r1cs.num_public + 1
    vanishing = (fr_pow(tau, n) - 1) % CURVE_ORDER
    table = g1_fixed_base_table(G1_GENERATOR)
    alpha_g1, beta_g1, delta_g1 = _g1_multiples(table, [alpha, beta, toxic_waste.delta])
    beta_g2 = _g2_affine(g2_mul(G2_GENERATOR, beta))
    delta_g2 = _g2_affine(g2_mul(G2_GENERATOR, toxic_waste.delta))
    key = VerifyingKey(
        alpha=alpha_g1,
        beta=beta_g2,
        gamma=_g2_affine(g2_mul(G2_GENERATOR, toxic_waste.gamma)),
        delta=delta_g2,
        ic=_g1_multiples(table, [x * gamma_inverse for x in k[:inputs]]),
    )
    proving_key = ProvingKey(
        verifying_key=key,
        domain_size=n,
        alpha_g1=alpha_g1,
        beta_g1=beta_g1,
        beta_g2=beta_g2,
        delta_g1=delta_g1,
        delta_g2=delta_g2,
        a_query=_g1_multiples(table, u),
        b_g1_query=_g1_multiples(table, v),
        b_g2_query=tuple(_g2_affine(g2_mul(G2_GENERATOR, x)) for x in v),
        l_query=_g1_multiples(table, [x * delta_inverse for x in k[inputs:]]),
        h_query=_g1_multiples(
            table, [fr_pow(tau, j) * vanishing * delta_inverse for j in range(n - 1)]
        ),
    )
    return proving_key, key


def prove_groth16(proving_key: ProvingKey, r1cs: R1CS, witness: Witness, r: int, s: int) -> Proof:
    """A Groth16 proof of `witness` with blinding `r`, `s`; raises ZkError subclasses."""
    validate_r1cs(r1cs)
    if (
        proving_key.domain_size != compute_domain_size(r1cs)
        or len(proving_key.a_query) != r1cs.num_variables
        or len(proving_key.verifying_key.ic) != r1cs.num_public + 1
    ):
        raise ProvingKeyMismatch("the proving key was made for another constraint system")
    validate_witness(r1cs, witness)
    h = compute_h_coefficients(r1cs, witness, proving_key.domain_size)
    pk = proving_key
    # A = [alpha + sum_i w_i u_i(tau) + r delta]_1
    a = g1_add(g1_add(pk.alpha_g1, g1_multi_mul(pk.a_query, witness)), g1_mul(pk.delta_g1, r))
    # B = [beta + sum_i w_i v_i(tau) + s delta]_2, and the same in G1 for C
    b = g2_add(g2_add(pk.beta_g2, g2_multi_mul(pk.b_g2_query, witness)), g2_mul(pk.delta_g2, s))
    b_g1 = g1_add(g1_add(pk.beta_g1, g1_multi_mul(pk.b_g1_query, witness)), g1_mul(pk.delta_g1, s))
    # C = [(sum_private w_i K_i + h(tau) Z(tau)) / delta]_1 + s A + r B - r s [delta]_1
    private = witness[r1cs.num_public + 1 :]
    c = g1_add(g1_multi_mul(pk.l_query, private), g1_multi_mul(pk.h_query, h))
    c = g1_add(g1_add(c, g1_mul(a, s)), g1_mul(b_g1, r))
    c = g1_add(c, g1_mul(pk.delta_g1, -r * s % CURVE_ORDER))
    return Proof(a=_g1_affine(a), b=_g2_affine(b), c=_g1_affine(c))


def _derive_secret(seed: bytes, label: bytes) -> int:
    digest = keccak256(TEST_SETUP_TAG + label + seed)
    return 1 + int.from_bytes(digest, "big") % (CURVE_ORDER - 1)


def derive_test_toxic_waste(seed: bytes) -> ToxicWaste:
    """Setup secrets hashed from `seed`: for tests only, since the seed reveals them."""
    # FOR TESTS ONLY: whoever knows the seed knows the secrets and can forge proofs.
    return ToxicWaste(
        tau=_derive_secret(seed, b"tau"),
        alpha=_derive_secret(seed, b"alpha"),
        beta=_derive_secret(seed, b"beta"),
        gamma=_derive_secret(seed, b"gamma"),
        delta=_derive_secret(seed, b"delta"),
    )


def cubic_circuit() -> R1CS:
    """The circuit x^3 + x + 5 = out, with out public and x private."""
    # x^3 + x + 5 = out, with w = (1, out, x, x^2, x^3): out is the one public input.
    one, out, x, x_squared, x_cubed = 0, 1, 2, 3, 4
    return R1CS(
        num_variables=5,
        num_public=1,
        constraints=(
            Constraint(a=((x, 1),), b=((x, 1),), c=((x_squared, 1),)),
            Constraint(a=((x_squared, 1),), b=((x, 1),), c=((x_cubed, 1),)),
            Constraint(a=((x_cubed, 1), (x, 1), (one, 5)), b=((one, 1),), c=((out, 1),)),
        ),
    )


def cubic_witness(x: int) -> Witness:
    """The witness (1, out, x, x^2, x^3) of the cubic circuit for `x`."""
    x %= CURVE_ORDER
    x_squared = x * x % CURVE_ORDER
    x_cubed = x_squared * x % CURVE_ORDER
    return (1, (x_cubed + x + 5) % CURVE_ORDER, x, x_squared, x_cubed)


def range_check_circuit(bit_count: int, value_count: int) -> R1CS:
    """A circuit proving each of `value_count` public values fits in `bit_count` bits."""
    # Public v_1 ... v_k, each the sum of bit_count private bits b_j with b_j * b_j = b_j.
    constraints: list[Constraint] = []
    for value in range(1, value_count + 1):
        first = 1 + value_count + (value - 1) * bit_count
        bits = range(first, first + bit_count)
        constraints += [Constraint(((bit, 1),), ((bit, 1),), ((bit, 1),)) for bit in bits]
        recomposed = tuple((bit, 1 << j) for j, bit in enumerate(bits))
        constraints.append(Constraint(recomposed, ((0, 1),), ((value, 1),)))
    return R1CS(1 + value_count * (1 + bit_count), value_count, tuple(constraints))


def range_check_witness(bit_count: int, values: Sequence[int]) -> Witness:
    """The witness of the range check circuit; raises InvalidWitness if a value does not fit."""
    if any(not 0 <= value < 1 << bit_count for value in values):
        raise InvalidWitness(f"a value does not fit in {bit_count} bits")
    bits = [(value >> j) & 1 for value in values for j in range(bit_count)]
    return (1, *values, *bits)


def square_root_circuit(square: int) -> R1CS:
    """A circuit with no public input proving knowledge of x with x * x = `square` mod r."""
    # Knowledge of x with x * x = square, a constant of the circuit: no public input.
    return R1CS(2, 0, (Constraint(((1, 1),), ((1, 1),), ((0, square % CURVE_ORDER),)),))


def square_root_witness(root: int) -> Witness:
    """The witness (1, root mod r) of the square root circuit."""
    return (1, root % CURVE_ORDER)
