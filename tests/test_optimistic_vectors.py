"""The optimistic rollup's vector files checked against independent oracles: an L2 ledger written
here from the spec's rules (eth-abi for the encodings, coincurve for signatures, eth-utils'
Keccak-256, a sparse Merkle tree of a few lines), Python's zlib for batches; and the rule that an
invalid call or a skipped transaction leaves the state unchanged (I-OP-2)."""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

import coincurve
import pytest
from eth_abi.abi import decode as abi_decode
from eth_abi.abi import encode as abi_encode
from eth_utils.crypto import keccak

from l2ref.vectorgen.optimistic_l2 import SUITES as L2_SUITES
from l2ref.vectorgen.optimistic_rollup import FEE_RECIPIENT, ROLLUP, run_contract_steps

VECTORS = Path(__file__).resolve().parent.parent / "vectors" / "optimistic"
CURVE_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
UINT256_MAX = 2**256 - 1
BOND = 10**18
APPLY = next(s for s in L2_SUITES if s.suite == "optimistic/apply_l2_transaction")
TX_TYPES = ["uint256", "uint256", "address", "uint256"]
DEPOSIT_TYPES = ["uint256", "address", "address", "uint256"]


def _tests(suite: str) -> list[dict[str, Any]]:
    tests: list[dict[str, Any]] = json.loads((VECTORS / f"{suite}.json").read_text())["tests"]
    return tests


def _hex(value: str) -> bytes:
    return bytes.fromhex(value[2:])


def _address(value: str) -> bytes:
    return _hex(value.lower())


# ----------------------------------------------------------------------------- an independent SMT

EMPTY = bytes(32)


def _node(left: bytes, right: bytes) -> bytes:
    return keccak(b"\x01" + left + right)


DEFAULTS = [EMPTY]
for _ in range(256):
    DEFAULTS.append(_node(DEFAULTS[-1], DEFAULTS[-1]))


def _smt_root(leaves: dict[int, bytes], height: int = 256) -> bytes:
    if not leaves:
        return DEFAULTS[height]
    if height == 0:
        (value,) = leaves.values()
        return keccak(b"\x00" + value)
    bit = height - 1
    left = {k: v for k, v in leaves.items() if not (k >> bit) & 1}
    right = {k: v for k, v in leaves.items() if (k >> bit) & 1}
    return _node(_smt_root(left, bit), _smt_root(right, bit))


def _smt_root_from_proof(key: int, value: bytes, proof: bytes) -> bytes:
    bitmap = int.from_bytes(proof[:32], "big")
    offset = 32
    node = keccak(b"\x00" + value)
    for height in range(256):
        if (bitmap >> height) & 1:
            sibling = proof[offset : offset + 32]
            offset += 32
        else:
            sibling = DEFAULTS[height]
        node = _node(sibling, node) if (key >> height) & 1 else _node(node, sibling)
    assert offset == len(proof)
    return node


def _account_key(address: bytes) -> int:
    return int.from_bytes(keccak(b"\x00" + address), "big")


def _l2_roots(accounts: dict[bytes, tuple[int, int]], withdrawals: list[bytes]) -> dict[str, str]:
    accounts_root = _smt_root(
        {
            _account_key(a): n.to_bytes(32, "big") + b.to_bytes(32, "big")
            for a, (n, b) in accounts.items()
        }
    )
    withdrawals_root = _smt_root({int.from_bytes(h, "big"): b"\x01" for h in withdrawals})
    return {
        "state_root": "0x" + keccak(accounts_root + withdrawals_root).hex(),
        "accounts_root": "0x" + accounts_root.hex(),
        "withdrawals_root": "0x" + withdrawals_root.hex(),
    }


def _check_state(state: dict[str, Any]) -> None:
    accounts = {
        _address(a["address"]): (int(a["nonce"]), int(a["balance"])) for a in state["accounts"]
    }
    withdrawals = [_hex(h) for h in state["withdrawals"]]
    roots = _l2_roots(accounts, withdrawals)
    assert {key: state[key] for key in roots} == roots


# ----------------------------------------------------------------------------- a ledger


def _recover(digest: bytes, r: int, s: int, v: int) -> bytes | str:
    """The sender, or the name of the spec's reason for recovering none."""
    if not (0 < r < CURVE_ORDER and 0 < s < CURVE_ORDER):
        return "SignatureOutOfRange"
    if s > CURVE_ORDER // 2:
        return "HighS"
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big") + bytes([v])
    try:
        public = coincurve.PublicKey.from_signature_and_message(signature, digest, hasher=None)
    except Exception:
        return "RecoveryFailed"
    return keccak(public.format(compressed=False)[1:])[-20:]


def _apply(
    chain_id: int,
    accounts: dict[bytes, tuple[int, int]],
    withdrawals: list[bytes],
    data: bytes,
) -> str:
    """Apply one encoded transaction to the ledger; return the skip reason or ""."""
    if data[0] == 0x7E:
        _, _, recipient, value = abi_decode(DEPOSIT_TYPES, data[1:])
        to = _address(recipient)
        nonce, balance = accounts.get(to, (0, 0))
        if balance + value > UINT256_MAX:
            return "L2BalanceOverflow"
        accounts[to] = (nonce, balance + value)
        return ""
    body, signature = data[1:-65], data[-65:]
    tx_chain_id, tx_nonce, recipient, value = abi_decode(TX_TYPES, body)
    if tx_chain_id != chain_id:
        return "L2ChainIdMismatch"
    to = _address(recipient)
    digest = keccak(data[:1] + abi_encode(TX_TYPES, [tx_chain_id, tx_nonce, recipient, value]))
    r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:64], "big")
    sender = _recover(digest, r, s, signature[64] - 27)
    if isinstance(sender, str):
        return sender
    nonce, balance = accounts.get(sender, (0, 0))
    if tx_nonce != nonce:
        return "L2NonceMismatch"
    if value > balance:
        return "L2InsufficientBalance"
    if data[0] == 0x71:
        withdrawal = abi_encode(
            ["address", "uint256", "address", "uint256"], [sender, nonce, recipient, value]
        )
        withdrawals.append(keccak(withdrawal))
        accounts[sender] = (nonce + 1, balance - value)
    elif to == sender:
        accounts[sender] = (nonce + 1, balance)
    else:
        to_nonce, to_balance = accounts.get(to, (0, 0))
        if to_balance + value > UINT256_MAX:
            return "L2BalanceOverflow"
        accounts[sender] = (nonce + 1, balance - value)
        accounts[to] = (to_nonce, to_balance + value)
    return ""


@pytest.mark.parametrize("test", _tests("apply_l2_transaction"), ids=lambda t: t["name"])
def test_apply_l2_transaction_matches_an_independent_ledger(test: dict[str, Any]) -> None:
    pre = test["input"]["pre"]
    accounts = {
        _address(a["address"]): (int(a["nonce"]), int(a["balance"])) for a in pre["accounts"]
    }
    withdrawals: list[bytes] = []
    roots = [_l2_roots(accounts, withdrawals)["state_root"]]
    for step, receipt in zip(test["input"]["steps"], test["output"]["receipts"], strict=True):
        reason = _apply(
            int(pre["chain_id"]), accounts, withdrawals, _hex(step["args"]["transaction"])
        )
        assert receipt == {"applied": reason == "", "error": reason}
        assert step["error"] == (reason or None)
        roots.append(
            _l2_roots({a: v for a, v in accounts.items() if v != (0, 0)}, withdrawals)["state_root"]
        )
    assert test["intermediate"]["state_roots"] == roots
    post = test["output"]["post"]
    assert post["withdrawals"] == ["0x" + h.hex() for h in withdrawals]
    live = {a: v for a, v in accounts.items() if v != (0, 0)}
    assert post["accounts"] == [
        {"address": "0x" + a.hex(), "nonce": str(n), "balance": str(b)}
        for a, (n, b) in sorted(live.items())
    ]
    _check_state(post)


def test_skipped_transactions_leave_the_l2_state_unchanged() -> None:
    """I-OP-2 over every vector whose last step is skipped: `post` is the state without it."""
    skipped = [t for t in _tests("apply_l2_transaction") if "Skipped" in t["flags"]]
    assert len(skipped) >= 15
    for test in skipped:
        steps = test["input"]["steps"]
        without: Any = APPLY.run({**test["input"], "steps": steps[:-1]})
        assert without["post"] == test["output"]["post"], test["name"]
        roots = test["intermediate"]["state_roots"]
        assert roots[-1] == roots[-2]


# ----------------------------------------------------------------------------- transactions


def test_signing_digests_match_eth_abi() -> None:
    for test in _tests("compute_l2_signing_digest"):
        tx = test["input"]["transaction"]
        if test["result"] == "invalid":
            assert int(tx["kind"]) not in (0x70, 0x71)
            continue
        fields = [int(tx["chain_id"]), int(tx["nonce"]), tx["to"], int(tx["value"])]
        encoding = bytes([int(tx["kind"])]) + abi_encode(TX_TYPES, fields)
        assert test["output"] == {
            "encoding": "0x" + encoding.hex(),
            "digest": "0x" + keccak(encoding).hex(),
        }


def test_signatures_match_coincurve() -> None:
    for test in _tests("sign_l2_transaction"):
        if test["result"] == "invalid":
            continue
        key = coincurve.PrivateKey(_hex(test["input"]["private_key"]))
        digest = _hex(test["intermediate"]["digest"])
        raw = key.sign_recoverable(digest, hasher=None)
        output = test["output"]
        r, s = int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:64], "big")
        assert output["signature"] == {"r": str(r), "s": str(s), "v": str(raw[64])}
        address = keccak(key.public_key.format(compressed=False)[1:])[-20:]
        assert output["sender"] == "0x" + address.hex()
        encoded = _hex(output["encoded"])
        assert encoded[-65:] == raw[:64] + bytes([27 + raw[64]])
        assert keccak(encoded[:-65]) == digest
        assert output["transaction_hash"] == "0x" + keccak(encoded).hex()


def test_decoded_transactions_re_encode_with_eth_abi() -> None:
    for test in _tests("decode_any_l2_transaction"):
        if test["result"] == "invalid":
            continue
        output, data = test["output"], _hex(test["input"]["data"])
        if output["type"] == "deposit":
            fields = [int(output["queue_index"]), output["l1_sender"], output["recipient"]]
            body = abi_encode(DEPOSIT_TYPES, [*fields, int(output["value"])])
            assert data == b"\x7e" + body
            continue
        tx, signature = output["transaction"], output["signature"]
        fields = [int(tx["chain_id"]), int(tx["nonce"]), tx["to"], int(tx["value"])]
        tail = int(signature["r"]).to_bytes(32, "big") + int(signature["s"]).to_bytes(32, "big")
        tail += bytes([27 + int(signature["v"])])
        assert data == bytes([int(tx["kind"])]) + abi_encode(TX_TYPES, fields) + tail


# ----------------------------------------------------------------------------- batches


def test_encoded_batches_decode_with_zlib_and_eth_abi() -> None:
    for test in _tests("encode_batch"):
        if test["result"] == "invalid":
            continue
        items = [_hex(item) for item in test["input"]["transactions"]]
        payload = abi_encode(["bytes[]"], [items])
        assert test["intermediate"]["payload"] == "0x" + payload.hex()
        batch = _hex(test["output"])
        if test["input"]["version"] == "0":
            assert batch == b"\x00" + payload
        else:
            assert batch[0] == 1
            assert zlib.decompress(batch[1:], -15) == payload


def test_decoded_batches_match_zlib_and_eth_abi() -> None:
    valid = [t for t in _tests("decode_batch") if t["result"] == "valid"]
    assert len(valid) >= 5
    for test in valid:
        data = _hex(test["input"]["data"])
        payload = data[1:] if data[0] == 0 else zlib.decompress(data[1:], -15)
        if data[0] == 1:
            assert test["intermediate"]["payload"] == "0x" + payload.hex()
        (items,) = abi_decode(["bytes[]"], payload)
        assert test["output"] == ["0x" + bytes(item).hex() for item in items]


def test_the_bomb_inflates_past_the_limit() -> None:
    (bomb,) = [t for t in _tests("decode_batch") if t["name"] == "decompression_bomb"]
    data = _hex(bomb["input"]["data"])
    assert len(data) < 2_000
    assert len(zlib.decompress(data[1:], -15)) > 1_000_000
    assert bomb["error"] == "BatchTooLarge"


# ----------------------------------------------------------------------------- contract and L2


def _reverting_cases() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(VECTORS.glob("rollup_*.json")):
        for test in json.loads(path.read_text())["tests"]:
            if test["input"]["steps"][-1]["error"] is not None:
                found.append((f"{path.stem}/{test['name']}", test))
    return found


def _strip(post: dict[str, Any], ignored: set[str]) -> dict[str, Any]:
    accounts = [a for a in post["accounts"] if a["address"] not in ignored]
    return {"accounts": accounts, "storage": post["storage"]}


def test_reverted_contract_calls_change_nothing() -> None:
    """For every contract vector whose last step reverts: the published post equals the chain
    without that step, except the sender's nonce and balance and the fee recipient's balance."""
    cases = _reverting_cases()
    assert len(cases) >= 35
    for name, test in cases:
        steps = test["input"]["steps"]
        without: Any = run_contract_steps({**test["input"], "steps": steps[:-1]})
        ignored = {steps[-1]["args"]["sender"], "0x" + FEE_RECIPIENT.hex()}
        after = _strip(test["output"]["post"], ignored)
        before = _strip(without["post"], ignored)
        assert after == before, name
        assert not test["output"]["receipts"][-1]["succeeded"]


def _derived_tests() -> list[dict[str, Any]]:
    return _tests("derive_l2_chain") + _tests("lifecycle")


HEADER_TYPES = ["uint256", "bytes32", "uint256", "uint256", "bytes32", "bytes32"]


@pytest.mark.parametrize("test", _derived_tests(), ids=lambda t: t["name"])
def test_derived_l2_recomputed_independently(test: dict[str, Any]) -> None:
    l2 = test["output"]["post"]["l2"]
    assert l2["chain_id"] == "901"
    _check_state(l2["state"])
    parent = bytes(32)
    for number, block in enumerate(l2["blocks"]):
        assert block["number"] == str(number)
        assert _hex(block["parent_hash"]) == parent
        fields = [
            number,
            parent,
            int(block["l1_block_number"]),
            int(block["timestamp"]),
            _hex(block["transactions_root"]),
            _hex(block["state_root"]),
        ]
        parent = keccak(abi_encode(HEADER_TYPES, fields))
        assert block["hash"] == "0x" + parent.hex()
        output = bytes(32) + _hex(block["state_root"]) + _hex(block["withdrawals_root"]) + parent
        assert block["output_root"] == "0x" + keccak(output).hex()
        applied = [receipt for receipt in block["receipts"] if receipt["applied"]]
        assert len(applied) == len(block["transactions"])
    head = l2["blocks"][-1]
    assert head["state_root"] == l2["state"]["state_root"]
    assert head["withdrawals_root"] == l2["state"]["withdrawals_root"]
    assert head["withdrawal_count"] == str(len(l2["state"]["withdrawals"]))
    for item in l2["head_withdrawal_proofs"]:
        key = int.from_bytes(_hex(item["withdrawal_hash"]), "big")
        root = _smt_root_from_proof(key, b"\x01", _hex(item["proof"]))
        assert "0x" + root.hex() == head["withdrawals_root"]


# the bonds each lifecycle leaves in the contract: the third never resolves its output
BONDS_HELD = {
    "deposit_batch_propose_finalize_withdraw": 0,
    "wrong_output_defeated_then_withdraw": 0,
    "censored_withdrawal_forced_in": BOND,
}


@pytest.mark.parametrize("test", _tests("lifecycle"), ids=lambda t: t["name"])
def test_lifecycle_conserves_ether(test: dict[str, Any]) -> None:
    """I-OP-13: every withdrawal made on the L2 is paid once on L1, so the rollup holds exactly
    the L2's ether and the bonds."""
    post = test["output"]["post"]
    (rollup,) = [a for a in post["accounts"] if a["address"] == "0x" + ROLLUP.hex()]
    l2_ether = sum(int(a["balance"]) for a in post["l2"]["state"]["accounts"])
    assert int(rollup["balance"]) == l2_ether + BONDS_HELD[test["name"]]
    assert all(receipt["succeeded"] for receipt in test["output"]["receipts"])
    topic = "0x" + keccak(b"WithdrawalFinalized(bytes32,address,uint256)").hex()
    paid = [
        log for r in test["output"]["receipts"] for log in r["logs"] if log["topics"][0] == topic
    ]
    assert len(paid) == 1


def test_valid_withdrawal_proofs_verify_independently() -> None:
    for test in _tests("validate_withdrawal_proof"):
        preimage = test["input"]["output_root_proof"]
        w = test["input"]["withdrawal"]
        fields = [w["l2_sender"], int(w["nonce"]), w["l1_recipient"], int(w["value"])]
        withdrawal_hash = keccak(abi_encode(["address", "uint256", "address", "uint256"], fields))
        assert test["intermediate"]["withdrawal_hash"] == "0x" + withdrawal_hash.hex()
        output = bytes(32) + b"".join(
            _hex(preimage[k]) for k in ("state_root", "withdrawals_root", "l2_block_hash")
        )
        matches = keccak(output) == _hex(test["input"]["output_root"])
        if test["result"] == "valid":
            assert matches
            key = int.from_bytes(withdrawal_hash, "big")
            root = _smt_root_from_proof(key, b"\x01", _hex(test["input"]["withdrawal_proof"]))
            assert root == _hex(preimage["withdrawals_root"])
        elif test["error"] == "OutputRootMismatch":
            assert not matches


def _errors_named(pattern: str) -> set[str]:
    found: set[str] = set()
    for path in VECTORS.glob(pattern):
        for test in json.loads(path.read_text())["tests"]:
            found.add(test["error"])
            for step in test["input"].get("steps", []):
                found.add(step["error"])
    return found - {None}


def test_every_error_of_the_specs_tables_has_a_vector() -> None:
    """The Errors tables of specs/optimistic/{l2_state,batches,contracts}.md, but for the
    dispute-game hooks (specs/optimistic/dispute_game.md has their vectors)."""
    skip_reasons = {"L2ChainIdMismatch", "L2NonceMismatch", "L2InsufficientBalance"}
    skip_reasons |= {"L2BalanceOverflow", "HighS", "SignatureOutOfRange", "RecoveryFailed"}
    assert skip_reasons <= _errors_named("apply_l2_transaction.json")
    assert {"InvalidL2Witness", "IncompleteL2Witness"} <= _errors_named("compute_post_*.json")
    decoding = {"InvalidLength", "UnknownL2TransactionType", "NonCanonicalEncoding"}
    assert decoding | {"InvalidRecoveryByte"} <= _errors_named("decode_any_l2_transaction.json")
    batch = {"InvalidLength", "BatchTooLarge", "UnknownBatchVersion", "InvalidCompressedData"}
    batch |= {"TrailingCompressedData", "InvalidOffset", "UnknownL2TransactionType"}
    assert batch <= _errors_named("decode_batch.json")
    assert "ValueOutOfRange" in _errors_named("encode_batch.json")
    contract = {"NotSequencer", "BatchDataTooLarge", "DelayedMessagesReadOutOfRange"}
    contract |= {"ForceInclusionTooEarly", "BondMismatch", "L2BlockNotPosted", "OutputNotFound"}
    contract |= {"OutputAlreadyResolved", "OutputNotFinalized", "OutputDefeated", "NotChallenger"}
    contract |= {"ChallengeWindowOver", "WithdrawalAlreadyFinalized", "OutputRootMismatch"}
    contract |= {"InvalidWithdrawalProof", "NotPayable"}
    assert contract <= _errors_named("rollup_*.json")
    assert {"OutputRootMismatch", "InvalidWithdrawalProof"} <= _errors_named("validate_*.json")
