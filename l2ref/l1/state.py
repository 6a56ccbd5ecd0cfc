"""Accounts, contract storage and the state root of the L1 model. See specs/l1/state.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

from l2ref.crypto.hash import keccak256
from l2ref.crypto.smt import (
    SMT_DEFAULT_DEPTH,
    SmtProof,
    SparseMerkleTree,
    compute_smt_proof,
    new_sparse_merkle_tree,
    smt_delete,
    smt_root,
    smt_set,
    verify_smt_membership,
    verify_smt_non_membership,
)
from l2ref.errors import NoOpenCheckpoint, ValueOutOfRange
from l2ref.l1.types import Wei
from l2ref.types import Address, Hash32

ACCOUNT_KEY_PREFIX = b"\x00"

STORAGE_KEY_PREFIX = b"\x01"

UINT256_MAX = 2**256 - 1


@dataclass(frozen=True)
class Account:
    """An account: nonce, balance, and the name of its spec contract ("" if none)."""

    nonce: int
    balance: Wei
    # the name of the spec contract at this address; "" for an externally owned account
    code: str


EMPTY_ACCOUNT = Account(nonce=0, balance=Wei(0), code="")


@dataclass(frozen=True)
class AccountWrite:
    """A journal entry: the account an address held before a write."""

    address: Address
    previous: Account


@dataclass(frozen=True)
class StorageWrite:
    """A journal entry: the value a storage slot held before a write (b"" if empty)."""

    address: Address
    slot: Hash32
    previous: bytes


JournalEntry: TypeAlias = AccountWrite | StorageWrite


@dataclass
class State:
    """The mutable L1 state: accounts, storage, its sparse Merkle tree, checkpoint journal."""

    accounts: dict[Address, Account] = field(default_factory=dict)
    storage: dict[tuple[Address, Hash32], bytes] = field(default_factory=dict)
    tree: SparseMerkleTree = field(
        default_factory=lambda: new_sparse_merkle_tree(SMT_DEFAULT_DEPTH)
    )
    # keys written since the tree was last brought up to date
    stale_accounts: set[Address] = field(default_factory=set)
    stale_slots: set[tuple[Address, Hash32]] = field(default_factory=set)
    # one list of undo entries per open checkpoint, innermost last
    journal: list[list[JournalEntry]] = field(default_factory=list)


def get_account(state: State, address: Address) -> Account:
    """The account at `address`, EMPTY_ACCOUNT if none."""
    return state.accounts.get(address, EMPTY_ACCOUNT)


def set_account(state: State, address: Address, account: Account) -> None:
    """Write the account at `address`, journaled; raises ValueOutOfRange beyond 2^256 - 1."""
    if not (0 <= account.nonce <= UINT256_MAX and 0 <= account.balance <= UINT256_MAX):
        raise ValueOutOfRange("a nonce and a balance are in [0, 2^256 - 1]")
    if state.journal:
        state.journal[-1].append(AccountWrite(address, get_account(state, address)))
    if account == EMPTY_ACCOUNT:
        state.accounts.pop(address, None)
    else:
        state.accounts[address] = account
    state.stale_accounts.add(address)


def get_storage(state: State, address: Address, slot: Hash32) -> bytes:
    """The value of storage `slot` of `address`, b"" if empty."""
    return state.storage.get((address, slot), b"")


def set_storage(state: State, address: Address, slot: Hash32, value: bytes) -> None:
    """Write storage `slot` of `address`, journaled; the empty value clears the slot."""
    if state.journal:
        state.journal[-1].append(StorageWrite(address, slot, get_storage(state, address, slot)))
    if value:
        state.storage[(address, slot)] = value
    else:
        state.storage.pop((address, slot), None)
    state.stale_slots.add((address, slot))


def begin_checkpoint(state: State) -> None:
    """Open a checkpoint: the writes after it can be rolled back together."""
    state.journal.append([])


def commit_checkpoint(state: State) -> None:
    """Close the innermost checkpoint, keeping its writes; raises NoOpenCheckpoint if none."""
    if not state.journal:
        raise NoOpenCheckpoint("commit without an open checkpoint")
    entries = state.journal.pop()
    # an inner checkpoint's writes stay undoable by the checkpoint around it
    if state.journal:
        state.journal[-1].extend(entries)


def rollback_checkpoint(state: State) -> None:
    """Undo the writes of the innermost checkpoint and close it; raises NoOpenCheckpoint."""
    if not state.journal:
        raise NoOpenCheckpoint("rollback without an open checkpoint")
    entries = state.journal.pop()
    for entry in reversed(entries):
        if isinstance(entry, AccountWrite):
            if entry.previous == EMPTY_ACCOUNT:
                state.accounts.pop(entry.address, None)
            else:
                state.accounts[entry.address] = entry.previous
            state.stale_accounts.add(entry.address)
        else:
            if entry.previous:
                state.storage[(entry.address, entry.slot)] = entry.previous
            else:
                state.storage.pop((entry.address, entry.slot), None)
            state.stale_slots.add((entry.address, entry.slot))


def compute_account_key(address: Address) -> int:
    """The state tree key of `address`: Keccak-256 of 0x00 and the address, as an int."""
    return int.from_bytes(keccak256(ACCOUNT_KEY_PREFIX + address), "big")


def compute_storage_key(address: Address, slot: Hash32) -> int:
    """The state tree key of a slot: Keccak-256 of 0x01, the address and the slot, as an int."""
    return int.from_bytes(keccak256(STORAGE_KEY_PREFIX + address + slot), "big")


def compute_code_hash(code: str) -> Hash32:
    """Keccak-256 of the UTF-8 contract name, 32 zero bytes for no code."""
    return keccak256(code.encode("utf-8")) if code else Hash32(bytes(32))


def encode_account(account: Account) -> bytes:
    """The 96-byte tree leaf of an account: nonce, balance, code hash."""
    return (
        account.nonce.to_bytes(32, "big")
        + account.balance.to_bytes(32, "big")
        + compute_code_hash(account.code)
    )


def update_state_tree(state: State) -> None:
    """Bring the state tree up to date with the accounts and slots written since last time."""
    for address in state.stale_accounts:
        account = get_account(state, address)
        if account == EMPTY_ACCOUNT:
            smt_delete(state.tree, compute_account_key(address))
        else:
            smt_set(state.tree, compute_account_key(address), encode_account(account))
    for address, slot in state.stale_slots:
        value = get_storage(state, address, slot)
        if value:
            smt_set(state.tree, compute_storage_key(address, slot), value)
        else:
            smt_delete(state.tree, compute_storage_key(address, slot))
    state.stale_accounts.clear()
    state.stale_slots.clear()


def compute_state_root(state: State) -> Hash32:
    """The root of the state tree, updated first."""
    update_state_tree(state)
    return smt_root(state.tree)


def compute_state_root_reference(state: State) -> Hash32:
    """The state root computed from scratch in a new tree."""
    tree = new_sparse_merkle_tree(SMT_DEFAULT_DEPTH)
    for address, account in state.accounts.items():
        smt_set(tree, compute_account_key(address), encode_account(account))
    for (address, slot), value in state.storage.items():
        smt_set(tree, compute_storage_key(address, slot), value)
    return smt_root(tree)


def compute_account_proof(state: State, address: Address) -> SmtProof:
    """The state tree proof of the account at `address` (non-membership if empty)."""
    update_state_tree(state)
    return compute_smt_proof(state.tree, compute_account_key(address))


def compute_storage_proof(state: State, address: Address, slot: Hash32) -> SmtProof:
    """The state tree proof of storage `slot` of `address` (non-membership if empty)."""
    update_state_tree(state)
    return compute_smt_proof(state.tree, compute_storage_key(address, slot))


def verify_account_proof(
    state_root: Hash32, address: Address, account: Account, proof: SmtProof
) -> bool:
    """Whether `proof` shows `address` holds `account` under `state_root` (absent if empty)."""
    if not (0 <= account.nonce <= UINT256_MAX and 0 <= account.balance <= UINT256_MAX):
        return False
    key = compute_account_key(address)
    if account == EMPTY_ACCOUNT:
        return verify_smt_non_membership(state_root, key, proof)
    return verify_smt_membership(state_root, key, encode_account(account), proof)


def verify_storage_proof(
    state_root: Hash32, address: Address, slot: Hash32, value: bytes, proof: SmtProof
) -> bool:
    """Whether `proof` shows the slot holds `value` (absence for b"") under `state_root`."""
    key = compute_storage_key(address, slot)
    if not value:
        return verify_smt_non_membership(state_root, key, proof)
    return verify_smt_membership(state_root, key, value, proof)
