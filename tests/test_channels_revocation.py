"""Revocation secrets: BOLT 3's per-commitment secrets and their compact storage, checked against
the test vectors of BOLT 3 Appendix D (copied here from lightning/bolts 03-transactions.md, not
from l2ref's own vector files)."""

from __future__ import annotations

import pytest

from l2ref.channels.revocation import (
    EMPTY_REVOCATION_STORE,
    MAX_COMMITMENT_INDEX,
    REVOCATION_STORE_SIZE,
    RevocationStore,
    compute_bucket,
    compute_commitment_index,
    compute_derived_secret,
    compute_per_commitment_secret,
    compute_revocation_hash,
    compute_revocation_secret,
    get_revocation_secret,
    insert_revocation_secret,
)
from l2ref.crypto.hash import keccak256
from l2ref.errors import (
    InvalidRevocationSecret,
    RevocationIndexOutOfRange,
    RevocationSecretUnknown,
    UnexpectedRevocationIndex,
)
from l2ref.types import Hash32

GENERATION = [
    (
        "00" * 32,
        281474976710655,
        "02a40c85b6f28da08dfdbe0926c53fab2de6d28c10301f8f7c4073d5e42e3148",
    ),
    (
        "ff" * 32,
        281474976710655,
        "7cc854b54e3e0dcdb010d7a3fee464a9687be6e8db3be6854c475621e007a5dc",
    ),
    ("ff" * 32, 0xAAAAAAAAAAA, "56f4008fb007ca9acf0e15b054d5c9fd12ee06cea347914ddbaed70d1c13a528"),
    (
        "ff" * 32,
        0x555555555555,
        "9015daaeb06dba4ccc05b91b2f73bd54405f2be9f217fbacd3c5ac2e62327d31",
    ),
    ("01" * 32, 1, "915c75942a26bb3a433a8ce2cb0427c29ec6c1775cfc78328b57f6ba7bfeaa9c"),
]

# Appendix D, storage tests: (I, secret, OK?) per insertion, seed 0xFF..FF; corrupted entries
# come from seed 0x00..00.
OK, ERROR = True, False
STORAGE = {
    "insert_secret correct sequence": [
        (281474976710655, "7cc854b54e3e0dcdb010d7a3fee464a9687be6e8db3be6854c475621e007a5dc", OK),
        (281474976710654, "c7518c8ae4660ed02894df8976fa1a3659c1a8b4b5bec0c4b872abeba4cb8964", OK),
        (281474976710653, "2273e227a5b7449b6e70f1fb4652864038b1cbf9cd7c043a7d6456b7fc275ad8", OK),
        (281474976710652, "27cddaa5624534cb6cb9d7da077cf2b22ab21e9b506fd4998a51d54502e99116", OK),
        (281474976710651, "c65716add7aa98ba7acb236352d665cab17345fe45b55fb879ff80e6bd0c41dd", OK),
        (281474976710650, "969660042a28f32d9be17344e09374b379962d03db1574df5a8a5a47e19ce3f2", OK),
        (281474976710649, "a5a64476122ca0925fb344bdc1854c1c0a59fc614298e50a33e331980a220f32", OK),
        (281474976710648, "05cde6323d949933f7f7b78776bcc1ea6d9b31447732e3802e1f7ac44b650e17", OK),
    ],
    "insert_secret #1 incorrect": [
        (281474976710655, "02a40c85b6f28da08dfdbe0926c53fab2de6d28c10301f8f7c4073d5e42e3148", OK),
        (
            281474976710654,
            "c7518c8ae4660ed02894df8976fa1a3659c1a8b4b5bec0c4b872abeba4cb8964",
            ERROR,
        ),
    ],
    "insert_secret #2 incorrect (#1 derived from incorrect)": [
        (281474976710655, "02a40c85b6f28da08dfdbe0926c53fab2de6d28c10301f8f7c4073d5e42e3148", OK),
        (281474976710654, "dddc3a8d14fddf2b68fa8c7fbad2748274937479dd0f8930d5ebb4ab6bd866a3", OK),
        (281474976710653, "2273e227a5b7449b6e70f1fb4652864038b1cbf9cd7c043a7d6456b7fc275ad8", OK),
        (
            281474976710652,
            "27cddaa5624534cb6cb9d7da077cf2b22ab21e9b506fd4998a51d54502e99116",
            ERROR,
        ),
    ],
    "insert_secret #3 incorrect": [
        (281474976710655, "7cc854b54e3e0dcdb010d7a3fee464a9687be6e8db3be6854c475621e007a5dc", OK),
        (281474976710654, "c7518c8ae4660ed02894df8976fa1a3659c1a8b4b5bec0c4b872abeba4cb8964", OK),
        (281474976710653, "c51a18b13e8527e579ec56365482c62f180b7d5760b46e9477dae59e87ed423a", OK),
        (
            281474976710652,
            "27cddaa5624534cb6cb9d7da077cf2b22ab21e9b506fd4998a51d54502e99116",
            ERROR,
        ),
    ],
    "insert_secret #4 incorrect (1,2,3 derived from incorrect)": [
        (281474976710655, "02a40c85b6f28da08dfdbe0926c53fab2de6d28c10301f8f7c4073d5e42e3148", OK),
        (281474976710654, "dddc3a8d14fddf2b68fa8c7fbad2748274937479dd0f8930d5ebb4ab6bd866a3", OK),
        (281474976710653, "c51a18b13e8527e579ec56365482c62f180b7d5760b46e9477dae59e87ed423a", OK),
        (281474976710652, "ba65d7b0ef55a3ba300d4e87af29868f394f8f138d78a7011669c79b37b936f4", OK),
        (281474976710651, "c65716add7aa98ba7acb236352d665cab17345fe45b55fb879ff80e6bd0c41dd", OK),
        (281474976710650, "969660042a28f32d9be17344e09374b379962d03db1574df5a8a5a47e19ce3f2", OK),
        (281474976710649, "a5a64476122ca0925fb344bdc1854c1c0a59fc614298e50a33e331980a220f32", OK),
        (
            281474976710648,
            "05cde6323d949933f7f7b78776bcc1ea6d9b31447732e3802e1f7ac44b650e17",
            ERROR,
        ),
    ],
    "insert_secret #5 incorrect": [
        (281474976710655, "7cc854b54e3e0dcdb010d7a3fee464a9687be6e8db3be6854c475621e007a5dc", OK),
        (281474976710654, "c7518c8ae4660ed02894df8976fa1a3659c1a8b4b5bec0c4b872abeba4cb8964", OK),
        (281474976710653, "2273e227a5b7449b6e70f1fb4652864038b1cbf9cd7c043a7d6456b7fc275ad8", OK),
        (281474976710652, "27cddaa5624534cb6cb9d7da077cf2b22ab21e9b506fd4998a51d54502e99116", OK),
        (281474976710651, "631373ad5f9ef654bb3dade742d09504c567edd24320d2fcd68e3cc47e2ff6a6", OK),
        (
            281474976710650,
            "969660042a28f32d9be17344e09374b379962d03db1574df5a8a5a47e19ce3f2",
            ERROR,
        ),
    ],
    "insert_secret #6 incorrect (5 derived from incorrect)": [
        (281474976710655, "7cc854b54e3e0dcdb010d7a3fee464a9687be6e8db3be6854c475621e007a5dc", OK),
        (281474976710654, "c7518c8ae4660ed02894df8976fa1a3659c1a8b4b5bec0c4b872abeba4cb8964", OK),
        (281474976710653, "2273e227a5b7449b6e70f1fb4652864038b1cbf9cd7c043a7d6456b7fc275ad8", OK),
        (281474976710652, "27cddaa5624534cb6cb9d7da077cf2b22ab21e9b506fd4998a51d54502e99116", OK),
        (281474976710651, "631373ad5f9ef654bb3dade742d09504c567edd24320d2fcd68e3cc47e2ff6a6", OK),
        (281474976710650, "b7e76a83668bde38b373970155c868a653304308f9896692f904a23731224bb1", OK),
        (281474976710649, "a5a64476122ca0925fb344bdc1854c1c0a59fc614298e50a33e331980a220f32", OK),
        (
            281474976710648,
            "05cde6323d949933f7f7b78776bcc1ea6d9b31447732e3802e1f7ac44b650e17",
            ERROR,
        ),
    ],
    "insert_secret #7 incorrect": [
        (281474976710655, "7cc854b54e3e0dcdb010d7a3fee464a9687be6e8db3be6854c475621e007a5dc", OK),
        (281474976710654, "c7518c8ae4660ed02894df8976fa1a3659c1a8b4b5bec0c4b872abeba4cb8964", OK),
        (281474976710653, "2273e227a5b7449b6e70f1fb4652864038b1cbf9cd7c043a7d6456b7fc275ad8", OK),
        (281474976710652, "27cddaa5624534cb6cb9d7da077cf2b22ab21e9b506fd4998a51d54502e99116", OK),
        (281474976710651, "c65716add7aa98ba7acb236352d665cab17345fe45b55fb879ff80e6bd0c41dd", OK),
        (281474976710650, "969660042a28f32d9be17344e09374b379962d03db1574df5a8a5a47e19ce3f2", OK),
        (281474976710649, "e7971de736e01da8ed58b94c2fc216cb1dca9e326f3a96e7194fe8ea8af6c0a3", OK),
        (
            281474976710648,
            "05cde6323d949933f7f7b78776bcc1ea6d9b31447732e3802e1f7ac44b650e17",
            ERROR,
        ),
    ],
    "insert_secret #8 incorrect": [
        (281474976710655, "7cc854b54e3e0dcdb010d7a3fee464a9687be6e8db3be6854c475621e007a5dc", OK),
        (281474976710654, "c7518c8ae4660ed02894df8976fa1a3659c1a8b4b5bec0c4b872abeba4cb8964", OK),
        (281474976710653, "2273e227a5b7449b6e70f1fb4652864038b1cbf9cd7c043a7d6456b7fc275ad8", OK),
        (281474976710652, "27cddaa5624534cb6cb9d7da077cf2b22ab21e9b506fd4998a51d54502e99116", OK),
        (281474976710651, "c65716add7aa98ba7acb236352d665cab17345fe45b55fb879ff80e6bd0c41dd", OK),
        (281474976710650, "969660042a28f32d9be17344e09374b379962d03db1574df5a8a5a47e19ce3f2", OK),
        (281474976710649, "a5a64476122ca0925fb344bdc1854c1c0a59fc614298e50a33e331980a220f32", OK),
        (
            281474976710648,
            "a7efbc61aac46d34f77778bac22c8a20c6a46ca460addc49009bda875ec88fa4",
            ERROR,
        ),
    ],
}


@pytest.mark.parametrize(("seed", "index", "expected"), GENERATION)
def test_i_ch_10_bolt3_vectors_generation(seed: str, index: int, expected: str) -> None:
    assert compute_per_commitment_secret(bytes.fromhex(seed), index).hex() == expected


@pytest.mark.parametrize("name", list(STORAGE))
def test_i_ch_10_bolt3_vectors_storage(name: str) -> None:
    store = EMPTY_REVOCATION_STORE
    for index, secret, ok in STORAGE[name]:
        if ok:
            store = insert_revocation_secret(store, index, Hash32(bytes.fromhex(secret)))
            assert get_revocation_secret(store, index).hex() == secret
        else:
            with pytest.raises(InvalidRevocationSecret):
                insert_revocation_secret(store, index, Hash32(bytes.fromhex(secret)))


def test_the_storage_vectors_are_the_seed_ff_secrets() -> None:
    """Every secret marked OK in the correct sequence is generate_from_seed(0xFF..FF, I)."""
    for index, secret, _ in STORAGE["insert_secret correct sequence"]:
        assert compute_per_commitment_secret(b"\xff" * 32, index).hex() == secret


def test_i_ch_11_store_derives_every_received_secret() -> None:
    seed = keccak256(b"a seed")
    store = EMPTY_REVOCATION_STORE
    count = 600
    for nonce in range(count):
        index = compute_commitment_index(nonce)
        store = insert_revocation_secret(store, index, compute_per_commitment_secret(seed, index))
        assert sum(known is not None for known in store.known) <= REVOCATION_STORE_SIZE
    assert len(store.known) == REVOCATION_STORE_SIZE
    for nonce in range(count):
        assert get_revocation_secret(store, compute_commitment_index(nonce)) == (
            compute_revocation_secret(seed, nonce)
        )
    with pytest.raises(RevocationSecretUnknown):
        get_revocation_secret(store, compute_commitment_index(count))


def test_a_rejected_secret_leaves_the_store_unchanged() -> None:
    seed = b"\xff" * 32
    store = insert_revocation_secret(
        EMPTY_REVOCATION_STORE,
        MAX_COMMITMENT_INDEX,
        compute_per_commitment_secret(seed, MAX_COMMITMENT_INDEX),
    )
    before = store
    with pytest.raises(InvalidRevocationSecret):
        insert_revocation_secret(store, MAX_COMMITMENT_INDEX - 1, Hash32(bytes(32)))
    assert store == before


def test_index_rules() -> None:
    assert compute_bucket(0) == 48
    assert compute_bucket(1) == 0
    assert compute_bucket(0b1000) == 3
    assert compute_commitment_index(0) == MAX_COMMITMENT_INDEX
    assert compute_per_commitment_secret(b"\xab" * 32, 0) == b"\xab" * 32
    with pytest.raises(RevocationIndexOutOfRange):
        compute_per_commitment_secret(b"\x00" * 32, MAX_COMMITMENT_INDEX + 1)
    with pytest.raises(RevocationIndexOutOfRange):
        compute_commitment_index(-1)
    with pytest.raises(InvalidRevocationSecret):
        compute_per_commitment_secret(b"\x00" * 31, 1)
    with pytest.raises(UnexpectedRevocationIndex):
        insert_revocation_secret(
            EMPTY_REVOCATION_STORE, MAX_COMMITMENT_INDEX - 1, Hash32(bytes(32))
        )
    with pytest.raises(RevocationSecretUnknown):
        get_revocation_secret(EMPTY_REVOCATION_STORE, MAX_COMMITMENT_INDEX)
    store = RevocationStore(EMPTY_REVOCATION_STORE.known, 5)
    with pytest.raises(InvalidRevocationSecret):
        insert_revocation_secret(store, 5, Hash32(bytes(31)))


def test_derivation_is_generation_from_a_bucket_secret() -> None:
    seed = keccak256(b"derivation")
    base_index = 0xFFFFFFFFFF00
    base = compute_per_commitment_secret(seed, base_index)
    for index in range(base_index, base_index + 256, 17):
        assert compute_derived_secret(base, 8, index) == compute_per_commitment_secret(seed, index)
    secret = compute_revocation_secret(seed, 3)
    assert compute_revocation_hash(secret) == keccak256(secret)
