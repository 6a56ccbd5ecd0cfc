"""Vector suites for specs/crypto/bn254_fields.md, bn254_curves.md, bn254_pairing.md and
bn254_precompiles.md.

Values: an Fp or Fr element or a scalar is a decimal string; an Fp2 element is `[c0, c1]` (real
part first, as in memory: c0 + c1 i); an Fp12 element is `[[x, x, x], [x, x, x]]` of Fp2 elements
(coefficients of 1, v, v^2 and then of w, vw, v^2 w); an affine G1 point is `{"x", "y"}` of
decimals, a G2 point `{"x", "y"}` of Fp2 elements, and the point at infinity is `null`. Precompile
inputs and outputs are the raw bytes.
"""

from __future__ import annotations

import random
import typing
from collections.abc import Callable

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
    g1_double,
    g1_from_affine,
    g1_mul,
    g1_neg,
    g1_to_affine,
    g2_add,
    g2_double,
    g2_from_affine,
    g2_mul,
    g2_neg,
    g2_to_affine,
    is_in_g2,
)
from l2ref.crypto.bn254_fields import (
    CURVE_ORDER,
    FIELD_MODULUS,
    FP2_ONE,
    FP2_ZERO,
    FP6_ZERO,
    FP12_ONE,
    XI,
    Fp2,
    Fp6,
    Fp12,
    fp2_add,
    fp2_inv,
    fp2_mul,
    fp2_sqr,
    fp2_sqrt,
    fp12_inv,
    fp12_mul,
    fp_inv,
    fp_mul,
)
from l2ref.crypto.bn254_pairing import pairing, pairing_check
from l2ref.crypto.bn254_precompiles import (
    EC_PAIRING_CHUNK_LENGTH,
    ec_add,
    ec_add_gas,
    ec_mul,
    ec_mul_gas,
    ec_pairing,
    ec_pairing_gas,
    encode_fp,
    encode_g1_point,
    encode_g2_point,
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
    "Fp and Fr elements and scalars are decimal strings; an Fp2 element is [c0, c1], real part "
    "first (c0 + c1 i, i^2 = -1); an Fp12 element is [[a0, a1, a2], [b0, b1, b2]] of Fp2 "
    "elements, the value (a0 + a1 v + a2 v^2) + (b0 + b1 v + b2 v^2) w with v^3 = 9 + i, w^2 = v.",
)
POINTS = (
    "An affine G1 point is {x, y} of decimal strings, a G2 point {x, y} of Fp2 elements; the point "
    "at infinity is null.",
)
BYTES = (
    "input.data and output are raw bytes (0x-hex). An Fp2 coordinate in these bytes is two "
    "32-byte words, imaginary part first (EIP-197). intermediate.gas is the gas charged.",
)

PARAMETERS = {"FIELD_MODULUS": dec(P), "CURVE_ORDER": dec(R)}

NOTES = {
    "Inv0": Note("EDGE_CASE", "The inverse of zero is defined as zero (inv0 of RFC 9380)."),
    "Infinity": Note(
        "EDGE_CASE",
        "The point at infinity: null in curve suites; 64 zero bytes (G1) or 128 zero bytes (G2) "
        "in precompile input and output.",
    ),
    "Doubling": Note("EDGE_CASE", "P + P through the addition formula (the chord degenerates)."),
    "Negation": Note("EDGE_CASE", "P + (-P): the sum is the point at infinity."),
    "ScalarRange": Note(
        "EDGE_CASE",
        "Scalars 0, r - 1, r, r + 1 and 2^256 - 1: the multiplication uses the integer as given.",
    ),
    "OutsideSubgroup": Note(
        "SECURITY",
        "A point on the twist y^2 = x^3 + 3/(9 + i) whose order is not r: a random twist point, a "
        "point of order 10069 (a factor of the cofactor 2p - r), or such a point added to a G2 "
        "point. EIP-197 requires rejecting it.",
    ),
    "OffCurve": Note("SECURITY", "Coordinates below p that do not satisfy the curve equation."),
    "CoordinateRange": Note(
        "SECURITY",
        "A coordinate word equal to p, p + 1 or 2^256 - 1: it MUST be rejected, not reduced "
        "modulo p, or one point would have several encodings.",
    ),
    "WordOrder": Note(
        "COMPATIBILITY",
        "EIP-197 writes a + b i as the words a, b (imaginary first). The G2 generator written "
        "real part first is off the twist.",
    ),
    "Padding": Note(
        "COMPATIBILITY",
        "ECADD and ECMUL read short input as if followed by zero bytes (EIP-196).",
    ),
    "SurplusInput": Note(
        "COMPATIBILITY",
        "Bytes beyond 128 (ECADD) or 96 (ECMUL) are ignored, whatever they hold.",
    ),
    "EmptyInput": Note(
        "EDGE_CASE",
        "Empty input: all points at infinity for ECADD and ECMUL, the empty product (1) for "
        "ECPAIRING.",
    ),
    "PairingLength": Note(
        "SECURITY",
        "An ECPAIRING input whose length is not a multiple of 192 fails before any point is read.",
    ),
    "Bilinearity": Note(
        "FUNCTIONALITY",
        "e([a]P, [b]Q) = e(P, Q)^(ab): products such as e([a]P, [b]Q) * e([-ab]P, Q) equal 1, and "
        "change when one scalar is changed.",
    ),
    "LaterPair": Note(
        "SECURITY",
        "The invalid point is in a later 192-byte chunk, after a valid one: every chunk is "
        "checked.",
    ),
}


# ----------------------------------------------------------------------------- JSON values


def _fp2_json(a: Fp2) -> JsonValue:
    return [dec(a[0]), dec(a[1])]


def _fp12_json(a: Fp12) -> JsonValue:
    return [[_fp2_json(c) for c in a[0]], [_fp2_json(c) for c in a[1]]]


def _list_of(value: JsonValue, length: int, what: str) -> list[JsonValue]:
    if not isinstance(value, list) or len(value) != length:
        raise MalformedVector(f"{what}: expected a list of {length}, got {value!r}")
    return value


def _parse_fp(value: JsonValue, what: str) -> int:
    number = parse_int(value, what)
    if not 0 <= number < P:
        raise MalformedVector(f"{what}: {number} is not in [0, p)")
    return number


def _parse_fp2(value: JsonValue, what: str) -> Fp2:
    c0, c1 = _list_of(value, 2, what)
    return (_parse_fp(c0, what), _parse_fp(c1, what))


def _parse_fp6(value: JsonValue, what: str) -> Fp6:
    a0, a1, a2 = _list_of(value, 3, what)
    return (_parse_fp2(a0, what), _parse_fp2(a1, what), _parse_fp2(a2, what))


def _parse_fp12(value: JsonValue, what: str) -> Fp12:
    a0, a1 = _list_of(value, 2, what)
    return (_parse_fp6(a0, what), _parse_fp6(a1, what))


def _g1_json(point: G1Point) -> JsonValue:
    affine = g1_to_affine(point)
    return None if affine is None else {"x": dec(affine[0]), "y": dec(affine[1])}


def _g2_json(point: G2Point) -> JsonValue:
    affine = g2_to_affine(point)
    return None if affine is None else {"x": _fp2_json(affine[0]), "y": _fp2_json(affine[1])}


def _point_fields(value: JsonValue, what: str) -> tuple[JsonValue, JsonValue] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"x", "y"}:
        raise MalformedVector(f"{what}: expected null or an object with x and y, got {value!r}")
    return value["x"], value["y"]


def _parse_g1(value: JsonValue, what: str) -> G1Point:
    fields = _point_fields(value, what)
    if fields is None:
        return G1_INFINITY
    return g1_from_affine(_parse_fp(fields[0], what), _parse_fp(fields[1], what))


def _parse_g2(value: JsonValue, what: str) -> G2Point:
    fields = _point_fields(value, what)
    if fields is None:
        return G2_INFINITY
    return g2_from_affine(_parse_fp2(fields[0], what), _parse_fp2(fields[1], what))


# ----------------------------------------------------------------------------- sample values


def _random_fp2(rng: random.Random) -> Fp2:
    return (rng.randrange(P), rng.randrange(P))


def _random_fp12(rng: random.Random) -> Fp12:
    return (
        (_random_fp2(rng), _random_fp2(rng), _random_fp2(rng)),
        (_random_fp2(rng), _random_fp2(rng), _random_fp2(rng)),
    )


def _random_g1(rng: random.Random) -> G1Point:
    return g1_mul(G1_GENERATOR, rng.randrange(1, R))


def _random_g2(rng: random.Random) -> G2Point:
    return g2_mul(G2_GENERATOR, rng.randrange(1, R))


def _random_twist_point(rng: random.Random) -> G2Point:
    """A point of the twist found from a random x: almost surely not of order r."""
    while True:
        x = _random_fp2(rng)
        y = fp2_sqrt(fp2_add(fp2_mul(fp2_sqr(x), x), TWIST_B))
        if y is not None and not is_in_g2(g2_from_affine(x, y)):
            return g2_from_affine(x, y)


def _small_order_twist_point(rng: random.Random) -> G2Point:
    """A twist point of order 10069: a random one times r and the rest of the cofactor."""
    while True:
        point = g2_mul(_random_twist_point(rng), R * (G2_COFACTOR // SMALL_TWIST_ORDER))
        if point[2] != FP2_ZERO:
            return point


G1_OFF_CURVE = (1, 3)
G2_OFF_TWIST: tuple[Fp2, Fp2] = (G2_GENERATOR[0], FP2_ONE)


# ----------------------------------------------------------------------------- field suites


def _binary_cases(
    suite: str,
    special: list[tuple[str, JsonObject, tuple[str, ...]]],
    random_case: Callable[[random.Random], JsonObject],
) -> list[Case]:
    cases = [Case(name, case_input, flags=flags) for name, case_input, flags in special]
    for index in range(3):
        cases.append(Case(f"random_{index}", random_case(case_rng(suite, f"random_{index}"))))
    return cases


def _fp_mul_cases() -> list[Case]:
    return _binary_cases(
        "bn254/fp_mul",
        [
            ("two_times_three", {"a": "2", "b": "3"}, ()),
            ("minus_one_squared", {"a": dec(P - 1), "b": dec(P - 1)}, ()),
            ("zero", {"a": "0", "b": dec(P - 1)}, ()),
        ],
        lambda rng: {"a": dec(rng.randrange(P)), "b": dec(rng.randrange(P))},
    )


def _run_fp_mul(case_input: JsonObject) -> JsonValue:
    a = _parse_fp(field_of(case_input, "a"), "a")
    return dec(fp_mul(a, _parse_fp(field_of(case_input, "b"), "b")))


def _fp_inv_cases() -> list[Case]:
    cases = [
        Case("one", {"a": "1"}),
        Case("two", {"a": "2"}),
        Case("minus_one", {"a": dec(P - 1)}),
        Case("zero", {"a": "0"}, flags=("Inv0",)),
    ]
    for index in range(3):
        rng = case_rng("bn254/fp_inv", f"random_{index}")
        cases.append(Case(f"random_{index}", {"a": dec(rng.randrange(1, P))}))
    return cases


def _run_fp_inv(case_input: JsonObject) -> JsonValue:
    return dec(fp_inv(_parse_fp(field_of(case_input, "a"), "a")))


def _fp2_mul_cases() -> list[Case]:
    i: Fp2 = (0, 1)
    return _binary_cases(
        "bn254/fp2_mul",
        [
            ("i_times_i", {"a": _fp2_json(i), "b": _fp2_json(i)}, ()),
            ("xi_times_xi", {"a": _fp2_json(XI), "b": _fp2_json(XI)}, ()),
            ("minus_one_times_i", {"a": _fp2_json((P - 1, 0)), "b": _fp2_json(i)}, ()),
        ],
        lambda rng: {"a": _fp2_json(_random_fp2(rng)), "b": _fp2_json(_random_fp2(rng))},
    )


def _run_fp2_mul(case_input: JsonObject) -> JsonValue:
    a = _parse_fp2(field_of(case_input, "a"), "a")
    return _fp2_json(fp2_mul(a, _parse_fp2(field_of(case_input, "b"), "b")))


def _fp2_inv_cases() -> list[Case]:
    cases = [
        Case("one", {"a": _fp2_json(FP2_ONE)}),
        Case("i", {"a": _fp2_json((0, 1))}),
        Case("xi", {"a": _fp2_json(XI)}),
        Case("zero", {"a": _fp2_json(FP2_ZERO)}, flags=("Inv0",)),
    ]
    for index in range(3):
        rng = case_rng("bn254/fp2_inv", f"random_{index}")
        cases.append(Case(f"random_{index}", {"a": _fp2_json(_random_fp2(rng))}))
    return cases


def _run_fp2_inv(case_input: JsonObject) -> JsonValue:
    return _fp2_json(fp2_inv(_parse_fp2(field_of(case_input, "a"), "a")))


W: Fp12 = (FP6_ZERO, ((1, 0), FP2_ZERO, FP2_ZERO))
W5: Fp12 = (FP6_ZERO, (FP2_ZERO, FP2_ZERO, (1, 0)))


def _fp12_mul_cases() -> list[Case]:
    return _binary_cases(
        "bn254/fp12_mul",
        [
            ("one_times_one", {"a": _fp12_json(FP12_ONE), "b": _fp12_json(FP12_ONE)}, ()),
            ("w_times_w5_is_xi", {"a": _fp12_json(W), "b": _fp12_json(W5)}, ()),
            ("w_times_w", {"a": _fp12_json(W), "b": _fp12_json(W)}, ()),
        ],
        lambda rng: {"a": _fp12_json(_random_fp12(rng)), "b": _fp12_json(_random_fp12(rng))},
    )


def _run_fp12_mul(case_input: JsonObject) -> JsonValue:
    a = _parse_fp12(field_of(case_input, "a"), "a")
    return _fp12_json(fp12_mul(a, _parse_fp12(field_of(case_input, "b"), "b")))


def _fp12_inv_cases() -> list[Case]:
    cases = [
        Case("one", {"a": _fp12_json(FP12_ONE)}),
        Case("w", {"a": _fp12_json(W)}),
        Case("zero", {"a": _fp12_json((FP6_ZERO, FP6_ZERO))}, flags=("Inv0",)),
    ]
    for index in range(3):
        rng = case_rng("bn254/fp12_inv", f"random_{index}")
        cases.append(Case(f"random_{index}", {"a": _fp12_json(_random_fp12(rng))}))
    return cases


def _run_fp12_inv(case_input: JsonObject) -> JsonValue:
    return _fp12_json(fp12_inv(_parse_fp12(field_of(case_input, "a"), "a")))


# ----------------------------------------------------------------------------- curve suites


def _g1_add_cases() -> list[Case]:
    rng = case_rng("bn254/g1_add", "points")
    a, b = _random_g1(rng), _random_g1(rng)
    g = G1_GENERATOR
    return [
        Case("generator_plus_double", {"a": _g1_json(g), "b": _g1_json(g1_double(g))}),
        Case("generator_plus_itself", {"a": _g1_json(g), "b": _g1_json(g)}, flags=("Doubling",)),
        Case(
            "point_plus_negation", {"a": _g1_json(a), "b": _g1_json(g1_neg(a))}, flags=("Negation",)
        ),
        Case("infinity_plus_point", {"a": None, "b": _g1_json(a)}, flags=("Infinity",)),
        Case("point_plus_infinity", {"a": _g1_json(a), "b": None}, flags=("Infinity",)),
        Case("infinity_plus_infinity", {"a": None, "b": None}, flags=("Infinity",)),
        Case("random", {"a": _g1_json(a), "b": _g1_json(b)}),
    ]


def _run_g1_add(case_input: JsonObject) -> JsonValue:
    a = _parse_g1(field_of(case_input, "a"), "a")
    return _g1_json(g1_add(a, _parse_g1(field_of(case_input, "b"), "b")))


def _g1_double_cases() -> list[Case]:
    rng = case_rng("bn254/g1_double", "point")
    return [
        Case("generator", {"a": _g1_json(G1_GENERATOR)}),
        Case("infinity", {"a": None}, flags=("Infinity",)),
        Case("random", {"a": _g1_json(_random_g1(rng))}),
    ]


def _run_g1_double(case_input: JsonObject) -> JsonValue:
    return _g1_json(g1_double(_parse_g1(field_of(case_input, "a"), "a")))


SPECIAL_SCALARS = (
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("order_minus_one", R - 1),
    ("order", R),
    ("order_plus_one", R + 1),
    ("max_uint256", 2**256 - 1),
)


def _mul_cases(
    suite: str, generator: JsonValue, random_point: Callable[[random.Random], JsonValue]
) -> list[Case]:
    cases = [
        Case(
            f"generator_times_{name}",
            {"point": generator, "k": dec(k)},
            flags=("ScalarRange",) if k in (0, R - 1, R, R + 1, 2**256 - 1) else (),
        )
        for name, k in SPECIAL_SCALARS
    ]
    cases.append(Case("infinity_times_scalar", {"point": None, "k": "12345"}, flags=("Infinity",)))
    for index in range(2):
        rng = case_rng(suite, f"random_{index}")
        point = random_point(rng)
        cases.append(Case(f"random_{index}", {"point": point, "k": dec(rng.randrange(R))}))
    return cases


def _run_g1_mul(case_input: JsonObject) -> JsonValue:
    point = _parse_g1(field_of(case_input, "point"), "point")
    return _g1_json(g1_mul(point, parse_int(field_of(case_input, "k"), "k")))


def _g2_add_cases() -> list[Case]:
    rng = case_rng("bn254/g2_add", "points")
    a, b = _random_g2(rng), _random_g2(rng)
    g = G2_GENERATOR
    return [
        Case("generator_plus_double", {"a": _g2_json(g), "b": _g2_json(g2_double(g))}),
        Case("generator_plus_itself", {"a": _g2_json(g), "b": _g2_json(g)}, flags=("Doubling",)),
        Case(
            "point_plus_negation", {"a": _g2_json(a), "b": _g2_json(g2_neg(a))}, flags=("Negation",)
        ),
        Case("infinity_plus_point", {"a": None, "b": _g2_json(a)}, flags=("Infinity",)),
        Case("point_plus_infinity", {"a": _g2_json(a), "b": None}, flags=("Infinity",)),
        Case("infinity_plus_infinity", {"a": None, "b": None}, flags=("Infinity",)),
        Case("random", {"a": _g2_json(a), "b": _g2_json(b)}),
    ]


def _run_g2_add(case_input: JsonObject) -> JsonValue:
    a = _parse_g2(field_of(case_input, "a"), "a")
    return _g2_json(g2_add(a, _parse_g2(field_of(case_input, "b"), "b")))


def _g2_double_cases() -> list[Case]:
    rng = case_rng("bn254/g2_double", "point")
    return [
        Case("generator", {"a": _g2_json(G2_GENERATOR)}),
        Case("infinity", {"a": None}, flags=("Infinity",)),
        Case("random", {"a": _g2_json(_random_g2(rng))}),
    ]


def _run_g2_double(case_input: JsonObject) -> JsonValue:
    return _g2_json(g2_double(_parse_g2(field_of(case_input, "a"), "a")))


def _g2_mul_cases() -> list[Case]:
    cases = _mul_cases(
        "bn254/g2_mul", _g2_json(G2_GENERATOR), lambda rng: _g2_json(_random_g2(rng))
    )
    rng = case_rng("bn254/g2_mul", "outside_subgroup")
    outside = _g2_json(_random_twist_point(rng))
    cases.append(
        Case(
            "outside_subgroup_times_order",
            {"point": outside, "k": dec(R)},
            flags=("OutsideSubgroup",),
        )
    )
    return cases


def _run_g2_mul(case_input: JsonObject) -> JsonValue:
    point = _parse_g2(field_of(case_input, "point"), "point")
    return _g2_json(g2_mul(point, parse_int(field_of(case_input, "k"), "k")))


def _is_in_g2_cases() -> list[Case]:
    suite = "bn254/is_in_g2"
    rng = case_rng(suite, "points")
    small = _small_order_twist_point(rng)
    member = _random_g2(rng)
    twist = _random_twist_point(rng)
    cofactor_part = g2_mul(twist, R)
    return [
        Case("generator", {"point": _g2_json(G2_GENERATOR)}),
        Case("infinity", {"point": None}, flags=("Infinity",)),
        Case("random_member", {"point": _g2_json(member)}),
        Case("cleared_cofactor", {"point": _g2_json(g2_mul(twist, G2_COFACTOR))}),
        Case("random_twist_point", {"point": _g2_json(twist)}, "invalid", ("OutsideSubgroup",)),
        Case("order_10069", {"point": _g2_json(small)}, "invalid", ("OutsideSubgroup",)),
        Case(
            "member_plus_order_10069",
            {"point": _g2_json(g2_add(member, small))},
            "invalid",
            ("OutsideSubgroup",),
        ),
        Case(
            "order_dividing_cofactor",
            {"point": _g2_json(cofactor_part)},
            "invalid",
            ("OutsideSubgroup",),
        ),
        Case(
            "off_twist",
            {"point": {"x": _fp2_json(G2_OFF_TWIST[0]), "y": _fp2_json(G2_OFF_TWIST[1])}},
            "invalid",
            ("OffCurve",),
        ),
    ]


def _run_is_in_g2(case_input: JsonObject) -> JsonValue:
    return is_in_g2(_parse_g2(field_of(case_input, "point"), "point"))


# ----------------------------------------------------------------------------- pairing suites


def _pairing_cases() -> list[Case]:
    suite = "bn254/pairing"
    rng = case_rng(suite, "scalars")
    a, b = rng.randrange(1, R), rng.randrange(1, R)
    g1, g2 = _g1_json(G1_GENERATOR), _g2_json(G2_GENERATOR)
    return [
        Case("generators", {"p": g1, "q": g2}),
        Case("infinity_in_g1", {"p": None, "q": g2}, flags=("Infinity",)),
        Case("infinity_in_g2", {"p": g1, "q": None}, flags=("Infinity",)),
        Case(
            "scaled_in_g1",
            {"p": _g1_json(g1_mul(G1_GENERATOR, a * b % R)), "q": g2},
            flags=("Bilinearity",),
            intermediate={"k": dec(a * b % R)},
        ),
        Case(
            "scaled_in_both",
            {"p": _g1_json(g1_mul(G1_GENERATOR, a)), "q": _g2_json(g2_mul(G2_GENERATOR, b))},
            flags=("Bilinearity",),
            intermediate={"a": dec(a), "b": dec(b)},
        ),
        Case(
            "random",
            {"p": _g1_json(_random_g1(rng)), "q": _g2_json(_random_g2(rng))},
        ),
    ]


def _run_pairing(case_input: JsonObject) -> JsonValue:
    p = _parse_g1(field_of(case_input, "p"), "p")
    return _fp12_json(pairing(p, _parse_g2(field_of(case_input, "q"), "q")))


def _pairs_json(pairs: list[tuple[G1Point, G2Point]]) -> JsonValue:
    return [{"p": _g1_json(p), "q": _g2_json(q)} for p, q in pairs]


def _pairing_check_cases() -> list[Case]:
    suite = "bn254/pairing_check"
    rng = case_rng(suite, "scalars")
    a, b, c = rng.randrange(1, R), rng.randrange(1, R), rng.randrange(1, R)
    g1, g2 = G1_GENERATOR, G2_GENERATOR
    two = [(g1_mul(g1, a), g2_mul(g2, b)), (g1_mul(g1, -a * b % R), g2)]
    three = [(g1_mul(g1, a), g2), (g1_mul(g1, b), g2), (g1_mul(g1, -(a + b) % R), g2)]
    four = [
        (g1_mul(g1, a), g2_mul(g2, b)),
        (g1_mul(g1, c), g2_mul(g2, c)),
        (g1_neg(g1), g2_mul(g2, a * b % R)),
        (g1_neg(g1_mul(g1, c * c % R)), g2),
    ]
    tampered = [two[0], (g1_mul(g1, (-a * b + 1) % R), g2)]
    infinity = (g1_mul(g1, 0), g2)
    return [
        Case("empty", {"pairs": []}, flags=("EmptyInput",)),
        Case("generators", {"pairs": _pairs_json([(g1, g2)])}, "invalid"),
        Case("infinity_pair", {"pairs": _pairs_json([infinity])}, flags=("Infinity",)),
        Case("two_pairs", {"pairs": _pairs_json(two)}, flags=("Bilinearity",)),
        Case("three_pairs", {"pairs": _pairs_json(three)}, flags=("Bilinearity",)),
        Case("four_pairs", {"pairs": _pairs_json(four)}, flags=("Bilinearity",)),
        Case("two_pairs_tampered", {"pairs": _pairs_json(tampered)}, "invalid", ("Bilinearity",)),
        Case(
            "two_pairs_and_infinity",
            {"pairs": _pairs_json([*two, infinity])},
            flags=("Bilinearity", "Infinity"),
        ),
    ]


def _run_pairing_check(case_input: JsonObject) -> JsonValue:
    pairs_value = field_of(case_input, "pairs")
    if not isinstance(pairs_value, list):
        raise MalformedVector("pairs: expected a list")
    pairs: list[tuple[G1Point, G2Point]] = []
    for item in pairs_value:
        if not isinstance(item, dict):
            raise MalformedVector("pairs: expected objects with p and q")
        pairs.append((_parse_g1(field_of(item, "p"), "p"), _parse_g2(field_of(item, "q"), "q")))
    return pairing_check(pairs)


# ----------------------------------------------------------------------------- precompiles


def _word(value: int) -> bytes:
    return value.to_bytes(32, "big")


def _with_word(data: bytes, index: int, value: int) -> bytes:
    return data[: 32 * index] + _word(value) + data[32 * (index + 1) :]


BAD_WORDS = (("p", P), ("p_plus_one", P + 1), ("max", 2**256 - 1))


def _precompile_case(
    name: str, data: bytes, expect: str = "valid", flags: tuple[str, ...] = ()
) -> Case:
    return Case(name, {"data": hex_bytes(data)}, expect, flags)


def _ec_add_cases() -> list[Case]:
    rng = case_rng("bn254/ec_add", "points")
    g = encode_g1_point(G1_GENERATOR)
    a, b = _random_g1(rng), _random_g1(rng)
    pa, pb = encode_g1_point(a), encode_g1_point(b)
    zero = bytes(64)
    cases = [
        _precompile_case("random_points", pa + pb),
        _precompile_case("generator_plus_generator", g + g, flags=("Doubling",)),
        _precompile_case(
            "point_plus_negation", pa + encode_g1_point(g1_neg(a)), flags=("Negation",)
        ),
        _precompile_case("infinity_plus_point", zero + pa, flags=("Infinity",)),
        _precompile_case("point_plus_infinity", pa + zero, flags=("Infinity",)),
        _precompile_case("infinity_plus_infinity", zero + zero, flags=("Infinity",)),
        _precompile_case("empty_input", b"", flags=("EmptyInput", "Padding")),
        _precompile_case("only_first_point", pa, flags=("Padding",)),
        _precompile_case("second_point_cut_short", pa + pb[:40], "PointNotOnCurve", ("Padding",)),
        _precompile_case("one_byte", b"\x01", "PointNotOnCurve", ("Padding",)),
        _precompile_case("surplus_bytes", pa + pb + b"\xff" * 33, flags=("SurplusInput",)),
        _precompile_case(
            "first_point_off_curve", _word(1) + _word(3) + pb, "PointNotOnCurve", ("OffCurve",)
        ),
        _precompile_case(
            "second_point_off_curve", pa + _word(1) + _word(3), "PointNotOnCurve", ("OffCurve",)
        ),
        _precompile_case(
            "zero_x_nonzero_y", _word(0) + _word(1) + pb, "PointNotOnCurve", ("OffCurve",)
        ),
    ]
    for word in range(4):
        for label, value in BAD_WORDS:
            cases.append(
                _precompile_case(
                    f"word_{word}_is_{label}",
                    _with_word(pa + pb, word, value),
                    "CoordinateOutOfRange",
                    ("CoordinateRange",),
                )
            )
    return cases


def _ec_mul_cases() -> list[Case]:
    rng = case_rng("bn254/ec_mul", "points")
    g = encode_g1_point(G1_GENERATOR)
    a = encode_g1_point(_random_g1(rng))
    cases = [
        _precompile_case(
            f"generator_times_{name}",
            g + _word(k),
            flags=("ScalarRange",) if k in (0, R - 1, R, R + 1, 2**256 - 1) else (),
        )
        for name, k in SPECIAL_SCALARS
    ]
    cases += [
        _precompile_case("random_point_and_scalar", a + _word(rng.randrange(R))),
        _precompile_case("infinity_times_scalar", bytes(64) + _word(12345), flags=("Infinity",)),
        _precompile_case("empty_input", b"", flags=("EmptyInput", "Padding")),
        _precompile_case("point_without_scalar", a, flags=("Padding",)),
        _precompile_case("one_byte_scalar", a + b"\x02", flags=("Padding",)),
        _precompile_case("surplus_bytes", a + _word(7) + b"\xff" * 40, flags=("SurplusInput",)),
        _precompile_case(
            "point_off_curve", _word(1) + _word(3) + _word(2), "PointNotOnCurve", ("OffCurve",)
        ),
    ]
    for word in range(2):
        for label, value in BAD_WORDS:
            cases.append(
                _precompile_case(
                    f"word_{word}_is_{label}",
                    _with_word(a + _word(5), word, value),
                    "CoordinateOutOfRange",
                    ("CoordinateRange",),
                )
            )
    return cases


def _chunk(p: G1Point, q: G2Point) -> bytes:
    return encode_g1_point(p) + encode_g2_point(q)


def _ec_pairing_cases() -> list[Case]:
    suite = "bn254/ec_pairing"
    rng = case_rng(suite, "scalars")
    a, b = rng.randrange(1, R), rng.randrange(1, R)
    g1, g2 = G1_GENERATOR, G2_GENERATOR
    true_pair = _chunk(g1_mul(g1, a), g2_mul(g2, b)) + _chunk(g1_mul(g1, -a * b % R), g2)
    false_pair = _chunk(g1_mul(g1, a), g2_mul(g2, b)) + _chunk(g1_mul(g1, a * b % R), g2)
    generators = _chunk(g1, g2)
    three = (
        _chunk(g1_mul(g1, a), g2) + _chunk(g1_mul(g1, b), g2) + _chunk(g1_mul(g1, -(a + b) % R), g2)
    )
    g2_bytes = encode_g2_point(g2)
    swapped = g2_bytes[32:64] + g2_bytes[:32] + g2_bytes[96:] + g2_bytes[64:96]
    outside = _random_twist_point(rng)
    small = _small_order_twist_point(rng)
    cases = [
        _precompile_case("empty_input", b"", flags=("EmptyInput",)),
        _precompile_case("one_pair_generators", generators),
        _precompile_case("two_pairs_true", true_pair, flags=("Bilinearity",)),
        _precompile_case("two_pairs_false", false_pair, flags=("Bilinearity",)),
        _precompile_case("three_pairs_true", three, flags=("Bilinearity",)),
        _precompile_case("four_pairs_true", true_pair + true_pair, flags=("Bilinearity",)),
        _precompile_case("infinity_in_g1", bytes(64) + g2_bytes, flags=("Infinity",)),
        _precompile_case("infinity_in_g2", encode_g1_point(g1) + bytes(128), flags=("Infinity",)),
        _precompile_case("all_zero_pair", bytes(192), flags=("Infinity",)),
        _precompile_case(
            "true_pairs_and_infinity", true_pair + bytes(192), flags=("Bilinearity", "Infinity")
        ),
    ]
    for length in (1, 64, 128, 191, 193, 383):
        cases.append(
            _precompile_case(
                f"length_{length}",
                (generators * 2)[:length],
                "InvalidPairingInputLength",
                ("PairingLength",),
            )
        )
    for word in range(6):
        for label, value in BAD_WORDS[:2]:
            cases.append(
                _precompile_case(
                    f"word_{word}_is_{label}",
                    _with_word(generators, word, value),
                    "CoordinateOutOfRange",
                    ("CoordinateRange",),
                )
            )
    g1_off = _word(G1_OFF_CURVE[0]) + _word(G1_OFF_CURVE[1])
    g2_off = (
        encode_fp(G2_OFF_TWIST[0][1])
        + encode_fp(G2_OFF_TWIST[0][0])
        + encode_fp(G2_OFF_TWIST[1][1])
        + encode_fp(G2_OFF_TWIST[1][0])
    )
    cases += [
        _precompile_case("g1_off_curve", g1_off + g2_bytes, "PointNotOnCurve", ("OffCurve",)),
        _precompile_case(
            "g2_off_twist", encode_g1_point(g1) + g2_off, "PointNotOnCurve", ("OffCurve",)
        ),
        _precompile_case(
            "g2_words_real_first",
            encode_g1_point(g1) + swapped,
            "PointNotOnCurve",
            ("WordOrder",),
        ),
        _precompile_case(
            "g2_random_twist_point",
            _chunk(g1, outside),
            "PointNotInSubgroup",
            ("OutsideSubgroup",),
        ),
        _precompile_case(
            "g2_order_10069", _chunk(g1, small), "PointNotInSubgroup", ("OutsideSubgroup",)
        ),
        _precompile_case(
            "g2_member_plus_order_10069",
            _chunk(g1, g2_add(g2, small)),
            "PointNotInSubgroup",
            ("OutsideSubgroup",),
        ),
        _precompile_case(
            "g2_outside_subgroup_with_g1_infinity",
            bytes(64) + encode_g2_point(outside),
            "PointNotInSubgroup",
            ("OutsideSubgroup", "Infinity"),
        ),
        _precompile_case(
            "second_pair_g2_outside_subgroup",
            generators + _chunk(g1, outside),
            "PointNotInSubgroup",
            ("OutsideSubgroup", "LaterPair"),
        ),
        _precompile_case(
            "second_pair_coordinate_out_of_range",
            generators + _with_word(generators, 3, P),
            "CoordinateOutOfRange",
            ("CoordinateRange", "LaterPair"),
        ),
        _precompile_case(
            "g1_off_curve_before_g2_range",
            g1_off + _with_word(g2_bytes, 0, P),
            "PointNotOnCurve",
            ("OffCurve", "CoordinateRange"),
        ),
    ]
    return cases


def _gas_cases(lengths: tuple[int, ...]) -> list[Case]:
    return [Case(f"length_{n}", {"data": hex_bytes(bytes(n))}) for n in lengths]


def _bytes_runner(function: Callable[[bytes], bytes]) -> Callable[[JsonObject], JsonValue]:
    def run(case_input: JsonObject) -> JsonValue:
        return hex_bytes(function(parse_bytes(field_of(case_input, "data"), "data")))

    return run


def _gas_runner(gas: Callable[[bytes], int]) -> Callable[[JsonObject], JsonValue]:
    def run(case_input: JsonObject) -> JsonValue:
        return dec(gas(parse_bytes(field_of(case_input, "data"), "data")))

    return run


def _with_gas(cases: list[Case], gas: Callable[[bytes], int]) -> list[Case]:
    return [
        Case(
            case.name,
            case.input,
            case.expect,
            case.flags,
            {"gas": dec(gas(parse_bytes(typing.cast(JsonValue, case.input["data"]), "data")))},
        )
        for case in cases
    ]


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
        suite=f"bn254/{name}",
        function=f"l2ref.crypto.{module}.{name}",
        spec=f"specs/crypto/{module}.md#{name}",
        description=description,
        cases=cases,
        run=run,
        notes=NOTES,
        parameters=PARAMETERS,
        predicate=predicate,
    )


FIELDS = "bn254_fields"
CURVES = "bn254_curves"
PAIRING = "bn254_pairing"
PRECOMPILES = "bn254_precompiles"

SUITES = [
    _suite(
        "fp_mul",
        FIELDS,
        ("a * b mod p for input.a, input.b; output is the product.", *VALUES),
        _fp_mul_cases,
        _run_fp_mul,
    ),
    _suite(
        "fp_inv",
        FIELDS,
        ("The inverse of input.a mod p (0 for 0); output is the inverse.", *VALUES),
        _fp_inv_cases,
        _run_fp_inv,
    ),
    _suite(
        "fp2_mul",
        FIELDS,
        ("The product of input.a and input.b in Fp2.", *VALUES),
        _fp2_mul_cases,
        _run_fp2_mul,
    ),
    _suite(
        "fp2_inv",
        FIELDS,
        ("The inverse of input.a in Fp2 (0 for 0).", *VALUES),
        _fp2_inv_cases,
        _run_fp2_inv,
    ),
    _suite(
        "fp12_mul",
        FIELDS,
        ("The product of input.a and input.b in Fp12.", *VALUES),
        _fp12_mul_cases,
        _run_fp12_mul,
    ),
    _suite(
        "fp12_inv",
        FIELDS,
        ("The inverse of input.a in Fp12 (0 for 0).", *VALUES),
        _fp12_inv_cases,
        _run_fp12_inv,
    ),
    _suite(
        "g1_add",
        CURVES,
        ("input.a + input.b in G1; output is the affine sum.", *VALUES, *POINTS),
        _g1_add_cases,
        _run_g1_add,
    ),
    _suite(
        "g1_double",
        CURVES,
        ("2 * input.a in G1.", *VALUES, *POINTS),
        _g1_double_cases,
        _run_g1_double,
    ),
    _suite(
        "g1_mul",
        CURVES,
        ("[input.k] input.point in G1, k used as given.", *VALUES, *POINTS),
        lambda: _mul_cases(
            "bn254/g1_mul", _g1_json(G1_GENERATOR), lambda rng: _g1_json(_random_g1(rng))
        ),
        _run_g1_mul,
    ),
    _suite(
        "g2_add",
        CURVES,
        ("input.a + input.b on the twist.", *VALUES, *POINTS),
        _g2_add_cases,
        _run_g2_add,
    ),
    _suite(
        "g2_double",
        CURVES,
        ("2 * input.a on the twist.", *VALUES, *POINTS),
        _g2_double_cases,
        _run_g2_double,
    ),
    _suite(
        "g2_mul",
        CURVES,
        (
            "[input.k] input.point on the twist, k used as given (not reduced mod r).",
            *VALUES,
            *POINTS,
        ),
        _g2_mul_cases,
        _run_g2_mul,
    ),
    _suite(
        "is_in_g2",
        CURVES,
        (
            "Whether input.point is on the twist and of order r; output is the boolean.",
            *VALUES,
            *POINTS,
        ),
        _is_in_g2_cases,
        _run_is_in_g2,
        predicate=True,
    ),
    _suite(
        "pairing",
        PAIRING,
        (
            "The optimal ate pairing e(input.p, input.q), an element of GT in Fp12.",
            *VALUES,
            *POINTS,
        ),
        _pairing_cases,
        _run_pairing,
    ),
    _suite(
        "pairing_check",
        PAIRING,
        (
            "Whether the product of e(p, q) over input.pairs (a list of {p, q}) is 1.",
            *VALUES,
            *POINTS,
        ),
        _pairing_check_cases,
        _run_pairing_check,
        predicate=True,
    ),
    _suite(
        "ec_add",
        PRECOMPILES,
        ("ECADD (0x06) on input.data; output is the 64-byte sum or the call fails.", *BYTES),
        lambda: _with_gas(_ec_add_cases(), ec_add_gas),
        _bytes_runner(ec_add),
    ),
    _suite(
        "ec_mul",
        PRECOMPILES,
        ("ECMUL (0x07) on input.data; output is the 64-byte product or the call fails.", *BYTES),
        lambda: _with_gas(_ec_mul_cases(), ec_mul_gas),
        _bytes_runner(ec_mul),
    ),
    _suite(
        "ec_pairing",
        PRECOMPILES,
        ("ECPAIRING (0x08) on input.data; output is 32 bytes (1 or 0) or the call fails.", *BYTES),
        lambda: _with_gas(_ec_pairing_cases(), ec_pairing_gas),
        _bytes_runner(ec_pairing),
    ),
    _suite(
        "ec_add_gas",
        PRECOMPILES,
        ("Gas of ECADD for input.data, a decimal string.",),
        lambda: _gas_cases((0, 64, 128, 200)),
        _gas_runner(ec_add_gas),
    ),
    _suite(
        "ec_mul_gas",
        PRECOMPILES,
        ("Gas of ECMUL for input.data, a decimal string.",),
        lambda: _gas_cases((0, 64, 96, 200)),
        _gas_runner(ec_mul_gas),
    ),
    _suite(
        "ec_pairing_gas",
        PRECOMPILES,
        (
            "Gas of ECPAIRING for input.data: 45000 + 34000 * floor(len / 192), charged also when "
            "the length then fails.",
        ),
        lambda: _gas_cases((*(k * EC_PAIRING_CHUNK_LENGTH for k in range(5)), 1, 191, 193, 500)),
        _gas_runner(ec_pairing_gas),
    ),
]
