"""Scenarios: the upstream payer of a mediated payment tries to escape the lock it owes by
closing its channel with the mediator using the state from before the lock (specs/channels/
mediation.md, specs/channels/contract.md).

The plain two-party cases (an online victim answering a stale close, punishing a revoked one)
are tests/test_channels.py's I-CH-2 and I-CH-4 tests; the tower-answered ones are
test_channels_watchtower_breach.py. Here the victim is a mediator that has already paid the
payee downstream: it answers the cheat on L1 while online, and ends with its fee or more.

P0 -> P1 -> P2, every channel funded by its payer with 1 ether. P2 reveals the secret and P1 pays
it off-chain; P1 reveals to P0, who instead of unlocking closes with state 1 (nothing locked).
"""

from __future__ import annotations

from channel_helpers import balance_of
from mediation_helpers import (
    DEPOSIT,
    FEE,
    PARTIES,
    SECRET,
    TOTALS,
    Line,
    claim_until_settled,
    gas_paid,
    locked_line,
)

from l2ref.channels.contract import CHANNEL_SETTLED
from l2ref.channels.mediation import HopChannel, unlock_hop
from l2ref.channels.protocol import (
    PartyView,
    get_closing_view,
    honest_party_close,
    receive_secret_reveal,
)
from l2ref.channels.states import NONCE_MODE, PENALTY_MODE, DisputeMode, SecretReveal
from l2ref.l1.driver import get_receipt, get_time, mine_block
from l2ref.types import Hash32


def _cheat(mode: DisputeMode) -> tuple[Line, list[HopChannel], PartyView, int]:
    """Run the payment up to P0's stale close; returns the mediator's view of the incoming
    channel and P0's gas for the close."""
    line, channels = locked_line(2, mode)
    local = line.local
    stale = line.channels[0].payer  # P0's view of state 1, before the lock
    assert stale.latest is not None
    assert stale.latest.state.nonce == 1
    channels[1] = unlock_hop(channels[1], SECRET, TOTALS, get_time(local))
    reveal = SecretReveal(channels[0].payee.terms.channel_id, SECRET)
    mediator = receive_secret_reveal(channels[0].payee, reveal)
    cheat = honest_party_close(local, stale)
    mine_block(local)
    receipt = get_receipt(local, cheat)
    assert receipt.succeeded, receipt.error
    return line, channels, mediator, receipt.gas_used


def test_a_mediator_answers_a_stale_close_in_nonce_mode_and_is_still_paid_its_lock() -> None:
    """I-CH-2, I-CH-M-1: P1 replaces P0's state 1 by the co-signed state 2 that holds the lock,
    registers the secret, and after settlement unlocks the lock: P0 gains nothing by the stale
    close, and P1 ends with its fee."""
    line, _, mediator, cheat_gas = _cheat(NONCE_MODE)
    local, route = line.local, line.route
    # P0's gas for the close is already paid: it is what P0 spent on the cheat
    p0_before = balance_of(local, PARTIES[0])
    assert cheat_gas > 0
    p1_before = balance_of(local, PARTIES[1])
    sent: list[Hash32] = []
    claim_until_settled(local, mediator, line.registry, sent)
    closing = get_closing_view(local, mediator)
    assert closing is not None
    assert closing.state.nonce == 2  # the update stood
    assert closing.closing_state.nonce == 1
    p1_received = balance_of(local, PARTIES[1]) - p1_before + gas_paid(local, sent)
    assert p1_received == route.hops[0].amount
    assert p1_received - route.hops[1].amount == FEE
    # P0 got back its deposit less the lock it owed, as if it had unlocked off-chain
    assert balance_of(local, PARTIES[0]) - p0_before == DEPOSIT - route.hops[0].amount
    # only the outgoing channel, still open, holds ether
    assert balance_of(local, line.contract) == DEPOSIT


def test_a_mediator_punishes_a_revoked_close_in_penalty_mode_and_takes_the_whole_channel() -> None:
    """I-CH-4, I-CH-M-1: state 1 was revoked when the lock was added, so P1 proves it with
    P0's revocation secret and receives P0's whole deposit, far more than the lock; P0 loses its
    deposit."""
    line, channels, mediator, cheat_gas = _cheat(PENALTY_MODE)
    local, route = line.local, line.route
    # P0's gas for the close is already paid: it is what P0 spent on the cheat
    p0_before = balance_of(local, PARTIES[0])
    assert cheat_gas > 0
    p1_before = balance_of(local, PARTIES[1])
    sent: list[Hash32] = []
    claim_until_settled(local, mediator, line.registry, sent)
    closing = get_closing_view(local, mediator)
    assert closing is not None
    assert closing.status == CHANNEL_SETTLED
    p1_received = balance_of(local, PARTIES[1]) - p1_before + gas_paid(local, sent)
    assert p1_received == DEPOSIT
    assert p1_received - route.hops[1].amount > FEE
    assert balance_of(local, PARTIES[0]) == p0_before
    # the payee was paid off-chain: its channel with P1 holds the transfer
    assert channels[1].payee.latest is not None
    assert channels[1].payee.latest.state.transferred_a == route.hops[1].amount
    assert balance_of(local, line.contract) == DEPOSIT
