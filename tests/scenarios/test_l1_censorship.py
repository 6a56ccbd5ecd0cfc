"""Scenario: an L1 proposer censors a user; the user's transaction waits, then lands.

What it shows (specs/l1/driver.md): liveness on the L1 is a parameter, not an assumption. A
censored user's escrow release is delayed by exactly the censored blocks and then succeeds; the
user loses nothing but time, and the chain's rules (specs/l1/chain.md, I-L1-1 to I-L1-4) hold
throughout. Every L2's challenge or exit period must exceed the censorship it claims to tolerate.
"""

from __future__ import annotations

import pytest
from l1_helpers import ALICE, BOB, BOB_ADDRESS, ETHER, new_chain, total_ether

from l2ref.errors import UnknownTransaction
from l2ref.l1.driver import (
    advance_time,
    censor_sender,
    get_account_balance,
    get_block_number,
    get_receipt,
    get_time,
    mine_block,
    send_deployment,
    send_method_call,
)
from l2ref.l1.types import Wei

CENSORED_BLOCKS = 5


def test_a_censored_release_is_delayed_by_the_censorship_and_then_succeeds() -> None:
    local = new_chain()
    total = total_ether(local)
    escrow = send_deployment(local, ALICE, "Escrow", [])
    mine_block(local)
    release_time = get_time(local) + 600
    send_method_call(local, ALICE, escrow, "deposit", [BOB_ADDRESS, release_time], value=Wei(ETHER))
    mine_block(local)
    advance_time(local, 600)

    # The proposer leaves Bob out of the next blocks; everybody else is served.
    censor_sender(local, BOB_ADDRESS, CENSORED_BLOCKS)
    first_chance = get_block_number(local) + 1
    release = send_method_call(local, BOB, escrow, "release", [1])
    for _ in range(CENSORED_BLOCKS):
        mine_block(local)
        with pytest.raises(UnknownTransaction):
            get_receipt(local, release)

    bob_before = get_account_balance(local, BOB_ADDRESS)
    mine_block(local)
    receipt = get_receipt(local, release)
    assert receipt.succeeded
    # included exactly CENSORED_BLOCKS blocks late
    assert get_block_number(local) == first_chance + CENSORED_BLOCKS
    assert get_account_balance(local, BOB_ADDRESS) == bob_before + ETHER - receipt.gas_used
    assert total_ether(local) == total
