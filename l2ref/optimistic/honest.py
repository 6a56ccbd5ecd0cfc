"""Honest actors of the dispute game: proposer, challenger and resolver as executable strategies.

See specs/optimistic/honest.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from l2ref.encoding.abi import AbiValue
from l2ref.errors import InvalidMove
from l2ref.l1.types import Wei
from l2ref.optimistic.dispute_game import (
    MAX_CLOCK_DURATION_SECONDS,
    NOBODY,
    GameStatus,
    GameView,
    Position,
    Trace,
    compute_attack_position,
    compute_defend_position,
    compute_depth,
    compute_required_bond,
    compute_trace_index,
    get_challenger_duration,
    get_children,
    get_trace_claim,
    validate_trace,
)
from l2ref.types import HASH32_LENGTH, Hash32

MOVE_ATTACK = "attack"

MOVE_DEFEND = "defend"

MOVE_ATTACK_STEP = "attack_step"

MOVE_DEFEND_STEP = "defend_step"

MOVE_RESOLVE_CLAIM = "resolve_claim"

MOVE_RESOLVE = "resolve"

NO_CLAIM = Hash32(bytes(HASH32_LENGTH))


@dataclass(frozen=True)
class Move:
    """One move of an honest actor: its kind, target claim, new claim, proof and bond (wei)."""

    # one of the MOVE_* kinds
    kind: str
    game_id: int
    # the claim countered, stepped against or resolved; 0 for MOVE_RESOLVE
    claim_index: int
    # the new claim of an attack or a defence; NO_CLAIM otherwise
    claim: Hash32
    # the one-step proof of a step; empty otherwise
    proof: bytes
    # the ether sent with the move: the bond of an attack or a defence
    bond: Wei


def compute_move_call(move: Move) -> tuple[str, tuple[AbiValue, ...]]:
    """Return the dispute game method name and ABI arguments that make a move."""
    if move.kind in (MOVE_ATTACK, MOVE_DEFEND):
        return move.kind, (move.game_id, move.claim_index, move.claim)
    if move.kind in (MOVE_ATTACK_STEP, MOVE_DEFEND_STEP):
        return "step", (move.game_id, move.claim_index, move.kind == MOVE_ATTACK_STEP, move.proof)
    if move.kind == MOVE_RESOLVE_CLAIM:
        return "resolveClaim", (move.game_id, move.claim_index)
    if move.kind == MOVE_RESOLVE:
        return "resolve", (move.game_id,)
    raise InvalidMove(f"no contract call for a move of kind {move.kind!r}")


def honest_proposer_root_claim(trace: Trace) -> Hash32:
    """Return the root claim an honest proposer posts: the trace's last commitment."""
    validate_trace(trace)
    return trace.commitments[-1]


def _find_claim(game: GameView, parent_index: int, position: Position, value: Hash32) -> int | None:
    for index, claim in enumerate(game.claims):
        if (claim.parent_index, claim.position, claim.claim) == (parent_index, position, value):
            return index
    return None


def _is_to_counter(
    game: GameView,
    index: int,
    honest: set[int],
    counters: dict[int, Position],
    max_game_depth: int,
) -> bool:
    if index == 0:
        return index not in honest
    if index in honest:
        return False
    parent_index = game.claims[index].parent_index
    if parent_index in honest:
        return True
    # a freeloader: a sibling of an honest counter, at or left of it
    if parent_index not in counters:
        return False
    claim_trace_index = compute_trace_index(game.claims[index].position, max_game_depth)
    return claim_trace_index <= compute_trace_index(counters[parent_index], max_game_depth)


def honest_challenger_moves(game: GameView, trace: Trace) -> list[Move]:
    """Return the moves that counter every claim disagreeing with the honest trace."""
    validate_trace(trace)
    if game.status != GameStatus.IN_PROGRESS:
        return []
    depth = trace.max_game_depth
    # claims that agree with the trace and stand where an honest actor would put them
    honest: set[int] = set()
    # the position of the honest counter to every claim countered, posted or not
    counters: dict[int, Position] = {}
    root = game.claims[0]
    if root.claim == get_trace_claim(trace, root.position):
        honest.add(0)
    moves: list[Move] = []
    for index, claim in enumerate(game.claims):
        if not _is_to_counter(game, index, honest, counters, depth):
            continue
        agrees = claim.claim == get_trace_claim(trace, claim.position)
        in_time = get_challenger_duration(game, index) < MAX_CLOCK_DURATION_SECONDS
        if compute_depth(claim.position) == depth:
            if claim.countered_by != NOBODY or not in_time:
                continue
            trace_index = compute_trace_index(claim.position, depth)
            if agrees:
                proof = trace.prove_step(trace_index + 1)
                moves.append(Move(MOVE_DEFEND_STEP, game.game_id, index, NO_CLAIM, proof, Wei(0)))
            else:
                proof = trace.prove_step(trace_index)
                moves.append(Move(MOVE_ATTACK_STEP, game.game_id, index, NO_CLAIM, proof, Wei(0)))
            continue
        if agrees:
            kind, position = MOVE_DEFEND, compute_defend_position(claim.position)
        else:
            kind, position = MOVE_ATTACK, compute_attack_position(claim.position)
        counters[index] = position
        value = get_trace_claim(trace, position)
        existing = _find_claim(game, index, position, value)
        if existing is not None:
            # someone already made the honest counter: support it instead of repeating it
            honest.add(existing)
        elif in_time:
            bond = compute_required_bond(position)
            moves.append(Move(kind, game.game_id, index, value, b"", bond))
    return moves


def honest_resolver_moves(game: GameView) -> list[Move]:
    """Return resolveClaim for each claim whose clock and counters are done, then resolve."""
    if game.status != GameStatus.IN_PROGRESS:
        return []
    resolved = {index for index, claim in enumerate(game.claims) if claim.resolved}
    moves: list[Move] = []
    # children come after their parents, so going backwards resolves every counter first
    for index in reversed(range(len(game.claims))):
        if index in resolved or get_challenger_duration(game, index) < MAX_CLOCK_DURATION_SECONDS:
            continue
        if all(child in resolved for child in get_children(game, index)):
            resolved.add(index)
            moves.append(Move(MOVE_RESOLVE_CLAIM, game.game_id, index, NO_CLAIM, b"", Wei(0)))
    if 0 in resolved:
        moves.append(Move(MOVE_RESOLVE, game.game_id, 0, NO_CLAIM, b"", Wei(0)))
    return moves
