"""Groth16 verification: the reference, the prepared key, batches, validation and calldata
(specs/crypto/groth16.md, invariants I-G16-1 to I-G16-3)."""

from __future__ import annotations

import functools
import random
from collections.abc import Callable

import pytest

from l2ref.crypto.bn254_curves import (
    G1_GENERATOR,
    G1_INFINITY,
    G2_COFACTOR,
    G2_GENERATOR,
    G2_INFINITY,
    TWIST_B,
    G1Point,
    G2Point,
    g1_add,
    g1_eq,
    g1_from_affine,
    g1_mul,
    g1_multi_mul,
    g1_neg,
    g1_to_affine,
    g2_add,
    g2_from_affine,
    g2_mul,
    g2_neg,
    is_on_twist,
)
from l2ref.crypto.bn254_fields import (
    CURVE_ORDER,
    FIELD_MODULUS,
    FP2_ONE,
    fp2_add,
    fp2_inv,
    fp2_mul,
    fp2_sqr,
    fp2_sqrt,
    fp12_cyclotomic_pow,
    fp12_mul,
)
from l2ref.crypto.bn254_pairing import (
    final_exponentiation,
    miller_loop,
    pairing,
    pairing_check,
    prepare_g2,
)
from l2ref.crypto.bn254_precompiles import decode_g2_point
from l2ref.crypto.groth16 import (
    G1_ENDOMORPHISM_BETA,
    G1_ENDOMORPHISM_LAMBDA,
    PreparedVerifyingKey,
    Proof,
    PublicInputs,
    VerifyingKey,
    _fp2_batch_inverse,
    compute_batch_coefficients,
    compute_input_commitment,
    compute_input_commitment_prepared,
    compute_key_digest,
    encode_solidity_calldata,
    g1_endomorphism,
    g1_multi_mul_glv,
    gt_fixed_base_pow,
    gt_fixed_base_table,
    miller_loop_batch,
    prepare_verifying_key,
    validate_proof,
    validate_public_inputs,
    validate_verifying_key,
    verify_groth16,
    verify_groth16_batch,
    verify_groth16_prepared,
)
from l2ref.crypto.groth16_prover import (
    R1CS,
    ProvingKey,
    Witness,
    cubic_circuit,
    cubic_witness,
    derive_test_toxic_waste,
    prove_groth16,
    range_check_circuit,
    range_check_witness,
    setup_groth16,
    square_root_circuit,
    square_root_witness,
)
from l2ref.crypto.hash import keccak256
from l2ref.errors import (
    DegenerateVerifyingKey,
    InvalidType,
    ProofPointNotInSubgroup,
    ProofPointNotOnCurve,
    PublicInputCountMismatch,
    PublicInputOutOfRange,
    ValueOutOfRange,
    VerifyingKeyPointNotInSubgroup,
    VerifyingKeyPointNotOnCurve,
    ZkError,
)

R = CURVE_ORDER
P = FIELD_MODULUS
RNG = random.Random(16)

SMALL_ORDER = 10069


@functools.cache
def setup(name: str) -> tuple[R1CS, ProvingKey, VerifyingKey]:
    circuits: dict[str, Callable[[], R1CS]] = {
        "cubic": cubic_circuit,
        "range": lambda: range_check_circuit(8, 3),
        "square": lambda: square_root_circuit(9),
    }
    r1cs = circuits[name]()
    proving_key, key = setup_groth16(r1cs, derive_test_toxic_waste(name.encode()))
    return r1cs, proving_key, key


def witness(name: str, index: int) -> Witness:
    if name == "cubic":
        return cubic_witness(index + 2)
    if name == "range":
        return range_check_witness(8, [(index * 29 + j * 7) % 256 for j in range(3)])
    return square_root_witness(3)


@functools.cache
def proof(name: str, index: int) -> tuple[Proof, PublicInputs]:
    r1cs, proving_key, _ = setup(name)
    w = witness(name, index)
    made = prove_groth16(proving_key, r1cs, w, 1000 + index, 2000 + index)
    return made, PublicInputs(w[1 : r1cs.num_public + 1])


@functools.cache
def pvk(name: str) -> PreparedVerifyingKey:
    return prepare_verifying_key(setup(name)[2])


@functools.cache
def small_order_point() -> G2Point:
    # A twist point of order 10069: lift x = x0 + i for the first x0 that works, then multiply
    # by r and by the part of the cofactor that is coprime to 10069.
    x0 = 1
    while True:
        x = (x0, 1)
        y = fp2_sqrt(fp2_add(fp2_mul(fp2_sqr(x), x), TWIST_B))
        if y is not None:
            point = g2_mul(g2_from_affine(x, y), R * (G2_COFACTOR // SMALL_ORDER))
            if point[2] != (0, 0):
                assert is_on_twist(point)
                assert g2_mul(point, SMALL_ORDER)[2] == (0, 0)
                return point
        x0 += 1


def off_curve(point: G1Point) -> G1Point:
    affine = g1_to_affine(point)
    assert affine is not None
    return g1_from_affine(affine[0], affine[1] + 1)


@pytest.mark.parametrize("name", ["square", "cubic", "range"])
def test_proofs_from_the_prover_verify_every_way(name: str) -> None:
    """I-G16-2: a valid proof verifies with the prepared key as with the plain one."""
    key = setup(name)[2]
    made, inputs = proof(name, 0)
    assert verify_groth16(key, made, inputs)
    assert verify_groth16_prepared(pvk(name), made, inputs)
    assert verify_groth16_batch(pvk(name), [(made, inputs)])


def test_the_verification_equation_holds_and_tampering_breaks_it() -> None:
    """I-G16-2: verify_groth16_prepared rejects every tampered proof that verify_groth16 rejects."""
    key = setup("cubic")[2]
    made, inputs = proof("cubic", 0)
    commitment = compute_input_commitment(key, inputs)
    # e(A, B) = e(alpha, beta) e(L, gamma) e(C, delta), pairing by pairing.
    rhs = fp12_mul(pairing(key.alpha, key.beta), pairing(commitment, key.gamma))
    assert pairing(made.a, made.b) == fp12_mul(rhs, pairing(made.c, key.delta))
    other = proof("cubic", 1)[0]
    for bad in (
        Proof(g1_neg(made.a), made.b, made.c),
        Proof(made.a, g2_neg(made.b), made.c),
        Proof(made.a, made.b, g1_neg(made.c)),
        Proof(made.c, made.b, made.a),
        Proof(other.a, made.b, made.c),
        Proof(made.a, other.b, made.c),
        Proof(made.a, made.b, other.c),
        Proof(G1_INFINITY, made.b, made.c),
        Proof(made.a, G2_INFINITY, made.c),
    ):
        assert not verify_groth16(key, bad, inputs)
        assert not verify_groth16_prepared(pvk("cubic"), bad, inputs)


def test_proofs_are_malleable_but_bound_to_their_statement() -> None:
    key = setup("cubic")[2]
    made, inputs = proof("cubic", 0)
    t = RNG.randrange(2, R)
    rerandomized = Proof(g1_mul(made.a, t), g2_mul(made.b, pow(t, -1, R)), made.c)
    assert verify_groth16(key, rerandomized, inputs)
    assert not verify_groth16(key, made, PublicInputs(((inputs.values[0] + 1) % R,)))


def test_an_input_plus_r_gives_the_same_commitment_and_is_rejected() -> None:
    key = setup("cubic")[2]
    made, inputs = proof("cubic", 0)
    shifted = PublicInputs((inputs.values[0] + R,))
    # The unreduced input gives the same L, so the pairing equation alone would accept it.
    assert g1_eq(
        g1_add(key.ic[0], g1_mul(key.ic[1], shifted.values[0])),
        compute_input_commitment(key, inputs),
    )
    with pytest.raises(PublicInputOutOfRange):
        validate_public_inputs(key, shifted)
    assert not verify_groth16(key, made, shifted)
    assert not verify_groth16_prepared(pvk("cubic"), made, shifted)
    assert not verify_groth16_batch(pvk("cubic"), [(made, shifted)])


def test_input_commitment_from_tables_equals_the_definition() -> None:
    """I-G16-2: compute_input_commitment_prepared equals compute_input_commitment."""
    key = setup("range")[2]
    for values in (
        (0, 0, 0),
        (1, 2, 3),
        (R - 1, R - 2, 5),
        tuple(RNG.randrange(R) for _ in range(3)),
    ):
        inputs = PublicInputs(values)
        assert g1_eq(
            compute_input_commitment_prepared(pvk("range"), inputs),
            compute_input_commitment(key, inputs),
        )


def test_validation_names_the_violated_condition() -> None:
    key = setup("cubic")[2]
    made, inputs = proof("cubic", 0)
    small = small_order_point()
    with pytest.raises(ProofPointNotOnCurve):
        validate_proof(Proof(off_curve(made.a), made.b, made.c))
    with pytest.raises(ProofPointNotOnCurve):
        validate_proof(Proof(made.a, made.b, off_curve(made.c)))
    with pytest.raises(ProofPointNotOnCurve):
        validate_proof(Proof(made.a, (made.b[0], made.b[0], FP2_ONE), made.c))
    with pytest.raises(ProofPointNotInSubgroup):
        validate_proof(Proof(made.a, g2_add(made.b, small), made.c))
    validate_proof(Proof(G1_INFINITY, G2_INFINITY, G1_INFINITY))
    with pytest.raises(PublicInputCountMismatch):
        validate_public_inputs(key, PublicInputs(()))
    with pytest.raises(PublicInputCountMismatch):
        validate_public_inputs(key, PublicInputs((1, 2)))
    with pytest.raises(PublicInputOutOfRange):
        validate_public_inputs(key, PublicInputs((-1,)))
    validate_public_inputs(key, PublicInputs((R - 1,)))
    a, b, g, d, ic = key.alpha, key.beta, key.gamma, key.delta, key.ic
    bad_keys = [
        (VerifyingKey(a, b, g, d, ()), DegenerateVerifyingKey),
        (VerifyingKey(off_curve(a), b, g, d, ic), VerifyingKeyPointNotOnCurve),
        (VerifyingKey(a, b, g, d, (ic[0], off_curve(ic[1]))), VerifyingKeyPointNotOnCurve),
        (VerifyingKey(a, (b[0], b[0], FP2_ONE), g, d, ic), VerifyingKeyPointNotOnCurve),
        (VerifyingKey(a, b, g2_add(g, small), d, ic), VerifyingKeyPointNotInSubgroup),
        (VerifyingKey(G1_INFINITY, b, g, d, ic), DegenerateVerifyingKey),
        (VerifyingKey(a, G2_INFINITY, g, d, ic), DegenerateVerifyingKey),
        (VerifyingKey(a, b, d, d, ic), DegenerateVerifyingKey),
    ]
    for bad_key, error in bad_keys:
        with pytest.raises(error):
            validate_verifying_key(bad_key)
        with pytest.raises(error):
            prepare_verifying_key(bad_key)
        assert not verify_groth16(bad_key, made, inputs)
    validate_verifying_key(VerifyingKey(a, b, g, d, (ic[0], G1_INFINITY)))


def test_a_key_with_gamma_equal_to_delta_admits_forgeries_and_is_refused() -> None:
    key = setup("cubic")[2]
    degenerate = VerifyingKey(key.alpha, key.beta, key.gamma, key.gamma, key.ic)
    statement = PublicInputs((RNG.randrange(R),))
    commitment = compute_input_commitment(degenerate, statement)
    forged = Proof(key.alpha, key.beta, g1_neg(commitment))
    assert pairing_check(
        [
            (g1_neg(forged.a), forged.b),
            (key.alpha, key.beta),
            (commitment, key.gamma),
            (forged.c, key.gamma),
        ]
    )
    assert not verify_groth16(degenerate, forged, statement)


def test_gt_table_powers_equal_cyclotomic_powers() -> None:
    """I-G16-2: gt_fixed_base_pow equals fp12_cyclotomic_pow on GT."""
    g = pairing(G1_GENERATOR, g2_mul(G2_GENERATOR, 7))
    table = gt_fixed_base_table(g)
    for exponent in (0, 1, 2, 15, 16, 2**128 + 3, R - 1, R, R + 5, RNG.randrange(2**140)):
        assert gt_fixed_base_pow(table, exponent) == fp12_cyclotomic_pow(g, exponent % R)


def test_the_endomorphism_is_multiplication_by_lambda() -> None:
    """I-G16-2: g1_endomorphism(P) = [lambda]P."""
    beta, lam = G1_ENDOMORPHISM_BETA, G1_ENDOMORPHISM_LAMBDA
    assert pow(beta, 3, P) == 1
    assert beta != 1
    assert (lam * lam + lam + 1) % R == 0
    for point in (G1_GENERATOR, g1_mul(G1_GENERATOR, RNG.randrange(1, R)), G1_INFINITY):
        assert g1_eq(g1_endomorphism(point), g1_mul(point, lam))
    # Jacobian input with Z != 1.
    jacobian = g1_add(G1_GENERATOR, g1_mul(G1_GENERATOR, 5))
    assert jacobian[2] != 1
    assert g1_eq(g1_endomorphism(jacobian), g1_mul(jacobian, lam))


def test_coefficients_a_plus_lambda_b_are_distinct_for_distinct_halves() -> None:
    """(a, b) -> a + lambda b mod r is injective on [0, 2^64)^2: a collision would be a non-zero
    vector of the lattice {(x, y) : x + lambda y = 0 mod r} of length below 2^64.5, and
    Lagrange-Gauss reduction shows the shortest non-zero vector is far longer."""

    def norm(v: tuple[int, int]) -> int:
        return v[0] * v[0] + v[1] * v[1]

    u, v = (R, 0), (-G1_ENDOMORPHISM_LAMBDA % R, 1)
    while True:
        if norm(u) > norm(v):
            u, v = v, u
        m = (2 * (u[0] * v[0] + u[1] * v[1]) + norm(u)) // (2 * norm(u))
        if m == 0:
            break
        v = (v[0] - m * u[0], v[1] - m * u[1])
    assert (u[0] + G1_ENDOMORPHISM_LAMBDA * u[1]) % R == 0
    assert norm(u) > 2**250  # the shortest vector has length above 2^125
    assert norm(u) > 2 * (2**64) ** 2


def test_glv_multi_multiplication_equals_pippenger() -> None:
    """I-G16-2: g1_multi_mul_glv equals g1_multi_mul on a + lambda·b."""
    for count in (0, 1, 2, 5, 16):
        points = [g1_mul(G1_GENERATOR, RNG.randrange(1, R)) for _ in range(count)]
        pairs = [(RNG.getrandbits(64), RNG.getrandbits(RNG.choice((1, 64)))) for _ in range(count)]
        if count > 2:
            points[1] = G1_INFINITY
            pairs[2] = (0, 0)
        scalars = [(a + G1_ENDOMORPHISM_LAMBDA * b) % R for a, b in pairs]
        assert g1_eq(g1_multi_mul_glv(points, pairs), g1_multi_mul(points, scalars))


def test_fp2_batch_inverse() -> None:
    values = [(RNG.randrange(P), RNG.randrange(P)) for _ in range(7)] + [(0, 1), (5, 0)]
    assert _fp2_batch_inverse(values) == [fp2_inv(v) for v in values]
    assert _fp2_batch_inverse([]) == []
    for value, inverse in zip(values, _fp2_batch_inverse(values), strict=True):
        assert fp2_mul(value, inverse) == FP2_ONE


def test_batch_miller_loop_equals_the_prepared_one() -> None:
    """I-G16-2: miller_loop_batch equals miller_loop after the final exponentiation."""
    pairs = [
        (g1_mul(G1_GENERATOR, RNG.randrange(1, R)), g2_mul(G2_GENERATOR, RNG.randrange(1, R)))
        for _ in range(3)
    ]
    pairs.append((G1_INFINITY, G2_GENERATOR))
    pairs.append((G1_GENERATOR, G2_INFINITY))
    fixed = [(g1_mul(G1_GENERATOR, 5), prepare_g2(g2_mul(G2_GENERATOR, 11)))]
    fixed.append((G1_GENERATOR, prepare_g2(G2_INFINITY)))
    expected = miller_loop([(p, prepare_g2(q)) for p, q in pairs] + fixed)
    assert final_exponentiation(miller_loop_batch(pairs, fixed)) == final_exponentiation(expected)
    assert final_exponentiation(miller_loop_batch([], [])) == final_exponentiation(miller_loop([]))
    # A product that is 1: e(aP, bQ) e(-abP, Q).
    a, b = RNG.randrange(1, R), RNG.randrange(1, R)
    balanced = [(g1_mul(G1_GENERATOR, a), g2_mul(G2_GENERATOR, b))]
    prepared_pair = [(g1_mul(G1_GENERATOR, -a * b % R), prepare_g2(G2_GENERATOR))]
    assert final_exponentiation(miller_loop_batch(balanced, prepared_pair)) == pairing(
        G1_INFINITY, G2_GENERATOR
    )


def sixteen() -> list[tuple[Proof, PublicInputs]]:
    return [proof("cubic", index) for index in range(16)]


def test_batch_accepts_valid_proofs_and_rejects_one_bad_one() -> None:
    batch = sixteen()
    assert verify_groth16_batch(pvk("cubic"), batch)
    assert verify_groth16_batch(pvk("cubic"), [])
    assert verify_groth16_batch(pvk("cubic"), batch, seed=b"\x01" * 32)
    for position in (0, 8, 15):
        bad = list(batch)
        made, inputs = bad[position]
        bad[position] = (made, PublicInputs(((inputs.values[0] + 1) % R,)))
        assert not verify_groth16_batch(pvk("cubic"), bad)
        # A failing batch does not say which proof is bad: single verifications do.
        culprits = [
            i for i, (p, x) in enumerate(bad) if not verify_groth16_prepared(pvk("cubic"), p, x)
        ]
        assert culprits == [position]


def test_batch_rejects_invalid_points_and_inputs_without_raising() -> None:
    batch = sixteen()[:3]
    made, inputs = batch[1]
    for bad_item in (
        (Proof(made.a, g2_add(made.b, small_order_point()), made.c), inputs),
        (Proof(off_curve(made.a), made.b, made.c), inputs),
        (made, PublicInputs(())),
        (made, PublicInputs((inputs.values[0] + R,))),
    ):
        assert not verify_groth16_batch(pvk("cubic"), [batch[0], bad_item, batch[2]])


def test_batch_catches_errors_that_cancel_in_a_plain_sum() -> None:
    batch = sixteen()[:4]
    shift = g1_mul(G1_GENERATOR, RNG.randrange(1, R))
    (p1, x1), (p2, x2) = batch[1], batch[2]
    bad = [
        batch[0],
        (Proof(p1.a, p1.b, g1_add(p1.c, shift)), x1),
        (Proof(p2.a, p2.b, g1_add(p2.c, g1_neg(shift))), x2),
        batch[3],
    ]
    key = setup("cubic")[2]
    # With every coefficient 1, the shifts cancel and the summed equation holds.
    c_sum = G1_INFINITY
    l_sum = G1_INFINITY
    for made, inputs in bad:
        c_sum = g1_add(c_sum, made.c)
        l_sum = g1_add(l_sum, compute_input_commitment(key, inputs))
    plain = [(made.a, made.b) for made, _ in bad]
    plain += [(g1_neg(l_sum), key.gamma), (g1_neg(c_sum), key.delta)]
    plain.append((g1_mul(key.alpha, -len(bad) % R), key.beta))
    assert pairing_check(plain)
    assert not verify_groth16_batch(pvk("cubic"), bad)


def test_batch_coefficients_are_deterministic_and_bound_to_everything() -> None:
    batch = sixteen()
    coefficients = compute_batch_coefficients(pvk("cubic"), batch)
    assert coefficients[0] == (1, 0)
    assert len(coefficients) == 16
    assert all(0 <= a < 2**64 and 0 <= b < 2**64 for a, b in coefficients)
    assert len(set(coefficients)) == 16
    assert coefficients == compute_batch_coefficients(pvk("cubic"), batch)
    assert compute_batch_coefficients(pvk("cubic"), []) == ()
    seeded = compute_batch_coefficients(pvk("cubic"), batch, b"seed")
    assert seeded[0] == (1, 0)
    assert seeded[1:] != coefficients[1:]
    changed = list(batch)
    changed[15] = (changed[15][0], PublicInputs(((changed[15][1].values[0] + 1) % R,)))
    assert compute_batch_coefficients(pvk("cubic"), changed)[1:] != coefficients[1:]
    assert compute_batch_coefficients(pvk("cubic"), batch[::-1]) != coefficients
    other = prepare_verifying_key(setup_groth16(cubic_circuit(), derive_test_toxic_waste(b"x"))[1])
    assert compute_batch_coefficients(other, batch) != coefficients


def test_key_digest_binds_every_point() -> None:
    key = setup("range")[2]
    digest = compute_key_digest(key)
    assert len(digest) == 32
    moved = VerifyingKey(key.alpha, key.beta, key.gamma, key.delta, (*key.ic[:3], key.ic[0]))
    assert compute_key_digest(moved) != digest
    swapped = VerifyingKey(key.alpha, key.beta, key.delta, key.gamma, key.ic)
    assert compute_key_digest(swapped) != digest


def test_solidity_calldata_layout() -> None:
    made, inputs = proof("range", 0)
    data = encode_solidity_calldata(made, inputs)
    assert data[:4] == keccak256(b"verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[3])")[:4]
    words = [int.from_bytes(data[4 + 32 * i : 36 + 32 * i], "big") for i in range(11)]
    assert len(data) == 4 + 32 * 11
    a, c = g1_to_affine(made.a), g1_to_affine(made.c)
    assert a is not None
    assert c is not None
    assert words[0:2] == list(a)
    assert words[6:8] == list(c)
    # B's words are imaginary part first: they decode as an EIP-197 G2 point.
    assert decode_g2_point(data[4 + 64 : 4 + 192]) == made.b
    assert words[8:] == list(inputs.values)
    infinity = encode_solidity_calldata(Proof(G1_INFINITY, made.b, made.c), inputs)
    assert infinity[4:68] == bytes(64)
    with pytest.raises(InvalidType):
        encode_solidity_calldata(proof("square", 0)[0], PublicInputs(()))
    with pytest.raises(ValueOutOfRange):
        encode_solidity_calldata(made, PublicInputs((2**256, 0, 0)))


def test_verify_functions_never_raise_on_wrong_shapes_of_inputs() -> None:
    key = setup("cubic")[2]
    made, _ = proof("cubic", 0)
    for inputs in (
        PublicInputs(()),
        PublicInputs((1, 2, 3)),
        PublicInputs((-5,)),
        PublicInputs((2**300,)),
    ):
        assert not verify_groth16(key, made, inputs)
        assert not verify_groth16_prepared(pvk("cubic"), made, inputs)
        assert not verify_groth16_batch(pvk("cubic"), [(made, inputs)])


def test_zk_error_is_the_root_of_verification_errors() -> None:
    for error in (
        DegenerateVerifyingKey,
        VerifyingKeyPointNotOnCurve,
        VerifyingKeyPointNotInSubgroup,
        ProofPointNotOnCurve,
        ProofPointNotInSubgroup,
        PublicInputCountMismatch,
        PublicInputOutOfRange,
    ):
        assert issubclass(error, ZkError)
