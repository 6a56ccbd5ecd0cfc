"""Scenario: a sequencer that censors a user is bypassed by forced inclusion.

specs/optimistic/contracts.md, I-OP-7 (sequencing) and I-OP-8 (forced inclusion);
specs/optimistic/derivation.md, I-OP-14 (liveness of derivation). The L1 may censor the user too
(`censor_sender`, specs/l1/driver.md): the transaction still lands within
`compute_worst_case_inclusion_seconds` of the L1 delay.
"""

from __future__ import annotations

from optimistic_helpers import (
    ALICE,
    ALICE_ADDRESS,
    BOB,
    BOB_ADDRESS,
    CAROL_ADDRESS,
    ETHER,
    SEQUENCER,
    Rollup,
    call,
    deposit,
    derive,
    l2_balance,
    l2_transfer,
    new_rollup,
)

from l2ref.l1.driver import (
    SECONDS_PER_BLOCK,
    censor_sender,
    get_time,
    mine_block,
    send_method_call,
)
from l2ref.l1.types import Seconds
from l2ref.optimistic.batches import BATCH_VERSION_DEFLATE, encode_batch
from l2ref.optimistic.contracts import (
    FORCE_INCLUSION_WINDOW_SECONDS,
    compute_worst_case_inclusion_seconds,
)
from l2ref.optimistic.derivation import honest_user_force_include
from l2ref.optimistic.l2_state import encode_signed_l2_transaction


def censoring_batch(rollup: Rollup, bob_nonce: int, read: int) -> None:
    """The censoring sequencer: serves Bob, never reads a delayed message past `read`."""
    data = encode_batch([l2_transfer(BOB, bob_nonce, CAROL_ADDRESS, 1)], BATCH_VERSION_DEFLATE)
    assert call(rollup, SEQUENCER, "appendBatch", [data, read]).succeeded


def test_forced_inclusion_bypasses_a_censoring_sequencer() -> None:
    rollup = new_rollup()
    deposit(rollup, BOB, BOB_ADDRESS, ETHER)  # message 0: the sequencer reads it
    deposit(rollup, ALICE, ALICE_ADDRESS, 2 * ETHER)  # message 1: censored
    mine_block(rollup.local)
    transfer = l2_transfer(ALICE, 0, CAROL_ADDRESS, ETHER)
    assert call(rollup, ALICE, "enqueueTransaction", [encode_signed_l2_transaction(transfer)])
    censoring_batch(rollup, 0, 1)
    chain = derive(rollup)
    assert l2_balance(chain, ALICE_ADDRESS) == 0  # even her deposit is held back
    # the sequencer keeps producing blocks; Alice's messages stay unread until the window is over
    for hour in range(23):
        assert not honest_user_force_include(rollup.local, ALICE, rollup.address, 2)
        censoring_batch(rollup, hour + 1, 1)
        mine_block(rollup.local, Seconds(get_time(rollup.local) + 3600))
    mine_block(rollup.local, Seconds(get_time(rollup.local) + 3600))
    assert honest_user_force_include(rollup.local, ALICE, rollup.address, 2)
    mine_block(rollup.local)
    chain = derive(rollup)
    assert l2_balance(chain, ALICE_ADDRESS) == ETHER
    assert l2_balance(chain, CAROL_ADDRESS) == ETHER + 24
    assert chain.delayed_messages_read == 3
    # the sequencer cannot take the forced messages back out (I-OP-7)
    data = encode_batch([], BATCH_VERSION_DEFLATE)
    assert call(rollup, SEQUENCER, "appendBatch", [data, 1]).error == (
        "DelayedMessagesReadOutOfRange"
    )
    assert not honest_user_force_include(rollup.local, ALICE, rollup.address, 2)


def test_forced_inclusion_within_the_worst_case_under_l1_censorship() -> None:
    censored_blocks = 20
    l1_delay = SECONDS_PER_BLOCK * (censored_blocks + 1)
    rollup = new_rollup()
    deposit(rollup, ALICE, ALICE_ADDRESS, ETHER)
    mine_block(rollup.local)
    signed_at = get_time(rollup.local)
    transfer = l2_transfer(ALICE, 0, CAROL_ADDRESS, ETHER // 2)
    # the L1 censors Alice, and the sequencer posts nothing at all
    censor_sender(rollup.local, ALICE_ADDRESS, censored_blocks)
    send_method_call(
        rollup.local,
        ALICE,
        rollup.address,
        "enqueueTransaction",
        [encode_signed_l2_transaction(transfer)],
    )
    for _ in range(censored_blocks + 1):
        mine_block(rollup.local)
    assert len(derive(rollup).delayed_messages) == 2
    assert get_time(rollup.local) - signed_at <= l1_delay
    # Alice polls every 600 s; once the window is over she forces her messages in
    forced = False
    for _ in range(FORCE_INCLUSION_WINDOW_SECONDS // 600 + 2):
        mine_block(rollup.local, Seconds(get_time(rollup.local) + 600))
        forced = honest_user_force_include(rollup.local, ALICE, rollup.address, 1)
        if forced:
            break
    assert forced
    censor_sender(rollup.local, ALICE_ADDRESS, censored_blocks)
    for _ in range(censored_blocks + 1):
        mine_block(rollup.local)
    chain = derive(rollup)
    assert chain.delayed_messages_read == 2
    elapsed = get_time(rollup.local) - signed_at
    # the user polls every 600 s, so it may start forcing up to 600 s late
    assert elapsed <= compute_worst_case_inclusion_seconds(l1_delay) + 600
    assert elapsed >= FORCE_INCLUSION_WINDOW_SECONDS
    assert l2_balance(chain, CAROL_ADDRESS) == ETHER // 2
