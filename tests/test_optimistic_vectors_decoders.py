"""The optimistic rollup's decoders on random and mutated bytes: they return a value or raise a
`DecodingError` subclass, never another exception (I-OP-5), and what they accept re-encodes to
the same bytes. The seeds are the vector files' valid inputs."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from l2ref.errors import DecodingError
from l2ref.optimistic.batches import BATCH_VERSION_UNCOMPRESSED, decode_batch, encode_batch
from l2ref.optimistic.contracts import decode_delayed_message, encode_delayed_message
from l2ref.optimistic.l2_state import (
    decode_any_l2_transaction,
    decode_l2_transaction_witness,
    decode_signed_l2_transaction,
    encode_any_l2_transaction,
    encode_l2_transaction_witness,
    encode_signed_l2_transaction,
)

VECTORS = Path(__file__).resolve().parent.parent / "vectors" / "optimistic"


def _seeds(suite: str, key: str) -> list[bytes]:
    tests = json.loads((VECTORS / f"{suite}.json").read_text())["tests"]
    return [bytes.fromhex(t["input"][key][2:]) for t in tests if t["result"] == "valid"]


TRANSACTIONS = _seeds("decode_any_l2_transaction", "data")
BATCHES = _seeds("decode_batch", "data")
WITNESSES = _seeds("compute_post_state_root_from_witness", "witness")[:3]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A seed with a few bytes changed, inserted or deleted, or cut short."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, 4))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "cut"]))
        if action == "flip" and position < len(data):
            data[position] = draw(st.integers(0, 255))
        elif action == "insert":
            data.insert(position, draw(st.integers(0, 255)))
        elif action == "delete" and position < len(data):
            del data[position]
        elif action == "cut":
            del data[position:]
    return bytes(data)


def _inputs(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    return st.one_of(st.binary(max_size=400), mutated(seeds))


@settings(max_examples=300)
@given(_inputs(TRANSACTIONS))
def test_l2_transaction_decoders_raise_only_decoding_errors(data: bytes) -> None:
    try:
        transaction = decode_any_l2_transaction(data)
    except DecodingError:
        pass
    else:
        assert encode_any_l2_transaction(transaction) == data
    try:
        signed = decode_signed_l2_transaction(data)
    except DecodingError:
        pass
    else:
        assert encode_signed_l2_transaction(signed) == data


@settings(max_examples=300)
@given(_inputs(BATCHES))
def test_decode_batch_raises_only_decoding_errors(data: bytes) -> None:
    try:
        transactions = decode_batch(data)
    except DecodingError:
        return
    # the transactions, not the bytes, are canonical: DEFLATE streams vary
    again = encode_batch(transactions, BATCH_VERSION_UNCOMPRESSED)
    assert decode_batch(again) == transactions
    if data[0] == BATCH_VERSION_UNCOMPRESSED:
        assert again == data


@settings(max_examples=100, deadline=None)
@given(_inputs(WITNESSES))
def test_decode_l2_transaction_witness_raises_only_decoding_errors(data: bytes) -> None:
    try:
        witness = decode_l2_transaction_witness(data)
    except DecodingError:
        return
    assert encode_l2_transaction_witness(witness) == data


@settings(max_examples=200)
@given(st.binary(max_size=600))
def test_decode_delayed_message_raises_only_decoding_errors(data: bytes) -> None:
    try:
        message = decode_delayed_message(data)
    except DecodingError:
        return
    assert encode_delayed_message(message) == data
