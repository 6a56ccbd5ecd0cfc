"""Scenario: Alice closes her channel with Bob using a stale state while Bob is offline.

What it shows (specs/channels/watchtower.md): with a watchtower holding Bob's appointments, the
stale close is answered in the next block by one transaction, without Bob: in nonce mode the
tower replaces Alice's state by Bob's latest (Alice gains nothing), in penalty mode it proves
Alice revoked the state and Bob receives the whole channel. Without a tower, nobody answers, and
the stale state settles after the challenge period: an offline party trusts that it comes back
online within every challenge period, or that someone watches for it.

In every case Alice deposits 10 ether and Bob 5; Alice pays Bob 3, then 2, and Bob pays Alice
1, so the latest state pays Alice 6 and Bob 9. The stale state Alice uses is state 1, in which
nothing had moved (Alice 10, Bob 5).
"""

from __future__ import annotations

import pytest
from channel_helpers import (
    ALICE_ADDRESS,
    BOB_ADDRESS,
    CAROL,
    DAY,
    ETHER,
    balance_of,
    call,
    new_setup,
)
from watchtower_helpers import TOWER_ADDRESS, Covered, covered_channel

from l2ref.channels.contract import CHANNEL_CLOSED, CHANNEL_SETTLED
from l2ref.channels.protocol import get_closing_view, honest_party_close
from l2ref.channels.states import NONCE_MODE, PENALTY_MODE, DisputeMode, state_to_abi
from l2ref.channels.watchtower import honest_watchtower_watch
from l2ref.encoding.abi import AbiValue
from l2ref.errors import UnknownTransaction
from l2ref.l1.driver import LocalChain, advance_time, censor_sender, get_receipt, mine_block

PAYMENTS = [("ab", 3 * ETHER), ("ab", 2 * ETHER), ("ba", 1 * ETHER)]
TOTAL = 15 * ETHER


def _stale_close(covered: Covered, local: LocalChain) -> int:
    """Alice closes with state 1; returns the gas she paid."""
    stale = covered.history[0]
    assert stale.latest is not None
    assert stale.latest.state.nonce == 1
    transaction = honest_party_close(local, stale)
    mine_block(local)
    receipt = get_receipt(local, transaction)
    assert receipt.succeeded, receipt.error
    return receipt.gas_used


def _settle(covered: Covered, local: LocalChain) -> None:
    """After the period, Carol (anyone) settles with the state the contract holds."""
    advance_time(local, DAY)
    closing = get_closing_view(local, covered.bob)
    assert closing is not None
    arguments: list[AbiValue] = [covered.terms.channel_id, state_to_abi(closing.state)]
    receipt = call(local, CAROL, covered.terms.contract, "settle", arguments)
    assert receipt.succeeded, receipt.error


def _run(mode: DisputeMode) -> tuple[Covered, LocalChain]:
    setup = new_setup()
    covered = covered_channel(setup, mode, PAYMENTS)
    assert covered.bob.latest is not None
    assert covered.bob.latest.state.nonce == 4
    # Bob covered states 1, 2 and 3, one appointment each
    assert len(covered.tower.appointments) == 3
    return covered, setup.local


def test_alice_closes_stale_in_nonce_mode_and_bobs_tower_updates_while_bob_is_offline() -> None:
    """I-CH-W-2, I-CH-W-3: the tower answers with Bob's latest state in one transaction;
    I-CH-2: Bob is paid his latest balance without being online."""
    covered, local = _run(NONCE_MODE)
    alice_before, bob_before = balance_of(local, ALICE_ADDRESS), balance_of(local, BOB_ADDRESS)
    close_gas = _stale_close(covered, local)

    sent = honest_watchtower_watch(covered.tower, local)
    assert len(sent) == 1
    mine_block(local)
    receipt = get_receipt(local, sent[0])
    assert receipt.succeeded, receipt.error
    closing = get_closing_view(local, covered.bob)
    assert closing is not None
    assert closing.status == CHANNEL_CLOSED
    assert closing.state == covered.bob.latest.state  # type: ignore[union-attr]
    # a second scan finds nothing new to answer
    assert honest_watchtower_watch(covered.tower, local) == []

    _settle(covered, local)
    assert balance_of(local, BOB_ADDRESS) == bob_before + 9 * ETHER
    assert balance_of(local, ALICE_ADDRESS) == alice_before + 6 * ETHER - close_gas
    # the tower paid the gas of its answer, and nothing else moved through it
    assert balance_of(local, TOWER_ADDRESS) == ETHER - receipt.gas_used


def test_alice_closes_revoked_in_penalty_mode_and_bobs_tower_punishes_her() -> None:
    """I-CH-W-2: the appointment of the revoked state carries Alice's secret; I-CH-4: Bob
    receives the whole channel and Alice nothing, while Bob is offline."""
    covered, local = _run(PENALTY_MODE)
    alice_before, bob_before = balance_of(local, ALICE_ADDRESS), balance_of(local, BOB_ADDRESS)
    close_gas = _stale_close(covered, local)

    sent = honest_watchtower_watch(covered.tower, local)
    assert len(sent) == 1
    mine_block(local)
    receipt = get_receipt(local, sent[0])
    assert receipt.succeeded, receipt.error
    closing = get_closing_view(local, covered.bob)
    assert closing is not None
    assert closing.status == CHANNEL_SETTLED
    assert balance_of(local, BOB_ADDRESS) == bob_before + TOTAL
    assert balance_of(local, ALICE_ADDRESS) == alice_before - close_gas


def test_alice_closes_stale_and_offline_bob_without_a_tower_loses_in_nonce_mode() -> None:
    """The trust model's limit (specs/channels/watchtower.md, Introduction): nobody answers, so
    the stale state settles and Bob loses the 4 ether Alice paid him since state 1."""
    covered, local = _run(NONCE_MODE)
    alice_before, bob_before = balance_of(local, ALICE_ADDRESS), balance_of(local, BOB_ADDRESS)
    close_gas = _stale_close(covered, local)
    # Bob is offline and has no tower: no answer within the period
    _settle(covered, local)
    assert balance_of(local, BOB_ADDRESS) == bob_before + 5 * ETHER
    assert balance_of(local, ALICE_ADDRESS) == alice_before + 10 * ETHER - close_gas


def test_alice_closes_revoked_and_offline_bob_without_a_tower_loses_in_penalty_mode() -> None:
    """The penalty deters only a watched cheater: unanswered, a revoked state settles as any
    other, and Bob loses 4 ether against his latest balance."""
    covered, local = _run(PENALTY_MODE)
    alice_before, bob_before = balance_of(local, ALICE_ADDRESS), balance_of(local, BOB_ADDRESS)
    close_gas = _stale_close(covered, local)
    _settle(covered, local)
    assert balance_of(local, BOB_ADDRESS) == bob_before + 5 * ETHER
    assert balance_of(local, ALICE_ADDRESS) == alice_before + 10 * ETHER - close_gas


def test_alice_stale_close_with_bobs_tower_censored_five_blocks_is_still_replaced() -> None:
    """I-CH-W-2 under the adversarial L1 of specs/l1/driver.md: the tower's answer is delayed by
    the censored blocks and still included before the settle time."""
    covered, local = _run(NONCE_MODE)
    _stale_close(covered, local)
    sent = honest_watchtower_watch(covered.tower, local)
    assert len(sent) == 1
    censor_sender(local, TOWER_ADDRESS, 5)
    for _ in range(5):
        mine_block(local)
        with pytest.raises(UnknownTransaction):
            get_receipt(local, sent[0])
    mine_block(local)
    assert get_receipt(local, sent[0]).succeeded
    closing = get_closing_view(local, covered.bob)
    assert closing is not None
    assert closing.state.nonce == 4


def test_alice_stale_close_with_bobs_tower_censored_past_the_period_settles() -> None:
    """The trust model's first line: the tower is only as good as the L1's inclusion within the
    period. Censored through the one block that ends the period, its update reverts with
    ChallengePeriodOver and Alice's stale state settles."""
    covered, local = _run(NONCE_MODE)
    alice_before, bob_before = balance_of(local, ALICE_ADDRESS), balance_of(local, BOB_ADDRESS)
    close_gas = _stale_close(covered, local)
    sent = honest_watchtower_watch(covered.tower, local)
    censor_sender(local, TOWER_ADDRESS, 1)
    advance_time(local, DAY)
    mine_block(local)
    receipt = get_receipt(local, sent[0])
    assert not receipt.succeeded
    assert receipt.error == "ChallengePeriodOver"
    closing = get_closing_view(local, covered.bob)
    assert closing is not None
    arguments: list[AbiValue] = [covered.terms.channel_id, state_to_abi(closing.state)]
    assert call(local, CAROL, covered.terms.contract, "settle", arguments).succeeded
    assert balance_of(local, BOB_ADDRESS) == bob_before + 5 * ETHER
    assert balance_of(local, ALICE_ADDRESS) == alice_before + 10 * ETHER - close_gas
