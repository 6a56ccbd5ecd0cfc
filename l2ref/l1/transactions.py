"""Signed transactions of the L1 model. See specs/l1/transactions.md."""

from __future__ import annotations

from dataclasses import dataclass

from l2ref.crypto.hash import keccak256
from l2ref.crypto.secp256k1 import (
    SIGNATURE_LENGTH,
    PrivateKey,
    Signature,
    decode_signature,
    encode_signature,
    recover_transaction_sender,
    sign_digest,
)
from l2ref.encoding.abi import AbiValue, abi_bytes, abi_int, abi_str, decode_abi, encode_abi
from l2ref.errors import InvalidLength, InvalidTransactionType
from l2ref.l1.types import ChainId, Gas, Wei
from l2ref.types import ADDRESS_LENGTH, Address, Hash32

TRANSACTION_TYPE = 0x4C

CREATION_ADDRESS = Address(bytes(ADDRESS_LENGTH))

TRANSACTION_ABI_TYPES = ("uint256", "uint256", "uint256", "uint256", "address", "uint256", "bytes")

CREATION_DATA_ABI_TYPES = ("string", "bytes")


@dataclass(frozen=True)
class Transaction:
    """An unsigned L1 transaction; `to` is CREATION_ADDRESS for a contract creation."""

    chain_id: ChainId
    nonce: int
    gas_price: Wei
    gas_limit: Gas
    # CREATION_ADDRESS creates a contract; any other address receives a transfer or a call
    to: Address
    value: Wei
    data: bytes


@dataclass(frozen=True)
class SignedTransaction:
    """A transaction with the sender's signature of its signing digest."""

    transaction: Transaction
    signature: Signature


def is_creation(transaction: Transaction) -> bool:
    """Whether the transaction creates a contract (its `to` is CREATION_ADDRESS)."""
    return transaction.to == CREATION_ADDRESS


def encode_transaction(transaction: Transaction) -> bytes:
    """The type byte 0x4c, then the ABI encoding of the transaction's fields."""
    fields: list[AbiValue] = [
        transaction.chain_id,
        transaction.nonce,
        transaction.gas_price,
        transaction.gas_limit,
        transaction.to,
        transaction.value,
        transaction.data,
    ]
    return bytes([TRANSACTION_TYPE]) + encode_abi(TRANSACTION_ABI_TYPES, fields)


def decode_transaction(data: bytes) -> Transaction:
    """The transaction of `data`; raises DecodingError subclasses on non-canonical input."""
    if not data:
        raise InvalidLength("a transaction is at least its type byte")
    if data[0] != TRANSACTION_TYPE:
        raise InvalidTransactionType(f"the type byte must be 0x4c, got {data[0]:#04x}")
    chain_id, nonce, gas_price, gas_limit, to, value, payload = decode_abi(
        TRANSACTION_ABI_TYPES, data[1:]
    )
    return Transaction(
        chain_id=ChainId(abi_int(chain_id)),
        nonce=abi_int(nonce),
        gas_price=Wei(abi_int(gas_price)),
        gas_limit=Gas(abi_int(gas_limit)),
        to=Address(abi_bytes(to)),
        value=Wei(abi_int(value)),
        data=abi_bytes(payload),
    )


def compute_signing_digest(transaction: Transaction) -> Hash32:
    """The digest the sender signs: Keccak-256 of the encoded transaction."""
    return keccak256(encode_transaction(transaction))


def sign_transaction(transaction: Transaction, private_key: PrivateKey) -> SignedTransaction:
    """The transaction signed with `private_key` (deterministic, low s)."""
    return SignedTransaction(
        transaction, sign_digest(compute_signing_digest(transaction), private_key)
    )


def encode_signed_transaction(signed: SignedTransaction) -> bytes:
    """The encoded transaction followed by its 65-byte signature."""
    return encode_transaction(signed.transaction) + encode_signature(signed.signature)


def decode_signed_transaction(data: bytes) -> SignedTransaction:
    """The signed transaction of `data`; raises DecodingError subclasses on bad input."""
    if len(data) < SIGNATURE_LENGTH + 1:
        raise InvalidLength("a signed transaction ends with a 65-byte signature")
    transaction = decode_transaction(data[:-SIGNATURE_LENGTH])
    return SignedTransaction(transaction, decode_signature(data[-SIGNATURE_LENGTH:]))


def compute_transaction_hash(signed: SignedTransaction) -> Hash32:
    """The transaction hash: Keccak-256 of the encoded signed transaction."""
    return keccak256(encode_signed_transaction(signed))


def recover_sender(signed: SignedTransaction) -> Address:
    """The sender's address; raises InvalidSignature subclasses, HighS for a high s."""
    signature = signed.signature
    digest = compute_signing_digest(signed.transaction)
    return recover_transaction_sender(digest, signature.r, signature.s, signature.v)


def compute_contract_address(sender: Address, nonce: int) -> Address:
    """The address of the contract created by `sender` with `nonce`."""
    digest = keccak256(encode_abi(["address", "uint256"], [sender, nonce]))
    return Address(digest[32 - ADDRESS_LENGTH :])


def encode_creation_data(contract_name: str, constructor_arguments: bytes) -> bytes:
    """The data of a creation: the ABI encoding of the contract name and constructor arguments."""
    return encode_abi(CREATION_DATA_ABI_TYPES, [contract_name, constructor_arguments])


def decode_creation_data(data: bytes) -> tuple[str, bytes]:
    """The contract name and constructor arguments of creation data; raises DecodingError."""
    contract_name, constructor_arguments = decode_abi(CREATION_DATA_ABI_TYPES, data)
    return abi_str(contract_name), abi_bytes(constructor_arguments)
