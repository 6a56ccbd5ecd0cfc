"""Vector suites for specs/crypto/merkle.md and specs/crypto/smt.md."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from l2ref.crypto.hash import keccak256
from l2ref.crypto.merkle import (
    compute_leaf_hash,
    compute_merkle_proof,
    compute_merkle_root,
    compute_node_hash,
    decode_merkle_proof,
    encode_merkle_proof,
    verify_merkle_proof,
)
from l2ref.crypto.smt import (
    SMT_DEFAULT_HASHES,
    SmtProof,
    SparseMerkleTree,
    compute_smt_proof,
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
from l2ref.vectorgen.codec import Codec, from_json, register_codec, schema_of, to_json
from l2ref.vectorgen.core import Case, Note, Suite, case_rng, declare

MERKLE_VALUES = (
    "Leaves, roots and proof elements are 0x-hex; a proof is a list of 32-byte hashes, leaf level "
    "first; index and leaf_count are decimal strings. Leaves are the ASCII strings leaf-0, "
    "leaf-1, ... unless the case name says otherwise."
)

SMT_VALUES = (
    "depth and keys are decimal strings; values, roots and siblings are 0x-hex; a proof is the "
    "list of its depth siblings, leaf level first. leaves is a list of {key, value} set in order "
    "with smt_set on new_sparse_merkle_tree(depth). Values are the ASCII strings value-0, "
    "value-1, ..."
)

Siblings = tuple[Hash32, ...]

Hashes = tuple[bytes, ...]

# an SmtProof is written as the list of its siblings, leaf level first
register_codec(
    SmtProof,
    Codec(
        encode=lambda proof: to_json(proof.siblings, Siblings),
        decode=lambda data, what: SmtProof(from_json(data, Siblings, what)),
        schema=schema_of(Siblings),
    ),
)

NOTES = {
    "SingleLeaf": Note("EDGE_CASE", "One leaf: the root is its leaf hash, its proof is empty."),
    "OddLeafCount": Note(
        "FUNCTIONALITY",
        "A leaf count that is not a power of two: the tree splits at the largest power of two "
        "below n (RFC 6962); an odd last node moves up unchanged and is never paired with itself.",
    ),
    "EmptyLeafData": Note(
        "EDGE_CASE", "A leaf of zero bytes; its hash is keccak256(0x00), not 32 zero bytes."
    ),
    "DomainSeparation": Note(
        "SECURITY",
        "A 64-byte leaf equal to the two child hashes of an inner node: without the 0x00 and 0x01 "
        "prefixes it would hash to that node, a second preimage of the tree.",
    ),
    "NoDuplication": Note(
        "SECURITY",
        "[a, b, c] and [a, b, c, c] have different roots, and c cannot be proved as a fourth "
        "leaf of the three-leaf root (Bitcoin's duplication rule, CVE-2012-2459).",
    ),
    "NoLeaves": Note("EDGE_CASE", "An empty list of leaves has no root: EmptyTree."),
    "IndexRange": Note("SECURITY", "An index below 0 or at least the leaf count."),
    "Tampered": Note(
        "SECURITY", "One byte changed (xor 0x01) in the root, the leaf or one proof element."
    ),
    "WrongPosition": Note(
        "SECURITY", "A valid proof checked at another index or against another leaf count."
    ),
    "ProofLength": Note(
        "SECURITY", "A proof with an element missing or added, emptied, or in reverse order."
    ),
    "HashLength": Note("SECURITY", "A root, proof element or sibling that is not 32 bytes."),
    "LeafCountFromCommitment": Note(
        "SECURITY",
        "Leaf c of [a, b, c] proved as index 1 of a two-leaf tree: it verifies, so a verifier "
        "MUST take leaf_count from its own record of the commitment, not from the prover.",
    ),
    "WrongLength": Note("EDGE_CASE", "Data whose length the format does not allow."),
    "EmptySmt": Note("EDGE_CASE", "The empty tree: its root is the default hash Z_depth."),
    "DefaultHashes": Note(
        "FUNCTIONALITY",
        "Z_0 is 32 zero bytes and Z_(h+1) = keccak256(0x01 || Z_h || Z_h): the root of an empty "
        "subtree of height h.",
    ),
    "DepthRange": Note("SECURITY", "A depth outside [1, 256]."),
    "KeyRange": Note("SECURITY", "A key outside [0, 2^depth)."),
    "EmptyValue": Note(
        "SECURITY",
        "The empty value: no present key has it (smt_set raises EmptyLeafValue, membership is "
        "false); absence is expressed by deletion.",
    ),
    "ExtremeKeys": Note("EDGE_CASE", "The keys 0 and 2^depth - 1, the left- and right-most leaf."),
    "FullTree": Note(
        "FUNCTIONALITY",
        "Every key of a small depth present: the root is compute_merkle_root of the values in key "
        "order, and no sibling of any path is a default hash.",
    ),
    "Overwrite": Note("FUNCTIONALITY", "A key set twice: the last value counts."),
    "HashedKeys": Note(
        "FUNCTIONALITY",
        "Depth 256 with keys keccak256('l2ref smt key <i>') read as big-endian integers, as the "
        "L1 model derives account and storage keys.",
    ),
    "DeleteAll": Note(
        "FUNCTIONALITY", "Deleting every key leaves the empty tree, whose root is Z_depth."
    ),
    "AbsentKey": Note(
        "FUNCTIONALITY", "A key that is not in the tree: deleting it changes nothing."
    ),
    "WrongStatement": Note(
        "SECURITY",
        "A valid proof used for another statement: another value, another key, or membership "
        "instead of non-membership and the reverse.",
    ),
    "WrongDepth": Note(
        "SECURITY", "A valid proof checked against another depth (its length is the depth)."
    ),
    "SiblingCount": Note("SECURITY", "A proof with fewer or more siblings than the depth."),
    "BitmapOrder": Note(
        "FUNCTIONALITY",
        "The bitmap is the big-endian integer whose bit h marks the sibling at height h; the "
        "marked siblings follow in increasing height.",
    ),
    "PaddingBits": Note(
        "SECURITY",
        "A bitmap bit at or above bit depth is set: a second encoding, rejected as "
        "NonCanonicalEncoding.",
    ),
    "DefaultMarked": Note(
        "SECURITY",
        "A sibling equal to the default hash of its height marked present: a second encoding of "
        "the same proof, rejected as NonCanonicalEncoding.",
    ),
}


@dataclass(frozen=True)
class SmtEntry:
    """One entry of a case's tree: smt_set(tree, key, value)."""

    key: int
    value: bytes


def _tree(depth: int, leaves: Sequence[SmtEntry]) -> SparseMerkleTree:
    tree = new_sparse_merkle_tree(depth)
    for entry in leaves:
        smt_set(tree, entry.key, entry.value)
    return tree


def _smt_root(depth: int, leaves: tuple[SmtEntry, ...]) -> Hash32:
    """smt_root of the tree of `leaves` set in order on new_sparse_merkle_tree(depth)."""
    return smt_root(_tree(depth, leaves))


def _smt_delete(depth: int, leaves: tuple[SmtEntry, ...], delete: tuple[int, ...]) -> Hash32:
    """smt_root of the tree of `leaves` after smt_delete of each key of `delete` in order."""
    tree = _tree(depth, leaves)
    for key in delete:
        smt_delete(tree, key)
    return smt_root(tree)


def _compute_smt_proof(depth: int, leaves: tuple[SmtEntry, ...], key: int) -> SmtProof:
    """compute_smt_proof(tree, key) on the tree of `leaves`."""
    return compute_smt_proof(_tree(depth, leaves), key)


# ----------------------------------------------------------------------------- inputs


def _leaves(count: int) -> list[bytes]:
    return [f"leaf-{i}".encode() for i in range(count)]


def _flip(data: bytes, position: int) -> bytes:
    return data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1 :]


def _value(number: int) -> bytes:
    return f"value-{number}".encode()


def _hashed_key(number: int) -> int:
    return int.from_bytes(keccak256(f"l2ref smt key {number}".encode()), "big")


def _random_keys(suite: str, name: str, depth: int, count: int) -> list[int]:
    rng = case_rng(suite, name)
    keys: list[int] = []
    while len(keys) < count:
        key = rng.randrange(2**depth)
        if key not in keys:
            keys.append(key)
    return keys


def _numbered(keys: list[int]) -> list[SmtEntry]:
    return [SmtEntry(key, _value(number)) for number, key in enumerate(keys)]


def _own_values(keys: range) -> list[SmtEntry]:
    return [SmtEntry(key, _value(key)) for key in keys]


def _root_of(depth: int, entries: list[SmtEntry]) -> Hash32:
    return smt_root(_tree(depth, entries))


def _minus(number: int) -> str:
    return str(number).replace("-", "minus_")


# ----------------------------------------------------------------------------- Merkle cases


def _root_cases() -> list[Case]:
    cases: list[Case] = []
    for count in (1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 17):
        leaves = _leaves(count)
        flags = ("SingleLeaf",) if count == 1 else ("OddLeafCount",) if count & (count - 1) else ()
        hashes = {"leaf_hashes": [compute_leaf_hash(x) for x in leaves]} if count <= 9 else {}
        cases.append(Case(f"leaves_{count}", {"leaves": leaves}, flags=flags, intermediate=hashes))
    abc = [b"a", b"b", b"c"]
    inner = compute_leaf_hash(b"a") + compute_leaf_hash(b"b")
    return [
        *cases,
        Case("one_empty_leaf", {"leaves": [b""]}, flags=("SingleLeaf", "EmptyLeafData")),
        Case(
            "empty_leaf_among_others", {"leaves": [b"\x01", b"", b"\x02"]}, flags=("EmptyLeafData",)
        ),
        Case(
            "inner_node_as_leaf",
            {"leaves": [inner]},
            flags=("DomainSeparation",),
            intermediate={"root_of_a_b": compute_merkle_root([b"a", b"b"])},
        ),
        Case("a_b_c", {"leaves": abc}, flags=("OddLeafCount",)),
        Case(
            "a_b_c_c",
            {"leaves": [*abc, b"c"]},
            flags=("NoDuplication",),
            intermediate={"root_of_a_b_c": compute_merkle_root(abc)},
        ),
        Case("no_leaves", {"leaves": []}, "EmptyTree", ("NoLeaves",)),
    ]


def _proof_cases() -> list[Case]:
    cases: list[Case] = []
    for count, indices in (
        *((count, range(count)) for count in (1, 2, 3, 5, 7)),
        (16, (0, 14, 15)),
        (17, (0, 15, 16)),
    ):
        leaves = _leaves(count)
        root = compute_merkle_root(leaves)
        odd = count & (count - 1) != 0
        flags = ("SingleLeaf",) if count == 1 else ("OddLeafCount",) if odd else ()
        for index in indices:
            given = {"leaves": leaves, "index": index}
            cases.append(
                Case(
                    f"leaves_{count}_index_{index}", given, flags=flags, intermediate={"root": root}
                )
            )
    for index, label in ((5, "5"), (-1, "minus_1"), (2**256, "2_256")):
        given = {"leaves": _leaves(5), "index": index}
        cases.append(Case(f"leaves_5_index_{label}", given, "LeafIndexOutOfRange", ("IndexRange",)))
    return [*cases, Case("no_leaves", {"leaves": [], "index": 0}, "EmptyTree", ("NoLeaves",))]


def _verify_cases() -> list[Case]:

    def given(
        root: bytes, leaf: bytes, index: int, leaf_count: int, proof: Hashes
    ) -> dict[str, object]:
        return {
            "root": root,
            "leaf_data": leaf,
            "index": index,
            "leaf_count": leaf_count,
            "proof": proof,
        }

    cases: list[Case] = []
    for count, index in ((1, 0), (2, 1), (7, 0), (7, 3), (7, 6), (17, 16), (16, 9)):
        leaves = _leaves(count)
        path = compute_merkle_proof(leaves, index)
        flags = ("SingleLeaf",) if count == 1 else ("OddLeafCount",) if count in (7, 17) else ()
        valid = given(compute_merkle_root(leaves), leaves[index], index, count, path)
        cases.append(Case(f"valid_{count}_leaves_index_{index}", valid, flags=flags))
    leaves = _leaves(7)
    root, leaf = compute_merkle_root(leaves), leaves[3]
    proof: Hashes = compute_merkle_proof(leaves, 3)
    four = _leaves(4)
    l0, l1 = compute_leaf_hash(four[0]), compute_leaf_hash(four[1])
    abc = [b"a", b"b", b"c"]
    a, b, c = (compute_leaf_hash(x) for x in abc)
    rows: list[tuple[str, str, tuple[bytes, bytes, int, int, Hashes]]] = [
        ("root_byte_0_flipped", "Tampered", (_flip(root, 0), leaf, 3, 7, proof)),
        ("root_byte_31_flipped", "Tampered", (_flip(root, 31), leaf, 3, 7, proof)),
        ("leaf_byte_flipped", "Tampered", (root, _flip(leaf, 5), 3, 7, proof)),
        ("other_leaf", "Tampered", (root, leaves[2], 3, 7, proof)),
        *(
            (
                f"element_{i}_flipped",
                "Tampered",
                (root, leaf, 3, 7, (*proof[:i], _flip(proof[i], 17), *proof[i + 1 :])),
            )
            for i in range(len(proof))
        ),
        ("index_2", "WrongPosition", (root, leaf, 2, 7, proof)),
        ("index_4", "WrongPosition", (root, leaf, 4, 7, proof)),
        ("leaf_count_4", "WrongPosition", (root, leaf, 3, 4, proof)),
        ("leaf_count_9", "WrongPosition", (root, leaf, 3, 9, proof)),
        ("index_equals_leaf_count", "IndexRange", (root, leaves[6], 7, 7, proof)),
        ("index_minus_1", "IndexRange", (root, leaf, -1, 7, proof)),
        ("leaf_count_0", "IndexRange", (root, leaf, 0, 0, proof)),
        ("leaf_count_minus_1", "IndexRange", (root, leaf, 0, -1, proof)),
        ("truncated", "ProofLength", (root, leaf, 3, 7, proof[:-1])),
        ("first_element_dropped", "ProofLength", (root, leaf, 3, 7, proof[1:])),
        ("extended", "ProofLength", (root, leaf, 3, 7, (*proof, keccak256(b"extra")))),
        ("extended_with_zero", "ProofLength", (root, leaf, 3, 7, (*proof, bytes(32)))),
        ("empty_proof", "ProofLength", (root, leaf, 3, 7, ())),
        ("reversed", "ProofLength", (root, leaf, 3, 7, tuple(reversed(proof)))),
        ("element_31_bytes", "HashLength", (root, leaf, 3, 7, (*proof[:2], proof[2][:31]))),
        ("element_33_bytes", "HashLength", (root, leaf, 3, 7, (*proof[:2], proof[2] + b"\x00"))),
        ("root_31_bytes", "HashLength", (root[:31], leaf, 3, 7, proof)),
        ("root_empty", "HashLength", (b"", leaf, 3, 7, proof)),
        (
            "inner_node_as_leaf",
            "DomainSeparation",
            (compute_merkle_root(four), l0 + l1, 0, 2, (compute_merkle_root(four[2:]),)),
        ),
        (
            "duplicated_last_leaf",
            "NoDuplication",
            (compute_merkle_root(abc), b"c", 3, 4, (c, compute_node_hash(a, b))),
        ),
    ]
    from_commitment = ("LeafCountFromCommitment",)
    abc_path = compute_merkle_proof(abc, 2)
    return [
        *cases,
        *(Case(name, given(*values), "invalid", (flag,)) for name, flag, values in rows),
        Case(
            "leaf_count_from_commitment",
            given(compute_merkle_root(abc), b"c", 1, 2, abc_path),
            flags=from_commitment,
        ),
        Case("leaf_count_8_same_path", given(root, leaf, 3, 8, proof), flags=from_commitment),
    ]


def _encode_merkle_cases() -> list[Case]:
    words = [keccak256(f"element {i}".encode()) for i in range(3)]
    return [
        Case("empty", {"proof": []}, flags=("SingleLeaf",)),
        Case("one_element", {"proof": words[:1]}),
        Case("three_elements", {"proof": words}),
        Case(
            "element_31_bytes",
            {"proof": [words[0], words[1][:31]]},
            "TypeMismatch",
            ("HashLength",),
        ),
    ]


def _decode_merkle_cases() -> list[Case]:
    data = b"".join(keccak256(f"element {i}".encode()) for i in range(3))
    return [
        Case("empty", {"data": b""}, flags=("SingleLeaf",)),
        Case("32_bytes", {"data": data[:32]}),
        Case("96_bytes", {"data": data}),
        *(
            Case(f"{length}_bytes", {"data": data[:length]}, "InvalidLength", ("WrongLength",))
            for length in (1, 31, 33, 95)
        ),
    ]


# ----------------------------------------------------------------------------- SMT cases


def _empty_root_cases() -> list[Case]:
    return [
        *(
            Case(f"depth_{depth}", {"depth": depth}, flags=("EmptySmt", "DefaultHashes"))
            for depth in (1, 2, 8, 16, 32, 64, 160, 255, 256)
        ),
        *(
            Case(f"depth_{_minus(depth)}", {"depth": depth}, "InvalidTreeDepth", ("DepthRange",))
            for depth in (0, 257, -1)
        ),
    ]


def _smt_root_cases() -> list[Case]:
    suite = "crypto/smt_root"

    def case(
        name: str,
        depth: int,
        entries: list[SmtEntry],
        flags: str = "",
        *,
        expect: str = "valid",
        **extra: object,
    ) -> Case:
        return Case(name, {"depth": depth, "leaves": entries}, expect, tuple(flags.split()), extra)

    full = _own_values(range(8))
    v0, v1 = _value(0), _value(1)
    e = SmtEntry
    return [
        case("depth_1_empty", 1, [], "EmptySmt"),
        case("depth_1_key_0", 1, [e(0, v0)], "ExtremeKeys"),
        case("depth_1_key_1", 1, [e(1, v0)], "ExtremeKeys"),
        case("depth_1_both_keys", 1, [e(0, v0), e(1, v1)], "FullTree"),
        case("depth_3_keys_1_and_6", 3, [e(1, b"v1"), e(6, b"v6")]),
        case(
            "depth_3_full",
            3,
            full,
            "FullTree",
            merkle_root=compute_merkle_root([x.value for x in full]),
        ),
        case("depth_8_extreme_keys", 8, [e(0, v0), e(255, v1)], "ExtremeKeys"),
        case("depth_8_random_keys", 8, _numbered(_random_keys(suite, "depth_8", 8, 5))),
        case("depth_16_random_keys", 16, _numbered(_random_keys(suite, "depth_16", 16, 10))),
        case("depth_256_empty", 256, [], "EmptySmt"),
        case("depth_256_key_0", 256, [e(0, v0)], "ExtremeKeys"),
        case("depth_256_key_max", 256, [e(2**256 - 1, v0)], "ExtremeKeys"),
        case(
            "depth_256_hashed_keys",
            256,
            _numbered([_hashed_key(i) for i in range(6)]),
            "HashedKeys",
        ),
        case("depth_8_overwrite", 8, [e(7, v0), e(9, v1), e(7, _value(2))], "Overwrite"),
        case("depth_0", 0, [], "DepthRange", expect="InvalidTreeDepth"),
        case("depth_257", 257, [], "DepthRange", expect="InvalidTreeDepth"),
        case("depth_8_key_256", 8, [e(256, v0)], "KeyRange", expect="KeyOutOfRange"),
        case("depth_8_key_minus_1", 8, [e(-1, v0)], "KeyRange", expect="KeyOutOfRange"),
        case("depth_256_key_2_256", 256, [e(2**256, v0)], "KeyRange", expect="KeyOutOfRange"),
        case("empty_value", 8, [e(3, v0), e(4, b"")], "EmptyValue", expect="EmptyLeafValue"),
    ]


def _smt_delete_cases() -> list[Case]:
    suite = "crypto/smt_delete"

    def case(
        name: str,
        depth: int,
        entries: list[SmtEntry],
        delete: list[int],
        flags: str = "",
        *,
        expect: str = "valid",
    ) -> Case:
        given = {"depth": depth, "leaves": entries, "delete": delete}
        return Case(name, given, expect, tuple(flags.split()))

    keys8 = _random_keys(suite, "depth_8", 8, 3)
    keys256 = [_hashed_key(i) for i in range(4)]
    absent = next(k for k in range(256) if k not in keys8)
    return [
        case("depth_8_one_of_three", 8, _numbered(keys8), keys8[1:2]),
        case("depth_8_absent_key", 8, _numbered(keys8), [absent], "AbsentKey"),
        case("depth_8_all", 8, _numbered(keys8), keys8, "DeleteAll"),
        case("depth_8_twice", 8, _numbered(keys8), [keys8[0], keys8[0]], "AbsentKey"),
        case("depth_3_full_but_one", 3, _own_values(range(8)), [5]),
        case("depth_256_one_of_four", 256, _numbered(keys256), keys256[2:3], "HashedKeys"),
        case("depth_256_all", 256, _numbered(keys256), keys256[::-1], "HashedKeys DeleteAll"),
        case("depth_8_key_256", 8, _numbered(keys8), [256], "KeyRange", expect="KeyOutOfRange"),
    ]


def _smt_proof_cases() -> list[Case]:
    suite = "crypto/compute_smt_proof"

    def case(
        name: str,
        depth: int,
        entries: list[SmtEntry],
        key: int,
        flags: str = "",
        *,
        expect: str = "valid",
    ) -> Case:
        extra: dict[str, object] = {}
        if expect == "valid":
            tree = _tree(depth, entries)
            compact = encode_smt_proof(compute_smt_proof(tree, key))
            extra = {"root": smt_root(tree), "compact": compact}
        given = {"depth": depth, "leaves": entries, "key": key}
        return Case(name, given, expect, tuple(flags.split()), extra)

    keys8 = _random_keys(suite, "depth_8", 8, 6)
    keys16 = _random_keys(suite, "depth_16", 16, 10)
    keys256 = [_hashed_key(i) for i in range(5)]
    absent8 = next(k for k in range(256) if k not in keys8)
    two = [SmtEntry(1, b"v1"), SmtEntry(6, b"v6")]
    return [
        case("depth_3_key_6", 3, two, 6),
        case("depth_3_absent_key_7", 3, two, 7, "AbsentKey"),
        case("depth_3_full_key_5", 3, _own_values(range(8)), 5, "FullTree"),
        case("depth_8_present", 8, _numbered(keys8), keys8[2]),
        case("depth_8_absent", 8, _numbered(keys8), absent8, "AbsentKey"),
        case("depth_8_empty_tree", 8, [], 77, "EmptySmt"),
        case("depth_16_present", 16, _numbered(keys16), keys16[7]),
        case("depth_256_present", 256, _numbered(keys256), keys256[1], "HashedKeys"),
        case("depth_256_absent", 256, _numbered(keys256), _hashed_key(99), "HashedKeys AbsentKey"),
        case("depth_8_key_256", 8, _numbered(keys8), 256, "KeyRange", expect="KeyOutOfRange"),
    ]


def _valid_depths(suite: str) -> list[tuple[int, list[int], tuple[str, ...]]]:
    return [
        (3, [1, 6], ()),
        (8, _random_keys(suite, "depth_8", 8, 6), ()),
        (16, _random_keys(suite, "depth_16", 16, 10), ()),
        (256, [_hashed_key(i) for i in range(5)], ("HashedKeys",)),
    ]


def _membership_cases() -> list[Case]:
    suite = "crypto/verify_smt_membership"

    def given(
        root: bytes, key: int, value: bytes, siblings: Hashes, depth: int
    ) -> dict[str, object]:
        return {"root": root, "key": key, "value": value, "proof": _proof(siblings), "depth": depth}

    cases: list[Case] = []
    for depth, keys, flags in _valid_depths(suite):
        tree = _tree(depth, _numbered(keys))
        entry = _numbered(keys)[1]
        siblings = compute_smt_proof(tree, entry.key).siblings
        valid = given(smt_root(tree), entry.key, entry.value, siblings, depth)
        cases.append(Case(f"valid_depth_{depth}", valid, flags=flags))
    entries = _numbered(_random_keys(suite, "malformed", 8, 6))
    tree = _tree(8, entries)
    root, key, value = smt_root(tree), entries[0].key, entries[0].value
    path: Hashes = compute_smt_proof(tree, key).siblings
    absent = next(k for k in range(256) if k not in {x.key for x in entries})
    high = max(h for h in range(8) if path[h] != SMT_DEFAULT_HASHES[h])

    def replaced(height: int, sibling: bytes) -> Hashes:
        return (*path[:height], sibling, *path[height + 1 :])

    rows: list[tuple[str, str, tuple[bytes, int, bytes, Hashes, int]]] = [
        ("root_flipped", "Tampered", (_flip(root, 0), key, value, path, 8)),
        (
            "leaf_level_sibling_flipped",
            "Tampered",
            (root, key, value, replaced(0, _flip(path[0], 3)), 8),
        ),
        (
            f"sibling_{high}_flipped",
            "Tampered",
            (root, key, value, replaced(high, _flip(path[high], 31)), 8),
        ),
        ("other_value", "WrongStatement", (root, key, entries[1].value, path, 8)),
        ("value_with_extra_byte", "WrongStatement", (root, key, value + b"\x00", path, 8)),
        ("neighbour_key", "WrongStatement", (root, key ^ 1, value, path, 8)),
        (
            "absent_key_with_its_proof",
            "WrongStatement",
            (root, absent, value, compute_smt_proof(tree, absent).siblings, 8),
        ),
        ("empty_value", "EmptyValue", (root, key, b"", path, 8)),
        ("siblings_7", "SiblingCount", (root, key, value, path[:7], 8)),
        ("siblings_9", "SiblingCount", (root, key, value, (*path, bytes(32)), 8)),
        ("siblings_0", "SiblingCount", (root, key, value, (), 8)),
        ("sibling_31_bytes", "HashLength", (root, key, value, replaced(high, path[high][:31]), 8)),
        (
            "sibling_33_bytes",
            "HashLength",
            (root, key, value, replaced(high, path[high] + b"\x00"), 8),
        ),
        ("root_31_bytes", "HashLength", (root[:31], key, value, path, 8)),
        ("key_256", "KeyRange", (root, 256, value, path, 8)),
        ("key_minus_1", "KeyRange", (root, -1, value, path, 8)),
        ("depth_0", "DepthRange", (root, key, value, (), 0)),
        ("depth_257", "DepthRange", (root, key, value, (*path, *SMT_DEFAULT_HASHES[8:257]), 257)),
        ("depth_7", "WrongDepth", (root, key, value, path, 7)),
        ("depth_256", "WrongDepth", (root, key, value, path, 256)),
    ]
    return [
        *cases,
        Case("valid_base", given(root, key, value, path, 8)),
        *(Case(name, given(*values), "invalid", (flag,)) for name, flag, values in rows),
    ]


def _proof(siblings: Sequence[bytes]) -> SmtProof:
    # a case's proof may hold siblings of any length: the codec writes them as they are
    return SmtProof(tuple(Hash32(sibling) for sibling in siblings))


def _non_membership_cases() -> list[Case]:
    suite = "crypto/verify_smt_non_membership"

    def given(root: bytes, key: int, siblings: Hashes, depth: int) -> dict[str, object]:
        return {"root": root, "key": key, "proof": _proof(siblings), "depth": depth}

    cases: list[Case] = []
    for depth, keys, flags in _valid_depths(suite):
        tree = _tree(depth, _numbered(keys))
        absent = 7 if depth == 3 else next(k for k in range(2**8) if k not in keys)
        valid = given(smt_root(tree), absent, compute_smt_proof(tree, absent).siblings, depth)
        cases.append(Case(f"valid_depth_{depth}", valid, flags=flags))
    for depth in (1, 256):
        empty, key = new_sparse_merkle_tree(depth), 2**depth - 1
        proof = compute_smt_proof(empty, key).siblings
        cases.append(
            Case(
                f"empty_tree_depth_{depth}",
                given(smt_root(empty), key, proof, depth),
                flags=("EmptySmt",),
            )
        )
    entries = _numbered(_random_keys(suite, "malformed", 8, 6))
    tree = _tree(8, entries)
    root = smt_root(tree)
    absent = next(k for k in range(256) if k not in {x.key for x in entries})
    path: Hashes = compute_smt_proof(tree, absent).siblings
    present = entries[0].key
    high = max(h for h in range(8) if path[h] != SMT_DEFAULT_HASHES[h])

    def replaced(height: int, sibling: bytes) -> Hashes:
        return (*path[:height], sibling, *path[height + 1 :])

    rows: list[tuple[str, str, tuple[bytes, int, Hashes, int]]] = [
        (
            "present_key",
            "WrongStatement",
            (root, present, compute_smt_proof(tree, present).siblings, 8),
        ),
        ("present_key_with_absent_proof", "WrongStatement", (root, present, path, 8)),
        ("root_flipped", "Tampered", (_flip(root, 9), absent, path, 8)),
        (
            f"sibling_{high}_flipped",
            "Tampered",
            (root, absent, replaced(high, _flip(path[high], 0)), 8),
        ),
        ("siblings_7", "SiblingCount", (root, absent, path[:7], 8)),
        ("siblings_9", "SiblingCount", (root, absent, (*path, bytes(32)), 8)),
        ("sibling_31_bytes", "HashLength", (root, absent, replaced(high, path[high][:31]), 8)),
        ("root_33_bytes", "HashLength", (root + b"\x00", absent, path, 8)),
        ("key_256", "KeyRange", (root, 256, path, 8)),
        ("key_minus_1", "KeyRange", (root, -1, path, 8)),
        ("depth_0", "DepthRange", (root, absent, (), 0)),
        ("depth_9", "WrongDepth", (root, absent, (*path, SMT_DEFAULT_HASHES[8]), 9)),
    ]
    return [
        *cases,
        Case("valid_base", given(root, absent, path, 8)),
        *(Case(name, given(*values), "invalid", (flag,)) for name, flag, values in rows),
    ]


def _compact_examples() -> list[tuple[str, Sequence[bytes], tuple[str, ...]]]:
    depth_10 = list(SMT_DEFAULT_HASHES[:10])
    depth_10[1] = keccak256(b"sibling 1")
    depth_10[9] = keccak256(b"sibling 9")
    full = _tree(3, _own_values(range(8)))
    sparse = _tree(256, _numbered([_hashed_key(i) for i in range(5)]))
    ends = list(SMT_DEFAULT_HASHES[:256])
    ends[0] = keccak256(b"leaf level")
    ends[255] = keccak256(b"root level")
    return [
        ("depth_1_default", SMT_DEFAULT_HASHES[:1], ("EmptySmt",)),
        ("depth_8_default", SMT_DEFAULT_HASHES[:8], ("EmptySmt",)),
        ("depth_256_default", SMT_DEFAULT_HASHES[:256], ("EmptySmt",)),
        ("depth_3_full_tree", compute_smt_proof(full, 5).siblings, ("FullTree",)),
        ("depth_10_heights_1_and_9", depth_10, ("BitmapOrder",)),
        ("depth_256_heights_0_and_255", ends, ("BitmapOrder",)),
        (
            "depth_256_hashed_keys",
            compute_smt_proof(sparse, _hashed_key(2)).siblings,
            ("HashedKeys",),
        ),
    ]


def _encode_smt_cases() -> list[Case]:
    return [
        *(
            Case(name, {"proof": _proof(siblings)}, flags=flags)
            for name, siblings, flags in _compact_examples()
        ),
        Case("no_siblings", {"proof": _proof([])}, "InvalidTreeDepth", ("DepthRange",)),
        Case(
            "257_siblings",
            {"proof": _proof(SMT_DEFAULT_HASHES)},
            "InvalidTreeDepth",
            ("DepthRange",),
        ),
        Case(
            "sibling_31_bytes",
            {"proof": _proof([keccak256(b"x")[:31], *SMT_DEFAULT_HASHES[1:8]])},
            "TypeMismatch",
            ("HashLength",),
        ),
    ]


def _decode_smt_cases() -> list[Case]:
    cases = [
        Case(
            name, {"data": encode_smt_proof(_proof(siblings)), "depth": len(siblings)}, flags=flags
        )
        for name, siblings, flags in _compact_examples()
    ]
    sibling = keccak256(b"sibling")
    valid = bytes.fromhex("0002") + sibling
    wrong_length, padding, default = (
        "InvalidLength WrongLength",
        "NonCanonicalEncoding PaddingBits",
        "NonCanonicalEncoding DefaultMarked",
    )
    rows = [
        ("empty", b"", 10, wrong_length),
        ("short_bitmap", b"\x00", 10, wrong_length),
        ("missing_sibling", bytes.fromhex("0002"), 10, wrong_length),
        ("truncated_sibling", valid[:-1], 10, wrong_length),
        ("trailing_byte", valid + b"\x00", 10, wrong_length),
        ("surplus_sibling", valid + sibling, 10, wrong_length),
        ("sibling_without_bit", bytes.fromhex("0000") + sibling, 10, wrong_length),
        ("depth_256_bitmap_only_31_bytes", bytes(31), 256, wrong_length),
        ("padding_bit_10", bytes.fromhex("0400"), 10, padding),
        ("padding_bit_15", bytes.fromhex("8002") + sibling, 10, padding),
        ("depth_1_bit_1", b"\x02", 1, padding),
        ("depth_7_bit_7", b"\x80" + sibling, 7, padding),
        ("zero_leaf_sibling_marked", bytes.fromhex("0001") + bytes(32), 10, default),
        ("default_sibling_marked", bytes.fromhex("0002") + SMT_DEFAULT_HASHES[1], 10, default),
        (
            "depth_256_default_root_child_marked",
            b"\x80" + bytes(31) + SMT_DEFAULT_HASHES[255],
            256,
            default,
        ),
        ("depth_0", b"", 0, "InvalidTreeDepth DepthRange"),
        ("depth_257", bytes(33), 257, "InvalidTreeDepth DepthRange"),
    ]
    return [
        *cases,
        Case("depth_10_height_1", {"data": valid, "depth": 10}, flags=("BitmapOrder",)),
        *(
            Case(
                name, {"data": data, "depth": depth}, outcome.split()[0], tuple(outcome.split()[1:])
            )
            for name, data, depth, outcome in rows
        ),
    ]


def _declare(
    function: Callable[..., object], cases: Callable[[], list[Case]], text: str, **options: Any
) -> Suite:
    values = MERKLE_VALUES if function.__module__ == "l2ref.crypto.merkle" else SMT_VALUES
    return declare("crypto", function, cases, (text, values), notes=NOTES, **options)


SUITES = [
    _declare(
        compute_merkle_root,
        _root_cases,
        "compute_merkle_root(leaves): output is the 32-byte root.",
    ),
    _declare(
        compute_merkle_proof,
        _proof_cases,
        "compute_merkle_proof(leaves, index): output is the audit path.",
    ),
    _declare(
        verify_merkle_proof,
        _verify_cases,
        "verify_merkle_proof(root, leaf_data, index, leaf_count, proof): output is true or "
        "false; never an error.",
        predicate=True,
    ),
    _declare(
        encode_merkle_proof,
        _encode_merkle_cases,
        "encode_merkle_proof(proof): output is the elements concatenated.",
    ),
    _declare(
        decode_merkle_proof,
        _decode_merkle_cases,
        "decode_merkle_proof(data): output is the list of 32-byte elements.",
    ),
    _declare(
        smt_empty_root,
        _empty_root_cases,
        "smt_empty_root(depth): output is Z_depth, the root of the empty tree.",
    ),
    _declare(
        smt_root,
        _smt_root_cases,
        "smt_root of new_sparse_merkle_tree(depth) after smt_set(tree, key, value) for each "
        "entry of leaves in order: output is the 32-byte root.",
        via=_smt_root,
    ),
    _declare(
        smt_delete,
        _smt_delete_cases,
        "The tree of leaves (as in crypto/smt_root), then smt_delete(tree, key) for each key "
        "of delete in order: output is smt_root(tree).",
        via=_smt_delete,
    ),
    _declare(
        compute_smt_proof,
        _smt_proof_cases,
        "compute_smt_proof(tree, key) on the tree of leaves (as in crypto/smt_root): output "
        "is the list of the depth siblings; intermediate has the root and the compact "
        "encoding.",
        via=_compute_smt_proof,
    ),
    _declare(
        verify_smt_membership,
        _membership_cases,
        "verify_smt_membership(root, key, value, SmtProof(proof), depth): output is true or "
        "false; never an error.",
        predicate=True,
    ),
    _declare(
        verify_smt_non_membership,
        _non_membership_cases,
        "verify_smt_non_membership(root, key, SmtProof(proof), depth): output is true or "
        "false; never an error.",
        predicate=True,
    ),
    _declare(
        encode_smt_proof,
        _encode_smt_cases,
        "encode_smt_proof(proof): output is the bitmap of ceil(depth / 8) bytes "
        "followed by the non-default siblings.",
    ),
    _declare(
        decode_smt_proof,
        _decode_smt_cases,
        "decode_smt_proof(data, depth): output is the list of the depth siblings.",
    ),
]
