"""Vector suites for specs/crypto/merkle.md and specs/crypto/smt.md."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from l2ref.crypto import merkle, smt
from l2ref.crypto.hash import keccak256
from l2ref.crypto.merkle import compute_leaf_hash, compute_merkle_proof, compute_merkle_root
from l2ref.crypto.smt import SMT_DEFAULT_HASHES, SmtProof, SparseMerkleTree, compute_smt_proof
from l2ref.types import Hash32
from l2ref.vectorgen.codec import Codec, from_json, register_codec, schema_of, to_json
from l2ref.vectorgen.core import (
    Case,
    Suite,
    case,
    case_rng,
    declare,
    note_table,
    parameter_hints,
    table,
)

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

# an SmtProof is written as the list of its siblings, leaf level first
register_codec(
    SmtProof,
    Codec(
        encode=lambda proof: to_json(proof.siblings, Siblings),
        decode=lambda data, what: SmtProof(from_json(data, Siblings, what)),
        schema=schema_of(Siblings),
    ),
)

NOTES = note_table("""
SingleLeaf EDGE_CASE One leaf: the root is its leaf hash, its proof is empty.
OddLeafCount FUNCTIONALITY A leaf count that is not a power of two: the tree splits at the largest
    power of two below n (RFC 6962); an odd last node moves up unchanged and is never paired with
    itself.
EmptyLeafData EDGE_CASE A leaf of zero bytes; its hash is keccak256(0x00), not 32 zero bytes.
DomainSeparation SECURITY A 64-byte leaf equal to the two child hashes of an inner node: without
    the 0x00 and 0x01 prefixes it would hash to that node, a second preimage of the tree.
NoDuplication SECURITY [a, b, c] and [a, b, c, c] have different roots, and c cannot be proved as a
    fourth leaf of the three-leaf root (Bitcoin's duplication rule, CVE-2012-2459).
NoLeaves EDGE_CASE An empty list of leaves has no root: EmptyTree.
IndexRange SECURITY An index below 0 or at least the leaf count.
Tampered SECURITY One byte changed (xor 0x01) in the root, the leaf or one proof element.
WrongPosition SECURITY A valid proof checked at another index or against another leaf count.
ProofLength SECURITY A proof with an element missing or added, emptied, or in reverse order.
HashLength SECURITY A root, proof element or sibling that is not 32 bytes.
LeafCountFromCommitment SECURITY Leaf c of [a, b, c] proved as index 1 of a two-leaf tree: it
    verifies, so a verifier MUST take leaf_count from its own record of the commitment, not from
    the prover.
WrongLength EDGE_CASE Data whose length the format does not allow.
EmptySmt EDGE_CASE The empty tree: its root is the default hash Z_depth.
DefaultHashes FUNCTIONALITY Z_0 is 32 zero bytes and Z_(h+1) = keccak256(0x01 || Z_h || Z_h): the
    root of an empty subtree of height h.
DepthRange SECURITY A depth outside [1, 256].
KeyRange SECURITY A key outside [0, 2^depth).
EmptyValue SECURITY The empty value: no present key has it (smt_set raises EmptyLeafValue,
    membership is false); absence is expressed by deletion.
ExtremeKeys EDGE_CASE The keys 0 and 2^depth - 1, the left- and right-most leaf.
FullTree FUNCTIONALITY Every key of a small depth present: the root is compute_merkle_root of the
    values in key order, and no sibling of any path is a default hash.
Overwrite FUNCTIONALITY A key set twice: the last value counts.
HashedKeys FUNCTIONALITY Depth 256 with keys keccak256('l2ref smt key <i>') read as big-endian
    integers, as the L1 model derives account and storage keys.
DeleteAll FUNCTIONALITY Deleting every key leaves the empty tree, whose root is Z_depth.
AbsentKey FUNCTIONALITY A key that is not in the tree: deleting it changes nothing.
WrongStatement SECURITY A valid proof used for another statement: another value, another key, or
    membership instead of non-membership and the reverse.
WrongDepth SECURITY A valid proof checked against another depth (its length is the depth).
SiblingCount SECURITY A proof with fewer or more siblings than the depth.
BitmapOrder FUNCTIONALITY The bitmap is the big-endian integer whose bit h marks the sibling at
    height h; the marked siblings follow in increasing height.
PaddingBits SECURITY A bitmap bit at or above bit depth is set: a second encoding, rejected as
    NonCanonicalEncoding.
DefaultMarked SECURITY A sibling equal to the default hash of its height marked present: a second
    encoding of the same proof, rejected as NonCanonicalEncoding.
""")

SUITES: list[Suite] = []

Row = tuple[object, ...]

Rows = Callable[[], list[Row | Case]]


def _suite(function: Callable[..., object], **options: Any) -> Callable[[Rows], Rows]:
    """Declare the suite of `function` whose description is the decorated function's docstring
    and whose cases are its rows: (name, a value for each parameter of `via` or `function` in
    order, outcome), or a `Case`."""

    def register(rows: Rows) -> Rows:
        text = " ".join((rows.__doc__ or "").split())
        values = MERKLE_VALUES if function.__module__ == merkle.__name__ else SMT_VALUES
        fields = " ".join(parameter_hints(options.get("via", function)))
        cases = lambda: table(fields, *rows())  # noqa: E731
        SUITES.append(declare("crypto", function, cases, (text, values), notes=NOTES, **options))
        return rows

    return register


@dataclass(frozen=True)
class SmtEntry:
    """One entry of a case's tree: smt_set(tree, key, value)."""

    key: int
    value: bytes


def _tree(depth: int, leaves: Sequence[SmtEntry]) -> SparseMerkleTree:
    tree = smt.new_sparse_merkle_tree(depth)
    for entry in leaves:
        smt.smt_set(tree, entry.key, entry.value)
    return tree


def _smt_root(depth: int, leaves: tuple[SmtEntry, ...]) -> Hash32:
    """smt_root of the tree of `leaves` set in order on new_sparse_merkle_tree(depth)."""
    return smt.smt_root(_tree(depth, leaves))


def _smt_delete(depth: int, leaves: tuple[SmtEntry, ...], delete: tuple[int, ...]) -> Hash32:
    """smt_root of the tree of `leaves` after smt_delete of each key of `delete` in order."""
    tree = _tree(depth, leaves)
    for key in delete:
        smt.smt_delete(tree, key)
    return smt.smt_root(tree)


def _compute_smt_proof(depth: int, leaves: tuple[SmtEntry, ...], key: int) -> SmtProof:
    """compute_smt_proof(tree, key) on the tree of `leaves`."""
    return compute_smt_proof(_tree(depth, leaves), key)


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
        if (key := rng.randrange(2**depth)) not in keys:
            keys.append(key)
    return keys


def _numbered(keys: list[int]) -> list[SmtEntry]:
    return [SmtEntry(key, _value(number)) for number, key in enumerate(keys)]


# the depth-3 tree with every key, each key's value value-<key>
FULL = [SmtEntry(key, _value(key)) for key in range(8)]


def _proof(siblings: Sequence[bytes]) -> SmtProof:
    # a case's proof may hold siblings of any length: the codec writes them as they are
    return SmtProof(tuple(Hash32(sibling) for sibling in siblings))


def _shape(count: int) -> str:
    return "SingleLeaf" if count == 1 else "OddLeafCount" if count & (count - 1) else ""


@_suite(compute_merkle_root)
def _root_cases() -> list[Row | Case]:
    """compute_merkle_root(leaves): output is the 32-byte root."""
    abc = [b"a", b"b", b"c"]
    inner = compute_leaf_hash(b"a") + compute_leaf_hash(b"b")
    ab_root, abc_root = compute_merkle_root(abc[:2]), compute_merkle_root(abc)

    def leaves(n: int) -> Case:
        hashes = {"leaf_hashes": [compute_leaf_hash(x) for x in _leaves(n)]} if n <= 9 else {}
        return case(f"leaves_{n}", {"leaves": _leaves(n)}, _shape(n), **hashes)

    return [
        *(leaves(n) for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 17)),
        ("one_empty_leaf", [b""], "SingleLeaf EmptyLeafData"),
        ("empty_leaf_among_others", [b"\x01", b"", b"\x02"], "EmptyLeafData"),
        case("inner_node_as_leaf", {"leaves": [inner]}, "DomainSeparation", root_of_a_b=ab_root),
        ("a_b_c", abc, "OddLeafCount"),
        case("a_b_c_c", {"leaves": [*abc, b"c"]}, "NoDuplication", root_of_a_b_c=abc_root),
        ("no_leaves", [], "EmptyTree: NoLeaves"),
    ]


@_suite(compute_merkle_proof)
def _proof_cases() -> list[Row | Case]:
    """compute_merkle_proof(leaves, index): output is the audit path."""
    shapes = [*((n, range(n)) for n in (1, 2, 3, 5, 7)), (16, (0, 14, 15)), (17, (0, 15, 16))]
    out_of_range = "LeafIndexOutOfRange: IndexRange"

    def index(n: int, i: int) -> Case:
        given = {"leaves": _leaves(n), "index": i}
        return case(f"leaves_{n}_index_{i}", given, _shape(n), root=compute_merkle_root(_leaves(n)))

    return [
        *(index(n, i) for n, indices in shapes for i in indices),
        ("leaves_5_index_5", _leaves(5), 5, out_of_range),
        ("leaves_5_index_minus_1", _leaves(5), -1, out_of_range),
        ("leaves_5_index_2_256", _leaves(5), 2**256, out_of_range),
        ("no_leaves", [], 0, "EmptyTree: NoLeaves"),
    ]


@_suite(merkle.verify_merkle_proof, predicate=True)
def _verify_cases() -> list[Row | Case]:
    """verify_merkle_proof(root, leaf_data, index, leaf_count, proof): output is true or false;
    never an error."""
    leaves = _leaves(7)
    root, leaf, p = compute_merkle_root(leaves), leaves[3], compute_merkle_proof(leaves, 3)
    four, abc = _leaves(4), [b"a", b"b", b"c"]
    a, b, c = (compute_leaf_hash(x) for x in abc)
    inner = compute_leaf_hash(four[0]) + compute_leaf_hash(four[1])
    r4, r2, r3 = compute_merkle_root(four), compute_merkle_root(four[2:]), compute_merkle_root(abc)
    ab, c_path = merkle.compute_node_hash(a, b), compute_merkle_proof(abc, 2)
    flipped = [(*p[:i], _flip(p[i], 17), *p[i + 1 :]) for i in range(len(p))]
    bad, wrong, out = "invalid: Tampered", "invalid: WrongPosition", "invalid: IndexRange"
    length, size, commitment = (
        "invalid: ProofLength",
        "invalid: HashLength",
        "LeafCountFromCommitment",
    )

    def valid(n: int, i: int) -> Row:
        tree, proof, name = _leaves(n), compute_merkle_proof(_leaves(n), i), f"valid_{n}_leaves"
        return (f"{name}_index_{i}", compute_merkle_root(tree), tree[i], i, n, proof, _shape(n))

    return [
        *(valid(n, i) for n, i in ((1, 0), (2, 1), (7, 0), (7, 3), (7, 6), (17, 16), (16, 9))),
        ("root_byte_0_flipped", _flip(root, 0), leaf, 3, 7, p, bad),
        ("root_byte_31_flipped", _flip(root, 31), leaf, 3, 7, p, bad),
        ("leaf_byte_flipped", root, _flip(leaf, 5), 3, 7, p, bad),
        ("other_leaf", root, leaves[2], 3, 7, p, bad),
        *((f"element_{i}_flipped", root, leaf, 3, 7, q, bad) for i, q in enumerate(flipped)),
        ("index_2", root, leaf, 2, 7, p, wrong),
        ("index_4", root, leaf, 4, 7, p, wrong),
        ("leaf_count_4", root, leaf, 3, 4, p, wrong),
        ("leaf_count_9", root, leaf, 3, 9, p, wrong),
        ("index_equals_leaf_count", root, leaves[6], 7, 7, p, out),
        ("index_minus_1", root, leaf, -1, 7, p, out),
        ("leaf_count_0", root, leaf, 0, 0, p, out),
        ("leaf_count_minus_1", root, leaf, 0, -1, p, out),
        ("truncated", root, leaf, 3, 7, p[:-1], length),
        ("first_element_dropped", root, leaf, 3, 7, p[1:], length),
        ("extended", root, leaf, 3, 7, (*p, keccak256(b"extra")), length),
        ("extended_with_zero", root, leaf, 3, 7, (*p, bytes(32)), length),
        ("empty_proof", root, leaf, 3, 7, (), length),
        ("reversed", root, leaf, 3, 7, tuple(reversed(p)), length),
        ("element_31_bytes", root, leaf, 3, 7, (*p[:2], p[2][:31]), size),
        ("element_33_bytes", root, leaf, 3, 7, (*p[:2], p[2] + b"\x00"), size),
        ("root_31_bytes", root[:31], leaf, 3, 7, p, size),
        ("root_empty", b"", leaf, 3, 7, p, size),
        ("inner_node_as_leaf", r4, inner, 0, 2, (r2,), "invalid: DomainSeparation"),
        ("duplicated_last_leaf", r3, b"c", 3, 4, (c, ab), "invalid: NoDuplication"),
        ("leaf_count_from_commitment", r3, b"c", 1, 2, c_path, commitment),
        ("leaf_count_8_same_path", root, leaf, 3, 8, p, commitment),
    ]


@_suite(merkle.encode_merkle_proof)
def _encode_merkle_cases() -> list[Row | Case]:
    """encode_merkle_proof(proof): output is the elements concatenated."""
    words = [keccak256(f"element {i}".encode()) for i in range(3)]
    return [
        ("empty", [], "SingleLeaf"),
        ("one_element", words[:1], ""),
        ("three_elements", words, ""),
        ("element_31_bytes", [words[0], words[1][:31]], "TypeMismatch: HashLength"),
    ]


@_suite(merkle.decode_merkle_proof)
def _decode_merkle_cases() -> list[Row | Case]:
    """decode_merkle_proof(data): output is the list of 32-byte elements."""
    data = b"".join(keccak256(f"element {i}".encode()) for i in range(3))
    return [
        ("empty", b"", "SingleLeaf"),
        ("32_bytes", data[:32], ""),
        ("96_bytes", data, ""),
        *((f"{n}_bytes", data[:n], "InvalidLength: WrongLength") for n in (1, 31, 33, 95)),
    ]


@_suite(smt.smt_empty_root)
def _empty_root_cases() -> list[Row | Case]:
    """smt_empty_root(depth): output is Z_depth, the root of the empty tree."""
    depths = (1, 2, 8, 16, 32, 64, 160, 255, 256)
    return [
        *((f"depth_{d}", d, "EmptySmt DefaultHashes") for d in depths),
        *((f"depth_{d}", d, "InvalidTreeDepth: DepthRange") for d in (0, 257)),
        ("depth_minus_1", -1, "InvalidTreeDepth: DepthRange"),
    ]


@_suite(smt.smt_root, via=_smt_root)
def _smt_root_cases() -> list[Row | Case]:
    """smt_root of new_sparse_merkle_tree(depth) after smt_set(tree, key, value) for each entry of
    leaves in order: output is the 32-byte root."""
    suite, e, v0, v1 = "crypto/smt_root", SmtEntry, _value(0), _value(1)
    merkle_root = compute_merkle_root([x.value for x in FULL])
    key_range = "KeyOutOfRange: KeyRange"
    return [
        ("depth_1_empty", 1, [], "EmptySmt"),
        ("depth_1_key_0", 1, [e(0, v0)], "ExtremeKeys"),
        ("depth_1_key_1", 1, [e(1, v0)], "ExtremeKeys"),
        ("depth_1_both_keys", 1, [e(0, v0), e(1, v1)], "FullTree"),
        ("depth_3_keys_1_and_6", 3, [e(1, b"v1"), e(6, b"v6")], ""),
        case("depth_3_full", {"depth": 3, "leaves": FULL}, "FullTree", merkle_root=merkle_root),
        ("depth_8_extreme_keys", 8, [e(0, v0), e(255, v1)], "ExtremeKeys"),
        ("depth_8_random_keys", 8, _numbered(_random_keys(suite, "depth_8", 8, 5)), ""),
        ("depth_16_random_keys", 16, _numbered(_random_keys(suite, "depth_16", 16, 10)), ""),
        ("depth_256_empty", 256, [], "EmptySmt"),
        ("depth_256_key_0", 256, [e(0, v0)], "ExtremeKeys"),
        ("depth_256_key_max", 256, [e(2**256 - 1, v0)], "ExtremeKeys"),
        ("depth_256_hashed_keys", 256, _numbered([_hashed_key(i) for i in range(6)]), "HashedKeys"),
        ("depth_8_overwrite", 8, [e(7, v0), e(9, v1), e(7, _value(2))], "Overwrite"),
        ("depth_0", 0, [], "InvalidTreeDepth: DepthRange"),
        ("depth_257", 257, [], "InvalidTreeDepth: DepthRange"),
        ("depth_8_key_256", 8, [e(256, v0)], key_range),
        ("depth_8_key_minus_1", 8, [e(-1, v0)], key_range),
        ("depth_256_key_2_256", 256, [e(2**256, v0)], key_range),
        ("empty_value", 8, [e(3, v0), e(4, b"")], "EmptyLeafValue: EmptyValue"),
    ]


@_suite(smt.smt_delete, via=_smt_delete)
def _smt_delete_cases() -> list[Row | Case]:
    """The tree of leaves (as in crypto/smt_root), then smt_delete(tree, key) for each key of
    delete in order: output is smt_root(tree)."""
    keys8 = _random_keys("crypto/smt_delete", "depth_8", 8, 3)
    keys256 = [_hashed_key(i) for i in range(4)]
    t8, t256 = _numbered(keys8), _numbered(keys256)
    absent = next(k for k in range(256) if k not in keys8)
    return [
        ("depth_8_one_of_three", 8, t8, keys8[1:2], ""),
        ("depth_8_absent_key", 8, t8, [absent], "AbsentKey"),
        ("depth_8_all", 8, t8, keys8, "DeleteAll"),
        ("depth_8_twice", 8, t8, [keys8[0], keys8[0]], "AbsentKey"),
        ("depth_3_full_but_one", 3, FULL, [5], ""),
        ("depth_256_one_of_four", 256, t256, keys256[2:3], "HashedKeys"),
        ("depth_256_all", 256, t256, keys256[::-1], "HashedKeys DeleteAll"),
        ("depth_8_key_256", 8, t8, [256], "KeyOutOfRange: KeyRange"),
    ]


@_suite(compute_smt_proof, via=_compute_smt_proof)
def _smt_proof_cases() -> list[Row | Case]:
    """compute_smt_proof(tree, key) on the tree of leaves (as in crypto/smt_root): output is the
    list of the depth siblings; intermediate has the root and the compact encoding."""
    suite = "crypto/compute_smt_proof"

    def proof(name: str, depth: int, entries: list[SmtEntry], key: int, flags: str = "") -> Case:
        tree = _tree(depth, entries)
        compact = smt.encode_smt_proof(compute_smt_proof(tree, key))
        given = {"depth": depth, "leaves": entries, "key": key}
        return case(name, given, flags, root=smt.smt_root(tree), compact=compact)

    keys8 = _numbered(k8 := _random_keys(suite, "depth_8", 8, 6))
    keys16 = _numbered(k16 := _random_keys(suite, "depth_16", 16, 10))
    keys256 = _numbered([_hashed_key(i) for i in range(5)])
    absent8 = next(k for k in range(256) if k not in k8)
    two = [SmtEntry(1, b"v1"), SmtEntry(6, b"v6")]
    return [
        proof("depth_3_key_6", 3, two, 6),
        proof("depth_3_absent_key_7", 3, two, 7, "AbsentKey"),
        proof("depth_3_full_key_5", 3, FULL, 5, "FullTree"),
        proof("depth_8_present", 8, keys8, k8[2]),
        proof("depth_8_absent", 8, keys8, absent8, "AbsentKey"),
        proof("depth_8_empty_tree", 8, [], 77, "EmptySmt"),
        proof("depth_16_present", 16, keys16, k16[7]),
        proof("depth_256_present", 256, keys256, keys256[1].key, "HashedKeys"),
        proof("depth_256_absent", 256, keys256, _hashed_key(99), "HashedKeys AbsentKey"),
        ("depth_8_key_256", 8, keys8, 256, "KeyOutOfRange: KeyRange"),
    ]


def _valid_depths(suite: str) -> list[tuple[int, list[int], str]]:
    return [
        (3, [1, 6], ""),
        (8, _random_keys(suite, "depth_8", 8, 6), ""),
        (16, _random_keys(suite, "depth_16", 16, 10), ""),
        (256, [_hashed_key(i) for i in range(5)], "HashedKeys"),
    ]


def _malformed(suite: str) -> tuple[SparseMerkleTree, list[SmtEntry], int]:
    """The depth-8 tree that a suite's malformed proofs are checked against, and a key not in it."""
    entries = _numbered(_random_keys(suite, "malformed", 8, 6))
    absent = next(k for k in range(256) if k not in {x.key for x in entries})
    return _tree(8, entries), entries, absent


def _highest(path: Sequence[bytes]) -> int:
    """The highest height of a path whose sibling is not the default hash."""
    return max(h for h in range(8) if path[h] != SMT_DEFAULT_HASHES[h])


def _replaced(path: Sequence[bytes], height: int, sibling: bytes) -> SmtProof:
    return _proof([*path[:height], sibling, *path[height + 1 :]])


@_suite(smt.verify_smt_membership, predicate=True)
def _membership_cases() -> list[Row | Case]:
    """verify_smt_membership(root, key, value, SmtProof(proof), depth): output is true or false;
    never an error."""
    suite = "crypto/verify_smt_membership"
    rows: list[Row | Case] = []
    for depth, keys, flags in _valid_depths(suite):
        tree, entry = _tree(depth, _numbered(keys)), _numbered(keys)[1]
        proof, root = compute_smt_proof(tree, entry.key), smt.smt_root(tree)
        rows.append((f"valid_depth_{depth}", root, entry.key, entry.value, proof, depth, flags))
    tree, entries, absent = _malformed(suite)
    root, key, value = smt.smt_root(tree), entries[0].key, entries[0].value
    p = compute_smt_proof(tree, key)
    path, high, other = p.siblings, _highest(p.siblings), compute_smt_proof(tree, absent)
    flip_0, flip_high = _replaced(path, 0, _flip(path[0], 3)), _flip(path[high], 31)
    short, long = _replaced(path, high, path[high][:31]), _replaced(path, high, path[high] + b"\0")
    bad, wrong, count = "invalid: Tampered", "invalid: WrongStatement", "invalid: SiblingCount"
    size, depth_range = "invalid: HashLength", "invalid: DepthRange"
    return [
        *rows,
        ("valid_base", root, key, value, p, 8, ""),
        ("root_flipped", _flip(root, 0), key, value, p, 8, bad),
        ("leaf_level_sibling_flipped", root, key, value, flip_0, 8, bad),
        (f"sibling_{high}_flipped", root, key, value, _replaced(path, high, flip_high), 8, bad),
        ("other_value", root, key, entries[1].value, p, 8, wrong),
        ("value_with_extra_byte", root, key, value + b"\x00", p, 8, wrong),
        ("neighbour_key", root, key ^ 1, value, p, 8, wrong),
        ("absent_key_with_its_proof", root, absent, value, other, 8, wrong),
        ("empty_value", root, key, b"", p, 8, "invalid: EmptyValue"),
        ("siblings_7", root, key, value, _proof(path[:7]), 8, count),
        ("siblings_9", root, key, value, _proof([*path, bytes(32)]), 8, count),
        ("siblings_0", root, key, value, _proof([]), 8, count),
        ("sibling_31_bytes", root, key, value, short, 8, size),
        ("sibling_33_bytes", root, key, value, long, 8, size),
        ("root_31_bytes", root[:31], key, value, p, 8, size),
        ("key_256", root, 256, value, p, 8, "invalid: KeyRange"),
        ("key_minus_1", root, -1, value, p, 8, "invalid: KeyRange"),
        ("depth_0", root, key, value, _proof([]), 0, depth_range),
        (
            "depth_257",
            root,
            key,
            value,
            _proof([*path, *SMT_DEFAULT_HASHES[8:257]]),
            257,
            depth_range,
        ),
        ("depth_7", root, key, value, p, 7, "invalid: WrongDepth"),
        ("depth_256", root, key, value, p, 256, "invalid: WrongDepth"),
    ]


@_suite(smt.verify_smt_non_membership, predicate=True)
def _non_membership_cases() -> list[Row | Case]:
    """verify_smt_non_membership(root, key, SmtProof(proof), depth): output is true or false;
    never an error."""
    suite = "crypto/verify_smt_non_membership"
    rows: list[Row | Case] = []
    for depth, keys, flags in _valid_depths(suite):
        tree = _tree(depth, _numbered(keys))
        free = 7 if depth == 3 else next(k for k in range(2**8) if k not in keys)
        proof = compute_smt_proof(tree, free)
        rows.append((f"valid_depth_{depth}", smt.smt_root(tree), free, proof, depth, flags))
    for depth in (1, 256):
        empty, free = smt.new_sparse_merkle_tree(depth), 2**depth - 1
        proof = compute_smt_proof(empty, free)
        rows.append(
            (f"empty_tree_depth_{depth}", smt.smt_root(empty), free, proof, depth, "EmptySmt")
        )
    tree, entries, absent = _malformed(suite)
    root, present = smt.smt_root(tree), entries[0].key
    p = compute_smt_proof(tree, absent)
    path, high, its_own = p.siblings, _highest(p.siblings), compute_smt_proof(tree, present)
    flipped, short = (
        _replaced(path, high, _flip(path[high], 0)),
        _replaced(path, high, path[high][:31]),
    )
    wrong, count, size = "invalid: WrongStatement", "invalid: SiblingCount", "invalid: HashLength"
    return [
        *rows,
        ("valid_base", root, absent, p, 8, ""),
        ("present_key", root, present, its_own, 8, wrong),
        ("present_key_with_absent_proof", root, present, p, 8, wrong),
        ("root_flipped", _flip(root, 9), absent, p, 8, "invalid: Tampered"),
        (f"sibling_{high}_flipped", root, absent, flipped, 8, "invalid: Tampered"),
        ("siblings_7", root, absent, _proof(path[:7]), 8, count),
        ("siblings_9", root, absent, _proof([*path, bytes(32)]), 8, count),
        ("sibling_31_bytes", root, absent, short, 8, size),
        ("root_33_bytes", root + b"\x00", absent, p, 8, size),
        ("key_256", root, 256, p, 8, "invalid: KeyRange"),
        ("key_minus_1", root, -1, p, 8, "invalid: KeyRange"),
        ("depth_0", root, absent, _proof([]), 0, "invalid: DepthRange"),
        ("depth_9", root, absent, _proof([*path, SMT_DEFAULT_HASHES[8]]), 9, "invalid: WrongDepth"),
    ]


def _compact_examples() -> list[tuple[str, Sequence[bytes], str]]:
    depth_10 = list(SMT_DEFAULT_HASHES[:10])
    depth_10[1], depth_10[9] = keccak256(b"sibling 1"), keccak256(b"sibling 9")
    ends = list(SMT_DEFAULT_HASHES[:256])
    ends[0], ends[255] = keccak256(b"leaf level"), keccak256(b"root level")
    full = compute_smt_proof(_tree(3, FULL), 5).siblings
    sparse = _tree(256, _numbered([_hashed_key(i) for i in range(5)]))
    return [
        ("depth_1_default", SMT_DEFAULT_HASHES[:1], "EmptySmt"),
        ("depth_8_default", SMT_DEFAULT_HASHES[:8], "EmptySmt"),
        ("depth_256_default", SMT_DEFAULT_HASHES[:256], "EmptySmt"),
        ("depth_3_full_tree", full, "FullTree"),
        ("depth_10_heights_1_and_9", depth_10, "BitmapOrder"),
        ("depth_256_heights_0_and_255", ends, "BitmapOrder"),
        ("depth_256_hashed_keys", compute_smt_proof(sparse, _hashed_key(2)).siblings, "HashedKeys"),
    ]


@_suite(smt.encode_smt_proof)
def _encode_smt_cases() -> list[Row | Case]:
    """encode_smt_proof(proof): output is the bitmap of ceil(depth / 8) bytes followed by the
    non-default siblings."""
    short = [keccak256(b"x")[:31], *SMT_DEFAULT_HASHES[1:8]]
    return [
        *((name, _proof(siblings), flags) for name, siblings, flags in _compact_examples()),
        ("no_siblings", _proof([]), "InvalidTreeDepth: DepthRange"),
        ("257_siblings", _proof(SMT_DEFAULT_HASHES), "InvalidTreeDepth: DepthRange"),
        ("sibling_31_bytes", _proof(short), "TypeMismatch: HashLength"),
    ]


@_suite(smt.decode_smt_proof)
def _decode_smt_cases() -> list[Row | Case]:
    """decode_smt_proof(data, depth): output is the list of the depth siblings."""
    sibling = keccak256(b"sibling")
    valid, root_child = (
        bytes.fromhex("0002") + sibling,
        b"\x80" + bytes(31) + SMT_DEFAULT_HASHES[255],
    )
    wrong, padding = "InvalidLength: WrongLength", "NonCanonicalEncoding: PaddingBits"
    default, depth = "NonCanonicalEncoding: DefaultMarked", "InvalidTreeDepth: DepthRange"
    examples = [(n, _proof(s), len(s), flags) for n, s, flags in _compact_examples()]
    return [
        *(
            (name, smt.encode_smt_proof(proof), size, flags)
            for name, proof, size, flags in examples
        ),
        ("depth_10_height_1", valid, 10, "BitmapOrder"),
        ("empty", b"", 10, wrong),
        ("short_bitmap", b"\x00", 10, wrong),
        ("missing_sibling", bytes.fromhex("0002"), 10, wrong),
        ("truncated_sibling", valid[:-1], 10, wrong),
        ("trailing_byte", valid + b"\x00", 10, wrong),
        ("surplus_sibling", valid + sibling, 10, wrong),
        ("sibling_without_bit", bytes.fromhex("0000") + sibling, 10, wrong),
        ("depth_256_bitmap_only_31_bytes", bytes(31), 256, wrong),
        ("padding_bit_10", bytes.fromhex("0400"), 10, padding),
        ("padding_bit_15", bytes.fromhex("8002") + sibling, 10, padding),
        ("depth_1_bit_1", b"\x02", 1, padding),
        ("depth_7_bit_7", b"\x80" + sibling, 7, padding),
        ("zero_leaf_sibling_marked", bytes.fromhex("0001") + bytes(32), 10, default),
        ("default_sibling_marked", bytes.fromhex("0002") + SMT_DEFAULT_HASHES[1], 10, default),
        ("depth_256_default_root_child_marked", root_child, 256, default),
        ("depth_0", b"", 0, depth),
        ("depth_257", bytes(33), 257, depth),
    ]
