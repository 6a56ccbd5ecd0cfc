"""A tiny deterministic register machine whose single step L1 can check: the instruction-level
step system of the dispute game.

See specs/optimistic/step_vm.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial

from l2ref.crypto.hash import keccak256
from l2ref.crypto.merkle import compute_leaf_hash, compute_node_hash
from l2ref.errors import DecodingError, InvalidLength, InvalidVmProgram, NonCanonicalEncoding
from l2ref.l1.gas import compute_keccak256_gas
from l2ref.optimistic.dispute_game import (
    StepSystem,
    Trace,
    make_dispute_game_contract,
)
from l2ref.types import HASH32_LENGTH, Hash32

VM_WORD_BYTES = 8

VM_WORD_MODULUS = 2**64

VM_IMMEDIATE_MODULUS = 2**32

VM_REGISTER_COUNT = 4

VM_MEMORY_DEPTH = 8

VM_MEMORY_SIZE = 1 << VM_MEMORY_DEPTH

VM_STATE_LENGTH = VM_WORD_BYTES * (2 + VM_REGISTER_COUNT) + HASH32_LENGTH + 1

VM_WITNESS_LENGTH = VM_WORD_BYTES + HASH32_LENGTH * VM_MEMORY_DEPTH

OP_HALT = 0

OP_SET = 1

OP_ADD = 2

OP_SUB = 3

OP_MUL = 4

OP_JUMPI = 5

OP_LOAD = 6

OP_STORE = 7

SAMPLE_INPUT_ADDRESS = 128

SAMPLE_OUTPUT_ADDRESS = 129


@dataclass(frozen=True)
class VmState:
    """The committed VM state: pc, registers, memory root, halted flag and step count."""

    pc: int
    registers: tuple[int, ...]
    memory_root: Hash32
    halted: bool
    step: int


@dataclass(frozen=True)
class VmInstruction:
    """A decoded VM instruction: opcode, registers a, b, c and a 32-bit immediate."""

    opcode: int
    a: int
    b: int
    c: int
    immediate: int


@dataclass(frozen=True)
class VmMachine:
    """A full VM: its state, its 256 memory words and the memory's Merkle tree."""

    state: VmState
    memory: tuple[int, ...]
    # the memory tree by height: tree[0] holds the leaf hashes, tree[VM_MEMORY_DEPTH] the root
    tree: tuple[tuple[Hash32, ...], ...]


def encode_vm_word(word: int) -> bytes:
    """Return a 64-bit VM word as 8 big-endian bytes."""
    return word.to_bytes(VM_WORD_BYTES, "big")


def encode_vm_instruction(instruction: VmInstruction) -> int:
    """Return the word of an instruction: opcode, a, b, c bytes, then the immediate."""
    fields = (instruction.opcode, instruction.a, instruction.b, instruction.c)
    high = int.from_bytes(bytes(fields), "big")
    return high * VM_IMMEDIATE_MODULUS + instruction.immediate


def decode_vm_instruction(word: int) -> VmInstruction | None:
    """Return the instruction a word encodes, or None for a bad opcode or register."""
    opcode, a, b, c = encode_vm_word(word)[:4]
    if opcode > OP_STORE or max(a, b, c) >= VM_REGISTER_COUNT:
        return None
    return VmInstruction(opcode, a, b, c, word % VM_IMMEDIATE_MODULUS)


def is_memory_instruction(instruction: VmInstruction) -> bool:
    """Return whether the instruction is a LOAD or a STORE."""
    return instruction.opcode in (OP_LOAD, OP_STORE)


def encode_vm_state(state: VmState) -> bytes:
    """Return the 81-byte VM state: pc, registers, memory root, halted byte, step."""
    return (
        encode_vm_word(state.pc)
        + b"".join(encode_vm_word(register) for register in state.registers)
        + state.memory_root
        + (b"\x01" if state.halted else b"\x00")
        + encode_vm_word(state.step)
    )


def decode_vm_state(data: bytes) -> VmState:
    """Decode a VM state of VM_STATE_LENGTH bytes; raise on a bad length, flag or pc."""
    if len(data) != VM_STATE_LENGTH:
        raise InvalidLength(f"a VM state is {VM_STATE_LENGTH} bytes, got {len(data)}")
    words = [
        int.from_bytes(data[i : i + VM_WORD_BYTES], "big")
        for i in range(0, VM_WORD_BYTES * (1 + VM_REGISTER_COUNT), VM_WORD_BYTES)
    ]
    root_start = VM_WORD_BYTES * (1 + VM_REGISTER_COUNT)
    halted_byte = data[root_start + HASH32_LENGTH]
    if halted_byte > 1:
        raise NonCanonicalEncoding(f"the halted flag is 0 or 1, got {halted_byte}")
    if words[0] >= VM_MEMORY_SIZE:
        raise NonCanonicalEncoding(f"the pc is below {VM_MEMORY_SIZE}, got {words[0]}")
    return VmState(
        pc=words[0],
        registers=tuple(words[1:]),
        memory_root=Hash32(data[root_start : root_start + HASH32_LENGTH]),
        halted=halted_byte == 1,
        step=int.from_bytes(data[-VM_WORD_BYTES:], "big"),
    )


def compute_vm_state_commitment(state: VmState) -> Hash32:
    """Return the keccak256 of a VM state's encoding: its commitment."""
    return keccak256(encode_vm_state(state))


def compute_memory_tree(memory: Sequence[int]) -> tuple[tuple[Hash32, ...], ...]:
    """Return the Merkle tree of the memory words, leaf hashes first, root last."""
    level = tuple(compute_leaf_hash(encode_vm_word(word)) for word in memory)
    tree = [level]
    while len(level) > 1:
        level = tuple(compute_node_hash(level[i], level[i + 1]) for i in range(0, len(level), 2))
        tree.append(level)
    return tuple(tree)


def compute_memory_proof(tree: tuple[tuple[Hash32, ...], ...], address: int) -> tuple[Hash32, ...]:
    """Return the 8 sibling hashes from the leaf at `address` up to the root."""
    return tuple(tree[height][(address >> height) ^ 1] for height in range(VM_MEMORY_DEPTH))


def compute_memory_root_from_proof(address: int, word: int, proof: Sequence[Hash32]) -> Hash32:
    """Return the memory root that `word` at `address` and its proof give."""
    node = compute_leaf_hash(encode_vm_word(word))
    for height, sibling in enumerate(proof):
        if (address >> height) & 1:
            node = compute_node_hash(sibling, node)
        else:
            node = compute_node_hash(node, sibling)
    return node


def update_memory_tree(
    tree: tuple[tuple[Hash32, ...], ...], address: int, word: int
) -> tuple[tuple[Hash32, ...], ...]:
    """Return the memory tree with the word at `address` replaced and its path rehashed."""
    levels = [list(level) for level in tree]
    levels[0][address] = compute_leaf_hash(encode_vm_word(word))
    for height in range(1, VM_MEMORY_DEPTH + 1):
        index = address >> height
        children = levels[height - 1]
        levels[height][index] = compute_node_hash(children[2 * index], children[2 * index + 1])
    return tuple(tuple(level) for level in levels)


def compute_vm_address(state: VmState, instruction: VmInstruction) -> int:
    """Return the memory address of a LOAD or STORE: register b plus the immediate."""
    return (state.registers[instruction.b] + instruction.immediate) % VM_MEMORY_SIZE


def apply_vm_instruction(
    state: VmState, instruction: VmInstruction | None, memory_word: int
) -> VmState:
    """Return the state after one instruction, the memory root left to the caller."""
    # one step of a running machine, but for the memory root; memory_word is what a LOAD reads
    step = state.step + 1
    if instruction is None or instruction.opcode == OP_HALT:
        # an undecodable word halts the machine like HALT does
        return replace(state, halted=True, step=step)
    registers = list(state.registers)
    opcode, a, b, c = instruction.opcode, instruction.a, instruction.b, instruction.c
    next_pc = (state.pc + 1) % VM_MEMORY_SIZE
    if opcode == OP_SET:
        registers[a] = instruction.immediate
    elif opcode == OP_ADD:
        registers[a] = (registers[b] + registers[c]) % VM_WORD_MODULUS
    elif opcode == OP_SUB:
        registers[a] = (registers[b] - registers[c]) % VM_WORD_MODULUS
    elif opcode == OP_MUL:
        registers[a] = (registers[b] * registers[c]) % VM_WORD_MODULUS
    elif opcode == OP_JUMPI and registers[a] != 0:
        next_pc = instruction.immediate % VM_MEMORY_SIZE
    elif opcode == OP_LOAD:
        registers[a] = memory_word
    # a STORE changes only the memory, whose new root the caller computes
    return VmState(next_pc, tuple(registers), state.memory_root, False, step)


def load_vm_program(program: Sequence[int], data: Mapping[int, int]) -> VmMachine:
    """Return a machine with the program from address 0 and `data` in memory."""
    if len(program) > VM_MEMORY_SIZE:
        raise InvalidVmProgram(f"the memory holds {VM_MEMORY_SIZE} words, got {len(program)}")
    memory = [0] * VM_MEMORY_SIZE
    memory[: len(program)] = program
    for address, word in sorted(data.items()):
        if not 0 <= address < VM_MEMORY_SIZE:
            raise InvalidVmProgram(f"address {address} is outside the memory")
        memory[address] = word
    if not all(0 <= word < VM_WORD_MODULUS for word in memory):
        raise InvalidVmProgram("a memory word is outside [0, 2^64 - 1]")
    tree = compute_memory_tree(memory)
    state = VmState(0, (0,) * VM_REGISTER_COUNT, tree[-1][0], False, 0)
    return VmMachine(state, tuple(memory), tree)


def step_vm(machine: VmMachine) -> VmMachine:
    """Return the machine after one step; a halted machine is returned unchanged."""
    state = machine.state
    if state.halted:
        return machine
    instruction = decode_vm_instruction(machine.memory[state.pc])
    if instruction is None or not is_memory_instruction(instruction):
        return replace(machine, state=apply_vm_instruction(state, instruction, 0))
    address = compute_vm_address(state, instruction)
    post = apply_vm_instruction(state, instruction, machine.memory[address])
    if instruction.opcode == OP_LOAD:
        return replace(machine, state=post)
    word = state.registers[instruction.a]
    memory = list(machine.memory)
    memory[address] = word
    tree = update_memory_tree(machine.tree, address, word)
    return VmMachine(replace(post, memory_root=tree[-1][0]), tuple(memory), tree)


def encode_vm_witness(word: int, proof: Sequence[Hash32]) -> bytes:
    """Return a memory witness: the word, then its 8 sibling hashes."""
    return encode_vm_word(word) + b"".join(proof)


def compute_vm_step_proof(machine: VmMachine) -> bytes:
    """Return the one-step proof: pre-state, then the witnesses of the words read."""
    state = machine.state
    proof = encode_vm_state(state)
    if state.halted:
        return proof
    proof += encode_vm_witness(
        machine.memory[state.pc], compute_memory_proof(machine.tree, state.pc)
    )
    instruction = decode_vm_instruction(machine.memory[state.pc])
    if instruction is not None and is_memory_instruction(instruction):
        address = compute_vm_address(state, instruction)
        witness = encode_vm_witness(
            machine.memory[address], compute_memory_proof(machine.tree, address)
        )
        proof += witness
    return proof


def _parse_witness(witnesses: bytes, number: int) -> tuple[int, tuple[Hash32, ...]]:
    start = number * VM_WITNESS_LENGTH
    data = witnesses[start : start + VM_WITNESS_LENGTH]
    word = int.from_bytes(data[:VM_WORD_BYTES], "big")
    path = tuple(
        Hash32(data[i : i + HASH32_LENGTH])
        for i in range(VM_WORD_BYTES, VM_WITNESS_LENGTH, HASH32_LENGTH)
    )
    return word, path


def compute_vm_post_commitment(pre_commitment: Hash32, proof: bytes) -> Hash32 | None:
    """Return the post-state commitment a one-step proof proves, or None if invalid."""
    try:
        state = decode_vm_state(proof[:VM_STATE_LENGTH])
    except DecodingError:
        return None
    if compute_vm_state_commitment(state) != pre_commitment:
        return None
    witnesses = proof[VM_STATE_LENGTH:]
    if state.halted:
        # a halted machine stays as it is
        return pre_commitment if not witnesses else None
    if len(witnesses) not in (VM_WITNESS_LENGTH, 2 * VM_WITNESS_LENGTH):
        return None
    word, path = _parse_witness(witnesses, 0)
    if compute_memory_root_from_proof(state.pc, word, path) != state.memory_root:
        return None
    instruction = decode_vm_instruction(word)
    if instruction is None or not is_memory_instruction(instruction):
        if len(witnesses) != VM_WITNESS_LENGTH:
            return None
        return compute_vm_state_commitment(apply_vm_instruction(state, instruction, 0))
    if len(witnesses) != 2 * VM_WITNESS_LENGTH:
        return None
    address = compute_vm_address(state, instruction)
    memory_word, memory_path = _parse_witness(witnesses, 1)
    if compute_memory_root_from_proof(address, memory_word, memory_path) != state.memory_root:
        return None
    post = apply_vm_instruction(state, instruction, memory_word)
    if instruction.opcode == OP_STORE:
        stored = state.registers[instruction.a]
        post = replace(
            post, memory_root=compute_memory_root_from_proof(address, stored, memory_path)
        )
    return compute_vm_state_commitment(post)


def verify_vm_step(pre_commitment: Hash32, post_commitment: Hash32, proof: bytes) -> bool:
    """Return whether the proof takes `pre_commitment` to `post_commitment` in one step."""
    return compute_vm_post_commitment(pre_commitment, proof) == post_commitment


def compute_vm_step_gas(proof: bytes) -> int:
    """Return the L1 gas of checking a VM step proof: its keccak256 hashing."""
    witness_count = max(len(proof) - VM_STATE_LENGTH, 0) // VM_WITNESS_LENGTH
    path_gas = compute_keccak256_gas(1 + VM_WORD_BYTES) + VM_MEMORY_DEPTH * compute_keccak256_gas(
        1 + 2 * HASH32_LENGTH
    )
    # the state is hashed twice, pre and post; a store hashes the path of its word twice
    hashed_paths = witness_count + (1 if witness_count >= 2 else 0)
    return 2 * compute_keccak256_gas(VM_STATE_LENGTH) + hashed_paths * path_gas


def _prove_from_machines(machines: tuple[VmMachine, ...], step_index: int) -> bytes:
    # past the end of the run the machine is halted and stays as it is
    return compute_vm_step_proof(machines[min(step_index, len(machines) - 1)])


def compute_vm_trace(machine: VmMachine, max_game_depth: int) -> Trace:
    """Return the trace of the machine's run over 2**max_game_depth steps, padded with its end."""
    machines = [machine]
    while len(machines) <= 2**max_game_depth and not machines[-1].state.halted:
        machines.append(step_vm(machines[-1]))
    commitments = [compute_vm_state_commitment(item.state) for item in machines]
    commitments += [commitments[-1]] * (2**max_game_depth + 1 - len(commitments))
    return Trace(max_game_depth, tuple(commitments), partial(_prove_from_machines, tuple(machines)))


def compute_vm_absolute_prestate(game_input: bytes) -> Hash32 | None:
    """Return the VM game's prestate: the 32-byte input, or None otherwise."""
    # a VM game's input is the commitment to the machine it starts from
    return Hash32(game_input) if len(game_input) == HASH32_LENGTH else None


def execute_vm_step(
    game_input: bytes, pre_state: Hash32, step_index: int, proof: bytes
) -> Hash32 | None:
    """Return the post-state commitment of one VM step from `pre_state`, or None."""
    return compute_vm_post_commitment(pre_state, proof)


def make_vm_step_system(max_game_depth: int) -> StepSystem:
    """Return the VM step system for dispute games of depth `max_game_depth`."""
    return StepSystem(
        max_game_depth=max_game_depth,
        compute_absolute_prestate=compute_vm_absolute_prestate,
        execute_step=execute_vm_step,
        compute_step_gas=compute_vm_step_gas,
    )


VM_MAX_GAME_DEPTH = 6

VM_STEP_SYSTEM = make_vm_step_system(VM_MAX_GAME_DEPTH)

VM_DISPUTE_GAME_CONTRACT_NAME = "VmDisputeGame"

VM_DISPUTE_GAME_CONTRACT = make_dispute_game_contract(VM_DISPUTE_GAME_CONTRACT_NAME, VM_STEP_SYSTEM)


def compute_sample_program() -> tuple[int, ...]:
    """Return the sample program: store 1^2 + ... + n^2 for the n at address 128."""
    # r1 = 1^2 + 2^2 + ... + n^2 with n read from SAMPLE_INPUT_ADDRESS; then stored and halted
    return tuple(
        encode_vm_instruction(VmInstruction(opcode, a, b, c, immediate))
        for opcode, a, b, c, immediate in (
            (OP_SET, 1, 0, 0, 0),
            (OP_SET, 2, 0, 0, 1),
            (OP_LOAD, 0, 3, 0, SAMPLE_INPUT_ADDRESS),
            (OP_JUMPI, 0, 0, 0, 5),
            (OP_JUMPI, 2, 0, 0, 9),
            (OP_MUL, 3, 0, 0, 0),
            (OP_ADD, 1, 1, 3, 0),
            (OP_SUB, 0, 0, 2, 0),
            (OP_JUMPI, 2, 0, 0, 3),
            (OP_SET, 3, 0, 0, 0),
            (OP_STORE, 1, 3, 0, SAMPLE_OUTPUT_ADDRESS),
            (OP_HALT, 0, 0, 0, 0),
        )
    )


def load_sample_program(n: int) -> VmMachine:
    """Return a machine with the sample program loaded and `n` as its input."""
    return load_vm_program(compute_sample_program(), {SAMPLE_INPUT_ADDRESS: n})
