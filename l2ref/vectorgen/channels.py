"""Vector suites for specs/channels/: the contract's methods and complete lifecycles as steps
through the L1 model, the messages, the EIP-712 digests, the locks tree, and BOLT 3's
revocation secrets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from l2ref.channels.contract import (
    CHANNEL_CONTRACT,
    CHANNEL_CONTRACT_NAME,
    MAX_CHALLENGE_PERIOD_SECONDS,
    MIN_CHALLENGE_PERIOD_SECONDS,
    SECRET_REGISTRY_CONTRACT,
    SECRET_REGISTRY_CONTRACT_NAME,
    STATIC_CALL_GAS,
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
from l2ref.errors import L2RefError, MalformedVector, StepOutcomeMismatch
from l2ref.l1.contracts import encode_method_call
from l2ref.l1.driver import (
    SECONDS_PER_BLOCK,
    compute_account_address,
)
from l2ref.l1.transactions import (
    CREATION_ADDRESS,
    compute_contract_address,
    encode_creation_data,
)
from l2ref.l1.types import ChainId, Seconds, Wei
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
    transaction_steps_runner,
)

CHAIN_ID = ChainId(1337)
GENESIS_TIME = Seconds(1_700_000_000)
ETHER = 10**18
DAY = 86_400
BLOCK_SECONDS = SECONDS_PER_BLOCK
CONTRACTS = {
    CHANNEL_CONTRACT_NAME: CHANNEL_CONTRACT,
    SECRET_REGISTRY_CONTRACT_NAME: SECRET_REGISTRY_CONTRACT,
}
CONTRACT_SPEC = "specs/channels/contract.md"
STATES_SPEC = "specs/channels/states.md"
REVOCATION_SPEC = "specs/channels/revocation.md"


ALICE = key_from_label("alice")
BOB = key_from_label("bob")
CAROL = key_from_label("carol")
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
OTHER_CHANNEL_ID = Hash32(keccak256(b"channel 2"))
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
        chain_id=chain_id,
        contract=contract,
        channel_id=channel_id,
        nonce=nonce,
        transferred_a=Wei(transferred_a),
        transferred_b=Wei(transferred_b),
        withdrawn_a=Wei(withdrawn_a),
        withdrawn_b=Wei(withdrawn_b),
        locked_a=locked_a,
        locked_b=locked_b,
        locks_root=compute_locks_root(locks),
        lock_count=len(locks),
        revocation_hash_a=_revocation_hash(SEED_A, nonce) if penalty else NO_REVOCATION_HASH,
        revocation_hash_b=_revocation_hash(SEED_B, nonce) if penalty else NO_REVOCATION_HASH,
    )


def _signature(state: ChannelState, private_key: PrivateKey) -> bytes:
    return encode_signature(sign_state(state, private_key))


def _state_arguments(
    state: ChannelState,
    signer_a: PrivateKey = ALICE,
    signer_b: PrivateKey = BOB,
    channel_id: Hash32 = CHANNEL_ID,
) -> list[AbiValue]:
    # the chain and contract of a state are its signing domain, not call arguments
    return [
        channel_id,
        state_to_abi(state),
        _signature(state, signer_a),
        _signature(state, signer_b),
    ]


def _high_s(signature: bytes) -> bytes:
    r = signature[:32]
    s = int.from_bytes(signature[32:64], "big")
    v = signature[64]
    return r + (CURVE_ORDER - s).to_bytes(32, "big") + bytes([55 - v])


# ----------------------------------------------------------------------------- scenarios


class _Scenario(TransactionSteps):
    """The channel and registry calls of a lifecycle, as L1 transaction steps."""

    def call(
        self,
        private_key: PrivateKey,
        method: str,
        arguments: list[AbiValue],
        value: int = 0,
        *,
        error: str | None = None,
        contract: Address = CONTRACT,
    ) -> None:
        definition = SECRET_REGISTRY_CONTRACT if contract == REGISTRY else CHANNEL_CONTRACT
        data = encode_method_call(definition, method, arguments)
        self.send(private_key, method, contract, data, value=value, error=error)

    def wait(self, seconds: int) -> None:
        self.now += seconds

    def case(self, name: str, flags: tuple[str, ...] = ()) -> Case:
        return Case(name, {"pre": _pre(), "steps": list(self.steps)}, flags=flags)


def _pre() -> JsonObject:
    return {
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


def _deployed() -> _Scenario:
    """Carol deploys the registry and the channel contract."""
    scenario = _Scenario(GENESIS_TIME + BLOCK_SECONDS)
    creation = encode_creation_data(SECRET_REGISTRY_CONTRACT_NAME, b"")
    scenario.send(CAROL, "deploy", CREATION_ADDRESS, creation)
    arguments = encode_abi(["address"], [REGISTRY])
    scenario.send(
        CAROL, "deploy", CREATION_ADDRESS, encode_creation_data(CHANNEL_CONTRACT_NAME, arguments)
    )
    return scenario


def _opened(mode: DisputeMode = NONCE_MODE, deposits: bool = True, period: int = DAY) -> _Scenario:
    """Deployed, a channel opened by Alice with Bob, and both deposits, in one block."""
    scenario = _deployed()
    scenario.call(ALICE, "open", [CHANNEL_ID, BOB_ADDRESS, mode, period])
    if deposits:
        scenario.call(ALICE, "deposit", [CHANNEL_ID, DEPOSIT_A], DEPOSIT_A)
        scenario.call(BOB, "deposit", [CHANNEL_ID, DEPOSIT_B], DEPOSIT_B)
    scenario.mine()
    return scenario


def _closed(
    state: ChannelState, mode: DisputeMode = NONCE_MODE, closer: PrivateKey = ALICE
) -> _Scenario:
    scenario = _opened(mode)
    scenario.call(closer, "close", _state_arguments(state))
    scenario.mine()
    return scenario


# ----------------------------------------------------------------------------- contract suites


def _open_cases() -> list[Case]:
    cases: list[Case] = []
    for name, mode in (("open_nonce_mode", NONCE_MODE), ("open_penalty_mode", PENALTY_MODE)):
        scenario = _deployed()
        scenario.call(ALICE, "open", [CHANNEL_ID, BOB_ADDRESS, mode, DAY])
        cases.append(scenario.case(name))
    for name, period in (
        ("open_shortest_period", MIN_CHALLENGE_PERIOD_SECONDS),
        ("open_longest_period", MAX_CHALLENGE_PERIOD_SECONDS),
    ):
        scenario = _deployed()
        scenario.call(ALICE, "open", [CHANNEL_ID, BOB_ADDRESS, NONCE_MODE, period])
        cases.append(scenario.case(name, ("Deadline",)))
    invalid: list[tuple[str, list[AbiValue], str]] = [
        ("zero_channel_id", [bytes(32), BOB_ADDRESS, NONCE_MODE, DAY], "InvalidChannelParameters"),
        (
            "partner_is_opener",
            [CHANNEL_ID, ALICE_ADDRESS, NONCE_MODE, DAY],
            "InvalidChannelParameters",
        ),
        ("partner_is_zero", [CHANNEL_ID, bytes(20), NONCE_MODE, DAY], "InvalidChannelParameters"),
        ("mode_zero", [CHANNEL_ID, BOB_ADDRESS, 0, DAY], "InvalidChannelParameters"),
        ("mode_three", [CHANNEL_ID, BOB_ADDRESS, 3, DAY], "InvalidChannelParameters"),
        (
            "period_too_short",
            [CHANNEL_ID, BOB_ADDRESS, NONCE_MODE, MIN_CHALLENGE_PERIOD_SECONDS - 1],
            "InvalidChannelParameters",
        ),
        (
            "period_too_long",
            [CHANNEL_ID, BOB_ADDRESS, NONCE_MODE, MAX_CHALLENGE_PERIOD_SECONDS + 1],
            "InvalidChannelParameters",
        ),
    ]
    for name, arguments, error in invalid:
        scenario = _deployed()
        scenario.call(ALICE, "open", arguments, error=error)
        cases.append(scenario.case(name, ("Revert",)))
    scenario = _opened(deposits=False)
    scenario.call(
        BOB, "open", [CHANNEL_ID, ALICE_ADDRESS, NONCE_MODE, DAY], error="ChannelAlreadyExists"
    )
    cases.append(scenario.case("id_in_use", ("Revert",)))
    scenario = _opened()
    close = CooperativeClose(CHAIN_ID, CONTRACT, CHANNEL_ID, Wei(DEPOSIT_A), Wei(DEPOSIT_B))
    scenario.call(CAROL, "cooperativeClose", _close_arguments(close))
    scenario.mine()
    scenario.call(
        ALICE, "open", [CHANNEL_ID, BOB_ADDRESS, NONCE_MODE, DAY], error="ChannelAlreadyExists"
    )
    cases.append(scenario.case("id_of_a_settled_channel", ("Revert", "Final", "Replay")))
    return cases


def _deposit_cases() -> list[Case]:
    cases: list[Case] = []
    scenario = _opened(deposits=False)
    scenario.call(ALICE, "deposit", [CHANNEL_ID, DEPOSIT_A], DEPOSIT_A)
    cases.append(scenario.case("first_deposit"))
    scenario.call(BOB, "deposit", [CHANNEL_ID, DEPOSIT_B], DEPOSIT_B)
    scenario.call(ALICE, "deposit", [CHANNEL_ID, DEPOSIT_A + 1], 1)
    cases.append(scenario.case("deposits_of_both_and_a_top_up"))
    invalid: list[tuple[str, PrivateKey, list[AbiValue], int, str, tuple[str, ...]]] = [
        (
            "same_total_again",
            ALICE,
            [CHANNEL_ID, DEPOSIT_A],
            DEPOSIT_A,
            "DepositNotMonotonic",
            ("Replay",),
        ),
        ("lower_total", ALICE, [CHANNEL_ID, DEPOSIT_A - 1], 0, "DepositNotMonotonic", ()),
        (
            "value_above_difference",
            ALICE,
            [CHANNEL_ID, DEPOSIT_A + 5],
            6,
            "DepositValueMismatch",
            (),
        ),
        (
            "value_below_difference",
            ALICE,
            [CHANNEL_ID, DEPOSIT_A + 5],
            4,
            "DepositValueMismatch",
            (),
        ),
        ("not_a_participant", CAROL, [CHANNEL_ID, ETHER], ETHER, "NotParticipant", ()),
        ("unknown_channel", ALICE, [OTHER_CHANNEL_ID, ETHER], ETHER, "ChannelNotFound", ()),
    ]
    for name, private_key, arguments, value, error, flags in invalid:
        scenario = _opened()
        scenario.call(private_key, "deposit", arguments, value, error=error)
        cases.append(scenario.case(name, ("Revert", *flags)))
    scenario = _closed(_state(1))
    scenario.call(BOB, "deposit", [CHANNEL_ID, DEPOSIT_B + 1], 1, error="ChannelNotOpen")
    cases.append(scenario.case("after_close", ("Revert",)))
    return cases


def _withdraw_cases() -> list[Case]:
    cases: list[Case] = []
    one = _state(2, ETHER, 0, withdrawn_a=3 * ETHER)
    both = _state(3, ETHER, 0, withdrawn_a=3 * ETHER, withdrawn_b=ETHER)
    scenario = _opened()
    scenario.call(CAROL, "withdraw", _state_arguments(one))
    cases.append(scenario.case("withdraw_by_a", ("Watchtower",)))
    scenario.mine()
    scenario.call(BOB, "withdraw", _state_arguments(both))
    cases.append(scenario.case("then_withdraw_by_b"))
    scenario = _opened()
    scenario.call(ALICE, "withdraw", _state_arguments(one))
    scenario.mine()
    scenario.call(ALICE, "withdraw", _state_arguments(one), error="WithdrawalNotMonotonic")
    cases.append(scenario.case("same_state_again", ("Revert", "Replay")))
    scenario = _opened()
    scenario.call(
        ALICE, "withdraw", _state_arguments(_state(2, ETHER)), error="WithdrawalNotMonotonic"
    )
    cases.append(scenario.case("nothing_withdrawn", ("Revert",)))
    broken: list[tuple[str, list[AbiValue], str, tuple[str, ...]]] = [
        (
            "more_than_the_balance",
            _state_arguments(_state(2, ETHER, 0, withdrawn_a=9 * ETHER + 1)),
            "NegativeBalance",
            (),
        ),
        (
            "signed_by_a_third_party",
            _state_arguments(one, ALICE, CAROL),
            "InvalidStateSignature",
            ("Signature",),
        ),
        (
            "signatures_swapped",
            _state_arguments(one, BOB, ALICE),
            "InvalidStateSignature",
            ("Signature",),
        ),
        (
            "other_channel_id",
            _state_arguments(replace(one, channel_id=OTHER_CHANNEL_ID)),
            "WrongChannelId",
            ("Domain",),
        ),
    ]
    for name, arguments, error, flags in broken:
        scenario = _opened()
        scenario.call(ALICE, "withdraw", arguments, error=error)
        cases.append(scenario.case(name, ("Revert", *flags)))
    scenario = _closed(_state(1))
    scenario.call(ALICE, "withdraw", _state_arguments(one), error="ChannelNotOpen")
    cases.append(scenario.case("after_close", ("Revert",)))
    return cases


def _close_arguments(
    close: CooperativeClose, signer_a: PrivateKey = ALICE, signer_b: PrivateKey = BOB
) -> list[AbiValue]:
    return [
        cooperative_close_to_abi(close),
        encode_signature(sign_cooperative_close(close, signer_a)),
        encode_signature(sign_cooperative_close(close, signer_b)),
    ]


def _cooperative_close_cases() -> list[Case]:
    cases: list[Case] = []
    final = CooperativeClose(CHAIN_ID, CONTRACT, CHANNEL_ID, Wei(12 * ETHER), Wei(3 * ETHER))
    scenario = _opened()
    scenario.call(CAROL, "cooperativeClose", _close_arguments(final))
    cases.append(scenario.case("cooperative_close", ("Watchtower",)))
    scenario = _opened()
    scenario.call(BOB, "withdraw", _state_arguments(_state(2, 0, 0, withdrawn_b=2 * ETHER)))
    scenario.mine()
    after = replace(final, balance_b=Wei(ETHER))
    scenario.call(ALICE, "cooperativeClose", _close_arguments(after))
    cases.append(scenario.case("after_a_withdrawal"))
    scenario = _opened()
    everything = replace(final, balance_a=Wei(0), balance_b=Wei(DEPOSIT_A + DEPOSIT_B))
    scenario.call(BOB, "cooperativeClose", _close_arguments(everything))
    cases.append(scenario.case("all_to_one_side"))
    high = _close_arguments(final)
    high[2] = _high_s(bytes(high[2]))  # type: ignore[arg-type]
    invalid: list[tuple[str, list[AbiValue], str, tuple[str, ...]]] = [
        (
            "balances_above_total",
            _close_arguments(replace(final, balance_a=Wei(12 * ETHER + 1))),
            "CloseBalanceMismatch",
            (),
        ),
        (
            "balances_below_total",
            _close_arguments(replace(final, balance_a=Wei(12 * ETHER - 1))),
            "CloseBalanceMismatch",
            (),
        ),
        (
            "signed_by_a_third_party",
            _close_arguments(final, ALICE, CAROL),
            "InvalidStateSignature",
            ("Signature",),
        ),
        (
            "signed_for_another_chain",
            _close_arguments(replace(final, chain_id=ChainId(1))),
            "InvalidStateSignature",
            ("Domain", "Signature"),
        ),
        ("high_s_signature", high, "InvalidStateSignature", ("Malleability", "Signature")),
    ]
    for name, arguments, error, flags in invalid:
        scenario = _opened()
        scenario.call(CAROL, "cooperativeClose", arguments, error=error)
        cases.append(scenario.case(name, ("Revert", *flags)))
    scenario = _opened()
    scenario.call(CAROL, "cooperativeClose", _close_arguments(final))
    scenario.mine()
    scenario.call(CAROL, "cooperativeClose", _close_arguments(final), error="ChannelNotOpen")
    cases.append(scenario.case("twice", ("Revert", "Replay", "Final")))
    scenario = _closed(_state(1))
    scenario.call(CAROL, "cooperativeClose", _close_arguments(final), error="ChannelNotOpen")
    cases.append(scenario.case("after_a_unilateral_close", ("Revert",)))
    return cases


def _close_cases() -> list[Case]:
    cases: list[Case] = []
    state = _state(4, 3 * ETHER, ETHER)
    scenario = _opened()
    scenario.call(ALICE, "close", _state_arguments(state))
    cases.append(scenario.case("close_by_a"))
    scenario = _opened(PENALTY_MODE)
    scenario.call(BOB, "close", _state_arguments(_state(4, 3 * ETHER, ETHER, mode=PENALTY_MODE)))
    cases.append(scenario.case("close_by_b_penalty_mode", ("Penalty",)))
    scenario = _opened()
    scenario.call(ALICE, "close", _state_arguments(_state(1, 0, DEPOSIT_B)))
    cases.append(scenario.case("close_with_all_of_b_transferred"))
    high = _state_arguments(state)
    high[3] = _high_s(bytes(high[3]))  # type: ignore[arg-type]
    truncated = _state_arguments(state)
    truncated[2] = bytes(truncated[2])[:64]  # type: ignore[arg-type]
    invalid: list[tuple[str, PrivateKey, list[AbiValue], str, tuple[str, ...]]] = [
        (
            "signed_by_a_third_party",
            ALICE,
            _state_arguments(state, ALICE, CAROL),
            "InvalidStateSignature",
            ("Signature",),
        ),
        (
            "signatures_swapped",
            ALICE,
            _state_arguments(state, BOB, ALICE),
            "InvalidStateSignature",
            ("Signature",),
        ),
        ("signature_truncated", ALICE, truncated, "InvalidStateSignature", ("Signature",)),
        ("high_s_signature", ALICE, high, "InvalidStateSignature", ("Malleability", "Signature")),
        (
            "signed_for_another_chain",
            ALICE,
            _state_arguments(_state(4, 3 * ETHER, ETHER, chain_id=ChainId(1))),
            "InvalidStateSignature",
            ("Domain",),
        ),
        (
            "signed_for_another_contract",
            ALICE,
            _state_arguments(_state(4, 3 * ETHER, ETHER, contract=REGISTRY)),
            "InvalidStateSignature",
            ("Domain",),
        ),
        (
            "state_of_another_channel",
            ALICE,
            _state_arguments(_state(4, channel_id=OTHER_CHANNEL_ID)),
            "WrongChannelId",
            ("Domain",),
        ),
        ("nonce_zero", ALICE, _state_arguments(_state(0)), "NonceNotHigher", ()),
        ("not_a_participant", CAROL, _state_arguments(state), "NotParticipant", ()),
        (
            "more_than_deposited",
            BOB,
            _state_arguments(_state(2, 0, DEPOSIT_B + 1)),
            "NegativeBalance",
            (),
        ),
        (
            "unknown_channel",
            ALICE,
            _state_arguments(_state(1, channel_id=OTHER_CHANNEL_ID), channel_id=OTHER_CHANNEL_ID),
            "ChannelNotFound",
            (),
        ),
    ]
    for name, private_key, arguments, error, flags in invalid:
        scenario = _opened()
        scenario.call(private_key, "close", arguments, error=error)
        cases.append(scenario.case(name, ("Revert", *flags)))
    scenario = _closed(state)
    scenario.call(BOB, "close", _state_arguments(_state(5, 3 * ETHER)), error="ChannelNotOpen")
    cases.append(scenario.case("close_twice", ("Revert",)))
    scenario = _closed(state)
    scenario.wait(DAY)
    scenario.call(CAROL, "settle", [CHANNEL_ID, state_to_abi(state)])
    scenario.mine()
    scenario.call(BOB, "close", _state_arguments(_state(5, 3 * ETHER)), error="ChannelNotOpen")
    cases.append(scenario.case("close_after_settle", ("Revert", "Final")))
    return cases


def _update_cases() -> list[Case]:
    cases: list[Case] = []
    old, newer, newest = _state(2, ETHER), _state(3, 2 * ETHER), _state(4, 3 * ETHER)
    scenario = _closed(old)
    scenario.call(BOB, "update", _state_arguments(newer))
    cases.append(scenario.case("update_by_the_other_party"))
    scenario = _closed(old)
    scenario.call(CAROL, "update", _state_arguments(newest))
    cases.append(scenario.case("update_by_a_watchtower", ("Watchtower",)))
    scenario = _closed(old)
    scenario.call(BOB, "update", _state_arguments(newer))
    scenario.mine()
    scenario.call(CAROL, "update", _state_arguments(newest))
    cases.append(scenario.case("two_updates", ("Watchtower",)))
    scenario = _closed(old)
    scenario.wait(DAY - 2 * BLOCK_SECONDS)
    scenario.call(BOB, "update", _state_arguments(newer))
    cases.append(scenario.case("one_second_before_the_settle_time", ("Deadline",)))
    invalid: list[tuple[str, list[AbiValue], str, tuple[str, ...]]] = [
        ("same_nonce", _state_arguments(old), "NonceNotHigher", ("Replay",)),
        ("lower_nonce", _state_arguments(_state(1)), "NonceNotHigher", ("Replay",)),
        (
            "signed_by_a_third_party",
            _state_arguments(newer, CAROL, BOB),
            "InvalidStateSignature",
            ("Signature",),
        ),
        (
            "signed_for_another_chain",
            _state_arguments(_state(3, 2 * ETHER, chain_id=ChainId(1))),
            "InvalidStateSignature",
            ("Domain",),
        ),
        (
            "state_of_another_channel",
            _state_arguments(_state(3, channel_id=OTHER_CHANNEL_ID)),
            "WrongChannelId",
            ("Domain",),
        ),
        ("more_than_deposited", _state_arguments(_state(3, DEPOSIT_A + 1)), "NegativeBalance", ()),
    ]
    for name, arguments, error, flags in invalid:
        scenario = _closed(old)
        scenario.call(BOB, "update", arguments, error=error)
        cases.append(scenario.case(name, ("Revert", *flags)))
    scenario = _closed(old)
    scenario.wait(DAY - BLOCK_SECONDS)
    scenario.call(BOB, "update", _state_arguments(newer), error="ChallengePeriodOver")
    cases.append(scenario.case("at_the_settle_time", ("Revert", "Deadline")))
    scenario = _opened()
    scenario.call(BOB, "update", _state_arguments(newer), error="ChannelNotClosed")
    cases.append(scenario.case("channel_still_open", ("Revert",)))
    scenario = _closed(old)
    scenario.wait(DAY)
    scenario.call(CAROL, "settle", [CHANNEL_ID, state_to_abi(old)])
    scenario.mine()
    scenario.call(BOB, "update", _state_arguments(newer), error="ChannelNotClosed")
    cases.append(scenario.case("after_settle", ("Revert", "Final")))
    return cases


def _punish_cases() -> list[Case]:
    cases: list[Case] = []
    revoked = _state(2, 0, 0, mode=PENALTY_MODE)
    latest = _state(4, 3 * ETHER, 0, mode=PENALTY_MODE)
    secret_a = compute_revocation_secret(SEED_A, 2)
    scenario = _closed(revoked, PENALTY_MODE)
    scenario.call(BOB, "punish", [CHANNEL_ID, secret_a])
    cases.append(scenario.case("revoked_state_punished", ("Penalty",)))
    scenario = _closed(revoked, PENALTY_MODE)
    scenario.call(CAROL, "punish", [CHANNEL_ID, secret_a])
    cases.append(scenario.case("punished_by_a_watchtower", ("Penalty", "Watchtower")))
    scenario = _closed(revoked, PENALTY_MODE)
    scenario.call(BOB, "update", _state_arguments(latest))
    scenario.mine()
    scenario.call(BOB, "punish", [CHANNEL_ID, secret_a])
    cases.append(scenario.case("punished_after_an_update", ("Penalty",)))
    invalid: list[tuple[str, bytes, str]] = [
        ("secret_of_another_nonce", compute_revocation_secret(SEED_A, 3), "PreimageMismatch"),
        ("secret_of_the_other_party", compute_revocation_secret(SEED_B, 2), "PreimageMismatch"),
        ("the_revocation_hash_itself", _revocation_hash(SEED_A, 2), "PreimageMismatch"),
    ]
    for name, secret, error in invalid:
        scenario = _closed(revoked, PENALTY_MODE)
        scenario.call(BOB, "punish", [CHANNEL_ID, secret], error=error)
        cases.append(scenario.case(name, ("Revert", "Penalty")))
    scenario = _closed(_state(2), NONCE_MODE)
    scenario.call(BOB, "punish", [CHANNEL_ID, secret_a], error="WrongDisputeMode")
    cases.append(scenario.case("nonce_mode_channel", ("Revert",)))
    scenario = _closed(revoked, PENALTY_MODE)
    scenario.wait(DAY - BLOCK_SECONDS)
    scenario.call(BOB, "punish", [CHANNEL_ID, secret_a], error="ChallengePeriodOver")
    cases.append(scenario.case("at_the_settle_time", ("Revert", "Deadline", "Penalty")))
    scenario = _closed(revoked, PENALTY_MODE)
    scenario.call(BOB, "punish", [CHANNEL_ID, secret_a])
    scenario.mine()
    scenario.call(BOB, "punish", [CHANNEL_ID, secret_a], error="ChannelNotClosed")
    cases.append(scenario.case("twice", ("Revert", "Final", "Replay")))
    scenario = _opened(PENALTY_MODE)
    scenario.call(BOB, "punish", [CHANNEL_ID, secret_a], error="ChannelNotClosed")
    cases.append(scenario.case("channel_still_open", ("Revert",)))
    return cases


def _settle_cases() -> list[Case]:
    cases: list[Case] = []
    old, newer = _state(2, ETHER, 0), _state(3, 2 * ETHER, 4 * ETHER)
    scenario = _closed(old)
    scenario.wait(DAY - BLOCK_SECONDS)
    scenario.call(CAROL, "settle", [CHANNEL_ID, state_to_abi(old)])
    cases.append(scenario.case("at_the_settle_time", ("Deadline", "Watchtower")))
    scenario = _closed(old)
    scenario.call(BOB, "update", _state_arguments(newer))
    scenario.mine(DAY)
    scenario.call(ALICE, "settle", [CHANNEL_ID, state_to_abi(newer)])
    cases.append(scenario.case("the_updated_state"))
    scenario = _closed(_state(2, DEPOSIT_A, 0))
    scenario.wait(DAY)
    scenario.call(BOB, "settle", [CHANNEL_ID, state_to_abi(_state(2, DEPOSIT_A, 0))])
    cases.append(scenario.case("everything_to_b"))
    scenario = _closed(old)
    scenario.wait(DAY - 2 * BLOCK_SECONDS)
    scenario.call(CAROL, "settle", [CHANNEL_ID, state_to_abi(old)], error="ChallengePeriodNotOver")
    cases.append(scenario.case("one_second_before_the_settle_time", ("Revert", "Deadline")))
    invalid: list[tuple[str, ChannelState, str, tuple[str, ...]]] = [
        ("another_state", newer, "StateHashMismatch", ()),
        (
            "state_of_another_channel",
            replace(old, channel_id=OTHER_CHANNEL_ID),
            "WrongChannelId",
            ("Domain",),
        ),
    ]
    for name, state, error, flags in invalid:
        scenario = _closed(old)
        scenario.wait(DAY)
        scenario.call(CAROL, "settle", [CHANNEL_ID, state_to_abi(state)], error=error)
        cases.append(scenario.case(name, ("Revert", *flags)))
    scenario = _closed(old)
    scenario.call(BOB, "update", _state_arguments(newer))
    scenario.mine(DAY)
    scenario.call(CAROL, "settle", [CHANNEL_ID, state_to_abi(old)], error="StateHashMismatch")
    cases.append(scenario.case("the_state_an_update_replaced", ("Revert", "Replay")))
    scenario = _closed(old)
    scenario.wait(DAY)
    scenario.call(CAROL, "settle", [CHANNEL_ID, state_to_abi(old)])
    scenario.mine()
    scenario.call(CAROL, "settle", [CHANNEL_ID, state_to_abi(old)], error="ChannelNotClosed")
    cases.append(scenario.case("twice", ("Revert", "Final", "Replay")))
    scenario = _opened()
    scenario.call(CAROL, "settle", [CHANNEL_ID, state_to_abi(old)], error="ChannelNotClosed")
    cases.append(scenario.case("channel_still_open", ("Revert",)))
    return cases


SECRETS = (Hash32(b"\x5a" * 32), Hash32(b"\xa5" * 32), Hash32(b"\x3c" * 32))
LOCK_EXPIRY = Seconds(GENESIS_TIME + 3 * DAY)
LOCKS = (
    Lock(ALICE_ADDRESS, Wei(ETHER), compute_hashlock(SECRETS[0]), LOCK_EXPIRY),
    Lock(ALICE_ADDRESS, Wei(2 * ETHER), compute_hashlock(SECRETS[1]), LOCK_EXPIRY),
    Lock(BOB_ADDRESS, Wei(ETHER), compute_hashlock(SECRETS[2]), LOCK_EXPIRY),
)
LOCK_STATE = _state(3, ETHER, 0, locks=LOCKS)


def _unlock_arguments(
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
        scenario.call(
            BOB if LOCKS[index].sender == ALICE_ADDRESS else ALICE,
            "registerSecret",
            [SECRETS[index]],
            contract=REGISTRY,
        )
    if registered:
        scenario.mine()
    scenario.now = max(scenario.now, GENESIS_TIME + DAY + 4 * BLOCK_SECONDS)
    scenario.call(CAROL, "settle", [CHANNEL_ID, state_to_abi(LOCK_STATE)])
    scenario.mine()
    return scenario


def _unlock_cases() -> list[Case]:
    cases: list[Case] = []
    scenario = _settled_with_locks()
    scenario.call(CAROL, "unlock", _unlock_arguments(0))
    cases.append(scenario.case("claimed_by_the_receiver", ("Locks",)))
    scenario.mine()
    scenario.call(ALICE, "unlock", _unlock_arguments(2))
    cases.append(scenario.case("claimed_in_the_other_direction", ("Locks",)))
    scenario = _settled_with_locks()
    scenario.now = LOCK_EXPIRY + 1
    scenario.call(CAROL, "unlock", _unlock_arguments(1))
    cases.append(scenario.case("refunded_after_expiry", ("Locks", "Deadline")))
    scenario = _settled_with_locks()
    scenario.now = LOCK_EXPIRY + 1
    scenario.call(BOB, "registerSecret", [SECRETS[1]], contract=REGISTRY)
    scenario.mine()
    scenario.call(BOB, "unlock", _unlock_arguments(1))
    cases.append(scenario.case("unlock_after_expiry_refunds_the_sender", ("Locks", "Deadline")))
    scenario = _settled_with_locks(())
    scenario.now = LOCK_EXPIRY
    scenario.call(BOB, "registerSecret", [SECRETS[0]], contract=REGISTRY)
    scenario.mine()
    scenario.call(BOB, "unlock", _unlock_arguments(0))
    cases.append(scenario.case("registered_at_the_expiry", ("Locks", "Deadline")))
    scenario = _settled_with_locks()
    scenario.call(BOB, "unlock", _unlock_arguments(1), error="SecretNotRegistered")
    cases.append(scenario.case("not_registered_before_expiry", ("Revert", "Locks")))
    scenario = _settled_with_locks()
    scenario.now = LOCK_EXPIRY
    scenario.call(BOB, "unlock", _unlock_arguments(1), error="SecretNotRegistered")
    cases.append(scenario.case("not_registered_at_the_expiry", ("Revert", "Locks", "Deadline")))
    scenario = _settled_with_locks()
    scenario.call(BOB, "registerSecret", [SECRETS[0][:31] + b"\x00"], contract=REGISTRY)
    scenario.mine()
    scenario.call(BOB, "unlock", _unlock_arguments(1), error="SecretNotRegistered")
    cases.append(scenario.case("a_preimage_that_does_not_match", ("Revert", "Locks")))
    tampered = replace(LOCKS[0], amount=Wei(2 * ETHER))
    proof = encode_merkle_proof(compute_lock_proof(LOCKS, 0))
    invalid: list[tuple[str, list[AbiValue], str]] = [
        ("wrong_index", _unlock_arguments(1, LOCKS[0], proof), "InvalidLockProof"),
        ("tampered_amount", _unlock_arguments(0, tampered, proof), "InvalidLockProof"),
        (
            "proof_of_another_lock",
            _unlock_arguments(0, None, encode_merkle_proof(compute_lock_proof(LOCKS, 1))),
            "InvalidLockProof",
        ),
        ("index_past_the_locks", _unlock_arguments(3, LOCKS[0], proof), "InvalidLockProof"),
        ("proof_not_whole_hashes", _unlock_arguments(0, None, proof + b"\x00"), "InvalidLength"),
    ]
    for name, arguments, error in invalid:
        scenario = _settled_with_locks()
        scenario.call(CAROL, "unlock", arguments, error=error)
        cases.append(scenario.case(name, ("Revert", "Locks")))
    scenario = _settled_with_locks()
    scenario.call(CAROL, "unlock", _unlock_arguments(0))
    scenario.mine()
    scenario.call(CAROL, "unlock", _unlock_arguments(0), error="LockAlreadyResolved")
    cases.append(scenario.case("twice", ("Revert", "Locks", "Replay", "Final")))
    scenario = _closed(LOCK_STATE, closer=BOB)
    scenario.call(CAROL, "unlock", _unlock_arguments(0), error="ChannelNotSettled")
    cases.append(scenario.case("before_settlement", ("Revert", "Locks")))
    return cases


def _register_secret_cases() -> list[Case]:
    scenario = _deployed()
    scenario.mine()
    scenario.call(BOB, "registerSecret", [SECRETS[0]], contract=REGISTRY)
    first = scenario.case("register", ("Locks",))
    scenario.mine()
    scenario.call(ALICE, "registerSecret", [SECRETS[0]], contract=REGISTRY)
    again = scenario.case("register_again_changes_nothing", ("Locks", "Replay"))
    scenario.mine()
    scenario.call(CAROL, "registerSecret", [bytes(32)], contract=REGISTRY)
    zero = scenario.case("any_32_bytes", ("Locks",))
    return [first, again, zero]


def _lifecycle_cases() -> list[Case]:
    cases: list[Case] = []
    # nonce mode, cooperative: payments off-chain, a withdrawal, a top-up, a cooperative close
    scenario = _opened()
    scenario.call(
        BOB, "withdraw", _state_arguments(_state(5, 4 * ETHER, ETHER, withdrawn_b=2 * ETHER))
    )
    scenario.call(ALICE, "deposit", [CHANNEL_ID, DEPOSIT_A + ETHER], ETHER)
    scenario.mine()
    final = CooperativeClose(CHAIN_ID, CONTRACT, CHANNEL_ID, Wei(8 * ETHER), Wei(6 * ETHER))
    scenario.call(ALICE, "cooperativeClose", _close_arguments(final))
    cases.append(scenario.case("nonce_mode_cooperative", ("Lifecycle",)))
    # nonce mode, dispute: Alice closes with an old state, Bob's watchtower updates
    scenario = _closed(_state(2, 0, 2 * ETHER))
    scenario.wait(6 * 3600)
    scenario.call(CAROL, "update", _state_arguments(_state(7, 3 * ETHER, 2 * ETHER)))
    scenario.mine(DAY)
    scenario.call(BOB, "settle", [CHANNEL_ID, state_to_abi(_state(7, 3 * ETHER, 2 * ETHER))])
    cases.append(scenario.case("nonce_mode_stale_close_updated", ("Lifecycle", "Watchtower")))
    # penalty mode: Alice closes with a state she revoked and loses everything
    scenario = _closed(_state(2, 0, 2 * ETHER, mode=PENALTY_MODE), PENALTY_MODE)
    scenario.call(BOB, "punish", [CHANNEL_ID, compute_revocation_secret(SEED_A, 2)])
    cases.append(scenario.case("penalty_mode_cheater_punished", ("Lifecycle", "Penalty")))
    # penalty mode: Bob closes with the latest state; nobody disputes
    latest = _state(9, 6 * ETHER, ETHER, mode=PENALTY_MODE)
    scenario = _closed(latest, PENALTY_MODE, BOB)
    scenario.wait(DAY)
    scenario.call(BOB, "settle", [CHANNEL_ID, state_to_abi(latest)])
    cases.append(scenario.case("penalty_mode_unilateral_close", ("Lifecycle",)))
    # locks: two claimed, one refunded after its expiry
    scenario = _settled_with_locks()
    scenario.call(BOB, "unlock", _unlock_arguments(0))
    scenario.call(ALICE, "unlock", _unlock_arguments(2))
    scenario.mine()
    scenario.now = LOCK_EXPIRY + 1
    scenario.call(ALICE, "unlock", _unlock_arguments(1))
    cases.append(scenario.case("locks_claimed_and_refunded", ("Lifecycle", "Locks")))
    return cases


# ----------------------------------------------------------------------------- running steps


_run_steps = transaction_steps_runner(CONTRACTS, PROPOSER)


# ----------------------------------------------------------------------------- JSON of values


def _state_to_json(state: ChannelState) -> JsonObject:
    return {
        "chain_id": dec(state.chain_id),
        "contract": hex_bytes(state.contract),
        "channel_id": hex_bytes(state.channel_id),
        "nonce": dec(state.nonce),
        "transferred_a": dec(state.transferred_a),
        "transferred_b": dec(state.transferred_b),
        "withdrawn_a": dec(state.withdrawn_a),
        "withdrawn_b": dec(state.withdrawn_b),
        "locked_a": dec(state.locked_a),
        "locked_b": dec(state.locked_b),
        "locks_root": hex_bytes(state.locks_root),
        "lock_count": dec(state.lock_count),
        "revocation_hash_a": hex_bytes(state.revocation_hash_a),
        "revocation_hash_b": hex_bytes(state.revocation_hash_b),
    }


def _state_from_json(value: JsonValue) -> ChannelState:
    obj = as_object(value, "a state")
    return ChannelState(
        chain_id=ChainId(parse_int(field_of(obj, "chain_id"))),
        contract=Address(parse_bytes(field_of(obj, "contract"))),
        channel_id=Hash32(parse_bytes(field_of(obj, "channel_id"))),
        nonce=parse_int(field_of(obj, "nonce")),
        transferred_a=Wei(parse_int(field_of(obj, "transferred_a"))),
        transferred_b=Wei(parse_int(field_of(obj, "transferred_b"))),
        withdrawn_a=Wei(parse_int(field_of(obj, "withdrawn_a"))),
        withdrawn_b=Wei(parse_int(field_of(obj, "withdrawn_b"))),
        locked_a=Wei(parse_int(field_of(obj, "locked_a"))),
        locked_b=Wei(parse_int(field_of(obj, "locked_b"))),
        locks_root=Hash32(parse_bytes(field_of(obj, "locks_root"))),
        lock_count=parse_int(field_of(obj, "lock_count")),
        revocation_hash_a=Hash32(parse_bytes(field_of(obj, "revocation_hash_a"))),
        revocation_hash_b=Hash32(parse_bytes(field_of(obj, "revocation_hash_b"))),
    )


def _lock_to_json(lock: Lock) -> JsonObject:
    return {
        "sender": hex_bytes(lock.sender),
        "amount": dec(lock.amount),
        "hashlock": hex_bytes(lock.hashlock),
        "expiry": dec(lock.expiry),
    }


def _lock_from_json(value: JsonValue) -> Lock:
    obj = as_object(value, "a lock")
    return Lock(
        Address(parse_bytes(field_of(obj, "sender"))),
        Wei(parse_int(field_of(obj, "amount"))),
        Hash32(parse_bytes(field_of(obj, "hashlock"))),
        Seconds(parse_int(field_of(obj, "expiry"))),
    )


def _locks_from_json(value: JsonValue) -> tuple[Lock, ...]:
    if not isinstance(value, list):
        raise MalformedVector("locks must be a list")
    return tuple(_lock_from_json(item) for item in value)


def _close_to_json(close: CooperativeClose) -> JsonObject:
    return {
        "chain_id": dec(close.chain_id),
        "contract": hex_bytes(close.contract),
        "channel_id": hex_bytes(close.channel_id),
        "balance_a": dec(close.balance_a),
        "balance_b": dec(close.balance_b),
    }


def _close_from_json(value: JsonValue) -> CooperativeClose:
    obj = as_object(value, "a cooperative close")
    return CooperativeClose(
        ChainId(parse_int(field_of(obj, "chain_id"))),
        Address(parse_bytes(field_of(obj, "contract"))),
        Hash32(parse_bytes(field_of(obj, "channel_id"))),
        Wei(parse_int(field_of(obj, "balance_a"))),
        Wei(parse_int(field_of(obj, "balance_b"))),
    )


def _signature_to_json(signature: Signature) -> JsonObject:
    return {"r": dec(signature.r), "s": dec(signature.s), "v": dec(signature.v)}


def _signature_from_json(value: JsonValue) -> Signature:
    obj = as_object(value, "a signature")
    return Signature(
        parse_int(field_of(obj, "r")), parse_int(field_of(obj, "s")), parse_int(field_of(obj, "v"))
    )


def _message_to_json(message: ChannelMessage) -> JsonObject:
    if isinstance(message, RevocationHashOffer):
        return {
            "type": "RevocationHashOffer",
            "channel_id": hex_bytes(message.channel_id),
            "nonce": dec(message.nonce),
            "revocation_hash": hex_bytes(message.revocation_hash),
        }
    if isinstance(message, StateProposal):
        return {
            "type": "StateProposal",
            "state": _state_to_json(message.state),
            "locks": [_lock_to_json(lock) for lock in message.locks],
            "signature": _signature_to_json(message.signature),
        }
    if isinstance(message, StateCountersignature):
        return {
            "type": "StateCountersignature",
            "channel_id": hex_bytes(message.channel_id),
            "nonce": dec(message.nonce),
            "signature": _signature_to_json(message.signature),
        }
    if isinstance(message, StateRevocation):
        return {
            "type": "StateRevocation",
            "channel_id": hex_bytes(message.channel_id),
            "revoked_nonce": dec(message.revoked_nonce),
            "revocation_secret": hex_bytes(message.revocation_secret),
            "next_revocation_hash": hex_bytes(message.next_revocation_hash),
        }
    if isinstance(message, SecretReveal):
        return {
            "type": "SecretReveal",
            "channel_id": hex_bytes(message.channel_id),
            "secret": hex_bytes(message.secret),
        }
    return {
        "type": "CooperativeCloseSignature",
        "close": _close_to_json(message.close),
        "signature": _signature_to_json(message.signature),
    }


def _message_from_json(value: JsonValue) -> ChannelMessage:
    obj = as_object(value, "a message")
    kind = field_of(obj, "type")

    def b32(name: str) -> Hash32:
        return Hash32(parse_bytes(field_of(obj, name)))

    if kind == "RevocationHashOffer":
        return RevocationHashOffer(
            b32("channel_id"), parse_int(field_of(obj, "nonce")), b32("revocation_hash")
        )
    if kind == "StateProposal":
        return StateProposal(
            _state_from_json(field_of(obj, "state")),
            _locks_from_json(field_of(obj, "locks")),
            _signature_from_json(field_of(obj, "signature")),
        )
    if kind == "StateCountersignature":
        return StateCountersignature(
            b32("channel_id"),
            parse_int(field_of(obj, "nonce")),
            _signature_from_json(field_of(obj, "signature")),
        )
    if kind == "StateRevocation":
        return StateRevocation(
            b32("channel_id"),
            parse_int(field_of(obj, "revoked_nonce")),
            b32("revocation_secret"),
            b32("next_revocation_hash"),
        )
    if kind == "SecretReveal":
        return SecretReveal(b32("channel_id"), b32("secret"))
    if kind == "CooperativeCloseSignature":
        return CooperativeCloseSignature(
            _close_from_json(field_of(obj, "close")),
            _signature_from_json(field_of(obj, "signature")),
        )
    raise MalformedVector(f"no message type {kind!r}")


# ----------------------------------------------------------------------------- message suites


def _example_messages() -> list[tuple[str, ChannelMessage]]:
    state = _state(3, ETHER, 0, mode=PENALTY_MODE, locks=LOCKS)
    close = CooperativeClose(CHAIN_ID, CONTRACT, CHANNEL_ID, Wei(12 * ETHER), Wei(3 * ETHER))
    return [
        ("revocation_hash_offer", RevocationHashOffer(CHANNEL_ID, 1, _revocation_hash(SEED_A, 1))),
        ("state_proposal", StateProposal(state, LOCKS, sign_state(state, ALICE))),
        ("state_proposal_without_locks", StateProposal(_state(1), (), sign_state(_state(1), BOB))),
        ("state_countersignature", StateCountersignature(CHANNEL_ID, 3, sign_state(state, BOB))),
        (
            "state_revocation",
            StateRevocation(
                CHANNEL_ID, 2, compute_revocation_secret(SEED_A, 2), _revocation_hash(SEED_A, 4)
            ),
        ),
        ("secret_reveal", SecretReveal(CHANNEL_ID, SECRETS[0])),
        (
            "cooperative_close_signature",
            CooperativeCloseSignature(close, sign_cooperative_close(close, ALICE)),
        ),
    ]


def _encode_cases() -> list[Case]:
    return [
        Case(name, {"message": _message_to_json(message)}) for name, message in _example_messages()
    ]


def _run_encode(case_input: JsonObject) -> JsonValue:
    return hex_bytes(encode_message(_message_from_json(field_of(case_input, "message"))))


def _decode_cases() -> list[Case]:
    cases = [
        Case(name, {"data": hex_bytes(encode_message(message))})
        for name, message in _example_messages()
    ]
    reveal = encode_message(SecretReveal(CHANNEL_ID, SECRETS[0]))
    proposal = encode_message(StateProposal(_state(1), (), sign_state(_state(1), BOB)))
    countersignature = encode_message(
        StateCountersignature(CHANNEL_ID, 3, sign_state(_state(3), BOB))
    )
    # the signature's 65 bytes start after the signature's length word, at the end
    signature_start = len(countersignature) - 96
    v_at = signature_start + 64
    invalid: list[tuple[str, bytes, str]] = [
        ("empty", b"", "InvalidLength"),
        ("shorter_than_a_word", reveal[:31], "InvalidLength"),
        ("type_zero", bytes(32) + reveal[32:], "UnknownMessageType"),
        ("type_seven", (7).to_bytes(32, "big") + reveal[32:], "UnknownMessageType"),
        ("type_word_not_uint16", b"\x01" + reveal[1:], "NonCanonicalEncoding"),
        ("truncated", reveal[:-1], "InvalidLength"),
        ("trailing_byte", reveal + b"\x00", "InvalidLength"),
        ("truncated_dynamic", proposal[:-32], "InvalidOffset"),
        (
            "signature_v_byte_29",
            countersignature[:v_at] + b"\x1d" + countersignature[v_at + 1 :],
            "InvalidRecoveryByte",
        ),
        (
            "signature_v_byte_0",
            countersignature[:v_at] + b"\x00" + countersignature[v_at + 1 :],
            "NonCanonicalEncoding",
        ),
        (
            "signature_64_bytes",
            encode_abi(("uint16", "bytes32", "uint256", "bytes"), [3, CHANNEL_ID, 3, bytes(64)]),
            "InvalidLength",
        ),
    ]
    cases += [
        Case(name, {"data": hex_bytes(data)}, error, ("Malformed",))
        for name, data, error in invalid
    ]
    return cases


def _run_decode(case_input: JsonObject) -> JsonValue:
    return _message_to_json(decode_message(parse_bytes(field_of(case_input, "data"))))


# ----------------------------------------------------------------------------- digests and locks


def _digest_states() -> list[tuple[str, ChannelState]]:
    biggest = 2**256 - 1
    return [
        ("first_state", _state(1)),
        ("payments_both_ways", _state(7, 3 * ETHER, ETHER)),
        ("penalty_mode", _state(4, ETHER, 0, mode=PENALTY_MODE)),
        ("with_locks_and_withdrawals", _state(9, ETHER, 0, withdrawn_b=ETHER, locks=LOCKS)),
        ("another_chain", _state(1, chain_id=ChainId(1))),
        ("another_contract", _state(1, contract=REGISTRY)),
        (
            "largest_values",
            replace(
                _state(biggest),
                transferred_a=Wei(biggest),
                transferred_b=Wei(biggest),
                locks_root=Hash32(b"\xff" * 32),
                lock_count=biggest,
            ),
        ),
    ]


def _state_digest_cases() -> list[Case]:
    cases = []
    for name, state in _digest_states():
        intermediate: JsonObject = {
            "domain_separator": hex_bytes(
                compute_domain_separator(compute_channel_domain(state.chain_id, state.contract))
            ),
            "struct_hash": hex_bytes(
                compute_struct_hash(
                    CHANNEL_STATE_TYPES, CHANNEL_STATE_TYPE_NAME, compute_state_message(state)
                )
            ),
        }
        cases.append(
            Case(
                name,
                {"state": _state_to_json(state)},
                flags=("EthAccount",),
                intermediate=intermediate,
            )
        )
    return cases


def _run_state_digest(case_input: JsonObject) -> JsonValue:
    return hex_bytes(compute_state_digest(_state_from_json(field_of(case_input, "state"))))


def _close_digest_cases() -> list[Case]:
    closes = [
        (
            "split",
            CooperativeClose(CHAIN_ID, CONTRACT, CHANNEL_ID, Wei(12 * ETHER), Wei(3 * ETHER)),
        ),
        ("all_to_b", CooperativeClose(CHAIN_ID, CONTRACT, CHANNEL_ID, Wei(0), Wei(15 * ETHER))),
        ("another_chain", CooperativeClose(ChainId(1), CONTRACT, CHANNEL_ID, Wei(1), Wei(2))),
    ]
    cases = []
    for name, close in closes:
        intermediate: JsonObject = {
            "struct_hash": hex_bytes(
                compute_struct_hash(
                    COOPERATIVE_CLOSE_TYPES,
                    COOPERATIVE_CLOSE_TYPE_NAME,
                    compute_cooperative_close_message(close),
                )
            )
        }
        cases.append(
            Case(
                name,
                {"close": _close_to_json(close)},
                flags=("EthAccount",),
                intermediate=intermediate,
            )
        )
    return cases


def _run_close_digest(case_input: JsonObject) -> JsonValue:
    return hex_bytes(
        compute_cooperative_close_digest(_close_from_json(field_of(case_input, "close")))
    )


def _locks_root_cases() -> list[Case]:
    participants = {
        "participant_a": hex_bytes(ALICE_ADDRESS),
        "participant_b": hex_bytes(BOB_ADDRESS),
    }
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
    cases = []
    for name, locks in (
        ("no_locks", ()),
        ("one_lock", LOCKS[:1]),
        ("three_locks", LOCKS),
        ("five_locks", many),
    ):
        intermediate: JsonObject = {"leaves": [hex_bytes(encode_lock(lock)) for lock in locks]}
        cases.append(
            Case(
                name,
                {**participants, "locks": [_lock_to_json(lock) for lock in locks]},
                intermediate=intermediate,
            )
        )
    cases.append(
        Case(
            "sender_not_a_participant",
            {**participants, "locks": [_lock_to_json(lock) for lock in stranger]},
            "LockSenderNotParticipant",
        )
    )
    return cases


def _run_locks_root(case_input: JsonObject) -> JsonValue:
    locks = _locks_from_json(field_of(case_input, "locks"))
    participant_a = Address(parse_bytes(field_of(case_input, "participant_a")))
    participant_b = Address(parse_bytes(field_of(case_input, "participant_b")))
    locked_a, locked_b = compute_locked_amounts(locks, participant_a, participant_b)
    return {
        "locks_root": hex_bytes(compute_locks_root(locks)),
        "lock_count": dec(len(locks)),
        "locked_a": dec(locked_a),
        "locked_b": dec(locked_b),
        "proofs": [
            [hex_bytes(sibling) for sibling in compute_lock_proof(locks, index)]
            for index in range(len(locks))
        ],
    }


# ----------------------------------------------------------------------------- BOLT 3

BOLT3_GENERATION = (
    (
        "generate_from_seed_0_final_node",
        "00" * 32,
        MAX_COMMITMENT_INDEX,
        "02a40c85b6f28da08dfdbe0926c53fab2de6d28c10301f8f7c4073d5e42e3148",
    ),
    (
        "generate_from_seed_ff_final_node",
        "ff" * 32,
        MAX_COMMITMENT_INDEX,
        "7cc854b54e3e0dcdb010d7a3fee464a9687be6e8db3be6854c475621e007a5dc",
    ),
    (
        "generate_from_seed_ff_alternate_bits_1",
        "ff" * 32,
        0xAAAAAAAAAAA,
        "56f4008fb007ca9acf0e15b054d5c9fd12ee06cea347914ddbaed70d1c13a528",
    ),
    (
        "generate_from_seed_ff_alternate_bits_2",
        "ff" * 32,
        0x555555555555,
        "9015daaeb06dba4ccc05b91b2f73bd54405f2be9f217fbacd3c5ac2e62327d31",
    ),
    (
        "generate_from_seed_01_last_nontrivial_node",
        "01" * 32,
        1,
        "915c75942a26bb3a433a8ce2cb0427c29ec6c1775cfc78328b57f6ba7bfeaa9c",
    ),
)


def _generation_cases() -> list[Case]:
    cases = [
        Case(
            name,
            {"seed": "0x" + seed, "index": dec(index)},
            flags=("Bolt3",),
            intermediate={"expected": "0x" + expected},
        )
        for name, seed, index, expected in BOLT3_GENERATION
    ]
    cases.append(Case("index_zero_is_the_seed", {"seed": "0x" + "ab" * 32, "index": "0"}))
    cases.append(
        Case(
            "index_past_48_bits",
            {"seed": "0x" + "ff" * 32, "index": dec(MAX_COMMITMENT_INDEX + 1)},
            "RevocationIndexOutOfRange",
        )
    )
    cases.append(
        Case(
            "seed_of_31_bytes", {"seed": "0x" + "ff" * 31, "index": "1"}, "InvalidRevocationSecret"
        )
    )
    return cases


def _run_generation(case_input: JsonObject) -> JsonValue:
    seed = parse_bytes(field_of(case_input, "seed"))
    return hex_bytes(compute_per_commitment_secret(seed, parse_int(field_of(case_input, "index"))))


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
BOLT3_STORAGE: tuple[tuple[str, tuple[str, ...], int | None], ...] = (
    (
        "insert_secret_correct_sequence",
        ("655", "654", "653", "652", "651", "650", "649", "648"),
        None,
    ),
    ("insert_secret_1_incorrect", ("bad655", "654"), 1),
    ("insert_secret_2_incorrect", ("bad655", "bad654", "653", "652"), 3),
    ("insert_secret_3_incorrect", ("655", "654", "bad653", "652"), 3),
    (
        "insert_secret_4_incorrect",
        ("bad655", "bad654", "bad653", "bad652", "651", "650", "649", "648"),
        7,
    ),
    ("insert_secret_5_incorrect", ("655", "654", "653", "652", "bad651", "650"), 5),
    (
        "insert_secret_6_incorrect",
        ("655", "654", "653", "652", "bad651", "bad650", "649", "648"),
        7,
    ),
    ("insert_secret_7_incorrect", ("655", "654", "653", "652", "651", "650", "bad649", "648"), 7),
    ("insert_secret_8_incorrect", ("655", "654", "653", "652", "651", "650", "649", "bad648"), 7),
)


def _bolt3_secret(label: str) -> tuple[int, str]:
    table = _BAD if label.startswith("bad") else _S
    digits = label.removeprefix("bad")
    return 281474976710000 + int(digits), "0x" + table[digits]


def _store_to_json(store: RevocationStore) -> JsonObject:
    return {
        "known": [
            None
            if known is None
            else {"index": dec(known.index), "secret": hex_bytes(known.secret)}
            for known in store.known
        ],
        "next_index": dec(store.next_index),
    }


def _storage_cases() -> list[Case]:
    cases = []
    for name, labels, failing in BOLT3_STORAGE:
        steps: list[JsonValue] = []
        for position, label in enumerate(labels):
            index, secret = _bolt3_secret(label)
            error = "InvalidRevocationSecret" if position == failing else None
            steps.append(
                {
                    "call": "insert_revocation_secret",
                    "args": {"index": dec(index), "secret": secret},
                    "result": "invalid" if error else "valid",
                    "error": error,
                }
            )
        cases.append(Case(name, {"pre": {"store": "empty"}, "steps": steps}, flags=("Bolt3",)))
    steps = [
        {
            "call": "insert_revocation_secret",
            "args": {"index": dec(MAX_COMMITMENT_INDEX - 1), "secret": "0x" + _S["654"]},
            "result": "invalid",
            "error": "UnexpectedRevocationIndex",
        }
    ]
    cases.append(Case("first_index_skipped", {"pre": {"store": "empty"}, "steps": steps}))
    return cases


def _run_storage(case_input: JsonObject) -> JsonValue:
    steps = field_of(case_input, "steps")
    if not isinstance(steps, list):
        raise MalformedVector("steps must be a list")
    store = EMPTY_REVOCATION_STORE
    received: list[int] = []
    for number, step in enumerate(steps, start=1):
        step_object = as_object(step, "a step")
        args = as_object(field_of(step_object, "args"), "args")
        index = parse_int(field_of(args, "index"))
        error: str | None = None
        try:
            store = insert_revocation_secret(
                store, index, Hash32(parse_bytes(field_of(args, "secret")))
            )
            received.append(index)
        except L2RefError as exc:
            error = type(exc).__name__
        if error != field_of(step_object, "error"):
            raise StepOutcomeMismatch(f"step {number} ended with {error}")
    derived: JsonObject = {
        dec(index): hex_bytes(get_revocation_secret(store, index)) for index in received
    }
    return {"post": {"store": _store_to_json(store), "derived": derived}}


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


def _steps_suite(name: str, function: str, cases: Callable[[], list[Case]], extra: str) -> Suite:
    return Suite(
        suite=f"channels/{name}",
        function=f"l2ref.channels.contract.{function}",
        spec=f"{CONTRACT_SPEC}#{function}",
        description=(*STEPS_DESCRIPTION, extra),
        cases=cases,
        run=_run_steps,
        notes=NOTES,
        parameters={
            "MIN_CHALLENGE_PERIOD_SECONDS": dec(MIN_CHALLENGE_PERIOD_SECONDS),
            "MAX_CHALLENGE_PERIOD_SECONDS": dec(MAX_CHALLENGE_PERIOD_SECONDS),
            "STATIC_CALL_GAS": dec(STATIC_CALL_GAS),
        },
    )


SUITES = [
    _steps_suite("process_open", "process_open", _open_cases, "The last step is an `open`."),
    _steps_suite(
        "process_deposit", "process_deposit", _deposit_cases, "The last step is a `deposit`."
    ),
    _steps_suite(
        "process_withdraw", "process_withdraw", _withdraw_cases, "The last step is a `withdraw`."
    ),
    _steps_suite(
        "process_cooperative_close",
        "process_cooperative_close",
        _cooperative_close_cases,
        "The last step is a `cooperativeClose`.",
    ),
    _steps_suite("process_close", "process_close", _close_cases, "The last step is a `close`."),
    _steps_suite(
        "process_update", "process_update", _update_cases, "The last step is an `update`."
    ),
    _steps_suite("process_punish", "process_punish", _punish_cases, "The last step is a `punish`."),
    _steps_suite("process_settle", "process_settle", _settle_cases, "The last step is a `settle`."),
    _steps_suite(
        "process_unlock", "process_unlock", _unlock_cases, "The last step is an `unlock`."
    ),
    _steps_suite(
        "process_register_secret",
        "process_register_secret",
        _register_secret_cases,
        "The last step is a `registerSecret` of the secret registry.",
    ),
    _steps_suite("lifecycle", "CHANNEL_CONTRACT", _lifecycle_cases, "Complete lifecycles."),
    Suite(
        suite="channels/encode_message",
        function="l2ref.channels.states.encode_message",
        spec=f"{STATES_SPEC}#encode_message",
        description=(
            "encode_message of `input.message`: `type` names the message, the other fields are "
            "its fields (integers as decimal strings, bytes as 0x-hex, a signature as r, s and "
            "the y parity v); `output` is the encoding.",
        ),
        cases=_encode_cases,
        run=_run_encode,
        notes=NOTES,
    ),
    Suite(
        suite="channels/decode_message",
        function="l2ref.channels.states.decode_message",
        spec=f"{STATES_SPEC}#decode_message",
        description=(
            "decode_message of `input.data`; `output` is the message in the form of "
            "channels/encode_message's input. Malformed encodings name their DecodingError.",
        ),
        cases=_decode_cases,
        run=_run_decode,
        notes=NOTES,
    ),
    Suite(
        suite="channels/compute_state_digest",
        function="l2ref.channels.states.compute_state_digest",
        spec=f"{STATES_SPEC}#compute_state_digest",
        description=(
            "The EIP-712 digest of `input.state` (its chain id and contract are the domain's); "
            "`intermediate` holds the domain separator and the struct hash.",
        ),
        cases=_state_digest_cases,
        run=_run_state_digest,
        notes=NOTES,
    ),
    Suite(
        suite="channels/compute_cooperative_close_digest",
        function="l2ref.channels.states.compute_cooperative_close_digest",
        spec=f"{STATES_SPEC}#compute_cooperative_close_digest",
        description=("The EIP-712 digest of `input.close`; `intermediate` holds the struct hash.",),
        cases=_close_digest_cases,
        run=_run_close_digest,
        notes=NOTES,
    ),
    Suite(
        suite="channels/compute_locks_root",
        function="l2ref.channels.states.compute_locks_root",
        spec=f"{STATES_SPEC}#compute_locks_root",
        description=(
            "The locks root of `input.locks`, with the lock count, the locked amounts of "
            "`participant_a` and `participant_b` (compute_locked_amounts) and the Merkle proof "
            "of every lock (compute_lock_proof); `intermediate.leaves` are the encoded locks.",
        ),
        cases=_locks_root_cases,
        run=_run_locks_root,
        notes=NOTES,
    ),
    Suite(
        suite="channels/compute_per_commitment_secret",
        function="l2ref.channels.revocation.compute_per_commitment_secret",
        spec=f"{REVOCATION_SPEC}#compute_per_commitment_secret",
        description=("BOLT 3's generate_from_seed(`input.seed`, `input.index`).",),
        cases=_generation_cases,
        run=_run_generation,
        notes=NOTES,
    ),
    Suite(
        suite="channels/insert_revocation_secret",
        function="l2ref.channels.revocation.insert_revocation_secret",
        spec=f"{REVOCATION_SPEC}#insert_revocation_secret",
        description=(
            "Steps of insert_revocation_secret from the empty store, each with `args.index` and "
            "`args.secret`, ending as declared (a failed insertion leaves the store unchanged). "
            "`output.post.store` is the final store (49 buckets, `null` when empty) and "
            "`output.post.derived` the secret get_revocation_secret gives for every index "
            "inserted.",
        ),
        cases=_storage_cases,
        run=_run_storage,
        notes=NOTES,
    ),
]
