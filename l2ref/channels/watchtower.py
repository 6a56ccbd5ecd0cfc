"""The watchtower of payment channels: appointments that say nothing about a channel before a
breach, and the tower that answers a stale close. See specs/channels/watchtower.md."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import NewType

from Crypto.Cipher import ChaCha20_Poly1305

from l2ref.channels.contract import (
    CHANNEL_CLOSED,
    CHANNEL_CLOSED_EVENT_TYPES,
    ChannelParameters,
    ClosingRecord,
)
from l2ref.channels.protocol import PartyView, compute_event_topic
from l2ref.channels.revocation import (
    compute_commitment_index,
    compute_revocation_hash,
    get_revocation_secret,
)
from l2ref.channels.states import (
    PENALTY_MODE,
    STATE_ABI_TYPE,
    ChannelState,
    DisputeMode,
    SignedChannelState,
    compute_state_digest,
    state_from_abi,
    state_to_abi,
    verify_signed_state,
)
from l2ref.crypto.hash import keccak256
from l2ref.crypto.secp256k1 import PrivateKey, decode_signature, encode_signature
from l2ref.encoding.abi import (
    WORD_SIZE_BYTES,
    AbiValue,
    abi_bytes,
    abi_int,
    decode_abi,
    encode_abi,
)
from l2ref.errors import (
    AppointmentExpired,
    BlobAuthenticationFailed,
    DecodingError,
    DuplicateLocator,
    InvalidLength,
    UnexpectedMessage,
    UnknownAppointmentVersion,
    ValueOutOfRange,
    WatchtowerFull,
)
from l2ref.l1.contracts import Log
from l2ref.l1.driver import (
    LocalChain,
    get_block_number,
    get_time,
    send_method_call,
    view_call,
)
from l2ref.l1.types import ChainId, Seconds
from l2ref.types import HASH32_LENGTH, Address, Hash32

Locator = NewType("Locator", bytes)

APPOINTMENT_VERSION = 1

LOCATOR_LENGTH = 16

EXPIRY_LENGTH = 8

MAX_EXPIRY_SECONDS = (1 << (8 * EXPIRY_LENGTH)) - 1

LOCATOR_DOMAIN = b"l2ref/channels/watchtower/locator"

ENCRYPTION_KEY_DOMAIN = b"l2ref/channels/watchtower/key"

ENCRYPTION_NONCE_DOMAIN = b"l2ref/channels/watchtower/nonce"

ENCRYPTION_NONCE_LENGTH = 12

POLY1305_TAG_LENGTH = 16

NO_REVOCATION_SECRET = Hash32(bytes(HASH32_LENGTH))

BREACH_RESPONSE_ABI_TYPES = (STATE_ABI_TYPE, "bytes", "bytes", "bytes32")

BREACH_RESPONSE_LENGTH = 23 * WORD_SIZE_BYTES

ENCRYPTED_BLOB_LENGTH = BREACH_RESPONSE_LENGTH + POLY1305_TAG_LENGTH

APPOINTMENT_HEADER_LENGTH = 1 + LOCATOR_LENGTH + EXPIRY_LENGTH

APPOINTMENT_LENGTH = APPOINTMENT_HEADER_LENGTH + ENCRYPTED_BLOB_LENGTH

MAX_APPOINTMENTS = 10_000


@dataclass(frozen=True)
class BreachResponse:
    """What answers a close with a stale state: a later co-signed state and its secret."""

    # the co-signed state that replaces the stale one: the state after it, or a later one
    next_state: SignedChannelState
    # penalty mode: the counterparty's revocation secret of the stale state; zero otherwise
    revocation_secret: Hash32


@dataclass(frozen=True)
class Appointment:
    """A tower appointment: the locator of a stale state, an L1 expiry and the sealed response."""

    locator: Locator
    # the L1 time until which the tower keeps it: the end of the customer's subscription
    expiry: Seconds
    encrypted_blob: bytes


@dataclass
class Watchtower:
    """A watchtower: its account, its appointments by locator and its L1 scan position."""

    chain_id: ChainId
    # the tower's own account: it signs and pays for its responses
    private_key: PrivateKey
    capacity: int
    appointments: dict[Locator, Appointment] = field(default_factory=dict)
    # the first L1 block the tower has not scanned yet
    next_block: int = 0


@dataclass(frozen=True)
class WatchtowerClient:
    """A party's watchtower record: the state it watches and its appointments' expiry."""

    # the party's latest co-signed state when it last sent: it is stale once a later one exists
    watched: ChannelState | None
    expiry: Seconds


def compute_locator(state_digest: Hash32) -> Locator:
    """Return the 16-byte locator of a state digest: the tower's key for the appointment."""
    return Locator(keccak256(LOCATOR_DOMAIN + state_digest)[:LOCATOR_LENGTH])


def compute_encryption_key(state_digest: Hash32) -> Hash32:
    """Return the 32-byte key that seals the response to the state of `state_digest`."""
    return keccak256(ENCRYPTION_KEY_DOMAIN + state_digest)


def compute_encryption_nonce(key: Hash32) -> bytes:
    """Return the 12-byte ChaCha20-Poly1305 nonce derived from a blob key."""
    return keccak256(ENCRYPTION_NONCE_DOMAIN + key)[:ENCRYPTION_NONCE_LENGTH]


def encrypt_blob(key: Hash32, plaintext: bytes) -> bytes:
    """Return the ChaCha20-Poly1305 ciphertext of `plaintext` under `key`, tag appended."""
    if len(key) != HASH32_LENGTH:
        raise ValueOutOfRange(f"a blob key is 32 bytes, got {len(key)}")
    cipher = ChaCha20_Poly1305.new(key=key, nonce=compute_encryption_nonce(key))
    ciphertext, tag = cipher.encrypt_and_digest(plaintext)
    return ciphertext + tag


def decrypt_blob(key: Hash32, blob: bytes) -> bytes:
    """Return the plaintext of a sealed blob; raise BlobAuthenticationFailed on a bad tag."""
    if len(key) != HASH32_LENGTH:
        raise ValueOutOfRange(f"a blob key is 32 bytes, got {len(key)}")
    if len(blob) < POLY1305_TAG_LENGTH:
        raise InvalidLength(f"a blob ends with a 16-byte tag, got {len(blob)} bytes")
    cipher = ChaCha20_Poly1305.new(key=key, nonce=compute_encryption_nonce(key))
    ciphertext, tag = blob[:-POLY1305_TAG_LENGTH], blob[-POLY1305_TAG_LENGTH:]
    try:
        return cipher.decrypt_and_verify(ciphertext, tag)
    except ValueError as exc:
        # pycryptodome reports a tag mismatch as ValueError
        raise BlobAuthenticationFailed("the blob does not open under this key") from exc


def encode_breach_response(response: BreachResponse) -> bytes:
    """Return the ABI encoding of a breach response: state, signatures, secret."""
    signed = response.next_state
    values: list[AbiValue] = [
        state_to_abi(signed.state),
        encode_signature(signed.signature_a),
        encode_signature(signed.signature_b),
        response.revocation_secret,
    ]
    return encode_abi(BREACH_RESPONSE_ABI_TYPES, values)


def decode_breach_response(chain_id: ChainId, contract: Address, data: bytes) -> BreachResponse:
    """Decode a breach response of BREACH_RESPONSE_LENGTH bytes under the given domain."""
    if len(data) != BREACH_RESPONSE_LENGTH:
        raise InvalidLength(f"a breach response is {BREACH_RESPONSE_LENGTH} bytes, got {len(data)}")
    state, signature_a, signature_b, secret = decode_abi(BREACH_RESPONSE_ABI_TYPES, data)
    signed = SignedChannelState(
        state_from_abi(chain_id, contract, state),
        decode_signature(abi_bytes(signature_a)),
        decode_signature(abi_bytes(signature_b)),
    )
    return BreachResponse(signed, Hash32(abi_bytes(secret)))


def encode_appointment(appointment: Appointment) -> bytes:
    """Return the appointment bytes: version, locator, 8-byte expiry, sealed blob."""
    if len(appointment.locator) != LOCATOR_LENGTH:
        raise ValueOutOfRange(f"a locator is 16 bytes, got {len(appointment.locator)}")
    if not 0 <= appointment.expiry <= MAX_EXPIRY_SECONDS:
        raise ValueOutOfRange(f"an expiry is a uint64, got {appointment.expiry}")
    if len(appointment.encrypted_blob) != ENCRYPTED_BLOB_LENGTH:
        raise ValueOutOfRange(
            f"a blob is {ENCRYPTED_BLOB_LENGTH} bytes, got {len(appointment.encrypted_blob)}"
        )
    return (
        bytes([APPOINTMENT_VERSION])
        + appointment.locator
        + appointment.expiry.to_bytes(EXPIRY_LENGTH, "big")
        + appointment.encrypted_blob
    )


def decode_appointment(data: bytes) -> Appointment:
    """Decode an appointment; raise on an unknown version or a wrong length."""
    if not data:
        raise InvalidLength("an appointment starts with a version byte, got no bytes")
    if data[0] != APPOINTMENT_VERSION:
        raise UnknownAppointmentVersion(f"appointment version {data[0]} is not defined")
    if len(data) != APPOINTMENT_LENGTH:
        raise InvalidLength(f"an appointment is {APPOINTMENT_LENGTH} bytes, got {len(data)}")
    expiry_end = 1 + LOCATOR_LENGTH + EXPIRY_LENGTH
    return Appointment(
        locator=Locator(data[1 : 1 + LOCATOR_LENGTH]),
        expiry=Seconds(int.from_bytes(data[1 + LOCATOR_LENGTH : expiry_end], "big")),
        encrypted_blob=data[expiry_end:],
    )


def compute_appointment(
    stale_state: ChannelState, response: BreachResponse, expiry: Seconds
) -> Appointment:
    """Return the appointment sealing `response` under the digest of the stale state."""
    digest = compute_state_digest(stale_state)
    blob = encrypt_blob(compute_encryption_key(digest), encode_breach_response(response))
    return Appointment(compute_locator(digest), expiry, blob)


def new_watchtower(
    chain_id: ChainId, private_key: PrivateKey, start_block: int, capacity: int = MAX_APPOINTMENTS
) -> Watchtower:
    """Return a watchtower with no appointment that scans from `start_block`."""
    return Watchtower(chain_id, private_key, capacity, {}, start_block)


def _open_appointment(tower: Watchtower, state: ChannelState) -> BreachResponse | None:
    digest = compute_state_digest(state)
    appointment = tower.appointments.get(compute_locator(digest))
    if appointment is None:
        return None
    try:
        plaintext = decrypt_blob(compute_encryption_key(digest), appointment.encrypted_blob)
        return decode_breach_response(state.chain_id, state.contract, plaintext)
    except DecodingError:
        # a blob that does not open under the state's key, or not to a response, is ignored
        return None


def find_breach_responses(
    tower: Watchtower, breached: ChannelState, parameters: ChannelParameters
) -> tuple[BreachResponse, ...]:
    """Return the chain of responses from the breached state on, each to a later state."""
    responses: list[BreachResponse] = []
    state = breached
    while True:
        response = _open_appointment(tower, state)
        if response is None:
            return tuple(responses)
        following = response.next_state
        # the walk only moves forward, within the channel, over co-signed states
        if (
            following.state.channel_id != breached.channel_id
            or following.state.nonce <= state.nonce
            or not verify_signed_state(
                following, parameters.participant_a, parameters.participant_b
            )
        ):
            return tuple(responses)
        responses.append(response)
        state = following.state


def compute_breach_call(
    tower: Watchtower,
    breached: ChannelState,
    parameters: ChannelParameters,
    closing: ClosingRecord,
    *,
    stored_nonce: int,
    now: Seconds,
) -> tuple[str, list[AbiValue]] | None:
    """Return the punish or update call that answers a stale close, or None if none is due."""
    if now >= closing.settle_time:
        return None
    responses = find_breach_responses(tower, breached, parameters)
    if not responses:
        return None
    # the appointment of the breached state carries the closer's secret for it, if revoked
    secret = responses[0].revocation_secret
    if (
        parameters.mode == PENALTY_MODE
        and secret != NO_REVOCATION_SECRET
        and compute_revocation_hash(secret) == closing.closer_revocation_hash
    ):
        return "punish", [breached.channel_id, secret]
    latest = responses[-1].next_state
    if latest.state.nonce <= stored_nonce:
        return None
    arguments: list[AbiValue] = [
        breached.channel_id,
        state_to_abi(latest.state),
        encode_signature(latest.signature_a),
        encode_signature(latest.signature_b),
    ]
    return "update", arguments


def process_appointment(tower: Watchtower, data: bytes, now: Seconds) -> None:
    """Store an appointment; raise if expired, a duplicate locator or the tower is full."""
    appointment = decode_appointment(data)
    if appointment.expiry <= now:
        raise AppointmentExpired(f"the appointment expired at {appointment.expiry}, now is {now}")
    if appointment.locator in tower.appointments:
        raise DuplicateLocator(f"the tower holds locator 0x{appointment.locator.hex()}")
    if len(tower.appointments) >= tower.capacity:
        raise WatchtowerFull(f"the tower holds {tower.capacity} appointments")
    tower.appointments[appointment.locator] = appointment


def prune_appointments(tower: Watchtower, now: Seconds) -> None:
    """Drop the appointments whose expiry is at or before `now`."""
    expired = [locator for locator, item in tower.appointments.items() if item.expiry <= now]
    for locator in expired:
        del tower.appointments[locator]


def _read_breach_call(
    tower: Watchtower, local: LocalChain, log: Log
) -> tuple[str, list[AbiValue]] | None:
    try:
        channel_id, _, _, state_value = decode_abi(CHANNEL_CLOSED_EVENT_TYPES, log.data)
    except DecodingError:
        # another contract's event under the same signature
        return None
    breached = state_from_abi(tower.chain_id, log.address, state_value)
    # the tower reads the contract only for a close it holds an appointment for
    if compute_locator(compute_state_digest(breached)) not in tower.appointments:
        return None
    channel = view_call(local, log.address, "getChannel", [channel_id])
    if abi_int(channel[0]) != CHANNEL_CLOSED:
        return None
    parameters = ChannelParameters(
        participant_a=Address(abi_bytes(channel[1])),
        participant_b=Address(abi_bytes(channel[2])),
        mode=DisputeMode(abi_int(channel[3])),
        challenge_period_seconds=Seconds(abi_int(channel[4])),
    )
    record = view_call(local, log.address, "getClosing", [channel_id])
    closing = ClosingRecord(
        closer=Address(abi_bytes(record[0])),
        settle_time=Seconds(abi_int(record[1])),
        closer_revocation_hash=Hash32(abi_bytes(record[2])),
    )
    stored_nonce = abi_int(record[3])
    return compute_breach_call(
        tower, breached, parameters, closing, stored_nonce=stored_nonce, now=get_time(local)
    )


def honest_watchtower_watch(tower: Watchtower, local: LocalChain) -> list[Hash32]:
    """Scan new blocks for stale closes and send their answers; return the tx hashes."""
    prune_appointments(tower, get_time(local))
    topic = compute_event_topic("ChannelClosed", CHANNEL_CLOSED_EVENT_TYPES)
    head = get_block_number(local)
    sent = []
    for receipts in local.chain.receipts[tower.next_block : head + 1]:
        for receipt in receipts:
            for log in receipt.logs:
                if log.topics != (topic,):
                    continue
                call = _read_breach_call(tower, local, log)
                if call is not None:
                    method, arguments = call
                    sent.append(
                        send_method_call(local, tower.private_key, log.address, method, arguments)
                    )
    tower.next_block = head + 1
    return sent


def new_watchtower_client(expiry: Seconds) -> WatchtowerClient:
    """Return a client that watches no state yet, for appointments until `expiry`."""
    return WatchtowerClient(watched=None, expiry=expiry)


def compute_breach_response(view: PartyView, stale_state: ChannelState) -> BreachResponse:
    """Return the response to a close with `stale_state`: the latest state and its secret."""
    if view.latest is None or view.latest.state.nonce <= stale_state.nonce:
        raise UnexpectedMessage(f"state {stale_state.nonce} is not stale: no later state is held")
    secret = NO_REVOCATION_SECRET
    if view.terms.mode == PENALTY_MODE:
        index = compute_commitment_index(stale_state.nonce)
        # the store holds every index above the one it expects next
        if index > view.counterparty_secrets.next_index:
            secret = get_revocation_secret(view.counterparty_secrets, index)
    return BreachResponse(view.latest, secret)


def honest_party_send_appointments(
    client: WatchtowerClient, view: PartyView
) -> tuple[WatchtowerClient, list[bytes]]:
    """Once a newer state exists, return the appointment for the stale one."""
    if view.latest is None:
        return client, []
    # penalty mode: the state the latest replaced waits for the counterparty's revocation
    if view.terms.mode == PENALTY_MODE and view.unrevoked is not None:
        return client, []
    latest = view.latest.state
    watched = client.watched
    if watched is not None and watched.nonce >= latest.nonce:
        return client, []
    if watched is None:
        return replace(client, watched=latest), []
    appointment = compute_appointment(
        watched, compute_breach_response(view, watched), client.expiry
    )
    return replace(client, watched=latest), [encode_appointment(appointment)]
