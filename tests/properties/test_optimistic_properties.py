"""Properties of the L2 state of the optimistic rollup (specs/optimistic/l2_state.md) on random
sequences of deposits, transfers and withdrawals, valid and invalid alike."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from optimistic_helpers import ALICE, BOB, CAROL, ETHER, L2_CHAIN_ID, l2_transfer, l2_withdrawal

from l2ref.crypto.secp256k1 import PrivateKey
from l2ref.l1.driver import compute_account_address
from l2ref.l1.types import Wei
from l2ref.optimistic.l2_state import (
    L2_WITHDRAWAL_TYPE,
    AnyL2Transaction,
    L2Deposit,
    L2State,
    SignedL2Transaction,
    apply_l2_transaction,
    compute_l2_transaction_witness,
    compute_post_state_root_from_witness,
    get_l2_accounts_root,
    get_l2_state_root,
    get_l2_withdrawals_root,
    new_l2_state,
)
from l2ref.types import Address

USERS: tuple[PrivateKey, ...] = (ALICE, BOB, CAROL)
ADDRESSES = tuple(compute_account_address(user) for user in USERS)
L1_RECIPIENT = Address(b"\x1e" * 20)

# (kind, user, other user, value, nonce offset, other chain): the offset and the chain make some
# transactions invalid, so that they are skipped
operations = st.lists(
    st.tuples(
        st.sampled_from(("deposit", "transfer", "transfer", "withdrawal")),
        st.integers(0, len(USERS) - 1),
        st.integers(0, len(USERS) - 1),
        st.sampled_from((0, 1, ETHER // 3, ETHER, 3 * ETHER)),
        st.sampled_from((0, 0, 0, 1, -1)),
        st.integers(0, 7).map(lambda draw: draw == 0),
    ),
    max_size=10,
)


def _build(raw: list[tuple[str, int, int, int, int, bool]]) -> list[AnyL2Transaction]:
    """The transactions, with each user's nonce as it would be if every one were applied."""
    nonces = [0] * len(USERS)
    transactions: list[AnyL2Transaction] = []
    for index, (kind, user, other, value, offset, other_chain) in enumerate(raw):
        if kind == "deposit":
            transactions.append(L2Deposit(index, L1_RECIPIENT, ADDRESSES[other], Wei(value)))
            continue
        nonce = max(0, nonces[user] + offset)
        signed: SignedL2Transaction
        if kind == "transfer":
            chain_id = L2_CHAIN_ID + 1 if other_chain else L2_CHAIN_ID
            signed = l2_transfer(USERS[user], nonce, ADDRESSES[other], value, chain_id)
        else:
            signed = l2_withdrawal(USERS[user], nonce, L1_RECIPIENT, value)
        transactions.append(signed)
        nonces[user] += 1
    return transactions


def _supply(state: L2State) -> int:
    return sum(account.balance for account in state.accounts.values())


def _run(transactions: list[AnyL2Transaction]) -> L2State:
    state = new_l2_state(L2_CHAIN_ID)
    for transaction in transactions:
        apply_l2_transaction(state, transaction)
    return state


@settings(max_examples=25, deadline=None)
@given(operations)
def test_random_l2_transactions_are_deterministic_witnessed_and_conserve_ether(
    raw: list[tuple[str, int, int, int, int, bool]],
) -> None:
    """I-OP-1: the L2 state and its roots are a function of the chain id and the sequence alone.
    I-OP-3: re-executing each transaction from the pre-state root and its witness gives the root
    that full execution gives. I-OP-4: the sum of balances changes by +value for an applied
    deposit, by -value for an applied withdrawal, and not at all otherwise."""
    transactions = _build(raw)
    state = new_l2_state(L2_CHAIN_ID)
    for transaction in transactions:
        pre_root = get_l2_state_root(state)
        supply = _supply(state)
        witness = compute_l2_transaction_witness(state, transaction)
        receipt = apply_l2_transaction(state, transaction)
        post_root = compute_post_state_root_from_witness(
            state.chain_id, pre_root, transaction, witness
        )
        assert post_root == get_l2_state_root(state)
        change = 0
        if receipt.applied:
            if isinstance(transaction, L2Deposit):
                change = transaction.value
            elif transaction.transaction.kind == L2_WITHDRAWAL_TYPE:
                change = -transaction.transaction.value
        assert _supply(state) == supply + change
        if not receipt.applied:
            assert post_root == pre_root
    again = _run(transactions)
    assert again.accounts == state.accounts
    assert again.withdrawals == state.withdrawals
    assert get_l2_accounts_root(again) == get_l2_accounts_root(state)
    assert get_l2_withdrawals_root(again) == get_l2_withdrawals_root(state)
    assert get_l2_state_root(again) == get_l2_state_root(state)
