"""Shared set-up for the dispute game tests: actors, traces, and loops that play games."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from l2ref.crypto.hash import keccak256
from l2ref.encoding.abi import abi_int
from l2ref.l1.contracts import ContractDefinition
from l2ref.l1.types import Seconds, Wei
from l2ref.optimistic.dispute_game import (
    ROOT_POSITION,
    GameStatus,
    Trace,
    compute_game_duration_bound,
    compute_required_bond,
)
from l2ref.optimistic.honest import Move, honest_challenger_moves, honest_resolver_moves
from l2ref.types import Address, Hash32
from l2ref.vectorgen.dispute_game import (
    GameHarness,
    apply_move,
    call_game,
    new_harness,
    view_game,
)

ETHER = 10**18
GENESIS_TIME = Seconds(1_700_000_000)
HONEST = Address(b"\x11" * 20)
ADVERSARIES = tuple(Address(bytes([0x20 + i]) * 20) for i in range(4))
STARTING_BALANCE = Wei(10_000 * ETHER)
# how long the honest actor takes to answer: one L1 block
HONEST_DELAY_SECONDS = 12


def diverging_trace(trace: Trace, first_wrong: int, label: bytes = b"wrong") -> Trace:
    """`trace` with every commitment from index `first_wrong` on replaced by garbage."""
    commitments = list(trace.commitments)
    for index in range(first_wrong, len(commitments)):
        commitments[index] = keccak256(label + index.to_bytes(8, "big"))
    return Trace(trace.max_game_depth, tuple(commitments), trace.prove_step)


def new_game(
    definition: ContractDefinition, proposer: Address, root_claim: Hash32, game_input: bytes
) -> tuple[GameHarness, int]:
    allocations = dict.fromkeys((HONEST, *ADVERSARIES), STARTING_BALANCE)
    harness = new_harness(definition, allocations, GENESIS_TIME)
    bond = compute_required_bond(ROOT_POSITION)
    (game_id,) = call_game(harness, proposer, "create", [root_claim, game_input], bond)
    return harness, abi_int(game_id)


@dataclass
class Record:
    """What happened: every move applied, with who made it, when, and how it ended."""

    entries: list[tuple[Address, Seconds, Move, str | None]] = field(default_factory=list)


def _apply_all(harness: GameHarness, actor: Address, moves: Sequence[Move], record: Record) -> int:
    """Apply `moves` in order, recording each; returns how many succeeded."""
    succeeded = 0
    for move in moves:
        error = apply_move(harness, actor, move)
        record.entries.append((actor, harness.timestamp, move, error))
        succeeded += error is None
    return succeeded


def act(harness: GameHarness, game_id: int, actor: Address, trace: Trace, record: Record) -> int:
    """One turn of an actor playing the honest strategy with `trace`: counters, then resolution.
    Returns how many of its moves succeeded (a liar's step, for one, always reverts)."""
    counters = honest_challenger_moves(view_game(harness, game_id), trace)
    succeeded = _apply_all(harness, actor, counters, record)
    resolutions = honest_resolver_moves(view_game(harness, game_id))
    return succeeded + _apply_all(harness, actor, resolutions, record)


def play_out(
    harness: GameHarness,
    game_id: int,
    players: Sequence[tuple[Address, Trace]],
    record: Record | None = None,
) -> Record:
    """Every player plays the honest strategy with its own trace, one block apart, until no move
    succeeds; then the clock runs to the game's bound and the game is resolved."""
    record = record if record is not None else Record()
    depth = players[0][1].max_game_depth
    created = view_game(harness, game_id).created_at
    while True:
        moved = 0
        for actor, trace in players:
            moved += act(harness, game_id, actor, trace, record)
            harness.timestamp = Seconds(harness.timestamp + HONEST_DELAY_SECONDS)
        if not moved or view_game(harness, game_id).status != GameStatus.IN_PROGRESS:
            break
    bound = Seconds(created + compute_game_duration_bound(depth))
    harness.timestamp = Seconds(max(harness.timestamp, bound))
    act(harness, game_id, players[0][0], players[0][1], record)
    return record
