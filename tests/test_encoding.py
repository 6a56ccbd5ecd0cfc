"""ABI encoding and EIP-712 hashing against published examples, eth-abi and eth-account."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import eth_abi
import pytest
from eth_abi.abi import decode as eth_decode
from eth_abi.abi import encode as eth_encode
from eth_abi.packed import encode_packed as eth_encode_packed
from eth_account._utils.encode_typed_data import encoding_and_hashing as eth_typed
from eth_account.messages import encode_typed_data
from eth_utils.address import to_checksum_address
from hypothesis import given, settings
from hypothesis import strategies as st

from l2ref.crypto.hash import keccak256
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
    decode_abi,
    encode_abi,
    encode_abi_packed,
    encode_function_call,
    format_abi_type,
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
from l2ref.errors import (
    DecodingError,
    InvalidLength,
    InvalidOffset,
    InvalidType,
    NonCanonicalEncoding,
    TypeMismatch,
    ValueOutOfRange,
)

VECTORS = Path(__file__).resolve().parent.parent / "vectors" / "encoding"


def _word(number: int) -> bytes:
    return (number % 2**256).to_bytes(32, "big")


# ----------------------------------------------------------------------------- strategies

ELEMENTARY = st.one_of(
    st.integers(1, 32).map(lambda n: UintType(8 * n)),
    st.integers(1, 32).map(lambda n: IntType(8 * n)),
    st.just(AddressType()),
    st.just(BoolType()),
    st.integers(1, 32).map(FixedBytesType),
    st.just(BytesType()),
    st.just(StringType()),
)


def _extend(children: st.SearchStrategy[AbiType]) -> st.SearchStrategy[AbiType]:
    arrays = st.builds(ArrayType, children, st.none() | st.integers(1, 3))
    tuples = st.lists(children, min_size=1, max_size=4).map(lambda c: TupleType(tuple(c)))
    return arrays | tuples


ABI_TYPES: st.SearchStrategy[AbiType] = st.recursive(ELEMENTARY, _extend, max_leaves=6)


def values_of(typ: AbiType) -> st.SearchStrategy[AbiValue]:
    if isinstance(typ, UintType):
        return st.integers(0, 2**typ.bits - 1)
    if isinstance(typ, IntType):
        return st.integers(-(2 ** (typ.bits - 1)), 2 ** (typ.bits - 1) - 1)
    if isinstance(typ, AddressType):
        return st.binary(min_size=20, max_size=20)
    if isinstance(typ, BoolType):
        return st.booleans()
    if isinstance(typ, FixedBytesType):
        return st.binary(min_size=typ.size, max_size=typ.size)
    if isinstance(typ, BytesType):
        return st.binary(max_size=70)
    if isinstance(typ, StringType):
        return st.text(max_size=12)
    if isinstance(typ, ArrayType):
        low, high = (0, 3) if typ.length is None else (typ.length, typ.length)
        return st.lists(values_of(typ.element), min_size=low, max_size=high)
    return st.tuples(*(values_of(c) for c in typ.components))


@st.composite
def abi_arguments(draw: st.DrawFn) -> tuple[list[str], list[AbiValue]]:
    types = draw(st.lists(ABI_TYPES, max_size=4))
    return [format_abi_type(t) for t in types], [draw(values_of(t)) for t in types]


def normalise(typ: AbiType, value: Any) -> Any:
    """Both libraries' values in one form: addresses as bytes, sequences as tuples."""
    if isinstance(typ, AddressType) and isinstance(value, str):
        return bytes.fromhex(value[2:])
    if isinstance(typ, ArrayType):
        return tuple(normalise(typ.element, v) for v in value)
    if isinstance(typ, TupleType):
        return tuple(normalise(t, v) for t, v in zip(typ.components, value, strict=True))
    return value


def normalise_all(types: list[str], values: Any) -> tuple[Any, ...]:
    parsed = [parse_abi_type(t) for t in types]
    return tuple(normalise(t, v) for t, v in zip(parsed, values, strict=True))


# ----------------------------------------------------------------------------- published examples


def test_solidity_documentation_example() -> None:
    # "Contract ABI Specification", Use of Dynamic Types: f(0x123, [0x456, 0x789], "1234567890",
    # "Hello, world!") with the bytes printed in the Solidity documentation.
    expected = (
        "8be65246"
        "0000000000000000000000000000000000000000000000000000000000000123"
        "0000000000000000000000000000000000000000000000000000000000000080"
        "3132333435363738393000000000000000000000000000000000000000000000"
        "00000000000000000000000000000000000000000000000000000000000000e0"
        "0000000000000000000000000000000000000000000000000000000000000002"
        "0000000000000000000000000000000000000000000000000000000000000456"
        "0000000000000000000000000000000000000000000000000000000000000789"
        "000000000000000000000000000000000000000000000000000000000000000d"
        "48656c6c6f2c20776f726c642100000000000000000000000000000000000000"
    )
    types = ["uint256", "uint32[]", "bytes10", "bytes"]
    values: list[AbiValue] = [0x123, [0x456, 0x789], b"1234567890", b"Hello, world!"]
    assert encode_function_call("f", types, values).hex() == expected
    assert decode_abi(types, bytes.fromhex(expected[8:])) == (
        0x123,
        (0x456, 0x789),
        b"1234567890",
        b"Hello, world!",
    )


def test_solidity_documentation_packed_example() -> None:
    # abi.encodePacked(int16(-1), bytes1(0x42), uint16(0x03), string("Hello, world!")).
    packed = encode_abi_packed(
        ["int16", "bytes1", "uint16", "string"], [-1, b"\x42", 3, "Hello, world!"]
    )
    assert packed.hex() == "ffff42000348656c6c6f2c20776f726c6421"


def test_well_known_selectors() -> None:
    assert compute_function_selector("transfer", ["address", "uint256"]).hex() == "a9059cbb"
    assert compute_function_selector("balanceOf", ["address"]).hex() == "70a08231"
    assert compute_function_selector("approve", ["address", "uint256"]).hex() == "095ea7b3"
    with pytest.raises(InvalidType):
        compute_function_selector("transfer", ["address", "uint"])


MAIL_TYPES = {
    "Person": (TypedField("name", "string"), TypedField("wallet", "address")),
    "Mail": (
        TypedField("from", "Person"),
        TypedField("to", "Person"),
        TypedField("contents", "string"),
    ),
}
COW = bytes.fromhex("cd2a3d9f938e13cd947ec05abc7fe734df8dd826")
BOB = bytes.fromhex("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")
MAIL_MESSAGE: dict[str, TypedValue] = {
    "from": {"name": "Cow", "wallet": COW},
    "to": {"name": "Bob", "wallet": BOB},
    "contents": "Hello, Bob!",
}
MAIL_DOMAIN = TypedDataDomain("Ether Mail", "1", 1, bytes.fromhex("cc" * 20))


def test_eip_mail_example() -> None:
    # The values printed by the EIP's reference script assets/eip-712/Example.js.
    assert encode_type(MAIL_TYPES, "Mail") == (
        "Mail(Person from,Person to,string contents)Person(string name,address wallet)"
    )
    assert compute_type_hash(MAIL_TYPES, "Mail").hex() == (
        "a0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2"
    )
    assert compute_struct_hash(MAIL_TYPES, "Mail", MAIL_MESSAGE).hex() == (
        "c52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e"
    )
    assert compute_domain_separator(MAIL_DOMAIN).hex() == (
        "f2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f"
    )
    digest = compute_typed_data_hash(TypedData(MAIL_TYPES, "Mail", MAIL_DOMAIN, MAIL_MESSAGE))
    assert digest.hex() == "be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2"


def test_eip_mail_example_matches_eth_account() -> None:
    full_message = {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"},
            ],
            **_types_json(MAIL_TYPES),
        },
        "primaryType": "Mail",
        "domain": {
            "name": "Ether Mail",
            "version": "1",
            "chainId": 1,
            "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC",
        },
        "message": {
            "from": {"name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
            "to": {"name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},
            "contents": "Hello, Bob!",
        },
    }
    digest = compute_typed_data_hash(TypedData(MAIL_TYPES, "Mail", MAIL_DOMAIN, MAIL_MESSAGE))
    assert digest == _eth_account_digest(full_message)


# ----------------------------------------------------------------------------- ABI vs eth-abi


@settings(max_examples=150)
@given(abi_arguments())
def test_encode_and_decode_agree_with_eth_abi(arguments: tuple[list[str], list[AbiValue]]) -> None:
    """I-ABI-4: encode_abi equals eth-abi's encode, and eth-abi decodes the same values."""
    types, values = arguments
    data = encode_abi(types, values)
    assert data == eth_encode(types, values)
    decoded = decode_abi(types, data)
    assert decoded == normalise_all(types, eth_decode(types, data))
    assert decoded == normalise_all(types, values)


@given(abi_arguments(), st.data())
def test_strict_decoder_accepts_a_subset_of_eth_abi(
    arguments: tuple[list[str], list[AbiValue]], data: st.DataObject
) -> None:
    """I-ABI-4: whatever decode_abi accepts, eth-abi's decode accepts with the same values."""
    types, values = arguments
    encoded = bytearray(encode_abi(types, values))
    if encoded:
        index = data.draw(st.integers(0, len(encoded) - 1))
        encoded[index] ^= data.draw(st.integers(1, 255))
    mutated = bytes(encoded)
    try:
        decoded = decode_abi(types, mutated)
    except DecodingError:
        return
    # Accepted: then it is the canonical encoding, and eth-abi reads the same values.
    assert encode_abi(types, list(decoded)) == mutated
    assert decoded == normalise_all(types, eth_decode(types, mutated))


def _head_size(typ: AbiType) -> int:
    if is_dynamic_type(typ):
        return 32
    if isinstance(typ, ArrayType) and typ.length is not None:
        return typ.length * _head_size(typ.element)
    if isinstance(typ, TupleType):
        return sum(_head_size(c) for c in typ.components)
    return 32


def _top_level_tails(types: list[str], data: bytes) -> list[tuple[int, int, int]]:
    """(head position, tail start, tail end) of each dynamic argument of a canonical encoding."""
    offsets = []
    position = 0
    for typ in (parse_abi_type(t) for t in types):
        if is_dynamic_type(typ):
            offsets.append((position, int.from_bytes(data[position : position + 32], "big")))
        position += _head_size(typ)
    if not offsets:
        return []
    ends = [start for _, start in offsets[1:]] + [len(data)]
    return [(head, start, end) for (head, start), end in zip(offsets, ends, strict=True)]


@given(abi_arguments())
def test_relocated_tail_is_rejected_where_eth_abi_accepts(
    arguments: tuple[list[str], list[AbiValue]],
) -> None:
    types, values = arguments
    data = encode_abi(types, values)
    tails = _top_level_tails(types, data)
    if not tails:
        return
    head, start, end = tails[0]
    # Copy the first dynamic tail to the end and point at the copy: same values, new bytes.
    relocated = data[:head] + _word(len(data)) + data[head + 32 :] + data[start:end]
    assert normalise_all(types, eth_decode(types, relocated)) == decode_abi(types, data)
    with pytest.raises(InvalidOffset):
        decode_abi(types, relocated)


@given(abi_arguments(), st.binary(min_size=1, max_size=40))
def test_trailing_bytes_are_rejected_where_eth_abi_accepts(
    arguments: tuple[list[str], list[AbiValue]], extra: bytes
) -> None:
    types, values = arguments
    data = encode_abi(types, values) + extra
    if types:
        assert normalise_all(types, eth_decode(types, data)) == normalise_all(types, values)
    with pytest.raises(InvalidLength):
        decode_abi(types, data)


@given(
    st.sampled_from(
        [(f"uint{8 * n}", n) for n in range(1, 33)] + [(f"int{8 * n}", n) for n in range(1, 33)]
    ),
    st.data(),
)
def test_packed_integers_agree_with_eth_abi(type_and_size: tuple[str, int], data: Any) -> None:
    name, size = type_and_size
    typ = parse_abi_type(name)
    value = data.draw(values_of(typ))
    assert encode_abi_packed([name], [value]) == eth_encode_packed([name], [value])
    assert len(encode_abi_packed([name], [value])) == size


@given(st.lists(ELEMENTARY, max_size=5), st.data())
def test_packed_scalars_agree_with_eth_abi(types: list[AbiType], data: Any) -> None:
    names = [format_abi_type(t) for t in types]
    values = [data.draw(values_of(t)) for t in types]
    assert encode_abi_packed(names, values) == eth_encode_packed(names, values)


def test_packed_arrays_keep_full_words() -> None:
    # Solidity pads array items to 32 bytes in packed mode (eth-abi 6 does not).
    assert encode_abi_packed(["uint8[]"], [[1, 2]]) == _word(1) + _word(2)
    assert encode_abi_packed(["bytes3[1]"], [[b"abc"]]) == b"abc" + bytes(29)
    for bad in ("(uint8,uint8)", "uint8[][]", "string[]", "bytes[2]"):
        with pytest.raises(InvalidType):
            encode_abi_packed([bad], [[]])


# ----------------------------------------------------------------------------- type strings


@given(ABI_TYPES)
def test_format_and_parse_are_inverse(typ: AbiType) -> None:
    text = format_abi_type(typ)
    assert parse_abi_type(text) == typ
    # eth-abi's grammar reads the same canonical string.
    normalize: Any = eth_abi.grammar.normalize
    assert normalize(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "ufixed",
        " uint8",
        "((uint8)",
        "()[]",
        "(uint8,,bool)",
        "uint8[]]",
        "uint8[1 ]",
        "uint8[\u0661]",  # an Arabic-Indic digit one: isdigit() but not ASCII
        "uint8[" + "9" * 5000 + "]",
        "tuple(uint8)",
        "(" * 5000,
    ],
)
def test_malformed_type_strings(text: str) -> None:
    with pytest.raises(InvalidType):
        parse_abi_type(text)


def test_type_depth_limit_is_inclusive() -> None:
    assert parse_abi_type("uint8" + "[]" * MAX_TYPE_DEPTH)
    assert parse_abi_type("(" * MAX_TYPE_DEPTH + "uint8" + ")" * MAX_TYPE_DEPTH)
    mixed = "(" * (MAX_TYPE_DEPTH // 2) + "uint8" + ")[]" * (MAX_TYPE_DEPTH // 2)
    assert parse_abi_type(mixed)
    with pytest.raises(InvalidType):
        parse_abi_type("(" + mixed + ")")


def test_values_at_the_depth_limit_round_trip() -> None:
    deep_array = "string" + "[]" * MAX_TYPE_DEPTH
    value: Any = ["x"]
    for _ in range(MAX_TYPE_DEPTH - 1):
        value = [value, []]
    deep_tuple = "(" * MAX_TYPE_DEPTH + "bytes" + ")" * MAX_TYPE_DEPTH
    nested: Any = b"y"
    for _ in range(MAX_TYPE_DEPTH):
        nested = (nested,)
    for types, values in (([deep_array], [value]), ([deep_tuple], [nested])):
        data = encode_abi(types, values)
        assert data == eth_encode(types, values)
        assert encode_abi(types, list(decode_abi(types, data))) == data


def test_nested_types_parse_to_trees() -> None:
    assert parse_abi_type("string[][2]") == ArrayType(ArrayType(StringType(), None), 2)
    assert parse_abi_type("(address,uint256)[]") == ArrayType(
        TupleType((AddressType(), UintType(256))), None
    )
    assert parse_abi_type("bytes32[3]") == ArrayType(FixedBytesType(32), 3)


# ----------------------------------------------------------------------------- strict values


@pytest.mark.parametrize(
    ("types", "values", "error"),
    [
        (["uint8"], ["1"], TypeMismatch),
        (["address"], [bytes(19)], TypeMismatch),
        (["address"], ["0x" + "00" * 20], TypeMismatch),
        (["bytes"], ["ab"], TypeMismatch),
        (["string"], [b"ab"], TypeMismatch),
        (["string"], ["\ud800"], ValueOutOfRange),
        (["uint8[2]"], [[1]], TypeMismatch),
        (["(uint8,bool)"], [(1,)], TypeMismatch),
        (["uint8", "uint8"], [1], TypeMismatch),
    ],
)
def test_encoder_rejects_wrong_values(
    types: list[str], values: list[Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        encode_abi(types, values)


def test_a_single_type_string_is_not_a_type_list() -> None:
    with pytest.raises(TypeMismatch):
        encode_abi("uint8", [1])
    with pytest.raises(TypeMismatch):
        decode_abi("uint8", _word(1))


# ----------------------------------------------------------------------------- strict decoding


ONE_BYTE = encode_abi(["bytes"], [b"a"])


@pytest.mark.parametrize(
    ("types", "data", "error"),
    [
        (["uint248"], _word(2**248), NonCanonicalEncoding),
        (["int256"], _word(-1), None),
        (["int16"], _word(-(2**15)), None),
        (["address"], _word(2**160), NonCanonicalEncoding),
        (["bytes31"], bytes(31) + b"\x01", NonCanonicalEncoding),
        (["uint256[]"], _word(0x20) + _word(2**255), InvalidOffset),
        (["string[]"], _word(0x20) + _word(2**64), InvalidOffset),
        (["uint8[1000000000000000]"], _word(0), InvalidLength),
        (["string[1000000000000000]"], _word(32), InvalidLength),
        (["uint256"], _word(1) + b"\x00", InvalidLength),
        (["uint256", "bytes"], _word(1), InvalidLength),
        ([], b"\x00", InvalidLength),
        ([], b"", None),
    ],
)
def test_decoder_rules(types: list[str], data: bytes, error: type[Exception] | None) -> None:
    if error is None:
        assert encode_abi(types, list(decode_abi(types, data))) == data
    else:
        with pytest.raises(error):
            decode_abi(types, data)


def test_eth_abi_accepts_what_the_lenient_vectors_say() -> None:
    # The LenientDecoders flag claims eth-abi accepts these inputs; hold the claim to account.
    suite = json.loads((VECTORS / "decode_abi.json").read_text())
    lenient = [t for t in suite["tests"] if "LenientDecoders" in t["flags"]]
    assert len(lenient) >= 4
    for test in lenient:
        types, data = test["input"]["types"], bytes.fromhex(test["input"]["data"][2:])
        eth_decode(types, data)
        with pytest.raises(DecodingError):
            decode_abi(types, data)


def test_abi_vectors_agree_with_eth_abi() -> None:
    encode_suite = json.loads((VECTORS / "encode_abi.json").read_text())
    decode_suite = json.loads((VECTORS / "decode_abi.json").read_text())
    checked = 0
    for test in encode_suite["tests"] + decode_suite["tests"]:
        if test["result"] != "valid":
            continue
        types = test["input"]["types"]
        if "values" in test["input"]:
            values = _values_from_json(types, test["input"]["values"])
            assert eth_encode(types, values).hex() == test["output"][2:], test["name"]
        else:
            data = bytes.fromhex(test["input"]["data"][2:])
            expected = normalise_all(types, _values_from_json(types, test["output"]))
            assert normalise_all(types, eth_decode(types, data)) == expected, test["name"]
        checked += 1
    assert checked >= 60


def _values_from_json(types: list[str], values: list[Any]) -> list[Any]:
    from l2ref.vectorgen.encoding import abi_value_from_json

    return [abi_value_from_json(parse_abi_type(t), v) for t, v in zip(types, values, strict=True)]


# ----------------------------------------------------------------------------- typed data


def _types_json(types: Mapping[str, Sequence[TypedField]]) -> dict[str, list[dict[str, str]]]:
    return {n: [{"name": f.name, "type": f.type} for f in fs] for n, fs in types.items()}


def _eth_account_digest(full_message: dict[str, Any]) -> bytes:
    signable = encode_typed_data(full_message=full_message)
    return keccak256(b"\x19" + signable.version + signable.header + signable.body)


STRUCT_NAMES = ["Mail", "Person", "Asset", "Zed", "alpha", "Beta_2", "$x", "Node", "a1"]
ATOMIC_NAMES = [
    "uint8",
    "uint64",
    "uint256",
    "int8",
    "int128",
    "int256",
    "bool",
    "address",
    "bytes1",
    "bytes20",
    "bytes32",
    "bytes",
    "string",
]


@st.composite
def typed_data(draw: st.DrawFn) -> tuple[TypedData, dict[str, Any]]:
    """Typed data (struct i may refer to struct j > i) and the same data in eth-account form."""
    count = draw(st.integers(1, 4))
    names = draw(st.permutations(STRUCT_NAMES))[:count]
    field_types: list[list[str]] = []
    for index in range(count):
        members = []
        for _ in range(draw(st.integers(0, 4))):
            base = draw(st.sampled_from(ATOMIC_NAMES + names[index + 1 :]))
            suffix = draw(st.sampled_from(["", "", "[]", "[2]", "[][1]", "[2][]"]))
            members.append(base + suffix)
        field_types.append(members)
    for index in range(1, count):
        # Every struct but the primary is referenced, so eth-account finds the same primary.
        referrer = draw(st.integers(0, index - 1))
        field_types[referrer].append(names[index] + draw(st.sampled_from(["", "[]", "[1]"])))
    types = {
        name: tuple(TypedField(f"f{i}", t) for i, t in enumerate(members))
        for name, members in zip(names, field_types, strict=True)
    }
    message = draw(_struct_value(types, names[0]))
    domain = TypedDataDomain(
        draw(st.none() | st.text(max_size=8)),
        draw(st.none() | st.text(max_size=3)),
        draw(st.none() | st.integers(0, 2**256 - 1)),
        draw(st.none() | st.binary(min_size=20, max_size=20)),
        draw(st.none() | st.binary(min_size=32, max_size=32)),
    )
    if domain == TypedDataDomain():
        domain = TypedDataDomain(chain_id=draw(st.integers(0, 2**256 - 1)))
    domain_fields = _domain_dict(domain)
    domain_types = {
        "name": "string",
        "version": "string",
        "chainId": "uint256",
        "verifyingContract": "address",
        "salt": "bytes32",
    }
    full_message = {
        "types": {
            "EIP712Domain": [
                {"name": k, "type": t} for k, t in domain_types.items() if k in domain_fields
            ],
            **_types_json(types),
        },
        "primaryType": names[0],
        "domain": _to_eth_account(domain_fields),
        "message": _to_eth_account(message),
    }
    return TypedData(types, names[0], domain, message), full_message


def _to_eth_account(value: Any) -> Any:
    """eth-account wants lists for arrays and checksummed strings for addresses."""
    if isinstance(value, dict):
        return {k: _to_eth_account(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_to_eth_account(v) for v in value]
    if isinstance(value, bytes) and len(value) == 20:
        # A 20-byte value may be bytes20 too; eth-account hashes both forms alike.
        return to_checksum_address(value)
    return value


def _struct_value(
    types: dict[str, tuple[TypedField, ...]], name: str
) -> st.SearchStrategy[dict[str, TypedValue]]:
    return st.fixed_dictionaries({f.name: _member_value(types, f.type) for f in types[name]})


def _member_value(
    types: dict[str, tuple[TypedField, ...]], type_name: str
) -> st.SearchStrategy[TypedValue]:
    if type_name.endswith("]"):
        open_bracket = type_name.rfind("[")
        element = _member_value(types, type_name[:open_bracket])
        length = type_name[open_bracket + 1 : -1]
        low, high = (0, 2) if length == "" else (int(length), int(length))
        return st.lists(element, min_size=low, max_size=high)
    if type_name in types:
        return st.deferred(lambda: _struct_value(types, type_name))
    typ = parse_abi_type(type_name)
    if isinstance(typ, BytesType):
        return st.binary(max_size=40)
    if isinstance(typ, StringType):
        return st.text(max_size=10)
    # Atomic ABI values are typed values; the strategy type is invariant, hence the cast.
    return cast("st.SearchStrategy[TypedValue]", values_of(typ))


@settings(max_examples=60)
@given(typed_data())
def test_typed_data_agrees_with_eth_account(generated: tuple[TypedData, dict[str, Any]]) -> None:
    """I-TD-1: the domain separator, the struct hash, the typed data hash and the type string
    equal eth-account's."""
    data, full_message = generated
    signable = encode_typed_data(full_message=full_message)
    assert compute_domain_separator(data.domain) == signable.header
    assert compute_struct_hash(data.types, data.primary_type, data.message) == signable.body
    assert compute_typed_data_hash(data) == _eth_account_digest(full_message)
    types_json = _types_json(data.types)
    assert encode_type(data.types, data.primary_type) == eth_typed.encode_type(
        data.primary_type, types_json
    )


TREE_TYPES = {"Node": (TypedField("value", "uint256"), TypedField("children", "Node[]"))}


def test_recursive_types_agree_with_eth_account() -> None:
    """I-TD-1, I-TD-2: recursive and mutually recursive types terminate and agree with eth-
    account."""
    tree: dict[str, TypedValue] = {
        "value": 1,
        "children": [
            {"value": 2, "children": []},
            {"value": 3, "children": [{"value": 4, "children": []}]},
        ],
    }
    assert encode_type(TREE_TYPES, "Node") == "Node(uint256 value,Node[] children)"
    assert compute_struct_hash(TREE_TYPES, "Node", tree) == eth_typed.hash_struct(
        "Node", _types_json(TREE_TYPES), tree
    )
    mutual = {
        "A": (TypedField("b", "B[]"), TypedField("x", "uint8")),
        "B": (TypedField("a", "A[1]"),),
        "C": (TypedField("a", "A"), TypedField("b", "B")),
    }
    for primary in ("A", "B", "C"):
        assert encode_type(mutual, primary) == eth_typed.encode_type(primary, _types_json(mutual))
    assert encode_type(mutual, "B") == "B(A[1] a)A(B[] b,uint8 x)"


def test_nested_array_example_matches_eth_account() -> None:
    types = {
        "Person": (TypedField("name", "string"), TypedField("wallets", "address[]")),
        "Group": (
            TypedField("members", "Person[][2]"),
            TypedField("scores", "int16[][]"),
            TypedField("tags", "bytes[]"),
        ),
    }
    message: dict[str, TypedValue] = {
        "members": [[{"name": "Ann", "wallets": [COW, BOB]}, {"name": "Ben", "wallets": []}], []],
        "scores": [[-1, 2, -300], [], [32767]],
        "tags": [b"", b"\x00\xff"],
    }
    ours = compute_struct_hash(types, "Group", message)
    assert ours == eth_typed.hash_struct("Group", _types_json(types), _to_eth_account(message))
    # By hand, for the scores field: keccak of the concatenated hashes of the inner arrays.
    inner = [keccak256(b"".join(_word(v) for v in row)) for row in ([-1, 2, -300], [], [32767])]
    # encode_data is typeHash || members || scores || tags, one word each.
    assert encode_data(types, "Group", message)[64:96] == keccak256(b"".join(inner))


def test_typed_data_vectors_agree_with_eth_account() -> None:
    from l2ref.vectorgen.codec import from_json
    from l2ref.vectorgen.encoding import typed_value_from_json

    def struct_types_from_json(value: Any) -> StructTypes:
        return cast(StructTypes, from_json(value, StructTypes))

    def domain_from_json(value: Any) -> TypedDataDomain:
        return cast(TypedDataDomain, from_json(value, TypedDataDomain))

    def load(name: str) -> list[dict[str, Any]]:
        tests = json.loads((VECTORS / f"{name}.json").read_text())["tests"]
        return [t for t in tests if t["result"] == "valid"]

    for test in load("compute_type_hash"):
        inp = test["input"]
        types_json = _types_json(struct_types_from_json(inp["types"]))
        assert eth_typed.hash_type(inp["primaryType"], types_json).hex() == test["output"][2:]
    for test in load("compute_struct_hash"):
        inp = test["input"]
        types = struct_types_from_json(inp["types"])
        value = _to_eth_account(typed_value_from_json(types, inp["primaryType"], inp["value"]))
        ours = eth_typed.hash_struct(inp["primaryType"], _types_json(types), value)
        assert ours.hex() == test["output"][2:], test["name"]
    for test in load("compute_domain_separator"):
        domain = _to_eth_account(_domain_dict(domain_from_json(test["input"]["domain"])))
        assert eth_typed.hash_domain(domain).hex() == test["output"][2:], test["name"]
    for test in load("compute_typed_data_hash"):
        inp = test["input"]
        types = struct_types_from_json(inp["types"])
        domain = domain_from_json(inp["domain"])
        message = typed_value_from_json(types, inp["primaryType"], inp["message"])
        domain_hash = eth_typed.hash_domain(_to_eth_account(_domain_dict(domain)))
        message_hash = eth_typed.hash_struct(
            inp["primaryType"], _types_json(types), _to_eth_account(message)
        )
        assert keccak256(b"\x19\x01" + domain_hash + message_hash).hex() == test["output"][2:]


def _domain_dict(domain: TypedDataDomain) -> dict[str, Any]:
    fields = {
        "name": domain.name,
        "version": domain.version,
        "chainId": domain.chain_id,
        "verifyingContract": domain.verifying_contract,
        "salt": domain.salt,
    }
    return {k: v for k, v in fields.items() if v is not None}


# ----------------------------------------------------------------------------- typed data rules


@pytest.mark.parametrize(
    ("types", "primary", "error"),
    [
        ({"A": (TypedField("b", "[2]"),)}, "A", InvalidType),
        ({"A": (TypedField("b", "A" + "[]" * (MAX_TYPE_DEPTH + 1)),)}, "A", InvalidType),
        ({"A": (TypedField("b", "bool"), TypedField("b", "bool"))}, "A", InvalidType),
        ({"A": (TypedField("", "bool"),)}, "A", InvalidType),
        ({"bytes32": (TypedField("b", "bool"),)}, "bytes32", InvalidType),
        ({"A B": (TypedField("b", "bool"),)}, "A B", InvalidType),
        ({"A": (TypedField("b", "bool"),)}, "B", InvalidType),
    ],
)
def test_malformed_struct_types(
    types: dict[str, tuple[TypedField, ...]], primary: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        compute_type_hash(types, primary)


def test_struct_values_must_match_their_type_exactly() -> None:
    """I-TD-3: a missing field, an extra key, a value of another type and a short bytes<N> are
    refused, not converted."""
    missing = {k: v for k, v in MAIL_MESSAGE.items() if k != "to"}
    with pytest.raises(TypeMismatch):
        compute_struct_hash(MAIL_TYPES, "Mail", missing)
    with pytest.raises(TypeMismatch):
        compute_struct_hash(MAIL_TYPES, "Mail", dict(MAIL_MESSAGE, cc="x"))
    with pytest.raises(TypeMismatch):
        compute_struct_hash(MAIL_TYPES, "Mail", dict(MAIL_MESSAGE, contents=b"bytes"))
    with pytest.raises(TypeMismatch):
        compute_struct_hash(MAIL_TYPES, "Mail", dict(MAIL_MESSAGE, to="Bob"))
    with pytest.raises(TypeMismatch):
        compute_struct_hash({"A": (TypedField("x", "bytes4"),)}, "A", {"x": b"abc"})
    with pytest.raises(ValueOutOfRange):
        compute_struct_hash({"A": (TypedField("x", "int8"),)}, "A", {"x": 128})


def test_domain_rules() -> None:
    with pytest.raises(InvalidType):
        compute_domain_separator(TypedDataDomain())
    declared = dict(MAIL_TYPES, EIP712Domain=(TypedField("name", "string"),))
    with pytest.raises(InvalidType):
        compute_typed_data_hash(TypedData(declared, "Mail", MAIL_DOMAIN, MAIL_MESSAGE))
    # The domain type lists only the present fields, in the EIP's order.
    only_chain = TypedDataDomain(chain_id=1)
    expected = keccak256(keccak256(b"EIP712Domain(uint256 chainId)") + _word(1))
    assert compute_domain_separator(only_chain) == expected


def test_deep_and_cyclic_values_are_refused() -> None:
    """I-TD-2: values nested deeper than MAX_VALUE_DEPTH, cyclic ones included, are refused."""
    deep: dict[str, TypedValue] = {"value": 0, "children": []}
    for _ in range(40):
        deep = {"value": 0, "children": [deep]}
    with pytest.raises(ValueOutOfRange):
        compute_struct_hash(TREE_TYPES, "Node", deep)
    cyclic: dict[str, TypedValue] = {"value": 0}
    children: list[TypedValue] = [cyclic]
    cyclic["children"] = children
    with pytest.raises(ValueOutOfRange):
        compute_struct_hash(TREE_TYPES, "Node", cyclic)


# ----------------------------------------------------------------------------- longer runs


@pytest.mark.slow
@settings(max_examples=2000)
@given(abi_arguments())
def test_encode_and_decode_agree_with_eth_abi_thoroughly(
    arguments: tuple[list[str], list[AbiValue]],
) -> None:
    types, values = arguments
    data = encode_abi(types, values)
    assert data == eth_encode(types, values)
    assert decode_abi(types, data) == normalise_all(types, eth_decode(types, data))


@pytest.mark.slow
@settings(max_examples=1000)
@given(typed_data())
def test_typed_data_agrees_with_eth_account_thoroughly(
    generated: tuple[TypedData, dict[str, Any]],
) -> None:
    data, full_message = generated
    assert compute_typed_data_hash(data) == _eth_account_digest(full_message)
