"""Properties of the L1 model: conservation of ether, state roots, checkpoints, decoders."""

from __future__ import annotations

import contextlib
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from l1_helpers import (
    ALICE,
    BOB,
    CAROL,
    CAROL_ADDRESS,
    CHAIN_ID,
    ETHER,
    PROPOSER,
    new_chain,
    total_ether,
)

from l2ref.crypto.secp256k1 import PrivateKey
from l2ref.encoding.abi import AbiValue
from l2ref.errors import DecodingError, L2RefError, ViewCallReverted
from l2ref.l1.chain import (
    Block,
    decode_block,
    decode_block_header,
    encode_block,
    state_transition,
)
from l2ref.l1.contracts import encode_method_call
from l2ref.l1.driver import (
    DEFAULT_GAS_LIMIT,
    build_block,
    compute_account_address,
    get_account_balance,
    get_next_nonce,
    get_time,
    mine_block,
    send_deployment,
    send_transaction,
    submit_transaction,
    view_call,
)
from l2ref.l1.escrow import ESCROW_CONTRACT
from l2ref.l1.gas import compute_intrinsic_gas
from l2ref.l1.state import (
    Account,
    State,
    begin_checkpoint,
    commit_checkpoint,
    compute_state_root,
    compute_state_root_reference,
    rollback_checkpoint,
    set_account,
    set_storage,
)
from l2ref.l1.transactions import (
    Transaction,
    decode_signed_transaction,
    decode_transaction,
    sign_transaction,
)
from l2ref.l1.types import Gas, Seconds, Wei
from l2ref.types import Address, Hash32

KEYS = (ALICE, BOB, CAROL)
ADDRESSES = [Address(bytes([i]) * 20) for i in range(1, 5)]
SLOTS = [Hash32(bytes([i]) * 32) for i in range(1, 4)]

transfers = st.lists(
    st.tuples(st.sampled_from(KEYS), st.sampled_from(KEYS), st.integers(0, 120 * ETHER)),
    max_size=6,
)


@settings(max_examples=15)
@given(st.lists(transfers, min_size=1, max_size=3))
def test_ether_is_conserved_and_roots_match_the_reference(
    blocks: list[list[tuple[PrivateKey, PrivateKey, int]]],
) -> None:
    """I-L1-2: the sum of all balances never changes. I-ST-1: the incremental state root is the
    reference's."""
    local = new_chain()
    total = total_ether(local)
    for block in blocks:
        for sender, recipient, value in block:
            send_transaction(local, sender, compute_account_address(recipient), Wei(value), b"")
        mine_block(local)
        assert total_ether(local) == total
        state = local.chain.state
        assert compute_state_root(state) == compute_state_root_reference(state)


writes = st.lists(
    st.one_of(
        st.tuples(
            st.just("account"),
            st.sampled_from(ADDRESSES),
            st.tuples(st.integers(0, 3), st.integers(0, 10**20)),
        ),
        st.tuples(st.just("storage"), st.sampled_from(ADDRESSES), st.binary(max_size=40)),
        st.tuples(st.just("begin"), st.none(), st.none()),
        st.tuples(st.just("commit"), st.none(), st.none()),
        st.tuples(st.just("rollback"), st.none(), st.none()),
    ),
    max_size=25,
)


@given(writes, st.sampled_from(SLOTS))
def test_checkpoints_restore_exactly_and_the_incremental_root_is_the_reference(
    operations: list[tuple[str, object, object]], slot: Hash32
) -> None:
    """I-ST-1: the state root is the reference's after any writes, commits and rollbacks. I-ST-2:
    a rollback restores accounts and storage exactly."""
    state = State()
    snapshots: list[tuple[dict[Address, Account], dict[tuple[Address, Hash32], bytes]]] = []
    for kind, address, payload in operations:
        if kind == "account" and isinstance(address, bytes) and isinstance(payload, tuple):
            nonce, balance = payload
            set_account(state, Address(address), Account(nonce, Wei(balance), ""))
        elif kind == "storage" and isinstance(address, bytes) and isinstance(payload, bytes):
            set_storage(state, Address(address), slot, payload)
        elif kind == "begin":
            snapshots.append((dict(state.accounts), dict(state.storage)))
            begin_checkpoint(state)
        elif kind == "commit" and snapshots:
            snapshots.pop()
            commit_checkpoint(state)
        elif kind == "rollback" and snapshots:
            accounts, storage = snapshots.pop()
            rollback_checkpoint(state)
            assert state.accounts == accounts
            assert state.storage == storage
        assert compute_state_root(state) == compute_state_root_reference(state)


@given(st.permutations(list(range(6))))
def test_the_state_root_does_not_depend_on_write_order(order: list[int]) -> None:
    """I-ST-3: the state root does not depend on the order of the writes."""
    entries = [(ADDRESSES[i % 4], Account(i, Wei(i * 7 + 1), "")) for i in range(4)]
    slots = [(ADDRESSES[0], SLOTS[0], b"a"), (ADDRESSES[1], SLOTS[1], b"bc")]
    reference = State()
    for address, account in entries:
        set_account(reference, address, account)
    for address, slot, value in slots:
        set_storage(reference, address, slot, value)
    state = State()
    for index in order:
        if index < 4:
            set_account(state, *entries[index])
        else:
            set_storage(state, *slots[index - 4])
    assert compute_state_root(state) == compute_state_root(reference)


@given(st.binary(max_size=600))
def test_decoders_raise_only_decoding_errors(data: bytes) -> None:
    for decoder in (
        decode_signed_transaction,
        decode_transaction,
        decode_block,
        decode_block_header,
    ):
        with contextlib.suppress(DecodingError):
            decoder(data)


def _sample_block_encoding() -> bytes:
    local = new_chain()
    send_transaction(local, ALICE, compute_account_address(BOB), Wei(5), b"\x01")
    return encode_block(mine_block(local))


SAMPLE_BLOCK = _sample_block_encoding()


@given(st.integers(0, len(SAMPLE_BLOCK) - 1), st.integers(1, 255))
def test_a_changed_byte_of_a_block_decodes_or_raises_a_decoding_error(
    position: int, xor: int
) -> None:
    data = bytearray(SAMPLE_BLOCK)
    data[position] ^= xor
    try:
        block = decode_block(bytes(data))
    except DecodingError:
        return
    assert encode_block(block) == bytes(data)


# ----------------------------------------------------------------------------- escrow runs

DAVE_ADDRESS = Address(b"\xda" * 20)
# the beneficiaries never send a transaction, so their balances move only by releases
BENEFICIARIES = (CAROL_ADDRESS, DAVE_ADDRESS)
SENDERS = (ALICE, BOB)

escrow_operation = st.one_of(
    st.tuples(
        st.just("deposit"),
        st.integers(0, 1),
        st.integers(0, 1),
        st.integers(0, ETHER),
        st.integers(0, 100),
    ),
    st.tuples(
        st.just("release"), st.integers(0, 1), st.integers(0, 1), st.integers(1, 8), st.just(0)
    ),
    st.tuples(
        st.just("starved"), st.integers(0, 1), st.integers(0, 1), st.integers(0, 3_000), st.just(0)
    ),
)
# each operation is one transaction in its own block, mined `wait` seconds after the last one,
# after a tampered version of that block was refused if `tamper`
escrow_operations = st.lists(
    st.tuples(escrow_operation, st.integers(1, 90), st.booleans()), min_size=1, max_size=12
)


def _tampered(block: Block) -> Block:
    root = bytearray(block.header.state_root)
    root[0] ^= 1
    return Block(replace(block.header, state_root=Hash32(bytes(root))), block.transactions)


@settings(max_examples=20, deadline=None)
@given(escrow_operations)
def test_escrow_runs_keep_the_chain_and_contract_invariants(
    operations: list[tuple[tuple[str, int, int, int, int], int, bool]],
) -> None:
    """I-L1-1: a tampered block is refused and leaves blocks, receipts and state unchanged.
    I-L1-2, I-CT-3: ether is only moved, by transfers, fees and the escrow alike.
    I-L1-3: timestamps strictly increase, and a release sees its own block's timestamp.
    I-L1-4: every transaction uses its sender's next nonce, whether it succeeds or reverts.
    I-CT-1: a reverted call changes only the sender's nonce and the fee it pays the proposer.
    I-CT-2: gas used never exceeds the limit, and an OutOfGas call uses all of it.
    I-ES-1: the escrow's balance is the sum of its open escrows.
    I-ES-2: an escrow is released at most once, only from its release time, to its beneficiary.
    """
    local = new_chain()
    escrow = send_deployment(local, ALICE, "Escrow", [])
    mine_block(local)
    total = total_ether(local)
    # id -> (beneficiary, amount, release time) of the escrows still open
    open_escrows: dict[int, tuple[Address, int, int]] = {}
    released: set[int] = set()
    next_id = 1
    for (kind, who, beneficiary_index, number, offset), wait, tamper in operations:
        sender = SENDERS[who]
        sender_address = compute_account_address(sender)
        beneficiary = BENEFICIARIES[beneficiary_index]
        now = get_time(local)
        release_time = now + offset * 60
        if kind == "release":
            data = encode_method_call(ESCROW_CONTRACT, "release", [number])
            value, gas_limit = Wei(0), Gas(DEFAULT_GAS_LIMIT)
        else:
            arguments: list[AbiValue] = [beneficiary, release_time]
            data = encode_method_call(ESCROW_CONTRACT, "deposit", arguments)
            value = Wei(number if kind == "deposit" else 1)
            gas_limit = Gas(DEFAULT_GAS_LIMIT)
            if kind == "starved":
                gas_limit = Gas(compute_intrinsic_gas(data, False) + number)
        nonce = get_next_nonce(local, sender_address)
        transaction = Transaction(CHAIN_ID, nonce, Wei(1), gas_limit, escrow, value, data)
        submit_transaction(local, sign_transaction(transaction, sender))
        timestamp = Seconds(now + wait)
        if tamper:
            local.chain.clock = max(local.chain.clock, timestamp)
            blocks, receipts = list(local.chain.blocks), list(local.chain.receipts)
            accounts, storage = dict(local.chain.state.accounts), dict(local.chain.state.storage)
            with pytest.raises(L2RefError):
                state_transition(local.chain, _tampered(build_block(local, timestamp)))
            assert local.chain.blocks == blocks
            assert local.chain.receipts == receipts
            assert local.chain.state.accounts == accounts
            assert local.chain.state.storage == storage
        accounts_before = dict(local.chain.state.accounts)
        storage_before = dict(local.chain.state.storage)
        block = mine_block(local, timestamp)
        assert block.header.timestamp == timestamp > now
        assert [signed.transaction.nonce for signed in block.transactions] == [nonce]
        assert get_next_nonce(local, sender_address) == nonce + 1
        (receipt,) = local.chain.receipts[-1]
        assert receipt.gas_used <= gas_limit
        if receipt.error == "OutOfGas":
            assert receipt.gas_used == gas_limit
        balance = get_account_balance
        if kind == "release":
            escrow_id = number
            expected = escrow_id in open_escrows and timestamp >= open_escrows[escrow_id][2]
            assert receipt.succeeded == expected
            if expected:
                to, amount, _ = open_escrows.pop(escrow_id)
                released.add(escrow_id)
                assert (
                    balance(local, to)
                    == accounts_before.get(to, Account(0, Wei(0), "")).balance + amount
                )
            elif escrow_id in released:
                assert receipt.error == "EscrowNotFound"
        elif receipt.succeeded:
            open_escrows[next_id] = (beneficiary, value, release_time)
            next_id += 1
        if not receipt.succeeded:
            assert local.chain.state.storage == storage_before
            changed = {
                address
                for address in {*accounts_before, *local.chain.state.accounts}
                if accounts_before.get(address) != local.chain.state.accounts.get(address)
            }
            assert changed <= {sender_address, PROPOSER}
            fee = receipt.gas_used
            assert balance(local, sender_address) == accounts_before[sender_address].balance - fee
        assert total_ether(local) == total
        assert balance(local, escrow) == sum(amount for _, amount, _ in open_escrows.values())
        for escrow_id in range(1, next_id + 1):
            if escrow_id in open_escrows:
                to, amount, release_time = open_escrows[escrow_id]
                assert view_call(local, escrow, "getEscrow", [escrow_id])[1:] == (
                    to,
                    amount,
                    release_time,
                )
            else:
                with pytest.raises(ViewCallReverted):
                    view_call(local, escrow, "getEscrow", [escrow_id])
