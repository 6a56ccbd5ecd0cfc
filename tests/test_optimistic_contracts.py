"""The rollup contract: inbox, delayed inbox, forced inclusion, output oracle, dispute-game
interface and bridge (specs/optimistic/contracts.md)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from optimistic_helpers import (
    ALICE,
    ALICE_ADDRESS,
    BOB,
    BOB_ADDRESS,
    CHALLENGER,
    CHALLENGER_ADDRESS,
    CONFIG,
    ETHER,
    FEE_RECIPIENT,
    GENESIS_TIME,
    L2_CHAIN_ID,
    PROPOSER,
    PROPOSER_ADDRESS,
    SEQUENCER,
    SEQUENCER_ADDRESS,
    Rollup,
    call,
    derive,
    l2_transfer,
    l2_withdrawal,
    new_rollup,
)

from l2ref.crypto.hash import keccak256
from l2ref.crypto.smt import encode_smt_proof
from l2ref.encoding.abi import AbiValue, abi_bool, abi_bytes, abi_int
from l2ref.errors import InvalidWithdrawalProof, OutputRootMismatch
from l2ref.l1.contracts import CallContext, Method
from l2ref.l1.driver import (
    advance_time,
    compute_account_address,
    get_account_balance,
    get_logs,
    mine_block,
    new_local_chain,
    send_deployment,
    view_call,
)
from l2ref.l1.types import Seconds, Wei
from l2ref.optimistic.batches import BATCH_VERSION_DEFLATE, MAX_BATCH_DATA_BYTES, encode_batch
from l2ref.optimistic.contracts import (
    CHALLENGE_WINDOW_SECONDS,
    EMPTY_BATCH_DATA_HASH,
    FORCE_INCLUSION_WINDOW_SECONDS,
    MAX_FORCED_TRANSACTION_BYTES,
    MESSAGE_ENQUEUED_TOPIC,
    OUTPUT_BOND_WEI,
    OUTPUT_DEFEATED,
    OUTPUT_FINALIZED,
    OUTPUT_PROPOSED,
    ROLLUP_CONTRACT_NAME,
    ZERO_ADDRESS,
    ZERO_HASH,
    OutputRootProof,
    build_rollup_contract,
    close_output_dispute,
    compute_batch_accumulator,
    compute_delayed_message_hash,
    compute_output_root,
    decode_delayed_message,
    open_output_dispute,
    output_root_proof_to_abi,
    validate_withdrawal_proof,
    withdrawal_to_abi,
)
from l2ref.optimistic.derivation import (
    compute_withdrawal_proof_at,
    get_l2_output_root,
    get_l2_output_root_proof,
)
from l2ref.optimistic.l2_state import Withdrawal, compute_withdrawal_hash
from l2ref.types import Address, Hash32

BOND = OUTPUT_BOND_WEI


def inbox(rollup: Rollup) -> tuple[int, int, bytes, int]:
    count, read, accumulator, queued = view_call(rollup.local, rollup.address, "getInbox", [])
    return abi_int(count), abi_int(read), abi_bytes(accumulator), abi_int(queued)


def output_status(rollup: Rollup, index: int) -> int:
    return abi_int(view_call(rollup.local, rollup.address, "getOutput", [index])[4])


def test_constructor_records_the_config() -> None:
    rollup = new_rollup()
    config = view_call(rollup.local, rollup.address, "getConfig", [])
    assert config == (SEQUENCER_ADDRESS, CHALLENGER_ADDRESS, L2_CHAIN_ID)
    assert inbox(rollup) == (0, 0, ZERO_HASH, 0)


def test_only_the_sequencer_appends_and_within_bounds() -> None:
    rollup = new_rollup()
    assert call(rollup, ALICE, "appendBatch", [b"", 0]).error == "NotSequencer"
    too_long = bytes(MAX_BATCH_DATA_BYTES + 1)
    assert call(rollup, SEQUENCER, "appendBatch", [too_long, 0]).error == "BatchDataTooLarge"
    assert call(rollup, SEQUENCER, "appendBatch", [b"", 1]).error == (
        "DelayedMessagesReadOutOfRange"
    )
    call(rollup, ALICE, "deposit", [ALICE_ADDRESS], ETHER)
    assert call(rollup, SEQUENCER, "appendBatch", [b"", 1]).succeeded
    assert call(rollup, SEQUENCER, "appendBatch", [b"", 0]).error == (
        "DelayedMessagesReadOutOfRange"
    )
    assert call(rollup, SEQUENCER, "appendBatch", [b"", 1]).succeeded
    assert inbox(rollup)[:2] == (2, 1)


def test_accumulator_chains_every_batch() -> None:
    rollup = new_rollup()
    data = encode_batch([l2_transfer(ALICE, 0, BOB_ADDRESS, 1)], BATCH_VERSION_DEFLATE)
    call(rollup, SEQUENCER, "appendBatch", [data, 0])
    first_time = rollup.local.chain.blocks[-1].header.timestamp
    call(rollup, ALICE, "deposit", [ALICE_ADDRESS], 5)
    advance_time(rollup.local, FORCE_INCLUSION_WINDOW_SECONDS)
    call(rollup, BOB, "forceInclude", [1])
    second_time = rollup.local.chain.blocks[-1].header.timestamp
    expected = compute_batch_accumulator(ZERO_HASH, keccak256(data), 0, first_time)
    expected = compute_batch_accumulator(expected, EMPTY_BATCH_DATA_HASH, 1, second_time)
    assert inbox(rollup) == (2, 1, expected, 1)


def test_delayed_messages_are_logged_and_hashed() -> None:
    rollup = new_rollup()
    call(rollup, ALICE, "deposit", [BOB_ADDRESS], 3 * ETHER)
    signed = b"\x70" + bytes(100)
    call(rollup, BOB, "enqueueTransaction", [signed])
    logs = [
        log
        for log in get_logs(rollup.local, rollup.address)
        if log.topics[0] == MESSAGE_ENQUEUED_TOPIC
    ]
    messages = [decode_delayed_message(log.data) for log in logs]
    assert [(m.index, m.kind, m.sender, m.recipient, m.value, m.data) for m in messages] == [
        (0, 0, ALICE_ADDRESS, BOB_ADDRESS, 3 * ETHER, b""),
        (1, 1, BOB_ADDRESS, ZERO_ADDRESS, 0, signed),
    ]
    for message in messages:
        stored_hash, enqueued_at = view_call(
            rollup.local, rollup.address, "getDelayedMessage", [message.index]
        )
        assert stored_hash == compute_delayed_message_hash(message)
        assert enqueued_at == message.timestamp
    too_long = bytes(MAX_FORCED_TRANSACTION_BYTES + 1)
    assert call(rollup, BOB, "enqueueTransaction", [too_long]).error == "BatchDataTooLarge"
    assert call(rollup, BOB, "enqueueTransaction", [signed], 1).error == "NotPayable"


def test_force_inclusion_waits_for_the_window() -> None:
    rollup = new_rollup()
    assert call(rollup, ALICE, "forceInclude", [1]).error == "DelayedMessagesReadOutOfRange"
    call(rollup, ALICE, "deposit", [ALICE_ADDRESS], ETHER)
    enqueued_at = rollup.local.chain.blocks[-1].header.timestamp
    assert call(rollup, ALICE, "forceInclude", [1]).error == "ForceInclusionTooEarly"
    mine_block(rollup.local, Seconds(enqueued_at + FORCE_INCLUSION_WINDOW_SECONDS - 12))
    assert call(rollup, ALICE, "forceInclude", [1]).succeeded
    assert (
        rollup.local.chain.blocks[-1].header.timestamp
        == enqueued_at + FORCE_INCLUSION_WINDOW_SECONDS
    )
    assert call(rollup, ALICE, "forceInclude", [1]).error == "DelayedMessagesReadOutOfRange"
    assert inbox(rollup)[:2] == (1, 1)


def test_force_inclusion_is_judged_by_the_youngest_message() -> None:
    rollup = new_rollup()
    call(rollup, ALICE, "deposit", [ALICE_ADDRESS], 1)
    advance_time(rollup.local, FORCE_INCLUSION_WINDOW_SECONDS // 2)
    call(rollup, ALICE, "deposit", [ALICE_ADDRESS], 2)
    advance_time(rollup.local, FORCE_INCLUSION_WINDOW_SECONDS // 2)
    assert call(rollup, BOB, "forceInclude", [2]).error == "ForceInclusionTooEarly"
    assert call(rollup, BOB, "forceInclude", [1]).succeeded
    assert inbox(rollup)[:2] == (1, 1)


def _rollup_with_output(root: bytes | None = None) -> tuple[Rollup, bytes]:
    rollup = new_rollup()
    call(rollup, ALICE, "deposit", [ALICE_ADDRESS], 2 * ETHER)
    data = encode_batch([l2_withdrawal(ALICE, 0, BOB_ADDRESS, ETHER)], BATCH_VERSION_DEFLATE)
    assert call(rollup, SEQUENCER, "appendBatch", [data, 1]).succeeded
    real = get_l2_output_root(derive(rollup), 1)
    claimed = real if root is None else root
    assert call(rollup, PROPOSER, "proposeOutput", [claimed, 1], BOND).succeeded
    return rollup, real


def test_proposals_need_the_bond_and_a_posted_block() -> None:
    rollup = new_rollup()
    root = Hash32(b"\x01" * 32)
    assert call(rollup, PROPOSER, "proposeOutput", [root, 0], 0).error == "BondMismatch"
    assert call(rollup, PROPOSER, "proposeOutput", [root, 0], BOND + 1).error == "BondMismatch"
    assert call(rollup, PROPOSER, "proposeOutput", [root, 1], BOND).error == "L2BlockNotPosted"
    assert call(rollup, PROPOSER, "proposeOutput", [root, 0], BOND).succeeded
    assert view_call(rollup.local, rollup.address, "getOutputCount", []) == (1,)


def test_resolution_returns_the_bond_after_the_window() -> None:
    rollup, _ = _rollup_with_output()
    assert call(rollup, ALICE, "resolveOutput", [1]).error == "OutputNotFound"
    assert call(rollup, ALICE, "resolveOutput", [0]).error == "OutputNotFinalized"
    advance_time(rollup.local, CHALLENGE_WINDOW_SECONDS)
    before = get_account_balance(rollup.local, PROPOSER_ADDRESS)
    assert call(rollup, ALICE, "resolveOutput", [0]).succeeded
    assert get_account_balance(rollup.local, PROPOSER_ADDRESS) == before + BOND
    assert output_status(rollup, 0) == OUTPUT_FINALIZED
    assert call(rollup, ALICE, "resolveOutput", [0]).error == "OutputAlreadyResolved"
    assert call(rollup, CHALLENGER, "invalidateOutput", [0]).error == "OutputAlreadyResolved"


def test_permissioned_challenger_defeats_inside_the_window_only() -> None:
    rollup, _ = _rollup_with_output(Hash32(b"\x66" * 32))
    assert call(rollup, ALICE, "invalidateOutput", [0]).error == "NotChallenger"
    before = get_account_balance(rollup.local, CHALLENGER_ADDRESS)
    receipt = call(rollup, CHALLENGER, "invalidateOutput", [0])
    assert receipt.succeeded
    assert get_account_balance(rollup.local, CHALLENGER_ADDRESS) == before + BOND - receipt.gas_used
    assert output_status(rollup, 0) == OUTPUT_DEFEATED
    assert call(rollup, CHALLENGER, "invalidateOutput", [0]).error == "OutputAlreadyResolved"
    assert call(rollup, ALICE, "resolveOutput", [0]).error == "OutputAlreadyResolved"
    late, _ = _rollup_with_output()
    advance_time(late.local, CHALLENGE_WINDOW_SECONDS)
    assert call(late, CHALLENGER, "invalidateOutput", [0]).error == "ChallengeWindowOver"


def test_no_permissioned_challenger_when_zero() -> None:
    rollup = new_rollup()
    local = rollup.local
    address = send_deployment(
        local, SEQUENCER, ROLLUP_CONTRACT_NAME, [SEQUENCER_ADDRESS, ZERO_ADDRESS, L2_CHAIN_ID]
    )
    mine_block(local)
    other = Rollup(local, address)
    assert call(other, PROPOSER, "proposeOutput", [Hash32(bytes(32)), 0], BOND).succeeded
    assert call(other, CHALLENGER, "invalidateOutput", [0]).error == "NotChallenger"


# ----------------------------------------------------------------------------- dispute hooks


def _open(context: CallContext, output_index: int) -> tuple[AbiValue, ...]:
    open_output_dispute(context, output_index)
    return ()


def _close(
    context: CallContext, output_index: int, defeated: bool, challenger: Address
) -> tuple[AbiValue, ...]:
    close_output_dispute(context, output_index, defeated, challenger)
    return ()


GAME_CONTRACT = build_rollup_contract(
    "RollupWithTestGame",
    (
        Method("openDispute", ("uint256",), (), _open),
        Method("closeDispute", ("uint256", "bool", "address"), (), _close),
    ),
)


def _game_rollup() -> Rollup:
    config = replace(CONFIG, contracts={"RollupWithTestGame": GAME_CONTRACT})
    allocations = {
        compute_account_address(key): Wei(100 * ETHER)
        for key in (ALICE, BOB, SEQUENCER, PROPOSER, CHALLENGER)
    }
    local = new_local_chain(config, allocations, GENESIS_TIME, FEE_RECIPIENT)
    address = send_deployment(
        local, SEQUENCER, "RollupWithTestGame", [SEQUENCER_ADDRESS, ZERO_ADDRESS, L2_CHAIN_ID]
    )
    mine_block(local)
    rollup = Rollup(local, address)
    assert call(rollup, PROPOSER, "proposeOutput", [Hash32(b"\x02" * 32), 0], BOND).succeeded
    return rollup


def test_an_open_dispute_holds_finality_and_can_defeat_after_the_window() -> None:
    rollup = _game_rollup()
    assert call(rollup, ALICE, "closeDispute", [0, True, ALICE_ADDRESS]).error == "NoOpenDispute"
    assert call(rollup, ALICE, "openDispute", [0]).succeeded
    assert call(rollup, BOB, "openDispute", [0]).succeeded
    advance_time(rollup.local, CHALLENGE_WINDOW_SECONDS)
    assert call(rollup, BOB, "openDispute", [0]).error == "ChallengeWindowOver"
    assert call(rollup, ALICE, "resolveOutput", [0]).error == "OutputNotFinalized"
    assert call(rollup, ALICE, "closeDispute", [0, False, ALICE_ADDRESS]).succeeded
    assert call(rollup, ALICE, "resolveOutput", [0]).error == "OutputNotFinalized"
    before = get_account_balance(rollup.local, BOB_ADDRESS)
    assert call(rollup, ALICE, "closeDispute", [0, True, BOB_ADDRESS]).succeeded
    assert get_account_balance(rollup.local, BOB_ADDRESS) == before + BOND
    assert output_status(rollup, 0) == OUTPUT_DEFEATED
    assert call(rollup, ALICE, "resolveOutput", [0]).error == "OutputAlreadyResolved"


def test_a_dispute_lost_by_the_challenger_lets_the_output_finalize() -> None:
    rollup = _game_rollup()
    assert call(rollup, ALICE, "openDispute", [0]).succeeded
    assert call(rollup, ALICE, "closeDispute", [0, False, ALICE_ADDRESS]).succeeded
    assert output_status(rollup, 0) == OUTPUT_PROPOSED
    advance_time(rollup.local, CHALLENGE_WINDOW_SECONDS)
    assert call(rollup, ALICE, "resolveOutput", [0]).succeeded


# ----------------------------------------------------------------------------- bridge


def _withdrawal_arguments(rollup: Rollup, withdrawal: Withdrawal) -> list[AbiValue]:
    chain = derive(rollup)
    proof = compute_withdrawal_proof_at(chain, 1, compute_withdrawal_hash(withdrawal))
    return [
        0,
        output_root_proof_to_abi(get_l2_output_root_proof(chain, 1)),
        withdrawal_to_abi(withdrawal),
        encode_smt_proof(proof),
    ]


WITHDRAWAL = Withdrawal(ALICE_ADDRESS, 0, BOB_ADDRESS, Wei(ETHER))


def test_withdrawal_is_paid_once_after_finality() -> None:
    rollup, _ = _rollup_with_output()
    arguments = _withdrawal_arguments(rollup, WITHDRAWAL)
    assert call(rollup, BOB, "finalizeWithdrawal", arguments).error == "OutputNotFinalized"
    advance_time(rollup.local, CHALLENGE_WINDOW_SECONDS)
    before = get_account_balance(rollup.local, BOB_ADDRESS)
    receipt = call(rollup, BOB, "finalizeWithdrawal", arguments)
    assert receipt.succeeded
    assert get_account_balance(rollup.local, BOB_ADDRESS) == before + ETHER - receipt.gas_used
    hash_ = compute_withdrawal_hash(WITHDRAWAL)
    assert abi_bool(view_call(rollup.local, rollup.address, "isWithdrawalFinalized", [hash_])[0])
    assert call(rollup, BOB, "finalizeWithdrawal", arguments).error == (
        "WithdrawalAlreadyFinalized"
    )
    # ether: deposits 2, paid 1, the bond is still held
    assert get_account_balance(rollup.local, rollup.address) == 2 * ETHER - ETHER + BOND


def test_withdrawal_rejections() -> None:
    rollup, _ = _rollup_with_output()
    advance_time(rollup.local, CHALLENGE_WINDOW_SECONDS)
    arguments = _withdrawal_arguments(rollup, WITHDRAWAL)
    other = replace(WITHDRAWAL, value=Wei(2 * ETHER))
    cases: list[tuple[list[AbiValue], str]] = [
        ([1, *arguments[1:]], "OutputNotFound"),
        ([0, (ZERO_HASH, ZERO_HASH, ZERO_HASH), *arguments[2:]], "OutputRootMismatch"),
        ([*arguments[:2], withdrawal_to_abi(other), arguments[3]], "InvalidWithdrawalProof"),
        ([*arguments[:3], b"\x00"], "InvalidWithdrawalProof"),
    ]
    for bad, error in cases:
        assert call(rollup, BOB, "finalizeWithdrawal", bad).error == error


def test_validate_withdrawal_proof() -> None:
    rollup, real = _rollup_with_output()
    chain = derive(rollup)
    proof = get_l2_output_root_proof(chain, 1)
    assert (
        compute_output_root(proof.state_root, proof.withdrawals_root, proof.l2_block_hash) == real
    )
    smt = encode_smt_proof(
        compute_withdrawal_proof_at(chain, 1, compute_withdrawal_hash(WITHDRAWAL))
    )
    validate_withdrawal_proof(Hash32(real), proof, WITHDRAWAL, smt)
    with pytest.raises(OutputRootMismatch):
        validate_withdrawal_proof(
            Hash32(real), replace(proof, state_root=ZERO_HASH), WITHDRAWAL, smt
        )
    with pytest.raises(InvalidWithdrawalProof):
        validate_withdrawal_proof(Hash32(real), proof, replace(WITHDRAWAL, nonce=1), smt)
    with pytest.raises(InvalidWithdrawalProof):
        validate_withdrawal_proof(Hash32(real), proof, WITHDRAWAL, smt[:-1])
    unrelated = OutputRootProof(ZERO_HASH, ZERO_HASH, ZERO_HASH)
    assert compute_output_root(ZERO_HASH, ZERO_HASH, ZERO_HASH) != real
    with pytest.raises(OutputRootMismatch):
        validate_withdrawal_proof(Hash32(real), unrelated, WITHDRAWAL, smt)
