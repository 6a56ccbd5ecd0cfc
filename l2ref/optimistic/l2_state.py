"""The L2 of the optimistic rollup: accounts, transactions, the state transition, and witnesses that
re-execute one transaction from the pre-state root alone. See specs/optimistic/l2_state.md."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeAlias

from l2ref.crypto.hash import keccak256
from l2ref.crypto.merkle import compute_leaf_hash, compute_node_hash
from l2ref.crypto.secp256k1 import (
    SIGNATURE_LENGTH,
    PrivateKey,
    Signature,
    decode_signature,
    encode_signature,
    recover_transaction_sender,
    sign_digest,
)
from l2ref.crypto.smt import (
    SMT_DEFAULT_DEPTH,
    SMT_EMPTY_LEAF_HASH,
    SmtProof,
    SparseMerkleTree,
    compute_smt_proof,
    decode_smt_proof,
    encode_smt_proof,
    new_sparse_merkle_tree,
    smt_delete,
    smt_root,
    smt_set,
    verify_smt_membership,
    verify_smt_non_membership,
)
from l2ref.encoding.abi import AbiValue, abi_bytes, abi_int, abi_items, decode_abi, encode_abi
from l2ref.errors import (
    IncompleteL2Witness,
    InvalidL2Transaction,
    InvalidL2Witness,
    InvalidLength,
    InvalidSignature,
    L2BalanceOverflow,
    L2ChainIdMismatch,
    L2InsufficientBalance,
    L2NonceMismatch,
    UnknownL2TransactionType,
    ValueOutOfRange,
)
from l2ref.l1.state import UINT256_MAX, compute_account_key
from l2ref.l1.types import ChainId, Wei
from l2ref.types import Address, Hash32

L2_TRANSFER_TYPE = 0x70

L2_WITHDRAWAL_TYPE = 0x71

L2_DEPOSIT_TYPE = 0x7E

L2_TRANSACTION_ABI_TYPES = ("uint256", "uint256", "address", "uint256")

L2_DEPOSIT_ABI_TYPES = ("uint256", "address", "address", "uint256")

WITHDRAWAL_ABI_TYPES = ("address", "uint256", "address", "uint256")

WITHDRAWAL_LEAF_VALUE = b"\x01"

L2_WITNESS_ABI_TYPES = (
    "bytes32",
    "bytes32",
    "(address,uint256,uint256,bytes)[]",
    "(bytes32,bytes)[]",
)


@dataclass(frozen=True)
class L2Account:
    """An L2 account: its transaction nonce and its balance in wei."""

    nonce: int
    balance: Wei


EMPTY_L2_ACCOUNT = L2Account(nonce=0, balance=Wei(0))


@dataclass(frozen=True)
class L2Transaction:
    """A signed L2 transaction's body: a transfer on the L2 or a withdrawal to the L1."""

    # L2_TRANSFER_TYPE pays `to` on the L2; L2_WITHDRAWAL_TYPE burns `value` for `to` on L1
    kind: int
    chain_id: ChainId
    nonce: int
    to: Address
    value: Wei


@dataclass(frozen=True)
class SignedL2Transaction:
    """An L2 transaction with its secp256k1 signature by the sender."""

    transaction: L2Transaction
    signature: Signature


@dataclass(frozen=True)
class L2Deposit:
    """An L1 deposit credited on the L2: its queue index, L1 sender, recipient and wei."""

    # the deposit's position in the rollup contract's delayed queue: no two deposits share it
    queue_index: int
    l1_sender: Address
    recipient: Address
    value: Wei


AnyL2Transaction: TypeAlias = SignedL2Transaction | L2Deposit


@dataclass(frozen=True)
class Withdrawal:
    """A withdrawal made on the L2: its sender and nonce, L1 recipient and value in wei."""

    l2_sender: Address
    # the nonce of the withdrawal transaction: no two withdrawals of a sender share it
    nonce: int
    l1_recipient: Address
    value: Wei


@dataclass
class L2State:
    """The L2 state: accounts and withdrawal hashes, with their sparse Merkle trees."""

    chain_id: ChainId
    accounts: dict[Address, L2Account] = field(default_factory=dict)
    # the hash of every withdrawal, in the order they were made
    withdrawals: list[Hash32] = field(default_factory=list)
    accounts_tree: SparseMerkleTree = field(default_factory=new_sparse_merkle_tree)
    withdrawals_tree: SparseMerkleTree = field(default_factory=new_sparse_merkle_tree)


@dataclass(frozen=True)
class L2Receipt:
    """Whether a transaction was applied, or the name of the error for which it was skipped."""

    applied: bool
    # the name of the error class for which the transaction was skipped; "" when applied
    error: str


@dataclass(frozen=True)
class L2Effects:
    """What a transaction changes: the new value of each account and the withdrawals made."""

    # the new value of every account the transaction changes, in the order it changes them
    accounts: tuple[tuple[Address, L2Account], ...]
    # the hash of the withdrawal it makes, if it makes one
    withdrawals: tuple[Hash32, ...]


AccountReader: TypeAlias = Callable[[Address], L2Account]


@dataclass(frozen=True)
class L2AccountWitness:
    """An account's value before a transaction, with its proof in the accounts tree."""

    address: Address
    # EMPTY_L2_ACCOUNT with a non-membership proof shows that the account does not exist
    account: L2Account
    proof: SmtProof


@dataclass(frozen=True)
class L2WithdrawalWitness:
    """A proof that a withdrawal hash is not yet in the withdrawals tree."""

    withdrawal_hash: Hash32
    # a non-membership proof: the withdrawal is not in the tree before the transaction
    proof: SmtProof


@dataclass(frozen=True)
class L2TransactionWitness:
    """The pre-state roots and proofs that re-execute one transaction from its root."""

    accounts_root: Hash32
    withdrawals_root: Hash32
    accounts: tuple[L2AccountWitness, ...]
    withdrawals: tuple[L2WithdrawalWitness, ...]


def encode_l2_account(account: L2Account) -> bytes:
    """Return the 64-byte leaf of an account: its nonce and balance as uint256 words."""
    return account.nonce.to_bytes(32, "big") + account.balance.to_bytes(32, "big")


def compute_withdrawal_hash(withdrawal: Withdrawal) -> Hash32:
    """Return the keccak256 of the ABI-encoded withdrawal fields."""
    fields: list[AbiValue] = [
        withdrawal.l2_sender,
        withdrawal.nonce,
        withdrawal.l1_recipient,
        withdrawal.value,
    ]
    return keccak256(encode_abi(WITHDRAWAL_ABI_TYPES, fields))


def compute_withdrawal_key(withdrawal_hash: Hash32) -> int:
    """Return the withdrawals tree key of a withdrawal hash: the hash as an integer."""
    return int.from_bytes(withdrawal_hash, "big")


def compute_l2_state_root(accounts_root: Hash32, withdrawals_root: Hash32) -> Hash32:
    """Return the L2 state root: keccak256 of the accounts root and withdrawals root."""
    return keccak256(accounts_root + withdrawals_root)


def encode_l2_transaction(transaction: L2Transaction) -> bytes:
    """Return the type byte and ABI fields of a transfer or withdrawal: what is signed."""
    if transaction.kind not in (L2_TRANSFER_TYPE, L2_WITHDRAWAL_TYPE):
        raise ValueOutOfRange(f"an L2 transaction is a transfer or a withdrawal, not {transaction}")
    fields: list[AbiValue] = [
        transaction.chain_id,
        transaction.nonce,
        transaction.to,
        transaction.value,
    ]
    return bytes([transaction.kind]) + encode_abi(L2_TRANSACTION_ABI_TYPES, fields)


def decode_l2_transaction(data: bytes) -> L2Transaction:
    """Decode an unsigned transfer or withdrawal from its type byte and ABI fields."""
    if not data:
        raise InvalidLength("an L2 transaction is at least its type byte")
    if data[0] not in (L2_TRANSFER_TYPE, L2_WITHDRAWAL_TYPE):
        raise UnknownL2TransactionType(f"0x{data[0]:02x} is not a signed L2 transaction type")
    chain_id, nonce, to, value = decode_abi(L2_TRANSACTION_ABI_TYPES, data[1:])
    return L2Transaction(
        kind=data[0],
        chain_id=ChainId(abi_int(chain_id)),
        nonce=abi_int(nonce),
        to=Address(abi_bytes(to)),
        value=Wei(abi_int(value)),
    )


def compute_l2_signing_digest(transaction: L2Transaction) -> Hash32:
    """Return the digest an L2 transaction is signed over: keccak256 of its encoding."""
    return keccak256(encode_l2_transaction(transaction))


def sign_l2_transaction(transaction: L2Transaction, private_key: PrivateKey) -> SignedL2Transaction:
    """Return the transaction signed with `private_key` over its signing digest."""
    digest = compute_l2_signing_digest(transaction)
    return SignedL2Transaction(transaction, sign_digest(digest, private_key))


def encode_signed_l2_transaction(signed: SignedL2Transaction) -> bytes:
    """Return the transaction's encoding followed by its 65-byte signature."""
    return encode_l2_transaction(signed.transaction) + encode_signature(signed.signature)


def decode_signed_l2_transaction(data: bytes) -> SignedL2Transaction:
    """Decode a signed L2 transaction: its encoding, then a 65-byte signature."""
    if len(data) < SIGNATURE_LENGTH + 1:
        raise InvalidLength("a signed L2 transaction ends with a 65-byte signature")
    transaction = decode_l2_transaction(data[:-SIGNATURE_LENGTH])
    return SignedL2Transaction(transaction, decode_signature(data[-SIGNATURE_LENGTH:]))


def recover_l2_sender(signed: SignedL2Transaction) -> Address:
    """Return the sender address recovered from a signed L2 transaction's signature."""
    signature = signed.signature
    digest = compute_l2_signing_digest(signed.transaction)
    return recover_transaction_sender(digest, signature.r, signature.s, signature.v)


def encode_l2_deposit(deposit: L2Deposit) -> bytes:
    """Return the deposit's encoding: type byte 0x7E and its ABI fields."""
    fields: list[AbiValue] = [
        deposit.queue_index,
        deposit.l1_sender,
        deposit.recipient,
        deposit.value,
    ]
    return bytes([L2_DEPOSIT_TYPE]) + encode_abi(L2_DEPOSIT_ABI_TYPES, fields)


def encode_any_l2_transaction(transaction: AnyL2Transaction) -> bytes:
    """Return the encoding of a deposit or of a signed L2 transaction."""
    if isinstance(transaction, L2Deposit):
        return encode_l2_deposit(transaction)
    return encode_signed_l2_transaction(transaction)


def decode_any_l2_transaction(data: bytes) -> AnyL2Transaction:
    """Decode a deposit (type 0x7E) or a signed L2 transaction by its type byte."""
    if not data:
        raise InvalidLength("an L2 transaction is at least its type byte")
    if data[0] != L2_DEPOSIT_TYPE:
        return decode_signed_l2_transaction(data)
    queue_index, l1_sender, recipient, value = decode_abi(L2_DEPOSIT_ABI_TYPES, data[1:])
    return L2Deposit(
        queue_index=abi_int(queue_index),
        l1_sender=Address(abi_bytes(l1_sender)),
        recipient=Address(abi_bytes(recipient)),
        value=Wei(abi_int(value)),
    )


def compute_l2_transaction_hash(transaction: AnyL2Transaction) -> Hash32:
    """Return the keccak256 of the transaction's encoding: its L2 hash."""
    return keccak256(encode_any_l2_transaction(transaction))


def new_l2_state(chain_id: ChainId) -> L2State:
    """Return an empty L2 state of chain `chain_id`."""
    return L2State(chain_id)


def get_l2_account(state: L2State, address: Address) -> L2Account:
    """Return the account at `address`, or the empty account if it does not exist."""
    return state.accounts.get(address, EMPTY_L2_ACCOUNT)


def get_l2_accounts_root(state: L2State) -> Hash32:
    """Return the root of the accounts sparse Merkle tree."""
    return smt_root(state.accounts_tree)


def get_l2_withdrawals_root(state: L2State) -> Hash32:
    """Return the root of the withdrawals sparse Merkle tree."""
    return smt_root(state.withdrawals_tree)


def get_l2_state_root(state: L2State) -> Hash32:
    """Return the L2 state root over the accounts and withdrawals roots."""
    return compute_l2_state_root(get_l2_accounts_root(state), get_l2_withdrawals_root(state))


def compute_l2_transaction_effects(
    chain_id: ChainId, transaction: AnyL2Transaction, read_account: AccountReader
) -> L2Effects:
    """Return a transaction's effects on the accounts read; raise if it is invalid."""
    if isinstance(transaction, L2Deposit):
        recipient = read_account(transaction.recipient)
        credited = recipient.balance + transaction.value
        if credited > UINT256_MAX:
            raise L2BalanceOverflow(f"a deposit of {transaction.value} wei overflows the balance")
        return L2Effects(((transaction.recipient, replace(recipient, balance=Wei(credited))),), ())
    body = transaction.transaction
    if body.chain_id != chain_id:
        raise L2ChainIdMismatch(f"signed for L2 chain {body.chain_id}, not {chain_id}")
    # a signature that recovers no sender raises an InvalidSignature subclass
    sender = recover_l2_sender(transaction)
    account = read_account(sender)
    if body.nonce != account.nonce:
        raise L2NonceMismatch(f"expected nonce {account.nonce}, got {body.nonce}")
    if body.value > account.balance:
        raise L2InsufficientBalance(f"sends {body.value} wei, holds {account.balance}")
    debited = L2Account(nonce=account.nonce + 1, balance=Wei(account.balance - body.value))
    if body.kind == L2_WITHDRAWAL_TYPE:
        withdrawal = Withdrawal(sender, body.nonce, body.to, body.value)
        return L2Effects(((sender, debited),), (compute_withdrawal_hash(withdrawal),))
    if body.to == sender:
        # a transfer to oneself only takes the nonce
        return L2Effects(((sender, replace(debited, balance=account.balance)),), ())
    recipient = read_account(body.to)
    credited = recipient.balance + body.value
    if credited > UINT256_MAX:
        raise L2BalanceOverflow(f"a transfer of {body.value} wei overflows the recipient")
    new_recipient = replace(recipient, balance=Wei(credited))
    return L2Effects(((sender, debited), (body.to, new_recipient)), ())


def _set_l2_account(state: L2State, address: Address, account: L2Account) -> None:
    key = compute_account_key(address)
    if account == EMPTY_L2_ACCOUNT:
        state.accounts.pop(address, None)
        smt_delete(state.accounts_tree, key)
    else:
        state.accounts[address] = account
        smt_set(state.accounts_tree, key, encode_l2_account(account))


def _add_withdrawal(state: L2State, withdrawal_hash: Hash32) -> None:
    state.withdrawals.append(withdrawal_hash)
    smt_set(state.withdrawals_tree, compute_withdrawal_key(withdrawal_hash), WITHDRAWAL_LEAF_VALUE)


def _read_account_of(state: L2State) -> AccountReader:
    def read_account(address: Address) -> L2Account:
        return get_l2_account(state, address)

    return read_account


def process_l2_transaction(state: L2State, transaction: AnyL2Transaction) -> None:
    """Apply a transaction's effects to the state; raise if it is invalid."""
    effects = compute_l2_transaction_effects(state.chain_id, transaction, _read_account_of(state))
    for address, account in effects.accounts:
        _set_l2_account(state, address, account)
    for withdrawal_hash in effects.withdrawals:
        _add_withdrawal(state, withdrawal_hash)


def apply_l2_transaction(state: L2State, transaction: AnyL2Transaction) -> L2Receipt:
    """Apply a transaction, or skip an invalid one unchanged; return its receipt."""
    try:
        process_l2_transaction(state, transaction)
    except (InvalidL2Transaction, InvalidSignature) as error:
        return L2Receipt(applied=False, error=type(error).__name__)
    return L2Receipt(applied=True, error="")


def compute_l2_account_proof(state: L2State, address: Address) -> SmtProof:
    """Return the sparse Merkle proof of the account at `address`."""
    return compute_smt_proof(state.accounts_tree, compute_account_key(address))


def compute_l2_withdrawal_proof(state: L2State, withdrawal_hash: Hash32) -> SmtProof:
    """Return the sparse Merkle proof of a withdrawal hash in the withdrawals tree."""
    return compute_smt_proof(state.withdrawals_tree, compute_withdrawal_key(withdrawal_hash))


def verify_l2_account_proof(
    accounts_root: Hash32, address: Address, account: L2Account, proof: SmtProof
) -> bool:
    """Return whether the proof shows `account` at `address` (empty: absent) under the root."""
    if not (0 <= account.nonce <= UINT256_MAX and 0 <= account.balance <= UINT256_MAX):
        return False
    key = compute_account_key(address)
    if account == EMPTY_L2_ACCOUNT:
        return verify_smt_non_membership(accounts_root, key, proof)
    return verify_smt_membership(accounts_root, key, encode_l2_account(account), proof)


def verify_withdrawal_inclusion(
    withdrawals_root: Hash32, withdrawal_hash: Hash32, proof: SmtProof
) -> bool:
    """Return whether the proof shows the withdrawal hash in the withdrawals tree."""
    key = compute_withdrawal_key(withdrawal_hash)
    return verify_smt_membership(withdrawals_root, key, WITHDRAWAL_LEAF_VALUE, proof)


def compute_l2_transaction_witness(
    state: L2State, transaction: AnyL2Transaction
) -> L2TransactionWitness:
    """Return the witness of the accounts a transaction reads and withdrawals it makes."""
    read: list[Address] = []

    def read_account(address: Address) -> L2Account:
        if address not in read:
            read.append(address)
        return get_l2_account(state, address)

    try:
        made = compute_l2_transaction_effects(state.chain_id, transaction, read_account).withdrawals
    except (InvalidL2Transaction, InvalidSignature):
        made = ()
    accounts = tuple(
        L2AccountWitness(
            address, get_l2_account(state, address), compute_l2_account_proof(state, address)
        )
        for address in read
    )
    withdrawals = tuple(
        L2WithdrawalWitness(withdrawal_hash, compute_l2_withdrawal_proof(state, withdrawal_hash))
        for withdrawal_hash in made
    )
    return L2TransactionWitness(
        get_l2_accounts_root(state), get_l2_withdrawals_root(state), accounts, withdrawals
    )


def compute_smt_root_after_updates(
    root: Hash32, proofs: Sequence[tuple[int, SmtProof]], updates: Sequence[tuple[int, Hash32]]
) -> Hash32:
    """Return the sparse Merkle root after setting leaf hashes, from their proofs."""
    # nodes by generalized index: the siblings the proofs give, then each updated path
    nodes: dict[int, Hash32] = {}
    leaf_base = 2**SMT_DEFAULT_DEPTH
    for key, proof in proofs:
        for height, sibling in enumerate(proof.siblings):
            nodes[((leaf_base + key) >> height) ^ 1] = sibling
    for key, leaf_hash in updates:
        index = leaf_base + key
        node = leaf_hash
        for _ in range(SMT_DEFAULT_DEPTH):
            nodes[index] = node
            sibling = nodes[index ^ 1]
            node = (
                compute_node_hash(sibling, node) if index & 1 else compute_node_hash(node, sibling)
            )
            index >>= 1
        root = node
        nodes[index] = node
    return root


def compute_post_state_root_from_witness(
    chain_id: ChainId,
    pre_state_root: Hash32,
    transaction: AnyL2Transaction,
    witness: L2TransactionWitness,
) -> Hash32:
    """Return the post-state root of one transaction from a checked witness."""
    if compute_l2_state_root(witness.accounts_root, witness.withdrawals_root) != pre_state_root:
        raise InvalidL2Witness("the witness roots do not hash to the pre-state root")
    known: dict[Address, L2Account] = {}
    for entry in witness.accounts:
        if entry.address in known:
            raise InvalidL2Witness(f"account 0x{entry.address.hex()} is witnessed twice")
        if not verify_l2_account_proof(
            witness.accounts_root, entry.address, entry.account, entry.proof
        ):
            raise InvalidL2Witness(f"the proof of account 0x{entry.address.hex()} fails")
        known[entry.address] = entry.account
    absent: dict[Hash32, SmtProof] = {}
    for item in witness.withdrawals:
        if item.withdrawal_hash in absent:
            raise InvalidL2Witness(f"withdrawal 0x{item.withdrawal_hash.hex()} is witnessed twice")
        key = compute_withdrawal_key(item.withdrawal_hash)
        if not verify_smt_non_membership(witness.withdrawals_root, key, item.proof):
            raise InvalidL2Witness(f"the proof of withdrawal 0x{item.withdrawal_hash.hex()} fails")
        absent[item.withdrawal_hash] = item.proof

    def read_account(address: Address) -> L2Account:
        if address not in known:
            raise IncompleteL2Witness(f"the witness lacks account 0x{address.hex()}")
        return known[address]

    try:
        effects = compute_l2_transaction_effects(chain_id, transaction, read_account)
    except (InvalidL2Transaction, InvalidSignature):
        # a skipped transaction changes nothing
        return pre_state_root
    for withdrawal_hash in effects.withdrawals:
        if withdrawal_hash not in absent:
            raise IncompleteL2Witness(f"the witness lacks withdrawal 0x{withdrawal_hash.hex()}")
    accounts_root = compute_smt_root_after_updates(
        witness.accounts_root,
        [(compute_account_key(entry.address), entry.proof) for entry in witness.accounts],
        [
            (
                compute_account_key(address),
                SMT_EMPTY_LEAF_HASH
                if account == EMPTY_L2_ACCOUNT
                else compute_leaf_hash(encode_l2_account(account)),
            )
            for address, account in effects.accounts
        ],
    )
    withdrawals_root = compute_smt_root_after_updates(
        witness.withdrawals_root,
        [(compute_withdrawal_key(h), proof) for h, proof in absent.items()],
        [
            (compute_withdrawal_key(h), compute_leaf_hash(WITHDRAWAL_LEAF_VALUE))
            for h in effects.withdrawals
        ],
    )
    return compute_l2_state_root(accounts_root, withdrawals_root)


def encode_l2_transaction_witness(witness: L2TransactionWitness) -> bytes:
    """Return the ABI encoding of a transaction witness."""
    accounts: list[AbiValue] = [
        (entry.address, entry.account.nonce, entry.account.balance, encode_smt_proof(entry.proof))
        for entry in witness.accounts
    ]
    withdrawals: list[AbiValue] = [
        (item.withdrawal_hash, encode_smt_proof(item.proof)) for item in witness.withdrawals
    ]
    fields: list[AbiValue] = [
        witness.accounts_root,
        witness.withdrawals_root,
        accounts,
        withdrawals,
    ]
    return encode_abi(L2_WITNESS_ABI_TYPES, fields)


def decode_l2_transaction_witness(data: bytes) -> L2TransactionWitness:
    """Decode a transaction witness from its ABI encoding."""
    accounts_root, withdrawals_root, accounts, withdrawals = decode_abi(L2_WITNESS_ABI_TYPES, data)
    account_witnesses: list[L2AccountWitness] = []
    for item in abi_items(accounts):
        address, nonce, balance, proof = abi_items(item)
        account = L2Account(nonce=abi_int(nonce), balance=Wei(abi_int(balance)))
        account_witnesses.append(
            L2AccountWitness(
                Address(abi_bytes(address)),
                account,
                decode_smt_proof(abi_bytes(proof), SMT_DEFAULT_DEPTH),
            )
        )
    withdrawal_witnesses: list[L2WithdrawalWitness] = []
    for item in abi_items(withdrawals):
        withdrawal_hash, proof = abi_items(item)
        withdrawal_witnesses.append(
            L2WithdrawalWitness(
                Hash32(abi_bytes(withdrawal_hash)),
                decode_smt_proof(abi_bytes(proof), SMT_DEFAULT_DEPTH),
            )
        )
    return L2TransactionWitness(
        Hash32(abi_bytes(accounts_root)),
        Hash32(abi_bytes(withdrawals_root)),
        tuple(account_witnesses),
        tuple(withdrawal_witnesses),
    )
