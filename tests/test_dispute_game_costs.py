"""The L1 cost of a whole dispute as a function of the trace length: the table of
specs/optimistic/dispute_game.md, recomputed, and its logarithmic growth.

Run `python tests/test_dispute_game_costs.py` to print the table."""

from __future__ import annotations

from dataclasses import dataclass

from dispute_helpers import (
    ADVERSARIES,
    HONEST,
    GameHarness,
    apply_move,
    compute_transaction_gas,
    diverging_trace,
    new_game,
    view_game,
)
from optimistic_helpers import format_hours, read_spec_table

from l2ref.crypto.hash import keccak256
from l2ref.l1.types import Seconds
from l2ref.optimistic.dispute_game import (
    GameStatus,
    compute_game_duration_bound,
    compute_hash_chain_trace,
    make_dispute_game_contract,
    make_hash_chain_step_system,
)
from l2ref.optimistic.honest import (
    MOVE_ATTACK,
    MOVE_DEFEND,
    Move,
    compute_move_call,
    honest_challenger_moves,
    honest_resolver_moves,
)
from l2ref.types import Address, Hash32

MEASURED_DEPTHS = (2, 4, 8, 12, 16)
SEED = Hash32(keccak256(b"l2ref dispute cost seed"))
BLOCK_SECONDS = 12
PROPOSER = ADVERSARIES[0]


@dataclass(frozen=True)
class DisputeCost:
    max_game_depth: int
    transactions: int
    proposer_gas: int
    challenger_gas: int
    resolution_gas: int

    @property
    def total_gas(self) -> int:
        return self.proposer_gas + self.challenger_gas + self.resolution_gas


def _send(harness: GameHarness, sender: Address, move: Move) -> int:
    """Apply a move that must succeed; the gas of its L1 transaction."""
    error = apply_move(harness, sender, move)
    assert error is None, f"{move.kind} by {sender.hex()} reverted with {error}"
    method_name, arguments = compute_move_call(move)
    return compute_transaction_gas(harness, method_name, arguments, harness.gas_used[-1])


def measure_dispute(max_game_depth: int) -> DisputeCost:
    """A wrong root claim disputed to the end: the proposer answers every counter with its
    trace (wrong from the middle of the trace on), the honest challenger counters the newest
    claim until it can step, then everything is resolved once the clocks have run out."""
    definition = make_dispute_game_contract(
        f"CostHashChainGame{max_game_depth}", make_hash_chain_step_system(max_game_depth)
    )
    true = compute_hash_chain_trace(SEED, max_game_depth)
    wrong = diverging_trace(true, 2 ** (max_game_depth - 1) + 1)
    harness, game_id = new_game(definition, PROPOSER, wrong.commitments[-1], SEED)
    create_gas = compute_transaction_gas(
        harness, "create", [wrong.commitments[-1], SEED], harness.gas_used[-1]
    )
    gas = {HONEST: 0, PROPOSER: create_gas}
    transactions = 1
    players = ((HONEST, true), (PROPOSER, wrong))
    while True:
        game = view_game(harness, game_id)
        newest = len(game.claims) - 1
        player, trace = players[newest % 2]
        (move,) = [m for m in honest_challenger_moves(game, trace) if m.claim_index == newest]
        gas[player] += _send(harness, player, move)
        transactions += 1
        harness.timestamp = Seconds(harness.timestamp + BLOCK_SECONDS)
        if move.kind not in (MOVE_ATTACK, MOVE_DEFEND):
            break
    created = view_game(harness, game_id).created_at
    harness.timestamp = Seconds(created + compute_game_duration_bound(max_game_depth))
    resolution_gas = 0
    while view_game(harness, game_id).status == GameStatus.IN_PROGRESS:
        moves = honest_resolver_moves(view_game(harness, game_id))
        assert moves, "the game is not resolvable after its duration bound"
        for move in moves:
            resolution_gas += _send(harness, HONEST, move)
            transactions += 1
    assert view_game(harness, game_id).status == GameStatus.CHALLENGER_WINS
    return DisputeCost(max_game_depth, transactions, gas[PROPOSER], gas[HONEST], resolution_gas)


def dispute_cost_table(costs: list[DisputeCost]) -> str:
    lines = [
        "| MAX_GAME_DEPTH | Trace steps n | L1 transactions | Proposer's L1 gas "
        "| Challenger's L1 gas | Resolution L1 gas | Whole dispute L1 gas "
        "| Gas per extra level | Duration bound |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    previous: DisputeCost | None = None
    for cost in costs:
        depth = cost.max_game_depth
        bound = compute_game_duration_bound(depth)
        increment = "—"
        if previous is not None:
            levels = depth - previous.max_game_depth
            increment = f"{(cost.total_gas - previous.total_gas) // levels:,}"
        previous = cost
        lines.append(
            f"| {depth} | {2**depth:,} | {cost.transactions} | {cost.proposer_gas:,} "
            f"| {cost.challenger_gas:,} | {cost.resolution_gas:,} | {cost.total_gas:,} "
            f"| {increment} | {bound:,} s ({format_hours(bound)}) |"
        )
    return "\n".join(lines)


MEASURED = [measure_dispute(depth) for depth in MEASURED_DEPTHS]


def test_dispute_cost_table_matches_the_spec() -> None:
    assert read_spec_table(
        "optimistic/dispute_game.md", "| MAX_GAME_DEPTH | Trace steps n"
    ) == dispute_cost_table(MEASURED)


def test_dispute_cost_grows_as_log_n() -> None:
    # one claim per level, one step, one resolution per claim and the game's resolution
    for cost in MEASURED:
        assert cost.transactions == 1 + cost.max_game_depth + 1 + cost.max_game_depth + 2
    # equal increments per level: from 2^8 to 2^16 steps costs twice what 2^4 to 2^8 does, so
    # the cost is affine in log2 n (a linear cost would multiply by 256)
    by_depth = {cost.max_game_depth: cost.total_gas for cost in MEASURED}
    low, high = by_depth[8] - by_depth[4], by_depth[16] - by_depth[8]
    assert 1.8 * low <= high <= 2.2 * low
    assert by_depth[16] < 5 * by_depth[4]


if __name__ == "__main__":
    print(dispute_cost_table(MEASURED))
