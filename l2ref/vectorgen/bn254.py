"""Vector suites for specs/crypto/bn254_fields.md, bn254_curves.md, bn254_pairing.md and
bn254_precompiles.md.

Values: an Fp or Fr element or a scalar is a decimal string; an Fp2 element is `[c0, c1]` (real
part first, as in memory: c0 + c1 i); an Fp12 element is `[[x, x, x], [x, x, x]]` of Fp2 elements
(coefficients of 1, v, v^2 and then of w, vw, v^2 w); an affine G1 point is `{"x", "y"}` of
decimals, a G2 point `{"x", "y"}` of Fp2 elements, and the point at infinity is `null`. Precompile
inputs and outputs are the raw bytes.
"""

from __future__ import annotations

import functools
import random
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, NewType, TypeAlias, cast

from l2ref.crypto import bn254_curves as curve
from l2ref.crypto import bn254_fields as field
from l2ref.crypto import bn254_precompiles as precompile
from l2ref.crypto.bn254_curves import G1_GENERATOR, G2_GENERATOR, G1Point, G2Point, g1_mul, g2_mul
from l2ref.crypto.bn254_fields import FP2_ONE, FP2_ZERO, FP6_ZERO, FP12_ONE, XI, Fp2, Fp12
from l2ref.crypto.bn254_pairing import pairing, pairing_check
from l2ref.crypto.bn254_precompiles import encode_fp, encode_g1_point, encode_g2_point
from l2ref.errors import MalformedVector
from l2ref.vectorgen import codec
from l2ref.vectorgen.codec import Codec, from_json, register_codec, schema_of, to_json
from l2ref.vectorgen.core import Case, Suite, case_rng, declare, note_table
from l2ref.vectorgen.values import JsonValue, as_object, parse_int

P, R = field.FIELD_MODULUS, field.CURVE_ORDER
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

NOTES = note_table("""
Inv0 EDGE_CASE The inverse of zero is defined as zero (inv0 of RFC 9380).
Infinity EDGE_CASE The point at infinity: null in curve suites; 64 zero bytes (G1) or 128 zero bytes
  (G2) in precompile input and output.
Doubling EDGE_CASE P + P through the addition formula (the chord degenerates).
Negation EDGE_CASE P + (-P): the sum is the point at infinity.
ScalarRange EDGE_CASE Scalars 0, r - 1, r, r + 1 and 2^256 - 1: the multiplication uses the integer
  as given.
OutsideSubgroup SECURITY A point on the twist y^2 = x^3 + 3/(9 + i) whose order is not r: a random
  twist point, a point of order 10069 (a factor of the cofactor 2p - r), or such a point added to a
  G2 point. EIP-197 requires rejecting it.
OffCurve SECURITY Coordinates below p that do not satisfy the curve equation.
CoordinateRange SECURITY A coordinate word equal to p, p + 1 or 2^256 - 1: it MUST be rejected, not
  reduced modulo p, or one point would have several encodings.
WordOrder COMPATIBILITY EIP-197 writes a + b i as the words a, b (imaginary first). The G2
  generator written real part first is off the twist.
Padding COMPATIBILITY ECADD and ECMUL read short input as if followed by zero bytes (EIP-196).
SurplusInput COMPATIBILITY Bytes beyond 128 (ECADD) or 96 (ECMUL) are ignored, whatever they hold.
EmptyInput EDGE_CASE Empty input: all points at infinity for ECADD and ECMUL, the empty product (1)
  for ECPAIRING.
PairingLength SECURITY An ECPAIRING input whose length is not a multiple of 192 fails before any
  point is read.
Bilinearity FUNCTIONALITY e([a]P, [b]Q) = e(P, Q)^(ab): products such as e([a]P, [b]Q) *
  e([-ab]P, Q) equal 1, and change when one scalar is changed.
LaterPair SECURITY The invalid point is in a later 192-byte chunk, after a valid one: every chunk
  is checked.
""")

# Each suite's own description; VALUES (fp*), VALUES and POINTS (curves, pairings) or BYTES (ec_*)
# follow it.
FIELD, CURVE = VALUES, (*VALUES, *POINTS)

DESCRIPTIONS = {
    "fp_mul": "a * b mod p for input.a, input.b; output is the product.",
    "fp_inv": "The inverse of input.a mod p (0 for 0); output is the inverse.",
    "fp2_mul": "The product of input.a and input.b in Fp2.",
    "fp2_inv": "The inverse of input.a in Fp2 (0 for 0).",
    "fp12_mul": "The product of input.a and input.b in Fp12.",
    "fp12_inv": "The inverse of input.a in Fp12 (0 for 0).",
    "g1_add": "input.a + input.b in G1; output is the affine sum.",
    "g1_double": "2 * input.a in G1.",
    "g1_mul": "[input.k] input.point in G1, k used as given.",
    "g2_add": "input.a + input.b on the twist.",
    "g2_double": "2 * input.a on the twist.",
    "g2_mul": "[input.k] input.point on the twist, k used as given (not reduced mod r).",
    "is_in_g2": "Whether input.point is on the twist and of order r; output is the boolean.",
    "pairing": "The optimal ate pairing e(input.p, input.q), an element of GT in Fp12.",
    "pairing_check": "Whether the product of e(p, q) over input.pairs (a list of {p, q}) is 1.",
    "ec_add": "ECADD (0x06) on input.data; output is the 64-byte sum or the call fails.",
    "ec_mul": "ECMUL (0x07) on input.data; output is the 64-byte product or the call fails.",
    "ec_pairing": "ECPAIRING (0x08) on input.data; output is 32 bytes (1 or 0) or the call fails.",
    "ec_add_gas": "Gas of ECADD for input.data, a decimal string.",
    "ec_mul_gas": "Gas of ECMUL for input.data, a decimal string.",
    "ec_pairing_gas": "Gas of ECPAIRING for input.data: 45000 + 34000 * floor(len / 192), charged "
    "also when the length then fails.",
}


def _suite(
    function: Callable[..., object],
    cases: Callable[[], list[Case]],
    via: Callable[..., object] | None = None,
    predicate: bool = False,
) -> Suite:
    name = function.__name__
    shared = {"fp": VALUES, "ec": () if name.endswith("_gas") else BYTES}.get(name[:2], CURVE)
    description = (DESCRIPTIONS[name], *shared)
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

    point = codec.object_schema({"x": schema_of(hint), "y": schema_of(hint)})
    return Codec(encode, decode, {"anyOf": [{"type": "null"}, point]})


register_codec(Fp, Codec(str, _fp_from_json, schema_of(int)))
register_codec(G1, _point_codec(curve.g1_to_affine, curve.g1_from_affine, curve.G1_INFINITY, Fp))
register_codec(
    G2, _point_codec(curve.g2_to_affine, curve.g2_from_affine, curve.G2_INFINITY, Fp2Element)
)


# ----------------------------------------------------------------------------- adapters
# The suites read Fp elements and affine points; the functions take integers and projective points.


def _typed(function: Callable[..., object], returns: object = None, **hints: object) -> Any:
    """`function` with the parameters named in `hints` (and, if given, its return value) read
    and written as the given vector types; its other parameters keep their own types."""

    def call(**arguments: object) -> object:
        return function(**arguments)

    functools.update_wrapper(call, function)
    own = typing.get_type_hints(function)
    call.__annotations__ = {**own, **hints, "return": returns or own["return"]}
    return call


@dataclass(frozen=True)
class Pair:
    p: G1
    q: G2


def _pairing_check(pairs: Sequence[Pair]) -> bool:
    return pairing_check([(pair.p, pair.q) for pair in pairs])


# ----------------------------------------------------------------------------- sample values


def _case(
    name: str, input: Mapping[str, object], expect: str = "valid", flags: str = "", **inter: object
) -> Case:
    """A case whose flags are written as one space-separated string."""
    return Case(name, input, expect, tuple(flags.split()), inter)


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
        y = field.fp2_sqrt(field.fp2_add(field.fp2_mul(field.fp2_sqr(x), x), curve.TWIST_B))
        if y is not None and not curve.is_in_g2(curve.g2_from_affine(x, y)):
            return curve.g2_from_affine(x, y)


def _small_order_twist_point(rng: random.Random) -> G2Point:
    """A twist point of order 10069: a random one times r and the rest of the cofactor."""
    while True:
        point = g2_mul(_random_twist_point(rng), R * (curve.G2_COFACTOR // SMALL_TWIST_ORDER))
        if point[2] != FP2_ZERO:
            return point


G1_OFF_CURVE = (1, 3)
G2_OFF_TWIST: tuple[Fp2, Fp2] = (G2_GENERATOR[0], FP2_ONE)


# ----------------------------------------------------------------------------- field suites

FP2_I: Fp2 = (0, 1)
W: Fp12 = (FP6_ZERO, ((1, 0), FP2_ZERO, FP2_ZERO))
W5: Fp12 = (FP6_ZERO, (FP2_ZERO, FP2_ZERO, (1, 0)))
INV0 = ("Inv0",)


# The special cases of each field suite as (name, a) or (name, a, b); an inverse of zero is Inv0.
FIELD_CASES: dict[str, list[tuple[Any, ...]]] = {
    "fp_mul": [("two_times_three", 2, 3), ("minus_one_squared", P - 1, P - 1), ("zero", 0, P - 1)],
    "fp_inv": [("one", 1), ("two", 2), ("minus_one", P - 1), ("zero", 0)],
    "fp2_mul": [
        ("i_times_i", FP2_I, FP2_I),
        ("xi_times_xi", XI, XI),
        ("minus_one_times_i", (P - 1, 0), FP2_I),
    ],
    "fp2_inv": [("one", FP2_ONE), ("i", FP2_I), ("xi", XI), ("zero", FP2_ZERO)],
    "fp12_mul": [
        ("one_times_one", FP12_ONE, FP12_ONE),
        ("w_times_w5_is_xi", W, W5),
        ("w_times_w", W, W),
    ],
    "fp12_inv": [("one", FP12_ONE), ("w", W), ("zero", (FP6_ZERO, FP6_ZERO))],
}


def _field_suite(
    function: Callable[..., object], element: object, draw: Callable[[random.Random], object]
) -> Suite:
    """A suite of a field operation on `a` (and `b`) read as `element`: its special cases, then
    three cases of elements drawn by `draw` from the case's generator."""
    name = function.__name__
    operands = ("a", "b")[: len(FIELD_CASES[name][0]) - 1]

    def cases() -> list[Case]:
        flag = "Inv0" if name.endswith("_inv") else ""
        special = [
            _case(
                case, dict(zip(operands, values, strict=True)), flags=flag if case == "zero" else ""
            )
            for case, *values in FIELD_CASES[name]
        ]
        randoms = [
            (f"random_{index}", case_rng(f"bn254/{name}", f"random_{index}")) for index in range(3)
        ]
        return special + [Case(case, {n: draw(rng) for n in operands}) for case, rng in randoms]

    return _suite(function, cases, via=_typed(function, **dict.fromkeys(operands, element)))


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


G1_GROUP = Group("g1", G1_GENERATOR, curve.G1_INFINITY, curve.g1_double, curve.g1_neg, _random_g1)
G2_GROUP = Group("g2", G2_GENERATOR, curve.G2_INFINITY, curve.g2_double, curve.g2_neg, _random_g2)


def _add_cases(group: Group) -> list[Case]:
    rng = case_rng(f"bn254/{group.name}_add", "points")
    a, b = group.random_point(rng), group.random_point(rng)
    g, infinity = group.generator, group.infinity
    return [
        _case("generator_plus_double", {"a": g, "b": group.double(g)}),
        _case("generator_plus_itself", {"a": g, "b": g}, flags="Doubling"),
        _case("point_plus_negation", {"a": a, "b": group.neg(a)}, flags="Negation"),
        _case("infinity_plus_point", {"a": infinity, "b": a}, flags="Infinity"),
        _case("point_plus_infinity", {"a": a, "b": infinity}, flags="Infinity"),
        _case("infinity_plus_infinity", {"a": infinity, "b": infinity}, flags="Infinity"),
        _case("random", {"a": a, "b": b}),
    ]


def _double_cases(group: Group) -> list[Case]:
    rng = case_rng(f"bn254/{group.name}_double", "point")
    return [
        _case("generator", {"a": group.generator}),
        _case("infinity", {"a": group.infinity}, flags="Infinity"),
        _case("random", {"a": group.random_point(rng)}),
    ]


SPECIAL_SCALARS: tuple[tuple[str, int], ...] = (
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("order_minus_one", R - 1),
    ("order", R),
)
SPECIAL_SCALARS += (("order_plus_one", R + 1), ("max_uint256", 2**256 - 1))


def _scalar_flags(k: int) -> str:
    return "ScalarRange" if k in (0, R - 1, R, R + 1, 2**256 - 1) else ""


def _mul_cases(group: Group) -> list[Case]:
    g, suite = group.generator, f"bn254/{group.name}_mul"
    cases = [
        _case(f"generator_times_{name}", {"point": g, "k": k}, flags=_scalar_flags(k))
        for name, k in SPECIAL_SCALARS
    ]
    infinity = {"point": group.infinity, "k": 12345}
    cases.append(_case("infinity_times_scalar", infinity, flags="Infinity"))
    for name in ["random_0", "random_1"]:
        rng = case_rng(suite, name)
        cases.append(Case(name, {"point": group.random_point(rng), "k": rng.randrange(R)}))
    if group is G2_GROUP:
        outside = _random_twist_point(case_rng(suite, "outside_subgroup"))
        flags = "OutsideSubgroup"
        cases.append(_case("outside_subgroup_times_order", {"point": outside, "k": R}, flags=flags))
    return cases


def _is_in_g2_cases() -> list[Case]:
    rng = case_rng("bn254/is_in_g2", "points")
    small, member = _small_order_twist_point(rng), _random_g2(rng)
    twist = _random_twist_point(rng)
    out, off = ("invalid", "OutsideSubgroup"), ("invalid", "OffCurve")
    return [
        _case("generator", {"point": G2_GENERATOR}),
        _case("infinity", {"point": curve.G2_INFINITY}, flags="Infinity"),
        _case("random_member", {"point": member}),
        _case("cleared_cofactor", {"point": g2_mul(twist, curve.G2_COFACTOR)}),
        _case("random_twist_point", {"point": twist}, *out),
        _case("order_10069", {"point": small}, *out),
        _case("member_plus_order_10069", {"point": curve.g2_add(member, small)}, *out),
        _case("order_dividing_cofactor", {"point": g2_mul(twist, R)}, *out),
        _case("off_twist", {"point": curve.g2_from_affine(*G2_OFF_TWIST)}, *off),
    ]


def _g1_double(a: G1) -> G1:
    return G1(curve.g1_double(a))


def _g2_double(a: G2) -> G2:
    return G2(curve.g2_double(a))


def _curve_suites(group: Group, point: object, double: object) -> list[Suite]:
    """The add, double and mul suites of `group`, its points read and written as `point`."""
    add, mul = getattr(curve, f"{group.name}_add"), getattr(curve, f"{group.name}_mul")
    functions = (add, getattr(curve, f"{group.name}_double"), mul)
    vias = (_typed(add, point, a=point, b=point), double, _typed(mul, point, point=point))
    builders = (_add_cases, _double_cases, _mul_cases)
    return [
        _suite(function, functools.partial(build, group), via=via)
        for function, build, via in zip(functions, builders, vias, strict=True)
    ]


# ----------------------------------------------------------------------------- pairing suites


def _pairing_cases() -> list[Case]:
    rng = case_rng("bn254/pairing", "scalars")
    a, b = rng.randrange(1, R), rng.randrange(1, R)
    g1, g2, bilinear = G1_GENERATOR, G2_GENERATOR, "Bilinearity"
    return [
        _case("generators", {"p": g1, "q": g2}),
        _case("infinity_in_g1", {"p": curve.G1_INFINITY, "q": g2}, flags="Infinity"),
        _case("infinity_in_g2", {"p": g1, "q": curve.G2_INFINITY}, flags="Infinity"),
        _case(
            "scaled_in_g1", {"p": g1_mul(g1, a * b % R), "q": g2}, "valid", bilinear, k=a * b % R
        ),
        _case(
            "scaled_in_both", {"p": g1_mul(g1, a), "q": g2_mul(g2, b)}, "valid", bilinear, a=a, b=b
        ),
        _case("random", {"p": _random_g1(rng), "q": _random_g2(rng)}),
    ]


def _pairs(pairs: list[tuple[G1Point, G2Point]]) -> dict[str, object]:
    return {"pairs": [Pair(G1(p), G2(q)) for p, q in pairs]}


def _pairing_check_cases() -> list[Case]:
    rng = case_rng("bn254/pairing_check", "scalars")
    a, b, c = rng.randrange(1, R), rng.randrange(1, R), rng.randrange(1, R)
    g1, g2 = G1_GENERATOR, G2_GENERATOR
    two = [(g1_mul(g1, a), g2_mul(g2, b)), (g1_mul(g1, -a * b % R), g2)]
    three = [(g1_mul(g1, a), g2), (g1_mul(g1, b), g2), (g1_mul(g1, -(a + b) % R), g2)]
    four = [two[0], (g1_mul(g1, c), g2_mul(g2, c)), (curve.g1_neg(g1), g2_mul(g2, a * b % R))]
    four.append((curve.g1_neg(g1_mul(g1, c * c % R)), g2))
    tampered = [two[0], (g1_mul(g1, (-a * b + 1) % R), g2)]
    infinity = (g1_mul(g1, 0), g2)
    return [
        _case("empty", _pairs([]), flags="EmptyInput"),
        _case("generators", _pairs([(g1, g2)]), "invalid"),
        _case("infinity_pair", _pairs([infinity]), flags="Infinity"),
        _case("two_pairs", _pairs(two), flags="Bilinearity"),
        _case("three_pairs", _pairs(three), flags="Bilinearity"),
        _case("four_pairs", _pairs(four), flags="Bilinearity"),
        _case("two_pairs_tampered", _pairs(tampered), "invalid", "Bilinearity"),
        _case("two_pairs_and_infinity", _pairs([*two, infinity]), flags="Bilinearity Infinity"),
    ]


# ----------------------------------------------------------------------------- precompiles


def _word(value: int) -> bytes:
    return value.to_bytes(32, "big")


def _with_word(data: bytes, index: int, value: int) -> bytes:
    return data[: 32 * index] + _word(value) + data[32 * (index + 1) :]


BAD_WORDS = (("p", P), ("p_plus_one", P + 1), ("max", 2**256 - 1))


def _data(name: str, data: bytes, expect: str = "valid", flags: str = "") -> Case:
    return _case(name, {"data": data}, expect, flags)


def _bad_words(
    data: bytes, words: int, labels: tuple[tuple[str, int], ...] = BAD_WORDS
) -> list[Case]:
    """Each of the first `words` words of `data` replaced by each value of `labels`."""
    return [
        _data(
            f"word_{word}_is_{label}",
            _with_word(data, word, value),
            "CoordinateOutOfRange",
            "CoordinateRange",
        )
        for word in range(words)
        for label, value in labels
    ]


def _ec_add_cases() -> list[Case]:
    rng = case_rng("bn254/ec_add", "points")
    g = encode_g1_point(G1_GENERATOR)
    a, b = _random_g1(rng), _random_g1(rng)
    pa, pb, zero, off = encode_g1_point(a), encode_g1_point(b), bytes(64), "PointNotOnCurve"
    return [
        _data("random_points", pa + pb),
        _data("generator_plus_generator", g + g, flags="Doubling"),
        _data("point_plus_negation", pa + encode_g1_point(curve.g1_neg(a)), flags="Negation"),
        _data("infinity_plus_point", zero + pa, flags="Infinity"),
        _data("point_plus_infinity", pa + zero, flags="Infinity"),
        _data("infinity_plus_infinity", zero + zero, flags="Infinity"),
        _data("empty_input", b"", flags="EmptyInput Padding"),
        _data("only_first_point", pa, flags="Padding"),
        _data("second_point_cut_short", pa + pb[:40], off, "Padding"),
        _data("one_byte", b"\x01", off, "Padding"),
        _data("surplus_bytes", pa + pb + b"\xff" * 33, flags="SurplusInput"),
        _data("first_point_off_curve", _word(1) + _word(3) + pb, off, "OffCurve"),
        _data("second_point_off_curve", pa + _word(1) + _word(3), off, "OffCurve"),
        _data("zero_x_nonzero_y", _word(0) + _word(1) + pb, off, "OffCurve"),
        *_bad_words(pa + pb, 4),
    ]


def _ec_mul_cases() -> list[Case]:
    rng = case_rng("bn254/ec_mul", "points")
    g = encode_g1_point(G1_GENERATOR)
    a = encode_g1_point(_random_g1(rng))
    cases = [
        _data(f"generator_times_{name}", g + _word(k), flags=_scalar_flags(k))
        for name, k in SPECIAL_SCALARS
    ]
    return [
        *cases,
        _data("random_point_and_scalar", a + _word(rng.randrange(R))),
        _data("infinity_times_scalar", bytes(64) + _word(12345), flags="Infinity"),
        _data("empty_input", b"", flags="EmptyInput Padding"),
        _data("point_without_scalar", a, flags="Padding"),
        _data("one_byte_scalar", a + b"\x02", flags="Padding"),
        _data("surplus_bytes", a + _word(7) + b"\xff" * 40, flags="SurplusInput"),
        _data("point_off_curve", _word(1) + _word(3) + _word(2), "PointNotOnCurve", "OffCurve"),
        *_bad_words(a + _word(5), 2),
    ]


def _chunk(p: G1Point, q: G2Point) -> bytes:
    return encode_g1_point(p) + encode_g2_point(q)


def _ec_pairing_cases() -> list[Case]:
    rng = case_rng("bn254/ec_pairing", "scalars")
    a, b = rng.randrange(1, R), rng.randrange(1, R)
    g1, g2 = G1_GENERATOR, G2_GENERATOR
    true_pair = _chunk(g1_mul(g1, a), g2_mul(g2, b)) + _chunk(g1_mul(g1, -a * b % R), g2)
    false_pair = _chunk(g1_mul(g1, a), g2_mul(g2, b)) + _chunk(g1_mul(g1, a * b % R), g2)
    generators, g1_bytes, g2_bytes = _chunk(g1, g2), encode_g1_point(g1), encode_g2_point(g2)
    three = _chunk(g1_mul(g1, a), g2) + _chunk(g1_mul(g1, b), g2)
    three += _chunk(g1_mul(g1, -(a + b) % R), g2)
    swapped = g2_bytes[32:64] + g2_bytes[:32] + g2_bytes[96:] + g2_bytes[64:96]
    outside, small = _random_twist_point(rng), _small_order_twist_point(rng)
    g1_off = _word(G1_OFF_CURVE[0]) + _word(G1_OFF_CURVE[1])
    (x0, x1), (y0, y1) = G2_OFF_TWIST
    g2_off = encode_fp(x1) + encode_fp(x0) + encode_fp(y1) + encode_fp(y0)
    off, range_, subgroup = "PointNotOnCurve", "CoordinateOutOfRange", "PointNotInSubgroup"
    lengths = [
        _data(f"length_{n}", (generators * 2)[:n], "InvalidPairingInputLength", "PairingLength")
        for n in (1, 64, 128, 191, 193, 383)
    ]
    return [
        _data("empty_input", b"", flags="EmptyInput"),
        _data("one_pair_generators", generators),
        _data("two_pairs_true", true_pair, flags="Bilinearity"),
        _data("two_pairs_false", false_pair, flags="Bilinearity"),
        _data("three_pairs_true", three, flags="Bilinearity"),
        _data("four_pairs_true", true_pair + true_pair, flags="Bilinearity"),
        _data("infinity_in_g1", bytes(64) + g2_bytes, flags="Infinity"),
        _data("infinity_in_g2", g1_bytes + bytes(128), flags="Infinity"),
        _data("all_zero_pair", bytes(192), flags="Infinity"),
        _data("true_pairs_and_infinity", true_pair + bytes(192), flags="Bilinearity Infinity"),
        *lengths,
        *_bad_words(generators, 6, BAD_WORDS[:2]),
        _data("g1_off_curve", g1_off + g2_bytes, off, "OffCurve"),
        _data("g2_off_twist", g1_bytes + g2_off, off, "OffCurve"),
        _data("g2_words_real_first", g1_bytes + swapped, off, "WordOrder"),
        _data("g2_random_twist_point", _chunk(g1, outside), subgroup, "OutsideSubgroup"),
        _data("g2_order_10069", _chunk(g1, small), subgroup, "OutsideSubgroup"),
        _data(
            "g2_member_plus_order_10069",
            _chunk(g1, curve.g2_add(g2, small)),
            subgroup,
            "OutsideSubgroup",
        ),
        _data(
            "g2_outside_subgroup_with_g1_infinity",
            bytes(64) + encode_g2_point(outside),
            subgroup,
            "OutsideSubgroup Infinity",
        ),
        _data(
            "second_pair_g2_outside_subgroup",
            generators + _chunk(g1, outside),
            subgroup,
            "OutsideSubgroup LaterPair",
        ),
        _data(
            "second_pair_coordinate_out_of_range",
            generators + _with_word(generators, 3, P),
            range_,
            "CoordinateRange LaterPair",
        ),
        _data(
            "g1_off_curve_before_g2_range",
            g1_off + _with_word(g2_bytes, 0, P),
            off,
            "OffCurve CoordinateRange",
        ),
    ]


def _with_gas(
    cases: Callable[[], list[Case]], gas: Callable[[bytes], int]
) -> Callable[[], list[Case]]:
    return lambda: [
        replace(c, intermediate={"gas": gas(cast(bytes, c.input["data"]))}) for c in cases()
    ]


def _gas_cases(*lengths: int) -> Callable[[], list[Case]]:
    return lambda: [Case(f"length_{n}", {"data": bytes(n)}) for n in lengths]


SUITES = [
    _field_suite(field.fp_mul, Fp, lambda rng: rng.randrange(P)),
    _field_suite(field.fp_inv, Fp, lambda rng: rng.randrange(1, P)),
    _field_suite(field.fp2_mul, Fp2Element, _random_fp2),
    _field_suite(field.fp2_inv, Fp2Element, _random_fp2),
    _field_suite(field.fp12_mul, Fp12Element, _random_fp12),
    _field_suite(field.fp12_inv, Fp12Element, _random_fp12),
    *_curve_suites(G1_GROUP, G1, _g1_double),
    *_curve_suites(G2_GROUP, G2, _g2_double),
    _suite(curve.is_in_g2, _is_in_g2_cases, via=_typed(curve.is_in_g2, point=G2), predicate=True),
    _suite(pairing, _pairing_cases, via=_typed(pairing, p=G1, q=G2)),
    _suite(pairing_check, _pairing_check_cases, via=_pairing_check, predicate=True),
    _suite(precompile.ec_add, _with_gas(_ec_add_cases, precompile.ec_add_gas)),
    _suite(precompile.ec_mul, _with_gas(_ec_mul_cases, precompile.ec_mul_gas)),
    _suite(precompile.ec_pairing, _with_gas(_ec_pairing_cases, precompile.ec_pairing_gas)),
    _suite(precompile.ec_add_gas, _gas_cases(0, 64, 128, 200)),
    _suite(precompile.ec_mul_gas, _gas_cases(0, 64, 96, 200)),
    _suite(
        precompile.ec_pairing_gas,
        _gas_cases(*(k * precompile.EC_PAIRING_CHUNK_LENGTH for k in range(5)), 1, 191, 193, 500),
    ),
]
