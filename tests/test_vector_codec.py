"""The typed vector codec: every form follows from the type, round-trips, and matches its schema."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from l2ref.channels.states import ChannelMessage, ChannelState, Lock, SecretReveal, StateProposal
from l2ref.crypto.secp256k1 import Signature
from l2ref.errors import DecodingError, MalformedVector
from l2ref.l1.types import ChainId, Seconds, Wei
from l2ref.types import Address, Hash32
from l2ref.vectorgen.codec import Codec, Raw, from_json, register_codec, schema_of, to_json
from l2ref.vectorgen.core import Case, call_runner, declare, input_schema_of, run_case
from l2ref.vectorgen.values import JsonValue


@dataclass(frozen=True)
class Sample:
    flag: bool
    amount: Wei
    root: Hash32
    who: Address | None
    kind: Literal["a", "b"]
    items: tuple[int, ...]
    pair: tuple[int, bytes]
    names: dict[str, int]


SAMPLE = Sample(True, Wei(10**30), Hash32(b"\x01" * 32), None, "b", (1, -2), (3, b"\xff"), {"x": 4})
LOCK = Lock(Address(b"\x02" * 20), Wei(5), Hash32(b"\x03" * 32), Seconds(7))


def _validate(value: JsonValue, hint: object) -> None:
    jsonschema.Draft202012Validator(schema_of(hint)).validate(value)


def test_a_dataclass_is_an_object_of_its_fields_in_order() -> None:
    encoded = to_json(SAMPLE, Sample)
    assert json.dumps(encoded) == json.dumps(
        {
            "flag": True,
            "amount": str(10**30),
            "root": "0x" + "01" * 32,
            "who": None,
            "kind": "b",
            "items": ["1", "-2"],
            "pair": ["3", "0xff"],
            "names": {"x": "4"},
        }
    )
    _validate(encoded, Sample)
    assert from_json(encoded, Sample) == SAMPLE


def test_a_union_of_dataclasses_is_tagged_by_its_class() -> None:
    reveal = SecretReveal(Hash32(b"\x04" * 32), Hash32(b"\x05" * 32))
    encoded = to_json(reveal, ChannelMessage)
    assert isinstance(encoded, dict)
    assert next(iter(encoded)) == "type"
    assert encoded["type"] == "SecretReveal"
    _validate(encoded, ChannelMessage)
    assert from_json(encoded, ChannelMessage) == reveal
    assert isinstance(encoded, dict)
    with pytest.raises(MalformedVector):
        from_json({**encoded, "type": "Nothing"}, ChannelMessage)


def test_nested_containers_round_trip() -> None:
    proposal = StateProposal(
        ChannelState(
            chain_id=ChainId(1),
            contract=Address(b"\x06" * 20),
            channel_id=Hash32(b"\x07" * 32),
            nonce=3,
            transferred_a=Wei(1),
            transferred_b=Wei(2),
            withdrawn_a=Wei(0),
            withdrawn_b=Wei(0),
            locked_a=Wei(5),
            locked_b=Wei(0),
            locks_root=Hash32(b"\x08" * 32),
            lock_count=1,
            revocation_hash_a=Hash32(bytes(32)),
            revocation_hash_b=Hash32(bytes(32)),
        ),
        (LOCK,),
        Signature(1, 2, 27),
    )
    encoded = to_json(proposal, ChannelMessage)
    _validate(encoded, ChannelMessage)
    assert from_json(encoded, ChannelMessage) == proposal


@pytest.mark.parametrize(
    ("data", "hint"),
    [
        (1, int),
        ("01", int),
        ("-0", int),
        (True, int),
        ("1", bool),
        ("0xZZ", bytes),
        ("ab", bytes),
        (["1"], tuple[int, int]),
        ({"sender": "0x00"}, Lock),
        ({**to_json(LOCK, Lock), "extra": "1"}, Lock),  # type: ignore[dict-item]
        ("c", Literal["a", "b"]),
        ([1], tuple[int, ...]),
        (None, int),
    ],
)
def test_a_form_that_is_not_the_types_is_a_decoding_error(data: JsonValue, hint: object) -> None:
    with pytest.raises(DecodingError):
        from_json(data, hint)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=12,
)


@given(json_values)
def test_decoding_any_json_raises_only_decoding_errors(data: JsonValue) -> None:
    for hint in (Sample, Lock, ChannelMessage, tuple[int, ...], Address | None):
        try:
            value = from_json(data, hint)
        except DecodingError:
            continue
        assert from_json(to_json(value, hint), hint) == value


def test_a_registered_form_is_used_everywhere_and_only_once() -> None:
    class Celsius(int):
        pass

    codec = Codec(lambda v: f"{int(v)}C", lambda d, what: Celsius(str(d)[:-1]), {"type": "string"})
    register_codec(Celsius, codec)
    register_codec(Celsius, codec)  # the same form again is harmless
    assert to_json((Celsius(5),), tuple[Celsius, ...]) == ["5C"]
    assert from_json("7C", Celsius) == 7
    with pytest.raises(MalformedVector):
        register_codec(Celsius, Codec(str, lambda d, what: d, {}))


def _toy(data: bytes, count: int = 1) -> tuple[bytes, ...]:
    return (data,) * count


def test_a_declared_suite_derives_names_schemas_and_runner() -> None:
    suite = declare(
        "toy",
        _toy,
        lambda: [Case("two", {"data": b"\x01", "count": 2}), Case("raw", {"data": Raw("0x")})],
        "toy",
    )
    assert suite.suite == "toy/_toy"
    assert suite.function == f"{__name__}._toy"
    assert suite.spec == f"specs/{__name__.replace('.', '/')}.md#_toy"
    assert suite.encode_input is not None
    encoded = suite.encode_input({"data": b"\x01", "count": 2})
    assert encoded == {"data": "0x01", "count": "2"}
    assert input_schema_of(_toy)["required"] == ["data"]
    jsonschema.Draft202012Validator(suite.input_schema or {}).validate(encoded)
    assert run_case(suite, encoded).output == ["0x01", "0x01"]
    assert run_case(suite, {"data": "0x02"}).output == ["0x02"]
    assert run_case(suite, {"data": "0x02", "other": "1"}).error == "MalformedVector"
    assert run_case(suite, {}).error == "MalformedVector"
    assert call_runner(_toy)({"data": "0x", "count": "0"}) == []
