"""Blocks, receipts and the state transition of the L1 model. See specs/l1/chain.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from l2ref.crypto.hash import keccak256
from l2ref.crypto.merkle import compute_merkle_root
from l2ref.encoding.abi import AbiValue, abi_bytes, abi_int, abi_items, decode_abi, encode_abi
from l2ref.errors import (
    BlockGasLimitExceeded,
    InsufficientBalance,
    IntrinsicGasTooLow,
    L2RefError,
    NonceTooHigh,
    NonceTooLow,
    TimestampNotIncreasing,
    TimestampTooFarInFuture,
    WrongBlockNumber,
    WrongChainId,
    WrongGasLimit,
    WrongGasUsed,
    WrongParentHash,
    WrongReceiptsRoot,
    WrongStateRoot,
    WrongTransactionsRoot,
)
from l2ref.l1.contracts import (
    BlockEnvironment,
    ContractRegistry,
    Log,
    Message,
    execute_call,
    execute_creation,
)
from l2ref.l1.gas import compute_intrinsic_gas
from l2ref.l1.state import (
    State,
    begin_checkpoint,
    commit_checkpoint,
    compute_state_root,
    get_account,
    rollback_checkpoint,
    set_account,
)
from l2ref.l1.transactions import (
    SignedTransaction,
    decode_signed_transaction,
    encode_signed_transaction,
    is_creation,
    recover_sender,
)
from l2ref.l1.types import BlockNumber, ChainId, Gas, Seconds, Wei
from l2ref.types import ADDRESS_LENGTH, Address, Hash32

MAX_FUTURE_DRIFT_SECONDS = 15

EMPTY_LIST_ROOT = Hash32(bytes(32))

HEADER_ABI_TYPES = (
    "uint256",
    "uint256",
    "bytes32",
    "address",
    "uint256",
    "uint256",
    "bytes32",
    "bytes32",
    "bytes32",
)

BLOCK_ABI_TYPES = ("bytes", "bytes[]")

RECEIPT_ABI_TYPES = ("bool", "uint256", "bytes", "string", "(address,bytes32[],bytes)[]")


@dataclass(frozen=True)
class ChainConfig:
    """The fixed rules of a chain: its id, its spec contracts, and its block gas limit."""

    chain_id: ChainId
    # the spec contracts that creation transactions may name
    contracts: ContractRegistry
    block_gas_limit: Gas


@dataclass(frozen=True)
class BlockHeader:
    """A block header: number, time, parent hash, fee recipient, gas, and three roots."""

    number: BlockNumber
    timestamp: Seconds
    parent_hash: Hash32
    fee_recipient: Address
    gas_limit: Gas
    gas_used: Gas
    transactions_root: Hash32
    receipts_root: Hash32
    state_root: Hash32


@dataclass(frozen=True)
class Block:
    """A block: its header and its signed transactions."""

    header: BlockHeader
    transactions: tuple[SignedTransaction, ...]


@dataclass(frozen=True)
class Receipt:
    """The outcome of one transaction: success, gas used, output, error class name, logs."""

    succeeded: bool
    # gas of this transaction alone, intrinsic gas included
    gas_used: Gas
    output: bytes
    error: str
    logs: tuple[Log, ...]


@dataclass
class BlockChain:
    """A node's chain: config, current state, blocks, receipts, block hashes and clock."""

    config: ChainConfig
    state: State
    blocks: list[Block]
    receipts: list[tuple[Receipt, ...]]
    # this node's clock: not consensus state, only the bound of the future-drift rule
    clock: Seconds
    block_hashes: list[Hash32] = field(default_factory=list)


def encode_block_header(header: BlockHeader) -> bytes:
    """The ABI encoding of the header's nine fields, in order."""
    fields: list[AbiValue] = [
        header.number,
        header.timestamp,
        header.parent_hash,
        header.fee_recipient,
        header.gas_limit,
        header.gas_used,
        header.transactions_root,
        header.receipts_root,
        header.state_root,
    ]
    return encode_abi(HEADER_ABI_TYPES, fields)


def decode_block_header(data: bytes) -> BlockHeader:
    """The header of `data`; raises DecodingError subclasses on non-canonical input."""
    values = decode_abi(HEADER_ABI_TYPES, data)
    number, timestamp, parent, recipient, gas_limit, gas_used, tx_root, receipts_root, root = values
    return BlockHeader(
        number=BlockNumber(abi_int(number)),
        timestamp=Seconds(abi_int(timestamp)),
        parent_hash=Hash32(abi_bytes(parent)),
        fee_recipient=Address(abi_bytes(recipient)),
        gas_limit=Gas(abi_int(gas_limit)),
        gas_used=Gas(abi_int(gas_used)),
        transactions_root=Hash32(abi_bytes(tx_root)),
        receipts_root=Hash32(abi_bytes(receipts_root)),
        state_root=Hash32(abi_bytes(root)),
    )


def compute_block_hash(header: BlockHeader) -> Hash32:
    """The block hash: Keccak-256 of the encoded header."""
    return keccak256(encode_block_header(header))


def encode_block(block: Block) -> bytes:
    """The ABI encoding of the encoded header and the list of encoded signed transactions."""
    transactions: list[AbiValue] = [encode_signed_transaction(tx) for tx in block.transactions]
    return encode_abi(BLOCK_ABI_TYPES, [encode_block_header(block.header), transactions])


def decode_block(data: bytes) -> Block:
    """The block of `data`; raises DecodingError subclasses on non-canonical input."""
    header_data, transaction_data = decode_abi(BLOCK_ABI_TYPES, data)
    transactions = tuple(
        decode_signed_transaction(abi_bytes(item)) for item in abi_items(transaction_data)
    )
    return Block(decode_block_header(abi_bytes(header_data)), transactions)


def encode_receipt(receipt: Receipt) -> bytes:
    """The ABI encoding of the receipt's success, gas used, output, error and logs."""
    logs: list[AbiValue] = [(log.address, list(log.topics), log.data) for log in receipt.logs]
    fields: list[AbiValue] = [
        receipt.succeeded,
        receipt.gas_used,
        receipt.output,
        receipt.error,
        logs,
    ]
    return encode_abi(RECEIPT_ABI_TYPES, fields)


def compute_list_root(items: Sequence[bytes]) -> Hash32:
    """The Merkle root of `items`, or 32 zero bytes for no items."""
    return compute_merkle_root(items) if items else EMPTY_LIST_ROOT


def compute_transactions_root(transactions: Sequence[SignedTransaction]) -> Hash32:
    """The list root of the encoded signed transactions."""
    return compute_list_root([encode_signed_transaction(tx) for tx in transactions])


def compute_receipts_root(receipts: Sequence[Receipt]) -> Hash32:
    """The list root of the encoded receipts."""
    return compute_list_root([encode_receipt(receipt) for receipt in receipts])


def get_head(chain: BlockChain) -> BlockHeader:
    """The header of the chain's latest block."""
    return chain.blocks[-1].header


def make_genesis(
    config: ChainConfig, allocations: dict[Address, Wei], timestamp: Seconds
) -> BlockChain:
    """A new chain whose genesis block gives each address its allocated balance."""
    state = State()
    for address in sorted(allocations):
        set_account(
            state, address, replace(get_account(state, address), balance=allocations[address])
        )
    header = BlockHeader(
        number=BlockNumber(0),
        timestamp=timestamp,
        parent_hash=Hash32(bytes(32)),
        fee_recipient=Address(bytes(ADDRESS_LENGTH)),
        gas_limit=config.block_gas_limit,
        gas_used=Gas(0),
        transactions_root=EMPTY_LIST_ROOT,
        receipts_root=EMPTY_LIST_ROOT,
        state_root=compute_state_root(state),
    )
    genesis = Block(header, ())
    return BlockChain(config, state, [genesis], [()], timestamp, [compute_block_hash(header)])


def validate_header(chain: BlockChain, header: BlockHeader) -> None:
    """Raise an InvalidBlock subclass unless `header` may follow the chain's head."""
    parent = get_head(chain)
    if header.number != parent.number + 1:
        raise WrongBlockNumber(f"expected block {parent.number + 1}, got {header.number}")
    if header.parent_hash != chain.block_hashes[-1]:
        raise WrongParentHash("the parent hash is not the hash of the chain's head")
    if header.timestamp <= parent.timestamp:
        raise TimestampNotIncreasing(f"{header.timestamp} is not after {parent.timestamp}")
    if header.timestamp > chain.clock + MAX_FUTURE_DRIFT_SECONDS:
        raise TimestampTooFarInFuture(f"{header.timestamp} is ahead of the clock {chain.clock}")
    if header.gas_limit != chain.config.block_gas_limit:
        raise WrongGasLimit(f"the block gas limit is {chain.config.block_gas_limit}")
    if header.gas_used > header.gas_limit:
        raise WrongGasUsed("a block uses no more gas than its limit")


def validate_transaction(
    state: State, environment: BlockEnvironment, signed: SignedTransaction, gas_available: Gas
) -> Address:
    """The sender of a transaction valid here; raises InvalidTransaction or InvalidSignature."""
    transaction = signed.transaction
    if transaction.chain_id != environment.chain_id:
        raise WrongChainId(f"signed for chain {transaction.chain_id}, not {environment.chain_id}")
    sender = recover_sender(signed)
    intrinsic_gas = compute_intrinsic_gas(transaction.data, is_creation(transaction))
    if transaction.gas_limit < intrinsic_gas:
        raise IntrinsicGasTooLow(f"needs at least {intrinsic_gas} gas")
    if transaction.gas_limit > gas_available:
        raise BlockGasLimitExceeded(f"only {gas_available} gas is left in the block")
    account = get_account(state, sender)
    if transaction.nonce < account.nonce:
        raise NonceTooLow(f"expected nonce {account.nonce}, got {transaction.nonce}")
    if transaction.nonce > account.nonce:
        raise NonceTooHigh(f"expected nonce {account.nonce}, got {transaction.nonce}")
    maximum_cost = transaction.value + transaction.gas_limit * transaction.gas_price
    if account.balance < maximum_cost:
        raise InsufficientBalance(f"needs {maximum_cost} wei, holds {account.balance}")
    return sender


def process_transaction(
    state: State, environment: BlockEnvironment, signed: SignedTransaction, gas_available: Gas
) -> Receipt:
    """Apply a valid transaction to `state`, paying its fee, and return its receipt."""
    sender = validate_transaction(state, environment, signed, gas_available)
    transaction = signed.transaction
    account = get_account(state, sender)
    # the nonce and the whole gas allowance are taken first and are not undone by a revert
    prepaid = Wei(transaction.gas_limit * transaction.gas_price)
    new_balance = Wei(account.balance - prepaid)
    set_account(state, sender, replace(account, nonce=account.nonce + 1, balance=new_balance))
    intrinsic_gas = compute_intrinsic_gas(transaction.data, is_creation(transaction))
    message = Message(
        sender=sender,
        to=transaction.to,
        value=transaction.value,
        data=transaction.data,
        gas_limit=Gas(transaction.gas_limit - intrinsic_gas),
    )
    if is_creation(transaction):
        result = execute_creation(state, environment, message, account.nonce)
    else:
        result = execute_call(state, environment, message)
    gas_used = Gas(intrinsic_gas + result.gas_used)
    refund = Wei((transaction.gas_limit - gas_used) * transaction.gas_price)
    sender_account = get_account(state, sender)
    set_account(
        state, sender, replace(sender_account, balance=Wei(sender_account.balance + refund))
    )
    # the fee goes to the block's proposer: ether is moved, never created or burned
    fee = Wei(gas_used * transaction.gas_price)
    recipient = get_account(state, environment.fee_recipient)
    new_recipient_balance = Wei(recipient.balance + fee)
    set_account(state, environment.fee_recipient, replace(recipient, balance=new_recipient_balance))
    return Receipt(result.succeeded, gas_used, result.output, result.error, result.logs)


def compute_block_environment(config: ChainConfig, header: BlockHeader) -> BlockEnvironment:
    """The environment that the block's transactions run in."""
    return BlockEnvironment(
        chain_id=config.chain_id,
        block_number=header.number,
        timestamp=header.timestamp,
        fee_recipient=header.fee_recipient,
        contracts=config.contracts,
    )


def apply_body(
    state: State,
    config: ChainConfig,
    header: BlockHeader,
    transactions: Sequence[SignedTransaction],
) -> list[Receipt]:
    """Apply the transactions to `state` in order and return their receipts."""
    environment = compute_block_environment(config, header)
    receipts: list[Receipt] = []
    gas_used = 0
    for signed in transactions:
        gas_available = Gas(header.gas_limit - gas_used)
        receipt = process_transaction(state, environment, signed, gas_available)
        gas_used += receipt.gas_used
        receipts.append(receipt)
    return receipts


def process_block(chain: BlockChain, block: Block) -> list[Receipt]:
    """Validate and apply the block to the chain's state; raises without undoing on failure."""
    header = block.header
    validate_header(chain, header)
    if compute_transactions_root(block.transactions) != header.transactions_root:
        raise WrongTransactionsRoot("the transactions root does not match the transactions")
    receipts = apply_body(chain.state, chain.config, header, block.transactions)
    if sum(receipt.gas_used for receipt in receipts) != header.gas_used:
        raise WrongGasUsed("the header's gas used is not the sum of the receipts'")
    if compute_receipts_root(receipts) != header.receipts_root:
        raise WrongReceiptsRoot("the receipts root does not match the receipts")
    if compute_state_root(chain.state) != header.state_root:
        raise WrongStateRoot("the state root does not match the state after the block")
    return receipts


def state_transition(chain: BlockChain, block: Block) -> None:
    """Append the block to the chain, or raise and leave the chain untouched if it is invalid."""
    begin_checkpoint(chain.state)
    try:
        receipts = process_block(chain, block)
    except L2RefError:
        # an invalid block leaves no trace
        rollback_checkpoint(chain.state)
        raise
    commit_checkpoint(chain.state)
    chain.blocks.append(block)
    chain.receipts.append(tuple(receipts))
    chain.block_hashes.append(compute_block_hash(block.header))
