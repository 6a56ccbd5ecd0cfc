"""Vector suites for specs/channels/: the contract's methods and complete lifecycles as steps
through the L1 model, the messages, the EIP-712 digests, the locks tree, and BOLT 3's
revocation secrets."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from l2ref.channels.contract import (
    CHANNEL_CONTRACT,
    CHANNEL_CONTRACT_NAME,
    MAX_CHALLENGE_PERIOD_SECONDS,
    MIN_CHALLENGE_PERIOD_SECONDS,
    SECRET_REGISTRY_CONTRACT,
    SECRET_REGISTRY_CONTRACT_NAME,
    STATIC_CALL_GAS,
    process_close,
    process_cooperative_close,
    process_deposit,
    process_open,
    process_punish,
    process_register_secret,
    process_settle,
    process_unlock,
    process_update,
    process_withdraw,
)
from l2ref.channels.revocation import (
    EMPTY_REVOCATION_STORE,
    MAX_COMMITMENT_INDEX,
    RevocationStore,
    compute_per_commitment_secret,
    compute_revocation_hash,
    compute_revocation_secret,
    get_revocation_secret,
    insert_revocation_secret,
)
from l2ref.channels.revocation import compute_revocation_secret as secret_of
from l2ref.channels.states import (
    CHANNEL_STATE_TYPE_NAME,
    CHANNEL_STATE_TYPES,
    COOPERATIVE_CLOSE_TYPE_NAME,
    COOPERATIVE_CLOSE_TYPES,
    NO_REVOCATION_HASH,
    NONCE_MODE,
    PENALTY_MODE,
    ChannelMessage,
    ChannelState,
    CooperativeClose,
    CooperativeCloseSignature,
    DisputeMode,
    Lock,
    RevocationHashOffer,
    SecretReveal,
    StateCountersignature,
    StateProposal,
    StateRevocation,
    compute_channel_domain,
    compute_cooperative_close_digest,
    compute_cooperative_close_message,
    compute_hashlock,
    compute_lock_proof,
    compute_locked_amounts,
    compute_locks_root,
    compute_state_digest,
    compute_state_message,
    cooperative_close_to_abi,
    decode_message,
    encode_lock,
    encode_message,
    lock_to_abi,
    sign_cooperative_close,
    sign_state,
    state_to_abi,
)
from l2ref.crypto.hash import keccak256
from l2ref.crypto.merkle import encode_merkle_proof
from l2ref.crypto.secp256k1 import CURVE_ORDER, PrivateKey, Signature, encode_signature
from l2ref.encoding.abi import AbiValue, encode_abi
from l2ref.encoding.typed_data import compute_domain_separator, compute_struct_hash
from l2ref.errors import L2RefError, StepOutcomeMismatch
from l2ref.l1.contracts import encode_method_call
from l2ref.l1.driver import SECONDS_PER_BLOCK, compute_account_address
from l2ref.l1.transactions import CREATION_ADDRESS, compute_contract_address, encode_creation_data
from l2ref.l1.types import ChainId, Seconds, Wei
from l2ref.types import Address, Hash32
from l2ref.vectorgen.codec import from_json, to_json
from l2ref.vectorgen.core import Case, JsonObject, JsonValue, Note, dec, declare, hex_bytes
from l2ref.vectorgen.harness import (
    CHAIN_ID,
    DAY,
    ETHER,
    GENESIS_TIME,
    TransactionSteps,
    declare_steps,
    key_from_label,
    transaction_steps_runner,
)

__all__ = ["CHAIN_ID", "DAY", "ETHER"]  # shared fixtures, imported from here by the watchtower

BLOCK_SECONDS = SECONDS_PER_BLOCK
CONTRACTS = {
    CHANNEL_CONTRACT_NAME: CHANNEL_CONTRACT,
    SECRET_REGISTRY_CONTRACT_NAME: SECRET_REGISTRY_CONTRACT,
}
ALICE, BOB, CAROL = key_from_label("alice"), key_from_label("bob"), key_from_label("carol")
ALICE_ADDRESS = compute_account_address(ALICE)
BOB_ADDRESS = compute_account_address(BOB)
CAROL_ADDRESS = compute_account_address(CAROL)
KEYS = {ALICE_ADDRESS: ALICE, BOB_ADDRESS: BOB, CAROL_ADDRESS: CAROL}
NAMES = {ALICE_ADDRESS: "alice", BOB_ADDRESS: "bob", CAROL_ADDRESS: "carol"}
PROPOSER = Address(bytes(19) + b"\xfe")
ALLOCATIONS = {address: Wei(1_000 * ETHER) for address in KEYS}
# Carol deploys the registry, then the channel contract: their addresses are fixed
REGISTRY = compute_contract_address(CAROL_ADDRESS, 0)
CONTRACT = compute_contract_address(CAROL_ADDRESS, 1)
SEED_A = Hash32(keccak256(b"alice revocation seed"))
SEED_B = Hash32(keccak256(b"bob revocation seed"))
CHANNEL_ID = Hash32(keccak256(b"channel 1"))
OTHER_CHANNEL_ID = OTHER_ID = Hash32(keccak256(b"channel 2"))
DEPOSIT_A = 10 * ETHER
DEPOSIT_B = 5 * ETHER

NOTES = {
    "Revert": Note(
        "SECURITY",
        "The last step reverts with the named error: the receipt fails, the caller pays its gas, "
        "and the contracts' storage and every other balance are as before it (I-CH-7).",
    ),
    "Signature": Note(
        "SECURITY",
        "A signature that is not the participant's: another signer, swapped, truncated, or "
        "over other data.",
    ),
    "Domain": Note(
        "SECURITY",
        "A state signed for another chain id, another contract or another channel id (I-CH-8).",
    ),
    "Malleability": Note(
        "SECURITY", "A high-s signature: valid ECDSA, but not the one form the contract accepts."
    ),
    "Replay": Note(
        "SECURITY", "A transaction or co-signed state submitted again, or an old one reused."
    ),
    "Deadline": Note(
        "EDGE_CASE",
        "A call at or around a deadline: the settle time (updates and penalties before it, "
        "settlement at or after it) or a lock's expiry.",
    ),
    "Penalty": Note(
        "SECURITY",
        "Penalty mode: a close with a revoked state, punished by revealing the closer's "
        "revocation secret (I-CH-4).",
    ),
    "Watchtower": Note(
        "FUNCTIONALITY",
        "Submitted by a third party (Carol) carrying the participants' signatures (I-CH-9).",
    ),
    "Locks": Note(
        "FUNCTIONALITY",
        "Hash-time-locked transfers: registration in the secret registry, claim and refund.",
    ),
    "Final": Note("SECURITY", "An operation on a settled channel (I-CH-3)."),
    "Lifecycle": Note("FUNCTIONALITY", "A complete channel lifecycle, from open to payout."),
    "Bolt3": Note(
        "COMPATIBILITY", "A test vector of BOLT 3, Appendix D, with its published values."
    ),
    "EthAccount": Note(
        "COMPATIBILITY",
        "The digest is checked against eth-account's encode_typed_data in tests/test_channels.py.",
    ),
    "Malformed": Note("SECURITY", "A byte string that is not the one canonical encoding."),
}


# ----------------------------------------------------------------------------- values


def _state_to_json(state: ChannelState) -> JsonObject:
    encoded: JsonObject = to_json(state, ChannelState)  # type: ignore[assignment]
    return encoded


def _state_from_json(value: JsonValue) -> ChannelState:
    state: ChannelState = from_json(value, ChannelState, "a state")
    return state


def _lock_to_json(lock: Lock) -> JsonObject:
    encoded: JsonObject = to_json(lock, Lock)  # type: ignore[assignment]
    return encoded


def _lock_from_json(value: JsonValue) -> Lock:
    lock: Lock = from_json(value, Lock, "a lock")
    return lock


def _signature_to_json(signature: Signature) -> JsonObject:
    encoded: JsonObject = to_json(signature, Signature)  # type: ignore[assignment]
    return encoded


def _signature_from_json(value: JsonValue) -> Signature:
    signature: Signature = from_json(value, Signature, "a signature")
    return signature


# ----------------------------------------------------------------------------- states


def _revocation_hash(seed: Hash32, nonce: int) -> Hash32:
    return compute_revocation_hash(compute_revocation_secret(seed, nonce))


def _state(
    nonce: int,
    transferred_a: int = 0,
    transferred_b: int = 0,
    *,
    mode: DisputeMode = NONCE_MODE,
    withdrawn_a: int = 0,
    withdrawn_b: int = 0,
    locks: tuple[Lock, ...] = (),
    channel_id: Hash32 = CHANNEL_ID,
    chain_id: ChainId = CHAIN_ID,
    contract: Address = CONTRACT,
) -> ChannelState:
    locked_a, locked_b = compute_locked_amounts(locks, ALICE_ADDRESS, BOB_ADDRESS)
    penalty = mode == PENALTY_MODE
    return ChannelState(
        chain_id, contract, channel_id, nonce, Wei(transferred_a), Wei(transferred_b),
        Wei(withdrawn_a), Wei(withdrawn_b), locked_a, locked_b, compute_locks_root(locks),
        len(locks),
        _revocation_hash(SEED_A, nonce) if penalty else NO_REVOCATION_HASH,
        _revocation_hash(SEED_B, nonce) if penalty else NO_REVOCATION_HASH,
    )  # fmt: skip


def _args(
    state: ChannelState,
    signer_a: PrivateKey = ALICE,
    signer_b: PrivateKey = BOB,
    channel_id: Hash32 = CHANNEL_ID,
) -> list[AbiValue]:
    """The arguments of a call with a co-signed state: the chain and contract of a state are its
    signing domain, not call arguments."""
    signatures = [encode_signature(sign_state(state, key)) for key in (signer_a, signer_b)]
    return [channel_id, state_to_abi(state), *signatures]


def _close_args(
    close: CooperativeClose, signer_a: PrivateKey = ALICE, signer_b: PrivateKey = BOB
) -> list[AbiValue]:
    signatures = [
        encode_signature(sign_cooperative_close(close, key)) for key in (signer_a, signer_b)
    ]
    return [cooperative_close_to_abi(close), *signatures]


def _settle_args(state: ChannelState) -> list[AbiValue]:
    return [CHANNEL_ID, state_to_abi(state)]


def _high_s(arguments: list[AbiValue], position: int) -> list[AbiValue]:
    """`arguments` with the signature at `position` in its high-s form."""
    signature = bytes(arguments[position])  # type: ignore[arg-type]
    s = int.from_bytes(signature[32:64], "big")
    high = signature[:32] + (CURVE_ORDER - s).to_bytes(32, "big") + bytes([55 - signature[64]])
    return [*arguments[:position], high, *arguments[position + 1 :]]


# ----------------------------------------------------------------------------- scenarios

PRE: JsonObject = {
    "chain_id": dec(CHAIN_ID),
    "contracts": [CHANNEL_CONTRACT_NAME, SECRET_REGISTRY_CONTRACT_NAME],
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


class _Scenario(TransactionSteps):
    """The channel and registry calls of a lifecycle, as L1 transaction steps."""

    def call(
        self,
        private_key: PrivateKey,
        method: str,
        arguments: Sequence[AbiValue],
        value: int = 0,
        *,
        error: str | None = None,
        contract: Address = CONTRACT,
    ) -> _Scenario:
        definition = SECRET_REGISTRY_CONTRACT if contract == REGISTRY else CHANNEL_CONTRACT
        data = encode_method_call(definition, method, list(arguments))
        self.send(private_key, method, contract, data, value=value, error=error)
        return self

    def register(self, private_key: PrivateKey, secret: bytes) -> _Scenario:
        return self.call(private_key, "registerSecret", [secret], contract=REGISTRY)

    def later(self, seconds: int = BLOCK_SECONDS) -> _Scenario:
        """End the block: later calls go into a block `seconds` later."""
        self.now += seconds
        return self

    def case(self, name: str, *flags: str) -> Case:
        """The steps so far as a case; one whose last step reverts is flagged Revert."""
        last = self.steps[-1]
        reverts = ("Revert",) if isinstance(last, dict) and last["error"] else ()
        return Case(name, {"pre": PRE, "steps": list(self.steps)}, flags=(*reverts, *flags))


# name, sender, arguments, the error of the call (None: it succeeds), flags
Row = tuple[str, PrivateKey, list[AbiValue], str | None, str]


def _each(start: Callable[[], _Scenario], method: str, rows: Sequence[Row]) -> list[Case]:
    """One case per row: `start`, then the row's call of `method`."""
    return [
        start().call(key, method, arguments, error=error).case(name, *flags.split())
        for name, key, arguments, error, flags in rows
    ]


def _deployed() -> _Scenario:
    """Carol deploys the registry and the channel contract."""
    scenario = _Scenario(GENESIS_TIME + BLOCK_SECONDS)
    scenario.send(
        CAROL, "deploy", CREATION_ADDRESS, encode_creation_data(SECRET_REGISTRY_CONTRACT_NAME, b"")
    )
    creation = encode_creation_data(CHANNEL_CONTRACT_NAME, encode_abi(["address"], [REGISTRY]))
    scenario.send(CAROL, "deploy", CREATION_ADDRESS, creation)
    return scenario


def _opened(mode: DisputeMode = NONCE_MODE, deposits: bool = True) -> _Scenario:
    """Deployed, a channel opened by Alice with Bob, and both deposits, in one block."""
    scenario = _deployed().call(ALICE, "open", [CHANNEL_ID, BOB_ADDRESS, mode, DAY])
    if deposits:
        scenario.call(ALICE, "deposit", [CHANNEL_ID, DEPOSIT_A], DEPOSIT_A)
        scenario.call(BOB, "deposit", [CHANNEL_ID, DEPOSIT_B], DEPOSIT_B)
    return scenario.later()


def _closed(
    state: ChannelState, mode: DisputeMode = NONCE_MODE, closer: PrivateKey = ALICE
) -> _Scenario:
    return _opened(mode).call(closer, "close", _args(state)).later()


def _penalty_closed() -> _Scenario:
    return _closed(_state(2, 0, 0, mode=PENALTY_MODE), PENALTY_MODE)


def _settled(state: ChannelState) -> _Scenario:
    return _closed(state).later(DAY).call(CAROL, "settle", _settle_args(state)).later()


# ----------------------------------------------------------------------------- contract suites

_COOPERATIVE = CooperativeClose(CHAIN_ID, CONTRACT, CHANNEL_ID, Wei(12 * ETHER), Wei(3 * ETHER))


def _open_cases() -> list[Case]:
    bad, low, high = (
        "InvalidChannelParameters",
        MIN_CHALLENGE_PERIOD_SECONDS,
        MAX_CHALLENGE_PERIOD_SECONDS,
    )
    deadline = "Deadline"
    rows: list[Row] = [
        ("open_nonce_mode", ALICE, [CHANNEL_ID, BOB_ADDRESS, NONCE_MODE, DAY], None, ""),
        ("open_penalty_mode", ALICE, [CHANNEL_ID, BOB_ADDRESS, PENALTY_MODE, DAY], None, ""),
        ("open_shortest_period", ALICE, [CHANNEL_ID, BOB_ADDRESS, NONCE_MODE, low], None, deadline),
        ("open_longest_period", ALICE, [CHANNEL_ID, BOB_ADDRESS, NONCE_MODE, high], None, deadline),
        ("zero_channel_id", ALICE, [bytes(32), BOB_ADDRESS, NONCE_MODE, DAY], bad, ""),
        ("partner_is_opener", ALICE, [CHANNEL_ID, ALICE_ADDRESS, NONCE_MODE, DAY], bad, ""),
        ("partner_is_zero", ALICE, [CHANNEL_ID, bytes(20), NONCE_MODE, DAY], bad, ""),
        ("mode_zero", ALICE, [CHANNEL_ID, BOB_ADDRESS, 0, DAY], bad, ""),
        ("mode_three", ALICE, [CHANNEL_ID, BOB_ADDRESS, 3, DAY], bad, ""),
        ("period_too_short", ALICE, [CHANNEL_ID, BOB_ADDRESS, NONCE_MODE, low - 1], bad, ""),
        ("period_too_long", ALICE, [CHANNEL_ID, BOB_ADDRESS, NONCE_MODE, high + 1], bad, ""),
    ]
    cases = _each(_deployed, "open", rows)
    again: list[AbiValue] = [CHANNEL_ID, ALICE_ADDRESS, NONCE_MODE, DAY]
    scenario = _opened(deposits=False).call(BOB, "open", again, error="ChannelAlreadyExists")
    cases.append(scenario.case("id_in_use"))
    scenario = _opened().call(CAROL, "cooperativeClose", _close_args(_final_close())).later()
    again = [CHANNEL_ID, BOB_ADDRESS, NONCE_MODE, DAY]
    scenario.call(ALICE, "open", again, error="ChannelAlreadyExists")
    return [*cases, scenario.case("id_of_a_settled_channel", "Final", "Replay")]


def _final_close() -> CooperativeClose:
    return CooperativeClose(CHAIN_ID, CONTRACT, CHANNEL_ID, Wei(DEPOSIT_A), Wei(DEPOSIT_B))


def _deposit_cases() -> list[Case]:
    scenario = _opened(deposits=False).call(ALICE, "deposit", [CHANNEL_ID, DEPOSIT_A], DEPOSIT_A)
    cases = [scenario.case("first_deposit")]
    scenario.call(BOB, "deposit", [CHANNEL_ID, DEPOSIT_B], DEPOSIT_B)
    scenario.call(ALICE, "deposit", [CHANNEL_ID, DEPOSIT_A + 1], 1)
    cases.append(scenario.case("deposits_of_both_and_a_top_up"))
    # name, sender, total deposit, value sent, error, flags
    stale = "DepositNotMonotonic"
    rows: list[tuple[str, PrivateKey, Hash32, int, int, str, str]] = [
        ("same_total_again", ALICE, CHANNEL_ID, DEPOSIT_A, DEPOSIT_A, stale, "Replay"),
        ("lower_total", ALICE, CHANNEL_ID, DEPOSIT_A - 1, 0, "DepositNotMonotonic", ""),
        ("value_above_difference", ALICE, CHANNEL_ID, DEPOSIT_A + 5, 6, "DepositValueMismatch", ""),
        ("value_below_difference", ALICE, CHANNEL_ID, DEPOSIT_A + 5, 4, "DepositValueMismatch", ""),
        ("not_a_participant", CAROL, CHANNEL_ID, ETHER, ETHER, "NotParticipant", ""),
        ("unknown_channel", ALICE, OTHER_ID, ETHER, ETHER, "ChannelNotFound", ""),
    ]
    for name, key, channel_id, total, value, error, flags in rows:
        scenario = _opened().call(key, "deposit", [channel_id, total], value, error=error)
        cases.append(scenario.case(name, *flags.split()))
    scenario = _closed(_state(1))
    scenario.call(BOB, "deposit", [CHANNEL_ID, DEPOSIT_B + 1], 1, error="ChannelNotOpen")
    return [*cases, scenario.case("after_close")]


def _withdraw_cases() -> list[Case]:
    one = _state(2, ETHER, 0, withdrawn_a=3 * ETHER)
    both = _state(3, ETHER, 0, withdrawn_a=3 * ETHER, withdrawn_b=ETHER)
    scenario = _opened().call(CAROL, "withdraw", _args(one))
    cases = [scenario.case("withdraw_by_a", "Watchtower")]
    cases.append(scenario.later().call(BOB, "withdraw", _args(both)).case("then_withdraw_by_b"))
    scenario = _opened().call(ALICE, "withdraw", _args(one)).later()
    scenario.call(ALICE, "withdraw", _args(one), error="WithdrawalNotMonotonic")
    cases.append(scenario.case("same_state_again", "Replay"))
    signature, domain, invalid = "Signature", "Domain", "InvalidStateSignature"
    too_much, wrong = _args(_state(2, ETHER, 0, withdrawn_a=9 * ETHER + 1)), "WrongChannelId"
    rows: list[Row] = [
        ("nothing_withdrawn", ALICE, _args(_state(2, ETHER)), "WithdrawalNotMonotonic", ""),
        ("more_than_the_balance", ALICE, too_much, "NegativeBalance", ""),
        ("signed_by_a_third_party", ALICE, _args(one, ALICE, CAROL), invalid, signature),
        ("signatures_swapped", ALICE, _args(one, BOB, ALICE), invalid, signature),
        ("other_channel_id", ALICE, _args(replace(one, channel_id=OTHER_ID)), wrong, domain),
    ]
    cases += _each(_opened, "withdraw", rows)
    scenario = _closed(_state(1)).call(ALICE, "withdraw", _args(one), error="ChannelNotOpen")
    return [*cases, scenario.case("after_close")]


def _cooperative_close_cases() -> list[Case]:
    final = _COOPERATIVE
    cases = [
        _opened()
        .call(CAROL, "cooperativeClose", _close_args(final))
        .case("cooperative_close", "Watchtower")
    ]
    scenario = (
        _opened().call(BOB, "withdraw", _args(_state(2, 0, 0, withdrawn_b=2 * ETHER))).later()
    )
    scenario.call(ALICE, "cooperativeClose", _close_args(replace(final, balance_b=Wei(ETHER))))
    cases.append(scenario.case("after_a_withdrawal"))
    everything = replace(final, balance_a=Wei(0), balance_b=Wei(DEPOSIT_A + DEPOSIT_B))
    scenario = _opened().call(BOB, "cooperativeClose", _close_args(everything))
    cases.append(scenario.case("all_to_one_side"))
    mismatch, invalid = "CloseBalanceMismatch", "InvalidStateSignature"
    above = replace(final, balance_a=Wei(12 * ETHER + 1))
    below = replace(final, balance_a=Wei(12 * ETHER - 1))
    elsewhere, high = replace(final, chain_id=ChainId(1)), _high_s(_close_args(final), 2)
    rows: list[Row] = [
        ("balances_above_total", CAROL, _close_args(above), mismatch, ""),
        ("balances_below_total", CAROL, _close_args(below), mismatch, ""),
        ("signed_by_a_third_party", CAROL, _close_args(final, ALICE, CAROL), invalid, "Signature"),
        ("signed_for_another_chain", CAROL, _close_args(elsewhere), invalid, "Domain Signature"),
        ("high_s_signature", CAROL, high, invalid, "Malleability Signature"),
    ]
    cases += _each(_opened, "cooperativeClose", rows)
    scenario = _opened().call(CAROL, "cooperativeClose", _close_args(final)).later()
    scenario.call(CAROL, "cooperativeClose", _close_args(final), error="ChannelNotOpen")
    cases.append(scenario.case("twice", "Replay", "Final"))
    scenario = _closed(_state(1))
    scenario.call(CAROL, "cooperativeClose", _close_args(final), error="ChannelNotOpen")
    return [*cases, scenario.case("after_a_unilateral_close")]


def _close_cases() -> list[Case]:
    state = _state(4, 3 * ETHER, ETHER)
    cases = [_opened().call(ALICE, "close", _args(state)).case("close_by_a")]
    penalty = _state(4, 3 * ETHER, ETHER, mode=PENALTY_MODE)
    cases.append(
        _opened(PENALTY_MODE)
        .call(BOB, "close", _args(penalty))
        .case("close_by_b_penalty_mode", "Penalty")
    )
    scenario = _opened().call(ALICE, "close", _args(_state(1, 0, DEPOSIT_B)))
    cases.append(scenario.case("close_with_all_of_b_transferred"))
    truncated = _args(state)
    truncated[2] = bytes(truncated[2])[:64]  # type: ignore[arg-type]
    invalid, signature, domain, wrong = (
        "InvalidStateSignature",
        "Signature",
        "Domain",
        "WrongChannelId",
    )
    unknown = _args(_state(1, channel_id=OTHER_ID), channel_id=OTHER_ID)
    rows: list[Row] = [
        ("signed_by_a_third_party", ALICE, _args(state, ALICE, CAROL), invalid, signature),
        ("signatures_swapped", ALICE, _args(state, BOB, ALICE), invalid, signature),
        ("signature_truncated", ALICE, truncated, invalid, signature),
        ("high_s_signature", ALICE, _high_s(_args(state), 3), invalid, "Malleability Signature"),
        (
            "signed_for_another_chain",
            ALICE,
            _args(replace(state, chain_id=ChainId(1))),
            invalid,
            domain,
        ),
        (
            "signed_for_another_contract",
            ALICE,
            _args(replace(state, contract=REGISTRY)),
            invalid,
            domain,
        ),
        ("state_of_another_channel", ALICE, _args(_state(4, channel_id=OTHER_ID)), wrong, domain),
        ("nonce_zero", ALICE, _args(_state(0)), "NonceNotHigher", ""),
        ("not_a_participant", CAROL, _args(state), "NotParticipant", ""),
        ("more_than_deposited", BOB, _args(_state(2, 0, DEPOSIT_B + 1)), "NegativeBalance", ""),
        ("unknown_channel", ALICE, unknown, "ChannelNotFound", ""),
    ]
    cases += _each(_opened, "close", rows)
    again = _args(_state(5, 3 * ETHER))
    cases.append(
        _closed(state).call(BOB, "close", again, error="ChannelNotOpen").case("close_twice")
    )
    scenario = _settled(state).call(BOB, "close", again, error="ChannelNotOpen")
    return [*cases, scenario.case("close_after_settle", "Final")]


def _update_cases() -> list[Case]:
    old, newer, newest = _state(2, ETHER), _state(3, 2 * ETHER), _state(4, 3 * ETHER)
    cases = [_closed(old).call(BOB, "update", _args(newer)).case("update_by_the_other_party")]
    scenario = _closed(old).call(CAROL, "update", _args(newest))
    cases.append(scenario.case("update_by_a_watchtower", "Watchtower"))
    scenario = _closed(old).call(BOB, "update", _args(newer)).later()
    cases.append(scenario.call(CAROL, "update", _args(newest)).case("two_updates", "Watchtower"))
    scenario = _closed(old).later(DAY - 2 * BLOCK_SECONDS).call(BOB, "update", _args(newer))
    cases.append(scenario.case("one_second_before_the_settle_time", "Deadline"))
    replay, domain, invalid, wrong = "Replay", "Domain", "InvalidStateSignature", "WrongChannelId"
    rows: list[Row] = [
        ("same_nonce", BOB, _args(old), "NonceNotHigher", replay),
        ("lower_nonce", BOB, _args(_state(1)), "NonceNotHigher", replay),
        ("signed_by_a_third_party", BOB, _args(newer, CAROL, BOB), invalid, "Signature"),
        (
            "signed_for_another_chain",
            BOB,
            _args(replace(newer, chain_id=ChainId(1))),
            invalid,
            domain,
        ),
        ("state_of_another_channel", BOB, _args(_state(3, channel_id=OTHER_ID)), wrong, domain),
        ("more_than_deposited", BOB, _args(_state(3, DEPOSIT_A + 1)), "NegativeBalance", ""),
    ]
    cases += _each(lambda: _closed(old), "update", rows)
    scenario = _closed(old).later(DAY - BLOCK_SECONDS)
    scenario.call(BOB, "update", _args(newer), error="ChallengePeriodOver")
    cases.append(scenario.case("at_the_settle_time", "Deadline"))
    scenario = _opened().call(BOB, "update", _args(newer), error="ChannelNotClosed")
    cases.append(scenario.case("channel_still_open"))
    scenario = _settled(old).call(BOB, "update", _args(newer), error="ChannelNotClosed")
    return [*cases, scenario.case("after_settle", "Final")]


def _punish_cases() -> list[Case]:
    latest = _state(4, 3 * ETHER, 0, mode=PENALTY_MODE)
    secret = [CHANNEL_ID, compute_revocation_secret(SEED_A, 2)]
    cases = [
        _penalty_closed().call(BOB, "punish", secret).case("revoked_state_punished", "Penalty")
    ]
    scenario = _penalty_closed().call(CAROL, "punish", secret)
    cases.append(scenario.case("punished_by_a_watchtower", "Penalty", "Watchtower"))
    scenario = _penalty_closed().call(BOB, "update", _args(latest)).later()
    cases.append(scenario.call(BOB, "punish", secret).case("punished_after_an_update", "Penalty"))
    mismatch = "PreimageMismatch"
    rows: list[Row] = [
        ("secret_of_another_nonce", BOB, [CHANNEL_ID, secret_of(SEED_A, 3)], mismatch, "Penalty"),
        ("secret_of_the_other_party", BOB, [CHANNEL_ID, secret_of(SEED_B, 2)], mismatch, "Penalty"),
        (
            "the_revocation_hash_itself",
            BOB,
            [CHANNEL_ID, _revocation_hash(SEED_A, 2)],
            mismatch,
            "Penalty",
        ),
    ]
    cases += _each(_penalty_closed, "punish", rows)
    scenario = _closed(_state(2)).call(BOB, "punish", secret, error="WrongDisputeMode")
    cases.append(scenario.case("nonce_mode_channel"))
    scenario = _penalty_closed().later(DAY - BLOCK_SECONDS)
    scenario.call(BOB, "punish", secret, error="ChallengePeriodOver")
    cases.append(scenario.case("at_the_settle_time", "Deadline", "Penalty"))
    scenario = _penalty_closed().call(BOB, "punish", secret).later()
    scenario.call(BOB, "punish", secret, error="ChannelNotClosed")
    cases.append(scenario.case("twice", "Final", "Replay"))
    scenario = _opened(PENALTY_MODE).call(BOB, "punish", secret, error="ChannelNotClosed")
    return [*cases, scenario.case("channel_still_open")]


def _settle_cases() -> list[Case]:
    old, newer = _state(2, ETHER, 0), _state(3, 2 * ETHER, 4 * ETHER)
    scenario = _closed(old).later(DAY - BLOCK_SECONDS).call(CAROL, "settle", _settle_args(old))
    cases = [scenario.case("at_the_settle_time", "Deadline", "Watchtower")]
    scenario = _closed(old).call(BOB, "update", _args(newer)).later(DAY)
    cases.append(scenario.call(ALICE, "settle", _settle_args(newer)).case("the_updated_state"))
    everything = _state(2, DEPOSIT_A, 0)
    scenario = _closed(everything).later(DAY).call(BOB, "settle", _settle_args(everything))
    cases.append(scenario.case("everything_to_b"))
    scenario = _closed(old).later(DAY - 2 * BLOCK_SECONDS)
    scenario.call(CAROL, "settle", _settle_args(old), error="ChallengePeriodNotOver")
    cases.append(scenario.case("one_second_before_the_settle_time", "Deadline"))
    wrong = "WrongChannelId"
    rows: list[Row] = [
        ("another_state", CAROL, _settle_args(newer), "StateHashMismatch", ""),
        (
            "state_of_another_channel",
            CAROL,
            _settle_args(replace(old, channel_id=OTHER_ID)),
            wrong,
            "Domain",
        ),
    ]
    cases += _each(lambda: _closed(old).later(DAY), "settle", rows)
    scenario = _closed(old).call(BOB, "update", _args(newer)).later(DAY)
    scenario.call(CAROL, "settle", _settle_args(old), error="StateHashMismatch")
    cases.append(scenario.case("the_state_an_update_replaced", "Replay"))
    scenario = _settled(old).call(CAROL, "settle", _settle_args(old), error="ChannelNotClosed")
    cases.append(scenario.case("twice", "Final", "Replay"))
    scenario = _opened().call(CAROL, "settle", _settle_args(old), error="ChannelNotClosed")
    return [*cases, scenario.case("channel_still_open")]


SECRETS = (Hash32(b"\x5a" * 32), Hash32(b"\xa5" * 32), Hash32(b"\x3c" * 32))
LOCK_EXPIRY = Seconds(GENESIS_TIME + 3 * DAY)
LOCKS = tuple(
    Lock(sender, Wei(amount), compute_hashlock(secret), LOCK_EXPIRY)
    for sender, amount, secret in zip(
        (ALICE_ADDRESS, ALICE_ADDRESS, BOB_ADDRESS), (ETHER, 2 * ETHER, ETHER), SECRETS, strict=True
    )
)
LOCK_STATE = _state(3, ETHER, 0, locks=LOCKS)


def _unlock_args(
    index: int, lock: Lock | None = None, proof: bytes | None = None
) -> list[AbiValue]:
    if proof is None:
        proof = encode_merkle_proof(compute_lock_proof(LOCKS, index))
    return [CHANNEL_ID, index, lock_to_abi(lock or LOCKS[index]), proof]


def _settled_with_locks(registered: tuple[int, ...] = (0, 2)) -> _Scenario:
    """Bob closes with three locks pending, registers the secrets of `registered`, and Carol
    settles after the period; the locks expire two days after the settlement."""
    scenario = _closed(LOCK_STATE, closer=BOB)
    for index in registered:
        scenario.register(BOB if LOCKS[index].sender == ALICE_ADDRESS else ALICE, SECRETS[index])
    if registered:
        scenario.later()
    scenario.now = max(scenario.now, GENESIS_TIME + DAY + 4 * BLOCK_SECONDS)
    return scenario.call(CAROL, "settle", _settle_args(LOCK_STATE)).later()


def _at(scenario: _Scenario, now: int) -> _Scenario:
    scenario.now = now
    return scenario


def _unlock_cases() -> list[Case]:
    locks, deadline = ("Locks",), ("Locks", "Deadline")
    scenario = _settled_with_locks().call(CAROL, "unlock", _unlock_args(0))
    cases = [scenario.case("claimed_by_the_receiver", *locks)]
    scenario.later().call(ALICE, "unlock", _unlock_args(2))
    cases.append(scenario.case("claimed_in_the_other_direction", *locks))
    scenario = _at(_settled_with_locks(), LOCK_EXPIRY + 1).call(CAROL, "unlock", _unlock_args(1))
    cases.append(scenario.case("refunded_after_expiry", *deadline))
    scenario = _at(_settled_with_locks(), LOCK_EXPIRY + 1).register(BOB, SECRETS[1]).later()
    scenario.call(BOB, "unlock", _unlock_args(1))
    cases.append(scenario.case("unlock_after_expiry_refunds_the_sender", *deadline))
    scenario = _at(_settled_with_locks(()), LOCK_EXPIRY).register(BOB, SECRETS[0]).later()
    cases.append(
        scenario.call(BOB, "unlock", _unlock_args(0)).case("registered_at_the_expiry", *deadline)
    )
    unregistered = "SecretNotRegistered"
    scenario = _settled_with_locks().call(BOB, "unlock", _unlock_args(1), error=unregistered)
    cases.append(scenario.case("not_registered_before_expiry", *locks))
    scenario = _at(_settled_with_locks(), LOCK_EXPIRY)
    scenario.call(BOB, "unlock", _unlock_args(1), error=unregistered)
    cases.append(scenario.case("not_registered_at_the_expiry", *deadline))
    scenario = _settled_with_locks().register(BOB, SECRETS[0][:31] + b"\x00").later()
    scenario.call(BOB, "unlock", _unlock_args(1), error=unregistered)
    cases.append(scenario.case("a_preimage_that_does_not_match", *locks))
    tampered = replace(LOCKS[0], amount=Wei(2 * ETHER))
    proof = encode_merkle_proof(compute_lock_proof(LOCKS, 0))
    other = encode_merkle_proof(compute_lock_proof(LOCKS, 1))
    bad, long = "InvalidLockProof", proof + b"\x00"
    rows: list[Row] = [
        ("wrong_index", CAROL, _unlock_args(1, LOCKS[0], proof), bad, "Locks"),
        ("tampered_amount", CAROL, _unlock_args(0, tampered, proof), bad, "Locks"),
        ("proof_of_another_lock", CAROL, _unlock_args(0, None, other), bad, "Locks"),
        ("index_past_the_locks", CAROL, _unlock_args(3, LOCKS[0], proof), bad, "Locks"),
        ("proof_not_whole_hashes", CAROL, _unlock_args(0, None, long), "InvalidLength", "Locks"),
    ]
    cases += _each(_settled_with_locks, "unlock", rows)
    scenario = _settled_with_locks().call(CAROL, "unlock", _unlock_args(0)).later()
    scenario.call(CAROL, "unlock", _unlock_args(0), error="LockAlreadyResolved")
    cases.append(scenario.case("twice", "Locks", "Replay", "Final"))
    scenario = _closed(LOCK_STATE, closer=BOB)
    scenario.call(CAROL, "unlock", _unlock_args(0), error="ChannelNotSettled")
    return [*cases, scenario.case("before_settlement", *locks)]


def _register_secret_cases() -> list[Case]:
    scenario = _deployed().later().register(BOB, SECRETS[0])
    first = scenario.case("register", "Locks")
    again = (
        scenario.later()
        .register(ALICE, SECRETS[0])
        .case("register_again_changes_nothing", "Locks", "Replay")
    )
    zero = scenario.later().register(CAROL, bytes(32)).case("any_32_bytes", "Locks")
    return [first, again, zero]


def _lifecycle_cases() -> list[Case]:
    # nonce mode, cooperative: payments off-chain, a withdrawal, a top-up, a cooperative close
    scenario = _opened().call(
        BOB, "withdraw", _args(_state(5, 4 * ETHER, ETHER, withdrawn_b=2 * ETHER))
    )
    scenario.call(ALICE, "deposit", [CHANNEL_ID, DEPOSIT_A + ETHER], ETHER).later()
    final = CooperativeClose(CHAIN_ID, CONTRACT, CHANNEL_ID, Wei(8 * ETHER), Wei(6 * ETHER))
    scenario.call(ALICE, "cooperativeClose", _close_args(final))
    cases = [scenario.case("nonce_mode_cooperative", "Lifecycle")]
    # nonce mode, dispute: Alice closes with an old state, Bob's watchtower updates
    latest = _state(7, 3 * ETHER, 2 * ETHER)
    scenario = _closed(_state(2, 0, 2 * ETHER)).later(6 * 3600).call(CAROL, "update", _args(latest))
    scenario.later(DAY).call(BOB, "settle", _settle_args(latest))
    cases.append(scenario.case("nonce_mode_stale_close_updated", "Lifecycle", "Watchtower"))
    # penalty mode: Alice closes with a state she revoked and loses everything
    scenario = _closed(_state(2, 0, 2 * ETHER, mode=PENALTY_MODE), PENALTY_MODE).call(
        BOB, "punish", [CHANNEL_ID, compute_revocation_secret(SEED_A, 2)]
    )
    cases.append(scenario.case("penalty_mode_cheater_punished", "Lifecycle", "Penalty"))
    # penalty mode: Bob closes with the latest state; nobody disputes
    latest = _state(9, 6 * ETHER, ETHER, mode=PENALTY_MODE)
    scenario = (
        _closed(latest, PENALTY_MODE, BOB).later(DAY).call(BOB, "settle", _settle_args(latest))
    )
    cases.append(scenario.case("penalty_mode_unilateral_close", "Lifecycle"))
    # locks: two claimed, one refunded after its expiry
    scenario = _settled_with_locks().call(BOB, "unlock", _unlock_args(0))
    scenario = _at(scenario.call(ALICE, "unlock", _unlock_args(2)), LOCK_EXPIRY + 1)
    scenario.call(ALICE, "unlock", _unlock_args(1))
    return [*cases, scenario.case("locks_claimed_and_refunded", "Lifecycle", "Locks")]


_run_steps = transaction_steps_runner(CONTRACTS, PROPOSER)


# ----------------------------------------------------------------------------- messages


def _example_messages() -> list[tuple[str, ChannelMessage]]:
    state = _state(3, ETHER, 0, mode=PENALTY_MODE, locks=LOCKS)
    close = _COOPERATIVE
    revocation = StateRevocation(
        CHANNEL_ID, 2, compute_revocation_secret(SEED_A, 2), _revocation_hash(SEED_A, 4)
    )
    return [
        ("revocation_hash_offer", RevocationHashOffer(CHANNEL_ID, 1, _revocation_hash(SEED_A, 1))),
        ("state_proposal", StateProposal(state, LOCKS, sign_state(state, ALICE))),
        ("state_proposal_without_locks", StateProposal(_state(1), (), sign_state(_state(1), BOB))),
        ("state_countersignature", StateCountersignature(CHANNEL_ID, 3, sign_state(state, BOB))),
        ("state_revocation", revocation),
        ("secret_reveal", SecretReveal(CHANNEL_ID, SECRETS[0])),
        (
            "cooperative_close_signature",
            CooperativeCloseSignature(close, sign_cooperative_close(close, ALICE)),
        ),
    ]


def _decode_cases() -> list[Case]:
    cases = [Case(name, {"data": encode_message(message)}) for name, message in _example_messages()]
    reveal = encode_message(SecretReveal(CHANNEL_ID, SECRETS[0]))
    proposal = encode_message(StateProposal(_state(1), (), sign_state(_state(1), BOB)))
    counter = encode_message(StateCountersignature(CHANNEL_ID, 3, sign_state(_state(3), BOB)))
    # the signature's 65 bytes start after the signature's length word, at the end
    v_at = len(counter) - 96 + 64

    def with_v(v: int) -> bytes:
        return counter[:v_at] + bytes([v]) + counter[v_at + 1 :]

    short = encode_abi(("uint16", "bytes32", "uint256", "bytes"), [3, CHANNEL_ID, 3, bytes(64)])
    invalid: list[tuple[str, bytes, str]] = [
        ("empty", b"", "InvalidLength"),
        ("shorter_than_a_word", reveal[:31], "InvalidLength"),
        ("type_zero", bytes(32) + reveal[32:], "UnknownMessageType"),
        ("type_seven", (7).to_bytes(32, "big") + reveal[32:], "UnknownMessageType"),
        ("type_word_not_uint16", b"\x01" + reveal[1:], "NonCanonicalEncoding"),
        ("truncated", reveal[:-1], "InvalidLength"),
        ("trailing_byte", reveal + b"\x00", "InvalidLength"),
        ("truncated_dynamic", proposal[:-32], "InvalidOffset"),
        ("signature_v_byte_29", with_v(29), "InvalidRecoveryByte"),
        ("signature_v_byte_0", with_v(0), "NonCanonicalEncoding"),
        ("signature_64_bytes", short, "InvalidLength"),
    ]
    return cases + [
        Case(name, {"data": data}, error, ("Malformed",)) for name, data, error in invalid
    ]


# ----------------------------------------------------------------------------- digests and locks


def _digest_states() -> list[tuple[str, ChannelState]]:
    biggest = 2**256 - 1
    largest = replace(_state(biggest), transferred_a=Wei(biggest), transferred_b=Wei(biggest))
    return [
        ("first_state", _state(1)),
        ("payments_both_ways", _state(7, 3 * ETHER, ETHER)),
        ("penalty_mode", _state(4, ETHER, 0, mode=PENALTY_MODE)),
        ("with_locks_and_withdrawals", _state(9, ETHER, 0, withdrawn_b=ETHER, locks=LOCKS)),
        ("another_chain", _state(1, chain_id=ChainId(1))),
        ("another_contract", _state(1, contract=REGISTRY)),
        ("largest_values", replace(largest, locks_root=Hash32(b"\xff" * 32), lock_count=biggest)),
    ]


def _state_digest_cases() -> list[Case]:
    def intermediate(state: ChannelState) -> dict[str, object]:
        domain = compute_channel_domain(state.chain_id, state.contract)
        message = compute_state_message(state)
        struct_hash = compute_struct_hash(CHANNEL_STATE_TYPES, CHANNEL_STATE_TYPE_NAME, message)
        return {"domain_separator": compute_domain_separator(domain), "struct_hash": struct_hash}

    return [
        Case(name, {"state": state}, flags=("EthAccount",), intermediate=intermediate(state))
        for name, state in _digest_states()
    ]


def _close_digest_cases() -> list[Case]:
    closes = [
        ("split", _COOPERATIVE),
        ("all_to_b", CooperativeClose(CHAIN_ID, CONTRACT, CHANNEL_ID, Wei(0), Wei(15 * ETHER))),
        ("another_chain", CooperativeClose(ChainId(1), CONTRACT, CHANNEL_ID, Wei(1), Wei(2))),
    ]
    types, primary = COOPERATIVE_CLOSE_TYPES, COOPERATIVE_CLOSE_TYPE_NAME
    return [
        Case(
            name,
            {"close": close},
            flags=("EthAccount",),
            intermediate={
                "struct_hash": compute_struct_hash(
                    types, primary, compute_cooperative_close_message(close)
                )
            },
        )
        for name, close in closes
    ]


@dataclass(frozen=True)
class LocksTree:
    """The locks root of some locks with their count, the amounts each side locks and the Merkle
    proof of every lock."""

    locks_root: Hash32
    lock_count: int
    locked_a: Wei
    locked_b: Wei
    proofs: tuple[tuple[Hash32, ...], ...]


def locks_tree(
    participant_a: Address, participant_b: Address, locks: tuple[Lock, ...]
) -> LocksTree:
    """compute_locks_root, compute_locked_amounts and compute_lock_proof of `locks`."""
    locked_a, locked_b = compute_locked_amounts(locks, participant_a, participant_b)
    proofs = tuple(tuple(compute_lock_proof(locks, index)) for index in range(len(locks)))
    return LocksTree(compute_locks_root(locks), len(locks), locked_a, locked_b, proofs)


def _locks_root_cases() -> list[Case]:
    many = tuple(
        Lock(
            ALICE_ADDRESS if i % 3 else BOB_ADDRESS,
            Wei(i + 1),
            compute_hashlock(Hash32(bytes([i]) * 32)),
            Seconds(GENESIS_TIME + i),
        )
        for i in range(5)
    )
    stranger = (replace(LOCKS[0], sender=CAROL_ADDRESS),)
    participants = {"participant_a": ALICE_ADDRESS, "participant_b": BOB_ADDRESS}
    cases = [
        Case(
            name,
            {**participants, "locks": locks},
            intermediate={"leaves": [encode_lock(lock) for lock in locks]},
        )
        for name, locks in (
            ("no_locks", ()),
            ("one_lock", LOCKS[:1]),
            ("three_locks", LOCKS),
            ("five_locks", many),
        )
    ]
    sender = Case(
        "sender_not_a_participant", {**participants, "locks": stranger}, "LockSenderNotParticipant"
    )
    return [*cases, sender]


# ----------------------------------------------------------------------------- BOLT 3

BOLT3_GENERATION = (
    ("generate_from_seed_0_final_node", b"\x00" * 32, MAX_COMMITMENT_INDEX,
     "02a40c85b6f28da08dfdbe0926c53fab2de6d28c10301f8f7c4073d5e42e3148"),
    ("generate_from_seed_ff_final_node", b"\xff" * 32, MAX_COMMITMENT_INDEX,
     "7cc854b54e3e0dcdb010d7a3fee464a9687be6e8db3be6854c475621e007a5dc"),
    ("generate_from_seed_ff_alternate_bits_1", b"\xff" * 32, 0xAAAAAAAAAAA,
     "56f4008fb007ca9acf0e15b054d5c9fd12ee06cea347914ddbaed70d1c13a528"),
    ("generate_from_seed_ff_alternate_bits_2", b"\xff" * 32, 0x555555555555,
     "9015daaeb06dba4ccc05b91b2f73bd54405f2be9f217fbacd3c5ac2e62327d31"),
    ("generate_from_seed_01_last_nontrivial_node", b"\x01" * 32, 1,
     "915c75942a26bb3a433a8ce2cb0427c29ec6c1775cfc78328b57f6ba7bfeaa9c"),
)  # fmt: skip


def _generation_cases() -> list[Case]:
    cases = [
        Case(
            name,
            {"seed": seed, "index": index},
            flags=("Bolt3",),
            intermediate={"expected": bytes.fromhex(expected)},
        )
        for name, seed, index, expected in BOLT3_GENERATION
    ]
    beyond = {"seed": b"\xff" * 32, "index": MAX_COMMITMENT_INDEX + 1}
    return [
        *cases,
        Case("index_zero_is_the_seed", {"seed": b"\xab" * 32, "index": 0}),
        Case("index_past_48_bits", beyond, "RevocationIndexOutOfRange"),
        Case("seed_of_31_bytes", {"seed": b"\xff" * 31, "index": 1}, "InvalidRevocationSecret"),
    ]


_S = {
    "655": "7cc854b54e3e0dcdb010d7a3fee464a9687be6e8db3be6854c475621e007a5dc",
    "654": "c7518c8ae4660ed02894df8976fa1a3659c1a8b4b5bec0c4b872abeba4cb8964",
    "653": "2273e227a5b7449b6e70f1fb4652864038b1cbf9cd7c043a7d6456b7fc275ad8",
    "652": "27cddaa5624534cb6cb9d7da077cf2b22ab21e9b506fd4998a51d54502e99116",
    "651": "c65716add7aa98ba7acb236352d665cab17345fe45b55fb879ff80e6bd0c41dd",
    "650": "969660042a28f32d9be17344e09374b379962d03db1574df5a8a5a47e19ce3f2",
    "649": "a5a64476122ca0925fb344bdc1854c1c0a59fc614298e50a33e331980a220f32",
    "648": "05cde6323d949933f7f7b78776bcc1ea6d9b31447732e3802e1f7ac44b650e17",
}
_BAD = {
    "655": "02a40c85b6f28da08dfdbe0926c53fab2de6d28c10301f8f7c4073d5e42e3148",
    "654": "dddc3a8d14fddf2b68fa8c7fbad2748274937479dd0f8930d5ebb4ab6bd866a3",
    "653": "c51a18b13e8527e579ec56365482c62f180b7d5760b46e9477dae59e87ed423a",
    "652": "ba65d7b0ef55a3ba300d4e87af29868f394f8f138d78a7011669c79b37b936f4",
    "651": "631373ad5f9ef654bb3dade742d09504c567edd24320d2fcd68e3cc47e2ff6a6",
    "650": "b7e76a83668bde38b373970155c868a653304308f9896692f904a23731224bb1",
    "649": "e7971de736e01da8ed58b94c2fc216cb1dca9e326f3a96e7194fe8ea8af6c0a3",
    "648": "a7efbc61aac46d34f77778bac22c8a20c6a46ca460addc49009bda875ec88fa4",
}
# BOLT 3 Appendix D, storage tests: the secrets inserted (by the last three digits of the index
# 281474976710xxx; "bad" marks the corrupted ones), and the number inserted before the ERROR
BOLT3_STORAGE: tuple[tuple[str, str, int | None], ...] = (
    ("insert_secret_correct_sequence", "655 654 653 652 651 650 649 648", None),
    ("insert_secret_1_incorrect", "bad655 654", 1),
    ("insert_secret_2_incorrect", "bad655 bad654 653 652", 3),
    ("insert_secret_3_incorrect", "655 654 bad653 652", 3),
    ("insert_secret_4_incorrect", "bad655 bad654 bad653 bad652 651 650 649 648", 7),
    ("insert_secret_5_incorrect", "655 654 653 652 bad651 650", 5),
    ("insert_secret_6_incorrect", "655 654 653 652 bad651 bad650 649 648", 7),
    ("insert_secret_7_incorrect", "655 654 653 652 651 650 bad649 648", 7),
    ("insert_secret_8_incorrect", "655 654 653 652 651 650 649 bad648", 7),
)


@dataclass(frozen=True)
class InsertArgs:
    index: int
    secret: Hash32


@dataclass(frozen=True)
class InsertStep:
    """One insert_revocation_secret and the error it ends with (None: it succeeds)."""

    call: str
    args: InsertArgs
    result: str
    error: str | None


@dataclass(frozen=True)
class StoreAfter:
    store: RevocationStore
    derived: Mapping[int, Hash32]


@dataclass(frozen=True)
class StoreSteps:
    post: StoreAfter


def insert_steps(pre: Mapping[str, str], steps: tuple[InsertStep, ...]) -> StoreSteps:
    """Every step's insertion into the empty store; the final store and the secret derived for
    every index inserted."""
    store, received = EMPTY_REVOCATION_STORE, []
    for number, step in enumerate(steps, start=1):
        error: str | None = None
        try:
            store = insert_revocation_secret(store, step.args.index, step.args.secret)
            received.append(step.args.index)
        except L2RefError as exc:
            error = type(exc).__name__
        if error != step.error:
            raise StepOutcomeMismatch(f"step {number} ended with {error}")
    return StoreSteps(StoreAfter(store, {i: get_revocation_secret(store, i) for i in received}))


def _insert(index: int, secret: str, error: str | None = None) -> InsertStep:
    arguments = InsertArgs(index, Hash32(bytes.fromhex(secret)))
    return InsertStep("insert_revocation_secret", arguments, "invalid" if error else "valid", error)


def _storage_cases() -> list[Case]:
    empty = {"store": "empty"}
    cases = []
    for name, labels, failing in BOLT3_STORAGE:
        steps = []
        for position, label in enumerate(labels.split()):
            digits = label.removeprefix("bad")
            secret = (_BAD if label.startswith("bad") else _S)[digits]
            error = "InvalidRevocationSecret" if position == failing else None
            steps.append(_insert(281474976710000 + int(digits), secret, error))
        cases.append(Case(name, {"pre": empty, "steps": tuple(steps)}, flags=("Bolt3",)))
    skipped = _insert(MAX_COMMITMENT_INDEX - 1, _S["654"], "UnexpectedRevocationIndex")
    return [*cases, Case("first_index_skipped", {"pre": empty, "steps": (skipped,)})]


# ----------------------------------------------------------------------------- suites

STEPS_DESCRIPTION = (
    "A multi-step case through the L1 model (specs/l1/driver.md): build a local chain from "
    "`input.pre` (chain id, the spec contracts named, genesis time, and the accounts with their "
    "balances and the private keys that sign their transactions). Each step is one transaction "
    "of `args.sender` to `args.to` with `args.value` wei and call data `args.data` (a creation "
    "when `to` is the zero address), gas limit 5,000,000 and gas price 1 wei; consecutive steps "
    "with the same `args.timestamp` are mined in one block at that timestamp, in order. Each "
    "step's receipt MUST succeed (`error` null) or revert with `error`. `output.receipts` are the "
    "steps' receipts in order, and `output.post` the chain after the last step: the state root, "
    "every account and every storage value.",
    "Carol (the third account) deploys the secret registry and then the channel contract, so "
    "their addresses are the first two of her creations; Alice is participant A and Bob B.",
)
PARAMETERS = {
    "MIN_CHALLENGE_PERIOD_SECONDS": dec(MIN_CHALLENGE_PERIOD_SECONDS),
    "MAX_CHALLENGE_PERIOD_SECONDS": dec(MAX_CHALLENGE_PERIOD_SECONDS),
    "STATIC_CALL_GAS": dec(STATIC_CALL_GAS),
}
STEP_SUITES: list[tuple[Callable[..., Any], Callable[[], list[Case]], str]] = [
    (process_open, _open_cases, "an `open`"),
    (process_deposit, _deposit_cases, "a `deposit`"),
    (process_withdraw, _withdraw_cases, "a `withdraw`"),
    (process_cooperative_close, _cooperative_close_cases, "a `cooperativeClose`"),
    (process_close, _close_cases, "a `close`"),
    (process_update, _update_cases, "an `update`"),
    (process_punish, _punish_cases, "a `punish`"),
    (process_settle, _settle_cases, "a `settle`"),
    (process_unlock, _unlock_cases, "an `unlock`"),
    (process_register_secret, _register_secret_cases, "a `registerSecret` of the secret registry"),
]
LIFECYCLE = declare_steps(
    "channels", process_open, _lifecycle_cases, (*STEPS_DESCRIPTION, "Complete lifecycles."),
    _run_steps, name="lifecycle", notes=NOTES, parameters=PARAMETERS,
)  # fmt: skip

SUITES = [
    *(
        declare_steps(
            "channels",
            function,
            cases,
            (*STEPS_DESCRIPTION, f"The last step is {last}."),
            _run_steps,
            notes=NOTES,
            parameters=PARAMETERS,
        )
        for function, cases, last in STEP_SUITES
    ),
    dataclasses.replace(
        LIFECYCLE,
        function="l2ref.channels.contract.CHANNEL_CONTRACT",
        spec="specs/channels/contract.md#CHANNEL_CONTRACT",
    ),
    declare(
        "channels",
        encode_message,
        lambda: [Case(name, {"message": message}) for name, message in _example_messages()],
        "encode_message of `input.message`: `type` names the message, the other fields are its "
        "fields (integers as decimal strings, bytes as 0x-hex, a signature as r, s and the y "
        "parity v); `output` is the encoding.",
        notes=NOTES,
    ),
    declare(
        "channels",
        decode_message,
        _decode_cases,
        "decode_message of `input.data`; `output` is the message in the form of "
        "channels/encode_message's input. Malformed encodings name their DecodingError.",
        notes=NOTES,
    ),
    declare(
        "channels",
        compute_state_digest,
        _state_digest_cases,
        "The EIP-712 digest of `input.state` (its chain id and contract are the domain's); "
        "`intermediate` holds the domain separator and the struct hash.",
        notes=NOTES,
    ),
    declare(
        "channels",
        compute_cooperative_close_digest,
        _close_digest_cases,
        "The EIP-712 digest of `input.close`; `intermediate` holds the struct hash.",
        notes=NOTES,
    ),
    declare(
        "channels",
        compute_locks_root,
        _locks_root_cases,
        "The locks root of `input.locks`, with the lock count, the locked amounts of "
        "`participant_a` and `participant_b` (compute_locked_amounts) and the Merkle proof of "
        "every lock (compute_lock_proof); `intermediate.leaves` are the encoded locks.",
        via=locks_tree,
        notes=NOTES,
    ),
    declare(
        "channels",
        compute_per_commitment_secret,
        _generation_cases,
        "BOLT 3's generate_from_seed(`input.seed`, `input.index`).",
        notes=NOTES,
    ),
    declare(
        "channels",
        insert_revocation_secret,
        _storage_cases,
        "Steps of insert_revocation_secret from the empty store, each with `args.index` and "
        "`args.secret`, ending as declared (a failed insertion leaves the store unchanged). "
        "`output.post.store` is the final store (49 buckets, `null` when empty) and "
        "`output.post.derived` the secret get_revocation_secret gives for every index inserted.",
        via=insert_steps,
        notes=NOTES,
    ),
]
