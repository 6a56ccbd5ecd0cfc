"""Vector suites for specs/channels/mediation.md."""

from __future__ import annotations

from l2ref.channels.mediation import (
    HOP_PAID,
    HOP_REFUNDED,
    HopResolution,
    compute_mediator_gain,
    is_lock_claimable,
    validate_forwarding,
    verify_payment_atomicity,
)
from l2ref.channels.routing import Hop, Route
from l2ref.channels.states import Lock, compute_hashlock
from l2ref.crypto.hash import keccak256
from l2ref.errors import MalformedVector
from l2ref.l1.types import Seconds, Wei
from l2ref.types import Address, Hash32
from l2ref.vectorgen.channels import _lock_from_json, _lock_to_json
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
HASHLOCK = compute_hashlock(Hash32(keccak256(b"l2ref mediation vectors secret")))
OTHER_HASHLOCK = compute_hashlock(Hash32(keccak256(b"l2ref mediation vectors other")))
NOW = 1_700_000_000
WORST_CASE_INCLUSION_SECONDS = 13 * 12
FEE = 1_000
PAYMENT = 1_000_000

NOTES = {
    "SafetyDelta": Note(
        "SECURITY",
        "A mediator's incoming lock must outlive its outgoing lock by the worst-case L1 "
        "inclusion time, or it can pay out and be unable to claim (specs/channels/mediation.md).",
    ),
    "Boundary": Note("EDGE_CASE", "A value exactly at the limit the rule allows."),
    "MediatorLoss": Note(
        "SECURITY",
        "An honest mediator paid out and not paid in: the outcome the mediation rules exclude.",
    ),
    "Dishonest": Note(
        "FUNCTIONALITY",
        "A party outside `honest` may lose; the invariant says nothing about what it gets.",
    ),
}


def _hops(length: int) -> list[Hop]:
    hops = []
    amount, expiry = PAYMENT, NOW + 10 * WORST_CASE_INCLUSION_SECONDS
    for index in range(length - 1, -1, -1):
        channel_id = Hash32((index + 1).to_bytes(32, "big"))
        hops.append(Hop(channel_id, NODES[index], NODES[index + 1], Wei(amount), Seconds(expiry)))
        amount += FEE
        expiry += WORST_CASE_INCLUSION_SECONDS
    return list(reversed(hops))


def _hop_to_json(hop: Hop) -> JsonObject:
    return {
        "channel_id": hex_bytes(hop.channel_id),
        "payer": hex_bytes(hop.payer),
        "payee": hex_bytes(hop.payee),
        "amount": dec(hop.amount),
        "expiry": dec(hop.expiry),
    }


def _route_from_json(value: JsonValue) -> Route:
    if not isinstance(value, list):
        raise MalformedVector("hops must be a list")
    hops = []
    for item in value:
        if not isinstance(item, dict):
            raise MalformedVector("a hop must be an object")
        hops.append(
            Hop(
                Hash32(parse_bytes(field_of(item, "channel_id"))),
                Address(parse_bytes(field_of(item, "payer"))),
                Address(parse_bytes(field_of(item, "payee"))),
                Wei(parse_int(field_of(item, "amount"))),
                Seconds(parse_int(field_of(item, "expiry"))),
            )
        )
    return Route(tuple(hops))


def _resolutions_from_json(value: JsonValue) -> tuple[HopResolution, ...]:
    if not isinstance(value, list):
        raise MalformedVector("resolutions must be a list")
    return tuple(HopResolution(parse_int(item)) for item in value)


# ----------------------------------------------------------------------------- forwarding


def _forwarding_case(
    name: str, outgoing: Lock, expect: str = "valid", flags: tuple[str, ...] = ()
) -> Case:
    incoming = Lock(NODES[0], Wei(PAYMENT + FEE), HASHLOCK, Seconds(NOW + 1_000))
    return Case(
        name,
        {
            "incoming": _lock_to_json(incoming),
            "outgoing": _lock_to_json(outgoing),
            "worst_case_inclusion_seconds": dec(WORST_CASE_INCLUSION_SECONDS),
        },
        expect,
        flags,
        {"expiry_delta": dec(incoming.expiry - outgoing.expiry)},
    )


def _forwarding_cases() -> list[Case]:
    safe = Seconds(NOW + 1_000 - WORST_CASE_INCLUSION_SECONDS)
    lock = Lock(NODES[1], Wei(PAYMENT), HASHLOCK, safe)
    return [
        _forwarding_case("delta_exactly_the_inclusion_time", lock, flags=("Boundary",)),
        _forwarding_case("larger_delta", Lock(NODES[1], Wei(PAYMENT), HASHLOCK, Seconds(NOW))),
        _forwarding_case(
            "forwards_the_whole_amount_no_fee",
            Lock(NODES[1], Wei(PAYMENT + FEE), HASHLOCK, safe),
            flags=("Boundary",),
        ),
        _forwarding_case(
            "delta_one_second_short",
            Lock(NODES[1], Wei(PAYMENT), HASHLOCK, Seconds(safe + 1)),
            "ExpiryDeltaTooSmall",
            ("SafetyDelta",),
        ),
        _forwarding_case(
            "outgoing_expires_after_incoming",
            Lock(NODES[1], Wei(PAYMENT), HASHLOCK, Seconds(NOW + 2_000)),
            "ExpiryDeltaTooSmall",
            ("SafetyDelta",),
        ),
        _forwarding_case(
            "another_hashlock",
            Lock(NODES[1], Wei(PAYMENT), OTHER_HASHLOCK, safe),
            "HashlockMismatch",
        ),
        _forwarding_case(
            "forwards_more_than_received",
            Lock(NODES[1], Wei(PAYMENT + FEE + 1), HASHLOCK, safe),
            "InvalidRoute",
        ),
    ]


def _run_forwarding(case_input: JsonObject) -> JsonValue:
    validate_forwarding(
        _lock_from_json(field_of(case_input, "incoming")),
        _lock_from_json(field_of(case_input, "outgoing")),
        Seconds(parse_int(field_of(case_input, "worst_case_inclusion_seconds"))),
    )
    return None


# ----------------------------------------------------------------------------- claimable


def _claimable_cases() -> list[Case]:
    lock = _lock_to_json(Lock(NODES[0], Wei(PAYMENT), HASHLOCK, Seconds(NOW)))
    cases = [
        ("registered_before_expiry", NOW - 1, "valid", ()),
        ("registered_at_expiry", NOW, "valid", ("Boundary",)),
        ("registered_one_second_late", NOW + 1, "invalid", ("Boundary",)),
        ("never_registered", 0, "invalid", ()),
    ]
    return [
        Case(name, {"lock": lock, "registered_at": dec(time)}, expect, flags)
        for name, time, expect, flags in cases
    ]


def _run_claimable(case_input: JsonObject) -> JsonValue:
    return is_lock_claimable(
        _lock_from_json(field_of(case_input, "lock")),
        parse_int(field_of(case_input, "registered_at")),
    )


# ----------------------------------------------------------------------------- gains


def _gain_cases() -> list[Case]:
    hops: list[JsonValue] = [_hop_to_json(hop) for hop in _hops(3)]
    paid, refunded = HOP_PAID, HOP_REFUNDED
    cases: list[tuple[str, list[int], int, str, tuple[str, ...]]] = [
        ("all_paid_first_mediator", [paid, paid, paid], 1, "valid", ()),
        ("all_paid_second_mediator", [paid, paid, paid], 2, "valid", ()),
        ("incoming_paid_outgoing_refunded", [paid, refunded, refunded], 1, "valid", ()),
        ("all_refunded", [refunded] * 3, 2, "valid", ()),
        ("paid_out_not_in", [refunded, paid, paid], 1, "valid", ("MediatorLoss",)),
        ("index_of_the_payer", [paid] * 3, 0, "InvalidRoute", ()),
        ("index_past_the_route", [paid] * 3, 3, "InvalidRoute", ()),
        ("resolutions_too_short", [paid] * 2, 1, "InvalidRoute", ()),
    ]
    return [
        Case(
            name,
            {"hops": hops, "resolutions": [dec(r) for r in resolutions], "index": dec(index)},
            expect,
            flags,
        )
        for name, resolutions, index, expect, flags in cases
    ]


def _run_gain(case_input: JsonObject) -> JsonValue:
    gain = compute_mediator_gain(
        _route_from_json(field_of(case_input, "hops")),
        _resolutions_from_json(field_of(case_input, "resolutions")),
        parse_int(field_of(case_input, "index")),
    )
    # a loss is negative: the sign is part of the decimal string
    return dec(gain)


# ----------------------------------------------------------------------------- atomicity


def _atomicity_cases() -> list[Case]:
    hops = _hops(3)
    hops_json: list[JsonValue] = [_hop_to_json(hop) for hop in hops]
    everyone = [hex_bytes(node) for node in NODES[:4]]
    paid, refunded = HOP_PAID, HOP_REFUNDED

    def without(*indices: int) -> list[str]:
        return [node for i, node in enumerate(everyone) if i not in indices]

    cases: list[tuple[str, list[int], list[str], str, tuple[str, ...]]] = [
        ("all_paid", [paid] * 3, everyone, "valid", ()),
        ("all_refunded", [refunded] * 3, everyone, "valid", ()),
        (
            "withholding_mediator_loses",
            [refunded, refunded, paid],
            without(2),
            "valid",
            ("Dishonest",),
        ),
        ("late_payee_refunded", [paid, paid, refunded], without(3), "valid", ("Dishonest",)),
        ("single_hop_paid", [paid], everyone, "valid", ()),
        ("mixed_with_everyone_honest", [paid, paid, refunded], everyone, "invalid", ()),
        (
            "honest_mediator_paid_out_not_in",
            [refunded, paid, paid],
            without(2),
            "invalid",
            ("MediatorLoss",),
        ),
        ("unresolved_hop", [paid, paid, 0], everyone, "invalid", ()),
        ("resolutions_too_short", [paid, paid], everyone, "invalid", ()),
    ]
    single: list[JsonValue] = [_hop_to_json(_hops(1)[0])]
    result = []
    for name, resolutions, honest, expect, flags in cases:
        # the single-hop case has a route of its own; every other case uses the three hops
        case_hops = single if name == "single_hop_paid" else hops_json
        case_input: JsonObject = {
            "hops": case_hops,
            "resolutions": [dec(r) for r in resolutions],
            "honest": list(honest),
        }
        result.append(Case(name, case_input, expect, flags))
    return result


def _run_atomicity(case_input: JsonObject) -> JsonValue:
    honest = field_of(case_input, "honest")
    if not isinstance(honest, list):
        raise MalformedVector("honest must be a list")
    return verify_payment_atomicity(
        _route_from_json(field_of(case_input, "hops")),
        _resolutions_from_json(field_of(case_input, "resolutions")),
        frozenset(Address(parse_bytes(item)) for item in honest),
    )


SUITES = [
    Suite(
        suite="channels/validate_forwarding",
        function="l2ref.channels.mediation.validate_forwarding",
        spec="specs/channels/mediation.md#validate_forwarding",
        description=(
            "validate_forwarding(`input.incoming`, `input.outgoing`, "
            "`input.worst_case_inclusion_seconds`); `output` is null when the mediator may "
            "forward.",
        ),
        cases=_forwarding_cases,
        run=_run_forwarding,
        notes=NOTES,
    ),
    Suite(
        suite="channels/is_lock_claimable",
        function="l2ref.channels.mediation.is_lock_claimable",
        spec="specs/channels/mediation.md#is_lock_claimable",
        description=("is_lock_claimable(`input.lock`, `input.registered_at`); a predicate.",),
        cases=_claimable_cases,
        run=_run_claimable,
        notes=NOTES,
        predicate=True,
    ),
    Suite(
        suite="channels/compute_mediator_gain",
        function="l2ref.channels.mediation.compute_mediator_gain",
        spec="specs/channels/mediation.md#compute_mediator_gain",
        description=(
            "compute_mediator_gain(route of `input.hops`, `input.resolutions`, `input.index`); "
            "`output` is the gain in wei as a decimal string, negative for a loss.",
        ),
        cases=_gain_cases,
        run=_run_gain,
        notes=NOTES,
    ),
    Suite(
        suite="channels/verify_payment_atomicity",
        function="l2ref.channels.mediation.verify_payment_atomicity",
        spec="specs/channels/mediation.md#verify_payment_atomicity",
        description=(
            "verify_payment_atomicity(route of `input.hops`, `input.resolutions`, the set of "
            "`input.honest`); a predicate.",
        ),
        cases=_atomicity_cases,
        run=_run_atomicity,
        notes=NOTES,
        predicate=True,
    ),
]
