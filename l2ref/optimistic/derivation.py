"""Derivation: the L2 chain computed from L1 data alone, L2 blocks and outputs, and the executable
strategies of the rollup's honest actors. See specs/optimistic/derivation.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from l2ref.crypto.hash import keccak256
from l2ref.crypto.secp256k1 import PrivateKey
from l2ref.crypto.smt import (
    SmtProof,
    compute_smt_proof,
    encode_smt_proof,
    new_sparse_merkle_tree,
    smt_set,
)
from l2ref.encoding.abi import AbiValue, abi_bytes, abi_int, decode_abi, encode_abi
from l2ref.errors import DecodingError
from l2ref.l1.chain import BlockChain, compute_list_root
from l2ref.l1.contracts import SELECTOR_LENGTH, compute_method_selector, find_method_by_name
from l2ref.l1.driver import (
    LocalChain,
    get_time,
    send_method_call,
    view_call,
)
from l2ref.l1.state import get_storage
from l2ref.l1.types import BlockNumber, ChainId, Seconds, Wei
from l2ref.optimistic.batches import decode_batch, honest_sequencer_build_batch
from l2ref.optimistic.contracts import (
    BATCH_APPENDED_TOPIC,
    BATCH_APPENDED_TYPES,
    CONFIG_SLOT,
    CONFIG_TYPES,
    FORCE_INCLUSION_WINDOW_SECONDS,
    MESSAGE_ENQUEUED_TOPIC,
    OPTIMISTIC_ROLLUP_CONTRACT,
    OUTPUT_BOND_WEI,
    OUTPUT_DEFEATED,
    DelayedMessage,
    OutputRecord,
    OutputRootProof,
    compute_output_root,
    decode_delayed_message,
    delayed_message_to_l2_transaction,
    is_output_finalized,
    output_root_proof_to_abi,
    withdrawal_to_abi,
)
from l2ref.optimistic.l2_state import (
    WITHDRAWAL_LEAF_VALUE,
    AnyL2Transaction,
    L2Receipt,
    L2State,
    SignedL2Transaction,
    Withdrawal,
    apply_l2_transaction,
    compute_withdrawal_hash,
    compute_withdrawal_key,
    encode_any_l2_transaction,
    get_l2_state_root,
    get_l2_withdrawals_root,
    new_l2_state,
)
from l2ref.types import Address, Hash32

L2_BLOCK_HEADER_ABI_TYPES = ("uint256", "bytes32", "uint256", "uint256", "bytes32", "bytes32")


@dataclass(frozen=True)
class L2BlockHeader:
    """The header of an L2 block: number, parent, L1 origin, time, transactions and state roots."""

    number: int
    parent_hash: Hash32
    # the L1 block whose batch (or forced inclusion) made this L2 block
    l1_block_number: BlockNumber
    timestamp: Seconds
    transactions_root: Hash32
    state_root: Hash32


@dataclass(frozen=True)
class L2Block:
    """An L2 block: its header and the transactions applied in it, in order."""

    header: L2BlockHeader
    # the transactions applied, in order; skipped ones are not part of the block
    transactions: tuple[AnyL2Transaction, ...]


@dataclass(frozen=True)
class BatchRecord:
    """A batch as read from L1: its index, delayed messages read, data, L1 block and time."""

    batch_index: int
    delayed_messages_read: int
    # the batch data posted with appendBatch; empty for a forced inclusion
    data: bytes
    l1_block_number: BlockNumber
    timestamp: Seconds


@dataclass(frozen=True)
class RollupInputs:
    """Everything derivation reads from L1: the L2 chain id, delayed messages and batches."""

    l2_chain_id: ChainId
    delayed_messages: tuple[DelayedMessage, ...]
    batches: tuple[BatchRecord, ...]


@dataclass
class L2Chain:
    """The derived L2 chain: state, blocks with their hashes, withdrawal roots and receipts."""

    state: L2State
    blocks: list[L2Block]
    block_hashes: list[Hash32]
    # per block: the number of withdrawals made up to and including it, and their root
    withdrawal_counts: list[int]
    withdrawals_roots: list[Hash32]
    # per block: the receipt of every transaction tried, delayed messages first
    receipts: list[tuple[L2Receipt, ...]]
    delayed_messages: list[DelayedMessage] = field(default_factory=list)
    delayed_messages_read: int = 0
    # the indices of batches whose data did not decode: their sequencer transactions are dropped
    dropped_batches: list[int] = field(default_factory=list)


def encode_l2_block_header(header: L2BlockHeader) -> bytes:
    """Return the ABI encoding of an L2 block header."""
    fields: list[AbiValue] = [
        header.number,
        header.parent_hash,
        header.l1_block_number,
        header.timestamp,
        header.transactions_root,
        header.state_root,
    ]
    return encode_abi(L2_BLOCK_HEADER_ABI_TYPES, fields)


def compute_l2_block_hash(header: L2BlockHeader) -> Hash32:
    """Return the keccak256 of an L2 block header's encoding: the block hash."""
    return keccak256(encode_l2_block_header(header))


def compute_l2_transactions_root(transactions: Sequence[AnyL2Transaction]) -> Hash32:
    """Return the list root over the encoded transactions of an L2 block."""
    return compute_list_root([encode_any_l2_transaction(tx) for tx in transactions])


def new_l2_chain(l2_chain_id: ChainId) -> L2Chain:
    """Return an L2 chain holding only its genesis block over the empty state."""
    state = new_l2_state(l2_chain_id)
    genesis = L2BlockHeader(
        number=0,
        parent_hash=Hash32(bytes(32)),
        l1_block_number=BlockNumber(0),
        timestamp=Seconds(0),
        transactions_root=compute_l2_transactions_root(()),
        state_root=get_l2_state_root(state),
    )
    return L2Chain(
        state=state,
        blocks=[L2Block(genesis, ())],
        block_hashes=[compute_l2_block_hash(genesis)],
        withdrawal_counts=[0],
        withdrawals_roots=[get_l2_withdrawals_root(state)],
        receipts=[()],
    )


def read_rollup_inputs(l1_chain: BlockChain, rollup: Address) -> RollupInputs:
    """Return the delayed messages and batches that successful L1 calls to the rollup logged."""
    config = get_storage(l1_chain.state, rollup, CONFIG_SLOT)
    l2_chain_id = ChainId(abi_int(decode_abi(CONFIG_TYPES, config)[2]) if config else 0)
    append_batch = find_method_by_name(OPTIMISTIC_ROLLUP_CONTRACT, "appendBatch")
    messages: list[DelayedMessage] = []
    batches: list[BatchRecord] = []
    for block, receipts in zip(l1_chain.blocks, l1_chain.receipts, strict=True):
        for signed, receipt in zip(block.transactions, receipts, strict=True):
            transaction = signed.transaction
            if not receipt.succeeded or transaction.to != rollup:
                continue
            for log in receipt.logs:
                if log.address != rollup or not log.topics:
                    continue
                if log.topics[0] == MESSAGE_ENQUEUED_TOPIC:
                    messages.append(decode_delayed_message(log.data))
                elif log.topics[0] == BATCH_APPENDED_TOPIC:
                    batch_index, delayed_messages_read, _ = decode_abi(
                        BATCH_APPENDED_TYPES, log.data
                    )
                    data = b""
                    if transaction.data[:SELECTOR_LENGTH] == compute_method_selector(append_batch):
                        arguments = transaction.data[SELECTOR_LENGTH:]
                        data = abi_bytes(decode_abi(append_batch.argument_types, arguments)[0])
                    batches.append(
                        BatchRecord(
                            batch_index=abi_int(batch_index),
                            delayed_messages_read=abi_int(delayed_messages_read),
                            data=data,
                            l1_block_number=block.header.number,
                            timestamp=block.header.timestamp,
                        )
                    )
    return RollupInputs(l2_chain_id, tuple(messages), tuple(batches))


def derive_l2_block(chain: L2Chain, batch: BatchRecord) -> None:
    """Append the L2 block of a batch: its delayed messages, then its decoded transactions."""
    applied: list[AnyL2Transaction] = []
    receipts: list[L2Receipt] = []
    start = chain.delayed_messages_read
    for message in chain.delayed_messages[start : batch.delayed_messages_read]:
        try:
            transaction = delayed_message_to_l2_transaction(message)
        except DecodingError as error:
            # a forced transaction that does not decode is skipped like an invalid one
            receipts.append(L2Receipt(applied=False, error=type(error).__name__))
            continue
        receipt = apply_l2_transaction(chain.state, transaction)
        receipts.append(receipt)
        if receipt.applied:
            applied.append(transaction)
    chain.delayed_messages_read = batch.delayed_messages_read
    sequenced: tuple[SignedL2Transaction, ...] = ()
    if batch.data:
        try:
            sequenced = decode_batch(batch.data)
        except DecodingError:
            # a malformed batch is dropped whole; the delayed messages it read still count
            chain.dropped_batches.append(batch.batch_index)
    for signed in sequenced:
        receipt = apply_l2_transaction(chain.state, signed)
        receipts.append(receipt)
        if receipt.applied:
            applied.append(signed)
    header = L2BlockHeader(
        number=len(chain.blocks),
        parent_hash=chain.block_hashes[-1],
        l1_block_number=batch.l1_block_number,
        timestamp=batch.timestamp,
        transactions_root=compute_l2_transactions_root(applied),
        state_root=get_l2_state_root(chain.state),
    )
    chain.blocks.append(L2Block(header, tuple(applied)))
    chain.block_hashes.append(compute_l2_block_hash(header))
    chain.withdrawal_counts.append(len(chain.state.withdrawals))
    chain.withdrawals_roots.append(get_l2_withdrawals_root(chain.state))
    chain.receipts.append(tuple(receipts))


def derive_l2_chain(l1_chain: BlockChain, rollup: Address) -> L2Chain:
    """Return the L2 chain derived from the rollup contract's inputs on the L1 chain."""
    inputs = read_rollup_inputs(l1_chain, rollup)
    chain = new_l2_chain(inputs.l2_chain_id)
    chain.delayed_messages = list(inputs.delayed_messages)
    for batch in inputs.batches:
        derive_l2_block(chain, batch)
    return chain


def get_l2_output_root_proof(chain: L2Chain, l2_block_number: int) -> OutputRootProof:
    """Return the state root, withdrawals root and block hash of an L2 block."""
    header = chain.blocks[l2_block_number].header
    return OutputRootProof(
        header.state_root,
        chain.withdrawals_roots[l2_block_number],
        chain.block_hashes[l2_block_number],
    )


def get_l2_output_root(chain: L2Chain, l2_block_number: int) -> Hash32:
    """Return the output root of L2 block `l2_block_number`."""
    proof = get_l2_output_root_proof(chain, l2_block_number)
    return compute_output_root(proof.state_root, proof.withdrawals_root, proof.l2_block_hash)


def is_output_valid(chain: L2Chain, l2_block_number: int, output_root: Hash32) -> bool:
    """Return whether `output_root` is the output root of an existing L2 block."""
    if not 0 <= l2_block_number < len(chain.blocks):
        return False
    return get_l2_output_root(chain, l2_block_number) == output_root


def compute_withdrawal_proof_at(
    chain: L2Chain, l2_block_number: int, withdrawal_hash: Hash32
) -> SmtProof:
    """Return the proof of a withdrawal hash in the withdrawals tree after a block."""
    # the withdrawals tree as it was after the block: the first withdrawals made
    tree = new_sparse_merkle_tree()
    for made in chain.state.withdrawals[: chain.withdrawal_counts[l2_block_number]]:
        smt_set(tree, compute_withdrawal_key(made), WITHDRAWAL_LEAF_VALUE)
    return compute_smt_proof(tree, compute_withdrawal_key(withdrawal_hash))


def view_output_record(local: LocalChain, rollup: Address, output_index: int) -> OutputRecord:
    """Return output `output_index` of the rollup, read by a view call."""
    root, number, proposer, proposed_at, status, disputes = view_call(
        local, rollup, "getOutput", [output_index]
    )
    return OutputRecord(
        Hash32(abi_bytes(root)),
        abi_int(number),
        Address(abi_bytes(proposer)),
        Seconds(abi_int(proposed_at)),
        abi_int(status),
        abi_int(disputes),
    )


def _decodable_delayed_transactions(
    messages: Sequence[DelayedMessage],
) -> list[AnyL2Transaction]:
    transactions: list[AnyL2Transaction] = []
    for message in messages:
        try:
            transactions.append(delayed_message_to_l2_transaction(message))
        except DecodingError:
            continue
    return transactions


def honest_sequencer_post_batch(
    local: LocalChain,
    private_key: PrivateKey,
    rollup: Address,
    pending: Sequence[SignedL2Transaction],
    version: int,
) -> tuple[SignedL2Transaction, ...]:
    """Post a batch of every queued delayed message and valid pending transactions."""
    # every queued delayed message goes in, ahead of the sequencer's own transactions
    chain = derive_l2_chain(local.chain, rollup)
    queued = chain.delayed_messages[chain.delayed_messages_read :]
    delayed = _decodable_delayed_transactions(queued)
    data, chosen = honest_sequencer_build_batch(chain.state, delayed, pending, version)
    read = len(chain.delayed_messages)
    send_method_call(local, private_key, rollup, "appendBatch", [data, read])
    return chosen


def honest_proposer_propose_output(
    local: LocalChain, private_key: PrivateKey, rollup: Address
) -> int:
    """Propose the output of the latest derived L2 block with the bond; return it."""
    chain = derive_l2_chain(local.chain, rollup)
    l2_block_number = len(chain.blocks) - 1
    output_root = get_l2_output_root(chain, l2_block_number)
    send_method_call(
        local,
        private_key,
        rollup,
        "proposeOutput",
        [output_root, l2_block_number],
        value=Wei(OUTPUT_BOND_WEI),
    )
    return l2_block_number


def honest_user_force_include(
    local: LocalChain, private_key: PrivateKey, rollup: Address, message_index: int
) -> bool:
    """Force in a delayed message not included past its window; return whether sent."""
    _, delayed_messages_read, _, _ = view_call(local, rollup, "getInbox", [])
    if abi_int(delayed_messages_read) > message_index:
        # the sequencer included it: nothing to force
        return False
    _, enqueued_at = view_call(local, rollup, "getDelayedMessage", [message_index])
    if get_time(local) < abi_int(enqueued_at) + FORCE_INCLUSION_WINDOW_SECONDS:
        return False
    send_method_call(local, private_key, rollup, "forceInclude", [message_index + 1])
    return True


def honest_user_finalize_withdrawal(
    local: LocalChain, private_key: PrivateKey, rollup: Address, withdrawal: Withdrawal
) -> bool:
    """Finalize a withdrawal via a final, valid output that holds it; return if sent."""
    chain = derive_l2_chain(local.chain, rollup)
    withdrawal_hash = compute_withdrawal_hash(withdrawal)
    if withdrawal_hash not in chain.state.withdrawals:
        return False
    position = chain.state.withdrawals.index(withdrawal_hash)
    (finalized,) = view_call(local, rollup, "isWithdrawalFinalized", [withdrawal_hash])
    if finalized:
        return False
    (output_count,) = view_call(local, rollup, "getOutputCount", [])
    now = get_time(local)
    for output_index in reversed(range(abi_int(output_count))):
        record = view_output_record(local, rollup, output_index)
        # a finalized, correct output of a block at or after the withdrawal
        if record.status == OUTPUT_DEFEATED or not is_output_finalized(record, now):
            continue
        if not is_output_valid(chain, record.l2_block_number, record.output_root):
            continue
        if chain.withdrawal_counts[record.l2_block_number] <= position:
            continue
        proof = compute_withdrawal_proof_at(chain, record.l2_block_number, withdrawal_hash)
        arguments: list[AbiValue] = [
            output_index,
            output_root_proof_to_abi(get_l2_output_root_proof(chain, record.l2_block_number)),
            withdrawal_to_abi(withdrawal),
            encode_smt_proof(proof),
        ]
        send_method_call(local, private_key, rollup, "finalizeWithdrawal", arguments)
        return True
    return False
