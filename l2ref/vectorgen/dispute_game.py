"""Vector suites for specs/optimistic/dispute_game.md and specs/optimistic/step_vm.md.

The game suites are multi-step cases of the one L1 harness (l2ref/vectorgen/harness.py): the
proposer deploys the dispute game contract, then every move is a signed transaction."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from l2ref.crypto.hash import keccak256
from l2ref.encoding.abi import AbiValue, abi_bytes, abi_int, decode_abi
from l2ref.errors import MalformedVector, VectorGenerationError
from l2ref.l1.contracts import ContractDefinition, encode_method_call
from l2ref.l1.driver import SECONDS_PER_BLOCK, LocalChain, get_time
from l2ref.l1.state import get_storage
from l2ref.l1.transactions import CREATION_ADDRESS, compute_contract_address, encode_creation_data
from l2ref.l1.types import Seconds, Wei
from l2ref.optimistic import dispute_game as dg
from l2ref.optimistic import step_vm as vm
from l2ref.optimistic.dispute_game import GameStatus, GameView, Position, Trace
from l2ref.optimistic.honest import (
    MOVE_ATTACK,
    MOVE_ATTACK_STEP,
    MOVE_DEFEND,
    MOVE_DEFEND_STEP,
    Move,
    compute_move_call,
    honest_challenger_moves,
    honest_resolver_moves,
)
from l2ref.optimistic.step_vm import VmInstruction, VmMachine, VmState
from l2ref.types import Address, Hash32
from l2ref.vectorgen.codec import Codec, register_codec, schema_of, to_json
from l2ref.vectorgen.core import Case, JsonObject, Note, dec, declare, hex_bytes, parse_int
from l2ref.vectorgen.harness import (
    CHAIN_ID,
    ETHER,
    GENESIS_TIME,
    address_from_label,
    declare_steps,
    key_from_label,
    live_steps_from_pre,
    state_to_json,
    transaction_steps_runner,
)

BLOCK_SECONDS = SECONDS_PER_BLOCK
MAX_CLOCK = dg.MAX_CLOCK_DURATION_SECONDS
STARTING_BALANCE_WEI = Wei(1_000 * ETHER)
ACCOUNT_NAMES = ("proposer", "challenger", "carol", "dave")
KEYS = {name: key_from_label(name) for name in ACCOUNT_NAMES}
ACCOUNTS = {name: address_from_label(name) for name in ACCOUNT_NAMES}
FEE_RECIPIENT = Address(bytes(19) + b"\xfe")
HASH_CHAIN_SEED = Hash32(keccak256(b"l2ref dispute game seed"))
WRONG_ROOT = Hash32(keccak256(b"l2ref wrong root claim"))
# the register machine's sample program, summing squares up to this input
VM_SAMPLE_INPUT = 9
VM_DEPTH = vm.VM_MAX_GAME_DEPTH
CLAIM_RESOLVED_TOPIC = keccak256(b"ClaimResolved(uint256,uint256,address,uint256)")
PLAY_ROUND_LIMIT = 1_000

register_codec(
    GameStatus,
    Codec(
        encode=lambda status: dec(int(status)),
        decode=lambda data, what: GameStatus(parse_int(data, what)),
        schema=schema_of(int),
    ),
)

NOTES = {
    "Revert": Note("FUNCTIONALITY", "A step reverts with the error named; the state is unchanged."),
    "Bond": Note("SECURITY", "A bond below the one the position requires, or above it."),
    "Clock": Note("SECURITY", "A chess clock at, just before or just after running out."),
    "Extension": Note("EDGE_CASE", "A new claim whose side's clock is capped by the extension."),
    "Position": Note("FUNCTIONALITY", "A move or step at a position the game does not allow."),
    "Step": Note("SECURITY", "A one-step proof executed by the contract."),
    "Resolution": Note("FUNCTIONALITY", "Resolution order, repetition, or a move after it."),
    "HonestWins": Note("SECURITY", "The honest side wins the game and is paid."),
    "Liveness": Note("SECURITY", "A side stops answering and loses on the clock."),
    "Multiplayer": Note("SECURITY", "Several players on one or both sides."),
    "Vm": Note("FUNCTIONALITY", "The register machine of specs/optimistic/step_vm.md."),
    "Malformed": Note("SECURITY", "A proof or encoding that does not decode or does not match."),
}


@functools.cache
def _system(system_name: str, max_game_depth: int) -> ContractDefinition:
    if system_name == "hash_chain":
        name = f"HashChainDisputeGame{max_game_depth}"
        return dg.make_dispute_game_contract(name, dg.make_hash_chain_step_system(max_game_depth))
    if system_name == "vm":
        if max_game_depth == VM_DEPTH:
            return vm.VM_DISPUTE_GAME_CONTRACT
        system = vm.make_vm_step_system(max_game_depth)
        return dg.make_dispute_game_contract(f"VmDisputeGame{max_game_depth}", system)
    raise MalformedVector(f"unknown step system {system_name!r}")


# every contract a case may deploy, by name
SYSTEMS = (("hash_chain", 3), ("hash_chain", 4), ("vm", VM_DEPTH))
CONTRACTS = {_system(*system).name: _system(*system) for system in SYSTEMS}


@functools.cache
def _true_trace(system_name: str, max_game_depth: int) -> Trace:
    if system_name == "hash_chain":
        return dg.compute_hash_chain_trace(HASH_CHAIN_SEED, max_game_depth)
    return vm.compute_vm_trace(vm.load_sample_program(VM_SAMPLE_INPUT), max_game_depth)


def _diverging_trace(trace: Trace, first_wrong: int, label: bytes) -> Trace:
    """`trace` with every commitment from `first_wrong` on replaced by another value."""
    commitments = list(trace.commitments)
    for index in range(first_wrong, len(commitments)):
        commitments[index] = keccak256(label + index.to_bytes(8, "big"))
    return Trace(trace.max_game_depth, tuple(commitments), trace.prove_step)


@functools.cache
def _other_input_trace(max_game_depth: int) -> Trace:
    """The sample program's run on another input, from the true prestate on: what a proposer who
    ran the program on the wrong input claims; its later steps carry valid proofs."""
    true = _true_trace("vm", max_game_depth)
    other = vm.compute_vm_trace(vm.load_sample_program(VM_SAMPLE_INPUT + 1), max_game_depth)
    return Trace(max_game_depth, (true.commitments[0], *other.commitments[1:]), other.prove_step)


def _bond(position: int) -> Wei:
    return dg.compute_required_bond(Position(position))


# ----------------------------------------------------------------------------- the game steps


@dataclass(frozen=True)
class Payout:
    """A bond paid out on resolution: a ClaimResolved event of the game contract."""

    game_id: int
    claim_index: int
    recipient: Address
    bond: Wei


def _game_post(local: LocalChain) -> JsonObject:
    """The L1 state after the steps, every game as its view at the last block, and every
    payout, in order."""
    state = local.chain.state
    (game,) = (address for address, account in state.accounts.items() if account.code)
    count = int.from_bytes(get_storage(state, game, dg.GAME_COUNT_SLOT), "big")
    views = [dg.get_game_view(state, game, i, get_time(local)) for i in range(1, count + 1)]
    logs = [
        log for receipts in local.chain.receipts for receipt in receipts for log in receipt.logs
    ]
    payouts = []
    for log in logs:
        if log.address == game and log.topics == (CLAIM_RESOLVED_TOPIC,):
            game_id, index, recipient, bond = decode_abi(
                ("uint256",) * 2 + ("address", "uint256"), log.data
            )
            payouts.append(
                Payout(
                    abi_int(game_id),
                    abi_int(index),
                    Address(abi_bytes(recipient)),
                    Wei(abi_int(bond)),
                )
            )
    return {
        **state_to_json(state),
        "games": to_json(views, list[GameView]),
        "payouts": to_json(payouts, list[Payout]),
    }


run_game_steps = transaction_steps_runner(CONTRACTS, FEE_RECIPIENT, _game_post)

# a step of a scripted case: seconds to wait, a call (sender, method, arguments[, value[, error]])
# or a function of the script
Call = tuple[Any, ...]
Op = int | Call | Callable[["GameScript"], None]


class GameScript:
    """A game played while its steps are recorded: the proposer deploys the contract in block
    1, then every call is a signed transaction, run at once (LiveTransactionSteps) so the
    script reacts to its outcome. A step that does not end as the script says fails generation.
    `leaf_move` is the step a case prepared for the challenger, if any."""

    leaf_move: Move

    def __init__(self, system_name: str, max_game_depth: int) -> None:
        self.trace = _true_trace(system_name, max_game_depth)
        self.definition = _system(system_name, max_game_depth)
        self.pre: JsonObject = {
            "chain_id": dec(CHAIN_ID),
            "contracts": [self.definition.name],
            "genesis_time": dec(GENESIS_TIME),
            "accounts": [
                {
                    "name": name,
                    "address": hex_bytes(ACCOUNTS[name]),
                    "private_key": hex_bytes(KEYS[name]),
                    "balance": dec(STARTING_BALANCE_WEI),
                }
                for name in ACCOUNT_NAMES
            ],
        }
        now = GENESIS_TIME + BLOCK_SECONDS
        self.live = live_steps_from_pre(self.pre, CONTRACTS, FEE_RECIPIENT, now)
        creation = encode_creation_data(self.definition.name, b"")
        receipt = self.live.execute(KEYS["proposer"], "deploy", CREATION_ADDRESS, creation)
        if not receipt.succeeded:
            raise VectorGenerationError(f"the deployment failed: {receipt.error}")
        self.address = compute_contract_address(ACCOUNTS["proposer"], 0)

    def attempt(
        self, sender: str, method_name: str, arguments: Sequence[AbiValue], value: int = 0
    ) -> str | None:
        """Send the call and record it with the outcome it had: the error's name, or None."""
        data = encode_method_call(self.definition, method_name, list(arguments))
        receipt = self.live.execute(KEYS[sender], method_name, self.address, data, value=value)
        return receipt.error or None

    def call(
        self,
        sender: str,
        method_name: str,
        arguments: Sequence[AbiValue],
        value: int = 0,
        error: str | None = None,
    ) -> None:
        """`attempt`, which must end with `error` (None: succeed)."""
        got = self.attempt(sender, method_name, arguments, value)
        if got != error:
            raise VectorGenerationError(f"{method_name} by {sender}: expected {error}, got {got}")

    def move(self, sender: str, move: Move, error: str | None = None) -> None:
        self.call(sender, *compute_move_call(move), move.bond, error)

    def attempt_move(self, sender: str, move: Move) -> str | None:
        return self.attempt(sender, *compute_move_call(move), move.bond)

    def wait(self, seconds: int) -> None:
        """Later calls go into a block `seconds` later (0: the same block)."""
        self.live.now += seconds

    def view(self, game_id: int = 1) -> GameView:
        state = self.live.local.chain.state
        return dg.get_game_view(state, self.address, game_id, Seconds(self.live.now))

    def run(self, ops: Sequence[Op]) -> GameScript:
        for op in ops:
            if isinstance(op, int):
                self.wait(op)
            elif isinstance(op, tuple):
                self.call(*op)
            else:
                op(self)
        return self

    def case(self, name: str, flags: tuple[str, ...] = (), note: str = "") -> Case:
        intermediate: JsonObject = {"note": note} if note else {}
        steps = {"pre": self.pre, "steps": list(self.live.steps)}
        return Case(name, steps, flags=flags, intermediate=intermediate)


def new_game_script(
    system_name: str = "hash_chain", max_game_depth: int = 4, root: Hash32 | None = None
) -> GameScript:
    """A game created by the proposer one block after genesis, with a wrong root by default."""
    script = GameScript(system_name, max_game_depth)
    script.wait(BLOCK_SECONDS)
    arguments = [WRONG_ROOT if root is None else root, script.trace.commitments[0]]
    script.call("proposer", "create", arguments, _bond(dg.ROOT_POSITION))
    return script


def _earliest_expiry(game: GameView) -> int:
    """Seconds until the next unresolved claim's clock runs out (0 if one already has)."""
    waits = [
        MAX_CLOCK - dg.get_challenger_duration(game, index)
        for index, claim in enumerate(game.claims)
        if not claim.resolved
    ]
    return min(waits, default=0)


def play_game(
    script: GameScript,
    players: Sequence[tuple[str, Trace]],
    *,
    honest: Sequence[str] = ("challenger",),
    stop_after_turns: Mapping[str, int] | None = None,
) -> None:
    """Each player plays the honest strategy with its own trace, one block after the other; a
    player in `stop_after_turns` stops after that many turns in which it moved. When nobody
    moves, time jumps to the next clock that runs out and the first player of `honest` resolves
    what it can. Until the game is resolved. A move is tried once (a dishonest player's step may
    revert); a call of an honest player that reverts fails generation."""
    stops = dict(stop_after_turns or {})
    turns = dict.fromkeys((name for name, _ in players), 0)
    attempted: set[tuple[str, Move]] = set()
    for _ in range(PLAY_ROUND_LIMIT):
        if script.view().status != GameStatus.IN_PROGRESS:
            return
        moved = False
        for name, trace in players:
            if name in stops and turns[name] >= stops[name]:
                continue
            made = False
            for move in honest_challenger_moves(script.view(), trace):
                if (name, move) in attempted:
                    continue
                attempted.add((name, move))
                error = script.attempt_move(name, move)
                if error is not None and name in honest:
                    raise VectorGenerationError(f"an honest move of {name} reverted: {error}")
                made = made or error is None
            turns[name] += made
            moved = moved or made
            script.wait(BLOCK_SECONDS)
        if moved:
            continue
        script.wait(_earliest_expiry(script.view()))
        for move in honest_resolver_moves(script.view()):
            script.move(honest[0], move)
    raise VectorGenerationError("the game did not end")


# ----------------------------------------------------------------------------- positions


@dataclass(frozen=True)
class PositionValues:
    """The position helpers at one position of a game tree."""

    depth: int
    index_at_depth: int
    trace_index: int
    attack_position: Position
    defend_position: Position
    trace_ancestor: Position
    required_bond: Wei


def dispute_game_positions(position: Position, max_game_depth: int) -> PositionValues:
    """Every position helper at `position` of a game of depth `max_game_depth`."""
    if position < dg.ROOT_POSITION or dg.compute_depth(position) > max_game_depth:
        raise MalformedVector("the position must be in the game tree")
    return PositionValues(
        dg.compute_depth(position),
        dg.compute_index_at_depth(position),
        dg.compute_trace_index(position, max_game_depth),
        dg.compute_attack_position(position),
        dg.compute_defend_position(position),
        dg.compute_trace_ancestor_position(position),
        dg.compute_required_bond(position),
    )


def _position_cases() -> list[Case]:
    depths = ((3, range(1, 16)), (6, (1, 2, 64, 65, 100, 127)), (64, (1, 2**64)))
    cases = [
        Case(f"position_{position}_depth_{depth}", {"position": position, "max_game_depth": depth})
        for depth, positions in depths
        for position in positions
    ]
    return cases + [
        Case(f"position_2_pow_73_plus_{plus}", {"position": 2**73 + plus, "max_game_depth": 73})
        for plus in (0, 5)
    ]


# ----------------------------------------------------------------------------- moves


def _chain_claims(script: GameScript, wrong: Trace, count: int | None) -> Move | None:
    """The challenger (the true trace) and then the proposer (`wrong`) take turns countering the
    newest claim with the honest move, until the game is a chain of `count` claims from the root
    (None: until the challenger's move is a step, which is returned unplayed)."""
    players = (("challenger", script.trace), ("proposer", wrong))
    while count is None or len(script.view().claims) < count:
        newest = len(script.view().claims) - 1
        name, trace = players[newest % 2]
        moves = [
            m for m in honest_challenger_moves(script.view(), trace) if m.claim_index == newest
        ]
        if not moves:
            raise VectorGenerationError(f"{name} has no move against the newest claim")
        if moves[0].kind not in (MOVE_ATTACK, MOVE_DEFEND):
            if count is None:
                return moves[0]
            raise VectorGenerationError(f"{name} steps before the game has {count} claims")
        script.move(name, moves[0])
        script.wait(BLOCK_SECONDS)
    return None


def _first_claims(count: int, first_wrong: int = 5) -> GameScript:
    """A game with a chain of `count` claims against a proposer whose trace is wrong from
    `first_wrong`."""
    script = new_game_script()
    _chain_claims(script, _diverging_trace(script.trace, first_wrong, b"proposer"), count)
    return script


def _leaf_game(kind: str) -> GameScript:
    """A depth-4 game played down to a wrong claim of the proposer at the maximum depth, which
    the honest challenger counters with a step of `kind` (its `leaf_move`): the first
    divergence that makes it."""
    for first_wrong in range(1, 17):
        script = _first_claims(5, first_wrong)
        (script.leaf_move,) = honest_challenger_moves(script.view(), script.trace)
        if script.leaf_move.kind == kind:
            return script
    raise VectorGenerationError(f"no game ends with a {kind}")


def _vm_leaf_game() -> GameScript:
    """A register machine game played down to the challenger's step (its `leaf_move`)."""
    script = new_game_script("vm", VM_DEPTH)
    move = _chain_claims(script, _other_input_trace(VM_DEPTH), None)
    if move is None:
        raise VectorGenerationError("the register machine game ends without a step")
    script.leaf_move = move
    return script


def _prestate_game() -> GameScript:
    """A depth-3 game where the proposer's trace is wrong from its first step, at positions
    2, 4, 8: the challenger's step starts from the absolute prestate."""
    script = new_game_script(max_game_depth=3)
    wrong = _diverging_trace(script.trace, 1, b"proposer")
    for parent, position in enumerate((2, 4, 8)):
        claim = dg.get_trace_claim(wrong, Position(position))
        script.call("proposer", "attack", [1, parent, claim], _bond(position))
    moves = honest_challenger_moves(script.view(), script.trace)
    (script.leaf_move,) = [m for m in moves if m.claim_index == 3 and m.kind == MOVE_ATTACK_STEP]
    return script


def _step(
    error: str | None = None, sender: str = "challenger", tamper: Any = None, **changes: Any
) -> Op:
    """The prepared step (`leaf_move`) with `changes`, its proof changed by `tamper`."""

    def run(script: GameScript) -> None:
        move = replace(script.leaf_move, **changes)
        proof = tamper(move.proof) if tamper else move.proof
        script.move(sender, replace(move, proof=proof), error)

    return run


TRUE_4 = _true_trace("hash_chain", 4)
SEED, HONEST, DEFENCE = (
    TRUE_4.commitments[0],
    *(dg.get_trace_claim(TRUE_4, Position(p)) for p in (2, 6)),
)
B1, B2, B4, B6 = (_bond(position) for position in (1, 2, 4, 6))
EXTENSION = dg.CLOCK_EXTENSION_SECONDS


def create(
    value: int, error: str | None = None, game_input: bytes = SEED, by: str = "proposer"
) -> Call:
    return (by, "create", [WRONG_ROOT, game_input], value, error)


def attack(
    value: int,
    error: str | None = None,
    by: str = "challenger",
    at: tuple[int, int] = (1, 0),
    claim: Hash32 = HONEST,
) -> Call:
    return (by, "attack", [*at, claim], value, error)


def counter(value: int, error: str | None = None) -> Call:
    """The proposer's wrong attack on the first claim."""
    return attack(value, error, "proposer", (1, 1), WRONG_ROOT)


def defend(
    value: int,
    error: str | None = None,
    by: str = "proposer",
    at: tuple[int, int] = (1, 1),
    claim: Hash32 = DEFENCE,
) -> Op:
    return (by, "defend", [*at, claim], value, error)


def carol(method_name: str, *arguments: AbiValue, error: str | None = None) -> Call:
    return ("carol", method_name, list(arguments), 0, error)


def resolve_claim(index: int, error: str | None = None, by: str = "carol") -> Call:
    return (by, "resolveClaim", [1, index], 0, error)


def resolve(game_id: int = 1, error: str | None = None, by: str = "carol") -> Call:
    return (by, "resolve", [game_id], 0, error)


def _vm_step_proof(_: bytes) -> bytes:
    return _true_trace("vm", VM_DEPTH).prove_step(1)


def _vm_create(script: GameScript) -> None:
    script.call(*create(B1, None, _true_trace("vm", VM_DEPTH).commitments[0]))


new, game, vm_leaf = functools.partial(GameScript, "hash_chain", 4), new_game_script, _vm_leaf_game
right = functools.partial(new_game_script, root=TRUE_4.commitments[-1])
leaf, leaf_d = (
    functools.partial(_leaf_game, kind) for kind in (MOVE_ATTACK_STEP, MOVE_DEFEND_STEP)
)
two, three = functools.partial(_first_claims, 2), functools.partial(_first_claims, 3)
vm_game = functools.partial(GameScript, "vm", VM_DEPTH)
WRONG_ATTACK = attack(B2, by="carol", claim=WRONG_ROOT)
BAD, VM_BAD = "InvalidStepProof", "Vm Step Revert Malformed"


VIEWS = [carol("getGame", 1), carol("getClaim", 1, 2), carol("getChallengerDuration", 1, 2)]
VIEWS += [carol("getChallengerDuration", 1, 0), carol("getRequiredBond", 1)]
VIEWS += [carol("getRequiredBond", 2**73)]
NO_VIEWS = [
    carol("getGame", 2, error="GameNotFound"),
    carol("getClaim", 1, 1, error="ClaimNotFound"),
]
NO_VIEWS += [carol("getChallengerDuration", 2, 0, error="GameNotFound")]
NO_VIEWS += [carol("getRequiredBond", 0, error="InvalidPosition")]
SHALLOW, DOUBLE = counter(B2, "BondTooLow"), create(B1, by="challenger")
CHALLENGER_RESOLVES = (resolve_claim(0, by="challenger"), resolve(by="challenger"))
RESOLVE_STEPPED = [*(resolve_claim(index) for index in (4, 3, 2, 1, 0)), resolve()]
MAX_DEPTH_DEFENCE = defend(_bond(64), "InvalidPosition", "challenger", (1, 4))
EXTENSION_NOTE = "the attack stores clock_duration MAX - EXTENSION, not MAX - EXTENSION + 100"
MOVE_NOTES = {"attack_late_gets_the_clock_extension": EXTENSION_NOTE}


def play(
    name: str, flags: str, setup: Callable[[], GameScript]
) -> Callable[..., Callable[[], Case]]:
    """A case: the game `setup` returns, then its steps (seconds to wait, calls, or functions
    of the script); `flags` separated by spaces."""

    def steps(*ops: Op) -> Callable[[], Case]:
        return lambda: setup().run(ops).case(name, tuple(flags.split()), MOVE_NOTES.get(name, ""))

    return steps


MOVE_CASES = [
    play("create", "", new)(create(B1)),
    play("create_with_a_larger_bond", "Bond", new)(create(B1 + 1)),
    play("create_a_second_game_with_the_same_claim", "", new)(create(B1), DOUBLE),
    play("create_bond_too_low", "Revert Bond", new)(create(B1 - 1, "BondTooLow")),
    play("create_with_an_input_the_system_rejects", "Revert Malformed", new)(
        create(B1, "InvalidGameInput", SEED[:31])
    ),
    play("create_a_vm_game", "Vm", vm_game)(_vm_create),
    play("attack_the_root", "", game)(attack(B2)),
    play("attack_with_a_larger_bond", "Bond", game)(attack(B2 * 2)),
    play("attack_with_another_value_at_the_same_position", "", game)(attack(B2), WRONG_ATTACK),
    play("attack_repeating_a_claim", "Revert", game)(
        attack(B2), attack(B2, "ClaimAlreadyExists", "carol")
    ),
    play("attack_bond_too_low", "Revert Bond", game)(attack(B2 - 1, "BondTooLow")),
    play("attack_with_the_bond_of_a_shallower_position", "Bond", two)(SHALLOW, counter(B4)),
    play("attack_in_a_game_that_does_not_exist", "Revert", game)(
        attack(B2, "GameNotFound", at=(2, 0))
    ),
    play("attack_a_claim_that_does_not_exist", "Revert", game)(
        attack(B2, "ClaimNotFound", at=(1, 1))
    ),
    play("attack_the_no_parent_index", "Revert", game)(
        attack(B2, "ClaimNotFound", at=(1, dg.NO_PARENT_INDEX))
    ),
    play("attack_a_claim_at_the_maximum_depth", "Revert Position", leaf)(
        attack(_bond(32), "InvalidPosition", at=(1, 4))
    ),
    play("attack_one_second_before_the_clock_runs_out", "Clock", game)(MAX_CLOCK - 1, attack(B2)),
    play("attack_when_the_clock_has_run_out", "Revert Clock", game)(
        MAX_CLOCK, attack(B2, "ClockExpired")
    ),
    play("attack_late_gets_the_clock_extension", "Clock Extension", game)(
        MAX_CLOCK - EXTENSION + 100, attack(B2), EXTENSION - 1, counter(B4)
    ),
    play("attack_after_the_game_is_resolved", "Revert Resolution", game)(
        MAX_CLOCK, *CHALLENGER_RESOLVES, attack(B2, "GameAlreadyResolved")
    ),
    play("defend_a_wrong_attack", "", right)(WRONG_ATTACK, defend(B6)),
    play("defend_the_root", "Revert Position", game)(
        defend(B4, "CannotDefendRootClaim", "challenger", (1, 0), WRONG_ROOT)
    ),
    play("defend_with_the_bond_of_the_countered_claim", "Revert Bond", right)(
        WRONG_ATTACK, defend(B2, "BondTooLow")
    ),
    play("defend_repeating_a_claim", "Revert", right)(
        WRONG_ATTACK, defend(B6), defend(B6, "ClaimAlreadyExists", "dave")
    ),
    play("defend_when_the_clock_has_run_out", "Revert Clock", right)(
        WRONG_ATTACK, MAX_CLOCK, defend(B6, "ClockExpired")
    ),
    play("defend_a_claim_at_the_maximum_depth", "Revert Position", leaf)(MAX_DEPTH_DEFENCE),
    play("attack_step", "Step", leaf)(_step()),
    play("defend_step", "Step", leaf_d)(_step()),
    play("step_twice", "Revert Step", leaf)(_step(), _step("ClaimAlreadyCountered", "carol")),
    play("step_that_agrees_with_the_claim", "Revert Step", leaf)(
        _step("StepDoesNotCounterClaim", kind=MOVE_DEFEND_STEP)
    ),
    play("step_with_a_proof_the_system_rejects", "Revert Step Malformed", leaf)(
        _step(BAD, proof=b"\x00")
    ),
    play("step_against_a_claim_above_the_maximum_depth", "Revert Position", leaf)(
        _step("InvalidPosition", claim_index=3)
    ),
    play("step_when_the_clock_has_run_out", "Revert Clock", leaf)(MAX_CLOCK, _step("ClockExpired")),
    play("step_with_ether", "Revert", leaf)(
        ("challenger", "step", [1, 4, True, b""], 1, "NotPayable")
    ),
    # the first step of the trace: the absolute prestate is the pre-state
    play("attack_step_from_the_absolute_prestate", "Step", _prestate_game)(_step()),
    # the register machine: each variant on a fresh game played down to the step
    play("vm_step", "Vm Step", vm_leaf)(_step()),
    play("vm_step_with_a_tampered_witness", VM_BAD, vm_leaf)(
        _step(BAD, tamper=lambda p: _flip(p, len(p) - 1))
    ),
    play("vm_step_with_a_truncated_state", VM_BAD, vm_leaf)(
        _step(BAD, tamper=lambda p: p[: vm.VM_STATE_LENGTH - 1])
    ),
    play("vm_step_with_the_proof_of_another_step", VM_BAD, vm_leaf)(
        _step(BAD, tamper=_vm_step_proof)
    ),
    play("resolve_an_unchallenged_root_claim", "Clock Resolution", game)(
        MAX_CLOCK - 1, resolve_claim(0, "ClockNotExpired"), 1, resolve_claim(0)
    ),
    play("resolve_a_claim_twice", "Revert Resolution", game)(
        MAX_CLOCK, resolve_claim(0), resolve_claim(0, "ClaimAlreadyResolved")
    ),
    play("resolve_a_claim_that_does_not_exist", "Revert", game)(
        MAX_CLOCK, resolve_claim(1, "ClaimNotFound")
    ),
    play("resolve_a_claim_before_its_counter", "Revert Resolution", two)(
        2 * MAX_CLOCK, resolve_claim(0, "OutOfOrderResolution")
    ),
    play("resolve_challenger_wins", "Resolution", two)(
        2 * MAX_CLOCK,
        resolve(1, "OutOfOrderResolution"),
        resolve_claim(1),
        resolve_claim(0),
        resolve(),
    ),
    play("resolve_defender_wins", "Resolution", game)(MAX_CLOCK, resolve_claim(0), resolve()),
    play("resolve_a_game_twice", "Revert Resolution", game)(
        MAX_CLOCK, resolve_claim(0), resolve(), resolve(1, "GameAlreadyResolved")
    ),
    play("resolve_a_game_that_does_not_exist", "Revert", game)(resolve(2, "GameNotFound")),
    play("resolve_a_stepped_game_then_move", "Revert Resolution Step", leaf)(
        _step(),
        2 * MAX_CLOCK,
        *RESOLVE_STEPPED,
        _step("GameAlreadyResolved"),
        resolve_claim(0, "GameAlreadyResolved"),
    ),
    play("views", "", three)(3_600, *VIEWS),
    play("views_of_what_does_not_exist", "Revert", game)(*NO_VIEWS),
]


def _move_cases() -> list[Case]:
    return [make() for make in MOVE_CASES]


# ----------------------------------------------------------------------------- transcripts


ABSENT_NOTE = "the honest side must answer within its clock: an absent defender loses"
# (name, the root's trace, players (name, trace), the honest player, the proposer's turns, flags)
TRANSCRIPTS = (
    (
        "honest_challenger_defeats_a_wrong_root",
        "wrong",
        "challenger:true proposer:wrong",
        "challenger",
        None,
        "HonestWins",
    ),
    (
        "honest_proposer_defeats_a_dishonest_challenger",
        "true",
        "carol:wrong proposer:true",
        "proposer",
        None,
        "HonestWins",
    ),
    (
        "wrong_proposer_stops_answering_and_loses",
        "wrong",
        "challenger:true proposer:wrong",
        "challenger",
        1,
        "HonestWins Liveness",
    ),
    (
        "right_proposer_that_does_not_answer_loses",
        "true",
        "carol:wrong proposer:true",
        "carol",
        0,
        "Liveness",
    ),
    (
        "three_dishonest_players_against_one_honest",
        "wrong",
        "proposer:wrong carol:wrong_too dave:wrong_too challenger:true",
        "challenger",
        None,
        "HonestWins Multiplayer",
    ),
)


def _transcript_cases() -> list[Case]:
    cases: list[Case] = []
    for system_name, depth in SYSTEMS:
        true = _true_trace(system_name, depth)
        traces = {"true": true}
        if system_name == "vm":
            traces["wrong"] = _other_input_trace(depth)
            traces["wrong_too"] = _diverging_trace(true, 2**depth // 2 + 3, b"carol")
        else:
            traces["wrong"] = _diverging_trace(true, 2**depth // 2 + 1, b"proposer")
            traces["wrong_too"] = _diverging_trace(true, 2, b"carol")
        vm_flag = " Vm" if system_name == "vm" else ""
        for name, root, players, honest, turns, flags in TRANSCRIPTS:
            script = new_game_script(system_name, depth, traces[root].commitments[-1])
            played = [
                (player.split(":")[0], traces[player.split(":")[1]]) for player in players.split()
            ]
            stops = {} if turns is None else {"proposer": turns}
            play_game(script, played, honest=(honest,), stop_after_turns=stops)
            note = ABSENT_NOTE if name.startswith("right_proposer") else ""
            label = f"{system_name}_depth_{depth}_{name}"
            cases.append(script.case(label, tuple((flags + vm_flag).split()), note))
    return cases


# ----------------------------------------------------------------------------- the register machine

OPCODES = "SET ADD SUB MUL LOAD STORE JUMPI HALT"
SET, ADD, SUB, MUL, LOAD, STORE, JUMPI, HALT = (getattr(vm, f"OP_{op}") for op in OPCODES.split())
MAX_WORD = vm.VM_WORD_MODULUS - 1
MEMORY = vm.VM_MEMORY_SIZE
# (name, program: instructions (opcode, a, b, c, immediate) or raw words, data, steps before the
# step tested); the programs after the valid ones do not load
VM_PROGRAMS: tuple[tuple[str, tuple[Any, ...], tuple[tuple[int, int], ...], int], ...] = (
    ("set", ((SET, 2, 0, 0, 2**32 - 1),), (), 0),
    ("add", ((SET, 1, 0, 0, 40), (ADD, 2, 1, 1, 0)), (), 1),
    (
        "add_wraps_around",
        ((LOAD, 1, 0, 0, 200), (SET, 2, 0, 0, 1), (ADD, 3, 1, 2, 0)),
        ((200, MAX_WORD),),
        2,
    ),
    ("sub_wraps_below_zero", ((SET, 1, 0, 0, 1), (SUB, 0, 0, 1, 0)), (), 1),
    ("mul_wraps_around", ((LOAD, 1, 0, 0, 200), (MUL, 1, 1, 1, 0)), ((200, 2**40 + 3),), 1),
    ("jumpi_taken", ((SET, 1, 0, 0, 7), (JUMPI, 1, 0, 0, 300)), (), 1),
    ("jumpi_not_taken", ((JUMPI, 1, 0, 0, 9),), (), 0),
    ("load", ((SET, 1, 0, 0, 100), (LOAD, 0, 1, 0, 155)), ((255, 12345),), 1),
    ("load_address_wraps_around", ((SET, 1, 0, 0, 250), (LOAD, 0, 1, 0, 10)), ((4, 77),), 1),
    ("store", ((SET, 1, 0, 0, 99), (STORE, 1, 0, 0, 129)), (), 1),
    ("halt", ((SET, 1, 0, 0, 1), (HALT, 0, 0, 0, 0)), (), 1),
    ("undecodable_opcode_halts", (8 << 56,), (), 0),
    ("register_out_of_range_halts", ((SET, 4, 0, 0, 1),), (), 0),
    ("halted_machine_stays", ((HALT, 0, 0, 0, 0),), (), 1),
)
INVALID_VM_PROGRAMS: tuple[tuple[str, tuple[Any, ...], tuple[tuple[int, int], ...], int], ...] = (
    ("program_too_long", (0,) * (MEMORY + 1), (), 0),
    ("word_out_of_range", (vm.VM_WORD_MODULUS,), (), 0),
    ("data_outside_the_memory", (0,), ((MEMORY, 1),), 0),
)


def _words(program: tuple[Any, ...]) -> tuple[int, ...]:
    return tuple(
        w if isinstance(w, int) else vm.encode_vm_instruction(VmInstruction(*w)) for w in program
    )


@dataclass(frozen=True)
class MemoryWord:
    address: int
    word: int


@dataclass(frozen=True)
class VmStep:
    """One step of the register machine, described."""

    pre_state: VmState
    pre_encoding: bytes
    pre_commitment: Hash32
    instruction_word: int
    instruction: VmInstruction | None
    proof: bytes
    step_gas: int
    post_state: VmState
    post_encoding: bytes
    post_commitment: Hash32


def _stepped(program: Sequence[int], data: Mapping[int, int], steps_before: int) -> VmMachine:
    machine = vm.load_vm_program(program, data)
    for _ in range(steps_before):
        machine = vm.step_vm(machine)
    return machine


def step_vm_step(program: Sequence[int], data: Sequence[MemoryWord], steps_before: int) -> VmStep:
    """Load the program and data, step `steps_before` times, and describe the next step."""
    machine = _stepped(program, {entry.address: entry.word for entry in data}, steps_before)
    pre, proof, post = machine.state, vm.compute_vm_step_proof(machine), vm.step_vm(machine).state
    word = machine.memory[pre.pc]
    commit = vm.compute_vm_state_commitment
    return VmStep(
        pre,
        vm.encode_vm_state(pre),
        commit(pre),
        word,
        vm.decode_vm_instruction(word),
        proof,
        vm.compute_vm_step_gas(proof),
        post,
        vm.encode_vm_state(post),
        commit(post),
    )


def _vm_step_cases() -> list[Case]:
    return [
        Case(
            name,
            {
                "program": _words(program),
                "data": [MemoryWord(*entry) for entry in data],
                "steps_before": steps_before,
            },
            expect,
            flags,
        )
        for programs, expect, flags in (
            (VM_PROGRAMS, "valid", ()),
            (INVALID_VM_PROGRAMS, "InvalidVmProgram", ("Malformed",)),
        )
        for name, program, data, steps_before in programs
    ]


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 1]) + data[index + 1 :]


def _commitments(name: str) -> tuple[Hash32, Hash32, bytes]:
    """The commitments before and after the next step of a valid program, and its proof."""
    (program, data, steps_before) = next(entry[1:] for entry in VM_PROGRAMS if entry[0] == name)
    machine = _stepped(_words(program), dict(data), steps_before)
    post, proof = vm.step_vm(machine).state, vm.compute_vm_step_proof(machine)
    return (
        vm.compute_vm_state_commitment(machine.state),
        vm.compute_vm_state_commitment(post),
        proof,
    )


def _vm_verify_cases() -> list[Case]:
    valid = [(entry[0], *_commitments(entry[0])) for entry in VM_PROGRAMS]
    (pre, post, proof), (add_pre, add_post, add_proof) = _commitments("store"), _commitments("add")
    halted, _, halted_proof = _commitments("halted_machine_stays")
    state, words, flag = (
        vm.VM_STATE_LENGTH,
        vm.VM_STATE_LENGTH + vm.VM_WITNESS_LENGTH,
        vm.VM_STATE_LENGTH - 9,
    )
    bad_flag = halted_proof[:flag] + b"\x02" + halted_proof[flag + 1 :]
    invalid = [
        ("wrong_post_state", pre, Hash32(keccak256(b"post")), proof),
        ("wrong_pre_state", Hash32(keccak256(b"pre")), post, proof),
        ("post_state_is_the_pre_state", pre, pre, proof),
        ("tampered_instruction_word", pre, post, _flip(proof, state + 7)),
        ("tampered_instruction_path", pre, post, _flip(proof, state + 40)),
        ("tampered_memory_word", pre, post, _flip(proof, words + 7)),
        ("tampered_memory_path", pre, post, _flip(proof, len(proof) - 1)),
        ("missing_memory_witness", pre, post, proof[:words]),
        ("no_witness", pre, post, proof[:state]),
        ("truncated_state", pre, post, proof[: state - 1]),
        ("extra_byte", pre, post, proof + b"\x00"),
        ("extra_witness", add_pre, add_post, add_proof + proof[state:words]),
        ("halted_with_a_witness", halted, halted, halted_proof + bytes(vm.VM_WITNESS_LENGTH)),
        ("halted_byte_not_0_or_1", keccak256(bad_flag), keccak256(bad_flag), bad_flag),
    ]
    return [
        Case(name, {"pre_commitment": a, "post_commitment": b, "proof": c}, expect, flags)
        for cases, expect, flags in ((valid, "valid", ()), (invalid, "invalid", ("Malformed",)))
        for name, a, b, c in cases
    ]


@dataclass(frozen=True)
class DecodedVmState:
    state: VmState
    commitment: Hash32


def decode_vm_state_and_commit(data: bytes) -> DecodedVmState:
    """decode_vm_state, and the commitment of the state."""
    state = vm.decode_vm_state(data)
    return DecodedVmState(state, vm.compute_vm_state_commitment(state))


def _decode_state_cases() -> list[Case]:
    machine, word = vm.load_sample_program(VM_SAMPLE_INPUT), vm.VM_WORD_BYTES
    initial, encoded = machine.state, vm.encode_vm_state(_stepped_sample(machine, 5).state)
    flag_at = vm.VM_STATE_LENGTH - word - 1
    # (name, data, error)
    table = (
        ("initial_state", vm.encode_vm_state(initial), "valid"),
        ("running_state", encoded, "valid"),
        (
            "halted_state_at_the_last_pc",
            vm.encode_vm_state(replace(initial, halted=True, pc=MEMORY - 1)),
            "valid",
        ),
        ("empty", b"", "InvalidLength"),
        ("truncated", encoded[:-1], "InvalidLength"),
        ("trailing_byte", encoded + b"\x00", "InvalidLength"),
        (
            "halted_byte_2",
            encoded[:flag_at] + b"\x02" + encoded[flag_at + 1 :],
            "NonCanonicalEncoding",
        ),
        (
            "pc_outside_the_memory",
            MEMORY.to_bytes(word, "big") + encoded[word:],
            "NonCanonicalEncoding",
        ),
    )
    return [
        Case(name, {"data": data}, expect, ("Malformed",) if expect != "valid" else ())
        for name, data, expect in table
    ]


def _stepped_sample(machine: VmMachine, steps: int) -> VmMachine:
    for _ in range(steps):
        machine = vm.step_vm(machine)
    return machine


# ----------------------------------------------------------------------------- suites

GAME_PARAMETERS = {
    name: dec(getattr(dg, name))
    for name in (
        "MAX_CLOCK_DURATION_SECONDS",
        "CLOCK_EXTENSION_SECONDS",
        "BASE_BOND_WEI",
        "BOND_GROWTH_NUMERATOR",
        "BOND_GROWTH_DENOMINATOR",
    )
}
STEPS_DESCRIPTION = (
    "Signed L1 transactions through the L1 model from `input.pre` (keyed accounts, the dispute "
    "game contract known by name): the proposer deploys it, then each step is one transaction "
    "of `args.sender` to the game with `args.value` and `args.data` (a method call; `call` "
    "names it), the steps of one `timestamp` one block. A step MUST end with its `error` (null: "
    "succeeded). `output.receipts` are the receipts; `output.post` the L1 state, every game as "
    "a view at the last block, and every bond paid out (the ClaimResolved events).",
)
TRANSCRIPTS_DESCRIPTION = (
    "Whole games, move by move, played by honest actors (some with a wrong trace) until "
    "the game is resolved, with the clocks and the final payouts."
)
GAME: dict[str, Any] = {"notes": NOTES, "parameters": GAME_PARAMETERS}

SUITES = [
    declare(
        "optimistic",
        dg.compute_trace_index,
        _position_cases,
        "The position helpers at `input.position` in a game of depth `input.max_game_depth`: "
        "depth, index at depth, trace index, attack and defence positions, trace ancestor "
        "and required bond.",
        via=dispute_game_positions,
        name="dispute_game_positions",
        parameters=GAME_PARAMETERS,
    ),
    declare_steps(
        "optimistic",
        dg.make_dispute_game_contract,
        _move_cases,
        (*STEPS_DESCRIPTION, "Every method, valid, and each way it reverts."),
        run_game_steps,
        name="dispute_game_moves",
        **GAME,
    ),
    declare_steps(
        "optimistic",
        honest_challenger_moves,
        _transcript_cases,
        (*STEPS_DESCRIPTION, TRANSCRIPTS_DESCRIPTION),
        run_game_steps,
        name="dispute_game_transcripts",
        **GAME,
    ),
    declare(
        "optimistic",
        vm.step_vm,
        _vm_step_cases,
        "Load `input.program` and `input.data` with load_vm_program, step "
        "`input.steps_before` times, then describe the next step: the pre-state, its "
        "encoding and commitment, the instruction word and its decoding (null: halts), the "
        "one-step proof and its gas, and the post-state.",
        via=step_vm_step,
        name="step_vm_step",
        notes=NOTES,
    ),
    declare(
        "optimistic",
        vm.verify_vm_step,
        _vm_verify_cases,
        "verify_vm_step(`pre_commitment`, `post_commitment`, `proof`).",
        name="step_vm_verify",
        notes=NOTES,
        predicate=True,
    ),
    declare(
        "optimistic",
        vm.decode_vm_state,
        _decode_state_cases,
        "decode_vm_state(`input.data`) and the commitment of the state.",
        via=decode_vm_state_and_commit,
        notes=NOTES,
    ),
]
