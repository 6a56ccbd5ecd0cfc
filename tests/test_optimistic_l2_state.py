"""The L2 state of the optimistic rollup: encodings, the state transition and its skip rules, and
the one-step re-execution from a witness (specs/optimistic/l2_state.md)."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from optimistic_helpers import (
    ALICE,
    ALICE_ADDRESS,
    BOB,
    BOB_ADDRESS,
    CAROL_ADDRESS,
    ETHER,
    L2_CHAIN_ID,
    key,
    l2_transfer,
    l2_withdrawal,
)

from l2ref.crypto.secp256k1 import CURVE_ORDER, Signature
from l2ref.crypto.smt import SmtProof, compute_smt_root_reference
from l2ref.errors import (
    DecodingError,
    IncompleteL2Witness,
    InvalidL2Witness,
    InvalidLength,
    L2BalanceOverflow,
    L2ChainIdMismatch,
    L2InsufficientBalance,
    L2NonceMismatch,
    UnknownL2TransactionType,
    ValueOutOfRange,
)
from l2ref.l1.driver import compute_account_address
from l2ref.l1.state import UINT256_MAX, compute_account_key
from l2ref.l1.types import ChainId, Wei
from l2ref.optimistic.l2_state import (
    EMPTY_L2_ACCOUNT,
    L2_DEPOSIT_TYPE,
    L2_TRANSFER_TYPE,
    WITHDRAWAL_LEAF_VALUE,
    AnyL2Transaction,
    L2Account,
    L2AccountWitness,
    L2Deposit,
    L2State,
    L2Transaction,
    L2TransactionWitness,
    L2WithdrawalWitness,
    SignedL2Transaction,
    Withdrawal,
    apply_l2_transaction,
    compute_l2_account_proof,
    compute_l2_transaction_witness,
    compute_post_state_root_from_witness,
    compute_withdrawal_hash,
    compute_withdrawal_key,
    decode_any_l2_transaction,
    decode_l2_transaction_witness,
    decode_signed_l2_transaction,
    encode_any_l2_transaction,
    encode_l2_account,
    encode_l2_transaction,
    encode_l2_transaction_witness,
    encode_signed_l2_transaction,
    get_l2_account,
    get_l2_accounts_root,
    get_l2_state_root,
    get_l2_withdrawals_root,
    new_l2_state,
    process_l2_transaction,
    recover_l2_sender,
    verify_l2_account_proof,
)
from l2ref.types import Address, Hash32


def funded_state() -> L2State:
    state = new_l2_state(L2_CHAIN_ID)
    for index, address in enumerate((ALICE_ADDRESS, BOB_ADDRESS)):
        assert apply_l2_transaction(
            state, L2Deposit(index, address, address, Wei(5 * ETHER))
        ).applied
    return state


def snapshot(state: L2State) -> tuple[object, ...]:
    return (dict(state.accounts), list(state.withdrawals), get_l2_state_root(state))


def test_roots_are_those_of_the_sparse_merkle_trees() -> None:
    state = funded_state()
    assert apply_l2_transaction(state, l2_withdrawal(ALICE, 0, CAROL_ADDRESS, ETHER)).applied
    accounts = {
        compute_account_key(address): encode_l2_account(account)
        for address, account in state.accounts.items()
    }
    withdrawals = {compute_withdrawal_key(h): WITHDRAWAL_LEAF_VALUE for h in state.withdrawals}
    assert get_l2_accounts_root(state) == compute_smt_root_reference(accounts)
    assert get_l2_withdrawals_root(state) == compute_smt_root_reference(withdrawals)


def test_signed_transaction_round_trip_and_sender() -> None:
    signed = l2_transfer(ALICE, 3, BOB_ADDRESS, 12345)
    data = encode_signed_l2_transaction(signed)
    assert len(data) == 194
    assert data[0] == L2_TRANSFER_TYPE
    assert decode_signed_l2_transaction(data) == signed
    assert decode_any_l2_transaction(data) == signed
    assert recover_l2_sender(signed) == ALICE_ADDRESS
    deposit = L2Deposit(7, ALICE_ADDRESS, BOB_ADDRESS, Wei(9))
    encoded = encode_any_l2_transaction(deposit)
    assert encoded[0] == L2_DEPOSIT_TYPE
    assert decode_any_l2_transaction(encoded) == deposit


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", InvalidLength),
        (b"\x70" + bytes(64), InvalidLength),
        (b"\x4c" + bytes(193), UnknownL2TransactionType),
        (b"\x7e" + bytes(10), DecodingError),
    ],
)
def test_decoding_rejects(data: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        decode_any_l2_transaction(data)


def test_encode_rejects_an_unknown_kind() -> None:
    with pytest.raises(ValueOutOfRange):
        encode_l2_transaction(L2Transaction(0x72, L2_CHAIN_ID, 0, BOB_ADDRESS, Wei(0)))


def test_transfer_withdrawal_and_deposit() -> None:
    state = funded_state()
    assert apply_l2_transaction(state, l2_transfer(ALICE, 0, BOB_ADDRESS, ETHER)).applied
    assert get_l2_account(state, ALICE_ADDRESS) == L2Account(1, Wei(4 * ETHER))
    assert get_l2_account(state, BOB_ADDRESS) == L2Account(0, Wei(6 * ETHER))
    assert apply_l2_transaction(state, l2_withdrawal(BOB, 0, CAROL_ADDRESS, 2 * ETHER)).applied
    assert get_l2_account(state, BOB_ADDRESS) == L2Account(1, Wei(4 * ETHER))
    withdrawal = Withdrawal(BOB_ADDRESS, 0, CAROL_ADDRESS, Wei(2 * ETHER))
    assert state.withdrawals == [compute_withdrawal_hash(withdrawal)]
    # the L1 recipient gets nothing on the L2
    assert get_l2_account(state, CAROL_ADDRESS) == EMPTY_L2_ACCOUNT


def test_transfer_to_oneself_takes_only_the_nonce() -> None:
    state = funded_state()
    assert apply_l2_transaction(state, l2_transfer(ALICE, 0, ALICE_ADDRESS, ETHER)).applied
    assert get_l2_account(state, ALICE_ADDRESS) == L2Account(1, Wei(5 * ETHER))


def _high_s(signed: SignedL2Transaction) -> SignedL2Transaction:
    signature = signed.signature
    flipped = Signature(signature.r, CURVE_ORDER - signature.s, 1 - signature.v)
    return SignedL2Transaction(signed.transaction, flipped)


SKIPPED: list[tuple[str, AnyL2Transaction, str]] = [
    ("wrong_chain", l2_transfer(ALICE, 0, BOB_ADDRESS, 1, chain_id=902), "L2ChainIdMismatch"),
    ("nonce_high", l2_transfer(ALICE, 1, BOB_ADDRESS, 1), "L2NonceMismatch"),
    ("too_much", l2_transfer(ALICE, 0, BOB_ADDRESS, 5 * ETHER + 1), "L2InsufficientBalance"),
    ("withdraw_too_much", l2_withdrawal(ALICE, 0, BOB_ADDRESS, 6 * ETHER), "L2InsufficientBalance"),
    ("high_s", _high_s(l2_transfer(ALICE, 0, BOB_ADDRESS, 1)), "HighS"),
    (
        "r_zero",
        SignedL2Transaction(l2_transfer(ALICE, 0, BOB_ADDRESS, 1).transaction, Signature(0, 1, 0)),
        "SignatureOutOfRange",
    ),
    ("unfunded_sender", l2_transfer(key("nobody"), 0, BOB_ADDRESS, 1), "L2InsufficientBalance"),
]


@pytest.mark.parametrize(("name", "transaction", "error"), SKIPPED, ids=[s[0] for s in SKIPPED])
def test_invalid_transactions_are_skipped_and_change_nothing(
    name: str, transaction: AnyL2Transaction, error: str
) -> None:
    state = funded_state()
    before = snapshot(state)
    receipt = apply_l2_transaction(state, transaction)
    assert (receipt.applied, receipt.error) == (False, error)
    assert snapshot(state) == before


def test_process_raises_the_reason() -> None:
    state = funded_state()
    with pytest.raises(L2NonceMismatch):
        process_l2_transaction(state, l2_transfer(ALICE, 4, BOB_ADDRESS, 1))
    with pytest.raises(L2ChainIdMismatch):
        process_l2_transaction(state, l2_transfer(ALICE, 0, BOB_ADDRESS, 1, chain_id=1))
    with pytest.raises(L2InsufficientBalance):
        process_l2_transaction(state, l2_transfer(ALICE, 0, BOB_ADDRESS, 10 * ETHER))


def test_balance_overflow_is_skipped() -> None:
    state = new_l2_state(L2_CHAIN_ID)
    assert apply_l2_transaction(state, L2Deposit(0, ALICE_ADDRESS, BOB_ADDRESS, Wei(UINT256_MAX)))
    receipt = apply_l2_transaction(state, L2Deposit(1, ALICE_ADDRESS, BOB_ADDRESS, Wei(1)))
    assert receipt.error == "L2BalanceOverflow"
    assert apply_l2_transaction(state, L2Deposit(2, ALICE_ADDRESS, ALICE_ADDRESS, Wei(1))).applied
    receipt = apply_l2_transaction(state, l2_transfer(ALICE, 0, BOB_ADDRESS, 1))
    assert receipt.error == "L2BalanceOverflow"
    with pytest.raises(L2BalanceOverflow):
        process_l2_transaction(state, l2_transfer(ALICE, 0, BOB_ADDRESS, 1))


def test_account_proofs() -> None:
    state = funded_state()
    root = get_l2_accounts_root(state)
    proof = compute_l2_account_proof(state, ALICE_ADDRESS)
    alice = get_l2_account(state, ALICE_ADDRESS)
    assert verify_l2_account_proof(root, ALICE_ADDRESS, alice, proof)
    assert not verify_l2_account_proof(root, ALICE_ADDRESS, replace(alice, nonce=1), proof)
    absent = compute_l2_account_proof(state, CAROL_ADDRESS)
    assert verify_l2_account_proof(root, CAROL_ADDRESS, EMPTY_L2_ACCOUNT, absent)
    assert not verify_l2_account_proof(root, ALICE_ADDRESS, EMPTY_L2_ACCOUNT, proof)
    assert not verify_l2_account_proof(root, ALICE_ADDRESS, L2Account(-1, Wei(0)), proof)


# ----------------------------------------------------------------------------- witnesses


def _check_witness(state: L2State, transaction: AnyL2Transaction) -> L2TransactionWitness:
    pre_root = get_l2_state_root(state)
    witness = compute_l2_transaction_witness(state, transaction)
    assert decode_l2_transaction_witness(encode_l2_transaction_witness(witness)) == witness
    apply_l2_transaction(state, transaction)
    post = compute_post_state_root_from_witness(state.chain_id, pre_root, transaction, witness)
    assert post == get_l2_state_root(state)
    return witness


def test_witness_re_execution_matches_full_execution() -> None:
    """I-OP-3: re-execution from the witness gives the root of full execution."""
    rng = random.Random(7)
    users = [key(f"witness-user-{i}") for i in range(5)]
    addresses = [compute_account_address(user) for user in users]
    state = new_l2_state(L2_CHAIN_ID)
    for index, address in enumerate(addresses[:4]):
        _check_witness(state, L2Deposit(index, address, address, Wei(ETHER)))
    # a zero deposit to an empty account leaves it empty
    _check_witness(state, L2Deposit(9, ALICE_ADDRESS, Address(bytes(20)), Wei(0)))
    nonces = [0] * len(users)
    outcomes: set[str] = set()
    for _ in range(40):
        sender = rng.randrange(len(users))
        nonce = nonces[sender] + rng.choice((0, 0, 0, 1))
        kind = rng.choice(("transfer", "withdrawal"))
        to = rng.choice(addresses)
        value = rng.randrange(0, ETHER // 2)
        chain_id = rng.choice((L2_CHAIN_ID, L2_CHAIN_ID, L2_CHAIN_ID, ChainId(5)))
        if kind == "transfer":
            signed = l2_transfer(users[sender], nonce, to, value, chain_id)
        else:
            signed = l2_withdrawal(users[sender], nonce, to, value)
        receipt_applied = _apply_and_check(state, signed)
        outcomes.add(receipt_applied)
        if receipt_applied == "":
            nonces[sender] += 1
    assert {"", "L2NonceMismatch", "L2ChainIdMismatch"} <= outcomes


def _apply_and_check(state: L2State, transaction: AnyL2Transaction) -> str:
    pre_root = get_l2_state_root(state)
    witness = compute_l2_transaction_witness(state, transaction)
    receipt = apply_l2_transaction(state, transaction)
    post = compute_post_state_root_from_witness(state.chain_id, pre_root, transaction, witness)
    assert post == get_l2_state_root(state)
    if not receipt.applied:
        assert post == pre_root
    return receipt.error


def test_witness_of_a_skipped_transaction_shows_the_reason() -> None:
    state = funded_state()
    wrong_chain = l2_transfer(ALICE, 0, BOB_ADDRESS, 1, chain_id=5)
    assert compute_l2_transaction_witness(state, wrong_chain).accounts == ()
    wrong_nonce = l2_transfer(ALICE, 3, BOB_ADDRESS, 1)
    witness = _check_witness(state, wrong_nonce)
    assert [entry.address for entry in witness.accounts] == [ALICE_ADDRESS]


def _tamper_proof(proof: SmtProof) -> SmtProof:
    return SmtProof((Hash32(b"\x11" * 32), *proof.siblings[1:]))


def test_wrong_witnesses_are_rejected() -> None:
    """I-OP-3: witnesses with wrong roots or proofs raise InvalidL2Witness, incomplete ones
    IncompleteL2Witness."""
    state = funded_state()
    transaction = l2_withdrawal(ALICE, 0, CAROL_ADDRESS, ETHER)
    pre_root = get_l2_state_root(state)
    witness = compute_l2_transaction_witness(state, transaction)
    assert len(witness.accounts) == 1
    assert len(witness.withdrawals) == 1

    def run(bad: L2TransactionWitness, root: Hash32 = pre_root) -> Hash32:
        return compute_post_state_root_from_witness(L2_CHAIN_ID, root, transaction, bad)

    sender = witness.accounts[0]
    with pytest.raises(InvalidL2Witness):
        run(witness, Hash32(b"\x00" * 32))
    with pytest.raises(InvalidL2Witness):
        run(replace(witness, accounts_root=Hash32(b"\x01" * 32)))
    inflated = replace(sender, account=replace(sender.account, balance=Wei(100 * ETHER)))
    with pytest.raises(InvalidL2Witness):
        run(replace(witness, accounts=(inflated,)))
    with pytest.raises(InvalidL2Witness):
        run(replace(witness, accounts=(replace(sender, proof=_tamper_proof(sender.proof)),)))
    absent = L2AccountWitness(sender.address, EMPTY_L2_ACCOUNT, sender.proof)
    with pytest.raises(InvalidL2Witness):
        run(replace(witness, accounts=(absent,)))
    with pytest.raises(InvalidL2Witness):
        run(replace(witness, accounts=(sender, sender)))
    made = witness.withdrawals[0]
    tampered = L2WithdrawalWitness(made.withdrawal_hash, _tamper_proof(made.proof))
    with pytest.raises(InvalidL2Witness):
        run(replace(witness, withdrawals=(tampered,)))
    with pytest.raises(InvalidL2Witness):
        run(replace(witness, withdrawals=(made, made)))
    with pytest.raises(IncompleteL2Witness):
        run(replace(witness, accounts=()))
    with pytest.raises(IncompleteL2Witness):
        run(replace(witness, withdrawals=()))
    transfer = l2_transfer(ALICE, 0, BOB_ADDRESS, 1)
    transfer_witness = compute_l2_transaction_witness(state, transfer)
    with pytest.raises(IncompleteL2Witness):
        compute_post_state_root_from_witness(
            L2_CHAIN_ID,
            pre_root,
            transfer,
            replace(transfer_witness, accounts=transfer_witness.accounts[:1]),
        )


def test_extra_witness_entries_are_allowed() -> None:
    state = funded_state()
    transaction = l2_transfer(ALICE, 0, BOB_ADDRESS, ETHER)
    pre_root = get_l2_state_root(state)
    witness = compute_l2_transaction_witness(state, transaction)
    extra = L2AccountWitness(
        CAROL_ADDRESS, EMPTY_L2_ACCOUNT, compute_l2_account_proof(state, CAROL_ADDRESS)
    )
    padded = replace(witness, accounts=(extra, *witness.accounts))
    apply_l2_transaction(state, transaction)
    post = compute_post_state_root_from_witness(L2_CHAIN_ID, pre_root, transaction, padded)
    assert post == get_l2_state_root(state)


def test_decode_witness_rejects_malformed_bytes() -> None:
    state = funded_state()
    witness = compute_l2_transaction_witness(state, l2_transfer(ALICE, 0, BOB_ADDRESS, 1))
    data = encode_l2_transaction_witness(witness)
    with pytest.raises(DecodingError):
        decode_l2_transaction_witness(data[:-1])
    with pytest.raises(DecodingError):
        decode_l2_transaction_witness(data + b"\x00")
