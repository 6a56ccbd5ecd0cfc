"""Merkle trees (specs/crypto/merkle.md): known answers composed by hand from an independent
Keccak-256, the level-by-level functions against the RFC 6962 reference, proofs of every index,
and the rejection of every kind of tampering."""

from __future__ import annotations

import pytest
from eth_hash.auto import keccak

from l2ref import errors
from l2ref.crypto.merkle import (
    LEAF_PREFIX,
    NODE_PREFIX,
    MerkleProof,
    _split_point,
    compute_leaf_hash,
    compute_merkle_proof,
    compute_merkle_proof_reference,
    compute_merkle_root,
    compute_merkle_root_reference,
    compute_node_hash,
    decode_merkle_proof,
    encode_merkle_proof,
    verify_merkle_proof,
)
from l2ref.types import Hash32


def _leaves(n: int) -> list[bytes]:
    return [f"leaf-{i}".encode() for i in range(n)]


def _leaf(data: bytes) -> bytes:
    return keccak(b"\x00" + data)


def _node(left: bytes, right: bytes) -> bytes:
    return keccak(b"\x01" + left + right)


def _sides(index: int, leaf_count: int) -> list[str]:
    """The side of each sibling on the path, leaf level first, from RFC 6962's recursion."""
    if leaf_count == 1:
        return []
    split = 1
    while split * 2 < leaf_count:
        split *= 2
    if index < split:
        return [*_sides(index, split), "R"]
    return [*_sides(index - split, leaf_count - split), "L"]


def _flip(data: bytes, position: int) -> Hash32:
    return Hash32(data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1 :])


# ----------------------------------------------------------------------------- known answers


def test_prefixes_and_hashes() -> None:
    assert LEAF_PREFIX == b"\x00"
    assert NODE_PREFIX == b"\x01"
    assert compute_leaf_hash(b"") == keccak(b"\x00")
    assert compute_leaf_hash(b"abc") == keccak(b"\x00abc")
    left, right = keccak(b"left"), keccak(b"right")
    assert compute_node_hash(Hash32(left), Hash32(right)) == keccak(b"\x01" + left + right)


def test_known_roots_composed_by_hand() -> None:
    a, b, c, d, e = (_leaf(x) for x in (b"a", b"b", b"c", b"d", b"e"))
    assert compute_merkle_root([b"a"]) == a
    assert compute_merkle_root([b"a", b"b"]) == _node(a, b)
    assert compute_merkle_root([b"a", b"b", b"c"]) == _node(_node(a, b), c)
    assert compute_merkle_root([b"a", b"b", b"c", b"d"]) == _node(_node(a, b), _node(c, d))
    five = _node(_node(_node(a, b), _node(c, d)), e)
    assert compute_merkle_root([b"a", b"b", b"c", b"d", b"e"]) == five
    assert compute_merkle_root_reference([b"a", b"b", b"c", b"d", b"e"]) == five
    # six and seven leaves: the right subtree is itself split at a power of two
    f, g = _leaf(b"f"), _leaf(b"g")
    six = _node(_node(_node(a, b), _node(c, d)), _node(e, f))
    seven = _node(_node(_node(a, b), _node(c, d)), _node(_node(e, f), g))
    assert compute_merkle_root([b"a", b"b", b"c", b"d", b"e", b"f"]) == six
    assert compute_merkle_root([b"a", b"b", b"c", b"d", b"e", b"f", b"g"]) == seven


def test_known_proofs_composed_by_hand() -> None:
    a, b, c, d, e = (_leaf(x) for x in (b"a", b"b", b"c", b"d", b"e"))
    leaves = [b"a", b"b", b"c", b"d", b"e"]
    assert compute_merkle_proof(leaves, 0) == (b, _node(c, d), e)
    assert compute_merkle_proof(leaves, 2) == (d, _node(a, b), e)
    assert compute_merkle_proof(leaves, 4) == (_node(_node(a, b), _node(c, d)),)
    assert compute_merkle_proof([b"a", b"b", b"c"], 2) == (_node(a, b),)
    assert compute_merkle_proof([b"a"], 0) == ()


def test_split_point() -> None:
    expected = {2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 8: 4, 9: 8, 16: 8, 17: 16, 2**40 + 1: 2**40}
    for leaf_count, split in expected.items():
        assert _split_point(leaf_count) == split


def test_an_inner_node_is_not_a_leaf() -> None:
    # without the prefixes, the 64-byte leaf l0 || l1 would hash to node(l0, l1)
    leaves = _leaves(4)
    root = compute_merkle_root(leaves)
    l0, l1 = compute_leaf_hash(leaves[0]), compute_leaf_hash(leaves[1])
    right = compute_merkle_root(leaves[2:])
    assert not verify_merkle_proof(root, l0 + l1, 0, 2, (right,))
    assert compute_merkle_root([l0 + l1, leaves[2] + leaves[3]]) != root
    assert verify_merkle_proof(root, leaves[0], 0, 4, (l1, right))


def test_leaf_count_must_come_from_the_commitment() -> None:
    # the documented ambiguity: leaf 2 of [a, b, c] also verifies as leaf 1 of a two-leaf tree
    root = compute_merkle_root([b"a", b"b", b"c"])
    path = compute_merkle_proof([b"a", b"b", b"c"], 2)
    assert verify_merkle_proof(root, b"c", 2, 3, path)
    assert verify_merkle_proof(root, b"c", 1, 2, path)


# ----------------------------------------------------------------------------- fast = reference


def test_iterative_root_and_proof_equal_the_reference() -> None:
    """I-MERKLE-1: the level-by-level root and proofs equal the recursive reference."""
    for n in range(1, 101):
        leaves = _leaves(n)
        assert compute_merkle_root(leaves) == compute_merkle_root_reference(leaves), n
    for n in range(1, 41):
        leaves = _leaves(n)
        for index in range(n):
            proof = compute_merkle_proof(leaves, index)
            assert proof == compute_merkle_proof_reference(leaves, index), (n, index)
            assert len(proof) == len(_sides(index, n))


def test_empty_and_unusual_leaves() -> None:
    assert compute_merkle_root([b""]) == keccak(b"\x00")
    leaves = [b"", b"\x00", b"\x01" * 64, bytes(1000)]
    root = compute_merkle_root(leaves)
    assert root == compute_merkle_root_reference(leaves)
    for index, leaf in enumerate(leaves):
        assert verify_merkle_proof(root, leaf, index, 4, compute_merkle_proof(leaves, index))


def test_errors() -> None:
    for function in (compute_merkle_root, compute_merkle_root_reference):
        with pytest.raises(errors.EmptyTree):
            function([])
    for proof_function in (compute_merkle_proof, compute_merkle_proof_reference):
        with pytest.raises(errors.EmptyTree):
            proof_function([], 0)
        for index in (-1, 3, 4, 2**64):
            with pytest.raises(errors.LeafIndexOutOfRange):
                proof_function(_leaves(3), index)
    assert issubclass(errors.EmptyTree, errors.MerkleError)


# ----------------------------------------------------------------------------- proofs


def test_every_proof_of_up_to_17_leaves_verifies_and_round_trips() -> None:
    """I-MERKLE-2: every proof of every leaf verifies. I-MERKLE-4: encoding then decoding is the
    identity."""
    for n in range(1, 18):
        leaves = _leaves(n)
        root = compute_merkle_root(leaves)
        for index in range(n):
            proof = compute_merkle_proof(leaves, index)
            assert verify_merkle_proof(root, leaves[index], index, n, proof)
            encoded = encode_merkle_proof(proof)
            assert len(encoded) == 32 * len(proof)
            assert decode_merkle_proof(encoded) == proof


def test_every_byte_flipped_is_rejected() -> None:
    """I-MERKLE-3: a changed byte of the root, of the leaf or of a proof element makes the result
    False."""
    for n in (1, 2, 7, 16, 17):
        leaves = _leaves(n)
        root = compute_merkle_root(leaves)
        for index in range(n):
            proof = compute_merkle_proof(leaves, index)
            leaf = leaves[index]
            for position in range(32):
                assert not verify_merkle_proof(_flip(root, position), leaf, index, n, proof)
            for element in range(len(proof)):
                for position in range(32):
                    tampered = list(proof)
                    tampered[element] = _flip(proof[element], position)
                    assert not verify_merkle_proof(root, leaf, index, n, tuple(tampered))
            for position in range(len(leaf)):
                assert not verify_merkle_proof(root, _flip(leaf, position), index, n, proof)
            assert not verify_merkle_proof(root, leaf + b"\x00", index, n, proof)


def test_other_positions_verify_exactly_when_the_path_has_the_same_shape() -> None:
    # (j, m) with the same sides as (i, n) walks the same hashes: only leaf_count from the
    # commitment tells them apart; every other (j, m) fails
    """I-MERKLE-3: another index or leaf count verifies only with the same path."""
    for n in range(1, 13):
        leaves = _leaves(n)
        root = compute_merkle_root(leaves)
        for index in range(n):
            proof = compute_merkle_proof(leaves, index)
            for leaf_count in range(-1, 19):
                for other in range(-2, max(leaf_count, 0) + 2):
                    expected = 0 <= other < leaf_count and _sides(other, leaf_count) == _sides(
                        index, n
                    )
                    got = verify_merkle_proof(root, leaves[index], other, leaf_count, proof)
                    assert got == expected, (n, index, other, leaf_count)


def test_wrong_index_with_the_right_leaf_count_is_rejected() -> None:
    """I-MERKLE-3: another index with the right leaf count makes the result False."""
    for n in range(1, 18):
        leaves = _leaves(n)
        root = compute_merkle_root(leaves)
        for index in range(n):
            proof = compute_merkle_proof(leaves, index)
            for other in range(n):
                if other != index:
                    assert not verify_merkle_proof(root, leaves[index], other, n, proof)


def test_malformed_proofs_are_rejected_without_raising() -> None:
    for n in range(1, 18):
        leaves = _leaves(n)
        root = compute_merkle_root(leaves)
        for index in range(n):
            proof = compute_merkle_proof(leaves, index)
            leaf = leaves[index]
            extra = Hash32(keccak(b"extra"))
            malformed: list[MerkleProof] = [(*proof, extra), (extra, *proof)]
            if proof:
                malformed += [
                    (*proof, *proof),
                    proof[:-1],
                    proof[1:],
                    (),
                    (*proof[:-1], Hash32(proof[-1][:31])),
                    (*proof[:-1], Hash32(proof[-1] + b"\x00")),
                    (Hash32(b""), *proof[1:]),
                ]
            if len(set(proof)) > 1:
                malformed.append(tuple(reversed(proof)))
            for bad in malformed:
                assert not verify_merkle_proof(root, leaf, index, n, bad)
            assert not verify_merkle_proof(Hash32(root[:31]), leaf, index, n, proof)
            assert not verify_merkle_proof(Hash32(root + b"\x00"), leaf, index, n, proof)
            assert not verify_merkle_proof(root, leaf, index, 0, proof)
            assert not verify_merkle_proof(root, leaf, -1, n, proof)
            assert not verify_merkle_proof(root, leaf, n, n, proof)


def test_ill_typed_elements_are_rejected() -> None:
    leaves = _leaves(4)
    root = compute_merkle_root(leaves)
    proof = compute_merkle_proof(leaves, 1)
    odd: tuple[object, ...] = (bytearray(proof[0]), proof[1])
    assert not verify_merkle_proof(root, leaves[1], 1, 4, odd)  # type: ignore[arg-type]
    assert not verify_merkle_proof(None, leaves[1], 1, 4, proof)  # type: ignore[arg-type]


def test_encoding_errors() -> None:
    assert encode_merkle_proof(()) == b""
    assert decode_merkle_proof(b"") == ()
    with pytest.raises(errors.TypeMismatch):
        encode_merkle_proof((Hash32(bytes(32)), Hash32(bytes(31))))
    for length in (1, 31, 33, 63, 95):
        with pytest.raises(errors.InvalidLength):
            decode_merkle_proof(bytes(length))
    words = bytes(range(96))
    assert decode_merkle_proof(words) == (words[:32], words[32:64], words[64:])
    decoded = decode_merkle_proof(bytearray(words))  # type: ignore[arg-type]
    assert all(type(element) is bytes for element in decoded)


# ----------------------------------------------------------------------------- independent oracles


def _mth(leaves: list[bytes]) -> bytes:
    """RFC 6962 section 2.1, written again over the independent Keccak-256."""
    if len(leaves) == 1:
        return _leaf(leaves[0])
    split = 1
    while split * 2 < len(leaves):
        split *= 2
    return _node(_mth(leaves[:split]), _mth(leaves[split:]))


def _path(index: int, leaves: list[bytes]) -> list[bytes]:
    """RFC 6962 section 2.1.1, PATH(m, D[n]), over the independent Keccak-256."""
    if len(leaves) == 1:
        return []
    split = 1
    while split * 2 < len(leaves):
        split *= 2
    if index < split:
        return [*_path(index, leaves[:split]), _mth(leaves[split:])]
    return [*_path(index - split, leaves[split:]), _mth(leaves[:split])]


def _rfc9162_verify(
    root: bytes, leaf: bytes, index: int, size: int, proof: tuple[bytes, ...]
) -> bool:
    """The inclusion-proof verification algorithm of RFC 9162 section 2.1.3.2."""
    if len(root) != 32 or any(len(element) != 32 for element in proof):
        return False
    if not 0 <= index < size:
        return False
    fn, sn = index, size - 1
    r = _leaf(leaf)
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = _node(p, r)
            while fn & 1 == 0 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = _node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def test_verification_agrees_with_rfc_9162() -> None:
    for n in range(1, 12):
        leaves = _leaves(n)
        root = compute_merkle_root(leaves)
        assert root == _mth(leaves)
        for index in range(n):
            proof = compute_merkle_proof(leaves, index)
            for leaf_count in range(14):
                for other in range(-1, leaf_count + 1):
                    ours = verify_merkle_proof(root, leaves[index], other, leaf_count, proof)
                    theirs = _rfc9162_verify(root, leaves[index], other, leaf_count, proof)
                    assert ours == theirs, (n, index, other, leaf_count)
            for cut in range(len(proof)):
                shorter = proof[:cut]
                assert verify_merkle_proof(root, leaves[index], index, n, shorter) is False
                assert _rfc9162_verify(root, leaves[index], index, n, shorter) is False


def _hex_list_of(value: object) -> list[bytes]:
    assert isinstance(value, list)
    return [bytes.fromhex(item[2:]) for item in value]


def test_vectors_agree_with_independent_oracles() -> None:
    from l2ref.vectorgen.core import build_suite_file
    from l2ref.vectorgen.merkle import SUITES

    files = {suite.suite: build_suite_file(suite) for suite in SUITES}
    checked = 0
    for name in (
        "crypto/compute_merkle_root",
        "crypto/compute_merkle_proof",
        "crypto/verify_merkle_proof",
    ):
        tests = files[name]["tests"]
        assert isinstance(tests, list)
        for test in tests:
            assert isinstance(test, dict)
            case = test["input"]
            assert isinstance(case, dict)
            if test["error"] is not None:
                continue
            if name == "crypto/compute_merkle_root":
                leaves = _hex_list_of(case["leaves"])
                assert test["output"] == "0x" + _mth(leaves).hex()
            elif name == "crypto/compute_merkle_proof":
                leaves = _hex_list_of(case["leaves"])
                index = int(str(case["index"]))
                expected = ["0x" + element.hex() for element in _path(index, leaves)]
                assert test["output"] == expected
                assert _rfc9162_verify(
                    _mth(leaves), leaves[index], index, len(leaves), tuple(_hex_list_of(expected))
                )
            else:
                expected_bool = _rfc9162_verify(
                    bytes.fromhex(str(case["root"])[2:]),
                    bytes.fromhex(str(case["leaf_data"])[2:]),
                    int(str(case["index"])),
                    int(str(case["leaf_count"])),
                    tuple(_hex_list_of(case["proof"])),
                )
                assert test["output"] is expected_bool, test["name"]
            checked += 1
    assert checked > 60
