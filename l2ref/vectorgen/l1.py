"""Vector suites for specs/l1/: transactions and blocks in the pre / steps / post form."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from l2ref.crypto.secp256k1 import CURVE_ORDER, PrivateKey, Signature
from l2ref.errors import L2RefError, StepOutcomeMismatch
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
from l2ref.vectorgen.core import Case, Note, declare
from l2ref.vectorgen.harness import (
    CHAIN_ID,
    ETHER,
    GENESIS_TIME,
    address_from_label,
    key_from_label,
    receipt_to_json,
    state_to_json,
)
from l2ref.vectorgen.values import dec

CONTRACTS = {ESCROW_CONTRACT_NAME: ESCROW_CONTRACT}
ALICE, BOB = key_from_label("alice"), key_from_label("bob")
ALICE_ADDRESS, BOB_ADDRESS = address_from_label("alice"), address_from_label("bob")
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


@dataclass(frozen=True)
class Allocation:
    address: Address
    balance: Wei


@dataclass(frozen=True)
class L1Pre:
    chain_id: ChainId
    contracts: tuple[str, ...]
    genesis_time: Seconds
    allocations: tuple[Allocation, ...]


@dataclass(frozen=True)
class BlockArgs:
    block: bytes
    clock: Seconds


@dataclass(frozen=True)
class BlockStep:
    call: Literal["state_transition"]
    args: BlockArgs
    result: Literal["valid", "invalid"]
    error: str | None


PRE = L1Pre(
    CHAIN_ID,
    (ESCROW_CONTRACT_NAME,),
    GENESIS_TIME,
    tuple(Allocation(address, balance) for address, balance in sorted(ALLOCATIONS.items())),
)


def _new_local() -> LocalChain:
    config = ChainConfig(CHAIN_ID, CONTRACTS, Gas(BLOCK_GAS_LIMIT))
    return new_local_chain(config, dict(ALLOCATIONS), GENESIS_TIME, PROPOSER)


def _step(data: Block | bytes, clock: int, error: str | None = None) -> BlockStep:
    block = data if isinstance(data, bytes) else encode_block(data)
    return BlockStep(
        "state_transition", BlockArgs(block, Seconds(clock)), "invalid" if error else "valid", error
    )


def _case(
    name: str, local: LocalChain, final: BlockStep | None = None, flags: tuple[str, ...] = ()
) -> Case:
    steps = [_step(block, block.header.timestamp) for block in local.chain.blocks[1:]]
    return Case(name, {"pre": PRE, "steps": steps + ([final] if final else [])}, flags=flags)


def _next_block(local: LocalChain) -> tuple[Block, int]:
    timestamp = Seconds(get_time(local) + 12)
    local.chain.clock = timestamp
    return build_block(local, timestamp), timestamp


def _sign(key: PrivateKey, nonce: int, **changes: object) -> SignedTransaction:
    transaction = Transaction(CHAIN_ID, nonce, Wei(1), Gas(21_000), BOB_ADDRESS, Wei(ETHER), b"")
    return sign_transaction(replace(transaction, **changes), key)  # type: ignore[arg-type]


def _high_s(signed: SignedTransaction) -> SignedTransaction:
    r, s, v = signed.signature.r, signed.signature.s, signed.signature.v
    return SignedTransaction(signed.transaction, Signature(r, CURVE_ORDER - s, 1 - v))


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
    local = _new_local()
    send_transaction(local, ALICE, BOB_ADDRESS, Wei(ETHER), b"")
    mine_block(local)
    good, clock = _next_block(local)
    h = good.header
    too_late = Seconds(clock + MAX_FUTURE_DRIFT_SECONDS + 1)
    headers = [
        ("wrong_block_number", replace(h, number=BlockNumber(h.number + 1)), "WrongBlockNumber"),
        ("wrong_parent_hash", replace(h, parent_hash=Hash32(b"\x11" * 32)), "WrongParentHash"),
        (
            "timestamp_equal_to_parent",
            replace(h, timestamp=get_head(local.chain).timestamp),
            "TimestampNotIncreasing",
        ),
        ("timestamp_too_far_in_future", replace(h, timestamp=too_late), "TimestampTooFarInFuture"),
        ("wrong_gas_limit", replace(h, gas_limit=Gas(h.gas_limit + 1)), "WrongGasLimit"),
        ("gas_used_above_limit", replace(h, gas_used=Gas(h.gas_limit + 1)), "WrongGasUsed"),
    ]
    blocks = [(name, Block(header, ()), clock, error) for name, header, error in headers]
    send_transaction(local, ALICE, BOB_ADDRESS, Wei(ETHER), b"")
    full, clock = _next_block(local)
    f = full.header
    headers = [
        ("wrong_gas_used", replace(f, gas_used=Gas(f.gas_used - 1)), "WrongGasUsed"),
        (
            "wrong_transactions_root",
            replace(f, transactions_root=EMPTY_LIST_ROOT),
            "WrongTransactionsRoot",
        ),
        ("wrong_receipts_root", replace(f, receipts_root=EMPTY_LIST_ROOT), "WrongReceiptsRoot"),
        ("wrong_state_root", replace(f, state_root=EMPTY_LIST_ROOT), "WrongStateRoot"),
    ]
    blocks += [
        (name, Block(header, full.transactions), clock, error) for name, header, error in headers
    ]
    cases = [
        _case(
            name,
            local,
            _step(block, at, error),
            ("StateUnchanged", *(("Clock",) if "timestamp" in name else ())),
        )
        for name, block, at, error in blocks
    ]
    local.pending.clear()
    nonce = local.chain.state.accounts[ALICE_ADDRESS].nonce
    # value plus the gas allowance is just above what Bob holds
    bob_balance = local.chain.state.accounts[BOB_ADDRESS].balance
    template, clock = _next_block(local)
    signed = _sign(ALICE, nonce)
    table: list[tuple[str, tuple[SignedTransaction, ...], str, tuple[str, ...]]] = [
        (
            "wrong_chain_id",
            (_sign(ALICE, nonce, chain_id=ChainId(1)),),
            "WrongChainId",
            ("Replay",),
        ),
        ("nonce_too_low", (_sign(ALICE, nonce - 1),), "NonceTooLow", ("Replay",)),
        ("nonce_reused_in_block", (signed, signed), "NonceTooLow", ("Replay",)),
        ("nonce_too_high", (_sign(ALICE, nonce + 1),), "NonceTooHigh", ()),
        ("insufficient_balance", (_sign(BOB, 0, value=bob_balance),), "InsufficientBalance", ()),
        (
            "intrinsic_gas_too_low",
            (_sign(ALICE, nonce, gas_limit=Gas(20_999)),),
            "IntrinsicGasTooLow",
            (),
        ),
        (
            "gas_limit_above_block_limit",
            (_sign(ALICE, nonce, gas_limit=Gas(BLOCK_GAS_LIMIT + 1)),),
            "BlockGasLimitExceeded",
            (),
        ),
        ("high_s_signature", (_high_s(signed),), "HighS", ("Malleability",)),
    ]
    for name, transactions, error, flags in table:
        block = _with_transactions(template, transactions)
        cases.append(_case(name, local, _step(block, clock, error), ("StateUnchanged", *flags)))
    encoded = encode_block(_with_transactions(template, (signed,)))
    for name, data, error in (
        ("truncated_block", encoded[:-1], "InvalidOffset"),
        ("trailing_byte", encoded + b"\x00", "InvalidLength"),
    ):
        cases.append(_case(name, local, _step(data, clock, error), ("StateUnchanged",)))
    return cases


# ----------------------------------------------------------------------------- running


def run_blocks(pre: L1Pre, steps: tuple[BlockStep, ...]) -> Any:
    """The chain of `pre` (make_genesis), then every step's block applied at the step's clock;
    each step MUST end with its `error`. Returns `{"post"}`: the chain after the last step."""
    config = ChainConfig(
        pre.chain_id, {name: CONTRACTS[name] for name in pre.contracts}, Gas(BLOCK_GAS_LIMIT)
    )
    allocations = {entry.address: entry.balance for entry in pre.allocations}
    chain = make_genesis(config, allocations, pre.genesis_time)
    for number, step in enumerate(steps, start=1):
        chain.clock = step.args.clock
        error: str | None = None
        try:
            state_transition(chain, decode_block(step.args.block))
        except L2RefError as exc:
            error = type(exc).__name__
        if error != step.error:
            raise StepOutcomeMismatch(f"step {number} ended with {error}")
    return {"post": _post(chain)}


def _post(chain: BlockChain) -> Any:
    state = state_to_json(chain.state)
    return {
        "state_root": state["state_root"],
        "head_number": dec(get_head(chain).number),
        "head_hash": "0x" + chain.block_hashes[-1].hex(),
        "accounts": state["accounts"],
        "storage": state["storage"],
        "receipts": [receipt_to_json(receipt) for receipt in chain.receipts[-1]],
    }


@dataclass(frozen=True)
class DecodedTransaction:
    chain_id: ChainId
    nonce: int
    gas_price: Wei
    gas_limit: Gas
    to: Address
    value: Wei
    data: bytes
    r: int
    s: int
    v: int
    sender: Address


def decode_transaction(data: bytes) -> DecodedTransaction:
    """decode_signed_transaction(`data`): its fields, its signature and recover_sender."""
    signed = decode_signed_transaction(data)
    t, signature = signed.transaction, signed.signature
    return DecodedTransaction(
        t.chain_id,
        t.nonce,
        t.gas_price,
        t.gas_limit,
        t.to,
        t.value,
        t.data,
        signature.r,
        signature.s,
        signature.v,
        recover_sender(signed),
    )


def _decode_cases() -> list[Case]:
    transfer = _sign(ALICE, 0)
    call = Transaction(CHAIN_ID, 5, Wei(3), Gas(90_000), BOB_ADDRESS, Wei(0), b"\x01\x02\x03\x04")
    creation = Transaction(CHAIN_ID, 0, Wei(1), Gas(200_000), Address(bytes(20)), Wei(9), bytes(64))
    encoded = encode_signed_transaction(transfer)
    dirty = bytearray(encoded)
    dirty[1 + 4 * 32 + 2] = 0xFF  # a non-zero byte in the left padding of `to`
    table: list[tuple[str, bytes, str]] = [
        ("transfer", encoded, "valid"),
        ("call", encode_signed_transaction(sign_transaction(call, BOB)), "valid"),
        ("creation", encode_signed_transaction(sign_transaction(creation, ALICE)), "valid"),
        ("empty", b"", "InvalidLength"),
        ("wrong_type_byte", b"\x02" + encoded[1:], "InvalidTransactionType"),
        ("truncated", encoded[:-1], "InvalidLength"),
        ("trailing_byte", encoded + b"\x00", "InvalidLength"),
        ("dirty_address_padding", bytes(dirty), "NonCanonicalEncoding"),
        ("v_byte_29", encoded[:-1] + b"\x1d", "InvalidRecoveryByte"),
        ("v_byte_0", encoded[:-1] + b"\x00", "NonCanonicalEncoding"),
        ("high_s", encode_signed_transaction(_high_s(transfer)), "HighS"),
        ("r_zero", encoded[:-65] + bytes(32) + encoded[-33:], "SignatureOutOfRange"),
    ]
    return [
        Case(n, {"data": d}, e, ("Malleability",) if n == "high_s" else ()) for n, d, e in table
    ]


SUITES = [
    declare(
        "l1",
        state_transition,
        lambda: _valid_cases() + _invalid_cases(),
        "Blocks applied to a chain built from `input.pre` with make_genesis; each step "
        "decodes `args.block` (decode_block) and applies it with the node's clock "
        "`args.clock`, and MUST end with the step's `error` (null: applied). `output.post` "
        "is the chain after the last step.",
        via=run_blocks,
        notes=NOTES,
        parameters={
            "BLOCK_GAS_LIMIT": dec(BLOCK_GAS_LIMIT),
            "MAX_FUTURE_DRIFT_SECONDS": dec(MAX_FUTURE_DRIFT_SECONDS),
        },
    ),
    declare(
        "l1",
        decode_signed_transaction,
        _decode_cases,
        "decode_signed_transaction(`input.data`) then recover_sender; `output` holds the "
        "fields, the signature and the sender.",
        via=decode_transaction,
        notes=NOTES,
    ),
]
