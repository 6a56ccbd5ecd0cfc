"""One JSON codec for every vector value, derived from the specification's own types.

A value's vector form follows from its type hint alone (specs/vectors.md, "Values"):

- `bool` is a JSON boolean; `int` (and every `NewType` of it) a canonical decimal string;
  `bytes` (and `Hash32`, `Address`, ...) `0x` + lowercase hex; `str` a string; `None` null;
- a tuple, list or sequence is an array; `Mapping[str, X]` an object;
- a dataclass is an object of its fields, named and ordered as the specification names them;
- `X | None` is null or X; a union of dataclasses is an object whose first key `type` names the
  class, followed by that class's fields.

Where a type has a form of its own (a curve point, an ABI value), it is registered once with
`register_codec`, and every suite that meets the type uses it. The same rules give each value's
JSON Schema (`schema_of`), so a suite's input and output shapes are declared by construction.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from l2ref.errors import MalformedVector
from l2ref.vectorgen.values import (
    JsonObject,
    JsonValue,
    as_object,
    field_of,
    hex_bytes,
    parse_bytes,
    parse_int,
)

Hint: typing.TypeAlias = Any

DECIMAL_PATTERN = "^(0|-?[1-9][0-9]*)$"
HEX_PATTERN = "^0x([0-9a-f]{2})*$"


@dataclass(frozen=True)
class Codec:
    """The vector form of one type: encode to JSON, decode from JSON, and its JSON Schema."""

    encode: Callable[[Any], JsonValue]
    decode: Callable[[JsonValue, str], Any]
    schema: JsonObject


_REGISTRY: dict[Hint, Codec] = {}


def register_codec(hint: Hint, codec: Codec) -> None:
    """Give `hint` (a class, NewType or alias) its own vector form, for every suite."""
    existing = _REGISTRY.get(hint)
    if existing is not None and existing != codec:
        raise MalformedVector(f"a codec for {hint!r} is already registered")
    _REGISTRY[hint] = codec


class Raw:
    """A case input given directly in vector form (a malformed value, a string that is not hex):
    the codec passes it through unchanged."""

    def __init__(self, value: JsonValue) -> None:
        self.value = value


def _registered(hint: Hint) -> Codec | None:
    try:
        return _REGISTRY.get(hint)
    except TypeError:  # an unhashable hint (a Literal of a list) has no codec of its own
        return None


def _is_union(hint: Hint) -> bool:
    return _origin(hint) in (typing.Union, types.UnionType)


def _origin(hint: Hint) -> Any:
    return typing.get_origin(hint)


def _is_any(hint: Hint) -> bool:
    return bool(hint is typing.Any)


def _supertype(hint: Hint) -> Hint:
    return getattr(hint, "__supertype__", None)


def field_hints(cls: type) -> list[tuple[str, Hint]]:
    """The fields of dataclass `cls` with their resolved type hints, in declaration order."""
    resolved = typing.get_type_hints(cls)
    return [(f.name, resolved[f.name]) for f in dataclasses.fields(cls)]


def _tag(value: object) -> str:
    return type(value).__name__


# ----------------------------------------------------------------------------- encoding


def to_json(value: object, hint: Hint) -> JsonValue:
    """The vector form of `value`, whose type is `hint`."""
    if isinstance(value, Raw):
        return value.value
    codec = _registered(hint)
    if codec is not None:
        return codec.encode(value)
    if _supertype(hint) is not None:
        return to_json(value, _supertype(hint))
    origin, args = _origin(hint), typing.get_args(hint)
    if _is_any(hint):
        return _untyped_to_json(value)
    if hint is None or hint is type(None):
        return None
    if _is_union(hint):
        return _union_to_json(value, args)
    if origin is typing.Literal:
        return typing.cast(JsonValue, value)
    if hint is bool:
        if not isinstance(value, bool):
            raise MalformedVector(f"expected a bool, got {value!r}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise MalformedVector(f"expected an int, got {value!r}")
        return str(value)
    if hint is bytes:
        if not isinstance(value, bytes):
            raise MalformedVector(f"expected bytes, got {value!r}")
        return hex_bytes(value)
    if hint is str:
        if not isinstance(value, str):
            raise MalformedVector(f"expected a str, got {value!r}")
        return value
    if origin in (Mapping, dict) or (origin is not None and _is_mapping(origin)):
        key_hint, value_hint = args
        if not isinstance(value, Mapping):
            raise MalformedVector(f"expected a mapping, got {value!r}")
        return {_key_to_json(k, key_hint): to_json(v, value_hint) for k, v in value.items()}
    if origin in (tuple, list) or (origin is not None and _is_sequence(origin)):
        if not isinstance(value, (tuple, list)):
            raise MalformedVector(f"expected a sequence, got {value!r}")
        items = _item_hints(hint, len(value))
        return [to_json(item, item_hint) for item, item_hint in zip(value, items, strict=True)]
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(value, hint):
            raise MalformedVector(f"expected a {hint.__name__}, got {value!r}")
        return {name: to_json(getattr(value, name), h) for name, h in field_hints(hint)}
    raise MalformedVector(f"no vector form for the type {hint!r}")


def _is_mapping(origin: Hint) -> bool:
    return isinstance(origin, type) and issubclass(origin, Mapping)


def _is_sequence(origin: Hint) -> bool:
    return isinstance(origin, type) and issubclass(origin, Sequence) and origin is not str


def _item_hints(hint: Hint, length: int) -> list[Hint]:
    args = typing.get_args(hint)
    if _origin(hint) is tuple and not (len(args) == 2 and args[1] is Ellipsis):
        if len(args) != length:
            raise MalformedVector(f"expected {len(args)} items, got {length}")
        return list(args)
    return [args[0] if args else typing.Any] * length


def _key_to_json(key: object, hint: Hint) -> str:
    encoded = to_json(key, hint)
    if not isinstance(encoded, str):
        raise MalformedVector(f"a mapping key must encode as a string, got {encoded!r}")
    return encoded


def _union_to_json(value: object, members: tuple[Hint, ...]) -> JsonValue:
    if value is None and type(None) in members:
        return None
    classes = [m for m in members if isinstance(m, type) and dataclasses.is_dataclass(m)]
    for member in classes:
        if isinstance(value, member):
            body = to_json(value, member)
            if len(classes) == 1 and len(members) <= 2:
                return body
            return {"type": _tag(value), **typing.cast(JsonObject, body)}
    for member in members:
        if member is not type(None) and member not in classes:
            try:
                return to_json(value, member)
            except MalformedVector:
                continue
    raise MalformedVector(f"{value!r} is none of {members!r}")


def _untyped_to_json(value: object) -> JsonValue:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, bytes):
        return hex_bytes(value)
    if isinstance(value, (list, tuple)):
        return [_untyped_to_json(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _untyped_to_json(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_json(value, type(value))
    raise MalformedVector(f"no vector form for {value!r}")


# ----------------------------------------------------------------------------- decoding


def from_json(data: JsonValue, hint: Hint, what: str = "value") -> Any:
    """The value of type `hint` whose vector form is `data`; MalformedVector (or InvalidHex) if
    `data` is not such a form. `what` names the place in the case, for the message."""
    codec = _registered(hint)
    if codec is not None:
        return codec.decode(data, what)
    if _supertype(hint) is not None:
        return from_json(data, _supertype(hint), what)
    origin, args = _origin(hint), typing.get_args(hint)
    if _is_any(hint):
        return data
    if hint is None or hint is type(None):
        if data is not None:
            raise MalformedVector(f"{what}: expected null")
        return None
    if _is_union(hint):
        return _union_from_json(data, args, what)
    if origin is typing.Literal:
        if data not in args:
            raise MalformedVector(f"{what}: expected one of {list(args)}, got {data!r}")
        return data
    if hint is bool:
        if not isinstance(data, bool):
            raise MalformedVector(f"{what}: expected true or false, got {data!r}")
        return data
    if hint is int:
        return parse_int(data, what)
    if hint is bytes:
        return parse_bytes(data, what)
    if hint is str:
        if not isinstance(data, str):
            raise MalformedVector(f"{what}: expected a string, got {data!r}")
        return data
    if origin in (Mapping, dict) or (origin is not None and _is_mapping(origin)):
        key_hint, value_hint = args
        obj = as_object(data, what)
        return {
            from_json(k, key_hint, f"{what} key"): from_json(v, value_hint, f"{what}.{k}")
            for k, v in obj.items()
        }
    if origin in (tuple, list) or (origin is not None and _is_sequence(origin)):
        if not isinstance(data, list):
            raise MalformedVector(f"{what}: expected an array")
        items = [
            from_json(item, item_hint, f"{what}[{i}]")
            for i, (item, item_hint) in enumerate(
                zip(data, _item_hints(hint, len(data)), strict=True)
            )
        ]
        return items if origin is list else tuple(items)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass_from_json(as_object(data, what), hint, what, set())
    raise MalformedVector(f"{what}: no vector form for the type {hint!r}")


def _dataclass_from_json(obj: JsonObject, cls: type, what: str, extra: set[str]) -> Any:
    hints = field_hints(cls)
    unknown = set(obj) - {name for name, _ in hints} - extra
    if unknown:
        raise MalformedVector(f"{what}: unknown fields {sorted(unknown)}")
    values = {name: from_json(field_of(obj, name, what), h, f"{what}.{name}") for name, h in hints}
    return cls(**values)


def _union_from_json(data: JsonValue, members: tuple[Hint, ...], what: str) -> Any:
    if data is None and type(None) in members:
        return None
    classes = [m for m in members if isinstance(m, type) and dataclasses.is_dataclass(m)]
    if classes and (len(classes) > 1 or len(members) > 2):
        obj = as_object(data, what)
        tag = field_of(obj, "type", what)
        for member in classes:
            if member.__name__ == tag:
                return _dataclass_from_json(obj, member, what, {"type"})
        raise MalformedVector(f"{what}: unknown type {tag!r}")
    if classes:
        return from_json(data, classes[0], what)
    for member in members:
        if member is not type(None):
            try:
                return from_json(data, member, what)
            except MalformedVector:
                continue
    raise MalformedVector(f"{what}: {data!r} is none of the accepted forms")


# ----------------------------------------------------------------------------- schemas


def schema_of(hint: Hint) -> JsonObject:
    """The JSON Schema (2020-12) of the vector form of values of type `hint`."""
    codec = _registered(hint)
    if codec is not None:
        return codec.schema
    if _supertype(hint) is not None:
        return schema_of(_supertype(hint))
    origin, args = _origin(hint), typing.get_args(hint)
    if _is_any(hint):
        return {}
    if hint is None or hint is type(None):
        return {"type": "null"}
    if _is_union(hint):
        classes = [m for m in args if isinstance(m, type) and dataclasses.is_dataclass(m)]
        if classes and (len(classes) > 1 or len(args) > 2):
            tagged: list[JsonValue] = []
            for member in args:
                if member in classes:
                    body = schema_of(member)
                    properties: JsonObject = {"type": {"const": member.__name__}}
                    properties.update(typing.cast(JsonObject, body["properties"]))
                    required = ["type", *typing.cast(list[JsonValue], body["required"])]
                    tagged.append({**body, "properties": properties, "required": required})
                else:
                    tagged.append(schema_of(member))
            return {"oneOf": tagged}
        return {"anyOf": [schema_of(member) for member in args]}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "string", "pattern": DECIMAL_PATTERN}
    if hint is bytes:
        return {"type": "string", "pattern": HEX_PATTERN}
    if hint is str:
        return {"type": "string"}
    if origin in (Mapping, dict) or (origin is not None and _is_mapping(origin)):
        return {"type": "object", "additionalProperties": schema_of(args[1])}
    if origin in (tuple, list) or (origin is not None and _is_sequence(origin)):
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            return {
                "type": "array",
                "prefixItems": [schema_of(a) for a in args],
                "minItems": len(args),
                "maxItems": len(args),
            }
        return {"type": "array", "items": schema_of(args[0]) if args else {}}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return object_schema({name: schema_of(h) for name, h in field_hints(hint)})
    raise MalformedVector(f"no vector form for the type {hint!r}")


def object_schema(properties: Mapping[str, JsonValue]) -> JsonObject:
    """The schema of an object with exactly these properties, all required."""
    return {
        "type": "object",
        "properties": dict(properties),
        "required": list(properties),
        "additionalProperties": False,
    }
