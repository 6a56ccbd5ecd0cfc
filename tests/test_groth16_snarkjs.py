"""snarkjs compatibility: files written by snarkjs verify and re-encode byte for byte, snarkjs's
calldata words are reproduced, a hand-written snarkjs-shaped document decodes, and malformed JSON
is rejected with named errors (specs/crypto/groth16.md, "snarkjs JSON" and "Solidity calldata")."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import sys
from pathlib import Path

import pytest

from l2ref.crypto.bn254_curves import G1_INFINITY, G2_INFINITY, g1_to_affine, g2_to_affine
from l2ref.crypto.bn254_fields import CURVE_ORDER, FIELD_MODULUS
from l2ref.crypto.bn254_pairing import pairing
from l2ref.crypto.groth16 import (
    SNARKJS_GT_EXPONENT,
    Proof,
    PublicInputs,
    VerifyingKey,
    compute_snarkjs_alpha_beta,
    decode_snarkjs_proof,
    decode_snarkjs_public,
    decode_snarkjs_verification_key,
    encode_snarkjs_proof,
    encode_snarkjs_public,
    encode_snarkjs_verification_key,
    encode_solidity_calldata,
    prepare_verifying_key,
    verify_groth16,
    verify_groth16_batch,
    verify_groth16_prepared,
)
from l2ref.crypto.groth16_prover import (
    R1CS,
    ProvingKey,
    derive_test_toxic_waste,
    prove_groth16,
    range_check_circuit,
    range_check_witness,
    setup_groth16,
)
from l2ref.errors import (
    CoordinateOutOfRange,
    DecodingError,
    DegenerateVerifyingKey,
    InvalidJson,
    InvalidSnarkjsFormat,
    UnsupportedProtocol,
    ValueOutOfRange,
)

DATA = Path(__file__).resolve().parent / "data" / "groth16"

SHA256 = {
    "safe_poseidon/verification_key.json": (
        "7c96facbe65d9cb05c1ef24deac33b2c48b12ae2cdeb65b49fdd1ef1c9182c02"
    ),
    "safe_poseidon/proof.json": "9dc8a37235a2ad63c5fad3f7e7ff500faeefc9815247f1b8c2d3ecbe5d765c95",
    "safe_poseidon/public.json": "84f8f77637f356f42a45f987bea5ef62ede8713dcf68fc2d2b105bc180c0ce8c",
    "mimc5/proof.json": "2513b7bb53c523fadbe3dd04391b9ee3190446ddda69818f203b51fc2daf5f59",
    "mimc5/public.json": "e3115acb486b9aec11d2504123f22a816014513ed8cb0762d4559976eb4c6bc6",
    "mimc5/soliditycalldata": "29eb39db3f6de00ef7424ab7e22e6d20f0abf74052234f7933ca33bd9bf8d8b6",
}


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@functools.cache
def snarkjs_statement() -> tuple[VerifyingKey, Proof, PublicInputs]:
    return (
        decode_snarkjs_verification_key(read("safe_poseidon/verification_key.json")),
        decode_snarkjs_proof(read("safe_poseidon/proof.json")),
        decode_snarkjs_public(read("safe_poseidon/public.json")),
    )


@functools.cache
def range_setup() -> tuple[R1CS, ProvingKey, VerifyingKey]:
    r1cs = range_check_circuit(8, 3)
    proving_key, key = setup_groth16(r1cs, derive_test_toxic_waste(b"snarkjs"))
    return r1cs, proving_key, key


@pytest.mark.parametrize("name", sorted(SHA256))
def test_vendored_files_are_the_published_ones(name: str) -> None:
    assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == SHA256[name]


def test_no_unlisted_vendored_files() -> None:
    present = {p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.is_file()}
    assert present == set(SHA256) | {"README.md"}


def test_a_proof_written_by_snarkjs_verifies() -> None:
    key, proof, inputs = snarkjs_statement()
    assert len(key.ic) == 2
    assert verify_groth16(key, proof, inputs)
    prepared = prepare_verifying_key(key)
    assert verify_groth16_prepared(prepared, proof, inputs)
    assert verify_groth16_batch(prepared, [(proof, inputs), (proof, inputs)])
    changed = PublicInputs(((inputs.values[0] + 1) % CURVE_ORDER,))
    assert not verify_groth16(key, proof, changed)
    assert not verify_groth16_batch(prepared, [(proof, inputs), (proof, changed)])


def test_files_written_by_snarkjs_re_encode_to_the_same_bytes() -> None:
    key, proof, inputs = snarkjs_statement()
    assert encode_snarkjs_verification_key(key) == read("safe_poseidon/verification_key.json")
    assert encode_snarkjs_proof(proof) == read("safe_poseidon/proof.json")
    assert encode_snarkjs_public(inputs) == read("safe_poseidon/public.json")
    assert encode_snarkjs_proof(decode_snarkjs_proof(read("mimc5/proof.json"))) == read(
        "mimc5/proof.json"
    )


def test_vk_alphabeta_12_is_the_pairing_to_the_power_m() -> None:
    key = snarkjs_statement()[0]
    written = json.loads(read("safe_poseidon/verification_key.json"))["vk_alphabeta_12"]
    value = compute_snarkjs_alpha_beta(key)
    assert [[[str(c[0]), str(c[1])] for c in half] for half in value] == written
    # Not e(alpha, beta) itself: snarkjs's final exponentiation is a fixed power of the exact one.
    assert value != pairing(key.alpha, key.beta)
    assert SNARKJS_GT_EXPONENT % CURVE_ORDER != 1


def test_vk_alphabeta_12_is_ignored_when_reading() -> None:
    document = json.loads(read("safe_poseidon/verification_key.json"))
    document["vk_alphabeta_12"] = [[["1", "2"]]]
    key = decode_snarkjs_verification_key(json.dumps(document))
    assert key == snarkjs_statement()[0]
    del document["vk_alphabeta_12"]
    assert decode_snarkjs_verification_key(json.dumps(document)) == key


def test_calldata_words_equal_snarkjs_export_soliditycalldata() -> None:
    proof = decode_snarkjs_proof(read("mimc5/proof.json"))
    inputs = decode_snarkjs_public(read("mimc5/public.json"))
    data = encode_solidity_calldata(proof, inputs)
    words = re.findall(r"0x([0-9a-f]{64})", read("mimc5/soliditycalldata"))
    assert len(words) == 9
    assert [data[4 + 32 * i : 36 + 32 * i].hex() for i in range(9)] == words
    assert len(data) == 4 + 32 * 9


# The layout of proof.json and public.json as snarkjs writes them (src/groth16_prove.js writes
# JSON.stringify(stringifyBigInts(proof), null, 1)); the numbers are filled in from our prover.
PROOF_TEMPLATE = """{{
 "pi_a": [
  "{a_x}",
  "{a_y}",
  "1"
 ],
 "pi_b": [
  [
   "{b_x0}",
   "{b_x1}"
  ],
  [
   "{b_y0}",
   "{b_y1}"
  ],
  [
   "1",
   "0"
  ]
 ],
 "pi_c": [
  "{c_x}",
  "{c_y}",
  "1"
 ],
 "protocol": "groth16",
 "curve": "bn128"
}}"""

PUBLIC_TEMPLATE = """[
 "{x1}",
 "{x2}",
 "{x3}"
]"""


def test_a_hand_written_snarkjs_document_with_our_numbers_verifies() -> None:
    r1cs, proving_key, key = range_setup()
    witness = range_check_witness(8, [3, 200, 77])
    proof = prove_groth16(proving_key, r1cs, witness, 11, 13)
    a, c, b = g1_to_affine(proof.a), g1_to_affine(proof.c), g2_to_affine(proof.b)
    assert a is not None
    assert b is not None
    assert c is not None
    text = PROOF_TEMPLATE.format(
        a_x=a[0],
        a_y=a[1],
        b_x0=b[0][0],
        b_x1=b[0][1],
        b_y0=b[1][0],
        b_y1=b[1][1],
        c_x=c[0],
        c_y=c[1],
    )
    public = PUBLIC_TEMPLATE.format(x1=3, x2=200, x3=77)
    assert encode_snarkjs_proof(proof) == text
    assert encode_snarkjs_public(PublicInputs((3, 200, 77))) == public
    assert decode_snarkjs_proof(text) == proof
    assert verify_groth16(key, decode_snarkjs_proof(text), decode_snarkjs_public(public))


def test_prover_output_round_trips_through_snarkjs_json() -> None:
    r1cs, proving_key, key = range_setup()
    witness = range_check_witness(8, [1, 2, 255])
    proof = prove_groth16(proving_key, r1cs, witness, 5, 7)
    texts = (
        encode_snarkjs_verification_key(key),
        encode_snarkjs_proof(proof),
        encode_snarkjs_public(PublicInputs(witness[1:4])),
    )
    document = json.loads(texts[0])
    assert list(document) == [
        "protocol",
        "curve",
        "nPublic",
        "vk_alpha_1",
        "vk_beta_2",
        "vk_gamma_2",
        "vk_delta_2",
        "vk_alphabeta_12",
        "IC",
    ]
    assert document["nPublic"] == 3
    assert not texts[0].endswith("\n")
    key_back = decode_snarkjs_verification_key(texts[0])
    proof_back = decode_snarkjs_proof(texts[1])
    inputs_back = decode_snarkjs_public(texts[2])
    assert (key_back, proof_back, inputs_back.values) == (key, proof, witness[1:4])
    assert verify_groth16(key_back, proof_back, inputs_back)


def test_points_at_infinity_are_written_as_snarkjs_writes_them() -> None:
    text = encode_snarkjs_proof(Proof(G1_INFINITY, G2_INFINITY, G1_INFINITY))
    document = json.loads(text)
    assert document["pi_a"] == ["0", "1", "0"]
    assert document["pi_b"] == [["0", "0"], ["1", "0"], ["0", "0"]]
    assert decode_snarkjs_proof(text) == Proof(G1_INFINITY, G2_INFINITY, G1_INFINITY)


def test_encoders_refuse_what_the_decoders_would_refuse() -> None:
    key = range_setup()[2]
    with pytest.raises(DegenerateVerifyingKey):
        encode_snarkjs_verification_key(VerifyingKey(key.alpha, key.beta, key.gamma, key.delta, ()))
    with pytest.raises(ValueOutOfRange):
        encode_snarkjs_public(PublicInputs((-1,)))
    with pytest.raises(ValueOutOfRange):
        encode_snarkjs_public(PublicInputs((2**256,)))


@pytest.mark.parametrize("curve", ["bn128", "bn254", "BN254", "alt_bn128", "alt-bn128", "AltBn128"])
def test_curve_names_that_snarkjs_reads_as_bn254(curve: str) -> None:
    document = json.loads(read("safe_poseidon/verification_key.json"))
    document["curve"] = curve
    assert decode_snarkjs_verification_key(json.dumps(document)) == snarkjs_statement()[0]


def edited(name: str, path: list[str | int], value: object) -> str:
    document = json.loads(read(name))
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return json.dumps(document, indent=1)


VK = "safe_poseidon/verification_key.json"
PROOF = "safe_poseidon/proof.json"


BOTH = "both"

MALFORMED: list[tuple[str, str, type[DecodingError]]] = [
    (BOTH, "", InvalidJson),
    (BOTH, "{", InvalidJson),
    (BOTH, '{"a": 1} {}', InvalidJson),
    (BOTH, '{"pi_a": [], "pi_a": []}', InvalidJson),
    (BOTH, '{"nPublic": NaN}', InvalidJson),
    (BOTH, "[" * 100_000, InvalidJson),
    (BOTH, '{"protocol": "groth16", "nPublic": ' + "9" * 5000 + "}", InvalidJson),
    (BOTH, "[]", InvalidSnarkjsFormat),
    (BOTH, '"groth16"', InvalidSnarkjsFormat),
    (VK, edited(VK, ["protocol"], "plonk"), UnsupportedProtocol),
    (VK, edited(VK, ["curve"], "bls12381"), UnsupportedProtocol),
    (VK, edited(VK, ["curve"], 128), InvalidSnarkjsFormat),
    (VK, edited(VK, ["nPublic"], 2), InvalidSnarkjsFormat),
    (VK, edited(VK, ["nPublic"], True), InvalidSnarkjsFormat),
    (VK, edited(VK, ["nPublic"], 1.0), InvalidSnarkjsFormat),
    (VK, edited(VK, ["nCommitments"], 1), InvalidSnarkjsFormat),
    (VK, edited(VK, ["IC"], {}), InvalidSnarkjsFormat),
    (VK, edited(VK, ["vk_alpha_1", 2], "2"), InvalidSnarkjsFormat),
    (VK, edited(VK, ["vk_alpha_1", 0], "0x1"), InvalidSnarkjsFormat),
    (VK, edited(VK, ["vk_alpha_1", 0], "01"), InvalidSnarkjsFormat),
    (VK, edited(VK, ["vk_alpha_1", 0], " 1"), InvalidSnarkjsFormat),
    (VK, edited(VK, ["vk_alpha_1", 0], "\uff11"), InvalidSnarkjsFormat),
    (VK, edited(VK, ["vk_alpha_1", 0], str(FIELD_MODULUS)), CoordinateOutOfRange),
    (VK, edited(VK, ["vk_beta_2", 0, 1], str(FIELD_MODULUS + 1)), CoordinateOutOfRange),
    (VK, edited(VK, ["vk_beta_2", 0, 1], "9" * 79), InvalidSnarkjsFormat),
    (VK, edited(VK, ["vk_beta_2", 2], ["0", "0"]), InvalidSnarkjsFormat),
    (VK, edited(VK, ["vk_gamma_2"], [["1", "2"], ["3", "4"]]), InvalidSnarkjsFormat),
    (PROOF, edited(PROOF, ["pi_a"], ["1", "2"]), InvalidSnarkjsFormat),
    (PROOF, edited(PROOF, ["pi_b", 0], ["1", "2", "3"]), InvalidSnarkjsFormat),
    (PROOF, edited(PROOF, ["protocol"], "fflonk"), UnsupportedProtocol),
    (PROOF, edited(PROOF, ["extra"], None), InvalidSnarkjsFormat),
]


@pytest.mark.parametrize(("kind", "text", "error"), MALFORMED)
def test_malformed_documents_are_rejected_with_named_errors(
    kind: str, text: str, error: type[DecodingError]
) -> None:
    if kind in (BOTH, VK):
        with pytest.raises(error):
            decode_snarkjs_verification_key(text)
    if kind in (BOTH, PROOF):
        with pytest.raises(error):
            decode_snarkjs_proof(text)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", InvalidJson),
        ("{}", InvalidSnarkjsFormat),
        ("[1]", InvalidSnarkjsFormat),
        ('["-1"]', InvalidSnarkjsFormat),
        ('["1e3"]', InvalidSnarkjsFormat),
        ('["' + str(2**256) + '"]', InvalidSnarkjsFormat),
        ('[["1"]]', InvalidSnarkjsFormat),
    ],
)
def test_malformed_public_files_are_rejected(text: str, error: type[DecodingError]) -> None:
    with pytest.raises(error):
        decode_snarkjs_public(text)


def test_public_inputs_at_or_above_r_decode_and_fail_verification() -> None:
    key, proof, inputs = snarkjs_statement()
    shifted = decode_snarkjs_public(json.dumps([str(inputs.values[0] + CURVE_ORDER)]))
    assert shifted.values == (inputs.values[0] + CURVE_ORDER,)
    assert not verify_groth16(key, proof, shifted)


def test_deep_nesting_is_an_error_even_with_a_raised_recursion_limit() -> None:
    # py_ecc raises the limit to 100,000 on import; the C parser would then overflow the stack.
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(100_000)
    try:
        for text in ("[" * 200_000, '{"a": ' * 50_000, "[" * 17 + "]" * 17):
            for decode in (
                decode_snarkjs_verification_key,
                decode_snarkjs_proof,
                decode_snarkjs_public,
            ):
                with pytest.raises(InvalidJson):
                    decode(text)
    finally:
        sys.setrecursionlimit(previous)
    # Brackets inside strings do not count.
    assert decode_snarkjs_public(json.dumps([])) == PublicInputs(())
    with pytest.raises(InvalidSnarkjsFormat):
        decode_snarkjs_public(json.dumps(["[" * 40]))
