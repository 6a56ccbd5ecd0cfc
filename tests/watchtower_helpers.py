"""Set-up for the watchtower tests: a funded tower, and a channel whose payments Bob (the
customer) covers with appointments after every round, keeping Alice's views of each state so a
test can make her close with a stale one."""

from __future__ import annotations

from dataclasses import dataclass

from channel_helpers import CAROL, CHAIN_ID, DAY, ETHER, Setup, key, open_channel, pay

from l2ref.channels.protocol import ChannelTerms, PartyView
from l2ref.channels.states import DisputeMode
from l2ref.channels.watchtower import (
    Watchtower,
    WatchtowerClient,
    honest_party_send_appointments,
    new_watchtower,
    new_watchtower_client,
    process_appointment,
)
from l2ref.l1.driver import (
    compute_account_address,
    get_block_number,
    get_time,
    mine_block,
    send_transaction,
)
from l2ref.l1.types import Seconds, Wei

TOWER = key("tower")
TOWER_ADDRESS = compute_account_address(TOWER)


@dataclass
class Covered:
    terms: ChannelTerms
    alice: PartyView
    bob: PartyView
    tower: Watchtower
    client: WatchtowerClient
    # Alice's view after each round, oldest first: history[i].latest is a state she may reuse
    history: list[PartyView]
    # the appointments Bob sent, encoded, in order
    sent: list[bytes]


def fund_tower(setup: Setup) -> None:
    """Carol gives the tower one ether for gas."""
    send_transaction(setup.local, CAROL, TOWER_ADDRESS, Wei(ETHER), b"")
    mine_block(setup.local)


def covered_channel(
    setup: Setup,
    mode: DisputeMode,
    payments: list[tuple[str, int]],
    *,
    label: str = "channel",
) -> Covered:
    """Open a channel, then make each payment (`"ab"`: Alice pays Bob, `"ba"`: Bob pays Alice),
    Bob sending his appointments after every round."""
    local = setup.local
    fund_tower(setup)
    terms, alice, bob = open_channel(setup, mode, label=label)
    tower = new_watchtower(CHAIN_ID, TOWER, get_block_number(local) + 1)
    client = new_watchtower_client(Seconds(get_time(local) + 60 * DAY))
    covered = Covered(terms, alice, bob, tower, client, [alice], [])
    _send(covered, setup)
    for direction, amount in payments:
        if direction == "ab":
            covered.alice, covered.bob = pay(covered.alice, covered.bob, amount, local)
        else:
            covered.bob, covered.alice = pay(covered.bob, covered.alice, amount, local)
        covered.history.append(covered.alice)
        _send(covered, setup)
    return covered


def _send(covered: Covered, setup: Setup) -> None:
    covered.client, messages = honest_party_send_appointments(covered.client, covered.bob)
    for message in messages:
        process_appointment(covered.tower, message, get_time(setup.local))
        covered.sent.append(message)
