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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, NewType, TypeAlias, cast

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
from l2ref.vectorgen.codec import (
    DECIMAL_PATTERN,
    Codec,
    from_json,
    object_schema,
    register_codec,
    schema_of,
    to_json,
)
from l2ref.vectorgen.core import Case, Note, Suite, case_rng, declare
from l2ref.vectorgen.values import JsonValue, as_object, parse_int

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

PARAMETERS = {"FIELD_MODULUS": str(P), "CURVE_ORDER": str(R)}

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


# ----------------------------------------------------------------------------- vector forms

Fp = NewType("Fp", int)
"""An element of Fp read from a vector: a decimal string below p (MalformedVector otherwise)."""

Fp2Element: TypeAlias = tuple[Fp, Fp]
Fp12Element: TypeAlias = tuple[
    tuple[Fp2Element, Fp2Element, Fp2Element], tuple[Fp2Element, Fp2Element, Fp2Element]
]

G1 = NewType("G1", G1Point)
"""A G1 point in vector form: affine `{x, y}` of Fp elements, `null` for infinity."""

G2 = NewType("G2", G2Point)
"""A G2 point in vector form: affine `{x, y}` of Fp2 elements, `null` for infinity."""


def _fp_from_json(data: JsonValue, what: str) -> Fp:
    number = parse_int(data, what)
    if not 0 <= number < P:
        raise MalformedVector(f"{what}: {number} is not in [0, p)")
    return Fp(number)


def _point_codec(
    to_affine: Callable[[Any], Any], from_affine: Callable[..., Any], infinity: Any, hint: Any
) -> Codec:
    def encode(point: Any) -> JsonValue:
        affine = to_affine(point)
        return (
            None
            if affine is None
            else {"x": to_json(affine[0], hint), "y": to_json(affine[1], hint)}
        )

    def decode(data: JsonValue, what: str) -> Any:
        if data is None:
            return infinity
        obj = as_object(data, what)
        if set(obj) != {"x", "y"}:
            raise MalformedVector(f"{what}: expected null or an object with x and y, got {data!r}")
        return from_affine(
            from_json(obj["x"], hint, f"{what}.x"), from_json(obj["y"], hint, f"{what}.y")
        )

    point = object_schema({"x": schema_of(hint), "y": schema_of(hint)})
    return Codec(encode, decode, {"anyOf": [{"type": "null"}, point]})


register_codec(Fp, Codec(str, _fp_from_json, {"type": "string", "pattern": DECIMAL_PATTERN}))
register_codec(G1, _point_codec(g1_to_affine, g1_from_affine, G1_INFINITY, Fp))
register_codec(G2, _point_codec(g2_to_affine, g2_from_affine, G2_INFINITY, Fp2Element))


# ----------------------------------------------------------------------------- adapters
# The suites read Fp elements and affine points; the functions take integers and projective points.


def _fp_mul(a: Fp, b: Fp) -> int:
    return fp_mul(a, b)


def _fp_inv(a: Fp) -> int:
    return fp_inv(a)


def _fp2_mul(a: Fp2Element, b: Fp2Element) -> Fp2:
    return fp2_mul(a, b)


def _fp2_inv(a: Fp2Element) -> Fp2:
    return fp2_inv(a)


def _fp12_mul(a: Fp12Element, b: Fp12Element) -> Fp12:
    return fp12_mul(a, b)


def _fp12_inv(a: Fp12Element) -> Fp12:
    return fp12_inv(a)


def _g1_add(a: G1, b: G1) -> G1:
    return G1(g1_add(a, b))


def _g1_double(a: G1) -> G1:
    return G1(g1_double(a))


def _g1_mul(point: G1, k: int) -> G1:
    return G1(g1_mul(point, k))


def _g2_add(a: G2, b: G2) -> G2:
    return G2(g2_add(a, b))


def _g2_double(a: G2) -> G2:
    return G2(g2_double(a))


def _g2_mul(point: G2, k: int) -> G2:
    return G2(g2_mul(point, k))


def _is_in_g2(point: G2) -> bool:
    return is_in_g2(point)


def _pairing(p: G1, q: G2) -> Fp12:
    return pairing(p, q)


@dataclass(frozen=True)
class Pair:
    p: G1
    q: G2


def _pairing_check(pairs: Sequence[Pair]) -> bool:
    return pairing_check([(pair.p, pair.q) for pair in pairs])


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


def _field_cases(
    suite: str, special: list[Case], random_input: Callable[[random.Random], dict[str, object]]
) -> list[Case]:
    names = [f"random_{index}" for index in range(3)]
    return special + [Case(name, random_input(case_rng(suite, name))) for name in names]


FP2_I: Fp2 = (0, 1)
W: Fp12 = (FP6_ZERO, ((1, 0), FP2_ZERO, FP2_ZERO))
W5: Fp12 = (FP6_ZERO, (FP2_ZERO, FP2_ZERO, (1, 0)))
INV0 = ("Inv0",)


def _fp_mul_cases() -> list[Case]:
    special = [
        Case("two_times_three", {"a": 2, "b": 3}),
        Case("minus_one_squared", {"a": P - 1, "b": P - 1}),
        Case("zero", {"a": 0, "b": P - 1}),
    ]
    return _field_cases(
        "bn254/fp_mul", special, lambda rng: {"a": rng.randrange(P), "b": rng.randrange(P)}
    )


def _fp_inv_cases() -> list[Case]:
    special = [Case("one", {"a": 1}), Case("two", {"a": 2}), Case("minus_one", {"a": P - 1})]
    special.append(Case("zero", {"a": 0}, flags=INV0))
    return _field_cases("bn254/fp_inv", special, lambda rng: {"a": rng.randrange(1, P)})


def _fp2_mul_cases() -> list[Case]:
    special = [
        Case("i_times_i", {"a": FP2_I, "b": FP2_I}),
        Case("xi_times_xi", {"a": XI, "b": XI}),
        Case("minus_one_times_i", {"a": (P - 1, 0), "b": FP2_I}),
    ]
    return _field_cases(
        "bn254/fp2_mul", special, lambda rng: {"a": _random_fp2(rng), "b": _random_fp2(rng)}
    )


def _fp2_inv_cases() -> list[Case]:
    special = [Case("one", {"a": FP2_ONE}), Case("i", {"a": FP2_I}), Case("xi", {"a": XI})]
    special.append(Case("zero", {"a": FP2_ZERO}, flags=INV0))
    return _field_cases("bn254/fp2_inv", special, lambda rng: {"a": _random_fp2(rng)})


def _fp12_mul_cases() -> list[Case]:
    special = [
        Case("one_times_one", {"a": FP12_ONE, "b": FP12_ONE}),
        Case("w_times_w5_is_xi", {"a": W, "b": W5}),
        Case("w_times_w", {"a": W, "b": W}),
    ]
    return _field_cases(
        "bn254/fp12_mul", special, lambda rng: {"a": _random_fp12(rng), "b": _random_fp12(rng)}
    )


def _fp12_inv_cases() -> list[Case]:
    special = [Case("one", {"a": FP12_ONE}), Case("w", {"a": W})]
    special.append(Case("zero", {"a": (FP6_ZERO, FP6_ZERO)}, flags=INV0))
    return _field_cases("bn254/fp12_inv", special, lambda rng: {"a": _random_fp12(rng)})


# ----------------------------------------------------------------------------- curve suites


@dataclass(frozen=True)
class Group:
    """What the curve suites of G1 or G2 are built from."""

    name: str
    generator: Any
    infinity: Any
    double: Callable[[Any], Any]
    neg: Callable[[Any], Any]
    random_point: Callable[[random.Random], Any]


G1_GROUP = Group("g1", G1_GENERATOR, G1_INFINITY, g1_double, g1_neg, _random_g1)
G2_GROUP = Group("g2", G2_GENERATOR, G2_INFINITY, g2_double, g2_neg, _random_g2)


def _add_cases(group: Group) -> list[Case]:
    rng = case_rng(f"bn254/{group.name}_add", "points")
    a, b = group.random_point(rng), group.random_point(rng)
    g, infinity, at_infinity = group.generator, group.infinity, ("Infinity",)
    return [
        Case("generator_plus_double", {"a": g, "b": group.double(g)}),
        Case("generator_plus_itself", {"a": g, "b": g}, flags=("Doubling",)),
        Case("point_plus_negation", {"a": a, "b": group.neg(a)}, flags=("Negation",)),
        Case("infinity_plus_point", {"a": infinity, "b": a}, flags=at_infinity),
        Case("point_plus_infinity", {"a": a, "b": infinity}, flags=at_infinity),
        Case("infinity_plus_infinity", {"a": infinity, "b": infinity}, flags=at_infinity),
        Case("random", {"a": a, "b": b}),
    ]


def _double_cases(group: Group) -> list[Case]:
    rng = case_rng(f"bn254/{group.name}_double", "point")
    return [
        Case("generator", {"a": group.generator}),
        Case("infinity", {"a": group.infinity}, flags=("Infinity",)),
        Case("random", {"a": group.random_point(rng)}),
    ]


SPECIAL_SCALARS = (
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("order_minus_one", R - 1),
    ("order", R),
    ("order_plus_one", R + 1),
    ("max_uint256", 2**256 - 1),
)


def _scalar_flags(k: int) -> tuple[str, ...]:
    return ("ScalarRange",) if k in (0, R - 1, R, R + 1, 2**256 - 1) else ()


def _mul_cases(group: Group) -> list[Case]:
    g, suite = group.generator, f"bn254/{group.name}_mul"
    cases = [
        Case(f"generator_times_{name}", {"point": g, "k": k}, flags=_scalar_flags(k))
        for name, k in SPECIAL_SCALARS
    ]
    infinity = {"point": group.infinity, "k": 12345}
    cases.append(Case("infinity_times_scalar", infinity, flags=("Infinity",)))
    for name in ["random_0", "random_1"]:
        rng = case_rng(suite, name)
        cases.append(Case(name, {"point": group.random_point(rng), "k": rng.randrange(R)}))
    return cases


def _g2_mul_cases() -> list[Case]:
    outside = _random_twist_point(case_rng("bn254/g2_mul", "outside_subgroup"))
    flags = ("OutsideSubgroup",)
    last = Case("outside_subgroup_times_order", {"point": outside, "k": R}, flags=flags)
    return [*_mul_cases(G2_GROUP), last]


def _is_in_g2_cases() -> list[Case]:
    rng = case_rng("bn254/is_in_g2", "points")
    small = _small_order_twist_point(rng)
    member = _random_g2(rng)
    twist = _random_twist_point(rng)
    outside = ("OutsideSubgroup",)
    return [
        Case("generator", {"point": G2_GENERATOR}),
        Case("infinity", {"point": G2_INFINITY}, flags=("Infinity",)),
        Case("random_member", {"point": member}),
        Case("cleared_cofactor", {"point": g2_mul(twist, G2_COFACTOR)}),
        Case("random_twist_point", {"point": twist}, "invalid", outside),
        Case("order_10069", {"point": small}, "invalid", outside),
        Case("member_plus_order_10069", {"point": g2_add(member, small)}, "invalid", outside),
        Case("order_dividing_cofactor", {"point": g2_mul(twist, R)}, "invalid", outside),
        Case("off_twist", {"point": g2_from_affine(*G2_OFF_TWIST)}, "invalid", ("OffCurve",)),
    ]


# ----------------------------------------------------------------------------- pairing suites


def _pairing_cases() -> list[Case]:
    rng = case_rng("bn254/pairing", "scalars")
    a, b = rng.randrange(1, R), rng.randrange(1, R)
    g1, g2 = G1_GENERATOR, G2_GENERATOR
    bilinear = ("Bilinearity",)
    return [
        Case("generators", {"p": g1, "q": g2}),
        Case("infinity_in_g1", {"p": G1_INFINITY, "q": g2}, flags=("Infinity",)),
        Case("infinity_in_g2", {"p": g1, "q": G2_INFINITY}, flags=("Infinity",)),
        Case(
            "scaled_in_g1",
            {"p": g1_mul(g1, a * b % R), "q": g2},
            flags=bilinear,
            intermediate={"k": a * b % R},
        ),
        Case(
            "scaled_in_both",
            {"p": g1_mul(g1, a), "q": g2_mul(g2, b)},
            flags=bilinear,
            intermediate={"a": a, "b": b},
        ),
        Case("random", {"p": _random_g1(rng), "q": _random_g2(rng)}),
    ]


def _pairs(pairs: list[tuple[G1Point, G2Point]]) -> dict[str, object]:
    return {"pairs": [Pair(G1(p), G2(q)) for p, q in pairs]}


def _pairing_check_cases() -> list[Case]:
    rng = case_rng("bn254/pairing_check", "scalars")
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
    bilinear = ("Bilinearity",)
    return [
        Case("empty", _pairs([]), flags=("EmptyInput",)),
        Case("generators", _pairs([(g1, g2)]), "invalid"),
        Case("infinity_pair", _pairs([infinity]), flags=("Infinity",)),
        Case("two_pairs", _pairs(two), flags=bilinear),
        Case("three_pairs", _pairs(three), flags=bilinear),
        Case("four_pairs", _pairs(four), flags=bilinear),
        Case("two_pairs_tampered", _pairs(tampered), "invalid", bilinear),
        Case("two_pairs_and_infinity", _pairs([*two, infinity]), flags=(*bilinear, "Infinity")),
    ]


# ----------------------------------------------------------------------------- precompiles


def _word(value: int) -> bytes:
    return value.to_bytes(32, "big")


def _with_word(data: bytes, index: int, value: int) -> bytes:
    return data[: 32 * index] + _word(value) + data[32 * (index + 1) :]


BAD_WORDS = (("p", P), ("p_plus_one", P + 1), ("max", 2**256 - 1))


def _precompile_case(
    name: str, data: bytes, expect: str = "valid", flags: tuple[str, ...] = ()
) -> Case:
    return Case(name, {"data": data}, expect, flags)


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


def _with_gas(cases: list[Case], gas: Callable[[bytes], int]) -> list[Case]:
    return [replace(c, intermediate={"gas": gas(cast(bytes, c.input["data"]))}) for c in cases]


def _gas_cases(lengths: tuple[int, ...]) -> list[Case]:
    return [Case(f"length_{n}", {"data": bytes(n)}) for n in lengths]


def _suite(
    function: Callable[..., object],
    cases: Callable[[], list[Case]],
    *description: str,
    via: Callable[..., object] | None = None,
    predicate: bool = False,
) -> Suite:
    return declare(
        "bn254",
        function,
        cases,
        description,
        via=via,
        notes=NOTES,
        parameters=PARAMETERS,
        predicate=predicate,
    )


FIELD, CURVE = VALUES, (*VALUES, *POINTS)

SUITES = [
    _suite(
        fp_mul,
        _fp_mul_cases,
        "a * b mod p for input.a, input.b; output is the product.",
        *FIELD,
        via=_fp_mul,
    ),
    _suite(
        fp_inv,
        _fp_inv_cases,
        "The inverse of input.a mod p (0 for 0); output is the inverse.",
        *FIELD,
        via=_fp_inv,
    ),
    _suite(
        fp2_mul, _fp2_mul_cases, "The product of input.a and input.b in Fp2.", *FIELD, via=_fp2_mul
    ),
    _suite(
        fp2_inv, _fp2_inv_cases, "The inverse of input.a in Fp2 (0 for 0).", *FIELD, via=_fp2_inv
    ),
    _suite(
        fp12_mul,
        _fp12_mul_cases,
        "The product of input.a and input.b in Fp12.",
        *FIELD,
        via=_fp12_mul,
    ),
    _suite(
        fp12_inv,
        _fp12_inv_cases,
        "The inverse of input.a in Fp12 (0 for 0).",
        *FIELD,
        via=_fp12_inv,
    ),
    _suite(
        g1_add,
        lambda: _add_cases(G1_GROUP),
        "input.a + input.b in G1; output is the affine sum.",
        *CURVE,
        via=_g1_add,
    ),
    _suite(
        g1_double, lambda: _double_cases(G1_GROUP), "2 * input.a in G1.", *CURVE, via=_g1_double
    ),
    _suite(
        g1_mul,
        lambda: _mul_cases(G1_GROUP),
        "[input.k] input.point in G1, k used as given.",
        *CURVE,
        via=_g1_mul,
    ),
    _suite(
        g2_add, lambda: _add_cases(G2_GROUP), "input.a + input.b on the twist.", *CURVE, via=_g2_add
    ),
    _suite(
        g2_double,
        lambda: _double_cases(G2_GROUP),
        "2 * input.a on the twist.",
        *CURVE,
        via=_g2_double,
    ),
    _suite(
        g2_mul,
        _g2_mul_cases,
        "[input.k] input.point on the twist, k used as given (not reduced mod r).",
        *CURVE,
        via=_g2_mul,
    ),
    _suite(
        is_in_g2,
        _is_in_g2_cases,
        "Whether input.point is on the twist and of order r; output is the boolean.",
        *CURVE,
        via=_is_in_g2,
        predicate=True,
    ),
    _suite(
        pairing,
        _pairing_cases,
        "The optimal ate pairing e(input.p, input.q), an element of GT in Fp12.",
        *CURVE,
        via=_pairing,
    ),
    _suite(
        pairing_check,
        _pairing_check_cases,
        "Whether the product of e(p, q) over input.pairs (a list of {p, q}) is 1.",
        *CURVE,
        via=_pairing_check,
        predicate=True,
    ),
    _suite(
        ec_add,
        lambda: _with_gas(_ec_add_cases(), ec_add_gas),
        "ECADD (0x06) on input.data; output is the 64-byte sum or the call fails.",
        *BYTES,
    ),
    _suite(
        ec_mul,
        lambda: _with_gas(_ec_mul_cases(), ec_mul_gas),
        "ECMUL (0x07) on input.data; output is the 64-byte product or the call fails.",
        *BYTES,
    ),
    _suite(
        ec_pairing,
        lambda: _with_gas(_ec_pairing_cases(), ec_pairing_gas),
        "ECPAIRING (0x08) on input.data; output is 32 bytes (1 or 0) or the call fails.",
        *BYTES,
    ),
    _suite(
        ec_add_gas,
        lambda: _gas_cases((0, 64, 128, 200)),
        "Gas of ECADD for input.data, a decimal string.",
    ),
    _suite(
        ec_mul_gas,
        lambda: _gas_cases((0, 64, 96, 200)),
        "Gas of ECMUL for input.data, a decimal string.",
    ),
    _suite(
        ec_pairing_gas,
        lambda: _gas_cases((*(k * EC_PAIRING_CHUNK_LENGTH for k in range(5)), 1, 191, 193, 500)),
        "Gas of ECPAIRING for input.data: 45000 + 34000 * floor(len / 192), charged also when "
        "the length then fails.",
    ),
]
