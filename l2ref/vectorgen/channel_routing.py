"""Vector suites for specs/channels/routing.md."""

from __future__ import annotations

from l2ref.channels.routing import ChannelEdge, ChannelGraph, find_route, validate_route
from l2ref.errors import MalformedVector
from l2ref.l1.types import Seconds, Wei
from l2ref.types import Address, Hash32
from l2ref.vectorgen.core import (
    Case,
    JsonObject,
    JsonValue,
    Note,
    Suite,
    dec,
    field_of,
    hex_bytes,
    parse_bytes,
    parse_int,
)

NODES = [Address(bytes([i]) * 20) for i in range(1, 7)]
NOW = 1_700_000_000
FINAL_EXPIRY = NOW + 3_600
WORST_CASE_INCLUSION_SECONDS = 13 * 12

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


def _edge(number: int, source: int, target: int, policy: tuple[int, int, int, int]) -> JsonValue:
    capacity, base, millionths, delta = policy
    return {
        "channel_id": hex_bytes(number.to_bytes(32, "big")),
        "source": hex_bytes(NODES[source]),
        "target": hex_bytes(NODES[target]),
        "capacity": dec(capacity),
        "fee_base": dec(base),
        "fee_proportional_millionths": dec(millionths),
        "expiry_delta_seconds": dec(delta),
    }


def _case(
    name: str,
    edges: list[JsonValue],
    amount: int,
    expect: str = "valid",
    *,
    flags: tuple[str, ...] = (),
    recipient: int = 3,
) -> Case:
    return Case(
        name,
        {
            "edges": edges,
            "sender": hex_bytes(NODES[0]),
            "recipient": hex_bytes(NODES[recipient]),
            "amount": dec(amount),
            "final_expiry": dec(FINAL_EXPIRY),
            "now": dec(NOW),
            "worst_case_inclusion_seconds": dec(WORST_CASE_INCLUSION_SECONDS),
        },
        expect,
        flags,
    )


def _cases() -> list[Case]:
    safe = WORST_CASE_INCLUSION_SECONDS
    line: list[JsonValue] = [
        _edge(1, 0, 1, (10**6, 1, 1_000, safe)),
        _edge(2, 1, 2, (10**6, 10, 10_000, safe + 300)),
        _edge(3, 2, 3, (10**6, 5, 0, safe)),
    ]
    choice: list[JsonValue] = [
        _edge(1, 0, 1, (10**6, 0, 0, safe)),
        _edge(2, 1, 3, (50, 0, 0, safe)),
        _edge(3, 0, 2, (10**6, 0, 0, safe)),
        _edge(4, 2, 3, (10**6, 1_000, 0, safe)),
    ]
    tie: list[JsonValue] = [
        _edge(9, 0, 1, (10**6, 0, 0, safe)),
        _edge(8, 1, 3, (10**6, 7, 0, safe)),
        _edge(5, 0, 2, (10**6, 0, 0, safe)),
        _edge(6, 2, 3, (10**6, 7, 0, safe)),
        _edge(7, 0, 3, (10**6, 0, 0, safe)),
    ]
    return [
        _case("direct_channel", [_edge(1, 0, 3, (100, 9, 9, safe))], 100, recipient=3),
        _case("three_hops_fees_and_expiries", line, 100_000),
        _case("cheap_path_within_capacity", choice, 40, flags=("Capacity",)),
        _case("cheap_path_too_small_takes_the_dear_one", choice, 60, flags=("Capacity",)),
        _case("direct_edge_beats_equal_cost_paths", tie, 10, flags=("TieBreak",)),
        _case("equal_cost_two_hop_paths_smaller_channel_id", tie[:4], 10, flags=("TieBreak",)),
        _case("no_capacity", choice, 10**7, "RouteNotFound", flags=("Capacity",)),
        _case("no_path", [_edge(1, 3, 0, (10**6, 0, 0, safe))], 1, "RouteNotFound"),
        _case("zero_amount", line, 0, "ValueOutOfRange"),
        _case("sender_is_recipient", line, 1, "InvalidRoute", recipient=0),
        _case(
            "mediator_delta_one_second_short",
            [_edge(1, 0, 1, (10**6, 0, 0, safe)), _edge(2, 1, 3, (10**6, 0, 0, safe - 1))],
            1,
            "ExpiryDeltaTooSmall",
            flags=("SafetyDelta",),
        ),
    ]


def _edges(value: JsonValue) -> ChannelGraph:
    if not isinstance(value, list):
        raise MalformedVector("edges must be a list")
    edges: list[ChannelEdge] = []
    for item in value:
        if not isinstance(item, dict):
            raise MalformedVector("an edge must be an object")
        edges.append(
            ChannelEdge(
                Hash32(parse_bytes(field_of(item, "channel_id"))),
                Address(parse_bytes(field_of(item, "source"))),
                Address(parse_bytes(field_of(item, "target"))),
                Wei(parse_int(field_of(item, "capacity"))),
                Wei(parse_int(field_of(item, "fee_base"))),
                parse_int(field_of(item, "fee_proportional_millionths")),
                Seconds(parse_int(field_of(item, "expiry_delta_seconds"))),
            )
        )
    return ChannelGraph(tuple(edges))


def _run(case_input: JsonObject) -> JsonValue:
    route = find_route(
        _edges(field_of(case_input, "edges")),
        Address(parse_bytes(field_of(case_input, "sender"))),
        Address(parse_bytes(field_of(case_input, "recipient"))),
        Wei(parse_int(field_of(case_input, "amount"))),
        Seconds(parse_int(field_of(case_input, "final_expiry"))),
    )
    validate_route(
        route,
        Seconds(parse_int(field_of(case_input, "now"))),
        Seconds(parse_int(field_of(case_input, "worst_case_inclusion_seconds"))),
    )
    return [
        {
            "channel_id": hex_bytes(hop.channel_id),
            "payer": hex_bytes(hop.payer),
            "payee": hex_bytes(hop.payee),
            "amount": dec(hop.amount),
            "expiry": dec(hop.expiry),
        }
        for hop in route.hops
    ]


SUITES = [
    Suite(
        suite="channels/find_route",
        function="l2ref.channels.routing.find_route",
        spec="specs/channels/routing.md#find_route",
        description=(
            "find_route(graph of `input.edges`, `input.sender`, `input.recipient`, "
            "`input.amount`, `input.final_expiry`), then validate_route(route, `input.now`, "
            "`input.worst_case_inclusion_seconds`); `output` is the list of hops.",
        ),
        cases=_cases,
        run=_run,
        notes=NOTES,
    )
]
