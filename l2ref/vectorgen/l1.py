"""Vector suites for specs/l1/: transactions and blocks in the pre / steps / post form."""

from __future__ import annotations

from dataclasses import replace

from l2ref.crypto.secp256k1 import CURVE_ORDER, PrivateKey, Signature
from l2ref.errors import L2RefError, MalformedVector, StepOutcomeMismatch
from l2ref.l1.chain import (
    EMPTY_LIST_ROOT,
    MAX_FUTURE_DRIFT_SECONDS,
    Block,
    BlockChain,
    ChainConfig,
    compute_transactions_root,
    decode_block,
    encode_block,
    get_head,
    make_genesis,
    state_transition,
)
from l2ref.l1.contracts import encode_method_call
from l2ref.l1.driver import (
    LocalChain,
    build_block,
    compute_account_address,
    get_time,
    mine_block,
    new_local_chain,
    send_deployment,
    send_method_call,
    send_transaction,
    submit_transaction,
)
from l2ref.l1.escrow import ESCROW_CONTRACT, ESCROW_CONTRACT_NAME
from l2ref.l1.gas import BLOCK_GAS_LIMIT, compute_intrinsic_gas
from l2ref.l1.transactions import (
    SignedTransaction,
    Transaction,
    decode_signed_transaction,
    encode_signed_transaction,
    recover_sender,
    sign_transaction,
)
from l2ref.l1.types import BlockNumber, ChainId, Gas, Seconds, Wei
from l2ref.types import Address, Hash32
from l2ref.vectorgen.core import (
    Case,
    JsonObject,
    JsonValue,
    Note,
    Suite,
    dec,
    field_of,
    hex_bytes,
    parse_bytes,
    parse_int,
)
from l2ref.vectorgen.harness import (
    CHAIN_ID,
    ETHER,
    GENESIS_TIME,
    key_from_label,
    receipt_to_json,
    state_to_json,
)

CONTRACTS = {ESCROW_CONTRACT_NAME: ESCROW_CONTRACT}


ALICE = key_from_label("alice")
BOB = key_from_label("bob")
ALICE_ADDRESS = compute_account_address(ALICE)
BOB_ADDRESS = compute_account_address(BOB)
PROPOSER = Address(bytes(19) + b"\xfe")
ALLOCATIONS = {ALICE_ADDRESS: Wei(100 * ETHER), BOB_ADDRESS: Wei(5 * ETHER)}

NOTES = {
    "Revert": Note(
        "FUNCTIONALITY",
        "A valid transaction whose call reverts: the receipt names the error, the nonce and the "
        "gas are spent, every other effect is undone.",
    ),
    "StateUnchanged": Note(
        "SECURITY",
        "An invalid block: the step fails with the named error and `post` is the state before "
        "it (the state root does not move).",
    ),
    "Replay": Note(
        "SECURITY",
        "Replay protection: a transaction signed for another chain, or reusing a nonce.",
    ),
    "Malleability": Note(
        "SECURITY",
        "A high-s signature: valid ECDSA, but not the one canonical form a transaction must use.",
    ),
    "Clock": Note(
        "SECURITY",
        "Timestamps: strictly increasing, and at most MAX_FUTURE_DRIFT_SECONDS ahead of the "
        "node's clock (`args.clock`).",
    ),
}


# ----------------------------------------------------------------------------- building


def _new_local() -> LocalChain:
    config = ChainConfig(CHAIN_ID, CONTRACTS, Gas(BLOCK_GAS_LIMIT))
    return new_local_chain(config, dict(ALLOCATIONS), GENESIS_TIME, PROPOSER)


def _pre() -> JsonObject:
    return {
        "chain_id": dec(CHAIN_ID),
        "contracts": [ESCROW_CONTRACT_NAME],
        "genesis_time": dec(GENESIS_TIME),
        "allocations": [
            {"address": hex_bytes(address), "balance": dec(balance)}
            for address, balance in sorted(ALLOCATIONS.items())
        ],
    }


def _step(block: Block, clock: int, error: str | None = None) -> JsonObject:
    return {
        "call": "state_transition",
        "args": {"block": hex_bytes(encode_block(block)), "clock": dec(clock)},
        "result": "invalid" if error else "valid",
        "error": error,
    }


def _raw_step(data: bytes, clock: int, error: str) -> JsonObject:
    return {
        "call": "state_transition",
        "args": {"block": hex_bytes(data), "clock": dec(clock)},
        "result": "invalid",
        "error": error,
    }


def _history(local: LocalChain) -> list[JsonValue]:
    return [_step(block, block.header.timestamp) for block in local.chain.blocks[1:]]


def _case(
    name: str, local: LocalChain, final: JsonObject | None = None, flags: tuple[str, ...] = ()
) -> Case:
    steps = _history(local)
    if final is not None:
        steps.append(final)
    return Case(name, {"pre": _pre(), "steps": steps}, flags=flags)


def _next_block(local: LocalChain) -> tuple[Block, int]:
    timestamp = Seconds(get_time(local) + 12)
    local.chain.clock = timestamp
    return build_block(local, timestamp), timestamp


def _sign(key: PrivateKey, nonce: int, **changes: object) -> SignedTransaction:
    transaction = Transaction(CHAIN_ID, nonce, Wei(1), Gas(21_000), BOB_ADDRESS, Wei(ETHER), b"")
    return sign_transaction(replace(transaction, **changes), key)  # type: ignore[arg-type]


def _with_transactions(block: Block, transactions: tuple[SignedTransaction, ...]) -> Block:
    header = replace(block.header, transactions_root=compute_transactions_root(transactions))
    return Block(header, transactions)


def _valid_cases() -> list[Case]:
    cases: list[Case] = []
    local = _new_local()
    mine_block(local)
    cases.append(_case("empty_block", local))

    local = _new_local()
    send_transaction(local, ALICE, BOB_ADDRESS, Wei(2 * ETHER), b"")
    mine_block(local)
    cases.append(_case("transfer", local))

    local = _new_local()
    for value in (1, 2, 3):
        send_transaction(local, ALICE, BOB_ADDRESS, Wei(value), b"")
    send_transaction(local, BOB, ALICE_ADDRESS, Wei(ETHER), b"\x00\x01")
    mine_block(local)
    cases.append(_case("several_senders_and_nonces", local))

    local = _new_local()
    escrow = send_deployment(local, ALICE, ESCROW_CONTRACT_NAME, [])
    mine_block(local)
    cases.append(_case("deploy_escrow", local))

    release_time = GENESIS_TIME + 1000
    send_method_call(local, ALICE, escrow, "deposit", [BOB_ADDRESS, release_time], value=Wei(ETHER))
    mine_block(local)
    cases.append(_case("escrow_deposit", local))

    send_method_call(local, BOB, escrow, "release", [1])
    mine_block(local)
    cases.append(_case("escrow_release_too_early_reverts", local, flags=("Revert",)))

    mine_block(local, Seconds(release_time))
    send_method_call(local, BOB, escrow, "release", [1])
    mine_block(local)
    cases.append(_case("escrow_release", local))

    send_method_call(local, BOB, escrow, "release", [1], value=Wei(7))
    send_transaction(local, BOB, escrow, Wei(0), b"\xde\xad\xbe\xef")
    data = encode_method_call(ESCROW_CONTRACT, "deposit", [BOB_ADDRESS, 0])
    nonce = 2 + local.chain.state.accounts[BOB_ADDRESS].nonce
    starved = Transaction(
        CHAIN_ID,
        nonce,
        Wei(1),
        Gas(compute_intrinsic_gas(data, False) + 3_000),
        escrow,
        Wei(ETHER),
        data,
    )
    submit_transaction(local, sign_transaction(starved, BOB))
    mine_block(local)
    cases.append(_case("reverts_not_payable_unknown_method_out_of_gas", local, flags=("Revert",)))
    return cases


def _invalid_cases() -> list[Case]:
    cases: list[Case] = []

    def invalid(
        name: str, local: LocalChain, block: Block, clock: int, error: str, *flags: str
    ) -> None:
        cases.append(_case(name, local, _step(block, clock, error), ("StateUnchanged", *flags)))

    local = _new_local()
    send_transaction(local, ALICE, BOB_ADDRESS, Wei(ETHER), b"")
    mine_block(local)
    good, clock = _next_block(local)
    header = good.header
    invalid(
        "wrong_block_number",
        local,
        Block(replace(header, number=BlockNumber(header.number + 1)), ()),
        clock,
        "WrongBlockNumber",
    )
    invalid(
        "wrong_parent_hash",
        local,
        Block(replace(header, parent_hash=Hash32(b"\x11" * 32)), ()),
        clock,
        "WrongParentHash",
    )
    parent_time = get_head(local.chain).timestamp
    invalid(
        "timestamp_equal_to_parent",
        local,
        Block(replace(header, timestamp=parent_time), ()),
        clock,
        "TimestampNotIncreasing",
        "Clock",
    )
    too_late = Seconds(clock + MAX_FUTURE_DRIFT_SECONDS + 1)
    invalid(
        "timestamp_too_far_in_future",
        local,
        Block(replace(header, timestamp=too_late), ()),
        clock,
        "TimestampTooFarInFuture",
        "Clock",
    )
    invalid(
        "wrong_gas_limit",
        local,
        Block(replace(header, gas_limit=Gas(header.gas_limit + 1)), ()),
        clock,
        "WrongGasLimit",
    )
    invalid(
        "gas_used_above_limit",
        local,
        Block(replace(header, gas_used=Gas(header.gas_limit + 1)), ()),
        clock,
        "WrongGasUsed",
    )

    send_transaction(local, ALICE, BOB_ADDRESS, Wei(ETHER), b"")
    full, clock = _next_block(local)
    fh = full.header
    invalid(
        "wrong_gas_used",
        local,
        Block(replace(fh, gas_used=Gas(fh.gas_used - 1)), full.transactions),
        clock,
        "WrongGasUsed",
    )
    invalid(
        "wrong_transactions_root",
        local,
        Block(replace(fh, transactions_root=EMPTY_LIST_ROOT), full.transactions),
        clock,
        "WrongTransactionsRoot",
    )
    invalid(
        "wrong_receipts_root",
        local,
        Block(replace(fh, receipts_root=EMPTY_LIST_ROOT), full.transactions),
        clock,
        "WrongReceiptsRoot",
    )
    invalid(
        "wrong_state_root",
        local,
        Block(replace(fh, state_root=EMPTY_LIST_ROOT), full.transactions),
        clock,
        "WrongStateRoot",
    )
    local.pending.clear()

    alice_nonce = local.chain.state.accounts[ALICE_ADDRESS].nonce
    # value plus the gas allowance is just above what Bob holds
    bob_balance = local.chain.state.accounts[BOB_ADDRESS].balance
    template, clock = _next_block(local)
    signed = _sign(ALICE, alice_nonce)
    high_s = SignedTransaction(
        signed.transaction,
        Signature(signed.signature.r, CURVE_ORDER - signed.signature.s, 1 - signed.signature.v),
    )
    transaction_cases: list[tuple[str, tuple[SignedTransaction, ...], str, tuple[str, ...]]] = [
        (
            "wrong_chain_id",
            (_sign(ALICE, alice_nonce, chain_id=ChainId(1)),),
            "WrongChainId",
            ("Replay",),
        ),
        ("nonce_too_low", (_sign(ALICE, alice_nonce - 1),), "NonceTooLow", ("Replay",)),
        ("nonce_reused_in_block", (signed, signed), "NonceTooLow", ("Replay",)),
        ("nonce_too_high", (_sign(ALICE, alice_nonce + 1),), "NonceTooHigh", ()),
        ("insufficient_balance", (_sign(BOB, 0, value=bob_balance),), "InsufficientBalance", ()),
        (
            "intrinsic_gas_too_low",
            (_sign(ALICE, alice_nonce, gas_limit=Gas(20_999)),),
            "IntrinsicGasTooLow",
            (),
        ),
        (
            "gas_limit_above_block_limit",
            (_sign(ALICE, alice_nonce, gas_limit=Gas(BLOCK_GAS_LIMIT + 1)),),
            "BlockGasLimitExceeded",
            (),
        ),
        ("high_s_signature", (high_s,), "HighS", ("Malleability",)),
    ]
    for name, transactions, error, flags in transaction_cases:
        invalid(name, local, _with_transactions(template, transactions), clock, error, *flags)

    encoded = encode_block(_with_transactions(template, (signed,)))
    cases.append(
        _case(
            "truncated_block",
            local,
            _raw_step(encoded[:-1], clock, "InvalidOffset"),
            ("StateUnchanged",),
        )
    )
    cases.append(
        _case(
            "trailing_byte",
            local,
            _raw_step(encoded + b"\x00", clock, "InvalidLength"),
            ("StateUnchanged",),
        )
    )
    return cases


# ----------------------------------------------------------------------------- running


def _post(chain: BlockChain) -> JsonObject:
    state = state_to_json(chain.state)
    return {
        "state_root": state["state_root"],
        "head_number": dec(get_head(chain).number),
        "head_hash": hex_bytes(chain.block_hashes[-1]),
        "accounts": state["accounts"],
        "storage": state["storage"],
        "receipts": [receipt_to_json(receipt) for receipt in chain.receipts[-1]],
    }


def _chain_from_pre(pre: JsonValue) -> BlockChain:
    if not isinstance(pre, dict):
        raise MalformedVector("pre must be an object")
    names = field_of(pre, "contracts")
    if not isinstance(names, list) or any(name not in CONTRACTS for name in names):
        raise MalformedVector("pre.contracts must list known contract names")
    config = ChainConfig(
        ChainId(parse_int(field_of(pre, "chain_id"))),
        {str(name): CONTRACTS[str(name)] for name in names},
        Gas(BLOCK_GAS_LIMIT),
    )
    allocations: dict[Address, Wei] = {}
    entries = field_of(pre, "allocations")
    if not isinstance(entries, list):
        raise MalformedVector("pre.allocations must be a list")
    for entry in entries:
        if not isinstance(entry, dict):
            raise MalformedVector("an allocation must be an object")
        address = Address(parse_bytes(field_of(entry, "address")))
        allocations[address] = Wei(parse_int(field_of(entry, "balance")))
    return make_genesis(config, allocations, Seconds(parse_int(field_of(pre, "genesis_time"))))


def _run_state_transition(case_input: JsonObject) -> JsonValue:
    chain = _chain_from_pre(field_of(case_input, "pre"))
    steps = field_of(case_input, "steps")
    if not isinstance(steps, list):
        raise MalformedVector("steps must be a list")
    for number, step in enumerate(steps, start=1):
        if not isinstance(step, dict) or field_of(step, "call") != "state_transition":
            raise MalformedVector(f"step {number} must call state_transition")
        args = field_of(step, "args")
        if not isinstance(args, dict):
            raise MalformedVector(f"step {number}: args must be an object")
        chain.clock = Seconds(parse_int(field_of(args, "clock")))
        error: str | None = None
        try:
            state_transition(chain, decode_block(parse_bytes(field_of(args, "block"))))
        except L2RefError as exc:
            error = type(exc).__name__
        if error != field_of(step, "error"):
            raise StepOutcomeMismatch(f"step {number} ended with {error}")
    return {"post": _post(chain)}


def _run_decode(case_input: JsonObject) -> JsonValue:
    signed = decode_signed_transaction(parse_bytes(field_of(case_input, "data")))
    transaction = signed.transaction
    return {
        "chain_id": dec(transaction.chain_id),
        "nonce": dec(transaction.nonce),
        "gas_price": dec(transaction.gas_price),
        "gas_limit": dec(transaction.gas_limit),
        "to": hex_bytes(transaction.to),
        "value": dec(transaction.value),
        "data": hex_bytes(transaction.data),
        "r": dec(signed.signature.r),
        "s": dec(signed.signature.s),
        "v": dec(signed.signature.v),
        "sender": hex_bytes(recover_sender(signed)),
    }


def _decode_cases() -> list[Case]:
    transfer = _sign(ALICE, 0)
    call = sign_transaction(
        Transaction(CHAIN_ID, 5, Wei(3), Gas(90_000), BOB_ADDRESS, Wei(0), b"\x01\x02\x03\x04"), BOB
    )
    creation = sign_transaction(
        Transaction(CHAIN_ID, 0, Wei(1), Gas(200_000), Address(bytes(20)), Wei(9), b"\x00" * 64),
        ALICE,
    )
    encoded = encode_signed_transaction(transfer)
    high = SignedTransaction(
        transfer.transaction,
        Signature(
            transfer.signature.r, CURVE_ORDER - transfer.signature.s, 1 - transfer.signature.v
        ),
    )
    dirty = bytearray(encoded)
    dirty[1 + 4 * 32 + 2] = 0xFF  # a non-zero byte in the left padding of `to`
    return [
        Case("transfer", {"data": hex_bytes(encoded)}),
        Case("call", {"data": hex_bytes(encode_signed_transaction(call))}),
        Case("creation", {"data": hex_bytes(encode_signed_transaction(creation))}),
        Case("empty", {"data": "0x"}, "InvalidLength"),
        Case(
            "wrong_type_byte", {"data": hex_bytes(b"\x02" + encoded[1:])}, "InvalidTransactionType"
        ),
        Case("truncated", {"data": hex_bytes(encoded[:-1])}, "InvalidLength"),
        Case("trailing_byte", {"data": hex_bytes(encoded + b"\x00")}, "InvalidLength"),
        Case("dirty_address_padding", {"data": hex_bytes(bytes(dirty))}, "NonCanonicalEncoding"),
        Case("v_byte_29", {"data": hex_bytes(encoded[:-1] + b"\x1d")}, "InvalidRecoveryByte"),
        Case("v_byte_0", {"data": hex_bytes(encoded[:-1] + b"\x00")}, "NonCanonicalEncoding"),
        Case(
            "high_s",
            {"data": hex_bytes(encode_signed_transaction(high))},
            "HighS",
            flags=("Malleability",),
        ),
        Case(
            "r_zero",
            {"data": hex_bytes(encoded[:-65] + bytes(32) + encoded[-33:])},
            "SignatureOutOfRange",
        ),
    ]


SUITES = [
    Suite(
        suite="l1/state_transition",
        function="l2ref.l1.chain.state_transition",
        spec="specs/l1/chain.md#state_transition",
        description=(
            "Blocks applied to a chain built from `input.pre` with make_genesis; each step "
            "decodes `args.block` (decode_block) and applies it with the node's clock "
            "`args.clock`, and MUST end with the step's `error` (null: applied). `output.post` "
            "is the chain after the last step.",
        ),
        cases=lambda: _valid_cases() + _invalid_cases(),
        run=_run_state_transition,
        notes=NOTES,
        parameters={
            "BLOCK_GAS_LIMIT": dec(BLOCK_GAS_LIMIT),
            "MAX_FUTURE_DRIFT_SECONDS": dec(MAX_FUTURE_DRIFT_SECONDS),
        },
    ),
    Suite(
        suite="l1/decode_signed_transaction",
        function="l2ref.l1.transactions.decode_signed_transaction",
        spec="specs/l1/transactions.md#decode_signed_transaction",
        description=(
            "decode_signed_transaction(`input.data`) then recover_sender; `output` holds the "
            "fields, the signature and the sender.",
        ),
        cases=_decode_cases,
        run=_run_decode,
        notes=NOTES,
    ),
]
