"""Ethereum ABI encoding with strict decoding. See specs/encoding/abi.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

from l2ref.crypto.hash import keccak256
from l2ref.errors import (
    InvalidLength,
    InvalidOffset,
    InvalidType,
    InvalidUtf8,
    NonCanonicalEncoding,
    TypeMismatch,
    ValueOutOfRange,
)


@dataclass(frozen=True)
class UintType:
    """The ABI type uint<bits>, bits in 8, 16, ..., 256."""

    bits: int


@dataclass(frozen=True)
class IntType:
    """The ABI type int<bits>, bits in 8, 16, ..., 256, two's complement."""

    bits: int


@dataclass(frozen=True)
class AddressType:
    """The ABI type address: 20 bytes, left-padded to a word."""


@dataclass(frozen=True)
class BoolType:
    """The ABI type bool: the word 0 or 1."""


@dataclass(frozen=True)
class FixedBytesType:
    """The ABI type bytes<size>, size in 1..32, right-padded to a word."""

    size: int


@dataclass(frozen=True)
class BytesType:
    """The dynamic ABI type bytes."""


@dataclass(frozen=True)
class StringType:
    """The dynamic ABI type string, UTF-8 encoded."""


@dataclass(frozen=True)
class ArrayType:
    """The ABI array type element[length], or element[] when `length` is None."""

    element: AbiType
    length: int | None


@dataclass(frozen=True)
class TupleType:
    """The ABI tuple type (c1,c2,...) of at least one component."""

    components: tuple[AbiType, ...]


AbiType: TypeAlias = (
    UintType
    | IntType
    | AddressType
    | BoolType
    | FixedBytesType
    | BytesType
    | StringType
    | ArrayType
    | TupleType
)

AbiValue: TypeAlias = int | bool | bytes | str | list["AbiValue"] | tuple["AbiValue", ...]

WORD_SIZE_BYTES = 32

ADDRESS_SIZE_BYTES = 20

SELECTOR_SIZE_BYTES = 4

MAX_TYPE_DEPTH = 32

MAX_ARRAY_LENGTH = 2**256 - 1


def is_identifier(text: str) -> bool:
    """Whether `text` is a non-empty ASCII name of letters, digits, _ or $ not led by a digit."""
    if not text or not text.isascii() or text[0].isdigit():
        return False
    return all(character.isalnum() or character in "_$" for character in text)


def _is_canonical_decimal(text: str) -> bool:
    return text.isascii() and text.isdigit() and (text == "0" or text[0] != "0")


def _parse_size(name: str, prefix: str, low: int, high: int, step: int) -> int:
    digits = name[len(prefix) :]
    # Three digits bound every valid size; longer strings are rejected before int().
    if not _is_canonical_decimal(digits) or len(digits) > 3:
        raise InvalidType(f"{name!r}: {prefix} needs a size written in decimal")
    size = int(digits)
    if size < low or size > high or size % step != 0:
        raise InvalidType(f"{name!r}: the sizes are {low}, {low + step}, ..., {high}")
    return size


def _parse_elementary_type(name: str) -> AbiType:
    if name == "address":
        return AddressType()
    if name == "bool":
        return BoolType()
    if name == "bytes":
        return BytesType()
    if name == "string":
        return StringType()
    if name.startswith("uint"):
        return UintType(_parse_size(name, "uint", 8, 256, 8))
    if name.startswith("int"):
        return IntType(_parse_size(name, "int", 8, 256, 8))
    if name.startswith("bytes"):
        return FixedBytesType(_parse_size(name, "bytes", 1, 32, 1))
    raise InvalidType(f"{name!r} is not an ABI type")


def parse_array_length(text: str) -> int | None:
    """The length between brackets, None if empty; raises InvalidType unless in [1, 2^256 - 1]."""
    if text == "":
        return None
    # 78 digits hold every uint256; the bound keeps int() away from huge strings.
    if not _is_canonical_decimal(text) or len(text) > 78:
        raise InvalidType(f"array length {text!r} is not a decimal number")
    length = int(text)
    if length < 1 or length > MAX_ARRAY_LENGTH:
        raise InvalidType(f"array length {length} is outside [1, MAX_ARRAY_LENGTH]")
    return length


def compute_type_depth(typ: AbiType) -> int:
    """The nesting depth of arrays and tuples in `typ`, 0 for an elementary type."""
    if isinstance(typ, ArrayType):
        return 1 + compute_type_depth(typ.element)
    if isinstance(typ, TupleType):
        return 1 + max((compute_type_depth(c) for c in typ.components), default=0)
    return 0


def _parse_type(text: str, start: int, open_tuples: int) -> tuple[AbiType, int]:
    typ: AbiType
    if start < len(text) and text[start] == "(":
        if open_tuples >= MAX_TYPE_DEPTH:
            raise InvalidType(f"{text!r} nests deeper than {MAX_TYPE_DEPTH}")
        if text.startswith("()", start):
            raise InvalidType(f"{text!r}: a tuple needs at least one component")
        components: list[AbiType] = []
        position = start + 1
        while True:
            component, position = _parse_type(text, position, open_tuples + 1)
            components.append(component)
            if position < len(text) and text[position] == ",":
                position += 1
            elif position < len(text) and text[position] == ")":
                position += 1
                break
            else:
                raise InvalidType(f"{text!r}: expected ',' or ')' at position {position}")
        typ = TupleType(tuple(components))
    else:
        position = start
        while position < len(text) and text[position] not in "()[],":
            position += 1
        if position == start:
            raise InvalidType(f"{text!r}: expected a type at position {start}")
        typ = _parse_elementary_type(text[start:position])
    while position < len(text) and text[position] == "[":
        close = text.find("]", position)
        if close < 0:
            raise InvalidType(f"{text!r}: '[' at position {position} is never closed")
        typ = ArrayType(typ, parse_array_length(text[position + 1 : close]))
        position = close + 1
    if compute_type_depth(typ) > MAX_TYPE_DEPTH:
        raise InvalidType(f"{text!r} nests deeper than {MAX_TYPE_DEPTH}")
    return typ, position


def parse_abi_type(text: str) -> AbiType:
    """The type of a canonical ABI type string; raises InvalidType on anything else."""
    typ, end = _parse_type(text, 0, 0)
    if end != len(text):
        raise InvalidType(f"{text!r}: unexpected {text[end]!r} at position {end}")
    return typ


def _parse_types(types: Sequence[str]) -> TupleType:
    if isinstance(types, str):
        raise TypeMismatch("types is a sequence of type strings, not one string")
    return TupleType(tuple(parse_abi_type(t) for t in types))


def format_abi_type(typ: AbiType) -> str:
    """The canonical type string of `typ`, as in function signatures."""
    if isinstance(typ, UintType):
        return f"uint{typ.bits}"
    if isinstance(typ, IntType):
        return f"int{typ.bits}"
    if isinstance(typ, AddressType):
        return "address"
    if isinstance(typ, BoolType):
        return "bool"
    if isinstance(typ, FixedBytesType):
        return f"bytes{typ.size}"
    if isinstance(typ, BytesType):
        return "bytes"
    if isinstance(typ, StringType):
        return "string"
    if isinstance(typ, ArrayType):
        length = "" if typ.length is None else str(typ.length)
        return f"{format_abi_type(typ.element)}[{length}]"
    return "(" + ",".join(format_abi_type(c) for c in typ.components) + ")"


def is_dynamic_type(typ: AbiType) -> bool:
    """Whether `typ` is encoded by an offset in the head and its content in the tail."""
    if isinstance(typ, BytesType | StringType):
        return True
    if isinstance(typ, ArrayType):
        return typ.length is None or is_dynamic_type(typ.element)
    if isinstance(typ, TupleType):
        return any(is_dynamic_type(c) for c in typ.components)
    return False


def compute_head_size(typ: AbiType) -> int:
    """The bytes `typ` takes in the head: 32 if dynamic, else its whole static encoding."""
    if is_dynamic_type(typ):
        return WORD_SIZE_BYTES
    if isinstance(typ, ArrayType) and typ.length is not None:
        return typ.length * compute_head_size(typ.element)
    if isinstance(typ, TupleType):
        return sum(compute_head_size(c) for c in typ.components)
    return WORD_SIZE_BYTES


def _encode_word(number: int) -> bytes:
    return number.to_bytes(WORD_SIZE_BYTES, "big")


def _as_items(typ: AbiType, value: AbiValue) -> Sequence[AbiValue]:
    if not isinstance(value, list | tuple):
        raise TypeMismatch(f"{format_abi_type(typ)} needs a list or tuple, got {value!r}")
    return value


def _as_bytes(typ: AbiType, value: AbiValue, size: int | None) -> bytes:
    if not isinstance(value, bytes):
        raise TypeMismatch(f"{format_abi_type(typ)} needs bytes, got {value!r}")
    if size is not None and len(value) != size:
        raise TypeMismatch(f"{format_abi_type(typ)} needs exactly {size} bytes, got {len(value)}")
    return value


def _as_int(typ: UintType | IntType, value: AbiValue) -> int:
    # bool is a subclass of int in Python; a flag is not a number.
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeMismatch(f"{format_abi_type(typ)} needs an int, got {value!r}")
    if isinstance(typ, UintType):
        low, high = 0, 2**typ.bits - 1
    else:
        low, high = -(2 ** (typ.bits - 1)), 2 ** (typ.bits - 1) - 1
    if value < low or value > high:
        raise ValueOutOfRange(f"{value} is outside {format_abi_type(typ)} [{low}, {high}]")
    return value


def _utf8(value: AbiValue) -> bytes:
    if not isinstance(value, str):
        raise TypeMismatch(f"string needs a str, got {value!r}")
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueOutOfRange(f"{value!r} holds a lone surrogate, not encodable in UTF-8") from exc


def _pad_right(data: bytes) -> bytes:
    return data + b"\x00" * (-len(data) % WORD_SIZE_BYTES)


def _encode_sequence(types: Sequence[AbiType], values: Sequence[AbiValue]) -> bytes:
    heads: list[bytes] = []
    tails: list[bytes] = []
    offset = sum(compute_head_size(typ) for typ in types)
    for typ, value in zip(types, values, strict=True):
        encoded = encode_abi_value(typ, value)
        if is_dynamic_type(typ):
            heads.append(_encode_word(offset))
            tails.append(encoded)
            offset += len(encoded)
        else:
            heads.append(encoded)
    return b"".join(heads) + b"".join(tails)


def encode_abi_value(typ: AbiType, value: AbiValue) -> bytes:
    """The ABI encoding of `value` as `typ`; raises EncodingError subclasses if it does not fit."""
    if isinstance(typ, UintType):
        return _encode_word(_as_int(typ, value))
    if isinstance(typ, IntType):
        return _encode_word(_as_int(typ, value) % 2**256)
    if isinstance(typ, AddressType):
        return _encode_word(int.from_bytes(_as_bytes(typ, value, ADDRESS_SIZE_BYTES), "big"))
    if isinstance(typ, BoolType):
        if not isinstance(value, bool):
            raise TypeMismatch(f"bool needs True or False, got {value!r}")
        return _encode_word(int(value))
    if isinstance(typ, FixedBytesType):
        return _pad_right(_as_bytes(typ, value, typ.size))
    if isinstance(typ, BytesType | StringType):
        content = _as_bytes(typ, value, None) if isinstance(typ, BytesType) else _utf8(value)
        return _encode_word(len(content)) + _pad_right(content)
    items = _as_items(typ, value)
    if isinstance(typ, TupleType):
        if len(items) != len(typ.components):
            raise TypeMismatch(
                f"{format_abi_type(typ)} needs {len(typ.components)} values, got {len(items)}"
            )
        return _encode_sequence(typ.components, items)
    if typ.length is None:
        return _encode_word(len(items)) + _encode_sequence([typ.element] * len(items), items)
    if len(items) != typ.length:
        raise TypeMismatch(f"{format_abi_type(typ)} needs {typ.length} items, got {len(items)}")
    return _encode_sequence([typ.element] * len(items), items)


def encode_abi(types: Sequence[str], values: Sequence[AbiValue]) -> bytes:
    """The ABI encoding of `values` as the tuple of `types`, as in call data after the selector."""
    typ = _parse_types(types)
    if not isinstance(values, list | tuple):
        raise TypeMismatch(f"values must be a list or tuple, got {values!r}")
    return encode_abi_value(typ, tuple(values))


def _read_word(data: bytes, position: int) -> bytes:
    if position + WORD_SIZE_BYTES > len(data):
        raise InvalidLength(f"the data ends inside the word at byte {position}")
    return data[position : position + WORD_SIZE_BYTES]


def _read_length(data: bytes, position: int, unit: int) -> int:
    # A length is bounded by the data behind it before anything is allocated for it.
    length = int.from_bytes(_read_word(data, position), "big")
    available = len(data) - position - WORD_SIZE_BYTES
    if length * unit > available:
        raise InvalidOffset(
            f"length {length} at byte {position} needs {length * unit} bytes, "
            f"only {available} follow"
        )
    return length


def _decode_static_word(typ: AbiType, word: bytes, position: int) -> AbiValue:
    number = int.from_bytes(word, "big")
    where = f"{format_abi_type(typ)} at byte {position}"
    if isinstance(typ, UintType):
        if number >> typ.bits:
            raise NonCanonicalEncoding(f"{where}: high bits are not zero")
        return number
    if isinstance(typ, IntType):
        signed = int.from_bytes(word, "big", signed=True)
        if signed < -(2 ** (typ.bits - 1)) or signed >= 2 ** (typ.bits - 1):
            raise NonCanonicalEncoding(f"{where}: not the sign extension of an int{typ.bits}")
        return signed
    if isinstance(typ, AddressType):
        if number >> (8 * ADDRESS_SIZE_BYTES):
            raise NonCanonicalEncoding(f"{where}: the upper 12 bytes are not zero")
        return word[WORD_SIZE_BYTES - ADDRESS_SIZE_BYTES :]
    if isinstance(typ, BoolType):
        if number > 1:
            raise NonCanonicalEncoding(f"{where}: {number} is neither 0 nor 1")
        return number == 1
    if isinstance(typ, FixedBytesType):
        if any(word[typ.size :]):
            raise NonCanonicalEncoding(f"{where}: the padding is not zero")
        return word[: typ.size]
    raise InvalidType(f"{format_abi_type(typ)} is not a one-word type")


def _decode_byte_string(data: bytes, position: int) -> tuple[bytes, int]:
    length = int.from_bytes(_read_word(data, position), "big")
    start = position + WORD_SIZE_BYTES
    padded = length + (-length % WORD_SIZE_BYTES)
    if padded > len(data) - start:
        raise InvalidOffset(
            f"length {length} at byte {position} needs {padded} bytes, "
            f"only {len(data) - start} follow"
        )
    if any(data[start + length : start + padded]):
        raise NonCanonicalEncoding(f"the padding after the bytes at byte {start} is not zero")
    return data[start : start + length], start + padded


def _decode_sequence(
    types: Sequence[AbiType], data: bytes, start: int
) -> tuple[tuple[AbiValue, ...], int]:
    head_end = start + sum(compute_head_size(typ) for typ in types)
    if head_end > len(data):
        raise InvalidLength(f"the data ends inside the head that starts at byte {start}")
    values: list[AbiValue] = []
    position = start
    tail = head_end
    for typ in types:
        if is_dynamic_type(typ):
            offset = int.from_bytes(_read_word(data, position), "big")
            if offset > len(data) - start:
                raise InvalidOffset(f"offset {offset} at byte {position} points past the data")
            # The one canonical place for this tail: right after the previous one.
            if offset != tail - start:
                raise InvalidOffset(
                    f"offset {offset} at byte {position} is not the canonical {tail - start}"
                )
            value, tail = _decode_at(typ, data, tail)
            position += WORD_SIZE_BYTES
        else:
            value, _ = _decode_at(typ, data, position)
            position += compute_head_size(typ)
        values.append(value)
    return tuple(values), tail


def _decode_at(typ: AbiType, data: bytes, position: int) -> tuple[AbiValue, int]:
    if isinstance(typ, TupleType):
        return _decode_sequence(typ.components, data, position)
    if isinstance(typ, ArrayType):
        element_size = compute_head_size(typ.element)
        if typ.length is None:
            length = _read_length(data, position, element_size)
            position += WORD_SIZE_BYTES
        else:
            length = typ.length
            if length * element_size > len(data) - position:
                raise InvalidLength(f"the data ends inside the array at byte {position}")
        return _decode_sequence([typ.element] * length, data, position)
    if isinstance(typ, BytesType):
        return _decode_byte_string(data, position)
    if isinstance(typ, StringType):
        content, end = _decode_byte_string(data, position)
        try:
            return content.decode("utf-8"), end
        except UnicodeDecodeError as exc:
            raise InvalidUtf8(f"the string at byte {position} is not UTF-8: {exc}") from exc
    word = _read_word(data, position)
    return _decode_static_word(typ, word, position), position + WORD_SIZE_BYTES


def decode_abi_value(typ: AbiType, data: bytes) -> AbiValue:
    """The value of `typ` in `data`; raises DecodingError subclasses on non-canonical input."""
    value, end = _decode_at(typ, data, 0)
    if end != len(data):
        raise InvalidLength(f"{len(data) - end} bytes follow the encoding")
    return value


def decode_abi(types: Sequence[str], data: bytes) -> tuple[AbiValue, ...]:
    """The values of `types` in `data`; raises DecodingError subclasses on non-canonical input."""
    typ = _parse_types(types)
    values, end = _decode_sequence(typ.components, data, 0)
    if end != len(data):
        raise InvalidLength(f"{len(data) - end} bytes follow the encoding")
    return values


def abi_int(value: AbiValue) -> int:
    """`value` as an int; raises TypeMismatch for a bool or anything else."""
    # bool is an int in Python, but never an ABI integer
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeMismatch(f"expected an integer, got {value!r}")
    return value


def abi_bool(value: AbiValue) -> bool:
    """`value` as a bool; raises TypeMismatch otherwise."""
    if not isinstance(value, bool):
        raise TypeMismatch(f"expected a bool, got {value!r}")
    return value


def abi_bytes(value: AbiValue) -> bytes:
    """`value` as bytes; raises TypeMismatch otherwise."""
    if not isinstance(value, bytes):
        raise TypeMismatch(f"expected bytes, got {value!r}")
    return value


def abi_str(value: AbiValue) -> str:
    """`value` as a str; raises TypeMismatch otherwise."""
    if not isinstance(value, str):
        raise TypeMismatch(f"expected a string, got {value!r}")
    return value


def abi_items(value: AbiValue) -> tuple[AbiValue, ...]:
    """`value` (a list or tuple) as a tuple; raises TypeMismatch otherwise."""
    if not isinstance(value, list | tuple):
        raise TypeMismatch(f"expected an array or a tuple, got {value!r}")
    return tuple(value)


def _packed_width(typ: AbiType) -> int:
    if isinstance(typ, UintType | IntType):
        return typ.bits // 8
    if isinstance(typ, AddressType):
        return ADDRESS_SIZE_BYTES
    if isinstance(typ, BoolType):
        return 1
    if isinstance(typ, FixedBytesType):
        return typ.size
    raise InvalidType(f"{format_abi_type(typ)} has no packed width")


def _encode_packed_value(typ: AbiType, value: AbiValue) -> bytes:
    if isinstance(typ, TupleType):
        raise InvalidType(f"{format_abi_type(typ)}: packed mode has no tuples")
    if isinstance(typ, ArrayType):
        element = typ.element
        if is_dynamic_type(element) or isinstance(element, ArrayType | TupleType):
            raise InvalidType(f"{format_abi_type(typ)}: packed arrays hold only one-word types")
        items = _as_items(typ, value)
        if typ.length is not None and len(items) != typ.length:
            raise TypeMismatch(f"{format_abi_type(typ)} needs {typ.length} items, got {len(items)}")
        # Array elements keep their full 32-byte words, as in Solidity.
        return b"".join(encode_abi_value(element, item) for item in items)
    if isinstance(typ, BytesType):
        return _as_bytes(typ, value, None)
    if isinstance(typ, StringType):
        return _utf8(value)
    word = encode_abi_value(typ, value)
    width = _packed_width(typ)
    if isinstance(typ, FixedBytesType):
        return word[:width]
    return word[WORD_SIZE_BYTES - width :]


def encode_abi_packed(types: Sequence[str], values: Sequence[AbiValue]) -> bytes:
    """The non-standard packed encoding of `values` as `types` (Solidity's abi.encodePacked)."""
    typ = _parse_types(types)
    if not isinstance(values, list | tuple):
        raise TypeMismatch(f"values must be a list or tuple, got {values!r}")
    if len(values) != len(typ.components):
        raise TypeMismatch(f"{len(typ.components)} types but {len(values)} values")
    return b"".join(_encode_packed_value(t, v) for t, v in zip(typ.components, values, strict=True))


def format_function_signature(name: str, types: Sequence[str]) -> str:
    """The signature `name(type1,type2,...)` in canonical type strings."""
    if not is_identifier(name):
        raise InvalidType(f"{name!r} is not a function name")
    return name + format_abi_type(_parse_types(types))


def compute_function_selector(name: str, types: Sequence[str]) -> bytes:
    """The first 4 bytes of Keccak-256 of the function signature."""
    signature = format_function_signature(name, types)
    return keccak256(signature.encode("ascii"))[:SELECTOR_SIZE_BYTES]


def encode_function_call(name: str, types: Sequence[str], values: Sequence[AbiValue]) -> bytes:
    """The call data: the function selector, then the ABI encoding of `values`."""
    return compute_function_selector(name, types) + encode_abi(types, values)
