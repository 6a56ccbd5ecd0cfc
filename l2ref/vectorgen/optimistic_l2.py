"""Vector suites for specs/optimistic/l2_state.md and specs/optimistic/batches.md: L2
transactions (encoding, signing digest, decoding), the L2 state transition in the pre / steps /
post form, one-step re-execution from a witness, and sequencer batches."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import replace

from l2ref.crypto.secp256k1 import CURVE_ORDER, PrivateKey, Signature
from l2ref.crypto.smt import SmtProof
from l2ref.encoding.abi import encode_abi
from l2ref.errors import MalformedVector, StepOutcomeMismatch
from l2ref.l1.driver import compute_account_address
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
from l2ref.vectorgen.core import (
    Case,
    JsonObject,
    JsonValue,
    Note,
    Suite,
    as_object,
    dec,
    field_of,
    hex_bytes,
    parse_bytes,
    parse_int,
)
from l2ref.vectorgen.harness import key_from_label

L2_CHAIN_ID = ChainId(901)
ETHER = 10**18
L2_STATE_SPEC = "specs/optimistic/l2_state.md"
BATCHES_SPEC = "specs/optimistic/batches.md"


ALICE = key_from_label("alice")
BOB = key_from_label("bob")
CAROL = key_from_label("carol")
ALICE_ADDRESS = compute_account_address(ALICE)
BOB_ADDRESS = compute_account_address(BOB)
CAROL_ADDRESS = compute_account_address(CAROL)
L1_RECIPIENT = Address(bytes.fromhex("00" * 19 + "a1"))
# the accounts every apply_l2_transaction case starts from
PRE_ACCOUNTS = {
    ALICE_ADDRESS: L2Account(nonce=3, balance=Wei(10 * ETHER)),
    BOB_ADDRESS: L2Account(nonce=0, balance=Wei(ETHER)),
}

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


def _transfer(
    private_key: PrivateKey, nonce: int, to: Address, value: int, **changes: object
) -> SignedL2Transaction:
    body = L2Transaction(L2_TRANSFER_TYPE, L2_CHAIN_ID, nonce, to, Wei(value))
    return sign_l2_transaction(replace(body, **changes), private_key)  # type: ignore[arg-type]


def _withdrawal(
    private_key: PrivateKey, nonce: int, l1_recipient: Address, value: int
) -> SignedL2Transaction:
    body = L2Transaction(L2_WITHDRAWAL_TYPE, L2_CHAIN_ID, nonce, l1_recipient, Wei(value))
    return sign_l2_transaction(body, private_key)


def _with_signature(signed: SignedL2Transaction, r: int, s: int, v: int) -> SignedL2Transaction:
    return SignedL2Transaction(signed.transaction, Signature(r, s, v))


def _high_s(signed: SignedL2Transaction) -> SignedL2Transaction:
    signature = signed.signature
    return _with_signature(signed, signature.r, CURVE_ORDER - signature.s, 1 - signature.v)


def transaction_to_json(transaction: L2Transaction) -> JsonObject:
    return {
        "kind": dec(transaction.kind),
        "chain_id": dec(transaction.chain_id),
        "nonce": dec(transaction.nonce),
        "to": hex_bytes(transaction.to),
        "value": dec(transaction.value),
    }


def transaction_from_json(value: JsonValue) -> L2Transaction:
    obj = as_object(value, "transaction")
    return L2Transaction(
        kind=parse_int(field_of(obj, "kind")),
        chain_id=ChainId(parse_int(field_of(obj, "chain_id"))),
        nonce=parse_int(field_of(obj, "nonce")),
        to=Address(parse_bytes(field_of(obj, "to"))),
        value=Wei(parse_int(field_of(obj, "value"))),
    )


def signature_to_json(signature: Signature) -> JsonObject:
    return {"r": dec(signature.r), "s": dec(signature.s), "v": dec(signature.v)}


def any_transaction_to_json(transaction: AnyL2Transaction) -> JsonObject:
    if isinstance(transaction, L2Deposit):
        return {
            "type": "deposit",
            "queue_index": dec(transaction.queue_index),
            "l1_sender": hex_bytes(transaction.l1_sender),
            "recipient": hex_bytes(transaction.recipient),
            "value": dec(transaction.value),
        }
    return {
        "type": "signed",
        "transaction": transaction_to_json(transaction.transaction),
        "signature": signature_to_json(transaction.signature),
    }


def account_json(address: Address, account: L2Account) -> JsonObject:
    return {
        "address": hex_bytes(address),
        "nonce": dec(account.nonce),
        "balance": dec(account.balance),
    }


def l2_state_json(state: L2State) -> JsonObject:
    return {
        "state_root": hex_bytes(get_l2_state_root(state)),
        "accounts_root": hex_bytes(get_l2_accounts_root(state)),
        "withdrawals_root": hex_bytes(get_l2_withdrawals_root(state)),
        "accounts": [
            account_json(address, account) for address, account in sorted(state.accounts.items())
        ],
        "withdrawals": [hex_bytes(withdrawal) for withdrawal in state.withdrawals],
    }


# ----------------------------------------------------------------------------- transactions


def _digest_cases() -> list[Case]:
    def case(name: str, transaction: L2Transaction, expect: str = "valid") -> Case:
        return Case(name, {"transaction": transaction_to_json(transaction)}, expect)

    transfer = L2Transaction(L2_TRANSFER_TYPE, L2_CHAIN_ID, 0, BOB_ADDRESS, Wei(ETHER))
    return [
        case("transfer", transfer),
        case(
            "withdrawal",
            L2Transaction(L2_WITHDRAWAL_TYPE, L2_CHAIN_ID, 7, L1_RECIPIENT, Wei(3 * ETHER)),
        ),
        case("zero_value_to_zero_address", replace(transfer, to=Address(bytes(20)), value=Wei(0))),
        case(
            "maximal_fields",
            replace(transfer, chain_id=ChainId(UINT256_MAX), nonce=UINT256_MAX, value=Wei(1)),
        ),
        case("other_chain_id", replace(transfer, chain_id=ChainId(902))),
        case(
            "deposit_type_is_not_signed", replace(transfer, kind=L2_DEPOSIT_TYPE), "ValueOutOfRange"
        ),
        case("unknown_kind", replace(transfer, kind=0x72), "ValueOutOfRange"),
    ]


def _run_digest(case_input: JsonObject) -> JsonValue:
    transaction = transaction_from_json(field_of(case_input, "transaction"))
    return {
        "encoding": hex_bytes(encode_l2_transaction(transaction)),
        "digest": hex_bytes(compute_l2_signing_digest(transaction)),
    }


def _sign_cases() -> list[Case]:
    cases: list[Case] = []
    for name, private_key, transaction in (
        (
            "alice_transfer",
            ALICE,
            L2Transaction(L2_TRANSFER_TYPE, L2_CHAIN_ID, 3, BOB_ADDRESS, Wei(ETHER)),
        ),
        (
            "bob_withdrawal",
            BOB,
            L2Transaction(L2_WITHDRAWAL_TYPE, L2_CHAIN_ID, 0, L1_RECIPIENT, Wei(5)),
        ),
        (
            "carol_zero_transfer",
            CAROL,
            L2Transaction(L2_TRANSFER_TYPE, L2_CHAIN_ID, 0, ALICE_ADDRESS, Wei(0)),
        ),
    ):
        cases.append(
            Case(
                name,
                {
                    "transaction": transaction_to_json(transaction),
                    "private_key": hex_bytes(private_key),
                },
                intermediate={"digest": hex_bytes(compute_l2_signing_digest(transaction))},
            )
        )
    cases.append(
        Case(
            "unknown_kind",
            {
                "transaction": transaction_to_json(
                    L2Transaction(0x72, L2_CHAIN_ID, 0, BOB_ADDRESS, Wei(1))
                ),
                "private_key": hex_bytes(ALICE),
            },
            "ValueOutOfRange",
        )
    )
    return cases


def _run_sign(case_input: JsonObject) -> JsonValue:
    transaction = transaction_from_json(field_of(case_input, "transaction"))
    private_key = PrivateKey(parse_bytes(field_of(case_input, "private_key")))
    signed = sign_l2_transaction(transaction, private_key)
    return {
        "signature": signature_to_json(signed.signature),
        "encoded": hex_bytes(encode_signed_l2_transaction(signed)),
        "transaction_hash": hex_bytes(compute_l2_transaction_hash(signed)),
        "sender": hex_bytes(recover_l2_sender(signed)),
    }


def _decode_cases() -> list[Case]:
    transfer = encode_any_l2_transaction(_transfer(ALICE, 3, BOB_ADDRESS, ETHER))
    withdrawal = encode_any_l2_transaction(_withdrawal(BOB, 0, L1_RECIPIENT, 5))
    deposit = encode_any_l2_transaction(L2Deposit(4, CAROL_ADDRESS, BOB_ADDRESS, Wei(2 * ETHER)))
    high_s = encode_any_l2_transaction(_high_s(_transfer(ALICE, 3, BOB_ADDRESS, ETHER)))
    dirty = bytearray(transfer)
    dirty[1 + 2 * 32 + 3] = 0x01  # a non-zero byte in the left padding of `to`
    dirty_deposit = bytearray(deposit)
    dirty_deposit[1 + 32 + 0] = 0x01  # in the padding of l1_sender
    malformed = ("Malformed",)

    def case(name: str, data: bytes, expect: str = "valid", flags: tuple[str, ...] = ()) -> Case:
        return Case(name, {"data": hex_bytes(data)}, expect, flags)

    return [
        case("transfer", transfer),
        case("withdrawal", withdrawal),
        case("deposit", deposit),
        # decoding does not judge the signature: recovery does (apply_l2_transaction)
        case("high_s_decodes", high_s, flags=("Signature",)),
        case("empty", b"", "InvalidLength", malformed),
        case("type_byte_only", bytes([L2_TRANSFER_TYPE]), "InvalidLength", malformed),
        case("unknown_type", b"\x72" + transfer[1:], "UnknownL2TransactionType", malformed),
        case("l1_type_byte", b"\x4c" + transfer[1:], "UnknownL2TransactionType", malformed),
        case("truncated_signature", transfer[:-1], "InvalidLength", malformed),
        case("trailing_byte", transfer + b"\x00", "InvalidLength", malformed),
        case("body_word_missing", transfer[:1] + transfer[33:], "InvalidLength", malformed),
        case("dirty_address_padding", bytes(dirty), "NonCanonicalEncoding", malformed),
        case("v_byte_29", transfer[:-1] + b"\x1d", "InvalidRecoveryByte", malformed),
        case("v_byte_0", transfer[:-1] + b"\x00", "NonCanonicalEncoding", malformed),
        case("deposit_truncated", deposit[:-1], "InvalidLength", malformed),
        case("deposit_trailing_byte", deposit + b"\x00", "InvalidLength", malformed),
        case("deposit_dirty_padding", bytes(dirty_deposit), "NonCanonicalEncoding", malformed),
        # a deposit carries no signature: the bytes of a signed transaction after 0x7e do not fit
        case("deposit_type_on_transfer", b"\x7e" + transfer[1:], "InvalidLength", malformed),
    ]


def _run_decode(case_input: JsonObject) -> JsonValue:
    data = parse_bytes(field_of(case_input, "data"))
    return any_transaction_to_json(decode_any_l2_transaction(data))


# ----------------------------------------------------------------------------- state transition


def _pre() -> JsonObject:
    return {
        "chain_id": dec(L2_CHAIN_ID),
        "accounts": [account_json(a, account) for a, account in sorted(PRE_ACCOUNTS.items())],
    }


def _step(transaction: AnyL2Transaction, error: str = "") -> JsonObject:
    return {
        "call": "apply_l2_transaction",
        "args": {"transaction": hex_bytes(encode_any_l2_transaction(transaction))},
        "result": "invalid" if error else "valid",
        "error": error or None,
    }


def state_from_pre(pre: JsonValue) -> L2State:
    obj = as_object(pre, "pre")
    state = new_l2_state(ChainId(parse_int(field_of(obj, "chain_id"))))
    accounts = field_of(obj, "accounts")
    if not isinstance(accounts, list):
        raise MalformedVector("pre.accounts must be a list")
    for entry in accounts:
        item = as_object(entry, "an account")
        account = L2Account(
            nonce=parse_int(field_of(item, "nonce")),
            balance=Wei(parse_int(field_of(item, "balance"))),
        )
        _set_l2_account(state, Address(parse_bytes(field_of(item, "address"))), account)
    return state


def _replay(steps: list[JsonValue]) -> list[JsonValue]:
    """The state roots before the first step and after each: the cases' intermediate values."""
    state = state_from_pre(_pre())
    roots: list[JsonValue] = [hex_bytes(get_l2_state_root(state))]
    for step in steps:
        args = as_object(as_object(step, "step")["args"], "args")
        apply_l2_transaction(state, decode_any_l2_transaction(parse_bytes(args["transaction"])))
        roots.append(hex_bytes(get_l2_state_root(state)))
    return roots


def _apply_case(
    name: str, transactions: list[tuple[AnyL2Transaction, str]], flags: tuple[str, ...] = ()
) -> Case:
    steps: list[JsonValue] = [_step(transaction, error) for transaction, error in transactions]
    if transactions[-1][1]:
        flags = ("Skipped", *flags)
    intermediate: JsonObject = {"state_roots": _replay(steps)}
    return Case(
        name,
        {"pre": _pre(), "steps": steps},
        flags=flags,
        intermediate=intermediate,
    )


def _apply_cases() -> list[Case]:
    transfer = _transfer(ALICE, 3, BOB_ADDRESS, 2 * ETHER)
    withdrawal = _withdrawal(ALICE, 3, L1_RECIPIENT, ETHER)
    deposit = L2Deposit(0, CAROL_ADDRESS, CAROL_ADDRESS, Wei(ETHER))
    signature = transfer.signature
    # no point of the curve has x = 5: 5^3 + 7 is not a square modulo p
    no_point = _with_signature(transfer, 5, signature.s, signature.v)
    tampered = SignedL2Transaction(replace(transfer.transaction, value=Wei(ETHER)), signature)
    return [
        _apply_case("transfer", [(transfer, "")]),
        _apply_case("transfer_to_new_account", [(_transfer(ALICE, 3, CAROL_ADDRESS, ETHER), "")]),
        _apply_case("transfer_whole_balance", [(_transfer(BOB, 0, ALICE_ADDRESS, ETHER), "")]),
        _apply_case("transfer_zero_value", [(_transfer(BOB, 0, CAROL_ADDRESS, 0), "")]),
        _apply_case("transfer_to_oneself", [(_transfer(ALICE, 3, ALICE_ADDRESS, ETHER), "")]),
        _apply_case("withdrawal", [(withdrawal, "")]),
        _apply_case("withdrawal_empties_account", [(_withdrawal(BOB, 0, L1_RECIPIENT, ETHER), "")]),
        _apply_case("deposit_to_new_account", [(deposit, "")]),
        _apply_case(
            "deposit_to_existing_account", [(L2Deposit(1, CAROL_ADDRESS, BOB_ADDRESS, Wei(7)), "")]
        ),
        _apply_case(
            "deposit_then_spend",
            [(deposit, ""), (_transfer(CAROL, 0, BOB_ADDRESS, ETHER // 2), "")],
        ),
        _apply_case(
            "several_transactions",
            [
                (transfer, ""),
                (_transfer(ALICE, 4, CAROL_ADDRESS, ETHER), ""),
                (_withdrawal(BOB, 0, L1_RECIPIENT, 3 * ETHER), ""),
                (_withdrawal(ALICE, 5, L1_RECIPIENT, ETHER), ""),
            ],
        ),
        # skipped
        _apply_case(
            "wrong_chain_id",
            [(_transfer(ALICE, 3, BOB_ADDRESS, ETHER, chain_id=ChainId(902)), "L2ChainIdMismatch")],
            ("Replay",),
        ),
        _apply_case(
            "l1_chain_id",
            [
                (
                    _transfer(ALICE, 3, BOB_ADDRESS, ETHER, chain_id=ChainId(1337)),
                    "L2ChainIdMismatch",
                )
            ],
            ("Replay",),
        ),
        _apply_case(
            "nonce_too_low", [(_transfer(ALICE, 2, BOB_ADDRESS, 1), "L2NonceMismatch")], ("Replay",)
        ),
        _apply_case("nonce_too_high", [(_transfer(ALICE, 4, BOB_ADDRESS, 1), "L2NonceMismatch")]),
        _apply_case(
            "replayed_transaction", [(transfer, ""), (transfer, "L2NonceMismatch")], ("Replay",)
        ),
        _apply_case(
            "insufficient_balance",
            [(_transfer(BOB, 0, ALICE_ADDRESS, ETHER + 1), "L2InsufficientBalance")],
        ),
        _apply_case(
            "withdrawal_insufficient_balance",
            [(_withdrawal(BOB, 0, L1_RECIPIENT, 2 * ETHER), "L2InsufficientBalance")],
        ),
        _apply_case(
            "account_never_funded",
            [(_transfer(CAROL, 0, BOB_ADDRESS, 1), "L2InsufficientBalance")],
        ),
        _apply_case(
            "signed_by_another_key",
            [
                (
                    SignedL2Transaction(
                        transfer.transaction, _transfer(CAROL, 3, BOB_ADDRESS, 2 * ETHER).signature
                    ),
                    "L2NonceMismatch",
                )
            ],
            ("Signature",),
        ),
        # a changed body recovers some other address, which holds nothing and has nonce 0
        _apply_case("tampered_body", [(tampered, "L2NonceMismatch")], ("Signature",)),
        _apply_case("high_s", [(_high_s(transfer), "HighS")], ("Signature",)),
        _apply_case(
            "r_zero",
            [(_with_signature(transfer, 0, signature.s, signature.v), "SignatureOutOfRange")],
            ("Signature",),
        ),
        _apply_case(
            "s_zero",
            [(_with_signature(transfer, signature.r, 0, signature.v), "SignatureOutOfRange")],
            ("Signature",),
        ),
        _apply_case(
            "r_not_below_curve_order",
            [
                (
                    _with_signature(transfer, CURVE_ORDER, signature.s, signature.v),
                    "SignatureOutOfRange",
                )
            ],
            ("Signature",),
        ),
        _apply_case("r_not_on_curve", [(no_point, "RecoveryFailed")], ("Signature",)),
        _apply_case(
            "deposit_overflows_balance",
            [
                (L2Deposit(0, CAROL_ADDRESS, CAROL_ADDRESS, Wei(UINT256_MAX)), ""),
                (L2Deposit(1, CAROL_ADDRESS, CAROL_ADDRESS, Wei(1)), "L2BalanceOverflow"),
            ],
            ("Overflow",),
        ),
        _apply_case(
            "transfer_overflows_recipient",
            [
                (L2Deposit(0, CAROL_ADDRESS, CAROL_ADDRESS, Wei(UINT256_MAX)), ""),
                (_transfer(ALICE, 3, CAROL_ADDRESS, 1), "L2BalanceOverflow"),
            ],
            ("Overflow",),
        ),
    ]


def _run_apply(case_input: JsonObject) -> JsonValue:
    state = state_from_pre(field_of(case_input, "pre"))
    steps = field_of(case_input, "steps")
    if not isinstance(steps, list):
        raise MalformedVector("steps must be a list")
    receipts: list[JsonValue] = []
    for number, step in enumerate(steps, start=1):
        item = as_object(step, f"step {number}")
        if field_of(item, "call") != "apply_l2_transaction":
            raise MalformedVector(f"step {number} must call apply_l2_transaction")
        args = as_object(field_of(item, "args"), f"step {number}: args")
        transaction = decode_any_l2_transaction(parse_bytes(field_of(args, "transaction")))
        receipt = apply_l2_transaction(state, transaction)
        if (receipt.error or None) != field_of(item, "error"):
            raise StepOutcomeMismatch(f"step {number} ended with {receipt.error or None}")
        receipts.append({"applied": receipt.applied, "error": receipt.error})
    return {"receipts": receipts, "post": l2_state_json(state)}


# ----------------------------------------------------------------------------- witnesses


def _witness_state() -> L2State:
    state = state_from_pre(_pre())
    apply_l2_transaction(state, _withdrawal(BOB, 0, L1_RECIPIENT, ETHER // 4))
    return state


def _witness_case(
    name: str,
    state: L2State,
    transaction: AnyL2Transaction,
    witness: L2TransactionWitness | bytes,
    expect: str = "valid",
    *,
    pre_state_root: Hash32 | None = None,
) -> Case:
    data = witness if isinstance(witness, bytes) else encode_l2_transaction_witness(witness)
    root = get_l2_state_root(state) if pre_state_root is None else pre_state_root
    case_input: JsonObject = {
        "chain_id": dec(state.chain_id),
        "pre_state_root": hex_bytes(root),
        "transaction": hex_bytes(encode_any_l2_transaction(transaction)),
        "witness": hex_bytes(data),
    }
    flags = ("Witness",) if expect != "valid" else ()
    return Case(name, case_input, expect, flags)


def _witness_cases() -> list[Case]:
    state = _witness_state()
    transfer = _transfer(ALICE, 3, CAROL_ADDRESS, ETHER)
    withdrawal = _withdrawal(ALICE, 3, L1_RECIPIENT, ETHER)
    deposit = L2Deposit(0, CAROL_ADDRESS, BOB_ADDRESS, Wei(ETHER))
    skipped = _transfer(ALICE, 9, BOB_ADDRESS, ETHER)
    bad_chain = _transfer(ALICE, 3, BOB_ADDRESS, ETHER, chain_id=ChainId(902))
    witness = compute_l2_transaction_witness(state, transfer)
    withdrawal_witness = compute_l2_transaction_witness(state, withdrawal)
    cases = [
        _witness_case("transfer_to_new_account", state, transfer, witness),
        _witness_case(
            "transfer_to_existing_account",
            state,
            _transfer(ALICE, 3, BOB_ADDRESS, 1),
            compute_l2_transaction_witness(state, _transfer(ALICE, 3, BOB_ADDRESS, 1)),
        ),
        _witness_case("withdrawal", state, withdrawal, withdrawal_witness),
        _witness_case("deposit", state, deposit, compute_l2_transaction_witness(state, deposit)),
        _witness_case(
            "skipped_wrong_nonce", state, skipped, compute_l2_transaction_witness(state, skipped)
        ),
        _witness_case(
            "skipped_wrong_chain_id_needs_nothing",
            state,
            bad_chain,
            compute_l2_transaction_witness(state, bad_chain),
        ),
        _witness_case(
            "extra_entries_allowed",
            state,
            _transfer(ALICE, 3, BOB_ADDRESS, 1),
            replace(
                witness,
                accounts=(
                    *witness.accounts,
                    *compute_l2_transaction_witness(state, deposit).accounts,
                ),
            ),
        ),
    ]
    first = witness.accounts[0]
    tampered_proof = SmtProof((Hash32(b"\x11" * 32), *first.proof.siblings[1:]))
    cases += [
        _witness_case(
            "wrong_pre_state_root",
            state,
            transfer,
            witness,
            "InvalidL2Witness",
            pre_state_root=Hash32(b"\x22" * 32),
        ),
        _witness_case(
            "wrong_account_value",
            state,
            transfer,
            replace(
                witness,
                accounts=(
                    replace(first, account=L2Account(3, Wei(100 * ETHER))),
                    *witness.accounts[1:],
                ),
            ),
            "InvalidL2Witness",
        ),
        _witness_case(
            "tampered_account_proof",
            state,
            transfer,
            replace(
                witness, accounts=(replace(first, proof=tampered_proof), *witness.accounts[1:])
            ),
            "InvalidL2Witness",
        ),
        _witness_case(
            "account_witnessed_twice",
            state,
            transfer,
            replace(witness, accounts=(first, *witness.accounts)),
            "InvalidL2Witness",
        ),
        _witness_case(
            "recipient_missing",
            state,
            transfer,
            replace(witness, accounts=witness.accounts[:1]),
            "IncompleteL2Witness",
        ),
        _witness_case(
            "sender_missing", state, transfer, replace(witness, accounts=()), "IncompleteL2Witness"
        ),
        _witness_case(
            "withdrawal_key_missing",
            state,
            withdrawal,
            replace(withdrawal_witness, withdrawals=()),
            "IncompleteL2Witness",
        ),
        _witness_case(
            "withdrawal_key_already_present",
            state,
            withdrawal,
            replace(
                withdrawal_witness,
                withdrawals=(
                    replace(
                        withdrawal_witness.withdrawals[0], withdrawal_hash=state.withdrawals[0]
                    ),
                ),
            ),
            "InvalidL2Witness",
        ),
        _witness_case(
            "witness_truncated",
            state,
            transfer,
            encode_l2_transaction_witness(witness)[:-1],
            "InvalidLength",
        ),
    ]
    return cases


def _run_witness(case_input: JsonObject) -> JsonValue:
    transaction = decode_any_l2_transaction(parse_bytes(field_of(case_input, "transaction")))
    witness = decode_l2_transaction_witness(parse_bytes(field_of(case_input, "witness")))
    root = compute_post_state_root_from_witness(
        ChainId(parse_int(field_of(case_input, "chain_id"))),
        Hash32(parse_bytes(field_of(case_input, "pre_state_root"))),
        transaction,
        witness,
    )
    return hex_bytes(root)


# ----------------------------------------------------------------------------- batches


def batch_transactions() -> list[SignedL2Transaction]:
    """Three transfers and a withdrawal, as a sequencer posts them."""
    return [
        _transfer(ALICE, 3, BOB_ADDRESS, ETHER),
        _transfer(BOB, 0, CAROL_ADDRESS, 2),
        _withdrawal(ALICE, 4, L1_RECIPIENT, ETHER // 2),
        _transfer(ALICE, 5, CAROL_ADDRESS, 3 * ETHER),
    ]


def _encode_batch_cases() -> list[Case]:
    transactions = batch_transactions()

    def case(
        name: str, items: list[SignedL2Transaction], version: int, expect: str = "valid"
    ) -> Case:
        payload = encode_batch_payload(items)
        flags = ("Compressor",) if version == BATCH_VERSION_DEFLATE else ()
        return Case(
            name,
            {
                "transactions": [hex_bytes(encode_signed_l2_transaction(tx)) for tx in items],
                "version": dec(version),
            },
            expect,
            flags,
            intermediate={"payload": hex_bytes(payload)} if expect == "valid" else {},
        )

    return [
        case("empty_uncompressed", [], BATCH_VERSION_UNCOMPRESSED),
        case("one_uncompressed", transactions[:1], BATCH_VERSION_UNCOMPRESSED),
        case("four_uncompressed", transactions, BATCH_VERSION_UNCOMPRESSED),
        case("empty_deflate", [], BATCH_VERSION_DEFLATE),
        case("one_deflate", transactions[:1], BATCH_VERSION_DEFLATE),
        case("four_deflate", transactions, BATCH_VERSION_DEFLATE),
        case("twenty_deflate", [transactions[i % 4] for i in range(20)], BATCH_VERSION_DEFLATE),
        case("unknown_version", transactions, 2, "ValueOutOfRange"),
    ]


def _signed_from_hex(value: JsonValue) -> SignedL2Transaction:
    transaction = decode_any_l2_transaction(parse_bytes(value))
    if not isinstance(transaction, SignedL2Transaction):
        raise MalformedVector("a batch holds signed transactions only")
    return transaction


def _run_encode_batch(case_input: JsonObject) -> JsonValue:
    items = field_of(case_input, "transactions")
    if not isinstance(items, list):
        raise MalformedVector("transactions must be a list")
    transactions = [_signed_from_hex(item) for item in items]
    version = parse_int(field_of(case_input, "version"))
    return hex_bytes(encode_batch(transactions, version))


def _stored_block(payload: bytes, final: bool) -> bytes:
    """A raw DEFLATE stored block (RFC 1951, BTYPE 00) holding `payload` (at most 65535 bytes)."""
    length = len(payload)
    header = b"\x01" if final else b"\x00"
    return header + length.to_bytes(2, "little") + (length ^ 0xFFFF).to_bytes(2, "little") + payload


def _bomb() -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, DEFLATE_WINDOW_BITS)
    return compressor.compress(bytes(MAX_BATCH_PAYLOAD_BYTES + 1)) + compressor.flush()


def _decode_batch_cases() -> list[Case]:
    transactions = batch_transactions()
    payload = encode_batch_payload(transactions)
    plain = bytes([BATCH_VERSION_UNCOMPRESSED]) + payload
    deflated = encode_batch(transactions, BATCH_VERSION_DEFLATE)
    body = deflated[1:]
    malformed = ("Malformed",)
    level_one = zlib.compressobj(1, 8, DEFLATE_WINDOW_BITS)
    fast = level_one.compress(payload) + level_one.flush()
    stored = _stored_block(payload[:100], False) + _stored_block(payload[100:], True)
    bad_item = encode_abi(["bytes[]"], [[encode_signed_l2_transaction(transactions[0])[:-1]]])
    unknown_item = encode_abi(
        ["bytes[]"], [[b"\x72" + encode_signed_l2_transaction(transactions[0])[1:]]]
    )
    forged = encode_any_l2_transaction(L2Deposit(0, CAROL_ADDRESS, CAROL_ADDRESS, Wei(ETHER)))
    far_offset = bytearray(payload)
    far_offset[0] = 0x01  # the offset of the list points far past the end
    dirty_padding = bytearray(payload)
    dirty_padding[-1] = 0x01  # the zero padding after the last item
    bad_length = _stored_block(payload, True)
    bad_length = bad_length[:3] + bytes([bad_length[3] ^ 0x01]) + bad_length[4:]

    def case(name: str, data: bytes, expect: str = "valid", flags: tuple[str, ...] = ()) -> Case:
        intermediate: JsonObject = {}
        if expect == "valid" and data[:1] == bytes([BATCH_VERSION_DEFLATE]):
            inflated = zlib.decompress(data[1:], DEFLATE_WINDOW_BITS)
            intermediate = {"payload": hex_bytes(inflated)}
        return Case(name, {"data": hex_bytes(data)}, expect, flags, intermediate)

    return [
        case("uncompressed", plain),
        case("uncompressed_empty_list", bytes([0]) + encode_batch_payload([])),
        case("deflate_level_9", deflated),
        case("deflate_level_1", b"\x01" + fast, flags=("OtherCompressor",)),
        case("deflate_stored_blocks", b"\x01" + stored, flags=("OtherCompressor",)),
        case("deflate_empty_list", b"\x01" + compress_batch_payload(encode_batch_payload([]))),
        case("empty", b"", "InvalidLength", malformed),
        case("unknown_version", b"\x02" + payload, "UnknownBatchVersion", malformed),
        case("version_ff", b"\xff" + body, "UnknownBatchVersion", malformed),
        case("version_only_uncompressed", b"\x00", "InvalidLength", malformed),
        case("version_only_deflate", b"\x01", "InvalidCompressedData", malformed),
        case("too_large", b"\x00" + bytes(MAX_BATCH_DATA_BYTES), "BatchTooLarge", malformed),
        case("uncompressed_truncated", plain[:-1], "InvalidOffset", malformed),
        case("uncompressed_trailing_byte", plain + b"\x00", "InvalidLength", malformed),
        case(
            "uncompressed_offset_past_end",
            b"\x00" + bytes(far_offset),
            "InvalidOffset",
            malformed,
        ),
        case(
            "uncompressed_dirty_padding",
            b"\x00" + bytes(dirty_padding),
            "NonCanonicalEncoding",
            malformed,
        ),
        case("deflate_truncated", deflated[:-1], "InvalidCompressedData", malformed),
        case("deflate_trailing_byte", deflated + b"\x00", "TrailingCompressedData", malformed),
        case("deflate_reserved_block_type", b"\x01\x07" + body, "InvalidCompressedData", malformed),
        case(
            "deflate_stored_length_mismatch",
            b"\x01" + bad_length,
            "InvalidCompressedData",
            malformed,
        ),
        case(
            "zlib_header_not_raw",
            b"\x01" + zlib.compress(payload),
            "InvalidCompressedData",
            malformed,
        ),
        case("decompression_bomb", b"\x01" + _bomb(), "BatchTooLarge", ("Bomb",)),
        case(
            "deflate_of_truncated_payload",
            b"\x01" + compress_batch_payload(payload[:-1]),
            "InvalidOffset",
            malformed,
        ),
        case("item_truncated_signature", b"\x00" + bad_item, "InvalidLength", malformed),
        # only L1 makes deposits: a batch cannot carry one
        case(
            "item_is_a_deposit",
            b"\x00" + encode_abi(["bytes[]"], [[forged]]),
            "UnknownL2TransactionType",
            malformed,
        ),
        case(
            "item_unknown_type",
            b"\x01" + compress_batch_payload(unknown_item),
            "UnknownL2TransactionType",
            malformed,
        ),
    ]


def _run_decode_batch(case_input: JsonObject) -> JsonValue:
    transactions = decode_batch(parse_bytes(field_of(case_input, "data")))
    return [hex_bytes(encode_signed_l2_transaction(signed)) for signed in transactions]


# ----------------------------------------------------------------------------- suites


def _suite(
    name: str,
    spec: str,
    description: str,
    cases: Callable[[], Sequence[Case]],
    run: Callable[[JsonObject], JsonValue],
    *,
    parameters: dict[str, str] | None = None,
) -> Suite:
    module = "l2_state" if spec == L2_STATE_SPEC else "batches"
    return Suite(
        suite=f"optimistic/{name}",
        function=f"l2ref.optimistic.{module}.{name}",
        spec=f"{spec}#{name}",
        description=(description,),
        cases=cases,
        run=run,
        notes=NOTES,
        parameters=parameters or {},
    )


SUITES = [
    _suite(
        "compute_l2_signing_digest",
        L2_STATE_SPEC,
        "encode_l2_transaction and compute_l2_signing_digest of `input.transaction` ({kind, "
        "chain_id, nonce, to, value}); `output.encoding` is the type byte then the ABI body, "
        "`output.digest` its Keccak-256.",
        _digest_cases,
        _run_digest,
    ),
    _suite(
        "sign_l2_transaction",
        L2_STATE_SPEC,
        "sign_l2_transaction(`input.transaction`, `input.private_key`) (RFC 6979, low s); "
        "`output` holds the signature {r, s, v: y parity}, the signed encoding, the transaction "
        "hash and the sender recovered from it.",
        _sign_cases,
        _run_sign,
    ),
    _suite(
        "decode_any_l2_transaction",
        L2_STATE_SPEC,
        "decode_any_l2_transaction(`input.data`); `output` is {type: signed, transaction, "
        "signature} or {type: deposit, queue_index, l1_sender, recipient, value}.",
        _decode_cases,
        _run_decode,
    ),
    _suite(
        "apply_l2_transaction",
        L2_STATE_SPEC,
        "An L2 state built from `input.pre`, then apply_l2_transaction of each step's "
        "`args.transaction` (decode_any_l2_transaction); a step's `error` is the receipt's skip "
        "reason (null: applied). `output.receipts` and `output.post` (roots, accounts, "
        "withdrawals) follow; `intermediate.state_roots` are the roots before and after each step.",
        _apply_cases,
        _run_apply,
    ),
    _suite(
        "compute_post_state_root_from_witness",
        L2_STATE_SPEC,
        "compute_post_state_root_from_witness(`input.chain_id`, `input.pre_state_root`, "
        "decode_any_l2_transaction(`input.transaction`), "
        "decode_l2_transaction_witness(`input.witness`)); `output` is the post-state root.",
        _witness_cases,
        _run_witness,
    ),
    _suite(
        "encode_batch",
        BATCHES_SPEC,
        "encode_batch of the signed transactions `input.transactions` (each "
        "encode_signed_l2_transaction) with version `input.version`; `output` is the batch.",
        _encode_batch_cases,
        _run_encode_batch,
        parameters={
            "DEFLATE_WINDOW_BITS": dec(DEFLATE_WINDOW_BITS),
            "DEFLATE_COMPRESSION_LEVEL": dec(DEFLATE_COMPRESSION_LEVEL),
        },
    ),
    _suite(
        "decode_batch",
        BATCHES_SPEC,
        "decode_batch(`input.data`); `output` lists the transactions, each as "
        "encode_signed_l2_transaction; `intermediate.payload` is a version 0x01 batch inflated.",
        _decode_batch_cases,
        _run_decode_batch,
        parameters={
            "MAX_BATCH_DATA_BYTES": dec(MAX_BATCH_DATA_BYTES),
            "MAX_BATCH_PAYLOAD_BYTES": dec(MAX_BATCH_PAYLOAD_BYTES),
        },
    ),
]
