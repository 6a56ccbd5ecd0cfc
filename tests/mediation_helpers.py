"""Set-up for the mediation tests: a chain with the channel contract and up to six funded
parties, a line of channels P0 -> P1 -> ... -> Pn (each opened and funded by its payer), the
route over it with a fee per mediator and a safety delta per hop, and gas accounting."""

from __future__ import annotations

from dataclasses import dataclass

from channel_helpers import CAROL, CHAIN_ID, CONFIG, ETHER, GENESIS_TIME, PROPOSER, call, key

from l2ref.channels.contract import (
    CHANNEL_CONTRACT_NAME,
    CHANNEL_SETTLED,
    SECRET_REGISTRY_CONTRACT_NAME,
    ChannelTotals,
)
from l2ref.channels.mediation import (
    HopChannel,
    _complete_round,
    honest_mediator_claim_on_chain,
    lock_route,
)
from l2ref.channels.protocol import (
    ChannelTerms,
    PartyView,
    create_revocation_hash_offer,
    get_closing_view,
    get_latest_state,
    new_party_view,
    propose_payment,
    receive_revocation_hash_offer,
)
from l2ref.channels.routing import Hop, Route, compute_worst_case_inclusion_seconds
from l2ref.channels.states import (
    NONCE_MODE,
    PENALTY_MODE,
    DisputeMode,
    compute_balances,
    compute_hashlock,
)
from l2ref.crypto.hash import keccak256
from l2ref.encoding.abi import AbiValue
from l2ref.l1.driver import (
    SECONDS_PER_BLOCK,
    LocalChain,
    advance_time,
    compute_account_address,
    get_receipt,
    get_time,
    mine_block,
    new_local_chain,
    send_deployment,
)
from l2ref.l1.types import Seconds, Wei
from l2ref.types import Address, Hash32

PARTY_KEYS = [key(f"party {index}") for index in range(6)]
PARTIES = [compute_account_address(private_key) for private_key in PARTY_KEYS]
SECRET = Hash32(keccak256(b"the payee's secret"))
HASHLOCK = compute_hashlock(SECRET)
# the adversarial L1 the route is sized for: three censored blocks, no extra delay
CENSORED_BLOCKS = 3
WORST_CASE = compute_worst_case_inclusion_seconds(0, CENSORED_BLOCKS, Seconds(SECONDS_PER_BLOCK))
PAYMENT = 10**15
FEE = 10**12
DEPOSIT = ETHER
PERIOD = 3_600
# every hop channel: the payer deposited, nothing withdrawn
TOTALS = ChannelTotals(Wei(DEPOSIT), Wei(0), Wei(0), Wei(0))


@dataclass
class Line:
    local: LocalChain
    registry: Address
    contract: Address
    route: Route
    channels: list[HopChannel]


def new_line_chain() -> tuple[LocalChain, Address, Address]:
    allocations = {address: Wei(100 * ETHER) for address in PARTIES}
    allocations[compute_account_address(CAROL)] = Wei(100 * ETHER)
    local = new_local_chain(CONFIG, allocations, GENESIS_TIME, PROPOSER)
    registry = send_deployment(local, CAROL, SECRET_REGISTRY_CONTRACT_NAME, [])
    mine_block(local)
    contract = send_deployment(local, CAROL, CHANNEL_CONTRACT_NAME, [registry])
    mine_block(local)
    return local, registry, contract


def open_hop_channel(
    local: LocalChain, contract: Address, payer: int, payee: int, mode: DisputeMode
) -> HopChannel:
    """The payer opens (participant A) and deposits; state 1 moves nothing."""
    channel_id = Hash32(keccak256(f"channel {payer} {payee}".encode()))
    terms = ChannelTerms(
        CHAIN_ID, contract, channel_id, PARTIES[payer], PARTIES[payee], mode, Seconds(PERIOD)
    )
    opener = PARTY_KEYS[payer]
    receipt = call(local, opener, contract, "open", [channel_id, PARTIES[payee], mode, PERIOD])
    assert receipt.succeeded, receipt.error
    seed_a = Hash32(keccak256(f"seed {payer} {channel_id.hex()}".encode()))
    seed_b = Hash32(keccak256(f"seed {payee} {channel_id.hex()}".encode()))
    payer_view = new_party_view(terms, opener, seed_a)
    payee_view = new_party_view(terms, PARTY_KEYS[payee], seed_b)
    if mode == PENALTY_MODE:
        payee_view = receive_revocation_hash_offer(
            payee_view, create_revocation_hash_offer(payer_view)
        )
        payer_view = receive_revocation_hash_offer(
            payer_view, create_revocation_hash_offer(payee_view)
        )
    arguments: list[AbiValue] = [channel_id, DEPOSIT]
    receipt = call(local, opener, contract, "deposit", arguments, value=DEPOSIT)
    assert receipt.succeeded, receipt.error
    payer_view, proposal = propose_payment(payer_view, Wei(0))
    return _complete_round(HopChannel(payer_view, payee_view), proposal, TOTALS, get_time(local))


def line_route(
    length: int, start: Seconds, *, deltas: list[int] | None = None, final_after: int = 0
) -> Route:
    """P0 -> ... -> P<length>: the payee receives PAYMENT, each mediator keeps FEE; expiries
    from the last (`start + final_after`, at least 10 worst cases ahead) backwards by `deltas`."""
    deltas = deltas if deltas is not None else [WORST_CASE] * (length - 1)
    final = start + (final_after or 10 * WORST_CASE)
    hops = []
    amount, expiry = PAYMENT, final
    for index in range(length - 1, -1, -1):
        channel_id = Hash32(keccak256(f"channel {index} {index + 1}".encode()))
        hops.append(
            Hop(channel_id, PARTIES[index], PARTIES[index + 1], Wei(amount), Seconds(expiry))
        )
        if index > 0:
            amount += FEE
            expiry += deltas[index - 1]
    return Route(tuple(reversed(hops)))


def new_line(length: int, mode: DisputeMode = NONCE_MODE) -> Line:
    local, registry, contract = new_line_chain()
    channels = [open_hop_channel(local, contract, i, i + 1, mode) for i in range(length)]
    route = line_route(length, get_time(local))
    return Line(local, registry, contract, route, channels)


def gas_paid(local: LocalChain, transactions: list[Hash32]) -> int:
    # the driver's gas price is one wei per gas
    return sum(get_receipt(local, transaction).gas_used for transaction in transactions)


def capacity(view: PartyView) -> int:
    """What the hop's payer (participant A) can still send over the channel."""
    return compute_balances(
        TOTALS.deposit_a, TOTALS.deposit_b, Wei(0), Wei(0), get_latest_state(view)
    )[0]


def claim_until_settled(
    local: LocalChain, view: PartyView, registry: Address, sent: list[Hash32]
) -> None:
    """Run the mediator's L1 strategy once per block until the channel is settled and its
    incoming lock unlocked."""
    for _ in range(10):
        step = honest_mediator_claim_on_chain(local, view, registry)
        sent.extend(step)
        closing = get_closing_view(local, view)
        if closing is not None and not step:
            if closing.status == CHANNEL_SETTLED:
                return
            # nothing to answer: wait out the challenge period
            advance_time(local, closing.settle_time - get_time(local))
        else:
            mine_block(local)
    raise AssertionError("the mediator's channel never settled")


def locked_line(length: int, mode: DisputeMode = NONCE_MODE) -> tuple[Line, list[HopChannel]]:
    """A line of `length` channels with the payment locked on every hop."""
    line = new_line(length, mode)
    channels = lock_route(
        tuple(line.channels),
        line.route,
        HASHLOCK,
        (TOTALS,) * length,
        now=get_time(line.local),
        worst_case_inclusion_seconds=WORST_CASE,
    )
    return line, list(channels)
