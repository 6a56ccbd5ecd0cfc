"""The L1 contract of the optimistic rollup: sequencer inbox, delayed inbox with deposits and forced
inclusion, output oracle with bonds and a challenge window, and the withdrawal bridge.

See specs/optimistic/contracts.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from l2ref.crypto.hash import keccak256
from l2ref.crypto.smt import SMT_DEFAULT_DEPTH, decode_smt_proof
from l2ref.encoding.abi import (
    AbiValue,
    abi_bytes,
    abi_int,
    abi_items,
    decode_abi,
    encode_abi,
    format_function_signature,
)
from l2ref.errors import (
    BatchDataTooLarge,
    BondMismatch,
    ChallengeWindowOver,
    DecodingError,
    DelayedMessagesReadOutOfRange,
    ForceInclusionTooEarly,
    InvalidWithdrawalProof,
    L2BlockNotPosted,
    NoOpenDispute,
    NotChallenger,
    NotSequencer,
    OutputAlreadyResolved,
    OutputDefeated,
    OutputNotFinalized,
    OutputNotFound,
    OutputRootMismatch,
    WithdrawalAlreadyFinalized,
)
from l2ref.l1.contracts import (
    CallContext,
    ContractDefinition,
    Method,
    call_keccak256,
    charge_gas,
    compute_storage_slot,
    emit_event,
    read_struct,
    read_uint,
    transfer_ether,
    write_struct,
    write_uint,
)
from l2ref.l1.gas import compute_keccak256_gas
from l2ref.l1.types import ChainId, Seconds, Wei
from l2ref.optimistic.batches import MAX_BATCH_DATA_BYTES
from l2ref.optimistic.l2_state import (
    AnyL2Transaction,
    L2Deposit,
    Withdrawal,
    compute_withdrawal_hash,
    decode_signed_l2_transaction,
    verify_withdrawal_inclusion,
)
from l2ref.types import ADDRESS_LENGTH, Address, Hash32

ROLLUP_CONTRACT_NAME = "OptimisticRollup"

CHALLENGE_WINDOW_SECONDS = 7 * 24 * 60 * 60

FORCE_INCLUSION_WINDOW_SECONDS = 24 * 60 * 60

OUTPUT_BOND_WEI = 10**18

MAX_FORCED_TRANSACTION_BYTES = 1_024

OUTPUT_VERSION = bytes(32)

DEPOSIT_MESSAGE = 0

FORCED_TRANSACTION_MESSAGE = 1

OUTPUT_PROPOSED = 1

OUTPUT_FINALIZED = 2

OUTPUT_DEFEATED = 3

ZERO_ADDRESS = Address(bytes(ADDRESS_LENGTH))

ZERO_HASH = Hash32(bytes(32))

EMPTY_BATCH_DATA_HASH = keccak256(b"")

CONFIG_TYPES = ("address", "address", "uint256")

INBOX_TYPES = ("uint256", "uint256", "bytes32")

DELAYED_MESSAGE_RECORD_TYPES = ("bytes32", "uint256")

OUTPUT_RECORD_TYPES = ("bytes32", "uint256", "address", "uint256", "uint256", "uint256")

DELAYED_MESSAGE_ABI_TYPES = (
    "uint256",
    "uint256",
    "address",
    "address",
    "uint256",
    "uint256",
    "bytes",
)

BATCH_APPENDED_TYPES = ("uint256", "uint256", "bytes32")

OUTPUT_PROPOSED_TYPES = ("uint256", "bytes32", "uint256", "address")

WITHDRAWAL_FINALIZED_TYPES = ("bytes32", "address", "uint256")

OUTPUT_ROOT_PROOF_ABI_TYPE = "(bytes32,bytes32,bytes32)"

WITHDRAWAL_ABI_TYPE = "(address,uint256,address,uint256)"

FINALIZE_WITHDRAWAL_ARGUMENT_TYPES = (
    "uint256",
    OUTPUT_ROOT_PROOF_ABI_TYPE,
    WITHDRAWAL_ABI_TYPE,
    "bytes",
)

CONFIG_SLOT = compute_storage_slot("config")

INBOX_SLOT = compute_storage_slot("inbox")

DELAYED_COUNT_SLOT = compute_storage_slot("delayed_count")

OUTPUT_COUNT_SLOT = compute_storage_slot("output_count")

WITHDRAWAL_VERIFICATION_GAS = (
    2 * compute_keccak256_gas(128)
    + compute_keccak256_gas(2)
    + SMT_DEFAULT_DEPTH * compute_keccak256_gas(65)
)


@dataclass(frozen=True)
class DelayedMessage:
    """A message of the delayed inbox: a deposit or a forced transaction, with its L1 time."""

    # the message's position in the delayed queue, from 0
    index: int
    kind: int
    # the L1 account that called deposit or enqueueTransaction
    sender: Address
    # a deposit's L2 recipient; ZERO_ADDRESS for a forced transaction
    recipient: Address
    value: Wei
    timestamp: Seconds
    # a forced transaction's signed L2 transaction; empty for a deposit
    data: bytes


@dataclass(frozen=True)
class OutputRecord:
    """A proposed output: its root, L2 block, proposer, time, status and open disputes."""

    output_root: Hash32
    l2_block_number: int
    proposer: Address
    proposed_at: Seconds
    status: int
    open_disputes: int


@dataclass(frozen=True)
class OutputRootProof:
    """The three roots an output root hashes: L2 state root, withdrawals root, block hash."""

    state_root: Hash32
    withdrawals_root: Hash32
    l2_block_hash: Hash32


def compute_event_topic(name: str, types: Sequence[str]) -> Hash32:
    """Return the log topic of an event: keccak256 of its signature `name(types)`."""
    return keccak256(format_function_signature(name, types).encode("ascii"))


MESSAGE_ENQUEUED_TOPIC = compute_event_topic("MessageEnqueued", DELAYED_MESSAGE_ABI_TYPES)

BATCH_APPENDED_TOPIC = compute_event_topic("BatchAppended", BATCH_APPENDED_TYPES)


def compute_output_root(
    state_root: Hash32, withdrawals_root: Hash32, l2_block_hash: Hash32
) -> Hash32:
    """Return the output root: keccak256 of the version, state, withdrawals and block hash."""
    return keccak256(OUTPUT_VERSION + state_root + withdrawals_root + l2_block_hash)


def encode_delayed_message(message: DelayedMessage) -> bytes:
    """Return the ABI encoding of a delayed message, as its MessageEnqueued event logs it."""
    fields: list[AbiValue] = [
        message.index,
        message.kind,
        message.sender,
        message.recipient,
        message.value,
        message.timestamp,
        message.data,
    ]
    return encode_abi(DELAYED_MESSAGE_ABI_TYPES, fields)


def decode_delayed_message(data: bytes) -> DelayedMessage:
    """Decode a delayed message from its ABI encoding."""
    index, kind, sender, recipient, value, timestamp, payload = decode_abi(
        DELAYED_MESSAGE_ABI_TYPES, data
    )
    return DelayedMessage(
        index=abi_int(index),
        kind=abi_int(kind),
        sender=Address(abi_bytes(sender)),
        recipient=Address(abi_bytes(recipient)),
        value=Wei(abi_int(value)),
        timestamp=Seconds(abi_int(timestamp)),
        data=abi_bytes(payload),
    )


def compute_delayed_message_hash(message: DelayedMessage) -> Hash32:
    """Return the keccak256 of a delayed message's encoding: what the inbox stores."""
    return keccak256(encode_delayed_message(message))


def delayed_message_to_l2_transaction(message: DelayedMessage) -> AnyL2Transaction:
    """Return the L2 deposit or signed transaction that a delayed message carries."""
    if message.kind == DEPOSIT_MESSAGE:
        return L2Deposit(message.index, message.sender, message.recipient, message.value)
    # a forced transaction that does not decode raises a DecodingError subclass
    return decode_signed_l2_transaction(message.data)


def compute_batch_accumulator(
    previous: Hash32, data_hash: Hash32, delayed_messages_read: int, timestamp: int
) -> Hash32:
    """Return the next inbox accumulator: keccak256 of the previous and the batch's words."""
    return keccak256(
        previous
        + data_hash
        + delayed_messages_read.to_bytes(32, "big")
        + timestamp.to_bytes(32, "big")
    )


def compute_delayed_message_slot(index: int) -> Hash32:
    """Return the storage slot of delayed message `index`."""
    return compute_storage_slot("delayed_message", index.to_bytes(32, "big"))


def compute_output_slot(index: int) -> Hash32:
    """Return the storage slot of output `index`."""
    return compute_storage_slot("output", index.to_bytes(32, "big"))


def compute_withdrawal_slot(withdrawal_hash: Hash32) -> Hash32:
    """Return the storage slot marking a withdrawal hash as finalized."""
    return compute_storage_slot("withdrawal_finalized", withdrawal_hash)


def is_output_finalized(record: OutputRecord, now: int) -> bool:
    """Return whether an output is final: marked so, or undisputed past its window at `now`."""
    if record.status == OUTPUT_FINALIZED:
        return True
    return (
        record.status == OUTPUT_PROPOSED
        and record.open_disputes == 0
        and now >= record.proposed_at + CHALLENGE_WINDOW_SECONDS
    )


def output_root_proof_to_abi(proof: OutputRootProof) -> AbiValue:
    """Return an output root proof as an ABI tuple."""
    return (proof.state_root, proof.withdrawals_root, proof.l2_block_hash)


def output_root_proof_from_abi(value: AbiValue) -> OutputRootProof:
    """Decode an output root proof from an ABI tuple."""
    state_root, withdrawals_root, l2_block_hash = abi_items(value)
    return OutputRootProof(
        Hash32(abi_bytes(state_root)),
        Hash32(abi_bytes(withdrawals_root)),
        Hash32(abi_bytes(l2_block_hash)),
    )


def withdrawal_to_abi(withdrawal: Withdrawal) -> AbiValue:
    """Return a withdrawal as an ABI tuple (L2 sender, nonce, L1 recipient, value)."""
    return (withdrawal.l2_sender, withdrawal.nonce, withdrawal.l1_recipient, withdrawal.value)


def withdrawal_from_abi(value: AbiValue) -> Withdrawal:
    """Decode a withdrawal from an ABI tuple."""
    l2_sender, nonce, l1_recipient, amount = abi_items(value)
    return Withdrawal(
        Address(abi_bytes(l2_sender)),
        abi_int(nonce),
        Address(abi_bytes(l1_recipient)),
        Wei(abi_int(amount)),
    )


def validate_withdrawal_proof(
    output_root: Hash32,
    output_root_proof: OutputRootProof,
    withdrawal: Withdrawal,
    withdrawal_proof: bytes,
) -> None:
    """Check that the roots hash to the output root and hold the withdrawal; raise otherwise."""
    computed = compute_output_root(
        output_root_proof.state_root,
        output_root_proof.withdrawals_root,
        output_root_proof.l2_block_hash,
    )
    if computed != output_root:
        raise OutputRootMismatch("the state root, withdrawals root and block hash given differ")
    try:
        proof = decode_smt_proof(withdrawal_proof, SMT_DEFAULT_DEPTH)
    except DecodingError as error:
        raise InvalidWithdrawalProof(f"the proof does not decode: {error}") from error
    withdrawal_hash = compute_withdrawal_hash(withdrawal)
    if not verify_withdrawal_inclusion(output_root_proof.withdrawals_root, withdrawal_hash, proof):
        raise InvalidWithdrawalProof("the withdrawal is not in the output's withdrawals root")


def compute_worst_case_inclusion_seconds(l1_inclusion_delay_seconds: int) -> Seconds:
    """Return the worst-case seconds to force a transaction in: queue, window, forceInclude."""
    # queue the transaction on L1, wait out the window, force it in on L1
    return Seconds(2 * l1_inclusion_delay_seconds + FORCE_INCLUSION_WINDOW_SECONDS)


def compute_worst_case_withdrawal_seconds(l1_inclusion_delay_seconds: int) -> Seconds:
    """Return the worst-case seconds from sending a withdrawal to its payout on L1, undisputed."""
    # then propose an output, wait out the challenge window, finalize the withdrawal on L1
    inclusion = compute_worst_case_inclusion_seconds(l1_inclusion_delay_seconds)
    return Seconds(inclusion + 2 * l1_inclusion_delay_seconds + CHALLENGE_WINDOW_SECONDS)


def _read_config(context: CallContext) -> tuple[Address, Address, ChainId]:
    record = read_struct(context, CONFIG_SLOT, CONFIG_TYPES)
    if record is None:
        return ZERO_ADDRESS, ZERO_ADDRESS, ChainId(0)
    sequencer, challenger, l2_chain_id = record
    return (
        Address(abi_bytes(sequencer)),
        Address(abi_bytes(challenger)),
        ChainId(abi_int(l2_chain_id)),
    )


def _read_inbox(context: CallContext) -> tuple[int, int, Hash32]:
    record = read_struct(context, INBOX_SLOT, INBOX_TYPES)
    if record is None:
        return 0, 0, ZERO_HASH
    batch_count, delayed_messages_read, accumulator = record
    return abi_int(batch_count), abi_int(delayed_messages_read), Hash32(abi_bytes(accumulator))


def _read_output(context: CallContext, output_index: int) -> OutputRecord:
    record = read_struct(context, compute_output_slot(output_index), OUTPUT_RECORD_TYPES)
    if record is None:
        raise OutputNotFound(f"no output {output_index}")
    root, l2_block_number, proposer, proposed_at, status, open_disputes = record
    return OutputRecord(
        output_root=Hash32(abi_bytes(root)),
        l2_block_number=abi_int(l2_block_number),
        proposer=Address(abi_bytes(proposer)),
        proposed_at=Seconds(abi_int(proposed_at)),
        status=abi_int(status),
        open_disputes=abi_int(open_disputes),
    )


def _write_output(context: CallContext, output_index: int, record: OutputRecord) -> None:
    fields: list[AbiValue] = [
        record.output_root,
        record.l2_block_number,
        record.proposer,
        record.proposed_at,
        record.status,
        record.open_disputes,
    ]
    write_struct(context, compute_output_slot(output_index), OUTPUT_RECORD_TYPES, fields)


def _append_batch(
    context: CallContext,
    batch_count: int,
    accumulator: Hash32,
    data_hash: Hash32,
    delayed_messages_read: int,
) -> int:
    # the accumulator hashes four words
    charge_gas(context, compute_keccak256_gas(4 * 32))
    new_accumulator = compute_batch_accumulator(
        accumulator, data_hash, delayed_messages_read, context.timestamp
    )
    batch_index = batch_count + 1
    fields: list[AbiValue] = [batch_index, delayed_messages_read, new_accumulator]
    write_struct(context, INBOX_SLOT, INBOX_TYPES, fields)
    emit_event(
        context,
        "BatchAppended",
        BATCH_APPENDED_TYPES,
        [batch_index, delayed_messages_read, data_hash],
    )
    return batch_index


def _enqueue_message(context: CallContext, kind: int, recipient: Address, data: bytes) -> int:
    index = read_uint(context, DELAYED_COUNT_SLOT)
    message = DelayedMessage(
        index, kind, context.sender, recipient, context.value, context.timestamp, data
    )
    message_hash = call_keccak256(context, encode_delayed_message(message))
    record: list[AbiValue] = [message_hash, context.timestamp]
    write_struct(context, compute_delayed_message_slot(index), DELAYED_MESSAGE_RECORD_TYPES, record)
    write_uint(context, DELAYED_COUNT_SLOT, index + 1)
    fields: list[AbiValue] = [
        index,
        kind,
        context.sender,
        recipient,
        context.value,
        context.timestamp,
        data,
    ]
    emit_event(context, "MessageEnqueued", DELAYED_MESSAGE_ABI_TYPES, fields)
    return index


def _defeat_output(
    context: CallContext, output_index: int, record: OutputRecord, challenger: Address
) -> None:
    _write_output(context, output_index, replace(record, status=OUTPUT_DEFEATED))
    transfer_ether(context, challenger, Wei(OUTPUT_BOND_WEI))
    emit_event(context, "OutputDefeated", ("uint256", "address"), [output_index, challenger])


def rollup_constructor(
    context: CallContext, sequencer: Address, challenger: Address, l2_chain_id: int
) -> tuple[AbiValue, ...]:
    """Store the sequencer, the challenger (zero: none) and the L2 chain id."""
    write_struct(context, CONFIG_SLOT, CONFIG_TYPES, [sequencer, challenger, l2_chain_id])
    return ()


def rollup_append_batch(
    context: CallContext, batch_data: bytes, delayed_messages_read: int
) -> tuple[AbiValue, ...]:
    """Append the sequencer's batch and the delayed messages it reads; return its index."""
    sequencer, _, _ = _read_config(context)
    if context.sender != sequencer:
        raise NotSequencer(f"only the sequencer 0x{sequencer.hex()} appends batches")
    if len(batch_data) > MAX_BATCH_DATA_BYTES:
        raise BatchDataTooLarge(f"batch data is at most {MAX_BATCH_DATA_BYTES} bytes")
    batch_count, already_read, accumulator = _read_inbox(context)
    queued = read_uint(context, DELAYED_COUNT_SLOT)
    if not already_read <= delayed_messages_read <= queued:
        raise DelayedMessagesReadOutOfRange(
            f"{delayed_messages_read} is not in [{already_read}, {queued}]"
        )
    data_hash = call_keccak256(context, batch_data)
    return (_append_batch(context, batch_count, accumulator, data_hash, delayed_messages_read),)


def rollup_force_include(context: CallContext, delayed_messages_read: int) -> tuple[AbiValue, ...]:
    """Append an empty batch reading delayed messages past the window; return its index."""
    batch_count, already_read, accumulator = _read_inbox(context)
    queued = read_uint(context, DELAYED_COUNT_SLOT)
    if not already_read < delayed_messages_read <= queued:
        raise DelayedMessagesReadOutOfRange(
            f"{delayed_messages_read} is not in [{already_read + 1}, {queued}]"
        )
    # the youngest message forced in must have waited out the window
    slot = compute_delayed_message_slot(delayed_messages_read - 1)
    record = read_struct(context, slot, DELAYED_MESSAGE_RECORD_TYPES)
    if record is None:
        raise DelayedMessagesReadOutOfRange(f"no delayed message {delayed_messages_read - 1}")
    enqueued_at = abi_int(record[1])
    if context.timestamp < enqueued_at + FORCE_INCLUSION_WINDOW_SECONDS:
        raise ForceInclusionTooEarly(
            f"message {delayed_messages_read - 1} may be forced from "
            f"{enqueued_at + FORCE_INCLUSION_WINDOW_SECONDS}"
        )
    batch_index = _append_batch(
        context, batch_count, accumulator, EMPTY_BATCH_DATA_HASH, delayed_messages_read
    )
    return (batch_index,)


def rollup_deposit(context: CallContext, l2_recipient: Address) -> tuple[AbiValue, ...]:
    """Queue a deposit of the call's value to `l2_recipient`; return its message index."""
    return (_enqueue_message(context, DEPOSIT_MESSAGE, l2_recipient, b""),)


def rollup_enqueue_transaction(
    context: CallContext, signed_transaction: bytes
) -> tuple[AbiValue, ...]:
    """Queue a signed L2 transaction for forced inclusion; return its message index."""
    if len(signed_transaction) > MAX_FORCED_TRANSACTION_BYTES:
        raise BatchDataTooLarge(
            f"a queued transaction is at most {MAX_FORCED_TRANSACTION_BYTES} bytes"
        )
    index = _enqueue_message(context, FORCED_TRANSACTION_MESSAGE, ZERO_ADDRESS, signed_transaction)
    return (index,)


def rollup_propose_output(
    context: CallContext, output_root: Hash32, l2_block_number: int
) -> tuple[AbiValue, ...]:
    """Record an output root for a posted L2 block against the bond; return its index."""
    if context.value != OUTPUT_BOND_WEI:
        raise BondMismatch(f"the bond is {OUTPUT_BOND_WEI} wei, got {context.value}")
    batch_count, _, _ = _read_inbox(context)
    if l2_block_number > batch_count:
        raise L2BlockNotPosted(f"L2 block {l2_block_number} is after the last batch {batch_count}")
    output_index = read_uint(context, OUTPUT_COUNT_SLOT)
    record = OutputRecord(
        output_root, l2_block_number, context.sender, context.timestamp, OUTPUT_PROPOSED, 0
    )
    _write_output(context, output_index, record)
    write_uint(context, OUTPUT_COUNT_SLOT, output_index + 1)
    fields: list[AbiValue] = [output_index, output_root, l2_block_number, context.sender]
    emit_event(context, "OutputProposed", OUTPUT_PROPOSED_TYPES, fields)
    return (output_index,)


def rollup_resolve_output(context: CallContext, output_index: int) -> tuple[AbiValue, ...]:
    """Finalize an undisputed output past its window and return the bond to its proposer."""
    record = _read_output(context, output_index)
    if record.status != OUTPUT_PROPOSED:
        raise OutputAlreadyResolved(f"output {output_index} is already finalized or defeated")
    if not is_output_finalized(record, context.timestamp):
        raise OutputNotFinalized(f"output {output_index} is in its window or disputed")
    _write_output(context, output_index, replace(record, status=OUTPUT_FINALIZED))
    transfer_ether(context, record.proposer, Wei(OUTPUT_BOND_WEI))
    emit_event(context, "OutputFinalized", ("uint256",), [output_index])
    return ()


def open_output_dispute(context: CallContext, output_index: int) -> None:
    """Count a dispute open against an output within its challenge window."""
    record = _read_output(context, output_index)
    if record.status != OUTPUT_PROPOSED:
        raise OutputAlreadyResolved(f"output {output_index} is already finalized or defeated")
    if context.timestamp >= record.proposed_at + CHALLENGE_WINDOW_SECONDS:
        raise ChallengeWindowOver(f"the challenge window of output {output_index} is over")
    _write_output(context, output_index, replace(record, open_disputes=record.open_disputes + 1))


def close_output_dispute(
    context: CallContext, output_index: int, defeated: bool, challenger: Address
) -> None:
    """Count a dispute on an output closed; defeat the output if the dispute won."""
    record = _read_output(context, output_index)
    if record.open_disputes == 0:
        raise NoOpenDispute(f"output {output_index} has no open dispute")
    record = replace(record, open_disputes=record.open_disputes - 1)
    if defeated and record.status == OUTPUT_PROPOSED:
        _defeat_output(context, output_index, record, challenger)
    else:
        _write_output(context, output_index, record)


def invalidate_output(context: CallContext, output_index: int, challenger: Address) -> None:
    """Defeat an output that is not final and pay its bond to `challenger`."""
    record = _read_output(context, output_index)
    if record.status != OUTPUT_PROPOSED:
        raise OutputAlreadyResolved(f"output {output_index} is already finalized or defeated")
    if is_output_finalized(record, context.timestamp):
        raise ChallengeWindowOver(f"output {output_index} is past its challenge window")
    _defeat_output(context, output_index, record, challenger)


def rollup_invalidate_output(context: CallContext, output_index: int) -> tuple[AbiValue, ...]:
    """Let the permissioned challenger defeat an output that is not final."""
    _, challenger, _ = _read_config(context)
    if challenger == ZERO_ADDRESS or context.sender != challenger:
        raise NotChallenger("only the permissioned challenger invalidates outputs directly")
    invalidate_output(context, output_index, context.sender)
    return ()


def rollup_finalize_withdrawal(
    context: CallContext,
    output_index: int,
    output_root_proof: AbiValue,
    withdrawal_fields: AbiValue,
    withdrawal_proof: bytes,
) -> tuple[AbiValue, ...]:
    """Pay a withdrawal proven in a final output to its L1 recipient, once."""
    record = _read_output(context, output_index)
    if record.status == OUTPUT_DEFEATED:
        raise OutputDefeated(f"output {output_index} was defeated")
    if not is_output_finalized(record, context.timestamp):
        raise OutputNotFinalized(f"output {output_index} is in its window or disputed")
    withdrawal = withdrawal_from_abi(withdrawal_fields)
    charge_gas(context, WITHDRAWAL_VERIFICATION_GAS)
    withdrawal_hash = compute_withdrawal_hash(withdrawal)
    slot = compute_withdrawal_slot(withdrawal_hash)
    if read_uint(context, slot) != 0:
        raise WithdrawalAlreadyFinalized(f"withdrawal 0x{withdrawal_hash.hex()} was paid")
    proof = output_root_proof_from_abi(output_root_proof)
    validate_withdrawal_proof(record.output_root, proof, withdrawal, withdrawal_proof)
    # the withdrawal is marked before the ether moves, so that it cannot be paid twice
    write_uint(context, slot, 1)
    transfer_ether(context, withdrawal.l1_recipient, withdrawal.value)
    fields: list[AbiValue] = [withdrawal_hash, withdrawal.l1_recipient, withdrawal.value]
    emit_event(context, "WithdrawalFinalized", WITHDRAWAL_FINALIZED_TYPES, fields)
    return ()


def rollup_get_config(context: CallContext) -> tuple[AbiValue, ...]:
    """Return the sequencer, the challenger and the L2 chain id."""
    return _read_config(context)


def rollup_get_inbox(context: CallContext) -> tuple[AbiValue, ...]:
    """Return the batch count, delayed messages read, accumulator and messages queued."""
    batch_count, delayed_messages_read, accumulator = _read_inbox(context)
    queued = read_uint(context, DELAYED_COUNT_SLOT)
    return batch_count, delayed_messages_read, accumulator, queued


def rollup_get_delayed_message(context: CallContext, index: int) -> tuple[AbiValue, ...]:
    """Return the hash and L1 time of delayed message `index`, or zeros."""
    slot = compute_delayed_message_slot(index)
    record = read_struct(context, slot, DELAYED_MESSAGE_RECORD_TYPES)
    return record if record is not None else (ZERO_HASH, 0)


def rollup_get_output(context: CallContext, output_index: int) -> tuple[AbiValue, ...]:
    """Return every field of output `output_index`."""
    record = _read_output(context, output_index)
    return (
        record.output_root,
        record.l2_block_number,
        record.proposer,
        record.proposed_at,
        record.status,
        record.open_disputes,
    )


def rollup_get_output_count(context: CallContext) -> tuple[AbiValue, ...]:
    """Return the number of outputs proposed."""
    return (read_uint(context, OUTPUT_COUNT_SLOT),)


def rollup_is_withdrawal_finalized(
    context: CallContext, withdrawal_hash: Hash32
) -> tuple[AbiValue, ...]:
    """Return whether the withdrawal with this hash has been paid out."""
    return (read_uint(context, compute_withdrawal_slot(withdrawal_hash)) != 0,)


def build_rollup_contract(name: str, extra_methods: tuple[Method, ...]) -> ContractDefinition:
    """Return the rollup contract definition named `name` with extra methods appended."""
    return ContractDefinition(
        name=name,
        constructor=Method("constructor", CONFIG_TYPES, (), rollup_constructor),
        methods=(
            Method("appendBatch", ("bytes", "uint256"), ("uint256",), rollup_append_batch),
            Method("forceInclude", ("uint256",), ("uint256",), rollup_force_include),
            Method("deposit", ("address",), ("uint256",), rollup_deposit, payable=True),
            Method("enqueueTransaction", ("bytes",), ("uint256",), rollup_enqueue_transaction),
            Method(
                "proposeOutput",
                ("bytes32", "uint256"),
                ("uint256",),
                rollup_propose_output,
                payable=True,
            ),
            Method("resolveOutput", ("uint256",), (), rollup_resolve_output),
            Method("invalidateOutput", ("uint256",), (), rollup_invalidate_output),
            Method(
                "finalizeWithdrawal",
                FINALIZE_WITHDRAWAL_ARGUMENT_TYPES,
                (),
                rollup_finalize_withdrawal,
            ),
            Method("getConfig", (), CONFIG_TYPES, rollup_get_config),
            Method("getInbox", (), (*INBOX_TYPES, "uint256"), rollup_get_inbox),
            Method(
                "getDelayedMessage",
                ("uint256",),
                DELAYED_MESSAGE_RECORD_TYPES,
                rollup_get_delayed_message,
            ),
            Method("getOutput", ("uint256",), OUTPUT_RECORD_TYPES, rollup_get_output),
            Method("getOutputCount", (), ("uint256",), rollup_get_output_count),
            Method(
                "isWithdrawalFinalized", ("bytes32",), ("bool",), rollup_is_withdrawal_finalized
            ),
            *extra_methods,
        ),
    )


OPTIMISTIC_ROLLUP_CONTRACT = build_rollup_contract(ROLLUP_CONTRACT_NAME, ())
