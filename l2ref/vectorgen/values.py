"""JSON values of the vector files and their primitive forms (specs/vectors.md, "Values")."""

from __future__ import annotations

from typing import TypeAlias

from l2ref.errors import InvalidHex, MalformedVector

JsonValue: TypeAlias = bool | int | str | list["JsonValue"] | dict[str, "JsonValue"] | None
JsonObject: TypeAlias = dict[str, JsonValue]


def hex_bytes(data: bytes) -> str:
    """`data` as `0x` followed by lowercase hex (`0x` when empty)."""
    return "0x" + data.hex()


def parse_bytes(value: JsonValue, what: str = "value") -> bytes:
    """The bytes of a `0x`-hex string; InvalidHex if it is not pairs of lowercase hex digits."""
    if not isinstance(value, str) or not value.startswith("0x"):
        raise InvalidHex(f"{what}: expected 0x-prefixed hex, got {value!r}")
    digits = value[2:]
    if len(digits) % 2 or any(c not in "0123456789abcdef" for c in digits):
        raise InvalidHex(f"{what}: {value!r} is not 0x followed by pairs of lowercase hex digits")
    return bytes.fromhex(digits)


def dec(number: int) -> str:
    """`number` as a decimal string."""
    return str(number)


def parse_int(value: JsonValue, what: str = "value") -> int:
    """The integer of a canonical decimal string; MalformedVector otherwise."""
    if not isinstance(value, str) or not value or value.lstrip("-") == "":
        raise MalformedVector(f"{what}: expected a decimal string, got {value!r}")
    body = value[1:] if value.startswith("-") else value
    leading_zero = len(body) > 1 and body[0] == "0"
    if not body.isdigit() or not body.isascii() or leading_zero or value == "-0":
        raise MalformedVector(f"{what}: {value!r} is not a canonical decimal string")
    return int(value)


def field_of(obj: JsonObject, key: str, what: str = "input") -> JsonValue:
    """`obj[key]`, or MalformedVector naming the missing field."""
    if key not in obj:
        raise MalformedVector(f"{what} has no field {key!r}")
    return obj[key]


def as_object(value: JsonValue, what: str) -> JsonObject:
    """`value` if it is a JSON object, else MalformedVector."""
    if not isinstance(value, dict):
        raise MalformedVector(f"{what} must be an object")
    return value
