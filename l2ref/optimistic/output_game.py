"""The output game: the rollup's output roots disputed transaction by transaction, through the
dispute game built into a variant of the rollup contract. See specs/optimistic/output_game.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial

from l2ref.crypto.hash import keccak256
from l2ref.crypto.merkle import compute_merkle_proof, verify_merkle_proof
from l2ref.crypto.secp256k1 import PrivateKey
from l2ref.encoding.abi import AbiValue, abi_bytes, abi_int, abi_items, decode_abi, encode_abi
from l2ref.errors import (
    DecodingError,
    DisputedDataMismatch,
    GameNotFound,
    IncompleteL2Witness,
    InvalidAnchor,
    InvalidL2Transaction,
    InvalidL2Witness,
    InvalidSignature,
    OutputAlreadyDisputed,
    TraceTooLong,
)
from l2ref.l1.chain import compute_list_root
from l2ref.l1.contracts import (
    CallContext,
    ContractDefinition,
    ContractFunction,
    Method,
    call_keccak256,
    charge_gas,
    compute_storage_slot,
    read_struct,
    read_uint,
    write_struct,
    write_uint,
)
from l2ref.l1.driver import LocalChain, get_time, send_method_call, view_call
from l2ref.l1.gas import ECRECOVER_GAS, compute_keccak256_gas
from l2ref.l1.state import State, get_storage
from l2ref.l1.types import BlockNumber, ChainId, Seconds, Wei
from l2ref.optimistic.batches import decode_batch
from l2ref.optimistic.contracts import (
    CHALLENGE_WINDOW_SECONDS,
    EMPTY_BATCH_DATA_HASH,
    OUTPUT_DEFEATED,
    OUTPUT_PROPOSED,
    DelayedMessage,
    OutputRecord,
    build_rollup_contract,
    close_output_dispute,
    compute_output_root,
    compute_worst_case_withdrawal_seconds,
    decode_delayed_message,
    delayed_message_to_l2_transaction,
    encode_delayed_message,
    is_output_finalized,
    open_output_dispute,
    rollup_append_batch,
    rollup_force_include,
    rollup_get_config,
    rollup_get_delayed_message,
    rollup_get_output,
)
from l2ref.optimistic.derivation import (
    L2BlockHeader,
    L2Chain,
    RollupInputs,
    compute_l2_block_hash,
    derive_l2_block,
    derive_l2_chain,
    get_l2_output_root,
    is_output_valid,
    new_l2_chain,
    read_rollup_inputs,
    view_output_record,
)
from l2ref.optimistic.dispute_game import (
    ROOT_POSITION,
    GameStatus,
    StepSystem,
    Trace,
    compute_attack_position,
    compute_game_duration_bound,
    compute_required_bond,
    create_game,
    dispute_game_attack,
    dispute_game_get_claim,
    dispute_game_resolve,
    get_game_view,
    get_trace_claim,
    make_dispute_game_contract,
)
from l2ref.optimistic.honest import (
    compute_move_call,
    honest_challenger_moves,
    honest_resolver_moves,
)
from l2ref.optimistic.l2_state import (
    AnyL2Transaction,
    L2Account,
    L2TransactionWitness,
    apply_l2_transaction,
    compute_l2_state_root,
    compute_l2_transaction_effects,
    compute_l2_transaction_hash,
    compute_l2_transaction_witness,
    compute_post_state_root_from_witness,
    decode_any_l2_transaction,
    decode_l2_transaction_witness,
    encode_any_l2_transaction,
    encode_l2_transaction_witness,
    get_l2_accounts_root,
    get_l2_withdrawals_root,
)
from l2ref.types import Address, Hash32

OUTPUT_GAME_ROLLUP_CONTRACT_NAME = "OptimisticRollupWithOutputGame"

OUTPUT_GAME_MAX_DEPTH = 12

GENESIS_ANCHOR_INDEX = 2**256 - 1

TRACE_ITEM_TRANSACTION = 0

TRACE_ITEM_SEAL = 1

NO_APPLIED_TRANSACTIONS = Hash32(bytes(32))

IN_BLOCK_COMMITMENT_VERSION = (1).to_bytes(32, "big")

TRACE_ITEM_ABI_TYPES = ("uint256", "bytes")

SEAL_ABI_TYPES = ("uint256", "uint256", "uint256")

OUTPUT_GAME_INPUT_TYPES = ("uint256", "uint256", "uint256", "bytes32", "bytes32", "uint256")

TRACE_STATE_ABI_TYPE = "(bytes32,bytes32,bytes32,bytes32)"

TRACE_STEP_PROOF_TYPES = ("bytes", "bytes32[]", TRACE_STATE_ABI_TYPE, "bytes", "bytes[]")

BATCH_RECORD_TYPES = ("bytes32", "uint256", "uint256", "uint256")

DISPUTED_DATA_ABI_TYPE = "(uint256,bytes[],bytes[])"

CHALLENGE_OUTPUT_ARGUMENT_TYPES = ("uint256", "bytes32", DISPUTED_DATA_ABI_TYPE)

SMT_PATH_GAS = compute_keccak256_gas(65) + 256 * compute_keccak256_gas(65)


@dataclass(frozen=True)
class OutputGameInput:
    """What an output game disputes: the anchor and disputed blocks and the trace items."""

    l2_chain_id: ChainId
    # the trace runs from the output of the anchor block to the output of the disputed block
    anchor_block_number: int
    l2_block_number: int
    anchor_output_root: Hash32
    # the Merkle root of the trace items and their number
    items_root: Hash32
    item_count: int


@dataclass(frozen=True)
class TraceBlock:
    """An L2 block of the trace as its batch made it: number, data, messages read, L1 origin."""

    number: int
    # the batch's data as appendBatch received it; empty for a forced inclusion
    data: bytes
    delayed_messages_read: int
    l1_block_number: BlockNumber
    timestamp: Seconds


@dataclass(frozen=True)
class TraceState:
    """The state between two trace steps: L2 roots, last sealed block hash, applied hash."""

    accounts_root: Hash32
    withdrawals_root: Hash32
    # the hash of the last sealed L2 block: the parent of the block being built
    block_hash: Hash32
    # the hash chain of the transactions applied in the block being built
    applied_hash: Hash32


@dataclass(frozen=True)
class TraceStepProof:
    """The proof of one trace step: the item with its Merkle proof, pre-state and witness."""

    # the trace item of the step, and its Merkle proof in the game's items root
    item: bytes
    item_proof: tuple[Hash32, ...]
    # the state the pre-state commitment commits to
    pre: TraceState
    # a transaction step: its encoded L2TransactionWitness; empty for a seal
    witness: bytes
    # a seal: the encodings of the transactions applied in the block; empty for a transaction
    block_transactions: tuple[bytes, ...]


@dataclass(frozen=True)
class OutputGameTrace:
    """An honest output game trace with its input, items and the data challengeOutput takes."""

    game_input: OutputGameInput
    items: tuple[bytes, ...]
    # what challengeOutput takes: the batch data of the disputed blocks and the delayed messages
    batch_data: tuple[bytes, ...]
    messages: tuple[bytes, ...]
    trace: Trace


def encode_output_game_input(game_input: OutputGameInput) -> bytes:
    """Return the ABI encoding of an output game input: the game's input bytes."""
    fields: list[AbiValue] = [
        game_input.l2_chain_id,
        game_input.anchor_block_number,
        game_input.l2_block_number,
        game_input.anchor_output_root,
        game_input.items_root,
        game_input.item_count,
    ]
    return encode_abi(OUTPUT_GAME_INPUT_TYPES, fields)


def decode_output_game_input(data: bytes) -> OutputGameInput:
    """Decode an output game input from its ABI encoding."""
    chain_id, anchor, number, anchor_root, items_root, count = decode_abi(
        OUTPUT_GAME_INPUT_TYPES, data
    )
    return OutputGameInput(
        l2_chain_id=ChainId(abi_int(chain_id)),
        anchor_block_number=abi_int(anchor),
        l2_block_number=abi_int(number),
        anchor_output_root=Hash32(abi_bytes(anchor_root)),
        items_root=Hash32(abi_bytes(items_root)),
        item_count=abi_int(count),
    )


def encode_transaction_item(transaction: AnyL2Transaction) -> bytes:
    """Return the trace item that applies one L2 transaction."""
    payload = encode_any_l2_transaction(transaction)
    return encode_abi(TRACE_ITEM_ABI_TYPES, [TRACE_ITEM_TRANSACTION, payload])


def encode_seal_item(block: TraceBlock) -> bytes:
    """Return the trace item that seals a block: its number, L1 block number and time."""
    payload = encode_abi(SEAL_ABI_TYPES, [block.number, block.l1_block_number, block.timestamp])
    return encode_abi(TRACE_ITEM_ABI_TYPES, [TRACE_ITEM_SEAL, payload])


def compute_in_block_commitment(
    state_root: Hash32, block_hash: Hash32, applied_hash: Hash32
) -> Hash32:
    """Return the commitment to a block being built: state, parent, applied hash."""
    return keccak256(IN_BLOCK_COMMITMENT_VERSION + state_root + block_hash + applied_hash)


def compute_trace_commitment(state: TraceState) -> Hash32:
    """Return a trace state's commitment: an output root between blocks, else in-block."""
    state_root = compute_l2_state_root(state.accounts_root, state.withdrawals_root)
    if state.applied_hash == NO_APPLIED_TRANSACTIONS:
        # between blocks the commitment is the output root of the last sealed block
        return compute_output_root(state_root, state.withdrawals_root, state.block_hash)
    return compute_in_block_commitment(state_root, state.block_hash, state.applied_hash)


def compute_applied_hash(previous: Hash32, transaction_hash: Hash32) -> Hash32:
    """Return the applied hash chain extended by one transaction hash."""
    return keccak256(previous + transaction_hash)


def compute_trace_items(
    blocks: Sequence[TraceBlock], messages: Sequence[DelayedMessage], messages_start: int
) -> tuple[bytes, ...]:
    """Return the trace items of the blocks: delayed messages, batch transactions, seal."""
    # derive_l2_block's order: each block's delayed messages, its batch, then its seal
    items: list[bytes] = []
    read = messages_start
    for block in blocks:
        for message in messages[
            read - messages_start : block.delayed_messages_read - messages_start
        ]:
            try:
                transaction = delayed_message_to_l2_transaction(message)
            except DecodingError:
                # an undecodable forced transaction changes nothing: it is no item
                continue
            items.append(encode_transaction_item(transaction))
        read = block.delayed_messages_read
        sequenced: tuple[AnyL2Transaction, ...] = ()
        if block.data:
            try:
                sequenced = decode_batch(block.data)
            except DecodingError:
                sequenced = ()
        items.extend(encode_transaction_item(transaction) for transaction in sequenced)
        items.append(encode_seal_item(block))
    return tuple(items)


def compute_items_root(items: Sequence[bytes]) -> Hash32:
    """Return the list root of the trace items."""
    return compute_list_root(items)


def compute_genesis_output_root(l2_chain_id: ChainId) -> Hash32:
    """Return the output root of the genesis L2 block of chain `l2_chain_id`."""
    return get_l2_output_root(new_l2_chain(l2_chain_id), 0)


def trace_state_to_abi(state: TraceState) -> AbiValue:
    """Return a trace state as an ABI tuple of its four hashes."""
    return (state.accounts_root, state.withdrawals_root, state.block_hash, state.applied_hash)


def encode_trace_step_proof(proof: TraceStepProof) -> bytes:
    """Return the ABI encoding of a trace step proof."""
    fields: list[AbiValue] = [
        proof.item,
        list(proof.item_proof),
        trace_state_to_abi(proof.pre),
        proof.witness,
        list(proof.block_transactions),
    ]
    return encode_abi(TRACE_STEP_PROOF_TYPES, fields)


def decode_trace_step_proof(data: bytes) -> TraceStepProof:
    """Decode a trace step proof from its ABI encoding."""
    item, item_proof, pre, witness, block_transactions = decode_abi(TRACE_STEP_PROOF_TYPES, data)
    accounts_root, withdrawals_root, block_hash, applied_hash = abi_items(pre)
    return TraceStepProof(
        item=abi_bytes(item),
        item_proof=tuple(Hash32(abi_bytes(node)) for node in abi_items(item_proof)),
        pre=TraceState(
            Hash32(abi_bytes(accounts_root)),
            Hash32(abi_bytes(withdrawals_root)),
            Hash32(abi_bytes(block_hash)),
            Hash32(abi_bytes(applied_hash)),
        ),
        witness=abi_bytes(witness),
        block_transactions=tuple(abi_bytes(entry) for entry in abi_items(block_transactions)),
    )


def _is_applied(
    chain_id: ChainId, transaction: AnyL2Transaction, witness: L2TransactionWitness
) -> bool:
    # called once the witness verified: it holds every account the transaction reads
    known = {entry.address: entry.account for entry in witness.accounts}

    def read_account(address: Address) -> L2Account:
        return known[address]

    try:
        compute_l2_transaction_effects(chain_id, transaction, read_account)
    except (InvalidL2Transaction, InvalidSignature):
        return False
    return True


def execute_transaction_item(
    chain_id: ChainId, pre: TraceState, payload: bytes, witness_data: bytes
) -> Hash32 | None:
    """Return the commitment after a transaction item from its witness, or None."""
    try:
        transaction = decode_any_l2_transaction(payload)
        witness = decode_l2_transaction_witness(witness_data)
    except DecodingError:
        return None
    if (witness.accounts_root, witness.withdrawals_root) != (
        pre.accounts_root,
        pre.withdrawals_root,
    ):
        return None
    pre_state_root = compute_l2_state_root(pre.accounts_root, pre.withdrawals_root)
    try:
        post_state_root = compute_post_state_root_from_witness(
            chain_id, pre_state_root, transaction, witness
        )
    except (InvalidL2Witness, IncompleteL2Witness):
        return None
    if not _is_applied(chain_id, transaction, witness):
        # a skipped transaction leaves the state, and the block being built, unchanged
        return compute_trace_commitment(pre)
    applied_hash = compute_applied_hash(pre.applied_hash, compute_l2_transaction_hash(transaction))
    return compute_in_block_commitment(post_state_root, pre.block_hash, applied_hash)


def execute_seal_item(
    pre: TraceState, payload: bytes, block_transactions: Sequence[bytes]
) -> Hash32 | None:
    """Return the output root after sealing the block being built, or None if invalid."""
    try:
        number, l1_block_number, timestamp = decode_abi(SEAL_ABI_TYPES, payload)
    except DecodingError:
        return None
    applied_hash = NO_APPLIED_TRANSACTIONS
    for encoded in block_transactions:
        applied_hash = compute_applied_hash(applied_hash, keccak256(encoded))
    if applied_hash != pre.applied_hash:
        return None
    state_root = compute_l2_state_root(pre.accounts_root, pre.withdrawals_root)
    header = L2BlockHeader(
        number=abi_int(number),
        parent_hash=pre.block_hash,
        l1_block_number=BlockNumber(abi_int(l1_block_number)),
        timestamp=Seconds(abi_int(timestamp)),
        transactions_root=compute_list_root(block_transactions),
        state_root=state_root,
    )
    return compute_output_root(state_root, pre.withdrawals_root, compute_l2_block_hash(header))


def compute_output_game_prestate(game_input: bytes) -> Hash32 | None:
    """Return the game's absolute prestate: its anchor output root, or None."""
    try:
        return decode_output_game_input(game_input).anchor_output_root
    except DecodingError:
        return None


def execute_output_trace_step(
    game_input: bytes, pre_state: Hash32, step_index: int, proof: bytes
) -> Hash32 | None:
    """Return the commitment after trace step `step_index` from its proof, or None."""
    try:
        bound = decode_output_game_input(game_input)
    except DecodingError:
        return None
    if step_index >= bound.item_count:
        # past the seal of the disputed block every step is a no-op
        return pre_state if proof == b"" else None
    try:
        step = decode_trace_step_proof(proof)
        kind, payload = decode_abi(TRACE_ITEM_ABI_TYPES, step.item)
    except DecodingError:
        return None
    if not verify_merkle_proof(
        bound.items_root, step.item, step_index, bound.item_count, step.item_proof
    ):
        return None
    if compute_trace_commitment(step.pre) != pre_state:
        return None
    if abi_int(kind) == TRACE_ITEM_TRANSACTION:
        return execute_transaction_item(
            bound.l2_chain_id, step.pre, abi_bytes(payload), step.witness
        )
    if abi_int(kind) == TRACE_ITEM_SEAL:
        return execute_seal_item(step.pre, abi_bytes(payload), step.block_transactions)
    return None


def compute_output_trace_step_gas(proof: bytes) -> int:
    """Return the L1 gas of checking a trace step proof: its hashing and ecrecover."""
    try:
        step = decode_trace_step_proof(proof)
    except DecodingError:
        # a padding step, or a proof rejected before any hashing
        return 0
    # the item's leaf and path, the pre-state's roots and commitment, the post commitment
    gas = compute_keccak256_gas(1 + len(step.item)) + len(step.item_proof) * compute_keccak256_gas(
        65
    )
    gas += compute_keccak256_gas(64) + 2 * compute_keccak256_gas(128)
    if step.witness:
        try:
            witness = decode_l2_transaction_witness(step.witness)
        except DecodingError:
            return gas
        # each witnessed key is verified, and each one the transaction writes is hashed again
        keys = len(witness.accounts) + len(witness.withdrawals)
        gas += 2 * keys * SMT_PATH_GAS + ECRECOVER_GAS + compute_keccak256_gas(len(step.item))
    for encoded in step.block_transactions:
        # the transaction's hash, its link in the chain, its leaf and a node of the list root
        gas += compute_keccak256_gas(len(encoded)) + compute_keccak256_gas(64)
        gas += compute_keccak256_gas(1 + len(encoded)) + compute_keccak256_gas(65)
    if not step.witness:
        # the block header of a seal
        gas += compute_keccak256_gas(6 * 32)
    return gas


def make_output_game_step_system(max_game_depth: int) -> StepSystem:
    """Return the output trace step system of depth `max_game_depth`."""
    return StepSystem(
        max_game_depth=max_game_depth,
        compute_absolute_prestate=compute_output_game_prestate,
        execute_step=execute_output_trace_step,
        compute_step_gas=compute_output_trace_step_gas,
    )


OUTPUT_GAME_STEP_SYSTEM = make_output_game_step_system(OUTPUT_GAME_MAX_DEPTH)


def compute_trace_blocks(
    inputs: RollupInputs, anchor_block_number: int, l2_block_number: int
) -> tuple[TraceBlock, ...]:
    """Return the trace blocks after the anchor up to `l2_block_number`, from the batches."""
    # batch k makes L2 block k; inputs.batches[k - 1] is batch k
    return tuple(
        TraceBlock(
            number=batch.batch_index,
            data=batch.data,
            delayed_messages_read=batch.delayed_messages_read,
            l1_block_number=batch.l1_block_number,
            timestamp=batch.timestamp,
        )
        for batch in inputs.batches[anchor_block_number:l2_block_number]
    )


def _prove_trace_step(
    items: tuple[bytes, ...], proofs: tuple[TraceStepProof, ...], step_index: int
) -> bytes:
    if step_index >= len(proofs):
        # a padding step needs no proof
        return b""
    item_proof = compute_merkle_proof(items, step_index)
    return encode_trace_step_proof(replace(proofs[step_index], item_proof=item_proof))


def compute_output_game_trace(
    inputs: RollupInputs, anchor_block_number: int, l2_block_number: int, max_game_depth: int
) -> OutputGameTrace:
    """Return the honest trace from the anchor block's output to the disputed block's."""
    chain = new_l2_chain(inputs.l2_chain_id)
    chain.delayed_messages = list(inputs.delayed_messages)
    for batch in inputs.batches[:anchor_block_number]:
        derive_l2_block(chain, batch)
    blocks = compute_trace_blocks(inputs, anchor_block_number, l2_block_number)
    start = chain.delayed_messages_read
    end = blocks[-1].delayed_messages_read if blocks else start
    messages = inputs.delayed_messages[start:end]
    items = compute_trace_items(blocks, messages, start)
    if len(items) > 2**max_game_depth:
        raise TraceTooLong(f"{len(items)} trace items do not fit a depth-{max_game_depth} game")
    state = chain.state
    current = TraceState(
        get_l2_accounts_root(state),
        get_l2_withdrawals_root(state),
        chain.block_hashes[-1],
        NO_APPLIED_TRANSACTIONS,
    )
    anchor_root = compute_trace_commitment(current)
    commitments = [anchor_root]
    proofs: list[TraceStepProof] = []
    applied: list[bytes] = []
    for item in items:
        kind, payload = decode_abi(TRACE_ITEM_ABI_TYPES, item)
        witness = b""
        block_transactions: tuple[bytes, ...] = ()
        pre = current
        if abi_int(kind) == TRACE_ITEM_TRANSACTION:
            transaction = decode_any_l2_transaction(abi_bytes(payload))
            witness = encode_l2_transaction_witness(
                compute_l2_transaction_witness(state, transaction)
            )
            if apply_l2_transaction(state, transaction).applied:
                applied.append(encode_any_l2_transaction(transaction))
                applied_hash = compute_applied_hash(
                    current.applied_hash, compute_l2_transaction_hash(transaction)
                )
                current = TraceState(
                    get_l2_accounts_root(state),
                    get_l2_withdrawals_root(state),
                    current.block_hash,
                    applied_hash,
                )
        else:
            number, l1_block_number, timestamp = decode_abi(SEAL_ABI_TYPES, abi_bytes(payload))
            block_transactions = tuple(applied)
            header = L2BlockHeader(
                number=abi_int(number),
                parent_hash=current.block_hash,
                l1_block_number=BlockNumber(abi_int(l1_block_number)),
                timestamp=Seconds(abi_int(timestamp)),
                transactions_root=compute_list_root(block_transactions),
                state_root=compute_l2_state_root(current.accounts_root, current.withdrawals_root),
            )
            current = replace(
                current,
                block_hash=compute_l2_block_hash(header),
                applied_hash=NO_APPLIED_TRANSACTIONS,
            )
            applied = []
        # the item's Merkle proof is computed when the step is proved
        proofs.append(TraceStepProof(item, (), pre, witness, block_transactions))
        commitments.append(compute_trace_commitment(current))
    commitments += [commitments[-1]] * (2**max_game_depth + 1 - len(commitments))
    game_input = OutputGameInput(
        l2_chain_id=inputs.l2_chain_id,
        anchor_block_number=anchor_block_number,
        l2_block_number=l2_block_number,
        anchor_output_root=anchor_root,
        items_root=compute_items_root(items),
        item_count=len(items),
    )
    trace = Trace(
        max_game_depth, tuple(commitments), partial(_prove_trace_step, items, tuple(proofs))
    )
    return OutputGameTrace(
        game_input=game_input,
        items=items,
        batch_data=tuple(block.data for block in blocks),
        messages=tuple(encode_delayed_message(message) for message in messages),
        trace=trace,
    )


def compute_batch_record_slot(batch_index: int) -> Hash32:
    """Return the storage slot of the record of batch `batch_index`."""
    return compute_storage_slot("output_game.batch", batch_index.to_bytes(32, "big"))


def compute_output_game_slot(output_index: int) -> Hash32:
    """Return the storage slot of the game that disputes output `output_index`."""
    return compute_storage_slot("output_game.game_of_output", output_index.to_bytes(32, "big"))


def compute_game_output_slot(game_id: int) -> Hash32:
    """Return the storage slot of the output (index + 1) that game `game_id` disputes."""
    return compute_storage_slot("output_game.output_of_game", game_id.to_bytes(32, "big"))


def _write_batch_record(
    context: CallContext, batch_index: int, data_hash: Hash32, delayed_messages_read: int
) -> None:
    fields: list[AbiValue] = [
        data_hash,
        delayed_messages_read,
        context.block_number,
        context.timestamp,
    ]
    write_struct(context, compute_batch_record_slot(batch_index), BATCH_RECORD_TYPES, fields)


def _read_batch_record(context: CallContext, batch_index: int) -> tuple[Hash32, TraceBlock]:
    record = read_struct(context, compute_batch_record_slot(batch_index), BATCH_RECORD_TYPES)
    if record is None:
        raise DisputedDataMismatch(f"no batch {batch_index} was appended")
    data_hash, delayed_messages_read, l1_block_number, timestamp = record
    block = TraceBlock(
        number=batch_index,
        data=b"",
        delayed_messages_read=abi_int(delayed_messages_read),
        l1_block_number=BlockNumber(abi_int(l1_block_number)),
        timestamp=Seconds(abi_int(timestamp)),
    )
    return Hash32(abi_bytes(data_hash)), block


def _read_output_record(context: CallContext, output_index: int) -> OutputRecord:
    root, l2_block_number, proposer, proposed_at, status, disputes = rollup_get_output(
        context, output_index
    )
    return OutputRecord(
        output_root=Hash32(abi_bytes(root)),
        l2_block_number=abi_int(l2_block_number),
        proposer=Address(abi_bytes(proposer)),
        proposed_at=Seconds(abi_int(proposed_at)),
        status=abi_int(status),
        open_disputes=abi_int(disputes),
    )


def _read_anchor(
    context: CallContext, anchor_index: int, l2_chain_id: ChainId, l2_block_number: int
) -> tuple[int, Hash32]:
    if anchor_index == GENESIS_ANCHOR_INDEX:
        # the genesis output: a header and an output root to hash
        charge_gas(context, compute_keccak256_gas(6 * 32) + compute_keccak256_gas(4 * 32))
        return 0, compute_genesis_output_root(l2_chain_id)
    anchor = _read_output_record(context, anchor_index)
    if anchor.status == OUTPUT_DEFEATED or not is_output_finalized(anchor, context.timestamp):
        raise InvalidAnchor(f"output {anchor_index} is not finalised")
    if anchor.l2_block_number > l2_block_number:
        raise InvalidAnchor(f"output {anchor_index} is after L2 block {l2_block_number}")
    return anchor.l2_block_number, anchor.output_root


def _read_trace_blocks(
    context: CallContext, anchor_block_number: int, l2_block_number: int, batch_data: list[bytes]
) -> tuple[int, tuple[TraceBlock, ...]]:
    if len(batch_data) != l2_block_number - anchor_block_number:
        raise DisputedDataMismatch(
            f"blocks {anchor_block_number + 1} to {l2_block_number} need "
            f"{l2_block_number - anchor_block_number} batches, got {len(batch_data)}"
        )
    start = 0
    if anchor_block_number > 0:
        start = _read_batch_record(context, anchor_block_number)[1].delayed_messages_read
    blocks: list[TraceBlock] = []
    for offset, data in enumerate(batch_data):
        data_hash, block = _read_batch_record(context, anchor_block_number + 1 + offset)
        if call_keccak256(context, data) != data_hash:
            raise DisputedDataMismatch(f"the data given for batch {block.number} is not its data")
        blocks.append(replace(block, data=data))
    return start, tuple(blocks)


def _read_delayed_messages(
    context: CallContext, start: int, end: int, messages: list[bytes]
) -> tuple[DelayedMessage, ...]:
    if len(messages) != end - start:
        raise DisputedDataMismatch(
            f"delayed messages {start} to {end - 1} are {end - start}, got {len(messages)}"
        )
    decoded: list[DelayedMessage] = []
    for offset, data in enumerate(messages):
        message_hash = abi_bytes(rollup_get_delayed_message(context, start + offset)[0])
        if call_keccak256(context, data) != message_hash:
            raise DisputedDataMismatch(f"the message given as {start + offset} is not queued so")
        decoded.append(decode_delayed_message(data))
    return tuple(decoded)


def _charge_items_root(context: CallContext, items: Sequence[bytes]) -> None:
    # a leaf per item and a node per pair
    leaves = sum(compute_keccak256_gas(1 + len(item)) for item in items)
    charge_gas(context, leaves + max(len(items) - 1, 0) * compute_keccak256_gas(65))


def output_game_append_batch(
    context: CallContext, batch_data: bytes, delayed_messages_read: int
) -> tuple[AbiValue, ...]:
    """Append a batch as the rollup does and record its data hash and L1 origin."""
    results = rollup_append_batch(context, batch_data, delayed_messages_read)
    data_hash = call_keccak256(context, batch_data)
    _write_batch_record(context, abi_int(results[0]), data_hash, delayed_messages_read)
    return results


def output_game_force_include(
    context: CallContext, delayed_messages_read: int
) -> tuple[AbiValue, ...]:
    """Force inclusion as the rollup does and record the empty batch it makes."""
    results = rollup_force_include(context, delayed_messages_read)
    _write_batch_record(context, abi_int(results[0]), EMPTY_BATCH_DATA_HASH, delayed_messages_read)
    return results


def output_game_challenge_output(
    context: CallContext,
    output_index: int,
    claim: bytes,
    disputed_data: AbiValue,
    *,
    system: StepSystem,
) -> tuple[AbiValue, ...]:
    """Open an output game on an output from the checked disputed data; return its id."""
    # the anchor, the batch data of the blocks after it, the delayed messages they read
    anchor_value, batch_data, messages = abi_items(disputed_data)
    anchor_index = abi_int(anchor_value)
    record = _read_output_record(context, output_index)
    # a proposed output inside its window, or OutputAlreadyResolved / ChallengeWindowOver
    open_output_dispute(context, output_index)
    game_slot = compute_output_game_slot(output_index)
    existing = read_uint(context, game_slot)
    if existing != 0:
        raise OutputAlreadyDisputed(f"output {output_index} is disputed by game {existing}")
    l2_chain_id = ChainId(abi_int(rollup_get_config(context)[2]))
    anchor_block_number, anchor_root = _read_anchor(
        context, anchor_index, l2_chain_id, record.l2_block_number
    )
    batches = [abi_bytes(item) for item in abi_items(batch_data)]
    start, blocks = _read_trace_blocks(
        context, anchor_block_number, record.l2_block_number, batches
    )
    end = blocks[-1].delayed_messages_read if blocks else start
    delayed = _read_delayed_messages(
        context, start, end, [abi_bytes(item) for item in abi_items(messages)]
    )
    items = compute_trace_items(blocks, delayed, start)
    if len(items) > 2**system.max_game_depth:
        raise TraceTooLong(
            f"{len(items)} trace items do not fit a game of depth 2^{system.max_game_depth}"
        )
    _charge_items_root(context, items)
    game_input = OutputGameInput(
        l2_chain_id=l2_chain_id,
        anchor_block_number=anchor_block_number,
        l2_block_number=record.l2_block_number,
        anchor_output_root=anchor_root,
        items_root=compute_items_root(items),
        item_count=len(items),
    )
    # the root claim is the proposer's output root; the output's own bond stands behind it
    game_id = create_game(
        context,
        anchor_root,
        encode_output_game_input(game_input),
        record.output_root,
        claimant=record.proposer,
        bond=Wei(0),
    )
    write_uint(context, game_slot, game_id)
    write_uint(context, compute_game_output_slot(game_id), output_index + 1)
    # the challenger's first claim, with the ether sent as its bond
    dispute_game_attack(context, game_id, 0, claim, system=system)
    return (game_id,)


def output_game_resolve(context: CallContext, game_id: int) -> tuple[AbiValue, ...]:
    """Resolve an output game and close its output's dispute, defeating it if it lost."""
    (status,) = dispute_game_resolve(context, game_id)
    output_index = read_uint(context, compute_game_output_slot(game_id)) - 1
    # who countered the root claim: the claimant of its left-most standing counter
    countered_by = Address(abi_bytes(dispute_game_get_claim(context, game_id, 0)[1]))
    defeated = abi_int(status) == GameStatus.CHALLENGER_WINS
    close_output_dispute(context, output_index, defeated, countered_by)
    return (status,)


def output_game_get_output_game(context: CallContext, output_index: int) -> tuple[AbiValue, ...]:
    """Return the id of the game disputing output `output_index`; raise if none."""
    game_id = read_uint(context, compute_output_game_slot(output_index))
    if game_id == 0:
        raise GameNotFound(f"no output game disputes output {output_index}")
    return (game_id,)


def output_game_get_batch_record(context: CallContext, batch_index: int) -> tuple[AbiValue, ...]:
    """Return the data hash, messages read, L1 block and time of a batch, or zeros."""
    record = read_struct(context, compute_batch_record_slot(batch_index), BATCH_RECORD_TYPES)
    return record if record is not None else (bytes(32), 0, 0, 0)


def build_output_game_rollup_contract(name: str, system: StepSystem) -> ContractDefinition:
    """Return the rollup contract with the output game built in."""
    game = make_dispute_game_contract(name, system)
    # the game's own create and resolve are replaced by challengeOutput and a resolve that
    # closes the output's dispute
    game_methods = tuple(
        method for method in game.methods if method.name not in ("create", "resolve")
    )
    extra = (
        Method(
            "challengeOutput",
            CHALLENGE_OUTPUT_ARGUMENT_TYPES,
            ("uint256",),
            partial(output_game_challenge_output, system=system),
            payable=True,
        ),
        *game_methods,
        Method("resolve", ("uint256",), ("uint256",), output_game_resolve),
        Method("getOutputGame", ("uint256",), ("uint256",), output_game_get_output_game),
        Method("getBatchRecord", ("uint256",), BATCH_RECORD_TYPES, output_game_get_batch_record),
    )
    rollup = build_rollup_contract(name, extra)
    # the inbox methods also record each batch, for challengeOutput to check
    recorders: dict[str, ContractFunction] = {
        "appendBatch": output_game_append_batch,
        "forceInclude": output_game_force_include,
    }
    methods = tuple(
        replace(method, function=recorders.get(method.name, method.function))
        for method in rollup.methods
    )
    return replace(rollup, methods=methods)


OUTPUT_GAME_ROLLUP_CONTRACT = build_output_game_rollup_contract(
    OUTPUT_GAME_ROLLUP_CONTRACT_NAME, OUTPUT_GAME_STEP_SYSTEM
)


def get_output_game(state: State, rollup: Address, output_index: int) -> int:
    """Return the id of the game disputing an output, read from the L1 state; 0 if none."""
    return int.from_bytes(get_storage(state, rollup, compute_output_game_slot(output_index)), "big")


def compute_worst_case_disputed_withdrawal_seconds(l1_inclusion_delay_seconds: int) -> Seconds:
    """Return the worst-case seconds to a withdrawal whose output an output game disputes."""
    # a game opened at the window's last second runs to its bound, one block resolves it, and
    # the withdrawal is finalised as without a dispute
    undisputed = compute_worst_case_withdrawal_seconds(l1_inclusion_delay_seconds)
    game = compute_game_duration_bound(OUTPUT_GAME_MAX_DEPTH)
    return Seconds(undisputed + game + l1_inclusion_delay_seconds)


def honest_challenger_choose_anchor(
    local: LocalChain, rollup: Address, chain: L2Chain, l2_block_number: int
) -> tuple[int, int]:
    """Return (index, block) of the latest final, valid output up to the block, or the genesis."""
    # the latest finalised output at or before the block that the challenger's derivation
    # confirms; the genesis if there is none
    best_index, best_block = GENESIS_ANCHOR_INDEX, 0
    (output_count,) = view_call(local, rollup, "getOutputCount", [])
    now = get_time(local)
    for output_index in range(abi_int(output_count)):
        record = view_output_record(local, rollup, output_index)
        if record.status == OUTPUT_DEFEATED or not is_output_finalized(record, now):
            continue
        if not best_block < record.l2_block_number <= l2_block_number:
            continue
        if is_output_valid(chain, record.l2_block_number, record.output_root):
            best_index, best_block = output_index, record.l2_block_number
    return best_index, best_block


def honest_challenger_challenge_output(
    local: LocalChain, private_key: PrivateKey, rollup: Address, output_index: int
) -> bool:
    """Open a game on an invalid, unchallenged output in its window; return whether sent."""
    record = view_output_record(local, rollup, output_index)
    chain = derive_l2_chain(local.chain, rollup)
    if record.status != OUTPUT_PROPOSED:
        return False
    if is_output_valid(chain, record.l2_block_number, record.output_root):
        return False
    if get_time(local) >= record.proposed_at + CHALLENGE_WINDOW_SECONDS:
        return False
    if get_output_game(local.chain.state, rollup, output_index) != 0:
        # a game is open: the challenger plays in it
        return False
    anchor_index, anchor_block = honest_challenger_choose_anchor(
        local, rollup, chain, record.l2_block_number
    )
    inputs = read_rollup_inputs(local.chain, rollup)
    output_trace = compute_output_game_trace(
        inputs, anchor_block, record.l2_block_number, OUTPUT_GAME_MAX_DEPTH
    )
    position = compute_attack_position(ROOT_POSITION)
    disputed_data: AbiValue = (
        anchor_index,
        list(output_trace.batch_data),
        list(output_trace.messages),
    )
    claim = get_trace_claim(output_trace.trace, position)
    arguments: list[AbiValue] = [output_index, claim, disputed_data]
    bond = compute_required_bond(position)
    send_method_call(local, private_key, rollup, "challengeOutput", arguments, value=bond)
    return True


def honest_challenger_play_output_game(
    local: LocalChain, private_key: PrivateKey, rollup: Address, game_id: int
) -> int:
    """Send the honest challenger's and resolver's moves; return their count."""
    game = get_game_view(local.chain.state, rollup, game_id, get_time(local))
    bound = decode_output_game_input(game.game_input)
    inputs = read_rollup_inputs(local.chain, rollup)
    output_trace = compute_output_game_trace(
        inputs, bound.anchor_block_number, bound.l2_block_number, OUTPUT_GAME_MAX_DEPTH
    )
    moves = honest_challenger_moves(game, output_trace.trace) + honest_resolver_moves(game)
    for move in moves:
        method, arguments = compute_move_call(move)
        send_method_call(local, private_key, rollup, method, list(arguments), value=move.bond)
    return len(moves)
