"""Off-chain channel states, locks and messages, their encodings and EIP-712 digests. See
specs/channels/states.md."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NewType, TypeAlias

from l2ref.crypto.hash import sha256
from l2ref.crypto.merkle import MerkleProof, compute_merkle_proof, compute_merkle_root
from l2ref.crypto.secp256k1 import (
    PrivateKey,
    Signature,
    decode_signature,
    encode_signature,
    recover_transaction_sender,
    sign_digest,
)
from l2ref.encoding.abi import (
    WORD_SIZE_BYTES,
    AbiValue,
    abi_bytes,
    abi_int,
    abi_items,
    decode_abi,
    encode_abi,
)
from l2ref.encoding.typed_data import (
    StructTypes,
    TypedData,
    TypedDataDomain,
    TypedField,
    TypedValue,
    compute_typed_data_hash,
)
from l2ref.errors import (
    CryptoError,
    InvalidLength,
    InvalidSignature,
    LockSenderNotParticipant,
    TypeMismatch,
    UnknownMessageType,
)
from l2ref.l1.types import ChainId, Seconds, Wei
from l2ref.types import Address, Hash32

DisputeMode = NewType("DisputeMode", int)

NONCE_MODE = DisputeMode(1)

PENALTY_MODE = DisputeMode(2)

CHANNEL_DOMAIN_NAME = "l2ref payment channels"

CHANNEL_DOMAIN_VERSION = "1"

CHANNEL_STATE_TYPE_NAME = "ChannelState"

COOPERATIVE_CLOSE_TYPE_NAME = "CooperativeClose"

CHANNEL_STATE_TYPES: StructTypes = {
    CHANNEL_STATE_TYPE_NAME: (
        TypedField("channelId", "bytes32"),
        TypedField("nonce", "uint256"),
        TypedField("transferredA", "uint256"),
        TypedField("transferredB", "uint256"),
        TypedField("withdrawnA", "uint256"),
        TypedField("withdrawnB", "uint256"),
        TypedField("lockedA", "uint256"),
        TypedField("lockedB", "uint256"),
        TypedField("locksRoot", "bytes32"),
        TypedField("lockCount", "uint256"),
        TypedField("revocationHashA", "bytes32"),
        TypedField("revocationHashB", "bytes32"),
    )
}

COOPERATIVE_CLOSE_TYPES: StructTypes = {
    COOPERATIVE_CLOSE_TYPE_NAME: (
        TypedField("channelId", "bytes32"),
        TypedField("balanceA", "uint256"),
        TypedField("balanceB", "uint256"),
    )
}

EMPTY_LOCKS_ROOT = Hash32(bytes(32))

NO_REVOCATION_HASH = Hash32(bytes(32))

LOCK_ABI_TYPES = ("address", "uint256", "bytes32", "uint256")

LOCK_ABI_TYPE = "(" + ",".join(LOCK_ABI_TYPES) + ")"

STATE_ABI_TYPES = (
    "bytes32",
    "uint256",
    "uint256",
    "uint256",
    "uint256",
    "uint256",
    "uint256",
    "uint256",
    "bytes32",
    "uint256",
    "bytes32",
    "bytes32",
)

STATE_ABI_TYPE = "(" + ",".join(STATE_ABI_TYPES) + ")"

STATE_MESSAGE_ABI_TYPE = "(" + ",".join(("uint256", "address", *STATE_ABI_TYPES)) + ")"

COOPERATIVE_CLOSE_ABI_TYPE = "(bytes32,uint256,uint256)"

COOPERATIVE_CLOSE_MESSAGE_ABI_TYPE = "(uint256,address," + COOPERATIVE_CLOSE_ABI_TYPE[1:]

REVOCATION_HASH_OFFER_TYPE = 1

STATE_PROPOSAL_TYPE = 2

STATE_COUNTERSIGNATURE_TYPE = 3

STATE_REVOCATION_TYPE = 4

SECRET_REVEAL_TYPE = 5

COOPERATIVE_CLOSE_SIGNATURE_TYPE = 6

MESSAGE_TYPE_ABI_TYPE = "uint16"

REVOCATION_HASH_OFFER_ABI_TYPES = (MESSAGE_TYPE_ABI_TYPE, "bytes32", "uint256", "bytes32")

STATE_PROPOSAL_ABI_TYPES = (
    MESSAGE_TYPE_ABI_TYPE,
    STATE_MESSAGE_ABI_TYPE,
    LOCK_ABI_TYPE + "[]",
    "bytes",
)

STATE_COUNTERSIGNATURE_ABI_TYPES = (MESSAGE_TYPE_ABI_TYPE, "bytes32", "uint256", "bytes")

STATE_REVOCATION_ABI_TYPES = (MESSAGE_TYPE_ABI_TYPE, "bytes32", "uint256", "bytes32", "bytes32")

SECRET_REVEAL_ABI_TYPES = (MESSAGE_TYPE_ABI_TYPE, "bytes32", "bytes32")

COOPERATIVE_CLOSE_SIGNATURE_ABI_TYPES = (
    MESSAGE_TYPE_ABI_TYPE,
    COOPERATIVE_CLOSE_MESSAGE_ABI_TYPE,
    "bytes",
)


@dataclass(frozen=True)
class Lock:
    """A hash-time lock of `amount` wei from `sender`: paid if its secret is on L1 by `expiry`."""

    sender: Address
    amount: Wei
    # sha256(secret) of a 32-byte secret
    hashlock: Hash32
    # an L1 timestamp: the secret must be registered at or before it
    expiry: Seconds


@dataclass(frozen=True)
class ChannelState:
    """An off-chain channel state: the EIP-712 ChannelState struct that both sides sign."""

    # the chain and contract are not fields of the signed struct: they are its EIP-712 domain
    chain_id: ChainId
    contract: Address
    channel_id: Hash32
    nonce: int
    # totals, each only ever growing: what each side has paid the other, and has taken out
    transferred_a: Wei
    transferred_b: Wei
    withdrawn_a: Wei
    withdrawn_b: Wei
    # the amounts of the pending locks sent by each side, and the Merkle root over all locks
    locked_a: Wei
    locked_b: Wei
    locks_root: Hash32
    lock_count: int
    # penalty mode: keccak256 of each side's revocation secret for this nonce; zero otherwise
    revocation_hash_a: Hash32
    revocation_hash_b: Hash32


@dataclass(frozen=True)
class SignedChannelState:
    """A channel state with the signatures of participant A and participant B."""

    state: ChannelState
    signature_a: Signature
    signature_b: Signature


@dataclass(frozen=True)
class CooperativeClose:
    """The final balances (wei) of both sides for closing a channel by agreement."""

    chain_id: ChainId
    contract: Address
    channel_id: Hash32
    balance_a: Wei
    balance_b: Wei


@dataclass(frozen=True)
class SignedCooperativeClose:
    """A cooperative close with the signatures of participant A and participant B."""

    close: CooperativeClose
    signature_a: Signature
    signature_b: Signature


@dataclass(frozen=True)
class RevocationHashOffer:
    """Message: the sender's revocation hash for the state of `nonce` (zero in nonce mode)."""

    channel_id: Hash32
    nonce: int
    revocation_hash: Hash32


@dataclass(frozen=True)
class StateProposal:
    """Message: the next state with every lock of it, signed by the proposer."""

    state: ChannelState
    # every lock of the state, in the order of its locks tree
    locks: tuple[Lock, ...]
    signature: Signature


@dataclass(frozen=True)
class StateCountersignature:
    """Message: the receiver's signature of the proposed state of `nonce`."""

    channel_id: Hash32
    nonce: int
    signature: Signature


@dataclass(frozen=True)
class StateRevocation:
    """Message: the secret revoking the sender's state `revoked_nonce`, and its next hash."""

    channel_id: Hash32
    revoked_nonce: int
    revocation_secret: Hash32
    # the sender's revocation hash for nonce revoked_nonce + 2
    next_revocation_hash: Hash32


@dataclass(frozen=True)
class SecretReveal:
    """Message: the secret of a lock of the channel, revealed to the counterparty."""

    channel_id: Hash32
    secret: Hash32


@dataclass(frozen=True)
class CooperativeCloseSignature:
    """Message: one side's signature of a cooperative close."""

    close: CooperativeClose
    signature: Signature


ChannelMessage: TypeAlias = (
    RevocationHashOffer
    | StateProposal
    | StateCountersignature
    | StateRevocation
    | SecretReveal
    | CooperativeCloseSignature
)


def compute_hashlock(secret: Hash32) -> Hash32:
    """Return the SHA-256 of a lock secret: the hashlock that the secret opens."""
    return sha256(secret)


def lock_to_abi(lock: Lock) -> tuple[AbiValue, ...]:
    """Return the lock as ABI values (sender, amount, hashlock, expiry)."""
    return (lock.sender, lock.amount, lock.hashlock, lock.expiry)


def lock_from_abi(value: AbiValue) -> Lock:
    """Decode a lock from an ABI tuple; raise TypeMismatch unless it has four fields."""
    items = abi_items(value)
    if len(items) != len(LOCK_ABI_TYPES):
        raise TypeMismatch(f"a lock has {len(LOCK_ABI_TYPES)} fields, got {len(items)}")
    sender, amount, hashlock, expiry = items
    return Lock(
        sender=Address(abi_bytes(sender)),
        amount=Wei(abi_int(amount)),
        hashlock=Hash32(abi_bytes(hashlock)),
        expiry=Seconds(abi_int(expiry)),
    )


def encode_lock(lock: Lock) -> bytes:
    """Return the ABI encoding of a lock: its leaf in the locks tree."""
    return encode_abi(LOCK_ABI_TYPES, lock_to_abi(lock))


def compute_locks_root(locks: tuple[Lock, ...]) -> Hash32:
    """Return the Merkle root over the encoded locks, or EMPTY_LOCKS_ROOT for none."""
    if not locks:
        return EMPTY_LOCKS_ROOT
    return compute_merkle_root([encode_lock(lock) for lock in locks])


def compute_lock_proof(locks: tuple[Lock, ...], index: int) -> MerkleProof:
    """Return the Merkle proof of the lock at `index` in the locks tree."""
    return compute_merkle_proof([encode_lock(lock) for lock in locks], index)


def compute_locked_amounts(
    locks: tuple[Lock, ...], participant_a: Address, participant_b: Address
) -> tuple[Wei, Wei]:
    """Return the wei locked by A and by B; raise if a lock's sender is neither."""
    for lock in locks:
        if lock.sender not in (participant_a, participant_b):
            raise LockSenderNotParticipant(f"0x{lock.sender.hex()} is not in the channel")
    locked_a = sum(lock.amount for lock in locks if lock.sender == participant_a)
    locked_b = sum(lock.amount for lock in locks if lock.sender == participant_b)
    return Wei(locked_a), Wei(locked_b)


def compute_balances(
    deposit_a: Wei, deposit_b: Wei, withdrawn_a: Wei, withdrawn_b: Wei, state: ChannelState
) -> tuple[int, int]:
    """Return the spendable wei of A and B: deposit - withdrawn + net transfers - locked."""
    # what each side may take out at once; the locked amounts wait for their locks
    balance_a = deposit_a - withdrawn_a - state.transferred_a + state.transferred_b
    balance_b = deposit_b - withdrawn_b - state.transferred_b + state.transferred_a
    return balance_a - state.locked_a, balance_b - state.locked_b


def state_to_abi(state: ChannelState) -> tuple[AbiValue, ...]:
    """Return the signed fields of a state as ABI values, in STATE_ABI_TYPES order."""
    return (
        state.channel_id,
        state.nonce,
        state.transferred_a,
        state.transferred_b,
        state.withdrawn_a,
        state.withdrawn_b,
        state.locked_a,
        state.locked_b,
        state.locks_root,
        state.lock_count,
        state.revocation_hash_a,
        state.revocation_hash_b,
    )


def state_from_abi(chain_id: ChainId, contract: Address, value: AbiValue) -> ChannelState:
    """Decode a state from its 12 ABI fields under the given chain id and contract."""
    items = abi_items(value)
    if len(items) != len(STATE_ABI_TYPES):
        raise TypeMismatch(f"a state has {len(STATE_ABI_TYPES)} fields, got {len(items)}")
    return ChannelState(
        chain_id=chain_id,
        contract=contract,
        channel_id=Hash32(abi_bytes(items[0])),
        nonce=abi_int(items[1]),
        transferred_a=Wei(abi_int(items[2])),
        transferred_b=Wei(abi_int(items[3])),
        withdrawn_a=Wei(abi_int(items[4])),
        withdrawn_b=Wei(abi_int(items[5])),
        locked_a=Wei(abi_int(items[6])),
        locked_b=Wei(abi_int(items[7])),
        locks_root=Hash32(abi_bytes(items[8])),
        lock_count=abi_int(items[9]),
        revocation_hash_a=Hash32(abi_bytes(items[10])),
        revocation_hash_b=Hash32(abi_bytes(items[11])),
    )


def cooperative_close_to_abi(close: CooperativeClose) -> tuple[AbiValue, ...]:
    """Return a cooperative close as ABI values (channel id, balance A, balance B)."""
    return (close.channel_id, close.balance_a, close.balance_b)


def cooperative_close_from_abi(
    chain_id: ChainId, contract: Address, value: AbiValue
) -> CooperativeClose:
    """Decode a cooperative close from its 3 ABI fields under the given domain."""
    items = abi_items(value)
    if len(items) != 3:
        raise TypeMismatch(f"a cooperative close has 3 fields, got {len(items)}")
    return CooperativeClose(
        chain_id=chain_id,
        contract=contract,
        channel_id=Hash32(abi_bytes(items[0])),
        balance_a=Wei(abi_int(items[1])),
        balance_b=Wei(abi_int(items[2])),
    )


def compute_channel_domain(chain_id: ChainId, contract: Address) -> TypedDataDomain:
    """Return the EIP-712 domain of the channels contract `contract` on `chain_id`."""
    return TypedDataDomain(
        name=CHANNEL_DOMAIN_NAME,
        version=CHANNEL_DOMAIN_VERSION,
        chain_id=chain_id,
        verifying_contract=contract,
    )


def compute_state_message(state: ChannelState) -> dict[str, TypedValue]:
    """Return the state as the EIP-712 ChannelState message, keyed by field name."""
    return {
        "channelId": state.channel_id,
        "nonce": state.nonce,
        "transferredA": state.transferred_a,
        "transferredB": state.transferred_b,
        "withdrawnA": state.withdrawn_a,
        "withdrawnB": state.withdrawn_b,
        "lockedA": state.locked_a,
        "lockedB": state.locked_b,
        "locksRoot": state.locks_root,
        "lockCount": state.lock_count,
        "revocationHashA": state.revocation_hash_a,
        "revocationHashB": state.revocation_hash_b,
    }


def compute_state_digest(state: ChannelState) -> Hash32:
    """Return the EIP-712 hash of a state: the digest that both sides sign."""
    domain = compute_channel_domain(state.chain_id, state.contract)
    message = compute_state_message(state)
    return compute_typed_data_hash(
        TypedData(CHANNEL_STATE_TYPES, CHANNEL_STATE_TYPE_NAME, domain, message)
    )


def compute_cooperative_close_message(close: CooperativeClose) -> dict[str, TypedValue]:
    """Return the close as the EIP-712 CooperativeClose message."""
    return {"channelId": close.channel_id, "balanceA": close.balance_a, "balanceB": close.balance_b}


def compute_cooperative_close_digest(close: CooperativeClose) -> Hash32:
    """Return the EIP-712 hash of a cooperative close: the digest both sign."""
    domain = compute_channel_domain(close.chain_id, close.contract)
    message = compute_cooperative_close_message(close)
    return compute_typed_data_hash(
        TypedData(COOPERATIVE_CLOSE_TYPES, COOPERATIVE_CLOSE_TYPE_NAME, domain, message)
    )


def _is_signed_by(digest: Hash32, signature: Signature, signer: Address) -> bool:
    try:
        # the contract's rule: v is 0 or 1, s is at most n / 2, the key recovers
        recovered = recover_transaction_sender(digest, signature.r, signature.s, signature.v)
    except (InvalidSignature, CryptoError):
        return False
    return recovered == signer


def sign_state(state: ChannelState, private_key: PrivateKey) -> Signature:
    """Sign the EIP-712 digest of a state with `private_key`."""
    return sign_digest(compute_state_digest(state), private_key)


def verify_state_signature(state: ChannelState, signature: Signature, signer: Address) -> bool:
    """Return whether `signature` over the state digest recovers `signer`."""
    return _is_signed_by(compute_state_digest(state), signature, signer)


def verify_signed_state(
    signed: SignedChannelState, participant_a: Address, participant_b: Address
) -> bool:
    """Return whether both signatures of the state are valid, by A and by B."""
    return verify_state_signature(
        signed.state, signed.signature_a, participant_a
    ) and verify_state_signature(signed.state, signed.signature_b, participant_b)


def sign_cooperative_close(close: CooperativeClose, private_key: PrivateKey) -> Signature:
    """Sign the EIP-712 digest of a cooperative close with `private_key`."""
    return sign_digest(compute_cooperative_close_digest(close), private_key)


def verify_cooperative_close_signature(
    close: CooperativeClose, signature: Signature, signer: Address
) -> bool:
    """Return whether `signature` over the close digest recovers `signer`."""
    return _is_signed_by(compute_cooperative_close_digest(close), signature, signer)


def _state_to_message_abi(state: ChannelState) -> tuple[AbiValue, ...]:
    return (state.chain_id, state.contract, *state_to_abi(state))


def _state_from_message_abi(value: AbiValue) -> ChannelState:
    items = abi_items(value)
    chain_id, contract = abi_int(items[0]), Address(abi_bytes(items[1]))
    return state_from_abi(ChainId(chain_id), contract, items[2:])


def _close_to_message_abi(close: CooperativeClose) -> tuple[AbiValue, ...]:
    return (close.chain_id, close.contract, *cooperative_close_to_abi(close))


def _close_from_message_abi(value: AbiValue) -> CooperativeClose:
    items = abi_items(value)
    chain_id, contract = abi_int(items[0]), Address(abi_bytes(items[1]))
    return cooperative_close_from_abi(ChainId(chain_id), contract, items[2:])


def encode_message(message: ChannelMessage) -> bytes:
    """Encode a channel message as ABI data that starts with its message type word."""
    if isinstance(message, RevocationHashOffer):
        values: list[AbiValue] = [
            REVOCATION_HASH_OFFER_TYPE,
            message.channel_id,
            message.nonce,
            message.revocation_hash,
        ]
        return encode_abi(REVOCATION_HASH_OFFER_ABI_TYPES, values)
    if isinstance(message, StateProposal):
        values = [
            STATE_PROPOSAL_TYPE,
            _state_to_message_abi(message.state),
            [lock_to_abi(lock) for lock in message.locks],
            encode_signature(message.signature),
        ]
        return encode_abi(STATE_PROPOSAL_ABI_TYPES, values)
    if isinstance(message, StateCountersignature):
        values = [
            STATE_COUNTERSIGNATURE_TYPE,
            message.channel_id,
            message.nonce,
            encode_signature(message.signature),
        ]
        return encode_abi(STATE_COUNTERSIGNATURE_ABI_TYPES, values)
    if isinstance(message, StateRevocation):
        values = [
            STATE_REVOCATION_TYPE,
            message.channel_id,
            message.revoked_nonce,
            message.revocation_secret,
            message.next_revocation_hash,
        ]
        return encode_abi(STATE_REVOCATION_ABI_TYPES, values)
    if isinstance(message, SecretReveal):
        values = [SECRET_REVEAL_TYPE, message.channel_id, message.secret]
        return encode_abi(SECRET_REVEAL_ABI_TYPES, values)
    values = [
        COOPERATIVE_CLOSE_SIGNATURE_TYPE,
        _close_to_message_abi(message.close),
        encode_signature(message.signature),
    ]
    return encode_abi(COOPERATIVE_CLOSE_SIGNATURE_ABI_TYPES, values)


def decode_message(data: bytes) -> ChannelMessage:
    """Decode a channel message by its leading type word; raise UnknownMessageType otherwise."""
    if len(data) < WORD_SIZE_BYTES:
        raise InvalidLength(f"a message starts with a 32-byte type word, got {len(data)} bytes")
    message_type = abi_int(decode_abi([MESSAGE_TYPE_ABI_TYPE], data[:WORD_SIZE_BYTES])[0])
    if message_type == REVOCATION_HASH_OFFER_TYPE:
        _, channel_id, nonce, revocation_hash = decode_abi(REVOCATION_HASH_OFFER_ABI_TYPES, data)
        return RevocationHashOffer(
            Hash32(abi_bytes(channel_id)), abi_int(nonce), Hash32(abi_bytes(revocation_hash))
        )
    if message_type == STATE_PROPOSAL_TYPE:
        _, state, locks, signature = decode_abi(STATE_PROPOSAL_ABI_TYPES, data)
        return StateProposal(
            _state_from_message_abi(state),
            tuple(lock_from_abi(lock) for lock in abi_items(locks)),
            decode_signature(abi_bytes(signature)),
        )
    if message_type == STATE_COUNTERSIGNATURE_TYPE:
        _, channel_id, nonce, signature = decode_abi(STATE_COUNTERSIGNATURE_ABI_TYPES, data)
        return StateCountersignature(
            Hash32(abi_bytes(channel_id)), abi_int(nonce), decode_signature(abi_bytes(signature))
        )
    if message_type == STATE_REVOCATION_TYPE:
        _, channel_id, nonce, secret, next_hash = decode_abi(STATE_REVOCATION_ABI_TYPES, data)
        return StateRevocation(
            Hash32(abi_bytes(channel_id)),
            abi_int(nonce),
            Hash32(abi_bytes(secret)),
            Hash32(abi_bytes(next_hash)),
        )
    if message_type == SECRET_REVEAL_TYPE:
        _, channel_id, secret = decode_abi(SECRET_REVEAL_ABI_TYPES, data)
        return SecretReveal(Hash32(abi_bytes(channel_id)), Hash32(abi_bytes(secret)))
    if message_type == COOPERATIVE_CLOSE_SIGNATURE_TYPE:
        _, close, signature = decode_abi(COOPERATIVE_CLOSE_SIGNATURE_ABI_TYPES, data)
        return CooperativeCloseSignature(
            _close_from_message_abi(close), decode_signature(abi_bytes(signature))
        )
    raise UnknownMessageType(f"no channel message has the type {message_type}")
