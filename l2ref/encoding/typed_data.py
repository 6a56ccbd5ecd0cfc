"""Typed structured data hashing (EIP-712). See specs/encoding/typed_data.md."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from l2ref.crypto.hash import keccak256
from l2ref.encoding.abi import (
    MAX_TYPE_DEPTH,
    ArrayType,
    BytesType,
    StringType,
    TupleType,
    encode_abi_packed,
    encode_abi_value,
    is_identifier,
    parse_abi_type,
    parse_array_length,
)
from l2ref.errors import InvalidType, TypeMismatch, ValueOutOfRange
from l2ref.types import Hash32


@dataclass(frozen=True)
class TypedField:
    """One member of an EIP-712 struct type: its name and its type string."""

    name: str
    type: str


StructTypes: TypeAlias = Mapping[str, Sequence[TypedField]]

TypedValue: TypeAlias = (
    int
    | bool
    | bytes
    | str
    | list["TypedValue"]
    | tuple["TypedValue", ...]
    | Mapping[str, "TypedValue"]
)

DOMAIN_TYPE_NAME = "EIP712Domain"

TYPED_DATA_PREFIX = b"\x19\x01"

MAX_VALUE_DEPTH = 64


@dataclass(frozen=True)
class TypedDataDomain:
    """The EIP-712 domain; a field left None is not part of the EIP712Domain struct."""

    name: str | None = None
    version: str | None = None
    chain_id: int | None = None
    verifying_contract: bytes | None = None
    salt: bytes | None = None


@dataclass(frozen=True)
class TypedData:
    """An EIP-712 message: its struct types, primary type, domain and message value."""

    types: StructTypes
    primary_type: str
    domain: TypedDataDomain
    message: Mapping[str, TypedValue]


def _split_array_type(type_name: str) -> tuple[str, int | None]:
    open_bracket = type_name.rfind("[")
    if open_bracket <= 0 or not type_name.endswith("]"):
        raise InvalidType(f"{type_name!r} is not an array type")
    return type_name[:open_bracket], parse_array_length(type_name[open_bracket + 1 : -1])


def _base_type_name(type_name: str) -> str:
    open_bracket = type_name.find("[")
    return type_name if open_bracket < 0 else type_name[:open_bracket]


def _is_abi_type_name(name: str) -> bool:
    try:
        parse_abi_type(name)
    except InvalidType:
        return False
    return True


def _validate_field_type(types: StructTypes, type_name: str) -> None:
    base = type_name
    depth = 0
    while base.endswith("]"):
        base, _ = _split_array_type(base)
        depth += 1
        if depth > MAX_TYPE_DEPTH:
            raise InvalidType(f"{type_name!r} nests deeper than {MAX_TYPE_DEPTH}")
    if base in types:
        return
    if not _is_abi_type_name(base):
        raise InvalidType(f"{base!r} is neither a defined struct nor an atomic or dynamic type")
    if isinstance(parse_abi_type(base), ArrayType | TupleType):
        raise InvalidType(f"{base!r}: typed data has no tuple types, only named structs")


def validate_struct_types(types: StructTypes) -> None:
    """Raise InvalidType if a struct or field name, or a field type, is not valid EIP-712."""
    for struct_name, fields in types.items():
        if not is_identifier(struct_name):
            raise InvalidType(f"{struct_name!r} is not a struct name")
        if _is_abi_type_name(struct_name):
            raise InvalidType(f"{struct_name!r} is the name of an ABI type")
        seen: set[str] = set()
        for field in fields:
            if not is_identifier(field.name):
                raise InvalidType(f"{struct_name}: {field.name!r} is not a field name")
            if field.name in seen:
                raise InvalidType(f"{struct_name}: field {field.name!r} is defined twice")
            seen.add(field.name)
            _validate_field_type(types, field.type)


def _find_dependencies(types: StructTypes, primary_type: str) -> set[str]:
    # Iterative search with a visited set: cyclic definitions (a Node holding Node[]) end.
    found = {primary_type}
    pending = [primary_type]
    while pending:
        for field in types[pending.pop()]:
            base = _base_type_name(field.type)
            if base in types and base not in found:
                found.add(base)
                pending.append(base)
    return found


def _encode_struct_signature(struct_name: str, fields: Sequence[TypedField]) -> str:
    members = ",".join(f"{field.type} {field.name}" for field in fields)
    return f"{struct_name}({members})"


def _encode_type(types: StructTypes, primary_type: str) -> str:
    referenced = sorted(_find_dependencies(types, primary_type) - {primary_type})
    return "".join(
        _encode_struct_signature(name, types[name]) for name in [primary_type, *referenced]
    )


def _validate_primary_type(types: StructTypes, primary_type: str) -> None:
    validate_struct_types(types)
    if primary_type not in types:
        raise InvalidType(f"no struct type named {primary_type!r}")


def encode_type(types: StructTypes, primary_type: str) -> str:
    """The EIP-712 encodeType string: the primary struct, then its dependencies sorted by name."""
    _validate_primary_type(types, primary_type)
    return _encode_type(types, primary_type)


def compute_type_hash(types: StructTypes, primary_type: str) -> Hash32:
    """The EIP-712 typeHash: Keccak-256 of the UTF-8 encodeType string."""
    return keccak256(encode_type(types, primary_type).encode("utf-8"))


def _encode_field(types: StructTypes, type_name: str, value: TypedValue, depth: int) -> bytes:
    if depth > MAX_VALUE_DEPTH:
        raise ValueOutOfRange(f"the value nests deeper than {MAX_VALUE_DEPTH}")
    if type_name.endswith("]"):
        element_type, length = _split_array_type(type_name)
        if not isinstance(value, list | tuple):
            raise TypeMismatch(f"{type_name} needs a list or tuple, got {value!r}")
        if length is not None and len(value) != length:
            raise TypeMismatch(f"{type_name} needs {length} items, got {len(value)}")
        encoded = [_encode_field(types, element_type, item, depth + 1) for item in value]
        return keccak256(b"".join(encoded))
    if type_name in types:
        if not isinstance(value, Mapping):
            raise TypeMismatch(f"{type_name} needs a mapping of field names, got {value!r}")
        return keccak256(_encode_struct(types, type_name, value, depth + 1))
    typ = parse_abi_type(type_name)
    if isinstance(typ, BytesType | StringType):
        if not isinstance(value, bytes | str):
            raise TypeMismatch(f"{type_name} needs bytes or str, got {value!r}")
        # The packed encoding of bytes or string is its content, unpadded.
        return keccak256(encode_abi_packed([type_name], [value]))
    if not isinstance(value, int | bytes):
        raise TypeMismatch(f"{type_name} needs an int, bool or bytes, got {value!r}")
    return encode_abi_value(typ, value)


def _encode_struct(
    types: StructTypes, struct_name: str, value: Mapping[str, TypedValue], depth: int
) -> bytes:
    fields = types[struct_name]
    names = [field.name for field in fields]
    missing = [name for name in names if name not in value]
    if missing:
        raise TypeMismatch(f"{struct_name} value lacks the fields {missing}")
    unknown = [key for key in value if key not in names]
    if unknown:
        raise TypeMismatch(f"{struct_name} has no fields {unknown}")
    type_hash = keccak256(_encode_type(types, struct_name).encode("utf-8"))
    members = [_encode_field(types, field.type, value[field.name], depth) for field in fields]
    return type_hash + b"".join(members)


def encode_data(types: StructTypes, primary_type: str, value: Mapping[str, TypedValue]) -> bytes:
    """The EIP-712 encodeData of `value`: its type hash, then one 32-byte word per field."""
    _validate_primary_type(types, primary_type)
    if not isinstance(value, Mapping):
        raise TypeMismatch(f"{primary_type} needs a mapping of field names, got {value!r}")
    return _encode_struct(types, primary_type, value, 0)


def compute_struct_hash(
    types: StructTypes, primary_type: str, value: Mapping[str, TypedValue]
) -> Hash32:
    """The EIP-712 hashStruct of `value`: Keccak-256 of its encodeData."""
    return keccak256(encode_data(types, primary_type, value))


def compute_domain_separator(domain: TypedDataDomain) -> Hash32:
    """The EIP-712 domain separator: hashStruct of the fields of `domain` that are set."""
    candidates: list[tuple[str, str, TypedValue | None]] = [
        ("name", "string", domain.name),
        ("version", "string", domain.version),
        ("chainId", "uint256", domain.chain_id),
        ("verifyingContract", "address", domain.verifying_contract),
        ("salt", "bytes32", domain.salt),
    ]
    fields: list[TypedField] = []
    values: dict[str, TypedValue] = {}
    for name, type_name, value in candidates:
        if value is not None:
            fields.append(TypedField(name, type_name))
            values[name] = value
    if not fields:
        raise InvalidType(f"{DOMAIN_TYPE_NAME} needs at least one field")
    return compute_struct_hash({DOMAIN_TYPE_NAME: fields}, DOMAIN_TYPE_NAME, values)


def compute_typed_data_hash(typed_data: TypedData) -> Hash32:
    """The digest to sign: Keccak-256 of 0x19 0x01, the domain separator and the message hash."""
    if DOMAIN_TYPE_NAME in typed_data.types:
        raise InvalidType(f"{DOMAIN_TYPE_NAME} is derived from the domain, not declared")
    domain_separator = compute_domain_separator(typed_data.domain)
    message_hash = compute_struct_hash(
        typed_data.types, typed_data.primary_type, typed_data.message
    )
    return keccak256(TYPED_DATA_PREFIX + domain_separator + message_hash)
