"""Properties of specs/crypto/secp256k1.md on random input: the decoders raise only their
documented errors, the precompile and verification never raise, and sign, recover, encode and
decode fit together."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l2ref import errors
from l2ref.crypto.secp256k1 import (
    CURVE_ORDER,
    ECRECOVER_INPUT_LENGTH,
    HALF_CURVE_ORDER,
    PrivateKey,
    PublicKey,
    Signature,
    compute_address,
    compute_public_key,
    decode_signature,
    ecrecover,
    encode_signature,
    recover_public_key,
    recover_public_key_by_recovery_id,
    recover_transaction_sender,
    sign_digest,
    validate_public_key,
    verify_signature,
)
from l2ref.types import Hash32

words = st.one_of(
    st.integers(0, 2**256 - 1),
    st.sampled_from([0, 1, CURVE_ORDER - 1, CURVE_ORDER, HALF_CURVE_ORDER, 2**256 - 1]),
)
any_int = st.one_of(words, st.integers(-(2**300), 2**300))
secrets = st.integers(1, CURVE_ORDER - 1)
digests = st.binary(min_size=32, max_size=32).map(Hash32)


@given(st.binary(max_size=80))
def test_decode_signature_raises_only_decoding_errors(data: bytes) -> None:
    """I-SECP-4: decode_signature raises only decoding errors."""
    try:
        signature = decode_signature(data)
    except errors.DecodingError:
        return
    assert len(data) == 65
    assert encode_signature(signature) == data


@given(words, words, st.integers(0, 1))
def test_encode_then_decode_is_the_identity(r: int, s: int, v: int) -> None:
    signature = Signature(r, s, v)
    encoded = encode_signature(signature)
    assert len(encoded) == 65
    assert decode_signature(encoded) == signature


@given(st.binary(max_size=200))
def test_ecrecover_never_raises(data: bytes) -> None:
    """I-SECP-4: ecrecover returns b"" or 32 bytes for every input."""
    output = ecrecover(data)
    assert output == b"" or (len(output) == 32 and output[:12] == bytes(12))


@given(digests, st.sampled_from([27, 28]), words, words)
def test_ecrecover_on_random_signatures(digest: bytes, v: int, r: int, s: int) -> None:
    data = digest + v.to_bytes(32, "big") + r.to_bytes(32, "big") + s.to_bytes(32, "big")
    output = ecrecover(data)
    assert len(data) == ECRECOVER_INPUT_LENGTH
    if not (1 <= r < CURVE_ORDER and 1 <= s < CURVE_ORDER):
        assert output == b""
    assert output == b"" or len(output) == 32


@given(st.binary(max_size=40), any_int, any_int, st.binary(max_size=70))
def test_verify_never_raises(digest: bytes, r: int, s: int, public_key: bytes) -> None:
    """I-SECP-4: verify_signature returns a bool for every well-typed input."""
    assert verify_signature(Hash32(digest), r, s, PublicKey(public_key)) in (True, False)


@given(digests, words, words, st.binary(min_size=64, max_size=64))
def test_verify_on_random_keys_never_raises(digest: Hash32, r: int, s: int, key: bytes) -> None:
    assert verify_signature(digest, r, s, PublicKey(key)) in (True, False)


@given(st.binary(max_size=70))
def test_validate_public_key_raises_only_l2ref_errors(data: bytes) -> None:
    try:
        validate_public_key(PublicKey(data))
    except (errors.InvalidLength, errors.InvalidPublicKey, errors.PointNotOnCurve):
        return
    assert len(data) == 64


@given(st.binary(max_size=40), any_int, any_int, any_int)
def test_recovery_raises_only_signature_and_length_errors(
    digest: bytes, r: int, s: int, v: int
) -> None:
    for function in (
        recover_public_key,
        recover_public_key_by_recovery_id,
        recover_transaction_sender,
    ):
        with contextlib.suppress(errors.InvalidSignature, errors.InvalidLength):
            function(Hash32(digest), r, s, v)


@given(secrets, digests)
def test_sign_recover_verify_round_trip(secret: int, digest: Hash32) -> None:
    """I-SECP-1: a signature is low-s with v in {0, 1}, verifies, recovers the key and address,
    and round-trips."""
    key = PrivateKey(secret.to_bytes(32, "big"))
    public = compute_public_key(key)
    signature = sign_digest(digest, key)
    assert signature.v in (0, 1)
    assert signature.s <= HALF_CURVE_ORDER
    assert verify_signature(digest, signature.r, signature.s, public)
    assert recover_public_key(digest, signature.r, signature.s, signature.v) == public
    address = compute_address(public)
    assert recover_transaction_sender(digest, signature.r, signature.s, signature.v) == address
    encoded = encode_signature(signature)
    data = digest + bytes(31) + encoded[64:] + encoded[:64]
    assert ecrecover(data) == bytes(12) + address
    assert decode_signature(encoded) == signature


@given(secrets, digests, words, words)
def test_verify_with_valid_keys_and_random_signatures(
    secret: int, digest: Hash32, r: int, s: int
) -> None:
    public = compute_public_key(PrivateKey(secret.to_bytes(32, "big")))
    assert verify_signature(digest, r, s, public) in (True, False)


@given(secrets, digests)
def test_the_other_s_recovers_the_same_key_but_not_a_transaction_sender(
    secret: int, digest: Hash32
) -> None:
    """I-SECP-2: (r, n - s) with the other v recovers the same key; the precompile and
    verify_signature accept it, recover_transaction_sender raises HighS."""
    key = PrivateKey(secret.to_bytes(32, "big"))
    public = compute_public_key(key)
    signature = sign_digest(digest, key)
    high_s, other_v = CURVE_ORDER - signature.s, 1 - signature.v
    assert high_s > HALF_CURVE_ORDER
    assert recover_public_key(digest, signature.r, high_s, other_v) == public
    assert verify_signature(digest, signature.r, high_s, public)
    data = (
        digest
        + (27 + other_v).to_bytes(32, "big")
        + signature.r.to_bytes(32, "big")
        + high_s.to_bytes(32, "big")
    )
    assert ecrecover(data) == bytes(12) + compute_address(public)
    with pytest.raises(errors.HighS):
        recover_transaction_sender(digest, signature.r, high_s, other_v)
