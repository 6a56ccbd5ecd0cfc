"""Sequencer batches: the bytes the sequencer posts to the L1 inbox, optionally compressed with raw
DEFLATE, and their strict decoding. See specs/optimistic/batches.md."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from l2ref.encoding.abi import AbiValue, abi_bytes, abi_items, decode_abi, encode_abi
from l2ref.errors import (
    BatchTooLarge,
    InvalidCompressedData,
    InvalidL2Transaction,
    InvalidLength,
    InvalidSignature,
    TrailingCompressedData,
    UnknownBatchVersion,
    ValueOutOfRange,
)
from l2ref.optimistic.l2_state import (
    AnyL2Transaction,
    L2Account,
    L2State,
    SignedL2Transaction,
    compute_l2_transaction_effects,
    decode_signed_l2_transaction,
    encode_signed_l2_transaction,
    get_l2_account,
)
from l2ref.types import Address

BATCH_VERSION_UNCOMPRESSED = 0x00

BATCH_VERSION_DEFLATE = 0x01

MAX_BATCH_DATA_BYTES = 120_000

MAX_BATCH_PAYLOAD_BYTES = 1_000_000

BATCH_PAYLOAD_ABI_TYPES = ("bytes[]",)

DEFLATE_WINDOW_BITS = -15

DEFLATE_COMPRESSION_LEVEL = 9


def encode_batch_payload(transactions: Sequence[SignedL2Transaction]) -> bytes:
    """Return the batch payload: the ABI bytes[] of the encoded signed transactions."""
    items: list[AbiValue] = [encode_signed_l2_transaction(signed) for signed in transactions]
    return encode_abi(BATCH_PAYLOAD_ABI_TYPES, [items])


def decode_batch_payload(payload: bytes) -> tuple[SignedL2Transaction, ...]:
    """Decode a batch payload of at most MAX_BATCH_PAYLOAD_BYTES into its transactions."""
    if len(payload) > MAX_BATCH_PAYLOAD_BYTES:
        raise BatchTooLarge(f"a batch payload is at most {MAX_BATCH_PAYLOAD_BYTES} bytes")
    (items,) = decode_abi(BATCH_PAYLOAD_ABI_TYPES, payload)
    return tuple(decode_signed_l2_transaction(abi_bytes(item)) for item in abi_items(items))


def compress_batch_payload(payload: bytes) -> bytes:
    """Return the payload compressed as a raw DEFLATE stream at level 9."""
    compressor = zlib.compressobj(DEFLATE_COMPRESSION_LEVEL, zlib.DEFLATED, DEFLATE_WINDOW_BITS)
    return compressor.compress(payload) + compressor.flush()


def decompress_batch_payload(data: bytes) -> bytes:
    """Inflate one whole raw DEFLATE stream, bounded and with nothing after it."""
    decompressor = zlib.decompressobj(DEFLATE_WINDOW_BITS)
    try:
        # inflating stops one byte past the limit, so a decompression bomb costs nothing
        payload = decompressor.decompress(data, MAX_BATCH_PAYLOAD_BYTES + 1)
    except zlib.error as error:
        raise InvalidCompressedData(f"not a raw DEFLATE stream: {error}") from error
    if len(payload) > MAX_BATCH_PAYLOAD_BYTES:
        raise BatchTooLarge(f"inflates past {MAX_BATCH_PAYLOAD_BYTES} bytes")
    if not decompressor.eof:
        raise InvalidCompressedData("the DEFLATE stream ends before its final block")
    if decompressor.unused_data:
        raise TrailingCompressedData(f"{len(decompressor.unused_data)} bytes follow the stream")
    return payload


def encode_batch(transactions: Sequence[SignedL2Transaction], version: int) -> bytes:
    """Return the batch data: the version byte, then the payload, raw or DEFLATE-compressed."""
    payload = encode_batch_payload(transactions)
    if version == BATCH_VERSION_UNCOMPRESSED:
        return bytes([version]) + payload
    if version == BATCH_VERSION_DEFLATE:
        return bytes([version]) + compress_batch_payload(payload)
    raise ValueOutOfRange(f"the batch versions are 0x00 and 0x01, not {version}")


def decode_batch(data: bytes) -> tuple[SignedL2Transaction, ...]:
    """Decode batch data by its version byte into its transactions, within the size limits."""
    if not data:
        raise InvalidLength("a batch is at least its version byte")
    if len(data) > MAX_BATCH_DATA_BYTES:
        raise BatchTooLarge(f"batch data is at most {MAX_BATCH_DATA_BYTES} bytes")
    if data[0] == BATCH_VERSION_UNCOMPRESSED:
        return decode_batch_payload(data[1:])
    if data[0] == BATCH_VERSION_DEFLATE:
        return decode_batch_payload(decompress_batch_payload(data[1:]))
    raise UnknownBatchVersion(f"batch version 0x{data[0]:02x} is not 0x00 or 0x01")


def _fits(transactions: Sequence[SignedL2Transaction], version: int) -> bool:
    if len(encode_batch_payload(transactions)) > MAX_BATCH_PAYLOAD_BYTES:
        return False
    return len(encode_batch(transactions, version)) <= MAX_BATCH_DATA_BYTES


def honest_sequencer_build_batch(
    state: L2State,
    delayed: Sequence[AnyL2Transaction],
    pending: Sequence[SignedL2Transaction],
    version: int,
) -> tuple[bytes, tuple[SignedL2Transaction, ...]]:
    """Return the longest batch of valid pending transactions that fits the limits."""
    # simulate on an overlay of changed accounts: the block runs the delayed messages first
    overlay: dict[Address, L2Account] = {}

    def read_account(address: Address) -> L2Account:
        return overlay[address] if address in overlay else get_l2_account(state, address)

    def simulate(transaction: AnyL2Transaction) -> bool:
        try:
            effects = compute_l2_transaction_effects(state.chain_id, transaction, read_account)
        except (InvalidL2Transaction, InvalidSignature):
            return False
        overlay.update(effects.accounts)
        return True

    for transaction in delayed:
        simulate(transaction)
    # a transaction that would be skipped waits for a later batch, or forever
    chosen = [signed for signed in pending if simulate(signed)]
    # the longest prefix that fits the limits, by bisection: the rest waits for the next batch
    low, high = 0, len(chosen)
    while low < high:
        middle = (low + high + 1) // 2
        if _fits(chosen[:middle], version):
            low = middle
        else:
            high = middle - 1
    return encode_batch(chosen[:low], version), tuple(chosen[:low])
