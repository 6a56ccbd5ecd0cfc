"""The off-chain protocol of specs/channels/protocol.md and the messages of
specs/channels/states.md: rounds, the checks before signing, revocations, locks, encodings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from channel_helpers import (
    ALICE,
    CAROL,
    DAY,
    ETHER,
    SEED_A,
    SEED_B,
    Setup,
    complete_round,
    get_totals,
    new_setup,
    open_channel,
    pay,
)

from l2ref.channels.protocol import (
    PartyView,
    create_cooperative_close_signature,
    get_latest_nonce,
    honest_party_close,
    honest_party_respond_to_close,
    propose_lock,
    propose_lock_removal,
    propose_payment,
    propose_state,
    receive_cooperative_close_signature,
    receive_countersignature,
    receive_proposal,
    receive_revocation,
    receive_secret_reveal,
    validate_proposal,
)
from l2ref.channels.revocation import (
    compute_commitment_index,
    compute_revocation_secret,
    get_revocation_secret,
)
from l2ref.channels.states import (
    PENALTY_MODE,
    ChannelMessage,
    Lock,
    SecretReveal,
    StateProposal,
    compute_hashlock,
    compute_locks_root,
    decode_message,
    encode_message,
    sign_state,
)
from l2ref.errors import (
    CloseBalanceMismatch,
    DecodingError,
    InvalidStateSignature,
    LockedAmountMismatch,
    LockExpired,
    LocksRootMismatch,
    NegativeBalance,
    PreimageMismatch,
    RevocationHashMismatch,
    UnauthorisedStateChange,
    UnexpectedMessage,
    UnexpectedNonce,
    WrongChannelId,
)
from l2ref.l1.driver import get_time, mine_block
from l2ref.l1.types import Seconds, Wei
from l2ref.types import Hash32


def _resign(proposal: StateProposal, **changes: object) -> StateProposal:
    state = replace(proposal.state, **changes)  # type: ignore[arg-type]
    return replace(proposal, state=state, signature=sign_state(state, ALICE))


def test_nonce_mode_rounds_have_no_revocations() -> None:
    setup = new_setup()
    _, alice, bob = open_channel(setup)
    alice, proposal = propose_payment(alice, Wei(ETHER))
    totals = get_totals(setup.local, alice.terms)
    bob, countersignature, revocation = receive_proposal(
        bob, proposal, totals, get_time(setup.local)
    )
    assert revocation is None
    alice, revocation = receive_countersignature(alice, countersignature)
    assert revocation is None
    assert alice.latest == bob.latest
    assert get_latest_nonce(alice) == 2


def test_penalty_mode_rounds_revoke_every_replaced_state() -> None:
    setup = new_setup()
    _, alice, bob = open_channel(setup, PENALTY_MODE)
    for _ in range(5):
        alice, bob = pay(alice, bob, ETHER // 10, setup.local)
        bob, alice = pay(bob, alice, ETHER // 20, setup.local)
    latest = get_latest_nonce(alice)
    assert latest == 11
    for nonce in range(latest):
        index = compute_commitment_index(nonce)
        assert get_revocation_secret(bob.counterparty_secrets, index) == (
            compute_revocation_secret(SEED_A, nonce)
        )
        assert get_revocation_secret(alice.counterparty_secrets, index) == (
            compute_revocation_secret(SEED_B, nonce)
        )
    # a revocation that does not open the replaced state's hash is refused
    alice, proposal = propose_payment(alice, Wei(1))
    totals = get_totals(setup.local, alice.terms)
    bob, countersignature, bob_revocation = receive_proposal(
        bob, proposal, totals, get_time(setup.local)
    )
    alice, _ = receive_countersignature(alice, countersignature)
    assert bob_revocation is not None
    forged = replace(bob_revocation, revocation_secret=Hash32(bytes(32)))
    with pytest.raises(PreimageMismatch):
        receive_revocation(alice, forged)
    with pytest.raises(UnexpectedMessage):
        receive_revocation(alice, replace(bob_revocation, revoked_nonce=3))
    with pytest.raises(WrongChannelId):
        receive_revocation(alice, replace(bob_revocation, channel_id=Hash32(bytes(32))))
    alice = receive_revocation(alice, bob_revocation)
    # Alice has not revoked her state yet, so Bob cannot propose the next one
    with pytest.raises(UnexpectedMessage):
        propose_payment(bob, Wei(1))


def _proposal_checks(
    setup: Setup, alice: PartyView
) -> list[tuple[str, StateProposal, type[Exception]]]:
    now = get_time(setup.local)
    _, good = propose_payment(alice, Wei(ETHER))
    state = good.state
    lock = Lock(alice.address, Wei(ETHER), compute_hashlock(Hash32(b"\x01" * 32)), Seconds(now))
    _, expired = propose_lock(alice, Wei(ETHER), lock.hashlock, Seconds(now))
    wrong_sum = _resign(good, locked_a=Wei(1))
    return [
        ("another_channel", _resign(good, channel_id=Hash32(b"\x09" * 32)), WrongChannelId),
        ("another_chain", _resign(good, chain_id=1), WrongChannelId),
        ("nonce_skipped", _resign(good, nonce=state.nonce + 1), UnexpectedNonce),
        ("not_alice", replace(good, signature=sign_state(state, CAROL)), InvalidStateSignature),
        ("locks_not_sent", replace(expired, locks=()), LocksRootMismatch),
        ("locked_not_the_sum", wrong_sum, LockedAmountMismatch),
        (
            "revocation_hash",
            _resign(good, revocation_hash_b=Hash32(b"\x01" * 32)),
            RevocationHashMismatch,
        ),
        ("bob_pays", _resign(good, transferred_b=Wei(3 * ETHER)), UnauthorisedStateChange),
        (
            "alice_takes_back",
            _resign(good, transferred_a=Wei(0), nonce=state.nonce),
            UnauthorisedStateChange,
        ),
        ("lock_already_expired", expired, LockExpired),
        ("more_than_alice_has", _resign(good, transferred_a=Wei(100 * ETHER)), NegativeBalance),
    ]


def test_validate_proposal_rejects_every_bad_proposal() -> None:
    setup = new_setup()
    _, alice, bob = open_channel(setup, PENALTY_MODE)
    alice, bob = pay(alice, bob, 2 * ETHER, setup.local)
    bob, alice = pay(bob, alice, ETHER, setup.local)
    totals = get_totals(setup.local, alice.terms)
    now = get_time(setup.local)
    for name, proposal, error in _proposal_checks(setup, alice):
        try:
            validate_proposal(bob, proposal, totals, now)
        except error:
            continue
        pytest.fail(f"{name} was accepted")
    bob_waiting, _ = propose_payment(bob, Wei(1))
    _, good = propose_payment(alice, Wei(1))
    with pytest.raises(UnexpectedMessage):
        validate_proposal(bob_waiting, good, totals, now)


def test_locks_off_chain_and_the_value_check() -> None:
    setup = new_setup()
    local = setup.local
    _, alice, bob = open_channel(setup)
    secret = Hash32(b"\x42" * 32)
    expiry = Seconds(get_time(local) + DAY)
    alice, proposal = propose_lock(alice, Wei(2 * ETHER), compute_hashlock(secret), expiry)
    alice, bob = complete_round(alice, bob, proposal, local)
    assert alice.latest is not None
    assert alice.latest.state.locked_a == 2 * ETHER
    assert alice.latest.state.locks_root == compute_locks_root(alice.latest_locks)
    # removing a live lock to Bob without paying it takes from Bob
    _, refund = propose_lock_removal(alice, 0, paid=False)
    totals = get_totals(local, alice.terms)
    with pytest.raises(UnauthorisedStateChange):
        validate_proposal(bob, refund, totals, get_time(local))
    with pytest.raises(UnauthorisedStateChange):
        propose_lock_removal(bob, 0, paid=True)
    with pytest.raises(PreimageMismatch):
        receive_secret_reveal(alice, SecretReveal(alice.terms.channel_id, Hash32(bytes(32))))
    alice = receive_secret_reveal(alice, SecretReveal(alice.terms.channel_id, secret))
    alice, paid = propose_lock_removal(alice, 0, paid=True)
    alice, bob = complete_round(alice, bob, paid, local)
    assert bob.latest is not None
    assert (bob.latest.state.transferred_a, bob.latest.state.locked_a) == (2 * ETHER, 0)
    # after its expiry a lock may be removed as a refund
    alice, proposal = propose_lock(alice, Wei(ETHER), compute_hashlock(secret), expiry)
    alice, bob = complete_round(alice, bob, proposal, local)
    mine_block(local, Seconds(expiry + 1))
    alice, refund = propose_lock_removal(alice, 0, paid=False)
    alice, bob = complete_round(alice, bob, refund, local)
    assert bob.latest is not None
    assert bob.latest.state.lock_count == 0


def test_cooperative_close_signatures_must_agree() -> None:
    setup = new_setup()
    local = setup.local
    _, alice, bob = open_channel(setup)
    alice, bob = pay(alice, bob, ETHER, local)
    totals = get_totals(local, alice.terms)
    offer = create_cooperative_close_signature(bob, totals)
    other = replace(offer, close=replace(offer.close, balance_a=Wei(0)))
    with pytest.raises(CloseBalanceMismatch):
        receive_cooperative_close_signature(alice, other, totals)
    forged = replace(offer, signature=create_cooperative_close_signature(alice, totals).signature)
    with pytest.raises(InvalidStateSignature):
        receive_cooperative_close_signature(alice, forged, totals)
    secret = Hash32(b"\x07" * 32)
    alice, proposal = propose_lock(
        alice, Wei(1), compute_hashlock(secret), Seconds(get_time(local) + DAY)
    )
    alice, bob = complete_round(alice, bob, proposal, local)
    with pytest.raises(UnexpectedMessage):
        create_cooperative_close_signature(alice, totals)


def test_countersignature_needs_a_pending_proposal() -> None:
    setup = new_setup()
    _, alice, bob = open_channel(setup)
    alice, proposal = propose_payment(alice, Wei(ETHER))
    totals = get_totals(setup.local, alice.terms)
    _, countersignature, _ = receive_proposal(bob, proposal, totals, get_time(setup.local))
    with pytest.raises(UnexpectedMessage):
        receive_countersignature(bob, countersignature)
    with pytest.raises(UnexpectedMessage):
        propose_payment(alice, Wei(1))
    forged = replace(countersignature, signature=sign_state(proposal.state, CAROL))
    with pytest.raises(InvalidStateSignature):
        receive_countersignature(alice, forged)


def test_respond_to_close_does_nothing_when_the_latest_state_was_closed() -> None:
    setup = new_setup()
    local = setup.local
    _, alice, bob = open_channel(setup, PENALTY_MODE)
    alice, bob = pay(alice, bob, ETHER, local)
    assert honest_party_respond_to_close(local, bob) is None  # not closed
    honest_party_close(local, alice)
    mine_block(local)
    assert honest_party_respond_to_close(local, bob) is None
    assert honest_party_respond_to_close(local, alice) is None


def _example_messages() -> list[ChannelMessage]:
    from l2ref.vectorgen.channels import _example_messages as examples

    return [message for _, message in examples()]


@pytest.mark.parametrize("message", _example_messages(), ids=lambda m: type(m).__name__)
def test_messages_round_trip(message: ChannelMessage) -> None:
    data = encode_message(message)
    assert decode_message(data) == message
    assert encode_message(decode_message(data)) == data


@pytest.mark.parametrize(
    "mutate",
    [
        lambda data: data[:-1],
        lambda data: data + b"\x00",
        lambda data: b"",
        lambda data: (99).to_bytes(32, "big") + data[32:],
        lambda data: b"\xff" + data[1:],
    ],
)
def test_decode_rejects_malformed_messages(mutate: Callable[[bytes], bytes]) -> None:
    for message in _example_messages():
        with pytest.raises(DecodingError):
            decode_message(mutate(encode_message(message)))


def test_proposals_need_the_counterparty_hash_in_penalty_mode() -> None:
    setup = new_setup()
    _, alice, _ = open_channel(setup, PENALTY_MODE)
    assert alice.counterparty_next_revocation_hash != bytes(32)
    waiting = replace(alice, counterparty_next_revocation_hash=Hash32(bytes(32)))
    with pytest.raises(UnexpectedMessage):
        propose_state(waiting, Wei(0), Wei(0), ())
