"""Scenario: a proposer posts an output root that credits itself with ether nobody deposited; an
honest challenger defeats it through the permissionless output game, down to a one-step proof of
one L2 transaction on L1, and takes the proposer's bonds; the honest re-proposal finalises and a
withdrawal is paid against it exactly once.

specs/optimistic/output_game.md: I-OG-1 (the trace's commitments are output roots, so the root
claim is the proposed root), I-OG-2 (the game replays exactly the L1 data), I-OG-3 (one step,
one right answer), I-OG-4 and I-OG-5 (no finality while disputed; CHALLENGER_WINS defeats);
specs/optimistic/dispute_game.md: I-DG-5 (every bond paid once, to whoever countered it);
specs/optimistic/contracts.md: I-OP-9 (claims), I-OP-10 (withdrawals), I-OP-11 (bridge balance).
"""

from __future__ import annotations

from optimistic_helpers import (
    ALICE,
    ALICE_ADDRESS,
    BOB,
    BOB_ADDRESS,
    CAROL,
    CAROL_ADDRESS,
    CHALLENGER,
    CHALLENGER_ADDRESS,
    ETHER,
    PROPOSER,
    PROPOSER_ADDRESS,
    SEQUENCER,
    call,
    deposit,
    derive,
    l2_transfer,
    l2_withdrawal,
)
from output_game_helpers import (
    decisive_step_item,
    lying_trace,
    new_game_rollup,
    play_to_the_end,
)

from l2ref.encoding.abi import abi_int
from l2ref.l1.driver import advance_time, get_account_balance, get_time, mine_block, view_call
from l2ref.l1.types import Wei
from l2ref.optimistic.batches import BATCH_VERSION_DEFLATE, encode_batch
from l2ref.optimistic.contracts import (
    CHALLENGE_WINDOW_SECONDS,
    OUTPUT_BOND_WEI,
    OUTPUT_DEFEATED,
    OUTPUT_FINALIZED,
)
from l2ref.optimistic.derivation import (
    get_l2_output_root,
    honest_proposer_propose_output,
    honest_user_finalize_withdrawal,
    read_rollup_inputs,
)
from l2ref.optimistic.dispute_game import GameStatus, get_game_view
from l2ref.optimistic.l2_state import Withdrawal
from l2ref.optimistic.output_game import (
    OUTPUT_GAME_MAX_DEPTH,
    TRACE_ITEM_TRANSACTION,
    compute_output_game_trace,
    get_output_game,
    honest_challenger_challenge_output,
)

STOLEN = 50 * ETHER


def test_a_proposer_crediting_itself_loses_its_bonds_to_an_honest_challenger() -> None:
    rollup = new_game_rollup()
    local = rollup.local
    deposit(rollup, ALICE, ALICE_ADDRESS, 3 * ETHER)
    mine_block(local)
    first = [
        l2_transfer(ALICE, 0, BOB_ADDRESS, ETHER),
        l2_withdrawal(BOB, 0, BOB_ADDRESS, ETHER // 2),
    ]
    assert call(rollup, SEQUENCER, "appendBatch", [encode_batch(first, BATCH_VERSION_DEFLATE), 1])
    second = [l2_transfer(ALICE, 1, CAROL_ADDRESS, ETHER)]
    assert call(rollup, SEQUENCER, "appendBatch", [encode_batch(second, BATCH_VERSION_DEFLATE), 1])
    withdrawal = Withdrawal(BOB_ADDRESS, 0, BOB_ADDRESS, Wei(ETHER // 2))

    # the cheat: block 2's output, as if a deposit of STOLEN to the proposer had come first
    liar = lying_trace(rollup, 2, PROPOSER_ADDRESS, STOLEN)
    wrong_root = liar.commitments[-1]
    chain = derive(rollup)
    assert wrong_root != get_l2_output_root(chain, 2)
    proposer_start = get_account_balance(local, PROPOSER_ADDRESS)
    challenger_start = get_account_balance(local, CHALLENGER_ADDRESS)
    assert call(rollup, PROPOSER, "proposeOutput", [wrong_root, 2], OUTPUT_BOND_WEI).succeeded

    # the honest challenger checks it against its own derivation and opens the game
    assert honest_challenger_challenge_output(local, CHALLENGER, rollup.address, 0)
    mine_block(local)
    game_id = get_output_game(local.chain.state, rollup.address, 0)
    assert game_id == 1
    # the liar defends its claim at every level; the challenger plays the honest strategy
    status = play_to_the_end(rollup, [CHALLENGER], game_id, [(PROPOSER, liar)])
    assert status == GameStatus.CHALLENGER_WINS
    inputs = read_rollup_inputs(local.chain, rollup.address)
    trace = compute_output_game_trace(inputs, 0, 2, OUTPUT_GAME_MAX_DEPTH)
    # the disagreement came down to one L2 transaction, which the L1 re-executed
    assert decisive_step_item(rollup, game_id, trace) == TRACE_ITEM_TRANSACTION

    game = get_game_view(local.chain.state, rollup.address, game_id, get_time(local))
    liar_bonds = sum(claim.bond for claim in game.claims if claim.claimant == PROPOSER_ADDRESS)
    assert all(claim.resolved for claim in game.claims)
    output = view_call(local, rollup.address, "getOutput", [0])
    assert abi_int(output[4]) == OUTPUT_DEFEATED
    # the proposer lost its output bond and every claim bond, the challenger won them (less gas)
    proposer_loss = proposer_start - get_account_balance(local, PROPOSER_ADDRESS)
    challenger_gain = get_account_balance(local, CHALLENGER_ADDRESS) - challenger_start
    assert 0 <= proposer_loss - (OUTPUT_BOND_WEI + liar_bonds) < 10**8
    assert 0 <= OUTPUT_BOND_WEI + liar_bonds - challenger_gain < 10**8
    # nobody can withdraw against the defeated output; an honest proposal replaces it
    assert not honest_user_finalize_withdrawal(local, BOB, rollup.address, withdrawal)
    assert honest_proposer_propose_output(local, CAROL, rollup.address) == 2
    mine_block(local)
    advance_time(local, CHALLENGE_WINDOW_SECONDS)
    assert call(rollup, CAROL, "resolveOutput", [1]).succeeded
    assert abi_int(view_call(local, rollup.address, "getOutput", [1])[4]) == OUTPUT_FINALIZED
    bob_start = get_account_balance(local, BOB_ADDRESS)
    assert honest_user_finalize_withdrawal(local, BOB, rollup.address, withdrawal)
    mine_block(local)
    assert 0 < bob_start + withdrawal.value - get_account_balance(local, BOB_ADDRESS) < 10**8
    assert not honest_user_finalize_withdrawal(local, BOB, rollup.address, withdrawal)
    # the bridge holds the deposits less the withdrawal paid; every bond has left it
    bridge = get_account_balance(local, rollup.address)
    assert bridge == 3 * ETHER - withdrawal.value
