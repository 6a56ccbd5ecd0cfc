"""Shared set-up for the output game tests: an L1 with the rollup variant that embeds the output
game (specs/optimistic/output_game.md), and helpers to drive a game to its end."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from optimistic_helpers import (
    ALICE,
    ALICE_ADDRESS,
    BOB,
    BOB_ADDRESS,
    CAROL,
    CAROL_ADDRESS,
    ETHER,
    L1_CHAIN_ID,
    SEQUENCER,
    Rollup,
    call,
    deposit,
    l2_transfer,
    l2_withdrawal,
    new_rollup,
)

from l2ref.crypto.secp256k1 import PrivateKey
from l2ref.encoding.abi import abi_int, decode_abi
from l2ref.l1.chain import ChainConfig
from l2ref.l1.driver import (
    advance_time,
    get_time,
    mine_block,
    send_method_call,
)
from l2ref.l1.gas import BLOCK_GAS_LIMIT
from l2ref.l1.types import Gas, Seconds, Wei
from l2ref.optimistic.batches import encode_batch
from l2ref.optimistic.contracts import (
    DEPOSIT_MESSAGE,
    FORCE_INCLUSION_WINDOW_SECONDS,
    DelayedMessage,
)
from l2ref.optimistic.derivation import read_rollup_inputs
from l2ref.optimistic.dispute_game import (
    NOBODY,
    GameStatus,
    Trace,
    compute_depth,
    compute_trace_index,
    get_children,
    get_game_status,
    get_game_view,
    get_trace_claim,
)
from l2ref.optimistic.honest import compute_move_call, honest_challenger_moves
from l2ref.optimistic.l2_state import encode_signed_l2_transaction
from l2ref.optimistic.output_game import (
    OUTPUT_GAME_MAX_DEPTH,
    OUTPUT_GAME_ROLLUP_CONTRACT,
    OUTPUT_GAME_ROLLUP_CONTRACT_NAME,
    TRACE_ITEM_ABI_TYPES,
    OutputGameTrace,
    compute_output_game_trace,
    honest_challenger_play_output_game,
)
from l2ref.types import Address

GAME_CONFIG = ChainConfig(
    chain_id=L1_CHAIN_ID,
    contracts={OUTPUT_GAME_ROLLUP_CONTRACT_NAME: OUTPUT_GAME_ROLLUP_CONTRACT},
    block_gas_limit=Gas(BLOCK_GAS_LIMIT),
)

NO_CHALLENGER = Address(bytes(20))


def new_game_rollup() -> Rollup:
    """The rollup variant, deployed with no permissioned challenger: only games defeat outputs."""
    return new_rollup(GAME_CONFIG, OUTPUT_GAME_ROLLUP_CONTRACT_NAME, NO_CHALLENGER)


def lying_trace(
    rollup: Rollup, l2_block_number: int, beneficiary: Address, credit: int, anchor_block: int = 0
) -> Trace:
    """The trace of a liar who claims that block `l2_block_number` also read a deposit of `credit`
    to `beneficiary` that nobody made, ahead of the block's first item: its trace first differs
    from the truth at a transaction step when the block starts with a transaction, and its final
    commitment is the wrong output root it proposes."""
    inputs = read_rollup_inputs(rollup.local.chain, rollup.address)
    last = inputs.batches[l2_block_number - 1]
    start = inputs.batches[l2_block_number - 2].delayed_messages_read if l2_block_number > 1 else 0
    fake = DelayedMessage(
        start, DEPOSIT_MESSAGE, beneficiary, beneficiary, Wei(credit), Seconds(0), b""
    )
    # the fake deposit goes in first among the messages the block reads
    queue = inputs.delayed_messages
    messages = (*queue[:start], fake, *queue[start : last.delayed_messages_read])
    batches = (
        *inputs.batches[: l2_block_number - 1],
        replace(last, delayed_messages_read=last.delayed_messages_read + 1),
    )
    fake_inputs = replace(inputs, delayed_messages=messages, batches=batches)
    return compute_output_game_trace(
        fake_inputs, anchor_block, l2_block_number, OUTPUT_GAME_MAX_DEPTH
    ).trace


def play_with_trace(rollup: Rollup, player: PrivateKey, game_id: int, trace: Trace) -> int:
    """A player who follows the honest strategy with a trace of its own: a liar's, or a wrong
    one. Its steps revert on L1 when the trace is not the true one."""
    local = rollup.local
    game = get_game_view(local.chain.state, rollup.address, game_id, get_time(local))
    moves = honest_challenger_moves(game, trace)
    for move in moves:
        method, arguments = compute_move_call(move)
        send_method_call(local, player, rollup.address, method, list(arguments), value=move.bond)
    return len(moves)


def play_to_the_end(
    rollup: Rollup,
    players: list[PrivateKey],
    game_id: int,
    others: Sequence[tuple[PrivateKey, Trace]] = (),
    *,
    max_rounds: int = 200,
    on_round: Callable[[], None] | None = None,
) -> GameStatus:
    """Every honest player plays the honest strategy each block, and every other one with its own
    trace; when no move succeeds, time passes by a day. Returns the game's final status."""
    for _ in range(max_rounds):
        status = get_game_status(rollup.local.chain.state, rollup.address, game_id)
        if status != GameStatus.IN_PROGRESS:
            return status
        if on_round is not None:
            on_round()
        sent = sum(
            honest_challenger_play_output_game(rollup.local, player, rollup.address, game_id)
            for player in players
        )
        sent += sum(play_with_trace(rollup, player, game_id, trace) for player, trace in others)
        if sent:
            mine_block(rollup.local)
        # nothing moved (no move, or only a liar's steps, which revert): let the clocks run
        if not sent or not any(receipt.succeeded for receipt in rollup.local.chain.receipts[-1]):
            advance_time(rollup.local, 86_400)
    raise AssertionError(f"game {game_id} did not end in {max_rounds} rounds")


DAVE_ADDRESS = Address(bytes.fromhex("00" * 19 + "da"))


def build_history(rollup: Rollup) -> None:
    """Five L2 blocks that exercise every kind of trace item.

    1: two deposits; a transfer, a transfer with a wrong nonce (skipped), Bob's withdrawal
       (DEFLATE batch).
    2: an empty batch that reads an undecodable forced transaction, a forced transfer and a
       deposit of zero to an empty account.
    3: a malformed batch (dropped by derivation).
    4: two transfers, one a round trip (uncompressed batch).
    5: a forced inclusion of a deposit the sequencer left unread.
    """
    deposit(rollup, ALICE, ALICE_ADDRESS, 5 * ETHER)
    deposit(rollup, BOB, BOB_ADDRESS, ETHER)
    mine_block(rollup.local)
    first = [
        l2_transfer(ALICE, 0, BOB_ADDRESS, ETHER),
        l2_transfer(ALICE, 5, CAROL_ADDRESS, ETHER),
        l2_withdrawal(BOB, 0, BOB_ADDRESS, ETHER // 2),
    ]
    assert call(rollup, SEQUENCER, "appendBatch", [encode_batch(first, 1), 2]).succeeded
    forced = encode_signed_l2_transaction(l2_transfer(BOB, 1, CAROL_ADDRESS, ETHER // 4))
    assert call(rollup, ALICE, "enqueueTransaction", [b"\x01\x02"]).succeeded
    assert call(rollup, BOB, "enqueueTransaction", [forced]).succeeded
    deposit(rollup, CAROL, DAVE_ADDRESS, 0)
    mine_block(rollup.local)
    assert call(rollup, SEQUENCER, "appendBatch", [b"", 5]).succeeded
    assert call(rollup, SEQUENCER, "appendBatch", [b"\x07not a batch", 5]).succeeded
    fourth = [
        l2_transfer(ALICE, 1, CAROL_ADDRESS, ETHER),
        l2_transfer(CAROL, 0, ALICE_ADDRESS, ETHER // 2),
    ]
    assert call(rollup, SEQUENCER, "appendBatch", [encode_batch(fourth, 0), 5]).succeeded
    deposit(rollup, CAROL, CAROL_ADDRESS, 2 * ETHER)
    mine_block(rollup.local)
    advance_time(rollup.local, FORCE_INCLUSION_WINDOW_SECONDS)
    assert call(rollup, CAROL, "forceInclude", [6]).succeeded


def item_kinds(trace: OutputGameTrace) -> list[int]:
    return [abi_int(decode_abi(TRACE_ITEM_ABI_TYPES, item)[0]) for item in trace.items]


def decisive_step_item(rollup: Rollup, game_id: int, trace: OutputGameTrace) -> int:
    """The kind of the trace item that the game's step executed."""
    game = get_game_view(rollup.local.chain.state, rollup.address, game_id, get_time(rollup.local))
    for index, claim in enumerate(game.claims):
        stepped = claim.countered_by != NOBODY and not get_children(game, index)
        if compute_depth(claim.position) == OUTPUT_GAME_MAX_DEPTH and stepped:
            trace_index = compute_trace_index(claim.position, OUTPUT_GAME_MAX_DEPTH)
            agrees = claim.claim == get_trace_claim(trace.trace, claim.position)
            return item_kinds(trace)[trace_index + 1 if agrees else trace_index]
    raise AssertionError("no step countered a claim")
