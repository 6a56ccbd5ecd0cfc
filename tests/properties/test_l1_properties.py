"""Properties of the L1 model: conservation of ether, state roots, checkpoints, decoders."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st
from l1_helpers import ALICE, BOB, CAROL, ETHER, new_chain, total_ether

from l2ref.crypto.secp256k1 import PrivateKey
from l2ref.errors import DecodingError
from l2ref.l1.chain import decode_block, decode_block_header, encode_block
from l2ref.l1.driver import compute_account_address, mine_block, send_transaction
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
from l2ref.l1.transactions import decode_signed_transaction, decode_transaction
from l2ref.l1.types import Wei
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
