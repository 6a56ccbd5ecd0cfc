"""Vector suites for specs/optimistic/dispute_game.md and specs/optimistic/step_vm.md.

Also the game harness the suites and the tests share: one dispute game contract on a bare L1
state, called at chosen timestamps with the contract framework's own semantics (a call that
raises is rolled back), without blocks, signatures or fees.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from l2ref.encoding.abi import AbiValue, decode_abi, encode_abi
from l2ref.errors import L2RefError
from l2ref.l1.contracts import (
    BlockEnvironment,
    ContractDefinition,
    Log,
    Message,
    find_method_by_name,
    move_ether,
    new_call_context,
    run_method,
)
from l2ref.l1.state import (
    State,
    begin_checkpoint,
    commit_checkpoint,
    get_account,
    rollback_checkpoint,
    set_account,
)
from l2ref.l1.types import BlockNumber, ChainId, Gas, Seconds, Wei
from l2ref.optimistic.dispute_game import GameView, get_game_view
from l2ref.optimistic.honest import Move, compute_move_call
from l2ref.types import Address
from l2ref.vectorgen.core import Suite

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


SUITES: list[Suite] = []
