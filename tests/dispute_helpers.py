"""Shared set-up for the dispute game tests: actors, traces, loops that play games, and the
game harness they play on: one dispute game contract on a bare L1 state, called at chosen
timestamps with the contract framework's own semantics (a call that raises is rolled back),
without blocks, signatures or fees, so that balances show bonds alone. (The vector suites run
the same contract as signed transactions on the L1 model, l2ref/vectorgen/harness.py.)"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from l2ref.crypto.hash import keccak256
from l2ref.encoding.abi import AbiValue, abi_int, decode_abi, encode_abi
from l2ref.errors import L2RefError
from l2ref.l1.contracts import (
    BlockEnvironment,
    ContractDefinition,
    Log,
    Message,
    encode_method_call,
    find_method_by_name,
    move_ether,
    new_call_context,
    run_method,
)
from l2ref.l1.gas import compute_intrinsic_gas
from l2ref.l1.state import (
    State,
    begin_checkpoint,
    commit_checkpoint,
    get_account,
    rollback_checkpoint,
    set_account,
)
from l2ref.l1.types import BlockNumber, ChainId, Gas, Seconds, Wei
from l2ref.optimistic.dispute_game import (
    ROOT_POSITION,
    GameStatus,
    GameView,
    Trace,
    compute_game_duration_bound,
    compute_required_bond,
    get_game_view,
)
from l2ref.optimistic.honest import (
    Move,
    compute_move_call,
    honest_challenger_moves,
    honest_resolver_moves,
)
from l2ref.types import Address, Hash32

HARNESS_CHAIN_ID = ChainId(1337)
HARNESS_GAS_LIMIT = Gas(30_000_000)
GAME_CONTRACT_ADDRESS = Address(bytes.fromhex("00" * 19 + "d9"))


@dataclass
class GameHarness:
    """One dispute game contract on a bare state; `timestamp` is the time of the next call."""

    definition: ContractDefinition
    state: State
    timestamp: Seconds
    address: Address = GAME_CONTRACT_ADDRESS
    gas_used: list[int] = field(default_factory=list)
    logs: list[Log] = field(default_factory=list)


def new_harness(
    definition: ContractDefinition, allocations: dict[Address, Wei], timestamp: Seconds
) -> GameHarness:
    state = State()
    for address in sorted(allocations):
        account = get_account(state, address)
        set_account(state, address, replace(account, balance=allocations[address]))
    harness = GameHarness(definition, state, timestamp)
    account = get_account(state, harness.address)
    set_account(state, harness.address, replace(account, code=definition.name))
    return harness


def call_game(
    harness: GameHarness,
    sender: Address,
    method_name: str,
    arguments: Sequence[AbiValue],
    value: int = 0,
) -> tuple[AbiValue, ...]:
    """Run one method call as `execute_call` does, but let the error that reverts it propagate."""
    definition = harness.definition
    method = find_method_by_name(definition, method_name)
    environment = BlockEnvironment(
        HARNESS_CHAIN_ID,
        BlockNumber(1),
        harness.timestamp,
        Address(bytes(20)),
        {definition.name: definition},
    )
    message = Message(sender, harness.address, Wei(value), b"", HARNESS_GAS_LIMIT)
    context = new_call_context(harness.state, environment, message, harness.address)
    data = encode_abi(method.argument_types, arguments)
    begin_checkpoint(harness.state)
    try:
        move_ether(harness.state, sender, harness.address, Wei(value))
        output = run_method(context, method, data)
    except L2RefError:
        rollback_checkpoint(harness.state)
        raise
    commit_checkpoint(harness.state)
    harness.gas_used.append(context.gas_used)
    harness.logs.extend(context.logs)
    return decode_abi(method.return_types, output)


def try_call_game(
    harness: GameHarness,
    sender: Address,
    method_name: str,
    arguments: Sequence[AbiValue],
    value: int = 0,
) -> str | None:
    """`call_game`, returning the name of the error that reverted the call, or None."""
    try:
        call_game(harness, sender, method_name, arguments, value)
    except L2RefError as error:
        return type(error).__name__
    return None


def apply_move(harness: GameHarness, sender: Address, move: Move) -> str | None:
    method_name, arguments = compute_move_call(move)
    return try_call_game(harness, sender, method_name, arguments, move.bond)


def view_game(harness: GameHarness, game_id: int) -> GameView:
    return get_game_view(harness.state, harness.address, game_id, harness.timestamp)


def balance_of(harness: GameHarness, address: Address) -> Wei:
    return get_account(harness.state, address).balance


def compute_transaction_gas(
    harness: GameHarness, method_name: str, arguments: Sequence[AbiValue], execution_gas: int
) -> int:
    """The gas an L1 transaction making this call uses: intrinsic gas (21,000 and the calldata of
    the selector and arguments) plus what the method charged, as the L1 model's receipt has it."""
    data = encode_method_call(harness.definition, method_name, list(arguments))
    return compute_intrinsic_gas(data, False) + execution_gas


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
