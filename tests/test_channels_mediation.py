"""Unit tests of specs/channels/mediation.md: locking along a route, the secret passed back,
expiry, the checks that refuse a route before anything is locked, and the atomicity predicate."""

from __future__ import annotations

import itertools

import pytest
from mediation_helpers import (
    FEE,
    HASHLOCK,
    PARTIES,
    PAYMENT,
    SECRET,
    TOTALS,
    WORST_CASE,
    line_route,
    new_line,
)

from l2ref.channels.mediation import (
    HOP_PAID,
    HopChannel,
    compute_hop_lock,
    compute_mediator_gain,
    expire_hop,
    find_lock_index,
    lock_hop,
    lock_route,
    unlock_hop,
    verify_payment_atomicity,
)
from l2ref.channels.protocol import get_latest_state, propose_lock_removal, receive_proposal
from l2ref.channels.routing import Route
from l2ref.channels.states import (
    NONCE_MODE,
    PENALTY_MODE,
    DisputeMode,
    compute_locks_root,
)
from l2ref.errors import (
    ExpiryDeltaTooSmall,
    InvalidRoute,
    LockNotExpired,
    LockNotFound,
    PreimageMismatch,
    UnauthorisedStateChange,
)
from l2ref.l1.driver import get_time
from l2ref.l1.types import Seconds
from l2ref.types import Hash32


def _lock_all(
    length: int, mode: DisputeMode = NONCE_MODE
) -> tuple[list[HopChannel], Route, Seconds]:
    line = new_line(length, mode)
    now = get_time(line.local)
    locked = lock_route(
        tuple(line.channels),
        line.route,
        HASHLOCK,
        (TOTALS,) * length,
        now=now,
        worst_case_inclusion_seconds=WORST_CASE,
    )
    return list(locked), line.route, now


def test_lock_route_locks_every_hop_with_expiries_falling_by_the_delta() -> None:
    channels, route, _ = _lock_all(3)
    hops = route.hops
    for channel, hop in zip(channels, hops, strict=True):
        lock = compute_hop_lock(hop, HASHLOCK)
        for view in (channel.payer, channel.payee):
            state = get_latest_state(view)
            assert view.latest_locks == (lock,)
            assert state.locks_root == compute_locks_root((lock,))
            assert state.locked_a == hop.amount
            assert state.nonce == 2
    assert [hop.amount for hop in hops] == [PAYMENT + 2 * FEE, PAYMENT + FEE, PAYMENT]
    assert [a.expiry - b.expiry for a, b in itertools.pairwise(hops)] == [WORST_CASE] * 2


def test_locking_works_in_penalty_mode_too() -> None:
    channels, _route, _ = _lock_all(2, PENALTY_MODE)
    assert all(channel.payee.latest_locks for channel in channels)
    # the payer revoked state 1 in the round: the payee holds its secret
    assert all(channel.payee.unrevoked is None for channel in channels)


def test_the_secret_passed_back_turns_every_lock_into_a_transfer() -> None:
    channels, route, now = _lock_all(3)
    for index in range(2, -1, -1):
        channels[index] = unlock_hop(channels[index], SECRET, TOTALS, now)
    for channel, hop in zip(channels, route.hops, strict=True):
        state = get_latest_state(channel.payee)
        assert channel.payee.latest_locks == ()
        assert (state.transferred_a, state.locked_a, state.nonce) == (hop.amount, 0, 3)
    resolutions = (HOP_PAID,) * 3
    assert compute_mediator_gain(route, resolutions, 1) == FEE
    assert compute_mediator_gain(route, resolutions, 2) == FEE
    assert verify_payment_atomicity(route, resolutions, frozenset(PARTIES))


def test_unlock_with_a_wrong_secret_is_refused() -> None:
    channels, _, now = _lock_all(1)
    with pytest.raises(PreimageMismatch):
        unlock_hop(channels[0], Hash32(bytes(32)), TOTALS, now)


def test_expire_hop_refunds_only_after_the_expiry() -> None:
    channels, route, _ = _lock_all(2)
    expiry = route.hops[1].expiry
    with pytest.raises(LockNotExpired):
        expire_hop(channels[1], HASHLOCK, TOTALS, Seconds(expiry))
    # the payee refuses a refund of a live lock by itself, too (I-CH-14)
    _, proposal = propose_lock_removal(channels[1].payer, 0, False)
    with pytest.raises(UnauthorisedStateChange):
        receive_proposal(channels[1].payee, proposal, TOTALS, Seconds(expiry))
    refunded = expire_hop(channels[1], HASHLOCK, TOTALS, Seconds(expiry + 1))
    state = get_latest_state(refunded.payee)
    assert (state.transferred_a, state.locked_a, state.lock_count) == (0, 0, 0)
    with pytest.raises(LockNotFound):
        expire_hop(refunded, HASHLOCK, TOTALS, Seconds(expiry + 1))


def test_find_lock_index_names_the_lock_or_raises() -> None:
    channels, _, _ = _lock_all(1)
    assert find_lock_index(channels[0].payee, HASHLOCK) == 0
    with pytest.raises(LockNotFound):
        find_lock_index(channels[0].payee, Hash32(bytes(32)))


def test_lock_route_refuses_a_short_delta_before_locking_anything() -> None:
    line = new_line(3)
    now = get_time(line.local)
    route = line_route(3, now, deltas=[WORST_CASE, WORST_CASE - 1])
    with pytest.raises(ExpiryDeltaTooSmall):
        lock_route(
            tuple(line.channels),
            route,
            HASHLOCK,
            (TOTALS,) * 3,
            now=now,
            worst_case_inclusion_seconds=WORST_CASE,
        )
    with pytest.raises(InvalidRoute):
        lock_route(
            tuple(line.channels[:2]),
            line.route,
            HASHLOCK,
            (TOTALS,) * 3,
            now=now,
            worst_case_inclusion_seconds=WORST_CASE,
        )


def test_lock_hop_refuses_a_channel_of_another_hop() -> None:
    line = new_line(2)
    now = get_time(line.local)
    with pytest.raises(InvalidRoute):
        lock_hop(line.channels[0], line.route.hops[1], HASHLOCK, TOTALS, now)
    swapped = HopChannel(line.channels[0].payee, line.channels[0].payer)
    with pytest.raises(InvalidRoute):
        lock_hop(swapped, line.route.hops[0], HASHLOCK, TOTALS, now)
