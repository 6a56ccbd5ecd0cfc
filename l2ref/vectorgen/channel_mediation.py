"""Vector suites for specs/channels/mediation.md."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from l2ref.channels import mediation
from l2ref.channels.mediation import HOP_PAID, HOP_REFUNDED, HopResolution
from l2ref.channels.routing import Hop, Route
from l2ref.channels.states import Lock, compute_hashlock
from l2ref.crypto.hash import keccak256
from l2ref.l1.types import Seconds, Wei
from l2ref.types import Address, Hash32
from l2ref.vectorgen.core import Case, Note, declare

NODES = [Address(bytes([i]) * 20) for i in range(1, 7)]
HASHLOCK = compute_hashlock(Hash32(keccak256(b"l2ref mediation vectors secret")))
OTHER_HASHLOCK = compute_hashlock(Hash32(keccak256(b"l2ref mediation vectors other")))
NOW, FEE, PAYMENT = 1_700_000_000, 1_000, 1_000_000
WCIS = 13 * 12  # the worst-case inclusion time
Inputs = Mapping[str, object] | None

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


def _case(name: str, expect: str, flag: str, inputs: Inputs, intermediate: Inputs = None) -> Case:
    return Case(name, inputs or {}, expect, (flag,) if flag else (), intermediate or {})


def _resolved(letters: str) -> list[HopResolution]:
    return [{"P": HOP_PAID, "R": HOP_REFUNDED}.get(letter, HopResolution(0)) for letter in letters]


def _hops(length: int) -> tuple[Hop, ...]:
    hops = []  # from NODES[0]: each hop back adds a fee and an inclusion time
    for i in range(length):
        later = length - 1 - i
        amount, expiry = Wei(PAYMENT + later * FEE), Seconds(NOW + (10 + later) * WCIS)
        channel_id = Hash32((i + 1).to_bytes(32, "big"))
        hops.append(Hop(channel_id, NODES[i], NODES[i + 1], amount, expiry))
    return tuple(hops)


def _forwarding_cases() -> list[Case]:
    incoming = Lock(NODES[0], Wei(PAYMENT + FEE), HASHLOCK, Seconds(NOW + 1_000))
    safe, late, small = NOW + 1_000 - WCIS, NOW + 2_000, "ExpiryDeltaTooSmall"

    def out(amount: int, expiry: int, hashlock: Hash32 = HASHLOCK) -> Lock:
        return Lock(NODES[1], Wei(amount), hashlock, Seconds(expiry))

    table = [  # (name, outgoing lock (amount, expiry, hashlock), expected outcome, flag)
        ("delta_exactly_the_inclusion_time", out(PAYMENT, safe), "valid", "Boundary"),
        ("larger_delta", out(PAYMENT, NOW), "valid", ""),
        ("forwards_the_whole_amount_no_fee", out(PAYMENT + FEE, safe), "valid", "Boundary"),
        ("delta_one_second_short", out(PAYMENT, safe + 1), small, "SafetyDelta"),
        ("outgoing_expires_after_incoming", out(PAYMENT, late), small, "SafetyDelta"),
        ("another_hashlock", out(PAYMENT, safe, OTHER_HASHLOCK), "HashlockMismatch", ""),
        ("forwards_more_than_received", out(PAYMENT + FEE + 1, safe), "InvalidRoute", ""),
    ]

    def case(name: str, lock: Lock, expect: str, flag: str) -> Case:
        inputs = {"incoming": incoming, "outgoing": lock, "worst_case_inclusion_seconds": WCIS}
        return _case(name, expect, flag, inputs, {"expiry_delta": incoming.expiry - lock.expiry})

    return [case(*row) for row in table]


def _claimable_cases() -> list[Case]:
    lock = Lock(NODES[0], Wei(PAYMENT), HASHLOCK, Seconds(NOW))
    table = [  # (name, registered_at, expected outcome, flag)
        ("registered_before_expiry", NOW - 1, "valid", ""),
        ("registered_at_expiry", NOW, "valid", "Boundary"),
        ("registered_one_second_late", NOW + 1, "invalid", "Boundary"),
        ("never_registered", 0, "invalid", ""),
    ]
    return [_case(name, e, f, {"lock": lock, "registered_at": time}) for name, time, e, f in table]


def mediator_gain(hops: tuple[Hop, ...], resolutions: tuple[HopResolution, ...], index: int) -> int:
    return mediation.compute_mediator_gain(Route(hops), resolutions, index)


def _gain_cases() -> list[Case]:
    table = [  # (name, resolutions: P paid R refunded 0 none, index, outcome, flag)
        ("all_paid_first_mediator", "PPP", 1, "valid", ""),
        ("all_paid_second_mediator", "PPP", 2, "valid", ""),
        ("incoming_paid_outgoing_refunded", "PRR", 1, "valid", ""),
        ("all_refunded", "RRR", 2, "valid", ""),
        ("paid_out_not_in", "RPP", 1, "valid", "MediatorLoss"),
        ("index_of_the_payer", "PPP", 0, "InvalidRoute", ""),
        ("index_past_the_route", "PPP", 3, "InvalidRoute", ""),
        ("resolutions_too_short", "PP", 1, "InvalidRoute", ""),
    ]
    return [
        _case(name, e, f, {"hops": _hops(3), "resolutions": _resolved(rs), "index": index})
        for name, rs, index, e, f in table
    ]


def payment_atomicity(
    hops: tuple[Hop, ...], resolutions: tuple[HopResolution, ...], honest: tuple[Address, ...]
) -> bool:
    return mediation.verify_payment_atomicity(Route(hops), resolutions, frozenset(honest))


def _atomicity_cases() -> list[Case]:
    honest = [[node for i, node in enumerate(NODES[:4]) if i != d] for d in range(-1, 4)]
    table = [  # (name, hops, their resolutions, the node not honest (-1: none), outcome, flag)
        ("all_paid", 3, "PPP", -1, "valid", ""),
        ("all_refunded", 3, "RRR", -1, "valid", ""),
        ("withholding_mediator_loses", 3, "RRP", 2, "valid", "Dishonest"),
        ("late_payee_refunded", 3, "PPR", 3, "valid", "Dishonest"),
        ("single_hop_paid", 1, "P", -1, "valid", ""),
        ("mixed_with_everyone_honest", 3, "PPR", -1, "invalid", ""),
        ("honest_mediator_paid_out_not_in", 3, "RPP", 2, "invalid", "MediatorLoss"),
        ("unresolved_hop", 3, "PP0", -1, "invalid", ""),
        ("resolutions_too_short", 3, "PP", -1, "invalid", ""),
    ]
    return [
        _case(name, e, f, {"hops": _hops(n), "resolutions": _resolved(rs), "honest": honest[d + 1]})
        for name, n, rs, d, e, f in table
    ]


_declare = functools.partial(declare, "channels", notes=NOTES)
SUITES = [
    _declare(
        mediation.validate_forwarding,
        _forwarding_cases,
        "validate_forwarding(`input.incoming`, `input.outgoing`, "
        "`input.worst_case_inclusion_seconds`); `output` is null when the mediator may forward.",
    ),
    _declare(
        mediation.is_lock_claimable,
        _claimable_cases,
        "is_lock_claimable(`input.lock`, `input.registered_at`); a predicate.",
        predicate=True,
    ),
    _declare(
        mediation.compute_mediator_gain,
        _gain_cases,
        "compute_mediator_gain(route of `input.hops`, `input.resolutions`, `input.index`); "
        "`output` is the gain in wei as a decimal string, negative for a loss.",
        via=mediator_gain,
    ),
    _declare(
        mediation.verify_payment_atomicity,
        _atomicity_cases,
        "verify_payment_atomicity(route of `input.hops`, `input.resolutions`, the set of "
        "`input.honest`); a predicate.",
        via=payment_atomicity,
        predicate=True,
    ),
]
