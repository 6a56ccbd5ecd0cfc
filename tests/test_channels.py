"""Payment channels: the L1 contract and the secret registry, driven through the local chain.

The invariants I-CH-1 ... I-CH-9 of specs/channels/contract.md each have a test named after them.
The off-chain protocol is in tests/test_channels_protocol.py, the revocation secrets in
tests/test_channels_revocation.py, the costs table in tests/test_channels_gas.py.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from channel_helpers import (
    ALICE,
    ALICE_ADDRESS,
    BOB,
    BOB_ADDRESS,
    CAROL,
    CAROL_ADDRESS,
    CHAIN_ID,
    CONFIG,
    DAY,
    ETHER,
    GENESIS_TIME,
    PROPOSER,
    SEED_A,
    Setup,
    balance_of,
    call,
    complete_round,
    get_totals,
    new_setup,
    open_channel,
    pay,
)

from l2ref.channels.contract import (
    CHANNEL_CLOSED,
    CHANNEL_CONTRACT_NAME,
    CHANNEL_OPEN,
    CHANNEL_SETTLED,
    MAX_CHALLENGE_PERIOD_SECONDS,
    MIN_CHALLENGE_PERIOD_SECONDS,
    STATIC_CALL_GAS,
    _compute_digest,
)
from l2ref.channels.protocol import (
    ChannelTerms,
    PartyView,
    honest_party_close,
    honest_party_register_secrets,
    honest_party_respond_to_close,
    honest_party_settle,
    honest_party_unlock,
    propose_lock,
)
from l2ref.channels.revocation import compute_revocation_secret
from l2ref.channels.states import (
    CHANNEL_STATE_TYPE_NAME,
    CHANNEL_STATE_TYPES,
    NONCE_MODE,
    PENALTY_MODE,
    ChannelState,
    SignedChannelState,
    compute_balances,
    compute_hashlock,
    compute_lock_proof,
    compute_state_digest,
    compute_state_message,
    lock_to_abi,
    sign_state,
    state_to_abi,
)
from l2ref.crypto.merkle import encode_merkle_proof
from l2ref.crypto.secp256k1 import PrivateKey, encode_signature
from l2ref.encoding.abi import AbiValue, abi_int
from l2ref.l1.chain import Receipt
from l2ref.l1.contracts import BlockEnvironment, CallContext, Message, new_call_context
from l2ref.l1.driver import (
    advance_time,
    get_receipt,
    get_time,
    mine_block,
    send_deployment,
    send_method_call,
    view_call,
)
from l2ref.l1.state import State
from l2ref.l1.types import BlockNumber, ChainId, Gas, Seconds, Wei
from l2ref.types import Address, Hash32

VECTORS = Path(__file__).resolve().parent.parent / "vectors" / "channels"


def _arguments(terms: ChannelTerms, signed: SignedChannelState | None) -> list[AbiValue]:
    assert signed is not None
    return [
        terms.channel_id,
        state_to_abi(signed.state),
        encode_signature(signed.signature_a),
        encode_signature(signed.signature_b),
    ]


def _signed(state: ChannelState) -> SignedChannelState:
    return SignedChannelState(state, sign_state(state, ALICE), sign_state(state, BOB))


def _status(setup: Setup, terms: ChannelTerms) -> int:
    return abi_int(view_call(setup.local, setup.contract, "getChannel", [terms.channel_id])[0])


def _expect(receipt: Receipt, error: str = "") -> None:
    assert receipt.error == error, receipt.error
    assert receipt.succeeded == (error == "")


def _contract_funds(setup: Setup, channels: list[ChannelTerms]) -> int:
    """I-CH-1's right-hand side, from the views."""
    funds = 0
    for terms in channels:
        status = _status(setup, terms)
        totals = get_totals(setup.local, terms)
        if status in (CHANNEL_OPEN, CHANNEL_CLOSED):
            funds += totals.deposit_a + totals.deposit_b - totals.withdrawn_a - totals.withdrawn_b
        else:
            locks = view_call(setup.local, setup.contract, "getSettledLocks", [terms.channel_id])
            funds += abi_int(locks[2]) + abi_int(locks[3])
    return funds


# ----------------------------------------------------------------------------- open and deposit


def test_open_and_deposit() -> None:
    setup = new_setup()
    terms, _, _ = open_channel(setup, deposit_a=3 * ETHER, deposit_b=ETHER)
    values = view_call(setup.local, setup.contract, "getChannel", [terms.channel_id])
    assert values == (
        CHANNEL_OPEN,
        ALICE_ADDRESS,
        BOB_ADDRESS,
        NONCE_MODE,
        DAY,
        3 * ETHER,
        ETHER,
        0,
        0,
    )
    assert balance_of(setup.local, setup.contract) == 4 * ETHER
    receipt = call(
        setup.local,
        ALICE,
        setup.contract,
        "deposit",
        [terms.channel_id, 5 * ETHER],
        value=2 * ETHER,
    )
    _expect(receipt)
    assert get_totals(setup.local, terms).deposit_a == 5 * ETHER


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ([bytes(32), BOB_ADDRESS, NONCE_MODE, DAY], "InvalidChannelParameters"),
        ([b"\x01" * 32, ALICE_ADDRESS, NONCE_MODE, DAY], "InvalidChannelParameters"),
        ([b"\x01" * 32, bytes(20), NONCE_MODE, DAY], "InvalidChannelParameters"),
        ([b"\x01" * 32, BOB_ADDRESS, 0, DAY], "InvalidChannelParameters"),
        ([b"\x01" * 32, BOB_ADDRESS, 3, DAY], "InvalidChannelParameters"),
        (
            [b"\x01" * 32, BOB_ADDRESS, NONCE_MODE, MIN_CHALLENGE_PERIOD_SECONDS - 1],
            "InvalidChannelParameters",
        ),
        (
            [b"\x01" * 32, BOB_ADDRESS, NONCE_MODE, MAX_CHALLENGE_PERIOD_SECONDS + 1],
            "InvalidChannelParameters",
        ),
    ],
)
def test_open_rejects_bad_parameters(arguments: list[AbiValue], error: str) -> None:
    setup = new_setup()
    _expect(call(setup.local, ALICE, setup.contract, "open", arguments), error)


def test_deposit_rules() -> None:
    setup = new_setup()
    terms, _, _ = open_channel(setup)
    channel_id = terms.channel_id
    cases: list[tuple[bytes, list[AbiValue], int, str]] = [
        (ALICE, [channel_id, 10 * ETHER], 10 * ETHER, "DepositNotMonotonic"),
        (ALICE, [channel_id, 9 * ETHER], 0, "DepositNotMonotonic"),
        (ALICE, [channel_id, 11 * ETHER], 2 * ETHER, "DepositValueMismatch"),
        (CAROL, [channel_id, ETHER], ETHER, "NotParticipant"),
        (ALICE, [b"\x77" * 32, ETHER], ETHER, "ChannelNotFound"),
    ]
    before = balance_of(setup.local, setup.contract)
    for private_key, arguments, value, error in cases:
        receipt = call(
            setup.local, PrivateKey(private_key), setup.contract, "deposit", arguments, value=value
        )
        _expect(receipt, error)
    assert balance_of(setup.local, setup.contract) == before


def test_the_constructor_needs_a_registry() -> None:
    setup = new_setup()
    address = send_deployment(setup.local, CAROL, CHANNEL_CONTRACT_NAME, [CAROL_ADDRESS])
    mine_block(setup.local)
    assert setup.local.chain.receipts[-1][0].error == "InvalidSecretRegistry"
    assert (
        address not in setup.local.chain.state.accounts
        or not setup.local.chain.state.accounts[address].code
    )


# ----------------------------------------------------------------------------- closing


def test_close_update_settle_in_nonce_mode() -> None:
    setup = new_setup()
    terms, alice, bob = open_channel(setup)
    alice, bob = pay(alice, bob, 2 * ETHER, setup.local)
    old = alice.latest
    alice, bob = pay(alice, bob, ETHER, setup.local)
    bob, alice = pay(bob, alice, 4 * ETHER, setup.local)
    _expect(call(setup.local, ALICE, setup.contract, "close", _arguments(terms, old)))
    assert _status(setup, terms) == CHANNEL_CLOSED
    closing = view_call(setup.local, setup.contract, "getClosing", [terms.channel_id])
    assert closing[0] == ALICE_ADDRESS
    assert closing[3] == 2
    _expect(call(setup.local, CAROL, setup.contract, "update", _arguments(terms, bob.latest)))
    _expect(
        call(setup.local, BOB, setup.contract, "update", _arguments(terms, bob.latest)),
        "NonceNotHigher",
    )
    assert bob.latest is not None
    state = state_to_abi(bob.latest.state)
    _expect(
        call(setup.local, CAROL, setup.contract, "settle", [terms.channel_id, state]),
        "ChallengePeriodNotOver",
    )
    advance_time(setup.local, DAY)
    before_a, before_b = (
        balance_of(setup.local, ALICE_ADDRESS),
        balance_of(setup.local, BOB_ADDRESS),
    )
    _expect(call(setup.local, CAROL, setup.contract, "settle", [terms.channel_id, state]))
    # A: 10 - 3 + 4 = 11, B: 5 - 4 + 3 = 4
    assert balance_of(setup.local, ALICE_ADDRESS) - before_a == 11 * ETHER
    assert balance_of(setup.local, BOB_ADDRESS) - before_b == 4 * ETHER
    assert balance_of(setup.local, setup.contract) == 0


def _call_at(
    setup: Setup, private_key: bytes, method: str, arguments: list[AbiValue], at: int
) -> Receipt:
    transaction = send_method_call(setup.local, private_key, setup.contract, method, arguments)  # type: ignore[arg-type]
    mine_block(setup.local, Seconds(at))
    return get_receipt(setup.local, transaction)


def test_settle_and_update_at_the_settle_time() -> None:
    setup = new_setup()
    terms, alice, bob = open_channel(setup)
    alice, bob = pay(alice, bob, ETHER, setup.local)
    old = alice.latest
    alice, bob = pay(alice, bob, ETHER, setup.local)
    _expect(call(setup.local, ALICE, setup.contract, "close", _arguments(terms, old)))
    settle_time = abi_int(
        view_call(setup.local, setup.contract, "getClosing", [terms.channel_id])[1]
    )
    assert settle_time == get_time(setup.local) + DAY
    assert old is not None
    settle: list[AbiValue] = [terms.channel_id, state_to_abi(old.state)]
    _expect(_call_at(setup, CAROL, "settle", settle, settle_time - 1), "ChallengePeriodNotOver")
    _expect(
        _call_at(setup, BOB, "update", _arguments(terms, bob.latest), settle_time),
        "ChallengePeriodOver",
    )
    _expect(_call_at(setup, CAROL, "settle", settle, settle_time + 1))


def test_cooperative_close_and_withdrawal() -> None:
    from l2ref.channels.protocol import (
        create_cooperative_close_signature,
        honest_party_cooperative_close,
        honest_party_withdraw,
        propose_withdrawal,
        receive_cooperative_close_signature,
    )

    setup = new_setup()
    terms, alice, bob = open_channel(setup)
    alice, bob = pay(alice, bob, 3 * ETHER, setup.local)
    bob, proposal = propose_withdrawal(bob, Wei(6 * ETHER))
    bob, alice = complete_round(bob, alice, proposal, setup.local)
    before = balance_of(setup.local, BOB_ADDRESS)
    transaction = honest_party_withdraw(setup.local, alice)
    mine_block(setup.local)
    _expect(get_receipt(setup.local, transaction))
    assert balance_of(setup.local, BOB_ADDRESS) - before == 6 * ETHER
    _expect(
        call(setup.local, BOB, setup.contract, "withdraw", _arguments(terms, bob.latest)),
        "WithdrawalNotMonotonic",
    )
    totals = get_totals(setup.local, terms)
    signed = receive_cooperative_close_signature(
        alice, create_cooperative_close_signature(bob, totals), totals
    )
    assert (signed.close.balance_a, signed.close.balance_b) == (7 * ETHER, 2 * ETHER)
    transaction = honest_party_cooperative_close(setup.local, bob, signed)
    mine_block(setup.local)
    _expect(get_receipt(setup.local, transaction))
    assert _status(setup, terms) == CHANNEL_SETTLED
    assert balance_of(setup.local, setup.contract) == 0


def test_punish_rules() -> None:
    setup = new_setup()
    terms, alice, bob = open_channel(setup, PENALTY_MODE)
    alice, bob = pay(alice, bob, ETHER, setup.local)
    old = alice.latest
    alice, bob = pay(alice, bob, ETHER, setup.local)
    _expect(call(setup.local, ALICE, setup.contract, "close", _arguments(terms, old)))
    assert old is not None
    wrong = compute_revocation_secret(SEED_A, old.state.nonce + 1)
    _expect(
        call(setup.local, BOB, setup.contract, "punish", [terms.channel_id, wrong]),
        "PreimageMismatch",
    )
    advance_time(setup.local, DAY)
    right = compute_revocation_secret(SEED_A, old.state.nonce)
    _expect(
        call(setup.local, BOB, setup.contract, "punish", [terms.channel_id, right]),
        "ChallengePeriodOver",
    )
    nonce_terms, alice2, _ = open_channel(setup, NONCE_MODE, label="nonce")
    _expect(
        call(setup.local, ALICE, setup.contract, "close", _arguments(nonce_terms, alice2.latest))
    )
    _expect(
        call(setup.local, BOB, setup.contract, "punish", [nonce_terms.channel_id, right]),
        "WrongDisputeMode",
    )


# ----------------------------------------------------------------------------- locks


def _lock_channel(
    setup: Setup,
) -> tuple[ChannelTerms, PartyView, PartyView, tuple[Hash32, ...], int]:
    """Alice locks 1 and 2 ether to Bob, Bob 1 ether to Alice; expiry three days ahead."""
    terms, alice, bob = open_channel(setup)
    secrets = (Hash32(b"\x01" * 32), Hash32(b"\x02" * 32), Hash32(b"\x03" * 32))
    expiry = get_time(setup.local) + 3 * DAY
    for secret, amount in zip(secrets[:2], (ETHER, 2 * ETHER), strict=True):
        alice, proposal = propose_lock(
            alice, Wei(amount), compute_hashlock(secret), Seconds(expiry)
        )
        alice, bob = complete_round(alice, bob, proposal, setup.local)
    bob, proposal = propose_lock(bob, Wei(ETHER), compute_hashlock(secrets[2]), Seconds(expiry))
    bob, alice = complete_round(bob, alice, proposal, setup.local)
    bob = replace(bob, secrets=(secrets[0],))
    alice = replace(alice, secrets=(secrets[2],))
    return terms, alice, bob, secrets, expiry


def test_locks_are_claimed_refunded_or_wait() -> None:
    setup = new_setup()
    local = setup.local
    terms, alice, bob, secrets, expiry = _lock_channel(setup)
    honest_party_close(local, bob)
    mine_block(local)
    assert len(honest_party_register_secrets(local, bob, setup.registry)) == 1
    assert len(honest_party_register_secrets(local, alice, setup.registry)) == 1
    mine_block(local)
    assert honest_party_register_secrets(local, bob, setup.registry) == []
    locks = bob.latest_locks
    unlock0: list[AbiValue] = [
        terms.channel_id,
        0,
        lock_to_abi(locks[0]),
        encode_merkle_proof(compute_lock_proof(locks, 0)),
    ]
    _expect(call(local, CAROL, setup.contract, "unlock", unlock0), "ChannelNotSettled")
    advance_time(local, DAY)
    transaction = honest_party_settle(local, alice)
    mine_block(local)
    assert transaction is not None
    _expect(get_receipt(local, transaction))
    # A: 10 - 3 locked = 7; B: 5 - 1 locked = 4; 4 ether stay for the locks
    assert balance_of(local, setup.contract) == 4 * ETHER
    before_a, before_b = balance_of(local, ALICE_ADDRESS), balance_of(local, BOB_ADDRESS)
    sent = honest_party_unlock(local, bob, setup.registry)
    assert len(sent) == 2  # lock 1 waits: not registered, not expired
    mine_block(local)
    for transaction in sent:
        _expect(get_receipt(local, transaction))
    assert balance_of(local, BOB_ADDRESS) - before_b == ETHER - sum(
        get_receipt(local, t).gas_used for t in sent
    )
    assert balance_of(local, ALICE_ADDRESS) - before_a == ETHER
    unlock1: list[AbiValue] = [
        terms.channel_id,
        1,
        lock_to_abi(locks[1]),
        encode_merkle_proof(compute_lock_proof(locks, 1)),
    ]
    _expect(call(local, CAROL, setup.contract, "unlock", unlock1), "SecretNotRegistered")
    _expect(call(local, CAROL, setup.contract, "unlock", unlock0), "LockAlreadyResolved")
    mine_block(local, Seconds(expiry + 1))
    # registered after the expiry: too late, the lock goes back to its sender
    _expect(call(local, BOB, setup.registry, "registerSecret", [secrets[1]]))
    before_a = balance_of(local, ALICE_ADDRESS)
    _expect(call(local, CAROL, setup.contract, "unlock", unlock1))
    assert balance_of(local, ALICE_ADDRESS) - before_a == 2 * ETHER
    assert balance_of(local, setup.contract) == 0


def test_unlock_rejects_bad_proofs_and_charges_the_registry_call() -> None:
    setup = new_setup()
    local = setup.local
    terms, _, bob, secrets, _ = _lock_channel(setup)
    honest_party_close(local, bob)
    mine_block(local)
    _expect(call(local, BOB, setup.registry, "registerSecret", [secrets[0]]))
    advance_time(local, DAY)
    transaction = honest_party_settle(local, bob)
    mine_block(local)
    assert transaction is not None
    locks = bob.latest_locks
    proof = encode_merkle_proof(compute_lock_proof(locks, 0))
    bad: list[tuple[list[AbiValue], str]] = [
        ([terms.channel_id, 1, lock_to_abi(locks[0]), proof], "InvalidLockProof"),
        (
            [terms.channel_id, 0, lock_to_abi(replace(locks[0], amount=Wei(9))), proof],
            "InvalidLockProof",
        ),
        ([terms.channel_id, 0, lock_to_abi(locks[0]), proof[:-1]], "InvalidLength"),
        ([terms.channel_id, 7, lock_to_abi(locks[0]), proof], "InvalidLockProof"),
    ]
    for arguments, error in bad:
        _expect(call(local, CAROL, setup.contract, "unlock", arguments), error)
    good = call(
        local, CAROL, setup.contract, "unlock", [terms.channel_id, 0, lock_to_abi(locks[0]), proof]
    )
    _expect(good)
    assert good.gas_used > STATIC_CALL_GAS


def test_register_secret_keeps_the_first_time() -> None:
    setup = new_setup()
    secret = Hash32(b"\x09" * 32)
    first = call(setup.local, BOB, setup.registry, "registerSecret", [secret])
    time = get_time(setup.local)
    second = call(setup.local, ALICE, setup.registry, "registerSecret", [secret])
    _expect(first)
    _expect(second)
    assert first.output[-1] == 1
    assert second.output[-1] == 0
    registered = view_call(
        setup.local, setup.registry, "getSecretRegistrationTime", [compute_hashlock(secret)]
    )
    assert registered == (time,)


# ----------------------------------------------------------------------------- invariants


def test_i_ch_1_contract_balance_equals_channel_funds() -> None:
    setup = new_setup()
    local = setup.local
    channels: list[ChannelTerms] = []

    def check() -> None:
        assert balance_of(local, setup.contract) == _contract_funds(setup, channels)

    first, alice, bob = open_channel(setup, NONCE_MODE, label="first")
    channels.append(first)
    second, alice2, bob2 = open_channel(setup, PENALTY_MODE, label="second")
    channels.append(second)
    locked, alice3, bob3, _, _ = _lock_channel(setup)
    channels.append(locked)
    check()
    alice, bob = pay(alice, bob, 4 * ETHER, local)
    _expect(
        call(
            local, ALICE, setup.contract, "deposit", [first.channel_id, 12 * ETHER], value=2 * ETHER
        )
    )
    check()
    honest_party_close(local, alice)
    honest_party_close(local, bob2)
    honest_party_close(local, bob3)
    mine_block(local)
    check()
    honest_party_register_secrets(local, bob3, setup.registry)
    mine_block(local)
    advance_time(local, DAY)
    for view in (alice, alice2, alice3):
        honest_party_settle(local, view)
        mine_block(local)
        check()
    honest_party_unlock(local, bob3, setup.registry)
    mine_block(local)
    check()
    assert balance_of(local, setup.contract) == 3 * ETHER  # locks 1 (Alice's) and 2 (Bob's) wait


@pytest.mark.parametrize("mode", [NONCE_MODE, PENALTY_MODE])
def test_i_ch_2_honest_party_is_paid_its_latest_balance(mode: int) -> None:
    setup = new_setup()
    local = setup.local
    terms, alice, bob = open_channel(setup, mode)  # type: ignore[arg-type]
    stale_views = []
    for amount in (ETHER, 2 * ETHER, 3 * ETHER):
        stale_views.append(alice)
        alice, bob = pay(alice, bob, amount, local)
        bob, alice = pay(bob, alice, ETHER, local)
    assert bob.latest is not None
    totals = get_totals(local, terms)
    _, latest_b = compute_balances(
        totals.deposit_a, totals.deposit_b, totals.withdrawn_a, totals.withdrawn_b, bob.latest.state
    )
    # Alice closes with the state most favourable to her; Bob answers within the period
    honest_party_close(local, stale_views[1])
    mine_block(local)
    before = balance_of(local, BOB_ADDRESS)
    spent = 0
    transaction = honest_party_respond_to_close(local, bob)
    mine_block(local)
    assert transaction is not None
    spent += get_receipt(local, transaction).gas_used
    assert honest_party_respond_to_close(local, bob) is None
    advance_time(local, DAY)
    transaction = honest_party_settle(local, bob)
    mine_block(local)
    if transaction is not None:
        spent += get_receipt(local, transaction).gas_used
    received = balance_of(local, BOB_ADDRESS) - before + spent
    assert received >= latest_b
    if mode == PENALTY_MODE:
        assert received == totals.deposit_a + totals.deposit_b


def test_i_ch_3_settled_channel_is_final() -> None:
    setup = new_setup()
    local = setup.local
    terms, alice, bob = open_channel(setup)
    alice, bob = pay(alice, bob, ETHER, local)
    honest_party_close(local, alice)
    mine_block(local)
    advance_time(local, DAY)
    honest_party_settle(local, bob)
    mine_block(local)
    assert _status(setup, terms) == CHANNEL_SETTLED
    later = _signed(replace(bob.latest.state, nonce=9)) if bob.latest else None
    channel_id = terms.channel_id
    attempts: list[tuple[bytes, str, list[AbiValue], int, str]] = [
        (ALICE, "open", [channel_id, BOB_ADDRESS, NONCE_MODE, DAY], 0, "ChannelAlreadyExists"),
        (ALICE, "deposit", [channel_id, 11 * ETHER], ETHER, "ChannelNotOpen"),
        (ALICE, "withdraw", _arguments(terms, later), 0, "ChannelNotOpen"),
        (ALICE, "close", _arguments(terms, later), 0, "ChannelNotOpen"),
        (BOB, "update", _arguments(terms, later), 0, "ChannelNotClosed"),
        (BOB, "punish", [channel_id, bytes(32)], 0, "ChannelNotClosed"),
        (
            CAROL,
            "settle",
            [channel_id, state_to_abi(bob.latest.state)] if bob.latest else [],
            0,
            "ChannelNotClosed",
        ),
        (CAROL, "cooperativeClose", [(channel_id, 0, 0), b"", b""], 0, "ChannelNotOpen"),
    ]
    for private_key, method, arguments, value, error in attempts:
        _expect(call(local, private_key, setup.contract, method, arguments, value=value), error)  # type: ignore[arg-type]
    assert balance_of(local, setup.contract) == 0


def test_i_ch_4_penalty_mode_cheater_loses_everything() -> None:
    setup = new_setup()
    local = setup.local
    terms, alice, bob = open_channel(setup, PENALTY_MODE, deposit_a=10 * ETHER, deposit_b=5 * ETHER)
    revoked = alice
    alice, bob = pay(alice, bob, 6 * ETHER, local)
    alice, bob = pay(alice, bob, ETHER, local)
    before_a, before_b = balance_of(local, ALICE_ADDRESS), balance_of(local, BOB_ADDRESS)
    cheat = honest_party_close(local, revoked)
    mine_block(local)
    punishment = honest_party_respond_to_close(local, bob)
    mine_block(local)
    assert punishment is not None
    assert _status(setup, terms) == CHANNEL_SETTLED
    cheat_gas = get_receipt(local, cheat).gas_used
    punish_gas = get_receipt(local, punishment).gas_used
    assert balance_of(local, ALICE_ADDRESS) == before_a - cheat_gas
    assert balance_of(local, BOB_ADDRESS) == before_b - punish_gas + 15 * ETHER
    assert balance_of(local, setup.contract) == 0


def test_i_ch_5_records_are_monotonic() -> None:
    setup = new_setup()
    local = setup.local
    terms, alice, bob = open_channel(setup)
    history = [get_totals(local, terms)]
    _expect(
        call(local, BOB, setup.contract, "deposit", [terms.channel_id, 4 * ETHER]),
        "DepositNotMonotonic",
    )
    alice, bob = pay(alice, bob, ETHER, local)
    honest_party_close(local, alice)
    mine_block(local)
    nonces = [abi_int(view_call(local, setup.contract, "getClosing", [terms.channel_id])[3])]
    for amount in (ETHER, ETHER):
        alice, bob = pay(alice, bob, amount, local)
        _expect(call(local, CAROL, setup.contract, "update", _arguments(terms, bob.latest)))
        nonces.append(
            abi_int(view_call(local, setup.contract, "getClosing", [terms.channel_id])[3])
        )
        history.append(get_totals(local, terms))
    older = _signed(replace(bob.latest.state, nonce=nonces[-1] - 1)) if bob.latest else None
    _expect(
        call(local, CAROL, setup.contract, "update", _arguments(terms, older)), "NonceNotHigher"
    )
    assert nonces == sorted(set(nonces))
    assert all(h == history[0] for h in history)


def test_i_ch_6_locks_paid_by_registration_time() -> None:
    setup = new_setup()
    local = setup.local
    terms, alice, bob, secrets, expiry = _lock_channel(setup)
    honest_party_close(local, alice)
    mine_block(local)
    advance_time(local, DAY)
    honest_party_settle(local, alice)
    mine_block(local)
    locks = bob.latest_locks

    def unlock(index: int, at: int | None = None) -> Receipt:
        proof = encode_merkle_proof(compute_lock_proof(locks, index))
        arguments: list[AbiValue] = [terms.channel_id, index, lock_to_abi(locks[index]), proof]
        return _call_at(setup, CAROL, "unlock", arguments, at or get_time(local) + 1)

    def register(secret: Hash32, at: int) -> None:
        transaction = send_method_call(local, BOB, setup.registry, "registerSecret", [secret])
        mine_block(local, Seconds(at))
        _expect(get_receipt(local, transaction))

    _expect(unlock(1, expiry - 1), "SecretNotRegistered")  # neither registered nor expired
    register(secrets[0], expiry)  # at exactly the expiry: in time
    before_b = balance_of(local, BOB_ADDRESS)
    _expect(unlock(0))
    assert balance_of(local, BOB_ADDRESS) - before_b == ETHER
    register(secrets[1], get_time(local) + 1)  # after the expiry: too late
    before_a, before_b = balance_of(local, ALICE_ADDRESS), balance_of(local, BOB_ADDRESS)
    _expect(unlock(1))  # back to Alice
    _expect(unlock(2))  # Bob's lock to Alice, expired, its secret never registered: back to Bob
    assert balance_of(local, ALICE_ADDRESS) - before_a == 2 * ETHER
    assert balance_of(local, BOB_ADDRESS) - before_b == ETHER
    assert balance_of(local, setup.contract) == 0


def _strip(snapshot: Any, ignored: set[str]) -> dict[str, Any]:
    accounts = [a for a in snapshot["accounts"] if a["address"] not in ignored]
    return {"accounts": accounts, "storage": snapshot["storage"]}


def _reverting_cases() -> list[tuple[str, Any]]:
    found = []
    for path in sorted(VECTORS.glob("process_*.json")):
        for test in json.loads(path.read_text())["tests"]:
            if "contracts" not in test["input"]["pre"]:
                continue  # a suite of the watchtower, not of the L1 contract
            if test["input"]["steps"][-1]["error"] is not None:
                found.append((f"{path.stem}/{test['name']}", test))
    return found


def test_i_ch_7_reverted_calls_change_nothing() -> None:
    """For every vector case whose last step reverts: the chain after it (the case's published
    post) equals the chain without that step, except the sender's nonce and balance and the fee
    recipient's balance."""
    from l2ref.vectorgen.channels import _run_steps

    cases = _reverting_cases()
    assert len(cases) > 60
    for name, test in cases:
        case_input = test["input"]
        steps = case_input["steps"]
        # the same steps without the reverting transaction (runs of one prefix are shared)
        without = _run_steps({**case_input, "steps": steps[:-1]})
        ignored = {steps[-1]["args"]["sender"], "0x" + PROPOSER.hex()}
        after = _strip(test["output"]["post"], ignored)
        before = _strip(without["post"], ignored)  # type: ignore[index, call-overload]
        assert after == before, name


def test_i_ch_8_states_bound_to_chain_contract_channel() -> None:
    setup = new_setup()
    local = setup.local
    terms, alice, _ = open_channel(setup)
    other, _, _ = open_channel(setup, label="other")
    assert alice.latest is not None
    state = alice.latest.state
    for changed, error in (
        (replace(state, chain_id=ChainId(CHAIN_ID + 1)), "InvalidStateSignature"),
        (replace(state, contract=setup.registry), "InvalidStateSignature"),
        (replace(state, channel_id=other.channel_id), "WrongChannelId"),
    ):
        _expect(
            call(local, ALICE, setup.contract, "close", _arguments(terms, _signed(changed))), error
        )
    # the same state is valid on its own channel only
    _expect(
        call(local, ALICE, setup.contract, "close", _arguments(other, _signed(state))),
        "WrongChannelId",
    )
    _expect(call(local, ALICE, setup.contract, "close", _arguments(terms, _signed(state))))


def test_i_ch_9_update_and_punish_from_anyone_same_effect() -> None:
    outcomes = []
    for submitter in (BOB, CAROL):
        setup = new_setup()
        local = setup.local
        terms, alice, bob = open_channel(setup, PENALTY_MODE)
        revoked = alice
        alice, bob = pay(alice, bob, ETHER, local)
        alice, bob = pay(alice, bob, ETHER, local)
        honest_party_close(local, revoked)
        mine_block(local)
        _expect(call(local, submitter, setup.contract, "update", _arguments(terms, bob.latest)))
        secret = compute_revocation_secret(SEED_A, 1)
        _expect(call(local, submitter, setup.contract, "punish", [terms.channel_id, secret]))
        storage = {k: v for k, v in local.chain.state.storage.items() if k[0] == setup.contract}
        outcomes.append((storage, balance_of(local, ALICE_ADDRESS), _status(setup, terms)))
    assert outcomes[0][0] == outcomes[1][0]
    assert outcomes[0][1:] == outcomes[1][1:]


def test_i_ch_12_digests_match_eth_account_and_the_contract() -> None:
    from eth_account.messages import encode_typed_data
    from eth_utils.address import to_checksum_address

    from l2ref.channels.states import (
        COOPERATIVE_CLOSE_TYPE_NAME,
        COOPERATIVE_CLOSE_TYPES,
        CooperativeClose,
        compute_cooperative_close_digest,
        compute_cooperative_close_message,
    )
    from l2ref.crypto.hash import keccak256
    from l2ref.vectorgen.channels import _digest_states

    def eth_digest(
        types: Any, primary: str, chain_id: int, contract: bytes, message: Mapping[str, object]
    ) -> bytes:
        full = {
            "types": {
                "EIP712Domain": [
                    {"name": "name", "type": "string"},
                    {"name": "version", "type": "string"},
                    {"name": "chainId", "type": "uint256"},
                    {"name": "verifyingContract", "type": "address"},
                ],
                primary: [{"name": f.name, "type": f.type} for f in types[primary]],
            },
            "primaryType": primary,
            "domain": {
                "name": "l2ref payment channels",
                "version": "1",
                "chainId": chain_id,
                "verifyingContract": to_checksum_address(contract),
            },
            "message": message,
        }
        signable = encode_typed_data(full_message=full)
        return keccak256(b"\x19" + signable.version + signable.header + signable.body)

    state_path = VECTORS / "compute_state_digest.json"
    published = {t["name"]: t["output"] for t in json.loads(state_path.read_text())["tests"]}
    for name, state in _digest_states():
        digest = compute_state_digest(state)
        assert digest == eth_digest(
            CHANNEL_STATE_TYPES,
            CHANNEL_STATE_TYPE_NAME,
            state.chain_id,
            state.contract,
            compute_state_message(state),
        )
        assert published[name] == "0x" + digest.hex()
        context = _context(state.chain_id, state.contract)
        assert (
            _compute_digest(
                context, CHANNEL_STATE_TYPES, CHANNEL_STATE_TYPE_NAME, compute_state_message(state)
            )
            == digest
        )
    close = CooperativeClose(CHAIN_ID, Address(b"\x42" * 20), Hash32(b"\x01" * 32), Wei(5), Wei(7))
    message = compute_cooperative_close_message(close)
    assert compute_cooperative_close_digest(close) == eth_digest(
        COOPERATIVE_CLOSE_TYPES,
        COOPERATIVE_CLOSE_TYPE_NAME,
        close.chain_id,
        close.contract,
        message,
    )
    context = _context(close.chain_id, close.contract)
    assert _compute_digest(
        context, COOPERATIVE_CLOSE_TYPES, COOPERATIVE_CLOSE_TYPE_NAME, message
    ) == (compute_cooperative_close_digest(close))


def _context(chain_id: ChainId, contract: Address) -> CallContext:
    environment = BlockEnvironment(
        chain_id, BlockNumber(1), GENESIS_TIME, PROPOSER, CONFIG.contracts
    )
    message = Message(ALICE_ADDRESS, contract, Wei(0), b"", Gas(10**6))
    return new_call_context(State(), environment, message, contract)
