"""Merkle trees and sparse Merkle trees: roots, updates, proofs and verifications per second, for
l2ref's fast functions and for their reference definitions, with the cost of the Keccak-256 calls
alone (the floor for any Python implementation that uses l2ref's keccak256).

Run: .venv/bin/python -m bench.bench_merkle
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable

from bench.common import Measurement, machine, ops_per_second, table
from l2ref.crypto.hash import keccak256
from l2ref.crypto.merkle import (
    compute_merkle_proof,
    compute_merkle_root,
    compute_merkle_root_reference,
    verify_merkle_proof,
)
from l2ref.crypto.smt import (
    SMT_DEFAULT_DEPTH,
    compute_smt_proof,
    compute_smt_root_reference,
    decode_smt_proof,
    encode_smt_proof,
    new_sparse_merkle_tree,
    smt_root,
    smt_set,
    verify_smt_membership,
    verify_smt_non_membership,
)

MERKLE_LEAVES = 2**14
SMT_KEYS = 2000
ROUNDS = 3


def _best_seconds(job: Callable[[], object], rounds: int = ROUNDS) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        job()
        best = min(best, time.perf_counter() - start)
    return best


def _merkle() -> None:
    rng = random.Random("bench merkle")
    leaves = [rng.randbytes(32) for _ in range(MERKLE_LEAVES)]
    root = compute_merkle_root(leaves)
    assert root == compute_merkle_root_reference(leaves)
    hashes = 2 * MERKLE_LEAVES - 1
    leaf_inputs = [b"\x00" + leaf for leaf in leaves]
    node_input = b"\x01" + bytes(64)

    def keccak_only() -> None:
        for data in leaf_inputs:
            keccak256(data)
        for _ in range(MERKLE_LEAVES - 1):
            keccak256(node_input)

    rows = [
        Measurement(
            "compute_merkle_root (level by level)",
            MERKLE_LEAVES / _best_seconds(lambda: compute_merkle_root(leaves)),
        ),
        Measurement(
            "compute_merkle_root_reference (recursive)",
            MERKLE_LEAVES / _best_seconds(lambda: compute_merkle_root_reference(leaves)),
        ),
        Measurement(
            f"keccak256 alone ({hashes:,} calls)", MERKLE_LEAVES / _best_seconds(keccak_only)
        ),
    ]
    print(table("Merkle root of 2^14 32-byte leaves (leaves/s)", rows, rows[1].label))
    print()

    indices = [rng.randrange(MERKLE_LEAVES) for _ in range(64)]
    proofs = [compute_merkle_proof(leaves, index) for index in indices]

    def verify(i: int) -> object:
        index = indices[i % 64]
        return verify_merkle_proof(root, leaves[index], index, MERKLE_LEAVES, proofs[i % 64])

    rows = [
        Measurement(
            "compute_merkle_proof (hashes the whole tree)",
            ops_per_second(lambda i: compute_merkle_proof(leaves, indices[i % 64]), 3),
        ),
        Measurement("verify_merkle_proof (14 node hashes)", ops_per_second(verify, 4000)),
    ]
    print(table("Merkle proofs, 2^14 leaves (proofs/s)", rows, rows[0].label))
    print()


def _smt() -> None:
    rng = random.Random("bench smt")
    keys = [rng.getrandbits(256) for _ in range(SMT_KEYS)]
    values = [rng.randbytes(32) for _ in range(SMT_KEYS)]

    def insert_all() -> object:
        tree = new_sparse_merkle_tree(SMT_DEFAULT_DEPTH)
        for key, value in zip(keys, values, strict=True):
            smt_set(tree, key, value)
        return tree

    insert_seconds = _best_seconds(insert_all)
    tree = new_sparse_merkle_tree(SMT_DEFAULT_DEPTH)
    for key, value in zip(keys, values, strict=True):
        smt_set(tree, key, value)
    mapping = dict(zip(keys, values, strict=True))
    assert smt_root(tree) == compute_smt_root_reference(mapping, SMT_DEFAULT_DEPTH)

    changed = [rng.randbytes(32) for _ in range(SMT_KEYS)]

    def update_all() -> None:
        for key, value in zip(keys, changed, strict=True):
            smt_set(tree, key, value)
        for key, value in zip(keys, values, strict=True):
            smt_set(tree, key, value)

    update_seconds = _best_seconds(update_all) / 2
    reference_seconds = _best_seconds(
        lambda: compute_smt_root_reference(mapping, SMT_DEFAULT_DEPTH), rounds=1
    )
    node_input = b"\x01" + bytes(64)

    def keccak_only() -> None:
        for _ in range(SMT_KEYS * (SMT_DEFAULT_DEPTH + 1)):
            keccak256(node_input)

    keccak_seconds = _best_seconds(keccak_only, rounds=1)
    rows = [
        Measurement("smt_set, insert into a growing tree", SMT_KEYS / insert_seconds),
        Measurement("smt_set, change the value of a present key", SMT_KEYS / update_seconds),
        Measurement(
            "compute_smt_root_reference of all 2,000 keys at once (keys/s)",
            SMT_KEYS / reference_seconds,
        ),
        Measurement("keccak256 alone (257 calls per update)", SMT_KEYS / keccak_seconds),
    ]
    print(table("SMT updates, depth 256, 2,000 random keys (updates/s)", rows, rows[0].label))
    print()

    proofs = [compute_smt_proof(tree, key) for key in keys[:64]]
    absent = [rng.getrandbits(256) for _ in range(64)]
    absent_proofs = [compute_smt_proof(tree, key) for key in absent]
    encoded = [encode_smt_proof(proof) for proof in proofs]
    root = smt_root(tree)
    assert all(
        verify_smt_non_membership(root, k, p) for k, p in zip(absent, absent_proofs, strict=True)
    )

    rows = [
        Measurement(
            "compute_smt_proof",
            ops_per_second(lambda i: compute_smt_proof(tree, keys[i % 64]), 4000),
        ),
        Measurement(
            "verify_smt_membership",
            ops_per_second(
                lambda i: verify_smt_membership(root, keys[i % 64], values[i % 64], proofs[i % 64]),
                600,
            ),
        ),
        Measurement(
            "verify_smt_non_membership",
            ops_per_second(
                lambda i: verify_smt_non_membership(root, absent[i % 64], absent_proofs[i % 64]),
                600,
            ),
        ),
        Measurement(
            "encode_smt_proof", ops_per_second(lambda i: encode_smt_proof(proofs[i % 64]), 4000)
        ),
        Measurement(
            "decode_smt_proof",
            ops_per_second(lambda i: decode_smt_proof(encoded[i % 64], SMT_DEFAULT_DEPTH), 4000),
        ),
    ]
    print(table("SMT proofs, depth 256, 2,000 keys", rows, rows[1].label))
    print()
    sizes = sorted(len(e) for e in encoded)
    node_bytes = sys.getsizeof(tree.nodes) + sum(
        sys.getsizeof(index) + sys.getsizeof(node) for index, node in tree.nodes.items()
    )
    print(
        f"Tree of {SMT_KEYS:,} keys: {len(tree.nodes):,} stored nodes "
        f"({len(tree.nodes) / SMT_KEYS:.0f} per key, about {node_bytes / 2**20:.0f} MiB); "
        f"compact proofs {sizes[0]}-{sizes[-1]} bytes (median {sizes[len(sizes) // 2]}) "
        f"instead of {32 * SMT_DEFAULT_DEPTH:,}."
    )


def main() -> None:
    print(f"Merkle trees, {machine()}, best of {ROUNDS} rounds")
    print()
    _merkle()
    _smt()


if __name__ == "__main__":
    main()
