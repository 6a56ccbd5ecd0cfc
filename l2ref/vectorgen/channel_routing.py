"""Vector suites for specs/channels/routing.md."""

from __future__ import annotations

from l2ref.channels.routing import ChannelEdge, ChannelGraph, Hop, find_route, validate_route
from l2ref.l1.types import Seconds, Wei
from l2ref.types import Address, Hash32
from l2ref.vectorgen.core import Case, Note, declare

NODES = [Address(bytes([i]) * 20) for i in range(1, 7)]
NOW = 1_700_000_000
FINAL_EXPIRY = NOW + 3_600
SAFE = WORST_CASE_INCLUSION_SECONDS = 13 * 12

NOTES = {
    "SafetyDelta": Note(
        "SECURITY",
        "A mediator's incoming lock must outlive its outgoing lock by the worst-case L1 "
        "inclusion time, or it can pay out and be unable to claim (specs/channels/routing.md).",
    ),
    "Capacity": Note(
        "FUNCTIONALITY", "An edge whose capacity is below what it must carry is unusable."
    ),
    "TieBreak": Note(
        "COMPATIBILITY", "Equal costs: fewer hops first, then the smaller channel id."
    ),
}


def route(
    *,
    edges: tuple[ChannelEdge, ...],
    sender: Address,
    recipient: Address,
    amount: Wei,
    final_expiry: Seconds,
    now: Seconds,
    worst_case_inclusion_seconds: Seconds,
) -> tuple[Hop, ...]:
    """find_route on the graph of `edges`, then validate_route of the route found."""
    found = find_route(ChannelGraph(edges), sender, recipient, amount, final_expiry)
    validate_route(found, now, worst_case_inclusion_seconds)
    return found.hops


def _edge(number: int, source: int, target: int, *policy: int) -> ChannelEdge:
    capacity, fee, ppm, delta = policy
    ends = (Hash32(number.to_bytes(32, "big")), NODES[source], NODES[target])
    return ChannelEdge(*ends, Wei(capacity), Wei(fee), ppm, Seconds(delta))


def _case(
    name: str, edges: list[ChannelEdge], amount: int, expect: str = "valid", *flags: str
) -> Case:
    recipient = NODES[0 if name == "sender_is_recipient" else 3]
    inputs = {"edges": tuple(edges), "sender": NODES[0], "recipient": recipient, "amount": amount}
    inputs |= {"final_expiry": FINAL_EXPIRY, "now": NOW}
    return Case(name, inputs | {"worst_case_inclusion_seconds": SAFE}, expect, flags)


def _cases() -> list[Case]:
    big = 10**6
    line = [_edge(1, 0, 1, big, 1, 1_000, SAFE), _edge(2, 1, 2, big, 10, 10_000, SAFE + 300)]
    line.append(_edge(3, 2, 3, big, 5, 0, SAFE))
    choice = [_edge(1, 0, 1, big, 0, 0, SAFE), _edge(2, 1, 3, 50, 0, 0, SAFE)]
    choice += [_edge(3, 0, 2, big, 0, 0, SAFE), _edge(4, 2, 3, big, 1_000, 0, SAFE)]
    tie = [_edge(9, 0, 1, big, 0, 0, SAFE), _edge(8, 1, 3, big, 7, 0, SAFE)]
    tie += [_edge(5, 0, 2, big, 0, 0, SAFE), _edge(6, 2, 3, big, 7, 0, SAFE)]
    tie.append(_edge(7, 0, 3, big, 0, 0, SAFE))
    short = [_edge(1, 0, 1, big, 0, 0, SAFE), _edge(2, 1, 3, big, 0, 0, SAFE - 1)]
    return [
        _case("direct_channel", [_edge(1, 0, 3, 100, 9, 9, SAFE)], 100),
        _case("three_hops_fees_and_expiries", line, 100_000),
        _case("cheap_path_within_capacity", choice, 40, "valid", "Capacity"),
        _case("cheap_path_too_small_takes_the_dear_one", choice, 60, "valid", "Capacity"),
        _case("direct_edge_beats_equal_cost_paths", tie, 10, "valid", "TieBreak"),
        _case("equal_cost_two_hop_paths_smaller_channel_id", tie[:4], 10, "valid", "TieBreak"),
        _case("no_capacity", choice, 10**7, "RouteNotFound", "Capacity"),
        _case("no_path", [_edge(1, 3, 0, big, 0, 0, SAFE)], 1, "RouteNotFound"),
        _case("zero_amount", line, 0, "ValueOutOfRange"),
        _case("sender_is_recipient", line, 1, "InvalidRoute"),
        _case("mediator_delta_one_second_short", short, 1, "ExpiryDeltaTooSmall", "SafetyDelta"),
    ]


SUITES = [
    declare(
        "channels",
        find_route,
        _cases,
        "find_route(graph of `input.edges`, `input.sender`, `input.recipient`, `input.amount`, "
        "`input.final_expiry`), then validate_route(route, `input.now`, "
        "`input.worst_case_inclusion_seconds`); `output` is the list of hops.",
        via=route,
        notes=NOTES,
    )
]
