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
    transaction: Transaction
    signature: Signature


def is_creation(transaction: Transaction) -> bool:
    return transaction.to == CREATION_ADDRESS


def encode_transaction(transaction: Transaction) -> bytes:
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
    return keccak256(encode_transaction(transaction))


def sign_transaction(transaction: Transaction, private_key: PrivateKey) -> SignedTransaction:
    return SignedTransaction(
        transaction, sign_digest(compute_signing_digest(transaction), private_key)
    )


def encode_signed_transaction(signed: SignedTransaction) -> bytes:
    return encode_transaction(signed.transaction) + encode_signature(signed.signature)


def decode_signed_transaction(data: bytes) -> SignedTransaction:
    if len(data) < SIGNATURE_LENGTH + 1:
        raise InvalidLength("a signed transaction ends with a 65-byte signature")
    transaction = decode_transaction(data[:-SIGNATURE_LENGTH])
    return SignedTransaction(transaction, decode_signature(data[-SIGNATURE_LENGTH:]))


def compute_transaction_hash(signed: SignedTransaction) -> Hash32:
    return keccak256(encode_signed_transaction(signed))


def recover_sender(signed: SignedTransaction) -> Address:
    signature = signed.signature
    digest = compute_signing_digest(signed.transaction)
    return recover_transaction_sender(digest, signature.r, signature.s, signature.v)


def compute_contract_address(sender: Address, nonce: int) -> Address:
    digest = keccak256(encode_abi(["address", "uint256"], [sender, nonce]))
    return Address(digest[32 - ADDRESS_LENGTH :])


def encode_creation_data(contract_name: str, constructor_arguments: bytes) -> bytes:
    return encode_abi(CREATION_DATA_ABI_TYPES, [contract_name, constructor_arguments])


def decode_creation_data(data: bytes) -> tuple[str, bytes]:
    contract_name, constructor_arguments = decode_abi(CREATION_DATA_ABI_TYPES, data)
    return abi_str(contract_name), abi_bytes(constructor_arguments)
