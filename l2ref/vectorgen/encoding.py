"""Vector suites for specs/encoding/abi.md and specs/encoding/typed_data.md."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from typing import cast

from l2ref.encoding.abi import (
    MAX_TYPE_DEPTH,
    AbiType,
    AbiValue,
    AddressType,
    ArrayType,
    BoolType,
    BytesType,
    FixedBytesType,
    IntType,
    StringType,
    TupleType,
    UintType,
    compute_function_selector,
    compute_head_size,
    decode_abi,
    encode_abi,
    encode_abi_packed,
    format_abi_type,
    format_function_signature,
    is_dynamic_type,
    parse_abi_type,
)
from l2ref.encoding.typed_data import (
    StructTypes,
    TypedData,
    TypedDataDomain,
    TypedField,
    TypedValue,
    compute_domain_separator,
    compute_struct_hash,
    compute_type_hash,
    compute_typed_data_hash,
    encode_data,
    encode_type,
)
from l2ref.errors import InvalidType, MalformedVector
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

VALUES_DESCRIPTION = (
    "ABI values are written by their type: uint<M> and int<M> as decimal strings, address, "
    "bytes<N> and bytes as 0x-hex, bool as JSON true/false, string as a JSON string, arrays and "
    "tuples as JSON arrays. A JSON value of another kind than its type calls for (true for a "
    "uint8, a string for a bool) stands for the corresponding host value (a bool, a number or "
    "string) and MUST be rejected with TypeMismatch."
)

NOTES = {
    "Malleability": Note(
        "SECURITY",
        "A byte string that decodes to a value but is not its one canonical encoding (dirty "
        "padding, out-of-range word, misplaced offset, trailing bytes). Accepting it gives one "
        "value several encodings and several hashes.",
    ),
    "LenientDecoders": Note(
        "COMPATIBILITY",
        "Solidity's abi.decode and eth-abi accept this input; the strict decoder MUST reject it.",
    ),
    "AllocationBomb": Note(
        "SECURITY",
        "A length or type size far larger than the data. The decoder MUST reject it before "
        "allocating anything proportional to the claimed length.",
    ),
    "ShortData": Note("EDGE_CASE", "The data ends before the encoding does."),
    "ExtremeValue": Note("EDGE_CASE", "The smallest or largest value of an integer type."),
    "EmptyValue": Note(
        "EDGE_CASE", "Empty bytes, string or array: a length word and nothing else."
    ),
    "NestedDynamic": Note(
        "FUNCTIONALITY",
        "Dynamic values inside dynamic values: offsets are relative to the enclosing sequence.",
    ),
    "SolidityExample": Note(
        "COMPATIBILITY", "The example of the Solidity ABI specification, with its published bytes."
    ),
    "EipExample": Note(
        "COMPATIBILITY", "The Mail example of the EIP, with the digests of its reference script."
    ),
    "Random": Note(
        "FUNCTIONALITY",
        "A type tree and value drawn from a generator seeded with the suite and case names; "
        "tests/test_encoding.py checks the expected output against eth-abi.",
    ),
    "StrictValue": Note(
        "SECURITY",
        "A value that liberal libraries convert (short bytes<N> padded, missing struct field "
        "taken as zero, bool for an integer); the specification MUST reject it.",
    ),
    "MalformedType": Note("FUNCTIONALITY", "A type string or definition outside the grammar."),
    "DepthLimit": Note(
        "EDGE_CASE", f"Nesting exactly at, or one level past, MAX_TYPE_DEPTH = {MAX_TYPE_DEPTH}."
    ),
    "RecursiveType": Note(
        "EDGE_CASE",
        "A struct type that refers to itself through an array: encodeType lists it once.",
    ),
    "NonUtf8": Note("EDGE_CASE", "String bytes that are not well-formed UTF-8."),
}


# ----------------------------------------------------------------------------- JSON values


def type_to_json(typ: AbiType) -> JsonValue:
    if isinstance(typ, UintType):
        return {"kind": "uint", "bits": dec(typ.bits)}
    if isinstance(typ, IntType):
        return {"kind": "int", "bits": dec(typ.bits)}
    if isinstance(typ, AddressType):
        return {"kind": "address"}
    if isinstance(typ, BoolType):
        return {"kind": "bool"}
    if isinstance(typ, FixedBytesType):
        return {"kind": "fixed_bytes", "size": dec(typ.size)}
    if isinstance(typ, BytesType):
        return {"kind": "bytes"}
    if isinstance(typ, StringType):
        return {"kind": "string"}
    if isinstance(typ, ArrayType):
        length = None if typ.length is None else dec(typ.length)
        return {"kind": "array", "element": type_to_json(typ.element), "length": length}
    return {"kind": "tuple", "components": [type_to_json(c) for c in typ.components]}


def _untyped_from_json(value: JsonValue) -> AbiValue:
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


def abi_value_from_json(typ: AbiType, value: JsonValue) -> AbiValue:
    if isinstance(value, list):
        if isinstance(typ, ArrayType):
            return tuple(abi_value_from_json(typ.element, item) for item in value)
        if isinstance(typ, TupleType) and len(value) == len(typ.components):
            return tuple(
                abi_value_from_json(t, v) for t, v in zip(typ.components, value, strict=True)
            )
        return _untyped_from_json(value)
    if isinstance(value, str):
        if isinstance(typ, UintType | IntType):
            return parse_int(value)
        if isinstance(typ, AddressType | FixedBytesType | BytesType):
            return parse_bytes(value)
        if isinstance(typ, StringType):
            return value
    return _untyped_from_json(value)


def abi_value_to_json(value: AbiValue) -> JsonValue:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return dec(value)
    if isinstance(value, bytes):
        return hex_bytes(value)
    if isinstance(value, str):
        return value
    return [abi_value_to_json(item) for item in value]


def _type_list(case_input: JsonObject) -> list[str]:
    types = field_of(case_input, "types")
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise MalformedVector("types must be a list of type strings")
    return [t for t in types if isinstance(t, str)]


def _parsed_or_none(text: str) -> AbiType | None:
    try:
        return parse_abi_type(text)
    except InvalidType:
        return None


def _abi_values(case_input: JsonObject, types: list[str]) -> list[AbiValue]:
    values = field_of(case_input, "values")
    if not isinstance(values, list):
        raise MalformedVector("values must be a list")
    converted: list[AbiValue] = []
    for index, value in enumerate(values):
        typ = _parsed_or_none(types[index]) if index < len(types) else None
        converted.append(
            _untyped_from_json(value) if typ is None else abi_value_from_json(typ, value)
        )
    return converted


def _string_field(case_input: JsonObject, key: str) -> str:
    value = field_of(case_input, key)
    if not isinstance(value, str):
        raise MalformedVector(f"{key} must be a string")
    return value


def struct_types_from_json(value: JsonValue) -> dict[str, tuple[TypedField, ...]]:
    if not isinstance(value, dict):
        raise MalformedVector("types must be an object")
    types: dict[str, tuple[TypedField, ...]] = {}
    for name, fields in value.items():
        if not isinstance(fields, list):
            raise MalformedVector(f"types.{name} must be a list")
        parsed: list[TypedField] = []
        for field in fields:
            if not isinstance(field, dict) or set(field) != {"name", "type"}:
                raise MalformedVector(f"types.{name}: a field is {{'name', 'type'}}")
            field_name, field_type = field["name"], field["type"]
            if not isinstance(field_name, str) or not isinstance(field_type, str):
                raise MalformedVector(f"types.{name}: name and type are strings")
            parsed.append(TypedField(field_name, field_type))
        types[name] = tuple(parsed)
    return types


def struct_types_to_json(types: StructTypes) -> JsonValue:
    return {
        name: [{"name": f.name, "type": f.type} for f in fields] for name, fields in types.items()
    }


def typed_value_from_json(types: StructTypes, type_name: str, value: JsonValue) -> TypedValue:
    if isinstance(value, dict):
        fields = {f.name: f.type for f in types.get(type_name, ())}
        return {
            key: typed_value_from_json(types, fields.get(key, ""), item)
            for key, item in value.items()
        }
    if isinstance(value, list) and type_name.endswith("]") and "[" in type_name:
        element = type_name[: type_name.rfind("[")]
        return [typed_value_from_json(types, element, item) for item in value]
    typ = None if type_name in types else _parsed_or_none(type_name)
    converted = _untyped_from_json(value) if typ is None else abi_value_from_json(typ, value)
    # Every ABI value is a typed value; lists are invariant, so mypy needs to be told.
    return cast(TypedValue, converted)


def typed_value_to_json(types: StructTypes, type_name: str, value: TypedValue) -> JsonValue:
    if isinstance(value, Mapping):
        fields = {f.name: f.type for f in types[type_name]}
        return {k: typed_value_to_json(types, fields[k], v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        element = type_name[: type_name.rfind("[")]
        return [typed_value_to_json(types, element, item) for item in value]
    return abi_value_to_json(value)


DOMAIN_KEYS = ("name", "version", "chainId", "verifyingContract", "salt")


def domain_from_json(value: JsonValue) -> TypedDataDomain:
    if not isinstance(value, dict) or not set(value) <= set(DOMAIN_KEYS):
        raise MalformedVector(f"domain must be an object with keys among {DOMAIN_KEYS}")
    name, version = value.get("name"), value.get("version")
    chain_id, contract, salt = (
        value.get("chainId"),
        value.get("verifyingContract"),
        value.get("salt"),
    )
    if not isinstance(name, str | None) or not isinstance(version, str | None):
        raise MalformedVector("domain name and version are strings")
    return TypedDataDomain(
        name=name,
        version=version,
        chain_id=None if chain_id is None else parse_int(chain_id, "chainId"),
        verifying_contract=None if contract is None else parse_bytes(contract, "verifyingContract"),
        salt=None if salt is None else parse_bytes(salt, "salt"),
    )


def domain_to_json(domain: TypedDataDomain) -> JsonObject:
    result: JsonObject = {}
    if domain.name is not None:
        result["name"] = domain.name
    if domain.version is not None:
        result["version"] = domain.version
    if domain.chain_id is not None:
        result["chainId"] = dec(domain.chain_id)
    if domain.verifying_contract is not None:
        result["verifyingContract"] = hex_bytes(domain.verifying_contract)
    if domain.salt is not None:
        result["salt"] = hex_bytes(domain.salt)
    return result


def _message_from_json(types: StructTypes, primary: str, value: JsonValue) -> dict[str, TypedValue]:
    if not isinstance(value, dict):
        raise MalformedVector("a struct value must be an object")
    converted = typed_value_from_json(types, primary, value)
    if not isinstance(converted, dict):
        raise MalformedVector("a struct value must be an object")
    return converted


# ----------------------------------------------------------------------------- random values


def _random_type(rng: random.Random, depth: int) -> AbiType:
    choice = rng.randrange(10 if depth < 3 else 7)
    if choice == 0:
        return UintType(8 * rng.randint(1, 32))
    if choice == 1:
        return IntType(8 * rng.randint(1, 32))
    if choice == 2:
        return AddressType()
    if choice == 3:
        return BoolType()
    if choice == 4:
        return FixedBytesType(rng.randint(1, 32))
    if choice == 5:
        return BytesType()
    if choice == 6:
        return StringType()
    if choice in (7, 8):
        length = None if rng.random() < 0.5 else rng.randint(1, 3)
        return ArrayType(_random_type(rng, depth + 1), length)
    return TupleType(tuple(_random_type(rng, depth + 1) for _ in range(rng.randint(1, 3))))


def _random_value(rng: random.Random, typ: AbiType) -> AbiValue:
    if isinstance(typ, UintType):
        return [0, (1 << typ.bits) - 1, rng.getrandbits(typ.bits)][rng.randrange(3)]
    if isinstance(typ, IntType):
        half = 1 << (typ.bits - 1)
        return [-half, half - 1, rng.randrange(-half, half)][rng.randrange(3)]
    if isinstance(typ, AddressType):
        return rng.randbytes(20)
    if isinstance(typ, BoolType):
        return rng.random() < 0.5
    if isinstance(typ, FixedBytesType):
        return rng.randbytes(typ.size)
    if isinstance(typ, BytesType):
        return rng.randbytes(rng.choice([0, 1, 31, 32, 33, 70]))
    if isinstance(typ, StringType):
        return "".join(rng.choice("aZ09 \u00e9\u20ac\U0001f600") for _ in range(rng.randint(0, 40)))
    if isinstance(typ, ArrayType):
        count = typ.length if typ.length is not None else rng.randint(0, 3)
        return [_random_value(rng, typ.element) for _ in range(count)]
    return tuple(_random_value(rng, c) for c in typ.components)


def _random_case(suite: str, name: str) -> tuple[list[str], list[AbiValue]]:
    rng = case_rng(suite, name)
    types = [_random_type(rng, 0) for _ in range(rng.randint(1, 4))]
    return [format_abi_type(t) for t in types], [_random_value(rng, t) for t in types]


# ----------------------------------------------------------------------------- parse_abi_type

VALID_TYPE_STRINGS = (
    ("uint8", "uint8"),
    ("uint256", "uint256"),
    ("int8", "int8"),
    ("int256", "int256"),
    ("address", "address"),
    ("bool", "bool"),
    ("bytes1", "bytes1"),
    ("bytes32", "bytes32"),
    ("bytes", "bytes"),
    ("string", "string"),
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
    cases = []
    for text, name in VALID_TYPE_STRINGS:
        typ = parse_abi_type(text)
        intermediate: JsonObject = {
            "canonical": format_abi_type(typ),
            "dynamic": is_dynamic_type(typ),
            "headSize": dec(compute_head_size(typ)),
        }
        cases.append(Case(name, {"type": text}, intermediate=intermediate))
    deep_array = "uint8" + "[]" * MAX_TYPE_DEPTH
    deep_tuple = "(" * MAX_TYPE_DEPTH + "uint8" + ")" * MAX_TYPE_DEPTH
    cases += [
        Case("array_depth_at_limit", {"type": deep_array}, flags=("DepthLimit",)),
        Case("tuple_depth_at_limit", {"type": deep_tuple}, flags=("DepthLimit",)),
        Case(
            "array_depth_past_limit",
            {"type": deep_array + "[]"},
            "InvalidType",
            ("DepthLimit",),
        ),
        Case(
            "tuple_depth_past_limit",
            {"type": "(" + deep_tuple + ")"},
            "InvalidType",
            ("DepthLimit",),
        ),
    ]
    for text, name in INVALID_TYPE_STRINGS:
        cases.append(Case(name, {"type": text}, "InvalidType", ("MalformedType",)))
    return cases


def _run_parse(case_input: JsonObject) -> JsonValue:
    return type_to_json(parse_abi_type(_string_field(case_input, "type")))


# ----------------------------------------------------------------------------- encode_abi

ENCODE_SUITE = "encoding/encode_abi"

SOLIDITY_EXAMPLE_TYPES = ["uint256", "uint32[]", "bytes10", "bytes"]

SOLIDITY_EXAMPLE_VALUES: list[AbiValue] = [0x123, [0x456, 0x789], b"1234567890", b"Hello, world!"]


def _encode_input(types: list[str], values: list[AbiValue]) -> JsonObject:
    return {"types": list(types), "values": [abi_value_to_json(v) for v in values]}


def _valid_encode_examples() -> list[tuple[str, list[str], list[AbiValue], tuple[str, ...]]]:
    address = bytes.fromhex("cd2a3d9f938e13cd947ec05abc7fe734df8dd826")
    return [
        ("no_arguments", [], [], ("EmptyValue",)),
        ("uint8_max", ["uint8"], [255], ("ExtremeValue",)),
        ("uint256_max", ["uint256"], [2**256 - 1], ("ExtremeValue",)),
        ("uint256_zero", ["uint256"], [0], ("ExtremeValue",)),
        ("int8_min", ["int8"], [-128], ("ExtremeValue",)),
        ("int8_max", ["int8"], [127], ("ExtremeValue",)),
        ("int256_min", ["int256"], [-(2**255)], ("ExtremeValue",)),
        ("int256_minus_one", ["int256"], [-1], ()),
        ("int24_negative", ["int24"], [-(2**23) + 5], ()),
        ("address", ["address"], [address], ()),
        ("bool_pair", ["bool", "bool"], [True, False], ()),
        ("bytes1", ["bytes1"], [b"\x42"], ()),
        ("bytes32", ["bytes32"], [bytes(range(32))], ()),
        ("bytes_empty", ["bytes"], [b""], ("EmptyValue",)),
        ("bytes_32", ["bytes"], [bytes(range(32))], ()),
        ("bytes_33", ["bytes"], [bytes(range(33))], ()),
        ("string_empty", ["string"], [""], ("EmptyValue",)),
        ("string_unicode", ["string"], ["h\u00e9llo \u20ac \U0001f600"], ()),
        ("dynamic_array_empty", ["uint256[]"], [[]], ("EmptyValue",)),
        ("dynamic_array", ["uint16[]"], [[1, 2, 65535]], ()),
        ("fixed_array", ["bytes32[3]"], [[b"\x01" * 32, b"\x02" * 32, b"\x03" * 32]], ()),
        ("fixed_array_of_strings", ["string[2]"], [["a", ""]], ("NestedDynamic",)),
        ("nested_string_arrays", ["string[][2]"], [[["a", "bc"], []]], ("NestedDynamic",)),
        ("static_tuple", ["(address,uint256)"], [(address, 7)], ()),
        (
            "dynamic_array_of_tuples",
            ["(uint8,string)[]", "bool"],
            [[(1, "ab"), (2, "")], True],
            ("NestedDynamic",),
        ),
        (
            "nested_dynamic_arrays_of_tuples",
            ["((uint8,bytes)[],string)[]"],
            [[([(1, b"x"), (2, b"")], "one"), ([], "")]],
            ("NestedDynamic",),
        ),
        (
            "solidity_example",
            SOLIDITY_EXAMPLE_TYPES,
            SOLIDITY_EXAMPLE_VALUES,
            ("SolidityExample",),
        ),
    ]


def _encode_cases() -> list[Case]:
    cases = [
        Case(name, _encode_input(types, values), flags=flags)
        for name, types, values, flags in _valid_encode_examples()
    ]
    for index in range(1, 7):
        types, values = _random_case(ENCODE_SUITE, f"random_{index}")
        cases.append(Case(f"random_{index}", _encode_input(types, values), flags=("Random",)))
    invalid: list[tuple[str, JsonObject, str, tuple[str, ...]]] = [
        ("uint8_256", {"types": ["uint8"], "values": ["256"]}, "ValueOutOfRange", ()),
        ("uint256_negative", {"types": ["uint256"], "values": ["-1"]}, "ValueOutOfRange", ()),
        ("int8_minus_129", {"types": ["int8"], "values": ["-129"]}, "ValueOutOfRange", ()),
        ("int8_128", {"types": ["int8"], "values": ["128"]}, "ValueOutOfRange", ()),
        (
            "uint256_two_to_256",
            {"types": ["uint256"], "values": [dec(2**256)]},
            "ValueOutOfRange",
            (),
        ),
        (
            "address_19_bytes",
            {"types": ["address"], "values": ["0x" + "11" * 19]},
            "TypeMismatch",
            (),
        ),
        (
            "bytes3_short",
            {"types": ["bytes3"], "values": ["0x6162"]},
            "TypeMismatch",
            ("StrictValue",),
        ),
        ("bool_for_uint", {"types": ["uint8"], "values": [True]}, "TypeMismatch", ("StrictValue",)),
        ("number_for_bool", {"types": ["bool"], "values": ["1"]}, "TypeMismatch", ("StrictValue",)),
        (
            "fixed_array_too_long",
            {"types": ["uint8[2]"], "values": [["1", "2", "3"]]},
            "TypeMismatch",
            (),
        ),
        ("tuple_too_short", {"types": ["(uint8,bool)"], "values": [["1"]]}, "TypeMismatch", ()),
        ("scalar_for_array", {"types": ["uint8[]"], "values": ["1"]}, "TypeMismatch", ()),
        ("more_values_than_types", {"types": ["uint8"], "values": ["1", "2"]}, "TypeMismatch", ()),
        (
            "malformed_type",
            {"types": ["uint7"], "values": ["1"]},
            "InvalidType",
            ("MalformedType",),
        ),
    ]
    cases += [Case(name, inp, error, flags) for name, inp, error, flags in invalid]
    return cases


def _run_encode(case_input: JsonObject) -> JsonValue:
    types = _type_list(case_input)
    return hex_bytes(encode_abi(types, _abi_values(case_input, types)))


# ----------------------------------------------------------------------------- decode_abi

DECODE_SUITE = "encoding/decode_abi"


def _word(number: int) -> bytes:
    return (number % 2**256).to_bytes(32, "big")


def _decode_input(types: list[str], data: bytes) -> JsonObject:
    return {"types": list(types), "data": hex_bytes(data)}


def _decode_cases() -> list[Case]:
    cases = []
    for name, types, values, flags in _valid_encode_examples():
        cases.append(Case(name, _decode_input(types, encode_abi(types, values)), flags=flags))
    for index in range(1, 7):
        types, values = _random_case(DECODE_SUITE, f"random_{index}")
        data = encode_abi(types, values)
        cases.append(Case(f"random_{index}", _decode_input(types, data), flags=("Random",)))
    one_byte = encode_abi(["bytes"], [b"a"])
    two_bytes = _word(0x40) + _word(0x80) + _word(1) + b"a".ljust(32, b"\0") + _word(1)
    two_bytes += b"b".ljust(32, b"\0")
    strict = ("Malleability",)
    lenient = ("Malleability", "LenientDecoders")
    invalid: list[tuple[str, list[str], bytes, str, tuple[str, ...]]] = [
        ("uint8_high_bits", ["uint8"], _word(256), "NonCanonicalEncoding", strict),
        ("uint160_high_bits", ["uint160"], _word(2**160), "NonCanonicalEncoding", strict),
        ("int8_not_sign_extended", ["int8"], _word(0x80), "NonCanonicalEncoding", strict),
        ("int8_below_range", ["int8"], _word(-129), "NonCanonicalEncoding", strict),
        ("bool_two", ["bool"], _word(2), "NonCanonicalEncoding", strict),
        (
            "address_dirty_upper_bytes",
            ["address"],
            _word(2**160 + 1),
            "NonCanonicalEncoding",
            strict,
        ),
        (
            "bytes3_dirty_padding",
            ["bytes3"],
            b"abc" + b"\x01" + bytes(28),
            "NonCanonicalEncoding",
            strict,
        ),
        (
            "bytes_dirty_padding",
            ["bytes"],
            one_byte[:-1] + b"\x01",
            "NonCanonicalEncoding",
            strict,
        ),
        (
            "string_invalid_utf8",
            ["string"],
            _word(32) + _word(1) + b"\xff".ljust(32, b"\0"),
            "InvalidUtf8",
            ("NonUtf8",),
        ),
        (
            "string_overlong_utf8",
            ["string"],
            _word(32) + _word(2) + b"\xc0\x80".ljust(32, b"\0"),
            "InvalidUtf8",
            ("NonUtf8",),
        ),
        (
            "string_encoded_surrogate",
            ["string"],
            _word(32) + _word(3) + b"\xed\xa0\x80".ljust(32, b"\0"),
            "InvalidUtf8",
            ("NonUtf8",),
        ),
        ("offset_past_data", ["bytes"], _word(0x1000) + one_byte[32:], "InvalidOffset", strict),
        (
            "offset_with_gap",
            ["bytes"],
            _word(0x40) + bytes(32) + one_byte[32:],
            "InvalidOffset",
            lenient,
        ),
        (
            "offset_into_head",
            ["uint256", "bytes"],
            _word(1) + _word(0) + one_byte[32:],
            "InvalidOffset",
            strict,
        ),
        (
            "shared_tail",
            ["bytes", "bytes"],
            _word(0x40) + _word(0x40) + one_byte[32:],
            "InvalidOffset",
            lenient,
        ),
        (
            "tails_swapped",
            ["bytes", "bytes"],
            _word(0x80) + _word(0x40) + two_bytes[0x80:] + two_bytes[0x40:0x80],
            "InvalidOffset",
            lenient,
        ),
        (
            "bytes_length_past_data",
            ["bytes"],
            _word(0x20) + _word(2**256 - 1),
            "InvalidOffset",
            ("AllocationBomb",),
        ),
        (
            "bytes_content_truncated",
            ["bytes"],
            one_byte[:-32],
            "InvalidOffset",
            ("ShortData",),
        ),
        (
            "array_length_past_data",
            ["uint256[]"],
            _word(0x20) + _word(2**255) + _word(1),
            "InvalidOffset",
            ("AllocationBomb",),
        ),
        (
            "huge_fixed_array",
            ["uint8[1000000000000]"],
            _word(1),
            "InvalidLength",
            ("AllocationBomb", "ShortData"),
        ),
        ("trailing_word", ["uint256"], _word(1) + _word(0), "InvalidLength", lenient),
        ("trailing_byte", ["bytes"], one_byte + b"\x00", "InvalidLength", lenient),
        ("empty_data", ["uint256"], b"", "InvalidLength", ("ShortData",)),
        ("short_word", ["uint256"], bytes(31), "InvalidLength", ("ShortData",)),
        ("short_head", ["uint256", "uint256"], bytes(63), "InvalidLength", ("ShortData",)),
        ("short_fixed_array", ["uint8[3]"], bytes(64), "InvalidLength", ("ShortData",)),
        ("data_for_no_types", [], _word(0), "InvalidLength", ()),
        ("malformed_type", ["uint7"], _word(0), "InvalidType", ("MalformedType",)),
    ]
    cases += [Case(name, _decode_input(t, d), error, f) for name, t, d, error, f in invalid]
    return cases


def _run_decode(case_input: JsonObject) -> JsonValue:
    data = parse_bytes(field_of(case_input, "data"), "data")
    return [abi_value_to_json(v) for v in decode_abi(_type_list(case_input), data)]


# ----------------------------------------------------------------------------- packed, selector


def _packed_cases() -> list[Case]:
    address = bytes.fromhex("cd2a3d9f938e13cd947ec05abc7fe734df8dd826")
    valid: list[tuple[str, list[str], list[AbiValue], tuple[str, ...]]] = [
        (
            "solidity_example",
            ["int16", "bytes1", "uint16", "string"],
            [-1, b"\x42", 3, "Hello, world!"],
            ("SolidityExample",),
        ),
        ("uint8_and_uint256", ["uint8", "uint256"], [255, 1], ()),
        ("int256_min", ["int256"], [-(2**255)], ("ExtremeValue",)),
        ("int24_negative", ["int24"], [-2], ()),
        ("address_and_bool", ["address", "bool"], [address, True], ()),
        ("bytes_and_bytes7", ["bytes", "bytes7"], [b"\x01\x02", b"abcdefg"], ()),
        ("empty_string", ["string"], [""], ("EmptyValue",)),
        ("uint8_array_padded", ["uint8[]"], [[1, 2]], ()),
        ("address_fixed_array", ["address[2]"], [[address, bytes(20)]], ()),
        ("empty_array", ["bool[]"], [[]], ("EmptyValue",)),
    ]
    cases = [Case(n, _encode_input(t, v), flags=f) for n, t, v, f in valid]
    cases += [
        Case("tuple", {"types": ["(uint8,uint8)"], "values": [["1", "2"]]}, "InvalidType"),
        Case("nested_array", {"types": ["uint8[][]"], "values": [[["1"]]]}, "InvalidType"),
        Case("array_of_strings", {"types": ["string[]"], "values": [["a"]]}, "InvalidType"),
        Case("uint16_out_of_range", {"types": ["uint16"], "values": ["65536"]}, "ValueOutOfRange"),
    ]
    return cases


def _run_packed(case_input: JsonObject) -> JsonValue:
    types = _type_list(case_input)
    return hex_bytes(encode_abi_packed(types, _abi_values(case_input, types)))


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
            {"name": fn, "types": list(types)},
            flags=("SolidityExample",) if name == "solidity_example" else (),
            intermediate={"signature": format_function_signature(fn, types)},
        )
        for name, fn, types in valid
    ]
    cases += [
        Case("alias_uint", {"name": "transfer", "types": ["address", "uint"]}, "InvalidType"),
        Case("name_with_space", {"name": "do it", "types": []}, "InvalidType"),
        Case("name_starting_with_digit", {"name": "1f", "types": []}, "InvalidType"),
    ]
    return cases


def _run_selector(case_input: JsonObject) -> JsonValue:
    name = _string_field(case_input, "name")
    return hex_bytes(compute_function_selector(name, _type_list(case_input)))


# ----------------------------------------------------------------------------- typed data

MAIL_TYPES: dict[str, tuple[TypedField, ...]] = {
    "Person": (TypedField("name", "string"), TypedField("wallet", "address")),
    "Mail": (
        TypedField("from", "Person"),
        TypedField("to", "Person"),
        TypedField("contents", "string"),
    ),
}

MAIL_MESSAGE: dict[str, TypedValue] = {
    "from": {"name": "Cow", "wallet": bytes.fromhex("cd2a3d9f938e13cd947ec05abc7fe734df8dd826")},
    "to": {"name": "Bob", "wallet": bytes.fromhex("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")},
    "contents": "Hello, Bob!",
}

MAIL_DOMAIN = TypedDataDomain(
    name="Ether Mail",
    version="1",
    chain_id=1,
    verifying_contract=bytes.fromhex("cccccccccccccccccccccccccccccccccccccccc"),
)

GROUP_TYPES: dict[str, tuple[TypedField, ...]] = {
    "Person": (TypedField("name", "string"), TypedField("wallets", "address[]")),
    "Group": (
        TypedField("name", "string"),
        TypedField("members", "Person[][2]"),
        TypedField("scores", "int16[][]"),
        TypedField("tags", "bytes[]"),
        TypedField("root", "bytes32"),
        TypedField("open", "bool"),
    ),
}

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

TREE_TYPES: dict[str, tuple[TypedField, ...]] = {
    "Node": (TypedField("value", "uint256"), TypedField("children", "Node[]")),
}

TREE_MESSAGE: dict[str, TypedValue] = {
    "value": 1,
    "children": [
        {"value": 2, "children": []},
        {"value": 3, "children": [{"value": 4, "children": []}]},
    ],
}

ORDER_TYPES: dict[str, tuple[TypedField, ...]] = {
    "Order": (TypedField("zeta", "Zeta"), TypedField("alpha", "Alpha[]"), TypedField("b", "Beta")),
    "Zeta": (TypedField("a", "Alpha"),),
    "Beta": (TypedField("x", "uint8"),),
    "Alpha": (TypedField("x", "int256"),),
    "Unused": (TypedField("x", "bool"),),
}


def _types_input(types: StructTypes, primary: str) -> JsonObject:
    return {"types": struct_types_to_json(types), "primaryType": primary}


def _type_hash_cases() -> list[Case]:
    valid: list[tuple[str, StructTypes, str, tuple[str, ...]]] = [
        ("mail", MAIL_TYPES, "Mail", ("EipExample",)),
        ("mail_person", MAIL_TYPES, "Person", ("EipExample",)),
        ("dependencies_sorted", ORDER_TYPES, "Order", ()),
        ("nested_arrays_of_structs", GROUP_TYPES, "Group", ()),
        ("recursive_type", TREE_TYPES, "Node", ("RecursiveType",)),
        (
            "mutually_recursive_types",
            {"A": (TypedField("b", "B[]"),), "B": (TypedField("a", "A[1]"),)},
            "B",
            ("RecursiveType",),
        ),
        ("empty_struct", {"Empty": ()}, "Empty", ("EmptyValue",)),
    ]
    cases = [
        Case(
            name,
            _types_input(types, primary),
            flags=flags,
            intermediate={"encodedType": encode_type(types, primary)},
        )
        for name, types, primary, flags in valid
    ]
    invalid: list[tuple[str, dict[str, tuple[TypedField, ...]], str]] = [
        ("unknown_primary_type", MAIL_TYPES, "Letter"),
        ("unknown_member_type", {"A": (TypedField("b", "Missing"),)}, "A"),
        ("unknown_array_member_type", {"A": (TypedField("b", "Missing[2]"),)}, "A"),
        ("tuple_member_type", {"A": (TypedField("b", "(uint8,bool)"),)}, "A"),
        ("alias_member_type", {"A": (TypedField("b", "uint"),)}, "A"),
        ("zero_length_array", {"A": (TypedField("b", "uint8[0]"),)}, "A"),
        ("unclosed_array", {"A": (TypedField("b", "uint8[2"),)}, "A"),
        ("duplicate_field", {"A": (TypedField("b", "bool"), TypedField("b", "uint8"))}, "A"),
        ("field_name_not_identifier", {"A": (TypedField("two words", "bool"),)}, "A"),
        ("struct_named_like_abi_type", {"uint256": (TypedField("b", "bool"),)}, "uint256"),
        ("struct_name_not_identifier", {"A-B": (TypedField("b", "bool"),)}, "A-B"),
    ]
    cases += [
        Case(name, _types_input(types, primary), "InvalidType", ("MalformedType",))
        for name, types, primary in invalid
    ]
    return cases


def _run_type_hash(case_input: JsonObject) -> JsonValue:
    types = struct_types_from_json(field_of(case_input, "types"))
    return hex_bytes(compute_type_hash(types, _string_field(case_input, "primaryType")))


def _struct_input(types: StructTypes, primary: str, value: TypedValue) -> JsonObject:
    return {
        "types": struct_types_to_json(types),
        "primaryType": primary,
        "value": typed_value_to_json(types, primary, value),
    }


ATOMS_TYPES: dict[str, tuple[TypedField, ...]] = {
    "Atoms": (
        TypedField("u8", "uint8"),
        TypedField("u256", "uint256"),
        TypedField("i8", "int8"),
        TypedField("i256", "int256"),
        TypedField("b1", "bytes1"),
        TypedField("b32", "bytes32"),
        TypedField("flag", "bool"),
        TypedField("who", "address"),
        TypedField("blob", "bytes"),
        TypedField("text", "string"),
    ),
}

ATOMS_VALUE: dict[str, TypedValue] = {
    "u8": 255,
    "u256": 2**256 - 1,
    "i8": -128,
    "i256": -1,
    "b1": b"\x80",
    "b32": bytes([0xAA] * 32),
    "flag": False,
    "who": bytes([0x11] * 20),
    "blob": b"",
    "text": "\u00e9t\u00e9",
}


def _struct_hash_cases() -> list[Case]:
    valid: list[tuple[str, StructTypes, str, dict[str, TypedValue], tuple[str, ...]]] = [
        ("mail", MAIL_TYPES, "Mail", MAIL_MESSAGE, ("EipExample",)),
        ("atomic_types", ATOMS_TYPES, "Atoms", ATOMS_VALUE, ("ExtremeValue",)),
        ("nested_arrays", GROUP_TYPES, "Group", GROUP_MESSAGE, ("NestedDynamic",)),
        ("recursive_value", TREE_TYPES, "Node", TREE_MESSAGE, ("RecursiveType",)),
        ("empty_struct", {"Empty": ()}, "Empty", {}, ("EmptyValue",)),
    ]
    cases = [
        Case(
            name,
            _struct_input(types, primary, value),
            flags=flags,
            intermediate={"encodedData": hex_bytes(encode_data(types, primary, value))},
        )
        for name, types, primary, value, flags in valid
    ]
    mail_json = _struct_input(MAIL_TYPES, "Mail", MAIL_MESSAGE)
    mail_value = mail_json["value"]
    if not isinstance(mail_value, dict):
        raise MalformedVector("mail value")
    without_to = {k: v for k, v in mail_value.items() if k != "to"}
    extra = dict(mail_value, cc="0x00")
    short = dict(ATOMS_VALUE, b32=bytes(31))
    invalid: list[tuple[str, JsonObject, str, tuple[str, ...]]] = [
        ("missing_field", dict(mail_json, value=without_to), "TypeMismatch", ("StrictValue",)),
        ("unknown_field", dict(mail_json, value=extra), "TypeMismatch", ("StrictValue",)),
        (
            "short_bytes32",
            _struct_input(ATOMS_TYPES, "Atoms", short),
            "TypeMismatch",
            ("StrictValue",),
        ),
        (
            "uint8_out_of_range",
            _struct_input(ATOMS_TYPES, "Atoms", dict(ATOMS_VALUE, u8=256)),
            "ValueOutOfRange",
            (),
        ),
        (
            "fixed_array_wrong_length",
            _struct_input({"A": (TypedField("xs", "uint8[2]"),)}, "A", {"xs": [1, 2, 3]}),
            "TypeMismatch",
            (),
        ),
        (
            "struct_for_string",
            dict(mail_json, value=dict(mail_value, contents={"name": "x"})),
            "TypeMismatch",
            (),
        ),
    ]
    cases += [Case(name, inp, error, flags) for name, inp, error, flags in invalid]
    return cases


def _run_struct_hash(case_input: JsonObject) -> JsonValue:
    types = struct_types_from_json(field_of(case_input, "types"))
    primary = _string_field(case_input, "primaryType")
    value = _message_from_json(types, primary, field_of(case_input, "value"))
    return hex_bytes(compute_struct_hash(types, primary, value))


def _domain_cases() -> list[Case]:
    salt = bytes(range(32))
    contract = bytes.fromhex("cccccccccccccccccccccccccccccccccccccccc")
    domains = [
        ("mail", MAIL_DOMAIN, ("EipExample",)),
        ("all_fields", TypedDataDomain("L2", "2", 10, contract, salt), ()),
        ("name_only", TypedDataDomain(name="L2"), ()),
        ("chain_and_contract", TypedDataDomain(chain_id=1, verifying_contract=contract), ()),
        ("salt_only", TypedDataDomain(salt=salt), ()),
        ("chain_id_max", TypedDataDomain(chain_id=2**256 - 1), ("ExtremeValue",)),
    ]
    cases = [Case(name, {"domain": domain_to_json(d)}, flags=f) for name, d, f in domains]
    cases += [
        Case("empty_domain", {"domain": {}}, "InvalidType", ("EmptyValue",)),
        Case("short_salt", {"domain": {"salt": "0x01"}}, "TypeMismatch", ("StrictValue",)),
        Case(
            "chain_id_negative",
            {"domain": {"chainId": "-1"}},
            "ValueOutOfRange",
            (),
        ),
    ]
    return cases


def _run_domain(case_input: JsonObject) -> JsonValue:
    return hex_bytes(compute_domain_separator(domain_from_json(field_of(case_input, "domain"))))


def _typed_data_input(data: TypedData) -> JsonObject:
    return {
        "types": struct_types_to_json(data.types),
        "primaryType": data.primary_type,
        "domain": domain_to_json(data.domain),
        "message": typed_value_to_json(data.types, data.primary_type, dict(data.message)),
    }


def _typed_data_cases() -> list[Case]:
    examples = [
        ("mail", TypedData(MAIL_TYPES, "Mail", MAIL_DOMAIN, MAIL_MESSAGE), ("EipExample",)),
        (
            "nested_arrays",
            TypedData(GROUP_TYPES, "Group", TypedDataDomain("Groups", chain_id=5), GROUP_MESSAGE),
            ("NestedDynamic",),
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
                "domainSeparator": hex_bytes(compute_domain_separator(data.domain)),
                "messageHash": hex_bytes(
                    compute_struct_hash(data.types, data.primary_type, data.message)
                ),
            },
        )
        for name, data, flags in examples
    ]
    declared = _typed_data_input(TypedData(MAIL_TYPES, "Mail", MAIL_DOMAIN, MAIL_MESSAGE))
    declared_types = declared["types"]
    if not isinstance(declared_types, dict):
        raise MalformedVector("types")
    declared["types"] = dict(
        declared_types,
        EIP712Domain=[
            {"name": "name", "type": "string"},
            {"name": "version", "type": "string"},
            {"name": "chainId", "type": "uint256"},
            {"name": "verifyingContract", "type": "address"},
        ],
    )
    cases.append(Case("declared_domain_type", declared, "InvalidType", ("MalformedType",)))
    return cases


def _run_typed_data(case_input: JsonObject) -> JsonValue:
    types = struct_types_from_json(field_of(case_input, "types"))
    primary = _string_field(case_input, "primaryType")
    data = TypedData(
        types,
        primary,
        domain_from_json(field_of(case_input, "domain")),
        _message_from_json(types, primary, field_of(case_input, "message")),
    )
    return hex_bytes(compute_typed_data_hash(data))


def _suite(
    function: str,
    module: str,
    description: tuple[str, ...],
    cases: Callable[[], list[Case]],
    run: Callable[[JsonObject], JsonValue],
) -> Suite:
    return Suite(
        suite=f"encoding/{function}",
        function=f"l2ref.encoding.{module}.{function}",
        spec=f"specs/encoding/{module}.md#{function}",
        description=description,
        cases=cases,
        run=run,
        notes=NOTES,
    )


TYPED_DESCRIPTION = (
    "Struct types are written as the EIP's JSON: an object from struct name to a list of "
    "{name, type} fields. Values are written as ABI values, with structs as JSON objects "
    "keyed by field name."
)

SUITES = [
    _suite(
        "parse_abi_type",
        "abi",
        (
            "parse_abi_type(input.type). output is the type tree: {kind: uint|int, bits}, "
            "{kind: address|bool|bytes|string}, {kind: fixed_bytes, size}, "
            "{kind: array, element, length (null for T[])}, {kind: tuple, components}; "
            "numbers are decimal strings.",
            "intermediate carries the canonical type string, whether the type is dynamic and "
            "its head size in bytes.",
        ),
        _parse_cases,
        _run_parse,
    ),
    _suite(
        "encode_abi",
        "abi",
        ("encode_abi(input.types, input.values); output is the encoding.", VALUES_DESCRIPTION),
        _encode_cases,
        _run_encode,
    ),
    _suite(
        "decode_abi",
        "abi",
        (
            "decode_abi(input.types, input.data) with the strict rules of specs/encoding/abi.md; "
            "output is the list of decoded values.",
            VALUES_DESCRIPTION,
        ),
        _decode_cases,
        _run_decode,
    ),
    _suite(
        "encode_abi_packed",
        "abi",
        (
            "encode_abi_packed(input.types, input.values), Solidity's abi.encodePacked; output "
            "is the encoding.",
            VALUES_DESCRIPTION,
        ),
        _packed_cases,
        _run_packed,
    ),
    _suite(
        "compute_function_selector",
        "abi",
        (
            "compute_function_selector(input.name, input.types); output is the 4-byte selector, "
            "intermediate.signature the canonical signature it hashes.",
        ),
        _selector_cases,
        _run_selector,
    ),
    _suite(
        "compute_type_hash",
        "typed_data",
        (
            "compute_type_hash(input.types, input.primaryType); output is the 32-byte type "
            "hash, intermediate.encodedType the string it hashes.",
            TYPED_DESCRIPTION,
        ),
        _type_hash_cases,
        _run_type_hash,
    ),
    _suite(
        "compute_struct_hash",
        "typed_data",
        (
            "compute_struct_hash(input.types, input.primaryType, input.value); output is "
            "hashStruct, intermediate.encodedData the bytes it hashes (typeHash and members).",
            TYPED_DESCRIPTION,
        ),
        _struct_hash_cases,
        _run_struct_hash,
    ),
    _suite(
        "compute_domain_separator",
        "typed_data",
        (
            "compute_domain_separator(domain) where input.domain has any of the keys name, "
            "version (strings), chainId (decimal string), verifyingContract (0x-hex, 20 bytes), "
            "salt (0x-hex, 32 bytes); absent keys are absent fields. output is the separator.",
        ),
        _domain_cases,
        _run_domain,
    ),
    _suite(
        "compute_typed_data_hash",
        "typed_data",
        (
            "compute_typed_data_hash of the typed data input.types, input.primaryType, "
            "input.domain (as in encoding/compute_domain_separator) and input.message; output "
            "is the 32-byte digest that is signed.",
            TYPED_DESCRIPTION,
        ),
        _typed_data_cases,
        _run_typed_data,
    ),
]
