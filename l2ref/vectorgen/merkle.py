"""Vector suites for specs/crypto/merkle.md and specs/crypto/smt.md."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from l2ref.crypto.hash import keccak256
from l2ref.crypto.merkle import (
    MerkleProof,
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
from l2ref.errors import MalformedVector
from l2ref.types import Hash32
from l2ref.vectorgen.core import (
    Case,
    JsonObject,
    JsonValue,
    Note,
    Suite,
    case_rng,
    dec,
    field_of,
    hex_bytes,
    parse_bytes,
    parse_int,
)

MERKLE_SPEC = "specs/crypto/merkle.md"

SMT_SPEC = "specs/crypto/smt.md"

MERKLE_VALUES = (
    "Leaves, roots and proof elements are 0x-hex; a proof is a list of 32-byte hashes, leaf level "
    "first; index and leaf_count are decimal strings. Leaves are the ASCII strings leaf-0, "
    "leaf-1, ... unless the case name says otherwise.",
)

SMT_VALUES = (
    "depth and keys are decimal strings; values, roots and siblings are 0x-hex; a proof is the "
    "list of its depth siblings, leaf level first. leaves is a list of {key, value} set in order "
    "with smt_set on new_sparse_merkle_tree(depth). Values are the ASCII strings value-0, "
    "value-1, ...",
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


# ----------------------------------------------------------------------------- inputs


def _leaves(count: int) -> list[bytes]:
    return [f"leaf-{i}".encode() for i in range(count)]


def _hex_list(items: Sequence[bytes]) -> list[JsonValue]:
    return [hex_bytes(item) for item in items]


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


def _entries(pairs: list[tuple[int, bytes]]) -> list[JsonValue]:
    return [{"key": dec(key), "value": hex_bytes(value)} for key, value in pairs]


def _numbered(keys: list[int]) -> list[tuple[int, bytes]]:
    return [(key, _value(number)) for number, key in enumerate(keys)]


def _tree_of(depth: int, pairs: list[tuple[int, bytes]]) -> SparseMerkleTree:
    tree = new_sparse_merkle_tree(depth)
    for key, value in pairs:
        smt_set(tree, key, value)
    return tree


# ----------------------------------------------------------------------------- Merkle cases


def _root_cases() -> list[Case]:
    cases: list[Case] = []
    for count in (1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 17):
        leaves = _leaves(count)
        flags: tuple[str, ...] = ()
        if count == 1:
            flags = ("SingleLeaf",)
        elif count & (count - 1):
            flags = ("OddLeafCount",)
        intermediate: JsonObject = {}
        if count <= 9:
            intermediate = {"leaf_hashes": _hex_list([compute_leaf_hash(x) for x in leaves])}
        cases.append(
            Case(
                f"leaves_{count}",
                {"leaves": _hex_list(leaves)},
                flags=flags,
                intermediate=intermediate,
            )
        )
    cases.append(Case("one_empty_leaf", {"leaves": ["0x"]}, flags=("SingleLeaf", "EmptyLeafData")))
    cases.append(
        Case(
            "empty_leaf_among_others", {"leaves": ["0x01", "0x", "0x02"]}, flags=("EmptyLeafData",)
        )
    )
    pair = [b"a", b"b"]
    inner = compute_leaf_hash(b"a") + compute_leaf_hash(b"b")
    cases.append(
        Case(
            "inner_node_as_leaf",
            {"leaves": [hex_bytes(inner)]},
            flags=("DomainSeparation",),
            intermediate={"root_of_a_b": hex_bytes(compute_merkle_root(pair))},
        )
    )
    abc = [b"a", b"b", b"c"]
    cases.append(Case("a_b_c", {"leaves": _hex_list(abc)}, flags=("OddLeafCount",)))
    cases.append(
        Case(
            "a_b_c_c",
            {"leaves": _hex_list([*abc, b"c"])},
            flags=("NoDuplication",),
            intermediate={"root_of_a_b_c": hex_bytes(compute_merkle_root(abc))},
        )
    )
    cases.append(Case("no_leaves", {"leaves": []}, expect="EmptyTree", flags=("NoLeaves",)))
    return cases


def _proof_cases() -> list[Case]:
    cases: list[Case] = []
    for count in (1, 2, 3, 5, 7):
        leaves = _leaves(count)
        root = hex_bytes(compute_merkle_root(leaves))
        flags = ("SingleLeaf",) if count == 1 else ("OddLeafCount",) if count != 2 else ()
        for index in range(count):
            cases.append(
                Case(
                    f"leaves_{count}_index_{index}",
                    {"leaves": _hex_list(leaves), "index": dec(index)},
                    flags=flags,
                    intermediate={"root": root},
                )
            )
    for count in (16, 17):
        leaves = _leaves(count)
        root = hex_bytes(compute_merkle_root(leaves))
        for index in (0, count - 2, count - 1):
            cases.append(
                Case(
                    f"leaves_{count}_index_{index}",
                    {"leaves": _hex_list(leaves), "index": dec(index)},
                    flags=("OddLeafCount",) if count == 17 else (),
                    intermediate={"root": root},
                )
            )
    for index, label in ((5, "5"), (-1, "minus_1"), (2**256, "2_256")):
        cases.append(
            Case(
                f"leaves_5_index_{label}",
                {"leaves": _hex_list(_leaves(5)), "index": dec(index)},
                expect="LeafIndexOutOfRange",
                flags=("IndexRange",),
            )
        )
    cases.append(
        Case("no_leaves", {"leaves": [], "index": "0"}, expect="EmptyTree", flags=("NoLeaves",))
    )
    return cases


def _verify_input(
    root: bytes, leaf: bytes, index: int, leaf_count: int, proof: tuple[bytes, ...]
) -> JsonObject:
    return {
        "root": hex_bytes(root),
        "leaf": hex_bytes(leaf),
        "index": dec(index),
        "leaf_count": dec(leaf_count),
        "proof": _hex_list(proof),
    }


def _verify_cases() -> list[Case]:
    cases: list[Case] = []
    for count, index in ((1, 0), (2, 1), (7, 0), (7, 3), (7, 6), (17, 16), (16, 9)):
        leaves = _leaves(count)
        path = compute_merkle_proof(leaves, index)
        flags = ("SingleLeaf",) if count == 1 else ("OddLeafCount",) if count in (7, 17) else ()
        cases.append(
            Case(
                f"valid_{count}_leaves_index_{index}",
                _verify_input(compute_merkle_root(leaves), leaves[index], index, count, path),
                flags=flags,
            )
        )
    leaves = _leaves(7)
    root = compute_merkle_root(leaves)
    leaf = leaves[3]
    proof: tuple[bytes, ...] = compute_merkle_proof(leaves, 3)
    extra = keccak256(b"extra")

    def bad(name: str, flag: str, values: tuple[bytes, bytes, int, int, tuple[bytes, ...]]) -> Case:
        return Case(name, _verify_input(*values), expect="invalid", flags=(flag,))

    cases += [
        bad("root_byte_0_flipped", "Tampered", (_flip(root, 0), leaf, 3, 7, proof)),
        bad("root_byte_31_flipped", "Tampered", (_flip(root, 31), leaf, 3, 7, proof)),
        bad("leaf_byte_flipped", "Tampered", (root, _flip(leaf, 5), 3, 7, proof)),
        bad("other_leaf", "Tampered", (root, leaves[2], 3, 7, proof)),
    ]
    for element in range(len(proof)):
        tampered = list(proof)
        tampered[element] = _flip(proof[element], 17)
        cases.append(
            bad(f"element_{element}_flipped", "Tampered", (root, leaf, 3, 7, tuple(tampered)))
        )
    cases += [
        bad("index_2", "WrongPosition", (root, leaf, 2, 7, proof)),
        bad("index_4", "WrongPosition", (root, leaf, 4, 7, proof)),
        bad("leaf_count_4", "WrongPosition", (root, leaf, 3, 4, proof)),
        bad("leaf_count_9", "WrongPosition", (root, leaf, 3, 9, proof)),
        bad("index_equals_leaf_count", "IndexRange", (root, leaves[6], 7, 7, proof)),
        bad("index_minus_1", "IndexRange", (root, leaf, -1, 7, proof)),
        bad("leaf_count_0", "IndexRange", (root, leaf, 0, 0, proof)),
        bad("leaf_count_minus_1", "IndexRange", (root, leaf, 0, -1, proof)),
        bad("truncated", "ProofLength", (root, leaf, 3, 7, proof[:-1])),
        bad("first_element_dropped", "ProofLength", (root, leaf, 3, 7, proof[1:])),
        bad("extended", "ProofLength", (root, leaf, 3, 7, (*proof, extra))),
        bad("extended_with_zero", "ProofLength", (root, leaf, 3, 7, (*proof, bytes(32)))),
        bad("empty_proof", "ProofLength", (root, leaf, 3, 7, ())),
        bad("reversed", "ProofLength", (root, leaf, 3, 7, tuple(reversed(proof)))),
        bad("element_31_bytes", "HashLength", (root, leaf, 3, 7, (*proof[:2], proof[2][:31]))),
        bad(
            "element_33_bytes",
            "HashLength",
            (root, leaf, 3, 7, (*proof[:2], proof[2] + b"\x00")),
        ),
        bad("root_31_bytes", "HashLength", (root[:31], leaf, 3, 7, proof)),
        bad("root_empty", "HashLength", (b"", leaf, 3, 7, proof)),
    ]
    four = _leaves(4)
    l0, l1 = compute_leaf_hash(four[0]), compute_leaf_hash(four[1])
    right = compute_merkle_root(four[2:])
    cases.append(
        bad(
            "inner_node_as_leaf",
            "DomainSeparation",
            (compute_merkle_root(four), l0 + l1, 0, 2, (right,)),
        )
    )
    abc = [b"a", b"b", b"c"]
    a, b, c = (compute_leaf_hash(x) for x in abc)
    cases.append(
        bad(
            "duplicated_last_leaf",
            "NoDuplication",
            (compute_merkle_root(abc), b"c", 3, 4, (c, compute_node_hash(a, b))),
        )
    )
    cases.append(
        Case(
            "leaf_count_from_commitment",
            _verify_input(compute_merkle_root(abc), b"c", 1, 2, compute_merkle_proof(abc, 2)),
            flags=("LeafCountFromCommitment",),
        )
    )
    cases.append(
        Case(
            "leaf_count_8_same_path",
            _verify_input(root, leaf, 3, 8, proof),
            flags=("LeafCountFromCommitment",),
        )
    )
    return cases


def _encode_merkle_cases() -> list[Case]:
    words = [keccak256(f"element {i}".encode()) for i in range(3)]
    return [
        Case("empty", {"proof": []}, flags=("SingleLeaf",)),
        Case("one_element", {"proof": _hex_list(words[:1])}),
        Case("three_elements", {"proof": _hex_list(words)}),
        Case(
            "element_31_bytes",
            {"proof": _hex_list([words[0], words[1][:31]])},
            expect="TypeMismatch",
            flags=("HashLength",),
        ),
    ]


def _decode_merkle_cases() -> list[Case]:
    data = b"".join(keccak256(f"element {i}".encode()) for i in range(3))
    cases = [
        Case("empty", {"data": "0x"}, flags=("SingleLeaf",)),
        Case("32_bytes", {"data": hex_bytes(data[:32])}),
        Case("96_bytes", {"data": hex_bytes(data)}),
    ]
    for length in (1, 31, 33, 95):
        cases.append(
            Case(
                f"{length}_bytes",
                {"data": hex_bytes(data[:length])},
                expect="InvalidLength",
                flags=("WrongLength",),
            )
        )
    return cases


# ----------------------------------------------------------------------------- SMT cases


def _empty_root_cases() -> list[Case]:
    cases = [
        Case(f"depth_{depth}", {"depth": dec(depth)}, flags=("EmptySmt", "DefaultHashes"))
        for depth in (1, 2, 8, 16, 32, 64, 160, 255, 256)
    ]
    for depth in (0, 257, -1):
        cases.append(
            Case(
                f"depth_{depth}".replace("-", "minus_"),
                {"depth": dec(depth)},
                expect="InvalidTreeDepth",
                flags=("DepthRange",),
            )
        )
    return cases


def _smt_root_cases() -> list[Case]:
    suite = "crypto/smt_root"

    def case(
        name: str,
        depth: int,
        pairs: list[tuple[int, bytes]],
        flags: tuple[str, ...] = (),
        expect: str = "valid",
        *,
        intermediate: JsonObject | None = None,
    ) -> Case:
        return Case(
            name,
            {"depth": dec(depth), "leaves": _entries(pairs)},
            expect=expect,
            flags=flags,
            intermediate=intermediate or {},
        )

    full = [(key, _value(key)) for key in range(8)]
    return [
        case("depth_1_empty", 1, [], ("EmptySmt",)),
        case("depth_1_key_0", 1, [(0, _value(0))], ("ExtremeKeys",)),
        case("depth_1_key_1", 1, [(1, _value(0))], ("ExtremeKeys",)),
        case("depth_1_both_keys", 1, [(0, _value(0)), (1, _value(1))], ("FullTree",)),
        case("depth_3_keys_1_and_6", 3, [(1, b"v1"), (6, b"v6")]),
        case(
            "depth_3_full",
            3,
            full,
            ("FullTree",),
            intermediate={"merkle_root": hex_bytes(compute_merkle_root([v for _, v in full]))},
        ),
        case("depth_8_extreme_keys", 8, [(0, _value(0)), (255, _value(1))], ("ExtremeKeys",)),
        case("depth_8_random_keys", 8, _numbered(_random_keys(suite, "depth_8", 8, 5))),
        case("depth_16_random_keys", 16, _numbered(_random_keys(suite, "depth_16", 16, 10))),
        case("depth_256_empty", 256, [], ("EmptySmt",)),
        case("depth_256_key_0", 256, [(0, _value(0))], ("ExtremeKeys",)),
        case("depth_256_key_max", 256, [(2**256 - 1, _value(0))], ("ExtremeKeys",)),
        case(
            "depth_256_hashed_keys",
            256,
            _numbered([_hashed_key(i) for i in range(6)]),
            ("HashedKeys",),
        ),
        case(
            "depth_8_overwrite",
            8,
            [(7, _value(0)), (9, _value(1)), (7, _value(2))],
            ("Overwrite",),
        ),
        case("depth_0", 0, [], ("DepthRange",), "InvalidTreeDepth"),
        case("depth_257", 257, [], ("DepthRange",), "InvalidTreeDepth"),
        case("depth_8_key_256", 8, [(256, _value(0))], ("KeyRange",), "KeyOutOfRange"),
        case("depth_8_key_minus_1", 8, [(-1, _value(0))], ("KeyRange",), "KeyOutOfRange"),
        case("depth_256_key_2_256", 256, [(2**256, _value(0))], ("KeyRange",), "KeyOutOfRange"),
        case("empty_value", 8, [(3, _value(0)), (4, b"")], ("EmptyValue",), "EmptyLeafValue"),
    ]


def _smt_delete_cases() -> list[Case]:
    suite = "crypto/smt_delete"

    def case(
        name: str,
        depth: int,
        pairs: list[tuple[int, bytes]],
        delete: list[int],
        flags: tuple[str, ...] = (),
        *,
        expect: str = "valid",
    ) -> Case:
        return Case(
            name,
            {"depth": dec(depth), "leaves": _entries(pairs), "delete": [dec(k) for k in delete]},
            expect=expect,
            flags=flags,
        )

    keys8 = _random_keys(suite, "depth_8", 8, 3)
    keys256 = [_hashed_key(i) for i in range(4)]
    return [
        case("depth_8_one_of_three", 8, _numbered(keys8), keys8[1:2]),
        case(
            "depth_8_absent_key",
            8,
            _numbered(keys8),
            [next(k for k in range(256) if k not in keys8)],
            ("AbsentKey",),
        ),
        case("depth_8_all", 8, _numbered(keys8), keys8, ("DeleteAll",)),
        case("depth_8_twice", 8, _numbered(keys8), [keys8[0], keys8[0]], ("AbsentKey",)),
        case("depth_3_full_but_one", 3, [(k, _value(k)) for k in range(8)], [5]),
        case("depth_256_one_of_four", 256, _numbered(keys256), keys256[2:3], ("HashedKeys",)),
        case(
            "depth_256_all",
            256,
            _numbered(keys256),
            list(reversed(keys256)),
            ("HashedKeys", "DeleteAll"),
        ),
        case("depth_8_key_256", 8, _numbered(keys8), [256], ("KeyRange",), expect="KeyOutOfRange"),
    ]


def _smt_proof_cases() -> list[Case]:
    suite = "crypto/compute_smt_proof"
    cases: list[Case] = []

    def case(
        name: str,
        depth: int,
        pairs: list[tuple[int, bytes]],
        key: int,
        flags: tuple[str, ...] = (),
        *,
        expect: str = "valid",
    ) -> Case:
        intermediate: JsonObject = {}
        if expect == "valid":
            tree = _tree_of(depth, pairs)
            intermediate = {
                "root": hex_bytes(smt_root(tree)),
                "compact": hex_bytes(encode_smt_proof(compute_smt_proof(tree, key))),
            }
        return Case(
            name,
            {"depth": dec(depth), "leaves": _entries(pairs), "key": dec(key)},
            expect=expect,
            flags=flags,
            intermediate=intermediate,
        )

    keys8 = _random_keys(suite, "depth_8", 8, 6)
    keys16 = _random_keys(suite, "depth_16", 16, 10)
    keys256 = [_hashed_key(i) for i in range(5)]
    absent8 = next(k for k in range(256) if k not in keys8)
    cases += [
        case("depth_3_key_6", 3, [(1, b"v1"), (6, b"v6")], 6),
        case("depth_3_absent_key_7", 3, [(1, b"v1"), (6, b"v6")], 7, ("AbsentKey",)),
        case("depth_3_full_key_5", 3, [(k, _value(k)) for k in range(8)], 5, ("FullTree",)),
        case("depth_8_present", 8, _numbered(keys8), keys8[2]),
        case("depth_8_absent", 8, _numbered(keys8), absent8, ("AbsentKey",)),
        case("depth_8_empty_tree", 8, [], 77, ("EmptySmt",)),
        case("depth_16_present", 16, _numbered(keys16), keys16[7]),
        case("depth_256_present", 256, _numbered(keys256), keys256[1], ("HashedKeys",)),
        case(
            "depth_256_absent",
            256,
            _numbered(keys256),
            _hashed_key(99),
            ("HashedKeys", "AbsentKey"),
        ),
        case("depth_8_key_256", 8, _numbered(keys8), 256, ("KeyRange",), expect="KeyOutOfRange"),
    ]
    return cases


def _smt_verify_input(
    root: bytes, key: int, value: bytes | None, siblings: tuple[bytes, ...], depth: int
) -> JsonObject:
    data: JsonObject = {"root": hex_bytes(root), "key": dec(key)}
    if value is not None:
        data["value"] = hex_bytes(value)
    data["proof"] = _hex_list(siblings)
    data["depth"] = dec(depth)
    return data


def _membership_cases() -> list[Case]:
    suite = "crypto/verify_smt_membership"
    cases: list[Case] = []
    for depth, keys, flags in (
        (3, [1, 6], ()),
        (8, _random_keys(suite, "depth_8", 8, 6), ()),
        (16, _random_keys(suite, "depth_16", 16, 10), ()),
        (256, [_hashed_key(i) for i in range(5)], ("HashedKeys",)),
    ):
        pairs = _numbered(keys)
        tree = _tree_of(depth, pairs)
        key, value = pairs[1]
        siblings: tuple[bytes, ...] = compute_smt_proof(tree, key).siblings
        cases.append(
            Case(
                f"valid_depth_{depth}",
                _smt_verify_input(smt_root(tree), key, value, siblings, depth),
                flags=flags,
            )
        )
    pairs = _numbered(_random_keys(suite, "malformed", 8, 6))
    tree = _tree_of(8, pairs)
    root = smt_root(tree)
    key, value = pairs[0]
    siblings = compute_smt_proof(tree, key).siblings
    absent = next(k for k in range(256) if k not in dict(pairs))
    absent_siblings = compute_smt_proof(tree, absent).siblings
    high = max(h for h in range(8) if siblings[h] != SMT_DEFAULT_HASHES[h])

    def bad(name: str, flag: str, values: tuple[bytes, int, bytes, tuple[bytes, ...], int]) -> Case:
        return Case(name, _smt_verify_input(*values), expect="invalid", flags=(flag,))

    def replaced(height: int, sibling: bytes) -> tuple[bytes, ...]:
        return (*siblings[:height], sibling, *siblings[height + 1 :])

    return [
        *cases,
        Case("valid_base", _smt_verify_input(root, key, value, siblings, 8)),
        bad("root_flipped", "Tampered", (_flip(root, 0), key, value, siblings, 8)),
        bad(
            "leaf_level_sibling_flipped",
            "Tampered",
            (root, key, value, replaced(0, _flip(siblings[0], 3)), 8),
        ),
        bad(
            f"sibling_{high}_flipped",
            "Tampered",
            (root, key, value, replaced(high, _flip(siblings[high], 31)), 8),
        ),
        bad("other_value", "WrongStatement", (root, key, pairs[1][1], siblings, 8)),
        bad("value_with_extra_byte", "WrongStatement", (root, key, value + b"\x00", siblings, 8)),
        bad("neighbour_key", "WrongStatement", (root, key ^ 1, value, siblings, 8)),
        bad(
            "absent_key_with_its_proof", "WrongStatement", (root, absent, value, absent_siblings, 8)
        ),
        bad("empty_value", "EmptyValue", (root, key, b"", siblings, 8)),
        bad("siblings_7", "SiblingCount", (root, key, value, siblings[:7], 8)),
        bad("siblings_9", "SiblingCount", (root, key, value, (*siblings, bytes(32)), 8)),
        bad("siblings_0", "SiblingCount", (root, key, value, (), 8)),
        bad(
            "sibling_31_bytes",
            "HashLength",
            (root, key, value, replaced(high, siblings[high][:31]), 8),
        ),
        bad(
            "sibling_33_bytes",
            "HashLength",
            (root, key, value, replaced(high, siblings[high] + b"\x00"), 8),
        ),
        bad("root_31_bytes", "HashLength", (root[:31], key, value, siblings, 8)),
        bad("key_256", "KeyRange", (root, 256, value, siblings, 8)),
        bad("key_minus_1", "KeyRange", (root, -1, value, siblings, 8)),
        bad("depth_0", "DepthRange", (root, key, value, (), 0)),
        bad(
            "depth_257",
            "DepthRange",
            (root, key, value, (*siblings, *SMT_DEFAULT_HASHES[8:257]), 257),
        ),
        bad("depth_7", "WrongDepth", (root, key, value, siblings, 7)),
        bad("depth_256", "WrongDepth", (root, key, value, siblings, 256)),
    ]


def _non_membership_cases() -> list[Case]:
    suite = "crypto/verify_smt_non_membership"
    cases: list[Case] = []
    for depth, keys, flags in (
        (3, [1, 6], ()),
        (8, _random_keys(suite, "depth_8", 8, 6), ()),
        (16, _random_keys(suite, "depth_16", 16, 10), ()),
        (256, [_hashed_key(i) for i in range(5)], ("HashedKeys",)),
    ):
        tree = _tree_of(depth, _numbered(keys))
        absent = 7 if depth == 3 else next(k for k in range(2**8) if k not in keys)
        siblings: tuple[bytes, ...] = compute_smt_proof(tree, absent).siblings
        cases.append(
            Case(
                f"valid_depth_{depth}",
                _smt_verify_input(smt_root(tree), absent, None, siblings, depth),
                flags=flags,
            )
        )
    for depth in (1, 256):
        empty = new_sparse_merkle_tree(depth)
        key = 2**depth - 1
        cases.append(
            Case(
                f"empty_tree_depth_{depth}",
                _smt_verify_input(
                    smt_root(empty), key, None, compute_smt_proof(empty, key).siblings, depth
                ),
                flags=("EmptySmt",),
            )
        )
    pairs = _numbered(_random_keys(suite, "malformed", 8, 6))
    tree = _tree_of(8, pairs)
    root = smt_root(tree)
    absent = next(k for k in range(256) if k not in dict(pairs))
    siblings = compute_smt_proof(tree, absent).siblings
    present, _ = pairs[0]
    present_siblings = compute_smt_proof(tree, present).siblings
    high = max(h for h in range(8) if siblings[h] != SMT_DEFAULT_HASHES[h])

    def bad(name: str, flag: str, values: tuple[bytes, int, tuple[bytes, ...], int]) -> Case:
        root_, key_, siblings_, depth_ = values
        return Case(
            name,
            _smt_verify_input(root_, key_, None, siblings_, depth_),
            expect="invalid",
            flags=(flag,),
        )

    def replaced(height: int, sibling: bytes) -> tuple[bytes, ...]:
        return (*siblings[:height], sibling, *siblings[height + 1 :])

    return [
        *cases,
        Case("valid_base", _smt_verify_input(root, absent, None, siblings, 8)),
        bad("present_key", "WrongStatement", (root, present, present_siblings, 8)),
        bad("present_key_with_absent_proof", "WrongStatement", (root, present, siblings, 8)),
        bad("root_flipped", "Tampered", (_flip(root, 9), absent, siblings, 8)),
        bad(
            f"sibling_{high}_flipped",
            "Tampered",
            (root, absent, replaced(high, _flip(siblings[high], 0)), 8),
        ),
        bad("siblings_7", "SiblingCount", (root, absent, siblings[:7], 8)),
        bad("siblings_9", "SiblingCount", (root, absent, (*siblings, bytes(32)), 8)),
        bad(
            "sibling_31_bytes", "HashLength", (root, absent, replaced(high, siblings[high][:31]), 8)
        ),
        bad("root_33_bytes", "HashLength", (root + b"\x00", absent, siblings, 8)),
        bad("key_256", "KeyRange", (root, 256, siblings, 8)),
        bad("key_minus_1", "KeyRange", (root, -1, siblings, 8)),
        bad("depth_0", "DepthRange", (root, absent, (), 0)),
        bad("depth_9", "WrongDepth", (root, absent, (*siblings, SMT_DEFAULT_HASHES[8]), 9)),
    ]


def _compact_examples() -> list[tuple[str, tuple[bytes, ...], tuple[str, ...]]]:
    depth_10 = list(SMT_DEFAULT_HASHES[:10])
    depth_10[1] = keccak256(b"sibling 1")
    depth_10[9] = keccak256(b"sibling 9")
    full = _tree_of(3, [(k, _value(k)) for k in range(8)])
    sparse = _tree_of(256, _numbered([_hashed_key(i) for i in range(5)]))
    ends = list(SMT_DEFAULT_HASHES[:256])
    ends[0] = keccak256(b"leaf level")
    ends[255] = keccak256(b"root level")
    return [
        ("depth_1_default", SMT_DEFAULT_HASHES[:1], ("EmptySmt",)),
        ("depth_8_default", SMT_DEFAULT_HASHES[:8], ("EmptySmt",)),
        ("depth_256_default", SMT_DEFAULT_HASHES[:256], ("EmptySmt",)),
        ("depth_3_full_tree", compute_smt_proof(full, 5).siblings, ("FullTree",)),
        ("depth_10_heights_1_and_9", tuple(depth_10), ("BitmapOrder",)),
        ("depth_256_heights_0_and_255", tuple(ends), ("BitmapOrder",)),
        (
            "depth_256_hashed_keys",
            compute_smt_proof(sparse, _hashed_key(2)).siblings,
            ("HashedKeys",),
        ),
    ]


def _encode_smt_cases() -> list[Case]:
    cases = [
        Case(name, {"siblings": _hex_list(siblings)}, flags=flags)
        for name, siblings, flags in _compact_examples()
    ]
    cases += [
        Case("no_siblings", {"siblings": []}, expect="InvalidTreeDepth", flags=("DepthRange",)),
        Case(
            "257_siblings",
            {"siblings": _hex_list(SMT_DEFAULT_HASHES)},
            expect="InvalidTreeDepth",
            flags=("DepthRange",),
        ),
        Case(
            "sibling_31_bytes",
            {"siblings": _hex_list([keccak256(b"x")[:31], *SMT_DEFAULT_HASHES[1:8]])},
            expect="TypeMismatch",
            flags=("HashLength",),
        ),
    ]
    return cases


def _decode_smt_cases() -> list[Case]:
    cases: list[Case] = []
    for name, siblings, flags in _compact_examples():
        data = encode_smt_proof(SmtProof(tuple(Hash32(s) for s in siblings)))
        cases.append(
            Case(name, {"data": hex_bytes(data), "depth": dec(len(siblings))}, flags=flags)
        )
    sibling = keccak256(b"sibling")
    valid = bytes.fromhex("0002") + sibling

    def bad(name: str, data: bytes, depth: int, expect: str, flag: str) -> Case:
        return Case(
            name, {"data": hex_bytes(data), "depth": dec(depth)}, expect=expect, flags=(flag,)
        )

    cases.append(
        Case("depth_10_height_1", {"data": hex_bytes(valid), "depth": "10"}, flags=("BitmapOrder",))
    )
    cases += [
        bad("empty", b"", 10, "InvalidLength", "WrongLength"),
        bad("short_bitmap", b"\x00", 10, "InvalidLength", "WrongLength"),
        bad("missing_sibling", bytes.fromhex("0002"), 10, "InvalidLength", "WrongLength"),
        bad("truncated_sibling", valid[:-1], 10, "InvalidLength", "WrongLength"),
        bad("trailing_byte", valid + b"\x00", 10, "InvalidLength", "WrongLength"),
        bad("surplus_sibling", valid + sibling, 10, "InvalidLength", "WrongLength"),
        bad(
            "sibling_without_bit",
            bytes.fromhex("0000") + sibling,
            10,
            "InvalidLength",
            "WrongLength",
        ),
        bad("depth_256_bitmap_only_31_bytes", bytes(31), 256, "InvalidLength", "WrongLength"),
        bad("padding_bit_10", bytes.fromhex("0400"), 10, "NonCanonicalEncoding", "PaddingBits"),
        bad(
            "padding_bit_15",
            bytes.fromhex("8002") + sibling,
            10,
            "NonCanonicalEncoding",
            "PaddingBits",
        ),
        bad("depth_1_bit_1", b"\x02", 1, "NonCanonicalEncoding", "PaddingBits"),
        bad("depth_7_bit_7", b"\x80" + sibling, 7, "NonCanonicalEncoding", "PaddingBits"),
        bad(
            "zero_leaf_sibling_marked",
            bytes.fromhex("0001") + bytes(32),
            10,
            "NonCanonicalEncoding",
            "DefaultMarked",
        ),
        bad(
            "default_sibling_marked",
            bytes.fromhex("0002") + SMT_DEFAULT_HASHES[1],
            10,
            "NonCanonicalEncoding",
            "DefaultMarked",
        ),
        bad(
            "depth_256_default_root_child_marked",
            bytes([0x80]) + bytes(31) + SMT_DEFAULT_HASHES[255],
            256,
            "NonCanonicalEncoding",
            "DefaultMarked",
        ),
        bad("depth_0", b"", 0, "InvalidTreeDepth", "DepthRange"),
        bad("depth_257", bytes(33), 257, "InvalidTreeDepth", "DepthRange"),
    ]
    return cases


# ----------------------------------------------------------------------------- runners


def _bytes(case_input: JsonObject, key: str) -> bytes:
    return parse_bytes(field_of(case_input, key), key)


def _int(case_input: JsonObject, key: str) -> int:
    return parse_int(field_of(case_input, key), key)


def _bytes_list(case_input: JsonObject, key: str) -> list[bytes]:
    items = field_of(case_input, key)
    if not isinstance(items, list):
        raise MalformedVector(f"{key}: expected a list of 0x-hex strings")
    return [parse_bytes(item, key) for item in items]


def _hash_tuple(case_input: JsonObject, key: str) -> tuple[Hash32, ...]:
    return tuple(Hash32(item) for item in _bytes_list(case_input, key))


def _tree_from_input(case_input: JsonObject) -> SparseMerkleTree:
    tree = new_sparse_merkle_tree(_int(case_input, "depth"))
    entries = field_of(case_input, "leaves")
    if not isinstance(entries, list):
        raise MalformedVector("leaves: expected a list of {key, value}")
    for entry in entries:
        if not isinstance(entry, dict):
            raise MalformedVector("leaves: expected a list of {key, value}")
        smt_set(tree, _int(entry, "key"), _bytes(entry, "value"))
    return tree


def _proof_json(proof: MerkleProof | tuple[Hash32, ...]) -> JsonValue:
    return _hex_list(proof)


def _run_root(case_input: JsonObject) -> JsonValue:
    return hex_bytes(compute_merkle_root(_bytes_list(case_input, "leaves")))


def _run_proof(case_input: JsonObject) -> JsonValue:
    leaves = _bytes_list(case_input, "leaves")
    return _proof_json(compute_merkle_proof(leaves, _int(case_input, "index")))


def _run_verify(case_input: JsonObject) -> JsonValue:
    return verify_merkle_proof(
        Hash32(_bytes(case_input, "root")),
        _bytes(case_input, "leaf"),
        _int(case_input, "index"),
        _int(case_input, "leaf_count"),
        _hash_tuple(case_input, "proof"),
    )


def _run_encode_merkle(case_input: JsonObject) -> JsonValue:
    return hex_bytes(encode_merkle_proof(_hash_tuple(case_input, "proof")))


def _run_decode_merkle(case_input: JsonObject) -> JsonValue:
    return _proof_json(decode_merkle_proof(_bytes(case_input, "data")))


def _run_empty_root(case_input: JsonObject) -> JsonValue:
    return hex_bytes(smt_empty_root(_int(case_input, "depth")))


def _run_smt_root(case_input: JsonObject) -> JsonValue:
    return hex_bytes(smt_root(_tree_from_input(case_input)))


def _run_smt_delete(case_input: JsonObject) -> JsonValue:
    tree = _tree_from_input(case_input)
    keys = field_of(case_input, "delete")
    if not isinstance(keys, list):
        raise MalformedVector("delete: expected a list of decimal strings")
    for key in keys:
        smt_delete(tree, parse_int(key, "delete"))
    return hex_bytes(smt_root(tree))


def _run_smt_proof(case_input: JsonObject) -> JsonValue:
    tree = _tree_from_input(case_input)
    return _proof_json(compute_smt_proof(tree, _int(case_input, "key")).siblings)


def _run_membership(case_input: JsonObject) -> JsonValue:
    return verify_smt_membership(
        _bytes(case_input, "root"),
        _int(case_input, "key"),
        _bytes(case_input, "value"),
        SmtProof(_hash_tuple(case_input, "proof")),
        _int(case_input, "depth"),
    )


def _run_non_membership(case_input: JsonObject) -> JsonValue:
    return verify_smt_non_membership(
        _bytes(case_input, "root"),
        _int(case_input, "key"),
        SmtProof(_hash_tuple(case_input, "proof")),
        _int(case_input, "depth"),
    )


def _run_encode_smt(case_input: JsonObject) -> JsonValue:
    return hex_bytes(encode_smt_proof(SmtProof(_hash_tuple(case_input, "siblings"))))


def _run_decode_smt(case_input: JsonObject) -> JsonValue:
    proof = decode_smt_proof(_bytes(case_input, "data"), _int(case_input, "depth"))
    return _proof_json(proof.siblings)


def _suite(
    name: str,
    spec: str,
    description: tuple[str, ...],
    cases: Callable[[], list[Case]],
    run: Callable[[JsonObject], JsonValue],
    *,
    predicate: bool = False,
) -> Suite:
    module = "l2ref.crypto.merkle" if spec == MERKLE_SPEC else "l2ref.crypto.smt"
    return Suite(
        suite=f"crypto/{name}",
        function=f"{module}.{name}",
        spec=f"{spec}#{name}",
        description=(*description, *(MERKLE_VALUES if spec == MERKLE_SPEC else SMT_VALUES)),
        cases=cases,
        run=run,
        notes=NOTES,
        predicate=predicate,
    )


SUITES = [
    _suite(
        "compute_merkle_root",
        MERKLE_SPEC,
        ("compute_merkle_root(leaves): output is the 32-byte root.",),
        _root_cases,
        _run_root,
    ),
    _suite(
        "compute_merkle_proof",
        MERKLE_SPEC,
        ("compute_merkle_proof(leaves, index): output is the audit path.",),
        _proof_cases,
        _run_proof,
    ),
    _suite(
        "verify_merkle_proof",
        MERKLE_SPEC,
        (
            "verify_merkle_proof(root, leaf, index, leaf_count, proof): output is true or false; "
            "never an error.",
        ),
        _verify_cases,
        _run_verify,
        predicate=True,
    ),
    _suite(
        "encode_merkle_proof",
        MERKLE_SPEC,
        ("encode_merkle_proof(proof): output is the elements concatenated.",),
        _encode_merkle_cases,
        _run_encode_merkle,
    ),
    _suite(
        "decode_merkle_proof",
        MERKLE_SPEC,
        ("decode_merkle_proof(data): output is the list of 32-byte elements.",),
        _decode_merkle_cases,
        _run_decode_merkle,
    ),
    _suite(
        "smt_empty_root",
        SMT_SPEC,
        ("smt_empty_root(depth): output is Z_depth, the root of the empty tree.",),
        _empty_root_cases,
        _run_empty_root,
    ),
    _suite(
        "smt_root",
        SMT_SPEC,
        (
            "smt_root of new_sparse_merkle_tree(depth) after smt_set(tree, key, value) for each "
            "entry of leaves in order: output is the 32-byte root.",
        ),
        _smt_root_cases,
        _run_smt_root,
    ),
    _suite(
        "smt_delete",
        SMT_SPEC,
        (
            "The tree of leaves (as in crypto/smt_root), then smt_delete(tree, key) for each key "
            "of delete in order: output is smt_root(tree).",
        ),
        _smt_delete_cases,
        _run_smt_delete,
    ),
    _suite(
        "compute_smt_proof",
        SMT_SPEC,
        (
            "compute_smt_proof(tree, key) on the tree of leaves (as in crypto/smt_root): output "
            "is the list of the depth siblings; intermediate has the root and the compact "
            "encoding.",
        ),
        _smt_proof_cases,
        _run_smt_proof,
    ),
    _suite(
        "verify_smt_membership",
        SMT_SPEC,
        (
            "verify_smt_membership(root, key, value, SmtProof(proof), depth): output is true or "
            "false; never an error.",
        ),
        _membership_cases,
        _run_membership,
        predicate=True,
    ),
    _suite(
        "verify_smt_non_membership",
        SMT_SPEC,
        (
            "verify_smt_non_membership(root, key, SmtProof(proof), depth): output is true or "
            "false; never an error.",
        ),
        _non_membership_cases,
        _run_non_membership,
        predicate=True,
    ),
    _suite(
        "encode_smt_proof",
        SMT_SPEC,
        (
            "encode_smt_proof(SmtProof(siblings)): output is the bitmap of ceil(depth / 8) bytes "
            "followed by the non-default siblings.",
        ),
        _encode_smt_cases,
        _run_encode_smt,
    ),
    _suite(
        "decode_smt_proof",
        SMT_SPEC,
        ("decode_smt_proof(data, depth): output is the list of the depth siblings.",),
        _decode_smt_cases,
        _run_decode_smt,
    ),
]
