"""A local chain for scenarios: mempool, block building, time and an adversarial L1.

See specs/l1/driver.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from l2ref.crypto.secp256k1 import PrivateKey, compute_address, compute_public_key
from l2ref.encoding.abi import AbiValue, decode_abi, encode_abi
from l2ref.errors import L2RefError, UnknownTransaction, ViewCallReverted
from l2ref.l1.chain import (
    EMPTY_LIST_ROOT,
    Block,
    BlockChain,
    BlockHeader,
    ChainConfig,
    Receipt,
    compute_block_environment,
    compute_receipts_root,
    compute_transactions_root,
    get_head,
    make_genesis,
    process_transaction,
    state_transition,
)
from l2ref.l1.contracts import (
    ContractDefinition,
    Log,
    Message,
    encode_method_call,
    execute_call,
    find_contract,
    find_method_by_name,
)
from l2ref.l1.state import begin_checkpoint, compute_state_root, get_account, rollback_checkpoint
from l2ref.l1.transactions import (
    CREATION_ADDRESS,
    SignedTransaction,
    Transaction,
    compute_contract_address,
    compute_transaction_hash,
    encode_creation_data,
    recover_sender,
    sign_transaction,
)
from l2ref.l1.types import BlockNumber, Gas, Seconds, Wei
from l2ref.types import Address, Hash32

SECONDS_PER_BLOCK = 12

DEFAULT_GAS_LIMIT = 5_000_000

DEFAULT_GAS_PRICE = 1

NO_VALUE = Wei(0)


@dataclass(frozen=True)
class PendingTransaction:
    """A mempool entry: the signed transaction, its sender, and the head number at submission."""

    signed: SignedTransaction
    sender: Address
    # the head's number when it was submitted
    submitted_at: BlockNumber


@dataclass
class LocalChain:
    """A local chain: the chain, its mempool and receipts, and its adversarial settings."""

    chain: BlockChain
    fee_recipient: Address
    pending: list[PendingTransaction] = field(default_factory=list)
    # adversarial L1: a pending transaction waits this many blocks before it may be included
    inclusion_delay_blocks: int = 0
    # adversarial L1: a sender's transactions are left out of every block numbered below this
    censored_until: dict[Address, BlockNumber] = field(default_factory=dict)
    receipts_by_hash: dict[Hash32, Receipt] = field(default_factory=dict)
    blocks_by_hash: dict[Hash32, BlockNumber] = field(default_factory=dict)


def new_local_chain(
    config: ChainConfig,
    allocations: dict[Address, Wei],
    genesis_timestamp: Seconds,
    fee_recipient: Address,
) -> LocalChain:
    """A local chain from a new genesis, with `fee_recipient` as the proposer of every block."""
    return LocalChain(make_genesis(config, allocations, genesis_timestamp), fee_recipient)


def get_time(local: LocalChain) -> Seconds:
    """The timestamp of the head block, in seconds."""
    return get_head(local.chain).timestamp


def get_block_number(local: LocalChain) -> BlockNumber:
    """The number of the head block."""
    return get_head(local.chain).number


def get_account_balance(local: LocalChain, address: Address) -> Wei:
    """The balance of `address` in wei at the head."""
    return get_account(local.chain.state, address).balance


def submit_transaction(local: LocalChain, signed: SignedTransaction) -> Hash32:
    """Add a signed transaction to the mempool and return its hash."""
    sender = recover_sender(signed)
    local.pending.append(PendingTransaction(signed, sender, get_block_number(local)))
    return compute_transaction_hash(signed)


def censor_sender(local: LocalChain, sender: Address, block_count: int) -> None:
    """Leave the transactions of `sender` out of the next `block_count` blocks."""
    local.censored_until[sender] = BlockNumber(get_block_number(local) + 1 + block_count)


def is_includable(local: LocalChain, pending: PendingTransaction, number: BlockNumber) -> bool:
    """Whether the pending transaction may go in block `number` (not censored, not delayed)."""
    if number < local.censored_until.get(pending.sender, 0):
        return False
    return number > pending.submitted_at + local.inclusion_delay_blocks


def build_block(local: LocalChain, timestamp: Seconds) -> Block:
    """The next block at `timestamp` with every pending transaction that is includable and valid."""
    chain = local.chain
    header = BlockHeader(
        number=BlockNumber(get_head(chain).number + 1),
        timestamp=timestamp,
        parent_hash=chain.block_hashes[-1],
        fee_recipient=local.fee_recipient,
        gas_limit=chain.config.block_gas_limit,
        gas_used=Gas(0),
        transactions_root=EMPTY_LIST_ROOT,
        receipts_root=EMPTY_LIST_ROOT,
        state_root=EMPTY_LIST_ROOT,
    )
    environment = compute_block_environment(chain.config, header)
    # the proposer runs the transactions on a checkpoint to learn the roots, then undoes them
    begin_checkpoint(chain.state)
    chosen: list[SignedTransaction] = []
    receipts: list[Receipt] = []
    gas_used = 0
    for pending in local.pending:
        if not is_includable(local, pending, header.number):
            continue
        try:
            gas_available = Gas(header.gas_limit - gas_used)
            receipt = process_transaction(chain.state, environment, pending.signed, gas_available)
        except L2RefError:
            # invalid now (a nonce gap, too little ether or gas left): it stays pending
            continue
        gas_used += receipt.gas_used
        chosen.append(pending.signed)
        receipts.append(receipt)
    state_root = compute_state_root(chain.state)
    rollback_checkpoint(chain.state)
    header = replace(
        header,
        gas_used=Gas(gas_used),
        transactions_root=compute_transactions_root(chosen),
        receipts_root=compute_receipts_root(receipts),
        state_root=state_root,
    )
    return Block(header, tuple(chosen))


def mine_block(local: LocalChain, timestamp: Seconds | None = None) -> Block:
    """Build and append the next block, by default 12 seconds after the head; return it."""
    chain = local.chain
    if timestamp is None:
        timestamp = Seconds(get_time(local) + SECONDS_PER_BLOCK)
    chain.clock = max(chain.clock, timestamp)
    block = build_block(local, timestamp)
    state_transition(chain, block)
    included = {compute_transaction_hash(signed) for signed in block.transactions}
    for signed, receipt in zip(block.transactions, chain.receipts[-1], strict=True):
        local.receipts_by_hash[compute_transaction_hash(signed)] = receipt
    # drop what was included and what can never be valid again (a used nonce)
    local.pending = [
        pending
        for pending in local.pending
        if compute_transaction_hash(pending.signed) not in included
        and pending.signed.transaction.nonce >= get_account(chain.state, pending.sender).nonce
    ]
    return block


def mine_blocks(local: LocalChain, count: int) -> None:
    """Mine `count` blocks, each 12 seconds after the previous one."""
    for _ in range(count):
        mine_block(local)


def advance_time(local: LocalChain, seconds: int) -> Block:
    """Mine one block `seconds` (at least one) after the head and return it."""
    return mine_block(local, Seconds(get_time(local) + max(1, seconds)))


def get_receipt(local: LocalChain, transaction_hash: Hash32) -> Receipt:
    """The receipt of an included transaction; raises UnknownTransaction if not included."""
    if transaction_hash not in local.receipts_by_hash:
        raise UnknownTransaction(f"no receipt for 0x{transaction_hash.hex()}: not included yet")
    return local.receipts_by_hash[transaction_hash]


def get_logs(local: LocalChain, address: Address) -> list[Log]:
    """Every log emitted by `address` so far, in chain order."""
    return [
        log
        for block_receipts in local.chain.receipts
        for receipt in block_receipts
        for log in receipt.logs
        if log.address == address
    ]


def compute_account_address(private_key: PrivateKey) -> Address:
    """The address of the account of `private_key`."""
    return compute_address(compute_public_key(private_key))


def get_next_nonce(local: LocalChain, sender: Address) -> int:
    """The nonce of the sender's next transaction, counting those still pending."""
    pending = sum(1 for item in local.pending if item.sender == sender)
    return get_account(local.chain.state, sender).nonce + pending


def send_transaction(
    local: LocalChain,
    private_key: PrivateKey,
    to: Address,
    value: Wei,
    data: bytes,
) -> Hash32:
    """Sign and submit a transaction from `private_key`'s account; return its hash."""
    sender = compute_account_address(private_key)
    transaction = Transaction(
        chain_id=local.chain.config.chain_id,
        nonce=get_next_nonce(local, sender),
        gas_price=Wei(DEFAULT_GAS_PRICE),
        gas_limit=Gas(DEFAULT_GAS_LIMIT),
        to=to,
        value=value,
        data=data,
    )
    return submit_transaction(local, sign_transaction(transaction, private_key))


def send_deployment(
    local: LocalChain,
    private_key: PrivateKey,
    contract_name: str,
    constructor_arguments: Sequence[AbiValue],
    *,
    value: Wei = NO_VALUE,
) -> Address:
    """Submit the creation of the contract named `contract_name`; return its future address."""
    definition = find_contract(local.chain.config.contracts, contract_name)
    arguments = encode_abi(definition.constructor.argument_types, constructor_arguments)
    sender = compute_account_address(private_key)
    address = compute_contract_address(sender, get_next_nonce(local, sender))
    data = encode_creation_data(contract_name, arguments)
    send_transaction(local, private_key, CREATION_ADDRESS, value, data)
    return address


def send_method_call(
    local: LocalChain,
    private_key: PrivateKey,
    contract: Address,
    method_name: str,
    arguments: Sequence[AbiValue],
    *,
    value: Wei = NO_VALUE,
) -> Hash32:
    """Submit a call of `method_name` of `contract` with `arguments`; return its hash."""
    definition = get_contract_definition(local, contract)
    data = encode_method_call(definition, method_name, arguments)
    return send_transaction(local, private_key, contract, value, data)


def get_contract_definition(local: LocalChain, contract: Address) -> ContractDefinition:
    """The spec contract deployed at `contract`; raises UnknownContract if none."""
    code = get_account(local.chain.state, contract).code
    return find_contract(local.chain.config.contracts, code)


def view_call(
    local: LocalChain,
    contract: Address,
    method_name: str,
    arguments: Sequence[AbiValue],
    sender: Address = CREATION_ADDRESS,
) -> tuple[AbiValue, ...]:
    """The results of a read-only call at the head, undone after; raises ViewCallReverted."""
    chain = local.chain
    definition = get_contract_definition(local, contract)
    data = encode_method_call(definition, method_name, arguments)
    environment = compute_block_environment(chain.config, get_head(chain))
    # run on a checkpoint and undo: a view changes nothing
    begin_checkpoint(chain.state)
    try:
        message = Message(sender, contract, NO_VALUE, data, Gas(DEFAULT_GAS_LIMIT))
        result = execute_call(chain.state, environment, message)
    finally:
        rollback_checkpoint(chain.state)
    if not result.succeeded:
        raise ViewCallReverted(f"{method_name} reverted with {result.error}")
    method = find_method_by_name(definition, method_name)
    return decode_abi(method.return_types, result.output)
