"""Binary Merkle trees over Keccak-256: domain-separated leaves and nodes, the RFC 6962 shape for
any number of leaves, inclusion proofs. See specs/crypto/merkle.md."""

from collections.abc import Sequence
from typing import TypeAlias

from l2ref.crypto.hash import keccak256
from l2ref.errors import EmptyTree, InvalidLength, LeafIndexOutOfRange, TypeMismatch
from l2ref.types import HASH32_LENGTH, Hash32

MerkleProof: TypeAlias = tuple[Hash32, ...]

LEAF_PREFIX = b"\x00"

NODE_PREFIX = b"\x01"


def compute_leaf_hash(data: bytes) -> Hash32:
    """The hash of a leaf: Keccak-256 of the 0x00 prefix followed by `data`."""
    return keccak256(LEAF_PREFIX + data)


def compute_node_hash(left: Hash32, right: Hash32) -> Hash32:
    """The hash of an inner node: Keccak-256 of the 0x01 prefix, `left`, then `right`."""
    return keccak256(NODE_PREFIX + left + right)


def _is_hash32(value: object) -> bool:
    return isinstance(value, bytes) and len(value) == HASH32_LENGTH


def _split_point(leaf_count: int) -> int:
    # the largest power of two strictly below leaf_count, for leaf_count >= 2
    return 1 << ((leaf_count - 1).bit_length() - 1)


def _check_leaves(leaves: Sequence[bytes], index: int | None = None) -> None:
    if len(leaves) == 0:
        raise EmptyTree("a Merkle tree has at least one leaf")
    if index is not None and not 0 <= index < len(leaves):
        raise LeafIndexOutOfRange(f"leaf index {index} is not in [0, {len(leaves) - 1}]")


def compute_merkle_root_reference(leaves: Sequence[bytes]) -> Hash32:
    """The root of `leaves` by the recursive RFC 6962 split; raises EmptyTree if none."""
    _check_leaves(leaves)
    if len(leaves) == 1:
        return compute_leaf_hash(leaves[0])
    split = _split_point(len(leaves))
    left = compute_merkle_root_reference(leaves[:split])
    right = compute_merkle_root_reference(leaves[split:])
    return compute_node_hash(left, right)


def compute_merkle_proof_reference(leaves: Sequence[bytes], index: int) -> MerkleProof:
    """The siblings of leaf `index`, leaf to root, by the recursive RFC 6962 split."""
    _check_leaves(leaves, index)
    if len(leaves) == 1:
        return ()
    split = _split_point(len(leaves))
    if index < split:
        path = compute_merkle_proof_reference(leaves[:split], index)
        return (*path, compute_merkle_root_reference(leaves[split:]))
    path = compute_merkle_proof_reference(leaves[split:], index - split)
    return (*path, compute_merkle_root_reference(leaves[:split]))


def _next_level(level: list[Hash32]) -> list[Hash32]:
    # neighbours are hashed in pairs; an odd last node moves up unchanged, never paired with itself
    parents = [compute_node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
    if len(level) % 2 == 1:
        parents.append(level[-1])
    return parents


def compute_merkle_root(leaves: Sequence[bytes]) -> Hash32:
    """The root of `leaves`, built level by level; raises EmptyTree if there are none."""
    _check_leaves(leaves)
    level = [compute_leaf_hash(leaf) for leaf in leaves]
    while len(level) > 1:
        level = _next_level(level)
    return level[0]


def compute_merkle_proof(leaves: Sequence[bytes], index: int) -> MerkleProof:
    """The siblings of leaf `index`, leaf to root; raises EmptyTree or LeafIndexOutOfRange."""
    _check_leaves(leaves, index)
    level = [compute_leaf_hash(leaf) for leaf in leaves]
    path: list[Hash32] = []
    while len(level) > 1:
        # the last node of an odd level has no sibling and adds nothing to the path
        if index ^ 1 < len(level):
            path.append(level[index ^ 1])
        level = _next_level(level)
        index //= 2
    return tuple(path)


def verify_merkle_proof(
    root: Hash32, leaf_data: bytes, index: int, leaf_count: int, proof: MerkleProof
) -> bool:
    """Whether `proof` puts `leaf_data` at `index` of `leaf_count` leaves under `root`."""
    if not _is_hash32(root) or not 0 <= index < leaf_count:
        return False
    if not all(_is_hash32(sibling) for sibling in proof):
        return False
    node = compute_leaf_hash(leaf_data)
    used = 0
    width = leaf_count
    while width > 1:
        # the node is number `index` of the `width` nodes of its level
        if index % 2 == 1 or index + 1 < width:
            if used == len(proof):
                return False
            sibling = proof[used]
            used += 1
            if index % 2 == 1:
                node = compute_node_hash(sibling, node)
            else:
                node = compute_node_hash(node, sibling)
        index //= 2
        width = (width + 1) // 2
    return used == len(proof) and node == root


def encode_merkle_proof(proof: MerkleProof) -> bytes:
    """The siblings concatenated; raises TypeMismatch if one is not 32 bytes long."""
    for sibling in proof:
        if len(sibling) != HASH32_LENGTH:
            raise TypeMismatch(f"a proof element is 32 bytes, got {len(sibling)}")
    return b"".join(proof)


def decode_merkle_proof(data: bytes) -> MerkleProof:
    """Split `data` into 32-byte siblings; raises InvalidLength unless a multiple of 32."""
    if len(data) % HASH32_LENGTH != 0:
        raise InvalidLength(f"a Merkle proof is a multiple of 32 bytes, got {len(data)}")
    starts = range(0, len(data), HASH32_LENGTH)
    return tuple(Hash32(bytes(data[start : start + HASH32_LENGTH])) for start in starts)
