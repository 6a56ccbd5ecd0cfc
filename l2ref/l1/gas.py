"""The gas schedule of the L1 model. See specs/l1/gas.md."""

from l2ref.l1.types import Gas

TRANSACTION_BASE_GAS = 21_000

CONTRACT_CREATION_GAS = 32_000

CALLDATA_ZERO_BYTE_GAS = 4

CALLDATA_NONZERO_BYTE_GAS = 16

STORAGE_WORD_BYTES = 32

STORAGE_READ_GAS = 2_100

STORAGE_SET_GAS = 20_000

STORAGE_RESET_GAS = 5_000

KECCAK256_BASE_GAS = 30

KECCAK256_WORD_GAS = 6

SHA256_BASE_GAS = 60

SHA256_WORD_GAS = 12

ECRECOVER_GAS = 3_000

LOG_BASE_GAS = 375

LOG_TOPIC_GAS = 375

LOG_DATA_BYTE_GAS = 8

VALUE_TRANSFER_GAS = 9_000

BLOCK_GAS_LIMIT = 30_000_000


def compute_word_count(length: int) -> int:
    """The number of 32-byte words that hold `length` bytes, rounded up."""
    return (length + STORAGE_WORD_BYTES - 1) // STORAGE_WORD_BYTES


def compute_calldata_gas(data: bytes) -> Gas:
    """The calldata gas of `data`: 4 per zero byte, 16 per non-zero byte."""
    zero_bytes = data.count(0)
    nonzero_bytes = len(data) - zero_bytes
    return Gas(zero_bytes * CALLDATA_ZERO_BYTE_GAS + nonzero_bytes * CALLDATA_NONZERO_BYTE_GAS)


def compute_intrinsic_gas(data: bytes, is_creation: bool) -> Gas:
    """The gas a transaction pays before execution: 21000, 32000 more to create, calldata."""
    creation = CONTRACT_CREATION_GAS if is_creation else 0
    return Gas(TRANSACTION_BASE_GAS + creation + compute_calldata_gas(data))


def compute_keccak256_gas(length: int) -> Gas:
    """The gas of hashing `length` bytes with Keccak-256: 30 plus 6 per word."""
    return Gas(KECCAK256_BASE_GAS + KECCAK256_WORD_GAS * compute_word_count(length))


def compute_sha256_gas(length: int) -> Gas:
    """The gas of hashing `length` bytes with SHA-256: 60 plus 12 per word."""
    return Gas(SHA256_BASE_GAS + SHA256_WORD_GAS * compute_word_count(length))


def compute_storage_read_gas(length: int) -> Gas:
    """The gas of reading a `length`-byte value: 2100 per word, at least one word."""
    # an absent value still costs the read of one slot
    return Gas(STORAGE_READ_GAS * max(1, compute_word_count(length)))


def compute_storage_write_gas(old_length: int, new_length: int) -> Gas:
    """The gas of replacing an `old_length`-byte value: 20000 per new word, 5000 per other."""
    old_words = compute_word_count(old_length)
    new_words = compute_word_count(new_length)
    touched_words = max(old_words, new_words, 1)
    # a word written where the old value had none takes a fresh slot; any other is a reset
    fresh_words = max(0, new_words - old_words)
    return Gas(STORAGE_SET_GAS * fresh_words + STORAGE_RESET_GAS * (touched_words - fresh_words))


def compute_log_gas(topic_count: int, data_length: int) -> Gas:
    """The gas of a log: 375, plus 375 per topic, plus 8 per data byte."""
    return Gas(LOG_BASE_GAS + LOG_TOPIC_GAS * topic_count + LOG_DATA_BYTE_GAS * data_length)
