"""The L1 model: transactions, blocks, contracts, gas, proofs and the local chain."""

from __future__ import annotations

from dataclasses import replace

import pytest
from l1_helpers import (
    ALICE,
    ALICE_ADDRESS,
    BOB,
    BOB_ADDRESS,
    CAROL_ADDRESS,
    CHAIN_ID,
    CONFIG,
    ETHER,
    GENESIS_TIME,
    PROPOSER,
    new_chain,
    total_ether,
    with_transactions,
)

from l2ref.crypto.hash import keccak256
from l2ref.crypto.secp256k1 import CURVE_ORDER, HALF_CURVE_ORDER, Signature, sign_digest
from l2ref.encoding.abi import encode_abi
from l2ref.errors import (
    BlockGasLimitExceeded,
    DecodingError,
    HighS,
    InsufficientBalance,
    IntrinsicGasTooLow,
    InvalidLength,
    InvalidTransactionType,
    L2RefError,
    NonceTooHigh,
    NonceTooLow,
    NoOpenCheckpoint,
    TimestampNotIncreasing,
    TimestampTooFarInFuture,
    UnknownTransaction,
    ViewCallReverted,
    WrongBlockNumber,
    WrongChainId,
    WrongGasLimit,
    WrongGasUsed,
    WrongParentHash,
    WrongReceiptsRoot,
    WrongStateRoot,
    WrongTransactionsRoot,
)
from l2ref.l1.chain import (
    EMPTY_LIST_ROOT,
    MAX_FUTURE_DRIFT_SECONDS,
    Block,
    compute_block_hash,
    decode_block,
    decode_block_header,
    encode_block,
    encode_block_header,
    get_head,
    state_transition,
)
from l2ref.l1.contracts import compute_storage_slot, encode_method_call
from l2ref.l1.driver import (
    DEFAULT_GAS_LIMIT,
    LocalChain,
    advance_time,
    build_block,
    censor_sender,
    get_account_balance,
    get_logs,
    get_receipt,
    get_time,
    mine_block,
    mine_blocks,
    send_deployment,
    send_method_call,
    send_transaction,
    view_call,
)
from l2ref.l1.escrow import ESCROW_CONTRACT, compute_escrow_slot
from l2ref.l1.gas import (
    CALLDATA_NONZERO_BYTE_GAS,
    CALLDATA_ZERO_BYTE_GAS,
    STORAGE_RESET_GAS,
    STORAGE_SET_GAS,
    TRANSACTION_BASE_GAS,
    compute_intrinsic_gas,
    compute_storage_write_gas,
)
from l2ref.l1.state import (
    EMPTY_ACCOUNT,
    Account,
    State,
    begin_checkpoint,
    commit_checkpoint,
    compute_account_proof,
    compute_state_root,
    compute_state_root_reference,
    compute_storage_proof,
    get_account,
    rollback_checkpoint,
    set_account,
    set_storage,
    verify_account_proof,
    verify_storage_proof,
)
from l2ref.l1.transactions import (
    CREATION_ADDRESS,
    SignedTransaction,
    Transaction,
    compute_contract_address,
    compute_signing_digest,
    decode_signed_transaction,
    decode_transaction,
    encode_signed_transaction,
    encode_transaction,
    recover_sender,
    sign_transaction,
)
from l2ref.l1.types import BlockNumber, ChainId, Gas, Seconds, Wei
from l2ref.types import Address, Hash32


def transfer(
    nonce: int,
    to: Address = BOB_ADDRESS,
    value: int = ETHER,
    *,
    chain_id: int = CHAIN_ID,
    gas_limit: int = 21_000,
    key: bytes = ALICE,
) -> SignedTransaction:
    transaction = Transaction(ChainId(chain_id), nonce, Wei(1), Gas(gas_limit), to, Wei(value), b"")
    return sign_transaction(transaction, key)  # type: ignore[arg-type]


def deploy_escrow(local: LocalChain) -> Address:
    address = send_deployment(local, ALICE, "Escrow", [])
    mine_block(local)
    return address


# ----------------------------------------------------------------------------- transactions


def test_transaction_encoding_round_trips_and_recovers_the_sender() -> None:
    signed = transfer(3)
    encoded = encode_signed_transaction(signed)
    assert encoded[0] == 0x4C
    assert decode_signed_transaction(encoded) == signed
    assert recover_sender(signed) == ALICE_ADDRESS
    # the signing digest is the hash of the unsigned encoding, chain id and nonce included
    assert compute_signing_digest(signed.transaction) == keccak256(
        encode_transaction(signed.transaction)
    )
    other_chain = replace(signed.transaction, chain_id=ChainId(CHAIN_ID + 1))
    assert compute_signing_digest(other_chain) != compute_signing_digest(signed.transaction)


def test_transaction_encoding_is_the_documented_abi_layout() -> None:
    transaction = Transaction(ChainId(5), 7, Wei(3), Gas(50_000), BOB_ADDRESS, Wei(9), b"\x01\x02")
    expected = bytes([0x4C]) + encode_abi(
        ["uint256", "uint256", "uint256", "uint256", "address", "uint256", "bytes"],
        [5, 7, 3, 50_000, BOB_ADDRESS, 9, b"\x01\x02"],
    )
    assert encode_transaction(transaction) == expected


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", InvalidLength),
        (b"\x4c" + b"\x00" * 10, InvalidLength),
        (b"\x02" + b"\x00" * 300, InvalidTransactionType),
    ],
)
def test_malformed_transactions_raise_decoding_errors(data: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        decode_signed_transaction(data)


def test_every_truncation_and_extension_of_a_transaction_is_rejected() -> None:
    encoded = encode_signed_transaction(transfer(0))
    for length in range(len(encoded)):
        with pytest.raises(DecodingError):
            decode_signed_transaction(encoded[:length])
    with pytest.raises(DecodingError):
        decode_transaction(encode_transaction(transfer(0).transaction) + b"\x00")


def test_high_s_transaction_signature_is_rejected() -> None:
    signed = transfer(0)
    signature = signed.signature
    high = Signature(signature.r, CURVE_ORDER - signature.s, 1 - signature.v)
    assert high.s > HALF_CURVE_ORDER
    with pytest.raises(HighS):
        recover_sender(SignedTransaction(signed.transaction, high))


def test_contract_address_depends_on_sender_and_nonce() -> None:
    expected = keccak256(encode_abi(["address", "uint256"], [ALICE_ADDRESS, 4]))[12:]
    assert compute_contract_address(ALICE_ADDRESS, 4) == expected
    assert compute_contract_address(ALICE_ADDRESS, 5) != expected


# ----------------------------------------------------------------------------- gas


def test_intrinsic_gas_counts_zero_and_nonzero_bytes() -> None:
    data = b"\x00\x01\x00\xff"
    assert compute_intrinsic_gas(data, False) == (
        TRANSACTION_BASE_GAS + 2 * CALLDATA_ZERO_BYTE_GAS + 2 * CALLDATA_NONZERO_BYTE_GAS
    )
    assert compute_intrinsic_gas(b"", True) == 53_000


@pytest.mark.parametrize(
    ("old", "new", "gas"),
    [
        (0, 32, STORAGE_SET_GAS),
        (32, 32, STORAGE_RESET_GAS),
        (32, 0, STORAGE_RESET_GAS),
        (0, 0, STORAGE_RESET_GAS),
        (32, 96, STORAGE_RESET_GAS + 2 * STORAGE_SET_GAS),
        (96, 32, 3 * STORAGE_RESET_GAS),
        (0, 1, STORAGE_SET_GAS),
    ],
)
def test_storage_write_gas(old: int, new: int, gas: int) -> None:
    assert compute_storage_write_gas(old, new) == gas


# ----------------------------------------------------------------------------- state


def test_checkpoints_nest_and_roll_back_exactly() -> None:
    state = State()
    set_account(state, ALICE_ADDRESS, Account(1, Wei(10), ""))
    root = compute_state_root(state)
    begin_checkpoint(state)
    set_account(state, BOB_ADDRESS, Account(0, Wei(5), ""))
    begin_checkpoint(state)
    set_storage(state, CAROL_ADDRESS, Hash32(b"\x01" * 32), b"value")
    set_account(state, ALICE_ADDRESS, EMPTY_ACCOUNT)
    commit_checkpoint(state)
    assert compute_state_root(state) == compute_state_root_reference(state)
    rollback_checkpoint(state)
    assert compute_state_root(state) == root
    assert state.accounts == {ALICE_ADDRESS: Account(1, Wei(10), "")}
    assert state.storage == {}
    with pytest.raises(NoOpenCheckpoint):
        rollback_checkpoint(state)
    with pytest.raises(NoOpenCheckpoint):
        commit_checkpoint(state)


def test_account_and_storage_proofs_against_a_block_state_root() -> None:
    local = new_chain()
    escrow = deploy_escrow(local)
    send_method_call(local, ALICE, escrow, "deposit", [BOB_ADDRESS, 0], value=Wei(ETHER))
    mine_block(local)
    state = local.chain.state
    root = get_head(local.chain).state_root
    alice = get_account(state, ALICE_ADDRESS)
    proof = compute_account_proof(state, ALICE_ADDRESS)
    assert verify_account_proof(root, ALICE_ADDRESS, alice, proof)
    assert not verify_account_proof(root, ALICE_ADDRESS, replace(alice, balance=Wei(1)), proof)
    assert not verify_account_proof(root, BOB_ADDRESS, alice, proof)
    # absence of a never-used address
    absent = compute_account_proof(state, CAROL_ADDRESS)
    assert verify_account_proof(root, CAROL_ADDRESS, EMPTY_ACCOUNT, absent)
    assert not verify_account_proof(root, CAROL_ADDRESS, Account(0, Wei(1), ""), absent)
    # the escrow record, proven from the root
    slot = compute_escrow_slot(1)
    value = state.storage[(escrow, slot)]
    storage_proof = compute_storage_proof(state, escrow, slot)
    assert verify_storage_proof(root, escrow, slot, value, storage_proof)
    assert not verify_storage_proof(root, escrow, slot, value + b"\x00", storage_proof)
    empty_slot = compute_escrow_slot(2)
    assert verify_storage_proof(
        root, escrow, empty_slot, b"", compute_storage_proof(state, escrow, empty_slot)
    )


# ----------------------------------------------------------------------------- blocks


def test_transfer_moves_value_and_pays_the_proposer() -> None:
    local = new_chain()
    before = total_ether(local)
    send_transaction(local, ALICE, BOB_ADDRESS, Wei(2 * ETHER), b"")
    block = mine_block(local)
    assert len(block.transactions) == 1
    receipt = local.chain.receipts[-1][0]
    assert receipt.succeeded
    assert receipt.gas_used == 21_000
    assert receipt.error == ""
    assert get_account_balance(local, BOB_ADDRESS) == 7 * ETHER
    assert get_account_balance(local, ALICE_ADDRESS) == 98 * ETHER - 21_000
    assert get_account_balance(local, PROPOSER) == 21_000
    assert total_ether(local) == before
    assert compute_state_root(local.chain.state) == compute_state_root_reference(local.chain.state)


def test_escrow_lifecycle_events_and_reverts() -> None:
    local = new_chain()
    escrow = deploy_escrow(local)
    assert get_account(local.chain.state, escrow).code == "Escrow"
    release_time = get_time(local) + 3600
    send_method_call(local, ALICE, escrow, "deposit", [BOB_ADDRESS, release_time], value=Wei(ETHER))
    mine_block(local)
    assert view_call(local, escrow, "getEscrow", [1]) == (
        ALICE_ADDRESS,
        BOB_ADDRESS,
        ETHER,
        release_time,
    )
    assert get_account_balance(local, escrow) == ETHER

    # too early: the call reverts, the nonce and the gas are spent, nothing else changes
    alice_nonce = get_account(local.chain.state, ALICE_ADDRESS).nonce
    storage_before = dict(local.chain.state.storage)
    early = send_method_call(local, ALICE, escrow, "release", [1])
    mine_block(local)
    receipt = get_receipt(local, early)
    assert not receipt.succeeded
    assert receipt.error == "EscrowLocked"
    assert receipt.logs == ()
    assert receipt.gas_used > 21_000
    assert get_account(local.chain.state, ALICE_ADDRESS).nonce == alice_nonce + 1
    assert local.chain.state.storage == storage_before
    assert get_account_balance(local, escrow) == ETHER

    advance_time(local, 3600)
    bob_before = get_account_balance(local, BOB_ADDRESS)
    release = send_method_call(local, ALICE, escrow, "release", [1])
    mine_block(local)
    assert get_receipt(local, release).succeeded
    assert get_account_balance(local, BOB_ADDRESS) == bob_before + ETHER
    assert get_account_balance(local, escrow) == 0
    with pytest.raises(ViewCallReverted):
        view_call(local, escrow, "getEscrow", [1])
    # a second release finds nothing
    again = send_method_call(local, ALICE, escrow, "release", [1])
    mine_block(local)
    assert get_receipt(local, again).error == "EscrowNotFound"
    logs = get_logs(local, escrow)
    assert [log.topics[0] for log in logs] == [
        keccak256(b"Deposited(uint256,address,address,uint256,uint256)"),
        keccak256(b"Released(uint256)"),
    ]


def test_ether_sent_to_a_non_payable_method_reverts_and_comes_back() -> None:
    local = new_chain()
    escrow = deploy_escrow(local)
    balance = get_account_balance(local, ALICE_ADDRESS)
    sent = send_method_call(local, ALICE, escrow, "release", [1], value=Wei(5))
    mine_block(local)
    receipt = get_receipt(local, sent)
    assert receipt.error == "NotPayable"
    assert get_account_balance(local, ALICE_ADDRESS) == balance - receipt.gas_used
    assert get_account_balance(local, escrow) == 0


def test_unknown_selector_and_malformed_arguments_revert() -> None:
    local = new_chain()
    escrow = deploy_escrow(local)
    unknown = send_transaction(local, ALICE, escrow, Wei(0), b"\xde\xad\xbe\xef")
    short = send_transaction(local, ALICE, escrow, Wei(0), b"\x01")
    selector = encode_method_call(ESCROW_CONTRACT, "release", [1])[:4]
    truncated = send_transaction(local, ALICE, escrow, Wei(0), selector + b"\x00" * 31)
    mine_block(local)
    assert get_receipt(local, unknown).error == "UnknownMethod"
    assert get_receipt(local, short).error == "UnknownMethod"
    assert get_receipt(local, truncated).error == "InvalidLength"


def test_out_of_gas_consumes_the_whole_limit_and_undoes_the_call() -> None:
    """I-CT-1: the out-of-gas call is undone. I-CT-2: it uses exactly its gas limit."""
    local = new_chain()
    escrow = deploy_escrow(local)
    data = encode_method_call(ESCROW_CONTRACT, "deposit", [BOB_ADDRESS, 0])
    gas_limit = compute_intrinsic_gas(data, False) + 3_000
    nonce = get_account(local.chain.state, ALICE_ADDRESS).nonce
    transaction = Transaction(CHAIN_ID, nonce, Wei(1), Gas(gas_limit), escrow, Wei(ETHER), data)
    signed = sign_transaction(transaction, ALICE)
    from l2ref.l1.driver import submit_transaction

    tx_hash = submit_transaction(local, signed)
    mine_block(local)
    receipt = get_receipt(local, tx_hash)
    assert receipt.error == "OutOfGas"
    assert receipt.gas_used == gas_limit
    assert get_account_balance(local, escrow) == 0


def test_unknown_contract_creation_reverts() -> None:
    local = new_chain()
    from l2ref.l1.transactions import encode_creation_data

    tx_hash = send_transaction(
        local, ALICE, CREATION_ADDRESS, Wei(0), encode_creation_data("Nope", b"")
    )
    mine_block(local)
    assert get_receipt(local, tx_hash).error == "UnknownContract"
    with pytest.raises(UnknownTransaction):
        get_receipt(local, Hash32(bytes(32)))


def test_block_encoding_round_trips() -> None:
    local = new_chain()
    send_transaction(local, ALICE, BOB_ADDRESS, Wei(1), b"")
    send_transaction(local, BOB, ALICE_ADDRESS, Wei(2), b"\x00\x01")
    block = mine_block(local)
    assert decode_block(encode_block(block)) == block
    assert decode_block_header(encode_block_header(block.header)) == block.header
    assert compute_block_hash(block.header) == local.chain.block_hashes[-1]


def _assert_rejected(local: LocalChain, block: Block, error: type[L2RefError]) -> None:
    chain = local.chain
    root = compute_state_root(chain.state)
    accounts = dict(chain.state.accounts)
    height = len(chain.blocks)
    with pytest.raises(error):
        state_transition(chain, block)
    assert compute_state_root(chain.state) == root
    assert chain.state.accounts == accounts
    assert len(chain.blocks) == height
    assert chain.state.journal == []


def test_each_invalid_header_is_rejected_and_leaves_the_state_untouched() -> None:
    """I-L1-1: each invalid header leaves the chain's blocks, receipts and state unchanged."""
    local = new_chain()
    send_transaction(local, ALICE, BOB_ADDRESS, Wei(1), b"")
    head_time = get_time(local)
    local.chain.clock = Seconds(head_time + 12)
    good = build_block(local, Seconds(head_time + 12))
    header = good.header
    cases: list[tuple[Block, type[L2RefError]]] = [
        (
            Block(replace(header, number=BlockNumber(header.number + 1)), good.transactions),
            WrongBlockNumber,
        ),
        (
            Block(replace(header, parent_hash=Hash32(b"\x01" * 32)), good.transactions),
            WrongParentHash,
        ),
        (Block(replace(header, timestamp=head_time), good.transactions), TimestampNotIncreasing),
        (
            Block(
                replace(header, timestamp=Seconds(head_time + 12 + MAX_FUTURE_DRIFT_SECONDS + 1)),
                good.transactions,
            ),
            TimestampTooFarInFuture,
        ),
        (
            Block(replace(header, gas_limit=Gas(header.gas_limit - 1)), good.transactions),
            WrongGasLimit,
        ),
        (
            Block(replace(header, gas_used=Gas(header.gas_used + 1)), good.transactions),
            WrongGasUsed,
        ),
        (
            Block(replace(header, transactions_root=EMPTY_LIST_ROOT), good.transactions),
            WrongTransactionsRoot,
        ),
        (
            Block(replace(header, receipts_root=EMPTY_LIST_ROOT), good.transactions),
            WrongReceiptsRoot,
        ),
        (Block(replace(header, state_root=EMPTY_LIST_ROOT), good.transactions), WrongStateRoot),
    ]
    for block, error in cases:
        _assert_rejected(local, block, error)
    state_transition(local.chain, good)
    assert get_account_balance(local, BOB_ADDRESS) == 5 * ETHER + 1


def test_each_invalid_transaction_invalidates_its_block() -> None:
    local = new_chain()
    head_time = get_time(local)
    local.chain.clock = Seconds(head_time + 12)
    template = build_block(local, Seconds(head_time + 12))
    poor = transfer(0, ALICE_ADDRESS, 6 * ETHER, key=BOB)
    bad_signature = transfer(0)
    signature = bad_signature.signature
    cases: list[tuple[tuple[SignedTransaction, ...], type[L2RefError]]] = [
        ((transfer(0, chain_id=CHAIN_ID + 1),), WrongChainId),
        ((transfer(1),), NonceTooHigh),
        ((transfer(0), transfer(0)), NonceTooLow),
        ((transfer(0, gas_limit=20_999),), IntrinsicGasTooLow),
        ((transfer(0, gas_limit=CONFIG.block_gas_limit + 1),), BlockGasLimitExceeded),
        ((poor,), InsufficientBalance),
        (
            (
                SignedTransaction(
                    bad_signature.transaction,
                    Signature(signature.r, CURVE_ORDER - signature.s, signature.v),
                ),
            ),
            HighS,
        ),
    ]
    for transactions, error in cases:
        _assert_rejected(local, with_transactions(template, transactions), error)


def test_inclusion_delay_and_censorship_are_parameters() -> None:
    local = new_chain()
    local.inclusion_delay_blocks = 2
    sent = send_transaction(local, ALICE, BOB_ADDRESS, Wei(1), b"")
    mine_blocks(local, 2)
    with pytest.raises(UnknownTransaction):
        get_receipt(local, sent)
    mine_block(local)
    assert get_receipt(local, sent).succeeded

    local.inclusion_delay_blocks = 0
    censor_sender(local, ALICE_ADDRESS, 3)
    censored = send_transaction(local, ALICE, BOB_ADDRESS, Wei(1), b"")
    other = send_transaction(local, BOB, ALICE_ADDRESS, Wei(1), b"")
    mine_block(local)
    assert get_receipt(local, other).succeeded
    mine_blocks(local, 2)
    with pytest.raises(UnknownTransaction):
        get_receipt(local, censored)
    mine_block(local)
    assert get_receipt(local, censored).succeeded


def test_several_pending_transactions_of_one_sender_are_mined_in_order() -> None:
    local = new_chain()
    hashes = [send_transaction(local, ALICE, BOB_ADDRESS, Wei(i + 1), b"") for i in range(3)]
    mine_block(local)
    assert all(get_receipt(local, h).succeeded for h in hashes)
    assert get_account(local.chain.state, ALICE_ADDRESS).nonce == 3
    assert local.pending == []


def test_genesis_and_defaults() -> None:
    local = new_chain()
    head = get_head(local.chain)
    assert head.number == 0
    assert head.timestamp == GENESIS_TIME
    assert head.state_root == compute_state_root_reference(local.chain.state)
    assert CONFIG.block_gas_limit >= DEFAULT_GAS_LIMIT
    assert compute_storage_slot("x") != compute_storage_slot("x", b"\x00")
    digest = keccak256(b"m")
    assert sign_digest(digest, ALICE) == sign_digest(digest, ALICE)
