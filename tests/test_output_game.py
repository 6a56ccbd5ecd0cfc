"""The output game: the transaction-level step system, its trace, and the rollup variant that
embeds the dispute game (specs/optimistic/output_game.md)."""

from __future__ import annotations

import contextlib
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from optimistic_helpers import (
    ALICE,
    BOB,
    BOB_ADDRESS,
    CAROL,
    CAROL_ADDRESS,
    CENSORED_BLOCKS,
    CHALLENGER,
    CHALLENGER_ADDRESS,
    ETHER,
    L2_CHAIN_ID,
    PROPOSER,
    PROPOSER_ADDRESS,
    SEQUENCER,
    Rollup,
    call,
    derive,
    format_hours,
    l2_transfer,
    new_rollup,
    read_spec_table,
)
from output_game_helpers import (
    build_history,
    decisive_step_item,
    item_kinds,
    lying_trace,
    new_game_rollup,
    play_to_the_end,
)

from l2ref.crypto.hash import keccak256
from l2ref.crypto.secp256k1 import PrivateKey
from l2ref.crypto.smt import encode_smt_proof
from l2ref.encoding.abi import AbiValue, abi_bytes, abi_int
from l2ref.errors import DecodingError, ViewCallReverted
from l2ref.l1.chain import Receipt
from l2ref.l1.driver import (
    SECONDS_PER_BLOCK,
    advance_time,
    get_account_balance,
    get_time,
    mine_block,
    view_call,
)
from l2ref.l1.gas import ECRECOVER_GAS, compute_keccak256_gas, compute_storage_write_gas
from l2ref.l1.types import Wei
from l2ref.optimistic.batches import encode_batch
from l2ref.optimistic.contracts import (
    CHALLENGE_WINDOW_SECONDS,
    OUTPUT_BOND_WEI,
    OUTPUT_DEFEATED,
    OUTPUT_FINALIZED,
    compute_worst_case_withdrawal_seconds,
    output_root_proof_to_abi,
    withdrawal_to_abi,
)
from l2ref.optimistic.derivation import (
    compute_withdrawal_proof_at,
    get_l2_output_root,
    get_l2_output_root_proof,
    honest_user_finalize_withdrawal,
    read_rollup_inputs,
)
from l2ref.optimistic.dispute_game import (
    CLOCK_EXTENSION_SECONDS,
    GameStatus,
    Position,
    Trace,
    compute_game_duration_bound,
    compute_required_bond,
    get_game_view,
    get_trace_claim,
)
from l2ref.optimistic.l2_state import (
    Withdrawal,
    decode_l2_transaction_witness,
    encode_l2_transaction_witness,
)
from l2ref.optimistic.output_game import (
    GENESIS_ANCHOR_INDEX,
    OUTPUT_GAME_MAX_DEPTH,
    SMT_PATH_GAS,
    TRACE_ITEM_SEAL,
    TRACE_ITEM_TRANSACTION,
    OutputGameTrace,
    compute_genesis_output_root,
    compute_output_game_trace,
    compute_output_trace_step_gas,
    compute_worst_case_disputed_withdrawal_seconds,
    decode_output_game_input,
    decode_trace_step_proof,
    encode_output_game_input,
    encode_trace_step_proof,
    encode_transaction_item,
    execute_output_trace_step,
    get_output_game,
    honest_challenger_challenge_output,
)
from l2ref.types import Hash32

ATTACK_POSITION = Position(2)
WITHDRAWAL = Withdrawal(BOB_ADDRESS, 0, BOB_ADDRESS, Wei(ETHER // 2))


@pytest.fixture(scope="module")
def history() -> Rollup:
    rollup = new_game_rollup()
    build_history(rollup)
    return rollup


def output_trace(rollup: Rollup, anchor: int, block: int) -> OutputGameTrace:
    inputs = read_rollup_inputs(rollup.local.chain, rollup.address)
    return compute_output_game_trace(inputs, anchor, block, OUTPUT_GAME_MAX_DEPTH)


def step(trace: OutputGameTrace, index: int, proof: bytes, pre: Hash32 | None = None) -> bytes:
    game_input = encode_output_game_input(trace.game_input)
    start = trace.trace.commitments[index] if pre is None else pre
    result = execute_output_trace_step(game_input, start, index, proof)
    return b"" if result is None else result


# --- the trace ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("anchor", "block"), [(0, 1), (0, 2), (0, 3), (0, 5), (2, 5), (4, 4)])
def test_trace_commitments_are_output_roots_at_block_boundaries(
    history: Rollup, anchor: int, block: int
) -> None:
    """I-OG-1: S_0 is the anchor's output root, each seal's commitment is the output root
    derive_l2_chain gives that block, and the padded trace ends in the disputed block's."""
    chain = derive(history)
    trace = output_trace(history, anchor, block)
    commitments = trace.trace.commitments
    assert len(commitments) == 2**OUTPUT_GAME_MAX_DEPTH + 1
    assert commitments[0] == get_l2_output_root(chain, anchor)
    seals = [i for i, kind in enumerate(item_kinds(trace)) if kind == TRACE_ITEM_SEAL]
    assert len(seals) == block - anchor
    for number, index in zip(range(anchor + 1, block + 1), seals, strict=True):
        assert commitments[index + 1] == get_l2_output_root(chain, number)
    count = len(trace.items)
    assert set(commitments[count:]) == {get_l2_output_root(chain, block)}
    assert trace.game_input.anchor_output_root == commitments[0]
    assert trace.game_input.item_count == count


def test_genesis_output_root_is_the_derived_genesis(history: Rollup) -> None:
    assert compute_genesis_output_root(derive(history).state.chain_id) == get_l2_output_root(
        derive(history), 0
    )


def test_items_follow_derivation(history: Rollup) -> None:
    """One transaction item per transaction derivation tries (an undecodable forced
    transaction excepted), one seal per block."""
    chain = derive(history)
    kinds = item_kinds(output_trace(history, 0, 5))
    tried = [len(receipts) for receipts in chain.receipts[1:]]
    undecodable = sum(
        1 for receipts in chain.receipts for r in receipts if r.error == "InvalidLength"
    )
    assert kinds.count(TRACE_ITEM_TRANSACTION) == sum(tried) - undecodable
    assert kinds.count(TRACE_ITEM_SEAL) == 5


def test_every_step_of_the_trace_verifies(history: Rollup) -> None:
    """I-OG-3: the honest proof of every step, padding included, gives the next commitment."""
    trace = output_trace(history, 0, 5)
    for index in range(len(trace.items) + 3):
        proof = trace.trace.prove_step(index)
        assert step(trace, index, proof) == trace.trace.commitments[index + 1]


def test_a_skipped_transaction_is_a_no_op_step(history: Rollup) -> None:
    chain = derive(history)
    assert chain.receipts[1][3].error == "L2NonceMismatch"
    trace = output_trace(history, 0, 1)
    # block 1: two deposits, a transfer, the skipped transfer, a withdrawal, the seal
    assert trace.trace.commitments[4] == trace.trace.commitments[3]
    assert trace.trace.commitments[3] != trace.trace.commitments[2]


def test_padding_steps_change_nothing_and_take_no_proof(history: Rollup) -> None:
    trace = output_trace(history, 0, 2)
    count = len(trace.items)
    other = keccak256(b"any state")
    assert step(trace, count, b"", pre=other) == other
    assert step(trace, 2**OUTPUT_GAME_MAX_DEPTH - 1, b"") == trace.trace.commitments[-1]
    assert step(trace, count, trace.trace.prove_step(count - 1)) == b""
    assert compute_output_trace_step_gas(b"") == 0


# --- tampered proofs -----------------------------------------------------------------------------


def transfer_step(trace: OutputGameTrace) -> int:
    # the first signed transfer: block 1's third item
    return 2


def test_a_proof_for_another_index_or_pre_state_is_rejected(history: Rollup) -> None:
    trace = output_trace(history, 0, 1)
    index = transfer_step(trace)
    proof = trace.trace.prove_step(index)
    assert step(trace, index + 1, proof, pre=trace.trace.commitments[index]) == b""
    assert step(trace, index, proof, pre=trace.trace.commitments[index + 1]) == b""


def test_a_tampered_witness_is_rejected(history: Rollup) -> None:
    trace = output_trace(history, 0, 1)
    index = transfer_step(trace)
    proof = decode_trace_step_proof(trace.trace.prove_step(index))
    witness = decode_l2_transaction_witness(proof.witness)
    first = witness.accounts[0]
    richer = replace(first, account=replace(first.account, balance=Wei(first.account.balance + 1)))
    tampered = replace(witness, accounts=(richer, *witness.accounts[1:]))
    lacking = replace(witness, accounts=witness.accounts[:1])
    for bad in (tampered, lacking):
        bad_proof = replace(proof, witness=encode_l2_transaction_witness(bad))
        assert step(trace, index, encode_trace_step_proof(bad_proof)) == b""
    # a witness of another state: its roots are not the pre-state's
    other = decode_trace_step_proof(trace.trace.prove_step(index + 2))
    assert step(trace, index, encode_trace_step_proof(replace(proof, witness=other.witness))) == b""


def test_a_transaction_not_in_the_game_is_rejected(history: Rollup) -> None:
    """A proof of a transaction the batch does not hold fails its Merkle proof, even with a
    witness that would execute it."""
    trace = output_trace(history, 0, 1)
    index = transfer_step(trace)
    proof = decode_trace_step_proof(trace.trace.prove_step(index))
    other = l2_transfer(ALICE, 0, CAROL_ADDRESS, ETHER)
    forged = encode_transaction_item(other)
    assert step(trace, index, encode_trace_step_proof(replace(proof, item=forged))) == b""
    assert step(trace, index, encode_trace_step_proof(replace(proof, item_proof=()))) == b""


def test_a_seal_with_a_wrong_transaction_list_is_rejected(history: Rollup) -> None:
    trace = output_trace(history, 0, 1)
    seal = item_kinds(trace).index(TRACE_ITEM_SEAL)
    proof = decode_trace_step_proof(trace.trace.prove_step(seal))
    assert len(proof.block_transactions) == 4
    dropped = replace(proof, block_transactions=proof.block_transactions[1:])
    swapped = replace(proof, block_transactions=proof.block_transactions[::-1])
    for bad in (dropped, swapped):
        assert step(trace, seal, encode_trace_step_proof(bad)) == b""


def test_malformed_proofs_and_inputs_are_rejected(history: Rollup) -> None:
    trace = output_trace(history, 0, 1)
    game_input = encode_output_game_input(trace.game_input)
    pre = trace.trace.commitments[0]
    assert execute_output_trace_step(game_input, pre, 0, b"\x00" * 7) is None
    assert execute_output_trace_step(b"\x01", pre, 0, trace.trace.prove_step(0)) is None
    with pytest.raises(DecodingError):
        decode_output_game_input(b"\x01")


def test_step_gas_prices_the_witness_paths(history: Rollup) -> None:
    """A transfer between two existing accounts hashes four sparse-Merkle paths and recovers one
    signature; a deposit to one account hashes two and recovers none."""
    trace = output_trace(history, 0, 1)
    transfer = compute_output_trace_step_gas(trace.trace.prove_step(2))
    deposit_gas = compute_output_trace_step_gas(trace.trace.prove_step(0))
    assert transfer >= 4 * SMT_PATH_GAS + ECRECOVER_GAS
    assert 2 * SMT_PATH_GAS < deposit_gas < 3 * SMT_PATH_GAS


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=600))
def test_decoders_raise_only_decoding_errors(data: bytes) -> None:
    for decoder in (decode_trace_step_proof, decode_output_game_input):
        with contextlib.suppress(DecodingError):
            decoder(data)


@pytest.fixture(scope="module")
def small_trace() -> OutputGameTrace:
    rollup = new_game_rollup()
    build_history(rollup)
    return output_trace(rollup, 0, 1)


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=0, max_value=5), st.integers(min_value=0), st.integers(0, 255))
def test_a_mutated_proof_never_proves_another_state(
    small_trace: OutputGameTrace, index: int, position: int, byte: int
) -> None:
    """I-OG-3: flipping any byte of an honest proof gives None or the one right answer, and the
    step function never raises."""
    proof = bytearray(small_trace.trace.prove_step(index))
    proof[position % len(proof)] ^= byte
    result = step(small_trace, index, bytes(proof))
    assert result in (b"", small_trace.trace.commitments[index + 1])
    compute_output_trace_step_gas(bytes(proof))


# --- the contract --------------------------------------------------------------------------------


def test_the_variant_records_every_batch() -> None:
    """Each appendBatch costs exactly the record (four fresh words) and the data hash more."""
    plain, variant = new_rollup(), new_game_rollup()
    data = encode_batch([l2_transfer(ALICE, 0, BOB_ADDRESS, 1)], 0)
    gas = [call(r, SEQUENCER, "appendBatch", [data, 0]).gas_used for r in (plain, variant)]
    assert gas[1] - gas[0] == compute_storage_write_gas(0, 128) + compute_keccak256_gas(len(data))
    data_hash, read, l1_block, timestamp = view_call(
        variant.local, variant.address, "getBatchRecord", [1]
    )
    block = variant.local.chain.blocks[-1]
    assert abi_bytes(data_hash) == keccak256(data)
    assert (abi_int(read), abi_int(l1_block)) == (0, block.header.number)
    assert abi_int(timestamp) == block.header.timestamp


def propose(rollup: Rollup, root: Hash32, block: int, key: PrivateKey = PROPOSER) -> int:
    receipt = call(rollup, key, "proposeOutput", [root, block], OUTPUT_BOND_WEI)
    assert receipt.succeeded, receipt.error
    (count,) = view_call(rollup.local, rollup.address, "getOutputCount", [])
    return abi_int(count) - 1


def challenge(
    rollup: Rollup,
    output_index: int,
    trace: OutputGameTrace,
    *,
    anchor_index: int = GENESIS_ANCHOR_INDEX,
    batch_data: tuple[bytes, ...] | None = None,
    messages: tuple[bytes, ...] | None = None,
    claim: Hash32 | None = None,
    bond: int = compute_required_bond(ATTACK_POSITION),
    key: PrivateKey = CHALLENGER,
) -> Receipt:
    data: AbiValue = (
        anchor_index,
        list(trace.batch_data if batch_data is None else batch_data),
        list(trace.messages if messages is None else messages),
    )
    value = get_trace_claim(trace.trace, ATTACK_POSITION) if claim is None else claim
    return call(rollup, key, "challengeOutput", [output_index, value, data], bond)


def output_record(rollup: Rollup, output_index: int) -> tuple[AbiValue, ...]:
    return view_call(rollup.local, rollup.address, "getOutput", [output_index])


def test_challenge_output_checks_what_it_is_given() -> None:
    """I-OG-2, I-OG-6: the data must be exactly what the rollup recorded, the anchor trusted,
    the attack bonded, and an output has one game."""
    rollup = new_game_rollup()
    build_history(rollup)
    liar = lying_trace(rollup, 5, PROPOSER_ADDRESS, 10 * ETHER)
    wrong = propose(rollup, liar.commitments[-1], 5)
    trace = output_trace(rollup, 0, 5)
    altered = (trace.batch_data[0], b"\x00", *trace.batch_data[2:])
    message = bytearray(trace.messages[0])
    message[-1] ^= 1
    cases: list[tuple[dict[str, object], str]] = [
        ({"batch_data": trace.batch_data[:-1]}, "DisputedDataMismatch"),
        ({"batch_data": altered}, "DisputedDataMismatch"),
        ({"messages": trace.messages[1:]}, "DisputedDataMismatch"),
        ({"messages": (bytes(message), *trace.messages[1:])}, "DisputedDataMismatch"),
        ({"anchor_index": wrong}, "InvalidAnchor"),
        ({"anchor_index": 9}, "OutputNotFound"),
        ({"bond": compute_required_bond(ATTACK_POSITION) - 1}, "BondTooLow"),
    ]
    for arguments, error in cases:
        receipt = challenge(rollup, wrong, trace, **arguments)  # type: ignore[arg-type]
        assert (receipt.succeeded, receipt.error) == (False, error)
    assert challenge(rollup, 7, trace).error == "OutputNotFound"
    assert get_output_game(rollup.local.chain.state, rollup.address, wrong) == 0
    with pytest.raises(ViewCallReverted):
        view_call(rollup.local, rollup.address, "getOutputGame", [wrong])
    assert challenge(rollup, wrong, trace).succeeded
    (game_id,) = view_call(rollup.local, rollup.address, "getOutputGame", [wrong])
    assert abi_int(game_id) == 1
    assert abi_int(output_record(rollup, wrong)[5]) == 1
    game = get_game_view(rollup.local.chain.state, rollup.address, 1, get_time(rollup.local))
    assert decode_output_game_input(game.game_input) == trace.game_input
    assert game.absolute_prestate == compute_genesis_output_root(L2_CHAIN_ID)
    root, attack = game.claims
    assert (root.claim, root.claimant, root.bond) == (liar.commitments[-1], PROPOSER_ADDRESS, 0)
    assert (attack.claimant, attack.position) == (CHALLENGER_ADDRESS, ATTACK_POSITION)
    assert challenge(rollup, wrong, trace, key=BOB).error == "OutputAlreadyDisputed"
    late = propose(rollup, liar.commitments[-1], 5)
    advance_time(rollup.local, CHALLENGE_WINDOW_SECONDS)
    assert challenge(rollup, late, trace).error == "ChallengeWindowOver"


def test_a_wrong_output_is_defeated_and_its_bonds_go_to_the_challenger() -> None:
    """I-OG-5, I-OP-9, I-OP-10: the game ends CHALLENGER_WINS at a one-step proof of one L2
    transaction; the output is defeated, its bond and the liar's claim bonds go to the
    challenger; no withdrawal is paid against it, and one is paid once against the right
    output proposed after."""
    rollup = new_game_rollup()
    build_history(rollup)
    liar = lying_trace(rollup, 5, PROPOSER_ADDRESS, 10 * ETHER)
    wrong = propose(rollup, liar.commitments[-1], 5)
    before = get_account_balance(rollup.local, CHALLENGER_ADDRESS)
    assert honest_challenger_challenge_output(rollup.local, CHALLENGER, rollup.address, wrong)
    mine_block(rollup.local)
    game_id = get_output_game(rollup.local.chain.state, rollup.address, wrong)
    status = play_to_the_end(rollup, [CHALLENGER], game_id, [(PROPOSER, liar)])
    assert status == GameStatus.CHALLENGER_WINS
    trace = output_trace(rollup, 0, 5)
    assert decisive_step_item(rollup, game_id, trace) == TRACE_ITEM_TRANSACTION
    record = output_record(rollup, wrong)
    assert (abi_int(record[4]), abi_int(record[5])) == (OUTPUT_DEFEATED, 0)
    game = get_game_view(rollup.local.chain.state, rollup.address, game_id, get_time(rollup.local))
    liar_bonds = sum(c.bond for c in game.claims if c.claimant == PROPOSER_ADDRESS)
    assert liar_bonds > 0
    assert all(
        c.countered_by == CHALLENGER_ADDRESS for c in game.claims if c.claimant == PROPOSER_ADDRESS
    )
    gain = get_account_balance(rollup.local, CHALLENGER_ADDRESS) - before
    # the challenger paid only gas, at one wei per unit
    assert 0 <= OUTPUT_BOND_WEI + liar_bonds - gain < 10**8
    assert call(rollup, PROPOSER, "resolveOutput", [wrong]).error == "OutputAlreadyResolved"
    chain = derive(rollup)
    withdrawal_hash = chain.state.withdrawals[0]
    arguments: list[AbiValue] = [
        wrong,
        output_root_proof_to_abi(get_l2_output_root_proof(chain, 5)),
        withdrawal_to_abi(WITHDRAWAL),
        encode_smt_proof(compute_withdrawal_proof_at(chain, 5, withdrawal_hash)),
    ]
    assert call(rollup, BOB, "finalizeWithdrawal", arguments).error == "OutputDefeated"
    right = propose(rollup, get_l2_output_root(chain, 5), 5, key=CAROL)
    advance_time(rollup.local, CHALLENGE_WINDOW_SECONDS)
    assert call(rollup, CAROL, "resolveOutput", [right]).succeeded
    bob_before = get_account_balance(rollup.local, BOB_ADDRESS)
    assert honest_user_finalize_withdrawal(rollup.local, BOB, rollup.address, WITHDRAWAL)
    mine_block(rollup.local)
    assert (
        0 < bob_before + WITHDRAWAL.value - get_account_balance(rollup.local, BOB_ADDRESS) < 10**8
    )
    assert not honest_user_finalize_withdrawal(rollup.local, BOB, rollup.address, WITHDRAWAL)
    arguments[0] = right
    assert call(rollup, BOB, "finalizeWithdrawal", arguments).error == "WithdrawalAlreadyFinalized"


def wrong_trace(trace: Trace) -> Trace:
    """A challenger's trace that disagrees with everything after the anchor."""
    lies = (keccak256(b"wrong" + i.to_bytes(2, "big")) for i in range(1, len(trace.commitments)))
    commitments = (trace.commitments[0], *lies)
    return Trace(trace.max_game_depth, commitments, trace.prove_step)


def test_a_right_output_survives_and_cannot_finalise_while_disputed() -> None:
    """I-OG-4, I-OG-5: a challenge of a right output holds it past its window until the game
    ends DEFENDER_WINS; then it finalises and the proposer wins the challenger's bonds."""
    rollup = new_game_rollup()
    build_history(rollup)
    chain = derive(rollup)
    right = propose(rollup, get_l2_output_root(chain, 5), 5)
    proposed_at = abi_int(output_record(rollup, right)[3])
    # challenged late in the window, so that the game outlives it
    advance_time(rollup.local, CHALLENGE_WINDOW_SECONDS - 86_400)
    trace = output_trace(rollup, 0, 5)
    fake = wrong_trace(trace.trace)
    assert challenge(rollup, right, trace, claim=get_trace_claim(fake, ATTACK_POSITION)).succeeded
    held: list[int] = []

    def try_to_finalise() -> None:
        if get_time(rollup.local) >= proposed_at + CHALLENGE_WINDOW_SECONDS:
            held.append(1)
            receipt = call(rollup, PROPOSER, "resolveOutput", [right])
            assert receipt.error == "OutputNotFinalized"

    before = get_account_balance(rollup.local, PROPOSER_ADDRESS)
    status = play_to_the_end(rollup, [PROPOSER], 1, [(CHALLENGER, fake)], on_round=try_to_finalise)
    assert status == GameStatus.DEFENDER_WINS
    assert held
    record = output_record(rollup, right)
    assert abi_int(record[5]) == 0
    assert call(rollup, ALICE, "resolveOutput", [right]).succeeded
    assert abi_int(output_record(rollup, right)[4]) == OUTPUT_FINALIZED
    game = get_game_view(rollup.local.chain.state, rollup.address, 1, get_time(rollup.local))
    challenger_bonds = sum(c.bond for c in game.claims if c.claimant == CHALLENGER_ADDRESS)
    gain = get_account_balance(rollup.local, PROPOSER_ADDRESS) - before
    assert 0 <= OUTPUT_BOND_WEI + challenger_bonds - gain < 10**8


def test_a_game_anchored_at_a_finalised_output() -> None:
    """I-OG-2: the honest challenger anchors at the latest finalised output it confirms; a
    defeated output, or one after the disputed block, is no anchor."""
    rollup = new_game_rollup()
    build_history(rollup)
    chain = derive(rollup)
    anchor = propose(rollup, get_l2_output_root(chain, 2), 2)
    advance_time(rollup.local, CHALLENGE_WINDOW_SECONDS)
    assert call(rollup, PROPOSER, "resolveOutput", [anchor]).succeeded
    liar = lying_trace(rollup, 5, PROPOSER_ADDRESS, ETHER, anchor_block=2)
    wrong = propose(rollup, liar.commitments[-1], 5)
    assert honest_challenger_challenge_output(rollup.local, CHALLENGER, rollup.address, wrong)
    mine_block(rollup.local)
    game_id = get_output_game(rollup.local.chain.state, rollup.address, wrong)
    game = get_game_view(rollup.local.chain.state, rollup.address, game_id, get_time(rollup.local))
    bound = decode_output_game_input(game.game_input)
    assert (bound.anchor_block_number, bound.anchor_output_root) == (
        2,
        get_l2_output_root(chain, 2),
    )
    status = play_to_the_end(rollup, [CHALLENGER], game_id, [(PROPOSER, liar)])
    assert status == GameStatus.CHALLENGER_WINS
    early = propose(rollup, keccak256(b"wrong block 1"), 1)
    trace = output_trace(rollup, 0, 1)
    assert challenge(rollup, early, trace, anchor_index=anchor).error == "InvalidAnchor"
    assert challenge(rollup, early, trace, anchor_index=wrong).error == "InvalidAnchor"


def test_the_honest_challenger_leaves_right_outputs_alone() -> None:
    rollup = new_game_rollup()
    build_history(rollup)
    right = propose(rollup, get_l2_output_root(derive(rollup), 4), 4)
    assert not honest_challenger_challenge_output(rollup.local, CHALLENGER, rollup.address, right)


def disputed_latency_table() -> str:
    lines = [
        "| L1 censorship of the user (`censor_sender` blocks) | L1 inclusion delay D (s) "
        "| Worst case to a withdrawal paid on L1 (s) | The same with a dispute on its output (s) |",
        "| --- | --- | --- | --- |",
    ]
    for blocks in CENSORED_BLOCKS:
        delay = SECONDS_PER_BLOCK * (blocks + 1)
        undisputed = compute_worst_case_withdrawal_seconds(delay)
        disputed = compute_worst_case_disputed_withdrawal_seconds(delay)
        lines.append(
            f"| {blocks:,} | {delay:,} | {undisputed:,} ({format_hours(undisputed)}) "
            f"| {disputed:,} ({format_hours(disputed)}) |"
        )
    return "\n".join(lines)


def test_disputed_latency_table_matches_the_spec() -> None:
    header = (
        "| L1 censorship of the user (`censor_sender` blocks) | L1 inclusion delay D (s) | Worst"
    )
    assert read_spec_table("optimistic/output_game.md", header) == disputed_latency_table()


def test_a_dispute_adds_the_game_bound_and_one_block() -> None:
    for delay in (0, 12, 3_600):
        added = compute_worst_case_disputed_withdrawal_seconds(
            delay
        ) - compute_worst_case_withdrawal_seconds(delay)
        assert added == compute_game_duration_bound(OUTPUT_GAME_MAX_DEPTH) + delay
    # the honest clocks absorb the delays of the table's first two rows, not of the third
    assert 3_600 < CLOCK_EXTENSION_SECONDS < 86_400
