"""Properties of Groth16 verification and snarkjs decoding (invariants I-G16-4 and I-G16-5):
decoders raise only DecodingError subclasses on any text, verify_* never raise on well-typed
garbage, and valid values round-trip through snarkjs JSON."""

from __future__ import annotations

import functools
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from l2ref.crypto.bn254_curves import (
    G1_GENERATOR,
    G2_GENERATOR,
    G1Point,
    G2Point,
    g1_from_affine,
    g1_mul,
    g1_to_affine,
    g2_from_affine,
    g2_mul,
    g2_to_affine,
)
from l2ref.crypto.bn254_fields import CURVE_ORDER, FIELD_MODULUS
from l2ref.crypto.groth16 import (
    PreparedVerifyingKey,
    Proof,
    PublicInputs,
    VerifyingKey,
    decode_snarkjs_proof,
    decode_snarkjs_public,
    decode_snarkjs_verification_key,
    encode_snarkjs_proof,
    encode_snarkjs_public,
    encode_snarkjs_verification_key,
    prepare_verifying_key,
    verify_groth16,
    verify_groth16_batch,
    verify_groth16_prepared,
)
from l2ref.crypto.groth16_prover import (
    cubic_circuit,
    cubic_witness,
    derive_test_toxic_waste,
    prove_groth16,
    setup_groth16,
)
from l2ref.errors import DecodingError

P = FIELD_MODULUS
R = CURVE_ORDER


@functools.cache
def statement() -> tuple[VerifyingKey, PreparedVerifyingKey, Proof, PublicInputs]:
    r1cs = cubic_circuit()
    proving_key, key = setup_groth16(r1cs, derive_test_toxic_waste(b"properties"))
    witness = cubic_witness(4)
    proof = prove_groth16(proving_key, r1cs, witness, 7, 9)
    return key, prepare_verifying_key(key), proof, PublicInputs(witness[1:2])


@functools.cache
def valid_texts() -> tuple[tuple[object, str], ...]:
    key, _, proof, inputs = statement()
    return (
        (decode_snarkjs_verification_key, encode_snarkjs_verification_key(key)),
        (decode_snarkjs_proof, encode_snarkjs_proof(proof)),
        (decode_snarkjs_public, encode_snarkjs_public(inputs)),
    )


def decoded_outcome(decode: object, text: str) -> object:
    try:
        return decode(text)  # type: ignore[operator]
    except DecodingError as exc:
        return type(exc)


JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**300), max_value=2**300),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["0", "1", str(P), str(R), str(2**256), "01", "-1", "0x1"]),
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(st.text(max_size=300))
def test_decoders_raise_only_decoding_errors_on_any_text(text: str) -> None:
    for decode in (decode_snarkjs_verification_key, decode_snarkjs_proof, decode_snarkjs_public):
        decoded_outcome(decode, text)


@given(JSON_VALUES)
def test_decoders_raise_only_decoding_errors_on_any_json(value: object) -> None:
    text = json.dumps(value)
    for decode in (decode_snarkjs_verification_key, decode_snarkjs_proof, decode_snarkjs_public):
        decoded_outcome(decode, text)


def _paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    paths = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            paths += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            paths += _paths(child, (*prefix, index))
    return paths


@settings(max_examples=100)
@given(st.data())
def test_decoders_survive_any_single_mutation_of_a_valid_file(data: st.DataObject) -> None:
    decode, text = data.draw(st.sampled_from(valid_texts()))
    document = json.loads(text)
    path = data.draw(st.sampled_from(_paths(document)))
    replacement = data.draw(JSON_VALUES)
    if not path:
        document = replacement
    else:
        target = document
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = replacement
    decoded_outcome(decode, json.dumps(document))


COORDINATES = st.one_of(
    st.integers(min_value=0, max_value=P - 1),
    st.integers(min_value=-(2**300), max_value=2**300),
    st.sampled_from([0, 1, P, P + 1]),
)
G1_TRIPLES = st.tuples(COORDINATES, COORDINATES, st.sampled_from([0, 1]) | COORDINATES)
FP2 = st.tuples(COORDINATES, COORDINATES)
G2_TRIPLES = st.tuples(FP2, FP2, st.sampled_from([(0, 0), (1, 0)]) | FP2)
INPUTS = st.lists(st.integers(min_value=-(2**300), max_value=2**300), max_size=3)


@settings(max_examples=30)
@given(G1_TRIPLES, G2_TRIPLES, G1_TRIPLES, INPUTS, st.integers(min_value=0, max_value=5))
def test_verify_functions_return_bools_on_well_typed_garbage(
    a: G1Point, b: G2Point, c: G1Point, values: list[int], which: int
) -> None:
    key, prepared, proof, inputs = statement()
    # Mix garbage with the valid proof so that later checks are reached too.
    garbage = Proof(
        a if which != 1 else proof.a, b if which != 2 else proof.b, c if which != 3 else proof.c
    )
    statement_inputs = PublicInputs(tuple(values)) if which != 4 else inputs
    assert verify_groth16(key, garbage, statement_inputs) in (True, False)
    assert verify_groth16_prepared(prepared, garbage, statement_inputs) in (True, False)
    assert verify_groth16_batch(prepared, [(proof, inputs), (garbage, statement_inputs)]) in (
        True,
        False,
    )
    bad_key = VerifyingKey(a, b, b, b, (c,) * which)
    assert verify_groth16(bad_key, garbage, statement_inputs) in (True, False)


@settings(max_examples=20)
@given(
    st.integers(min_value=0, max_value=R - 1),
    st.integers(min_value=0, max_value=R - 1),
    st.integers(min_value=0, max_value=R - 1),
    st.lists(st.integers(min_value=0, max_value=2**256 - 1), max_size=4),
)
def test_snarkjs_json_round_trips(k1: int, k2: int, k3: int, values: list[int]) -> None:
    def g1(k: int) -> G1Point:
        affine = g1_to_affine(g1_mul(G1_GENERATOR, k))
        return (1, 1, 0) if affine is None else g1_from_affine(*affine)

    def g2(k: int) -> G2Point:
        affine = g2_to_affine(g2_mul(G2_GENERATOR, k))
        return ((1, 0), (1, 0), (0, 0)) if affine is None else g2_from_affine(*affine)

    proof = Proof(g1(k1), g2(k2), g1(k3))
    assert decode_snarkjs_proof(encode_snarkjs_proof(proof)) == proof
    inputs = PublicInputs(tuple(values))
    assert decode_snarkjs_public(encode_snarkjs_public(inputs)) == inputs
