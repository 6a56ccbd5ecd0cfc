"""Scenarios: a payment mediated along a line of channels P0 -> P1 -> ... when a neighbour goes
offline, withholds the secret or never reveals it (specs/channels/mediation.md).

Every hop's channel was opened and funded by its payer (1 ether); the payee of the route is
paid PAYMENT and each mediator keeps FEE. The route is sized for an L1 that may censor a party
for three blocks (WORST_CASE = 48 s): each mediator's locks are 48 s apart.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from channel_helpers import balance_of
from mediation_helpers import (
    CENSORED_BLOCKS,
    DEPOSIT,
    FEE,
    HASHLOCK,
    PARTIES,
    PAYMENT,
    PERIOD,
    SECRET,
    TOTALS,
    WORST_CASE,
    Line,
    capacity,
    claim_until_settled,
    gas_paid,
    line_route,
    locked_line,
    new_line_chain,
    open_hop_channel,
)

from l2ref.channels.mediation import (
    HOP_PAID,
    HOP_REFUNDED,
    expire_hop,
    honest_mediator_claim_on_chain,
    honest_mediator_learn_secrets,
    lock_route,
    unlock_hop,
    verify_payment_atomicity,
)
from l2ref.channels.protocol import (
    get_latest_state,
    honest_party_close,
    honest_party_register_secrets,
    honest_party_settle,
    honest_party_unlock,
    receive_secret_reveal,
)
from l2ref.channels.routing import validate_route
from l2ref.channels.states import NONCE_MODE, SecretReveal
from l2ref.encoding.abi import abi_int
from l2ref.errors import ExpiryDeltaTooSmall, LockNotExpired
from l2ref.l1.driver import (
    advance_time,
    censor_sender,
    get_block_number,
    get_time,
    mine_block,
    view_call,
)
from l2ref.l1.types import Seconds
from l2ref.types import Hash32

EVERYONE = frozenset(PARTIES)


def _registration_time(line: Line) -> int:
    return abi_int(view_call(line.local, line.registry, "getSecretRegistrationTime", [HASHLOCK])[0])


def test_a_mediator_that_learns_the_secret_at_the_last_moment_registers_it_and_is_paid() -> None:
    """I-CH-M-1, I-CH-6: P2 reveals only at P1's outgoing expiry and P0 is offline, so P1 gets
    no unlocking state upstream. P1 registers the secret at once; censored for three blocks,
    the registration still lands by its incoming expiry, and the contract pays P1 its incoming
    lock: P1 ends with its fee."""
    line, channels = locked_line(2)
    local, route = line.local, line.route
    e_in, e_out = route.hops[0].expiry, route.hops[1].expiry
    assert e_in - e_out == WORST_CASE
    mine_block(local, Seconds(e_out))
    # P2 reveals; honest P1 pays it off-chain at once, and learns the secret for its incoming lock
    channels[1] = unlock_hop(channels[1], SECRET, TOTALS, get_time(local))
    reveal = SecretReveal(channels[0].payee.terms.channel_id, SECRET)
    mediator = receive_secret_reveal(channels[0].payee, reveal)
    before = balance_of(local, PARTIES[1])
    censor_sender(local, PARTIES[1], CENSORED_BLOCKS)
    sent = honest_mediator_claim_on_chain(local, mediator, line.registry)
    assert len(sent) == 2  # the registration and the close
    for _ in range(CENSORED_BLOCKS + 1):
        assert _registration_time(line) == 0
        mine_block(local)
    registered_at = _registration_time(line)
    assert 0 < registered_at <= e_in
    assert registered_at == e_out + WORST_CASE  # the latest moment the delta allows
    claim_until_settled(local, mediator, line.registry, sent)
    received = balance_of(local, PARTIES[1]) - before + gas_paid(local, sent)
    assert received == route.hops[0].amount
    assert capacity(channels[1].payer) == DEPOSIT - route.hops[1].amount
    assert received - route.hops[1].amount == FEE
    assert verify_payment_atomicity(route, (HOP_PAID, HOP_PAID), EVERYONE)


def test_a_mediator_whose_payee_withholds_off_chain_learns_the_secret_on_l1_and_is_paid() -> None:
    """I-CH-M-1, I-CH-M-2: P2 keeps the secret off-chain, registers it on L1 at the last moment
    and claims its lock by closing. P1 learns the secret from the registry's event; the same
    registration pays its incoming lock from offline P0, so P1 keeps its fee and every hop is
    paid."""
    line, channels = locked_line(2)
    local, route, registry = line.local, line.route, line.registry
    e_out = route.hops[1].expiry
    mine_block(local, Seconds(e_out - 12))
    payee = channels[1].payee
    payee = replace(payee, secrets=(SECRET,))
    payee_sent = honest_party_register_secrets(local, payee, registry)
    payee_sent.append(honest_party_close(local, payee))
    mine_block(local)
    assert _registration_time(line) == e_out
    mediator = honest_mediator_learn_secrets(local, channels[0].payee, registry)
    assert mediator.secrets == (SECRET,)
    mediator_out = honest_mediator_learn_secrets(local, channels[1].payer, registry)
    before = balance_of(local, PARTIES[1])
    sent: list[Hash32] = []
    claim_until_settled(local, mediator, registry, sent)
    # P2's close of the outgoing channel: P1 settles its side and P2 unlocks
    sent.extend(honest_mediator_claim_on_chain(local, mediator_out, registry))
    mine_block(local)
    payee_before = balance_of(local, PARTIES[2])
    payee_sent = [*honest_party_unlock(local, payee, registry)]
    mine_block(local)
    assert balance_of(local, PARTIES[2]) - payee_before + gas_paid(local, payee_sent) == PAYMENT
    received = balance_of(local, PARTIES[1]) - before + gas_paid(local, sent)
    # P1 is paid its incoming lock and its outgoing channel's balance: the deposit less PAYMENT
    assert received == route.hops[0].amount + DEPOSIT - PAYMENT
    assert route.hops[0].amount - PAYMENT == FEE
    assert verify_payment_atomicity(route, (HOP_PAID, HOP_PAID), EVERYONE)


def test_an_expired_lock_returns_to_the_sender_on_l1_when_the_payee_is_offline() -> None:
    """I-CH-6, I-CH-M-4: P1 never reveals and stays offline; after the expiry P0 closes,
    settles and unlocks, and the contract returns the whole deposit, lock included."""
    line, channels = locked_line(1)
    local, route = line.local, line.route
    payer = channels[0].payer
    mine_block(local, Seconds(route.hops[0].expiry + 1))
    before = balance_of(local, PARTIES[0])
    sent = [honest_party_close(local, payer)]
    mine_block(local)
    advance_time(local, PERIOD)
    settle = honest_party_settle(local, payer)
    assert settle is not None
    sent.append(settle)
    mine_block(local)
    sent.extend(honest_party_unlock(local, payer, line.registry))
    assert len(sent) == 3
    mine_block(local)
    assert balance_of(local, PARTIES[0]) - before + gas_paid(local, sent) == DEPOSIT
    assert balance_of(local, line.contract) == 0
    assert verify_payment_atomicity(route, (HOP_REFUNDED,), EVERYONE)


def test_an_expired_lock_returns_to_the_sender_off_chain_when_the_payee_is_online() -> None:
    """I-CH-14, I-CH-M-4: before the expiry the payee refuses a refund; after it, the refund
    is one co-signed state and the payer's capacity is whole again, without an L1 transaction."""
    line, channels = locked_line(1)
    local, route = line.local, line.route
    assert capacity(channels[0].payer) == DEPOSIT - PAYMENT
    with pytest.raises(LockNotExpired):
        expire_hop(channels[0], HASHLOCK, TOTALS, get_time(local))
    blocks = get_block_number(local)
    refunded = expire_hop(channels[0], HASHLOCK, TOTALS, Seconds(route.hops[0].expiry + 1))
    assert capacity(refunded.payee) == DEPOSIT
    assert get_block_number(local) == blocks


def test_a_griefing_payee_locks_capacity_only_until_expiry_and_every_hop_gets_it_back() -> None:
    """I-CH-M-4, I-CH-M-2: P3 never reveals and stays offline. Every hop's capacity is locked
    until its expiry, and no refund is possible before; then P2 takes its amount back on L1 from
    the griefer's channel, and P1 and P0 get theirs back off-chain, each after its own expiry.
    Every hop is refunded and no mediator loses."""
    line, channels = locked_line(3)
    local, route = line.local, line.route
    for channel, hop in zip(channels, route.hops, strict=True):
        assert capacity(channel.payer) == DEPOSIT - hop.amount
        with pytest.raises(LockNotExpired):
            expire_hop(channel, HASHLOCK, TOTALS, Seconds(hop.expiry))
    # the griefer's hop: P2 closes after the expiry and unlocks the refund on L1
    mine_block(local, Seconds(route.hops[2].expiry + 1))
    assert _registration_time(line) == 0
    before = balance_of(local, PARTIES[2])
    sent = [honest_party_close(local, channels[2].payer)]
    mine_block(local)
    advance_time(local, PERIOD)
    settle = honest_party_settle(local, channels[2].payer)
    assert settle is not None
    sent.append(settle)
    mine_block(local)
    sent.extend(honest_party_unlock(local, channels[2].payer, line.registry))
    mine_block(local)
    assert balance_of(local, PARTIES[2]) - before + gas_paid(local, sent) == DEPOSIT
    # upstream hops: refunded off-chain, each once past its own expiry
    for index in (1, 0):
        channels[index] = expire_hop(
            channels[index], HASHLOCK, TOTALS, Seconds(route.hops[index].expiry + 1)
        )
        assert capacity(channels[index].payee) == DEPOSIT
    assert verify_payment_atomicity(route, (HOP_REFUNDED,) * 3, EVERYONE)


def test_a_route_with_a_short_delta_is_refused_before_anything_is_locked() -> None:
    """I-RT-1, I-CH-M-3: a mediator's delta one second below the worst-case inclusion time is
    refused by validate_route and by lock_route; no channel moves and no L1 transaction is sent."""
    local, _, contract = new_line_chain()
    channels = tuple(open_hop_channel(local, contract, i, i + 1, NONCE_MODE) for i in range(3))
    now = get_time(local)
    route = line_route(3, now, deltas=[WORST_CASE, WORST_CASE - 1])
    with pytest.raises(ExpiryDeltaTooSmall):
        validate_route(route, now, WORST_CASE)
    blocks = get_block_number(local)
    with pytest.raises(ExpiryDeltaTooSmall):
        lock_route(
            channels,
            route,
            HASHLOCK,
            (TOTALS,) * 3,
            now=now,
            worst_case_inclusion_seconds=WORST_CASE,
        )
    assert get_block_number(local) == blocks
    assert not local.pending
    for channel in channels:
        assert get_latest_state(channel.payer).nonce == 1
        assert channel.payer.latest_locks == ()
        assert capacity(channel.payer) == DEPOSIT
