"""Vector suites for specs/crypto/groth16.md and specs/crypto/groth16_prover.md.

Every proof comes from the reference prover (`prove_groth16`) under keys made by `setup_groth16`
from test secrets (`derive_test_toxic_waste`); tampered cases are derived from them here. Values:
an Fp or Fr element is a decimal string; an Fp2 element is `[c0, c1]`, real part first; an affine
G1 point is `{"x", "y"}`, a G2 point `{"x": Fp2, "y": Fp2}`, and the point at infinity is `null`
(as in the bn254 suites). A verifying key is `{"alpha", "beta", "gamma", "delta", "ic"}`, a proof
`{"a", "b", "c"}`, public inputs a list of decimal strings.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from l2ref.crypto import groth16 as g16
from l2ref.crypto import groth16_prover as prover
from l2ref.crypto.bn254_curves import (
    G1_INFINITY,
    G2_GENERATOR,
    G2_INFINITY,
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
)
from l2ref.crypto.bn254_fields import fp2_add
from l2ref.crypto.groth16 import (
    G1_ENDOMORPHISM_LAMBDA,
    PreparedVerifyingKey,
    Proof,
    PublicInputs,
    VerifyingKey,
)
from l2ref.crypto.groth16_prover import R1CS, Constraint, ProvingKey, ToxicWaste, Witness
from l2ref.vectorgen.bn254 import (
    G1,
    G2,
    P,
    R,
    _random_g1,
    _random_g2,
)
from l2ref.vectorgen.bn254 import (
    _random_twist_point as _twist_point,
)
from l2ref.vectorgen.bn254 import (
    _small_order_twist_point as _small_point,
)
from l2ref.vectorgen.codec import Codec, from_json, register_codec, schema_of, to_json
from l2ref.vectorgen.core import Case, Note, Suite, case_rng, dec, declare
from l2ref.vectorgen.values import JsonValue

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


# ----------------------------------------------------------------------------- vector forms
# Keys, proofs and proving keys are written with affine points (the G1 and G2 forms of the bn254
# suites); public inputs are the bare list of their values.


@dataclass(frozen=True)
class KeyForm:
    alpha: G1
    beta: G2
    gamma: G2
    delta: G2
    ic: tuple[G1, ...]


@dataclass(frozen=True)
class ProofForm:
    a: G1
    b: G2
    c: G1


@dataclass(frozen=True)
class ProvingKeyForm:
    domain_size: int
    alpha_g1: G1
    beta_g1: G1
    beta_g2: G2
    delta_g1: G1
    delta_g2: G2
    a_query: tuple[G1, ...]
    b_g1_query: tuple[G1, ...]
    b_g2_query: tuple[G2, ...]
    l_query: tuple[G1, ...]
    h_query: tuple[G1, ...]


def _fields_of(value: object, form: type[Any]) -> dict[str, Any]:
    return {field.name: getattr(value, field.name) for field in dataclasses.fields(form)}


def _form_codec(cls: type[Any], form: type[Any]) -> Codec:
    def decode(data: JsonValue, what: str) -> Any:
        return cls(**_fields_of(from_json(data, form, what), form))

    return Codec(
        lambda value: to_json(form(**_fields_of(value, form)), form), decode, schema_of(form)
    )


register_codec(VerifyingKey, _form_codec(VerifyingKey, KeyForm))
register_codec(Proof, _form_codec(Proof, ProofForm))
register_codec(
    PublicInputs,
    Codec(
        lambda inputs: to_json(inputs.values, tuple[int, ...]),
        lambda data, what: PublicInputs(from_json(data, tuple[int, ...], what)),
        schema_of(tuple[int, ...]),
    ),
)


# ----------------------------------------------------------------------------- adapters
# The suites name the key `vk`, read a batch as {proof, public_inputs} items, and prepare the key
# (or run the setup) inside the case.


@dataclass(frozen=True)
class BatchItem:
    proof: Proof
    public_inputs: PublicInputs


@dataclass(frozen=True)
class SetupResult:
    verifying_key: VerifyingKey
    proving_key: ProvingKeyForm


@functools.lru_cache(maxsize=16)
def _prepared(key: VerifyingKey) -> PreparedVerifyingKey:
    # Preparing costs tens of milliseconds; the cases share a few keys.
    return g16.prepare_verifying_key(key)


@functools.lru_cache(maxsize=8)
def _setup_keys(r1cs: R1CS, toxic_waste: ToxicWaste) -> tuple[ProvingKey, VerifyingKey]:
    return prover.setup_groth16(r1cs, toxic_waste)


def _verify(vk: VerifyingKey, proof: Proof, public_inputs: PublicInputs) -> bool:
    return g16.verify_groth16(vk, proof, public_inputs)


def _verify_prepared(vk: VerifyingKey, proof: Proof, public_inputs: PublicInputs) -> bool:
    return g16.verify_groth16_prepared(_prepared(vk), proof, public_inputs)


def _pairs(batch: Sequence[BatchItem]) -> list[tuple[Proof, PublicInputs]]:
    return [(item.proof, item.public_inputs) for item in batch]


def _verify_batch(vk: VerifyingKey, batch: Sequence[BatchItem], seed: bytes) -> bool:
    return g16.verify_groth16_batch(_prepared(vk), _pairs(batch), seed)


def _coefficients(
    vk: VerifyingKey, batch: Sequence[BatchItem], seed: bytes
) -> tuple[tuple[int, int], ...]:
    return g16.compute_batch_coefficients(_prepared(vk), _pairs(batch), seed)


def _validate_key(vk: VerifyingKey) -> None:
    g16.validate_verifying_key(vk)


def _validate_inputs(vk: VerifyingKey, public_inputs: PublicInputs) -> None:
    g16.validate_public_inputs(vk, public_inputs)


def _encode_key(vk: VerifyingKey) -> str:
    return g16.encode_snarkjs_verification_key(vk)


def _setup(r1cs: R1CS, toxic_waste: ToxicWaste) -> SetupResult:
    proving_key, key = _setup_keys(r1cs, toxic_waste)
    return SetupResult(key, ProvingKeyForm(**_fields_of(proving_key, ProvingKeyForm)))


def _prove(r1cs: R1CS, toxic_waste: ToxicWaste, witness: Witness, r: int, s: int) -> Proof:
    return prover.prove_groth16(_setup_keys(r1cs, toxic_waste)[0], r1cs, witness, r, s)


# ----------------------------------------------------------------------------- proofs

CIRCUITS: dict[str, Callable[[], R1CS]] = {
    "square_root": lambda: prover.square_root_circuit(9),
    "cubic": prover.cubic_circuit,
    "range_check": lambda: prover.range_check_circuit(8, 3),
}


def _witness(circuit: str, index: int) -> Witness:
    if circuit == "square_root":
        return prover.square_root_witness(3 if index % 2 == 0 else R - 3)
    if circuit == "cubic":
        return prover.cubic_witness(3 + index)
    return prover.range_check_witness(8, [(37 * index + 11 * j + 5) % 256 for j in range(3)])


@functools.cache
def _keys(circuit: str, seed: str = "") -> tuple[R1CS, ProvingKey, VerifyingKey]:
    r1cs = CIRCUITS[circuit]()
    proving_key, key = prover.setup_groth16(r1cs, _toxic(seed or circuit))
    return r1cs, proving_key, key


@functools.cache
def _proof(circuit: str, index: int) -> tuple[Proof, PublicInputs]:
    r1cs, proving_key, _ = _keys(circuit)
    witness = _witness(circuit, index)
    rng = case_rng("groth16/proofs", f"{circuit}/{index}")
    proof = prover.prove_groth16(proving_key, r1cs, witness, rng.randrange(R), rng.randrange(R))
    return proof, PublicInputs(witness[1 : r1cs.num_public + 1])


def _key(circuit: str) -> VerifyingKey:
    return _keys(circuit)[2]


def _inputs(circuit: str, index: int) -> tuple[int, ...]:
    return _proof(circuit, index)[1].values


def _toxic(circuit: str) -> ToxicWaste:
    return prover.derive_test_toxic_waste(circuit.encode())


def _plus_small(point: G2Point, rng: random.Random) -> G2Point:
    """`point` plus a twist point of order 10069: on the twist, not in G2."""
    return g2_add(point, _small_point(rng))


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


def _statement(key: VerifyingKey, proof: Proof, values: Sequence[int]) -> dict[str, object]:
    return {"vk": key, "proof": proof, "public_inputs": PublicInputs(tuple(values))}


# ----------------------------------------------------------------------------- verification

VALID, SEVERAL = "ValidProof", "SeveralPublicInputs"
NOT_ON_CURVE, NOT_IN_SUBGROUP = "VerifyingKeyPointNotOnCurve", "VerifyingKeyPointNotInSubgroup"
DEGENERATE = "DegenerateVerifyingKey"
VerifyCase = tuple[str, VerifyingKey, Proof, Sequence[int], tuple[str, ...], str | None]


@functools.cache
def _verify_cases() -> list[VerifyCase]:
    """(name, key, proof, inputs, flags, error of prepare_verifying_key or None)."""
    rng = case_rng("groth16/verify_groth16", "tampering")
    cases: list[VerifyCase] = []
    valid = {
        "square_root": ("NoPublicInputs",),
        "cubic": (),
        "range_check": ("SeveralPublicInputs",),
    }
    for circuit, circuit_flags in valid.items():
        proof, inputs = _proof(circuit, 0)
        flags = ("ValidProof", *circuit_flags)
        cases.append((f"valid_{circuit}", _key(circuit), proof, inputs.values, flags, None))
    key = _key("cubic")
    proof, inputs = _proof("cubic", 0)
    x = inputs.values
    a, b, c = proof.a, proof.b, proof.c
    t = rng.randrange(2, R)
    tampered: list[tuple[str, Proof, str]] = [
        ("rerandomized", Proof(g1_mul(a, t), g2_mul(b, pow(t, -1, R)), c), "Malleability"),
        ("a_negated", replace(proof, a=g1_neg(a)), "Tampered"),
        ("b_negated", replace(proof, b=g2_neg(b)), "Tampered"),
        ("c_negated", replace(proof, c=g1_neg(c)), "Tampered"),
        ("a_and_c_swapped", Proof(c, b, a), "Tampered"),
        ("a_random", replace(proof, a=_random_g1(rng)), "Tampered"),
        ("b_random", replace(proof, b=_random_g2(rng)), "Tampered"),
        ("c_random", replace(proof, c=_random_g1(rng)), "Tampered"),
        ("a_from_another_proof", replace(proof, a=_proof("cubic", 1)[0].a), "Tampered"),
        ("a_infinity", replace(proof, a=G1_INFINITY), "Infinity"),
        ("b_infinity", replace(proof, b=G2_INFINITY), "Infinity"),
        ("c_infinity", replace(proof, c=G1_INFINITY), "Infinity"),
        ("a_off_curve", replace(proof, a=_g1_off_curve(a)), "OffCurve"),
        ("b_off_twist", replace(proof, b=_g2_off_twist(b)), "OffCurve"),
        ("c_off_curve", replace(proof, c=_g1_off_curve(c)), "OffCurve"),
        ("b_plus_point_of_order_10069", replace(proof, b=_plus_small(b, rng)), "OutsideSubgroup"),
        ("b_random_twist_point", replace(proof, b=_twist_point(rng)), "OutsideSubgroup"),
    ]
    cases += [(name, key, bad, x, (flag,), None) for name, bad, flag in tampered]
    rp, rk, v = _proof("range_check", 0)[0], _key("range_check"), _inputs("range_check", 0)
    statements: list[tuple[str, VerifyingKey, Proof, Sequence[int], str]] = [
        ("input_plus_one", key, proof, ((x[0] + 1) % R,), "WrongStatement"),
        ("input_plus_r", key, proof, (x[0] + R,), "InputRange"),
        ("input_r", key, proof, (R,), "InputRange"),
        ("input_max_uint256", key, proof, (2**256 - 1,), "InputRange"),
        ("no_inputs", key, proof, (), "InputCount"),
        ("two_inputs", key, proof, (x[0], 0), "InputCount"),
        ("another_setup", _keys("cubic", "other")[2], proof, x, "WrongStatement"),
        ("range_input_changed", rk, rp, (v[0], v[1] ^ 1, v[2]), "WrongStatement"),
        ("range_inputs_permuted", rk, rp, (v[1], v[0], v[2]), "WrongStatement"),
        ("range_inputs_of_another_proof", rk, rp, _inputs("range_check", 1), "WrongStatement"),
    ]
    cases += [(name, k, p, values, (flag,), None) for name, k, p, values, flag in statements]
    small = _small_point(rng)
    outside, off = ("OutsideSubgroup", NOT_IN_SUBGROUP), ("OffCurve", NOT_ON_CURVE)
    bad_keys: list[tuple[str, VerifyingKey, tuple[str, str]]] = [
        ("key_delta_outside_subgroup", replace(key, delta=g2_add(key.delta, small)), outside),
        ("key_beta_outside_subgroup", replace(key, beta=_twist_point(rng)), outside),
        ("key_gamma_off_twist", replace(key, gamma=_g2_off_twist(key.gamma)), off),
        ("key_ic_off_curve", replace(key, ic=(key.ic[0], _g1_off_curve(key.ic[1]))), off),
    ]
    cases += [(name, k, proof, x, (flag,), error) for name, k, (flag, error) in bad_keys]
    # With gamma = delta the equation becomes e(A, B) = e(alpha, beta) e(L + C, gamma), which
    # (alpha, beta, -L) satisfies for any input: the key must be refused, not the proof checked.
    forged_input = rng.randrange(R)
    commitment = g1_add(key.ic[0], g1_mul(key.ic[1], forged_input))
    forged = Proof(key.alpha, key.beta, g1_neg(commitment))
    degenerate = replace(key, delta=key.gamma)
    name = "forgery_under_gamma_equals_delta"
    cases.append((name, degenerate, forged, (forged_input,), ("DegenerateKey",), DEGENERATE))
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


# ----------------------------------------------------------------------------- batches

Batch = Sequence[tuple[Proof, PublicInputs]]


def _batch_input(circuit: str, batch: Batch, seed: bytes = b"") -> dict[str, object]:
    items = [BatchItem(proof, inputs) for proof, inputs in batch]
    return {"vk": _key(circuit), "batch": items, "seed": seed}


def _cubic_batch(size: int) -> list[tuple[Proof, PublicInputs]]:
    return [_proof("cubic", index) for index in range(size)]


def _changed(
    batch: Batch, index: int, proof: Proof | None = None, values: Sequence[int] | None = None
) -> Batch:
    """`batch` with item `index` given another proof or other public inputs."""
    changed = list(batch)
    old_proof, old_inputs = changed[index]
    inputs = old_inputs if values is None else PublicInputs(tuple(values))
    changed[index] = (proof or old_proof, inputs)
    return changed


def _batch_cases() -> list[Case]:
    rng = case_rng("groth16/verify_groth16_batch", "tampering")
    sixteen = _cubic_batch(16)
    four = [_proof("range_check", i) for i in range(4)]
    valid: list[tuple[str, dict[str, object], tuple[str, ...]]] = [
        ("empty", _batch_input("cubic", []), ("EmptyBatch",)),
        ("one_valid", _batch_input("cubic", sixteen[:1]), ("ValidProof",)),
        ("sixteen_valid", _batch_input("cubic", sixteen), ("ValidProof",)),
        (
            "four_valid_three_inputs",
            _batch_input("range_check", four),
            (VALID, "SeveralPublicInputs"),
        ),
        (
            "four_valid_with_seed",
            _batch_input("cubic", sixteen[:4], bytes(range(32))),
            (VALID, "Seed"),
        ),
    ]
    cases = [Case(name, batch, flags=flags) for name, batch, flags in valid]
    for i in (0, 15):
        bad = _changed(sixteen, i, values=((sixteen[i][1].values[0] + 1) % R,))
        flags = ("BatchOneBad", "WrongStatement")
        cases.append(Case(f"one_bad_input_at_{i}", _batch_input("cubic", bad), "invalid", flags))
    p1, p2, p5, p11 = (sixteen[i][0] for i in (1, 2, 5, 11))
    shift = _random_g1(rng)
    cancelling = _changed(sixteen[:4], 1, replace(p1, c=g1_add(p1.c, shift)))
    cancelling = _changed(cancelling, 2, replace(p2, c=g1_add(p2.c, g1_neg(shift))))
    x5 = sixteen[5][1].values[0]
    c5 = replace(p5, c=g1_neg(p5.c))
    b11 = replace(p11, b=_plus_small(p11.b, rng))
    bad_batches: list[tuple[str, Batch, tuple[str, ...]]] = [
        ("one_tampered_proof", _changed(sixteen[:8], 5, c5), ("BatchOneBad", "Tampered")),
        ("cancelling_errors", cancelling, ("CancellingErrors",)),
        ("input_plus_r_in_batch", _changed(sixteen, 5, values=(x5 + R,)), ("InputRange",)),
        ("b_outside_subgroup_in_batch", _changed(sixteen, 11, b11), ("OutsideSubgroup",)),
        ("wrong_input_count_in_batch", _changed(sixteen[:4], 2, values=()), ("InputCount",)),
    ]
    cases += [Case(n, _batch_input("cubic", b), "invalid", f) for n, b, f in bad_batches]
    return cases


def _coefficient_cases() -> list[Case]:
    sixteen = _cubic_batch(16)
    ranges = [_proof("range_check", i) for i in range(2)]
    return [
        Case("one_proof", _batch_input("cubic", sixteen[:1])),
        Case("two_proofs", _batch_input("cubic", sixteen[:2])),
        Case("sixteen_proofs", _batch_input("cubic", sixteen)),
        Case("sixteen_proofs_with_seed", _batch_input("cubic", sixteen, b"seed"), flags=("Seed",)),
        Case("three_inputs", _batch_input("range_check", ranges), flags=("SeveralPublicInputs",)),
    ]


# ----------------------------------------------------------------------------- validation


def _validate_key_cases() -> list[Case]:
    rng = case_rng("groth16/validate_verifying_key", "points")
    key = _key("cubic")
    off, outside = (NOT_ON_CURVE, ("OffCurve",)), (NOT_IN_SUBGROUP, ("OutsideSubgroup",))
    at_infinity = ("DegenerateKey", "Infinity")
    rows: list[tuple[str, VerifyingKey, str, tuple[str, ...]]] = [
        ("no_ic", replace(key, ic=()), DEGENERATE, ("DegenerateKey",)),
        ("alpha_off_curve", replace(key, alpha=_g1_off_curve(key.alpha)), *off),
        ("ic_0_off_curve", replace(key, ic=(_g1_off_curve(key.ic[0]), key.ic[1])), *off),
        ("beta_off_twist", replace(key, beta=_g2_off_twist(key.beta)), *off),
        ("delta_off_twist", replace(key, delta=_g2_off_twist(key.delta)), *off),
        ("gamma_outside_subgroup", replace(key, gamma=_plus_small(key.gamma, rng)), *outside),
        ("delta_random_twist_point", replace(key, delta=_twist_point(rng)), *outside),
        ("alpha_infinity", replace(key, alpha=G1_INFINITY), DEGENERATE, at_infinity),
        ("delta_infinity", replace(key, delta=G2_INFINITY), DEGENERATE, at_infinity),
        ("gamma_equals_delta", replace(key, gamma=key.delta), DEGENERATE, ("DegenerateKey",)),
        ("ic_point_at_infinity", replace(key, ic=(key.ic[0], G1_INFINITY)), "valid", ("Infinity",)),
    ]
    valid = [Case(f"valid_{circuit}", {"vk": _key(circuit)}) for circuit in CIRCUITS]
    return valid + [Case(name, {"vk": k}, error, flags) for name, k, error, flags in rows]


def _validate_proof_cases() -> list[Case]:
    rng = case_rng("groth16/validate_proof", "points")
    proof = _proof("cubic", 0)[0]
    a, b, c = proof.a, proof.b, proof.c
    off, outside = (
        ("ProofPointNotOnCurve", ("OffCurve",)),
        ("ProofPointNotInSubgroup", ("OutsideSubgroup",)),
    )
    swapped = ("ProofPointNotOnCurve", ("WordOrder", "OffCurve"))
    rows: list[tuple[str, Proof, tuple[str, tuple[str, ...]]]] = [
        ("all_at_infinity", Proof(G1_INFINITY, G2_INFINITY, G1_INFINITY), ("valid", ("Infinity",))),
        ("a_off_curve", replace(proof, a=_g1_off_curve(a)), off),
        ("b_off_twist", replace(proof, b=_g2_off_twist(b)), off),
        ("c_off_curve", replace(proof, c=_g1_off_curve(c)), off),
        ("b_plus_point_of_order_10069", replace(proof, b=_plus_small(b, rng)), outside),
        ("b_random_twist_point", replace(proof, b=_twist_point(rng)), outside),
        ("a_zero_zero", replace(proof, a=g1_from_affine(0, 0)), off),
        ("b_coordinates_imaginary_first", replace(proof, b=_swap_halves(b)), swapped),
    ]
    valid = [Case(f"valid_{circuit}", {"proof": _proof(circuit, 0)[0]}) for circuit in CIRCUITS]
    return valid + [Case(name, {"proof": p}, *outcome) for name, p, outcome in rows]


def _validate_inputs_cases() -> list[Case]:
    key = _key("range_check")
    count = ("PublicInputCountMismatch", ("InputCount",))
    rows: list[tuple[str, tuple[int, ...], tuple[str, tuple[str, ...]]]] = [
        ("three_inputs", (1, 2, 3), ("valid", ())),
        ("r_minus_one", (R - 1, 0, 0), ("valid", ())),
        ("r", (0, R, 0), ("PublicInputOutOfRange", ("InputRange",))),
        ("max_uint256", (0, 0, 2**256 - 1), ("PublicInputOutOfRange", ("InputRange",))),
        ("two_inputs", (1, 2), count),
        ("four_inputs", (1, 2, 3, 4), count),
        ("none", (), count),
    ]
    return [
        Case(name, {"vk": key, "public_inputs": PublicInputs(values)}, *outcome)
        for name, values, outcome in rows
    ]


# ----------------------------------------------------------------------------- snarkjs JSON

_REMOVE = object()
Row = tuple[str, str, str, tuple[str, ...]]
MALFORMED = ("InvalidSnarkjsFormat", ("MalformedField",))
RANGE = ("CoordinateOutOfRange", ("CoordinateRange",))
BAD_JSON = ("InvalidJson", ("MalformedJson",))
OTHER = ("UnsupportedProtocol", ("OtherProtocol",))


def _edit(text: str, *path: str | int, to: object = _REMOVE) -> str:
    """`text` as JSON with the value at `path` set `to` another (or removed), indented by 1."""
    document = json.loads(text)
    target = document
    for step in path[:-1]:
        target = target[step]
    if to is _REMOVE:
        del target[path[-1]]
    else:
        target[path[-1]] = to
    return json.dumps(document, indent=1)


def _malformed_numbers(text: str, *path: str | int) -> list[Row]:
    value = functools.reduce(lambda item, step: item[step], path, json.loads(text))
    edits: list[tuple[str, object]] = [
        ("hex", hex(int(value))),
        ("leading_zero", "0" + value),
        ("negative", "-" + value),
        ("json_number", int(value)),
        ("arabic_digits", "\u0661\u0662"),
        ("p", dec(P)),
        ("2_256", dec(2**256)),
    ]
    return [
        (
            f"coordinate_{name}",
            _edit(text, *path, to=number),
            *(RANGE if name == "p" else MALFORMED),
        )
        for name, number in edits
    ]


def _common_malformed(text: str) -> list[Row]:
    duplicate = text.replace('"pi_a"', '"pi_c": [],\n "pi_a"', 1)
    return [
        ("empty_text", "", *BAD_JSON),
        ("truncated", text[: len(text) // 2], *BAD_JSON),
        ("trailing_data", text + "\n{}", *BAD_JSON),
        ("duplicate_key", duplicate.replace('"IC"', '"IC": [],\n "IC"', 1), *BAD_JSON),
        ("top_level_list", "[" + text + "]", *MALFORMED),
    ]


def _text_cases(rows: list[Row]) -> list[Case]:
    return [Case(name, {"text": text}, expect, flags) for name, text, expect, flags in rows]


def _decode_key_cases() -> list[Case]:
    text = g16.encode_snarkjs_verification_key(_key("cubic"))
    snarkjs = ("valid", ("SnarkjsFormat",))
    rows: list[Row] = [
        (f"valid_{c}", g16.encode_snarkjs_verification_key(_key(c)), *snarkjs) for c in CIRCUITS
    ]
    rows += [
        ("without_alphabeta", _edit(text, "vk_alphabeta_12"), "valid", ()),
        ("compact_json", json.dumps(json.loads(text)), "valid", ()),
        ("curve_alt_bn128", _edit(text, "curve", to="alt_bn128"), "valid", ("CurveAlias",)),
        ("curve_upper_case_bn254", _edit(text, "curve", to="BN254"), "valid", ("CurveAlias",)),
        ("ic_point_at_infinity", _edit(text, "IC", 1, to=["0", "1", "0"]), "valid", ("Infinity",)),
        ("nan", text.replace('"nPublic": 1', '"nPublic": NaN'), *BAD_JSON),
        ("protocol_plonk", _edit(text, "protocol", to="plonk"), *OTHER),
        ("curve_bls12381", _edit(text, "curve", to="bls12381"), *OTHER),
        ("protocol_missing", _edit(text, "protocol"), *MALFORMED),
        ("ic_missing", _edit(text, "IC"), *MALFORMED),
        ("unknown_field", _edit(text, "nCommitments", to=0), *MALFORMED),
        ("npublic_string", _edit(text, "nPublic", to="1"), *MALFORMED),
        ("npublic_true", _edit(text, "nPublic", to=True), *MALFORMED),
        ("npublic_negative", _edit(text, "nPublic", to=-1), *MALFORMED),
        ("npublic_too_large", _edit(text, "nPublic", to=2), *MALFORMED),
        ("g1_z_two", _edit(text, "vk_alpha_1", 2, to="2"), *MALFORMED),
        ("g1_two_coordinates", _edit(text, "IC", 0, to=json.loads(text)["IC"][0][:2]), *MALFORMED),
        ("g1_infinity_not_canonical", _edit(text, "IC", 1, to=["0", "0", "0"]), *MALFORMED),
        ("g2_z_not_one", _edit(text, "vk_delta_2", 2, to=["1", "1"]), *MALFORMED),
        ("g2_coordinate_not_a_pair", _edit(text, "vk_beta_2", 0, to="1"), *MALFORMED),
    ]
    return _text_cases(rows + _malformed_numbers(text, "vk_alpha_1", 0) + _common_malformed(text))


def _decode_proof_cases() -> list[Case]:
    text = g16.encode_snarkjs_proof(_proof("cubic", 0)[0])
    snarkjs = ("valid", ("SnarkjsFormat",))
    rows: list[Row] = [
        (f"valid_{c}", g16.encode_snarkjs_proof(_proof(c, 0)[0]), *snarkjs) for c in CIRCUITS
    ]
    g2_infinity = [["0", "0"], ["1", "0"], ["0", "0"]]
    rows += [
        ("without_protocol_and_curve", _edit(_edit(text, "protocol"), "curve"), "valid", ()),
        ("curve_alt_bn128", _edit(text, "curve", to="alt_bn128"), "valid", ("CurveAlias",)),
        ("a_at_infinity", _edit(text, "pi_a", to=["0", "1", "0"]), "valid", ("Infinity",)),
        ("b_at_infinity", _edit(text, "pi_b", to=g2_infinity), "valid", ("Infinity",)),
        ("protocol_plonk", _edit(text, "protocol", to="plonk"), *OTHER),
        ("curve_bls12_381", _edit(text, "curve", to="bls12-381"), *OTHER),
        ("pi_c_missing", _edit(text, "pi_c"), *MALFORMED),
        ("unknown_field", _edit(text, "publicSignals", to=[]), *MALFORMED),
        ("protocol_not_a_string", _edit(text, "protocol", to=16), *MALFORMED),
        ("b_z_zero_not_canonical", _edit(text, "pi_b", 2, to=["0", "0"]), *MALFORMED),
        ("b_three_coordinates", _edit(text, "pi_b", 0, to=["1", "2", "3"]), *MALFORMED),
    ]
    return _text_cases(rows + _malformed_numbers(text, "pi_b", 1, 1) + _common_malformed(text))


def _decode_public_cases() -> list[Case]:
    snarkjs, public = "SnarkjsFormat", g16.encode_snarkjs_public
    return _text_cases(
        [
            ("none", public(PublicInputs(())), "valid", (snarkjs, "NoPublicInputs")),
            ("one", public(_proof("cubic", 0)[1]), "valid", (snarkjs,)),
            ("three", public(_proof("range_check", 0)[1]), "valid", (snarkjs, SEVERAL)),
            ("r_decodes", json.dumps([dec(R)]), "valid", ("InputRange",)),
            ("max_uint256_decodes", json.dumps([dec(2**256 - 1)]), "valid", ("InputRange",)),
            ("two_to_256", json.dumps([dec(2**256)]), *MALFORMED),
            ("leading_zero", '["01"]', *MALFORMED),
            ("json_number", "[1]", *MALFORMED),
            ("negative", '["-1"]', *MALFORMED),
            ("hex", '["0x01"]', *MALFORMED),
            ("nested_list", '[["1"]]', *MALFORMED),
            ("object", '{"0": "1"}', *MALFORMED),
            ("not_json", "[1, 2", *BAD_JSON),
            ("two_documents", "[] []", *BAD_JSON),
        ]
    )


def _encode_key_cases() -> list[Case]:
    return [Case(c, {"vk": _key(c)}, flags=("SnarkjsFormat",)) for c in CIRCUITS]


def _encode_proof_cases() -> list[Case]:
    cases = [Case(c, {"proof": _proof(c, 0)[0]}, flags=("SnarkjsFormat",)) for c in CIRCUITS]
    at_infinity = Proof(G1_INFINITY, G2_INFINITY, _proof("cubic", 0)[0].c)
    return [*cases, Case("a_at_infinity", {"proof": at_infinity}, flags=("Infinity",))]


def _calldata_cases() -> list[Case]:
    proof, inputs = _proof("cubic", 0)
    rp, sp = _proof("range_check", 0)[0], _proof("square_root", 0)[0]
    rows: list[tuple[str, Proof, tuple[int, ...], str, tuple[str, ...]]] = [
        ("cubic", proof, inputs.values, "valid", ("WordOrder",)),
        ("range_check", rp, _inputs("range_check", 0), "valid", ("WordOrder", SEVERAL)),
        ("a_at_infinity", replace(proof, a=G1_INFINITY), inputs.values, "valid", ("Infinity",)),
        ("input_r_is_encoded", proof, (R,), "valid", ("InputRange",)),
        ("no_public_inputs", sp, (), "InvalidType", ("NoSolidityVerifier",)),
        ("input_2_256", proof, (2**256,), "ValueOutOfRange", ("InputRange",)),
    ]
    return [
        Case(name, {"proof": p, "public_inputs": PublicInputs(values)}, expect, flags)
        for name, p, values, expect, flags in rows
    ]


# ----------------------------------------------------------------------------- proving


def _is_satisfied_cases() -> list[Case]:
    bad = ("invalid", ("BadWitness",))
    rows: list[tuple[str, R1CS, Witness, tuple[str, tuple[str, ...]]]] = []
    for circuit, build in CIRCUITS.items():
        witness = _witness(circuit, 0)
        rows.append((f"{circuit}_satisfied", build(), witness, ("valid", ())))
        broken = (*witness[:-1], (witness[-1] + 1) % R)
        rows.append((f"{circuit}_last_value_changed", build(), broken, bad))
    witness = prover.cubic_witness(3)
    rows += [
        ("cubic_w0_not_one", prover.cubic_circuit(), (2, *witness[1:]), bad),
        ("cubic_too_short", prover.cubic_circuit(), witness[:-1], bad),
        ("cubic_value_r", prover.cubic_circuit(), (*witness[:-1], witness[-1] + R), bad),
        ("range_check_two_is_not_a_bit", prover.range_check_circuit(2, 1), (1, 2, 2, 0), bad),
    ]
    return [Case(name, {"r1cs": r1cs, "witness": w}, *outcome) for name, r1cs, w, outcome in rows]


def _setup_cases() -> list[Case]:
    cubic = prover.cubic_circuit()
    toxic = _toxic("cubic")
    bad = ("InvalidToxicWaste", ("BadSecrets",))
    unknown_variable = R1CS(5, 1, (Constraint(((5, 1),), ((0, 1),), ((1, 1),)),))
    rows: list[tuple[str, R1CS, ToxicWaste, tuple[str, tuple[str, ...]]]] = [
        ("square_root", CIRCUITS["square_root"](), _toxic("square_root"), ("valid", ())),
        ("cubic", cubic, toxic, ("valid", ())),
        ("alpha_zero", cubic, replace(toxic, alpha=0), bad),
        ("delta_r", cubic, replace(toxic, delta=R), bad),
        ("tau_one_in_domain", cubic, replace(toxic, tau=1), bad),
        ("tau_minus_one_in_domain", cubic, replace(toxic, tau=R - 1), bad),
        ("variable_out_of_range", unknown_variable, toxic, ("InvalidR1CS", ())),
    ]
    return [
        Case(name, {"r1cs": r1cs, "toxic_waste": t}, *outcome) for name, r1cs, t, outcome in rows
    ]


def _prove_cases() -> list[Case]:
    rows: list[tuple[str, str, Witness, int, int, str, tuple[str, ...]]] = []
    for circuit in CIRCUITS:
        rng = case_rng("groth16/prove_groth16", circuit)
        r, s = rng.randrange(R), rng.randrange(R)
        rows.append((circuit, circuit, _witness(circuit, 0), r, s, "valid", ("ValidProof",)))
    witness = _witness("cubic", 0)
    unsatisfied = (*witness[:-1], witness[-1] + 1)
    rows += [
        ("cubic_no_blinding", "cubic", witness, 0, 0, "valid", ("Blinding",)),
        ("cubic_unsatisfied", "cubic", unsatisfied, 1, 2, "UnsatisfiedConstraint", ("BadWitness",)),
        ("cubic_w0_not_one", "cubic", (0, *witness[1:]), 1, 2, "InvalidWitness", ("BadWitness",)),
    ]
    cases = []
    for name, circuit, w, r, s, expect, flags in rows:
        keys = {"r1cs": CIRCUITS[circuit](), "toxic_waste": _toxic(circuit)}
        cases.append(Case(name, {**keys, "witness": w, "r": r, "s": s}, expect, flags))
    return cases


# ----------------------------------------------------------------------------- suites

STATEMENT = ("input: {vk, proof, public_inputs}.", *VALUES)
BATCH = (
    "input: {vk, batch: [{proof, public_inputs}], seed}; seed is bytes (0x-hex), usually empty.",
    *VALUES,
)
TEXT = (*VALUES, "input.text is the text of a snarkjs JSON file; output is the decoded value.")
PROVER = (*CIRCUITS_TEXT, *VALUES)
DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "verify_groth16": (
        "Whether the proof is valid for the key and inputs; output is the boolean.",
        *STATEMENT,
    ),
    "verify_groth16_prepared": (
        "prepare_verifying_key(vk), which raises on an invalid key, then "
        "verify_groth16_prepared; output is the boolean.",
        *STATEMENT,
    ),
    "verify_groth16_batch": (
        "prepare_verifying_key(vk), then verify_groth16_batch(prepared, batch, seed); "
        "output is the boolean.",
        *BATCH,
    ),
    "compute_batch_coefficients": (
        "The batch coefficients as [a_i, b_i] pairs of decimal strings: "
        "rho_i = a_i + G1_ENDOMORPHISM_LAMBDA * b_i mod r.",
        *BATCH,
    ),
    "validate_verifying_key": ("input: {vk}. Raises on an invalid key; output is null.", *VALUES),
    "validate_proof": ("input: {proof}. Raises on an invalid proof; output is null.", *VALUES),
    "validate_public_inputs": (
        "input: {vk, public_inputs}. Raises on invalid inputs; output is null.",
        *VALUES,
    ),
    "decode_snarkjs_verification_key": ("Decodes verification_key.json; output is the key.", *TEXT),
    "decode_snarkjs_proof": ("Decodes proof.json; output is the proof.", *TEXT),
    "decode_snarkjs_public": ("Decodes public.json; output is the list of public inputs.", *TEXT),
    "encode_snarkjs_verification_key": (
        "input: {vk}; output is the text of verification_key.json.",
        *VALUES,
    ),
    "encode_snarkjs_proof": ("input: {proof}; output is the text of proof.json.", *VALUES),
    "encode_solidity_calldata": (
        "input: {proof, public_inputs}; output is the calldata of verifyProof (bytes).",
        *VALUES,
    ),
    "is_satisfied": (
        "input: {r1cs, witness}; output is whether the witness satisfies the system.",
        *CIRCUITS_TEXT,
    ),
    "setup_groth16": (
        "input: {r1cs, toxic_waste}; output is {verifying_key, proving_key}, the proving key "
        "{domain_size, alpha_g1, beta_g1, beta_g2, delta_g1, delta_g2, a_query, b_g1_query, "
        "b_g2_query, l_query, h_query}.",
        *PROVER,
    ),
    "prove_groth16": (
        "input: {r1cs, toxic_waste, witness, r, s}: setup_groth16(r1cs, toxic_waste), then "
        "prove_groth16(proving_key, r1cs, witness, r, s); output is the proof.",
        *PROVER,
    ),
}

Adapter = Callable[..., object] | None
# (function, cases, adapter or None for the function itself, whether it is a predicate)
TABLE: list[tuple[Callable[..., object], Callable[[], Sequence[Case]], Adapter, bool]] = [
    (g16.verify_groth16, lambda: _verify_suite_cases(prepared=False), _verify, True),
    (
        g16.verify_groth16_prepared,
        lambda: _verify_suite_cases(prepared=True),
        _verify_prepared,
        True,
    ),
    (g16.verify_groth16_batch, _batch_cases, _verify_batch, True),
    (g16.compute_batch_coefficients, _coefficient_cases, _coefficients, False),
    (g16.validate_verifying_key, _validate_key_cases, _validate_key, False),
    (g16.validate_proof, _validate_proof_cases, None, False),
    (g16.validate_public_inputs, _validate_inputs_cases, _validate_inputs, False),
    (g16.decode_snarkjs_verification_key, _decode_key_cases, None, False),
    (g16.decode_snarkjs_proof, _decode_proof_cases, None, False),
    (g16.decode_snarkjs_public, _decode_public_cases, None, False),
    (g16.encode_snarkjs_verification_key, _encode_key_cases, _encode_key, False),
    (g16.encode_snarkjs_proof, _encode_proof_cases, None, False),
    (g16.encode_solidity_calldata, _calldata_cases, None, False),
    (prover.is_satisfied, _is_satisfied_cases, None, True),
    (prover.setup_groth16, _setup_cases, _setup, False),
    (prover.prove_groth16, _prove_cases, _prove, False),
]
SUITES: list[Suite] = [
    declare(
        "groth16",
        function,
        cases,
        DESCRIPTIONS[function.__name__],
        via=via,
        notes=NOTES,
        parameters=PARAMETERS,
        predicate=predicate,
    )
    for function, cases, via, predicate in TABLE
]
