"""Multi-hop routing: fees, amounts, expiries, capacity and the safety delta."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l2ref.channels.routing import (
    ChannelEdge,
    ChannelGraph,
    Route,
    compute_forwarding_fee,
    compute_worst_case_inclusion_seconds,
    find_route,
    is_safe_expiry_delta,
    validate_route,
)
from l2ref.errors import ExpiryDeltaTooSmall, InvalidRoute, RouteNotFound, ValueOutOfRange
from l2ref.l1.driver import SECONDS_PER_BLOCK
from l2ref.l1.types import Seconds, Wei
from l2ref.types import Address, Hash32

NODES = [Address(bytes([i]) * 20) for i in range(6)]
A, B, C, D, E, _ = NODES
NOW = Seconds(1_000_000)
FINAL = Seconds(NOW + 3_600)


def edge(
    number: int,
    source: Address,
    target: Address,
    *,
    capacity: int = 10**6,
    base: int = 1,
    millionths: int = 1_000,
    delta: int = 600,
) -> ChannelEdge:
    return ChannelEdge(
        Hash32(number.to_bytes(32, "big")),
        source,
        target,
        Wei(capacity),
        Wei(base),
        millionths,
        Seconds(delta),
    )


def test_amounts_and_expiries_are_built_backwards_from_the_recipient() -> None:
    """I-RT-2: each mediator's margin is exactly its fee."""
    graph = ChannelGraph(
        (
            edge(1, A, B),
            edge(2, B, C, base=10, millionths=10_000, delta=900),
            edge(3, C, D, base=5, delta=700),
        )
    )
    route = find_route(graph, A, D, Wei(100_000), FINAL)
    amounts = [hop.amount for hop in route.hops]
    expiries = [hop.expiry for hop in route.hops]
    # C forwards 100,000 over edge 3: fee 5 + 100; B forwards 100,105 over edge 2: fee 10 + 1,001
    assert amounts == [100_000 + 105 + 1_011, 100_105, 100_000]
    assert expiries == [FINAL + 700 + 900, FINAL + 700, FINAL]
    assert [hop.payer for hop in route.hops] == [A, B, C]


def test_the_cheapest_route_with_capacity_wins() -> None:
    cheap_but_small = (edge(1, A, B), edge(2, B, D, capacity=50, base=0, millionths=0))
    dear = (edge(3, A, C), edge(4, C, D, base=1_000))
    graph = ChannelGraph(cheap_but_small + dear)
    assert [hop.channel_id for hop in find_route(graph, A, D, Wei(40), FINAL).hops] == [
        Hash32((1).to_bytes(32, "big")),
        Hash32((2).to_bytes(32, "big")),
    ]
    route = find_route(graph, A, D, Wei(60), FINAL)
    assert [hop.payee for hop in route.hops] == [C, D]
    with pytest.raises(RouteNotFound):
        find_route(graph, A, D, Wei(10**7), FINAL)
    with pytest.raises(RouteNotFound):
        find_route(graph, D, A, Wei(1), FINAL)


def test_bad_requests() -> None:
    graph = ChannelGraph((edge(1, A, B),))
    with pytest.raises(ValueOutOfRange):
        find_route(graph, A, B, Wei(0), FINAL)
    with pytest.raises(InvalidRoute):
        find_route(graph, A, A, Wei(1), FINAL)
    with pytest.raises(ValueOutOfRange):
        compute_forwarding_fee(graph.edges[0], Wei(-1))


def test_the_safety_delta_comes_from_the_l1_liveness_parameters() -> None:
    worst = compute_worst_case_inclusion_seconds(2, 10, Seconds(SECONDS_PER_BLOCK))
    assert worst == 13 * SECONDS_PER_BLOCK
    assert is_safe_expiry_delta(worst, worst)
    assert not is_safe_expiry_delta(worst - 1, worst)
    graph = ChannelGraph(
        (edge(1, A, B), edge(2, B, C, delta=worst), edge(3, C, D, delta=worst - 1))
    )
    route = find_route(graph, A, D, Wei(1_000), FINAL)
    with pytest.raises(ExpiryDeltaTooSmall):
        validate_route(route, NOW, worst)
    safe = find_route(
        ChannelGraph((edge(1, A, B), edge(2, B, C, delta=worst))), A, C, Wei(1), FINAL
    )
    validate_route(safe, NOW, worst)
    with pytest.raises(ExpiryDeltaTooSmall):
        validate_route(safe, Seconds(FINAL - worst + 1), worst)
    with pytest.raises(InvalidRoute):
        validate_route(Route(()), NOW, worst)
    broken = Route((safe.hops[1], safe.hops[0]))
    with pytest.raises(InvalidRoute):
        validate_route(broken, NOW, worst)


def _brute_force_cost(
    graph: ChannelGraph, sender: Address, recipient: Address, amount: int
) -> int | None:
    """The least amount the sender must lock, over every simple path: an independent check."""
    best: int | None = None
    for length in range(1, len(NODES)):
        for middle in itertools.permutations(
            [n for n in NODES if n not in (sender, recipient)], length - 1
        ):
            path = [sender, *middle, recipient]
            for edges in itertools.product(
                *[
                    [e for e in graph.edges if e.source == u and e.target == v]
                    for u, v in itertools.pairwise(path)
                ]
            ):
                needed = amount
                feasible = True
                for index in range(len(edges) - 1, -1, -1):
                    if edges[index].capacity < needed:
                        feasible = False
                        break
                    if index > 0:
                        needed += compute_forwarding_fee(edges[index], Wei(needed))
                if feasible and (best is None or needed < best):
                    best = needed
    return best


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 4),
            st.integers(0, 4),
            st.integers(0, 500),
            st.integers(0, 20),
            st.integers(0, 200_000),
        ),
        max_size=10,
    ),
    st.integers(1, 300),
)
def test_find_route_is_as_cheap_as_the_best_simple_path(
    raw_edges: list[tuple[int, int, int, int, int]], amount: int
) -> None:
    """I-RT-3: the first amount is the least over all simple paths with the capacity (exhaustive
    search). I-RT-2: amounts never grow along the route."""
    edges = tuple(
        edge(number, NODES[u], NODES[v], capacity=capacity, base=base, millionths=millionths)
        for number, (u, v, capacity, base, millionths) in enumerate(raw_edges)
        if u != v
    )
    graph = ChannelGraph(edges)
    expected = _brute_force_cost(graph, A, E, amount)
    if expected is None:
        with pytest.raises(RouteNotFound):
            find_route(graph, A, E, Wei(amount), FINAL)
        return
    route = find_route(graph, A, E, Wei(amount), FINAL)
    assert route.hops[0].amount == expected
    assert route.hops[-1].amount == amount
    for hop, following in itertools.pairwise(route.hops):
        assert hop.payee == following.payer
        # I-RT-2: amounts never grow along the route
        assert hop.amount >= following.amount
    for hop in route.hops:
        channel = next(e for e in edges if e.channel_id == hop.channel_id)
        assert channel.capacity >= hop.amount
