"""`l2ref groth16 verify`: OK (exit 0), INVALID (exit 1), or a one-line error (exit 2)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from l2ref.cli import main
from l2ref.crypto.bn254_curves import g1_neg
from l2ref.crypto.bn254_fields import CURVE_ORDER
from l2ref.crypto.groth16 import (
    Proof,
    PublicInputs,
    encode_snarkjs_proof,
    encode_snarkjs_public,
    encode_snarkjs_verification_key,
)
from l2ref.crypto.groth16_prover import (
    cubic_circuit,
    cubic_witness,
    derive_test_toxic_waste,
    prove_groth16,
    setup_groth16,
)

DATA = Path(__file__).resolve().parent / "data" / "groth16" / "safe_poseidon"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A key, a valid proof, its inputs, and a tampered proof, written in snarkjs's format."""
    directory = tmp_path_factory.mktemp("groth16")
    r1cs = cubic_circuit()
    proving_key, key = setup_groth16(r1cs, derive_test_toxic_waste(b"cli"))
    witness = cubic_witness(6)
    proof = prove_groth16(proving_key, r1cs, witness, 3, 4)
    (directory / "verification_key.json").write_text(encode_snarkjs_verification_key(key))
    (directory / "proof.json").write_text(encode_snarkjs_proof(proof))
    (directory / "public.json").write_text(encode_snarkjs_public(PublicInputs(witness[1:2])))
    tampered = Proof(proof.a, proof.b, g1_neg(proof.c))
    (directory / "tampered.json").write_text(encode_snarkjs_proof(tampered))
    (directory / "other_public.json").write_text(encode_snarkjs_public(PublicInputs((1,))))
    return directory


def run(
    directory: Path, vk: str, proof: str, public: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    code = main(
        [
            "groth16",
            "verify",
            "--vk",
            str(directory / vk),
            "--proof",
            str(directory / proof),
            "--public",
            str(directory / public),
        ]
    )
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_valid_proof_prints_ok(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(files, "verification_key.json", "proof.json", "public.json", capsys) == (
        0,
        "OK\n",
        "",
    )


def test_a_proof_written_by_snarkjs_prints_ok(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(DATA, "verification_key.json", "proof.json", "public.json", capsys)
    assert (code, out) == (0, "OK\n")


@pytest.mark.parametrize(
    ("proof", "public"), [("tampered.json", "public.json"), ("proof.json", "other_public.json")]
)
def test_an_invalid_proof_prints_invalid(
    files: Path, proof: str, public: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(files, "verification_key.json", proof, public, capsys) == (1, "INVALID\n", "")


def test_inputs_out_of_range_or_of_the_wrong_count_are_invalid(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    public = json.loads((files / "public.json").read_text())
    (files / "plus_r.json").write_text(json.dumps([str(int(public[0]) + CURVE_ORDER)]))
    (files / "two.json").write_text(json.dumps([public[0], "0"]))
    for name in ("plus_r.json", "two.json"):
        assert run(files, "verification_key.json", "proof.json", name, capsys)[:2] == (
            1,
            "INVALID\n",
        )


def test_missing_and_malformed_files_are_errors(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (files / "not_json.json").write_text("{")
    (files / "latin1.json").write_bytes(b'["\xe9"]')
    key = json.loads((files / "verification_key.json").read_text())
    key["vk_delta_2"] = key["vk_gamma_2"]
    (files / "degenerate_key.json").write_text(json.dumps(key))
    key = json.loads((files / "verification_key.json").read_text())
    key["protocol"] = "plonk"
    (files / "plonk_key.json").write_text(json.dumps(key))
    cases = [
        ("missing.json", "proof.json", "public.json", "missing.json"),
        ("verification_key.json", "not_json.json", "public.json", "InvalidJson"),
        ("verification_key.json", "proof.json", "latin1.json", "not UTF-8"),
        ("verification_key.json", "proof.json", ".", "cannot read"),
        ("degenerate_key.json", "proof.json", "public.json", "DegenerateVerifyingKey"),
        ("plonk_key.json", "proof.json", "public.json", "UnsupportedProtocol"),
        ("proof.json", "proof.json", "public.json", "InvalidSnarkjsFormat"),
    ]
    for vk, proof, public, expected in cases:
        code, out, err = run(files, vk, proof, public, capsys)
        assert code == 2
        assert out == ""
        assert err.startswith("error: ")
        assert err.count("\n") == 1
        assert expected in err


def test_the_installed_command(files: Path) -> None:
    beside = Path(sys.executable).parent / "l2ref"
    command = str(beside) if beside.exists() else shutil.which("l2ref")
    if command is None:
        pytest.skip("the l2ref console script is not installed")
    result = subprocess.run(
        [
            command,
            "groth16",
            "verify",
            "--vk",
            str(files / "verification_key.json"),
            "--proof",
            str(files / "tampered.json"),
            "--public",
            str(files / "public.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (1, "INVALID\n")
