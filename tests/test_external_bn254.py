"""BN254 against independent oracles: go-ethereum's precompile vectors (byte for byte, with gas)
and py_ecc's optimized_bn128 (differential tests, and a re-derivation of the vector files)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from py_ecc import optimized_bn128

from l2ref.crypto.bn254_curves import (
    G1_GENERATOR,
    G2_GENERATOR,
    G1Point,
    G2Point,
    g1_add,
    g1_mul,
    g1_to_affine,
    g2_add,
    g2_mul,
    g2_to_affine,
)
from l2ref.crypto.bn254_fields import Fp2, Fp12, fp2_mul, fp12_inv, fp12_mul
from l2ref.crypto.bn254_pairing import pairing
from l2ref.crypto.bn254_precompiles import (
    ec_add,
    ec_add_gas,
    ec_mul,
    ec_mul_gas,
    ec_pairing,
    ec_pairing_gas,
)

# py_ecc's package re-exports its names implicitly, which strict mypy does not follow.
ob: Any = optimized_bn128
ROOT = Path(__file__).resolve().parent.parent
GETH = Path(__file__).resolve().parent / "external" / "geth-precompiles"
VECTORS = ROOT / "vectors" / "bn254"
P = ob.field_modulus
R = ob.curve_order
PRECOMPILES = {
    "bn256Add": (ec_add, ec_add_gas),
    "bn256ScalarMul": (ec_mul, ec_mul_gas),
    "bn256Pairing": (ec_pairing, ec_pairing_gas),
}

# A py_ecc point (Jacobian-like triple of py_ecc field elements).
Oracle1 = Any


def geth_vectors() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for name in PRECOMPILES:
        for vector in json.loads((GETH / f"{name}.json").read_text()):
            cases.append((name, vector))
    return cases


@pytest.mark.parametrize(
    ("name", "vector"), geth_vectors(), ids=lambda v: v if isinstance(v, str) else v["Name"]
)
def test_geth_vector(name: str, vector: dict[str, Any]) -> None:
    """I-BNE-1: every go-ethereum vector gives its expected output and gas."""
    function, gas = PRECOMPILES[name]
    data = bytes.fromhex(vector["Input"])
    assert function(data).hex() == vector["Expected"]
    assert gas(data) == vector["Gas"]


def test_geth_files_are_all_there() -> None:
    """I-BNE-1: the three go-ethereum files are all read."""
    counts = {name: len(json.loads((GETH / f"{name}.json").read_text())) for name in PRECOMPILES}
    assert counts == {"bn256Add": 16, "bn256ScalarMul": 19, "bn256Pairing": 14}


# ----------------------------------------------------------------------------- py_ecc mapping


def fq2(a: Fp2) -> Any:
    return ob.FQ2([a[0], a[1]])


def fq12(a: Fp12) -> Any:
    """Our tower element as py_ecc's FQ12 (basis w^0..w^11, w^6 = 9 + i, so i = w^6 - 9)."""
    coefficients = [0] * 12
    (g0, g1, g2), (h0, h1, h2) = a
    for power, (real, imaginary) in [(0, g0), (2, g1), (4, g2), (1, h0), (3, h1), (5, h2)]:
        coefficients[power] += real - 9 * imaginary
        coefficients[power + 6] += imaginary
    return ob.FQ12([c % P for c in coefficients])


def oracle_g1(point: G1Point) -> Oracle1:
    affine = g1_to_affine(point)
    if affine is None:
        return ob.Z1
    return (ob.FQ(affine[0]), ob.FQ(affine[1]), ob.FQ.one())


def oracle_g2(point: G2Point) -> Oracle1:
    affine = g2_to_affine(point)
    if affine is None:
        return ob.Z2
    return (fq2(affine[0]), fq2(affine[1]), ob.FQ2.one())


def oracle_affine(point: Oracle1) -> Any:
    if ob.is_inf(point):
        return None
    x, y = ob.normalize(point)
    if isinstance(x, ob.FQ):
        return (x.n, y.n)
    return (tuple(int(c) for c in x.coeffs), tuple(int(c) for c in y.coeffs))


# ----------------------------------------------------------------------------- differential

# Edge values from the integer strategy, full-width values from 32 random bytes.
SCALARS = st.one_of(
    st.integers(min_value=0, max_value=2**256 - 1),
    st.binary(min_size=32, max_size=32).map(lambda b: int.from_bytes(b, "big")),
)


def check_g1(a: int, b: int) -> None:
    pa, pb = g1_mul(G1_GENERATOR, a), g1_mul(G1_GENERATOR, b)
    assert g1_to_affine(pa) == oracle_affine(ob.multiply(ob.G1, a))
    assert g1_to_affine(g1_add(pa, pb)) == oracle_affine(ob.add(oracle_g1(pa), oracle_g1(pb)))
    assert g1_to_affine(g1_mul(pa, b)) == oracle_affine(ob.multiply(oracle_g1(pa), b))


def check_g2(a: int, b: int) -> None:
    qa, qb = g2_mul(G2_GENERATOR, a), g2_mul(G2_GENERATOR, b)
    assert g2_to_affine(qa) == oracle_affine(ob.multiply(ob.G2, a))
    assert g2_to_affine(g2_add(qa, qb)) == oracle_affine(ob.add(oracle_g2(qa), oracle_g2(qb)))


@given(SCALARS, SCALARS)
def test_g1_against_py_ecc(a: int, b: int) -> None:
    check_g1(a, b)


@settings(max_examples=3)
@given(SCALARS, SCALARS)
def test_g2_against_py_ecc(a: int, b: int) -> None:
    check_g2(a, b)


@pytest.mark.slow
@settings(max_examples=100)
@given(SCALARS, SCALARS)
def test_g1_g2_against_py_ecc_many(a: int, b: int) -> None:
    check_g1(a, b)
    check_g2(a, b)


@settings(max_examples=30)
@given(st.lists(st.integers(0, P - 1), min_size=24, max_size=24))
def test_field_products_against_py_ecc(values: list[int]) -> None:
    a: Fp12 = (
        ((values[0], values[1]), (values[2], values[3]), (values[4], values[5])),
        ((values[6], values[7]), (values[8], values[9]), (values[10], values[11])),
    )
    b: Fp12 = (
        ((values[12], values[13]), (values[14], values[15]), (values[16], values[17])),
        ((values[18], values[19]), (values[20], values[21]), (values[22], values[23])),
    )
    assert fq12(fp12_mul(a, b)) == fq12(a) * fq12(b)
    assert fq2(fp2_mul(a[0][0], b[0][0])) == fq2(a[0][0]) * fq2(b[0][0])
    if fq12(a) != ob.FQ12.zero():
        assert fq12(fp12_inv(a)) == ob.FQ12.one() / fq12(a)


def check_pairing_against_py_ecc(a: int, b: int) -> None:
    p, q = g1_mul(G1_GENERATOR, a), g2_mul(G2_GENERATOR, b)
    assert fq12(pairing(p, q)) == ob.pairing(oracle_g2(q), oracle_g1(p))


def test_pairing_against_py_ecc() -> None:
    """I-BNP-5: pairing equals py_ecc's optimized_bn128.pairing under the basis mapping."""
    check_pairing_against_py_ecc(123456789, 987654321987654321)


@pytest.mark.slow
@settings(max_examples=8)
@given(st.integers(1, R - 1), st.integers(1, R - 1))
def test_pairing_against_py_ecc_random(a: int, b: int) -> None:
    """I-BNP-5: pairing equals py_ecc's on random points."""
    check_pairing_against_py_ecc(a, b)


# ------------------------------------------------- an independent EIP-196/197 model on py_ecc


def oracle_fq(word: bytes) -> Any:
    value = int.from_bytes(word, "big")
    return None if value >= P else ob.FQ(value)


def oracle_read_g1(data: bytes) -> Oracle1 | None:
    """EIP-196: two words below p; (0, 0) is infinity; otherwise on y^2 = x^3 + 3."""
    x, y = oracle_fq(data[:32]), oracle_fq(data[32:64])
    if x is None or y is None:
        return None
    if x == ob.FQ.zero() and y == ob.FQ.zero():
        return ob.Z1
    point = (x, y, ob.FQ.one())
    return point if ob.is_on_curve(point, ob.b) else None


def oracle_read_g2(data: bytes) -> Oracle1 | None:
    """EIP-197: words x_im, x_re, y_im, y_re; all zero is infinity; on the twist, order r."""
    words = [oracle_fq(data[32 * k : 32 * k + 32]) for k in range(4)]
    if any(w is None for w in words):
        return None
    x_im, x_re, y_im, y_re = (w.n for w in words)
    if x_im == x_re == y_im == y_re == 0:
        return ob.Z2
    point = (ob.FQ2([x_re, x_im]), ob.FQ2([y_re, y_im]), ob.FQ2.one())
    if not ob.is_on_curve(point, ob.b2):
        return None
    return point if ob.is_inf(ob.multiply(point, R)) else None


def oracle_encode(point: Oracle1) -> bytes:
    if ob.is_inf(point):
        return bytes(64)
    x, y = ob.normalize(point)
    return bytes(x.n.to_bytes(32, "big") + y.n.to_bytes(32, "big"))


def oracle_ec_add(data: bytes) -> bytes | None:
    data = (data + bytes(128))[:128]
    a, b = oracle_read_g1(data[:64]), oracle_read_g1(data[64:])
    if a is None or b is None:
        return None
    return oracle_encode(ob.add(a, b))


def oracle_ec_mul(data: bytes) -> bytes | None:
    data = (data + bytes(96))[:96]
    point = oracle_read_g1(data[:64])
    if point is None:
        return None
    return oracle_encode(ob.multiply(point, int.from_bytes(data[64:], "big")))


def oracle_ec_pairing(data: bytes) -> bytes | None:
    if len(data) % 192:
        return None
    product = ob.FQ12.one()
    for start in range(0, len(data), 192):
        p = oracle_read_g1(data[start : start + 64])
        q = oracle_read_g2(data[start + 64 : start + 192])
        if p is None or q is None:
            return None
        if not ob.is_inf(p) and not ob.is_inf(q):
            product *= ob.pairing(q, p, final_exponentiate=False)
    result = ob.final_exponentiate(product) == ob.FQ12.one()
    return (1 if result else 0).to_bytes(32, "big")


def vector_cases(suite: str) -> list[dict[str, Any]]:
    tests: list[dict[str, Any]] = json.loads((VECTORS / f"{suite}.json").read_text())["tests"]
    return tests


def check_against_oracle(test: dict[str, Any], oracle: Any) -> None:
    data = bytes.fromhex(test["input"]["data"][2:])
    expected = oracle(data)
    if expected is None:
        assert test["result"] == "invalid"
        assert test["error"] is not None
    else:
        assert test["result"] == "valid"
        assert test["output"] == "0x" + expected.hex()


@pytest.mark.parametrize("test", vector_cases("ec_add"), ids=lambda t: t["name"])
def test_ec_add_vectors_against_oracle(test: dict[str, Any]) -> None:
    check_against_oracle(test, oracle_ec_add)


@pytest.mark.parametrize("test", vector_cases("ec_mul"), ids=lambda t: t["name"])
def test_ec_mul_vectors_against_oracle(test: dict[str, Any]) -> None:
    check_against_oracle(test, oracle_ec_mul)


CHEAP_PAIRING_CASES = ("empty_input", "infinity_in_g1", "all_zero_pair", "length_193")


@pytest.mark.parametrize(
    "test",
    [t for t in vector_cases("ec_pairing") if t["name"] in CHEAP_PAIRING_CASES or t["error"]],
    ids=lambda t: t["name"],
)
def test_ec_pairing_failure_vectors_against_oracle(test: dict[str, Any]) -> None:
    check_against_oracle(test, oracle_ec_pairing)


@pytest.mark.slow
@pytest.mark.parametrize("test", vector_cases("ec_pairing"), ids=lambda t: t["name"])
def test_ec_pairing_vectors_against_oracle(test: dict[str, Any]) -> None:
    check_against_oracle(test, oracle_ec_pairing)


@pytest.mark.parametrize("test", vector_cases("ec_pairing_gas"), ids=lambda t: t["name"])
def test_pairing_gas_vectors_follow_eip_1108(test: dict[str, Any]) -> None:
    length = len(bytes.fromhex(test["input"]["data"][2:]))
    assert test["output"] == str(45000 + 34000 * (length // 192))


def json_g1(value: Any) -> Oracle1:
    return ob.Z1 if value is None else (ob.FQ(int(value["x"])), ob.FQ(int(value["y"])), ob.FQ.one())


def json_fq2(value: Any) -> Any:
    return ob.FQ2([int(value[0]), int(value[1])])


def json_g2(value: Any) -> Oracle1:
    if value is None:
        return ob.Z2
    return (json_fq2(value["x"]), json_fq2(value["y"]), ob.FQ2.one())


def json_affine(value: Any) -> Any:
    if value is None or isinstance(value.get("x"), str):
        return None if value is None else (int(value["x"]), int(value["y"]))
    return (tuple(int(c) for c in value["x"]), tuple(int(c) for c in value["y"]))


@pytest.mark.parametrize("suite", ["g1_add", "g2_add", "g1_double", "g2_double"])
def test_curve_vectors_against_py_ecc(suite: str) -> None:
    read = json_g1 if suite.startswith("g1") else json_g2
    for test in vector_cases(suite):
        a = read(test["input"]["a"])
        expected = ob.double(a) if "double" in suite else ob.add(a, read(test["input"]["b"]))
        assert json_affine(test["output"]) == oracle_affine(expected), test["name"]


@pytest.mark.parametrize("suite", ["g1_mul", "g2_mul"])
def test_mul_vectors_against_py_ecc(suite: str) -> None:
    read = json_g1 if suite == "g1_mul" else json_g2
    for test in vector_cases(suite):
        expected = ob.multiply(read(test["input"]["point"]), int(test["input"]["k"]))
        assert json_affine(test["output"]) == oracle_affine(expected), test["name"]


def test_field_vectors_against_py_ecc() -> None:
    for test in vector_cases("fp2_mul"):
        product = json_fq2(test["input"]["a"]) * json_fq2(test["input"]["b"])
        assert [str(int(c)) for c in product.coeffs] == test["output"]
    for test in vector_cases("fp12_mul"):
        a, b = (json_fq12(test["input"][k]) for k in ("a", "b"))
        assert json_fq12(test["output"]) == a * b
    for test in vector_cases("fp12_inv"):
        a = json_fq12(test["input"]["a"])
        expected = ob.FQ12.zero() if a == ob.FQ12.zero() else ob.FQ12.one() / a
        assert json_fq12(test["output"]) == expected


def json_fq12(value: Any) -> Any:
    halves = [[(int(c[0]), int(c[1])) for c in half] for half in value]
    return fq12(
        (
            (halves[0][0], halves[0][1], halves[0][2]),
            (halves[1][0], halves[1][1], halves[1][2]),
        )
    )


@pytest.mark.slow
def test_pairing_vectors_against_py_ecc() -> None:
    for test in vector_cases("pairing"):
        p, q = json_g1(test["input"]["p"]), json_g2(test["input"]["q"])
        expected = ob.FQ12.one() if ob.is_inf(p) or ob.is_inf(q) else ob.pairing(q, p)
        assert json_fq12(test["output"]) == expected, test["name"]


@pytest.mark.slow
def test_pairing_check_vectors_against_py_ecc() -> None:
    for test in vector_cases("pairing_check"):
        product = ob.FQ12.one()
        for pair in test["input"]["pairs"]:
            p, q = json_g1(pair["p"]), json_g2(pair["q"])
            if not ob.is_inf(p) and not ob.is_inf(q):
                product *= ob.pairing(q, p, final_exponentiate=False)
        holds = ob.final_exponentiate(product) == ob.FQ12.one()
        assert test["output"] is holds, test["name"]
        assert test["result"] == ("valid" if holds else "invalid"), test["name"]
