"""Scenarios of the permissionless dispute game: a dishonest challenger of a right output loses
its bonds and the output finalises; a side whose chess clock runs out loses; several dishonest
players together cannot beat one honest player, who gets back every bond it posted.

specs/optimistic/dispute_game.md: I-DG-3 (clocks), I-DG-4 (resolution), I-DG-5 (every bond paid
once, to whoever countered it), I-DG-6 (the game's duration bound);
specs/optimistic/output_game.md: I-OG-5 (a defended output finalises after its window).
"""

from __future__ import annotations

from dispute_helpers import (
    ADVERSARIES,
    HONEST,
    HONEST_DELAY_SECONDS,
    STARTING_BALANCE,
    Record,
    apply_move,
    balance_of,
    diverging_trace,
    new_game,
    play_out,
    view_game,
)
from optimistic_helpers import (
    ALICE,
    ALICE_ADDRESS,
    BOB_ADDRESS,
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
)
from output_game_helpers import new_game_rollup, play_to_the_end

from l2ref.crypto.hash import keccak256
from l2ref.encoding.abi import AbiValue, abi_int
from l2ref.l1.driver import (
    SECONDS_PER_BLOCK,
    advance_time,
    get_account_balance,
    get_time,
    mine_block,
    view_call,
)
from l2ref.l1.types import Seconds, Wei
from l2ref.optimistic.batches import BATCH_VERSION_DEFLATE, encode_batch
from l2ref.optimistic.contracts import CHALLENGE_WINDOW_SECONDS, OUTPUT_BOND_WEI, OUTPUT_FINALIZED
from l2ref.optimistic.derivation import get_l2_output_root, read_rollup_inputs
from l2ref.optimistic.dispute_game import (
    MAX_CLOCK_DURATION_SECONDS,
    NOBODY,
    ROOT_POSITION,
    GameStatus,
    Position,
    Trace,
    compute_attack_position,
    compute_game_duration_bound,
    compute_hash_chain_trace,
    compute_required_bond,
    get_game_view,
    get_trace_claim,
    make_dispute_game_contract,
    make_hash_chain_step_system,
)
from l2ref.optimistic.honest import (
    MOVE_ATTACK,
    MOVE_RESOLVE_CLAIM,
    NO_CLAIM,
    Move,
    honest_challenger_moves,
)
from l2ref.optimistic.output_game import (
    GENESIS_ANCHOR_INDEX,
    OUTPUT_GAME_MAX_DEPTH,
    compute_output_game_trace,
)
from l2ref.types import Hash32

SEED = Hash32(keccak256(b"l2ref dispute scenario seed"))
DEPTH = 4
HASH_CHAIN_GAME = make_dispute_game_contract("ScenarioGame", make_hash_chain_step_system(DEPTH))
TRUE_TRACE = compute_hash_chain_trace(SEED, DEPTH)
# gas is paid in ether on the rollup's L1: a bound on what a player's transactions cost it
GAS_ALLOWANCE_WEI = 10**8


def _everything_wrong(trace: Trace) -> Trace:
    """A trace that agrees with `trace` only on the absolute prestate."""
    return diverging_trace(trace, 1, b"dishonest challenger")


def test_a_dishonest_challenger_of_a_right_output_loses_its_bonds_and_the_output_finalises() -> (
    None
):
    rollup = new_game_rollup()
    local = rollup.local
    deposit(rollup, ALICE, ALICE_ADDRESS, 3 * ETHER)
    mine_block(local)
    batch = encode_batch([l2_transfer(ALICE, 0, BOB_ADDRESS, ETHER)], BATCH_VERSION_DEFLATE)
    assert call(rollup, SEQUENCER, "appendBatch", [batch, 1]).succeeded
    right_root = get_l2_output_root(derive(rollup), 1)
    assert call(rollup, PROPOSER, "proposeOutput", [right_root, 1], OUTPUT_BOND_WEI).succeeded
    proposed_at = get_time(local)
    proposer_start = get_account_balance(local, PROPOSER_ADDRESS)
    challenger_start = get_account_balance(local, CHALLENGER_ADDRESS)

    # the challenger disputes the right output with a trace that is wrong from its first step
    inputs = read_rollup_inputs(local.chain, rollup.address)
    truth = compute_output_game_trace(inputs, 0, 1, OUTPUT_GAME_MAX_DEPTH)
    fake = _everything_wrong(truth.trace)
    position = compute_attack_position(ROOT_POSITION)
    data: tuple[AbiValue, ...] = (
        GENESIS_ANCHOR_INDEX,
        list[AbiValue](truth.batch_data),
        list(truth.messages),
    )
    arguments: list[AbiValue] = [0, get_trace_claim(fake, position), data]
    challenge = call(
        rollup, CHALLENGER, "challengeOutput", arguments, compute_required_bond(position)
    )
    assert challenge.succeeded
    window_end = get_time(local) + CHALLENGE_WINDOW_SECONDS
    # the proposer defends with the honest strategy; the challenger plays its wrong trace
    status = play_to_the_end(rollup, [PROPOSER], 1, [(CHALLENGER, fake)])
    assert status == GameStatus.DEFENDER_WINS
    # the defended output finalises once its window is over
    if get_time(local) < window_end:
        assert not call(rollup, ALICE, "resolveOutput", [0]).succeeded
        advance_time(local, window_end - get_time(local))
    assert call(rollup, ALICE, "resolveOutput", [0]).succeeded
    assert abi_int(view_call(local, rollup.address, "getOutput", [0])[4]) == OUTPUT_FINALIZED
    # within the disputed bound: the window, the game's duration, one block to resolve (I-DG-6)
    game_bound = compute_game_duration_bound(OUTPUT_GAME_MAX_DEPTH)
    assert (
        get_time(local) - proposed_at <= CHALLENGE_WINDOW_SECONDS + game_bound + SECONDS_PER_BLOCK
    )

    game = get_game_view(local.chain.state, rollup.address, 1, get_time(local))
    challenger_bonds = sum(c.bond for c in game.claims if c.claimant == CHALLENGER_ADDRESS)
    assert challenger_bonds >= compute_required_bond(position)
    assert all(
        claim.countered_by == NOBODY for claim in game.claims if claim.claimant == PROPOSER_ADDRESS
    )
    # the challenger lost every bond it posted; the proposer got them and its output bond back
    challenger_loss = challenger_start - get_account_balance(local, CHALLENGER_ADDRESS)
    assert 0 <= challenger_loss - challenger_bonds < GAS_ALLOWANCE_WEI
    proposer_gain = get_account_balance(local, PROPOSER_ADDRESS) - proposer_start
    assert 0 <= OUTPUT_BOND_WEI + challenger_bonds - proposer_gain < GAS_ALLOWANCE_WEI


def test_a_liar_who_stops_answering_loses_when_its_clock_runs_out() -> None:
    wrong = diverging_trace(TRUE_TRACE, 9)
    liar = ADVERSARIES[0]
    harness, game_id = new_game(HASH_CHAIN_GAME, liar, wrong.commitments[-1], SEED)
    harness.timestamp = Seconds(harness.timestamp + HONEST_DELAY_SECONDS)
    (attack,) = honest_challenger_moves(view_game(harness, game_id), TRUE_TRACE)
    assert attack.kind == MOVE_ATTACK
    assert apply_move(harness, HONEST, attack) is None
    # the liar's clock runs while it does not answer; one second before the end it still could
    game = view_game(harness, game_id)
    harness.timestamp = Seconds(game.claims[1].clock_timestamp + MAX_CLOCK_DURATION_SECONDS - 1)
    (answer,) = honest_challenger_moves(view_game(harness, game_id), wrong)
    resolve_attack = Move(MOVE_RESOLVE_CLAIM, game_id, 1, NO_CLAIM, b"", Wei(0))
    assert apply_move(harness, HONEST, resolve_attack) == "ClockNotExpired"
    harness.timestamp = Seconds(harness.timestamp + 1)
    # ... and from then on it cannot: its answer reverts, the challenger's claim stands
    assert apply_move(harness, liar, answer) == "ClockExpired"
    record = play_out(harness, game_id, [(HONEST, TRUE_TRACE)], Record())
    assert [entry for entry in record.entries if entry[3] is not None] == []
    game = view_game(harness, game_id)
    assert game.status == GameStatus.CHALLENGER_WINS
    assert game.resolved_at - game.created_at <= compute_game_duration_bound(DEPTH)
    # the honest challenger got its bond back and the liar's root bond
    root_bond = compute_required_bond(ROOT_POSITION)
    assert balance_of(harness, HONEST) == STARTING_BALANCE + root_bond
    assert balance_of(harness, liar) == STARTING_BALANCE - root_bond
    assert balance_of(harness, harness.address) == 0


def test_three_dishonest_players_cannot_beat_one_honest_challenger() -> None:
    proposer, *accomplices = ADVERSARIES[:3]
    lies = [diverging_trace(TRUE_TRACE, first, bytes([first])) for first in (2, 3, 4)]
    harness, game_id = new_game(HASH_CHAIN_GAME, proposer, lies[0].commitments[-1], SEED)
    # the accomplices also attack the root with claims of their own, each wrong elsewhere, so
    # the honest player must win several subgames at once
    for accomplice, lie in zip(accomplices, lies[1:], strict=True):
        value = get_trace_claim(lie, Position(2))
        bond = compute_required_bond(Position(2))
        assert (
            apply_move(harness, accomplice, Move(MOVE_ATTACK, game_id, 0, value, b"", bond)) is None
        )
    players = [
        (HONEST, TRUE_TRACE),
        (proposer, lies[0]),
        *zip(accomplices, lies[1:], strict=True),
    ]
    record = play_out(harness, game_id, players, Record())
    game = view_game(harness, game_id)
    assert game.status == GameStatus.CHALLENGER_WINS
    assert game.resolved_at - game.created_at <= compute_game_duration_bound(DEPTH)
    # no honest move reverted and no honest claim was countered
    assert [entry for entry in record.entries if entry[0] == HONEST and entry[3]] == []
    assert all(c.countered_by == NOBODY for c in game.claims if c.claimant == HONEST)
    # the honest player ends with more than it started with, and the cheaters together lose
    # exactly that: their wrong traces counter one another too, so one of them may win bonds
    # from another, but never from the honest player
    honest_gain = balance_of(harness, HONEST) - STARTING_BALANCE
    assert honest_gain >= compute_required_bond(ROOT_POSITION)
    cheaters = (proposer, *accomplices)
    assert all(any(c.claimant == cheater for c in game.claims) for cheater in cheaters)
    cheaters_after = sum(balance_of(harness, cheater) for cheater in cheaters)
    assert cheaters_after == STARTING_BALANCE * len(cheaters) - honest_gain
    assert balance_of(harness, harness.address) == 0
    total = sum(balance_of(harness, a) for a in (HONEST, *ADVERSARIES))
    assert total == STARTING_BALANCE * (1 + len(ADVERSARIES))
