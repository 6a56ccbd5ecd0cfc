"""The instruction-level step machine (specs/optimistic/step_vm.md): I-VM-1 to I-VM-4."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l2ref.crypto.hash import keccak256
from l2ref.crypto.merkle import compute_merkle_root, verify_merkle_proof
from l2ref.errors import DecodingError, InvalidLength, NonCanonicalEncoding
from l2ref.optimistic.dispute_game import ROOT_POSITION, compute_trace_index
from l2ref.optimistic.step_vm import (
    OP_ADD,
    OP_HALT,
    OP_JUMPI,
    OP_LOAD,
    OP_MUL,
    OP_SET,
    OP_STORE,
    OP_SUB,
    SAMPLE_OUTPUT_ADDRESS,
    VM_DISPUTE_GAME_CONTRACT,
    VM_DISPUTE_GAME_CONTRACT_NAME,
    VM_MAX_GAME_DEPTH,
    VM_MEMORY_DEPTH,
    VM_MEMORY_SIZE,
    VM_STATE_LENGTH,
    VM_STEP_SYSTEM,
    VM_WITNESS_LENGTH,
    VM_WORD_MODULUS,
    VmInstruction,
    VmMachine,
    compute_memory_proof,
    compute_memory_root_from_proof,
    compute_memory_tree,
    compute_vm_absolute_prestate,
    compute_vm_post_commitment,
    compute_vm_state_commitment,
    compute_vm_step_gas,
    compute_vm_step_proof,
    compute_vm_trace,
    decode_vm_instruction,
    decode_vm_state,
    encode_vm_instruction,
    encode_vm_state,
    encode_vm_word,
    execute_vm_step,
    load_sample_program,
    load_vm_program,
    step_vm,
    verify_vm_step,
)
from l2ref.types import Hash32


def word(opcode: int, a: int = 0, b: int = 0, c: int = 0, immediate: int = 0) -> int:
    return encode_vm_instruction(VmInstruction(opcode, a, b, c, immediate))


def run(program: list[int], data: dict[int, int] | None = None, steps: int = 100) -> VmMachine:
    machine = load_vm_program(program, data or {})
    for _ in range(steps):
        machine = step_vm(machine)
    return machine


def assert_step_verifies(machine: VmMachine) -> None:
    pre = compute_vm_state_commitment(machine.state)
    post = compute_vm_state_commitment(step_vm(machine).state)
    assert verify_vm_step(pre, post, compute_vm_step_proof(machine))


# ----------------------------------------------------------------------------- encodings


def test_memory_tree_root_is_the_merkle_root_of_the_words() -> None:
    memory = [(i * 0x9E3779B97F4A7C15) % VM_WORD_MODULUS for i in range(VM_MEMORY_SIZE)]
    tree = compute_memory_tree(memory)
    assert len(tree) == VM_MEMORY_DEPTH + 1
    assert tree[-1][0] == compute_merkle_root([encode_vm_word(w) for w in memory])
    for address in (0, 1, 77, 128, 255):
        proof = compute_memory_proof(tree, address)
        assert compute_memory_root_from_proof(address, memory[address], proof) == tree[-1][0]
        leaves = encode_vm_word(memory[address])
        assert verify_merkle_proof(tree[-1][0], leaves, address, VM_MEMORY_SIZE, proof)
        assert compute_memory_root_from_proof(address, memory[address] ^ 1, proof) != tree[-1][0]


def test_instruction_encoding_round_trip_and_invalid_words() -> None:
    instruction = VmInstruction(OP_STORE, 3, 2, 1, 0xDEADBEEF)
    encoded = encode_vm_instruction(instruction)
    assert encoded == 0x07030201DEADBEEF
    assert decode_vm_instruction(encoded) == instruction
    assert decode_vm_instruction(0x08 << 56) is None
    assert decode_vm_instruction(word(OP_ADD, 4)) is None
    assert decode_vm_instruction(word(OP_ADD, 0, 0, 4)) is None
    assert decode_vm_instruction(0) == VmInstruction(OP_HALT, 0, 0, 0, 0)


def test_state_encoding_round_trip_and_errors() -> None:
    state = load_sample_program(3).state
    state = replace(state, pc=7, registers=(1, 2**64 - 1, 0, 5), step=9)
    data = encode_vm_state(state)
    assert len(data) == VM_STATE_LENGTH == 81
    assert decode_vm_state(data) == state
    with pytest.raises(InvalidLength):
        decode_vm_state(data[:-1])
    with pytest.raises(NonCanonicalEncoding):
        decode_vm_state(data[:72] + b"\x02" + data[73:])
    with pytest.raises(NonCanonicalEncoding):
        decode_vm_state((256).to_bytes(8, "big") + data[8:])
    assert compute_vm_state_commitment(state) == keccak256(data)


# ----------------------------------------------------------------------------- semantics


def test_arithmetic_wraps_modulo_2_64() -> None:
    program = [
        word(OP_SET, 0, immediate=2**32 - 1),
        word(OP_MUL, 1, 0, 0),
        word(OP_MUL, 1, 1, 1),
        word(OP_SET, 2, immediate=5),
        word(OP_SUB, 3, 2, 0),
        word(OP_ADD, 2, 1, 1),
        word(OP_HALT),
    ]
    machine = run(program)
    r0 = 2**32 - 1
    r1 = (r0 * r0) ** 2 % 2**64
    assert machine.state.registers == (r0, r1, (2 * r1) % 2**64, (5 - r0) % 2**64)
    assert machine.state.halted
    assert machine.state.step == 7


def test_jumps_loads_stores_and_address_wrap() -> None:
    program = [
        word(OP_SET, 0, immediate=0),
        word(OP_JUMPI, 0, immediate=5),  # not taken
        word(OP_SET, 1, immediate=250),
        word(OP_LOAD, 2, 1, immediate=10),  # address 260 mod 256 = 4
        word(OP_JUMPI, 2, immediate=6 + 256),  # taken, to 6
        word(OP_HALT),
        word(OP_STORE, 2, 1, immediate=7),  # mem[257 mod 256 = 1]
        word(OP_HALT),
    ]
    machine = run(program)
    assert machine.state.registers[2] == program[4]
    assert machine.memory[1] == program[4]
    assert machine.state.pc == 7
    assert machine.state.halted
    assert machine.state.memory_root == compute_memory_tree(machine.memory)[-1][0]


def test_an_invalid_word_halts_and_a_halted_machine_stays() -> None:
    machine = run([0x09 << 56], steps=1)
    assert machine.state.halted
    assert machine.state.step == 1
    assert step_vm(machine) == machine
    proof = compute_vm_step_proof(machine)
    assert proof == encode_vm_state(machine.state)
    commitment = compute_vm_state_commitment(machine.state)
    assert verify_vm_step(commitment, commitment, proof)


@pytest.mark.parametrize("n", [0, 1, 2, 10, 50])
def test_sample_program(n: int) -> None:
    machine = load_sample_program(n)
    while not machine.state.halted:
        machine = step_vm(machine)
    assert machine.memory[SAMPLE_OUTPUT_ADDRESS] == sum(i * i for i in range(n + 1))
    assert machine.state.step == 5 * n + 8


# ----------------------------------------------------------------------------- proofs


def test_every_step_of_a_trace_verifies() -> None:
    """I-VM-2: every step of the sample program's trace verifies."""
    trace = compute_vm_trace(load_sample_program(10), VM_MAX_GAME_DEPTH)
    assert len(trace.commitments) == 2**VM_MAX_GAME_DEPTH + 1
    # the run halts at step 58 and stays
    assert trace.commitments[58] != trace.commitments[57]
    assert set(trace.commitments[58:]) == {trace.commitments[58]}
    for index in range(2**VM_MAX_GAME_DEPTH):
        proof = trace.prove_step(index)
        assert verify_vm_step(trace.commitments[index], trace.commitments[index + 1], proof)
        post = execute_vm_step(b"", trace.commitments[index], index, proof)
        assert post == trace.commitments[index + 1]


def tampered_proofs(proof: bytes) -> list[bytes]:
    cases = [proof[:-1], proof + b"\x00", proof[: VM_STATE_LENGTH - 1], b""]
    for offset in range(0, len(proof), 37):
        flipped = bytearray(proof)
        flipped[offset] ^= 0x01
        cases.append(bytes(flipped))
    if len(proof) > VM_STATE_LENGTH:
        cases.append(proof[:VM_STATE_LENGTH])
        cases.append(proof + proof[VM_STATE_LENGTH : VM_STATE_LENGTH + VM_WITNESS_LENGTH])
    return cases


def test_tampered_proofs_never_verify() -> None:
    """I-VM-3: a tampered proof gives None or the true post-state, never another commitment."""
    machine = load_sample_program(2)
    kinds: set[int] = set()
    for _ in range(20):
        pre = compute_vm_state_commitment(machine.state)
        post = compute_vm_state_commitment(step_vm(machine).state)
        proof = compute_vm_step_proof(machine)
        kinds.add(len(proof))
        for bad in tampered_proofs(proof):
            assert compute_vm_post_commitment(pre, bad) in (None, post) or bad == proof
            assert not verify_vm_step(pre, post, bad) or bad == proof
        assert not verify_vm_step(pre, Hash32(keccak256(b"other")), proof)
        assert not verify_vm_step(Hash32(keccak256(b"other")), post, proof)
        machine = step_vm(machine)
    # halted, a plain instruction, a LOAD or STORE
    assert kinds == {
        VM_STATE_LENGTH,
        VM_STATE_LENGTH + VM_WITNESS_LENGTH,
        VM_STATE_LENGTH + 2 * VM_WITNESS_LENGTH,
    }


def test_a_wrong_witness_word_with_a_valid_path_elsewhere_is_rejected() -> None:
    # the proof of a LOAD with the witness of another address
    """I-VM-3: a witness of another address gives None."""
    machine = load_sample_program(4)
    for _ in range(2):
        machine = step_vm(machine)
    assert decode_vm_instruction(machine.memory[machine.state.pc]) is not None
    proof = compute_vm_step_proof(machine)
    other = encode_vm_word(machine.memory[5]) + b"".join(compute_memory_proof(machine.tree, 5))
    forged = proof[: VM_STATE_LENGTH + VM_WITNESS_LENGTH] + other
    assert compute_vm_post_commitment(compute_vm_state_commitment(machine.state), forged) is None


@given(st.binary(max_size=700), st.binary(min_size=32, max_size=32))
def test_the_verifier_never_raises(proof: bytes, pre: bytes) -> None:
    assert compute_vm_post_commitment(Hash32(pre), proof) is None or len(proof) >= VM_STATE_LENGTH
    assert verify_vm_step(Hash32(pre), Hash32(pre), proof) in (True, False)


@given(st.lists(st.integers(0, 2**64 - 1), max_size=24), st.integers(0, 40))
def test_random_programs_prove_every_step(program: list[int], steps: int) -> None:
    # random words make random instructions, invalid ones included
    """I-VM-2: every step of random programs verifies."""
    machine = load_vm_program(program, {})
    for _ in range(steps):
        assert_step_verifies(machine)
        machine = step_vm(machine)


def test_step_system_and_contract() -> None:
    assert VM_STEP_SYSTEM.max_game_depth == VM_MAX_GAME_DEPTH
    assert VM_DISPUTE_GAME_CONTRACT.name == VM_DISPUTE_GAME_CONTRACT_NAME
    commitment = compute_vm_state_commitment(load_sample_program(1).state)
    assert compute_vm_absolute_prestate(commitment) == commitment
    assert compute_vm_absolute_prestate(commitment + b"\x00") is None
    assert compute_vm_absolute_prestate(b"") is None
    assert compute_vm_step_gas(b"\x00" * VM_STATE_LENGTH) == 96
    assert compute_vm_step_gas(b"\x00" * (VM_STATE_LENGTH + VM_WITNESS_LENGTH)) == 516
    assert compute_vm_step_gas(b"\x00" * (VM_STATE_LENGTH + 2 * VM_WITNESS_LENGTH)) == 1_356
    assert compute_trace_index(ROOT_POSITION, VM_MAX_GAME_DEPTH) == 63


@given(
    st.one_of(
        st.binary(max_size=2 * VM_STATE_LENGTH),
        st.binary(min_size=VM_STATE_LENGTH, max_size=VM_STATE_LENGTH),
    )
)
def test_decode_vm_state_raises_only_decoding_errors_and_round_trips(data: bytes) -> None:
    try:
        state = decode_vm_state(data)
    except DecodingError:
        return
    assert encode_vm_state(state) == data


@given(st.integers(0, 2**64 - 1))
def test_decode_vm_instruction_accepts_exactly_the_words_it_can_encode(word: int) -> None:
    instruction = decode_vm_instruction(word)
    if instruction is not None:
        assert encode_vm_instruction(instruction) == word
