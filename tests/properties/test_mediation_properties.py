"""Property of mediated payments (specs/channels/mediation.md): for random routes of one to five
hops and random parties that go offline, withhold the secret or reveal it late, the payment
resolves so that verify_payment_atomicity holds (I-CH-M-1, I-CH-M-2, I-CH-M-4).

The off-chain rounds are the real ones (lock_route, unlock_hop, expire_hop). The L1 is reduced to
the rule the contract applies (is_lock_claimable over the first registration time of the secret)
with every registration included after a random delay of at most the worst-case inclusion
time; the end-to-end L1 runs are in tests/scenarios/test_channels_mediated_payments.py.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from mediation_helpers import (
    HASHLOCK,
    PARTIES,
    PARTY_KEYS,
    SECRET,
    TOTALS,
    WORST_CASE,
    line_route,
)

from l2ref.channels.mediation import (
    HOP_PAID,
    HOP_REFUNDED,
    HopChannel,
    HopResolution,
    _complete_round,
    compute_hop_lock,
    expire_hop,
    is_lock_claimable,
    lock_route,
    unlock_hop,
    verify_payment_atomicity,
)
from l2ref.channels.protocol import (
    ChannelTerms,
    get_latest_state,
    new_party_view,
    propose_payment,
)
from l2ref.channels.states import NONCE_MODE
from l2ref.crypto.hash import keccak256
from l2ref.l1.types import ChainId, Seconds, Wei
from l2ref.types import Address, Hash32

NOW = Seconds(1_700_000_000)
CONTRACT = Address(b"\xcc" * 20)
HONEST, OFFLINE, WITHHOLDER = "honest", "offline", "withholder"


def _channels(length: int) -> tuple[HopChannel, ...]:
    channels = []
    for index in range(length):
        channel_id = Hash32(keccak256(f"channel {index} {index + 1}".encode()))
        terms = ChannelTerms(
            ChainId(1337),
            CONTRACT,
            channel_id,
            PARTIES[index],
            PARTIES[index + 1],
            NONCE_MODE,
            Seconds(3_600),
        )
        payer = new_party_view(terms, PARTY_KEYS[index], Hash32(bytes(32)))
        payee = new_party_view(terms, PARTY_KEYS[index + 1], Hash32(bytes(32)))
        payer, proposal = propose_payment(payer, Wei(0))
        channels.append(_complete_round(HopChannel(payer, payee), proposal, TOTALS, NOW))
    return tuple(channels)


@st.composite
def payments(draw: st.DrawFn) -> tuple[int, list[str], bool, str, int, bool, list[int]]:
    length = draw(st.integers(1, 5))
    mediators = draw(
        st.lists(
            st.sampled_from([HONEST, OFFLINE, WITHHOLDER]), min_size=length - 1, max_size=length - 1
        )
    )
    payer_online = draw(st.booleans())
    # the payee reveals in time, late (dishonest), or never (griefing)
    payee = draw(st.sampled_from(["in_time", "late", "never"]))
    # where in its window the payee reveals: scaled to the window in the test
    offset = draw(st.sampled_from([0, 10 * WORST_CASE]) | st.integers(0, 10 * WORST_CASE))
    on_chain = draw(st.booleans())
    # inclusion delays, the worst case often: the latest moments are where a short delta fails
    delay = st.sampled_from([WORST_CASE]) | st.integers(0, WORST_CASE)
    delays = draw(st.lists(delay, min_size=length, max_size=length))
    return length, mediators, payer_online, payee, offset, on_chain, delays


@settings(max_examples=150)
@given(payments())
def test_i_ch_m_1_honest_mediators_never_lose_and_honest_payments_are_atomic(
    payment: tuple[int, list[str], bool, str, int, bool, list[int]],
) -> None:
    length, mediators, payer_online, payee, offset, on_chain, delays = payment
    route = line_route(length, NOW)
    hops = route.hops
    channels = list(
        lock_route(
            _channels(length),
            route,
            HASHLOCK,
            (TOTALS,) * length,
            now=NOW,
            worst_case_inclusion_seconds=WORST_CASE,
        )
    )
    # behaviour of each hop's payer: P0 online or not, then the mediators
    payer_behaviour = [HONEST if payer_online else OFFLINE, *mediators]
    last = hops[-1].expiry
    # when the payee of each hop learns the secret and claims it (None: never)
    learns: list[int | None] = [None] * length
    if payee == "in_time":
        # off-chain up to the expiry itself, on L1 early enough to be included by it
        latest = last - WORST_CASE if on_chain else last
        learns[-1] = NOW + offset * (latest - NOW) // (10 * WORST_CASE)
    elif payee == "late":
        learns[-1] = last + 1 + offset // 5
    registered_at = 0
    paid_off_chain = [False] * length

    def register(time: int) -> None:
        nonlocal registered_at
        if registered_at == 0 or time < registered_at:
            registered_at = time

    for index in range(length - 1, -1, -1):
        learned = learns[index]
        if learned is None:
            continue
        cooperative = payer_behaviour[index] == HONEST
        if cooperative and learned <= hops[index].expiry and not (index == length - 1 and on_chain):
            # the payer unlocks off-chain at once: a real round
            channels[index] = unlock_hop(channels[index], SECRET, TOTALS, Seconds(learned))
            paid_off_chain[index] = True
        else:
            register(learned + delays[index])
        if index > 0 and payer_behaviour[index] == HONEST:
            # an honest mediator learns off-chain, or from the registry's event
            times = [learned] if paid_off_chain[index] else []
            if registered_at:
                times.append(registered_at)
            learns[index - 1] = min(times) if times else None
    resolutions: list[HopResolution] = []
    for index, hop in enumerate(hops):
        claimable = is_lock_claimable(compute_hop_lock(hop, HASHLOCK), registered_at)
        if paid_off_chain[index] or claimable:
            resolutions.append(HOP_PAID)
            continue
        resolutions.append(HOP_REFUNDED)
        if payer_behaviour[index] == HONEST and (index == length - 1 or mediators[index] == HONEST):
            # both online: the refund is a real round after the expiry
            channels[index] = expire_hop(channels[index], HASHLOCK, TOTALS, Seconds(hop.expiry + 1))
    for channel, hop, resolution in zip(channels, hops, resolutions, strict=True):
        state = get_latest_state(channel.payee)
        if resolution == HOP_PAID and state.lock_count == 0:
            assert state.transferred_a == hop.amount
        elif resolution == HOP_REFUNDED and state.lock_count == 0:
            assert state.transferred_a == 0
    honest = {PARTIES[0]}
    honest.update(PARTIES[i + 1] for i, behaviour in enumerate(mediators) if behaviour == HONEST)
    if payee != "late":
        honest.add(PARTIES[length])
    assert verify_payment_atomicity(route, tuple(resolutions), frozenset(honest))
