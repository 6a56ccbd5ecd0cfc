"""The L1 payment channel contract and the secret registry, as spec code on the L1 model. See
specs/channels/contract.md."""

from __future__ import annotations

from dataclasses import dataclass, replace

from l2ref.channels.states import (
    CHANNEL_STATE_TYPE_NAME,
    CHANNEL_STATE_TYPES,
    COOPERATIVE_CLOSE_ABI_TYPE,
    COOPERATIVE_CLOSE_TYPE_NAME,
    COOPERATIVE_CLOSE_TYPES,
    LOCK_ABI_TYPE,
    NONCE_MODE,
    PENALTY_MODE,
    STATE_ABI_TYPE,
    ChannelState,
    DisputeMode,
    compute_balances,
    compute_channel_domain,
    compute_cooperative_close_message,
    compute_state_message,
    cooperative_close_from_abi,
    encode_lock,
    lock_from_abi,
    state_from_abi,
    state_to_abi,
)
from l2ref.crypto.merkle import decode_merkle_proof, verify_merkle_proof
from l2ref.crypto.secp256k1 import ETHEREUM_V_OFFSET, HALF_CURVE_ORDER, SIGNATURE_LENGTH
from l2ref.encoding.abi import AbiValue, abi_bytes, abi_int, encode_abi
from l2ref.encoding.typed_data import (
    TYPED_DATA_PREFIX,
    StructTypes,
    TypedValue,
    compute_domain_separator,
    encode_data,
)
from l2ref.errors import (
    ChallengePeriodNotOver,
    ChallengePeriodOver,
    ChannelAlreadyExists,
    ChannelNotClosed,
    ChannelNotFound,
    ChannelNotOpen,
    ChannelNotSettled,
    CloseBalanceMismatch,
    DepositNotMonotonic,
    DepositValueMismatch,
    InvalidChannelParameters,
    InvalidLockProof,
    InvalidSecretRegistry,
    InvalidStateSignature,
    LockAlreadyResolved,
    LockedAmountExceeded,
    LockSenderNotParticipant,
    NegativeBalance,
    NonceNotHigher,
    NotParticipant,
    PreimageMismatch,
    SecretNotRegistered,
    StateHashMismatch,
    WithdrawalNotMonotonic,
    WrongChannelId,
    WrongDisputeMode,
)
from l2ref.l1.contracts import (
    CallContext,
    ContractDefinition,
    Method,
    call_ecrecover,
    call_keccak256,
    call_sha256,
    charge_gas,
    compute_storage_slot,
    emit_event,
    read_struct,
    read_uint,
    transfer_ether,
    write_struct,
    write_uint,
)
from l2ref.l1.gas import compute_keccak256_gas
from l2ref.l1.state import get_account
from l2ref.l1.types import Gas, Seconds, Wei
from l2ref.types import ADDRESS_LENGTH, HASH32_LENGTH, Address, Hash32

CHANNEL_CONTRACT_NAME = "PaymentChannels"

SECRET_REGISTRY_CONTRACT_NAME = "SecretRegistry"

MIN_CHALLENGE_PERIOD_SECONDS = 3_600

MAX_CHALLENGE_PERIOD_SECONDS = 30 * 86_400

STATIC_CALL_GAS = 2_600

CHANNEL_OPEN = 1

CHANNEL_CLOSED = 2

CHANNEL_SETTLED = 3

ZERO_ADDRESS = Address(bytes(ADDRESS_LENGTH))

CHANNEL_RECORD_TYPES = ("address", "address", "uint256", "uint256")

CLOSING_RECORD_TYPES = ("address", "uint256", "bytes32")

STORED_STATE_TYPES = ("uint256", "bytes32")

SETTLED_LOCKS_TYPES = ("bytes32", "uint256", "uint256", "uint256")

SECRET_REGISTRY_SLOT = compute_storage_slot("secret_registry")

CHANNEL_VIEW_TYPES = ("uint256", *CHANNEL_RECORD_TYPES, "uint256", "uint256", "uint256", "uint256")

CHANNEL_OPENED_EVENT_TYPES = ("bytes32", *CHANNEL_RECORD_TYPES)

CHANNEL_DEPOSIT_EVENT_TYPES = ("bytes32", "address", "uint256")

CHANNEL_WITHDRAWAL_EVENT_TYPES = ("bytes32", "uint256", "uint256")

CHANNEL_CLOSED_EVENT_TYPES = ("bytes32", "address", "uint256", STATE_ABI_TYPE)

CHANNEL_UPDATED_EVENT_TYPES = ("bytes32", "address", STATE_ABI_TYPE)

CHANNEL_PUNISHED_EVENT_TYPES = ("bytes32", "address", "address", "uint256")

CHANNEL_SETTLED_EVENT_TYPES = ("bytes32", "uint256", "uint256")

LOCK_RESOLVED_EVENT_TYPES = ("bytes32", "uint256", "address", "uint256")

SECRET_REGISTERED_EVENT_TYPES = ("bytes32", "bytes32")


@dataclass(frozen=True)
class ChannelParameters:
    """The fixed parameters of an open channel: participants, dispute mode, challenge period."""

    participant_a: Address
    participant_b: Address
    mode: DisputeMode
    challenge_period_seconds: Seconds


@dataclass(frozen=True)
class ChannelTotals:
    """What the contract records of each side's money: total deposited and total withdrawn."""

    deposit_a: Wei
    deposit_b: Wei
    withdrawn_a: Wei
    withdrawn_b: Wei


@dataclass(frozen=True)
class ClosingRecord:
    """The record of a close: who closed, when it settles, and the closer's revocation hash."""

    closer: Address
    settle_time: Seconds
    # the closer's revocation hash in the state it closed with (penalty mode)
    closer_revocation_hash: Hash32


@dataclass(frozen=True)
class SettledLocks:
    """The locks of a settled channel: their root and count, and the wei still held per sender."""

    locks_root: Hash32
    lock_count: int
    # what is still held for the locks sent by each side
    pending_a: Wei
    pending_b: Wei


def compute_status_slot(channel_id: bytes) -> Hash32:
    """Return the storage slot of a channel's status (0 unknown, open, closed, settled)."""
    return compute_storage_slot("channel_status", channel_id)


def compute_channel_slot(channel_id: bytes) -> Hash32:
    """Return the storage slot of a channel's parameters record."""
    return compute_storage_slot("channel", channel_id)


def compute_deposit_slot(channel_id: bytes, participant: Address) -> Hash32:
    """Return the storage slot of a participant's total deposit in a channel."""
    return compute_storage_slot("deposit", channel_id + participant)


def compute_withdrawn_slot(channel_id: bytes, participant: Address) -> Hash32:
    """Return the storage slot of a participant's total withdrawn from a channel."""
    return compute_storage_slot("withdrawn", channel_id + participant)


def compute_closing_slot(channel_id: bytes) -> Hash32:
    """Return the storage slot of a channel's closing record."""
    return compute_storage_slot("closing", channel_id)


def compute_stored_state_slot(channel_id: bytes) -> Hash32:
    """Return the storage slot of the nonce and hash of a closed channel's state."""
    return compute_storage_slot("stored_state", channel_id)


def compute_settled_locks_slot(channel_id: bytes) -> Hash32:
    """Return the storage slot of a settled channel's locks record."""
    return compute_storage_slot("settled_locks", channel_id)


def compute_lock_resolved_slot(channel_id: bytes, lock_index: int) -> Hash32:
    """Return the storage slot marking lock `lock_index` of a channel as resolved."""
    return compute_storage_slot("lock_resolved", channel_id + lock_index.to_bytes(32, "big"))


def compute_registration_slot(secret_hash: bytes) -> Hash32:
    """Return the storage slot of the registration time of a secret hash."""
    return compute_storage_slot("secret_registration", secret_hash)


def _read_status(context: CallContext, channel_id: bytes) -> int:
    status = read_uint(context, compute_status_slot(channel_id))
    if status == 0:
        raise ChannelNotFound(f"no channel 0x{channel_id.hex()}")
    return status


def _require_status(context: CallContext, channel_id: bytes, expected: int) -> None:
    status = _read_status(context, channel_id)
    if status == expected:
        return
    if expected == CHANNEL_OPEN:
        raise ChannelNotOpen(f"channel 0x{channel_id.hex()} is no longer open")
    if expected == CHANNEL_CLOSED:
        raise ChannelNotClosed(f"channel 0x{channel_id.hex()} is not in its challenge period")
    raise ChannelNotSettled(f"channel 0x{channel_id.hex()} is not settled")


def _read_parameters(context: CallContext, channel_id: bytes) -> ChannelParameters:
    record = read_struct(context, compute_channel_slot(channel_id), CHANNEL_RECORD_TYPES)
    if record is None:
        raise ChannelNotFound(f"no channel 0x{channel_id.hex()}")
    participant_a, participant_b, mode, challenge_period_seconds = record
    return ChannelParameters(
        participant_a=Address(abi_bytes(participant_a)),
        participant_b=Address(abi_bytes(participant_b)),
        mode=DisputeMode(abi_int(mode)),
        challenge_period_seconds=Seconds(abi_int(challenge_period_seconds)),
    )


def _read_totals(
    context: CallContext, channel_id: bytes, parameters: ChannelParameters
) -> ChannelTotals:
    a, b = parameters.participant_a, parameters.participant_b
    return ChannelTotals(
        deposit_a=Wei(read_uint(context, compute_deposit_slot(channel_id, a))),
        deposit_b=Wei(read_uint(context, compute_deposit_slot(channel_id, b))),
        withdrawn_a=Wei(read_uint(context, compute_withdrawn_slot(channel_id, a))),
        withdrawn_b=Wei(read_uint(context, compute_withdrawn_slot(channel_id, b))),
    )


def _read_closing(context: CallContext, channel_id: bytes) -> ClosingRecord:
    record = read_struct(context, compute_closing_slot(channel_id), CLOSING_RECORD_TYPES)
    if record is None:
        raise ChannelNotClosed(f"channel 0x{channel_id.hex()} was never closed")
    closer, settle_time, closer_revocation_hash = record
    return ClosingRecord(
        closer=Address(abi_bytes(closer)),
        settle_time=Seconds(abi_int(settle_time)),
        closer_revocation_hash=Hash32(abi_bytes(closer_revocation_hash)),
    )


def _read_stored_state(context: CallContext, channel_id: bytes) -> tuple[int, Hash32]:
    record = read_struct(context, compute_stored_state_slot(channel_id), STORED_STATE_TYPES)
    if record is None:
        return 0, Hash32(bytes(HASH32_LENGTH))
    nonce, state_hash = record
    return abi_int(nonce), Hash32(abi_bytes(state_hash))


def _read_settled_locks(context: CallContext, channel_id: bytes) -> SettledLocks:
    record = read_struct(context, compute_settled_locks_slot(channel_id), SETTLED_LOCKS_TYPES)
    if record is None:
        return SettledLocks(Hash32(bytes(HASH32_LENGTH)), 0, Wei(0), Wei(0))
    locks_root, lock_count, pending_a, pending_b = record
    return SettledLocks(
        locks_root=Hash32(abi_bytes(locks_root)),
        lock_count=abi_int(lock_count),
        pending_a=Wei(abi_int(pending_a)),
        pending_b=Wei(abi_int(pending_b)),
    )


def _compute_digest(
    context: CallContext, types: StructTypes, primary_type: str, message: dict[str, TypedValue]
) -> Hash32:
    # the domain separator is a constant of the deployed contract (an immutable in Solidity)
    domain_separator = compute_domain_separator(
        compute_channel_domain(context.chain_id, context.address)
    )
    struct_hash = call_keccak256(context, encode_data(types, primary_type, message))
    return call_keccak256(context, TYPED_DATA_PREFIX + domain_separator + struct_hash)


def _recover_signer(context: CallContext, digest: Hash32, signature: bytes) -> Address | None:
    if len(signature) != SIGNATURE_LENGTH:
        return None
    r = int.from_bytes(signature[:32], "big")
    s = int.from_bytes(signature[32:64], "big")
    v = signature[64]
    # one signature per state: the low-s form only, v written 27 or 28
    if s > HALF_CURVE_ORDER or v not in (ETHEREUM_V_OFFSET, ETHEREUM_V_OFFSET + 1):
        return None
    return call_ecrecover(context, digest, v, r, s)


def _validate_signatures(
    context: CallContext,
    parameters: ChannelParameters,
    digest: Hash32,
    signature_a: bytes,
    signature_b: bytes,
) -> None:
    if _recover_signer(context, digest, signature_a) != parameters.participant_a:
        raise InvalidStateSignature("the first signature is not participant A's")
    if _recover_signer(context, digest, signature_b) != parameters.participant_b:
        raise InvalidStateSignature("the second signature is not participant B's")


def _read_state_argument(
    context: CallContext, channel_id: bytes, state_value: AbiValue
) -> ChannelState:
    # the chain and the contract come from the call: they are the state's signing domain
    state = state_from_abi(context.chain_id, context.address, state_value)
    if state.channel_id != channel_id:
        raise WrongChannelId(f"the state is for channel 0x{state.channel_id.hex()}")
    return state


def _validate_cosigned_state(
    context: CallContext,
    parameters: ChannelParameters,
    state: ChannelState,
    signature_a: bytes,
    signature_b: bytes,
) -> None:
    message = compute_state_message(state)
    digest = _compute_digest(context, CHANNEL_STATE_TYPES, CHANNEL_STATE_TYPE_NAME, message)
    _validate_signatures(context, parameters, digest, signature_a, signature_b)


def _validate_balances(totals: ChannelTotals, state: ChannelState) -> tuple[int, int]:
    balances = compute_balances(
        totals.deposit_a, totals.deposit_b, totals.withdrawn_a, totals.withdrawn_b, state
    )
    if min(balances) < 0:
        raise NegativeBalance(f"state {state.nonce} pays {balances}: more than the channel holds")
    return balances


def _compute_state_hash(context: CallContext, state: ChannelState) -> Hash32:
    return call_keccak256(context, encode_abi([STATE_ABI_TYPE], [state_to_abi(state)]))


def _pay(context: CallContext, recipient: Address, amount: int) -> None:
    if amount > 0:
        transfer_ether(context, recipient, Wei(amount))


def _read_registry(context: CallContext) -> Address:
    record = read_struct(context, SECRET_REGISTRY_SLOT, ("address",))
    return Address(abi_bytes(record[0])) if record is not None else ZERO_ADDRESS


def _call_registration_time(context: CallContext, registry: Address, secret_hash: Hash32) -> int:
    # a STATICCALL of the registry's view: its code runs in a context of its own, which
    # cannot write, and the caller pays the call and everything the view is charged
    charge_gas(context, STATIC_CALL_GAS)
    callee = replace(
        context,
        address=registry,
        sender=context.address,
        value=Wei(0),
        gas_limit=Gas(context.gas_limit - context.gas_used),
        gas_used=Gas(0),
        logs=[],
    )
    try:
        registered_at = get_secret_registration_time(callee, secret_hash)[0]
    finally:
        charge_gas(context, callee.gas_used)
    return abi_int(registered_at)


def process_register_secret(context: CallContext, secret: bytes) -> tuple[AbiValue, ...]:
    """Record the time a secret is first registered under its SHA-256; return whether new."""
    secret_hash = call_sha256(context, secret)
    slot = compute_registration_slot(secret_hash)
    # the first registration stands; a later one changes nothing and does not revert
    if read_uint(context, slot) != 0:
        return (False,)
    write_uint(context, slot, context.timestamp)
    emit_event(context, "SecretRegistered", SECRET_REGISTERED_EVENT_TYPES, [secret_hash, secret])
    return (True,)


def get_secret_registration_time(context: CallContext, secret_hash: bytes) -> tuple[AbiValue, ...]:
    """Return the L1 time a secret hash was registered, or 0 if never."""
    return (read_uint(context, compute_registration_slot(secret_hash)),)


def secret_registry_constructor(context: CallContext) -> tuple[AbiValue, ...]:
    """Deploy the secret registry: it has no constructor arguments or state."""
    return ()


SECRET_REGISTRY_CONTRACT = ContractDefinition(
    name=SECRET_REGISTRY_CONTRACT_NAME,
    constructor=Method("constructor", (), (), secret_registry_constructor),
    methods=(
        Method("registerSecret", ("bytes32",), ("bool",), process_register_secret),
        Method(
            "getSecretRegistrationTime",
            ("bytes32",),
            ("uint256",),
            get_secret_registration_time,
        ),
    ),
)


def channels_constructor(context: CallContext, registry: Address) -> tuple[AbiValue, ...]:
    """Store the secret registry address; raise unless it holds a secret registry."""
    if get_account(context.state, registry).code != SECRET_REGISTRY_CONTRACT_NAME:
        raise InvalidSecretRegistry(f"0x{registry.hex()} holds no secret registry")
    write_struct(context, SECRET_REGISTRY_SLOT, ("address",), [registry])
    return ()


def process_open(
    context: CallContext,
    channel_id: bytes,
    partner: Address,
    mode: int,
    challenge_period_seconds: int,
) -> tuple[AbiValue, ...]:
    """Open a channel between the caller and `partner` after checking its id and terms."""
    if channel_id == bytes(HASH32_LENGTH) or partner in (context.sender, ZERO_ADDRESS):
        raise InvalidChannelParameters("a channel has a non-zero id and two distinct participants")
    if mode not in (NONCE_MODE, PENALTY_MODE):
        raise InvalidChannelParameters(f"the dispute mode is 1 or 2, got {mode}")
    if not MIN_CHALLENGE_PERIOD_SECONDS <= challenge_period_seconds <= MAX_CHALLENGE_PERIOD_SECONDS:
        raise InvalidChannelParameters(
            f"challenge period {challenge_period_seconds} s is out of bounds"
        )
    if read_uint(context, compute_status_slot(channel_id)) != 0:
        raise ChannelAlreadyExists(f"channel 0x{channel_id.hex()} exists or existed")
    record: list[AbiValue] = [context.sender, partner, mode, challenge_period_seconds]
    write_uint(context, compute_status_slot(channel_id), CHANNEL_OPEN)
    write_struct(context, compute_channel_slot(channel_id), CHANNEL_RECORD_TYPES, record)
    emit_event(context, "ChannelOpened", CHANNEL_OPENED_EVENT_TYPES, [channel_id, *record])
    return ()


def process_deposit(
    context: CallContext, channel_id: bytes, total_deposit: int
) -> tuple[AbiValue, ...]:
    """Raise the caller's total deposit to `total_deposit`; the call must send the difference."""
    _require_status(context, channel_id, CHANNEL_OPEN)
    parameters = _read_parameters(context, channel_id)
    if context.sender not in (parameters.participant_a, parameters.participant_b):
        raise NotParticipant(f"0x{context.sender.hex()} is not in channel 0x{channel_id.hex()}")
    slot = compute_deposit_slot(channel_id, context.sender)
    current = read_uint(context, slot)
    if total_deposit <= current:
        raise DepositNotMonotonic(f"the total deposit is {current}, got {total_deposit}")
    if context.value != total_deposit - current:
        raise DepositValueMismatch(
            f"a deposit to {total_deposit} sends {total_deposit - current} wei"
        )
    write_uint(context, slot, total_deposit)
    emit_event(
        context,
        "ChannelDeposit",
        CHANNEL_DEPOSIT_EVENT_TYPES,
        [channel_id, context.sender, total_deposit],
    )
    return ()


def process_withdraw(
    context: CallContext,
    channel_id: bytes,
    state_value: AbiValue,
    signature_a: bytes,
    signature_b: bytes,
) -> tuple[AbiValue, ...]:
    """Pay out the rise in withdrawn totals that a co-signed state grants, if solvent."""
    _require_status(context, channel_id, CHANNEL_OPEN)
    parameters = _read_parameters(context, channel_id)
    state = _read_state_argument(context, channel_id, state_value)
    _validate_cosigned_state(context, parameters, state, signature_a, signature_b)
    totals = _read_totals(context, channel_id, parameters)
    withdrawn_a = max(totals.withdrawn_a, state.withdrawn_a)
    withdrawn_b = max(totals.withdrawn_b, state.withdrawn_b)
    if withdrawn_a == totals.withdrawn_a and withdrawn_b == totals.withdrawn_b:
        raise WithdrawalNotMonotonic("the state raises neither withdrawn total")
    after = replace(totals, withdrawn_a=Wei(withdrawn_a), withdrawn_b=Wei(withdrawn_b))
    _validate_balances(after, state)
    write_uint(context, compute_withdrawn_slot(channel_id, parameters.participant_a), withdrawn_a)
    write_uint(context, compute_withdrawn_slot(channel_id, parameters.participant_b), withdrawn_b)
    _pay(context, parameters.participant_a, withdrawn_a - totals.withdrawn_a)
    _pay(context, parameters.participant_b, withdrawn_b - totals.withdrawn_b)
    emit_event(
        context,
        "ChannelWithdrawal",
        CHANNEL_WITHDRAWAL_EVENT_TYPES,
        [channel_id, withdrawn_a, withdrawn_b],
    )
    return ()


def process_cooperative_close(
    context: CallContext, close_value: AbiValue, signature_a: bytes, signature_b: bytes
) -> tuple[AbiValue, ...]:
    """Settle a channel at once with the balances both sides signed."""
    close = cooperative_close_from_abi(context.chain_id, context.address, close_value)
    channel_id, balance_a, balance_b = close.channel_id, close.balance_a, close.balance_b
    _require_status(context, channel_id, CHANNEL_OPEN)
    parameters = _read_parameters(context, channel_id)
    message = compute_cooperative_close_message(close)
    digest = _compute_digest(context, COOPERATIVE_CLOSE_TYPES, COOPERATIVE_CLOSE_TYPE_NAME, message)
    _validate_signatures(context, parameters, digest, signature_a, signature_b)
    totals = _read_totals(context, channel_id, parameters)
    total = totals.deposit_a + totals.deposit_b - totals.withdrawn_a - totals.withdrawn_b
    if balance_a + balance_b != total:
        raise CloseBalanceMismatch(f"the balances add up to {balance_a + balance_b}, not {total}")
    write_uint(context, compute_status_slot(channel_id), CHANNEL_SETTLED)
    _pay(context, parameters.participant_a, balance_a)
    _pay(context, parameters.participant_b, balance_b)
    emit_event(
        context, "ChannelSettled", CHANNEL_SETTLED_EVENT_TYPES, [channel_id, balance_a, balance_b]
    )
    return ()


def process_close(
    context: CallContext,
    channel_id: bytes,
    state_value: AbiValue,
    signature_a: bytes,
    signature_b: bytes,
) -> tuple[AbiValue, ...]:
    """Close the channel with a participant's co-signed state and start the challenge period."""
    _require_status(context, channel_id, CHANNEL_OPEN)
    parameters = _read_parameters(context, channel_id)
    if context.sender not in (parameters.participant_a, parameters.participant_b):
        raise NotParticipant(f"0x{context.sender.hex()} is not in channel 0x{channel_id.hex()}")
    state = _read_state_argument(context, channel_id, state_value)
    _validate_cosigned_state(context, parameters, state, signature_a, signature_b)
    # the first co-signed state has nonce 1; the contract starts from nonce 0
    if state.nonce == 0:
        raise NonceNotHigher("a channel is closed with a co-signed state of nonce 1 or more")
    _validate_balances(_read_totals(context, channel_id, parameters), state)
    settle_time = context.timestamp + parameters.challenge_period_seconds
    is_a = context.sender == parameters.participant_a
    closer_hash = state.revocation_hash_a if is_a else state.revocation_hash_b
    closing: list[AbiValue] = [context.sender, settle_time, closer_hash]
    stored: list[AbiValue] = [state.nonce, _compute_state_hash(context, state)]
    write_uint(context, compute_status_slot(channel_id), CHANNEL_CLOSED)
    write_struct(context, compute_closing_slot(channel_id), CLOSING_RECORD_TYPES, closing)
    write_struct(context, compute_stored_state_slot(channel_id), STORED_STATE_TYPES, stored)
    event: list[AbiValue] = [channel_id, context.sender, settle_time, state_to_abi(state)]
    emit_event(context, "ChannelClosed", CHANNEL_CLOSED_EVENT_TYPES, event)
    return ()


def process_update(
    context: CallContext,
    channel_id: bytes,
    state_value: AbiValue,
    signature_a: bytes,
    signature_b: bytes,
) -> tuple[AbiValue, ...]:
    """Replace the held state with a co-signed one of higher nonce during the challenge period."""
    _require_status(context, channel_id, CHANNEL_CLOSED)
    parameters = _read_parameters(context, channel_id)
    closing = _read_closing(context, channel_id)
    if context.timestamp >= closing.settle_time:
        raise ChallengePeriodOver(f"the challenge period ended at {closing.settle_time}")
    stored_nonce, _ = _read_stored_state(context, channel_id)
    # anyone may submit: a watchtower carries the participants' signatures, not its own
    state = _read_state_argument(context, channel_id, state_value)
    _validate_cosigned_state(context, parameters, state, signature_a, signature_b)
    if state.nonce <= stored_nonce:
        raise NonceNotHigher(f"the contract holds nonce {stored_nonce}, got {state.nonce}")
    _validate_balances(_read_totals(context, channel_id, parameters), state)
    stored: list[AbiValue] = [state.nonce, _compute_state_hash(context, state)]
    write_struct(context, compute_stored_state_slot(channel_id), STORED_STATE_TYPES, stored)
    event: list[AbiValue] = [channel_id, context.sender, state_to_abi(state)]
    emit_event(context, "ChannelUpdated", CHANNEL_UPDATED_EVENT_TYPES, event)
    return ()


def process_punish(
    context: CallContext, channel_id: bytes, revocation_secret: bytes
) -> tuple[AbiValue, ...]:
    """Pay the whole channel to the other side when given the closer's revocation secret."""
    _require_status(context, channel_id, CHANNEL_CLOSED)
    parameters = _read_parameters(context, channel_id)
    if parameters.mode != PENALTY_MODE:
        raise WrongDisputeMode(f"channel 0x{channel_id.hex()} settles disputes by nonce")
    closing = _read_closing(context, channel_id)
    if context.timestamp >= closing.settle_time:
        raise ChallengePeriodOver(f"the challenge period ended at {closing.settle_time}")
    if call_keccak256(context, revocation_secret) != closing.closer_revocation_hash:
        raise PreimageMismatch("the secret does not revoke the state the channel was closed with")
    totals = _read_totals(context, channel_id, parameters)
    total = totals.deposit_a + totals.deposit_b - totals.withdrawn_a - totals.withdrawn_b
    is_a = closing.closer == parameters.participant_a
    beneficiary = parameters.participant_b if is_a else parameters.participant_a
    # the cheater's whole channel balance, locks included, goes to the other side
    write_uint(context, compute_status_slot(channel_id), CHANNEL_SETTLED)
    _pay(context, beneficiary, total)
    event: list[AbiValue] = [channel_id, closing.closer, beneficiary, total]
    emit_event(context, "ChannelPunished", CHANNEL_PUNISHED_EVENT_TYPES, event)
    return ()


def process_settle(
    context: CallContext, channel_id: bytes, state_value: AbiValue
) -> tuple[AbiValue, ...]:
    """After the challenge period, pay the held state's balances and record its pending locks."""
    _require_status(context, channel_id, CHANNEL_CLOSED)
    parameters = _read_parameters(context, channel_id)
    closing = _read_closing(context, channel_id)
    if context.timestamp < closing.settle_time:
        raise ChallengePeriodNotOver(f"the challenge period ends at {closing.settle_time}")
    _, stored_hash = _read_stored_state(context, channel_id)
    state = _read_state_argument(context, channel_id, state_value)
    if _compute_state_hash(context, state) != stored_hash:
        raise StateHashMismatch("the state is not the one the contract holds")
    # the balances were checked when the state was stored, and the totals are frozen since
    balance_a, balance_b = _validate_balances(_read_totals(context, channel_id, parameters), state)
    write_uint(context, compute_status_slot(channel_id), CHANNEL_SETTLED)
    if state.lock_count > 0:
        locks: list[AbiValue] = [state.locks_root, state.lock_count, state.locked_a, state.locked_b]
        write_struct(context, compute_settled_locks_slot(channel_id), SETTLED_LOCKS_TYPES, locks)
    _pay(context, parameters.participant_a, balance_a)
    _pay(context, parameters.participant_b, balance_b)
    emit_event(
        context, "ChannelSettled", CHANNEL_SETTLED_EVENT_TYPES, [channel_id, balance_a, balance_b]
    )
    return ()


def process_unlock(
    context: CallContext,
    channel_id: bytes,
    lock_index: int,
    lock_value: AbiValue,
    proof: bytes,
) -> tuple[AbiValue, ...]:
    """Pay a proven lock of a settled channel to its receiver if registered in time, else refund."""
    _require_status(context, channel_id, CHANNEL_SETTLED)
    parameters = _read_parameters(context, channel_id)
    settled = _read_settled_locks(context, channel_id)
    resolved_slot = compute_lock_resolved_slot(channel_id, lock_index)
    if read_uint(context, resolved_slot) != 0:
        raise LockAlreadyResolved(f"lock {lock_index} of channel 0x{channel_id.hex()} is paid out")
    lock = lock_from_abi(lock_value)
    siblings = decode_merkle_proof(proof)
    leaf = encode_lock(lock)
    # the proof's hashes as the contract pays them: the leaf, then one node per sibling
    charge_gas(
        context, compute_keccak256_gas(1 + len(leaf)) + len(siblings) * compute_keccak256_gas(65)
    )
    if not verify_merkle_proof(settled.locks_root, leaf, lock_index, settled.lock_count, siblings):
        raise InvalidLockProof(f"the proof does not place the lock at index {lock_index}")
    if lock.sender == parameters.participant_a:
        receiver, pending = parameters.participant_b, settled.pending_a
    elif lock.sender == parameters.participant_b:
        receiver, pending = parameters.participant_a, settled.pending_b
    else:
        raise LockSenderNotParticipant(f"0x{lock.sender.hex()} is not in the channel")
    if lock.amount > pending:
        raise LockedAmountExceeded(f"only {pending} wei is left for the locks of its sender")
    registered_at = _call_registration_time(context, _read_registry(context), lock.hashlock)
    if 0 < registered_at <= lock.expiry:
        recipient = receiver
    elif context.timestamp > lock.expiry:
        # expired without its secret registered in time: the amount goes back to the sender
        recipient = lock.sender
    else:
        raise SecretNotRegistered(f"the lock expires at {lock.expiry}; its secret may still come")
    is_a = lock.sender == parameters.participant_a
    remaining = replace(
        settled,
        pending_a=Wei(settled.pending_a - lock.amount) if is_a else settled.pending_a,
        pending_b=settled.pending_b if is_a else Wei(settled.pending_b - lock.amount),
    )
    record: list[AbiValue] = [
        remaining.locks_root,
        remaining.lock_count,
        remaining.pending_a,
        remaining.pending_b,
    ]
    write_uint(context, resolved_slot, 1)
    write_struct(context, compute_settled_locks_slot(channel_id), SETTLED_LOCKS_TYPES, record)
    _pay(context, recipient, lock.amount)
    event: list[AbiValue] = [channel_id, lock_index, recipient, lock.amount]
    emit_event(context, "LockResolved", LOCK_RESOLVED_EVENT_TYPES, event)
    return ()


def get_channel(context: CallContext, channel_id: bytes) -> tuple[AbiValue, ...]:
    """Return a channel's status, parameters, deposits and withdrawn totals."""
    status = _read_status(context, channel_id)
    parameters = _read_parameters(context, channel_id)
    totals = _read_totals(context, channel_id, parameters)
    return (
        status,
        parameters.participant_a,
        parameters.participant_b,
        parameters.mode,
        parameters.challenge_period_seconds,
        totals.deposit_a,
        totals.deposit_b,
        totals.withdrawn_a,
        totals.withdrawn_b,
    )


def get_closing(context: CallContext, channel_id: bytes) -> tuple[AbiValue, ...]:
    """Return a channel's closer, settle time, closer revocation hash, held nonce and hash."""
    _read_status(context, channel_id)
    closing = _read_closing(context, channel_id)
    nonce, state_hash = _read_stored_state(context, channel_id)
    return (closing.closer, closing.settle_time, closing.closer_revocation_hash, nonce, state_hash)


def get_settled_locks(context: CallContext, channel_id: bytes) -> tuple[AbiValue, ...]:
    """Return a settled channel's locks root, lock count and wei held per lock sender."""
    _read_status(context, channel_id)
    settled = _read_settled_locks(context, channel_id)
    return (settled.locks_root, settled.lock_count, settled.pending_a, settled.pending_b)


CHANNEL_CONTRACT = ContractDefinition(
    name=CHANNEL_CONTRACT_NAME,
    constructor=Method("constructor", ("address",), (), channels_constructor),
    methods=(
        Method("open", ("bytes32", "address", "uint256", "uint256"), (), process_open),
        Method("deposit", ("bytes32", "uint256"), (), process_deposit, payable=True),
        Method("withdraw", ("bytes32", STATE_ABI_TYPE, "bytes", "bytes"), (), process_withdraw),
        Method(
            "cooperativeClose",
            (COOPERATIVE_CLOSE_ABI_TYPE, "bytes", "bytes"),
            (),
            process_cooperative_close,
        ),
        Method("close", ("bytes32", STATE_ABI_TYPE, "bytes", "bytes"), (), process_close),
        Method("update", ("bytes32", STATE_ABI_TYPE, "bytes", "bytes"), (), process_update),
        Method("punish", ("bytes32", "bytes32"), (), process_punish),
        Method("settle", ("bytes32", STATE_ABI_TYPE), (), process_settle),
        Method("unlock", ("bytes32", "uint256", LOCK_ABI_TYPE, "bytes"), (), process_unlock),
        Method(
            "getChannel",
            ("bytes32",),
            CHANNEL_VIEW_TYPES,
            get_channel,
        ),
        Method(
            "getClosing",
            ("bytes32",),
            ("address", "uint256", "bytes32", "uint256", "bytes32"),
            get_closing,
        ),
        Method("getSettledLocks", ("bytes32",), SETTLED_LOCKS_TYPES, get_settled_locks),
    ),
)
