"""Vector suites for specs/encoding/abi.md and specs/encoding/typed_data.md.

An ABI value's vector form depends on its ABI type (`"0x12"` is bytes for `bytes`, text for
`string`), and that type is a sibling input (`types`, a struct's field types), not a Python type.
`AbiJson` is therefore the form of an ABI (or EIP-712) value for the codec: it encodes any value
by its shape (`abi_value_to_json`) and decodes to the JSON as written, which the suite's adapter
then reads by the ABI type beside it (`abi_value_from_json`). Other areas that carry ABI values
in their vectors use the same three names.
"""

from __future__ import annotations

import random
import re
import typing
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import NewType, cast

from l2ref.encoding import abi
from l2ref.encoding import typed_data as eip712
from l2ref.encoding.abi import AbiType, AbiValue, ArrayType, TupleType, encode_abi, parse_abi_type
from l2ref.encoding.typed_data import StructTypes, TypedData, TypedDataDomain, TypedValue
from l2ref.errors import InvalidType, MalformedVector
from l2ref.types import Hash32
from l2ref.vectorgen.codec import Codec, field_hints, from_json, register_codec, schema_of, to_json
from l2ref.vectorgen.core import Case, Suite, case_rng, declare, note_table
from l2ref.vectorgen.values import (
    JsonObject,
    JsonValue,
    as_object,
    field_of,
    parse_bytes,
    parse_int,
)

VALUES_DESCRIPTION = (
    "ABI values are written by their type: uint<M> and int<M> as decimal strings, address, "
    "bytes<N> and bytes as 0x-hex, bool as JSON true/false, string as a JSON string, arrays and "
    "tuples as JSON arrays. A JSON value of another kind than its type calls for (true for a "
    "uint8, a string for a bool) stands for the corresponding host value (a bool, a number or "
    "string) and MUST be rejected with TypeMismatch."
)

NOTES = note_table(f"""
Malleability SECURITY A byte string that decodes to a value but is not its one canonical encoding
  (dirty padding, out-of-range word, misplaced offset, trailing bytes). Accepting it gives one value
  several encodings and several hashes.
LenientDecoders COMPATIBILITY Solidity's abi.decode and eth-abi accept this input; the strict
  decoder MUST reject it.
AllocationBomb SECURITY A length or type size far larger than the data. The decoder MUST reject it
  before allocating anything proportional to the claimed length.
ShortData EDGE_CASE The data ends before the encoding does.
ExtremeValue EDGE_CASE The smallest or largest value of an integer type.
EmptyValue EDGE_CASE Empty bytes, string or array: a length word and nothing else.
NestedDynamic FUNCTIONALITY Dynamic values inside dynamic values: offsets are relative to the
  enclosing sequence.
SolidityExample COMPATIBILITY The example of the Solidity ABI specification, with its published
  bytes.
EipExample COMPATIBILITY The Mail example of the EIP, with the digests of its reference script.
Random FUNCTIONALITY A type tree and value drawn from a generator seeded with the suite and case
  names; tests/test_encoding.py checks the expected output against eth-abi.
StrictValue SECURITY A value that liberal libraries convert (short bytes<N> padded, missing struct
  field taken as zero, bool for an integer); the specification MUST reject it.
MalformedType FUNCTIONALITY A type string or definition outside the grammar.
DepthLimit EDGE_CASE Nesting exactly at, or one level past, MAX_TYPE_DEPTH = {abi.MAX_TYPE_DEPTH}.
RecursiveType EDGE_CASE A struct type that refers to itself through an array: encodeType lists it
  once.
NonUtf8 EDGE_CASE String bytes that are not well-formed UTF-8.
""")


# ----------------------------------------------------------------------------- vector forms

AbiJson = NewType("AbiJson", object)
"""An ABI or EIP-712 value in vector form: encoded by its shape, decoded by the ABI type the
suite's input gives beside it (`abi_value_from_json`)."""


def abi_value_to_json(value: AbiValue | TypedValue) -> JsonValue:
    """The vector form of an ABI value: integers as decimal strings, bytes as 0x-hex, booleans
    and strings as themselves, arrays and tuples as arrays, EIP-712 structs as objects."""
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, bytes):
        return to_json(value, bytes)
    if isinstance(value, Mapping):
        return {key: abi_value_to_json(item) for key, item in value.items()}
    return [abi_value_to_json(item) for item in value]


def _untyped_from_json(value: object) -> AbiValue:
    if isinstance(value, bool):
        return value
    if isinstance(value, list):
        return tuple(_untyped_from_json(item) for item in value)
    if isinstance(value, str):
        if value.startswith("0x"):
            return parse_bytes(value)
        if value.lstrip("-").isdigit():
            return parse_int(value)
        return value
    raise MalformedVector(f"not an ABI value: {value!r}")


def _parsed_or_none(text: str) -> AbiType | None:
    try:
        return parse_abi_type(text)
    except InvalidType:
        return None


def abi_value_from_json(typ: AbiType | str | None, value: object) -> AbiValue:
    """The ABI value of type `typ` written as `value`. A JSON value of another kind than the type
    calls for (true for a uint8, a string for an array), or of no valid type, is read by its own
    kind, so that the specification function rejects it as the host value it stands for."""
    if isinstance(typ, str):
        typ = _parsed_or_none(typ)
    if isinstance(value, list):
        if isinstance(typ, ArrayType):
            return tuple(abi_value_from_json(typ.element, item) for item in value)
        if isinstance(typ, TupleType) and len(value) == len(typ.components):
            return tuple(
                abi_value_from_json(t, v) for t, v in zip(typ.components, value, strict=True)
            )
    elif isinstance(value, str):
        if isinstance(typ, abi.UintType | abi.IntType):
            return parse_int(value)
        if isinstance(typ, abi.AddressType | abi.FixedBytesType | abi.BytesType):
            return parse_bytes(value)
        if isinstance(typ, abi.StringType):
            return value
    return _untyped_from_json(value)


def abi_values_from_json(types: Sequence[str], values: Sequence[object]) -> list[AbiValue]:
    """`values` read by `types`, item by item; values past the last type by their own kind."""
    return [
        abi_value_from_json(types[i] if i < len(types) else None, v) for i, v in enumerate(values)
    ]


def typed_value_from_json(types: StructTypes, type_name: str, value: object) -> TypedValue:
    """The EIP-712 value of type `type_name` written as `value` (a struct as an object)."""
    if isinstance(value, dict):
        fields = {f.name: f.type for f in types.get(type_name, ())}
        return {k: typed_value_from_json(types, fields.get(k, ""), v) for k, v in value.items()}
    if isinstance(value, list) and type_name.endswith("]") and "[" in type_name:
        element = type_name[: type_name.rfind("[")]
        return [typed_value_from_json(types, element, item) for item in value]
    # Every ABI value is a typed value; lists are invariant, so mypy needs to be told.
    return cast(TypedValue, abi_value_from_json(None if type_name in types else type_name, value))


def _message(
    types: StructTypes, primary: str, value: Mapping[str, AbiJson]
) -> dict[str, TypedValue]:
    return cast(dict[str, TypedValue], typed_value_from_json(types, primary, dict(value)))


register_codec(
    AbiJson,
    Codec(
        abi_value_to_json,
        lambda data, what: data,
        {"anyOf": [{"type": t} for t in ("boolean", "string", "array", "object")]},
    ),
)

ABI_KINDS = {
    cls: re.sub("(?<=.)(?=[A-Z])", "_", cls.__name__.removesuffix("Type")).lower()
    for cls in typing.get_args(AbiType)
}  # abi.UintType: "uint", ..., abi.FixedBytesType: "fixed_bytes", ...


def _abi_type_from_json(data: JsonValue, what: str) -> AbiType:
    obj = as_object(data, what)
    classes = {kind: cls for cls, kind in ABI_KINDS.items()}
    cls = classes.get(cast(str, field_of(obj, "kind", what)))
    if cls is None:
        raise MalformedVector(f"{what}: unknown kind {obj['kind']!r}")
    return cast(AbiType, from_json({k: v for k, v in obj.items() if k != "kind"}, cls, what))


# The type tree of parse_abi_type: {"kind": ..., then the fields of the kind's class}.
register_codec(
    AbiType,
    Codec(
        lambda typ: {"kind": ABI_KINDS[type(typ)], **cast(JsonObject, to_json(typ, type(typ)))},
        _abi_type_from_json,
        {"type": "object", "properties": {"kind": {"enum": list(ABI_KINDS.values())}}},
    ),
)

# EIP-712's JSON of a domain: its fields in camelCase, an absent field an absent key.
DOMAIN_FIELDS = {
    re.sub("_([a-z])", lambda m: m[1].upper(), name): (name, hint)
    for name, hint in field_hints(TypedDataDomain)
}


def _domain_to_json(domain: TypedDataDomain) -> JsonValue:
    values = {key: (getattr(domain, name), hint) for key, (name, hint) in DOMAIN_FIELDS.items()}
    return {key: to_json(v, hint) for key, (v, hint) in values.items() if v is not None}


def _domain_from_json(data: JsonValue, what: str) -> TypedDataDomain:
    obj = as_object(data, what)
    if not set(obj) <= set(DOMAIN_FIELDS):
        raise MalformedVector(f"{what}: keys other than {list(DOMAIN_FIELDS)}")
    fields = {DOMAIN_FIELDS[key]: value for key, value in obj.items()}
    return TypedDataDomain(**{n: from_json(v, h, f"{what}.{n}") for (n, h), v in fields.items()})


register_codec(
    TypedDataDomain,
    Codec(
        _domain_to_json,
        _domain_from_json,
        {
            "type": "object",
            "properties": {key: schema_of(hint) for key, (_, hint) in DOMAIN_FIELDS.items()},
            "additionalProperties": False,
        },
    ),
)


# ----------------------------------------------------------------------------- adapters
# The suites' inputs carry ABI values beside their types, and EIP-712's `primaryType`.


def _parse_abi_type(type: str) -> AbiType:
    return parse_abi_type(type)


def _encode_abi(types: Sequence[str], values: Sequence[AbiJson]) -> bytes:
    return encode_abi(types, abi_values_from_json(types, values))


def _decode_abi(types: Sequence[str], data: bytes) -> tuple[AbiJson, ...]:
    return tuple(AbiJson(value) for value in abi.decode_abi(types, data))


def _encode_abi_packed(types: Sequence[str], values: Sequence[AbiJson]) -> bytes:
    return abi.encode_abi_packed(types, abi_values_from_json(types, values))


def _compute_type_hash(types: StructTypes, primaryType: str) -> Hash32:  # noqa: N803
    return eip712.compute_type_hash(types, primaryType)


def _compute_struct_hash(
    types: StructTypes,
    primaryType: str,  # noqa: N803
    value: Mapping[str, AbiJson],
) -> Hash32:
    return eip712.compute_struct_hash(types, primaryType, _message(types, primaryType, value))


def _compute_typed_data_hash(
    types: StructTypes,
    primaryType: str,  # noqa: N803
    domain: TypedDataDomain,
    message: Mapping[str, AbiJson],
) -> Hash32:
    typed = TypedData(types, primaryType, domain, _message(types, primaryType, message))
    return eip712.compute_typed_data_hash(typed)


# ----------------------------------------------------------------------------- random values


def _random_type(rng: random.Random, depth: int) -> AbiType:
    choice = rng.randrange(10 if depth < 3 else 7)
    if choice == 0:
        return abi.UintType(8 * rng.randint(1, 32))
    if choice == 1:
        return abi.IntType(8 * rng.randint(1, 32))
    if choice == 2:
        return abi.AddressType()
    if choice == 3:
        return abi.BoolType()
    if choice == 4:
        return abi.FixedBytesType(rng.randint(1, 32))
    if choice == 5:
        return abi.BytesType()
    if choice == 6:
        return abi.StringType()
    if choice in (7, 8):
        length = None if rng.random() < 0.5 else rng.randint(1, 3)
        return ArrayType(_random_type(rng, depth + 1), length)
    return TupleType(tuple(_random_type(rng, depth + 1) for _ in range(rng.randint(1, 3))))


def _random_value(rng: random.Random, typ: AbiType) -> AbiValue:
    if isinstance(typ, abi.UintType):
        return [0, (1 << typ.bits) - 1, rng.getrandbits(typ.bits)][rng.randrange(3)]
    if isinstance(typ, abi.IntType):
        half = 1 << (typ.bits - 1)
        return [-half, half - 1, rng.randrange(-half, half)][rng.randrange(3)]
    if isinstance(typ, abi.AddressType):
        return rng.randbytes(20)
    if isinstance(typ, abi.BoolType):
        return rng.random() < 0.5
    if isinstance(typ, abi.FixedBytesType):
        return rng.randbytes(typ.size)
    if isinstance(typ, abi.BytesType):
        return rng.randbytes(rng.choice([0, 1, 31, 32, 33, 70]))
    if isinstance(typ, abi.StringType):
        return "".join(rng.choice("aZ09 \u00e9\u20ac\U0001f600") for _ in range(rng.randint(0, 40)))
    if isinstance(typ, ArrayType):
        count = typ.length if typ.length is not None else rng.randint(0, 3)
        return [_random_value(rng, typ.element) for _ in range(count)]
    return tuple(_random_value(rng, c) for c in typ.components)


def _random_case(suite: str, name: str) -> tuple[list[str], list[AbiValue]]:
    rng = case_rng(suite, name)
    types = [_random_type(rng, 0) for _ in range(rng.randint(1, 4))]
    return [abi.format_abi_type(t) for t in types], [_random_value(rng, t) for t in types]


# ----------------------------------------------------------------------------- parse_abi_type

ELEMENTARY_TYPES = "uint8 uint256 int8 int256 address bool bytes1 bytes32 bytes string"

VALID_TYPE_STRINGS = (
    *((t, t) for t in ELEMENTARY_TYPES.split()),
    ("uint256[]", "dynamic_array"),
    ("bytes32[3]", "fixed_array"),
    ("(address,uint256)", "tuple"),
    ("(address,uint256)[]", "dynamic_array_of_tuples"),
    ("string[][2]", "fixed_array_of_dynamic_arrays"),
    ("((uint8,bytes)[2],bool)[]", "nested_tuples_and_arrays"),
)

INVALID_TYPE_STRINGS = (
    ("uint7", "size_not_multiple_of_8"),
    ("uint264", "size_above_256"),
    ("uint0", "uint_size_zero"),
    ("int0", "int_size_zero"),
    ("bytes0", "bytes_size_zero"),
    ("bytes33", "bytes_size_above_32"),
    ("uint08", "size_leading_zero"),
    ("uint", "alias_uint"),
    ("int", "alias_int"),
    ("byte", "alias_byte"),
    ("fixed128x18", "fixed_point"),
    ("function", "function_type"),
    ("", "empty_string"),
    ("uint8 ", "trailing_space"),
    ("UINT8", "upper_case"),
    ("(uint8", "unbalanced_open_parenthesis"),
    ("uint8)", "unbalanced_close_parenthesis"),
    ("()", "empty_tuple"),
    ("(uint8,)", "tuple_trailing_comma"),
    ("(,uint8)", "tuple_leading_comma"),
    ("uint8[0]", "zero_length_array"),
    ("uint8[01]", "array_length_leading_zero"),
    ("uint8[", "unclosed_bracket"),
    ("uint8]", "unopened_bracket"),
    ("uint8[-1]", "negative_array_length"),
    ("uint8[x]", "non_numeric_array_length"),
    (f"uint8[{2**256}]", "array_length_above_uint256"),
    ("address payable", "address_payable"),
)


def _parse_cases() -> list[Case]:
    cases = [
        Case(
            name,
            {"type": text},
            intermediate={
                "canonical": abi.format_abi_type(typ := parse_abi_type(text)),
                "dynamic": abi.is_dynamic_type(typ),
                "headSize": abi.compute_head_size(typ),
            },
        )
        for text, name in VALID_TYPE_STRINGS
    ]
    deep_array = "uint8" + "[]" * abi.MAX_TYPE_DEPTH
    deep_tuple = "(" * abi.MAX_TYPE_DEPTH + "uint8" + ")" * abi.MAX_TYPE_DEPTH
    depth = ("DepthLimit",)
    cases += [
        Case("array_depth_at_limit", {"type": deep_array}, flags=depth),
        Case("tuple_depth_at_limit", {"type": deep_tuple}, flags=depth),
        Case("array_depth_past_limit", {"type": deep_array + "[]"}, "InvalidType", depth),
        Case("tuple_depth_past_limit", {"type": "(" + deep_tuple + ")"}, "InvalidType", depth),
    ]
    malformed = ("MalformedType",)
    return cases + [Case(n, {"type": t}, "InvalidType", malformed) for t, n in INVALID_TYPE_STRINGS]


# ----------------------------------------------------------------------------- encode_abi

SOLIDITY_EXAMPLE_TYPES = ["uint256", "uint32[]", "bytes10", "bytes"]

SOLIDITY_EXAMPLE_VALUES: list[AbiValue] = [0x123, [0x456, 0x789], b"1234567890", b"Hello, world!"]

ADDRESS = bytes.fromhex("cd2a3d9f938e13cd947ec05abc7fe734df8dd826")

EXTREME, EMPTY, NESTED = ("ExtremeValue",), ("EmptyValue",), ("NestedDynamic",)

VALID_ENCODE_EXAMPLES: list[tuple[str, list[str], list[AbiValue], tuple[str, ...]]] = [
    ("no_arguments", [], [], EMPTY),
    ("uint8_max", ["uint8"], [255], EXTREME),
    ("uint256_max", ["uint256"], [2**256 - 1], EXTREME),
    ("uint256_zero", ["uint256"], [0], EXTREME),
    ("int8_min", ["int8"], [-128], EXTREME),
    ("int8_max", ["int8"], [127], EXTREME),
    ("int256_min", ["int256"], [-(2**255)], EXTREME),
    ("int256_minus_one", ["int256"], [-1], ()),
    ("int24_negative", ["int24"], [-(2**23) + 5], ()),
    ("address", ["address"], [ADDRESS], ()),
    ("bool_pair", ["bool", "bool"], [True, False], ()),
    ("bytes1", ["bytes1"], [b"\x42"], ()),
    ("bytes32", ["bytes32"], [bytes(range(32))], ()),
    ("bytes_empty", ["bytes"], [b""], EMPTY),
    ("bytes_32", ["bytes"], [bytes(range(32))], ()),
    ("bytes_33", ["bytes"], [bytes(range(33))], ()),
    ("string_empty", ["string"], [""], EMPTY),
    ("string_unicode", ["string"], ["h\u00e9llo \u20ac \U0001f600"], ()),
    ("dynamic_array_empty", ["uint256[]"], [[]], EMPTY),
    ("dynamic_array", ["uint16[]"], [[1, 2, 65535]], ()),
    ("fixed_array", ["bytes32[3]"], [[b"\x01" * 32, b"\x02" * 32, b"\x03" * 32]], ()),
    ("fixed_array_of_strings", ["string[2]"], [["a", ""]], NESTED),
    ("nested_string_arrays", ["string[][2]"], [[["a", "bc"], []]], NESTED),
    ("static_tuple", ["(address,uint256)"], [(ADDRESS, 7)], ()),
    ("dynamic_array_of_tuples", ["(uint8,string)[]", "bool"], [[(1, "ab"), (2, "")], True], NESTED),
    (
        "nested_dynamic_arrays_of_tuples",
        ["((uint8,bytes)[],string)[]"],
        [[([(1, b"x"), (2, b"")], "one"), ([], "")]],
        NESTED,
    ),
    ("solidity_example", SOLIDITY_EXAMPLE_TYPES, SOLIDITY_EXAMPLE_VALUES, ("SolidityExample",)),
]


def _random_cases(suite: str, encoded: bool) -> list[Case]:
    cases = []
    for name in [f"random_{index}" for index in range(1, 7)]:
        types, values = _random_case(suite, name)
        rest: dict[str, object] = {"data": encode_abi(types, values)} if encoded else {}
        cases.append(
            Case(name, {"types": types, **(rest or {"values": values})}, flags=("Random",))
        )
    return cases


def _encode_cases() -> list[Case]:
    cases = [Case(n, {"types": t, "values": v}, flags=f) for n, t, v, f in VALID_ENCODE_EXAMPLES]
    cases += _random_cases("encoding/encode_abi", encoded=False)
    range_, mismatch, strict = "ValueOutOfRange", "TypeMismatch", ("StrictValue",)
    invalid: list[tuple[str, str, AbiValue, str, tuple[str, ...]]] = [
        ("uint8_256", "uint8", 256, range_, ()),
        ("uint256_negative", "uint256", -1, range_, ()),
        ("int8_minus_129", "int8", -129, range_, ()),
        ("int8_128", "int8", 128, range_, ()),
        ("uint256_two_to_256", "uint256", 2**256, range_, ()),
        ("address_19_bytes", "address", b"\x11" * 19, mismatch, ()),
        ("bytes3_short", "bytes3", b"ab", mismatch, strict),
        ("bool_for_uint", "uint8", True, mismatch, strict),
        ("number_for_bool", "bool", 1, mismatch, strict),
        ("fixed_array_too_long", "uint8[2]", [1, 2, 3], mismatch, ()),
        ("tuple_too_short", "(uint8,bool)", [1], mismatch, ()),
        ("scalar_for_array", "uint8[]", 1, mismatch, ()),
    ]
    cases += [Case(n, {"types": [t], "values": [v]}, e, f) for n, t, v, e, f in invalid]
    return [
        *cases,
        Case("more_values_than_types", {"types": ["uint8"], "values": [1, 2]}, mismatch),
        Case(
            "malformed_type", {"types": ["uint7"], "values": [1]}, "InvalidType", ("MalformedType",)
        ),
    ]


# ----------------------------------------------------------------------------- decode_abi


def _word(number: int) -> bytes:
    return (number % 2**256).to_bytes(32, "big")


def _decode_cases() -> list[Case]:
    cases = [
        Case(name, {"types": types, "data": encode_abi(types, values)}, flags=flags)
        for name, types, values, flags in VALID_ENCODE_EXAMPLES
    ]
    cases += _random_cases("encoding/decode_abi", encoded=True)
    one_byte = encode_abi(["bytes"], [b"a"])
    two_bytes = _word(0x40) + _word(0x80) + _word(1) + b"a".ljust(32, b"\0") + _word(1)
    two_bytes += b"b".ljust(32, b"\0")
    tail = one_byte[32:]
    noncanonical, offset, length = "NonCanonicalEncoding", "InvalidOffset", "InvalidLength"
    strict, lenient = ("Malleability",), ("Malleability", "LenientDecoders")
    utf8, bomb, short = ("NonUtf8",), ("AllocationBomb",), ("ShortData",)

    def text(data: bytes) -> bytes:
        return _word(32) + _word(len(data)) + data.ljust(32, b"\0")

    invalid: list[tuple[str, list[str], bytes, str, tuple[str, ...]]] = [
        ("uint8_high_bits", ["uint8"], _word(256), noncanonical, strict),
        ("uint160_high_bits", ["uint160"], _word(2**160), noncanonical, strict),
        ("int8_not_sign_extended", ["int8"], _word(0x80), noncanonical, strict),
        ("int8_below_range", ["int8"], _word(-129), noncanonical, strict),
        ("bool_two", ["bool"], _word(2), noncanonical, strict),
        ("address_dirty_upper_bytes", ["address"], _word(2**160 + 1), noncanonical, strict),
        ("bytes3_dirty_padding", ["bytes3"], b"abc\x01" + bytes(28), noncanonical, strict),
        ("bytes_dirty_padding", ["bytes"], one_byte[:-1] + b"\x01", noncanonical, strict),
        ("string_invalid_utf8", ["string"], text(b"\xff"), "InvalidUtf8", utf8),
        ("string_overlong_utf8", ["string"], text(b"\xc0\x80"), "InvalidUtf8", utf8),
        ("string_encoded_surrogate", ["string"], text(b"\xed\xa0\x80"), "InvalidUtf8", utf8),
        ("offset_past_data", ["bytes"], _word(0x1000) + tail, offset, strict),
        ("offset_with_gap", ["bytes"], _word(0x40) + bytes(32) + tail, offset, lenient),
        ("offset_into_head", ["uint256", "bytes"], _word(1) + _word(0) + tail, offset, strict),
        ("shared_tail", ["bytes", "bytes"], _word(0x40) + _word(0x40) + tail, offset, lenient),
        (
            "tails_swapped",
            ["bytes", "bytes"],
            _word(0x80) + _word(0x40) + two_bytes[0x80:] + two_bytes[0x40:0x80],
            offset,
            lenient,
        ),
        ("bytes_length_past_data", ["bytes"], _word(0x20) + _word(2**256 - 1), offset, bomb),
        ("bytes_content_truncated", ["bytes"], one_byte[:-32], offset, short),
        (
            "array_length_past_data",
            ["uint256[]"],
            _word(0x20) + _word(2**255) + _word(1),
            offset,
            bomb,
        ),
        ("huge_fixed_array", ["uint8[1000000000000]"], _word(1), length, (*bomb, *short)),
        ("trailing_word", ["uint256"], _word(1) + _word(0), length, lenient),
        ("trailing_byte", ["bytes"], one_byte + b"\x00", length, lenient),
        ("empty_data", ["uint256"], b"", length, short),
        ("short_word", ["uint256"], bytes(31), length, short),
        ("short_head", ["uint256", "uint256"], bytes(63), length, short),
        ("short_fixed_array", ["uint8[3]"], bytes(64), length, short),
        ("data_for_no_types", [], _word(0), length, ()),
        ("malformed_type", ["uint7"], _word(0), "InvalidType", ("MalformedType",)),
    ]
    return cases + [Case(n, {"types": t, "data": d}, e, f) for n, t, d, e, f in invalid]


# ----------------------------------------------------------------------------- packed, selector


def _packed_cases() -> list[Case]:
    cases: list[tuple[str, list[str], list[AbiValue], str, tuple[str, ...]]] = [
        (
            "solidity_example",
            ["int16", "bytes1", "uint16", "string"],
            [-1, b"\x42", 3, "Hello, world!"],
            "valid",
            ("SolidityExample",),
        ),
        ("uint8_and_uint256", ["uint8", "uint256"], [255, 1], "valid", ()),
        ("int256_min", ["int256"], [-(2**255)], "valid", EXTREME),
        ("int24_negative", ["int24"], [-2], "valid", ()),
        ("address_and_bool", ["address", "bool"], [ADDRESS, True], "valid", ()),
        ("bytes_and_bytes7", ["bytes", "bytes7"], [b"\x01\x02", b"abcdefg"], "valid", ()),
        ("empty_string", ["string"], [""], "valid", EMPTY),
        ("uint8_array_padded", ["uint8[]"], [[1, 2]], "valid", ()),
        ("address_fixed_array", ["address[2]"], [[ADDRESS, bytes(20)]], "valid", ()),
        ("empty_array", ["bool[]"], [[]], "valid", EMPTY),
        ("tuple", ["(uint8,uint8)"], [(1, 2)], "InvalidType", ()),
        ("nested_array", ["uint8[][]"], [[[1]]], "InvalidType", ()),
        ("array_of_strings", ["string[]"], [["a"]], "InvalidType", ()),
        ("uint16_out_of_range", ["uint16"], [65536], "ValueOutOfRange", ()),
    ]
    return [Case(n, {"types": t, "values": v}, e, f) for n, t, v, e, f in cases]


def _selector_cases() -> list[Case]:
    valid: list[tuple[str, str, list[str]]] = [
        ("erc20_transfer", "transfer", ["address", "uint256"]),
        ("solidity_example", "f", SOLIDITY_EXAMPLE_TYPES),
        ("no_arguments", "totalSupply", []),
        ("tuple_argument", "submit", ["(bytes32,uint64)[]", "bytes"]),
        ("dollar_in_name", "$pay_2", ["uint8[2][]"]),
    ]
    cases = [
        Case(
            name,
            {"name": fn, "types": types},
            flags=("SolidityExample",) if name == "solidity_example" else (),
            intermediate={"signature": abi.format_function_signature(fn, types)},
        )
        for name, fn, types in valid
    ]
    return [
        *cases,
        Case("alias_uint", {"name": "transfer", "types": ["address", "uint"]}, "InvalidType"),
        Case("name_with_space", {"name": "do it", "types": []}, "InvalidType"),
        Case("name_starting_with_digit", {"name": "1f", "types": []}, "InvalidType"),
    ]


# ----------------------------------------------------------------------------- typed data


def _structs(encoded: str) -> dict[str, tuple[eip712.TypedField, ...]]:
    """Struct types written as EIP-712's encodeType: `Mail(Person from,string contents)Person(..)`
    (in this order)."""
    structs = (struct.split("(") for struct in encoded.split(")")[:-1])
    return {
        name: tuple(eip712.TypedField(*reversed(f.split(" ", 1))) for f in fields.split(",") if f)
        for name, fields in structs
    }


MAIL_TYPES = _structs(
    "Person(string name,address wallet)Mail(Person from,Person to,string contents)"
)

MAIL_MESSAGE: dict[str, TypedValue] = {
    "from": {"name": "Cow", "wallet": bytes.fromhex("cd2a3d9f938e13cd947ec05abc7fe734df8dd826")},
    "to": {"name": "Bob", "wallet": bytes.fromhex("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")},
    "contents": "Hello, Bob!",
}

MAIL_DOMAIN = TypedDataDomain("Ether Mail", "1", 1, bytes.fromhex("cc" * 20))

GROUP_TYPES = _structs(
    "Person(string name,address[] wallets)Group(string name,Person[][2] members,int16[][] scores,"
    "bytes[] tags,bytes32 root,bool open)"
)

GROUP_MESSAGE: dict[str, TypedValue] = {
    "name": "Nested",
    "members": [
        [
            {"name": "Ann", "wallets": [bytes([1] * 20), bytes([2] * 20)]},
            {"name": "Ben", "wallets": []},
        ],
        [],
    ],
    "scores": [[-1, 2, -300], [], [32767]],
    "tags": [b"", b"\x00\xff"],
    "root": bytes(range(32)),
    "open": True,
}

TREE_TYPES = _structs("Node(uint256 value,Node[] children)")

TREE_MESSAGE: dict[str, TypedValue] = {
    "value": 1,
    "children": [
        {"value": 2, "children": []},
        {"value": 3, "children": [{"value": 4, "children": []}]},
    ],
}

ORDER_TYPES = _structs(
    "Order(Zeta zeta,Alpha[] alpha,Beta b)Zeta(Alpha a)Beta(uint8 x)Alpha(int256 x)Unused(bool x)"
)


def _type_hash_cases() -> list[Case]:
    recursive = ("RecursiveType",)
    valid: list[tuple[str, StructTypes, str, tuple[str, ...]]] = [
        ("mail", MAIL_TYPES, "Mail", ("EipExample",)),
        ("mail_person", MAIL_TYPES, "Person", ("EipExample",)),
        ("dependencies_sorted", ORDER_TYPES, "Order", ()),
        ("nested_arrays_of_structs", GROUP_TYPES, "Group", ()),
        ("recursive_type", TREE_TYPES, "Node", recursive),
        ("mutually_recursive_types", _structs("A(B[] b)B(A[1] a)"), "B", recursive),
        ("empty_struct", {"Empty": ()}, "Empty", EMPTY),
    ]
    cases = [
        Case(
            name,
            {"types": types, "primaryType": primary},
            flags=flags,
            intermediate={"encodedType": eip712.encode_type(types, primary)},
        )
        for name, types, primary, flags in valid
    ]
    invalid: list[tuple[str, StructTypes, str]] = [
        ("unknown_primary_type", MAIL_TYPES, "Letter"),
        ("unknown_member_type", _structs("A(Missing b)"), "A"),
        ("unknown_array_member_type", _structs("A(Missing[2] b)"), "A"),
        ("tuple_member_type", {"A": (eip712.TypedField("b", "(uint8,bool)"),)}, "A"),
        ("alias_member_type", _structs("A(uint b)"), "A"),
        ("zero_length_array", _structs("A(uint8[0] b)"), "A"),
        ("unclosed_array", _structs("A(uint8[2 b)"), "A"),
        ("duplicate_field", _structs("A(bool b,uint8 b)"), "A"),
        ("field_name_not_identifier", _structs("A(bool two words)"), "A"),
        ("struct_named_like_abi_type", _structs("uint256(bool b)"), "uint256"),
        ("struct_name_not_identifier", _structs("A-B(bool b)"), "A-B"),
    ]
    malformed = ("MalformedType",)
    return cases + [
        Case(name, {"types": types, "primaryType": primary}, "InvalidType", malformed)
        for name, types, primary in invalid
    ]


ATOMS_TYPES = _structs(
    "Atoms(uint8 u8,uint256 u256,int8 i8,int256 i256,bytes1 b1,bytes32 b32,bool flag,"
    "address who,bytes blob,string text)"
)

ATOMS_VALUE: dict[str, TypedValue] = {"u8": 255, "u256": 2**256 - 1, "i8": -128, "i256": -1}
ATOMS_VALUE |= {"b1": b"\x80", "b32": bytes([0xAA] * 32), "flag": False}
ATOMS_VALUE |= {"who": bytes([0x11] * 20), "blob": b"", "text": "\u00e9t\u00e9"}


def _struct_hash_cases() -> list[Case]:
    valid: list[tuple[str, StructTypes, str, Mapping[str, TypedValue], tuple[str, ...]]] = [
        ("mail", MAIL_TYPES, "Mail", MAIL_MESSAGE, ("EipExample",)),
        ("atomic_types", ATOMS_TYPES, "Atoms", ATOMS_VALUE, EXTREME),
        ("nested_arrays", GROUP_TYPES, "Group", GROUP_MESSAGE, NESTED),
        ("recursive_value", TREE_TYPES, "Node", TREE_MESSAGE, ("RecursiveType",)),
        ("empty_struct", {"Empty": ()}, "Empty", {}, EMPTY),
    ]
    cases = [
        Case(
            name,
            _struct(types, primary, value),
            flags=flags,
            intermediate={"encodedData": eip712.encode_data(types, primary, value)},
        )
        for name, types, primary, value, flags in valid
    ]
    mismatch, strict = "TypeMismatch", ("StrictValue",)
    mail, atoms = partial(_struct, MAIL_TYPES, "Mail"), partial(_struct, ATOMS_TYPES, "Atoms")
    without_to = {k: v for k, v in MAIL_MESSAGE.items() if k != "to"}
    pair = {"A": (eip712.TypedField("xs", "uint8[2]"),)}
    return [
        *cases,
        Case("missing_field", mail(without_to), mismatch, strict),
        Case("unknown_field", mail(dict(MAIL_MESSAGE, cc=b"\x00")), mismatch, strict),
        Case("short_bytes32", atoms(dict(ATOMS_VALUE, b32=bytes(31))), mismatch, strict),
        Case("uint8_out_of_range", atoms(dict(ATOMS_VALUE, u8=256)), "ValueOutOfRange"),
        Case("fixed_array_wrong_length", _struct(pair, "A", {"xs": [1, 2, 3]}), mismatch),
        Case("struct_for_string", mail(dict(MAIL_MESSAGE, contents={"name": "x"})), mismatch),
    ]


def _struct(types: StructTypes, primary: str, value: TypedValue) -> Mapping[str, object]:
    return {"types": types, "primaryType": primary, "value": value}


def _domain_cases() -> list[Case]:
    salt = bytes(range(32))
    contract = bytes.fromhex("cccccccccccccccccccccccccccccccccccccccc")
    domains: list[tuple[str, TypedDataDomain, str, tuple[str, ...]]] = [
        ("mail", MAIL_DOMAIN, "valid", ("EipExample",)),
        ("all_fields", TypedDataDomain("L2", "2", 10, contract, salt), "valid", ()),
        ("name_only", TypedDataDomain(name="L2"), "valid", ()),
        (
            "chain_and_contract",
            TypedDataDomain(chain_id=1, verifying_contract=contract),
            "valid",
            (),
        ),
        ("salt_only", TypedDataDomain(salt=salt), "valid", ()),
        ("chain_id_max", TypedDataDomain(chain_id=2**256 - 1), "valid", EXTREME),
        ("empty_domain", TypedDataDomain(), "InvalidType", EMPTY),
        ("short_salt", TypedDataDomain(salt=b"\x01"), "TypeMismatch", ("StrictValue",)),
        ("chain_id_negative", TypedDataDomain(chain_id=-1), "ValueOutOfRange", ()),
    ]
    return [Case(name, {"domain": d}, expect, flags) for name, d, expect, flags in domains]


def _typed_data_input(data: TypedData) -> Mapping[str, object]:
    return {
        "types": data.types,
        "primaryType": data.primary_type,
        "domain": data.domain,
        "message": data.message,
    }


def _typed_data_cases() -> list[Case]:
    examples = [
        ("mail", TypedData(MAIL_TYPES, "Mail", MAIL_DOMAIN, MAIL_MESSAGE), ("EipExample",)),
        (
            "nested_arrays",
            TypedData(GROUP_TYPES, "Group", TypedDataDomain("Groups", chain_id=5), GROUP_MESSAGE),
            NESTED,
        ),
        (
            "recursive",
            TypedData(TREE_TYPES, "Node", TypedDataDomain(salt=bytes(32)), TREE_MESSAGE),
            ("RecursiveType",),
        ),
    ]
    cases = [
        Case(
            name,
            _typed_data_input(data),
            flags=flags,
            intermediate={
                "domainSeparator": eip712.compute_domain_separator(data.domain),
                "messageHash": eip712.compute_struct_hash(
                    data.types, data.primary_type, data.message
                ),
            },
        )
        for name, data, flags in examples
    ]
    domain_type = [("name", "string"), ("version", "string"), ("chainId", "uint256")]
    domain_type.append(("verifyingContract", "address"))
    declared = dict(MAIL_TYPES, EIP712Domain=tuple(eip712.TypedField(n, t) for n, t in domain_type))
    data = TypedData(declared, "Mail", MAIL_DOMAIN, MAIL_MESSAGE)
    malformed = ("MalformedType",)
    return [*cases, Case("declared_domain_type", _typed_data_input(data), "InvalidType", malformed)]


TYPED_DESCRIPTION = (
    "Struct types are written as the EIP's JSON: an object from struct name to a list of "
    "{name, type} fields. Values are written as ABI values, with structs as JSON objects "
    "keyed by field name."
)


def _suite(
    function: Callable[..., object],
    cases: Callable[[], list[Case]],
    description: str | tuple[str, ...],
    via: Callable[..., object] | None = None,
) -> Suite:
    return declare("encoding", function, cases, description, via=via, notes=NOTES)


SUITES = [
    _suite(
        parse_abi_type,
        _parse_cases,
        (
            "parse_abi_type(input.type). output is the type tree: {kind: uint|int, bits}, "
            "{kind: address|bool|bytes|string}, {kind: fixed_bytes, size}, "
            "{kind: array, element, length (null for T[])}, {kind: tuple, components}; "
            "numbers are decimal strings.",
            "intermediate carries the canonical type string, whether the type is dynamic and "
            "its head size in bytes.",
        ),
        via=_parse_abi_type,
    ),
    _suite(
        encode_abi,
        _encode_cases,
        ("encode_abi(input.types, input.values); output is the encoding.", VALUES_DESCRIPTION),
        via=_encode_abi,
    ),
    _suite(
        abi.decode_abi,
        _decode_cases,
        (
            "decode_abi(input.types, input.data) with the strict rules of specs/encoding/abi.md; "
            "output is the list of decoded values.",
            VALUES_DESCRIPTION,
        ),
        via=_decode_abi,
    ),
    _suite(
        abi.encode_abi_packed,
        _packed_cases,
        (
            "encode_abi_packed(input.types, input.values), Solidity's abi.encodePacked; output "
            "is the encoding.",
            VALUES_DESCRIPTION,
        ),
        via=_encode_abi_packed,
    ),
    _suite(
        abi.compute_function_selector,
        _selector_cases,
        "compute_function_selector(input.name, input.types); output is the 4-byte selector, "
        "intermediate.signature the canonical signature it hashes.",
    ),
    _suite(
        eip712.compute_type_hash,
        _type_hash_cases,
        (
            "compute_type_hash(input.types, input.primaryType); output is the 32-byte type "
            "hash, intermediate.encodedType the string it hashes.",
            TYPED_DESCRIPTION,
        ),
        via=_compute_type_hash,
    ),
    _suite(
        eip712.compute_struct_hash,
        _struct_hash_cases,
        (
            "compute_struct_hash(input.types, input.primaryType, input.value); output is "
            "hashStruct, intermediate.encodedData the bytes it hashes (typeHash and members).",
            TYPED_DESCRIPTION,
        ),
        via=_compute_struct_hash,
    ),
    _suite(
        eip712.compute_domain_separator,
        _domain_cases,
        "compute_domain_separator(domain) where input.domain has any of the keys name, "
        "version (strings), chainId (decimal string), verifyingContract (0x-hex, 20 bytes), "
        "salt (0x-hex, 32 bytes); absent keys are absent fields. output is the separator.",
    ),
    _suite(
        eip712.compute_typed_data_hash,
        _typed_data_cases,
        (
            "compute_typed_data_hash of the typed data input.types, input.primaryType, "
            "input.domain (as in encoding/compute_domain_separator) and input.message; output "
            "is the 32-byte digest that is signed.",
            TYPED_DESCRIPTION,
        ),
        via=_compute_typed_data_hash,
    ),
]
