"""Multi-hop routing over a channel graph: fees, amounts, expiries and the safety delta.

See specs/channels/routing.md.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from l2ref.errors import (
    ExpiryDeltaTooSmall,
    InvalidRoute,
    RouteNotFound,
    ValueOutOfRange,
)
from l2ref.l1.types import Seconds, Wei
from l2ref.types import Address, Hash32

FEE_PROPORTIONAL_DENOMINATOR = 1_000_000


@dataclass(frozen=True)
class ChannelEdge:
    """One direction of a channel: what `source` can send `target`, and its forwarding policy."""

    channel_id: Hash32
    # one direction of a channel: `source` pays `target`
    source: Address
    target: Address
    # what `source` can send over the channel now: its spendable balance
    capacity: Wei
    # the policy of `source` for payments it forwards over this edge
    fee_base: Wei
    fee_proportional_millionths: int
    expiry_delta_seconds: Seconds


@dataclass(frozen=True)
class ChannelGraph:
    """The channels a sender knows, as directed edges."""

    edges: tuple[ChannelEdge, ...]


@dataclass(frozen=True)
class Hop:
    """One hop of a route: the lock that `payer` offers `payee` over the channel."""

    channel_id: Hash32
    payer: Address
    payee: Address
    # the hash-time lock of this hop: its amount and its expiry (an L1 timestamp)
    amount: Wei
    expiry: Seconds


@dataclass(frozen=True)
class Route:
    """The hops of a payment from the sender to the recipient, in order."""

    hops: tuple[Hop, ...]


def compute_forwarding_fee(edge: ChannelEdge, amount: Wei) -> Wei:
    """Return the fee (wei) an edge's policy charges to forward `amount`."""
    if amount < 0:
        raise ValueOutOfRange(f"an amount is not negative, got {amount}")
    proportional = amount * edge.fee_proportional_millionths // FEE_PROPORTIONAL_DENOMINATOR
    return Wei(edge.fee_base + proportional)


def compute_worst_case_inclusion_seconds(
    inclusion_delay_blocks: int, censored_blocks: int, seconds_per_block: Seconds
) -> Seconds:
    """Return the worst-case seconds to inclusion: delay + censored + 1 blocks."""
    # the transaction waits out the delay and the censorship, then needs one more block
    return Seconds((inclusion_delay_blocks + censored_blocks + 1) * seconds_per_block)


def is_safe_expiry_delta(expiry_delta: int, worst_case_inclusion_seconds: Seconds) -> bool:
    """Return whether an expiry delta (seconds) covers the worst-case L1 inclusion time."""
    return expiry_delta >= worst_case_inclusion_seconds


def find_route(
    graph: ChannelGraph,
    sender: Address,
    recipient: Address,
    amount: Wei,
    final_expiry: Seconds,
) -> Route:
    """Return the route that costs the sender least (then fewest hops); raise RouteNotFound."""
    if amount <= 0:
        raise ValueOutOfRange(f"a payment is positive, got {amount}")
    if sender == recipient:
        raise InvalidRoute("a payment needs at least one hop")
    # Dijkstra from the recipient backwards: `needed[node]` is what `node` must receive so that
    # the rest of the route is paid, fees included; the sender pays no fee to itself
    needed: dict[Address, Wei] = {recipient: amount}
    next_edge: dict[Address, ChannelEdge] = {}
    hops_to_recipient: dict[Address, int] = {recipient: 0}
    # ties are broken by fewer hops, then by the smaller channel id: the route is deterministic
    queue: list[tuple[int, int, bytes, Address]] = [(amount, 0, recipient, recipient)]
    settled: set[Address] = set()
    while queue:
        received, hop_count, _, node = heapq.heappop(queue)
        if node in settled:
            continue
        settled.add(node)
        if node == sender:
            break
        for edge in graph.edges:
            if edge.target != node or edge.source in settled or edge.capacity < received:
                continue
            fee = 0 if edge.source == sender else compute_forwarding_fee(edge, Wei(received))
            candidate = (received + fee, hop_count + 1, edge.channel_id)
            source = edge.source
            if source not in needed or candidate < (
                needed[source],
                hops_to_recipient[source],
                next_edge[source].channel_id,
            ):
                needed[source] = Wei(received + fee)
                hops_to_recipient[source] = hop_count + 1
                next_edge[source] = edge
                heapq.heappush(queue, (received + fee, hop_count + 1, edge.channel_id, source))
    if sender not in next_edge:
        raise RouteNotFound(f"no route with capacity for {amount} wei")
    return build_route(next_edge, sender, recipient, amount, final_expiry)


def build_route(
    next_edge: dict[Address, ChannelEdge],
    sender: Address,
    recipient: Address,
    amount: Wei,
    final_expiry: Seconds,
) -> Route:
    """Return the route along `next_edge`, adding fees and expiry deltas from the recipient back."""
    edges: list[ChannelEdge] = []
    node = sender
    while node != recipient:
        edges.append(next_edge[node])
        node = next_edge[node].target
    # amounts and expiries are fixed from the recipient backwards: each forwarding node adds its
    # fee and its expiry delta, both taken from the policy of its outgoing edge
    hops: list[Hop] = []
    hop_amount = amount
    hop_expiry = final_expiry
    for index in range(len(edges) - 1, -1, -1):
        edge = edges[index]
        hops.append(Hop(edge.channel_id, edge.source, edge.target, hop_amount, hop_expiry))
        if index > 0:
            hop_amount = Wei(hop_amount + compute_forwarding_fee(edge, hop_amount))
            hop_expiry = Seconds(hop_expiry + edge.expiry_delta_seconds)
    return Route(tuple(reversed(hops)))


def validate_route(route: Route, now: Seconds, worst_case_inclusion_seconds: Seconds) -> None:
    """Check that hops chain, never grow in amount and keep safe expiry deltas; raise otherwise."""
    if not route.hops:
        raise InvalidRoute("a route has at least one hop")
    for previous, following in zip(route.hops, route.hops[1:], strict=False):
        if previous.payee != following.payer:
            raise InvalidRoute("consecutive hops must share a node")
        if previous.amount < following.amount:
            raise InvalidRoute("a mediator never forwards more than it receives")
        delta = previous.expiry - following.expiry
        if not is_safe_expiry_delta(delta, worst_case_inclusion_seconds):
            raise ExpiryDeltaTooSmall(
                f"{previous.payee.hex()} has {delta} s between its locks; it needs "
                f"{worst_case_inclusion_seconds} s to get a secret registered on L1"
            )
    last = route.hops[-1]
    if last.expiry - now < worst_case_inclusion_seconds:
        raise ExpiryDeltaTooSmall(
            "the recipient cannot register the secret before the lock expires"
        )
