"""Vector suites for specs/optimistic/dispute_game.md and specs/optimistic/step_vm.md.

The game suites are multi-step cases of the one L1 harness (l2ref/vectorgen/harness.py): the
proposer deploys the dispute game contract, then every move is a signed transaction."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from l2ref.crypto.hash import keccak256
from l2ref.encoding.abi import AbiValue, abi_bytes, abi_int, decode_abi
from l2ref.errors import MalformedVector, VectorGenerationError
from l2ref.l1.contracts import ContractDefinition, encode_method_call
from l2ref.l1.driver import SECONDS_PER_BLOCK, LocalChain, get_time
from l2ref.l1.state import get_storage
from l2ref.l1.transactions import (
    CREATION_ADDRESS,
    compute_contract_address,
    encode_creation_data,
)
from l2ref.l1.types import Seconds, Wei
from l2ref.optimistic.dispute_game import (
    BASE_BOND_WEI,
    BOND_GROWTH_DENOMINATOR,
    BOND_GROWTH_NUMERATOR,
    CLOCK_EXTENSION_SECONDS,
    GAME_COUNT_SLOT,
    MAX_CLOCK_DURATION_SECONDS,
    NO_PARENT_INDEX,
    ROOT_POSITION,
    GameStatus,
    GameView,
    Position,
    Trace,
    compute_attack_position,
    compute_defend_position,
    compute_depth,
    compute_hash_chain_trace,
    compute_index_at_depth,
    compute_required_bond,
    compute_trace_ancestor_position,
    compute_trace_index,
    get_challenger_duration,
    get_game_view,
    get_trace_claim,
    make_dispute_game_contract,
    make_hash_chain_step_system,
)
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
from l2ref.optimistic.step_vm import (
    OP_ADD,
    OP_HALT,
    OP_JUMPI,
    OP_LOAD,
    OP_MUL,
    OP_SET,
    OP_STORE,
    OP_SUB,
    VM_DISPUTE_GAME_CONTRACT,
    VM_MAX_GAME_DEPTH,
    VM_MEMORY_SIZE,
    VM_STATE_LENGTH,
    VM_WITNESS_LENGTH,
    VM_WORD_BYTES,
    VM_WORD_MODULUS,
    VmInstruction,
    VmMachine,
    VmState,
    compute_vm_state_commitment,
    compute_vm_step_gas,
    compute_vm_step_proof,
    compute_vm_trace,
    decode_vm_instruction,
    decode_vm_state,
    encode_vm_instruction,
    encode_vm_state,
    load_sample_program,
    load_vm_program,
    make_vm_step_system,
    step_vm,
    verify_vm_step,
)
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
STARTING_BALANCE_WEI = Wei(1_000 * ETHER)
ACCOUNT_NAMES = ("proposer", "challenger", "carol", "dave")
KEYS = {name: key_from_label(name) for name in ACCOUNT_NAMES}
ACCOUNTS = {name: address_from_label(name) for name in ACCOUNT_NAMES}
FEE_RECIPIENT = Address(bytes(19) + b"\xfe")
HASH_CHAIN_SEED = Hash32(keccak256(b"l2ref dispute game seed"))
# the register machine's sample program, summing squares up to this input
VM_SAMPLE_INPUT = 9
CLAIM_RESOLVED_TOPIC = keccak256(b"ClaimResolved(uint256,uint256,address,uint256)")

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
        return make_dispute_game_contract(name, make_hash_chain_step_system(max_game_depth))
    if system_name == "vm":
        if max_game_depth == VM_MAX_GAME_DEPTH:
            return VM_DISPUTE_GAME_CONTRACT
        return make_dispute_game_contract(
            f"VmDisputeGame{max_game_depth}", make_vm_step_system(max_game_depth)
        )
    raise MalformedVector(f"unknown step system {system_name!r}")


# every contract a case may deploy, by name
CONTRACTS = {
    definition.name: definition
    for definition in (
        _system("hash_chain", 3),
        _system("hash_chain", 4),
        _system("vm", VM_MAX_GAME_DEPTH),
    )
}


@functools.cache
def _true_trace(system_name: str, max_game_depth: int) -> Trace:
    if system_name == "hash_chain":
        return compute_hash_chain_trace(HASH_CHAIN_SEED, max_game_depth)
    return compute_vm_trace(load_sample_program(VM_SAMPLE_INPUT), max_game_depth)


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
    other = compute_vm_trace(load_sample_program(VM_SAMPLE_INPUT + 1), max_game_depth)
    return Trace(max_game_depth, (true.commitments[0], *other.commitments[1:]), other.prove_step)


def _game_input(system_name: str, max_game_depth: int) -> bytes:
    return _true_trace(system_name, max_game_depth).commitments[0]


# ----------------------------------------------------------------------------- the game steps


def _pre(contract_name: str) -> JsonObject:
    return {
        "chain_id": dec(CHAIN_ID),
        "contracts": [contract_name],
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
    count = int.from_bytes(get_storage(state, game, GAME_COUNT_SLOT), "big")
    views = [get_game_view(state, game, i, get_time(local)) for i in range(1, count + 1)]
    payouts = []
    for receipts in local.chain.receipts:
        for receipt in receipts:
            for log in receipt.logs:
                if log.address == game and log.topics == (CLAIM_RESOLVED_TOPIC,):
                    values = decode_abi(("uint256", "uint256", "address", "uint256"), log.data)
                    game_id, index, recipient, bond = values
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


class GameScript:
    """A game played while its steps are recorded: the proposer deploys the contract in block
    1, then every call is a signed transaction, run at once (LiveTransactionSteps) so the
    script reacts to its outcome. A step that does not end as the script says fails generation."""

    def __init__(self, system_name: str, max_game_depth: int) -> None:
        self.system_name = system_name
        self.max_game_depth = max_game_depth
        self.definition = _system(system_name, max_game_depth)
        self.pre = _pre(self.definition.name)
        now = GENESIS_TIME + BLOCK_SECONDS
        self.live = live_steps_from_pre(self.pre, CONTRACTS, FEE_RECIPIENT, now)
        creation = encode_creation_data(self.definition.name, b"")
        receipt = self.live.execute(KEYS["proposer"], "deploy", CREATION_ADDRESS, creation)
        if not receipt.succeeded:
            raise VectorGenerationError(f"the deployment failed: {receipt.error}")
        self.address = compute_contract_address(ACCOUNTS["proposer"], 0)

    @property
    def trace(self) -> Trace:
        return _true_trace(self.system_name, self.max_game_depth)

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
        method_name, arguments = compute_move_call(move)
        self.call(sender, method_name, arguments, move.bond, error)

    def attempt_move(self, sender: str, move: Move) -> str | None:
        method_name, arguments = compute_move_call(move)
        return self.attempt(sender, method_name, arguments, move.bond)

    def wait(self, seconds: int) -> None:
        """Later calls go into a block `seconds` later (0: the same block)."""
        self.live.now += seconds

    def view(self, game_id: int = 1) -> GameView:
        state = self.live.local.chain.state
        return get_game_view(state, self.address, game_id, Seconds(self.live.now))

    def case(self, name: str, flags: tuple[str, ...] = (), note: str = "") -> Case:
        intermediate: JsonObject = {"note": note} if note else {}
        steps = {"pre": self.pre, "steps": list(self.live.steps)}
        return Case(name, steps, flags=flags, intermediate=intermediate)


def new_script(system_name: str = "hash_chain", max_game_depth: int = 3) -> GameScript:
    return GameScript(system_name, max_game_depth)


# ----------------------------------------------------------------------------- playing games

WRONG_ROOT = Hash32(keccak256(b"l2ref wrong root claim"))
PLAY_ROUND_LIMIT = 1_000


def new_game_script(
    system_name: str = "hash_chain", max_game_depth: int = 4, root: Hash32 | None = None
) -> GameScript:
    """A game created by the proposer one block after genesis, with a wrong root by default."""
    script = new_script(system_name, max_game_depth)
    script.wait(BLOCK_SECONDS)
    root_claim = WRONG_ROOT if root is None else root
    game_input = _game_input(system_name, max_game_depth)
    script.call(
        "proposer", "create", [root_claim, game_input], compute_required_bond(ROOT_POSITION)
    )
    return script


def _earliest_expiry(game: GameView) -> int:
    """Seconds until the next unresolved claim's clock runs out (0 if one already has)."""
    waits = [
        MAX_CLOCK_DURATION_SECONDS - get_challenger_duration(game, index)
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
    game_id: int = 1,
) -> None:
    """Each player plays the honest strategy with its own trace, one block after the other; a
    player in `stop_after_turns` stops after that many turns in which it moved. When nobody
    moves, time jumps to the next clock that runs out and the first player of `honest` resolves
    what it can. Until the game is resolved. A move is tried once (a dishonest player's step may
    revert); a call of an honest player that reverts fails generation."""
    stops = dict(stop_after_turns or {})
    turns = dict.fromkeys((name for name, _ in players), 0)
    attempted: set[tuple[str, Move]] = set()
    resolver = honest[0]
    for _ in range(PLAY_ROUND_LIMIT):
        if script.view(game_id).status != GameStatus.IN_PROGRESS:
            return
        moved = False
        for name, trace in players:
            if name in stops and turns[name] >= stops[name]:
                continue
            made = False
            for move in honest_challenger_moves(script.view(game_id), trace):
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
        script.wait(_earliest_expiry(script.view(game_id)))
        for move in honest_resolver_moves(script.view(game_id)):
            script.move(resolver, move)
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
    if position < ROOT_POSITION or compute_depth(position) > max_game_depth:
        raise MalformedVector("the position must be in the game tree")
    return PositionValues(
        compute_depth(position),
        compute_index_at_depth(position),
        compute_trace_index(position, max_game_depth),
        compute_attack_position(position),
        compute_defend_position(position),
        compute_trace_ancestor_position(position),
        compute_required_bond(position),
    )


def _position_cases() -> list[Case]:
    cases: list[Case] = []
    for depth, positions in ((3, range(1, 16)), (6, (1, 2, 64, 65, 100, 127)), (64, (1, 2**64))):
        for position in positions:
            name = f"position_{position}_depth_{depth}"
            cases.append(Case(name, {"position": position, "max_game_depth": depth}))
    for position in (2**73, 2**73 + 5):
        name = f"position_2_pow_73_plus_{position - 2**73}"
        cases.append(Case(name, {"position": position, "max_game_depth": 73}))
    return cases


# ----------------------------------------------------------------------------- moves


def _counter_newest(script: GameScript, name: str, trace: Trace) -> Move | None:
    """The honest move of `name` (playing `trace`) against the newest claim, if any."""
    newest = len(script.view().claims) - 1
    moves = [
        move for move in honest_challenger_moves(script.view(), trace) if move.claim_index == newest
    ]
    return moves[0] if moves else None


def _chain_claims(script: GameScript, wrong: Trace, count: int | None) -> Move | None:
    """The challenger (the true trace) and then the proposer (`wrong`) take turns countering the
    newest claim with the honest move, until the game is a chain of `count` claims from the root
    (None: until the challenger's move is a step, which is returned unplayed)."""
    players = (("challenger", script.trace), ("proposer", wrong))
    while count is None or len(script.view().claims) < count:
        name, trace = players[(len(script.view().claims) - 1) % 2]
        move = _counter_newest(script, name, trace)
        if move is None:
            raise VectorGenerationError(f"{name} has no move against the newest claim")
        if move.kind not in (MOVE_ATTACK, MOVE_DEFEND):
            if count is None:
                return move
            raise VectorGenerationError(f"{name} steps before the game has {count} claims")
        script.move(name, move)
        script.wait(BLOCK_SECONDS)
    return None


def _first_claims(script: GameScript, count: int, first_wrong: int = 5) -> None:
    """A chain of `count` claims against a proposer whose trace is wrong from `first_wrong`."""
    _chain_claims(script, _diverging_trace(script.trace, first_wrong, b"proposer"), count)


def _honest_move(script: GameScript, trace: Trace | None = None) -> Move:
    (move,) = honest_challenger_moves(script.view(), trace or script.trace)
    return move


def _leaf_game(kind: str) -> tuple[GameScript, Move]:
    """A depth-4 game played down to a wrong claim of the proposer at the maximum depth, which
    the honest challenger counters with a step of `kind`: the first divergence that makes it."""
    for first_wrong in range(1, 17):
        script = new_game_script()
        _first_claims(script, 5, first_wrong)
        move = _honest_move(script)
        if move.kind == kind:
            return script, move
    raise VectorGenerationError(f"no game ends with a {kind}")


def _create_cases() -> list[Case]:
    cases: list[Case] = []
    bond = compute_required_bond(ROOT_POSITION)
    seed = _game_input("hash_chain", 4)
    script = new_script("hash_chain", 4)
    script.call("proposer", "create", [WRONG_ROOT, seed], bond)
    cases.append(script.case("create"))
    script = new_script("hash_chain", 4)
    script.call("proposer", "create", [WRONG_ROOT, seed], bond + 1)
    cases.append(script.case("create_with_a_larger_bond", ("Bond",)))
    script = new_script("hash_chain", 4)
    script.call("proposer", "create", [WRONG_ROOT, seed], bond)
    script.call("challenger", "create", [WRONG_ROOT, seed], bond)
    cases.append(script.case("create_a_second_game_with_the_same_claim"))
    script = new_script("hash_chain", 4)
    script.call("proposer", "create", [WRONG_ROOT, seed], bond - 1, "BondTooLow")
    cases.append(script.case("create_bond_too_low", ("Revert", "Bond")))
    script = new_script("hash_chain", 4)
    script.call("proposer", "create", [WRONG_ROOT, seed[:31]], bond, "InvalidGameInput")
    cases.append(script.case("create_with_an_input_the_system_rejects", ("Revert", "Malformed")))
    script = new_script("vm", VM_MAX_GAME_DEPTH)
    script.call("proposer", "create", [WRONG_ROOT, _game_input("vm", VM_MAX_GAME_DEPTH)], bond)
    cases.append(script.case("create_a_vm_game", ("Vm",)))
    return cases


def _attack_cases() -> list[Case]:
    cases: list[Case] = []
    trace = _true_trace("hash_chain", 4)
    honest = get_trace_claim(trace, Position(2))
    bond = compute_required_bond(Position(2))
    arguments: list[AbiValue] = [1, 0, honest]
    script = new_game_script()
    script.call("challenger", "attack", arguments, bond)
    cases.append(script.case("attack_the_root"))
    script = new_game_script()
    script.call("challenger", "attack", arguments, bond * 2)
    cases.append(script.case("attack_with_a_larger_bond", ("Bond",)))
    script = new_game_script()
    script.call("challenger", "attack", arguments, bond)
    script.call("carol", "attack", [1, 0, WRONG_ROOT], bond)
    cases.append(script.case("attack_with_another_value_at_the_same_position"))
    script = new_game_script()
    script.call("challenger", "attack", arguments, bond)
    script.call("carol", "attack", arguments, bond, "ClaimAlreadyExists")
    cases.append(script.case("attack_repeating_a_claim", ("Revert",)))
    script = new_game_script()
    script.call("challenger", "attack", arguments, bond - 1, "BondTooLow")
    cases.append(script.case("attack_bond_too_low", ("Revert", "Bond")))
    script = new_game_script()
    _first_claims(script, 2)
    deeper = compute_required_bond(Position(4))
    script.call("proposer", "attack", [1, 1, WRONG_ROOT], bond, "BondTooLow")
    script.call("proposer", "attack", [1, 1, WRONG_ROOT], deeper)
    cases.append(script.case("attack_with_the_bond_of_a_shallower_position", ("Bond",)))
    script = new_game_script()
    script.call("challenger", "attack", [2, 0, honest], bond, "GameNotFound")
    cases.append(script.case("attack_in_a_game_that_does_not_exist", ("Revert",)))
    script = new_game_script()
    script.call("challenger", "attack", [1, 1, honest], bond, "ClaimNotFound")
    cases.append(script.case("attack_a_claim_that_does_not_exist", ("Revert",)))
    script = new_game_script()
    script.call("challenger", "attack", [1, NO_PARENT_INDEX, honest], bond, "ClaimNotFound")
    cases.append(script.case("attack_the_no_parent_index", ("Revert",)))
    script, _ = _leaf_game(MOVE_ATTACK_STEP)
    leaf = compute_attack_position(script.view().claims[4].position)
    script.call(
        "challenger", "attack", [1, 4, honest], compute_required_bond(leaf), "InvalidPosition"
    )
    cases.append(script.case("attack_a_claim_at_the_maximum_depth", ("Revert", "Position")))
    script = new_game_script()
    script.wait(MAX_CLOCK_DURATION_SECONDS - 1)
    script.call("challenger", "attack", arguments, bond)
    cases.append(script.case("attack_one_second_before_the_clock_runs_out", ("Clock",)))
    script = new_game_script()
    script.wait(MAX_CLOCK_DURATION_SECONDS)
    script.call("challenger", "attack", arguments, bond, "ClockExpired")
    cases.append(script.case("attack_when_the_clock_has_run_out", ("Revert", "Clock")))
    script = new_game_script()
    script.wait(MAX_CLOCK_DURATION_SECONDS - CLOCK_EXTENSION_SECONDS + 100)
    script.call("challenger", "attack", arguments, bond)
    script.wait(CLOCK_EXTENSION_SECONDS - 1)
    script.call("proposer", "attack", [1, 1, WRONG_ROOT], compute_required_bond(Position(4)))
    cases.append(
        script.case(
            "attack_late_gets_the_clock_extension",
            ("Clock", "Extension"),
            "the attack stores clock_duration MAX - EXTENSION, not MAX - EXTENSION + 100",
        )
    )
    script = new_game_script()
    script.wait(MAX_CLOCK_DURATION_SECONDS)
    script.call("challenger", "resolveClaim", [1, 0])
    script.call("challenger", "resolve", [1])
    script.call("challenger", "attack", arguments, bond, "GameAlreadyResolved")
    cases.append(script.case("attack_after_the_game_is_resolved", ("Revert", "Resolution")))
    return cases


def _defend_cases() -> list[Case]:
    cases: list[Case] = []
    trace = _true_trace("hash_chain", 4)
    script = new_game_script(root=trace.commitments[-1])
    script.call("carol", "attack", [1, 0, WRONG_ROOT], compute_required_bond(Position(2)))
    defence = get_trace_claim(trace, Position(6))
    script.call("proposer", "defend", [1, 1, defence], compute_required_bond(Position(6)))
    cases.append(script.case("defend_a_wrong_attack"))
    script = new_game_script()
    script.call(
        "challenger",
        "defend",
        [1, 0, WRONG_ROOT],
        compute_required_bond(Position(4)),
        "CannotDefendRootClaim",
    )
    cases.append(script.case("defend_the_root", ("Revert", "Position")))
    script = new_game_script(root=trace.commitments[-1])
    script.call("carol", "attack", [1, 0, WRONG_ROOT], compute_required_bond(Position(2)))
    script.call(
        "proposer", "defend", [1, 1, defence], compute_required_bond(Position(2)), "BondTooLow"
    )
    cases.append(script.case("defend_with_the_bond_of_the_countered_claim", ("Revert", "Bond")))
    script = new_game_script(root=trace.commitments[-1])
    script.call("carol", "attack", [1, 0, WRONG_ROOT], compute_required_bond(Position(2)))
    script.call("proposer", "defend", [1, 1, defence], compute_required_bond(Position(6)))
    script.call(
        "dave", "defend", [1, 1, defence], compute_required_bond(Position(6)), "ClaimAlreadyExists"
    )
    cases.append(script.case("defend_repeating_a_claim", ("Revert",)))
    script = new_game_script(root=trace.commitments[-1])
    script.call("carol", "attack", [1, 0, WRONG_ROOT], compute_required_bond(Position(2)))
    script.wait(MAX_CLOCK_DURATION_SECONDS)
    script.call(
        "proposer", "defend", [1, 1, defence], compute_required_bond(Position(6)), "ClockExpired"
    )
    cases.append(script.case("defend_when_the_clock_has_run_out", ("Revert", "Clock")))
    script, _ = _leaf_game(MOVE_ATTACK_STEP)
    script.call(
        "challenger",
        "defend",
        [1, 4, defence],
        compute_required_bond(Position(64)),
        "InvalidPosition",
    )
    cases.append(script.case("defend_a_claim_at_the_maximum_depth", ("Revert", "Position")))
    return cases


def _step_cases() -> list[Case]:
    cases: list[Case] = []
    script, move = _leaf_game(MOVE_ATTACK_STEP)
    script.move("challenger", move)
    cases.append(script.case("attack_step", ("Step",)))
    script, move = _leaf_game(MOVE_DEFEND_STEP)
    script.move("challenger", move)
    cases.append(script.case("defend_step", ("Step",)))
    script, move = _leaf_game(MOVE_ATTACK_STEP)
    script.move("challenger", move)
    script.move("carol", move, "ClaimAlreadyCountered")
    cases.append(script.case("step_twice", ("Revert", "Step")))
    script, move = _leaf_game(MOVE_ATTACK_STEP)
    script.move("challenger", replace(move, kind=MOVE_DEFEND_STEP), "StepDoesNotCounterClaim")
    cases.append(script.case("step_that_agrees_with_the_claim", ("Revert", "Step")))
    script, move = _leaf_game(MOVE_ATTACK_STEP)
    script.move("challenger", replace(move, proof=b"\x00"), "InvalidStepProof")
    cases.append(
        script.case("step_with_a_proof_the_system_rejects", ("Revert", "Step", "Malformed"))
    )
    script, move = _leaf_game(MOVE_ATTACK_STEP)
    script.move("challenger", replace(move, claim_index=3), "InvalidPosition")
    cases.append(
        script.case("step_against_a_claim_above_the_maximum_depth", ("Revert", "Position"))
    )
    script, move = _leaf_game(MOVE_ATTACK_STEP)
    script.wait(MAX_CLOCK_DURATION_SECONDS)
    script.move("challenger", move, "ClockExpired")
    cases.append(script.case("step_when_the_clock_has_run_out", ("Revert", "Clock")))
    script, move = _leaf_game(MOVE_ATTACK_STEP)
    script.call("challenger", "step", [1, 4, True, b""], 1, "NotPayable")
    cases.append(script.case("step_with_ether", ("Revert",)))
    # the first step of the trace: the absolute prestate is the pre-state
    script = new_game_script(max_game_depth=3)
    wrong = _diverging_trace(script.trace, 1, b"proposer")
    for position in (2, 4, 8):
        value = get_trace_claim(wrong, Position(position))
        parent = len(script.view().claims) - 1
        script.call(
            "proposer", "attack", [1, parent, value], compute_required_bond(Position(position))
        )
    (first_step,) = [
        move
        for move in honest_challenger_moves(script.view(), script.trace)
        if move.claim_index == 3 and move.kind == MOVE_ATTACK_STEP
    ]
    script.move("challenger", first_step)
    cases.append(script.case("attack_step_from_the_absolute_prestate", ("Step",)))
    # the register machine: each variant on a fresh game played down to the step
    for name, tamper, error in (
        ("vm_step", lambda proof: proof, None),
        (
            "vm_step_with_a_tampered_witness",
            lambda proof: proof[:-1] + bytes([proof[-1] ^ 1]),
            "InvalidStepProof",
        ),
        (
            "vm_step_with_a_truncated_state",
            lambda proof: proof[: VM_STATE_LENGTH - 1],
            "InvalidStepProof",
        ),
        (
            "vm_step_with_the_proof_of_another_step",
            lambda proof: _true_trace("vm", VM_MAX_GAME_DEPTH).prove_step(1),
            "InvalidStepProof",
        ),
    ):
        vm_script = new_game_script("vm", VM_MAX_GAME_DEPTH)
        vm_move = _chain_claims(vm_script, _other_input_trace(VM_MAX_GAME_DEPTH), None)
        if vm_move is None:
            raise VectorGenerationError("the register machine game ends without a step")
        vm_script.move("challenger", replace(vm_move, proof=tamper(vm_move.proof)), error)
        flags = ("Vm", "Step") if error is None else ("Vm", "Step", "Revert", "Malformed")
        cases.append(vm_script.case(name, flags))
    return cases


def _resolve_cases() -> list[Case]:
    cases: list[Case] = []
    script = new_game_script()
    script.wait(MAX_CLOCK_DURATION_SECONDS - 1)
    script.call("carol", "resolveClaim", [1, 0], 0, "ClockNotExpired")
    script.wait(1)
    script.call("carol", "resolveClaim", [1, 0])
    cases.append(script.case("resolve_an_unchallenged_root_claim", ("Clock", "Resolution")))
    script = new_game_script()
    script.wait(MAX_CLOCK_DURATION_SECONDS)
    script.call("carol", "resolveClaim", [1, 0])
    script.call("carol", "resolveClaim", [1, 0], 0, "ClaimAlreadyResolved")
    cases.append(script.case("resolve_a_claim_twice", ("Revert", "Resolution")))
    script = new_game_script()
    script.wait(MAX_CLOCK_DURATION_SECONDS)
    script.call("carol", "resolveClaim", [1, 1], 0, "ClaimNotFound")
    cases.append(script.case("resolve_a_claim_that_does_not_exist", ("Revert",)))
    script = new_game_script()
    _first_claims(script, 2)
    script.wait(2 * MAX_CLOCK_DURATION_SECONDS)
    script.call("carol", "resolveClaim", [1, 0], 0, "OutOfOrderResolution")
    cases.append(script.case("resolve_a_claim_before_its_counter", ("Revert", "Resolution")))
    script = new_game_script()
    _first_claims(script, 2)
    script.wait(2 * MAX_CLOCK_DURATION_SECONDS)
    script.call("carol", "resolve", [1], 0, "OutOfOrderResolution")
    script.call("carol", "resolveClaim", [1, 1])
    script.call("carol", "resolveClaim", [1, 0])
    script.call("carol", "resolve", [1])
    cases.append(script.case("resolve_challenger_wins", ("Resolution",)))
    script = new_game_script()
    script.wait(MAX_CLOCK_DURATION_SECONDS)
    script.call("carol", "resolveClaim", [1, 0])
    script.call("carol", "resolve", [1])
    cases.append(script.case("resolve_defender_wins", ("Resolution",)))
    script = new_game_script()
    script.wait(MAX_CLOCK_DURATION_SECONDS)
    script.call("carol", "resolveClaim", [1, 0])
    script.call("carol", "resolve", [1])
    script.call("carol", "resolve", [1], 0, "GameAlreadyResolved")
    cases.append(script.case("resolve_a_game_twice", ("Revert", "Resolution")))
    script = new_game_script()
    script.call("carol", "resolve", [2], 0, "GameNotFound")
    cases.append(script.case("resolve_a_game_that_does_not_exist", ("Revert",)))
    script, move = _leaf_game(MOVE_ATTACK_STEP)
    script.move("challenger", move)
    script.wait(2 * MAX_CLOCK_DURATION_SECONDS)
    for index in reversed(range(5)):
        script.call("carol", "resolveClaim", [1, index])
    script.call("carol", "resolve", [1])
    script.move("challenger", move, "GameAlreadyResolved")
    script.call("carol", "resolveClaim", [1, 0], 0, "GameAlreadyResolved")
    cases.append(script.case("resolve_a_stepped_game_then_move", ("Revert", "Resolution", "Step")))
    return cases


def _view_cases() -> list[Case]:
    cases: list[Case] = []
    script = new_game_script()
    _first_claims(script, 3)
    script.wait(3_600)
    script.call("carol", "getGame", [1])
    script.call("carol", "getClaim", [1, 2])
    script.call("carol", "getChallengerDuration", [1, 2])
    script.call("carol", "getChallengerDuration", [1, 0])
    script.call("carol", "getRequiredBond", [1])
    script.call("carol", "getRequiredBond", [2**73])
    cases.append(script.case("views"))
    script = new_game_script()
    script.call("carol", "getGame", [2], 0, "GameNotFound")
    script.call("carol", "getClaim", [1, 1], 0, "ClaimNotFound")
    script.call("carol", "getChallengerDuration", [2, 0], 0, "GameNotFound")
    script.call("carol", "getRequiredBond", [0], 0, "InvalidPosition")
    cases.append(script.case("views_of_what_does_not_exist", ("Revert",)))
    return cases


def _move_cases() -> list[Case]:
    return [
        *_create_cases(),
        *_attack_cases(),
        *_defend_cases(),
        *_step_cases(),
        *_resolve_cases(),
        *_view_cases(),
    ]


# ----------------------------------------------------------------------------- transcripts


def _transcript_cases() -> list[Case]:
    cases: list[Case] = []
    for system_name, depth in (("hash_chain", 3), ("hash_chain", 4), ("vm", VM_MAX_GAME_DEPTH)):
        true = _true_trace(system_name, depth)
        if system_name == "vm":
            wrong = _other_input_trace(depth)
            wrong_too = _diverging_trace(true, 2**depth // 2 + 3, b"carol")
        else:
            wrong = _diverging_trace(true, 2**depth // 2 + 1, b"proposer")
            wrong_too = _diverging_trace(true, 2, b"carol")
        label = f"{system_name}_depth_{depth}"
        flags: tuple[str, ...] = ("Vm",) if system_name == "vm" else ()
        script = new_game_script(system_name, depth, wrong.commitments[-1])
        play_game(script, (("challenger", true), ("proposer", wrong)))
        cases.append(
            script.case(f"{label}_honest_challenger_defeats_a_wrong_root", ("HonestWins", *flags))
        )
        script = new_game_script(system_name, depth, true.commitments[-1])
        play_game(script, (("carol", wrong), ("proposer", true)), honest=("proposer",))
        cases.append(
            script.case(
                f"{label}_honest_proposer_defeats_a_dishonest_challenger", ("HonestWins", *flags)
            )
        )
        script = new_game_script(system_name, depth, wrong.commitments[-1])
        play_game(
            script,
            (("challenger", true), ("proposer", wrong)),
            stop_after_turns={"proposer": 1},
        )
        cases.append(
            script.case(
                f"{label}_wrong_proposer_stops_answering_and_loses",
                ("HonestWins", "Liveness", *flags),
            )
        )
        script = new_game_script(system_name, depth, true.commitments[-1])
        play_game(
            script,
            (("carol", wrong), ("proposer", true)),
            honest=("carol",),
            stop_after_turns={"proposer": 0},
        )
        cases.append(
            script.case(
                f"{label}_right_proposer_that_does_not_answer_loses",
                ("Liveness", *flags),
                "the honest side must answer within its clock: an absent defender loses",
            )
        )
        script = new_game_script(system_name, depth, wrong.commitments[-1])
        play_game(
            script,
            (("proposer", wrong), ("carol", wrong_too), ("dave", wrong_too), ("challenger", true)),
        )
        cases.append(
            script.case(
                f"{label}_three_dishonest_players_against_one_honest",
                ("HonestWins", "Multiplayer", *flags),
            )
        )
    return cases


# ----------------------------------------------------------------------------- the register machine


def _i(opcode: int, a: int = 0, b: int = 0, c: int = 0, immediate: int = 0) -> int:
    return encode_vm_instruction(VmInstruction(opcode, a, b, c, immediate))


MAX_WORD = VM_WORD_MODULUS - 1
# (name, program, data, steps before the step tested, error)
VM_PROGRAMS: tuple[tuple[str, tuple[int, ...], tuple[tuple[int, int], ...], int, str], ...] = (
    ("set", (_i(OP_SET, 2, 0, 0, 2**32 - 1),), (), 0, "valid"),
    ("add", (_i(OP_SET, 1, 0, 0, 40), _i(OP_ADD, 2, 1, 1)), (), 1, "valid"),
    (
        "add_wraps_around",
        (_i(OP_LOAD, 1, 0, 0, 200), _i(OP_SET, 2, 0, 0, 1), _i(OP_ADD, 3, 1, 2)),
        ((200, MAX_WORD),),
        2,
        "valid",
    ),
    ("sub_wraps_below_zero", (_i(OP_SET, 1, 0, 0, 1), _i(OP_SUB, 0, 0, 1)), (), 1, "valid"),
    (
        "mul_wraps_around",
        (_i(OP_LOAD, 1, 0, 0, 200), _i(OP_MUL, 1, 1, 1)),
        ((200, 2**40 + 3),),
        1,
        "valid",
    ),
    ("jumpi_taken", (_i(OP_SET, 1, 0, 0, 7), _i(OP_JUMPI, 1, 0, 0, 300)), (), 1, "valid"),
    ("jumpi_not_taken", (_i(OP_JUMPI, 1, 0, 0, 9),), (), 0, "valid"),
    ("load", (_i(OP_SET, 1, 0, 0, 100), _i(OP_LOAD, 0, 1, 0, 155)), ((255, 12345),), 1, "valid"),
    (
        "load_address_wraps_around",
        (_i(OP_SET, 1, 0, 0, 250), _i(OP_LOAD, 0, 1, 0, 10)),
        ((4, 77),),
        1,
        "valid",
    ),
    ("store", (_i(OP_SET, 1, 0, 0, 99), _i(OP_STORE, 1, 0, 0, 129)), (), 1, "valid"),
    ("halt", (_i(OP_SET, 1, 0, 0, 1), _i(OP_HALT)), (), 1, "valid"),
    ("undecodable_opcode_halts", (8 << 56,), (), 0, "valid"),
    ("register_out_of_range_halts", (_i(OP_SET, 4, 0, 0, 1),), (), 0, "valid"),
    ("halted_machine_stays", (_i(OP_HALT),), (), 1, "valid"),
    ("program_too_long", (0,) * (VM_MEMORY_SIZE + 1), (), 0, "InvalidVmProgram"),
    ("word_out_of_range", (VM_WORD_MODULUS,), (), 0, "InvalidVmProgram"),
    ("data_outside_the_memory", (0,), ((VM_MEMORY_SIZE, 1),), 0, "InvalidVmProgram"),
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


def step_vm_step(program: Sequence[int], data: Sequence[MemoryWord], steps_before: int) -> VmStep:
    """Load the program and data, step `steps_before` times, and describe the next step."""
    machine = load_vm_program(program, {entry.address: entry.word for entry in data})
    for _ in range(steps_before):
        machine = step_vm(machine)
    pre, proof = machine.state, compute_vm_step_proof(machine)
    post = step_vm(machine).state
    word = machine.memory[pre.pc]
    return VmStep(
        pre,
        encode_vm_state(pre),
        compute_vm_state_commitment(pre),
        word,
        decode_vm_instruction(word),
        proof,
        compute_vm_step_gas(proof),
        post,
        encode_vm_state(post),
        compute_vm_state_commitment(post),
    )


def _vm_step_cases() -> list[Case]:
    cases: list[Case] = []
    for name, program, data, steps_before, expect in VM_PROGRAMS:
        flags = ("Malformed",) if expect != "valid" else ()
        words = [MemoryWord(address, word) for address, word in data]
        case_input = {"program": program, "data": words, "steps_before": steps_before}
        cases.append(Case(name, case_input, expect, flags))
    return cases


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 1]) + data[index + 1 :]


def _commitments(machine: VmMachine) -> tuple[Hash32, Hash32, bytes]:
    """The commitments before and after the machine's next step, and its proof."""
    post = step_vm(machine).state
    proof = compute_vm_step_proof(machine)
    return compute_vm_state_commitment(machine.state), compute_vm_state_commitment(post), proof


def _vm_verify_cases() -> list[Case]:
    machines: dict[str, VmMachine] = {}
    for name, program, data, steps_before, expect in VM_PROGRAMS:
        if expect == "valid":
            machines[name] = load_vm_program(program, dict(data))
            for _ in range(steps_before):
                machines[name] = step_vm(machines[name])
    valid = [(name, *_commitments(machine)) for name, machine in machines.items()]
    pre, post, proof = _commitments(machines["store"])
    add_pre, add_post, add_proof = _commitments(machines["add"])
    halted, _, halted_proof = _commitments(machines["halted_machine_stays"])
    words = VM_STATE_LENGTH + VM_WITNESS_LENGTH
    flag = VM_STATE_LENGTH - 9
    bad_flag = halted_proof[:flag] + b"\x02" + halted_proof[flag + 1 :]
    invalid = [
        ("wrong_post_state", pre, Hash32(keccak256(b"post")), proof),
        ("wrong_pre_state", Hash32(keccak256(b"pre")), post, proof),
        ("post_state_is_the_pre_state", pre, pre, proof),
        ("tampered_instruction_word", pre, post, _flip(proof, VM_STATE_LENGTH + 7)),
        ("tampered_instruction_path", pre, post, _flip(proof, VM_STATE_LENGTH + 40)),
        ("tampered_memory_word", pre, post, _flip(proof, words + 7)),
        ("tampered_memory_path", pre, post, _flip(proof, len(proof) - 1)),
        ("missing_memory_witness", pre, post, proof[:words]),
        ("no_witness", pre, post, proof[:VM_STATE_LENGTH]),
        ("truncated_state", pre, post, proof[: VM_STATE_LENGTH - 1]),
        ("extra_byte", pre, post, proof + b"\x00"),
        ("extra_witness", add_pre, add_post, add_proof + proof[VM_STATE_LENGTH:words]),
        ("halted_with_a_witness", halted, halted, halted_proof + bytes(VM_WITNESS_LENGTH)),
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
    state = decode_vm_state(data)
    return DecodedVmState(state, compute_vm_state_commitment(state))


def _decode_state_cases() -> list[Case]:
    state = load_sample_program(VM_SAMPLE_INPUT).state
    machine = load_sample_program(VM_SAMPLE_INPUT)
    for _ in range(5):
        machine = step_vm(machine)
    encoded = encode_vm_state(machine.state)
    halted = encode_vm_state(replace(state, halted=True, pc=VM_MEMORY_SIZE - 1))
    cases = [
        Case("initial_state", {"data": encode_vm_state(state)}),
        Case("running_state", {"data": encoded}),
        Case("halted_state_at_the_last_pc", {"data": halted}),
        Case("empty", {"data": b""}, "InvalidLength", ("Malformed",)),
        Case("truncated", {"data": encoded[:-1]}, "InvalidLength", ("Malformed",)),
        Case("trailing_byte", {"data": encoded + b"\x00"}, "InvalidLength", ("Malformed",)),
    ]
    flag_at = VM_STATE_LENGTH - VM_WORD_BYTES - 1
    bad_flag = encoded[:flag_at] + b"\x02" + encoded[flag_at + 1 :]
    cases.append(Case("halted_byte_2", {"data": bad_flag}, "NonCanonicalEncoding", ("Malformed",)))
    bad_pc = VM_MEMORY_SIZE.to_bytes(VM_WORD_BYTES, "big") + encoded[VM_WORD_BYTES:]
    cases.append(
        Case(
            "pc_outside_the_memory",
            {"data": bad_pc},
            "NonCanonicalEncoding",
            ("Malformed",),
        )
    )
    return cases


# ----------------------------------------------------------------------------- suites

GAME_PARAMETERS = {
    "MAX_CLOCK_DURATION_SECONDS": dec(MAX_CLOCK_DURATION_SECONDS),
    "CLOCK_EXTENSION_SECONDS": dec(CLOCK_EXTENSION_SECONDS),
    "BASE_BOND_WEI": dec(BASE_BOND_WEI),
    "BOND_GROWTH_NUMERATOR": dec(BOND_GROWTH_NUMERATOR),
    "BOND_GROWTH_DENOMINATOR": dec(BOND_GROWTH_DENOMINATOR),
}
STEPS_DESCRIPTION = (
    "Signed L1 transactions through the L1 model from `input.pre` (keyed accounts, the dispute "
    "game contract known by name): the proposer deploys it, then each step is one transaction "
    "of `args.sender` to the game with `args.value` and `args.data` (a method call; `call` "
    "names it), the steps of one `timestamp` one block. A step MUST end with its `error` (null: "
    "succeeded). `output.receipts` are the receipts; `output.post` the L1 state, every game as "
    "a view at the last block, and every bond paid out (the ClaimResolved events).",
)

SUITES = [
    declare(
        "optimistic",
        compute_trace_index,
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
        make_dispute_game_contract,
        _move_cases,
        (*STEPS_DESCRIPTION, "Every method, valid, and each way it reverts."),
        run_game_steps,
        name="dispute_game_moves",
        notes=NOTES,
        parameters=GAME_PARAMETERS,
    ),
    declare_steps(
        "optimistic",
        honest_challenger_moves,
        _transcript_cases,
        (
            *STEPS_DESCRIPTION,
            "Whole games, move by move, played by honest actors (some with a wrong trace) until "
            "the game is resolved, with the clocks and the final payouts.",
        ),
        run_game_steps,
        name="dispute_game_transcripts",
        notes=NOTES,
        parameters=GAME_PARAMETERS,
    ),
    declare(
        "optimistic",
        step_vm,
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
        verify_vm_step,
        _vm_verify_cases,
        "verify_vm_step(`pre_commitment`, `post_commitment`, `proof`).",
        name="step_vm_verify",
        notes=NOTES,
        predicate=True,
    ),
    declare(
        "optimistic",
        decode_vm_state,
        _decode_state_cases,
        "decode_vm_state(`input.data`) and the commitment of the state.",
        via=decode_vm_state_and_commit,
        notes=NOTES,
    ),
]
