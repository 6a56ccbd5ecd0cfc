"""Vector suites for specs/crypto/groth16.md and specs/crypto/groth16_prover.md.

Every proof comes from the reference prover (`prove_groth16`) under keys made by `setup_groth16`
from test secrets (`derive_test_toxic_waste`); tampered cases are derived from them here. Values:
an Fp or Fr element is a decimal string; an Fp2 element is `[c0, c1]`, real part first; an affine
G1 point is `{"x", "y"}`, a G2 point `{"x": Fp2, "y": Fp2}`, and the point at infinity is `null`
(as in the bn254 suites). A verifying key is `{"alpha", "beta", "gamma", "delta", "ic"}`, a proof
`{"a", "b", "c"}`, public inputs a list of decimal strings.
"""

from __future__ import annotations

import functools
import json
import random
from collections.abc import Callable, Sequence

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
    g1_from_affine,
    g1_mul,
    g1_neg,
    g1_to_affine,
    g2_add,
    g2_from_affine,
    g2_mul,
    g2_neg,
    g2_to_affine,
    is_in_g2,
)
from l2ref.crypto.bn254_fields import (
    CURVE_ORDER,
    FIELD_MODULUS,
    FP2_ZERO,
    Fp2,
    fp2_add,
    fp2_mul,
    fp2_sqr,
    fp2_sqrt,
)
from l2ref.crypto.groth16 import (
    G1_ENDOMORPHISM_LAMBDA,
    PreparedVerifyingKey,
    Proof,
    PublicInputs,
    VerifyingKey,
    compute_batch_coefficients,
    decode_snarkjs_proof,
    decode_snarkjs_public,
    decode_snarkjs_verification_key,
    encode_snarkjs_proof,
    encode_snarkjs_public,
    encode_snarkjs_verification_key,
    encode_solidity_calldata,
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
    Constraint,
    LinearCombination,
    ProvingKey,
    ToxicWaste,
    Witness,
    cubic_circuit,
    cubic_witness,
    derive_test_toxic_waste,
    is_satisfied,
    prove_groth16,
    range_check_circuit,
    range_check_witness,
    setup_groth16,
    square_root_circuit,
    square_root_witness,
)
from l2ref.errors import MalformedVector
from l2ref.vectorgen.core import (
    Case,
    JsonObject,
    JsonValue,
    Note,
    Suite,
    case_rng,
    dec,
    field_of,
    hex_bytes,
    parse_bytes,
    parse_int,
)

P = FIELD_MODULUS
R = CURVE_ORDER
SMALL_TWIST_ORDER = 10069

VALUES = (
    "Fp and Fr elements are decimal strings; an Fp2 element is [c0, c1], real part first. An "
    "affine G1 point is {x, y}, a G2 point {x: Fp2, y: Fp2}; the point at infinity is null. A "
    "verifying key is {alpha, beta, gamma, delta, ic}, a proof {a, b, c}, public inputs a list of "
    "decimal strings.",
)
CIRCUITS_TEXT = (
    "An R1CS is {num_variables, num_public, constraints}, each constraint {a, b, c} a list of "
    "[variable index, coefficient] pairs of decimal strings; a witness is a list of decimal "
    "strings; toxic waste is {tau, alpha, beta, gamma, delta}.",
)

PARAMETERS = {
    "FIELD_MODULUS": dec(P),
    "CURVE_ORDER": dec(R),
    "G1_ENDOMORPHISM_LAMBDA": dec(G1_ENDOMORPHISM_LAMBDA),
}

NOTES = {
    "ValidProof": Note("FUNCTIONALITY", "A proof made by the reference prover for its statement."),
    "NoPublicInputs": Note("EDGE_CASE", "A circuit without public inputs: IC holds IC[0] only."),
    "SeveralPublicInputs": Note("FUNCTIONALITY", "A circuit with three public inputs."),
    "Tampered": Note(
        "SECURITY",
        "A valid proof with one point negated, swapped or replaced by another group element: "
        "well-formed, and it MUST fail the pairing equation.",
    ),
    "Infinity": Note(
        "EDGE_CASE",
        "A proof point at infinity: a valid group element, so the proof is well-formed, and it "
        "fails the equation.",
    ),
    "OffCurve": Note("SECURITY", "A point whose coordinates do not satisfy its curve equation."),
    "OutsideSubgroup": Note(
        "SECURITY",
        "A G2 point on the twist whose order is not r (a G2 point plus a point of order 10069, "
        "or a random twist point). It MUST be rejected, in proofs and in keys.",
    ),
    "InputRange": Note(
        "SECURITY",
        "A public input >= r, such as x + r, which gives the same commitment L as x. It MUST be "
        "rejected, not reduced, or one proof would verify for two different inputs.",
    ),
    "InputCount": Note("SECURITY", "A number of public inputs other than len(IC) - 1."),
    "WrongStatement": Note(
        "SECURITY",
        "A valid proof checked against another statement: a changed or permuted input, or "
        "another circuit's key.",
    ),
    "Malleability": Note(
        "SECURITY",
        "(t A, B / t, C) is a second valid proof of the same statement: Groth16 proofs are "
        "malleable, so a proof MUST NOT be used as a unique identifier (a nullifier).",
    ),
    "DegenerateKey": Note(
        "SECURITY",
        "A key with gamma = delta (a setup without a second phase) or a point at infinity: "
        "proofs of false statements can be forged under it.",
    ),
    "BatchOneBad": Note(
        "SECURITY",
        "A batch in which exactly one proof is invalid: the batch check MUST fail.",
    ),
    "CancellingErrors": Note(
        "SECURITY",
        "Two invalid proofs whose C points are C_i + D and C_j - D: a batch that added the "
        "equations without random coefficients would accept them.",
    ),
    "EmptyBatch": Note("EDGE_CASE", "The empty batch is valid (the empty product is 1)."),
    "Seed": Note(
        "FUNCTIONALITY",
        "A verifier-chosen seed enters the batch coefficients; the outcome of a batch does not "
        "depend on it (with overwhelming probability).",
    ),
    "SnarkjsFormat": Note(
        "COMPATIBILITY",
        "Text exactly as snarkjs writes it: JSON.stringify(value, null, 1), decimal strings, "
        "[x, y, 1] and [[x.c0, x.c1], [y.c0, y.c1], [1, 0]].",
    ),
    "CurveAlias": Note(
        "COMPATIBILITY", "Curve names that snarkjs reads as BN254: bn254, alt_bn128, BN128."
    ),
    "MalformedJson": Note("SECURITY", "Text that is not one JSON document, or repeats a key."),
    "MalformedField": Note(
        "SECURITY",
        "A missing, unknown or mistyped field, a non-canonical number, a point not of the form "
        "[x, y, 1] or infinity [0, 1, 0], or IC of the wrong length.",
    ),
    "CoordinateRange": Note("SECURITY", "A coordinate >= p: rejected, not reduced."),
    "OtherProtocol": Note(
        "COMPATIBILITY", "A PLONK file or another curve: named as such (UnsupportedProtocol)."
    ),
    "WordOrder": Note(
        "COMPATIBILITY",
        "EIP-197 and the calldata write each Fp2 coordinate of B imaginary part first, as "
        "snarkjs's exportSolidityCallData does; in memory and in snarkjs's JSON the real part "
        "comes first. B with its halves swapped is off the twist.",
    ),
    "NoSolidityVerifier": Note(
        "EDGE_CASE",
        "No public inputs: snarkjs's template would declare uint[0], which is not a Solidity "
        "type, so there is no verifier to call.",
    ),
    "Blinding": Note(
        "EDGE_CASE",
        "Blinding r = s = 0: the proof is valid but not zero-knowledge; real provers draw r, s "
        "at random.",
    ),
    "BadWitness": Note("SECURITY", "A witness that does not satisfy the constraints."),
    "BadSecrets": Note(
        "SECURITY", "Toxic waste with a zero secret, or tau in the evaluation domain."
    ),
}


# ----------------------------------------------------------------------------- JSON values


def _fp2_json(value: Fp2) -> JsonValue:
    return [dec(value[0]), dec(value[1])]


def _g1_json(point: G1Point) -> JsonValue:
    affine = g1_to_affine(point)
    return None if affine is None else {"x": dec(affine[0]), "y": dec(affine[1])}


def _g2_json(point: G2Point) -> JsonValue:
    affine = g2_to_affine(point)
    return None if affine is None else {"x": _fp2_json(affine[0]), "y": _fp2_json(affine[1])}


def _list(value: JsonValue, what: str) -> list[JsonValue]:
    if not isinstance(value, list):
        raise MalformedVector(f"{what}: expected a list")
    return value


def _object(value: JsonValue, keys: Sequence[str], what: str) -> dict[str, JsonValue]:
    if not isinstance(value, dict) or set(value) != set(keys):
        raise MalformedVector(f"{what}: expected an object with {', '.join(keys)}")
    return value


def _parse_fp(value: JsonValue, what: str) -> int:
    number = parse_int(value, what)
    if not 0 <= number < P:
        raise MalformedVector(f"{what}: {number} is not in [0, p)")
    return number


def _parse_fp2(value: JsonValue, what: str) -> Fp2:
    items = _list(value, what)
    if len(items) != 2:
        raise MalformedVector(f"{what}: expected [c0, c1]")
    return (_parse_fp(items[0], what), _parse_fp(items[1], what))


def _parse_g1(value: JsonValue, what: str) -> G1Point:
    if value is None:
        return G1_INFINITY
    fields = _object(value, ("x", "y"), what)
    return g1_from_affine(_parse_fp(fields["x"], what), _parse_fp(fields["y"], what))


def _parse_g2(value: JsonValue, what: str) -> G2Point:
    if value is None:
        return G2_INFINITY
    fields = _object(value, ("x", "y"), what)
    return g2_from_affine(_parse_fp2(fields["x"], what), _parse_fp2(fields["y"], what))


def _key_json(key: VerifyingKey) -> JsonValue:
    return {
        "alpha": _g1_json(key.alpha),
        "beta": _g2_json(key.beta),
        "gamma": _g2_json(key.gamma),
        "delta": _g2_json(key.delta),
        "ic": [_g1_json(point) for point in key.ic],
    }


def _parse_key(value: JsonValue) -> VerifyingKey:
    fields = _object(value, ("alpha", "beta", "gamma", "delta", "ic"), "vk")
    return VerifyingKey(
        alpha=_parse_g1(fields["alpha"], "vk.alpha"),
        beta=_parse_g2(fields["beta"], "vk.beta"),
        gamma=_parse_g2(fields["gamma"], "vk.gamma"),
        delta=_parse_g2(fields["delta"], "vk.delta"),
        ic=tuple(_parse_g1(point, "vk.ic") for point in _list(fields["ic"], "vk.ic")),
    )


def _proof_json(proof: Proof) -> JsonValue:
    return {"a": _g1_json(proof.a), "b": _g2_json(proof.b), "c": _g1_json(proof.c)}


def _parse_proof(value: JsonValue) -> Proof:
    fields = _object(value, ("a", "b", "c"), "proof")
    return Proof(
        a=_parse_g1(fields["a"], "proof.a"),
        b=_parse_g2(fields["b"], "proof.b"),
        c=_parse_g1(fields["c"], "proof.c"),
    )


def _inputs_json(values: Sequence[int]) -> JsonValue:
    return [dec(value) for value in values]


def _parse_inputs(value: JsonValue) -> PublicInputs:
    items = _list(value, "public_inputs")
    return PublicInputs(tuple(parse_int(item, "public_inputs") for item in items))


def _combination_json(combination: LinearCombination) -> JsonValue:
    return [[dec(index), dec(coefficient)] for index, coefficient in combination]


def _r1cs_json(r1cs: R1CS) -> JsonValue:
    return {
        "num_variables": dec(r1cs.num_variables),
        "num_public": dec(r1cs.num_public),
        "constraints": [
            {
                "a": _combination_json(constraint.a),
                "b": _combination_json(constraint.b),
                "c": _combination_json(constraint.c),
            }
            for constraint in r1cs.constraints
        ],
    }


def _parse_combination(value: JsonValue) -> LinearCombination:
    terms = []
    for term in _list(value, "linear combination"):
        pair = _list(term, "term")
        if len(pair) != 2:
            raise MalformedVector("a term is [index, coefficient]")
        terms.append((parse_int(pair[0], "index"), parse_int(pair[1], "coefficient")))
    return tuple(terms)


def _parse_r1cs(value: JsonValue) -> R1CS:
    fields = _object(value, ("num_variables", "num_public", "constraints"), "r1cs")
    constraints = []
    for item in _list(fields["constraints"], "constraints"):
        row = _object(item, ("a", "b", "c"), "constraint")
        constraints.append(
            Constraint(
                _parse_combination(row["a"]),
                _parse_combination(row["b"]),
                _parse_combination(row["c"]),
            )
        )
    return R1CS(
        parse_int(fields["num_variables"], "num_variables"),
        parse_int(fields["num_public"], "num_public"),
        tuple(constraints),
    )


SECRETS = ("tau", "alpha", "beta", "gamma", "delta")


def _toxic_json(toxic_waste: ToxicWaste) -> JsonValue:
    return {name: dec(getattr(toxic_waste, name)) for name in SECRETS}


def _parse_toxic(value: JsonValue) -> ToxicWaste:
    fields = _object(value, SECRETS, "toxic_waste")
    return ToxicWaste(*(parse_int(fields[name], name) for name in SECRETS))


def _parse_witness(value: JsonValue) -> Witness:
    return tuple(parse_int(item, "witness") for item in _list(value, "witness"))


def _proving_key_json(proving_key: ProvingKey) -> JsonValue:
    return {
        "domain_size": dec(proving_key.domain_size),
        "alpha_g1": _g1_json(proving_key.alpha_g1),
        "beta_g1": _g1_json(proving_key.beta_g1),
        "beta_g2": _g2_json(proving_key.beta_g2),
        "delta_g1": _g1_json(proving_key.delta_g1),
        "delta_g2": _g2_json(proving_key.delta_g2),
        "a_query": [_g1_json(p) for p in proving_key.a_query],
        "b_g1_query": [_g1_json(p) for p in proving_key.b_g1_query],
        "b_g2_query": [_g2_json(p) for p in proving_key.b_g2_query],
        "l_query": [_g1_json(p) for p in proving_key.l_query],
        "h_query": [_g1_json(p) for p in proving_key.h_query],
    }


# ----------------------------------------------------------------------------- proofs


CIRCUITS: dict[str, Callable[[], R1CS]] = {
    "square_root": lambda: square_root_circuit(9),
    "cubic": cubic_circuit,
    "range_check": lambda: range_check_circuit(8, 3),
}


def _witness(circuit: str, index: int) -> Witness:
    if circuit == "square_root":
        return square_root_witness(3 if index % 2 == 0 else R - 3)
    if circuit == "cubic":
        return cubic_witness(3 + index)
    return range_check_witness(8, [(37 * index + 11 * j + 5) % 256 for j in range(3)])


@functools.cache
def _setup(circuit: str, seed: str = "") -> tuple[R1CS, ProvingKey, VerifyingKey]:
    r1cs = CIRCUITS[circuit]()
    proving_key, key = setup_groth16(r1cs, derive_test_toxic_waste((seed or circuit).encode()))
    return r1cs, proving_key, key


@functools.cache
def _proof(circuit: str, index: int) -> tuple[Proof, PublicInputs]:
    r1cs, proving_key, _ = _setup(circuit)
    witness = _witness(circuit, index)
    rng = case_rng("groth16/proofs", f"{circuit}/{index}")
    proof = prove_groth16(proving_key, r1cs, witness, rng.randrange(R), rng.randrange(R))
    return proof, PublicInputs(witness[1 : r1cs.num_public + 1])


def _key(circuit: str) -> VerifyingKey:
    return _setup(circuit)[2]


def _random_g1(rng: random.Random) -> G1Point:
    point = g1_mul(G1_GENERATOR, rng.randrange(1, R))
    affine = g1_to_affine(point)
    return G1_INFINITY if affine is None else g1_from_affine(*affine)


def _random_g2(rng: random.Random) -> G2Point:
    return g2_mul(G2_GENERATOR, rng.randrange(1, R))


def _random_twist_point(rng: random.Random) -> G2Point:
    while True:
        x = (rng.randrange(P), rng.randrange(P))
        y = fp2_sqrt(fp2_add(fp2_mul(fp2_sqr(x), x), TWIST_B))
        if y is not None and not is_in_g2(g2_from_affine(x, y)):
            return g2_from_affine(x, y)


def _small_order_point(rng: random.Random) -> G2Point:
    while True:
        point = g2_mul(_random_twist_point(rng), R * (G2_COFACTOR // SMALL_TWIST_ORDER))
        if point[2] != FP2_ZERO:
            return point


def _g1_off_curve(point: G1Point) -> G1Point:
    affine = g1_to_affine(point) or (1, 2)
    return g1_from_affine(affine[0], affine[1] + 1)


def _swap_halves(point: G2Point) -> G2Point:
    # B read with the EIP-197 word order by mistake: (c1, c0) in place of (c0, c1).
    affine = g2_to_affine(point) or (G2_GENERATOR[0], G2_GENERATOR[1])
    (x0, x1), (y0, y1) = affine
    return g2_from_affine((x1, x0), (y1, y0))


def _g2_off_twist(point: G2Point) -> G2Point:
    affine = g2_to_affine(point) or (G2_GENERATOR[0], G2_GENERATOR[1])
    return g2_from_affine(affine[0], fp2_add(affine[1], (1, 0)))


# ----------------------------------------------------------------------------- verification


def _statement(key: VerifyingKey, proof: Proof, inputs: Sequence[int]) -> JsonObject:
    return {
        "vk": _key_json(key),
        "proof": _proof_json(proof),
        "public_inputs": _inputs_json(inputs),
    }


VerifyCase = tuple[str, VerifyingKey, Proof, tuple[int, ...], tuple[str, ...], str | None]


@functools.cache
def _verify_cases() -> list[VerifyCase]:
    """(name, key, proof, inputs, flags, error of prepare_verifying_key or None)."""
    rng = case_rng("groth16/verify_groth16", "tampering")
    cases: list[VerifyCase] = []
    valid: list[tuple[str, tuple[str, ...]]] = [
        ("square_root", ("ValidProof", "NoPublicInputs")),
        ("cubic", ("ValidProof",)),
        ("range_check", ("ValidProof", "SeveralPublicInputs")),
    ]
    for circuit, circuit_flags in valid:
        proof, inputs = _proof(circuit, 0)
        cases.append((f"valid_{circuit}", _key(circuit), proof, inputs.values, circuit_flags, None))
    key = _key("cubic")
    proof, inputs = _proof("cubic", 0)
    x = inputs.values
    a, b, c = proof.a, proof.b, proof.c
    t = rng.randrange(2, R)
    tampered: list[tuple[str, Proof, tuple[str, ...]]] = [
        ("rerandomized", Proof(g1_mul(a, t), g2_mul(b, pow(t, -1, R)), c), ("Malleability",)),
        ("a_negated", Proof(g1_neg(a), b, c), ("Tampered",)),
        ("b_negated", Proof(a, g2_neg(b), c), ("Tampered",)),
        ("c_negated", Proof(a, b, g1_neg(c)), ("Tampered",)),
        ("a_and_c_swapped", Proof(c, b, a), ("Tampered",)),
        ("a_random", Proof(_random_g1(rng), b, c), ("Tampered",)),
        ("b_random", Proof(a, _random_g2(rng), c), ("Tampered",)),
        ("c_random", Proof(a, b, _random_g1(rng)), ("Tampered",)),
        ("a_from_another_proof", Proof(_proof("cubic", 1)[0].a, b, c), ("Tampered",)),
        ("a_infinity", Proof(G1_INFINITY, b, c), ("Infinity",)),
        ("b_infinity", Proof(a, G2_INFINITY, c), ("Infinity",)),
        ("c_infinity", Proof(a, b, G1_INFINITY), ("Infinity",)),
        ("a_off_curve", Proof(_g1_off_curve(a), b, c), ("OffCurve",)),
        ("b_off_twist", Proof(a, _g2_off_twist(b), c), ("OffCurve",)),
        ("c_off_curve", Proof(a, b, _g1_off_curve(c)), ("OffCurve",)),
        (
            "b_plus_point_of_order_10069",
            Proof(a, g2_add(b, _small_order_point(rng)), c),
            ("OutsideSubgroup",),
        ),
        ("b_random_twist_point", Proof(a, _random_twist_point(rng), c), ("OutsideSubgroup",)),
    ]
    for name, bad, flags in tampered:
        cases.append((name, key, bad, x, flags, None))
    cases += [
        ("input_plus_one", key, proof, ((x[0] + 1) % R,), ("WrongStatement",), None),
        ("input_plus_r", key, proof, (x[0] + R,), ("InputRange",), None),
        ("input_r", key, proof, (R,), ("InputRange",), None),
        ("input_max_uint256", key, proof, (2**256 - 1,), ("InputRange",), None),
        ("no_inputs", key, proof, (), ("InputCount",), None),
        ("two_inputs", key, proof, (x[0], 0), ("InputCount",), None),
        ("another_setup", _setup("cubic", "other")[2], proof, x, ("WrongStatement",), None),
    ]
    range_proof, range_inputs = _proof("range_check", 0)
    v = range_inputs.values
    range_key = _key("range_check")
    cases += [
        (
            "range_input_changed",
            range_key,
            range_proof,
            (v[0], v[1] ^ 1, v[2]),
            ("WrongStatement",),
            None,
        ),
        (
            "range_inputs_permuted",
            range_key,
            range_proof,
            (v[1], v[0], v[2]),
            ("WrongStatement",),
            None,
        ),
        (
            "range_inputs_of_another_proof",
            range_key,
            range_proof,
            _proof("range_check", 1)[1].values,
            ("WrongStatement",),
            None,
        ),
    ]
    small = _small_order_point(rng)
    bad_keys: list[tuple[str, VerifyingKey, tuple[str, ...], str]] = [
        (
            "key_delta_outside_subgroup",
            VerifyingKey(key.alpha, key.beta, key.gamma, g2_add(key.delta, small), key.ic),
            ("OutsideSubgroup",),
            "VerifyingKeyPointNotInSubgroup",
        ),
        (
            "key_beta_outside_subgroup",
            VerifyingKey(key.alpha, _random_twist_point(rng), key.gamma, key.delta, key.ic),
            ("OutsideSubgroup",),
            "VerifyingKeyPointNotInSubgroup",
        ),
        (
            "key_gamma_off_twist",
            VerifyingKey(key.alpha, key.beta, _g2_off_twist(key.gamma), key.delta, key.ic),
            ("OffCurve",),
            "VerifyingKeyPointNotOnCurve",
        ),
        (
            "key_ic_off_curve",
            VerifyingKey(
                key.alpha, key.beta, key.gamma, key.delta, (key.ic[0], _g1_off_curve(key.ic[1]))
            ),
            ("OffCurve",),
            "VerifyingKeyPointNotOnCurve",
        ),
    ]
    for name, bad_key, flags, error in bad_keys:
        cases.append((name, bad_key, proof, x, flags, error))
    # With gamma = delta the equation becomes e(A, B) = e(alpha, beta) e(L + C, gamma), which
    # (alpha, beta, -L) satisfies for any input: the key must be refused, not the proof checked.
    degenerate = VerifyingKey(key.alpha, key.beta, key.gamma, key.gamma, key.ic)
    forged_input = rng.randrange(R)
    commitment = g1_add(key.ic[0], g1_mul(key.ic[1], forged_input))
    forged = Proof(key.alpha, key.beta, g1_neg(commitment))
    cases.append(
        (
            "forgery_under_gamma_equals_delta",
            degenerate,
            forged,
            (forged_input,),
            ("DegenerateKey",),
            "DegenerateVerifyingKey",
        )
    )
    return cases


def _verify_suite_cases(prepared: bool) -> list[Case]:
    cases = []
    for name, key, proof, inputs, flags, key_error in _verify_cases():
        # Declared, not computed: generation checks that the reference agrees.
        expect = "valid" if {"ValidProof", "Malleability"} & set(flags) else "invalid"
        if prepared and key_error is not None:
            expect = key_error
        cases.append(Case(name, _statement(key, proof, inputs), expect, flags))
    return cases


def _run_verify(case_input: JsonObject) -> JsonValue:
    key = _parse_key(field_of(case_input, "vk"))
    proof = _parse_proof(field_of(case_input, "proof"))
    return verify_groth16(key, proof, _parse_inputs(field_of(case_input, "public_inputs")))


@functools.lru_cache(maxsize=16)
def _prepared(key_text: str) -> PreparedVerifyingKey:
    # Preparing costs tens of milliseconds; the cases share a few keys.
    return prepare_verifying_key(_parse_key(json.loads(key_text)))


def _prepared_key(value: JsonValue) -> PreparedVerifyingKey:
    _parse_key(value)
    return _prepared(json.dumps(value, sort_keys=True))


def _run_verify_prepared(case_input: JsonObject) -> JsonValue:
    prepared = _prepared_key(field_of(case_input, "vk"))
    proof = _parse_proof(field_of(case_input, "proof"))
    inputs = _parse_inputs(field_of(case_input, "public_inputs"))
    return verify_groth16_prepared(prepared, proof, inputs)


# ----------------------------------------------------------------------------- batches


def _batch_json(batch: Sequence[tuple[Proof, PublicInputs]]) -> JsonValue:
    return [
        {"proof": _proof_json(proof), "public_inputs": _inputs_json(inputs.values)}
        for proof, inputs in batch
    ]


def _parse_batch(value: JsonValue) -> list[tuple[Proof, PublicInputs]]:
    batch = []
    for item in _list(value, "batch"):
        fields = _object(item, ("proof", "public_inputs"), "batch item")
        batch.append((_parse_proof(fields["proof"]), _parse_inputs(fields["public_inputs"])))
    return batch


def _batch_input(
    circuit: str, batch: Sequence[tuple[Proof, PublicInputs]], seed: bytes = b""
) -> JsonObject:
    return {"vk": _key_json(_key(circuit)), "batch": _batch_json(batch), "seed": hex_bytes(seed)}


def _cubic_batch(size: int) -> list[tuple[Proof, PublicInputs]]:
    return [_proof("cubic", index) for index in range(size)]


def _with_input(item: tuple[Proof, PublicInputs], value: int) -> tuple[Proof, PublicInputs]:
    return (item[0], PublicInputs((value,)))


def _batch_cases() -> list[Case]:
    rng = case_rng("groth16/verify_groth16_batch", "tampering")
    sixteen = _cubic_batch(16)
    cases = [
        Case("empty", _batch_input("cubic", []), flags=("EmptyBatch",)),
        Case("one_valid", _batch_input("cubic", sixteen[:1]), flags=("ValidProof",)),
        Case("sixteen_valid", _batch_input("cubic", sixteen), flags=("ValidProof",)),
        Case(
            "four_valid_three_inputs",
            _batch_input("range_check", [_proof("range_check", i) for i in range(4)]),
            flags=("ValidProof", "SeveralPublicInputs"),
        ),
        Case(
            "four_valid_with_seed",
            _batch_input("cubic", sixteen[:4], bytes(range(32))),
            flags=("ValidProof", "Seed"),
        ),
    ]
    for position in (0, 15):
        bad = list(sixteen)
        bad[position] = _with_input(bad[position], (bad[position][1].values[0] + 1) % R)
        cases.append(
            Case(
                f"one_bad_input_at_{position}",
                _batch_input("cubic", bad),
                "invalid",
                ("BatchOneBad", "WrongStatement"),
            )
        )
    bad = list(sixteen[:8])
    proof = bad[5][0]
    bad[5] = (Proof(proof.a, proof.b, g1_neg(proof.c)), bad[5][1])
    cases.append(
        Case(
            "one_tampered_proof", _batch_input("cubic", bad), "invalid", ("BatchOneBad", "Tampered")
        )
    )
    shift = _random_g1(rng)
    bad = list(sixteen[:4])
    for index, sign in ((1, 1), (2, -1)):
        proof = bad[index][0]
        moved = g1_add(proof.c, shift if sign > 0 else g1_neg(shift))
        bad[index] = (Proof(proof.a, proof.b, moved), bad[index][1])
    cases.append(
        Case("cancelling_errors", _batch_input("cubic", bad), "invalid", ("CancellingErrors",))
    )
    bad = list(sixteen)
    bad[5] = _with_input(bad[5], bad[5][1].values[0] + R)
    cases.append(
        Case("input_plus_r_in_batch", _batch_input("cubic", bad), "invalid", ("InputRange",))
    )
    bad = list(sixteen)
    proof = bad[11][0]
    bad[11] = (Proof(proof.a, g2_add(proof.b, _small_order_point(rng)), proof.c), bad[11][1])
    cases.append(
        Case(
            "b_outside_subgroup_in_batch",
            _batch_input("cubic", bad),
            "invalid",
            ("OutsideSubgroup",),
        )
    )
    bad = list(sixteen[:4])
    bad[2] = (bad[2][0], PublicInputs(()))
    cases.append(
        Case("wrong_input_count_in_batch", _batch_input("cubic", bad), "invalid", ("InputCount",))
    )
    return cases


def _run_batch(case_input: JsonObject) -> JsonValue:
    prepared = _prepared_key(field_of(case_input, "vk"))
    batch = _parse_batch(field_of(case_input, "batch"))
    seed = parse_bytes(field_of(case_input, "seed"), "seed")
    return verify_groth16_batch(prepared, batch, seed)


def _coefficient_cases() -> list[Case]:
    sixteen = _cubic_batch(16)
    return [
        Case("one_proof", _batch_input("cubic", sixteen[:1])),
        Case("two_proofs", _batch_input("cubic", sixteen[:2])),
        Case("sixteen_proofs", _batch_input("cubic", sixteen)),
        Case("sixteen_proofs_with_seed", _batch_input("cubic", sixteen, b"seed"), flags=("Seed",)),
        Case(
            "three_inputs",
            _batch_input("range_check", [_proof("range_check", i) for i in range(2)]),
            flags=("SeveralPublicInputs",),
        ),
    ]


def _run_coefficients(case_input: JsonObject) -> JsonValue:
    prepared = _prepared_key(field_of(case_input, "vk"))
    batch = _parse_batch(field_of(case_input, "batch"))
    seed = parse_bytes(field_of(case_input, "seed"), "seed")
    return [[dec(a), dec(b)] for a, b in compute_batch_coefficients(prepared, batch, seed)]


# ----------------------------------------------------------------------------- validation


def _validate_key_cases() -> list[Case]:
    rng = case_rng("groth16/validate_verifying_key", "points")
    key = _key("cubic")
    cases = [Case(f"valid_{circuit}", {"vk": _key_json(_key(circuit))}) for circuit in CIRCUITS]
    bad: list[tuple[str, VerifyingKey, str, tuple[str, ...]]] = [
        (
            "no_ic",
            VerifyingKey(key.alpha, key.beta, key.gamma, key.delta, ()),
            "DegenerateVerifyingKey",
            ("DegenerateKey",),
        ),
        (
            "alpha_off_curve",
            VerifyingKey(_g1_off_curve(key.alpha), key.beta, key.gamma, key.delta, key.ic),
            "VerifyingKeyPointNotOnCurve",
            ("OffCurve",),
        ),
        (
            "ic_0_off_curve",
            VerifyingKey(
                key.alpha, key.beta, key.gamma, key.delta, (_g1_off_curve(key.ic[0]), key.ic[1])
            ),
            "VerifyingKeyPointNotOnCurve",
            ("OffCurve",),
        ),
        (
            "beta_off_twist",
            VerifyingKey(key.alpha, _g2_off_twist(key.beta), key.gamma, key.delta, key.ic),
            "VerifyingKeyPointNotOnCurve",
            ("OffCurve",),
        ),
        (
            "delta_off_twist",
            VerifyingKey(key.alpha, key.beta, key.gamma, _g2_off_twist(key.delta), key.ic),
            "VerifyingKeyPointNotOnCurve",
            ("OffCurve",),
        ),
        (
            "gamma_outside_subgroup",
            VerifyingKey(
                key.alpha, key.beta, g2_add(key.gamma, _small_order_point(rng)), key.delta, key.ic
            ),
            "VerifyingKeyPointNotInSubgroup",
            ("OutsideSubgroup",),
        ),
        (
            "delta_random_twist_point",
            VerifyingKey(key.alpha, key.beta, key.gamma, _random_twist_point(rng), key.ic),
            "VerifyingKeyPointNotInSubgroup",
            ("OutsideSubgroup",),
        ),
        (
            "alpha_infinity",
            VerifyingKey(G1_INFINITY, key.beta, key.gamma, key.delta, key.ic),
            "DegenerateVerifyingKey",
            ("DegenerateKey", "Infinity"),
        ),
        (
            "delta_infinity",
            VerifyingKey(key.alpha, key.beta, key.gamma, G2_INFINITY, key.ic),
            "DegenerateVerifyingKey",
            ("DegenerateKey", "Infinity"),
        ),
        (
            "gamma_equals_delta",
            VerifyingKey(key.alpha, key.beta, key.delta, key.delta, key.ic),
            "DegenerateVerifyingKey",
            ("DegenerateKey",),
        ),
    ]
    cases += [Case(name, {"vk": _key_json(k)}, error, flags) for name, k, error, flags in bad]
    cases.append(
        Case(
            "ic_point_at_infinity",
            {
                "vk": _key_json(
                    VerifyingKey(
                        key.alpha, key.beta, key.gamma, key.delta, (key.ic[0], G1_INFINITY)
                    )
                )
            },
            flags=("Infinity",),
        )
    )
    return cases


def _run_validate_key(case_input: JsonObject) -> JsonValue:
    validate_verifying_key(_parse_key(field_of(case_input, "vk")))
    return None


def _validate_proof_cases() -> list[Case]:
    rng = case_rng("groth16/validate_proof", "points")
    proof = _proof("cubic", 0)[0]
    a, b, c = proof.a, proof.b, proof.c
    cases = [
        Case(f"valid_{circuit}", {"proof": _proof_json(_proof(circuit, 0)[0])})
        for circuit in CIRCUITS
    ]
    rows: list[tuple[str, Proof, str, tuple[str, ...]]] = [
        ("all_at_infinity", Proof(G1_INFINITY, G2_INFINITY, G1_INFINITY), "valid", ("Infinity",)),
        ("a_off_curve", Proof(_g1_off_curve(a), b, c), "ProofPointNotOnCurve", ("OffCurve",)),
        ("b_off_twist", Proof(a, _g2_off_twist(b), c), "ProofPointNotOnCurve", ("OffCurve",)),
        ("c_off_curve", Proof(a, b, _g1_off_curve(c)), "ProofPointNotOnCurve", ("OffCurve",)),
        (
            "b_plus_point_of_order_10069",
            Proof(a, g2_add(b, _small_order_point(rng)), c),
            "ProofPointNotInSubgroup",
            ("OutsideSubgroup",),
        ),
        (
            "b_random_twist_point",
            Proof(a, _random_twist_point(rng), c),
            "ProofPointNotInSubgroup",
            ("OutsideSubgroup",),
        ),
        ("a_zero_zero", Proof(g1_from_affine(0, 0), b, c), "ProofPointNotOnCurve", ("OffCurve",)),
        (
            "b_coordinates_imaginary_first",
            Proof(a, _swap_halves(b), c),
            "ProofPointNotOnCurve",
            ("WordOrder", "OffCurve"),
        ),
    ]
    cases += [
        Case(name, {"proof": _proof_json(bad)}, error, flags) for name, bad, error, flags in rows
    ]
    return cases


def _run_validate_proof(case_input: JsonObject) -> JsonValue:
    validate_proof(_parse_proof(field_of(case_input, "proof")))
    return None


def _validate_inputs_cases() -> list[Case]:
    key = _key("range_check")
    rows: list[tuple[str, tuple[int, ...], str, tuple[str, ...]]] = [
        ("three_inputs", (1, 2, 3), "valid", ()),
        ("r_minus_one", (R - 1, 0, 0), "valid", ()),
        ("r", (0, R, 0), "PublicInputOutOfRange", ("InputRange",)),
        ("max_uint256", (0, 0, 2**256 - 1), "PublicInputOutOfRange", ("InputRange",)),
        ("two_inputs", (1, 2), "PublicInputCountMismatch", ("InputCount",)),
        ("four_inputs", (1, 2, 3, 4), "PublicInputCountMismatch", ("InputCount",)),
        ("none", (), "PublicInputCountMismatch", ("InputCount",)),
    ]
    return [
        Case(name, {"vk": _key_json(key), "public_inputs": _inputs_json(values)}, error, flags)
        for name, values, error, flags in rows
    ]


def _run_validate_inputs(case_input: JsonObject) -> JsonValue:
    key = _parse_key(field_of(case_input, "vk"))
    validate_public_inputs(key, _parse_inputs(field_of(case_input, "public_inputs")))
    return None


# ----------------------------------------------------------------------------- snarkjs JSON


def _edited(text: str, edit: Callable[[dict[str, object]], None]) -> str:
    document = json.loads(text)
    edit(document)
    return json.dumps(document, indent=1)


def _setter(path: Sequence[str | int], value: object) -> Callable[[dict[str, object]], None]:
    def edit(document: dict[str, object]) -> None:
        target: object = document
        for step in path[:-1]:
            target = target[step]  # type: ignore[index]
        target[path[-1]] = value  # type: ignore[index]

    return edit


def _remover(name: str) -> Callable[[dict[str, object]], None]:
    def edit(document: dict[str, object]) -> None:
        del document[name]

    return edit


def _malformed_numbers(
    text: str, path: Sequence[str | int], value: str
) -> list[tuple[str, str, str, tuple[str, ...]]]:
    return [
        (
            "coordinate_hex",
            _edited(text, _setter(path, hex(int(value)))),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
        (
            "coordinate_leading_zero",
            _edited(text, _setter(path, "0" + value)),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
        (
            "coordinate_negative",
            _edited(text, _setter(path, "-" + value)),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
        (
            "coordinate_json_number",
            _edited(text, _setter(path, int(value))),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
        (
            "coordinate_arabic_digits",
            _edited(text, _setter(path, "\u0661\u0662")),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
        (
            "coordinate_p",
            _edited(text, _setter(path, dec(P))),
            "CoordinateOutOfRange",
            ("CoordinateRange",),
        ),
        (
            "coordinate_2_256",
            _edited(text, _setter(path, dec(2**256))),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
    ]


def _common_malformed(text: str) -> list[tuple[str, str, str, tuple[str, ...]]]:
    return [
        ("empty_text", "", "InvalidJson", ("MalformedJson",)),
        ("truncated", text[: len(text) // 2], "InvalidJson", ("MalformedJson",)),
        ("trailing_data", text + "\n{}", "InvalidJson", ("MalformedJson",)),
        (
            "duplicate_key",
            text.replace('"pi_a"', '"pi_c": [],\n "pi_a"', 1).replace(
                '"IC"', '"IC": [],\n "IC"', 1
            ),
            "InvalidJson",
            ("MalformedJson",),
        ),
        ("top_level_list", "[" + text + "]", "InvalidSnarkjsFormat", ("MalformedField",)),
    ]


def _decode_key_cases() -> list[Case]:
    text = encode_snarkjs_verification_key(_key("cubic"))
    rows: list[tuple[str, str, str, tuple[str, ...]]] = [
        (
            f"valid_{circuit}",
            encode_snarkjs_verification_key(_key(circuit)),
            "valid",
            ("SnarkjsFormat",),
        )
        for circuit in CIRCUITS
    ]
    rows += [
        ("without_alphabeta", _edited(text, _remover("vk_alphabeta_12")), "valid", ()),
        ("compact_json", json.dumps(json.loads(text)), "valid", ()),
        (
            "curve_alt_bn128",
            _edited(text, _setter(["curve"], "alt_bn128")),
            "valid",
            ("CurveAlias",),
        ),
        (
            "curve_upper_case_bn254",
            _edited(text, _setter(["curve"], "BN254")),
            "valid",
            ("CurveAlias",),
        ),
        (
            "ic_point_at_infinity",
            _edited(text, _setter(["IC", 1], ["0", "1", "0"])),
            "valid",
            ("Infinity",),
        ),
        ("nan", text.replace('"nPublic": 1', '"nPublic": NaN'), "InvalidJson", ("MalformedJson",)),
        (
            "protocol_plonk",
            _edited(text, _setter(["protocol"], "plonk")),
            "UnsupportedProtocol",
            ("OtherProtocol",),
        ),
        (
            "curve_bls12381",
            _edited(text, _setter(["curve"], "bls12381")),
            "UnsupportedProtocol",
            ("OtherProtocol",),
        ),
        (
            "protocol_missing",
            _edited(text, _remover("protocol")),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
        ("ic_missing", _edited(text, _remover("IC")), "InvalidSnarkjsFormat", ("MalformedField",)),
        (
            "unknown_field",
            _edited(text, _setter(["nCommitments"], 0)),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
        (
            "npublic_string",
            _edited(text, _setter(["nPublic"], "1")),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
        (
            "npublic_true",
            _edited(text, _setter(["nPublic"], True)),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
        (
            "npublic_negative",
            _edited(text, _setter(["nPublic"], -1)),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
        (
            "npublic_too_large",
            _edited(text, _setter(["nPublic"], 2)),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
        (
            "g1_z_two",
            _edited(text, _setter(["vk_alpha_1", 2], "2")),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
        (
            "g1_two_coordinates",
            _edited(text, _setter(["IC", 0], json.loads(text)["IC"][0][:2])),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
        (
            "g1_infinity_not_canonical",
            _edited(text, _setter(["IC", 1], ["0", "0", "0"])),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
        (
            "g2_z_not_one",
            _edited(text, _setter(["vk_delta_2", 2], ["1", "1"])),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
        (
            "g2_coordinate_not_a_pair",
            _edited(text, _setter(["vk_beta_2", 0], "1")),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
    ]
    value = json.loads(text)["vk_alpha_1"][0]
    rows += _malformed_numbers(text, ["vk_alpha_1", 0], value)
    rows += _common_malformed(text)
    return [Case(name, {"text": body}, error, flags) for name, body, error, flags in rows]


def _run_decode_key(case_input: JsonObject) -> JsonValue:
    text = field_of(case_input, "text")
    if not isinstance(text, str):
        raise MalformedVector("text: expected a string")
    return _key_json(decode_snarkjs_verification_key(text))


def _decode_proof_cases() -> list[Case]:
    text = encode_snarkjs_proof(_proof("cubic", 0)[0])
    rows: list[tuple[str, str, str, tuple[str, ...]]] = [
        (
            f"valid_{circuit}",
            encode_snarkjs_proof(_proof(circuit, 0)[0]),
            "valid",
            ("SnarkjsFormat",),
        )
        for circuit in CIRCUITS
    ]
    bare = _edited(text, _remover("protocol"))
    rows += [
        ("without_protocol_and_curve", _edited(bare, _remover("curve")), "valid", ()),
        (
            "curve_alt_bn128",
            _edited(text, _setter(["curve"], "alt_bn128")),
            "valid",
            ("CurveAlias",),
        ),
        (
            "a_at_infinity",
            _edited(text, _setter(["pi_a"], ["0", "1", "0"])),
            "valid",
            ("Infinity",),
        ),
        (
            "b_at_infinity",
            _edited(text, _setter(["pi_b"], [["0", "0"], ["1", "0"], ["0", "0"]])),
            "valid",
            ("Infinity",),
        ),
        (
            "protocol_plonk",
            _edited(text, _setter(["protocol"], "plonk")),
            "UnsupportedProtocol",
            ("OtherProtocol",),
        ),
        (
            "curve_bls12_381",
            _edited(text, _setter(["curve"], "bls12-381")),
            "UnsupportedProtocol",
            ("OtherProtocol",),
        ),
        (
            "pi_c_missing",
            _edited(text, _remover("pi_c")),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
        (
            "unknown_field",
            _edited(text, _setter(["publicSignals"], [])),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
        (
            "protocol_not_a_string",
            _edited(text, _setter(["protocol"], 16)),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
        (
            "b_z_zero_not_canonical",
            _edited(text, _setter(["pi_b", 2], ["0", "0"])),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
        (
            "b_three_coordinates",
            _edited(text, _setter(["pi_b", 0], ["1", "2", "3"])),
            "InvalidSnarkjsFormat",
            ("MalformedField",),
        ),
    ]
    value = json.loads(text)["pi_b"][1][1]
    rows += _malformed_numbers(text, ["pi_b", 1, 1], value)
    rows += _common_malformed(text)
    return [Case(name, {"text": body}, error, flags) for name, body, error, flags in rows]


def _run_decode_proof(case_input: JsonObject) -> JsonValue:
    text = field_of(case_input, "text")
    if not isinstance(text, str):
        raise MalformedVector("text: expected a string")
    return _proof_json(decode_snarkjs_proof(text))


def _decode_public_cases() -> list[Case]:
    rows: list[tuple[str, str, str, tuple[str, ...]]] = [
        (
            "none",
            encode_snarkjs_public(PublicInputs(())),
            "valid",
            ("SnarkjsFormat", "NoPublicInputs"),
        ),
        ("one", encode_snarkjs_public(_proof("cubic", 0)[1]), "valid", ("SnarkjsFormat",)),
        (
            "three",
            encode_snarkjs_public(_proof("range_check", 0)[1]),
            "valid",
            ("SnarkjsFormat", "SeveralPublicInputs"),
        ),
        ("r_decodes", json.dumps([dec(R)]), "valid", ("InputRange",)),
        ("max_uint256_decodes", json.dumps([dec(2**256 - 1)]), "valid", ("InputRange",)),
        ("two_to_256", json.dumps([dec(2**256)]), "InvalidSnarkjsFormat", ("MalformedField",)),
        ("leading_zero", '["01"]', "InvalidSnarkjsFormat", ("MalformedField",)),
        ("json_number", "[1]", "InvalidSnarkjsFormat", ("MalformedField",)),
        ("negative", '["-1"]', "InvalidSnarkjsFormat", ("MalformedField",)),
        ("hex", '["0x01"]', "InvalidSnarkjsFormat", ("MalformedField",)),
        ("nested_list", '[["1"]]', "InvalidSnarkjsFormat", ("MalformedField",)),
        ("object", '{"0": "1"}', "InvalidSnarkjsFormat", ("MalformedField",)),
        ("not_json", "[1, 2", "InvalidJson", ("MalformedJson",)),
        ("two_documents", "[] []", "InvalidJson", ("MalformedJson",)),
    ]
    return [Case(name, {"text": body}, error, flags) for name, body, error, flags in rows]


def _run_decode_public(case_input: JsonObject) -> JsonValue:
    text = field_of(case_input, "text")
    if not isinstance(text, str):
        raise MalformedVector("text: expected a string")
    return _inputs_json(decode_snarkjs_public(text).values)


def _encode_key_cases() -> list[Case]:
    return [
        Case(f"{circuit}", {"vk": _key_json(_key(circuit))}, flags=("SnarkjsFormat",))
        for circuit in CIRCUITS
    ]


def _run_encode_key(case_input: JsonObject) -> JsonValue:
    return encode_snarkjs_verification_key(_parse_key(field_of(case_input, "vk")))


def _encode_proof_cases() -> list[Case]:
    proof = _proof("cubic", 0)[0]
    cases = [
        Case(f"{circuit}", {"proof": _proof_json(_proof(circuit, 0)[0])}, flags=("SnarkjsFormat",))
        for circuit in CIRCUITS
    ]
    cases.append(
        Case(
            "a_at_infinity",
            {"proof": _proof_json(Proof(G1_INFINITY, G2_INFINITY, proof.c))},
            flags=("Infinity",),
        )
    )
    return cases


def _run_encode_proof(case_input: JsonObject) -> JsonValue:
    return encode_snarkjs_proof(_parse_proof(field_of(case_input, "proof")))


def _calldata_cases() -> list[Case]:
    proof, inputs = _proof("cubic", 0)
    range_proof, range_inputs = _proof("range_check", 0)

    def case(
        name: str, p: Proof, values: Sequence[int], expect: str, flags: tuple[str, ...]
    ) -> Case:
        return Case(
            name, {"proof": _proof_json(p), "public_inputs": _inputs_json(values)}, expect, flags
        )

    return [
        case("cubic", proof, inputs.values, "valid", ("WordOrder",)),
        case(
            "range_check",
            range_proof,
            range_inputs.values,
            "valid",
            ("WordOrder", "SeveralPublicInputs"),
        ),
        case(
            "a_at_infinity",
            Proof(G1_INFINITY, proof.b, proof.c),
            inputs.values,
            "valid",
            ("Infinity",),
        ),
        case("input_r_is_encoded", proof, (R,), "valid", ("InputRange",)),
        case(
            "no_public_inputs",
            _proof("square_root", 0)[0],
            (),
            "InvalidType",
            ("NoSolidityVerifier",),
        ),
        case("input_2_256", proof, (2**256,), "ValueOutOfRange", ("InputRange",)),
    ]


def _run_calldata(case_input: JsonObject) -> JsonValue:
    proof = _parse_proof(field_of(case_input, "proof"))
    return hex_bytes(
        encode_solidity_calldata(proof, _parse_inputs(field_of(case_input, "public_inputs")))
    )


# ----------------------------------------------------------------------------- proving


def _is_satisfied_cases() -> list[Case]:
    rows: list[tuple[str, R1CS, Witness, str, tuple[str, ...]]] = []
    for circuit, build in CIRCUITS.items():
        witness = _witness(circuit, 0)
        rows.append((f"{circuit}_satisfied", build(), witness, "valid", ()))
        broken = (*witness[:-1], (witness[-1] + 1) % R)
        rows.append((f"{circuit}_last_value_changed", build(), broken, "invalid", ("BadWitness",)))
    witness = cubic_witness(3)
    rows += [
        ("cubic_w0_not_one", cubic_circuit(), (2, *witness[1:]), "invalid", ("BadWitness",)),
        ("cubic_too_short", cubic_circuit(), witness[:-1], "invalid", ("BadWitness",)),
        (
            "cubic_value_r",
            cubic_circuit(),
            (*witness[:-1], witness[-1] + R),
            "invalid",
            ("BadWitness",),
        ),
        (
            "range_check_two_is_not_a_bit",
            range_check_circuit(2, 1),
            (1, 2, 2, 0),
            "invalid",
            ("BadWitness",),
        ),
    ]
    return [
        Case(name, {"r1cs": _r1cs_json(r1cs), "witness": _inputs_json(w)}, expect, flags)
        for name, r1cs, w, expect, flags in rows
    ]


def _run_is_satisfied(case_input: JsonObject) -> JsonValue:
    return is_satisfied(
        _parse_r1cs(field_of(case_input, "r1cs")), _parse_witness(field_of(case_input, "witness"))
    )


def _setup_cases() -> list[Case]:
    cubic = cubic_circuit()
    toxic = derive_test_toxic_waste(b"cubic")
    rows: list[tuple[str, R1CS, ToxicWaste, str, tuple[str, ...]]] = [
        (
            "square_root",
            square_root_circuit(9),
            derive_test_toxic_waste(b"square_root"),
            "valid",
            (),
        ),
        ("cubic", cubic, toxic, "valid", ()),
        (
            "alpha_zero",
            cubic,
            ToxicWaste(toxic.tau, 0, toxic.beta, toxic.gamma, toxic.delta),
            "InvalidToxicWaste",
            ("BadSecrets",),
        ),
        (
            "delta_r",
            cubic,
            ToxicWaste(toxic.tau, toxic.alpha, toxic.beta, toxic.gamma, R),
            "InvalidToxicWaste",
            ("BadSecrets",),
        ),
        (
            "tau_one_in_domain",
            cubic,
            ToxicWaste(1, toxic.alpha, toxic.beta, toxic.gamma, toxic.delta),
            "InvalidToxicWaste",
            ("BadSecrets",),
        ),
        (
            "tau_minus_one_in_domain",
            cubic,
            ToxicWaste(R - 1, toxic.alpha, toxic.beta, toxic.gamma, toxic.delta),
            "InvalidToxicWaste",
            ("BadSecrets",),
        ),
        (
            "variable_out_of_range",
            R1CS(5, 1, (Constraint(((5, 1),), ((0, 1),), ((1, 1),)),)),
            toxic,
            "InvalidR1CS",
            (),
        ),
    ]
    return [
        Case(name, {"r1cs": _r1cs_json(r1cs), "toxic_waste": _toxic_json(t)}, expect, flags)
        for name, r1cs, t, expect, flags in rows
    ]


def _run_setup(case_input: JsonObject) -> JsonValue:
    r1cs = _parse_r1cs(field_of(case_input, "r1cs"))
    proving_key, key = setup_groth16(r1cs, _parse_toxic(field_of(case_input, "toxic_waste")))
    return {"verifying_key": _key_json(key), "proving_key": _proving_key_json(proving_key)}


def _prove_cases() -> list[Case]:
    rows: list[tuple[str, str, Witness, int, int, str, tuple[str, ...]]] = []
    for circuit in CIRCUITS:
        rng = case_rng("groth16/prove_groth16", circuit)
        rows.append(
            (
                circuit,
                circuit,
                _witness(circuit, 0),
                rng.randrange(R),
                rng.randrange(R),
                "valid",
                ("ValidProof",),
            )
        )
    witness = _witness("cubic", 0)
    rows += [
        ("cubic_no_blinding", "cubic", witness, 0, 0, "valid", ("Blinding",)),
        (
            "cubic_unsatisfied",
            "cubic",
            (*witness[:-1], witness[-1] + 1),
            1,
            2,
            "UnsatisfiedConstraint",
            ("BadWitness",),
        ),
        ("cubic_w0_not_one", "cubic", (0, *witness[1:]), 1, 2, "InvalidWitness", ("BadWitness",)),
    ]
    return [
        Case(
            name,
            {
                "r1cs": _r1cs_json(CIRCUITS[circuit]()),
                "toxic_waste": _toxic_json(derive_test_toxic_waste(circuit.encode())),
                "witness": _inputs_json(w),
                "r": dec(r),
                "s": dec(s),
            },
            expect,
            flags,
        )
        for name, circuit, w, r, s, expect, flags in rows
    ]


@functools.lru_cache(maxsize=8)
def _setup_from_json(text: str) -> ProvingKey:
    document = json.loads(text)
    return setup_groth16(_parse_r1cs(document["r1cs"]), _parse_toxic(document["toxic_waste"]))[0]


def _run_prove(case_input: JsonObject) -> JsonValue:
    r1cs = _parse_r1cs(field_of(case_input, "r1cs"))
    _parse_toxic(field_of(case_input, "toxic_waste"))
    text = json.dumps({"r1cs": case_input["r1cs"], "toxic_waste": case_input["toxic_waste"]})
    proof = prove_groth16(
        _setup_from_json(text),
        r1cs,
        _parse_witness(field_of(case_input, "witness")),
        parse_int(field_of(case_input, "r"), "r"),
        parse_int(field_of(case_input, "s"), "s"),
    )
    return _proof_json(proof)


# ----------------------------------------------------------------------------- suites


def _suite(
    name: str,
    module: str,
    description: tuple[str, ...],
    cases: Callable[[], list[Case]],
    run: Callable[[JsonObject], JsonValue],
    *,
    predicate: bool = False,
) -> Suite:
    return Suite(
        suite=f"groth16/{name}",
        function=f"l2ref.crypto.{module}.{name}",
        spec=f"specs/crypto/{module}.md#{name}",
        description=description,
        cases=cases,
        run=run,
        notes=NOTES,
        parameters=PARAMETERS,
        predicate=predicate,
    )


VERIFY = "groth16"
PROVER = "groth16_prover"
STATEMENT = ("input: {vk, proof, public_inputs}.", *VALUES)
BATCH = (
    "input: {vk, batch: [{proof, public_inputs}], seed}; seed is bytes (0x-hex), usually empty.",
    *VALUES,
)
TEXT = ("input.text is the text of a snarkjs JSON file; output is the decoded value.", *VALUES)

SUITES = [
    _suite(
        "verify_groth16",
        VERIFY,
        ("Whether the proof is valid for the key and inputs; output is the boolean.", *STATEMENT),
        lambda: _verify_suite_cases(prepared=False),
        _run_verify,
        predicate=True,
    ),
    _suite(
        "verify_groth16_prepared",
        VERIFY,
        (
            "prepare_verifying_key(vk), which raises on an invalid key, then "
            "verify_groth16_prepared; output is the boolean.",
            *STATEMENT,
        ),
        lambda: _verify_suite_cases(prepared=True),
        _run_verify_prepared,
        predicate=True,
    ),
    _suite(
        "verify_groth16_batch",
        VERIFY,
        (
            "prepare_verifying_key(vk), then verify_groth16_batch(prepared, batch, seed); "
            "output is the boolean.",
            *BATCH,
        ),
        _batch_cases,
        _run_batch,
        predicate=True,
    ),
    _suite(
        "compute_batch_coefficients",
        VERIFY,
        (
            "The batch coefficients as [a_i, b_i] pairs of decimal strings: "
            "rho_i = a_i + G1_ENDOMORPHISM_LAMBDA * b_i mod r.",
            *BATCH,
        ),
        _coefficient_cases,
        _run_coefficients,
    ),
    _suite(
        "validate_verifying_key",
        VERIFY,
        ("input: {vk}. Raises on an invalid key; output is null.", *VALUES),
        _validate_key_cases,
        _run_validate_key,
    ),
    _suite(
        "validate_proof",
        VERIFY,
        ("input: {proof}. Raises on an invalid proof; output is null.", *VALUES),
        _validate_proof_cases,
        _run_validate_proof,
    ),
    _suite(
        "validate_public_inputs",
        VERIFY,
        ("input: {vk, public_inputs}. Raises on invalid inputs; output is null.", *VALUES),
        _validate_inputs_cases,
        _run_validate_inputs,
    ),
    _suite(
        "decode_snarkjs_verification_key",
        VERIFY,
        ("Decodes verification_key.json; output is the key.", *TEXT[1:], TEXT[0]),
        _decode_key_cases,
        _run_decode_key,
    ),
    _suite(
        "decode_snarkjs_proof",
        VERIFY,
        ("Decodes proof.json; output is the proof.", *TEXT[1:], TEXT[0]),
        _decode_proof_cases,
        _run_decode_proof,
    ),
    _suite(
        "decode_snarkjs_public",
        VERIFY,
        ("Decodes public.json; output is the list of public inputs.", *TEXT[1:], TEXT[0]),
        _decode_public_cases,
        _run_decode_public,
    ),
    _suite(
        "encode_snarkjs_verification_key",
        VERIFY,
        ("input: {vk}; output is the text of verification_key.json.", *VALUES),
        _encode_key_cases,
        _run_encode_key,
    ),
    _suite(
        "encode_snarkjs_proof",
        VERIFY,
        ("input: {proof}; output is the text of proof.json.", *VALUES),
        _encode_proof_cases,
        _run_encode_proof,
    ),
    _suite(
        "encode_solidity_calldata",
        VERIFY,
        (
            "input: {proof, public_inputs}; output is the calldata of verifyProof (bytes).",
            *VALUES,
        ),
        _calldata_cases,
        _run_calldata,
    ),
    _suite(
        "is_satisfied",
        PROVER,
        (
            "input: {r1cs, witness}; output is whether the witness satisfies the system.",
            *CIRCUITS_TEXT,
        ),
        _is_satisfied_cases,
        _run_is_satisfied,
        predicate=True,
    ),
    _suite(
        "setup_groth16",
        PROVER,
        (
            "input: {r1cs, toxic_waste}; output is {verifying_key, proving_key}, the proving key "
            "{domain_size, alpha_g1, beta_g1, beta_g2, delta_g1, delta_g2, a_query, b_g1_query, "
            "b_g2_query, l_query, h_query}.",
            *CIRCUITS_TEXT,
            *VALUES,
        ),
        _setup_cases,
        _run_setup,
    ),
    _suite(
        "prove_groth16",
        PROVER,
        (
            "input: {r1cs, toxic_waste, witness, r, s}: setup_groth16(r1cs, toxic_waste), then "
            "prove_groth16(proving_key, r1cs, witness, r, s); output is the proof.",
            *CIRCUITS_TEXT,
            *VALUES,
        ),
        _prove_cases,
        _run_prove,
    ),
]
