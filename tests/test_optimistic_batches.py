"""Sequencer batches: the byte format, DEFLATE, strict rejection, and the honest sequencer
(specs/optimistic/batches.md)."""

from __future__ import annotations

import zlib

import pytest
from optimistic_helpers import (
    ALICE,
    ALICE_ADDRESS,
    BOB,
    BOB_ADDRESS,
    ETHER,
    L2_CHAIN_ID,
    l2_transfer,
)

from l2ref.encoding.abi import encode_abi
from l2ref.errors import (
    BatchTooLarge,
    DecodingError,
    InvalidCompressedData,
    InvalidLength,
    InvalidOffset,
    TrailingCompressedData,
    UnknownBatchVersion,
    UnknownL2TransactionType,
    ValueOutOfRange,
)
from l2ref.l1.types import Wei
from l2ref.optimistic.batches import (
    BATCH_VERSION_DEFLATE,
    BATCH_VERSION_UNCOMPRESSED,
    MAX_BATCH_DATA_BYTES,
    MAX_BATCH_PAYLOAD_BYTES,
    compress_batch_payload,
    decode_batch,
    decompress_batch_payload,
    encode_batch,
    encode_batch_payload,
    honest_sequencer_build_batch,
)
from l2ref.optimistic.l2_state import L2Deposit, apply_l2_transaction, new_l2_state

TRANSACTIONS = [l2_transfer(ALICE, n, BOB_ADDRESS, (n + 1) * 1000) for n in range(5)]


def _raw_deflate(data: bytes, level: int) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize("version", [BATCH_VERSION_UNCOMPRESSED, BATCH_VERSION_DEFLATE])
@pytest.mark.parametrize("count", [0, 1, 5])
def test_round_trip(version: int, count: int) -> None:
    data = encode_batch(TRANSACTIONS[:count], version)
    assert data[0] == version
    assert decode_batch(data) == tuple(TRANSACTIONS[:count])


def test_version_zero_is_the_abi_list() -> None:
    data = encode_batch(TRANSACTIONS, BATCH_VERSION_UNCOMPRESSED)
    assert data[1:] == encode_batch_payload(TRANSACTIONS)


@pytest.mark.parametrize("level", [0, 1, 6, 9])
def test_validity_depends_only_on_the_decompressor(level: int) -> None:
    """I-OP-6: DEFLATE streams of the same payload at any level decode to the same transactions."""
    payload = encode_batch_payload(TRANSACTIONS)
    data = bytes([BATCH_VERSION_DEFLATE]) + _raw_deflate(payload, level)
    assert decode_batch(data) == tuple(TRANSACTIONS)


def test_stream_flushed_in_several_blocks_decodes() -> None:
    """I-OP-6: a stream flushed in several blocks decodes to the same transactions."""
    payload = encode_batch_payload(TRANSACTIONS)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = compressor.compress(payload[:100]) + compressor.flush(zlib.Z_FULL_FLUSH)
    body += compressor.compress(payload[100:]) + compressor.flush()
    assert body != compress_batch_payload(payload)
    assert decode_batch(bytes([BATCH_VERSION_DEFLATE]) + body) == tuple(TRANSACTIONS)


def test_malformed_batches_are_rejected() -> None:
    good = encode_batch(TRANSACTIONS, BATCH_VERSION_DEFLATE)
    plain = encode_batch(TRANSACTIONS, BATCH_VERSION_UNCOMPRESSED)
    cases: list[tuple[bytes, type[DecodingError]]] = [
        (b"", InvalidLength),
        (b"\x02" + good[1:], UnknownBatchVersion),
        (b"\x01", InvalidCompressedData),
        (good[:-3], InvalidCompressedData),
        (good + b"\x00", TrailingCompressedData),
        (b"\x01\xff\xff\xff", InvalidCompressedData),
        (plain[:-1], InvalidOffset),
        (plain + bytes(32), InvalidLength),
        (b"\x00" + encode_abi(["bytes[]"], [[b"\x4c" + bytes(200)]]), UnknownL2TransactionType),
        (b"\x00" + bytes(MAX_BATCH_DATA_BYTES), BatchTooLarge),
    ]
    for data, error in cases:
        with pytest.raises(error):
            decode_batch(data)


def test_decompression_bomb_is_rejected_while_inflating() -> None:
    bomb = _raw_deflate(bytes(50 * MAX_BATCH_PAYLOAD_BYTES), 9)
    assert len(bomb) < MAX_BATCH_DATA_BYTES
    with pytest.raises(BatchTooLarge):
        decompress_batch_payload(bomb)
    with pytest.raises(BatchTooLarge):
        decode_batch(bytes([BATCH_VERSION_DEFLATE]) + bomb)
    # exactly at the limit inflates, then fails as a payload that is not an ABI list
    at_limit = _raw_deflate(bytes(MAX_BATCH_PAYLOAD_BYTES), 9)
    assert len(decompress_batch_payload(at_limit)) == MAX_BATCH_PAYLOAD_BYTES
    with pytest.raises(DecodingError):
        decode_batch(bytes([BATCH_VERSION_DEFLATE]) + at_limit)


def test_unknown_version_cannot_be_encoded() -> None:
    with pytest.raises(ValueOutOfRange):
        encode_batch(TRANSACTIONS, 2)


def test_honest_sequencer_runs_delayed_messages_first_and_skips_invalid() -> None:
    state = new_l2_state(L2_CHAIN_ID)
    delayed = [L2Deposit(0, ALICE_ADDRESS, ALICE_ADDRESS, Wei(ETHER))]
    pending = [
        l2_transfer(ALICE, 0, BOB_ADDRESS, ETHER // 2),
        l2_transfer(ALICE, 0, BOB_ADDRESS, 1),  # nonce already used by the one before
        l2_transfer(BOB, 0, ALICE_ADDRESS, ETHER // 4),  # funded by the first transfer
        l2_transfer(ALICE, 1, BOB_ADDRESS, ETHER),  # too much
    ]
    data, chosen = honest_sequencer_build_batch(state, delayed, pending, BATCH_VERSION_DEFLATE)
    assert chosen == (pending[0], pending[2])
    assert decode_batch(data) == chosen
    # the state itself is untouched
    assert state.accounts == {}
    apply_l2_transaction(state, delayed[0])
    assert all(apply_l2_transaction(state, signed).applied for signed in chosen)


def test_honest_sequencer_respects_the_size_limit() -> None:
    state = new_l2_state(L2_CHAIN_ID)
    apply_l2_transaction(state, L2Deposit(0, ALICE_ADDRESS, ALICE_ADDRESS, Wei(ETHER)))
    pending = [l2_transfer(ALICE, n, BOB_ADDRESS, 1) for n in range(450)]
    data, chosen = honest_sequencer_build_batch(state, [], pending, BATCH_VERSION_UNCOMPRESSED)
    assert len(data) <= MAX_BATCH_DATA_BYTES
    assert 0 < len(chosen) < len(pending)
    assert chosen == tuple(pending[: len(chosen)])
