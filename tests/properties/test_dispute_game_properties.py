"""The honest challenger against any sequence of adversarial moves (specs/optimistic/honest.md).

Any number of dishonest players make random attacks, defences, steps and resolutions, with random
values, proofs, bonds and waits, between which the honest actor plays its strategy one block
later. Whatever they do:

- I-HO-1: the game resolves for the honest side: CHALLENGER_WINS when the root claim is wrong,
  DEFENDER_WINS when it is right;
- I-HO-2: every claim of the honest actor stands uncountered and its bond comes back, so the
  honest actor never ends with less ether than it started with, and none of its calls reverts;
- I-DG-6: no move or step succeeds at or after created + compute_game_duration_bound(depth), and
  at that time the honest resolver ends the game;
- I-DG-5: ether is conserved (bonds only move between the players and the contract);
- I-DG-1: every claim but the root sits at the attack or defence position of its parent's;
- I-DG-2: no two claims have the same parent, position and value;
- I-DG-7: steps with honest, foreign and garbage proofs never counter a claim of the honest
  actor at the maximum depth, whose bracketing claims agree with the true trace;
- I-DG-8: a move that reverts leaves the game's storage and every balance as they were;
- I-HO-3: the honest actor never counters an honest claim (one that agrees with the trace and
  stands where the honest counter of its parent goes), in particular not its own;
- I-HO-4: from the game's bound on, the honest resolver's turn ends the game.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pytest
from dispute_helpers import (
    ADVERSARIES,
    HONEST,
    HONEST_DELAY_SECONDS,
    STARTING_BALANCE,
    GameHarness,
    Record,
    act,
    apply_move,
    balance_of,
    diverging_trace,
    new_game,
    view_game,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from l2ref.crypto.hash import keccak256
from l2ref.l1.contracts import ContractDefinition
from l2ref.l1.types import Seconds, Wei
from l2ref.optimistic.dispute_game import (
    CLOCK_EXTENSION_SECONDS,
    MAX_CLOCK_DURATION_SECONDS,
    NOBODY,
    ROOT_POSITION,
    GameStatus,
    GameView,
    Position,
    Trace,
    compute_attack_position,
    compute_defend_position,
    compute_depth,
    compute_game_duration_bound,
    compute_hash_chain_trace,
    compute_required_bond,
    compute_trace_index,
    get_trace_claim,
    make_dispute_game_contract,
    make_hash_chain_step_system,
)
from l2ref.optimistic.honest import (
    MOVE_ATTACK,
    MOVE_ATTACK_STEP,
    MOVE_DEFEND,
    MOVE_DEFEND_STEP,
    MOVE_RESOLVE,
    MOVE_RESOLVE_CLAIM,
    NO_CLAIM,
    Move,
    honest_challenger_moves,
)
from l2ref.optimistic.step_vm import (
    compute_vm_state_commitment,
    compute_vm_trace,
    load_sample_program,
    make_vm_step_system,
)
from l2ref.types import Hash32

# "follow": play every move of the honest strategy run with the adversary's own wrong trace
FOLLOW = "follow"
KINDS = (
    FOLLOW,
    FOLLOW,
    MOVE_ATTACK,
    MOVE_ATTACK,
    MOVE_DEFEND,
    MOVE_DEFEND,
    MOVE_ATTACK_STEP,
    MOVE_DEFEND_STEP,
    MOVE_RESOLVE_CLAIM,
    MOVE_RESOLVE,
)
WAITS = (
    0,
    1,
    12,
    3_600,
    CLOCK_EXTENSION_SECONDS - 1,
    CLOCK_EXTENSION_SECONDS,
    MAX_CLOCK_DURATION_SECONDS // 2,
    MAX_CLOCK_DURATION_SECONDS - 1,
    MAX_CLOCK_DURATION_SECONDS,
    2 * MAX_CLOCK_DURATION_SECONDS,
)
SOURCES = ("honest", "alternative", "garbage")


@dataclass(frozen=True)
class AdversaryAction:
    actor: int
    kind: str
    # counted back from the newest claim, so that small numbers reach deep into the game
    target: int
    value: str
    proof: str
    wait: int
    underbonded: bool


action = st.builds(
    AdversaryAction,
    actor=st.integers(0, len(ADVERSARIES) - 1),
    kind=st.sampled_from(KINDS),
    target=st.integers(0, 1_000),
    value=st.sampled_from(SOURCES),
    proof=st.sampled_from(SOURCES),
    wait=st.sampled_from((0,) * 8 + (HONEST_DELAY_SECONDS,) * 4 + WAITS),
    underbonded=st.integers(0, 15).map(lambda draw: draw == 0),
)
actions = st.lists(action, max_size=40)


@cache
def hash_chain_setup(depth: int) -> tuple[ContractDefinition, Trace, Trace]:
    definition = make_dispute_game_contract(
        f"HashChainGame{depth}", make_hash_chain_step_system(depth)
    )
    honest = compute_hash_chain_trace(Hash32(keccak256(b"seed")), depth)
    # another chain: every step is a real hash step, but from another seed
    other = compute_hash_chain_trace(Hash32(keccak256(b"other seed")), depth)
    alternative = Trace(depth, (honest.commitments[0], *other.commitments[1:]), other.prove_step)
    return definition, honest, alternative


@cache
def vm_setup(depth: int) -> tuple[ContractDefinition, Trace, Trace]:
    definition = make_dispute_game_contract(f"VmGame{depth}", make_vm_step_system(depth))
    n = max(1, (2**depth - 8) // 5)
    honest = compute_vm_trace(load_sample_program(n), depth)
    # another run of the same program on another input: its later steps have valid proofs
    other = compute_vm_trace(load_sample_program(n + 1), depth)
    alternative = Trace(depth, (honest.commitments[0], *other.commitments[1:]), other.prove_step)
    return definition, honest, alternative


def pick_value(
    source: str, honest: Trace, alternative: Trace, position: Position, salt: int
) -> Hash32:
    if compute_depth(position) > honest.max_game_depth:
        source = "garbage"
    if source == "honest":
        return get_trace_claim(honest, position)
    if source == "alternative":
        return get_trace_claim(alternative, position)
    return keccak256(b"garbage" + salt.to_bytes(8, "big"))


def adversary_move(
    harness: GameHarness, game_id: int, action: AdversaryAction, honest: Trace, alternative: Trace
) -> Move:
    game = view_game(harness, game_id)
    depth = honest.max_game_depth
    claims = game.claims
    if action.kind in (MOVE_ATTACK_STEP, MOVE_DEFEND_STEP):
        leaves = [i for i, claim in enumerate(claims) if compute_depth(claim.position) == depth]
        candidates = leaves or list(range(len(claims)))
    else:
        candidates = list(range(len(claims)))
    index = candidates[len(candidates) - 1 - action.target % len(candidates)]
    claim = claims[index]
    if action.kind in (MOVE_ATTACK, MOVE_DEFEND):
        attack = action.kind == MOVE_ATTACK
        position = (compute_attack_position if attack else compute_defend_position)(claim.position)
        value = pick_value(action.value, honest, alternative, position, action.target)
        bond = compute_required_bond(position)
        if action.underbonded:
            bond = Wei(bond - 1)
        return Move(action.kind, game_id, index, value, b"", bond)
    if action.kind in (MOVE_ATTACK_STEP, MOVE_DEFEND_STEP):
        step_index = compute_trace_index(claim.position, depth)
        step_index += 0 if action.kind == MOVE_ATTACK_STEP else 1
        step_index = min(step_index, 2**depth - 1)
        if action.proof == "honest":
            proof = honest.prove_step(step_index)
        elif action.proof == "alternative":
            proof = alternative.prove_step(step_index)
        else:
            proof = keccak256(action.target.to_bytes(8, "big"))
        return Move(action.kind, game_id, index, NO_CLAIM, proof, Wei(0))
    return Move(action.kind, game_id, index, NO_CLAIM, b"", Wei(0))


COUNTERING_KINDS = (MOVE_ATTACK, MOVE_DEFEND, MOVE_ATTACK_STEP, MOVE_DEFEND_STEP)


def check_positions_and_uniqueness(game: GameView) -> None:
    """I-DG-1 and I-DG-2 on the final claims of a game."""
    seen: set[tuple[int, Position, Hash32]] = set()
    for index, claim in enumerate(game.claims):
        if index == 0:
            assert claim.position == ROOT_POSITION
            continue
        parent = game.claims[claim.parent_index]
        assert claim.parent_index < index
        assert claim.position in (2 * parent.position, 2 * (parent.position + 1))
        key = (claim.parent_index, claim.position, claim.claim)
        assert key not in seen
        seen.add(key)


def compute_honest_claims(game: GameView, trace: Trace) -> set[int]:
    """The claims that agree with `trace` and stand where an honest actor would put them: the
    root if it agrees, and every claim that is the honest counter of a claim that is not
    honest (an attack with the trace's value if the parent disagrees, else a defence)."""
    honest: set[int] = set()
    for index, claim in enumerate(game.claims):
        if index == 0:
            if claim.claim == get_trace_claim(trace, claim.position):
                honest.add(0)
            continue
        parent = game.claims[claim.parent_index]
        if claim.parent_index in honest or compute_depth(claim.position) > trace.max_game_depth:
            continue
        agrees = parent.claim == get_trace_claim(trace, parent.position)
        position = (compute_defend_position if agrees else compute_attack_position)(parent.position)
        if claim.position == position and claim.claim == get_trace_claim(trace, position):
            honest.add(index)
    return honest


def run_game(
    setup: tuple[ContractDefinition, Trace, Trace],
    root_is_right: bool,
    first_wrong: int,
    adversary_actions: list[AdversaryAction],
) -> None:
    definition, honest, alternative = setup
    depth = honest.max_game_depth
    wrong = diverging_trace(honest, first_wrong)
    if root_is_right:
        harness, game_id = new_game(
            definition, HONEST, honest.commitments[-1], honest.commitments[0]
        )
    else:
        harness, game_id = new_game(
            definition, ADVERSARIES[0], wrong.commitments[-1], honest.commitments[0]
        )
    total_before = sum(balance_of(harness, a) for a in (HONEST, *ADVERSARIES, harness.address))
    created = harness.timestamp
    bound = Seconds(created + compute_game_duration_bound(depth))
    record = Record()
    act(harness, game_id, HONEST, honest, record)
    for action in adversary_actions:
        harness.timestamp = Seconds(harness.timestamp + action.wait)
        if action.kind == FOLLOW:
            moves = honest_challenger_moves(view_game(harness, game_id), wrong)
        else:
            moves = [adversary_move(harness, game_id, action, honest, alternative)]
        for move in moves:
            accounts, storage = dict(harness.state.accounts), dict(harness.state.storage)
            error = apply_move(harness, ADVERSARIES[action.actor], move)
            if error is None and move.kind not in (MOVE_RESOLVE_CLAIM, MOVE_RESOLVE):
                assert harness.timestamp < bound, "a move succeeded after the game's bound"
            if error is not None:
                assert harness.state.accounts == accounts
                assert harness.state.storage == storage
        harness.timestamp = Seconds(harness.timestamp + HONEST_DELAY_SECONDS)
        act(harness, game_id, HONEST, honest, record)
        if harness.timestamp >= bound:
            assert view_game(harness, game_id).status != GameStatus.IN_PROGRESS
    harness.timestamp = Seconds(max(harness.timestamp, bound))
    act(harness, game_id, HONEST, honest, record)

    game = view_game(harness, game_id)
    check_positions_and_uniqueness(game)
    honest_claims = compute_honest_claims(game, honest)
    for actor, _, move, error in record.entries:
        if actor == HONEST and error is None and move.kind in COUNTERING_KINDS:
            assert move.claim_index not in honest_claims, (
                "the honest actor countered an honest claim"
            )
    expected = GameStatus.DEFENDER_WINS if root_is_right else GameStatus.CHALLENGER_WINS
    assert game.status == expected
    assert [entry for entry in record.entries if entry[3] is not None] == []
    for claim in game.claims:
        assert claim.resolved
        if claim.claimant == HONEST:
            assert claim.countered_by == NOBODY
        assert claim.clock_timestamp < bound
    assert balance_of(harness, HONEST) >= STARTING_BALANCE
    assert balance_of(harness, harness.address) == 0
    total_after = sum(balance_of(harness, a) for a in (HONEST, *ADVERSARIES, harness.address))
    assert total_after == total_before


@settings(max_examples=60)
@given(
    depth=st.sampled_from([3, 4, 5]),
    root_is_right=st.booleans(),
    first_wrong=st.integers(1, 2**5),
    adversary_actions=actions,
)
def test_honest_challenger_wins_against_any_moves_hash_chain(
    depth: int, root_is_right: bool, first_wrong: int, adversary_actions: list[AdversaryAction]
) -> None:
    run_game(hash_chain_setup(depth), root_is_right, min(first_wrong, 2**depth), adversary_actions)


@settings(max_examples=30)
@given(
    root_is_right=st.booleans(),
    first_wrong=st.integers(1, 2**4),
    adversary_actions=actions,
)
def test_honest_challenger_wins_against_any_moves_vm(
    root_is_right: bool, first_wrong: int, adversary_actions: list[AdversaryAction]
) -> None:
    run_game(vm_setup(4), root_is_right, first_wrong, adversary_actions)


@pytest.mark.slow
@settings(max_examples=400)
@given(
    system=st.sampled_from(["hash_chain", "vm"]),
    root_is_right=st.booleans(),
    first_wrong=st.integers(1, 2**6),
    adversary_actions=st.lists(action, max_size=120),
)
def test_honest_challenger_wins_against_any_moves_deep(
    system: str, root_is_right: bool, first_wrong: int, adversary_actions: list[AdversaryAction]
) -> None:
    setup = hash_chain_setup(6) if system == "hash_chain" else vm_setup(6)
    run_game(setup, root_is_right, first_wrong, adversary_actions)


def test_alternative_traces_differ_from_the_honest_ones() -> None:
    for setup in (hash_chain_setup(4), vm_setup(4)):
        _, honest, alternative = setup
        assert honest.commitments[0] == alternative.commitments[0]
        assert honest.commitments[1] != alternative.commitments[1]
    _, honest, _ = vm_setup(4)
    assert honest.commitments[0] == compute_vm_state_commitment(load_sample_program(1).state)
