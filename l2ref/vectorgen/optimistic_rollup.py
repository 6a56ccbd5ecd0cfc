"""Vector suites for specs/optimistic/contracts.md and specs/optimistic/derivation.md: the
OptimisticRollup contract's methods and complete lifecycles as steps through the L1 model, the
L2 chain derived from those L1 blocks, and withdrawal proofs against output roots."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from l2ref.crypto.hash import keccak256
from l2ref.crypto.secp256k1 import PrivateKey
from l2ref.crypto.smt import SMT_DEFAULT_HASHES, encode_smt_proof
from l2ref.encoding.abi import AbiValue, encode_abi
from l2ref.l1.contracts import encode_method_call
from l2ref.l1.driver import SECONDS_PER_BLOCK, LocalChain
from l2ref.l1.transactions import CREATION_ADDRESS, compute_contract_address, encode_creation_data
from l2ref.l1.types import ChainId, Wei
from l2ref.optimistic import contracts
from l2ref.optimistic.batches import (
    BATCH_VERSION_DEFLATE,
    BATCH_VERSION_UNCOMPRESSED,
    MAX_BATCH_DATA_BYTES,
    encode_batch,
)
from l2ref.optimistic.contracts import (
    CHALLENGE_WINDOW_SECONDS,
    CONFIG_TYPES,
    FORCE_INCLUSION_WINDOW_SECONDS,
    MAX_FORCED_TRANSACTION_BYTES,
    OPTIMISTIC_ROLLUP_CONTRACT,
    OUTPUT_BOND_WEI,
    ROLLUP_CONTRACT_NAME,
    OutputRootProof,
    output_root_proof_to_abi,
    validate_withdrawal_proof,
    withdrawal_to_abi,
)
from l2ref.optimistic.derivation import (
    L2Chain,
    compute_withdrawal_proof_at,
    derive_l2_chain,
    get_l2_output_root,
    get_l2_output_root_proof,
)
from l2ref.optimistic.l2_state import (
    L2_TRANSFER_TYPE,
    L2_WITHDRAWAL_TYPE,
    L2Deposit,
    L2Receipt,
    L2Transaction,
    SignedL2Transaction,
    Withdrawal,
    compute_withdrawal_hash,
    encode_any_l2_transaction,
    encode_signed_l2_transaction,
    sign_l2_transaction,
)
from l2ref.types import Address, Hash32
from l2ref.vectorgen.codec import to_json
from l2ref.vectorgen.core import Case, JsonObject, JsonValue, Note, Suite, dec, declare, hex_bytes
from l2ref.vectorgen.harness import (
    CHAIN_ID,
    ETHER,
    GENESIS_TIME,
    L2_CHAIN_ID,
    TransactionSteps,
    address_from_label,
    declare_steps,
    key_from_label,
    local_chain_from_pre,
    run_transaction_steps,
    state_to_json,
    transaction_steps_runner,
)
from l2ref.vectorgen.optimistic_l2 import l2_state_json

BLOCK_SECONDS = SECONDS_PER_BLOCK
CONTRACTS = {ROLLUP_CONTRACT_NAME: OPTIMISTIC_ROLLUP_CONTRACT}
NAMED_KEYS = {
    name: key_from_label(name)
    for name in ("alice", "bob", "carol", "sequencer", "proposer", "challenger")
}
ALICE, BOB, CAROL, SEQUENCER, PROPOSER, CHALLENGER = NAMED_KEYS.values()
ADDRESSES = {name: address_from_label(name) for name in NAMED_KEYS}
ALICE_ADDRESS, BOB_ADDRESS, CAROL_ADDRESS, SEQUENCER_ADDRESS, _, CHALLENGER_ADDRESS = (
    ADDRESSES.values()
)
FEE_RECIPIENT = Address(bytes(19) + b"\xfe")
# the sequencer deploys the rollup with its first transaction
ROLLUP = compute_contract_address(SEQUENCER_ADDRESS, 0)
ZERO_HASH = Hash32(bytes(32))
REVERT = ("Revert",)

NOTES = {
    "Revert": Note(
        "SECURITY",
        "The last step reverts with the named error: the receipt fails, the caller pays its gas, "
        "and the contract's storage and every other balance are as before it.",
    ),
    "Permission": Note(
        "SECURITY", "A method only the sequencer or the permissioned challenger may call."
    ),
    "Deadline": Note(
        "EDGE_CASE",
        "A call at or around a deadline: the force-inclusion window of a delayed message or the "
        "challenge window of an output, one second before and exactly at it.",
    ),
    "Bond": Note("SECURITY", "An output proposal with other than OUTPUT_BOND_WEI attached."),
    "Replay": Note("SECURITY", "A withdrawal finalized a second time."),
    "Proof": Note(
        "SECURITY",
        "A withdrawal with a wrong output-root preimage, a proof that does not decode, a proof "
        "of another withdrawal or against an output made before the withdrawal.",
    ),
    "Censorship": Note(
        "SECURITY",
        "The sequencer leaves a user's transaction out; the user queues it on L1 and forces it "
        "in after FORCE_INCLUSION_WINDOW_SECONDS.",
    ),
    "Malformed": Note(
        "SECURITY",
        "Data the contract accepts without decoding (batch data, a queued transaction) that "
        "derivation drops or skips.",
    ),
    "Lifecycle": Note("FUNCTIONALITY", "A complete rollup lifecycle, from deposit to withdrawal."),
    "Derived": Note(
        "FUNCTIONALITY",
        "`output.post.l2` is the L2 derived from the L1 blocks (derive_l2_chain).",
    ),
}


def transfer(
    key: PrivateKey, nonce: int, to: Address, value: int, chain_id: int = L2_CHAIN_ID
) -> SignedL2Transaction:
    body = L2Transaction(L2_TRANSFER_TYPE, ChainId(chain_id), nonce, to, Wei(value))
    return sign_l2_transaction(body, key)


def withdraw(key: PrivateKey, nonce: int, l1_recipient: Address, value: int) -> SignedL2Transaction:
    body = L2Transaction(L2_WITHDRAWAL_TYPE, L2_CHAIN_ID, nonce, l1_recipient, Wei(value))
    return sign_l2_transaction(body, key)


# ----------------------------------------------------------------------------- scenarios


class Scenario(TransactionSteps):
    """The rollup calls of a lifecycle, as L1 transaction steps; each method returns the
    scenario, so that a case reads as one chain of calls. `error`: the revert expected."""

    def call(
        self, key: PrivateKey, method: str, args: list[AbiValue], value: int = 0, error: str = ""
    ) -> Scenario:
        data = encode_method_call(OPTIMISTIC_ROLLUP_CONTRACT, method, args)
        self.send(key, method, ROLLUP, data, value=value, error=error or None)
        return self

    def batch(
        self,
        transactions: list[SignedL2Transaction],
        delayed_messages_read: int,
        version: int = BATCH_VERSION_DEFLATE,
        sender: PrivateKey = SEQUENCER,
        error: str = "",
    ) -> Scenario:
        data = encode_batch(transactions, version)
        return self.call(sender, "appendBatch", [data, delayed_messages_read], 0, error)

    def deposit(self, key: PrivateKey, recipient: Address, value: int) -> Scenario:
        return self.call(key, "deposit", [recipient], value)

    def enqueue(self, key: PrivateKey, data: bytes, value: int = 0, error: str = "") -> Scenario:
        return self.call(key, "enqueueTransaction", [data], value, error)

    def force(self, index: int, error: str = "", key: PrivateKey = CAROL) -> Scenario:
        return self.call(key, "forceInclude", [index], 0, error)

    def propose(
        self, root: Hash32, l2_block_number: int, value: int = OUTPUT_BOND_WEI, error: str = ""
    ) -> Scenario:
        return self.call(PROPOSER, "proposeOutput", [root, l2_block_number], value, error)

    def resolve(self, key: PrivateKey, index: int, error: str = "") -> Scenario:
        return self.call(key, "resolveOutput", [index], 0, error)

    def invalidate(self, key: PrivateKey, index: int, error: str = "") -> Scenario:
        return self.call(key, "invalidateOutput", [index], 0, error)

    def finalize(self, key: PrivateKey, args: list[AbiValue], error: str = "") -> Scenario:
        return self.call(key, "finalizeWithdrawal", args, 0, error)

    def mined(self, seconds: int = BLOCK_SECONDS) -> Scenario:
        self.mine(seconds)
        return self

    def at(self, now: int) -> Scenario:
        self.now = now
        return self

    def derive(self) -> L2Chain:
        """The L2 derived from the steps so far (the last block must have been ended)."""
        local, keys = local_chain_from_pre(pre(), CONTRACTS, FEE_RECIPIENT)
        run_transaction_steps(local, keys, self.steps)
        return derive_l2_chain(local.chain, ROLLUP)

    def copy(self, now: int | None = None) -> Scenario:
        """The same steps, continued at `now` (default: where these stopped)."""
        return Scenario(self.now if now is None else now, list(self.steps))

    def case(self, name: str, flags: str = "") -> Case:
        """The case of these steps; `flags` separated by spaces."""
        return Case(name, {"pre": pre(), "steps": list(self.steps)}, flags=tuple(flags.split()))


def pre() -> JsonObject:
    return {
        "chain_id": dec(CHAIN_ID),
        "contracts": [ROLLUP_CONTRACT_NAME],
        "genesis_time": dec(GENESIS_TIME),
        "accounts": [
            {
                "name": name,
                "address": hex_bytes(ADDRESSES[name]),
                "private_key": hex_bytes(NAMED_KEYS[name]),
                "balance": dec(100 * ETHER),
            }
            for name in sorted(NAMED_KEYS, key=ADDRESSES.__getitem__)
        ],
    }


def deployed() -> Scenario:
    """The sequencer deploys the rollup (sequencer, challenger, L2 chain id) in block 1."""
    scenario = Scenario(GENESIS_TIME + BLOCK_SECONDS)
    arguments = encode_abi(CONFIG_TYPES, [SEQUENCER_ADDRESS, CHALLENGER_ADDRESS, L2_CHAIN_ID])
    creation = encode_creation_data(ROLLUP_CONTRACT_NAME, arguments)
    scenario.send(SEQUENCER, "deploy", CREATION_ADDRESS, creation)
    return scenario.mined()


def funded() -> Scenario:
    """Deployed; Alice deposits 10 ether and Bob 5 to themselves, and the sequencer posts a
    batch reading both: L2 block 1."""
    scenario = deployed().deposit(ALICE, ALICE_ADDRESS, 10 * ETHER)
    return scenario.deposit(BOB, BOB_ADDRESS, 5 * ETHER).mined().batch([], 2).mined()


WITHDRAWAL = Withdrawal(ALICE_ADDRESS, 0, CAROL_ADDRESS, Wei(3 * ETHER))


def with_withdrawal() -> Scenario:
    """Funded; L2 block 2 holds Alice's withdrawal of 3 ether to Carol on L1 and a transfer."""
    block = [withdraw(ALICE, 0, CAROL_ADDRESS, 3 * ETHER), transfer(BOB, 0, ALICE_ADDRESS, ETHER)]
    return funded().batch(block, 2).mined()


def proposed(l2_block_number: int = 2, wrong: bool = False) -> tuple[Scenario, L2Chain]:
    """With the withdrawal; the proposer proposes the output of an L2 block (or a wrong one)."""
    scenario = with_withdrawal()
    chain = scenario.derive()
    root = get_l2_output_root(chain, l2_block_number)
    scenario.propose(Hash32(keccak256(b"wrong" + root)) if wrong else root, l2_block_number)
    return scenario.mined(), chain


def finalize_arguments(
    chain: L2Chain, output_index: int, l2_block_number: int, withdrawal: Withdrawal = WITHDRAWAL
) -> list[AbiValue]:
    proof = compute_withdrawal_proof_at(chain, l2_block_number, compute_withdrawal_hash(withdrawal))
    return [
        output_index,
        output_root_proof_to_abi(get_l2_output_root_proof(chain, l2_block_number)),
        withdrawal_to_abi(withdrawal),
        encode_smt_proof(proof),
    ]


# ----------------------------------------------------------------------------- contract cases


def _append_batch_cases() -> list[Case]:
    out, huge = "DelayedMessagesReadOutOfRange", b"\x00" * (MAX_BATCH_DATA_BYTES + 1)
    one = [transfer(ALICE, 0, BOB_ADDRESS, ETHER)]
    return [
        deployed().batch([], 0, BATCH_VERSION_UNCOMPRESSED).case("empty_batch_uncompressed"),
        funded().case("batch_reading_two_deposits"),
        funded()
        .batch(one, 2, BATCH_VERSION_UNCOMPRESSED)
        .case("second_batch_chains_the_accumulator"),
        deployed()
        .call(SEQUENCER, "appendBatch", [b"\x07garbage", 0])
        .case("malformed_data_is_accepted", "Malformed"),
        funded()
        .deposit(CAROL, CAROL_ADDRESS, ETHER)
        .batch([], 2)
        .case("leaves_a_delayed_message_unread"),
        funded()
        .batch([], 2, sender=ALICE, error="NotSequencer")
        .case("not_the_sequencer", "Revert Permission"),
        funded().batch([], 3, error=out).case("reads_past_the_queue", "Revert"),
        funded().batch([], 1, error=out).case("reads_backwards", "Revert"),
        deployed()
        .call(SEQUENCER, "appendBatch", [huge, 0], 0, "BatchDataTooLarge")
        .case("data_too_large", "Revert"),
    ]


def _queued() -> Scenario:
    """Deployed; Alice deposits 1 ether, then Bob queues a transfer 100 seconds later."""
    signed = encode_signed_l2_transaction(transfer(ALICE, 0, BOB_ADDRESS, ETHER // 2))
    return deployed().deposit(ALICE, ALICE_ADDRESS, ETHER).mined(100).enqueue(BOB, signed).mined()


def _force_include_cases() -> list[Case]:
    first = GENESIS_TIME + 2 * BLOCK_SECONDS + FORCE_INCLUSION_WINDOW_SECONDS
    second, later = first + 100, FORCE_INCLUSION_WINDOW_SECONDS + 100
    early, out = "ForceInclusionTooEarly", "DelayedMessagesReadOutOfRange"
    return [
        _queued().at(first).force(1).case("first_message_at_its_window", "Deadline"),
        _queued().at(second).force(2).case("both_messages", "Censorship"),
        _queued().batch([], 1).mined(later).force(2).case("after_the_sequencer_read_one"),
        _queued().at(first - 1).force(1, early).case("one_second_early", "Revert Deadline"),
        # the older message is past its window, the younger is not
        _queued()
        .at(second - 1)
        .force(2, early)
        .case("judged_by_the_youngest_message", "Revert Deadline"),
        _queued().at(second).force(3, out).case("past_the_queue", "Revert"),
        _queued().batch([], 2).mined(later).force(2, out).case("already_read", "Revert"),
        deployed()
        .mined(FORCE_INCLUSION_WINDOW_SECONDS)
        .force(0, out)
        .case("nothing_queued", "Revert"),
    ]


def _deposit_cases() -> list[Case]:
    # an argument that is not a canonical address: the call does not decode
    data = encode_method_call(OPTIMISTIC_ROLLUP_CONTRACT, "deposit", [ALICE_ADDRESS])
    dirty = deployed()
    dirty.send(
        ALICE,
        "deposit",
        ROLLUP,
        data[:4] + b"\x01" + data[5:],
        value=ETHER,
        error="NonCanonicalEncoding",
    )
    return [
        deployed().deposit(ALICE, ALICE_ADDRESS, 10 * ETHER).case("deposit_to_oneself"),
        deployed()
        .deposit(ALICE, BOB_ADDRESS, 1)
        .deposit(CAROL, BOB_ADDRESS, 0)
        .case("deposits_for_another_and_of_zero"),
        funded().deposit(CAROL, CAROL_ADDRESS, ETHER).case("after_a_batch"),
        dirty.case("dirty_address_argument", "Revert"),
    ]


def _enqueue_transaction_cases() -> list[Case]:
    signed = encode_signed_l2_transaction(transfer(ALICE, 0, BOB_ADDRESS, 1))
    limit = b"\x70" + bytes(MAX_FORCED_TRANSACTION_BYTES - 1)
    return [
        _queued().case("queued_transfer"),
        deployed().enqueue(BOB, b"\x70\x01\x02").case("undecodable_bytes_are_queued", "Malformed"),
        deployed().enqueue(BOB, limit).case("at_the_size_limit", "Malformed"),
        deployed()
        .enqueue(BOB, limit + b"\x00", 0, "BatchDataTooLarge")
        .case("too_large", "Revert"),
        deployed().enqueue(BOB, signed, 1, "NotPayable").case("with_value", "Revert"),
    ]


def _propose_output_cases() -> list[Case]:
    both = with_withdrawal()
    chain = both.derive()
    both.propose(get_l2_output_root(chain, 0), 0).propose(get_l2_output_root(chain, 1), 1)
    root, bond = get_l2_output_root(chain, 2), OUTPUT_BOND_WEI
    wrong_bonds = {"bond_too_low": bond - 1, "bond_too_high": bond + 1, "no_bond": 0}
    return [
        proposed()[0].case("output_of_the_last_block"),
        both.case("outputs_of_genesis_and_block_1"),
        proposed(wrong=True)[0].case("a_wrong_root_is_accepted_until_challenged"),
        *(
            with_withdrawal().propose(root, 2, value, "BondMismatch").case(name, "Revert Bond")
            for name, value in wrong_bonds.items()
        ),
        with_withdrawal()
        .propose(root, 3, bond, "L2BlockNotPosted")
        .case("block_not_posted", "Revert"),
    ]


def _window_end(start: Scenario) -> int:
    """The first second after the challenge window of the output proposed in `start`'s last
    block."""
    return start.now - BLOCK_SECONDS + CHALLENGE_WINDOW_SECONDS


def _resolve_output_cases() -> list[Case]:
    start = proposed()[0]
    end, done, window = _window_end(start), "OutputAlreadyResolved", CHALLENGE_WINDOW_SECONDS
    return [
        start.copy(end).resolve(CAROL, 0).case("at_the_end_of_the_window", "Deadline"),
        start.copy(end - 1)
        .resolve(CAROL, 0, "OutputNotFinalized")
        .case("window_not_over", "Revert Deadline"),
        start.copy(end)
        .resolve(CAROL, 0)
        .mined()
        .resolve(CAROL, 0, done)
        .case("resolved_twice", "Revert"),
        start.copy()
        .invalidate(CHALLENGER, 0)
        .mined(window)
        .resolve(CAROL, 0, done)
        .case("defeated_output", "Revert"),
        start.copy(end).resolve(CAROL, 1, "OutputNotFound").case("no_such_output", "Revert"),
    ]


def _invalidate_output_cases() -> list[Case]:
    start = proposed(wrong=True)[0]
    end, done = _window_end(start), "OutputAlreadyResolved"
    return [
        start.copy()
        .invalidate(CHALLENGER, 0)
        .case("challenger_defeats_a_wrong_output", "Permission"),
        start.copy(end - 1)
        .invalidate(CHALLENGER, 0)
        .case("last_second_of_the_window", "Permission Deadline"),
        start.copy()
        .invalidate(CAROL, 0, "NotChallenger")
        .case("not_the_challenger", "Revert Permission"),
        start.copy(end)
        .invalidate(CHALLENGER, 0, "ChallengeWindowOver")
        .case("window_over", "Revert Deadline"),
        start.copy()
        .invalidate(CHALLENGER, 0)
        .mined()
        .invalidate(CHALLENGER, 0, done)
        .case("already_defeated", "Revert"),
        start.copy().invalidate(CHALLENGER, 5, "OutputNotFound").case("no_such_output", "Revert"),
    ]


def _finalize_withdrawal_cases() -> list[Case]:
    start, chain = proposed()
    end, args, window = (
        _window_end(start),
        finalize_arguments(chain, 0, 2),
        CHALLENGE_WINDOW_SECONDS,
    )
    proof = encode_smt_proof(
        compute_withdrawal_proof_at(chain, 2, compute_withdrawal_hash(WITHDRAWAL))
    )
    zero = output_root_proof_to_abi(OutputRootProof(ZERO_HASH, ZERO_HASH, ZERO_HASH))
    block_1 = output_root_proof_to_abi(get_l2_output_root_proof(chain, 1))
    value = withdrawal_to_abi(replace(WITHDRAWAL, value=Wei(4 * ETHER)))
    recipient = withdrawal_to_abi(replace(WITHDRAWAL, l1_recipient=BOB_ADDRESS))
    mismatch, invalid = "OutputRootMismatch", "InvalidWithdrawalProof"
    # (name, which argument is replaced, by what, the error)
    bad: list[tuple[str, int, AbiValue, str]] = [
        ("wrong_output_root_preimage", 1, zero, mismatch),
        ("another_block_preimage", 1, block_1, mismatch),
        ("withdrawal_value_changed", 2, value, invalid),
        ("withdrawal_recipient_changed", 2, recipient, invalid),
        ("proof_truncated", 3, proof[:-1], invalid),
        ("proof_empty", 3, b"", invalid),
    ]
    # an output of block 1, before the withdrawal was made: the withdrawal is not in it
    before = with_withdrawal()
    early = before.derive()
    before.propose(get_l2_output_root(early, 1), 1).mined(window)
    before.finalize(BOB, finalize_arguments(early, 0, 1), invalid)
    return [
        start.copy(end).finalize(BOB, args).case("paid_to_the_l1_recipient"),
        start.copy(end)
        .resolve(CAROL, 0)
        .mined()
        .finalize(CAROL, args)
        .case("against_a_resolved_output"),
        start.copy(end)
        .finalize(BOB, args)
        .mined()
        .finalize(BOB, args, "WithdrawalAlreadyFinalized")
        .case("replayed", "Revert Replay"),
        start.copy(end - 1)
        .finalize(BOB, args, "OutputNotFinalized")
        .case("output_in_its_window", "Revert Deadline"),
        start.copy()
        .invalidate(CHALLENGER, 0)
        .mined(window)
        .finalize(BOB, args, "OutputDefeated")
        .case("output_defeated", "Revert"),
        start.copy(end)
        .finalize(BOB, [1, *args[1:]], "OutputNotFound")
        .case("no_such_output", "Revert"),
        *(
            start.copy(end)
            .finalize(BOB, [*args[:i], wrong, *args[i + 1 :]], error)
            .case(name, "Revert Proof")
            for name, i, wrong, error in bad
        ),
        before.case("output_before_the_withdrawal", "Revert Proof"),
    ]


def _lifecycle_cases() -> list[Case]:
    window = CHALLENGE_WINDOW_SECONDS
    # deposit -> batch -> propose -> resolve -> withdraw
    happy, chain = proposed()
    happy.mined(window).resolve(PROPOSER, 0).finalize(CAROL, finalize_arguments(chain, 0, 2))
    # a wrong output is defeated by the challenger; the right one is proposed and used
    defeated, chain = proposed(wrong=True)
    defeated.invalidate(CHALLENGER, 0).propose(get_l2_output_root(chain, 2), 2).mined(window)
    defeated.resolve(CAROL, 1).finalize(CAROL, finalize_arguments(chain, 1, 2))
    # the sequencer censors Alice's withdrawal: she queues it on L1 and forces it in
    censored = funded()
    forced_at = censored.now + FORCE_INCLUSION_WINDOW_SECONDS
    signed = encode_signed_l2_transaction(withdraw(ALICE, 0, CAROL_ADDRESS, 3 * ETHER))
    censored.enqueue(ALICE, signed).mined().batch([transfer(BOB, 0, ALICE_ADDRESS, ETHER)], 2)
    chain = censored.at(forced_at).force(3, key=ALICE).mined().derive()
    censored.propose(get_l2_output_root(chain, 3), 3).mined(window)
    censored.finalize(ALICE, finalize_arguments(chain, 0, 3))
    return [
        happy.case("deposit_batch_propose_finalize_withdraw", "Lifecycle Derived"),
        defeated.case("wrong_output_defeated_then_withdraw", "Lifecycle Derived"),
        censored.case("censored_withdrawal_forced_in", "Lifecycle Derived Censorship"),
    ]


# ----------------------------------------------------------------------------- derivation cases


def _derive_cases() -> list[Case]:
    skipped = [
        transfer(ALICE, 0, BOB_ADDRESS, ETHER),
        transfer(ALICE, 5, BOB_ADDRESS, ETHER),  # skipped: wrong nonce
        transfer(BOB, 0, CAROL_ADDRESS, 2 * ETHER, chain_id=902),  # skipped: other chain
        withdraw(BOB, 0, CAROL_ADDRESS, ETHER),
    ]
    forced_at = GENESIS_TIME + 3 * BLOCK_SECONDS + 100 + FORCE_INCLUSION_WINDOW_SECONDS
    # a deposit's bytes queued as a forced transaction: only the contract makes deposits
    forged = encode_any_l2_transaction(L2Deposit(9, CAROL_ADDRESS, CAROL_ADDRESS, Wei(50 * ETHER)))
    later = [transfer(ALICE, 1, CAROL_ADDRESS, ETHER)]
    return [
        deployed().case("no_batches", "Derived"),
        funded().case("deposits_in_one_batch", "Derived"),
        funded()
        .batch(skipped, 2, BATCH_VERSION_UNCOMPRESSED)
        .mined()
        .batch(later, 2)
        .case("both_versions_and_skipped_transactions", "Derived"),
        funded()
        .deposit(CAROL, CAROL_ADDRESS, ETHER)
        .mined()
        .call(SEQUENCER, "appendBatch", [b"\x01\xff\xff", 3])
        .mined()
        .batch([transfer(CAROL, 0, BOB_ADDRESS, 1)], 3)
        .case("malformed_batch_dropped_its_delayed_messages_count", "Derived Malformed"),
        funded()
        .batch([], 2, sender=ALICE, error="NotSequencer")
        .mined()
        .batch([transfer(ALICE, 0, BOB_ADDRESS, 1)], 2)
        .case("reverted_append_adds_nothing", "Derived Revert"),
        _queued()
        .enqueue(CAROL, b"\x70\x01\x02")
        .mined()
        .at(forced_at)
        .force(3)
        .case("forced_inclusion_with_an_undecodable_message", "Derived Censorship Malformed"),
        proposed()[0]
        .batch([withdraw(BOB, 1, BOB_ADDRESS, ETHER)], 2)
        .case("withdrawals_in_two_blocks", "Derived"),
        funded()
        .enqueue(CAROL, forged)
        .mined()
        .batch([], 3)
        .case("forged_deposit_in_the_queue_is_skipped", "Derived Malformed"),
    ]


def _validate_cases() -> list[Case]:
    chain = with_withdrawal().batch([withdraw(BOB, 1, BOB_ADDRESS, ETHER)], 2).mined().derive()
    second = Withdrawal(BOB_ADDRESS, 1, BOB_ADDRESS, Wei(ETHER))

    def proof_at(block: int, withdrawal: Withdrawal = WITHDRAWAL) -> bytes:
        smt = compute_withdrawal_proof_at(chain, block, compute_withdrawal_hash(withdrawal))
        return encode_smt_proof(smt)

    def case(
        name: str,
        block: int,
        withdrawal: Withdrawal,
        *,
        preimage_block: int = 0,
        proof: bytes = b"",
        proof_block: int = 0,
        expect: str = "valid",
    ) -> Case:
        inputs = {
            "output_root": get_l2_output_root(chain, block),
            "output_root_proof": get_l2_output_root_proof(chain, preimage_block or block),
            "withdrawal": withdrawal,
            "withdrawal_proof": proof or proof_at(proof_block or block, withdrawal),
        }
        flags = ("Proof",) if expect != "valid" else ()
        return Case(
            name, inputs, expect, flags, {"withdrawal_hash": compute_withdrawal_hash(withdrawal)}
        )

    good = proof_at(3)
    tampered = good[:-1] + bytes([good[-1] ^ 0x01])
    # the height-0 sibling written out although it is the default hash
    non_canonical = good[:31] + bytes([good[31] | 0x01]) + SMT_DEFAULT_HASHES[0] + good[32:]
    invalid = "InvalidWithdrawalProof"
    return [
        case("withdrawal_in_its_block", 2, WITHDRAWAL),
        case("withdrawal_in_a_later_block", 3, WITHDRAWAL),
        case("second_withdrawal", 3, second),
        case("wrong_preimage", 3, WITHDRAWAL, preimage_block=2, expect="OutputRootMismatch"),
        case("not_yet_made", 2, second, expect=invalid),
        case("proof_of_an_older_tree", 3, WITHDRAWAL, proof_block=2, expect=invalid),
        case("other_nonce", 3, replace(WITHDRAWAL, nonce=1), proof=good, expect=invalid),
        case("tampered_sibling", 3, WITHDRAWAL, proof=tampered, expect=invalid),
        case("truncated_proof", 3, WITHDRAWAL, proof=good[:-1], expect=invalid),
        case("non_canonical_proof", 3, WITHDRAWAL, proof=non_canonical, expect=invalid),
    ]


# ----------------------------------------------------------------------------- running steps


def l2_chain_json(chain: L2Chain) -> JsonObject:
    """The derived L2 in vector form: every block with its hash, withdrawal root and count,
    output root, transactions and receipts; the state; a proof of every withdrawal at the head."""
    blocks: list[JsonValue] = []
    for number, block in enumerate(chain.blocks):
        header = block.header
        blocks.append(
            {
                "number": dec(header.number),
                "hash": hex_bytes(chain.block_hashes[number]),
                "parent_hash": hex_bytes(header.parent_hash),
                "l1_block_number": dec(header.l1_block_number),
                "timestamp": dec(header.timestamp),
                "transactions_root": hex_bytes(header.transactions_root),
                "state_root": hex_bytes(header.state_root),
                "withdrawals_root": hex_bytes(chain.withdrawals_roots[number]),
                "withdrawal_count": dec(chain.withdrawal_counts[number]),
                "output_root": hex_bytes(get_l2_output_root(chain, number)),
                "transactions": [
                    hex_bytes(encode_any_l2_transaction(tx)) for tx in block.transactions
                ],
                "receipts": to_json(chain.receipts[number], tuple[L2Receipt, ...]),
            }
        )
    head = len(chain.blocks) - 1
    proofs: list[JsonValue] = [
        {
            "withdrawal_hash": hex_bytes(withdrawal),
            "proof": hex_bytes(
                encode_smt_proof(compute_withdrawal_proof_at(chain, head, withdrawal))
            ),
        }
        for withdrawal in chain.state.withdrawals
    ]
    return {
        "chain_id": dec(chain.state.chain_id),
        "delayed_messages": dec(len(chain.delayed_messages)),
        "delayed_messages_read": dec(chain.delayed_messages_read),
        "dropped_batches": [dec(index) for index in chain.dropped_batches],
        "state": l2_state_json(chain.state),
        "blocks": blocks,
        "head_withdrawal_proofs": proofs,
    }


def _derived_post(local: LocalChain) -> JsonObject:
    l2 = l2_chain_json(derive_l2_chain(local.chain, ROLLUP))
    return {**state_to_json(local.chain.state), "l2": l2}


run_contract_steps = transaction_steps_runner(CONTRACTS, FEE_RECIPIENT)
run_derived_steps = transaction_steps_runner(CONTRACTS, FEE_RECIPIENT, _derived_post)

# ----------------------------------------------------------------------------- suites

STEPS_DESCRIPTION = (
    "Steps through the L1 model from `input.pre` (a chain with the accounts' balances, the "
    "OptimisticRollup contract known by name): each step is one transaction of `args.sender` "
    "to `args.to` with `args.value` and `args.data`; consecutive steps with one `timestamp` "
    "are one block. A step MUST end with its `error` (the receipt's revert reason; null: "
    "succeeded). `output.receipts` are every step's receipt; `output.post` the L1 state after."
)
PARAMETERS = {
    "CHALLENGE_WINDOW_SECONDS": dec(CHALLENGE_WINDOW_SECONDS),
    "FORCE_INCLUSION_WINDOW_SECONDS": dec(FORCE_INCLUSION_WINDOW_SECONDS),
    "OUTPUT_BOND_WEI": dec(OUTPUT_BOND_WEI),
    "MAX_BATCH_DATA_BYTES": dec(MAX_BATCH_DATA_BYTES),
    "MAX_FORCED_TRANSACTION_BYTES": dec(MAX_FORCED_TRANSACTION_BYTES),
}


def _contract_suite(
    function: Callable[..., object], cases: Callable[[], list[Case]], method: str
) -> Suite:
    last = f"The last step is {'an' if method[0] in 'aeiou' else 'a'} `{method}`."
    return declare_steps(
        "optimistic",
        function,
        cases,
        (STEPS_DESCRIPTION, last),
        run_contract_steps,
        notes=NOTES,
        parameters=PARAMETERS,
    )


SUITES = [
    _contract_suite(contracts.rollup_append_batch, _append_batch_cases, "appendBatch"),
    _contract_suite(contracts.rollup_force_include, _force_include_cases, "forceInclude"),
    _contract_suite(contracts.rollup_deposit, _deposit_cases, "deposit"),
    _contract_suite(
        contracts.rollup_enqueue_transaction, _enqueue_transaction_cases, "enqueueTransaction"
    ),
    _contract_suite(contracts.rollup_propose_output, _propose_output_cases, "proposeOutput"),
    _contract_suite(contracts.rollup_resolve_output, _resolve_output_cases, "resolveOutput"),
    _contract_suite(
        contracts.rollup_invalidate_output, _invalidate_output_cases, "invalidateOutput"
    ),
    _contract_suite(
        contracts.rollup_finalize_withdrawal, _finalize_withdrawal_cases, "finalizeWithdrawal"
    ),
    replace(
        declare_steps(
            "optimistic",
            derive_l2_chain,
            _lifecycle_cases,
            (
                STEPS_DESCRIPTION,
                "Complete lifecycles; "
                "`output.post.l2` is the L2 derived from the chain (derive_l2_chain).",
            ),
            run_derived_steps,
            name="lifecycle",
            notes=NOTES,
            parameters=PARAMETERS,
        ),
        function="l2ref.optimistic.contracts.OPTIMISTIC_ROLLUP_CONTRACT",
        spec="specs/optimistic/contracts.md#OPTIMISTIC_ROLLUP_CONTRACT",
    ),
    declare_steps(
        "optimistic",
        derive_l2_chain,
        _derive_cases,
        (
            STEPS_DESCRIPTION,
            "`output.post.l2` is derive_l2_chain of the L1 chain after the last step and the "
            "rollup's address (the sequencer's first deployment): every L2 block, its output "
            "root, the L2 state, and a proof of every withdrawal against the head block.",
        ),
        run_derived_steps,
        notes=NOTES,
        parameters={"L2_CHAIN_ID": dec(L2_CHAIN_ID)},
    ),
    declare(
        "optimistic",
        validate_withdrawal_proof,
        _validate_cases,
        "validate_withdrawal_proof(`input.output_root`, `input.output_root_proof`, "
        "`input.withdrawal`, `input.withdrawal_proof`) over outputs of a derived L2 chain; "
        "`output` is null when it accepts.",
        notes=NOTES,
    ),
]
