"""Vector suites for specs/optimistic/contracts.md and specs/optimistic/derivation.md: the
OptimisticRollup contract's methods and complete lifecycles as steps through the L1 model, the
L2 chain derived from those L1 blocks, and withdrawal proofs against output roots."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import replace

from l2ref.crypto.hash import keccak256
from l2ref.crypto.secp256k1 import PrivateKey
from l2ref.crypto.smt import SMT_DEFAULT_HASHES, encode_smt_proof
from l2ref.encoding.abi import AbiValue, encode_abi
from l2ref.l1.contracts import encode_method_call
from l2ref.l1.driver import (
    SECONDS_PER_BLOCK,
    LocalChain,
    compute_account_address,
)
from l2ref.l1.transactions import (
    CREATION_ADDRESS,
    compute_contract_address,
    encode_creation_data,
)
from l2ref.l1.types import ChainId, Seconds, Wei
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
    L2Transaction,
    SignedL2Transaction,
    Withdrawal,
    compute_withdrawal_hash,
    encode_any_l2_transaction,
    encode_signed_l2_transaction,
    sign_l2_transaction,
)
from l2ref.types import Address, Hash32
from l2ref.vectorgen.core import (
    Case,
    JsonObject,
    JsonValue,
    Note,
    Suite,
    as_object,
    dec,
    field_of,
    hex_bytes,
    parse_bytes,
    parse_int,
)
from l2ref.vectorgen.harness import (
    TransactionSteps,
    key_from_label,
    local_chain_from_pre,
    run_transaction_steps,
    state_to_json,
)
from l2ref.vectorgen.optimistic_l2 import l2_state_json

L1_CHAIN_ID = ChainId(1337)
L2_CHAIN_ID = ChainId(901)
GENESIS_TIME = Seconds(1_700_000_000)
ETHER = 10**18
BLOCK_SECONDS = SECONDS_PER_BLOCK
CONTRACTS = {ROLLUP_CONTRACT_NAME: OPTIMISTIC_ROLLUP_CONTRACT}
CONTRACTS_SPEC = "specs/optimistic/contracts.md"
DERIVATION_SPEC = "specs/optimistic/derivation.md"


ALICE = key_from_label("alice")
BOB = key_from_label("bob")
CAROL = key_from_label("carol")
SEQUENCER = key_from_label("sequencer")
PROPOSER = key_from_label("proposer")
CHALLENGER = key_from_label("challenger")
NAMED_KEYS = {
    "alice": ALICE,
    "bob": BOB,
    "carol": CAROL,
    "sequencer": SEQUENCER,
    "proposer": PROPOSER,
    "challenger": CHALLENGER,
}
KEYS = {compute_account_address(key): key for key in NAMED_KEYS.values()}
NAMES = {compute_account_address(key): name for name, key in NAMED_KEYS.items()}
ALICE_ADDRESS = compute_account_address(ALICE)
BOB_ADDRESS = compute_account_address(BOB)
CAROL_ADDRESS = compute_account_address(CAROL)
SEQUENCER_ADDRESS = compute_account_address(SEQUENCER)
CHALLENGER_ADDRESS = compute_account_address(CHALLENGER)
FEE_RECIPIENT = Address(bytes(19) + b"\xfe")
ALLOCATIONS = {address: Wei(100 * ETHER) for address in KEYS}
# the sequencer deploys the rollup with its first transaction
ROLLUP = compute_contract_address(SEQUENCER_ADDRESS, 0)
ZERO_HASH = Hash32(bytes(32))

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


# ----------------------------------------------------------------------------- L2 values


def transfer(
    private_key: PrivateKey, nonce: int, to: Address, value: int, chain_id: int = L2_CHAIN_ID
) -> SignedL2Transaction:
    body = L2Transaction(L2_TRANSFER_TYPE, ChainId(chain_id), nonce, to, Wei(value))
    return sign_l2_transaction(body, private_key)


def withdrawal_transaction(
    private_key: PrivateKey, nonce: int, l1_recipient: Address, value: int
) -> SignedL2Transaction:
    body = L2Transaction(L2_WITHDRAWAL_TYPE, L2_CHAIN_ID, nonce, l1_recipient, Wei(value))
    return sign_l2_transaction(body, private_key)


# ----------------------------------------------------------------------------- scenarios


class Scenario(TransactionSteps):
    """The rollup calls of a lifecycle, as L1 transaction steps."""

    def call(
        self,
        private_key: PrivateKey,
        method: str,
        arguments: list[AbiValue],
        value: int = 0,
        *,
        error: str | None = None,
    ) -> None:
        data = encode_method_call(OPTIMISTIC_ROLLUP_CONTRACT, method, arguments)
        self.send(private_key, method, ROLLUP, data, value=value, error=error)

    def batch(
        self,
        transactions: list[SignedL2Transaction],
        delayed_messages_read: int,
        version: int = BATCH_VERSION_DEFLATE,
        *,
        sender: PrivateKey = SEQUENCER,
        error: str | None = None,
    ) -> None:
        data = encode_batch(transactions, version)
        self.call(sender, "appendBatch", [data, delayed_messages_read], error=error)

    def deposit(self, private_key: PrivateKey, recipient: Address, value: int) -> None:
        self.call(private_key, "deposit", [recipient], value)

    def propose(
        self,
        output_root: Hash32,
        l2_block_number: int,
        *,
        value: int = OUTPUT_BOND_WEI,
        error: str | None = None,
    ) -> None:
        self.call(PROPOSER, "proposeOutput", [output_root, l2_block_number], value, error=error)

    def derive(self) -> L2Chain:
        """The L2 derived from the steps so far (the last block must have been ended)."""
        local, _ = execute(self.steps)
        return derive_l2_chain(local.chain, ROLLUP)

    def copy(self) -> Scenario:
        return Scenario(self.now, list(self.steps))

    def case(self, name: str, flags: tuple[str, ...] = ()) -> Case:
        return Case(name, {"pre": pre(), "steps": list(self.steps)}, flags=flags)


def pre() -> JsonObject:
    return {
        "chain_id": dec(L1_CHAIN_ID),
        "contracts": [ROLLUP_CONTRACT_NAME],
        "genesis_time": dec(GENESIS_TIME),
        "accounts": [
            {
                "name": NAMES[address],
                "address": hex_bytes(address),
                "private_key": hex_bytes(KEYS[address]),
                "balance": dec(ALLOCATIONS[address]),
            }
            for address in sorted(KEYS)
        ],
    }


def deployed() -> Scenario:
    """The sequencer deploys the rollup (sequencer, challenger, L2 chain id) in block 1."""
    scenario = Scenario(GENESIS_TIME + BLOCK_SECONDS)
    arguments = encode_abi(CONFIG_TYPES, [SEQUENCER_ADDRESS, CHALLENGER_ADDRESS, L2_CHAIN_ID])
    creation = encode_creation_data(ROLLUP_CONTRACT_NAME, arguments)
    scenario.send(SEQUENCER, "deploy", CREATION_ADDRESS, creation)
    scenario.mine()
    return scenario


def funded() -> Scenario:
    """Deployed; Alice deposits 10 ether and Bob 5 to themselves, and the sequencer posts a
    batch reading both: L2 block 1."""
    scenario = deployed()
    scenario.deposit(ALICE, ALICE_ADDRESS, 10 * ETHER)
    scenario.deposit(BOB, BOB_ADDRESS, 5 * ETHER)
    scenario.mine()
    scenario.batch([], 2)
    scenario.mine()
    return scenario


WITHDRAWAL = Withdrawal(ALICE_ADDRESS, 0, CAROL_ADDRESS, Wei(3 * ETHER))


def with_withdrawal() -> Scenario:
    """Funded; L2 block 2 holds Alice's withdrawal of 3 ether to Carol on L1 and a transfer."""
    scenario = funded()
    scenario.batch(
        [
            withdrawal_transaction(ALICE, 0, CAROL_ADDRESS, 3 * ETHER),
            transfer(BOB, 0, ALICE_ADDRESS, ETHER),
        ],
        2,
    )
    scenario.mine()
    return scenario


def proposed(l2_block_number: int = 2, wrong: bool = False) -> tuple[Scenario, L2Chain]:
    """With the withdrawal; the proposer proposes the output of an L2 block (or a wrong one)."""
    scenario = with_withdrawal()
    chain = scenario.derive()
    root = get_l2_output_root(chain, l2_block_number)
    scenario.propose(Hash32(keccak256(b"wrong" + root)) if wrong else root, l2_block_number)
    scenario.mine()
    return scenario, chain


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
    cases: list[Case] = []
    scenario = deployed()
    scenario.batch([], 0, BATCH_VERSION_UNCOMPRESSED)
    cases.append(scenario.case("empty_batch_uncompressed"))
    scenario = funded()
    cases.append(scenario.case("batch_reading_two_deposits"))
    scenario.batch([transfer(ALICE, 0, BOB_ADDRESS, ETHER)], 2, BATCH_VERSION_UNCOMPRESSED)
    cases.append(scenario.case("second_batch_chains_the_accumulator"))
    scenario = deployed()
    scenario.call(SEQUENCER, "appendBatch", [b"\x07garbage", 0])
    cases.append(scenario.case("malformed_data_is_accepted", ("Malformed",)))
    scenario = funded()
    scenario.deposit(CAROL, CAROL_ADDRESS, ETHER)
    scenario.batch([], 2)
    cases.append(scenario.case("leaves_a_delayed_message_unread"))
    # invalid
    scenario = funded()
    scenario.batch([], 2, sender=ALICE, error="NotSequencer")
    cases.append(scenario.case("not_the_sequencer", ("Revert", "Permission")))
    scenario = funded()
    scenario.batch([], 3, error="DelayedMessagesReadOutOfRange")
    cases.append(scenario.case("reads_past_the_queue", ("Revert",)))
    scenario = funded()
    scenario.batch([], 1, error="DelayedMessagesReadOutOfRange")
    cases.append(scenario.case("reads_backwards", ("Revert",)))
    scenario = deployed()
    data = b"\x00" * (MAX_BATCH_DATA_BYTES + 1)
    scenario.call(SEQUENCER, "appendBatch", [data, 0], error="BatchDataTooLarge")
    cases.append(scenario.case("data_too_large", ("Revert",)))
    return cases


def _queued() -> Scenario:
    """Deployed; Alice deposits 1 ether, then Bob queues a transfer 100 seconds later."""
    scenario = deployed()
    scenario.deposit(ALICE, ALICE_ADDRESS, ETHER)
    scenario.mine(100)
    signed = transfer(ALICE, 0, BOB_ADDRESS, ETHER // 2)
    scenario.call(BOB, "enqueueTransaction", [encode_signed_l2_transaction(signed)])
    scenario.mine()
    return scenario


def _force_include_cases() -> list[Case]:
    cases: list[Case] = []
    first_at = GENESIS_TIME + 2 * BLOCK_SECONDS
    second_at = first_at + 100
    scenario = _queued()
    scenario.now = first_at + FORCE_INCLUSION_WINDOW_SECONDS
    scenario.call(CAROL, "forceInclude", [1])
    cases.append(scenario.case("first_message_at_its_window", ("Deadline",)))
    scenario = _queued()
    scenario.now = second_at + FORCE_INCLUSION_WINDOW_SECONDS
    scenario.call(CAROL, "forceInclude", [2])
    cases.append(scenario.case("both_messages", ("Censorship",)))
    scenario = _queued()
    scenario.batch([], 1)
    scenario.mine(FORCE_INCLUSION_WINDOW_SECONDS + 100)
    scenario.call(CAROL, "forceInclude", [2])
    cases.append(scenario.case("after_the_sequencer_read_one"))
    # invalid
    scenario = _queued()
    scenario.now = first_at + FORCE_INCLUSION_WINDOW_SECONDS - 1
    scenario.call(CAROL, "forceInclude", [1], error="ForceInclusionTooEarly")
    cases.append(scenario.case("one_second_early", ("Revert", "Deadline")))
    scenario = _queued()
    # the older message is past its window, the younger is not
    scenario.now = second_at + FORCE_INCLUSION_WINDOW_SECONDS - 1
    scenario.call(CAROL, "forceInclude", [2], error="ForceInclusionTooEarly")
    cases.append(scenario.case("judged_by_the_youngest_message", ("Revert", "Deadline")))
    scenario = _queued()
    scenario.now = second_at + FORCE_INCLUSION_WINDOW_SECONDS
    scenario.call(CAROL, "forceInclude", [3], error="DelayedMessagesReadOutOfRange")
    cases.append(scenario.case("past_the_queue", ("Revert",)))
    scenario = _queued()
    scenario.batch([], 2)
    scenario.mine(FORCE_INCLUSION_WINDOW_SECONDS + 100)
    scenario.call(CAROL, "forceInclude", [2], error="DelayedMessagesReadOutOfRange")
    cases.append(scenario.case("already_read", ("Revert",)))
    scenario = deployed()
    scenario.mine(FORCE_INCLUSION_WINDOW_SECONDS)
    scenario.call(CAROL, "forceInclude", [0], error="DelayedMessagesReadOutOfRange")
    cases.append(scenario.case("nothing_queued", ("Revert",)))
    return cases


def _deposit_cases() -> list[Case]:
    cases: list[Case] = []
    scenario = deployed()
    scenario.deposit(ALICE, ALICE_ADDRESS, 10 * ETHER)
    cases.append(scenario.case("deposit_to_oneself"))
    scenario = deployed()
    scenario.deposit(ALICE, BOB_ADDRESS, 1)
    scenario.deposit(CAROL, BOB_ADDRESS, 0)
    cases.append(scenario.case("deposits_for_another_and_of_zero"))
    scenario = funded()
    scenario.deposit(CAROL, CAROL_ADDRESS, ETHER)
    cases.append(scenario.case("after_a_batch"))
    # an argument that is not a canonical address: the call does not decode
    scenario = deployed()
    data = encode_method_call(OPTIMISTIC_ROLLUP_CONTRACT, "deposit", [ALICE_ADDRESS])
    dirty = data[:4] + b"\x01" + data[5:]
    scenario.send(ALICE, "deposit", ROLLUP, dirty, value=ETHER, error="NonCanonicalEncoding")
    cases.append(scenario.case("dirty_address_argument", ("Revert",)))
    return cases


def _enqueue_transaction_cases() -> list[Case]:
    cases: list[Case] = []
    cases.append(_queued().case("queued_transfer"))
    scenario = deployed()
    scenario.call(BOB, "enqueueTransaction", [b"\x70\x01\x02"])
    cases.append(scenario.case("undecodable_bytes_are_queued", ("Malformed",)))
    scenario = deployed()
    limit = b"\x70" + bytes(MAX_FORCED_TRANSACTION_BYTES - 1)
    scenario.call(BOB, "enqueueTransaction", [limit])
    cases.append(scenario.case("at_the_size_limit", ("Malformed",)))
    scenario = deployed()
    too_long = b"\x70" + bytes(MAX_FORCED_TRANSACTION_BYTES)
    scenario.call(BOB, "enqueueTransaction", [too_long], error="BatchDataTooLarge")
    cases.append(scenario.case("too_large", ("Revert",)))
    scenario = deployed()
    signed = encode_signed_l2_transaction(transfer(ALICE, 0, BOB_ADDRESS, 1))
    scenario.call(BOB, "enqueueTransaction", [signed], 1, error="NotPayable")
    cases.append(scenario.case("with_value", ("Revert",)))
    return cases


def _propose_output_cases() -> list[Case]:
    cases: list[Case] = []
    scenario, _ = proposed()
    cases.append(scenario.case("output_of_the_last_block"))
    scenario = with_withdrawal()
    chain = scenario.derive()
    scenario.propose(get_l2_output_root(chain, 0), 0)
    scenario.propose(get_l2_output_root(chain, 1), 1)
    cases.append(scenario.case("outputs_of_genesis_and_block_1"))
    scenario, _ = proposed(wrong=True)
    cases.append(scenario.case("a_wrong_root_is_accepted_until_challenged"))
    # invalid
    root = get_l2_output_root(chain, 2)
    for name, value in (
        ("bond_too_low", OUTPUT_BOND_WEI - 1),
        ("bond_too_high", OUTPUT_BOND_WEI + 1),
        ("no_bond", 0),
    ):
        scenario = with_withdrawal()
        scenario.propose(root, 2, value=value, error="BondMismatch")
        cases.append(scenario.case(name, ("Revert", "Bond")))
    scenario = with_withdrawal()
    scenario.propose(root, 3, error="L2BlockNotPosted")
    cases.append(scenario.case("block_not_posted", ("Revert",)))
    return cases


def _resolve_output_cases() -> list[Case]:
    cases: list[Case] = []
    start = proposed()[0]
    proposed_at = start.now - BLOCK_SECONDS
    scenario = start.copy()
    scenario.now = proposed_at + CHALLENGE_WINDOW_SECONDS
    scenario.call(CAROL, "resolveOutput", [0])
    cases.append(scenario.case("at_the_end_of_the_window", ("Deadline",)))
    # invalid
    scenario = start.copy()
    scenario.now = proposed_at + CHALLENGE_WINDOW_SECONDS - 1
    scenario.call(CAROL, "resolveOutput", [0], error="OutputNotFinalized")
    cases.append(scenario.case("window_not_over", ("Revert", "Deadline")))
    scenario = start.copy()
    scenario.now = proposed_at + CHALLENGE_WINDOW_SECONDS
    scenario.call(CAROL, "resolveOutput", [0])
    scenario.mine()
    scenario.call(CAROL, "resolveOutput", [0], error="OutputAlreadyResolved")
    cases.append(scenario.case("resolved_twice", ("Revert",)))
    scenario = start.copy()
    scenario.call(CHALLENGER, "invalidateOutput", [0])
    scenario.mine(CHALLENGE_WINDOW_SECONDS)
    scenario.call(CAROL, "resolveOutput", [0], error="OutputAlreadyResolved")
    cases.append(scenario.case("defeated_output", ("Revert",)))
    scenario = start.copy()
    scenario.now = proposed_at + CHALLENGE_WINDOW_SECONDS
    scenario.call(CAROL, "resolveOutput", [1], error="OutputNotFound")
    cases.append(scenario.case("no_such_output", ("Revert",)))
    return cases


def _invalidate_output_cases() -> list[Case]:
    cases: list[Case] = []
    start = proposed(wrong=True)[0]
    proposed_at = start.now - BLOCK_SECONDS
    scenario = start.copy()
    scenario.call(CHALLENGER, "invalidateOutput", [0])
    cases.append(scenario.case("challenger_defeats_a_wrong_output", ("Permission",)))
    scenario = start.copy()
    scenario.now = proposed_at + CHALLENGE_WINDOW_SECONDS - 1
    scenario.call(CHALLENGER, "invalidateOutput", [0])
    cases.append(scenario.case("last_second_of_the_window", ("Permission", "Deadline")))
    # invalid
    scenario = start.copy()
    scenario.call(CAROL, "invalidateOutput", [0], error="NotChallenger")
    cases.append(scenario.case("not_the_challenger", ("Revert", "Permission")))
    scenario = start.copy()
    scenario.now = proposed_at + CHALLENGE_WINDOW_SECONDS
    scenario.call(CHALLENGER, "invalidateOutput", [0], error="ChallengeWindowOver")
    cases.append(scenario.case("window_over", ("Revert", "Deadline")))
    scenario = start.copy()
    scenario.call(CHALLENGER, "invalidateOutput", [0])
    scenario.mine()
    scenario.call(CHALLENGER, "invalidateOutput", [0], error="OutputAlreadyResolved")
    cases.append(scenario.case("already_defeated", ("Revert",)))
    scenario = start.copy()
    scenario.call(CHALLENGER, "invalidateOutput", [5], error="OutputNotFound")
    cases.append(scenario.case("no_such_output", ("Revert",)))
    return cases


def _finalize_withdrawal_cases() -> list[Case]:
    cases: list[Case] = []
    start, chain = proposed()
    proposed_at = start.now - BLOCK_SECONDS
    arguments = finalize_arguments(chain, 0, 2)
    proof = encode_smt_proof(
        compute_withdrawal_proof_at(chain, 2, compute_withdrawal_hash(WITHDRAWAL))
    )

    def after_window() -> Scenario:
        scenario = start.copy()
        scenario.now = proposed_at + CHALLENGE_WINDOW_SECONDS
        return scenario

    scenario = after_window()
    scenario.call(BOB, "finalizeWithdrawal", arguments)
    cases.append(scenario.case("paid_to_the_l1_recipient"))
    scenario = after_window()
    scenario.call(CAROL, "resolveOutput", [0])
    scenario.mine()
    scenario.call(CAROL, "finalizeWithdrawal", arguments)
    cases.append(scenario.case("against_a_resolved_output"))
    # invalid
    scenario = after_window()
    scenario.call(BOB, "finalizeWithdrawal", arguments)
    scenario.mine()
    scenario.call(BOB, "finalizeWithdrawal", arguments, error="WithdrawalAlreadyFinalized")
    cases.append(scenario.case("replayed", ("Revert", "Replay")))
    scenario = start.copy()
    scenario.now = proposed_at + CHALLENGE_WINDOW_SECONDS - 1
    scenario.call(BOB, "finalizeWithdrawal", arguments, error="OutputNotFinalized")
    cases.append(scenario.case("output_in_its_window", ("Revert", "Deadline")))
    scenario = start.copy()
    scenario.call(CHALLENGER, "invalidateOutput", [0])
    scenario.mine(CHALLENGE_WINDOW_SECONDS)
    scenario.call(BOB, "finalizeWithdrawal", arguments, error="OutputDefeated")
    cases.append(scenario.case("output_defeated", ("Revert",)))
    scenario = after_window()
    scenario.call(BOB, "finalizeWithdrawal", [1, *arguments[1:]], error="OutputNotFound")
    cases.append(scenario.case("no_such_output", ("Revert",)))
    wrong_preimage = output_root_proof_to_abi(OutputRootProof(ZERO_HASH, ZERO_HASH, ZERO_HASH))
    bad: list[tuple[str, list[AbiValue], str]] = [
        ("wrong_output_root_preimage", [0, wrong_preimage, *arguments[2:]], "OutputRootMismatch"),
        (
            "another_block_preimage",
            [0, output_root_proof_to_abi(get_l2_output_root_proof(chain, 1)), *arguments[2:]],
            "OutputRootMismatch",
        ),
        (
            "withdrawal_value_changed",
            [
                *arguments[:2],
                withdrawal_to_abi(replace(WITHDRAWAL, value=Wei(4 * ETHER))),
                arguments[3],
            ],
            "InvalidWithdrawalProof",
        ),
        (
            "withdrawal_recipient_changed",
            [
                *arguments[:2],
                withdrawal_to_abi(replace(WITHDRAWAL, l1_recipient=BOB_ADDRESS)),
                arguments[3],
            ],
            "InvalidWithdrawalProof",
        ),
        ("proof_truncated", [*arguments[:3], proof[:-1]], "InvalidWithdrawalProof"),
        ("proof_empty", [*arguments[:3], b""], "InvalidWithdrawalProof"),
    ]
    for name, wrong, error in bad:
        scenario = after_window()
        scenario.call(BOB, "finalizeWithdrawal", wrong, error=error)
        cases.append(scenario.case(name, ("Revert", "Proof")))
    # an output of block 1, before the withdrawal was made: the withdrawal is not in it
    scenario = with_withdrawal()
    early = scenario.derive()
    scenario.propose(get_l2_output_root(early, 1), 1)
    scenario.mine(CHALLENGE_WINDOW_SECONDS)
    scenario.call(
        BOB, "finalizeWithdrawal", finalize_arguments(early, 0, 1), error="InvalidWithdrawalProof"
    )
    cases.append(scenario.case("output_before_the_withdrawal", ("Revert", "Proof")))
    return cases


def _lifecycle_cases() -> list[Case]:
    cases: list[Case] = []
    flags = ("Lifecycle", "Derived")
    # deposit -> batch -> propose -> resolve -> withdraw
    scenario, chain = proposed()
    scenario.mine(CHALLENGE_WINDOW_SECONDS)
    scenario.call(PROPOSER, "resolveOutput", [0])
    scenario.call(CAROL, "finalizeWithdrawal", finalize_arguments(chain, 0, 2))
    cases.append(scenario.case("deposit_batch_propose_finalize_withdraw", flags))
    # a wrong output is defeated by the challenger; the right one is proposed and used
    scenario, chain = proposed(wrong=True)
    scenario.call(CHALLENGER, "invalidateOutput", [0])
    scenario.propose(get_l2_output_root(chain, 2), 2)
    scenario.mine(CHALLENGE_WINDOW_SECONDS)
    scenario.call(CAROL, "resolveOutput", [1])
    scenario.call(CAROL, "finalizeWithdrawal", finalize_arguments(chain, 1, 2))
    cases.append(scenario.case("wrong_output_defeated_then_withdraw", flags))
    # the sequencer censors Alice's withdrawal: she queues it on L1 and forces it in
    scenario = funded()
    queued_at = scenario.now
    signed = withdrawal_transaction(ALICE, 0, CAROL_ADDRESS, 3 * ETHER)
    scenario.call(ALICE, "enqueueTransaction", [encode_signed_l2_transaction(signed)])
    scenario.mine()
    scenario.batch([transfer(BOB, 0, ALICE_ADDRESS, ETHER)], 2)
    scenario.now = queued_at + FORCE_INCLUSION_WINDOW_SECONDS
    scenario.call(ALICE, "forceInclude", [3])
    scenario.mine()
    chain = scenario.derive()
    scenario.propose(get_l2_output_root(chain, 3), 3)
    scenario.mine(CHALLENGE_WINDOW_SECONDS)
    scenario.call(ALICE, "finalizeWithdrawal", finalize_arguments(chain, 0, 3))
    cases.append(scenario.case("censored_withdrawal_forced_in", (*flags, "Censorship")))
    return cases


# ----------------------------------------------------------------------------- derivation cases


def _derive_cases() -> list[Case]:
    cases: list[Case] = []
    flags = ("Derived",)
    cases.append(deployed().case("no_batches", flags))
    cases.append(funded().case("deposits_in_one_batch", flags))
    scenario = funded()
    scenario.batch(
        [
            transfer(ALICE, 0, BOB_ADDRESS, ETHER),
            transfer(ALICE, 5, BOB_ADDRESS, ETHER),  # skipped: wrong nonce
            transfer(BOB, 0, CAROL_ADDRESS, 2 * ETHER, chain_id=902),  # skipped: other chain
            withdrawal_transaction(BOB, 0, CAROL_ADDRESS, ETHER),
        ],
        2,
        BATCH_VERSION_UNCOMPRESSED,
    )
    scenario.mine()
    scenario.batch([transfer(ALICE, 1, CAROL_ADDRESS, ETHER)], 2, BATCH_VERSION_DEFLATE)
    cases.append(scenario.case("both_versions_and_skipped_transactions", flags))
    scenario = funded()
    scenario.deposit(CAROL, CAROL_ADDRESS, ETHER)
    scenario.mine()
    scenario.call(SEQUENCER, "appendBatch", [b"\x01\xff\xff", 3])
    scenario.mine()
    scenario.batch([transfer(CAROL, 0, BOB_ADDRESS, 1)], 3)
    cases.append(
        scenario.case("malformed_batch_dropped_its_delayed_messages_count", (*flags, "Malformed"))
    )
    scenario = funded()
    scenario.batch([], 2, sender=ALICE, error="NotSequencer")
    scenario.mine()
    scenario.batch([transfer(ALICE, 0, BOB_ADDRESS, 1)], 2)
    cases.append(scenario.case("reverted_append_adds_nothing", (*flags, "Revert")))
    scenario = _queued()
    scenario.call(CAROL, "enqueueTransaction", [b"\x70\x01\x02"])
    scenario.mine()
    scenario.now = (
        GENESIS_TIME + 2 * BLOCK_SECONDS + 100 + BLOCK_SECONDS + FORCE_INCLUSION_WINDOW_SECONDS
    )
    scenario.call(CAROL, "forceInclude", [3])
    cases.append(
        scenario.case(
            "forced_inclusion_with_an_undecodable_message", (*flags, "Censorship", "Malformed")
        )
    )
    scenario, _ = proposed()
    scenario.batch([withdrawal_transaction(BOB, 1, BOB_ADDRESS, ETHER)], 2)
    cases.append(scenario.case("withdrawals_in_two_blocks", flags))
    # a deposit's bytes queued as a forced transaction: only the contract makes deposits
    scenario = funded()
    forged = L2Deposit(9, CAROL_ADDRESS, CAROL_ADDRESS, Wei(50 * ETHER))
    scenario.call(CAROL, "enqueueTransaction", [encode_any_l2_transaction(forged)])
    scenario.mine()
    scenario.batch([], 3)
    cases.append(scenario.case("forged_deposit_in_the_queue_is_skipped", (*flags, "Malformed")))
    return cases


def _validate_cases() -> list[Case]:
    scenario = with_withdrawal()
    scenario.batch([withdrawal_transaction(BOB, 1, BOB_ADDRESS, ETHER)], 2)
    scenario.mine()
    chain = scenario.derive()
    second = Withdrawal(BOB_ADDRESS, 1, BOB_ADDRESS, Wei(ETHER))

    def case(
        name: str,
        l2_block_number: int,
        withdrawal: Withdrawal,
        *,
        proof_block: int | None = None,
        preimage_block: int | None = None,
        proof: bytes | None = None,
        expect: str = "valid",
    ) -> Case:
        output_root = get_l2_output_root(chain, l2_block_number)
        preimage = get_l2_output_root_proof(
            chain, l2_block_number if preimage_block is None else preimage_block
        )
        if proof is None:
            smt = compute_withdrawal_proof_at(
                chain,
                l2_block_number if proof_block is None else proof_block,
                compute_withdrawal_hash(withdrawal),
            )
            proof = encode_smt_proof(smt)
        case_input: JsonObject = {
            "output_root": hex_bytes(output_root),
            "output_root_proof": {
                "state_root": hex_bytes(preimage.state_root),
                "withdrawals_root": hex_bytes(preimage.withdrawals_root),
                "l2_block_hash": hex_bytes(preimage.l2_block_hash),
            },
            "withdrawal": withdrawal_json(withdrawal),
            "withdrawal_proof": hex_bytes(proof),
        }
        intermediate: JsonObject = {
            "withdrawal_hash": hex_bytes(compute_withdrawal_hash(withdrawal))
        }
        return Case(name, case_input, expect, ("Proof",) if expect != "valid" else (), intermediate)

    good = encode_smt_proof(
        compute_withdrawal_proof_at(chain, 3, compute_withdrawal_hash(WITHDRAWAL))
    )
    tampered = bytearray(good)
    tampered[-1] ^= 0x01
    # the height-0 sibling written out although it is the default hash
    explicit = bytearray(good[:32])
    explicit[31] |= 0x01
    non_canonical = bytes(explicit) + SMT_DEFAULT_HASHES[0] + good[32:]
    return [
        case("withdrawal_in_its_block", 2, WITHDRAWAL),
        case("withdrawal_in_a_later_block", 3, WITHDRAWAL),
        case("second_withdrawal", 3, second),
        case("wrong_preimage", 3, WITHDRAWAL, preimage_block=2, expect="OutputRootMismatch"),
        case("not_yet_made", 2, second, expect="InvalidWithdrawalProof"),
        case(
            "proof_of_an_older_tree", 3, WITHDRAWAL, proof_block=2, expect="InvalidWithdrawalProof"
        ),
        case(
            "other_nonce",
            3,
            replace(WITHDRAWAL, nonce=1),
            proof=good,
            expect="InvalidWithdrawalProof",
        ),
        case(
            "tampered_sibling",
            3,
            WITHDRAWAL,
            proof=bytes(tampered),
            expect="InvalidWithdrawalProof",
        ),
        case("truncated_proof", 3, WITHDRAWAL, proof=good[:-1], expect="InvalidWithdrawalProof"),
        case(
            "non_canonical_proof",
            3,
            WITHDRAWAL,
            proof=non_canonical,
            expect="InvalidWithdrawalProof",
        ),
    ]


def withdrawal_json(withdrawal: Withdrawal) -> JsonObject:
    return {
        "l2_sender": hex_bytes(withdrawal.l2_sender),
        "nonce": dec(withdrawal.nonce),
        "l1_recipient": hex_bytes(withdrawal.l1_recipient),
        "value": dec(withdrawal.value),
    }


def _run_validate(case_input: JsonObject) -> JsonValue:
    preimage = as_object(field_of(case_input, "output_root_proof"), "output_root_proof")
    item = as_object(field_of(case_input, "withdrawal"), "withdrawal")
    validate_withdrawal_proof(
        Hash32(parse_bytes(field_of(case_input, "output_root"))),
        OutputRootProof(
            Hash32(parse_bytes(field_of(preimage, "state_root"))),
            Hash32(parse_bytes(field_of(preimage, "withdrawals_root"))),
            Hash32(parse_bytes(field_of(preimage, "l2_block_hash"))),
        ),
        Withdrawal(
            Address(parse_bytes(field_of(item, "l2_sender"))),
            parse_int(field_of(item, "nonce")),
            Address(parse_bytes(field_of(item, "l1_recipient"))),
            Wei(parse_int(field_of(item, "value"))),
        ),
        parse_bytes(field_of(case_input, "withdrawal_proof")),
    )
    return None


# ----------------------------------------------------------------------------- running steps


def l2_chain_json(chain: L2Chain) -> JsonObject:
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
                "receipts": [
                    {"applied": receipt.applied, "error": receipt.error}
                    for receipt in chain.receipts[number]
                ],
            }
        )
    head = len(chain.blocks) - 1
    proofs: list[JsonValue] = [
        {
            "withdrawal_hash": hex_bytes(withdrawal_hash),
            "proof": hex_bytes(
                encode_smt_proof(compute_withdrawal_proof_at(chain, head, withdrawal_hash))
            ),
        }
        for withdrawal_hash in chain.state.withdrawals
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


def _execute(case_input: JsonObject) -> tuple[LocalChain, list[JsonValue]]:
    local, keys = local_chain_from_pre(field_of(case_input, "pre"), CONTRACTS, FEE_RECIPIENT)
    return local, run_transaction_steps(local, keys, field_of(case_input, "steps"))


@functools.cache
def _execute_text(text: str) -> str:
    local, receipts = _execute(json.loads(text))
    result: JsonObject = {
        "receipts": receipts,
        "post": state_to_json(local.chain.state),
        "l2": l2_chain_json(derive_l2_chain(local.chain, ROLLUP)),
    }
    return json.dumps(result)


def execute(steps: list[JsonValue]) -> tuple[LocalChain, list[JsonValue]]:
    return _execute({"pre": pre(), "steps": steps})


def _cached(case_input: JsonObject) -> JsonObject:
    # A pure function of its input, memoized: one process may generate and verify the same
    # case several times, and the L1 model's state roots dominate the cost.
    result: JsonObject = json.loads(_execute_text(json.dumps(case_input, sort_keys=True)))
    return result


def run_contract_steps(case_input: JsonObject) -> JsonValue:
    result = _cached(case_input)
    return {"receipts": result["receipts"], "post": result["post"]}


def run_derived_steps(case_input: JsonObject) -> JsonValue:
    result = _cached(case_input)
    post = as_object(result["post"], "post")
    return {"receipts": result["receipts"], "post": {**post, "l2": result["l2"]}}


# ----------------------------------------------------------------------------- suites

STEPS_DESCRIPTION = (
    "Steps through the L1 model from `input.pre` (a chain with the accounts' balances, the "
    "OptimisticRollup contract known by name): each step is one transaction of `args.sender` "
    "to `args.to` with `args.value` and `args.data`; consecutive steps with one `timestamp` "
    "are one block. A step MUST end with its `error` (the receipt's revert reason; null: "
    "succeeded). `output.receipts` are every step's receipt; `output.post` the L1 state after.",
)


def _contract_suite(function: str, cases: Callable[[], list[Case]], extra: str) -> Suite:
    return Suite(
        suite=f"optimistic/{function}",
        function=f"l2ref.optimistic.contracts.{function}",
        spec=f"{CONTRACTS_SPEC}#{function}",
        description=(*STEPS_DESCRIPTION, extra),
        cases=cases,
        run=run_contract_steps,
        notes=NOTES,
        parameters={
            "CHALLENGE_WINDOW_SECONDS": dec(CHALLENGE_WINDOW_SECONDS),
            "FORCE_INCLUSION_WINDOW_SECONDS": dec(FORCE_INCLUSION_WINDOW_SECONDS),
            "OUTPUT_BOND_WEI": dec(OUTPUT_BOND_WEI),
            "MAX_BATCH_DATA_BYTES": dec(MAX_BATCH_DATA_BYTES),
            "MAX_FORCED_TRANSACTION_BYTES": dec(MAX_FORCED_TRANSACTION_BYTES),
        },
    )


SUITES = [
    _contract_suite(
        "rollup_append_batch", _append_batch_cases, "The last step is an `appendBatch`."
    ),
    _contract_suite(
        "rollup_force_include", _force_include_cases, "The last step is a `forceInclude`."
    ),
    _contract_suite("rollup_deposit", _deposit_cases, "The last step is a `deposit`."),
    _contract_suite(
        "rollup_enqueue_transaction",
        _enqueue_transaction_cases,
        "The last step is an `enqueueTransaction`.",
    ),
    _contract_suite(
        "rollup_propose_output", _propose_output_cases, "The last step is a `proposeOutput`."
    ),
    _contract_suite(
        "rollup_resolve_output", _resolve_output_cases, "The last step is a `resolveOutput`."
    ),
    _contract_suite(
        "rollup_invalidate_output",
        _invalidate_output_cases,
        "The last step is an `invalidateOutput`.",
    ),
    _contract_suite(
        "rollup_finalize_withdrawal",
        _finalize_withdrawal_cases,
        "The last step is a `finalizeWithdrawal`.",
    ),
    replace(
        _contract_suite(
            "OPTIMISTIC_ROLLUP_CONTRACT",
            _lifecycle_cases,
            "Complete lifecycles; "
            "`output.post.l2` is the L2 derived from the chain (derive_l2_chain).",
        ),
        suite="optimistic/lifecycle",
        run=run_derived_steps,
    ),
    Suite(
        suite="optimistic/derive_l2_chain",
        function="l2ref.optimistic.derivation.derive_l2_chain",
        spec=f"{DERIVATION_SPEC}#derive_l2_chain",
        description=(
            *STEPS_DESCRIPTION,
            "`output.post.l2` is derive_l2_chain of the L1 chain after the last step and the "
            "rollup's address (the sequencer's first deployment): every L2 block, its output "
            "root, the L2 state, and a proof of every withdrawal against the head block.",
        ),
        cases=_derive_cases,
        run=run_derived_steps,
        notes=NOTES,
        parameters={"L2_CHAIN_ID": dec(L2_CHAIN_ID)},
    ),
    Suite(
        suite="optimistic/validate_withdrawal_proof",
        function="l2ref.optimistic.contracts.validate_withdrawal_proof",
        spec=f"{CONTRACTS_SPEC}#validate_withdrawal_proof",
        description=(
            "validate_withdrawal_proof(`input.output_root`, `input.output_root_proof`, "
            "`input.withdrawal`, `input.withdrawal_proof`) over outputs of a derived L2 chain; "
            "`output` is null when it accepts.",
        ),
        cases=_validate_cases,
        run=_run_validate,
        notes=NOTES,
    ),
]
