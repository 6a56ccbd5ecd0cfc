"""Sparse Merkle trees (specs/crypto/smt.md): default hashes and small trees composed by hand from
an independent Keccak-256, the incremental tree against the recursive reference, membership and
non-membership proofs, tampering, and the strict compact encoding."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from eth_hash.auto import keccak

import l2ref.crypto.merkle
from l2ref import errors
from l2ref.crypto.hash import keccak256
from l2ref.crypto.merkle import compute_leaf_hash, compute_merkle_root
from l2ref.crypto.smt import (
    SMT_DEFAULT_DEPTH,
    SMT_DEFAULT_HASHES,
    SMT_EMPTY_LEAF_HASH,
    SMT_MAX_DEPTH,
    SMT_MIN_DEPTH,
    SmtProof,
    SparseMerkleTree,
    _build_default_hashes,
    _default_hash_reference,
    compute_smt_proof,
    compute_smt_root_reference,
    decode_smt_proof,
    encode_smt_proof,
    new_sparse_merkle_tree,
    smt_delete,
    smt_empty_root,
    smt_get,
    smt_root,
    smt_set,
    verify_smt_membership,
    verify_smt_non_membership,
)
from l2ref.types import Hash32

Z0 = bytes(32)


def _node(left: bytes, right: bytes) -> bytes:
    return keccak(b"\x01" + left + right)


def _leaf(value: bytes) -> bytes:
    return keccak(b"\x00" + value)


def _z(height: int) -> bytes:
    value = Z0
    for _ in range(height):
        value = _node(value, value)
    return value


def _flip(data: bytes, position: int) -> Hash32:
    return Hash32(data[:position] + bytes([data[position] ^ 0x80]) + data[position + 1 :])


def _tree(depth: int, leaves: dict[int, bytes]) -> SparseMerkleTree:
    tree = new_sparse_merkle_tree(depth)
    for key, value in leaves.items():
        smt_set(tree, key, value)
    return tree


def _random_map(rng: random.Random, depth: int, count: int) -> dict[int, bytes]:
    return {rng.randrange(2**depth): rng.randbytes(rng.randrange(1, 40)) for _ in range(count)}


def _ancestors(depth: int, keys: Iterator[int] | list[int]) -> set[int]:
    indices: set[int] = set()
    for key in keys:
        index = 2**depth + key
        while index:
            indices.add(index)
            index >>= 1
    return indices


# ----------------------------------------------------------------------------- constants


def test_constants() -> None:
    assert (SMT_MIN_DEPTH, SMT_MAX_DEPTH, SMT_DEFAULT_DEPTH) == (1, 256, 256)
    assert SMT_EMPTY_LEAF_HASH == Z0
    assert len(SMT_DEFAULT_HASHES) == 257


def test_default_hashes_equal_the_reference() -> None:
    assert _build_default_hashes(SMT_MAX_DEPTH) == SMT_DEFAULT_HASHES
    for height in range(SMT_MAX_DEPTH + 1):
        assert SMT_DEFAULT_HASHES[height] == _default_hash_reference(height), height
    for height in (0, 1, 2, 8, 256):
        assert SMT_DEFAULT_HASHES[height] == _z(height)
    assert SMT_DEFAULT_HASHES[1].hex() == (
        "c07a1e8b7e0057673fdc2affe190d8a960c5fe615663f27b7ce84f3d93ef92a6"
    )
    assert smt_empty_root(256).hex() == (
        "ca35b60c4cbb11bc17b902989f14c51d764dfb865e9ade93d57df3def62a1e05"
    )


# ----------------------------------------------------------------------------- known answers


def test_small_trees_composed_by_hand() -> None:
    tree = new_sparse_merkle_tree(1)
    assert smt_root(tree) == _node(Z0, Z0)
    smt_set(tree, 1, b"one")
    assert smt_root(tree) == _node(Z0, _leaf(b"one"))
    smt_set(tree, 0, b"zero")
    assert smt_root(tree) == _node(_leaf(b"zero"), _leaf(b"one"))

    # the example of the spec: depth 3, keys 1 and 6
    tree = _tree(3, {1: b"v1", 6: b"v6"})
    n01 = _node(Z0, _leaf(b"v1"))
    n67 = _node(_leaf(b"v6"), Z0)
    a, b = _node(n01, _z(1)), _node(_z(1), n67)
    assert smt_root(tree) == _node(a, b)
    assert compute_smt_proof(tree, 6) == SmtProof((Hash32(Z0), Hash32(_z(1)), Hash32(a)))
    assert compute_smt_proof(tree, 7) == SmtProof((Hash32(_leaf(b"v6")), Hash32(_z(1)), Hash32(a)))
    assert verify_smt_membership(smt_root(tree), 6, b"v6", compute_smt_proof(tree, 6), 3)
    assert verify_smt_non_membership(smt_root(tree), 7, compute_smt_proof(tree, 7), 3)

    # depth 256: one key at each end of the range
    defaults = [Z0]
    for _ in range(256):
        defaults.append(_node(defaults[-1], defaults[-1]))
    tree = _tree(256, {0: b"first"})
    node = _leaf(b"first")
    for height in range(256):
        node = _node(node, defaults[height])
    assert smt_root(tree) == node
    tree = _tree(256, {2**256 - 1: b"last"})
    node = _leaf(b"last")
    for height in range(256):
        node = _node(defaults[height], node)
    assert smt_root(tree) == node


def test_a_full_tree_is_the_merkle_tree_of_its_values() -> None:
    for depth in (1, 2, 3, 4):
        values = [f"value-{key}".encode() for key in range(2**depth)]
        tree = _tree(depth, dict(enumerate(values)))
        assert smt_root(tree) == compute_merkle_root(values)


# ----------------------------------------------------------------------------- the tree


@pytest.mark.parametrize("depth", [1, 2, 3, 8, 16, 256])
def test_incremental_root_equals_the_reference(depth: int) -> None:
    """I-SMT-1: after every set and delete the root is the reference's and the nodes are those
    above a present key. I-SMT-4: deleting every key gives the empty tree."""
    rng = random.Random(f"smt {depth}")
    tree = new_sparse_merkle_tree(depth)
    expected: dict[int, bytes] = {}
    steps = 40 if depth < 256 else 24
    for step in range(steps):
        if expected and rng.random() < 0.3:
            key = rng.choice(sorted(expected))
            smt_delete(tree, key)
            del expected[key]
        else:
            key = rng.randrange(2**depth)
            value = rng.randbytes(rng.randrange(1, 40))
            smt_set(tree, key, value)
            expected[key] = value
        if depth < 256 or step % 6 == 5:
            assert smt_root(tree) == compute_smt_root_reference(expected, depth)
        assert tree.leaves == expected
        assert set(tree.nodes) == _ancestors(depth, sorted(expected))
    for key in sorted(expected):
        smt_delete(tree, key)
    assert smt_root(tree) == smt_empty_root(depth)
    assert tree == new_sparse_merkle_tree(depth)


def test_get_set_delete() -> None:
    """I-SMT-4: deleting every key gives the empty root and no nodes."""
    tree = new_sparse_merkle_tree(8)
    assert smt_get(tree, 5) is None
    smt_set(tree, 5, b"a")
    assert smt_get(tree, 5) == b"a"
    root = smt_root(tree)
    smt_set(tree, 5, b"b")
    assert smt_get(tree, 5) == b"b"
    assert smt_root(tree) != root
    smt_set(tree, 5, b"a")
    assert smt_root(tree) == root
    smt_delete(tree, 6)
    assert smt_root(tree) == root
    smt_delete(tree, 5)
    smt_delete(tree, 5)
    assert smt_get(tree, 5) is None
    assert smt_root(tree) == smt_empty_root(8)
    assert tree.nodes == {}


def test_order_of_updates_does_not_matter() -> None:
    rng = random.Random("order")
    leaves = _random_map(rng, 16, 30)
    items = list(leaves.items())
    first = _tree(16, dict(items))
    rng.shuffle(items)
    second = _tree(16, dict(items))
    assert smt_root(first) == smt_root(second) == compute_smt_root_reference(leaves, 16)
    assert first.nodes == second.nodes


def test_an_update_costs_depth_node_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bytes] = []

    def counting(data: bytes) -> Hash32:
        calls.append(data)
        return keccak256(data)

    tree = _tree(256, _random_map(random.Random("cost"), 256, 20))
    monkeypatch.setattr(l2ref.crypto.merkle, "keccak256", counting)
    smt_set(tree, 12345, b"new")
    assert len(calls) == 257
    assert sum(1 for data in calls if data[:1] == b"\x01") == 256
    calls.clear()
    smt_set(tree, 12345, b"new")
    assert calls == []
    smt_delete(tree, 12345)
    assert 0 < len(calls) <= 256
    calls.clear()
    compute_smt_proof(tree, 12345)
    assert calls == []


def test_errors() -> None:
    for depth in (0, 257, -1, 1000):
        with pytest.raises(errors.InvalidTreeDepth):
            new_sparse_merkle_tree(depth)
        with pytest.raises(errors.InvalidTreeDepth):
            smt_empty_root(depth)
        with pytest.raises(errors.InvalidTreeDepth):
            compute_smt_root_reference({}, depth)
        with pytest.raises(errors.InvalidTreeDepth):
            decode_smt_proof(b"", depth)
    tree = new_sparse_merkle_tree(8)
    for key in (-1, 256, 2**256):
        with pytest.raises(errors.KeyOutOfRange):
            smt_set(tree, key, b"x")
        with pytest.raises(errors.KeyOutOfRange):
            smt_get(tree, key)
        with pytest.raises(errors.KeyOutOfRange):
            smt_delete(tree, key)
        with pytest.raises(errors.KeyOutOfRange):
            compute_smt_proof(tree, key)
        with pytest.raises(errors.KeyOutOfRange):
            compute_smt_root_reference({key: b"x"}, 8)
    with pytest.raises(errors.EmptyLeafValue):
        smt_set(tree, 1, b"")
    with pytest.raises(errors.EmptyLeafValue):
        compute_smt_root_reference({1: b""}, 8)
    assert tree == new_sparse_merkle_tree(8)
    assert new_sparse_merkle_tree().depth == SMT_DEFAULT_DEPTH
    assert issubclass(errors.EmptyLeafValue, errors.MerkleError)


# ----------------------------------------------------------------------------- proofs


@pytest.mark.parametrize("depth", [3, 8, 16, 256])
def test_membership_and_non_membership(depth: int) -> None:
    """I-SMT-2: every present key proves its value and every absent key its absence. I-SMT-3: a
    membership proof is rejected for another value and for absence, and the reverse."""
    rng = random.Random(f"proofs {depth}")
    leaves = _random_map(rng, depth, min(2**depth // 2, 25))
    tree = _tree(depth, leaves)
    root = smt_root(tree)
    absent = [key for key in (rng.randrange(2**depth) for _ in range(10)) if key not in leaves]
    for key, value in leaves.items():
        proof = compute_smt_proof(tree, key)
        assert len(proof.siblings) == depth
        assert verify_smt_membership(root, key, value, proof, depth)
        assert not verify_smt_membership(root, key, value + b"\x00", proof, depth)
        assert not verify_smt_non_membership(root, key, proof, depth)
        assert decode_smt_proof(encode_smt_proof(proof), depth) == proof
    for key in absent:
        proof = compute_smt_proof(tree, key)
        assert verify_smt_non_membership(root, key, proof, depth)
        assert not verify_smt_membership(root, key, b"anything", proof, depth)
        assert decode_smt_proof(encode_smt_proof(proof), depth) == proof


def test_the_empty_tree_proves_every_key_absent() -> None:
    for depth in (1, 8, 256):
        tree = new_sparse_merkle_tree(depth)
        for key in (0, 2**depth - 1, 2**depth // 3):
            proof = compute_smt_proof(tree, key)
            assert proof.siblings == SMT_DEFAULT_HASHES[:depth]
            assert verify_smt_non_membership(smt_empty_root(depth), key, proof, depth)
            assert encode_smt_proof(proof) == bytes((depth + 7) // 8)


def test_tampered_proofs_are_rejected() -> None:
    depth = 16
    rng = random.Random("tamper")
    leaves = _random_map(rng, depth, 12)
    tree = _tree(depth, leaves)
    root = smt_root(tree)
    key, value = next(iter(leaves.items()))
    absent = next(k for k in range(2**depth) if k not in leaves)
    member = compute_smt_proof(tree, key)
    non_member = compute_smt_proof(tree, absent)
    assert verify_smt_membership(root, key, value, member, depth)
    assert verify_smt_non_membership(root, absent, non_member, depth)
    for height in range(depth):
        for position in (0, 17, 31):
            siblings = list(member.siblings)
            siblings[height] = _flip(siblings[height], position)
            assert not verify_smt_membership(root, key, value, SmtProof(tuple(siblings)), depth)
            siblings = list(non_member.siblings)
            siblings[height] = _flip(siblings[height], position)
            assert not verify_smt_non_membership(root, absent, SmtProof(tuple(siblings)), depth)
    for position in range(32):
        assert not verify_smt_membership(_flip(root, position), key, value, member, depth)
        assert not verify_smt_non_membership(_flip(root, position), absent, non_member, depth)
    for other in (key ^ 1, key ^ (1 << 15), absent):
        assert not verify_smt_membership(root, other, value, member, depth)
    assert not verify_smt_non_membership(root, absent ^ (1 << 15), non_member, depth)


def test_malformed_inputs_are_rejected_without_raising() -> None:
    depth = 8
    tree = _tree(depth, {3: b"three", 200: b"two hundred"})
    root = smt_root(tree)
    proof = compute_smt_proof(tree, 3)
    absent = compute_smt_proof(tree, 4)
    siblings = proof.siblings
    bad_proofs = [
        SmtProof(siblings[:-1]),
        SmtProof((*siblings, siblings[0])),
        SmtProof(()),
        SmtProof((Hash32(siblings[0][:31]), *siblings[1:])),
        SmtProof((*siblings[:-1], Hash32(siblings[-1] + b"\x00"))),
        SmtProof(tuple(reversed(siblings))),
    ]
    for bad in bad_proofs:
        assert not verify_smt_membership(root, 3, b"three", bad, depth)
        assert not verify_smt_non_membership(root, 4, SmtProof(bad.siblings), depth)
    for bad_root in (Hash32(root[:31]), Hash32(root + b"\x00"), Hash32(b"")):
        assert not verify_smt_membership(bad_root, 3, b"three", proof, depth)
        assert not verify_smt_non_membership(bad_root, 4, absent, depth)
    for bad_key in (-1, 256, 2**256, -(2**300)):
        assert not verify_smt_membership(root, bad_key, b"three", proof, depth)
        assert not verify_smt_non_membership(root, bad_key, absent, depth)
    for bad_depth in (0, -1, 7, 9, 257, 2**64):
        assert not verify_smt_membership(root, 3, b"three", proof, bad_depth)
        assert not verify_smt_non_membership(root, 4, absent, bad_depth)
    assert not verify_smt_membership(root, 3, b"", proof, depth)
    assert not verify_smt_membership(root, 3, b"three", proof)  # the default depth is 256
    assert verify_smt_membership(root, 3, b"three", proof, depth)
    assert verify_smt_non_membership(root, 4, absent, depth)


# ----------------------------------------------------------------------------- compact encoding


def test_compact_encoding_of_the_spec_example() -> None:
    depth = 10
    first, ninth = Hash32(keccak(b"s1")), Hash32(keccak(b"s9"))
    siblings = list(SMT_DEFAULT_HASHES[:depth])
    siblings[1], siblings[9] = first, ninth
    proof = SmtProof(tuple(siblings))
    encoded = encode_smt_proof(proof)
    assert encoded == bytes.fromhex("0202") + first + ninth
    assert decode_smt_proof(encoded, depth) == proof


def test_compact_encoding_bit_order_at_depth_256() -> None:
    siblings = list(SMT_DEFAULT_HASHES[:256])
    siblings[0] = Hash32(keccak(b"leaf level"))
    siblings[255] = Hash32(keccak(b"root level"))
    encoded = encode_smt_proof(SmtProof(tuple(siblings)))
    assert encoded[:32] == bytes([0x80]) + bytes(30) + bytes([0x01])
    assert encoded[32:] == siblings[0] + siblings[255]


def test_decoded_siblings_are_bytes() -> None:
    encoded = encode_smt_proof(SmtProof((Hash32(keccak(b"x")), *SMT_DEFAULT_HASHES[1:8])))
    decoded = decode_smt_proof(bytearray(encoded), 8)  # type: ignore[arg-type]
    assert all(type(sibling) is bytes for sibling in decoded.siblings)
    assert compute_leaf_hash(b"") != SMT_EMPTY_LEAF_HASH


# ----------------------------------------------------------------------------- independent oracle


def _oracle_defaults() -> list[bytes]:
    defaults = [Z0]
    for _ in range(256):
        defaults.append(_node(defaults[-1], defaults[-1]))
    return defaults


def _oracle(leaves: dict[int, bytes], depth: int, key: int) -> tuple[bytes, list[bytes]]:
    """Root and the siblings of `key`, level by level over dictionaries of node positions, with
    the independent Keccak-256: neither the recursion of the reference nor the node cache."""
    defaults = _oracle_defaults()
    level = {k: _leaf(v) for k, v in leaves.items()}
    siblings = []
    position = key
    for height in range(depth):
        siblings.append(level.get(position ^ 1, defaults[height]))
        parents = {}
        for parent in {k >> 1 for k in level}:
            left = level.get(2 * parent, defaults[height])
            right = level.get(2 * parent + 1, defaults[height])
            parents[parent] = _node(left, right)
        level = parents
        position >>= 1
    return level.get(0, defaults[depth]), siblings


def _oracle_encode(siblings: list[bytes]) -> bytes:
    defaults = _oracle_defaults()
    bits = "".join("0" if s == defaults[h] else "1" for h, s in reversed(list(enumerate(siblings))))
    size = (len(siblings) + 7) // 8
    present = [s for h, s in enumerate(siblings) if s != defaults[h]]
    return int(bits, 2).to_bytes(size, "big") + b"".join(present)


def _as_bytes(value: object) -> bytes:
    assert isinstance(value, str)
    return bytes.fromhex(value[2:])


def _as_map(case: Any) -> dict[int, bytes]:
    entries = case["leaves"]
    return {int(entry["key"]): _as_bytes(entry["value"]) for entry in entries}


def test_vectors_agree_with_an_independent_oracle() -> None:
    from l2ref.vectorgen.core import build_suite_file
    from l2ref.vectorgen.merkle import SUITES

    files = {suite.suite: build_suite_file(suite) for suite in SUITES}
    checked = 0
    for name, data in files.items():
        tests = data["tests"]
        assert isinstance(tests, list)
        for test in tests:
            assert isinstance(test, dict)
            case: Any = test["input"]
            if test["error"] is not None:
                continue
            output = test["output"]
            if name == "crypto/smt_empty_root":
                assert output == "0x" + _oracle_defaults()[int(str(case["depth"]))].hex()
            elif name in ("crypto/smt_root", "crypto/smt_delete"):
                leaves = _as_map(case)
                for key in case.get("delete", []):
                    leaves.pop(int(key), None)
                root, _ = _oracle(leaves, int(str(case["depth"])), 0)
                assert output == "0x" + root.hex(), test["name"]
            elif name == "crypto/compute_smt_proof":
                depth, key = int(str(case["depth"])), int(str(case["key"]))
                root, siblings = _oracle(_as_map(case), depth, key)
                assert output == ["0x" + s.hex() for s in siblings]
                intermediate = test["intermediate"]
                assert isinstance(intermediate, dict)
                assert intermediate["root"] == "0x" + root.hex()
                assert intermediate["compact"] == "0x" + _oracle_encode(siblings).hex()
            elif name in ("crypto/verify_smt_membership", "crypto/verify_smt_non_membership"):
                depth, key = int(str(case["depth"])), int(str(case["key"]))
                siblings = [_as_bytes(s) for s in case["proof"]]
                value = _as_bytes(case["value"]) if "value" in case else None
                expected = (
                    1 <= depth <= 256
                    and 0 <= key < 2**depth
                    and len(siblings) == depth
                    and all(len(s) == 32 for s in siblings)
                    and len(_as_bytes(case["root"])) == 32
                    and value != b""
                )
                if expected:
                    node = Z0 if value is None else _leaf(value)
                    for height, sibling in enumerate(siblings):
                        bit = (key >> height) & 1
                        node = _node(sibling, node) if bit else _node(node, sibling)
                    expected = node == _as_bytes(case["root"])
                assert output is expected, test["name"]
            elif name == "crypto/encode_smt_proof":
                siblings = [_as_bytes(s) for s in case["proof"]]
                assert output == "0x" + _oracle_encode(siblings).hex()
            elif name == "crypto/decode_smt_proof":
                assert isinstance(output, list)
                assert "0x" + _oracle_encode([_as_bytes(s) for s in output]).hex() == case["data"]
            else:
                continue
            checked += 1
    assert checked > 80
