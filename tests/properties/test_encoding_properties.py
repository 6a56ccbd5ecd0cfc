"""Properties of the ABI codec and typed data hashing (invariants I-ABI-* and I-TD-*)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l2ref.encoding.abi import (
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
    decode_abi,
    encode_abi,
    format_abi_type,
    parse_abi_type,
)
from l2ref.encoding.typed_data import TypedField, compute_struct_hash, encode_type
from l2ref.errors import DecodingError, EncodingError, InvalidType

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
    tuples = st.lists(children, min_size=1, max_size=3).map(lambda c: TupleType(tuple(c)))
    return arrays | tuples


ABI_TYPES: st.SearchStrategy[AbiType] = st.recursive(ELEMENTARY, _extend, max_leaves=8)
TYPE_LISTS = st.lists(ABI_TYPES, max_size=4).map(lambda ts: [format_abi_type(t) for t in ts])


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
def encodings(draw: st.DrawFn) -> tuple[list[str], list[AbiValue], bytes]:
    types = draw(st.lists(ABI_TYPES, max_size=4))
    values = [draw(values_of(t)) for t in types]
    names = [format_abi_type(t) for t in types]
    return names, values, encode_abi(names, values)


def as_tuples(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(as_tuples(v) for v in value)
    return value


# Words that steer a decoder into its interesting branches: small lengths and offsets, the
# boundaries of each check, and huge claims.
INTERESTING_WORDS = st.one_of(
    st.sampled_from([0, 1, 2, 31, 32, 33, 64, 96, 128, 2**64, 2**255, 2**256 - 1]),
    st.integers(0, 2**256 - 1),
).map(lambda n: n.to_bytes(32, "big"))


@st.composite
def mutated(draw: st.DrawFn) -> tuple[list[str], bytes]:
    names, _, data = draw(encodings())
    buffer = bytearray(data)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["flip", "word", "cut", "insert"]))
        if kind == "flip" and buffer:
            buffer[draw(st.integers(0, len(buffer) - 1))] ^= draw(st.integers(1, 255))
        elif kind == "word" and len(buffer) >= 32:
            start = 32 * draw(st.integers(0, len(buffer) // 32 - 1))
            buffer[start : start + 32] = draw(INTERESTING_WORDS)
        elif kind == "cut" and buffer:
            buffer = buffer[: draw(st.integers(0, len(buffer) - 1))]
        else:
            position = draw(st.integers(0, len(buffer)))
            buffer[position:position] = draw(st.binary(min_size=1, max_size=33))
    return names, bytes(buffer)


def _check_decoder(types: list[str], data: bytes) -> None:
    """I-ABI-2 and I-ABI-3: a DecodingError, or the one canonical encoding of its result."""
    try:
        values = decode_abi(types, data)
    except DecodingError:
        return
    assert encode_abi(types, list(values)) == data


# ----------------------------------------------------------------------------- ABI


@given(encodings())
def test_round_trip(case: tuple[list[str], list[AbiValue], bytes]) -> None:
    """I-ABI-1: decoding an encoding gives back the values, lists as tuples. I-ABI-5: every
    encoding is a multiple of 32 bytes long."""
    types, values, data = case
    assert len(data) % 32 == 0
    assert decode_abi(types, data) == as_tuples(values)


@given(TYPE_LISTS, st.binary(max_size=200))
def test_decoding_arbitrary_bytes_raises_only_decoding_errors(
    types: list[str], data: bytes
) -> None:
    _check_decoder(types, data)


@given(TYPE_LISTS, st.lists(INTERESTING_WORDS, max_size=10))
def test_decoding_arbitrary_words_raises_only_decoding_errors(
    types: list[str], words: list[bytes]
) -> None:
    _check_decoder(types, b"".join(words))


@given(mutated())
def test_mutated_encodings_are_rejected_or_canonical(case: tuple[list[str], bytes]) -> None:
    _check_decoder(*case)


@given(ABI_TYPES)
def test_type_strings_round_trip(typ: AbiType) -> None:
    assert parse_abi_type(format_abi_type(typ)) == typ


TYPE_ALPHABET = st.sampled_from([*"()[],0123456789 ", "uint", "int", "bytes", "string"])


@given(st.one_of(st.text(max_size=30), st.lists(TYPE_ALPHABET, max_size=20).map("".join)))
def test_parsing_arbitrary_text_raises_only_invalid_type(text: str) -> None:
    """I-ABI-5: every accepted type string is formatted back to itself."""
    try:
        typ = parse_abi_type(text)
    except InvalidType:
        return
    assert format_abi_type(typ) == text


# ----------------------------------------------------------------------------- typed data

NAMES = ["A", "B", "C", "Mail", "$d"]
MEMBER_TYPES = st.one_of(
    st.sampled_from([*NAMES, "uint8", "bool", "bytes", "string", "address", "Nope", "(bool)"]),
    st.text(max_size=6),
).flatmap(lambda base: st.sampled_from(["", "[]", "[2]", "[][1]", "[0]", "["]).map(base.__add__))


@st.composite
def struct_types(draw: st.DrawFn) -> dict[str, tuple[TypedField, ...]]:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
    return {
        name: tuple(
            TypedField(draw(st.sampled_from(["a", "b", "c", "", "1x"])), draw(MEMBER_TYPES))
            for _ in range(draw(st.integers(0, 3)))
        )
        for name in names
    }


@given(struct_types(), st.sampled_from(NAMES))
def test_encode_type_terminates_and_lists_each_struct_once(
    types: dict[str, tuple[TypedField, ...]], primary: str
) -> None:
    """I-TD-2: encode_type terminates on any types, cyclic ones included, listing each struct
    once."""
    try:
        encoded = encode_type(types, primary)
    except InvalidType:
        return
    assert encoded.startswith(primary + "(")
    # Each struct's signature appears once, even through cycles.
    for name, fields in types.items():
        signature = name + "(" + ",".join(f"{f.type} {f.name}" for f in fields) + ")"
        assert encoded.count(signature) <= 1


JUNK_VALUES: st.SearchStrategy[Any] = st.recursive(
    st.one_of(
        st.integers(-(2**260), 2**260),
        st.booleans(),
        st.binary(max_size=40),
        st.text(max_size=5),
        st.none(),
    ),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["a", "b", "c"]), children, max_size=3)
    ),
    max_leaves=10,
)


@given(
    struct_types(),
    st.sampled_from(NAMES),
    st.dictionaries(st.sampled_from(["a", "b", "c"]), JUNK_VALUES),
)
def test_hashing_arbitrary_values_raises_only_encoding_errors(
    types: dict[str, tuple[TypedField, ...]], primary: str, value: dict[str, Any]
) -> None:
    try:
        digest = compute_struct_hash(types, primary, value)
    except EncodingError:
        return
    assert len(digest) == 32


# ----------------------------------------------------------------------------- longer runs


@pytest.mark.slow
@settings(max_examples=3000)
@given(mutated())
def test_mutated_encodings_thoroughly(case: tuple[list[str], bytes]) -> None:
    _check_decoder(*case)


@pytest.mark.slow
@settings(max_examples=3000)
@given(TYPE_LISTS, st.lists(INTERESTING_WORDS, max_size=16))
def test_arbitrary_words_thoroughly(types: list[str], words: list[bytes]) -> None:
    _check_decoder(types, b"".join(words))


@pytest.mark.slow
@settings(max_examples=2000)
@given(encodings())
def test_round_trip_thoroughly(case: tuple[list[str], list[AbiValue], bytes]) -> None:
    types, values, data = case
    assert decode_abi(types, data) == as_tuples(values)
