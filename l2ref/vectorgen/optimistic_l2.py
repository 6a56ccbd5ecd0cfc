"""Vector suites for specs/optimistic/l2_state.md and specs/optimistic/batches.md: L2
transactions (encoding, signing digest, decoding), the L2 state transition in the pre / steps /
post form, one-step re-execution from a witness, and sequencer batches."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from typing import Literal, NewType, cast

from l2ref.crypto.secp256k1 import CURVE_ORDER, PrivateKey, Signature
from l2ref.crypto.smt import SmtProof
from l2ref.encoding.abi import encode_abi
from l2ref.errors import MalformedVector, StepOutcomeMismatch
from l2ref.l1.state import UINT256_MAX
from l2ref.l1.types import ChainId, Wei
from l2ref.optimistic.batches import (
    BATCH_VERSION_DEFLATE,
    BATCH_VERSION_UNCOMPRESSED,
    DEFLATE_COMPRESSION_LEVEL,
    DEFLATE_WINDOW_BITS,
    MAX_BATCH_DATA_BYTES,
    MAX_BATCH_PAYLOAD_BYTES,
    compress_batch_payload,
    decode_batch,
    encode_batch,
    encode_batch_payload,
)
from l2ref.optimistic.l2_state import (
    L2_DEPOSIT_TYPE,
    L2_TRANSFER_TYPE,
    L2_WITHDRAWAL_TYPE,
    AnyL2Transaction,
    L2Account,
    L2Deposit,
    L2Receipt,
    L2State,
    L2Transaction,
    L2TransactionWitness,
    SignedL2Transaction,
    _set_l2_account,
    apply_l2_transaction,
    compute_l2_signing_digest,
    compute_l2_transaction_hash,
    compute_l2_transaction_witness,
    compute_post_state_root_from_witness,
    decode_any_l2_transaction,
    decode_l2_transaction_witness,
    encode_any_l2_transaction,
    encode_l2_transaction,
    encode_l2_transaction_witness,
    encode_signed_l2_transaction,
    get_l2_accounts_root,
    get_l2_state_root,
    get_l2_withdrawals_root,
    new_l2_state,
    recover_l2_sender,
    sign_l2_transaction,
)
from l2ref.types import Address, Hash32
from l2ref.vectorgen.codec import Codec, from_json, register_codec, schema_of, to_json
from l2ref.vectorgen.core import Case, Note, declare
from l2ref.vectorgen.harness import ETHER, L2_CHAIN_ID, address_from_label, key_from_label
from l2ref.vectorgen.values import JsonObject, JsonValue, as_object, dec, field_of

ALICE, BOB, CAROL = (key_from_label(name) for name in ("alice", "bob", "carol"))
ALICE_ADDRESS, BOB_ADDRESS, CAROL_ADDRESS = map(address_from_label, ("alice", "bob", "carol"))
L1_RECIPIENT = Address(bytes.fromhex("00" * 19 + "a1"))

NOTES = {
    "Skipped": Note(
        "SECURITY",
        "The last step is an invalid transaction: apply_l2_transaction skips it, its receipt "
        "names the reason, and the state (both roots) is the one before it (I-OP-2).",
    ),
    "Signature": Note(
        "SECURITY",
        "A signature that recovers no sender (high s, r or s out of range, no curve point), or "
        "another sender than the account's owner (another key, a tampered body).",
    ),
    "Replay": Note(
        "SECURITY",
        "Replay protection: a transaction signed for another L2 chain id (or the L1's), or "
        "reusing a nonce already taken.",
    ),
    "Overflow": Note("EDGE_CASE", "A credit that would take a balance past 2^256 - 1."),
    "Malformed": Note(
        "SECURITY", "Bytes that are not the one canonical encoding: each names its error."
    ),
    "Compressor": Note(
        "COMPATIBILITY",
        "Version 0x01 output is zlib's raw DEFLATE at level DEFLATE_COMPRESSION_LEVEL; another "
        "compressor may produce other valid bytes, so a runner MAY instead check that "
        "decode_batch of its own output gives the same transactions (I-OP-6).",
    ),
    "OtherCompressor": Note(
        "COMPATIBILITY",
        "A version 0x01 batch the reference compressor does not make (another level, stored "
        "blocks): valid all the same, since validity depends only on the decompressor (I-OP-6).",
    ),
    "Bomb": Note(
        "SECURITY",
        "A small DEFLATE stream that inflates past MAX_BATCH_PAYLOAD_BYTES: rejected while "
        "inflating, at a cost of at most one megabyte.",
    ),
    "Witness": Note(
        "SECURITY",
        "A witness that does not prove what it claims (wrong roots, a tampered proof, a key "
        "twice) or lacks a key the transaction touches.",
    ),
}


# ----------------------------------------------------------------------------- values


def _transfer(key: PrivateKey, nonce: int, to: Address, value: int, **changes: object) -> Signed:
    body = L2Transaction(L2_TRANSFER_TYPE, L2_CHAIN_ID, nonce, to, Wei(value))
    return sign_l2_transaction(replace(body, **changes), key)  # type: ignore[arg-type]


def _withdrawal(key: PrivateKey, nonce: int, l1_recipient: Address, value: int) -> Signed:
    body = L2Transaction(L2_WITHDRAWAL_TYPE, L2_CHAIN_ID, nonce, l1_recipient, Wei(value))
    return sign_l2_transaction(body, key)


Signed = SignedL2Transaction


def _with_signature(signed: Signed, r: int, s: int, v: int) -> Signed:
    return Signed(signed.transaction, Signature(r, s, v))


def _high_s(signed: Signed) -> Signed:
    signature = signed.signature
    return _with_signature(signed, signature.r, CURVE_ORDER - signature.s, 1 - signature.v)


TaggedL2Transaction = NewType("TaggedL2Transaction", object)
"""A signed transaction or a deposit, written with a leading `type`: `signed` or `deposit`."""
_TAGS: dict[str, type[Signed] | type[L2Deposit]] = {"signed": Signed, "deposit": L2Deposit}


def _tagged_to_json(value: object) -> JsonValue:
    tag = next(tag for tag, cls in _TAGS.items() if isinstance(value, cls))
    return {"type": tag, **cast(JsonObject, to_json(value, type(value)))}


def _tagged_from_json(data: JsonValue, what: str) -> AnyL2Transaction:
    obj = as_object(data, what)
    cls = _TAGS.get(str(field_of(obj, "type", what)))
    if cls is None:
        raise MalformedVector(f"{what}: type must be one of {sorted(_TAGS)}")
    return cast(AnyL2Transaction, from_json({k: v for k, v in obj.items() if k != "type"}, cls))


def _tagged_schema(tag: str, cls: type) -> JsonValue:
    body = schema_of(cls)
    properties: JsonObject = {"type": {"const": tag}, **cast(JsonObject, body["properties"])}
    return {
        **body,
        "properties": properties,
        "required": ["type", *cast(list[str], body["required"])],
    }


register_codec(
    TaggedL2Transaction,
    Codec(
        _tagged_to_json,
        _tagged_from_json,
        {"oneOf": [_tagged_schema(tag, cls) for tag, cls in _TAGS.items()]},
    ),
)


# ----------------------------------------------------------------------------- transactions


@dataclass(frozen=True)
class L2SigningDigest:
    encoding: bytes
    digest: Hash32


def signing_digest(transaction: L2Transaction) -> L2SigningDigest:
    """encode_l2_transaction and compute_l2_signing_digest of `transaction`."""
    digest = compute_l2_signing_digest(transaction)
    return L2SigningDigest(encode_l2_transaction(transaction), digest)


@dataclass(frozen=True)
class SignedL2Output:
    signature: Signature
    encoded: bytes
    transaction_hash: Hash32
    sender: Address


def sign(transaction: L2Transaction, private_key: PrivateKey) -> SignedL2Output:
    """sign_l2_transaction, then the signed encoding, its hash and the sender it recovers."""
    signed = sign_l2_transaction(transaction, private_key)
    encoded = encode_signed_l2_transaction(signed)
    hash_ = compute_l2_transaction_hash(signed)
    return SignedL2Output(signed.signature, encoded, hash_, recover_l2_sender(signed))


def decode_any(data: bytes) -> TaggedL2Transaction:
    """decode_any_l2_transaction(`data`), written with its tag."""
    return TaggedL2Transaction(decode_any_l2_transaction(data))


def _digest_cases() -> list[Case]:
    transfer = L2Transaction(L2_TRANSFER_TYPE, L2_CHAIN_ID, 0, BOB_ADDRESS, Wei(ETHER))
    withdrawal = L2Transaction(L2_WITHDRAWAL_TYPE, L2_CHAIN_ID, 7, L1_RECIPIENT, Wei(3 * ETHER))
    maximal = replace(transfer, chain_id=ChainId(UINT256_MAX), nonce=UINT256_MAX, value=Wei(1))
    table: list[tuple[str, L2Transaction, str]] = [
        ("transfer", transfer, "valid"),
        ("withdrawal", withdrawal, "valid"),
        (
            "zero_value_to_zero_address",
            replace(transfer, to=Address(bytes(20)), value=Wei(0)),
            "valid",
        ),
        ("maximal_fields", maximal, "valid"),
        ("other_chain_id", replace(transfer, chain_id=ChainId(902)), "valid"),
        ("deposit_type_is_not_signed", replace(transfer, kind=L2_DEPOSIT_TYPE), "ValueOutOfRange"),
        ("unknown_kind", replace(transfer, kind=0x72), "ValueOutOfRange"),
    ]
    return [Case(name, {"transaction": tx}, expect) for name, tx, expect in table]


def _sign_cases() -> list[Case]:
    table = [
        ("alice_transfer", ALICE, L2_TRANSFER_TYPE, 3, BOB_ADDRESS, ETHER),
        ("bob_withdrawal", BOB, L2_WITHDRAWAL_TYPE, 0, L1_RECIPIENT, 5),
        ("carol_zero_transfer", CAROL, L2_TRANSFER_TYPE, 0, ALICE_ADDRESS, 0),
    ]
    cases = []
    for name, key, kind, nonce, to, value in table:
        tx = L2Transaction(kind, L2_CHAIN_ID, nonce, to, Wei(value))
        digest = compute_l2_signing_digest(tx)
        cases.append(
            Case(name, {"transaction": tx, "private_key": key}, intermediate={"digest": digest})
        )
    unknown = L2Transaction(0x72, L2_CHAIN_ID, 0, BOB_ADDRESS, Wei(1))
    return [
        *cases,
        Case("unknown_kind", {"transaction": unknown, "private_key": ALICE}, "ValueOutOfRange"),
    ]


def _decode_cases() -> list[Case]:
    transfer = encode_any_l2_transaction(_transfer(ALICE, 3, BOB_ADDRESS, ETHER))
    withdrawal = encode_any_l2_transaction(_withdrawal(BOB, 0, L1_RECIPIENT, 5))
    deposit = encode_any_l2_transaction(L2Deposit(4, CAROL_ADDRESS, BOB_ADDRESS, Wei(2 * ETHER)))
    high_s = encode_any_l2_transaction(_high_s(_transfer(ALICE, 3, BOB_ADDRESS, ETHER)))
    dirty = bytearray(transfer)
    dirty[1 + 2 * 32 + 3] = 0x01  # a non-zero byte in the left padding of `to`
    dirty_deposit = bytearray(deposit)
    dirty_deposit[1 + 32 + 0] = 0x01  # in the padding of l1_sender
    valid = [("transfer", transfer), ("withdrawal", withdrawal), ("deposit", deposit)]
    # decoding does not judge the signature: recovery does (apply_l2_transaction)
    cases = [Case(name, {"data": data}) for name, data in valid]
    cases.append(Case("high_s_decodes", {"data": high_s}, flags=("Signature",)))
    malformed = [
        ("empty", b"", "InvalidLength"),
        ("type_byte_only", bytes([L2_TRANSFER_TYPE]), "InvalidLength"),
        ("unknown_type", b"\x72" + transfer[1:], "UnknownL2TransactionType"),
        ("l1_type_byte", b"\x4c" + transfer[1:], "UnknownL2TransactionType"),
        ("truncated_signature", transfer[:-1], "InvalidLength"),
        ("trailing_byte", transfer + b"\x00", "InvalidLength"),
        ("body_word_missing", transfer[:1] + transfer[33:], "InvalidLength"),
        ("dirty_address_padding", bytes(dirty), "NonCanonicalEncoding"),
        ("v_byte_29", transfer[:-1] + b"\x1d", "InvalidRecoveryByte"),
        ("v_byte_0", transfer[:-1] + b"\x00", "NonCanonicalEncoding"),
        ("deposit_truncated", deposit[:-1], "InvalidLength"),
        ("deposit_trailing_byte", deposit + b"\x00", "InvalidLength"),
        ("deposit_dirty_padding", bytes(dirty_deposit), "NonCanonicalEncoding"),
        # a deposit carries no signature: the bytes of a signed transaction after 0x7e do not fit
        ("deposit_type_on_transfer", b"\x7e" + transfer[1:], "InvalidLength"),
    ]
    return cases + [Case(n, {"data": data}, e, ("Malformed",)) for n, data, e in malformed]


# ----------------------------------------------------------------------------- state transition


@dataclass(frozen=True)
class L2AccountEntry:
    address: Address
    nonce: int
    balance: Wei


@dataclass(frozen=True)
class L2Pre:
    chain_id: ChainId
    accounts: tuple[L2AccountEntry, ...]


@dataclass(frozen=True)
class L2StepArgs:
    transaction: bytes


@dataclass(frozen=True)
class L2Step:
    call: Literal["apply_l2_transaction"]
    args: L2StepArgs
    result: Literal["valid", "invalid"]
    error: str | None


@dataclass(frozen=True)
class L2Post:
    state_root: Hash32
    accounts_root: Hash32
    withdrawals_root: Hash32
    accounts: tuple[L2AccountEntry, ...]
    withdrawals: tuple[Hash32, ...]


@dataclass(frozen=True)
class L2StepsOutput:
    receipts: tuple[L2Receipt, ...]
    post: L2Post


# the accounts every apply_l2_transaction case starts from
PRE = L2Pre(
    L2_CHAIN_ID,
    (L2AccountEntry(BOB_ADDRESS, 0, Wei(ETHER)), L2AccountEntry(ALICE_ADDRESS, 3, Wei(10 * ETHER))),
)


def state_from_pre(pre: L2Pre) -> L2State:
    state = new_l2_state(pre.chain_id)
    for entry in pre.accounts:
        _set_l2_account(state, entry.address, L2Account(entry.nonce, entry.balance))
    return state


def l2_post(state: L2State) -> L2Post:
    """The state's roots, its accounts (sorted by address) and its withdrawals."""
    accounts = sorted(state.accounts.items())
    return L2Post(
        get_l2_state_root(state),
        get_l2_accounts_root(state),
        get_l2_withdrawals_root(state),
        tuple(L2AccountEntry(address, a.nonce, a.balance) for address, a in accounts),
        tuple(state.withdrawals),
    )


def l2_state_json(state: L2State) -> JsonObject:
    """An L2 state in vector form (`l2_post`); the rollup suites use it too."""
    return cast(JsonObject, to_json(l2_post(state), L2Post))


def run_l2_steps(pre: L2Pre, steps: tuple[L2Step, ...]) -> L2StepsOutput:
    """The state of `pre`, then apply_l2_transaction of every step's transaction; a step's
    `error` MUST be its receipt's skip reason."""
    state = state_from_pre(pre)
    receipts = []
    for number, step in enumerate(steps, start=1):
        receipt = apply_l2_transaction(state, decode_any_l2_transaction(step.args.transaction))
        if (receipt.error or None) != step.error:
            raise StepOutcomeMismatch(f"step {number} ended with {receipt.error or None}")
        receipts.append(receipt)
    return L2StepsOutput(tuple(receipts), l2_post(state))


def _apply_case(
    name: str, *steps: tuple[AnyL2Transaction, str], flags: tuple[str, ...] = ()
) -> Case:
    state = state_from_pre(PRE)
    roots = [get_l2_state_root(state)]
    for transaction, _ in steps:
        apply_l2_transaction(state, transaction)
        roots.append(get_l2_state_root(state))
    args = [L2StepArgs(encode_any_l2_transaction(tx)) for tx, _ in steps]
    step_list = [
        L2Step("apply_l2_transaction", a, "invalid" if e else "valid", e or None)
        for a, (_, e) in zip(args, steps, strict=True)
    ]
    flags = ("Skipped", *flags) if steps[-1][1] else flags
    return Case(
        name, {"pre": PRE, "steps": step_list}, flags=flags, intermediate={"state_roots": roots}
    )


def _apply_cases() -> list[Case]:
    transfer = _transfer(ALICE, 3, BOB_ADDRESS, 2 * ETHER)
    deposit = L2Deposit(0, CAROL_ADDRESS, CAROL_ADDRESS, Wei(ETHER))
    r, s, v = transfer.signature.r, transfer.signature.s, transfer.signature.v
    # no point of the curve has x = 5: 5^3 + 7 is not a square modulo p
    no_point = _with_signature(transfer, 5, s, v)
    tampered = Signed(replace(transfer.transaction, value=Wei(ETHER)), transfer.signature)
    other_key = Signed(transfer.transaction, _transfer(CAROL, 3, BOB_ADDRESS, 2 * ETHER).signature)
    fill = (L2Deposit(0, CAROL_ADDRESS, CAROL_ADDRESS, Wei(UINT256_MAX)), "")
    replay, sig, over = ("Replay",), ("Signature",), ("Overflow",)
    c = _apply_case
    return [
        c("transfer", (transfer, "")),
        c("transfer_to_new_account", (_transfer(ALICE, 3, CAROL_ADDRESS, ETHER), "")),
        c("transfer_whole_balance", (_transfer(BOB, 0, ALICE_ADDRESS, ETHER), "")),
        c("transfer_zero_value", (_transfer(BOB, 0, CAROL_ADDRESS, 0), "")),
        c("transfer_to_oneself", (_transfer(ALICE, 3, ALICE_ADDRESS, ETHER), "")),
        c("withdrawal", (_withdrawal(ALICE, 3, L1_RECIPIENT, ETHER), "")),
        c("withdrawal_empties_account", (_withdrawal(BOB, 0, L1_RECIPIENT, ETHER), "")),
        c("deposit_to_new_account", (deposit, "")),
        c("deposit_to_existing_account", (L2Deposit(1, CAROL_ADDRESS, BOB_ADDRESS, Wei(7)), "")),
        c("deposit_then_spend", (deposit, ""), (_transfer(CAROL, 0, BOB_ADDRESS, ETHER // 2), "")),
        c(
            "several_transactions",
            (transfer, ""),
            (_transfer(ALICE, 4, CAROL_ADDRESS, ETHER), ""),
            (_withdrawal(BOB, 0, L1_RECIPIENT, 3 * ETHER), ""),
            (_withdrawal(ALICE, 5, L1_RECIPIENT, ETHER), ""),
        ),
        # skipped
        c(
            "wrong_chain_id",
            (_transfer(ALICE, 3, BOB_ADDRESS, ETHER, chain_id=ChainId(902)), "L2ChainIdMismatch"),
            flags=replay,
        ),
        c(
            "l1_chain_id",
            (_transfer(ALICE, 3, BOB_ADDRESS, ETHER, chain_id=ChainId(1337)), "L2ChainIdMismatch"),
            flags=replay,
        ),
        c("nonce_too_low", (_transfer(ALICE, 2, BOB_ADDRESS, 1), "L2NonceMismatch"), flags=replay),
        c("nonce_too_high", (_transfer(ALICE, 4, BOB_ADDRESS, 1), "L2NonceMismatch")),
        c("replayed_transaction", (transfer, ""), (transfer, "L2NonceMismatch"), flags=replay),
        c(
            "insufficient_balance",
            (_transfer(BOB, 0, ALICE_ADDRESS, ETHER + 1), "L2InsufficientBalance"),
        ),
        c(
            "withdrawal_insufficient_balance",
            (_withdrawal(BOB, 0, L1_RECIPIENT, 2 * ETHER), "L2InsufficientBalance"),
        ),
        c("account_never_funded", (_transfer(CAROL, 0, BOB_ADDRESS, 1), "L2InsufficientBalance")),
        c("signed_by_another_key", (other_key, "L2NonceMismatch"), flags=sig),
        # a changed body recovers some other address, which holds nothing and has nonce 0
        c("tampered_body", (tampered, "L2NonceMismatch"), flags=sig),
        c("high_s", (_high_s(transfer), "HighS"), flags=sig),
        c("r_zero", (_with_signature(transfer, 0, s, v), "SignatureOutOfRange"), flags=sig),
        c("s_zero", (_with_signature(transfer, r, 0, v), "SignatureOutOfRange"), flags=sig),
        c(
            "r_not_below_curve_order",
            (_with_signature(transfer, CURVE_ORDER, s, v), "SignatureOutOfRange"),
            flags=sig,
        ),
        c("r_not_on_curve", (no_point, "RecoveryFailed"), flags=sig),
        c(
            "deposit_overflows_balance",
            fill,
            (L2Deposit(1, CAROL_ADDRESS, CAROL_ADDRESS, Wei(1)), "L2BalanceOverflow"),
            flags=over,
        ),
        c(
            "transfer_overflows_recipient",
            fill,
            (_transfer(ALICE, 3, CAROL_ADDRESS, 1), "L2BalanceOverflow"),
            flags=over,
        ),
    ]


# ----------------------------------------------------------------------------- witnesses


def post_state_root(
    chain_id: ChainId, pre_state_root: Hash32, transaction: bytes, witness: bytes
) -> Hash32:
    """compute_post_state_root_from_witness of the decoded transaction and witness."""
    decoded = decode_any_l2_transaction(transaction)
    proofs = decode_l2_transaction_witness(witness)
    return compute_post_state_root_from_witness(chain_id, pre_state_root, decoded, proofs)


def _witness_cases() -> list[Case]:
    state = state_from_pre(PRE)
    apply_l2_transaction(state, _withdrawal(BOB, 0, L1_RECIPIENT, ETHER // 4))
    transfer = _transfer(ALICE, 3, CAROL_ADDRESS, ETHER)
    to_bob = _transfer(ALICE, 3, BOB_ADDRESS, 1)
    withdrawal = _withdrawal(ALICE, 3, L1_RECIPIENT, ETHER)
    deposit = L2Deposit(0, CAROL_ADDRESS, BOB_ADDRESS, Wei(ETHER))
    skipped = _transfer(ALICE, 9, BOB_ADDRESS, ETHER)
    bad_chain = _transfer(ALICE, 3, BOB_ADDRESS, ETHER, chain_id=ChainId(902))
    w = compute_l2_transaction_witness(state, transfer)
    ww = compute_l2_transaction_witness(state, withdrawal)
    first, rest = w.accounts[0], w.accounts[1:]
    extra = replace(
        w, accounts=(*w.accounts, *compute_l2_transaction_witness(state, deposit).accounts)
    )
    tampered_proof = SmtProof((Hash32(b"\x11" * 32), *first.proof.siblings[1:]))
    present = replace(ww.withdrawals[0], withdrawal_hash=state.withdrawals[0])
    wrong_root = Hash32(b"\x22" * 32)
    table: list[tuple[str, AnyL2Transaction, L2TransactionWitness | bytes | None, str]] = [
        ("transfer_to_new_account", transfer, w, "valid"),
        ("transfer_to_existing_account", to_bob, None, "valid"),
        ("withdrawal", withdrawal, ww, "valid"),
        ("deposit", deposit, None, "valid"),
        ("skipped_wrong_nonce", skipped, None, "valid"),
        ("skipped_wrong_chain_id_needs_nothing", bad_chain, None, "valid"),
        ("extra_entries_allowed", to_bob, extra, "valid"),
        ("wrong_pre_state_root", transfer, w, "InvalidL2Witness"),
        (
            "wrong_account_value",
            transfer,
            replace(w, accounts=(replace(first, account=L2Account(3, Wei(100 * ETHER))), *rest)),
            "InvalidL2Witness",
        ),
        (
            "tampered_account_proof",
            transfer,
            replace(w, accounts=(replace(first, proof=tampered_proof), *rest)),
            "InvalidL2Witness",
        ),
        (
            "account_witnessed_twice",
            transfer,
            replace(w, accounts=(first, *w.accounts)),
            "InvalidL2Witness",
        ),
        ("recipient_missing", transfer, replace(w, accounts=w.accounts[:1]), "IncompleteL2Witness"),
        ("sender_missing", transfer, replace(w, accounts=()), "IncompleteL2Witness"),
        ("withdrawal_key_missing", withdrawal, replace(ww, withdrawals=()), "IncompleteL2Witness"),
        (
            "withdrawal_key_already_present",
            withdrawal,
            replace(ww, withdrawals=(present,)),
            "InvalidL2Witness",
        ),
        ("witness_truncated", transfer, encode_l2_transaction_witness(w)[:-1], "InvalidLength"),
    ]
    cases = []
    for name, tx, given, expect in table:
        witness = compute_l2_transaction_witness(state, tx) if given is None else given
        if isinstance(witness, L2TransactionWitness):
            witness = encode_l2_transaction_witness(witness)
        root = wrong_root if name == "wrong_pre_state_root" else get_l2_state_root(state)
        case_input = {
            "chain_id": state.chain_id,
            "pre_state_root": root,
            "transaction": encode_any_l2_transaction(tx),
            "witness": witness,
        }
        cases.append(Case(name, case_input, expect, ("Witness",) if expect != "valid" else ()))
    return cases


# ----------------------------------------------------------------------------- batches


def batch_transactions() -> list[Signed]:
    """Three transfers and a withdrawal, as a sequencer posts them."""
    return [
        _transfer(ALICE, 3, BOB_ADDRESS, ETHER),
        _transfer(BOB, 0, CAROL_ADDRESS, 2),
        _withdrawal(ALICE, 4, L1_RECIPIENT, ETHER // 2),
        _transfer(ALICE, 5, CAROL_ADDRESS, 3 * ETHER),
    ]


def batch_of(transactions: tuple[bytes, ...], version: int) -> bytes:
    """encode_batch of the signed transactions encoded as `transactions`."""
    decoded = [decode_any_l2_transaction(data) for data in transactions]
    signed = [tx for tx in decoded if isinstance(tx, Signed)]
    if len(signed) != len(decoded):
        raise MalformedVector("a batch holds signed transactions only")
    return encode_batch(signed, version)


def batch_items(data: bytes) -> tuple[bytes, ...]:
    """decode_batch(`data`), each transaction as encode_signed_l2_transaction."""
    return tuple(encode_signed_l2_transaction(signed) for signed in decode_batch(data))


def _encode_batch_cases() -> list[Case]:
    txs = batch_transactions()
    raw, deflate = BATCH_VERSION_UNCOMPRESSED, BATCH_VERSION_DEFLATE
    table: list[tuple[str, list[Signed], int, str]] = [
        ("empty_uncompressed", [], raw, "valid"),
        ("one_uncompressed", txs[:1], raw, "valid"),
        ("four_uncompressed", txs, raw, "valid"),
        ("empty_deflate", [], deflate, "valid"),
        ("one_deflate", txs[:1], deflate, "valid"),
        ("four_deflate", txs, deflate, "valid"),
        ("twenty_deflate", [txs[i % 4] for i in range(20)], deflate, "valid"),
        ("unknown_version", txs, 2, "ValueOutOfRange"),
    ]
    return [
        Case(
            name,
            {
                "transactions": [encode_signed_l2_transaction(tx) for tx in items],
                "version": version,
            },
            expect,
            ("Compressor",) if version == deflate else (),
            {"payload": encode_batch_payload(items)} if expect == "valid" else {},
        )
        for name, items, version, expect in table
    ]


def _stored_block(payload: bytes, final: bool) -> bytes:
    """A raw DEFLATE stored block (RFC 1951, BTYPE 00) holding `payload` (at most 65535 bytes)."""
    length = len(payload)
    header = b"\x01" if final else b"\x00"
    return header + length.to_bytes(2, "little") + (length ^ 0xFFFF).to_bytes(2, "little") + payload


def _deflate(data: bytes, level: int) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, DEFLATE_WINDOW_BITS)
    return compressor.compress(data) + compressor.flush()


def _decode_batch_cases() -> list[Case]:
    transactions = batch_transactions()
    payload = encode_batch_payload(transactions)
    plain = bytes([BATCH_VERSION_UNCOMPRESSED]) + payload
    deflated = encode_batch(transactions, BATCH_VERSION_DEFLATE)
    body = deflated[1:]
    stored = _stored_block(payload[:100], False) + _stored_block(payload[100:], True)
    first = encode_signed_l2_transaction(transactions[0])
    bad_item = encode_abi(["bytes[]"], [[first[:-1]]])
    unknown_item = encode_abi(["bytes[]"], [[b"\x72" + first[1:]]])
    forged = encode_any_l2_transaction(L2Deposit(0, CAROL_ADDRESS, CAROL_ADDRESS, Wei(ETHER)))
    far_offset = bytearray(payload)
    far_offset[0] = 0x01  # the offset of the list points far past the end
    dirty_padding = bytearray(payload)
    dirty_padding[-1] = 0x01  # the zero padding after the last item
    bad_length = _stored_block(payload, True)
    bad_length = bad_length[:3] + bytes([bad_length[3] ^ 0x01]) + bad_length[4:]
    other = ("OtherCompressor",)
    empty_list = encode_batch_payload([])
    valid = [
        ("uncompressed", plain, ()),
        ("uncompressed_empty_list", bytes([0]) + empty_list, ()),
        ("deflate_level_9", deflated, ()),
        ("deflate_level_1", b"\x01" + _deflate(payload, 1), other),
        ("deflate_stored_blocks", b"\x01" + stored, other),
        ("deflate_empty_list", b"\x01" + compress_batch_payload(empty_list), ()),
    ]
    invalid = [
        ("empty", b"", "InvalidLength"),
        ("unknown_version", b"\x02" + payload, "UnknownBatchVersion"),
        ("version_ff", b"\xff" + body, "UnknownBatchVersion"),
        ("version_only_uncompressed", b"\x00", "InvalidLength"),
        ("version_only_deflate", b"\x01", "InvalidCompressedData"),
        ("too_large", b"\x00" + bytes(MAX_BATCH_DATA_BYTES), "BatchTooLarge"),
        ("uncompressed_truncated", plain[:-1], "InvalidOffset"),
        ("uncompressed_trailing_byte", plain + b"\x00", "InvalidLength"),
        ("uncompressed_offset_past_end", b"\x00" + bytes(far_offset), "InvalidOffset"),
        ("uncompressed_dirty_padding", b"\x00" + bytes(dirty_padding), "NonCanonicalEncoding"),
        ("deflate_truncated", deflated[:-1], "InvalidCompressedData"),
        ("deflate_trailing_byte", deflated + b"\x00", "TrailingCompressedData"),
        ("deflate_reserved_block_type", b"\x01\x07" + body, "InvalidCompressedData"),
        ("deflate_stored_length_mismatch", b"\x01" + bad_length, "InvalidCompressedData"),
        ("zlib_header_not_raw", b"\x01" + zlib.compress(payload), "InvalidCompressedData"),
        (
            "decompression_bomb",
            b"\x01" + _deflate(bytes(MAX_BATCH_PAYLOAD_BYTES + 1), 9),
            "BatchTooLarge",
        ),
        (
            "deflate_of_truncated_payload",
            b"\x01" + compress_batch_payload(payload[:-1]),
            "InvalidOffset",
        ),
        ("item_truncated_signature", b"\x00" + bad_item, "InvalidLength"),
        # only L1 makes deposits: a batch cannot carry one
        (
            "item_is_a_deposit",
            b"\x00" + encode_abi(["bytes[]"], [[forged]]),
            "UnknownL2TransactionType",
        ),
        (
            "item_unknown_type",
            b"\x01" + compress_batch_payload(unknown_item),
            "UnknownL2TransactionType",
        ),
    ]
    cases = []
    for name, data, flags in valid:
        inflated = (
            {"payload": zlib.decompress(data[1:], DEFLATE_WINDOW_BITS)} if data[0] == 1 else {}
        )
        cases.append(Case(name, {"data": data}, flags=flags, intermediate=inflated))
    for name, data, error in invalid:
        flags = ("Bomb",) if name == "decompression_bomb" else ("Malformed",)
        cases.append(Case(name, {"data": data}, error, flags))
    return cases


# ----------------------------------------------------------------------------- suites

SUITES = [
    declare(
        "optimistic",
        compute_l2_signing_digest,
        _digest_cases,
        "encode_l2_transaction and compute_l2_signing_digest of `input.transaction` ({kind, "
        "chain_id, nonce, to, value}); `output.encoding` is the type byte then the ABI body, "
        "`output.digest` its Keccak-256.",
        via=signing_digest,
        notes=NOTES,
    ),
    declare(
        "optimistic",
        sign_l2_transaction,
        _sign_cases,
        "sign_l2_transaction(`input.transaction`, `input.private_key`) (RFC 6979, low s); "
        "`output` holds the signature {r, s, v: y parity}, the signed encoding, the transaction "
        "hash and the sender recovered from it.",
        via=sign,
        notes=NOTES,
    ),
    declare(
        "optimistic",
        decode_any_l2_transaction,
        _decode_cases,
        "decode_any_l2_transaction(`input.data`); `output` is {type: signed, transaction, "
        "signature} or {type: deposit, queue_index, l1_sender, recipient, value}.",
        via=decode_any,
        notes=NOTES,
    ),
    declare(
        "optimistic",
        apply_l2_transaction,
        _apply_cases,
        "An L2 state built from `input.pre`, then apply_l2_transaction of each step's "
        "`args.transaction` (decode_any_l2_transaction); a step's `error` is the receipt's skip "
        "reason (null: applied). `output.receipts` and `output.post` (roots, accounts, "
        "withdrawals) follow; `intermediate.state_roots` are the roots before and after each step.",
        via=run_l2_steps,
        notes=NOTES,
    ),
    declare(
        "optimistic",
        compute_post_state_root_from_witness,
        _witness_cases,
        "compute_post_state_root_from_witness(`input.chain_id`, `input.pre_state_root`, "
        "decode_any_l2_transaction(`input.transaction`), "
        "decode_l2_transaction_witness(`input.witness`)); `output` is the post-state root.",
        via=post_state_root,
        notes=NOTES,
    ),
    declare(
        "optimistic",
        encode_batch,
        _encode_batch_cases,
        "encode_batch of the signed transactions `input.transactions` (each "
        "encode_signed_l2_transaction) with version `input.version`; `output` is the batch.",
        via=batch_of,
        notes=NOTES,
        parameters={
            "DEFLATE_WINDOW_BITS": dec(DEFLATE_WINDOW_BITS),
            "DEFLATE_COMPRESSION_LEVEL": dec(DEFLATE_COMPRESSION_LEVEL),
        },
    ),
    declare(
        "optimistic",
        decode_batch,
        _decode_batch_cases,
        "decode_batch(`input.data`); `output` lists the transactions, each as "
        "encode_signed_l2_transaction; `intermediate.payload` is a version 0x01 batch inflated.",
        via=batch_items,
        notes=NOTES,
        parameters={
            "MAX_BATCH_DATA_BYTES": dec(MAX_BATCH_DATA_BYTES),
            "MAX_BATCH_PAYLOAD_BYTES": dec(MAX_BATCH_PAYLOAD_BYTES),
        },
    ),
]
