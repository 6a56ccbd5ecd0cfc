"""Properties of specs/crypto/merkle.md and specs/crypto/smt.md on random input: the verifiers
never raise, the decoders raise only DecodingError subclasses and invert the encoders, the
level-by-level Merkle tree is the RFC 6962 reference, and the incremental sparse tree is its
recursive reference."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from l2ref import errors
from l2ref.crypto.merkle import (
    compute_merkle_proof,
    compute_merkle_proof_reference,
    compute_merkle_root,
    compute_merkle_root_reference,
    decode_merkle_proof,
    encode_merkle_proof,
    verify_merkle_proof,
)
from l2ref.crypto.smt import (
    SMT_DEFAULT_HASHES,
    SmtProof,
    compute_smt_proof,
    compute_smt_root_reference,
    decode_smt_proof,
    encode_smt_proof,
    new_sparse_merkle_tree,
    smt_delete,
    smt_empty_root,
    smt_root,
    smt_set,
    verify_smt_membership,
    verify_smt_non_membership,
)
from l2ref.types import Hash32

any_int = st.one_of(
    st.integers(-3, 40),
    st.integers(-(2**300), 2**300),
    st.sampled_from([0, 1, 255, 256, 257, 2**64, 2**256 - 1, 2**256]),
)
hashes = st.binary(min_size=32, max_size=32).map(Hash32)
near_hashes = st.one_of(hashes, st.binary(max_size=40).map(Hash32))
leaf_lists = st.lists(st.binary(max_size=12), min_size=1, max_size=40)
depths = st.integers(1, 256)


# ----------------------------------------------------------------------------- Merkle trees


@given(leaf_lists, st.data())
def test_fast_equals_reference_and_proofs_verify(leaves: list[bytes], data: st.DataObject) -> None:
    """I-MERKLE-1: the root and proof equal the reference's. I-MERKLE-2: the proof of every leaf
    verifies."""
    root = compute_merkle_root(leaves)
    assert root == compute_merkle_root_reference(leaves)
    index = data.draw(st.integers(0, len(leaves) - 1))
    proof = compute_merkle_proof(leaves, index)
    assert proof == compute_merkle_proof_reference(leaves, index)
    assert verify_merkle_proof(root, leaves[index], index, len(leaves), proof)
    assert decode_merkle_proof(encode_merkle_proof(proof)) == proof


@given(near_hashes, st.binary(max_size=70), any_int, any_int, st.lists(near_hashes, max_size=9))
def test_verify_merkle_proof_never_raises(
    root: Hash32, leaf: bytes, index: int, leaf_count: int, proof: list[Hash32]
) -> None:
    """I-MERKLE-4: verify_merkle_proof returns a bool for every well-typed input."""
    assert verify_merkle_proof(root, leaf, index, leaf_count, tuple(proof)) in (True, False)


@given(leaf_lists, st.data())
def test_a_changed_proof_does_not_verify(leaves: list[bytes], data: st.DataObject) -> None:
    """I-MERKLE-3: any other proof, of any length, makes the result False."""
    index = data.draw(st.integers(0, len(leaves) - 1))
    proof = compute_merkle_proof(leaves, index)
    root = compute_merkle_root(leaves)
    replacement = data.draw(st.lists(hashes, max_size=7).map(tuple))
    if replacement != proof:
        assert not verify_merkle_proof(root, leaves[index], index, len(leaves), replacement)


@given(st.binary(max_size=200))
def test_decode_merkle_proof_raises_only_decoding_errors(data: bytes) -> None:
    """I-MERKLE-4: decode_merkle_proof raises only decoding errors, and what it accepts re-
    encodes to itself."""
    try:
        proof = decode_merkle_proof(data)
    except errors.DecodingError:
        assert len(data) % 32 != 0
        return
    assert encode_merkle_proof(proof) == data


# ----------------------------------------------------------------------------- sparse trees


@given(
    near_hashes,
    any_int,
    st.binary(max_size=10),
    st.lists(near_hashes, max_size=20),
    st.one_of(st.integers(-2, 20), any_int),
)
def test_smt_verifiers_never_raise(
    root: Hash32, key: int, value: bytes, siblings: list[Hash32], depth: int
) -> None:
    """I-SMT-5: the verifiers return a bool for every well-typed input."""
    proof = SmtProof(tuple(siblings))
    assert verify_smt_membership(root, key, value, proof, depth) in (True, False)
    assert verify_smt_non_membership(root, key, proof, depth) in (True, False)


@given(depths, st.binary(max_size=120))
def test_decode_smt_proof_raises_only_decoding_errors(depth: int, data: bytes) -> None:
    """I-SMT-5: decode_smt_proof raises only decoding errors, and what it accepts re-encodes to
    itself."""
    try:
        proof = decode_smt_proof(data, depth)
    except errors.DecodingError:
        return
    assert len(proof.siblings) == depth
    assert encode_smt_proof(proof) == data


@given(depths, st.data())
def test_decode_smt_proof_of_plausible_encodings(depth: int, data: st.DataObject) -> None:
    # bitmaps with few bits set, so that the length check passes and the later checks are reached
    heights = data.draw(st.sets(st.integers(0, depth + 7), max_size=3))
    bitmap = sum(1 << height for height in heights)
    size = (depth + 7) // 8
    if bitmap >= 2 ** (8 * size):
        return
    siblings = [
        data.draw(st.one_of(hashes, st.just(SMT_DEFAULT_HASHES[min(h, depth)])))
        for h in sorted(heights)
    ]
    encoded = bitmap.to_bytes(size, "big") + b"".join(siblings)
    try:
        proof = decode_smt_proof(encoded, depth)
    except errors.DecodingError:
        return
    assert encode_smt_proof(proof) == encoded


@given(depths, st.lists(st.one_of(hashes, st.sampled_from(SMT_DEFAULT_HASHES[:4])), max_size=8))
def test_encode_then_decode_is_the_identity(depth: int, chosen: list[Hash32]) -> None:
    """I-SMT-5: decoding an encoded proof gives it back."""
    siblings = list(SMT_DEFAULT_HASHES[:depth])
    for height, sibling in enumerate(chosen[:depth]):
        siblings[height] = sibling
    proof = SmtProof(tuple(siblings))
    assert decode_smt_proof(encode_smt_proof(proof), depth) == proof


@given(
    st.integers(1, 12),
    st.lists(st.tuples(st.integers(0, 2**12 - 1), st.binary(max_size=4)), max_size=30),
)
def test_incremental_tree_equals_the_reference(depth: int, steps: list[tuple[int, bytes]]) -> None:
    # an empty value in a step means: delete the key
    """I-SMT-1: the incremental root is the reference's. I-SMT-2, I-SMT-3: each key's proof shows
    exactly its membership or its absence."""
    tree = new_sparse_merkle_tree(depth)
    expected: dict[int, bytes] = {}
    for raw_key, value in steps:
        key = raw_key % 2**depth
        if value:
            smt_set(tree, key, value)
            expected[key] = value
        else:
            smt_delete(tree, key)
            expected.pop(key, None)
    root = smt_root(tree)
    assert root == compute_smt_root_reference(expected, depth)
    for raw_key, _ in steps[:5]:
        key = raw_key % 2**depth
        proof = compute_smt_proof(tree, key)
        if key in expected:
            assert verify_smt_membership(root, key, expected[key], proof, depth)
            assert not verify_smt_non_membership(root, key, proof, depth)
        else:
            assert verify_smt_non_membership(root, key, proof, depth)
    # I-SMT-4: deleting every key gives the empty root and no nodes
    for key in sorted(expected):
        smt_delete(tree, key)
    assert smt_root(tree) == smt_empty_root(depth)
    assert tree.nodes == {}


@given(st.integers(1, 300), st.data())
def test_a_path_has_ceil_log2_n_elements_or_fewer_on_the_right(
    leaf_count: int, data: st.DataObject
) -> None:
    """I-MERKLE-5: the path of leaf i of n has ceil(log2 n) elements, or fewer only for leaves
    right of the largest power of two below n (the left subtree is complete)."""
    leaves = [index.to_bytes(2, "big") for index in range(leaf_count)]
    index = data.draw(st.integers(0, leaf_count - 1))
    length = len(compute_merkle_proof(leaves, index))
    full = math.ceil(math.log2(leaf_count)) if leaf_count > 1 else 0
    assert length <= full
    if leaf_count & (leaf_count - 1) == 0 or index < 2 ** (full - 1):
        assert length == full
