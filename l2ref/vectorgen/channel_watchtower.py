"""Vector suites for specs/channels/watchtower.md."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from l2ref.channels.contract import ChannelParameters, ClosingRecord
from l2ref.channels.revocation import compute_revocation_hash, compute_revocation_secret
from l2ref.channels.states import (
    NONCE_MODE,
    PENALTY_MODE,
    ChannelState,
    DisputeMode,
    SignedChannelState,
    compute_state_digest,
    sign_state,
)
from l2ref.channels.watchtower import (
    ENCRYPTED_BLOB_LENGTH,
    MAX_APPOINTMENTS,
    NO_REVOCATION_SECRET,
    Appointment,
    BreachResponse,
    Locator,
    Watchtower,
    compute_appointment,
    compute_breach_call,
    compute_encryption_key,
    compute_encryption_nonce,
    compute_locator,
    decode_appointment,
    decode_breach_response,
    decrypt_blob,
    encode_appointment,
    encode_breach_response,
    encrypt_blob,
    find_breach_responses,
    new_watchtower,
    process_appointment,
)
from l2ref.crypto.hash import keccak256
from l2ref.crypto.secp256k1 import PrivateKey
from l2ref.encoding.abi import AbiValue, abi_bytes, abi_int, abi_items
from l2ref.errors import L2RefError, MalformedVector, StepOutcomeMismatch
from l2ref.l1.types import ChainId, Seconds, Wei
from l2ref.types import Address, Hash32
from l2ref.vectorgen.channels import (
    ALICE,
    ALICE_ADDRESS,
    BOB,
    BOB_ADDRESS,
    CAROL,
    CHAIN_ID,
    CONTRACT,
    DAY,
    ETHER,
    OTHER_CHANNEL_ID,
    SEED_A,
    _signature_from_json,
    _signature_to_json,
    _state,
    _state_from_json,
    _state_to_json,
)
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

SPEC = "specs/channels/watchtower.md"
MODULE = "l2ref.channels.watchtower"
NOW = Seconds(1_700_000_000)
EXPIRY = Seconds(NOW + 30 * DAY)
SETTLE_TIME = Seconds(NOW + DAY)
# Alice pays Bob 3 ether, then 2, and Bob pays Alice 1: (nonce, transferred_a, transferred_b)
HISTORY = ((1, 0, 0), (2, 3 * ETHER, 0), (3, 5 * ETHER, 0), (4, 5 * ETHER, ETHER))

NOTES = {
    "Privacy": Note(
        "SECURITY",
        "The locator and the key are hashes of the state's digest under different domains: "
        "one does not give the other (I-CH-W-1).",
    ),
    "WrongKey": Note(
        "SECURITY",
        "A blob opened with another key, or with altered bytes, fails authentication instead of "
        "decrypting to garbage.",
    ),
    "Malformed": Note("SECURITY", "A byte string that is not the one canonical encoding."),
    "Walk": Note(
        "FUNCTIONALITY",
        "In nonce mode the tower follows the chain of appointments off-chain to the latest "
        "covered state and sends one update (I-CH-W-3).",
    ),
    "Penalty": Note(
        "SECURITY",
        "The appointment of a revoked state carries the closer's revocation secret: the tower "
        "punishes (I-CH-4).",
    ),
    "NoHarm": Note(
        "SECURITY",
        "The tower sends nothing that is not a co-signed newer state or the closer's own "
        "secret, and ignores blobs it cannot open (I-CH-W-4, I-CH-W-5).",
    ),
    "Deadline": Note("SECURITY", "At or after the settle time the contract accepts no answer."),
    "Table": Note(
        "SECURITY",
        "The tower's table is bounded, rejects duplicates and expired appointments, and a "
        "rejected appointment changes nothing.",
    ),
}


# ----------------------------------------------------------------------------- values


def _states(mode: DisputeMode) -> list[ChannelState]:
    return [_state(nonce, a, b, mode=mode) for nonce, a, b in HISTORY]


def _cosign(state: ChannelState, signer_b: PrivateKey = BOB) -> SignedChannelState:
    return SignedChannelState(state, sign_state(state, ALICE), sign_state(state, signer_b))


def _response(mode: DisputeMode, stale: int, next_nonce: int | None = None) -> BreachResponse:
    """Bob's response for the stale state of nonce `stale`: the next state and, in penalty mode,
    Alice's revocation secret of the stale state."""
    states = _states(mode)
    following = states[(next_nonce or stale + 1) - 1]
    secret = NO_REVOCATION_SECRET
    if mode == PENALTY_MODE:
        secret = compute_revocation_secret(SEED_A, stale)
    return BreachResponse(_cosign(following), secret)


def _appointments(mode: DisputeMode) -> list[Appointment]:
    states = _states(mode)
    return [
        compute_appointment(states[nonce - 1], _response(mode, nonce), EXPIRY)
        for nonce in (1, 2, 3)
    ]


def _signed_to_json(signed: SignedChannelState) -> JsonObject:
    return {
        "state": _state_to_json(signed.state),
        "signature_a": _signature_to_json(signed.signature_a),
        "signature_b": _signature_to_json(signed.signature_b),
    }


def _signed_from_json(value: JsonValue) -> SignedChannelState:
    obj = as_object(value, "a signed state")
    return SignedChannelState(
        _state_from_json(field_of(obj, "state")),
        _signature_from_json(field_of(obj, "signature_a")),
        _signature_from_json(field_of(obj, "signature_b")),
    )


def _response_to_json(response: BreachResponse) -> JsonObject:
    return {
        "next_state": _signed_to_json(response.next_state),
        "revocation_secret": hex_bytes(response.revocation_secret),
    }


def _response_from_json(value: JsonValue) -> BreachResponse:
    obj = as_object(value, "a breach response")
    return BreachResponse(
        _signed_from_json(field_of(obj, "next_state")),
        Hash32(parse_bytes(field_of(obj, "revocation_secret"))),
    )


def _appointment_to_json(appointment: Appointment) -> JsonObject:
    return {
        "locator": hex_bytes(appointment.locator),
        "expiry": dec(appointment.expiry),
        "encrypted_blob": hex_bytes(appointment.encrypted_blob),
    }


def _appointment_from_json(value: JsonValue) -> Appointment:
    obj = as_object(value, "an appointment")
    return Appointment(
        Locator(parse_bytes(field_of(obj, "locator"))),
        Seconds(parse_int(field_of(obj, "expiry"))),
        parse_bytes(field_of(obj, "encrypted_blob")),
    )


# ----------------------------------------------------------------------------- compute_locator


def _locator_cases() -> list[Case]:
    nonce_states = _states(NONCE_MODE)
    penalty_states = _states(PENALTY_MODE)

    def case(name: str, state: ChannelState, flags: tuple[str, ...] = ()) -> Case:
        intermediate: JsonObject = {"state_digest": hex_bytes(compute_state_digest(state))}
        return Case(name, {"state": _state_to_json(state)}, flags=flags, intermediate=intermediate)

    return [
        case("nonce_mode_state_1", nonce_states[0], ("Privacy",)),
        case("nonce_mode_state_2", nonce_states[1], ("Privacy",)),
        case("penalty_mode_state_2", penalty_states[1], ("Privacy",)),
        case("another_channel", replace(nonce_states[1], channel_id=OTHER_CHANNEL_ID)),
        case("another_contract", replace(nonce_states[1], contract=Address(b"\x11" * 20))),
        case("another_chain", replace(nonce_states[1], chain_id=ChainId(1))),
        case(
            "one_wei_more",
            replace(nonce_states[1], transferred_a=Wei(nonce_states[1].transferred_a + 1)),
        ),
    ]


def _run_locator(case_input: JsonObject) -> JsonValue:
    digest = compute_state_digest(_state_from_json(field_of(case_input, "state")))
    key = compute_encryption_key(digest)
    return {
        "locator": hex_bytes(compute_locator(digest)),
        "encryption_key": hex_bytes(key),
        "encryption_nonce": hex_bytes(compute_encryption_nonce(key)),
    }


# ----------------------------------------------------------------------------- the cipher


KEY = Hash32(keccak256(b"watchtower vector key"))
OTHER_KEY = Hash32(keccak256(b"another watchtower vector key"))


def _encrypt_cases() -> list[Case]:
    response = encode_breach_response(_response(NONCE_MODE, 1))

    def case(name: str, key: bytes, plaintext: bytes, expect: str = "valid") -> Case:
        intermediate: JsonObject = {}
        if len(key) == 32:
            intermediate = {"nonce": hex_bytes(compute_encryption_nonce(Hash32(key)))}
        return Case(
            name,
            {"key": hex_bytes(key), "plaintext": hex_bytes(plaintext)},
            expect,
            intermediate=intermediate,
        )

    return [
        case("empty_plaintext", KEY, b""),
        case("one_byte", KEY, b"\x2a"),
        case("one_block", KEY, bytes(range(64))),
        case("one_block_and_a_byte", KEY, bytes(range(65))),
        case("breach_response", KEY, response),
        case("breach_response_other_key", OTHER_KEY, response),
        case("key_of_31_bytes", KEY[:31], b"", "ValueOutOfRange"),
    ]


def _run_encrypt(case_input: JsonObject) -> JsonValue:
    key = Hash32(parse_bytes(field_of(case_input, "key")))
    return hex_bytes(encrypt_blob(key, parse_bytes(field_of(case_input, "plaintext"))))


def _decrypt_cases() -> list[Case]:
    response = encode_breach_response(_response(PENALTY_MODE, 2))
    blob = encrypt_blob(KEY, response)

    def flipped(index: int) -> bytes:
        altered = bytearray(blob)
        altered[index] ^= 0x01
        return bytes(altered)

    def case(
        name: str, key: bytes, data: bytes, expect: str = "valid", flags: tuple[str, ...] = ()
    ) -> Case:
        return Case(name, {"key": hex_bytes(key), "blob": hex_bytes(data)}, expect, flags)

    wrong = ("WrongKey",)
    return [
        case("breach_response", KEY, blob),
        case("empty_plaintext", KEY, encrypt_blob(KEY, b"")),
        case("another_key", OTHER_KEY, blob, "BlobAuthenticationFailed", wrong),
        case("first_ciphertext_byte_flipped", KEY, flipped(0), "BlobAuthenticationFailed", wrong),
        case(
            "last_tag_byte_flipped", KEY, flipped(len(blob) - 1), "BlobAuthenticationFailed", wrong
        ),
        case("last_byte_cut", KEY, blob[:-1], "BlobAuthenticationFailed", wrong),
        case("shorter_than_a_tag", KEY, blob[:15], "InvalidLength", ("Malformed",)),
        case("empty_blob", KEY, b"", "InvalidLength", ("Malformed",)),
        case("key_of_33_bytes", KEY + b"\x00", blob, "ValueOutOfRange"),
    ]


def _run_decrypt(case_input: JsonObject) -> JsonValue:
    key = Hash32(parse_bytes(field_of(case_input, "key")))
    return hex_bytes(decrypt_blob(key, parse_bytes(field_of(case_input, "blob"))))


# ----------------------------------------------------------------------------- responses


def _breach_response_cases() -> list[Case]:
    return [
        Case("nonce_mode_no_secret", {"response": _response_to_json(_response(NONCE_MODE, 1))}),
        Case(
            "penalty_mode_with_secret", {"response": _response_to_json(_response(PENALTY_MODE, 2))}
        ),
        Case(
            "penalty_mode_latest_state",
            {"response": _response_to_json(_response(PENALTY_MODE, 1, next_nonce=4))},
        ),
    ]


def _run_encode_breach_response(case_input: JsonObject) -> JsonValue:
    return hex_bytes(encode_breach_response(_response_from_json(field_of(case_input, "response"))))


def _decode_breach_response_cases() -> list[Case]:
    valid = encode_breach_response(_response(PENALTY_MODE, 2))
    # the first signature's length word is at head word 15; its 65 bytes follow; v is byte 64
    first_length = 15 * 32
    v_position = first_length + 32 + 64

    def patched(position: int, data: bytes) -> bytes:
        return valid[:position] + data + valid[position + len(data) :]

    def case(name: str, data: bytes, expect: str = "valid") -> Case:
        flags = ("Malformed",) if expect != "valid" else ()
        return Case(
            name,
            {"chain_id": dec(CHAIN_ID), "contract": hex_bytes(CONTRACT), "data": hex_bytes(data)},
            expect,
            flags,
        )

    return [
        case("penalty_mode_response", valid),
        case("nonce_mode_response", encode_breach_response(_response(NONCE_MODE, 3))),
        case("empty", b"", "InvalidLength"),
        case("one_word_short", valid[:-32], "InvalidLength"),
        case("one_word_long", valid + bytes(32), "InvalidLength"),
        case("v_byte_29", patched(v_position, b"\x1d"), "InvalidRecoveryByte"),
        case("v_byte_0", patched(v_position, b"\x00"), "NonCanonicalEncoding"),
        case(
            "signature_offset_past_the_end",
            patched(12 * 32, (10_000).to_bytes(32, "big")),
            "InvalidOffset",
        ),
        case("non_zero_padding", patched(v_position + 1, b"\x01"), "NonCanonicalEncoding"),
        case(
            "signature_length_word_64",
            patched(first_length, (64).to_bytes(32, "big")),
            "InvalidOffset",
        ),
    ]


def _run_decode_breach_response(case_input: JsonObject) -> JsonValue:
    response = decode_breach_response(
        ChainId(parse_int(field_of(case_input, "chain_id"))),
        Address(parse_bytes(field_of(case_input, "contract"))),
        parse_bytes(field_of(case_input, "data")),
    )
    return _response_to_json(response)


# ----------------------------------------------------------------------------- appointments


def _compute_appointment_cases() -> list[Case]:
    cases = []
    for mode, label in ((NONCE_MODE, "nonce_mode"), (PENALTY_MODE, "penalty_mode")):
        states = _states(mode)
        for stale in (1, 3):
            response = _response(mode, stale)
            digest = compute_state_digest(states[stale - 1])
            intermediate: JsonObject = {
                "locator": hex_bytes(compute_locator(digest)),
                "encryption_key": hex_bytes(compute_encryption_key(digest)),
                "plaintext": hex_bytes(encode_breach_response(response)),
            }
            cases.append(
                Case(
                    f"{label}_stale_state_{stale}",
                    {
                        "stale_state": _state_to_json(states[stale - 1]),
                        "response": _response_to_json(response),
                        "expiry": dec(EXPIRY),
                    },
                    flags=("Privacy",),
                    intermediate=intermediate,
                )
            )
    return cases


def _run_compute_appointment(case_input: JsonObject) -> JsonValue:
    appointment = compute_appointment(
        _state_from_json(field_of(case_input, "stale_state")),
        _response_from_json(field_of(case_input, "response")),
        Seconds(parse_int(field_of(case_input, "expiry"))),
    )
    return hex_bytes(encode_appointment(appointment))


SAMPLE = Appointment(Locator(bytes(range(16))), EXPIRY, bytes(range(256)) * 2 + bytes(240))


def _encode_appointment_cases() -> list[Case]:
    real = _appointments(PENALTY_MODE)[0]

    def case(name: str, appointment: Appointment, expect: str = "valid") -> Case:
        return Case(name, {"appointment": _appointment_to_json(appointment)}, expect)

    return [
        case("sample", SAMPLE),
        case("penalty_mode_state_1", real),
        case("expiry_zero", replace(SAMPLE, expiry=Seconds(0))),
        case("expiry_max", replace(SAMPLE, expiry=Seconds((1 << 64) - 1))),
        case("expiry_2_64", replace(SAMPLE, expiry=Seconds(1 << 64)), "ValueOutOfRange"),
        case("locator_of_32_bytes", replace(SAMPLE, locator=Locator(bytes(32))), "ValueOutOfRange"),
        case("blob_one_byte_short", replace(SAMPLE, encrypted_blob=bytes(751)), "ValueOutOfRange"),
    ]


def _run_encode_appointment(case_input: JsonObject) -> JsonValue:
    return hex_bytes(
        encode_appointment(_appointment_from_json(field_of(case_input, "appointment")))
    )


def _decode_appointment_cases() -> list[Case]:
    valid = encode_appointment(SAMPLE)

    def case(name: str, data: bytes, expect: str = "valid") -> Case:
        flags = ("Malformed",) if expect != "valid" else ()
        return Case(name, {"data": hex_bytes(data)}, expect, flags)

    return [
        case("sample", valid),
        case("nonce_mode_state_2", encode_appointment(_appointments(NONCE_MODE)[1])),
        case("empty", b"", "InvalidLength"),
        case("version_only", b"\x01", "InvalidLength"),
        case("one_byte_short", valid[:-1], "InvalidLength"),
        case("one_byte_long", valid + b"\x00", "InvalidLength"),
        case("version_0", b"\x00" + valid[1:], "UnknownAppointmentVersion"),
        case("version_2", b"\x02" + valid[1:], "UnknownAppointmentVersion"),
        case("version_2_other_length", b"\x02" + valid[1:100], "UnknownAppointmentVersion"),
    ]


def _run_decode_appointment(case_input: JsonObject) -> JsonValue:
    return _appointment_to_json(decode_appointment(parse_bytes(field_of(case_input, "data"))))


# ----------------------------------------------------------------------------- the table


def _table_data(label: str, expiry: int = EXPIRY) -> str:
    locator = Locator(keccak256(label.encode())[:16])
    blob = keccak256(b"blob " + label.encode()) * (ENCRYPTED_BLOB_LENGTH // 32) + bytes(16)
    return hex_bytes(encode_appointment(Appointment(locator, Seconds(expiry), blob)))


def _step(data: str, error: str | None = None, now: int = NOW) -> JsonValue:
    return {
        "call": "process_appointment",
        "args": {"data": data, "now": dec(now)},
        "result": "valid" if error is None else "invalid",
        "error": error,
    }


def _process_appointment_cases() -> list[Case]:
    one, two, three = _table_data("one"), _table_data("two"), _table_data("three")
    real = [hex_bytes(encode_appointment(a)) for a in _appointments(NONCE_MODE)]
    table = ("Table",)

    def case(name: str, capacity: int, steps: list[JsonValue], flags: tuple[str, ...] = ()) -> Case:
        return Case(name, {"pre": {"capacity": dec(capacity)}, "steps": steps}, flags=flags)

    return [
        case("three_appointments_of_one_channel", MAX_APPOINTMENTS, [_step(d) for d in real]),
        case(
            "duplicate_locator",
            MAX_APPOINTMENTS,
            [_step(one), _step(one, "DuplicateLocator")],
            table,
        ),
        case(
            "expired_at_now",
            MAX_APPOINTMENTS,
            [_step(_table_data("late", NOW), "AppointmentExpired"), _step(two)],
            table,
        ),
        case("full", 2, [_step(one), _step(two), _step(three, "WatchtowerFull")], table),
        case(
            "malformed_then_valid",
            MAX_APPOINTMENTS,
            [
                _step(one[:-2], "InvalidLength"),
                _step("0x02" + one[4:], "UnknownAppointmentVersion"),
                _step(one),
            ],
            ("Malformed",),
        ),
    ]


def _run_process_appointment(case_input: JsonObject) -> JsonValue:
    pre = as_object(field_of(case_input, "pre"), "pre")
    tower = new_watchtower(CHAIN_ID, CAROL, 0, capacity=parse_int(field_of(pre, "capacity")))
    steps = field_of(case_input, "steps")
    if not isinstance(steps, list):
        raise MalformedVector("steps must be a list")
    for number, item in enumerate(steps):
        step = as_object(item, "a step")
        args = as_object(field_of(step, "args"), "args")
        error: str | None = None
        try:
            process_appointment(
                tower,
                parse_bytes(field_of(args, "data")),
                Seconds(parse_int(field_of(args, "now"))),
            )
        except L2RefError as exc:
            error = type(exc).__name__
        if error != field_of(step, "error"):
            raise StepOutcomeMismatch(f"step {number}: expected {step['error']}, got {error}")
    appointments: list[JsonValue] = [
        {"locator": hex_bytes(locator), "expiry": dec(item.expiry)}
        for locator, item in sorted(tower.appointments.items())
    ]
    return {"post": {"appointments": appointments}}


# ----------------------------------------------------------------------------- the breach call


def _parameters(mode: DisputeMode) -> JsonObject:
    return {
        "participant_a": hex_bytes(ALICE_ADDRESS),
        "participant_b": hex_bytes(BOB_ADDRESS),
        "mode": dec(mode),
        "challenge_period_seconds": dec(DAY),
    }


def _breach_case(
    name: str,
    mode: DisputeMode,
    breached: ChannelState,
    appointments: list[Appointment],
    *,
    closer_revocation_hash: bytes = bytes(32),
    stored_nonce: int | None = None,
    now: int = NOW + 12,
    flags: tuple[str, ...] = (),
) -> Case:
    closing: JsonObject = {
        "closer": hex_bytes(ALICE_ADDRESS),
        "settle_time": dec(SETTLE_TIME),
        "closer_revocation_hash": hex_bytes(closer_revocation_hash),
    }
    case_input: JsonObject = {
        "appointments": [hex_bytes(encode_appointment(a)) for a in appointments],
        "breached": _state_to_json(breached),
        "parameters": _parameters(mode),
        "closing": closing,
        "stored_nonce": dec(breached.nonce if stored_nonce is None else stored_nonce),
        "now": dec(now),
    }
    tower = _tower(case_input)
    walk = find_breach_responses(tower, breached, _parameters_from_json(case_input["parameters"]))
    intermediate: JsonObject = {"walk": [dec(r.next_state.state.nonce) for r in walk]}
    return Case(name, case_input, flags=flags, intermediate=intermediate)


def _breach_cases() -> list[Case]:
    nonce_states, penalty_states = _states(NONCE_MODE), _states(PENALTY_MODE)
    nonce_table, penalty_table = _appointments(NONCE_MODE), _appointments(PENALTY_MODE)
    garbage = replace(nonce_table[1], encrypted_blob=bytes(ENCRYPTED_BLOB_LENGTH))
    # a blob that opens under state 2's key to a state that Bob did not sign
    forged_state = replace(nonce_states[2], transferred_a=nonce_states[1].transferred_a)
    forged = compute_appointment(
        nonce_states[1], BreachResponse(_cosign(forged_state, CAROL), NO_REVOCATION_SECRET), EXPIRY
    )
    # a blob of another channel's state under state 2's key
    other = replace(nonce_states[2], channel_id=OTHER_CHANNEL_ID)
    other_channel = compute_appointment(
        nonce_states[1], BreachResponse(_cosign(other), NO_REVOCATION_SECRET), EXPIRY
    )
    revoked_1 = compute_revocation_hash(compute_revocation_secret(SEED_A, 1))
    revoked_2 = compute_revocation_hash(compute_revocation_secret(SEED_A, 2))
    walk, harm = ("Walk",), ("NoHarm",)
    return [
        _breach_case(
            "nonce_mode_state_1_walks_to_4", NONCE_MODE, nonce_states[0], nonce_table, flags=walk
        ),
        _breach_case(
            "nonce_mode_state_3_updates_to_4", NONCE_MODE, nonce_states[2], nonce_table, flags=walk
        ),
        _breach_case(
            "appointments_in_any_order",
            NONCE_MODE,
            nonce_states[0],
            list(reversed(nonce_table)),
            flags=walk,
        ),
        _breach_case(
            "close_with_the_latest_state", NONCE_MODE, nonce_states[3], nonce_table, flags=harm
        ),
        _breach_case(
            "stored_state_already_latest",
            NONCE_MODE,
            nonce_states[0],
            nonce_table,
            stored_nonce=4,
            flags=harm,
        ),
        _breach_case(
            "at_the_settle_time",
            NONCE_MODE,
            nonce_states[0],
            nonce_table,
            now=SETTLE_TIME,
            flags=("Deadline",),
        ),
        _breach_case(
            "one_second_before_the_settle_time",
            NONCE_MODE,
            nonce_states[0],
            nonce_table,
            now=SETTLE_TIME - 1,
            flags=("Deadline",),
        ),
        _breach_case(
            "garbage_blob_stops_the_walk",
            NONCE_MODE,
            nonce_states[0],
            [nonce_table[0], garbage, nonce_table[2]],
            flags=harm,
        ),
        _breach_case(
            "forged_signature_stops_the_walk",
            NONCE_MODE,
            nonce_states[0],
            [nonce_table[0], forged, nonce_table[2]],
            flags=harm,
        ),
        _breach_case(
            "other_channel_stops_the_walk",
            NONCE_MODE,
            nonce_states[0],
            [nonce_table[0], other_channel, nonce_table[2]],
            flags=harm,
        ),
        _breach_case("no_appointments", NONCE_MODE, nonce_states[0], [], flags=harm),
        _breach_case(
            "penalty_mode_revoked_state_1",
            PENALTY_MODE,
            penalty_states[0],
            penalty_table,
            closer_revocation_hash=revoked_1,
            flags=("Penalty",),
        ),
        _breach_case(
            "penalty_mode_revoked_state_2",
            PENALTY_MODE,
            penalty_states[1],
            penalty_table,
            closer_revocation_hash=revoked_2,
            flags=("Penalty",),
        ),
        _breach_case(
            "penalty_mode_closer_hash_not_the_secrets",
            PENALTY_MODE,
            penalty_states[1],
            penalty_table,
            closer_revocation_hash=penalty_states[1].revocation_hash_b,
            flags=harm,
        ),
    ]


def _tower(case_input: JsonObject) -> Watchtower:
    tower = new_watchtower(CHAIN_ID, CAROL, 0)
    items = field_of(case_input, "appointments")
    if not isinstance(items, list):
        raise MalformedVector("appointments must be a list")
    for item in items:
        appointment = decode_appointment(parse_bytes(item))
        tower.appointments[appointment.locator] = appointment
    return tower


def _parameters_from_json(value: JsonValue) -> ChannelParameters:
    obj = as_object(value, "parameters")
    return ChannelParameters(
        Address(parse_bytes(field_of(obj, "participant_a"))),
        Address(parse_bytes(field_of(obj, "participant_b"))),
        DisputeMode(parse_int(field_of(obj, "mode"))),
        Seconds(parse_int(field_of(obj, "challenge_period_seconds"))),
    )


def _run_breach_call(case_input: JsonObject) -> JsonValue:
    closing = as_object(field_of(case_input, "closing"), "closing")
    breached = _state_from_json(field_of(case_input, "breached"))
    result = compute_breach_call(
        _tower(case_input),
        breached,
        _parameters_from_json(field_of(case_input, "parameters")),
        ClosingRecord(
            Address(parse_bytes(field_of(closing, "closer"))),
            Seconds(parse_int(field_of(closing, "settle_time"))),
            Hash32(parse_bytes(field_of(closing, "closer_revocation_hash"))),
        ),
        stored_nonce=parse_int(field_of(case_input, "stored_nonce")),
        now=Seconds(parse_int(field_of(case_input, "now"))),
    )
    if result is None:
        return {"method": None}
    method, arguments = result
    if method == "punish":
        return {
            "method": method,
            "channel_id": hex_bytes(abi_bytes(arguments[0])),
            "revocation_secret": hex_bytes(abi_bytes(arguments[1])),
        }
    state_items = abi_items(arguments[1])
    return {
        "method": method,
        "channel_id": hex_bytes(abi_bytes(arguments[0])),
        "nonce": dec(abi_int(state_items[1])),
        "state": [_abi_word(item) for item in state_items],
        "signature_a": hex_bytes(abi_bytes(arguments[2])),
        "signature_b": hex_bytes(abi_bytes(arguments[3])),
    }


def _abi_word(value: AbiValue) -> JsonValue:
    if isinstance(value, bytes):
        return hex_bytes(value)
    return dec(abi_int(value))


def _suite(
    name: str,
    description: str,
    cases: Callable[[], Sequence[Case]],
    run: Callable[[JsonObject], JsonValue],
) -> Suite:
    return Suite(
        suite=f"channels/{name}",
        function=f"{MODULE}.{name}",
        spec=f"{SPEC}#{name}",
        description=(description,),
        cases=cases,
        run=run,
        notes=NOTES,
    )


SUITES = [
    _suite(
        "compute_locator",
        "For `input.state`: `output.locator` is compute_locator(d), `output.encryption_key` "
        "compute_encryption_key(d) and `output.encryption_nonce` compute_encryption_nonce(key), "
        "where d = compute_state_digest(state) is `intermediate.state_digest`.",
        _locator_cases,
        _run_locator,
    ),
    _suite(
        "encrypt_blob",
        "encrypt_blob(`input.key`, `input.plaintext`): ChaCha20-Poly1305 under the nonce of "
        "`intermediate.nonce`; `output` is ciphertext || tag.",
        _encrypt_cases,
        _run_encrypt,
    ),
    _suite(
        "decrypt_blob",
        "decrypt_blob(`input.key`, `input.blob`); `output` is the plaintext.",
        _decrypt_cases,
        _run_decrypt,
    ),
    _suite(
        "encode_breach_response",
        "encode_breach_response(`input.response`); `output` is the 736-byte ABI encoding.",
        _breach_response_cases,
        _run_encode_breach_response,
    ),
    _suite(
        "decode_breach_response",
        "decode_breach_response(`input.chain_id`, `input.contract`, `input.data`); `output` is "
        "the response in `channels/encode_breach_response`'s input form.",
        _decode_breach_response_cases,
        _run_decode_breach_response,
    ),
    _suite(
        "compute_appointment",
        "compute_appointment(`input.stale_state`, `input.response`, `input.expiry`); `output` "
        "is encode_appointment of it.",
        _compute_appointment_cases,
        _run_compute_appointment,
    ),
    _suite(
        "encode_appointment",
        "encode_appointment(`input.appointment`); `output` is the 777-byte encoding.",
        _encode_appointment_cases,
        _run_encode_appointment,
    ),
    _suite(
        "decode_appointment",
        "decode_appointment(`input.data`); `output` is the appointment.",
        _decode_appointment_cases,
        _run_decode_appointment,
    ),
    _suite(
        "process_appointment",
        "From an empty table of capacity `input.pre.capacity`, process_appointment(table, "
        "`args.data`, `args.now`) per step, each ending with its `error`; `output.post` lists "
        "the table's appointments by locator.",
        _process_appointment_cases,
        _run_process_appointment,
    ),
    _suite(
        "compute_breach_call",
        "compute_breach_call over a table holding `input.appointments`, with `input.breached`, "
        "`input.parameters`, `input.closing`, `input.stored_nonce` and `input.now`; `output` "
        "is the call (`method` update or punish with its arguments) or `method` null.",
        _breach_cases,
        _run_breach_call,
    ),
]
