"""Sparse Merkle trees over Keccak-256: one leaf per key of a fixed-depth binary tree, membership
and non-membership proofs, a compact proof encoding. See specs/crypto/smt.md."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from l2ref.crypto.merkle import compute_leaf_hash, compute_node_hash
from l2ref.errors import (
    EmptyLeafValue,
    InvalidLength,
    InvalidTreeDepth,
    KeyOutOfRange,
    NonCanonicalEncoding,
    TypeMismatch,
)
from l2ref.types import HASH32_LENGTH, Hash32

SMT_MIN_DEPTH = 1

SMT_MAX_DEPTH = 256

SMT_DEFAULT_DEPTH = 256

SMT_EMPTY_LEAF_HASH = Hash32(bytes(HASH32_LENGTH))


@dataclass(frozen=True)
class SmtProof:
    """The siblings of a key's path in a sparse Merkle tree, leaf level first."""

    # siblings[h] is the sibling, at height h, of the node on the key's path: leaf level first
    siblings: tuple[Hash32, ...]


@dataclass
class SparseMerkleTree:
    """A mutable sparse Merkle tree: present keys' values and their non-default nodes."""

    depth: int
    # the value of every present key
    leaves: dict[int, bytes] = field(default_factory=dict)
    # the hash of every node whose subtree holds a present key, by generalized index
    nodes: dict[int, Hash32] = field(default_factory=dict)


def _default_hash_reference(height: int) -> Hash32:
    if height == 0:
        return SMT_EMPTY_LEAF_HASH
    child = _default_hash_reference(height - 1)
    return compute_node_hash(child, child)


def _build_default_hashes(max_height: int) -> tuple[Hash32, ...]:
    hashes = [SMT_EMPTY_LEAF_HASH]
    for _ in range(max_height):
        hashes.append(compute_node_hash(hashes[-1], hashes[-1]))
    return tuple(hashes)


SMT_DEFAULT_HASHES = _build_default_hashes(SMT_MAX_DEPTH)


def _is_hash32(value: object) -> bool:
    return isinstance(value, bytes) and len(value) == HASH32_LENGTH


def _check_depth(depth: int) -> None:
    if not SMT_MIN_DEPTH <= depth <= SMT_MAX_DEPTH:
        raise InvalidTreeDepth(f"a sparse Merkle tree depth is in [1, 256], got {depth}")


def _check_key(key: int, depth: int) -> None:
    if not 0 <= key < 2**depth:
        raise KeyOutOfRange(f"a key of a depth-{depth} tree is in [0, 2^{depth} - 1], got {key}")


def _check_value(value: bytes) -> None:
    if len(value) == 0:
        raise EmptyLeafValue("a present key has a non-empty value; smt_delete removes a key")


def _subtree_root_reference(leaves: Mapping[int, bytes], height: int) -> Hash32:
    if len(leaves) == 0:
        return SMT_DEFAULT_HASHES[height]
    if height == 0:
        # the path fixes every bit of the key: one key is left
        (value,) = leaves.values()
        return compute_leaf_hash(value)
    bit = height - 1
    left = {key: value for key, value in leaves.items() if (key >> bit) & 1 == 0}
    right = {key: value for key, value in leaves.items() if (key >> bit) & 1 == 1}
    return compute_node_hash(
        _subtree_root_reference(left, height - 1), _subtree_root_reference(right, height - 1)
    )


def compute_smt_root_reference(
    leaves: Mapping[int, bytes], depth: int = SMT_DEFAULT_DEPTH
) -> Hash32:
    """The root of a depth-`depth` tree holding `leaves`, computed recursively from scratch."""
    _check_depth(depth)
    for key, value in leaves.items():
        _check_key(key, depth)
        _check_value(value)
    return _subtree_root_reference(leaves, depth)


def new_sparse_merkle_tree(depth: int = SMT_DEFAULT_DEPTH) -> SparseMerkleTree:
    """An empty tree of `depth` levels; raises InvalidTreeDepth outside [1, 256]."""
    _check_depth(depth)
    return SparseMerkleTree(depth)


def smt_empty_root(depth: int) -> Hash32:
    """The root of an empty tree of `depth` levels."""
    _check_depth(depth)
    return SMT_DEFAULT_HASHES[depth]


def smt_root(tree: SparseMerkleTree) -> Hash32:
    """The current root of the tree."""
    return tree.nodes.get(1, SMT_DEFAULT_HASHES[tree.depth])


def smt_get(tree: SparseMerkleTree, key: int) -> bytes | None:
    """The value of `key`, or None if absent; raises KeyOutOfRange if it does not fit."""
    _check_key(key, tree.depth)
    return tree.leaves.get(key)


def _store_node(nodes: dict[int, Hash32], index: int, node: Hash32 | None) -> None:
    if node is None:
        nodes.pop(index, None)
    else:
        nodes[index] = node


def _update_path(tree: SparseMerkleTree, key: int, leaf_hash: Hash32 | None) -> None:
    # None stands for an empty subtree: its hash is the default of its height and is not stored
    nodes = tree.nodes
    index = 2**tree.depth + key
    node = leaf_hash
    for height in range(tree.depth):
        _store_node(nodes, index, node)
        sibling = nodes.get(index ^ 1)
        if node is not None or sibling is not None:
            default = SMT_DEFAULT_HASHES[height]
            this = default if node is None else node
            other = default if sibling is None else sibling
            left, right = (other, this) if index & 1 else (this, other)
            node = compute_node_hash(left, right)
        index >>= 1
    _store_node(nodes, index, node)


def smt_set(tree: SparseMerkleTree, key: int, value: bytes) -> None:
    """Set `key` to the non-empty `value`, updating the hashes on its path."""
    _check_key(key, tree.depth)
    _check_value(value)
    if tree.leaves.get(key) == value:
        return
    tree.leaves[key] = value
    _update_path(tree, key, compute_leaf_hash(value))


def smt_delete(tree: SparseMerkleTree, key: int) -> None:
    """Remove `key` from the tree if present, updating the hashes on its path."""
    _check_key(key, tree.depth)
    if key not in tree.leaves:
        return
    del tree.leaves[key]
    _update_path(tree, key, None)


def compute_smt_proof(tree: SparseMerkleTree, key: int) -> SmtProof:
    """The proof of `key`'s path, for membership if present, else for non-membership."""
    _check_key(key, tree.depth)
    index = 2**tree.depth + key
    siblings: list[Hash32] = []
    for height in range(tree.depth):
        siblings.append(tree.nodes.get(index ^ 1, SMT_DEFAULT_HASHES[height]))
        index >>= 1
    return SmtProof(tuple(siblings))


def _compute_root_from_proof(key: int, leaf_hash: Hash32, siblings: Sequence[Hash32]) -> Hash32:
    node = leaf_hash
    for height, sibling in enumerate(siblings):
        if (key >> height) & 1:
            node = compute_node_hash(sibling, node)
        else:
            node = compute_node_hash(node, sibling)
    return node


def _is_well_formed_proof(root: bytes, key: int, proof: SmtProof, depth: int) -> bool:
    return (
        _is_hash32(root)
        and SMT_MIN_DEPTH <= depth <= SMT_MAX_DEPTH
        and 0 <= key < 2**depth
        and len(proof.siblings) == depth
        and all(_is_hash32(sibling) for sibling in proof.siblings)
    )


def verify_smt_membership(
    root: bytes, key: int, value: bytes, proof: SmtProof, depth: int = SMT_DEFAULT_DEPTH
) -> bool:
    """Whether `proof` shows `key` holds `value` under `root`; False if malformed."""
    if not _is_well_formed_proof(root, key, proof, depth) or len(value) == 0:
        return False
    return _compute_root_from_proof(key, compute_leaf_hash(value), proof.siblings) == root


def verify_smt_non_membership(
    root: bytes, key: int, proof: SmtProof, depth: int = SMT_DEFAULT_DEPTH
) -> bool:
    """Whether `proof` shows `key` is absent under `root`; False if malformed."""
    if not _is_well_formed_proof(root, key, proof, depth):
        return False
    return _compute_root_from_proof(key, SMT_EMPTY_LEAF_HASH, proof.siblings) == root


def encode_smt_proof(proof: SmtProof) -> bytes:
    """A bitmap of non-default siblings, then those siblings; raises on bad depth or lengths."""
    depth = len(proof.siblings)
    _check_depth(depth)
    bitmap = 0
    present: list[bytes] = []
    for height, sibling in enumerate(proof.siblings):
        if len(sibling) != HASH32_LENGTH:
            raise TypeMismatch(f"a sibling is 32 bytes, got {len(sibling)} at height {height}")
        if sibling != SMT_DEFAULT_HASHES[height]:
            bitmap |= 1 << height
            present.append(sibling)
    return bitmap.to_bytes((depth + 7) // 8, "big") + b"".join(present)


def decode_smt_proof(data: bytes, depth: int) -> SmtProof:
    """The proof of a depth-`depth` tree from its bitmap encoding; raises on non-canonical input."""
    _check_depth(depth)
    bitmap_length = (depth + 7) // 8
    if len(data) < bitmap_length:
        raise InvalidLength(f"a depth-{depth} proof starts with a {bitmap_length}-byte bitmap")
    bitmap = int.from_bytes(data[:bitmap_length], "big")
    if bitmap >> depth != 0:
        raise NonCanonicalEncoding(f"a bitmap bit at or above bit {depth} is set")
    expected = bitmap_length + HASH32_LENGTH * bitmap.bit_count()
    if len(data) != expected:
        raise InvalidLength(f"the bitmap calls for {expected} bytes, got {len(data)}")
    siblings: list[Hash32] = []
    offset = bitmap_length
    for height in range(depth):
        if (bitmap >> height) & 1 == 0:
            siblings.append(SMT_DEFAULT_HASHES[height])
            continue
        sibling = Hash32(bytes(data[offset : offset + HASH32_LENGTH]))
        offset += HASH32_LENGTH
        if sibling == SMT_DEFAULT_HASHES[height]:
            raise NonCanonicalEncoding(f"the sibling at height {height} is the default hash")
        siblings.append(sibling)
    return SmtProof(tuple(siblings))
