"""The watchtower of specs/channels/watchtower.md: locators and keys, the blob cipher (checked
against an independent RFC 8439 implementation), the appointment and response encodings
(checked against eth-abi), the tower's table, its decision on a breach, and invariants
I-CH-W-1 to I-CH-W-5."""

from __future__ import annotations

import contextlib
import struct
from dataclasses import replace

import pytest
from channel_helpers import (
    ALICE,
    ALICE_ADDRESS,
    BOB,
    CAROL,
    CHAIN_ID,
    DAY,
    ETHER,
    balance_of,
    call,
    new_setup,
    pay,
)
from Crypto.Hash import keccak
from hypothesis import given, settings
from hypothesis import strategies as st
from watchtower_helpers import TOWER, Covered, covered_channel

from l2ref.channels.contract import CHANNEL_CLOSED, ChannelParameters, ClosingRecord
from l2ref.channels.protocol import (
    get_closing_view,
    honest_party_close,
    honest_party_respond_to_close,
    propose_payment,
    receive_countersignature,
    receive_proposal,
)
from l2ref.channels.revocation import compute_revocation_hash
from l2ref.channels.states import (
    NONCE_MODE,
    PENALTY_MODE,
    STATE_ABI_TYPE,
    ChannelState,
    DisputeMode,
    SignedChannelState,
    compute_state_digest,
    sign_state,
    state_to_abi,
)
from l2ref.channels.watchtower import (
    APPOINTMENT_LENGTH,
    APPOINTMENT_VERSION,
    BREACH_RESPONSE_LENGTH,
    ENCRYPTED_BLOB_LENGTH,
    NO_REVOCATION_SECRET,
    Appointment,
    BreachResponse,
    Locator,
    Watchtower,
    compute_appointment,
    compute_breach_call,
    compute_breach_response,
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
    honest_party_send_appointments,
    honest_watchtower_watch,
    new_watchtower,
    new_watchtower_client,
    process_appointment,
    prune_appointments,
)
from l2ref.crypto.secp256k1 import encode_signature
from l2ref.encoding.abi import AbiValue
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
from l2ref.l1.driver import LocalChain, get_receipt, get_time, mine_block, send_method_call
from l2ref.l1.types import Seconds, Wei
from l2ref.types import Address, Hash32

PAYMENTS = [("ab", 3 * ETHER), ("ab", 2 * ETHER), ("ba", 1 * ETHER)]
NOW = Seconds(1_800_000_000)


# ----------------------------------------------------------------------------- an RFC 8439 oracle


def _rotl(value: int, bits: int) -> int:
    return ((value << bits) | (value >> (32 - bits))) & 0xFFFFFFFF


def _chacha20_block(key: bytes, counter: int, nonce: bytes) -> bytes:
    constants = [0x61707865, 0x3320646E, 0x79622D32, 0x6B206574]
    state = (
        constants + list(struct.unpack("<8L", key)) + [counter] + list(struct.unpack("<3L", nonce))
    )
    working = list(state)

    def quarter(a: int, b: int, c: int, d: int) -> None:
        working[a] = (working[a] + working[b]) & 0xFFFFFFFF
        working[d] = _rotl(working[d] ^ working[a], 16)
        working[c] = (working[c] + working[d]) & 0xFFFFFFFF
        working[b] = _rotl(working[b] ^ working[c], 12)
        working[a] = (working[a] + working[b]) & 0xFFFFFFFF
        working[d] = _rotl(working[d] ^ working[a], 8)
        working[c] = (working[c] + working[d]) & 0xFFFFFFFF
        working[b] = _rotl(working[b] ^ working[c], 7)

    for _ in range(10):
        quarter(0, 4, 8, 12)
        quarter(1, 5, 9, 13)
        quarter(2, 6, 10, 14)
        quarter(3, 7, 11, 15)
        quarter(0, 5, 10, 15)
        quarter(1, 6, 11, 12)
        quarter(2, 7, 8, 13)
        quarter(3, 4, 9, 14)
    return struct.pack("<16L", *((w + s) & 0xFFFFFFFF for w, s in zip(working, state, strict=True)))


def _chacha20(key: bytes, counter: int, nonce: bytes, data: bytes) -> bytes:
    out = bytearray()
    for block in range(0, len(data), 64):
        stream = _chacha20_block(key, counter + block // 64, nonce)
        out += bytes(x ^ y for x, y in zip(data[block : block + 64], stream, strict=False))
    return bytes(out)


def _poly1305(key: bytes, message: bytes) -> bytes:
    r = int.from_bytes(key[:16], "little") & 0x0FFFFFFC0FFFFFFC0FFFFFFC0FFFFFFF
    s = int.from_bytes(key[16:], "little")
    p = (1 << 130) - 5
    accumulator = 0
    for i in range(0, len(message), 16):
        chunk = message[i : i + 16] + b"\x01"
        accumulator = (accumulator + int.from_bytes(chunk, "little")) * r % p
    return ((accumulator + s) % (1 << 128)).to_bytes(16, "little")


def _aead_encrypt(key: bytes, nonce: bytes, plaintext: bytes, aad: bytes = b"") -> bytes:
    one_time_key = _chacha20_block(key, 0, nonce)[:32]
    ciphertext = _chacha20(key, 1, nonce, plaintext)

    def pad(data: bytes) -> bytes:
        return data + bytes(-len(data) % 16)

    mac_data = (
        pad(aad)
        + pad(ciphertext)
        + len(aad).to_bytes(8, "little")
        + len(ciphertext).to_bytes(8, "little")
    )
    return ciphertext + _poly1305(one_time_key, mac_data)


def test_the_oracle_reproduces_rfc_8439_section_2_8_2() -> None:
    plaintext = (
        b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for "
        b"the future, sunscreen would be it."
    )
    key = bytes(range(0x80, 0xA0))
    nonce = bytes.fromhex("070000004041424344454647")
    aad = bytes.fromhex("50515253c0c1c2c3c4c5c6c7")
    sealed = _aead_encrypt(key, nonce, plaintext, aad)
    assert sealed[:16].hex() == "d31a8d34648e60db7b86afbc53ef7ec2"
    assert sealed[-16:].hex() == "1ae10b594f09e26a7e902ecbd0600691"


def _keccak(data: bytes) -> bytes:
    return keccak.new(digest_bits=256, data=data).digest()


# ----------------------------------------------------------------------------- fixtures


def _covered(mode: DisputeMode, label: str = "channel") -> tuple[Covered, LocalChain]:
    setup = new_setup()
    return covered_channel(setup, mode, PAYMENTS, label=label), setup.local


def _parameters(covered: Covered) -> ChannelParameters:
    terms = covered.terms
    return ChannelParameters(
        terms.participant_a, terms.participant_b, terms.mode, terms.challenge_period_seconds
    )


def _state(covered: Covered, nonce: int) -> ChannelState:
    view = covered.history[nonce - 1]
    assert view.latest is not None
    assert view.latest.state.nonce == nonce
    return view.latest.state


def _signed(covered: Covered, nonce: int) -> SignedChannelState:
    view = covered.history[nonce - 1]
    assert view.latest is not None
    return view.latest


def _closing(settle_time: int, revocation_hash: bytes = bytes(32)) -> ClosingRecord:
    return ClosingRecord(ALICE_ADDRESS, Seconds(settle_time), Hash32(revocation_hash))


# ----------------------------------------------------------------------------- locators, keys


def test_locator_key_and_nonce_are_domain_separated_hashes_of_the_digest() -> None:
    covered, _ = _covered(NONCE_MODE)
    digest = compute_state_digest(_state(covered, 2))
    locator = compute_locator(digest)
    key = compute_encryption_key(digest)
    assert locator == _keccak(b"l2ref/channels/watchtower/locator" + digest)[:16]
    assert key == _keccak(b"l2ref/channels/watchtower/key" + digest)
    assert compute_encryption_nonce(key) == _keccak(b"l2ref/channels/watchtower/nonce" + key)[:12]
    assert len(locator) == 16
    assert not key.startswith(locator)
    assert locator != digest[:16]


def test_encrypt_blob_is_rfc_8439_chacha20_poly1305_under_the_derived_nonce() -> None:
    key = Hash32(_keccak(b"some key"))
    for plaintext in (b"", b"x", bytes(range(256)) * 3):
        expected = _aead_encrypt(key, compute_encryption_nonce(key), plaintext)
        assert encrypt_blob(key, plaintext) == expected
        assert decrypt_blob(key, expected) == plaintext


def test_decrypt_blob_rejects_another_key_altered_bytes_and_short_blobs() -> None:
    key = Hash32(_keccak(b"right"))
    blob = encrypt_blob(key, b"a response")
    with pytest.raises(BlobAuthenticationFailed):
        decrypt_blob(Hash32(_keccak(b"wrong")), blob)
    for index in (0, len(blob) - 1):
        altered = bytearray(blob)
        altered[index] ^= 1
        with pytest.raises(BlobAuthenticationFailed):
            decrypt_blob(key, bytes(altered))
    with pytest.raises(InvalidLength):
        decrypt_blob(key, blob[:15])
    with pytest.raises(ValueOutOfRange):
        encrypt_blob(Hash32(b"short"), b"")
    with pytest.raises(ValueOutOfRange):
        decrypt_blob(Hash32(b"short"), blob)


# ----------------------------------------------------------------------------- encodings


def test_breach_response_is_the_update_arguments_and_the_secret_in_abi() -> None:
    from eth_abi.abi import encode

    covered, _ = _covered(PENALTY_MODE)
    signed = _signed(covered, 3)
    secret = Hash32(_keccak(b"secret"))
    encoded = encode_breach_response(BreachResponse(signed, secret))
    expected = encode(
        [STATE_ABI_TYPE, "bytes", "bytes", "bytes32"],
        [
            state_to_abi(signed.state),
            encode_signature(signed.signature_a),
            encode_signature(signed.signature_b),
            secret,
        ],
    )
    assert encoded == expected
    assert len(encoded) == BREACH_RESPONSE_LENGTH == 736
    decoded = decode_breach_response(signed.state.chain_id, signed.state.contract, encoded)
    assert decoded == BreachResponse(signed, secret)
    with pytest.raises(InvalidLength):
        decode_breach_response(signed.state.chain_id, signed.state.contract, encoded + bytes(32))


def test_appointment_encoding_is_version_locator_expiry_blob() -> None:
    appointment = Appointment(Locator(bytes(range(16))), Seconds(NOW), bytes([7]) * 752)
    encoded = encode_appointment(appointment)
    assert encoded == b"\x01" + bytes(range(16)) + NOW.to_bytes(8, "big") + bytes([7]) * 752
    assert len(encoded) == APPOINTMENT_LENGTH == 777
    assert decode_appointment(encoded) == appointment
    for bad in (
        replace(appointment, locator=Locator(bytes(15))),
        replace(appointment, expiry=Seconds(1 << 64)),
        replace(appointment, expiry=Seconds(-1)),
        replace(appointment, encrypted_blob=bytes(751)),
    ):
        with pytest.raises(ValueOutOfRange):
            encode_appointment(bad)


def test_decode_appointment_rejects_every_malformed_form() -> None:
    valid = encode_appointment(Appointment(Locator(bytes(16)), Seconds(1), bytes(752)))
    with pytest.raises(InvalidLength):
        decode_appointment(b"")
    with pytest.raises(InvalidLength):
        decode_appointment(valid[:-1])
    with pytest.raises(InvalidLength):
        decode_appointment(valid + b"\x00")
    for version in (0, 2, 255):
        with pytest.raises(UnknownAppointmentVersion):
            decode_appointment(bytes([version]) + valid[1:])


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=900))
def test_i_ch_w_5_decoders_raise_only_decoding_errors(data: bytes) -> None:
    """I-CH-W-5: random bytes, and valid encodings with random changes."""
    for candidate in (data, bytes([APPOINTMENT_VERSION]) + data[:776].ljust(776, b"\x00")):
        try:
            appointment = decode_appointment(candidate)
        except DecodingError:
            continue
        assert encode_appointment(appointment) == candidate
    with contextlib.suppress(DecodingError):
        decode_breach_response(CHAIN_ID, Address(bytes(20)), data)


def _zero_state() -> ChannelState:
    zero = Hash32(bytes(32))
    return ChannelState(CHAIN_ID, Address(bytes(20)), zero, 1, *(Wei(0),) * 6, zero, 0, zero, zero)


_RESPONSE = encode_breach_response(
    BreachResponse(
        SignedChannelState(
            _zero_state(), sign_state(_zero_state(), ALICE), sign_state(_zero_state(), BOB)
        ),
        NO_REVOCATION_SECRET,
    )
)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, BREACH_RESPONSE_LENGTH - 1), st.integers(1, 255))
def test_i_ch_w_5_altered_responses_raise_only_decoding_errors(index: int, flip: int) -> None:
    altered = bytearray(_RESPONSE)
    altered[index] ^= flip
    with contextlib.suppress(DecodingError):
        decode_breach_response(CHAIN_ID, Address(bytes(20)), bytes(altered))


# ----------------------------------------------------------------------------- the table


def _appointment(label: str, expiry: int = NOW + DAY) -> bytes:
    locator = Locator(_keccak(label.encode())[:16])
    return encode_appointment(Appointment(locator, Seconds(expiry), bytes(ENCRYPTED_BLOB_LENGTH)))


def test_process_appointment_checks_then_writes() -> None:
    tower = new_watchtower(CHAIN_ID, TOWER, 0, capacity=2)
    process_appointment(tower, _appointment("one"), NOW)
    snapshot = dict(tower.appointments)
    for data, error in (
        (_appointment("one"), DuplicateLocator),
        (_appointment("late", NOW), AppointmentExpired),
        (_appointment("short")[:-1], InvalidLength),
        (b"\x02" + _appointment("v2")[1:], UnknownAppointmentVersion),
    ):
        with pytest.raises(error):
            process_appointment(tower, data, NOW)
        assert tower.appointments == snapshot
    process_appointment(tower, _appointment("two"), NOW)
    with pytest.raises(WatchtowerFull):
        process_appointment(tower, _appointment("three"), NOW)
    assert len(tower.appointments) == 2


def test_prune_drops_expired_appointments_only() -> None:
    tower = new_watchtower(CHAIN_ID, TOWER, 0)
    process_appointment(tower, _appointment("soon", NOW + 10), NOW)
    process_appointment(tower, _appointment("later", NOW + 20), NOW)
    prune_appointments(tower, Seconds(NOW + 10))
    assert [a.expiry for a in tower.appointments.values()] == [NOW + 20]


# ----------------------------------------------------------------------------- the customer


def test_the_customer_sends_one_appointment_per_superseded_state() -> None:
    covered, _ = _covered(NONCE_MODE)
    assert len(covered.sent) == 3
    for nonce, data in zip((1, 2, 3), covered.sent, strict=True):
        appointment = decode_appointment(data)
        digest = compute_state_digest(_state(covered, nonce))
        assert appointment.locator == compute_locator(digest)
        response = decode_breach_response(
            CHAIN_ID,
            covered.terms.contract,
            decrypt_blob(compute_encryption_key(digest), appointment.encrypted_blob),
        )
        # the response is the state after the stale one, co-signed, with no secret in nonce mode
        assert response.next_state == _signed(covered, nonce + 1)
        assert response.revocation_secret == NO_REVOCATION_SECRET


def test_in_penalty_mode_the_response_carries_the_counterpartys_secret() -> None:
    covered, _ = _covered(PENALTY_MODE)
    for nonce, data in zip((1, 2, 3), covered.sent, strict=True):
        digest = compute_state_digest(_state(covered, nonce))
        response = decode_breach_response(
            CHAIN_ID,
            covered.terms.contract,
            decrypt_blob(compute_encryption_key(digest), decode_appointment(data).encrypted_blob),
        )
        # Alice is A: her revocation hash of the stale state is opened by the secret
        assert (
            compute_revocation_hash(response.revocation_secret)
            == _state(covered, nonce).revocation_hash_a
        )


def test_penalty_mode_waits_for_the_revocation_and_latest_is_not_stale() -> None:
    setup = new_setup()
    covered = covered_channel(setup, PENALTY_MODE, [])
    local = setup.local
    # Alice proposes, Bob countersigns; Alice's revocation of state 1 has not reached Bob yet
    alice, proposal = propose_payment(covered.alice, Wei(ETHER))
    from channel_helpers import get_totals

    bob, countersignature, _ = receive_proposal(
        covered.bob, proposal, get_totals(local, covered.terms), get_time(local)
    )
    assert bob.unrevoked is not None
    client, messages = honest_party_send_appointments(covered.client, bob)
    assert messages == []
    assert client == covered.client
    with pytest.raises(UnexpectedMessage):
        compute_breach_response(bob, bob.latest.state)  # type: ignore[union-attr]
    _, revocation = receive_countersignature(alice, countersignature)
    assert revocation is not None
    from l2ref.channels.protocol import receive_revocation

    bob = receive_revocation(bob, revocation)
    client, messages = honest_party_send_appointments(client, bob)
    assert len(messages) == 1
    # running again without a new round sends nothing
    assert honest_party_send_appointments(client, bob) == (client, [])


# ----------------------------------------------------------------------------- the tower's decision


def test_the_walk_reaches_the_latest_covered_state_from_any_stale_one() -> None:
    covered, _ = _covered(NONCE_MODE)
    parameters = _parameters(covered)
    for nonce in (1, 2, 3):
        responses = find_breach_responses(covered.tower, _state(covered, nonce), parameters)
        assert [r.next_state.state.nonce for r in responses] == list(range(nonce + 1, 5))
    # the latest state has no appointment: a close with it is not a breach
    assert find_breach_responses(covered.tower, covered.bob.latest.state, parameters) == ()  # type: ignore[union-attr]


def test_compute_breach_call_updates_with_the_latest_state() -> None:
    covered, _ = _covered(NONCE_MODE)
    latest = covered.bob.latest
    assert latest is not None
    call_ = compute_breach_call(
        covered.tower,
        _state(covered, 1),
        _parameters(covered),
        _closing(NOW + DAY),
        stored_nonce=1,
        now=NOW,
    )
    assert call_ == (
        "update",
        [
            covered.terms.channel_id,
            state_to_abi(latest.state),
            encode_signature(latest.signature_a),
            encode_signature(latest.signature_b),
        ],
    )
    # nothing at the settle time, nor once the contract holds the latest state
    assert (
        compute_breach_call(
            covered.tower,
            _state(covered, 1),
            _parameters(covered),
            _closing(NOW + DAY),
            stored_nonce=1,
            now=Seconds(NOW + DAY),
        )
        is None
    )
    assert (
        compute_breach_call(
            covered.tower,
            _state(covered, 1),
            _parameters(covered),
            _closing(NOW + DAY),
            stored_nonce=4,
            now=NOW,
        )
        is None
    )


def test_compute_breach_call_punishes_only_with_the_closers_revocation_hash() -> None:
    covered, _ = _covered(PENALTY_MODE)
    stale = _state(covered, 2)
    parameters = _parameters(covered)
    punish = compute_breach_call(
        covered.tower,
        stale,
        parameters,
        _closing(NOW + DAY, stale.revocation_hash_a),
        stored_nonce=2,
        now=NOW,
    )
    assert punish is not None
    assert punish[0] == "punish"
    assert compute_revocation_hash(punish[1][1]) == stale.revocation_hash_a  # type: ignore[arg-type]
    # if the closer's hash is another (Bob closed), the tower only updates
    other = compute_breach_call(
        covered.tower,
        stale,
        parameters,
        _closing(NOW + DAY, stale.revocation_hash_b),
        stored_nonce=2,
        now=NOW,
    )
    assert other is not None
    assert other[0] == "update"


def _tower_with(covered: Covered, items: dict[Locator, Appointment]) -> Watchtower:
    tower = new_watchtower(CHAIN_ID, TOWER, 0)
    tower.appointments = dict(items)
    return tower


def test_i_ch_w_5_the_walk_stops_at_blobs_that_do_not_open_or_do_not_qualify() -> None:
    covered, _ = _covered(NONCE_MODE)
    parameters = _parameters(covered)
    items = dict(covered.tower.appointments)
    locator_2 = compute_locator(compute_state_digest(_state(covered, 2)))
    # a blob of garbage where state 2's appointment should be
    garbage = dict(items)
    garbage[locator_2] = replace(items[locator_2], encrypted_blob=bytes(ENCRYPTED_BLOB_LENGTH))
    responses = find_breach_responses(_tower_with(covered, garbage), _state(covered, 1), parameters)
    assert [r.next_state.state.nonce for r in responses] == [2]
    # a blob that opens to a state not co-signed by both participants
    forged_state = replace(_state(covered, 3), transferred_a=Wei(0))
    forged = BreachResponse(
        SignedChannelState(
            forged_state, sign_state(forged_state, ALICE), sign_state(forged_state, CAROL)
        ),
        NO_REVOCATION_SECRET,
    )
    bad = dict(items)
    bad[locator_2] = compute_appointment(_state(covered, 2), forged, Seconds(NOW))
    responses = find_breach_responses(_tower_with(covered, bad), _state(covered, 1), parameters)
    assert [r.next_state.state.nonce for r in responses] == [2]
    # a blob that goes back in nonces
    backwards = dict(items)
    backwards[locator_2] = compute_appointment(
        _state(covered, 2), BreachResponse(_signed(covered, 2), NO_REVOCATION_SECRET), Seconds(NOW)
    )
    responses = find_breach_responses(
        _tower_with(covered, backwards), _state(covered, 1), parameters
    )
    assert [r.next_state.state.nonce for r in responses] == [2]


# ----------------------------------------------------------------------------- invariants


def test_i_ch_w_1_appointments_have_one_length_and_reveal_nothing_readable() -> None:
    nonce_mode, _ = _covered(NONCE_MODE, "first")
    penalty_mode, _ = _covered(PENALTY_MODE, "second")
    sent = nonce_mode.sent + penalty_mode.sent
    assert {len(data) for data in sent} == {APPOINTMENT_LENGTH}
    for covered in (nonce_mode, penalty_mode):
        for nonce, data in zip((1, 2, 3), covered.sent, strict=True):
            appointment = decode_appointment(data)
            plaintext = encode_breach_response(
                BreachResponse(_signed(covered, nonce + 1), NO_REVOCATION_SECRET)
            )
            # neither the state's words nor its channel id appear in the blob
            assert appointment.encrypted_blob.find(covered.terms.channel_id) == -1
            assert appointment.encrypted_blob.find(plaintext[:32]) == -1
            # the locator does not open the blob, by itself or hashed as a key would be
            for guess in (
                appointment.locator.ljust(32, b"\x00"),
                _keccak(b"l2ref/channels/watchtower/key" + appointment.locator),
            ):
                with pytest.raises(BlobAuthenticationFailed):
                    decrypt_blob(Hash32(guess), appointment.encrypted_blob)
    # a tower guessing a nonce-mode state must guess every field: one wei off does not match
    guessed = replace(_state(nonce_mode, 2), transferred_a=Wei(3 * ETHER + 1))
    assert compute_locator(compute_state_digest(guessed)) not in nonce_mode.tower.appointments
    assert (
        compute_locator(compute_state_digest(_state(nonce_mode, 2)))
        in nonce_mode.tower.appointments
    )


@pytest.mark.parametrize("mode", [NONCE_MODE, PENALTY_MODE])
@pytest.mark.parametrize("stale", [1, 2, 3])
def test_i_ch_w_2_every_covered_stale_close_is_answered(mode: DisputeMode, stale: int) -> None:
    covered, local = _covered(mode)
    bob_before = balance_of(local, covered.terms.participant_b)
    honest_party_close(local, covered.history[stale - 1])
    mine_block(local)
    sent = honest_watchtower_watch(covered.tower, local)
    assert len(sent) == 1
    mine_block(local)
    assert get_receipt(local, sent[0]).succeeded
    closing = get_closing_view(local, covered.bob)
    assert closing is not None
    if mode == PENALTY_MODE:
        # punished: the whole channel to Bob, nothing to Alice
        assert closing.status != CHANNEL_CLOSED
        assert balance_of(local, covered.terms.participant_b) == bob_before + 15 * ETHER
    else:
        assert closing.state.nonce == 4


def test_i_ch_w_3_one_transaction_answers_the_oldest_breach() -> None:
    covered, local = _covered(NONCE_MODE)
    honest_party_close(local, covered.history[0])
    mine_block(local)
    sent = honest_watchtower_watch(covered.tower, local)
    assert len(sent) == 1
    mine_block(local)
    assert get_receipt(local, sent[0]).succeeded
    closing = get_closing_view(local, covered.bob)
    assert closing is not None
    assert closing.state.nonce == 4


def test_i_ch_w_4_a_faithless_tower_cannot_hurt_its_customer() -> None:
    covered, local = _covered(PENALTY_MODE)
    contract, channel_id = covered.terms.contract, covered.terms.channel_id
    # every secret the tower can ever decrypt is Alice's, and Bob closes with his latest state
    secrets = [
        find_breach_responses(covered.tower, _state(covered, n), _parameters(covered))[
            0
        ].revocation_secret
        for n in (1, 2, 3)
    ]
    close = honest_party_close(local, covered.bob)
    mine_block(local)
    assert get_receipt(local, close).succeeded
    assert honest_watchtower_watch(covered.tower, local) == []
    for secret in secrets:
        tx = send_method_call(local, TOWER, contract, "punish", [channel_id, secret])
        mine_block(local)
        receipt = get_receipt(local, tx)
        assert not receipt.succeeded
        assert receipt.error == "PreimageMismatch"
    # nor can it roll Bob back: an older co-signed state is below the stored nonce
    older = _signed(covered, 2)
    arguments: list[AbiValue] = [
        channel_id,
        state_to_abi(older.state),
        encode_signature(older.signature_a),
        encode_signature(older.signature_b),
    ]
    tx = send_method_call(local, TOWER, contract, "update", arguments)
    mine_block(local)
    assert get_receipt(local, tx).error == "NonceNotHigher"


def test_i_ch_w_4_a_tower_answering_with_an_older_state_leaves_the_customer_whole() -> None:
    covered, local = _covered(NONCE_MODE)
    contract, channel_id = covered.terms.contract, covered.terms.channel_id
    honest_party_close(local, covered.history[0])
    mine_block(local)
    # the tower sends state 2 instead of the latest, then Bob comes back and answers himself
    older = _signed(covered, 2)
    arguments: list[AbiValue] = [
        channel_id,
        state_to_abi(older.state),
        encode_signature(older.signature_a),
        encode_signature(older.signature_b),
    ]
    send_method_call(local, TOWER, contract, "update", arguments)
    mine_block(local)
    bob_before = balance_of(local, covered.terms.participant_b)
    answer = honest_party_respond_to_close(local, covered.bob)
    assert answer is not None
    mine_block(local)
    gas = get_receipt(local, answer).gas_used
    closing = get_closing_view(local, covered.bob)
    assert closing is not None
    assert closing.status == CHANNEL_CLOSED
    assert closing.state.nonce == 4
    from l2ref.l1.driver import advance_time

    advance_time(local, DAY)
    assert call(
        local, CAROL, contract, "settle", [channel_id, state_to_abi(closing.state)]
    ).succeeded
    assert balance_of(local, covered.terms.participant_b) == bob_before - gas + 9 * ETHER


def test_the_tower_scans_each_block_once_and_the_client_covers_each_new_state() -> None:
    covered, local = _covered(NONCE_MODE)
    assert honest_watchtower_watch(covered.tower, local) == []
    next_block = covered.tower.next_block
    mine_block(local)
    assert honest_watchtower_watch(covered.tower, local) == []
    assert covered.tower.next_block == next_block + 1
    assert new_watchtower_client(Seconds(NOW)).watched is None
    # Alice pays again: Bob's client now covers state 4, and watches state 5
    covered.alice, covered.bob = pay(covered.alice, covered.bob, 1, local)
    client, messages = honest_party_send_appointments(covered.client, covered.bob)
    assert len(messages) == 1
    state_4 = _state(covered, 4)
    assert decode_appointment(messages[0]).locator == compute_locator(compute_state_digest(state_4))
    assert covered.bob.latest is not None
    assert client.watched == covered.bob.latest.state


# ----------------------------------------------------------------------------- the vector files


def _vector_tests(name: str) -> list[dict[str, object]]:
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "vectors" / "channels" / f"{name}.json"
    tests: list[dict[str, object]] = json.loads(path.read_text())["tests"]
    return tests


def test_encrypt_blob_vectors_agree_with_the_rfc_8439_oracle() -> None:
    checked = 0
    for test in _vector_tests("encrypt_blob"):
        if test["result"] != "valid":
            continue
        case_input = test["input"]
        assert isinstance(case_input, dict)
        key = bytes.fromhex(case_input["key"][2:])
        plaintext = bytes.fromhex(case_input["plaintext"][2:])
        nonce = _keccak(b"l2ref/channels/watchtower/nonce" + key)[:12]
        assert test["output"] == "0x" + _aead_encrypt(key, nonce, plaintext).hex()
        checked += 1
    assert checked == 6


def test_decode_appointment_vectors_agree_with_the_byte_layout() -> None:
    checked = 0
    for test in _vector_tests("decode_appointment"):
        if test["result"] != "valid":
            continue
        case_input, output = test["input"], test["output"]
        assert isinstance(case_input, dict)
        assert isinstance(output, dict)
        data = bytes.fromhex(case_input["data"][2:])
        assert output["locator"] == "0x" + data[1:17].hex()
        assert output["expiry"] == str(int.from_bytes(data[17:25], "big"))
        assert output["encrypted_blob"] == "0x" + data[25:].hex()
        checked += 1
    assert checked == 2
