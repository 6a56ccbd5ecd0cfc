"""A mediated HTLC payment along a route: locking hop by hop, passing the secret back, the L1
path when a neighbour withholds, expiry, and the atomicity invariant. See
specs/channels/mediation.md."""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise
from typing import NewType

from l2ref.channels.contract import (
    CHANNEL_CLOSED,
    CHANNEL_SETTLED,
    SECRET_REGISTERED_EVENT_TYPES,
    ChannelTotals,
)
from l2ref.channels.protocol import (
    PartyView,
    compute_event_topic,
    get_closing_view,
    honest_party_close,
    honest_party_register_secrets,
    honest_party_respond_to_close,
    honest_party_settle,
    honest_party_unlock,
    propose_lock,
    propose_lock_removal,
    receive_countersignature,
    receive_proposal,
    receive_revocation,
    receive_secret_reveal,
)
from l2ref.channels.routing import Hop, Route, validate_route
from l2ref.channels.states import Lock, SecretReveal, StateProposal, compute_hashlock
from l2ref.encoding.abi import abi_bytes, decode_abi
from l2ref.errors import (
    ExpiryDeltaTooSmall,
    HashlockMismatch,
    InvalidRoute,
    LockNotExpired,
    LockNotFound,
)
from l2ref.l1.driver import LocalChain, get_logs
from l2ref.l1.types import Seconds
from l2ref.types import Address, Hash32

HopResolution = NewType("HopResolution", int)

HOP_PAID = HopResolution(1)

HOP_REFUNDED = HopResolution(2)


@dataclass(frozen=True)
class HopChannel:
    """The payer's and the payee's views of the channel that a hop's lock travels over."""

    # the two views of the channel a hop's lock travels over
    payer: PartyView
    payee: PartyView


def compute_hop_lock(hop: Hop, hashlock: Hash32) -> Lock:
    """Return the lock of a hop: its amount and expiry from the payer, under `hashlock`."""
    return Lock(hop.payer, hop.amount, hashlock, hop.expiry)


def validate_forwarding(
    incoming: Lock, outgoing: Lock, worst_case_inclusion_seconds: Seconds
) -> None:
    """Check a mediator's outgoing lock: same hash, no more wei, safe expiry delta."""
    if incoming.hashlock != outgoing.hashlock:
        raise HashlockMismatch("a mediator forwards a lock only with the hash it was paid for")
    if outgoing.amount > incoming.amount:
        raise InvalidRoute("a mediator never forwards more than it receives")
    delta = incoming.expiry - outgoing.expiry
    if delta < worst_case_inclusion_seconds:
        raise ExpiryDeltaTooSmall(
            f"{delta} s between the locks; registering a secret takes up to "
            f"{worst_case_inclusion_seconds} s"
        )


def find_lock_index(view: PartyView, hashlock: Hash32) -> int:
    """Return the index of the latest state's lock with `hashlock`; raise LockNotFound."""
    for index, lock in enumerate(view.latest_locks):
        if lock.hashlock == hashlock:
            return index
    raise LockNotFound(f"no lock of the latest state has the hash 0x{hashlock.hex()}")


def is_lock_claimable(lock: Lock, registered_at: int) -> bool:
    """Return whether the secret registered at `registered_at` (0: never) pays the lock."""
    # the contract's rule: the secret registered at or before the expiry pays the receiver
    return 0 < registered_at <= lock.expiry


def _validate_hop_channel(channel: HopChannel, hop: Hop) -> None:
    terms = channel.payer.terms
    if (
        channel.payee.terms != terms
        or terms.channel_id != hop.channel_id
        or (channel.payer.address, channel.payee.address) != (hop.payer, hop.payee)
    ):
        raise InvalidRoute("the hop does not travel over this channel in this direction")


def _complete_round(
    channel: HopChannel, proposal: StateProposal, totals: ChannelTotals, now: Seconds
) -> HopChannel:
    # the payer proposes; the payee checks and countersigns; penalty mode swaps revocations
    payee, countersignature, payee_revocation = receive_proposal(
        channel.payee, proposal, totals, now
    )
    payer, payer_revocation = receive_countersignature(channel.payer, countersignature)
    if payee_revocation is not None and payer_revocation is not None:
        payer = receive_revocation(payer, payee_revocation)
        payee = receive_revocation(payee, payer_revocation)
    return HopChannel(payer, payee)


def lock_hop(
    channel: HopChannel, hop: Hop, hashlock: Hash32, totals: ChannelTotals, now: Seconds
) -> HopChannel:
    """Run the round in which the hop's payer adds the hop's lock; return the updated views."""
    _validate_hop_channel(channel, hop)
    payer, proposal = propose_lock(channel.payer, hop.amount, hashlock, hop.expiry)
    return _complete_round(replace(channel, payer=payer), proposal, totals, now)


def lock_route(
    channels: tuple[HopChannel, ...],
    route: Route,
    hashlock: Hash32,
    totals: tuple[ChannelTotals, ...],
    *,
    now: Seconds,
    worst_case_inclusion_seconds: Seconds,
) -> tuple[HopChannel, ...]:
    """Check the whole route, then lock every hop in order; return the updated channels."""
    # the whole route is checked before the first lock: nothing is locked on a refused route
    validate_route(route, now, worst_case_inclusion_seconds)
    if len(channels) != len(route.hops) or len(totals) != len(route.hops):
        raise InvalidRoute("one channel and one set of totals per hop")
    locks = [compute_hop_lock(hop, hashlock) for hop in route.hops]
    for incoming, outgoing in pairwise(locks):
        validate_forwarding(incoming, outgoing, worst_case_inclusion_seconds)
    locked = []
    for channel, hop, hop_totals in zip(channels, route.hops, totals, strict=True):
        locked.append(lock_hop(channel, hop, hashlock, hop_totals, now))
    return tuple(locked)


def unlock_hop(
    channel: HopChannel, secret: Hash32, totals: ChannelTotals, now: Seconds
) -> HopChannel:
    """Reveal the secret to the payer and run the round paying out the lock; return the views."""
    # the payee reveals; the payer turns the lock into a transfer by a new state
    terms = channel.payer.terms
    payer = receive_secret_reveal(channel.payer, SecretReveal(terms.channel_id, secret))
    index = find_lock_index(payer, compute_hashlock(secret))
    payer, proposal = propose_lock_removal(payer, index, True)
    return _complete_round(replace(channel, payer=payer), proposal, totals, now)


def expire_hop(
    channel: HopChannel, hashlock: Hash32, totals: ChannelTotals, now: Seconds
) -> HopChannel:
    """Run the round refunding an expired lock to the payer; raise LockNotExpired before."""
    index = find_lock_index(channel.payer, hashlock)
    lock = channel.payer.latest_locks[index]
    # the contract refunds only once the timestamp is past the expiry
    if now <= lock.expiry:
        raise LockNotExpired(f"the lock expires at {lock.expiry}; it is {now}")
    payer, proposal = propose_lock_removal(channel.payer, index, False)
    return _complete_round(replace(channel, payer=payer), proposal, totals, now)


def honest_mediator_learn_secrets(
    local: LocalChain, view: PartyView, registry: Address
) -> PartyView:
    """Return the view with the secrets of its locks registered on L1 added."""
    # a successor that withholds off-chain must register on L1 to be paid: the event tells
    topic = compute_event_topic("SecretRegistered", SECRET_REGISTERED_EVENT_TYPES)
    hashlocks = {lock.hashlock for lock in view.latest_locks}
    secrets = list(view.secrets)
    for log in get_logs(local, registry):
        if log.topics != (topic,):
            continue
        secret_hash, secret = decode_abi(SECRET_REGISTERED_EVENT_TYPES, log.data)
        if abi_bytes(secret_hash) in hashlocks and abi_bytes(secret) not in secrets:
            secrets.append(Hash32(abi_bytes(secret)))
    return replace(view, secrets=tuple(secrets))


def honest_mediator_claim_on_chain(
    local: LocalChain, view: PartyView, registry: Address
) -> list[Hash32]:
    """Register known secrets, then close, answer, settle or unlock on L1."""
    # called once per block; only the registration races the expiry, the rest may come later
    sent = honest_party_register_secrets(local, view, registry)
    known = {compute_hashlock(secret) for secret in view.secrets}
    claims = [
        lock for lock in view.latest_locks if lock.sender != view.address and lock.hashlock in known
    ]
    closing = get_closing_view(local, view)
    if closing is None:
        if claims:
            sent.append(honest_party_close(local, view))
        return sent
    if closing.status == CHANNEL_CLOSED:
        answer = honest_party_respond_to_close(local, view)
        settle = honest_party_settle(local, view) if answer is None else None
        sent.extend(transaction for transaction in (answer, settle) if transaction is not None)
        return sent
    if closing.status == CHANNEL_SETTLED:
        sent.extend(honest_party_unlock(local, view, registry))
    return sent


def compute_mediator_gain(route: Route, resolutions: tuple[HopResolution, ...], index: int) -> int:
    """Return the wei the mediator before hop `index` gains: paid in minus paid out."""
    # the mediator between hop index - 1 and hop index: paid in minus paid out
    if not 0 < index < len(route.hops) or len(resolutions) != len(route.hops):
        raise InvalidRoute(f"hop {index} is not the outgoing hop of a mediator")
    incoming = route.hops[index - 1].amount if resolutions[index - 1] == HOP_PAID else 0
    outgoing = route.hops[index].amount if resolutions[index] == HOP_PAID else 0
    return incoming - outgoing


def verify_payment_atomicity(
    route: Route, resolutions: tuple[HopResolution, ...], honest: frozenset[Address]
) -> bool:
    """Return whether no honest mediator loses and, all honest, the payment is all or none."""
    if len(resolutions) != len(route.hops) or not route.hops:
        return False
    if any(resolution not in (HOP_PAID, HOP_REFUNDED) for resolution in resolutions):
        return False
    for index in range(1, len(route.hops)):
        mediator = route.hops[index].payer
        if mediator not in honest:
            continue
        # an honest mediator is never paid out without being paid in, and so never loses
        if resolutions[index] == HOP_PAID and resolutions[index - 1] != HOP_PAID:
            return False
        if compute_mediator_gain(route, resolutions, index) < 0:
            return False
    # with every mediator and the payee honest, the payment is all or nothing
    if all(hop.payee in honest for hop in route.hops):
        return len(set(resolutions)) == 1
    return True
