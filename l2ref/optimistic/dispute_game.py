"""The dispute game of the optimistic rollup, generic over a step function.

See specs/optimistic/dispute_game.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import partial
from typing import NewType, TypeAlias

from l2ref.crypto.hash import keccak256
from l2ref.encoding.abi import AbiValue, abi_bytes, abi_int, decode_abi, encode_abi
from l2ref.errors import (
    BondTooLow,
    CannotDefendRootClaim,
    ClaimAlreadyCountered,
    ClaimAlreadyExists,
    ClaimAlreadyResolved,
    ClaimNotFound,
    ClockExpired,
    ClockNotExpired,
    GameAlreadyResolved,
    GameNotFound,
    InvalidGameInput,
    InvalidPosition,
    InvalidStepProof,
    InvalidStepSystem,
    InvalidTrace,
    OutOfOrderResolution,
    StepDoesNotCounterClaim,
)
from l2ref.l1.contracts import (
    CallContext,
    ContractDefinition,
    Method,
    call_keccak256,
    charge_gas,
    compute_storage_slot,
    emit_event,
    read_storage,
    read_struct,
    read_uint,
    transfer_ether,
    write_storage,
    write_struct,
    write_uint,
)
from l2ref.l1.gas import compute_keccak256_gas
from l2ref.l1.state import State, get_storage
from l2ref.l1.types import Seconds, Wei
from l2ref.types import ADDRESS_LENGTH, HASH32_LENGTH, Address, Hash32

Position = NewType("Position", int)


class GameStatus(IntEnum):
    """The status of a dispute game: in progress, or won by the challenger or the defender."""

    IN_PROGRESS = 0
    CHALLENGER_WINS = 1
    DEFENDER_WINS = 2


AbsolutePrestateFunction: TypeAlias = Callable[[bytes], Hash32 | None]

StepFunction: TypeAlias = Callable[[bytes, Hash32, int, bytes], Hash32 | None]

StepGasFunction: TypeAlias = Callable[[bytes], int]

StepProver: TypeAlias = Callable[[int], bytes]

ROOT_POSITION = Position(1)

NO_PARENT_INDEX = 2**256 - 1

NOBODY = Address(bytes(ADDRESS_LENGTH))

MAX_SUPPORTED_GAME_DEPTH = 64

MAX_CLOCK_DURATION_SECONDS = 302_400

CLOCK_EXTENSION_SECONDS = 10_800

BASE_BOND_WEI = 80_000_000_000_000_000

BOND_GROWTH_NUMERATOR = 109_493

BOND_GROWTH_DENOMINATOR = 100_000

GAME_RECORD_TYPES = ("bytes32", "uint256", "bytes")

CLAIM_RECORD_TYPES = ("uint256", "address", "uint256", "bytes32", "uint256", "uint256", "uint256")

GAME_VIEW_TYPES = ("uint256", "uint256", "uint256", "bytes32", "uint256", "bytes")

CLAIM_VIEW_TYPES = (
    "uint256",
    "address",
    "address",
    "uint256",
    "bytes32",
    "uint256",
    "uint256",
    "uint256",
    "bool",
)

CLAIM_KEY_TYPES = ("uint256", "uint256", "uint256", "bytes32")

GAME_COUNT_SLOT = compute_storage_slot("dispute_game.game_count")


@dataclass(frozen=True)
class StepSystem:
    """What a game disputes: its depth, absolute prestate, one-step execution and step gas."""

    # the trace has 2**max_game_depth steps; a claim at this depth is about one step
    max_game_depth: int
    # the commitment to the state before step 0, from the game's input; None rejects the input
    compute_absolute_prestate: AbsolutePrestateFunction
    # (game input, pre-state, step index, proof) -> the commitment after the step, or None
    execute_step: StepFunction
    # the L1 gas of execute_step on a proof: the hashing it does, as specs/l1/gas.md prices it
    compute_step_gas: StepGasFunction


@dataclass(frozen=True)
class ClaimData:
    """A claim of a game: parent, counter, claimant, bond, value, position, clock, resolved."""

    # NO_PARENT_INDEX for the root claim
    parent_index: int
    # the successful stepper, or once resolved the claimant of the leftmost uncountered child
    countered_by: Address
    claimant: Address
    bond: Wei
    claim: Hash32
    position: Position
    # the clock of the claim's side when the claim was made: seconds used, and the time
    clock_duration: Seconds
    clock_timestamp: Seconds
    resolved: bool


@dataclass(frozen=True)
class GameView:
    """A dispute game as read from L1 at a timestamp: status, times, prestate, input, claims."""

    game_id: int
    status: GameStatus
    created_at: Seconds
    # zero while the game is in progress
    resolved_at: Seconds
    absolute_prestate: Hash32
    game_input: bytes
    claims: tuple[ClaimData, ...]
    # the time the view describes: clocks are read at this timestamp
    timestamp: Seconds


@dataclass(frozen=True)
class Trace:
    """An honest actor's trace: the commitment after each step and a prover of each step."""

    max_game_depth: int
    # commitments[i] is the state after i steps; commitments[0] is the absolute prestate
    commitments: tuple[Hash32, ...]
    # prove_step(i) is the one-step proof from commitments[i] to commitments[i + 1]
    prove_step: StepProver


def compute_depth(position: Position) -> int:
    """Return the depth of a position in the game tree: the root (1) is at depth 0."""
    return position.bit_length() - 1


def compute_index_at_depth(position: Position) -> int:
    """Return a position's index among the positions of its depth, from the left."""
    return position - (1 << compute_depth(position))


def compute_attack_position(position: Position) -> Position:
    """Return the position of an attack on `position`: its left child."""
    return Position(2 * position)


def compute_defend_position(position: Position) -> Position:
    """Return the position of a defence of `position`: the left child of position + 1."""
    return Position(2 * (position + 1))


def compute_trace_index(position: Position, max_game_depth: int) -> int:
    """Return the last trace step under `position`: its claim is the state after it."""
    # the right-most position at the maximum depth below this one
    remaining = max_game_depth - compute_depth(position)
    return ((position + 1) << remaining) - 1 - (1 << max_game_depth)


def compute_trace_ancestor_position(position: Position) -> Position:
    """Return the highest position that commits to the same trace index."""
    # a right child commits to the trace index of its parent: strip the trailing one bits
    while position > ROOT_POSITION and position & 1 == 1:
        position = Position(position >> 1)
    return position


def compute_required_bond(position: Position) -> Wei:
    """Return the bond (wei) of a claim at `position`: BASE_BOND_WEI grown per depth."""
    depth = compute_depth(position)
    return Wei(BASE_BOND_WEI * BOND_GROWTH_NUMERATOR**depth // BOND_GROWTH_DENOMINATOR**depth)


def compute_challenger_duration(
    parent_clock_duration: Seconds, claim_clock_timestamp: Seconds, timestamp: Seconds
) -> Seconds:
    """Return the seconds the countering side has used, capped at the clock."""
    # what the countering side had used at its last claim on the path, plus the time since
    elapsed = parent_clock_duration + (timestamp - claim_clock_timestamp)
    return Seconds(min(elapsed, MAX_CLOCK_DURATION_SECONDS))


def compute_next_clock_duration(challenger_duration: Seconds) -> Seconds:
    """Return the clock a new claim records, leaving it at least the extension."""
    # the clock extension: a new claim leaves its side at least CLOCK_EXTENSION_SECONDS
    return Seconds(min(challenger_duration, MAX_CLOCK_DURATION_SECONDS - CLOCK_EXTENSION_SECONDS))


def compute_game_duration_bound(max_game_depth: int) -> Seconds:
    """Return the longest a game runs (seconds): two clocks and one extension a level."""
    return Seconds(2 * MAX_CLOCK_DURATION_SECONDS + max_game_depth * CLOCK_EXTENSION_SECONDS)


def compute_subgame_counter(children: Sequence[ClaimData]) -> Address:
    """Return the claimant of the left-most uncountered child, or NOBODY."""
    # the claimant of the left-most child that stands uncountered, or NOBODY
    counter = NOBODY
    leftmost: Position | None = None
    for child in children:
        if child.countered_by == NOBODY and (leftmost is None or child.position < leftmost):
            counter = child.claimant
            leftmost = child.position
    return counter


def encode_claim_key(game_id: int, parent_index: int, position: Position, claim: Hash32) -> bytes:
    """Return the ABI key of a claim (game, parent, position, value) that marks it taken."""
    return encode_abi(CLAIM_KEY_TYPES, [game_id, parent_index, position, claim])


def compute_game_slot(game_id: int, name: str, *keys: int) -> Hash32:
    """Return the storage slot of field `name` of a game, keyed by game id and `keys`."""
    key = b"".join(number.to_bytes(32, "big") for number in (game_id, *keys))
    return compute_storage_slot("dispute_game." + name, key)


def get_trace_claim(trace: Trace, position: Position) -> Hash32:
    """Return the commitment of the trace that an honest claim at `position` makes."""
    return trace.commitments[compute_trace_index(position, trace.max_game_depth) + 1]


def validate_trace(trace: Trace) -> None:
    """Check that a trace has 2**max_game_depth + 1 commitments; raise InvalidTrace."""
    if len(trace.commitments) != 2**trace.max_game_depth + 1:
        raise InvalidTrace(
            f"a depth-{trace.max_game_depth} trace has {2**trace.max_game_depth + 1} "
            f"commitments, got {len(trace.commitments)}"
        )


def _claim_from_record(record: Sequence[AbiValue], countered_by: bytes, resolved: int) -> ClaimData:
    parent_index, claimant, bond, claim, position, duration, timestamp = record
    return ClaimData(
        parent_index=abi_int(parent_index),
        countered_by=Address(countered_by[-ADDRESS_LENGTH:]) if countered_by else NOBODY,
        claimant=Address(abi_bytes(claimant)),
        bond=Wei(abi_int(bond)),
        claim=Hash32(abi_bytes(claim)),
        position=Position(abi_int(position)),
        clock_duration=Seconds(abi_int(duration)),
        clock_timestamp=Seconds(abi_int(timestamp)),
        resolved=resolved != 0,
    )


def _read_game(context: CallContext, game_id: int) -> tuple[Hash32, Seconds, bytes]:
    record = read_struct(context, compute_game_slot(game_id, "game"), GAME_RECORD_TYPES)
    if record is None:
        raise GameNotFound(f"no dispute game {game_id}")
    prestate, created_at, game_input = record
    return Hash32(abi_bytes(prestate)), Seconds(abi_int(created_at)), abi_bytes(game_input)


def read_game_status(context: CallContext, game_id: int) -> GameStatus:
    """Return a game's status from contract storage; raise GameNotFound if unknown."""
    # every game has its root claim, so a game without claims does not exist
    if read_uint(context, compute_game_slot(game_id, "claim_count")) == 0:
        raise GameNotFound(f"no dispute game {game_id}")
    return GameStatus(read_uint(context, compute_game_slot(game_id, "status")))


def _check_in_progress(context: CallContext, game_id: int) -> None:
    if read_game_status(context, game_id) != GameStatus.IN_PROGRESS:
        raise GameAlreadyResolved(f"dispute game {game_id} is resolved")


def _read_claim(context: CallContext, game_id: int, index: int) -> ClaimData:
    if index >= read_uint(context, compute_game_slot(game_id, "claim_count")):
        raise ClaimNotFound(f"dispute game {game_id} has no claim {index}")
    record = read_struct(context, compute_game_slot(game_id, "claim", index), CLAIM_RECORD_TYPES)
    if record is None:
        raise ClaimNotFound(f"dispute game {game_id} has no claim {index}")
    countered_by = read_storage(context, compute_game_slot(game_id, "countered_by", index))
    resolved = read_uint(context, compute_game_slot(game_id, "resolved", index))
    return _claim_from_record(record, countered_by, resolved)


def _write_new_claim(context: CallContext, game_id: int, index: int, claim: ClaimData) -> None:
    record: list[AbiValue] = [
        claim.parent_index,
        claim.claimant,
        claim.bond,
        claim.claim,
        claim.position,
        claim.clock_duration,
        claim.clock_timestamp,
    ]
    write_struct(context, compute_game_slot(game_id, "claim", index), CLAIM_RECORD_TYPES, record)
    write_uint(context, compute_game_slot(game_id, "claim_count"), index + 1)


def _read_challenger_duration(context: CallContext, game_id: int, claim: ClaimData) -> Seconds:
    parent_duration = Seconds(0)
    if claim.parent_index != NO_PARENT_INDEX:
        parent_duration = _read_claim(context, game_id, claim.parent_index).clock_duration
    return compute_challenger_duration(parent_duration, claim.clock_timestamp, context.timestamp)


def _find_trace_ancestor(
    context: CallContext, game_id: int, position: Position, start_index: int
) -> ClaimData:
    # walks up from claim start_index to the claim at the position's trace ancestor
    target = compute_trace_ancestor_position(position)
    claim = _read_claim(context, game_id, start_index)
    while claim.position != target:
        claim = _read_claim(context, game_id, claim.parent_index)
    return claim


def dispute_game_constructor(context: CallContext) -> tuple[AbiValue, ...]:
    """Deploy the dispute game contract: no arguments, no initial state."""
    return ()


def create_game(
    context: CallContext,
    prestate: Hash32,
    game_input: bytes,
    root_claim: Hash32,
    *,
    claimant: Address,
    bond: Wei,
) -> int:
    """Store a new game and its root claim at position 1; emit GameCreated; return its id."""
    game_id = read_uint(context, GAME_COUNT_SLOT) + 1
    write_uint(context, GAME_COUNT_SLOT, game_id)
    game_record: list[AbiValue] = [prestate, context.timestamp, game_input]
    write_struct(context, compute_game_slot(game_id, "game"), GAME_RECORD_TYPES, game_record)
    root = ClaimData(
        parent_index=NO_PARENT_INDEX,
        countered_by=NOBODY,
        claimant=claimant,
        bond=bond,
        claim=root_claim,
        position=ROOT_POSITION,
        clock_duration=Seconds(0),
        clock_timestamp=context.timestamp,
        resolved=False,
    )
    _write_new_claim(context, game_id, 0, root)
    emit_event(
        context,
        "GameCreated",
        ("uint256", "bytes32", "address", "uint256"),
        [game_id, root_claim, claimant, bond],
    )
    return game_id


def dispute_game_create(
    context: CallContext, root_claim: bytes, game_input: bytes, *, system: StepSystem
) -> tuple[AbiValue, ...]:
    """Create a game on the caller's root claim and bond for `game_input`; return its id."""
    prestate = system.compute_absolute_prestate(game_input)
    if prestate is None:
        raise InvalidGameInput("the step system computes no absolute prestate from this input")
    required = compute_required_bond(ROOT_POSITION)
    if context.value < required:
        raise BondTooLow(f"the root claim needs a bond of {required} wei, got {context.value}")
    game_id = create_game(
        context,
        prestate,
        game_input,
        Hash32(root_claim),
        claimant=context.sender,
        bond=context.value,
    )
    return (game_id,)


def _dispute_game_move(
    context: CallContext,
    game_id: int,
    parent_index: int,
    claim: bytes,
    is_attack: bool,
    *,
    system: StepSystem,
) -> tuple[AbiValue, ...]:
    _check_in_progress(context, game_id)
    parent = _read_claim(context, game_id, parent_index)
    if compute_depth(parent.position) >= system.max_game_depth:
        raise InvalidPosition(f"claim {parent_index} is at the maximum depth: counter it by step")
    if not is_attack and parent.position == ROOT_POSITION:
        raise CannotDefendRootClaim("the root claim can be attacked, not defended")
    if is_attack:
        position = compute_attack_position(parent.position)
    else:
        position = compute_defend_position(parent.position)
    required = compute_required_bond(position)
    if context.value < required:
        raise BondTooLow(f"position {position} needs a bond of {required} wei, got {context.value}")
    duration = _read_challenger_duration(context, game_id, parent)
    if duration >= MAX_CLOCK_DURATION_SECONDS:
        raise ClockExpired(f"the clock to counter claim {parent_index} has run out")
    key = call_keccak256(context, encode_claim_key(game_id, parent_index, position, Hash32(claim)))
    exists_slot = compute_game_slot(game_id, "claim_exists", int.from_bytes(key, "big"))
    if read_uint(context, exists_slot) != 0:
        raise ClaimAlreadyExists(f"claim {parent_index} already has this counter at {position}")
    index = read_uint(context, compute_game_slot(game_id, "claim_count"))
    child_count_slot = compute_game_slot(game_id, "child_count", parent_index)
    child_count = read_uint(context, child_count_slot)
    new_claim = ClaimData(
        parent_index=parent_index,
        countered_by=NOBODY,
        claimant=context.sender,
        bond=context.value,
        claim=Hash32(claim),
        position=position,
        clock_duration=compute_next_clock_duration(duration),
        clock_timestamp=context.timestamp,
        resolved=False,
    )
    _write_new_claim(context, game_id, index, new_claim)
    write_uint(context, exists_slot, 1)
    write_uint(context, compute_game_slot(game_id, "child", parent_index, child_count), index)
    write_uint(context, child_count_slot, child_count + 1)
    emit_event(
        context,
        "Move",
        ("uint256", "uint256", "uint256", "bytes32", "uint256", "address"),
        [game_id, parent_index, index, claim, position, context.sender],
    )
    return (index,)


def dispute_game_attack(
    context: CallContext, game_id: int, parent_index: int, claim: bytes, *, system: StepSystem
) -> tuple[AbiValue, ...]:
    """Counter claim `parent_index` at its attack position; return the new claim's index."""
    return _dispute_game_move(context, game_id, parent_index, claim, True, system=system)


def dispute_game_defend(
    context: CallContext, game_id: int, parent_index: int, claim: bytes, *, system: StepSystem
) -> tuple[AbiValue, ...]:
    """Counter claim `parent_index` at its defend position; return the new claim's index."""
    return _dispute_game_move(context, game_id, parent_index, claim, False, system=system)


def dispute_game_step(
    context: CallContext,
    game_id: int,
    claim_index: int,
    is_attack: bool,
    proof: bytes,
    *,
    system: StepSystem,
) -> tuple[AbiValue, ...]:
    """Counter a max-depth claim by running one step on L1; mark the caller as its counter."""
    _check_in_progress(context, game_id)
    prestate, _, game_input = _read_game(context, game_id)
    claim = _read_claim(context, game_id, claim_index)
    if compute_depth(claim.position) != system.max_game_depth:
        raise InvalidPosition(f"claim {claim_index} is above the maximum depth: counter it by move")
    if claim.countered_by != NOBODY:
        raise ClaimAlreadyCountered(f"a step has already countered claim {claim_index}")
    if _read_challenger_duration(context, game_id, claim) >= MAX_CLOCK_DURATION_SECONDS:
        raise ClockExpired(f"the clock to counter claim {claim_index} has run out")
    trace_index = compute_trace_index(claim.position, system.max_game_depth)
    if is_attack:
        # the claim is the post-state; the pre-state is the state one step before it
        step_index = trace_index
        post_state = claim.claim
        post_agrees = True
        if trace_index == 0:
            pre_state = prestate
        else:
            pre_position = Position(claim.position - 1)
            pre_state = _find_trace_ancestor(context, game_id, pre_position, claim_index).claim
    else:
        # the claim is the pre-state; the post-state is the claim one step after it
        step_index = trace_index + 1
        pre_state = claim.claim
        post_position = Position(claim.position + 1)
        post = _find_trace_ancestor(context, game_id, post_position, claim_index)
        post_state = post.claim
        post_agrees = (compute_depth(claim.position) - compute_depth(post.position)) % 2 == 0
    charge_gas(context, system.compute_step_gas(proof))
    result = system.execute_step(game_input, pre_state, step_index, proof)
    if result is None:
        raise InvalidStepProof(f"the proof does not execute step {step_index} from the pre-state")
    if (result == post_state) == post_agrees:
        raise StepDoesNotCounterClaim(f"step {step_index} agrees with claim {claim_index}")
    write_storage(context, compute_game_slot(game_id, "countered_by", claim_index), context.sender)
    emit_event(
        context,
        "Step",
        ("uint256", "uint256", "bool", "address"),
        [game_id, claim_index, is_attack, context.sender],
    )
    return ()


def dispute_game_resolve_claim(
    context: CallContext, game_id: int, claim_index: int
) -> tuple[AbiValue, ...]:
    """Resolve a claim once its clock ran out and its counters are resolved; pay its bond."""
    _check_in_progress(context, game_id)
    claim = _read_claim(context, game_id, claim_index)
    if claim.resolved:
        raise ClaimAlreadyResolved(f"claim {claim_index} is resolved")
    if _read_challenger_duration(context, game_id, claim) < MAX_CLOCK_DURATION_SECONDS:
        raise ClockNotExpired(f"claim {claim_index} can still be countered")
    child_count = read_uint(context, compute_game_slot(game_id, "child_count", claim_index))
    children: list[ClaimData] = []
    for number in range(child_count):
        child_index = read_uint(context, compute_game_slot(game_id, "child", claim_index, number))
        child = _read_claim(context, game_id, child_index)
        if not child.resolved:
            raise OutOfOrderResolution(f"counter {child_index} of claim {claim_index} is open")
        children.append(child)
    # a claim without counters keeps what a step set, if anything
    countered_by = compute_subgame_counter(children) if children else claim.countered_by
    recipient = claim.claimant if countered_by == NOBODY else countered_by
    if countered_by != claim.countered_by:
        write_storage(
            context, compute_game_slot(game_id, "countered_by", claim_index), countered_by
        )
    write_uint(context, compute_game_slot(game_id, "resolved", claim_index), 1)
    transfer_ether(context, recipient, claim.bond)
    emit_event(
        context,
        "ClaimResolved",
        ("uint256", "uint256", "address", "uint256"),
        [game_id, claim_index, recipient, claim.bond],
    )
    return ()


def dispute_game_resolve(context: CallContext, game_id: int) -> tuple[AbiValue, ...]:
    """Resolve the game after its root claim: DEFENDER_WINS unless a counter stands; return it."""
    _check_in_progress(context, game_id)
    root = _read_claim(context, game_id, 0)
    if not root.resolved:
        raise OutOfOrderResolution(f"the root claim of dispute game {game_id} is open")
    # the root stands, and its proposer wins, unless a counter to it stands
    won = root.countered_by == NOBODY
    status = GameStatus.DEFENDER_WINS if won else GameStatus.CHALLENGER_WINS
    write_uint(context, compute_game_slot(game_id, "status"), status)
    write_uint(context, compute_game_slot(game_id, "resolved_at"), context.timestamp)
    emit_event(context, "Resolved", ("uint256", "uint256"), [game_id, int(status)])
    return (int(status),)


def dispute_game_get_game(context: CallContext, game_id: int) -> tuple[AbiValue, ...]:
    """Return a game's status, creation and resolution times, prestate, claims and input."""
    prestate, created_at, game_input = _read_game(context, game_id)
    status = read_uint(context, compute_game_slot(game_id, "status"))
    resolved_at = read_uint(context, compute_game_slot(game_id, "resolved_at"))
    claim_count = read_uint(context, compute_game_slot(game_id, "claim_count"))
    return (status, created_at, resolved_at, prestate, claim_count, game_input)


def dispute_game_get_claim(
    context: CallContext, game_id: int, claim_index: int
) -> tuple[AbiValue, ...]:
    """Return every field of claim `claim_index` of a game."""
    _read_game(context, game_id)
    claim = _read_claim(context, game_id, claim_index)
    return (
        claim.parent_index,
        claim.countered_by,
        claim.claimant,
        claim.bond,
        claim.claim,
        claim.position,
        claim.clock_duration,
        claim.clock_timestamp,
        claim.resolved,
    )


def dispute_game_get_required_bond(context: CallContext, position: int) -> tuple[AbiValue, ...]:
    """Return the bond (wei) required for a claim at `position`."""
    if position < ROOT_POSITION:
        raise InvalidPosition("positions start at 1, the root")
    return (compute_required_bond(Position(position)),)


def dispute_game_get_challenger_duration(
    context: CallContext, game_id: int, claim_index: int
) -> tuple[AbiValue, ...]:
    """Return the seconds the countering side used on a claim, now."""
    _read_game(context, game_id)
    claim = _read_claim(context, game_id, claim_index)
    return (_read_challenger_duration(context, game_id, claim),)


def make_dispute_game_contract(name: str, system: StepSystem) -> ContractDefinition:
    """Return the dispute game contract over a step system of depth 1 to 64."""
    if not 1 <= system.max_game_depth <= MAX_SUPPORTED_GAME_DEPTH:
        raise InvalidStepSystem(
            f"the maximum game depth is in [1, {MAX_SUPPORTED_GAME_DEPTH}], "
            f"got {system.max_game_depth}"
        )
    move_types = ("uint256", "uint256", "bytes32")
    return ContractDefinition(
        name=name,
        constructor=Method("constructor", (), (), dispute_game_constructor),
        methods=(
            Method(
                "create",
                ("bytes32", "bytes"),
                ("uint256",),
                partial(dispute_game_create, system=system),
                payable=True,
            ),
            Method(
                "attack",
                move_types,
                ("uint256",),
                partial(dispute_game_attack, system=system),
                True,
            ),
            Method(
                "defend",
                move_types,
                ("uint256",),
                partial(dispute_game_defend, system=system),
                True,
            ),
            Method(
                "step",
                ("uint256", "uint256", "bool", "bytes"),
                (),
                partial(dispute_game_step, system=system),
            ),
            Method("resolveClaim", ("uint256", "uint256"), (), dispute_game_resolve_claim),
            Method("resolve", ("uint256",), ("uint256",), dispute_game_resolve),
            Method("getGame", ("uint256",), GAME_VIEW_TYPES, dispute_game_get_game),
            Method("getClaim", ("uint256", "uint256"), CLAIM_VIEW_TYPES, dispute_game_get_claim),
            Method("getRequiredBond", ("uint256",), ("uint256",), dispute_game_get_required_bond),
            Method(
                "getChallengerDuration",
                ("uint256", "uint256"),
                ("uint256",),
                dispute_game_get_challenger_duration,
            ),
        ),
    )


def _get_uint(state: State, contract: Address, slot: Hash32) -> int:
    return int.from_bytes(get_storage(state, contract, slot), "big")


def get_game_status(state: State, contract: Address, game_id: int) -> GameStatus:
    """Return a game's status read from the L1 state; raise GameNotFound if unknown."""
    if _get_uint(state, contract, compute_game_slot(game_id, "claim_count")) == 0:
        raise GameNotFound(f"no dispute game {game_id} at 0x{contract.hex()}")
    return GameStatus(_get_uint(state, contract, compute_game_slot(game_id, "status")))


def get_game_view(state: State, contract: Address, game_id: int, timestamp: Seconds) -> GameView:
    """Return a game and all its claims read from the L1 state, with clocks at `timestamp`."""
    status = get_game_status(state, contract, game_id)
    game_data = get_storage(state, contract, compute_game_slot(game_id, "game"))
    prestate, created_at, game_input = decode_abi(GAME_RECORD_TYPES, game_data)
    claims: list[ClaimData] = []
    for index in range(_get_uint(state, contract, compute_game_slot(game_id, "claim_count"))):
        data = get_storage(state, contract, compute_game_slot(game_id, "claim", index))
        countered_by = get_storage(
            state, contract, compute_game_slot(game_id, "countered_by", index)
        )
        resolved = _get_uint(state, contract, compute_game_slot(game_id, "resolved", index))
        claims.append(
            _claim_from_record(decode_abi(CLAIM_RECORD_TYPES, data), countered_by, resolved)
        )
    return GameView(
        game_id=game_id,
        status=status,
        created_at=Seconds(abi_int(created_at)),
        resolved_at=Seconds(_get_uint(state, contract, compute_game_slot(game_id, "resolved_at"))),
        absolute_prestate=Hash32(abi_bytes(prestate)),
        game_input=abi_bytes(game_input),
        claims=tuple(claims),
        timestamp=timestamp,
    )


def get_challenger_duration(game: GameView, claim_index: int) -> Seconds:
    """Return the seconds the countering side has used on a claim at the view's time."""
    claim = game.claims[claim_index]
    parent_duration = Seconds(0)
    if claim.parent_index != NO_PARENT_INDEX:
        parent_duration = game.claims[claim.parent_index].clock_duration
    return compute_challenger_duration(parent_duration, claim.clock_timestamp, game.timestamp)


def get_children(game: GameView, claim_index: int) -> list[int]:
    """Return the indexes of the claims whose parent is claim `claim_index`."""
    return [index for index, claim in enumerate(game.claims) if claim.parent_index == claim_index]


def compute_hash_chain_prestate(game_input: bytes) -> Hash32 | None:
    """Return the hash-chain prestate: the 32-byte game input, or None otherwise."""
    return Hash32(game_input) if len(game_input) == HASH32_LENGTH else None


def execute_hash_chain_step(
    game_input: bytes, pre_state: Hash32, step_index: int, proof: bytes
) -> Hash32 | None:
    """Return the keccak256 of the pre-state if the proof is empty, else None."""
    return keccak256(pre_state) if proof == b"" else None


def compute_hash_chain_step_gas(proof: bytes) -> int:
    """Return the gas of one hash-chain step: one keccak256 of 32 bytes."""
    return compute_keccak256_gas(HASH32_LENGTH)


def make_hash_chain_step_system(max_game_depth: int) -> StepSystem:
    """Return the step system whose every step is one keccak256 of the state."""
    return StepSystem(
        max_game_depth=max_game_depth,
        compute_absolute_prestate=compute_hash_chain_prestate,
        execute_step=execute_hash_chain_step,
        compute_step_gas=compute_hash_chain_step_gas,
    )


def prove_hash_chain_step(step_index: int) -> bytes:
    """Return the proof of a hash-chain step: always empty."""
    return b""


def compute_hash_chain_trace(seed: Hash32, max_game_depth: int) -> Trace:
    """Return the trace of 2**max_game_depth keccak256 steps from `seed`."""
    commitments = [seed]
    for _ in range(2**max_game_depth):
        commitments.append(keccak256(commitments[-1]))
    return Trace(max_game_depth, tuple(commitments), prove_hash_chain_step)
