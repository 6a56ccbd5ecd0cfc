"""Derivation of the L2 from L1 data, L2 blocks and outputs, and the honest strategies
(specs/optimistic/derivation.md)."""

from __future__ import annotations

from optimistic_helpers import (
    ALICE,
    ALICE_ADDRESS,
    BOB,
    BOB_ADDRESS,
    CAROL,
    CAROL_ADDRESS,
    CONFIG,
    ETHER,
    FEE_RECIPIENT,
    GENESIS_TIME,
    L2_CHAIN_ID,
    PROPOSER,
    SEQUENCER,
    call,
    deposit,
    derive,
    l2_balance,
    l2_transfer,
    l2_withdrawal,
    new_rollup,
)

from l2ref.crypto.smt import SmtProof
from l2ref.l1.driver import advance_time, mine_block, new_local_chain
from l2ref.l1.types import Wei
from l2ref.optimistic.batches import (
    BATCH_VERSION_DEFLATE,
    BATCH_VERSION_UNCOMPRESSED,
    encode_batch,
)
from l2ref.optimistic.contracts import CHALLENGE_WINDOW_SECONDS, compute_output_root
from l2ref.optimistic.derivation import (
    L2Chain,
    compute_l2_block_hash,
    compute_l2_transactions_root,
    compute_withdrawal_proof_at,
    derive_l2_chain,
    get_l2_output_root,
    get_l2_output_root_proof,
    honest_proposer_propose_output,
    honest_sequencer_post_batch,
    honest_user_finalize_withdrawal,
    is_output_valid,
)
from l2ref.optimistic.l2_state import (
    L2Deposit,
    Withdrawal,
    compute_withdrawal_hash,
    encode_signed_l2_transaction,
    get_l2_state_root,
    verify_withdrawal_inclusion,
)
from l2ref.types import Address, Hash32


def fingerprint(chain: L2Chain) -> tuple[object, ...]:
    return (
        chain.block_hashes,
        get_l2_state_root(chain.state),
        chain.receipts,
        chain.dropped_batches,
        chain.delayed_messages_read,
    )


def test_no_rollup_no_l2() -> None:
    local = new_local_chain(CONFIG, {}, GENESIS_TIME, FEE_RECIPIENT)
    mine_block(local)
    chain = derive_l2_chain(local.chain, Address(b"\x42" * 20))
    assert chain.state.chain_id == 0
    assert len(chain.blocks) == 1


def test_each_batch_makes_one_block_with_delayed_messages_first() -> None:
    rollup = new_rollup()
    deposit(rollup, ALICE, ALICE_ADDRESS, 3 * ETHER)
    mine_block(rollup.local)
    transfer = l2_transfer(ALICE, 0, BOB_ADDRESS, ETHER)
    data = encode_batch([transfer], BATCH_VERSION_UNCOMPRESSED)
    assert call(rollup, SEQUENCER, "appendBatch", [data, 1]).succeeded
    l1_header = rollup.local.chain.blocks[-1].header
    data = encode_batch([l2_transfer(BOB, 0, CAROL_ADDRESS, ETHER // 2)], BATCH_VERSION_DEFLATE)
    assert call(rollup, SEQUENCER, "appendBatch", [data, 1]).succeeded
    chain = derive(rollup)
    assert chain.state.chain_id == L2_CHAIN_ID
    assert len(chain.blocks) == 3
    first = chain.blocks[1]
    deposit_transaction = L2Deposit(0, ALICE_ADDRESS, ALICE_ADDRESS, Wei(3 * ETHER))
    assert first.transactions == (deposit_transaction, transfer)
    assert first.header.number == 1
    assert first.header.l1_block_number == l1_header.number
    assert first.header.timestamp == l1_header.timestamp
    assert first.header.transactions_root == compute_l2_transactions_root(first.transactions)
    for number in (1, 2):
        header = chain.blocks[number].header
        assert header.parent_hash == chain.block_hashes[number - 1]
        assert chain.block_hashes[number] == compute_l2_block_hash(header)
    assert chain.blocks[2].header.state_root == get_l2_state_root(chain.state)
    assert (l2_balance(chain, ALICE_ADDRESS), l2_balance(chain, BOB_ADDRESS)) == (
        2 * ETHER,
        ETHER // 2,
    )
    assert l2_balance(chain, CAROL_ADDRESS) == ETHER // 2


def test_malformed_batch_is_dropped_but_its_block_and_delayed_messages_count() -> None:
    rollup = new_rollup()
    deposit(rollup, ALICE, ALICE_ADDRESS, ETHER)
    mine_block(rollup.local)
    good = encode_batch([l2_transfer(ALICE, 0, BOB_ADDRESS, 1)], BATCH_VERSION_DEFLATE)
    assert call(rollup, SEQUENCER, "appendBatch", [good + b"\x00", 1]).succeeded
    chain = derive(rollup)
    assert chain.dropped_batches == [1]
    assert len(chain.blocks) == 2
    assert chain.blocks[1].transactions == (L2Deposit(0, ALICE_ADDRESS, ALICE_ADDRESS, Wei(ETHER)),)
    assert l2_balance(chain, ALICE_ADDRESS) == ETHER


def test_invalid_and_undecodable_inputs_are_skipped() -> None:
    rollup = new_rollup()
    deposit(rollup, ALICE, ALICE_ADDRESS, ETHER)
    mine_block(rollup.local)
    assert call(rollup, BOB, "enqueueTransaction", [b"\x70\x01"]).succeeded
    replayed = l2_transfer(ALICE, 0, BOB_ADDRESS, 1)
    assert call(rollup, BOB, "enqueueTransaction", [encode_signed_l2_transaction(replayed)])
    data = encode_batch([replayed, replayed], BATCH_VERSION_UNCOMPRESSED)
    assert call(rollup, SEQUENCER, "appendBatch", [data, 3]).succeeded
    chain = derive(rollup)
    errors = [receipt.error for receipt in chain.receipts[1]]
    assert errors == ["", "InvalidLength", "", "L2NonceMismatch", "L2NonceMismatch"]
    assert len(chain.blocks[1].transactions) == 2


def test_reverted_calls_add_nothing() -> None:
    rollup = new_rollup()
    data = encode_batch([], BATCH_VERSION_UNCOMPRESSED)
    assert call(rollup, ALICE, "appendBatch", [data, 0]).error == "NotSequencer"
    assert call(rollup, ALICE, "deposit", [ALICE_ADDRESS], 0).succeeded
    assert call(rollup, ALICE, "forceInclude", [1]).error == "ForceInclusionTooEarly"
    chain = derive(rollup)
    assert len(chain.blocks) == 1
    assert len(chain.delayed_messages) == 1


def test_derivation_is_deterministic_and_honest_actors_agree() -> None:
    """I-OP-12: two derivations from the same L1 give the same L2 blocks, hashes and roots."""
    rollup = new_rollup()
    deposit(rollup, ALICE, ALICE_ADDRESS, 2 * ETHER)
    deposit(rollup, BOB, BOB_ADDRESS, ETHER)
    mine_block(rollup.local)
    pending = [
        l2_transfer(ALICE, 0, BOB_ADDRESS, ETHER),
        l2_withdrawal(BOB, 0, CAROL_ADDRESS, ETHER),
    ]
    chosen = honest_sequencer_post_batch(
        rollup.local, SEQUENCER, rollup.address, pending, BATCH_VERSION_DEFLATE
    )
    assert chosen == tuple(pending)
    mine_block(rollup.local)
    number = honest_proposer_propose_output(rollup.local, PROPOSER, rollup.address)
    mine_block(rollup.local)
    first, second = derive(rollup), derive(rollup)
    assert fingerprint(first) == fingerprint(second)
    assert number == 1
    root = get_l2_output_root(first, 1)
    assert is_output_valid(first, 1, root)
    assert not is_output_valid(first, 1, Hash32(bytes(32)))
    assert not is_output_valid(first, 2, root)
    proof = get_l2_output_root_proof(first, 1)
    assert (
        compute_output_root(proof.state_root, proof.withdrawals_root, proof.l2_block_hash) == root
    )


def test_withdrawal_proofs_against_old_and_new_outputs() -> None:
    rollup = new_rollup()
    deposit(rollup, ALICE, ALICE_ADDRESS, 2 * ETHER)
    mine_block(rollup.local)
    first = l2_withdrawal(ALICE, 0, CAROL_ADDRESS, ETHER // 2)
    second = l2_withdrawal(ALICE, 1, CAROL_ADDRESS, ETHER // 4)
    for transactions, read in (([first], 1), ([second], 1)):
        data = encode_batch(transactions, BATCH_VERSION_DEFLATE)
        assert call(rollup, SEQUENCER, "appendBatch", [data, read]).succeeded
    chain = derive(rollup)
    made = [
        compute_withdrawal_hash(Withdrawal(ALICE_ADDRESS, n, CAROL_ADDRESS, Wei(value)))
        for n, value in ((0, ETHER // 2), (1, ETHER // 4))
    ]
    assert chain.state.withdrawals == made
    assert chain.withdrawal_counts == [0, 1, 2]

    def proves(number: int, withdrawal_hash: Hash32) -> bool:
        proof: SmtProof = compute_withdrawal_proof_at(chain, number, withdrawal_hash)
        return verify_withdrawal_inclusion(chain.withdrawals_roots[number], withdrawal_hash, proof)

    assert proves(1, made[0])
    assert proves(2, made[0])
    assert proves(2, made[1])
    assert not proves(1, made[1])


def test_honest_withdrawer_waits_for_a_finalized_valid_output() -> None:
    rollup = new_rollup()
    deposit(rollup, CAROL, CAROL_ADDRESS, ETHER)
    mine_block(rollup.local)
    honest_sequencer_post_batch(
        rollup.local,
        SEQUENCER,
        rollup.address,
        [l2_withdrawal(CAROL, 0, ALICE_ADDRESS, ETHER)],
        BATCH_VERSION_UNCOMPRESSED,
    )
    mine_block(rollup.local)
    withdrawal = Withdrawal(CAROL_ADDRESS, 0, ALICE_ADDRESS, Wei(ETHER))
    unknown = Withdrawal(CAROL_ADDRESS, 5, ALICE_ADDRESS, Wei(ETHER))
    assert not honest_user_finalize_withdrawal(rollup.local, ALICE, rollup.address, unknown)
    assert not honest_user_finalize_withdrawal(rollup.local, ALICE, rollup.address, withdrawal)
    honest_proposer_propose_output(rollup.local, PROPOSER, rollup.address)
    mine_block(rollup.local)
    assert not honest_user_finalize_withdrawal(rollup.local, ALICE, rollup.address, withdrawal)
    advance_time(rollup.local, CHALLENGE_WINDOW_SECONDS)
    assert honest_user_finalize_withdrawal(rollup.local, ALICE, rollup.address, withdrawal)
    mine_block(rollup.local)
    receipt = rollup.local.chain.receipts[-1][0]
    assert receipt.succeeded, receipt.error
    assert not honest_user_finalize_withdrawal(rollup.local, ALICE, rollup.address, withdrawal)
